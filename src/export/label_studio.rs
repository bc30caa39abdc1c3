//! Label Studio JSON: one task per article, with `labels` regions (offsets in code points, as
//! current Label Studio uses), a `textarea` per region holding its entity's references
//! (`wikidata:Q1726`, or `newslens:ID` for an entity without links), and `relation` items.
//! A discontinuous mention becomes one region per piece.

use serde_json::{Value, json};

use crate::model::Corpus;

/// The corpus as a Label Studio task list.
pub fn export(corpus: &Corpus) -> String {
    let tasks: Vec<Value> = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(ti, a)| {
            let chars: Vec<char> = a.text.chars().collect();
            let mut result = Vec::new();
            let mut first_region: std::collections::HashMap<usize, String> = Default::default();
            let mut n = 0;
            for m in &a.mentions {
                let e = &corpus.entities[m.entity];
                let references: Vec<String> = if e.links.is_empty() {
                    vec![format!("newslens:{}", e.id)]
                } else {
                    e.links.iter().map(|(kb, id)| format!("{kb}:{id}")).collect()
                };
                for p in m.pieces() {
                    n += 1;
                    let id = format!("m{n}");
                    first_region.entry(m.entity).or_insert_with(|| id.clone());
                    let text: String = chars[p.start..p.end].iter().collect();
                    result.push(json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
                        "value": {"start": p.start, "end": p.end, "text": text, "labels": [e.kind]}}));
                    result.push(json!({"id": id, "from_name": "entity", "to_name": "text", "type": "textarea",
                        "value": {"start": p.start, "end": p.end, "text": references}}));
                }
            }
            for r in &a.relations {
                if let (Some(from), Some(to)) = (first_region.get(&r.from), first_region.get(&r.to)) {
                    result.push(json!({"from_id": from, "to_id": to, "type": "relation", "direction": "right", "labels": [r.kind]}));
                }
            }
            json!({"id": ti + 1, "data": {"text": a.text, "title": a.title, "newslens_id": a.id},
                   "annotations": [{"id": ti + 1, "result": result}]})
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&tasks).expect("JSON values serialise");
    out.push('\n');
    out
}
