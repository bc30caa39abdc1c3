//! Suggested mentions (`S`): the names the corpus annotates somewhere and leaves unannotated
//! elsewhere, found by `gazetteer::suggest`, shown in the text until hidden again.

use super::App;
use crate::action::Action;

impl App {
    /// `S`: finds the names the corpus annotates somewhere and leaves unannotated elsewhere,
    /// and shows them in the text; again hides them.
    pub(super) fn toggle_suggestions(&mut self) {
        if self.suggested.take().is_some() {
            self.message = Some("suggested mentions hidden".into());
            return;
        }
        let mut found = crate::gazetteer::suggest(&self.data.corpus);
        found.sort_by_key(|s| (s.article, s.span.start));
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
        self.suggested = Some(found);
    }

    /// The suggested mentions of the open article, when shown.
    pub fn suggested_here(&self) -> &[crate::gazetteer::Suggestion] {
        self.suggested.as_deref().map_or(&[], |s| self.suggested_here_of(s))
    }

    fn suggested_here_of<'s>(&self, all: &'s [crate::gazetteer::Suggestion]) -> &'s [crate::gazetteer::Suggestion] {
        let from = all.partition_point(|s| s.article < self.article.0);
        let to = all.partition_point(|s| s.article <= self.article.0);
        &all[from..to]
    }

    /// How many suggested mentions are shown in all, when they are.
    pub fn suggested_total(&self) -> Option<usize> {
        self.suggested.as_ref().map(Vec::len)
    }
}
