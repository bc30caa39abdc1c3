//! Shared archives: pushing 10,000 generated articles (86 MB of JSON Lines) into PostgreSQL,
//! and the query commands' path against them (candidates from SQL, then read and decided as
//! files are).
//!
//! Run: `NEWSLENS_BENCH_DB='host=… user=… dbname=…' cargo bench --bench db`; it works in a
//! schema of its own (`newslens_bench`, dropped first). Without the variable nothing runs.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use newslens::load::{Layout, Loader};
use newslens::query::{Query, TextIndex};
use newslens::store;

fn db(c: &mut Criterion) {
    let Ok(server) = std::env::var("NEWSLENS_BENCH_DB") else {
        eprintln!("skipped: set NEWSLENS_BENCH_DB to a PostgreSQL connection string");
        return;
    };
    let mut admin = store::connect(&server).expect("the database answers");
    admin.batch_execute("DROP SCHEMA IF EXISTS newslens_bench CASCADE; CREATE SCHEMA newslens_bench").unwrap();
    let url = format!("{server} options='-c search_path=newslens_bench'");
    let mut client = store::connect(&url).unwrap();
    store::migrate(&mut client).unwrap();

    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, 10_000, None, 7).expect("writing to memory");
    let mut loader = Loader::new();
    loader.add_source("corpus.jsonl", std::str::from_utf8(&jsonl).expect("UTF-8"), Layout::JsonLines);
    let corpus = loader.finish().corpus;
    let id = corpus.entities[corpus.articles[0].mentions[0].entity].id.clone();

    let mut group = c.benchmark_group("db 10k articles");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("push, all new", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                client.batch_execute("TRUNCATE articles CASCADE").unwrap();
                let t = Instant::now();
                black_box(store::push(&mut client, &corpus, |_| {}).unwrap());
                total += t.elapsed();
            }
            total
        })
    });
    group.bench_function("push, all unchanged", |b| {
        b.iter(|| black_box(store::push(&mut client, &corpus, |_| {}).unwrap()))
    });
    for (name, query) in [
        ("articles: entity and since", format!("entity:{id} since:2015")),
        ("articles: a word", "kommune".to_string()),
        ("articles: a word and since", "kommu since:2024".to_string()),
        ("articles: type and until", "type:PERSON until:2001".to_string()),
    ] {
        let q = Query::parse(&query).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                let records = store::candidates(&mut client, &q, None).unwrap();
                let mut loader = Loader::new();
                if !records.is_empty() {
                    loader.add_source("database", &records, Layout::JsonLines);
                }
                let found = loader.finish().corpus;
                let text = q.needs_text().then(|| TextIndex::of(&found));
                black_box(q.articles(&found, text.as_ref()).len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, db);
criterion_main!(benches);
