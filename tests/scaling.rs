//! Nothing quadratic: every reader and writer given ten times the input takes about ten times
//! as long, not a hundred. Each case is measured at n and 10n and the ratio must stay well
//! below what a quadratic path gives.
//!
//! What is measured is the CPU time of the test's own thread (the readers and writers run on
//! it), not the wall clock: another process keeping every core busy delays the thread but does
//! not add to its CPU time, so a busy machine cannot fail these tests. The best of five runs
//! and small cases repeated to about 20 ms take out what noise is left (caches, timer ticks).
//! Sizes are small enough for a debug build to finish the whole file in a few seconds.

use std::path::Path;
use std::time::Duration;

use cpu_time::ThreadTime;

use newslens::diagnostic::Report;
use newslens::formats::{Format, export};
use newslens::import::Input;
use newslens::load::{Framing, Loader};
use newslens::model::Corpus;

/// Best of five runs of `f`, each repeating it `times` times: CPU time per repetition.
fn best(mut f: impl FnMut(), times: u32) -> Duration {
    (0..5)
        .map(|_| {
            let t = ThreadTime::now();
            for _ in 0..times {
                f();
            }
            t.elapsed() / times
        })
        .min()
        .unwrap()
}

/// Times `case(n)` and `case(10 n)`; linear work gives about 10, quadratic about 100. A small
/// case of a few milliseconds is repeated to take about 20 ms, so that timer and scheduler
/// noise does not decide.
fn linear(name: &str, n: usize, case: impl Fn(usize) -> Box<dyn FnMut()>) {
    let (mut small, mut large) = (case(n), case(10 * n));
    let once = best(&mut small, 1);
    let times = (Duration::from_millis(20).as_secs_f64() / once.as_secs_f64().max(1e-6)).ceil().clamp(1.0, 50.0) as u32;
    let (a, b) = (best(&mut small, times), best(&mut large, 1));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
    eprintln!("{name}: {a:?} -> {b:?} ({ratio:.1}x)");
    assert!(ratio < 30.0, "{name}: 10x the input took {ratio:.1}x the time ({a:?} -> {b:?})");
}

fn read(format: &'static Format, name: &'static str, text: String) -> Box<dyn FnMut()> {
    let path = Path::new(name).to_path_buf();
    Box::new(move || {
        let mut report = Report::new(name);
        let input = Input { path: &path, text: &text, doc_id: "doc", offsets: None, conll_sentences: None };
        let imported = newslens::formats::read(format, input, &mut report);
        assert!(report.errors() == 0, "{:?}", report.diagnostics.first());
        assert!(!imported.articles.is_empty() || !imported.events.is_empty());
    })
}

/// One article of `n` sentences and `n` mentions (Danish, an emoji now and then).
fn one_big_article(n: usize) -> String {
    let mut text = String::new();
    let mut mentions = Vec::new();
    for i in 0..n {
        let start = text.chars().count();
        text.push_str("Zoë Ærø");
        mentions.push(format!(r#"{{"entity": "z", "start": {start}, "end": {}, "text": "Zoë"}}"#, start + 3));
        text.push_str(if i % 7 == 0 { " mødte 🚀 hende.\n" } else { " mødte hende. " });
    }
    format!(
        r#"{{"id": "big", "title": "Big", "text": {}, "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{}]}}"#,
        serde_json::to_string(&text).unwrap(),
        mentions.join(",")
    )
}

fn corpus_of(json: &str, layout: Framing) -> Corpus {
    let mut loader = Loader::new();
    loader.add_source("c", json, layout);
    let loaded = loader.finish();
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics.first());
    loaded.corpus
}

#[test]
fn readers_are_linear() {
    linear("newslens, one article with many mentions", 2_000, |n| {
        read(newslens::formats::NEWSLENS, "a.json", one_big_article(n))
    });
    linear("newslens JSON Lines, many articles", 500, |n| {
        let lines: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "text": "Zoë mødte Ærø", "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{{"entity": "z", "start": 0, "end": 3}}]}}"#))
            .collect();
        read(newslens::formats::NEWSLENS, "a.jsonl", lines.join("\n"))
    });
    linear("Label Studio, many tiny tasks", 300, |n| {
        let tasks: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id": {i}, "data": {{"text": "Zoë i Ærø"}}, "annotations": [{{"result": [{{"id": "r{i}", "type": "labels", "from_name": "label", "to_name": "text", "value": {{"start": 6, "end": 9, "text": "Ærø", "labels": ["LOC"]}}}}]}}]}}"#))
            .collect();
        read(newslens::formats::LABEL_STUDIO, "ls.json", format!("[{}]", tasks.join(",")))
    });
    linear("doccano, many lines", 300, |n| {
        let lines: Vec<String> =
            (0..n).map(|_| r#"{"text": "Zoë i Ærø", "label": [[6, 9, "LOC"]]}"#.to_string()).collect();
        read(newslens::formats::DOCCANO, "d.jsonl", lines.join("\n"))
    });
    linear("spaCy, one text with many entities", 2_000, |n| {
        let text = "Zoë i Ærø. ".repeat(n);
        let ents: Vec<String> =
            (0..n).map(|i| format!(r#"{{"start": {}, "end": {}, "label": "LOC"}}"#, i * 11 + 6, i * 11 + 9)).collect();
        read(
            newslens::formats::SPACY,
            "s.json",
            format!(r#"{{"text": {}, "ents": [{}]}}"#, serde_json::to_string(&text).unwrap(), ents.join(",")),
        )
    });
    linear("CoNLL, many tokens", 2_000, |n| {
        read(newslens::formats::CONLL, "c.conll", "Zoë B-PER\nmødte O\nÆrø B-LOC\n\n".repeat(n))
    });
    linear("CoNLL-U, many sentences with multiword tokens", 1_000, |n| {
        let sentence = "# text = del Banco i Ærø\n1-2\tdel\t_\t_\t_\t_\t_\t_\t_\t_\n1\tde\tde\tADP\t_\t_\t3\tcase\t_\tNE=B-ORG\n\
            2\tel\tel\tDET\t_\t_\t3\tdet\t_\tNE=I-ORG\n3\tBanco\tbanco\tNOUN\t_\t_\t0\troot\t_\tNE=I-ORG\n\
            4\ti\ti\tADP\t_\t_\t5\tcase\t_\t_\n5\tÆrø\tÆrø\tPROPN\t_\t_\t3\tnmod\t_\tNE=S-LOC\n\n";
        read(newslens::formats::CONLL, "u.conllu", format!("# newdoc id = d\n{}", sentence.repeat(n)))
    });
    linear("GermEval, nested tags and source lines, many sentences", 1_000, |n| {
        let sentence = "#\thttp://x [2009]\n1\tDie\tO\tO\n2\tUni\tB-ORG\tO\n3\tAachen\tI-ORG\tB-LOC\n\n";
        read(newslens::formats::CONLL, "g.tsv", sentence.repeat(n))
    });
    linear("CoNLL-2012, many documents", 300, |n| {
        let doc = "#begin document (nw/x); part 000\nnw/x 0 0 Zoë NNP (TOP* - - - A (PERSON) * -\n\
            nw/x 0 1 bor VBZ * - - - A * * -\n\n#end document\n";
        read(newslens::formats::CONLL, "o.gold_conll", doc.repeat(n))
    });
    linear("CoNLL, many documents without their end", 300, |n| {
        read(
            newslens::formats::CONLL,
            "o.gold_conll",
            "#begin document (a); part 000\na 0 0 Zoë NNP * - - - A (P) * -\n".repeat(n),
        )
    });
    linear("spaCy word|POS|TAG lines, many", 1_000, |n| {
        read(
            newslens::formats::CONLL,
            "p.iob",
            "Zoë|NNP|B-PER Müller|NNP|I-PER bor|VB|O i|IN|O Ærø|NNP|U-LOC\n".repeat(n),
        )
    });
    linear("spaCy v2 training JSON, one document of many tokens", 1_000, |n| {
        let token = r#"{"orth": "Ærø", "ner": "U-LOC"}, {"orth": "og", "ner": "O"}"#;
        let tokens = vec![token; n].join(",");
        let raw = serde_json::to_string(&"Ærø og ".repeat(n)).unwrap();
        read(
            newslens::formats::SPACY,
            "v2.json",
            format!(r#"[{{"id": 1, "paragraphs": [{{"raw": {raw}, "sentences": [{{"tokens": [{tokens}]}}]}}]}}]"#),
        )
    });
    linear("Prodigy, one text with many relations", 1_000, |n| {
        let text = serde_json::to_string(&"Zoë i Ærø. ".repeat(n)).unwrap();
        let span = |i: usize, off: usize, len: usize, l: &str| {
            format!(r#"{{"start": {}, "end": {}, "label": "{l}"}}"#, i * 11 + off, i * 11 + off + len)
        };
        let spans: Vec<String> = (0..n).flat_map(|i| [span(i, 0, 3, "PER"), span(i, 6, 3, "LOC")]).collect();
        let rels: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"head_span": {}, "child_span": {}, "label": "BOR_I"}}"#,
                    span(i, 0, 3, "PER"),
                    span(i, 6, 3, "LOC")
                )
            })
            .collect();
        read(
            newslens::formats::SPACY,
            "r.json",
            format!(r#"{{"text": {text}, "spans": [{}], "relations": [{}]}}"#, spans.join(","), rels.join(",")),
        )
    });
    linear("Label Studio, one task with many annotators", 300, |n| {
        let annotations: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"completed_by": {i}, "result": [{{"id": "r", "type": "labels", "value": {{"start": 6, "end": 9, "text": "Ærø", "labels": ["LOC"]}}}}]}}"#))
            .collect();
        read(
            newslens::formats::LABEL_STUDIO,
            "ls.json",
            format!(r#"[{{"data": {{"text": "Zoë i Ærø"}}, "annotations": [{}]}}]"#, annotations.join(",")),
        )
    });
    linear("TimelineJS, many events", 300, |n| {
        let events: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"start_date": {{"year": {}}}, "text": {{"headline": "E{i}"}}}}"#, 1900 + i % 100))
            .collect();
        read(newslens::formats::TIMELINEJS, "t.json", format!(r#"{{"events": [{}]}}"#, events.join(",")))
    });
    linear("brat, one document with many annotations", 1_000, |n| {
        let dir = tempfile::tempdir().unwrap();
        let text = "Zoë i Ærø.\n".repeat(n);
        let ann: String = (0..n)
            .map(|i| {
                format!(
                    "T{}\tLOC {} {}\tÆrø\nR{}\tIn Arg1:T{} Arg2:T{}\n",
                    i + 1,
                    i * 11 + 6,
                    i * 11 + 9,
                    i + 1,
                    i + 1,
                    i / 2 + 1
                )
            })
            .collect();
        std::fs::write(dir.path().join("doc.txt"), text).unwrap();
        let ann_path = dir.path().join("doc.ann");
        std::fs::write(&ann_path, &ann).unwrap();
        Box::new(move || {
            let _keep = &dir;
            let mut report = Report::new("doc.ann");
            let input = Input { path: &ann_path, text: &ann, doc_id: "doc", offsets: None, conll_sentences: None };
            let imported = newslens::formats::read(newslens::formats::BRAT, input, &mut report);
            assert_eq!(report.errors(), 0, "{:?}", report.diagnostics.first());
            assert_eq!(imported.articles.len(), 1);
        })
    });
}

#[test]
fn writers_are_linear() {
    for format in newslens::formats::writers() {
        linear(&format!("{format:?}, one article with many mentions"), 1_000, |n| {
            let corpus = corpus_of(&one_big_article(n), Framing::Json);
            Box::new(move || {
                export(&corpus, format);
            })
        });
        linear(&format!("{format:?}, many articles"), 400, |n| {
            let lines: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "text": "Zoë mødte Ærø", "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{{"entity": "z", "start": 0, "end": 3}}], "events": [{{"id": "e", "date": "2023", "title": "E"}}]}}"#))
                .collect();
            let corpus = corpus_of(&lines.join("\n"), Framing::JsonLines);
            Box::new(move || {
                export(&corpus, format);
            })
        });
    }
}

/// Many phrase terms over one corpus: each text is folded once per query, so ten times the
/// phrases take about ten times as long (each re-folded every text before).
#[test]
fn phrases_are_linear_in_their_number() {
    let lines: Vec<String> = (0..300)
        .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "text": "Zoë mødte Ærø i København, og de talte længe om vejret og om verden. Zoë mødte igen.", "entities": []}}"#))
        .collect();
    let corpus = corpus_of(&lines.join("\n"), Framing::JsonLines);
    let text = newslens::query::TextIndex::of(&corpus);
    let shared = std::rc::Rc::new((corpus, text));
    linear("phrases, many terms", 3, |n| {
        let q = newslens::query::Query::parse(&vec!["\"zoe modte\""; n].join(" ")).unwrap();
        let shared = shared.clone();
        Box::new(move || {
            assert_eq!(q.articles(&shared.0, Some(&shared.1)).len(), 300);
        })
    });
}

#[test]
fn queries_are_linear_in_their_number_of_terms() {
    let lines: Vec<String> = (0..300)
        .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "text": "Zoë mødte Ærø i København {i}.", "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{{"entity": "z", "start": 0, "end": 3}}]}}"#))
        .collect();
    let corpus = std::rc::Rc::new(corpus_of(&lines.join("\n"), Framing::JsonLines));
    linear("entity ids, names, types and words, many distinct terms", 100, |n| {
        let terms: Vec<String> = (0..n)
            .flat_map(|k| [format!("-entity:x{k}"), format!("-@y{k}"), format!("-type:t{k}"), format!("-ord{k}")])
            .collect();
        let q = newslens::query::Query::parse(&terms.join(" ")).unwrap();
        let corpus = corpus.clone();
        Box::new(move || {
            assert_eq!(q.articles(&corpus, None).len(), 300);
        })
    });
}

/// A gazetteer of `n` names (`Zoë Ærø 0` …), with one long name whose first words the text
/// repeats, so each start walks far into the automaton before giving up.
fn gazetteer(n: usize) -> newslens::gazetteer::Gazetteer {
    let entity = |id: String, name: String| newslens::model::Entity {
        id,
        name,
        kind: "PER".into(),
        aliases: Vec::new(),
        description: None,
        links: Default::default(),
    };
    let mut entities: Vec<_> = (0..n).map(|i| entity(format!("z{i}"), format!("Zoë Ærø {i}"))).collect();
    entities.push(entity("long".into(), format!("{}Slut", "Ab ".repeat(60))));
    newslens::gazetteer::Gazetteer::of(entities)
}

#[test]
fn the_gazetteer_finds_in_time_linear_in_the_text() {
    let matcher = std::sync::Arc::new(newslens::gazetteer::Matcher::new(&gazetteer(1_000)));
    linear("gazetteer, one long Danish text", 2_000, |n| {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!("Zoë Ærø {} mødte Huaweis folk 🚀 i Ærø. Ab Ab Ab Ab Ab ", i % 1_000));
        }
        let matcher = matcher.clone();
        Box::new(move || assert!(!matcher.find(&text, Some("da")).is_empty()))
    });
}

#[test]
fn suggestions_are_linear_in_the_corpus() {
    // Finding runs on this thread; the automaton is built on every core, which this thread's
    // CPU time does not count (its sort is n log n, its build linear).
    linear("suggest, many articles", 300, |n| {
        let lines: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "text": "Zoë mødte Ærø {i}, og Zoë gik.", "language": "da", "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}, {{"id": "a{i}", "name": "Ærø {i}", "type": "LOC"}}], "mentions": [{{"entity": "z", "start": 0, "end": 3}}, {{"entity": "a{i}", "start": 10, "end": {}}}]}}"#, 14 + i.to_string().len()))
            .collect();
        let corpus = corpus_of(&lines.join("\n"), Framing::JsonLines);
        Box::new(move || assert_eq!(newslens::gazetteer::suggest(&corpus).len(), n))
    });
}

/// Saving edits: every article of a JSON Lines file of n articles written anew (a shared
/// entity renamed), and one mention removed from a brat document of n mentions (its other
/// lines kept).
#[test]
fn saving_edits_is_linear() {
    use newslens::edit::{self, History, save};
    let dir = tempfile::tempdir().unwrap();
    linear("save: a JSON Lines file, every article edited", 300, |n| {
        let file = dir.path().join(format!("c{n}.jsonl"));
        let lines: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "text": "Zoë mødte Ærø 🚀", "entities": [{{"id": "z", "name": "Zoë", "type": "PER"}}], "mentions": [{{"entity": "z", "start": 0, "end": 3}}]}}"#))
            .collect();
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
        let mut corpus = newslens::load::load_paths(std::slice::from_ref(&file), Default::default()).corpus;
        let mut history = History::default();
        let change = edit::rename(&corpus, 0, "Zoë Hansen").unwrap();
        history.make(&mut corpus, change).unwrap();
        let (unsaved, renamed) = (history.unsaved(&corpus), history.renamed(&corpus));
        Box::new(move || {
            let (saved, not) = save::save(&mut corpus, &unsaved, &renamed, history.originals());
            assert!(not.is_empty() && saved[0].articles == n, "{not:?}");
        })
    });
    linear("save: a brat document, one mention removed", 300, |n| {
        let sub = dir.path().join(format!("brat{n}"));
        std::fs::create_dir_all(&sub).unwrap();
        let text: String = (0..n).map(|_| "Zoë og Ærø. ").collect();
        let ann: String = (0..n).map(|i| format!("T{}\tPER {} {}\tZoë\n", i + 1, i * 12, i * 12 + 3)).collect();
        std::fs::write(sub.join("doc.txt"), &text).unwrap();
        std::fs::write(sub.join("doc.ann"), &ann).unwrap();
        let mut corpus = newslens::load::load_paths(std::slice::from_ref(&sub), Default::default()).corpus;
        let mut history = History::default();
        let change = edit::remove_mention(&corpus, 0, n / 2).unwrap();
        history.make(&mut corpus, change).unwrap();
        let (unsaved, renamed) = (history.unsaved(&corpus), history.renamed(&corpus));
        Box::new(move || {
            let (_, not) = save::save(&mut corpus, &unsaved, &renamed, history.originals());
            assert!(not.is_empty(), "{not:?}");
        })
    });
}

/// Fuzzy search of n names for the top 50, a query typed a letter at a time (names under the
/// size at which it spreads over threads, so this thread's time is all of it): the names it
/// skips without scoring still cost a test each, and no more.
#[test]
fn fuzzy_search_is_linear() {
    use newslens::search::FuzzyIndex;
    const SYLLABLES: [&str; 12] = ["ko", "sø", "ren", "bak", "an", "li", "ma", "sen", "ør", "hu", "ta", "vi"];
    linear("fuzzy search, top 50, k ko kob", 400, |n| {
        let names: Vec<String> = (0..n)
            .map(|i| {
                let s = |k: usize| SYLLABLES[(i / k) % SYLLABLES.len()];
                format!("{}{}{} {}{}", s(1), s(12), s(144).to_uppercase(), s(7), s(1728))
            })
            .collect();
        let index = FuzzyIndex::names(names.iter().map(String::as_str));
        Box::new(move || {
            let (_, k) = index.search_narrowing("k", 50, None);
            let (_, ko) = index.search_narrowing("ko", 50, Some(&k));
            let (hits, _) = index.search_narrowing("kob", 50, Some(&ko));
            assert!(!hits.is_empty());
        })
    });
}
