//! The built-in example, embedded so that `newslens` works from any directory.

use crate::load::{Framing, Loaded, Loader, Source};

/// The name messages use for the built-in example (its path in the repository).
pub const EXAMPLE_NAME: &str = "data/huawei-rival-2023-09.json";

/// The example article's JSON, as shipped in `data/`.
pub const EXAMPLE_JSON: &str = include_str!("../data/huawei-rival-2023-09.json");

/// Loads the built-in example.
pub fn load_example() -> Loaded {
    let mut loader = Loader::new();
    loader.add_source(EXAMPLE_NAME, EXAMPLE_JSON, Framing::Json);
    loader.finish()
}

/// The built-in example as a source for background loading.
pub fn example_source() -> Source {
    Source::Text { name: EXAMPLE_NAME.to_string(), text: EXAMPLE_JSON.into(), layout: Framing::Json }
}
