//! The mouse: a click focuses a pane and selects what is under it; the wheel scrolls.

use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

use super::reader::LineKind;
use super::{App, GUTTER, TextCursor};
use crate::action::{Action, Pane};
use crate::display::cell_width;
use crate::ui::layout::{inner, switcher_area, tab_at};

impl App {
    pub(super) fn click(&mut self, col: u16, row: u16) {
        if self.help || self.problems.is_some() || self.detail.is_some() {
            self.help = false;
            self.problems = None;
            self.detail = None;
            return;
        }
        if self.switcher.is_some() {
            let list = inner(switcher_area(Rect::new(0, 0, self.size.0, self.size.1)));
            let offset = self.switcher.as_ref().map_or(0, |s| s.cursor.offset);
            let n = self.corpus.articles.len();
            let row_in_list = (row as usize).checked_sub(list.y as usize + 1).map(|r| r + offset);
            let hit = self.switcher.as_ref().zip(row_in_list).and_then(|(s, r)| s.row(r, n)).map(|(a, _)| a);
            self.switcher = None;
            if let Some(a) = hit.filter(|_| list.contains((col, row).into())) {
                self.open_article(a);
            }
            return;
        }
        if self.areas.tabs.contains((col, row).into()) {
            if let Some(p) = tab_at(self.areas.tabs, col) {
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
                let searching = self.entities.search.is_some();
                let Some(r) = offset_row.checked_sub(usize::from(searching)) else {
                    return;
                };
                let (len, h) = (self.entities.len(), self.list_height(Pane::Entities));
                let c = self.entities.active_cursor();
                let target = c.offset + r;
                if target < len {
                    c.set(target, len, h);
                    if let Some(e) = self.entities.highlighted() {
                        if searching {
                            self.entities.search = None;
                            self.relayout(false);
                        }
                        self.select_entity(e);
                    }
                }
            }
            Pane::Timeline => {
                let target = self.timeline.cursor.offset + offset_row;
                if target < self.timeline.rows.len() {
                    self.timeline.cursor.set(target, self.timeline.rows.len(), self.list_height(Pane::Timeline));
                    self.select_here();
                }
            }
            Pane::Text => {
                self.click_text(col.saturating_sub(area.x + GUTTER) as usize, self.reader.scroll + offset_row)
            }
        }
    }

    /// A click on the text selects the entity of the mention under the pointer.
    pub(super) fn click_text(&mut self, cell: usize, line: usize) {
        let Some(article) = self.current_article() else { return };
        let Some(l) = self.reader.lines.get(line).filter(|l| l.kind == LineKind::Text) else {
            return;
        };
        let mut x = 0;
        let mut pos = l.start;
        for g in article.text[l.byte_start..l.byte_end].graphemes(true) {
            let w: usize = g.chars().map(cell_width).sum();
            if cell < x + w.max(1) {
                break;
            }
            x += w;
            pos += g.chars().count();
        }
        // The innermost mention under the pointer.
        let hit = article
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.contains(pos))
            .min_by_key(|(_, m)| m.span.end - m.span.start)
            .map(|(i, m)| (i, m.entity));
        if let Some((i, entity)) = hit {
            self.select_entity(entity);
            self.selection.cursor = Some(TextCursor::Mention(i));
        }
    }

    pub(super) fn wheel(&mut self, col: u16, row: u16, down: bool) {
        let Some(pane) = self.areas.pane_at(col, row) else {
            return;
        };
        self.move_in(pane, if down { 3 } else { -3 });
    }
}
