//! The user's config file: key bindings, colours, light or dark theme, and defaults for the
//! entity sort order and for reading files. Read once at start; any mistake in it is an error
//! at its line and column, before the terminal is touched.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::action::Action;
use crate::app::entities::SortOrder;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::line_col;
use crate::import::offsets::OffsetUnit;
use crate::keymap::{Keymap, MODE_NAMES, Mode};
use crate::link::Link;
use crate::ui::theme::{Palette, Theme};

/// The environment variable that names a config file (as `--config` does).
pub const ENV: &str = "NEWSLENS_CONFIG";

/// Everything a config file sets, with the defaults for what it leaves out.
#[derive(Debug, Clone)]
pub struct Config {
    /// Key bindings.
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// The entity list's first sort order.
    pub sort: SortOrder,
    /// How entities link across articles, unless `--link` says.
    pub link: Option<Link>,
    /// What doccano offsets count, unless `--offsets` says.
    pub offsets: Option<OffsetUnit>,
}

impl Default for Config {
    fn default() -> Config {
        Config { keymap: Keymap::default(), theme: Theme::dark(), sort: SortOrder::Mentions, link: None, offsets: None }
    }
}

/// Where the config file is looked for when neither `--config` nor [`ENV`] names one:
/// `$XDG_CONFIG_HOME/newslens/config.toml` on Linux, the platform's config directory elsewhere.
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy().ok().map(|s| s.config_dir().join("newslens").join("config.toml"))
}

/// newslens's directory `what` in the cache directory: `$XDG_CACHE_HOME/newslens/WHAT` on
/// Linux (`~/.cache/newslens/WHAT` without it), the platform's cache directory elsewhere.
pub fn cache_dir(what: &str) -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy().ok().map(|s| s.cache_dir().join("newslens").join(what))
}

/// Reads the config: from `explicit` (which must exist), else from the default path if a file
/// is there, else the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Config, Diagnostic> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok(Config::default()),
        },
    };
    let shown = path.display().to_string();
    match crate::small_file::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&shown, &text),
            Err(e) => Err(Diagnostic::not_utf8(&shown, e.as_bytes(), e.utf8_error().valid_up_to(), 0)),
        },
        Err(e) if !must_exist && e.not_found() => Ok(Config::default()),
        Err(e) => Err(Diagnostic::error(&shown, None, e.to_string())),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    theme: Option<Spanned<String>>,
    sort: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
    offsets: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, RawBindings>,
    #[serde(default)]
    colors: RawColors,
}

/// One mode's rebindings: action name to key names.
type RawBindings = BTreeMap<Spanned<String>, Spanned<Vec<String>>>;

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColors {
    #[serde(default)]
    interface: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    types: BTreeMap<String, Spanned<String>>,
}

/// Reads a config file's text; `path` is how errors name it.
pub fn parse(path: &str, text: &str) -> Result<Config, Diagnostic> {
    let error =
        |span: Range<usize>, message: String| Diagnostic::error(path, Some(line_col(text, span.start)), message);
    let raw: Raw = toml::from_str(text).map_err(|e| {
        // toml's message repeats the place in a drawing; the first line says what is wrong.
        let mut message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
        let span = e.span().unwrap_or(0..0);
        // "duplicate key" alone: name it, with the table header it is in when it is one.
        if message == "duplicate key" {
            let line = text[..span.start.min(text.len())].rsplit('\n').next().unwrap_or("");
            let rest = &text[span.start.min(text.len())..];
            let key: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '"')).collect();
            let header = text[span.start.min(text.len())..].split('\n').next().unwrap_or("");
            message = if line.trim_start().starts_with('[') {
                let table = format!("{line}{header}");
                format!("the table {} is written twice; merge the two", table.trim())
            } else {
                format!("duplicate key {key:?}; keep one")
            };
        }
        error(span, message)
    })?;
    let mut config = Config::default();
    let fail = |(at, message): (Range<usize>, String)| error(at, message);
    if let Some(t) = &raw.theme {
        let light = pick(t, "theme", &[("dark", false), ("light", true)]).map_err(fail)?;
        config.theme = if light { Theme::light() } else { Theme::dark() };
    }
    if let Some(s) = &raw.sort {
        let orders = [
            ("mentions", SortOrder::Mentions),
            ("name", SortOrder::Name),
            ("first", SortOrder::FirstAppearance),
            ("type", SortOrder::Type),
        ];
        config.sort = pick(s, "sort order", &orders).map_err(fail)?;
    }
    if let Some(l) = &raw.link {
        config.link =
            Some(pick(l, "link", &[("name", Link::Name), ("kb", Link::Kb), ("none", Link::None)]).map_err(fail)?);
    }
    if let Some(o) = &raw.offsets {
        let units = [("chars", OffsetUnit::Chars), ("utf16", OffsetUnit::Utf16), ("graphemes", OffsetUnit::Graphemes)];
        config.offsets = Some(pick(o, "offsets", &units).map_err(fail)?);
    }
    for (mode_name, bindings) in &raw.keys {
        let mode = pick(mode_name, "mode", MODE_NAMES).map_err(fail)?;
        for (action, keys) in bindings {
            config.keymap.rebind(mode, action.get_ref(), keys.get_ref()).map_err(|e| {
                let span = match e {
                    crate::keymap::BindError::UnknownAction(_) => action.span(),
                    _ => keys.span(),
                };
                error(span, format!("[keys.{}] {e}", mode_name.get_ref()))
            })?;
        }
        if let Some((_, e)) = config.keymap.conflict().filter(|(m, _)| *m == mode) {
            // Point at whichever of the two the file rebinds.
            let rebound = |name: &str| match &e {
                crate::keymap::BindError::Conflict { actions: (a, b), .. } => name == a || name == b,
                _ => false,
            };
            let at = bindings.iter().find(|(k, _)| rebound(k.get_ref())).map_or(mode_name.span(), |(_, v)| v.span());
            return Err(error(at, format!("[keys.{}] {e}", mode_name.get_ref())));
        }
        // Without a key for quit the explorer could only be killed from elsewhere.
        if mode == Mode::Normal && config.keymap.keys_for(Mode::Normal, Action::Quit).is_empty() {
            let at = bindings.iter().find(|(k, _)| k.get_ref() == "quit").map_or(mode_name.span(), |(_, v)| v.span());
            return Err(error(at, "[keys.normal] quit needs a key: without one the explorer cannot be left".into()));
        }
    }
    for (name, value) in &raw.colors.interface {
        let color = parse_color(value).map_err(|m| error(value.span(), m))?;
        let mut slots = config.theme.palette.named_mut();
        let names: Vec<&str> = slots.iter().map(|(n, _)| *n).collect();
        let Some((_, slot)) = slots.iter_mut().find(|(n, _)| n == name.get_ref()) else {
            let message =
                format!("unknown interface colour {:?}; expected one of {}", name.get_ref(), names.join(", "));
            return Err(error(name.span(), message));
        };
        **slot = color;
    }
    for (kind, value) in &raw.colors.types {
        let color = parse_color(value).map_err(|m| error(value.span(), m))?;
        config.theme.types.insert(kind.clone(), color);
    }
    Ok(config)
}

/// The value of `options` that `v` names, or where it is and what was expected instead.
fn pick<T: Copy>(v: &Spanned<String>, what: &str, options: &[(&str, T)]) -> Result<T, (Range<usize>, String)> {
    options.iter().find(|(name, _)| name == v.get_ref()).map(|&(_, t)| t).ok_or_else(|| {
        let names: Vec<String> = options.iter().map(|(name, _)| format!("{name:?}")).collect();
        (v.span(), format!("unknown {what} {:?}; expected one of {}", v.get_ref(), names.join(", ")))
    })
}

/// A colour as ratatui names them: `red`, `lightblue`, `#ff8800`, or an index `0`–`255`.
fn parse_color(value: &Spanned<String>) -> Result<Color, String> {
    value.get_ref().parse::<Color>().map_err(|_| {
        format!("unknown colour {:?}; expected a name (red, lightblue, gray…), #rrggbb or 0–255", value.get_ref())
    })
}

/// A commented config file with every setting at its default, made from the key table so it
/// always lists every action.
pub fn default_file() -> String {
    let mut out = String::from(
        "# newslens configuration. Every setting is optional; this file lists the defaults.\n\
         # newslens reads it from the platform's config directory, or from --config PATH or\n\
         # $NEWSLENS_CONFIG. A mistake in it stops newslens with its line and column.\n\n\
         # \"dark\" or \"light\": colours for the terminal's background.\n\
         theme = \"dark\"\n\n\
         # The entity list's first order: \"mentions\", \"name\", \"first\" (appearance) or \"type\".\n\
         sort = \"mentions\"\n\n\
         # How entities of imported files join across articles: \"name\", \"kb\" or \"none\" (--link).\n\
         link = \"name\"\n\n\
         # What doccano offsets count: \"utf16\", \"chars\" or \"graphemes\" (--offsets).\n\
         offsets = \"utf16\"\n\n\
         # Key bindings per mode. An action's keys replace its defaults; [] unbinds it. A key\n\
         # may do one thing per mode. Keys: a character, Ctrl-x, Alt-x, Enter, Esc, Tab,\n\
         # Shift-Tab, Backspace, Up, Down, Left, Right, Home, End, PageUp, PageDown, F1-F24, Space.\n",
    );
    for (name, mode) in MODE_NAMES {
        out.push_str(&format!("[keys.{name}]\n"));
        for (action, keys, help) in Keymap::defaults(*mode) {
            out.push_str(&format!("# {action} = [{keys}]  # {help}\n"));
        }
        out.push('\n');
    }
    out.push_str(
        "# Interface colours (a name such as red or lightblue, #rrggbb, or 0-255). These are the\n\
         # dark theme's; the light theme has its own.\n[colors.interface]\n",
    );
    let mut dark = Palette::DARK;
    for (name, c) in dark.named_mut() {
        out.push_str(&format!("# {name} = \"{}\"\n", color_name(*c)));
    }
    out.push_str(
        "\n# Colours per entity type, over the data's own (brat's visual.conf) and the theme's.\n\
         # #rrggbb colours are drawn as backgrounds under dark text, as brat draws them.\n\
         [colors.types]\n# ORG = \"lightcyan\"\n# PERSON = \"#ffccaa\"\n",
    );
    out
}

/// A colour as [`parse_color`] reads it back.
fn color_name(c: Color) -> String {
    c.to_string().to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_table_or_key_written_twice_is_named() {
        let e = parse("c.toml", "[keys.normal]\nquit = [\"q\"]\n\n[keys.normal]\nhelp = [\"?\"]\n").unwrap_err();
        assert_eq!(e.to_string(), "c.toml:4:7: error: the table [keys.normal] is written twice; merge the two");
        let e = parse("c.toml", "[keys.normal]\nquit = [\"q\"]\nquit = [\"x\"]\n").unwrap_err();
        assert_eq!(e.to_string(), "c.toml:3:1: error: duplicate key \"quit\"; keep one");
    }

    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let c = parse("default.toml", &default_file()).unwrap();
        assert_eq!(c.theme, Theme::dark());
        assert_eq!(c.sort, SortOrder::Mentions);
        // Uncommenting every binding gives the same keys.
        let uncommented: String = default_file()
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .filter(|l| l.starts_with("[keys") || l.contains(" = ["))
            .map(|l| format!("{}\n", l.split("  #").next().unwrap()))
            .collect();
        let c = parse("all.toml", &uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(c.keymap.help_lines(), Keymap::default().help_lines());
    }

    #[test]
    fn the_readme_example_is_a_valid_config() {
        let readme = include_str!("../README.md");
        let block = readme.split("```toml\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
        let c = parse("README.md", block).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.theme.palette.accent, Color::Magenta);
        assert_eq!(c.link, Some(Link::Kb));
    }

    #[test]
    fn a_remapped_key_works_and_the_old_one_is_free() {
        let c = parse("c.toml", "theme = \"light\"\n[keys.normal]\nquit = [\"Q\", \"Ctrl-c\"]\n").unwrap();
        assert_eq!(c.theme, Theme::light());
        assert_eq!(c.keymap.action_for(Mode::Normal, press('Q')), Some(Action::Quit));
        assert_eq!(c.keymap.action_for(Mode::Normal, press('q')), None);
        assert_eq!(c.keymap.keys_for(Mode::Normal, Action::Quit), "Q/Ctrl-c");
    }

    #[test]
    fn mistakes_are_reported_at_their_line_and_column() {
        let cases = [
            ("thme = \"light\"\n", "c.toml:1:1: error: unknown field `thme`"),
            ("theme = \"blue\"\n", "c.toml:1:9: error: unknown theme \"blue\"; expected one of \"dark\", \"light\""),
            ("[keys.normal]\nquitt = [\"x\"]\n", "c.toml:2:1: error: [keys.normal] unknown action \"quitt\""),
            ("[keys.normal]\nquit = [\"Hyper-x\"]\n", "c.toml:2:8: error: [keys.normal] unknown key \"Hyper-x\""),
            ("[keys.nomal]\n", "c.toml:1:7: error: unknown mode \"nomal\""),
            (
                "[keys.normal]\nquit = [\"j\"]\n",
                "c.toml:2:8: error: [keys.normal] key \"j\" is bound to both \"down\" and \"quit\"",
            ),
            ("[colors.types]\nORG = \"reddish\"\n", "c.toml:2:7: error: unknown colour \"reddish\""),
            ("sort = 3\n", "c.toml:1:8: error: invalid type: integer `3`, expected a string"),
            (
                "[keys.normal]\nquit = []\n",
                "c.toml:2:8: error: [keys.normal] quit needs a key: without one the explorer cannot be left",
            ),
        ];
        for (text, want) in cases {
            let got = parse("c.toml", text).map(|_| ()).unwrap_err().to_string();
            assert!(got.starts_with(want), "{text:?}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn unbinding_frees_a_key_for_another_action() {
        let c = parse("c.toml", "[keys.normal]\ndown = [\"Down\"]\nquit = [\"j\"]\n").unwrap();
        assert_eq!(c.keymap.action_for(Mode::Normal, press('j')), Some(Action::Quit));
        assert_eq!(c.keymap.keys_for(Mode::Normal, Action::Down), "↓");
    }

    #[test]
    fn colours_apply_to_types_and_the_interface() {
        let c = parse("c.toml", "[colors.interface]\naccent = \"#112233\"\n[colors.types]\nORG = \"red\"\n").unwrap();
        assert_eq!(c.theme.palette.accent, Color::Rgb(0x11, 0x22, 0x33));
        assert_eq!(c.theme.type_color("ORG", &BTreeMap::new()), Color::Red);
    }
}
