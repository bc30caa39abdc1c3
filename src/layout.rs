//! Where each pane and popup goes for a terminal size. Pure geometry, shared by drawing (`ui`)
//! and by the state (`app`, which needs pane sizes to wrap text, keep cursors in view, map
//! clicks and know how far a popup scrolls); it knows neither.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::action::{Action, Pane};
use crate::keymap::{Keymap, Mode};
use crate::markup::{MarkupLine, wrapped_rows};

/// Cells left of the text for markers: a note, then the current spot or an event anchor.
pub const GUTTER: u16 = 4;

/// Blank cells right of the text, so it does not run into the border.
pub const MARGIN: u16 = 2;

/// Where the article's text goes inside the text pane's border `inner`: right of the gutter,
/// left of the margin.
pub fn text_columns(inner: Rect) -> Rect {
    let x = inner.x + GUTTER.min(inner.width);
    Rect { x, width: inner.width.saturating_sub(GUTTER + MARGIN), ..inner }
}

/// A timeline pane this tall (inside its border) or taller gives its first line to a time
/// axis: how many events each stretch of time has, and the gaps between them.
pub const TIMELINE_AXIS_MIN: u16 = 6;

/// Smallest terminal the explorer draws in; below it, a "too small" message.
pub const MIN_SIZE: (u16, u16) = (50, 12);

/// From this size up all panes are side by side; below it they are tabs.
pub const WIDE_SIZE: (u16, u16) = (100, 24);

/// The areas of one frame. Panes not shown (in tab mode) have an empty area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// The article text, with its border.
    pub text: Rect,
    /// The detail of the selection, with its border.
    pub detail: Rect,
    /// The entity list, with its border.
    pub entities: Rect,
    /// The timeline, with its border.
    pub timeline: Rect,
    /// The tab bar (only when the panes are tabs).
    pub tabs: Rect,
    /// The status line at the bottom.
    pub status: Rect,
    /// The terminal is below [`MIN_SIZE`].
    pub too_small: bool,
}

impl Areas {
    /// The area of `pane`.
    pub fn of(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Text => self.text,
            Pane::Entities => self.entities,
            Pane::Timeline => self.timeline,
        }
    }

    /// The pane at a screen position.
    pub fn pane_at(&self, col: u16, row: u16) -> Option<Pane> {
        let p = ratatui::layout::Position { x: col, y: row };
        Pane::ALL.into_iter().find(|&pane| self.of(pane).contains(p))
    }
}

/// Lays out a frame of `area` with `focus` in front (in tab mode only it is shown).
pub fn areas(area: Rect, focus: Pane) -> Areas {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return Areas { too_small: true, ..Areas::default() };
    }
    let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let detail_height = if area.height >= 34 { 11 } else { 8 };
    if area.width >= WIDE_SIZE.0 && area.height >= WIDE_SIZE.1 {
        let [left, right] = Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).areas(main);
        let [text, detail] = Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(left);
        let [entities, timeline] = Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(right);
        return Areas { text, detail, entities, timeline, status, ..Areas::default() };
    }
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(main);
    let mut a = Areas { tabs, status, ..Areas::default() };
    match focus {
        Pane::Text => {
            let detail_height = detail_height.min(body.height / 3);
            let [text, detail] = Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(body);
            a.text = text;
            a.detail = detail;
        }
        Pane::Entities => a.entities = body,
        Pane::Timeline => a.timeline = body,
    }
    a
}

/// The tab bar's labels, in order (used to draw it and to map clicks): each pane with the key
/// that focuses it (` 1 Text `).
pub fn tabs(keymap: &Keymap) -> [(Pane, String); 3] {
    Pane::ALL.map(|p| (p, format!(" {} ", pane_title(keymap, p))))
}

/// A pane's name with the key that focuses it (`1 Text`), as its frame and tab show it.
pub fn pane_title(keymap: &Keymap, pane: Pane) -> String {
    format!("{} {}", keymap.first_key(Mode::Normal, Action::Focus(pane)), pane.title())
}

/// The separator drawn between tab labels.
pub const TAB_SEPARATOR: &str = "│";

/// The tab under column `col` of the tab bar `bar`.
pub fn tab_at(keymap: &Keymap, bar: Rect, col: u16) -> Option<Pane> {
    let mut x = bar.x;
    for (pane, label) in tabs(keymap) {
        let w = label.chars().count() as u16;
        if (x..x + w).contains(&col) {
            return Some(pane);
        }
        x += w + TAB_SEPARATOR.chars().count() as u16;
    }
    None
}

/// Where a large popup (the article switcher, the problems, the detail) goes: centred, most of
/// the screen.
pub fn popup_area(area: Rect) -> Rect {
    let width = (area.width.saturating_sub(4)).min(100).max(area.width.min(30));
    let height = (area.height.saturating_sub(4)).max(area.height.min(6));
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

/// Where a popup of `rows` lines (borders included) and at most `max_width` columns goes:
/// centred, as tall as its content up to the screen.
pub fn fitted_area(area: Rect, max_width: u16, rows: usize) -> Rect {
    let width = area.width.saturating_sub(4).min(max_width);
    let height = area.height.saturating_sub(2).min(rows.min(u16::MAX as usize) as u16);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

/// The detail popup for `lines` over `area`: its rectangle and how far it scrolls.
pub fn detail_popup(area: Rect, lines: &[MarkupLine]) -> (Rect, usize) {
    scrolling_popup(area, 100, lines)
}

/// The help popup for `lines` over `area`: its rectangle and how far it scrolls.
pub fn help_popup(area: Rect, lines: &[MarkupLine]) -> (Rect, usize) {
    scrolling_popup(area, 84, lines)
}

/// A bordered popup as tall as `lines` wrapped to its width (up to the screen), and how many
/// rows it can scroll before its last line shows.
fn scrolling_popup(area: Rect, max_width: u16, lines: &[MarkupLine]) -> (Rect, usize) {
    let width = area.width.saturating_sub(4).min(max_width);
    let rows = wrapped_rows(lines, width.saturating_sub(2));
    let popup = fitted_area(area, max_width, rows + 2);
    (popup, rows.saturating_sub(popup.height.saturating_sub(2) as usize))
}

/// The inside of a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect { x: r.x + 1, y: r.y + 1, width: r.width.saturating_sub(2), height: r.height.saturating_sub(2) }
        .intersection(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_every_pane_and_small_ones_tabs() {
        let a = areas(Rect::new(0, 0, 120, 40), Pane::Text);
        assert!(!a.text.is_empty() && !a.entities.is_empty() && !a.timeline.is_empty() && !a.detail.is_empty());
        assert!(a.tabs.is_empty());
        let a = areas(Rect::new(0, 0, 80, 24), Pane::Entities);
        assert!(a.text.is_empty() && a.timeline.is_empty() && !a.entities.is_empty() && !a.tabs.is_empty());
        assert!(areas(Rect::new(0, 0, 40, 10), Pane::Text).too_small);
    }

    #[test]
    fn clicks_find_their_pane() {
        let a = areas(Rect::new(0, 0, 120, 40), Pane::Text);
        assert_eq!(a.pane_at(1, 1), Some(Pane::Text));
        assert_eq!(a.pane_at(a.timeline.x + 1, a.timeline.y + 1), Some(Pane::Timeline));
        assert_eq!(a.pane_at(0, 39), None, "the status line is no pane");
    }
}
