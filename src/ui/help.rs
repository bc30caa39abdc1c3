//! The help overlay, generated from the key table so it always tells the truth.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::theme::Theme;
use crate::app::App;
use crate::keymap::{BINDINGS, Mode, key_name};

/// The help text, one line per binding, grouped by mode.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (mode, heading) in [
        (Mode::Normal, "Keys"),
        (Mode::Search, "While searching (/) or choosing an article (o)"),
        (Mode::Problems, "In the list of problems (e)"),
        (Mode::Detail, "In the detail (i)"),
        (Mode::Help, "In this help"),
    ] {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(heading, theme.title()));
        for b in BINDINGS.iter().filter(|b| b.mode == mode) {
            let keys = b.keys.iter().map(|k| key_name(*k)).collect::<Vec<_>>().join(" ");
            out.push(Line::from(vec![Span::styled(format!("{keys:>14}  "), theme.marker()), Span::raw(b.help)]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Mouse", theme.title()));
    out.push(Line::raw("  click focuses a pane and selects the row (or the mention) under it"));
    out.push(Line::raw("  the wheel scrolls the pane under the pointer"));
    out.push(Line::raw(""));
    out.push(Line::styled("Marks", theme.title()));
    out.push(Line::raw("  text: † a note on the passage · ▶ the current spot · ┃ the event's passage"));
    out.push(Line::raw("  timeline: ● the entity's event · ¶ the article speaks of it · ▶ selected"));
    out
}

/// Number of lines of help, for scrolling.
pub fn line_count() -> usize {
    lines(&Theme { color: false }).len()
}

/// Draws the help overlay centred over `area`.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let text = lines(theme);
    let width = area.width.saturating_sub(4).min(84);
    let height = area.height.saturating_sub(2).min(text.len() as u16 + 2);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let max_scroll = text.len().saturating_sub(height.saturating_sub(2) as usize);
    let scroll = app.help_scroll.min(max_scroll) as u16;
    let more = if max_scroll > 0 { " · j/k scroll" } else { "" };
    Clear.render(popup, buf);
    Paragraph::new(text)
        .scroll((scroll, 0))
        .block(Block::bordered().border_style(theme.block(true)).title(format!(" Help · Esc closes{more} ")))
        .render(popup, buf);
}
