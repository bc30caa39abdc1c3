//! The query language and the commands built on it, checked against answers computed here
//! independently, from the generated corpus's JSON, for a few hundred articles.

#[path = "support/synth.rs"]
mod synth;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

fn newslens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newslens")).args(args).output().unwrap()
}

/// The JSON answer; an empty one exits 1 (nothing matched), anything else 0.
fn json(args: &[&str]) -> Vec<Value> {
    let o = newslens(args);
    let rows: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let expected = if rows.is_empty() { 1 } else { 0 };
    assert_eq!(o.status.code(), Some(expected), "{}", String::from_utf8_lossy(&o.stderr));
    rows
}

/// The generated corpus as a file, and its articles as JSON.
fn corpus() -> (tempfile::TempDir, String, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    let mut bytes = Vec::new();
    synth::write_corpus(&mut bytes, 300, Some(400), 5).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let articles = String::from_utf8(bytes).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (dir, path.to_string_lossy().into_owned(), articles)
}

fn mentioned(a: &Value) -> BTreeSet<String> {
    a["mentions"].as_array().unwrap().iter().map(|m| m["entity"].as_str().unwrap().to_string()).collect()
}

fn kinds(a: &Value) -> BTreeMap<String, String> {
    a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().into(), e["type"].as_str().unwrap().into()))
        .collect()
}

/// Ids of the matching articles, newest first, then by id (the dates here are all full days).
fn expected(articles: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let mut v: Vec<(&str, &str)> =
        articles.iter().filter(|a| keep(a)).map(|a| (a["date"].as_str().unwrap(), a["id"].as_str().unwrap())).collect();
    v.sort_by(|x, y| y.0.cmp(x.0).then(x.1.cmp(y.1)));
    v.into_iter().map(|(_, id)| id.to_string()).collect()
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn articles_match_what_the_query_says() {
    let (_dir, path, articles) = corpus();
    let entity = articles[3]["mentions"][0]["entity"].as_str().unwrap().to_string();
    let words_of = |a: &Value| -> Vec<String> {
        a["text"].as_str().unwrap().split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect()
    };
    type Keep<'a> = Box<dyn Fn(&Value) -> bool + 'a>;
    let cases: Vec<(String, Keep)> = vec![
        (format!("entity:{entity}"), Box::new(|a: &Value| mentioned(a).contains(&entity))),
        ("type:ORG".into(), Box::new(|a: &Value| mentioned(a).iter().any(|e| kinds(a)[e] == "ORG"))),
        (
            "since:2015-06 until:2019".into(),
            Box::new(|a: &Value| {
                let d = a["date"].as_str().unwrap();
                ("2015-06-01"..="2019-12-31").contains(&d)
            }),
        ),
        ("-since:2010".into(), Box::new(|a: &Value| a["date"].as_str().unwrap() < "2010-01-01")),
        ("og".into(), Box::new(|a: &Value| words_of(a).iter().any(|w| w.starts_with("og")))),
        (
            format!("-og entity:{entity}"),
            Box::new(|a: &Value| !words_of(a).iter().any(|w| w.starts_with("og")) && mentioned(a).contains(&entity)),
        ),
    ];
    for (q, keep) in cases {
        let got = ids(&json(&["articles", &path, "--query", &q, "--json"]));
        assert_eq!(got, expected(&articles, keep), "{q}");
    }
    let rows = json(&["articles", &path, "--json", "--limit", "2"]);
    assert_eq!(rows.len(), 2);
    let first = articles.iter().find(|a| a["id"] == rows[0]["id"]).unwrap();
    assert_eq!(rows[0]["mentions"].as_u64().unwrap() as usize, first["mentions"].as_array().unwrap().len());
    assert_eq!(rows[0]["entities"].as_u64().unwrap() as usize, first["entities"].as_array().unwrap().len());
    assert_eq!(rows[0]["date"], first["date"]);
}

#[test]
fn related_counts_the_articles_that_mention_both() {
    let (_dir, path, articles) = corpus();
    let entity = articles[0]["mentions"][0]["entity"].as_str().unwrap().to_string();
    let mut together: BTreeMap<String, usize> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for a in &articles {
        for e in a["entities"].as_array().unwrap() {
            names.insert(e["id"].as_str().unwrap().into(), e["name"].as_str().unwrap().into());
        }
        let m = mentioned(a);
        if m.contains(&entity) {
            for e in m.into_iter().filter(|e| *e != entity) {
                *together.entry(e).or_default() += 1;
            }
        }
    }
    let mut want: Vec<(String, usize)> = together.into_iter().collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then(names[&a.0].cmp(&names[&b.0])).then(a.0.cmp(&b.0)));
    let got: Vec<(String, usize)> = json(&["related", &entity, &path, "--json"])
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["articles"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn trend_counts_every_month_from_the_first_to_the_last() {
    let (_dir, path, articles) = corpus();
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    for a in &articles {
        *months.entry(a["date"].as_str().unwrap()[..7].to_string()).or_default() += 1;
    }
    let (first, last) = (months.keys().next().unwrap().clone(), months.keys().next_back().unwrap().clone());
    let mut want = Vec::new();
    let (mut y, mut m): (i32, i32) = (first[..4].parse().unwrap(), first[5..].parse().unwrap());
    loop {
        let key = format!("{y:04}-{m:02}");
        want.push((key.clone(), months.get(&key).copied().unwrap_or(0)));
        if key == last {
            break;
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let got: Vec<(String, usize)> = json(&["trend", &path, "--json"])
        .iter()
        .map(|r| (r["period"].as_str().unwrap().to_string(), r["articles"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(got, want);
    assert!(want.iter().any(|(_, n)| *n == 0), "months without articles are listed too");
    let chart = String::from_utf8(newslens(&["trend", &path, "--by", "year"]).stdout).unwrap();
    assert!(chart.lines().all(|l| l.contains('█') || l.trim_end().ends_with(" 0")), "{chart}");
}

#[test]
fn queries_filter_entities_timeline_and_export_and_bad_ones_say_where() {
    let (_dir, path, articles) = corpus();
    let q = "since:2020";
    let kept: Vec<&Value> = articles.iter().filter(|a| a["date"].as_str().unwrap() >= "2020-01-01").collect();
    let exported = newslens(&["export", &path, "--to", "jsonl", "--query", q]);
    assert_eq!(String::from_utf8_lossy(&exported.stdout).lines().count(), kept.len());
    let events = json(&["timeline", &path, "--query", q, "--json"]);
    assert_eq!(events.len(), kept.iter().map(|a| a["events"].as_array().unwrap().len()).sum::<usize>());
    let entities = json(&["entities", &path, "--query", q, "--json"]);
    let want: BTreeSet<String> = kept.iter().flat_map(|a| mentioned(a)).collect();
    assert_eq!(entities.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect::<BTreeSet<_>>(), want);

    let o = newslens(&["articles", &path, "--query", "huawei entiy:x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("query:1:8: error: unknown field \"entiy\""));
}

#[test]
fn the_readme_example_answers() {
    let rows = json(&["articles", "--query", "@Huawei since:2023", "--json"]);
    assert_eq!(ids(&rows), ["huawei-rival-2023-09"]);
    assert!(json(&["articles", "--query", "@Huawei until:2022", "--json"]).is_empty());
    assert_eq!(ids(&json(&["articles", "--query", "\"huawei mate\" kobenhavn -zzz", "--json"])).len(), 0);
    assert_eq!(ids(&json(&["articles", "--query", "\"huaweis mate\"", "--json"])), ["huawei-rival-2023-09"]);
}
