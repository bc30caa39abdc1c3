//! CoNLL-2003 style columns: one token per line with its IOB tag in the last column, a blank
//! line between sentences, `-DOCSTART-` between documents. Both IOB1 (`I-` starts an entity
//! unless it continues one of the same type) and IOB2 (`B-` starts every entity) read the
//! same way. The text is rebuilt from the tokens: one space between tokens, one line per
//! sentence.

use crate::import::{ArticleBuilder, EntityKey, Imported, Report};
use crate::model::Span;

/// A mention being collected: its type and first char.
struct Open {
    kind: String,
    start: usize,
}

/// One document under construction.
#[derive(Default)]
struct DocText {
    text: String,
    chars: usize,
    mentions: Vec<(String, Span)>,
}

/// Reads every document of `src`. A file without `-DOCSTART-` lines is one article, unless
/// `sentences_per_article` says to make one of every so many sentences.
pub fn read(src: &str, stem: &str, sentences_per_article: Option<usize>, report: &mut Report) -> Imported {
    let mut docs: Vec<DocText> = vec![DocText::default()];
    let mut open: Option<Open> = None;
    let mut sentence_start = true;
    let (mut docstarts, mut sentences, mut in_doc) = (0, 0, 0);
    let close = |open: &mut Option<Open>, doc: &mut DocText| {
        if let Some(o) = open.take() {
            doc.mentions.push((o.kind, Span { start: o.start, end: doc.chars }));
        }
    };
    for (i, raw) in src.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let doc = docs.last_mut().expect("there is always a document");
        if line.starts_with("-DOCSTART-") {
            docstarts += 1;
            close(&mut open, doc);
            if !doc.text.is_empty() {
                docs.push(DocText::default());
            }
            sentence_start = true;
            continue;
        }
        if line.trim().is_empty() {
            close(&mut open, doc);
            if !sentence_start {
                sentences += 1;
                in_doc += 1;
                if docstarts == 0 && sentences_per_article.is_some_and(|n| in_doc >= n) {
                    docs.push(DocText::default());
                    in_doc = 0;
                } else {
                    doc.text.push('\n');
                    doc.chars += 1;
                }
            }
            sentence_start = true;
            continue;
        }
        // Columns are apart by ASCII whitespace (a lone carriage return too: no token is one).
        let cols: Vec<&str> = line.split(|c: char| c.is_ascii_whitespace()).filter(|c| !c.is_empty()).collect();
        let (token, tag) = match cols.as_slice() {
            [token, .., tag] => (*token, *tag),
            _ => {
                report.error(n, 1, format!("expected a token and a tag separated by whitespace, found {line:?}"));
                continue;
            }
        };
        let (prefix, kind) = match tag.split_once('-') {
            Some((p @ ("B" | "I"), k)) if !k.is_empty() => (p, Some(k)),
            _ if tag == "O" => ("O", None),
            _ => {
                let col = line.rfind(tag).map_or(1, |b| line[..b].chars().count() + 1);
                report.error(n, col, format!("tag {tag:?} is not IOB: expected O, B-TYPE or I-TYPE"));
                continue;
            }
        };
        if !sentence_start {
            doc.text.push(' ');
            doc.chars += 1;
        }
        sentence_start = false;
        let continues = prefix == "I" && open.as_ref().is_some_and(|o| Some(o.kind.as_str()) == kind);
        if !continues {
            // The space before this token is not part of the mention that ends here.
            if let Some(o) = open.take() {
                doc.mentions.push((o.kind, Span { start: o.start, end: doc.chars - 1 }));
            }
            if let Some(k) = kind {
                open = Some(Open { kind: k.to_string(), start: doc.chars });
            }
        }
        doc.text.push_str(token);
        doc.chars += token.chars().count();
    }
    if let Some(doc) = docs.last_mut() {
        close(&mut open, doc);
        if !sentence_start {
            sentences += 1;
        }
    }
    if docstarts == 0 && sentences_per_article.is_none() && sentences > 1 {
        report.push(
            crate::diagnostic::Severity::Warning,
            None,
            format!(
                "no -DOCSTART- lines: the file is read as one article of {sentences} sentences \
                 (--conll-sentences N makes an article of every N sentences)"
            ),
        );
    }
    let many = docs.iter().filter(|d| !d.text.is_empty()).count() > 1;
    let mut imported = Imported::default();
    if report.errors() > 0 {
        return imported;
    }
    for (k, doc) in docs.into_iter().filter(|d| !d.text.is_empty()).enumerate() {
        let id = if many { format!("{stem}-{}", k + 1) } else { stem.to_string() };
        let text = doc.text.trim_end_matches('\n').to_string();
        // CoNLL has no titles: the file's name and the document's number are one.
        let title = if many { format!("{stem} #{}", k + 1) } else { stem.to_string() };
        let mut b = ArticleBuilder::new(id.clone(), title, text);
        for (kind, span) in doc.mentions {
            let surface = b.slice(span).to_string();
            let e = b.entity(EntityKey::by_text(&id, &kind, &surface), &surface, &kind);
            b.mention(e, &[span], Vec::new());
        }
        imported.articles.push(b.finish());
    }
    imported
}
