//! Moving through the text: the current spot (a mention, an event's passage, a note), and
//! `n`/`N` and `]`/`[`, which step through them, on into other articles for an entity.

use super::caret::Motion;
use super::{App, TextCursor};
use crate::action::{Action, Pane};
use crate::model::{Article, ArticleIx, EntityIx, Span};

impl App {
    /// The span of the current text cursor.
    pub fn cursor_span(&self) -> Option<Span> {
        let a = self.current_article()?;
        match self.selection.cursor? {
            TextCursor::Mention(i) => a.mentions.get(i).map(|m| m.span),
            TextCursor::Note(i) => a.notes.get(i).map(|n| n.span),
            TextCursor::Hit(i) => self.find.as_ref().and_then(|f| f.hits.get(i)).copied(),
            TextCursor::Anchor(i) => {
                let event = self.selection.event.filter(|e| e.article == Some(self.article.0))?;
                self.data.corpus.event(event).anchors.get(i).copied()
            }
        }
    }

    /// The mention Enter in the text pane selects: the one at the current spot, else the one
    /// the spot (a find hit, a passage, a note) falls in or comes before, else the first in view.
    pub(super) fn mention_here(&self) -> Option<usize> {
        let a = self.current_article()?;
        if let Some(TextCursor::Mention(i)) = self.selection.cursor {
            return Some(i);
        }
        let view = self.reader.visible_chars();
        let from = self.cursor_span().map_or(view.start, |s| s.start);
        // Mentions are sorted by start: the innermost one holding `from`, else the next one.
        let holding = a
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.contains(from))
            .min_by_key(|(_, m)| m.span.end - m.span.start);
        let next = || {
            let i = a.mentions.partition_point(|m| m.span.start < from);
            (i < a.mentions.len() && a.mentions[i].span.start < view.end).then_some(i)
        };
        holding.map(|(i, _)| i).or_else(next)
    }

    /// Scrolls the spot into view, and puts the caret on it.
    pub(super) fn reveal_cursor(&mut self) {
        if let Some(s) = self.cursor_span() {
            self.reader.reveal(s.start);
            self.caret.place(s.start);
        }
    }

    /// The motion a key means in the text pane, if it moves the caret.
    pub(super) fn caret_motion(&self, action: Action) -> Option<Motion> {
        let page = self.reader.height.max(1) as isize;
        Some(match action {
            Action::CaretLeft => Motion::Char(-1),
            Action::CaretRight => Motion::Char(1),
            Action::WordNext => Motion::Word(1),
            Action::WordPrev => Motion::Word(-1),
            Action::WordEnd => Motion::WordEnd,
            Action::LineStart => Motion::LineStart,
            Action::LineEnd => Motion::LineEnd,
            Action::NextAnyMention | Action::PrevAnyMention => {
                let a = self.current_article()?;
                let at = self.caret.at;
                let m = if action == Action::NextAnyMention {
                    // Mentions are sorted by start.
                    a.mentions.get(a.mentions.partition_point(|m| m.span.start <= at))
                } else {
                    a.mentions[..a.mentions.partition_point(|m| m.span.start < at)].last()
                };
                Motion::To(m?.span.start)
            }
            _ if self.focus != Pane::Text => return None,
            Action::First => Motion::Start,
            Action::Last => Motion::End,
            Action::Down => Motion::Line(1),
            Action::Up => Motion::Line(-1),
            Action::PageDown => Motion::Line(page),
            Action::PageUp => Motion::Line(-page),
            Action::HalfPageDown => Motion::Line((page / 2).max(1)),
            Action::HalfPageUp => Motion::Line(-(page / 2).max(1)),
            _ => return None,
        })
    }

    /// Moves the caret (the text pane's keys): the view follows, a selection stretches, and
    /// the spot becomes the mention the caret is on, if it is on one.
    pub(super) fn move_caret(&mut self, motion: Motion) {
        let Some(article) = self.data.corpus.articles.get(self.article.0) else { return };
        // Pages scroll the view with the caret, as in a pager.
        if let Motion::Line(n) = motion
            && n.unsigned_abs() > 1
        {
            self.reader.scroll_by(n);
        }
        self.caret.go(motion, &article.text, &mut self.reader);
        self.spot_at_caret();
        if self.focus != Pane::Text {
            let from = self.focus;
            self.focus = Pane::Text;
            self.show_text_if_tabbed(from);
            self.relayout(false);
        }
    }

    /// The spot follows the caret: kept while the caret is in it, else the innermost mention
    /// the caret is on, else none.
    pub(super) fn spot_at_caret(&mut self) {
        let at = self.caret.at;
        if self.cursor_span().is_some_and(|s| s.contains(at)) {
            return;
        }
        let Some(a) = self.current_article() else { return };
        let upto = a.mentions.partition_point(|m| m.span.start <= at);
        let inner = a.mentions[..upto]
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.contains(at))
            .min_by_key(|(_, m)| m.span.end - m.span.start)
            .map(|(i, _)| i);
        self.selection.cursor = inner.map(TextCursor::Mention);
    }

    /// Scrolls the text by `delta` lines without moving the caret, unless it would leave the
    /// view: then it stays on the nearest line shown.
    pub(super) fn scroll_text(&mut self, delta: isize) {
        self.reader.scroll_by(delta);
        self.caret.clamp_to_view(&self.reader);
        self.spot_at_caret();
    }

    /// `n`/`N`: the next mention of the selected entity, continuing into the next (or previous)
    /// article that mentions it; or, with only an event selected, its next passage. Wraps around.
    pub(super) fn step_text(&mut self, dir: isize) {
        if self.current_article().is_none() {
            return;
        }
        // While a find is open, n and N go through what it found (as in vim and less).
        if self.find.as_ref().is_some_and(|f| !f.hits.is_empty()) {
            return self.step_hit(dir);
        }
        if let Some(e) = self.selection.entity {
            return self.step_mention(e, dir);
        }
        let Some(event) = self.selection.event.filter(|e| e.article == Some(self.article.0)) else {
            let (search, enter) = (self.key(Action::StartSearch), self.key(Action::Select));
            self.message = Some(format!("select an entity first: {search} to search, or {enter} in the entity list"));
            return;
        };
        let n = self.data.corpus.event(event).anchors.len();
        if n == 0 {
            self.message = Some("the article does not speak of this event directly".into());
            return;
        }
        let next = match self.selection.cursor {
            Some(TextCursor::Anchor(i)) => (i as isize + dir).rem_euclid(n as isize) as usize,
            _ if dir > 0 => 0,
            _ => n - 1,
        };
        self.selection.cursor = Some(TextCursor::Anchor(next));
        self.reveal_cursor();
    }

    pub(super) fn step_mention(&mut self, entity: EntityIx, dir: isize) {
        let mentions_in = |a: &Article| -> Vec<usize> {
            a.mentions.iter().enumerate().filter(|(_, m)| m.entity_ix() == entity).map(|(i, _)| i).collect()
        };
        let Some(open) = self.data.corpus.articles.get(self.article.0) else { return };
        let here = mentions_in(open);
        let current = match self.selection.cursor {
            Some(TextCursor::Mention(i)) => here.iter().position(|&t| t == i),
            _ => None,
        };
        let within = match current {
            Some(c) => c.checked_add_signed(dir).filter(|&k| k < here.len()),
            None if !here.is_empty() => Some(if dir > 0 { 0 } else { here.len() - 1 }),
            None => None,
        };
        if let Some(k) = within {
            self.selection.cursor = Some(TextCursor::Mention(here[k]));
            return self.reveal_cursor();
        }
        // Past the last (or first) mention here: on to the next article that mentions it.
        let n = self.data.corpus.articles.len();
        let next_article = (1..=n)
            .map(|step| (self.article.0 as isize + dir * step as isize).rem_euclid(n as isize) as usize)
            .find(|&a| self.shown(a) && !mentions_in(&self.data.corpus.articles[a]).is_empty());
        let Some(a) = next_article else {
            self.message = Some("not mentioned in any loaded article".into());
            return;
        };
        let wrapped = if dir > 0 { a <= self.article.0 } else { a >= self.article.0 };
        if a != self.article.0 {
            self.open_article(ArticleIx(a));
        }
        let there = mentions_in(&self.data.corpus.articles[a]);
        let k = if dir > 0 { 0 } else { there.len() - 1 };
        self.selection.cursor = Some(TextCursor::Mention(there[k]));
        self.reveal_cursor();
        let with = (0..n).filter(|&a| self.shown(a) && !mentions_in(&self.data.corpus.articles[a]).is_empty()).count();
        self.message = Some(match (with, wrapped) {
            (1, _) => if dir > 0 { "wrapped to the first" } else { "wrapped to the last" }.into(),
            (_, true) => {
                format!("wrapped around: {} is mentioned in {with} articles", self.data.corpus.entities[entity].name)
            }
            (_, false) => format!("on to the next article that mentions {}", self.data.corpus.entities[entity].name),
        });
    }

    pub(super) fn step_note(&mut self, dir: isize) {
        let Some(article) = self.current_article() else { return };
        let n = article.notes.len() as isize;
        if n == 0 {
            self.message = Some("this article has no notes".into());
            return;
        }
        let next = match self.selection.cursor {
            Some(TextCursor::Note(i)) => (i as isize + dir).rem_euclid(n),
            _ => {
                // From the current spot (or the top of the pane), the nearest note that way.
                let here = self.cursor_span().map_or(self.reader.top_char(), |s| s.start);
                let mut order: Vec<usize> = (0..n as usize).collect();
                order.sort_by_key(|&i| article.notes[i].span.start);
                let found = if dir > 0 {
                    order.iter().find(|&&i| article.notes[i].span.start >= here)
                } else {
                    order.iter().rev().find(|&&i| article.notes[i].span.start < here)
                };
                *found.unwrap_or(if dir > 0 { &order[0] } else { &order[order.len() - 1] }) as isize
            }
        };
        self.selection.cursor = Some(TextCursor::Note(next as usize));
        // The note is read in the text pane's detail, from whichever pane asked.
        if self.focus != Pane::Text {
            let from = self.focus;
            self.focus = Pane::Text;
            self.show_text_if_tabbed(from);
        }
        self.reveal_cursor();
    }
}
