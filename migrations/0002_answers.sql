-- What lets the database answer queries itself, without sending every matching record back:
-- per-article counts, each entity's place in its article, every entity once with its
-- definition and totals, and its folded names for fuzzy search. Rows pushed before this
-- migration are filled in from their records.

-- An article listing's columns, and which articles a timeline must read.
ALTER TABLE articles
    ADD COLUMN entities integer NOT NULL DEFAULT 0,
    ADD COLUMN mentions integer NOT NULL DEFAULT 0,
    ADD COLUMN events   integer NOT NULL DEFAULT 0;
UPDATE articles SET
    entities = COALESCE(json_array_length(doc::json -> 'entities'), 0),
    mentions = COALESCE(json_array_length(doc::json -> 'mentions'), 0),
    events   = COALESCE(json_array_length(doc::json -> 'events'), 0);
-- Records are mostly text that compresses well; lz4 costs a push far less CPU than the
-- default pglz. A server built without lz4 keeps its default.
DO $$ BEGIN
    EXECUTE 'ALTER TABLE articles ALTER COLUMN doc SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN NULL;
END $$;

-- The entity's place in its article's list: read back in (article, place) order, entities
-- come in the order a file of the same articles gives them (which breaks ties in rankings).
ALTER TABLE article_entities ADD COLUMN ord integer NOT NULL DEFAULT 0;
UPDATE article_entities e SET ord = x.n - 1
    FROM articles a, json_array_elements(a.doc::json -> 'entities') WITH ORDINALITY AS x (v, n)
    WHERE a.id = e.article_id AND x.v ->> 'id' = e.entity;

-- Every entity once: its definition in the first article (by push order) that has it, as a
-- file of the archive would define it, and its totals over all articles, kept up to date by
-- each push. Names and types are looked up here; `entities` reads it without the articles.
CREATE TABLE entities (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    name        text NOT NULL,
    aliases     text[] NOT NULL,
    -- Name and aliases folded as search folds them (case, diacritics): @Name.
    folded      text[] NOT NULL,
    -- Mentions, articles that mention it, and articles that have it (0: the row goes).
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
CREATE INDEX entities_folded ON entities USING gin (folded);
-- type:T compares types as files do, ASCII letters' case aside: this expression, indexed, so
-- the planner also knows how many entities a type has.
CREATE INDEX entities_type ON entities (translate(type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));
-- `entities --limit N` over the whole archive reads the most mentioned first.
CREATE INDEX entities_mentions ON entities (mentions DESC);

-- Fuzzy search reads every folded name and alias: one narrow row each.
-- (No foreign key: a push deletes an entity's forms with it, and the key's trigger would cost
-- every inserted form a lookup.)
CREATE TABLE entity_forms (
    entity  text NOT NULL,
    form    text NOT NULL
);
CREATE INDEX entity_forms_entity ON entity_forms (entity);
INSERT INTO entity_forms SELECT x.id, f FROM entities x, unnest(x.folded) AS f;

-- Every article's events, for the timeline: its order (undated last, then date, end date,
-- title) is made here, and an event id in several articles counts once, in its first place.
CREATE TABLE article_events (
    article_id  text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ord         integer NOT NULL,
    id          text NOT NULL,
    year        bigint,
    month       smallint,
    day         smallint,
    end_year    bigint,
    end_month   smallint,
    end_day     smallint,
    title       text NOT NULL,
    entities    text[] NOT NULL,
    PRIMARY KEY (article_id, ord)
);
INSERT INTO article_events
SELECT a.id, x.n - 1, x.v ->> 'id',
       d[1]::bigint, d[2]::smallint, d[3]::smallint, e[1]::bigint, e[2]::smallint, e[3]::smallint,
       COALESCE(x.v ->> 'title', ''),
       ARRAY(SELECT json_array_elements_text(COALESCE(x.v -> 'entities', '[]'::json)))
FROM articles a,
     json_array_elements(a.doc::json -> 'events') WITH ORDINALITY AS x (v, n),
     regexp_match(x.v ->> 'date', '^([+-]?[0-9]+)(?:-([0-9]+))?(?:-([0-9]+))?$') AS d,
     regexp_match(x.v ->> 'end_date', '^([+-]?[0-9]+)(?:-([0-9]+))?(?:-([0-9]+))?$') AS e
WHERE json_typeof(a.doc::json -> 'events') = 'array';

-- An article's entities are now just which and how often: names and types are the entities'.
DROP INDEX article_entities_type, article_entities_folded;
ALTER TABLE article_entities DROP COLUMN type, DROP COLUMN name, DROP COLUMN folded;
