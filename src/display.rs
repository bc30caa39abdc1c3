//! How untrusted text from data files is made safe and measured for the terminal.
//!
//! Data never drives the terminal: control characters (including ESC, which starts escape
//! sequences) become visible placeholders, one char for one char, so offsets stay valid.

use unicode_width::UnicodeWidthChar;

/// The visible stand-in for a control character, or the char itself.
///
/// C0 controls map to the Unicode "control pictures" (`␛` for ESC), DEL to `␡`, and C1
/// controls and bidirectional overrides to `�`.
pub fn visible(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
        // Invisible format characters, separators that some terminals break lines at, and
        // fillers they draw at another width than they measure: each would put the cells
        // after it out of place.
        '\u{ad}'
        | '\u{61c}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{2060}'..='\u{2064}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}' => '\u{fffd}',
        _ => c,
    }
}

/// How a char of article text appears in a cell: tabs as a space, a carriage return not at
/// all (so `\r\n` line ends look like `\n`), other controls as their visible stand-in.
pub fn cell_char(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        '\r' => None,
        c => Some(visible(c)),
    }
}

/// Cells a char of article text takes, consistent with [`cell_char`].
pub fn cell_width(c: char) -> usize {
    cell_char(c).map_or(0, char_width)
}

/// Text for a terminal: line breaks and tabs kept, every other control character (and
/// invisible format character) replaced by its visible stand-in. Writers whose output is
/// text use it when standard output is a terminal; files and pipes get the data exactly.
pub fn for_terminal(s: &str) -> String {
    s.chars().map(|c| if c == '\n' || c == '\t' { c } else { visible(c) }).collect()
}

/// JSON text with DEL, U+0080–U+009F, the bidirectional controls, U+2028 and U+2029 written as
/// `\u` escapes: valid JSON either way, but these can drive a terminal, reorder what it shows,
/// or end a JavaScript line. serde_json escapes the C0 controls itself; JSON outside strings
/// is printable ASCII, so replacing them anywhere only touches strings.
pub fn json_safe(json: String) -> String {
    let unsafe_in_json = |c: char| {
        matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !json.chars().any(unsafe_in_json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` with every control character replaced by its visible stand-in.
pub fn sanitize(s: &str) -> String {
    s.chars().map(visible).collect()
}

/// Display width of a char in terminal cells (0 for combining marks).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string in terminal cells, as shown (control chars as placeholders).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| char_width(visible(c))).sum()
}

/// `s` sanitized and cut at a word boundary with `…` to at most `cells` cells (mid-word
/// only when its first word alone is too wide); not padded.
pub fn fit_words(s: &str, cells: usize) -> String {
    if width(s) <= cells {
        return sanitize(s);
    }
    let mut out = String::new();
    let mut used = 0;
    let mut last_break = None;
    for c in s.chars().map(visible) {
        let w = char_width(c);
        if used + w + 1 > cells {
            break;
        }
        if c.is_whitespace() {
            last_break = Some(out.len());
        }
        out.push(c);
        used += w;
    }
    if let Some(b) = last_break.filter(|&b| !out[..b].trim().is_empty()) {
        out.truncate(b);
    }
    let mut out = out.trim_end().to_string();
    if cells > 0 {
        out.push('…');
    }
    out
}

/// `s` sanitized and padded with spaces (or cut with `…`) to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total = width(s);
    for c in s.chars().map(visible) {
        let w = char_width(c);
        if total > cells && used + w + 1 > cells {
            out.push('…');
            used += 1;
            break;
        }
        if used + w > cells {
            break;
        }
        out.push(c);
        used += w;
    }
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(used)));
    out
}

/// "1 error", "3 errors"; "entity" becomes "entities".
pub fn count(n: usize, what: &str) -> String {
    match (n, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {what}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_words_cuts_between_words() {
        assert_eq!(fit_words("on to the next article", 30), "on to the next article");
        assert_eq!(fit_words("on to the next article", 16), "on to the next…");
        assert_eq!(fit_words("on to the next article", 14), "on to the…");
        assert_eq!(fit_words("Kinas_forpligtelse_til", 8), "Kinas_f…", "one long word is cut where it must");
        assert!(width(&fit_words("æøå 日本語 emoji 🚀 more", 10)) <= 10);
    }

    #[test]
    fn json_escapes_what_could_drive_or_reorder_a_terminal() {
        let json = serde_json::to_string("a\u{7f}b\u{9b}c\u{202e}d\u{2066}e\u{2069}f\u{200f}g").unwrap();
        let safe = json_safe(json);
        assert_eq!(safe, r#""a\u007fb\u009bc\u202ed\u2066e\u2069f\u200fg""#);
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{7f}b\u{9b}c\u{202e}d\u{2066}e\u{2069}f\u{200f}g");
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "warning"), "1 warning");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(2, "entity"), "2 entities");
        assert_eq!(count(1, "entity"), "1 entity");
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb\u{7}"), "a␛[2Jb␇");
        assert_eq!(sanitize("x\u{9b}y\u{202e}z"), "x�y�z");
        assert_eq!(sanitize("Kø\tbenhavn").chars().count(), "Kø\tbenhavn".chars().count());
    }

    #[test]
    fn terminal_text_keeps_lines_and_json_escapes_c1_and_separators() {
        assert_eq!(for_terminal("a\u{1b}]0;x\u{7}b\n\tc\u{200f}"), "a␛]0;x␇b\n\tc\u{fffd}");
        assert_eq!(json_safe("[\"a\u{85}b\u{2028}\"]".into()), "[\"a\\u0085b\\u2028\"]");
        let back: Vec<String> = serde_json::from_str(&json_safe("[\"x\u{9b}\u{2029}\"]".into())).unwrap();
        assert_eq!(back, ["x\u{9b}\u{2029}"]);
    }

    #[test]
    fn fit_pads_and_cuts_by_display_width() {
        assert_eq!(fit("Kø", 4), "Kø  ");
        assert_eq!(fit("日本語", 5), "日本…");
        assert_eq!(width(&fit("日本語テキスト", 6)), 6);
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("A\u{1b}[H", 4), "A␛[H", "placeholders take their cells");
    }
}
