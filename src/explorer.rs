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
use crate::app::{App, Effect, Remote};
use crate::config::Config;
use crate::keymap::{Keymap, Mode};
use crate::load::{BackgroundLoad, LiveCorpus, Piece};
use crate::ui::{self, theme::Theme};

/// What a terminal event means in `mode` with `keymap`, if anything.
pub fn to_action(keymap: &Keymap, mode: Mode, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) => keymap.action_for(mode, k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag(m.column, m.row)),
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

    /// A signal that asks the explorer to end (SIGTERM, SIGHUP, SIGINT), or to stop for a
    /// while (SIGTSTP), if one came since the last call.
    fn signal(&mut self) -> Option<i32> {
        None
    }

    /// Gives the terminal back and stops the process until it is continued (Ctrl-Z, or a
    /// SIGTSTP from outside), then takes the terminal again.
    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Puts `text` on the terminal's clipboard.
    fn copy(&mut self, text: &str) -> io::Result<()> {
        let _ = text;
        Ok(())
    }

    /// Whether `next` returning nothing may mean only that nothing came yet (a terminal),
    /// rather than that no more will come (a script).
    fn idle(&self) -> bool {
        false
    }
}

/// How the explorer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit (or the events ran out).
    Quit,
    /// A signal asked it to end: the process should exit with 128 + the signal's number.
    Signal(i32),
}

/// The terminal's own event queue, and the signals that concern the screen.
struct TerminalEvents {
    signal: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// The signals the explorer handles: it restores the terminal on each.
const SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTSTP,
];

impl TerminalEvents {
    fn new() -> io::Result<TerminalEvents> {
        let signal = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for sig in SIGNALS {
            signal_hook::flag::register_usize(sig, signal.clone(), sig as usize)?;
        }
        watch_for_hangup();
        Ok(TerminalEvents { signal })
    }
}

/// How often the watchdog checks that the terminal is still there.
const HANGUP_CHECK: Duration = Duration::from_millis(500);

/// Ends the process when the terminal goes away (its window closed, its tmux pane killed)
/// and no SIGHUP says so, as when the shell in between does not pass it on: crossterm's
/// reader then spins on reads that return nothing and never hands control back, burning a
/// core for ever. There is no terminal left to restore.
fn watch_for_hangup() {
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(HANGUP_CHECK);
            if !io::stdout().is_terminal() {
                std::process::exit(128 + signal_hook::consts::SIGHUP);
            }
        }
    });
}

/// Puts the terminal in the explorer's state: raw, alternate screen, mouse reported.
fn take_terminal() -> io::Result<()> {
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), ratatui::crossterm::terminal::EnterAlternateScreen, EnableMouseCapture)
}

/// Gives the terminal back as it was: cooked, main screen, no mouse reports, cursor shown.
fn give_terminal_back() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = execute!(io::stdout(), ratatui::crossterm::cursor::Show);
}

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
        // Wake up now and then to notice signals.
        let t = timeout.unwrap_or(SIGNAL_TICK).min(SIGNAL_TICK);
        if event::poll(t)? { event::read().map(Some) } else { Ok(None) }
    }

    fn signal(&mut self) -> Option<i32> {
        match self.signal.swap(0, std::sync::atomic::Ordering::SeqCst) {
            0 => None,
            sig => Some(sig as i32),
        }
    }

    fn idle(&self) -> bool {
        true
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        // OSC 52: the one escape sequence written on purpose; the text goes base64-encoded,
        // so it cannot drive the terminal.
        execute!(io::stdout(), crossterm::clipboard::CopyToClipboard::to_clipboard_from(text))
    }

    fn suspend(&mut self) -> io::Result<()> {
        give_terminal_back();
        // Stop as SIGTSTP would have without our handler; we go on here after SIGCONT.
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        take_terminal()
    }
}

/// How often the loop looks for signals while no key comes.
const SIGNAL_TICK: Duration = Duration::from_millis(100);

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
) -> io::Result<Ending>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let mut quit = false;
    while !quit {
        terminal.draw(|f| ui::render(f, app, theme)).map_err(io::Error::other)?;
        let timeout = app.busy().then_some(LOADING_TICK);
        let mut pending = events.next(timeout)?;
        let mut suspend = false;
        match events.signal() {
            Some(signal_hook::consts::SIGTSTP) => suspend = true,
            Some(sig) => return Ok(Ending::Signal(sig)),
            None if pending.is_none() && timeout.is_none() && !events.idle() => break,
            None => {}
        }
        while let Some(ev) = pending {
            match to_action(app.keymap(), app.mode(), ev) {
                Some(Action::Suspend) => suspend = true,
                Some(action) => quit |= carry_out(app.update(action), events)?,
                None => {}
            }
            if quit {
                break;
            }
            pending = events.next(Some(Duration::ZERO))?;
        }
        if suspend {
            events.suspend()?;
            // The screen was given away: draw all of it again.
            terminal.clear().map_err(io::Error::other)?;
        }
        quit |= carry_out(app.tick(), events)?;
    }
    Ok(Ending::Quit)
}

/// Carries out what the state asked for: copies through the terminal, work on a thread of its
/// own. Returns whether it asked to quit.
fn carry_out(effects: Vec<Effect>, events: &mut impl EventSource) -> io::Result<bool> {
    let mut quit = false;
    for effect in effects {
        match effect {
            Effect::Copy(text) => events.copy(&text)?,
            Effect::Quit => quit = true,
            Effect::Work(work) => drop(std::thread::spawn(work)),
        }
    }
    Ok(quit)
}

/// Whether there is a terminal to draw on and read keys from: standard output is one, and so
/// is standard input or, when input comes through it (`newslens -`), the process's terminal
/// (which the key reader then opens itself).
pub fn has_terminal() -> bool {
    io::stdout().is_terminal() && (io::stdin().is_terminal() || std::fs::File::open("/dev/tty").is_ok())
}

/// Opens the explorer in the real terminal on `data` while `loading` goes on, starting with
/// `first`, and restores the terminal afterwards: when the user quits, on SIGTERM, SIGHUP and
/// SIGINT (then the caller exits with 128 + the signal), and when something panics. Ctrl-Z
/// and SIGTSTP give the terminal back until the process is continued. `config` gives the keys,
/// colours and first sort order; `notice` is said in the status line at first; `remote` is
/// the archive the articles came from when they are not files.
pub fn explore(
    data: LiveCorpus,
    loading: BackgroundLoad,
    first: Vec<Piece>,
    config: Config,
    notice: Option<String>,
    remote: Option<Remote>,
    filter: Option<String>,
) -> io::Result<Ending> {
    // Signals are caught before the terminal changes, so none can leave it raw.
    let mut events = TerminalEvents::new()?;
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            give_terminal_back();
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
        app.configure(config.keymap, config.sort);
        app.notify(notice);
        app.attach_remote(remote);
        app.filter_when_loaded(filter);
        app.keep_journal(crate::edit::journal::dir());
        run(&mut terminal, &mut app, &config.theme.with_env(), &mut events)
    })();
    give_terminal_back();
    result
}
