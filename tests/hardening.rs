//! Inputs and outputs that are not plain files, and standard input and output: nothing hangs,
//! nothing is read without end, nothing is skipped without a word.

use std::io::Write;
use std::process::{Command, Stdio};

use newslens::load::{LoadOptions, load_paths};

const ARTICLE: &str = r#"{"id": "a", "title": "Æ", "text": "Zoë mødte Ærø", "entities": [{"id": "z", "name": "Zoë", "type": "PER"}], "mentions": [{"entity": "z", "start": 0, "end": 3}]}"#;

fn newslens(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_directory_is_walked_once_whatever_its_links_and_special_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("a.json"), ARTICLE).unwrap();
    // Links back up, twice over: each directory is read once.
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../sub", root.join("sub/again")).unwrap();
    let fifo = root.join("pipe.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let loaded = load_paths(std::slice::from_ref(&root), LoadOptions::default());
    assert_eq!(loaded.corpus.articles.len(), 1, "{:?}", loaded.diagnostics);
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!("{}: warning: not a regular file (a FIFO, socket or device); skipped", fifo.display()),
            format!(
                "{}: warning: directory already read through another path (a symbolic link); skipped",
                root.join("sub/again").display()
            ),
            format!(
                "{}: warning: directory already read through another path (a symbolic link); skipped",
                root.join("sub/up").display()
            ),
        ]
    );
}

#[test]
fn a_fifo_named_explicitly_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("in.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, ARTICLE).unwrap())
    };
    let loaded = load_paths(&[fifo], LoadOptions::default());
    writer.join().unwrap();
    assert_eq!(loaded.corpus.articles.len(), 1, "{:?}", loaded.diagnostics);
}

#[test]
fn standard_input_is_a_path_too() {
    let o = newslens(&["check", "-"], ARTICLE.as_bytes());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok: 1 article, 1 entity, 1 mention, 0 events, 0 warnings\n");
    // JSON Lines without a name to tell: told from the content.
    let two = format!("{ARTICLE}\n{}\n", ARTICLE.replace("\"id\": \"a\"", "\"id\": \"b\""));
    let o = newslens(&["check", "/dev/stdin"], two.as_bytes());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok: 2 articles, 1 entity, 2 mentions, 0 events, 0 warnings\n");
    // Another format, detected from its content, or named with --from.
    let o = newslens(&["entities", "-", "--json"], "Zoë B-PER\nmødte O\n".as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let o = newslens(&["check", "-", "--from", "conll"], "Zoë B-PER\n".as_bytes());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok: 1 article, 1 entity, 1 mention, 0 events, 0 warnings\n");
    // A pipe between two commands.
    let import = newslens(&["import", "-", "--from", "conll"], "Zoë B-PER\nmødte O\nÆrø B-LOC\n".as_bytes());
    let o = newslens(&["check", "-"], &import.stdout);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok: 1 article, 2 entities, 2 mentions, 0 events, 0 warnings\n");
}

#[test]
fn a_path_longer_than_the_system_allows_is_an_error_naming_it() {
    let long = format!("/tmp/{}.json", "x".repeat(5000));
    let loaded = load_paths(&[long.clone().into()], LoadOptions::default());
    assert_eq!(loaded.error_count(), 1);
    let d = loaded.diagnostics[0].to_string();
    assert!(d.starts_with(&format!("{long}: error: cannot read:")), "{d}");
}

#[test]
fn json_output_escapes_c1_controls_and_line_separators_always() {
    let article = ARTICLE.replace("\"name\": \"Zoë\"", "\"name\": \"Zo\\u0085ë\\u2028\"");
    let o = newslens(&["entities", "-", "--json"], article.as_bytes());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(r#""name": "Zo\u0085ë\u2028""#), "{out}");
    let o = newslens(&["export", "-", "--to", "jsonl"], article.as_bytes());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(r#"Zo\u0085ë\u2028"#) && !out.contains('\u{85}'), "{out}");
}

#[test]
fn invisible_and_format_characters_are_shown_as_placeholders() {
    for c in ['\u{ad}', '\u{200b}', '\u{200f}', '\u{2028}', '\u{115f}', '\u{61c}', '\u{feff}'] {
        assert_eq!(newslens::display::visible(c), '\u{fffd}', "U+{:04X}", c as u32);
    }
    assert_eq!(newslens::display::visible('\u{200d}'), '\u{200d}', "a joiner is part of emoji sequences");
}

#[test]
fn json_lines_keep_attribute_types() {
    let article = ARTICLE.replace(
        "\"start\": 0, \"end\": 3}",
        "\"start\": 0, \"end\": 3, \"attributes\": {\"Negated\": false, \"n\": 2, \"score\": 0.5, \"kind\": \"x\"}}",
    );
    let o = newslens(&["export", "-", "--to", "jsonl"], article.as_bytes());
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        line["mentions"][0]["attributes"],
        serde_json::json!({"Negated": false, "n": 2, "score": 0.5, "kind": "x"}),
        "false stays false, 2 stays a number"
    );
}
