//! The mouse: a click focuses a pane and selects what is under it; the wheel scrolls.

use super::{App, Overlay};
use crate::action::{Action, Pane};
use crate::layout::{inner, popup_area, tab_at, text_columns};
use crate::model::ArticleIx;
use ratatui::layout::Rect;

impl App {
    pub(super) fn click(&mut self, col: u16, row: u16) {
        match &self.overlay {
            Some(Overlay::Switcher(sw)) => {
                let list = inner(popup_area(Rect::new(0, 0, self.size.0, self.size.1)));
                let n = self.data.corpus.articles.len();
                let row_in_list = (row as usize).checked_sub(list.y as usize + 1).map(|r| r + sw.cursor.offset);
                let hit = row_in_list.and_then(|r| sw.row(r, n)).map(|(a, _)| a);
                self.close();
                if let Some(a) = hit.filter(|_| list.contains((col, row).into())) {
                    self.open_article(ArticleIx(a));
                }
                return;
            }
            // A click in the entity pane picks a search result; anywhere else ends the search.
            Some(Overlay::Search(_)) if self.areas.pane_at(col, row) == Some(Pane::Entities) => {}
            Some(_) => return self.close(),
            None => {}
        }
        if self.areas.tabs.contains((col, row).into()) {
            if let Some(p) = tab_at(&self.keymap, self.areas.tabs, col) {
                self.update(Action::Focus(p));
            }
            return;
        }
        let Some(pane) = self.areas.pane_at(col, row) else {
            return;
        };
        if pane != self.focus {
            self.focus = pane;
            self.relayout(false);
        }
        let area = inner(self.areas.of(pane));
        if row < area.y {
            return;
        }
        let offset_row = (row - area.y) as usize;
        match pane {
            Pane::Entities => {
                let h = self.list_height(Pane::Entities);
                let picked = match &mut self.overlay {
                    Some(Overlay::Search(s)) => offset_row.checked_sub(1).and_then(|r| {
                        let (target, len) = (s.cursor.offset + r, s.hits.len());
                        (target < len).then(|| s.cursor.set(target, len, h)).and_then(|_| s.highlighted())
                    }),
                    _ => {
                        let (target, len) = (self.entities.cursor.offset + offset_row, self.entities.order.len());
                        (target < len).then(|| self.entities.set(target, h)).and_then(|_| self.entities.highlighted())
                    }
                };
                if let Some(e) = picked {
                    self.close();
                    self.choose_entity(e);
                }
            }
            Pane::Timeline => {
                // Under the time axis, when the pane has one.
                let axis = usize::from(area.height >= crate::layout::TIMELINE_AXIS_MIN);
                let Some(offset_row) = offset_row.checked_sub(axis) else { return };
                let target = self.timeline.cursor.offset + offset_row;
                if target < self.timeline.rows.len() {
                    self.timeline.cursor.set(target, self.timeline.rows.len(), self.list_height(Pane::Timeline));
                    self.select_here();
                }
            }
            Pane::Text => {
                self.click_text(col.saturating_sub(text_columns(area).x) as usize, self.reader.scroll + offset_row)
            }
        }
    }

    /// A click on the text puts the caret there (a selection ends) and selects the entity
    /// of the mention under the pointer.
    pub(super) fn click_text(&mut self, cell: usize, line: usize) {
        let Some(article) = self.current_article() else { return };
        let Some(pos) = self.reader.char_at(&article.text, cell, line) else { return };
        // The innermost mention under the pointer.
        let hit = article
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.contains(pos))
            .min_by_key(|(_, m)| m.span.end - m.span.start)
            .map(|(i, m)| (i, m.entity_ix()));
        self.caret.anchor = None;
        self.caret.place(pos);
        if let Some((i, entity)) = hit {
            // On the clicked mention: it is in view, so the text stays still under the pointer.
            self.choose_mention(entity, Some(i));
            self.caret.place(pos);
        } else {
            self.spot_at_caret();
        }
    }

    pub(super) fn wheel(&mut self, col: u16, row: u16, down: bool) {
        let Some(pane) = self.areas.pane_at(col, row) else {
            return;
        };
        self.move_in(pane, if down { 3 } else { -3 });
    }
}
