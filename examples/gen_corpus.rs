//! Writes a realistic synthetic corpus in newslens JSON Lines (see `tests/support/synth.rs`).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --articles 10000 --out corpus.jsonl
//! ```
//! Options: `--articles N` (default 1000), `--entities N` (distinct entities; default 10 per
//! article), `--events N` (events per article, with long titles and descriptions; default 1–4
//! short ones), `--seed N`, `--out FILE` (default: standard output). The same options give the
//! same file.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut articles, mut entities, mut seed, mut out, mut events) = (1000usize, None, 7u64, None, None);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--articles" => articles = value().parse().expect("--articles takes a number"),
            "--entities" => entities = Some(value().parse().expect("--entities takes a number")),
            "--events" => events = Some(value().parse().expect("--events takes a number")),
            "--seed" => seed = value().parse().expect("--seed takes a number"),
            "--out" => out = Some(value()),
            other => panic!("unknown option {other}; see the file's doc comment"),
        }
    }
    let sink: Box<dyn Write> = match &out {
        Some(p) => Box::new(std::fs::File::create(p)?),
        None => Box::new(std::io::stdout()),
    };
    let mut w = BufWriter::new(sink);
    synth::write_corpus_with(&mut w, &synth::Shape { articles, entities, seed, events })?;
    w.flush()
}
