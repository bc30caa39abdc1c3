//! Reads articles from files and directories into a [`Corpus`], validating as it goes.
//!
//! Every problem is collected as a [`Diagnostic`] with file, line and column. An article with
//! errors is left out; the others are kept, so one bad article never hides the rest.

pub mod diagnostic;
pub mod locate;
mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Severity};
use locate::{Seg, line_col};
use schema::{Checker, Draft};

use crate::import::offsets::OffsetUnit;
use crate::import::{self, Format, Report};
use crate::model::{Article, Corpus, Entity};

/// What loading produced: the usable data and every problem found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The articles that had no errors.
    pub corpus: Corpus,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

/// How a file holds its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One article object (or an array of them).
    Json,
    /// One article object per line.
    JsonLines,
}

impl Layout {
    /// The layout a file name implies: `.jsonl` is JSON Lines, anything else JSON.
    pub fn of(path: &Path) -> Layout {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("jsonl") => Layout::JsonLines,
            _ => Layout::Json,
        }
    }
}

/// How to read input files.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Read every file in this format instead of detecting it.
    pub from: Option<Format>,
    /// Offsets in doccano files count this unit (default: UTF-16 code units).
    pub offsets: Option<OffsetUnit>,
}

/// Accumulates articles from several sources into one corpus.
#[derive(Debug, Default)]
pub struct Loader {
    options: LoadOptions,
    loaded: Loaded,
    /// Where each article id was first seen, for duplicate messages.
    article_ids: HashMap<String, String>,
}

impl Loader {
    /// An empty loader that detects formats.
    pub fn new() -> Loader {
        Loader::default()
    }

    /// An empty loader with these options.
    pub fn with_options(options: LoadOptions) -> Loader {
        Loader { options, ..Loader::default() }
    }

    /// Loads files and directories (recursively: every file of a format newslens reads, in
    /// name order; `.txt` files are read as the texts of brat `.ann` files).
    pub fn add_path(&mut self, path: &Path) {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = collect_files(path, &mut files) {
                self.file_error(&shown, None, format!("cannot read directory: {e}"));
                return;
            }
            if files.is_empty() {
                self.file_error(
                    &shown,
                    None,
                    format!("no files to read in this directory (looked for {})", EXTENSIONS.join(", ")),
                );
            }
            for f in files {
                // Articles from a directory are named by their path inside it.
                let rel = f.strip_prefix(path).unwrap_or(&f).with_extension("");
                let doc_id = rel.to_string_lossy().replace('\\', "/");
                self.add_file(&f, &doc_id);
            }
        } else {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            self.add_file(path, &stem);
        }
    }

    fn add_file(&mut self, path: &Path, doc_id: &str) {
        // A brat text given on its own is read through its annotations.
        let ann = path.with_extension("ann");
        let path = if has_extension(path, "txt") && self.options.from.is_none_or(|f| f == Format::Brat) && ann.is_file()
        {
            ann.as_path()
        } else {
            path
        };
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return self.file_error(&shown, None, format!("cannot read: {}", io_reason(&e))),
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let (line, col) = line_col(prefix, valid);
                let message = format!(
                    "file is not valid UTF-8 (byte 0x{:02X} at byte offset {valid}); save it as UTF-8",
                    bytes[valid]
                );
                return self.file_error(&shown, Some((line, col)), message);
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let format = self.options.from.unwrap_or_else(|| Format::detect(path, text));
        if format == Format::Newslens {
            return self.add_source(&shown, text, Layout::of(path));
        }
        if text.trim().is_empty() && format != Format::Brat {
            return self.file_error(&shown, Some((1, 1)), format!("file is empty; expected {} data", format.name()));
        }
        let lines = Layout::of(path) == Layout::JsonLines;
        let mut report = Report::new(&shown);
        let imported = match format {
            Format::Brat => import::brat::read(path, text, doc_id, &mut report),
            Format::Spacy => import::spacy::read(text, doc_id, lines, &mut report),
            Format::LabelStudio => import::label_studio::read(text, doc_id, lines, &mut report),
            Format::Doccano => {
                let unit = self.options.offsets.unwrap_or(OffsetUnit::Utf16);
                import::doccano::read(text, doc_id, lines || !text.trim_start().starts_with('['), unit, &mut report)
            }
            Format::Conll => import::conll::read(text, doc_id, &mut report),
            Format::Timelinejs => import::timelinejs::read(text, doc_id, &mut report),
            Format::Newslens => unreachable!("handled above"),
        };
        self.loaded.diagnostics.append(&mut report.diagnostics);
        for (article, entities) in imported.articles {
            self.commit_article(&shown, None, article, entities);
        }
        self.loaded.corpus.events.extend(imported.events);
        for (kind, rgb) in imported.type_colors {
            self.loaded.corpus.type_colors.entry(kind).or_insert(rgb);
        }
    }

    /// Loads articles from JSON text; `name` is what messages call the file.
    pub fn add_source(&mut self, name: &str, text: &str, layout: Layout) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            let what = match layout {
                Layout::Json => "an article object",
                Layout::JsonLines => "one article object per line",
            };
            return self.file_error(name, Some((1, 1)), format!("file is empty; expected {what}"));
        }
        match layout {
            Layout::Json => self.add_json(name, text, 0),
            Layout::JsonLines => {
                for (i, line) in text.lines().enumerate() {
                    if !line.trim().is_empty() {
                        self.add_json(name, line, i);
                    }
                }
            }
        }
    }

    fn add_json(&mut self, name: &str, src: &str, line_offset: usize) {
        let value: serde_json::Value = match serde_json::from_str(src) {
            Ok(v) => v,
            Err(e) => {
                let position = syntax_position(src, &e);
                let message = syntax_message(&e);
                return self.file_error(name, Some((position.0 + line_offset, position.1)), message);
            }
        };
        let mut checker = Checker { src, path: name, line_offset, prefix: Vec::new(), diagnostics: Vec::new() };
        match &value {
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    checker.prefix = vec![Seg::Index(i)];
                    let draft = checker.article(item);
                    self.commit(draft, name, &mut checker);
                }
            }
            other => {
                let draft = checker.article(other);
                self.commit(draft, name, &mut checker);
            }
        }
    }

    /// Adds a checked article to the corpus.
    fn commit(&mut self, draft: Option<Draft>, name: &str, checker: &mut Checker) {
        self.loaded.diagnostics.append(&mut checker.diagnostics);
        if let Some(Draft { article, entities, id_position }) = draft {
            self.commit_article(name, Some(id_position), article, entities);
        }
    }

    /// Adds an article whose entity indices point into `entities`, sharing entities by id with
    /// earlier articles. `id_position` is where a newslens file gives the article's id; for
    /// imported formats (`None`) a known entity's other names become aliases.
    fn commit_article(
        &mut self,
        name: &str,
        id_position: Option<(usize, usize)>,
        mut article: Article,
        entities: Vec<Entity>,
    ) {
        let here = match id_position {
            Some((line, _)) => format!("{name}:{line}"),
            None => name.to_string(),
        };
        if let Some(first) = self.article_ids.get(&article.id) {
            let message = format!(
                "duplicate article id {} (first used at {first}); article ids must be unique",
                diagnostic::quote(&article.id)
            );
            let d = Diagnostic { path: name.into(), position: id_position, severity: Severity::Error, message };
            self.loaded.diagnostics.push(d);
            return;
        }
        self.article_ids.insert(article.id.clone(), here);
        let corpus = &mut self.loaded.corpus;
        let mut global = Vec::with_capacity(entities.len());
        for entity in entities {
            let (i, new) = corpus.intern_entity(entity.clone());
            let kept = &mut corpus.entities[i];
            if !new && id_position.is_none() && kept.kind == entity.kind {
                for name in std::iter::once(entity.name).chain(entity.aliases) {
                    if kept.name != name && !kept.aliases.contains(&name) {
                        kept.aliases.push(name);
                    }
                }
            } else if !new && (kept.name != entity.name || kept.kind != entity.kind) {
                let message = format!(
                    "entity {} is {} ({}) here but {} ({}) in an earlier article; keeping the earlier one",
                    diagnostic::quote(&entity.id),
                    diagnostic::quote(&entity.name),
                    entity.kind,
                    diagnostic::quote(&kept.name),
                    kept.kind
                );
                let d = Diagnostic { path: name.into(), position: id_position, severity: Severity::Warning, message };
                self.loaded.diagnostics.push(d);
            }
            global.push(i);
        }
        for m in &mut article.mentions {
            m.entity = global[m.entity];
        }
        for e in &mut article.events {
            for x in &mut e.entities {
                *x = global[*x];
            }
        }
        for r in &mut article.relations {
            r.from = global[r.from];
            r.to = global[r.to];
        }
        article.entities = global;
        corpus.articles.push(article);
    }

    fn file_error(&mut self, path: &str, position: Option<(usize, usize)>, message: String) {
        self.loaded.diagnostics.push(Diagnostic { path: path.into(), position, severity: Severity::Error, message });
    }

    /// The corpus and the problems found.
    pub fn finish(self) -> Loaded {
        self.loaded
    }
}

/// Loads every path into one corpus.
pub fn load_paths(paths: &[PathBuf], options: LoadOptions) -> Loaded {
    let mut loader = Loader::with_options(options);
    for p in paths {
        loader.add_path(p);
    }
    loader.finish()
}

/// Extensions of the files a directory is searched for.
const EXTENSIONS: [&str; 7] = [".json", ".jsonl", ".ann", ".conll", ".iob", ".iob2", ".bio"];

fn has_extension(p: &Path, ext: &str) -> bool {
    p.extension().and_then(|x| x.to_str()).is_some_and(|x| x.eq_ignore_ascii_case(ext))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out)?;
        } else if EXTENSIONS.iter().any(|e| has_extension(&p, &e[1..])) {
            out.push(p);
        }
    }
    Ok(())
}

/// An I/O error said briefly, for messages.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Where a JSON syntax error is, in chars (serde_json counts columns in bytes).
pub fn syntax_position(src: &str, e: &serde_json::Error) -> (usize, usize) {
    let line = e.line().max(1);
    let text = src.split('\n').nth(line - 1).unwrap_or("");
    let mut byte = e.column().saturating_sub(1).min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    (line, text[..byte].chars().count() + 1)
}

/// A JSON syntax error, said for people.
pub fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full);
    if what.starts_with("trailing characters") {
        return format!("invalid JSON: {what} after the article; a file of one article per line must be named .jsonl");
    }
    format!("invalid JSON: {what}; check for a missing comma, quote or bracket")
}
