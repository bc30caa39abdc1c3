//! Every import format on fixtures this file writes: emoji before entities (astral characters
//! shift UTF-16 offsets), combining marks, `\r\n` line ends, Danish text, overlapping and
//! discontinuous spans; and each format's bad input with its exact message.

use std::path::{Path, PathBuf};

use newslens::import::offsets::OffsetUnit;
use newslens::load::{LoadOptions, Loaded, load_paths};
use newslens::model::{Article, Corpus, Span};

/// Emoji first, "Zoë" with a combining diaeresis, Danish, a `\r\n` line end, and "North …
/// America" for a discontinuous mention.
const TEXT: &str = "🚀 Zoe\u{308} Müller mødte Siemens i København.\r\nNorth and South America.";

/// Char range of the `nth` occurrence of `needle` in TEXT.
fn chars_of(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).expect("needle in text");
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// The same range in UTF-16 code units.
fn utf16_of(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).expect("needle in text");
    let start = TEXT[..byte].encode_utf16().count();
    (start, start + needle.encode_utf16().count())
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn load(paths: &[PathBuf], options: LoadOptions) -> Loaded {
    load_paths(paths, options)
}

fn messages(l: &Loaded) -> Vec<String> {
    l.diagnostics.iter().map(|d| d.to_string()).collect()
}

/// (covered text, type) of every mention, in text order.
fn mentions(c: &Corpus, a: &Article) -> Vec<(String, String)> {
    a.mentions
        .iter()
        .map(|m| {
            let text = m.pieces().iter().map(|p| a.slice(*p)).collect::<Vec<_>>().join(" ");
            (text, c.entities[m.entity].kind.clone())
        })
        .collect()
}

fn pair(t: &str, k: &str) -> (String, String) {
    (t.to_string(), k.to_string())
}

#[test]
fn brat_reads_every_line_kind_on_exact_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (z0, z1) = chars_of("Zoe\u{308} Müller");
    let (m0, m1) = chars_of("Müller");
    let (s0, s1) = chars_of("Siemens");
    let (k0, k1) = chars_of("København");
    let (n0, n1) = chars_of("North");
    let (a0, a1) = chars_of("America");
    let (v0, v1) = chars_of("mødte");
    write(dir.path(), "doc.txt", TEXT);
    let ann = format!(
        "T1\tPER {z0} {z1}\tZoe\u{308} Müller\nT2\tPER {m0} {m1}\tMüller\nT3\tORG {s0} {s1}\tSiemens\n\
         T4\tLOC {k0} {k1}\tKøbenhavn\nT5\tLOC {n0} {n1};{a0} {a1}\tNorth America\nT6\tMeet {v0} {v1}\tmødte\n\
         N1\tReference T3 Wikidata:Q81230\tSiemens\nA1\tNegated T2\nA2\tCertainty T1 high\n\
         #1\tAnnotatorNotes T4\tCapital of Denmark\nR1\tEmployer Arg1:T1 Arg2:T3\nE1\tMeet:T6 Agent:T1 Place:T4\n"
    );
    let ann_path = write(dir.path(), "doc.ann", &ann);
    write(dir.path(), "annotation.conf", "[entities]\nPER\nORG\nLOC\n[relations]\n[events]\nMeet\n[attributes]\n");
    write(
        dir.path(),
        "visual.conf",
        "[drawing]\nPER\tbgColor:#ffccaa\nLOC\tbgColor:lightgreen\n[labels]\nPER | Person | P\n",
    );
    let loaded = load(&[ann_path], LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    let a = &c.articles[0];
    assert_eq!(a.id, "doc");
    assert_eq!(
        mentions(c, a),
        [
            pair("Zoe\u{308} Müller", "PER"),
            pair("Müller", "PER"),
            pair("Siemens", "ORG"),
            pair("København", "LOC"),
            pair("North America", "LOC")
        ],
        "the trigger T6 is an event anchor, not a mention"
    );
    let north = &a.mentions[4];
    assert_eq!(north.fragments(), [Span { start: n0, end: n1 }, Span { start: a0, end: a1 }]);
    let siemens = &c.entities[a.mentions[2].entity];
    assert_eq!(siemens.id, "wikidata:Q81230");
    assert_eq!(siemens.links.get("wikidata").map(String::as_str), Some("Q81230"));
    use newslens::model::AttrValue;
    assert_eq!(a.mentions[1].attributes(), [("Negated".to_string(), AttrValue::Bool(true))], "a flag is true");
    assert_eq!(a.mentions[0].attributes(), [("Certainty".to_string(), AttrValue::Text("high".into()))]);
    assert_eq!(a.notes[0].text, "Capital of Denmark");
    assert_eq!(a.slice(a.notes[0].span), "København");
    let r = &a.relations[0];
    assert_eq!(
        (r.kind.as_str(), c.entities[r.from].name.as_str(), c.entities[r.to].name.as_str()),
        ("Employer", "Zoe\u{308} Müller", "Siemens")
    );
    let e = &a.events[0];
    assert_eq!((e.id.as_str(), e.title.as_str(), e.date), ("doc:E1", "Meet: mødte", None), "ids are per document");
    assert!(c.entities.iter().all(|x| x.kind != "Meet"), "an event's trigger is no entity");
    assert_eq!(a.title, "doc", "brat has no titles: the file's name is one");
    assert_eq!(a.slice(e.anchors[0]), "mødte");
    assert_eq!(e.description.as_deref(), Some("Agent: Zoe\u{308} Müller; Place: København"));
    assert_eq!(c.type_colors.get("PER"), Some(&(255, 204, 170)));
    assert_eq!(c.type_colors.get("LOC"), Some(&(144, 238, 144)));
    assert_eq!(c.type_labels.get("PER").map(String::as_str), Some("Person"));
}

#[test]
fn brat_bad_input_gets_exact_messages() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "doc.txt", TEXT);
    let (s0, s1) = chars_of("Siemens");
    let utf16 = utf16_of("Siemens");
    let ann = format!(
        "T1\tORG {} {}\tSiemens\nT2\tORG {s0} 999\tSiemens\nT3\tORG {s0} {s1}\nX1\tjunk\nR1\tEmployer Arg1:T1 Arg2:T9\nT4\tORG five 9\tx\n",
        utf16.0, utf16.1
    );
    let p = write(dir.path(), "doc.ann", &ann);
    let shown = p.display().to_string();
    let loaded = load(&[p], LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [
            format!(
                "{shown}:1:8: error: the .ann says \"Siemens\" but the text at 21 28 is \"iemens \"; the offsets or the .txt are off (offsets count characters)"
            ),
            format!("{shown}:2:8: error: span 20–999 ends past the end of the text (66 characters)"),
            format!("{shown}:4:1: error: unknown annotation id \"X1\"; brat ids start with T, N, A, M, R, E, # or *"),
            format!("{shown}:6:8: error: offsets \"five 9\" are not of the form \"START END\" or \"S1 E1;S2 E2\""),
            format!(
                "{shown}:5:1: error: relation Employer refers to \"T1\" or \"T9\", which is not a T annotation in this file"
            ),
        ]
    );
    assert!(loaded.corpus.articles.is_empty(), "a file with errors adds no article");

    let lonely = write(dir.path(), "lonely.ann", "T1\tORG 0 3\tabc\n");
    let loaded = load(std::slice::from_ref(&lonely), LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [format!(
            "{}: error: cannot read the text {} that this .ann annotates: no such file or directory; brat keeps each .txt beside its .ann",
            lonely.display(),
            lonely.with_extension("txt").display()
        )]
    );
}

#[test]
fn spacy_and_displacy_documents_with_kb_ids() {
    let dir = tempfile::tempdir().unwrap();
    let (z0, z1) = chars_of("Zoe\u{308} Müller");
    let (s0, s1) = chars_of("Siemens");
    let doc = serde_json::json!({
        "text": TEXT,
        "ents": [{"start": z0, "end": z1, "label": "PERSON"}, {"start": s0, "end": s1, "label": "ORG"}],
        "spans": {"sc": [{"start": s0, "end": s1, "label": "ORG", "kb_id": "Q81230"}]},
        "tokens": []
    });
    let p = write(dir.path(), "doc.json", &doc.to_string());
    let displacy =
        serde_json::json!([{"text": "Kø i Ærø", "ents": [{"start": 5, "end": 8, "label": "GPE"}], "title": "Øer"}]);
    let q = write(dir.path(), "displacy.json", &displacy.to_string());
    let loaded = load(&[p, q], LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    assert_eq!(mentions(c, &c.articles[0]), [pair("Zoe\u{308} Müller", "PERSON"), pair("Siemens", "ORG")]);
    assert_eq!(c.articles[1].title, "Øer");
    assert_eq!(mentions(c, &c.articles[1]), [pair("Ærø", "GPE")]);

    let bad = write(
        dir.path(),
        "bad.json",
        r#"{"text": "abc", "ents": [{"start": 1, "end": 9, "label": "X"}, {"start": 0}]}"#,
    );
    let shown = bad.display().to_string();
    assert_eq!(
        messages(&load(&[bad], LoadOptions::default())),
        [
            format!("{shown}:1:26: error: span 1–9 ends past the end of the text (3 characters)"),
            format!("{shown}:1:64: error: an entity needs \"start\" and \"end\" (character offsets) and a \"label\""),
        ]
    );
}

fn ls_region(id: &str, (start, end): (usize, usize), text: &str, label: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "type": "labels", "from_name": "label", "to_name": "text",
                       "value": {"start": start, "end": end, "text": text, "labels": [label]}})
}

#[test]
fn label_studio_detects_utf16_exports_and_reads_relations_and_references() {
    let dir = tempfile::tempdir().unwrap();
    let current = serde_json::json!({"id": 7, "data": {"text": TEXT}, "annotations": [{"result": [
        ls_region("a", chars_of("Zoe\u{308} Müller"), "Zoe\u{308} Müller", "PER"),
        ls_region("b", chars_of("Siemens"), "Siemens", "ORG"),
        {"id": "b", "type": "textarea", "from_name": "kb", "to_name": "text", "value": {"text": ["Wikidata:Q81230"]}},
        {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["Employer"]}
    ]}]});
    let older = serde_json::json!({"id": 8, "data": {"text": TEXT}, "annotations": [{"result": [
        ls_region("c", utf16_of("Siemens"), "Siemens", "ORG"),
        ls_region("d", utf16_of("København"), "København", "LOC")
    ]}]});
    let p = write(dir.path(), "ls.json", &serde_json::json!([current, older]).to_string());
    let shown = p.display().to_string();
    let loaded = load(&[p], LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [format!(
            "{shown}:1:554: warning: offsets of 1 task are UTF-16 code units (an older Label Studio export); converted to characters"
        )]
    );
    let c = &loaded.corpus;
    assert_eq!(c.articles[0].id, "ls-7");
    assert_eq!(mentions(c, &c.articles[1]), [pair("Siemens", "ORG"), pair("København", "LOC")]);
    let siemens = c.entity_index("wikidata:Q81230").unwrap();
    assert_eq!(c.articles[0].relations[0].to, siemens);
    assert_eq!(c.articles[0].relations[0].kind, "Employer");

    let (s0, _) = chars_of("Siemens");
    let wrong = serde_json::json!([{"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [
        ls_region("x", (s0, s0 + 7), "Siemenz", "ORG")]}]}]);
    let bad = write(dir.path(), "bad.json", &wrong.to_string());
    let shown = bad.display().to_string();
    assert_eq!(
        messages(&load(&[bad], LoadOptions::default())),
        [format!(
            "{shown}:1:100: error: region text \"Siemenz\" differs from the text at 20–27, \"Siemens\" (neither code points nor UTF-16 units match)"
        )]
    );
}

#[test]
fn doccano_offsets_are_utf16_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let (s0, s1) = utf16_of("Siemens");
    let (k0, k1) = utf16_of("København");
    let (z0, z1) = utf16_of("Zoe\u{308} Müller");
    let line1 = serde_json::json!({"id": 1, "text": TEXT, "label": [[s0, s1, "ORG"], [k0, k1, "LOC"]]});
    let line2 = serde_json::json!({"id": 2, "text": TEXT,
        "entities": [{"id": 10, "start_offset": z0, "end_offset": z1, "label": "PER"}, {"id": 11, "start_offset": s0, "end_offset": s1, "label": "ORG"}],
        "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "works_for"}]});
    let p = write(dir.path(), "dc.jsonl", &format!("{line1}\n{line2}\n"));
    let loaded = load(std::slice::from_ref(&p), LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    assert_eq!(mentions(c, &c.articles[0]), [pair("Siemens", "ORG"), pair("København", "LOC")]);
    assert_eq!(mentions(c, &c.articles[1]), [pair("Zoe\u{308} Müller", "PER"), pair("Siemens", "ORG")]);
    assert_eq!(c.articles[1].relations[0].kind, "works_for");

    // Read as chars, the same offsets land one character late (the emoji is two UTF-16 units).
    let as_chars =
        load(std::slice::from_ref(&p), LoadOptions { offsets: Some(OffsetUnit::Chars), ..Default::default() });
    assert_eq!(mentions(&as_chars.corpus, &as_chars.corpus.articles[0])[0], pair("iemens ", "ORG"));

    let split = serde_json::json!({"text": TEXT, "label": [[1, 3, "X"]]});
    let bad = write(dir.path(), "bad.jsonl", &format!("{split}\n"));
    let shown = bad.display().to_string();
    assert_eq!(
        messages(&load(&[bad], LoadOptions { from: Some(newslens::formats::DOCCANO), ..Default::default() })),
        [format!(
            "{shown}:1:11: error: offset 1 falls between the two halves of a UTF-16 surrogate pair (an emoji or other astral character) (offsets read as UTF-16 code units; see --offsets)"
        )]
    );
}

#[test]
fn conll_reads_iob1_and_iob2_and_rebuilds_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let iob2 = "-DOCSTART- -X- -X- O\r\n\r\nZoë NNP B-PER\r\nMüller NNP I-PER\r\nmødte VB O\r\nSiemens NNP B-ORG\r\n. . O\r\n\r\nKøbenhavn NNP B-LOC\r\nMadrid NNP B-LOC\r\n";
    let iob1 =
        "-DOCSTART- O\n\nEU I-ORG\nrejects O\nGerman I-MISC\ncall O\n\nPeter I-PER\nBlackburn I-PER\nJohn B-PER\n";
    let p = write(dir.path(), "a.conll", &format!("{iob2}{iob1}"));
    let loaded = load(&[p], LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    assert_eq!(c.articles.len(), 2);
    assert_eq!(c.articles[0].text, "Zoë Müller mødte Siemens .\nKøbenhavn Madrid");
    assert_eq!(
        mentions(c, &c.articles[0]),
        [pair("Zoë Müller", "PER"), pair("Siemens", "ORG"), pair("København", "LOC"), pair("Madrid", "LOC")],
        "B- after B- of the same type starts a new mention"
    );
    assert_eq!(
        mentions(c, &c.articles[1]),
        [pair("EU", "ORG"), pair("German", "MISC"), pair("Peter Blackburn", "PER"), pair("John", "PER")],
        "IOB1: I- starts a mention, B- splits two adjacent ones"
    );

    let bad = write(dir.path(), "bad.iob", "Zoë B-PER\nMüller X-PER\nalone\n");
    let shown = bad.display().to_string();
    assert_eq!(
        messages(&load(&[bad], LoadOptions::default())),
        [
            format!(
                "{shown}:2:8: error: read as CoNLL columns (token in column 1, tags in column 2): tag \"X-PER\" is not \
                 IOB: expected O, B-TYPE, I-TYPE (or BIOES/BILOU/BMES's E-, S-, L-, U-, M-); if the file is of another \
                 format, name it with --from"
            ),
            format!(
                "{shown}:3:1: error: read as CoNLL columns (token in column 1, tags in column 2): expected 2 columns, \
                 found 1: \"alone\"; if the file is of another format, name it with --from"
            ),
        ]
    );
}

#[test]
fn timelinejs_adds_its_events_to_the_articles_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let tl = serde_json::json!({"title": {"text": {"headline": "T"}}, "events": [
        {"start_date": {"year": "2019", "month": "8", "day": "23"}, "text": {"headline": "<b>Ascend 910</b> launch", "text": "<p>Huawei &amp; AI</p>"}, "unique_id": "ascend"},
        {"start_date": {"year": 2023, "month": 8}, "end_date": {"year": 2023, "month": 9}, "text": {"headline": "Claims"}},
        {"start_date": {"year": 2020}, "text": {"text": "Only text"}, "group": "g"}
    ]});
    let p = write(dir.path(), "timeline.json", &tl.to_string());
    let article = write(dir.path(), "a.json", r#"{"id": "a", "title": "A", "date": "2021", "text": "x"}"#);
    let loaded = load(&[article, p], LoadOptions::default());
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    let dated: Vec<(String, String)> = c
        .timeline()
        .into_iter()
        .map(|r| c.event(r))
        .map(|e| (newslens::date::format_range(e.date, e.end_date), e.title.clone()))
        .collect();
    assert_eq!(
        dated,
        [
            ("2019-08-23".to_string(), "Ascend 910 launch".to_string()),
            ("2020".to_string(), "Only text".to_string()),
            ("2023-08–09".to_string(), "Claims".to_string())
        ]
    );
    assert_eq!(c.events[0].description.as_deref(), Some("Huawei & AI"));
    assert_eq!(c.events[0].id, "ascend");

    let bad =
        write(dir.path(), "bad.json", r#"{"events": [{"start_date": {"year": 2023, "month": 13}}, {"text": {}}]}"#);
    let shown = bad.display().to_string();
    assert_eq!(
        messages(&load(&[bad], LoadOptions { from: Some(newslens::formats::TIMELINEJS), ..Default::default() })),
        [
            format!("{shown}:1:28: error: date 2023-13: month 13 is not 01–12"),
            format!("{shown}:1:58: error: an event needs \"start_date\": {{\"year\": …}}"),
        ]
    );
}

#[test]
fn the_format_is_detected_from_extension_and_content() {
    let p = Path::new("x.json");
    assert_eq!(newslens::formats::detect(Path::new("x.ann"), ""), newslens::formats::BRAT);
    assert_eq!(newslens::formats::detect(Path::new("x.iob"), ""), newslens::formats::CONLL);
    assert_eq!(
        newslens::formats::detect(p, r#"[{"data": {"text": "a"}, "annotations": []}]"#),
        newslens::formats::LABEL_STUDIO
    );
    assert_eq!(
        newslens::formats::detect(p, r#"{"events": [{"start_date": {"year": 1}}]}"#),
        newslens::formats::TIMELINEJS
    );
    assert_eq!(newslens::formats::detect(p, r#"{"text": "a", "ents": []}"#), newslens::formats::SPACY);
    assert_eq!(
        newslens::formats::detect(Path::new("x.jsonl"), "{\"text\": \"a\", \"label\": []}\n"),
        newslens::formats::DOCCANO
    );
    assert_eq!(
        newslens::formats::detect(p, r#"{"id": "a", "title": "t", "text": "a", "entities": []}"#),
        newslens::formats::NEWSLENS
    );
    assert_eq!(newslens::formats::detect(Path::new("eng.train"), "EU B-ORG\nrejects O\n"), newslens::formats::CONLL);
}

#[test]
fn the_readme_lists_every_format_of_the_table() {
    let readme = include_str!("../README.md");
    let table = newslens::formats::markdown_table();
    assert!(readme.contains(&table), "README.md's list of formats is not the table's; it should read:\n{table}");
}

#[test]
fn every_writer_round_trips_what_it_writes_through_its_own_reader() {
    // The example, written by each writer of the table and read back with detection.
    let corpus = newslens::example::load_example().corpus;
    for writer in newslens::formats::writers() {
        let dir = tempfile::tempdir().unwrap();
        let (output, _) = newslens::formats::export(&corpus, writer);
        let target = dir.path().join(format!("out.{}", writer.extension.unwrap_or("d")));
        newslens::export::write(&target, output, false).unwrap();
        let back = load_paths(&[target], LoadOptions::default());
        assert_eq!(back.error_count(), 0, "{writer:?}: {:?}", back.diagnostics);
        let events = back.corpus.event_total();
        assert!(!back.corpus.articles.is_empty() || events > 0, "{writer:?} wrote nothing readable");
    }
}

#[test]
fn a_brat_id_used_twice_is_an_error_not_a_silent_loss() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "doc.txt", "Zoë mødte Ærø.");
    let p = write(
        dir.path(),
        "doc.ann",
        "T1\tPER 0 3\tZoë\nT1\tLOC 10 13\tÆrø\nE1\tMeet:T1\nE1\tMeet:T1\n*\tAlias T1\n*\tAlias T1\n",
    );
    let shown = p.display().to_string();
    let loaded = load(&[p], LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [
            format!(
                "{shown}:2:1: error: duplicate annotation id \"T1\" (first on line 1); brat ids are unique in a file"
            ),
            format!(
                "{shown}:4:1: error: duplicate annotation id \"E1\" (first on line 3); brat ids are unique in a file"
            ),
        ]
    );
    assert!(loaded.corpus.articles.is_empty(), "nothing is read as if the second were not there");
}

#[test]
fn timelinejs_events_sharing_a_unique_id_are_both_kept_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let tl = r#"{"events": [
        {"start_date": {"year": "2020"}, "text": {"headline": "One"}, "unique_id": "x"},
        {"start_date": {"year": "2021"}, "text": {"headline": "Two"}, "unique_id": "x"}]}"#;
    let p = write(dir.path(), "t.json", tl);
    let loaded = load(std::slice::from_ref(&p), LoadOptions::default());
    assert_eq!(
        messages(&loaded),
        [format!(
            "{}:3:84: warning: event id \"x\" is used by an earlier event too; this one is read as \"x-2\"",
            p.display()
        )]
    );
    let titles: Vec<&str> = loaded.corpus.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["One", "Two"]);
    // What was read is written and read back whole.
    let (output, _) = newslens::formats::export(&loaded.corpus, newslens::formats::JSONL);
    let out = dir.path().join("out.jsonl");
    newslens::export::write(&out, output, false).unwrap();
    let back = load(&[out], LoadOptions::default());
    assert_eq!(back.error_count(), 0, "{:?}", back.diagnostics);
    assert_eq!(back.corpus.events.len(), 2);
}
