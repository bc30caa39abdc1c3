//! How well `newslens suggest` finds what annotators missed: reads an annotated corpus, takes
//! away every second mention of each article, asks for suggestions on what is left, and counts
//! how many taken-away mentions come back (recall) and how many suggestions are right
//! (precision: span and entity both).
//!
//! Run: `cargo run --release --example suggest_eval -- PATH...` (any format newslens reads);
//! with `SHOW_WRONG=1` it lists the suggestions that were not taken away.

use newslens::gazetteer::suggest;
use newslens::load::load_paths;

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if paths.is_empty() {
        eprintln!("usage: suggest_eval PATH...");
        std::process::exit(2);
    }
    let loaded = load_paths(&paths, Default::default());
    let (recall, precision, taken, suggested) = evaluate(loaded.corpus);
    println!(
        "{taken} mentions taken away, {suggested} suggested: recall {:.1}%, precision {:.1}%",
        recall * 100.0,
        precision * 100.0
    );
}

/// Recall, precision, mentions taken away and suggestions made.
fn evaluate(mut corpus: newslens::model::Corpus) -> (f64, f64, usize, usize) {
    let mut taken = std::collections::HashSet::new();
    for (a, article) in corpus.articles.iter_mut().enumerate() {
        let mut i = 0;
        article.mentions.retain(|m| {
            i += 1;
            if i % 2 == 0 && m.fragments().is_empty() {
                taken.insert((a, m.span.start, m.span.end, m.entity));
                false
            } else {
                true
            }
        });
    }
    let found = suggest(&corpus);
    if std::env::var_os("SHOW_WRONG").is_some() {
        for s in found.iter().filter(|s| !taken.contains(&(s.article, s.span.start, s.span.end, s.entity))) {
            let a = &corpus.articles[s.article];
            let at = taken.iter().find(|t| t.0 == s.article && t.1 < s.span.end && s.span.start < t.2);
            let truth = at.map(|t| {
                format!("{} as {}", a.slice(newslens::model::Span { start: t.1, end: t.2 }), corpus.entities[t.3].id)
            });
            println!("wrong: {:?} as {} (taken away there: {truth:?})", a.slice(s.span), corpus.entities[s.entity].id);
        }
    }
    let right = found.iter().filter(|s| taken.contains(&(s.article, s.span.start, s.span.end, s.entity))).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (ratio(right, taken.len()), ratio(right, found.len()), taken.len(), found.len())
}
