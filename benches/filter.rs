//! The explorer's filter on the 10,000-article corpus (86 MB): applying a query with an entity
//! term, a date term and a word term, each followed by a frame at 200×50; the first word
//! query's text index; and the same queries on the command line's path.
//!
//! Run: `cargo bench --bench filter`.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use newslens::app::App;
use newslens::load::{Framing, Loader};
use newslens::query::{Query, TextIndex};
use newslens::ui::{draw, theme::Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn filter(c: &mut Criterion) {
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, 10_000, None, 7).expect("writing to memory");
    let mut loader = Loader::new();
    loader.add_source("corpus.jsonl", std::str::from_utf8(&jsonl).expect("UTF-8"), Framing::JsonLines);
    let corpus = loader.finish().corpus;
    let entity = corpus.articles[0].mentions[0].entity;
    let id = corpus.entities[entity].id.clone();

    let mut group = c.benchmark_group("filter 10k articles");
    group.sample_size(10);
    group.bench_function("text index, built once", |b| b.iter(|| black_box(TextIndex::of(&corpus).len())));
    let index = TextIndex::of(&corpus);
    eprintln!("text index: {} words, about {} MB", index.len(), index.heap_bytes() >> 20);

    let mut app = App::new(corpus, (200, 50));
    // The first word query builds the index; later ones use it.
    app.apply_filter("og");
    let theme = Theme::dark();
    let area = Rect::new(0, 0, 200, 50);
    let mut buf = Buffer::empty(area);
    for (name, query) in [
        ("entity term, apply and draw", format!("entity:{id}")),
        ("date terms, apply and draw", "since:2010 until:2015-06".to_string()),
        ("word term, apply and draw", "søren".to_string()),
        ("all three, apply and draw", format!("entity:{id} since:2000 søren")),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                app.apply_filter(&query);
                draw(&app, &theme, area, &mut buf);
                black_box(app.filter().as_ref().map(|f| f.count))
            })
        });
    }
    group.bench_function("frame with a filter", |b| b.iter(|| draw(&app, &theme, area, &mut buf)));
    let q = Query::parse("søren since:2010").expect("a query");
    group.bench_function("query only (command line)", |b| {
        b.iter(|| black_box(q.articles(&app.data().corpus, Some(&index)).len()))
    });
    group.finish();
}

criterion_group!(benches, filter);
criterion_main!(benches);
