//! Writes a realistic synthetic corpus in newslens JSON Lines (see `newslens::synth`).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --articles 10000 --out corpus.jsonl
//! ```
//! Options: `--articles N` (default 1000), `--entities N` (distinct entities; default 10 per
//! article), `--seed N`, `--out FILE` (default: standard output). The same options give the
//! same file.

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut articles, mut entities, mut seed, mut out) = (1000usize, None, 7u64, None);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--articles" => articles = value().parse().expect("--articles takes a number"),
            "--entities" => entities = Some(value().parse().expect("--entities takes a number")),
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
    newslens::synth::write_corpus(&mut w, articles, entities, seed)?;
    w.flush()
}
