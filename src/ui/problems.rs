//! The list of errors and warnings found while loading, each with its file, line and column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::action::Action;
use crate::app::{App, Overlay};
use crate::display::{count, sanitize};
use crate::keymap::Mode;
use crate::layout::popup_area;
use crate::load::Severity;

/// Draws the list over `area`, if it is open.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(Overlay::Problems { scroll: first }) = app.overlay() else { return };
    let popup = popup_area(area);
    Clear.render(popup, buf);
    let (errors, warnings) = app.data().problem_counts();
    let title = format!(
        " {}, {}{} · {} scroll · {} closes ",
        count(errors, "error"),
        count(warnings, "warning"),
        if app.data().corpus.articles.is_empty() { " · nothing could be loaded" } else { "" },
        app.keymap().keys_for(Mode::Problems, Action::Down),
        app.keymap().keys_for(Mode::Problems, Action::ToggleProblems),
    );
    let lines: Vec<Line> = app
        .data()
        .diagnostics
        .iter()
        .skip(*first)
        .take(popup.height as usize)
        .map(|d| {
            let style = if d.severity == Severity::Error { theme.message() } else { theme.dim() };
            Line::from(vec![Span::styled("● ", style), Span::raw(sanitize(&d.to_string()))])
        })
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().border_style(theme.block(true)).title(title))
        .render(popup, buf);
}
