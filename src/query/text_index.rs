//! Which articles hold which words: folded words, sorted so that a prefix finds every word it
//! begins, each with the articles it occurs in. Built once for a corpus when a query first
//! needs words; grows with articles added later.

use rustc_hash::FxHashMap;

use super::words;
use crate::model::Corpus;

/// Folded word → articles, for word and phrase terms.
#[derive(Debug, Default, Clone)]
pub struct TextIndex {
    /// Every folded word, sorted.
    words: Vec<Box<str>>,
    /// For `words[i]`, the articles holding it, ascending.
    postings: Vec<Vec<u32>>,
    /// Articles indexed so far (the first `articles` of the corpus).
    articles: usize,
    /// Words added since the last sort, with their postings.
    pending: FxHashMap<Box<str>, Vec<u32>>,
}

impl TextIndex {
    /// The index of every article of `corpus`.
    pub fn of(corpus: &Corpus) -> TextIndex {
        let mut index = TextIndex::default();
        index.update(corpus);
        index
    }

    /// How many of a corpus's first articles it indexes.
    pub fn articles(&self) -> usize {
        self.articles
    }

    /// Indexes the articles added to `corpus` since the last call.
    pub fn update(&mut self, corpus: &Corpus) {
        if self.articles >= corpus.articles.len() {
            return;
        }
        // Words already known get postings in place; new words are gathered, then merged in
        // sorted order once.
        let known: FxHashMap<&str, usize> = self.words.iter().enumerate().map(|(i, w)| (&**w, i)).collect();
        let mut added: Vec<(usize, u32)> = Vec::new();
        for (a, article) in corpus.articles.iter().enumerate().skip(self.articles) {
            let a = a as u32;
            for w in words(&article.text).chain(words(&article.title)) {
                match known.get(w.as_str()) {
                    Some(&i) => added.push((i, a)),
                    None => {
                        let list = self.pending.entry(w.into_boxed_str()).or_default();
                        if list.last() != Some(&a) {
                            list.push(a);
                        }
                    }
                }
            }
        }
        for (i, a) in added {
            let list = &mut self.postings[i];
            if list.last() != Some(&a) {
                list.push(a);
            }
        }
        if !self.pending.is_empty() {
            let mut all: Vec<(Box<str>, Vec<u32>)> = std::mem::take(&mut self.words)
                .into_iter()
                .zip(std::mem::take(&mut self.postings))
                .chain(self.pending.drain())
                .collect();
            all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            (self.words, self.postings) = all.into_iter().unzip();
        }
        self.articles = corpus.articles.len();
    }

    /// Per article (of `n`), whether a word of it begins with `prefix` (folded).
    pub fn prefix(&self, prefix: &str, n: usize) -> Vec<bool> {
        let mut hit = vec![false; n];
        let from = self.words.partition_point(|w| &**w < prefix);
        for i in from..self.words.len() {
            if !self.words[i].starts_with(prefix) {
                break;
            }
            for &a in &self.postings[i] {
                if let Some(h) = hit.get_mut(a as usize) {
                    *h = true;
                }
            }
        }
        hit
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is indexed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Bytes the index holds, roughly (for measuring it).
    pub fn heap_bytes(&self) -> usize {
        self.words.iter().map(|w| w.len() + 16).sum::<usize>()
            + self.postings.iter().map(|p| p.capacity() * 4 + 24).sum::<usize>()
    }
}
