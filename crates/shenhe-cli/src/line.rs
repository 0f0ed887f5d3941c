//! One line of a `shenhe batch` input: read it (with a cap on its length) and turn it into a
//! verdict or an error object (contract §5).
//!
//! This module depends on nothing else in the binary, so the `batch_jsonl` fuzz target
//! (`fuzz/fuzz_targets/batch_jsonl.rs`) includes it with `#[path]` and runs the exact code the
//! command line runs.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use serde::{Deserialize, Serialize};
use shenhe::{Account, Category, Decision, Engine, Input, Verdict};

/// One input line as the contract shapes it; other fields are ignored.
#[derive(Deserialize)]
struct RawPost<'a> {
    #[serde(default, borrow)]
    id: Option<Field<'a>>,
    #[serde(default, borrow)]
    text: Option<Field<'a>>,
    #[serde(default, borrow)]
    account: Option<Field<'a>>,
}

/// A string field, borrowed from the line unless it holds an escape. serde borrows a
/// `Cow<str>` only where it is the field's whole type: inside an `Option` it always copies,
/// which cost two allocations and a copy of the text for every line.
#[derive(Deserialize)]
#[serde(transparent)]
struct Field<'a>(#[serde(borrow)] Cow<'a, str>);

#[derive(Serialize)]
struct ErrorLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    line: u64,
    error: &'a str,
}

/// A verdict with the redacted text after its own fields.
#[derive(Serialize)]
struct WithRedacted<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    redacted: &'a str,
}

/// What one line gave; its output line (a verdict or an error object) is written to a buffer
/// ([`screen_raw`]).
pub(crate) enum LineResult {
    Verdict {
        decision: Decision,
        categories: Vec<Category>,
        text_bytes: usize,
    },
    Error,
}

/// One line as read: its bytes, or only its length when it was longer than the cap.
pub(crate) enum RawLine {
    Line(Vec<u8>),
    TooLong(u64),
}

/// The longest line read for a post whose text may have up to `max_post_bytes` bytes: JSON
/// takes at most six bytes per byte of text (`\u0001`), and 1 MiB is left for the id, the
/// account and any other fields. Longer lines are skipped without being held in memory, and
/// get an error object.
pub(crate) fn line_limit(max_post_bytes: usize) -> usize {
    max_post_bytes.saturating_mul(6).saturating_add(1 << 20)
}

/// The room a line buffer is given before a line is read into it: most posts' lines fit, so a
/// fresh buffer, or a recycled one shorter than the next line, is not grown (a realloc and a
/// copy) as `read_until` extends it.
const LINE_GUESS: usize = 256;

/// Reads one line (up to and including its `\n`, or to the end of the input) into `buf`, which
/// is cleared first (a buffer of an earlier line, so that reading allocates nothing once its
/// buffers are as long as the lines). A line longer than `cap` bytes is read to its end but not
/// kept. `None` at the end of the input.
///
/// # Errors
/// A read error of `reader`.
pub(crate) fn read_line<R: BufRead>(
    reader: &mut R,
    cap: usize,
    mut buf: Vec<u8>,
) -> io::Result<Option<RawLine>> {
    buf.clear();
    buf.reserve(LINE_GUESS);
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    let n = reader.by_ref().take(limit).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if n <= cap || buf.ends_with(b"\n") {
        return Ok(Some(RawLine::Line(buf)));
    }
    drop(buf);
    let rest = reader.skip_until(b'\n')?;
    Ok(Some(RawLine::TooLong((n + rest) as u64)))
}

/// The result of line number `line` (1-based) of the input, its output line (without a line
/// end) appended to `out`. Written where the caller keeps the lines of many posts, rather
/// than as a string of its own: `shenhe batch` screens on the pool's threads and writes on
/// another, and a string a line, freed on the writer's thread, cost glibc's allocator a
/// thirteenth of a comment's instructions.
pub(crate) fn screen_raw(
    engine: &Engine,
    default_account: Account,
    raw: &RawLine,
    line: u64,
    redact: bool,
    cap: usize,
    out: &mut String,
) -> LineResult {
    match raw {
        RawLine::Line(bytes) => screen_line(engine, default_account, bytes, line, redact, out),
        RawLine::TooLong(len) => error_line(
            out,
            None,
            line,
            &format!(
                "line of {len} bytes exceeds the limit of {cap} bytes for one line (a post may \
                 have {} bytes of text); skipped",
                engine.config().get_max_post_bytes()
            ),
        ),
    }
}

fn error_line(
    out: &mut String,
    id: Option<&serde_json::Value>,
    line: u64,
    message: &str,
) -> LineResult {
    out.push_str(
        &serde_json::to_string(&ErrorLine {
            id,
            line,
            error: message,
        })
        .expect("an error line always serializes"),
    );
    LineResult::Error
}

/// The result of one line's bytes (with or without its line end), its output line appended to
/// `out`.
pub(crate) fn screen_line(
    engine: &Engine,
    default_account: Account,
    raw: &[u8],
    line: u64,
    redact: bool,
    out: &mut String,
) -> LineResult {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    // A byte-order mark at the top of a file is an editor's artefact.
    let raw = match line {
        1 => raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw),
        _ => raw,
    };
    let mut error =
        |id: Option<&serde_json::Value>, message: &str| error_line(out, id, line, message);
    // Validated with SIMD: std's check goes a char at a time through Chinese text, and cost
    // as much as reading the line's JSON.
    let Ok(text) = simdutf8::basic::from_utf8(raw) else {
        return error(None, "line is not valid UTF-8");
    };
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return error(None, "empty line");
    }
    // serde would take an array as a struct's fields in order: only objects are posts.
    if !trimmed.starts_with('{') {
        // Plain text is the usual mistake: say what the command wants, and what screens text.
        let plain = !trimmed.starts_with(['[', '"', '-', 't', 'f', 'n'])
            && !trimmed.starts_with(|c: char| c.is_ascii_digit());
        return error(
            None,
            if plain {
                "invalid input: expected a JSON object; this line looks like plain text, and \
                 batch reads JSONL, one {\"id\": \"…\", \"text\": \"…\"} object a line (to screen \
                 one text as it is, use `shenhe check`)"
            } else {
                "invalid input: expected a JSON object"
            },
        );
    }
    let post: RawPost = match serde_json::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            // Echo the id when the line is JSON at all, so the error can be traced.
            let id = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("id").cloned());
            return error(id.as_ref(), &format!("invalid input: {e}"));
        }
    };
    let id = post.id.as_ref().map(|f| &*f.0);
    // The id as the error object echoes it, made only for an error.
    let mut error = |message: &str| {
        let id = id.map(|s| serde_json::Value::String(s.to_owned()));
        error(id.as_ref(), message)
    };
    let Some(Field(text)) = post.text else {
        return error("missing \"text\"");
    };
    let account = match post.account.as_ref() {
        None => default_account,
        Some(a) => match a.0.parse::<Account>() {
            Ok(a) => a,
            Err(e) => return error(&e.to_string()),
        },
    };
    let mut input = Input::new(&text).account(account);
    if let Some(id) = id {
        input = input.id(id);
    }
    // `--redact`: the verdict's fields, then "redacted" (contract §4 allows added fields), from
    // one screening pass.
    let verdict = if redact {
        engine.screen_redacted(input).map(|(v, redacted)| {
            let json = serde_json::to_string(&WithRedacted {
                verdict: &v,
                redacted: &redacted,
            })
            .expect("a verdict always serializes");
            (v, Some(json))
        })
    } else {
        engine.screen(input).map(|v| (v, None))
    };
    match verdict {
        Ok((v, json)) => {
            match json {
                Some(json) => out.push_str(&json),
                None => v.write_json(out),
            }
            LineResult::Verdict {
                decision: v.verdict,
                categories: v.categories,
                text_bytes: text.len(),
            }
        }
        Err(e) => {
            let id = id.map(|s| serde_json::Value::String(s.to_owned()));
            error_line(out, id.as_ref(), line, &e.to_string())
        }
    }
}
