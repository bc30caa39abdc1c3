//! What `y` and `Y` copy: a quotation of the current passage (or the selected event) with
//! where it comes from, and an entity's name with its Wikidata id. The explorer hands the text
//! to the terminal's clipboard.

use unicode_segmentation::UnicodeSegmentation;

use super::{App, TextCursor};
use crate::date::format_range;
use crate::model::{Article, Span};

impl App {
    /// `y`: the passage at the current spot (an event's passage or a note's whole; the sentence
    /// around a mention or a place found), or else the selected event, as a quotation that says
    /// where it comes from.
    pub fn quotation(&self) -> Option<String> {
        let spot = self.selection.cursor.zip(self.cursor_span());
        if let (Some(a), Some((cursor, span))) = (self.current_article(), spot) {
            let passage = match cursor {
                TextCursor::Anchor(_) | TextCursor::Note(_) => a.slice(span),
                TextCursor::Mention(_) | TextCursor::Hit(_) => sentence_around(&a.text, span),
            };
            return Some(format!("“{}”\n— {}", passage.trim(), provenance(a)));
        }
        let event = self.data.corpus.event(self.selection.event?);
        let mut out = format!("{} {}", format_range(event.date, event.end_date), event.title);
        if let Some(d) = &event.description {
            out.push_str(&format!("\n{d}"));
        }
        for s in &event.sources {
            out.push_str(&format!("\n— {s}"));
        }
        Some(out)
    }

    /// `Y`: the selected (or highlighted) entity's name, with its Wikidata id and address.
    pub fn entity_reference(&self) -> Option<String> {
        let e = self.selection.entity.or(self.cursor_entity.as_ref().map(|p| p.entity))?;
        let entity = &self.data.corpus.entities[e];
        Some(match entity.links.get("wikidata") {
            Some(q) => format!("{} ({q}, https://www.wikidata.org/wiki/{q})", entity.name),
            None => entity.name.clone(),
        })
    }

    /// Copies `text` (if any) to the clipboard and says so, or says why not.
    pub(super) fn copy(&mut self, text: Option<String>, what: &str) {
        match text {
            Some(t) => {
                // Data never drives the terminal it is pasted into either (an ESC[201~ would end a
                // bracketed paste early): controls go as they are shown, line breaks and tabs kept.
                let t = crate::display::for_terminal(&t);
                self.message = Some(format!("copied {what} ({} chars) to the clipboard", t.chars().count()));
                self.effect(super::Effect::Copy(t));
            }
            None => self.message = Some(format!("nothing to copy: select {what} first")),
        }
    }
}

/// The sentence of `text` that holds `span` (the span alone if it crosses sentences).
fn sentence_around(text: &str, span: Span) -> String {
    let mut start = 0;
    for sentence in text.split_sentence_bounds() {
        let end = start + sentence.chars().count();
        if span.start >= start && span.end <= end {
            return sentence.to_string();
        }
        if end > span.start {
            break;
        }
        start = end;
    }
    text.chars().skip(span.start).take(span.end.saturating_sub(span.start)).collect()
}

/// "Title, 2023-09, source (address)": where a quotation comes from.
fn provenance(a: &Article) -> String {
    let mut parts = vec![a.title.clone()];
    if let Some(d) = a.date {
        parts.push(d.to_string());
    }
    if let Some(s) = &a.source {
        match (&s.name, &s.url) {
            (Some(n), Some(u)) => parts.push(format!("{n} <{u}>")),
            (Some(n), None) => parts.push(n.clone()),
            (None, Some(u)) => parts.push(format!("<{u}>")),
            (None, None) => {}
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_span_is_found_by_chars() {
        let text = "Æblet er rødt. Huawei 🚀 sælger chips. Sidste.";
        let start = text.chars().position(|c| c == 'H').unwrap();
        let s = sentence_around(text, Span { start, end: start + 6 });
        assert_eq!(s, "Huawei 🚀 sælger chips. ");
        assert_eq!(sentence_around(text, Span { start: 10, end: start + 2 }), "ødt. Hu", "across sentences");
    }
}
