//! The timeline pane: events in date order with their dates at their true precision, the
//! article's own date as a marker, and marks for the selected entity's events (`●`) and for
//! events the article itself speaks of (`¶`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{pane_block, theme::Theme};
use crate::action::Pane;
use crate::app::App;
use crate::app::timeline::Row;
use crate::date::format_range;
use crate::display::{fit, sanitize, width};

/// Draws the timeline pane into `area`.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = &app.timeline;
    let events = t.rows.iter().filter(|r| matches!(r, Row::Event { .. })).count();
    let title = match t.filter {
        Some(e) => format!(" · {events} of {}'s events · f: all", sanitize(&app.data.corpus.entities[e].name)),
        None => format!(" · {events} events"),
    };
    let block = pane_block(app, theme, Pane::Timeline, title);
    let inner = block.inner(area);
    block.render(area, buf);
    let visible: Vec<Row> = t.rows.iter().skip(t.cursor.offset).take(inner.height as usize).copied().collect();
    if visible.is_empty() {
        Line::styled("no events", theme.dim()).render(Rect { height: inner.height.min(1), ..inner }, buf);
        return;
    }
    let when = |row: Row| match row {
        Row::Event(r) => {
            let e = app.data.corpus.event(r);
            format_range(e.date, e.end_date)
        }
        Row::Article(a) => app.data.corpus.articles[a].date.map(|d| d.to_string()).unwrap_or_default(),
    };
    let date_w = visible.iter().map(|&r| width(&when(r))).max().unwrap_or(0);
    let focused = app.focus == Pane::Timeline;
    for (i, &row) in visible.iter().enumerate() {
        let rest = (inner.width as usize).saturating_sub(3 + date_w + 1);
        let mut line = match row {
            Row::Event(r) => {
                let e = app.data.corpus.event(r);
                let mine = app.selection.entity.is_some_and(|x| e.entities.contains(&x));
                let chosen = app.selection.event == Some(r);
                let title_style = if mine { theme.related() } else { Default::default() };
                Line::from(vec![
                    Span::styled(
                        if chosen {
                            "▶"
                        } else if mine {
                            "●"
                        } else {
                            " "
                        },
                        theme.related(),
                    ),
                    Span::styled(if e.anchors.is_empty() { " " } else { "¶" }, theme.marker()),
                    Span::raw(" "),
                    Span::styled(fit(&when(row), date_w), theme.dim()),
                    Span::raw(" "),
                    Span::styled(fit(&e.title, rest), title_style),
                ])
            }
            Row::Article(a) => {
                let label = if a == app.article {
                    "── this article ──".to_string()
                } else {
                    format!("── {} ──", app.data.corpus.articles[a].title)
                };
                Line::from(vec![
                    Span::raw("   "),
                    Span::styled(fit(&when(row), date_w), theme.article_marker()),
                    Span::raw(" "),
                    Span::styled(fit(&label, rest), theme.article_marker()),
                ])
            }
        };
        if t.cursor.offset + i == t.cursor.index {
            line = line.patch_style(theme.cursor_row(focused));
        }
        line.render(Rect { y: inner.y + i as u16, height: 1, ..inner }, buf);
    }
}
