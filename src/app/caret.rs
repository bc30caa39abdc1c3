//! The text pane's caret and selection: where edits in the text act. The caret moves by
//! character (grapheme), word, visual line and mention; `v` drops an anchor and the motions
//! then stretch a selection from it. Every motion is a plain function of the text and the
//! laid-out lines, and walks only the text it passes over.

use unicode_segmentation::UnicodeSegmentation;

use super::reader::{LineKind, Reader};
use crate::model::Span;

/// The caret (a char of the text) and, while selecting, the anchor the selection runs from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caret {
    /// The char the caret is on.
    pub at: usize,
    /// Where the selection started (`v`); none when nothing is selected.
    pub anchor: Option<usize>,
    /// The column up and down keep to across shorter lines, in chars from a line's start.
    want: Option<usize>,
}

/// A way the caret moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// One character (grapheme) left or right.
    Char(isize),
    /// To the start of the next word, or back to the start of this (or the previous) one.
    Word(isize),
    /// To the last char of this word, or of the next one when at its end already.
    WordEnd,
    /// Visual lines down (positive) or up.
    Line(isize),
    /// The start of the caret's visual line.
    LineStart,
    /// The last char of the caret's visual line.
    LineEnd,
    /// The start of the text.
    Start,
    /// The last char of the text.
    End,
    /// A given char (a mention's start, a click).
    To(usize),
}

impl Caret {
    /// The selection: from the anchor to the caret, both chars included; none without an anchor.
    pub fn selection(&self) -> Option<Span> {
        let a = self.anchor?;
        Some(Span { start: a.min(self.at), end: a.max(self.at) + 1 })
    }

    /// Moves by `motion` over `text`, laid out in `reader`'s lines; keeps the caret in view.
    pub fn go(&mut self, motion: Motion, text: &str, reader: &mut Reader) {
        let len = text.chars().count();
        let last = len.saturating_sub(1);
        let at = self.at.min(last);
        let byte = byte_of(text, reader, at);
        let mut keep_column = false;
        self.at = match motion {
            Motion::Char(n) if n > 0 => {
                text[byte..].graphemes(true).take(n as usize).map(|g| g.chars().count()).sum::<usize>() + at
            }
            Motion::Char(n) => {
                at - text[..byte].graphemes(true).rev().take(n.unsigned_abs()).map(|g| g.chars().count()).sum::<usize>()
            }
            Motion::Word(n) if n > 0 => (0..n).fold((at, byte), |(c, b), _| next_word(text, c, b)).0,
            Motion::Word(n) => (0..-n).fold((at, byte), |(c, b), _| prev_word(text, c, b)).0,
            Motion::WordEnd => word_end(text, at, byte),
            Motion::Line(n) => {
                keep_column = true;
                let (lines, here) = text_lines(reader, at);
                let col = *self.want.get_or_insert(at - lines[here].start);
                let to = here.saturating_add_signed(n).min(lines.len() - 1);
                let l = &lines[to];
                (l.start + col).min(l.end.saturating_sub(1).max(l.start))
            }
            Motion::LineStart => reader.lines[reader.line_of(at)].start,
            Motion::LineEnd => {
                let l = reader.lines[reader.line_of(at)];
                l.end.saturating_sub(1).max(l.start)
            }
            Motion::Start => 0,
            Motion::End => last,
            Motion::To(pos) => pos,
        }
        .min(last);
        if !keep_column {
            self.want = None;
        }
        reader.keep_in_view(self.at);
    }

    /// Puts the caret back inside the lines the pane shows (after a scroll that left it out).
    pub fn clamp_to_view(&mut self, reader: &Reader) {
        let view = reader.visible_text_lines();
        let (Some(first), Some(last)) = (view.first(), view.last()) else { return };
        let line = reader.line_of(self.at);
        let col = self.want.unwrap_or(self.at - reader.lines[line].start.min(self.at));
        let to = if self.at < first.start {
            first
        } else if self.at >= last.end.max(last.start + 1) && line > reader.line_of(last.start) {
            last
        } else {
            return;
        };
        self.at = (to.start + col).min(to.end.saturating_sub(1).max(to.start));
        self.want = Some(col);
    }

    /// Puts the caret on char `at` (a jump), the selection stretching to it.
    pub fn place(&mut self, at: usize) {
        self.at = at;
        self.want = None;
    }

    /// Back to the start of a text, nothing selected (another article opened).
    pub fn reset(&mut self) {
        *self = Caret::default();
    }
}

/// The text's visual lines, and the index among them of the one holding char `at`.
fn text_lines(reader: &Reader, at: usize) -> (&[super::reader::VisualLine], usize) {
    let lines = &reader.lines[reader.text_start()..];
    (lines, (reader.line_of(at) - reader.text_start()).min(lines.len().saturating_sub(1)))
}

/// The byte offset of char `at` of `text`, counted from the start of its visual line.
pub fn byte_of(text: &str, reader: &Reader, at: usize) -> usize {
    let (start, byte) = match reader.lines.get(reader.line_of(at)) {
        Some(l) if l.kind == LineKind::Text && l.start <= at => (l.start, l.byte_start),
        _ => (0, 0),
    };
    text[byte..].char_indices().nth(at - start).map_or(text.len(), |(b, _)| byte + b)
}

/// What a char is to word motions: a space, part of a word, or punctuation.
fn class(c: char) -> u8 {
    if c.is_whitespace() {
        0
    } else if c.is_alphanumeric() || c == '_' || is_mark(c) {
        1
    } else {
        2
    }
}

/// Combining marks belong to the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// The start of the word after the one at char `at` (byte `byte`): the run of its class, then
/// the spaces after it, are passed over.
fn next_word(text: &str, at: usize, byte: usize) -> (usize, usize) {
    let Some(first) = text[byte..].chars().next() else { return (at, byte) };
    let mut passed_run = class(first) == 0;
    for (n, (b, c)) in text[byte..].char_indices().enumerate() {
        let k = class(c);
        if k != class(first) {
            passed_run = true;
        }
        if passed_run && k != 0 {
            return (at + n, byte + b);
        }
    }
    (at, byte)
}

/// The last char of the word at or after char `at` + 1 (vim's `e`): spaces passed over, then
/// the run of one class.
fn word_end(text: &str, at: usize, byte: usize) -> usize {
    let mut chars = text[byte..].chars().skip(1).peekable();
    let mut n = 0;
    while chars.next_if(|c| class(*c) == 0).is_some() {
        n += 1;
    }
    let Some(&first) = chars.peek() else { return at };
    let k = class(first);
    while chars.next_if(|c| class(*c) == k).is_some() {
        n += 1;
    }
    at + n
}

/// The start of the word the char before `at` is in (passing spaces back first).
fn prev_word(text: &str, at: usize, byte: usize) -> (usize, usize) {
    let mut back = text[..byte].char_indices().rev().peekable();
    let (mut n, mut b) = (0, byte);
    while let Some(&(i, c)) = back.peek()
        && class(c) == 0
    {
        (n, b) = (n + 1, i);
        back.next();
    }
    let Some(&(_, c)) = back.peek() else { return (at - n, b) };
    let k = class(c);
    while let Some(&(i, c)) = back.peek()
        && class(c) == k
    {
        (n, b) = (n + 1, i);
        back.next();
    }
    (at - n, b)
}

/// The word at char `at` of `text` (a run of word chars holding it), as a span; none on a
/// space or punctuation.
pub fn word_at(text: &str, reader: &Reader, at: usize) -> Option<Span> {
    let byte = byte_of(text, reader, at);
    let c = text[byte..].chars().next()?;
    if class(c) != 1 {
        return None;
    }
    let after = text[byte..].chars().take_while(|&c| class(c) == 1).count();
    let before = text[..byte].chars().rev().take_while(|&c| class(c) == 1).count();
    Some(Span { start: at - before, end: at + after })
}

/// Where a mention ending at char `end` ends when stretched over the next word (spaces and
/// then a run of word chars, or one other char, after it).
pub fn word_end_after(text: &str, reader: &Reader, end: usize) -> usize {
    let byte = byte_of(text, reader, end);
    let mut chars = text[byte..].chars().peekable();
    let mut n = 0;
    while chars.next_if(|c| class(*c) == 0 && *c != '\n').is_some() {
        n += 1;
    }
    match chars.next() {
        Some(c) if class(c) == 1 => n + 1 + chars.take_while(|c| class(*c) == 1).count() + end,
        Some(c) if class(c) == 2 => n + 1 + end,
        _ => end,
    }
}

/// Where `span` ends with its last word taken off (and the spaces before it); none when it
/// is one word.
pub fn end_before_last_word(text: &str, reader: &Reader, span: Span) -> Option<usize> {
    let start = byte_of(text, reader, span.start);
    let end = byte_of(text, reader, span.end);
    let mut back = text[start..end].chars().rev().peekable();
    let mut n = 0;
    while back.next_if(|c| class(*c) == 0).is_some() {
        n += 1;
    }
    let k = class(*back.peek()?);
    while back.next_if(|c| class(*c) == k).is_some() {
        n += 1;
    }
    while back.next_if(|c| class(*c) == 0).is_some() {
        n += 1;
    }
    (span.end - n > span.start).then_some(span.end - n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;

    fn reader(text: &str, width: usize) -> (Article, Reader) {
        let mut a = crate::example::load_example().corpus.articles.remove(0);
        a.text = text.to_string();
        a.title = "T".into();
        a.date = None;
        a.source = None;
        a.language = None;
        a.file = None;
        let mut r = Reader::default();
        r.layout(&a, width, 3);
        (a, r)
    }

    fn walk(text: &str, width: usize, motions: &[Motion]) -> Vec<usize> {
        let (_, mut r) = reader(text, width);
        let mut c = Caret::default();
        motions
            .iter()
            .map(|m| {
                c.go(*m, text, &mut r);
                c.at
            })
            .collect()
    }

    #[test]
    fn words_are_walked_by_class_over_danish_emoji_and_marks() {
        let text = "Huaweis chip, Kirin 9000s — e\u{301}t 🚀 skridt.";
        let w = |n| Motion::Word(n);
        let ats = walk(text, 80, &[w(1), w(1), w(1), w(1), w(1), w(1), w(1), w(1), w(-1), w(-1)]);
        let chars: Vec<char> = text.chars().collect();
        let at = |i: usize| chars[i..].iter().collect::<String>();
        let words: Vec<String> = ats.iter().map(|&i| at(i).chars().take(4).collect()).collect();
        assert_eq!(
            words,
            ["chip", ", Ki", "Kiri", "9000", "— e\u{301}", "e\u{301}t ", "🚀 sk", "skri", "🚀 sk", "e\u{301}t "]
        );
        let ends = walk(text, 80, &[Motion::WordEnd, Motion::WordEnd, Motion::WordEnd, Motion::WordEnd]);
        assert_eq!(ends.iter().map(|&i| chars[i]).collect::<String>(), "sp,n");
    }

    #[test]
    fn chars_move_by_grapheme_and_lines_keep_their_column() {
        let text = "ae\u{301}b\nxy\nlonger line";
        // One grapheme at a time: "e" with its accent is one step.
        assert_eq!(walk(text, 80, &[Motion::Char(1), Motion::Char(1), Motion::Char(-1)]), [1, 3, 1]);
        // From the first line's end: the short line takes its last char, the next line
        // the column kept.
        let ats =
            walk(text, 80, &[Motion::Char(1), Motion::Char(1), Motion::Char(1), Motion::Line(1), Motion::Line(1)]);
        assert_eq!(&ats[3..], [6, 12], "from its line break (column 4)");
        assert_eq!(walk(text, 80, &[Motion::End, Motion::LineStart, Motion::LineEnd, Motion::Start]), [18, 8, 18, 0]);
    }

    #[test]
    fn the_selection_runs_from_the_anchor_and_holds_both_ends() {
        let text = "Huawei og Apple";
        let (_, mut r) = reader(text, 80);
        let mut c = Caret::default();
        c.go(Motion::Word(1), text, &mut r);
        c.go(Motion::Word(1), text, &mut r);
        c.anchor = Some(c.at);
        c.go(Motion::LineEnd, text, &mut r);
        assert_eq!(c.selection(), Some(Span { start: 10, end: 15 }));
        c.go(Motion::Start, text, &mut r);
        assert_eq!(c.selection(), Some(Span { start: 0, end: 11 }), "backwards, the anchor's char stays in");
        assert_eq!(word_at(text, &r, 12), Some(Span { start: 10, end: 15 }));
        assert_eq!(word_at(text, &r, 6), None);
    }

    #[test]
    fn a_mention_grows_and_shrinks_by_words() {
        let text = "Huawei Technologies Co., Ltd. i dag";
        let (_, r) = reader(text, 80);
        assert_eq!(word_end_after(text, &r, 6), 19);
        assert_eq!(word_end_after(text, &r, 19), 22, "Co");
        assert_eq!(word_end_after(text, &r, 22), 23, "a sign alone");
        assert_eq!(end_before_last_word(text, &r, Span { start: 0, end: 19 }), Some(6));
        assert_eq!(end_before_last_word(text, &r, Span { start: 0, end: 6 }), None);
        assert_eq!(end_before_last_word(text, &r, Span { start: 0, end: 23 }), Some(22));
    }

    #[test]
    fn the_caret_stays_in_view_and_comes_back_into_it() {
        let text = (0..40).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n");
        let (_, mut r) = reader(&text, 80);
        let mut c = Caret::default();
        c.go(Motion::Line(10), &text, &mut r);
        let line = r.line_of(c.at);
        assert!(r.scroll <= line && line < r.scroll + r.height, "{} {line}", r.scroll);
        r.scroll_by(20);
        c.clamp_to_view(&r);
        assert_eq!(r.line_of(c.at), r.scroll, "scrolled past, the caret is on the top line");
    }
}
