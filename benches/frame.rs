//! One full frame of the explorer at 200×50: on the built-in example, and on an article 100
//! times as long (the example's text repeated, with every mention, note and anchor shifted).
//! Also the cost of laying the long article out again after a resize.
//!
//! Run: `cargo bench --bench frame`.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use newslens::action::Action;
use newslens::app::App;
use newslens::example::load_example;
use newslens::model::{Corpus, Span};
use newslens::ui::{draw, theme::Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The example with its article's text repeated `times` times.
fn long_example(times: usize) -> Corpus {
    let mut corpus = load_example().corpus;
    let a = &mut corpus.articles[0];
    let one = a.text.clone();
    let step = one.chars().count() + 2;
    let shift = |s: Span, k: usize| Span { start: s.start + k * step, end: s.end + k * step };
    let (mentions, notes) = (a.mentions.clone(), a.notes.clone());
    a.text = vec![one; times].join("\n\n");
    a.mentions = (0..times)
        .flat_map(|k| mentions.iter().map(move |m| (k, m.clone())))
        .map(|(k, mut m)| {
            m.span = shift(m.span, k);
            m
        })
        .collect();
    a.notes = (0..times)
        .flat_map(|k| {
            notes.iter().cloned().map(move |mut n| {
                n.span = shift(n.span, k);
                n
            })
        })
        .collect();
    corpus
}

/// An app at 200×50 with NVIDIA selected and the text at its `nth` mention.
fn app_at(corpus: Corpus, nth: usize) -> App {
    let mut app = App::new(corpus, (200, 50));
    let nvidia = app.data().corpus.entity_index("nvidia").expect("the example has NVIDIA");
    app.select_entity(newslens::model::EntityIx(nvidia));
    for _ in 0..nth {
        app.update(Action::NextMention);
    }
    app
}

fn frame(c: &mut Criterion) {
    let theme = Theme::dark();
    let area = Rect::new(0, 0, 200, 50);
    let mut buf = Buffer::empty(area);
    let example = app_at(load_example().corpus, 3);
    c.bench_function("frame 200x50, example", |b| {
        b.iter(|| {
            buf.reset();
            draw(black_box(&example), &theme, area, &mut buf);
        })
    });
    // Halfway through the long article: 300 of its 600 NVIDIA mentions.
    let long = app_at(long_example(100), 300);
    c.bench_function("frame 200x50, article 100x as long", |b| {
        b.iter(|| {
            buf.reset();
            draw(black_box(&long), &theme, area, &mut buf);
        })
    });
    // A corpus of 2,000 synthetic articles (about 17 MB), an entity selected.
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, 2000, None, 7).expect("writing to memory");
    let mut loader = newslens::load::Loader::new();
    loader.add_source("corpus.jsonl", std::str::from_utf8(&jsonl).expect("UTF-8"), newslens::load::Framing::JsonLines);
    let mut corpus_app = App::new(loader.finish().corpus, (200, 50));
    corpus_app.select_entity(newslens::model::EntityIx(corpus_app.data().corpus.articles[0].mentions[0].entity));
    c.bench_function("frame 200x50, 2000-article corpus", |b| {
        b.iter(|| {
            buf.reset();
            draw(black_box(&corpus_app), &theme, area, &mut buf);
        })
    });
    let mut resized = app_at(long_example(100), 300);
    let mut wide = true;
    c.bench_function("re-wrap after resize, article 100x as long", |b| {
        b.iter(|| {
            wide = !wide;
            resized.update(Action::Resize(if wide { 200 } else { 180 }, 50));
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
