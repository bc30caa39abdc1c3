//! CoNLL columns with IOB2 tags: `token TAG` per line, a blank line between sentences,
//! `-DOCSTART- O` before each article. The text's own tokens are kept (`F.B.I.` stays one):
//! tokens are split at whitespace and at every mention boundary only, so each mention covers
//! whole tokens. IOB cannot nest: of overlapping mentions the longer (then earlier) one is
//! kept, and the rest are counted in a warning. Pieces of a discontinuous mention are tagged as
//! separate mentions. What reading the file back would change is said: names whose spacing
//! becomes single spaces, and entities whose mentions differ in text (aliases, brat `*`
//! equivalences), which CoNLL cannot tie together.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::export::Output;
use crate::model::{Article, CharOffsets, Corpus, Span};

/// The corpus as IOB2 columns, written an article at a time, and what could not be written.
pub fn export(corpus: &Corpus) -> (Output<'_>, Vec<String>) {
    // What reading the file back would change is counted first; the file is written after.
    let (mut dropped, mut respaced, mut split) = (0, 0, 0);
    for a in &corpus.articles {
        let kept = kept(a, &mut dropped);
        let offsets = CharOffsets::new(&a.text, kept.iter().flat_map(|(s, _)| [s.start, s.end]).collect());
        respaced += kept.iter().filter(|(s, _)| !single_spaced(offsets.slice(&a.text, *s))).count();
        split += names_beyond_the_first(&a.text, &offsets, &kept);
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
    let write = move |w: &mut dyn std::io::Write| {
        for a in &corpus.articles {
            let kept = kept(a, &mut 0);
            w.write_all(b"-DOCSTART- O\n\n")?;
            write_tokens(a, &kept, corpus, w)?;
        }
        Ok(())
    };
    (Output::Stream(Box::new(write)), warnings)
}

/// The pieces of `a`'s mentions written: of overlapping ones the longer (then earlier) one,
/// the others counted in `dropped`; sorted by start.
fn kept(a: &Article, dropped: &mut usize) -> Vec<(Span, usize)> {
    let mut pieces: Vec<(Span, usize)> =
        a.mentions.iter().flat_map(|m| m.pieces().iter().map(move |p| (*p, m.entity))).collect();
    pieces.sort_by_key(|(s, _)| (std::cmp::Reverse(s.end - s.start), s.start));
    // Kept pieces by start: one overlaps a new piece if it starts before the new one ends
    // and ends after it starts (they never overlap each other).
    let mut taken: BTreeMap<usize, (Span, usize)> = BTreeMap::new();
    for (s, entity) in pieces {
        let clash = taken.range(..s.end).next_back().is_some_and(|(_, (t, _))| t.end > s.start);
        if clash {
            *dropped += 1;
        } else {
            taken.insert(s.start, (s, entity));
        }
    }
    taken.into_values().collect()
}

/// Writes one article's tokens: runs of non-space chars, never crossing a mention's edge; a
/// sentence ends at a line break, or after a token that ends a sentence outside a mention.
/// Memory: one token at a time.
fn write_tokens(
    a: &Article,
    kept: &[(Span, usize)],
    corpus: &Corpus,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let kind = |k: usize| corpus.entities[kept[k].1].kind.replace(char::is_whitespace, "_");
    // The kept piece at char `i`, moving forward only.
    let mut next = 0;
    let mut owner_at = |i: usize| -> Option<usize> {
        while next < kept.len() && kept[next].0.end <= i {
            next += 1;
        }
        (next < kept.len() && kept[next].0.start <= i).then_some(next)
    };
    let mut sentence_open = false;
    let mut token = String::new();
    // (start char, owner) of the token being read.
    let mut current: Option<(usize, Option<usize>)> = None;
    let mut chars = a.text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let owner = owner_at(i);
        if !c.is_whitespace() {
            if let Some((_, o)) = current
                && o != owner
            {
                sentence_open |= flush(&mut token, &mut current, kept, &kind, w)?;
            }
            current.get_or_insert((i, owner));
            token.push(c);
            let at_end = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
            if at_end && owner.is_none() && ends_sentence(&token) {
                flush(&mut token, &mut current, kept, &kind, w)?;
                w.write_all(b"\n")?;
                sentence_open = false;
            }
            continue;
        }
        sentence_open |= flush(&mut token, &mut current, kept, &kind, w)?;
        if c == '\n' && sentence_open {
            w.write_all(b"\n")?;
            sentence_open = false;
        }
    }
    if flush(&mut token, &mut current, kept, &kind, w)? || sentence_open {
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes the token being read, if any, with its tag; whether it wrote one.
fn flush(
    token: &mut String,
    current: &mut Option<(usize, Option<usize>)>,
    kept: &[(Span, usize)],
    kind: &dyn Fn(usize) -> String,
    w: &mut dyn std::io::Write,
) -> std::io::Result<bool> {
    let Some((start, owner)) = current.take() else { return Ok(false) };
    let tag = match owner {
        Some(k) if kept[k].0.start == start => format!("B-{}", kind(k)),
        Some(k) => format!("I-{}", kind(k)),
        None => "O".into(),
    };
    writeln!(w, "{token} {tag}")?;
    token.clear();
    Ok(true)
}

/// Whether a token ends a sentence: `.`, `!` or `?` alone, or after a lower-case letter
/// (`fra.`, not `U.S.`).
fn ends_sentence(tok: &str) -> bool {
    let mut rev = tok.chars().rev();
    match (rev.next(), rev.next()) {
        (Some('.' | '!' | '?'), None) => true,
        (Some('.' | '!' | '?'), Some(before)) => before.is_lowercase() || before.is_ascii_punctuation(),
        _ => false,
    }
}

/// Whether a passage's whitespace is single spaces only (as tokens read back are joined).
fn single_spaced(text: &str) -> bool {
    !text.contains(|c: char| c.is_whitespace() && c != ' ') && !text.contains("  ")
}

/// Names of an entity in the article beyond its first (by text, spacing aside): read back,
/// each is an entity of its own.
fn names_beyond_the_first(text: &str, offsets: &CharOffsets, kept: &[(Span, usize)]) -> usize {
    let mut names: HashMap<usize, HashSet<String>> = HashMap::new();
    for (s, entity) in kept {
        let name = offsets.slice(text, *s).split_whitespace().collect::<Vec<_>>().join(" ");
        names.entry(*entity).or_default().insert(name);
    }
    names.values().map(|n| n.len() - 1).sum()
}
