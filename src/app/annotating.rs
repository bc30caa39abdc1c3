//! Annotating in the text: the selection (or the word at the caret) made a mention of an
//! entity picked with the fuzzy search or made new, a mention re-linked, stretched or
//! shrunk, notes, suggestions accepted and rejected, an entity merged or split. Every change
//! is made by [`crate::edit`], checked there; this module asks for it.

use super::caret::{self, Motion};
use super::editing::{EditPrompt, Field, NewEntity, NewStep};
use super::entities::{Pick, SearchState};
use super::suggestions::Suggested;
use super::{App, Overlay};
use crate::action::{Action, Pane};
use crate::display::{count, sanitize};
use crate::edit;
use crate::model::{EntityIx, Span};

impl App {
    /// `v`: starts a selection at the caret, or ends the one being made.
    pub(super) fn toggle_select(&mut self) {
        if self.current_article().is_none() {
            return;
        }
        if self.caret.anchor.take().is_none() {
            self.caret.anchor = Some(self.caret.at);
            self.focus_text();
            self.message = Some(format!(
                "selecting: move to stretch it; {} annotates it, {} notes it, {} ends it",
                self.key(Action::Annotate),
                self.key(Action::EditNote),
                self.key(Action::Back)
            ));
        }
    }

    /// A drag of the mouse over the text: the selection runs from where the button went down.
    pub(super) fn drag(&mut self, col: u16, row: u16) {
        if self.overlay.is_some() || self.areas.pane_at(col, row) != Some(Pane::Text) {
            return;
        }
        let area = crate::layout::inner(self.areas.text);
        let (Some(line), Some(article)) = (row.checked_sub(area.y), self.current_article()) else { return };
        let cell = col.saturating_sub(crate::layout::text_columns(area).x) as usize;
        let Some(pos) = self.reader.char_at(&article.text, cell, self.reader.scroll + line as usize) else { return };
        if self.caret.anchor.is_none() {
            self.caret.anchor = Some(self.caret.at);
        }
        let text = &self.data.corpus.articles[self.article.0].text;
        self.caret.go(Motion::To(pos), text, &mut self.reader);
        self.spot_at_caret();
    }

    /// What `m`, `t` act on in the text: the selection, else the word at the caret.
    fn selected_span(&self) -> Option<Span> {
        let a = self.current_article()?;
        self.caret.selection().or_else(|| caret::word_at(&a.text, &self.reader, self.caret.at))
    }

    /// The suggestion at the caret, when suggestions are shown.
    fn suggestion_at_caret(&self) -> Option<&crate::gazetteer::Suggestion> {
        let at = self.caret.at;
        self.suggested_here().iter().find(|s| s.span.contains(at))
    }

    /// `m`: the suggestion at the caret accepted; else the selection (or the word at the
    /// caret) annotated: the entity search opens to pick its entity, or a new one.
    pub(super) fn annotate(&mut self) {
        if !self.editable() {
            return;
        }
        if self.caret.anchor.is_none()
            && let Some(s) = self.suggestion_at_caret()
        {
            let (entity, span) = (s.entity, s.span);
            let change = edit::add_mention(&self.data.corpus, self.article.0, entity, span);
            return match self.make(change) {
                Ok(()) => {
                    let here = self.article.0;
                    self.drop_suggestions(|s| s.article == here && s.span == span);
                    self.spot_at_caret();
                    self.message = Some(format!("suggestion accepted: a mention of {}", self.name(entity)));
                }
                Err(why) => self.message = Some(why.0),
            };
        }
        let Some(span) = self.selected_span() else {
            self.message = Some(format!(
                "nothing to annotate: {} selects text, or put the caret on a word",
                self.key(Action::ToggleSelect)
            ));
            return;
        };
        let query: String = self.span_text(span);
        self.start_pick(Pick::Annotate(span), query);
    }

    /// The text of `span` in the open article.
    fn span_text(&self, span: Span) -> String {
        let Some(a) = self.current_article() else { return String::new() };
        let from = caret::byte_of(&a.text, &self.reader, span.start);
        a.text[from..].chars().take(span.end - span.start).collect()
    }

    fn name(&self, e: usize) -> String {
        sanitize(&self.data.corpus.entities[e].name)
    }

    /// Opens the entity search to pick the entity an edit is for, with `query` typed.
    fn start_pick(&mut self, pick: Pick, query: String) {
        self.focus = Pane::Entities;
        self.open(Overlay::Search(SearchState { query, pick: Some(pick), ..SearchState::default() }));
        self.refresh_search();
    }

    /// Enter on entity `e` in a pick: the edit waiting for it is made.
    pub(super) fn picked(&mut self, e: EntityIx) {
        let Some(pick) = self.search().and_then(|s| s.pick) else { return };
        let (corpus, a) = (&self.data.corpus, self.article.0);
        let change = match pick {
            Pick::Annotate(span) => Ok(edit::add_mention(corpus, a, e.0, span)),
            Pick::Relink(m) => edit::relink(corpus, a, m, e.0),
            Pick::MergeInto(from) => edit::merge(corpus, from.0, e.0),
        };
        match change.and_then(|c| self.make(c)) {
            Ok(()) => {
                self.end_search();
                self.caret.anchor = None;
                match pick {
                    Pick::MergeInto(from) => {
                        self.entities.point_at(e, self.list_height(Pane::Entities));
                        self.message = Some(format!("{} merged into {}", self.name(from.0), self.name(e.0)));
                    }
                    _ => {
                        self.selection.cursor = None;
                        self.spot_at_caret();
                    }
                }
            }
            Err(why) => self.message = Some(why.0),
        }
    }

    /// Tab in a pick: a new entity, named as typed, then its type and KB id asked for.
    pub(super) fn pick_new_entity(&mut self) {
        let Some(s) = self.search() else { return };
        let (span, relink) = match s.pick {
            Some(Pick::Annotate(span)) => (span, None),
            Some(Pick::Relink(m)) => match self.current_article().and_then(|a| a.mentions.get(m)) {
                Some(mention) => (mention.span, Some(m)),
                None => return,
            },
            Some(Pick::MergeInto(_)) => {
                self.message = Some("an entity is merged into one that exists".into());
                return;
            }
            None => return,
        };
        let name = match s.query.trim() {
            "" => self.span_text(span),
            q => q.to_string(),
        };
        self.close();
        let new = NewEntity { span, relink, step: NewStep::Name, name: String::new(), kind: String::new() };
        self.open(Overlay::Edit(EditPrompt {
            field: Field::New(new),
            entity: None,
            input: name,
            error: None,
            choices: Vec::new(),
        }));
    }

    /// `r`: the mention at the caret re-linked to an entity picked in the search.
    pub(super) fn start_relink(&mut self) {
        let Some((m, _)) = self.mention_to_edit() else { return };
        self.start_pick(Pick::Relink(m), String::new());
    }

    /// `M`: the entity (the list's, or the selected) merged into one picked in the search.
    pub(super) fn start_merge(&mut self) {
        let Some(e) = self.entity_to("merge") else { return };
        self.start_pick(Pick::MergeInto(e), String::new());
    }

    /// `|`: the entity's mentions in the open article split off as a new entity.
    pub(super) fn split_entity(&mut self) {
        let Some(e) = self.entity_to("split") else { return };
        let change = edit::split(&self.data.corpus, e.0, self.article.0);
        match change.and_then(|c| self.make(c)) {
            Ok(()) => {
                let new = self.data.corpus.entities.len() - 1;
                self.message = Some(format!(
                    "{}'s mentions here are now an entity of their own ({})",
                    self.name(e.0),
                    sanitize(&self.data.corpus.entities[new].id)
                ));
            }
            Err(why) => self.message = Some(why.0),
        }
    }

    /// `+` and `-`: the mention at the caret stretched over the selection or the next word,
    /// or its last word taken off.
    pub(super) fn resize_mention(&mut self, grow: bool) {
        let Some((m, _)) = self.mention_to_edit() else { return };
        let Some(a) = self.current_article() else { return };
        let span = a.mentions[m].span;
        let to = match (grow, self.caret.selection()) {
            (true, Some(sel)) => Span { start: sel.start.min(span.start), end: sel.end.max(span.end) },
            (true, None) => Span { start: span.start, end: caret::word_end_after(&a.text, &self.reader, span.end) },
            (false, _) => match caret::end_before_last_word(&a.text, &self.reader, span) {
                Some(end) => Span { start: span.start, end },
                None => {
                    let x = self.key(Action::DeleteMention);
                    self.message = Some(format!("it is one word: {x} removes it"));
                    return;
                }
            },
        };
        if to == span {
            self.message = Some("the mention already covers that".into());
            return;
        }
        let change = edit::resize(&self.data.corpus, self.article.0, m, to);
        match change.and_then(|c| self.make(c)) {
            Ok(()) => {
                self.caret.anchor = None;
                self.selection.cursor = None;
                self.spot_at_caret();
            }
            Err(why) => self.message = Some(why.0),
        }
    }

    /// `t`: the note on the selection (or the note at the caret) written, changed or, left
    /// empty, taken away.
    pub(super) fn start_note(&mut self) {
        if !self.editable() {
            return;
        }
        let Some(a) = self.current_article() else { return };
        let at = self.caret.at;
        let span = match self.caret.selection() {
            Some(sel) => sel,
            None => match a.notes.iter().find(|n| n.span.contains(at)) {
                Some(n) => n.span,
                None => {
                    self.message = Some(format!(
                        "select the passage first ({}), or put the caret in a note",
                        self.key(Action::ToggleSelect)
                    ));
                    return;
                }
            },
        };
        let input = a.notes.iter().find(|n| n.span == span).map(|n| n.text.clone()).unwrap_or_default();
        self.open(Overlay::Edit(EditPrompt {
            field: Field::Note(span),
            entity: None,
            input,
            error: None,
            choices: vec![],
        }));
    }

    /// `x` on a suggestion: it is rejected (not shown again this session).
    pub(super) fn reject_suggestion(&mut self) -> bool {
        let Some(s) = self.suggestion_at_caret() else { return false };
        let (span, entity) = (s.span, s.entity);
        let here = self.article.0;
        self.rejected.insert((here, span.start, span.end));
        self.drop_suggestions(|s| s.article == here && s.span == span);
        self.message = Some(format!("suggestion of {} rejected", self.name(entity)));
        true
    }

    /// `=`: every suggestion of the entity suggested at the caret (else the selected one)
    /// accepted, in every article.
    pub(super) fn accept_all_suggestions(&mut self) {
        if !self.editable() {
            return;
        }
        let Suggested::Shown(all) = &self.suggested else {
            let key = self.key(Action::ToggleSuggestions);
            self.message = Some(format!("no suggestions shown: {key} finds them"));
            return;
        };
        let Some(entity) = self.suggestion_at_caret().map(|s| s.entity).or(self.selection.entity.map(|e| e.0)) else {
            self.message = Some("put the caret on a suggestion, or select an entity".into());
            return;
        };
        let of: Vec<_> = all.iter().filter(|s| s.entity == entity).cloned().collect();
        if of.is_empty() {
            self.message = Some(format!("no suggestions of {}", self.name(entity)));
            return;
        }
        let change = edit::accept_suggestions(&self.data.corpus, &of);
        match change.and_then(|c| self.make(c)) {
            Ok(()) => {
                self.drop_suggestions(|s| s.entity == entity);
                self.message = Some(format!("{} of {} accepted", count(of.len(), "suggestion"), self.name(entity)));
            }
            Err(why) => self.message = Some(why.0),
        }
    }

    /// Takes the shown suggestions that `gone` says are settled (accepted or rejected) away.
    fn drop_suggestions(&mut self, gone: impl Fn(&crate::gazetteer::Suggestion) -> bool) {
        if let Suggested::Shown(all) = &mut self.suggested {
            all.retain(|s| !gone(s));
        }
    }
}
