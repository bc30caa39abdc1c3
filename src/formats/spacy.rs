//! spaCy's `Doc.to_json()` output and displaCy's manual format: `text` plus `ents` (and, from
//! `Doc.to_json()`, `spans` groups whose `kb_id` links an entity); and Prodigy's and spaCy's
//! training JSONL, whose `spans` is a list of `{"start", "end", "label"}` (with `answer`:
//! rejected and ignored examples are skipped, with a warning; `meta.source` is kept as the
//! source). Offsets are characters; a span's `text`, where given, is checked against the text.
//! A file holds one document, a list of them, or (`.jsonl`) one per line.

use std::collections::HashSet;

use serde_json::Value;

use crate::diagnostic::locate::Seg;
use crate::import::{ArticleBuilder, EntityKey, Imported, Report, documents, title_from_text};

/// Its row.
pub static FORMAT: super::Format = super::Format {
    name: "spacy",
    summary: "spaCy Doc.to_json(), displaCy's manual format, Prodigy and spaCy training spans",
    extensions: &[],
    sniff_json: Some(|item| {
        let has = |k: &str| item.get(k).is_some();
        has("text") && (has("ents") || has("tokens") || has("spans"))
    }),
    sniff_text: None,
    read: |input: crate::import::Input, report| read(input.text, input.doc_id, input.json_lines(), report),
    reads_empty: false,
    read_through: None,
    records: None,
    writer: None,
};

/// Reads every document in `src`; `stem` names them unless they have an `id`.
pub fn read(src: &str, stem: &str, json_lines: bool, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    let mut skipped: Vec<(String, usize)> = Vec::new();
    for doc in documents(src, json_lines, report) {
        // Prodigy marks what the annotator refused; those are not annotations.
        if let Some(answer) = doc.value.get("answer").and_then(Value::as_str).filter(|a| *a != "accept") {
            match skipped.iter_mut().find(|(a, _)| a == answer) {
                Some((_, n)) => *n += 1,
                None => skipped.push((answer.to_string(), 1)),
            }
            continue;
        }
        let Some(text) = doc.value.get("text").and_then(Value::as_str) else {
            let (l, c) = doc.position(&[]);
            report.error(l, c, "missing \"text\" (a string); a spaCy document has its text and \"ents\"");
            continue;
        };
        let id = doc.value.get("id").and_then(Value::as_str).map_or_else(|| doc.default_id(stem), String::from);
        let title =
            doc.value.get("title").and_then(Value::as_str).map_or_else(|| title_from_text(text, &id), String::from);
        let mut b = ArticleBuilder::new(id.clone(), title, text);
        if let Some(source) = doc.value.get("meta").and_then(|m| m.get("source")).and_then(Value::as_str) {
            b.source(source);
        }
        let errors_before = report.errors();
        let mut groups: Vec<(&'static str, &Vec<Value>)> = Vec::new();
        if let Some(ents) = doc.value.get("ents").and_then(Value::as_array) {
            groups.push(("ents", ents));
        }
        match doc.value.get("spans") {
            Some(Value::Object(spans)) => {
                groups.extend(spans.values().filter_map(Value::as_array).map(|l| ("spans", l)))
            }
            // Prodigy and spaCy's training JSONL: one list.
            Some(Value::Array(list)) => groups.push(("spans", list)),
            _ => {}
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
                if label.trim().is_empty() {
                    let (l, c) = where_();
                    report.error(l, c, "an entity's \"label\" is empty; give it a type such as ORG");
                    continue;
                }
                let span = match b.span(start as usize, end as usize) {
                    Ok(s) => s,
                    Err(why) => {
                        let (l, c) = where_();
                        report.error(l, c, why);
                        continue;
                    }
                };
                let surface = b.slice(span).to_string();
                if let Some(claimed) = ent.get("text").and_then(Value::as_str)
                    && claimed != surface
                {
                    let (l, c) = where_();
                    report.error(
                        l,
                        c,
                        format!(
                            "span text {claimed:?} differs from the covered text {surface:?} (chars {start}–{end})"
                        ),
                    );
                    continue;
                }
                // The same span and label in `ents` and in a spans group is one mention.
                if !seen.insert((span, label.to_string())) {
                    continue;
                }
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
    for (answer, n) in skipped {
        let what = if n == 1 { "example" } else { "examples" };
        report.push(
            crate::diagnostic::Severity::Warning,
            None,
            format!("{n} {what} with \"answer\": \"{answer}\" skipped: the annotator did not accept them"),
        );
    }
    imported
}
