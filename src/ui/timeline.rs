//! The timeline pane: events in date order with their dates at their true precision, the
//! article's own date as a marker, and marks for the selected entity's events (`●`) and for
//! events the article itself speaks of (`¶`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{pane_block, theme::Theme};
use crate::action::Pane;
use crate::app::timeline::{Row, Timeline};
use crate::app::view::PaneContext;
use crate::date::format_range;
use crate::display::{fit, sanitize, width};
use crate::layout::TIMELINE_AXIS_MIN;

/// Draws the timeline pane into `area`.
pub fn draw(timeline: &Timeline, cx: &PaneContext, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = &timeline;
    let events = t.rows.iter().filter(|r| matches!(r, Row::Event { .. })).count();
    let title = match t.filter {
        Some(e) => format!(" · {events} of {}'s events · f: all", sanitize(&cx.corpus.entities[e].name)),
        None => format!(" · {events} events"),
    };
    let block = pane_block(cx, theme, Pane::Timeline, title);
    let mut inner = block.inner(area);
    block.render(area, buf);
    if inner.height >= TIMELINE_AXIS_MIN {
        axis(timeline, cx, theme, Rect { height: 1, ..inner }, buf);
        inner.y += 1;
        inner.height -= 1;
    }
    let visible: Vec<Row> = t.rows.iter().skip(t.cursor.offset).take(inner.height as usize).copied().collect();
    if visible.is_empty() {
        Line::styled("no events", theme.dim()).render(Rect { height: inner.height.min(1), ..inner }, buf);
        return;
    }
    let when = |row: Row| match row {
        Row::Event(r) => {
            let e = cx.corpus.event(r);
            format_range(e.date, e.end_date)
        }
        Row::Article(a) => cx.corpus.articles[a].date.map(|d| d.to_string()).unwrap_or_default(),
    };
    let date_w = visible.iter().map(|&r| width(&when(r))).max().unwrap_or(0);
    let focused = cx.focus == Pane::Timeline;
    for (i, &row) in visible.iter().enumerate() {
        let rest = (inner.width as usize).saturating_sub(3 + date_w + 1);
        let mut line = match row {
            Row::Event(r) => {
                let e = cx.corpus.event(r);
                let mine = cx.selection.entity.is_some_and(|x| e.entities.contains(&x.0));
                let chosen = cx.selection.event == Some(r);
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
                let label = if a == cx.article {
                    "── this article ──".to_string()
                } else {
                    format!("── {} ──", cx.corpus.articles[a].title)
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

/// A date as a point in years, for placing it on the axis.
fn point(d: crate::date::PartialDate) -> f64 {
    d.year as f64 + (d.month.unwrap_or(1) as f64 - 1.0) / 12.0 + (d.day.unwrap_or(1) as f64 - 1.0) / 365.0
}

/// The time axis: the first and last year, and between them one cell per stretch of time,
/// as tall as its number of events (blank where there are none); the open article's date
/// stands out.
fn axis(timeline: &Timeline, cx: &PaneContext, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let corpus = &cx.corpus;
    let dates: Vec<f64> = timeline
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Event(e) => corpus.event(*e).date.map(point),
            Row::Article(_) => None,
        })
        .collect();
    let (Some(lo), Some(hi)) = (dates.iter().copied().reduce(f64::min), dates.iter().copied().reduce(f64::max)) else {
        return;
    };
    let (first, last) = (format!("{} ", lo.floor() as i64), format!(" {}", hi.floor() as i64));
    let cells = (area.width as usize).saturating_sub(first.len() + last.len());
    if cells < 4 {
        return;
    }
    let span = (hi - lo).max(1.0 / 365.0);
    let cell = |x: f64| (((x - lo) / span) * (cells - 1) as f64).round() as usize;
    let mut counts = vec![0usize; cells];
    for d in &dates {
        counts[cell(*d).min(cells - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1);
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let here = cx.current_article().and_then(|a| a.date).map(point).filter(|p| (lo..=hi).contains(p)).map(cell);
    let mut spans = vec![Span::styled(first, theme.dim())];
    for (i, &n) in counts.iter().enumerate() {
        let c = if n == 0 { '·' } else { LEVELS[((n * LEVELS.len()).div_ceil(top)).clamp(1, LEVELS.len()) - 1] };
        let style = if Some(i) == here {
            theme.current()
        } else if n == 0 {
            theme.dim()
        } else {
            theme.related()
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    spans.push(Span::styled(last, theme.dim()));
    Line::from(spans).render(area, buf);
}
