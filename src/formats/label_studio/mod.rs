//! Label Studio JSON exports (a list of tasks, with annotations, predictions or the older
//! completions), read with relations and KB references; written as tasks with labels.

mod read;
mod write;

use super::{Format, Writer};
use crate::export::{Output, Tally};
use crate::import::Input;

/// Its row.
pub static FORMAT: Format = Format {
    name: "label-studio",
    summary: "Label Studio JSON export (tasks with annotations, predictions or completions)",
    extensions: &[],
    weak_extensions: &[],
    sniff_json: Some(|item| {
        let has = |k: &str| item.get(k).is_some();
        (has("data") && (has("annotations") || has("predictions"))) || has("completions")
    }),
    sniff_text: None,
    read: |input: Input, report| read::read(input.text, input.doc_id, input.json_lines(), report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: Some(&WRITER),
};

/// Why some things are not written.
const REGIONS: &str = "Label Studio regions here carry labels and references only";

/// Its writer.
pub static WRITER: Writer = Writer {
    name: "label-studio",
    summary: "Label Studio JSON tasks with labels, relations and KB references",
    extension: Some("json"),
    holds_timelines: false,
    write: |corpus| (Output::Stream(Box::new(move |w| write::export(corpus, w))), Vec::new()),
    cannot_hold: Some(|t: &Tally| {
        use crate::export::Metadata::*;
        vec![
            t.say(t.article_events + t.timeline_events, "event|events", "Label Studio tasks have no events"),
            t.say(t.notes, "note|notes", REGIONS),
            t.say(t.attributes, "mention's attributes|mentions' attributes", REGIONS),
            t.in_pieces("written as one region per piece: Label Studio has no discontinuous regions"),
            t.say(
                t.relation_notes,
                "note on a relation|notes on relations",
                "a Label Studio relation holds its labels only",
            ),
            t.metadata(&[Source, Date, Language], "a task's data holds its text, title and newslens id"),
        ]
    }),
    refuses: None,
};
