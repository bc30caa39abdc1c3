//! Every question the commands and the explorer ask, over both archives: the corpus in memory
//! and the same articles pushed into PostgreSQL must give the same typed answers. One table of
//! questions, run in-process over each corpus; the database comes from `support/pg.rs`.

#[path = "support/articles.rs"]
mod articles;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/synth.rs"]
mod synth;

use newslens::archive::{Archive, MemoryArchive, Period, PgArchive};
use newslens::load::{Framing, Loader};
use newslens::model::Corpus;
use newslens::query::Query;

/// One question, as a command or the explorer asks it.
#[derive(Debug, Clone)]
enum Ask {
    Articles(Option<usize>),
    Dates,
    Trend(Period),
    Entities(Option<&'static str>, Option<usize>),
    Related(String, Option<usize>),
    Timeline(Option<String>, Option<usize>),
    Search(String, usize),
    Select(usize),
    Named(String),
}

/// The answer of `archive` to `ask` about `query`, as text to compare (failures by their message).
fn answer(archive: &dyn Archive, query: &Query, ask: &Ask) -> String {
    let shown = |r: Result<String, newslens::archive::Error>| r.unwrap_or_else(|e| format!("error: {e}"));
    shown(match ask {
        Ask::Articles(limit) => archive.articles(query, *limit).map(|r| format!("{r:#?}")),
        Ask::Dates => archive.dates(query).map(|mut d| {
            d.sort();
            format!("{d:?}")
        }),
        Ask::Trend(by) => archive.trend(query, *by).map(|t| format!("{t:?}")),
        Ask::Entities(kind, limit) => archive.entities(query, *kind, *limit).map(|r| format!("{r:#?}")),
        Ask::Related(e, limit) => archive.related(query, e, *limit).map(|r| format!("{r:#?}")),
        Ask::Named(e) => archive.named(e).map(|r| format!("{r:#?}")),
        Ask::Timeline(e, limit) => archive.timeline(query, e.as_deref(), *limit).map(|r| format!("{r:#?}")),
        Ask::Search(text, limit) => archive.search(text, *limit).map(|r| format!("{r:#?}")),
        Ask::Select(limit) => archive.select(query, *limit).map(|s| format!("{s:?}")),
    })
}

fn corpus_of(lines: &[String]) -> Corpus {
    let mut loader = Loader::new();
    loader.add_source("test.jsonl", &lines.join("\n"), Framing::JsonLines);
    let loaded = loader.finish();
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    loaded.corpus
}

/// `n` distinct terms `prefixN`, apart by spaces.
fn many(prefix: &str, n: usize) -> String {
    (0..n).map(|k| format!("{prefix}{k}")).collect::<Vec<_>>().join(" ")
}

/// `corpus` pushed into a fresh schema `schema`, as an archive; `None` without a database.
fn pushed(schema: &str, corpus: &Corpus) -> Option<PgArchive> {
    let url = pg::database(schema)?;
    push(&url, corpus);
    Some(PgArchive::new(&url, Default::default()))
}

fn push(url: &str, corpus: &Corpus) {
    let mut client = newslens::store::connect(url).unwrap();
    newslens::store::migrate(&mut client).unwrap();
    newslens::store::push(&mut client, corpus, |_| {}).unwrap();
}

/// Each version of the articles pushed in turn into one fresh schema `schema` (so that later
/// pushes update earlier ones), and `check` run on the files' archive and the database after
/// each; nothing without a database.
fn pushed_in_turn<const N: usize>(
    schema: &str,
    versions: [Vec<String>; N],
    check: impl Fn(&MemoryArchive, &PgArchive),
) {
    let Some(url) = pg::database(schema) else { return };
    let db = PgArchive::new(&url, Default::default());
    for lines in versions {
        let corpus = corpus_of(&lines);
        push(&url, &corpus);
        check(&MemoryArchive::new(corpus), &db);
    }
}

/// Asks both archives every question about every query; they must answer alike. Returns the
/// memory archive's answers, for the caller to check they say something.
fn same_answers(memory: &MemoryArchive, db: &PgArchive, queries: &[String], asks: &[Ask]) -> Vec<String> {
    let mut answers = Vec::new();
    for q in queries {
        let query = Query::parse(q).unwrap();
        for ask in asks {
            let (a, b) = (answer(memory, &query, ask), answer(db, &query, ask));
            if a != b {
                let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
                let q: String = q.chars().take(200).collect();
                panic!("{ask:?} {q:?}…: memory and database differ from line {first:?}\nmemory:\n{a}\ndatabase:\n{b}");
            }
            answers.push(a);
        }
    }
    answers
}

#[test]
fn every_question_is_answered_alike_over_a_generated_corpus() {
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, 150, Some(80), 7).unwrap();
    let lines: Vec<String> = String::from_utf8(jsonl).unwrap().lines().map(String::from).collect();
    let corpus = corpus_of(&lines);
    // Terms taken from the corpus itself: an entity with an alias, a word of a text.
    let with_alias = corpus.entities.iter().find(|e| !e.aliases.is_empty()).unwrap();
    let (id, alias, name) = (with_alias.id.clone(), with_alias.aliases[0].clone(), with_alias.name.clone());
    let text = corpus.articles[0].text.clone();
    let word: String =
        text.split(|c: char| !c.is_alphanumeric()).find(|w| w.chars().count() > 5).unwrap().chars().take(4).collect();
    let Some(db) = pushed("same_answers", &corpus) else { return };
    let memory = MemoryArchive::new(corpus);
    let queries = [
        String::new(),
        format!("entity:{id}"),
        format!("entity:{id} since:2015"),
        format!("-entity:{id} until:2019-06"),
        format!("@\"{alias}\""),
        "type:PERSON -type:event".to_string(),
        "-since:2018 -until:2009-03".to_string(),
        "since:2016-02-29 until:2016-03".to_string(),
        word.clone(),
        format!("-{word} since:2020"),
        format!("\"{}\"", text.split_whitespace().take(2).collect::<Vec<_>>().join(" ")),
        "100%_\\'; DROP TABLE articles; SELECT".to_string(),
        "entity:nobody".to_string(),
        // Many terms of each kind at once, repeated ones too: asked together.
        format!("entity:{id} entity:{id} {}", many("-entity:x", 300)),
        format!("@\"{alias}\" @\"{name}\" -@nobody type:person -type:nothing type:PERSON"),
        format!("{word} {}", many("-zzq", 2000)),
        many("", 5_000).replace(' ', " ø"),
    ];
    let asks = [
        Ask::Articles(None),
        Ask::Articles(Some(7)),
        Ask::Related(id.clone(), None),
        Ask::Related(format!("@{alias}"), Some(5)),
        Ask::Related("nobody at all".into(), None),
        Ask::Named(id.clone()),
        Ask::Named(format!("@{alias}")),
        Ask::Named(name.clone()),
        Ask::Named("nobody at all".into()),
        Ask::Dates,
        Ask::Trend(Period::Day),
        Ask::Trend(Period::Year),
        Ask::Entities(None, None),
        Ask::Entities(Some("person"), Some(9)),
        Ask::Timeline(None, None),
        Ask::Timeline(Some(id.clone()), None),
        Ask::Timeline(None, Some(4)),
        Ask::Select(5),
    ];
    let answers = same_answers(&memory, &db, &queries, &asks);
    assert!(answers.iter().filter(|a| a.contains("id:")).count() > 50, "the questions found things");
    assert!(answers.iter().any(|a| a.starts_with("error: no entity has the id or the name")));
    // Fuzzy search: candidates from the database, ranked as in memory.
    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).collect();
    let start: String = name.chars().take(3).collect();
    let searches: Vec<Ask> = [name.as_str(), &alias, &initials, &start, "e", "zzzq", "100%_"]
        .iter()
        .map(|t| Ask::Search(t.to_string(), 25))
        .collect();
    same_answers(&memory, &db, &[String::new()], &searches);
    // The query that tried to inject SQL was a word like any other: the table is still there.
    assert_eq!(db.articles(&Query::default(), None).unwrap().len(), 150);
}

/// Equal counts and names that differ only in case: the order is the files' order.
fn ties() -> Vec<String> {
    vec![
        articles::article_of("t1", "2023-09", &[("z", "Apple"), ("b", "Banana"), ("q", "Apples")]),
        articles::article_of("t2", "2023-09", &[("a", "apple"), ("b", "Banana")]),
        articles::article_of("t3", "2023", &[("c", "Cherry"), ("b", "Banana"), ("y", "APPLE")]),
    ]
}

#[test]
fn in_memory_ties_are_ranked_by_mentions_then_name_then_first_appearance() {
    let memory = MemoryArchive::new(corpus_of(&ties()));
    let all = Query::default();
    let ids = |rows: Vec<newslens::archive::EntityRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(memory.entities(&all, None, None).unwrap()), ["b", "z", "a", "y", "q", "c"]);
    assert_eq!(ids(memory.entities(&all, None, Some(2)).unwrap()), ["b", "z"]);
    let related: Vec<(String, usize)> =
        memory.related(&all, "b", None).unwrap().into_iter().map(|r| (r.id, r.articles)).collect();
    // By articles, then name as bytes ("APPLE" < "Apple" < "Apples" < "Cherry" < "apple").
    let want: Vec<(String, usize)> =
        [("y", 1), ("z", 1), ("q", 1), ("c", 1), ("a", 1)].iter().map(|(i, n)| (i.to_string(), *n)).collect();
    assert_eq!(related, want);
    let by_name: Vec<String> = memory.related(&all, "@apple", None).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(by_name, ["b", "q", "c"], "every entity named apple is left out");
    let articles: Vec<String> = memory.articles(&all, None).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(articles, ["t1", "t2", "t3"], "2023-09 before 2023, then by id");
    assert!(matches!(memory.timeline(&all, Some("nobody"), None), Err(e) if e.is_usage()));
}

#[test]
fn ties_and_updates_are_answered_alike() {
    let v1 = ties();
    // Then t1 loses an entity, t2 renames one: totals and definitions follow.
    let v2 = vec![
        articles::article_of("t1", "2023-09", &[("b", "Banana"), ("q", "Apples")]),
        articles::article_of("t2", "2023-09", &[("a", "Apple Inc"), ("b", "Banana")]),
        v1[2].clone(),
    ];
    pushed_in_turn("ties", [v1, v2], |memory, db| {
        let asks = [
            Ask::Entities(None, None),
            Ask::Entities(None, Some(2)),
            Ask::Entities(Some("org"), Some(3)),
            Ask::Search("apple".into(), 10),
            Ask::Search("ban".into(), 10),
            Ask::Search("apple".into(), 1),
            Ask::Search("apple".into(), 2),
            Ask::Search("aple".into(), 3),
            Ask::Related("b".into(), None),
            Ask::Related("b".into(), Some(1)),
            Ask::Related("@apple".into(), None),
            Ask::Named("apple".into()),
            Ask::Articles(None),
        ];
        same_answers(memory, db, &[String::new(), "banana".into()], &asks);
        let narrow = [Ask::Entities(None, Some(2)), Ask::Entities(Some("org"), Some(1))];
        same_answers(memory, db, &["banana".into()], &narrow);
    });
}

#[test]
fn the_timeline_is_answered_alike() {
    // Same dates, end dates or none, titles that sort by bytes, an undated event, and an event
    // id two articles share (it counts once, where it first comes).
    let with_events = |id: &str, events: serde_json::Value| {
        let mut a: serde_json::Value =
            serde_json::from_str(&articles::article_of(id, "2023", &[("b", "Beta"), ("c", "Gamma")])).unwrap();
        a["events"] = events;
        a.to_string()
    };
    let lines = [
        with_events(
            "t1",
            serde_json::json!([
                {"id": "shared", "title": "b later", "date": "2023-05", "entities": ["b"]},
                {"id": "e1", "title": "Zebra", "date": "2023-05"},
                {"id": "e2", "title": "apple", "date": "2023-05", "end_date": "2023-06", "entities": ["c"]},
                {"id": "e3", "title": "undated"},
            ]),
        ),
        with_events(
            "t2",
            serde_json::json!([
                {"id": "shared", "title": "a first", "date": "2023-05", "entities": ["c"]},
                {"id": "e4", "title": "Zebra", "date": "2023-05-01"},
                {"id": "e5", "title": "old", "date": "-44", "entities": ["b", "c"]},
                {"id": "e6", "title": "apple", "date": "2023-05"},
            ]),
        ),
    ];
    let corpus = corpus_of(&lines);
    let memory = MemoryArchive::new(corpus.clone());
    let titles: Vec<String> =
        memory.timeline(&Query::default(), None, None).unwrap().into_iter().map(|e| e.title).collect();
    // Month-precise dates before the day-precise one, no end date first, titles as bytes.
    assert_eq!(titles, ["old", "Zebra", "a first", "apple", "apple", "Zebra", "undated"]);
    let Some(db) = pushed("timeline", &corpus) else { return };
    let asks = [
        Ask::Timeline(None, None),
        Ask::Timeline(Some("c".into()), None),
        Ask::Timeline(Some("b".into()), Some(2)),
        Ask::Timeline(Some("nobody".into()), None),
        Ask::Timeline(None, Some(3)),
    ];
    same_answers(&memory, &db, &[String::new(), "since:2023".into()], &asks);
}

#[test]
fn a_timeline_whose_first_events_repeat_one_id_is_answered_alike() {
    // The database reads the first events in timeline order and asks for more while repeated
    // ids leave too few: 40 articles open with the same event.
    let lines: Vec<String> = (0..40)
        .map(|i| {
            let mut a: serde_json::Value =
                serde_json::from_str(&articles::article_of(&format!("r{i}"), "2023", &[("b", "Beta")])).unwrap();
            a["events"] = serde_json::json!([
                {"id": "same", "title": format!("told {i}"), "date": "1900"},
                {"id": format!("own{i}"), "title": "own", "date": format!("{}", 1950 + i)},
            ]);
            a.to_string()
        })
        .collect();
    let corpus = corpus_of(&lines);
    let memory = MemoryArchive::new(corpus.clone());
    let Some(db) = pushed("repeated", &corpus) else { return };
    let asks = [Ask::Timeline(None, Some(1)), Ask::Timeline(None, Some(3)), Ask::Timeline(None, Some(41))];
    same_answers(&memory, &db, &[String::new()], &asks);
}

#[test]
fn a_text_with_a_lone_combining_mark_is_pushed_and_answered_alike() {
    // U+0345 alone folds to nothing: no word of the text, and no empty lexeme for the server.
    let line = serde_json::json!({"id": "m", "title": "M", "date": "2024", "text": "Zoë \u{345} mødte \u{93e} Ærø",
        "entities": [{"id": "z", "name": "Zoë", "type": "PER"}], "mentions": [{"entity": "z", "start": 0, "end": 3}]})
    .to_string();
    let corpus = corpus_of(&[line]);
    let memory = MemoryArchive::new(corpus.clone());
    let Some(db) = pushed("combining", &corpus) else { return };
    same_answers(&memory, &db, &["modte".into(), "\"zoe modte\"".into(), "aero".into()], &[Ask::Articles(None)]);
    assert_eq!(db.articles(&Query::parse("modte").unwrap(), None).unwrap().len(), 1);
}

#[test]
fn ids_that_end_in_numbers_are_listed_as_numbers_alike() {
    // Undated and same-day articles are listed by id: a trailing number counts as a number.
    let ids = ["news-10", "news-2", "news-1", "news-02", "news-100", "news", "news-", "Zoë-9", "Zoë-10", "a1b2"];
    let lines: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let date = if k % 2 == 0 { serde_json::json!("2024-05-01") } else { serde_json::Value::Null };
            serde_json::json!({"id": id, "title": id, "text": "Zoë", "date": date}).to_string()
        })
        .collect();
    let corpus = corpus_of(&lines);
    let memory = MemoryArchive::new(corpus.clone());
    let listed: Vec<String> = memory.articles(&Query::default(), None).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(
        listed,
        ["Zoë-10", "news-", "news-1", "news-10", "news-100", "Zoë-9", "a1b2", "news", "news-02", "news-2"],
        "dated first (by id within the day), then undated by id"
    );
    let Some(db) = pushed("natural_ids", &corpus) else { return };
    same_answers(&memory, &db, &[String::new()], &[Ask::Articles(None), Ask::Articles(Some(4)), Ask::Select(6)]);
}

#[test]
fn an_entity_whose_defining_article_drops_it_is_defined_by_the_next() {
    // x is "Xenon" (ORG, alias "Xe") where t1 has it first, "Xylofon" (PER) in t2 and t3.
    let entity = |id: &str, x: serde_json::Value| {
        let mut a: serde_json::Value =
            serde_json::from_str(&articles::article_of(id, "2023-09", &[("b", "Banana")])).unwrap();
        if !x.is_null() {
            a["entities"].as_array_mut().unwrap().push(x);
            let start = a["text"].as_str().unwrap().chars().count();
            a["text"] = serde_json::json!(format!("{} Xy", a["text"].as_str().unwrap()));
            a["mentions"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"entity": "x", "start": start + 1, "end": start + 3}));
        }
        a.to_string()
    };
    let first = serde_json::json!({"id": "x", "name": "Xenon", "type": "ORG", "aliases": ["Xe"]});
    let later = serde_json::json!({"id": "x", "name": "Xylofon", "type": "PER"});
    let v1 = vec![entity("t1", first), entity("t2", later.clone()), entity("t3", later)];
    let mut v2 = v1.clone();
    v2[0] = entity("t1", serde_json::Value::Null);
    pushed_in_turn("redefined", [v1, v2], |memory, db| {
        let asks = [
            Ask::Entities(None, None),
            Ask::Search("xylo".into(), 5),
            Ask::Search("xe".into(), 5),
            Ask::Articles(None),
        ];
        let queries = ["", "@Xe", "@Xylofon", "@Xenon", "type:org", "type:per", "-type:per"].map(String::from);
        same_answers(memory, db, &queries, &asks);
    });
}

#[test]
fn fuzzy_search_from_a_copy_of_the_names_answers_as_the_server_and_follows_each_push() {
    let Some(url) = pg::database("names_copy") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, 150, Some(80), 11).unwrap();
    let mut first: Vec<String> = String::from_utf8(jsonl).unwrap().lines().map(String::from).collect();
    for j in 0..8 {
        for r in 0..=(j * 5 % 7) {
            first.push(articles::article_of(&format!("alike-{j}-{r}"), "2024", &[(&format!("lige{j}"), "Lige Navn")]));
        }
    }
    // Then an article with new names, then that article with one of them changed.
    let mut second = first.clone();
    second.push(articles::article_of("fresh", "2024", &[("zq", "Zyxwv Qqq"), ("k2", "København Øst")]));
    let mut third = first.clone();
    third.push(articles::article_of("fresh", "2024", &[("zq", "Ændret Zyxwv"), ("k2", "København Øst")]));
    let corpus = corpus_of(&first);
    let e = corpus.entities.iter().find(|e| !e.aliases.is_empty()).unwrap();
    let mut texts = vec![e.name.clone(), e.aliases[0].clone(), e.name.chars().take(3).collect()];
    texts.extend(["e", "zyxwv", "ændret", "kob øst", "100%_", "zzzq"].map(String::from));
    let mut searches: Vec<Ask> = texts.iter().map(|t| Ask::Search(t.clone(), 20)).collect();
    // Eight entities named alike, each in a different number of articles: which few of them
    // are shown is decided among equals.
    searches.extend([Ask::Search("lige navn".into(), 3), Ask::Search("li".into(), 5)]);
    // One archive kept across the pushes (its copy in memory must follow them), and a new one
    // each time (its copy read from the file).
    let kept = PgArchive::new(&url, Default::default()).with_names_cache(dir.path().to_path_buf());
    for lines in [first.clone(), second, third.clone()] {
        let corpus = corpus_of(&lines);
        push(&url, &corpus);
        let memory = MemoryArchive::new(corpus);
        let answers = same_answers(&memory, &kept, &[String::new()], &searches);
        assert!(answers.iter().filter(|a| a.contains("id:")).count() >= 4, "{answers:?}");
        let again = PgArchive::new(&url, Default::default()).with_names_cache(dir.path().to_path_buf());
        same_answers(&memory, &again, &[String::new()], &searches);
        let copies: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(copies.len(), 1, "one copy per archive, replaced when it moves");
    }
    // A damaged copy is read again from the server.
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let path = f.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() / 2);
        std::fs::write(&path, bytes).unwrap();
    }
    let damaged = PgArchive::new(&url, Default::default()).with_names_cache(dir.path().to_path_buf());
    same_answers(&MemoryArchive::new(corpus_of(&third)), &damaged, &[String::new()], &searches);
}
