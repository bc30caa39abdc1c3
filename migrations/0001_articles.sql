-- Articles as newslens writes them (one canonical JSON Lines record each), with the columns
-- queries filter on. The record is the truth: reading it back goes through the same reader as
-- a file, so answers from the database and from files cannot drift apart.
CREATE TABLE articles (
    id          text PRIMARY KEY,
    title       text NOT NULL,
    -- A partial date (2023, 2023-09, 2023-09-11); years of any size, so no SQL date.
    year        bigint,
    month       smallint,
    day         smallint,
    doc         text NOT NULL,
    -- md5 of doc: a push skips articles whose record has not changed.
    hash        text NOT NULL
);
CREATE INDEX articles_date ON articles (year, month, day);

-- Which entities each article mentions, and how often: entity:ID, type:T and related.
CREATE TABLE article_entities (
    article_id  text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity      text NOT NULL,
    type        text NOT NULL,
    name        text NOT NULL,
    mentions    integer NOT NULL,
    PRIMARY KEY (article_id, entity)
);
CREATE INDEX article_entities_entity ON article_entities (entity);
CREATE INDEX article_entities_type ON article_entities (type);
