//! The filter and find prompts, and the charts: the articles of an entity (or of the filter)
//! month by month, and the entities most often beside it.

use crate::action::Action;
use crate::keymap::Mode;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::editing::{Field, NewStep};
use crate::app::filter::ChartData;
use crate::app::{App, Overlay};
use crate::display::{fit, fit_words, sanitize};
use crate::layout::popup_area;

/// Draws the prompt of the filter or the find at the top of `area`, if one is being typed.
pub fn draw_prompt(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let key = |mode, action| app.keymap().key(mode, action);
    let (title, p) = match app.overlay() {
        Some(Overlay::Filter(p)) => {
            let first = |action| app.keymap().first_key(Mode::Filter, action);
            let (apply, cancel, back) =
                (first(Action::SearchAccept), first(Action::SearchCancel), first(Action::SearchUp));
            (format!(" Filter articles · {apply} applies (empty: all) · {cancel} cancels · {back} earlier "), p)
        }
        Some(Overlay::EventSearch { query, .. }) => {
            let first = |action| app.keymap().first_key(Mode::EventSearch, action);
            let (stay, back, next) =
                (first(Action::SearchAccept), first(Action::SearchCancel), first(Action::SearchDown));
            let title = format!(" Timeline: words or a date (2023-09) · {next} next · {stay} stays · {back} back ");
            let rows = app.timeline().rows.len();
            let at = app.timeline().cursor.index;
            let status = if query.trim().is_empty() { String::new() } else { format!("  row {} of {rows}", at + 1) };
            return prompt_box(title, query, Span::styled(status, theme.related()), None, theme, area, buf);
        }
        Some(Overlay::Edit(p)) => {
            let first = |action| app.keymap().first_key(Mode::EditPrompt, action);
            let (change, cancel) = (first(Action::SearchAccept), first(Action::SearchCancel));
            let name = |e: Option<crate::model::EntityIx>| {
                e.map_or(String::new(), |e| fit_words(&sanitize(&app.data().corpus.entities[e.0].name), 30))
            };
            let what = match &p.field {
                Field::Name => format!("New name of {}", name(p.entity)),
                Field::Type => format!("New type of {}", name(p.entity)),
                Field::Kb => format!("Knowledge-base id (wikidata:Q42; empty clears) of {}", name(p.entity)),
                Field::Alias => format!("Another name (alias) for {}", name(p.entity)),
                Field::Unalias => format!("Take away a name of {}", name(p.entity)),
                Field::Note(_) => "Note on the passage (empty takes it away)".to_string(),
                Field::New(n) => match n.step {
                    NewStep::Name => "New entity: its name".to_string(),
                    NewStep::Type => format!("New entity {}: its type", fit_words(&sanitize(&n.name), 30)),
                    NewStep::Kb => {
                        format!("New entity {}: KB id (wikidata:Q42), or none", fit_words(&sanitize(&n.name), 30))
                    }
                },
            };
            let title = format!(" {what} · {change} changes · {cancel} cancels ");
            let hint = if p.choices.is_empty() {
                Span::raw("")
            } else {
                let (down, up) = (first(Action::SearchDown), first(Action::SearchUp));
                let shown: Vec<String> = p.choices.iter().take(8).map(|c| sanitize(c)).collect();
                let more = if p.choices.len() > 8 { " …" } else { "" };
                Span::styled(format!("  {down}/{up}: {}{more}", shown.join(" · ")), theme.related())
            };
            return prompt_box(title, &p.input, hint, p.error.as_deref(), theme, area, buf);
        }
        Some(Overlay::Command(c)) => {
            let first = |action| app.keymap().first_key(Mode::Command, action);
            let (run, cancel) = (first(Action::SearchAccept), first(Action::SearchCancel));
            let title =
                format!(" Command · w saves · q quits · wq both · q! quits unsaved · {run} runs · {cancel} cancels ");
            return prompt_box(title, &c.input, Span::raw(""), c.error.as_deref(), theme, area, buf);
        }
        Some(Overlay::Restore { articles, .. }) => {
            let first = |action| app.keymap().first_key(Mode::Restore, action);
            let (restore, discard, later) =
                (first(Action::RestoreEdits), first(Action::DiscardEdits), first(Action::Back));
            let title = format!(" Unsaved edits found · {restore} restores · {discard} discards · {later} later ");
            let lines = vec![
                Line::raw(format!(
                    "A session on these files ended with edits of {} unsaved (a crash, a kill or a closed terminal). The files are as they were then.",
                    crate::display::count(*articles, "article")
                )),
                Line::styled(
                    format!(
                        "{restore}: take the edits back (then save them); {discard}: discard them for good; {later}: decide on another start (they stay kept, and this session's edits are not journalled)."
                    ),
                    theme.related(),
                ),
            ];
            return boxed(title, lines, theme, area, buf);
        }
        Some(Overlay::Find(p)) => {
            let (find, next, prev) = (
                key(Mode::Find, Action::SearchAccept),
                key(Mode::Normal, Action::NextHit),
                key(Mode::Normal, Action::PrevHit),
            );
            (format!(" Find in the article · {find} keeps it · {next} and {prev} step "), p)
        }
        _ => return,
    };
    let finding = matches!(app.overlay(), Some(Overlay::Find(_)));
    let status = match (&p.live_count, app.found()) {
        (_, Some(f)) if finding && f.hits.is_empty() => Span::styled("  not in this article", theme.message()),
        (_, Some(f)) if finding => Span::styled(format!("  {} found", f.hits.len()), theme.related()),
        (Some(Ok(n)), _) => Span::styled(format!("  {}", crate::display::count(*n, "article")), theme.related()),
        (None, _) if app.counting() => Span::styled("  counting…", theme.related()),
        _ => Span::raw(""),
    };
    let error = match &p.live_count {
        Some(Err(e)) => Some(e.as_str()),
        _ => None,
    };
    prompt_box(title, &p.query, status, error, theme, area, buf);
}

/// A prompt at the top of `area`: its title, the query typed, a status after it, and what is
/// wrong with it, in full, under it (wrapped as every popup wraps).
fn prompt_box(
    title: String,
    query: &str,
    status: Span,
    error: Option<&str>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines = vec![Line::from(vec![
        Span::styled("› ", theme.marker()),
        Span::raw(sanitize(query)),
        Span::styled("▏", theme.marker()),
        status,
    ])];
    if let Some(e) = error {
        lines.push(Line::styled(sanitize(e), theme.message()));
    }
    boxed(title, lines, theme, area, buf);
}

/// `lines` in a bordered box titled `title` at the top of `area`, wrapped.
fn boxed(title: String, lines: Vec<Line>, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(100);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = paragraph.line_count(width.saturating_sub(2)) as u16;
    let height = (rows + 2).min(area.height.saturating_sub(1));
    let rect = Rect { x: area.x + (area.width - width) / 2, y: area.y + 1, width, height };
    Clear.render(rect, buf);
    let block = Block::bordered().border_style(theme.block(true)).title(title);
    let inner = block.inner(rect);
    block.render(rect, buf);
    paragraph.render(inner, buf);
}

/// Draws the charts over `area`, when they are open.
pub fn draw_chart(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(Overlay::Chart(data)) = app.overlay() else { return };
    let popup = popup_area(area);
    Clear.render(popup, buf);
    // The key that opened the charts, and the first the charts take to close.
    let (again, close) = (
        app.keymap().first_key(Mode::Normal, Action::ToggleChart),
        app.keymap().first_key(Mode::Chart, Action::ToggleChart),
    );
    let close = if again == close { close } else { format!("{again} or {close}") };
    let title = format!(" {} · articles per month · {close} closes ", sanitize(&data.title));
    let block = Block::bordered()
        .border_style(theme.block(true))
        .title(fit(&title, popup.width.saturating_sub(2) as usize).trim_end().to_string());
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height < 4 {
        return;
    }
    let related_rows = (inner.height / 3).clamp(2, 8);
    let [bars, _gap, related] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1), Constraint::Length(related_rows)]).areas(inner);
    draw_months(data, theme, bars, buf);
    let mut lines = vec![Line::styled("Most often in the same articles", theme.title())];
    let top = data.related.first().map_or(1, |r| r.1.max(1));
    let name_w = (related.width as usize / 3).clamp(10, 30);
    for (name, n) in data.related.iter().take(related_rows.saturating_sub(1) as usize) {
        let bar =
            "█".repeat(((*n as usize) * (related.width as usize).saturating_sub(name_w + 8) / top as usize).max(1));
        lines.push(Line::from(vec![
            Span::raw(fit(name, name_w)),
            Span::styled(format!(" {n:>4} "), theme.dim()),
            Span::styled(bar, theme.related()),
        ]));
    }
    Paragraph::new(lines).render(related, buf);
}

/// The articles per month as bars filling `area`: a scale on the left (the most in a month,
/// half of it, 0), the years under the bars, and what the bars leave out said above them.
fn draw_months(data: &ChartData, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if data.months.is_empty() {
        Line::styled("no dated articles", theme.dim()).render(area, buf);
        return;
    }
    let [head, body, axis] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    // The scale's width comes from the largest count of all the months (a close guess before
    // knowing which fit).
    let most_of_all = data.months.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let scale_w = most_of_all.to_string().len() as u16 + 1;
    let [scale, chart] = Layout::horizontal([Constraint::Length(scale_w), Constraint::Fill(1)]).areas(body);
    // As many of the latest months as fit with a gap of one between bars; fewer months get
    // wider bars, so the chart fills the popup.
    const GAP: u16 = 1;
    let fit_months = ((chart.width + GAP) / (1 + GAP)).max(1) as usize;
    let shown = &data.months[data.months.len().saturating_sub(fit_months)..];
    let n = shown.len() as u16;
    let bar_w = ((chart.width.saturating_sub(GAP * (n - 1))) / n).clamp(1, 16);
    let max = shown.iter().map(|(_, n)| *n).max().unwrap_or(0);
    // Articles before the months shown are said, not dropped.
    let before = data.earlier + data.months[..data.months.len() - shown.len()].iter().map(|(_, n)| n).sum::<u64>();
    let span = format!(
        "{} – {} · most in a month: {max}{}{}",
        shown[0].0,
        shown[shown.len() - 1].0,
        if before > 0 { format!(" · {before} earlier") } else { String::new() },
        if data.undated > 0 { format!(" · {} without a month", data.undated) } else { String::new() }
    );
    Line::styled(span, theme.dim()).render(head, buf);
    // The scale: the most at the top, half-way, 0 at the bottom.
    if body.height > 0 {
        let mut label = |v: u64, y: u16| {
            let text = format!("{v:>w$}", w = scale_w as usize - 1);
            Line::styled(text, theme.dim()).render(Rect { y, height: 1, ..scale }, buf);
        };
        label(max, body.y);
        if body.height >= 5 && max >= 4 {
            label(max / 2, body.y + body.height / 2);
        }
        if body.height >= 2 {
            label(0, body.y + body.height - 1);
        }
    }
    // The axis: each January's year under its bar, and the first month's.
    let mut label = " ".repeat(scale_w as usize);
    let step = (bar_w + GAP) as usize;
    for (i, (month, _)) in shown.iter().enumerate() {
        let at = scale_w as usize + i * step;
        let text = if bar_w >= 8 { month.as_str() } else { &month[..4] };
        if (month.ends_with("-01") || i == 0 || bar_w >= 8) && label.chars().count() <= at {
            label.push_str(&" ".repeat(at - label.chars().count()));
            label.push_str(text);
            label.push(' ');
        }
    }
    Line::styled(label.trim_end().to_string(), theme.dim()).render(axis, buf);
    let bar_list: Vec<Bar> =
        shown.iter().map(|(_, n)| Bar::default().value(*n).text_value(String::new()).style(theme.related())).collect();
    BarChart::default()
        .data(BarGroup::default().bars(&bar_list))
        .bar_width(bar_w)
        .bar_gap(GAP)
        .max(max.max(1))
        .bar_style(theme.related())
        .value_style(Style::default())
        .render(chart, buf);
}
