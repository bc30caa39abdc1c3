//! What every reader of [`crate::formats`] shares. Each converts its offsets to ours (chars,
//! end exclusive), checks every span against the text the format stores, and builds articles
//! through [`ArticleBuilder`], which decides nothing about identity: the reader says which
//! mentions are one entity.

pub mod lenient;
pub mod offsets;
pub mod pull;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use crate::diagnostic::Report;
use crate::diagnostic::locate::{Seg, line_col, locate};
use crate::diagnostic::{syntax_message, syntax_position};
pub use crate::link::{EntityKey, Local};
use offsets::OffsetUnit;

use crate::model::{Article, AttrValue, Entity, Event, Mention, Note, Relation, Span};

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
            read_from: None,
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

    /// Sets where the article was published: a name, an address, or both.
    pub fn published(&mut self, name: Option<&str>, url: Option<&str>) {
        if name.is_some() || url.is_some() {
            let source = crate::model::Source { name: name.map(String::from), url: url.map(String::from) };
            self.article.source = Some(source);
        }
    }

    /// Sets the article's language (a code such as `da`).
    pub fn language(&mut self, code: &str) {
        let code = code.trim();
        self.article.language = (!code.is_empty()).then(|| code.to_string());
    }

    /// Sets the article's date.
    pub fn date(&mut self, date: crate::date::PartialDate) {
        self.article.date = Some(date);
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
