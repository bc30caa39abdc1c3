//! The article filter (a query: everything follows it), finding words in the open article,
//! and the charts' data.

use super::{App, Overlay, TextCursor};
use crate::action::{Action, Pane};
use crate::keymap::Mode;
use crate::model::{ArticleIx, Counts, EntityIx, Span};
use crate::query::{Query, fold_word, words};

/// A query being typed (the filter's or the find's), and what it would do.
#[derive(Debug, Clone, Default)]
pub struct Prompt {
    /// What the user typed.
    pub query: String,
    /// For the filter: how many articles match, or what is wrong with the query.
    pub live_count: Option<Result<usize, String>>,
    /// For the filter: the query of the history shown (↑/↓), counted from the newest.
    pub back: Option<usize>,
}

/// The most filters the history keeps.
pub const HISTORY: usize = 100;

/// The filter in force: only these articles are shown, counted, stepped through.
#[derive(Debug, Clone)]
pub struct ArticleFilter {
    /// The query as typed.
    pub query: String,
    /// Per article, whether it matches.
    pub member: Vec<bool>,
    /// How many match.
    pub count: usize,
    /// Mention and article counts within the matching articles.
    pub counts: Counts,
}

/// Words found in the open article.
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// What was looked for.
    pub query: String,
    /// Where it was found, in text order.
    pub hits: Vec<Span>,
}

/// The words of one article with their char spans, folded as queries fold them: built when
/// a find starts, kept while the article stays open.
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    /// The article they are of.
    pub article: ArticleIx,
    /// Each word's span, in text order.
    pub spans: Vec<Span>,
    /// Each word folded.
    pub folded: Vec<String>,
}

impl WordIndex {
    /// The words of `text`, article `article`.
    pub fn of(article: ArticleIx, text: &str) -> WordIndex {
        let (mut spans, mut folded) = (Vec::new(), Vec::new());
        let mut word = String::new();
        let mut start = None;
        for (i, c) in text.chars().chain([' ']).enumerate() {
            match (c.is_alphanumeric(), start) {
                (true, None) => {
                    start = Some(i);
                    word.push(c);
                }
                (true, Some(_)) => word.push(c),
                (false, Some(s)) => {
                    spans.push(Span { start: s, end: i });
                    folded.push(fold_word(&word));
                    word.clear();
                    start = None;
                }
                _ => {}
            }
        }
        WordIndex { article, spans, folded }
    }
}

/// Per month, how many articles (of the filter, or all) mention the entity; and the entities
/// most often in the same articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    /// What the charts are about.
    pub title: String,
    /// (`YYYY-MM`, articles), every month up to the last, at most [`MAX_MONTHS`] of them.
    pub months: Vec<(String, u64)>,
    /// Articles dated before the first month of `months`.
    pub earlier: u64,
    /// (name, articles together), most first.
    pub related: Vec<(String, u64)>,
    /// Articles without a month to their date, left out of `months`.
    pub undated: usize,
}

/// The most months the charts count.
pub const MAX_MONTHS: usize = 1200;

impl App {
    /// Whether article `a` passes the filter (always, without one).
    pub fn shown(&self, a: usize) -> bool {
        self.filter.as_ref().is_none_or(|f| f.member.get(a) == Some(&true))
    }

    /// The counts the panes show: within the filter, or of the whole corpus.
    pub fn counts(&self) -> &Counts {
        self.filter.as_ref().map_or(&self.data.counts, |f| &f.counts)
    }

    /// An action while a filter or a find query is typed.
    pub(super) fn prompt_action(&mut self, action: Action) {
        let filtering = matches!(self.overlay, Some(Overlay::Filter(_)));
        let Some(Overlay::Filter(p) | Overlay::Find(p)) = &mut self.overlay else { return };
        let typed = super::type_into(&mut p.query, action).is_some();
        match action {
            _ if typed => {}
            // A query that cannot be read keeps the prompt open, its text and the reason shown:
            // nothing typed next runs as a command unseen.
            Action::SearchAccept => {
                if filtering && let Err(e) = Query::parse(&p.query) {
                    p.live_count = Some(Err(e.to_string()));
                    return;
                }
                let query = std::mem::take(&mut p.query);
                self.forget_counts();
                self.close();
                if filtering {
                    self.remember(&query);
                }
                return match (filtering, self.remote.is_some()) {
                    (true, true) => self.requery(&query),
                    (true, false) => self.filter_articles(&query),
                    (false, _) => self.find_words(&query),
                };
            }
            // Earlier filters, newest first, as a shell's history.
            Action::SearchUp | Action::SearchDown if filtering => {
                let n = self.filter_history.len();
                let back = match (action, p.back) {
                    (Action::SearchUp, None) if n > 0 => Some(0),
                    (Action::SearchUp, Some(b)) => Some((b + 1).min(n.saturating_sub(1))),
                    (Action::SearchDown, Some(0)) | (Action::SearchDown, None) => None,
                    (Action::SearchDown, Some(b)) => Some(b - 1),
                    _ => p.back,
                };
                p.back = back;
                p.query = back.map(|b| self.filter_history[n - 1 - b].clone()).unwrap_or_default();
            }
            // Esc leaves the prompt and keeps what is applied; an empty query applied clears.
            // A find is live while typed, so leaving its prompt takes its hits away.
            _ => {
                self.forget_counts();
                if !filtering {
                    self.close_find();
                }
                return self.close();
            }
        }
        // The find marks what it finds as it is typed, as vim's incsearch does.
        if !filtering {
            let query = p.query.clone();
            self.find_words(&query);
            return;
        }
        let query = p.query.clone();
        // Counted off the input path: typing never waits for the count.
        p.live_count = None;
        match Query::parse(&query) {
            Ok(q) if q.is_empty() => self.forget_counts(),
            // What the database would say is known once asked.
            Ok(_) if self.remote.is_some() => self.forget_counts(),
            Ok(q) => self.count_live(query, q),
            Err(e) => {
                self.forget_counts();
                if let Some(Overlay::Filter(p)) = &mut self.overlay {
                    p.live_count = Some(Err(e.to_string()));
                }
            }
        }
    }

    /// Keeps an applied filter's query in the history (once, as the newest).
    pub(super) fn remember(&mut self, query: &str) {
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        self.filter_history.retain(|q| q != query);
        self.filter_history.push(query.to_string());
        if self.filter_history.len() > HISTORY {
            self.filter_history.remove(0);
        }
    }

    /// Filters the articles to those matching `query` (an empty one clears the filter).
    pub fn apply_filter(&mut self, query: &str) {
        self.filter_articles(query);
        self.describe();
    }

    /// [`App::apply_filter`] within an action (which describes the state once, at its end).
    pub(super) fn filter_articles(&mut self, query: &str) {
        let parsed = match Query::parse(query) {
            Ok(q) if q.is_empty() => return self.clear_filter(),
            Ok(q) => q,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let matching = self.data.matching(&parsed);
        // Nothing to show: what is shown stays, and says so (no article left on screen that
        // the filter would hide).
        if matching.is_empty() && !self.data.corpus.articles.is_empty() {
            let now = self
                .filter
                .as_ref()
                .map_or("every article is shown".to_string(), |f| format!("the filter stays {}", f.query));
            self.message = Some(format!("no article matches {}; {now}", crate::display::sanitize(query)));
            return;
        }
        let mut member = vec![false; self.data.corpus.articles.len()];
        for &a in &matching {
            member[a] = true;
        }
        let counts = Counts::within(&self.data.corpus, &member);
        self.filter = Some(ArticleFilter { query: query.to_string(), member, count: matching.len(), counts });
        let (change, apply) = (self.key(Action::OpenFilter), self.keymap.key(Mode::Filter, Action::SearchAccept));
        let all = self.data.corpus.articles.len();
        let verb = if matching.len() == 1 { "matches" } else { "match" };
        self.message = Some(format!(
            "{} of {} {verb}; {change} changes the filter ({apply} on an empty one shows all)",
            matching.len(),
            crate::display::count(all, "article"),
        ));
        if let Some(&first) = matching.first()
            && !self.shown(self.article.0)
        {
            self.open_article(ArticleIx(first));
        }
        self.refilter();
    }

    /// Shows every article again.
    pub(super) fn clear_filter(&mut self) {
        if self.filter.take().is_some() {
            self.message = Some("filter cleared: every article".into());
            self.refilter();
        }
    }

    /// Brings the lists in step with the filter.
    fn refilter(&mut self) {
        let counts = self.filter.as_ref().map(|f| &f.counts);
        self.entities.order = match counts {
            Some(c) => (0..self.data.corpus.entities.len()).filter(|&e| c.mentions[e] > 0).collect(),
            None => (0..self.data.corpus.entities.len()).collect(),
        };
        self.sort_entities();
        // A new list: from its top.
        self.entities.reset();
        self.rebuild_timeline();
    }

    /// Sorts the entity list by the counts shown (within the filter).
    pub(super) fn sort_entities(&mut self) {
        let counts = match &self.filter {
            Some(f) => &f.counts.mentions,
            None => &self.data.counts.mentions,
        };
        self.entities.sort(&self.data.corpus, counts, self.article);
    }

    /// Rebuilds the timeline for the entity filter and the article filter.
    pub(super) fn rebuild_timeline(&mut self) {
        let h = self.list_height(Pane::Timeline);
        let member = self.filter.as_ref().map(|f| f.member.as_slice());
        self.timeline.rebuild(&self.data.corpus, member, h);
    }

    /// Filters to the articles that mention the selected entity (or the one under the cursor).
    pub(super) fn filter_entity(&mut self) {
        let e = self
            .selection
            .entity
            .or_else(|| (self.focus == Pane::Entities).then(|| self.entities.highlighted()).flatten());
        match e {
            Some(e) => {
                // Narrows the filter in force (the history keeps the one before).
                let term = crate::query::entity_term(&self.data.corpus.entities[e].id);
                let query = match self.filter.as_ref().map(|f| f.query.trim()) {
                    Some(q) if q.split_whitespace().any(|t| t == term) => q.to_string(),
                    Some(q) if !q.is_empty() => format!("{q} {term}"),
                    _ => term,
                };
                if let Some(before) = self.filter.as_ref().map(|f| f.query.clone()) {
                    self.remember(&before);
                }
                self.remember(&query);
                self.filter_articles(&query);
            }
            None => {
                self.message = Some(format!("select an entity first ({} in the entity list)", self.key(Action::Select)))
            }
        }
    }

    /// Closes the find: its hits, count and spot go.
    pub(super) fn close_find(&mut self) {
        if self.find.take().is_some() && matches!(self.selection.cursor, Some(TextCursor::Hit(_))) {
            self.selection.cursor = None;
        }
    }

    /// Finds `query`'s words, in a row, in the open article.
    pub(super) fn find_words(&mut self, query: &str) {
        let wanted: Vec<String> = words(query).collect();
        let Some(article) = self.current_article() else { return };
        if wanted.is_empty() {
            return self.close_find();
        }
        // The article's words are folded once, not on every key typed.
        if self.find_index.as_ref().is_none_or(|w| w.article != self.article) {
            self.find_index = Some(WordIndex::of(self.article, &article.text));
        }
        let Some(index) = &self.find_index else { return };
        let (spans, folded) = (&index.spans, &index.folded);
        let hits: Vec<Span> = (0..spans.len().saturating_sub(wanted.len() - 1))
            .filter(|&i| wanted.iter().enumerate().all(|(k, w)| folded[i + k].starts_with(w.as_str())))
            .map(|i| Span { start: spans[i].start, end: spans[i + wanted.len() - 1].end })
            .collect();
        let n = hits.len();
        self.find = Some(Find { query: query.to_string(), hits });
        if n == 0 {
            if matches!(self.selection.cursor, Some(TextCursor::Hit(_))) {
                self.selection.cursor = None;
            }
            self.message = Some(format!("{} is not in this article", crate::display::sanitize(&format!("{query:?}"))));
            return;
        }
        // The first hit at or after the top of the pane.
        let top = self.reader.top_char();
        let first = self.find.as_ref().and_then(|f| f.hits.iter().position(|h| h.start >= top)).unwrap_or(0);
        self.selection.cursor = Some(TextCursor::Hit(first));
        self.reveal_cursor();
    }

    /// `>`/`<`: the next or previous place found, wrapping around.
    pub(super) fn step_hit(&mut self, dir: isize) {
        let Some(n) = self.find.as_ref().map(|f| f.hits.len()).filter(|&n| n > 0) else {
            self.message = Some(format!("nothing found to step through: {} finds words", self.key(Action::OpenFind)));
            return;
        };
        let next = match self.selection.cursor {
            Some(TextCursor::Hit(i)) => (i as isize + dir).rem_euclid(n as isize) as usize,
            _ if dir > 0 => 0,
            _ => n - 1,
        };
        self.selection.cursor = Some(TextCursor::Hit(next));
        self.reveal_cursor();
    }

    /// The charts' data: for the selected entity within the filter, else for the filter.
    pub fn chart_data(&self) -> ChartData {
        let corpus = &self.data.corpus;
        let entity = self.selection.entity;
        let articles: Vec<usize> = (0..corpus.articles.len())
            .filter(|&a| {
                self.shown(a) && entity.is_none_or(|e| corpus.articles[a].mentions.iter().any(|m| m.entity_ix() == e))
            })
            .collect();
        let title = match (entity, &self.filter) {
            (Some(e), None) => corpus.entities[e].name.clone(),
            (Some(e), Some(f)) => format!("{} · filter {}", corpus.entities[e].name, f.query),
            (None, Some(f)) => format!("filter {}", f.query),
            (None, None) => "all articles".into(),
        };
        let mut per_month: std::collections::BTreeMap<(i64, u8), u64> = Default::default();
        let mut undated = 0;
        for &a in &articles {
            match corpus.articles[a].date {
                Some(d) if d.month.is_some() => *per_month.entry((d.year, d.month.unwrap_or(1))).or_default() += 1,
                _ => undated += 1,
            }
        }
        // The months up to the latest, back to the first or as many as a chart can show: a
        // corpus that reaches back to the start of time still shows where its articles are.
        let mut months = Vec::new();
        let mut earlier = 0;
        if let (Some(&first), Some(&last)) = (per_month.keys().next(), per_month.keys().next_back()) {
            let mut m = last;
            loop {
                months.push((format!("{:04}-{:02}", m.0, m.1), per_month.get(&m).copied().unwrap_or(0)));
                if m <= first || months.len() >= MAX_MONTHS {
                    break;
                }
                m = if m.1 == 1 { (m.0 - 1, 12) } else { (m.0, m.1 - 1) };
            }
            months.reverse();
            earlier = per_month.range(..m).map(|(_, n)| n).sum();
        }
        let mut together = vec![0u64; corpus.entities.len()];
        for &a in &articles {
            for e in corpus.articles[a].mentioned() {
                together[e] += 1;
            }
        }
        let mut related: Vec<(usize, u64)> = together
            .iter()
            .enumerate()
            .filter(|&(e, &n)| n > 0 && Some(EntityIx(e)) != entity)
            .map(|(e, &n)| (e, n))
            .collect();
        related.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| corpus.entities[a.0].name.cmp(&corpus.entities[b.0].name)));
        // Entities that would look alike say what tells them apart, as the entity list does.
        let twins = &self.data.twins;
        let named = |e: usize| {
            let x = &corpus.entities[e];
            if twins.get(e).copied().unwrap_or(false) {
                format!("{} · {}", x.name, x.telling_id())
            } else {
                x.name.clone()
            }
        };
        let related = related.into_iter().take(20).map(|(e, n)| (named(e), n)).collect();
        ChartData { title, months, earlier, related, undated }
    }
}
