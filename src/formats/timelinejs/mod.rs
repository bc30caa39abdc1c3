//! TimelineJS JSON (version 3, and version 2's `timeline.date`): a timeline of events that
//! belong to no article; written from every dated event.

mod read;
mod write;

use super::{Format, Writer};
use crate::export::{Output, Tally};
use crate::import::Input;
use crate::model::Corpus;

/// Its row.
pub static FORMAT: Format = Format {
    name: "timelinejs",
    summary: "TimelineJS JSON: a timeline of events",
    extensions: &[],
    weak_extensions: &[],
    sniff_json: Some(|item| {
        let timeline = |e: &serde_json::Value| {
            e.as_array().is_some_and(|l| l.first().is_none_or(|x| x.get("start_date").is_some()))
        };
        (item.get("text").is_none() && item.get("events").is_some_and(timeline))
            || item.get("timeline").and_then(|t| t.get("date")).is_some_and(serde_json::Value::is_array)
    }),
    sniff_text: None,
    read: |input: Input, report| read::read(input.text, input.doc_id, report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: Some(&WRITER),
};

/// Why articles are not written.
const EVENTS_ONLY: &str = "TimelineJS holds events only";

/// Its writer.
pub static WRITER: Writer = Writer {
    name: "timelinejs",
    summary: "TimelineJS JSON of every dated event",
    extension: Some("json"),
    holds_timelines: true,
    write: |corpus| (Output::File(write::export(corpus)), Vec::new()),
    cannot_hold: Some(|t: &Tally| {
        vec![
            t.say(t.articles, "article's text|articles' texts", EVENTS_ONLY),
            t.say(t.mentions, "mention|mentions", EVENTS_ONLY),
            t.say(t.notes, "note|notes", EVENTS_ONLY),
            t.say(t.relations, "relation|relations", EVENTS_ONLY),
            t.say(t.undated_events, "undated event|undated events", "TimelineJS places events by date"),
        ]
    }),
    refuses: Some(|c: &Corpus| {
        let dated = c.articles.iter().flat_map(|a| &a.events).chain(&c.events).any(|e| e.date.is_some());
        (!dated).then(|| {
            "no dated event: a TimelineJS file places events by date, and one without any cannot be read back"
                .to_string()
        })
    }),
};
