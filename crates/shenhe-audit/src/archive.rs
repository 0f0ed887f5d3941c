//! Reading an archive: JSONL lines `{"id", "text", "time", "account", "kind", "account_type"}`.
//!
//! Every line must be a post: a line that is not UTF-8 or not a JSON object, has no `text`,
//! `time` or `account`, a time that does not parse, a year the holiday table does not know, an
//! unknown `account_type`, or a time earlier than the account's previous post is an error that
//! names the line. All bad lines are collected and reported together, and nothing is audited:
//! an audit over an archive with holes would report gaps that are not there.
//!
//! **Order.** Each account's posts must be in time order, oldest first (posts of different
//! accounts may interleave). A post earlier than its account's previous one is an error naming
//! both lines, rather than sorted silently: an archive out of order is usually a broken export
//! (pages concatenated in the wrong order) that the archive team should see. Equal times are
//! fine.

use std::collections::HashMap;
use std::io::BufRead;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use serde::Deserialize;
use shenhe_core::Account;

use crate::error::AuditError;
use crate::holidays::HolidayTable;

/// One post of an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Post {
    /// Its line in the archive (1-based).
    pub line: u64,
    /// Its id (empty when the line has none).
    pub id: String,
    /// The text.
    pub text: String,
    /// When it was published, in China Standard Time (UTC+8).
    pub time: DateTime,
    /// The publishing account's name.
    pub account: String,
    /// `text`, `video`, `image` … (`text` when absent).
    pub kind: String,
    /// The account type to screen for, when the line gives one.
    pub account_type: Option<Account>,
}

impl Post {
    /// The day it was published (China Standard Time).
    pub fn date(&self) -> Date {
        self.time.date()
    }
}

/// The posts of an archive, in file order.
#[derive(Clone, Debug, Default)]
pub struct Archive {
    /// The posts.
    pub posts: Vec<Post>,
}

#[derive(Deserialize)]
struct RawPost {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    account_type: Option<String>,
}

/// The longest line read: a post over the engine's default limit (4 MiB of text) with room for
/// JSON escapes and other fields. Longer lines are skipped unread (memory stays bounded) and
/// reported as errors.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// China Standard Time: the calendar the regulations count days in (no daylight saving).
const CST: Offset = jiff::tz::offset(8);

/// Parses a post time: RFC 3339 with an offset (`2024-03-01T09:30:00+08:00`, `…Z`), converted
/// to China Standard Time, or a local China time `YYYY-MM-DD HH:MM[:SS]` (a `T` may stand for
/// the space).
///
/// # Example
/// ```
/// use shenhe_audit::parse_time;
/// assert_eq!(parse_time("2024-03-01 09:30").unwrap().to_string(), "2024-03-01T09:30:00");
/// assert_eq!(parse_time("2024-03-01T01:30:00Z").unwrap().to_string(), "2024-03-01T09:30:00");
/// assert!(parse_time("2024/03/01").is_err());
/// ```
///
/// # Errors
/// Any other shape, or a date or time that does not exist.
pub fn parse_time(s: &str) -> Result<DateTime, String> {
    let s = s.trim();
    let shape = "expected RFC 3339 (2024-03-01T09:30:00+08:00) or YYYY-MM-DD HH:MM[:SS]";
    let b = s.as_bytes();
    let dated = b.len() >= 16
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':';
    if !dated {
        return Err(format!("unparseable time {s:?}: {shape}"));
    }
    let has_offset = s.ends_with('Z') || s.ends_with('z') || {
        let tail = &s[16..];
        tail.contains('+') || tail.contains('-')
    };
    if has_offset {
        let ts: Timestamp = s
            .parse()
            .map_err(|e| format!("unparseable time {s:?}: {e}"))?;
        return Ok(CST.to_datetime(ts));
    }
    let normalized = s.replacen('T', " ", 1);
    let format = if normalized.len() == 16 {
        "%Y-%m-%d %H:%M"
    } else {
        "%Y-%m-%d %H:%M:%S"
    };
    DateTime::strptime(format, &normalized)
        .map_err(|e| format!("unparseable time {s:?}: {shape} ({e})"))
}

impl Archive {
    /// Reads an archive. `source` names it in errors; `holidays` must know the year of every
    /// post.
    ///
    /// # Errors
    /// Every bad line (up to 50 listed, the rest counted), or a read error.
    pub fn read<R: BufRead>(
        source: &str,
        reader: R,
        holidays: &HolidayTable,
    ) -> Result<Archive, AuditError> {
        Archive::read_capped(source, reader, holidays, MAX_LINE_BYTES)
    }

    pub(crate) fn read_capped<R: BufRead>(
        source: &str,
        mut reader: R,
        holidays: &HolidayTable,
        cap: usize,
    ) -> Result<Archive, AuditError> {
        let mut posts = Vec::new();
        let mut bad: Vec<(u64, String)> = Vec::new();
        // Per account: the line and time of its latest post so far.
        let mut last: HashMap<String, (u64, DateTime)> = HashMap::new();
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
            let n = std::io::Read::take(&mut reader, limit)
                .read_until(b'\n', &mut buf)
                .map_err(|e| AuditError::io(source, &e))?;
            if n == 0 {
                break;
            }
            line += 1;
            if n > cap && !buf.ends_with(b"\n") {
                let rest = reader
                    .skip_until(b'\n')
                    .map_err(|e| AuditError::io(source, &e))?;
                bad.push((
                    line,
                    format!(
                        "line of {} bytes exceeds the limit of {cap} bytes; skipped unread",
                        n + rest
                    ),
                ));
                continue;
            }
            match parse_line(&buf, line, holidays) {
                Ok(post) => {
                    if let Some((prev_line, prev)) = last.get(&post.account)
                        && post.time < *prev
                    {
                        bad.push((
                            line,
                            format!(
                                "post out of order: {} is earlier than {} (line {prev_line}) of \
                                 account {:?}; posts of an account must be oldest first",
                                post.time, prev, post.account
                            ),
                        ));
                    } else {
                        last.insert(post.account.clone(), (line, post.time));
                    }
                    posts.push(post);
                }
                Err(m) => bad.push((line, m)),
            }
        }
        if !bad.is_empty() {
            return Err(AuditError::lines(source, bad));
        }
        if posts.is_empty() {
            return Err(AuditError::data(source, "the archive holds no posts"));
        }
        Ok(Archive { posts })
    }
}

fn parse_line(raw: &[u8], line: u64, holidays: &HolidayTable) -> Result<Post, String> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let raw = if line == 1 {
        raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
    } else {
        raw
    };
    let text = std::str::from_utf8(raw).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at column {})",
            e.valid_up_to() + 1
        )
    })?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty line".into());
    }
    if !trimmed.starts_with('{') {
        return Err("not a JSON object".into());
    }
    let p: RawPost = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let id = match p.id {
        None => String::new(),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err("\"id\" must be a string or a number".into()),
    };
    let Some(body) = p.text else {
        return Err("missing \"text\"".into());
    };
    let Some(time) = p.time else {
        return Err("missing \"time\"".into());
    };
    let time = parse_time(&time)?;
    let account = match p.account {
        Some(a) if !a.trim().is_empty() => a,
        _ => return Err("missing \"account\" (the publishing account's name)".into()),
    };
    let account_type = match p.account_type {
        None => None,
        Some(t) => Some(t.parse::<Account>().map_err(|e| e.to_string())?),
    };
    if !holidays.knows(time.date().year()) {
        return Err(holidays.unknown_year(time.date().year()));
    }
    Ok(Post {
        line,
        id,
        text: body,
        time,
        account,
        kind: p
            .kind
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "text".into()),
        account_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<Archive, AuditError> {
        Archive::read("a.jsonl", s.as_bytes(), &HolidayTable::shipped())
    }

    #[test]
    fn reads_posts_in_china_time() {
        let a = read(concat!(
            r#"{"id":"1","text":"甲","time":"2024-03-01T23:30:00Z","account":"县政府"}"#,
            "\n",
            r#"{"id":2,"text":"乙","time":"2024-03-02 09:00","account":"县政府","kind":"video","account_type":"staff"}"#,
        ))
        .unwrap();
        assert_eq!(a.posts.len(), 2);
        // 23:30 UTC on 1 March is 07:30 on 2 March in China.
        assert_eq!(a.posts[0].date().to_string(), "2024-03-02");
        assert_eq!(a.posts[1].id, "2");
        assert_eq!(a.posts[1].kind, "video");
        assert_eq!(a.posts[1].account_type, Some(Account::Staff));
        assert_eq!(a.posts[0].kind, "text");
    }

    #[test]
    fn every_bad_line_is_named() {
        let e = read(concat!(
            r#"{"id":"1","text":"甲","time":"2024-03-02 09:00","account":"A"}"#,
            "\n",
            r#"{"id":"2","text":"乙","account":"A"}"#,
            "\n",
            r#"{"id":"3","text":"丙","time":"2024/03/02","account":"A"}"#,
            "\n",
            r#"{"id":"4","text":"丁","time":"2031-03-02 09:00","account":"A"}"#,
            "\n",
            r#"{"id":"5","text":"戊","time":"2024-03-01 09:00","account":"A"}"#,
            "\n",
            "{\"id\":\"6\",\"text\":\"x\"\n",
            "\n",
            r#"{"id":"8","text":"己","time":"2024-03-01 08:00","account":"B"}"#,
            "\n",
            r#"{"id":"9","text":"庚","time":"2024-02-30 08:00","account":"B"}"#,
            "\n",
            r#"{"id":"10","text":"辛","time":"2024-03-05 08:00"}"#,
            "\n",
        ))
        .unwrap_err();
        let lines: Vec<u64> = e.bad_lines().iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 9, 10], "{e}");
        let msg = e.to_string();
        assert!(msg.contains("a.jsonl:2: missing \"time\""), "{msg}");
        assert!(
            msg.contains("a.jsonl:3: unparseable time \"2024/03/02\""),
            "{msg}"
        );
        assert!(
            msg.contains("a.jsonl:4: the holiday table has no arrangements for 2031"),
            "{msg}"
        );
        assert!(
            msg.contains("a.jsonl:5: post out of order") && msg.contains("(line 1)"),
            "{msg}"
        );
        assert!(msg.contains("a.jsonl:6: invalid JSON"), "{msg}");
        assert!(msg.contains("a.jsonl:7: empty line"), "{msg}");
        assert!(msg.contains("a.jsonl:9: unparseable time"), "{msg}");
        assert!(msg.contains("a.jsonl:10: missing \"account\""), "{msg}");
        assert!(msg.starts_with("a.jsonl: 8 bad lines"), "{msg}");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut bytes =
            br#"{"id":"1","text":"ok","time":"2024-03-02 09:00","account":"A"}"#.to_vec();
        bytes.extend_from_slice(b"\n{\"id\":\"2\",\"text\":\"\xff\"}\n");
        let e = Archive::read("a.jsonl", &bytes[..], &HolidayTable::shipped()).unwrap_err();
        assert_eq!(e.bad_lines().len(), 1);
        assert_eq!(e.bad_lines()[0].0, 2);
        assert!(e.bad_lines()[0].1.contains("not valid UTF-8"), "{e}");
    }

    #[test]
    fn overlong_lines_are_errors() {
        let long = format!(
            "{{\"text\":\"{}\",\"time\":\"2024-03-02 09:00\",\"account\":\"A\"}}",
            "长".repeat(100)
        );
        let ok = r#"{"text":"短","time":"2024-03-02 10:00","account":"A"}"#;
        let text = format!("{ok}\n{long}\n{ok}\n");
        let e = Archive::read_capped("a.jsonl", text.as_bytes(), &HolidayTable::shipped(), 200)
            .unwrap_err();
        assert_eq!(e.bad_lines().len(), 1, "{e}");
        assert_eq!(e.bad_lines()[0].0, 2);
        assert!(
            e.bad_lines()[0]
                .1
                .contains("exceeds the limit of 200 bytes"),
            "{e}"
        );
    }

    #[test]
    fn many_bad_lines_are_counted() {
        let text = "x\n".repeat(60);
        let e = read(&text).unwrap_err();
        assert_eq!(e.bad_lines().len(), 50);
        assert!(e.to_string().contains("60 bad lines") && e.to_string().contains("and 10 more"));
    }
}
