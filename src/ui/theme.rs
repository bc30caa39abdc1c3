//! Every colour and text attribute the explorer uses, by meaning. Pane code asks the theme;
//! it never names a colour. With `NO_COLOR` set, meanings are carried by bold, underline,
//! italic and reverse video alone.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

/// The explorer's styles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
    /// The interface's colours.
    pub palette: Palette,
    /// Colours the user gave entity types (a config file), before the data's own.
    pub types: BTreeMap<String, Color>,
}

/// The interface's colours, by meaning; a config file may change each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The focused pane's border and the status line's badge.
    pub accent: Color,
    /// The background of the row under a focused list's cursor.
    pub cursor: Color,
    /// Unfocused borders and the cursor row of an unfocused list.
    pub inactive: Color,
    /// Secondary text: dates, counts, hints.
    pub dim: Color,
    /// What the user is pointed to: search matches, the entity's events, messages, marks.
    pub highlight: Color,
    /// The article's own date on the timeline.
    pub article: Color,
    /// The background of an event's passage in the text.
    pub anchor: Color,
    /// The background of the current spot.
    pub current: Color,
    /// Text drawn on the accent, the current spot and the selected entity's mentions.
    pub on_accent: Color,
    /// Colours for entity types, the common ones first (PERSON, ORG, GPE, PRODUCT, EVENT,
    /// NORP, DATE), the rest picked for other types by a hash of their name.
    pub types: [Color; 7],
}

impl Palette {
    /// Each colour with its name in a config file.
    pub fn named_mut(&mut self) -> [(&'static str, &mut Color); 9] {
        [
            ("accent", &mut self.accent),
            ("cursor", &mut self.cursor),
            ("inactive", &mut self.inactive),
            ("dim", &mut self.dim),
            ("highlight", &mut self.highlight),
            ("article", &mut self.article),
            ("anchor", &mut self.anchor),
            ("current", &mut self.current),
            ("on_accent", &mut self.on_accent),
        ]
    }

    /// For dark terminal backgrounds (the default).
    pub const DARK: Palette = Palette {
        accent: Color::LightCyan,
        cursor: Color::Blue,
        inactive: Color::DarkGray,
        dim: Color::Gray,
        highlight: Color::LightYellow,
        article: Color::LightGreen,
        anchor: Color::DarkGray,
        current: Color::White,
        on_accent: Color::Black,
        types: [
            Color::LightMagenta,
            Color::LightCyan,
            Color::LightGreen,
            Color::Yellow,
            Color::LightRed,
            Color::LightBlue,
            Color::Gray,
        ],
    };

    /// For light terminal backgrounds: no light colours, which vanish on white.
    pub const LIGHT: Palette = Palette {
        accent: Color::Blue,
        cursor: Color::Blue,
        inactive: Color::Gray,
        dim: Color::DarkGray,
        highlight: Color::Magenta,
        article: Color::Green,
        anchor: Color::Gray,
        current: Color::Black,
        on_accent: Color::White,
        types: [Color::Magenta, Color::Blue, Color::Green, Color::Red, Color::Red, Color::Cyan, Color::DarkGray],
    };
}

impl Theme {
    /// Colours for a dark background.
    pub const fn dark() -> Theme {
        Theme { color: true, palette: Palette::DARK, types: BTreeMap::new() }
    }

    /// Colours for a light background.
    pub const fn light() -> Theme {
        Theme { color: true, palette: Palette::LIGHT, types: BTreeMap::new() }
    }

    /// No colour: meanings carried by bold, underline, italic and reverse video.
    pub const fn plain() -> Theme {
        Theme { color: false, palette: Palette::DARK, types: BTreeMap::new() }
    }

    /// This theme, without colour if the `NO_COLOR` environment variable is set to something
    /// non-empty (see no-color.org).
    pub fn with_env(self) -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()), ..self }
    }

    /// The colour of an entity type: the user's, else the data's own (brat's `visual.conf`),
    /// else the palette's for the common types, else a stable one picked from the palette.
    pub fn type_color(&self, kind: &str, own: &BTreeMap<String, (u8, u8, u8)>) -> Color {
        if let Some(&c) = self.types.get(kind) {
            return c;
        }
        if let Some(&(r, g, b)) = own.get(kind) {
            return Color::Rgb(r, g, b);
        }
        let t = &self.palette.types;
        match kind.to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => t[0],
            "ORG" | "ORGANIZATION" => t[1],
            "GPE" | "LOC" | "LOCATION" => t[2],
            "PRODUCT" => t[3],
            "EVENT" => t[4],
            "NORP" => t[5],
            "DATE" | "TIME" => t[6],
            other => {
                let h = other.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
                t[h % 6]
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
            _ => Style::new().fg(self.palette.on_accent).bg(color).add_modifier(bold),
        };
        self.colored(with, Style::new().add_modifier(bold | Modifier::UNDERLINED))
    }

    /// The current spot: the mention, anchor or note last jumped to.
    pub fn current(&self) -> Style {
        let strong = Modifier::BOLD | Modifier::UNDERLINED;
        self.colored(
            Style::new().fg(self.palette.on_accent).bg(self.palette.current).add_modifier(strong),
            Style::new().add_modifier(strong | Modifier::REVERSED),
        )
    }

    /// A passage of the article that speaks of the selected event.
    pub fn anchor(&self) -> Style {
        self.colored(Style::new().bg(self.palette.anchor), Style::new().add_modifier(Modifier::ITALIC))
    }

    /// A passage with a note.
    pub fn noted(&self) -> Style {
        self.colored(
            Style::new().add_modifier(Modifier::UNDERLINED).underline_color(self.palette.highlight),
            Style::new(),
        )
    }

    /// Gutter markers (note, current line, anchor).
    pub fn marker(&self) -> Style {
        self.colored(
            Style::new().fg(self.palette.highlight).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The article title.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: dates in the header, counts, hints.
    pub fn dim(&self) -> Style {
        self.colored(Style::new().fg(self.palette.dim), Style::new())
    }

    /// A pane's border and title.
    pub fn block(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(self.palette.accent).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(self.palette.inactive),
            (false, false) => Style::new(),
        }
    }

    /// The row under a list's cursor.
    pub fn cursor_row(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().bg(self.palette.cursor).fg(Color::White).add_modifier(Modifier::BOLD),
            (false, true) => Style::new().bg(self.palette.inactive),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The characters a fuzzy search matched.
    pub fn matched(&self) -> Style {
        self.colored(
            Style::new().fg(self.palette.highlight).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
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
            Style::new().fg(self.palette.highlight).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The article's own date on the timeline.
    pub fn article_marker(&self) -> Style {
        self.colored(
            Style::new().fg(self.palette.article).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The focused pane's name at the start of the status line.
    pub fn status_badge(&self) -> Style {
        self.colored(
            Style::new().fg(self.palette.on_accent).bg(self.palette.accent).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// A message in the status line.
    pub fn message(&self) -> Style {
        self.colored(Style::new().fg(self.palette.highlight), Style::new().add_modifier(Modifier::BOLD))
    }
}
