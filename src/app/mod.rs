//! The explorer's state and the one place it changes: [`App::update`].
//!
//! Everything here is plain code with no terminal: tests feed actions and look at the state.

mod annotating;
mod archive;
pub mod caret;
mod copy;
pub mod cursor;
pub mod detail;
pub mod editing;
pub mod entities;
pub mod entity_info;
pub mod filter;
mod live_count;
mod loading;
mod mouse;
pub mod reader;
mod suggestions;
pub mod switcher;
mod text_nav;
pub mod timeline;
pub mod view;

use ratatui::layout::Rect;

use crate::action::{Action, Pane};
use crate::keymap::{Keymap, Mode};
use crate::layout::{Areas, areas, detail_popup, help_popup, inner, text_columns};
use crate::load::{BackgroundLoad, LiveCorpus};
use crate::model::{Article, ArticleIx, Corpus, EntityIx, EventRef};
pub use archive::{Answer, Remote};
use entities::{EntityList, SearchState, SortOrder};
use entity_info::EntityInfo;
use reader::Reader;
use switcher::Switcher;

/// Work the explorer does between keys.
impl App {
    /// Takes in what background work finished: loaded pieces, a re-wrapped article. Returns
    /// what the loop is to do about it, as [`App::update`] does.
    pub fn tick(&mut self) -> Vec<Effect> {
        self.poll_loading();
        if let Some((keep, top)) = self.reader.poll() {
            match keep {
                Some(pos) => self.reader.reveal(pos),
                None => self.reader.scroll_to_char(top),
            }
        }
        self.poll_count();
        self.poll_suggestions();
        std::mem::take(&mut self.effects)
    }

    /// Whether background work is under way (the loop then wakes up to take it in).
    pub fn busy(&self) -> bool {
        self.loading.is_some() || self.reader.rewrap.is_some() || self.live.busy() || self.finding_suggestions()
    }

    /// Whether the filter's live count is being computed.
    pub fn counting(&self) -> bool {
        self.live.busy()
    }
}
use std::time::Instant;
use timeline::{Row, Timeline};

/// Where in the text the user is: the mention, event anchor or note last jumped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextCursor {
    /// Index into the article's mentions.
    Mention(usize),
    /// Index into the selected event's anchors.
    Anchor(usize),
    /// Index into the article's notes.
    Note(usize),
    /// Index into the places the find matched.
    Hit(usize),
}

/// What `update` asks the loop to do: everything that reaches outside the state. The loop
/// (or a test) carries effects out; `update` itself never touches the terminal or starts a
/// thread.
pub enum Effect {
    /// Put this text on the terminal's clipboard.
    Copy(String),
    /// End the explorer.
    Quit,
    /// Work to run off the input path (re-wrapping a long article, asking the archive); its
    /// result comes back to the state through a channel that [`App::tick`] polls.
    Work(Box<dyn FnOnce() + Send>),
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Copy(t) => write!(f, "Copy({t:?})"),
            Effect::Quit => f.write_str("Quit"),
            Effect::Work(_) => f.write_str("Work"),
        }
    }
}

/// Typing into a prompt's text: a char added, one taken back, all cleared. `Some` (whether
/// the text changed; clearing always counts) for those actions, `None` for any other.
fn type_into(text: &mut String, action: Action) -> Option<bool> {
    match action {
        Action::SearchInput(c) => {
            text.push(c);
            Some(true)
        }
        Action::SearchBackspace => Some(text.pop().is_some()),
        Action::SearchClear => {
            text.clear();
            Some(true)
        }
        _ => None,
    }
}

/// The detail of the selection: its title and its lines.
pub type Detail = (&'static str, Vec<crate::markup::MarkupLine>);

/// What the user has selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// The selected entity; its mentions and events are marked.
    pub entity: Option<EntityIx>,
    /// The selected event; its anchors are marked.
    pub event: Option<EventRef>,
    /// The current spot in the text.
    pub cursor: Option<TextCursor>,
}

/// The one thing that takes the keys before the panes do, when open. Each variant owns its
/// state, so nothing can be open twice or hidden under another.
pub enum Overlay {
    /// An entity search being typed: the entity pane lists the matches.
    Search(SearchState),
    /// The article switcher.
    Switcher(Switcher),
    /// The errors and warnings found while loading; the first one shown.
    Problems {
        /// Index of the first problem shown.
        scroll: usize,
    },
    /// The whole detail of the selection; its first row shown.
    Detail {
        /// The first wrapped row shown.
        scroll: usize,
    },
    /// The help; its first row shown.
    Help {
        /// The first wrapped row shown.
        scroll: usize,
        /// Words the help is narrowed to (`/` in the help): only the lines that say them.
        query: String,
        /// Whether the words are being typed.
        typing: bool,
    },
    /// A query that filters the articles, being typed.
    Filter(filter::Prompt),
    /// Words to find in the article, being typed.
    Find(filter::Prompt),
    /// The charts of the selected entity (or the filter), counted when they were opened.
    Chart(filter::ChartData),
    /// An entity's new name, type or KB id being typed.
    Edit(editing::EditPrompt),
    /// A command being typed after `:`.
    Command(editing::CommandLine),
    /// Edits an earlier session left unsaved, found in its journal: restore or discard?
    Restore {
        /// The edits, as one change.
        change: Box<crate::edit::Change>,
        /// How many articles they touch.
        articles: usize,
    },
    /// A search of the timeline being typed (`/` in the timeline): its cursor goes to what it
    /// finds.
    EventSearch {
        /// What the user typed.
        query: String,
        /// The row the cursor was on, given back by Esc.
        from: usize,
    },
}

impl Overlay {
    /// The key bindings that apply while it is open.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Search(_) => Mode::Search,
            Overlay::Switcher(_) => Mode::Switcher,
            Overlay::Problems { .. } => Mode::Problems,
            Overlay::Detail { .. } => Mode::Detail,
            Overlay::Help { typing: true, .. } => Mode::HelpSearch,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Filter(_) => Mode::Filter,
            Overlay::Find(_) => Mode::Find,
            Overlay::Chart(_) => Mode::Chart,
            Overlay::EventSearch { .. } => Mode::EventSearch,
            Overlay::Edit(_) => Mode::EditPrompt,
            Overlay::Restore { .. } => Mode::Restore,
            Overlay::Command(_) => Mode::Command,
        }
    }
}

/// The explorer's whole state. It changes only through [`App::update`] (and [`App::tick`]
/// for background work); everything else reads it.
pub struct App {
    /// The loaded data, with its counts and search indices.
    data: LiveCorpus,
    /// The article shown in the text pane.
    article: ArticleIx,
    /// The focused pane.
    focus: Pane,
    /// The open overlay, if any.
    overlay: Option<Overlay>,
    /// Loading still going on in the background.
    loading: Option<BackgroundLoad>,
    /// The article filter in force.
    filter: Option<filter::ArticleFilter>,
    /// The entity under the entity list's cursor, gathered for the detail (which follows the
    /// cursor).
    cursor_entity: Option<EntityInfo>,
    /// Words found in the open article.
    find: Option<filter::Find>,
    /// The open article's words, folded for the find.
    find_index: Option<filter::WordIndex>,
    /// The entity pane.
    entities: EntityList,
    /// The timeline pane.
    timeline: Timeline,
    /// The text pane.
    reader: Reader,
    /// The text pane's caret and selection.
    caret: caret::Caret,
    /// The selection.
    selection: Selection,
    /// The selected entity's articles, events and relations.
    selected_entity: Option<EntityInfo>,
    /// A message for the status line, until the next action.
    message: Option<String>,
    /// The last frame's layout.
    areas: Areas,
    /// Terminal size in columns and rows.
    size: (u16, u16),
    /// When the entity list and timeline were last re-sorted while loading.
    last_sort: Instant,
    /// The key bindings in effect (the defaults, or a config file's).
    keymap: Keymap,
    /// The detail of the selection (title and lines), described when the state changes, not
    /// on every frame.
    detail: Option<Detail>,
    /// Effects asked for by the action being applied, handed back by [`App::update`].
    effects: Vec<Effect>,
    /// The archive the articles came from, when it is not files: the filter asks it again.
    remote: Option<Remote>,
    /// The filter's live count, computed off the input path.
    live: live_count::LiveCount,
    /// Filters applied, oldest first (↑ in the prompt brings them back).
    filter_history: Vec<String>,
    /// A filter to apply once loading ends (the command line's `--query` on files).
    pending_filter: Option<String>,
    /// The suggested mentions (`S`): hidden, being found, or shown.
    suggested: suggestions::Suggested,
    /// Suggestions rejected this session (article, start, end): not shown again.
    rejected: std::collections::HashSet<(usize, usize, usize)>,
    /// The edits made, to undo and redo, and what differs from the files.
    history: crate::edit::History,
    /// Quitting with unsaved edits was asked about: the next quit quits.
    quit_asked: bool,
    /// The articles that differ from their files, and the entities edited since the last
    /// save, as the last edit or save left them (drawn every frame, counted once).
    edited: (std::collections::BTreeSet<usize>, std::collections::BTreeSet<usize>),
    /// The passages of the open article with unsaved edits.
    edited_here: Vec<crate::model::Span>,
    /// The journal of unsaved edits, once one is kept (see [`App::keep_journal`]).
    journal: Option<crate::edit::journal::Journal>,
    /// Where journals are kept; none: edits are not journalled.
    journal_dir: Option<std::path::PathBuf>,
}

/// Reading the state (the drawers, the loop and tests).
impl App {
    /// The loaded data, with its counts and search indices.
    pub fn data(&self) -> &LiveCorpus {
        &self.data
    }

    /// The index of the article shown in the text pane.
    pub fn article(&self) -> ArticleIx {
        self.article
    }

    /// The focused pane.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The open overlay, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// Whether loading still goes on in the background.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// How much of the input background loading has read, in percent, while it goes on.
    pub fn loading_percent(&self) -> Option<u64> {
        self.loading.as_ref().map(BackgroundLoad::percent)
    }

    /// The article filter in force.
    pub fn filter(&self) -> Option<&filter::ArticleFilter> {
        self.filter.as_ref()
    }

    /// Words found in the open article.
    pub fn found(&self) -> Option<&filter::Find> {
        self.find.as_ref()
    }

    /// The entity pane's state.
    pub fn entities(&self) -> &EntityList {
        &self.entities
    }

    /// The timeline pane's state.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The text pane's state.
    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// The text pane's caret and selection.
    pub fn caret(&self) -> caret::Caret {
        self.caret
    }

    /// What the user has selected.
    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// The status line's message, until the next action.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The last layout.
    pub fn areas(&self) -> &Areas {
        &self.areas
    }

    /// The terminal's size in columns and rows.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The key bindings in effect.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The archive the articles came from, when it is not files.
    pub fn remote(&self) -> Option<&Remote> {
        self.remote.as_ref()
    }

    /// Says `message` in the status line (a notice at start-up).
    pub fn notify(&mut self, message: Option<String>) {
        self.message = message;
    }

    /// Takes the archive the articles came from, when it is not files: the filter asks it.
    pub fn attach_remote(&mut self, remote: Option<Remote>) {
        self.remote = remote;
    }

    /// Goes on taking in what `loading` reads, batch by batch (see [`App::tick`]).
    pub fn attach_loading(&mut self, loading: BackgroundLoad) {
        self.loading = Some(loading);
    }
}

impl App {
    /// An explorer over `corpus` for a terminal of `size`, showing the first article.
    pub fn new(corpus: Corpus, size: (u16, u16)) -> App {
        App::with_data(LiveCorpus::new(corpus), size)
    }

    /// An explorer over data that may still grow (see [`App::poll_loading`]).
    pub fn with_data(data: LiveCorpus, size: (u16, u16)) -> App {
        let entities = EntityList::new(&data.corpus, &data.counts.mentions, ArticleIx(0), SortOrder::Mentions);
        let mut app = App {
            data,
            article: ArticleIx(0),
            focus: Pane::Entities,
            overlay: None,
            loading: None,
            filter: None,
            cursor_entity: None,
            find: None,
            find_index: None,
            entities,
            timeline: Timeline::default(),
            reader: Reader::default(),
            caret: caret::Caret::default(),
            selection: Selection::default(),
            selected_entity: None,
            message: None,
            areas: Areas::default(),
            size,
            last_sort: Instant::now(),
            keymap: Keymap::default(),
            effects: Vec::new(),
            detail: None,
            remote: None,
            live: live_count::LiveCount::default(),
            filter_history: Vec::new(),
            pending_filter: None,
            suggested: suggestions::Suggested::Hidden,
            rejected: Default::default(),
            history: crate::edit::History::default(),
            quit_asked: false,
            edited: Default::default(),
            edited_here: Vec::new(),
            journal: None,
            journal_dir: None,
        };
        app.timeline.rebuild(&app.data.corpus, None, 1);
        app.relayout(true);
        app.follow_cursor();
        app.describe();
        app
    }

    /// Takes the user's key bindings and first entity sort order (a config file's).
    pub fn configure(&mut self, keymap: Keymap, sort: SortOrder) {
        self.keymap = keymap;
        self.entities.sort = sort;
        self.sort_entities();
        self.follow_cursor();
        self.describe();
    }

    /// The detail of the selection: its title and lines (`None` with no article).
    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    /// Describes the selection again (after the state changed).
    pub(crate) fn describe(&mut self) {
        self.detail = detail::content(self);
    }

    /// The current article (`None` only when nothing could be loaded).
    pub fn current_article(&self) -> Option<&Article> {
        self.data.corpus.articles.get(self.article.0)
    }

    /// Which key bindings apply now.
    pub fn mode(&self) -> Mode {
        self.overlay.as_ref().map_or(Mode::Normal, Overlay::mode)
    }

    /// The entity search being typed, if any.
    pub fn search(&self) -> Option<&SearchState> {
        match &self.overlay {
            Some(Overlay::Search(s)) => Some(s),
            _ => None,
        }
    }

    /// The whole screen.
    fn screen(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Applies one action: to the open overlay if there is one, else to the panes. Returns
    /// what the loop is to do about it (copy, quit, background work).
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.apply(action);
        self.follow_cursor();
        self.describe();
        std::mem::take(&mut self.effects)
    }

    /// The keys of `action` in the panes, as a message names them.
    pub(crate) fn key(&self, action: Action) -> String {
        self.keymap.key(Mode::Normal, action)
    }

    /// Asks the loop to carry out `effect` once the action is applied.
    fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// Keeps the detail's entity the one under the entity list's cursor.
    pub(crate) fn follow_cursor(&mut self) {
        let highlighted = match &self.overlay {
            Some(Overlay::Search(s)) => s.highlighted(),
            None => self.entities.highlighted(),
            Some(_) => return,
        };
        let want = highlighted.filter(|_| self.focus == Pane::Entities);
        if want != self.cursor_entity.as_ref().map(|p| p.entity) {
            self.cursor_entity = want.map(|e| EntityInfo::gather(&self.data.corpus, e));
        }
    }

    fn apply(&mut self, action: Action) {
        self.message = None;
        if action != Action::Quit {
            self.quit_asked = false;
        }
        match action {
            Action::Quit if self.quit_or_ask() => return self.effect(Effect::Quit),
            Action::Quit => return,
            Action::Resize(w, h) => {
                self.size = (w, h);
                return self.relayout(false);
            }
            Action::Click(col, row) => return self.click(col, row),
            Action::Drag(col, row) => return self.drag(col, row),
            Action::Scroll(col, row, down) if self.overlay.is_none() => return self.wheel(col, row, down),
            // Its key (Tab) types into every prompt; it means something only in a pick.
            Action::NewEntity if self.search().is_none_or(|s| s.pick.is_none()) => return,
            _ => {}
        }
        match self.overlay.as_ref().map(Overlay::mode) {
            Some(Mode::Search) => self.search_action(action),
            Some(Mode::Switcher) => self.switcher_action(action),
            Some(Mode::Filter | Mode::Find) => self.prompt_action(action),
            Some(Mode::HelpSearch) => self.help_search_action(action),
            Some(Mode::EventSearch) => self.event_search_action(action),
            Some(Mode::EditPrompt) => self.edit_prompt_action(action),
            Some(Mode::Restore) => self.restore_action(action),
            Some(Mode::Command) => self.command_action(action),
            Some(_) => self.popup_action(action),
            None => self.pane_action(action),
        }
    }

    /// Opens `overlay` in place of whatever was open.
    fn open(&mut self, overlay: Overlay) {
        let relayout = matches!(overlay, Overlay::Search(_)) || self.search().is_some();
        self.overlay = Some(overlay);
        if relayout {
            self.relayout(false);
        }
    }

    /// Closes the open overlay.
    fn close(&mut self) {
        if let Some(Overlay::Search(_)) = self.overlay.take() {
            self.relayout(false);
        }
    }

    /// The help's lines: every key, or those that say the words looked for (`/` in the help).
    pub fn help_lines(&self) -> Vec<crate::markup::MarkupLine> {
        let lines = self.keymap.help_lines();
        match &self.overlay {
            Some(Overlay::Help { query, .. }) if !query.trim().is_empty() => crate::markup::matching(&lines, query),
            _ => lines,
        }
    }

    /// An action while words to find in the help are typed: the help narrows as they are.
    fn help_search_action(&mut self, action: Action) {
        let Some(Overlay::Help { scroll, query, typing }) = &mut self.overlay else { return };
        *scroll = 0;
        if type_into(query, action).is_some() {
            return;
        }
        match action {
            Action::SearchAccept => *typing = false,
            // Esc gives back the whole help.
            Action::SearchCancel => {
                query.clear();
                *typing = false;
            }
            _ => {}
        }
    }

    /// An action while the help, the problems or the detail is open: they scroll and close.
    fn popup_action(&mut self, action: Action) {
        if let (Action::StartSearch, Some(Overlay::Help { query, typing, scroll })) = (action, &mut self.overlay) {
            query.clear();
            (*typing, *scroll) = (true, 0);
            return;
        }
        let delta: isize = match action {
            Action::Down | Action::Scroll(_, _, true) => 1,
            Action::Up | Action::Scroll(_, _, false) => -1,
            Action::PageDown => self.size.1 as isize / 2,
            Action::PageUp => -(self.size.1 as isize / 2),
            Action::HalfPageDown => (self.size.1 as isize / 4).max(1),
            Action::HalfPageUp => -(self.size.1 as isize / 4).max(1),
            Action::Last => isize::MAX / 2,
            Action::First => isize::MIN / 2,
            _ => return self.close(),
        };
        let max = self.popup_max_scroll();
        if let Some(Overlay::Problems { scroll } | Overlay::Detail { scroll } | Overlay::Help { scroll, .. }) =
            &mut self.overlay
        {
            *scroll = scroll.saturating_add_signed(delta).min(max);
        }
    }

    /// How far the open popup scrolls before its last line shows.
    fn popup_max_scroll(&self) -> usize {
        match &self.overlay {
            Some(Overlay::Problems { .. }) => self.data.diagnostics.len().saturating_sub(1),
            Some(Overlay::Detail { .. }) => {
                self.detail.as_ref().map_or(0, |(_, lines)| detail_popup(self.screen(), lines).1)
            }
            Some(Overlay::Help { .. }) => help_popup(self.screen(), &self.help_lines()).1,
            _ => 0,
        }
    }

    /// An action for the panes (no overlay is open).
    fn pane_action(&mut self, action: Action) {
        if let Some(motion) = self.caret_motion(action) {
            return self.move_caret(motion);
        }
        match action {
            Action::ScrollDown => self.scroll_text(1),
            Action::ScrollUp => self.scroll_text(-1),
            Action::ToggleSelect => self.toggle_select(),
            Action::Annotate => self.annotate(),
            Action::Relink => self.start_relink(),
            Action::GrowMention => self.resize_mention(true),
            Action::ShrinkMention => self.resize_mention(false),
            Action::MergeEntity => self.start_merge(),
            Action::SplitEntity => self.split_entity(),
            Action::RemoveAlias => self.start_edit(editing::Field::Unalias),
            Action::EditNote => self.start_note(),
            Action::AcceptAll => self.accept_all_suggestions(),
            Action::Command => self.open(Overlay::Command(editing::CommandLine::default())),
            Action::ToggleHelp => self.open(Overlay::Help { scroll: 0, query: String::new(), typing: false }),
            Action::FocusNext | Action::FocusPrev | Action::Focus(_) => self.change_focus(action),
            Action::ToggleProblems if self.data.diagnostics.is_empty() => {
                self.message = Some("no errors or warnings".into())
            }
            Action::ToggleProblems => self.open(Overlay::Problems { scroll: 0 }),
            Action::RenameEntity => self.start_edit(editing::Field::Name),
            Action::RetypeEntity => self.start_edit(editing::Field::Type),
            Action::SetKb => self.start_edit(editing::Field::Kb),
            Action::AddAlias => self.start_edit(editing::Field::Alias),
            Action::DeleteMention => self.delete_mention(),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Save => self.save(),
            Action::ToggleDetail => self.open(Overlay::Detail { scroll: 0 }),
            Action::CopyPassage => self.copy(self.quotation(), "a passage or an event"),
            Action::CopyEntity => self.copy(self.entity_reference(), "an entity"),
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::HalfPageDown => self.move_by((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_by(-((self.page() / 2).max(1) as isize)),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            // In the timeline, `/` searches its events (or goes to a date).
            Action::StartSearch if self.focus == Pane::Timeline => {
                self.open(Overlay::EventSearch { query: String::new(), from: self.timeline.cursor.index })
            }
            Action::StartSearch => {
                self.focus = Pane::Entities;
                self.open(Overlay::Search(SearchState::default()));
                self.refresh_search();
            }
            Action::OpenSwitcher => self.open_switcher(),
            Action::OpenFilter => {
                let query = match &self.remote {
                    Some(r) => r.query.clone(),
                    None => self.filter.as_ref().map(|f| f.query.clone()).unwrap_or_default(),
                };
                self.open(Overlay::Filter(filter::Prompt { query, live_count: None, back: None }));
            }
            Action::FilterEntity => self.filter_entity(),
            Action::OpenFind => self.open(Overlay::Find(filter::Prompt::default())),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::ToggleChart => self.open(Overlay::Chart(self.chart_data())),
            Action::Select => self.select_here(),
            Action::NextMention => self.step_text(1),
            Action::PrevMention => self.step_text(-1),
            Action::NextNote => self.step_note(1),
            Action::PrevNote => self.step_note(-1),
            Action::ToggleFilter => self.toggle_filter(),
            Action::CycleSort => {
                self.entities.sort = self.entities.sort.next();
                self.sort_entities();
                let h = self.list_height(Pane::Entities);
                self.entities.cursor.follow(self.entities.order.len(), h);
                self.message = Some(format!("entities sorted {}", self.entities.sort.label()));
            }
            Action::Back => self.back(),
            Action::ToggleSuggestions => self.toggle_suggestions(),
            _ => {}
        }
    }

    /// An action while an entity search is typed.
    fn search_action(&mut self, action: Action) {
        let h = self.list_height(Pane::Entities);
        let Some(Overlay::Search(s)) = &mut self.overlay else { return };
        if type_into(&mut s.query, action).is_some() {
            return self.refresh_search();
        }
        match action {
            Action::SearchDown | Action::SearchUp | Action::Scroll(..) => {
                let down = matches!(action, Action::SearchDown | Action::Scroll(_, _, true));
                let len = s.hits.len();
                s.cursor.move_by(if down { 1 } else { -1 }, len, h);
            }
            Action::SearchAccept if s.pick.is_some() => {
                let Some(e) = s.highlighted() else {
                    self.message = Some("nothing matches: change the words, or a new entity".into());
                    return;
                };
                self.picked(e);
            }
            Action::NewEntity => self.pick_new_entity(),
            Action::SearchAccept => match s.highlighted() {
                Some(e) => {
                    self.close();
                    self.choose_entity(e);
                    self.show_text_if_tabbed(Pane::Entities);
                }
                None => {
                    let esc = self.keymap.key(Mode::Search, Action::SearchCancel);
                    self.message = Some(format!("nothing matches; change the query or press {esc}"))
                }
            },
            _ => self.end_search(),
        }
    }

    /// Closes the entity search; one that picked for an edit gives the focus back.
    fn end_search(&mut self) {
        let pick = self.search().and_then(|s| s.pick);
        self.close();
        match pick {
            Some(entities::Pick::MergeInto(_)) => {}
            Some(_) => self.focus_text(),
            None => {}
        }
    }

    /// Re-runs the entity search for the query typed so far.
    fn refresh_search(&mut self) {
        let h = self.list_height(Pane::Entities);
        if let Some(Overlay::Search(s)) = &mut self.overlay {
            s.refresh(&self.data.entity_index, h);
            // Picking for an edit with nothing typed: every entity, as the list orders them.
            if s.pick.is_some() && s.query.trim().is_empty() {
                let all = self.entities.order.iter().take(entities::RESULTS);
                s.hits = all.map(|&item| crate::search::Hit { item, score: 0, form: 0, indices: Vec::new() }).collect();
            }
        }
    }

    fn change_focus(&mut self, action: Action) {
        let i = Pane::ALL.iter().position(|&p| p == self.focus).unwrap_or(0);
        self.focus = match action {
            Action::FocusNext => Pane::ALL[(i + 1) % 3],
            Action::FocusPrev => Pane::ALL[(i + 2) % 3],
            Action::Focus(p) => p,
            _ => self.focus,
        };
        self.relayout(false);
    }

    /// Recomputes the layout for the terminal size, re-wrapping the text if its width changed
    /// and keeping the current spot (or the top line) in view.
    fn relayout(&mut self, force: bool) {
        let full = self.screen();
        self.areas = areas(full, self.focus);
        // The text is laid out for its pane even while another tab hides it, so jumps work.
        let text = text_columns(inner(areas(full, Pane::Text).text));
        let (width, height) = (text.width as usize, text.height as usize);
        let Some(article) = self.data.corpus.articles.get(self.article.0) else {
            return;
        };
        // What stays in view: the spot, else the caret of a focused text.
        let caret = (self.focus == Pane::Text).then_some(self.caret.at);
        let keep = self.cursor_span().map(|s| s.start).or(caret);
        let top = self.reader.top_char();
        if !force && width != self.reader.width && article.text.len() > reader::BACKGROUND_WRAP {
            // A long article is re-wrapped in the background; input goes on meanwhile.
            if let Some(work) = self.reader.layout_in_background(article, width, height, (keep, top)) {
                self.effect(Effect::Work(work));
            }
        } else if force || width != self.reader.width {
            self.reader.layout(article, width, height);
            match keep {
                Some(pos) => self.reader.reveal(pos),
                None if !force => self.reader.scroll_to_char(top),
                None => {}
            }
        } else {
            self.reader.height = height;
            self.reader.scroll = self.reader.scroll.min(self.reader.max_scroll());
            if let Some(pos) = keep {
                self.reader.reveal(pos);
            }
        }
        let h = self.list_height(Pane::Entities);
        self.entities.cursor.follow(self.entities.order.len(), h);
        if let Some(Overlay::Search(s)) = &mut self.overlay {
            s.cursor.follow(s.hits.len(), h);
        }
        let h = self.list_height(Pane::Timeline);
        self.timeline.cursor.follow(self.timeline.rows.len(), h);
    }

    /// Rows a list pane shows (its height in the layout where it is visible).
    pub fn list_height(&self, pane: Pane) -> usize {
        let r = inner(areas(self.screen(), pane).of(pane));
        let search_line = usize::from(pane == Pane::Entities && self.search().is_some())
            + usize::from(pane == Pane::Timeline && r.height >= crate::layout::TIMELINE_AXIS_MIN);
        (r.height as usize).saturating_sub(search_line).max(1)
    }

    fn page(&self) -> usize {
        match self.focus {
            Pane::Text => self.reader.height.max(1),
            p => self.list_height(p),
        }
    }

    fn move_by(&mut self, delta: isize) {
        self.move_in(self.focus, delta);
    }

    /// Scrolls the text, or moves a list's cursor, by `delta`.
    fn move_in(&mut self, pane: Pane, delta: isize) {
        match pane {
            Pane::Text => self.scroll_text(delta),
            Pane::Entities => {
                let h = self.list_height(Pane::Entities);
                self.entities.move_by(delta, h);
            }
            Pane::Timeline => {
                let h = self.list_height(Pane::Timeline);
                self.timeline.move_by(delta, h);
            }
        }
    }

    /// Whether the panes are tabs (a small terminal), so only the focused one is visible.
    pub fn tabbed(&self) -> bool {
        !self.areas.tabs.is_empty()
    }

    /// In tab mode, selecting something shows the text, where its effect is.
    fn show_text_if_tabbed(&mut self, back_to: Pane) {
        if self.tabbed() && self.message.is_none() {
            self.focus = Pane::Text;
            self.relayout(false);
            let key = self.key(Action::Focus(back_to));
            self.message = Some(format!("{key} goes back to the {}", back_to.title().to_lowercase()));
        }
    }

    fn select_here(&mut self) {
        match self.focus {
            Pane::Entities => match self.entities.highlighted() {
                Some(e) => {
                    self.choose_entity(e);
                    self.show_text_if_tabbed(Pane::Entities);
                }
                None => self.message = Some("no entity here".into()),
            },
            Pane::Timeline => match self.timeline.current() {
                Some(Row::Event(event)) => {
                    self.choose_event(event);
                    self.show_text_if_tabbed(Pane::Timeline);
                }
                Some(Row::Article(a)) => {
                    if a != self.article {
                        self.open_article(a);
                    }
                    self.message = Some("the article's own date: events above came before it".into());
                }
                None => {}
            },
            // The mention at the current spot, else the first one in view, is selected.
            Pane::Text => match self.mention_here() {
                Some(i) => {
                    let e = self.current_article().map(|a| a.mentions[i].entity_ix());
                    if let Some(e) = e {
                        self.choose_mention(e, Some(i));
                    }
                }
                None => {
                    let (enter, entities, timeline) = (
                        self.key(Action::Select),
                        self.key(Action::Focus(Pane::Entities)),
                        self.key(Action::Focus(Pane::Timeline)),
                    );
                    self.message = Some(format!(
                        "no mention in view; {enter} selects in the entity and timeline panes too ({entities}, {timeline})"
                    ))
                }
            },
        }
    }

    /// Selects an entity: its mentions light up, the text jumps to its first one.
    pub fn select_entity(&mut self, entity: EntityIx) {
        self.choose_entity(entity);
        self.describe();
    }

    /// Selects an event: its anchor passages are marked and the text jumps to the first.
    pub fn select_event(&mut self, event: EventRef) {
        self.choose_event(event);
        self.describe();
    }

    /// [`App::select_entity`] within an action (which describes the state once, at its end).
    fn choose_entity(&mut self, entity: EntityIx) {
        self.choose_mention(entity, None);
    }

    /// Selects `entity` with the current spot on its mention `at` of this article (clicked, or
    /// under the text cursor), else on its first one. The text scrolls only if the spot is out
    /// of view.
    fn choose_mention(&mut self, entity: EntityIx, at: Option<usize>) {
        self.selection.entity = Some(entity);
        self.selected_entity = Some(EntityInfo::gather(&self.data.corpus, entity));
        self.entities.point_at(entity, self.list_height(Pane::Entities));
        if self.timeline.filter.is_some() {
            self.timeline.filter = Some(entity);
            self.rebuild_timeline();
        }
        let first = self.current_article().and_then(|a| a.mentions.iter().position(|m| m.entity_ix() == entity));
        match at.or(first) {
            Some(i) => {
                self.selection.cursor = Some(TextCursor::Mention(i));
                self.reveal_cursor();
            }
            None => {
                self.selection.cursor = None;
                self.message = Some(self.not_here(entity));
            }
        }
    }

    /// What to say when `entity` is not mentioned in the open article: where it is, and the
    /// key that goes there.
    fn not_here(&self, entity: EntityIx) -> String {
        let name = crate::display::sanitize(&self.data.corpus.entities[entity].name);
        let elsewhere = self
            .selected_entity
            .as_ref()
            .filter(|i| i.entity == entity)
            .map_or(0, |i| i.articles.iter().filter(|a| **a != self.article && self.shown(a.0)).count());
        match elsewhere {
            0 if self.filter.is_some() => {
                format!("{name} is not mentioned in this article nor in the others of the filter")
            }
            0 => format!("{name} is not mentioned in any article (only in the timeline)"),
            n => format!(
                "{name} is not mentioned in this article: {} goes on to the first of its {}",
                self.key(Action::NextMention),
                crate::display::count(n, "article")
            ),
        }
    }

    /// [`App::select_event`] within an action.
    fn choose_event(&mut self, event: EventRef) {
        if let Some(a) = event.article.map(ArticleIx)
            && a != self.article
        {
            self.open_article(a);
        }
        self.selection.event = Some(event);
        self.timeline.point_at(event, self.list_height(Pane::Timeline));
        if self.data.corpus.event(event).anchors.is_empty() {
            self.selection.cursor = None;
            self.message = Some(if event.article.is_some() {
                "the article does not speak of this event directly".into()
            } else {
                "an event of the timeline, not of an article".into()
            });
        } else {
            self.selection.cursor = Some(TextCursor::Anchor(0));
            self.reveal_cursor();
        }
    }

    fn open_article(&mut self, article: ArticleIx) {
        if article != self.article {
            // What the find found is of the article left.
            self.close_find();
        }
        self.article = article;
        self.caret.reset();
        self.edited_here = self.history.changed_spans(&self.data.corpus, article.0);
        self.selection.cursor = None;
        self.selection.event = None;
        self.reader.scroll = 0;
        self.sort_entities();
        self.relayout(true);
    }

    fn toggle_filter(&mut self) {
        if self.timeline.filter.take().is_some() {
            self.message = Some("timeline: all events".into());
        } else if let Some(e) = self.selection.entity {
            self.timeline.filter = Some(e);
            let (name, f) = (&self.data.corpus.entities[e].name, self.key(Action::ToggleFilter));
            self.message = Some(format!("timeline: only {name}'s events ({f} shows all)"));
        } else {
            self.message =
                Some(format!("select an entity first, then {} shows only its events", self.key(Action::ToggleFilter)));
            return;
        }
        self.rebuild_timeline();
    }

    /// Esc with nothing open: clears the selected event, else the entity, else the spot.
    fn back(&mut self) {
        // A selection being made ends first.
        if self.caret.anchor.take().is_some() {
            return;
        }
        // An open find closes first: its hits and count go.
        if self.find.is_some() {
            self.close_find();
            self.message = Some("find closed".into());
            return;
        }
        if self.selection.event.take().is_some() {
            if matches!(self.selection.cursor, Some(TextCursor::Anchor(_))) {
                self.selection.cursor = None;
            }
        } else if self.selection.entity.take().is_some() {
            self.selection.cursor = None;
            if self.timeline.filter.take().is_some() {
                self.rebuild_timeline();
            }
        } else {
            self.selection.cursor = None;
        }
    }
}
