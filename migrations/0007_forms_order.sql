-- A client's copy of the names (migration 6) also keeps each entity's place in the order fuzzy
-- search breaks ties in (mentions, then first appearance), so the copy alone decides which
-- of thousands of entities named alike a search shows. That order changes with `entities`:
-- every statement that changes it moves the version too.
CREATE TRIGGER entities_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entities
    FOR EACH STATEMENT EXECUTE FUNCTION newslens_forms_changed();
