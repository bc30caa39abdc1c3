//! Writes the loaded data in newslens' own and other tools' formats, never overwriting a file
//! unless asked, and always atomically (a temporary file or directory, then a rename), so an
//! interrupted export leaves what was there before.

use std::io;
use std::path::{Path, PathBuf};

use crate::model::Corpus;

/// What an export produces.
pub enum Output<'c> {
    /// One file's content.
    File(String),
    /// One file, written piece by piece (an article at a time) into what it is given, so that
    /// a large export never holds its whole output.
    Stream(Writing<'c>),
    /// Files of a directory: (name, content).
    Dir(Vec<(String, String)>),
}

/// A file written piece by piece (see [`Output::Stream`]).
pub type Writing<'c> = Box<dyn FnOnce(&mut dyn io::Write) -> io::Result<()> + 'c>;

impl<'c> Output<'c> {
    /// How to write a one-file output; a directory's files as they are.
    pub fn into_writing(self) -> Result<Writing<'c>, Vec<(String, String)>> {
        match self {
            Output::File(text) => Ok(Box::new(move |w: &mut dyn io::Write| w.write_all(text.as_bytes()))),
            Output::Stream(write) => Ok(write),
            Output::Dir(files) => Err(files),
        }
    }

    /// The whole content of a one-file output (a stream written into memory); `None` for a
    /// directory.
    pub fn into_text(self) -> Option<String> {
        match self {
            Output::File(text) => Some(text),
            Output::Stream(write) => {
                let mut bytes = Vec::new();
                write(&mut bytes).expect("writing into memory does not fail");
                Some(String::from_utf8(bytes).expect("writers write UTF-8"))
            }
            Output::Dir(_) => None,
        }
    }
}

impl std::fmt::Debug for Output<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::File(text) => f.debug_tuple("File").field(&text.len()).finish(),
            Output::Stream(_) => f.write_str("Stream"),
            Output::Dir(files) => f.debug_tuple("Dir").field(&files.len()).finish(),
        }
    }
}

/// What a corpus holds that some format cannot: the counts its writer's warnings are made of.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Articles.
    pub articles: usize,
    /// Events in articles.
    pub article_events: usize,
    /// Events of no article (a timeline file's).
    pub timeline_events: usize,
    /// Events without a date, anywhere.
    pub undated_events: usize,
    /// Notes in articles.
    pub notes: usize,
    /// Relations in articles.
    pub relations: usize,
    /// Mentions.
    pub mentions: usize,
    /// Mentions with attributes.
    pub attributes: usize,
    /// Discontinuous mentions.
    pub fragmented: usize,
    /// Entities with knowledge-base links.
    pub linked: usize,
    /// Articles whose title is neither their id nor their text's first line (what readers of
    /// formats without titles make of them).
    pub titled: usize,
    /// Articles with a source.
    pub sourced: usize,
    /// Articles with a date.
    pub dated: usize,
    /// Articles with a language.
    pub languages: usize,
    /// Remarks on relations.
    pub relation_notes: usize,
}

impl Tally {
    /// The counts of `corpus`.
    pub fn of(corpus: &Corpus) -> Tally {
        let articles = &corpus.articles;
        let mentions = articles.iter().flat_map(|a| &a.mentions);
        let events = articles.iter().flat_map(|a| &a.events).chain(&corpus.events);
        Tally {
            articles: articles.len(),
            article_events: articles.iter().map(|a| a.events.len()).sum(),
            timeline_events: corpus.events.len(),
            undated_events: events.filter(|e| e.date.is_none()).count(),
            notes: articles.iter().map(|a| a.notes.len()).sum(),
            relations: articles.iter().map(|a| a.relations.len()).sum(),
            mentions: mentions.clone().count(),
            attributes: mentions.clone().filter(|m| !m.attributes().is_empty()).count(),
            fragmented: mentions.filter(|m| !m.fragments().is_empty()).count(),
            linked: corpus.entities.iter().filter(|e| !e.links.is_empty()).count(),
            titled: articles
                .iter()
                .filter(|a| a.title != a.id && a.title != crate::import::title_from_text(&a.text, &a.id))
                .count(),
            sourced: articles.iter().filter(|a| a.source.is_some()).count(),
            dated: articles.iter().filter(|a| a.date.is_some()).count(),
            languages: articles.iter().filter(|a| a.language.is_some()).count(),
            relation_notes: articles.iter().flat_map(|a| &a.relations).map(|r| r.notes.len()).sum(),
        }
    }

    /// "article ids (3), sources (1) and dates (2) not written: why", for the article
    /// metadata a format has no place for, when articles have any.
    pub fn metadata(&self, kinds: &[Metadata], why: &str) -> Option<String> {
        let parts: Vec<String> = kinds
            .iter()
            .map(|k| match k {
                Metadata::Id => ("ids", self.articles),
                Metadata::Title => ("titles", self.titled),
                Metadata::Source => ("sources", self.sourced),
                Metadata::Date => ("dates", self.dated),
                Metadata::Language => ("languages", self.languages),
            })
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{what} ({n})"))
            .collect();
        let list = match parts.as_slice() {
            [] => return None,
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        Some(format!("article {list} not written: {why}"))
    }

    /// "N things not written: why", when there are any; `what` is "singular|plural".
    pub fn say(&self, n: usize, what: &str, why: &str) -> Option<String> {
        (n > 0).then(|| format!("{} not written: {why}", noun(n, what)))
    }

    /// "N discontinuous mentions written as …", when there are any.
    pub fn in_pieces(&self, how: &str) -> Option<String> {
        let n = self.fragmented;
        (n > 0).then(|| format!("{} {how}", noun(n, "discontinuous mention|discontinuous mentions")))
    }
}

/// Article metadata a format may have no place for.
#[derive(Debug, Clone, Copy)]
pub enum Metadata {
    /// The article's id.
    Id,
    /// Its title.
    Title,
    /// Its source.
    Source,
    /// Its date.
    Date,
    /// Its language.
    Language,
}

/// `n` and the singular or plural of `what` ("singular|plural").
fn noun(n: usize, what: &str) -> String {
    let (one, many) = what.split_once('|').unwrap_or((what, what));
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Why writing failed, said for people.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists and `--force` was not given.
    Exists(PathBuf),
    /// The target is a device, FIFO or socket: newslens writes only regular files.
    Special(PathBuf),
    /// The target directory holds a file the export would not write (the path given, then
    /// that file's path inside it): replacing the directory would delete it.
    Foreign(PathBuf, String),
    /// The file system refused.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => {
                write!(f, "{} exists; nothing was written (use --force to replace it)", p.display())
            }
            WriteError::Special(p) => write!(
                f,
                "{} is not a regular file (a device, FIFO or socket); nothing was written (use -o - for standard output)",
                p.display()
            ),
            WriteError::Foreign(p, file) => write!(
                f,
                "{} holds {file}, which this export does not write; nothing was written (--force replaces a directory whole: give a new or empty one)",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {}; nothing was replaced", p.display(), brief(e)),
        }
    }
}

/// An I/O error without the "(os error N)" tail.
fn brief(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Writes `output` to `target` atomically (a temporary file beside it, then a rename), so an
/// interrupted write leaves what was there. Refuses to replace an existing target unless
/// `force`, without a window between the check and the rename for files. A symbolic link is
/// followed: its target is replaced and the link kept. Devices, FIFOs and sockets are refused.
pub fn write(target: &Path, output: Output, force: bool) -> Result<(), WriteError> {
    let given = target;
    let resolved;
    let target = match std::fs::symlink_metadata(given) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(given).map_err(|e| WriteError::Io(given.to_path_buf(), e))?;
            resolved.as_path()
        }
        _ => given,
    };
    // What is there now: refused if special, kept unless forced, else replaced keeping its
    // mode and owner.
    let replaced = std::fs::metadata(target).ok();
    match &replaced {
        Some(m) if !m.is_file() && !m.is_dir() => return Err(WriteError::Special(given.to_path_buf())),
        Some(_) if !force => return Err(WriteError::Exists(given.to_path_buf())),
        _ => {}
    }
    let io = |e| WriteError::Io(given.to_path_buf(), e);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    remove_stale(dir, &name);
    // The process id in the name tells a later run whether the writer is still alive.
    let prefix = format!(".{name}.{}.", std::process::id());
    let mut temp = tempfile::Builder::new();
    temp.prefix(&prefix).suffix(TEMP_SUFFIX);
    // What is new gets the usual mode (the umask applies), not a temporary file's owner-only one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let usual = if matches!(output, Output::Dir(_)) { 0o777 } else { 0o666 };
        temp.permissions(std::fs::Permissions::from_mode(usual));
    }
    match output.into_writing() {
        Ok(write) => {
            use std::io::Write as _;
            let mut file = temp.tempfile_in(dir).map_err(io)?;
            let _pending = Pending::register(file.path());
            if let Some(old) = &replaced {
                keep_mode_and_owner(file.as_file(), old).map_err(io)?;
            }
            let mut buffered = io::BufWriter::with_capacity(1 << 20, file.as_file_mut());
            write(&mut buffered).and_then(|()| buffered.flush()).map_err(io)?;
            drop(buffered);
            file.as_file().sync_all().map_err(io)?;
            let persisted = if force { file.persist(target) } else { file.persist_noclobber(target) };
            persisted.map(drop).map_err(|e| match e.error.kind() {
                io::ErrorKind::AlreadyExists => WriteError::Exists(given.to_path_buf()),
                _ => io(e.error),
            })
        }
        Err(files) => {
            if let Some(file) = foreign_file(target, &files) {
                return Err(WriteError::Foreign(given.to_path_buf(), file));
            }
            let temp = temp.tempdir_in(dir).map_err(io)?;
            let _pending = Pending::register(temp.path());
            if let Some(old) = replaced.as_ref().filter(|m| m.is_dir()) {
                std::fs::set_permissions(temp.path(), old.permissions()).map_err(io)?;
            }
            write_dir(temp.path(), &files).map_err(io)?;
            replace_dir(&temp.keep(), target)
        }
    }
}

/// A file (or link, or anything but a directory) inside the directory `target` that is not
/// among `files` (paths inside it): what replacing the directory would delete.
fn foreign_file(target: &Path, files: &[(String, String)]) -> Option<String> {
    if !target.is_dir() {
        return None;
    }
    let ours: std::collections::HashSet<PathBuf> = files.iter().map(|(name, _)| PathBuf::from(name)).collect();
    let mut pending = vec![target.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Some(dir.strip_prefix(target).unwrap_or(&dir).display().to_string());
        };
        for e in entries.flatten() {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => pending.push(path),
                _ => {
                    let inside = path.strip_prefix(target).unwrap_or(&path).to_path_buf();
                    if !ours.contains(&inside) {
                        return Some(inside.display().to_string());
                    }
                }
            }
        }
    }
    None
}

/// Gives `file` the mode of `old` and, where the process may, its owner and group.
fn keep_mode_and_owner(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; others keep their own files' owner anyway.
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    Ok(())
}

/// How temporary files and directories of writes end.
const TEMP_SUFFIX: &str = ".newslens-tmp";

/// Temporary files and directories of writes under way, for [`remove_unfinished`].
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A write under way: registered while it lives.
struct Pending(PathBuf);

impl Pending {
    fn register(path: &Path) -> Pending {
        if let Ok(mut p) = PENDING.lock() {
            p.push(path.to_path_buf());
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut p) = PENDING.lock() {
            p.retain(|x| *x != self.0);
        }
    }
}

/// Set when the process is stopping: writes under way stop adding files.
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Removes the temporary files and directories of writes under way: what a process that is
/// told to stop (SIGINT, SIGTERM) calls, from another thread, before it exits, so nothing
/// half-written is left. Writes stop adding files first; removal is retried until it holds.
pub fn remove_unfinished() {
    STOPPING.store(true, std::sync::atomic::Ordering::SeqCst);
    let pending = PENDING.lock().map(|p| p.clone()).unwrap_or_default();
    for p in pending {
        for _ in 0..200 {
            let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
            if !p.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

/// Removes temporary files and directories that earlier writes to `name` in `dir` left behind,
/// when the process that made them is gone (killed before it could clean up).
fn remove_stale(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix).filter(|_| file.ends_with(TEMP_SUFFIX)) else { continue };
        let Some(pid) = rest.split('.').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        // Where processes cannot be looked up, nothing is removed.
        let alive = Path::new("/proc").join(pid.to_string()).exists() || !Path::new("/proc/self").exists();
        if !alive {
            let p = e.path();
            let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
        }
    }
}

fn write_file(path: &Path, content: &str) -> io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(path)?;
    f.write_all(content.as_bytes())?;
    f.sync_all()
}

fn write_dir(dir: &Path, files: &[(String, String)]) -> io::Result<()> {
    for (name, content) in files {
        if STOPPING.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_file(&path, content)?;
    }
    Ok(())
}

/// Puts the finished directory `temp` at `target`, moving an existing target aside first
/// and deleting it only once the new one is in place. `temp` is removed if that fails.
fn replace_dir(temp: &Path, target: &Path) -> Result<(), WriteError> {
    let io = |p: &Path, e| WriteError::Io(p.to_path_buf(), e);
    let result = (|| {
        if !target.exists() {
            return std::fs::rename(temp, target).map_err(|e| io(target, e));
        }
        let old = temp.with_extension("old");
        std::fs::rename(target, &old).map_err(|e| io(target, e))?;
        if let Err(e) = std::fs::rename(temp, target) {
            let _ = std::fs::rename(&old, target);
            return Err(io(target, e));
        }
        if old.is_dir() { std::fs::remove_dir_all(&old) } else { std::fs::remove_file(&old) }.map_err(|e| io(&old, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(temp);
    }
    result
}
