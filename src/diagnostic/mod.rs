//! Problems found in input files, reported as `PATH:LINE:COL: error: WHAT`, and how to find
//! their line and column. A leaf module: the readers (`import`) and the loader (`load`) both
//! report through it, and it knows neither.

pub mod locate;

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data can still be shown.
    Warning,
    /// The article (or file) cannot be used until it is fixed.
    Error,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub path: String,
    /// 1-based line and column (in chars), when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, quoting the bad value and saying what is expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.position {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {severity}: {}", self.path, self.message),
            None => write!(f, "{}: {severity}: {}", self.path, self.message),
        }
    }
}

impl Diagnostic {
    /// An error in `path` at `position`.
    pub fn error(path: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { path: path.into(), position, severity: Severity::Error, message: message.into() }
    }

    /// The error for invalid UTF-8 at byte `valid` of `bytes`, which start at line
    /// `line_offset` (0-based) of the file.
    pub fn not_utf8(path: &str, bytes: &[u8], valid: usize, line_offset: usize) -> Diagnostic {
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, col) = locate::line_col(prefix, valid);
        let message = format!(
            "file is not valid UTF-8 (byte 0x{:02X} at byte offset {valid}{}); save it as UTF-8",
            bytes[valid],
            if line_offset > 0 { " of the line" } else { "" }
        );
        Diagnostic::error(path, Some((line + line_offset, col)), message)
    }
}

/// Counts of errors and warnings in a list of diagnostics.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    (errors, diagnostics.len() - errors)
}

/// Collects problems in one input file, with positions in that file.
#[derive(Debug)]
pub struct Report {
    /// The file as the user named it.
    pub path: String,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report for `path`.
    pub fn new(path: &str) -> Report {
        Report { path: path.to_string(), diagnostics: Vec::new() }
    }

    /// An error at a line and column (1-based).
    pub fn error(&mut self, line: usize, col: usize, message: impl Into<String>) {
        self.push(Severity::Error, Some((line, col)), message.into());
    }

    /// A warning at a line and column (1-based).
    pub fn warning(&mut self, line: usize, col: usize, message: impl Into<String>) {
        self.push(Severity::Warning, Some((line, col)), message.into());
    }

    /// A problem with the whole file.
    pub fn file_error(&mut self, message: impl Into<String>) {
        self.push(Severity::Error, None, message.into());
    }

    /// A problem of any severity, anywhere.
    pub fn push(&mut self, severity: Severity, position: Option<(usize, usize)>, message: String) {
        self.diagnostics.push(Diagnostic { path: self.path.clone(), position, severity, message });
    }

    /// Number of errors so far.
    pub fn errors(&self) -> usize {
        counts(&self.diagnostics).0
    }
}

/// Quotes a string for a message, shortened to 60 chars, with control characters escaped.
pub fn quote(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().nth(60).is_some() {
        out.push('…');
    }
    format!("{out:?}")
}

/// An I/O error said briefly, for messages.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Where a JSON error is, in chars (serde_json counts columns in bytes).
pub fn syntax_position(src: &str, e: &serde_json::Error) -> (usize, usize) {
    syntax_position_bytes(src.as_bytes(), e)
}

/// [`syntax_position`] for bytes that parsed as UTF-8 up to the error.
pub fn syntax_position_bytes(src: &[u8], e: &serde_json::Error) -> (usize, usize) {
    let line = e.line().max(1);
    let text = src.split(|&b| b == b'\n').nth(line - 1).unwrap_or(&[]);
    let mut byte = e.column().saturating_sub(1).min(text.len());
    while byte < text.len() && byte > 0 && text[byte] & 0xC0 == 0x80 {
        byte -= 1; // back to the start of the char the column points into
    }
    (line, locate::char_starts(&text[..byte]) + 1)
}

/// A JSON error, said for people.
pub fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full);
    if e.classify() == serde_json::error::Category::Data {
        // Only a repeated key gets here: every other field is read leniently.
        return format!("{}; each key may appear once in an object", what.replace('`', "\""));
    }
    if what.starts_with("trailing characters") {
        return format!("invalid JSON: {what} after the article; a file of one article per line must be named .jsonl");
    }
    format!("invalid JSON: {what}; check for a missing comma, quote or bracket")
}
