//! The command line: `newslens [PATH]...` opens the explorer; subcommands serve scripts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use newslens::formats::{self, Format, Writer};
use newslens::import::offsets::OffsetUnit;
use newslens::link::Link;
use newslens::load::LoadOptions;

/// Explore news articles, their entities and a timeline of related events.
///
/// With no PATH, every command uses the built-in example article. PATHs may be newslens JSON,
/// brat, spaCy, Label Studio, doccano, CoNLL/IOB or TimelineJS files, or directories of them.
#[derive(Debug, Parser)]
#[command(name = "newslens", version, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// Articles to open: files or directories, in any format newslens reads.
    pub paths: Vec<PathBuf>,

    /// How to read the input files.
    #[command(flatten)]
    pub input: InputOptions,

    /// A shared archive in PostgreSQL to query in place of PATHs (articles, related, trend,
    /// entities, timeline, search, the explorer) or to push to (db push):
    /// `postgres://user@host/db` or `host=… dbname=…`, with libpq's sslmode and sslrootcert;
    /// default $NEWSLENS_DB when no PATH is given.
    #[arg(long, global = true, value_name = "URL")]
    pub db: Option<String>,

    /// Open the explorer filtered to the articles that match this query (see `newslens
    /// articles --help`); on a database only those are read.
    #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
    pub query: Option<String>,

    /// Find the entities of this gazetteer in the articles as they load, where nothing is
    /// annotated (see `newslens annotate --help` for what a gazetteer is).
    #[arg(long, value_name = "KB")]
    pub gazetteer: Option<PathBuf>,

    /// On a database: open at most the N newest matching articles (default 10000).
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub limit: Option<usize>,

    /// Read settings from this file instead of the platform's config directory (also
    /// NEWSLENS_CONFIG); `newslens config --default` prints one.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// A non-interactive command; without one, the explorer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A count of one or more.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("it must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Options for reading input, accepted by every command.
#[derive(Debug, Clone, Copy, Args)]
pub struct InputOptions {
    /// Read every input in this format instead of detecting it from the extension and content.
    #[arg(long, global = true, value_parser = from_values(), value_name = "FORMAT")]
    pub from: Option<&'static Format>,
    /// What offsets in doccano files count (default: utf16, doccano's own unit).
    #[arg(long, global = true, value_enum, value_name = "UNIT")]
    pub offsets: Option<Offsets>,
    /// How entities of imported files join across articles (newslens JSON ids always do;
    /// default: name, or the config file's `link`).
    #[arg(long, global = true, value_enum, value_name = "HOW")]
    pub link: Option<LinkBy>,
    /// Say no warnings (errors are said still).
    #[arg(long, global = true)]
    pub quiet: bool,
    /// Make an article of every N sentences of a CoNLL file that has no -DOCSTART- lines.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub conll_sentences: Option<u64>,
    /// The config file's `link` and `offsets`, for what the command line leaves out.
    #[arg(skip)]
    pub defaults: (Option<Link>, Option<OffsetUnit>),
}

/// Values of `--link` (the library's [`Link`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LinkBy {
    /// A knowledge-base id links; without one, the same type and name (case and accents aside).
    #[default]
    Name,
    /// Only knowledge-base ids (and brat normalizations) link across articles.
    Kb,
    /// Nothing links across articles.
    None,
}

impl LinkBy {
    /// The library's value.
    pub fn link(self) -> Link {
        match self {
            LinkBy::Name => Link::Name,
            LinkBy::Kb => Link::Kb,
            LinkBy::None => Link::None,
        }
    }
}

impl InputOptions {
    /// The loader's options.
    pub fn load_options(self) -> LoadOptions {
        LoadOptions {
            from: self.from,
            offsets: self.offsets.map(Offsets::unit).or(self.defaults.1),
            link: self.link.map(LinkBy::link).or(self.defaults.0).unwrap_or_default(),
            conll_sentences: self.conll_sentences.map(|n| n as usize),
        }
    }
}

/// `--from`'s values: the names in the formats table, with their summaries as help.
fn from_values() -> impl TypedValueParser<Value = &'static Format> {
    let values = formats::FORMATS.iter().map(|f| PossibleValue::new(f.name).help(f.summary));
    PossibleValuesParser::new(values).try_map(|name| formats::by_name(&name).ok_or("not a format"))
}

/// `--to`'s values: the writers in the formats table.
fn to_values() -> impl TypedValueParser<Value = &'static Writer> {
    let values = formats::writers().map(|w| PossibleValue::new(w.name).help(w.summary));
    PossibleValuesParser::new(values).try_map(|name| formats::writer(&name).ok_or("not a format newslens writes"))
}

/// Units `--offsets` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Offsets {
    /// Unicode scalar values (code points): Python `str`, Rust `char`, brat, spaCy.
    Chars,
    /// UTF-16 code units: JavaScript strings, doccano, older Label Studio exports.
    Utf16,
    /// Extended grapheme clusters: what a person would call characters.
    Graphemes,
}

impl Offsets {
    /// The library's unit.
    pub fn unit(self) -> OffsetUnit {
        match self {
            Offsets::Chars => OffsetUnit::Chars,
            Offsets::Utf16 => OffsetUnit::Utf16,
            Offsets::Graphemes => OffsetUnit::Graphemes,
        }
    }
}

/// Where an output goes and whether it may replace a file.
#[derive(Debug, Clone, Args)]
pub struct OutputOptions {
    /// Write here (a directory for brat) instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
}

impl OutputOptions {
    /// The file to write, or `None` for standard output (`-o -`, `-o /dev/stdout` or no `-o`).
    pub fn file(&self) -> Option<&std::path::Path> {
        self.output.as_deref().filter(|p| *p != std::path::Path::new("-") && *p != std::path::Path::new("/dev/stdout"))
    }
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
        /// Only in the articles that match this query (see `newslens articles --help`).
        #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
        query: Option<String>,
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
        /// Only events of the articles that match this query.
        #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
        query: Option<String>,
        /// Only events involving this entity: an id, or a name or alias.
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only the first N events.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the articles that match a query, newest first.
    ///
    /// A query is terms separated by spaces, all of which must hold: `word` (a word of the
    /// text begins with it; case and accents aside), `"two words"` (in a row), `entity:ID`,
    /// `entity:"Name"` or `@Name`, `type:ORG`, `since:DATE`, `until:DATE` (YYYY, YYYY-MM or
    /// YYYY-MM-DD, inclusive), and `-term` for the opposite.
    Articles {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only the articles that match this query.
        #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
        query: Option<String>,
        /// Only the first N (the newest).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the entities that appear in the same articles as ENTITY, by how many.
    Related {
        /// An entity id, or a name or alias (as `@Name` in a query).
        entity: String,
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only among the articles that match this query.
        #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
        query: Option<String>,
        /// Only the first N.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Count the matching articles per year, month or day of their date, as a bar chart.
    Trend {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only the articles that match this query.
        #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
        query: Option<String>,
        /// The period of each bar.
        #[arg(long, value_enum, default_value_t = By::Month)]
        by: By,
        /// Print JSON instead of a chart.
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
    /// Find a gazetteer's entities in the texts: write newslens JSON Lines with the mentions
    /// found (marked `"origin": "gazetteer"`), where nothing is annotated yet.
    ///
    /// Names and aliases match on word boundaries, case and accents aside; short names in
    /// capitals (US, EU, SMIC) only in capitals; a name with its language's glued genitive
    /// (Danish Huaweis) is a mention. A name several entities share goes to the one with a
    /// knowledge-base id, then the most mentioned in the gazetteer's corpus, and the mention
    /// says which others it could be (`"ambiguous"`).
    Annotate {
        /// Files or directories to annotate (any format newslens reads).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The entities to look for: any corpus newslens reads, or a list: JSON Lines of
        /// {"name", "type", "id"?, "aliases"?} or CSV/TSV with a header (name, type, id,
        /// aliases separated by |; other columns are knowledge-base ids, such as wikidata).
        #[arg(long, value_name = "KB")]
        gazetteer: PathBuf,
        /// Where to write.
        #[command(flatten)]
        output: OutputOptions,
    },
    /// List the places where a name the corpus annotates elsewhere is left unannotated.
    Suggest {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only the first N.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Change annotations in the files they were read from (only what changed is written,
    /// atomically, never over a file changed since it was read).
    Edit {
        /// The change.
        #[command(subcommand)]
        change: EditCommand,
    },
    /// Write the loaded data out in another format.
    Export {
        /// Files or directories to read.
        paths: Vec<PathBuf>,
        /// Only the articles that match this query.
        #[arg(long, short, value_name = "Q", allow_hyphen_values = true)]
        query: Option<String>,
        /// The format to write.
        #[arg(long, value_parser = to_values())]
        to: &'static Writer,
        /// Where to write.
        #[command(flatten)]
        output: OutputOptions,
    },
    /// Say which config file is read and check it; with --default, print a commented one.
    Config {
        /// Print the default config file, every setting commented, to start your own from.
        #[arg(long)]
        default: bool,
    },
    /// Print a shell completion script: `newslens completions bash > ~/.local/share/bash-completion/completions/newslens`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `newslens man > newslens.1`; with --dir, write it and a
    /// page for every command there (`newslens man --dir ~/.local/share/man/man1`).
    Man {
        /// Write newslens.1 and newslens-COMMAND.1 pages into this directory (made if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Work with a shared archive in PostgreSQL.
    Db {
        /// What to do.
        #[command(subcommand)]
        action: DbCommand,
    },
}

/// `newslens edit …`: ENTITY is an id, or a name or alias (as `related` takes it).
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Give an entity another name.
    Rename {
        /// The entity.
        entity: String,
        /// Its new name.
        name: String,
        /// Files or directories to edit.
        #[command(flatten)]
        files: EditFiles,
    },
    /// Give an entity another type.
    Retype {
        /// The entity.
        entity: String,
        /// Its new type.
        kind: String,
        /// Files or directories to edit.
        #[command(flatten)]
        files: EditFiles,
    },
    /// Merge an entity into another: its mentions, relations and events follow, its names
    /// become aliases.
    Merge {
        /// The entity merged away.
        entity: String,
        /// The entity it becomes.
        into: String,
        /// Files or directories to edit.
        #[command(flatten)]
        files: EditFiles,
    },
    /// Set an entity's knowledge-base id (`wikidata:Q160120`, or `Q160120` for Wikidata), or
    /// clear it (`wikidata:` clears that base's, `""` all).
    Kb {
        /// The entity.
        entity: String,
        /// BASE:ID, a Wikidata Q-id, BASE: to clear that one, or "" to clear all.
        kb_id: String,
        /// Files or directories to edit.
        #[command(flatten)]
        files: EditFiles,
    },
    /// Make mentions of an entity where `newslens suggest` finds its names left unannotated.
    AcceptSuggestions {
        /// The entity.
        entity: String,
        /// Files or directories to edit.
        #[command(flatten)]
        files: EditFiles,
    },
}

/// The files an edit changes, and what to do with those whose format cannot hold it.
#[derive(Debug, clap::Args)]
pub struct EditFiles {
    /// Files or directories to edit.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Where a file's format cannot hold the edit, write its articles as newslens JSON Lines
    /// beside it (FILE.edited.jsonl) instead of refusing.
    #[arg(long)]
    pub beside: bool,
    /// Say what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

impl EditCommand {
    /// The files the edit changes.
    pub fn files(&self) -> &EditFiles {
        match self {
            EditCommand::Rename { files, .. }
            | EditCommand::Retype { files, .. }
            | EditCommand::Merge { files, .. }
            | EditCommand::Kb { files, .. }
            | EditCommand::AcceptSuggestions { files, .. } => files,
        }
    }
}

/// `newslens db …`.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Write articles into the database (creating or migrating its schema): new articles are
    /// added, changed ones replaced, unchanged ones skipped; articles with errors are reported
    /// as `check` reports them and not written.
    Push {
        /// Files or directories to push (to --db URL, or $NEWSLENS_DB).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// The periods `trend --by` counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// Years.
    Year,
    /// Months.
    Month,
    /// Days.
    Day,
}
