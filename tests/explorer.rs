//! The explorer drawn on a test terminal: snapshots of real flows on the built-in example, and
//! styles (which text snapshots drop) asserted on the buffer.

#[path = "support/synth.rs"]
mod synth;

#[path = "support/screenshot.rs"]
mod screenshot;

use newslens::action::Action;
use newslens::app::{App, Overlay};
use newslens::archive;
use newslens::example::load_example;
use newslens::explorer::to_action;
use newslens::load::{Framing, Loader};
use newslens::model::Corpus;
use newslens::query::Query;
use newslens::ui::{render, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

const COLOR: Theme = Theme::dark();

fn example_app(w: u16, h: u16) -> App {
    App::new(load_example().corpus, (w, h))
}

fn draw(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
    t.draw(|f| render(f, app, theme)).unwrap();
    t
}

/// Types keys as a user would: each string is a key name (`Enter`, `Esc`, `Tab`) or text.
fn keys(app: &mut App, keys: &[&str]) -> bool {
    let mut quit = false;
    for k in keys {
        let none = KeyModifiers::NONE;
        let codes: Vec<(KeyCode, KeyModifiers)> = match *k {
            "Enter" => vec![(KeyCode::Enter, none)],
            "Esc" => vec![(KeyCode::Esc, none)],
            "Tab" => vec![(KeyCode::Tab, none)],
            "Down" => vec![(KeyCode::Down, none)],
            "Up" => vec![(KeyCode::Up, none)],
            "Left" => vec![(KeyCode::Left, none)],
            "Right" => vec![(KeyCode::Right, none)],
            "Backspace" => vec![(KeyCode::Backspace, none)],
            ctrl if ctrl.starts_with("Ctrl-") => {
                vec![(KeyCode::Char(ctrl.chars().last().unwrap()), KeyModifiers::CONTROL)]
            }
            text => text.chars().map(|c| (KeyCode::Char(c), none)).collect(),
        };
        for (code, mods) in codes {
            if let Some(a) = to_action(app.keymap(), app.mode(), Event::Key(KeyEvent::new(code, mods))) {
                for effect in app.update(a) {
                    match effect {
                        newslens::app::Effect::Work(work) => drop(std::thread::spawn(work)),
                        newslens::app::Effect::Quit => quit = true,
                        newslens::app::Effect::Copy(_) => {}
                    }
                }
            }
        }
    }
    quit
}

/// Lets the work the explorer handed off finish and takes it in, as the loop does.
fn until_idle(app: &mut App) {
    let started = std::time::Instant::now();
    while app.busy() {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the work never ended");
        std::thread::sleep(std::time::Duration::from_millis(2));
        for effect in app.tick() {
            if let newslens::app::Effect::Work(work) = effect {
                std::thread::spawn(work);
            }
        }
    }
}

/// Screen positions (x, y) where `needle` starts, within the columns `xs`.
fn find(buf: &Buffer, needle: &str, xs: std::ops::Range<u16>) -> Vec<(u16, u16)> {
    let n: Vec<char> = needle.chars().collect();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in xs.clone() {
            let hit = n.iter().enumerate().all(|(i, c)| {
                let cx = x + i as u16;
                cx < xs.end && buf[(cx, y)].symbol().starts_with(*c)
            });
            if hit {
                out.push((x, y));
            }
        }
    }
    out
}

fn text_columns(app: &App) -> std::ops::Range<u16> {
    app.areas().text.x..app.areas().text.x + app.areas().text.width
}

#[test]
fn start_screen() {
    let app = example_app(120, 40);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
}

#[test]
fn search_nvid_and_select() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["/", "nvid"]);
    insta::assert_snapshot!("search_typing", draw(&app, &COLOR).backend());
    keys(&mut app, &["Enter"]);
    insta::assert_snapshot!("search_selected", draw(&app, &COLOR).backend());
}

#[test]
fn next_mention_three_times() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["/", "nvid", "Enter", "n", "n", "n"]);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
    assert!(draw(&app, &COLOR).backend().to_string().contains("NVIDIA · ORG · mention 4/6"));
}

#[test]
fn event_selected_shows_its_passage() {
    let mut app = example_app(120, 40);
    // The Mate 60 Pro going on sale: focus the timeline, go to it, open it.
    keys(&mut app, &["3", "g"]);
    let row = app
        .timeline()
        .rows
        .iter()
        .position(
            |r| matches!(r, newslens::app::timeline::Row::Event(e) if app.data().corpus.event(*e).id == "mate-60-pro-sale"),
        )
        .unwrap();
    for _ in 0..row {
        keys(&mut app, &["j"]);
    }
    keys(&mut app, &["Enter"]);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
}

#[test]
fn help_overlay() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["?"]);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
}

#[test]
fn small_terminal_uses_tabs() {
    let mut app = example_app(80, 24);
    insta::assert_snapshot!("tabs_80x24", draw(&app, &COLOR).backend());
    keys(&mut app, &["/", "nvid", "Enter"]);
    insta::assert_snapshot!("tabs_80x24_selected", draw(&app, &COLOR).backend());
}

#[test]
fn too_small_terminal_says_so() {
    let app = example_app(40, 10);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
}

/// Styles of the first two NVIDIA mentions in the text (the title also says NVIDIA; skip it).
fn first_two_nvidia(buf: &Buffer, app: &App) -> (ratatui::style::Style, ratatui::style::Style) {
    // The first NVIDIA of the text comes after "industrilederne", on its line or the next.
    let (_, after) = find(buf, "industrilederne", text_columns(app))[0];
    let (x, y) = *find(buf, "NVIDIA", text_columns(app)).iter().find(|(_, y)| *y >= after).unwrap();
    let first = buf[(x, y)].style();
    let (x, y) = find(buf, "NVIDIAs administrerende", text_columns(app))[0];
    (first, buf[(x, y)].style())
}

#[test]
fn the_selected_mention_is_styled_apart_from_the_others() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["/", "nvid", "Enter"]);
    let t = draw(&app, &COLOR);
    let buf = t.backend().buffer();
    let (current, other) = first_two_nvidia(buf, &app);
    let huawei = buf[find(buf, "Huawei,", text_columns(&app))[0]].style();
    let plain = buf[find(buf, "telekommunikationsgigant", text_columns(&app))[0]].style();
    assert_ne!(current, other, "the current mention stands out from the entity's other mentions");
    assert_eq!(current.bg, Some(Color::White));
    assert_eq!(other.bg, Some(Color::LightCyan), "the entity's mentions have its type colour as background");
    assert_eq!(huawei.fg, Some(Color::LightCyan), "other ORG mentions are coloured by type");
    assert!(huawei.bg.is_none_or(|c| c == Color::Reset), "{huawei:?}");
    assert_ne!(plain.fg, huawei.fg, "plain text is not a mention");
}

#[test]
fn without_colour_mentions_stay_distinguishable() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["/", "nvid", "Enter"]);
    let no_color = Theme::plain();
    let t = draw(&app, &no_color);
    let buf = t.backend().buffer();
    let (current, other) = first_two_nvidia(buf, &app);
    let huawei = buf[find(buf, "Huawei,", text_columns(&app))[0]].style();
    let plain = buf[find(buf, "telekommunikationsgigant", text_columns(&app))[0]].style();
    for s in [current, other, huawei, plain] {
        assert!(s.fg.is_none_or(|c| c == Color::Reset) && s.bg.is_none_or(|c| c == Color::Reset), "{s:?}");
    }
    assert!(current.add_modifier.contains(Modifier::REVERSED));
    assert!(other.add_modifier.contains(Modifier::BOLD) && !other.add_modifier.contains(Modifier::REVERSED));
    assert!(huawei.add_modifier.contains(Modifier::UNDERLINED) && !huawei.add_modifier.contains(Modifier::BOLD));
    assert!(plain.add_modifier.is_empty());
}

fn corpus(json: &str) -> Corpus {
    let mut loader = Loader::new();
    loader.add_source("t.json", json, Framing::Json);
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.corpus
}

#[test]
fn data_never_drives_the_terminal() {
    let evil = r#"{"id": "x", "title": "Evil\u001b]0;pwned\u0007 title", "text": "Start \u001b[2J\u001b[31mred\u009b text with Kø.",
        "entities": [{"id": "k", "name": "K\u001b[5mø", "type": "LOC\u001b[H"}],
        "mentions": [{"entity": "k", "start": 27, "end": 29}]}"#;
    let app = App::new(corpus(evil), (100, 30));
    let t = draw(&app, &COLOR);
    let buf = t.backend().buffer();
    assert!(
        buf.content().iter().all(|c| !c.symbol().chars().any(|ch| ch.is_control())),
        "no control char reaches a cell"
    );
    let screen = t.backend().to_string();
    assert!(screen.contains("Evil␛]0;pwned␇ title"), "{screen}");
    assert!(screen.contains("Start ␛[2J␛[31mred� text"), "{screen}");
    assert!(screen.contains("K␛[5mø"), "{screen}");
}

#[test]
fn wide_characters_and_emoji_are_highlighted_on_the_right_cells() {
    let json = r#"{"id": "w", "title": "W", "text": "東京 🚀 Zoë møder Ærø i 東京.",
        "entities": [{"id": "z", "name": "Zoë", "type": "PERSON"}, {"id": "t", "name": "東京", "type": "GPE"}],
        "mentions": [{"entity": "t", "start": 0, "end": 2}, {"entity": "z", "start": 5, "end": 8, "text": "Zoë"},
                     {"entity": "t", "start": 21, "end": 23, "text": "東京"}]}"#;
    let mut app = App::new(corpus(json), (100, 30));
    let z = app.data().corpus.entity_index("z").unwrap();
    app.select_entity(newslens::model::EntityIx(z));
    let t = draw(&app, &COLOR);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "Zoë", text_columns(&app))[0];
    for dx in 0..3 {
        assert_eq!(buf[(x + dx, y)].style().bg, Some(Color::White), "Zoë is the current mention");
    }
    assert_ne!(buf[(x - 1, y)].style().bg, Some(Color::White), "the space before is not");
    assert_ne!(buf[(x + 3, y)].style().bg, Some(Color::White), "the space after is not");
    let (tx, ty) = find(buf, "東", text_columns(&app))[1];
    assert_eq!(buf[(tx, ty)].style().fg, Some(Color::LightGreen), "the second 東京 is a GPE mention");
    assert_eq!(buf[(tx + 2, ty)].symbol(), "京");
}

#[test]
fn resizing_keeps_the_current_mention_in_view() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["/", "nvid", "Enter", "N"]);
    assert!(draw(&app, &COLOR).backend().to_string().contains("mention 6/6"));
    for (w, h) in [(80, 24), (200, 50), (100, 30), (60, 14)] {
        app.update(Action::Resize(w, h));
        let span = app.cursor_span().unwrap();
        let line = app.reader().line_of(span.start);
        assert!(
            (app.reader().scroll..app.reader().scroll + app.reader().height).contains(&line),
            "at {w}×{h} the mention's line {line} is outside the view from {}",
            app.reader().scroll
        );
    }
}

#[test]
fn a_click_selects_the_entity_row_and_the_mention_under_it() {
    let mut app = example_app(120, 40);
    // The fourth row of the entity list (sorted by mentions) is NVIDIA.
    let e = app.areas().entities;
    app.update(Action::Click(e.x + 5, e.y + 4));
    let nvidia = app.data().corpus.entity_index("nvidia").unwrap();
    assert_eq!(app.selection().entity, Some(newslens::model::EntityIx(nvidia)));
    // Click on the first "Huawei" in the text.
    let t = draw(&app, &COLOR);
    let (x, y) = find(t.backend().buffer(), "Huawei,", text_columns(&app))[0];
    app.update(Action::Click(x + 2, y));
    assert_eq!(app.selection().entity, app.data().corpus.entity_ix("huawei"));
    assert_eq!(app.focus(), newslens::action::Pane::Text);
}

/// A scripted event source: the events in order, each arriving after the previous frame
/// (never already queued), then nothing.
struct Script(std::collections::VecDeque<Event>);

impl newslens::explorer::EventSource for Script {
    fn next(&mut self, timeout: Option<std::time::Duration>) -> std::io::Result<Option<Event>> {
        Ok(if timeout == Some(std::time::Duration::ZERO) { None } else { self.0.pop_front() })
    }
}

#[test]
fn the_event_loop_turns_keys_into_actions_and_quits_on_q() {
    let mut app = example_app(120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let key = |c: KeyCode| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut script = Script(
        "/nvid"
            .chars()
            .map(KeyCode::Char)
            .chain([KeyCode::Enter, KeyCode::Char('n'), KeyCode::Char('q'), KeyCode::Char('n')])
            .map(key)
            .chain([Event::Resize(80, 24)])
            .collect(),
    );
    let ending = newslens::explorer::run(&mut terminal, &mut app, &COLOR, &mut script).unwrap();
    assert_eq!(ending, newslens::explorer::Ending::Quit);
    assert_eq!(app.selection().entity, app.data().corpus.entity_ix("nvidia"));
    assert!(terminal.backend().to_string().contains("mention 2/6"), "the last frame drawn shows the state before q");
    assert_eq!(script.0.len(), 2, "events after q are not handled");
}

/// A script with signals and a record of suspensions.
struct SignalScript {
    events: std::collections::VecDeque<Event>,
    /// Signals to deliver after the event at the same place is taken.
    signals: std::collections::VecDeque<Option<i32>>,
    suspended: usize,
}

impl newslens::explorer::EventSource for SignalScript {
    fn next(&mut self, timeout: Option<std::time::Duration>) -> std::io::Result<Option<Event>> {
        Ok(if timeout == Some(std::time::Duration::ZERO) { None } else { self.events.pop_front() })
    }

    fn signal(&mut self) -> Option<i32> {
        self.signals.pop_front().flatten()
    }

    fn suspend(&mut self) -> std::io::Result<()> {
        self.suspended += 1;
        Ok(())
    }
}

#[test]
fn ctrl_z_and_sigtstp_suspend_and_sigterm_ends_with_its_signal() {
    use newslens::explorer::{Ending, run};
    let mut app = example_app(120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let ctrl_z = Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    let j = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let mut script = SignalScript {
        events: [ctrl_z, j.clone(), j.clone(), j].into(),
        signals: [None, Some(20), Some(15)].into(),
        suspended: 0,
    };
    let ending = run(&mut terminal, &mut app, &COLOR, &mut script).unwrap();
    assert_eq!(script.suspended, 2, "Ctrl-Z and SIGTSTP each give the terminal back once");
    assert_eq!(ending, Ending::Signal(15), "SIGTERM ends the explorer, which exits with 128 + 15");
    assert_eq!(script.events.len(), 1, "it ends at the signal, without handling what comes after");
}

/// Three articles; "h" (Huawei) is mentioned in the first and the third.
fn three_articles() -> App {
    let mut loader = Loader::new();
    let a = |id: &str, title: &str, text: &str, mentions: &str| {
        format!(
            r#"{{"id": "{id}", "title": "{title}", "text": "{text}",
               "entities": [{{"id": "h", "name": "Huawei", "type": "ORG"}}, {{"id": "k", "name": "Kina", "type": "GPE"}}],
               "mentions": [{mentions}]}}"#
        )
    };
    let jsonl = [
        a(
            "a1",
            "Huawei i Kina",
            "Huawei og Huawei.",
            r#"{"entity": "h", "start": 0, "end": 6}, {"entity": "h", "start": 10, "end": 16}"#,
        ),
        a("a2", "Kun Kina", "Kina alene.", r#"{"entity": "k", "start": 0, "end": 4}"#),
        a("a3", "Mate 60 Pro", "Nyt fra Huawei.", r#"{"entity": "h", "start": 8, "end": 14}"#),
    ]
    .map(|l| l.replace('\n', " "))
    .join("\n");
    loader.add_source("c.jsonl", &jsonl, Framing::JsonLines);
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    App::new(loaded.corpus, (120, 40))
}

#[test]
fn n_steps_across_the_articles_that_mention_the_entity() {
    let mut app = three_articles();
    keys(&mut app, &["/", "huawei", "Enter"]);
    assert_eq!((app.article().0, app.cursor_span().map(|s| s.start)), (0, Some(0)));
    keys(&mut app, &["n"]);
    assert_eq!((app.article().0, app.cursor_span().map(|s| s.start)), (0, Some(10)));
    keys(&mut app, &["n"]);
    assert_eq!((app.article().0, app.cursor_span().map(|s| s.start)), (2, Some(8)), "skips the article without Huawei");
    assert_eq!(app.message(), Some("on to the next article that mentions Huawei"));
    keys(&mut app, &["n"]);
    assert_eq!(app.article().0, 0, "wraps around to the first article");
    keys(&mut app, &["N"]);
    assert_eq!((app.article().0, app.cursor_span().map(|s| s.start)), (2, Some(8)));
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Also in 1 article (n/N go on there): Huawei i Kina"), "{screen}");
}

#[test]
fn the_switcher_finds_articles_by_title_and_opens_them() {
    let mut app = three_articles();
    keys(&mut app, &["o"]);
    assert_eq!(app.mode(), newslens::keymap::Mode::Switcher);
    keys(&mut app, &["mate"]);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
    keys(&mut app, &["Enter"]);
    assert_eq!(app.article().0, 2);
    assert!(app.overlay().is_none());
    keys(&mut app, &["o", "zzzz", "Enter"]);
    assert_eq!(app.message(), Some("no article matches; change the query or press Esc"));
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
    assert_eq!(app.article().0, 2, "Esc keeps the article");
}

#[test]
fn loading_in_the_background_fills_the_panes_as_pieces_arrive() {
    use newslens::load::{BackgroundLoad, LiveCorpus, Source};
    let dir = tempfile::tempdir().unwrap();
    let good = |id: &str| {
        format!(
            r#"{{"id": "{id}", "title": "T {id}", "text": "Huawei", "entities": [{{"id": "h", "name": "Huawei", "type": "ORG"}}], "mentions": [{{"entity": "h", "start": 0, "end": 6}}]}}"#
        )
    };
    let lines = [good("a"), "{broken".to_string(), good("b"), good("a")].join("\n");
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, lines).unwrap();
    let data = LiveCorpus::default();
    let mut loading = BackgroundLoad::start(vec![Source::Path(path)], Default::default(), data.known());
    let first = loading.wait(std::time::Duration::from_secs(10));
    assert!(loading.finished);
    let mut app = App::loading(data, loading, first, (120, 40));
    assert!(!app.is_loading(), "finished loading is folded in");
    assert_eq!(app.data().corpus.articles.len(), 2, "errors in one article do not stop the others");
    assert_eq!(app.data().counts.mentions, [2]);
    let shown: Vec<String> = app.data().diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].ends_with(
        "c.jsonl:2:2: error: invalid JSON: key must be a string; check for a missing comma, quote or bracket"
    ));
    assert!(shown[1].contains("c.jsonl:4:8: error: duplicate article id \"a\""));
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("⚠ 2 errors, 0 warnings (e)"), "{screen}");
    keys(&mut app, &["e"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("2 errors, 0 warnings · j/↓ scroll · Esc/e/q closes"), "{screen}");
    assert!(screen.contains("c.jsonl:2:2: error: invalid JSON"), "{screen}");
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
}

#[test]
fn the_detail_popup_shows_what_the_pane_cuts_off() {
    let mut app = example_app(80, 24);
    keys(&mut app, &["/", "nvid", "Enter"]);
    let pane = draw(&app, &COLOR).backend().to_string();
    assert!(!pane.contains("2023-08-24–27 iFlytek"), "the small pane cuts the third event:\n{pane}");
    keys(&mut app, &["i"]);
    assert_eq!(app.mode(), newslens::keymap::Mode::Detail);
    let popup = draw(&app, &COLOR).backend().to_string();
    assert!(popup.contains("2023-08-24–27 iFlytek"), "{popup}");
    assert!(popup.contains("└ └"), "the popup is as tall as its content, not the screen:\n{popup}");
    keys(&mut app, &["j"]);
    assert!(matches!(app.overlay(), Some(Overlay::Detail { scroll: 0 })), "content that fits does not scroll");
    // On a small screen the wrapped content is taller than the popup: it scrolls to its end.
    app.update(Action::Resize(60, 14));
    keys(&mut app, &["j"; 30]);
    let Some(&Overlay::Detail { scroll }) = app.overlay() else { panic!("the detail is open") };
    assert!(scroll > 0);
    let end = draw(&app, &COLOR).backend().to_string();
    assert!(end.contains("the A100"), "the last line shows:\n{end}");
    keys(&mut app, &["k"]);
    assert!(
        matches!(app.overlay(), Some(Overlay::Detail { scroll: s }) if s + 1 == scroll),
        "one k scrolls back one row"
    );
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
    assert_eq!(
        app.selection().entity,
        app.data().corpus.entity_ix("nvidia"),
        "Esc closed the popup, not the selection"
    );
}

/// Every overlay opens with its key, scrolls, closes with Esc, and never opens over another.
#[test]
fn one_overlay_at_a_time() {
    let mut app = example_app(80, 24);
    let mode = |app: &App| app.overlay().as_ref().map(|o| o.mode());
    use newslens::keymap::Mode;
    for (open, want) in [("?", Mode::Help), ("i", Mode::Detail), ("o", Mode::Switcher), ("/", Mode::Search)] {
        keys(&mut app, &[open]);
        assert_eq!(mode(&app), Some(want), "{open} opens {want:?}");
        // Keys of other overlays do not stack a second one on top.
        for other in ["?", "i", "o", "e"] {
            let before = mode(&app);
            keys(&mut app, &[other]);
            assert!(mode(&app).is_none() || mode(&app) == before, "{other} over {want:?} gave {:?}", mode(&app));
            if mode(&app).is_none() {
                keys(&mut app, &[open]);
            }
        }
        keys(&mut app, &["Esc"]);
        assert_eq!(mode(&app), None, "Esc closes {want:?}");
    }
    // The help scrolls on a small screen and stops at its end.
    app.update(Action::Resize(60, 14));
    keys(&mut app, &["?"]);
    keys(&mut app, &["j"; 200]);
    let Some(&Overlay::Help { scroll, .. }) = app.overlay() else { panic!("help is open") };
    assert!(scroll > 0);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("▶ selected"), "the help's last line shows at its end:\n{screen}");
    keys(&mut app, &["k"]);
    assert!(matches!(app.overlay(), Some(Overlay::Help { scroll: s, .. }) if s + 1 == scroll));
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
}

#[test]
fn the_problems_list_scrolls_and_closes_and_loading_never_opens_it_over_another() {
    use newslens::load::{BackgroundLoad, LiveCorpus, Source};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, "{broken\n{\"id\": 1}\n[\n").unwrap();
    let data = LiveCorpus::default();
    let mut loading = BackgroundLoad::start(vec![Source::Path(path)], Default::default(), data.known());
    let first = loading.wait(std::time::Duration::from_secs(10));
    let mut app = App::loading(data, loading, first, (100, 30));
    assert!(matches!(app.overlay(), Some(Overlay::Problems { scroll: 0 })), "nothing loaded: the problems show");
    keys(&mut app, &["j", "j", "j", "j", "j"]);
    let last = app.data().diagnostics.len() - 1;
    assert!(matches!(app.overlay(), Some(Overlay::Problems { scroll }) if *scroll == last), "stops at the last");
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
    keys(&mut app, &["e"]);
    assert!(matches!(app.overlay(), Some(Overlay::Problems { .. })));
    keys(&mut app, &["e"]);
    assert!(app.overlay().is_none(), "e closes it again");

    // BackgroundLoad that ends while the help is open leaves the help alone.
    let dir2 = tempfile::tempdir().unwrap();
    let path = dir2.path().join("bad.jsonl");
    std::fs::write(&path, "{broken\n").unwrap();
    let data = LiveCorpus::default();
    let mut loading = BackgroundLoad::start(vec![Source::Path(path)], Default::default(), data.known());
    let first = loading.wait(std::time::Duration::from_secs(10));
    assert!(loading.finished);
    let mut app = App::with_data(data, (100, 30));
    keys(&mut app, &["?"]);
    app.absorb(first);
    app.attach_loading(loading);
    app.poll_loading();
    assert!(!app.is_loading());
    assert!(matches!(app.overlay(), Some(Overlay::Help { .. })), "the help stays on top, alone");
}

#[test]
fn a_long_article_is_rewrapped_in_the_background_after_a_resize() {
    // About 1.5 MB of text, a mention near the end.
    let filler = "Huawei mødte NVIDIA i København. ".repeat(45_000);
    let start = filler.chars().count();
    let text = format!("{filler}Zoë");
    let json = format!(
        r#"{{"id": "big", "title": "Big", "text": {}, "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{{"entity": "z", "start": {start}, "end": {}}}]}}"#,
        serde_json::to_string(&text).unwrap(),
        start + 3
    );
    let mut app = App::new(corpus(&json), (120, 40));
    app.select_entity(newslens::model::EntityIx(0));
    let before = app.reader().width;
    let effects = app.update(Action::Resize(100, 40));
    assert_eq!(app.reader().width, before, "the old layout stays until the new one is made");
    assert!(app.busy(), "the loop wakes up to take the new layout in");
    // The work is handed to the loop, which runs it off the input path.
    let [newslens::app::Effect::Work(work)] = <[_; 1]>::try_from(effects).unwrap() else { panic!("one piece of work") };
    std::thread::spawn(work);
    let started = std::time::Instant::now();
    while app.busy() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(10));
        let _ = app.tick();
    }
    assert!(app.reader().width < before, "the new layout is in");
    let line = app.reader().line_of(start);
    assert!(
        (app.reader().scroll..app.reader().scroll + app.reader().height).contains(&line),
        "the mention stays in view"
    );
}

/// Four dated articles for the filter: Huawei in 2022 and 2023, Kina alone.
fn dated_articles() -> App {
    let a = |id: &str, date: &str, text: &str, mentions: &str| {
        format!(
            r#"{{"id": "{id}", "title": "T {id}", "date": "{date}", "text": "{text}", "entities": [{{"id": "h", "name": "Huawei", "type": "ORG"}}, {{"id": "k", "name": "Kina", "type": "GPE"}}], "mentions": [{mentions}]}}"#
        )
    };
    let jsonl = [
        a(
            "a1",
            "2022-05-01",
            "Huawei i Kina.",
            r#"{"entity": "h", "start": 0, "end": 6}, {"entity": "k", "start": 9, "end": 13}"#,
        ),
        a("a2", "2023-02-10", "Kina alene.", r#"{"entity": "k", "start": 0, "end": 4}"#),
        a(
            "a3",
            "2023-09-06",
            "Nyt fra Huawei og Huawei.",
            r#"{"entity": "h", "start": 8, "end": 14}, {"entity": "h", "start": 18, "end": 24}"#,
        ),
        a("a4", "2023-11-30", "Huawei igen, huawei.", r#"{"entity": "h", "start": 0, "end": 6}"#),
    ]
    .join("\n");
    let mut loader = Loader::new();
    loader.add_source("d.jsonl", &jsonl, Framing::JsonLines);
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    App::new(loaded.corpus, (120, 40))
}

#[test]
fn the_filter_narrows_everything_and_find_and_charts_work() {
    let mut app = dated_articles();
    // The filter: typed, counted live, applied.
    keys(&mut app, &["F", "entity:h since:2023"]);
    let counting = draw(&app, &COLOR).backend().to_string();
    assert!(counting.contains("counting…"), "the count is made off the input path: {counting}");
    until_idle(&mut app);
    let preview = match app.overlay() {
        Some(Overlay::Filter(p)) => p.live_count.clone(),
        _ => None,
    };
    assert_eq!(preview, Some(Ok(2)), "the count shows while typing");
    let typing = draw(&app, &COLOR).backend().to_string();
    assert!(typing.contains("2 articles"), "{typing}");
    keys(&mut app, &["Enter"]);
    assert_eq!(app.filter().as_ref().map(|f| f.count), Some(2));
    assert_eq!(app.data().corpus.articles[app.article()].id, "a3", "the open article is one of them");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("filter entity:h since:2023 · 2 articles"), "{screen}");
    let h = app.data().corpus.entity_index("h").unwrap();
    assert_eq!(app.counts().mentions[h], 3, "the entity list counts within the filter");
    assert!(!app.entities().order.contains(&app.data().corpus.entity_index("k").unwrap()), "Kina is not in them");
    // The switcher offers only those; n goes on only through them.
    keys(&mut app, &["o"]);
    let Some(Overlay::Switcher(sw)) = app.overlay() else { panic!() };
    assert_eq!(sw.visible, [2, 3]);
    insta::assert_snapshot!("filtered_switcher", draw(&app, &COLOR).backend());
    keys(&mut app, &["Down", "Enter"]);
    assert_eq!(app.article().0, 3, "the second row of the filtered switcher is a4");
    keys(&mut app, &["o", "huawei i kina"]);
    assert!(matches!(app.overlay(), Some(Overlay::Switcher(sw)) if sw.hits.is_empty()), "a1 is not offered");
    keys(&mut app, &["Esc"]);
    keys(&mut app, &["o", "T a3", "Enter"]);
    assert_eq!(app.article().0, 2);
    app.select_entity(newslens::model::EntityIx(h));
    keys(&mut app, &["n", "n"]);
    assert_eq!(app.article().0, 3, "from a3's last Huawei on to a4");
    keys(&mut app, &["n"]);
    assert_eq!(app.article().0, 2, "wrapping around skips a1, outside the filter");
    // The timeline shows only their events and dates.
    assert!(
        app.timeline()
            .rows
            .iter()
            .all(|r| matches!(r, newslens::app::timeline::Row::Article(newslens::model::ArticleIx(2 | 3))))
    );
    // Find in the article.
    keys(&mut app, &["Esc", "Esc"]);
    app.update(Action::OpenFind);
    keys(&mut app, &["huawei", "Enter"]);
    assert_eq!(app.found().as_ref().map(|f| f.hits.len()), Some(2));
    let found = draw(&app, &COLOR).backend().to_string();
    assert!(found.contains("hit 1/2"), "{found}");
    keys(&mut app, &[">"]);
    assert!(draw(&app, &COLOR).backend().to_string().contains("hit 2/2"));
    // The charts of the selected entity within the filter.
    app.select_entity(newslens::model::EntityIx(h));
    keys(&mut app, &["c"]);
    let data = app.chart_data();
    assert_eq!(data.months, [("2023-09".to_string(), 1), ("2023-10".to_string(), 0), ("2023-11".to_string(), 1)]);
    keys(&mut app, &["Esc"]);
    // `*` narrows the filter in force (this one already asks for h).
    keys(&mut app, &["*"]);
    assert_eq!(app.filter().as_ref().map(|f| (f.query.as_str(), f.count)), Some(("entity:h since:2023", 2)));
    // Esc leaves the prompt and keeps the filter; an empty query applied clears it.
    keys(&mut app, &["F", "Esc"]);
    assert_eq!(app.filter().as_ref().map(|f| f.count), Some(2));
    keys(&mut app, &["F"]);
    app.update(Action::SearchClear);
    keys(&mut app, &["Enter"]);
    assert!(app.filter().is_none());
    assert!(app.entities().order.contains(&app.data().corpus.entity_index("k").unwrap()));
    // `*` with no filter filters to the entity; ↑ in the prompt brings back earlier filters.
    keys(&mut app, &["*"]);
    assert_eq!(app.filter().as_ref().map(|f| (f.query.as_str(), f.count)), Some(("entity:h", 3)));
    keys(&mut app, &["F"]);
    app.update(Action::SearchUp);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query == "entity:h"));
    app.update(Action::SearchUp);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query == "entity:h since:2023"));
    app.update(Action::SearchDown);
    app.update(Action::SearchDown);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query.is_empty()));
    keys(&mut app, &["Esc"]);
    // A bad query applied keeps the prompt open with its text and says why in full, with a
    // guess; what is typed next is still the query, never a command.
    keys(&mut app, &["F"]);
    app.update(Action::SearchClear);
    keys(&mut app, &["entiy:x", "Enter"]);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query == "entiy:x"));
    let bad = draw(&app, &COLOR).backend().to_string();
    assert!(bad.contains("query:1:1: unknown field \"entiy\"; did you mean entity:?"), "{bad}");
    assert!(bad.contains("(a word alone searches the text)"), "the reason in full: {bad}");
    keys(&mut app, &["n"]);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query == "entiy:xn"));
    assert_eq!(app.filter().as_ref().map(|f| f.query.as_str()), Some("entity:h"), "the filter in force stays");
}

#[test]
fn charts_at_80x24() {
    let mut app = example_app(80, 24);
    keys(&mut app, &["/", "huawei", "Enter", "c"]);
    insta::assert_snapshot!(draw(&app, &COLOR).backend());
}

/// The detail's text: its title and lines, without styles.
fn detail_text(app: &App) -> String {
    let Some((title, lines)) = newslens::app::detail::content(app) else { return String::new() };
    let body: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, s)| s.as_str()).collect()).collect();
    format!("{title}\n{}", body.join("\n"))
}

#[test]
fn the_detail_follows_the_cursor_and_enter_still_selects() {
    let mut app = example_app(120, 40);
    let name = |app: &App| app.data().corpus.entities[app.entities().highlighted().unwrap()].name.clone();
    let first = name(&app);
    assert!(detail_text(&app).lines().nth(1).unwrap().starts_with(&first), "{}", detail_text(&app));
    keys(&mut app, &["j"]);
    let second = name(&app);
    assert_ne!(first, second);
    assert!(detail_text(&app).lines().nth(1).unwrap().starts_with(&second), "{}", detail_text(&app));
    assert_eq!(app.selection().entity, None, "moving does not select");
    keys(&mut app, &["Enter"]);
    assert_eq!(app.selection().entity, app.entities().highlighted());
    // On the timeline, the row under the cursor is shown.
    app.update(Action::Focus(newslens::action::Pane::Timeline));
    keys(&mut app, &["j"]);
    let shown = detail_text(&app);
    assert!(shown.starts_with(" Event "), "{shown}");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Event · i shows all"), "{screen}");
}

#[test]
fn notes_go_in_reading_order_from_the_top() {
    let mut app = example_app(120, 40);
    let n = app.current_article().unwrap().notes.len();
    let mut seen = Vec::new();
    for _ in 0..=n {
        keys(&mut app, &["]"]);
        seen.push(newslens::ui::status::position(&app));
    }
    let want: Vec<String> = (1..=n).chain([1]).map(|i| format!("note {i}/{n}")).collect();
    assert_eq!(seen, want);
    let starts: Vec<usize> = app.current_article().unwrap().notes.iter().map(|x| x.span.start).collect();
    assert!(starts.is_sorted(), "{starts:?}");
    // From the entity pane too, the detail shows the note.
    let mut app = example_app(120, 40);
    app.update(Action::Focus(newslens::action::Pane::Entities));
    keys(&mut app, &["]"]);
    let first = &app.current_article().unwrap().notes[0].text;
    assert!(detail_text(&app).contains(first.as_str()), "{}", detail_text(&app));
}

#[test]
fn plurals_are_right_in_the_status_line_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.jsonl");
    // One warning: an event naming an entity nobody defined.
    let line = r#"{"id": "a", "title": "A", "text": "Huawei", "entities": [{"id": "h", "name": "Huawei", "type": "ORG"}],
        "mentions": [{"entity": "h", "start": 0, "end": 6}],
        "events": [{"id": "e", "date": "2023", "title": "E", "entities": ["nobody"]}]}"#;
    std::fs::write(&path, line.replace('\n', " ")).unwrap();
    let loaded = newslens::load::load_paths(&[path], Default::default());
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    let mut data = newslens::load::LiveCorpus::new(loaded.corpus);
    data.diagnostics = loaded.diagnostics;
    let mut app = App::with_data(data, (120, 30));
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("⚠ 0 errors, 1 warning (e)"), "{screen}");
    keys(&mut app, &["e"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains(" 0 errors, 1 warning · "), "{screen}");
}

#[test]
fn a_timelinejs_file_alone_has_a_detail_for_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("timeline.json");
    let tl = serde_json::json!({"events": [
        {"start_date": {"year": 2019, "month": 5}, "text": {"headline": "First", "text": "<p>The first event.</p>"}},
        {"start_date": {"year": 2020}, "text": {"headline": "Second", "text": "Then this."}}]});
    std::fs::write(&path, tl.to_string()).unwrap();
    let loaded = newslens::load::load_paths(&[path], Default::default());
    assert!(loaded.corpus.articles.is_empty());
    let mut app = App::new(loaded.corpus, (120, 30));
    app.update(Action::Focus(newslens::action::Pane::Timeline));
    let shown = detail_text(&app);
    assert!(shown.contains("First") && shown.contains("The first event."), "{shown}");
    keys(&mut app, &["j"]);
    assert!(detail_text(&app).contains("Then this."), "{}", detail_text(&app));
    keys(&mut app, &["i"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Then this."), "{screen}");
}

#[test]
fn brat_colours_are_backgrounds_and_types_keep_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Zoë works at Siemens.\n").unwrap();
    std::fs::write(dir.path().join("doc.ann"), "T1\tPER 0 3\tZoë\nT2\tOrganization 13 20\tSiemens\n").unwrap();
    std::fs::write(
        dir.path().join("visual.conf"),
        "[drawing]\nPER\tbgColor:#ffccaa\n[labels]\nPER | Person | P\nOrganization | Organization\n",
    )
    .unwrap();
    let loaded = newslens::load::load_paths(&[dir.path().join("doc.ann")], Default::default());
    let app = App::new(loaded.corpus, (120, 30));
    let t = draw(&app, &COLOR);
    let buf = t.backend().buffer();
    let screen = t.backend().to_string();
    assert!(screen.contains("Organization Siemens"), "the type is not cut: {screen}");
    assert!(screen.contains("Person"), "{screen}");
    let (x, y) = find(buf, "Zoë", text_columns(&app))[0];
    assert_eq!(buf[(x, y)].bg, Color::Rgb(0xff, 0xcc, 0xaa), "bgColor is a background");
    assert_eq!(buf[(x, y)].fg, Color::Black, "with text that reads on it");
    // The detail names a type once when its label only repeats it.
    let mut app = app;
    keys(&mut app, &["/", "Siemens", "Enter"]);
    let detail = detail_text(&app);
    assert!(detail.contains("Siemens  Organization\n"), "{detail}");
    // A label too long for the pane is cut; the names keep their room.
    let mut app = App::new((*app.data().corpus).clone(), (60, 20));
    keys(&mut app, &["2"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Organization Siemens"), "{screen}");
    let mut narrow = (*app.data().corpus).clone();
    narrow.entities[1].kind = "Geo-political_entity_or_organisation".into();
    let mut app = App::new(narrow, (60, 20));
    keys(&mut app, &["2"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Geo-political_e… Siemens"), "{screen}");
}

#[test]
fn a_config_file_remaps_keys_and_the_help_and_hints_follow() {
    let config = newslens::config::parse("c.toml", "[keys.normal]\nquit = [\"Q\"]\ntoggle_help = [\"F1\"]\n").unwrap();
    let mut app = example_app(100, 30);
    app.configure(config.keymap, config.sort);
    assert!(!keys(&mut app, &["q"]), "q is no longer bound");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("F1 help"), "the status hints name the user's key: {screen}");
    let help: Vec<String> =
        app.keymap().help_lines().iter().map(|l| l.iter().map(|(_, s)| s.as_str()).collect()).collect();
    assert!(help.iter().any(|l| l.trim() == "Q  quit"), "{help:#?}");
    assert!(help.iter().any(|l| l.trim() == "F1  this help"), "{help:#?}");
    assert!(keys(&mut app, &["Q"]));
}

/// A script that keeps what the explorer copies.
struct CopyScript(std::collections::VecDeque<Event>, Vec<String>);

impl newslens::explorer::EventSource for CopyScript {
    fn next(&mut self, _: Option<std::time::Duration>) -> std::io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }

    fn copy(&mut self, text: &str) -> std::io::Result<()> {
        self.1.push(text.to_string());
        Ok(())
    }
}

#[test]
fn y_copies_the_passage_with_its_source_and_capital_y_the_entity() {
    let mut app = example_app(120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let key = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    // Nothing selected yet: y says so and copies nothing; then select NVIDIA, jump to a mention.
    let typed: Vec<Event> = "y/nvid"
        .chars()
        .map(key)
        .chain([Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))])
        .chain("nyY".chars().map(key))
        .collect();
    let mut script = CopyScript(typed.into(), Vec::new());
    newslens::explorer::run(&mut terminal, &mut app, &COLOR, &mut script).unwrap();
    assert_eq!(script.1.len(), 2, "{:?}", script.1);
    let quote = &script.1[0];
    assert!(quote.starts_with('“') && quote.contains("NVIDIA"), "{quote}");
    let article = app.current_article().unwrap();
    let source = article.source.as_ref().unwrap().name.as_ref().unwrap();
    assert!(quote.ends_with(&format!("\n— {}, 2023-09, {source}", article.title)), "{quote}");
    assert_eq!(script.1[1], "NVIDIA (Q182477, https://www.wikidata.org/wiki/Q182477)");
    assert!(terminal.backend().to_string().contains("copied an entity"), "the status line says so");
}

#[test]
fn help_at_80x24_wraps_and_scrolls_to_its_last_line() {
    let mut app = example_app(80, 24);
    keys(&mut app, &["?"]);
    let mut seen = String::new();
    // The popup shows 20 rows: 10 rows a step sees every row.
    for _ in 0..20 {
        seen.push_str(&draw(&app, &COLOR).backend().to_string());
        keys(&mut app, &["j"; 10]);
    }
    assert_eq!(app.mode(), newslens::keymap::Mode::Help, "j scrolls, it does not close");
    // Every line's last word shows somewhere: nothing is cut at the right edge.
    for line in app.keymap().help_lines() {
        let text: String = line.iter().map(|(_, s)| s.as_str()).collect();
        if let Some(last) = text.split_whitespace().last() {
            assert!(seen.contains(last), "{last:?} of {text:?} never shows");
        }
    }
    let end = draw(&app, &COLOR).backend().to_string();
    assert!(end.contains("need it enabled"), "scrolled to the end:\n{end}");
}

/// The articles in memory, asked as an archive, except that a query of `fail` fails as a
/// database that went away would.
struct Failing(newslens::archive::MemoryArchive);

impl Failing {
    fn check(query: &Query) -> Result<(), archive::Error> {
        match query.terms.first() {
            Some((_, newslens::query::Term::Word(w))) if w == "fail" => {
                Err(archive::Error::Store(newslens::store::StoreError("database: the server went away".into())))
            }
            _ => Ok(()),
        }
    }
}

impl archive::Archive for Failing {
    fn articles(&self, q: &Query, limit: Option<usize>) -> Result<Vec<archive::ArticleRow>, archive::Error> {
        Failing::check(q)?;
        self.0.articles(q, limit)
    }
    fn dates(&self, q: &Query) -> Result<Vec<(Option<newslens::date::PartialDate>, usize)>, archive::Error> {
        Failing::check(q)?;
        self.0.dates(q)
    }
    fn entities(
        &self,
        q: &Query,
        kind: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<archive::EntityRow>, archive::Error> {
        Failing::check(q)?;
        self.0.entities(q, kind, limit)
    }
    fn named(&self, e: &str) -> Result<Vec<archive::EntityRow>, archive::Error> {
        self.0.named(e)
    }
    fn related(&self, q: &Query, e: &str, limit: Option<usize>) -> Result<Vec<archive::RelatedRow>, archive::Error> {
        Failing::check(q)?;
        self.0.related(q, e, limit)
    }
    fn timeline(
        &self,
        q: &Query,
        e: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<archive::EventRow>, archive::Error> {
        Failing::check(q)?;
        self.0.timeline(q, e, limit)
    }
    fn search(&self, text: &str, limit: usize) -> Result<Vec<archive::SearchRow>, archive::Error> {
        self.0.search(text, limit)
    }
    fn select(&self, q: &Query, limit: usize) -> Result<archive::Selection, archive::Error> {
        Failing::check(q)?;
        self.0.select(q, limit)
    }
}

/// Polls until the archive has answered and its records are read.
fn settle(app: &mut App) {
    let start = std::time::Instant::now();
    while app.remote().as_ref().is_some_and(|r| r.asking()) || app.is_loading() {
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "the archive never answered");
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.poll_loading();
    }
}

#[test]
fn on_a_database_the_filter_asks_again() {
    let mut app = dated_articles();
    let archive = std::sync::Arc::new(Failing(archive::MemoryArchive::new((*app.data().corpus).clone())));
    app.attach_remote(Some(newslens::app::Remote::new(archive, 2, Default::default(), String::new(), 4)));
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("database everything · newest 2 of 4 articles"), "{screen}");

    keys(&mut app, &["F", "kina"]);
    let typing = draw(&app, &COLOR).backend().to_string();
    assert!(typing.contains("ask the database"), "{typing}");
    keys(&mut app, &["Enter"]);
    settle(&mut app);
    let ids: Vec<&str> = app.data().corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a2", "a1"], "the explorer starts over on what the database sent");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("database kina · 2 articles"), "{screen}");
    assert!(app.message().is_some_and(|m| m.starts_with("the database answered in ")), "{:?}", app.message());
    assert!(app.filter().is_none(), "the database did the filtering");

    // The prompt starts from the query in force; nothing matching changes nothing.
    keys(&mut app, &["F"]);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query == "kina"));
    keys(&mut app, &["\u{8}"]);
    app.update(Action::SearchClear);
    keys(&mut app, &["zzz", "Enter"]);
    settle(&mut app);
    assert_eq!(app.data().corpus.articles.len(), 2);
    assert_eq!(app.message(), Some("no article in the database matches zzz; nothing changed"));
    // A failure is said, and a bad query never reaches the database.
    keys(&mut app, &["F"]);
    app.update(Action::SearchClear);
    keys(&mut app, &["fail", "Enter"]);
    settle(&mut app);
    assert_eq!(app.message(), Some("database: the server went away"));
    keys(&mut app, &["F"]);
    app.update(Action::SearchClear);
    keys(&mut app, &["since:x", "Enter"]);
    assert!(app.remote().as_ref().is_some_and(|r| !r.asking()));
    assert!(
        matches!(app.overlay(), Some(Overlay::Filter(p)) if p.live_count.as_ref().is_some_and(|c| c.as_ref().is_err_and(|e| e.contains("since")))),
        "the prompt stays open and says why"
    );
    keys(&mut app, &["Esc"]);
    // Esc leaves the articles as they were.
    keys(&mut app, &["F", "huawei", "Esc"]);
    assert_eq!(app.data().corpus.articles.len(), 2);
    assert!(app.overlay().is_none());
}

/// Every key the screens name comes from the bindings in effect: with every action rebound to
/// keys no default uses, no screen, title, hint or message names a default key.
#[test]
fn rebinding_every_action_leaves_no_default_key_name_on_any_screen() {
    use newslens::keymap::{BINDINGS, action_name, key_name};
    let mut keymap = newslens::keymap::Keymap::default();
    // Keys no default binding uses: F1…F24, then Alt with a letter.
    let spare: Vec<String> = (1..=24)
        .map(|n| format!("F{n}"))
        .chain(('a'..='z').chain('A'..='Z').chain('0'..='9').map(|c| format!("Alt-{c}")))
        .collect();
    let mut used: std::collections::HashMap<String, usize> = Default::default();
    for b in BINDINGS {
        let n = used.entry(format!("{:?}", b.mode)).or_default();
        keymap.rebind(b.mode, &action_name(b.action), &[spare[*n].clone()]).unwrap();
        *n += 1;
    }
    let old: std::collections::BTreeSet<String> =
        BINDINGS.iter().flat_map(|b| b.keys.iter().map(|k| key_name(*k))).collect();
    // What names a key in prose: a key name of two chars or more, a sign, a capital letter;
    // a small letter or a digit only where prose says what it does.
    let verbs = [
        "shows", "goes", "closes", "steps", "opens", "asks", "changes", "searches", "reads", "selects", "to", "in",
        "or", "and", "next", "previous", "back", "finds", "applies", "switches", "help", "select", "move", "Text",
        "Entities", "Timeline",
    ];
    let check = |what: &str, text: &str| {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        for (i, raw) in tokens.iter().enumerate() {
            let bare = raw.trim_matches(|c: char| "(),.;:·\"“”'".contains(c));
            // `j/k`, `n/N`: each part is a key.
            let parts = bare.split('/').filter(|p| !p.is_empty() && bare.contains('/'));
            for t in [*raw, bare].into_iter().chain(parts) {
                if !old.contains(t) {
                    continue;
                }
                let mut chars = t.chars();
                let one = chars.next().filter(|_| chars.next().is_none());
                let prose = match one {
                    Some(c) if c.is_lowercase() || c.is_ascii_digit() => {
                        tokens
                            .get(i + 1)
                            .is_some_and(|n| verbs.contains(&n.trim_matches(|c: char| !c.is_alphanumeric())))
                            || (i > 0 && tokens[i - 1] == "press")
                            || raw.starts_with('(')
                    }
                    _ => true,
                };
                assert!(!prose, "{what} names the default key {t:?}:\n{text}");
            }
        }
    };
    let with_keys = |mut app: App| {
        app.configure(keymap.clone(), newslens::app::entities::SortOrder::Mentions);
        app
    };
    let screen = |app: &App| draw(app, &COLOR).backend().to_string();
    let help: Vec<String> =
        keymap.help_lines().iter().map(|l| l.iter().map(|(_, s)| s.as_str()).collect::<String>()).collect();
    // The help lists the keys first, then what they do: only the descriptions are prose.
    for l in &help {
        check("the help", l.trim().split_once("  ").map_or("", |(_, d)| d));
    }
    for (w, h) in [(120, 40), (80, 24), (30, 8)] {
        let mut app = with_keys(example_app(w, h));
        check("the panes", &screen(&app));
        let steps: Vec<(&str, Vec<Action>)> = vec![
            ("the detail of the article", vec![Action::ToggleDetail]),
            ("the charts", vec![Action::ToggleChart]),
            ("the switcher", vec![Action::OpenSwitcher]),
            (
                "a switcher that matches nothing",
                vec![Action::OpenSwitcher, Action::SearchInput('§'), Action::SearchAccept],
            ),
            (
                "an entity search that matches nothing",
                vec![Action::StartSearch, Action::SearchInput('§'), Action::SearchAccept],
            ),
            ("the filter prompt", vec![Action::OpenFilter]),
            ("the find prompt", vec![Action::OpenFind]),
            ("stepping without a find", vec![Action::NextHit]),
            ("the next mention with nothing selected", vec![Action::NextMention]),
            ("the timeline filter with nothing selected", vec![Action::ToggleFilter]),
            ("* with nothing selected", vec![Action::FilterEntity]),
            ("Enter in the text", vec![Action::Focus(newslens::action::Pane::Text), Action::Back, Action::Select]),
            ("selecting an entity", vec![Action::Focus(newslens::action::Pane::Entities), Action::Select]),
            ("the timeline filter", vec![Action::ToggleFilter]),
            ("the detail of the entity", vec![Action::ToggleDetail]),
            ("a note", vec![Action::NextNote, Action::ToggleDetail]),
            ("an event", vec![Action::Focus(newslens::action::Pane::Timeline), Action::Select, Action::ToggleDetail]),
            ("a filter applied", vec![Action::FilterEntity]),
        ];
        for (what, actions) in steps {
            for a in actions {
                let _ = app.update(a);
            }
            check(what, &screen(&app));
            check(what, app.message().unwrap_or_default());
            // Close what is open; the selection stays for the next step.
            let _ = app.update(Action::SearchCancel);
        }
    }
    // An event the article speaks of in two passages.
    let json = r#"{"id": "a", "title": "A", "date": "2023", "text": "Zoë mødte Ærø. Zoë mødte igen.", "entities": [{"id": "z", "name": "Zoë", "type": "PER"}], "mentions": [{"entity": "z", "start": 0, "end": 3}, {"entity": "z", "start": 15, "end": 18}], "events": [{"id": "m", "title": "Møde", "date": "2023-01", "entities": ["z"], "anchors": [{"start": 4, "end": 9}, {"start": 19, "end": 24}]}]}"#;
    let mut app = with_keys(App::new(corpus(json), (120, 40)));
    let _ = app.update(Action::Focus(newslens::action::Pane::Timeline));
    app.select_event(newslens::model::EventRef { article: Some(0), index: 0 });
    let _ = app.update(Action::ToggleDetail);
    let shown = screen(&app);
    assert!(shown.contains("2 passages"), "{shown}");
    check("an event in two passages", &shown);
}

#[test]
fn what_is_copied_carries_no_control_characters() {
    // An escape that would end a bracketed paste, a bell, a C1 control and a right-to-left override.
    let json = r#"{"id": "a", "title": "T\u001b[201~", "date": "2023", "text": "Zoë mødte \u001b[201~rm -rf ~\u0007\u009b og\u202e Ærø.\nNy linje.", "entities": [{"id": "z", "name": "Zoë\u001b]52;c;x\u0007", "type": "PER"}], "mentions": [{"entity": "z", "start": 0, "end": 3}]}"#;
    let mut app = App::new(corpus(json), (120, 40));
    app.select_entity(newslens::model::EntityIx(0));
    let mut copied = Vec::new();
    for action in [Action::CopyPassage, Action::CopyEntity] {
        for effect in app.update(action) {
            if let newslens::app::Effect::Copy(text) = effect {
                copied.push(text);
            }
        }
    }
    assert_eq!(copied.len(), 2, "{copied:?}");
    for text in &copied {
        assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{text:?}");
        assert!(!text.contains('\u{202e}'), "{text:?}");
    }
    assert!(copied[0].contains("␛[201~rm -rf ~"), "shown as on screen: {:?}", copied[0]);
}

#[test]
fn a_chart_over_all_of_time_shows_the_months_that_hold_articles() {
    let a = |id: &str, date: &str| {
        format!(
            r#"{{"id": "{id}", "title": "T {id}", "date": "{date}", "text": "Zoë", "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{{"entity": "z", "start": 0, "end": 3}}]}}"#
        )
    };
    let json = format!("[{}, {}, {}]", a("big-bang", "-13800000000-01"), a("a1", "2023-07"), a("a2", "2023-09"));
    let mut app = App::new(corpus(&json), (120, 40));
    keys(&mut app, &["c"]);
    let data = app.chart_data();
    assert_eq!(data.months.len(), newslens::app::filter::MAX_MONTHS, "as many months as a chart counts");
    assert_eq!(data.months.last().map(|(m, n)| (m.as_str(), *n)), Some(("2023-09", 1)));
    assert_eq!(data.earlier, 1, "the article at the start of time is counted as earlier, not dropped");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("– 2023-09 · most in a month: 1 · 1 earlier"), "{screen}");
}

#[test]
fn star_filters_on_an_entity_whatever_its_id_holds() {
    // Two entities share a name; one id has a space and a quote: `*` must select that one only.
    let json = r#"[
      {"id": "a1", "title": "A", "text": "Zoë her.", "entities": [{"id": "say \"zo\" ë", "name": "Zoë", "type": "PER"}],
       "mentions": [{"entity": "say \"zo\" ë", "start": 0, "end": 3}]},
      {"id": "a2", "title": "B", "text": "Zoë der.", "entities": [{"id": "zoe-2", "name": "Zoë", "type": "PER"}],
       "mentions": [{"entity": "zoe-2", "start": 0, "end": 3}]}
    ]"#;
    let mut app = App::new(corpus(json), (120, 40));
    keys(&mut app, &["Enter", "*"]);
    let filter = app.filter().expect("a filter");
    assert_eq!(filter.query, r#"id:"say \"zo\" ë""#);
    assert_eq!(filter.member, [true, false]);
}

#[test]
fn a_query_from_the_command_line_filters_once_loaded_and_is_remembered() {
    let mut app = three_articles();
    app.filter_when_loaded(Some("entity:k".into()));
    assert_eq!(app.filter().as_ref().map(|f| (f.query.as_str(), f.count)), Some(("entity:k", 1)));
    keys(&mut app, &["F"]);
    app.update(Action::SearchClear);
    app.update(Action::SearchUp);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(p)) if p.query == "entity:k"));
}

#[test]
fn the_switcher_finds_articles_by_first_line_date_and_id() {
    let mut app = dated_articles();
    for (typed, want) in [("nyt fra", 2), ("2023-02", 1), ("a4", 3)] {
        keys(&mut app, &["o", typed]);
        let Some(Overlay::Switcher(sw)) = app.overlay() else { panic!() };
        assert_eq!(sw.hits.first().map(|h| h.item), Some(want), "{typed}");
        keys(&mut app, &["Esc"]);
    }
}

#[test]
fn while_a_find_is_open_n_steps_its_hits_and_esc_closes_it() {
    let mut app = three_articles();
    keys(&mut app, &["/", "huawei", "Enter"]);
    app.update(Action::OpenFind);
    keys(&mut app, &["og", "Enter"]);
    assert_eq!(app.found().as_ref().map(|f| f.hits.len()), Some(1));
    keys(&mut app, &["n"]);
    assert!(draw(&app, &COLOR).backend().to_string().contains("hit 1/1"), "n steps the find's hits");
    keys(&mut app, &["Esc"]);
    assert!(app.found().is_none());
    assert_eq!(app.message(), Some("find closed"));
    assert!(!draw(&app, &COLOR).backend().to_string().contains("hit 1/1"), "the count goes with it");
    keys(&mut app, &["n"]);
    assert_eq!(app.cursor_span().map(|s| s.start), Some(0), "then n steps the entity's mentions again");
}

#[test]
fn a_filter_that_matches_nothing_changes_nothing_and_says_so() {
    let mut app = three_articles();
    keys(&mut app, &["F", "zzzq", "Enter"]);
    assert!(app.filter().is_none());
    assert_eq!(app.message(), Some("no article matches zzzq; every article is shown"));
    keys(&mut app, &["F", "entity:k", "Enter", "F"]);
    app.update(Action::SearchClear);
    keys(&mut app, &["-entity:k entity:k", "Enter"]);
    assert_eq!(app.filter().as_ref().map(|f| f.query.as_str()), Some("entity:k"));
    assert_eq!(app.message(), Some("no article matches -entity:k entity:k; the filter stays entity:k"));
}

#[test]
fn popups_page_and_jump_and_g_no_longer_closes_the_help() {
    let mut app = example_app(80, 24);
    keys(&mut app, &["?"]);
    let scroll = |app: &App| match app.overlay() {
        Some(Overlay::Help { scroll, .. }) => Some(*scroll),
        _ => None,
    };
    keys(&mut app, &["G"]);
    let end = scroll(&app).expect("the help is still open");
    assert!(end > 0, "G goes to the end");
    keys(&mut app, &["g"]);
    assert_eq!(scroll(&app), Some(0));
    app.update(Action::PageDown);
    assert!(scroll(&app).is_some_and(|s| s > 0 && s <= end));
    app.update(Action::HalfPageUp);
    keys(&mut app, &["q"]);
    assert!(app.overlay().is_none());
}

#[test]
fn the_charts_tell_apart_entities_with_the_same_name() {
    // Two people called Mathilde Fernández, both beside Zoë.
    let json = r#"[
      {"id": "a1", "title": "A", "date": "2023-01", "text": "Zoë og Mathilde Fernández.",
       "entities": [{"id": "z", "name": "Zoë", "type": "PER"}, {"id": "mf1", "name": "Mathilde Fernández", "type": "PER", "links": {"wikidata": "Q1"}}],
       "mentions": [{"entity": "z", "start": 0, "end": 3}, {"entity": "mf1", "start": 7, "end": 25}]},
      {"id": "a2", "title": "B", "date": "2023-02", "text": "Zoë og Mathilde Fernández.",
       "entities": [{"id": "z", "name": "Zoë", "type": "PER"}, {"id": "mf2", "name": "Mathilde Fernández", "type": "PER"}],
       "mentions": [{"entity": "z", "start": 0, "end": 3}, {"entity": "mf2", "start": 7, "end": 25}]}
    ]"#;
    let mut app = App::new(corpus(json), (120, 40));
    let z = app.data().corpus.entity_index("z").unwrap();
    app.select_entity(newslens::model::EntityIx(z));
    let mut names: Vec<String> = app.chart_data().related.into_iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(names, ["Mathilde Fernández · Q1", "Mathilde Fernández · mf2"]);
}

#[test]
fn enter_in_the_text_selects_the_mention_at_the_spot_or_the_first_in_view() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["1", "Enter"]);
    assert_eq!(app.selection().entity, app.data().corpus.entity_ix("huawei"), "the first mention in view");
    assert_eq!(app.focus(), newslens::action::Pane::Text, "the text keeps the focus");
    // A find hit inside a mention: Enter selects that mention's entity, the spot stays on it.
    keys(&mut app, &["Esc"]);
    app.update(Action::OpenFind);
    keys(&mut app, &["Jensen", "Enter"]);
    let found = app.cursor_span().unwrap();
    keys(&mut app, &["Enter"]);
    assert_eq!(app.selection().entity, app.data().corpus.entity_ix("jensen-huang"));
    assert_eq!(app.cursor_span().map(|s| s.start), Some(found.start));
}

#[test]
fn a_click_on_a_mention_keeps_the_text_still_and_the_detail_follows() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["1", "Ctrl-e", "Ctrl-e", "Ctrl-e", "Ctrl-e"]);
    let scroll = app.reader().scroll;
    assert!(scroll > 0);
    let t = draw(&app, &COLOR);
    // The last "Huawei" on screen: selecting Huawei would otherwise jump to its first mention.
    let text = app.areas().text;
    let in_text = find(t.backend().buffer(), "Huawei", text_columns(&app));
    let (x, y) = *in_text.iter().rfind(|(_, y)| *y < text.y + text.height).unwrap();
    app.update(Action::Click(x + 1, y));
    assert_eq!(app.selection().entity, app.data().corpus.entity_ix("huawei"));
    assert_eq!(app.reader().scroll, scroll, "the text did not move under the pointer");
    let detail = detail_text(&app);
    assert!(detail.starts_with(" Entity \nHuawei  ORG"), "{detail}");
}

#[test]
fn under_a_filter_the_detail_counts_and_lists_within_it_and_the_popup_lists_all() {
    let mut app = dated_articles();
    keys(&mut app, &["F", "since:2023", "Enter"]);
    until_idle(&mut app);
    assert_eq!(app.current_article().map(|a| a.id.as_str()), Some("a2"));
    keys(&mut app, &["/", "Huawei", "Enter"]);
    let said = app.message().unwrap_or_default().to_string();
    assert_eq!(said, "Huawei is not mentioned in this article: n goes on to the first of its 2 articles");
    let detail = detail_text(&app);
    assert!(detail.contains("0 mentions here · 3 in the 3 filtered articles"), "{detail}");
    assert!(detail.contains("Also in 2 articles"), "{detail}");
    assert!(!detail.contains("T a1"), "a1 is outside the filter: {detail}");
    keys(&mut app, &["n"]);
    assert_eq!(app.current_article().map(|a| a.id.as_str()), Some("a3"));
    keys(&mut app, &["i"]);
    let popup = draw(&app, &COLOR).backend().to_string();
    assert!(popup.contains("Also in 1 article (n/N go on there):"), "{popup}");
    assert!(popup.contains("2023-11-30 T a4"), "{popup}");
}

#[test]
fn the_find_marks_and_counts_while_typed_and_esc_takes_it_away() {
    let mut app = example_app(120, 40);
    app.update(Action::OpenFind);
    keys(&mut app, &["nvidi"]);
    let n = app.found().map(|f| f.hits.len());
    assert!(n.is_some_and(|n| n >= 6), "found before Enter: {n:?}");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains(&format!("› nvidi▏  {} found", n.unwrap())), "{screen}");
    keys(&mut app, &["zz"]);
    assert!(draw(&app, &COLOR).backend().to_string().contains("not in this article"));
    assert!(app.selection().cursor.is_none(), "no spot left on a hit that is gone");
    keys(&mut app, &["Esc"]);
    assert!(app.found().is_none() && app.overlay().is_none(), "Esc cancels the find");
    // Enter keeps it.
    app.update(Action::OpenFind);
    keys(&mut app, &["apple", "Enter"]);
    assert!(app.found().is_some_and(|f| !f.hits.is_empty()));
}

#[test]
fn the_status_line_never_cuts_a_word_and_keeps_the_filter_count() {
    let mut app = dated_articles();
    let long = "since:2023 -zzzzzzzzzzzzzz -yyyyyyyyyyyyyy -xxxxxxxxxxxxxx -wwwwwwwwwwwwww -vvvvvvvvvvvvvv";
    keys(&mut app, &["F", long, "Enter", "/", "Huawei", "Enter", "n"]);
    let status_row = |app: &App| {
        let t = draw(app, &COLOR);
        let buf = t.backend().buffer();
        let y = app.areas().status.y;
        (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>()
    };
    let status = status_row(&app);
    assert!(status.contains("· 3 articles"), "the filter's count stays: {status}");
    let words: std::collections::HashSet<&str> = long.split(' ').chain(["filter", "Huawei", "ORG"]).collect();
    for token in status.split_whitespace().filter(|t| t.ends_with('…')) {
        let cut = token.trim_end_matches('…');
        assert!(cut.is_empty() || words.contains(cut), "{token:?} is cut mid-word: {status}");
    }
    // A message too long for the line ends at a word.
    app.notify(Some("word ".repeat(40) + "end"));
    let status = status_row(&app);
    assert!(status.contains("word word…"), "{status}");
}

#[test]
fn the_help_can_be_searched_and_its_wrapped_lines_hang_under_their_text() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["?", "/", "note"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Help · /note▏"), "{screen}");
    assert!(screen.contains("next note") && !screen.contains("quit"), "only what says it: {screen}");
    keys(&mut app, &["Enter"]);
    assert_eq!(app.mode(), newslens::keymap::Mode::Help, "Enter keeps the narrowed help and its keys");
    assert!(draw(&app, &COLOR).backend().to_string().contains("only “note”"));
    keys(&mut app, &["/", "zzz"]);
    assert!(draw(&app, &COLOR).backend().to_string().contains("no key or line says “zzz”"));
    keys(&mut app, &["Esc"]);
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("quit"), "Esc gives back the whole help: {screen}");
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
    // In a narrow help a key's description goes on under itself, not under the key.
    let rows = newslens::markup::wrap(&app.help_lines(), 40);
    let at = rows.iter().position(|r| r.iter().any(|(_, s)| s.contains("close the help"))).unwrap();
    let next: String = rows[at + 1].iter().map(|(_, s)| s.as_str()).collect();
    assert!(next.starts_with(&" ".repeat(16)) && !next.trim().is_empty(), "{next:?}");
}

#[test]
fn the_switcher_opens_at_the_current_article_and_sorts_by_date() {
    let mut app = dated_articles();
    keys(&mut app, &["o", "Down", "Down", "Enter"]);
    assert_eq!(app.current_article().map(|a| a.id.as_str()), Some("a3"));
    keys(&mut app, &["o"]);
    let Some(Overlay::Switcher(sw)) = app.overlay() else { panic!("the switcher is open") };
    assert_eq!(sw.cursor.index, 2, "it opens at the current article");
    let ctrl_s = Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let action = to_action(app.keymap(), app.mode(), ctrl_s).expect("Ctrl-s sorts");
    app.update(action);
    let Some(Overlay::Switcher(sw)) = app.overlay() else { panic!("the switcher stays open") };
    let order: Vec<&str> = sw.visible.iter().map(|&a| app.data().corpus.articles[a].id.as_str()).collect();
    assert_eq!(order, ["a4", "a3", "a2", "a1"], "newest first");
    assert_eq!(sw.cursor.index, 1, "the cursor stays on the current article");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("by date (Ctrl-s)"), "{screen}");
    assert!(app.keymap().help_lines().iter().any(|l| l.iter().any(|(_, s)| s.contains("sort by date"))));
}

#[test]
fn the_timeline_is_searched_by_words_and_dates_and_esc_goes_back() {
    let mut app = example_app(120, 40);
    keys(&mut app, &["3", "/", "ascend"]);
    assert_eq!(app.mode(), newslens::keymap::Mode::EventSearch);
    let title = |app: &App| match app.timeline().current() {
        Some(newslens::app::timeline::Row::Event(r)) => app.data().corpus.event(r).title.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(title(&app), "Huawei launches the Ascend 910 AI chip");
    let screen = draw(&app, &COLOR).backend().to_string();
    assert!(screen.contains("Timeline: words or a date") && screen.contains("row 2 of"), "{screen}");
    assert!(detail_text(&app).contains("Ascend 910"), "the detail follows the cursor");
    let first = app.timeline().cursor.index;
    keys(&mut app, &["Down"]);
    let row = app.timeline().current().unwrap();
    assert!(app.timeline().cursor.index > first, "↓ goes on to the next");
    assert!(
        newslens::app::timeline::row_matches(&app.data().corpus, row, &["ascend".to_string()]),
        "the next that says it (in its title or its entities): {}",
        title(&app)
    );
    keys(&mut app, &["Enter"]);
    assert!(app.overlay().is_none());
    // A date goes to the first row on or after it; an entity's name finds its events.
    keys(&mut app, &["/", "2023-09", "Enter"]);
    assert!(matches!(app.timeline().current(), Some(newslens::app::timeline::Row::Article(_))), "{}", title(&app));
    keys(&mut app, &["/", "iflytek"]);
    assert!(title(&app).contains("iFlytek"), "{}", title(&app));
    let before = app.timeline().cursor.index;
    keys(&mut app, &["Esc"]);
    assert_ne!(app.timeline().cursor.index, before, "Esc goes back to where the search started");
    keys(&mut app, &["/", "zzzz"]);
    assert_eq!(app.message(), Some("nothing in the timeline says zzzz"));
}

#[test]
fn charts_fill_the_popup_and_have_a_scale() {
    let mut app = dated_articles();
    keys(&mut app, &["c"]);
    let t = draw(&app, &COLOR);
    let buf = t.backend().buffer();
    let popup = newslens::layout::popup_area(buf.area);
    let bars: Vec<(u16, u16)> = find(buf, "█", popup.x..popup.x + popup.width);
    let right = bars.iter().map(|(x, _)| *x).max().unwrap();
    assert!(right > popup.x + popup.width * 3 / 4, "the bars reach across the popup: {}", t.backend());
    let screen = t.backend().to_string();
    let scale = |v: &str| screen.lines().any(|l| l.contains(&format!("│{v} ")));
    assert!(scale("1") && scale("0"), "a scale from 0 to the most in a month: {screen}");
    assert!(screen.contains("2022") && screen.contains("2023"), "years under the bars: {screen}");
}

#[test]
fn the_readme_screenshots_are_what_the_code_draws() {
    for (name, svg) in screenshot::screenshots() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name);
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(kept == svg, "assets/{name} is not what the explorer draws now: run `cargo run --example screenshot`");
    }
}

#[test]
fn suggested_mentions_show_in_the_text_with_their_count_and_hide_again() {
    let jsonl = [
        r#"{"id": "a", "title": "A", "text": "Huawei og Kina.", "entities": [{"id": "h", "name": "Huawei", "type": "ORG"}, {"id": "k", "name": "Kina", "type": "GPE"}], "mentions": [{"entity": "h", "start": 0, "end": 6}, {"entity": "k", "start": 10, "end": 14}]}"#,
        r#"{"id": "b", "title": "B", "text": "Kina mod Huawei.", "entities": [{"id": "k", "name": "Kina", "type": "GPE"}], "mentions": [{"entity": "k", "start": 0, "end": 4}]}"#,
    ]
    .join("\n");
    let mut loader = Loader::new();
    loader.add_source("s.jsonl", &jsonl, Framing::JsonLines);
    let mut app = App::new(loader.finish().corpus, (120, 30));
    keys(&mut app, &["S"]);
    assert!(app.busy(), "found off the input path");
    until_idle(&mut app);
    assert_eq!(
        app.message(),
        Some("0 suggested mentions here, 1 in all: names annotated elsewhere, not here (S hides them)")
    );
    keys(&mut app, &["o", "Down", "Enter"]);
    assert_eq!(app.suggested_here().len(), 1);
    let t = draw(&app, &COLOR);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "Huawei.", text_columns(&app))[0];
    assert!(buf[(x, y)].modifier.contains(Modifier::ITALIC), "a suggestion is styled apart");
    let screen = t.backend().to_string();
    assert!(screen.contains("suggested 1 here · 1 in all"), "{screen}");
    keys(&mut app, &["S"]);
    assert!(app.suggested_here().is_empty());
    let buf = draw(&app, &COLOR).backend().buffer().clone();
    assert!(!buf[(x, y)].modifier.contains(Modifier::ITALIC), "hidden again");
}
