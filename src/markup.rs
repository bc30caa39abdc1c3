//! Text tagged with what each piece is (a title, a hint, a marker), so that state code can
//! describe a popup's content, and count the rows it takes once wrapped, while only the UI
//! decides how each role looks.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

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
    let text: Vec<Line> =
        lines.iter().map(|l| Line::from(l.iter().map(|(_, s)| Span::raw(s.as_str())).collect::<Vec<_>>())).collect();
    Paragraph::new(text).wrap(Wrap { trim: false }).line_count(width)
}
