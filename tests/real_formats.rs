//! Files as other tools write them: Prodigy and spaCy training JSONL, Label Studio before 1.0,
//! TimelineJS 2 and years before the common era, doccano pretty-printed, CoNLL without
//! document markers, empty files. Nothing is read as nothing without a word.

use std::path::{Path, PathBuf};
use std::process::Command;

use newslens::load::{LoadOptions, Loaded, load_paths};

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn load(p: &Path, options: LoadOptions) -> Loaded {
    load_paths(&[p.to_path_buf()], options)
}

fn messages(l: &Loaded) -> Vec<String> {
    l.diagnostics.iter().map(|d| d.to_string()).collect()
}

fn newslens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newslens")).args(args).output().unwrap()
}

#[test]
fn prodigy_and_spacy_training_jsonl_spans_are_read_and_rejected_examples_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "ner.jsonl",
        "{\"text\": \"🚀 Zoë joined Siemens\", \"spans\": [{\"start\": 2, \"end\": 5, \"label\": \"PERSON\", \"token_start\": 1, \"token_end\": 1}, {\"start\": 13, \"end\": 20, \"label\": \"ORG\", \"text\": \"Siemens\"}], \"meta\": {\"source\": \"Wire\"}, \"answer\": \"accept\"}\r\n\
         {\"text\": \"Nope\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"ORG\"}], \"answer\": \"reject\"}\r\n\
         {\"text\": \"Also nope\", \"spans\": [], \"answer\": \"reject\"}\r\n",
    );
    let loaded = load(&p, LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [format!(
            "{}: warning: 2 examples with \"answer\": \"reject\" skipped: the annotator did not accept them",
            p.display()
        )]
    );
    let c = &loaded.corpus;
    assert_eq!(c.articles.len(), 1);
    let a = &c.articles[0];
    let names: Vec<&str> = a.mentions.iter().map(|m| c.entities[m.entity].name.as_str()).collect();
    assert_eq!(names, ["Zoë", "Siemens"], "spans land on chars after an emoji");
    assert_eq!(a.source.as_ref().and_then(|s| s.name.as_deref()), Some("Wire"));

    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"text\": \"Siemens\", \"spans\": [{\"start\": 0, \"end\": 7, \"label\": \"\"}]}\n",
    );
    assert_eq!(
        messages(&load(&bad, LoadOptions::default())),
        [format!("{}:1:31: error: an entity's \"label\" is empty; give it a type such as ORG", bad.display())]
    );
}

#[test]
fn label_studio_before_1_0_and_timelinejs_2_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let ls = write(
        dir.path(),
        "old.json",
        r#"[{"id": 1, "data": {"text": "Zoë bor i København"}, "completions": [{"result": [
            {"id": "a", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 10, "end": 19, "text": "København", "labels": ["LOC"]}}]}]}]"#,
    );
    let loaded = load(&ls, LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    assert_eq!(loaded.corpus.entities.len(), 1, "completions are annotations");
    assert_eq!(loaded.corpus.entities[0].name, "København");

    let tl2 = write(
        dir.path(),
        "tl2.json",
        r#"{"timeline": {"headline": "Old", "type": "default", "date": [
            {"startDate": "2011,12,10", "endDate": "2011,12,11", "headline": "Dec <b>10</b>", "text": "x &amp; y"},
            {"startDate": "-3500", "headline": "Writing"},
            {"startDate": "1969,7", "headline": "Moon"}]}}"#,
    );
    let loaded = load(&tl2, LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    let shown: Vec<String> = c
        .timeline()
        .into_iter()
        .map(|r| format!("{} {}", newslens::date::format_range(c.event(r).date, c.event(r).end_date), c.event(r).title))
        .collect();
    assert_eq!(shown, ["-3500 Writing", "1969-07 Moon", "2011-12-10–11 Dec 10"]);
}

#[test]
fn timelinejs_years_are_whole_numbers_of_any_size() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "deep.json",
        r#"{"events": [
            {"start_date": {"year": -13800000000}, "text": {"headline": "Big Bang"}},
            {"start_date": {"year": "-3500"}, "text": {"headline": "Writing"}},
            {"start_date": {"year": 2023, "month": "9"}, "text": {"headline": "Now"}}]}"#,
    );
    let loaded = load(&p, LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    let dates: Vec<String> = c.timeline().into_iter().map(|r| c.event(r).date.unwrap().to_string()).collect();
    assert_eq!(dates, ["-13800000000", "-3500", "2023-09"]);
    let o = newslens(&["timeline", "--json", p.to_str().unwrap()]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows[0]["date"], "-13800000000");

    let huge = write(
        dir.path(),
        "huge.json",
        r#"{"events": [{"start_date": {"year": 4294969319}, "text": {"headline": "x"}}, {"start_date": {"year": 99999999999999999999}, "text": {"headline": "y"}}]}"#,
    );
    let loaded = load(&huge, LoadOptions::default());
    assert_eq!(loaded.corpus.events.len(), 1, "a year past u32 is a year, not 2023");
    assert_eq!(loaded.corpus.events[0].date.unwrap().year, 4_294_969_319);
    assert!(messages(&loaded)[0].contains("is not a whole number in range"), "{:?}", messages(&loaded));
}

#[test]
fn doccano_pretty_printed_in_jsonl_is_one_record_and_a_bad_line_spares_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let pretty = "{\n  \"text\": \"Zoë mødte Siemens\",\n  \"label\": [[10, 17, \"ORG\"]]\n}\n";
    let p = write(dir.path(), "pretty.jsonl", pretty);
    let loaded = load(&p, LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [format!(
            "{}:1:1: warning: this .jsonl file holds one JSON document over several lines; it is read as JSON",
            p.display()
        )]
    );
    assert_eq!(loaded.corpus.articles.len(), 1);
    assert_eq!(loaded.corpus.entities[0].name, "Siemens");

    let lines = "{\"text\": \"Zoë\", \"label\": [[0, 3, \"PER\"]]}\n{\"label\": [[0, 3, \"PER\"]]}\n{\"text\": \"Ærø\", \"label\": [[0, 3, \"LOC\"]]}\n";
    let p = write(dir.path(), "lines.jsonl", lines);
    let loaded = load(&p, LoadOptions::default());
    assert_eq!(messages(&loaded), [format!("{}:2:1: error: missing \"text\" (a string)", p.display())]);
    assert_eq!(loaded.corpus.articles.len(), 2, "the other lines load");
}

#[test]
fn conll_without_document_markers_says_so_or_splits_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "ddt.conll", "Zoë B-PER\nbor O\n\nAnna B-PER\n\nBo B-PER\n\nZoë B-PER\n");
    let loaded = load(&p, LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [format!(
            "{}: warning: no -DOCSTART- or # newdoc lines: the file is read as one article of 4 sentences (--conll-sentences N makes an article of every N sentences)",
            p.display()
        )]
    );
    assert_eq!(loaded.corpus.articles.len(), 1);
    let loaded = load(&p, LoadOptions { conll_sentences: Some(2), ..LoadOptions::default() });
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let texts: Vec<&str> = loaded.corpus.articles.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["Zoë bor\nAnna", "Bo\nZoë"]);
    let zoe = loaded.corpus.entities.iter().position(|e| e.name == "Zoë").unwrap();
    assert_eq!(loaded.corpus.article_counts()[zoe], 2, "Zoë links across the two articles");
    let o = newslens(&["check", "--conll-sentences", "2", p.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok: 2 articles, 3 entities, 4 mentions, 0 events, 0 warnings\n");
}

#[test]
fn empty_files_and_empty_exports_are_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.jsonl", "");
    let o = newslens(&["check", empty.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("empty.jsonl:1:1: error: file is empty; expected one article object per line"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // No dated event: a TimelineJS file of nothing is not written.
    let conll = write(dir.path(), "a.conll", "Zoë B-PER\n");
    let tl = dir.path().join("tl.json");
    let o = newslens(&["export", conll.to_str().unwrap(), "--to", "timelinejs", "-o", tl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: nothing to write: no dated event: a TimelineJS file places events by date, and one without any \
         cannot be read back\n"
    );
    assert!(!tl.exists());
    // A timeline with no events is still a timeline newslens reads.
    std::fs::write(&tl, r#"{"title": {"text": {"headline": "T"}}, "events": []}"#).unwrap();
    let o = newslens(&["check", tl.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok: 0 articles, 0 entities, 0 mentions, 0 events, 0 warnings\n");
    // No articles and no events: no file that could not be read back.
    let o = newslens(&["export", tl.to_str().unwrap(), "--to", "jsonl"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "error: nothing to write: no articles were loaded\n");
    assert!(o.stdout.is_empty());
}

#[test]
fn empty_labels_and_notes_are_refused_or_left_out_with_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let d = write(dir.path(), "d.jsonl", "{\"text\": \"Zoë\", \"label\": [[0, 3, \"\"]]}\n");
    assert_eq!(
        messages(&load(&d, LoadOptions::default())),
        [format!("{}:1:27: error: a label's type is empty; give it a type such as ORG", d.display())]
    );
    let ls = write(
        dir.path(),
        "l.json",
        r#"[{"data": {"text": "Zoë"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 3, "labels": [" "]}}]}]}]"#,
    );
    let got = messages(&load(&ls, LoadOptions::default()));
    assert!(got[0].ends_with("error: a labels region's label is empty; give it a type such as ORG"), "{got:?}");
    write(dir.path(), "b.txt", "Zoë mødte Bo\r\n");
    let b = write(dir.path(), "b.ann", "T1\tPER 0 3\tZoë\n#1\tAnnotatorNotes T1\t\nT2\t 10 12\tBo\n");
    assert_eq!(
        messages(&load(&b, LoadOptions::default())),
        [
            format!("{}:3:4: error: a text annotation needs a type: \"TYPE START END\"", b.display()),
            format!("{}:2:1: warning: note on T1 is empty; left out", b.display()),
        ]
    );
}
