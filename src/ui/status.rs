//! The status line: the focused pane, the keys that matter there (or a message), and where
//! the user is, such as `NVIDIA · ORG · mention 1/6`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::action::{Action, Pane};
use crate::app::{App, TextCursor};
use crate::display::{count, fit_words, sanitize, width};
use crate::keymap::Mode;

/// Draws the status line into `area`.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mode = app.mode();
    let badge = match mode {
        Mode::Help | Mode::HelpSearch => " HELP ".to_string(),
        Mode::Problems => " PROBLEMS ".to_string(),
        Mode::Detail => " DETAIL ".to_string(),
        Mode::Search => " SEARCH ".to_string(),
        Mode::Switcher => " ARTICLES ".to_string(),
        Mode::Filter => " FILTER ".to_string(),
        Mode::Find => " FIND ".to_string(),
        Mode::EventSearch => " TIMELINE ".to_string(),
        Mode::Chart => " CHARTS ".to_string(),
        Mode::EditPrompt => " EDIT ".to_string(),
        Mode::Command => " COMMAND ".to_string(),
        Mode::Restore => " RESTORE ".to_string(),
        Mode::Normal if app.caret().anchor.is_some() => " SELECT ".to_string(),
        Mode::Normal => format!(" {} ", app.focus().title().to_uppercase()),
    };
    let right = right_side(app, area.width as usize / 2);
    let room = (area.width as usize).saturating_sub(width(&badge) + width(&right) + 1);
    // Nothing is cut mid-word: a message ends at a word with `…`, hints are dropped whole.
    let middle = match &app.message() {
        Some(m) => Span::styled(pad(fit_words(&format!(" {m}"), room), room), theme.message()),
        None => Span::styled(pad(whole_hints(&hints(app, mode), room), room), theme.dim()),
    };
    Line::from(vec![Span::styled(badge, theme.status_badge()), middle, Span::raw(" "), Span::raw(right)])
        .render(area, buf);
}

/// `s` padded with spaces to `cells`.
fn pad(s: String, cells: usize) -> String {
    let w = width(&s);
    s + &" ".repeat(cells.saturating_sub(w))
}

/// The right of the status line, in at most `room` cells: loading progress or the load's
/// problems, the database asked, the filter and its count, and where the user is. When they
/// do not fit, where the user is gives way first, then the database's description, then the
/// filter's query; the filter's count and the problems always show.
fn right_side(app: &App, room: usize) -> String {
    let lead = if let Some(percent) = app.loading_percent() {
        format!("loading {percent}% · {}", count(app.data().corpus.articles.len(), "article"))
    } else if !app.data().diagnostics.is_empty() {
        let (errors, warnings) = app.data().problem_counts();
        format!(
            "⚠ {}, {} ({})",
            count(errors, "error"),
            count(warnings, "warning"),
            app.keymap().keys_for(Mode::Normal, Action::ToggleProblems)
        )
    } else {
        String::new()
    };
    // Unsaved edits always show.
    let lead = match app.unsaved() {
        0 => lead,
        n => [lead, format!("✎ {} unsaved", count(n, "article"))]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("  "),
    };
    let remote = app
        .remote()
        .map(|r| if r.asking() { "asking the database…".to_string() } else { sanitize(&r.describe()) })
        .unwrap_or_default();
    let filter = app.filter().map(|f| (sanitize(&f.query), count(f.count, "article")));
    let query = filter.as_ref().map(|(q, _)| q.clone()).unwrap_or_default();
    // In the order they give way.
    let mut here = position(app);
    if let Some(all) = app.suggested_total() {
        let shown = format!("suggested {} here · {all} in all", app.suggested_here().len());
        here = if here.is_empty() { shown } else { format!("{shown}  {here}") };
    }
    let mut pieces = [here, remote, query];
    let join = |[here, remote, query]: &[String; 3]| {
        let filter = filter.as_ref().map(|(_, n)| format!("filter {query} · {n}")).unwrap_or_default();
        [lead.as_str(), remote, &filter, here].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("  ")
    };
    let over = |pieces: &[String; 3]| width(&join(pieces)).saturating_sub(room);
    for i in 0..pieces.len() {
        let excess = over(&pieces);
        if excess == 0 {
            break;
        }
        let keep = width(&pieces[i]).saturating_sub(excess);
        // Less than a word left of it: it goes whole.
        pieces[i] = if keep < 6 { String::new() } else { fit_words(&pieces[i], keep) };
    }
    fit_words(&join(&pieces), room)
}

fn hints(app: &App, mode: Mode) -> Vec<String> {
    let list: &[(Action, &str)] = match (mode, app.focus()) {
        (Mode::Help, _) => &[(Action::StartSearch, "search"), (Action::ToggleHelp, "close")],
        (Mode::Problems, _) => &[(Action::Down, "scroll"), (Action::ToggleProblems, "close")],
        (Mode::Detail, _) => &[(Action::Down, "scroll"), (Action::ToggleDetail, "close")],
        (Mode::Chart, _) => &[(Action::ToggleChart, "close")],
        (Mode::Filter, _) if app.remote().is_some() => {
            &[(Action::SearchAccept, "ask the database"), (Action::SearchCancel, "cancel")]
        }
        (Mode::Filter, _) => {
            &[(Action::SearchAccept, "apply"), (Action::SearchCancel, "cancel"), (Action::SearchUp, "earlier")]
        }
        (Mode::Find, _) => &[(Action::SearchAccept, "keep"), (Action::SearchCancel, "cancel")],
        (Mode::EditPrompt, _) => &[(Action::SearchAccept, "change"), (Action::SearchCancel, "cancel")],
        (Mode::Command, _) => &[(Action::SearchAccept, "run"), (Action::SearchCancel, "cancel")],
        (Mode::Restore, _) => {
            &[(Action::RestoreEdits, "restore"), (Action::DiscardEdits, "discard"), (Action::Back, "later")]
        }
        (Mode::EventSearch, _) => &[
            (Action::SearchAccept, "stay"),
            (Action::SearchCancel, "go back"),
            (Action::SearchDown, "next"),
            (Action::SearchUp, "previous"),
        ],
        (Mode::HelpSearch, _) => &[(Action::SearchAccept, "keep"), (Action::SearchCancel, "the whole help")],
        (Mode::Search, _) if app.search().is_some_and(|s| s.pick.is_some()) => &[
            (Action::SearchAccept, "pick"),
            (Action::NewEntity, "a new entity"),
            (Action::SearchCancel, "cancel"),
            (Action::SearchDown, "next"),
        ],
        (Mode::Search | Mode::Switcher, _) => &[
            (Action::SearchAccept, "select"),
            (Action::SearchCancel, "cancel"),
            (Action::SearchDown, "next"),
            (Action::SearchUp, "previous"),
        ],
        (Mode::Normal, Pane::Text) if app.caret().anchor.is_some() => &[
            (Action::Annotate, "annotate"),
            (Action::EditNote, "note"),
            (Action::GrowMention, "stretch the mention"),
            (Action::ToggleSelect, "end"),
        ],
        (_, Pane::Text) => &[
            (Action::Down, "move"),
            (Action::ToggleSelect, "select"),
            (Action::Annotate, "annotate"),
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
