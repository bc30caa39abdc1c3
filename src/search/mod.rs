//! Fuzzy entity search over names and aliases (fuzzy-matcher's skim algorithm),
//! insensitive to case and diacritics, with match positions in the original chars.

pub mod fold;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::Entity;
use fold::{Folded, fold};

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

struct Candidate {
    item: usize,
    form: usize,
    folded: Folded,
}

/// A fuzzy search index over the names of items (entities with their aliases, or article
/// titles), folded once when built.
pub struct FuzzyIndex {
    candidates: Vec<Candidate>,
    matcher: SkimMatcherV2,
}

impl FuzzyIndex {
    /// Indexes every name and alias of `entities` (form 0 is the name, `k` alias `k - 1`).
    pub fn entities(entities: &[Entity]) -> FuzzyIndex {
        let mut candidates = Vec::new();
        for (item, e) in entities.iter().enumerate() {
            for (form, s) in std::iter::once(&e.name).chain(&e.aliases).enumerate() {
                candidates.push(Candidate { item, form, folded: fold(s) });
            }
        }
        FuzzyIndex { candidates, matcher: SkimMatcherV2::default() }
    }

    /// Adds the entities from index `from` on (entities appended since the index was built).
    pub fn extend_entities(&mut self, entities: &[Entity], from: usize) {
        for (item, e) in entities.iter().enumerate().skip(from) {
            for (form, s) in std::iter::once(&e.name).chain(&e.aliases).enumerate() {
                self.candidates.push(Candidate { item, form, folded: fold(s) });
            }
        }
    }

    /// Adds names for items numbered from `from` on.
    pub fn extend_names<'a>(&mut self, names: impl Iterator<Item = &'a str>, from: usize) {
        let more = names.enumerate().map(|(i, s)| Candidate { item: from + i, form: 0, folded: fold(s) });
        self.candidates.extend(more);
    }

    /// Indexes one name per item, such as article titles.
    pub fn names<'a>(names: impl Iterator<Item = &'a str>) -> FuzzyIndex {
        let candidates = names.enumerate().map(|(item, s)| Candidate { item, form: 0, folded: fold(s) }).collect();
        FuzzyIndex { candidates, matcher: SkimMatcherV2::default() }
    }

    /// The best `limit` entities for `query`, best first; empty for an empty query.
    ///
    /// Each entity counts once, with its best-scoring form (the name on a tie). Equal scores
    /// go to the shorter matched form, then to the earlier entity.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = fold(query.trim()).text;
        if q.is_empty() {
            return Vec::new();
        }
        let mut best: Vec<Option<(i64, usize, usize)>> = Vec::new();
        for (ci, c) in self.candidates.iter().enumerate() {
            let Some(score) = self.matcher.fuzzy_match(&c.folded.text, &q) else {
                continue;
            };
            if best.len() <= c.item {
                best.resize(c.item + 1, None);
            }
            let len = c.folded.origin.len();
            let better = match best[c.item] {
                None => true,
                Some((s, l, _)) => score > s || (score == s && len < l),
            };
            if better {
                best[c.item] = Some((score, len, ci));
            }
        }
        let mut hits: Vec<(i64, usize, usize)> = best.into_iter().flatten().collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        hits.truncate(limit);
        hits.into_iter()
            .map(|(score, _, ci)| {
                let c = &self.candidates[ci];
                let (_, folded_indices) = self.matcher.fuzzy_indices(&c.folded.text, &q).unwrap_or_default();
                let mut indices: Vec<usize> = folded_indices.iter().map(|&i| c.folded.origin[i]).collect();
                indices.dedup();
                Hit { item: c.item, score, form: c.form, indices }
            })
            .collect()
    }
}

/// The name or alias a hit matched.
pub fn matched_form(entity: &Entity, form: usize) -> &str {
    if form == 0 { &entity.name } else { &entity.aliases[form - 1] }
}

#[cfg(test)]
mod tests {
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
    fn each_entity_appears_once_and_empty_query_finds_nothing() {
        let ents = vec![entity("h", "Huawei", &["Huaweis"])];
        let s = FuzzyIndex::entities(&ents);
        let hits = s.search("hua", 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].form, 0, "the name wins a tie with a longer alias");
        assert!(s.search("  ", 5).is_empty());
    }
}
