//! Text tagged with what each piece is (a title, a hint, a marker), so that state code can
//! describe a popup's content, and count the rows it takes once wrapped, while only the UI
//! decides how each role looks.

/// What a piece of text is; the theme gives each a style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Ordinary text.
    Plain,
    /// A heading or a name.
    Title,
    /// Secondary text: labels, hints, counts.
    Dim,
    /// A marker such as `†` or a key name.
    Marker,
    /// Something related to the selection: a date, a `●`.
    Related,
    /// A message that needs attention (an error).
    Alert,
    /// An entity type's badge, in that type's colour.
    Badge(String),
}

/// One line: pieces of text with their roles.
pub type MarkupLine = Vec<(Role, String)>;

/// A line of one piece.
pub fn line(role: Role, text: impl Into<String>) -> MarkupLine {
    vec![(role, text.into())]
}

/// Rows `lines` take when word-wrapped to `width` columns, exactly as the UI wraps them.
pub fn wrapped_rows(lines: &[MarkupLine], width: u16) -> usize {
    wrap(lines, width as usize).len()
}

/// `lines` word-wrapped to `width` cells, a row each, with a hanging indent: a row that
/// goes on a line starts under its text, past its label (a first piece such as `  j ↓  ` or
/// `Source: `) or its leading spaces. A word wider than the row is cut where it must be.
pub fn wrap(lines: &[MarkupLine], width: usize) -> Vec<MarkupLine> {
    let width = width.max(1);
    let mut out = Vec::new();
    for l in lines {
        if l.is_empty() {
            out.push(Vec::new());
            continue;
        }
        let text: String = l.iter().map(|(_, s)| s.as_str()).collect();
        let leading = text.chars().take_while(|c| *c == ' ').count();
        let label = match l.as_slice() {
            [(_, first), _, ..] if first.ends_with(' ') => cells(first),
            _ => leading,
        };
        let indent = if label * 2 <= width { label } else { leading.min(width / 2) };
        let mut row = Row { pieces: Vec::new(), used: 0 };
        // Words with the spaces after them, each char with its piece's role.
        let mut word: Vec<(&Role, char)> = Vec::new();
        let chars = l.iter().flat_map(|(r, s)| s.chars().map(move |c| (r, c)));
        for (role, c) in chars.chain([(&Role::Plain, '\n')]) {
            let ends = c == '\n' || (c != ' ' && word.last().is_some_and(|(_, p)| *p == ' '));
            if ends {
                row.place(&word, width, indent, &mut out);
                word.clear();
            }
            if c != '\n' {
                word.push((role, c));
            }
        }
        out.push(row.pieces);
    }
    out
}

/// A row being filled by [`wrap`].
struct Row {
    pieces: MarkupLine,
    used: usize,
}

impl Row {
    /// Adds `word` (with its trailing spaces), starting a new row when it does not fit.
    fn place(&mut self, word: &[(&Role, char)], width: usize, indent: usize, out: &mut Vec<MarkupLine>) {
        let bare: usize = word.iter().filter(|(_, c)| *c != ' ').map(|(_, c)| crate::display::char_width(*c)).sum();
        if self.used > indent && self.used + bare > width {
            self.new_row(indent, out);
        }
        for &(role, c) in word {
            let w = crate::display::char_width(c);
            if c == ' ' && self.used + w > width {
                // Spaces at the end of a row are swallowed.
                continue;
            }
            if self.used + w > width && self.used > indent {
                self.new_row(indent, out);
            }
            match self.pieces.last_mut() {
                Some((r, s)) if r == role => s.push(c),
                _ => self.pieces.push((role.clone(), c.to_string())),
            }
            self.used += w;
        }
    }

    fn new_row(&mut self, indent: usize, out: &mut Vec<MarkupLine>) {
        if let Some((_, s)) = self.pieces.last_mut() {
            s.truncate(s.trim_end_matches(' ').len());
        }
        out.push(std::mem::take(&mut self.pieces));
        if indent > 0 {
            self.pieces.push((Role::Plain, " ".repeat(indent)));
        }
        self.used = indent;
    }
}

fn cells(s: &str) -> usize {
    crate::display::width(s)
}

/// The sections of `lines` (each a title line, then lines up to a blank one) that say
/// `query` (case-insensitive): a section whose title says it whole, else its title and the
/// lines that say it. Blank lines keep the sections apart.
pub fn matching(lines: &[MarkupLine], query: &str) -> Vec<MarkupLine> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return lines.to_vec();
    }
    let says = |l: &MarkupLine| l.iter().map(|(_, s)| s.to_lowercase()).collect::<String>().contains(&query);
    let mut out = Vec::new();
    for section in lines.split(|l| l.is_empty()) {
        let Some((title, body)) = section.split_first() else { continue };
        let kept: Vec<MarkupLine> =
            if says(title) { body.to_vec() } else { body.iter().filter(|l| says(l)).cloned().collect() };
        if kept.is_empty() && !says(title) {
            continue;
        }
        if !out.is_empty() {
            out.push(Vec::new());
        }
        out.push(title.clone());
        out.extend(kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[MarkupLine], width: usize) -> Vec<String> {
        wrap(lines, width).iter().map(|l| l.iter().map(|(_, s)| s.as_str()).collect()).collect()
    }

    #[test]
    fn wrapped_lines_hang_under_their_text() {
        let key = vec![(Role::Marker, "     j ↓  ".to_string()), (Role::Plain, "move down in the list".to_string())];
        assert_eq!(rows(&[key], 20), ["     j ↓  move down", "          in the", "          list"]);
        let plain = line(Role::Plain, "  click focuses a pane and selects");
        assert_eq!(rows(&[plain], 16), ["  click focuses", "  a pane and", "  selects"]);
        let url = vec![(Role::Dim, "Source: ".to_string()), (Role::Plain, "https://example.com/a/b/c".to_string())];
        assert_eq!(rows(&[url], 20), ["Source: https://exam", "        ple.com/a/b/", "        c"]);
        assert_eq!(rows(&[Vec::new()], 5), [""]);
        let roles = wrap(&[vec![(Role::Title, "Huawei".into()), (Role::Plain, "  ORG".into())]], 40);
        assert_eq!(roles, [vec![(Role::Title, "Huawei".to_string()), (Role::Plain, "  ORG".to_string())]]);
    }

    #[test]
    fn matching_keeps_the_sections_that_say_it() {
        let lines = vec![
            line(Role::Title, "Keys"),
            line(Role::Plain, "q quit"),
            line(Role::Plain, "n next mention"),
            Vec::new(),
            line(Role::Title, "Mouse"),
            line(Role::Plain, "click selects"),
        ];
        let said = |q: &str| {
            matching(&lines, q).iter().map(|l| l.iter().map(|(_, s)| s.clone()).collect()).collect::<Vec<String>>()
        };
        assert_eq!(said("MENTION"), ["Keys", "n next mention"]);
        assert_eq!(said("mouse"), ["Mouse", "click selects"]);
        assert_eq!(said("quit"), ["Keys", "q quit"]);
        assert_eq!(said("s"), ["Keys", "q quit", "n next mention", "", "Mouse", "click selects"]);
        assert!(said("zzz").is_empty());
    }
}
