//! One query language for the command line and the explorer: which articles speak of what,
//! when, with which words.
//!
//! A query is terms separated by spaces, all of which must hold:
//! `word` (a word of the text begins with it, folded as search folds), `"two words"` (those
//! words in a row), `entity:ID`, `entity:"Name"` or `@Name` (an entity by id, or by a name or
//! alias), `type:ORG`, `since:DATE`, `until:DATE` (the article's date, inclusive at the given
//! precision), and `-term` for the opposite of any of them.

pub mod text_index;

use std::fmt;

use crate::date::PartialDate;
use crate::model::{Article, Corpus};
use crate::search::fold::fold_text;
pub use text_index::TextIndex;

/// A parsed query: every term must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The terms, each with whether it is negated.
    pub terms: Vec<(bool, Term)>,
}

/// One condition on an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    /// A word of the text begins with this (folded).
    Word(String),
    /// These words in a row, each matched as a [`Term::Word`].
    Phrase(Vec<String>),
    /// The article mentions the entity with this id.
    EntityId(String),
    /// The article mentions an entity whose name or an alias folds to this.
    EntityName(String),
    /// The article mentions an entity of this type (case aside).
    Type(String),
    /// The article's date is on or after the start of this period.
    Since(PartialDate),
    /// The article's date is on or before the end of this period.
    Until(PartialDate),
}

/// A query that could not be read: where (1-based column, in chars) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The column the problem starts at.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query:1:{}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// The words of `text` for matching: maximal runs of letters and digits, folded. A run that
/// folds to nothing (a combining mark alone, such as U+0345) is no word: it would match every
/// text, and the database cannot index it.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold_word).filter(|w| !w.is_empty())
}

/// The longest word a query may search for, in bytes folded: the database's limit for a word.
pub const MAX_WORD: usize = 2047;

/// A word folded as search folds (case, diacritics, compatibility forms).
pub fn fold_word(w: &str) -> String {
    if w.is_ascii() { w.to_ascii_lowercase() } else { fold_text(w) }
}

impl Query {
    /// Reads a query; the error points at the column of the problem.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let chars: Vec<char> = input.chars().collect();
        let mut terms = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            let negated = chars[i] == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace();
            if negated {
                i += 1;
            }
            let (term, next) = term(&chars, i, start)?;
            i = next;
            // A term said twice asks nothing more: it is asked once (the database's SQL then
            // grows with the distinct terms only).
            if !seen.insert((negated, term.clone())) {
                continue;
            }
            terms.push((negated, term));
        }
        Ok(Query { terms })
    }

    /// Whether the query has no terms (then every article matches).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether any term needs the words of the texts (a [`TextIndex`]).
    pub fn needs_text(&self) -> bool {
        self.terms.iter().any(|(_, t)| matches!(t, Term::Word(_) | Term::Phrase(_)))
    }

    /// The articles of `corpus` that match, in corpus order. `text` must be given when
    /// [`Query::needs_text`].
    pub fn articles(&self, corpus: &Corpus, text: Option<&TextIndex>) -> Vec<usize> {
        let n = corpus.articles.len();
        let mut keep = vec![true; n];
        // Each text is folded into words at most once per query, however many phrases ask.
        let mut folded: Vec<Option<Vec<String>>> = vec![None; n];
        for (negated, term) in &self.terms {
            let hits = self.term_articles(term, corpus, text, &mut folded);
            for (a, k) in keep.iter_mut().enumerate() {
                *k &= hits[a] != *negated;
            }
        }
        (0..n).filter(|&a| keep[a]).collect()
    }

    /// Per article, whether `term` holds.
    fn term_articles(
        &self,
        term: &Term,
        corpus: &Corpus,
        text: Option<&TextIndex>,
        folded: &mut [Option<Vec<String>>],
    ) -> Vec<bool> {
        let n = corpus.articles.len();
        let by_article = |f: &dyn Fn(&Article) -> bool| corpus.articles.iter().map(f).collect::<Vec<bool>>();
        match term {
            Term::Word(w) => text.map_or_else(|| vec![false; n], |t| t.prefix(w, n)),
            Term::Phrase(ws) => match text {
                Some(t) => {
                    // Articles with every word, then the words in a row checked in the text.
                    let mut cand = vec![true; n];
                    for w in ws {
                        let hits = t.prefix(w, n);
                        for (c, h) in cand.iter_mut().zip(hits) {
                            *c &= h;
                        }
                    }
                    for (a, c) in cand.iter_mut().enumerate() {
                        *c = *c && {
                            let words = folded[a].get_or_insert_with(|| words(&corpus.articles[a].text).collect());
                            has_phrase(words, ws)
                        };
                    }
                    cand
                }
                None => vec![false; n],
            },
            Term::EntityId(id) => match corpus.entity_index(id) {
                Some(e) => by_article(&|a| a.mentions.iter().any(|m| m.entity == e)),
                None => vec![false; n],
            },
            Term::EntityName(name) => {
                let mut wanted = vec![false; corpus.entities.len()];
                for (i, e) in corpus.entities.iter().enumerate() {
                    wanted[i] = crate::link::is_called(e, name);
                }
                by_article(&|a| a.mentions.iter().any(|m| wanted[m.entity]))
            }
            Term::Type(kind) => {
                let wanted: Vec<bool> = corpus.entities.iter().map(|e| e.kind.eq_ignore_ascii_case(kind)).collect();
                by_article(&|a| a.mentions.iter().any(|m| wanted[m.entity]))
            }
            Term::Since(d) => by_article(&|a| a.date.is_some_and(|x| first_day(x) >= first_day(*d))),
            Term::Until(d) => by_article(&|a| a.date.is_some_and(|x| first_day(x) <= last_day(*d))),
        }
    }
}

/// The first day of a date's period, as (year, month, day).
pub fn first_day(d: PartialDate) -> (i64, u8, u8) {
    (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// The last day of a date's period, as (year, month, day); days past a month's end compare
/// the same as its last day.
pub fn last_day(d: PartialDate) -> (i64, u8, u8) {
    (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31))
}

/// Whether `words` (a text's, folded) hold `phrase` in a row, each word of the text beginning
/// with the phrase's word at the same place.
fn has_phrase(words: &[String], phrase: &[String]) -> bool {
    words.windows(phrase.len()).any(|w| w.iter().zip(phrase).all(|(t, p)| t.starts_with(p.as_str())))
}

/// The query language's fields.
const FIELDS: [&str; 5] = ["entity", "id", "type", "since", "until"];

/// How many one-letter edits (insert, delete, replace) turn `a` into `b`; fields are short.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.to_lowercase().chars().collect(), b.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Reads one term starting at `i` (after a `-`); `start` is where the term (with its `-`)
/// began. Returns the term and where reading goes on.
fn term(chars: &[char], i: usize, start: usize) -> Result<(Term, usize), QueryError> {
    let col = |at: usize| at + 1;
    let err = |at: usize, message: String| Err(QueryError { column: col(at), message });
    if chars[i] == '"' {
        let (text, next) = quoted(chars, i)?;
        let ws: Vec<String> = words(&text).collect();
        if let Some(long) = ws.iter().find(|w| w.len() > MAX_WORD) {
            return err(
                i,
                format!("a word of {} bytes; words of more than {MAX_WORD} bytes are not searched", long.len()),
            );
        }
        return match ws.len() {
            0 => err(i, "an empty phrase; put words between the quotes".into()),
            1 => Ok((Term::Word(ws.into_iter().next().unwrap_or_default()), next)),
            _ => Ok((Term::Phrase(ws), next)),
        };
    }
    if chars[i] == '@' {
        let (value, next) = value(chars, i + 1)?;
        if value.trim().is_empty() {
            return err(i, "\"@\" needs a name: @Huawei or @\"Jensen Huang\"".into());
        }
        return Ok((Term::EntityName(crate::link::folded_name(value.trim())), next));
    }
    // A field (`name:`) or a word.
    let mut j = i;
    while j < chars.len() && !chars[j].is_whitespace() && chars[j] != ':' && chars[j] != '"' {
        j += 1;
    }
    if j < chars.len() && chars[j] == ':' {
        let field: String = chars[i..j].iter().collect();
        let (raw, next) = value(chars, j + 1)?;
        let value = raw.trim().to_string();
        let need = |what: &str| err(j + 1, format!("\"{field}:\" needs {what}"));
        let term = match field.as_str() {
            "entity" if value.is_empty() => return need("an entity id or a quoted name"),
            "entity" if chars.get(j + 1) == Some(&'"') => Term::EntityName(crate::link::folded_name(&value)),
            "entity" => Term::EntityId(value),
            // An id exactly as written, quoted or not (`id:"a b"`), never a name.
            "id" if chars.get(j + 1) == Some(&'"') => Term::EntityId(raw),
            "id" if value.is_empty() => return need("an entity id"),
            "id" => Term::EntityId(value),
            "type" if value.is_empty() => return need("a type, such as ORG"),
            "type" => Term::Type(value),
            "since" | "until" => {
                let date = match PartialDate::parse(&value) {
                    Ok(d) => d,
                    Err(why) => {
                        return err(j + 1, format!("\"{field}:\" needs a date (YYYY, YYYY-MM or YYYY-MM-DD): {why}"));
                    }
                };
                if field == "since" { Term::Since(date) } else { Term::Until(date) }
            }
            other => {
                let guess = FIELDS
                    .iter()
                    .find(|f| edits(other, f) <= 2)
                    .map_or(String::new(), |f| format!("did you mean {f}:? "));
                return err(
                    i,
                    format!(
                        "unknown field {other:?}; {guess}the fields are entity:, id:, type:, since: and until: (a word alone searches the text)"
                    ),
                );
            }
        };
        return Ok((term, next));
    }
    let word: String = chars[i..j].iter().collect();
    if let Some(long) = words(&word).find(|w| w.len() > MAX_WORD) {
        return err(i, format!("a word of {} bytes; words of more than {MAX_WORD} bytes are not searched", long.len()));
    }
    let mut ws = words(&word);
    match (ws.next(), ws.next()) {
        (Some(w), None) => Ok((Term::Word(w), j)),
        // `Huawei-Mate` is two words: a phrase.
        (Some(a), Some(b)) => Ok((Term::Phrase([a, b].into_iter().chain(ws).collect()), j)),
        (None, _) if i > start => err(start, "\"-\" needs a term after it".into()),
        (None, _) => err(i, format!("{word:?} has no letters or digits to search for")),
    }
}

/// A field's value: quoted, or up to the next space.
fn value(chars: &[char], i: usize) -> Result<(String, usize), QueryError> {
    if chars.get(i) == Some(&'"') {
        return quoted(chars, i);
    }
    let mut j = i;
    while j < chars.len() && !chars[j].is_whitespace() {
        j += 1;
    }
    Ok((chars[i..j].iter().collect(), j))
}

/// The text between the quote at `i` and the next one that is not escaped: `\"` is a quote
/// and `\\` a backslash inside, so that any text can be quoted ([`quote`]).
fn quoted(chars: &[char], i: usize) -> Result<(String, usize), QueryError> {
    let mut text = String::new();
    let mut j = i + 1;
    while j < chars.len() {
        match (chars[j], chars.get(j + 1)) {
            ('\\', Some(&c @ ('"' | '\\'))) => {
                text.push(c);
                j += 2;
            }
            ('"', _) => return Ok((text, j + 1)),
            (c, _) => {
                text.push(c);
                j += 1;
            }
        }
    }
    Err(QueryError { column: i + 1, message: "a quote is not closed; end the phrase with \"".into() })
}

/// `text` in quotes, its quotes and backslashes escaped: read back as exactly `text`.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The term that selects the entity with the id `id`, whatever characters it holds:
/// `entity:ID`, or `id:"…"` quoted where the id would not read back alone.
pub fn entity_term(id: &str) -> String {
    let plain = !id.is_empty() && !id.starts_with('"') && !id.contains(char::is_whitespace);
    if plain { format!("entity:{id}") } else { format!("id:{}", quote(id)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn any_id_can_be_named_and_any_text_quoted() {
        for id in ["plain", "a b", "say \"hi\"", "back\\slash\\", "\"", " lead", "tab\there", "Zoë:1", "x\\\"y"] {
            let q = Query::parse(&entity_term(id)).unwrap();
            assert_eq!(q.terms, [(false, Term::EntityId(id.to_string()))], "{id:?} as {}", entity_term(id));
            let q = Query::parse(&format!("-{} since:2020", entity_term(id))).unwrap();
            assert_eq!(q.terms[0], (true, Term::EntityId(id.to_string())));
        }
        assert_eq!(entity_term("a b"), r#"id:"a b""#);
        assert_eq!(entity_term("nvidia"), "entity:nvidia");
        let q = Query::parse(r#""he said \"stop\"" id:x"#).unwrap();
        assert_eq!(
            q.terms,
            [
                (false, Term::Phrase(vec!["he".into(), "said".into(), "stop".into()])),
                (false, Term::EntityId("x".into()))
            ]
        );
        assert_eq!(Query::parse(r#"id:"open"#).unwrap_err().column, 4);
    }

    #[test]
    fn every_kind_of_term_is_read() {
        let q = Query::parse(r#"kobenhavn "Huawei Mate" entity:nvidia entity:"Jensen Huang" @Kina type:ORG since:2023 until:2023-09 -apple -type:GPE"#).unwrap();
        assert_eq!(
            q.terms,
            [
                (false, Term::Word("kobenhavn".into())),
                (false, Term::Phrase(vec!["huawei".into(), "mate".into()])),
                (false, Term::EntityId("nvidia".into())),
                (false, Term::EntityName("jensen huang".into())),
                (false, Term::EntityName("kina".into())),
                (false, Term::Type("ORG".into())),
                (false, Term::Since(d("2023"))),
                (false, Term::Until(d("2023-09"))),
                (true, Term::Word("apple".into())),
                (true, Term::Type("GPE".into())),
            ]
        );
        assert_eq!(Query::parse("København").unwrap().terms, [(false, Term::Word("kobenhavn".into()))]);
    }

    #[test]
    fn bad_queries_point_at_the_column() {
        for (q, want) in [
            (
                "huawei entiy:x",
                "query:1:8: unknown field \"entiy\"; did you mean entity:? the fields are entity:, id:, type:, since: and until: (a word alone searches the text)",
            ),
            (
                "since:2023-13",
                "query:1:7: \"since:\" needs a date (YYYY, YYYY-MM or YYYY-MM-DD): month 13 is not 01–12",
            ),
            ("\"open phrase", "query:1:1: a quote is not closed; end the phrase with \""),
            ("a - b", "query:1:3: \"-\" has no letters or digits to search for"),
            ("type:", "query:1:6: \"type:\" needs a type, such as ORG"),
            ("@", "query:1:1: \"@\" needs a name: @Huawei or @\"Jensen Huang\""),
        ] {
            assert_eq!(Query::parse(q).unwrap_err().to_string(), want, "{q}");
        }
    }

    #[test]
    fn dates_are_inclusive_at_their_precision() {
        assert!(first_day(d("2023-09-30")) <= last_day(d("2023-09")));
        assert!(first_day(d("2023-09")) >= first_day(d("2023")));
        assert!(first_day(d("2023-10-01")) > last_day(d("2023-09")));
    }

    #[test]
    fn words_that_fold_to_nothing_or_are_too_long_are_refused() {
        for q in ["\u{345}", "\u{93e}", "\"\u{345}\""] {
            let e = Query::parse(q).unwrap_err();
            assert_eq!(e.column, 1, "{q:?}: {e}");
        }
        assert_eq!(words("a\u{345} b").collect::<Vec<_>>(), ["a", "b"], "a lone mark is no word of the text either");
        let long = "x".repeat(MAX_WORD + 1);
        let e = Query::parse(&format!("ok {long}")).unwrap_err();
        assert_eq!(
            (e.column, e.message.as_str()),
            (4, "a word of 2048 bytes; words of more than 2047 bytes are not searched")
        );
        assert!(Query::parse(&"x".repeat(MAX_WORD)).is_ok());
    }

    #[test]
    fn a_term_said_twice_is_asked_once() {
        let q = Query::parse("entity:a kina entity:a -kina kina since:2020 since:2020").unwrap();
        assert_eq!(q.terms.len(), 4, "{:?}", q.terms);
    }
}
