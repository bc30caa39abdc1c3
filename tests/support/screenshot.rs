//! The README's screenshots, drawn by the explorer's own rendering code on a 120×40 test
//! terminal and written as SVG (colours, bold and underline kept; block characters drawn as
//! rectangles, so bars show without seams between rows). The example writes them; a test
//! checks that the files are what the code draws now.

// Each includer uses a part.
#![allow(dead_code)]

use std::fmt::Write as _;

use newslens::app::App;
use newslens::example::load_example;
use newslens::explorer::to_action;
use newslens::ui::{render, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

use crate::synth;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const FG: &str = "#d0d0d0";
const BG: &str = "#1c1c1c";

/// Each screenshot: its file under `assets/` and its SVG.
pub fn screenshots() -> Vec<(&'static str, String)> {
    let (w, h) = (120, 40);
    // The built-in example after `/nvid`, `Enter` and `n` three times.
    let mut app = App::new(load_example().corpus, (w, h));
    keys(&mut app, "/nvid");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "nnn");
    let example = to_svg(&draw(&app));
    // A generated corpus of 2,000 articles filtered to since:2020, and its charts: how many
    // articles each month, and the entities most often in them.
    let mut jsonl = Vec::new();
    let Ok(()) = synth::write_corpus(&mut jsonl, 2000, Some(600), 11) else { unreachable!("a Vec takes all") };
    let mut loader = newslens::load::Loader::new();
    loader.add_source("corpus.jsonl", &String::from_utf8_lossy(&jsonl), newslens::load::Framing::JsonLines);
    let mut app = App::new(loader.finish().corpus, (w, h));
    keys(&mut app, "Fsince:2020");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "c");
    let chart = to_svg(&draw(&app));
    vec![("screenshot.svg", example), ("screenshot-chart.svg", chart)]
}

fn draw(app: &App) -> Buffer {
    // The test backend cannot fail: its error type is uninhabited.
    let Ok(mut terminal) = Terminal::new(TestBackend::new(app.size().0, app.size().1));
    let Ok(_) = terminal.draw(|f| render(f, app, &Theme::dark()));
    terminal.backend().buffer().clone()
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(a) = to_action(app.keymap(), app.mode(), Event::Key(KeyEvent::new(code, KeyModifiers::NONE))) {
        app.update(a);
    }
}

/// A colour as xterm shows it: its 16 named colours, the 256-colour cube and grey ramp.
fn hex(c: Color) -> Option<String> {
    let named = match c {
        Color::Black => "#000000",
        Color::Red => "#cd0000",
        Color::Green => "#00cd00",
        Color::Yellow => "#cdcd00",
        Color::Blue => "#0000ee",
        Color::Magenta => "#cd00cd",
        Color::Cyan => "#00cdcd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#7f7f7f",
        Color::LightRed => "#ff0000",
        Color::LightGreen => "#00ff00",
        Color::LightYellow => "#ffff00",
        Color::LightBlue => "#5c5cff",
        Color::LightMagenta => "#ff00ff",
        Color::LightCyan => "#00ffff",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i @ 16..=231) => {
            let step = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = i - 16;
            return Some(format!("#{:02x}{:02x}{:02x}", step(i / 36), step(i / 6 % 6), step(i % 6)));
        }
        Color::Indexed(i @ 232..=255) => {
            let v = 8 + 10 * (i - 232);
            return Some(format!("#{v:02x}{v:02x}{v:02x}"));
        }
        _ => return None,
    };
    Some(named.to_string())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// How much of a cell, from the bottom, a block character fills (eighths).
fn block_eighths(symbol: &str) -> Option<u8> {
    let c = symbol.chars().next()?;
    match c {
        '█' => Some(8),
        '▁'..='▇' => u8::try_from(c as u32 - '▁' as u32 + 1).ok(),
        _ => None,
    }
}

/// The buffer as an SVG image.
pub fn to_svg(buf: &Buffer) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">\n<rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n",
        w as f32 * CELL_W,
        h as f32 * CELL_H
    );
    for y in 0..h {
        for x in 0..w {
            let cell = &buf[(x, y)];
            let style = cell.style();
            let reversed = style.add_modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (style.fg.and_then(hex).unwrap_or(FG.to_string()), style.bg.and_then(hex));
            if reversed {
                (fg, bg) = (bg.unwrap_or(BG.to_string()), Some(fg));
            }
            let (px, py) = (x as f32 * CELL_W, y as f32 * CELL_H);
            if let Some(bg) = bg {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{bg}\"/>"
                );
            }
            let symbol = cell.symbol();
            if symbol.trim().is_empty() {
                continue;
            }
            // Blocks are shapes: a glyph would leave a seam between rows.
            if let Some(eighths) = block_eighths(symbol) {
                let height = CELL_H * eighths as f32 / 8.0;
                let _ = writeln!(
                    svg,
                    "<rect x=\"{px:.1}\" y=\"{:.2}\" width=\"{CELL_W}\" height=\"{height:.2}\" fill=\"{fg}\"/>",
                    py + CELL_H - height
                );
                continue;
            }
            let bold = if style.add_modifier.contains(Modifier::BOLD) { " font-weight=\"bold\"" } else { "" };
            let underline =
                if style.add_modifier.contains(Modifier::UNDERLINED) { " text-decoration=\"underline\"" } else { "" };
            let _ = writeln!(
                svg,
                "<text x=\"{px:.1}\" y=\"{:.1}\" fill=\"{fg}\"{bold}{underline}>{}</text>",
                py + CELL_H * 0.78,
                escape(symbol)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
