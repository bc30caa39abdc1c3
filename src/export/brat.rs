//! brat standoff: one `.txt` and one `.ann` per article. Mentions become `T` lines
//! (discontinuous ones with `;`), entity links `N` lines (an entity without links gets a
//! `newslens:ID` reference where reading the files back would not join it by type and name
//! anyway, so entities stay together), attributes
//! `A` lines, relations `R` lines between each entity's first mentions, and notes that cover
//! exactly one mention `#` AnnotatorNotes. brat has no dates, so events are not written.

use std::collections::HashMap;

use crate::search::fold::name_key;
use std::fmt::Write as _;

use super::Output;
use crate::model::{Article, Corpus, Span};

/// Every article as a `.txt`/`.ann` pair, and what could not be written.
pub fn export(corpus: &Corpus) -> (Output, Vec<String>) {
    let mut files = Vec::new();
    let mut skipped_notes = 0;
    for a in &corpus.articles {
        let name = file_name(&a.id);
        let (ann, notes) = ann(corpus, a);
        skipped_notes += notes;
        files.push((format!("{name}.txt"), a.text.clone()));
        files.push((format!("{name}.ann"), ann));
    }
    let mut warnings = Vec::new();
    if skipped_notes > 0 {
        warnings.push(format!(
            "{skipped_notes} notes not written: brat notes belong to one annotation, and these cover other passages"
        ));
    }
    (Output::Dir(files), warnings)
}

/// A safe relative path for an article id: path parts kept, other characters replaced.
pub fn file_name(id: &str) -> String {
    let parts: Vec<String> = id
        .split('/')
        .map(|p| {
            let clean: String =
                p.chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
            if clean.is_empty() || clean.chars().all(|c| c == '.') { "_".to_string() } else { clean }
        })
        .collect();
    parts.join("/")
}

/// brat types and attribute values cannot hold spaces.
fn token(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The `.ann` of one article, and how many notes it could not hold.
fn ann(corpus: &Corpus, a: &Article) -> (String, usize) {
    let mut out = String::new();
    let (mut n_norm, mut n_attr) = (0, 0);
    let mut first_t: HashMap<usize, usize> = HashMap::new();
    let mut t_of_extent: HashMap<Span, usize> = HashMap::new();
    let chars: Vec<char> = a.text.chars().collect();
    for (i, m) in a.mentions.iter().enumerate() {
        let t = i + 1;
        let e = &corpus.entities[m.entity];
        // brat annotations do not cross line breaks: split pieces at them.
        let pieces: Vec<Span> = m.pieces().iter().flat_map(|p| split_at_newlines(&chars, *p)).collect();
        let ranges: Vec<String> = pieces.iter().map(|p| format!("{} {}", p.start, p.end)).collect();
        let text: Vec<String> = pieces.iter().map(|p| chars[p.start..p.end].iter().collect()).collect();
        let _ = writeln!(out, "T{t}\t{} {}\t{}", token(&e.kind), ranges.join(";"), text.join(" "));
        first_t.entry(m.entity).or_insert(t);
        t_of_extent.entry(m.span).or_insert(t);
        let references: Vec<String> = if e.links.is_empty() {
            // Read back, this mention joins the entity by its type and name anyway.
            if name_key(&token(&e.kind), &text.join(" ")) == e.id {
                Vec::new()
            } else {
                vec![format!("newslens:{}", e.id)]
            }
        } else {
            e.links.iter().map(|(kb, id)| format!("{}:{id}", kb_name(kb))).collect()
        };
        for r in references {
            n_norm += 1;
            let _ = writeln!(out, "N{n_norm}\tReference T{t} {}\t{}", token(&r), e.name.replace(['\t', '\n'], " "));
        }
        for (name, value) in m.attributes() {
            n_attr += 1;
            if value == "true" {
                let _ = writeln!(out, "A{n_attr}\t{} T{t}", token(name));
            } else {
                let _ = writeln!(out, "A{n_attr}\t{} T{t} {}", token(name), token(value));
            }
        }
    }
    for (k, r) in a.relations.iter().enumerate() {
        if let (Some(f), Some(t)) = (first_t.get(&r.from), first_t.get(&r.to)) {
            let _ = writeln!(out, "R{}\t{} Arg1:T{f} Arg2:T{t}", k + 1, token(&r.kind));
        }
    }
    let mut skipped = 0;
    let mut n_note = 0;
    for note in &a.notes {
        match t_of_extent.get(&note.span) {
            Some(t) => {
                n_note += 1;
                let _ = writeln!(out, "#{n_note}\tAnnotatorNotes T{t}\t{}", note.text.replace(['\t', '\n'], " "));
            }
            None => skipped += 1,
        }
    }
    (out, skipped)
}

/// brat's usual spelling of a knowledge base: `Wikidata`, not `wikidata`.
fn kb_name(kb: &str) -> String {
    let mut c = kb.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn split_at_newlines(chars: &[char], s: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = s.start;
    for (i, &c) in chars.iter().enumerate().take(s.end).skip(s.start) {
        if c == '\n' || c == '\r' {
            if i > start {
                out.push(Span { start, end: i });
            }
            start = i + 1;
        }
    }
    if s.end > start {
        out.push(Span { start, end: s.end });
    }
    if out.is_empty() { vec![s] } else { out }
}
