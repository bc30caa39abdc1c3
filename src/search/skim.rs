//! The score of `fuzzy-matcher`'s skim algorithm (`SkimMatcherV2::fuzzy_match`, default
//! settings), computed the same way without what a score alone does not need: no moves kept
//! for match positions, two rows of plain integers, buffers reused from call to call, and
//! ASCII names compared as bytes. The scores are the matcher's to the last point (a property
//! test compares them on random names and queries), so rankings are unchanged; the matcher
//! itself still gives the match positions of the few results shown. (One difference, on
//! purpose: the matcher keeps its matrix from one name to the next and, for some names of a
//! three-char query or longer, reads a bonus the name before left in it; here every name
//! starts from a clean matrix, as the matcher's own first call does.)

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
    match char::from_u32(c).unwrap_or('\u{fffd}') {
        '\0' => Kind::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Kind::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Kind::SoftSep,
        '0'..='9' => Kind::Number,
        'A'..='Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// The bonus of a char by what comes before it: a word's head, a break, a camel hump.
fn in_place_bonus(prev: Kind, cur: Kind) -> i32 {
    match (prev, cur) {
        (Kind::Empty, _) | (Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower, Kind::Upper) | (Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

fn equal(a: u32, b: u32, case_sensitive: bool) -> bool {
    a == b || (!case_sensitive && a < 128 && b < 128 && (a as u8).eq_ignore_ascii_case(&(b as u8)))
}

/// Buffers a scorer reuses from call to call (one per thread).
#[derive(Default)]
pub struct Scorer {
    choice: Vec<u32>,
    pattern: Vec<u32>,
    first: Vec<usize>,
    bonus: Vec<i32>,
    /// Two rows of the score matrices, each `cols` wide: M (a match ends here), P (a gap
    /// ends here), and the consecutive bonus the algorithm keeps in a cell.
    m: [Vec<i32>; 2],
    p: [Vec<i32>; 2],
    b: [Vec<i32>; 2],
}

impl Scorer {
    /// The skim score of `pattern` in `choice`, or none if it does not match (as
    /// `SkimMatcherV2::default().fuzzy_match(choice, pattern)`).
    pub fn score(&mut self, choice: &str, pattern: &str) -> Option<i64> {
        if pattern.is_empty() {
            return Some(0);
        }
        self.choice.clear();
        self.pattern.clear();
        if choice.is_ascii() {
            self.choice.extend(choice.bytes().map(u32::from));
        } else {
            self.choice.extend(choice.chars().map(u32::from));
        }
        self.pattern.extend(pattern.chars().map(u32::from));
        let case_sensitive = pattern.bytes().any(|b| b.is_ascii_uppercase());
        let (choice, pat) = (&self.choice, &self.pattern);
        // The first place each pattern char can match, in order; none: no match.
        self.first.clear();
        let mut k = 0;
        for (i, &c) in choice.iter().enumerate() {
            if k < pat.len() && equal(c, pat[k], case_sensitive) {
                self.first.push(i);
                k += 1;
            }
        }
        if k < pat.len() {
            return None;
        }
        let cols = choice.len() + 1;
        self.bonus.clear();
        self.bonus.resize(cols, 0);
        let mut prev = Kind::Empty;
        for (j, &c) in choice.iter().enumerate() {
            let cur = kind(c);
            self.bonus[j + 1] = in_place_bonus(prev, cur);
            prev = cur;
        }
        if cols > 1 {
            self.bonus[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        for r in 0..2 {
            for v in [&mut self.m[r], &mut self.p[r], &mut self.b[r]] {
                v.clear();
                v.resize(cols, 0);
            }
        }
        // Row 1 at the first match is reset; row 0 is the empty pattern's: gaps only.
        let f0 = self.first[0];
        (self.m[1][f0], self.p[1][f0], self.b[1][f0]) = (NEG_INFINITY, NEG_INFINITY, 0);
        for j in 0..cols {
            (self.m[0][j], self.p[0][j], self.b[0][j]) = (NEG_INFINITY, GAP_EXTENSION, 0);
        }
        for (i, &pc) in pat.iter().enumerate() {
            let (row, prev_row) = ((i + 1) & 1, i & 1);
            let skip = self.first[i];
            for (j, &cc) in choice[skip..].iter().enumerate() {
                let (col, col_prev) = (skip + j + 1, skip + j);
                if equal(cc, pc, case_sensitive) {
                    let penalty = if !case_sensitive && cc != pc { PENALTY_CASE_MISMATCH } else { 0 };
                    let matched = max(0, SCORE_MATCH + penalty);
                    let in_place = self.bonus[col];
                    let consecutive = max(self.b[row][col_prev], max(in_place, BONUS_CONSECUTIVE));
                    self.b[row][col_prev] = consecutive;
                    let score_match = self.m[prev_row][col_prev] + consecutive;
                    let score_skip = self.p[prev_row][col_prev] + in_place;
                    self.m[row][col] = max(score_match, score_skip) + matched;
                } else {
                    self.m[row][col] = NEG_INFINITY;
                    self.b[row][col] = 0;
                }
                let gap_open = GAP_START + GAP_EXTENSION + self.m[row][col_prev];
                let gap_extend = GAP_EXTENSION + self.p[row][col_prev];
                self.p[row][col] = max(gap_open, gap_extend);
            }
        }
        let last = pat.len() & 1;
        let from = self.first[pat.len() - 1];
        self.m[last][from..].iter().copied().max().map(i64::from)
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
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]
        /// One scorer goes through many names, as a search does: each scores as the
        /// matcher's first call does.
        #[test]
        fn random_names_score_as_the_matcher_scores_them(
            choices in proptest::collection::vec("[a-cA-C0-2 ./_æø-]{0,24}", 1..20),
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
