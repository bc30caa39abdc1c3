//! Saving edited articles back to the files they were read from, in their own format, changing
//! only what changed: in a JSON Lines file only the lines of edited articles are written anew
//! (every other byte stays), a JSON file is written anew only if one of its articles was
//! edited, and files without edits are not touched. A file that changed on disk since it was
//! read is never saved over; every write is atomic (a temporary file beside it, synced, then
//! renamed over it), keeping the file's mode and owner. A format newslens cannot write back is
//! said, never written lossily: [`save_beside`] writes the file's articles as newslens JSON
//! Lines next to it instead.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export::{Output, WriteError};
use crate::formats;
use crate::formats::newslens::{article_line, article_pretty};
use crate::load::Framing;
use crate::model::{Corpus, FileStamp};

/// A file saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file, as it was named when read.
    pub file: String,
    /// How many of its articles were written anew.
    pub articles: usize,
}

/// A file not saved, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSaved {
    /// The file (or the article, for one read from no file).
    pub file: String,
    /// Why.
    pub why: String,
    /// Whether its articles can be saved beside it as newslens JSON Lines instead
    /// ([`save_beside`]): its format cannot hold the edits.
    pub beside: bool,
}

/// What the files held before a session's saves wrote over them, so that an article whose
/// edits are all undone is written back byte for byte as it was (not in the canonical form).
#[derive(Debug, Default)]
pub struct Originals {
    /// Each article touched, as its canonical line before its first edit.
    pub(super) canonical: BTreeMap<usize, String>,
    /// The original line of each article a save wrote anew (JSON Lines).
    lines: BTreeMap<usize, String>,
    /// The original text of each whole file a save wrote anew (JSON).
    files: BTreeMap<Arc<str>, String>,
}

impl Originals {
    /// Whether article `a` is as it was before its first edit.
    fn as_first(&self, corpus: &Corpus, a: usize) -> bool {
        self.canonical.get(&a).is_some_and(|first| *first == article_line(corpus, &corpus.articles[a]))
    }
}

/// Saves the articles `edited` (indices) to their files (`renamed`: the entities whose names
/// or aliases changed, which some formats cannot hold); says what was saved and what was not. The corpus
/// remembers each saved file as it now is.
pub fn save(
    corpus: &mut Corpus,
    edited: &BTreeSet<usize>,
    renamed: &BTreeSet<usize>,
    originals: &mut Originals,
) -> (Vec<Saved>, Vec<NotSaved>) {
    let (mut saved, mut not) = (Vec::new(), Vec::new());
    for (file, articles) in by_file(corpus, edited, &mut not) {
        match save_file(corpus, &file, &articles, renamed, originals) {
            Ok(n) => saved.push(Saved { file: file.to_string(), articles: n }),
            Err(problem) => not.push(problem),
        }
    }
    (saved, not)
}

/// The edited articles grouped by the file they were read from, in the order files were read;
/// articles read from no file are said in `not`.
fn by_file(corpus: &Corpus, edited: &BTreeSet<usize>, not: &mut Vec<NotSaved>) -> BTreeMap<Arc<str>, Vec<usize>> {
    let mut files: BTreeMap<Arc<str>, Vec<usize>> = BTreeMap::new();
    for &a in edited {
        let Some(article) = corpus.articles.get(a) else { continue };
        match &article.read_from {
            Some(file) if corpus.stamps.contains_key(file) => files.entry(file.clone()).or_default().push(a),
            _ => not.push(NotSaved {
                file: format!("article {:?}", article.id),
                why: "it was not read from a file (the built-in example, standard input or an address); \
                      `newslens export` writes the corpus"
                    .into(),
                beside: false,
            }),
        }
    }
    files
}

fn save_file(
    corpus: &mut Corpus,
    file: &Arc<str>,
    articles: &[usize],
    renamed: &BTreeSet<usize>,
    originals: &mut Originals,
) -> Result<usize, NotSaved> {
    let problem = |why: String, beside: bool| NotSaved { file: file.to_string(), why, beside };
    let path = Path::new(&**file);
    unchanged(corpus, file).map_err(|why| problem(why, false))?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| problem(format!("cannot read: {}", crate::diagnostic::io_reason(&e)), false))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let format = formats::detect(path, text);
    let (content, written) = if format == formats::NEWSLENS {
        match Framing::sniff(path, text) {
            Framing::JsonLines => rewrite_lines(corpus, text, articles, originals),
            Framing::Json => rewrite_json(corpus, file, text, originals),
        }
        .map_err(|why| problem(why, true))?
    } else if format == formats::BRAT && articles.len() == 1 {
        let first = originals.files.entry(file.clone()).or_insert_with(|| text.to_string()).clone();
        // Every edit undone: the file as it first was, not lines re-made at its end.
        let content = if originals.as_first(corpus, articles[0]) {
            first
        } else {
            super::brat::rewrite(corpus, path, text, &corpus.articles[articles[0]], renamed)
                .map_err(|why| problem(why, true))?
        };
        (content, 1)
    } else {
        let why = format!(
            "newslens does not write edits back into {} files yet; its articles can be saved beside it as newslens JSON Lines",
            format.name
        );
        return Err(problem(why, true));
    };
    write(path, content).map_err(|why| problem(why, false))?;
    if let Ok(meta) = std::fs::metadata(path) {
        corpus.stamps.insert(file.clone(), FileStamp::of(&meta));
    }
    Ok(written)
}

/// Why `file` cannot be saved over, if it changed since it was read.
fn unchanged(corpus: &Corpus, file: &str) -> Result<(), String> {
    let now = std::fs::metadata(file).map_err(|e| format!("cannot read: {}", crate::diagnostic::io_reason(&e)))?;
    match corpus.stamps.get(file) {
        Some(stamp) if *stamp == FileStamp::of(&now) => Ok(()),
        _ => {
            Err("changed on disk since it was read; not saved over it (reload it, or save the edits beside it)".into())
        }
    }
}

/// A JSON Lines file with the lines of the edited `articles` written anew and every other
/// byte as it was (line ends included); how many lines were written.
fn rewrite_lines(
    corpus: &Corpus,
    text: &str,
    articles: &[usize],
    originals: &mut Originals,
) -> Result<(String, usize), String> {
    let mut wanted: BTreeMap<&str, usize> = articles.iter().map(|&a| (corpus.articles[a].id.as_str(), a)).collect();
    let mut out = String::with_capacity(text.len() + 1024);
    let mut written = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let id =
            (!body.trim().is_empty()).then(|| serde_json::from_str::<IdOnly>(body).ok()).flatten().and_then(|r| r.id);
        match id.as_deref().and_then(|id| wanted.remove(id)) {
            Some(a) => {
                let now = article_line(corpus, &corpus.articles[a]);
                // Back as it first was: its first bytes; else the canonical line, the first
                // bytes kept (a line not written before is as the file first held it).
                let first = originals.lines.entry(a).or_insert_with(|| body.to_string());
                if originals.canonical.get(&a) == Some(&now) {
                    out.push_str(first);
                } else {
                    out.push_str(&now);
                }
                out.push_str(&line[body.len()..]);
                written += 1;
            }
            None => out.push_str(line),
        }
    }
    match wanted.keys().next() {
        Some(id) => Err(format!("article {id:?} is no longer in it (it changed since it was read)")),
        None => Ok((out, written)),
    }
}

/// A record's id, the rest unread.
#[derive(serde::Deserialize)]
struct IdOnly {
    id: Option<String>,
}

/// A JSON file (one article, or an array of them) written anew with its articles as they are
/// now; how many articles it holds.
fn rewrite_json(
    corpus: &Corpus,
    file: &Arc<str>,
    text: &str,
    originals: &mut Originals,
) -> Result<(String, usize), String> {
    let first = originals.files.entry(file.clone()).or_insert_with(|| text.to_string()).clone();
    let ours: Vec<usize> =
        (0..corpus.articles.len()).filter(|&a| corpus.articles[a].read_from.as_ref() == Some(file)).collect();
    // Every article as it first was (those never edited are): the file's first bytes.
    if ours.iter().all(|&a| !originals.canonical.contains_key(&a) || originals.as_first(corpus, a)) {
        return Ok((first, ours.len()));
    }
    let mine: Vec<&crate::model::Article> = ours.iter().map(|&a| &corpus.articles[a]).collect();
    let array = text.trim_start().starts_with('[');
    if !array && mine.len() != 1 {
        return Err("it holds more than articles (a timeline?); newslens writes back files of articles only".into());
    }
    let pretty: Vec<String> = mine.iter().map(|a| article_pretty(corpus, a)).collect();
    let mut out = if array { format!("[\n{}\n]", pretty.join(",\n")) } else { pretty.concat() };
    out.push('\n');
    Ok((out, mine.len()))
}

/// Writes `content` over `path` atomically, keeping its mode and owner.
fn write(path: &Path, content: String) -> Result<(), String> {
    crate::export::write(path, Output::File(content), true).map_err(|e| match e {
        WriteError::Io(_, e) => format!("cannot write: {}", crate::diagnostic::io_reason(&e)),
        other => other.to_string(),
    })
}

/// Where [`save_beside`] writes `file`'s articles: `NAME.edited.jsonl` beside it.
pub fn beside_path(file: &str) -> PathBuf {
    let path = Path::new(file);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "articles".into());
    path.with_file_name(format!("{name}.edited.jsonl"))
}

/// Writes every article read from `file` as newslens JSON Lines beside it (see
/// [`beside_path`]), never over a file that is there; where it wrote them.
pub fn save_beside(corpus: &Corpus, file: &str) -> Result<PathBuf, String> {
    let target = beside_path(file);
    let mut lines = String::new();
    for a in corpus.articles.iter().filter(|a| a.read_from.as_deref() == Some(file)) {
        lines.push_str(&article_line(corpus, a));
        lines.push('\n');
    }
    crate::export::write(&target, Output::File(lines), false).map_err(|e| e.to_string())?;
    Ok(target)
}
