//! Taking in what the background reader sends: the corpus grows batch by batch (counts and
//! search indices with it, in `LiveCorpus`), and the lists follow.

use std::time::{Duration, Instant};

use super::{App, EntityInfo, Overlay};
use crate::action::Pane;
use crate::load::{BackgroundLoad, LiveCorpus, Piece};

/// While loading, the entity list and timeline are re-sorted at most this often (sorting
/// 100,000 entities on every batch would make typing lag).
const RESORT_EVERY: Duration = Duration::from_millis(250);

impl App {
    /// An explorer that starts with what `loading` has read so far (`first`) and takes the rest
    /// as it comes (see [`App::poll_loading`]). `data` must be the one whose entities
    /// `loading` was started with.
    pub fn loading(data: LiveCorpus, mut loading: BackgroundLoad, first: Vec<Piece>, size: (u16, u16)) -> App {
        let mut app = App::with_data(data, size);
        let rest = loading.drain();
        app.loading = Some(loading);
        app.absorb(first.into_iter().chain(rest).collect());
        app.finish_loading_if_done();
        app
    }

    /// Takes in what the loading thread has read since the last call.
    pub fn poll_loading(&mut self) {
        self.poll_archive();
        let Some(loading) = &mut self.loading else { return };
        let pieces = loading.drain();
        if !pieces.is_empty() {
            self.absorb(pieces);
        }
        self.finish_loading_if_done();
    }

    /// Applies `query` as the filter once everything is read (at once if it is).
    pub fn filter_when_loaded(&mut self, query: Option<String>) {
        self.pending_filter = query;
        if self.loading.is_none() {
            self.apply_pending_filter();
        }
    }

    fn apply_pending_filter(&mut self) {
        if let Some(query) = self.pending_filter.take() {
            self.remember(&query);
            self.apply_filter(&query);
        }
    }

    fn finish_loading_if_done(&mut self) {
        if !self.loading.as_ref().is_some_and(|l| l.finished) {
            return;
        }
        self.loading = None;
        self.refresh_lists();
        self.apply_pending_filter();
        // Suggestions asked for while loading were found in part of the corpus.
        self.refind_suggestions();
        self.offer_restore();
        // Nothing to show but problems: show them, unless the user has opened something.
        if self.data.corpus.articles.is_empty() && !self.data.diagnostics.is_empty() && self.overlay.is_none() {
            self.open(Overlay::Problems { scroll: 0 });
        }
        self.describe();
    }

    /// Adds read pieces to the data and keeps the lists in step.
    pub fn absorb(&mut self, pieces: Vec<Piece>) {
        let added = self.data.absorb(pieces);
        self.entities.order.extend(added.entities);
        if added.articles.start == 0 && !added.articles.is_empty() {
            self.sort_entities();
            self.entities.reset();
            self.relayout(true);
        }
        if self.last_sort.elapsed() >= RESORT_EVERY {
            self.refresh_lists();
        }
        self.describe();
    }

    /// Re-sorts the entity list and rebuilds the timeline.
    pub(super) fn refresh_lists(&mut self) {
        self.data.refresh();
        self.sort_entities();
        let h = self.list_height(Pane::Entities);
        self.entities.cursor.follow(self.entities.order.len(), h);
        self.rebuild_timeline();
        self.last_sort = Instant::now();
        if let Some(e) = self.selection.entity {
            self.selected_entity = Some(EntityInfo::gather(&self.data.corpus, e));
        }
        // Counts may have grown: gather the entity under the cursor afresh.
        self.cursor_entity = None;
        self.follow_cursor();
    }
}
