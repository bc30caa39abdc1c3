//! The help overlay: the key table's text (`keymap::help_lines`), styled and scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::{styled, theme::Theme};
use crate::action::Action;
use crate::app::{App, Overlay};
use crate::display::sanitize;
use crate::keymap::Mode;
use crate::layout::help_popup;
use crate::markup::{Role, line, wrap};

/// Draws the help overlay centred over `area`, if it is open.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(Overlay::Help { scroll, query, typing }) = app.overlay() else { return };
    let mut lines = app.help_lines();
    if lines.is_empty() {
        lines.push(line(Role::Dim, format!("no key or line says “{}”", sanitize(query))));
    }
    let (popup, max_scroll) = help_popup(area, &lines);
    let more = if max_scroll > 0 {
        format!(" · {} scroll", app.keymap().keys_for(Mode::Help, Action::Down))
    } else {
        String::new()
    };
    let close = app.keymap().keys_for(Mode::Help, Action::ToggleHelp);
    let looked_for = match (typing, query.is_empty()) {
        (true, _) => format!(" · /{}▏", sanitize(query)),
        (false, false) => format!(" · only “{}”", sanitize(query)),
        (false, true) => format!(" · {} searches", app.keymap().keys_for(Mode::Help, Action::StartSearch)),
    };
    Clear.render(popup, buf);
    let block =
        Block::bordered().border_style(theme.block(true)).title(format!(" Help{looked_for} · {close} closes{more} "));
    let inner = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(styled(wrap(&lines, inner.width as usize), theme, &app.data().corpus.type_colors))
        .scroll(((*scroll).min(max_scroll) as u16, 0))
        .render(inner, buf);
}
