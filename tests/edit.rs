//! Editing annotations and saving them back: `newslens edit` through the real binary, the
//! save's refusals, and random edit sequences saved, reloaded and undone.

use std::path::Path;
use std::process::Command;

use newslens::edit::{self, History, save};
use newslens::load::{LoadOptions, load_paths};
use newslens::model::{Corpus, Span};
use proptest::prelude::*;

fn newslens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newslens")).args(args).output().unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Three articles, hand-written (keys in no canonical order, CRLF line ends): Huawei in the
/// first two, Zoë in the third.
const LINES: &str = concat!(
    r#"{"title": "Et", "id": "a1", "text": "Huawei og Apple.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG"}, {"id": "apple", "name": "Apple", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 6}, {"entity": "apple", "start": 10, "end": 15}]}"#,
    "\r\n",
    r#"{"id": "a2", "title": "To", "text": "Huaweis chip 🚀.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 7}]}"#,
    "\r\n",
    r#"{"id": "a3", "title": "Tre", "text": "Zoë bor på Ærø.", "entities": [{"id": "zoe", "name": "Zoë", "type": "PER"}], "mentions": [{"entity": "zoe", "start": 0, "end": 3}]}"#,
    "\r\n",
);

fn load(paths: &[&Path]) -> Corpus {
    let paths: Vec<_> = paths.iter().map(|p| p.to_path_buf()).collect();
    let loaded = load_paths(&paths, LoadOptions::default());
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    loaded.corpus
}

#[test]
fn edit_rewrites_only_the_lines_of_the_articles_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    std::fs::write(&file, LINES).unwrap();
    let other = dir.path().join("other.jsonl");
    let unrelated = "{\"id\": \"b1\", \"title\": \"B\", \"text\": \"Intet her.\"}\n";
    std::fs::write(&other, unrelated).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let o = newslens(&["edit", "rename", "Huawei", "Huawei Technologies", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("Huawei renamed Huawei Technologies"), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("c.jsonl: 2 articles written anew"), "{}", text(&o.stdout));
    let after = std::fs::read_to_string(&file).unwrap();
    let (old, new): (Vec<&str>, Vec<&str>) =
        (LINES.split_inclusive('\n').collect(), after.split_inclusive('\n').collect());
    assert_eq!(new.len(), 3);
    for line in &new[..2] {
        assert!(line.contains("\"name\":\"Huawei Technologies\"") && line.ends_with("\r\n"), "{line}");
    }
    assert_eq!(new[2], old[2], "the line of an article without the entity is byte for byte as it was");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), unrelated, "a file without edits is not touched");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640, "the mode is kept");
    }
    // What was written reads back, with the edit.
    let c = load(&[&file]);
    assert_eq!(c.entities[c.entity_index("huawei").unwrap()].name, "Huawei Technologies");

    // Merge and KB ids, then a name nobody has.
    let o = newslens(&["edit", "merge", "@Apple", "huawei", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = newslens(&["edit", "kb", "huawei", "Q160120", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let c = load(&[&file]);
    let h = &c.entities[c.entity_index("huawei").unwrap()];
    assert_eq!(h.links.get("wikidata").map(String::as_str), Some("Q160120"));
    assert!(h.aliases.contains(&"Apple".to_string()));
    assert!(c.articles[0].mentions.iter().all(|m| c.entities[m.entity].id == "huawei"));
    let o = newslens(&["edit", "retype", "Nobody", "PER", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "an unknown name is a usage error: {}", text(&o.stderr));
    let o = newslens(&["edit", "rename", "zoe", " ", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("name cannot be empty"), "{}", text(&o.stderr));
}

#[test]
fn brat_files_keep_every_line_not_edited_and_refuse_what_brat_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let (ann, other) = (dir.path().join("doc.ann"), dir.path().join("other.ann"));
    std::fs::write(dir.path().join("doc.txt"), "Huawei og Apple.\n").unwrap();
    let standoff = "T1\tORG 0 6\tHuawei\n#1\tAnnotatorNotes T1\ttjek\nA1\tNegated T2\nT2\tORG 10 15\tApple\n";
    std::fs::write(&ann, standoff).unwrap();
    std::fs::write(dir.path().join("other.txt"), "Zoë og Huawei.\n").unwrap();
    let untouched = "T3\tPER 0 3\tZoë\n";
    std::fs::write(&other, untouched).unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let run = |args: &[&str]| newslens(&[&["edit"], args, &[dir_arg]].concat());

    let o = run(&["retype", "Apple", "COMPANY"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let expected = standoff.replace("T2\tORG 10 15", "T2\tCOMPANY 10 15");
    assert_eq!(std::fs::read_to_string(&ann).unwrap(), expected, "only the edited line differs");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), untouched, "another document is byte for byte as it was");

    let o = run(&["kb", "Huawei", "wikidata:Q160120"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let expected = format!("{expected}N1\tReference T1 Wikidata:Q160120\tHuawei\n");
    assert_eq!(std::fs::read_to_string(&ann).unwrap(), expected);

    // A new name: brat names entities by their text. Refused, nothing written; beside on asking.
    let o = run(&["rename", "Huawei", "Huawei Technologies"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("brat names an entity by its text") && text(&o.stderr).contains("--beside"));
    assert_eq!(std::fs::read_to_string(&ann).unwrap(), expected, "nothing written lossily");
    let o = newslens(&["edit", "rename", "Huawei", "Huawei Technologies", ann.to_str().unwrap(), "--beside"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&ann).unwrap(), expected);
    let c = load(&[&dir.path().join("doc.ann.edited.jsonl")]);
    assert!(c.entities.iter().any(|e| e.name == "Huawei Technologies"));
    // Saved beside once, it is not overwritten by the next edit.
    let o = newslens(&["edit", "rename", "Apple", "Æble", ann.to_str().unwrap(), "--beside"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o.stderr));
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_not_saved_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    std::fs::write(&file, LINES).unwrap();
    let mut c = load(&[&file]);
    let mut history = History::default();
    let e = c.entity_index("zoe").unwrap();
    let change = edit::rename(&c, e, "Zoë Hansen").unwrap();
    history.make(&mut c, change).unwrap();
    // Someone else writes the file meanwhile.
    let theirs = LINES.replace("Ærø", "Fanø");
    std::fs::write(&file, &theirs).unwrap();
    let (saved, not) = {
        let (unsaved, renamed) = (history.unsaved(&c), history.renamed(&c));
        save::save(&mut c, &unsaved, &renamed)
    };
    assert!(saved.is_empty());
    assert!(not[0].why.contains("changed on disk"), "{:?}", not);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
}

/// One random edit of the corpus, as the explorer or `newslens edit` would make it.
fn random_change(c: &Corpus, pick: (u8, usize, usize, usize)) -> Option<edit::Change> {
    let (kind, x, y, z) = pick;
    let e = x % c.entities.len();
    let a = y % c.articles.len();
    let chars = c.articles[a].text.chars().count();
    match kind % 7 {
        0 => edit::rename(c, e, &format!("Navn {z} æ🚀")).ok(),
        1 => edit::retype(c, e, ["ORG", "PER", "LOC"][z % 3]).ok(),
        2 => edit::set_kb(c, e, "wikidata", (z % 2 == 0).then(|| format!("Q{z}")).as_deref()).ok(),
        3 => edit::merge(c, e, z % c.entities.len()).ok(),
        4 => {
            let start = z % chars;
            let end = start + 1 + (x % (chars - start));
            Some(edit::add_mention(c, a, e, Span { start, end }))
        }
        5 => (!c.articles[a].mentions.is_empty())
            .then(|| edit::remove_mention(c, a, z % c.articles[a].mentions.len()).ok())
            .flatten(),
        _ => (!c.articles[a].mentions.is_empty())
            .then(|| edit::relink(c, a, z % c.articles[a].mentions.len(), e).ok())
            .flatten(),
    }
}

/// What a corpus says, in the canonical form: compared across loads.
fn canonical(c: &Corpus) -> String {
    newslens::formats::newslens::to_jsonl(c)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn edits_saved_reload_as_they_are_and_undone_give_back_the_bytes(
        picks in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..12)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.jsonl");
        std::fs::write(&file, LINES).unwrap();
        let mut c = load(&[&file]);
        let mut history = History::default();
        let mut made = 0;
        for pick in picks {
            if let Some(change) = random_change(&c, pick) {
                made += history.make(&mut c, change).is_ok() as usize;
            }
        }
        // Undone before saving: nothing to save, the file as it was.
        for _ in 0..made {
            prop_assert!(history.undo(&mut c));
        }
        prop_assert!(history.unsaved(&c).is_empty());
        prop_assert_eq!(canonical(&c), canonical(&load(&[&file])));
        for _ in 0..made {
            prop_assert!(history.redo(&mut c));
        }
        let (_, not) = { let (unsaved, renamed) = (history.unsaved(&c), history.renamed(&c)); save::save(&mut c, &unsaved, &renamed) };
        prop_assert!(not.is_empty(), "{:?}", not);
        history.saved();
        // Saved and read again: what was in memory.
        let reloaded = load(&[&file]);
        prop_assert_eq!(canonical(&reloaded), canonical(&c));
        // Every edit undone and saved: what the file first held (lines written anew are in
        // the canonical form; the others are the original bytes).
        for _ in 0..made {
            prop_assert!(history.undo(&mut c));
        }
        let (_, not) = { let (unsaved, renamed) = (history.unsaved(&c), history.renamed(&c)); save::save(&mut c, &unsaved, &renamed) };
        prop_assert!(not.is_empty(), "{:?}", not);
        prop_assert_eq!(canonical(&load(&[&file])), canonical(&load_lines(LINES)));
    }
}

fn load_lines(lines: &str) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    std::fs::write(&file, lines).unwrap();
    load(&[&file])
}

#[test]
fn suggestions_of_an_entity_are_accepted_as_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    let lines = concat!(
        r#"{"id": "a1", "title": "Et", "language": "da", "text": "Huawei og Apple.", "entities": [{"id": "huawei", "name": "Huawei", "type": "ORG"}], "mentions": [{"entity": "huawei", "start": 0, "end": 6}]}"#,
        "\n",
        r#"{"id": "a2", "title": "To", "language": "da", "text": "Nyt fra Huawei i dag, og Huaweis chip.", "entities": [], "mentions": []}"#,
        "\n",
        r#"{"id": "a3", "title": "Tre", "text": "Intet her."}"#,
        "\n",
    );
    std::fs::write(&file, lines).unwrap();
    let path = file.to_str().unwrap();
    let o = newslens(&["edit", "accept-suggestions", "Huawei", path]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("2 suggested mentions of Huawei accepted"), "{}", text(&o.stdout));
    let c = load(&[&file]);
    let a2 = &c.articles[1];
    let spans: Vec<(usize, usize)> = a2.mentions.iter().map(|m| (m.span.start, m.span.end)).collect();
    assert_eq!(spans, [(8, 14), (25, 32)], "Huawei, and the Danish genitive Huaweis");
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after.lines().nth(2), lines.lines().nth(2), "an article without suggestions is as it was");
    let o = newslens(&["edit", "accept-suggestions", "Huawei", path]);
    assert_eq!(o.status.code(), Some(1), "nothing left to accept: {}", text(&o.stderr));
}

#[test]
fn brat_mentions_that_linking_joins_are_saved_as_one_entity() {
    // `Odense` and `ODENSE` are one entity once linked (case aside), two as brat reads them.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Odense og ODENSE.\n").unwrap();
    let ann = dir.path().join("doc.ann");
    std::fs::write(&ann, "T1\tLOC 0 6\tOdense\nT2\tLOC 10 16\tODENSE\n").unwrap();
    let o = newslens(&["edit", "retype", "Odense", "GPE", ann.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&ann).unwrap(), "T1\tGPE 0 6\tOdense\nT2\tGPE 10 16\tODENSE\n");
}

#[test]
fn an_alias_or_a_merge_is_not_written_into_brat_which_cannot_hold_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Huawei og Apple.\n").unwrap();
    let ann = dir.path().join("doc.ann");
    let standoff = "T1\tORG 0 6\tHuawei\nT2\tORG 10 15\tApple\n";
    std::fs::write(&ann, standoff).unwrap();
    let mut c = load(&[&ann]);
    let (huawei, apple) = (c.entity_index("ORG:huawei").unwrap(), c.entity_index("ORG:apple").unwrap());
    for change in [edit::add_alias(&c, huawei, "Huawei Technologies").unwrap(), edit::merge(&c, apple, huawei).unwrap()]
    {
        let mut history = History::default();
        history.make(&mut c, change).unwrap();
        let (unsaved, renamed) = (history.unsaved(&c), history.renamed(&c));
        let (saved, not) = save::save(&mut c, &unsaved, &renamed);
        assert!(saved.is_empty() && not[0].beside, "{not:?}");
        assert!(not[0].why.contains("cannot be held"), "{not:?}");
        assert_eq!(std::fs::read_to_string(&ann).unwrap(), standoff);
        assert!(history.undo(&mut c));
    }
}
