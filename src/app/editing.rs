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
use crate::model::EntityIx;

/// What an edit prompt changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The entity's name.
    Name,
    /// Its type.
    Type,
    /// Its knowledge-base id (`wikidata:Q42`, or a Q-id; empty clears).
    Kb,
    /// Another name for it (an alias).
    Alias,
}

/// An edit being typed: the entity, the field and the new value; why the last Enter was
/// refused, if it was.
#[derive(Debug, Clone)]
pub struct EditPrompt {
    /// What it changes.
    pub field: Field,
    /// The entity.
    pub entity: EntityIx,
    /// The value typed.
    pub input: String,
    /// Why the value was refused.
    pub error: Option<String>,
}

impl App {
    /// The entity an edit acts on: the one under the list's cursor when the list has focus,
    /// else the selected one, else the one of the mention at the text's spot.
    fn edited_entity(&self) -> Option<EntityIx> {
        if self.focus == Pane::Entities
            && let Some(e) = self.entities.highlighted()
        {
            return Some(e);
        }
        self.selection.entity.or_else(|| self.mention_at_spot().map(|(_, e)| e))
    }

    /// The mention at the text's spot: its index in the article and its entity.
    fn mention_at_spot(&self) -> Option<(usize, EntityIx)> {
        let a = self.current_article()?;
        match self.selection.cursor? {
            TextCursor::Mention(i) => a.mentions.get(i).map(|m| (i, EntityIx(m.entity))),
            _ => None,
        }
    }

    /// Whether edits can be made; says why not if they cannot.
    fn editable(&mut self) -> bool {
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

    /// `R`, `T`, `K`, `a`: opens the prompt that changes the entity's name, type or KB id, or
    /// gives it another name.
    pub(super) fn start_edit(&mut self, field: Field) {
        if !self.editable() {
            return;
        }
        let Some(entity) = self.edited_entity() else {
            self.message = Some("no entity to edit: put the list's cursor on one, or select one".into());
            return;
        };
        // The list keeps its cursor on the entity edited as it re-sorts.
        if self.focus == Pane::Entities {
            self.entities.placed = true;
        }
        let e = &self.data.corpus.entities[entity.0];
        let input = match field {
            Field::Name => e.name.clone(),
            Field::Type => e.kind.clone(),
            Field::Kb => e.links.iter().next().map(|(kb, id)| format!("{kb}:{id}")).unwrap_or_default(),
            Field::Alias => String::new(),
        };
        self.open(Overlay::Edit(EditPrompt { field, entity, input, error: None }));
    }

    /// An action while an edit prompt is open: typing, Enter makes the change (or shows why
    /// not and stays open), Esc leaves it.
    pub(super) fn edit_prompt_action(&mut self, action: Action) {
        let Some(Overlay::Edit(p)) = &mut self.overlay else { return };
        match action {
            Action::SearchInput(c) => p.input.push(c),
            Action::SearchBackspace => {
                p.input.pop();
            }
            Action::SearchClear => p.input.clear(),
            Action::SearchAccept => {
                let (field, e, input) = (p.field, p.entity.0, p.input.clone());
                let corpus = &self.data.corpus;
                let change = match field {
                    Field::Name => edit::rename(corpus, e, &input),
                    Field::Type => edit::retype(corpus, e, &input),
                    Field::Kb => edit::set_kb_from(corpus, e, &input),
                    Field::Alias => edit::add_alias(corpus, e, &input),
                };
                match change.and_then(|c| self.make(c)) {
                    Ok(()) => self.close(),
                    Err(why) => {
                        if let Some(Overlay::Edit(p)) = &mut self.overlay {
                            p.error = Some(why.0);
                        }
                    }
                }
                return;
            }
            Action::SearchCancel => return self.close(),
            _ => return,
        }
        p.error = None;
    }

    /// `x`: removes the mention at the text's spot.
    pub(super) fn delete_mention(&mut self) {
        if !self.editable() {
            return;
        }
        let Some((m, _)) = self.mention_at_spot() else {
            self.message = Some("no mention at the spot: step onto one first (n, Enter)".into());
            return;
        };
        let change = edit::remove_mention(&self.data.corpus, self.article.0, m);
        if let Err(why) = change.and_then(|c| self.make(c)) {
            self.message = Some(why.0);
        }
    }

    /// Makes `change`, and shows it: counts, lists and the detail follow.
    fn make(&mut self, change: Change) -> Result<(), edit::Refused> {
        let corpus = self.data.corpus_mut();
        self.history.make(corpus, change)?;
        self.after_edit();
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
        let corpus = self.data.corpus_mut();
        let done = if undo { self.history.undo(corpus) } else { self.history.redo(corpus) };
        if done {
            self.after_edit();
            self.message = Some(if undo { "undone".into() } else { "redone".into() });
        } else {
            self.message = Some(if undo { "nothing to undo".into() } else { "nothing to redo".into() });
        }
    }

    fn after_edit(&mut self) {
        self.data.edited();
        self.recount_edited();
        // A mention removed may leave the spot past the last one.
        if let (Some(TextCursor::Mention(i)), Some(a)) = (self.selection.cursor, self.current_article())
            && i >= a.mentions.len()
        {
            self.selection.cursor = None;
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
    }

    /// `w`: saves the edited articles back to their files, and says what was saved and what
    /// was not (and why).
    pub(super) fn save(&mut self) {
        let unsaved = self.history.unsaved(&self.data.corpus);
        if unsaved.is_empty() {
            self.message = Some("nothing to save".into());
            return;
        }
        let renamed = self.history.renamed(&self.data.corpus);
        let (saved, not) = edit::save::save(self.data.corpus_mut(), &unsaved, &renamed);
        // What was saved is what the files hold now.
        if not.is_empty() {
            self.history.saved();
        } else {
            let files: std::collections::BTreeSet<&str> = saved.iter().map(|s| s.file.as_str()).collect();
            let corpus = &self.data.corpus;
            let done = unsaved
                .iter()
                .copied()
                .filter(|&a| corpus.articles[a].read_from.as_deref().is_some_and(|f| files.contains(f)));
            self.history.saved_some(&done.collect());
        }
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
