//! Label Studio JSON: one task per article, with `labels` regions (offsets in code points, as
//! current Label Studio uses), a `textarea` per region holding its entity's references
//! (`wikidata:Q1726`, or `newslens:ID` for an entity without links), and `relation` items.
//! A discontinuous mention becomes one region per piece. Written a task at a time from typed
//! structs borrowing the corpus, so memory stays near one article's output.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Corpus;

#[derive(Serialize)]
struct Task<'a> {
    id: usize,
    data: Data<'a>,
    annotations: [Annotation<'a>; 1],
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    title: &'a str,
    newslens_id: &'a str,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: usize,
    result: Vec<Item<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Region {
        id: String,
        from_name: &'static str,
        to_name: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: Value<'a>,
    },
    Relation {
        from_id: String,
        to_id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        direction: &'static str,
        labels: [&'a str; 1],
    },
}

#[derive(Serialize)]
#[serde(untagged)]
enum Value<'a> {
    Labels { start: usize, end: usize, text: &'a str, labels: [&'a str; 1] },
    References { start: usize, end: usize, text: Vec<String> },
}

/// The corpus as a Label Studio task list, written into `w` a task at a time: the same text
/// as the whole list pretty-printed.
pub fn export(corpus: &Corpus, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(b"[")?;
    for (ti, a) in corpus.articles.iter().enumerate() {
        let text = serde_json::to_string_pretty(&task(corpus, ti, a)).expect("plain structs serialise");
        w.write_all(if ti == 0 { b"\n" } else { b",\n" })?;
        // Indented as an item of the list (strings hold no raw line breaks in JSON).
        for (k, line) in text.lines().enumerate() {
            if k > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(b"  ")?;
            w.write_all(crate::display::json_safe(line.to_string()).as_bytes())?;
        }
    }
    w.write_all(if corpus.articles.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// Article `a` (the `ti`-th) as a task.
fn task<'a>(corpus: &'a Corpus, ti: usize, a: &'a crate::model::Article) -> Task<'a> {
    let offsets = a.mention_offsets();
    let mut result = Vec::new();
    let mut region_of: HashMap<(crate::model::Span, usize), String> = HashMap::new();
    let mut first_region: HashMap<usize, String> = HashMap::new();
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
            region_of.entry((m.span, m.entity)).or_insert_with(|| id.clone());
            let text = offsets.slice(&a.text, *p);
            let (start, end) = (p.start, p.end);
            result.push(Item::Region {
                id: id.clone(),
                from_name: "label",
                to_name: "text",
                kind: "labels",
                value: Value::Labels { start, end, text, labels: [&e.kind] },
            });
            result.push(Item::Region {
                id,
                from_name: "entity",
                to_name: "text",
                kind: "textarea",
                value: Value::References { start, end, text: references.clone() },
            });
        }
    }
    for r in &a.relations {
        // The regions it links, where known; else each entity's first.
        let ends = match r.spans {
            Some((fs, ts)) => (region_of.get(&(fs, r.from)), region_of.get(&(ts, r.to))),
            None => (first_region.get(&r.from), first_region.get(&r.to)),
        };
        if let (Some(from), Some(to)) = ends {
            result.push(Item::Relation {
                from_id: from.clone(),
                to_id: to.clone(),
                kind: "relation",
                direction: "right",
                labels: [&r.kind],
            });
        }
    }
    Task {
        id: ti + 1,
        data: Data { text: &a.text, title: &a.title, newslens_id: &a.id },
        annotations: [Annotation { id: ti + 1, result }],
    }
}
