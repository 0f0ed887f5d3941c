//! Reading the lines of a data file (lexicons, policies, source lists, registered originals)
//! with a cap on each line's length.
//!
//! A data file is trusted no more than a post: `--lexicons /dev/zero` or a file without line
//! ends must end in an error naming the line, not in memory growing until the process dies. So
//! each line is read up to its cap, and a longer one is an error before it is held whole.

use std::io::{self, BufRead, Read};

/// The longest line of a policy or source list: far above any real line, low enough that a
/// file without line ends cannot eat memory.
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// The longest line of a lexicon: one `@set` line may list up to
/// [`MAX_ENTRIES`](crate::MAX_ENTRIES) words (generated vocabularies do), still far from what a
/// file without line ends would make the reader hold.
pub(crate) const MAX_LEXICON_LINE_BYTES: usize = 32 << 20;

/// Why a line could not be had.
#[derive(Debug)]
pub(crate) enum LineError {
    /// The reader failed.
    Io(io::Error),
    /// The line is longer than the cap (its bytes are not kept).
    TooLong { max: usize },
    /// The line is not UTF-8.
    NotUtf8,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::Io(e) => write!(f, "cannot read: {e}"),
            LineError::TooLong { max } => write!(
                f,
                "line exceeds the limit of {max} bytes (is this a text file with line ends?)"
            ),
            LineError::NotUtf8 => f.write_str("line is not valid UTF-8"),
        }
    }
}

/// The lines of a reader, each without its `\n` or `\r\n`, and without a byte-order mark at the
/// top of the file (an editor's artefact).
pub(crate) struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    line: usize,
    max: usize,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, each at most `max` bytes.
    pub(crate) fn new(reader: R, max: usize) -> Lines<R> {
        Lines {
            reader,
            buf: Vec::new(),
            line: 0,
            max,
        }
    }

    /// The next line and its 1-based number; `None` at the end of the input. After an error
    /// the caller is expected to stop.
    pub(crate) fn next_line(&mut self) -> Option<(usize, Result<&str, LineError>)> {
        self.buf.clear();
        let limit = u64::try_from(self.max)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let n = match (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)
        {
            Ok(n) => n,
            Err(e) => return Some((self.line + 1, Err(LineError::Io(e)))),
        };
        if n == 0 {
            return None;
        }
        self.line += 1;
        if n > self.max && !self.buf.ends_with(b"\n") {
            self.buf = Vec::new();
            return Some((self.line, Err(LineError::TooLong { max: self.max })));
        }
        let mut bytes = &self.buf[..];
        if let Some(b) = bytes.strip_suffix(b"\n") {
            bytes = b.strip_suffix(b"\r").unwrap_or(b);
        }
        if self.line == 1 {
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        Some((
            self.line,
            std::str::from_utf8(bytes).map_err(|_| LineError::NotUtf8),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], max: usize) -> Vec<(usize, Result<String, String>)> {
        let mut lines = Lines::new(input, max);
        let mut out = Vec::new();
        while let Some((no, r)) = lines.next_line() {
            let stop = r.is_err();
            out.push((no, r.map(str::to_string).map_err(|e| e.to_string())));
            if stop {
                break;
            }
        }
        out
    }

    #[test]
    fn strips_line_ends_and_a_leading_bom() {
        let got = all("\u{feff}a\r\nb\n\u{feff}c".as_bytes(), 16);
        let texts: Vec<_> = got.iter().map(|(n, r)| (*n, r.clone().unwrap())).collect();
        assert_eq!(
            texts,
            [(1, "a".into()), (2, "b".into()), (3, "\u{feff}c".into())]
        );
    }

    #[test]
    fn a_line_over_the_cap_is_an_error_with_its_number() {
        let got = all(b"short\n0123456789abcdef0\nnext\n", 16);
        assert_eq!(got[0], (1, Ok("short".to_string())));
        assert_eq!(got[1].0, 2);
        assert!(got[1].1.as_ref().unwrap_err().contains("limit of 16 bytes"));
        assert_eq!(got.len(), 2);
        // Exactly the cap, with or without its line end, is fine.
        assert_eq!(
            all(b"0123456789abcdef\n", 16)[0].1,
            Ok("0123456789abcdef".into())
        );
        assert_eq!(
            all(b"0123456789abcdef", 16)[0].1,
            Ok("0123456789abcdef".into())
        );
    }

    #[test]
    fn an_endless_line_stops_at_the_cap() {
        let zeros = std::io::BufReader::new(std::io::repeat(0));
        let mut lines = Lines::new(zeros, 1 << 16);
        let (no, r) = lines.next_line().unwrap();
        assert_eq!(no, 1);
        assert!(matches!(r, Err(LineError::TooLong { max: 65536 })));
    }

    #[test]
    fn invalid_utf8_is_reported() {
        assert_eq!(
            all(b"ok\n\xff\n", 16)[1].1,
            Err("line is not valid UTF-8".into())
        );
    }
}
