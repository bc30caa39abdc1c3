//! Exports: what each format writes, the no-overwrite and atomic rules through the real binary,
//! and round trips (our JSON → brat → our JSON, → Label Studio → back) over generated articles.

#[path = "support/seeded.rs"]
mod seeded;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Command, Output as ProcessOutput};

use newslens::export::{Output, write};
use newslens::formats::{Writer, export};
use newslens::load::{Framing, LoadOptions, Loader, load_paths};
use newslens::model::Corpus;
use proptest::prelude::*;

fn newslens(args: &[&str]) -> ProcessOutput {
    Command::new(env!("CARGO_BIN_EXE_newslens")).args(args).output().expect("binary runs")
}

fn corpus_from(json: &str) -> Corpus {
    let mut loader = Loader::new();
    loader.add_source("gen.json", json, Framing::Json);
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "{:?}\n{json}", loaded.diagnostics);
    loaded.corpus
}

/// Every mention as (pieces, type, links, group), where mentions of one entity share a group
/// number, numbered in order of first appearance; sorted, so two corpora compare as sets.
type Shape = Vec<MentionShape>;
type MentionShape = (Vec<(usize, usize)>, String, BTreeMap<String, String>, usize);

fn shape(c: &Corpus) -> Shape {
    let a = &c.articles[0];
    let mut rows: Shape = a
        .mentions
        .iter()
        .map(|m| {
            let e = &c.entities[m.entity];
            (m.pieces().iter().map(|p| (p.start, p.end)).collect(), e.kind.clone(), e.links.clone(), m.entity)
        })
        .collect();
    rows.sort();
    let mut group: HashMap<usize, usize> = HashMap::new();
    for r in &mut rows {
        let next = group.len();
        r.3 = *group.entry(r.3).or_insert(next);
    }
    rows
}

const WORDS: &[&str] = &[
    "Zoë",
    "Müller",
    "mødte",
    "Siemens",
    "i",
    "København",
    "🚀",
    "Cafe\u{301}",
    "Ærø",
    "\r\n",
    "\n\n",
    "北京",
    "and",
    "“citat”",
    "NVIDIAs",
    "👩‍👩‍👧",
];
const TYPES: &[&str] = &["PER", "ORG", "LOC", "MISC"];

/// Builds a newslens article from generated words and mention specs:
/// (first word, words long, type, discontinuous, linked).
fn article(words: &[usize], specs: &[(usize, usize, usize, bool, bool)], allow_fragments: bool) -> String {
    // A first word that is not blank: an article's text must not be empty.
    let tokens: Vec<&str> = std::iter::once("Nyhed:").chain(words.iter().map(|&w| WORDS[w % WORDS.len()])).collect();
    let mut text = String::new();
    let mut spans = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(t);
        spans.push((start, text.chars().count()));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut entities: Vec<serde_json::Value> = Vec::new();
    let mut ids: HashMap<(usize, String), String> = HashMap::new();
    let mut mentions = Vec::new();
    for &(first, len, kind, fragmented, linked) in specs {
        let first = first % tokens.len();
        let last = (first + len).min(tokens.len()) - 1;
        // Mentions stay within a line; brat cannot hold a line break inside an annotation.
        if tokens[first..=last].iter().any(|t| t.contains('\n')) {
            continue;
        }
        let pieces: Vec<(usize, usize)> = if allow_fragments && fragmented && last >= first + 2 {
            vec![spans[first], spans[last]]
        } else {
            vec![(spans[first].0, spans[last].1)]
        };
        let surface: String =
            pieces.iter().map(|(s, e)| chars[*s..*e].iter().collect::<String>()).collect::<Vec<_>>().join(" ");
        let key = (kind % TYPES.len(), surface.clone());
        let n = ids.len();
        let id = ids
            .entry(key)
            .or_insert_with(|| {
                let mut e =
                    serde_json::json!({"id": format!("e{n}"), "name": surface, "type": TYPES[kind % TYPES.len()]});
                if linked {
                    e["links"] = serde_json::json!({"wikidata": format!("Q{}", n + 1)});
                }
                entities.push(e);
                format!("e{n}")
            })
            .clone();
        let mut m =
            serde_json::json!({"entity": id, "start": pieces[0].0, "end": pieces[pieces.len() - 1].1, "text": surface});
        if pieces.len() > 1 {
            m["fragments"] = pieces.iter().map(|(s, e)| serde_json::json!({"start": s, "end": e})).collect();
        }
        mentions.push(m);
    }
    serde_json::json!({"id": "gen", "title": "Generated", "text": text, "entities": entities, "mentions": mentions})
        .to_string()
}

fn round_trip(corpus: &Corpus, format: &Writer) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let (output, _) = export(corpus, format);
    let target = match output {
        Output::Dir(_) => target,
        Output::File(_) | Output::Stream(_) => target.with_extension("json"),
    };
    write(&target, output, false).unwrap();
    let loaded = load_paths(&[target], LoadOptions::default());
    assert!(loaded.error_count() == 0, "{:?}", loaded.diagnostics);
    loaded.corpus
}

proptest! {
    #![proptest_config(seeded::config(48))]

    #[test]
    fn json_to_brat_and_back_keeps_spans_types_links_and_entities(
        words in prop::collection::vec(0usize..100, 1..40),
        specs in prop::collection::vec((0usize..100, 1usize..4, 0usize..4, any::<bool>(), any::<bool>()), 0..12),
    ) {
        let corpus = corpus_from(&article(&words, &specs, true));
        let back = round_trip(&corpus, &newslens::formats::brat::WRITER);
        prop_assert_eq!(&back.articles[0].text, &corpus.articles[0].text);
        prop_assert_eq!(shape(&back), shape(&corpus));
    }

    #[test]
    fn json_to_label_studio_and_back_keeps_spans_types_links_and_entities(
        words in prop::collection::vec(0usize..100, 1..40),
        specs in prop::collection::vec((0usize..100, 1usize..4, 0usize..4, any::<bool>(), any::<bool>()), 0..12),
    ) {
        let corpus = corpus_from(&article(&words, &specs, false));
        let back = round_trip(&corpus, &newslens::formats::label_studio::WRITER);
        prop_assert_eq!(&back.articles[0].text, &corpus.articles[0].text);
        prop_assert_eq!(shape(&back), shape(&corpus));
    }
}

#[test]
fn the_example_survives_brat_and_label_studio() {
    let corpus = newslens::example::load_example().corpus;
    for format in [&newslens::formats::brat::WRITER, &newslens::formats::label_studio::WRITER] {
        let back = round_trip(&corpus, format);
        assert_eq!(shape(&back), shape(&corpus), "{format:?}");
        if format == &newslens::formats::label_studio::WRITER {
            assert_eq!(back.articles[0].title, corpus.articles[0].title, "brat has no titles; Label Studio keeps them");
        }
    }
}

#[test]
fn brat_files_look_like_brat() {
    let corpus = newslens::example::load_example().corpus;
    let (Output::Dir(files), warnings) = export(&corpus, &newslens::formats::brat::WRITER) else {
        panic!("brat writes a directory")
    };
    assert_eq!(
        files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["huawei-rival-2023-09.txt", "huawei-rival-2023-09.ann"]
    );
    let ann = &files[1].1;
    assert!(ann.starts_with("T1\tORG 0 6\tHuawei\nN1\tReference T1 Wikidata:Q160120\tHuawei\n"), "{ann}");
    assert!(ann.contains("\tReference T12 newslens:iflytek\tiFlytek\n") || ann.contains("newslens:iflytek"));
    assert_eq!(
        warnings,
        [
            "3 notes not written: brat notes belong to one annotation, and these cover other passages",
            "17 events not written: brat events need a type and a trigger in the text, and brat has no dates (export --to timelinejs keeps them)",
            "article titles (1), sources (1), dates (1) and languages (1) not written: brat holds a text and its annotations, in files named by id"
        ]
    );
}

#[test]
fn conll_and_timelinejs_exports_read_back() {
    let corpus = newslens::example::load_example().corpus;
    let (output, warnings) = export(&corpus, &newslens::formats::conll::WRITER);
    let conll = output.into_text().expect("one file");
    assert_eq!(
        warnings,
        [
            "7 further names of entities in an article (aliases, brat * equivalences) may read back as entities of their own: CoNLL ties mentions by their text only",
            "17 events not written: CoNLL holds tokens and tags",
            "4 notes not written: CoNLL holds tokens and tags",
            "9 entities' knowledge-base links not written: CoNLL holds tokens and tags",
            "article ids (1), titles (1), sources (1), dates (1) and languages (1) not written: CoNLL holds tokens and tags; its documents are numbered"
        ],
        "nothing is lost silently"
    );
    assert!(conll.starts_with("-DOCSTART- O\n\nHuawei B-ORG\n, O\nden O\nkinesiske B-GPE\n"), "{}", &conll[..200]);
    let back = round_trip(&corpus, &newslens::formats::conll::WRITER);
    let kinds =
        |c: &Corpus| c.articles[0].mentions.iter().map(|m| c.entities[m.entity].kind.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(&back), kinds(&corpus), "every mention comes back with its type");

    let back = round_trip(&corpus, &newslens::formats::timelinejs::WRITER);
    let dates = |c: &Corpus| {
        c.timeline()
            .into_iter()
            .map(|r| newslens::date::format_range(c.event(r).date, c.event(r).end_date))
            .collect::<Vec<_>>()
    };
    assert_eq!(dates(&back), dates(&corpus), "dates keep their precision");
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn export_never_overwrites_without_force_and_replaces_atomically_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    std::fs::write(&out, "precious").unwrap();
    let o = newslens(&["export", "--to", "jsonl", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("error: {} exists; nothing was written (use --force to replace it)\n", out.display())
    );
    assert_eq!(read(&out), "precious");
    let o = newslens(&["export", "--to", "jsonl", "-o", out.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(read(&out).starts_with("{\"id\":\"huawei-rival-2023-09\""));

    let brat = dir.path().join("brat");
    let o = newslens(&["export", "--to", "brat", "-o", brat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(brat.join("huawei-rival-2023-09.ann").is_file());
    let o = newslens(&["export", "--to", "brat", "-o", brat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4));
    let o = newslens(&["export", "--to", "brat", "-o", brat.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary files are left: {leftovers:?}");
    // A file of the user's own in the directory: --force would delete it, so nothing is written.
    std::fs::create_dir(brat.join("mine")).unwrap();
    std::fs::write(brat.join("mine/notes.txt"), "precious").unwrap();
    let o = newslens(&["export", "--to", "brat", "-o", brat.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&o.stderr).ends_with(&format!(
            "error: {} holds mine/notes.txt, which this export does not write; nothing was written (--force replaces a directory whole: give a new or empty one)\n",
            brat.display()
        )),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(read(&brat.join("mine/notes.txt")), "precious");
    assert!(brat.join("huawei-rival-2023-09.ann").is_file(), "the earlier export is still there");

    let o = newslens(&["export", "--to", "brat"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give it with -o DIR"));
}

#[test]
fn writes_never_race_never_replace_special_files_and_follow_links() {
    let dir = tempfile::tempdir().unwrap();
    // Many writers, one new target, no --force: exactly one wins, the others are told it exists.
    let target = dir.path().join("race.jsonl");
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let target = &target;
                s.spawn(move || write(target, Output::File(format!("writer {i}\n")), false))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(read(&target).starts_with("writer "));

    // A device is never replaced, even with --force.
    let err = write(Path::new("/dev/null"), Output::File("x".into()), true).unwrap_err();
    assert!(err.to_string().contains("/dev/null is not a regular file"), "{err}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "still a device");

    // A symbolic link is followed: the file it points to is replaced, the link kept.
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write(&link, Output::File("new".into()), true).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(read(&real), "new");

    // A missing directory is named as the target, not as a temporary file.
    let missing = dir.path().join("nope").join("out.jsonl");
    let err = write(&missing, Output::File("x".into()), false).unwrap_err().to_string();
    assert!(err.starts_with(&format!("cannot write {}: no such file or directory", missing.display())), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 3, "no temporary files are left: {leftovers:?}");

    // `-o -` is standard output.
    let o = newslens(&["export", "--to", "jsonl", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("{\"id\":\"huawei-rival-2023-09\""));
}

#[test]
fn import_converts_to_newslens_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let conll = dir.path().join("a.conll");
    std::fs::write(&conll, "Zoë B-PER\nMüller I-PER\nmødte O\nSiemens B-ORG\n").unwrap();
    let o = newslens(&["import", conll.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["text"], "Zoë Müller mødte Siemens");
    assert_eq!(line["mentions"][0]["text"], "Zoë Müller");
    assert_eq!(line["mentions"][1]["text"], "Siemens");
    let o = newslens(&["import"]);
    assert_eq!(o.status.code(), Some(2), "import needs an input");
}

#[test]
fn every_export_says_what_it_leaves_out() {
    let corpus = newslens::example::load_example().corpus;
    let (_, ls) = export(&corpus, &newslens::formats::label_studio::WRITER);
    assert_eq!(
        ls,
        [
            "17 events not written: Label Studio tasks have no events",
            "4 notes not written: Label Studio regions here carry labels and references only",
            "article sources (1), dates (1) and languages (1) not written: a task's data holds its text, title and newslens id"
        ]
    );
    let (_, tl) = export(&corpus, &newslens::formats::timelinejs::WRITER);
    assert_eq!(
        tl,
        [
            "1 article's text not written: TimelineJS holds events only",
            "57 mentions not written: TimelineJS holds events only",
            "4 notes not written: TimelineJS holds events only"
        ]
    );
    let (_, jsonl) = export(&corpus, newslens::formats::JSONL);
    assert!(jsonl.is_empty(), "JSON Lines holds everything of an article: {jsonl:?}");
    let mut with_timeline = corpus.clone();
    with_timeline.events.push(corpus.articles[0].events[0].clone());
    // An event of no article names no entities there (its ids belong to articles).
    with_timeline.events[0].entities.clear();
    let (_, jsonl) = export(&with_timeline, newslens::formats::JSONL);
    assert!(jsonl.is_empty(), "events of no article go in a timeline record: {jsonl:?}");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    write(&target, export(&with_timeline, newslens::formats::JSONL).0, false).unwrap();
    let back = load_paths(&[target], LoadOptions::default());
    assert_eq!(back.error_count(), 0, "{:?}", back.diagnostics);
    assert_eq!(back.corpus.events, with_timeline.events, "the timeline record reads back");
    assert_eq!(back.corpus.articles.len(), 1);
}

/// What a brat article holds, comparably: mentions (pieces, type, links, entity grouping),
/// mention attributes, relations (type and the passages they link, notes), events (type,
/// trigger, arguments by role and passage or event, attributes, notes) and passage notes.
type BratShape = (Shape, Vec<String>);

fn brat_shape(c: &Corpus) -> BratShape {
    let a = &c.articles[0];
    let mut rows = Vec::new();
    for m in &a.mentions {
        if !m.attributes().is_empty() {
            rows.push(format!("attrs {:?} {:?}", m.span, m.attributes()));
        }
    }
    for r in &a.relations {
        rows.push(format!("relation {} {:?} {:?}", r.kind, r.spans, r.notes));
    }
    let position = |id: &str| a.events.iter().position(|e| e.id == id);
    for e in &a.events {
        let d = e.detail.as_ref().expect("brat events have a type");
        let args: Vec<String> = d
            .arguments
            .iter()
            .map(|x| match &x.filler {
                newslens::model::Filler::Mention { span, .. } => format!("{}={:?}", x.role, span),
                newslens::model::Filler::Event(id) => format!("{}=event {:?}", x.role, position(id)),
            })
            .collect();
        let mut attrs = d.attributes.clone();
        attrs.sort();
        rows.push(format!("event {} {:?} {args:?} {attrs:?} {:?}", d.kind, e.anchors, d.notes));
    }
    for n in &a.notes {
        rows.push(format!("note {:?} {}", n.span, n.text));
    }
    rows.sort();
    (shape(c), rows)
}

/// A brat document from generated pieces: the words of the text, `T` specs (first word,
/// length, type, negated, noted, linked), relations between them (from, to, type, noted),
/// and events (trigger word, arguments (role, T), an argument that is the previous event,
/// attribute, note).
#[allow(clippy::type_complexity)]
fn brat_doc(
    words: &[usize],
    ts: &[(usize, usize, usize, bool, bool, bool)],
    rs: &[(usize, usize, usize, bool)],
    es: &[(usize, Vec<(usize, usize)>, bool, bool, bool)],
) -> (String, String) {
    let tokens: Vec<&str> = std::iter::once("Nyhed:").chain(words.iter().map(|&w| WORDS[w % WORDS.len()])).collect();
    let mut text = String::new();
    let mut spans = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(t);
        spans.push((start, text.chars().count()));
    }
    let chars: Vec<char> = text.chars().collect();
    let covered = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    let mut ann = String::new();
    let (mut t, mut a, mut n, mut note) = (0, 0, 0, 0);
    let mut mentions = Vec::new();
    for &(first, len, kind, negated, noted, linked) in ts {
        let first = first % tokens.len();
        let last = (first + len).min(tokens.len()) - 1;
        if tokens[first..=last].iter().any(|t| t.contains('\n')) {
            continue;
        }
        t += 1;
        let (s, e) = (spans[first].0, spans[last].1);
        ann += &format!("T{t}\t{} {s} {e}\t{}\n", TYPES[kind % TYPES.len()], covered(s, e));
        if negated {
            a += 1;
            ann += &format!("A{a}\tNegated T{t}\n");
        }
        if noted {
            note += 1;
            ann += &format!("#{note}\tAnnotatorNotes T{t}\tnote on T{t} ø\n");
        }
        if linked {
            n += 1;
            ann += &format!("N{n}\tReference T{t} Wikidata:Q{}\t{}\n", kind % TYPES.len() + 1, covered(s, e));
        }
        mentions.push(t);
    }
    if !mentions.is_empty() {
        for (k, &(from, to, kind, noted)) in rs.iter().enumerate() {
            let (f, g) = (mentions[from % mentions.len()], mentions[to % mentions.len()]);
            ann += &format!("R{}\t{} Arg1:T{f} Arg2:T{g}\n", k + 1, ["Employer", "Located", "Part"][kind % 3]);
            if noted {
                note += 1;
                ann += &format!("#{note}\tAnnotatorNotes R{}\trelation note\n", k + 1);
            }
        }
    }
    let mut events = 0;
    for (trigger, args, previous, attr, noted) in es {
        let w = trigger % tokens.len();
        if tokens[w].contains('\n') {
            continue;
        }
        t += 1;
        events += 1;
        let (s, e) = spans[w];
        ann += &format!("T{t}\tMeet {s} {e}\t{}\n", covered(s, e));
        let mut line = format!("E{events}\tMeet:T{t}");
        if !mentions.is_empty() {
            for (role, target) in args {
                line += &format!(" {}:T{}", ["Agent", "Place", "Time"][role % 3], mentions[target % mentions.len()]);
            }
        }
        if *previous && events > 1 {
            line += &format!(" Cause:E{}", events - 1);
        }
        ann += &format!("{line}\n");
        if *attr {
            a += 1;
            ann += &format!("A{a}\tCertainty E{events} high\n");
        }
        if *noted {
            note += 1;
            ann += &format!("#{note}\tAnnotatorNotes E{events}\tevent note\n");
        }
    }
    (text, ann)
}

proptest! {
    #![proptest_config(seeded::config(48))]

    /// brat in, brat out, brat in: the same mentions, attributes, relations on the same
    /// mentions, events with their arguments, attributes and notes, and notes; and writing
    /// it again gives the same files.
    #[test]
    fn brat_to_brat_keeps_events_relations_attributes_and_notes(
        words in prop::collection::vec(0usize..100, 1..30),
        ts in prop::collection::vec((0usize..100, 1usize..3, 0usize..4, any::<bool>(), any::<bool>(), any::<bool>()), 0..10),
        rs in prop::collection::vec((0usize..20, 0usize..20, 0usize..3, any::<bool>()), 0..5),
        es in prop::collection::vec((0usize..100, prop::collection::vec((0usize..3, 0usize..20), 0..3), any::<bool>(), any::<bool>(), any::<bool>()), 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (text, ann) = brat_doc(&words, &ts, &rs, &es);
        std::fs::write(dir.path().join("doc.txt"), &text).unwrap();
        std::fs::write(dir.path().join("doc.ann"), &ann).unwrap();
        let first = load_paths(&[dir.path().join("doc.ann")], LoadOptions::default());
        prop_assert!(first.error_count() == 0, "{:?}\n{}", first.diagnostics, ann);
        let back = round_trip(&first.corpus, &newslens::formats::brat::WRITER);
        prop_assert_eq!(&back.articles[0].text, &text);
        prop_assert_eq!(brat_shape(&back), brat_shape(&first.corpus), "{}", ann);
        let (Output::Dir(once), _) = export(&first.corpus, &newslens::formats::brat::WRITER) else { panic!() };
        let (Output::Dir(twice), _) = export(&back, &newslens::formats::brat::WRITER) else { panic!() };
        prop_assert_eq!(once, twice, "writing again gives the same files");
    }
}

proptest! {
    #![proptest_config(seeded::config(64))]

    /// Any text, tabs and line breaks inside mentions included: brat's files read back, with
    /// every mention's extent and type.
    #[test]
    fn brat_export_of_any_text_reads_back(
        text in prop::collection::vec(prop_oneof![any::<char>(), Just('\t'), Just('\n'), Just('\r'), Just(' ')], 1..60),
        spans in prop::collection::vec((0usize..60, 1usize..8, 0usize..4), 0..8),
    ) {
        let text: String = text.into_iter().filter(|c| *c != '\u{feff}').collect();
        let len = text.chars().count();
        prop_assume!(!text.trim().is_empty());
        let mentions: Vec<serde_json::Value> = spans
            .iter()
            .map(|(s, l, k)| {
                let start = s % len;
                let end = (start + l).min(len).max(start + 1);
                serde_json::json!({"entity": format!("e{k}"), "start": start, "end": end})
            })
            .collect();
        let entities: Vec<serde_json::Value> =
            (0..4).map(|k| serde_json::json!({"id": format!("e{k}"), "name": format!("E{k}"), "type": TYPES[k]})).collect();
        let json = serde_json::json!({"id": "a\tb c:d", "title": "T", "text": text, "entities": entities, "mentions": mentions});
        let corpus = corpus_from(&json.to_string());
        let back = round_trip(&corpus, &newslens::formats::brat::WRITER);
        // brat annotations hold no line breaks: at the ends of a mention they are left out.
        let chars: Vec<char> = corpus.articles[0].text.chars().collect();
        let trim = |(mut s, mut e): (usize, usize)| {
            let (s0, e0) = (s, e);
            while s < e && matches!(chars[s], '\n' | '\r') {
                s += 1;
            }
            while e > s && matches!(chars[e - 1], '\n' | '\r') {
                e -= 1;
            }
            if s == e { (s0, e0) } else { (s, e) }
        };
        let extents = |c: &Corpus| {
            let mut v: Vec<(usize, usize, String)> = c.articles[0]
                .mentions
                .iter()
                .map(|m| {
                    let (s, e) = trim((m.span.start, m.span.end));
                    (s, e, c.entities[m.entity].kind.clone())
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        prop_assert_eq!(&back.articles[0].text, &corpus.articles[0].text);
        prop_assert_eq!(extents(&back), extents(&corpus));
    }
}

#[test]
fn brat_file_names_never_overwrite_each_other() {
    let lines: Vec<String> = ["a b", "a_b", "a:b", "A_B", &"x".repeat(300)]
        .iter()
        .map(|id| serde_json::json!({"id": id, "title": "T", "text": "Zoë"}).to_string())
        .collect();
    let mut loader = Loader::new();
    loader.add_source("c.jsonl", &lines.join("\n"), Framing::JsonLines);
    let corpus = loader.finish().corpus;
    let (Output::Dir(files), warnings) = export(&corpus, &newslens::formats::brat::WRITER) else { panic!() };
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).filter(|n| n.ends_with(".txt")).collect();
    assert_eq!(names.len(), 5);
    assert_eq!(names[..4], ["a_b.txt", "a_b~2.txt", "a_b~3.txt", "A_B~4.txt"]);
    assert_eq!(names[4].len(), 204, "a long id is shortened to 200 bytes");
    assert_eq!(
        warnings,
        [
            "3 articles' ids make the same file name as another; written with a suffix: \"a_b as a_b~2\", \"a:b as a_b~3\", \"A_B as A_B~4\"",
            format!("1 article id too long for a file name; shortened: {:?}", "x".repeat(300)).as_str(),
            "article titles (5) not written: brat holds a text and its annotations, in files named by id",
        ]
    );
}

#[test]
fn temporary_files_of_a_killed_write_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    // What a write killed before it could clean up leaves: its pid is gone.
    let stale = dir.path().join(".out.4194303.x1y2.newslens-tmp");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("half.ann"), "T1").unwrap();
    let mine = dir.path().join(format!(".out.{}.z.newslens-tmp", std::process::id()));
    std::fs::write(&mine, "a write of a live process").unwrap();
    write(&dir.path().join("out"), Output::File("x".into()), false).unwrap();
    assert!(!stale.exists(), "the dead process's directory is removed");
    assert!(mine.exists(), "a live process's file is left alone");
}

#[cfg(unix)]
#[test]
fn written_files_get_the_usual_mode_and_replaced_ones_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // What this process's umask makes of a new file.
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).unwrap();
    let usual = mode(&probe);
    let new = dir.path().join("new.jsonl");
    let o = newslens(&["export", "--to", "jsonl", "-o", new.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode(&new), usual, "a new file is not owner-only");
    std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = newslens(&["export", "--to", "jsonl", "-o", new.to_str().unwrap(), "--force"]);
    assert!(o.status.success());
    assert_eq!(mode(&new), 0o640, "a replaced file keeps its mode");
    let brat = dir.path().join("brat");
    assert!(newslens(&["export", "--to", "brat", "-o", brat.to_str().unwrap()]).status.success());
    let probe_dir = dir.path().join("probe-dir");
    std::fs::create_dir(&probe_dir).unwrap();
    assert_eq!(mode(&brat), mode(&probe_dir), "a new directory is not owner-only");
    assert_eq!(mode(&brat.join("huawei-rival-2023-09.ann")), usual);
}

#[test]
fn one_file_writers_write_an_article_at_a_time() {
    // Their output is written as it is made, never held whole (a Label Studio export is many
    // times its corpus).
    let corpus = newslens::example::load_example().corpus;
    for writer in
        [newslens::formats::JSONL, &newslens::formats::label_studio::WRITER, &newslens::formats::conll::WRITER]
    {
        assert!(matches!(export(&corpus, writer).0, Output::Stream(_)), "{writer:?}");
    }
}
