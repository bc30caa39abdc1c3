//! CoNLL columns with IOB2 tags: `token TAG` per line, a blank line between sentences,
//! `-DOCSTART- O` before each article. Tokens are split at whitespace, around punctuation and
//! at every mention boundary, so each mention covers whole tokens. IOB cannot nest: of
//! overlapping mentions the longer (then earlier) one is kept, and the rest are counted in a
//! warning. Pieces of a discontinuous mention are tagged as separate mentions.

use std::fmt::Write as _;

use crate::export::Output;
use crate::model::{Corpus, Span};

/// The corpus as IOB2 columns, and what could not be written.
pub fn export(corpus: &Corpus) -> (Output, Vec<String>) {
    let mut out = String::new();
    let mut dropped = 0;
    for a in &corpus.articles {
        let chars: Vec<char> = a.text.chars().collect();
        // Non-overlapping mentions, longest first.
        let mut pieces: Vec<(Span, &str)> = a
            .mentions
            .iter()
            .flat_map(|m| m.pieces().iter().map(move |p| (*p, corpus.entities[m.entity].kind.as_str())))
            .collect();
        pieces.sort_by_key(|(s, _)| (std::cmp::Reverse(s.end - s.start), s.start));
        let mut tag_of: Vec<Option<usize>> = vec![None; chars.len()];
        let mut kept: Vec<(Span, &str)> = Vec::new();
        for (s, kind) in pieces {
            if tag_of[s.start..s.end].iter().any(Option::is_some) {
                dropped += 1;
                continue;
            }
            for t in &mut tag_of[s.start..s.end] {
                *t = Some(kept.len());
            }
            kept.push((s, kind));
        }
        let _ = writeln!(out, "-DOCSTART- O\n");
        let mut sentence_open = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\n' {
                if sentence_open {
                    out.push('\n');
                    sentence_open = false;
                }
                i += 1;
                continue;
            }
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            // A token: one punctuation char, or a run of other non-space chars, never crossing
            // a mention boundary.
            let start = i;
            let owner = tag_of[i];
            i += 1;
            if !is_punct(c) {
                while i < chars.len() && !chars[i].is_whitespace() && !is_punct(chars[i]) && tag_of[i] == owner {
                    i += 1;
                }
            }
            let tok: String = chars[start..i].iter().collect();
            let tag = match owner {
                Some(k) if kept[k].0.start == start => format!("B-{}", kept[k].1.replace(char::is_whitespace, "_")),
                Some(k) => format!("I-{}", kept[k].1.replace(char::is_whitespace, "_")),
                None => "O".into(),
            };
            let _ = writeln!(out, "{tok} {tag}");
            sentence_open = true;
            if matches!(c, '.' | '!' | '?') && owner.is_none() {
                out.push('\n');
                sentence_open = false;
            }
        }
        if sentence_open {
            out.push('\n');
        }
    }
    let warnings = if dropped > 0 {
        vec![format!("{dropped} overlapping mentions not written: IOB tags cannot nest")]
    } else {
        Vec::new()
    };
    (Output::File(out), warnings)
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() && c != '-' && c != '\'' || "“”‘’«»…—–".contains(c)
}
