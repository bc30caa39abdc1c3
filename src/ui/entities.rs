//! The entity pane: a type badge, the name (search matches highlighted, in the alias when an
//! alias matched) and the mention count. Only visible rows are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{highlighted, pane_block, theme::Theme};
use crate::action::Pane;
use crate::app::entities::{EntityList, Pick, RESULTS, SearchState};
use crate::app::view::PaneContext;
use crate::display::{fit, sanitize, width};
use crate::model::EntityIx;
use crate::search::Hit;

/// Widest type badge, in cells: types are shown whole up to this.
const BADGE_MAX: usize = 16;

/// Draws the entity pane (the list, or the search being typed) into `area`.
pub fn draw(
    list: &EntityList,
    search: Option<&SearchState>,
    cx: &PaneContext,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let title = match search {
        Some(s) if s.hits.len() == RESULTS => format!(" · best {RESULTS} of {} matches", s.matches.len()),
        Some(s) => format!(" · {} of {}", s.hits.len(), list.order.len()),
        None => format!(" · {} · {}", list.order.len(), list.sort.label()),
    };
    // A search that picks an entity for an edit says which edit, and how to make a new one.
    let title = match search.and_then(|s| s.pick) {
        Some(pick) => {
            let what = match pick {
                Pick::Annotate(_) => "annotate as",
                Pick::Relink(_) => "relink to",
                Pick::MergeInto(_) => "merge into",
            };
            let new = match pick {
                Pick::MergeInto(_) => String::new(),
                _ => format!(
                    " · {} new",
                    cx.keymap.first_key(crate::keymap::Mode::Search, crate::action::Action::NewEntity)
                ),
            };
            format!(" · {what}{new}")
        }
        None => title,
    };
    let block = pane_block(cx, theme, Pane::Entities, title);
    let mut inner = block.inner(area);
    block.render(area, buf);
    if let Some(s) = search {
        let line = Line::from(vec![
            Span::styled("/", theme.marker()),
            Span::raw(sanitize(&s.query)),
            Span::styled("▏", theme.marker()),
        ]);
        line.render(Rect { height: 1, ..inner }, buf);
        inner.y += 1;
        inner.height = inner.height.saturating_sub(1);
    }
    let (cursor, len) = match search {
        Some(s) => (s.cursor, s.hits.len()),
        None => (list.cursor, list.order.len()),
    };
    let rows: Vec<(usize, Option<&Hit>)> = (cursor.offset..len)
        .take(inner.height as usize)
        .filter_map(|row| match search {
            Some(s) => s.hits.get(row).map(|h| (h.item, Some(h))),
            None => list.order.get(row).map(|&e| (e, None)),
        })
        .collect();
    if rows.is_empty() {
        let msg = if search.is_some() { "no entity matches" } else { "no entities" };
        Line::styled(msg, theme.dim()).render(Rect { height: inner.height.min(1), ..inner }, buf);
        return;
    }
    // A type's label as the legend shows it (brat's display names), as wide as they need.
    let label = |kind: &str| cx.corpus.type_labels.get(kind).cloned().unwrap_or_else(|| kind.to_string());
    // Long labels are cut (`Organizati…`) rather than squeeze the names: a badge takes at most
    // a third of the pane.
    let most = BADGE_MAX.min((inner.width as usize / 3).max(4));
    let badge = rows.iter().map(|(e, _)| width(&label(&cx.corpus.entities[*e].kind))).max().unwrap_or(0).min(most);
    // With several articles, a count says in how many: "14 in 3".
    let count = |e: usize| {
        if cx.corpus.articles.len() > 1 {
            format!("{} in {}", cx.counts.mentions[e], cx.counts.articles[e])
        } else {
            cx.counts.mentions[e].to_string()
        }
    };
    let count_w = rows.iter().map(|(e, _)| count(*e).len()).max().unwrap_or(1);
    let focused = cx.focus == Pane::Entities;
    for (i, (e, hit)) in rows.into_iter().enumerate() {
        let entity = &cx.corpus.entities[e];
        let selected = cx.selection.entity == Some(EntityIx(e));
        let name_w = (inner.width as usize).saturating_sub(2 + badge + 1 + 1 + count_w);
        let mark = match (selected, cx.edited.contains(&e)) {
            (true, _) => "●",
            (false, true) => "✎",
            (false, false) => " ",
        };
        let mut spans = vec![
            Span::styled(mark, theme.related()),
            Span::raw(" "),
            Span::styled(
                fit(&label(&entity.kind), badge),
                theme.badge(theme.type_color(&entity.kind, &cx.corpus.type_colors)),
            ),
            Span::raw(" "),
        ];
        // Entities the open article does not mention are dimmed.
        let here = cx.current_article().is_some_and(|a| a.entities.contains(&e));
        // Two rows that would look alike say what tells them apart: a KB id, else the id.
        let twin = cx.twins.get(e).copied().unwrap_or(false).then(|| entity.telling_id().to_string());
        let mut name = name_spans(entity, hit, twin.as_deref(), name_w, theme);
        if !here {
            name = name.into_iter().map(|s| s.patch_style(theme.dim())).collect();
        }
        spans.extend(name);
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{:>count_w$}", count(e)), theme.dim()));
        let mut line = Line::from(spans);
        if cursor.offset + i == cursor.index {
            line = line.patch_style(theme.cursor_row(focused));
        }
        let y = inner.y + i as u16;
        line.render(Rect { y, height: 1, ..inner }, buf);
    }
}

/// The name padded to `cells`; with a search hit, matched chars highlighted (and the matched
/// alias shown after the name when an alias matched).
fn name_spans<'a>(
    entity: &crate::model::Entity,
    hit: Option<&Hit>,
    twin: Option<&str>,
    cells: usize,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let name = sanitize(&entity.name);
    let (mut shown, highlight_from): (String, Option<usize>) = match hit {
        Some(h) if h.form > 0 => {
            let alias = sanitize(&entity.aliases[h.form - 1]);
            (format!("{name} ({alias})"), Some(name.chars().count() + 2))
        }
        Some(_) => (name, Some(0)),
        None => (name, None),
    };
    if let Some(t) = twin {
        shown = format!("{shown} · {}", sanitize(t));
    }
    let shown = fit(&shown, cells);
    let Some(base) = highlight_from else {
        return vec![Span::raw(shown)];
    };
    let matched: Vec<usize> = hit.map(|h| h.indices.iter().map(|i| i + base).collect()).unwrap_or_default();
    highlighted(&shown, &matched, theme)
}
