//! The explorer on an archive that is not files (a database): the filter asks the archive
//! again, on a thread of its own so the screen stays live, and the explorer starts over on the
//! articles it sends.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::{App, Effect};
use crate::archive::{Archive, Selection};
use crate::display::{count, for_terminal};
use crate::load::{BackgroundLoad, Framing, LiveCorpus, LoadOptions, Source};
use crate::query::Query;

/// What the archive sends for a query: the newest articles' records, and how many match.
pub type Answer = Result<Selection, crate::archive::Error>;

/// The explorer's link to its archive.
pub struct Remote {
    /// Where articles come from.
    pub archive: Arc<dyn Archive>,
    /// At most this many articles are shown.
    pub limit: usize,
    /// How the records are read.
    pub options: LoadOptions,
    /// The query the articles shown were selected by.
    pub query: String,
    /// How many articles matched it in all.
    pub total: usize,
    /// A query on its way: its text, when it was asked, and where the answer comes.
    pending: Option<(String, std::time::Instant, Receiver<Answer>)>,
}

impl Remote {
    /// A link to `archive`, whose articles shown match `query` (`total` in all).
    pub fn new(archive: Arc<dyn Archive>, limit: usize, options: LoadOptions, query: String, total: usize) -> Remote {
        Remote { archive, limit, options, query, total, pending: None }
    }

    /// Whether a query is on its way.
    pub fn asking(&self) -> bool {
        self.pending.is_some()
    }

    /// What the status line says about the selection.
    pub fn describe(&self) -> String {
        let shown = if self.total > self.limit { format!("newest {} of ", self.limit) } else { String::new() };
        let query = if self.query.is_empty() { "everything".to_string() } else { self.query.clone() };
        format!("database {query} · {shown}{}", count(self.total, "article"))
    }
}

impl App {
    /// Asks the archive for the articles that match `text` (the filter, on a database).
    pub(super) fn requery(&mut self, text: &str) {
        let Some(remote) = &mut self.remote else { return };
        let query = match Query::parse(text) {
            Ok(q) => q,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let (archive, limit) = (Arc::clone(&remote.archive), remote.limit);
        let (tx, rx) = std::sync::mpsc::channel();
        remote.pending = Some((text.to_string(), std::time::Instant::now(), rx));
        self.message = Some("asking the database…".into());
        self.effect(Effect::Work(Box::new(move || {
            // The explorer may have moved on; then nobody listens.
            let _ = tx.send(archive.select(&query, limit));
        })));
    }

    /// Takes in the archive's answer once it has come: the explorer starts over on it.
    pub(super) fn poll_archive(&mut self) {
        let Some(remote) = &mut self.remote else { return };
        let Some((_, _, rx)) = &remote.pending else { return };
        let answer = match rx.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(answer) => answer.map_err(|e| for_terminal(&e.to_string())),
            // The work ended without an answer (it panicked).
            Err(TryRecvError::Disconnected) => Err("the database query failed".to_string()),
        };
        let Some((text, asked, _)) = remote.pending.take() else { return };
        match answer {
            Err(e) => self.message = Some(e),
            Ok(Selection { total: 0, .. }) => {
                self.message = Some(format!("no article in the database matches {text}; nothing changed"))
            }
            Ok(Selection { records, total }) => {
                let Some(mut remote) = self.remote.take() else { return };
                remote.query = text;
                remote.total = total;
                let data = LiveCorpus::with_link(remote.options.link);
                let source = Source::Text { name: "database".into(), text: records.into(), layout: Framing::JsonLines };
                let loading = BackgroundLoad::start(vec![source], remote.options, data.known());
                let mut app = App::loading(data, loading, Vec::new(), self.size);
                app.configure(self.keymap.clone(), self.entities.sort);
                app.filter_history = std::mem::take(&mut self.filter_history);
                // What is shown stays on the status line's right; this says how it went.
                let took = asked.elapsed().as_secs_f64();
                let again = self.key(crate::action::Action::OpenFilter);
                app.message = Some(format!("the database answered in {took:.1} s; {again} asks again"));
                app.remote = Some(remote);
                *self = app;
            }
        }
    }
}
