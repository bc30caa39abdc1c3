//! The timeline pane's state: every event in date order, with each article's own date as a
//! marker, optionally filtered to one entity.

use super::cursor::Cursor;
use crate::model::{ArticleIx, Corpus, EntityIx, EventRef, event_order};

/// One row of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// An event.
    Event(EventRef),
    /// The publication date of an article.
    Article(ArticleIx),
}

/// The timeline pane.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Rows in date order.
    pub rows: Vec<Row>,
    /// The cursor over `rows`.
    pub cursor: Cursor,
    /// When set, only this entity's events are shown.
    pub filter: Option<EntityIx>,
}

impl Timeline {
    /// Rebuilds the rows (after the filter changed), keeping the cursor on the same row if it
    /// is still there.
    /// Only events and dates of the articles `member` says are shown, when given.
    pub fn rebuild(&mut self, corpus: &Corpus, member: Option<&[bool]>, height: usize) {
        let current = self.rows.get(self.cursor.index).copied();
        self.rows = rows(corpus, self.filter);
        if let Some(member) = member {
            let shown = |a: usize| member.get(a) == Some(&true);
            self.rows.retain(|r| match r {
                Row::Event(e) => e.article.is_some_and(shown),
                Row::Article(a) => shown(a.0),
            });
        }
        let index = current.and_then(|r| self.rows.iter().position(|&x| x == r)).unwrap_or(0);
        self.cursor.set(index, self.rows.len(), height);
    }

    /// Moves the cursor by `delta` rows in a pane `height` rows tall.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.cursor.move_by(delta, self.rows.len(), height);
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<Row> {
        self.rows.get(self.cursor.index).copied()
    }

    /// Puts the cursor on the row of `event`, if shown.
    pub fn point_at(&mut self, event: EventRef, height: usize) {
        if let Some(i) = self.rows.iter().position(|&r| r == Row::Event(event)) {
            self.cursor.set(i, self.rows.len(), height);
        }
    }
}

/// Events (only those of `filter`, when given) and article markers, in date order; undated
/// events last. An article marker sorts after the events of the same date, so a month-dated
/// article follows the events dated only to that month.
pub fn rows(corpus: &Corpus, filter: Option<EntityIx>) -> Vec<Row> {
    let events =
        corpus.timeline().into_iter().filter(|r| filter.is_none_or(|f| corpus.event(*r).entities.contains(&f.0)));
    let mut markers: Vec<(usize, _)> =
        corpus.articles.iter().enumerate().filter_map(|(i, a)| a.date.map(|d| (i, d))).collect();
    markers.sort_by_key(|(_, d)| *d);
    let mut out = Vec::new();
    let mut markers = markers.into_iter().peekable();
    for r in events {
        let (undated, date, _, _) = event_order(corpus.event(r));
        while let Some((i, _)) = markers.next_if(|(_, d)| undated || date.is_some_and(|e| *d < e)) {
            out.push(Row::Article(ArticleIx(i)));
        }
        out.push(Row::Event(r));
    }
    out.extend(markers.map(|(i, _)| Row::Article(ArticleIx(i))));
    out
}
