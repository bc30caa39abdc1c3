//! Offset units other tools use, converted to ours (Unicode scalar values).
//!
//! `🚀 Siemens`: "Siemens" starts at char 2, UTF-16 unit 3, grapheme 2, byte 5.

use unicode_segmentation::UnicodeSegmentation;

/// What an offset counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Unicode scalar values (code points): Python `str`, Rust `char`, brat, spaCy.
    Chars,
    /// UTF-16 code units: JavaScript strings, doccano, older Label Studio exports.
    Utf16,
    /// Extended grapheme clusters: what a person would call characters.
    Graphemes,
}

impl OffsetUnit {
    /// The unit's name in messages.
    pub fn describe(self) -> &'static str {
        match self {
            OffsetUnit::Chars => "characters (code points)",
            OffsetUnit::Utf16 => "UTF-16 code units",
            OffsetUnit::Graphemes => "grapheme clusters",
        }
    }
}

/// Converts offsets in one unit to char offsets, for one text.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    unit: OffsetUnit,
    /// For each char boundary, its offset in `unit` (empty for chars: no conversion).
    at_char: Vec<usize>,
    chars: usize,
}

impl OffsetMap {
    /// The map for `text` in `unit`.
    pub fn new(text: &str, unit: OffsetUnit) -> OffsetMap {
        let chars = text.chars().count();
        let at_char = match unit {
            OffsetUnit::Chars => Vec::new(),
            OffsetUnit::Utf16 => {
                let mut v = Vec::with_capacity(chars + 1);
                let mut u = 0;
                for c in text.chars() {
                    v.push(u);
                    u += c.len_utf16();
                }
                v.push(u);
                v
            }
            OffsetUnit::Graphemes => {
                // Offsets only at grapheme starts: chars inside a cluster map to no offset.
                let mut v = vec![usize::MAX; chars + 1];
                let mut c = 0;
                for (g, cluster) in text.graphemes(true).enumerate() {
                    v[c] = g;
                    c += cluster.chars().count();
                }
                v[chars] = text.graphemes(true).count();
                v
            }
        };
        OffsetMap { unit, at_char, chars }
    }

    /// The char offset of `offset`; an error when it is past the end or inside a character.
    pub fn to_char(&self, offset: usize) -> Result<usize, String> {
        if self.unit == OffsetUnit::Chars {
            return if offset <= self.chars {
                Ok(offset)
            } else {
                Err(format!("offset {offset} is past the end of the text ({} characters)", self.chars))
            };
        }
        let last = self.at_char.iter().rev().find(|&&x| x != usize::MAX).copied().unwrap_or(0);
        if offset > last {
            return Err(format!("offset {offset} is past the end of the text ({last} {})", self.unit.describe()));
        }
        match self.unit {
            OffsetUnit::Utf16 => self.at_char.binary_search(&offset).map_err(|_| {
                format!("offset {offset} falls between the two halves of a UTF-16 surrogate pair (an emoji or other astral character)")
            }),
            _ => self.at_char.iter().position(|&g| g == offset).ok_or_else(|| format!("no grapheme starts at {offset}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "🚀 Zoë Müller joined Siemens";

    #[test]
    fn the_worked_example_converts_in_every_unit() {
        let siemens_chars = TEXT.chars().position(|c| c == 'S').unwrap();
        assert_eq!(siemens_chars, 20);
        assert_eq!(OffsetMap::new(TEXT, OffsetUnit::Chars).to_char(20), Ok(20));
        assert_eq!(OffsetMap::new(TEXT, OffsetUnit::Utf16).to_char(21), Ok(20));
        assert_eq!(OffsetMap::new(TEXT, OffsetUnit::Graphemes).to_char(20), Ok(20));
    }

    #[test]
    fn combining_marks_count_as_one_grapheme() {
        // "Zoe\u{308}" is four chars but three graphemes.
        let text = "Zoe\u{308} x";
        let map = OffsetMap::new(text, OffsetUnit::Graphemes);
        assert_eq!(map.to_char(3), Ok(4), "the space after Zoë");
        assert_eq!(map.to_char(5), Ok(6));
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_errors() {
        let map = OffsetMap::new(TEXT, OffsetUnit::Utf16);
        assert!(map.to_char(1).unwrap_err().contains("surrogate pair"));
        assert!(map.to_char(99).unwrap_err().contains("past the end of the text (28 UTF-16 code units)"));
        assert!(OffsetMap::new("ab", OffsetUnit::Chars).to_char(3).unwrap_err().contains("2 characters"));
    }
}
