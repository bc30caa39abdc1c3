//! The text pane's state: the article laid out in lines for the pane's width, and the scroll.

use unicode_segmentation::UnicodeSegmentation;

use crate::display::cell_width;
use crate::model::Article;

/// What a visual line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Part of the article's title.
    Title,
    /// Part of the date · source · language line.
    Meta,
    /// Part of the article text (or an empty line between paragraphs).
    Text,
}

/// One line on screen: a range of its source string, in chars and in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisualLine {
    /// Which string the range is in.
    pub kind: LineKind,
    /// First char (index into the source's chars).
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Byte offset of `start`, so drawing never walks the text from its beginning.
    pub byte_start: usize,
    /// Byte offset of `end`.
    pub byte_end: usize,
}

/// Texts longer than this (in bytes) are re-wrapped on a background thread after a resize, so
/// that input never waits for a long article (20 MB take about a second).
pub const BACKGROUND_WRAP: usize = 1 << 20;

/// A layout being made on a background thread for a new width.
#[derive(Debug)]
pub struct Rewrap {
    /// The width it is for.
    pub width: usize,
    /// The text char to keep in view when it is in: the current spot, else the top line's.
    pub keep: (Option<usize>, usize),
    rx: std::sync::mpsc::Receiver<(Vec<VisualLine>, usize)>,
}

/// The article laid out for a width, plus where the pane is scrolled to.
#[derive(Debug, Default)]
pub struct Reader {
    /// Every visual line: title, meta, a blank, then the text.
    pub lines: Vec<VisualLine>,
    /// The header line under the title: date · source · language.
    pub meta: String,
    /// Width the lines were wrapped to, in cells.
    pub width: usize,
    /// Rows the pane shows.
    pub height: usize,
    /// Index of the first line shown.
    pub scroll: usize,
    /// Index in `lines` of the first text line.
    text_start: usize,
    /// A layout for a new width being made in the background; until it is in, the old one
    /// is shown.
    pub rewrap: Option<Rewrap>,
}

impl Reader {
    /// Lays out `article` for `width` cells, keeping the current scroll if it still fits.
    pub fn layout(&mut self, article: &Article, width: usize, height: usize) {
        self.rewrap = None;
        self.meta = meta_line(article);
        self.width = width.max(1);
        self.height = height;
        (self.lines, self.text_start) = lay_out(&article.title, &self.meta, &article.text, self.width);
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// Prepares laying out `article` for `width` off the input path: returns the work to
    /// run (none when that width is already on its way); its result is taken in by
    /// [`Reader::poll`], and the current layout stays until then. `keep` is what to keep in view.
    pub fn layout_in_background(
        &mut self,
        article: &Article,
        width: usize,
        height: usize,
        keep: (Option<usize>, usize),
    ) -> Option<Box<dyn FnOnce() + Send>> {
        self.height = height;
        self.scroll = self.scroll.min(self.max_scroll());
        let width = width.max(1);
        if self.rewrap.as_ref().is_some_and(|r| r.width == width) {
            return None;
        }
        let (title, meta, text) = (article.title.clone(), self.meta.clone(), article.text.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        self.rewrap = Some(Rewrap { width, keep, rx });
        Some(Box::new(move || {
            // The explorer may have moved on; then nobody listens.
            let _ = tx.send(lay_out(&title, &meta, &text, width));
        }))
    }

    /// Takes in a layout made in the background, if it is ready; returns what to keep in
    /// view then.
    pub fn poll(&mut self) -> Option<(Option<usize>, usize)> {
        let r = self.rewrap.as_ref()?;
        match r.rx.try_recv() {
            Ok((lines, text_start)) => {
                let r = self.rewrap.take()?;
                (self.lines, self.text_start, self.width) = (lines, text_start, r.width);
                self.scroll = self.scroll.min(self.max_scroll());
                Some(r.keep)
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.rewrap = None;
                None
            }
        }
    }

    /// The largest useful scroll: the last line at the bottom of the pane.
    pub fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.height)
    }

    /// Scrolls by `delta` lines, within bounds.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta).min(self.max_scroll());
    }

    /// The visual line holding text char `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        let text = &self.lines[self.text_start..];
        let after = text.partition_point(|l| l.start <= pos);
        // Empty paragraph-break lines share their start with the next line; prefer the one with text.
        self.text_start + after.saturating_sub(1)
    }

    /// The text char at the top of the pane (for keeping one's place across a resize).
    pub fn top_char(&self) -> usize {
        let i = self.scroll.max(self.text_start).min(self.lines.len().saturating_sub(1));
        self.lines.get(i).map_or(0, |l| l.start)
    }

    /// The text chars shown in the pane, `start..end`.
    pub fn visible_chars(&self) -> std::ops::Range<usize> {
        let end = self.lines.get(self.scroll + self.height.max(1) - 1).or(self.lines.last()).map_or(0, |l| l.end);
        self.top_char()..end.max(self.top_char())
    }

    /// Scrolls so that text char `pos` is visible; when it is not, it lands a third of the
    /// way down, so the lines before it give context.
    pub fn reveal(&mut self, pos: usize) {
        let line = self.line_of(pos);
        if line < self.scroll || line >= self.scroll + self.height.max(1) {
            self.scroll = line.saturating_sub(self.height / 3).min(self.max_scroll());
        }
    }

    /// The text char shown at `cell` (from the text's left edge) of visual line `line`; past
    /// a line's end, its last char. None off the text.
    pub fn char_at(&self, text: &str, cell: usize, line: usize) -> Option<usize> {
        let l = self.lines.get(line).filter(|l| l.kind == LineKind::Text)?;
        let mut x = 0;
        let mut pos = l.start;
        for g in text[l.byte_start..l.byte_end].graphemes(true) {
            let w: usize = g.chars().map(cell_width).sum();
            if cell < x + w.max(1) {
                return Some(pos);
            }
            x += w;
            pos += g.chars().count();
        }
        Some(pos.saturating_sub(1).max(l.start))
    }

    /// Scrolls as little as keeps text char `pos` in view (the caret moving).
    pub fn keep_in_view(&mut self, pos: usize) {
        let line = self.line_of(pos);
        let height = self.height.max(1);
        // At the text's first line, the title above it shows too.
        if line == self.text_start {
            self.scroll = 0;
        }
        if line < self.scroll {
            self.scroll = line;
        } else if line >= self.scroll + height {
            self.scroll = line + 1 - height;
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// The text's lines the pane shows.
    pub fn visible_text_lines(&self) -> &[VisualLine] {
        let from = self.scroll.max(self.text_start).min(self.lines.len());
        let to = (self.scroll + self.height.max(1)).min(self.lines.len()).max(from);
        &self.lines[from..to]
    }

    /// Index in `lines` of the first line of the text (after the title and meta).
    pub fn text_start(&self) -> usize {
        self.text_start
    }

    /// Scrolls so that text char `pos` is on the top line (or as near as the end allows).
    pub fn scroll_to_char(&mut self, pos: usize) {
        self.scroll = self.line_of(pos).min(self.max_scroll());
    }
}

/// The visual lines of a title, a meta line and a text at `width`, and the index of the first
/// text line.
fn lay_out(title: &str, meta: &str, text: &str, width: usize) -> (Vec<VisualLine>, usize) {
    let mut lines = Vec::new();
    wrap(title, width, LineKind::Title, &mut lines);
    if !meta.is_empty() {
        wrap(meta, width, LineKind::Meta, &mut lines);
    }
    lines.push(VisualLine { kind: LineKind::Meta, start: 0, end: 0, byte_start: 0, byte_end: 0 });
    let text_start = lines.len();
    wrap(text, width, LineKind::Text, &mut lines);
    (lines, text_start)
}

fn meta_line(a: &Article) -> String {
    let mut parts = Vec::new();
    if let Some(d) = a.date {
        parts.push(d.to_string());
    }
    // Without a source of its own, the file it came from says where it is from.
    if let (None, Some(file)) = (&a.source, &a.file) {
        parts.push(file.clone());
    }
    if let Some(s) = &a.source {
        if let Some(name) = &s.name {
            parts.push(name.clone());
        }
        if let Some(url) = &s.url {
            parts.push(url.clone());
        }
    }
    if let Some(l) = &a.language {
        parts.push(l.clone());
    }
    parts.join(" · ")
}

/// Word-wraps `text` to `width` cells: hard line breaks are kept (a blank line between
/// paragraphs stays blank), lines break after whitespace or a slash, and a word longer than
/// the width is broken where it must. Measured in grapheme clusters by display width, like the terminal.
pub fn wrap(text: &str, width: usize, kind: LineKind, out: &mut Vec<VisualLine>) {
    let width = width.max(1);
    let mut char_pos = 0;
    let mut byte_pos = 0;
    for hard in text.split('\n') {
        let hard_chars = hard.chars().count();
        let mut line_start = (char_pos, byte_pos);
        let mut line_width = 0;
        // The position just after the last whitespace on the current line, and the width from there.
        let mut brk: Option<(usize, usize)> = None;
        let mut width_since_brk = 0;
        let (mut c, mut b) = (char_pos, byte_pos);
        for g in hard.graphemes(true) {
            let w: usize = g.chars().map(cell_width).sum();
            let is_space = g.chars().all(char::is_whitespace);
            if line_width + w > width && (c, b) != line_start {
                if is_space {
                    // Break at this space and swallow it.
                    out.push(line(kind, line_start, (c, b)));
                    c += g.chars().count();
                    b += g.len();
                    line_start = (c, b);
                    line_width = 0;
                    brk = None;
                    width_since_brk = 0;
                    continue;
                } else if let Some(at) = brk.filter(|at| *at != line_start) {
                    out.push(line(kind, line_start, at));
                    line_start = at;
                    line_width = width_since_brk;
                } else {
                    out.push(line(kind, line_start, (c, b)));
                    line_start = (c, b);
                    line_width = 0;
                }
                brk = None;
                width_since_brk = 0;
            }
            c += g.chars().count();
            b += g.len();
            line_width += w;
            width_since_brk += w;
            // A line may break after whitespace, and after a slash (paths and URLs).
            if is_space || g == "/" {
                brk = Some((c, b));
                width_since_brk = 0;
            }
        }
        out.push(line(kind, line_start, (c, b)));
        char_pos += hard_chars + 1;
        byte_pos += hard.len() + 1;
    }
}

fn line(kind: LineKind, from: (usize, usize), to: (usize, usize)) -> VisualLine {
    VisualLine { kind, start: from.0, end: to.0, byte_start: from.1, byte_end: to.1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<String> {
        let mut out = Vec::new();
        wrap(text, width, LineKind::Text, &mut out);
        for l in &out {
            let by_chars: String = text.chars().skip(l.start).take(l.end - l.start).collect();
            assert_eq!(&text[l.byte_start..l.byte_end], by_chars, "byte and char ranges agree");
        }
        out.iter().map(|l| text[l.byte_start..l.byte_end].to_string()).collect()
    }

    #[test]
    fn wraps_words_and_keeps_paragraphs() {
        assert_eq!(
            lines("Huaweis bemærkelsesværdige fremskridt\n\nKinas jagt", 12),
            ["Huaweis ", "bemærkelsesv", "ærdige ", "fremskridt", "", "Kinas jagt"]
        );
    }

    #[test]
    fn a_space_that_overflows_is_swallowed() {
        assert_eq!(lines("abc def", 3), ["abc", "def"]);
        assert_eq!(lines("ab cd ef", 5), ["ab cd", "ef"]);
    }

    #[test]
    fn paths_and_urls_break_after_a_slash() {
        assert_eq!(lines("corpora/real/brat/news-10.ann · da", 16), ["corpora/real/", "brat/news-10.ann", "· da"]);
    }

    #[test]
    fn wide_chars_take_two_cells_and_combining_marks_none() {
        assert_eq!(lines("日本語の文章", 5), ["日本", "語の", "文章"]);
        assert_eq!(lines("e\u{301}e\u{301}e\u{301} x", 3), ["e\u{301}e\u{301}e\u{301}", "x"]);
        assert_eq!(lines("🚀🚀 ab", 4), ["🚀🚀", "ab"]);
    }

    #[test]
    fn line_of_finds_the_line_of_a_char() {
        let article = Article {
            id: "a".into(),
            title: "T".into(),
            date: None,
            language: None,
            source: None,
            text: "one two\n\nthree".into(),
            entities: vec![],
            mentions: vec![],
            events: vec![],
            notes: vec![],
            relations: vec![],
            file: None,
            read_from: None,
        };
        let mut r = Reader::default();
        r.layout(&article, 5, 2);
        // Title, blank, then "one ", "two", "", "three".
        assert_eq!(r.lines.len(), 6);
        assert_eq!(r.line_of(0), 2);
        assert_eq!(r.line_of(5), 3);
        assert_eq!(r.line_of(9), 5);
        r.reveal(9);
        assert_eq!(r.scroll, 4, "the last line is at the bottom, not past it");
    }
}
