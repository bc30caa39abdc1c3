//! The CoNLL family: a token and its tags per line, sentences apart. Read whatever the
//! member (columns with or without an index, nested tags, CoNLL-U, CoNLL-2012, spaCy's
//! `word|POS|TAG` lines) and tag scheme (IOB1, IOB2, BIOES, BILOU, BMES); written as IOB2.

mod layout;
mod ontonotes;
mod read;
mod write;

use super::{Format, Writer};
use crate::export::Tally;
use crate::import::Input;

/// Its row.
pub static FORMAT: Format = Format {
    name: "conll",
    summary: "CoNLL-2003 and IOB/BIOES/BMES columns, CoNLL-U, CoNLL-2012, spaCy's word|POS|TAG lines",
    extensions: &["conll", "conllu", "iob", "iob2", "bio", "bioes", "iobes", "bmes", "bilou"],
    weak_extensions: &[],
    sniff_json: None,
    sniff_text: Some(looks_like_conll),
    read: |input: Input, report| read::read(input.text, input.doc_id, input.conll_sentences, report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: Some(&WRITER),
};

/// Whether a file is of the family: its layout can be decided from its first lines.
fn looks_like_conll(text: &str) -> bool {
    // A bounded look, whatever the file's size.
    let head = match text.char_indices().nth(256 * 1024) {
        Some((end, _)) => text[..end].rsplit_once('\n').map_or(&text[..end], |(h, _)| h),
        None => text,
    };
    layout::detect(head).is_ok()
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
        use crate::export::Metadata::*;
        vec![
            t.say(t.article_events + t.timeline_events, "event|events", COLUMNS),
            t.say(t.notes, "note|notes", COLUMNS),
            t.say(t.relations, "relation|relations", COLUMNS),
            t.say(t.attributes, "mention's attributes|mentions' attributes", COLUMNS),
            t.say(t.linked, "entity's knowledge-base links|entities' knowledge-base links", COLUMNS),
            t.in_pieces("written as one mention per piece: IOB tags have no gaps"),
            t.metadata(&[Id, Title, Source, Date, Language], "CoNLL holds tokens and tags; its documents are numbered"),
        ]
    }),
    refuses: None,
};
