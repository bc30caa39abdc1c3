//! JSON formats as NLP people have them: spaCy v2 training JSON, Prodigy relations and input
//! records, Label Studio tasks with several annotators and classifications, doccano 1.x with
//! users and numbered labels. Each fixture is written here, with Danish, emoji and CRLF.

#[path = "support/reading.rs"]
mod reading;

use newslens::model::{Article, AttrValue};
use reading::{load, mentions, messages, pairs, write};

/// The annotator attribute of each mention, in text order.
fn annotators(a: &Article) -> Vec<String> {
    a.mentions
        .iter()
        .map(|m| {
            m.attributes().iter().find(|(n, _)| n == "annotator").map_or(String::new(), |(_, v)| match v {
                AttrValue::Text(t) => t.clone(),
                other => other.to_string(),
            })
        })
        .collect()
}

fn token(orth: &str, ner: &str) -> serde_json::Value {
    serde_json::json!({"id": 0, "orth": orth, "tag": "X", "head": 0, "dep": "dep", "ner": ner})
}

#[test]
fn spacy_v2_training_json_is_read_from_raw_or_rebuilt_from_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let raw = "🚀 Zoë Müller bor i\r\nAarhus.";
    let doc = serde_json::json!([{
        "id": 7,
        "paragraphs": [
            {"raw": raw, "sentences": [{"tokens": [token("🚀", "O"), token("Zoë", "B-PER"), token("Müller", "L-PER"),
                token("bor", "O"), token("i", "O"), token("Aarhus", "U-GPE"), token(".", "O")], "brackets": []}], "cats": []},
            {"sentences": [
                {"tokens": [token("Novo", "B-ORG"), token("Nordisk", "L-ORG"), token("vokser", "O")]},
                {"tokens": [token("Ja", "O"), token("!", "-")]}
            ]}
        ]
    }]);
    let p = write(dir.path(), "train.json", &doc.to_string());
    let loaded = load(&p);
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    let a = &c.articles[0];
    assert_eq!(a.id, "train-7");
    assert_eq!(a.text, format!("{raw}\n\nNovo Nordisk vokser\nJa !"));
    assert_eq!(mentions(c, a), pairs(&[("Zoë Müller", "PER"), ("Aarhus", "GPE"), ("Novo Nordisk", "ORG")]));

    // Tokens with their whitespace and no raw text: the spacing is theirs.
    let spaced = serde_json::json!([{"id": 1, "paragraphs": [{"sentences": [{"tokens": [
        {"orth": "Ærø", "ner": "U-LOC", "whitespace": ""}, {"orth": ",", "ner": "O", "whitespace": " "},
        {"orth": "Danmark", "ner": "U-GPE", "whitespace": ""}]}]}]}]);
    let p = write(dir.path(), "spaced.json", &spaced.to_string());
    let loaded = load(&p);
    assert_eq!(messages(&loaded), Vec::<String>::new());
    assert_eq!(loaded.corpus.articles[0].text, "Ærø, Danmark");

    // A token that is not in the raw text is named.
    let wrong = serde_json::json!([{"paragraphs": [{"raw": "Zoë bor", "sentences": [{"tokens": [token("Zoë", "U-PER"), token("bo", "O"), token("x", "O")]}]}]}]);
    let p = write(dir.path(), "wrong.json", &wrong.to_string());
    let said = messages(&load(&p));
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("error: token \"x\" is not next in \"raw\" (at char 6)"), "{said:?}");
}

#[test]
fn prodigy_relations_are_read_as_relations() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Zoë Müller leder Novo Nordisk i Bagsværd.";
    let span = |s: &str, label: &str| {
        let start = text[..text.find(s).unwrap()].chars().count();
        serde_json::json!({"start": start, "end": start + s.chars().count(), "label": label})
    };
    let line = serde_json::json!({
        "text": text,
        "spans": [span("Zoë Müller", "PER"), span("Novo Nordisk", "ORG")],
        "relations": [
            {"head": 0, "child": 3, "head_span": span("Zoë Müller", "PER"), "child_span": span("Novo Nordisk", "ORG"), "label": "LEDER"},
            {"head": 3, "child": 5, "head_span": span("Novo Nordisk", "ORG"), "child_span": span("Bagsværd", "LOC"), "label": "SIDDER_I"}
        ],
        "answer": "accept"
    });
    let p = write(dir.path(), "rel.jsonl", &format!("{line}\r\n"));
    let loaded = load(&p);
    assert_eq!(messages(&loaded), Vec::<String>::new());
    let c = &loaded.corpus;
    let a = &c.articles[0];
    let rels: Vec<(String, String, String)> = a
        .relations
        .iter()
        .map(|r| (r.kind.clone(), c.entities[r.from].name.clone(), c.entities[r.to].name.clone()))
        .collect();
    assert_eq!(
        rels,
        [
            ("LEDER".to_string(), "Zoë Müller".to_string(), "Novo Nordisk".to_string()),
            ("SIDDER_I".to_string(), "Novo Nordisk".to_string(), "Bagsværd".to_string())
        ]
    );
    assert_eq!(mentions(c, a).len(), 3, "a relation's span that is not listed becomes a mention");
}

#[test]
fn label_studio_reads_every_annotator_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let region = |id: &str, start: usize, end: usize, text: &str, label: &str| {
        serde_json::json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}})
    };
    let task = serde_json::json!([{
        "id": 1,
        "data": {"text": "Zoë mødte Ærø"},
        "annotations": [
            {"id": 11, "completed_by": {"id": 3, "email": "a@example.org"}, "result": [region("r1", 0, 3, "Zoë", "PER"),
                {"type": "choices", "value": {"choices": ["Politik"]}, "from_name": "topic", "to_name": "text"}]},
            {"id": 12, "completed_by": 4, "result": [region("r1", 0, 3, "Zoë", "PER"), region("r2", 10, 13, "Ærø", "LOC")]},
            {"id": 13, "completed_by": 5, "was_cancelled": true, "result": [region("r9", 4, 9, "mødte", "VERB")]}
        ]
    }]);
    let p = write(dir.path(), "ls.json", &task.to_string());
    let loaded = load(&p);
    let shown = p.display();
    assert_eq!(
        messages(&loaded),
        [
            format!(
                "{shown}:1:2: warning: 1 task has several annotations (2 in all): all are read, each mention with its \
                 annotator in the attribute \"annotator\""
            ),
            format!(
                "{shown}:1:2: warning: 1 classification (choices) of whole tasks not read: newslens articles have no categories"
            ),
        ]
    );
    let a = &loaded.corpus.articles[0];
    assert_eq!(mentions(&loaded.corpus, a), pairs(&[("Zoë", "PER"), ("Zoë", "PER"), ("Ærø", "LOC")]));
    let mut who = annotators(a);
    who.sort();
    assert_eq!(who, ["a@example.org", "user-4", "user-4"]);
}

#[test]
fn doccano_1_keeps_numbered_labels_and_users() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        serde_json::json!({"id": 1, "text": "🚀 Zoë i Aarhus", "meta": {}, "annotation_approver": null, "annotations": [
            {"label": 12, "start_offset": 3, "end_offset": 6, "user": 1},
            {"label": 14, "start_offset": 9, "end_offset": 15, "user": 2}]}),
        serde_json::json!({"id": 2, "text": "Ærø", "annotations": [{"label": 14, "start_offset": 0, "end_offset": 3, "user": 1}]}),
    ];
    let content: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    let p = write(dir.path(), "doccano1.jsonl", &content.join("\n"));
    let loaded = load(&p);
    let shown = p.display();
    assert_eq!(
        messages(&loaded),
        [
            format!(
                "{shown}: warning: 1 record has labels by several users: all are read, each mention with its user in \
                 the attribute \"annotator\""
            ),
            format!(
                "{shown}: warning: 3 labels are typed by number (doccano 1.x label ids): kept as the numbers they are"
            ),
        ]
    );
    let c = &loaded.corpus;
    assert_eq!(mentions(c, &c.articles[0]), pairs(&[("Zoë", "12"), ("Aarhus", "14")]));
    assert_eq!(annotators(&c.articles[0]), ["user-1", "user-2"]);
    assert_eq!(annotators(&c.articles[1]), [""], "one user: nothing to tell apart");
}

#[test]
fn text_and_meta_records_are_unannotated_articles_with_their_meta() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"text": "Novo Nordisk vokser.", "meta": {"title": "Vækst", "source": "DR",
        "url": "https://dr.dk/a", "publishedAt": "2023-09-14T08:00:00Z"}});
    let p = write(
        dir.path(),
        "input.jsonl",
        &format!("{line}\n{}\n", serde_json::json!({"text": "Ja.", "meta": {"date": "i går"}})),
    );
    let loaded = load(&p);
    let shown = p.display();
    assert_eq!(
        messages(&loaded),
        [format!(
            "{shown}:2:9: warning: meta date \"i går\" left out: expected YYYY, YYYY-MM or YYYY-MM-DD (a four-digit year)"
        )]
    );
    let a = &loaded.corpus.articles[0];
    assert_eq!((a.title.as_str(), a.date.map(|d| d.to_string())), ("Vækst", Some("2023-09-14".to_string())));
    let source = a.source.as_ref().unwrap();
    assert_eq!((source.name.as_deref(), source.url.as_deref()), (Some("DR"), Some("https://dr.dk/a")));
    assert!(a.mentions.is_empty());
}

#[test]
fn a_json_file_of_no_known_format_is_refused_once() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"title": "Vækst", "url": "https://dr.dk/a", "publishedAt": "2023-09-14", "content": "Novo…"}"#;
    let p = write(dir.path(), "news.jsonl", &format!("{line}\n{line}\n{line}\n"));
    let shown = p.display();
    assert_eq!(
        messages(&load(&p)),
        [format!(
            "{shown}:1:1: error: not a format newslens recognises: read as newslens JSON, its first record has no \
             \"id\" or \"text\" (it has \"content\", \"publishedAt\", \"title\", \"url\"); if it is of another format, \
             name it with --from (brat, spacy, label-studio, doccano, conll, timelinejs, feed, html, warc, text)"
        )]
    );
}
