//! A fast path for [`super::lenient`]: reads JSON text straight into the lenient fields, in one
//! pass and without serde's layers between the text and the values (each value moved once,
//! not once per layer). It reads only what it reads exactly as serde_json would, and gives up
//! ([`Bail`]) on everything else — a syntax error, a repeated key, deep nesting, a lone
//! surrogate — so that the text is read again with serde_json, whose messages the user sees.
//! A property test holds the two to the same values.

use std::borrow::Cow;

use super::lenient::Scalar;

/// The fast path gave up: read the text with serde_json instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bail;

/// serde_json refuses nesting deeper than 127; this path gives that case (and anything near
/// it) to serde_json, to be reported.
const MAX_DEPTH: usize = 100;

/// A cursor over JSON text whose UTF-8 is already checked.
pub struct Pull<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Pull<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Pull<'a> {
        Pull { text, pos: 0, depth: 0 }
    }

    /// The next byte that is not whitespace, not consumed.
    pub fn peek(&mut self) -> Result<u8, Bail> {
        let b = self.text.as_bytes();
        while let Some(&c) = b.get(self.pos) {
            match c {
                b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return Ok(c),
            }
        }
        Err(Bail)
    }

    /// Only whitespace is left.
    pub fn end(mut self) -> Result<(), Bail> {
        match self.peek() {
            Err(Bail) => Ok(()),
            Ok(_) => Err(Bail),
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), Bail> {
        if self.peek()? != c {
            return Err(Bail);
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), Bail> {
        if !self.text.as_bytes()[self.pos..].starts_with(word.as_bytes()) {
            return Err(Bail);
        }
        self.pos += word.len();
        Ok(())
    }

    /// `null`, if it is next.
    pub fn null(&mut self) -> Result<bool, Bail> {
        if self.peek()? != b'n' {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    fn enter(&mut self) -> Result<(), Bail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(Bail) } else { Ok(()) }
    }

    /// An object: `each` is called with every key, at its value, and must read the value.
    pub fn object(&mut self, mut each: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), Bail>) -> Result<(), Bail> {
        self.items(b'{', b'}', |p| {
            if p.peek()? != b'"' {
                return Err(Bail);
            }
            let key = p.string()?;
            p.expect(b':')?;
            each(p, key)
        })
    }

    /// An array: `each` is called at every element, and must read it.
    pub fn array(&mut self, each: impl FnMut(&mut Self) -> Result<(), Bail>) -> Result<(), Bail> {
        self.items(b'[', b']', each)
    }

    /// What stands between `open` and `close`, items separated by commas: `item` reads each.
    fn items(&mut self, open: u8, close: u8, mut item: impl FnMut(&mut Self) -> Result<(), Bail>) -> Result<(), Bail> {
        self.expect(open)?;
        self.enter()?;
        if self.peek()? == close {
            self.pos += 1;
        } else {
            loop {
                item(self)?;
                match self.peek()? {
                    b',' => self.pos += 1,
                    c if c == close => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(Bail),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Any value, checked and left.
    pub fn skip(&mut self) -> Result<(), Bail> {
        match self.peek()? {
            b'{' => self.object(|p, _| p.skip()),
            b'[' => self.array(|p| p.skip()),
            _ if self.null()? => Ok(()),
            _ => self.scalar().map(drop),
        }
    }

    /// A string: borrowed from the text when it has no escapes, as serde_json gives it.
    pub fn string(&mut self) -> Result<Cow<'a, str>, Bail> {
        self.expect(b'"')?;
        let b = self.text.as_bytes();
        let start = self.pos;
        // Its end first (an escaped char is never a quote), so an unescaped copy is made once,
        // in a buffer of the right size: it is kept as long as the corpus is.
        let (mut end, mut escaped) = (start, false);
        loop {
            end += memchr::memchr2(b'"', b'\\', b.get(end..).ok_or(Bail)?).ok_or(Bail)?;
            if b[end] == b'"' {
                break;
            }
            (end, escaped) = (end + 2, true);
        }
        if has_control(&b[start..end]) {
            return Err(Bail);
        }
        self.pos = end + 1;
        let raw = &self.text[start..end];
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
            out.push_str(&rest[..at]);
            let e = &rest.as_bytes()[at..];
            // Escapes are ASCII: every slice here is on a char boundary.
            let (c, used) = match e.get(1) {
                Some(b'"') => ('"', 2),
                Some(b'\\') => ('\\', 2),
                Some(b'/') => ('/', 2),
                Some(b'b') => ('\u{8}', 2),
                Some(b'f') => ('\u{c}', 2),
                Some(b'n') => ('\n', 2),
                Some(b'r') => ('\r', 2),
                Some(b't') => ('\t', 2),
                Some(b'u') => unicode_escape(e).ok_or(Bail)?,
                _ => return Err(Bail),
            };
            out.push(c);
            rest = &rest[at + used..];
        }
        out.push_str(rest);
        Ok(Cow::Owned(out))
    }

    /// A string, number, `true` or `false` (not `null`).
    pub fn scalar(&mut self) -> Result<Scalar<'a>, Bail> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Str),
            b't' => self.literal("true").map(|_| Scalar::Bool(true)),
            b'f' => self.literal("false").map(|_| Scalar::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(Bail),
        }
    }

    /// A number: plain non-negative integers here; any other is given to serde_json, so
    /// that signs, fractions, exponents and overflow come out exactly as it reads them.
    fn number(&mut self) -> Result<Scalar<'a>, Bail> {
        let b = self.text.as_bytes();
        let start = self.pos;
        let len = b[start..].iter().take_while(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')).count();
        let token = &b[start..start + len];
        self.pos += len;
        let plain = token.iter().all(u8::is_ascii_digit) && len <= 19 && (len == 1 || token[0] != b'0');
        if plain {
            return Ok(Scalar::U64(token.iter().fold(0, |n, d| n * 10 + u64::from(d - b'0'))));
        }
        Scalar::number(&self.text[start..start + len]).ok_or(Bail)
    }
}

/// Whether a string's bytes hold a control character, which JSON strings may not.
fn has_control(b: &[u8]) -> bool {
    // In blocks without an early exit, which the compiler turns into vector code.
    let mut blocks = b.chunks_exact(32);
    if blocks.any(|c| c.iter().fold(false, |any, &x| any | (x < 0x20))) {
        return true;
    }
    // The rest 8 bytes at a time: a byte under 0x20 borrows into its top bit when 0x20 is
    // taken from each (exact for the first such byte, so for the question "any?").
    let mut words = blocks.remainder().chunks_exact(8);
    let low = |w: &[u8]| {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        x.wrapping_sub(0x2020_2020_2020_2020) & !x & 0x8080_8080_8080_8080 != 0
    };
    if words.any(low) {
        return true;
    }
    words.remainder().iter().any(|&x| x < 0x20)
}

/// `\uXXXX` (and its low surrogate, for a high one) at the start of `b`: the char and the
/// bytes used. `None` for anything serde_json would refuse (a lone surrogate, bad hex).
fn unicode_escape(b: &[u8]) -> Option<(char, usize)> {
    let hex = |at: usize| -> Option<u32> {
        let digits = std::str::from_utf8(b.get(at..at + 4)?).ok()?;
        if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    };
    let first = hex(2)?;
    match first {
        0xD800..=0xDBFF => {
            if b.get(6..8)? != b"\\u" {
                return None;
            }
            let low = hex(8)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            Some((char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))?, 12))
        }
        0xDC00..=0xDFFF => None,
        c => Some((char::from_u32(c)?, 6)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(src: &str) -> Result<Cow<'_, str>, Bail> {
        let mut p = Pull::new(src);
        let s = p.string()?;
        p.end()?;
        Ok(s)
    }

    #[test]
    fn strings_are_read_as_serde_json_reads_them() {
        for src in [
            r#""plain""#,
            r#""Søren 🦀 e\u0301""#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""\u00e6\u00F8 \ud83e\udd80 x""#,
            r#""\u0000""#,
        ] {
            let ours = string(src).unwrap();
            let theirs: String = serde_json::from_str(src).unwrap();
            assert_eq!(ours, theirs, "{src}");
            assert_eq!(matches!(ours, Cow::Borrowed(_)), !src.contains('\\'), "{src}");
        }
        for src in [r#""\ud83e""#, r#""\udd80""#, r#""\ud83e\u0041""#, r#""\x""#, "\"a\u{1}\"", r#""\u12""#, r#""open"#]
        {
            assert_eq!(string(src), Err(Bail), "{src}");
            assert!(serde_json::from_str::<String>(src).is_err(), "{src}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_control_char_is_found_wherever_it_is(
            bytes in proptest::collection::vec(proptest::prop_oneof![0x1fu8..=0x21, 0x7eu8..=0xff, 0u8..=0xff], 0..80),
        ) {
            proptest::prop_assert_eq!(has_control(&bytes), bytes.iter().any(|&x| x < 0x20));
        }
    }

    #[test]
    fn anything_unusual_is_left_to_serde_json() {
        for src in [
            "[1,]",
            "{\"a\":1,}",
            "[01]",
            "{\"a\" 1}",
            "[tru]",
            "[1] x",
            &format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1)),
        ] {
            let mut p = Pull::new(src);
            assert_eq!(p.skip().and_then(|_| p.end()), Err(Bail), "{src}");
        }
        let mut p = Pull::new(r#" {"a": [1, -2.5e3, true, null, {"b": "c"}], "d": {}} "#);
        assert_eq!(p.skip().and_then(|_| p.end()), Ok(()));
    }
}
