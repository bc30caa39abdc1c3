//! Every format newslens reads and writes, one module and one row of [`FORMATS`] each: its
//! name, the extensions that name it, how its content is recognised, its reader, and its
//! writer with what the writer cannot hold. Detection, the command line's `--from` and `--to`
//! values, the directory walk, the README's list and the round-trip tests all read the table.
//!
//! Adding a format: a module here with its reader (and writer), and its row in [`FORMATS`].
//! The shared machinery stays where it is: [`crate::import`] builds articles and checks spans,
//! [`crate::export`] writes files atomically.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod feed;
pub mod html;
pub mod iob;
pub mod label_studio;
pub mod newslens;
pub mod spacy;
pub mod text;
pub mod timelinejs;
pub mod warc;
pub(crate) mod web;

use std::path::Path;

use crate::diagnostic::Report;
use crate::export::{Output, Tally};
use crate::import::{Imported, Input};
use crate::model::Corpus;

/// One format: everything newslens knows of it.
pub struct Format {
    /// The name users type after `--from`.
    pub name: &'static str,
    /// One line for `--help` and the README.
    pub summary: &'static str,
    /// Extensions (lower case, no dot) that name this format for certain.
    pub extensions: &'static [&'static str],
    /// Extensions that name this format only when no other claims the file by its content or
    /// through a file beside it (`.txt`: a brat text beside its `.ann`, or CoNLL columns,
    /// come first).
    pub weak_extensions: &'static [&'static str],
    /// For a JSON format (read from `.json`/`.jsonl` files, told apart by content): whether a
    /// parsed document (a file's first item or line) is of this format. Sniffers exclude each
    /// other; rows are asked in table order, and what none claims is newslens JSON.
    pub sniff_json: Option<fn(&serde_json::Value) -> bool>,
    /// For a text format: whether the start of a file that is not JSON is of this format.
    pub sniff_text: Option<fn(&str) -> bool>,
    /// Reads one file; every problem goes to the report.
    pub read: fn(Input, &mut Report) -> Imported,
    /// Whether a file of only whitespace is a document (a brat `.ann` without annotations).
    pub reads_empty: bool,
    /// A file with the first extension is read through the one beside it with the second
    /// (brat: `doc.txt` through `doc.ann`).
    pub read_through: Option<(&'static str, &'static str)>,
    /// Records that can each be read alone, so that a JSON Lines file can be streamed and read
    /// on every core: reads one record (or a whole JSON file) at `line_offset`, referring to
    /// entities the corpus already has.
    pub records: Option<RecordReader>,
    /// For a format of files too big to hold (web archives): reads one as it streams,
    /// article by article, instead of `read` on the whole text.
    pub stream: Option<StreamReader>,
    /// Its writer, if newslens writes it.
    pub writer: Option<&'static Writer>,
}

/// Reads a file as it streams (see [`Format::stream`]): every article goes to `emit` as soon
/// as it is read, every problem to the report.
pub type StreamReader =
    fn(input: &mut dyn std::io::Read, doc_id: &str, report: &mut Report, emit: &mut dyn FnMut(crate::import::Draft));

/// Reads one self-contained record (see [`Format::records`]).
pub type RecordReader =
    fn(src: &[u8], line_offset: usize, known: Option<&crate::link::KnownEntities>, report: &mut Report) -> Imported;

/// How newslens writes a format.
pub struct Writer {
    /// The name users type after `--to`.
    pub name: &'static str,
    /// One line for `--help` and the README.
    pub summary: &'static str,
    /// The extension of the file it writes (`None`: it writes a directory).
    pub extension: Option<&'static str>,
    /// Whether a corpus of only timeline events (no articles) can be written.
    pub holds_timelines: bool,
    /// The corpus in this format, with warnings for what it wrote only in part.
    pub write: for<'c> fn(&'c Corpus) -> (Output<'c>, Vec<String>),
    /// What of a corpus the format cannot hold at all, one warning per kind, with counts
    /// (`None`: it holds everything, or says itself what it leaves out).
    pub cannot_hold: Option<Losses>,
    /// Why the file written of a corpus would hold nothing that can be read back, if it would
    /// (`None`: whatever has articles is written).
    pub refuses: Option<fn(&Corpus) -> Option<String>>,
}

/// What a writer cannot hold, from a corpus's counts: one warning per kind, or none.
pub type Losses = fn(&Tally) -> Vec<Option<String>>;

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.name == other.name
    }
}

impl PartialEq for Writer {
    fn eq(&self, other: &Writer) -> bool {
        self.name == other.name
    }
}

/// newslens JSON and JSON Lines: the format every other is read into.
pub static NEWSLENS: &Format = &newslens::FORMAT;
/// brat standoff.
pub static BRAT: &Format = &brat::FORMAT;
/// spaCy and Prodigy JSON.
pub static SPACY: &Format = &spacy::FORMAT;
/// Label Studio exports.
pub static LABEL_STUDIO: &Format = &label_studio::FORMAT;
/// doccano exports.
pub static DOCCANO: &Format = &doccano::FORMAT;
/// CoNLL columns.
pub static CONLL: &Format = &conll::FORMAT;
/// TimelineJS.
pub static TIMELINEJS: &Format = &timelinejs::FORMAT;

/// The canonical writer: newslens JSON Lines, which holds everything.
pub static JSONL: &Writer = &newslens::WRITER;

/// The table: every format, in the order `--from` lists them (and content is sniffed).
pub static FORMATS: [&Format; 11] = [
    &newslens::FORMAT,
    &brat::FORMAT,
    &spacy::FORMAT,
    &label_studio::FORMAT,
    &doccano::FORMAT,
    &conll::FORMAT,
    &timelinejs::FORMAT,
    &feed::FORMAT,
    &html::FORMAT,
    &warc::FORMAT,
    &text::FORMAT,
];

/// Extensions of JSON files, whose format is told from their content.
pub const JSON_EXTENSIONS: [&str; 2] = ["json", "jsonl"];

/// The format called `name` (as `--from` takes it).
pub fn by_name(name: &str) -> Option<&'static Format> {
    FORMATS.iter().copied().find(|f| f.name == name)
}

/// Every writer, in the order `--to` lists them.
pub fn writers() -> impl Iterator<Item = &'static Writer> {
    FORMATS.iter().filter_map(|f| f.writer)
}

/// The writer called `name` (as `--to` takes it).
pub fn writer(name: &str) -> Option<&'static Writer> {
    writers().find(|w| w.name == name)
}

/// The format a file extension names for certain (`None` for JSON: its content decides).
pub fn from_extension(path: &Path) -> Option<&'static Format> {
    let ext = extension(path)?;
    FORMATS.iter().copied().find(|f| f.extensions.contains(&ext.as_str()))
}

/// A path's extension, lower case; a compressed web archive's is `warc.gz`.
fn extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let inner = path.file_stem().map(Path::new).and_then(|s| s.extension()).and_then(|e| e.to_str());
    match inner {
        Some(i) if ext == "gz" && i.eq_ignore_ascii_case("warc") => Some("warc.gz".into()),
        _ => Some(ext),
    }
}

/// The format that streams a file named so (a web archive), when it is one.
pub fn streamed(path: &Path, from: Option<&'static Format>) -> Option<(&'static Format, StreamReader)> {
    let format = from.or_else(|| from_extension(path))?;
    format.stream.map(|s| (format, s))
}

/// Whether a directory walk reads this file: it has the extension of a format, or is JSON.
pub fn is_readable_name(path: &Path) -> bool {
    let ext = extension(path).unwrap_or_default();
    JSON_EXTENSIONS.contains(&ext.as_str()) || from_extension(path).is_some()
}

/// The format that takes a file named so when no other claims it (`.txt`: plain text).
pub fn from_weak_extension(path: &Path) -> Option<&'static Format> {
    let ext = extension(path)?;
    FORMATS.iter().copied().find(|f| f.weak_extensions.contains(&ext.as_str()))
}

/// The text format whose content `head` (the start of a file) is, for files whose name says
/// nothing (`.tsv`, `.txt`, no extension).
pub fn claimed_by_content(head: &str) -> Option<&'static Format> {
    let head = head.trim_start_matches('\u{feff}');
    if head.trim().is_empty() || head.trim_start().starts_with(['{', '[']) {
        return None;
    }
    FORMATS.iter().copied().find(|f| f.sniff_text.is_some_and(|s| s(head)))
}

/// Every extension a directory is searched for, as messages list them (`.json, .jsonl, …`).
pub fn all_extensions() -> Vec<&'static str> {
    let mut all: Vec<&str> = JSON_EXTENSIONS.to_vec();
    all.extend(FORMATS.iter().flat_map(|f| f.extensions));
    all
}

/// The format of a file, from its extension and, for JSON, a look at its content.
pub fn detect(path: &Path, content: &str) -> &'static Format {
    if let Some(f) = from_extension(path) {
        return f;
    }
    let ext = extension(path).unwrap_or_default();
    let trimmed = content.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        // Nothing to tell formats apart by: newslens says the file is empty.
        return NEWSLENS;
    }
    match first_document(&ext, trimmed) {
        Some(item) => FORMATS.iter().copied().find(|f| f.sniff_json.is_some_and(|s| s(&item))).unwrap_or(NEWSLENS),
        None if trimmed.starts_with(['{', '[']) => NEWSLENS,
        None => FORMATS
            .iter()
            .copied()
            .find(|f| f.sniff_text.is_some_and(|s| s(trimmed)))
            .or_else(|| from_weak_extension(path))
            .unwrap_or(NEWSLENS),
    }
}

/// The first JSON document of a file (a list's first item), if its start parses.
fn first_document(ext: &str, trimmed: &str) -> Option<serde_json::Value> {
    let first_value: Option<serde_json::Value> = if ext == "jsonl" || !trimmed.starts_with(['{', '[']) {
        // A `.jsonl` file may hold one document pretty-printed over several lines.
        let first = trimmed.lines().next().and_then(|l| serde_json::from_str(l).ok());
        first.or_else(|| trimmed.starts_with('{').then(|| serde_json::from_str(trimmed).ok()).flatten())
    } else {
        serde_json::from_str(trimmed).ok()
    };
    match first_value? {
        serde_json::Value::Array(mut items) if !items.is_empty() => Some(items.swap_remove(0)),
        v => Some(v),
    }
}

/// Why a JSON file that no format claims is not newslens JSON either, when its first record
/// has neither an `id` nor a `text`: one message for the file instead of errors for each
/// record's missing fields.
pub fn unclaimed(path: &Path, content: &str) -> Option<String> {
    let trimmed = content.trim_start_matches('\u{feff}').trim_start();
    let ext = extension(path).unwrap_or_default();
    let serde_json::Value::Object(first) = first_document(&ext, trimmed)? else { return None };
    // A record of only `events` is a newslens timeline.
    if first.contains_key("id") || first.contains_key("text") || first.contains_key("events") {
        return None;
    }
    let mut keys: Vec<String> = first.keys().take(6).map(|k| format!("{k:?}")).collect();
    if first.len() > 6 {
        keys.push("…".into());
    }
    let others: Vec<&str> = FORMATS.iter().map(|f| f.name).filter(|n| *n != NEWSLENS.name).collect();
    Some(format!(
        "not a format newslens recognises: read as newslens JSON, its first record has no \"id\" or \"text\" (it \
         has {}); if it is of another format, name it with --from ({})",
        keys.join(", "),
        others.join(", ")
    ))
}

/// The file to read when the user names `path`: itself, except where a format reads one file
/// through another beside it (a brat text `.txt` through its annotations `.ann`).
pub fn file_to_read(path: &Path, from: Option<&'static Format>) -> std::path::PathBuf {
    let ext = extension(path).unwrap_or_default();
    for f in FORMATS.iter().filter(|f| from.is_none_or(|x| x == **f)) {
        if let Some((named, through)) = f.read_through {
            let other = path.with_extension(through);
            if ext == named && other.is_file() {
                return other;
            }
        }
    }
    path.to_path_buf()
}

/// Reads one file in `format`; every problem goes to `report`.
pub fn read(format: &Format, input: Input, report: &mut Report) -> Imported {
    (format.read)(input, report)
}

/// The corpus written by `writer`, with a warning for each kind of thing it left out (with
/// its count).
pub fn export<'c>(corpus: &'c Corpus, writer: &Writer) -> (Output<'c>, Vec<String>) {
    let (output, mut warnings) = (writer.write)(corpus);
    // Counted only for a writer that leaves things out: the canonical one holds everything.
    if let Some(cannot_hold) = writer.cannot_hold {
        warnings.extend(cannot_hold(&Tally::of(corpus)).into_iter().flatten());
    }
    (output, warnings)
}

/// The formats as the README lists them: a Markdown table of names, extensions and what
/// newslens writes (kept in step with the README by a test).
pub fn markdown_table() -> String {
    let mut out = String::from("| `--from` | files | `--to` | what it is |\n|---|---|---|---|\n");
    for f in FORMATS {
        let mut files: Vec<String> = f.extensions.iter().map(|e| format!("`.{e}`")).collect();
        if f.sniff_json.is_some() || f.records.is_some() {
            files.push("`.json`, `.jsonl` (by content)".into());
        }
        if !f.weak_extensions.is_empty() {
            let weak: Vec<String> = f.weak_extensions.iter().map(|e| format!("`.{e}`")).collect();
            files.push(format!("{} (when no other format claims them)", weak.join(", ")));
        }
        let to = f.writer.map_or(String::from("—"), |w| format!("`{}`", w.name));
        // A bar inside a cell would end it.
        let summary = f.summary.replace('|', "\\|");
        out.push_str(&format!("| `{}` | {} | {to} | {summary} |\n", f.name, files.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_are_unique() {
        let mut names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
        names.extend(writers().map(|w| w.name).filter(|n| by_name(n).is_none()));
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{names:?}");
        let exts: Vec<&str> = FORMATS.iter().flat_map(|f| f.extensions.iter().copied()).collect();
        for e in &exts {
            assert_eq!(exts.iter().filter(|x| *x == e).count(), 1, ".{e} names one format");
        }
    }

    #[test]
    fn each_format_is_found_by_its_extension_or_content() {
        let cases = [
            ("a.ann", "T1\tPER 0 3\tZoë", "brat"),
            ("a.conllu", "1\tZoë", "conll"),
            ("a.txt", "Zoë B-PER\nmødte O\n", "conll"),
            ("a.json", r#"{"text": "Zoë", "ents": []}"#, "spacy"),
            ("a.json", r#"[{"data": {"text": "Zoë"}, "annotations": []}]"#, "label-studio"),
            ("a.jsonl", r#"{"text": "Zoë", "label": [[0, 3, "PER"]]}"#, "doccano"),
            ("a.json", r#"{"events": [{"start_date": {"year": "2020"}}]}"#, "timelinejs"),
            ("a.json", r#"{"id": "a", "title": "T", "text": "Zoë"}"#, "newslens"),
            ("a.json", "", "newslens"),
        ];
        for (name, content, want) in cases {
            assert_eq!(detect(Path::new(name), content).name, want, "{name}: {content}");
        }
    }
}
