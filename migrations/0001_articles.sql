-- Articles as newslens writes them (one canonical JSON Lines record each), with the columns
-- queries filter on. The record is the truth: reading it back goes through the same reader as
-- a file, so answers from the database and from files cannot drift apart.
CREATE TABLE articles (
    id          text PRIMARY KEY,
    -- The order articles were first pushed in: read back in it, a corpus lists its entities
    -- (and breaks ties) as the pushed files did.
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    title       text NOT NULL,
    -- A partial date (2023, 2023-09, 2023-09-11); years of any size, so no SQL date.
    year        bigint,
    month       smallint,
    day         smallint,
    doc         text NOT NULL,
    -- The distinct folded words of the text, exactly (no stemming): word terms match them by
    -- prefix through the GIN index.
    words       tsvector NOT NULL,
    -- md5 of doc: a push skips articles whose record has not changed.
    hash        text NOT NULL
);
CREATE INDEX articles_date ON articles (year, month, day);
CREATE INDEX articles_words ON articles USING gin (words);

-- Which entities each article mentions, and how often: entity:ID, type:T and related.
CREATE TABLE article_entities (
    article_id  text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity      text NOT NULL,
    type        text NOT NULL,
    name        text NOT NULL,
    -- The name and aliases folded as search folds them (case, diacritics): @Name.
    folded      text[] NOT NULL,
    mentions    integer NOT NULL,
    PRIMARY KEY (article_id, entity)
);
CREATE INDEX article_entities_entity ON article_entities (entity);
CREATE INDEX article_entities_type ON article_entities (lower(type));
CREATE INDEX article_entities_folded ON article_entities USING gin (folded);
