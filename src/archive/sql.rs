//! The SQL behind [`super::PgArchive`]: the query language as SQL (bind parameters only), and
//! the counts and listings computed by the server so that newslens holds only the answer,
//! never the archive.
//!
//! Every term but a phrase is decided exactly in SQL ([`decides`]); a phrase needs the text,
//! so such queries read the candidate records ([`candidates`]) and finish in memory.

use std::fmt::Write as _;

use postgres::Client;
use postgres::types::ToSql;

use super::{ArticleRow, EventRow};
use crate::date::PartialDate;
use crate::link::name_asked;
use crate::model::Entity;
use crate::query::{Query, Term, first_day, last_day};
use crate::store::StoreError;

/// A bind parameter.
type Param = Box<dyn ToSql + Sync>;

/// A query as a condition on `articles a`, with its parameters; more conditions may be added.
struct Filter {
    sql: String,
    params: Vec<Param>,
}

impl Filter {
    /// `query` as SQL: exact for every term [`decides`] accepts. A phrase becomes its words
    /// (each must be there), a negated phrase nothing: a superset the caller narrows.
    ///
    /// Terms of one kind are asked together (all these ids, none of those words…) with one
    /// array or one tsquery as parameter, so that the SQL and its planning grow with the kinds
    /// of terms, not their number, and no query outgrows the protocol's 65,535 parameters.
    fn of(query: &Query) -> Filter {
        let mut f = Filter { sql: String::new(), params: Vec::new() };
        let mut conditions = Vec::new();
        // (asked, refused) per kind, each value once.
        let mut ids: [Vec<String>; 2] = Default::default();
        let mut words: [Vec<String>; 2] = Default::default();
        let mut names: [Vec<String>; 2] = Default::default();
        let mut types: [Vec<String>; 2] = Default::default();
        let mut seen: rustc_hash::FxHashSet<(usize, usize, String)> = Default::default();
        let mut add = |kind: usize, list: &mut [Vec<String>; 2], k: usize, v: &str| {
            if seen.insert((kind, k, v.to_string())) {
                list[k].push(v.to_string());
            }
        };
        for (negated, term) in &query.terms {
            let k = usize::from(*negated);
            match term {
                Term::EntityId(id) => add(0, &mut ids, k, id),
                Term::Word(w) => add(1, &mut words, k, w),
                Term::Phrase(_) if *negated => {}
                Term::Phrase(ws) => ws.iter().for_each(|w| add(1, &mut words, 0, w)),
                Term::EntityName(name) => add(2, &mut names, k, name),
                Term::Type(kind) => add(3, &mut types, k, &kind.to_ascii_lowercase()),
                Term::Since(d) | Term::Until(d) => {
                    let (op, (y, m, day)) =
                        if matches!(term, Term::Since(_)) { (">", first_day(*d)) } else { ("<", last_day(*d)) };
                    let (y, m, day) = (f.param(y), f.param(i32::from(m)), f.param(i32::from(day)));
                    // An article's date counts from its first day. Written so the date index
                    // serves it: the year alone, or that year and the rest.
                    let test = format!(
                        "a.year {op} {y}::bigint OR (a.year = {y}::bigint
                           AND (COALESCE(a.month, 1)::int, COALESCE(a.day, 1)::int) {op}= ({m}::int, {day}::int))"
                    );
                    // Undated articles match neither, so they match its negation.
                    conditions.push(if *negated {
                        format!("NOT (COALESCE({test}, false))")
                    } else {
                        format!("({test})")
                    });
                }
            }
        }
        let [asked, refused] = ids;
        if !asked.is_empty() {
            let n = asked.len();
            let list = f.param(asked);
            conditions.push(format!(
                "a.id IN (SELECT e.article_id FROM article_entities e WHERE e.mentions > 0 AND e.entity = ANY({list}::text[])
                   GROUP BY e.article_id HAVING count(DISTINCT e.entity) = {n})"
            ));
        }
        if !refused.is_empty() {
            let list = f.param(refused);
            conditions.push(format!("NOT ({})", mentions(&format!("e.entity = ANY({list}::text[])"))));
        }
        let [asked, refused] = words;
        if !asked.is_empty() {
            let q = f.tsquery(&asked, " & ");
            conditions.push(format!("a.words @@ {q}"));
        }
        if !refused.is_empty() {
            let q = f.tsquery(&refused, " | ");
            conditions.push(format!("NOT (a.words @@ {q})"));
        }
        // Names and types: each asked one matched by some entity the article mentions.
        let [asked, refused] = names;
        if !asked.is_empty() {
            let n = asked.len();
            let list = f.param(asked);
            conditions.push(format!(
                "a.id IN (SELECT e.article_id FROM unnest({list}::text[]) n
                   JOIN entities x ON x.folded @> ARRAY[n] JOIN article_entities e ON e.entity = x.id AND e.mentions > 0
                   GROUP BY e.article_id HAVING count(DISTINCT n) = {n})"
            ));
        }
        if !refused.is_empty() {
            let list = f.param(refused);
            conditions.push(format!("NOT ({})", mentions_one_of(&format!("x.folded && {list}::text[]"))));
        }
        let [asked, refused] = types;
        let lower = ascii_lower("x.type");
        if !asked.is_empty() {
            let n = asked.len();
            let list = f.param(asked);
            conditions.push(format!(
                "a.id IN (SELECT e.article_id FROM entities x JOIN article_entities e ON e.entity = x.id AND e.mentions > 0
                   WHERE {lower} = ANY({list}::text[]) GROUP BY e.article_id HAVING count(DISTINCT {lower}) = {n})"
            ));
        }
        if !refused.is_empty() {
            let list = f.param(refused);
            conditions.push(format!("NOT ({})", mentions_one_of(&format!("{lower} = ANY({list}::text[])"))));
        }
        f.sql = if conditions.is_empty() { "true".into() } else { conditions.join(" AND ") };
        f
    }

    /// Adds a parameter; returns its placeholder.
    fn param(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }

    /// A tsquery of words matched by their beginning, each one quoted lexeme, joined by `op`
    /// (`&` all, `|` any), as one parameter.
    fn tsquery(&mut self, words: &[String], op: &str) -> String {
        let lexemes: Vec<String> =
            words.iter().map(|w| format!("'{}':*", w.replace('\\', "\\\\").replace('\'', "''"))).collect();
        format!("({}::text)::tsquery", self.param(balanced(&lexemes, op)))
    }

    /// Runs `sql` with the filter's parameters.
    fn query(&self, client: &mut Client, sql: &str) -> Result<Vec<postgres::Row>, StoreError> {
        let refs: Vec<&(dyn ToSql + Sync)> = self.params.iter().map(|p| p.as_ref()).collect();
        Ok(client.query(sql, &refs)?)
    }
}

/// `items` joined by `op` in a balanced tree of parentheses: PostgreSQL parses and evaluates a
/// tsquery recursively, and a chain of thousands of terms exceeds its stack.
fn balanced(items: &[String], op: &str) -> String {
    match items {
        [one] => one.clone(),
        _ => {
            let (left, right) = items.split_at(items.len() / 2);
            format!("({}{op}{})", balanced(left, op), balanced(right, op))
        }
    }
}

/// `column` with A–Z lowered and nothing else: Rust's `eq_ignore_ascii_case`, in SQL.
fn ascii_lower(column: &str) -> String {
    format!("translate({column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
}

/// The article `a` mentions an entity `e` of which `condition` holds.
fn mentions(condition: &str) -> String {
    format!("EXISTS (SELECT 1 FROM article_entities e WHERE e.article_id = a.id AND e.mentions > 0 AND {condition})")
}

/// The article `a` mentions an entity whose definition `x` meets `condition` (names and
/// types are the archive's, as a file of it would give them).
fn mentions_one_of(condition: &str) -> String {
    format!(
        "a.id IN (SELECT e.article_id FROM article_entities e WHERE e.mentions > 0
                    AND e.entity IN (SELECT x.id FROM entities x WHERE {condition}))"
    )
}

/// Whether the database decides `query` by itself: every term but a phrase (words in a row
/// need the text).
pub(super) fn decides(query: &Query) -> bool {
    !query.terms.iter().any(|(_, t)| matches!(t, Term::Phrase(_)))
}

/// The records of the articles that may match `query`, as JSON Lines in push order; the
/// caller reads them and applies the query itself. With `entity` (an id, or a name as
/// `related` takes it), one article that mentions each entity it names comes too, so that the
/// entity is known however the query narrows. With `events_or`, only articles with events come,
/// or that have the entity with that id (so a timeline knows it).
pub(super) fn candidates(
    client: &mut Client,
    query: &Query,
    entity: Option<&str>,
    events_or: Option<Option<&str>>,
) -> Result<String, StoreError> {
    let mut f = Filter::of(query);
    let mut filter = f.sql.clone();
    if let Some(only) = events_or {
        let having = match only {
            Some(id) => format!(
                " OR EXISTS (SELECT 1 FROM article_entities e WHERE e.article_id = a.id AND e.entity = {})",
                f.param(id.to_string())
            ),
            None => String::new(),
        };
        filter = format!("({filter}) AND (a.events > 0{having})");
    }
    if let Some(e) = entity {
        let (id, name) = (f.param(e.to_string()), f.param(name_asked(e)));
        filter = format!(
            "({filter}) OR a.id IN (SELECT DISTINCT ON (entity) article_id FROM article_entities
               WHERE mentions > 0 AND (entity = {id} OR entity IN (SELECT id FROM entities WHERE folded @> ARRAY[{name}]))
               ORDER BY entity, article_id)"
        );
    }
    let mut out = String::new();
    for row in f.query(client, &format!("SELECT doc FROM articles a WHERE {filter} ORDER BY a.seq"))? {
        out.push_str(row.get::<_, &str>(0));
        out.push('\n');
    }
    Ok(out)
}

/// Newest first, undated last, then by id as `crate::order::ids` orders them (a trailing number
/// as a number): the order of every article listing.
pub(super) const NEWEST: &str = "year DESC NULLS LAST, month DESC NULLS LAST, day DESC NULLS LAST, \
    regexp_replace(id, '[0-9]+$', '') COLLATE \"C\", \
    length(ltrim(coalesce(substring(id from '[0-9]+$'), ''), '0')), \
    ltrim(coalesce(substring(id from '[0-9]+$'), ''), '0') COLLATE \"C\", id COLLATE \"C\"";

/// The articles that match `query`, newest first (undated last, then by id as bytes), at most
/// `limit`.
pub(super) fn articles(
    client: &mut Client,
    query: &Query,
    limit: Option<usize>,
) -> Result<Vec<ArticleRow>, StoreError> {
    let mut f = Filter::of(query);
    let limit = f.param(limit.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX)));
    let sql = format!(
        "SELECT id, title, year, month, day, entities, mentions FROM articles a WHERE {}
         ORDER BY {NEWEST} LIMIT {limit}",
        f.sql
    );
    Ok(f.query(client, &sql)?
        .iter()
        .map(|r| ArticleRow {
            id: r.get(0),
            title: r.get(1),
            date: date(r, 2),
            entities: count(r.get::<_, i32>(5)),
            mentions: count(r.get::<_, i32>(6)),
        })
        .collect())
}

/// The records of the newest `limit` articles that match `query` (in [`articles`]' order), as
/// JSON Lines, and how many match in all.
pub(super) fn newest(client: &mut Client, query: &Query, limit: usize) -> Result<(String, usize), StoreError> {
    let mut f = Filter::of(query);
    // Counted apart: a count over the window made the newest read every matching row (with its
    // record) before the first; the count alone is a scan of the narrow columns, and the
    // listing walks `articles_newest` (at 1,000,000 articles: seconds against 0.14 s).
    let total = f.query(client, &format!("SELECT count(*) FROM articles a WHERE {}", f.sql))?;
    let total = total.first().map_or(0, |r| count(r.get::<_, i64>(0)));
    let limit = f.param(i64::try_from(limit).unwrap_or(i64::MAX));
    let sql = format!("SELECT doc FROM articles a WHERE {} ORDER BY {NEWEST} LIMIT {limit}", f.sql);
    let mut out = String::new();
    for row in f.query(client, &sql)? {
        out.push_str(row.get::<_, &str>(0));
        out.push('\n');
    }
    Ok((out, total))
}

/// How many articles that match `query` have each date (`None`: undated).
pub(super) fn dates(client: &mut Client, query: &Query) -> Result<Vec<(Option<PartialDate>, usize)>, StoreError> {
    let f = Filter::of(query);
    let sql = format!("SELECT year, month, day, count(*) FROM articles a WHERE {} GROUP BY 1, 2, 3", f.sql);
    Ok(f.query(client, &sql)?.iter().map(|r| (date(r, 0), count(r.get::<_, i64>(3)))).collect())
}

/// An entity with its counts.
#[derive(Debug, Clone)]
pub(super) struct Counted {
    /// The entity as first defined.
    pub entity: Entity,
    /// Its mentions.
    pub mentions: usize,
    /// The articles that mention it.
    pub articles: usize,
}

impl From<Counted> for super::EntityRow {
    fn from(c: Counted) -> super::EntityRow {
        super::EntityRow {
            id: c.entity.id,
            name: c.entity.name,
            kind: c.entity.kind,
            aliases: c.entity.aliases,
            mentions: c.mentions,
            articles: c.articles,
        }
    }
}

/// The entities of the articles that match `query`, with their mentions and articles there, in
/// the order a file of those articles lists them (by first appearance). Over the whole archive,
/// with `top`, only the `top` most mentioned of type `kind` (ASCII case aside) and those tied
/// with the last of them: enough to rank by mentions, then name, exactly.
pub(super) fn entities(
    client: &mut Client,
    query: &Query,
    kind: Option<&str>,
    top: Option<usize>,
) -> Result<Vec<Counted>, StoreError> {
    if query.is_empty() {
        // The whole archive: the totals each push keeps.
        let mut f = Filter { sql: "true".into(), params: Vec::new() };
        if let Some(k) = kind {
            f.sql = format!("{} = {}", ascii_lower("type"), f.param(k.to_ascii_lowercase()));
        }
        let mut sql = format!("SELECT id, type, name, aliases, mentions, articles FROM entities x WHERE {}", f.sql);
        if let Some(n) = top.filter(|&n| n > 0) {
            let offset = f.param(i64::try_from(n - 1).unwrap_or(i64::MAX));
            let _ = write!(
                sql,
                " AND mentions >= COALESCE((SELECT mentions FROM entities WHERE {} ORDER BY mentions DESC OFFSET {offset} LIMIT 1), 0)",
                f.sql
            );
        }
        sql.push_str(" ORDER BY first_seq, ord");
        return Ok(f.query(client, &sql)?.iter().map(counted).collect());
    }
    let mut f = Filter::of(query);
    let of_kind = match kind {
        Some(k) => format!(
            "JOIN entities k ON k.id = e.entity AND {} = {}",
            ascii_lower("k.type"),
            f.param(k.to_ascii_lowercase())
        ),
        None => String::new(),
    };
    let cut = top_with_ties(&mut f, top, "mentions");
    // First appearance: the least (article seq, place in it), packed in one bigint.
    let sql = format!(
        "WITH c AS (SELECT e.entity, sum(e.mentions)::bigint AS mentions, count(*) FILTER (WHERE e.mentions > 0) AS articles,
                           min(a.seq * 1048576 + least(e.ord, 1048575)) AS first
                    FROM articles a JOIN article_entities e ON e.article_id = a.id {of_kind} WHERE {} GROUP BY e.entity)
         SELECT c.entity, c.mentions, c.articles FROM c WHERE {cut} ORDER BY c.first",
        f.sql
    );
    let rows = f.query(client, &sql)?;
    let counts = rows.iter().map(|r| (r.get::<_, String>(0), count(r.get::<_, i64>(1)), count(r.get::<_, i64>(2))));
    with_definitions(client, counts.collect())
}

/// (entity id, mentions, articles) with each entity's definition, in the order given. The
/// definitions are read by id apart: a join would make the planner hash every entity for a
/// handful of rows.
fn with_definitions(client: &mut Client, counts: Vec<(String, usize, usize)>) -> Result<Vec<Counted>, StoreError> {
    let ids: Vec<&str> = counts.iter().map(|c| c.0.as_str()).collect();
    let mut defined: rustc_hash::FxHashMap<String, Entity> = client
        .query("SELECT id, type, name, aliases, 0::bigint, 0::bigint FROM entities x WHERE id = ANY($1)", &[&ids])?
        .iter()
        .map(|r| {
            let c = counted(r);
            (c.entity.id.clone(), c.entity)
        })
        .collect();
    Ok(counts
        .into_iter()
        .filter_map(|(id, mentions, articles)| defined.remove(&id).map(|entity| Counted { entity, mentions, articles }))
        .collect())
}

/// A condition on the rows of `c` that keeps the `top` highest by `column` and every row tied
/// with the last of them (all rows without `top`): enough for the caller's exact ranking.
fn top_with_ties(f: &mut Filter, top: Option<usize>, column: &str) -> String {
    match top.filter(|&n| n > 0) {
        Some(n) => {
            let offset = f.param(i64::try_from(n - 1).unwrap_or(i64::MAX));
            format!(
                "c.{column} >= COALESCE((SELECT {column} FROM c ORDER BY {column} DESC OFFSET {offset} LIMIT 1), 0)"
            )
        }
        None => "true".into(),
    }
}

/// The ids of the entities `related` means by `entity` (see [`named`]).
pub(super) fn resolve(client: &mut Client, entity: &str) -> Result<Vec<String>, StoreError> {
    Ok(named(client, entity)?.into_iter().map(|c| c.entity.id).collect())
}

/// The entities `entity` means: the one with that id, or else every one with that name or
/// alias (folded, a leading `@` aside), in the archive's order, with the totals each push keeps.
pub(super) fn named(client: &mut Client, entity: &str) -> Result<Vec<Counted>, StoreError> {
    let columns = "id, type, name, aliases, mentions, articles";
    let by_id = client.query(&format!("SELECT {columns} FROM entities WHERE id = $1"), &[&entity])?;
    if !by_id.is_empty() {
        return Ok(by_id.iter().map(counted).collect());
    }
    let sql = format!("SELECT {columns} FROM entities WHERE folded @> ARRAY[$1] ORDER BY first_seq, ord");
    Ok(client.query(&sql, &[&name_asked(entity)])?.iter().map(counted).collect())
}

/// The entities mentioned in the articles that match `query` and mention one of `wanted`,
/// with how many of those articles mention each; `wanted` themselves left out. With `top`,
/// only the `top` most frequent and those tied with the last of them. Unordered.
pub(super) fn related(
    client: &mut Client,
    query: &Query,
    wanted: &[String],
    top: Option<usize>,
) -> Result<Vec<(Entity, usize)>, StoreError> {
    let mut f = Filter::of(query);
    let w = f.param(wanted.to_vec());
    let cut = top_with_ties(&mut f, top, "n");
    let sql = format!(
        "WITH m AS (SELECT a.id FROM articles a WHERE a.id IN (SELECT w.article_id FROM article_entities w
                      WHERE w.mentions > 0 AND w.entity = ANY({w})) AND ({})),
         c AS (SELECT e.entity, count(*) AS n FROM article_entities e JOIN m ON e.article_id = m.id
               WHERE e.mentions > 0 AND e.entity NOT IN (SELECT unnest({w}::text[])) GROUP BY e.entity)
         SELECT c.entity, c.n FROM c WHERE {cut}",
        f.sql
    );
    let rows = f.query(client, &sql)?;
    let counts = rows.iter().map(|r| (r.get::<_, String>(0), count(r.get::<_, i64>(1)), 0));
    Ok(with_definitions(client, counts.collect())?.into_iter().map(|c| (c.entity, c.mentions)).collect())
}

/// The timeline order (undated last, then date, end date, title as bytes: a file's), then
/// push order and place in the article, over the columns of `t`.
fn timeline_order(t: &str) -> String {
    format!(
        "({t}.year IS NULL), {t}.year, {t}.month NULLS FIRST, {t}.day NULLS FIRST, {t}.end_year NULLS FIRST,
         {t}.end_month NULLS FIRST, {t}.end_day NULLS FIRST, {t}.title COLLATE \"C\", {t}.seq, {t}.ord"
    )
}

/// The events of the articles that match `query`, in timeline order, each id once (where it
/// first comes); with `entity`, only those it is in, and `None` when no matching article has
/// that entity; at most `limit`.
pub(super) fn timeline(
    client: &mut Client,
    query: &Query,
    entity: Option<&str>,
    limit: Option<usize>,
) -> Result<Option<Vec<EventRow>>, StoreError> {
    let mut f = Filter::of(query);
    let mut only = String::new();
    if let Some(e) = entity {
        let e = f.param(e.to_string());
        let known = format!(
            "SELECT EXISTS (SELECT 1 FROM articles a JOIN article_entities e ON e.article_id = a.id WHERE ({}) AND e.entity = {e})",
            f.sql
        );
        if !f.query(client, &known)?.first().is_some_and(|r| r.get::<_, bool>(0)) {
            return Ok(None);
        }
        only = format!("WHERE {e} = ANY(t.entities)");
    }
    let names = "ARRAY(SELECT COALESCE(x.name, u.id) FROM unnest(t.entities) WITH ORDINALITY u(id, n)
                      LEFT JOIN entities x ON x.id = u.id ORDER BY u.n)";
    let columns = "t.id, t.year, t.month, t.day, t.end_year, t.end_month, t.end_day, t.title, t.entities, t.article_id";
    let (by_event, by_row) = (timeline_order("v").replace("v.seq", "a.seq"), timeline_order("t"));
    let rows = match limit {
        // The first `n` in timeline order, read from the front of the timeline index (which
        // the planner takes when few are asked of many): events are read in order and each id
        // kept where it first comes, asking for more while repeated ids leave fewer than `n`.
        Some(n) if entity.is_none() => {
            // Events are dated much as their articles are, which the planner does not know:
            // under a date term it would walk the index through all the events outside the
            // dates. The matching articles are found first then, and their events sorted.
            let dated = query.terms.iter().any(|(_, t)| matches!(t, Term::Since(_) | Term::Until(_)));
            let articles = if dated {
                format!("(WITH m AS MATERIALIZED (SELECT a.id, a.seq FROM articles a WHERE {}) SELECT * FROM m)", f.sql)
            } else {
                format!("(SELECT a.id, a.seq FROM articles a WHERE {})", f.sql)
            };
            let want = f.param(0i64);
            let sql = format!(
                "SELECT {columns}, {names} FROM (SELECT v.*, a.seq FROM {articles} a JOIN article_events v ON v.article_id = a.id
                                      ORDER BY {by_event} LIMIT {want}) t ORDER BY {by_row}"
            );
            let mut asked = n.saturating_mul(2).max(16);
            loop {
                *f.params.last_mut().expect("the limit was added") = Box::new(i64::try_from(asked).unwrap_or(i64::MAX));
                let rows = f.query(client, &sql)?;
                let mut seen = rustc_hash::FxHashSet::default();
                let read = rows.len();
                let first: Vec<postgres::Row> =
                    rows.into_iter().filter(|r| seen.insert(r.get::<_, String>(0))).take(n).collect();
                if first.len() == n || read < asked {
                    break first;
                }
                asked = asked.saturating_mul(8);
            }
        }
        _ => {
            let limit = f.param(limit.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX)));
            let sql = format!(
                "WITH t AS (SELECT DISTINCT ON (v.id) v.*, a.seq FROM articles a JOIN article_events v ON v.article_id = a.id
                            WHERE {} ORDER BY v.id, {by_event})
                 SELECT {columns}, {names} FROM t {only} ORDER BY {by_row} LIMIT {limit}",
                f.sql,
            );
            f.query(client, &sql)?
        }
    };
    Ok(Some(
        rows.iter()
            .map(|r| EventRow {
                id: r.get(0),
                date: date(r, 1),
                end_date: date(r, 4),
                title: r.get(7),
                entities: r.get(8),
                names: r.get(10),
                article: Some(r.get(9)),
            })
            .collect(),
    ))
}

/// The entities a fuzzy search for the folded query `q` (not empty) may rank among its first
/// `limit`, with their mentions, in the archive's order: ranking them finds what ranking every
/// entity would.
///
/// The candidates are the names and aliases that hold every character of `q` in order (the
/// matcher's own first test), scored here as the matcher scores them; an entity ranks by its
/// best name, so only entities with a name at or before the `limit`-th entity's (by score,
/// then length, ties included) can be among the first `limit`, and only those are read in full.
pub(super) fn search_candidates(client: &mut Client, q: &str, limit: usize) -> Result<Vec<Counted>, StoreError> {
    let mut pattern = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
        pattern.push('%');
    }
    // Read as they come, keeping only the best names: a short query matches most of them.
    let mut names = BestNames::new(q, limit);
    let mut rows = client
        .query_raw("SELECT entity, form FROM entity_forms WHERE form LIKE $1", [&pattern as &(dyn ToSql + Sync)])?;
    while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
        names.add(r.get(1), || r.get(0));
    }
    drop(rows);
    counted_entities(client, &names.entities())
}

/// The entities `ids`, with their totals, in the archive's order.
pub(super) fn counted_entities(client: &mut Client, ids: &[String]) -> Result<Vec<Counted>, StoreError> {
    let sql =
        "SELECT id, type, name, aliases, mentions, articles FROM entities x WHERE id = ANY($1) ORDER BY first_seq, ord";
    Ok(client.query(sql, &[&ids])?.iter().map(counted).collect())
}

/// Names streaming past a fuzzy search for the folded query `q`: the entities whose names may
/// rank among the first `limit`, scored as the matcher scores them.
struct BestNames<'q> {
    q: &'q str,
    scorer: crate::search::Scorer,
    best: Best,
}

impl<'q> BestNames<'q> {
    /// None seen yet.
    fn new(q: &'q str, limit: usize) -> BestNames<'q> {
        BestNames { q, scorer: crate::search::Scorer::default(), best: Best::new(limit) }
    }

    /// Takes in `form`, a folded name of the entity `entity` gives (asked only if it is kept).
    fn add(&mut self, form: &str, entity: impl FnOnce() -> String) {
        if let Some(score) = crate::search::score(&mut self.scorer, form, self.q) {
            let chars = u32::try_from(form.chars().count()).unwrap_or(u32::MAX);
            self.best.add(crate::search::name_rank(score, chars), entity);
        }
    }

    /// The entities kept.
    fn entities(self) -> Vec<String> {
        self.best.entities()
    }
}

/// A name's rank, as fuzzy search ranks names.
type NameKey = crate::search::NameRank;

/// The entities whose names rank best, kept while names stream in: every name at or before
/// the key by which `limit` distinct entities are reached (ties included). Pruned now and then
/// (sorting what is kept), so memory stays near what is kept, whatever streams past.
struct Best {
    limit: usize,
    kept: Vec<(NameKey, String)>,
    /// Names ranked after this cannot be among the first `limit` entities.
    cut: Option<NameKey>,
    /// Prune when this many names are kept.
    bound: usize,
}

impl Best {
    fn new(limit: usize) -> Best {
        Best { limit, kept: Vec::new(), cut: None, bound: 4096 + limit.saturating_mul(2) }
    }

    /// Takes in a name of `entity` ranked `key`.
    fn add(&mut self, key: NameKey, entity: impl FnOnce() -> String) {
        if self.cut.is_some_and(|c| key > c) {
            return;
        }
        self.kept.push((key, entity()));
        if self.kept.len() >= self.bound {
            self.prune();
            self.bound = self.bound.max(self.kept.len().saturating_mul(2));
        }
    }

    /// Keeps the names up to the `limit`-th distinct entity's key, ties included.
    fn prune(&mut self) {
        self.kept.sort_unstable();
        let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
        let mut cut = None;
        for (key, entity) in &self.kept {
            if cut.is_some_and(|c| *key > c) {
                break;
            }
            seen.insert(entity);
            if cut.is_none() && seen.len() >= self.limit {
                cut = Some(*key);
            }
        }
        if let Some(c) = cut {
            let end = self.kept.partition_point(|(k, _)| *k <= c);
            self.kept.truncate(end);
            self.cut = Some(c);
        }
    }

    /// The entities kept.
    fn entities(mut self) -> Vec<String> {
        self.prune();
        let set: rustc_hash::FxHashSet<String> = self.kept.into_iter().map(|(_, e)| e).collect();
        set.into_iter().collect()
    }
}

/// A row of (id, type, name, aliases, mentions, articles).
fn counted(r: &postgres::Row) -> Counted {
    Counted {
        entity: Entity {
            id: r.get(0),
            kind: r.get(1),
            name: r.get(2),
            aliases: r.get(3),
            description: None,
            links: Default::default(),
        },
        mentions: count(r.get::<_, i64>(4)),
        articles: count(r.get::<_, i64>(5)),
    }
}

/// The date in columns `at`.. (year, month, day).
fn date(r: &postgres::Row, at: usize) -> Option<PartialDate> {
    let year: Option<i64> = r.get(at);
    let (month, day): (Option<i16>, Option<i16>) = (r.get(at + 1), r.get(at + 2));
    year.map(|year| PartialDate {
        year,
        month: month.and_then(|m| u8::try_from(m).ok()),
        day: day.and_then(|d| u8::try_from(d).ok()),
    })
}

/// A count from the database, which never holds a negative one.
fn count(n: impl TryInto<usize>) -> usize {
    n.try_into().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_order_indexes_are_on_the_orders_the_queries_ask_for() {
        // The planner reads a listing from an index only when the ORDER BY is the indexed
        // expression itself; a change to one must be made to the other.
        let migration = include_str!("../../migrations/0003_orders.sql");
        let bare =
            |sql: &str| sql.chars().filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')')).collect::<String>();
        let index = |name: &str| {
            let line = migration.lines().find(|l| l.contains(&format!("CREATE INDEX {name} "))).expect("the index");
            let columns = &line[line.find(" (").expect("columns") + 2..line.rfind(");").expect("end")];
            bare(columns)
        };
        assert_eq!(index("articles_newest"), bare(NEWEST));
        let timeline = bare(&timeline_order("v")).replace("v.", "");
        assert_eq!(format!("{},seq,ord", index("article_events_timeline")), timeline);
    }

    /// The SQL of a query does not grow with the number of its terms, only with their kinds:
    /// its planning stays the same whatever the number (it grew faster than the terms when
    /// each was a subquery of its own).
    #[test]
    fn many_terms_of_a_kind_are_one_condition_and_one_parameter() {
        let filter = |n: usize| {
            let terms: Vec<String> = (0..n)
                .flat_map(|k| {
                    [format!("entity:x{k}"), format!("-entity:y{k}"), format!("@n{k}"), format!("-@m{k}")]
                        .into_iter()
                        .chain([format!("type:t{k}"), format!("-type:u{k}"), format!("w{k}"), format!("-v{k}")])
                })
                .collect();
            Filter::of(&Query::parse(&terms.join(" ")).unwrap())
        };
        let (few, many) = (filter(3), filter(3000));
        assert_eq!(few.sql, many.sql.replace("= 3000)", "= 3)"));
        assert_eq!((few.params.len(), many.params.len()), (8, 8));
    }

    use super::*;

    /// What `Best` must keep, found the slow way: every entity with a name at or before the
    /// key by which `limit` distinct entities are reached.
    fn expected(names: &[(NameKey, String)], limit: usize) -> Vec<String> {
        let mut sorted = names.to_vec();
        sorted.sort();
        let mut seen = Vec::new();
        let mut cut = None;
        for (k, e) in &sorted {
            if cut.is_some_and(|c| *k > c) {
                break;
            }
            if !seen.contains(e) {
                seen.push(e.clone());
            }
            if cut.is_none() && seen.len() >= limit {
                cut = Some(*k);
            }
        }
        seen.sort();
        seen
    }

    #[test]
    fn the_best_names_are_kept_however_they_stream_in() {
        let mut state = 7u64;
        let mut next = move |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for round in 0..200 {
            let limit = 1 + (round % 7) as usize;
            let names: Vec<(NameKey, String)> = (0..next(60))
                .map(|_| (crate::search::name_rank(next(5) as i64, next(3) as u32), format!("e{}", next(12))))
                .collect();
            let mut best = Best::new(limit);
            best.bound = 1 + (round % 5) as usize;
            for (k, e) in &names {
                best.add(*k, || e.clone());
            }
            let mut got = best.entities();
            got.sort();
            assert_eq!(got, expected(&names, limit), "round {round}");
        }
    }
}
