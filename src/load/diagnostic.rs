//! A problem found while loading, reported as `PATH:LINE:COL: error: WHAT`.

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

/// Shows a JSON value briefly for an error message: `"12"`, `-3`, `an object`.
pub fn describe(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
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
