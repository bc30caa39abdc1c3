//! Fuzzy entity search at 10k, 100k and 1M entity names (from `newslens::synth`): a new
//! one-character query, a new three-character query, and a query that grew by one character
//! (narrowing the previous matches). Top 50 results, as the explorer's first screen needs.
//!
//! Run: `cargo bench --bench search`.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use newslens::search::FuzzyIndex;
use synth::entity_names;

/// The allocator the binary uses (src/main.rs), so the figures are the user's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    for n in [10_000usize, 100_000, 1_000_000] {
        let names = entity_names(n, 1);
        let index = FuzzyIndex::names(names.iter().map(String::as_str));
        group.bench_with_input(BenchmarkId::new("new query k", n), &n, |b, _| {
            b.iter(|| index.search(black_box("k"), 50))
        });
        group.bench_with_input(BenchmarkId::new("new query sor", n), &n, |b, _| {
            b.iter(|| index.search(black_box("sor"), 50))
        });
        let (_, so) = index.search_narrowing("so", 50, None);
        group.bench_with_input(BenchmarkId::new("so grows to sor", n), &n, |b, _| {
            b.iter(|| index.search_narrowing(black_box("sor"), 50, Some(&so)))
        });
        let (_, k) = index.search_narrowing("k", 50, None);
        group.bench_with_input(BenchmarkId::new("k grows to ko", n), &n, |b, _| {
            b.iter(|| index.search_narrowing(black_box("ko"), 50, Some(&k)))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
