//! Reads articles from files and directories into a [`Corpus`], validating as it goes.
//!
//! Every problem is collected as a [`Diagnostic`] with file, line and column. An article with
//! errors is left out; the others are kept, so one bad article never hides the rest.

pub mod assemble;
pub mod diagnostic;
mod fast;
pub mod locate;
pub mod read;
mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use assemble::Assembler;
pub use diagnostic::{Diagnostic, Severity};
pub use read::Reader;

use crate::import::Format;
use crate::import::offsets::OffsetUnit;
use crate::model::{Article, Corpus, Entity, Event};

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

/// One thing read from the inputs, in input order.
#[derive(Debug)]
pub enum Piece {
    /// An article without errors, with its entities (indices local to the article).
    Article {
        /// The file it came from, as the user named it.
        file: Arc<str>,
        /// Where a newslens file gives the article's id; `None` for imported formats.
        id_position: Option<(usize, usize)>,
        /// The article (boxed: it is much larger than the other pieces).
        article: Box<Article>,
        /// Its entities.
        entities: Vec<Entity>,
    },
    /// A problem.
    Diagnostic(Diagnostic),
    /// Events of a timeline that belongs to no article.
    Events(Vec<Event>),
    /// Colours for entity types.
    TypeColors(BTreeMap<String, (u8, u8, u8)>),
    /// Display names for entity types.
    TypeLabels(BTreeMap<String, String>),
}

/// Reads sources into one corpus, all at once (the command line's way; the explorer reads
/// in the background with [`Reader`] and assembles batch by batch).
#[derive(Debug, Default)]
pub struct Loader {
    options: LoadOptions,
    loaded: Loaded,
    assembler: Assembler,
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

    fn read(&mut self, f: impl FnOnce(&mut Reader)) {
        let Loader { options, loaded, assembler } = self;
        let mut emit = |p: Piece| assembler.add(&mut loaded.corpus, &mut loaded.diagnostics, p);
        let mut progress = |_| {};
        f(&mut Reader::new(*options, &mut emit, &mut progress));
    }

    /// Loads a file or a directory (see [`Reader::add_path`]).
    pub fn add_path(&mut self, path: &Path) {
        self.read(|r| r.add_path(path));
    }

    /// Loads newslens JSON text; `name` is what messages call the file.
    pub fn add_source(&mut self, name: &str, text: &str, layout: Layout) {
        self.read(|r| r.add_source(name, text, layout));
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

/// Total size in bytes of the files `paths` name (directories walked), for progress.
pub fn total_bytes(paths: &[PathBuf]) -> u64 {
    let mut total = 0;
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            let _ = collect_files(p, &mut files);
            total += files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum::<u64>();
        } else if let Ok(m) = p.metadata() {
            total += m.len();
        }
    }
    total
}

/// Extensions of the files a directory is searched for.
pub(crate) const EXTENSIONS: [&str; 7] = [".json", ".jsonl", ".ann", ".conll", ".iob", ".iob2", ".bio"];

pub(crate) fn has_extension(p: &Path, ext: &str) -> bool {
    p.extension().and_then(|x| x.to_str()).is_some_and(|x| x.eq_ignore_ascii_case(ext))
}

pub(crate) fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
