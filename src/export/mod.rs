//! Writes the loaded data in newslens' own and other tools' formats, never overwriting a file
//! unless asked, and always atomically (a temporary file or directory, then a rename), so an
//! interrupted export leaves what was there before.

pub mod brat;
pub mod conll;
pub mod jsonl;
pub mod label_studio;
pub mod timelinejs;

use std::io;
use std::path::{Path, PathBuf};

use crate::model::Corpus;

pub use jsonl::{covered_text, to_jsonl};

/// Formats newslens writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// newslens JSON, one article per line (canonical form).
    Jsonl,
    /// brat standoff: a directory of .txt and .ann files.
    Brat,
    /// Label Studio JSON tasks with labels, relations and KB references.
    LabelStudio,
    /// TimelineJS JSON of every event.
    Timelinejs,
    /// CoNLL IOB2 columns: one token and tag per line.
    Conll,
}

/// What an export produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One file's content.
    File(String),
    /// Files of a directory: (name, content).
    Dir(Vec<(String, String)>),
}

/// The corpus in `format`, with warnings about what the format cannot hold.
pub fn export(corpus: &Corpus, format: Format) -> (Output, Vec<String>) {
    match format {
        Format::Jsonl => (Output::File(to_jsonl(corpus)), Vec::new()),
        Format::Brat => brat::export(corpus),
        Format::LabelStudio => (Output::File(label_studio::export(corpus)), Vec::new()),
        Format::Timelinejs => (Output::File(timelinejs::export(corpus)), Vec::new()),
        Format::Conll => conll::export(corpus),
    }
}

/// Why writing failed, said for people.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists and `--force` was not given.
    Exists(PathBuf),
    /// The file system refused.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => {
                write!(f, "{} exists; nothing was written (use --force to replace it)", p.display())
            }
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}; nothing was replaced", p.display()),
        }
    }
}

/// Writes `output` to `target` atomically; refuses to replace an existing target unless `force`.
pub fn write(target: &Path, output: &Output, force: bool) -> Result<(), WriteError> {
    if target.exists() && !force {
        return Err(WriteError::Exists(target.to_path_buf()));
    }
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| WriteError::Io(p, e)
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp = dir.join(format!(".{name}.newslens-tmp-{}", std::process::id()));
    let result = match output {
        Output::File(content) => write_file(&temp, content)
            .map_err(io(&temp))
            .and_then(|()| std::fs::rename(&temp, target).map_err(io(target))),
        Output::Dir(files) => write_dir(&temp, files).map_err(io(&temp)).and_then(|()| replace_dir(&temp, target)),
    };
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}

fn write_file(path: &Path, content: &str) -> io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(path)?;
    f.write_all(content.as_bytes())?;
    f.sync_all()
}

fn write_dir(dir: &Path, files: &[(String, String)]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, content) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_file(&path, content)?;
    }
    Ok(())
}

/// Puts the finished directory `temp` at `target`, moving an existing target aside first
/// and deleting it only once the new one is in place.
fn replace_dir(temp: &Path, target: &Path) -> Result<(), WriteError> {
    let io = |p: &Path, e| WriteError::Io(p.to_path_buf(), e);
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
}
