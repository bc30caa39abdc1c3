//! The questions asked of an archive, answered once: the commands and the explorer ask an
//! [`Archive`] and print or show what it answers; they never compute an answer themselves.
//!
//! Two implementations: [`MemoryArchive`] over a corpus read from files, and [`PgArchive`]
//! over a shared archive in PostgreSQL (which computes the answer where the archive lives).
//! Both give the same rows in the same order; the rules that order and cut them are written
//! once here and used by both.

use std::cmp::Ordering;

use serde::Serialize;

use crate::date::PartialDate;
use crate::model::Entity;
use crate::query::Query;
use crate::search::{FuzzyIndex, matched_form};
use crate::store::StoreError;

mod forms;
mod memory;
mod pg;
mod sql;

pub use memory::MemoryArchive;
pub use pg::PgArchive;

/// An archive of articles that answers the commands' and the explorer's questions.
pub trait Archive: Send + Sync {
    /// The articles that match `query`, newest first (undated last, then by id as bytes), at
    /// most `limit`.
    fn articles(&self, query: &Query, limit: Option<usize>) -> Result<Vec<ArticleRow>, Error>;

    /// How many articles that match `query` have each date (`None`: undated), in no order.
    fn dates(&self, query: &Query) -> Result<Vec<(Option<PartialDate>, usize)>, Error>;

    /// The entities of the articles that match `query` (of type `kind`, ASCII case aside), by
    /// mentions, then name (lowercased), then first appearance; at most `limit`.
    fn entities(&self, query: &Query, kind: Option<&str>, limit: Option<usize>) -> Result<Vec<EntityRow>, Error>;

    /// The entities `entity` names: the one with that id, else every one with that name or
    /// alias (folded, a leading `@` aside); with their mentions and articles in the whole
    /// archive, ranked as [`Archive::entities`] ranks them. Several mean the name is shared.
    fn named(&self, entity: &str) -> Result<Vec<EntityRow>, Error>;

    /// The entities that appear in the articles matching `query` that mention `entity` (an id,
    /// or a name or alias, a leading `@` aside), by how many of those articles, then name and
    /// id; `entity` itself left out; at most `limit`.
    fn related(&self, query: &Query, entity: &str, limit: Option<usize>) -> Result<Vec<RelatedRow>, Error>;

    /// The events of the articles matching `query` in timeline order (undated last, then
    /// date, end date, title), each id once; with `entity` (an id), only those it is in.
    fn timeline(&self, query: &Query, entity: Option<&str>, limit: Option<usize>) -> Result<Vec<EventRow>, Error>;

    /// The entities whose names best match `text` as fuzzy search ranks them, at most `limit`.
    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchRow>, Error>;

    /// The records (JSON Lines, as `export --to jsonl` writes them) of the newest `limit`
    /// articles that match `query`, in [`Archive::articles`]' order: what the explorer opens.
    fn select(&self, query: &Query, limit: usize) -> Result<Selection, Error>;

    /// How many matching articles each period has, from the first to the last.
    fn trend(&self, query: &Query, by: Period) -> Result<Trend, Error> {
        trend(self.dates(query)?, by)
    }
}

/// Why an archive could not answer.
#[derive(Debug)]
pub enum Error {
    /// The database failed (said without the password).
    Store(StoreError),
    /// Records the archive holds could not be read back.
    Records(String),
    /// `related` names an entity nothing has (by id or by name).
    NoSuchEntity(String),
    /// `timeline --entity` names an id no matching article has.
    NoEntityId(String),
    /// `trend` would list more periods than [`MAX_PERIODS`].
    TooManyPeriods {
        /// The first period.
        first: PartialDate,
        /// The last period.
        last: PartialDate,
        /// Their length.
        by: Period,
    },
}

impl Error {
    /// Whether the question itself was wrong (a usage error), not the data or the database.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::NoSuchEntity(_) | Error::NoEntityId(_) | Error::TooManyPeriods { .. })
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(e) => write!(f, "{e}"),
            Error::Records(e) => write!(f, "the archive's records could not be read: {e}"),
            Error::NoSuchEntity(e) => {
                write!(f, "no entity has the id or the name {e:?}; `newslens entities` lists them")
            }
            Error::NoEntityId(id) => write!(f, "no entity with id {id:?}; `newslens entities` lists the ids"),
            Error::TooManyPeriods { first, last, by } => {
                let longer = match by {
                    Period::Day => "count by a longer period (--by month or year), or ",
                    Period::Month => "count by year (--by year), or ",
                    Period::Year => "",
                };
                write!(
                    f,
                    "more than {MAX_PERIODS} periods from {first} to {last}; {longer}count a shorter span (--query 'since:{} until:{}')",
                    last.year - 100,
                    last.year
                )
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        Error::Store(e)
    }
}

/// One line of an article listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRow {
    /// The article's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its date, if it has one.
    pub date: Option<PartialDate>,
    /// How many entities it has.
    pub entities: usize,
    /// How many mentions it has.
    pub mentions: usize,
}

/// An entity with its counts in the articles asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRow {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its other names.
    pub aliases: Vec<String>,
    /// How often it is mentioned.
    pub mentions: usize,
    /// In how many articles.
    pub articles: usize,
}

/// An entity that appears with another, and in how many articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedRow {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// How many of the articles it shares.
    pub articles: usize,
}

/// An event on a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRow {
    /// Its id.
    pub id: String,
    /// When it happened (or began).
    pub date: Option<PartialDate>,
    /// When it ended.
    pub end_date: Option<PartialDate>,
    /// Its title.
    pub title: String,
    /// The ids of the entities involved.
    pub entities: Vec<String>,
    /// Their names, in the same order (the id where the archive has no name for one).
    pub names: Vec<String>,
    /// The article it belongs to; `None` for events of a timeline loaded on its own.
    pub article: Option<String>,
}

/// An entity found by fuzzy search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchRow {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The match's score (higher is better).
    pub score: i64,
    /// The name or alias that matched.
    pub matched: String,
    /// The matched chars' positions in `matched`.
    pub indices: Vec<usize>,
}

/// The articles the explorer opens: the newest matching records, and how many match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// JSON Lines, one article a line.
    pub records: String,
    /// How many articles match in all.
    pub total: usize,
}

/// The length of a period `trend` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
    /// Days.
    Day,
}

impl Period {
    /// "a year", "a month", "a day".
    pub fn phrase(self) -> &'static str {
        match self {
            Period::Year => "a year",
            Period::Month => "a month",
            Period::Day => "a day",
        }
    }

    /// The period of this length that `d` falls in; `None` when `d` is less precise.
    fn of(self, d: PartialDate) -> Option<PartialDate> {
        match self {
            Period::Year => Some(PartialDate { year: d.year, month: None, day: None }),
            Period::Month => d.month.map(|m| PartialDate { year: d.year, month: Some(m), day: None }),
            Period::Day => d.day.map(|_| d),
        }
    }
}

/// How many articles one period has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrendRow {
    /// The period.
    pub period: PartialDate,
    /// Its articles.
    pub articles: usize,
}

/// Articles counted per period, every period from the first to the last (zeros too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trend {
    /// The periods in order.
    pub rows: Vec<TrendRow>,
    /// Articles dated less precisely than a period, not counted.
    pub vague: usize,
    /// Articles without a date, not counted.
    pub undated: usize,
}

/// The most periods `trend` lists.
pub const MAX_PERIODS: usize = 100_000;

/// `dates` (a date and how many articles have it) counted per period of length `by`.
pub fn trend(dates: Vec<(Option<PartialDate>, usize)>, by: Period) -> Result<Trend, Error> {
    let mut counts: std::collections::BTreeMap<PartialDate, usize> = Default::default();
    let mut out = Trend::default();
    for (date, n) in dates {
        match date {
            None => out.undated += n,
            Some(d) => match by.of(d) {
                Some(p) => *counts.entry(p).or_default() += n,
                None => out.vague += n,
            },
        }
    }
    if let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) {
        let mut p = first;
        loop {
            out.rows.push(TrendRow { period: p, articles: counts.get(&p).copied().unwrap_or(0) });
            if p >= last {
                break;
            }
            if out.rows.len() >= MAX_PERIODS {
                return Err(Error::TooManyPeriods { first, last, by });
            }
            p = next_period(p);
        }
    }
    Ok(out)
}

/// The period after `p`, at its precision.
fn next_period(p: PartialDate) -> PartialDate {
    match (p.month, p.day) {
        (None, _) => PartialDate { year: p.year + 1, ..p },
        (Some(12), None) => PartialDate { year: p.year + 1, month: Some(1), day: None },
        (Some(m), None) => PartialDate { month: Some(m + 1), ..p },
        (Some(m), Some(d)) if d < crate::date::days_in_month(p.year, m) => PartialDate { day: Some(d + 1), ..p },
        (Some(12), Some(_)) => PartialDate { year: p.year + 1, month: Some(1), day: Some(1) },
        (Some(m), Some(_)) => PartialDate { month: Some(m + 1), day: Some(1), ..p },
    }
}

/// The order of article listings: newest first; undated last, then by id ([`crate::order::ids`]). The
/// database's `ORDER BY` says the same (see `sql::NEWEST`); the shared test cases hold them to it.
pub fn newest_first(a: (Option<PartialDate>, &str), b: (Option<PartialDate>, &str)) -> Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| crate::order::ids(a.1, b.1)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => crate::order::ids(a.1, b.1),
    }
}

/// Entities (given in first-appearance order) of type `kind` only, ranked by mentions, then
/// lowercased name (stable: first appearance breaks ties), at most `limit`.
fn rank_entities(mut rows: Vec<EntityRow>, kind: Option<&str>, limit: Option<usize>) -> Vec<EntityRow> {
    rows.retain(|r| kind.is_none_or(|k| r.kind.eq_ignore_ascii_case(k)));
    rows.sort_by_cached_key(|r| (std::cmp::Reverse(r.mentions), r.name.to_lowercase()));
    rows.truncate(limit.unwrap_or(usize::MAX));
    rows
}

/// Related entities by articles, then name and id, at most `limit`.
fn rank_related(mut rows: Vec<RelatedRow>, limit: Option<usize>) -> Vec<RelatedRow> {
    rows.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id)));
    rows.truncate(limit.unwrap_or(usize::MAX));
    rows
}

/// The best fuzzy matches for `text` among `entities`, whose mentions are `priority` (equal
/// matches: the more mentioned first).
fn rank_search(entities: &[Entity], priority: &[usize], text: &str, limit: usize) -> Vec<SearchRow> {
    let mut index = FuzzyIndex::entities(entities);
    index.set_priority(priority);
    index
        .search(text, limit)
        .into_iter()
        .map(|h| {
            let e = &entities[h.item];
            SearchRow {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                score: h.score,
                matched: matched_form(e, h.form).to_string(),
                indices: h.indices,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(s).unwrap())
    }

    #[test]
    fn trend_lists_every_period_and_counts_the_rest_apart() {
        let t = trend(vec![(d("2023-11"), 2), (d("2024-01-05"), 1), (d("2023"), 4), (None, 3)], Period::Month).unwrap();
        let got: Vec<(String, usize)> = t.rows.iter().map(|r| (r.period.to_string(), r.articles)).collect();
        assert_eq!(got, [("2023-11".into(), 2), ("2023-12".into(), 0), ("2024-01".into(), 1)]);
        assert_eq!((t.vague, t.undated), (4, 3));
        let days = trend(vec![(d("2024-02-28"), 1), (d("2024-03-01"), 1)], Period::Day).unwrap();
        assert_eq!(days.rows.len(), 3, "2024 is a leap year");
    }

    #[test]
    fn too_many_periods_is_refused() {
        let e = trend(vec![(d("0001"), 1), (d("+200000"), 1)], Period::Year).unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            "more than 100000 periods from 0001 to 200000; count a shorter span (--query 'since:199900 until:200000')"
        );
        let e = trend(vec![(d("1000-01-01"), 1), (d("2023-01-01"), 1)], Period::Day).unwrap_err();
        assert!(
            e.to_string().contains("count by a longer period (--by month or year), or count a shorter span"),
            "{e}"
        );
    }

    #[test]
    fn undated_articles_come_last_then_by_id() {
        let mut v = [(None, "b"), (d("2020"), "z"), (None, "a"), (d("2021"), "y"), (d("2021"), "x")];
        v.sort_by(|a, b| newest_first(*a, *b));
        let ids: Vec<&str> = v.iter().map(|x| x.1).collect();
        assert_eq!(ids, ["x", "y", "z", "a", "b"]);
    }
}
