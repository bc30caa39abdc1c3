//! The command line: `newslens [PATH]...` opens the explorer; subcommands serve scripts.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Explore news articles, their entities and a timeline of related events.
///
/// With no PATH, every command uses the built-in example article.
#[derive(Debug, Parser)]
#[command(name = "newslens", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Articles to open: .json (one article), .jsonl (one per line) or directories of them.
    pub paths: Vec<PathBuf>,

    /// A non-interactive command; without one, the explorer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The non-interactive commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data; print a one-line summary, or every problem found.
    Check {
        /// Files or directories to check.
        paths: Vec<PathBuf>,
    },
    /// List entities by mention count, then name.
    Entities {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only entities of this type (e.g. ORG, PERSON; case-insensitive).
        #[arg(long = "type", value_name = "T")]
        kind: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List events in date order.
    Timeline {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only events involving the entity with this id.
        #[arg(long, value_name = "ID")]
        entity: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Fuzzy-search entity names and aliases (case- and accent-insensitive).
    Search {
        /// What to look for, e.g. "nvid" or "kobenhavn".
        query: String,
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// At most this many results.
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write the loaded data out in another format.
    Export {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// The format to write.
        #[arg(long, value_enum)]
        to: ExportFormat,
    },
}

/// Formats `export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// newslens JSON, one article per line (canonical form).
    Jsonl,
}
