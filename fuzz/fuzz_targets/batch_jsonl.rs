//! Any bytes as a `shenhe batch` input, through the command line's own line handling
//! (`crates/shenhe-cli/src/line.rs`, included below): exactly one JSON object out per line in,
//! in order; an error object names its line number; a verdict only for a line that is a JSON
//! object with a string `text` within the post limit, and such a line always gets its verdict
//! (unless it is longer than the line cap, serde refuses a duplicate field, or its account is
//! unknown).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use shenhe::{Account, Config, Engine};

#[path = "../../crates/shenhe-cli/src/line.rs"]
#[allow(dead_code)]
mod line;

use line::{LineResult, read_line, screen_raw};

/// Small limits, so the fuzzer reaches them: posts of at most 300 bytes, lines of 600.
const MAX_POST: usize = 300;
const CAP: usize = 600;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    Engine::builder()
        .config(Config::new().max_post_bytes(MAX_POST))
        .build()
        .unwrap()
});

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 || data.is_empty() {
        return;
    }
    let (redact, data) = (data[0] & 1 == 1, &data[1..]);
    let mut reader = data;
    // Lines after what the buffer held: a chunk's lines follow each other in one buffer, read
    // into it as the command line reads them.
    let mut chunk = line::Chunk {
        bytes: b"earlier lines\n".to_vec(),
        lines: Vec::new(),
    };
    while let Some(raw) = read_line(&mut reader, CAP, &mut chunk.bytes).unwrap() {
        chunk.lines.push(raw);
    }
    // The chunk as text when all of it is UTF-8, as the command line checks it, and each line
    // screened from it and from its bytes alone, checked a line at a time: alike.
    let text = chunk.text();
    // The lines as split here: on '\n', a last line without one counts.
    let lines: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
    assert_eq!(chunk.lines.len(), lines.len());

    for (i, (raw, bytes)) in chunk.lines.iter().zip(&lines).enumerate() {
        let no = i as u64 + 1;
        match raw {
            line::RawLine::Line(range) => assert_eq!(&chunk.bytes[range.clone()], *bytes),
            line::RawLine::TooLong(n) => {
                assert!(bytes.len() > CAP);
                assert_eq!(*n as usize, bytes.len());
            }
        }
        // Written after what the buffer held, as the command line writes a block of lines.
        let mut out = String::from("earlier\n");
        let result = screen_raw(
            &ENGINE,
            Account::Org,
            chunk.read(text, raw),
            no,
            redact,
            CAP,
            &mut out,
        );
        let mut alone = String::from("earlier\n");
        screen_raw(
            &ENGINE,
            Account::Org,
            chunk.read(None, raw),
            no,
            redact,
            CAP,
            &mut alone,
        );
        assert_eq!(out, alone);
        let json = out
            .strip_prefix("earlier\n")
            .expect("what was there is kept");
        assert!(!json.contains('\n'), "one output line per input line");
        let out: serde_json::Value = serde_json::from_str(json).expect("output is JSON");
        let out = out.as_object().expect("an object");

        // What the line should give, judged independently.
        let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let body = if no == 1 {
            body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body)
        } else {
            body
        };
        let parsed = std::str::from_utf8(body)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok());
        let post = parsed.as_ref().and_then(|v| v.as_object()).filter(|o| {
            o.get("text")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.len() <= MAX_POST)
                && o.get("id").is_none_or(|id| id.is_string() || id.is_null())
                && o.get("account")
                    .is_none_or(|a| a.is_string() || a.is_null())
        });

        match result {
            LineResult::Verdict { .. } => {
                let post = post.unwrap_or_else(|| panic!("a verdict for {body:?}"));
                assert!(matches!(raw, line::RawLine::Line(_)));
                assert!(out.contains_key("verdict"));
                assert_eq!(out.get("id"), post.get("id").filter(|id| !id.is_null()));
                assert_eq!(out.contains_key("redacted"), redact);
            }
            LineResult::Error => {
                assert_eq!(out["line"], no);
                let error = out["error"].as_str().expect("an error message");
                // A line over the cap is skipped unread, whatever it holds.
                if post.is_some() && matches!(raw, line::RawLine::Line(_)) {
                    assert!(
                        error.contains("duplicate field") || error.contains("account"),
                        "a good line gave {error:?}: {body:?}"
                    );
                }
            }
        }
    }
});
