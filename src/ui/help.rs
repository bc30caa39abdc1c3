//! The help overlay: the key table's text (`keymap::help_lines`), styled and scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::{styled, theme::Theme};
use crate::action::Action;
use crate::app::{App, Overlay};
use crate::keymap::Mode;
use crate::layout::help_popup;

/// Draws the help overlay centred over `area`, if it is open.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(Overlay::Help { scroll }) = app.overlay() else { return };
    let lines = app.keymap().help_lines();
    let (popup, max_scroll) = help_popup(area, &lines);
    let more = if max_scroll > 0 {
        format!(" · {} scroll", app.keymap().keys_for(Mode::Help, Action::Down))
    } else {
        String::new()
    };
    let close = app.keymap().keys_for(Mode::Help, Action::ToggleHelp);
    Clear.render(popup, buf);
    Paragraph::new(styled(lines, theme, &app.data().corpus.type_colors))
        .wrap(Wrap { trim: false })
        .scroll(((*scroll).min(max_scroll) as u16, 0))
        .block(Block::bordered().border_style(theme.block(true)).title(format!(" Help · {close} closes{more} ")))
        .render(popup, buf);
}
