//! TimelineJS JSON: `{"events": [{"start_date": {"year", "month", "day"}, "end_date",
//! "text": {"headline", "text"}, "unique_id", "group"}]}`. Date parts may be numbers or
//! strings; a date keeps the precision it is given. The events belong to no article: opened
//! beside articles, they are added to the corpus's timeline.

use serde_json::Value;

use super::{Imported, Report, documents};
use crate::date::PartialDate;
use crate::diagnostic::locate::Seg;
use crate::model::Event;

/// Reads the events of a TimelineJS file.
pub fn read(src: &str, stem: &str, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    for doc in documents(src, false, report) {
        let Some(events) = doc.value.get("events").and_then(Value::as_array) else {
            let (l, c) = doc.position(&[]);
            report.error(l, c, "a TimelineJS file needs \"events\": [ … ]");
            continue;
        };
        for (i, e) in events.iter().enumerate() {
            let here = |rest: &[Seg]| {
                let mut p = vec![Seg::Key("events"), Seg::Index(i)];
                p.extend_from_slice(rest);
                doc.position(&p)
            };
            let date = match e.get("start_date").map(date_of) {
                Some(Ok(d)) => d,
                Some(Err(why)) => {
                    let (l, c) = here(&[Seg::Key("start_date")]);
                    report.error(l, c, why);
                    continue;
                }
                None => {
                    let (l, c) = here(&[]);
                    report.error(l, c, "an event needs \"start_date\": {\"year\": …}");
                    continue;
                }
            };
            let end_date = match e.get("end_date").map(date_of) {
                Some(Ok(d)) if d < date => {
                    let (l, c) = here(&[Seg::Key("end_date")]);
                    report.error(l, c, format!("end_date {d} is before start_date {date}"));
                    continue;
                }
                Some(Ok(d)) => Some(d),
                Some(Err(why)) => {
                    let (l, c) = here(&[Seg::Key("end_date")]);
                    report.error(l, c, why);
                    continue;
                }
                None => None,
            };
            let text = e.get("text");
            let headline = text.and_then(|t| t.get("headline")).and_then(Value::as_str).map(strip_html);
            let body =
                text.and_then(|t| t.get("text")).and_then(Value::as_str).map(strip_html).filter(|s| !s.is_empty());
            let title = headline
                .filter(|h| !h.is_empty())
                .or_else(|| body.clone())
                .unwrap_or_else(|| format!("Event {}", i + 1));
            let id =
                // An empty `unique_id` is no id at all.
                e.get("unique_id")
                    .and_then(Value::as_str)
                    .filter(|u| !u.trim().is_empty())
                    .map_or_else(|| format!("{stem}-{}", i + 1), String::from);
            let sources = e
                .get("media")
                .and_then(|m| m.get("url"))
                .and_then(Value::as_str)
                .map(String::from)
                .into_iter()
                .collect();
            imported.events.push(Event {
                id,
                date: Some(date),
                end_date,
                title,
                description: body,
                entities: Vec::new(),
                sources,
                anchors: Vec::new(),
            });
        }
    }
    imported
}

/// A TimelineJS date object: `year` required, `month` and `day` optional, numbers or strings.
fn date_of(v: &Value) -> Result<PartialDate, String> {
    let part = |k: &str| -> Result<Option<u32>, String> {
        match v.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::Number(n)) => {
                n.as_u64().map(|x| Some(x as u32)).ok_or_else(|| format!("{k} {n} is not a whole number"))
            }
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| format!("{k} {s:?} is not a number")),
            Some(other) => Err(format!("{k} must be a number, found {other}")),
        }
    };
    let year = part("year")?.ok_or("a date needs a \"year\"")?;
    let text = match (part("month")?, part("day")?) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (None, Some(_)) => return Err("a date with a day needs a month".into()),
        (None, None) => format!("{year:04}"),
    };
    PartialDate::parse(&text).map_err(|why| format!("date {text}: {why}"))
}

/// Text without HTML tags (TimelineJS text fields may hold HTML).
fn strip_html(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .trim()
        .to_string()
}
