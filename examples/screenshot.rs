//! Regenerates the README's screenshots under `assets/`: the explorer on the built-in example
//! after `/nvid`, `Enter` and `n` three times, and the charts of a generated corpus of 2,000
//! articles filtered to `since:2020` (see `tests/support/screenshot.rs`). A test fails when the
//! files are not what the code draws.
//!
//! Run: `cargo run --example screenshot`.

#[path = "../tests/support/synth.rs"]
mod synth;

#[path = "../tests/support/screenshot.rs"]
mod screenshot;

fn main() -> std::io::Result<()> {
    for (name, svg) in screenshot::screenshots() {
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name);
        std::fs::write(&out, svg)?;
        println!("wrote assets/{name}");
    }
    Ok(())
}
