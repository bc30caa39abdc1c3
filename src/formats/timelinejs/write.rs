//! TimelineJS JSON: every dated event, its date parts at their own precision, the article it
//! belongs to as the `group`. Undated events (brat's) are left out.

use serde_json::{Map, Value, json};

use crate::date::PartialDate;
use crate::model::Corpus;

fn date(d: PartialDate) -> Value {
    let mut m = Map::new();
    m.insert("year".into(), json!(d.year));
    if let Some(month) = d.month {
        m.insert("month".into(), json!(month));
    }
    if let Some(day) = d.day {
        m.insert("day".into(), json!(day));
    }
    Value::Object(m)
}

/// The corpus's timeline as TimelineJS JSON.
pub fn export(corpus: &Corpus) -> String {
    let mut seen = std::collections::HashSet::new();
    let events: Vec<Value> = corpus
        .timeline()
        .into_iter()
        .filter_map(|r| {
            let e = corpus.event(r);
            let start = e.date?;
            let article = r.article.map(|a| &corpus.articles[a]);
            // unique_id must be unique across the whole timeline.
            let id = if seen.insert(e.id.clone()) {
                e.id.clone()
            } else {
                format!("{}:{}", article.map_or("", |a| a.id.as_str()), e.id)
            };
            let mut ev = json!({
                "start_date": date(start),
                "text": {"headline": e.title, "text": e.description.clone().unwrap_or_default()},
                "unique_id": id,
            });
            if let Some(end) = e.end_date {
                ev["end_date"] = date(end);
            }
            if let Some(a) = article {
                ev["group"] = json!(a.title);
            }
            if let Some(src) = e.sources.first() {
                ev["media"] = json!({"url": src});
            }
            Some(ev)
        })
        .collect();
    let title = match corpus.articles.as_slice() {
        [one] => one.title.clone(),
        _ => "newslens timeline".to_string(),
    };
    let doc = json!({"title": {"text": {"headline": title, "text": ""}}, "events": events});
    let mut out = crate::display::json_safe(serde_json::to_string_pretty(&doc).expect("JSON values serialise"));
    out.push('\n');
    out
}
