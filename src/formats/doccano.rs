//! doccano's JSONL export: `{"text": …, "label": [[start, end, "TYPE"], …]}`, or with relations
//! enabled `{"text": …, "entities": [{"id", "start_offset", "end_offset", "label"}],
//! "relations": [{"from_id", "to_id", "type"}]}`, or doccano 1.x's `{"text": …, "annotations":
//! [{"label": 12, "start_offset", "end_offset", "user": 1}]}`, whose labels are numbers (kept as
//! written) and whose users, where a record has several, are kept on each mention. Offsets are UTF-16 code units unless
//! `--offsets` says otherwise (doccano's grapheme mode: `--offsets graphemes`). doccano stores
//! no covered text, so only ranges can be checked.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::locate::Seg;
use crate::import::offsets::{OffsetMap, OffsetUnit};
use crate::import::{ArticleBuilder, EntityKey, Imported, Report, documents, title_from_text};
use crate::model::AttrValue;

/// A label before checking.
struct Region {
    /// Its id, which relations name.
    id: Option<i64>,
    start: Option<u64>,
    end: Option<u64>,
    /// Its type: a name, or (doccano 1.x) a label's number, kept as written.
    label: Option<String>,
    /// Who made it (doccano 1.x `user`).
    user: Option<String>,
    /// Where it is in the record.
    at: Vec<Seg>,
}

/// A label's type as written: a name, or a number.
fn label_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Its row.
pub static FORMAT: super::Format = super::Format {
    name: "doccano",
    summary: "doccano JSONL export (1.x `label` lists and newer `entities`)",
    extensions: &[],
    weak_extensions: &[],
    sniff_json: Some(|item| {
        let has = |k: &str| item.get(k).is_some();
        let first_entity_has =
            |k: &str| item.get("entities").and_then(|e| e.get(0)).is_some_and(|e| e.get(k).is_some());
        let first_annotation_has =
            |k: &str| item.get("annotations").and_then(|e| e.get(0)).is_some_and(|e| e.get(k).is_some());
        has("text")
            && (has("label")
                || has("labels")
                || first_entity_has("start_offset")
                || first_annotation_has("start_offset"))
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
    stream: None,
    writer: None,
};

/// Reads every record of `src` with offsets in `unit`.
pub fn read(src: &str, stem: &str, json_lines: bool, unit: OffsetUnit, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    let mut said = Said::default();
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
        let mut regions: Vec<Region> = Vec::new();
        for key in ["label", "labels"] {
            if let Some(list) = v.get(key).and_then(Value::as_array) {
                for (i, item) in list.iter().enumerate() {
                    let get = |k: usize| item.get(k);
                    regions.push(Region {
                        id: None,
                        start: get(0).and_then(Value::as_u64),
                        end: get(1).and_then(Value::as_u64),
                        label: label_of(get(2)),
                        user: None,
                        at: vec![Seg::Key(key), Seg::Index(i)],
                    });
                }
            }
        }
        for key in ["entities", "annotations"] {
            if let Some(list) = v.get(key).and_then(Value::as_array) {
                for (i, item) in list.iter().enumerate() {
                    let get = |k: &str| item.get(k);
                    regions.push(Region {
                        id: get("id").and_then(Value::as_i64),
                        start: get("start_offset").and_then(Value::as_u64),
                        end: get("end_offset").and_then(Value::as_u64),
                        label: label_of(get("label")),
                        user: get("user")
                            .filter(|u| !u.is_null())
                            .map(|u| u.as_str().map_or_else(|| format!("user-{u}"), String::from)),
                        at: vec![Seg::Key(key), Seg::Index(i)],
                    });
                }
            }
        }
        let mut users: Vec<&str> = regions.iter().filter_map(|r| r.user.as_deref()).collect();
        users.sort_unstable();
        users.dedup();
        let several = users.len() > 1;
        if several {
            said.several += 1;
        }
        let mut entity_of: HashMap<i64, usize> = HashMap::new();
        for r in &regions {
            let (Some(start), Some(end), Some(label)) = (r.start, r.end, r.label.as_deref()) else {
                let (l, c) = doc.position(&r.at);
                report.error(l, c, "a label needs a start, an end and a type: [start, end, \"TYPE\"]");
                continue;
            };
            if label.trim().is_empty() {
                let (l, c) = doc.position(&r.at);
                report.error(l, c, "a label's type is empty; give it a type such as ORG");
                continue;
            }
            if label.parse::<u64>().is_ok() {
                said.numbered += 1;
            }
            let span = map
                .to_char(start as usize)
                .and_then(|s| map.to_char(end as usize).map(|e| (s, e)))
                .and_then(|(s, e)| b.span(s, e));
            let span = match span {
                Ok(s) => s,
                Err(why) => {
                    let (l, c) = doc.position(&r.at);
                    report.error(l, c, format!("{why} (offsets read as {}; see --offsets)", unit.describe()));
                    continue;
                }
            };
            let surface = b.slice(span).to_string();
            let e = b.entity(EntityKey::by_text(&id, label, &surface), &surface, label);
            let annotator = r.user.as_ref().filter(|_| several);
            let attributes =
                annotator.map(|u| ("annotator".to_string(), AttrValue::Text(u.clone()))).into_iter().collect();
            let m = b.mention(e, &[span], attributes);
            if let Some(rid) = r.id {
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
    said.report(report);
    imported
}

/// What is said once per file.
#[derive(Default)]
struct Said {
    /// Records whose labels were made by several users.
    several: usize,
    /// Labels whose type is a number.
    numbered: usize,
}

impl Said {
    fn report(self, report: &mut Report) {
        let say =
            |report: &mut Report, message: String| report.push(crate::diagnostic::Severity::Warning, None, message);
        if self.several > 0 {
            let n = self.several;
            let records = if n == 1 { "1 record has".to_string() } else { format!("{n} records have") };
            say(
                report,
                format!(
                    "{records} labels by several users: all are read, each mention with its user in the attribute \"annotator\""
                ),
            );
        }
        if self.numbered > 0 {
            let n = self.numbered;
            say(
                report,
                format!(
                    "{n} label{} typed by number (doccano 1.x label ids): kept as the numbers they are",
                    if n == 1 { " is" } else { "s are" }
                ),
            );
        }
    }
}
