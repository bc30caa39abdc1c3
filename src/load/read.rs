//! Reads files and directories into [`Piece`]s, in order. JSON Lines files of a format whose
//! records stand alone (newslens) are streamed in chunks and parsed on every core, so a large corpus is never held as text and as structs at
//! once.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};

use super::{Framing, LoadOptions, Piece, walk};
use crate::diagnostic::{Diagnostic, Report, Severity, io_reason};
use crate::formats::{self, RecordReader};
use crate::import::Input;
use crate::link::KnownEntities;

/// Bytes read per chunk of a JSON Lines file. Every chunk read ahead of the parsers is memory
/// on top of the corpus: small chunks, few of them ahead.
const CHUNK: usize = 1 << 18;

/// The longest line of JSON Lines read (one article), so that a stream without line breaks
/// (`/dev/zero`) ends with a message instead of filling memory.
const MAX_LINE: usize = 256 << 20;

/// The most read from standard input, a FIFO or a device, which have no size to check first.
const MAX_SPECIAL: u64 = 1 << 30;

/// Reads inputs and hands each piece to `emit` as soon as it is ready, reporting the bytes read
/// so far to `progress`.
pub struct InputReader<'a> {
    options: LoadOptions,
    emit: &'a mut dyn FnMut(Piece),
    progress: &'a mut dyn FnMut(u64),
    bytes_done: u64,
    known: Option<Arc<KnownEntities>>,
}

impl<'a> InputReader<'a> {
    /// A reader that sends what it reads to `emit` and its progress to `progress`.
    pub fn new(
        options: LoadOptions,
        emit: &'a mut dyn FnMut(Piece),
        progress: &'a mut dyn FnMut(u64),
    ) -> InputReader<'a> {
        InputReader { options, emit, progress, bytes_done: 0, known: None }
    }

    /// Lets newslens articles refer to entities the assembler already has instead of
    /// building them again.
    pub fn with_known(mut self, known: Arc<KnownEntities>) -> Self {
        self.known = Some(known);
        self
    }

    /// Reads a file or a directory (recursively: every file of a format newslens reads, in
    /// name order; `.txt` files are read as the texts of brat `.ann` files).
    pub fn add_path(&mut self, path: &Path) {
        let shown = path.display().to_string();
        if path == Path::new("-") {
            return self.add_stdin();
        }
        if crate::fetch::is_address(&shown) {
            return self.add_address(&shown);
        }
        if path.is_dir() {
            let walked = walk(path);
            let unreadable = walked.problems.iter().any(|d| d.severity == Severity::Error && d.path == shown);
            for d in walked.problems {
                (self.emit)(Piece::Diagnostic(d));
            }
            let files = walked.files;
            if files.is_empty() && !unreadable {
                let looked: Vec<String> = formats::all_extensions().iter().map(|e| format!(".{e}")).collect();
                let message = format!(
                    "no files to read in this directory (looked for {}, and CoNLL columns under any name)",
                    looked.join(", ")
                );
                self.file_error(&shown, None, message);
            }
            for f in files {
                // Articles from a directory are named by their path inside it.
                let rel = f.strip_prefix(path).unwrap_or(&f).with_extension("");
                let doc_id = rel.to_string_lossy().replace('\\', "/");
                self.add_file(&f, &doc_id);
            }
        } else {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            self.add_file(path, &stem);
        }
    }

    fn add_file(&mut self, path: &Path, doc_id: &str) {
        let from = self.options.from;
        let resolved = formats::file_to_read(path, from);
        let path = resolved.as_path();
        let shown = path.display().to_string();
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => return self.file_error(&shown, None, format!("cannot read: {}", io_reason(&e))),
        };
        // A FIFO or device given by name is read, but never without a limit.
        match file.metadata() {
            Ok(m) if !m.is_file() => return self.add_stream(path, &shown, doc_id, file),
            Ok(m) => (self.emit)(Piece::Stamp(shown.as_str().into(), crate::model::FileStamp::of(&m))),
            Err(_) => {}
        }
        // A web archive streams, article by article: it may be far bigger than memory.
        if let Some((_, stream)) = formats::streamed(path, from) {
            let size = file.metadata().map_or(0, |m| m.len());
            let mut report = Report::new(&shown);
            let file_name: Arc<str> = shown.as_str().into();
            let emit = &mut self.emit;
            stream(&mut std::io::BufReader::new(file), doc_id, &mut report, &mut |draft| {
                emit(Piece::Article { file: file_name.clone(), draft: Box::new(draft) })
            });
            for d in report.diagnostics {
                (self.emit)(Piece::Diagnostic(d));
            }
            self.bytes_done += size;
            return (self.progress)(self.bytes_done);
        }
        // JSON Lines of records that stand alone can be huge: stream them. Anything else is
        // read whole.
        if Framing::of(path) == Framing::JsonLines && from.is_none_or(|f| f.records.is_some()) {
            let mut head = Vec::new();
            let _ = (&mut file).take(64 * 1024).read_to_end(&mut head);
            let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
            // A first line that is no JSON may start a document spread over several lines.
            let sample = match serde_json::from_slice::<serde::de::IgnoredAny>(first_line) {
                Ok(_) => first_line,
                Err(_) => &head[..],
            };
            let sample = String::from_utf8_lossy(sample);
            let format = from.unwrap_or_else(|| formats::detect(path, &sample));
            if from.is_none()
                && format == formats::NEWSLENS
                && let Some(why) = formats::unclaimed(path, &sample)
            {
                return self.file_error(&shown, Some((1, 1)), why);
            }
            if let Some(records) = format.records {
                let size = file.metadata().map_or(0, |m| m.len());
                return self.stream_lines(&shown, records, std::io::Cursor::new(head).chain(file), size);
            }
            let mut rest = Vec::new();
            if let Err(e) = file.read_to_end(&mut rest) {
                return self.file_error(&shown, None, format!("cannot read: {}", io_reason(&e)));
            }
            head.extend(rest);
            return self.add_bytes(path, &shown, doc_id, head);
        }
        let mut bytes = Vec::new();
        if let Err(e) = file.read_to_end(&mut bytes) {
            return self.file_error(&shown, None, format!("cannot read: {}", io_reason(&e)));
        }
        self.add_bytes(path, &shown, doc_id, bytes);
    }

    /// Reads a feed or a page at an address (fetched, or from the cache), its format told
    /// from its content; a page without an address of its own gets this one.
    fn add_address(&mut self, url: &str) {
        let bytes = match crate::fetch::fetch(url) {
            Ok(b) => b,
            Err(why) => return self.file_error(url, None, why),
        };
        let mut pieces = Vec::new();
        {
            let mut keep = |p: Piece| pieces.push(p);
            let mut progress = |_| {};
            let mut inner = InputReader::new(self.options, &mut keep, &mut progress);
            inner.add_bytes(Path::new(url), url, url, bytes);
        }
        for mut p in pieces {
            if let Piece::Article { draft, .. } = &mut p {
                let source = draft.article.source.get_or_insert_with(Default::default);
                if source.url.is_none() {
                    source.url = Some(url.to_string());
                }
            }
            (self.emit)(p);
        }
    }

    /// Reads standard input (`-`), detecting its format from its content unless `--from` says.
    fn add_stdin(&mut self) {
        let stdin = std::io::stdin();
        self.add_stream(Path::new("-"), "stdin", "stdin", stdin.lock());
    }

    /// Reads a stream that has no size (standard input, a FIFO, a device), at most
    /// [`MAX_SPECIAL`] bytes of it.
    fn add_stream(&mut self, path: &Path, shown: &str, doc_id: &str, input: impl Read) {
        let mut bytes = Vec::new();
        match input.take(MAX_SPECIAL + 1).read_to_end(&mut bytes) {
            Err(e) => self.file_error(shown, None, format!("cannot read: {}", io_reason(&e))),
            Ok(_) if bytes.len() as u64 > MAX_SPECIAL => {
                let message = format!("more than {} MiB without an end; not read", MAX_SPECIAL >> 20);
                self.file_error(shown, None, message)
            }
            Ok(_) => self.add_bytes(path, shown, doc_id, bytes),
        }
    }

    fn add_bytes(&mut self, path: &Path, shown: &str, doc_id: &str, bytes: Vec<u8>) {
        self.bytes_done += bytes.len() as u64;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            // A page says its own encoding (the web still has windows-1252 and ISO-8859-x).
            Err(e) if is_page(path, e.as_bytes()) => formats::web::decode_page(e.as_bytes(), None),
            Err(e) => {
                let d = Diagnostic::not_utf8(shown, e.as_bytes(), e.utf8_error().valid_up_to(), 0);
                return (self.emit)(Piece::Diagnostic(d));
            }
        };
        (self.progress)(self.bytes_done);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let format = self.options.from.unwrap_or_else(|| formats::detect(path, text));
        if self.options.from.is_none()
            && format == formats::NEWSLENS
            && let Some(why) = formats::unclaimed(path, text)
        {
            return self.file_error(shown, Some((1, 1)), why);
        }
        if let Some(records) = format.records {
            return self.add_records(shown, records, text, Framing::sniff(path, text));
        }
        if text.trim().is_empty() && !format.reads_empty {
            return self.file_error(shown, Some((1, 1)), format!("file is empty; expected {} data", format.name));
        }
        let mut report = Report::new(shown);
        let input =
            Input { path, text, doc_id, offsets: self.options.offsets, conll_sentences: self.options.conll_sentences };
        let imported = formats::read(format, input, &mut report);
        for d in report.diagnostics {
            (self.emit)(Piece::Diagnostic(d));
        }
        let file: Arc<str> = shown.into();
        for draft in imported.articles {
            (self.emit)(Piece::Article { file: file.clone(), draft: Box::new(draft) });
        }
        if !imported.events.is_empty() {
            (self.emit)(Piece::Events(imported.events));
        }
        if !imported.type_colors.is_empty() {
            (self.emit)(Piece::TypeColors(imported.type_colors));
        }
        if !imported.type_labels.is_empty() {
            (self.emit)(Piece::TypeLabels(imported.type_labels));
        }
    }

    /// Reads newslens JSON text; `name` is what messages call the file.
    pub fn add_source(&mut self, name: &str, text: &str, layout: Framing) {
        self.add_records(name, formats::newslens::read_json, text, layout);
    }

    /// Reads text of records that stand alone (see [`formats::Format::records`]), in `layout`.
    fn add_records(&mut self, name: &str, records: RecordReader, text: &str, layout: Framing) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            let what = match layout {
                Framing::Json => "an article object",
                Framing::JsonLines => "one article object per line",
            };
            return self.file_error(name, Some((1, 1)), format!("file is empty; expected {what}"));
        }
        match layout {
            Framing::Json => {
                for piece in parse_json(records, &name.into(), text.as_bytes(), 0, self.known.as_deref()) {
                    (self.emit)(piece);
                }
            }
            Framing::JsonLines => self.stream_lines(name, records, text.as_bytes(), text.len() as u64),
        }
    }

    /// Reads JSON Lines of about `size` bytes (0: not known) in chunks: a thread reads them,
    /// worker threads parse them, and this thread emits the pieces in file order as the chunks
    /// come back. Reading on a thread of its own keeps the workers fed while this one
    /// assembles.
    fn stream_lines(&mut self, name: &str, records: RecordReader, input: impl Read + Send, size: u64) {
        let file: Arc<str> = name.into();
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        let (work_tx, work_rx) = mpsc::sync_channel::<(usize, usize, Vec<u8>)>(workers);
        let work_rx = Mutex::new(work_rx);
        let (done_tx, done_rx) = mpsc::channel::<(usize, usize, Vec<Piece>)>();
        // Parsed chunks' buffers come back to be filled again: no fresh pages for every chunk.
        let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
        // How many more lines the first chunk's share of the file promises.
        let expect = std::sync::OnceLock::new();
        let ended = std::thread::scope(|s| {
            for _ in 0..workers {
                let (done_tx, work_rx, file) = (done_tx.clone(), &work_rx, file.clone());
                let (known, spare_tx) = (self.known.clone(), spare_tx.clone());
                s.spawn(move || {
                    loop {
                        // The lock is held only while taking the next chunk.
                        let next = work_rx.lock().map(|rx| rx.recv());
                        let Ok(Ok((seq, first_line, mut bytes))) = next else { break };
                        let pieces = parse_lines(records, &file, &bytes, first_line, known.as_deref());
                        let read = bytes.len();
                        bytes.clear();
                        let _ = spare_tx.send(bytes);
                        if done_tx.send((seq, read, pieces)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            let expect = &expect;
            let reading = s.spawn(move || read_chunks(input, size, &work_tx, &spare_rx, expect));
            let mut pending: BTreeMap<usize, (usize, Vec<Piece>)> = BTreeMap::new();
            let mut next = 0;
            // Ends when every worker has: after the reader has sent its last chunk.
            for (seq, read, pieces) in done_rx {
                pending.insert(seq, (read, pieces));
                while let Some((read, pieces)) = pending.remove(&next) {
                    pieces.into_iter().for_each(|p| (self.emit)(p));
                    if let (0, Some(&more)) = (next, expect.get()) {
                        (self.emit)(Piece::Expect(more));
                    }
                    self.bytes_done += read as u64;
                    (self.progress)(self.bytes_done);
                    next += 1;
                }
            }
            reading.join().unwrap_or(Ended::Read(Err(std::io::ErrorKind::Other.into())))
        });
        match ended {
            Ended::Read(Ok(true)) => {}
            Ended::Read(Ok(false)) => {
                self.file_error(name, Some((1, 1)), "file is empty; expected one article object per line".into())
            }
            Ended::Read(Err(e)) => self.file_error(name, None, format!("cannot read: {}", io_reason(&e))),
            Ended::LongLine(line) => {
                let message = format!("line {} is longer than {} MiB; not read", line + 1, MAX_LINE >> 20);
                self.file_error(name, None, message);
            }
        }
    }

    fn file_error(&mut self, path: &str, position: Option<(usize, usize)>, message: String) {
        (self.emit)(Piece::Diagnostic(Diagnostic { path: path.into(), position, severity: Severity::Error, message }));
    }
}

/// How reading JSON Lines ended.
enum Ended {
    /// At the end of the input: whether it held anything but whitespace; or on an error.
    Read(std::io::Result<bool>),
    /// At a line (0-based) longer than [`MAX_LINE`].
    LongLine(usize),
}

/// Reads `input` (about `size` bytes) in chunks of whole lines and sends each to the workers
/// with its number and the number of its first line (0-based); emptied buffers come back on
/// `spare` to be filled again. Sets `expect` to how many more lines the first chunk's share of
/// `size` promises.
fn read_chunks(
    mut input: impl Read,
    size: u64,
    work: &mpsc::SyncSender<(usize, usize, Vec<u8>)>,
    spare: &mpsc::Receiver<Vec<u8>>,
    expect: &std::sync::OnceLock<usize>,
) -> Ended {
    let (mut seq, mut line, mut buf, mut content) = (0, 0, Vec::with_capacity(CHUNK * 2), false);
    loop {
        // Up to a chunk more, without zeroing the buffer first.
        let n = match (&mut input).take(CHUNK as u64).read_to_end(&mut buf) {
            Ok(n) => n,
            Err(e) => return Ended::Read(Err(e)),
        };
        if seq == 0 && buf.starts_with("\u{feff}".as_bytes()) {
            buf.drain(..3);
        }
        let eof = n == 0;
        let cut = if eof { buf.len() } else { memchr::memrchr(b'\n', &buf).map_or(0, |p| p + 1) };
        if cut == 0 && !eof {
            if buf.len() > MAX_LINE {
                return Ended::LongLine(line);
            }
            continue; // a line longer than the buffer: read more of it
        }
        let mut rest = spare.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK * 2));
        rest.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        let chunk = std::mem::replace(&mut buf, rest);
        content |= chunk.iter().any(|b| !b.is_ascii_whitespace());
        let lines = memchr::memchr_iter(b'\n', &chunk).count();
        if !chunk.is_empty() {
            if seq == 0 {
                let rest = size.saturating_sub(chunk.len() as u64) as f64 / chunk.len() as f64;
                let _ = expect.set((lines.max(1) as f64 * rest) as usize);
            }
            if work.send((seq, line, chunk)).is_err() {
                return Ended::Read(Ok(content));
            }
            seq += 1;
        }
        line += lines;
        if eof {
            return Ended::Read(Ok(content));
        }
    }
}

/// Pieces of one chunk of JSON Lines that starts at line `first_line` (0-based).
fn parse_lines(
    records: RecordReader,
    file: &Arc<str>,
    bytes: &[u8],
    first_line: usize,
    known: Option<&KnownEntities>,
) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]);
    for (i, end) in ends.enumerate() {
        let raw = &bytes[start..end];
        start = end + 1;
        if !raw.iter().all(u8::is_ascii_whitespace) {
            out.extend(parse_json(records, file, raw, first_line + i, known));
        }
    }
    out
}

/// The pieces of one text of records (a whole file, or one line of JSON Lines at
/// `line_offset`), in order: each article's problems, then the article if it had no error.
fn parse_json(
    records: RecordReader,
    file: &Arc<str>,
    src: &[u8],
    line_offset: usize,
    known: Option<&KnownEntities>,
) -> Vec<Piece> {
    let mut report = Report::new(file);
    let read = records(src, line_offset, known, &mut report);
    let mut out: Vec<Piece> = report.diagnostics.into_iter().map(Piece::Diagnostic).collect();
    out.extend(read.articles.into_iter().map(|d| Piece::Article { file: file.clone(), draft: Box::new(d) }));
    if !read.events.is_empty() {
        out.push(Piece::Events(read.events));
    }
    out
}

/// Whether bytes that are no UTF-8 are an HTML page: by the name's extension, else by its start.
fn is_page(path: &Path, bytes: &[u8]) -> bool {
    let html = formats::by_name("html");
    match formats::from_extension(path) {
        Some(format) => Some(format) == html,
        None => formats::claimed_by_content(&String::from_utf8_lossy(&bytes[..bytes.len().min(1024)])) == html,
    }
}
