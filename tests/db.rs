//! Shared archives in PostgreSQL, against a real server: `.ci/run` starts one and names it in
//! `NEWSLENS_TEST_DB`. Without it the tests say so loudly and pass, unless
//! `NEWSLENS_REQUIRE_DB` is set (as in CI), when they fail.

#[path = "support/synth.rs"]
mod synth;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

/// The test database, each test in a schema of its own, or `None` (said loudly) without one.
fn database(schema: &str) -> Option<String> {
    database_at("NEWSLENS_TEST_DB", schema)
}

/// The test database as the variable `var` names it.
fn database_at(var: &str, schema: &str) -> Option<String> {
    let Ok(url) = std::env::var(var) else {
        assert!(std::env::var_os("NEWSLENS_REQUIRE_DB").is_none(), "NEWSLENS_REQUIRE_DB is set but {var} is not");
        // Written to the process's stderr, which the test harness does not capture: one loud line.
        let _ =
            writeln!(std::io::stderr(), "SKIPPED {schema}: no {var}; `.ci/run` starts a PostgreSQL for these tests");
        return None;
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("the test database answers");
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
    Some(format!("{url} options='-c search_path={schema}'"))
}

fn newslens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(args)
        .env_remove("NEWSLENS_DB")
        .env("XDG_CONFIG_HOME", "/nonexistent/newslens-tests")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn article(id: &str, title: &str) -> String {
    format!(
        r#"{{"id": "{id}", "title": "{title}", "date": "2023-09", "text": "Huawei og København\tmødte 🚀.", "entities": [{{"id": "h", "name": "Huawei", "type": "ORG"}}, {{"id": "k", "name": "København", "type": "GPE"}}], "mentions": [{{"entity": "h", "start": 0, "end": 6}}, {{"entity": "k", "start": 10, "end": 19}}]}}"#
    )
}

fn write(dir: &Path, name: &str, lines: &[String]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n")).unwrap();
    p.display().to_string()
}

#[test]
fn push_writes_articles_once_and_again_only_what_changed() {
    let Some(db) = database("push_once") else { return };
    let dir = tempfile::tempdir().unwrap();
    let articles: Vec<String> = (0..2500).map(|i| article(&format!("a{i}"), &format!("Artikel {i}"))).collect();
    let path = write(dir.path(), "c.jsonl", &articles);
    let o = newslens(&["db", "push", &path, "--db", &db]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o), "pushed: 2500 added, 0 updated, 0 unchanged\n");
    let o = newslens(&["db", "push", &path, "--db", &db]);
    assert_eq!(stdout(&o), "pushed: 0 added, 0 updated, 2500 unchanged\n", "a second push changes nothing");
    let mut changed = articles.clone();
    changed[7] = article("a7", "Ny titel");
    let path = write(dir.path(), "c.jsonl", &changed);
    let o = newslens(&["db", "push", &path, "--db", &db]);
    assert_eq!(stdout(&o), "pushed: 0 added, 1 updated, 2499 unchanged\n");

    let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let row = client.query_one("SELECT title, doc FROM articles WHERE id = 'a7'", &[]).unwrap();
    assert_eq!(row.get::<_, String>(0), "Ny titel");
    // The stored record is what export writes, tab and emoji included.
    let doc: String = row.get(1);
    assert!(doc.contains(r#""text":"Huawei og København\tmødte 🚀.""#), "{doc}");
    let n: i64 = client.query_one("SELECT count(*) FROM article_entities WHERE entity = 'h'", &[]).unwrap().get(0);
    assert_eq!(n, 2500);
    let wrong: i64 = client.query_one("SELECT count(*) FROM articles WHERE hash <> md5(doc)", &[]).unwrap().get(0);
    assert_eq!(wrong, 0, "the client's hash is the md5 of the record");
    let v: i32 = client.query_one("SELECT max(version) FROM newslens_migrations", &[]).unwrap().get(0);
    assert!(v >= 1);
}

#[test]
fn articles_with_errors_are_reported_as_check_does_and_not_written() {
    let Some(db) = database("push_errors") else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("good", "G"), "{broken".to_string()]);
    let o = newslens(&["db", "push", &path, "--db", &db]);
    assert_eq!(o.status.code(), Some(1));
    let check = newslens(&["check", &path]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&check.stderr));
    assert_eq!(stdout(&o), "pushed: 1 added, 0 updated, 0 unchanged\n");
}

#[test]
fn a_bad_database_is_an_error_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A")]);
    let o = newslens(&["db", "push", &path, "--db", "postgres://user:s3cret@127.0.0.1:1/nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: cannot connect to database nowhere on 127.0.0.1"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    let o = newslens(&["db", "push", &path]);
    assert_eq!(o.status.code(), Some(2), "no database named");
}

#[test]
fn every_command_answers_from_the_database_as_from_the_files() {
    let Some(db) = database("same_answers") else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut file = std::fs::File::create(&path).unwrap();
    synth::write_corpus(&mut file, 150, Some(80), 7).unwrap();
    drop(file);
    let path = path.display().to_string();
    let o = newslens(&["db", "push", &path, "--db", &db]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Terms taken from the corpus itself: an entity with an alias, a word of a text.
    let first: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&path).unwrap().lines().next().unwrap()).unwrap();
    let with_alias = first["entities"].as_array().unwrap().iter().find(|e| e["aliases"].is_array()).unwrap();
    let (id, alias) = (with_alias["id"].as_str().unwrap(), with_alias["aliases"][0].as_str().unwrap());
    let text = first["text"].as_str().unwrap();
    let word: String =
        text.split(|c: char| !c.is_alphanumeric()).find(|w| w.chars().count() > 5).unwrap().chars().take(4).collect();
    let queries = [
        String::new(),
        format!("entity:{id}"),
        format!("entity:{id} since:2015"),
        format!("-entity:{id} until:2019-06"),
        format!("@\"{alias}\""),
        "type:PERSON -type:event".to_string(),
        "-since:2018 -until:2009-03".to_string(),
        "since:2016-02-29 until:2016-03".to_string(),
        word.clone(),
        format!("-{word} since:2020"),
        format!("\"{}\"", text.split_whitespace().take(2).collect::<Vec<_>>().join(" ")),
        "100%_\\'; DROP TABLE articles; --".to_string(),
        "entity:nobody".to_string(),
    ];
    for q in &queries {
        let at_alias = format!("@{alias}");
        for command in [
            &["articles", "--json"][..],
            &["articles", "--limit", "7"],
            &["related", id, "--json"],
            &["related", &at_alias, "--limit", "5"],
            &["trend", "--json"],
            &["trend", "--by", "day", "--json"],
            &["entities", "--json"],
            &["entities", "--type", "person", "--limit", "9"],
            &["timeline", "--json"],
            &["timeline", "--entity", id, "--json"],
        ] {
            let mut files = command.to_vec();
            let mut dbs = command.to_vec();
            if !q.is_empty() {
                files.extend(["--query", q]);
                dbs.extend(["--query", q]);
            }
            files.push(&path);
            dbs.extend(["--db", &db]);
            let (a, b) = (newslens(&files), newslens(&dbs));
            assert_eq!(String::from_utf8_lossy(&b.stderr), String::from_utf8_lossy(&a.stderr), "{command:?} {q:?}");
            assert_eq!(b.status.code(), a.status.code(), "{command:?} {q:?}");
            let (a, b) = (stdout(&a), stdout(&b));
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            assert!(a == b, "{command:?} {q:?}: files and database differ from line {first:?}");
        }
    }
    // Fuzzy search: candidates from the database, ranked as in memory.
    let name = with_alias["name"].as_str().unwrap();
    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).collect();
    let start: String = name.chars().take(3).collect();
    for text in [name, alias, &initials, &start, "e", "zzzq", "100%_"] {
        for json in [true, false] {
            let mut args = vec!["search", text, "--limit", "25"];
            if json {
                args.push("--json");
            }
            let (a, b) = (newslens(&[&args[..], &[&path]].concat()), newslens(&[&args[..], &["--db", &db]].concat()));
            assert_eq!(b.status.code(), a.status.code(), "search {text:?}");
            assert_eq!(stdout(&b), stdout(&a), "search {text:?}");
        }
    }
    // The query that tried to inject SQL was a word like any other: the table is still there.
    let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let n: i64 = client.query_one("SELECT count(*) FROM articles", &[]).unwrap().get(0);
    assert_eq!(n, 150);
}

#[test]
fn the_explorer_on_a_database_says_when_nothing_matches_and_needs_db_for_a_query() {
    let o = newslens(&["--query", "x"]);
    assert_eq!(o.status.code(), Some(2), "--query without --db is a usage error");
    let Some(db) = database("explorer") else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A")]);
    assert!(newslens(&["db", "push", &path, "--db", &db]).status.success());
    let o = newslens(&["--db", &db, "--query", "entity:nobody"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "newslens: nothing to show: no article in the database matches\n");
    // Something matches, but there is no terminal here: the explorer says so.
    let o = newslens(&["--db", &db, "--query", "entity:h", "--limit", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the explorer needs a terminal"));
}

/// An article of `entities` (id, name), each mentioned once, in that order.
fn article_of(id: &str, date: &str, entities: &[(&str, &str)]) -> String {
    let text: Vec<&str> = entities.iter().map(|e| e.1).collect();
    let text = text.join(" ");
    let (mut defs, mut mentions, mut at) = (Vec::new(), Vec::new(), 0);
    for (e, name) in entities {
        defs.push(serde_json::json!({"id": e, "name": name, "type": "ORG"}));
        let n = name.chars().count();
        mentions.push(serde_json::json!({"entity": e, "start": at, "end": at + n}));
        at += n + 1;
    }
    serde_json::json!({"id": id, "title": id, "date": date, "text": text, "entities": defs, "mentions": mentions})
        .to_string()
}

#[test]
fn ties_and_updates_come_out_as_from_the_files() {
    let Some(db) = database("ties") else { return };
    let dir = tempfile::tempdir().unwrap();
    // Equal counts and names that differ only in case: the order is the files' order.
    let v1 = [
        article_of("t1", "2023-09", &[("z", "Apple"), ("b", "Banana"), ("q", "Apples")]),
        article_of("t2", "2023-09", &[("a", "apple"), ("b", "Banana")]),
        article_of("t3", "2023", &[("c", "Cherry"), ("b", "Banana"), ("y", "APPLE")]),
    ];
    // Then t1 loses an entity, t2 renames one: totals and definitions follow.
    let v2 = [
        article_of("t1", "2023-09", &[("b", "Banana"), ("q", "Apples")]),
        article_of("t2", "2023-09", &[("a", "Apple Inc"), ("b", "Banana")]),
        v1[2].clone(),
    ];
    for (version, lines) in [v1, v2].iter().enumerate() {
        let path = write(dir.path(), &format!("v{version}.jsonl"), lines);
        assert!(newslens(&["db", "push", &path, "--db", &db]).status.success());
        for command in [
            &["entities", "--json"][..],
            &["entities", "--json", "--query", "banana"],
            &["entities", "--limit", "2"],
            &["entities", "--limit", "3", "--type", "org"],
            &["search", "apple", "--json"],
            &["search", "ban"],
            &["search", "apple", "--limit", "1"],
            &["search", "apple", "--limit", "2", "--json"],
            &["search", "aple", "--limit", "3"],
            &["related", "b", "--json"],
            &["related", "b", "--limit", "1"],
            &["entities", "--query", "banana", "--limit", "2"],
            &["entities", "--query", "banana", "--limit", "1", "--type", "org"],
            &["related", "@apple"],
            &["articles", "--json"],
        ] {
            let (a, b) = (newslens(&[command, &[&path]].concat()), newslens(&[command, &["--db", &db]].concat()));
            assert_eq!(String::from_utf8_lossy(&b.stderr), String::from_utf8_lossy(&a.stderr), "{command:?}");
            assert_eq!(stdout(&b), stdout(&a), "v{version}: {command:?}");
        }
    }
}

#[test]
fn tls_is_used_and_checked_as_sslmode_says() {
    // The same server over TCP with TLS (`.ci/run` gives it the certificates in tests/fixtures/tls).
    let Some(url) = database_at("NEWSLENS_TEST_DB_TCP", "tls") else { return };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let (ca, other) =
        (fixtures.join("ca.crt").display().to_string(), fixtures.join("other-ca.crt").display().to_string());
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A")]);
    let o = newslens(&["db", "push", &path, "--db", &format!("{url} sslmode=require")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let listed = |db: String| newslens(&["articles", "--db", &db]);
    let files = stdout(&newslens(&["articles", &path]));
    // Checked against the authority that signed the server's certificate, for this host.
    let o = listed(format!("{url} sslmode=verify-full sslrootcert='{ca}'"));
    assert_eq!((stdout(&o), String::from_utf8_lossy(&o.stderr).into_owned()), (files.clone(), String::new()));
    // Another host name: verify-full refuses, verify-ca (the chain only) accepts.
    let elsewhere = url.replace("host=localhost", "host=db.invalid");
    let o = listed(format!("{elsewhere} sslmode=verify-full sslrootcert='{ca}'"));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: cannot connect to database postgres on db.invalid") && err.contains("certificate"),
        "{err}"
    );
    assert_eq!(stdout(&listed(format!("{elsewhere} sslmode=verify-ca sslrootcert='{ca}'"))), files);
    // An authority that signed nothing of this server's.
    let o = listed(format!("{url} sslmode=verify-full sslrootcert='{other}'"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("certificate"), "{}", String::from_utf8_lossy(&o.stderr));
    // A root file that is not there is named.
    let o = listed(format!("{url} sslmode=verify-full sslrootcert=/nonexistent/ca.pem"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read the root certificates /nonexistent/ca.pem"));
}

#[test]
fn an_archive_of_the_first_schema_is_migrated_and_answers_as_files_do() {
    let Some(db) = database("migrated") else { return };
    let dir = tempfile::tempdir().unwrap();
    // Both articles' canonical records, as every push stores them.
    let mut with_event: serde_json::Value =
        serde_json::from_str(&article_of("old", "2022", &[("z", "Zeta"), ("b", "Beta")])).unwrap();
    with_event["events"] = serde_json::json!([
        {"id": "x", "title": "Før", "date": "-44", "end_date": "2023-05-01", "entities": ["z", "b"]},
        {"id": "y", "title": "Undated"}
    ]);
    let path = write(dir.path(), "in.jsonl", &[with_event.to_string()]);
    let old = newslens(&["import", &path, "-o", "-"]);
    let old = String::from_utf8(old.stdout).unwrap();
    let old = old.trim_end();
    // A push of the first schema's time, by hand: its tables and rows as it wrote them.
    let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    client.batch_execute(include_str!("../migrations/0001_articles.sql")).unwrap();
    client
        .batch_execute(
            "CREATE TABLE newslens_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now());
             INSERT INTO newslens_migrations (version) VALUES (1);",
        )
        .unwrap();
    client
        .execute(
            "INSERT INTO articles (id, title, year, doc, words, hash)
             VALUES ('old', 'old', 2022, $1, array_to_tsvector(ARRAY['zeta', 'beta']), md5($1))",
            &[&old],
        )
        .unwrap();
    client
        .batch_execute(
            "INSERT INTO article_entities VALUES ('old', 'z', 'ORG', 'Zeta', '{zeta}', 1), ('old', 'b', 'ORG', 'Beta', '{beta}', 1)",
        )
        .unwrap();
    let o = newslens(&["entities", "--db", &db]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("schema is version 1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The next push migrates it; then it answers as a file of both articles does.
    let new = write(dir.path(), "new.jsonl", &[article_of("new", "2023", &[("b", "Beta"), ("c", "Gamma")])]);
    let o = newslens(&["db", "push", &new, "--db", &db]);
    assert_eq!(stdout(&o), "pushed: 1 added, 0 updated, 0 unchanged\n", "{}", String::from_utf8_lossy(&o.stderr));
    let both = write(dir.path(), "both.jsonl", &[old.to_string(), std::fs::read_to_string(&new).unwrap()]);
    for command in [
        &["entities", "--json"][..],
        &["search", "eta", "--json"],
        &["related", "b"],
        &["articles"],
        &["timeline", "--json"],
    ] {
        let (a, b) = (newslens(&[command, &[&both]].concat()), newslens(&[command, &["--db", &db]].concat()));
        assert_eq!(stdout(&b), stdout(&a), "{command:?}: {}", String::from_utf8_lossy(&b.stderr));
    }
    let o = newslens(&["articles", "--db", &db.replace("search_path=migrated", "search_path=nowhere")]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no newslens archive here"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn the_timeline_comes_out_as_from_the_files() {
    let Some(db) = database("timeline") else { return };
    let dir = tempfile::tempdir().unwrap();
    // Same dates, end dates or none, titles that sort by bytes, an undated event, and an event
    // id two articles share (it counts once, where it first comes).
    let with_events = |id: &str, events: serde_json::Value| {
        let mut a: serde_json::Value =
            serde_json::from_str(&article_of(id, "2023", &[("b", "Beta"), ("c", "Gamma")])).unwrap();
        a["events"] = events;
        a.to_string()
    };
    let lines = [
        with_events(
            "t1",
            serde_json::json!([
                {"id": "shared", "title": "b later", "date": "2023-05", "entities": ["b"]},
                {"id": "e1", "title": "Zebra", "date": "2023-05"},
                {"id": "e2", "title": "apple", "date": "2023-05", "end_date": "2023-06", "entities": ["c"]},
                {"id": "e3", "title": "undated"},
            ]),
        ),
        with_events(
            "t2",
            serde_json::json!([
                {"id": "shared", "title": "a first", "date": "2023-05", "entities": ["c"]},
                {"id": "e4", "title": "Zebra", "date": "2023-05-01"},
                {"id": "e5", "title": "old", "date": "-44", "entities": ["b", "c"]},
                {"id": "e6", "title": "apple", "date": "2023-05"},
            ]),
        ),
    ];
    let path = write(dir.path(), "t.jsonl", &lines);
    assert!(newslens(&["db", "push", &path, "--db", &db]).status.success());
    let files = stdout(&newslens(&["timeline", &path]));
    assert_eq!(files.lines().count(), 7, "one line per distinct event: {files}");
    assert!(
        files.lines().next().is_some_and(|l| l.contains("old"))
            && files.contains("a first")
            && !files.contains("b later"),
        "{files}"
    );
    for command in [
        &["timeline", "--json"][..],
        &["timeline"],
        &["timeline", "--entity", "c", "--json"],
        &["timeline", "--entity", "b", "--limit", "2"],
        &["timeline", "--entity", "nobody"],
        &["timeline", "--limit", "3", "--query", "since:2023"],
    ] {
        let (a, b) = (newslens(&[command, &[&path]].concat()), newslens(&[command, &["--db", &db]].concat()));
        assert_eq!(String::from_utf8_lossy(&b.stderr), String::from_utf8_lossy(&a.stderr), "{command:?}");
        assert_eq!(b.status.code(), a.status.code(), "{command:?}");
        assert_eq!(stdout(&b), stdout(&a), "{command:?}");
    }
}

#[test]
fn a_timeline_file_is_said_not_to_be_pushed() {
    let Some(db) = database("timelinejs") else { return };
    let dir = tempfile::tempdir().unwrap();
    let tl = r#"{"events": [{"start_date": {"year": "2020"}, "text": {"headline": "One"}}, {"start_date": {"year": "2021"}, "text": {"headline": "Two"}}]}"#;
    let path = dir.path().join("t.json");
    std::fs::write(&path, tl).unwrap();
    let o = newslens(&["db", "push", &path.display().to_string(), "--db", &db]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: 2 events of no article (a timeline file's) not pushed"), "{err}");
    assert_eq!(stdout(&o), "pushed: 0 added, 0 updated, 0 unchanged\n");
}
