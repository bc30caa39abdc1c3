-- Fuzzy search over an archive reads every folded name. A client may keep a copy of them and
-- read them again only when `version` has moved: every statement that changes `entity_forms`
-- moves it (a trigger, so that no writer can forget). `archive` is random: it tells one
-- archive's copies from another's.
CREATE TABLE newslens_forms (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    archive  text NOT NULL,
    version  bigint NOT NULL
);
INSERT INTO newslens_forms VALUES (true, md5(random()::text || clock_timestamp()::text), 0);
CREATE FUNCTION newslens_forms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %I.newslens_forms SET version = version + 1', TG_TABLE_SCHEMA);
    RETURN NULL;
END $$;
CREATE TRIGGER forms_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entity_forms
    FOR EACH STATEMENT EXECUTE FUNCTION newslens_forms_changed();
