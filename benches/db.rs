//! Shared archives: pushing generated articles (10,000 by default, 86 MB of JSON Lines) into
//! PostgreSQL, and every query command's path against them, as the commands take it.
//!
//! Run: `NEWSLENS_BENCH_DB='host=… user=… dbname=…' cargo bench --bench db`; it works in a
//! schema of its own (`newslens_bench`, or `NEWSLENS_BENCH_SCHEMA`; dropped first). Without
//! the variable nothing runs.
//! `NEWSLENS_BENCH_ARTICLES=100000` sizes the archive; above 10,000 the pushes (new, then
//! unchanged) are timed once each instead of sampled.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use newslens::archive::{Archive, PgArchive};
use newslens::load::{Framing, Loader};
use newslens::query::Query;
use newslens::store;

fn db(c: &mut Criterion) {
    let Ok(server) = std::env::var("NEWSLENS_BENCH_DB") else {
        eprintln!("skipped: set NEWSLENS_BENCH_DB to a PostgreSQL connection string");
        return;
    };
    // NEWSLENS_BENCH_REUSE=1 keeps an archive a run before pushed, to measure queries again.
    let reuse = std::env::var_os("NEWSLENS_BENCH_REUSE").is_some();
    let schema = std::env::var("NEWSLENS_BENCH_SCHEMA").unwrap_or_else(|_| "newslens_bench".into());
    let mut admin = store::connect(&server).expect("the database answers");
    if !reuse {
        admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
    }
    let url = format!("{server} options='-c search_path={schema}'");
    let mut client = store::connect(&url).unwrap();
    store::migrate(&mut client).unwrap();

    let n: usize = std::env::var("NEWSLENS_BENCH_ARTICLES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, n, None, 7).expect("writing to memory");
    let megabytes = jsonl.len() as f64 / 1e6;
    let mut loader = Loader::new();
    loader.add_source("corpus.jsonl", std::str::from_utf8(&jsonl).expect("UTF-8"), Framing::JsonLines);
    let corpus = loader.finish().corpus;
    // The most mentioned entity: the broadest entity query there is.
    let counts = corpus.mention_counts();
    let top = (0..counts.len()).max_by_key(|&e| counts[e]).expect("entities");
    let (top, id) =
        (corpus.entities[top].id.clone(), corpus.entities[corpus.articles[0].mentions[0].entity].id.clone());

    let mut group = c.benchmark_group(format!("db {n} articles"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let held: i64 = client.query_one("SELECT count(*) FROM articles", &[]).unwrap().get(0);
    if reuse && held == n as i64 {
        eprintln!("reusing the {n} articles pushed before");
    } else if n <= 10_000 {
        group.bench_function("push, all new", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Every table a push writes (article_entities and article_events have no
                    // keys to articles since migration 4: a cascade would not reach them).
                    client
                        .batch_execute("TRUNCATE articles, article_entities, article_events, entities CASCADE")
                        .unwrap();
                    let t = Instant::now();
                    black_box(store::push(&mut client, &corpus, |_| {}).unwrap());
                    total += t.elapsed();
                }
                total
            })
        });
    } else {
        let t = Instant::now();
        store::push(&mut client, &corpus, |_| {}).unwrap();
        let s = t.elapsed().as_secs_f64();
        eprintln!("push, all new: {s:.1} s for {megabytes:.1} MB: {:.1} MB/s", megabytes / s);
    }
    // The peer a push is measured against, in the same run: a bare COPY of the same JSON Lines
    // into a one-column jsonb table (CSV with quote and delimiter bytes JSON never holds, so
    // each line is a value as it is).
    let copy = |client: &mut postgres::Client| {
        client.batch_execute("DROP TABLE IF EXISTS copy_peer; CREATE TABLE copy_peer (doc jsonb)").unwrap();
        let t = Instant::now();
        let mut w =
            client.copy_in("COPY copy_peer (doc) FROM STDIN (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')").unwrap();
        std::io::Write::write_all(&mut w, &jsonl).unwrap();
        w.finish().unwrap();
        t.elapsed()
    };
    if !(reuse && held == n as i64) {
        if n <= 10_000 {
            group.bench_function("peer: bare COPY of the JSON Lines into a jsonb column", |b| {
                b.iter_custom(|iters| (0..iters).map(|_| copy(&mut client)).sum())
            });
        } else {
            let s = copy(&mut client).as_secs_f64();
            eprintln!("peer, bare COPY: {s:.1} s for {megabytes:.1} MB: {:.1} MB/s", megabytes / s);
        }
        client.batch_execute("DROP TABLE copy_peer").unwrap();
    }
    drop(jsonl);
    client.batch_execute("VACUUM ANALYZE").unwrap();
    if reuse && held == n as i64 {
    } else if n <= 10_000 {
        group.bench_function("push, all unchanged", |b| {
            b.iter(|| black_box(store::push(&mut client, &corpus, |_| {}).unwrap()))
        });
    } else {
        let t = Instant::now();
        store::push(&mut client, &corpus, |_| {}).unwrap();
        eprintln!("push, all unchanged: {:.1} s", t.elapsed().as_secs_f64());
    }
    // Every question as the commands ask it (one connection, opened before timing).
    let archive = PgArchive::new(&url, Default::default());
    let q = |s: &str| Query::parse(s).unwrap();
    let everything = Query::default();
    archive.articles(&everything, Some(1)).unwrap();
    let queries = [
        ("articles: entity and since", q(&format!("entity:{id} since:2015"))),
        ("articles: a word", q("kommune")),
        ("articles: a word prefix and since", q("kommu since:2024")),
        ("articles: type and until", q("type:PERSON until:2001")),
    ];
    for (name, query) in &queries {
        group.bench_function(*name, |b| b.iter(|| black_box(archive.articles(query, None).unwrap().len())));
    }
    // What a screen shows: the newest fifty.
    let word = q("kommune");
    group.bench_function("articles: a word, newest 50", |b| {
        b.iter(|| black_box(archive.articles(&word, Some(50)).unwrap().len()))
    });
    group.bench_function("trend: everything", |b| b.iter(|| black_box(archive.dates(&everything).unwrap())));
    group.bench_function("trend: a word", |b| b.iter(|| black_box(archive.dates(&word).unwrap())));
    group.bench_function("related: the most mentioned entity", |b| {
        b.iter(|| black_box(archive.related(&everything, &top, None).unwrap().len()))
    });
    // A name thousands of generated entities share: about a fifth of the archive.
    group.bench_function("related: a shared name (@Göteborg), top 10", |b| {
        b.iter(|| black_box(archive.related(&everything, "@Göteborg", Some(10)).unwrap().len()))
    });
    group.bench_function("entities: the 20 most mentioned", |b| {
        b.iter(|| black_box(archive.entities(&everything, None, Some(20)).unwrap().len()))
    });
    group.bench_function("entities: in the articles of a word", |b| {
        b.iter(|| black_box(archive.entities(&q("kommu since:2024"), None, Some(20)).unwrap().len()))
    });
    group.bench_function("timeline: everything, first 20", |b| {
        b.iter(|| black_box(archive.timeline(&everything, None, Some(20)).unwrap()))
    });
    group.bench_function("timeline: a word and since", |b| {
        b.iter(|| black_box(archive.timeline(&q("kommu since:2024"), None, None).unwrap()))
    });
    for text in ["kob", "thomas mul"] {
        group.bench_function(format!("search: {text}"), |b| b.iter(|| black_box(archive.search(text, 10).unwrap())));
    }
    let phrase = q("\"kommune og\"");
    group.bench_function("articles: a phrase (records read back)", |b| {
        b.iter(|| black_box(archive.articles(&phrase, None).unwrap().len()))
    });
    group.finish();
}

criterion_group!(benches, db);
criterion_main!(benches);
