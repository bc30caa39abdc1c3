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
        // Colours of the 256-colour palette, which terminals agree on, where the 16 named
        // ones would not read on the passage's background (the contrast test checks).
        anchor: Color::Indexed(235),
        current: Color::White,
        on_accent: Color::Black,
        types: [
            Color::Indexed(213),
            Color::LightCyan,
            Color::LightGreen,
            Color::Yellow,
            Color::Indexed(210),
            Color::Indexed(117),
            Color::Gray,
        ],
    };

    /// For light terminal backgrounds: no light colours, which vanish on white.
    pub const LIGHT: Palette = Palette {
        accent: Color::Blue,
        cursor: Color::Blue,
        inactive: Color::DarkGray,
        dim: Color::Indexed(242),
        highlight: Color::Indexed(127),
        article: Color::Indexed(22),
        anchor: Color::Indexed(255),
        current: Color::Black,
        on_accent: Color::White,
        types: [
            Color::Indexed(127),
            Color::Blue,
            Color::Indexed(22),
            Color::Indexed(94),
            Color::Red,
            Color::Indexed(23),
            Color::Indexed(240),
        ],
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

    /// A name left unannotated that the corpus annotates elsewhere (a suggestion): subtle,
    /// apart from mentions, notes and passages.
    pub fn suggested(&self) -> Style {
        self.colored(
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED).underline_color(self.palette.dim),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    /// Text selected in the text pane (`v`): the list cursor's background, so it reads as
    /// "chosen" over any mention colour.
    pub fn selected_text(&self) -> Style {
        self.colored(Style::new().bg(self.palette.cursor), Style::new().add_modifier(Modifier::REVERSED))
    }

    /// The caret in the focused text pane: the char under it reversed, as a terminal's cursor.
    pub fn caret(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The gutter mark of a line with unsaved edits.
    pub fn edited(&self) -> Style {
        self.colored(Style::new().fg(self.palette.accent).add_modifier(Modifier::BOLD), Style::new())
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

    /// The row under a list's cursor: white on the cursor colour when the list has the focus
    /// (every colour of the row gives way, so badges and counts read on it), underlined when
    /// not (a background there would take contrast from the type colours).
    pub fn cursor_row(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().bg(self.palette.cursor).fg(Color::White).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, _) => Style::new().add_modifier(Modifier::UNDERLINED),
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

#[cfg(test)]
mod contrast {
    //! WCAG 2 contrast of every foreground and background the themes put together, on the
    //! terminal's own background, with xterm's default colours for the named ones.

    use super::*;

    /// xterm's default RGB for the 16 named colours.
    fn rgb(c: Color) -> (u8, u8, u8) {
        match c {
            Color::Black => (0, 0, 0),
            Color::Red => (205, 0, 0),
            Color::Green => (0, 205, 0),
            Color::Yellow => (205, 205, 0),
            Color::Blue => (0, 0, 238),
            Color::Magenta => (205, 0, 205),
            Color::Cyan => (0, 205, 205),
            Color::Gray => (229, 229, 229),
            Color::DarkGray => (127, 127, 127),
            Color::LightRed => (255, 0, 0),
            Color::LightGreen => (0, 255, 0),
            Color::LightYellow => (255, 255, 0),
            Color::LightBlue => (92, 92, 255),
            Color::LightMagenta => (255, 0, 255),
            Color::LightCyan => (0, 255, 255),
            Color::White => (255, 255, 255),
            Color::Rgb(r, g, b) => (r, g, b),
            // The 6×6×6 cube and the grey ramp of the 256-colour palette.
            Color::Indexed(i @ 16..=231) => {
                let step = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let i = i - 16;
                (step(i / 36), step(i / 6 % 6), step(i % 6))
            }
            Color::Indexed(i @ 232..=255) => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
            other => panic!("a colour the test does not know: {other:?}"),
        }
    }

    fn luminance(c: Color) -> f64 {
        let (r, g, b) = rgb(c);
        let lin = |v: u8| {
            let s = v as f64 / 255.0;
            if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// The contrast ratio of `style` drawn on a terminal whose text and background are `term`.
    fn ratio(style: Style, term: (Color, Color)) -> f64 {
        let (mut fg, mut bg) = (style.fg.unwrap_or(term.0), style.bg.unwrap_or(term.1));
        if style.add_modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        let (a, b) = (luminance(fg), luminance(bg));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Every style a theme draws text in (named), with the least contrast it needs: 4.5 for
    /// text, 3 for large marks (borders, gutter marks).
    fn pairs(t: &Theme) -> Vec<(String, Style, f64)> {
        let mut out: Vec<(String, Style, f64)> = Vec::new();
        let mut types: Vec<Color> = t.palette.types.to_vec();
        types.push(Color::Rgb(0xff, 0xcc, 0xaa)); // a brat bgColor
        let mut text: Vec<(String, Style)> = vec![
            ("dim".into(), t.dim()),
            ("title".into(), t.title()),
            ("matched".into(), t.matched()),
            ("related".into(), t.related()),
            ("article marker".into(), t.article_marker()),
            ("message".into(), t.message()),
            ("status badge".into(), t.status_badge()),
            ("current".into(), t.current()),
            ("plain".into(), Style::new()),
            ("noted".into(), t.noted()),
            ("suggested".into(), t.suggested()),
        ];
        for (i, &c) in types.iter().enumerate() {
            text.push((format!("mention {i}"), t.mention(c)));
            text.push((format!("selected mention {i}"), t.mention_selected(c)));
            text.push((format!("badge {i}"), t.badge(c)));
        }
        for (name, s) in &text {
            out.push((name.clone(), *s, 4.5));
            // On the rows under a list's cursor, focused or not, and on an event's passage.
            // As the lists draw them: the cursor row's style over the row's.
            out.push((format!("{name} on the cursor row"), s.patch(t.cursor_row(true)), 4.5));
            out.push((format!("{name} on an unfocused cursor row"), s.patch(t.cursor_row(false)), 4.5));
            // As the text paints them: a mention over an event's passage.
            out.push((format!("{name} on a passage"), t.anchor().patch(*s), 4.5));
        }
        out.push(("focused border".into(), t.block(true), 3.0));
        out.push(("border".into(), t.block(false), 3.0));
        out.push(("marker".into(), t.marker(), 3.0));
        out
    }

    #[test]
    fn every_pair_of_colours_reads_on_dark_and_light_terminals() {
        let mut failures = Vec::new();
        for (theme, term) in
            [(Theme::dark(), (Color::Gray, Color::Black)), (Theme::light(), (Color::Black, Color::White))]
        {
            for (name, style, least) in pairs(&theme) {
                let r = ratio(style, term);
                if r < least {
                    let which = if theme.palette == Palette::DARK { "dark" } else { "light" };
                    failures.push(format!("{which}: {name}: {r:.2} < {least} ({style:?})"));
                }
            }
        }
        assert!(failures.is_empty(), "{} pairs read badly:\n{}", failures.len(), failures.join("\n"));
    }
}
