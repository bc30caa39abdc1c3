//! What the matcher finds, put to use: mentions added to a corpus where nothing is annotated
//! (`annotate`), and the places an annotated corpus leaves a name unannotated that it
//! annotates elsewhere (`suggest`).

use rustc_hash::FxHashMap;

use super::{Gazetteer, Matcher};
use crate::import::Draft;
use crate::link::Local;
use crate::model::{Article, AttrValue, Corpus, Mention, Span};
use crate::search::fold::fold_text;

/// The attribute a found mention carries, and its value: how it can be told apart from the
/// annotators' own, filtered (`origin`) and removed.
pub const ORIGIN: (&str, &str) = (crate::link::ORIGIN, "gazetteer");

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
        let found = found_mentions(&corpus.articles[a], gazetteer, matcher, &mut done);
        if found.is_empty() {
            continue;
        }
        let mut added = Vec::with_capacity(found.len());
        for (g, mut mention) in found {
            mention.entity = *joined.entry(g).or_insert_with(|| corpus.intern_entity(gazetteer.entities[g].clone()).0);
            added.push(mention);
        }
        let article = &mut corpus.articles[a];
        for m in &added {
            if !article.entities.contains(&m.entity) {
                article.entities.push(m.entity);
            }
        }
        add_mentions(article, added);
    }
    done
}

/// [`annotate`] for an article as a reader made it, before it joins a corpus (the explorer
/// annotates as it loads): the gazetteer's entities it names are defined in it, by id.
pub fn annotate_draft(draft: &mut Draft, gazetteer: &Gazetteer, matcher: &Matcher) -> Annotated {
    let mut done = Annotated::default();
    let found = found_mentions(&draft.article, gazetteer, matcher, &mut done);
    if found.is_empty() {
        return done;
    }
    let mut local: FxHashMap<usize, usize> = FxHashMap::default();
    let mut added = Vec::with_capacity(found.len());
    for (g, mut mention) in found {
        mention.entity = *local.entry(g).or_insert_with(|| {
            let id = &gazetteer.entities[g].id;
            let defined = draft.entities.iter().position(|l| match l {
                Local::New(e) | Local::Explicit(e) => &e.id == id,
                Local::Known(_) => false,
            });
            defined.unwrap_or_else(|| {
                draft.entities.push(Local::Explicit(gazetteer.entities[g].clone()));
                draft.entities.len() - 1
            })
        });
        added.push(mention);
    }
    add_mentions(&mut draft.article, added);
    done
}

/// The mentions `matcher` finds in `article` where nothing is annotated, each with the
/// gazetteer entity it names (its `entity` field is to be set by the caller); counted in
/// `done`.
fn found_mentions(
    article: &Article,
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    done: &mut Annotated,
) -> Vec<(usize, Mention)> {
    let found = matcher.find(&article.text, article.language.as_deref());
    if found.is_empty() {
        return Vec::new();
    }
    let taken = covered(article.mentions.iter().map(|m| m.span));
    let mut out = Vec::new();
    for f in found {
        if overlaps(&taken, f.span) {
            done.kept += 1;
            continue;
        }
        let mut attributes = vec![(ORIGIN.0.to_string(), AttrValue::Text(ORIGIN.1.to_string()))];
        if !f.others.is_empty() {
            let ids: Vec<&str> = f.others.iter().map(|&o| gazetteer.entities[o].id.as_str()).collect();
            attributes.push((AMBIGUOUS.to_string(), AttrValue::Text(ids.join(", "))));
            done.ambiguous += 1;
        }
        out.push((f.entity, Mention::with(f.entity, f.span, Vec::new(), attributes)));
    }
    if !out.is_empty() {
        done.added += out.len();
        done.articles += 1;
    }
    out
}

/// Puts `added` among the article's mentions, in their order (by start, then end).
fn add_mentions(article: &mut Article, added: Vec<Mention>) {
    article.mentions.extend(added);
    article.mentions.sort_by_key(|m| (m.span.start, m.span.end));
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
    // Each entity's forms once, however often annotated.
    let mut forms: rustc_hash::FxHashSet<(usize, String)> = gazetteer
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| std::iter::once(&e.name).chain(&e.aliases).map(move |f| (i, f.clone())))
        .collect();
    for article in &corpus.articles {
        let offsets = article.mention_offsets();
        for m in article.mentions.iter().filter(|m| m.fragments().is_empty()) {
            let text = article.covered(&offsets, m);
            *annotated.entry(fold_text(&text)).or_default() += 1;
            let e = &mut gazetteer.entities[m.entity];
            if forms.insert((m.entity, text.clone())) {
                e.aliases.push(text);
            }
        }
    }
    let matcher = Matcher::new(&gazetteer);
    // Each suggestion with its string folded, to count how often each is left.
    let mut found: Vec<(Suggestion, String)> = Vec::new();
    for (a, article) in corpus.articles.iter().enumerate() {
        let taken = covered(article.mentions.iter().map(|m| m.span));
        let chars: Vec<char> = article.text.chars().collect();
        for f in matcher.find(&article.text, article.language.as_deref()) {
            if overlaps(&taken, f.span) {
                continue;
            }
            let folded = fold_text(&chars[f.span.start..f.span.end].iter().collect::<String>());
            let count = annotated.get(&folded).copied().unwrap_or(0);
            let suggestion = Suggestion {
                article: a,
                span: f.span,
                entity: f.entity,
                others: f.others,
                annotated: count,
                unannotated: 0,
            };
            found.push((suggestion, folded));
        }
    }
    let mut left: FxHashMap<String, usize> = FxHashMap::default();
    for (_, folded) in &found {
        *left.entry(folded.clone()).or_default() += 1;
    }
    found
        .into_iter()
        .map(|(mut s, folded)| {
            s.unannotated = left[&folded];
            s
        })
        .collect()
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
