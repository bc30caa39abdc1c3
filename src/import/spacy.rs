//! spaCy's `Doc.to_json()` output and displaCy's manual format: `text` plus `ents` (and, from
//! `Doc.to_json()`, `spans` groups whose `kb_id` links an entity). Offsets are characters;
//! no covered text is stored, so only the ranges can be checked. A file holds one document, a
//! list of them, or (`.jsonl`) one per line.

use std::collections::HashSet;

use serde_json::Value;

use super::{ArticleBuilder, EntityKey, Imported, Report, documents, title_from_text};
use crate::diagnostic::locate::Seg;

/// Reads every document in `src`; `stem` names them unless they have an `id`.
pub fn read(src: &str, stem: &str, json_lines: bool, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    for doc in documents(src, json_lines, report) {
        let Some(text) = doc.value.get("text").and_then(Value::as_str) else {
            let (l, c) = doc.position(&[]);
            report.error(l, c, "missing \"text\" (a string); a spaCy document has its text and \"ents\"");
            continue;
        };
        let id = doc.value.get("id").and_then(Value::as_str).map_or_else(|| doc.default_id(stem), String::from);
        let title =
            doc.value.get("title").and_then(Value::as_str).map_or_else(|| title_from_text(text, &id), String::from);
        let mut b = ArticleBuilder::new(id.clone(), title, text);
        let errors_before = report.errors();
        let mut groups: Vec<(&'static str, &Vec<Value>)> = Vec::new();
        if let Some(ents) = doc.value.get("ents").and_then(Value::as_array) {
            groups.push(("ents", ents));
        }
        if let Some(spans) = doc.value.get("spans").and_then(Value::as_object) {
            groups.extend(spans.values().filter_map(Value::as_array).map(|l| ("spans", l)));
        }
        let mut seen = HashSet::new();
        for (key, list) in groups {
            for (i, ent) in list.iter().enumerate() {
                let where_ = || doc.position(&[Seg::Key(key), Seg::Index(i)]);
                let start = ent.get("start").and_then(Value::as_u64);
                let end = ent.get("end").and_then(Value::as_u64);
                let label = ent.get("label").and_then(Value::as_str);
                let (Some(start), Some(end), Some(label)) = (start, end, label) else {
                    let (l, c) = where_();
                    report.error(l, c, "an entity needs \"start\" and \"end\" (character offsets) and a \"label\"");
                    continue;
                };
                let span = match b.span(start as usize, end as usize) {
                    Ok(s) => s,
                    Err(why) => {
                        let (l, c) = where_();
                        report.error(l, c, why);
                        continue;
                    }
                };
                // The same span and label in `ents` and in a spans group is one mention.
                if !seen.insert((span, label.to_string())) {
                    continue;
                }
                let surface = b.slice(span).to_string();
                let key = match ent.get("kb_id").and_then(Value::as_str).filter(|k| !k.is_empty()) {
                    Some(kb) => EntityKey::by_reference(kb),
                    None => EntityKey::by_text(&id, label, &surface),
                };
                let e = b.entity(key, &surface, label);
                b.mention(e, &[span], Vec::new());
            }
        }
        if report.errors() == errors_before {
            imported.articles.push(b.finish());
        }
    }
    imported
}
