//! Real corpora: entities that link across articles without knowledge-base ids, ids that are
//! per document, and titles for formats that have none (fixtures written here; Unicode, CRLF).

use std::path::{Path, PathBuf};
use std::process::Command;

use newslens::app::App;
use newslens::link::Link;
use newslens::load::{LoadOptions, Loaded, load_paths};
use newslens::model::Corpus;

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn load(paths: &[PathBuf], link: Link) -> Loaded {
    let loaded = load_paths(paths, LoadOptions { link, ..LoadOptions::default() });
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded
}

/// Three CoNLL documents: London in two spellings, Japan as a place and a headline's JAPAN of
/// another type, and København with and without its accent (CRLF line ends).
const CONLL: &str = "-DOCSTART- O\r\n\r\nLondon B-LOC\r\nand O\r\nJapan B-LOC\r\n\r\nJapan B-LOC\r\nagain O\r\n\r\n\
-DOCSTART- O\r\n\r\nLONDON B-LOC\r\ncalls O\r\nKøbenhavn B-LOC\r\n\r\nJAPAN B-ORG\r\n\r\n\
-DOCSTART- O\r\n\r\nLondon B-LOC\r\nmeets O\r\nKobenhavn B-LOC\r\nand O\r\nJapan B-LOC\r\n";

fn find<'c>(c: &'c Corpus, kind: &str, name: &str) -> Vec<&'c newslens::model::Entity> {
    c.entities.iter().filter(|e| e.kind == kind && e.name == name).collect()
}

#[test]
fn entities_without_kb_ids_join_by_type_and_folded_name_across_articles() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "news.conll", CONLL);
    let loaded = load(std::slice::from_ref(&p), Link::Name);
    let c = &loaded.corpus;
    assert_eq!(c.articles.len(), 3);
    let london = find(c, "LOC", "London");
    assert_eq!(london.len(), 1, "London and LONDON are one entity: {:?}", c.entities);
    assert_eq!(london[0].aliases, ["LONDON"], "the most frequent form is the name, the others aliases");
    let i = c.entity_index(&london[0].id).unwrap();
    assert_eq!((c.mention_counts()[i], c.article_counts()[i]), (3, 3));
    // København twice, Kobenhavn once: one entity named by its most frequent form.
    assert_eq!(find(c, "LOC", "København").len() + find(c, "LOC", "Kobenhavn").len(), 1);
    // A place and an organisation named alike stay apart.
    assert_eq!(find(c, "LOC", "Japan").len(), 1);
    assert_eq!(find(c, "ORG", "JAPAN").len(), 1);

    for link in [Link::Kb, Link::None] {
        let c = load(std::slice::from_ref(&p), link).corpus;
        let londons = c.entities.iter().filter(|e| e.name.eq_ignore_ascii_case("london")).count();
        assert_eq!(londons, 3, "{link:?}: each article keeps its own London");
    }
}

#[test]
fn search_breaks_ties_by_mention_count_and_twins_say_what_tells_them_apart() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "news.conll", CONLL);
    let mut live = newslens::load::LiveCorpus::new(load(&[p], Link::Name).corpus);
    let japan = live.corpus.entities.iter().position(|e| e.kind == "LOC" && e.name == "Japan").unwrap();
    let hits = live.entity_index.search("japan", 5);
    assert_eq!(hits[0].item, japan, "the Japan mentioned 3 times comes before the headline's JAPAN");
    live.refresh();
    assert!(!live.twins[japan], "different types are told apart by their type already");

    // Two entities of one type and name, told apart by their KB ids.
    let a = r#"{"id": "a", "title": "A", "text": "Paris", "entities": [{"id": "p1", "name": "Paris", "type": "GPE", "links": {"wikidata": "Q90"}}, {"id": "p2", "name": "Paris", "type": "GPE", "links": {"wikidata": "Q830149"}}], "mentions": [{"entity": "p1", "start": 0, "end": 5}]}"#;
    let dir2 = tempfile::tempdir().unwrap();
    let p = write(dir2.path(), "a.json", a);
    let mut live = newslens::load::LiveCorpus::new(load(&[p], Link::Name).corpus);
    live.refresh();
    assert_eq!(live.twins, [true, true]);
    let mut app = App::with_data(live, (120, 30));
    app.update(newslens::action::Action::Focus(newslens::action::Pane::Entities));
    let backend = ratatui::backend::TestBackend::new(120, 30);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|f| newslens::ui::render(f, &app, &newslens::ui::theme::Theme::plain())).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Paris · Q90") && screen.contains("Paris · Q830149"), "{screen}");
}

#[test]
fn n_goes_on_into_the_next_article_of_an_imported_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "news.conll", CONLL);
    let corpus = load(&[p], Link::Name).corpus;
    let london = corpus.entities.iter().position(|e| e.name == "London").unwrap();
    let mut app = App::new(corpus, (120, 30));
    app.select_entity(newslens::model::EntityIx(london));
    assert_eq!(app.article().0, 0);
    app.update(newslens::action::Action::NextMention);
    assert_eq!(app.article().0, 1, "the next London is in the second article");
    app.update(newslens::action::Action::NextMention);
    assert_eq!(app.article().0, 2);
}

#[test]
fn ids_that_formats_give_per_document_stay_per_document() {
    let dir = tempfile::tempdir().unwrap();
    // Each file has its own T1 and E1 (the trigger "mødte" at chars 5–10 and 3–8).
    for (name, text, at) in [("one", "Anna mødte Bo.\r\n", "5 10"), ("two", "Bo mødte Anna.\r\n", "3 8")] {
        write(dir.path(), &format!("{name}.txt"), text);
        write(dir.path(), &format!("{name}.ann"), &format!("T1\tMeet {at}\tmødte\nE1\tMeet:T1\n"));
    }
    let c = load(&[dir.path().to_path_buf()], Link::Name).corpus;
    assert_eq!(c.event_total(), 2);
    assert_eq!(c.timeline().len(), 2, "E1 of one file is not E1 of the other");
    assert!(c.entities.is_empty(), "triggers are no entities");
    assert_eq!(c.articles[0].title, "one", "brat has no titles: the file name is one");

    let tl = r#"{"events": [
        {"start_date": {"year": 2001}, "text": {"headline": "Første"}, "unique_id": ""},
        {"start_date": {"year": 2002}, "text": {"headline": "Zweite"}, "unique_id": ""},
        {"start_date": {"year": 2003}, "text": {"headline": "Third"}, "unique_id": " "}]}"#;
    let p = write(dir.path(), "tl.json", tl);
    let c = load(&[p], Link::Name).corpus;
    assert_eq!(c.timeline().len(), 3, "an empty unique_id is no id");
}

#[test]
fn the_commands_show_each_real_world_entity_once_with_its_article_count() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "news.conll", CONLL);
    let o = Command::new(env!("CARGO_BIN_EXE_newslens")).args(["entities", "--json"]).arg(&p).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let london: Vec<_> = rows.iter().filter(|r| r["name"] == "London").collect();
    assert_eq!(london.len(), 1);
    assert_eq!((london[0]["mentions"].as_u64(), london[0]["articles"].as_u64()), (Some(3), Some(3)));
    let o = Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(["entities", "--json", "--link", "none"])
        .arg(&p)
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.iter().filter(|r| r["name"].as_str().unwrap().eq_ignore_ascii_case("london")).count(), 3);
}

#[test]
fn conll_titles_are_the_file_and_document_number() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "news.conll", CONLL);
    let c = load(&[p], Link::Name).corpus;
    let titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["news #1", "news #2", "news #3"]);
    assert_eq!(c.articles[0].lead(), "London and Japan");
    assert!(c.articles[0].file.as_deref().is_some_and(|f| f.ends_with("news.conll")));
}

#[test]
fn two_spellings_in_one_article_are_one_entity_there_too_and_export_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "one.conll", "Odense B-LOC\nog O\nODENSE B-LOC\r\n");
    let corpus = load(&[p], Link::Name).corpus;
    assert_eq!(corpus.entities.len(), 1);
    assert_eq!(corpus.articles[0].entities, [0], "the article lists the entity once");
    let jsonl = newslens::formats::newslens::to_jsonl(&corpus);
    let back = write(dir.path(), "back.jsonl", &jsonl);
    let again = load(&[back], Link::Name).corpus;
    assert_eq!(again.mention_total(), 2);
}

#[test]
fn newslens_ids_written_as_references_keep_their_meaning_when_read_back() {
    // Two entities of one type and name, told apart by their ids only.
    let json = r#"{"id": "a", "title": "A", "text": "Paris og Paris", "entities": [{"id": "p1", "name": "Paris", "type": "GPE"}, {"id": "p2", "name": "Paris", "type": "GPE"}], "mentions": [{"entity": "p1", "start": 0, "end": 5}, {"entity": "p2", "start": 9, "end": 14}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.json", json);
    let corpus = load(&[p], Link::Name).corpus;
    for format in [&newslens::formats::label_studio::WRITER, &newslens::formats::brat::WRITER] {
        let (output, _) = newslens::formats::export(&corpus, format);
        let target = dir.path().join(format!("out-{format:?}.json"));
        newslens::export::write(&target, output, true).unwrap();
        let back = load(&[target], Link::Name).corpus;
        assert_eq!(back.entities.len(), 2, "{format:?}: {:?}", back.entities);
    }
}
