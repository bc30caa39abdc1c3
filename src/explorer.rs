//! The interactive explorer: terminal set-up and the event loop.
//!
//! The loop is input → action → update → render: terminal events become [`Action`]s through
//! the keymap, [`App::update`] changes the state, and [`ui::render`] draws it.

use std::io::{self, IsTerminal};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, MouseButton, MouseEventKind};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::action::Action;
use crate::app::App;
use crate::keymap::{Mode, action_for};
use crate::model::Corpus;
use crate::ui::{self, theme::Theme};

/// What a terminal event means in `mode`, if anything.
pub fn to_action(mode: Mode, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) => action_for(mode, k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(m.column, m.row, true)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(m.column, m.row, false)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Where events come from: `next(true)` waits for one; `next(false)` returns one only if it is
/// already queued. The real terminal and tests (with a script) both implement it.
pub trait EventSource {
    /// The next event; `None` when `wait` is false and nothing is queued, or when a script ends.
    fn next(&mut self, wait: bool) -> io::Result<Option<Event>>;
}

/// The terminal's own event queue.
struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next(&mut self, wait: bool) -> io::Result<Option<Event>> {
        if wait || event::poll(std::time::Duration::ZERO)? { event::read().map(Some) } else { Ok(None) }
    }
}

/// Runs the loop until the user quits (or the events run out), drawing after each batch of
/// events: everything already queued is handled before the next draw, so held keys never lag.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
    events: &mut impl EventSource,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    while !app.quit {
        terminal.draw(|f| ui::render(f, app, theme)).map_err(io::Error::other)?;
        let Some(first) = events.next(true)? else { break };
        let mut pending = Some(first);
        while let Some(ev) = pending {
            if let Some(action) = to_action(app.mode(), ev) {
                app.update(action);
            }
            if app.quit {
                break;
            }
            pending = events.next(false)?;
        }
    }
    Ok(())
}

/// Whether stdin and stdout are both terminals.
pub fn has_terminal() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Opens the explorer on `corpus` in the real terminal and restores the terminal afterwards,
/// also when something panics.
pub fn explore(corpus: Corpus) -> io::Result<()> {
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            return Err(e);
        }
    };
    // ratatui's hook restores the screen on panic; mouse reporting must be switched off too.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        restore_screen(info);
    }));
    let result = (|| {
        execute!(io::stdout(), EnableMouseCapture)?;
        let size = terminal.size()?;
        let mut app = App::new(corpus, (size.width, size.height));
        run(&mut terminal, &mut app, &Theme::from_env(), &mut TerminalEvents)
    })();
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}
