//! The article switcher: every loaded article, filtered live by a fuzzy search over titles.

use crate::keymap::Mode;
use crate::model::ArticleIx;
use ratatui::layout::Rect;

use super::cursor::Cursor;
use super::{App, Overlay};
use crate::action::Action;
use crate::layout::{inner, popup_area};
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
    /// The articles it offers (those the filter shows), in corpus order or by date.
    pub visible: Vec<usize>,
    /// Whether `visible` is by date, newest first (undated last), rather than in corpus order.
    pub by_date: bool,
}

impl Switcher {
    /// Number of rows: every article offered, or the matches.
    pub fn len(&self, _articles: usize) -> usize {
        if self.query.trim().is_empty() { self.visible.len() } else { self.hits.len() }
    }

    /// Whether there is no row.
    pub fn is_empty(&self, articles: usize) -> bool {
        self.len(articles) == 0
    }

    /// The article on row `row`, and the matched title positions.
    pub fn row(&self, row: usize, _articles: usize) -> Option<(usize, &[usize])> {
        if self.query.trim().is_empty() {
            self.visible.get(row).map(|&a| (a, &[][..]))
        } else {
            self.hits.get(row).map(|h| (h.item, h.indices.as_slice()))
        }
    }

    /// Re-runs the search after the query changed; the best match is highlighted.
    pub fn refresh(&mut self, index: &FuzzyIndex, articles: usize, height: usize) {
        (self.hits, self.matches) = index.search_narrowing(&self.query, super::entities::RESULTS, Some(&self.matches));
        // Only the articles offered: a filter hides the others.
        if self.visible.len() < articles {
            let mut offered = self.visible.clone();
            offered.sort_unstable();
            self.hits.retain(|h| offered.binary_search(&h.item).is_ok());
        }
        self.cursor = Cursor::default();
        self.cursor.follow(self.len(articles), height);
    }
}

/// The switcher's actions.
impl App {
    pub(super) fn open_switcher(&mut self) {
        let n = self.data.corpus.articles.len();
        let visible: Vec<usize> = (0..n).filter(|&a| self.shown(a)).collect();
        let at = visible.iter().position(|&a| a == self.article.0).unwrap_or(0);
        let mut sw = Switcher { visible, ..Switcher::default() };
        let rows = sw.visible.len();
        sw.cursor.set(at, rows, self.switcher_height());
        self.open(Overlay::Switcher(sw));
    }

    /// Rows the switcher's list shows.
    pub fn switcher_height(&self) -> usize {
        let popup = popup_area(Rect::new(0, 0, self.size.0, self.size.1));
        (inner(popup).height as usize).saturating_sub(1).max(1)
    }

    pub(super) fn switcher_action(&mut self, action: Action) {
        let (n, h) = (self.data.corpus.articles.len(), self.switcher_height());
        let Some(Overlay::Switcher(sw)) = &mut self.overlay else { return };
        let typed = super::type_into(&mut sw.query, action);
        let edited = match action {
            _ if typed.is_some() => typed == Some(true),
            Action::SearchDown | Action::SearchUp | Action::Scroll(..) => {
                let down = matches!(action, Action::SearchDown | Action::Scroll(_, _, true));
                let len = sw.len(n);
                sw.cursor.move_by(if down { 1 } else { -1 }, len, h);
                false
            }
            // By date and back, the cursor staying on its article.
            Action::CycleSort => {
                let at = sw.row(sw.cursor.index, n).map(|(a, _)| a);
                sw.by_date = !sw.by_date;
                if sw.by_date {
                    let articles = &self.data.corpus.articles;
                    sw.visible.sort_by_key(|&a| (articles[a].date.is_none(), std::cmp::Reverse(articles[a].date), a));
                } else {
                    sw.visible.sort_unstable();
                }
                if let Some(row) = at.and_then(|a| (0..sw.len(n)).find(|&r| sw.row(r, n).map(|(x, _)| x) == Some(a))) {
                    sw.cursor.set(row, sw.len(n), h);
                }
                false
            }
            Action::SearchAccept => {
                match sw.row(sw.cursor.index, n) {
                    Some((a, _)) => {
                        self.close();
                        if a != self.article.0 {
                            self.open_article(ArticleIx(a));
                        }
                        self.message = Some(format!("article {}/{n}", a + 1));
                    }
                    None => {
                        let esc = self.keymap.key(Mode::Switcher, Action::SearchCancel);
                        self.message = Some(format!("no article matches; change the query or press {esc}"))
                    }
                }
                return;
            }
            _ => return self.close(),
        };
        if edited {
            sw.refresh(&self.data.title_index, n, h);
        }
    }
}
