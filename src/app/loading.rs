//! Loading in the background: a thread reads the inputs and sends what it read in batches, so
//! the first frame comes at once and the explorer is usable as soon as the first articles are
//! in.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::{App, EntityInfo};
use crate::action::Pane;
use crate::example::{EXAMPLE_JSON, EXAMPLE_NAME};
use crate::load::{InputReader, Layout, LoadOptions, Piece, total_bytes};
use crate::model::Corpus;

/// What the reading thread says.
#[derive(Debug)]
pub enum LoadMsg {
    /// Pieces read since the last message, in input order.
    Pieces(Vec<Piece>),
    /// Bytes read so far.
    Progress(u64),
    /// Everything is read.
    Done,
}

/// How far loading is.
#[derive(Debug)]
pub struct Loading {
    rx: Receiver<LoadMsg>,
    /// Bytes of all inputs.
    pub total: u64,
    /// Bytes read so far.
    pub done: u64,
    /// Whether the thread has finished.
    pub finished: bool,
}

/// Pieces are sent at least this often while reading…
const FLUSH_EVERY: Duration = Duration::from_millis(40);
/// …or when this many have gathered.
const FLUSH_AT: usize = 512;

impl Loading {
    /// Starts reading `paths` (the built-in example when empty) on a background thread.
    pub fn start(paths: Vec<PathBuf>, options: LoadOptions) -> Loading {
        let (tx, rx) = mpsc::channel();
        let total = if paths.is_empty() { EXAMPLE_JSON.len() as u64 } else { total_bytes(&paths) };
        std::thread::spawn(move || {
            let mut batch = Vec::new();
            let mut last = Instant::now();
            let progress_tx = tx.clone();
            let mut emit = |p: Piece| {
                batch.push(p);
                if batch.len() >= FLUSH_AT || last.elapsed() >= FLUSH_EVERY {
                    // A closed channel means the explorer quit: nothing left to do but finish.
                    let _ = tx.send(LoadMsg::Pieces(std::mem::take(&mut batch)));
                    last = Instant::now();
                }
            };
            let mut progress = |bytes| {
                let _ = progress_tx.send(LoadMsg::Progress(bytes));
            };
            let mut reader = InputReader::new(options, &mut emit, &mut progress);
            if paths.is_empty() {
                reader.add_source(EXAMPLE_NAME, EXAMPLE_JSON, Layout::Json);
            }
            for p in &paths {
                reader.add_path(p);
            }
            let _ = progress_tx.send(LoadMsg::Pieces(batch));
            let _ = progress_tx.send(LoadMsg::Done);
        });
        Loading { rx, total, done: 0, finished: false }
    }

    /// Every piece that has arrived, without waiting.
    pub fn drain(&mut self) -> Vec<Piece> {
        let mut out = Vec::new();
        while !self.finished {
            match self.rx.try_recv() {
                Ok(msg) => self.take(Some(msg), &mut out),
                Err(TryRecvError::Disconnected) => self.take(None, &mut out),
                Err(TryRecvError::Empty) => break,
            }
        }
        out
    }

    /// Takes one message (`None`: the thread is gone) into `out` and the progress.
    fn take(&mut self, msg: Option<LoadMsg>, out: &mut Vec<Piece>) {
        match msg {
            Some(LoadMsg::Pieces(p)) => out.extend(p),
            Some(LoadMsg::Progress(b)) => self.done = b,
            Some(LoadMsg::Done) | None => {
                self.finished = true;
                self.done = self.done.max(self.total);
            }
        }
    }

    /// Waits up to `limit` for loading to finish, gathering what arrives.
    pub fn wait(&mut self, limit: Duration) -> Vec<Piece> {
        let until = Instant::now() + limit;
        let mut out = Vec::new();
        while !self.finished {
            out.extend(self.drain());
            if self.finished || Instant::now() >= until {
                break;
            }
            match self.rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(msg) => self.take(Some(msg), &mut out),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => self.take(None, &mut out),
            }
        }
        out
    }

    /// Loading progress from 0 to 100.
    pub fn percent(&self) -> u64 {
        self.done.saturating_mul(100).checked_div(self.total).map_or(100, |p| p.min(100))
    }
}

/// Taking in what the loading thread read.
impl App {
    /// An explorer that starts with what `loading` has read so far and takes the rest as it
    /// comes (see [`App::poll_loading`]).
    pub fn loading(mut loading: Loading, first: Vec<Piece>, size: (u16, u16)) -> App {
        let mut app = App::new(Corpus::default(), size);
        let rest = loading.drain();
        app.loading = Some(loading);
        app.absorb(first.into_iter().chain(rest).collect());
        app.finish_loading_if_done();
        app
    }

    /// Takes in what the loading thread has read since the last call.
    pub fn poll_loading(&mut self) {
        let Some(loading) = &mut self.loading else { return };
        let pieces = loading.drain();
        if !pieces.is_empty() {
            self.absorb(pieces);
        }
        self.finish_loading_if_done();
    }

    pub(super) fn finish_loading_if_done(&mut self) {
        if !self.loading.as_ref().is_some_and(|l| l.finished) {
            return;
        }
        self.loading = None;
        self.refresh_lists();
        if self.corpus.articles.is_empty() && !self.diagnostics.is_empty() {
            self.problems = Some(0);
        }
    }

    /// Adds read pieces to the corpus and brings every index up to date. The entity list and
    /// timeline are re-sorted at most every quarter second while loading (sorting 100,000
    /// entities on every batch would make typing lag).
    pub fn absorb(&mut self, pieces: Vec<Piece>) {
        let (articles, entities) = (self.corpus.articles.len(), self.corpus.entities.len());
        for p in pieces {
            self.assembler.add(&mut self.corpus, &mut self.diagnostics, p);
        }
        self.counts.resize(self.corpus.entities.len(), 0);
        self.article_counts.resize(self.corpus.entities.len(), 0);
        for a in &self.corpus.articles[articles..] {
            let mut mentioned: Vec<usize> = a.mentions.iter().map(|m| m.entity).collect();
            for &e in &mentioned {
                self.counts[e] += 1;
            }
            mentioned.sort_unstable();
            mentioned.dedup();
            for e in mentioned {
                self.article_counts[e] += 1;
            }
        }
        self.index.extend_entities(&self.corpus.entities, entities);
        self.titles.extend_names(self.corpus.articles[articles..].iter().map(|a| a.title.as_str()), articles);
        self.entities.order.extend(entities..self.corpus.entities.len());
        if articles == 0 && !self.corpus.articles.is_empty() {
            self.entities.sort(&self.corpus, &self.counts, self.article);
            self.entities.cursor = Default::default();
            self.relayout(true);
        }
        if self.last_sort.elapsed() >= std::time::Duration::from_millis(250) {
            self.refresh_lists();
        }
    }

    /// Re-sorts the entity list and rebuilds the timeline.
    pub(super) fn refresh_lists(&mut self) {
        self.entities.sort(&self.corpus, &self.counts, self.article);
        let h = self.list_height(Pane::Entities);
        self.entities.cursor.follow(self.entities.order.len(), h);
        self.timeline.rebuild(&self.corpus, self.list_height(Pane::Timeline));
        self.last_sort = Instant::now();
        if let Some(e) = self.selection.entity {
            self.entity_info = Some(EntityInfo::gather(&self.corpus, e));
        }
    }
}
