//! A corpus, not one article: shared entities and events across articles, and the command
//! line on a generated corpus.

#[path = "support/synth.rs"]
mod synth;

use std::process::Command;

use newslens::load::{Framing, Loader};

fn article(id: &str, date: &str, event_entities: &str) -> String {
    format!(
        r#"{{"id": "{id}", "title": "{id}", "date": "{date}", "text": "Huawei og Apple.",
            "entities": [{{"id": "huawei", "name": "Huawei", "type": "ORG"}}, {{"id": "apple", "name": "Apple", "type": "ORG"}}],
            "mentions": [{{"entity": "huawei", "start": 0, "end": 6}}, {{"entity": "apple", "start": 10, "end": 15}}],
            "events": [{{"id": "mate-60", "date": "2023-08-29", "title": "Mate 60 Pro on sale", "entities": [{event_entities}]}},
                       {{"id": "{id}-own", "date": "2023", "title": "Own event of {id}"}}]}}"#
    )
    .replace('\n', " ")
}

#[test]
fn articles_share_entities_and_an_event_told_twice_is_one_event() {
    let mut loader = Loader::new();
    let jsonl =
        [article("a", "2023-09-01", r#""huawei""#), article("b", "2023-09-02", r#""huawei", "apple""#)].join("\n");
    loader.add_source("c.jsonl", &jsonl, Framing::JsonLines);
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let c = &loaded.corpus;
    assert_eq!(c.entities.len(), 2, "entities are shared by id");
    assert_eq!(c.mention_counts(), [2, 2]);
    assert_eq!(c.article_counts(), [2, 2]);
    let titles: Vec<&str> = c.timeline().into_iter().map(|r| c.event(r).title.as_str()).collect();
    assert_eq!(titles, ["Own event of a", "Own event of b", "Mate 60 Pro on sale"], "the shared event appears once");
}

#[test]
fn the_commands_stay_useful_on_a_generated_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut file = std::fs::File::create(&path).unwrap();
    synth::write_corpus(&mut file, 300, None, 11).unwrap();
    let p = path.to_str().unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_newslens")).args(args).output().unwrap();
    let check = run(&["check", p]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("ok: 300 articles, "));
    let top = run(&["entities", p, "--limit", "5", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&top.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 5);
    assert!(rows[0]["articles"].as_u64().unwrap() > 1, "the most mentioned entity spans articles");
    let events = run(&["timeline", p, "--limit", "3"]);
    assert_eq!(String::from_utf8_lossy(&events.stdout).lines().count(), 3);
}
