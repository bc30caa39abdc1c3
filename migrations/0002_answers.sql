-- What lets the database answer queries itself, without sending every matching record back:
-- per-article counts, each entity's position in its article, and every entity's definition
-- and totals. Rows pushed before this migration are filled in from their records.

-- An article listing's columns, and which articles a timeline must read.
ALTER TABLE articles
    ADD COLUMN entities integer NOT NULL DEFAULT 0,
    ADD COLUMN mentions integer NOT NULL DEFAULT 0,
    ADD COLUMN events   integer NOT NULL DEFAULT 0;
UPDATE articles SET
    entities = COALESCE(json_array_length(doc::json -> 'entities'), 0),
    mentions = COALESCE(json_array_length(doc::json -> 'mentions'), 0),
    events   = COALESCE(json_array_length(doc::json -> 'events'), 0);

-- The entity's place in its article's list: read back in (article, place) order, entities
-- come in the order a file of the same articles gives them (which breaks ties in rankings).
ALTER TABLE article_entities ADD COLUMN ord integer NOT NULL DEFAULT 0;
UPDATE article_entities e SET ord = x.n - 1
    FROM articles a, json_array_elements(a.doc::json -> 'entities') WITH ORDINALITY AS x (v, n)
    WHERE a.id = e.article_id AND x.v ->> 'id' = e.entity;

-- Every entity once: its definition in the first article (by push order) that has it, and its
-- totals over all articles, kept up to date by each push. `entities` and `search` read it
-- without touching the articles.
CREATE TABLE entities (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    name        text NOT NULL,
    aliases     text[] NOT NULL,
    -- Name and aliases folded as search folds them; fuzzy search filters on them.
    folded      text[] NOT NULL,
    -- Mentions, articles that mention it, and articles that define it (0: the row goes).
    mentions    bigint NOT NULL,
    articles    bigint NOT NULL,
    refs        bigint NOT NULL,
    -- Where it first appears: the article's seq and its place there.
    first_seq   bigint NOT NULL,
    ord         integer NOT NULL
);
INSERT INTO entities
SELECT DISTINCT ON (e.entity)
       e.entity, e.type, e.name,
       ARRAY(SELECT json_array_elements_text(COALESCE(x.v -> 'aliases', '[]'::json))),
       e.folded, t.mentions, t.articles, t.refs, a.seq, e.ord
FROM article_entities e
JOIN articles a ON a.id = e.article_id
JOIN (SELECT entity, sum(mentions) AS mentions, count(*) FILTER (WHERE mentions > 0) AS articles, count(*) AS refs
      FROM article_entities GROUP BY entity) t ON t.entity = e.entity
LEFT JOIN LATERAL (SELECT v FROM json_array_elements(a.doc::json -> 'entities') AS j (v)
                   WHERE v ->> 'id' = e.entity LIMIT 1) x ON true
ORDER BY e.entity, a.seq;

-- related and search look entities up by folded name or alias.
CREATE INDEX entities_folded ON entities USING gin (folded);
