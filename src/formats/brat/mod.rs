//! brat standoff: a `.ann` file of annotations beside the `.txt` it annotates, read with the
//! collection's `annotation.conf` and `visual.conf`; written as a directory of pairs.

mod read;
mod write;

pub use read::parse_color;
pub use write::{file_name, kb_name};

use super::{Format, Writer};
use crate::export::Tally;
use crate::import::Input;

/// Its row.
pub static FORMAT: Format = Format {
    name: "brat",
    summary: "brat standoff: .ann beside its .txt (entities, events, relations, attributes, notes)",
    extensions: &["ann"],
    weak_extensions: &[],
    sniff_json: None,
    sniff_text: None,
    read: |input: Input, report| read::read(input.path, input.text, input.doc_id, report),
    reads_empty: true,
    read_through: Some(("txt", "ann")),
    records: None,
    stream: None,
    writer: Some(&WRITER),
};

/// Its writer (it says itself which events it could not write).
pub static WRITER: Writer = Writer {
    name: "brat",
    summary: "brat standoff: a directory of .txt and .ann files",
    extension: None,
    holds_timelines: false,
    write: write::export,
    cannot_hold: Some(|t: &Tally| {
        use crate::export::Metadata::*;
        vec![
            t.metadata(&[Title, Source, Date, Language], "brat holds a text and its annotations, in files named by id"),
        ]
    }),
    refuses: None,
};
