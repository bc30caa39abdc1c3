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

use crate::model::Corpus;

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
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
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

/// Accumulates articles from several sources into one corpus.
#[derive(Debug, Default)]
pub struct Loader {
    loaded: Loaded,
    /// Where each article id was first seen, for duplicate messages.
    article_ids: HashMap<String, String>,
}

impl Loader {
    /// An empty loader.
    pub fn new() -> Loader {
        Loader::default()
    }

    /// Loads files and directories (recursively: every `.json`/`.jsonl` below, in name order).
    pub fn add_path(&mut self, path: &Path) {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = collect_files(path, &mut files) {
                self.file_error(&shown, None, format!("cannot read directory: {e}"));
                return;
            }
            if files.is_empty() {
                self.file_error(&shown, None, "no .json or .jsonl files in this directory".into());
            }
            for f in files {
                self.add_file(&f);
            }
        } else {
            self.add_file(path);
        }
    }

    fn add_file(&mut self, path: &Path) {
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return self.file_error(&shown, None, format!("cannot read: {}", io_reason(&e))),
        };
        match String::from_utf8(bytes) {
            Ok(text) => self.add_source(&shown, &text, Layout::of(path)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let (line, col) = line_col(prefix, valid);
                self.file_error(
                    &shown,
                    Some((line, col)),
                    format!(
                        "file is not valid UTF-8 (byte 0x{:02X} at byte offset {valid}); save it as UTF-8",
                        bytes[valid]
                    ),
                );
            }
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
        let mut checker = Checker {
            src,
            path: name,
            line_offset,
            prefix: Vec::new(),
            diagnostics: Vec::new(),
        };
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

    /// Adds a checked article to the corpus, sharing entities by id with earlier articles.
    fn commit(&mut self, draft: Option<Draft>, name: &str, checker: &mut Checker) {
        self.loaded.diagnostics.append(&mut checker.diagnostics);
        let Some(Draft {
            mut article,
            entities,
            id_position,
        }) = draft
        else {
            return;
        };
        let here = format!("{name}:{}", id_position.0);
        if let Some(first) = self.article_ids.get(&article.id) {
            let message = format!(
                "duplicate article id {} (first used at {first}); article ids must be unique",
                diagnostic::quote(&article.id)
            );
            self.loaded.diagnostics.push(Diagnostic {
                path: name.into(),
                position: Some(id_position),
                severity: Severity::Error,
                message,
            });
            return;
        }
        self.article_ids.insert(article.id.clone(), here);
        let corpus = &mut self.loaded.corpus;
        let mut global = Vec::with_capacity(entities.len());
        for entity in entities {
            let (i, new) = corpus.intern_entity(entity.clone());
            let kept = &corpus.entities[i];
            if !new && (kept.name != entity.name || kept.kind != entity.kind) {
                let message = format!(
                    "entity {} is {} ({}) here but {} ({}) in an earlier article; keeping the earlier one",
                    diagnostic::quote(&entity.id),
                    diagnostic::quote(&entity.name),
                    entity.kind,
                    diagnostic::quote(&kept.name),
                    kept.kind
                );
                self.loaded.diagnostics.push(Diagnostic {
                    path: name.into(),
                    position: Some(id_position),
                    severity: Severity::Warning,
                    message,
                });
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
        self.loaded.diagnostics.push(Diagnostic {
            path: path.into(),
            position,
            severity: Severity::Error,
            message,
        });
    }

    /// The corpus and the problems found.
    pub fn finish(self) -> Loaded {
        self.loaded
    }
}

/// Loads every path into one corpus.
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let mut loader = Loader::new();
    for p in paths {
        loader.add_path(p);
    }
    loader.finish()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out)?;
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "jsonl")) {
            out.push(p);
        }
    }
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// serde_json counts columns in bytes; we report chars.
fn syntax_position(src: &str, e: &serde_json::Error) -> (usize, usize) {
    let line = e.line().max(1);
    let text = src.split('\n').nth(line - 1).unwrap_or("");
    let mut byte = e.column().saturating_sub(1).min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    (line, text[..byte].chars().count() + 1)
}

fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full);
    if what.starts_with("trailing characters") {
        return format!("invalid JSON: {what} after the article; a file of one article per line must be named .jsonl");
    }
    format!("invalid JSON: {what}; check for a missing comma, quote or bracket")
}
