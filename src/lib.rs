//! newslens: a keyboard-driven terminal explorer for news articles, their annotated entities
//! and a timeline of related events.
//!
//! The binary is a thin shell over this library so that tests and benchmarks use the same code.

pub mod action;
pub mod app;
pub mod archive;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod display;
pub mod edit;
pub mod example;
pub mod explorer;
pub mod export;
pub mod fetch;
pub mod formats;
pub mod gazetteer;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod link;
pub mod load;
pub mod markup;
pub mod model;
pub mod order;
pub mod query;
pub mod search;
pub mod small_file;
pub mod store;
pub mod ui;
