//! Readers for the annotation formats users already have. Each converts its offsets to ours
//! (chars, end exclusive), checks every span against the text the format stores, and builds
//! articles through [`ArticleBuilder`], which decides nothing about identity: the reader says
//! which mentions are one entity.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod label_studio;
pub mod lenient;
pub mod newslens;
pub mod offsets;
pub mod spacy;
pub mod timelinejs;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use crate::diagnostic::Report;
use crate::diagnostic::locate::{Seg, line_col, locate};
use crate::diagnostic::{syntax_message, syntax_position};
use offsets::OffsetUnit;

use crate::model::{Article, AttrValue, Entity, Event, Mention, Note, Relation, Span};

/// A format newslens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// newslens JSON (`.json`, one article or an array) or JSON Lines (`.jsonl`).
    Newslens,
    /// brat standoff: `.ann` with its `.txt` beside it.
    Brat,
    /// spaCy `Doc.to_json()` output, or displaCy's manual format.
    Spacy,
    /// Label Studio JSON export (a list of tasks).
    LabelStudio,
    /// doccano JSONL export.
    Doccano,
    /// CoNLL-2003 / IOB columns (IOB1 or IOB2).
    Conll,
    /// TimelineJS JSON: a timeline of events.
    Timelinejs,
}

impl Format {
    /// The name users type after `--from`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Newslens => "newslens",
            Format::Brat => "brat",
            Format::Spacy => "spacy",
            Format::LabelStudio => "label-studio",
            Format::Doccano => "doccano",
            Format::Conll => "conll",
            Format::Timelinejs => "timelinejs",
        }
    }

    /// Every format, in the order `--from` lists them.
    pub const ALL: [Format; 7] = [
        Format::Newslens,
        Format::Brat,
        Format::Spacy,
        Format::LabelStudio,
        Format::Doccano,
        Format::Conll,
        Format::Timelinejs,
    ];

    /// The file extensions (lower case, without the dot) that name this format for certain;
    /// a directory is searched for these and for [`JSON_EXTENSIONS`].
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Brat => &["ann"],
            Format::Conll => &["conll", "conllu", "iob", "iob2", "bio"],
            _ => &[],
        }
    }

    /// The format a file extension names for certain (`None` for JSON: its content decides).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.extensions().contains(&ext.as_str()))
    }

    /// Whether a directory walk reads this file: it has the extension of a format, or is JSON.
    pub fn is_readable_name(path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        JSON_EXTENSIONS.contains(&ext.as_str()) || Format::from_extension(path).is_some()
    }

    /// Every extension a directory is searched for, as messages list them (`.json, .jsonl, …`).
    pub fn all_extensions() -> Vec<&'static str> {
        let mut all: Vec<&str> = JSON_EXTENSIONS.to_vec();
        all.extend(Format::ALL.iter().flat_map(|f| f.extensions()));
        all
    }

    /// The format of a file, from its extension and, for JSON, a look at its content.
    pub fn detect(path: &Path, content: &str) -> Format {
        if let Some(f) = Format::from_extension(path) {
            return f;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let trimmed = content.trim_start_matches('\u{feff}').trim_start();
        if trimmed.is_empty() {
            // Nothing to tell formats apart by: newslens says the file is empty.
            return Format::Newslens;
        }
        let first_value: Option<serde_json::Value> = if ext == "jsonl" || !trimmed.starts_with(['{', '[']) {
            // A `.jsonl` file may hold one document pretty-printed over several lines.
            let first = trimmed.lines().next().and_then(|l| serde_json::from_str(l).ok());
            first.or_else(|| trimmed.starts_with('{').then(|| serde_json::from_str(trimmed).ok()).flatten())
        } else {
            serde_json::from_str(trimmed).ok()
        };
        match first_value {
            Some(v) => sniff_json(&v),
            None if trimmed.starts_with(['{', '[']) => Format::Newslens,
            None if looks_like_conll(trimmed) => Format::Conll,
            None => Format::Newslens,
        }
    }
}

/// Extensions of JSON files, whose format is told from their content.
pub const JSON_EXTENSIONS: [&str; 2] = ["json", "jsonl"];

/// Which JSON-based format a parsed value (a whole file, or its first line) is in.
fn sniff_json(v: &serde_json::Value) -> Format {
    let item = match v {
        serde_json::Value::Array(items) => items.first().unwrap_or(v),
        _ => v,
    };
    let has = |k: &str| item.get(k).is_some();
    let first_entity_has = |k: &str| item.get("entities").and_then(|e| e.get(0)).is_some_and(|e| e.get(k).is_some());
    let timeline =
        |e: &serde_json::Value| e.as_array().is_some_and(|l| l.first().is_none_or(|x| x.get("start_date").is_some()));
    if (has("data") && (has("annotations") || has("predictions"))) || has("completions") {
        Format::LabelStudio
    } else if (!has("text") && item.get("events").is_some_and(timeline))
        || item.get("timeline").and_then(|t| t.get("date")).is_some_and(serde_json::Value::is_array)
    {
        Format::Timelinejs
    } else if has("text") && (has("ents") || has("tokens") || has("spans")) {
        Format::Spacy
    } else if has("text") && (has("label") || has("labels") || first_entity_has("start_offset")) {
        Format::Doccano
    } else {
        Format::Newslens
    }
}

/// Lines of `token … TAG` with IOB tags in the last column.
fn looks_like_conll(text: &str) -> bool {
    text.lines().filter(|l| !l.trim().is_empty()).take(20).all(|l| {
        let tag = l.split_whitespace().last().unwrap_or("");
        l.starts_with("-DOCSTART-") || tag == "O" || tag.starts_with("B-") || tag.starts_with("I-")
    })
}

/// How a reader identifies an entity: mentions with the same `id` are one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityKey {
    /// The entity id: a KB id (`wikidata:Q1726`) or one made from article, type and text.
    pub id: String,
    /// Knowledge-base links to record on the entity.
    pub links: BTreeMap<String, String>,
    /// The id is an entity id of newslens's own (`newslens:ID`): it keeps its meaning, and is
    /// not joined to others by name.
    pub explicit: bool,
}

impl EntityKey {
    /// The entity named `text` of type `kind` in article `article` (same text and type within
    /// an article is one entity).
    pub fn by_text(article: &str, kind: &str, text: &str) -> EntityKey {
        EntityKey { id: format!("{article}:{kind}:{text}"), links: BTreeMap::new(), explicit: false }
    }

    /// The entity a knowledge-base reference such as `Wikidata:Q1726` or `Q1726` names; the same
    /// reference in any article is the same entity. `newslens:ID` names a newslens entity id
    /// (what our own exports write for entities without a link).
    pub fn by_reference(reference: &str) -> EntityKey {
        let (kb, id) = match reference.split_once(':') {
            Some((kb, id)) if !kb.is_empty() && !id.is_empty() => (kb.to_ascii_lowercase(), id.to_string()),
            _ if is_wikidata_id(reference) => ("wikidata".to_string(), reference.to_string()),
            _ => ("kb".to_string(), reference.to_string()),
        };
        if kb == "newslens" {
            return EntityKey { id: unescape_reference(&id), links: BTreeMap::new(), explicit: true };
        }
        EntityKey { id: format!("{kb}:{id}"), links: BTreeMap::from([(kb, id)]), explicit: false }
    }
}

/// A `newslens:ID` reference's id as written: `%` escapes for what brat cannot hold in a
/// reference (spaces, tabs, line breaks, `%` itself).
pub fn escape_reference(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            ' ' | '\t' | '\n' | '\r' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The id of an escaped reference (see [`escape_reference`]); other `%` are kept as they are.
fn unescape_reference(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let hex = rest.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) if b.is_ascii() => {
                out.push(b as char);
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_wikidata_id(s: &str) -> bool {
    s.len() > 1 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Builds one article from imported annotations, keeping the model's invariants: spans inside
/// the text, mentions sorted, entity indices valid.
#[derive(Debug)]
pub struct ArticleBuilder {
    article: Article,
    bounds: Vec<usize>,
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// Per entity, whether its id is explicit (see [`EntityKey::explicit`]).
    explicit: Vec<bool>,
}

impl ArticleBuilder {
    /// An article with this id, title and text, and no annotations yet.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<String>) -> ArticleBuilder {
        let text: String = text.into();
        let bounds = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let article = Article {
            id: id.into(),
            title: title.into(),
            date: None,
            language: None,
            source: None,
            text,
            entities: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            notes: Vec::new(),
            relations: Vec::new(),
            file: None,
        };
        ArticleBuilder { article, bounds, entities: Vec::new(), by_id: HashMap::new(), explicit: Vec::new() }
    }

    /// The article's id.
    pub fn id(&self) -> &str {
        &self.article.id
    }

    /// Number of chars in the text.
    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks `start..end` (chars) against the text; the error says what is wrong.
    pub fn span(&self, start: usize, end: usize) -> Result<Span, String> {
        if start >= end {
            Err(format!("span {start}–{end} is empty or reversed; start must be less than end"))
        } else if end > self.len() {
            Err(format!("span {start}–{end} ends past the end of the text ({} characters)", self.len()))
        } else {
            Ok(Span { start, end })
        }
    }

    /// The text of a span (which must be in range).
    pub fn slice(&self, s: Span) -> &str {
        &self.article.text[self.bounds[s.start]..self.bounds[s.end]]
    }

    /// The entity for `key`, created with `name` and `kind` the first time.
    pub fn entity(&mut self, key: EntityKey, name: &str, kind: &str) -> usize {
        if let Some(&i) = self.by_id.get(&key.id) {
            let e = &mut self.entities[i];
            if e.name != name && !e.aliases.iter().any(|a| a == name) {
                e.aliases.push(name.to_string());
            }
            return i;
        }
        let i = self.entities.len();
        self.by_id.insert(key.id.clone(), i);
        self.explicit.push(key.explicit);
        self.entities.push(Entity {
            id: key.id,
            name: name.to_string(),
            kind: kind.to_string(),
            aliases: Vec::new(),
            description: None,
            links: key.links,
        });
        i
    }

    /// Adds a mention of entity `entity` (from [`ArticleBuilder::entity`]) covering `pieces`
    /// (one span, or the fragments of a discontinuous mention, in order).
    pub fn mention(&mut self, entity: usize, pieces: &[Span], attributes: Vec<(String, AttrValue)>) -> usize {
        let span = Span { start: pieces[0].start, end: pieces[pieces.len() - 1].end };
        let fragments = if pieces.len() > 1 { pieces.to_vec() } else { Vec::new() };
        self.article.mentions.push(Mention::with(entity, span, fragments, attributes));
        self.article.mentions.len() - 1
    }

    /// Adds attributes to mention `m`.
    pub fn add_attribute(&mut self, m: usize, name: String, value: AttrValue) {
        self.article.mentions[m].add_attribute(name, value);
    }

    /// Sets the article's source (its publication, or where a tool says it came from).
    pub fn source(&mut self, name: &str) {
        self.article.source = Some(crate::model::Source { name: Some(name.to_string()), url: None });
    }

    /// Adds a note on a passage.
    pub fn note(&mut self, span: Span, text: String) {
        self.article.notes.push(Note { span, text });
    }

    /// Adds a relation between two mentions (indices from [`ArticleBuilder::mention`]), and
    /// returns its index.
    pub fn relation(&mut self, kind: String, from: usize, to: usize) -> usize {
        let (f, t) = (&self.article.mentions[from], &self.article.mentions[to]);
        let spans = Some((f.span, t.span));
        self.article.relations.push(Relation { kind, from: f.entity, to: t.entity, spans, notes: Vec::new() });
        self.article.relations.len() - 1
    }

    /// Adds a remark to relation `r`.
    pub fn relation_note(&mut self, r: usize, text: String) {
        self.article.relations[r].notes.push(text);
    }

    /// The entity and passage of mention `m`.
    pub fn mention_at(&self, m: usize) -> (usize, Span) {
        let mention = &self.article.mentions[m];
        (mention.entity, mention.span)
    }

    /// Adds an event (its entity indices from [`ArticleBuilder::entity`]).
    pub fn event(&mut self, event: Event) {
        self.article.events.push(event);
    }

    /// The finished article and its entities (indices local to it, as the loader expects).
    pub fn finish(mut self) -> Draft {
        self.article.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        self.article.notes.sort_by_key(|n| (n.span.start, n.span.end));
        let entities = self
            .entities
            .into_iter()
            .zip(self.explicit)
            .map(|(e, explicit)| if explicit { Local::Explicit(e) } else { Local::New(e) })
            .collect();
        Draft { article: self.article, entities, id_position: None }
    }
}

/// A title for an article without one: its first non-empty line, shortened.
pub fn title_from_text(text: &str, fallback: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or(fallback);
    let mut title: String = line.chars().take(80).collect();
    if line.chars().nth(80).is_some() {
        title.push('…');
    }
    title
}

/// One JSON document of a file and where it sits, for messages with line and column.
#[derive(Debug)]
pub struct Doc<'s> {
    /// The parsed document.
    pub value: serde_json::Value,
    /// The JSON text that `path` leads into (the file, or one line of JSON Lines).
    src: &'s str,
    /// Lines of the file before `src`.
    line_offset: usize,
    /// Where the document sits in `src`.
    path: Vec<Seg>,
    /// Its position among the file's documents (0-based), and whether there are several.
    pub index: usize,
    /// Whether the file holds more than one document.
    pub many: bool,
}

impl Doc<'_> {
    /// Line and column of the value at `p` inside the document.
    pub fn position(&self, p: &[Seg]) -> (usize, usize) {
        let mut full = self.path.clone();
        full.extend_from_slice(p);
        let (line, col) = line_col(self.src, locate(self.src, &full));
        (line + self.line_offset, col)
    }

    /// An id for the document: `stem` when the file has one document, else `stem-N`.
    pub fn default_id(&self, stem: &str) -> String {
        if self.many { format!("{stem}-{}", self.index + 1) } else { stem.to_string() }
    }
}

/// The JSON documents in a file: the items of a top-level array, the object itself, or (for
/// JSON Lines) one per non-empty line. Syntax errors are reported, and those lines skipped.
pub fn documents<'s>(src: &'s str, json_lines: bool, report: &mut Report) -> Vec<Doc<'s>> {
    fn parse<'s>(text: &'s str, line_offset: usize, out: &mut Vec<Doc<'s>>, report: &mut Report) {
        match serde_json::from_str(text) {
            Ok(serde_json::Value::Array(items)) => {
                let many = items.len() > 1;
                for (index, value) in items.into_iter().enumerate() {
                    out.push(Doc { value, src: text, line_offset, path: vec![Seg::Index(index)], index, many });
                }
            }
            Ok(value) => out.push(Doc { value, src: text, line_offset, path: Vec::new(), index: 0, many: false }),
            Err(e) => {
                let (line, col) = syntax_position(text, &e);
                report.error(line + line_offset, col, syntax_message(&e));
            }
        }
    }
    let mut out = Vec::new();
    if !json_lines {
        parse(src, 0, &mut out, report);
        return out;
    }
    let errors = report.diagnostics.len();
    for (i, line) in src.lines().enumerate() {
        if !line.trim().is_empty() {
            parse(line, i, &mut out, report);
        }
    }
    // A JSON document pretty-printed over many lines in a `.jsonl` file is one record, not a
    // broken line each.
    if report.diagnostics.len() > errors && serde_json::from_str::<serde_json::Value>(src).is_ok() {
        report.diagnostics.truncate(errors);
        report.warning(1, 1, "this .jsonl file holds one JSON document over several lines; it is read as JSON");
        out.clear();
        parse(src, 0, &mut out, report);
        return out;
    }
    let many = out.len() > 1;
    for (k, d) in out.iter_mut().enumerate() {
        d.index = k;
        d.many = many;
    }
    out
}

/// One file's text and how to read it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file (its extension, and for brat where its `.txt` and configuration are).
    pub path: &'a Path,
    /// Its text, without a byte-order mark.
    pub text: &'a str,
    /// What its articles are called when the format gives no id (the file's stem, or its path
    /// inside the directory that was opened).
    pub doc_id: &'a str,
    /// Offsets in doccano files count this unit (default: UTF-16 code units).
    pub offsets: Option<OffsetUnit>,
    /// CoNLL files without `-DOCSTART-` lines make an article of every so many sentences.
    pub conll_sentences: Option<usize>,
}

impl Input<'_> {
    /// Whether the file is JSON Lines (named `.jsonl`).
    pub fn json_lines(&self) -> bool {
        self.path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
    }
}

/// The file to read when the user names `path`: itself, except that a brat text (`.txt`)
/// with its annotations (`.ann`) beside it is read through the annotations.
pub fn file_to_read(path: &Path, from: Option<Format>) -> std::path::PathBuf {
    let is_txt = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let ann = path.with_extension("ann");
    if is_txt && from.is_none_or(|f| f == Format::Brat) && ann.is_file() { ann } else { path.to_path_buf() }
}

/// Reads one file in `format`; every problem goes to `report`.
pub fn read(format: Format, input: Input, report: &mut Report) -> Imported {
    let Input { path, text, doc_id, offsets, conll_sentences } = input;
    let lines = input.json_lines();
    match format {
        Format::Newslens => newslens::read(text, lines, report),
        Format::Brat => brat::read(path, text, doc_id, report),
        Format::Spacy => spacy::read(text, doc_id, lines, report),
        Format::LabelStudio => label_studio::read(text, doc_id, lines, report),
        Format::Doccano => {
            let unit = offsets.unwrap_or(OffsetUnit::Utf16);
            doccano::read(text, doc_id, lines || !text.trim_start().starts_with('['), unit, report)
        }
        Format::Conll => conll::read(text, doc_id, conll_sentences, report),
        Format::Timelinejs => timelinejs::read(text, doc_id, report),
    }
}

/// An article as a reader made it: entity indices point into its own `entities`, not yet into
/// a corpus.
#[derive(Debug)]
pub struct Draft {
    /// The article; its `entities` is empty until it joins a corpus.
    pub article: Article,
    /// The entities it uses.
    pub entities: Vec<Local>,
    /// Where a newslens file gives the article's id (`None` for other formats, whose ids are
    /// made up), for messages about duplicates.
    pub id_position: Option<(usize, usize)>,
}

/// An entity an article uses.
#[derive(Debug)]
pub enum Local {
    /// Defined here.
    New(Entity),
    /// Defined here with an id of newslens's own (an imported `newslens:ID` reference): it is
    /// not joined to others by name.
    Explicit(Entity),
    /// Already in the corpus at this index, defined the same way (see
    /// [`newslens::KnownEntities`]): not built again.
    Known(usize),
}

/// What a reader produced from one file.
#[derive(Debug, Default)]
pub struct Imported {
    /// Finished articles with their entities.
    pub articles: Vec<Draft>,
    /// Events that belong to no article (TimelineJS).
    pub events: Vec<Event>,
    /// Entity type colours (brat `visual.conf`).
    pub type_colors: BTreeMap<String, (u8, u8, u8)>,
    /// Entity type display names (brat `visual.conf` labels).
    pub type_labels: BTreeMap<String, String>,
}
