//! What the user means, independent of which key or mouse gesture said it.

/// The three linked panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// The article text.
    Text,
    /// The entity list.
    Entities,
    /// The timeline of events.
    Timeline,
}

impl Pane {
    /// All panes in focus order.
    pub const ALL: [Pane; 3] = [Pane::Text, Pane::Entities, Pane::Timeline];

    /// The pane's name as shown to the user.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Text => "Text",
            Pane::Entities => "Entities",
            Pane::Timeline => "Timeline",
        }
    }
}

/// One thing the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus one pane.
    Focus(Pane),
    /// Move the selection down one row (lists) or scroll down one line (text).
    Down,
    /// Move up one row or line.
    Up,
    /// Go to the first row or the top.
    First,
    /// Go to the last row or the bottom.
    Last,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// Start typing a fuzzy entity search.
    StartSearch,
    /// Open the article switcher.
    OpenSwitcher,
    /// Show or hide the list of problems found while loading.
    ToggleProblems,
    /// Show the whole detail of the selection in a popup, or close it.
    ToggleDetail,
    /// Select the entity or event under the cursor.
    Select,
    /// Jump to the next mention of the selected entity (or anchor of the selected event).
    NextMention,
    /// Jump to the previous one.
    PrevMention,
    /// Jump to the next passage with a note.
    NextNote,
    /// Jump to the previous passage with a note.
    PrevNote,
    /// Show only the selected entity's events on the timeline, or all again.
    ToggleFilter,
    /// Cycle the entity sort order.
    CycleSort,
    /// Show or hide the suggested mentions: names the corpus annotates elsewhere, left
    /// unannotated here.
    ToggleSuggestions,
    /// Close a popup, leave search, or clear the selection, in that order.
    Back,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Leave the explorer.
    Quit,
    /// Give the terminal back and stop until continued (Ctrl-Z).
    Suspend,
    /// Copy the current passage, or the selected event, as a quotation.
    CopyPassage,
    /// Copy the entity's name and Wikidata id.
    CopyEntity,
    /// Type a query that filters the articles.
    OpenFilter,
    /// Filter the articles to those that mention the selected entity.
    FilterEntity,
    /// Find words in the open article.
    OpenFind,
    /// The next place the find matched.
    NextHit,
    /// The previous place the find matched.
    PrevHit,
    /// Show the attention over time and the related entities as charts.
    ToggleChart,
    /// Type a character into the search field.
    SearchInput(char),
    /// Delete the last character of the search.
    SearchBackspace,
    /// Clear the search field.
    SearchClear,
    /// Select the highlighted search result.
    SearchAccept,
    /// Leave search and restore the list.
    SearchCancel,
    /// Highlight the next search result.
    SearchDown,
    /// Highlight the previous search result.
    SearchUp,
    /// Rename the entity (a prompt).
    RenameEntity,
    /// Give the entity another type (a prompt).
    RetypeEntity,
    /// Set or clear the entity's knowledge-base id (a prompt).
    SetKb,
    /// Give the entity another name, an alias (a prompt).
    AddAlias,
    /// Remove the mention at the text's spot.
    DeleteMention,
    /// Move the text's caret one character left.
    CaretLeft,
    /// Move the caret one character right.
    CaretRight,
    /// Move the caret to the start of the next word.
    WordNext,
    /// Move the caret to the end of the word.
    WordEnd,
    /// Move the caret back to the start of a word.
    WordPrev,
    /// Move the caret to the start of its line.
    LineStart,
    /// Move the caret to the end of its line.
    LineEnd,
    /// Move the caret to the next mention of any entity.
    NextAnyMention,
    /// Move the caret to the previous mention of any entity.
    PrevAnyMention,
    /// Scroll the text a line down, the caret staying in view.
    ScrollDown,
    /// Scroll the text a line up.
    ScrollUp,
    /// Start (or end) selecting text from the caret.
    ToggleSelect,
    /// Annotate the selection (or the word at the caret) as a mention: pick its entity, or
    /// accept the suggestion there.
    Annotate,
    /// Link the mention at the caret to another entity (a pick).
    Relink,
    /// Stretch the mention at the caret over the next word, or over the selection.
    GrowMention,
    /// Take the last word off the mention at the caret.
    ShrinkMention,
    /// Accept every suggestion of the entity suggested at the caret (or the selected entity).
    AcceptAll,
    /// Merge the entity into another (a pick).
    MergeEntity,
    /// Split off the entity's mentions in this article as a new entity.
    SplitEntity,
    /// Take one of the entity's other names away (a prompt).
    RemoveAlias,
    /// Add, change or take away the note on the selection (or the note at the caret).
    EditNote,
    /// Type a command (`:w`, `:q`, `:wq`, `:q!`).
    Command,
    /// In an entity pick: a new entity instead, named as typed.
    NewEntity,
    /// Undo the last edit.
    Undo,
    /// Make the last undone edit again.
    Redo,
    /// Save the edits back to their files.
    Save,
    /// Take back the edits an earlier session left unsaved.
    RestoreEdits,
    /// Give up the edits an earlier session left unsaved.
    DiscardEdits,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A mouse click at a column and row.
    Click(u16, u16),
    /// The mouse moved with its button held down, at a column and row (a drag selects text).
    Drag(u16, u16),
    /// The mouse wheel at a column and row; `true` scrolls down.
    Scroll(u16, u16, bool),
}
