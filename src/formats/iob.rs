//! Tags of the IOB family and how a sequence of them becomes spans. One decoder reads them all:
//! IOB1 (`I-` starts a mention unless it continues one of the same type), IOB2 (`B-` starts
//! each), BIOES/IOBES (`E-` ends, `S-` stands alone), BILOU (`L-`, `U-`) and BMES (`M-` inside).

use crate::model::Span;

/// One token's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag<'a> {
    /// `O`: outside every mention.
    Outside,
    /// `B-`: begins a mention.
    Begin(&'a str),
    /// `I-` or `M-`: inside one (or, in IOB1, begins one that no mention of its type precedes).
    Inside(&'a str),
    /// `E-` or `L-`: the last token of one.
    End(&'a str),
    /// `S-` or `U-`: a mention of one token.
    Single(&'a str),
}

impl<'a> Tag<'a> {
    /// Parses `O`, or a scheme letter, `-` and a type (`B-PER`, `S-LOC`, `L-ORG`). `_` and `-`
    /// alone, CoNLL-U's "nothing here", are `O` too.
    pub fn parse(s: &'a str) -> Option<Tag<'a>> {
        if matches!(s, "O" | "_" | "-") {
            return Some(Tag::Outside);
        }
        let (prefix, kind) = s.split_once('-')?;
        if kind.is_empty() || kind.chars().any(char::is_whitespace) {
            return None;
        }
        Some(match prefix {
            "B" => Tag::Begin(kind),
            "I" | "M" => Tag::Inside(kind),
            "E" | "L" => Tag::End(kind),
            "S" | "U" => Tag::Single(kind),
            _ => return None,
        })
    }

    /// Its type, unless it is `O`.
    pub fn kind(self) -> Option<&'a str> {
        match self {
            Tag::Outside => None,
            Tag::Begin(k) | Tag::Inside(k) | Tag::End(k) | Tag::Single(k) => Some(k),
        }
    }
}

/// A mention being collected.
#[derive(Debug, Clone, Copy)]
struct Open<'a> {
    kind: &'a str,
    span: Span,
}

/// Turns one layer of tags (outer or nested) into typed spans, token by token.
#[derive(Debug, Default)]
pub struct Decoder<'a> {
    open: Option<Open<'a>>,
}

impl<'a> Decoder<'a> {
    /// Takes the tag of the token at `span`; finished mentions go to `out`. A token may be
    /// given several tags in a row (the words of a CoNLL-U multiword token share its span).
    pub fn step(&mut self, tag: Tag<'a>, span: Span, out: &mut Vec<(&'a str, Span)>) {
        let continues = |open: &Option<Open<'a>>, k: &str| open.is_some_and(|o| o.kind == k);
        match tag {
            Tag::Outside => self.close(out),
            Tag::Begin(k) => self.start(k, span, out),
            Tag::Inside(k) if continues(&self.open, k) => self.extend(span),
            Tag::Inside(k) => self.start(k, span, out),
            Tag::End(k) => {
                if continues(&self.open, k) {
                    self.extend(span);
                } else {
                    self.start(k, span, out);
                }
                self.close(out);
            }
            Tag::Single(k) => {
                self.start(k, span, out);
                self.close(out);
            }
        }
    }

    /// Ends the mention being collected (at a sentence's end).
    pub fn close(&mut self, out: &mut Vec<(&'a str, Span)>) {
        if let Some(o) = self.open.take() {
            out.push((o.kind, o.span));
        }
    }

    fn start(&mut self, kind: &'a str, span: Span, out: &mut Vec<(&'a str, Span)>) {
        self.close(out);
        self.open = Some(Open { kind, span });
    }

    fn extend(&mut self, span: Span) {
        if let Some(o) = &mut self.open {
            o.span.end = o.span.end.max(span.end);
        }
    }
}

/// Types of chunks (CoNLL-2000/2003's third column), whose IOB tags are not named entities.
pub fn is_chunk_type(kind: &str) -> bool {
    matches!(kind, "NP" | "VP" | "PP" | "ADJP" | "ADVP" | "SBAR" | "PRT" | "CONJP" | "INTJ" | "LST" | "UCP")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(tags: &[&str]) -> Vec<(String, usize, usize)> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for (i, t) in tags.iter().enumerate() {
            d.step(Tag::parse(t).unwrap(), Span { start: i, end: i + 1 }, &mut out);
        }
        d.close(&mut out);
        out.into_iter().map(|(k, s)| (k.to_string(), s.start, s.end)).collect()
    }

    fn spans(list: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
        list.iter().map(|(k, s, e)| (k.to_string(), *s, *e)).collect()
    }

    #[test]
    fn every_scheme_gives_the_same_spans() {
        let want = spans(&[("PER", 0, 2), ("LOC", 2, 3), ("LOC", 3, 4), ("ORG", 5, 8)]);
        assert_eq!(decode(&["B-PER", "I-PER", "B-LOC", "B-LOC", "O", "B-ORG", "I-ORG", "I-ORG"]), want, "IOB2");
        assert_eq!(decode(&["I-PER", "I-PER", "I-LOC", "B-LOC", "O", "I-ORG", "I-ORG", "I-ORG"]), want, "IOB1");
        assert_eq!(decode(&["B-PER", "E-PER", "S-LOC", "S-LOC", "O", "B-ORG", "I-ORG", "E-ORG"]), want, "BIOES");
        assert_eq!(decode(&["B-PER", "L-PER", "U-LOC", "U-LOC", "O", "B-ORG", "I-ORG", "L-ORG"]), want, "BILOU");
        assert_eq!(decode(&["B-PER", "E-PER", "S-LOC", "S-LOC", "O", "B-ORG", "M-ORG", "E-ORG"]), want, "BMES");
    }

    #[test]
    fn ill_formed_sequences_still_give_whole_mentions() {
        // An `E-` with nothing open is a mention of its own; an `I-` of another type starts one.
        assert_eq!(decode(&["E-PER", "I-LOC", "I-ORG"]), spans(&[("PER", 0, 1), ("LOC", 1, 2), ("ORG", 2, 3)]));
        assert_eq!(Tag::parse("X-PER"), None);
        assert_eq!(Tag::parse("B-"), None);
        assert_eq!(Tag::parse("_"), Some(Tag::Outside));
    }
}
