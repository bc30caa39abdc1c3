//! Loading in the background: a thread reads the inputs and sends what it read in batches, so
//! the first frame comes at once and the explorer is usable as soon as the first articles are
//! in.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::{Framing, InputReader, LoadOptions, Piece, total_bytes};
use crate::link::KnownEntities;

/// Something to read.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file or a directory.
    Path(PathBuf),
    /// newslens JSON text already in memory (the built-in example, records from a database),
    /// and what to call it.
    Text {
        /// The name messages use.
        name: String,
        /// The text.
        text: std::borrow::Cow<'static, str>,
        /// How it holds its articles.
        layout: Framing,
    },
}

/// What the reading thread says.
#[derive(Debug)]
pub enum LoadMsg {
    /// Pieces read since the last message, in input order.
    Pieces(Vec<Piece>),
    /// Bytes read so far.
    Progress(u64),
    /// The size of all inputs, once the reading thread has walked them.
    Total(u64),
    /// Everything is read.
    Done,
}

/// How far loading is.
#[derive(Debug)]
pub struct BackgroundLoad {
    rx: Receiver<LoadMsg>,
    /// Bytes of all inputs.
    pub total: u64,
    /// Bytes read so far.
    pub done: u64,
    /// Whether the thread has finished.
    pub finished: bool,
}

/// Work done to each article as it is read, before it joins the corpus.
pub type Prepare = Arc<dyn Fn(&mut crate::import::Draft) + Send + Sync>;

/// Pieces are sent at least this often while reading…
const FLUSH_EVERY: Duration = Duration::from_millis(40);
/// …or when this many have gathered.
const FLUSH_AT: usize = 512;

impl BackgroundLoad {
    /// Starts reading `sources` on a background thread. Newslens articles refer to the
    /// entities in `known` instead of building them again.
    pub fn start(sources: Vec<Source>, options: LoadOptions, known: Arc<KnownEntities>) -> BackgroundLoad {
        BackgroundLoad::start_prepared(sources, options, known, None)
    }

    /// [`BackgroundLoad::start`], with `prepare` done to each article on the background
    /// thread as it is read (the explorer's `--gazetteer` finds entities there).
    pub fn start_prepared(
        sources: Vec<Source>,
        options: LoadOptions,
        known: Arc<KnownEntities>,
        prepare: Option<Prepare>,
    ) -> BackgroundLoad {
        let (tx, rx) = mpsc::channel();
        let paths: Vec<PathBuf> = sources
            .iter()
            .filter_map(|s| match s {
                Source::Path(p) => Some(p.clone()),
                Source::Text { .. } => None,
            })
            .collect();
        let in_memory: u64 = sources
            .iter()
            .map(|s| match s {
                Source::Text { text, .. } => text.len() as u64,
                Source::Path(_) => 0,
            })
            .sum();
        std::thread::spawn(move || {
            // Sizing walks directories: here, not before the screen opens.
            let _ = tx.send(LoadMsg::Total(in_memory + total_bytes(&paths)));
            let mut batch = Vec::new();
            let mut last = Instant::now();
            let progress_tx = tx.clone();
            let mut emit = |mut p: Piece| {
                if let (Some(prepare), Piece::Article { draft, .. }) = (&prepare, &mut p) {
                    prepare(draft);
                }
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
            let mut reader = InputReader::new(options, &mut emit, &mut progress).with_known(known);
            for s in &sources {
                match s {
                    Source::Path(p) => reader.add_path(p),
                    Source::Text { name, text, layout } => reader.add_source(name, text, *layout),
                }
            }
            let _ = progress_tx.send(LoadMsg::Pieces(batch));
            let _ = progress_tx.send(LoadMsg::Done);
        });
        BackgroundLoad { rx, total: 0, done: 0, finished: false }
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
            Some(LoadMsg::Total(t)) => self.total = t,
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
        match self.total {
            // Not sized yet: nothing to say but that it has begun.
            0 if !self.finished => 0,
            t => self.done.saturating_mul(100).checked_div(t).map_or(100, |p| p.min(100)),
        }
    }
}
