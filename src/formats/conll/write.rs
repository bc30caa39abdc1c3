//! CoNLL columns with IOB2 tags: `token TAG` per line, a blank line between sentences,
//! `-DOCSTART- O` before each article. The text's own tokens are kept (`F.B.I.` stays one):
//! tokens are split at whitespace and at every mention boundary only, so each mention covers
//! whole tokens. IOB cannot nest: of overlapping mentions the longer (then earlier) one is
//! kept, and the rest are counted in a warning. Pieces of a discontinuous mention are tagged as
//! separate mentions. What reading the file back would change is said: names whose spacing
//! becomes single spaces, and entities whose mentions differ in text (aliases, brat `*`
//! equivalences), which CoNLL cannot tie together.

use std::fmt::Write as _;

use crate::export::Output;
use crate::model::{Corpus, Span};

/// The corpus as IOB2 columns, and what could not be written.
pub fn export(corpus: &Corpus) -> (Output, Vec<String>) {
    let mut out = String::new();
    let (mut dropped, mut respaced, mut split) = (0, 0, 0);
    for a in &corpus.articles {
        let chars: Vec<char> = a.text.chars().collect();
        // Non-overlapping mentions, longest first.
        let mut pieces: Vec<(Span, usize)> =
            a.mentions.iter().flat_map(|m| m.pieces().iter().map(move |p| (*p, m.entity))).collect();
        pieces.sort_by_key(|(s, _)| (std::cmp::Reverse(s.end - s.start), s.start));
        let mut tag_of: Vec<Option<usize>> = vec![None; chars.len()];
        let mut kept: Vec<(Span, usize)> = Vec::new();
        for (s, entity) in pieces {
            if tag_of[s.start..s.end].iter().any(Option::is_some) {
                dropped += 1;
                continue;
            }
            for t in &mut tag_of[s.start..s.end] {
                *t = Some(kept.len());
            }
            kept.push((s, entity));
        }
        respaced += kept.iter().filter(|(s, _)| !single_spaced(&chars[s.start..s.end])).count();
        split += names_beyond_the_first(&chars, &kept);
        let _ = writeln!(out, "-DOCSTART- O\n");
        write_tokens(&chars, &tag_of, &kept, corpus, &mut out);
    }
    let mut warnings = Vec::new();
    if dropped > 0 {
        let what = if dropped == 1 { "mention" } else { "mentions" };
        warnings.push(format!("{dropped} overlapping {what} not written: IOB tags cannot nest"));
    }
    if respaced > 0 {
        warnings.push(format!(
            "{respaced} mentions span line breaks or runs of spaces, written as tokens apart by single spaces: \
             their names read back differ"
        ));
    }
    if split > 0 {
        warnings.push(format!(
            "{split} further names of entities in an article (aliases, brat * equivalences) may read back as \
             entities of their own: CoNLL ties mentions by their text only"
        ));
    }
    (Output::File(out), warnings)
}

/// Writes one article's tokens: runs of non-space chars, never crossing a mention boundary; a
/// sentence ends at a line break, or after a token that ends a sentence outside a mention.
fn write_tokens(chars: &[char], tag_of: &[Option<usize>], kept: &[(Span, usize)], corpus: &Corpus, out: &mut String) {
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
        let start = i;
        let owner = tag_of[i];
        while i < chars.len() && !chars[i].is_whitespace() && tag_of[i] == owner {
            i += 1;
        }
        let tok: String = chars[start..i].iter().collect();
        let kind = |k: usize| corpus.entities[kept[k].1].kind.replace(char::is_whitespace, "_");
        let tag = match owner {
            Some(k) if kept[k].0.start == start => format!("B-{}", kind(k)),
            Some(k) => format!("I-{}", kind(k)),
            None => "O".into(),
        };
        let _ = writeln!(out, "{tok} {tag}");
        sentence_open = true;
        if owner.is_none() && ends_sentence(&chars[start..i]) && chars.get(i).is_none_or(|c| c.is_whitespace()) {
            out.push('\n');
            sentence_open = false;
        }
    }
    if sentence_open {
        out.push('\n');
    }
}

/// Whether a token ends a sentence: `.`, `!` or `?` alone, or after a lower-case letter
/// (`fra.`, not `U.S.`).
fn ends_sentence(tok: &[char]) -> bool {
    match tok {
        [.., before, '.' | '!' | '?'] => before.is_lowercase() || before.is_ascii_punctuation(),
        [last] => matches!(last, '.' | '!' | '?'),
        _ => false,
    }
}

/// Whether a passage's whitespace is single spaces only (as tokens read back are joined).
fn single_spaced(chars: &[char]) -> bool {
    chars.windows(2).all(|w| !(w[0].is_whitespace() && w[1].is_whitespace()))
        && chars.iter().all(|c| !c.is_whitespace() || *c == ' ')
}

/// Mentions whose text differs from the first of their entity in the article: read back, each
/// distinct text is an entity of its own.
fn names_beyond_the_first(chars: &[char], kept: &[(Span, usize)]) -> usize {
    let mut names: std::collections::HashMap<usize, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    for (s, entity) in kept {
        let text: String = chars[s.start..s.end].iter().collect();
        names.entry(*entity).or_default().insert(text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    names.values().map(|n| n.len() - 1).sum()
}
