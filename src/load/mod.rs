//! Reads articles from files and directories into a [`Corpus`], validating as it goes.
//!
//! Every problem is collected as a [`Diagnostic`] with file, line and column. An article with
//! errors is left out; the others are kept, so one bad article never hides the rest.

pub mod assemble;
pub mod background;
pub mod live;
pub mod read;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use assemble::Assembler;
pub use background::{BackgroundLoad, Prepare, Source};
pub use live::LiveCorpus;
pub use read::InputReader;

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::formats::Format;
use crate::import::Draft;
use crate::import::offsets::OffsetUnit;
use crate::link::Link;
use crate::model::{Corpus, Event};

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
        crate::diagnostic::counts(&self.diagnostics).0
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        crate::diagnostic::counts(&self.diagnostics).1
    }
}

/// How a file frames its articles: one JSON document, or one per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One article object (or an array of them).
    Json,
    /// One article object per line.
    JsonLines,
}

impl Framing {
    /// The layout a file name implies: `.jsonl` is JSON Lines, anything else JSON.
    pub fn of(path: &Path) -> Framing {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("jsonl") => Framing::JsonLines,
            _ => Framing::Json,
        }
    }

    /// The layout of `text` from a source whose name says nothing (standard input): JSON Lines
    /// when its first line is a whole JSON value and more follows.
    pub fn sniff(path: &Path, text: &str) -> Framing {
        let named = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonl"));
        if named {
            return Framing::of(path);
        }
        let mut lines = text.trim_start().lines();
        let first = lines.next().unwrap_or("");
        let whole = serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok();
        if whole && lines.any(|l| !l.trim().is_empty()) { Framing::JsonLines } else { Framing::Json }
    }
}

/// How to read input files.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Read every file in this format instead of detecting it.
    pub from: Option<&'static Format>,
    /// Offsets in doccano files count this unit (default: UTF-16 code units).
    pub offsets: Option<OffsetUnit>,
    /// How entities of imported formats join across articles.
    pub link: Link,
    /// CoNLL files without `-DOCSTART-` lines make an article of every so many sentences
    /// (without it, one article and a warning).
    pub conll_sentences: Option<usize>,
}

/// One thing read from the inputs, in input order.
#[derive(Debug)]
pub enum Piece {
    /// An article without errors, with its entities (indices local to the article).
    Article {
        /// The file it came from, as the user named it.
        file: Arc<str>,
        /// The article (boxed: it is much larger than the other pieces).
        draft: Box<Draft>,
    },
    /// A problem.
    Diagnostic(Diagnostic),
    /// Events of a timeline that belongs to no article.
    Events(Vec<Event>),
    /// Colours for entity types.
    TypeColors(BTreeMap<String, (u8, u8, u8)>),
    /// Display names for entity types.
    TypeLabels(BTreeMap<String, String>),
    /// What a file read was when it was read.
    Stamp(Arc<str>, crate::model::FileStamp),
    /// About this many more articles follow (an estimate from the share of the file read so
    /// far): room for them is made once, not by growing step by step (which copies the lists,
    /// and holds the old copy and the new at once).
    Expect(usize),
}

/// Reads sources into one corpus, all at once (the command line's way; the explorer reads
/// in the background with [`InputReader`] and assembles batch by batch).
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
        Loader { options, assembler: Assembler::new(options.link), ..Loader::default() }
    }

    fn read(&mut self, f: impl FnOnce(&mut InputReader)) {
        let Loader { options, loaded, assembler } = self;
        let known = assembler.known();
        let mut emit = |p: Piece| assembler.add(&mut loaded.corpus, &mut loaded.diagnostics, p);
        let mut progress = |_| {};
        f(&mut InputReader::new(*options, &mut emit, &mut progress).with_known(known));
    }

    /// Loads a file or a directory (see [`InputReader::add_path`]).
    pub fn add_path(&mut self, path: &Path) {
        self.read(|r| r.add_path(path));
    }

    /// Loads newslens JSON text; `name` is what messages call the file.
    pub fn add_source(&mut self, name: &str, text: &str, layout: Framing) {
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
            let walked = walk(p);
            total += walked.files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum::<u64>();
        } else if let Ok(m) = p.metadata() {
            total += m.len();
        }
    }
    total
}

/// What walking a directory found: the files to read, in name order, and what it skipped.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Regular files of a format newslens reads.
    pub files: Vec<PathBuf>,
    /// Directories that could not be read, and entries skipped (as warnings).
    pub problems: Vec<Diagnostic>,
}

/// Whether a file of a directory whose name says no format is read: `Ok` when its content is
/// of a text format (CoNLL columns as `.tsv`, `.bmes`, `.txt`); otherwise why it is skipped,
/// or `None` for files that are part of what is read (a brat text beside its `.ann`, brat's
/// configuration).
fn unnamed(path: &Path) -> Result<(), Option<&'static str>> {
    const BRAT_CONFIG: [&str; 4] = ["annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"];
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let txt = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if BRAT_CONFIG.contains(&name.as_ref()) || (txt && path.with_extension("ann").is_file()) {
        return Err(None);
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 * 1024), &mut head));
    let text = match read {
        Ok(_) => String::from_utf8_lossy(&head),
        Err(_) => return Err(Some("cannot be read")),
    };
    // A cut line at the end of the sample is not the file's.
    let whole = head.len() < 64 * 1024;
    let text = if whole { &text[..] } else { text.rsplit_once('\n').map_or(&text[..], |(h, _)| h) };
    match crate::formats::claimed_by_content(text) {
        Some(_) => Ok(()),
        // A text alone is an article of plain text.
        None if crate::formats::from_weak_extension(path).is_some() => Ok(()),
        None => Err(Some("not a format newslens reads")),
    }
}

/// Walks `dir` recursively. Each directory is read once however many symbolic links lead to
/// it, so a loop ends; entries that are not regular files (FIFOs, sockets, devices) are
/// skipped with a warning, since reading them could block or never end.
pub(crate) fn walk(dir: &Path) -> Walk {
    let mut walked = Walk::default();
    let mut seen = std::collections::HashSet::new();
    walk_into(dir, &mut seen, &mut walked);
    walked
}

fn walk_into(dir: &Path, seen: &mut std::collections::HashSet<PathBuf>, walked: &mut Walk) {
    let shown = dir.display().to_string();
    let warn = |walked: &mut Walk, path: &Path, message: String| {
        walked.problems.push(Diagnostic {
            path: path.display().to_string(),
            position: None,
            severity: Severity::Warning,
            message,
        });
    };
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !seen.insert(real) {
                let message = "directory already read through another path (a symbolic link); skipped";
                return warn(walked, dir, message.into());
            }
        }
        Err(e) => {
            let message = format!("cannot read directory: {}", crate::diagnostic::io_reason(&e));
            return walked.problems.push(Diagnostic::error(&shown, None, message));
        }
    }
    let entries = std::fs::read_dir(dir).and_then(|r| r.collect::<Result<Vec<_>, _>>());
    let mut entries = match entries {
        Ok(entries) => entries,
        Err(e) => {
            let message = format!("cannot read directory: {}", crate::diagnostic::io_reason(&e));
            return walked.problems.push(Diagnostic::error(&shown, None, message));
        }
    };
    entries.sort_by(|a, b| crate::order::ids(&a.file_name().to_string_lossy(), &b.file_name().to_string_lossy()));
    for e in entries {
        let p = e.path();
        // Hidden entries (`.git`, `.DS_Store`) are no one's data.
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let readable = crate::formats::is_readable_name(&p);
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk_into(&p, seen, walked),
            Ok(m) if readable && m.is_file() => walked.files.push(p),
            Ok(m) if m.is_file() => match unnamed(&p) {
                Ok(()) => walked.files.push(p),
                Err(Some(why)) => warn(walked, &p, format!("skipped: {why} (name it with --from to read it)")),
                Err(None) => {}
            },
            Ok(_) if readable => {
                warn(walked, &p, "not a regular file (a FIFO, socket or device); skipped".into());
            }
            Err(e) if readable => {
                warn(walked, &p, format!("cannot read: {}; skipped", crate::diagnostic::io_reason(&e)))
            }
            _ => {}
        }
    }
}
