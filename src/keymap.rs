//! Keys to actions, per mode, from one table that the help overlay also reads, so the two
//! can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::{Action, Pane};
use crate::markup::{MarkupLine, Role, line};

/// Which set of bindings applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing the panes.
    Normal,
    /// Typing a search; unbound keys are text.
    Search,
    /// Choosing an article in the switcher; keys as in search.
    Switcher,
    /// The list of load problems is open.
    Problems,
    /// The detail popup is open.
    Detail,
    /// The help overlay is open.
    Help,
    /// Typing a query that filters the articles; keys as in search.
    Filter,
    /// Typing words to find in the article; keys as in search.
    Find,
    /// Typing words to find in the help; keys as in search.
    HelpSearch,
    /// Typing words (or a date) to find in the timeline; keys as in search.
    EventSearch,
    /// The charts are open.
    Chart,
    /// Typing an entity's new name, type or KB id; keys as in search.
    EditPrompt,
    /// Asked whether to restore the edits an earlier session left unsaved.
    Restore,
    /// Typing a command after `:`; keys as in search.
    Command,
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt… (Shift is folded into the character for letters).
    pub mods: KeyModifiers,
}

const fn key(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

const fn ctrl_code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::CONTROL }
}

/// One line of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The mode the binding works in.
    pub mode: Mode,
    /// Every key that triggers it.
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
}

const fn bind(mode: Mode, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { mode, keys, action, help }
}

use Mode::{Chart, Detail, Help, Normal, Problems, Restore, Search, Switcher};

/// The default key bindings. The help overlay is generated from this table.
pub const BINDINGS: &[Binding] = &[
    bind(Normal, &[code(KeyCode::Tab)], Action::FocusNext, "focus the next pane"),
    bind(Normal, &[code(KeyCode::BackTab)], Action::FocusPrev, "focus the previous pane"),
    bind(Normal, &[key('1')], Action::Focus(Pane::Text), "focus the text"),
    bind(Normal, &[key('2')], Action::Focus(Pane::Entities), "focus the entities"),
    bind(Normal, &[key('3')], Action::Focus(Pane::Timeline), "focus the timeline"),
    bind(Normal, &[key('j'), code(KeyCode::Down)], Action::Down, "move down (scroll the text)"),
    bind(Normal, &[key('k'), code(KeyCode::Up)], Action::Up, "move up (scroll the text)"),
    bind(Normal, &[key('g'), code(KeyCode::Home)], Action::First, "first row, or the top of the text"),
    bind(Normal, &[key('G'), code(KeyCode::End)], Action::Last, "last row, or the end of the text"),
    bind(Normal, &[code(KeyCode::PageDown)], Action::PageDown, "page down"),
    bind(Normal, &[code(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(Normal, &[ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind(Normal, &[ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind(Normal, &[key('/')], Action::StartSearch, "fuzzy-search entities (in the timeline: its events, or a date)"),
    bind(Normal, &[key('o')], Action::OpenSwitcher, "open another article (fuzzy search over titles)"),
    bind(Normal, &[code(KeyCode::Enter)], Action::Select, "select the entity or event"),
    bind(Normal, &[key('n')], Action::NextMention, "next mention of the selected entity, on into the next article"),
    bind(Normal, &[key('N')], Action::PrevMention, "previous mention, back into the previous article"),
    bind(Normal, &[key(']')], Action::NextNote, "next note (fact check)"),
    bind(Normal, &[key('[')], Action::PrevNote, "previous note"),
    bind(Normal, &[key('f')], Action::ToggleFilter, "timeline: only the entity's events"),
    bind(Normal, &[key('s')], Action::CycleSort, "cycle the entity sort order"),
    bind(Normal, &[key('S')], Action::ToggleSuggestions, "suggested mentions: names annotated elsewhere, not here"),
    bind(Normal, &[code(KeyCode::Esc)], Action::Back, "clear the selection"),
    bind(Normal, &[key('i')], Action::ToggleDetail, "the whole detail of the selection, scrollable"),
    bind(Normal, &[key('e')], Action::ToggleProblems, "errors and warnings found while loading"),
    bind(Normal, &[key('?')], Action::ToggleHelp, "this help"),
    bind(Normal, &[key('q'), ctrl('c')], Action::Quit, "quit"),
    bind(Normal, &[ctrl('z')], Action::Suspend, "suspend to the shell (fg comes back)"),
    bind(Normal, &[key('y')], Action::CopyPassage, "copy the passage (or event) as a quotation, with its source"),
    bind(Normal, &[key('Y')], Action::CopyEntity, "copy the entity's name and Wikidata id"),
    bind(Normal, &[key('F')], Action::OpenFilter, "filter the articles with a query"),
    bind(Normal, &[key('*')], Action::FilterEntity, "filter the articles to the selected entity's"),
    bind(Normal, &[ctrl('f')], Action::OpenFind, "find words in the article"),
    bind(Normal, &[key('>')], Action::NextHit, "next place found"),
    bind(Normal, &[key('<')], Action::PrevHit, "previous place found"),
    bind(
        Normal,
        &[key('c')],
        Action::ToggleChart,
        "charts: the entity's (or filter's) articles over time, and who else",
    ),
    bind(Normal, &[key('R')], Action::RenameEntity, "edit: rename the entity (the list's, else the selected)"),
    bind(Normal, &[key('T')], Action::RetypeEntity, "edit: give the entity another type"),
    bind(Normal, &[key('K')], Action::SetKb, "edit: set the entity's KB id (wikidata:Q42; empty clears)"),
    bind(Normal, &[key('a')], Action::AddAlias, "edit: give the entity another name (an alias)"),
    bind(
        Normal,
        &[key('x'), code(KeyCode::Delete)],
        Action::DeleteMention,
        "edit: remove the mention at the caret (or reject the suggestion there)",
    ),
    bind(Normal, &[key('h'), code(KeyCode::Left)], Action::CaretLeft, "text: caret a character left"),
    bind(Normal, &[key('l'), code(KeyCode::Right)], Action::CaretRight, "text: caret a character right"),
    bind(Normal, &[key('W'), ctrl_code(KeyCode::Right)], Action::WordNext, "text: caret to the next word"),
    bind(Normal, &[key('B'), ctrl_code(KeyCode::Left)], Action::WordPrev, "text: caret back a word"),
    bind(Normal, &[key('E')], Action::WordEnd, "text: caret to the end of the word"),
    bind(Normal, &[key('0')], Action::LineStart, "text: caret to the line's start"),
    bind(Normal, &[key('$')], Action::LineEnd, "text: caret to the line's end"),
    bind(Normal, &[key(')')], Action::NextAnyMention, "text: caret to the next mention (any entity)"),
    bind(Normal, &[key('(')], Action::PrevAnyMention, "text: caret to the previous mention"),
    bind(Normal, &[ctrl('e')], Action::ScrollDown, "text: scroll a line down (the caret stays in view)"),
    bind(Normal, &[ctrl('y')], Action::ScrollUp, "text: scroll a line up"),
    bind(
        Normal,
        &[key('v')],
        Action::ToggleSelect,
        "text: start selecting at the caret (motions stretch it); again ends",
    ),
    bind(
        Normal,
        &[key('m')],
        Action::Annotate,
        "edit: annotate the selection or word as a mention (or accept the suggestion)",
    ),
    bind(Normal, &[key('r')], Action::Relink, "edit: link the mention at the caret to another entity"),
    bind(Normal, &[key('+')], Action::GrowMention, "edit: stretch the mention over the next word (or the selection)"),
    bind(Normal, &[key('-')], Action::ShrinkMention, "edit: take the mention's last word off"),
    bind(Normal, &[key('=')], Action::AcceptAll, "edit: accept every suggestion of the entity suggested at the caret"),
    bind(Normal, &[key('M')], Action::MergeEntity, "edit: merge the entity into another (all mentions follow)"),
    bind(Normal, &[key('|')], Action::SplitEntity, "edit: split off the entity's mentions here as a new entity"),
    bind(Normal, &[key('D')], Action::RemoveAlias, "edit: take one of the entity's other names away"),
    bind(Normal, &[key('t')], Action::EditNote, "edit: a note on the selection (or change the note at the caret)"),
    bind(Normal, &[key(':')], Action::Command, "a command: :w saves, :q quits, :wq both, :q! quits unsaved"),
    bind(Normal, &[key('u')], Action::Undo, "undo the last edit"),
    bind(Normal, &[ctrl('r')], Action::Redo, "redo"),
    bind(Normal, &[key('w')], Action::Save, "save the edits back to their files"),
    bind(Restore, &[key('r'), code(KeyCode::Enter)], Action::RestoreEdits, "restore the edits left unsaved"),
    bind(Restore, &[key('d')], Action::DiscardEdits, "discard them for good"),
    bind(Restore, &[code(KeyCode::Esc)], Action::Back, "decide later (they stay kept)"),
    bind(Restore, &[key('q'), ctrl('c')], Action::Quit, "quit (they stay kept)"),
    bind(Search, &[code(KeyCode::Enter)], Action::SearchAccept, "select the highlighted result"),
    bind(Search, &[code(KeyCode::Esc)], Action::SearchCancel, "cancel and restore the list"),
    bind(Search, &[code(KeyCode::Down), ctrl('n')], Action::SearchDown, "next result"),
    bind(Search, &[code(KeyCode::Up), ctrl('p')], Action::SearchUp, "previous result"),
    bind(Search, &[code(KeyCode::Backspace)], Action::SearchBackspace, "delete a character"),
    bind(Search, &[ctrl('u')], Action::SearchClear, "clear the query"),
    bind(Search, &[ctrl('c')], Action::Quit, "quit"),
    bind(Search, &[code(KeyCode::Tab)], Action::NewEntity, "when picking an entity: a new one, named as typed"),
    bind(Switcher, &[ctrl('s')], Action::CycleSort, "sort by date, newest first, or back to the order read"),
    bind(Help, &[key('j'), code(KeyCode::Down)], Action::Down, "scroll down"),
    bind(Help, &[key('k'), code(KeyCode::Up)], Action::Up, "scroll up"),
    bind(Help, &[code(KeyCode::PageDown), key(' ')], Action::PageDown, "page down"),
    bind(Help, &[code(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(Help, &[ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind(Help, &[ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind(Help, &[key('g'), code(KeyCode::Home)], Action::First, "to the top"),
    bind(Help, &[key('G'), code(KeyCode::End)], Action::Last, "to the end"),
    bind(Help, &[key('/')], Action::StartSearch, "show only the lines that say some words"),
    bind(Help, &[code(KeyCode::Esc), key('?'), key('q')], Action::ToggleHelp, "close the help (so does any other key)"),
    bind(Help, &[ctrl('c')], Action::Quit, "quit"),
    bind(Problems, &[key('j'), code(KeyCode::Down)], Action::Down, "scroll down"),
    bind(Problems, &[key('k'), code(KeyCode::Up)], Action::Up, "scroll up"),
    bind(Problems, &[code(KeyCode::PageDown), key(' ')], Action::PageDown, "page down"),
    bind(Problems, &[code(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(Problems, &[ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind(Problems, &[ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind(Problems, &[key('g'), code(KeyCode::Home)], Action::First, "to the top"),
    bind(Problems, &[key('G'), code(KeyCode::End)], Action::Last, "to the end"),
    bind(Problems, &[code(KeyCode::Esc), key('e'), key('q')], Action::ToggleProblems, "close the list"),
    bind(Problems, &[ctrl('c')], Action::Quit, "quit"),
    bind(Detail, &[key('j'), code(KeyCode::Down)], Action::Down, "scroll down"),
    bind(Detail, &[key('k'), code(KeyCode::Up)], Action::Up, "scroll up"),
    bind(Detail, &[code(KeyCode::PageDown), key(' ')], Action::PageDown, "page down"),
    bind(Detail, &[code(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(Detail, &[ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind(Detail, &[ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind(Detail, &[key('g'), code(KeyCode::Home)], Action::First, "to the top"),
    bind(Detail, &[key('G'), code(KeyCode::End)], Action::Last, "to the end"),
    bind(Detail, &[code(KeyCode::Esc), key('i'), key('q')], Action::ToggleDetail, "close the detail"),
    bind(Detail, &[ctrl('c')], Action::Quit, "quit"),
    bind(Chart, &[code(KeyCode::Esc), key('c'), key('q')], Action::ToggleChart, "close the charts"),
    bind(Chart, &[ctrl('c')], Action::Quit, "quit"),
];

/// Folds what terminals disagree on: Shift is part of an upper-case letter, and Shift-Tab
/// arrives as `BackTab` with or without the Shift flag.
fn normalize(k: KeyEvent) -> Key {
    let mut mods = k.modifiers;
    if matches!(k.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    Key { code: k.code, mods }
}

/// The key bindings in effect: the defaults, with a config file's changes applied.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Bound>,
}

/// One binding in effect.
#[derive(Debug, Clone)]
struct Bound {
    mode: Mode,
    keys: Vec<Key>,
    action: Action,
    help: &'static str,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = BINDINGS
            .iter()
            .map(|b| Bound { mode: b.mode, keys: b.keys.to_vec(), action: b.action, help: b.help })
            .collect();
        Keymap { bindings }
    }
}

/// The modes a config file names, with their names there.
pub const MODE_NAMES: &[(&str, Mode)] = &[
    ("normal", Mode::Normal),
    ("search", Mode::Search),
    ("switcher", Mode::Switcher),
    ("problems", Mode::Problems),
    ("detail", Mode::Detail),
    ("help", Mode::Help),
    ("chart", Mode::Chart),
];

/// Why a rebinding was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindError {
    /// No action of that name in that mode.
    UnknownAction(String),
    /// A key name that means nothing.
    BadKey(String),
    /// A key does two things in one mode.
    Conflict {
        /// The key, as the help writes it.
        key: String,
        /// The two actions' names.
        actions: (String, String),
    },
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BindError::UnknownAction(a) => {
                write!(f, "unknown action {a:?} in this mode; newslens config --default lists them")
            }
            BindError::BadKey(k) => write!(
                f,
                "unknown key {k:?}; expected a character, a name such as Enter, Esc, Tab, Up, PageDown, F5, Space, or Ctrl-x / Alt-x"
            ),
            BindError::Conflict { key, actions: (a, b) } => {
                write!(f, "key {key:?} is bound to both {a:?} and {b:?} in this mode; unbind one (a = [])")
            }
        }
    }
}

impl Keymap {
    /// The action a key press means in `mode`; in search mode other printable keys are text.
    pub fn action_for(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let k = normalize(event);
        let table = table(mode);
        // A mode's own bindings first (the switcher's), then those of the table it shares.
        let bound = [mode, table]
            .iter()
            .find_map(|&m| self.bindings.iter().find(|b| b.mode == m && b.keys.contains(&k)))
            .map(|b| b.action);
        match (bound, table, k.code) {
            (Some(a), _, _) => Some(a),
            (None, Mode::Search, KeyCode::Char(c)) if !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                Some(Action::SearchInput(c))
            }
            // Help is a popup: any other key closes it, like a pager.
            (None, Mode::Help, _) => Some(Action::ToggleHelp),
            _ => None,
        }
    }

    /// The keys for `action` in `mode`, joined for a hint: `n`, `j/↓` (empty if unbound).
    pub fn keys_for(&self, mode: Mode, action: Action) -> String {
        self.keys_of(mode, action).iter().map(|k| key_name(*k)).collect::<Vec<_>>().join("/")
    }

    /// The keys bound to `action` in `mode` (none if unbound).
    fn keys_of(&self, mode: Mode, action: Action) -> &[Key] {
        [mode, table(mode)]
            .iter()
            .find_map(|&m| self.bindings.iter().find(|b| b.mode == m && b.action == action))
            .map_or(&[], |b| &b.keys)
    }

    /// The keys for `action` in `mode` as a message or title names them (`F`, `j/↓`); an
    /// unbound action by its config name (`‹open_filter›`), so the user knows what to bind.
    pub fn key(&self, mode: Mode, action: Action) -> String {
        let keys = self.keys_for(mode, action);
        if keys.is_empty() { format!("‹{}›", action_name(action)) } else { keys }
    }

    /// The first key of `action` in `mode`, for prose (`press q to quit`).
    pub fn first_key(&self, mode: Mode, action: Action) -> String {
        match self.keys_of(mode, action).first() {
            Some(k) => key_name(*k),
            None => self.key(mode, action),
        }
    }

    /// Makes `keys` (key names as a config file writes them) the keys of the action named
    /// `action` in `mode`, in place of its defaults; no keys unbinds it. A key another action
    /// of the mode keeps is a conflict.
    pub fn rebind(&mut self, mode: Mode, action: &str, keys: &[String]) -> Result<(), BindError> {
        let at = self
            .bindings
            .iter()
            .position(|b| b.mode == mode && action_name(b.action) == action)
            .ok_or_else(|| BindError::UnknownAction(action.to_string()))?;
        let keys = keys
            .iter()
            .map(|k| parse_key(k).ok_or_else(|| BindError::BadKey(k.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        self.bindings[at].keys = keys;
        Ok(())
    }

    /// A key bound twice in one mode (checked after every rebinding is done).
    pub fn conflict(&self) -> Option<(Mode, BindError)> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in self.bindings[i + 1..].iter().filter(|b| b.mode == a.mode) {
                if let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    let actions = (action_name(a.action), action_name(b.action));
                    return Some((a.mode, BindError::Conflict { key: key_name(*k), actions }));
                }
            }
        }
        None
    }

    /// The help overlay's text, generated from the bindings in effect so it tells the truth.
    pub fn help_lines(&self) -> Vec<MarkupLine> {
        let mut out = Vec::new();
        let key = |a: Action| self.keys_for(Mode::Normal, a);
        let search = format!(
            "While typing a search ({}), an article ({}), a filter ({}) or words to find ({})",
            key(Action::StartSearch),
            key(Action::OpenSwitcher),
            key(Action::OpenFilter),
            key(Action::OpenFind)
        );
        for (mode, heading) in [
            (Mode::Normal, "Keys".to_string()),
            (Mode::Search, search),
            (Mode::Switcher, format!("In the article switcher ({})", key(Action::OpenSwitcher))),
            (Mode::Problems, format!("In the list of problems ({})", key(Action::ToggleProblems))),
            (Mode::Detail, format!("In the detail ({})", key(Action::ToggleDetail))),
            (Mode::Chart, format!("In the charts ({})", key(Action::ToggleChart))),
            (Mode::Help, "In this help".to_string()),
        ] {
            if !out.is_empty() {
                out.push(Vec::new());
            }
            out.push(line(Role::Title, heading));
            for b in self.bindings.iter().filter(|b| b.mode == mode && !b.keys.is_empty()) {
                let keys = b.keys.iter().map(|k| key_name(*k)).collect::<Vec<_>>().join(" ");
                out.push(vec![(Role::Marker, format!("{keys:>14}  ")), (Role::Plain, b.help.to_string())]);
            }
        }
        out.push(Vec::new());
        out.push(line(Role::Title, "Mouse"));
        out.push(line(Role::Plain, "  click focuses a pane and selects the row (or the mention) under it"));
        out.push(line(Role::Plain, "  the wheel scrolls the pane under the pointer"));
        out.push(Vec::new());
        out.push(line(Role::Title, "Queries (filter, and the articles command)"));
        out.push(line(
            Role::Plain,
            "  word \"two words\" entity:ID id:\"any id\" @Name type:ORG since:2023-09 until:2024 -term",
        ));
        out.push(Vec::new());
        out.push(line(Role::Title, "Marks"));
        out.push(line(
            Role::Plain,
            "  text: † a note on the passage · ▶ the current spot · ┃ the event's passage · ✎ an unsaved edit",
        ));
        out.push(line(Role::Plain, "  timeline: ● the entity's event · ¶ the article speaks of it · ▶ selected"));
        out.push(Vec::new());
        out.push(line(Role::Title, "Clipboard"));
        out.push(line(
            Role::Plain,
            "  copying sends the text to the terminal's clipboard with an OSC 52 escape, the one escape \
             sequence newslens writes on purpose; some terminals ask first or need it enabled",
        ));
        out
    }

    /// Every action a config file can bind in `mode`, with its default keys and help.
    pub fn defaults(mode: Mode) -> impl Iterator<Item = (String, String, &'static str)> {
        BINDINGS.iter().filter(move |b| b.mode == mode).map(|b| {
            let keys = b.keys.iter().map(|k| format!("{:?}", config_key_name(*k))).collect::<Vec<_>>().join(", ");
            (action_name(b.action), keys, b.help)
        })
    }
}

/// The key table a mode reads: typing an article, a filter or words to find is typing a search.
fn table(mode: Mode) -> Mode {
    if matches!(
        mode,
        Mode::Switcher
            | Mode::Filter
            | Mode::Find
            | Mode::HelpSearch
            | Mode::EventSearch
            | Mode::EditPrompt
            | Mode::Command
    ) {
        Mode::Search
    } else {
        mode
    }
}

/// An action's name in a config file: `FocusNext` is `focus_next`, `Focus(Text)` `focus_text`.
pub fn action_name(action: Action) -> String {
    let mut out = String::new();
    for c in format!("{action:?}").chars().filter(|c| c.is_alphanumeric()) {
        if c.is_uppercase() && !out.is_empty() {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// A key as a config file writes it: `q`, `Ctrl-c`, `Enter`, `PageDown`, `F5`, `Space`.
pub fn parse_key(name: &str) -> Option<Key> {
    // Modifier names in any case (`ctrl-x`, `CTRL-x`); the key after them as written.
    let prefix = |p: &str| {
        name.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &name[p.len()..])
            .filter(|r| !r.is_empty())
    };
    let (mods, base) = if let Some(rest) = prefix("Ctrl-").or_else(|| prefix("C-")) {
        (KeyModifiers::CONTROL, rest)
    } else if let Some(rest) = prefix("Alt-").or_else(|| prefix("A-")) {
        (KeyModifiers::ALT, rest)
    } else {
        (KeyModifiers::NONE, name)
    };
    let mut chars = base.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => KeyCode::Char(c),
        _ => match base.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?),
            _ => return None,
        },
    };
    Some(Key { code, mods })
}

/// How a config file writes a key (what [`parse_key`] reads back).
fn config_key_name(k: Key) -> String {
    let base = match k.code {
        KeyCode::Up => "Up".to_string(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        _ => return key_name(k),
    };
    if k.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{base}") } else { base }
}

/// How a key is written in the help: `j`, `Ctrl-d`, `↓`, `Shift-Tab`.
pub fn key_name(k: Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Delete => "Delete".into(),
        KeyCode::Insert => "Insert".into(),
        other => format!("{other:?}"),
    };
    match k.mods {
        m if m.contains(KeyModifiers::CONTROL) => format!("Ctrl-{base}"),
        m if m.contains(KeyModifiers::ALT) => format!("Alt-{base}"),
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn modifier_names_are_read_in_any_case() {
        for name in ["Ctrl-x", "ctrl-x", "CTRL-x", "C-x", "c-x"] {
            assert_eq!(parse_key(name), Some(Key { code: KeyCode::Char('x'), mods: KeyModifiers::CONTROL }), "{name}");
        }
        assert_eq!(parse_key("alt-Enter"), Some(Key { code: KeyCode::Enter, mods: KeyModifiers::ALT }));
        assert_eq!(parse_key("c"), Some(Key { code: KeyCode::Char('c'), mods: KeyModifiers::NONE }), "a letter alone");
        assert_eq!(parse_key("C-"), None, "a modifier alone is no key");
    }

    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_first_key_is_a_whole_key_name_even_when_it_is_a_slash() {
        let mut k = Keymap::default();
        assert_eq!(k.first_key(Normal, Action::Quit), "q");
        k.rebind(Normal, "start_search", &[]).unwrap();
        k.rebind(Normal, "quit", &["/".into(), "x".into()]).unwrap();
        assert_eq!(k.first_key(Normal, Action::Quit), "/");
        assert_eq!(k.first_key(Normal, Action::StartSearch), "‹start_search›", "unbound: its name");
    }

    #[test]
    fn vim_keys_and_arrows_mean_the_same() {
        let n = KeyModifiers::NONE;
        assert_eq!(Keymap::default().action_for(Normal, press(KeyCode::Char('j'), n)), Some(Action::Down));
        assert_eq!(Keymap::default().action_for(Normal, press(KeyCode::Down, n)), Some(Action::Down));
        assert_eq!(
            Keymap::default().action_for(Normal, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            Keymap::default().action_for(Normal, press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            Keymap::default().action_for(Normal, press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(Keymap::default().action_for(Normal, press(KeyCode::Char('z'), n)), None);
    }

    #[test]
    fn in_search_mode_letters_are_text_but_control_keys_act() {
        let n = KeyModifiers::NONE;
        assert_eq!(Keymap::default().action_for(Search, press(KeyCode::Char('q'), n)), Some(Action::SearchInput('q')));
        assert_eq!(Keymap::default().action_for(Search, press(KeyCode::Char('ø'), n)), Some(Action::SearchInput('ø')));
        assert_eq!(
            Keymap::default().action_for(Search, press(KeyCode::Char('N'), KeyModifiers::SHIFT)),
            Some(Action::SearchInput('N'))
        );
        assert_eq!(
            Keymap::default().action_for(Search, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(Keymap::default().action_for(Search, press(KeyCode::Esc, n)), Some(Action::SearchCancel));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.mode == b.mode {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{} is bound twice", key_name(*k));
                    }
                }
            }
        }
    }

    #[test]
    fn hints_name_the_keys() {
        assert_eq!(Keymap::default().keys_for(Normal, Action::Down), "j/↓");
        assert_eq!(Keymap::default().keys_for(Normal, Action::HalfPageDown), "Ctrl-d");
        assert_eq!(Keymap::default().keys_for(Normal, Action::Quit), "q/Ctrl-c");
    }
}
