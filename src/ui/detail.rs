//! The detail pane: the note at the current spot, else the selected event, else the selected
//! entity, else the article itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::layout::switcher_area;
use super::theme::Theme;
use crate::app::entity_info::EntityInfo;
use crate::app::{App, TextCursor};
use crate::date::format_range;
use crate::display::sanitize;
use crate::model::{Article, EventRef, Span as CharSpan};

/// The detail's title and lines for what is selected.
fn content<'a>(app: &App, theme: &Theme) -> Option<(&'static str, Vec<Line<'a>>)> {
    let article = app.current_article()?;
    Some(if let Some(TextCursor::Note(i)) = app.selection.cursor {
        (" Note ", note(article, i, theme))
    } else if let Some(r) = app.selection.event {
        (" Event ", event(app, r, theme))
    } else if let Some(e) = app.selection.entity {
        (" Entity ", entity(app, article, e, theme))
    } else {
        (" Article ", about(app, article, theme))
    })
}

/// Draws the detail pane into `area`.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some((title, lines)) = content(app, theme) else { return };
    let title = format!("{title}· i shows all ");
    let block = Block::bordered().border_style(theme.block(false)).title(title);
    Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).render(area, buf);
}

/// Number of lines of the detail (before wrapping), for scrolling.
pub fn line_count(app: &App) -> usize {
    content(app, &Theme { color: false }).map_or(0, |(_, lines)| lines.len())
}

/// Draws the detail in full over `area` when it is open (`i`), scrolled by the user.
pub fn draw_popup(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(scroll) = app.detail else { return };
    let Some((title, lines)) = content(app, theme) else { return };
    let popup = switcher_area(area);
    Clear.render(popup, buf);
    let block = Block::bordered().border_style(theme.block(true)).title(format!("{title}· j/k scroll · Esc closes "));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .block(block)
        .render(popup, buf);
}

fn label<'a>(name: &'a str, theme: &Theme) -> Span<'a> {
    Span::styled(name, theme.dim())
}

/// Notes on passages that overlap `spans`, as `† text` lines.
fn notes_on<'a>(article: &Article, spans: &[CharSpan], theme: &Theme) -> Vec<Line<'a>> {
    article
        .notes
        .iter()
        .filter(|n| spans.iter().any(|s| n.span.start < s.end && s.start < n.span.end))
        .map(|n| Line::from(vec![Span::styled("† ", theme.marker()), Span::raw(sanitize(&n.text))]))
        .collect()
}

fn note<'a>(article: &Article, i: usize, theme: &Theme) -> Vec<Line<'a>> {
    let n = &article.notes[i];
    vec![
        Line::from(vec![
            Span::styled(format!("† note {}/{} on ", i + 1, article.notes.len()), theme.marker()),
            Span::styled(format!("“{}”", sanitize(&article.slice(n.span))), theme.title()),
        ]),
        Line::raw(sanitize(&n.text)),
        Line::styled("] next note · [ previous · Esc back", theme.dim()),
    ]
}

fn event<'a>(app: &App, r: EventRef, theme: &Theme) -> Vec<Line<'a>> {
    let e = app.corpus.event(r);
    let mut lines = vec![Line::from(vec![
        Span::styled(format_range(e.date, e.end_date), theme.related()),
        Span::raw("  "),
        Span::styled(sanitize(&e.title), theme.title()),
    ])];
    if let Some(d) = &e.description {
        lines.push(Line::raw(sanitize(d)));
    }
    let names: Vec<String> = e.entities.iter().map(|&x| sanitize(&app.corpus.entities[x].name)).collect();
    if !names.is_empty() {
        lines.push(Line::from(vec![label("Entities: ", theme), Span::raw(names.join(", "))]));
    }
    for s in &e.sources {
        lines.push(Line::from(vec![label("Source: ", theme), Span::raw(sanitize(s))]));
    }
    let passages = match e.anchors.len() {
        0 if r.article.is_none() => "From the timeline loaded beside the articles.".to_string(),
        0 => "The article does not speak of this event directly.".to_string(),
        1 => "The article speaks of it in 1 passage (marked ┃).".to_string(),
        n => format!("The article speaks of it in {n} passages (marked ┃; n/N steps).",),
    };
    lines.push(Line::styled(passages, theme.dim()));
    if let Some(a) = r.article {
        lines.extend(notes_on(&app.corpus.articles[a], &e.anchors, theme));
    }
    lines
}

fn entity<'a>(app: &App, article: &Article, e: usize, theme: &Theme) -> Vec<Line<'a>> {
    let ent = &app.corpus.entities[e];
    let mut head = vec![
        Span::styled(sanitize(&ent.name), theme.title()),
        Span::raw("  "),
        Span::styled(
            match app.corpus.type_labels.get(&ent.kind) {
                Some(label) => format!("{} ({})", sanitize(&ent.kind), sanitize(label)),
                None => sanitize(&ent.kind),
            },
            theme.badge(theme.type_color(&ent.kind, &app.corpus.type_colors)),
        ),
    ];
    for (k, v) in &ent.links {
        head.push(Span::styled(format!("  {}: {}", sanitize(k), sanitize(v)), theme.dim()));
    }
    let mut lines = vec![Line::from(head)];
    if let Some(d) = &ent.description {
        lines.push(Line::raw(sanitize(d)));
    }
    if !ent.aliases.is_empty() {
        lines.push(Line::from(vec![label("Also: ", theme), Span::raw(sanitize(&ent.aliases.join(", ")))]));
    }
    let here = article.mentions.iter().filter(|m| m.entity == e).count();
    let empty = EntityInfo::default();
    let info = app.entity_info.as_ref().filter(|i| i.entity == e).unwrap_or(&empty);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    lines.push(Line::styled(
        format!(
            "{here} mention{} here · {} in all · {} event{} (● on the timeline; f filters)",
            plural(here),
            app.counts[e],
            info.events.len(),
            plural(info.events.len())
        ),
        theme.dim(),
    ));
    let elsewhere: Vec<&str> =
        info.articles.iter().filter(|&&a| a != app.article).map(|&a| app.corpus.articles[a].title.as_str()).collect();
    if !elsewhere.is_empty() {
        let shown: Vec<String> = elsewhere.iter().take(3).map(|t| sanitize(t)).collect();
        let more = if elsewhere.len() > 3 { format!(" and {} more", elsewhere.len() - 3) } else { String::new() };
        let n = elsewhere.len();
        lines.push(Line::from(vec![
            Span::styled(format!("Also in {n} article{} (n/N go on there): ", plural(n)), theme.dim()),
            Span::raw(format!("{}{more}", shown.join("; "))),
        ]));
    }
    for ev in info.events.iter().map(|r| app.corpus.event(*r)) {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", format_range(ev.date, ev.end_date)), theme.related()),
            Span::raw(sanitize(&ev.title)),
        ]));
    }
    let related: Vec<String> = info
        .relations
        .iter()
        .take(12)
        .map(|(kind, other, out)| {
            format!("{kind} {} {}", if *out { "→" } else { "←" }, app.corpus.entities[*other].name)
        })
        .collect();
    if !related.is_empty() {
        lines.push(Line::from(vec![label("Related: ", theme), Span::raw(sanitize(&related.join("; ")))]));
    }
    if let Some(TextCursor::Mention(i)) = app.selection.cursor {
        let attrs: Vec<String> = article.mentions[i].attributes().iter().map(|(k, v)| format!("{k}={v}")).collect();
        if !attrs.is_empty() {
            lines.push(Line::from(vec![label("This mention: ", theme), Span::raw(sanitize(&attrs.join(", ")))]));
        }
    }
    if let Some(span) = app.cursor_span() {
        lines.extend(notes_on(article, &[span], theme));
    }
    lines
}

fn about<'a>(app: &App, article: &Article, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(sanitize(&article.title), theme.title())];
    if !app.reader.meta.is_empty() {
        lines.push(Line::styled(sanitize(&app.reader.meta), theme.dim()));
    }
    lines.push(Line::raw(format!(
        "{} entities · {} mentions · {} events · {} notes",
        article.entities.len(),
        article.mentions.len(),
        article.events.len(),
        article.notes.len()
    )));
    lines.push(Line::styled(
        "Enter on an entity or event shows it here; / searches entities; ] reads the notes; ? shows every key.",
        theme.dim(),
    ));
    lines
}
