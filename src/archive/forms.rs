//! A client's copy of an archive's folded names (`entity_forms`), kept in a file in a cache
//! directory and read from the server again only when the archive's forms version has moved
//! (migration 6: a trigger moves it with every change). Fuzzy search then scores the names
//! here, on every core, instead of asking the server to read every one of them each time.
//!
//! The file is a cache: it is written whole or not at all (a temporary file renamed), and one
//! that does not read as expected (another version, truncated, damaged) is fetched again.
//! Entity ids and forms come from PostgreSQL `text`, which cannot hold NUL.

use std::path::{Path, PathBuf};

use postgres::Client;

use super::sql::BestNames;
use crate::store::StoreError;

/// What a cache file starts with.
const MAGIC: &[u8] = b"newslens-forms 2\n";

/// An archive's names: each distinct folded form once, with the entities that have it. Kept as
/// the cache file's bytes (read once, never copied): a header; three tables of little-endian
/// u32 (where each form's text starts, where each form's entities start in the list of
/// entities, where each entity's id starts, each with one more entry for the end); the forms'
/// texts; the entities' ids. A search scores each distinct form once (an archive whose
/// articles each define their own København has it once here, not thousands of times).
pub(super) struct Forms {
    /// The archive they are of, and its forms version when they were read.
    pub(super) archive: String,
    pub(super) version: i64,
    bytes: Vec<u8>,
    /// How many forms.
    forms: usize,
    /// Where the three tables and the two texts start in `bytes`.
    form_starts: usize,
    owner_starts: usize,
    id_starts: usize,
    form_texts: usize,
    id_texts: usize,
}

impl Forms {
    /// Entry `i` of the table at `table`.
    #[inline]
    fn entry(&self, table: usize, i: usize) -> usize {
        let at = table + 4 * i;
        let word: [u8; 4] = self.bytes[at..at + 4].try_into().unwrap_or_default();
        u32::from_le_bytes(word) as usize
    }

    /// Form `f`'s text, as bytes.
    fn form(&self, f: usize) -> &[u8] {
        &self.bytes
            [self.form_texts + self.entry(self.form_starts, f)..self.form_texts + self.entry(self.form_starts, f + 1)]
    }

    /// The ids of the entities that have form `f`.
    fn owners(&self, f: usize) -> impl Iterator<Item = &[u8]> {
        (self.entry(self.owner_starts, f)..self.entry(self.owner_starts, f + 1)).map(move |e| {
            &self.bytes
                [self.id_texts + self.entry(self.id_starts, e)..self.id_texts + self.entry(self.id_starts, e + 1)]
        })
    }

    /// The entities a fuzzy search for the folded query `q` may rank among its first `limit`
    /// (as [`super::sql::search_candidates`] finds them on the server), on every core.
    pub(super) fn best(&self, q: &str, limit: usize) -> Vec<String> {
        let n = self.forms;
        let threads = std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, 8);
        let chunk = n.div_ceil(threads).max(1);
        let scan = |from: usize, to: usize| {
            let mut names = BestNames::new(q, limit);
            for f in from..to {
                let form = self.form(f);
                // The cheap test on bytes first; a text that is not UTF-8 (a damaged copy)
                // matches nothing.
                if crate::search::is_subsequence(q.as_bytes(), form)
                    && let Ok(form) = std::str::from_utf8(form)
                    && let Some(key) = names.rank(form)
                {
                    for id in self.owners(f) {
                        names.keep(key, || String::from_utf8_lossy(id).into_owned());
                    }
                }
            }
            names
        };
        let mut parts = std::thread::scope(|s| {
            let handles: Vec<_> =
                (0..n).step_by(chunk).map(|from| s.spawn(move || scan(from, (from + chunk).min(n)))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect::<Vec<_>>()
        });
        let Some(mut all) = parts.pop() else { return Vec::new() };
        for part in parts {
            all.merge(part);
        }
        all.entities()
    }

    /// The names in a cache file's `bytes`, if it is one whole (of any archive and version).
    fn from_bytes(bytes: Vec<u8>) -> Option<Forms> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let line = rest.iter().position(|&b| b == b'\n')?;
        let archive = std::str::from_utf8(&rest[..line]).ok()?.to_string();
        let header = MAGIC.len() + line + 1;
        let number = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
        let version = number(header)? as i64;
        let forms = usize::try_from(number(header + 8)?).ok()?;
        let ids = usize::try_from(number(header + 16)?).ok()?;
        let form_starts = header + 24;
        let owner_starts = form_starts.checked_add(forms.checked_add(1)?.checked_mul(4)?)?;
        let id_starts = owner_starts.checked_add(forms.checked_add(1)?.checked_mul(4)?)?;
        let form_texts = id_starts.checked_add(ids.checked_add(1)?.checked_mul(4)?)?;
        if form_texts > bytes.len() {
            return None;
        }
        // Each table from 0, ascending, to where what it points into ends.
        let ascending_to = |table: usize, entries: usize| {
            bytes[table..table + 4 * entries]
                .chunks_exact(4)
                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize)
                .try_fold(None, |last: Option<usize>, o| match last {
                    None if o != 0 => None,
                    Some(l) if o < l => None,
                    _ => Some(Some(o)),
                })
                .flatten()
        };
        let id_texts = form_texts.checked_add(ascending_to(form_starts, forms + 1)?)?;
        let whole = ascending_to(owner_starts, forms + 1)? == ids
            && id_texts <= bytes.len()
            && ascending_to(id_starts, ids + 1)? == bytes.len() - id_texts;
        // Texts are checked to be UTF-8 when a search reads them: only those it scores.
        whole.then_some(Forms {
            archive,
            version,
            bytes,
            forms,
            form_starts,
            owner_starts,
            id_starts,
            form_texts,
            id_texts,
        })
    }
}

/// Names taken in as rows of (form, entity) sorted by form.
struct Texts {
    form_starts: Vec<u32>,
    owner_starts: Vec<u32>,
    id_starts: Vec<u32>,
    form_texts: Vec<u8>,
    id_texts: Vec<u8>,
    last: Option<Vec<u8>>,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts {
            form_starts: vec![0],
            owner_starts: vec![0],
            id_starts: vec![0],
            form_texts: Vec::new(),
            id_texts: Vec::new(),
            last: None,
        }
    }
}

impl Texts {
    /// Takes in the next row: `entity` has `form` (rows sorted by form); `None` past 4 GiB.
    fn push(&mut self, form: &str, entity: &str) -> Option<()> {
        if self.last.as_deref() != Some(form.as_bytes()) {
            if self.last.is_some() {
                self.owner_starts.push(u32::try_from(self.id_starts.len() - 1).ok()?);
            }
            self.form_texts.extend_from_slice(form.as_bytes());
            self.form_starts.push(u32::try_from(self.form_texts.len()).ok()?);
            self.last = Some(form.as_bytes().to_vec());
        }
        self.id_texts.extend_from_slice(entity.as_bytes());
        self.id_starts.push(u32::try_from(self.id_texts.len()).ok()?);
        Some(())
    }

    /// The names taken in, as those of `archive` at `version`.
    fn into_forms(mut self, archive: String, version: i64) -> Option<Forms> {
        if self.last.is_some() {
            self.owner_starts.push(u32::try_from(self.id_starts.len() - 1).ok()?);
        }
        let (forms, ids) = (self.form_starts.len() - 1, self.id_starts.len() - 1);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(archive.as_bytes());
        bytes.push(b'\n');
        for n in [version, forms as i64, ids as i64] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        for table in [&self.form_starts, &self.owner_starts, &self.id_starts] {
            for o in table {
                bytes.extend_from_slice(&o.to_le_bytes());
            }
        }
        bytes.extend_from_slice(&self.form_texts);
        bytes.extend_from_slice(&self.id_texts);
        Forms::from_bytes(bytes)
    }
}

/// The archive's name and forms version, as the server has them now.
pub(super) fn version(client: &mut Client) -> Result<(String, i64), StoreError> {
    let row = client.query_one("SELECT archive, version FROM newslens_forms", &[])?;
    Ok((row.get(0), row.get(1)))
}

/// Every (entity, form) of the archive, read in one snapshot with the version it has; `None`
/// when they are too many for a copy (4 GiB of text).
pub(super) fn fetch(client: &mut Client) -> Result<Option<Forms>, StoreError> {
    let mut t =
        client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).read_only(true).start()?;
    let row = t.query_one("SELECT archive, version FROM newslens_forms", &[])?;
    let (archive, version) = (row.get(0), row.get(1));
    let mut texts = Texts::default();
    let mut rows =
        t.query_raw("SELECT form, entity FROM entity_forms ORDER BY form COLLATE \"C\"", std::iter::empty::<&str>())?;
    while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
        if texts.push(r.get(0), r.get(1)).is_none() {
            return Ok(None);
        }
    }
    drop(rows);
    t.commit()?;
    Ok(texts.into_forms(archive, version))
}

/// Where the copy of `archive`'s names is kept in `dir`.
fn path(dir: &Path, archive: &str) -> PathBuf {
    // The name is the server's md5 in hex; anything else is not trusted as a file name.
    let safe: String = archive.chars().filter(char::is_ascii_alphanumeric).take(64).collect();
    dir.join(format!("forms-{safe}"))
}

/// The copy of the names kept in `dir`, if it is of `archive` at `version`.
pub(super) fn read(dir: &Path, archive: &str, version: i64) -> Option<Forms> {
    let forms = Forms::from_bytes(std::fs::read(path(dir, archive)).ok()?)?;
    (forms.archive == archive && forms.version == version).then_some(forms)
}

/// Keeps `forms` in `dir`, whole or not at all; a cache that cannot be written is no error.
pub(super) fn keep(dir: &Path, forms: &Forms) {
    let target = path(dir, &forms.archive);
    if std::fs::create_dir_all(dir).is_ok()
        && let Ok(mut file) = tempfile::NamedTempFile::new_in(dir)
        && std::io::Write::write_all(&mut file, &forms.bytes).is_ok()
    {
        let _ = file.persist(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of `rows` (entity, form), in any order.
    fn forms(rows: &[(&str, &str)]) -> Forms {
        let mut sorted = rows.to_vec();
        sorted.sort_by_key(|(_, f)| *f);
        let mut texts = Texts::default();
        for (e, f) in sorted {
            texts.push(f, e).unwrap();
        }
        texts.into_forms("abc".into(), 7).unwrap()
    }

    #[test]
    fn a_file_reads_back_whole_and_a_damaged_one_does_not_read() {
        let f = forms(&[("e1", "københavn"), ("e2", "kbh"), ("e3", "🚀 x"), ("e4", "københavn")]);
        let bytes = f.bytes.clone();
        let back = Forms::from_bytes(bytes.clone()).unwrap();
        assert_eq!((back.archive.as_str(), back.version, back.forms), ("abc", 7, 3));
        let all: Vec<(&[u8], Vec<&[u8]>)> = (0..3).map(|f| (back.form(f), back.owners(f).collect())).collect();
        let want: [(&[u8], Vec<&[u8]>); 3] =
            [(b"kbh", vec![b"e2"]), ("københavn".as_bytes(), vec![b"e1", b"e4"]), ("🚀 x".as_bytes(), vec![b"e3"])];
        assert_eq!(all, want);
        // Cut anywhere it is refused; with any byte changed, refused or read within bounds.
        for cut in 0..bytes.len() {
            assert!(Forms::from_bytes(bytes[..cut].to_vec()).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x80;
            if let Some(f) = Forms::from_bytes(bad) {
                for form in 0..f.forms {
                    let _ = (f.form(form), f.owners(form).count());
                }
                let _ = f.best("k", 3);
            }
        }
    }

    #[test]
    fn the_best_on_every_core_are_the_best_of_one_scan() {
        let names: Vec<(String, String)> =
            (0..5000).map(|i| (format!("e{i}"), format!("navn {} kob{}", i % 97, i % 13))).collect();
        let rows: Vec<(&str, &str)> = names.iter().map(|(e, f)| (e.as_str(), f.as_str())).collect();
        let f = forms(&rows);
        for (q, limit) in [("kob", 5), ("n 9", 20), ("zz", 3), ("k", 50)] {
            let mut one = BestNames::new(q, limit);
            for (e, form) in &rows {
                one.add(form, || e.to_string());
            }
            let (mut a, mut b) = (f.best(q, limit), one.entities());
            a.sort();
            b.sort();
            assert_eq!(a, b, "{q}");
        }
    }
}
