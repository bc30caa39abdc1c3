//! The timeline pane's state: every event in date order, with each article's own date as a
//! marker, optionally filtered to one entity.

use super::cursor::Cursor;
use super::{App, Overlay};
use crate::action::{Action, Pane};
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

/// What a timeline search looks for: a date (`2023`, `2023-09`, `2023-09-06`) to go to, or
/// words an event's title, date or entities (or an article's title) say.
pub fn row_matches(corpus: &Corpus, row: Row, words: &[String]) -> bool {
    let text = match row {
        Row::Event(r) => {
            let e = corpus.event(r);
            let names = e.entities.iter().map(|&x| corpus.entities[x].name.as_str()).collect::<Vec<_>>().join(" ");
            format!("{} {} {names}", crate::date::format_range(e.date, e.end_date), e.title)
        }
        Row::Article(a) => {
            let a = &corpus.articles[a.0];
            format!("{} {}", a.date.map(|d| d.to_string()).unwrap_or_default(), a.title)
        }
    };
    let text = text.to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

impl Timeline {
    /// The row a timeline search lands on, from row `from` going `dir` (1 or -1) and
    /// wrapping: for a date, the first row on or after it; else the next row that says
    /// every word of `query`.
    pub fn find(&self, corpus: &Corpus, query: &str, from: usize, dir: isize) -> Option<usize> {
        let query = query.trim();
        let n = self.rows.len();
        if query.is_empty() || n == 0 {
            return None;
        }
        if let Ok(date) = crate::date::PartialDate::parse(query) {
            let date_of = |r: &Row| match r {
                Row::Event(e) => corpus.event(*e).date,
                Row::Article(a) => corpus.articles[a.0].date,
            };
            // Rows are in date order, the undated last.
            return Some(self.rows.partition_point(|r| date_of(r).is_some_and(|d| d < date)).min(n - 1));
        }
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        (0..n)
            .map(|step| (from as isize + dir * step as isize).rem_euclid(n as isize) as usize)
            .find(|&i| row_matches(corpus, self.rows[i], &words))
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

impl App {
    /// An action while a timeline search is typed: the cursor goes to the first row (from
    /// where it was) that the query finds, ↓/↑ to the next and previous; Enter stays there,
    /// Esc goes back.
    pub(super) fn event_search_action(&mut self, action: Action) {
        let h = self.list_height(Pane::Timeline);
        let Some(Overlay::EventSearch { query, from }) = &mut self.overlay else { return };
        let (start, dir) = match action {
            Action::SearchInput(c) => {
                query.push(c);
                (*from, 1)
            }
            Action::SearchBackspace => {
                query.pop();
                (*from, 1)
            }
            Action::SearchClear => {
                query.clear();
                (*from, 1)
            }
            Action::SearchDown => (self.timeline.cursor.index + 1, 1),
            Action::SearchUp => (self.timeline.cursor.index.saturating_sub(1), -1),
            Action::SearchAccept => return self.close(),
            _ => {
                let back = *from;
                self.close();
                let len = self.timeline.rows.len();
                return self.timeline.cursor.set(back, len, h);
            }
        };
        let query = query.clone();
        match self.timeline.find(&self.data.corpus, &query, start, dir) {
            Some(row) => {
                let len = self.timeline.rows.len();
                self.timeline.cursor.set(row, len, h);
            }
            None if !query.trim().is_empty() => {
                self.message = Some(format!("nothing in the timeline says {}", crate::display::sanitize(&query)))
            }
            None => {}
        }
    }
}
