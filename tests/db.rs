//! Shared archives in PostgreSQL through the binary, against a real server (see
//! `support/pg.rs`): pushing, what is printed, errors, TLS, migrations. That the database
//! answers every question as the files do is `tests/archive.rs`, in-process.

#[path = "support/articles.rs"]
mod articles;
#[path = "support/pg.rs"]
mod pg;

use std::path::Path;
use std::process::{Command, Output};

use pg::{database, database_at};

fn newslens(args: &[&str]) -> Output {
    // `search --db` keeps a copy of the archive's names in the cache directory: one of its
    // own for each run, not the user's.
    let cache = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(args)
        .env_remove("NEWSLENS_DB")
        .env("XDG_CONFIG_HOME", "/nonexistent/newslens-tests")
        .env("XDG_CACHE_HOME", cache.path())
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
    assert_eq!(o.status.code(), Some(3));
    let check = newslens(&["check", &path]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&check.stderr));
    assert_eq!(stdout(&o), "pushed: 1 added, 0 updated, 0 unchanged\n");
}

#[test]
fn a_bad_database_is_an_error_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A")]);
    let o = newslens(&["db", "push", &path, "--db", "postgres://user:s3cret@127.0.0.1:1/nowhere"]);
    assert_eq!(o.status.code(), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: cannot connect to database nowhere on 127.0.0.1"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    let o = newslens(&["db", "push", &path]);
    assert_eq!(o.status.code(), Some(2), "no database named");
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
    assert_eq!(o.status.code(), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: cannot connect to database postgres on db.invalid") && err.contains("certificate"),
        "{err}"
    );
    assert_eq!(stdout(&listed(format!("{elsewhere} sslmode=verify-ca sslrootcert='{ca}'"))), files);
    // An authority that signed nothing of this server's.
    let o = listed(format!("{url} sslmode=verify-full sslrootcert='{other}'"));
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stderr).contains("certificate"), "{}", String::from_utf8_lossy(&o.stderr));
    // A root file that is not there is named.
    let o = listed(format!("{url} sslmode=verify-full sslrootcert=/nonexistent/ca.pem"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read the root certificates /nonexistent/ca.pem"));
    // A device or FIFO is refused, not read until memory runs out.
    let o = listed(format!("{url} sslmode=verify-full sslrootcert=/dev/zero"));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("/dev/zero: not a regular file"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn an_archive_of_the_first_schema_is_migrated_and_answers_as_files_do() {
    let Some(db) = database("migrated") else { return };
    let dir = tempfile::tempdir().unwrap();
    // Both articles' canonical records, as every push stores them.
    let mut with_event: serde_json::Value =
        serde_json::from_str(&articles::article_of("old", "2022", &[("z", "Zeta"), ("b", "Beta")])).unwrap();
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
    assert_eq!(o.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("schema is version 1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The next push migrates it; then it answers as a file of both articles does.
    let new = write(dir.path(), "new.jsonl", &[articles::article_of("new", "2023", &[("b", "Beta"), ("c", "Gamma")])]);
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

#[test]
fn two_pushes_at_once_both_succeed() {
    let Some(db) = database("concurrent") else { return };
    let dir = tempfile::tempdir().unwrap();
    // Overlapping articles and entities, into an archive neither has migrated yet.
    let a: Vec<String> = (0..300).map(|i| article(&format!("a{i}"), "A")).collect();
    let b: Vec<String> = (150..450).map(|i| article(&format!("a{i}"), "B")).collect();
    let (pa, pb) = (write(dir.path(), "a.jsonl", &a), write(dir.path(), "b.jsonl", &b));
    let spawn = |path: &str| {
        Command::new(env!("CARGO_BIN_EXE_newslens"))
            .args(["db", "push", path, "--db", &db])
            .env("XDG_CONFIG_HOME", "/nonexistent/newslens-tests")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("binary runs")
    };
    let (first, second) = (spawn(&pa), spawn(&pb));
    for o in [first.wait_with_output().unwrap(), second.wait_with_output().unwrap()] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let n: i64 = client.query_one("SELECT count(*) FROM articles", &[]).unwrap().get(0);
    assert_eq!(n, 450);
    let refs: i64 = client.query_one("SELECT articles FROM entities WHERE id = 'h'", &[]).unwrap().get(0);
    assert_eq!(refs, 450, "the entity's totals count every article once");
}

#[test]
fn reading_sessions_end_a_question_that_runs_too_long() {
    let Some(db) = database("timeout") else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A")]);
    assert!(newslens(&["db", "push", &path, "--db", &db]).status.success());
    let mut client = newslens::store::open(&db).unwrap();
    let timeout: String = client.query_one("SHOW statement_timeout", &[]).unwrap().get(0);
    assert_eq!(timeout, newslens::store::READ_TIMEOUT, "a killed client's query does not run on for ever");
}

/// The archive's indexes as (name, definition without the schema), and how many wait to be made.
fn indexes(client: &mut postgres::Client) -> (Vec<(String, String)>, i64) {
    let rows = client
        .query(
            "SELECT c.relname::text, replace(pg_get_indexdef(c.oid), current_schema() || '.', '')
             FROM pg_class c WHERE c.relkind = 'i' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
            &[],
        )
        .unwrap();
    let waiting = client.query_one("SELECT count(*) FROM newslens_deferred_indexes", &[]).unwrap().get(0);
    (rows.iter().map(|r| (r.get(0), r.get(1))).collect(), waiting)
}

#[test]
fn a_first_push_makes_its_indexes_at_its_end_and_one_stopped_is_finished_by_the_next() {
    let (Some(small), Some(big)) = (database("indexes_small"), database("indexes_big")) else { return };
    let dir = tempfile::tempdir().unwrap();
    let one = write(dir.path(), "one.jsonl", &[article("a0", "Artikel 0")]);
    // More than a batch into an empty archive: its indexes are dropped and made at the end.
    let articles: Vec<String> =
        (0..newslens::store::BATCH + 200).map(|i| article(&format!("a{i}"), &format!("Artikel {i}"))).collect();
    let many = write(dir.path(), "many.jsonl", &articles);
    assert!(newslens(&["db", "push", &one, "--db", &small]).status.success());
    assert!(newslens(&["db", "push", &many, "--db", &big]).status.success());
    let mut client = postgres::Client::connect(&small, postgres::NoTls).unwrap();
    let (made_as_it_went, _) = indexes(&mut client);
    let mut client = postgres::Client::connect(&big, postgres::NoTls).unwrap();
    assert_eq!(indexes(&mut client), (made_as_it_went.clone(), 0));
    assert!(made_as_it_went.iter().any(|(name, _)| name == "articles_words"), "{made_as_it_went:?}");

    // A push stopped after dropping them leaves their definitions: the next push makes them.
    client
        .batch_execute(
            "INSERT INTO newslens_deferred_indexes SELECT 'articles_words', pg_get_indexdef('articles_words'::regclass);
             INSERT INTO newslens_deferred_indexes SELECT 'entities_mentions', pg_get_indexdef('entities_mentions'::regclass);
             DROP INDEX articles_words, entities_mentions;",
        )
        .unwrap();
    // Meanwhile the archive answers as before, only slower.
    let ask = || stdout(&newslens(&["articles", "--db", &big, "--query", "huawei", "--limit", "3"]));
    let before = ask();
    assert_eq!(before.lines().count(), 4, "{before}");
    let o = newslens(&["db", "push", &one, "--db", &big]);
    assert_eq!(stdout(&o), "pushed: 0 added, 0 updated, 1 unchanged\n");
    assert_eq!(indexes(&mut client), (made_as_it_went, 0));
    assert_eq!(ask(), before);
}

#[test]
fn long_records_are_stored_compressed_as_the_archive_compresses_them() {
    let Some(db) = database("push_compression") else { return };
    let dir = tempfile::tempdir().unwrap();
    // Records long enough to be compressed, in two pushes: new articles, then changed ones.
    let long = |i: usize, word: &str| {
        let text = format!("{word} Huawei og København. ").repeat(200);
        format!(r#"{{"id": "a{i}", "title": "T{i}", "text": "{text}"}}"#)
    };
    let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    for word in ["først", "siden"] {
        let lines: Vec<String> = (0..30).map(|i| long(i, word)).collect();
        let path = write(dir.path(), "c.jsonl", &lines);
        let o = newslens(&["db", "push", &path, "--db", &db]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let column: Option<String> = client
            .query_one(
                "SELECT to_jsonb(a) ->> 'attcompression' FROM pg_attribute a WHERE attrelid = 'articles'::regclass AND attname = 'doc'",
                &[],
            )
            .unwrap()
            .get(0);
        let want = if column.as_deref() == Some("l") { "lz4" } else { "pglz" };
        let stored: Vec<Option<String>> = client
            .query("SELECT DISTINCT pg_column_compression(doc) FROM articles", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(stored, [Some(want.to_string())], "pushed with {word:?}");
        let o = newslens(&["articles", "--db", &db, "--query", word]);
        assert_eq!(stdout(&o).lines().count(), 31, "{}", stdout(&o));
    }
}

#[test]
fn what_postgresql_cannot_hold_is_refused_per_article_and_the_rest_is_pushed() {
    let Some(db) = database("push_limits") else { return };
    let dir = tempfile::tempdir().unwrap();
    let nul_title = article("nul", "Titel\\u0000med NUL");
    let nul_entity = r#"{"id": "nul-entity", "title": "N", "text": "Zoë", "entities": [{"id": "z", "name": "Zo\u0000ë", "type": "PER"}], "mentions": [{"entity": "z", "start": 0, "end": 3}]}"#.to_string();
    // A word longer than PostgreSQL indexes, and a text of more distinct words than it holds.
    let long = "ø".repeat(3000);
    let long_word = format!(r#"{{"id": "long", "title": "L", "text": "kort {long} ord"}}"#);
    let many: Vec<String> = (0..120_000).map(|i| format!("ord{i:07}x")).collect();
    let huge = format!(r#"{{"id": "huge", "title": "H", "text": "{}"}}"#, many.join(" "));
    let lines = [article("good", "G"), nul_title, nul_entity, long_word, huge, article("good2", "G2")];
    let path = write(dir.path(), "c.jsonl", &lines);
    let o = newslens(&["db", "push", &path, "--db", &db]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stdout(&o), "pushed: 3 added, 0 updated, 0 unchanged, 3 not pushed\n");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "{path}: error: article \"nul\" not pushed: its title holds a NUL character (\\u0000), which PostgreSQL cannot store\n\
             {path}: error: article \"nul-entity\" not pushed: entity \"z\" holds a NUL character (\\u0000), which PostgreSQL cannot store\n\
             {path}: error: article \"huge\" not pushed: its distinct words take 1320000 bytes; PostgreSQL's word index holds at most 1000000 (split the text into several articles)\n"
        )
    );
    // The long word is found by its beginning, as in the files.
    let ask = |q: &str| stdout(&newslens(&["articles", "--db", &db, "--query", q]));
    let files = |q: &str| stdout(&newslens(&["articles", &path, "--query", q]));
    for q in ["øøøø", &"ø".repeat(1023), "kort", "ord"] {
        assert!(ask(q).contains("long"), "{q}");
    }
    assert_eq!(ask("øøøø"), files("øøøø"));
}

#[test]
fn a_stopped_client_stops_its_question_on_the_server() {
    let Some(db) = database("cancel") else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A")]);
    assert!(newslens(&["db", "push", &path, "--db", &db]).status.success());
    // A lock held here keeps the client's question waiting on the server.
    let mut holder = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let mut lock = holder.transaction().unwrap();
    lock.batch_execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(["articles", "--db", &db, "--query", "huawei"])
        .env("XDG_CONFIG_HOME", "/nonexistent/newslens-tests")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut watcher = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let waiting = |w: &mut postgres::Client| -> Option<i32> {
        let rows = w
            .query(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND state = 'active'
                   AND query LIKE '%words @@%' AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap();
        rows.first().map(|r| r.get(0))
    };
    let started = std::time::Instant::now();
    let pid = loop {
        if let Some(pid) = waiting(&mut watcher) {
            break pid;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the question never reached the server");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    // The shell's own `kill`: there on every machine that runs the tests.
    Command::new("sh").args(["-c", &format!("kill -INT {}", child.id())]).status().unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let started = std::time::Instant::now();
    loop {
        let alive: i64 = watcher
            .query_one("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", &[&pid])
            .unwrap()
            .get(0);
        if alive == 0 {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "the server still runs the question");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    lock.rollback().unwrap();
}

#[test]
fn newslens_db_serves_every_command_without_paths_and_export_writes_from_it() {
    let Some(db) = database("env_and_export") else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.jsonl", &[article("a", "A"), article("b", "B")]);
    assert!(newslens(&["db", "push", &path, "--db", &db]).status.success());
    let with_env = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_newslens"))
            .args(args)
            .env("NEWSLENS_DB", &db)
            .env("XDG_CONFIG_HOME", "/nonexistent/newslens-tests")
            .output()
            .unwrap()
    };
    // No PATH: the database; a PATH named wins over the environment.
    let o = with_env(&["articles", "--json"]);
    assert!(stdout(&o).contains("\"id\": \"b\""), "{}", String::from_utf8_lossy(&o.stderr));
    let example = with_env(&["articles", &path, "--json"]);
    assert_eq!(stdout(&example), stdout(&newslens(&["articles", &path, "--json"])));
    // export from the archive, to any format.
    let o = with_env(&["export", "--query", "entity:h", "--to", "conll"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o).matches("-DOCSTART-").count(), 2);
    let o = newslens(&["export", "--db", &db, "-q", "-entity:h", "--to", "jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "newslens: nothing to write: no article matches the query\n");
}
