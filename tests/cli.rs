//! Every command through the real binary: stdout, stderr and exit code.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn newslens(args: &[&str]) -> Output {
    // The user's own config file must not change what the tests see.
    Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(args)
        .env_remove("NEWSLENS_CONFIG")
        .env_remove("NEWSLENS_DB")
        .env("XDG_CONFIG_HOME", "/nonexistent/newslens-tests")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).expect("stdout is JSON")
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

const CITY: &str = r#"{"id": "cph", "title": "By", "text": "København og Müller i Århus",
 "entities": [{"id": "kbh", "name": "København", "type": "GPE"},
              {"id": "mul", "name": "Thomas Müller", "type": "PERSON", "aliases": ["Müller"]},
              {"id": "aar", "name": "Aarhus", "type": "GPE", "aliases": ["Århus"]}],
 "mentions": [{"entity": "kbh", "start": 0, "end": 9}, {"entity": "mul", "start": 13, "end": 19},
              {"entity": "aar", "start": 22, "end": 27, "text": "Århus"}],
 "events": [{"id": "e1", "date": "2020", "title": "Year", "entities": ["kbh"]},
            {"id": "e2", "date": "2019-06-01", "end_date": "2019-06", "title": "Bad range"}]}"#;

#[test]
fn check_summarises_the_built_in_example() {
    let o = newslens(&["check"]);
    assert_eq!(stdout(&o), "ok: 1 article, 17 entities, 57 mentions, 17 events, 0 warnings\n");
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn check_reports_every_error_with_its_place_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", CITY);
    let o = newslens(&["check", &bad]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        format!(
            "{bad}:8:60: error: end_date 2019-06 is before date 2019-06-01\n1 error found; fix it and run `newslens check` again\n"
        )
    );
    let missing = dir.path().join("missing.json").display().to_string();
    let o = newslens(&["entities", &missing]);
    assert_eq!(o.status.code(), Some(3), "a missing input is a data problem");
    assert!(stderr(&o).starts_with(&format!("{missing}: error: cannot read: no such file or directory\n")));
}

#[test]
fn entities_are_sorted_by_mentions_then_name_and_filter_by_type() {
    let o = newslens(&["entities", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 17);
    assert_eq!(rows[0]["id"], "huawei");
    assert_eq!(rows[0]["mentions"], 14);
    assert_eq!(rows[0]["articles"], 1);
    assert_eq!(rows[0]["aliases"][0], "Huaweis");
    let counts: Vec<u64> = rows.iter().map(|r| r["mentions"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));

    let o = newslens(&["entities", "--type", "person"]);
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 2, "header + Jensen Huang:\n{text}");
    assert!(text.lines().nth(1).unwrap().contains("Jensen Huang"));
}

#[test]
fn timeline_is_in_date_order_keeps_precision_and_filters_by_entity() {
    let o = newslens(&["timeline", "--entity", "nvidia", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let rows = v.as_array().unwrap();
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2020-05-14", "2022-08-26", "2023-08-24"]);
    assert_eq!(rows[2]["end_date"], "2023-08-27");
    assert_eq!(rows[0]["end_date"], Value::Null);
    assert!(rows.iter().all(|r| r["entities"].as_array().unwrap().iter().any(|e| e == "nvidia")));
    assert_eq!(rows[0]["article"], "huawei-rival-2023-09");

    let o = newslens(&["timeline"]);
    assert!(stdout(&o).lines().next().unwrap().starts_with("2019-05-15 "));
    assert!(stdout(&o).contains("2023-08-24 – 2023-08-27"));

    let o = newslens(&["timeline", "--entity", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no entity has the id or the name \"nope\""), "{}", stderr(&o));
}

#[test]
fn search_is_fuzzy_and_folds_case_and_diacritics() {
    let o = newslens(&["search", "nvid", "--json"]);
    let v = json(&o);
    assert_eq!(v[0]["name"], "NVIDIA");
    assert_eq!(v[0]["indices"], serde_json::json!([0, 1, 2, 3]));

    let o = newslens(&["search", "china", "--json", "--limit", "1"]);
    let v = json(&o);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["name"], "Kina");
    assert_eq!(v[0]["matched"], "China");

    let dir = tempfile::tempdir().unwrap();
    let city = write(dir.path(), "city.json", &CITY.replace("\"end_date\": \"2019-06\", ", ""));
    let v = json(&newslens(&["search", "kobenhavn", &city, "--json"]));
    assert_eq!(v[0]["name"], "København");
    assert_eq!(v[0]["indices"], serde_json::json!([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    let v = json(&newslens(&["search", "muller", &city, "--json"]));
    assert_eq!(v[0]["name"], "Thomas Müller");
    assert_eq!(v[0]["matched"], "Müller", "the shorter alias matches best");
    assert_eq!(v[0]["indices"], serde_json::json!([0, 1, 2, 3, 4, 5]));
    let v = json(&newslens(&["search", "arhus", &city, "--json"]));
    assert_eq!(v[0]["matched"], "Århus");

    let o = newslens(&["search", "zzzz"]);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("", Some(1)), "nothing matched: 1, stdout clean");
    assert_eq!(stderr(&o), "newslens: no entity matches \"zzzz\"\n");
}

#[test]
fn export_writes_canonical_jsonl_that_loads_back_the_same() {
    let o = newslens(&["export", "--to", "jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "round.jsonl", &out);
    let again = newslens(&["export", "--to", "jsonl", &path]);
    assert_eq!(stdout(&again), out, "export is a fixed point");
    assert_eq!(stdout(&newslens(&["check", &path])), stdout(&newslens(&["check"])));
}

#[test]
fn usage_errors_exit_2() {
    let o = newslens(&["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = newslens(&["export", "--to", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pdf"));
}

#[test]
fn the_explorer_without_a_terminal_points_at_the_commands() {
    // `output()` pipes stdin and stdout, so there is no terminal.
    let o = newslens(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("the explorer needs a terminal"), "{}", stderr(&o));
    assert!(stderr(&o).contains("newslens check | entities | timeline | search | export"));
}

#[test]
fn the_explorer_reports_data_errors_like_check_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", CITY);
    let o = newslens(&[&bad]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), stderr(&newslens(&["check", &bad])));
}

#[test]
fn a_mistake_in_the_config_file_stops_every_command_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.toml", "theme = \"light\"\n[keys.normal]\nquit = [\"j\"]\n");
    let o = newslens(&["--config", &path, "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "{path}:3:8: error: [keys.normal] key \"j\" is bound to both \"down\" and \"quit\" in this mode; unbind one (a = [])\n"
        )
    );
    let o = Command::new(env!("CARGO_BIN_EXE_newslens")).arg("check").env("NEWSLENS_CONFIG", &path).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "NEWSLENS_CONFIG names the file too");
    let o = newslens(&["--config", &path, "config"]);
    assert_eq!(o.status.code(), Some(2));
    let missing = dir.path().join("nope.toml");
    let o = newslens(&["--config", missing.to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(2), "a named file must exist: {}", stderr(&o));
}

#[test]
fn config_link_is_the_default_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let conf = write(dir.path(), "config.toml", "link = \"none\"\n");
    write(dir.path(), "a.txt", "Huawei.\n");
    write(dir.path(), "a.ann", "T1\tORG 0 6\tHuawei\n");
    write(dir.path(), "b.txt", "Huawei.\n");
    let b = write(dir.path(), "b.ann", "T1\tORG 0 6\tHuawei\n");
    let a = dir.path().join("a.ann").display().to_string();
    let count = |o: &Output| json(o).as_array().unwrap().len();
    assert_eq!(count(&newslens(&["entities", "--json", &a, &b])), 1, "linked by name by default");
    assert_eq!(count(&newslens(&["--config", &conf, "entities", "--json", &a, &b])), 2, "the config's link");
    assert_eq!(count(&newslens(&["--config", &conf, "entities", "--json", "--link", "name", &a, &b])), 1);
}

#[test]
fn the_default_config_completions_and_man_page_are_printed() {
    let o = newslens(&["config", "--default"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("theme = \"dark\"") && text.contains("# quit = [\"q\", \"Ctrl-c\"]"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.toml", &text);
    assert_eq!(stdout(&newslens(&["--config", &path, "config"])), format!("ok: {path}\n"));
    let o = newslens(&["completions", "bash"]);
    assert!(o.status.success() && stdout(&o).contains("newslens"), "{}", stderr(&o));
    let o = newslens(&["completions", "zsh"]);
    assert!(o.status.success() && stdout(&o).contains("#compdef newslens"));
    let o = newslens(&["man"]);
    let page = stdout(&o);
    assert!(o.status.success() && page.contains(".TH newslens"), "{page}");
    for section in ["EXPLORER", "QUERIES", "FORMATS", "FILES", "ENVIRONMENT", "\"EXIT STATUS\"", "EXAMPLES"] {
        assert!(page.contains(&format!(".SH {section}")), "the manual has {section}");
    }
    assert!(page.contains("NEWSLENS_DB") && page.contains("NO_COLOR") && page.contains("label\\-studio"), "{page}");
    // --dir writes the page of every command the top page refers to.
    let pages = dir.path().join("man1");
    let o = newslens(&["man", "--dir", pages.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let top = std::fs::read_to_string(pages.join("newslens.1")).unwrap();
    assert_eq!(top, page);
    let referred: Vec<&str> = page
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter_map(|w| w.strip_suffix("(1)"))
        .filter(|w| w.starts_with("newslens\\-") || w.starts_with("newslens-"))
        .collect();
    assert!(referred.len() >= 12, "{referred:?}");
    for name in referred {
        let file = pages.join(format!("{}.1", name.replace("\\-", "-")));
        assert!(file.is_file(), "{} is referred to and written", file.display());
    }
    let push = std::fs::read_to_string(pages.join("newslens-db-push.1")).unwrap();
    assert!(push.contains(".TH newslens-db-push"), "{push}");
}

#[test]
fn options_may_come_before_the_command_but_paths_may_not() {
    let o = newslens(&["--link", "kb", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = newslens(&["a.json", "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("paths go after it, e.g. newslens check a.json"), "{}", stderr(&o));
}

#[test]
fn a_config_that_is_no_regular_file_is_refused_at_once() {
    // /dev/zero would fill memory and a FIFO with no writer would block for ever.
    let o = newslens(&["entities", "--config", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "/dev/zero: error: not a regular file (a directory, FIFO, socket or device); give a file\n");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("c.toml");
    if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let o = newslens(&["entities", "--config", &fifo.display().to_string()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    // Not UTF-8: said with its place.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, b"theme = \"light\"\n# caf\xe9\n").unwrap();
    let o = newslens(&["entities", "--config", &bad.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with(&format!("{}:2:6: error:", bad.display())), "{}", stderr(&o));
}

#[test]
fn an_export_whose_query_matches_nothing_says_so() {
    let o = newslens(&["export", "--to", "jsonl", "-q", "zzzzq"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "newslens: nothing to write: no article matches the query\n");
    assert!(o.stdout.is_empty());
}

#[test]
fn the_explorer_on_a_database_opens_at_least_one_article() {
    let o = newslens(&["--db", "host=nowhere", "--limit", "0"]);
    assert_eq!(o.status.code(), Some(2), "a usage error, before any database is asked");
    assert!(stderr(&o).contains("--limit"), "{}", stderr(&o));
}

#[test]
fn the_explorer_takes_a_query_on_files_and_says_a_mistake_before_the_screen_opens() {
    let o = newslens(&["--query", "entiy:x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("query:1:1: error: unknown field \"entiy\"; did you mean entity:?"),
        "{}",
        stderr(&o)
    );
    let o = newslens(&["--limit", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: --limit is for a database (--db URL or $NEWSLENS_DB)\n");
    // A right query on files reaches the explorer, which needs a terminal here.
    let o = newslens(&["--query", "entity:huawei"]);
    assert!(stderr(&o).contains("the explorer needs a terminal"), "{}", stderr(&o));
}

#[test]
fn tables_in_a_pipe_are_never_cut_nor_end_in_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Det Kongelige Danske Videnskabernes Selskab i København";
    let text = format!("{name} og Zoë.");
    let article = serde_json::json!({"id": "a", "title": "T", "text": text,
        "entities": [{"id": "dkdvs", "name": name, "type": "Organization"}, {"id": "z", "name": "Zoë", "type": "PER"}],
        "mentions": [{"entity": "dkdvs", "start": 0, "end": name.chars().count()}, {"entity": "z", "start": name.chars().count() + 4, "end": name.chars().count() + 7}]});
    let path = write(dir.path(), "a.json", &article.to_string());
    for args in
        [vec!["entities", path.as_str()], vec!["related", "z", path.as_str()], vec!["search", "dans", path.as_str()]]
    {
        let o = newslens(&args);
        let text = stdout(&o);
        assert!(text.contains(name) && text.contains("Organization"), "{args:?}: {text}");
        assert!(text.lines().all(|l| !l.ends_with(' ')), "{args:?}: {text:?}");
        assert!(!text.contains('…'), "{args:?}: {text}");
    }
    assert!(stdout(&newslens(&["search", "dans", &path])).starts_with("SCORE TYPE"), "search has a header");
}

#[test]
fn quiet_says_no_warnings_and_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.conll", "Zoë B-PER\n\nÆrø B-LOC\n");
    let o = newslens(&["entities", &p]);
    assert!(stderr(&o).contains("warning: no -DOCSTART-"), "{}", stderr(&o));
    let o = newslens(&["entities", &p, "--quiet"]);
    assert_eq!(stderr(&o), "");
    assert!(stdout(&o).contains("Zoë"));
    let bad = write(dir.path(), "b.conll", "Zoë B-PER\nx Q-PER\n\nÆrø B-LOC\n");
    let o = newslens(&["check", &bad, "--quiet"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("error: read as CoNLL columns"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning:"), "{}", stderr(&o));
}

#[test]
fn every_command_follows_the_exit_status_table() {
    let dir = tempfile::tempdir().unwrap();
    // 1: nothing matched, said on stderr, stdout clean (and `--json` prints its empty list).
    for args in [
        &["articles", "-q", "zzzzq"][..],
        &["entities", "--type", "NOPE"],
        &["timeline", "-q", "zzzzq"],
        &["trend", "-q", "zzzzq"],
    ] {
        let o = newslens(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(stderr(&o).starts_with("newslens: no "), "{args:?}: {}", stderr(&o));
    }
    let o = newslens(&["articles", "-q", "zzzzq", "--json"]);
    assert_eq!((stdout(&o).trim(), o.status.code()), ("[]", Some(1)));
    // 2: usage; 3: data; 4: an output that is already there is not overwritten.
    assert_eq!(newslens(&["articles", "--nope"]).status.code(), Some(2));
    let missing = dir.path().join("missing.json").display().to_string();
    assert_eq!(newslens(&["check", &missing]).status.code(), Some(3));
    let there = write(dir.path(), "there.jsonl", "keep me\n");
    let o = newslens(&["export", "--to", "jsonl", "-o", &there]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&there).unwrap(), "keep me\n");
    // The README's table says the same.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for row in ["| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"] {
        assert!(readme.contains(row), "the README's exit status table has {row}");
    }
}

#[test]
fn timeline_and_related_take_names_and_say_when_a_name_is_shared() {
    let dir = tempfile::tempdir().unwrap();
    let article = |id: &str, person: &str| {
        format!(
            r#"{{"id": "{id}", "title": "T {id}", "text": "Mathilde Fernández og Huawei.", "entities": [{{"id": "{person}", "name": "Mathilde Fernández", "type": "PERSON"}}, {{"id": "h", "name": "Huawei", "type": "ORG", "aliases": ["Huaweis"]}}], "mentions": [{{"entity": "{person}", "start": 0, "end": 18}}, {{"entity": "h", "start": 22, "end": 28}}], "events": [{{"id": "ev-{id}", "date": "2023-0{n}", "title": "E {id}", "entities": ["h", "{person}"]}}]}}"#,
            n = id.len()
        )
    };
    let p = write(dir.path(), "two.jsonl", &[article("a", "mf1"), article("bb", "mf2")].join("\n"));
    let o = newslens(&["related", "Mathilde Fernández", &p]);
    assert_eq!(o.status.code(), Some(2));
    let said = stderr(&o);
    assert!(said.starts_with("error: 2 entities are called \"Mathilde Fernández\"; name one by its id:"), "{said}");
    assert!(said.contains("mf1  PERSON  Mathilde Fernández  1 mention") && said.contains("mf2  PERSON"), "{said}");
    // Thousands sharing a name: the most mentioned are listed, the rest counted.
    let many: Vec<String> = (0..25).map(|i| article(&format!("m{i}"), &format!("p{i}"))).collect();
    let crowd = write(dir.path(), "many.jsonl", &many.join("\n"));
    let said = stderr(&newslens(&["related", "Mathilde Fernández", &crowd]));
    assert!(said.starts_with("error: 25 entities are called"), "{said}");
    assert_eq!(said.lines().filter(|l| l.contains("PERSON  Mathilde")).count(), 20, "{said}");
    assert!(said.contains("\n  … and 5 more"), "{said}");
    let o = newslens(&["related", "mf2", &p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Huawei"));
    // The timeline names its entities, and takes a name or an alias for --entity.
    let o = newslens(&["timeline", "--entity", "Huaweis", &p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("[Huawei, Mathilde Fernández]"), "{out}");
    assert!(!out.contains("mf1"), "names, not ids: {out}");
    let v = json(&newslens(&["timeline", "--entity", "h", &p, "--json"]));
    assert_eq!(v[0]["entities"], serde_json::json!(["h", "mf1"]), "--json keeps the ids");
    assert_eq!(v[0]["names"], serde_json::json!(["Huawei", "Mathilde Fernández"]));
}
