//! Finds where a value sits in JSON source text, so that errors found after parsing
//! (a mention out of range, a duplicate id) can still name a line and column.
//!
//! `serde_json::Value` keeps no positions; this small scanner walks the raw text along a
//! path of keys and indices. It only runs when there is something to report.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    /// A key of an object.
    Key(&'static str),
    /// An element of an array.
    Index(usize),
}

/// The byte offset in `src` of the value at `path`; as deep as the path could be followed
/// when some step is missing.
pub fn locate(src: &str, path: &[Seg]) -> usize {
    locate_bytes(src.as_bytes(), path)
}

/// [`locate`] on bytes (JSON structure is ASCII, so no UTF-8 check is needed to walk it).
pub fn locate_bytes(src: &[u8], path: &[Seg]) -> usize {
    let mut s = Scanner { b: src, i: 0 };
    s.ws();
    for seg in path {
        let found = match *seg {
            Seg::Key(k) => s.enter_key(k),
            Seg::Index(n) => s.enter_index(n),
        };
        if !found {
            break;
        }
    }
    s.i.min(src.len())
}

/// 1-based line and column (in chars) of byte offset `at` in `src`.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// [`line_col`] on bytes that are UTF-8 up to `at` (chars are counted as the bytes that start
/// one).
pub fn line_col_bytes(src: &[u8], at: usize) -> (usize, usize) {
    // Called for every article's id, often deep in a long line: passes the machine does fast.
    let before = &src[..at.min(src.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    (line, char_starts(&before[line_start..]) + 1)
}

/// How many chars start in `bytes` (UTF-8, or a piece of it): the bytes that are not
/// 10xxxxxx, which as signed bytes are -128..-65.
pub fn char_starts(bytes: &[u8]) -> usize {
    // Summed in bytes, a block of at most 255 at a time: the compiler turns that into vector
    // code (a sum into a usize it widens four bytes at a time).
    let block = |b: &[u8]| b.iter().fold(0u8, |n, &x| n + u8::from(x as i8 >= -0x40)) as usize;
    bytes.chunks(255).map(block).sum()
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Moves to the value of `key` in the object here; false (position kept) if absent.
    fn enter_key(&mut self, key: &str) -> bool {
        let start = self.i;
        if self.peek() != Some(b'{') {
            return false;
        }
        self.i += 1;
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                self.i = start;
                return false;
            }
            let k0 = self.i;
            self.skip_string();
            let raw = std::str::from_utf8(&self.b[k0..self.i]).unwrap_or("");
            let this_key = serde_json::from_str::<String>(raw).unwrap_or_default();
            self.ws();
            if self.peek() == Some(b':') {
                self.i += 1;
            }
            self.ws();
            if this_key == key {
                return true;
            }
            self.skip_value();
            self.ws();
            if self.peek() == Some(b',') {
                self.i += 1;
            } else {
                self.i = start;
                return false;
            }
        }
    }

    /// Moves to element `n` of the array here; false (position kept) if absent.
    fn enter_index(&mut self, n: usize) -> bool {
        let start = self.i;
        if self.peek() != Some(b'[') {
            return false;
        }
        self.i += 1;
        for k in 0.. {
            self.ws();
            if matches!(self.peek(), None | Some(b']')) {
                break;
            }
            if k == n {
                return true;
            }
            self.skip_value();
            self.ws();
            if self.peek() == Some(b',') {
                self.i += 1;
            }
        }
        self.i = start;
        false
    }

    fn skip_string(&mut self) {
        self.i += 1; // opening quote
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.skip_string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while !matches!(self.peek(), None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')) {
                    self.i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"id\": \"a\",\n  \"tricky\": \"}]\\\"{\",\n  \"mentions\": [\n    {\"entity\": \"x\", \"start\": 5},\n    {\"entity\": \"ø\", \"start\": 7}\n  ]\n}";

    fn at(path: &[Seg]) -> (usize, usize) {
        line_col(DOC, locate(DOC, path))
    }

    #[test]
    fn follows_keys_and_indices_past_tricky_strings() {
        assert_eq!(at(&[Seg::Key("id")]), (2, 9));
        assert_eq!(at(&[Seg::Key("mentions"), Seg::Index(1)]), (6, 5));
        assert_eq!(at(&[Seg::Key("mentions"), Seg::Index(1), Seg::Key("start")]), (6, 30));
    }

    #[test]
    fn stops_at_the_deepest_step_found() {
        assert_eq!(at(&[Seg::Key("mentions"), Seg::Index(9)]), (4, 15));
        assert_eq!(at(&[Seg::Key("nope")]), (1, 1));
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        assert_eq!(line_col("æøå\nxæy", 10), (2, 3));
    }
}
