//! One line of a `shenhe batch` input: read it (with a cap on its length) and turn it into a
//! verdict or an error object (contract §5).
//!
//! This module depends on nothing else in the binary, so the `batch_jsonl` fuzz target
//! (`fuzz/fuzz_targets/batch_jsonl.rs`) includes it with `#[path]` and runs the exact code the
//! command line runs.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::ops::Range;

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

/// Reads a line that is one JSON object whose values are all strings without an escape, and
/// that holds no control char (a tab included): the shape of nearly every line (`{"id": "w1",
/// "text": "…"}`), read here without serde: serde's reading took about 1,150 of a Weibo
/// comment's 11,160 instructions through `shenhe batch`, this one about 640 (callgrind).
/// Anything else (an escape, a value that is no string, a field given twice, broken syntax,
/// text after the object) gives `None`, and the line goes to serde_json, which reads it or says
/// what is wrong with it: what this reads, serde reads alike (a test compares the two).
fn plain_post(line: &str) -> Option<RawPost<'_>> {
    let bytes = line.as_bytes();
    // A control char is whitespace between tokens, or an error inside a string: serde tells.
    if has_control(bytes) {
        return None;
    }
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    let mut post = RawPost {
        id: None,
        text: None,
        account: None,
    };
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            let (key, next) = plain_string(line, at)?;
            at = skip_space(bytes, next);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            let (value, next) = plain_string(line, skip_space(bytes, at + 1))?;
            let slot = match key {
                "id" => &mut post.id,
                "text" => &mut post.text,
                "account" => &mut post.account,
                // Other fields are ignored, as serde ignores them.
                _ => &mut None,
            };
            // serde refuses a field given twice, and says so.
            if slot.replace(Field(Cow::Borrowed(value))).is_some() {
                return None;
            }
            at = skip_space(bytes, next);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_space(bytes, at) == bytes.len()).then_some(post)
}

/// Whether `bytes` holds a byte below 0x20, eight bytes at a time.
fn has_control(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A byte below 0x20 sets its high bit in `x - 0x2020…` and has it clear in `x`. A
        // borrow can flag a byte wrongly only above one truly below 0x20: exact as a yes or no.
        if x.wrapping_sub(0x2020_2020_2020_2020) & !x & 0x8080_8080_8080_8080 != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b < 0x20)
}

/// Past the spaces at byte `at` of `bytes` (the line holds no other JSON whitespace:
/// [`has_control`]).
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// The JSON string that opens at byte `at` of `line` (with its `"`), and the byte past its
/// closing `"`: when it holds no escape, so that it is its bytes (the line holds no control
/// char: [`has_control`]).
fn plain_string(line: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = line.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let end = start + memchr::memchr2(b'"', b'\\', &bytes[start..])?;
    if bytes[end] != b'"' {
        return None;
    }
    // Both ends are ASCII quotes: char boundaries.
    Some((&line[start..end], end + 1))
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

/// One line as read: where its bytes are in its chunk's buffer ([`Chunk`]), or only its
/// length when it was longer than the cap.
pub(crate) enum RawLine {
    Line(Range<usize>),
    TooLong(u64),
}

impl RawLine {
    /// The bytes the line had in the input, line end included.
    pub(crate) fn input_bytes(&self) -> u64 {
        match self {
            RawLine::Line(range) => range.len() as u64,
            RawLine::TooLong(len) => *len,
        }
    }
}

/// Lines as read, their bytes one after another in one buffer: one allocation a chunk rather
/// than a line, and one check of UTF-8 for all of them ([`Chunk::text`]).
#[derive(Default)]
pub(crate) struct Chunk {
    pub(crate) bytes: Vec<u8>,
    pub(crate) lines: Vec<RawLine>,
}

impl Chunk {
    /// The buffer as text, when all of it is UTF-8 (a line then is text from the `\n` before
    /// it to its own): checked with SIMD over the whole chunk. Checked a line at a time,
    /// simdutf8 handed a line under 64 bytes (most comments) to the standard library's check,
    /// a char at a time: about 200 of a comment line's 10,200 instructions end to end.
    pub(crate) fn text(&self) -> Option<&str> {
        simdutf8::basic::from_utf8(&self.bytes).ok()
    }

    /// Line `raw` of the chunk, as text when the chunk's `text` is known.
    pub(crate) fn read<'a>(&'a self, text: Option<&'a str>, raw: &RawLine) -> ChunkLine<'a> {
        match (raw, text) {
            (RawLine::Line(range), Some(text)) => ChunkLine::Text(&text[range.clone()]),
            (RawLine::Line(range), None) => ChunkLine::Bytes(&self.bytes[range.clone()]),
            (RawLine::TooLong(len), _) => ChunkLine::TooLong(*len),
        }
    }
}

/// One line of a chunk as screening takes it ([`Chunk::read`]): text, bytes not yet known to
/// be UTF-8, or only the length of a line too long to be kept.
pub(crate) enum ChunkLine<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
    TooLong(u64),
}

/// The longest line read for a post whose text may have up to `max_post_bytes` bytes: JSON
/// takes at most six bytes per byte of text (`\u0001`), and 1 MiB is left for the id, the
/// account and any other fields. Longer lines are skipped without being held in memory, and
/// get an error object.
pub(crate) fn line_limit(max_post_bytes: usize) -> usize {
    max_post_bytes.saturating_mul(6).saturating_add(1 << 20)
}

/// Reads one line (up to and including its `\n`, or to the end of the input) onto the end of
/// `buf`, the buffer of the lines of its chunk. A line longer than `cap` bytes is read to its
/// end but not kept (`buf` is as it was). `None` at the end of the input.
///
/// # Errors
/// A read error of `reader`.
pub(crate) fn read_line<R: BufRead>(
    reader: &mut R,
    cap: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Option<RawLine>> {
    let start = buf.len();
    let n = read_until_newline(reader, cap.saturating_add(1), buf)?;
    if n == 0 {
        return Ok(None);
    }
    if n <= cap || buf.ends_with(b"\n") {
        return Ok(Some(RawLine::Line(start..buf.len())));
    }
    buf.truncate(start);
    let rest = reader.skip_until(b'\n')?;
    Ok(Some(RawLine::TooLong((n + rest) as u64)))
}

/// Appends to `buf` the bytes of `reader` up to and including the next `\n`, or to the end of
/// the input, but at most `limit` bytes; the number appended. What `read_until` does on a
/// `take(limit)` of the reader, with the line end found by the memchr crate's vector search
/// rather than the standard library's (a word at a time): reading a Weibo comment's line took
/// 662 instructions that way, 482 this way (callgrind).
fn read_until_newline<R: BufRead>(
    reader: &mut R,
    limit: usize,
    buf: &mut Vec<u8>,
) -> io::Result<usize> {
    let mut n = 0;
    while n < limit {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let window = &available[..available.len().min(limit - n)];
        let (used, end) = match memchr::memchr(b'\n', window) {
            Some(i) => (i + 1, true),
            None => (window.len(), false),
        };
        buf.extend_from_slice(&window[..used]);
        reader.consume(used);
        n += used;
        if end {
            break;
        }
    }
    Ok(n)
}

/// The result of line number `line` (1-based) of the input, its output line (without a line
/// end) appended to `out`. Written where the caller keeps the lines of many posts, rather
/// than as a string of its own: `shenhe batch` screens on the pool's threads and writes on
/// another, and a string a line, freed on the writer's thread, cost glibc's allocator a
/// thirteenth of a comment's instructions.
pub(crate) fn screen_raw(
    engine: &Engine,
    default_account: Account,
    raw: ChunkLine<'_>,
    line: u64,
    redact: bool,
    cap: usize,
    out: &mut String,
) -> LineResult {
    match raw {
        ChunkLine::Text(text) => screen_line(engine, default_account, Ok(text), line, redact, out),
        ChunkLine::Bytes(bytes) => {
            screen_line(engine, default_account, Err(bytes), line, redact, out)
        }
        ChunkLine::TooLong(len) => error_line(
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

/// The result of one line (with or without its line end), its output line appended to `out`:
/// the line as text, or its bytes, not yet known to be UTF-8.
pub(crate) fn screen_line(
    engine: &Engine,
    default_account: Account,
    raw: Result<&str, &[u8]>,
    line: u64,
    redact: bool,
    out: &mut String,
) -> LineResult {
    let mut error =
        |id: Option<&serde_json::Value>, message: &str| error_line(out, id, line, message);
    // A line of a chunk that is not all UTF-8 ([`Chunk::text`]) is checked here, alone, so
    // that only the bad line gets the error; with SIMD, as the chunk is, since std's check
    // goes a char at a time through Chinese text.
    let Ok(text) = raw.or_else(simdutf8::basic::from_utf8) else {
        return error(None, "line is not valid UTF-8");
    };
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    // A byte-order mark at the top of a file is an editor's artefact.
    let text = match line {
        1 => text.strip_prefix('\u{feff}').unwrap_or(text),
        _ => text,
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
    let parsed = match plain_post(text) {
        Some(post) => Ok(post),
        None => serde_json::from_str(text),
    };
    let post: RawPost = match parsed {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Read;

    type Fields = [Option<String>; 3];

    fn fields(post: &RawPost<'_>) -> Fields {
        [&post.id, &post.text, &post.account].map(|f| f.as_ref().map(|f| f.0.to_string()))
    }

    /// What serde reads of `line`, if it reads it.
    fn by_serde(line: &str) -> Option<Fields> {
        serde_json::from_str::<RawPost>(line)
            .ok()
            .map(|p| fields(&p))
    }

    #[test]
    fn a_plain_line_is_read_without_serde_as_serde_reads_it() {
        for (line, expected) in [
            (
                r#"{"id": "w1", "text": "现实残酷"}"#,
                [Some("w1"), Some("现实残酷"), None],
            ),
            (
                r#"{"text":"a","account":"staff","id":"7"}"#,
                [Some("7"), Some("a"), Some("staff")],
            ),
            (
                "  { \"other\" : \"x:,}\" , \"text\" :\"\"  }  ",
                [None, Some(""), None],
            ),
            ("{}", [None, None, None]),
            (
                "{\"\": \"\", \"Text\": \"t\", \"text\": \"{\u{7f}}\"}",
                [None, Some("{\u{7f}}"), None],
            ),
        ] {
            let fast = plain_post(line).unwrap_or_else(|| panic!("not read: {line}"));
            let expected = expected.map(|f| f.map(String::from));
            assert_eq!(fields(&fast), expected, "{line}");
            assert_eq!(by_serde(line), Some(expected), "{line}");
        }
    }

    #[test]
    fn lines_are_read_one_after_another_into_their_chunk_and_one_too_long_is_left_out() {
        let input = "a\n{\"text\": \"长长\"}\r\n0123456789ab\n\nlast";
        // (A reader buffer smaller than a line: lines are put together across reads.)
        let mut reader = io::BufReader::with_capacity(4, input.as_bytes());
        let mut chunk = b"earlier\n".to_vec();
        let mut lines = Vec::new();
        while let Some(raw) = read_line(&mut reader, 12, &mut chunk).unwrap() {
            lines.push(raw);
        }
        let read: Vec<Result<&str, u64>> = lines
            .iter()
            .map(|raw| match raw {
                RawLine::Line(r) => Ok(std::str::from_utf8(&chunk[r.clone()]).unwrap()),
                RawLine::TooLong(n) => Err(*n),
            })
            .collect();
        assert_eq!(
            read,
            [
                Ok("a\n"),
                Err(20),
                // (The cap is on what a line holds, its line end aside.)
                Ok("0123456789ab\n"),
                Ok("\n"),
                Ok("last")
            ]
        );
        assert_eq!(chunk, "earlier\na\n0123456789ab\n\nlast".as_bytes());
        assert_eq!(lines.iter().map(RawLine::input_bytes).sum::<u64>(), 40);
        // A chunk is text when all of it is UTF-8; one bad byte leaves its lines to be checked
        // one by one.
        let mut chunk = Chunk {
            bytes: chunk,
            lines,
        };
        assert!(chunk.text().is_some());
        chunk.bytes.push(0xff);
        assert!(chunk.text().is_none());
    }

    #[test]
    fn any_other_line_is_left_to_serde() {
        for line in [
            r#"{"text": "a\"b"}"#,
            r#"{"te\u0078t": "a"}"#,
            r#"{"text": "a", "text": "b"}"#,
            r#"{"id": 1, "text": "a"}"#,
            r#"{"text": null}"#,
            r#"{"text": "a", "n": {"x": "y"}}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "a"}}"#,
            r#"{"text": "a",}"#,
            r#"{"text" "a"}"#,
            r#"{"text": "a""#,
            r#"{"text": "a"#,
            r#"["text", "a"]"#,
            "{\"text\": \"a\u{1}b\"}",
            "{\"text\": \"a\tb\"}",
            "{\"text\": \"a\u{1f}b\"}",
            // (Whitespace other than spaces is for serde too.)
            "{\"text\":\t\"ab\"}",
            "{\"text\": \"ab\"}\r\n",
            "",
        ] {
            assert!(plain_post(line).is_none(), "read: {line}");
        }
        // (Each of them is a line serde reads differently or refuses: the duplicate field, say.)
        assert!(by_serde(r#"{"text": "a", "text": "b"}"#).is_none());
        assert_eq!(
            by_serde(r#"{"te\u0078t": "a"}"#).map(|f| f[1].clone()),
            Some(Some("a".to_string()))
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Lines read as `read_until` on a `take` of the reader reads them, whatever the size
        /// of the reader's buffer, where lines end, and the limit.
        #[test]
        fn a_line_is_read_as_the_standard_library_reads_it(
            input in proptest::collection::vec(
                proptest::sample::select(&[b'a', b'\n', 0xe7, b'{'][..]),
                0..60,
            ),
            capacity in 1usize..9,
            limit in 1usize..12,
        ) {
            let mut ours = io::BufReader::with_capacity(capacity, &input[..]);
            let mut theirs = &input[..];
            loop {
                let mut a = b"old".to_vec();
                let mut b = b"old".to_vec();
                let n = read_until_newline(&mut ours, limit, &mut a).unwrap();
                let m = theirs.by_ref().take(limit as u64).read_until(b'\n', &mut b).unwrap();
                prop_assert_eq!(n, m);
                prop_assert_eq!(&a, &b);
                if n == 0 {
                    break;
                }
            }
        }
    }

    /// Pieces of a JSON line, plain ones and ones that are not: escapes, quotes, control
    /// chars, other values, broken syntax.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(
            &[
                "", "a", "现实", " ", "{", "}", ":", ",", "[", "\"", "\\", "\\n", "\\u0078",
                "\u{1}", "\t", "\u{7f}", "null", "1", "id", "text", "account",
            ][..],
        )
    }

    fn plain_piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(&["", "a", "现实", " ", "{", "}", ":", ",", "[", "\u{7f}"][..])
    }

    fn space() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(&["", " ", "  "][..])
    }

    #[test]
    fn control_chars_are_found_wherever_they_stand() {
        for len in 0..40 {
            let mut line = vec![b'a'; len];
            assert!(!has_control(&line));
            for at in 0..len {
                for b in [0u8, b'\t', 0x1f] {
                    line[at] = b;
                    assert!(has_control(&line), "{len} {at} {b}");
                }
                // Bytes at and past 0x20, UTF-8's among them, are none.
                for b in [b' ', 0x7f, 0x80, 0xe7, 0xff] {
                    line[at] = b;
                    assert!(!has_control(&line), "{len} {at} {b}");
                }
            }
        }
    }

    /// A line of one JSON object of plain strings, with spaces around its tokens; each of
    /// `id`, `text` and `account` at most once.
    fn plain_line() -> impl Strategy<Value = String> {
        let field = (
            proptest::sample::select(&["id", "text", "account", "other", "", "Text"][..]),
            proptest::collection::vec(plain_piece(), 0..6),
            space(),
            space(),
        );
        (proptest::collection::vec(field, 0..6), space()).prop_map(|(fields, outside)| {
            let mut seen = Vec::new();
            let mut line = format!("{outside}{{");
            for (key, value, s1, s2) in &fields {
                if seen.contains(key) && ["id", "text", "account"].contains(key) {
                    continue;
                }
                if !seen.is_empty() {
                    line.push(',');
                }
                seen.push(*key);
                line.push_str(&format!("{s1}\"{key}\"{s2}:{s1}\"{}\"{s2}", value.concat()));
            }
            line.push_str(&format!("}}{outside}"));
            line
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn a_line_of_plain_strings_takes_the_fast_path(line in plain_line()) {
            let fast = plain_post(&line);
            prop_assert!(fast.is_some(), "{}", line);
            prop_assert_eq!(fast.map(|p| fields(&p)), by_serde(&line), "{}", line);
        }

        /// The same lines with pieces put in anywhere: some still plain, most not.
        #[test]
        fn what_the_fast_path_reads_serde_reads_alike(
            line in plain_line(),
            insertions in proptest::collection::vec((any::<proptest::sample::Index>(), piece()), 1..4),
        ) {
            let mut line = line;
            for (at, piece) in insertions {
                let at = at.index(line.len() + 1);
                if line.is_char_boundary(at) {
                    line.insert_str(at, piece);
                }
            }
            if let Some(fast) = plain_post(&line) {
                prop_assert_eq!(Some(fields(&fast)), by_serde(&line), "{}", line);
            }
        }
    }
}
