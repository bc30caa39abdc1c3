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

fn task(doc: &Doc, k_doc: usize, stem: &str, utf16: &mut Vec<usize>, report: &mut Report) -> Option<Draft> {
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

    // The first annotation that was not cancelled, else the first prediction.
    // Label Studio before 1.0 called annotations "completions".
    let (source, k) = ["annotations", "completions", "predictions"]
        .iter()
        .find_map(|key| {
            let list = v.get(*key)?.as_array()?;
            let k = list.iter().position(|a| !a.get("was_cancelled").and_then(Value::as_bool).unwrap_or(false))?;
            Some((*key, k))
        })
        .unwrap_or(("annotations", 0));
    let results = v.get(source).and_then(|a| a.get(k)).and_then(|a| a.get("result")).and_then(Value::as_array);
    let results: &[Value] = results.map_or(&[], Vec::as_slice);
    let at = |i: usize, rest: &[Seg]| {
        let mut p = vec![Seg::Key(source), Seg::Index(k), Seg::Key("result"), Seg::Index(i)];
        p.extend_from_slice(rest);
        doc.position(&p)
    };

    let mut regions = Vec::new();
    let mut references: HashMap<&str, &str> = HashMap::new();
    let mut relations = Vec::new();
    let errors_before = report.errors();
    for (i, r) in results.iter().enumerate() {
        match r.get("type").and_then(Value::as_str) {
            Some("labels") => {
                let value = r.get("value");
                let get = |k: &str| value.and_then(|x| x.get(k));
                let label = get("labels").and_then(|l| l.get(0)).and_then(Value::as_str);
                match (get("start").and_then(Value::as_u64), get("end").and_then(Value::as_u64), label) {
                    (Some(_), Some(_), Some(label)) if label.trim().is_empty() => {
                        let (l, c) = at(i, &[]);
                        report.error(l, c, "a labels region's label is empty; give it a type such as ORG");
                    }
                    (Some(start), Some(end), Some(label)) => regions.push(Region {
                        id: r.get("id").and_then(Value::as_str),
                        start: start as usize,
                        end: end as usize,
                        text: get("text").and_then(Value::as_str),
                        label,
                        result: i,
                    }),
                    _ => {
                        let (l, c) = at(i, &[]);
                        report.error(l, c, "a labels region needs value.start, value.end and value.labels");
                    }
                }
            }
            Some("textarea") => {
                let reference = r
                    .get("value")
                    .and_then(|x| x.get("text"))
                    .and_then(|t| t.get(0).or(Some(t)))
                    .and_then(Value::as_str);
                if let (Some(id), Some(reference)) = (r.get("id").and_then(Value::as_str), reference) {
                    references.insert(id, reference.trim());
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
                    relations.push((i, from, to, label));
                }
            }
            _ => {}
        }
    }

    let unit = detect_unit(text, &regions);
    if unit == OffsetUnit::Utf16 {
        utf16.push(k_doc);
    }
    let map = OffsetMap::new(text, unit);
    let mut b = ArticleBuilder::new(id.clone(), title, text);
    let mut entity_of: HashMap<&str, usize> = HashMap::new();
    for r in &regions {
        let span =
            map.to_char(r.start).and_then(|s| map.to_char(r.end).map(|e| (s, e))).and_then(|(s, e)| b.span(s, e));
        let span = match span {
            Ok(s) => s,
            Err(why) => {
                let (l, c) = at(r.result, &[Seg::Key("value")]);
                report.error(l, c, why);
                continue;
            }
        };
        let covered = b.slice(span).to_string();
        if let Some(stored) = r.text
            && stored != covered
        {
            let (l, c) = at(r.result, &[Seg::Key("value")]);
            report.error(l, c, format!(
                "region text {stored:?} differs from the text at {}–{}, {covered:?} (neither code points nor UTF-16 units match)",
                r.start, r.end
            ));
            continue;
        }
        let key = match r.id.and_then(|id| references.get(id)) {
            Some(reference) => EntityKey::by_reference(reference),
            None => EntityKey::by_text(b.id(), r.label, &covered),
        };
        let e = b.entity(key, &covered, r.label);
        let m = b.mention(e, &[span], Vec::new());
        if let Some(id) = r.id {
            entity_of.insert(id, m);
        }
    }
    for (i, from, to, label) in relations {
        match (entity_of.get(from), entity_of.get(to)) {
            (Some(&f), Some(&t)) => {
                b.relation(label.to_string(), f, t);
            }
            _ => {
                let (l, c) = at(i, &[]);
                report.warning(
                    l,
                    c,
                    format!("relation between {from:?} and {to:?} names a region that is not here; left out"),
                );
            }
        }
    }
    (report.errors() == errors_before).then(|| b.finish())
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
