//! What the matcher finds, put to use: mentions added to a corpus where nothing is annotated
//! (`annotate`), and the places an annotated corpus leaves a name unannotated that it
//! annotates elsewhere (`suggest`).

use rustc_hash::FxHashMap;

use super::{Gazetteer, Matcher};
use crate::model::{AttrValue, Corpus, Mention, Span};
use crate::search::fold::fold;

/// The attribute a found mention carries, and its value: how it can be told apart from the
/// annotators' own, filtered (`origin`) and removed.
pub const ORIGIN: (&str, &str) = ("origin", "gazetteer");

/// The attribute a found mention of a shared name carries: the ids of the others so called.
pub const AMBIGUOUS: &str = "ambiguous";

/// What [`annotate`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Annotated {
    /// Mentions added.
    pub added: usize,
    /// Of those, names several entities share (the choice recorded on the mention).
    pub ambiguous: usize,
    /// Names found where something was already annotated, left as they were.
    pub kept: usize,
    /// Articles that got at least one mention.
    pub articles: usize,
}

/// Adds to every article of `corpus` the mentions `matcher` (built from `gazetteer`) finds
/// where nothing is annotated yet, each marked with [`ORIGIN`] (and [`AMBIGUOUS`] when the
/// name is shared). The gazetteer's entities they name join the corpus (by id: one it already
/// has is the same entity).
pub fn annotate(corpus: &mut Corpus, gazetteer: &Gazetteer, matcher: &Matcher) -> Annotated {
    let mut done = Annotated::default();
    // The corpus's index of each gazetteer entity, once it is needed.
    let mut joined: FxHashMap<usize, usize> = FxHashMap::default();
    for a in 0..corpus.articles.len() {
        let found = {
            let article = &corpus.articles[a];
            matcher.find(&article.text, article.language.as_deref())
        };
        if found.is_empty() {
            continue;
        }
        let taken = covered(corpus.articles[a].mentions.iter().map(|m| m.span));
        let mut added = Vec::new();
        for f in found {
            if overlaps(&taken, f.span) {
                done.kept += 1;
                continue;
            }
            let entity =
                *joined.entry(f.entity).or_insert_with(|| corpus.intern_entity(gazetteer.entities[f.entity].clone()).0);
            let mut attributes = vec![(ORIGIN.0.to_string(), AttrValue::Text(ORIGIN.1.to_string()))];
            if !f.others.is_empty() {
                let ids: Vec<&str> = f.others.iter().map(|&o| gazetteer.entities[o].id.as_str()).collect();
                attributes.push((AMBIGUOUS.to_string(), AttrValue::Text(ids.join(", "))));
                done.ambiguous += 1;
            }
            added.push(Mention::with(entity, f.span, Vec::new(), attributes));
        }
        if added.is_empty() {
            continue;
        }
        done.added += added.len();
        done.articles += 1;
        let article = &mut corpus.articles[a];
        for m in &added {
            if !article.entities.contains(&m.entity) {
                article.entities.push(m.entity);
            }
        }
        article.mentions.extend(added);
        article.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
    done
}

/// The annotated spans as disjoint intervals, in order.
fn covered(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut all: Vec<Span> = spans.collect();
    all.sort_by_key(|s| s.start);
    let mut out: Vec<Span> = Vec::with_capacity(all.len());
    for s in all {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Whether `span` overlaps one of the disjoint, ordered `taken`.
fn overlaps(taken: &[Span], span: Span) -> bool {
    let i = taken.partition_point(|t| t.end <= span.start);
    taken.get(i).is_some_and(|t| t.start < span.end)
}

/// A name left unannotated where the corpus annotates it elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The article (an index into the corpus's articles).
    pub article: usize,
    /// Where, in chars.
    pub span: Span,
    /// The entity it would be a mention of (an index into the corpus's entities).
    pub entity: usize,
    /// Other entities the same name is annotated as, when it is shared.
    pub others: Vec<usize>,
    /// How many times the corpus annotates this string (folded).
    pub annotated: usize,
    /// How many times it leaves it unannotated (these suggestions).
    pub unannotated: usize,
}

/// The places in `corpus` where a name it annotates elsewhere (the name, an alias or an
/// annotated text of an entity it mentions) is left unannotated, in article and text order.
pub fn suggest(corpus: &Corpus) -> Vec<Suggestion> {
    // The entities with every string they are annotated as, and how often each string is;
    // an entity no mention names is no evidence of anything.
    let mut gazetteer = Gazetteer::from_corpus(corpus);
    for (e, entity) in gazetteer.entities.iter_mut().enumerate() {
        if gazetteer.mentions[e] == 0 {
            entity.name.clear();
            entity.aliases.clear();
        }
    }
    let mut annotated: FxHashMap<String, usize> = FxHashMap::default();
    for article in &corpus.articles {
        let offsets = article.mention_offsets();
        for m in article.mentions.iter().filter(|m| m.fragments().is_empty()) {
            let text = article.covered(&offsets, m);
            *annotated.entry(fold(&text).text).or_default() += 1;
            let e = &mut gazetteer.entities[m.entity];
            if e.name != text && !e.aliases.contains(&text) {
                e.aliases.push(text);
            }
        }
    }
    let matcher = Matcher::new(&gazetteer);
    let mut out = Vec::new();
    for (a, article) in corpus.articles.iter().enumerate() {
        let taken = covered(article.mentions.iter().map(|m| m.span));
        let chars: Vec<char> = article.text.chars().collect();
        for f in matcher.find(&article.text, article.language.as_deref()) {
            if overlaps(&taken, f.span) {
                continue;
            }
            let text: String = chars[f.span.start..f.span.end].iter().collect();
            let count = annotated.get(&fold(&text).text).copied().unwrap_or(0);
            out.push(Suggestion {
                article: a,
                span: f.span,
                entity: f.entity,
                others: f.others,
                annotated: count,
                unannotated: 0,
            });
        }
    }
    // How often each string is left unannotated, now that all are found.
    let mut left: FxHashMap<String, usize> = FxHashMap::default();
    let folded: Vec<String> = out
        .iter()
        .map(|s| {
            fold(
                &corpus.articles[s.article]
                    .text
                    .chars()
                    .skip(s.span.start)
                    .take(s.span.end - s.span.start)
                    .collect::<String>(),
            )
            .text
        })
        .collect();
    for f in &folded {
        *left.entry(f.clone()).or_default() += 1;
    }
    for (s, f) in out.iter_mut().zip(&folded) {
        s.unannotated = left[f];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_tell_what_is_taken() {
        let taken =
            covered([Span { start: 5, end: 9 }, Span { start: 0, end: 3 }, Span { start: 7, end: 12 }].into_iter());
        assert_eq!(taken, [Span { start: 0, end: 3 }, Span { start: 5, end: 12 }]);
        assert!(!overlaps(&taken, Span { start: 3, end: 5 }));
        assert!(overlaps(&taken, Span { start: 11, end: 20 }));
        assert!(overlaps(&taken, Span { start: 2, end: 4 }));
        assert!(!overlaps(&taken, Span { start: 12, end: 13 }));
    }
}
