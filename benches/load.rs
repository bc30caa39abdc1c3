//! BackgroundLoad and validating newslens JSON Lines, per byte: a 1,000-article synthetic corpus
//! (about 8.6 MB; `newslens::synth`), read from a file as the command line does.
//!
//! Run: `cargo bench --bench load`. For the full 10,000-article corpus and peak memory, see
//! docs/performance.md.

#[path = "../tests/support/synth.rs"]
mod synth;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newslens::load::load_paths;

/// The allocator the binary uses (src/main.rs), so the figures are the user's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("corpus.jsonl");
    let mut file = std::fs::File::create(&path).expect("a file to write");
    synth::write_corpus(&mut file, 1000, None, 7).expect("the corpus is written");
    let bytes = std::fs::metadata(&path).expect("the file exists").len();
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.bench_function("jsonl 1000 articles", |b| {
        b.iter(|| {
            let loaded = load_paths(std::slice::from_ref(&path), Default::default());
            assert_eq!(loaded.corpus.articles.len(), 1000);
            loaded
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
