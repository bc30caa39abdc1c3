//! The article switcher: every loaded article, filtered live by a fuzzy search over titles.

use super::cursor::Cursor;
use crate::search::{FuzzyIndex, Hit, Matches};

/// The open switcher.
#[derive(Debug, Clone, Default)]
pub struct Switcher {
    /// What the user typed.
    pub query: String,
    /// Matching articles, best first (only while the query is not empty).
    pub hits: Vec<Hit>,
    /// The cursor over the rows.
    pub cursor: Cursor,
    /// All matches of the query, to narrow the next keystroke's search.
    pub matches: Matches,
}

impl Switcher {
    /// Number of rows: every article, or the matches.
    pub fn len(&self, articles: usize) -> usize {
        if self.query.trim().is_empty() { articles } else { self.hits.len() }
    }

    /// Whether there is no row.
    pub fn is_empty(&self, articles: usize) -> bool {
        self.len(articles) == 0
    }

    /// The article on row `row`, and the matched title positions.
    pub fn row(&self, row: usize, articles: usize) -> Option<(usize, &[usize])> {
        if self.query.trim().is_empty() {
            (row < articles).then_some((row, &[][..]))
        } else {
            self.hits.get(row).map(|h| (h.item, h.indices.as_slice()))
        }
    }

    /// Re-runs the search after the query changed; the best match is highlighted.
    pub fn refresh(&mut self, index: &FuzzyIndex, articles: usize, height: usize) {
        (self.hits, self.matches) = index.search_narrowing(&self.query, super::entities::RESULTS, Some(&self.matches));
        self.cursor = Cursor::default();
        self.cursor.follow(self.len(articles), height);
    }
}
