//! The audit's error type: what went wrong, and where (file and line for data).

use std::fmt;

/// An error reading an archive, a config file or the holiday table, or screening a post.
///
/// Data errors name their line: `archive.jsonl:12: missing "time"`. Reading an archive collects
/// every bad line before failing, so one run lists all of them ([`AuditError::bad_lines`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditError {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// Bad lines of an archive: (line, message), in line order, and how many were left out.
    Lines {
        source: String,
        lines: Vec<(u64, String)>,
        more: usize,
    },
    /// A config or table file (or embedded data) that does not parse or is inconsistent.
    Data { source: String, message: String },
    /// An I/O error.
    Io { source: String, message: String },
}

/// How many bad lines one error keeps (and prints); the rest are counted.
pub(crate) const MAX_LINE_ERRORS: usize = 50;

impl AuditError {
    pub(crate) fn lines(source: &str, mut lines: Vec<(u64, String)>) -> AuditError {
        lines.sort_by_key(|(l, _)| *l);
        let more = lines.len().saturating_sub(MAX_LINE_ERRORS);
        lines.truncate(MAX_LINE_ERRORS);
        AuditError {
            kind: ErrorKind::Lines {
                source: source.to_string(),
                lines,
                more,
            },
        }
    }

    pub(crate) fn data(source: &str, message: impl Into<String>) -> AuditError {
        AuditError {
            kind: ErrorKind::Data {
                source: source.to_string(),
                message: message.into(),
            },
        }
    }

    pub(crate) fn io(source: &str, e: &std::io::Error) -> AuditError {
        AuditError {
            kind: ErrorKind::Io {
                source: source.to_string(),
                message: e.to_string(),
            },
        }
    }

    /// The bad lines of an archive, as (1-based line number, message); empty for other errors.
    pub fn bad_lines(&self) -> &[(u64, String)] {
        match &self.kind {
            ErrorKind::Lines { lines, .. } => lines,
            _ => &[],
        }
    }
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Lines {
                source,
                lines,
                more,
            } => {
                let total = lines.len() + more;
                write!(
                    f,
                    "{source}: {total} bad line{}; nothing was audited",
                    if total == 1 { "" } else { "s" }
                )?;
                for (line, message) in lines {
                    write!(f, "\n  {source}:{line}: {message}")?;
                }
                if *more > 0 {
                    write!(f, "\n  … and {more} more")?;
                }
                Ok(())
            }
            ErrorKind::Data { source, message } => write!(f, "{source}: {message}"),
            ErrorKind::Io { source, message } => write!(f, "cannot read {source}: {message}"),
        }
    }
}

impl std::error::Error for AuditError {}
