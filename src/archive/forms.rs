//! A client's copy of an archive's folded names (`entity_forms`), kept in a file in a cache
//! directory and read from the server again only when the archive's forms version has moved
//! (migrations 6 and 7: triggers move it with every change of the names or of the entities'
//! order). Fuzzy search then scores the names here, on every core, instead of asking the
//! server to read every one of them each time.
//!
//! The file is a cache: it is written whole or not at all (a temporary file renamed), and one
//! that does not read as expected (another layout or version, cut short, its tables out of
//! order) is fetched again; the entity ids are checked only as far as a search reads them.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use postgres::{Client, GenericClient};

use crate::search::{NameRank, SharedFloor, earlier, name_rank, score_best};
use crate::store::StoreError;

/// What a cache file starts with.
const MAGIC: &[u8] = b"newslens-forms 4\n";

/// Most bytes the header (magic, archive, four numbers) can take.
const MAX_HEADER: usize = 256;

/// An archive's names: each distinct folded form once, with the entities that have it. The
/// file: a header (magic, archive, then version, forms, ids and the head's length as u64); two
/// tables of little-endian u32 with one more entry than forms (where each form's text starts,
/// where its entities start in the list of ids); the forms' texts — the head, all a search
/// scans — then each id's place in the archive's order of entities, a table of where each id
/// starts, and the ids: read only for the forms a search keeps. A search scores each distinct
/// form once (an archive whose articles each define their own København has it once here, not
/// thousands of times); among entities whose names tie, the places decide, as they decide in
/// the ranking, so the copy names exactly the entities a search shows.
pub(super) struct Forms {
    /// The archive they are of, and its forms version when they were read.
    pub(super) archive: String,
    pub(super) version: i64,
    head: Vec<u8>,
    /// How many forms and ids.
    forms: usize,
    ids: usize,
    /// Where the two tables and the forms' texts start in `head`.
    form_starts: usize,
    owner_starts: usize,
    form_texts: usize,
    /// The places, the ids' table and the ids' texts.
    tail: Tail,
}

/// Where the places, the ids' table and the ids' texts are.
enum Tail {
    /// Just read from the archive.
    Memory(Vec<u8>),
    /// In the cache file, after the head.
    File(Mutex<std::fs::File>, u64),
}

impl Forms {
    /// Entry `i` of the table at `table` in the head.
    #[inline]
    fn entry(&self, table: usize, i: usize) -> usize {
        let at = table + 4 * i;
        let word: [u8; 4] = self.head[at..at + 4].try_into().unwrap_or_default();
        u32::from_le_bytes(word) as usize
    }

    /// Form `f`'s text, as bytes.
    fn form(&self, f: usize) -> &[u8] {
        &self.head
            [self.form_texts + self.entry(self.form_starts, f)..self.form_texts + self.entry(self.form_starts, f + 1)]
    }

    /// `len` bytes of the tail from `at`; `None` if they cannot be read (a damaged copy).
    fn tail(&self, at: usize, len: usize) -> Option<Vec<u8>> {
        match &self.tail {
            Tail::Memory(bytes) => bytes.get(at..at.checked_add(len)?).map(<[u8]>::to_vec),
            Tail::File(file, start) => {
                let mut file = file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                file.seek(SeekFrom::Start(start.checked_add(at as u64)?)).ok()?;
                let mut out = vec![0; len];
                file.read_exact(&mut out).ok()?;
                Some(out)
            }
        }
    }

    /// The entities that have form `f`, as (place in the archive's order, entry in the list
    /// of ids); none from a damaged copy.
    fn places(&self, f: usize) -> Vec<(u32, usize)> {
        let (from, to) = (self.entry(self.owner_starts, f), self.entry(self.owner_starts, f + 1));
        let Some(table) = to.checked_sub(from).and_then(|n| self.tail(4 * from, 4 * n)) else { return Vec::new() };
        table.chunks_exact(4).zip(from..).map(|(w, i)| (u32::from_le_bytes([w[0], w[1], w[2], w[3]]), i)).collect()
    }

    /// The id at entry `i` of the list of ids (`None` from a damaged copy).
    fn id(&self, i: usize) -> Option<String> {
        let bounds = self.tail(4 * (self.ids + i), 8)?;
        let (from, to) = (
            u32::from_le_bytes([bounds[0], bounds[1], bounds[2], bounds[3]]) as usize,
            u32::from_le_bytes([bounds[4], bounds[5], bounds[6], bounds[7]]) as usize,
        );
        let text = self.tail(4 * (2 * self.ids + 1) + from, to.checked_sub(from)?)?;
        Some(String::from_utf8_lossy(&text).into_owned())
    }

    /// The entities a fuzzy search for the folded query `q` ranks first, at most `limit`, in
    /// no particular order: the forms scored on every core (most need not be: see
    /// [`score_best`]), then taken best first; among the entities of forms that rank the same,
    /// those earliest in the archive's order (the one [`super::sql::counted_entities`] and
    /// the ranking's priorities follow). Only the entities taken are read from the server.
    pub(super) fn best(&self, q: &str, limit: usize) -> Vec<String> {
        let (entries, last, skipped) = self.take(q, limit, true);
        // Forms left unscored rank after `skipped`: when the last taken does too (the best
        // forms held too few entities), every form is scored.
        let entries = match skipped {
            Some(skipped) if entries.len() < limit || last.is_none_or(|l| l > skipped) => self.take(q, limit, false).0,
            _ => entries,
        };
        entries.into_iter().filter_map(|i| self.id(i)).collect()
    }

    /// The entries of the ids [`Forms::best`] takes, the rank of the last one's form, and
    /// when `bounded` let forms go unscored, a rank each of them falls after.
    fn take(&self, q: &str, limit: usize, bounded: bool) -> (Vec<usize>, Option<NameRank>, Option<NameRank>) {
        let n = self.forms;
        let threads = std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, 8);
        let chunk = n.div_ceil(threads).max(1);
        let shared = &SharedFloor::default();
        let scan = |from: usize, to: usize| {
            let forms = (from..to).filter_map(|f| {
                let form = self.form(f);
                // The cheap test on bytes first; a text that is not UTF-8 (a damaged copy)
                // matches nothing.
                if !crate::search::is_subsequence(q.as_bytes(), form) {
                    return None;
                }
                let form = std::str::from_utf8(form).ok()?;
                let chars = u32::try_from(form.chars().count()).unwrap_or(u32::MAX);
                Some(((f, chars), form, chars))
            });
            let (scored, skipped) = score_best(q, bounded.then_some(limit), shared, forms);
            let ranked: Vec<_> = scored.into_iter().map(|((f, chars), score)| (name_rank(score, chars), f)).collect();
            (ranked, skipped)
        };
        let (mut scored, mut skipped) = (Vec::new(), None);
        std::thread::scope(|s| {
            let handles: Vec<_> =
                (0..n).step_by(chunk).map(|from| s.spawn(move || scan(from, (from + chunk).min(n)))).collect();
            for h in handles {
                let (part, after) = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                scored.extend(part);
                // Each thread skipped under its own floor: the best of them is one every
                // skipped form ranks after.
                skipped = earlier(skipped, after);
            }
        });
        scored.sort_unstable();
        // An entity ranks by its best form: one taken for a better form is passed over later.
        let mut taken: rustc_hash::FxHashSet<u32> = Default::default();
        let (mut entries, mut last) = (Vec::new(), None);
        for same in scored.chunk_by(|a, b| a.0 == b.0) {
            if entries.len() >= limit {
                break;
            }
            let mut owners: Vec<(u32, usize)> =
                same.iter().flat_map(|&(_, f)| self.places(f)).filter(|(place, _)| !taken.contains(place)).collect();
            owners.sort_unstable();
            owners.dedup_by_key(|o| o.0);
            for (place, entry) in owners.into_iter().take(limit - entries.len()) {
                taken.insert(place);
                entries.push(entry);
                last = Some(same[0].0);
            }
        }
        (entries, last, skipped)
    }

    /// The names in `head` with `tail`, if they are whole.
    fn new(head: Vec<u8>, tail: Tail, tail_len: u64) -> Option<Forms> {
        let rest = head.strip_prefix(MAGIC)?;
        let line = rest.iter().take(MAX_HEADER).position(|&b| b == b'\n')?;
        let archive = std::str::from_utf8(&rest[..line]).ok()?.to_string();
        let header = MAGIC.len() + line + 1;
        let number = |i: usize| {
            let at = header + 8 * i;
            usize::try_from(u64::from_le_bytes(head.get(at..at + 8)?.try_into().ok()?)).ok()
        };
        let (version, forms, ids, head_len) = (number(0)? as i64, number(1)?, number(2)?, number(3)?);
        let form_starts = header + 32;
        let owner_starts = form_starts.checked_add(forms.checked_add(1)?.checked_mul(4)?)?;
        let form_texts = owner_starts.checked_add(forms.checked_add(1)?.checked_mul(4)?)?;
        if head.len() != head_len || form_texts > head_len {
            return None;
        }
        // Each table from 0, ascending, to where what it points into ends.
        let ascending_to = |table: usize| {
            head[table..table + 4 * (forms + 1)]
                .chunks_exact(4)
                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize)
                .try_fold(None, |last: Option<usize>, o| match last {
                    None if o != 0 => None,
                    Some(l) if o < l => None,
                    _ => Some(Some(o)),
                })
                .flatten()
        };
        // (`ids` is then a u32's worth: no product below overflows.)
        if ascending_to(form_starts)? != head_len - form_texts || ascending_to(owner_starts)? != ids {
            return None;
        }
        let forms = Forms { archive, version, head, forms, ids, form_starts, owner_starts, form_texts, tail };
        // The ids' texts end where the tail ends (the rest of the places and of the ids' table
        // is checked as far as a search reads them: only for the forms it keeps).
        let end = forms.tail(8 * ids, 4)?;
        let end = u64::from(u32::from_le_bytes([end[0], end[1], end[2], end[3]]));
        (4 * (2 * ids as u64 + 1) + end == tail_len).then_some(forms)
    }
}

/// Where an entity comes in the order fuzzy search breaks ties in (mentions, most first, then
/// first appearance: the order [`super::sql::counted_entities`] gives and the ranking's
/// priorities follow).
type OrderKey = (std::cmp::Reverse<i64>, i64, i32);

/// Names taken in as rows of (form, entity, the entity's order key) sorted by form.
struct Texts {
    /// Where each form's text starts in `form_texts`, and where the last ends.
    form_starts: Vec<u32>,
    /// Where each form's entities start among the ids (the end is added last).
    owner_starts: Vec<u32>,
    /// Each id's key in the archive's order of entities (made places when all are in).
    keys: Vec<OrderKey>,
    /// Where each id starts in `id_texts`, and where the last ends.
    id_starts: Vec<u32>,
    form_texts: Vec<u8>,
    id_texts: Vec<u8>,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts {
            form_starts: vec![0],
            owner_starts: Vec::new(),
            keys: Vec::new(),
            id_starts: vec![0],
            form_texts: Vec::new(),
            id_texts: Vec::new(),
        }
    }
}

impl Texts {
    /// Takes in the next row: `entity`, at `key` in the archive's order, has `form` (rows
    /// sorted by form); `None` past 4 GiB.
    fn push(&mut self, form: &str, entity: &str, key: OrderKey) -> Option<()> {
        let last = self.form_starts.len().checked_sub(2).map(|f| &self.form_texts[self.form_starts[f] as usize..]);
        if last != Some(form.as_bytes()) {
            self.owner_starts.push(u32::try_from(self.id_starts.len() - 1).ok()?);
            self.form_texts.extend_from_slice(form.as_bytes());
            self.form_starts.push(u32::try_from(self.form_texts.len()).ok()?);
        }
        self.keys.push(key);
        self.id_texts.extend_from_slice(entity.as_bytes());
        self.id_starts.push(u32::try_from(self.id_texts.len()).ok()?);
        Some(())
    }

    /// Each id's place: the entities in the archive's order numbered from 0 (an entity's
    /// rows, one per form, share it). Sorted here: the server would sort the rows twice.
    fn places(&self) -> Vec<u32> {
        let id = |i: u32| &self.id_texts[self.id_starts[i as usize] as usize..self.id_starts[i as usize + 1] as usize];
        let rank = |i: u32| (self.keys[i as usize], id(i));
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| rank(a).cmp(&rank(b)));
        let mut places = vec![0; order.len()];
        let mut place = 0;
        for w in 0..order.len() {
            if w > 0 && rank(order[w - 1]) != rank(order[w]) {
                place += 1;
            }
            places[order[w] as usize] = place;
        }
        places
    }

    /// The names taken in, as those of `archive` at `version`.
    fn into_forms(mut self, archive: String, version: i64) -> Option<Forms> {
        self.owner_starts.push(u32::try_from(self.id_starts.len() - 1).ok()?);
        let (forms, ids) = (self.form_starts.len() - 1, self.id_starts.len() - 1);
        let places = self.places();
        drop(std::mem::take(&mut self.keys));
        let mut head = Vec::new();
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(archive.as_bytes());
        head.push(b'\n');
        let head_len = head.len() + 32 + 8 * (forms + 1) + self.form_texts.len();
        for n in [version as u64, forms as u64, ids as u64, head_len as u64] {
            head.extend_from_slice(&n.to_le_bytes());
        }
        for table in [&self.form_starts, &self.owner_starts] {
            for o in table {
                head.extend_from_slice(&o.to_le_bytes());
            }
        }
        head.extend_from_slice(&self.form_texts);
        let mut tail = Vec::with_capacity(4 * (ids + self.id_starts.len()) + self.id_texts.len());
        for o in places.iter().chain(&self.id_starts) {
            tail.extend_from_slice(&o.to_le_bytes());
        }
        tail.extend_from_slice(&self.id_texts);
        let len = tail.len() as u64;
        Forms::new(head, Tail::Memory(tail), len)
    }
}

/// The archive's name and forms version, as the server (or a transaction's snapshot) has them.
pub(super) fn version(client: &mut impl GenericClient) -> Result<(String, i64), StoreError> {
    let row = client.query_one("SELECT archive, version FROM newslens_forms", &[])?;
    Ok((row.get(0), row.get(1)))
}

/// Every (entity, form) of the archive with the entity's place in the archive's order, read in
/// one snapshot with the version it has; `None` when they are too many for a copy (4 GiB of
/// text).
pub(super) fn fetch(client: &mut Client) -> Result<Option<Forms>, StoreError> {
    let mut t =
        client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).read_only(true).start()?;
    let (archive, version) = version(&mut t)?;
    let mut texts = Texts::default();
    let sql = "SELECT f.form, f.entity, x.mentions, x.first_seq, x.ord FROM entity_forms f
               JOIN entities x ON x.id = f.entity ORDER BY f.form COLLATE \"C\"";
    let mut rows = t.query_raw(sql, std::iter::empty::<&str>())?;
    while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
        let key = (std::cmp::Reverse(r.get(2)), r.get(3), r.get(4));
        if texts.push(r.get(0), r.get(1), key).is_none() {
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

/// The copy of the names kept in `dir`, if it is of `archive` at `version`: its head read,
/// the ids left in the file until a search needs some.
pub(super) fn read(dir: &Path, archive: &str, version: i64) -> Option<Forms> {
    let mut file = std::fs::File::open(path(dir, archive)).ok()?;
    let size = file.metadata().ok()?.len();
    let mut head = Vec::new();
    (&mut file).take(MAX_HEADER as u64).read_to_end(&mut head).ok()?;
    let line = head.strip_prefix(MAGIC)?.iter().position(|&b| b == b'\n')?;
    let at = MAGIC.len() + line + 1 + 24;
    let head_len = u64::from_le_bytes(head.get(at..at + 8)?.try_into().ok()?);
    if head_len > size {
        return None;
    }
    // The first read may have gone past the head (a small file): the tail is read by offset.
    // The rest in one read, into room made once.
    let head_len = usize::try_from(head_len).ok()?;
    head.truncate(head_len);
    let read = head.len();
    head.resize(head_len, 0);
    file.read_exact(&mut head[read..]).ok()?;
    let forms = Forms::new(head, Tail::File(Mutex::new(file), head_len as u64), size - head_len as u64)?;
    (forms.archive == archive && forms.version == version).then_some(forms)
}

/// Keeps `forms` (just read from the archive) in `dir`, whole or not at all; a cache that
/// cannot be written is no error.
pub(super) fn keep(dir: &Path, forms: &Forms) {
    let Tail::Memory(tail) = &forms.tail else { return };
    let target = path(dir, &forms.archive);
    if std::fs::create_dir_all(dir).is_ok()
        && let Ok(mut file) = tempfile::NamedTempFile::new_in(dir)
        && std::io::Write::write_all(&mut file, &forms.head).is_ok()
        && std::io::Write::write_all(&mut file, tail).is_ok()
    {
        let _ = file.persist(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of `rows` (entity, form, the entity's place), in any order.
    fn forms(rows: &[(&str, &str, u32)]) -> Forms {
        let mut sorted = rows.to_vec();
        sorted.sort_by_key(|&(_, f, place)| (f, place));
        let mut texts = Texts::default();
        for (e, f, place) in sorted {
            texts.push(f, e, (std::cmp::Reverse(0), i64::from(place), 0)).unwrap();
        }
        texts.into_forms("abc".into(), 7).unwrap()
    }

    /// The entities that have form `f`, read back.
    fn owners(forms: &Forms, f: usize) -> Vec<String> {
        forms.places(f).into_iter().filter_map(|(_, i)| forms.id(i)).collect()
    }

    #[test]
    fn a_file_reads_back_whole_and_a_damaged_one_does_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = forms(&[("e1", "københavn", 3), ("e2", "kbh", 0), ("e3", "🚀 x", 1), ("e4", "københavn", 2)]);
        keep(dir.path(), &f);
        let file = path(dir.path(), "abc");
        let bytes = std::fs::read(&file).unwrap();
        assert!(read(dir.path(), "abc", 8).is_none(), "another version");
        let back = read(dir.path(), "abc", 7).unwrap();
        assert_eq!((back.archive.as_str(), back.forms), ("abc", 3));
        let all: Vec<(&[u8], Vec<String>)> = (0..3).map(|f| (back.form(f), owners(&back, f))).collect();
        let want: [(&[u8], Vec<String>); 3] = [
            (b"kbh", vec!["e2".into()]),
            ("københavn".as_bytes(), vec!["e4".into(), "e1".into()]),
            ("🚀 x".as_bytes(), vec!["e3".into()]),
        ];
        assert_eq!(all, want);
        assert_eq!(back.best("kbhvn", 1), ["e4"], "of two alike, the one placed first");
        // Cut anywhere it is refused; with any byte changed, refused or read within bounds.
        for cut in 0..bytes.len() {
            std::fs::write(&file, &bytes[..cut]).unwrap();
            assert!(read(dir.path(), "abc", 7).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x80;
            std::fs::write(&file, &bad).unwrap();
            if let Some(f) = read(dir.path(), "abc", 7) {
                for form in 0..f.forms {
                    let _ = (f.form(form), owners(&f, form));
                }
                let _ = f.best("k", 3);
            }
        }
    }

    #[test]
    fn the_best_on_every_core_are_the_best_of_all_names() {
        // 5,000 entities, many alike, a third with a second name; places in a shuffled order.
        let mut names: Vec<(String, String, u32)> = Vec::new();
        for i in 0..5000u32 {
            let (e, place) = (format!("e{i}"), i * 7919 % 5000);
            names.push((e.clone(), format!("navn {} kob{}", i % 97, i % 13), place));
            if i % 3 == 0 {
                names.push((e, format!("kob{}", i % 7), place));
            }
        }
        // One entity with 400 names that rank before (and are scanned before) 50 others: the
        // best names hold too few entities, and a search scores the rest after all.
        for i in 0..400 {
            names.push(("many".into(), format!("zqx{i}"), 6000));
        }
        for i in 0..50 {
            names.push((format!("z{i}"), format!("zqxz long name {i}"), 6001 + i));
        }
        let rows: Vec<(&str, &str, u32)> = names.iter().map(|(e, f, p)| (e.as_str(), f.as_str(), *p)).collect();
        let f = forms(&rows);
        for (q, limit) in [("kob", 5), ("kob", 700), ("n 9", 20), ("zz", 3), ("k", 50), ("navn 1 kob1", 2), ("zqx", 3)]
        {
            // Each entity by its best name, then by place.
            let mut scorer = crate::search::Scorer::default();
            let mut best: rustc_hash::FxHashMap<&str, _> = Default::default();
            for &(e, form, place) in &rows {
                if let Some(score) = crate::search::score(&mut scorer, form, q) {
                    let rank = (name_rank(score, form.chars().count() as u32), place);
                    best.entry(e).and_modify(|r| *r = rank.min(*r)).or_insert(rank);
                }
            }
            let mut all: Vec<_> = best.into_iter().map(|(e, r)| (r, e)).collect();
            all.sort_unstable();
            let mut want: Vec<&str> = all.into_iter().take(limit).map(|(_, e)| e).collect();
            let mut got = f.best(q, limit);
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{q} {limit}");
        }
    }
}
