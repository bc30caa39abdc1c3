//! Case and diacritic folding that remembers where each folded char came from, so a match
//! in `kobenhavn` can be highlighted on the right chars of `København`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded string and, for each of its chars, the index of the original char.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// Lower-case text without diacritics.
    pub text: String,
    /// `origin[i]` is the char index in the original string of folded char `i` (32 bits: a
    /// text is far shorter, and half the memory makes folding a long text faster).
    pub origin: Vec<u32>,
}

/// Folds case and diacritics: `København` → `kobenhavn`, `Müller` → `muller`, `Æble` → `aeble`.
pub fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    fold_each(s, |out, i| {
        text.push(out);
        origin.push(i as u32);
    });
    Folded { text, origin }
}

/// The folded text alone, as [`fold`] makes it, for callers that need no way back.
pub fn fold_text(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    fold_each(s, |out, _| text.push(out));
    text
}

/// Gives each folded char of `s` to `out` with the index of the char it came from.
fn fold_each(s: &str, mut out: impl FnMut(char, usize)) {
    for (i, c) in s.chars().enumerate() {
        fold_one(c, |x| out(x, i));
    }
}

/// Gives the folded chars of `c` to `out` (none for a mark folded away), for callers that
/// fold a text in a pass of their own.
#[inline]
pub(crate) fn fold_one(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    // The Latin letters news is written in are folded once, in a table.
    if let Some(folded) = latin().get((c as usize).wrapping_sub(0x80)) {
        folded.iter().for_each(|&x| out(x));
        return;
    }
    fold_char(c, out);
}

/// The folds of U+0080 to U+024F (Latin-1 and Latin Extended-A and -B), made once.
fn latin() -> &'static [Vec<char>] {
    static TABLE: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80u32..0x250)
            .map(|u| {
                let mut out = Vec::new();
                if let Some(c) = char::from_u32(u) {
                    fold_char(c, |x| out.push(x));
                }
                out
            })
            .collect()
    })
}

/// The folded chars of one char, each given to `out`.
fn fold_char(c: char, mut out: impl FnMut(char)) {
    // Compatibility forms fold too: `ﬁ` is `fi`, `Ａ` is `a`, `²` is `2`.
    decompose_compatible(c, |d| {
        for lower in d.to_lowercase() {
            for d in lower.nfd().filter(|d| !is_combining_mark(*d)) {
                match special(d) {
                    Some(letters) => letters.chars().for_each(&mut out),
                    None => out(d),
                }
            }
        }
    });
}

/// Letters that Unicode does not decompose but every reader treats as a base letter plus mark.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'þ' => "th",
        'ħ' => "h",
        'ı' => "i",
        // Greek final sigma is a sigma.
        'ς' => "σ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_danish_german_and_combining_marks() {
        assert_eq!(fold("København").text, "kobenhavn");
        assert_eq!(fold("Müller").text, "muller");
        assert_eq!(fold("Æble Straße").text, "aeble strasse");
        // "e" + combining acute (NFD input) folds like the precomposed "é".
        assert_eq!(fold("Cafe\u{301}").text, "cafe");
        assert_eq!(fold("Łódź").text, "lodz");
    }

    #[test]
    fn folds_compatibility_forms_and_greek_sigmas() {
        assert_eq!(fold("ﬁnance").text, "finance");
        assert_eq!(fold("ﬁ").origin, [0, 0]);
        assert_eq!(fold("ＡＢＣ").text, "abc");
        assert_eq!(fold("ΟΔΥΣΣΕΥΣ").text, fold("οδυσσευς").text);
        assert_eq!(fold("Σ").text, fold("ς").text);
    }

    #[test]
    fn remembers_the_original_char_of_each_folded_char() {
        let f = fold("Æbø");
        assert_eq!(f.text, "aebo");
        assert_eq!(f.origin, [0, 0, 1, 2]);
        let f = fold("e\u{301}x");
        assert_eq!(f.text, "ex");
        assert_eq!(f.origin, [0, 2]);
    }
}
