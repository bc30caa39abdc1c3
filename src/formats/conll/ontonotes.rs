//! CoNLL-2012 / OntoNotes `*_conll` files: `#begin document (NAME); part N` … `#end document`,
//! a token per line in whitespace-apart columns (document, part, word number, word, POS,
//! parse, …), named entities in a bracketed column (`(PERSON*` … `*)`, `(GPE)`), a blank line
//! between sentences. The named-entity column is the eleventh, as the shared task defines it,
//! or else the first after the parse whose every cell is bracketed that way.

use super::read::{Docs, Problems};
use crate::formats::iob::Tag;

/// Reads every document of `src` into `docs`.
pub fn read<'a>(src: &'a str, docs: &mut Docs<'a>, problems: &mut Problems) {
    let lines: Vec<&str> = src.lines().map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let mut column: Option<usize> = None;
    let mut open: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if let Some(rest) = line.strip_prefix("#begin document") {
            docs.marker(Some(&document_name(rest)));
            // To this document's end (or the next's start: each line is looked at once).
            let end = lines[i + 1..]
                .iter()
                .position(|l| l.starts_with("#end document") || l.starts_with("#begin document"))
                .map_or(lines.len(), |p| i + 1 + p);
            column = ne_column(&lines[i + 1..end]);
            open = None;
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            docs.end_sentence();
            open = None;
            continue;
        }
        let cells: Vec<&str> = line.split_ascii_whitespace().collect();
        let Some(c) = column.filter(|&c| c < cells.len()) else {
            problems.add("ne column", n, 1, || {
                "no named-entity column: expected bracketed cells such as (PERSON* … *) in column 11".into()
            });
            continue;
        };
        if cells.get(4) == Some(&"-NONE-") {
            continue; // a trace, not a word of the text
        }
        let cell = cells[c];
        let tag = match (cell.strip_prefix('('), cell) {
            (Some(label), _) => {
                let kind = label.trim_end_matches(')').trim_end_matches('*');
                if label.ends_with(')') {
                    open = None;
                    Tag::Single(kind)
                } else {
                    open = Some(kind);
                    Tag::Begin(kind)
                }
            }
            (None, "*)") => match open.take() {
                Some(k) => Tag::End(k),
                None => Tag::Outside,
            },
            _ => open.map_or(Tag::Outside, Tag::Inside),
        };
        docs.token(word(cells[3]), true, Some(tag), None);
    }
}

/// `(bc/cctv/00/cctv_0001); part 000` as `bc/cctv/00/cctv_0001 part 000`.
fn document_name(rest: &str) -> String {
    let rest = rest.trim();
    let (name, part) = rest.split_once(';').unwrap_or((rest, ""));
    let name = name.trim().trim_start_matches('(').trim_end_matches(')');
    let part = part.trim();
    if part.is_empty() { name.to_string() } else { format!("{name} {part}") }
}

/// The text of a treebank token: brackets and escaped punctuation as they were written.
fn word(token: &str) -> &str {
    match token {
        "-LRB-" => "(",
        "-RRB-" => ")",
        "-LSB-" => "[",
        "-RSB-" => "]",
        "-LCB-" => "{",
        "-RCB-" => "}",
        "``" | "''" => "\"",
        t => t.strip_prefix('/').filter(|p| p.chars().count() == 1).unwrap_or(t),
    }
}

/// The named-entity column of a document's lines.
fn ne_column(lines: &[&str]) -> Option<usize> {
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .take(5000)
        .map(|l| l.split_ascii_whitespace().collect())
        .collect();
    let columns = rows.iter().map(Vec::len).min()?;
    // The last column is coreference, `(12)`; the parse (sixth) is never the entities.
    let valid = |c: usize| rows.iter().all(|r| is_ne_cell(r[c]));
    let bracketed = |c: usize| rows.iter().any(|r| r[c].starts_with('('));
    let candidates: Vec<usize> = (6..columns.saturating_sub(1)).filter(|&c| valid(c)).collect();
    if candidates.contains(&10) {
        return Some(10);
    }
    candidates.iter().copied().find(|&c| bracketed(c)).or(candidates.first().copied())
}

/// `*`, `*)`, `(TYPE*`, `(TYPE)` or `(TYPE*)`.
fn is_ne_cell(cell: &str) -> bool {
    if cell == "*" || cell == "*)" {
        return true;
    }
    let Some(inner) = cell.strip_prefix('(') else { return false };
    let kind = inner.strip_suffix("*)").or_else(|| inner.strip_suffix(')')).or_else(|| inner.strip_suffix('*'));
    kind.is_some_and(|k| !k.is_empty() && !k.contains(['(', ')', '*']))
}
