//! The loader's messages for bad input: one table row per problem, with the exact message.

use newslens::load::{Framing, Loader, Severity};

fn messages(name: &str, src: &str, layout: Framing) -> Vec<String> {
    let mut loader = Loader::new();
    loader.add_source(name, src, layout);
    loader.finish().diagnostics.iter().map(|d| d.to_string()).collect()
}

/// A valid article with `extra` spliced in before the closing brace.
fn article(extra: &str) -> String {
    format!(
        "{{\n\"id\": \"a1\",\n\"title\": \"T\",\n\"text\": \"Kø Huawei\",\n\"entities\": [{{\"id\": \"huawei\", \"name\": \"Huawei\", \"type\": \"ORG\"}}]{extra}\n}}"
    )
}

#[test]
fn a_valid_article_has_no_diagnostics() {
    let src = article(",\n\"mentions\": [{\"entity\": \"huawei\", \"start\": 3, \"end\": 9, \"text\": \"Huawei\"}]");
    assert_eq!(messages("a.json", &src, Framing::Json), Vec::<String>::new());
}

#[test]
fn each_bad_input_gets_its_message() {
    let table: &[(&str, &str)] = &[
        (
            "{\"id\": \"a\", \"title\": \"T\", \"text\": \"x\",}",
            "a.json:1:39: error: invalid JSON: trailing comma; check for a missing comma, quote or bracket",
        ),
        ("{\"title\": \"T\", \"text\": \"x\"}", "a.json:1:1: error: missing required field \"id\" (a string)"),
        ("{\"id\": 7, \"title\": \"T\", \"text\": \"x\"}", "a.json:1:8: error: \"id\" must be a string, found 7"),
        ("[1]", "a.json:1:2: error: expected an article (an object), found 1"),
        (
            &article(",\n\"mentions\": [{\"entity\": \"huawei\", \"start\": 9, \"end\": 3}]"),
            "a.json:6:14: error: start 9 is after end 3; expected start < end",
        ),
        (
            &article(",\n\"mentions\": [{\"entity\": \"huawei\", \"start\": 3, \"end\": 99}]"),
            "a.json:6:54: error: end 99 is past the end of the text (9 characters)",
        ),
        (
            &article(",\n\"mentions\": [{\"entity\": \"huawei\", \"start\": \"3\", \"end\": 9}]"),
            "a.json:6:44: error: \"start\" must be a non-negative integer (a character offset), found \"3\"",
        ),
        (
            &article(",\n\"mentions\": [{\"entity\": \"huawei\", \"start\": 2, \"end\": 8, \"text\": \"Huawei\"}]"),
            "a.json:6:65: error: mention text \"Huawei\" differs from the covered text \" Huawe\" (chars 2–8); fix the offsets or the text",
        ),
        (
            &article(",\n\"mentions\": [{\"entity\": \"nvidia\", \"start\": 3, \"end\": 9}]"),
            "a.json:6:25: error: unknown entity \"nvidia\"; define it in \"entities\"",
        ),
        (
            &article(",\n\"date\": \"2023-9\""),
            "a.json:6:9: error: malformed date \"2023-9\": expected YYYY-MM with a two-digit month",
        ),
        (
            &article(",\n\"events\": [{\"id\": \"e\", \"date\": \"2023-02-30\", \"title\": \"E\"}]"),
            "a.json:6:32: error: malformed date \"2023-02-30\": day 30 is not 01–28 for that month",
        ),
        (
            &article(
                ",\n\"events\": [{\"id\": \"e\", \"date\": \"2023\", \"title\": \"E\", \"anchors\": [{\"start\": 0, \"end\": 0}]}]",
            ),
            "a.json:6:66: error: empty span (start = end = 0); a span covers at least one character",
        ),
        (
            &article(
                ",\n\"events\": [{\"id\": \"e\", \"date\": \"2023-05\", \"end_date\": \"2023-04\", \"title\": \"E\"}]",
            ),
            "a.json:6:55: error: end_date 2023-04 is before date 2023-05",
        ),
        (
            &article(
                ",\n\"events\": [{\"id\": \"e\", \"date\": \"2023\", \"title\": \"E\"}, {\"id\": \"e\", \"date\": \"2024\", \"title\": \"F\"}]",
            ),
            "a.json:6:62: error: duplicate event id \"e\"; each event id must be unique within the article",
        ),
        (
            &article(
                ",\n\"events\": [{\"id\": \"e\", \"date\": \"2023\", \"title\": \"E\", \"entities\": [\"ghost\"]}]",
            ),
            "a.json:6:66: warning: event names unknown entity \"ghost\"; it is left out of the event (define it in \"entities\")",
        ),
        (
            &article(",\n\"notes\": [{\"start\": 0, \"end\": 2}]"),
            "a.json:6:11: error: missing required field \"text\" (a string)",
        ),
        (
            "{\"id\": \"a\", \"title\": \"T\", \"text\": \"x\", \"entities\": [{\"id\": \"e\", \"name\": \"E\", \"type\": \"X\", \"links\": {\"wikidata\": 5}}]}",
            "a.json:1:100: error: link \"wikidata\" must be a string (an id such as \"Q160120\"), found 5",
        ),
        (
            &article(",\n\"events\": [{\"id\": \"e\", \"date\": null, \"end_date\": \"2023\", \"title\": \"E\"}]"),
            "a.json:6:50: error: end_date without date; give the date the event began",
        ),
        (
            &article(",\n\"events\": [{\"id\": \"e\", \"end_date\": \"2023\", \"title\": \"E\"}]"),
            "a.json:6:36: error: end_date without date; give the date the event began",
        ),
        (
            "{\"id\": \"a\", \"title\": \"T\", \"text\": \"x\", \"title\": \"U\"}",
            "a.json:1:46: error: duplicate field \"title\"; each key may appear once in an object",
        ),
        ("   \n", "a.json:1:1: error: file is empty; expected an article object"),
        (
            "{\"id\": \"a\", \"title\": \"T\", \"text\": \"x\"}\n{\"id\": \"b\"}",
            "a.json:2:1: error: invalid JSON: trailing characters after the article; a file of one article per line must be named .jsonl",
        ),
    ];
    for (src, expected) in table {
        let got = messages("a.json", src, Framing::Json);
        assert_eq!(got, [expected.to_string()], "input:\n{src}");
    }
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let src = "{\"id\": \"\", \"text\": 3, \"mentions\": [{\"entity\": \"x\", \"start\": -1, \"end\": 2}]}";
    let got = messages("a.json", src, Framing::Json);
    assert_eq!(
        got,
        [
            "a.json:1:8: error: \"id\" is empty; expected a non-empty string",
            "a.json:1:1: error: missing required field \"title\" (a string)",
            "a.json:1:20: error: \"text\" must be a string, found 3",
            "a.json:1:61: error: \"start\" must be a non-negative integer (a character offset), found -1",
            "a.json:1:47: error: unknown entity \"x\"; define it in \"entities\"",
        ]
    );
}

#[test]
fn json_lines_report_the_line_of_the_article_and_keep_the_good_ones() {
    let src = "{\"id\": \"a\", \"title\": \"A\", \"text\": \"x\"}\n\n{\"id\": \"b\", \"title\": 1, \"text\": \"x\"}\n{\"id\": \"a\", \"title\": \"A2\", \"text\": \"y\"}\n{broken\n";
    let mut loader = Loader::new();
    loader.add_source("c.jsonl", src, Framing::JsonLines);
    let loaded = loader.finish();
    let got: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        got,
        [
            "c.jsonl:3:22: error: \"title\" must be a string, found 1",
            "c.jsonl:4:8: error: duplicate article id \"a\" (first used at c.jsonl:1); article ids must be unique",
            "c.jsonl:5:2: error: invalid JSON: key must be a string; check for a missing comma, quote or bracket",
        ]
    );
    assert_eq!(loaded.corpus.articles.len(), 1, "the valid article is still loaded");
}

#[test]
fn offsets_count_chars_so_danish_and_emoji_land_right() {
    let src = "{\"id\": \"a\", \"title\": \"T\", \"text\": \"🚀 Zoë møder Ærø\", \"entities\": [{\"id\": \"z\", \"name\": \"Zoë\", \"type\": \"PERSON\"}, {\"id\": \"ae\", \"name\": \"Ærø\", \"type\": \"LOC\"}], \"mentions\": [{\"entity\": \"z\", \"start\": 2, \"end\": 5, \"text\": \"Zoë\"}, {\"entity\": \"ae\", \"start\": 12, \"end\": 15, \"text\": \"Ærø\"}]}";
    let mut loader = Loader::new();
    loader.add_source("a.json", src, Framing::Json);
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let a = &loaded.corpus.articles[0];
    assert_eq!(a.slice(a.mentions[1].span), "Ærø");
}

#[test]
fn files_that_cannot_be_read_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.json");
    let latin1 = dir.path().join("latin1.json");
    std::fs::write(&latin1, b"{\"id\": \"a\",\n \"title\": \"K\xf8benhavn\"}").unwrap();
    let empty_dir = dir.path().join("empty");
    std::fs::create_dir(&empty_dir).unwrap();
    let loaded = newslens::load::load_paths(&[missing.clone(), latin1.clone(), empty_dir.clone()], Default::default());
    let got: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        got,
        [
            format!("{}: error: cannot read: no such file or directory", missing.display()),
            format!(
                "{}:2:13: error: file is not valid UTF-8 (byte 0xF8 at byte offset 24); save it as UTF-8",
                latin1.display()
            ),
            format!(
                "{}: error: no files to read in this directory (looked for .json, .jsonl, .ann, .conll, .conllu, .iob, \
                 .iob2, .bio, .bioes, .iobes, .bmes, .bilou, .rss, .atom, .html, .htm, .xhtml, .warc, .warc.gz, .md, .markdown, and CoNLL columns under any name)",
                empty_dir.display()
            ),
        ]
    );
    assert!(loaded.diagnostics.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn entities_are_shared_across_articles_by_id() {
    let a = "{\"id\": \"a\", \"title\": \"A\", \"text\": \"Huawei\", \"entities\": [{\"id\": \"h\", \"name\": \"Huawei\", \"type\": \"ORG\"}], \"mentions\": [{\"entity\": \"h\", \"start\": 0, \"end\": 6}]}";
    let b = "{\"id\": \"b\", \"title\": \"B\", \"text\": \"Huawei!\", \"entities\": [{\"id\": \"h\", \"name\": \"Huawei Technologies\", \"type\": \"ORG\"}], \"mentions\": [{\"entity\": \"h\", \"start\": 0, \"end\": 6}]}";
    let mut loader = Loader::new();
    loader.add_source("a.json", a, Framing::Json);
    loader.add_source("b.json", b, Framing::Json);
    let loaded = loader.finish();
    assert_eq!(loaded.corpus.entities.len(), 1);
    assert_eq!(loaded.corpus.mention_counts(), [2]);
    assert_eq!(loaded.corpus.article_counts(), [2]);
    assert_eq!(
        loaded.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        [
            "b.json:1:8: warning: entity \"h\" is \"Huawei Technologies\" (ORG) here but \"Huawei\" (ORG) in an earlier article; keeping the earlier one"
        ]
    );
}

#[test]
fn pages_not_in_utf8_are_read_in_the_encoding_they_declare() {
    let dir = tempfile::tempdir().unwrap();
    // "Søren på Ærø" in ISO-8859-1, one page declaring it and one (`.htm`) declaring nothing.
    let body = b"<p>S\xf8ren p\xe5 \xc6r\xf8 s\xe5 det ske, og han skrev om det i en lang artikel om \xf8en.</p>";
    let declared = [
        &b"<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"><title>\xc6r\xf8</title></head><body><article>"[..],
        body,
        b"</article></body></html>",
    ]
    .concat();
    std::fs::write(dir.path().join("declared.html"), &declared).unwrap();
    std::fs::write(
        dir.path().join("undeclared.htm"),
        [&b"<html><body><article>"[..], body, b"</article></body></html>"].concat(),
    )
    .unwrap();
    // A WARC response whose HTTP header names the charset.
    let http = [
        &b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<html><body><article>"[..],
        body,
        b"</article></body></html>",
    ]
    .concat();
    let warc = [
        format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.dk/a\r\nWARC-Date: 2023-09-11T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n", http.len()).into_bytes(),
        http,
        b"\r\n\r\n".to_vec(),
    ]
    .concat();
    std::fs::write(dir.path().join("crawl.warc"), warc).unwrap();
    let mut loader = Loader::new();
    loader.add_path(dir.path());
    let loaded = loader.finish();
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    assert_eq!(loaded.corpus.articles.len(), 3);
    for a in &loaded.corpus.articles {
        assert!(a.text.contains("Søren på Ærø"), "{}: {:?}", a.id, a.text);
    }
    assert!(loaded.corpus.articles.iter().any(|a| a.title == "Ærø"));
}

#[test]
fn json_lines_read_in_chunks_keep_their_line_numbers_and_long_lines() {
    // Lines longer than the loader's chunks (a few hundred KiB) and many short ones around
    // them: every article read whole, a problem after them placed on its own line.
    let short = |i: usize| format!("{{\"id\": \"s{i}\", \"title\": \"T\", \"text\": \"kort tekst {i} æøå\"}}");
    let long =
        |i: usize| format!("{{\"id\": \"l{i}\", \"title\": \"T\", \"text\": \"{}\"}}", "ø🚀 lang ".repeat(40_000 + i));
    let mut lines: Vec<String> = (0..3000).map(short).collect();
    lines.insert(1000, long(0));
    lines.insert(1001, long(1));
    lines.insert(2500, long(2));
    lines.push("{\"title\": \"T\", \"text\": \"x\"}".into());
    let bad_line = lines.len();
    lines.extend((3000..3100).map(short));
    let mut loader = Loader::new();
    loader.add_source("a.jsonl", &lines.join("\n"), Framing::JsonLines);
    let loaded = loader.finish();
    let messages: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages, [format!("a.jsonl:{bad_line}:1: error: missing required field \"id\" (a string)")]);
    assert_eq!(loaded.corpus.articles.len(), 3103);
    let l1 = loaded.corpus.articles.iter().find(|a| a.id == "l1").unwrap();
    assert_eq!(l1.text.chars().count(), 8 * 40_001);
    assert_eq!(loaded.corpus.articles[1000].id, "l0", "in file order");
}
