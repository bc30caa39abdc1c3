//! Label Studio's JSON export: a list of tasks, each an article. A task's `data` holds the
//! text; its first annotation (or, without one, its first prediction) holds `labels` regions,
//! `relation` items and `textarea` items that, sharing a region's id, carry its knowledge-base
//! reference (`Wikidata:Q1726`).
//!
//! Offsets are code points in current versions and UTF-16 code units in older exports. Each
//! region stores its text, so the unit is detected per task: if code points do not reproduce
//! every region's text and UTF-16 units do, the task is read as UTF-16, with a warning.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::locate::Seg;
use crate::import::offsets::{OffsetMap, OffsetUnit};
use crate::import::{ArticleBuilder, Doc, Draft, EntityKey, Imported, Report, documents, title_from_text};

/// One `labels` region before offsets are converted.
struct Region<'a> {
    id: Option<&'a str>,
    start: usize,
    end: usize,
    text: Option<&'a str>,
    label: &'a str,
    /// Its index among the annotation's results, for messages.
    result: usize,
}

/// Reads every task in `src`. Positions are found only for problems: finding one walks the
/// file, so doing it for every region would be quadratic.
pub fn read(src: &str, stem: &str, json_lines: bool, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    let docs = documents(src, json_lines, report);
    let mut utf16 = Vec::new();
    for (k, doc) in docs.iter().enumerate() {
        if let Some(article) = task(doc, k, stem, &mut utf16, report) {
            imported.articles.push(article);
        }
    }
    // One warning for every task of an older export, at the first.
    if let Some(&first) = utf16.first() {
        let (l, c) = docs[first].position(&[]);
        let n = utf16.len();
        let tasks = if n == 1 { "1 task".to_string() } else { format!("{n} tasks") };
        report.warning(
            l,
            c,
            format!("offsets of {tasks} are UTF-16 code units (an older Label Studio export); converted to characters"),
        );
    }
    imported
}

/// Reads one task: its text, id and title, then the results of its chosen annotation. `k_doc`
/// is its place among the file's tasks, noted in `utf16` when its offsets are UTF-16 units.
fn task(doc: &Doc, k_doc: usize, stem: &str, utf16: &mut Vec<usize>, report: &mut Report) -> Option<Draft> {
    let (id, title, text) = task_text(doc, stem, report)?;
    let place = Place::chosen(doc);
    let results = place.results(&doc.value);
    let errors_before = report.errors();
    let found = Found::of(results, &place, report);
    let unit = detect_unit(text, &found.regions);
    if unit == OffsetUnit::Utf16 {
        utf16.push(k_doc);
    }
    let mut b = ArticleBuilder::new(id, title, text);
    let mention_of = regions(&mut b, &found, &OffsetMap::new(text, unit), &place, report);
    relations(&mut b, &found, &mention_of, &place, report);
    (report.errors() == errors_before).then(|| b.finish())
}

/// A task's id, title and text; `None` (said) when it has no text.
fn task_text<'a>(doc: &'a Doc, stem: &str, report: &mut Report) -> Option<(String, String, &'a str)> {
    let v = &doc.value;
    let data = v.get("data").and_then(Value::as_object);
    let text = data
        .and_then(|d| d.get("text").or_else(|| d.values().find(|x| x.is_string())))
        .or_else(|| v.get("text"))
        .and_then(Value::as_str);
    let Some(text) = text else {
        let (l, c) = doc.position(&[]);
        report.error(l, c, "task has no text: expected \"data\": {\"text\": \"…\"}");
        return None;
    };
    let task_id = v.get("id").map(|i| i.to_string());
    let id = data
        .and_then(|d| d.get("newslens_id").or_else(|| d.get("id")))
        .and_then(Value::as_str)
        .map(String::from)
        .or_else(|| task_id.map(|t| format!("{stem}-{t}")))
        .unwrap_or_else(|| doc.default_id(stem));
    let title = data
        .and_then(|d| d.get("title"))
        .and_then(Value::as_str)
        .map_or_else(|| title_from_text(text, &id), String::from);
    Some((id, title, text))
}

/// Which annotation of a task is read, for finding its results and saying where they are.
struct Place<'a> {
    doc: &'a Doc<'a>,
    /// `annotations`, `completions` (Label Studio before 1.0) or `predictions`.
    source: &'static str,
    /// Its index in that list.
    k: usize,
}

impl<'a> Place<'a> {
    /// The first annotation that was not cancelled, else the first prediction.
    fn chosen(doc: &'a Doc<'a>) -> Place<'a> {
        let (source, k) = ["annotations", "completions", "predictions"]
            .iter()
            .find_map(|key| {
                let list = doc.value.get(*key)?.as_array()?;
                let k = list.iter().position(|a| !a.get("was_cancelled").and_then(Value::as_bool).unwrap_or(false))?;
                Some((*key, k))
            })
            .unwrap_or(("annotations", 0));
        Place { doc, source, k }
    }

    /// The annotation's results.
    fn results<'v>(&self, v: &'v Value) -> &'v [Value] {
        let results = v.get(self.source).and_then(|a| a.get(self.k)).and_then(|a| a.get("result"));
        results.and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// Line and column of result `i` (and `rest` inside it).
    fn at(&self, i: usize, rest: &[Seg]) -> (usize, usize) {
        let mut p = vec![Seg::Key(self.source), Seg::Index(self.k), Seg::Key("result"), Seg::Index(i)];
        p.extend_from_slice(rest);
        self.doc.position(&p)
    }
}

/// What an annotation's results hold, by kind.
#[derive(Default)]
struct Found<'a> {
    /// `labels` regions: the mentions.
    regions: Vec<Region<'a>>,
    /// `textarea` items by region id: knowledge-base references.
    references: HashMap<&'a str, &'a str>,
    /// `relation` items: (result index, from region, to region, label).
    relations: Vec<(usize, &'a str, &'a str, &'a str)>,
}

impl<'a> Found<'a> {
    /// Sorts `results` by kind; a `labels` region that is not whole is said.
    fn of(results: &'a [Value], place: &Place, report: &mut Report) -> Found<'a> {
        let mut found = Found::default();
        for (i, r) in results.iter().enumerate() {
            match r.get("type").and_then(Value::as_str) {
                Some("labels") => {
                    if let Some(region) = region(r, i, place, report) {
                        found.regions.push(region);
                    }
                }
                Some("textarea") => {
                    let reference = r
                        .get("value")
                        .and_then(|x| x.get("text"))
                        .and_then(|t| t.get(0).or(Some(t)))
                        .and_then(Value::as_str);
                    if let (Some(id), Some(reference)) = (r.get("id").and_then(Value::as_str), reference) {
                        found.references.insert(id, reference.trim());
                    }
                }
                Some("relation") => {
                    let from = r.get("from_id").and_then(Value::as_str);
                    let to = r.get("to_id").and_then(Value::as_str);
                    let label = r
                        .get("labels")
                        .and_then(|l| l.get(0))
                        .and_then(Value::as_str)
                        .filter(|l| !l.trim().is_empty())
                        .unwrap_or("related");
                    if let (Some(from), Some(to)) = (from, to) {
                        found.relations.push((i, from, to, label));
                    }
                }
                _ => {}
            }
        }
        found
    }
}

/// Result `i`, a `labels` region; `None` (said) when it lacks offsets or a label.
fn region<'a>(r: &'a Value, i: usize, place: &Place, report: &mut Report) -> Option<Region<'a>> {
    let value = r.get("value");
    let get = |k: &str| value.and_then(|x| x.get(k));
    let label = get("labels").and_then(|l| l.get(0)).and_then(Value::as_str);
    match (get("start").and_then(Value::as_u64), get("end").and_then(Value::as_u64), label) {
        (Some(_), Some(_), Some(label)) if label.trim().is_empty() => {
            let (l, c) = place.at(i, &[]);
            report.error(l, c, "a labels region's label is empty; give it a type such as ORG");
            None
        }
        (Some(start), Some(end), Some(label)) => Some(Region {
            id: r.get("id").and_then(Value::as_str),
            start: start as usize,
            end: end as usize,
            text: get("text").and_then(Value::as_str),
            label,
            result: i,
        }),
        _ => {
            let (l, c) = place.at(i, &[]);
            report.error(l, c, "a labels region needs value.start, value.end and value.labels");
            None
        }
    }
}

/// Each region a mention of its entity (by its reference, else by label and text), its
/// offsets converted by `map` and its stored text checked: the mention's index by region id.
fn regions<'a>(
    b: &mut ArticleBuilder,
    found: &Found<'a>,
    map: &OffsetMap,
    place: &Place,
    report: &mut Report,
) -> HashMap<&'a str, usize> {
    let mut mention_of = HashMap::new();
    for r in &found.regions {
        let span =
            map.to_char(r.start).and_then(|s| map.to_char(r.end).map(|e| (s, e))).and_then(|(s, e)| b.span(s, e));
        let span = match span {
            Ok(s) => s,
            Err(why) => {
                let (l, c) = place.at(r.result, &[Seg::Key("value")]);
                report.error(l, c, why);
                continue;
            }
        };
        let covered = b.slice(span).to_string();
        if let Some(stored) = r.text
            && stored != covered
        {
            let (l, c) = place.at(r.result, &[Seg::Key("value")]);
            report.error(l, c, format!(
                "region text {stored:?} differs from the text at {}–{}, {covered:?} (neither code points nor UTF-16 units match)",
                r.start, r.end
            ));
            continue;
        }
        let key = match r.id.and_then(|id| found.references.get(id)) {
            Some(reference) => EntityKey::by_reference(reference),
            None => EntityKey::by_text(b.id(), r.label, &covered),
        };
        let e = b.entity(key, &covered, r.label);
        let m = b.mention(e, &[span], Vec::new());
        if let Some(id) = r.id {
            mention_of.insert(id, m);
        }
    }
    mention_of
}

/// Each `relation` item between two regions that are here; one that names a missing region is
/// left out, with a warning.
fn relations(
    b: &mut ArticleBuilder,
    found: &Found,
    mention_of: &HashMap<&str, usize>,
    place: &Place,
    report: &mut Report,
) {
    for &(i, from, to, label) in &found.relations {
        match (mention_of.get(from), mention_of.get(to)) {
            (Some(&f), Some(&t)) => {
                b.relation(label.to_string(), f, t);
            }
            _ => {
                let (l, c) = place.at(i, &[]);
                report.warning(
                    l,
                    c,
                    format!("relation between {from:?} and {to:?} names a region that is not here; left out"),
                );
            }
        }
    }
}

/// Code points unless they fail to reproduce some region's stored text and UTF-16 units
/// reproduce all of them.
fn detect_unit(text: &str, regions: &[Region]) -> OffsetUnit {
    let fits = |unit| {
        let map = OffsetMap::new(text, unit);
        let chars: Vec<char> = text.chars().collect();
        regions.iter().filter(|r| r.text.is_some()).all(|r| match (map.to_char(r.start), map.to_char(r.end)) {
            (Ok(s), Ok(e)) if s < e => r.text == Some(chars[s..e].iter().collect::<String>().as_str()),
            _ => false,
        })
    };
    if !fits(OffsetUnit::Chars) && fits(OffsetUnit::Utf16) { OffsetUnit::Utf16 } else { OffsetUnit::Chars }
}
