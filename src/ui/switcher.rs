//! The article switcher popup: a fuzzy search over titles, and each article's date and
//! entity count. Only visible rows are built.

use crate::action::Action;
use crate::keymap::Mode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::highlighted;
use super::theme::Theme;
use crate::app::{App, Overlay};
use crate::display::{fit, sanitize};
use crate::layout::popup_area;

/// Draws the switcher over `area`, if it is open.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(Overlay::Switcher(sw)) = app.overlay() else { return };
    let n = app.data().corpus.articles.len();
    let popup = popup_area(area);
    Clear.render(popup, buf);
    let (open, close) = (
        app.keymap().key(Mode::Switcher, Action::SearchAccept),
        app.keymap().key(Mode::Switcher, Action::SearchCancel),
    );
    let sort = app.keymap().key(Mode::Switcher, Action::CycleSort);
    let order = if sw.by_date { "by date" } else { "as read" };
    let title = format!(" Articles · {} of {n} · {order} ({sort}) · {open} opens, {close} closes ", sw.len(n));
    let block = Block::bordered().border_style(theme.block(true)).title(title);
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height == 0 {
        return;
    }
    Line::from(vec![
        Span::styled("/", theme.marker()),
        Span::raw(sanitize(&sw.query)),
        Span::styled("▏", theme.marker()),
    ])
    .render(Rect { height: 1, ..inner }, buf);
    let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
    let width = list.width as usize;
    for (i, row) in (sw.cursor.offset..sw.len(n)).take(list.height as usize).enumerate() {
        let Some((a, matched)) = sw.row(row, n) else { break };
        let article = &app.data().corpus.articles[a];
        let date = article.date.map(|d| d.to_string()).unwrap_or_default();
        let count = crate::display::count(article.entities.len(), "entity");
        let title_w = width.saturating_sub(2 + 11 + count.len() + 1);
        let mut spans = vec![
            Span::styled(if a == app.article().0 { "● " } else { "  " }, theme.related()),
            Span::styled(fit(&date, 10), theme.dim()),
            Span::raw(" "),
        ];
        // A title that is only a file name is followed by the article's first line.
        let lead =
            if article.file.is_some() && article.title != article.lead() { article.lead() } else { String::new() };
        let title = if lead.is_empty() { article.title.clone() } else { format!("{} — {lead}", article.title) };
        spans.extend(highlighted(&fit(&title, title_w), matched, theme));
        spans.push(Span::styled(format!(" {count}"), theme.dim()));
        let mut line = Line::from(spans);
        if row == sw.cursor.index {
            line = line.patch_style(theme.cursor_row(true));
        }
        line.render(Rect { y: list.y + i as u16, height: 1, ..list }, buf);
    }
}
