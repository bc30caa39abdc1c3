-- Indexes in the orders listings are read in, so that the first N of a listing are read
-- from the front of an index instead of sorting every match. Each expression is the one the
-- queries order by (`NEWEST` and `timeline_order` in src/archive/sql.rs; a test checks that
-- they are the same text), or the planner would not use it.

-- Newest first, undated last, then by id with a trailing number as a number.
CREATE INDEX articles_newest ON articles (year DESC NULLS LAST, month DESC NULLS LAST, day DESC NULLS LAST, regexp_replace(id, '[0-9]+$', '') COLLATE "C", length(ltrim(coalesce(substring(id from '[0-9]+$'), ''), '0')), ltrim(coalesce(substring(id from '[0-9]+$'), ''), '0') COLLATE "C", id COLLATE "C");

-- Timeline order: undated last, then date, end date, title as bytes (push order and place in
-- the article, which break the rest of the ties, are sorted within the few equal rows).
CREATE INDEX article_events_timeline ON article_events (((year IS NULL)), year, month NULLS FIRST, day NULLS FIRST, end_year NULLS FIRST, end_month NULLS FIRST, end_day NULLS FIRST, (title COLLATE "C"));
