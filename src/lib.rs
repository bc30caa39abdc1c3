//! newslens: a keyboard-driven terminal explorer for news articles, their annotated entities
//! and a timeline of related events.
//!
//! The binary is a thin shell over this library so that tests and benchmarks use the same code.

pub mod cli;
pub mod commands;
pub mod date;
pub mod display;
pub mod example;
pub mod export;
pub mod load;
pub mod model;
pub mod search;
