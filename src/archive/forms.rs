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
const MAGIC: &[u8] = b"newslens-forms 1\n";

/// An archive's names: row `r` is (entity, form), texts `2r` and `2r + 1`. Kept as the cache
/// file's bytes (read once, never copied): a header, `2n + 1` ascending offsets (u32, little
/// endian) into the texts, the texts one after another.
pub(super) struct Forms {
    /// The archive they are of, and its forms version when they were read.
    pub(super) archive: String,
    pub(super) version: i64,
    bytes: Vec<u8>,
    /// Where the offsets start in `bytes`, how many there are, and where the texts start.
    table: usize,
    offsets: usize,
    texts: usize,
}

impl Forms {
    /// How many (entity, form) rows.
    pub(super) fn len(&self) -> usize {
        self.offsets / 2
    }

    /// Offset `i` of the table.
    fn offset(&self, i: usize) -> usize {
        let at = self.table + 4 * i;
        u32::from_le_bytes([self.bytes[at], self.bytes[at + 1], self.bytes[at + 2], self.bytes[at + 3]]) as usize
    }

    /// Text `i`, as bytes.
    fn text(&self, i: usize) -> &[u8] {
        &self.bytes[self.texts + self.offset(i)..self.texts + self.offset(i + 1)]
    }

    /// The entities a fuzzy search for the folded query `q` may rank among its first `limit`
    /// (as [`super::sql::search_candidates`] finds them on the server), on every core.
    pub(super) fn best(&self, q: &str, limit: usize) -> Vec<String> {
        let n = self.len();
        let threads = std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, 8);
        let chunk = n.div_ceil(threads).max(1);
        let scan = |from: usize, to: usize| {
            let mut names = BestNames::new(q, limit);
            for r in from..to {
                let form = self.text(2 * r + 1);
                // The cheap test on bytes first; a text that is not UTF-8 (a damaged copy)
                // matches nothing.
                if crate::search::is_subsequence(q.as_bytes(), form)
                    && let Ok(form) = std::str::from_utf8(form)
                {
                    names.add(form, || String::from_utf8_lossy(self.text(2 * r)).into_owned());
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
        let table = MAGIC.len() + line + 1 + 16;
        let number = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
        let version = number(table - 16)? as i64;
        let offsets = usize::try_from(number(table - 8)?).ok()?;
        let texts = table.checked_add(offsets.checked_mul(4)?)?;
        if texts > bytes.len() {
            return None;
        }
        let forms = Forms { archive, version, bytes, table, offsets, texts };
        // Odd (a start and an end per text), from 0, ascending, ending where the texts end.
        let whole = offsets % 2 == 1
            && forms.offset(0) == 0
            && (1..offsets).all(|i| forms.offset(i - 1) <= forms.offset(i))
            && forms.offset(offsets - 1) == forms.bytes.len() - texts;
        // Texts are checked to be UTF-8 when a search reads them: only those it scores.
        whole.then_some(forms)
    }
}

/// Names taken in one row at a time.
struct Texts {
    offsets: Vec<u32>,
    texts: Vec<u8>,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts { offsets: vec![0], texts: Vec::new() }
    }
}

impl Texts {
    /// Takes in an (entity, form) row; `None` past 4 GiB of text.
    fn push(&mut self, row: [&str; 2]) -> Option<()> {
        for text in row {
            self.texts.extend_from_slice(text.as_bytes());
            self.offsets.push(u32::try_from(self.texts.len()).ok()?);
        }
        Some(())
    }

    /// The names taken in, as those of `archive` at `version`.
    fn into_forms(self, archive: String, version: i64) -> Forms {
        let (offsets, texts) = (self.offsets, self.texts);
        let mut bytes = Vec::with_capacity(MAGIC.len() + archive.len() + 17 + 4 * offsets.len() + texts.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(archive.as_bytes());
        bytes.push(b'\n');
        bytes.extend_from_slice(&version.to_le_bytes());
        bytes.extend_from_slice(&(offsets.len() as u64).to_le_bytes());
        let table = bytes.len();
        for o in &offsets {
            bytes.extend_from_slice(&o.to_le_bytes());
        }
        let start = bytes.len();
        bytes.extend_from_slice(&texts);
        Forms { archive, version, bytes, table, offsets: offsets.len(), texts: start }
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
    let mut rows = t.query_raw("SELECT entity, form FROM entity_forms", std::iter::empty::<&str>())?;
    while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
        if texts.push([r.get(0), r.get(1)]).is_none() {
            return Ok(None);
        }
    }
    drop(rows);
    t.commit()?;
    Ok(Some(texts.into_forms(archive, version)))
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

    fn forms(rows: &[(&str, &str)]) -> Forms {
        let mut texts = Texts::default();
        for (e, f) in rows {
            texts.push([e, f]).unwrap();
        }
        texts.into_forms("abc".into(), 7)
    }

    #[test]
    fn a_file_reads_back_whole_and_a_damaged_one_does_not_read() {
        let f = forms(&[("e1", "københavn"), ("e2", "kbh"), ("e3", "🚀 x")]);
        let bytes = f.bytes.clone();
        let back = Forms::from_bytes(bytes.clone()).unwrap();
        assert_eq!((back.archive.as_str(), back.version, back.len()), ("abc", 7, 3));
        assert_eq!(back.text(5), "🚀 x".as_bytes());
        // Cut anywhere it is refused; with any byte changed, refused or read within bounds.
        for cut in 0..bytes.len() {
            assert!(Forms::from_bytes(bytes[..cut].to_vec()).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x80;
            if let Some(f) = Forms::from_bytes(bad) {
                for t in 0..f.offsets - 1 {
                    let _ = f.text(t);
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
