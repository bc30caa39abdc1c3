//! Suggested mentions (`S`): the names the corpus annotates somewhere and leaves unannotated
//! elsewhere, found by `gazetteer::suggest` off the input path (a whole corpus is read for
//! them), shown in the text until hidden again.

use std::sync::mpsc::{Receiver, TryRecvError};

use super::{App, Effect};
use crate::action::Action;
use crate::gazetteer::Suggestion;

/// The suggestions being found, or shown.
#[derive(Debug, Default)]
pub enum Suggested {
    /// Hidden.
    #[default]
    Hidden,
    /// Being found; the answer comes here.
    Finding(Receiver<Vec<Suggestion>>),
    /// Shown, by article then place.
    Shown(Vec<Suggestion>),
}

impl App {
    /// `S`: starts finding the suggested mentions (the loop takes them in when found, see
    /// [`App::poll_suggestions`]); again hides them, or stops finding them.
    pub(super) fn toggle_suggestions(&mut self) {
        if !matches!(std::mem::take(&mut self.suggested), Suggested::Hidden) {
            self.message = Some("suggested mentions hidden".into());
            return;
        }
        self.find_suggestions();
    }

    /// Finds the suggestions again when they are shown or being found (the corpus grew).
    pub(super) fn refind_suggestions(&mut self) {
        if !matches!(self.suggested, Suggested::Hidden) {
            self.find_suggestions();
        }
    }

    /// Starts finding the suggestions in the whole corpus as it is now.
    fn find_suggestions(&mut self) {
        let (corpus, _) = self.data.shared();
        let (tx, rx) = std::sync::mpsc::channel();
        self.suggested = Suggested::Finding(rx);
        self.message = Some("finding the names annotated elsewhere and left unannotated…".into());
        self.effect(Effect::Work(Box::new(move || {
            let mut found = crate::gazetteer::suggest(&corpus);
            found.sort_by_key(|s| (s.article, s.span.start));
            // Hidden meanwhile: nobody listens.
            let _ = tx.send(found);
        })));
    }

    /// Takes in the suggested mentions once found, and says how many there are.
    pub(super) fn poll_suggestions(&mut self) {
        let Suggested::Finding(rx) = &self.suggested else { return };
        let found = match rx.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(found) => found,
            // The work ended without an answer (it panicked): nothing to show.
            Err(TryRecvError::Disconnected) => {
                self.suggested = Suggested::Hidden;
                return;
            }
        };
        let mut found = found;
        found.retain(|s| !self.rejected.contains(&(s.article, s.span.start, s.span.end)));
        let (here, all) = (self.suggested_here_of(&found).len(), found.len());
        let key = self.key(Action::ToggleSuggestions);
        self.message = Some(match all {
            0 => "no name is left unannotated where the corpus annotates it elsewhere".into(),
            _ => format!(
                "{} here, {} in all: names annotated elsewhere, not here ({key} hides them)",
                crate::display::count(here, "suggested mention"),
                all
            ),
        });
        self.suggested = Suggested::Shown(found);
    }

    /// Whether suggestions are being found (the loop then wakes up to take them in).
    pub(super) fn finding_suggestions(&self) -> bool {
        matches!(self.suggested, Suggested::Finding(_))
    }

    /// The suggested mentions of the open article, when shown.
    pub fn suggested_here(&self) -> &[Suggestion] {
        match &self.suggested {
            Suggested::Shown(all) => self.suggested_here_of(all),
            _ => &[],
        }
    }

    fn suggested_here_of<'s>(&self, all: &'s [Suggestion]) -> &'s [Suggestion] {
        let from = all.partition_point(|s| s.article < self.article.0);
        let to = all.partition_point(|s| s.article <= self.article.0);
        &all[from..to]
    }

    /// How many suggested mentions are shown in all, when they are.
    pub fn suggested_total(&self) -> Option<usize> {
        match &self.suggested {
            Suggested::Shown(all) => Some(all.len()),
            _ => None,
        }
    }
}
