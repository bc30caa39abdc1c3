//! Reads the CoNLL family: column files (CoNLL-2003, WikiNEuRal, GermEval-2014 with nested
//! tags, BIOES/BILOU/BMES files, CoNLL-U with NER in MISC), spaCy's `word|POS|TAG` lines and
//! CoNLL-2012 (in [`super::ontonotes`]). Every member feeds tokens, tags and markers to one
//! [`Docs`], which rebuilds the text (a space between tokens unless CoNLL-U says
//! `SpaceAfter=No` or gives the sentence's `# text`; none between CJK characters; a line per
//! sentence) and decodes the tags. Problems of one kind are said once per file, at their first
//! line, with how many more there are.

use super::layout::{self, Dialect, Layout, Tags, doc_marker, pipe_token};
use crate::formats::iob::{Decoder, Tag};
use crate::import::{ArticleBuilder, EntityKey, Imported, Report};
use crate::model::Span;

/// Said after a refusal: the reader decided the layout from the content, and may be wrong.
const HINT: &str = "if the file is of another format, name it with --from";

/// Reads every document of `src`. A file without document markers is one article, unless
/// `sentences_per_article` says to make one of every so many sentences.
pub fn read(src: &str, stem: &str, sentences_per_article: Option<usize>, report: &mut Report) -> Imported {
    let dialect = match layout::detect(src) {
        Ok(d) => d,
        Err(why) => {
            report.error(1, 1, format!("read as CoNLL columns: {why}; {HINT}"));
            return Imported::default();
        }
    };
    let mut docs = Docs::new(sentences_per_article);
    let mut problems = Problems::default();
    let read_as = match &dialect {
        Dialect::Columns(layout) => {
            columns(src, layout, &mut docs, &mut problems);
            layout.describe()
        }
        Dialect::Pipes => {
            pipes(src, &mut docs, &mut problems);
            "spaCy's word|POS|TAG lines".to_string()
        }
        Dialect::Ontonotes => {
            super::ontonotes::read(src, &mut docs, &mut problems);
            "CoNLL-2012 (OntoNotes)".to_string()
        }
    };
    problems.report(&read_as, report);
    if report.errors() > 0 {
        return Imported::default();
    }
    if let Dialect::Columns(l) = &dialect
        && l.conllu()
        && l.tags == Tags::Misc(9)
        && docs.tagged == 0
    {
        report.push(
            crate::diagnostic::Severity::Warning,
            None,
            "CoNLL-U without named entities: no NE=, name= or NER= in MISC; the text is read without mentions".into(),
        );
    }
    docs.finish(stem, report)
}

/// Column files, line by line.
fn columns<'a>(src: &'a str, layout: &Layout, docs: &mut Docs<'a>, problems: &mut Problems) {
    // The last word of the CoNLL-U multiword token being read (`1-2 del`: words 1 and 2).
    let mut range_end: Option<u64> = None;
    for (i, raw) in src.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            docs.end_sentence();
            continue;
        }
        if let Some(id) = doc_marker(line) {
            docs.marker(id);
            continue;
        }
        let cells = layout.cells(line);
        // `# O` is the token `#` where nothing counts tokens; otherwise `#` starts a comment.
        if line.starts_with('#') && (layout.index || cells.len() < layout.columns || tags(layout, &cells).is_err()) {
            comment(line, docs);
            continue;
        }
        if cells.len() < needed(layout) {
            problems.add("columns", n, 1, || {
                format!("expected {} columns, found {}: {line:?}", layout.columns, cells.len())
            });
            continue;
        }
        let (outer, inner, space_after) = match tags(layout, &cells) {
            Ok(t) => t,
            Err(cell) => {
                problems.add("tag", n, column_of(line, cell), || {
                    format!(
                        "tag {cell:?} is not IOB: expected O, B-TYPE, I-TYPE (or BIOES/BILOU/BMES's E-, S-, L-, U-, M-)"
                    )
                });
                continue;
            }
        };
        if layout.index {
            let index = cells[0];
            if index.contains('.') {
                continue; // an empty node: no word of the text
            }
            if let Some((_, last)) = index.split_once('-') {
                range_end = last.parse().ok();
                docs.token(cells[layout.token], space_after, None, None);
                continue;
            }
            if let (Some(end), Ok(k)) = (range_end, index.parse::<u64>())
                && k <= end
            {
                // A word of a multiword token: its tags are the token's.
                docs.tag_last(outer, inner);
                if k == end {
                    range_end = None;
                }
                continue;
            }
            range_end = None;
        }
        docs.token(cells[layout.token], space_after, outer, inner);
    }
}

/// Columns a token line needs for its token and tags.
fn needed(layout: &Layout) -> usize {
    match layout.tags {
        Tags::Columns { outer, inner } => inner.unwrap_or(outer).max(outer) + 1,
        Tags::Misc(c) => c + 1,
        Tags::Last => 2,
    }
}

/// A token line's outer and nested tags and whether a space follows it, or the cell that is
/// not a tag.
type Tagged<'a> = (Option<Tag<'a>>, Option<Tag<'a>>, bool);

fn tags<'a>(layout: &Layout, cells: &[&'a str]) -> Result<Tagged<'a>, &'a str> {
    let parse = |c: usize| -> Result<Option<Tag<'a>>, &'a str> {
        let cell = *cells.get(c).unwrap_or(&"");
        Tag::parse(cell).map(Some).ok_or(cell)
    };
    match layout.tags {
        Tags::Columns { outer, inner } => {
            let inner = match inner {
                Some(c) => parse(c)?,
                None => None,
            };
            Ok((parse(outer)?, inner, true))
        }
        Tags::Last => Ok((parse(cells.len().saturating_sub(1))?, None, true)),
        Tags::Misc(c) => {
            let (mut tag, mut space_after) = (None, true);
            for item in cells.get(c).copied().unwrap_or("_").split('|') {
                match item.split_once('=') {
                    Some(("NE" | "name" | "NER" | "ner", value)) => tag = Some(Tag::parse(value).ok_or(value)?),
                    Some(("SpaceAfter", "No")) => space_after = false,
                    _ => {}
                }
            }
            Ok((Some(tag.unwrap_or(Tag::Outside)), None, space_after))
        }
    }
}

/// A comment line: `# key = value` is metadata (`# text` gives the sentence's text), anything
/// else (GermEval's source lines) becomes a note on the sentence that follows.
fn comment<'a>(line: &'a str, docs: &mut Docs<'a>) {
    let body = line.trim_start_matches('#').trim();
    if let Some((key, value)) = body.split_once('=')
        && !key.trim().is_empty()
        && key.trim().chars().all(|c| c.is_alphanumeric() || "_.-".contains(c))
    {
        if key.trim() == "text" {
            docs.sentence_text(value.trim());
        }
        return;
    }
    if !body.is_empty() {
        docs.comment(body);
    }
}

/// spaCy's `word|POS|TAG` lines: a sentence per line.
fn pipes<'a>(src: &'a str, docs: &mut Docs<'a>, problems: &mut Problems) {
    for (i, raw) in src.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(id) = doc_marker(line) {
            docs.marker(id);
            continue;
        }
        for token in line.split_ascii_whitespace() {
            match pipe_token(token) {
                Some((word, tag)) => docs.token(word, true, Some(tag), None),
                None => problems.add("pipes", i + 1, column_of(line, token), || {
                    format!("token {token:?} is not word|TAG or word|POS|TAG with an IOB tag")
                }),
            }
        }
        docs.end_sentence();
    }
}

/// The 1-based char column at which `cell` (a slice of `line`) starts.
fn column_of(line: &str, cell: &str) -> usize {
    let at = (cell.as_ptr() as usize).saturating_sub(line.as_ptr() as usize).min(line.len());
    line.get(..at).map_or(1, |s| s.chars().count() + 1)
}

/// Problems said once per kind and file.
#[derive(Default)]
pub struct Problems {
    /// Per kind: where it was first seen, what it was, and how many lines had it.
    kinds: Vec<(&'static str, usize, usize, String, usize)>,
}

impl Problems {
    /// Notes a problem of kind `kind` at `line`, `col`; the message is made for the first only.
    pub fn add(&mut self, kind: &'static str, line: usize, col: usize, message: impl FnOnce() -> String) {
        match self.kinds.iter_mut().find(|k| k.0 == kind) {
            Some(k) => k.4 += 1,
            None => self.kinds.push((kind, line, col, message(), 1)),
        }
    }

    /// Says each kind once, naming how the file was read.
    pub fn report(self, read_as: &str, report: &mut Report) {
        for (_, line, col, message, count) in self.kinds {
            let more = match count - 1 {
                0 => String::new(),
                1 => " (and 1 more line like it)".into(),
                m => format!(" (and {m} more lines like it)"),
            };
            report.error(line, col, format!("read as {read_as}: {message}{more}; {HINT}"));
        }
    }
}

/// One token of a sentence being read.
struct Token<'a> {
    form: &'a str,
    space_after: bool,
    outer: Vec<Tag<'a>>,
    inner: Vec<Tag<'a>>,
}

/// One document being built.
#[derive(Default)]
struct DocText<'a> {
    /// Its name, where the file gives one (`# newdoc id`, a CoNLL-2012 document).
    name: Option<String>,
    text: String,
    chars: usize,
    sentences: usize,
    mentions: Vec<(&'a str, Span)>,
    notes: Vec<(Span, &'a str)>,
}

/// Documents as the readers of the family feed them: markers, comments, tokens with tags,
/// sentence ends.
pub struct Docs<'a> {
    per_article: Option<usize>,
    markers: usize,
    done: Vec<DocText<'a>>,
    doc: DocText<'a>,
    tokens: Vec<Token<'a>>,
    sentence_text: Option<&'a str>,
    comments: Vec<&'a str>,
    /// Tokens with a tag other than `O`.
    tagged: usize,
    /// Sentences read in all.
    sentences: usize,
}

impl<'a> Docs<'a> {
    fn new(per_article: Option<usize>) -> Docs<'a> {
        Docs {
            per_article,
            markers: 0,
            done: Vec::new(),
            doc: DocText::default(),
            tokens: Vec::new(),
            sentence_text: None,
            comments: Vec::new(),
            tagged: 0,
            sentences: 0,
        }
    }

    /// A document starts here (named, if the marker says).
    pub fn marker(&mut self, name: Option<&str>) {
        self.end_sentence();
        self.markers += 1;
        self.next_doc();
        self.doc.name = name.map(String::from);
    }

    /// A remark on the sentence that follows.
    pub fn comment(&mut self, text: &'a str) {
        self.comments.push(text);
    }

    /// The text of the sentence being read, as the file gives it.
    pub fn sentence_text(&mut self, text: &'a str) {
        self.sentence_text = Some(text);
    }

    /// A token, with its outer and nested tags.
    pub fn token(&mut self, form: &'a str, space_after: bool, outer: Option<Tag<'a>>, inner: Option<Tag<'a>>) {
        self.tokens.push(Token { form, space_after, outer: Vec::new(), inner: Vec::new() });
        self.tag_last(outer, inner);
    }

    /// More tags for the last token (the words of a multiword token).
    pub fn tag_last(&mut self, outer: Option<Tag<'a>>, inner: Option<Tag<'a>>) {
        let Some(t) = self.tokens.last_mut() else { return };
        for (tag, list) in [(outer, &mut t.outer), (inner, &mut t.inner)] {
            if let Some(tag) = tag {
                self.tagged += usize::from(tag != Tag::Outside);
                list.push(tag);
            }
        }
    }

    /// The sentence ends: its text joins the document and its tags become mentions.
    pub fn end_sentence(&mut self) {
        if self.tokens.is_empty() {
            self.sentence_text = None;
            return;
        }
        if self.doc.sentences > 0 {
            if self.markers == 0 && self.per_article.is_some_and(|n| self.doc.sentences >= n) {
                self.next_doc();
            } else {
                self.doc.text.push('\n');
                self.doc.chars += 1;
            }
        }
        let spans = self.lay_out();
        let (mut outer, mut inner) = (Decoder::default(), Decoder::default());
        for (t, &span) in self.tokens.iter().zip(&spans) {
            for &tag in &t.outer {
                outer.step(tag, span, &mut self.doc.mentions);
            }
            for &tag in &t.inner {
                inner.step(tag, span, &mut self.doc.mentions);
            }
        }
        outer.close(&mut self.doc.mentions);
        inner.close(&mut self.doc.mentions);
        let whole = Span { start: spans[0].start, end: spans[spans.len() - 1].end };
        self.doc.notes.extend(self.comments.drain(..).map(|c| (whole, c)));
        self.doc.sentences += 1;
        self.sentences += 1;
        self.tokens.clear();
        self.sentence_text = None;
    }

    /// Appends the sentence's text to the document; the span of each token.
    fn lay_out(&mut self) -> Vec<Span> {
        let doc = &mut self.doc;
        if let Some(text) = self.sentence_text
            && let Some(spans) = align(text, &self.tokens, doc.chars)
        {
            doc.text.push_str(text);
            doc.chars += text.chars().count();
            return spans;
        }
        let mut spans = Vec::with_capacity(self.tokens.len());
        let mut before: Option<&Token> = None;
        for t in &self.tokens {
            if let Some(b) = before
                && b.space_after
                && !(b.form.chars().last().is_some_and(is_cjk) && t.form.chars().next().is_some_and(is_cjk))
            {
                doc.text.push(' ');
                doc.chars += 1;
            }
            let start = doc.chars;
            doc.text.push_str(t.form);
            doc.chars += t.form.chars().count();
            spans.push(Span { start, end: doc.chars });
            before = Some(t);
        }
        spans
    }

    fn next_doc(&mut self) {
        if self.doc.sentences > 0 || self.doc.name.is_some() {
            self.done.push(std::mem::take(&mut self.doc));
        }
    }

    /// The articles read.
    fn finish(mut self, stem: &str, report: &mut Report) -> Imported {
        self.end_sentence();
        self.next_doc();
        if self.markers == 0 && self.per_article.is_none() && self.sentences > 1 {
            report.push(
                crate::diagnostic::Severity::Warning,
                None,
                format!(
                    "no -DOCSTART- or # newdoc lines: the file is read as one article of {} sentences \
                     (--conll-sentences N makes an article of every N sentences)",
                    self.sentences
                ),
            );
        }
        let docs: Vec<DocText> = self.done.into_iter().filter(|d| d.sentences > 0).collect();
        let many = docs.len() > 1;
        let mut imported = Imported::default();
        for (k, doc) in docs.into_iter().enumerate() {
            let id = if many { format!("{stem}-{}", k + 1) } else { stem.to_string() };
            // CoNLL has no titles: the document's own name, or the file's and its number.
            let title = match doc.name {
                Some(name) => name,
                None if many => format!("{stem} #{}", k + 1),
                None => stem.to_string(),
            };
            let mut b = ArticleBuilder::new(id.clone(), title, doc.text);
            for (kind, span) in doc.mentions {
                let surface = b.slice(span).to_string();
                let e = b.entity(EntityKey::by_text(&id, kind, &surface), &surface, kind);
                b.mention(e, &[span], Vec::new());
            }
            for (span, note) in doc.notes {
                b.note(span, note.to_string());
            }
            imported.articles.push(b.finish());
        }
        imported
    }
}

/// The spans of `tokens` in a sentence's own `text` (starting at char `base`), if each token
/// is found in turn with only whitespace between.
fn align(text: &str, tokens: &[Token], base: usize) -> Option<Vec<Span>> {
    let mut rest = text;
    let mut at = base;
    let mut spans = Vec::with_capacity(tokens.len());
    for t in tokens {
        let trimmed = rest.trim_start();
        at += rest[..rest.len() - trimmed.len()].chars().count();
        rest = trimmed.strip_prefix(t.form)?;
        let len = t.form.chars().count();
        spans.push(Span { start: at, end: at + len });
        at += len;
    }
    rest.trim().is_empty().then_some(spans)
}

/// Characters written without spaces between them (Chinese, Japanese): a file of one such
/// character per line is rebuilt without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
            | 0x20000..=0x2FA1F)
}
