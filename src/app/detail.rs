//! What the detail pane (and its popup, `i`) says: the note at the current spot, else the
//! selected event, else the selected entity, else the article itself. Described here as
//! tagged text so the popup knows how far it scrolls; the UI only styles and draws it.

use super::entity_info::EntityInfo;
use super::timeline::Row;
use super::{App, TextCursor};
use crate::action::{Action, Pane};
use crate::date::format_range;
use crate::display::{count, sanitize};
use crate::keymap::Mode;
use crate::markup::{MarkupLine, Role, line};
use crate::model::{Article, EntityIx, EventRef, Span as CharSpan};

/// The detail's title and lines for what is selected (`None` with no article).
/// The row under the cursor of a focused list comes first (the detail follows the cursor, as
/// in lazygit or htop), then the note at the current spot, the selected event, the selected
/// entity, and the article.
pub fn content(app: &App) -> Option<(&'static str, Vec<MarkupLine>)> {
    let article = app.current_article();
    // The popup (`i`) shows in full what the pane shows.
    let listing = matches!(
        app.overlay,
        None | Some(super::Overlay::Search(_) | super::Overlay::Detail { .. } | super::Overlay::EventSearch { .. })
    );
    if listing
        && app.focus == Pane::Entities
        && let Some(info) = &app.cursor_entity
    {
        return Some((" Entity ", entity(app, article, info.entity, info)));
    }
    if listing
        && app.focus == Pane::Timeline
        && let Some(Row::Event(r)) = app.timeline.current()
    {
        return Some((" Event ", event(app, r)));
    }
    let empty = EntityInfo::default();
    Some(match (article, app.selection.cursor, app.selection.event, app.selection.entity) {
        (Some(a), Some(TextCursor::Note(i)), _, _) => (" Note ", note(app, a, i)),
        (_, _, Some(r), _) => (" Event ", event(app, r)),
        (_, _, None, Some(e)) => {
            let info = app.selected_entity.as_ref().filter(|i| i.entity == e).unwrap_or(&empty);
            (" Entity ", entity(app, article, e, info))
        }
        (Some(a), ..) => (" Article ", about(app, a)),
        (None, ..) => return None,
    })
}

fn label(name: &str) -> (Role, String) {
    (Role::Dim, name.to_string())
}

/// Notes on passages that overlap `spans`, as `† text` lines.
fn notes_on(article: &Article, spans: &[CharSpan]) -> Vec<MarkupLine> {
    article
        .notes
        .iter()
        .filter(|n| spans.iter().any(|s| n.span.start < s.end && s.start < n.span.end))
        .map(|n| vec![(Role::Marker, "† ".to_string()), (Role::Plain, sanitize(&n.text))])
        .collect()
}

fn note(app: &App, article: &Article, i: usize) -> Vec<MarkupLine> {
    let n = &article.notes[i];
    vec![
        vec![
            (Role::Marker, format!("† note {}/{} on ", i + 1, article.notes.len())),
            (Role::Title, format!("“{}”", sanitize(&article.slice(n.span)))),
        ],
        line(Role::Plain, sanitize(&n.text)),
        line(
            Role::Dim,
            format!(
                "{} next note · {} previous · {} back",
                app.key(Action::NextNote),
                app.key(Action::PrevNote),
                app.key(Action::Back)
            ),
        ),
    ]
}

fn event(app: &App, r: EventRef) -> Vec<MarkupLine> {
    let corpus = &app.data.corpus;
    let e = corpus.event(r);
    let mut lines = vec![vec![
        (Role::Related, format_range(e.date, e.end_date)),
        (Role::Plain, "  ".to_string()),
        (Role::Title, sanitize(&e.title)),
    ]];
    if let Some(d) = &e.description {
        lines.push(line(Role::Plain, sanitize(d)));
    }
    let names: Vec<String> = e.entities.iter().map(|&x| sanitize(&corpus.entities[x].name)).collect();
    if !names.is_empty() {
        lines.push(vec![label("Entities: "), (Role::Plain, names.join(", "))]);
    }
    for s in &e.sources {
        lines.push(vec![label("Source: "), (Role::Plain, sanitize(s))]);
    }
    let passages = match e.anchors.len() {
        0 if r.article.is_none() => "From the timeline loaded beside the articles.".to_string(),
        0 => "The article does not speak of this event directly.".to_string(),
        1 => "The article speaks of it in 1 passage (marked ┃).".to_string(),
        n => format!(
            "The article speaks of it in {n} passages (marked ┃; {}/{} steps).",
            app.key(Action::NextMention),
            app.key(Action::PrevMention)
        ),
    };
    lines.push(line(Role::Dim, passages));
    if let Some(a) = r.article {
        lines.extend(notes_on(&corpus.articles[a], &e.anchors));
    }
    lines
}

fn entity(app: &App, article: Option<&Article>, e: EntityIx, info: &EntityInfo) -> Vec<MarkupLine> {
    let corpus = &app.data.corpus;
    let ent = &corpus.entities[e];
    // The popup (`i`) says everything; the pane the first few and how many more.
    let full = matches!(app.overlay, Some(super::Overlay::Detail { .. }));
    // A display name (brat's) beside the type, unless it only repeats it.
    let kind = match corpus.type_labels.get(&ent.kind) {
        Some(label) if !label.eq_ignore_ascii_case(&ent.kind) => {
            format!("{} ({})", sanitize(&ent.kind), sanitize(label))
        }
        _ => sanitize(&ent.kind),
    };
    let mut head = vec![
        (Role::Title, sanitize(&ent.name)),
        (Role::Plain, "  ".to_string()),
        (Role::Badge(ent.kind.clone()), kind),
    ];
    for (k, v) in &ent.links {
        head.push((Role::Dim, format!("  {}: {}", sanitize(k), sanitize(v))));
    }
    let mut lines = vec![head];
    if let Some(d) = &ent.description {
        lines.push(line(Role::Plain, sanitize(d)));
    }
    if !ent.aliases.is_empty() {
        lines.push(vec![label("Also: "), (Role::Plain, sanitize(&ent.aliases.join(", ")))]);
    }
    let here = article.map_or(0, |a| a.mentions.iter().filter(|m| m.entity_ix() == e).count());
    // Under a filter every count and list is within it, and says so.
    let within = match app.filter() {
        Some(f) => format!("in the {}", count(f.count, "filtered article")),
        None => "in all".to_string(),
    };
    lines.push(line(
        Role::Dim,
        format!(
            "{} here · {} {within} · {} (● on the timeline; {} filters)",
            count(here, "mention"),
            app.counts().mentions[e.0],
            count(info.events.len(), "event"),
            app.keymap.keys_for(Mode::Normal, Action::ToggleFilter),
        ),
    ));
    let elsewhere: Vec<&Article> =
        info.articles.iter().filter(|&&a| a != app.article && app.shown(a.0)).map(|&a| &corpus.articles[a]).collect();
    if !elsewhere.is_empty() {
        let n = elsewhere.len();
        let steps = format!(
            "{}/{} go on there",
            app.keymap.keys_for(Mode::Normal, Action::NextMention),
            app.keymap.keys_for(Mode::Normal, Action::PrevMention),
        );
        if full {
            // The popup lists every one, a line each, dated.
            lines.push(line(Role::Dim, format!("Also in {} ({steps}):", count(n, "article"))));
            for a in elsewhere {
                let date = a.date.map(|d| format!("{d} ")).unwrap_or_default();
                lines.push(vec![(Role::Related, format!("  {date}")), (Role::Plain, sanitize(&a.title))]);
            }
        } else {
            let shown: Vec<String> = elsewhere.iter().take(3).map(|a| sanitize(&a.title)).collect();
            let more = match n.saturating_sub(3) {
                0 => String::new(),
                more => format!(" and {more} more ({} lists them)", app.key(Action::ToggleDetail)),
            };
            lines.push(vec![
                (Role::Dim, format!("Also in {} ({steps}): ", count(n, "article"))),
                (Role::Plain, format!("{}{more}", shown.join("; "))),
            ]);
        }
    }
    for ev in info.events.iter().map(|r| corpus.event(*r)) {
        lines.push(vec![
            (Role::Related, format!("{} ", format_range(ev.date, ev.end_date))),
            (Role::Plain, sanitize(&ev.title)),
        ]);
    }
    let related: Vec<String> = info
        .relations
        .iter()
        .take(if full { usize::MAX } else { 12 })
        .map(|(kind, other, out)| format!("{kind} {} {}", if *out { "→" } else { "←" }, corpus.entities[*other].name))
        .collect();
    if !related.is_empty() {
        lines.push(vec![label("Related: "), (Role::Plain, sanitize(&related.join("; ")))]);
    }
    // The mention at the current spot, when it is this entity's.
    if let (Some(article), Some(TextCursor::Mention(i))) = (article, app.selection.cursor)
        && article.mentions.get(i).is_some_and(|m| m.entity_ix() == e)
    {
        let attrs: Vec<String> = article.mentions[i].attributes().iter().map(|(k, v)| format!("{k}={v}")).collect();
        if !attrs.is_empty() {
            lines.push(vec![label("This mention: "), (Role::Plain, sanitize(&attrs.join(", ")))]);
        }
        if let Some(span) = app.cursor_span() {
            lines.extend(notes_on(article, &[span]));
        }
    }
    lines
}

fn about(app: &App, article: &Article) -> Vec<MarkupLine> {
    let mut lines = vec![line(Role::Title, sanitize(&article.title))];
    if !app.reader.meta.is_empty() {
        lines.push(line(Role::Dim, sanitize(&app.reader.meta)));
    }
    lines.push(line(
        Role::Plain,
        [
            crate::display::count(article.entities.len(), "entity"),
            crate::display::count(article.mentions.len(), "mention"),
            crate::display::count(article.events.len(), "event"),
            crate::display::count(article.notes.len(), "note"),
        ]
        .join(" · "),
    ));
    lines.push(line(
        Role::Dim,
        format!(
            "{} on an entity or event shows it here; {} searches entities; {} reads the notes; {} shows every key.",
            app.key(Action::Select),
            app.key(Action::StartSearch),
            app.key(Action::NextNote),
            app.key(Action::ToggleHelp)
        ),
    ));
    lines
}
