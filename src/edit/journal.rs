//! A journal of edits not yet saved, so that a crash, a kill or a closed terminal loses
//! nothing. After each edit the articles it touched are appended as they now are (canonical
//! newslens records) and the file is synced; saving everything removes it. The next start on
//! the same files finds it and offers the edits back, if the files are still as they were when
//! the journal began (else restoring could undo what someone else saved).
//!
//! One journal per set of files read, in `$XDG_STATE_HOME/newslens/journal/` (named by a
//! digest of the files' paths): JSON Lines, a first line with the files and their stamps, then
//! one line per article recorded; the last record of an article is what it was.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use md5::Digest as _;
use serde::{Deserialize, Serialize};

use super::Change;
use crate::diagnostic::Report;
use crate::import::Local;
use crate::model::{Corpus, FileStamp};

/// The journal of one session's files.
pub struct Journal {
    path: PathBuf,
    file: Option<std::fs::File>,
    /// The files and their stamps, as the first line says them.
    files: BTreeMap<String, (u64, Option<(u64, u32)>)>,
}

#[derive(Serialize, Deserialize)]
struct Head {
    files: BTreeMap<String, (u64, Option<(u64, u32)>)>,
}

#[derive(Serialize, Deserialize)]
struct Record {
    article: String,
    /// The article's newslens record, as text.
    record: String,
}

/// Where journals are kept.
pub fn dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    let state = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(state.join("newslens").join("journal"))
}

fn stamp(s: &FileStamp) -> (u64, Option<(u64, u32)>) {
    let time = s.modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
    (s.len, time.map(|d| (d.as_secs(), d.subsec_nanos())))
}

impl Journal {
    /// The journal of a session over the files of `corpus` (none if it read no file, or there
    /// is no place for journals).
    pub fn of(corpus: &Corpus) -> Option<Journal> {
        Journal::in_dir(&dir()?, corpus)
    }

    /// [`Journal::of`], kept in `dir`.
    pub fn in_dir(dir: &Path, corpus: &Corpus) -> Option<Journal> {
        if corpus.stamps.is_empty() {
            return None;
        }
        let files: BTreeMap<String, _> = corpus.stamps.iter().map(|(f, s)| (absolute(f), stamp(s))).collect();
        let digest = md5::Md5::digest(files.keys().cloned().collect::<Vec<_>>().join("\n").as_bytes());
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Some(Journal { path: dir.join(format!("{name}.jsonl")), file: None, files })
    }

    /// Appends `articles` as they are in `corpus`, and syncs.
    pub fn record(&mut self, corpus: &Corpus, articles: &BTreeSet<usize>) -> std::io::Result<()> {
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut file = std::fs::OpenOptions::new().create(true).write(true).truncate(true).open(&self.path)?;
            writeln!(file, "{}", serde_json::to_string(&Head { files: self.files.clone() })?)?;
            self.file = Some(file);
        }
        let file = self.file.as_mut().expect("opened above");
        let mut lines = String::new();
        for &a in articles {
            let article = &corpus.articles[a];
            let record = crate::formats::newslens::article_line(corpus, article);
            lines.push_str(&serde_json::to_string(&Record { article: article.id.clone(), record })?);
            lines.push('\n');
        }
        file.write_all(lines.as_bytes())?;
        file.sync_data()
    }

    /// Removes it: everything is saved, or the edits are given up.
    pub fn clear(&mut self) {
        self.file = None;
        let _ = std::fs::remove_file(&self.path);
    }

    /// The edits an earlier session left in this journal, as one change to `corpus`, with how
    /// many articles differ from the files by them (none: nothing to restore); or why they
    /// cannot be restored (the files changed since). `None` when there is no journal.
    pub fn left(&self, corpus: &Corpus) -> Option<Result<(Change, usize), String>> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let mut lines = text.lines();
        let head: Head = serde_json::from_str(lines.next()?).ok()?;
        if head.files != self.files {
            return Some(Err("the files changed since those edits were made".into()));
        }
        // The last record of each article; a line cut short by the crash is passed over.
        let mut last: HashMap<String, String> = HashMap::new();
        for line in lines {
            if let Ok(r) = serde_json::from_str::<Record>(line) {
                last.insert(r.article, r.record);
            }
        }
        let by_id: HashMap<&str, usize> = corpus.articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let mut changes = Vec::new();
        let mut entities_done = BTreeSet::new();
        let (mut made, mut new_entities) = (HashMap::new(), Vec::new());
        let mut touched = 0;
        for (id, record) in last {
            let Some(&a) = by_id.get(id.as_str()) else { continue };
            let mut report = Report::new("journal");
            let imported = crate::formats::newslens::read_json(record.as_bytes(), 0, None, &mut report);
            let Some(draft) = imported.articles.into_iter().next() else { continue };
            // The record's entities are the corpus's, by id: changed ones change.
            let mut map = Vec::with_capacity(draft.entities.len());
            let mut differs = false;
            for local in &draft.entities {
                let (Local::New(e) | Local::Explicit(e)) = local else {
                    return Some(Err("a record names an unknown entity".into()));
                };
                // An entity the files do not have was made in that session: it is made again.
                let Some(ix) = corpus.entity_index(&e.id).or_else(|| made.get(&e.id).copied()) else {
                    let ix = corpus.entities.len() + made.len();
                    made.insert(e.id.clone(), ix);
                    new_entities.push(Change::NewEntity(Box::new(e.clone())));
                    map.push(ix);
                    differs = true;
                    continue;
                };
                if ix >= corpus.entities.len() {
                    map.push(ix);
                    continue;
                }
                if corpus.entities[ix] != *e {
                    differs = true;
                    if entities_done.insert(ix) {
                        changes.push(Change::Entity { entity: ix, to: Box::new(e.clone()) });
                    }
                }
                map.push(ix);
            }
            let mut b = draft.article;
            let now = &corpus.articles[a];
            b.read_from = now.read_from.clone();
            b.file = now.file.clone();
            b.map_entities(|e| map[e]);
            b.entities = map;
            if b != *now {
                changes.push(Change::Article { article: a, to: Box::new(b) });
                differs = true;
            }
            // An edit undone before the end left a record equal to the file.
            touched += differs as usize;
        }
        // New entities first: the articles' changes name them.
        new_entities.extend(changes);
        Some(Ok((Change::All(new_entities), touched)))
    }
}

/// A file's path made absolute, so that the same files read from elsewhere share a journal.
fn absolute(file: &Arc<str>) -> String {
    std::path::absolute(Path::new(&**file)).map_or_else(|_| file.to_string(), |p| p.display().to_string())
}
