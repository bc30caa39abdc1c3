//! The entity pane's state: the sorted list, the cursor, and a live fuzzy search.

use super::cursor::Cursor;
use crate::model::{ArticleIx, Corpus, EntityIx};
use crate::search::{FuzzyIndex, Hit, Matches};

/// How the entity list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Most mentioned first.
    Mentions,
    /// Alphabetical by name.
    Name,
    /// In the order the current article first mentions them.
    FirstAppearance,
    /// Grouped by type, then by name.
    Type,
}

impl SortOrder {
    /// The next order in the cycle.
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Mentions => SortOrder::Name,
            SortOrder::Name => SortOrder::FirstAppearance,
            SortOrder::FirstAppearance => SortOrder::Type,
            SortOrder::Type => SortOrder::Mentions,
        }
    }

    /// The order's name as shown in the pane title.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Mentions => "by mentions",
            SortOrder::Name => "by name",
            SortOrder::FirstAppearance => "by first appearance",
            SortOrder::Type => "by type",
        }
    }
}

/// At most this many search results are listed (a person reads the first few).
pub const RESULTS: usize = 1000;

/// A search in progress: the query and what it matches, best first.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// What the user typed.
    pub query: String,
    /// The best matching entities, best first (at most [`RESULTS`]).
    pub hits: Vec<Hit>,
    /// All matches of the query, to narrow the next keystroke's search.
    pub matches: Matches,
    /// The cursor over the hits.
    pub cursor: Cursor,
    /// What the entity picked is for, when the search picks one for an edit.
    pub pick: Option<Pick>,
}

/// An edit that waits for an entity picked in the entity search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// A new mention of it over this span of the open article.
    Annotate(crate::model::Span),
    /// This mention of the open article, linked to it instead.
    Relink(usize),
    /// This entity merged into it.
    MergeInto(EntityIx),
}

impl SearchState {
    /// The entity under the cursor.
    pub fn highlighted(&self) -> Option<EntityIx> {
        self.hits.get(self.cursor.index).map(|h| EntityIx(h.item))
    }

    /// Re-runs the search for the current query; the best hit is highlighted.
    pub fn refresh(&mut self, index: &FuzzyIndex, height: usize) {
        (self.hits, self.matches) = index.search_narrowing(&self.query, RESULTS, Some(&self.matches));
        self.cursor = Cursor::default();
        self.cursor.follow(self.hits.len(), height);
    }
}

/// The entity pane: every entity in the chosen order.
#[derive(Debug, Clone)]
pub struct EntityList {
    /// Entity indices in display order.
    pub order: Vec<usize>,
    /// The current order.
    pub sort: SortOrder,
    /// Cursor over `order`.
    pub cursor: Cursor,
    /// Whether the user put the cursor where it is: re-sorting then keeps it on its entity;
    /// otherwise the list stays at its top (loading re-sorts it many times).
    pub placed: bool,
}

impl EntityList {
    /// The list for `corpus` in `sort` order.
    pub fn new(corpus: &Corpus, counts: &[usize], article: ArticleIx, sort: SortOrder) -> EntityList {
        let mut list =
            EntityList { order: (0..corpus.entities.len()).collect(), sort, cursor: Cursor::default(), placed: false };
        list.sort(corpus, counts, article);
        list.cursor = Cursor::default();
        list
    }

    /// Re-sorts in `self.sort` order, keeping the cursor on the same entity.
    pub fn sort(&mut self, corpus: &Corpus, counts: &[usize], article: ArticleIx) {
        let current = self.order.get(self.cursor.index).copied();
        let name = |i: usize| corpus.entities[i].name.to_lowercase();
        match self.sort {
            SortOrder::Mentions => self.order.sort_by_cached_key(|&i| (std::cmp::Reverse(counts[i]), name(i))),
            SortOrder::Name => self.order.sort_by_cached_key(|&i| name(i)),
            SortOrder::Type => self.order.sort_by_cached_key(|&i| (corpus.entities[i].kind.to_lowercase(), name(i))),
            SortOrder::FirstAppearance => {
                let mut first = vec![usize::MAX; corpus.entities.len()];
                if let Some(a) = corpus.articles.get(article.0) {
                    for m in a.mentions.iter().rev() {
                        first[m.entity] = m.span.start;
                    }
                }
                self.order.sort_by_cached_key(|&i| (first[i], name(i)));
            }
        }
        match current {
            Some(e) if self.placed => self.cursor.index = self.order.iter().position(|&x| x == e).unwrap_or(0),
            _ => self.cursor = Cursor::default(),
        }
    }

    /// Back to the top, as the user has not placed the cursor (a new list).
    pub fn reset(&mut self) {
        self.cursor = Cursor::default();
        self.placed = false;
    }

    /// The entity under the cursor.
    pub fn highlighted(&self) -> Option<EntityIx> {
        self.order.get(self.cursor.index).copied().map(EntityIx)
    }

    /// Moves the cursor by `delta` rows in a pane `height` rows tall.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.cursor.move_by(delta, self.order.len(), height);
        self.placed = true;
    }

    /// Puts the cursor on row `row`.
    pub fn set(&mut self, row: usize, height: usize) {
        self.cursor.set(row, self.order.len(), height);
        self.placed = true;
    }

    /// Puts the cursor on `entity`.
    pub fn point_at(&mut self, entity: EntityIx, height: usize) {
        if let Some(row) = self.order.iter().position(|&e| e == entity.0) {
            self.set(row, height);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re_sorting_keeps_the_cursor_at_the_top_until_the_user_places_it() {
        let mut corpus = Corpus::default();
        corpus.entities = ["a", "b", "c"]
            .map(|n| crate::model::Entity {
                id: n.into(),
                name: n.into(),
                kind: "ORG".into(),
                aliases: Vec::new(),
                description: None,
                links: Default::default(),
            })
            .to_vec();
        let mut list = EntityList::new(&corpus, &[3, 2, 1], ArticleIx(0), SortOrder::Mentions);
        assert_eq!(list.highlighted(), Some(EntityIx(0)));
        // Loading re-sorts as counts grow: the list stays at its top.
        list.sort(&corpus, &[3, 2, 9], ArticleIx(0));
        assert_eq!((list.cursor.index, list.highlighted()), (0, Some(EntityIx(2))));
        // Once the user moves, re-sorting keeps the entity under the cursor.
        list.move_by(1, 10);
        assert_eq!(list.highlighted(), Some(EntityIx(0)));
        list.sort(&corpus, &[1, 2, 9], ArticleIx(0));
        assert_eq!(list.highlighted(), Some(EntityIx(0)));
        assert_eq!(list.cursor.index, 2);
        list.reset();
        assert_eq!(list.cursor.index, 0);
    }
}
