//! The interactive explorer: terminal set-up and the event loop.
//!
//! The loop is input → action → update → render: terminal events become [`Action`]s through
//! the keymap, [`App::update`] changes the state, and [`ui::render`] draws it.

use std::io::{self, IsTerminal};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, MouseButton, MouseEventKind};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::action::Action;
use crate::app::App;
use crate::keymap::{Mode, action_for};
use crate::load::{LiveCorpus, Loading, Piece};
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

/// Where events come from. `next(Some(t))` waits at most `t` and returns `None` if nothing
/// came; `next(None)` waits for an event, and returns `None` only when there will be no more
/// (a script that ended). The real terminal and tests both implement it.
pub trait EventSource {
    /// The next event, as described above.
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>>;
}

/// The terminal's own event queue.
struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
        match timeout {
            Some(t) if !event::poll(t)? => Ok(None),
            _ => event::read().map(Some),
        }
    }
}

/// How often the screen is redrawn while loading goes on in the background.
const LOADING_TICK: Duration = Duration::from_millis(50);

/// Runs the loop until the user quits (or the events run out), drawing after each batch of
/// events: everything already queued is handled before the next draw, so held keys never lag.
/// While loading goes on, it wakes up regularly to take in what was read.
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
        let timeout = app.loading.is_some().then_some(LOADING_TICK);
        let mut pending = events.next(timeout)?;
        if pending.is_none() && timeout.is_none() {
            break;
        }
        while let Some(ev) = pending {
            if let Some(action) = to_action(app.mode(), ev) {
                app.update(action);
            }
            if app.quit {
                break;
            }
            pending = events.next(Some(Duration::ZERO))?;
        }
        app.poll_loading();
    }
    Ok(())
}

/// Whether there is a terminal to draw on and read keys from: standard output is one, and so
/// is standard input or, when input comes through it (`newslens -`), the process's terminal
/// (which the key reader then opens itself).
pub fn has_terminal() -> bool {
    io::stdout().is_terminal() && (io::stdin().is_terminal() || std::fs::File::open("/dev/tty").is_ok())
}

/// Opens the explorer in the real terminal on `data` while `loading` goes on, starting with
/// `first`, and restores the terminal afterwards, also when something panics.
pub fn explore(data: LiveCorpus, loading: Loading, first: Vec<Piece>) -> io::Result<()> {
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
        let mut app = App::loading(data, loading, first, (size.width, size.height));
        run(&mut terminal, &mut app, &Theme::from_env(), &mut TerminalEvents)
    })();
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}
