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

/// Runs the loop until the user quits, drawing after each batch of events.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
    mut next_event: impl FnMut() -> io::Result<Option<Event>>,
) -> io::Result<()>
where
    io::Error: From<B::Error>,
{
    while !app.quit {
        terminal.draw(|f| ui::render(f, app, theme))?;
        // Handle everything already queued before drawing again, so held keys never lag.
        let mut pending = next_event()?;
        while let Some(ev) = pending {
            if let Some(action) = to_action(app.mode(), ev) {
                app.update(action);
            }
            if app.quit || !event::poll(std::time::Duration::ZERO).unwrap_or(false) {
                break;
            }
            pending = next_event()?;
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
    let mut terminal = ratatui::try_init()?;
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
        run(&mut terminal, &mut app, &Theme::from_env(), || event::read().map(Some))
    })();
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}
