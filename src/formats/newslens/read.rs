//! newslens JSON: an article object, an array of them, or one per line (JSON Lines).
//!
//! One typed, borrowing pass reads each article ([`RawArticle`]: every field lenient, so a
//! field of the wrong type is a finding, not the end of reading), and one function,
//! [`check`], states every rule of the format: required fields, spans, fragments, claimed
//! text, dates, ids. Problems are collected with their JSON path; only when there are some is
//! the source walked again to turn paths into lines and columns.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::date::PartialDate;
use crate::diagnostic::locate::{Seg, line_col_bytes, locate_bytes};
use crate::diagnostic::{Diagnostic, Report, Severity, quote, syntax_message, syntax_position_bytes};
use crate::import::lenient::{Document, Field, Lenient, Scalar, document};
use crate::import::{Draft, Imported, Local};
use crate::link::KnownEntities;
use crate::model::{
    Argument, Article, AttrValue, CharOffsets, Entity, Event, EventDetail, Filler, Mention, Note, Relation, Source,
    Span,
};

/// An optional string field.
type Str<'a> = Option<Field<Cow<'a, str>>>;
/// An optional list field.
type List<T> = Option<Field<Vec<Field<T>>>>;

#[derive(Default)]
struct RawArticle<'a> {
    id: Str<'a>,
    title: Str<'a>,
    date: Str<'a>,
    language: Str<'a>,
    source: Option<Field<RawSource<'a>>>,
    text: Str<'a>,
    entities: List<RawEntity<'a>>,
    mentions: List<RawMention<'a>>,
    events: List<RawEvent<'a>>,
    notes: List<RawNote<'a>>,
    relations: List<RawRelation<'a>>,
}

#[derive(Default)]
struct RawSource<'a> {
    name: Str<'a>,
    url: Str<'a>,
}

#[derive(Default)]
struct RawEntity<'a> {
    id: Str<'a>,
    name: Str<'a>,
    kind: Str<'a>,
    aliases: List<Cow<'a, str>>,
    description: Str<'a>,
    links: Option<Field<BTreeMap<String, Field<Cow<'a, str>>>>>,
}

#[derive(Default)]
struct RawSpan<'a> {
    start: Option<Field<u64>>,
    end: Option<Field<u64>>,
    _borrows: std::marker::PhantomData<&'a ()>,
}

#[derive(Default)]
struct RawMention<'a> {
    entity: Str<'a>,
    start: Option<Field<u64>>,
    end: Option<Field<u64>>,
    text: Str<'a>,
    fragments: List<RawSpan<'a>>,
    attributes: Option<Field<BTreeMap<String, Field<RawAttr>>>>,
}

#[derive(Default)]
struct RawEvent<'a> {
    id: Str<'a>,
    date: Str<'a>,
    end_date: Str<'a>,
    title: Str<'a>,
    description: Str<'a>,
    entities: List<Cow<'a, str>>,
    sources: List<Cow<'a, str>>,
    anchors: List<RawSpan<'a>>,
    kind: Str<'a>,
    arguments: List<RawArgument<'a>>,
    attributes: Option<Field<BTreeMap<String, Field<RawAttr>>>>,
    notes: List<Cow<'a, str>>,
}

#[derive(Default)]
struct RawNote<'a> {
    start: Option<Field<u64>>,
    end: Option<Field<u64>>,
    text: Str<'a>,
}

#[derive(Default)]
struct RawRelation<'a> {
    kind: Str<'a>,
    from: Str<'a>,
    to: Str<'a>,
    from_span: Option<Field<RawSpan<'a>>>,
    to_span: Option<Field<RawSpan<'a>>>,
    notes: List<Cow<'a, str>>,
}

#[derive(Default)]
struct RawArgument<'a> {
    role: Str<'a>,
    entity: Str<'a>,
    event: Str<'a>,
    start: Option<Field<u64>>,
    end: Option<Field<u64>>,
}

crate::lenient_object!(
    RawArticle {
        id: "id", title: "title", date: "date", language: "language", source: "source", text: "text",
        entities: "entities", mentions: "mentions", events: "events", notes: "notes", relations: "relations",
    }
    RawSource { name: "name", url: "url" }
    RawEntity { id: "id", name: "name", kind: "type", aliases: "aliases", description: "description", links: "links" }
    RawSpan { start: "start", end: "end" }
    RawMention {
        entity: "entity", start: "start", end: "end", text: "text", fragments: "fragments", attributes: "attributes",
    }
    RawEvent {
        id: "id", date: "date", end_date: "end_date", title: "title", description: "description", entities: "entities",
        sources: "sources", anchors: "anchors", kind: "type", arguments: "arguments", attributes: "attributes",
        notes: "notes",
    }
    RawNote { start: "start", end: "end", text: "text" }
    RawRelation { kind: "type", from: "from", to: "to", from_span: "from_span", to_span: "to_span", notes: "notes" }
    RawArgument { role: "role", entity: "entity", event: "event", start: "start", end: "end" }
);

/// A mention or event attribute's value as read: a string, number or `true`/`false`.
struct RawAttr(AttrValue);

impl<'de> Lenient<'de> for RawAttr {
    fn from_scalar(s: Scalar<'de>) -> Result<Self, Scalar<'de>> {
        Ok(RawAttr(match s {
            Scalar::Str(s) => AttrValue::Text(s.into_owned()),
            Scalar::Bool(b) => AttrValue::Bool(b),
            Scalar::U64(n) => AttrValue::Number(n.to_string()),
            Scalar::I64(n) => AttrValue::Number(n.to_string()),
            Scalar::F64(x) => match serde_json::Number::from_f64(x) {
                Some(n) => AttrValue::Number(n.to_string()),
                None => return Err(s),
            },
        }))
    }
}

/// Reads a newslens file: one article or an array (`lines` false), or one article per line.
pub fn read(text: &str, lines: bool, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    if lines {
        for (i, line) in text.split('\n').enumerate() {
            if !line.trim().is_empty() {
                let read = read_json(line.as_bytes(), i, None, report);
                imported.articles.extend(read.articles);
                imported.events.extend(read.events);
            }
        }
    } else {
        imported = read_json(text.as_bytes(), 0, None, report);
    }
    imported
}

/// Reads one JSON text (a whole file, or one line of JSON Lines at line `line_offset`,
/// 0-based); UTF-8 is checked as it is parsed. Every problem goes to `report`; the articles
/// without errors are returned, and the events of timeline records (an object with `events` and
/// no `id`, `title` or `text`: events that belong to no article). Entities in `known` are
/// referred to, not built again.
pub fn read_json(src: &[u8], line_offset: usize, known: Option<&KnownEntities>, report: &mut Report) -> Imported {
    // simdutf8 validates many times faster than the standard library on mixed text.
    let text = match simdutf8::basic::from_utf8(src) {
        Ok(text) => text,
        Err(_) => {
            let bad = std::str::from_utf8(src).expect_err("simdutf8 and std agree");
            report.diagnostics.push(Diagnostic::not_utf8(&report.path, src, bad.valid_up_to(), line_offset));
            return Imported::default();
        }
    };
    let doc = match document::<RawArticle>(text) {
        Ok(doc) => doc,
        Err(e) => {
            let (line, col) = syntax_position_bytes(src, &e);
            report.push(Severity::Error, Some((line + line_offset, col)), syntax_message(&e));
            return Imported::default();
        }
    };
    let items = match doc {
        Document::One(a) => vec![(None, a)],
        Document::Many(list) => list.into_iter().enumerate().map(|(i, a)| (Some(i), a)).collect(),
    };
    let mut out = Imported::default();
    for (index, item) in items {
        let prefix: &[Seg] = match index {
            Some(i) => &[Seg::Index(i)],
            None => &[],
        };
        let mut rules = Rules::default();
        let item = match item {
            Field::Ok(raw) if raw.id.is_none() && raw.title.is_none() && raw.text.is_none() && raw.events.is_some() => {
                // A timeline record: its events belong to no article, and name no entities.
                let events = events(&mut rules, raw.events, &Ids::Few(Vec::new()), 0);
                if !rules.has_errors() {
                    out.events.extend(events);
                }
                for (severity, at, message) in rules.problems {
                    let path: Vec<Seg> = prefix.iter().chain(&at).copied().collect();
                    let (line, col) = line_col_bytes(src, locate_bytes(src, &path));
                    report.push(severity, Some((line + line_offset, col)), message);
                }
                continue;
            }
            other => other,
        };
        let draft = check(item, known, &mut rules);
        let position = |at: &[Seg]| {
            let path: Vec<Seg> = prefix.iter().chain(at).copied().collect();
            let (line, col) = line_col_bytes(src, locate_bytes(src, &path));
            (line + line_offset, col)
        };
        for (severity, at, message) in rules.problems {
            report.push(severity, Some(position(&at)), message);
        }
        if let Some((article, entities, id_ptr)) = draft {
            // A borrowed id points into `text`: its place is known without walking the JSON
            // again (the byte before it is its opening quote).
            let id_position = match id_ptr.and_then(|p| p.checked_sub(text.as_ptr() as usize + 1)) {
                Some(at) if at < src.len() => {
                    let (line, col) = line_col_bytes(src, at);
                    (line + line_offset, col)
                }
                _ => position(&[Seg::Key("id")]),
            };
            out.articles.push(Draft { article, entities, id_position: Some(id_position) });
        }
    }
    out
}

/// Where in an article a problem is: a path of keys and indices.
type At = Vec<Seg>;

/// Collects the problems of one article, with their paths.
#[derive(Default)]
struct Rules {
    problems: Vec<(Severity, At, String)>,
}

fn join(at: &[Seg], seg: Seg) -> At {
    let mut v = at.to_vec();
    v.push(seg);
    v
}

impl Rules {
    fn error(&mut self, at: &[Seg], message: String) {
        self.problems.push((Severity::Error, at.to_vec(), message));
    }

    fn warning(&mut self, at: &[Seg], message: String) {
        self.problems.push((Severity::Warning, at.to_vec(), message));
    }

    fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.0 == Severity::Error)
    }

    /// A value that must be present, or `None` with "missing required field".
    fn present<T>(&mut self, v: Option<T>, at: &[Seg], key: &str, what: &str) -> Option<T> {
        if v.is_none() {
            self.error(at, format!("missing required field \"{key}\" ({what})"));
        }
        v
    }

    /// An optional string field.
    fn string<'a>(&mut self, v: Str<'a>, at: &[Seg], key: &'static str) -> Option<Cow<'a, str>> {
        match v? {
            Field::Ok(s) => Some(s),
            Field::Wrong(found) => {
                self.error(&join(at, Seg::Key(key)), format!("\"{key}\" must be a string, found {found}"));
                None
            }
        }
    }

    /// A required string field: present and not blank.
    fn required<'a>(&mut self, v: Str<'a>, at: &[Seg], key: &'static str) -> Option<Cow<'a, str>> {
        let v = self.present(v, at, key, "a string")?;
        let s = self.string(Some(v), at, key)?;
        if s.trim().is_empty() {
            self.error(&join(at, Seg::Key(key)), format!("\"{key}\" is empty; expected a non-empty string"));
            return None;
        }
        Some(s)
    }

    /// An optional array field, empty when absent or of the wrong type.
    fn array<T>(&mut self, v: List<T>, at: &[Seg], key: &'static str) -> Vec<Field<T>> {
        match v {
            None => Vec::new(),
            Some(Field::Ok(items)) => items,
            Some(Field::Wrong(found)) => {
                self.error(&join(at, Seg::Key(key)), format!("\"{key}\" must be an array, found {found}"));
                Vec::new()
            }
        }
    }

    /// An optional array of strings.
    fn strings<'a>(&mut self, v: List<Cow<'a, str>>, at: &[Seg], key: &'static str) -> Vec<Cow<'a, str>> {
        let items = self.array(v, at, key);
        // Sized to the array: grown from empty, a list of one string would hold room for four
        // for as long as the corpus is loaded.
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Field::Ok(s) => out.push(s),
                Field::Wrong(found) => {
                    let here = join(&join(at, Seg::Key(key)), Seg::Index(i));
                    self.error(&here, format!("\"{key}\" must hold strings, found {found}"))
                }
            }
        }
        out
    }

    /// An element that must be an object.
    fn object<T>(&mut self, v: Field<T>, at: &[Seg], what: &str) -> Option<T> {
        match v {
            Field::Ok(o) => Some(o),
            Field::Wrong(found) => {
                self.error(at, format!("expected {what} (an object), found {found}"));
                None
            }
        }
    }

    fn offset(&mut self, v: Option<Field<u64>>, at: &[Seg], key: &'static str) -> Option<usize> {
        match self.present(v, at, key, "a character offset")? {
            Field::Ok(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            Field::Wrong(found) => {
                self.error(
                    &join(at, Seg::Key(key)),
                    format!("\"{key}\" must be a non-negative integer (a character offset), found {found}"),
                );
                None
            }
        }
    }

    fn date(&mut self, v: Str, at: &[Seg], key: &'static str) -> Option<PartialDate> {
        let s = self.string(v, at, key)?;
        match PartialDate::parse(&s) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(&join(at, Seg::Key(key)), format!("malformed date {}: {why}", quote(&s)));
                None
            }
        }
    }

    /// `start` and `end`, checked against a text of `len` chars.
    fn span(&mut self, start: Option<Field<u64>>, end: Option<Field<u64>>, at: &[Seg], len: usize) -> Option<Span> {
        let start = self.offset(start, at, "start");
        let end = self.offset(end, at, "end");
        let (start, end) = (start?, end?);
        if start > end {
            self.error(at, format!("start {start} is after end {end}; expected start < end"));
            None
        } else if start == end {
            self.error(at, format!("empty span (start = end = {start}); a span covers at least one character"));
            None
        } else if end > len {
            self.error(&join(at, Seg::Key("end")), format!("end {end} is past the end of the text ({len} characters)"));
            None
        } else {
            Some(Span { start, end })
        }
    }
}

/// Ids of one article (its entities', or its events') → their index: a short list is scanned,
/// a long one hashed.
enum Ids<'a> {
    Few(Vec<Cow<'a, str>>),
    Many(FxHashMap<Cow<'a, str>, usize>),
}

impl<'a> Ids<'a> {
    /// Adds the next id; false if it was already there.
    fn insert(&mut self, id: Cow<'a, str>) -> bool {
        match self {
            Ids::Few(v) if v.contains(&id) => false,
            Ids::Few(v) if v.len() < 8 => {
                v.push(id);
                true
            }
            Ids::Few(v) => {
                let mut map: FxHashMap<Cow<'a, str>, usize> = v.drain(..).enumerate().map(|(i, k)| (k, i)).collect();
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

/// The rules of the format, written once: checks one article, reporting every problem into
/// `rules`, and builds it (entity indices local to it) when there was no error.
/// The third value is the address of the article's id in the source, when it was borrowed.
fn check(
    item: Field<RawArticle>,
    known: Option<&KnownEntities>,
    rules: &mut Rules,
) -> Option<(Article, Vec<Local>, Option<usize>)> {
    let root: &[Seg] = &[];
    let raw = rules.object(item, root, "an article")?;
    let id_ptr = match &raw.id {
        Some(Field::Ok(Cow::Borrowed(s))) => Some(s.as_ptr() as usize),
        _ => None,
    };
    let id = rules.required(raw.id, root, "id");
    let title = rules.required(raw.title, root, "title");
    let date = rules.date(raw.date, root, "date");
    let language = rules.string(raw.language, root, "language");
    let source = source(rules, raw.source);
    let text = rules.required(raw.text, root, "text").unwrap_or_default();

    let (entities, index) = entities_of(rules, raw.entities, known);

    let (mentions, len) = mentions_of(rules, raw.mentions, &text, &index);

    let events = events(rules, raw.events, &index, len);

    let notes = notes_of(rules, raw.notes, len);
    let relations = relations_of(rules, raw.relations, &index, len);

    if rules.has_errors() {
        return None;
    }
    let article = Article {
        id: id?.into_owned(),
        title: title?.into_owned(),
        date,
        language: language.map(Cow::into_owned),
        source,
        text: text.into_owned(),
        entities: Vec::new(),
        mentions,
        events,
        notes,
        relations,
        file: None,
        read_from: None,
    };
    Some((article, entities, id_ptr))
}

/// The article's entity definitions: each new one, or a reference to the corpus's entity it
/// repeats (see [`KnownEntities`]); and the index of their ids.
fn entities_of<'a>(
    rules: &mut Rules,
    raw: List<RawEntity<'a>>,
    known: Option<&KnownEntities>,
) -> (Vec<Local>, Ids<'a>) {
    let root: &[Seg] = &[];
    let mut entities = Vec::new();
    let mut index = Ids::Few(Vec::new());
    for (i, item) in rules.array(raw, root, "entities").into_iter().enumerate() {
        let at = [Seg::Key("entities"), Seg::Index(i)];
        let Some(e) = rules.object(item, &at, "an entity") else { continue };
        let id = rules.required(e.id, &at, "id");
        let name = rules.required(e.name, &at, "name");
        let kind = rules.required(e.kind, &at, "type");
        let aliases = rules.strings(e.aliases, &at, "aliases");
        let description = rules.string(e.description, &at, "description");
        let links = links(rules, e.links, &at);
        let (Some(id), Some(name), Some(kind)) = (id, name, kind) else { continue };
        if !index.insert(id.clone()) {
            rules.error(
                &join(&at, Seg::Key("id")),
                format!("duplicate entity id {}; each entity id must be unique within the article", quote(&id)),
            );
            continue;
        }
        if let Some(i) = known.and_then(|k| k.get(&id, &name, &kind)) {
            entities.push(Local::Known(i));
            continue;
        }
        entities.push(Local::New(Entity {
            id: id.into_owned(),
            name: name.into_owned(),
            kind: kind.into_owned(),
            aliases: aliases.into_iter().map(Cow::into_owned).collect(),
            description: description.map(Cow::into_owned),
            links,
        }));
    }

    (entities, index)
}

/// The article's mentions, checked against the text (spans, fragments, claimed text) and the
/// entities of `index`, in text order; and the text's length in chars.
fn mentions_of(rules: &mut Rules, raw: List<RawMention>, text: &str, index: &Ids) -> (Vec<Mention>, usize) {
    let root: &[Seg] = &[];
    let raw_mentions = rules.array(raw, root, "mentions");
    // Every offset a mention names, so covered text is sliced in one pass over the text.
    let offset = |f: &Option<Field<u64>>| match f {
        Some(Field::Ok(n)) => usize::try_from(*n).ok(),
        _ => None,
    };
    let mut wanted = Vec::new();
    for m in raw_mentions.iter() {
        let Field::Ok(m) = m else { continue };
        wanted.extend([offset(&m.start), offset(&m.end)].into_iter().flatten());
        if let Some(Field::Ok(fragments)) = &m.fragments {
            for f in fragments {
                if let Field::Ok(f) = f {
                    wanted.extend([offset(&f.start), offset(&f.end)].into_iter().flatten());
                }
            }
        }
    }
    let bytes = CharOffsets::new(text, wanted);
    let len = bytes.len;

    let mut mentions = Vec::with_capacity(raw_mentions.len());
    for (i, item) in raw_mentions.into_iter().enumerate() {
        let at = [Seg::Key("mentions"), Seg::Index(i)];
        let Some(m) = rules.object(item, &at, "a mention") else { continue };
        let entity = rules.required(m.entity, &at, "entity");
        let span = rules.span(m.start, m.end, &at, len);
        let fragments = fragments(rules, m.fragments, &at, len, span);
        let claimed = rules.string(m.text, &at, "text");
        let attributes = attributes_of(rules, m.attributes, &at);
        let entity = entity.and_then(|id| {
            let found = index.get(&id);
            if found.is_none() {
                rules.error(
                    &join(&at, Seg::Key("entity")),
                    format!("unknown entity {}; define it in \"entities\"", quote(&id)),
                );
            }
            found
        });
        let (Some(span), Some(fragments)) = (span, fragments) else { continue };
        // brat's convention: the text of a discontinuous span is its pieces joined by a space.
        if let Some(claimed) = claimed {
            let covered: Cow<str> = if fragments.is_empty() {
                Cow::Borrowed(bytes.slice(text, span))
            } else {
                Cow::Owned(fragments.iter().map(|f| bytes.slice(text, *f)).collect::<Vec<_>>().join(" "))
            };
            if covered != claimed {
                rules.error(
                    &join(&at, Seg::Key("text")),
                    format!(
                        "mention text {} differs from the covered text {} (chars {}–{}); fix the offsets or the text",
                        quote(&claimed),
                        quote(&covered),
                        span.start,
                        span.end
                    ),
                );
                continue;
            }
        }
        if let Some(entity) = entity {
            mentions.push(Mention::with(entity, span, fragments, attributes));
        }
    }
    mentions.sort_by_key(|m| (m.span.start, m.span.end));

    (mentions, len)
}

/// The article's notes on passages, in reading order.
fn notes_of(rules: &mut Rules, raw: List<RawNote>, len: usize) -> Vec<Note> {
    let root: &[Seg] = &[];
    let raw_notes = rules.array(raw, root, "notes");
    // Lists are sized exactly: a corpus keeps them for as long as it is open.
    let mut notes = Vec::with_capacity(raw_notes.len());
    for (i, item) in raw_notes.into_iter().enumerate() {
        let at = [Seg::Key("notes"), Seg::Index(i)];
        let Some(n) = rules.object(item, &at, "a note") else { continue };
        let span = rules.span(n.start, n.end, &at, len);
        let text = rules.required(n.text, &at, "text");
        if let (Some(span), Some(text)) = (span, text) {
            notes.push(Note { span, text: text.into_owned() });
        }
    }
    // Notes in reading order: `]` and `[` step through them so, and count them so.
    notes.sort_by_key(|n| (n.span.start, n.span.end));

    notes
}

/// The article's relations between the entities of `index` (one naming an unknown entity is
/// left out, with a warning).
fn relations_of(rules: &mut Rules, raw: List<RawRelation>, index: &Ids, len: usize) -> Vec<Relation> {
    let root: &[Seg] = &[];
    let raw_relations = rules.array(raw, root, "relations");
    let mut relations = Vec::with_capacity(raw_relations.len());
    for (i, item) in raw_relations.into_iter().enumerate() {
        let at = [Seg::Key("relations"), Seg::Index(i)];
        let Some(r) = rules.object(item, &at, "a relation") else { continue };
        let kind = rules.required(r.kind, &at, "type");
        let from = rules.required(r.from, &at, "from");
        let to = rules.required(r.to, &at, "to");
        let (Some(kind), Some(from), Some(to)) = (kind, from, to) else { continue };
        let mut find = |key: &'static str, id: &str| {
            let found = index.get(id);
            if found.is_none() {
                rules.warning(
                    &join(&at, Seg::Key(key)),
                    format!(
                        "relation names unknown entity {}; the relation is left out (define it in \"entities\")",
                        quote(id)
                    ),
                );
            }
            found
        };
        let (from, to) = (find("from", &from), find("to", &to));
        let span_of = |rules: &mut Rules, v: Option<Field<RawSpan>>, key: &'static str| {
            let here = join(&at, Seg::Key(key));
            let s = rules.object(v?, &here, "a span")?;
            rules.span(s.start, s.end, &here, len)
        };
        let given = r.from_span.is_some() || r.to_span.is_some();
        let reported = rules.problems.len();
        let spans = (span_of(rules, r.from_span, "from_span"), span_of(rules, r.to_span, "to_span"));
        let spans = match spans {
            (Some(f), Some(t)) => Some((f, t)),
            (None, None) if !given => None,
            _ => {
                if rules.problems.len() == reported {
                    rules.error(&at, "a relation gives both \"from_span\" and \"to_span\", or neither".into());
                }
                continue;
            }
        };
        let notes = rules.strings(r.notes, &at, "notes").into_iter().map(Cow::into_owned).collect();
        if let (Some(from), Some(to)) = (from, to) {
            relations.push(Relation { kind: kind.into_owned(), from, to, spans, notes });
        }
    }

    relations
}

fn source(rules: &mut Rules, v: Option<Field<RawSource>>) -> Option<Source> {
    let at = [Seg::Key("source")];
    let s = rules.object(v?, &at, "\"source\"")?;
    let name = rules.string(s.name, &at, "name").map(Cow::into_owned);
    let url = rules.string(s.url, &at, "url").map(Cow::into_owned);
    Some(Source { name, url })
}

fn links(
    rules: &mut Rules,
    v: Option<Field<BTreeMap<String, Field<Cow<str>>>>>,
    at: &[Seg],
) -> BTreeMap<String, String> {
    let Some(v) = v else { return BTreeMap::new() };
    let here = join(at, Seg::Key("links"));
    let Some(map) = rules.object(v, &here, "\"links\"") else { return BTreeMap::new() };
    let mut links = BTreeMap::new();
    for (k, v) in map {
        match v {
            Field::Ok(s) => {
                links.insert(k, s.into_owned());
            }
            Field::Wrong(found) => rules.error(
                &here,
                format!("link {} must be a string (an id such as \"Q160120\"), found {found}", quote(&k)),
            ),
        }
    }
    links
}

fn attributes_of(
    rules: &mut Rules,
    v: Option<Field<BTreeMap<String, Field<RawAttr>>>>,
    at: &[Seg],
) -> Vec<(String, AttrValue)> {
    let Some(v) = v else { return Vec::new() };
    let here = join(at, Seg::Key("attributes"));
    let Some(map) = rules.object(v, &here, "\"attributes\"") else { return Vec::new() };
    let mut out = Vec::new();
    for (k, v) in map {
        match v {
            Field::Ok(RawAttr(v)) => out.push((k, v)),
            Field::Wrong(found) => rules
                .error(&here, format!("attribute {} must be a string, number or true/false, found {found}", quote(&k))),
        }
    }
    out
}

/// A discontinuous mention's pieces: in order, not overlapping, from `start` to `end`.
fn fragments(rules: &mut Rules, v: List<RawSpan>, at: &[Seg], len: usize, extent: Option<Span>) -> Option<Vec<Span>> {
    let mut out: Vec<Span> = Vec::new();
    for (k, f) in rules.array(v, at, "fragments").into_iter().enumerate() {
        let here = [at[0], at[1], Seg::Key("fragments"), Seg::Index(k)];
        let f = rules.object(f, &here, "a fragment")?;
        let span = rules.span(f.start, f.end, &here, len)?;
        if out.last().is_some_and(|prev| prev.end > span.start) {
            rules.error(
                &here,
                format!(
                    "fragment {}–{} overlaps or precedes the one before; list fragments in text order",
                    span.start, span.end
                ),
            );
            return None;
        }
        out.push(span);
    }
    let extent = extent?;
    match (out.first(), out.last()) {
        (Some(first), Some(last)) if first.start != extent.start || last.end != extent.end => {
            rules.error(&join(at, Seg::Key("fragments")), format!(
                "fragments run from {} to {} but the mention from {} to {}; start and end must be the first fragment's start and the last one's end",
                first.start, last.end, extent.start, extent.end
            ));
            None
        }
        _ => Some(out),
    }
}

fn events(rules: &mut Rules, v: List<RawEvent>, index: &Ids, len: usize) -> Vec<Event> {
    let mut seen = Ids::Few(Vec::new());
    let raw_events = rules.array(v, &[], "events");
    let mut out = Vec::with_capacity(raw_events.len());
    for (i, item) in raw_events.into_iter().enumerate() {
        let at = [Seg::Key("events"), Seg::Index(i)];
        let Some(e) = rules.object(item, &at, "an event") else { continue };
        let id = rules.required(e.id, &at, "id");
        let date = rules.date(e.date, &at, "date");
        let has_end = e.end_date.is_some();
        let end_date = rules.date(e.end_date, &at, "end_date");
        let title = rules.required(e.title, &at, "title");
        let description = rules.string(e.description, &at, "description");
        let sources = rules.strings(e.sources, &at, "sources");
        let mut entities = Vec::new();
        for name in rules.strings(e.entities, &at, "entities") {
            match index.get(&name) {
                Some(x) if !entities.contains(&x) => entities.push(x),
                Some(_) => {}
                None => rules.warning(
                    &join(&at, Seg::Key("entities")),
                    format!(
                        "event names unknown entity {}; it is left out of the event (define it in \"entities\")",
                        quote(&name)
                    ),
                ),
            }
        }
        let mut anchors = Vec::new();
        for (k, a) in rules.array(e.anchors, &at, "anchors").into_iter().enumerate() {
            let here = [at[0], at[1], Seg::Key("anchors"), Seg::Index(k)];
            if let Some(a) = rules.object(a, &here, "an anchor")
                && let Some(span) = rules.span(a.start, a.end, &here, len)
            {
                anchors.push(span);
            }
        }
        if let (Some(d), Some(x)) = (date, end_date)
            && x < d
        {
            rules.error(&join(&at, Seg::Key("end_date")), format!("end_date {x} is before date {d}"));
        }
        // An end without a beginning, whether `date` is missing or null.
        if date.is_none() && has_end && !rules.problems.iter().any(|p| p.1 == join(&at, Seg::Key("date"))) {
            rules
                .error(&join(&at, Seg::Key("end_date")), "end_date without date; give the date the event began".into());
        }
        let raw = RawDetail { kind: e.kind, arguments: e.arguments, attributes: e.attributes, notes: e.notes };
        let detail = detail(rules, &at, raw, index, len);
        let (Some(id), Some(title)) = (id, title) else { continue };
        if !seen.insert(id.clone()) {
            rules.error(
                &join(&at, Seg::Key("id")),
                format!("duplicate event id {}; each event id must be unique within the article", quote(&id)),
            );
            continue;
        }
        out.push(Event {
            id: id.into_owned(),
            date,
            end_date,
            title: title.into_owned(),
            description: description.map(Cow::into_owned),
            entities,
            sources: sources.into_iter().map(Cow::into_owned).collect(),
            anchors,
            detail,
        });
    }
    // An argument that is an event names one of this article's events (`seen` holds their ids).
    for (i, e) in out.iter().enumerate() {
        for (k, a) in e.detail.iter().flat_map(|d| d.arguments.iter().enumerate()) {
            if let Filler::Event(id) = &a.filler
                && seen.get(id).is_none()
            {
                let at = [Seg::Key("events"), Seg::Index(i), Seg::Key("arguments"), Seg::Index(k), Seg::Key("event")];
                rules
                    .error(&at, format!("unknown event {}; an argument names an event of the same article", quote(id)));
            }
        }
    }
    out
}

/// The fields of an event that give its structure, as read.
struct RawDetail<'a> {
    kind: Str<'a>,
    arguments: List<RawArgument<'a>>,
    attributes: Option<Field<BTreeMap<String, Field<RawAttr>>>>,
    notes: List<Cow<'a, str>>,
}

/// An event's structure (`type`, `arguments`, `attributes`, `notes`), when it has a type.
fn detail(rules: &mut Rules, at: &[Seg], raw: RawDetail, index: &Ids, len: usize) -> Option<Box<EventDetail>> {
    let RawDetail { kind, arguments, attributes, notes } = raw;
    let structured = arguments.is_some() || attributes.is_some() || notes.is_some();
    let kind = rules.string(kind, at, "type");
    if kind.is_none() && structured && !rules.problems.iter().any(|p| p.1 == join(at, Seg::Key("type"))) {
        rules.error(at, "an event with \"arguments\", \"attributes\" or \"notes\" needs its \"type\"".into());
    }
    let mut args = Vec::new();
    for (k, item) in rules.array(arguments, at, "arguments").into_iter().enumerate() {
        let here = [at[0], at[1], Seg::Key("arguments"), Seg::Index(k)];
        let Some(a) = rules.object(item, &here, "an argument") else { continue };
        let role = rules.required(a.role, &here, "role");
        // An event fills the role, or a mention: its entity and passage.
        if let Some(event) = rules.string(a.event, &here, "event") {
            if let Some(role) = role {
                args.push(Argument { role: role.into_owned(), filler: Filler::Event(event.into_owned()) });
            }
            continue;
        }
        let entity = rules.required(a.entity, &here, "entity");
        let span = rules.span(a.start, a.end, &here, len);
        let entity = entity.and_then(|id| {
            let found = index.get(&id);
            if found.is_none() {
                rules.error(
                    &join(&here, Seg::Key("entity")),
                    format!("unknown entity {}; define it in \"entities\"", quote(&id)),
                );
            }
            found
        });
        if let (Some(role), Some(entity), Some(span)) = (role, entity, span) {
            args.push(Argument { role: role.into_owned(), filler: Filler::Mention { entity, span } });
        }
    }
    let attributes = attributes_of(rules, attributes, at);
    let notes = rules.strings(notes, at, "notes").into_iter().map(Cow::into_owned).collect();
    let kind = kind?.into_owned();
    Some(Box::new(EventDetail { kind, arguments: args, attributes, notes }))
}
