//! Prints, for synthetic entity names, how many distinct names there are and how many match
//! the queries the search benchmark uses (context for docs/performance.md).
//!
//! Run: `cargo run --release --example search_stats`; with `-- --names N` it prints the first
//! N names instead, one per line (to compare with other tools on the same names).

#[path = "../tests/support/synth.rs"]
mod synth;

use newslens::search::FuzzyIndex;
use synth::entity_names;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, n] = args.as_slice()
        && flag == "--names"
    {
        for name in entity_names(n.parse().expect("--names takes a number"), 1) {
            println!("{name}");
        }
        return;
    }
    for n in [10_000usize, 100_000, 1_000_000] {
        let names = entity_names(n, 1);
        let index = FuzzyIndex::names(names.iter().map(String::as_str));
        let count = |q: &str| index.search_narrowing(q, 1, None).1.len();
        println!(
            "{n} names: {} distinct; matching k: {}, ko: {}, so: {}, sor: {}",
            index.distinct_names(),
            count("k"),
            count("ko"),
            count("so"),
            count("sor")
        );
    }
}
