//! Property tests' settings, the same in every test file.

use proptest::test_runner::{Config, RngSeed};

/// `cases` cases drawn from a fixed seed, so that `cargo test` tries the same inputs on every
/// machine and never fails by chance; `PROPTEST_RNG_SEED=N` explores other inputs.
pub fn config(cases: u32) -> Config {
    let mut config = Config { cases, failure_persistence: None, ..Config::default() };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x6e65_7773_6c65_6e73);
    }
    config
}
