//! Every colour and text attribute the explorer uses, by meaning. Pane code asks the theme;
//! it never names a colour. With `NO_COLOR` set, meanings are carried by bold, underline,
//! italic and reverse video alone.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

/// The explorer's styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
}

const PALETTE: [Color; 6] =
    [Color::LightRed, Color::LightBlue, Color::LightMagenta, Color::LightYellow, Color::LightCyan, Color::LightGreen];

impl Theme {
    /// Colour unless the `NO_COLOR` environment variable is set to something non-empty
    /// (see no-color.org).
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    /// The colour of an entity type: the data's own (brat's `visual.conf`) when it has one,
    /// else a fixed colour for the common types, else a stable colour from a palette.
    pub fn type_color(&self, kind: &str, own: &BTreeMap<String, (u8, u8, u8)>) -> Color {
        if let Some(&(r, g, b)) = own.get(kind) {
            return Color::Rgb(r, g, b);
        }
        match kind.to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => Color::LightMagenta,
            "ORG" | "ORGANIZATION" => Color::LightCyan,
            "GPE" | "LOC" | "LOCATION" => Color::LightGreen,
            "PRODUCT" => Color::Yellow,
            "EVENT" => Color::LightRed,
            "NORP" => Color::LightBlue,
            "DATE" | "TIME" => Color::Gray,
            other => {
                let h = other.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
                PALETTE[h % PALETTE.len()]
            }
        }
    }

    fn colored(&self, with: Style, without: Style) -> Style {
        if self.color { with } else { without }
    }

    /// A mention of an entity that is not selected; `color` is its type's. The data's own
    /// colours (brat's `bgColor`, light as brat draws them) are backgrounds under black text,
    /// which reads on dark and light terminals alike; the built-in ones are text colours.
    pub fn mention(&self, color: Color) -> Style {
        let with = match color {
            Color::Rgb(..) => Style::new().fg(Color::Black).bg(color),
            _ => Style::new().fg(color),
        };
        self.colored(with, Style::new().add_modifier(Modifier::UNDERLINED))
    }

    /// A mention of the selected entity.
    pub fn mention_selected(&self, color: Color) -> Style {
        let bold = Modifier::BOLD;
        let with = match color {
            Color::Rgb(..) => Style::new().fg(Color::Black).bg(color).add_modifier(bold | Modifier::UNDERLINED),
            _ => Style::new().fg(Color::Black).bg(color).add_modifier(bold),
        };
        self.colored(with, Style::new().add_modifier(bold | Modifier::UNDERLINED))
    }

    /// The current spot: the mention, anchor or note last jumped to.
    pub fn current(&self) -> Style {
        let strong = Modifier::BOLD | Modifier::UNDERLINED;
        self.colored(
            Style::new().fg(Color::Black).bg(Color::White).add_modifier(strong),
            Style::new().add_modifier(strong | Modifier::REVERSED),
        )
    }

    /// A passage of the article that speaks of the selected event.
    pub fn anchor(&self) -> Style {
        self.colored(Style::new().bg(Color::DarkGray), Style::new().add_modifier(Modifier::ITALIC))
    }

    /// A passage with a note.
    pub fn noted(&self) -> Style {
        self.colored(Style::new().add_modifier(Modifier::UNDERLINED).underline_color(Color::Yellow), Style::new())
    }

    /// Gutter markers (note, current line, anchor).
    pub fn marker(&self) -> Style {
        self.colored(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The article title.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: dates in the header, counts, hints.
    pub fn dim(&self) -> Style {
        self.colored(Style::new().fg(Color::Gray), Style::new())
    }

    /// A pane's border and title.
    pub fn block(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    /// The row under a list's cursor.
    pub fn cursor_row(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD),
            (false, true) => Style::new().bg(Color::DarkGray),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The characters a fuzzy search matched.
    pub fn matched(&self) -> Style {
        self.colored(
            Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// An entity type badge (a data's own colour as a background, as for mentions).
    pub fn badge(&self, color: Color) -> Style {
        let with = match color {
            Color::Rgb(..) => Style::new().fg(Color::Black).bg(color),
            _ => Style::new().fg(color),
        };
        self.colored(with, Style::new())
    }

    /// Something tied to the selected entity (its events on the timeline, its row).
    pub fn related(&self) -> Style {
        self.colored(
            Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The article's own date on the timeline.
    pub fn article_marker(&self) -> Style {
        self.colored(
            Style::new().fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The focused pane's name at the start of the status line.
    pub fn status_badge(&self) -> Style {
        self.colored(
            Style::new().fg(Color::Black).bg(Color::LightCyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// A message in the status line.
    pub fn message(&self) -> Style {
        self.colored(Style::new().fg(Color::LightYellow), Style::new().add_modifier(Modifier::BOLD))
    }
}
