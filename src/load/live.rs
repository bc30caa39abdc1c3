//! A corpus that grows while it is read: the explorer takes in what the background reader
//! sends, batch by batch, and everything derived from the corpus (counts, search indices) is
//! brought up to date here, in one place.

use std::ops::Range;
use std::sync::Arc;

use super::{Assembler, Diagnostic, Piece};
use crate::link::KnownEntities;
use crate::link::Link;
use crate::link::name_key;
use crate::model::{Corpus, Counts};
use crate::query::{Query, TextIndex};
use crate::search::FuzzyIndex;

/// The loaded data and what is derived from it.
pub struct LiveCorpus {
    /// The articles, entities and events so far; shared with work off the input path (a
    /// filter's live count), copied only if it grows while such work holds it.
    pub corpus: Arc<Corpus>,
    /// Errors and warnings found so far, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Mention and article counts per entity.
    pub counts: Counts,
    /// Fuzzy search over entity names and aliases.
    pub entity_index: FuzzyIndex,
    /// Fuzzy search over articles for the switcher: title, first line, date and id.
    pub title_index: FuzzyIndex,
    assembler: Assembler,
    /// Entities already indexed got other names or aliases since (see [`LiveCorpus::refresh`]).
    index_stale: bool,
    /// Per entity, whether another one has the same type and name (case and accents aside):
    /// lists then show what tells them apart.
    pub twins: Vec<bool>,
    /// Folded word → articles, made when a query first needs words.
    text: Option<Arc<TextIndex>>,
}

/// What one call of [`LiveCorpus::absorb`] added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// Indices of the new articles.
    pub articles: Range<usize>,
    /// Indices of the new entities.
    pub entities: Range<usize>,
}

impl Default for LiveCorpus {
    fn default() -> Self {
        LiveCorpus::new(Corpus::default())
    }
}

impl LiveCorpus {
    /// An empty live corpus that links imported entities as `link` says.
    pub fn with_link(link: Link) -> LiveCorpus {
        LiveCorpus { assembler: Assembler::new(link), ..LiveCorpus::default() }
    }

    /// A live corpus that starts with `corpus` (already assembled).
    pub fn new(corpus: Corpus) -> LiveCorpus {
        let counts = Counts::of(&corpus);
        let mut entity_index = FuzzyIndex::entities(&corpus.entities);
        entity_index.set_priority(&counts.mentions);
        let keys: Vec<String> = corpus.articles.iter().map(switcher_key).collect();
        let title_index = FuzzyIndex::names(keys.iter().map(String::as_str));
        LiveCorpus {
            corpus: Arc::new(corpus),
            diagnostics: Vec::new(),
            counts,
            entity_index,
            title_index,
            assembler: Assembler::default(),
            index_stale: false,
            twins: Vec::new(),
            text: None,
        }
        .refreshed()
    }

    fn refreshed(mut self) -> LiveCorpus {
        self.twins = twins(&self.corpus);
        self
    }

    /// The entities the corpus holds, for the reading threads (see [`KnownEntities`]).
    pub fn known(&self) -> Arc<KnownEntities> {
        self.assembler.known()
    }

    /// Takes in read pieces and brings counts and indices up to date.
    pub fn absorb(&mut self, pieces: impl IntoIterator<Item = Piece>) -> Added {
        let (articles, entities) = (self.corpus.articles.len(), self.corpus.entities.len());
        for p in pieces {
            self.assembler.add(Arc::make_mut(&mut self.corpus), &mut self.diagnostics, p);
        }
        self.counts.update(&self.corpus);
        self.entity_index.extend_entities(&self.corpus.entities, entities);
        self.entity_index.set_priority(&self.counts.mentions);
        self.index_stale |= self.assembler.take_renamed();
        let keys: Vec<String> = self.corpus.articles[articles..].iter().map(switcher_key).collect();
        self.title_index.extend_names(keys.iter().map(String::as_str), articles);
        Added { articles: articles..self.corpus.articles.len(), entities: entities..self.corpus.entities.len() }
    }

    /// The corpus to change (copied first if work off the input path holds it).
    pub fn corpus_mut(&mut self) -> &mut Corpus {
        Arc::make_mut(&mut self.corpus)
    }

    /// Takes the mentions of `articles` out of the counts, before an edit changes them.
    pub fn uncount(&mut self, articles: &std::collections::BTreeSet<usize>) {
        self.counts.tally(&self.corpus, articles, false);
    }

    /// Counts `articles` again after an edit changed them (see [`LiveCorpus::uncount`]), and
    /// indexes the entities for search afresh if `entities` changed (names, types, new ones).
    pub fn edited(&mut self, articles: &std::collections::BTreeSet<usize>, entities: bool) {
        self.counts.tally(&self.corpus, articles, true);
        self.index_stale |= entities;
        self.entity_index.set_priority(&self.counts.mentions);
        self.refresh();
    }

    /// Re-indexes the entities for search if names or aliases of indexed ones changed (imported
    /// entities take their most frequent form as name as more articles come in). Cheap when
    /// nothing changed; called now and then while loading, and when loading ends.
    pub fn refresh(&mut self) {
        let stale = std::mem::take(&mut self.index_stale);
        if stale {
            self.entity_index = FuzzyIndex::entities(&self.corpus.entities);
            self.entity_index.set_priority(&self.counts.mentions);
        }
        if stale || self.twins.len() != self.corpus.entities.len() {
            self.twins = twins(&self.corpus);
        }
    }

    /// The articles matching `query`; word terms use a text index, made the first time one
    /// is needed and brought up to date with articles loaded since.
    pub fn matching(&mut self, query: &Query) -> Vec<usize> {
        let (matching, text) = matching(query, &self.corpus, self.text.clone());
        self.offer_text(text);
        matching
    }

    /// The corpus and its text index as they are, for a query run on another thread (see
    /// [`matching`]).
    pub fn shared(&self) -> (Arc<Corpus>, Option<Arc<TextIndex>>) {
        (Arc::clone(&self.corpus), self.text.clone())
    }

    /// Keeps `text` as the text index if it indexes more of the corpus than the one kept.
    pub fn offer_text(&mut self, text: Option<Arc<TextIndex>>) {
        let have = self.text.as_ref().map_or(0, |t| t.articles());
        if let Some(text) = text.filter(|t| self.text.is_none() || t.articles() > have) {
            self.text = Some(text);
        }
    }

    /// Number of errors and of warnings so far.
    pub fn problem_counts(&self) -> (usize, usize) {
        crate::diagnostic::counts(&self.diagnostics)
    }
}

/// Per entity, whether another has the same type and folded name.
fn twins(corpus: &Corpus) -> Vec<bool> {
    let keys: Vec<String> = corpus.entities.iter().map(|e| name_key(&e.kind, &e.name)).collect();
    let mut seen: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for k in &keys {
        *seen.entry(k).or_default() += 1;
    }
    keys.iter().map(|k| seen[k.as_str()] > 1).collect()
}

/// The articles of `corpus` matching `query`, with the text index it needed brought up to
/// date (made, or copied and extended, from `text`), to be offered back to the live corpus.
pub fn matching(query: &Query, corpus: &Corpus, text: Option<Arc<TextIndex>>) -> (Vec<usize>, Option<Arc<TextIndex>>) {
    let text = if query.needs_text() {
        let mut text = text.unwrap_or_default();
        if text.articles() < corpus.articles.len() {
            Arc::make_mut(&mut text).update(corpus);
        }
        Some(text)
    } else {
        text
    };
    (query.articles(corpus, text.as_deref()), text)
}

/// What the switcher finds an article by: its title, its first line (as the switcher shows
/// it after the title), its date and its id.
fn switcher_key(a: &crate::model::Article) -> String {
    let date = a.date.map(|d| d.to_string()).unwrap_or_default();
    format!("{} — {} · {date} · {}", a.title, a.lead(), a.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Framing, Loader};

    fn pieces(src: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut emit = |p| out.push(p);
        let mut progress = |_| {};
        super::super::InputReader::new(Default::default(), &mut emit, &mut progress).add_source(
            "c.jsonl",
            src,
            Framing::JsonLines,
        );
        out
    }

    #[test]
    fn counts_and_indices_grow_with_each_batch_as_if_loaded_at_once() {
        let a = r#"{"id": "a", "title": "Alpha", "text": "Huawei Huawei", "entities": [{"id": "h", "name": "Huawei", "type": "ORG"}], "mentions": [{"entity": "h", "start": 0, "end": 6}, {"entity": "h", "start": 7, "end": 13}]}"#;
        let b = r#"{"id": "b", "title": "Beta", "text": "Huawei and Apple", "entities": [{"id": "h", "name": "Huawei", "type": "ORG"}, {"id": "ap", "name": "Apple", "type": "ORG"}], "mentions": [{"entity": "h", "start": 0, "end": 6}, {"entity": "ap", "start": 11, "end": 16}]}"#;
        let mut live = LiveCorpus::default();
        let first = live.absorb(pieces(a));
        assert_eq!(first, Added { articles: 0..1, entities: 0..1 });
        let second = live.absorb(pieces(b));
        assert_eq!(second, Added { articles: 1..2, entities: 1..2 });
        let mut all = Loader::new();
        all.add_source("c.jsonl", &format!("{a}\n{b}\n"), Framing::JsonLines);
        let all = all.finish();
        assert_eq!(live.counts, Counts::of(&all.corpus));
        assert_eq!(live.counts.mentions, [3, 1]);
        assert_eq!(live.counts.articles, [2, 1]);
        assert_eq!(live.entity_index.search("appl", 5)[0].item, 1);
        assert_eq!(live.title_index.search("bet", 5)[0].item, 1);
    }
}
