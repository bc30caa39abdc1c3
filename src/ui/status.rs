//! The status line: the focused pane, the keys that matter there (or a message), and where
//! the user is, such as `NVIDIA · ORG · mention 1/6`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::action::{Action, Pane};
use crate::app::{App, TextCursor};
use crate::display::{count, fit, sanitize, width};
use crate::keymap::Mode;

/// Draws the status line into `area`.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mode = app.mode();
    let badge = match mode {
        Mode::Help => " HELP ".to_string(),
        Mode::Problems => " PROBLEMS ".to_string(),
        Mode::Detail => " DETAIL ".to_string(),
        Mode::Search => " SEARCH ".to_string(),
        Mode::Switcher => " ARTICLES ".to_string(),
        Mode::Filter => " FILTER ".to_string(),
        Mode::Find => " FIND ".to_string(),
        Mode::Chart => " CHARTS ".to_string(),
        Mode::Normal => format!(" {} ", app.focus().title().to_uppercase()),
    };
    // Where the user is may take half the line; the hints get the rest. Loading progress and
    // load problems come first.
    let mut right = position(app);
    if let Some(f) = app.filter() {
        right = format!("filter {} · {}  {right}", sanitize(&f.query), crate::display::count(f.count, "article"));
    }
    if let Some(r) = app.remote() {
        let what = if r.asking() { "asking the database…".to_string() } else { sanitize(&r.describe()) };
        right = format!("{what}  {right}");
    }
    if let Some(percent) = app.loading_percent() {
        right = format!(
            "loading {percent}% · {}  {right}",
            crate::display::count(app.data().corpus.articles.len(), "article")
        );
    } else if !app.data().diagnostics.is_empty() {
        let (errors, warnings) = app.data().problem_counts();
        right = format!(
            "⚠ {}, {} ({})  {right}",
            count(errors, "error"),
            count(warnings, "warning"),
            app.keymap().keys_for(Mode::Normal, Action::ToggleProblems)
        );
    }
    let half = area.width as usize / 2;
    if width(&right) > half {
        right = fit(&right, half);
    }
    let room = (area.width as usize).saturating_sub(width(&badge) + width(&right) + 1);
    let middle = match &app.message() {
        Some(m) => Span::styled(fit(&format!(" {m}"), room), theme.message()),
        None => Span::styled(fit(&whole_hints(&hints(app, mode), room), room), theme.dim()),
    };
    Line::from(vec![Span::styled(badge, theme.status_badge()), middle, Span::raw(" "), Span::raw(right)])
        .render(area, buf);
}

fn hints(app: &App, mode: Mode) -> Vec<String> {
    let list: &[(Action, &str)] = match (mode, app.focus()) {
        (Mode::Help, _) => &[(Action::ToggleHelp, "close")],
        (Mode::Problems, _) => &[(Action::Down, "scroll"), (Action::ToggleProblems, "close")],
        (Mode::Detail, _) => &[(Action::Down, "scroll"), (Action::ToggleDetail, "close")],
        (Mode::Chart, _) => &[(Action::ToggleChart, "close")],
        (Mode::Filter, _) if app.remote().is_some() => {
            &[(Action::SearchAccept, "ask the database"), (Action::SearchCancel, "cancel")]
        }
        (Mode::Filter, _) => {
            &[(Action::SearchAccept, "apply"), (Action::SearchCancel, "cancel"), (Action::SearchUp, "earlier")]
        }
        (Mode::Find, _) => &[(Action::SearchAccept, "find"), (Action::SearchCancel, "cancel")],
        (Mode::Search | Mode::Switcher, _) => &[
            (Action::SearchAccept, "select"),
            (Action::SearchCancel, "cancel"),
            (Action::SearchDown, "next"),
            (Action::SearchUp, "previous"),
        ],
        (_, Pane::Text) => &[
            (Action::Down, "scroll"),
            (Action::NextMention, "next mention"),
            (Action::NextNote, "next note"),
            (Action::StartSearch, "search"),
            (Action::FocusNext, "next pane"),
            (Action::ToggleHelp, "help"),
        ],
        (_, Pane::Entities) => &[
            (Action::Down, "move"),
            (Action::Select, "select"),
            (Action::StartSearch, "search"),
            (Action::NextMention, "next mention"),
            (Action::CycleSort, "sort"),
            (Action::ToggleHelp, "help"),
        ],
        (_, Pane::Timeline) => &[
            (Action::Down, "move"),
            (Action::Select, "open event"),
            (Action::ToggleFilter, "only the entity's"),
            (Action::NextMention, "next passage"),
            (Action::ToggleHelp, "help"),
        ],
    };
    list.iter().map(|(a, what)| format!("{} {what}", app.keymap().keys_for(mode, *a))).collect()
}

/// As many hints as fit in `room` cells, each whole: a hint cut in half says nothing.
fn whole_hints(hints: &[String], room: usize) -> String {
    let mut line = String::new();
    for h in hints {
        if width(&line) + 2 + width(h) > room {
            break;
        }
        line.push_str(if line.is_empty() { " " } else { "  " });
        line.push_str(h);
    }
    line
}

/// Where the user is: the selected entity and the mention at hand, or the event's passage,
/// or the note.
pub fn position(app: &App) -> String {
    let Some(article) = app.current_article() else {
        return String::new();
    };
    match (app.selection().cursor, app.selection().entity, app.selection().event) {
        (Some(TextCursor::Note(i)), _, _) => format!("note {}/{}", i + 1, article.notes.len()),
        (Some(TextCursor::Hit(i)), _, _) => {
            let n = app.found().as_ref().map_or(0, |f| f.hits.len());
            format!("hit {}/{n}", i + 1)
        }
        (Some(TextCursor::Anchor(i)), _, Some(r)) => {
            let e = app.data().corpus.event(r);
            format!("{} · passage {}/{}", sanitize(&e.title), i + 1, e.anchors.len())
        }
        (cursor, Some(e), _) => {
            let ent = &app.data().corpus.entities[e];
            let mine: Vec<usize> =
                article.mentions.iter().enumerate().filter(|(_, m)| m.entity_ix() == e).map(|(i, _)| i).collect();
            let at = match cursor {
                Some(TextCursor::Mention(i)) => mine.iter().position(|&m| m == i).map(|k| k + 1),
                _ => None,
            };
            let where_ = match (at, mine.len()) {
                (_, 0) => "not in this article".to_string(),
                (Some(k), n) => format!("mention {k}/{n}"),
                (None, n) => count(n, "mention"),
            };
            format!("{} · {} · {where_}", sanitize(&ent.name), sanitize(&ent.kind))
        }
        (_, None, Some(r)) => sanitize(&app.data().corpus.event(r).title),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_that_do_not_fit_are_left_out_whole() {
        let hints = vec!["j/k move".to_string(), "Enter select".to_string(), "? help".to_string()];
        assert_eq!(whole_hints(&hints, 80), " j/k move  Enter select  ? help");
        assert_eq!(whole_hints(&hints, 24), " j/k move  Enter select");
        assert_eq!(whole_hints(&hints, 5), "");
    }
}
