//! newslens JSON: an article object, an array of them, or one per line (JSON Lines), read
//! exactly and written canonically. Every record stands alone, so a JSON Lines file is
//! streamed and read on every core ([`super::Format::records`]).

mod read;
mod write;

pub use read::read_json;
pub use write::{article_line, article_pretty, to_jsonl, write_jsonl};

use super::{Format, Writer};
use crate::export::Output;
use crate::import::Input;

/// Its row.
pub static FORMAT: Format = Format {
    name: "newslens",
    summary: "newslens JSON: an article, an array of them, or JSON Lines (one per line)",
    extensions: &[],
    weak_extensions: &[],
    // What no other JSON format claims.
    sniff_json: None,
    sniff_text: None,
    read: |input: Input, report| read::read(input.text, input.json_lines(), report),
    reads_empty: false,
    read_through: None,
    records: Some(read_json),
    stream: None,
    writer: Some(&WRITER),
};

/// Its writer: the canonical form, which holds everything.
pub static WRITER: Writer = Writer {
    name: "jsonl",
    summary: "newslens JSON Lines (holds everything)",
    extension: Some("jsonl"),
    holds_timelines: true,
    write: |corpus| (Output::Stream(Box::new(move |w| write_jsonl(corpus, w))), Vec::new()),
    cannot_hold: None,
    refuses: None,
};
