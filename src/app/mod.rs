//! The explorer's state and the one place it changes: [`App::update`].
//!
//! Everything here is plain code with no terminal: tests feed actions and look at the state.

pub mod articles;
pub mod cursor;
pub mod entities;
pub mod entity_info;
pub mod loading;
mod mouse;
pub mod reader;
mod text_nav;
pub mod timeline;

use ratatui::layout::Rect;

use crate::action::{Action, Pane};
use crate::keymap::Mode;
use crate::load::{Assembler, Diagnostic};
use crate::model::{Article, Corpus, EventRef};
use crate::search::FuzzyIndex;
use crate::ui::layout::{Areas, areas, inner};
use articles::Switcher;
use entities::{EntityList, SearchState, SortOrder};
use entity_info::EntityInfo;
use loading::Loading;
use reader::Reader;
use std::time::Instant;
use timeline::{Row, Timeline};

/// Cells left of the text for markers: a note, then the current spot or an event anchor.
pub const GUTTER: u16 = 3;

/// Where in the text the user is: the mention, event anchor or note last jumped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextCursor {
    /// Index into the article's mentions.
    Mention(usize),
    /// Index into the selected event's anchors.
    Anchor(usize),
    /// Index into the article's notes.
    Note(usize),
}

/// What the user has selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// The selected entity; its mentions and events are marked.
    pub entity: Option<usize>,
    /// The selected event; its anchors are marked.
    pub event: Option<EventRef>,
    /// The current spot in the text.
    pub cursor: Option<TextCursor>,
}

/// The explorer's whole state.
pub struct App {
    /// The loaded data.
    pub corpus: Corpus,
    /// Mention counts per entity.
    pub counts: Vec<usize>,
    /// Per entity, how many articles mention it.
    pub article_counts: Vec<usize>,
    /// The article shown in the text pane.
    pub article: usize,
    /// The focused pane.
    pub focus: Pane,
    /// Whether the help overlay is open.
    pub help: bool,
    /// The article switcher, when open.
    pub switcher: Option<Switcher>,
    /// The list of load problems, when open: its first line shown.
    pub problems: Option<usize>,
    /// The detail popup, when open: its first line shown.
    pub detail: Option<usize>,
    /// Errors and warnings found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// Loading still going on in the background.
    pub loading: Option<Loading>,
    /// First line of the help shown.
    pub help_scroll: usize,
    /// The entity pane.
    pub entities: EntityList,
    /// The timeline pane.
    pub timeline: Timeline,
    /// The text pane.
    pub reader: Reader,
    /// The selection.
    pub selection: Selection,
    /// The selected entity's articles, events and relations.
    pub entity_info: Option<EntityInfo>,
    /// A message for the status line, until the next action.
    pub message: Option<String>,
    /// The last frame's layout.
    pub areas: Areas,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// Set when the user asked to quit.
    pub quit: bool,
    index: FuzzyIndex,
    titles: FuzzyIndex,
    assembler: Assembler,
    /// When the entity list and timeline were last re-sorted while loading.
    last_sort: Instant,
}

impl App {
    /// An explorer over `corpus` for a terminal of `size`, showing the first article.
    pub fn new(corpus: Corpus, size: (u16, u16)) -> App {
        let counts = corpus.mention_counts();
        let article_counts = corpus.article_counts();
        let index = FuzzyIndex::entities(&corpus.entities);
        let titles = FuzzyIndex::names(corpus.articles.iter().map(|a| a.title.as_str()));
        let entities = EntityList::new(&corpus, &counts, 0, SortOrder::Mentions);
        let mut app = App {
            corpus,
            counts,
            article_counts,
            article: 0,
            focus: Pane::Entities,
            help: false,
            switcher: None,
            problems: None,
            detail: None,
            diagnostics: Vec::new(),
            loading: None,
            help_scroll: 0,
            entities,
            timeline: Timeline::default(),
            reader: Reader::default(),
            selection: Selection::default(),
            entity_info: None,
            message: None,
            areas: Areas::default(),
            size,
            quit: false,
            index,
            titles,
            assembler: Assembler::default(),
            last_sort: Instant::now(),
        };
        app.timeline.rebuild(&app.corpus, 1);
        app.relayout(true);
        app
    }

    /// The current article (`None` only when nothing could be loaded).
    pub fn current_article(&self) -> Option<&Article> {
        self.corpus.articles.get(self.article)
    }

    /// Which key bindings apply now.
    pub fn mode(&self) -> Mode {
        if self.help {
            Mode::Help
        } else if self.problems.is_some() {
            Mode::Problems
        } else if self.detail.is_some() {
            Mode::Detail
        } else if self.switcher.is_some() {
            Mode::Articles
        } else if self.entities.search.is_some() {
            Mode::Search
        } else {
            Mode::Normal
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.relayout(false);
            }
            Action::FocusNext | Action::FocusPrev | Action::Focus(_) => self.focus(action),
            Action::ToggleProblems => {
                self.problems = match self.problems {
                    Some(_) => None,
                    None if self.diagnostics.is_empty() => {
                        self.message = Some("no errors or warnings".into());
                        None
                    }
                    None => Some(0),
                }
            }
            Action::ToggleDetail => self.detail = if self.detail.is_some() { None } else { Some(0) },
            Action::Down | Action::Up if self.detail.is_some() => {
                let delta = if action == Action::Down { 1 } else { -1 };
                let last = crate::ui::detail::line_count(self).saturating_sub(1);
                self.detail = self.detail.map(|d| d.saturating_add_signed(delta).min(last));
            }
            Action::Down | Action::Up if self.problems.is_some() => {
                let max = self.diagnostics.len().saturating_sub(1);
                let delta = if action == Action::Down { 1 } else { -1 };
                self.problems = self.problems.map(|p| p.saturating_add_signed(delta).min(max));
            }
            Action::Down | Action::Up if self.help => {
                let max = crate::ui::help::line_count().saturating_sub(self.size.1.saturating_sub(4) as usize);
                let delta = if action == Action::Down { 1 } else { -1 };
                self.help_scroll = self.help_scroll.saturating_add_signed(delta).min(max);
            }
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::HalfPageDown => self.move_by((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_by(-((self.page() / 2).max(1) as isize)),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            Action::StartSearch => {
                self.focus = Pane::Entities;
                self.entities.search = Some(SearchState::default());
                self.relayout(false);
                self.entities.refresh_search(&self.index, self.list_height(Pane::Entities));
            }
            Action::OpenSwitcher => self.open_switcher(),
            Action::SearchInput(_)
            | Action::SearchBackspace
            | Action::SearchClear
            | Action::SearchDown
            | Action::SearchUp
            | Action::SearchAccept
            | Action::SearchCancel
                if self.switcher.is_some() =>
            {
                self.switcher_action(action)
            }
            Action::SearchInput(c) => self.edit_search(|q| q.push(c)),
            Action::SearchBackspace => self.edit_search(|q| {
                q.pop();
            }),
            Action::SearchClear => self.edit_search(String::clear),
            Action::SearchDown | Action::SearchUp => {
                let h = self.list_height(Pane::Entities);
                let len = self.entities.len();
                self.entities.search_cursor.move_by(if action == Action::SearchDown { 1 } else { -1 }, len, h);
            }
            Action::SearchAccept => match self.entities.highlighted() {
                Some(e) => {
                    self.entities.search = None;
                    self.relayout(false);
                    self.select_entity(e);
                    self.show_text_if_tabbed(Pane::Entities);
                }
                None => self.message = Some("nothing matches; change the query or press Esc".into()),
            },
            Action::SearchCancel => {
                self.entities.search = None;
                self.relayout(false);
            }
            Action::Select => self.select_here(),
            Action::NextMention => self.step_text(1),
            Action::PrevMention => self.step_text(-1),
            Action::NextNote => self.step_note(1),
            Action::PrevNote => self.step_note(-1),
            Action::ToggleFilter => self.toggle_filter(),
            Action::CycleSort => {
                self.entities.sort = self.entities.sort.next();
                self.entities.sort(&self.corpus, &self.counts, self.article);
                let h = self.list_height(Pane::Entities);
                self.entities.cursor.follow(self.entities.order.len(), h);
                self.message = Some(format!("entities sorted {}", self.entities.sort.label()));
            }
            Action::Back => self.back(),
            Action::Click(col, row) => self.click(col, row),
            Action::Scroll(col, row, down) => self.wheel(col, row, down),
        }
    }

    fn focus(&mut self, action: Action) {
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
        let full = Rect::new(0, 0, self.size.0, self.size.1);
        self.areas = areas(full, self.focus);
        // The text is laid out for its pane even while another tab hides it, so jumps work.
        let text = inner(areas(full, Pane::Text).text);
        let (width, height) = (text.width.saturating_sub(GUTTER) as usize, text.height as usize);
        let Some(article) = self.corpus.articles.get(self.article) else {
            return;
        };
        let keep = self.cursor_span().map(|s| s.start);
        let top = self.reader.top_char();
        if force || width != self.reader.width {
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
        let len = self.entities.len();
        self.entities.active_cursor().follow(len, h);
        let h = self.list_height(Pane::Timeline);
        self.timeline.cursor.follow(self.timeline.rows.len(), h);
    }

    /// Rows a list pane shows (its height in the layout where it is visible).
    pub fn list_height(&self, pane: Pane) -> usize {
        let full = Rect::new(0, 0, self.size.0, self.size.1);
        let r = inner(areas(full, pane).of(pane));
        let search_line = usize::from(pane == Pane::Entities && self.entities.search.is_some());
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
            Pane::Text => self.reader.scroll_by(delta),
            Pane::Entities => {
                let (len, h) = (self.entities.len(), self.list_height(Pane::Entities));
                self.entities.active_cursor().move_by(delta, len, h);
            }
            Pane::Timeline => {
                let h = self.list_height(Pane::Timeline);
                self.timeline.cursor.move_by(delta, self.timeline.rows.len(), h);
            }
        }
    }

    fn edit_search(&mut self, edit: impl FnOnce(&mut String)) {
        if let Some(s) = &mut self.entities.search {
            edit(&mut s.query);
        }
        let h = self.list_height(Pane::Entities);
        self.entities.refresh_search(&self.index, h);
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
            let key = Pane::ALL.iter().position(|&p| p == back_to).unwrap_or(0) + 1;
            self.message = Some(format!("{key} goes back to the {}", back_to.title().to_lowercase()));
        }
    }

    fn select_here(&mut self) {
        match self.focus {
            Pane::Entities => match self.entities.highlighted() {
                Some(e) => {
                    self.select_entity(e);
                    self.show_text_if_tabbed(Pane::Entities);
                }
                None => self.message = Some("no entity here".into()),
            },
            Pane::Timeline => match self.timeline.current() {
                Some(Row::Event(event)) => {
                    self.select_event(event);
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
            Pane::Text => match self.selection.cursor {
                Some(TextCursor::Mention(i)) => {
                    let e = self.current_article().map(|a| a.mentions[i].entity);
                    if let Some(e) = e {
                        self.focus = Pane::Entities;
                        self.entities.point_at(e, self.list_height(Pane::Entities));
                        self.relayout(false);
                    }
                }
                _ => self.message = Some("Enter selects in the entity and timeline panes (2, 3)".into()),
            },
        }
    }

    /// Selects an entity: its mentions light up, the text jumps to its first one.
    pub fn select_entity(&mut self, entity: usize) {
        self.selection.entity = Some(entity);
        self.entity_info = Some(EntityInfo::gather(&self.corpus, entity));
        self.entities.point_at(entity, self.list_height(Pane::Entities));
        if self.timeline.filter.is_some() {
            self.timeline.filter = Some(entity);
            self.timeline.rebuild(&self.corpus, self.list_height(Pane::Timeline));
        }
        let first = self.current_article().and_then(|a| a.mentions.iter().position(|m| m.entity == entity));
        match first {
            Some(i) => {
                self.selection.cursor = Some(TextCursor::Mention(i));
                self.reveal_cursor();
            }
            None => {
                self.selection.cursor = None;
                let name = &self.corpus.entities[entity].name;
                self.message = Some(format!("{name} is not mentioned in this article"));
            }
        }
    }

    /// Selects an event: its anchor passages are marked and the text jumps to the first.
    pub fn select_event(&mut self, event: EventRef) {
        if let Some(a) = event.article
            && a != self.article
        {
            self.open_article(a);
        }
        self.selection.event = Some(event);
        self.timeline.point_at(event, self.list_height(Pane::Timeline));
        if self.corpus.event(event).anchors.is_empty() {
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

    fn open_article(&mut self, article: usize) {
        self.article = article;
        self.selection.cursor = None;
        self.selection.event = None;
        self.reader.scroll = 0;
        self.entities.sort(&self.corpus, &self.counts, article);
        self.relayout(true);
    }

    fn toggle_filter(&mut self) {
        if self.timeline.filter.take().is_some() {
            self.message = Some("timeline: all events".into());
        } else if let Some(e) = self.selection.entity {
            self.timeline.filter = Some(e);
            self.message = Some(format!("timeline: only {}'s events (f shows all)", self.corpus.entities[e].name));
        } else {
            self.message = Some("select an entity first, then f shows only its events".into());
            return;
        }
        self.timeline.rebuild(&self.corpus, self.list_height(Pane::Timeline));
    }

    /// Esc: closes the top-most popup, else leaves search, else clears the selection.
    fn back(&mut self) {
        let popup_closed = std::mem::take(&mut self.help)
            || self.problems.take().is_some()
            || self.detail.take().is_some()
            || self.switcher.take().is_some();
        if popup_closed {
            return;
        }
        if self.entities.search.is_some() {
            self.entities.search = None;
            self.relayout(false);
        } else if self.selection.event.take().is_some() {
            if matches!(self.selection.cursor, Some(TextCursor::Anchor(_))) {
                self.selection.cursor = None;
            }
        } else if self.selection.entity.take().is_some() {
            self.selection.cursor = None;
            if self.timeline.filter.take().is_some() {
                self.timeline.rebuild(&self.corpus, self.list_height(Pane::Timeline));
            }
        } else {
            self.selection.cursor = None;
        }
    }
}
