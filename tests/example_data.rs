//! The built-in example's annotations are exact: every span covers one of its entity's names,
//! and every occurrence of a name in the text is annotated.

use newslens::example::load_example;
use newslens::model::{Article, Corpus};

fn example() -> Corpus {
    let loaded = load_example();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.corpus
}

fn is_word_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Char ranges where `form` occurs in `chars` as a whole word.
fn occurrences(chars: &[char], form: &str) -> Vec<(usize, usize)> {
    let f: Vec<char> = form.chars().collect();
    (0..=chars.len().saturating_sub(f.len()))
        .filter(|&i| chars[i..i + f.len()] == f[..])
        .filter(|&i| {
            !is_word_char(i.checked_sub(1).and_then(|p| chars.get(p))) && !is_word_char(chars.get(i + f.len()))
        })
        .map(|i| (i, i + f.len()))
        .collect()
}

#[test]
fn every_mention_covers_a_name_or_alias_of_its_entity() {
    let corpus = example();
    let a: &Article = &corpus.articles[0];
    for m in &a.mentions {
        let e = &corpus.entities[m.entity];
        let covered = a.slice(m.span);
        assert!(
            covered == e.name || e.aliases.contains(&covered),
            "mention {:?} of {} covers {covered:?}, not a name or alias",
            m.span,
            e.id
        );
    }
}

#[test]
fn every_occurrence_of_a_name_or_alias_is_annotated() {
    let corpus = example();
    let a = &corpus.articles[0];
    let chars: Vec<char> = a.text.chars().collect();
    let mut checked = 0;
    for (ei, e) in corpus.entities.iter().enumerate() {
        for form in std::iter::once(&e.name).chain(&e.aliases) {
            for (start, end) in occurrences(&chars, form) {
                checked += 1;
                let covered = a.mentions.iter().any(|m| m.entity == ei && m.span.start <= start && end <= m.span.end);
                assert!(covered, "{form:?} at {start}..{end} is not annotated as {}", e.id);
            }
        }
    }
    assert_eq!(checked, a.mentions.len(), "each mention is one occurrence of one form");
}

#[test]
fn the_example_has_what_the_readme_promises() {
    let corpus = example();
    let a = &corpus.articles[0];
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09"));
    assert!(a.text.starts_with("Huawei, den kinesiske"), "the date marker is metadata, not text");
    assert_eq!(a.text.split("\n\n").count(), 8, "eight paragraphs");
    let nvidia = corpus.entity_index("nvidia").unwrap();
    assert_eq!(corpus.mention_counts()[nvidia], 6);
    assert_eq!(corpus.entities.len(), 17);
    // Every event names at least one entity, has a source, and anchors stay inside one paragraph.
    for e in &a.events {
        assert!(!e.entities.is_empty() && !e.sources.is_empty(), "{}", e.id);
        for s in &e.anchors {
            assert!(!a.slice(*s).contains("\n\n"), "{} anchor spans paragraphs", e.id);
        }
    }
    assert!(a.notes.len() >= 4, "the article's factual problems are noted");
}
