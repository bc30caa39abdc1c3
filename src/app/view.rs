//! What a pane's drawer reads besides its own state: the data, the selection and the keys,
//! not the whole [`App`].

use super::filter::Find;
use super::{App, Selection};
use crate::action::Pane;
use crate::keymap::Keymap;
use crate::model::{Article, ArticleIx, Corpus, Counts, Span};

/// The shared part of what the panes show.
pub struct PaneContext<'a> {
    /// The loaded corpus.
    pub corpus: &'a Corpus,
    /// The article shown.
    pub article: ArticleIx,
    /// Mentions and articles per entity, within the filter if there is one.
    pub counts: &'a Counts,
    /// Per entity, whether another has the same type and name (lists then show the KB id).
    pub twins: &'a [bool],
    /// What the user has selected.
    pub selection: Selection,
    /// The current spot in the text, as a span.
    pub cursor_span: Option<Span>,
    /// Words found in the article.
    pub find: Option<&'a Find>,
    /// The article's suggested mentions, when shown.
    pub suggested: &'a [crate::gazetteer::Suggestion],
    /// The focused pane.
    pub focus: Pane,
    /// The key bindings in effect, for titles that name keys.
    pub keymap: &'a Keymap,
    /// The entities edited since the last save (marked in the list).
    pub edited: &'a std::collections::BTreeSet<usize>,
    /// Whether the open article differs from its file.
    pub unsaved_here: bool,
    /// The caret, when the text pane has the focus.
    pub caret: Option<usize>,
    /// The text selected (`v`), if any.
    pub selected_text: Option<Span>,
    /// The passages of the open article with unsaved edits (marked in the gutter).
    pub edited_spans: &'a [Span],
}

impl PaneContext<'_> {
    /// The article shown (`None` only when nothing could be loaded).
    pub fn current_article(&self) -> Option<&Article> {
        self.corpus.articles.get(self.article.0)
    }
}

impl App {
    /// What the panes' drawers read besides their own state.
    pub fn pane_context(&self) -> PaneContext<'_> {
        PaneContext {
            corpus: &self.data.corpus,
            article: self.article,
            counts: self.counts(),
            twins: &self.data.twins,
            selection: self.selection,
            cursor_span: self.cursor_span(),
            find: self.find.as_ref(),
            suggested: self.suggested_here(),
            focus: self.focus,
            keymap: &self.keymap,
            edited: self.edited_entities(),
            unsaved_here: self.is_unsaved(self.article.0),
            caret: (self.focus == Pane::Text).then_some(self.caret.at),
            selected_text: self.caret.selection(),
            edited_spans: &self.edited_here,
        }
    }
}
