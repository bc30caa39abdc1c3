-- The indexes a first push into an empty archive drops, to make them again at its end from
-- these definitions (one build each is far cheaper than keeping them up to date row by
-- row). Rows left here belong to a push that was stopped before its end: the next push makes
-- them first.
CREATE TABLE newslens_deferred_indexes (
    name        text PRIMARY KEY,
    definition  text NOT NULL
);
