//! newslens JSON Lines, in canonical form:
//! fixed field order, mentions sorted, empty optional fields left out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::PartialDate;
use crate::model::{Article, AttrValue, Corpus, Event, Filler, Source, Span};

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut<'a>>,
    text: &'a str,
    entities: Vec<EntityOut<'a>>,
    mentions: Vec<MentionOut<'a>>,
    events: Vec<EventOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<NoteOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationOut<'a>>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    links: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    entity: &'a str,
    start: usize,
    end: usize,
    text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fragments: Vec<SpanOut>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<&'a str, &'a AttrValue>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    from: &'a str,
    to: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_span: Option<SpanOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_span: Option<SpanOut>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

#[derive(Serialize)]
struct ArgumentOut<'a> {
    role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<PartialDate>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    entities: Vec<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    anchors: Vec<SpanOut>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    arguments: Vec<ArgumentOut<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<&'a str, &'a AttrValue>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct NoteOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn span(s: Span) -> SpanOut {
    SpanOut { start: s.start, end: s.end }
}

fn source(s: &Source) -> SourceOut<'_> {
    SourceOut { name: s.name.as_deref(), url: s.url.as_deref() }
}

fn article<'a>(corpus: &'a Corpus, a: &'a Article) -> ArticleOut<'a> {
    let id = |i: usize| corpus.entities[i].id.as_str();
    let offsets = a.mention_offsets();
    ArticleOut {
        id: &a.id,
        title: &a.title,
        date: a.date,
        language: a.language.as_deref(),
        source: a.source.as_ref().map(source),
        text: &a.text,
        entities: a
            .entities
            .iter()
            .map(|&i| {
                let e = &corpus.entities[i];
                EntityOut {
                    id: &e.id,
                    name: &e.name,
                    kind: &e.kind,
                    aliases: &e.aliases,
                    description: e.description.as_deref(),
                    links: &e.links,
                }
            })
            .collect(),
        mentions: a
            .mentions
            .iter()
            .map(|m| MentionOut {
                entity: id(m.entity),
                start: m.span.start,
                end: m.span.end,
                text: a.covered(&offsets, m),
                fragments: m.fragments().iter().copied().map(span).collect(),
                attributes: m.attributes().iter().map(|(k, v)| (k.as_str(), v)).collect(),
            })
            .collect(),
        events: a.events.iter().map(|e| event(corpus, e)).collect(),
        notes: a.notes.iter().map(|n| NoteOut { start: n.span.start, end: n.span.end, text: &n.text }).collect(),
        relations: a
            .relations
            .iter()
            .map(|r| RelationOut {
                kind: &r.kind,
                from: id(r.from),
                to: id(r.to),
                from_span: r.spans.map(|s| span(s.0)),
                to_span: r.spans.map(|s| span(s.1)),
                notes: &r.notes,
            })
            .collect(),
    }
}

fn event<'a>(corpus: &'a Corpus, e: &'a Event) -> EventOut<'a> {
    let id = |i: usize| corpus.entities[i].id.as_str();
    EventOut {
        id: &e.id,
        date: e.date,
        end_date: e.end_date,
        title: &e.title,
        description: e.description.as_deref(),
        entities: e.entities.iter().map(|&i| id(i)).collect(),
        sources: &e.sources,
        anchors: e.anchors.iter().copied().map(span).collect(),
        kind: e.detail.as_ref().map(|d| d.kind.as_str()),
        arguments: e
            .detail
            .iter()
            .flat_map(|d| &d.arguments)
            .map(|x| match &x.filler {
                Filler::Mention { entity, span } => ArgumentOut {
                    role: &x.role,
                    entity: Some(id(*entity)),
                    start: Some(span.start),
                    end: Some(span.end),
                    event: None,
                },
                Filler::Event(ev) => {
                    ArgumentOut { role: &x.role, entity: None, start: None, end: None, event: Some(ev) }
                }
            })
            .collect(),
        attributes: e.detail.iter().flat_map(|d| &d.attributes).map(|(k, v)| (k.as_str(), v)).collect(),
        notes: e.detail.as_ref().map_or(&[][..], |d| &d.notes),
    }
}

/// The events that belong to no article (a TimelineJS file's), as one JSON Lines record.
#[derive(Serialize)]
struct TimelineOut<'a> {
    events: Vec<EventOut<'a>>,
}

/// The corpus as JSON Lines: one canonical article object per line, after a timeline record
/// (`{"events": […]}`) when the corpus has events of no article.
pub fn to_jsonl(corpus: &Corpus) -> String {
    let mut out = Vec::new();
    write_jsonl(corpus, &mut out).expect("writing into memory does not fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`to_jsonl`] written into `w` a line at a time, never holding more than one article's.
pub fn write_jsonl(corpus: &Corpus, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !corpus.events.is_empty() {
        let timeline = TimelineOut { events: corpus.events.iter().map(|e| event(corpus, e)).collect() };
        writeln!(w, "{}", crate::display::json_safe(serde_json::to_string(&timeline).expect("events serialise")))?;
    }
    for a in &corpus.articles {
        writeln!(w, "{}", article_line(corpus, a))?;
    }
    Ok(())
}

/// One article of `corpus` as its canonical JSON Lines record (without the newline).
pub fn article_line(corpus: &Corpus, a: &Article) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    crate::display::json_safe(serde_json::to_string(&article(corpus, a)).expect("article serialises"))
}

/// One article of `corpus` as an indented JSON object, as a `.json` file holds it.
pub fn article_pretty(corpus: &Corpus, a: &Article) -> String {
    crate::display::json_safe(serde_json::to_string_pretty(&article(corpus, a)).expect("article serialises"))
}
