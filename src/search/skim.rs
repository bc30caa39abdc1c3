//! The score of `fuzzy-matcher`'s skim algorithm (`SkimMatcherV2::fuzzy_match`, default
//! settings), computed the same way without what a score alone does not need: no moves kept
//! for match positions, two rows of plain integers, each computed only as far as a later row
//! or the result reads it, buffers reused from call to call, and ASCII names compared as
//! bytes. The scores are the matcher's to the last point (a property test compares them on
//! random names and queries), so rankings are unchanged; the matcher itself still gives the
//! match positions of the few results shown. (One difference, on purpose: the matcher keeps
//! its matrix from one name to the next and, for some names of a three-char query or longer,
//! reads a bonus the name before left in it; here every name starts from a clean matrix, as
//! the matcher's own first call does.)

use std::cmp::max;

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

/// What the skim algorithm tells chars apart by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn kind(c: u32) -> Kind {
    // Every char outside ASCII is a lower-case letter to the algorithm.
    if c < 128 { ASCII_KINDS[c as usize] } else { Kind::Lower }
}

const fn ascii_kind(c: u8) -> Kind {
    match c {
        0 => Kind::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Kind::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Kind::SoftSep,
        b'0'..=b'9' => Kind::Number,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

const ASCII_KINDS: [Kind; 128] = {
    let mut t = [Kind::Lower; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = ascii_kind(c as u8);
        c += 1;
    }
    t
};

/// The bonus of a char by what comes before it: a word's head, a break, a camel hump.
fn in_place_bonus(prev: Kind, cur: Kind) -> i32 {
    match (prev, cur) {
        (Kind::Empty, _) | (Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower, Kind::Upper) | (Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

fn chars_equal(a: u32, b: u32, case_sensitive: bool) -> bool {
    a == b || (!case_sensitive && a < 128 && b < 128 && (a as u8).eq_ignore_ascii_case(&(b as u8)))
}

/// Buffers a scorer reuses from call to call (one per thread).
#[derive(Default)]
pub struct Scorer {
    /// The chars of a name outside ASCII (an ASCII name is read as its bytes).
    choice: Vec<u32>,
    pattern: Vec<u32>,
    first: Vec<usize>,
    bonus: Vec<i32>,
    /// How far each pattern char's row is computed (see `run`).
    need: Vec<usize>,
    /// Two rows of the score matrices, each `cols` wide: M (a match ends here) and P (a gap
    /// ends here).
    m: [Vec<i32>; 2],
    p: [Vec<i32>; 2],
}

impl Scorer {
    /// The skim score of `pattern` in `choice`, or none if it does not match (as
    /// `SkimMatcherV2::default().fuzzy_match(choice, pattern)`).
    pub fn score(&mut self, choice: &str, pattern: &str) -> Option<i64> {
        if pattern.is_empty() {
            return Some(0);
        }
        self.pattern.clear();
        self.pattern.extend(pattern.chars().map(u32::from));
        let case_sensitive = pattern.bytes().any(|b| b.is_ascii_uppercase());
        // Without an ASCII capital on either side, chars match only when equal and no case
        // penalty arises (folded names and queries): the DP runs without asking.
        let exact = case_sensitive || !choice.bytes().any(|b| b.is_ascii_uppercase());
        // An ASCII name is read as its bytes; any other as its chars, in a buffer kept.
        if choice.is_ascii() {
            return if exact {
                self.run::<true, u8>(choice.as_bytes(), case_sensitive)
            } else {
                self.run::<false, u8>(choice.as_bytes(), case_sensitive)
            };
        }
        let mut chars = std::mem::take(&mut self.choice);
        chars.clear();
        chars.extend(choice.chars().map(u32::from));
        let score = if exact {
            self.run::<true, u32>(&chars, case_sensitive)
        } else {
            self.run::<false, u32>(&chars, case_sensitive)
        };
        self.choice = chars;
        score
    }

    /// The score of the pattern (already taken in) in `choice`, a name's chars; `EXACT`:
    /// chars match only when equal.
    fn run<const EXACT: bool, C: Copy + Into<u32>>(&mut self, choice: &[C], case_sensitive: bool) -> Option<i64> {
        let equal = |a: C, b: u32| {
            let a = a.into();
            if EXACT { a == b } else { chars_equal(a, b, case_sensitive) }
        };
        let pat = &self.pattern;
        // The first place each pattern char can match, in order; none: no match.
        self.first.clear();
        let mut k = 0;
        for (i, &c) in choice.iter().enumerate() {
            if equal(c, pat[k]) {
                self.first.push(i);
                k += 1;
                if k == pat.len() {
                    break;
                }
            }
        }
        if k < pat.len() {
            return None;
        }
        if pat.len() == 1 {
            // One char: the best of its places, each its in-place bonus over a gap from the
            // start (what the matrix comes to with one row).
            let (mut best, mut prev) = (i32::MIN, Kind::Empty);
            for (j, &c) in choice.iter().enumerate() {
                let cur = kind(c.into());
                if j >= self.first[0] && equal(c, pat[0]) {
                    let mut bonus = in_place_bonus(prev, cur);
                    if j == 0 {
                        bonus *= BONUS_FIRST_CHAR_MULTIPLIER;
                    }
                    let penalty =
                        if !EXACT && !case_sensitive && c.into() != pat[0] { PENALTY_CASE_MISMATCH } else { 0 };
                    best = max(best, GAP_EXTENSION + bonus + max(0, SCORE_MATCH + penalty));
                }
                prev = cur;
            }
            return Some(i64::from(best));
        }
        // How far each row is needed (a column, inclusive): the last row to the last place of
        // the last pattern char (no match comes after it); a row before it as far as the next
        // row reads it (one column less) and, where a row two on starts its gap chain in the
        // same buffer (see below), to that row's first column. The cells beyond are never read,
        // so nothing past the last row's end is computed at all.
        let last = choice.iter().rposition(|&c| equal(c, pat[pat.len() - 1])).map_or(0, |i| i + 1);
        self.need.clear();
        self.need.resize(pat.len(), last);
        for i in (0..pat.len() - 1).rev() {
            let two_on = self.first.get(i + 2).copied().unwrap_or(0);
            self.need[i] = max(self.need[i + 1] - 1, two_on);
        }
        let cols = last + 1;
        self.bonus.clear();
        self.bonus.resize(cols, 0);
        let mut prev = Kind::Empty;
        for (j, &c) in choice[..last].iter().enumerate() {
            let cur = kind(c.into());
            self.bonus[j + 1] = in_place_bonus(prev, cur);
            prev = cur;
        }
        if cols > 1 {
            self.bonus[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        // Two rows, each `cols` wide, swapped as the pattern goes: every cell is written
        // before it is read except row 0 (the empty pattern's: gaps only), row 1 at the first
        // match (reset), and each row's first column, which it reads as the row two before it
        // (in the same buffer) left it, as the matcher does.
        for v in self.m.iter_mut().chain(self.p.iter_mut()) {
            if v.len() < cols {
                v.resize(cols, 0);
            }
        }
        let [m0, m1] = &mut self.m;
        let [p0, p1] = &mut self.p;
        m0[..cols].fill(NEG_INFINITY);
        p0[..cols].fill(GAP_EXTENSION);
        let f0 = self.first[0];
        (m1[f0], p1[f0]) = (NEG_INFINITY, NEG_INFINITY);
        // Row i + 1 is written from row i: (previous, current) by parity.
        let (mut prev, mut cur) = ((&mut m0[..cols], &mut p0[..cols]), (&mut m1[..cols], &mut p1[..cols]));
        let bonus = &self.bonus[..cols];
        for (i, &pc) in pat.iter().enumerate() {
            if i > 0 {
                std::mem::swap(&mut prev, &mut cur);
            }
            let (m_prev, p_prev) = (&*prev.0, &*prev.1);
            let (m_cur, p_cur) = (&mut *cur.0, &mut *cur.1);
            let skip = self.first[i];
            // The last row's gaps lead nowhere: only its matches are scored.
            let gaps = i + 1 < pat.len();
            for (j, &cc) in choice[skip..self.need[i]].iter().enumerate() {
                let (col, col_prev) = (skip + j + 1, skip + j);
                if equal(cc, pc) {
                    let penalty = if !EXACT && !case_sensitive && cc.into() != pc { PENALTY_CASE_MISMATCH } else { 0 };
                    let matched = max(0, SCORE_MATCH + penalty);
                    let in_place = bonus[col];
                    // The matcher keeps a consecutive bonus per cell, but it only ever holds
                    // this place's own (or nothing): a run carries no bonus along.
                    let score_match = m_prev[col_prev] + max(in_place, BONUS_CONSECUTIVE);
                    let score_skip = p_prev[col_prev] + in_place;
                    m_cur[col] = max(score_match, score_skip) + matched;
                } else {
                    m_cur[col] = NEG_INFINITY;
                }
                if gaps {
                    p_cur[col] = max(GAP_START + GAP_EXTENSION + m_cur[col_prev], GAP_EXTENSION + p_cur[col_prev]);
                }
            }
        }
        let from = self.first[pat.len() - 1];
        cur.0[from..=self.need[pat.len() - 1]].iter().copied().max().map(i64::from)
    }
}

/// Bounds on what names can score for one pattern (as [`Scorer::score`] scores them), to skip
/// names that cannot reach the best.
///
/// Each pattern char earns the match score and a bonus. The first char's is its place's bonus:
/// the doubled head bonus at the choice's first char, else at most `head`, the best bonus of a
/// place after the first that holds a pattern char. Every later char's is its consecutive bonus,
/// a maximum of places' bonuses (at most `head`) and the consecutive minimum; the first place's
/// doubled bonus is never among them (the algorithm keeps it where only the first row could read
/// it, and the first row reads it before it is written). The gap from the start costs one
/// extension; other gaps and case mismatches only take away.
pub(super) struct Bound<'p> {
    pattern: &'p str,
    /// The pattern's first byte.
    first: u8,
    /// The pattern's length in chars.
    m: i64,
}

impl<'p> Bound<'p> {
    /// The bounds for `pattern`; none for an empty one.
    pub(super) fn new(pattern: &'p str) -> Option<Bound<'p>> {
        let first = *pattern.as_bytes().first()?;
        Some(Bound { pattern, first, m: pattern.chars().count() as i64 })
    }

    /// Whether `choice` may start with the pattern's first char: its first byte is the
    /// pattern's, ASCII case aside (every pair of chars the scorer takes as equal passes).
    pub(super) fn starts(&self, choice: &str) -> bool {
        choice.as_bytes().first().is_some_and(|b| b.eq_ignore_ascii_case(&self.first))
    }

    /// The most `choice` can score, from its first char alone (any later place may be a head).
    pub(super) fn of_any(&self, choice: &str) -> i64 {
        let first = if self.starts(choice) { BONUS_HEAD * BONUS_FIRST_CHAR_MULTIPLIER } else { BONUS_HEAD };
        self.bound(first, BONUS_HEAD)
    }

    /// The least [`Bound::of`] comes to for `choice`, from its first char alone.
    pub(super) fn least_of(&self, choice: &str) -> i64 {
        let first = if self.starts(choice) { BONUS_HEAD * BONUS_FIRST_CHAR_MULTIPLIER } else { 0 };
        self.bound(first, 0)
    }

    /// The most `choice` can score, read off it in one pass.
    pub(super) fn of(&self, choice: &str) -> i64 {
        let Some(c0) = choice.chars().next() else { return i64::MIN };
        // Byte by byte: a char outside ASCII and its continuation bytes are all lower-case
        // letters to the algorithm, so each char's start gets its bonus; one outside ASCII at a
        // bonus is taken to be in the pattern (the bound only grows).
        let bytes = choice.as_bytes();
        let kind_of = |b: u8| if b < 128 { ASCII_KINDS[b as usize] } else { Kind::Lower };
        let in_pattern = |b: u8| b >= 128 || self.pattern.bytes().any(|p| p.eq_ignore_ascii_case(&b));
        let (mut prev, mut head) = (kind_of(bytes[0]), 0);
        for &b in &bytes[c0.len_utf8()..] {
            let cur = kind_of(b);
            let bonus = in_place_bonus(prev, cur);
            if bonus > head && in_pattern(b) {
                head = bonus;
                if head == BONUS_HEAD {
                    break;
                }
            }
            prev = cur;
        }
        let first = if self.starts(choice) { BONUS_HEAD * BONUS_FIRST_CHAR_MULTIPLIER } else { head };
        self.bound(first, head)
    }

    /// The bound when the first char earns `first` and the others at most `head`.
    fn bound(&self, first: i32, head: i32) -> i64 {
        let (m, consecutive) = (self.m, i64::from(max(BONUS_CONSECUTIVE, head)));
        i64::from(GAP_EXTENSION + first) + m * i64::from(SCORE_MATCH) + (m - 1) * consecutive
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    #[test]
    fn scores_are_the_matchers_own() {
        // A fresh matcher each time: the matcher's reused matrix can carry a bonus over from
        // the name before (see `score`), which these scores never do.
        let mut ours = Scorer::default();
        for (choice, pattern) in [
            ("huawei technologies", "hwt"),
            ("Huawei", "hu"),
            ("huawei", "HU"),
            ("göteborg", "gb"),
            ("aaa", "aaa"),
            ("a-b_c d/e", "abcde"),
            ("xAbcDe", "ade"),
            ("🚀 rocket", "r"),
            ("", "a"),
            ("abc", ""),
        ] {
            let skim = SkimMatcherV2::default();
            assert_eq!(ours.score(choice, pattern), skim.fuzzy_match(choice, pattern), "{choice:?} {pattern:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        /// No name scores above its bound, whatever its case, separators and chars outside
        /// ASCII (the bound's tightness is tested by the search's own test, which skips by it).
        #[test]
        fn no_name_scores_above_its_bound(choice in "[a-cA-C0-2 ./_æø-]{0,16}", pattern in "[a-cA-C0-2 ./æ]{1,5}") {
            let bound = Bound::new(&pattern).expect("a pattern");
            if let Some(score) = Scorer::default().score(&choice, &pattern) {
                prop_assert!(score <= bound.of(&choice), "{} > {}", score, bound.of(&choice));
                prop_assert!(bound.of(&choice) <= bound.of_any(&choice));
                prop_assert!(bound.least_of(&choice) <= bound.of(&choice));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]
        /// One scorer goes through many names, as a search does: each scores as the
        /// matcher's first call does.
        #[test]
        fn random_names_score_as_the_matcher_scores_them(
            choices in proptest::collection::vec("[a-cA-C0-2 ./_æø-]{0,48}", 1..20),
            pattern in "[a-cA-C0-2 ./æ]{1,5}",
        ) {
            let mut scorer = Scorer::default();
            for choice in &choices {
                let skim = SkimMatcherV2::default();
                prop_assert_eq!(scorer.score(choice, &pattern), skim.fuzzy_match(choice, &pattern), "{:?}", choice);
            }
        }
    }
}
