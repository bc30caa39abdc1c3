//! `newslens man`: the manual. The top page is clap's (name, synopsis, options, commands)
//! with the sections a reader looks for after it: the explorer's keys (from the key table),
//! the query language, the formats (from the formats table), files, environment, exit status
//! and examples. `--dir` writes it with a page for every command, which it refers to.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use roff::{Roff, bold, italic, roman};

use crate::cli::Cli;
use crate::commands::status;
use newslens::keymap::Keymap;
use newslens::markup::Role;

/// The top page, in roff.
pub fn page(w: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd);
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    man.render_subcommands_section(w)?;
    sections().to_writer(w)?;
    man.render_version_section(w)
}

/// Writes the top page and one page per command into `dir` (made if missing); returns the
/// files written.
pub fn write_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let top = dir.join("newslens.1");
    let mut file = io::BufWriter::new(std::fs::File::create(&top)?);
    page(&mut file)?;
    file.flush()?;
    written.push(top);
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    fn pages(cmd: &clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            written.push(clap_mangen::Man::new(sub.clone()).generate_to(dir)?);
            pages(sub, dir, written)?;
        }
        Ok(())
    }
    pages(&cmd, dir, &mut written)?;
    Ok(written)
}

/// A tagged paragraph: `term` in bold, then `text`.
fn item(r: &mut Roff, term: &str, text: &str) {
    r.control("TP", []).text([bold(term)]).text([roman(text)]);
}

/// The sections after clap's.
fn sections() -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["EXPLORER"]);
    r.text([roman(
        "With no command, newslens opens the explorer: the article's text with its mentions \
         highlighted by type, the entity list, the timeline and the detail of the selection. \
         Every key can be rebound in the config file.",
    )]);
    for l in Keymap::default().help_lines() {
        match l.as_slice() {
            [] => {}
            [(Role::Title, heading)] => {
                r.control("SS", [heading.as_str()]);
            }
            [(Role::Marker, keys), (_, what)] => item(&mut r, keys.trim(), what),
            other => {
                let text: String = other.iter().map(|(_, s)| s.as_str()).collect();
                r.control("PP", []).text([roman(text.trim())]);
            }
        }
    }
    r.control("SH", ["QUERIES"]);
    r.text([roman(
        "One language for --query (-q) and the explorer's filter (F). Terms are separated by \
         spaces; all must hold.",
    )]);
    for (term, what) in [
        ("word", "a word that begins with it, case and accents aside (kobenhavn finds København)"),
        ("\"two words\"", "those words in a row"),
        ("entity:ID, id:\"any id\"", "mentions the entity with this id (id: takes it quoted, exactly)"),
        ("entity:\"Name\", @Name", "mentions an entity whose name or an alias is this"),
        ("type:ORG", "mentions an entity of this type"),
        ("since:DATE, until:DATE", "dated on or after the start, on or before the end, of DATE's period"),
        ("-term", "the term does not hold"),
    ] {
        item(&mut r, term, what);
    }
    r.control("SH", ["FORMATS"]);
    r.text([roman(
        "A PATH is a file in any of these formats, a directory of them, or - for standard \
         input; --from names the format, --to the one export writes.",
    )]);
    for f in newslens::formats::FORMATS {
        let ext = if f.extensions.is_empty() {
            "by content".to_string()
        } else {
            f.extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" ")
        };
        let writes = f.writer.map_or(String::new(), |w| format!(" Written by --to {}.", w.name));
        item(&mut r, f.name, &format!("{} ({ext}).{writes}", f.summary));
    }
    r.control("SH", ["FILES"]);
    item(
        &mut r,
        "$XDG_CONFIG_HOME/newslens/config.toml",
        "The config file (~/.config/newslens/config.toml when XDG_CONFIG_HOME is not set; the \
         platform's config directory on macOS and Windows; newslens config says which): key \
         bindings, colours, the first sort order, linking. newslens config --default prints one \
         with every setting commented; a mistake in it stops newslens with its line and column.",
    );
    item(
        &mut r,
        "$XDG_CACHE_HOME/newslens/fetched",
        "Feeds and pages fetched from http(s) addresses, kept so a second run reads them offline \
         (~/.cache/newslens/fetched when XDG_CACHE_HOME is not set).",
    );
    item(
        &mut r,
        "$XDG_CACHE_HOME/newslens/names",
        "A copy of each shared archive's folded names, which search --db scores instead of asking \
         the server to read them all; read again from the archive whenever its names have changed.",
    );
    r.control("SH", ["ENVIRONMENT"]);
    item(&mut r, newslens::config::ENV, "The config file to read instead of the default one.");
    item(&mut r, "NEWSLENS_DB", "The database every command that takes --db asks when --db is not given.");
    item(&mut r, "NO_COLOR", "When set and not empty, the explorer uses no colour (bold, underline and reverse only).");
    r.control("SH", ["EXIT STATUS"]);
    for (code, what) in status::TABLE {
        item(&mut r, &code.to_string(), what);
    }
    item(&mut r, "128 + N", "Stopped by signal N (Ctrl-C: 130).");
    r.control("SH", ["EXAMPLES"]);
    for (command, what) in [
        ("newslens", "Open the explorer on the built-in example."),
        ("newslens news/ timeline.json", "Open the explorer on a directory and a timeline."),
        ("newslens check corpus.jsonl", "Report every problem, with its file, line and column."),
        ("newslens entities corpus.jsonl --type ORG --limit 10", "The ten most mentioned organisations."),
        ("newslens related nvidia -q 'since:2023'", "Who appears beside NVIDIA since 2023."),
        ("newslens export brat/ --to jsonl -o corpus.jsonl", "Convert a brat directory to newslens JSON Lines."),
        ("newslens db push corpus.jsonl --db postgresql:///news", "Push a corpus into a shared archive."),
    ] {
        r.control("TP", []).text([bold(command)]).text([roman(what)]);
    }
    r.control("SH", ["SEE ALSO"]);
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut refs: Vec<String> = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        refs.push(format!("newslens-{}(1)", sub.get_name()));
        for subsub in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
            refs.push(format!("newslens-{}-{}(1)", sub.get_name(), subsub.get_name()));
        }
    }
    r.text([roman(refs.join(", ")), roman(" (written by "), italic("newslens man --dir DIR"), roman(")")]);
    r
}
