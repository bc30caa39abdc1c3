//! Label Studio's JSON export: a list of tasks, each an article. A task's `data` holds the
//! text; its annotations (every one not cancelled; with several, each mention keeps its
//! annotator as an attribute), or without any its first prediction, hold `labels` regions,
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
use crate::model::AttrValue;

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
    let mut said = Said::default();
    for (k, doc) in docs.iter().enumerate() {
        if let Some(article) = task(doc, k, stem, &mut said, report) {
            imported.articles.push(article);
        }
    }
    said.report(&docs, report);
    imported
}

/// What is said once per file, at the first task concerned.
#[derive(Default)]
struct Said {
    /// Tasks whose offsets are UTF-16 code units.
    utf16: Vec<usize>,
    /// Tasks with several annotations, and how many annotations they have in all.
    several: Vec<usize>,
    annotations: usize,
    /// `choices` results (a whole task's classification): how many, in which tasks.
    choices: Vec<usize>,
}

impl Said {
    fn report(self, docs: &[Doc], report: &mut Report) {
        let tasks = |n: usize| if n == 1 { "1 task".to_string() } else { format!("{n} tasks") };
        if let Some(&first) = self.utf16.first() {
            let (l, c) = docs[first].position(&[]);
            let n = tasks(self.utf16.len());
            report.warning(
                l,
                c,
                format!("offsets of {n} are UTF-16 code units (an older Label Studio export); converted to characters"),
            );
        }
        if let Some(&first) = self.several.first() {
            let (l, c) = docs[first].position(&[]);
            let n = match self.several.len() {
                1 => "1 task has".to_string(),
                n => format!("{n} tasks have"),
            };
            report.warning(
                l,
                c,
                format!(
                    "{n} several annotations ({} in all): all are read, each mention with its annotator in \
                     the attribute \"annotator\"",
                    self.annotations
                ),
            );
        }
        if let Some(&first) = self.choices.first() {
            let (l, c) = docs[first].position(&[]);
            let n = self.choices.len();
            let what = if n == 1 {
                "1 classification (choices)".to_string()
            } else {
                format!("{n} classifications (choices)")
            };
            report.warning(l, c, format!("{what} of whole tasks not read: newslens articles have no categories"));
        }
    }
}

/// Reads one task: its text, id and title, then the results of every annotation that counts.
/// `k_doc` is its place among the file's tasks, for what is said of it.
fn task(doc: &Doc, k_doc: usize, stem: &str, said: &mut Said, report: &mut Report) -> Option<Draft> {
    let (id, title, text) = task_text(doc, stem, report)?;
    let places = Place::chosen(doc);
    let errors_before = report.errors();
    let mut b = ArticleBuilder::new(id, title, text);
    let several = places.len() > 1;
    if several {
        said.several.push(k_doc);
        said.annotations += places.len();
    }
    let mut utf16 = false;
    for place in &places {
        let found = Found::of(place.results(&doc.value), place, report);
        let unit = detect_unit(text, &found.regions);
        utf16 |= unit == OffsetUnit::Utf16;
        said.choices.extend(std::iter::repeat_n(k_doc, found.choices));
        let annotator = several.then(|| place.annotator());
        let mention_of = regions(&mut b, &found, &OffsetMap::new(text, unit), place, annotator.as_deref(), report);
        relations(&mut b, &found, &mention_of, place, report);
    }
    if utf16 {
        said.utf16.push(k_doc);
    }
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
    /// Every annotation that was not cancelled (Label Studio's `completions` before 1.0), else
    /// the first prediction.
    fn chosen(doc: &'a Doc<'a>) -> Vec<Place<'a>> {
        let not_cancelled = |a: &Value| !a.get("was_cancelled").and_then(Value::as_bool).unwrap_or(false);
        for source in ["annotations", "completions"] {
            if let Some(list) = doc.value.get(source).and_then(Value::as_array) {
                let places: Vec<Place> =
                    (0..list.len()).filter(|&k| not_cancelled(&list[k])).map(|k| Place { doc, source, k }).collect();
                if !places.is_empty() {
                    return places;
                }
            }
        }
        let predicted = doc.value.get("predictions").and_then(Value::as_array).is_some_and(|p| !p.is_empty());
        vec![Place { doc, source: if predicted { "predictions" } else { "annotations" }, k: 0 }]
    }

    /// Who made the annotation: `completed_by`'s email, or its user number, else the
    /// annotation's own id or place.
    fn annotator(&self) -> String {
        let a = self.doc.value.get(self.source).and_then(|l| l.get(self.k));
        let by = a.and_then(|a| a.get("completed_by"));
        let email = by.and_then(|b| b.get("email")).and_then(Value::as_str);
        let user = by.and_then(|b| b.get("id").or(Some(b))).filter(|u| u.is_number() || u.is_string());
        match (email, user) {
            (Some(email), _) => email.to_string(),
            (None, Some(Value::String(u))) => u.clone(),
            (None, Some(u)) => format!("user-{u}"),
            (None, None) => match a.and_then(|a| a.get("id")) {
                Some(id) => format!("annotation {id}"),
                None => format!("annotation {}", self.k + 1),
            },
        }
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
    /// `choices` items: classifications of the whole task.
    choices: usize,
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
                Some("choices") => found.choices += 1,
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
    annotator: Option<&str>,
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
        let attributes =
            annotator.map(|a| ("annotator".to_string(), AttrValue::Text(a.to_string()))).into_iter().collect();
        let m = b.mention(e, &[span], attributes);
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
