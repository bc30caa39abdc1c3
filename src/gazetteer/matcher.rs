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
use crate::search::fold::{fold_one, fold_text};

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
    exact: Option<String>,
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
                    let exact = acronym.then(|| name.to_string());
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
        // One pass folds the text and notes where a name may start: at a word's first char,
        // a capital or a letter some name starts with in lower case.
        let mut folded = String::with_capacity(text.len());
        let mut starts: Vec<Start> = Vec::new();
        let mut after_word = false;
        for (char, (byte, c)) in text.char_indices().enumerate() {
            let at = folded.len();
            // Most text is ASCII: folded and tested without a look in Unicode's tables.
            let (capital, word) = if c.is_ascii() {
                folded.push(c.to_ascii_lowercase());
                (c.is_ascii_uppercase(), c.is_ascii_alphanumeric())
            } else {
                fold_one(c, |x| folded.push(x));
                (c.is_uppercase(), is_word(c))
            };
            if !after_word && folded.len() > at && (capital || self.lower_start[folded.as_bytes()[at] as usize]) {
                starts.push(Start { folded: at, char, byte, capital });
            }
            after_word = word;
        }
        let suffixes = suffixes(language);
        let mut found = Vec::new();
        let mut free_from = 0;
        // The automaton is asked at each start only, anchored, for the longest name; one that
        // does not end on a boundary gives way to the next shorter one starting there.
        for start in starts {
            if start.char < free_from {
                continue;
            }
            let (automaton, strings) = &self.shards[shard(folded.as_bytes()[start.folded], self.shards.len())];
            let rest = &text[start.byte..];
            let mut limit = folded.len();
            'shorter: while limit > start.folded {
                let input = Input::new(folded.as_str()).range(start.folded..limit).anchored(Anchored::Yes);
                let Some(m) = automaton.find(input) else { break };
                limit = m.end() - 1;
                for p in self.variants[strings[m.pattern().as_usize()] as usize].tried() {
                    let pattern = &self.patterns[p];
                    let Some((chars, bytes)) = covered(rest, pattern.chars) else { continue 'shorter };
                    if pattern.exact.as_ref().is_some_and(|exact| rest[..bytes] != **exact) {
                        continue;
                    }
                    if pattern.capital && !start.capital {
                        continue;
                    }
                    let Some(suffix) = word_end(&rest[bytes..], suffixes) else { continue 'shorter };
                    let entities = &pattern.entities;
                    let span = Span { start: start.char, end: start.char + chars + suffix };
                    free_from = span.end;
                    found.push(Found { span, entity: entities[0], others: entities[1..].to_vec() });
                    break 'shorter;
                }
            }
        }
        found
    }
}

/// Where a name may start in a text.
struct Start {
    /// The byte of the folded text.
    folded: usize,
    /// The char of the text.
    char: usize,
    /// The byte of the text.
    byte: usize,
    /// Whether the text has a capital there.
    capital: bool,
}

/// The chars and bytes at the start of `text` that fold to `folded` folded chars, with the
/// combining marks after them (folded away, they still belong to the last letter); `None`
/// when the folded chars end inside one char's fold (`ss` of `ß` alone is not a name).
fn covered(text: &str, folded: usize) -> Option<(usize, usize)> {
    let (mut made, mut chars, mut bytes) = (0, 0, 0);
    let mut rest = text.chars();
    while made < folded {
        let c = rest.next()?;
        fold_one(c, |_| made += 1);
        chars += 1;
        bytes += c.len_utf8();
    }
    if made != folded {
        return None;
    }
    for c in rest.take_while(|c| unicode_normalization::char::is_combining_mark(*c)) {
        chars += 1;
        bytes += c.len_utf8();
    }
    Some((chars, bytes))
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

/// How many chars of `rest` (the text after a name) belong to the name as a word: none if a
/// word boundary follows, else one of `suffixes` followed by a boundary; `None` if neither.
fn word_end(rest: &str, suffixes: &[&str]) -> Option<usize> {
    let bounded = |s: &str| s.chars().next().is_none_or(|c| !is_word(c));
    if bounded(rest) {
        return Some(0);
    }
    suffixes.iter().find_map(|suffix| {
        let n = suffix.chars().count();
        let end = rest.char_indices().nth(n).map_or(rest.len(), |(b, _)| b);
        let head = &rest[..end];
        let follows = head.chars().count() == n && head.chars().flat_map(char::to_lowercase).eq(suffix.chars());
        (follows && bounded(&rest[end..])).then_some(n)
    })
}

/// Whether `c` belongs to a word (a boundary is between a word char and anything else).
fn is_word(c: char) -> bool {
    // Most text is ASCII or Latin: answered without a look in Unicode's tables.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    static LATIN: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let latin =
        LATIN.get_or_init(|| (0..0x300).map(|u| char::from_u32(u).is_some_and(char::is_alphanumeric)).collect());
    if let Some(&word) = latin.get(c as usize) {
        return word;
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
    fn a_name_covers_whole_chars_of_the_text() {
        let g = Gazetteer::of(vec![entity("fuss", "Fuss", &[])]);
        assert_eq!(found(&g, "Ein Fuß.", None), pairs(&[("Fuß", "fuss")]));
        let g = Gazetteer::of(vec![entity("fus", "Fus", &[])]);
        assert!(found(&g, "Ein Fuß.", None).is_empty(), "`fus` ends inside the `ss` of `ß`");
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
