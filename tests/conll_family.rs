//! The CoNLL family as people have it: an index column first, CoNLL-U with multiword tokens
//! and NER in MISC, GermEval's nested tags, BIOES/BILOU/BMES, CoNLL-2012's brackets, spaCy's
//! `word|POS|TAG` lines, document markers, unknown extensions; with Danish, emoji, combining
//! marks and CRLF. Each fixture is written here; the layout is told from the content alone.

#[path = "support/reading.rs"]
mod reading;

use newslens::model::Corpus;
use reading::{load, mentions, messages, pairs, write};

/// Reads `content` as a file called `name`; no diagnostics expected but the one that says a
/// file of several sentences and no document marker is one article.
fn read_clean(name: &str, content: &str) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&write(dir.path(), name, content));
    let mut said = messages(&loaded);
    said.retain(|m| !m.contains("warning: no -DOCSTART- or # newdoc lines"));
    assert_eq!(said, Vec::<String>::new(), "{name}");
    loaded.corpus
}

#[test]
fn an_index_column_is_never_the_text() {
    // WikiNEuRal / BSNLP: index, token, tag; CRLF; a combining mark and an emoji.
    let src =
        "0\tDie\tO\r\n1\tZoe\u{308}\tB-PER\r\n2\tMüller\tI-PER\r\n3\t🚀\tO\r\n\r\n0\tAus\tO\r\n1\tAarhus\tB-LOC\r\n";
    let c = read_clean("wiki.tsv", &format!("-DOCSTART-\tO\r\n\r\n{src}"));
    let a = &c.articles[0];
    assert_eq!(a.text, "Die Zoe\u{308} Müller 🚀\nAus Aarhus");
    assert_eq!(mentions(&c, a), pairs(&[("Zoe\u{308} Müller", "PER"), ("Aarhus", "LOC")]));
}

#[test]
fn conllu_takes_the_text_and_spacing_and_ner_from_misc() {
    let src = "# newdoc id = da-news-1\n# sent_id = 1\n# text = Zoë bor i Aarhus, Danmark.\n\
        1\tZoë\tZoë\tPROPN\t_\t_\t2\tnsubj\t_\tname=B-PER\n\
        2\tbor\tbo\tVERB\t_\t_\t0\troot\t_\t_\n\
        3\ti\ti\tADP\t_\t_\t4\tcase\t_\t_\n\
        4\tAarhus\tAarhus\tPROPN\t_\t_\t2\tobl\t_\tname=B-LOC|SpaceAfter=No\n\
        5\t,\t,\tPUNCT\t_\t_\t6\tpunct\t_\t_\n\
        6\tDanmark\tDanmark\tPROPN\t_\t_\t4\tappos\t_\tname=B-LOC|SpaceAfter=No\n\
        7\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n\
        # sent_id = 2\n\
        1-2\tdel\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tde\tde\tADP\t_\t_\t3\tcase\t_\tNE=B-ORG\n\
        2\tel\tel\tDET\t_\t_\t3\tdet\t_\tNE=I-ORG\n\
        3\tBanco\tbanco\tNOUN\t_\t_\t0\troot\t_\tNE=I-ORG|SpaceAfter=No\n\
        3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n\
        4\t!\t!\tPUNCT\t_\t_\t3\tpunct\t_\t_\n";
    let c = read_clean("ud.conllu", src);
    let a = &c.articles[0];
    assert_eq!(a.title, "da-news-1", "# newdoc names the document");
    assert_eq!(a.text, "Zoë bor i Aarhus, Danmark.\ndel Banco!");
    assert_eq!(mentions(&c, a), pairs(&[("Zoë", "PER"), ("Aarhus", "LOC"), ("Danmark", "LOC"), ("del Banco", "ORG")]));
}

#[test]
fn germeval_reads_outer_and_nested_mentions_and_keeps_the_source_lines() {
    let src = "#\thttp://de.wikipedia.org/wiki/Aachen?x=1 [2009-10-17]\n\
        1\tDie\tO\tO\n2\tUniversität\tB-ORG\tO\n3\tAachen\tI-ORG\tB-LOC\n4\tlehrt\tO\tO\n\n\
        #\thttp://www.taz.de [2009-10-18]\n\
        1\tFrankfurter\tB-LOCderiv\tO\n2\tBörse\tO\tO\n";
    let c = read_clean("germeval.tsv", &format!("{src}\n"));
    assert_eq!(c.articles.len(), 1);
    let a = &c.articles[0];
    assert_eq!(a.text, "Die Universität Aachen lehrt\nFrankfurter Börse");
    assert_eq!(
        mentions(&c, a),
        pairs(&[("Universität Aachen", "ORG"), ("Aachen", "LOC"), ("Frankfurter", "LOCderiv")]),
        "nested mentions are kept beside the outer ones"
    );
    let notes: Vec<(String, &str)> = a.notes.iter().map(|n| (a.slice(n.span), n.text.as_str())).collect();
    assert_eq!(
        notes,
        [
            ("Die Universität Aachen lehrt".to_string(), "http://de.wikipedia.org/wiki/Aachen?x=1 [2009-10-17]"),
            ("Frankfurter Börse".to_string(), "http://www.taz.de [2009-10-18]"),
        ]
    );
}

#[test]
fn every_tag_scheme_in_any_layout_gives_the_same_mentions() {
    let want = pairs(&[("Anders Fogh Rasmussen", "PER"), ("NATO", "ORG"), ("Bruxelles", "LOC")]);
    let words = ["Anders", "Fogh", "Rasmussen", "leder", "NATO", "i", "Bruxelles"];
    let schemes: [(&str, [&str; 7]); 5] = [
        ("iob1", ["I-PER", "I-PER", "I-PER", "O", "I-ORG", "O", "I-LOC"]),
        ("iob2", ["B-PER", "I-PER", "I-PER", "O", "B-ORG", "O", "B-LOC"]),
        ("bioes", ["B-PER", "I-PER", "E-PER", "O", "S-ORG", "O", "S-LOC"]),
        ("bilou", ["B-PER", "I-PER", "L-PER", "O", "U-ORG", "O", "U-LOC"]),
        ("bmes", ["B-PER", "M-PER", "E-PER", "O", "S-ORG", "O", "S-LOC"]),
    ];
    for (scheme, tags) in schemes {
        let rows = |f: &dyn Fn(usize, &str, &str) -> String| -> String {
            words.iter().zip(tags).enumerate().map(|(i, (w, t))| f(i, w, t)).collect()
        };
        let layouts = [
            ("plain.txt", rows(&|_, w, t| format!("{w} {t}\n"))),
            ("pos.tsv", rows(&|_, w, t| format!("{w}\tNNP\t{t}\r\n"))),
            ("indexed.user2", rows(&|i, w, t| format!("{i}\t{w}\t{t}\n"))),
            ("conll2003.conll", format!("-DOCSTART- -X- -X- O\n\n{}", rows(&|_, w, t| format!("{w} NNP B-NP {t}\n")))),
        ];
        for (name, content) in layouts {
            let c = read_clean(name, &content);
            assert_eq!(c.articles[0].text, words.join(" "), "{scheme} {name}");
            assert_eq!(mentions(&c, &c.articles[0]), want, "{scheme} {name}");
        }
    }
}

#[test]
fn chinese_characters_are_joined_without_spaces() {
    let c = read_clean("weibo.bmes", "中 B-GPE\n国 E-GPE\n的 O\n华 B-ORG\n为 E-ORG\n");
    assert_eq!(c.articles[0].text, "中国的华为");
    assert_eq!(mentions(&c, &c.articles[0]), pairs(&[("中国", "GPE"), ("华为", "ORG")]));
}

#[test]
fn document_markers_of_every_kind_split_articles() {
    for marker in ["-DOCSTART-", "-DOCSTART- -X- O O", "#DOCSTART", "#DOCSTART\tO"] {
        let src = format!("{marker}\n\nZoë B-PER\n\n{marker}\n\nAarhus B-LOC\n");
        let c = read_clean("m.conll", &src);
        assert_eq!(c.articles.len(), 2, "{marker}");
        assert_eq!(c.articles[1].text, "Aarhus", "{marker}");
    }
}

#[test]
fn conll_2012_reads_its_bracketed_named_entities() {
    let doc = |name: &str, lines: &[(&str, &str, &str)]| -> String {
        let mut out = format!("#begin document ({name}); part 000\n");
        for (k, (word, pos, ne)) in lines.iter().enumerate() {
            if word.is_empty() {
                out.push('\n');
                continue;
            }
            out.push_str(&format!(
                "{name}   0   {k}   {word}   {pos}   (TOP*   -   -   -   Speaker#1   {ne}   (ARG0*   -\n"
            ));
        }
        out.push_str("\n#end document\n");
        out
    };
    let src = doc(
        "nw/wsj/00/wsj_0001",
        &[
            ("Pierre", "NNP", "(PERSON*"),
            ("Vinken", "NNP", "*)"),
            ("-LRB-", "-LRB-", "*"),
            ("Zoë", "NNP", "(PERSON)"),
            ("-RRB-", "-RRB-", "*"),
            ("visited", "VBD", "*"),
            ("*T*-1", "-NONE-", "*"),
            ("New", "NNP", "(GPE*"),
            ("York", "NNP", "*)"),
            ("", "", ""),
            ("Hi", "UH", "*"),
        ],
    ) + &doc("bc/cnn/00/cnn_0003", &[("CNN", "NNP", "(ORG*)")]);
    let c = read_clean("ontonotes.gold_conll", &src);
    assert_eq!(c.articles.len(), 2);
    let a = &c.articles[0];
    assert_eq!(a.title, "nw/wsj/00/wsj_0001 part 000");
    assert_eq!(a.text, "Pierre Vinken ( Zoë ) visited New York\nHi");
    assert_eq!(mentions(&c, a), pairs(&[("Pierre Vinken", "PERSON"), ("Zoë", "PERSON"), ("New York", "GPE")]));
    assert_eq!(mentions(&c, &c.articles[1]), pairs(&[("CNN", "ORG")]));
}

#[test]
fn spacy_word_pos_tag_lines_are_read() {
    let c = read_clean("train.iob", "I|PRP|O like|VBP|O Zoë|NNP|B-PER Müller|NNP|I-PER\r\nAarhus|NNP|U-LOC !|.|O\r\n");
    let a = &c.articles[0];
    assert_eq!(a.text, "I like Zoë Müller\nAarhus !");
    assert_eq!(mentions(&c, a), pairs(&[("Zoë Müller", "PER"), ("Aarhus", "LOC")]));
}

#[test]
fn a_file_that_is_no_member_is_refused_once_naming_how_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "pos.conll", "Zoë NNP\nbor VB\ni IN\n");
    let shown = p.display();
    assert_eq!(
        messages(&load(&p)),
        [format!(
            "{shown}:1:1: error: read as CoNLL columns: no column holds IOB tags (O, B-TYPE, I-TYPE, or \
             BIOES/BILOU/BMES's E-, S-, L-, U-, M-); the last column has \"NNP\"; if the file is of another format, \
             name it with --from"
        )]
    );
    let many_bad = "Zoë B-PER\n".to_string() + &"x Q-PER\n".repeat(40) + &"y B-LOC\n".repeat(60);
    let p = write(dir.path(), "bad.conll", &many_bad);
    let shown = p.display();
    assert_eq!(
        messages(&load(&p)),
        [format!(
            "{shown}:2:3: error: read as CoNLL columns (token in column 1, tags in column 2): tag \"Q-PER\" is not \
             IOB: expected O, B-TYPE, I-TYPE (or BIOES/BILOU/BMES's E-, S-, L-, U-, M-) (and 39 more lines like it); \
             if the file is of another format, name it with --from"
        )],
        "one message per kind of problem, not one per line"
    );
}

#[test]
fn a_directory_reads_members_whatever_their_extension_and_names_what_it_skips() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.bmes", "华 B-ORG\n为 E-ORG\n");
    write(dir.path(), "b.tsv", "0\tZoë\tS-PER\n1\tbor\tO\n");
    write(dir.path(), "c.txt", "Aarhus B-LOC\n");
    write(dir.path(), "notes.txt", "Plain words, no tags.\n");
    write(dir.path(), "README", "About this corpus.\n");
    write(dir.path(), "d.ann", "T1\tPER 0 3\tZoë\n");
    write(dir.path(), "d.txt", "Zoë\n");
    let loaded = load(dir.path());
    let ids: Vec<&str> = loaded.corpus.articles.iter().map(|a| a.id.as_str()).collect();
    // A text alone (not CoNLL, no .ann beside it) is an article of plain text.
    assert_eq!(ids, ["a", "b", "c", "d", "notes"]);
    assert_eq!(loaded.corpus.articles[4].title, "Plain words, no tags.");
    let root = dir.path().display();
    assert_eq!(
        messages(&loaded),
        [format!("{root}/README: warning: skipped: not a format newslens reads (name it with --from to read it)")]
    );
}

#[path = "support/seeded.rs"]
mod seeded;

use proptest::prelude::*;

/// Tokens with what breaks readers: Danish, an emoji, a combining mark, a `#`, digits.
const WORDS: [&str; 10] = ["Zoë", "Ærø", "🚀", "e\u{301}", "#", "42", "mødte", "F.B.I.", "Novo", "i"];
const TYPES: [&str; 3] = ["PER", "LOC", "ORG"];

/// The tags of `n` tokens with `spans` (token ranges and types, apart) in `scheme`.
fn encode(n: usize, spans: &[(usize, usize, &str)], scheme: usize) -> Vec<String> {
    let mut tags = vec!["O".to_string(); n];
    let mut previous_end: Option<(usize, &str)> = None;
    for &(s, e, kind) in spans {
        for (k, tag) in tags.iter_mut().enumerate().take(e).skip(s) {
            let (first, last) = (k == s, k + 1 == e);
            let adjacent_same = previous_end == Some((s, kind));
            let prefix = match scheme {
                // IOB1: B- only where a mention of the same type ends just before.
                0 => {
                    if first && adjacent_same {
                        "B"
                    } else {
                        "I"
                    }
                }
                1 => {
                    if first {
                        "B"
                    } else {
                        "I"
                    }
                }
                2 => match (first, last) {
                    (true, true) => "S",
                    (true, false) => "B",
                    (false, true) => "E",
                    _ => "I",
                },
                3 => match (first, last) {
                    (true, true) => "U",
                    (true, false) => "B",
                    (false, true) => "L",
                    _ => "I",
                },
                _ => match (first, last) {
                    (true, true) => "S",
                    (true, false) => "B",
                    (false, true) => "E",
                    _ => "M",
                },
            };
            *tag = format!("{prefix}-{kind}");
        }
        previous_end = Some((e, kind));
    }
    tags
}

proptest! {
    #![proptest_config(seeded::config(96))]

    /// Any sequence of mentions, tagged in any scheme and laid out in any layout, reads back
    /// to the same spans.
    #[test]
    fn every_scheme_and_layout_reads_back_the_same_spans(
        words in prop::collection::vec(0usize..WORDS.len(), 2..30),
        cuts in prop::collection::vec((0usize..30, 1usize..4, 0usize..TYPES.len()), 0..8),
        scheme in 0usize..5,
        layout in 0usize..4,
        crlf in any::<bool>(),
    ) {
        let n = words.len();
        // Token ranges apart from each other (adjacent ones allowed).
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        let mut free = 0;
        let mut starts: Vec<(usize, usize, usize)> = cuts.iter().map(|&(s, len, t)| (s % n, len, t)).collect();
        starts.sort();
        for (s, len, t) in starts {
            if s >= free && s + len <= n {
                spans.push((s, s + len, TYPES[t]));
                free = s + len;
            }
        }
        let tags = encode(n, &spans, scheme);
        let end = if crlf { "\r\n" } else { "\n" };
        let mut src = String::from(if layout == 3 { "-DOCSTART- -X- -X- O" } else { "-DOCSTART-\tO" });
        src.push_str(end);
        src.push_str(end);
        for (k, (w, tag)) in words.iter().zip(&tags).enumerate() {
            let w = WORDS[*w];
            let line = match layout {
                0 => format!("{w} {tag}"),
                1 => format!("{k}\t{w}\t{tag}"),
                2 => format!("{w}\tX\t{tag}"),
                _ => format!("{w} NNP B-NP {tag}"),
            };
            src.push_str(&line);
            src.push_str(end);
        }
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(&write(dir.path(), "p.tsv", &src));
        prop_assert_eq!(messages(&loaded), Vec::<String>::new());
        let a = &loaded.corpus.articles[0];
        // Token k starts after k spaces and the words before it.
        let mut starts_at = Vec::new();
        let mut at = 0;
        for w in &words {
            starts_at.push(at);
            at += WORDS[*w].chars().count() + 1;
        }
        let want: Vec<(usize, usize, String)> = spans
            .iter()
            .map(|&(s, e, k)| (starts_at[s], starts_at[e - 1] + WORDS[words[e - 1]].chars().count(), k.to_string()))
            .collect();
        let got: Vec<(usize, usize, String)> = a
            .mentions
            .iter()
            .map(|m| (m.span.start, m.span.end, loaded.corpus.entities[m.entity].kind.clone()))
            .collect();
        prop_assert_eq!(got, want);
    }
}
