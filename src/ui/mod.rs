//! Drawing: reads the [`App`] and fills a frame. Nothing here changes state.

pub mod detail;
pub mod entities;
pub mod filter;
pub mod help;
pub mod problems;
pub mod status;
pub mod switcher;
pub mod text;
pub mod theme;
pub mod timeline;

use crate::action::Action;
use crate::keymap::Mode;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use std::collections::BTreeMap;

use crate::action::Pane;
use crate::app::App;
use crate::app::view::PaneContext;
use crate::layout::{MIN_SIZE, TAB_SEPARATOR, pane_title, tabs as tab_labels};
use crate::markup::{MarkupLine, Role};
use theme::Theme;

/// Draws the whole explorer.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    draw(app, theme, area, buf);
}

/// Draws the explorer into a buffer (benchmarks call this directly).
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let a = &app.areas();
    if a.too_small {
        too_small(area, &app.keymap().first_key(Mode::Normal, Action::Quit), buf);
        return;
    }
    if !a.tabs.is_empty() {
        tabs(app, theme, a.tabs, buf);
    }
    let cx = app.pane_context();
    if !a.text.is_empty() {
        text::draw(app.reader(), &cx, theme, a.text, buf);
    }
    if !a.detail.is_empty() {
        detail::draw(app.detail(), &cx, theme, a.detail, buf);
    }
    if !a.entities.is_empty() {
        entities::draw(app.entities(), app.search(), &cx, theme, a.entities, buf);
    }
    if !a.timeline.is_empty() {
        timeline::draw(app.timeline(), &cx, theme, a.timeline, buf);
    }
    status::draw(app, theme, a.status, buf);
    switcher::draw(app, theme, area, buf);
    problems::draw(app, theme, area, buf);
    detail::draw_popup(app, theme, area, buf);
    filter::draw_chart(app, theme, area, buf);
    filter::draw_prompt(app, theme, area, buf);
    help::draw(app, theme, area, buf);
}

/// A pane's frame: bordered, its number and name in the title, bright when focused.
pub fn pane_block<'a>(cx: &PaneContext, theme: &Theme, pane: Pane, detail: String) -> Block<'a> {
    let focused = cx.focus == pane;
    Block::bordered().border_style(theme.block(focused)).title(format!(" {}{detail} ", pane_title(cx.keymap, pane)))
}

fn tabs(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    for (i, (pane, label)) in tab_labels(app.keymap()).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(TAB_SEPARATOR, theme.dim()));
        }
        let style = if pane == app.focus() { theme.status_badge() } else { theme.dim() };
        spans.push(Span::styled(label, style));
    }
    spans.push(Span::styled(format!("  {} switches", app.keymap().key(Mode::Normal, Action::FocusNext)), theme.dim()));
    Line::from(spans).render(area, buf);
}

fn too_small(area: Rect, quit: &str, buf: &mut Buffer) {
    let msg = format!(
        "Terminal too small ({}×{}).\nnewslens needs at least {}×{}: enlarge the window, or press {quit} to quit.",
        area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
    );
    let y = area.height.saturating_sub(2) / 2;
    let rect = Rect { y: area.y + y, height: area.height.saturating_sub(y), ..area };
    Paragraph::new(msg).alignment(Alignment::Center).wrap(Wrap { trim: true }).render(rect, buf);
}

/// Tagged lines as styled lines: the theme decides how each role looks.
pub fn styled(
    lines: Vec<MarkupLine>,
    theme: &Theme,
    type_colors: &BTreeMap<String, (u8, u8, u8)>,
) -> Vec<Line<'static>> {
    let style = |role: &Role| match role {
        Role::Plain => Style::new(),
        Role::Title => theme.title(),
        Role::Dim => theme.dim(),
        Role::Marker => theme.marker(),
        Role::Related => theme.related(),
        Role::Alert => theme.message(),
        Role::Badge(kind) => theme.badge(theme.type_color(kind, type_colors)),
    };
    lines
        .into_iter()
        .map(|l| Line::from(l.into_iter().map(|(r, s)| Span::styled(s, style(&r))).collect::<Vec<_>>()))
        .collect()
}

/// `text` with the chars at `matched` positions in the match style.
pub fn highlighted<'a>(text: &str, matched: &[usize], theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let hit = matched.binary_search(&i).is_ok();
        if hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), if run_hit { theme.matched() } else { Style::new() }));
        }
        run_hit = hit;
        run.push(c);
    }
    spans.push(Span::styled(run, if run_hit { theme.matched() } else { Style::new() }));
    spans
}
