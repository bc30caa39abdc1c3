//! The filter's live count, off the input path: typing never waits for a query to run. At
//! most one count runs at a time; what is typed meanwhile is counted when it ends, and a count
//! of a query no longer typed is dropped.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::{App, Effect, Overlay};
use crate::query::{Query, TextIndex};

/// A count's answer: how many match, and the text index it brought up to date.
type Answer = (usize, Option<Arc<TextIndex>>);

/// The counts under way and to come.
#[derive(Debug, Default)]
pub struct LiveCount {
    /// The query typed since the running count started, to count next.
    next: Option<(String, Query)>,
    /// The count running: its query as typed, and where its answer comes.
    running: Option<(String, Receiver<Answer>)>,
}

impl LiveCount {
    /// Whether a count is under way or waits (the loop then wakes up to take it in).
    pub fn busy(&self) -> bool {
        self.running.is_some() || self.next.is_some()
    }
}

impl App {
    /// Counts `query` (typed as `text`) once no other count runs.
    pub(super) fn count_live(&mut self, text: String, query: Query) {
        self.live.next = Some((text, query));
        self.start_count();
    }

    /// Forgets every count: the prompt closed, or its query needs none.
    pub(super) fn forget_counts(&mut self) {
        self.live = LiveCount::default();
    }

    fn start_count(&mut self) {
        if self.live.running.is_some() {
            return;
        }
        let Some((text, query)) = self.live.next.take() else { return };
        let (corpus, index) = self.data.shared();
        let (tx, rx) = std::sync::mpsc::channel();
        self.live.running = Some((text, rx));
        self.effect(Effect::Work(Box::new(move || {
            let (matching, index) = crate::load::live::matching(&query, &corpus, index);
            // The prompt may have closed; then nobody listens.
            let _ = tx.send((matching.len(), index));
        })));
    }

    /// Takes in a finished count: shown if its query is still the one typed.
    pub(super) fn poll_count(&mut self) {
        let Some((text, rx)) = &self.live.running else { return };
        let answer = match rx.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(answer) => Some(answer),
            // The work ended without an answer (it panicked): no count to show.
            Err(TryRecvError::Disconnected) => None,
        };
        let text = text.clone();
        self.live.running = None;
        let Some((count, index)) = answer else { return self.start_count() };
        self.data.offer_text(index);
        if self.live.next.is_none()
            && let Some(Overlay::Filter(p)) = &mut self.overlay
            && p.query == text
        {
            p.live_count = Some(Ok(count));
        }
        self.start_count();
    }
}
