//! Checks one parsed article against the format and turns it into the model, collecting
//! every problem rather than stopping at the first.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::diagnostic::{Diagnostic, Severity, describe, quote};
use super::locate::{Seg, line_col, locate};
use crate::date::PartialDate;
use crate::model::{Article, Entity, Event, Mention, Note, Relation, Source, Span};

/// An article whose entity indices point into its own `entities`, not yet into a corpus.
pub struct Draft {
    /// The article; `entities` is empty until it joins a corpus.
    pub article: Article,
    /// The entities it defines, in file order.
    pub entities: Vec<Entity>,
    /// Where its `id` is, for messages about duplicates.
    pub id_position: (usize, usize),
}

/// Reports problems at positions inside one piece of JSON source.
pub struct Checker<'a> {
    /// The JSON text that positions refer to (a whole file, or one line of JSON Lines).
    pub src: &'a str,
    /// The file name shown in messages.
    pub path: &'a str,
    /// Lines before `src` in the file.
    pub line_offset: usize,
    /// Where the article sits in `src` (an array element, or nothing).
    pub prefix: Vec<Seg>,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
}

type Obj = Map<String, Value>;

impl Checker<'_> {
    /// The 1-based line and column of the value at `at` (relative to the article).
    pub fn position(&self, at: &[Seg]) -> (usize, usize) {
        let mut full = self.prefix.clone();
        full.extend_from_slice(at);
        let (line, col) = line_col(self.src, locate(self.src, &full));
        (line + self.line_offset, col)
    }

    fn report(&mut self, severity: Severity, at: &[Seg], message: String) {
        let position = Some(self.position(at));
        self.diagnostics.push(Diagnostic { path: self.path.to_string(), position, severity, message });
    }

    fn error(&mut self, at: &[Seg], message: String) {
        self.report(Severity::Error, at, message);
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    fn field<'v>(
        &mut self,
        obj: &'v Obj,
        at: &[Seg],
        key: &'static str,
        what: &str,
        required: bool,
    ) -> Option<&'v Value> {
        match obj.get(key) {
            Some(Value::Null) | None if required => {
                self.error(at, format!("missing required field \"{key}\" ({what})"));
                None
            }
            Some(Value::Null) | None => None,
            Some(v) => Some(v),
        }
    }

    fn string(&mut self, obj: &Obj, at: &[Seg], key: &'static str, required: bool) -> Option<String> {
        let v = self.field(obj, at, key, "a string", required)?;
        match v {
            Value::String(s) if required && s.trim().is_empty() => {
                self.error(&join(at, Seg::Key(key)), format!("\"{key}\" is empty; expected a non-empty string"));
                None
            }
            Value::String(s) => Some(s.clone()),
            other => {
                let found = describe(other);
                self.error(&join(at, Seg::Key(key)), format!("\"{key}\" must be a string, found {found}"));
                None
            }
        }
    }

    fn strings(&mut self, obj: &Obj, at: &[Seg], key: &'static str) -> Vec<String> {
        let here = join(at, Seg::Key(key));
        let Some(items) = self.array(obj, at, key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            match v {
                Value::String(s) => out.push(s.clone()),
                other => {
                    let found = describe(other);
                    self.error(&join(&here, Seg::Index(i)), format!("\"{key}\" must hold strings, found {found}"));
                }
            }
        }
        out
    }

    fn array<'v>(&mut self, obj: &'v Obj, at: &[Seg], key: &'static str) -> Option<&'v Vec<Value>> {
        match self.field(obj, at, key, "an array", false)? {
            Value::Array(items) => Some(items),
            other => {
                let found = describe(other);
                self.error(&join(at, Seg::Key(key)), format!("\"{key}\" must be an array, found {found}"));
                None
            }
        }
    }

    fn object<'v>(&mut self, v: &'v Value, at: &[Seg], what: &str) -> Option<&'v Obj> {
        match v {
            Value::Object(o) => Some(o),
            other => {
                let found = describe(other);
                self.error(at, format!("expected {what} (an object), found {found}"));
                None
            }
        }
    }

    fn offset(&mut self, obj: &Obj, at: &[Seg], key: &'static str) -> Option<usize> {
        let v = self.field(obj, at, key, "a character offset", true)?;
        match v.as_u64() {
            Some(n) => Some(n as usize),
            None => {
                let found = describe(v);
                self.error(
                    &join(at, Seg::Key(key)),
                    format!("\"{key}\" must be a non-negative integer (a character offset), found {found}"),
                );
                None
            }
        }
    }

    fn date(&mut self, obj: &Obj, at: &[Seg], key: &'static str, required: bool) -> Option<PartialDate> {
        let s = self.string(obj, at, key, required)?;
        match PartialDate::parse(&s) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(&join(at, Seg::Key(key)), format!("malformed date {}: {why}", quote(&s)));
                None
            }
        }
    }

    /// Reads `start`/`end` and checks them against a text of `len` chars.
    fn span(&mut self, obj: &Obj, at: &[Seg], len: usize) -> Option<Span> {
        let start = self.offset(obj, at, "start");
        let end = self.offset(obj, at, "end");
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

    /// Checks one article; `None` when it has errors (they are in `diagnostics`).
    pub fn article(&mut self, value: &Value) -> Option<Draft> {
        let root: &[Seg] = &[];
        let obj = self.object(value, root, "an article")?;
        let id = self.string(obj, root, "id", true);
        let title = self.string(obj, root, "title", true);
        let date = self.date(obj, root, "date", false);
        let language = self.string(obj, root, "language", false);
        let source = self.source(obj);
        let text = self.string(obj, root, "text", true);
        let text = text.unwrap_or_default();
        // Char index → byte index, so covered text is sliced by chars.
        let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let len = bounds.len() - 1;

        let entities = self.entities(obj);
        let known: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        let mentions = self.mentions(obj, &known, &text, &bounds);
        let events = self.events(obj, &known, len);
        let notes = self.notes(obj, len);
        let relations = self.relations(obj, &known);

        let id_position = self.position(&[Seg::Key("id")]);
        if self.has_errors() {
            return None;
        }
        let article = Article {
            id: id?,
            title: title?,
            date,
            language,
            source,
            text,
            entities: Vec::new(),
            mentions,
            events,
            notes,
            relations,
        };
        Some(Draft { article, entities, id_position })
    }

    fn source(&mut self, obj: &Obj) -> Option<Source> {
        let at = [Seg::Key("source")];
        let v = self.field(obj, &[], "source", "an object", false)?;
        let o = self.object(v, &at, "\"source\"")?;
        Some(Source { name: self.string(o, &at, "name", false), url: self.string(o, &at, "url", false) })
    }

    fn entities(&mut self, obj: &Obj) -> Vec<Entity> {
        let Some(items) = self.array(obj, &[], "entities") else {
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let at = [Seg::Key("entities"), Seg::Index(i)];
            let Some(o) = self.object(v, &at, "an entity") else {
                continue;
            };
            let id = self.string(o, &at, "id", true);
            let name = self.string(o, &at, "name", true);
            let kind = self.string(o, &at, "type", true);
            let aliases = self.strings(o, &at, "aliases");
            let description = self.string(o, &at, "description", false);
            let links = self.links(o, &at);
            let (Some(id), Some(name), Some(kind)) = (id, name, kind) else {
                continue;
            };
            if !seen.insert(id.clone()) {
                self.error(
                    &join(&at, Seg::Key("id")),
                    format!("duplicate entity id {}; each entity id must be unique within the article", quote(&id)),
                );
                continue;
            }
            out.push(Entity { id, name, kind, aliases, description, links });
        }
        out
    }

    fn links(&mut self, o: &Obj, at: &[Seg]) -> BTreeMap<String, String> {
        let mut links = BTreeMap::new();
        let Some(v) = self.field(o, at, "links", "an object", false) else {
            return links;
        };
        let here = join(at, Seg::Key("links"));
        let Some(map) = self.object(v, &here, "\"links\"") else {
            return links;
        };
        for (k, v) in map {
            match v {
                Value::String(s) => {
                    links.insert(k.clone(), s.clone());
                }
                other => {
                    let found = describe(other);
                    self.error(
                        &here,
                        format!("link {} must be a string (an id such as \"Q160120\"), found {found}", quote(k)),
                    );
                }
            }
        }
        links
    }

    fn mentions(&mut self, obj: &Obj, known: &[&str], text: &str, bounds: &[usize]) -> Vec<Mention> {
        let Some(items) = self.array(obj, &[], "mentions") else {
            return Vec::new();
        };
        let len = bounds.len() - 1;
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let at = [Seg::Key("mentions"), Seg::Index(i)];
            let Some(o) = self.object(v, &at, "a mention") else {
                continue;
            };
            let entity = self.string(o, &at, "entity", true);
            let span = self.span(o, &at, len);
            let fragments = self.fragments(o, &at, len, span);
            let claimed = self.string(o, &at, "text", false);
            let attributes = self.attributes(o, &at);
            let entity = entity.and_then(|id| match known.iter().position(|k| *k == id) {
                Some(e) => Some(e),
                None => {
                    self.error(
                        &join(&at, Seg::Key("entity")),
                        format!("unknown entity {}; define it in \"entities\"", quote(&id)),
                    );
                    None
                }
            });
            let (Some(span), Some(fragments)) = (span, fragments) else {
                continue;
            };
            let slice = |s: Span| &text[bounds[s.start]..bounds[s.end]];
            // brat's convention: the text of a discontinuous span is its pieces joined by a space.
            let covered = if fragments.is_empty() {
                slice(span).to_string()
            } else {
                fragments.iter().map(|f| slice(*f)).collect::<Vec<_>>().join(" ")
            };
            if let Some(claimed) = claimed
                && claimed != covered
            {
                self.error(
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
            if let Some(entity) = entity {
                out.push(Mention::with(entity, span, fragments, attributes));
            }
        }
        out.sort_by_key(|m| (m.span.start, m.span.end));
        out
    }

    /// A discontinuous mention's pieces: in order, not overlapping, from `start` to `end`.
    fn fragments(&mut self, o: &Obj, at: &[Seg], len: usize, extent: Option<Span>) -> Option<Vec<Span>> {
        let Some(list) = self.array(o, at, "fragments") else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        for (k, f) in list.iter().enumerate() {
            let here = [at[0], at[1], Seg::Key("fragments"), Seg::Index(k)];
            let fo = self.object(f, &here, "a fragment")?;
            let span = self.span(fo, &here, len)?;
            if out.last().is_some_and(|prev: &Span| prev.end > span.start) {
                self.error(
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
                self.error(&join(at, Seg::Key("fragments")), format!(
                    "fragments run from {} to {} but the mention from {} to {}; start and end must be the first fragment's start and the last one's end",
                    first.start, last.end, extent.start, extent.end
                ));
                None
            }
            _ => Some(out),
        }
    }

    fn attributes(&mut self, o: &Obj, at: &[Seg]) -> Vec<(String, String)> {
        let Some(v) = self.field(o, at, "attributes", "an object", false) else {
            return Vec::new();
        };
        let here = join(at, Seg::Key("attributes"));
        let Some(map) = self.object(v, &here, "\"attributes\"") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map {
            match v {
                Value::String(s) => out.push((k.clone(), s.clone())),
                Value::Bool(b) => out.push((k.clone(), b.to_string())),
                Value::Number(n) => out.push((k.clone(), n.to_string())),
                other => {
                    let found = describe(other);
                    self.error(
                        &here,
                        format!("attribute {} must be a string, number or true/false, found {found}", quote(k)),
                    );
                }
            }
        }
        out
    }

    fn relations(&mut self, obj: &Obj, known: &[&str]) -> Vec<Relation> {
        let Some(items) = self.array(obj, &[], "relations") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let at = [Seg::Key("relations"), Seg::Index(i)];
            let Some(o) = self.object(v, &at, "a relation") else {
                continue;
            };
            let kind = self.string(o, &at, "type", true);
            let from = self.string(o, &at, "from", true);
            let to = self.string(o, &at, "to", true);
            let (Some(kind), Some(from), Some(to)) = (kind, from, to) else {
                continue;
            };
            let find =
                |this: &mut Self, key: &'static str, id: &str| {
                    let found = known.iter().position(|k| *k == id);
                    if found.is_none() {
                        this.report(Severity::Warning, &join(&at, Seg::Key(key)), format!(
                        "relation names unknown entity {}; the relation is left out (define it in \"entities\")",
                        quote(id)
                    ));
                    }
                    found
                };
            if let (Some(from), Some(to)) = (find(self, "from", &from), find(self, "to", &to)) {
                out.push(Relation { kind, from, to });
            }
        }
        out
    }

    fn events(&mut self, obj: &Obj, known: &[&str], len: usize) -> Vec<Event> {
        let Some(items) = self.array(obj, &[], "events") else {
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let at = [Seg::Key("events"), Seg::Index(i)];
            let Some(o) = self.object(v, &at, "an event") else {
                continue;
            };
            let id = self.string(o, &at, "id", true);
            let date = self.date(o, &at, "date", false);
            let end_date = self.date(o, &at, "end_date", false);
            let title = self.string(o, &at, "title", true);
            let description = self.string(o, &at, "description", false);
            let sources = self.strings(o, &at, "sources");
            let names = self.strings(o, &at, "entities");
            let mut entities = Vec::new();
            for name in names {
                match known.iter().position(|k| *k == name) {
                    Some(e) if !entities.contains(&e) => entities.push(e),
                    Some(_) => {}
                    None => self.report(
                        Severity::Warning,
                        &join(&at, Seg::Key("entities")),
                        format!(
                            "event names unknown entity {}; it is left out of the event (define it in \"entities\")",
                            quote(&name)
                        ),
                    ),
                }
            }
            let mut anchors = Vec::new();
            if let Some(list) = self.array(o, &at, "anchors") {
                for (k, a) in list.iter().enumerate() {
                    let here = [at[0], at[1], Seg::Key("anchors"), Seg::Index(k)];
                    if let Some(ao) = self.object(a, &here, "an anchor")
                        && let Some(span) = self.span(ao, &here, len)
                    {
                        anchors.push(span);
                    }
                }
            }
            if let (Some(d), Some(e)) = (date, end_date)
                && e < d
            {
                self.error(&join(&at, Seg::Key("end_date")), format!("end_date {e} is before date {d}"));
            }
            if date.is_none() && end_date.is_some() && !o.contains_key("date") {
                self.error(
                    &join(&at, Seg::Key("end_date")),
                    "end_date without date; give the date the event began".into(),
                );
            }
            let (Some(id), Some(title)) = (id, title) else {
                continue;
            };
            if !seen.insert(id.clone()) {
                self.error(
                    &join(&at, Seg::Key("id")),
                    format!("duplicate event id {}; each event id must be unique within the article", quote(&id)),
                );
                continue;
            }
            out.push(Event { id, date, end_date, title, description, entities, sources, anchors });
        }
        out
    }

    fn notes(&mut self, obj: &Obj, len: usize) -> Vec<Note> {
        let Some(items) = self.array(obj, &[], "notes") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let at = [Seg::Key("notes"), Seg::Index(i)];
            let Some(o) = self.object(v, &at, "a note") else {
                continue;
            };
            let span = self.span(o, &at, len);
            let text = self.string(o, &at, "text", true);
            if let (Some(span), Some(text)) = (span, text) {
                out.push(Note { span, text });
            }
        }
        out
    }
}

fn join(at: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut v = at.to_vec();
    v.push(seg);
    v
}
