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

/// How to call it, printed by `--help` and after a mistake.
const USAGE: &str = "usage: gen_corpus [--articles N] [--entities N] [--events N] [--seed N] [--out FILE]
  --articles N  articles to write (default 1000)
  --entities N  distinct entities (default 10 per article)
  --events N    events per article, with long titles and descriptions (default 1-4 short ones)
  --seed N      the same seed gives the same file (default 7)
  --out FILE    where to write (default: standard output)";

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut articles, mut entities, mut seed, mut out, mut events) = (1000usize, None, 7u64, None, None);
    let wrong = |why: String| -> ! {
        eprintln!("gen_corpus: {why}\n{USAGE}");
        std::process::exit(2)
    };
    while let Some(a) = args.next() {
        if a == "--help" || a == "-h" {
            println!("{USAGE}");
            return Ok(());
        }
        let mut value = || args.next().unwrap_or_else(|| wrong(format!("{a} needs a value")));
        let number = |v: String| v.parse::<u64>().unwrap_or_else(|_| wrong(format!("{a} takes a number, not {v:?}")));
        match a.as_str() {
            "--articles" => articles = number(value()) as usize,
            "--entities" => entities = Some(number(value()) as usize),
            "--events" => events = Some(number(value()) as usize),
            "--seed" => seed = number(value()),
            "--out" => out = Some(value()),
            other => wrong(format!("unknown option {other:?}")),
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
