//! The timeline pane's state: events of every loaded article in date order, with each
//! article's own date as a marker, optionally filtered to one entity.

use super::cursor::Cursor;
use crate::date::PartialDate;
use crate::model::Corpus;

/// One row of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Event `event` of article `article`.
    Event {
        /// Index into `Corpus::articles`.
        article: usize,
        /// Index into that article's `events`.
        event: usize,
    },
    /// The publication date of article `0`.
    Article(usize),
}

/// The timeline pane.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Rows in date order.
    pub rows: Vec<Row>,
    /// The cursor over `rows`.
    pub cursor: Cursor,
    /// When set, only this entity's events are shown.
    pub filter: Option<usize>,
}

impl Timeline {
    /// Rebuilds the rows (after the filter changed), keeping the cursor on the same row if it
    /// is still there.
    pub fn rebuild(&mut self, corpus: &Corpus, height: usize) {
        let current = self.rows.get(self.cursor.index).copied();
        self.rows = rows(corpus, self.filter);
        let index = current
            .and_then(|r| self.rows.iter().position(|&x| x == r))
            .unwrap_or(0);
        self.cursor.set(index, self.rows.len(), height);
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<Row> {
        self.rows.get(self.cursor.index).copied()
    }

    /// Puts the cursor on the row of `event` of `article`, if shown.
    pub fn point_at(&mut self, article: usize, event: usize, height: usize) {
        if let Some(i) = self.rows.iter().position(|&r| r == Row::Event { article, event }) {
            self.cursor.set(i, self.rows.len(), height);
        }
    }
}

/// Events (only those of `filter`, when given) and article markers, in date order. An article
/// marker sorts after the events of the same date key, so a month-dated article follows the
/// events dated only to that month.
pub fn rows(corpus: &Corpus, filter: Option<usize>) -> Vec<Row> {
    let mut keyed: Vec<(PartialDate, Option<PartialDate>, u8, Row)> = Vec::new();
    for (ai, a) in corpus.articles.iter().enumerate() {
        for (ei, e) in a.events.iter().enumerate() {
            if filter.is_none_or(|f| e.entities.contains(&f)) {
                keyed.push((e.date, e.end_date, 0, Row::Event { article: ai, event: ei }));
            }
        }
        if let Some(d) = a.date {
            keyed.push((d, None, 1, Row::Article(ai)));
        }
    }
    // Stable: events of one date keep their file order.
    keyed.sort_by_key(|k| (k.0, k.1, k.2));
    keyed.into_iter().map(|k| k.3).collect()
}
