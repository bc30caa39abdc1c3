//! Editing annotations and saving them back: `newslens edit` through the real binary, the
//! save's refusals, and random edit sequences saved, reloaded and undone.

use std::path::Path;
use std::process::Command;

use newslens::edit::{self, History};
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
    let (saved, not) = history.save(&mut c);
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
    match kind % 13 {
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
        6 => (!c.articles[a].mentions.is_empty())
            .then(|| edit::relink(c, a, z % c.articles[a].mentions.len(), e).ok())
            .flatten(),
        7 => {
            let start = z % chars;
            let entity = edit::new_entity(c, &format!("Ny {z} ø"), "MISC", if z % 2 == 0 { "Q7" } else { "" }).ok()?;
            // Now and then in place of a mention (one re-linked to a new entity).
            let n = c.articles[a].mentions.len();
            let replacing = (z % 3 == 0 && n > 0).then(|| y % n);
            edit::annotate_new(c, a, Span { start, end: start + 1 + x % (chars - start) }, entity, replacing).ok()
        }
        8 => edit::split(c, e, a).ok(),
        9 => {
            let start = z % chars;
            let text = if x % 3 == 0 { String::new() } else { format!("note {x} ✓") };
            edit::set_note(c, a, Span { start, end: start + 1 + x % (chars - start) }, &text).ok()
        }
        10 => (!c.articles[a].mentions.is_empty())
            .then(|| {
                let m = z % c.articles[a].mentions.len();
                let start = x % chars;
                edit::resize(c, a, m, Span { start, end: start + 1 + z % (chars - start) }).ok()
            })
            .flatten(),
        11 => edit::add_alias(c, e, &format!("Alias {z}")).ok(),
        _ => c.entities[e].aliases.first().and_then(|alias| edit::remove_alias(c, e, alias).ok()),
    }
}

/// What a corpus says, in the canonical form: compared across loads.
fn canonical(c: &Corpus) -> String {
    newslens::formats::newslens::to_jsonl(c)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

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
        prop_assert_eq!(std::fs::read_to_string(&file).unwrap(), LINES, "nothing was written");
        for _ in 0..made {
            prop_assert!(history.redo(&mut c));
        }
        let (_, not) = history.save(&mut c);
        prop_assert!(not.is_empty(), "{:?}", not);
        // Saved and read again: what was in memory.
        let reloaded = load(&[&file]);
        prop_assert_eq!(canonical(&reloaded), canonical(&c));
        // Every edit undone and saved: what the file first held (lines written anew are in
        // the canonical form; the others are the original bytes).
        for _ in 0..made {
            prop_assert!(history.undo(&mut c));
        }
        let (_, not) = history.save(&mut c);
        prop_assert!(not.is_empty(), "{:?}", not);
        prop_assert_eq!(std::fs::read_to_string(&file).unwrap(), LINES, "every edit undone: the file byte for byte");
    }
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
        let (saved, not) = history.save(&mut c);
        assert!(saved.is_empty() && not[0].beside, "{not:?}");
        assert!(not[0].why.contains("cannot be held"), "{not:?}");
        assert_eq!(std::fs::read_to_string(&ann).unwrap(), standoff);
        assert!(history.undo(&mut c));
    }
}

/// A brat document (a note, an attribute, a KB id, a comment) and another beside it.
const BRAT_DOC: &str = "T1\tORG 0 6\tHuawei\n#1\tAnnotatorNotes T1\ttjek\nA1\tNegated T2\nT2\tORG 10 15\tApple\nN1\tReference T2 Wikidata:Q312\tApple\nT3\tPER 22 25\tZoë\n";
const BRAT_TEXT: &str = "Huawei og Apple siger Zoë Hansen.\n";
const BRAT_OTHER: &str = "T1\tLOC 0 3\tÆrø\n";

/// A mention as brat reads it back: its span, type and KB ids.
type BratMention = (usize, usize, String, Vec<(String, String)>);

/// The mentions of an article as brat reads them back.
fn brat_view(c: &Corpus, a: usize) -> Vec<BratMention> {
    let mut v: Vec<_> = c.articles[a]
        .mentions
        .iter()
        .map(|m| {
            let e = &c.entities[m.entity];
            let links = e.links.iter().map(|(k, v)| (k.to_lowercase(), v.clone())).collect();
            (m.span.start, m.span.end, e.kind.clone(), links)
        })
        .collect();
    v.sort();
    v
}

/// One random edit of the brat document that brat can hold: a type, a KB id, a mention
/// added, removed, re-linked or resized, a new entity.
fn random_brat_change(c: &Corpus, a: usize, pick: (u8, usize, usize, usize)) -> Option<edit::Change> {
    let (kind, x, y, z) = pick;
    // Only entities no other document mentions: the edits are of this one.
    let local: Vec<usize> = (0..c.entities.len())
        .filter(|&i| !c.articles.iter().enumerate().any(|(j, x)| j != a && x.mentions.iter().any(|m| m.entity == i)))
        .collect();
    let e = *local.get(x % local.len().max(1))?;
    let chars = c.articles[a].text.chars().count() - 1;
    let n = c.articles[a].mentions.len();
    let span = |p: usize, q: usize| {
        let start = p % chars;
        Span { start, end: start + 1 + q % (chars - start) }
    };
    match kind % 7 {
        0 => edit::retype(c, e, ["ORG", "PER", "LOC"][z % 3]).ok(),
        1 => edit::set_kb(c, e, "wikidata", (z % 2 == 0).then(|| format!("Q{z}")).as_deref()).ok(),
        2 => Some(edit::add_mention(c, a, e, span(y, z))),
        3 => (n > 0).then(|| edit::remove_mention(c, a, z % n).ok()).flatten(),
        4 => (n > 0).then(|| edit::relink(c, a, z % n, e).ok()).flatten(),
        5 => (n > 0).then(|| edit::resize(c, a, z % n, span(x, y)).ok()).flatten(),
        _ => {
            let entity = edit::new_entity(c, &format!("Ny {z}"), "MISC", "").ok()?;
            edit::annotate_new(c, a, span(y, z), entity, None).ok()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// brat: random edits of one document, saved one by one: another document never changes,
    /// the edited `.ann` keeps every line it had that no edit was about, what is saved reads
    /// back as it is in memory (or is refused, nothing written), and every edit undone and
    /// saved gives back the file byte for byte.
    #[test]
    fn brat_edits_touch_only_their_lines_and_undone_give_back_the_bytes(
        picks in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..10)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (ann, other) = (dir.path().join("doc.ann"), dir.path().join("other.ann"));
        std::fs::write(dir.path().join("doc.txt"), BRAT_TEXT).unwrap();
        std::fs::write(&ann, BRAT_DOC).unwrap();
        std::fs::write(dir.path().join("other.txt"), "Ærø.\n").unwrap();
        std::fs::write(&other, BRAT_OTHER).unwrap();
        let mut c = load(&[dir.path()]);
        let a = c.articles.iter().position(|x| x.id.ends_with("doc")).unwrap();
        let mut history = History::default();
        let mut made = 0;
        for pick in picks {
            let Some(change) = random_brat_change(&c, a, pick) else { continue };
            let before_file = std::fs::read_to_string(&ann).unwrap();
            let before = c.articles[a].clone();
            if history.make(&mut c, change).is_err() {
                continue;
            }
            made += 1;
            let (saved, not) = history.save(&mut c);
            let after_file = std::fs::read_to_string(&ann).unwrap();
            prop_assert_eq!(std::fs::read_to_string(&other).unwrap(), BRAT_OTHER, "another document never changes");
            if !not.is_empty() {
                prop_assert!(saved.is_empty());
                prop_assert_eq!(&after_file, &before_file, "refused: nothing written");
                // What cannot be held is taken back, as a user would after the refusal.
                prop_assert!(history.undo(&mut c));
                made -= 1;
                continue;
            }
            // Lines no edit was about stay: a line gone is about a mention that changed.
            let changed: Vec<(usize, usize)> = before.mentions.iter().chain(&c.articles[a].mentions)
                .filter(|m| !before.mentions.contains(m) || !c.articles[a].mentions.contains(m))
                .map(|m| (m.span.start, m.span.end))
                .collect();
            let kept: std::collections::HashSet<&str> = after_file.lines().collect();
            for gone in before_file.lines().filter(|l| !kept.contains(l)) {
                let about_changed = gone.starts_with('T') && changed.iter().any(|(s, e)| gone.contains(&format!(" {s} {e}\t")));
                // A line hung on an annotation (A, N, #) goes or changes with it; a type or KB
                // id changed rewrites the lines of that entity's mentions.
                let hung = !gone.starts_with('T');
                let retyped = gone.starts_with('T');
                prop_assert!(about_changed || hung || retyped, "{gone:?} went:\n{before_file}\n---\n{after_file}");
            }
            let reread = load(&[dir.path()]);
            let b = reread.articles.iter().position(|x| x.id.ends_with("doc")).unwrap();
            prop_assert_eq!(brat_view(&reread, b), brat_view(&c, a), "read back as it is in memory");
        }
        for _ in 0..made {
            prop_assert!(history.undo(&mut c));
        }
        let (_, not) = history.save(&mut c);
        prop_assert!(not.is_empty(), "{:?}", not);
        prop_assert_eq!(std::fs::read_to_string(&ann).unwrap(), BRAT_DOC, "every edit undone: the file byte for byte");
    }
}
