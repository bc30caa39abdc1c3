//! Regenerates `assets/screenshot.svg`: the explorer on the built-in example after `/nvid`,
//! `Enter` and `n` three times; and `assets/screenshot-chart.svg`: a generated corpus of 2,000
//! articles filtered with `F since:2015` and the charts (`c`) of its most mentioned entity.
//! Both are drawn by the real rendering code on a 120×40 test terminal and written out as SVG
//! (colours, bold and underline kept).
//!
//! Run: `cargo run --example screenshot`.

#[path = "../tests/support/synth.rs"]
mod synth;

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

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const FG: &str = "#d0d0d0";
const BG: &str = "#1c1c1c";

fn main() -> std::io::Result<()> {
    let (w, h) = (120, 40);
    let mut app = App::new(load_example().corpus, (w, h));
    for c in "/nvid".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('n'));
    }
    // The test backend cannot fail: its error type is uninhabited.
    let Ok(mut terminal) = Terminal::new(TestBackend::new(w, h));
    let Ok(_) = terminal.draw(|f| render(f, &app, &Theme::dark()));
    let svg = to_svg(terminal.backend().buffer());
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/screenshot.svg");
    std::fs::write(out, svg)?;
    println!("wrote {out}");

    // A corpus, filtered, and the charts of its most mentioned entity.
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, 2000, Some(600), 11)?;
    let mut loader = newslens::load::Loader::new();
    loader.add_source("corpus.jsonl", &String::from_utf8_lossy(&jsonl), newslens::load::Framing::JsonLines);
    let mut app = App::new(loader.finish().corpus, (w, h));
    press(&mut app, KeyCode::Char('F'));
    for c in "since:2015".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('c'));
    let Ok(_) = terminal.draw(|f| render(f, &app, &Theme::dark()));
    let svg = to_svg(terminal.backend().buffer());
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/screenshot-chart.svg");
    std::fs::write(out, svg)?;
    println!("wrote {out}");
    Ok(())
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(a) = to_action(app.keymap(), app.mode(), Event::Key(KeyEvent::new(code, KeyModifiers::NONE))) {
        app.update(a);
    }
}

/// xterm's default palette for the 16 named colours.
fn hex(c: Color) -> Option<&'static str> {
    Some(match c {
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
        _ => return None,
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn to_svg(buf: &Buffer) -> String {
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
            let (mut fg, mut bg) = (style.fg.and_then(hex).unwrap_or(FG), style.bg.and_then(hex));
            if reversed {
                (fg, bg) = (bg.unwrap_or(BG), Some(fg));
            }
            if let Some(bg) = bg {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{bg}\"/>",
                    x as f32 * CELL_W,
                    y as f32 * CELL_H
                );
            }
            let symbol = cell.symbol();
            if symbol.trim().is_empty() {
                continue;
            }
            let bold = if style.add_modifier.contains(Modifier::BOLD) { " font-weight=\"bold\"" } else { "" };
            let underline =
                if style.add_modifier.contains(Modifier::UNDERLINED) { " text-decoration=\"underline\"" } else { "" };
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{fg}\"{bold}{underline}>{}</text>",
                x as f32 * CELL_W,
                y as f32 * CELL_H + CELL_H * 0.78,
                escape(symbol)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
