//! TimelineJS JSON: `{"events": [{"start_date": {"year", "month", "day"}, "end_date",
//! "text": {"headline", "text"}, "unique_id", "group"}]}` (TimelineJS 3), or TimelineJS 2's
//! `{"timeline": {"date": [{"startDate": "YYYY,MM,DD", …}]}}`. Date parts may be numbers or
//! strings, years negative or large; a date keeps the precision it is given. The events belong to no article: opened
//! beside articles, they are added to the corpus's timeline.

use serde_json::Value;

use crate::date::PartialDate;
use crate::diagnostic::locate::Seg;
use crate::import::{Imported, Report, documents};
use crate::model::Event;

/// Reads the events of a TimelineJS file.
pub fn read(src: &str, stem: &str, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    // Event ids must be unique: a second event under a used `unique_id` would be taken for the
    // first, so it gets an id of its own, said in a warning.
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for doc in documents(src, false, report) {
        if let Some(dates) = doc.value.get("timeline").and_then(|t| t.get("date")).and_then(Value::as_array) {
            read_v2(&doc, dates, stem, &mut imported, report);
            continue;
        }
        let Some(events) = doc.value.get("events").and_then(Value::as_array) else {
            let (l, c) = doc.position(&[]);
            report.error(l, c, "a TimelineJS file needs \"events\": [ … ] (TimelineJS 3) or \"timeline\": {\"date\": [ … ]} (TimelineJS 2)");
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
            let id = if used.contains(&id) {
                let fresh = (2..).map(|k| format!("{id}-{k}")).find(|f| !used.contains(f)).unwrap_or_default();
                let (l, c) = here(&[Seg::Key("unique_id")]);
                report.warning(
                    l,
                    c,
                    format!("event id {id:?} is used by an earlier event too; this one is read as {fresh:?}"),
                );
                fresh
            } else {
                id
            };
            used.insert(id.clone());
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
                detail: None,
            });
        }
    }
    imported
}

/// TimelineJS 2: `{"timeline": {"date": [{"startDate": "2011,12,10", "endDate", "headline",
/// "text", "asset": {"media"}}]}}`.
fn read_v2(doc: &crate::import::Doc, dates: &[Value], stem: &str, imported: &mut Imported, report: &mut Report) {
    for (i, e) in dates.iter().enumerate() {
        let here =
            |key: &'static str| doc.position(&[Seg::Key("timeline"), Seg::Key("date"), Seg::Index(i), Seg::Key(key)]);
        let date = match e.get("startDate").map(date2_of) {
            Some(Ok(d)) => d,
            Some(Err(why)) => {
                let (l, c) = here("startDate");
                report.error(l, c, why);
                continue;
            }
            None => {
                let (l, c) = doc.position(&[Seg::Key("timeline"), Seg::Key("date"), Seg::Index(i)]);
                report.error(l, c, "a TimelineJS 2 date needs \"startDate\": \"YYYY,MM,DD\"");
                continue;
            }
        };
        let end_date = match e.get("endDate").filter(|v| v.as_str().is_none_or(|s| !s.trim().is_empty())).map(date2_of)
        {
            Some(Ok(d)) if d < date => {
                let (l, c) = here("endDate");
                report.error(l, c, format!("endDate {d} is before startDate {date}"));
                continue;
            }
            Some(Ok(d)) => Some(d),
            Some(Err(why)) => {
                let (l, c) = here("endDate");
                report.error(l, c, why);
                continue;
            }
            None => None,
        };
        let headline = e.get("headline").and_then(Value::as_str).map(strip_html).filter(|s| !s.is_empty());
        let body = e.get("text").and_then(Value::as_str).map(strip_html).filter(|s| !s.is_empty());
        let sources = e.get("asset").and_then(|a| a.get("media")).and_then(Value::as_str).map(String::from);
        imported.events.push(Event {
            id: format!("{stem}-{}", i + 1),
            date: Some(date),
            end_date,
            title: headline.or_else(|| body.clone()).unwrap_or_else(|| format!("Event {}", i + 1)),
            description: body,
            entities: Vec::new(),
            sources: sources.into_iter().collect(),
            anchors: Vec::new(),
            detail: None,
        });
    }
}

/// A TimelineJS date object: `year` required (any whole number: `-13800000000` and BCE
/// years are years too), `month` and `day` optional, numbers or strings.
fn date_of(v: &Value) -> Result<PartialDate, String> {
    let part = |k: &str| -> Result<Option<i64>, String> {
        match v.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::Number(n)) => {
                n.as_i64().map(Some).ok_or_else(|| format!("{k} {n} is not a whole number in range"))
            }
            Some(Value::String(s)) => {
                s.trim().parse().map(Some).map_err(|_| format!("{k} {s:?} is not a whole number in range"))
            }
            Some(other) => Err(format!("{k} must be a number, found {other}")),
        }
    };
    let year = part("year")?.ok_or("a date needs a \"year\"")?;
    parts_date(year, part("month")?, part("day")?)
}

/// The date of a year and an optional month and day, checked.
fn parts_date(year: i64, month: Option<i64>, day: Option<i64>) -> Result<PartialDate, String> {
    let y = if (0..=9999).contains(&year) { format!("{year:04}") } else { format!("{year:+}") };
    let two = |what: &str, n: i64| {
        if (0..=99).contains(&n) { Ok(format!("{n:02}")) } else { Err(format!("{what} {n} is out of range")) }
    };
    let text = match (month, day) {
        (Some(m), Some(d)) => format!("{y}-{}-{}", two("month", m)?, two("day", d)?),
        (Some(m), None) => format!("{y}-{}", two("month", m)?),
        (None, Some(_)) => return Err("a date with a day needs a month".into()),
        (None, None) => y,
    };
    PartialDate::parse(&text).map_err(|why| format!("date {text}: {why}"))
}

/// A TimelineJS 2 date: `"2011,12,10"`, `"2011,12"` or `"2011"` (a number too).
fn date2_of(v: &Value) -> Result<PartialDate, String> {
    let text = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => return Err(format!("a date must be \"YYYY,MM,DD\", found {other}")),
    };
    let mut parts = text.split(',').map(str::trim).filter(|p| !p.is_empty());
    let num = |p: Option<&str>, what: &str| -> Result<Option<i64>, String> {
        p.map(|p| p.parse().map_err(|_| format!("{what} {p:?} is not a whole number in range"))).transpose()
    };
    let year = num(parts.next(), "year")?.ok_or("a date needs a year")?;
    parts_date(year, num(parts.next(), "month")?, num(parts.next(), "day")?)
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
    // `&amp;` last, so that `&amp;lt;` becomes `&lt;`, not `<`.
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(super::strip_html("<b>a</b> &amp;lt; b &lt; c &amp; d"), "a &lt; b < c & d");
    }
}
