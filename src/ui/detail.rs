//! The detail pane and its popup (`i`): the lines `app::detail` describes, styled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::{styled, theme::Theme};
use crate::action::Action;
use crate::app::view::PaneContext;
use crate::app::{App, Detail, Overlay};
use crate::keymap::Mode;
use crate::layout::detail_popup;
use crate::markup::wrap;

/// Draws the detail pane into `area`: the selection's `detail` (see [`App::detail`]).
pub fn draw(detail: Option<&Detail>, cx: &PaneContext, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some((title, lines)) = detail else { return };
    let title = format!("{title}· {} shows all ", cx.keymap.keys_for(Mode::Normal, Action::ToggleDetail));
    let block = Block::bordered().border_style(theme.block(false)).title(title);
    let lines = styled(wrap(lines, block.inner(area).width as usize), theme, &cx.corpus.type_colors);
    Paragraph::new(lines).block(block).render(area, buf);
}

/// Draws the detail in full over `area` when it is open (`i`), as tall as its content.
pub fn draw_popup(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(Overlay::Detail { scroll }) = app.overlay() else { return };
    let Some((title, lines)) = app.detail() else { return };
    let (popup, max_scroll) = detail_popup(area, lines);
    Clear.render(popup, buf);
    let more = if max_scroll > 0 {
        format!("{} scroll · ", app.keymap().keys_for(Mode::Detail, Action::Down))
    } else {
        String::new()
    };
    let close = app.keymap().keys_for(Mode::Detail, Action::ToggleDetail);
    let block = Block::bordered().border_style(theme.block(true)).title(format!("{title}· {more}{close} closes "));
    let width = block.inner(popup).width as usize;
    Paragraph::new(styled(wrap(lines, width), theme, &app.data().corpus.type_colors))
        .scroll(((*scroll).min(max_scroll).min(u16::MAX as usize) as u16, 0))
        .block(block)
        .render(popup, buf);
}
