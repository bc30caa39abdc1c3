//! Editing in the explorer: an entity renamed, retyped or given a KB id through a prompt, a
//! mention removed, undo and redo, and saving back to the files (see [`crate::edit`], which
//! makes and checks every change; this module only asks for it and shows what happened).
//! Quitting with unsaved edits asks first. A database archive is read-only here.

use super::{App, Overlay};
use crate::action::{Action, Pane};
use crate::app::TextCursor;
use crate::display::count;
use crate::edit::{self, Change};
use crate::keymap::Mode;
use crate::model::{EntityIx, Span};

/// What an edit prompt changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The entity's name.
    Name,
    /// Its type.
    Type,
    /// Its knowledge-base id (`wikidata:Q42`, or a Q-id; empty clears).
    Kb,
    /// Another name for it (an alias).
    Alias,
    /// One of its other names, to take away.
    Unalias,
    /// The note on a passage of the open article (empty takes it away).
    Note(Span),
    /// A new entity, asked for step by step, with a mention of it.
    New(NewEntity),
}

/// A new entity being asked for: its name, then its type, then its KB id; then it is made,
/// with a mention over `span` (in place of mention `relink`, when one is re-linked to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntity {
    /// Where its mention goes in the open article.
    pub span: Span,
    /// The mention re-linked to it, if it is for one.
    pub relink: Option<usize>,
    /// What is being asked.
    pub step: NewStep,
    /// The name given.
    pub name: String,
    /// The type given.
    pub kind: String,
}

/// The step of a new entity's prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewStep {
    /// Its name.
    Name,
    /// Its type.
    Type,
    /// Its KB id (optional).
    Kb,
}

/// An edit being typed: the entity (none for a note or a new entity), the field and the new
/// value; the values to choose from with ↑/↓ (types, aliases); why the last Enter was refused.
#[derive(Debug, Clone)]
pub struct EditPrompt {
    /// What it changes.
    pub field: Field,
    /// The entity.
    pub entity: Option<EntityIx>,
    /// The value typed.
    pub input: String,
    /// Why the value was refused.
    pub error: Option<String>,
    /// Values to pick with ↑/↓, the likeliest first.
    pub choices: Vec<String>,
}

/// A command typed after `:` (as in vim): `w`, `q`, `wq`, `x`, `q!`.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    /// What was typed.
    pub input: String,
    /// Why the last one was refused.
    pub error: Option<String>,
}

impl App {
    /// The entity an edit acts on: the one under the list's cursor when the list has focus,
    /// else the selected one, else the one of the mention at the text's spot.
    pub(super) fn edited_entity(&self) -> Option<EntityIx> {
        if self.focus == Pane::Entities
            && let Some(e) = self.entities.highlighted()
        {
            return Some(e);
        }
        self.selection.entity.or_else(|| self.mention_at_spot().map(|(_, e)| e))
    }

    /// The entity an edit `what` (`edit`, `merge`…) acts on, when edits can be made; says why
    /// not otherwise.
    pub(super) fn entity_to(&mut self, what: &str) -> Option<EntityIx> {
        if !self.editable() {
            return None;
        }
        let e = self.edited_entity();
        if e.is_none() {
            self.message = Some(format!("no entity to {what}: put the list's cursor on one, or select one"));
        }
        e
    }

    /// The mention at the caret an edit acts on (its index, its entity), when edits can be
    /// made; says why not otherwise.
    pub(super) fn mention_to_edit(&mut self) -> Option<(usize, EntityIx)> {
        if !self.editable() {
            return None;
        }
        let m = self.mention_at_spot();
        if m.is_none() {
            self.message = Some("no mention at the caret: move onto one first".into());
        }
        m
    }

    /// The mention at the text's spot: its index in the article and its entity.
    pub(super) fn mention_at_spot(&self) -> Option<(usize, EntityIx)> {
        let a = self.current_article()?;
        match self.selection.cursor? {
            TextCursor::Mention(i) => a.mentions.get(i).map(|m| (i, EntityIx(m.entity))),
            _ => None,
        }
    }

    /// Whether edits can be made; says why not if they cannot.
    pub(super) fn editable(&mut self) -> bool {
        if self.remote.is_some() {
            self.message = Some("the database archive is read-only in the explorer; edit files, then push them".into());
            return false;
        }
        if self.loading.is_some() {
            self.message = Some("still loading: edits wait until everything is read".into());
            return false;
        }
        true
    }

    /// `R`, `T`, `K`, `a`, `D`: opens the prompt that changes the entity's name, type or KB
    /// id, gives it another name, or takes one away.
    pub(super) fn start_edit(&mut self, field: Field) {
        let Some(entity) = self.entity_to("edit") else { return };
        // The list keeps its cursor on the entity edited as it re-sorts.
        if self.focus == Pane::Entities {
            self.entities.placed = true;
        }
        let e = &self.data.corpus.entities[entity.0];
        let (input, choices) = match field {
            Field::Name => (e.name.clone(), Vec::new()),
            Field::Type => (e.kind.clone(), self.types()),
            Field::Kb => (e.links.iter().next().map(|(kb, id)| format!("{kb}:{id}")).unwrap_or_default(), Vec::new()),
            Field::Unalias if e.aliases.is_empty() => {
                self.message = Some(format!("{} has no other names", crate::display::sanitize(&e.name)));
                return;
            }
            Field::Unalias => (e.aliases[0].clone(), e.aliases.clone()),
            _ => (String::new(), Vec::new()),
        };
        self.open(Overlay::Edit(EditPrompt { field, entity: Some(entity), input, error: None, choices }));
    }

    /// The corpus's entity types, the most used first (what a type prompt offers).
    pub(super) fn types(&self) -> Vec<String> {
        let mut n: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for e in &self.data.corpus.entities {
            *n.entry(e.kind.as_str()).or_default() += 1;
        }
        let mut types: Vec<(&str, usize)> = n.into_iter().collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        types.into_iter().map(|(t, _)| t.to_string()).collect()
    }

    /// An action while an edit prompt is open: typing, ↑/↓ go through the choices, Enter
    /// makes the change (or the next step of a new entity; or shows why not and stays
    /// open), Esc leaves it.
    pub(super) fn edit_prompt_action(&mut self, action: Action) {
        let Some(Overlay::Edit(p)) = &mut self.overlay else { return };
        let typed = super::type_into(&mut p.input, action).is_some();
        match action {
            _ if typed => {}
            Action::SearchDown | Action::SearchUp if !p.choices.is_empty() => {
                let n = p.choices.len();
                let at = p.choices.iter().position(|c| *c == p.input);
                let next = match (at, action == Action::SearchDown) {
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                    (None, true) => 0,
                    (None, false) => n - 1,
                };
                p.input = p.choices[next].clone();
            }
            Action::SearchAccept => {
                let p = p.clone();
                match self.accept_edit(&p) {
                    Ok(()) => {}
                    Err(why) => {
                        if let Some(Overlay::Edit(p)) = &mut self.overlay {
                            p.error = Some(why.0);
                        }
                    }
                }
                return;
            }
            Action::SearchCancel => {
                let new = matches!(p.field, Field::New(_) | Field::Note(_));
                self.close();
                if new {
                    self.focus_text();
                }
                return;
            }
            _ => return,
        }
        if let Some(Overlay::Edit(p)) = &mut self.overlay {
            p.error = None;
        }
    }

    /// Enter in an edit prompt: the change made and the prompt closed, or the next step.
    fn accept_edit(&mut self, p: &EditPrompt) -> Result<(), edit::Refused> {
        let corpus = &self.data.corpus;
        let input = p.input.as_str();
        let e = p.entity.map_or(usize::MAX, |e| e.0);
        let change = match &p.field {
            Field::Name => edit::rename(corpus, e, input)?,
            Field::Type => edit::retype(corpus, e, input)?,
            Field::Kb => edit::set_kb_from(corpus, e, input)?,
            Field::Alias => edit::add_alias(corpus, e, input)?,
            Field::Unalias => edit::remove_alias(corpus, e, input.trim())?,
            Field::Note(span) => edit::set_note(corpus, self.article.0, *span, input)?,
            Field::New(new) => {
                let mut new = new.clone();
                let next = match new.step {
                    NewStep::Name if input.trim().is_empty() => return Err(edit::Refused("a name is needed".into())),
                    NewStep::Name => {
                        new.name = input.trim().to_string();
                        Some((NewStep::Type, self.types()))
                    }
                    NewStep::Type if input.trim().is_empty() => return Err(edit::Refused("a type is needed".into())),
                    NewStep::Type => {
                        new.kind = input.trim().to_string();
                        Some((NewStep::Kb, Vec::new()))
                    }
                    NewStep::Kb => None,
                };
                if let Some((step, choices)) = next {
                    new.step = step;
                    let input = choices.first().cloned().unwrap_or_default();
                    self.overlay = Some(Overlay::Edit(EditPrompt {
                        field: Field::New(new),
                        entity: None,
                        input,
                        error: None,
                        choices,
                    }));
                    return Ok(());
                }
                let entity = edit::new_entity(corpus, &new.name, &new.kind, input)?;
                let a = self.article.0;
                edit::annotate_new(corpus, a, new.span, entity, new.relink)?
            }
        };
        let (note, new) = (matches!(p.field, Field::Note(_)), matches!(p.field, Field::New(_)));
        self.make(change)?;
        self.close();
        if note || new {
            self.caret.anchor = None;
            self.focus_text();
        }
        if new {
            self.selection.cursor = None;
            self.spot_at_caret();
        }
        Ok(())
    }

    /// The text pane takes the focus back (after a pick or a prompt that came from it).
    pub(super) fn focus_text(&mut self) {
        if self.focus != Pane::Text {
            self.focus = Pane::Text;
            self.relayout(false);
        }
    }

    /// An action while a command is typed: Enter runs it (`w`, `q`, `wq`/`x`, `q!`).
    pub(super) fn command_action(&mut self, action: Action) {
        let Some(Overlay::Command(c)) = &mut self.overlay else { return };
        match action {
            // Backspace with nothing typed leaves the command line, as in vim.
            Action::SearchBackspace if c.input.is_empty() => return self.close(),
            _ if super::type_into(&mut c.input, action).is_some() => {}
            Action::SearchAccept => {
                let command = c.input.trim().to_string();
                self.close();
                return self.run_command(&command);
            }
            Action::SearchCancel => return self.close(),
            _ => return,
        }
        c.error = None;
    }

    fn run_command(&mut self, command: &str) {
        match command {
            "w" | "write" => self.save(),
            "q" | "quit" => {
                if self.quit_or_ask() {
                    self.effect(super::Effect::Quit);
                }
            }
            "q!" | "quit!" => self.effect(super::Effect::Quit),
            "wq" | "x" => {
                self.save();
                if self.unsaved() == 0 {
                    self.effect(super::Effect::Quit);
                }
            }
            "" => {}
            other => {
                self.open(Overlay::Command(CommandLine {
                    input: other.to_string(),
                    error: Some(format!(
                        "unknown command {other:?}: w saves, q quits, wq saves and quits, q! quits unsaved"
                    )),
                }));
            }
        }
    }

    /// `x`: removes the mention at the text's spot.
    pub(super) fn delete_mention(&mut self) {
        if !self.editable() {
            return;
        }
        let Some((m, _)) = self.mention_at_spot() else {
            if !self.reject_suggestion() {
                self.message = Some("no mention at the caret: move onto one first".into());
            }
            return;
        };
        let change = edit::remove_mention(&self.data.corpus, self.article.0, m);
        if let Err(why) = change.and_then(|c| self.make(c)) {
            self.message = Some(why.0);
        }
    }

    /// Makes `change`, and shows it: counts, lists and the detail follow.
    pub(super) fn make(&mut self, change: Change) -> Result<(), edit::Refused> {
        let (touched, entities) = (change.touches(&self.data.corpus), change.changes_entities());
        let spot = self.spot_mention();
        self.data.uncount(&touched);
        let made = self.history.make(self.data.corpus_mut(), change);
        // Refused, the articles are as they were: counted back all the same.
        self.data.edited(&touched, entities);
        made?;
        self.after_edit(spot);
        Ok(())
    }

    /// Keeps a journal of unsaved edits in `dir` (none: no journal), and offers back the
    /// edits an earlier session on the same files left in one, once everything is loaded.
    pub fn keep_journal(&mut self, dir: Option<std::path::PathBuf>) {
        self.journal_dir = dir;
        if self.loading.is_none() {
            self.offer_restore();
        }
    }

    /// Opens the question of restoring the edits an earlier session left, if it left some.
    pub(super) fn offer_restore(&mut self) {
        let Some(dir) = &self.journal_dir else { return };
        let Some(mut journal) = edit::journal::Journal::in_dir(dir, &self.data.corpus) else { return };
        match journal.left(&self.data.corpus) {
            Some(Ok((change, articles))) if articles > 0 => {
                self.open(Overlay::Restore { change: Box::new(change), articles })
            }
            // Edits undone before that session ended: nothing to offer, nothing to keep.
            Some(Ok(_)) => journal.clear(),
            Some(Err(why)) => {
                self.message = Some(format!("edits an earlier session left unsaved cannot be restored: {why}"))
            }
            _ => {}
        }
        self.journal = Some(journal);
    }

    /// An action while asked whether to restore: restore, discard, or decide later.
    pub(super) fn restore_action(&mut self, action: Action) {
        let Some(Overlay::Restore { .. }) = &self.overlay else { return };
        match action {
            Action::RestoreEdits => {
                let Some(Overlay::Restore { change, articles }) = self.overlay.take() else { return };
                match self.make(*change) {
                    Ok(()) => {
                        self.message = Some(format!(
                            "restored the edits of {} ({} saves them, u undoes)",
                            count(articles, "article"),
                            self.key(Action::Save)
                        ));
                    }
                    Err(why) => self.message = Some(format!("the edits cannot be restored: {why}")),
                }
            }
            Action::DiscardEdits => {
                self.close();
                if let Some(j) = &mut self.journal {
                    j.clear();
                }
                self.message = Some("the edits left unsaved are discarded".into());
            }
            // Kept for another start: this session must not write over them.
            Action::Back => {
                self.close();
                (self.journal, self.journal_dir) = (None, None);
                self.message =
                    Some("the edits stay kept for another start; this session's edits are not journalled".into());
            }
            _ => {}
        }
    }

    /// Writes what the last edit touched into the journal, if one is kept; says if it cannot.
    fn journal_last(&mut self) {
        let (Some(dir), None) = (&self.journal_dir, &self.journal) else { return self.write_journal() };
        self.journal = edit::journal::Journal::in_dir(dir, &self.data.corpus);
        self.write_journal();
    }

    fn write_journal(&mut self) {
        let Some(journal) = &mut self.journal else { return };
        if let Err(e) = journal.record(&self.data.corpus, self.history.last_touched()) {
            self.message = Some(format!("the journal of unsaved edits cannot be written: {e}"));
        }
    }

    /// `u` and `Ctrl-r`.
    pub(super) fn undo_redo(&mut self, undo: bool) {
        let Some(next) = self.history.next(undo) else {
            self.message = Some(if undo { "nothing to undo".into() } else { "nothing to redo".into() });
            return;
        };
        let (touched, entities) = (next.touches(&self.data.corpus), next.changes_entities());
        let spot = self.spot_mention();
        self.data.uncount(&touched);
        let corpus = self.data.corpus_mut();
        let done = if undo { self.history.undo(corpus) } else { self.history.redo(corpus) };
        self.data.edited(&touched, entities);
        if done {
            self.after_edit(spot);
            self.message = Some(if undo { "undone".into() } else { "redone".into() });
        } else {
            self.message = Some(if undo { "nothing to undo".into() } else { "nothing to redo".into() });
        }
    }

    /// The mention at the spot, as it is (an edit moves mentions' indices: it is found again by
    /// what it is).
    fn spot_mention(&self) -> Option<crate::model::Mention> {
        let (i, _) = self.mention_at_spot()?;
        self.current_article()?.mentions.get(i).cloned()
    }

    /// After an edit: the spot on the same mention where it still is (else on the mention at
    /// the caret), and everything drawn from the data made again.
    fn after_edit(&mut self, spot: Option<crate::model::Mention>) {
        self.recount_edited();
        if let Some(m) = spot {
            let again = self.current_article().and_then(|a| a.mentions.iter().position(|x| *x == m));
            self.selection.cursor = again.map(TextCursor::Mention);
            if again.is_none() {
                self.spot_at_caret();
            }
        }
        // An entity made (or its making undone): the list has every entity.
        let n = self.data.corpus.entities.len();
        if self.filter.is_none() && self.entities.order.len() != n {
            self.entities.order.retain(|&e| e < n);
            let listed = self.entities.order.len();
            self.entities.order.extend(listed..n);
        }
        if let Some(query) = self.filter.as_ref().map(|f| f.query.clone()) {
            self.filter_articles(&query);
        }
        self.refresh_lists();
        self.reader.rewrap = None;
        self.relayout(false);
        self.describe();
        let n = self.unsaved();
        if n > 0 {
            self.message = Some(format!("{} unsaved ({} saves)", count(n, "article"), self.key(Action::Save)));
        }
        self.journal_last();
    }

    /// How many articles differ from their files.
    pub fn unsaved(&self) -> usize {
        self.edited.0.len()
    }

    /// Whether article `a` differs from its file.
    pub fn is_unsaved(&self, a: usize) -> bool {
        self.edited.0.contains(&a)
    }

    /// The entities edited since the last save.
    pub fn edited_entities(&self) -> &std::collections::BTreeSet<usize> {
        &self.edited.1
    }

    /// Counts what differs from the files again (after an edit, an undo, a save).
    fn recount_edited(&mut self) {
        let corpus = &self.data.corpus;
        self.edited = (self.history.unsaved(corpus), self.history.edited_entities(corpus));
        self.edited_here = self.history.changed_spans(corpus, self.article.0);
    }

    /// `w`: saves the edited articles back to their files, and says what was saved and what
    /// was not (and why).
    pub(super) fn save(&mut self) {
        if self.history.unsaved(&self.data.corpus).is_empty() {
            self.message = Some("nothing to save".into());
            return;
        }
        let (saved, not) = self.history.save(self.data.corpus_mut());
        self.recount_edited();
        if not.is_empty() {
            if let Some(j) = &mut self.journal {
                j.clear();
            }
            let files: Vec<&str> = saved.iter().map(|s| s.file.as_str()).collect();
            self.message = Some(format!("saved {}: {}", count(saved.len(), "file"), files.join(", ")));
        } else {
            let first = &not[0];
            let more = if not.len() > 1 { format!(" (and {} more)", not.len() - 1) } else { String::new() };
            let beside = if first.beside { "; `newslens edit … --beside` saves beside it" } else { "" };
            self.message = Some(format!(
                "not saved: {}: {}{more}{beside}; {} saved",
                first.file,
                first.why,
                count(saved.len(), "file")
            ));
        }
    }

    /// `q`: quits, unless there are unsaved edits: then it says so, and `q` again quits.
    pub(super) fn quit_or_ask(&mut self) -> bool {
        let n = self.unsaved();
        if n == 0 {
            // Nothing differs from the files: the journal has nothing to keep (unless it
            // holds an earlier session's edits, still offered).
            if let (Some(j), false) = (&mut self.journal, matches!(self.overlay, Some(Overlay::Restore { .. }))) {
                j.clear();
            }
            return true;
        }
        if std::mem::take(&mut self.quit_asked) {
            return true;
        }
        self.quit_asked = true;
        self.message = Some(format!(
            "{} unsaved: {} saves, {} again quits without saving",
            count(n, "article"),
            self.key(Action::Save),
            self.keymap.key(Mode::Normal, Action::Quit)
        ));
        false
    }
}
