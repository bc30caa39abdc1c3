//! spaCy's `Doc.to_json()` output and displaCy's manual format: `text` plus `ents` (and, from
//! `Doc.to_json()`, `spans` groups whose `kb_id` links an entity); Prodigy's and spaCy's
//! training JSONL, whose `spans` is a list of `{"start", "end", "label"}` (with `answer`:
//! rejected and ignored examples are skipped, with a warning), and Prodigy's `relations`
//! (`head_span`, `child_span`, `label`); `{"text", "meta"}` records (Prodigy's input), whose
//! meta gives a title, a date, a source and an address where it has them; and spaCy v2's
//! training JSON (`paragraphs` of `raw` text and `sentences` of tokens with BILUO `ner` tags).
//! Offsets are characters; a span's `text`, where given, is checked against the text. A file
//! holds one document, a list of them, or (`.jsonl`) one per line.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::locate::Seg;
use crate::formats::iob::{Decoder, Tag};
use crate::import::{ArticleBuilder, Doc, Draft, EntityKey, Imported, Report, documents, title_from_text};
use crate::model::Span;

/// Its row.
pub static FORMAT: super::Format = super::Format {
    name: "spacy",
    summary: "spaCy Doc.to_json(), displaCy's manual format, Prodigy and spaCy training spans",
    extensions: &[],
    weak_extensions: &[],
    sniff_json: Some(|item| {
        let has = |k: &str| item.get(k).is_some();
        // A record of only a text and its meta is Prodigy's input; with labels it is doccano's.
        let labelled = has("label") || has("labels") || has("entities") || has("annotations");
        (has("text") && (has("ents") || has("tokens") || has("spans") || (has("meta") && !labelled)))
            || has("paragraphs")
    }),
    sniff_text: None,
    read: |input: crate::import::Input, report| read(input.text, input.doc_id, input.json_lines(), report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: None,
};

/// Reads every document in `src`; `stem` names them unless they have an `id`.
pub fn read(src: &str, stem: &str, json_lines: bool, report: &mut Report) -> Imported {
    let mut imported = Imported::default();
    let mut skipped: Vec<(String, usize)> = Vec::new();
    for doc in documents(src, json_lines, report) {
        // Prodigy marks what the annotator refused; those are not annotations.
        if let Some(answer) = doc.value.get("answer").and_then(Value::as_str).filter(|a| *a != "accept") {
            match skipped.iter_mut().find(|(a, _)| a == answer) {
                Some((_, n)) => *n += 1,
                None => skipped.push((answer.to_string(), 1)),
            }
            continue;
        }
        if doc.value.get("paragraphs").is_some() {
            imported.articles.extend(training_v2(&doc, stem, report));
            continue;
        }
        let Some(text) = doc.value.get("text").and_then(Value::as_str) else {
            let (l, c) = doc.position(&[]);
            report.error(l, c, "missing \"text\" (a string); a spaCy document has its text and \"ents\"");
            continue;
        };
        let id = doc.value.get("id").and_then(Value::as_str).map_or_else(|| doc.default_id(stem), String::from);
        let meta = |k: &str| doc.value.get("meta").and_then(|m| m.get(k)).and_then(Value::as_str);
        let title = doc
            .value
            .get("title")
            .and_then(Value::as_str)
            .or_else(|| meta("title"))
            .map_or_else(|| title_from_text(text, &id), String::from);
        let mut b = ArticleBuilder::new(id.clone(), title, text);
        b.published(meta("source"), meta("url"));
        if let Some(date) = ["date", "published", "publishedAt", "published_at"].iter().find_map(|k| meta(k)) {
            // An ISO timestamp's day is the article's date.
            let day = date.get(..10).filter(|d| date.len() > 10 && d.as_bytes()[4] == b'-').unwrap_or(date);
            match crate::date::PartialDate::parse(day) {
                Ok(d) => b.date(d),
                Err(why) => {
                    let (l, c) = doc.position(&[Seg::Key("meta")]);
                    report.warning(l, c, format!("meta date {date:?} left out: {why}"));
                }
            }
        }
        let errors_before = report.errors();
        let mut groups: Vec<(&'static str, &Vec<Value>)> = Vec::new();
        if let Some(ents) = doc.value.get("ents").and_then(Value::as_array) {
            groups.push(("ents", ents));
        }
        match doc.value.get("spans") {
            Some(Value::Object(spans)) => {
                groups.extend(spans.values().filter_map(Value::as_array).map(|l| ("spans", l)))
            }
            // Prodigy and spaCy's training JSONL: one list.
            Some(Value::Array(list)) => groups.push(("spans", list)),
            _ => {}
        }
        // Mentions by span and label, and by span alone, for duplicates and relations.
        let mut seen: HashMap<(Span, String), usize> = HashMap::new();
        let mut at_span: HashMap<Span, usize> = HashMap::new();
        for (key, list) in groups {
            for (i, ent) in list.iter().enumerate() {
                let where_ = || doc.position(&[Seg::Key(key), Seg::Index(i)]);
                let start = ent.get("start").and_then(Value::as_u64);
                let end = ent.get("end").and_then(Value::as_u64);
                let label = ent.get("label").and_then(Value::as_str);
                let (Some(start), Some(end), Some(label)) = (start, end, label) else {
                    let (l, c) = where_();
                    report.error(l, c, "an entity needs \"start\" and \"end\" (character offsets) and a \"label\"");
                    continue;
                };
                if label.trim().is_empty() {
                    let (l, c) = where_();
                    report.error(l, c, "an entity's \"label\" is empty; give it a type such as ORG");
                    continue;
                }
                let span = match b.span(start as usize, end as usize) {
                    Ok(s) => s,
                    Err(why) => {
                        let (l, c) = where_();
                        report.error(l, c, why);
                        continue;
                    }
                };
                let surface = b.slice(span).to_string();
                if let Some(claimed) = ent.get("text").and_then(Value::as_str)
                    && claimed != surface
                {
                    let (l, c) = where_();
                    report.error(
                        l,
                        c,
                        format!(
                            "span text {claimed:?} differs from the covered text {surface:?} (chars {start}–{end})"
                        ),
                    );
                    continue;
                }
                // The same span and label in `ents` and in a spans group is one mention.
                if seen.contains_key(&(span, label.to_string())) {
                    continue;
                }
                let key = match ent.get("kb_id").and_then(Value::as_str).filter(|k| !k.is_empty()) {
                    Some(kb) => EntityKey::by_reference(kb),
                    None => EntityKey::by_text(&id, label, &surface),
                };
                let e = b.entity(key, &surface, label);
                let m = b.mention(e, &[span], Vec::new());
                seen.insert((span, label.to_string()), m);
                at_span.entry(span).or_insert(m);
            }
        }
        relations(&doc, &mut b, &mut seen, &mut at_span, report);
        if report.errors() == errors_before {
            imported.articles.push(b.finish());
        }
    }
    for (answer, n) in skipped {
        let what = if n == 1 { "example" } else { "examples" };
        report.push(
            crate::diagnostic::Severity::Warning,
            None,
            format!("{n} {what} with \"answer\": \"{answer}\" skipped: the annotator did not accept them"),
        );
    }
    imported
}

/// Prodigy's `relations`: each between the mentions at its `head_span` and `child_span` (made
/// from the span when no listed span is there), typed by its `label`.
fn relations(
    doc: &Doc,
    b: &mut ArticleBuilder,
    seen: &mut HashMap<(Span, String), usize>,
    at_span: &mut HashMap<Span, usize>,
    report: &mut Report,
) {
    let Some(list) = doc.value.get("relations").and_then(Value::as_array) else { return };
    let id = b.id().to_string();
    for (i, r) in list.iter().enumerate() {
        let mut ends = [None, None];
        for (k, key) in ["head_span", "child_span"].into_iter().enumerate() {
            let Some(s) = r.get(key) else { continue };
            let (Some(start), Some(end)) =
                (s.get("start").and_then(Value::as_u64), s.get("end").and_then(Value::as_u64))
            else {
                continue;
            };
            let Ok(span) = b.span(start as usize, end as usize) else { continue };
            let label = s.get("label").and_then(Value::as_str).filter(|l| !l.trim().is_empty());
            ends[k] = match label {
                Some(label) => match seen.get(&(span, label.to_string())) {
                    Some(&m) => Some(m),
                    None => {
                        let surface = b.slice(span).to_string();
                        let e = b.entity(EntityKey::by_text(&id, label, &surface), &surface, label);
                        let m = b.mention(e, &[span], Vec::new());
                        seen.insert((span, label.to_string()), m);
                        at_span.entry(span).or_insert(m);
                        Some(m)
                    }
                },
                None => at_span.get(&span).copied(),
            };
        }
        let kind = r.get("label").and_then(Value::as_str).filter(|l| !l.trim().is_empty()).unwrap_or("related");
        match ends {
            [Some(head), Some(child)] => {
                b.relation(kind.to_string(), head, child);
            }
            _ => {
                let (l, c) = doc.position(&[Seg::Key("relations"), Seg::Index(i)]);
                report.warning(
                    l,
                    c,
                    "relation left out: its head_span or child_span is not a span of the text with a label",
                );
            }
        }
    }
}

/// One document of spaCy v2's training JSON: its paragraphs one after another (a blank line
/// between), each `raw` text where given (tokens found in it in turn), else its tokens apart by
/// their `whitespace` or one space, a line per sentence; BILUO (or IOB) `ner` tags per sentence.
fn training_v2(doc: &Doc, stem: &str, report: &mut Report) -> Option<Draft> {
    let id = match doc.value.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => format!("{stem}-{n}"),
        _ => doc.default_id(stem),
    };
    let Some(paragraphs) = doc.value.get("paragraphs").and_then(Value::as_array) else {
        let (l, c) = doc.position(&[Seg::Key("paragraphs")]);
        report.error(l, c, "\"paragraphs\" must be a list of {\"raw\", \"sentences\"} (spaCy v2 training JSON)");
        return None;
    };
    let errors_before = report.errors();
    let mut text = String::new();
    let mut chars = 0;
    let mut mentions: Vec<(&str, Span)> = Vec::new();
    let empty = Vec::new();
    for (p, paragraph) in paragraphs.iter().enumerate() {
        if p > 0 {
            text.push_str("\n\n");
            chars += 2;
        }
        let raw = paragraph.get("raw").and_then(Value::as_str);
        let mut rest = raw.unwrap_or("");
        if let Some(raw) = raw {
            text.push_str(raw);
        }
        let sentences = paragraph.get("sentences").and_then(Value::as_array).unwrap_or(&empty);
        for (s, sentence) in sentences.iter().enumerate() {
            if raw.is_none() && s > 0 {
                text.push('\n');
                chars += 1;
            }
            let tokens = sentence.get("tokens").and_then(Value::as_array).unwrap_or(&empty);
            let spaced = tokens.iter().any(|t| t.get("whitespace").is_some());
            let mut decoder = Decoder::default();
            for (t, token) in tokens.iter().enumerate() {
                let at = || {
                    doc.position(&[
                        Seg::Key("paragraphs"),
                        Seg::Index(p),
                        Seg::Key("sentences"),
                        Seg::Index(s),
                        Seg::Key("tokens"),
                        Seg::Index(t),
                    ])
                };
                let Some(orth) = token.get("orth").and_then(Value::as_str) else {
                    let (l, c) = at();
                    report.error(l, c, "a token needs \"orth\", its text");
                    return None;
                };
                let start = if raw.is_some() {
                    let trimmed = rest.trim_start();
                    chars += rest[..rest.len() - trimmed.len()].chars().count();
                    let Some(after) = trimmed.strip_prefix(orth) else {
                        let (l, c) = at();
                        report.error(l, c, format!("token {orth:?} is not next in \"raw\" (at char {chars}); the tokens must spell the raw text"));
                        return None;
                    };
                    rest = after;
                    chars
                } else {
                    if t > 0 && !spaced {
                        text.push(' ');
                        chars += 1;
                    }
                    text.push_str(orth);
                    chars
                };
                chars += orth.chars().count();
                if raw.is_none() && spaced {
                    let ws = token.get("whitespace").and_then(Value::as_str).unwrap_or("");
                    text.push_str(ws);
                    chars += ws.chars().count();
                }
                let ner = token.get("ner").and_then(Value::as_str).unwrap_or("O");
                let Some(tag) = Tag::parse(ner) else {
                    let (l, c) = at();
                    report.error(l, c, format!("\"ner\" {ner:?} is not a BILUO or IOB tag (O, B-, I-, L-, U-)"));
                    continue;
                };
                decoder.step(tag, Span { start, end: start + orth.chars().count() }, &mut mentions);
            }
            decoder.close(&mut mentions);
        }
        if raw.is_some() {
            chars += rest.chars().count();
        }
    }
    if report.errors() > errors_before {
        return None;
    }
    let mut b = ArticleBuilder::new(id.clone(), title_from_text(&text, &id), text.clone());
    for (kind, span) in mentions {
        let surface = b.slice(span).to_string();
        let e = b.entity(EntityKey::by_text(&id, kind, &surface), &surface, kind);
        b.mention(e, &[span], Vec::new());
    }
    Some(b.finish())
}
