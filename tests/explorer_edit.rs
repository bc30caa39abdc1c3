//! Editing in the explorer, driven by keys on a test terminal: prompts, refusals, undo and
//! redo, saving back to the file, the conflict case, and quitting with unsaved edits.

use newslens::app::{App, Effect, Overlay};
use newslens::explorer::to_action;
use newslens::load::{LoadOptions, load_paths};
use newslens::ui::{render, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const LINES: &str = concat!(
    r#"{"id": "a1", "title": "Huawei og Apple", "text": "Huawei og Apple kæmper om chips.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG"}, {"id": "apple", "name": "Apple", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 6}, {"entity": "apple", "start": 10, "end": 15}]}"#,
    "\n",
    r#"{"id": "a2", "title": "Zoë", "text": "Zoë bor på Ærø.", "entities": [{"id": "zoe", "name": "Zoë", "type": "PER"}], "mentions": [{"entity": "zoe", "start": 0, "end": 3}]}"#,
    "\n",
);

/// The explorer on a file of [`LINES`] in a fresh directory.
fn app() -> (App, tempfile::TempDir, std::path::PathBuf) {
    app_on(LINES)
}

/// The explorer on a file of `lines` (JSON Lines) in a fresh directory.
fn app_on(lines: &str) -> (App, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    std::fs::write(&file, lines).unwrap();
    let loaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    assert_eq!(loaded.error_count(), 0);
    (App::new(loaded.corpus, (100, 30)), dir, file)
}

/// Types keys: a key name (`Enter`, `Esc`, `C-r` for Ctrl-r) or text; whether the app quit.
fn keys(app: &mut App, keys: &[&str]) -> bool {
    let mut quit = false;
    for k in keys {
        let events: Vec<(KeyCode, KeyModifiers)> = match *k {
            "Enter" => vec![(KeyCode::Enter, KeyModifiers::NONE)],
            "Esc" => vec![(KeyCode::Esc, KeyModifiers::NONE)],
            "Tab" => vec![(KeyCode::Tab, KeyModifiers::NONE)],
            ctrl if ctrl.starts_with("C-") => {
                vec![(KeyCode::Char(ctrl.chars().nth(2).unwrap()), KeyModifiers::CONTROL)]
            }
            text => text.chars().map(|c| (KeyCode::Char(c), KeyModifiers::NONE)).collect(),
        };
        for (code, mods) in events {
            if let Some(a) = to_action(app.keymap(), app.mode(), Event::Key(KeyEvent::new(code, mods))) {
                for effect in app.update(a) {
                    match effect {
                        Effect::Quit => quit = true,
                        Effect::Work(work) => drop(std::thread::spawn(work)),
                        Effect::Copy(_) => {}
                    }
                }
            }
        }
    }
    quit
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
    t.draw(|f| render(f, app, &Theme::dark())).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn name(app: &App, id: &str) -> String {
    let c = &app.data().corpus;
    c.entities[c.entity_index(id).unwrap()].name.clone()
}

/// The entity list's row of `name`, counted from the cursor's: moves the cursor onto it.
fn onto(app: &mut App, entity: &str) {
    keys(app, &["2", "g"]);
    for _ in 0..10 {
        if app.data().corpus.entities[app.entities().highlighted().unwrap().0].id == entity {
            return;
        }
        keys(app, &["j"]);
    }
    panic!("{entity} is not in the list");
}

#[test]
fn an_entity_is_renamed_undone_redone_and_saved_to_its_file() {
    let (mut app, _dir, file) = app();
    onto(&mut app, "huawei");
    keys(&mut app, &["R"]);
    assert!(matches!(app.overlay(), Some(Overlay::Edit(_))));
    assert!(screen(&app).contains("New name of Huawei"), "{}", screen(&app));
    keys(&mut app, &["C-u", "Huawei Technologies", "Enter"]);
    assert!(app.overlay().is_none());
    assert_eq!(name(&app, "huawei"), "Huawei Technologies");
    let shown = screen(&app);
    assert!(shown.contains("✎ 1 article unsaved"), "{shown}");
    assert!(shown.contains("Text · ✎ unsaved"), "the article is marked: {shown}");
    assert!(shown.contains("✎ ORG Huawei Technologies"), "the entity is marked in the list: {shown}");
    assert_eq!(
        app.data().corpus.entities[app.entities().highlighted().unwrap().0].id,
        "huawei",
        "the cursor stays on it"
    );

    keys(&mut app, &["u"]);
    assert_eq!(name(&app, "huawei"), "Huawei");
    assert_eq!(app.unsaved(), 0, "undone, nothing differs from the file");
    keys(&mut app, &["C-r"]);
    assert_eq!(name(&app, "huawei"), "Huawei Technologies");

    keys(&mut app, &["w"]);
    assert!(app.message().unwrap().starts_with("saved 1 file"), "{:?}", app.message());
    assert_eq!(app.unsaved(), 0);
    assert!(!screen(&app).contains('✎'), "saved: nothing is marked");
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.lines().next().unwrap().contains("\"name\":\"Huawei Technologies\""));
    assert_eq!(after.lines().nth(1), LINES.lines().nth(1), "the other article's line is as it was");
}

#[test]
fn a_refused_edit_keeps_the_prompt_with_the_reason_and_esc_leaves_it() {
    let (mut app, _dir, _file) = app();
    onto(&mut app, "zoe");
    keys(&mut app, &["T", "C-u", "Enter"]);
    assert!(matches!(app.overlay(), Some(Overlay::Edit(_))), "still open");
    assert!(screen(&app).contains("type cannot be empty"), "{}", screen(&app));
    keys(&mut app, &["Esc"]);
    assert!(app.overlay().is_none());
    assert_eq!(app.unsaved(), 0);
    // A KB id: a Q-id alone is Wikidata's.
    keys(&mut app, &["K", "Q42", "Enter"]);
    let c = &app.data().corpus;
    assert_eq!(c.entities[c.entity_index("zoe").unwrap()].links.get("wikidata").map(String::as_str), Some("Q42"));
    // An alias, once: again is refused.
    keys(&mut app, &["a", "Zoe", "Enter"]);
    let c = &app.data().corpus;
    assert_eq!(c.entities[c.entity_index("zoe").unwrap()].aliases, ["Zoe"]);
    keys(&mut app, &["a", "Zoe", "Enter"]);
    assert!(screen(&app).contains("already a name of it"), "{}", screen(&app));
}

#[test]
fn a_mention_is_removed_at_the_spot_and_undo_brings_it_back() {
    let (mut app, _dir, _file) = app();
    onto(&mut app, "apple");
    keys(&mut app, &["Enter", "n"]);
    let before = app.current_article().unwrap().mentions.len();
    keys(&mut app, &["x"]);
    assert_eq!(app.current_article().unwrap().mentions.len(), before - 1);
    assert!(app.current_article().unwrap().mentions.iter().all(|m| app.data().corpus.entities[m.entity].id != "apple"));
    keys(&mut app, &["u"]);
    assert_eq!(app.current_article().unwrap().mentions.len(), before);
}

#[test]
fn quitting_with_unsaved_edits_asks_and_a_file_changed_on_disk_is_not_saved_over() {
    let (mut app, _dir, file) = app();
    onto(&mut app, "zoe");
    keys(&mut app, &["R", "C-u", "Zoë Hansen", "Enter"]);
    assert!(!keys(&mut app, &["q"]), "the first q asks");
    assert!(app.message().unwrap().contains("unsaved"), "{:?}", app.message());
    assert!(!keys(&mut app, &["j", "q"]), "another key in between: it asks again");
    // Someone else changes the file meanwhile: not saved over.
    let theirs = LINES.replace("Ærø", "Fanø");
    std::fs::write(&file, &theirs).unwrap();
    keys(&mut app, &["w"]);
    assert!(app.message().unwrap().contains("changed on disk"), "{:?}", app.message());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    assert_eq!(app.unsaved(), 1);
    assert!(keys(&mut app, &["q", "q"]), "q twice quits without saving");
}

#[test]
fn edits_are_journalled_and_a_new_start_after_a_kill_offers_them_back() {
    let (mut app, dir, file) = app();
    let journals = dir.path().join("state");
    app.keep_journal(Some(journals.clone()));
    onto(&mut app, "huawei");
    keys(&mut app, &["R", "C-u", "Huawei Technologies", "Enter"]);
    onto(&mut app, "zoe");
    keys(&mut app, &["T", "C-u", "PERSON", "Enter"]);
    assert_eq!(std::fs::read_dir(&journals).unwrap().count(), 1, "the journal is written as edits are made");
    // Killed: nothing saved, nothing cleaned up.
    drop(app);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), LINES);

    let restart = || {
        let loaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
        let mut app = App::new(loaded.corpus, (100, 30));
        app.keep_journal(Some(journals.clone()));
        app
    };
    let mut app = restart();
    assert!(matches!(app.overlay(), Some(Overlay::Restore { articles: 2, .. })));
    assert!(screen(&app).contains("Unsaved edits found"), "{}", screen(&app));
    keys(&mut app, &["r"]);
    assert_eq!(name(&app, "huawei"), "Huawei Technologies");
    let c = &app.data().corpus;
    assert_eq!(c.entities[c.entity_index("zoe").unwrap()].kind, "PERSON");
    assert_eq!(app.unsaved(), 2);
    // Restored edits are journalled again: another crash loses nothing either.
    drop(app);
    let mut app = restart();
    keys(&mut app, &["r", "w"]);
    assert_eq!(app.unsaved(), 0);
    assert_eq!(std::fs::read_dir(&journals).unwrap().count(), 0, "saved: the journal is gone");
    assert!(std::fs::read_to_string(&file).unwrap().contains("Huawei Technologies"));

    // Edits left, then discarded: gone for good.
    let mut app = restart();
    keys(&mut app, &["R", "C-u", "Huawei", "Enter"]);
    drop(app);
    let mut app = restart();
    keys(&mut app, &["d"]);
    assert!(app.overlay().is_none());
    assert_eq!(name(&app, "huawei"), "Huawei Technologies");
    assert!(restart().overlay().is_none(), "nothing is offered again");

    // Quitting at the question keeps the edits for another start.
    let mut app = restart();
    keys(&mut app, &["R", "C-u", "Huawei", "Enter"]);
    drop(app);
    let mut app = restart();
    assert!(keys(&mut app, &["q"]), "nothing of this session is unsaved: q quits");
    assert!(matches!(restart().overlay(), Some(Overlay::Restore { .. })), "still offered");
    // An edit undone before quitting leaves nothing to offer, and no journal.
    let mut app = restart();
    keys(&mut app, &["d", "R", "C-u", "Huawei", "Enter", "u"]);
    assert!(keys(&mut app, &["q"]));
    assert!(restart().overlay().is_none());
    assert_eq!(std::fs::read_dir(&journals).unwrap().count(), 0);
}

#[test]
fn edits_left_on_files_changed_since_are_not_restored_over_them() {
    let (mut app, dir, file) = app();
    let journals = dir.path().join("state");
    app.keep_journal(Some(journals.clone()));
    onto(&mut app, "zoe");
    keys(&mut app, &["R", "C-u", "Zoë Hansen", "Enter"]);
    drop(app);
    std::fs::write(&file, LINES.replace("Ærø", "Fanø")).unwrap();
    let loaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    let mut app = App::new(loaded.corpus, (100, 30));
    app.keep_journal(Some(journals));
    assert!(app.overlay().is_none());
    assert!(app.message().unwrap().contains("files changed since"), "{:?}", app.message());
}

/// The real explorer on a terminal (`script` gives it one), killed with SIGKILL after an
/// edit: the next start finds the edit in the journal and restores it.
#[cfg(target_os = "linux")]
#[test]
fn the_explorer_killed_with_sigkill_loses_no_edit() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    std::fs::write(&file, LINES).unwrap();
    let state = dir.path().join("state");
    let command = format!("stty rows 30 cols 100; exec {} {}", env!("CARGO_BIN_EXE_newslens"), file.display());
    let mut child = std::process::Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("XDG_STATE_HOME", &state)
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("`script` (util-linux) runs the explorer on a terminal");
    let script = child.id();
    // The explorer: the process `script` started (its shell exec'd it).
    let explorer = || -> Option<u32> {
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            let ppid: u32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
            (ppid == script && String::from_utf8_lossy(&cmdline).contains("newslens")).then_some(pid)
        })
    };
    // SIGKILL to that one process (a positive pid, never a group).
    let kill = |pid: Option<u32>| {
        if let Some(pid) = pid.filter(|&p| p > 1) {
            let _ = std::process::Command::new("kill").args(["-s", "KILL", "--", &pid.to_string()]).status();
        }
    };
    // Keys only once the explorer draws: typed earlier, the terminal could drop them.
    let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut out = child.stdout.take().unwrap();
    let seen = screen.clone();
    std::thread::spawn(move || {
        let mut chunk = [0; 4096];
        while let Ok(n @ 1..) = out.read(&mut chunk) {
            seen.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    let wait = |what: &str, done: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !done() {
            if start.elapsed() > Duration::from_secs(60) {
                kill(explorer());
                panic!("waited a minute for {what}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait("the first frame", &|| String::from_utf8_lossy(&screen.lock().unwrap()).contains("Entities"));
    let mut input = child.stdin.take().unwrap();
    // Focus the entities, rename the first (Apple, by name), Ctrl-u, the new name, Enter.
    input.write_all(b"2R\x15Zed\r").unwrap();
    input.flush().unwrap();
    let journal = state.join("newslens").join("journal");
    let journalled = || {
        std::fs::read_dir(&journal)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Zed")))
    };
    wait("the edit in the journal", &journalled);
    let pid = explorer();
    assert!(pid.is_some(), "the explorer runs under `script`");
    kill(pid);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), LINES, "nothing saved");

    let loaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    let mut app = App::new(loaded.corpus, (100, 30));
    app.keep_journal(Some(journal));
    assert!(matches!(app.overlay(), Some(Overlay::Restore { articles: 1, .. })));
    keys(&mut app, &["r"]);
    assert!(app.data().corpus.entities.iter().any(|e| e.name == "Zed"));
}

/// The open article's mentions as (text, entity id).
fn mentions(app: &App) -> Vec<(String, String)> {
    let a = app.current_article().unwrap();
    let chars: Vec<char> = a.text.chars().collect();
    a.mentions
        .iter()
        .map(|m| {
            let text = chars[m.span.start..m.span.end].iter().collect();
            (text, app.data().corpus.entities[m.entity].id.clone())
        })
        .collect()
}

/// The counts the explorer keeps up edit by edit are those of the corpus counted afresh.
fn counts_agree(app: &App) {
    assert_eq!(app.data().counts, newslens::model::Counts::of(&app.data().corpus));
}

fn has(app: &App, text: &str, id: &str) -> bool {
    mentions(app).contains(&(text.to_string(), id.to_string()))
}

#[test]
fn the_caret_moves_by_word_and_a_selection_is_annotated_as_a_new_entity() {
    let (mut app, _dir, file) = app();
    // From the text's start, three words on: "kæmper"; `v` and `E` select it.
    keys(&mut app, &["1", "W", "W", "W"]);
    assert_eq!(app.caret().at, 16);
    keys(&mut app, &["v", "E"]);
    assert_eq!(app.caret().selection(), Some(newslens::model::Span { start: 16, end: 22 }));
    keys(&mut app, &["m"]);
    assert!(screen(&app).contains("annotate as"), "{}", screen(&app));
    assert_eq!(app.search().unwrap().query, "kæmper", "the search starts from the selected words");
    // No entity is called that: Tab makes a new one, named as selected; its type is picked
    // from the corpus's (↑/↓) or typed; its KB id is optional.
    keys(&mut app, &["Tab"]);
    assert!(screen(&app).contains("New entity: its name"), "{}", screen(&app));
    keys(&mut app, &["Enter"]);
    assert!(screen(&app).contains("ORG · PER"), "the corpus's types are offered:\n{}", screen(&app));
    keys(&mut app, &["C-u", "EVENT", "Enter", "Q42", "Enter"]);
    assert!(app.overlay().is_none(), "{}", screen(&app));
    let c = &app.data().corpus;
    let e = c.entity_index("kæmper").expect("a new entity with an id from its name");
    assert_eq!((c.entities[e].kind.as_str(), c.entities[e].links["wikidata"].as_str()), ("EVENT", "Q42"));
    assert!(has(&app, "kæmper", "kæmper"));
    assert_eq!(app.caret().anchor, None, "the selection ends with the edit");
    assert!(screen(&app).contains(" ✎ "), "the line's gutter marks the edit:\n{}", screen(&app));
    assert!(screen(&app).contains("· 4 ·"), "the entity list has it: {}", screen(&app));
    counts_agree(&app);
    // Undo takes the entity back as well as the mention.
    keys(&mut app, &["u"]);
    assert_eq!(app.data().corpus.entities.len(), 3);
    assert!(!screen(&app).contains(" ✎ "));
    counts_agree(&app);
    keys(&mut app, &["C-r", ":", "w", "Enter"]);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains(r#""wikidata":"Q42""#) || saved.contains(r#""wikidata": "Q42""#), "{saved}");
    let reloaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    let ids = |c: &newslens::model::Corpus| -> Vec<(usize, usize, String)> {
        c.articles[0].mentions.iter().map(|m| (m.span.start, m.span.end, c.entities[m.entity].id.clone())).collect()
    };
    assert_eq!(ids(&reloaded.corpus), ids(&app.data().corpus));
}

#[test]
fn a_word_is_annotated_as_an_entity_that_exists_and_a_mention_relinked_stretched_and_shrunk() {
    let (mut app, _dir, _file) = app();
    // `m` on a word without a selection annotates the word; the search picks Apple.
    keys(&mut app, &["1", "$", "B", "m", "C-u", "apple", "Enter"]);
    assert!(has(&app, "chips", "apple"), "{:?}", mentions(&app));
    // `r` on Huawei links that mention to Apple instead.
    keys(&mut app, &["0", "r", "appl", "Enter"]);
    assert!(has(&app, "Huawei", "apple"), "{:?}", mentions(&app));
    // Re-linked to a new entity (Tab in the pick): the mention is that entity's alone.
    keys(&mut app, &["r", "Tab", "C-u", "Huawei Ltd", "Enter", "Enter", "Enter"]);
    assert!(has(&app, "Huawei", "huawei-ltd"), "{:?}", mentions(&app));
    assert_eq!(mentions(&app).iter().filter(|(t, _)| t == "Huawei").count(), 1, "{:?}", mentions(&app));
    keys(&mut app, &["u"]);
    assert!(has(&app, "Huawei", "apple"), "{:?}", mentions(&app));
    // `+` stretches it over the next word, `-` takes it off again.
    keys(&mut app, &["+"]);
    assert!(has(&app, "Huawei og", "apple"), "{:?}", mentions(&app));
    keys(&mut app, &["-"]);
    assert!(has(&app, "Huawei", "apple"));
    keys(&mut app, &["-"]);
    assert!(screen(&app).contains("it is one word"), "{}", screen(&app));
    // A selection sets the span: from the mention's start to the selection's end.
    keys(&mut app, &["v", "W", "W", "E", "+"]);
    assert!(has(&app, "Huawei og Apple", "apple"), "{:?}", mentions(&app));
    counts_agree(&app);
    keys(&mut app, &["u", "u", "u", "u", "u"]);
    counts_agree(&app);
    assert!(has(&app, "Huawei", "huawei") && !mentions(&app).iter().any(|(t, _)| t == "chips"));
}

#[test]
fn entities_are_merged_split_and_lose_an_alias_from_the_list() {
    let lines = [
        r#"{"id": "a1", "title": "A", "text": "Huawei og HW.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG", "aliases": ["Huawei Tech"]}, {"id": "hw", "name": "HW", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 6}, {"entity": "hw", "start": 10, "end": 12}]}"#,
        r#"{"id": "a2", "title": "B", "text": "Huawei igen.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 6}]}"#,
    ];
    let (mut app, _dir, file) = app_on(&(lines.join("\n") + "\n"));
    // `D` takes an alias away: the prompt offers them.
    onto(&mut app, "huawei");
    keys(&mut app, &["D"]);
    assert!(screen(&app).contains("Huawei Tech"), "{}", screen(&app));
    keys(&mut app, &["Enter"]);
    assert!(app.data().corpus.entities[0].aliases.is_empty());
    // `M` merges HW into Huawei, picked in the search.
    onto(&mut app, "hw");
    keys(&mut app, &["M", "huawei", "Enter"]);
    assert!(has(&app, "HW", "huawei"), "{:?}", mentions(&app));
    assert!(app.data().corpus.entities[0].aliases.contains(&"HW".to_string()));
    // `|` splits Huawei's mentions in this article off as an entity of their own.
    onto(&mut app, "huawei");
    keys(&mut app, &["|"]);
    assert!(has(&app, "Huawei", "huawei-2") && has(&app, "HW", "huawei-2"), "{:?}", mentions(&app));
    assert_eq!(app.data().corpus.articles[1].mentions[0].entity, 0, "the other article keeps Huawei");
    counts_agree(&app);
    keys(&mut app, &["w"]);
    let reloaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    assert_eq!(reloaded.error_count(), 0);
    assert_eq!(reloaded.corpus.articles[0].mentions.len(), 2);
    let ids: Vec<&str> = reloaded.corpus.entities.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.contains(&"huawei-2"), "{ids:?}");
}

#[test]
fn a_note_is_written_changed_and_taken_away() {
    let (mut app, _dir, file) = app();
    keys(&mut app, &["1", "W", "W", "W", "v", "E", "t", "tjek dette", "Enter"]);
    let notes = |app: &App| app.current_article().unwrap().notes.clone();
    assert_eq!(notes(&app).len(), 1);
    assert_eq!((notes(&app)[0].span.start, notes(&app)[0].text.as_str()), (16, "tjek dette"));
    // `t` in the note changes it; emptied, it goes.
    keys(&mut app, &["t", "C-u", "tjekket", "Enter"]);
    assert_eq!(notes(&app)[0].text, "tjekket");
    keys(&mut app, &["w"]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("tjekket"));
    keys(&mut app, &["t", "C-u", "Enter"]);
    assert!(notes(&app).is_empty());
    // Without a selection or a note at the caret, it says what to do.
    keys(&mut app, &["0", "t"]);
    assert!(screen(&app).contains("select the passage first"), "{}", screen(&app));
}

#[test]
fn suggestions_are_accepted_and_rejected_one_at_a_time_or_all_of_an_entity() {
    let lines = [
        r#"{"id": "a1", "title": "A", "text": "Huawei og Apple.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG"}, {"id": "apple", "name": "Apple", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 6}, {"entity": "apple", "start": 10, "end": 15}]}"#,
        r#"{"id": "a2", "title": "B", "text": "Apple, Huawei, Apple og Huawei.", "entities": [], "mentions": []}"#,
    ];
    let (mut app, _dir, _file) = app_on(&(lines.join("\n") + "\n"));
    keys(&mut app, &["o", "B", "Enter", "S"]);
    let started = std::time::Instant::now();
    while app.suggested_here().is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "no suggestions came");
        std::thread::sleep(std::time::Duration::from_millis(2));
        for effect in app.tick() {
            if let Effect::Work(work) = effect {
                std::thread::spawn(work);
            }
        }
    }
    assert_eq!(app.suggested_here().len(), 4);
    // `m` on the first suggestion accepts it; `x` on the next rejects it.
    keys(&mut app, &["1", "0", "m"]);
    assert!(has(&app, "Apple", "apple"), "{:?}", mentions(&app));
    keys(&mut app, &["W", "W", "x"]);
    assert_eq!(app.suggested_here().len(), 2);
    assert_eq!(mentions(&app).len(), 1, "a rejected suggestion is no mention");
    // `=` on the next accepts every suggestion of its entity: the last Huawei, not Apple.
    keys(&mut app, &["W", "W", "="]);
    assert!(screen(&app).contains("1 suggestion of Apple accepted"), "{}", screen(&app));
    assert_eq!(app.suggested_here().len(), 1);
    assert_eq!(mentions(&app).len(), 2);
    counts_agree(&app);
}

#[test]
fn a_mouse_drag_selects_text_and_commands_save_and_quit() {
    let (mut app, _dir, file) = app();
    let _ = screen(&app);
    let area = app.areas().text;
    // The first text line: under the title, a meta line and a blank.
    let first = (area.y + 1..area.y + area.height)
        .find(|&y| screen(&app).lines().nth(y as usize).unwrap().contains("Huawei og Apple kæmper"))
        .unwrap();
    let x0 = newslens::layout::text_columns(newslens::layout::inner(area)).x;
    app.update(newslens::action::Action::Click(x0 + 10, first));
    app.update(newslens::action::Action::Drag(x0 + 12, first));
    app.update(newslens::action::Action::Drag(x0 + 14, first));
    assert_eq!(app.caret().selection(), Some(newslens::model::Span { start: 10, end: 15 }));
    keys(&mut app, &["m", "C-u", "huawei", "Enter"]);
    assert!(has(&app, "Apple", "huawei") && has(&app, "Apple", "apple"), "{:?}", mentions(&app));
    // Tab means a new entity only in a pick: in other prompts it changes nothing.
    keys(&mut app, &["F", "Tab"]);
    assert!(matches!(app.overlay(), Some(Overlay::Filter(_))), "{}", screen(&app));
    keys(&mut app, &["Esc", "/", "hua", "Tab"]);
    assert_eq!(app.search().map(|s| s.query.as_str()), Some("hua"));
    keys(&mut app, &["Esc", "1"]);
    // `:q` asks first with unsaved edits; `:wq` saves and quits.
    assert!(!keys(&mut app, &[":", "q", "Enter"]));
    assert!(screen(&app).contains("unsaved"), "{}", screen(&app));
    assert!(!keys(&mut app, &[":", "bogus", "Enter"]));
    assert!(screen(&app).contains("unknown command"), "{}", screen(&app));
    keys(&mut app, &["Esc"]);
    assert!(keys(&mut app, &[":", "wq", "Enter"]));
    let saved = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    assert_eq!(saved.corpus.articles[0].mentions.len(), 3);
}

#[test]
fn a_new_entity_and_a_note_made_before_a_kill_are_offered_back() {
    let (mut app, dir, file) = app();
    let journals = dir.path().join("state");
    app.keep_journal(Some(journals.clone()));
    // A new entity on "chips", and a note on "kæmper".
    keys(&mut app, &["1", "$", "B", "m", "Tab", "Enter", "C-u", "PRODUCT", "Enter", "Enter"]);
    keys(&mut app, &["0", "W", "W", "W", "v", "E", "t", "tjek", "Enter"]);
    assert!(has(&app, "chips", "chips"), "{:?}", mentions(&app));
    drop(app);
    let loaded = load_paths(std::slice::from_ref(&file), LoadOptions::default());
    let mut app = App::new(loaded.corpus, (100, 30));
    app.keep_journal(Some(journals.clone()));
    assert!(matches!(app.overlay(), Some(Overlay::Restore { articles: 1, .. })), "{}", screen(&app));
    keys(&mut app, &["r"]);
    assert!(has(&app, "chips", "chips"), "{:?}", mentions(&app));
    let c = &app.data().corpus;
    assert_eq!(c.entities[c.entity_index("chips").unwrap()].kind, "PRODUCT");
    assert_eq!(app.current_article().unwrap().notes[0].text, "tjek");
    counts_agree(&app);
    keys(&mut app, &["u"]);
    assert!(!has(&app, "chips", "chips"), "the restore is undone as one edit");
}

#[test]
fn the_spot_stays_on_its_mention_when_an_edit_moves_the_others() {
    let (mut app, _dir, _file) = app();
    // A mention added before Apple's, then the caret onto Apple: the spot is its mention.
    keys(&mut app, &["1", "W", "m", "C-u", "huawei", "Enter", ")"]);
    let spot_text = |app: &App| match app.selection().cursor {
        Some(newslens::app::TextCursor::Mention(i)) => {
            let a = app.current_article().unwrap();
            let m = &a.mentions[i];
            (a.text.chars().skip(m.span.start).take(m.span.end - m.span.start).collect::<String>(), m.entity)
        }
        other => panic!("no mention at the spot: {other:?}"),
    };
    let apple = app.data().corpus.entity_index("apple").unwrap();
    assert_eq!(spot_text(&app), ("Apple".to_string(), apple));
    // Undone, the mention before it goes and Apple's index moves: the spot follows it.
    keys(&mut app, &["u"]);
    assert_eq!(spot_text(&app), ("Apple".to_string(), apple));
    keys(&mut app, &["C-r"]);
    assert_eq!(spot_text(&app), ("Apple".to_string(), apple));
}
