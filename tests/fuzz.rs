//! Fuzzing that stays: every reader is fed mutations of valid files (and the writers whatever
//! loads). The properties: no panic, no hang (each case must finish quickly), and anything
//! that loads can be written in every format and read back without an error.
//!
//! A bounded number of cases runs with `cargo test`; `PROPTEST_CASES=5000 cargo test --test
//! fuzz` runs more (see docs/testing.md).

#[path = "support/seeded.rs"]
mod seeded;

use std::path::Path;
use std::time::Duration;

use cpu_time::ThreadTime;

use newslens::diagnostic::Report;
use newslens::export::{Output, write};
use newslens::formats::{Format, export};
use newslens::import::Input;
use newslens::load::{Assembler, LoadOptions, Piece, load_paths};
use newslens::model::Corpus;
use proptest::prelude::*;

/// Valid files, one or two per format, with Unicode, CRLF and the parts each format has.
const SEEDS: &[(&Format, &str, &str)] = &[
    (
        newslens::formats::NEWSLENS,
        "a.json",
        r#"{"id": "a", "title": "Ærø", "date": "2023-09", "text": "🚀 Zoë mødte Siemens i København.\r\nCafé.", "entities": [{"id": "z", "name": "Zoë", "type": "PER", "aliases": ["Zoe"]}, {"id": "s", "name": "Siemens", "type": "ORG", "links": {"wikidata": "Q81230"}}], "mentions": [{"entity": "z", "start": 2, "end": 5, "text": "Zoë"}, {"entity": "s", "start": 12, "end": 19, "attributes": {"Negated": true}}], "events": [{"id": "e", "date": "2023-09-06", "end_date": "2023-09-07", "title": "Møde", "entities": ["z", "s"], "anchors": [{"start": 6, "end": 11}], "type": "Meet", "arguments": [{"role": "Agent", "entity": "z", "start": 2, "end": 5}]}], "notes": [{"start": 0, "end": 5, "text": "tjek"}], "relations": [{"type": "Employer", "from": "z", "to": "s", "from_span": {"start": 2, "end": 5}, "to_span": {"start": 12, "end": 19}}]}"#,
    ),
    (
        newslens::formats::NEWSLENS,
        "b.jsonl",
        "{\"id\": \"a\", \"title\": \"A\", \"text\": \"Huawei\", \"entities\": [{\"id\": \"h\", \"name\": \"Huawei\", \"type\": \"ORG\"}], \"mentions\": [{\"entity\": \"h\", \"start\": 0, \"end\": 6}]}\n{\"id\": \"b\", \"title\": \"B\", \"text\": \"x\"}\n",
    ),
    (
        newslens::formats::CONLL,
        "c.conll",
        "-DOCSTART- O\r\n\r\nZoë B-PER\r\nMüller I-PER\r\nmødte O\r\nSiemens B-ORG\r\n\r\nKøbenhavn I-LOC\r\n",
    ),
    // NUL characters and ids said twice, in the formats that have ids.
    (
        newslens::formats::NEWSLENS,
        "n.jsonl",
        "{\"id\": \"a\\u0000\", \"title\": \"T\\u0000\", \"text\": \"Zo\\u0000ë\", \"entities\": [{\"id\": \"z\", \"name\": \"Z\\u0000\", \"type\": \"PER\"}], \"mentions\": [{\"entity\": \"z\", \"start\": 0, \"end\": 2}]}\n{\"id\": \"a\\u0000\", \"title\": \"twice\", \"text\": \"x\"}\n",
    ),
    (
        newslens::formats::TIMELINEJS,
        "dup.json",
        r#"{"events": [{"unique_id": "e", "start_date": {"year": 2023}, "text": {"headline": "A\u0000"}}, {"unique_id": "e", "start_date": {"year": 2024}, "text": {"headline": "B"}}]}"#,
    ),
    (
        newslens::formats::LABEL_STUDIO,
        "dup.json",
        r#"[{"id": 1, "data": {"text": "Zoë\u0000Ærø"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["PER"]}}, {"id": "a", "type": "labels", "value": {"start": 4, "end": 7, "text": "Ærø", "labels": ["LOC"]}}]}]}, {"id": 1, "data": {"text": "x"}}]"#,
    ),
    (
        newslens::formats::CONLL,
        "u.conllu",
        "# newdoc id = d\n# text = del Ærø!\n1-2\tdel\t_\t_\t_\t_\t_\t_\t_\t_\n1\tde\tde\tADP\t_\t_\t2\tcase\t_\tNE=B-ORG\n2\tel\tel\tDET\t_\t_\t0\troot\t_\tNE=I-ORG\n3\tÆrø\tÆrø\tPROPN\t_\t_\t2\tnmod\t_\tname=S-LOC|SpaceAfter=No\n3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n4\t!\t!\tPUNCT\t_\t_\t2\tpunct\t_\t_\n",
    ),
    (
        newslens::formats::CONLL,
        "g.tsv",
        "#\thttp://x.de [2009]\r\n1\tDie\tO\tO\r\n2\tUni\tB-ORG\tO\r\n3\tAachen\tI-ORG\tB-LOC\r\n\r\n#\ty\r\n1\t中\tS-LOC\tO\r\n2\t国\tO\tO\r\n",
    ),
    (
        newslens::formats::CONLL,
        "o.gold_conll",
        "#begin document (nw/x); part 000\nnw/x 0 0 Zoë NNP (TOP* - - - A (PERSON* * -\nnw/x 0 1 Ærø NNP * - - - A *) * -\nnw/x 0 2 -LRB- -LRB- * - - - A (GPE) * -\n\n#end document\n",
    ),
    (newslens::formats::CONLL, "p.iob", "Zoë|NNP|B-PER Ærø|NNP|L-PER i|IN|O\r\n-DOCSTART-\r\nx|X|U-LOC\n"),
    (
        newslens::formats::SPACY,
        "v2.json",
        r#"[{"id": 1, "paragraphs": [{"raw": "🚀 Zoë i Ærø", "sentences": [{"tokens": [{"orth": "🚀", "ner": "O"}, {"orth": "Zoë", "ner": "U-PER"}, {"orth": "i", "ner": "O"}, {"orth": "Ærø", "ner": "U-LOC"}]}]}, {"sentences": [{"tokens": [{"orth": "Ja", "ner": "B-X", "whitespace": " "}, {"orth": "!", "ner": "L-X"}]}]}]}]"#,
    ),
    (
        newslens::formats::SPACY,
        "r.jsonl",
        "{\"text\": \"Zoë i Ærø\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}], \"relations\": [{\"head_span\": {\"start\": 0, \"end\": 3, \"label\": \"PER\"}, \"child_span\": {\"start\": 6, \"end\": 9, \"label\": \"LOC\"}, \"label\": \"BOR\"}], \"meta\": {\"title\": \"T\", \"date\": \"2023-09\"}}\n",
    ),
    (
        newslens::formats::DOCCANO,
        "d1.jsonl",
        "{\"id\": 1, \"text\": \"🚀 Zoë i Ærø\", \"annotations\": [{\"label\": 12, \"start_offset\": 3, \"end_offset\": 6, \"user\": 1}, {\"label\": 14, \"start_offset\": 9, \"end_offset\": 12, \"user\": 2}]}\n",
    ),
    (
        newslens::formats::SPACY,
        "s.jsonl",
        "{\"text\": \"🚀 Zoë joined Siemens\", \"spans\": [{\"start\": 2, \"end\": 5, \"label\": \"PERSON\"}], \"answer\": \"accept\"}\n{\"text\": \"Ærø\", \"ents\": [{\"start\": 0, \"end\": 3, \"label\": \"LOC\", \"kb_id\": \"Q1\"}]}\n",
    ),
    (
        newslens::formats::LABEL_STUDIO,
        "l.json",
        r#"[{"id": 1, "data": {"text": "Zoë i København"}, "annotations": [{"result": [{"id": "a", "type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 6, "end": 15, "text": "København", "labels": ["LOC"]}}, {"id": "a", "type": "textarea", "from_name": "entity", "to_name": "text", "value": {"start": 6, "end": 15, "text": ["Wikidata:Q1748"]}}, {"id": "b", "type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["PER"]}}, {"from_id": "b", "to_id": "a", "type": "relation", "labels": ["In"]}]}]}]"#,
    ),
    (
        newslens::formats::DOCCANO,
        "d.jsonl",
        "{\"text\": \"Zoë 🚀 Ærø\", \"label\": [[0, 3, \"PER\"], [7, 10, \"LOC\"]]}\n{\"text\": \"x\", \"entities\": [{\"id\": 1, \"start_offset\": 0, \"end_offset\": 1, \"label\": \"X\"}], \"relations\": []}\n",
    ),
    (
        newslens::formats::TIMELINEJS,
        "t.json",
        r#"{"events": [{"start_date": {"year": -3500}, "text": {"headline": "Skrift &amp; <b>tal</b>"}}, {"start_date": {"year": "2023", "month": 9, "day": "6"}, "end_date": {"year": 2023, "month": 9, "day": 7}, "text": {"headline": "Møde"}, "unique_id": ""}]}"#,
    ),
    (
        &newslens::formats::feed::FORMAT,
        "f.rss",
        "<?xml version=\"1.0\"?>\r\n<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\r\n<rss version=\"2.0\"><channel><title>Tech &amp; Ærø</title><language>da</language><item><title>Zoë 🚀</title><guid>g</guid><pubDate>Mon, 11 Sep 2023 08:00:00 +0000</pubDate><description><![CDATA[<p>Zoë mødte &b; Siemens.</p>]]></description></item><item><guid>g</guid></item></channel></rss>",
    ),
    (
        &newslens::formats::html::FORMAT,
        "p.html",
        "<!DOCTYPE html><html lang=\"da\"><head><title>Zoë 🚀</title><meta property=\"article:published_time\" content=\"2023-09-11\"></head><body><article><p>Zoë mødte Siemens i København, og talte længe om chips, markeder og Kina.</p><p>Café\u{301} &amp; &#128640; <script>x()</script></p></article></body></html>",
    ),
    (
        &newslens::formats::text::FORMAT,
        "m.md",
        "---\r\ntitle: Zoë\r\ndate: 2023-09-11\r\n---\r\n# Ærø\r\n\r\nZoë mødte Siemens 🚀.\r\n",
    ),
];

/// The brat seed: a text and its annotations (read from files, as brat is).
const BRAT_TXT: &str = "Zoë Müller mødte Siemens i København.\r\nNorth and South America.\n";
const BRAT_ANN: &str = "T1\tPER 0 10\tZoë Müller\nT2\tORG 17 24\tSiemens\nT3\tLOC 27 36\tKøbenhavn\nT4\tMeet 11 16\tmødte\nT5\tLOC 39 44;55 62\tNorth America\nE1\tMeet:T4 Agent:T1 Place:T3\nR1\tEmployer Arg1:T1 Arg2:T2\nN1\tReference T2 Wikidata:Q81230\tSiemens\nA1\tNegated T1\nA2\tCertainty E1 high\n#1\tAnnotatorNotes T3\tHovedstad\n#2\tAnnotatorNotes E1\tevent note\n*\tAlias T1 T1\n";

/// Characters mutations use: JSON and brat structure, digits, signs, whitespace, Unicode.
const ALPHABET: &[char] = &[
    '{', '}', '[', ']', '"', ':', ',', '\\', '-', '+', '.', '0', '1', '9', 'e', 'E', 'T', 'A', 'N', '#', '*', ';', ' ',
    '\t', '\n', '\r', 'ø', 'Æ', '🚀', '\u{301}', '\u{0}', '\u{1b}', '\u{85}', '\u{2028}', '\u{feff}', 'n', 'u', 'l',
    't', 'r', 'f', 'a', 's',
];

/// An edit: at (a fraction of the length), delete this many chars, then insert these.
type Edit = (f64, usize, Vec<usize>);

fn mutate(seed: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for (at, delete, insert) in edits {
        let i = ((*at * chars.len() as f64) as usize).min(chars.len());
        let end = (i + delete).min(chars.len());
        chars.splice(i..end, insert.iter().map(|k| ALPHABET[k % ALPHABET.len()]));
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec((0.0..1.0f64, 0usize..8, prop::collection::vec(0usize..64, 0..6)), 1..6)
}

/// The most CPU time one case may take: a hang or a runaway loop, not a slow machine (the
/// thread's own CPU time, which another busy process does not inflate).
const LIMIT: Duration = Duration::from_secs(2);

/// Reads `text` in `format` (as if from a file called `name`), within [`LIMIT`].
fn read_within_limit(format: &Format, name: &str, text: &str) -> Corpus {
    let started = ThreadTime::now();
    let mut report = Report::new(name);
    let input = Input { path: Path::new(name), text, doc_id: "doc", offsets: None, conll_sentences: None };
    let imported = newslens::formats::read(format, input, &mut report);
    let mut corpus = Corpus::default();
    let mut diagnostics = Vec::new();
    let mut assembler = Assembler::default();
    for d in imported.articles {
        assembler.add(&mut corpus, &mut diagnostics, Piece::Article { file: name.into(), draft: Box::new(d) });
    }
    corpus.events.extend(imported.events);
    assert!(started.elapsed() < LIMIT, "reading took {:?} of CPU time", started.elapsed());
    corpus
}

/// Whatever loaded is written in every format and read back without an error.
fn writes_and_reads_back(corpus: &Corpus) -> Result<(), TestCaseError> {
    for format in newslens::formats::writers() {
        let something = !corpus.articles.is_empty() || (format.holds_timelines && !corpus.events.is_empty());
        if !something {
            continue; // refused by the command line: nothing to write
        }
        let dir = tempfile::tempdir().unwrap();
        let (output, _) = export(corpus, format);
        let target = match output {
            Output::Dir(_) => dir.path().join("out"),
            Output::File(_) | Output::Stream(_) => {
                dir.path().join(format!("out.{}", format.extension.unwrap_or("json")))
            }
        };
        write(&target, output, false).unwrap();
        let back = load_paths(&[target], LoadOptions::default());
        prop_assert!(back.error_count() == 0, "{format:?} could not be read back: {:?}", back.diagnostics);
    }
    Ok(())
}

proptest! {
    #![proptest_config(seeded::config(96))]

    #[test]
    fn json_and_column_readers_survive_mutations(seed in 0..SEEDS.len(), edits in edits()) {
        let (format, name, text) = SEEDS[seed];
        let corpus = read_within_limit(format, name, &mutate(text, &edits));
        writes_and_reads_back(&corpus)?;
    }

    #[test]
    fn the_brat_reader_survives_mutations(edits in edits(), text_edits in edits()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("doc.txt"), mutate(BRAT_TXT, &text_edits)).unwrap();
        let ann = mutate(BRAT_ANN, &edits);
        let path = dir.path().join("doc.ann");
        std::fs::write(&path, &ann).unwrap();
        // One small file: read on this thread, so its CPU time is all of the work.
        let started = ThreadTime::now();
        let loaded = load_paths(&[path], LoadOptions::default());
        prop_assert!(started.elapsed() < LIMIT);
        writes_and_reads_back(&loaded.corpus)?;
    }

    /// Ids said twice (as brat itself reports them) and NUL characters, mutated.
    #[test]
    fn brat_with_ids_twice_and_nul_survives_mutations(edits in edits()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("doc.txt"), BRAT_TXT.replace("mødte", "mø\0te")).unwrap();
        let ann = format!("{BRAT_ANN}T1\tPER 0 3\tZoë\nE1\tMeet:T4\nR1\tEmployer Arg1:T2 Arg2:T1\n#1\tAnnotatorNotes T1\tnul \0 her\n");
        let path = dir.path().join("doc.ann");
        std::fs::write(&path, mutate(&ann, &edits)).unwrap();
        let loaded = load_paths(&[path], LoadOptions::default());
        writes_and_reads_back(&loaded.corpus)?;
    }

    #[test]
    fn the_format_is_detected_without_panic(seed in 0..SEEDS.len(), edits in edits()) {
        let (_, name, text) = SEEDS[seed];
        let _ = newslens::formats::detect(Path::new(name), &mutate(text, &edits));
    }
}
