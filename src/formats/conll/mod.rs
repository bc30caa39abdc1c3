//! CoNLL columns: a token and its IOB tag per line, sentences apart; read whatever the
//! columns, written as IOB2.

mod read;
mod write;

use super::{Format, Writer};
use crate::export::Tally;
use crate::import::Input;

/// Its row.
pub static FORMAT: Format = Format {
    name: "conll",
    summary: "CoNLL-2003 / IOB columns (IOB1 or IOB2)",
    extensions: &["conll", "conllu", "iob", "iob2", "bio"],
    sniff_json: None,
    sniff_text: Some(looks_like_conll),
    read: |input: Input, report| read::read(input.text, input.doc_id, input.conll_sentences, report),
    reads_empty: false,
    read_through: None,
    records: None,
    writer: Some(&WRITER),
};

/// Lines of `token … TAG` with IOB tags in the last column.
fn looks_like_conll(text: &str) -> bool {
    text.lines().filter(|l| !l.trim().is_empty()).take(20).all(|l| {
        let tag = l.split_whitespace().last().unwrap_or("");
        l.starts_with("-DOCSTART-") || tag == "O" || tag.starts_with("B-") || tag.starts_with("I-")
    })
}

/// Why everything but tokens and tags is not written.
const COLUMNS: &str = "CoNLL holds tokens and tags";

/// Its writer.
pub static WRITER: Writer = Writer {
    name: "conll",
    summary: "CoNLL IOB2 columns: one token and tag per line",
    extension: Some("conll"),
    holds_timelines: false,
    write: write::export,
    cannot_hold: Some(|t: &Tally| {
        vec![
            t.say(t.article_events + t.timeline_events, "event|events", COLUMNS),
            t.say(t.notes, "note|notes", COLUMNS),
            t.say(t.relations, "relation|relations", COLUMNS),
            t.say(t.attributes, "mention's attributes|mentions' attributes", COLUMNS),
            t.say(t.linked, "entity's knowledge-base links|entities' knowledge-base links", COLUMNS),
            t.in_pieces("written as one mention per piece: IOB tags have no gaps"),
        ]
    }),
};
