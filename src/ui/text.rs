//! The text pane: the article with mentions coloured by type, the selected entity's mentions
//! and the selected event's passages marked, and notes flagged in the gutter.

use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{pane_block, theme::Theme};
use crate::action::Pane;
use crate::app::TextCursor;
use crate::app::reader::Reader;
use crate::app::reader::{LineKind, VisualLine};
use crate::app::view::PaneContext;
use crate::display::{cell_char, sanitize};
use crate::layout::{GUTTER, text_columns};
use crate::model::{Article, Span as CharSpan};

/// Draws the text pane into `area`.
pub fn draw(reader: &Reader, cx: &PaneContext, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(article) = cx.current_article() else {
        let block = pane_block(cx, theme, Pane::Text, String::new());
        Line::from("no article loaded").render(block.inner(area), buf);
        block.render(area, buf);
        return;
    };
    let edited = if cx.unsaved_here { " · ✎ unsaved".to_string() } else { String::new() };
    let block = pane_block(cx, theme, Pane::Text, edited).title_bottom(legend(article, cx, theme));
    let inner = block.inner(area);
    block.render(area, buf);
    let r = &reader;
    let first = r.scroll.min(r.lines.len());
    let last = (first + inner.height as usize).min(r.lines.len());
    let visible = &r.lines[first..last];
    let anchors = selected_anchors(cx);
    let painter = Painter::new(cx, article, theme, visible, &anchors);
    let cursor = cx.cursor_span;
    for (row, l) in visible.iter().enumerate() {
        let y = inner.y + row as u16;
        let (gutter, content) = match l.kind {
            LineKind::Title => {
                (Vec::new(), vec![Span::styled(sanitize(&article.title[l.byte_start..l.byte_end]), theme.title())])
            }
            LineKind::Meta => {
                (Vec::new(), vec![Span::styled(sanitize(&r.meta[l.byte_start..l.byte_end]), theme.dim())])
            }
            LineKind::Text => {
                let mut spans = painter.spans(article, l);
                // A caret past the line's last char (on its line break, or a space the wrap
                // took) shows after it.
                if cx.caret.is_some_and(|at| at >= l.end && r.line_of(at) == first + row) {
                    spans.push(Span::styled(" ", theme.caret()));
                }
                (gutter(article, l, cursor, &anchors, cx.edited_spans, theme), spans)
            }
        };
        let gutter_area = Rect { x: inner.x, y, width: GUTTER.min(inner.width), height: 1 };
        Line::from(gutter).render(gutter_area, buf);
        let text_area = Rect { y, height: 1, ..text_columns(inner) };
        Line::from(content).render(text_area, buf);
    }
}

fn overlaps(s: CharSpan, l: &VisualLine) -> bool {
    s.start < l.end.max(l.start + 1) && s.end > l.start
}

/// Markers left of a line: `†` where a note begins or runs, then `▶` on the current spot or
/// `┃` beside the selected event's passages, then `✎` where an edit is unsaved.
fn gutter<'a>(
    a: &Article,
    l: &VisualLine,
    cursor: Option<CharSpan>,
    anchors: &[CharSpan],
    edited: &[CharSpan],
    theme: &Theme,
) -> Vec<Span<'a>> {
    let note = if a.notes.iter().any(|n| overlaps(n.span, l)) { "†" } else { " " };
    let spot = if cursor.is_some_and(|c| overlaps(c, l)) {
        "▶"
    } else if anchors.iter().any(|s| overlaps(*s, l)) {
        "┃"
    } else {
        " "
    };
    // Edited passages are few and sorted: those starting before the line's end.
    let upto = edited.partition_point(|s| s.start < l.end.max(l.start + 1));
    let edit = if edited[..upto].iter().any(|s| overlaps(*s, l)) { "✎" } else { " " };
    vec![
        Span::styled(note, theme.marker()),
        Span::styled(spot, theme.marker()),
        Span::styled(edit, theme.edited()),
        Span::raw(" "),
    ]
}

/// The anchors of the selected event, when it belongs to the article shown.
fn selected_anchors(cx: &PaneContext) -> Vec<CharSpan> {
    match cx.selection.event {
        Some(e) if e.article == Some(cx.article.0) => cx.corpus.event(e).anchors.clone(),
        _ => Vec::new(),
    }
}

/// Styles for every char on screen, painted in layers: notes, event passages, mentions (outer
/// before inner, selected entity last), the current spot on top.
struct Painter {
    start: usize,
    styles: Vec<Style>,
}

impl Painter {
    fn new(cx: &PaneContext, a: &Article, theme: &Theme, visible: &[VisualLine], anchors: &[CharSpan]) -> Painter {
        let texts = visible.iter().filter(|l| l.kind == LineKind::Text);
        let start = texts.clone().map(|l| l.start).min().unwrap_or(0);
        let end = texts.map(|l| l.end).max().unwrap_or(0).max(start);
        let mut p = Painter { start, styles: vec![Style::default(); end - start] };
        for n in &a.notes {
            p.paint(n.span, theme.noted());
        }
        for s in anchors {
            p.paint(*s, theme.anchor());
        }
        for s in cx.suggested {
            p.paint(s.span, theme.suggested());
        }
        // Mentions are sorted by start: only those starting before the end can be on screen.
        let upto = a.mentions.partition_point(|m| m.span.start < end);
        let mut on_screen: Vec<_> = a.mentions[..upto].iter().filter(|m| m.span.end > start).collect();
        let selected = cx.selection.entity;
        on_screen.sort_by_key(|m| (Some(m.entity_ix()) == selected, std::cmp::Reverse(m.span.end - m.span.start)));
        for m in on_screen {
            let kind = &cx.corpus.entities[m.entity].kind;
            let color = theme.type_color(kind, &cx.corpus.type_colors);
            let style =
                if Some(m.entity_ix()) == selected { theme.mention_selected(color) } else { theme.mention(color) };
            for piece in m.pieces() {
                p.paint(*piece, style);
            }
        }
        // Places the find matched, visible ones only (they are in text order).
        if let Some(f) = cx.find {
            let from = f.hits.partition_point(|h| h.end <= start);
            for h in f.hits[from..].iter().take_while(|h| h.start < end) {
                p.paint(*h, theme.matched());
            }
        }
        if let Some(sel) = cx.selected_text {
            p.paint(sel, theme.selected_text());
        }
        match cx.selection.cursor {
            Some(TextCursor::Mention(i)) => {
                for piece in a.mentions[i].pieces() {
                    p.paint(*piece, theme.current());
                }
            }
            Some(_) => {
                if let Some(c) = cx.cursor_span {
                    p.paint(c, theme.current().remove_modifier(ratatui::style::Modifier::UNDERLINED));
                }
            }
            None => {}
        }
        if let Some(at) = cx.caret {
            p.paint(CharSpan { start: at, end: at + 1 }, theme.caret());
        }
        p
    }

    fn paint(&mut self, s: CharSpan, style: Style) {
        let from = s.start.max(self.start) - self.start;
        let to = s.end.saturating_sub(self.start).min(self.styles.len());
        for st in self.styles.get_mut(from..to.max(from)).into_iter().flatten() {
            *st = st.patch(style);
        }
    }

    /// The line's text as spans of equal style; control chars shown as placeholders.
    fn spans<'a>(&self, a: &Article, l: &VisualLine) -> Vec<Span<'a>> {
        let mut spans = Vec::new();
        let mut run = String::new();
        let mut run_style = None;
        for (i, c) in a.text[l.byte_start..l.byte_end].chars().enumerate() {
            let style = self.styles.get(l.start + i - self.start).copied().unwrap_or_default();
            let Some(c) = cell_char(c) else { continue };
            if run_style != Some(style) {
                if let Some(s) = run_style {
                    spans.push(Span::styled(std::mem::take(&mut run), s));
                }
                run_style = Some(style);
            }
            run.push(c);
        }
        if let Some(s) = run_style {
            spans.push(Span::styled(run, s));
        }
        spans
    }
}

/// The bottom border: each entity type in the article in its style.
fn legend<'a>(a: &Article, cx: &PaneContext, theme: &Theme) -> Line<'a> {
    let kinds: BTreeSet<&str> = a.mentions.iter().map(|m| cx.corpus.entities[m.entity].kind.as_str()).collect();
    let mut spans = vec![Span::raw(" ")];
    for k in kinds {
        let shown = cx.corpus.type_labels.get(k).map_or(k, String::as_str);
        spans.push(Span::styled(sanitize(shown), theme.mention(theme.type_color(k, &cx.corpus.type_colors))));
        spans.push(Span::raw(" "));
    }
    if !a.notes.is_empty() {
        spans.push(Span::styled("† note ", theme.marker()));
    }
    if !cx.suggested.is_empty() {
        spans.push(Span::styled("suggested", theme.suggested()));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}
