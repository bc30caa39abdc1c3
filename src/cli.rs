//! The command line: `newslens [PATH]...` opens the explorer; subcommands serve scripts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::import::Format;
use crate::import::offsets::OffsetUnit;
use crate::load::LoadOptions;

/// Explore news articles, their entities and a timeline of related events.
///
/// With no PATH, every command uses the built-in example article. PATHs may be newslens JSON,
/// brat, spaCy, Label Studio, doccano, CoNLL/IOB or TimelineJS files, or directories of them.
#[derive(Debug, Parser)]
#[command(name = "newslens", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Articles to open: files or directories, in any format newslens reads.
    pub paths: Vec<PathBuf>,

    /// How to read the input files.
    #[command(flatten)]
    pub input: InputOptions,

    /// A non-interactive command; without one, the explorer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options for reading input, accepted by every command.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct InputOptions {
    /// Read every input in this format instead of detecting it from the extension and content.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// What offsets in doccano files count (default: utf16, doccano's own unit).
    #[arg(long, global = true, value_enum, value_name = "UNIT")]
    pub offsets: Option<OffsetUnit>,
}

impl InputOptions {
    /// The loader's options.
    pub fn load_options(self) -> LoadOptions {
        LoadOptions { from: self.from, offsets: self.offsets }
    }
}

/// Where an output goes and whether it may replace a file.
#[derive(Debug, Clone, Args)]
pub struct OutputOptions {
    /// Write here (a directory for brat) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
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
        /// Only the first N (the most mentioned).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
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
        /// Only the first N events.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
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
    /// Convert files of other formats to newslens JSON Lines.
    Import {
        /// Files or directories to convert.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write.
        #[command(flatten)]
        output: OutputOptions,
    },
    /// Write the loaded data out in another format.
    Export {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// The format to write.
        #[arg(long, value_enum)]
        to: ExportFormat,
        /// Where to write.
        #[command(flatten)]
        output: OutputOptions,
    },
}

/// Formats `export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// newslens JSON, one article per line (canonical form).
    Jsonl,
    /// brat standoff: a directory of .txt and .ann files (needs -o).
    Brat,
    /// Label Studio JSON tasks with labels, relations and KB references.
    LabelStudio,
    /// TimelineJS JSON of every event.
    Timelinejs,
    /// CoNLL IOB2 columns: one token and tag per line.
    Conll,
}
