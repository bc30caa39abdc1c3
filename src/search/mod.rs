//! Fuzzy entity search over names and aliases (fuzzy-matcher's skim algorithm),
//! insensitive to case and diacritics, with match positions in the original chars.
//!
//! Built for a keystroke at a time over up to a million names: names are folded once when
//! indexed; equal folded names are scored once; every core scores a share with its own
//! matcher; a cheap in-order byte test skips names that cannot match; a query that grew by a
//! character only rescores what the shorter one matched; and only the best results are sorted.

pub mod fold;
mod skim;

use std::collections::{HashMap, HashSet};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::Entity;
use fold::{fold, fold_text};
pub use skim::Scorer;

/// One item (an entity, an article) that matched a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the item in the slice the index was built from.
    pub item: usize,
    /// The matcher's score; higher is better.
    pub score: i64,
    /// Which form matched: `0` the name, `k` the alias `k - 1`.
    pub form: usize,
    /// Char positions of the matched chars within that form.
    pub indices: Vec<usize>,
}

/// One name or alias of one item.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    item: u32,
    form: u32,
}

/// A fuzzy search index over the names of items (entities with their aliases, or article
/// titles).
pub struct FuzzyIndex {
    /// Every distinct folded name, scored once per search however many items share it, one
    /// after another (a search reads them in order: one allocation each was slower to walk);
    /// text `t` is `texts[text_starts[t]..text_starts[t + 1]]`.
    texts: String,
    text_starts: Vec<usize>,
    /// Length in chars of each text (a ranking key), counted once.
    text_chars: Vec<u32>,
    /// Folded name → its index in `texts`.
    text_ids: HashMap<Box<str>, u32>,
    /// For each text, its candidates in ascending order.
    owners: Vec<Vec<u32>>,
    /// Each text's first candidate (the last ranking key), kept apart to be read in order.
    first_owner: Vec<u32>,
    candidates: Vec<Candidate>,
    /// The original names one after another; candidate `c`'s is `originals[starts[c]..starts[c + 1]]`.
    originals: String,
    starts: Vec<usize>,
    /// Per item, what breaks a tie between equal matches (higher first): mention counts.
    priority: Vec<usize>,
    matcher: SkimMatcherV2,
}

/// The folded texts that matched a query, kept to narrow the next, longer query.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// The folded query.
    query: String,
    /// Indices of the texts that matched it.
    texts: Vec<u32>,
}

impl Matches {
    /// How many distinct names matched.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// What scoring part of the names found.
#[derive(Default)]
struct Scored {
    /// Every text the query is a subsequence of (what the next, longer query narrows).
    matched: Vec<u32>,
    /// The texts scored, with their scores.
    scored: Vec<(u32, i64)>,
    /// When texts were left unscored: a rank each of them was sure to fall after (the best
    /// of the floors they were skipped under).
    skipped_after: Option<NameRank>,
}

/// Scores the names of `matched` (each an item, a folded name the folded query `q` is a
/// subsequence of, and its length in chars) that a search for the best `limit` needs scored:
/// with `limit`, a name that cannot rank among the best scored so far even at its best score
/// is left unscored (see [`Floor`]). Returns the names scored with their scores and, when
/// some were left, a rank each of them falls after: the caller scores every name (no `limit`)
/// when the last hit it ranks comes after that rank, or it has fewer than `limit` hits (one
/// item may own several names).
pub(crate) fn score_best<'t, T>(
    q: &str,
    limit: Option<usize>,
    shared: &SharedFloor,
    matched: impl IntoIterator<Item = (T, &'t str, u32)>,
) -> (Vec<(T, i64)>, Option<NameRank>) {
    let mut scorer = Scorer::default();
    let mut floor = limit.map(|limit| Floor::new(q, limit, shared));
    let mut scored = Vec::new();
    // With a floor, the names that start with the query's first char first: they can score
    // the most, so the floor rises early and more of the rest is skipped.
    let (heads, rest): (Vec<_>, Vec<_>) = match &floor {
        Some(f) => matched.into_iter().partition(|(_, text, _)| f.bound.as_ref().is_some_and(|b| b.starts(text))),
        None => (matched.into_iter().collect(), Vec::new()),
    };
    for (t, text, chars) in heads.into_iter().chain(rest) {
        if floor.as_mut().is_some_and(|f| f.skips(text, chars)) {
            continue;
        }
        let Some(score) = scorer.score(text, q) else { continue };
        scored.push((t, score));
        if let Some(f) = floor.as_mut() {
            f.scored(name_rank(score, chars));
        }
    }
    (scored, floor.and_then(|f| f.skipped_after))
}

/// What lets a scan of names for the best `limit` skip scoring most of them: at least `keep`
/// names scored so far rank at the floor or before (the `keep` best, found now and then among
/// the ranks so far: a heap per name cost more than it saved, and so did scoring the names in
/// the order of their bounds), and a name that would rank after it even at its best score
/// ([`skim::Bound`]; its rank is by score, then length, which it has before scoring) cannot
/// be among them. `keep` is more than `limit`: one item may own several of the names.
struct Floor<'q> {
    bound: Option<skim::Bound<'q>>,
    shared: &'q SharedFloor,
    keep: usize,
    best: Vec<NameRank>,
    skipped_after: Option<NameRank>,
}

impl<'q> Floor<'q> {
    /// For the best `limit` of a scan for the folded query `q`; nothing scored yet.
    fn new(q: &'q str, limit: usize, shared: &'q SharedFloor) -> Floor<'q> {
        let (keep, best) = (limit * 2 + 64, Vec::new());
        Floor { bound: skim::Bound::new(q), shared, keep, best, skipped_after: None }
    }

    /// Whether the matching name `text` of `chars` chars cannot rank at the floor or before,
    /// and so need not be scored.
    fn skips(&mut self, text: &str, chars: u32) -> bool {
        // The best floor of any scan of the same search: its own is among them.
        let (Some(floor), Some(bound)) = (self.shared.get(), &self.bound) else { return false };
        // From the first char alone, or else from a pass over the name (not made when even
        // the least it can find ranks at the floor or before).
        let after = |most: i64| name_rank(most, chars) > floor;
        let skip = after(bound.of_any(text)) || (after(bound.least_of(text)) && after(bound.of(text)));
        if skip {
            self.skipped_after = Some(floor);
        }
        skip
    }

    /// Takes in the rank of a name scored.
    fn scored(&mut self, rank: NameRank) {
        self.best.push(rank);
        if self.best.len() == 2 * self.keep {
            self.best.select_nth_unstable(self.keep - 1);
            self.best.truncate(self.keep);
            self.shared.lower(self.best[self.keep - 1]);
        }
    }
}

/// The earlier of two ranks, either of which may be missing.
pub(crate) fn earlier(a: Option<NameRank>, b: Option<NameRank>) -> Option<NameRank> {
    a.into_iter().chain(b).min()
}

/// The best floor (see [`Floor`]) any of the scans of one search has reached, shared by
/// the threads that scan parts of the names: a thread whose part holds few good names skips
/// by the floor of one whose part holds many. (Any scan's floor has `keep` names at or
/// before it, so every name ranked after it can be skipped by all.)
#[derive(Default)]
pub(crate) struct SharedFloor(std::sync::atomic::AtomicU64);

impl SharedFloor {
    /// A rank as one number that orders as the rank does (lower is better): the score
    /// reversed (scores are far inside `i32`), then the length.
    fn encode((std::cmp::Reverse(score), chars): NameRank) -> u64 {
        let score = score.clamp(i64::from(i32::MIN), i64::from(i32::MAX));
        ((i64::from(i32::MAX) - score) as u64) << 32 | u64::from(chars)
    }

    fn get(&self) -> Option<NameRank> {
        let v = self.0.load(std::sync::atomic::Ordering::Relaxed);
        (v != 0).then(|| (std::cmp::Reverse(i64::from(i32::MAX) - (v >> 32) as i64), v as u32))
    }

    fn lower(&self, rank: NameRank) {
        let v = Self::encode(rank);
        let _ =
            self.0.fetch_update(std::sync::atomic::Ordering::Relaxed, std::sync::atomic::Ordering::Relaxed, |old| {
                (old == 0 || v < old).then_some(v)
            });
    }
}

/// Ranking key of a matched text: best score first, then the shorter name, then the earlier.
type Key = (std::cmp::Reverse<i64>, u32, u32);

/// Ranking key of a candidate: its text's score and length, then its item's priority (higher
/// first), then the earlier candidate.
type CandidateKey = ((std::cmp::Reverse<i64>, u32), std::cmp::Reverse<usize>, u32);

impl FuzzyIndex {
    fn empty() -> FuzzyIndex {
        FuzzyIndex {
            texts: String::new(),
            text_starts: vec![0],
            text_chars: Vec::new(),
            text_ids: HashMap::new(),
            owners: Vec::new(),
            first_owner: Vec::new(),
            candidates: Vec::new(),
            originals: String::new(),
            starts: vec![0],
            priority: Vec::new(),
            matcher: SkimMatcherV2::default(),
        }
    }

    fn add(&mut self, item: usize, form: usize, name: &str) {
        let folded = fold_text(name).into_boxed_str();
        let next = self.text_chars.len() as u32;
        let text = *self.text_ids.entry(folded.clone()).or_insert(next);
        if text == next {
            self.text_chars.push(folded.chars().count() as u32);
            self.texts.push_str(&folded);
            self.text_starts.push(self.texts.len());
            self.owners.push(Vec::new());
            self.first_owner.push(self.candidates.len() as u32);
        }
        self.owners[text as usize].push(self.candidates.len() as u32);
        self.candidates.push(Candidate { item: item as u32, form: form as u32 });
        self.originals.push_str(name);
        self.starts.push(self.originals.len());
    }

    /// Sets what breaks ties between equally good matches, per item (higher first): with
    /// mention counts, `japan` finds the Japan mentioned 40 times before a headline's `JAPAN`.
    pub fn set_priority(&mut self, priority: &[usize]) {
        self.priority.clear();
        self.priority.extend_from_slice(priority);
    }

    /// Indexes every name and alias of `entities` (form 0 is the name, `k` alias `k - 1`).
    pub fn entities(entities: &[Entity]) -> FuzzyIndex {
        let mut index = FuzzyIndex::empty();
        index.extend_entities(entities, 0);
        index
    }

    /// Adds the entities from index `from` on (entities appended since the index was built).
    pub fn extend_entities(&mut self, entities: &[Entity], from: usize) {
        for (item, e) in entities.iter().enumerate().skip(from) {
            for (form, s) in std::iter::once(&e.name).chain(&e.aliases).enumerate() {
                self.add(item, form, s);
            }
        }
    }

    /// Indexes one name per item, such as article titles.
    pub fn names<'a>(names: impl Iterator<Item = &'a str>) -> FuzzyIndex {
        let mut index = FuzzyIndex::empty();
        index.extend_names(names, 0);
        index
    }

    /// Adds names for items numbered from `from` on.
    pub fn extend_names<'a>(&mut self, names: impl Iterator<Item = &'a str>, from: usize) {
        for (i, s) in names.enumerate() {
            self.add(from + i, 0, s);
        }
    }

    /// Number of distinct folded names (what a search scores at most).
    pub fn distinct_names(&self) -> usize {
        self.text_chars.len()
    }

    /// Distinct folded name `t`.
    fn text(&self, t: u32) -> &str {
        &self.texts[self.text_starts[t as usize]..self.text_starts[t as usize + 1]]
    }

    /// The best `limit` items for `query`, best first; empty for an empty query.
    ///
    /// Each item counts once, with its best-scoring form (the name on a tie). Equal scores go
    /// to the shorter matched form, then to the earlier item.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_narrowing(query, limit, None).0
    }

    /// [`FuzzyIndex::search`], narrowing the previous search's matches when the query only
    /// grew (typing one more character never adds a match), and returning this search's
    /// matches for the next keystroke.
    pub fn search_narrowing(&self, query: &str, limit: usize, previous: Option<&Matches>) -> (Vec<Hit>, Matches) {
        let q = fold_text(query.trim());
        if q.is_empty() || limit == 0 {
            return (Vec::new(), Matches::default());
        }
        let narrowed = previous.filter(|p| !p.query.is_empty() && q.starts_with(&p.query)).map(|p| p.texts.as_slice());
        let all: Vec<u32>;
        let pool: &[u32] = match narrowed {
            Some(p) => p,
            None => {
                all = (0..self.text_chars.len() as u32).collect();
                &all
            }
        };
        // Score on every core, each thread with its own matcher (a shared one contends on its
        // cache); small pools are not worth a thread.
        let threads =
            if pool.len() < 4_096 { 1 } else { std::thread::available_parallelism().map_or(2, |n| n.get()).min(8) };
        let q_ref = q.as_str();
        let run = |bounded: bool| -> Scored {
            let shared = &SharedFloor::default();
            if threads == 1 {
                return self.score(pool, q_ref, bounded.then_some(limit), shared);
            }
            std::thread::scope(|s| {
                let chunk = pool.len().div_ceil(threads);
                let handles: Vec<_> = pool
                    .chunks(chunk)
                    .map(|part| s.spawn(move || self.score(part, q_ref, bounded.then_some(limit), shared)))
                    .collect();
                let mut all = Scored::default();
                for h in handles {
                    let part = h.join().unwrap_or_default();
                    all.matched.extend(part.matched);
                    all.scored.extend(part.scored);
                    // A thread skips under its latest floor, the best so far: the best of the threads'
                    // floors is one every skipped name ranks after.
                    all.skipped_after = earlier(all.skipped_after, part.skipped_after);
                }
                all
            })
        };
        let mut found = run(true);
        let (mut hits, last) = self.rank(&found.scored, limit, &q);
        // Names left unscored could not rank as high as a rank the search kept; when the last
        // hit ranks after that (the best names held too few items), every name is scored.
        if let Some(skipped) = found.skipped_after
            && (hits.len() < limit || last.is_none_or(|l| l > skipped))
        {
            found = run(false);
            hits = self.rank(&found.scored, limit, &q).0;
        }
        (hits, Matches { query: q, texts: found.matched })
    }

    /// Scores the texts in `part` against the folded query `q`. With `limit`, a text that
    /// cannot score as high as the lowest of the best scored so far (as many as the ranking
    /// first looks at) is only tested for a match, not scored ([`skim::Bound`]).
    fn score(&self, part: &[u32], q: &str, limit: Option<usize>, shared: &SharedFloor) -> Scored {
        let mut matched = Vec::new();
        let names = part.iter().filter_map(|&t| {
            let text = self.text(t);
            // Every query byte in order: a cheap test every match passes.
            is_subsequence(q.as_bytes(), text.as_bytes()).then(|| {
                matched.push(t);
                (t, text, self.text_chars[t as usize])
            })
        });
        let (scored, skipped_after) = score_best(q, limit, shared, names);
        Scored { matched, scored, skipped_after }
    }

    fn key(&self, (text, score): (u32, i64)) -> Key {
        let (score, len) = name_rank(score, self.text_chars[text as usize]);
        (score, len, self.first_owner[text as usize])
    }

    /// The best `limit` items among the matched texts, sorting only the best of them: the
    /// texts are cut to the best few, their candidates ranked, and the cut widened to all in
    /// the rare case that it held too few distinct items to be sure.
    /// Also returns the rank of the last hit's name.
    fn rank(&self, scored: &[(u32, i64)], limit: usize, q: &str) -> (Vec<Hit>, Option<NameRank>) {
        let mut keyed: Vec<(Key, u32)> = scored.iter().map(|&st| (self.key(st), st.0)).collect();
        let mut take = (limit * 2 + 64).min(keyed.len());
        let priority = |c: u32| self.priority.get(self.candidates[c as usize].item as usize).copied().unwrap_or(0);
        loop {
            let cut = if take < keyed.len() {
                keyed.select_nth_unstable(take);
                // Every text left out ranks at or after the smallest key left out; its
                // candidates may outrank kept ones of the same score and length on priority.
                keyed[take..].iter().map(|k| (k.0.0, k.0.1)).min()
            } else {
                None
            };
            let mut expanded: Vec<CandidateKey> = keyed[..take]
                .iter()
                .flat_map(|&(k, t)| {
                    self.owners[t as usize].iter().map(move |&c| ((k.0, k.1), std::cmp::Reverse(priority(c)), c))
                })
                .collect();
            expanded.sort_unstable();
            let (mut seen, mut hits, mut last) = (HashSet::new(), Vec::new(), None);
            for (k, _, c) in expanded {
                if cut.is_some_and(|cut| k >= cut) {
                    break;
                }
                let cand = self.candidates[c as usize];
                if seen.insert(cand.item) {
                    hits.push(self.hit(c, k.0.0, q));
                    last = Some(k);
                    if hits.len() == limit {
                        return (hits, last);
                    }
                }
            }
            if cut.is_none() {
                return (hits, last);
            }
            take = keyed.len();
        }
    }

    /// A hit for candidate `c`, with the matched positions in its original name.
    fn hit(&self, c: u32, score: i64, q: &str) -> Hit {
        let cand = self.candidates[c as usize];
        let original = &self.originals[self.starts[c as usize]..self.starts[c as usize + 1]];
        let folded = fold(original);
        let (_, at) = self.matcher.fuzzy_indices(&folded.text, q).unwrap_or_default();
        let mut indices: Vec<usize> = at.iter().map(|&i| folded.origin[i] as usize).collect();
        indices.dedup();
        Hit { item: cand.item as usize, score, form: cand.form as usize, indices }
    }
}

/// How a matched name ranks: best score first, then the shorter name (in chars).
pub type NameRank = (std::cmp::Reverse<i64>, u32);

/// The rank of a name with this score and length; every ranking of names orders by it first.
pub fn name_rank(score: i64, chars: u32) -> NameRank {
    (std::cmp::Reverse(score), chars)
}

/// The score of the folded name `text` for the folded query `q`; `None` when it does not match.
pub fn score(scorer: &mut Scorer, text: &str, q: &str) -> Option<i64> {
    // Every query byte in order: a cheap test every match passes.
    if !is_subsequence(q.as_bytes(), text.as_bytes()) {
        return None;
    }
    scorer.score(text, q)
}

/// Whether the bytes of `needle` occur in `hay` in order (not necessarily together).
pub(crate) fn is_subsequence(needle: &[u8], mut hay: &[u8]) -> bool {
    needle.iter().all(|&b| match memchr::memchr(b, hay) {
        Some(i) => {
            hay = &hay[i + 1..];
            true
        }
        None => false,
    })
}

/// The name or alias a hit matched.
pub fn matched_form(entity: &Entity, form: usize) -> &str {
    if form == 0 { &entity.name } else { &entity.aliases[form - 1] }
}

#[cfg(test)]
#[path = "../../tests/support/synth.rs"]
mod synth;

#[cfg(test)]
mod tests {
    use super::synth;
    use super::*;
    use std::collections::BTreeMap;

    fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: "X".into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            description: None,
            links: BTreeMap::new(),
        }
    }

    fn names(s: &FuzzyIndex, ents: &[Entity], q: &str) -> Vec<String> {
        s.search(q, 10).iter().map(|h| ents[h.item].name.clone()).collect()
    }

    #[test]
    fn ignores_case_and_diacritics_and_highlights_original_chars() {
        let ents = vec![entity("cph", "København", &[]), entity("m", "Thomas Müller", &[]), entity("k", "Kobe", &[])];
        let s = FuzzyIndex::entities(&ents);
        assert_eq!(names(&s, &ents, "kobenhavn"), ["København"]);
        assert_eq!(names(&s, &ents, "MULLER"), ["Thomas Müller"]);
        let hit = &s.search("muller", 1)[0];
        assert_eq!(hit.indices, [7, 8, 9, 10, 11, 12]);
        // ø is one char in the original even though the query typed "o".
        assert_eq!(s.search("kob", 5)[0].item, 2, "the shorter exact prefix ranks first");
    }

    #[test]
    fn an_alias_can_match_and_reports_itself() {
        let ents = vec![entity("cn", "Kina", &["Kinas", "China"]), entity("ch", "Chile", &[])];
        let s = FuzzyIndex::entities(&ents);
        let hits = s.search("china", 5);
        assert_eq!(hits[0].item, 0);
        assert_eq!(matched_form(&ents[0], hits[0].form), "China");
        assert_eq!(hits[0].indices, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_best_of_many_names_on_every_core_are_the_best_of_all() {
        // Enough names for a search to score on several threads, each skipping under its own
        // floor; with priorities, ties on score and length go by mentions.
        let ents: Vec<Entity> =
            synth::entity_names(30_000, 5).iter().enumerate().map(|(i, n)| entity(&format!("e{i}"), n, &[])).collect();
        let priority: Vec<usize> = (0..ents.len()).map(|i| i * 7 % 5).collect();
        let mut index = FuzzyIndex::entities(&ents);
        index.set_priority(&priority);
        for q in ["k", "ko", "sor", "soren k", "a", "gb", "thomas mul", "zz"] {
            for limit in [1, 10, 50] {
                let found: Vec<(usize, i64)> = index.search(q, limit).iter().map(|h| (h.item, h.score)).collect();
                assert_eq!(found, ranked_in_full(&ents, &priority, q, limit), "{q} {limit}");
            }
        }
    }

    #[test]
    fn narrowing_a_grown_query_finds_what_a_full_search_finds() {
        let names = synth::entity_names(30_000, 3);
        let index = FuzzyIndex::names(names.iter().map(String::as_str));
        let (_, m) = index.search_narrowing("s", 50, None);
        for q in ["so", "sor", "sore", "soren k"] {
            let (narrowed, next) = index.search_narrowing(q, 50, Some(&m));
            assert_eq!(narrowed, index.search(q, 50), "{q}");
            assert!(next.len() <= m.len());
        }
        let (_, m) = index.search_narrowing("sor", 50, None);
        assert_eq!(
            index.search_narrowing("so", 50, Some(&m)).0,
            index.search("so", 50),
            "a shorter query searches everything"
        );
    }

    #[test]
    fn an_item_with_many_matching_forms_does_not_crowd_out_the_others() {
        // Item 0 has 300 aliases that all beat the other items' names.
        let aliases: Vec<String> = (0..300).map(|i| format!("kb{i}")).collect();
        let mut ents = vec![entity("many", "kb", &aliases.iter().map(String::as_str).collect::<Vec<_>>())];
        for i in 0..50 {
            ents.push(entity(&format!("e{i}"), &format!("xx kxx b {i}"), &[]));
        }
        let s = FuzzyIndex::entities(&ents);
        let hits = s.search("kb", 20);
        assert_eq!(hits.len(), 20, "twenty distinct items");
        assert_eq!(hits[0].item, 0);
        let items: std::collections::HashSet<usize> = hits.iter().map(|h| h.item).collect();
        assert_eq!(items.len(), 20);
    }

    #[test]
    fn equal_names_are_scored_once_but_found_for_every_item() {
        let ents: Vec<Entity> = (0..5).map(|i| entity(&format!("m{i}"), "Madrid", &[])).collect();
        let s = FuzzyIndex::entities(&ents);
        assert_eq!(s.distinct_names(), 1);
        let items: Vec<usize> = s.search("madr", 10).iter().map(|h| h.item).collect();
        assert_eq!(items, [0, 1, 2, 3, 4], "in item order on a tie");
    }

    #[test]
    fn each_entity_appears_once_and_empty_query_finds_nothing() {
        let ents = vec![entity("h", "Huawei", &["Huaweis"])];
        let s = FuzzyIndex::entities(&ents);
        let hits = s.search("hua", 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].form, 0, "the name wins a tie with a longer alias");
        assert!(s.search("  ", 5).is_empty());
    }

    /// Every item's matched forms scored alone and sorted by the ranking's own order: the
    /// search's first `limit` must be these, however many names it leaves unscored.
    fn ranked_in_full(ents: &[Entity], priority: &[usize], q: &str, limit: usize) -> Vec<(usize, i64)> {
        let q = fold_text(q.trim());
        let mut scorer = Scorer::default();
        let mut all = Vec::new();
        let mut candidate = 0u32;
        for (item, e) in ents.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let folded = fold_text(name);
                if let Some(s) = score(&mut scorer, &folded, &q) {
                    let rank = name_rank(s, folded.chars().count() as u32);
                    all.push((rank, std::cmp::Reverse(priority[item]), candidate, item, s));
                }
                candidate += 1;
            }
        }
        all.sort_unstable();
        let mut seen = HashSet::new();
        all.into_iter().filter(|x| seen.insert(x.3)).take(limit).map(|x| (x.3, x.4)).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
        /// Many distinct names of few letters, so that many match, many tie and the best are
        /// anywhere: the names a search leaves unscored (they cannot reach the best) never
        /// change its answer.
        #[test]
        fn the_best_found_without_scoring_every_name_are_the_best_of_all(
            names in proptest::collection::vec(("[abs][a-fos ]{1,12}", proptest::option::of("[abos][a-fs -]{1,10}")), 200..600),
            priority in proptest::collection::vec(0usize..3, 600),
            q in "[abs][abo ]{0,3}",
            limit in 1usize..8,
        ) {
            let ents: Vec<Entity> = names
                .iter()
                .enumerate()
                .map(|(i, (n, a))| entity(&format!("e{i}"), n, &a.iter().map(String::as_str).collect::<Vec<_>>()))
                .collect();
            let priority = &priority[..ents.len()];
            let mut index = FuzzyIndex::entities(&ents);
            index.set_priority(priority);
            let found: Vec<(usize, i64)> = index.search(&q, limit).iter().map(|h| (h.item, h.score)).collect();
            proptest::prop_assert_eq!(found, ranked_in_full(&ents, priority, &q, limit));
        }

        /// Every name `score_best` leaves unscored ranks after the rank it returns, and as
        /// many names as it keeps rank at or before it; those it scores, it scores right.
        #[test]
        fn the_names_left_unscored_rank_after_the_floor(
            names in proptest::collection::vec("[abs][a-fos ]{0,12}", 300..900),
            q in "[abs][abo ]{0,3}",
            limit in 1usize..4,
        ) {
            let matched: Vec<(usize, &str, u32)> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| is_subsequence(q.as_bytes(), n.as_bytes()))
                .map(|(i, n)| (i, n.as_str(), n.chars().count() as u32))
                .collect();
            let (scored, skipped) = score_best(&q, Some(limit), &SharedFloor::default(), matched.iter().copied());
            let mut scorer = Scorer::default();
            let mut rank = |i: usize| scorer.score(&names[i], &q).map(|s| (s, name_rank(s, names[i].chars().count() as u32)));
            let mut taken = HashSet::new();
            for &(i, score) in &scored {
                proptest::prop_assert_eq!(Some(score), rank(i).map(|r| r.0));
                taken.insert(i);
            }
            if let Some(floor) = skipped {
                let at_or_before = scored.iter().filter(|&&(i, s)| name_rank(s, names[i].chars().count() as u32) <= floor);
                proptest::prop_assert!(at_or_before.count() >= limit * 2 + 64);
                for &(i, _, _) in &matched {
                    if !taken.contains(&i) && let Some((_, r)) = rank(i) {
                        proptest::prop_assert!(r > floor, "{} {:?} {:?}", names[i], r, floor);
                    }
                }
            }
        }
    }
}
