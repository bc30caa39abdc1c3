//! Finding a gazetteer's names in a text: a multi-pattern automaton run over the text folded
//! as search folds it (case, diacritics), anchored at each word start, keeping names that end
//! on a word boundary, leftmost and longest first.
//!
//! Three rules sharpen it. A short name in capitals (an acronym: `US`, `EU`, `SMIC`) matches
//! only in capitals, so `us` and `eu` in running text are not mentions. A name the gazetteer
//! writes with a capital matches only where the text starts it with one (`HUAWEI`, `Huawei`,
//! not the Danish verb `gøre` for Gore, nor `høj` for the place Høj). And a name may carry its
//! language's glued suffix (the genitive of [`SUFFIXES`]): Danish `Huaweis` is a mention of
//! Huawei, as the built-in example counts it; the suffix is part of the mention.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use super::Gazetteer;
use crate::model::Span;
use crate::search::fold::{fold, fold_text};

/// Suffixes glued to a name by a language's grammar (the genitive), by language code: a name
/// followed by one of them, then a word boundary, is a mention. Languages that write the
/// genitive apart (English `Apple's`: the apostrophe is already a word boundary) need none;
/// without a language none is assumed. Add a row for another language here.
pub const SUFFIXES: &[(&str, &[&str])] = &[
    ("da", &["s"]),
    ("nb", &["s"]),
    ("nn", &["s"]),
    ("no", &["s"]),
    ("sv", &["s"]),
    ("de", &["es", "s"]),
    ("nl", &["s"]),
];

/// The suffixes of `language` (a code such as `da` or `da-DK`), longest first.
pub fn suffixes(language: Option<&str>) -> &'static [&'static str] {
    let Some(lang) = language else { return &[] };
    let primary = lang.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    SUFFIXES.iter().find(|(code, _)| *code == primary).map_or(&[], |(_, s)| s)
}

/// The longest name (in chars, folded) the matcher takes: longer ones are no names.
const MAX_NAME: usize = 200;

/// A name in capitals this short or shorter is an acronym and matches only in capitals.
const ACRONYM: usize = 5;

/// One name of the automaton.
#[derive(Debug, Clone)]
struct Pattern {
    /// Its length in folded chars.
    chars: usize,
    /// The entities (indices into the gazetteer) called so, best first (see
    /// [`Gazetteer::ranked`]).
    entities: Vec<usize>,
    /// For an acronym, the name as it must be written.
    exact: Option<Vec<char>>,
    /// Whether every name of the pattern starts with a capital, so the text must too.
    capital: bool,
}

/// The patterns of one folded string: a word and an acronym may fold alike (`Us`, `US`), and
/// the automaton finds one of equal strings, so both are tried in turn.
#[derive(Debug, Clone, Copy, Default)]
struct Variants {
    acronym: Option<usize>,
    word: Option<usize>,
}

impl Variants {
    /// The patterns, the acronym first (it is the stricter).
    fn tried(self) -> impl Iterator<Item = usize> {
        self.acronym.into_iter().chain(self.word)
    }
}

/// A name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where, in chars of the text (a suffix included).
    pub span: Span,
    /// The gazetteer's entity chosen (an index into its entities).
    pub entity: usize,
    /// The others called the same, when the name is shared (best first).
    pub others: Vec<usize>,
}

/// The automaton of a gazetteer's names.
pub struct Matcher {
    /// The automata, one per shard of the strings (by their first byte, see [`shard`]), each
    /// with the index in `variants` of its patterns.
    shards: Vec<(AhoCorasick, Vec<u32>)>,
    patterns: Vec<Pattern>,
    /// For each string, the patterns folding to it.
    variants: Vec<Variants>,
    /// By its first folded byte, whether some name may start in lower case there: most
    /// names are capitalised, so most words (lower case) need no look at all.
    lower_start: [bool; 256],
}

impl Matcher {
    /// Builds the automaton of every name and alias of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        // Each folded string once, with its patterns: a word and an acronym folding alike
        // (`Us`, `US`) are two patterns of one string, the acronym first.
        let names = gazetteer.entities.len();
        let mut by_string: rustc_hash::FxHashMap<String, usize> = Default::default();
        by_string.reserve(names);
        let mut patterns: Vec<Pattern> = Vec::with_capacity(names);
        let mut variants: Vec<Variants> = Vec::with_capacity(names);
        for e in gazetteer.ranked() {
            let entity = &gazetteer.entities[e];
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                let name = name.trim();
                let folded = fold_text(name);
                let chars = folded.chars().count();
                if chars == 0 || chars > MAX_NAME || !folded.chars().any(char::is_alphanumeric) {
                    continue;
                }
                let acronym = is_acronym(name);
                let string = *by_string.entry(folded).or_insert_with(|| {
                    variants.push(Variants::default());
                    variants.len() - 1
                });
                let slot = if acronym { &mut variants[string].acronym } else { &mut variants[string].word };
                let at = *slot.get_or_insert_with(|| {
                    let exact = acronym.then(|| name.chars().collect());
                    patterns.push(Pattern { chars, entities: Vec::with_capacity(1), exact, capital: true });
                    patterns.len() - 1
                });
                let pattern = &mut patterns[at];
                pattern.capital &= name.chars().next().is_some_and(char::is_uppercase);
                if !pattern.entities.contains(&e) {
                    pattern.entities.push(e);
                }
            }
        }
        let mut forms = vec![String::new(); variants.len()];
        for (string, at) in by_string {
            forms[at] = string;
        }
        let shards = automata(&forms);
        let mut lower_start = [false; 256];
        for (form, those) in forms.iter().zip(&variants) {
            if those.word.is_some_and(|p| !patterns[p].capital) {
                lower_start[form.as_bytes()[0] as usize] = true;
            }
        }
        Matcher { shards, patterns, variants, lower_start }
    }

    /// How many distinct names it looks for.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether it looks for nothing.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The names found in `text` (of `language`, for its suffixes): on word boundaries, the
    /// leftmost first and, of those starting together, the longest; none overlapping. In
    /// text order.
    pub fn find(&self, text: &str, language: Option<&str>) -> Vec<Found> {
        if self.shards.is_empty() {
            return Vec::new();
        }
        let folded = fold(text);
        let chars: Vec<char> = text.chars().collect();
        let suffixes = suffixes(language);
        let origin = |fc: usize| folded.origin[fc] as usize;
        // The original char just after folded chars ..fc (a folded run maps to one char).
        let origin_end = |fc: usize| if fc == 0 { 0 } else { origin(fc - 1) + 1 };
        let mut found = Vec::new();
        let mut free_from = 0;
        // A name starts where a word does: the automaton is asked there only, anchored, for
        // the longest name; one that does not end on a boundary gives way to the next
        // shorter one starting there.
        let bytes = folded.text.as_bytes();
        for (fs, (byte, _)) in folded.text.char_indices().enumerate() {
            let start = origin(fs);
            // The cheapest test first: most chars are lower case where no name starts so.
            let capital = match chars[start] {
                c if c.is_ascii() => c.is_ascii_uppercase(),
                c => c.is_uppercase(),
            };
            if !capital && !self.lower_start[bytes[byte] as usize] {
                continue;
            }
            let first_of_char = fs == 0 || origin(fs - 1) != start;
            if start < free_from || !first_of_char || (start > 0 && is_word(chars[start - 1])) {
                continue;
            }
            let (automaton, strings) = &self.shards[shard(bytes[byte], self.shards.len())];
            let mut limit = folded.text.len();
            'shorter: while limit > byte {
                let input = Input::new(folded.text.as_str()).range(byte..limit).anchored(Anchored::Yes);
                let Some(m) = automaton.find(input) else { break };
                limit = m.end() - 1;
                for p in self.variants[strings[m.pattern().as_usize()] as usize].tried() {
                    let pattern = &self.patterns[p];
                    let fe = fs + pattern.chars;
                    // A match must cover whole original chars: `ss` of `ß` alone is not a name.
                    if fe < folded.origin.len() && origin(fe) == origin(fe - 1) {
                        continue 'shorter;
                    }
                    let mut end = origin_end(fe);
                    // Combining marks folded away still belong to the last letter.
                    while chars.get(end).is_some_and(|c| unicode_normalization::char::is_combining_mark(*c)) {
                        end += 1;
                    }
                    if pattern.exact.as_ref().is_some_and(|exact| chars.get(start..end) != Some(&exact[..])) {
                        continue;
                    }
                    if pattern.capital && !chars[start].is_uppercase() {
                        continue;
                    }
                    let Some(end) = word_end(&chars, end, suffixes) else { continue 'shorter };
                    let entities = &pattern.entities;
                    found.push(Found {
                        span: Span { start, end },
                        entity: entities[0],
                        others: entities[1..].to_vec(),
                    });
                    free_from = end;
                    break 'shorter;
                }
            }
        }
        found
    }
}

/// The automata of `strings`: sorted first (a trie built in order is built more than twice
/// as fast: each insertion walks the states the last one left warm), then split by first byte
/// into as many shards as there are cores to build them side by side. An anchored search
/// knows its first byte, so it asks only that byte's shard.
fn automata(strings: &[String]) -> Vec<(AhoCorasick, Vec<u32>)> {
    if strings.is_empty() {
        return Vec::new();
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    // Sorted by their first 16 bytes, in a key that needs no look at the string, then by
    // the rest where those tie.
    let prefix = |s: &str| {
        let mut key = [0u8; 16];
        let n = s.len().min(16);
        key[..n].copy_from_slice(&s.as_bytes()[..n]);
        u128::from_be_bytes(key)
    };
    let mut sorted: Vec<(u128, u32)> = strings.iter().enumerate().map(|(i, s)| (prefix(s), i as u32)).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| strings[a.1 as usize].cmp(&strings[b.1 as usize])));
    let mut parts: Vec<Vec<u32>> = vec![Vec::new(); cores];
    for (_, s) in sorted {
        parts[shard(strings[s as usize].as_bytes()[0], cores)].push(s);
    }
    let build = |part: Vec<u32>| {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(part.iter().map(|&s| &strings[s as usize]))
            .expect("patterns of bounded length always build");
        (automaton, part)
    };
    std::thread::scope(|scope| {
        let threads: Vec<_> = parts.into_iter().map(|part| scope.spawn(move || build(part))).collect();
        threads.into_iter().map(|t| t.join().expect("building an automaton does not panic")).collect()
    })
}

/// The shard of `shards` holding the strings that start with `byte`.
fn shard(byte: u8, shards: usize) -> usize {
    byte as usize % shards
}

/// Where a name ending at char `end` ends as a word: there if a word boundary follows, else
/// after one of `suffixes` followed by a boundary; `None` if neither.
fn word_end(chars: &[char], end: usize, suffixes: &[&str]) -> Option<usize> {
    let bounded = |at: usize| chars.get(at).is_none_or(|c| !is_word(*c));
    if bounded(end) {
        return Some(end);
    }
    suffixes.iter().find_map(|s| {
        let n = s.chars().count();
        let follows = chars.get(end..end + n)?.iter().flat_map(|c| c.to_lowercase()).eq(s.chars());
        (follows && bounded(end + n)).then_some(end + n)
    })
}

/// Whether `c` belongs to a word (a boundary is between a word char and anything else).
fn is_word(c: char) -> bool {
    // Most text is ASCII: answered without a look in Unicode's tables.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Whether `name` is an acronym: at most [`ACRONYM`] chars, letters all capitals, at least
/// two letters (`US`, `EU`, `SMIC`, `G7`), nothing but letters and digits.
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    name.chars().count() <= ACRONYM && letters >= 2 && name.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: "ORG".into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            description: None,
            links: Default::default(),
        }
    }

    fn found(g: &Gazetteer, text: &str, lang: Option<&str>) -> Vec<(String, String)> {
        let chars: Vec<char> = text.chars().collect();
        Matcher::new(g)
            .find(text, lang)
            .into_iter()
            .map(|f| (chars[f.span.start..f.span.end].iter().collect(), g.entities[f.entity].id.clone()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn names_match_on_word_boundaries_folded() {
        let g = Gazetteer::of(vec![entity("kbh", "København", &[]), entity("apple", "Apple", &[])]);
        assert_eq!(
            found(&g, "I KØBENHAVN og Kobenhavn; Applebee's og Apple.", None),
            pairs(&[("KØBENHAVN", "kbh"), ("Kobenhavn", "kbh"), ("Apple", "apple")])
        );
        assert!(found(&g, "an apple a day", None).is_empty(), "a name with a capital needs one in the text");
        assert_eq!(found(&g, "Apple's", Some("en")), pairs(&[("Apple", "apple")]), "English 's is apart");
        let g = Gazetteer::of(vec![entity("gore", "Gore", &[]), entity("iphone", "iPhone", &[])]);
        assert_eq!(found(&g, "at gøre noget med en iphone", None), pairs(&[("iphone", "iphone")]));
    }

    #[test]
    fn the_longest_name_wins_where_names_overlap() {
        let g = Gazetteer::of(vec![
            entity("ny", "New York", &[]),
            entity("nyt", "New York Times", &[]),
            entity("times", "Times", &[]),
        ]);
        assert_eq!(
            found(&g, "The New York Times and New York.", None),
            pairs(&[("New York Times", "nyt"), ("New York", "ny")])
        );
        // A longer name that does not end on a boundary gives way to a shorter one that does.
        assert_eq!(found(&g, "New York Timesx", None), pairs(&[("New York", "ny")]));
    }

    #[test]
    fn acronyms_match_only_in_capitals_and_suffixes_by_language() {
        let g = Gazetteer::of(vec![entity("us", "US", &[]), entity("smic", "SMIC", &[]), entity("h", "Huawei", &[])]);
        assert_eq!(found(&g, "us and US, Us", None), pairs(&[("US", "us")]));
        // An acronym and a capitalised name folding alike are both looked for.
        let g = Gazetteer::of(vec![entity("efe-acronym", "EFE", &[]), entity("efe", "Efe", &[])]);
        assert_eq!(found(&g, "EFE og Efe", None), pairs(&[("EFE", "efe-acronym"), ("Efe", "efe")]));
        let g = Gazetteer::of(vec![entity("us", "US", &[]), entity("smic", "SMIC", &[]), entity("h", "Huawei", &[])]);
        assert_eq!(
            found(&g, "SMICs chip og Huaweis telefon, HUAWEIS", Some("da")),
            pairs(&[("SMICs", "smic"), ("Huaweis", "h"), ("HUAWEIS", "h")])
        );
        assert!(found(&g, "Huaweis", Some("en")).is_empty(), "no glued suffix in English");
        assert!(found(&g, "Huaweis", None).is_empty(), "nor without a language");
        assert_eq!(found(&g, "Huaweis", Some("da-DK")), pairs(&[("Huaweis", "h")]));
    }

    #[test]
    fn offsets_are_chars_with_emoji_combining_marks_and_crlf() {
        let g = Gazetteer::of(vec![entity("z", "Zoë", &[])]);
        let text = "🚀 e\u{301}\r\nZoe\u{308} og Zoë.";
        let f = Matcher::new(&g).find(text, None);
        let spans: Vec<(usize, usize)> = f.iter().map(|f| (f.span.start, f.span.end)).collect();
        assert_eq!(spans, [(6, 10), (14, 17)]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[6..10].iter().collect::<String>(), "Zoe\u{308}");
    }

    #[test]
    fn a_shared_name_is_found_once_with_the_others_said() {
        let mut with_kb = entity("q1", "Mercury", &[]);
        with_kb.links.insert("wikidata".into(), "Q308".into());
        let g = Gazetteer::of(vec![entity("m", "Mercury", &[]), with_kb]);
        let f = Matcher::new(&g).find("Mercury", None);
        assert_eq!(f.len(), 1);
        assert_eq!(g.entities[f[0].entity].id, "q1", "the one with a knowledge-base id first");
        assert_eq!(f[0].others, [0]);
    }
}
