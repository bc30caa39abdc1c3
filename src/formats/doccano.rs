//! doccano's JSONL export: `{"text": …, "label": [[start, end, "TYPE"], …]}`, or with relations
//! enabled `{"text": …, "entities": [{"id", "start_offset", "end_offset", "label"}],
//! "relations": [{"from_id", "to_id", "type"}]}`. Offsets are UTF-16 code units unless
//! `--offsets` says otherwise (doccano's grapheme mode: `--offsets graphemes`). doccano stores
//! no covered text, so only ranges can be checked.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::locate::Seg;
use crate::import::offsets::{OffsetMap, OffsetUnit};
use crate::import::{ArticleBuilder, EntityKey, Imported, Report, documents, title_from_text};

/// A label before checking: region id, start, end, type, and where it is in the record.
type Region<'a> = (Option<i64>, Option<u64>, Option<u64>, Option<&'a str>, Vec<Seg>);

/// Its row.
pub static FORMAT: super::Format = super::Format {
    name: "doccano",
    summary: "doccano JSONL export (1.x `label` lists and newer `entities`)",
    extensions: &[],
    sniff_json: Some(|item| {
        let has = |k: &str| item.get(k).is_some();
        let first_entity_has =
            |k: &str| item.get("entities").and_then(|e| e.get(0)).is_some_and(|e| e.get(k).is_some());
        has("text") && (has("label") || has("labels") || first_entity_has("start_offset"))
    }),
    sniff_text: None,
    read: |input: crate::import::Input, report| {
        let unit = input.offsets.unwrap_or(OffsetUnit::Utf16);
        let lines = input.json_lines() || !input.text.trim_start().starts_with('[');
        read(input.text, input.doc_id, lines, unit, report)
    },
    reads_empty: false,
    read_through: None,
    records: None,
    writer: None,
};

/// Reads every record of `src` with offsets in `unit`.
pub fn read(src: &str, stem: &str, json_lines: bool, unit: OffsetUnit, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    for doc in documents(src, json_lines, report) {
        let v = &doc.value;
        let Some(text) = v.get("text").and_then(Value::as_str) else {
            let (l, c) = doc.position(&[]);
            report.error(l, c, "missing \"text\" (a string)");
            continue;
        };
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => format!("{stem}-{n}"),
            _ => doc.default_id(stem),
        };
        let map = OffsetMap::new(text, unit);
        let mut b = ArticleBuilder::new(id.clone(), title_from_text(text, &id), text);
        let errors_before = report.errors();
        // (region id, start, end, label, path) from either shape.
        let mut regions: Vec<Region> = Vec::new();
        for key in ["label", "labels"] {
            if let Some(list) = v.get(key).and_then(Value::as_array) {
                for (i, item) in list.iter().enumerate() {
                    let at = vec![Seg::Key(key), Seg::Index(i)];
                    let get = |k: usize| item.get(k);
                    regions.push((
                        None,
                        get(0).and_then(Value::as_u64),
                        get(1).and_then(Value::as_u64),
                        get(2).and_then(Value::as_str),
                        at,
                    ));
                }
            }
        }
        if let Some(list) = v.get("entities").and_then(Value::as_array) {
            for (i, item) in list.iter().enumerate() {
                let get = |k: &str| item.get(k);
                regions.push((
                    get("id").and_then(Value::as_i64),
                    get("start_offset").and_then(Value::as_u64),
                    get("end_offset").and_then(Value::as_u64),
                    get("label").and_then(Value::as_str),
                    vec![Seg::Key("entities"), Seg::Index(i)],
                ));
            }
        }
        let mut entity_of: HashMap<i64, usize> = HashMap::new();
        for (rid, start, end, label, at) in regions {
            let (Some(start), Some(end), Some(label)) = (start, end, label) else {
                let (l, c) = doc.position(&at);
                report.error(l, c, "a label needs a start, an end and a type: [start, end, \"TYPE\"]");
                continue;
            };
            if label.trim().is_empty() {
                let (l, c) = doc.position(&at);
                report.error(l, c, "a label's type is empty; give it a type such as ORG");
                continue;
            }
            let span = map
                .to_char(start as usize)
                .and_then(|s| map.to_char(end as usize).map(|e| (s, e)))
                .and_then(|(s, e)| b.span(s, e));
            let span = match span {
                Ok(s) => s,
                Err(why) => {
                    let (l, c) = doc.position(&at);
                    report.error(l, c, format!("{why} (offsets read as {}; see --offsets)", unit.describe()));
                    continue;
                }
            };
            let surface = b.slice(span).to_string();
            let e = b.entity(EntityKey::by_text(&id, label, &surface), &surface, label);
            let m = b.mention(e, &[span], Vec::new());
            if let Some(rid) = rid {
                entity_of.insert(rid, m);
            }
        }
        if let Some(list) = v.get("relations").and_then(Value::as_array) {
            for (i, r) in list.iter().enumerate() {
                let from = r.get("from_id").and_then(Value::as_i64).and_then(|x| entity_of.get(&x));
                let to = r.get("to_id").and_then(Value::as_i64).and_then(|x| entity_of.get(&x));
                let kind = r.get("type").and_then(Value::as_str).filter(|t| !t.trim().is_empty()).unwrap_or("related");
                match (from, to) {
                    (Some(&f), Some(&t)) => {
                        b.relation(kind.to_string(), f, t);
                    }
                    _ => {
                        let (l, c) = doc.position(&[Seg::Key("relations"), Seg::Index(i)]);
                        report.warning(l, c, "relation names an entity id that is not in \"entities\"; left out");
                    }
                }
            }
        }
        if report.errors() == errors_before {
            imported.articles.push(b.finish());
        }
    }
    imported
}
