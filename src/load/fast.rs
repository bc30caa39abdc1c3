//! The fast path for reading a valid article: typed deserialisation straight into the model,
//! with the same checks as [`super::schema`], but without positions. Anything unusual (a type
//! error, a check that fails, something that would be a warning) returns `None`, and the caller
//! runs the `serde_json::Value` checker, which says exactly what and where.
//!
//! A test compares the two paths on every case of the error table and on generated input.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::date::PartialDate;
use crate::model::{Article, Entity, Event, Mention, Note, Relation, Source, Span};

#[derive(Deserialize)]
struct RawArticle<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    title: Option<String>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
    language: Option<String>,
    source: Option<RawSource>,
    text: Option<String>,
    #[serde(default, borrow)]
    entities: Option<Vec<RawEntity<'a>>>,
    #[serde(default, borrow)]
    mentions: Option<Vec<RawMention<'a>>>,
    #[serde(default, borrow)]
    events: Option<Vec<RawEvent<'a>>>,
    #[serde(default)]
    notes: Option<Vec<RawNote>>,
    #[serde(default, borrow)]
    relations: Option<Vec<RawRelation<'a>>>,
}

#[derive(Deserialize)]
struct RawSource {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct RawEntity<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    aliases: Option<Vec<String>>,
    description: Option<String>,
    links: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct RawSpan {
    start: Option<usize>,
    end: Option<usize>,
}

#[derive(Deserialize)]
struct RawMention<'a> {
    #[serde(borrow)]
    entity: Option<Cow<'a, str>>,
    start: Option<usize>,
    end: Option<usize>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    fragments: Option<Vec<RawSpan>>,
    attributes: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Deserialize)]
struct RawEvent<'a> {
    id: Option<String>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    end_date: Option<Cow<'a, str>>,
    title: Option<String>,
    description: Option<String>,
    #[serde(borrow)]
    entities: Option<Vec<Cow<'a, str>>>,
    sources: Option<Vec<String>>,
    anchors: Option<Vec<RawSpan>>,
}

#[derive(Deserialize)]
struct RawNote {
    start: Option<usize>,
    end: Option<usize>,
    text: Option<String>,
}

#[derive(Deserialize)]
struct RawRelation<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    from: Option<Cow<'a, str>>,
    #[serde(borrow)]
    to: Option<Cow<'a, str>>,
}

/// A required string field: present and not blank.
fn required<T: AsRef<str>>(v: Option<T>) -> Option<T> {
    v.filter(|s| !s.as_ref().trim().is_empty())
}

fn date(s: Option<Cow<str>>) -> Option<Option<PartialDate>> {
    match s {
        None => Some(None),
        Some(s) => PartialDate::parse(&s).ok().map(Some),
    }
}

fn span(start: Option<usize>, end: Option<usize>, len: usize) -> Option<Span> {
    let (start, end) = (start?, end?);
    (start < end && end <= len).then_some(Span { start, end })
}

/// Entity ids of one article → their index: a short list is scanned, a long one hashed.
enum Ids<'a> {
    Few(Vec<Cow<'a, str>>),
    Many(HashMap<Cow<'a, str>, usize>),
}

impl<'a> Ids<'a> {
    /// Adds the next id; false if it was already there.
    fn insert(&mut self, id: Cow<'a, str>) -> bool {
        match self {
            Ids::Few(v) if v.contains(&id) => false,
            Ids::Few(v) if v.len() < 48 => {
                v.push(id);
                true
            }
            Ids::Few(v) => {
                let mut map: HashMap<Cow<'a, str>, usize> = v.drain(..).enumerate().map(|(i, k)| (k, i)).collect();
                let n = map.len();
                let new = map.insert(id, n).is_none();
                *self = Ids::Many(map);
                new
            }
            Ids::Many(m) => {
                let n = m.len();
                match m.entry(id) {
                    std::collections::hash_map::Entry::Occupied(_) => false,
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(n);
                        true
                    }
                }
            }
        }
    }

    fn get(&self, id: &str) -> Option<usize> {
        match self {
            Ids::Few(v) => v.iter().position(|k| k == id),
            Ids::Many(m) => m.get(id).copied(),
        }
    }
}

/// The article and its entities (indices local to it), if `src` (UTF-8 is checked here) is a
/// valid article with nothing to warn about.
pub fn article(src: &[u8]) -> Option<(Article, Vec<Entity>)> {
    let raw: RawArticle = serde_json::from_slice(src).ok()?;
    let id = required(raw.id)?.into_owned();
    let title = required(raw.title)?;
    let text = required(raw.text)?;
    let article_date = date(raw.date)?;

    let mut entities = Vec::new();
    let mut index = Ids::Few(Vec::new());
    for e in raw.entities.unwrap_or_default() {
        let id = required(e.id)?;
        if !index.insert(id.clone()) {
            return None;
        }
        entities.push(Entity {
            id: id.into_owned(),
            name: required(e.name)?,
            kind: required(e.kind)?,
            aliases: e.aliases.unwrap_or_default(),
            description: e.description,
            links: e.links.unwrap_or_default(),
        });
    }

    let raw_mentions = raw.mentions.unwrap_or_default();
    // Char offsets → byte offsets, in one pass over the text, for checking covered text.
    let mut wanted: Vec<usize> = Vec::new();
    for m in &raw_mentions {
        wanted.extend([m.start?, m.end?]);
        for f in m.fragments.iter().flatten() {
            wanted.extend([f.start?, f.end?]);
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    // `bytes[k]` is the byte offset of char `wanted[k]`.
    let mut bytes = Vec::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    let mut len = 0;
    for (i, (b, _)) in text.char_indices().enumerate() {
        if next.next_if(|&&w| w == i).is_some() {
            bytes.push(b);
        }
        len = i + 1;
    }
    if next.next_if(|&&w| w == len).is_some() {
        bytes.push(text.len());
    }
    let byte = |c: usize| wanted.binary_search(&c).ok().and_then(|k| bytes.get(k).copied());
    let slice = |s: Span| -> Option<&str> { Some(&text[byte(s.start)?..byte(s.end)?]) };

    let mut mentions = Vec::with_capacity(raw_mentions.len());
    for m in raw_mentions {
        let entity = index.get(m.entity.as_deref()?)?;
        let extent = span(m.start, m.end, len)?;
        let mut fragments = Vec::new();
        for f in m.fragments.unwrap_or_default() {
            let s = span(f.start, f.end, len)?;
            if fragments.last().is_some_and(|p: &Span| p.end > s.start) {
                return None;
            }
            fragments.push(s);
        }
        if let (Some(first), Some(last)) = (fragments.first(), fragments.last())
            && (first.start != extent.start || last.end != extent.end)
        {
            return None;
        }
        if let Some(claimed) = m.text {
            let ok = if fragments.is_empty() {
                slice(extent)? == claimed
            } else {
                let pieces: Option<Vec<&str>> = fragments.iter().map(|f| slice(*f)).collect();
                pieces?.join(" ") == claimed
            };
            if !ok {
                return None;
            }
        }
        let mut attributes = Vec::new();
        for (k, v) in m.attributes.unwrap_or_default() {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return None,
            };
            attributes.push((k, v));
        }
        mentions.push(Mention::with(entity, extent, fragments, attributes));
    }
    mentions.sort_by_key(|m| (m.span.start, m.span.end));

    let mut events = Vec::new();
    let mut event_ids = std::collections::HashSet::new();
    for e in raw.events.unwrap_or_default() {
        let id = required(e.id)?;
        let (start, end) = (date(e.date)?, date(e.end_date)?);
        match (start, end) {
            (Some(d), Some(x)) if x < d => return None,
            (None, Some(_)) => return None,
            _ => {}
        }
        if !event_ids.insert(id.clone()) {
            return None;
        }
        let mut ents = Vec::new();
        for name in e.entities.unwrap_or_default() {
            // An unknown entity is a warning: the checker says so.
            let i = index.get(name.as_ref())?;
            if !ents.contains(&i) {
                ents.push(i);
            }
        }
        let anchors: Option<Vec<Span>> =
            e.anchors.unwrap_or_default().into_iter().map(|a| span(a.start, a.end, len)).collect();
        events.push(Event {
            id,
            date: start,
            end_date: end,
            title: required(e.title)?,
            description: e.description,
            entities: ents,
            sources: e.sources.unwrap_or_default(),
            anchors: anchors?,
        });
    }

    let mut notes = Vec::new();
    for n in raw.notes.unwrap_or_default() {
        notes.push(Note { span: span(n.start, n.end, len)?, text: required(n.text)? });
    }
    let mut relations = Vec::new();
    for r in raw.relations.unwrap_or_default() {
        let from = index.get(required(r.from)?.as_ref())?;
        let to = index.get(required(r.to)?.as_ref())?;
        relations.push(Relation { kind: required(r.kind)?, from, to });
    }

    let article = Article {
        id,
        title,
        date: article_date,
        language: raw.language,
        source: raw.source.map(|s| Source { name: s.name, url: s.url }),
        text,
        entities: Vec::new(),
        mentions,
        events,
        notes,
        relations,
    };
    Some((article, entities))
}

#[cfg(test)]
mod tests {
    use super::super::schema::{Checker, Draft};
    use super::*;

    /// The checker's verdict on `src`: the article, or `None` with every diagnostic.
    fn checked(src: &str) -> (Option<(Article, Vec<Entity>)>, usize) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(src) else { return (None, 1) };
        let mut c = Checker { src, path: "t", line_offset: 0, prefix: Vec::new(), diagnostics: Vec::new() };
        let draft = c.article(&value);
        (draft.map(|Draft { article, entities, .. }| (article, entities)), c.diagnostics.len())
    }

    /// The fast path may only accept what the checker accepts without a word, and must build
    /// the same article; it should accept everything the checker accepts silently.
    fn agree(src: &str) {
        let fast = article(src.as_bytes());
        let (slow, diagnostics) = checked(src);
        match (&fast, diagnostics) {
            (Some(f), 0) => assert_eq!(Some(f), slow.as_ref(), "{src}"),
            (Some(_), n) => panic!("fast path accepted what the checker reports {n} problems in: {src}"),
            (None, 0) => panic!("fast path refused a clean article: {src}"),
            (None, _) => {}
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_checker() {
        agree(crate::example::EXAMPLE_JSON);
        let mut generated = Vec::new();
        crate::synth::write_corpus(&mut generated, 40, None, 5).unwrap();
        for line in std::str::from_utf8(&generated).unwrap().lines() {
            agree(line);
        }
        let base = r#"{"id": "a", "title": "T", "text": "Kø Huawei", "entities": [{"id": "h", "name": "Huawei", "type": "ORG"}]"#;
        for extra in [
            "",
            r#", "mentions": [{"entity": "h", "start": 3, "end": 9, "text": "Huawei"}]"#,
            r#", "mentions": [{"entity": "h", "start": 3, "end": 9, "text": "Huawe"}]"#,
            r#", "mentions": [{"entity": "h", "start": 9, "end": 3}]"#,
            r#", "mentions": [{"entity": "h", "start": 3, "end": 3}]"#,
            r#", "mentions": [{"entity": "h", "start": 3, "end": 99}]"#,
            r#", "mentions": [{"entity": "x", "start": 3, "end": 9}]"#,
            r#", "mentions": [{"entity": "h", "start": "3", "end": 9}]"#,
            r#", "mentions": [{"entity": "h", "start": 0, "end": 9, "fragments": [{"start": 0, "end": 2}, {"start": 3, "end": 9}], "text": "Kø Huawei"}]"#,
            r#", "mentions": [{"entity": "h", "start": 0, "end": 9, "fragments": [{"start": 3, "end": 9}, {"start": 0, "end": 2}]}]"#,
            r#", "mentions": [{"entity": "h", "start": 3, "end": 9, "attributes": {"Negated": true, "n": 2}}]"#,
            r#", "mentions": [{"entity": "h", "start": 3, "end": 9, "attributes": {"x": null}}]"#,
            r#", "date": "2023-9""#,
            r#", "date": null, "language": "", "source": {"name": "N"}"#,
            r#", "events": [{"id": "e", "date": "2023", "title": "E", "entities": ["h"]}]"#,
            r#", "events": [{"id": "e", "date": "2023", "title": "E", "entities": ["ghost"]}]"#,
            r#", "events": [{"id": "e", "title": "Undated"}]"#,
            r#", "events": [{"id": "e", "end_date": "2023", "title": "E"}]"#,
            r#", "events": [{"id": "e", "date": "2023-05", "end_date": "2023-04", "title": "E"}]"#,
            r#", "events": [{"id": "e", "date": "2023", "title": "E"}, {"id": "e", "date": "2023", "title": "F"}]"#,
            r#", "notes": [{"start": 0, "end": 2, "text": "note"}]"#,
            r#", "notes": [{"start": 0, "end": 2, "text": " "}]"#,
            r#", "relations": [{"type": "r", "from": "h", "to": "h"}]"#,
            r#", "relations": [{"type": "r", "from": "h", "to": "nobody"}]"#,
            r#", "title": 5"#,
        ] {
            agree(&format!("{base}{extra}}}"));
        }
        agree(r#"{"id": " ", "title": "T", "text": "x"}"#);
        agree(
            r#"{"id": "a", "title": "T", "text": "x", "entities": [{"id": "h", "name": "H", "type": "ORG"}, {"id": "h", "name": "H", "type": "ORG"}]}"#,
        );
        agree(
            r#"{"id": "a", "title": "T", "text": "x", "entities": [{"id": "h", "name": "H", "type": "ORG", "links": {"wikidata": 5}}]}"#,
        );
    }
}
