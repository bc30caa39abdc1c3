-- Fuzzy search reads every folded name and alias: one narrow row each, so the scan that
-- finds the candidates reads little (the entities table carries definitions and totals).
CREATE TABLE entity_forms (
    entity  text NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    form    text NOT NULL
);
CREATE INDEX entity_forms_entity ON entity_forms (entity);
INSERT INTO entity_forms SELECT x.id, f FROM entities x, unnest(x.folded) AS f;

-- `entities --limit N` over the whole archive reads the most mentioned first.
CREATE INDEX entities_mentions ON entities (mentions DESC);
