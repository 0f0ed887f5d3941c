//! `shenhe redact`: the text with its personal information masked (contract §5).
//!
//! TEXT is redacted and printed with a newline. Standard input is redacted line by line as it
//! streams, so a file of any size goes through and its line ends are kept as they were; no rule
//! looks across a line end, so the result is the same as redacting the whole text at once.

use std::io::{BufRead, Read, Write};

use anyhow::{Context, bail};
use shenhe::{Config, Redactor};

use crate::Outcome;

pub(crate) fn run(
    text: Option<String>,
    max_post_bytes: Option<usize>,
    today: Option<(u32, u32, u32)>,
) -> anyhow::Result<Outcome> {
    // Redaction needs the personal-information rules only, not the lexicons.
    let mut config = Config::new();
    if let Some(max) = max_post_bytes {
        config = config.max_post_bytes(max);
    }
    if let Some((y, m, d)) = today {
        // parse_today checked the date.
        config = config.today(y, m, d);
    }
    let max = config.get_max_post_bytes();
    let redactor = Redactor::with_config(&config);
    let mut out = std::io::stdout().lock();
    match text {
        Some(text) => writeln!(out, "{}", redactor.redact(&text)?)?,
        None => {
            let mut stdin = std::io::stdin().lock();
            let mut buf = Vec::new();
            for line_no in 1u64.. {
                // A line is read up to the limit only: `redact < /dev/zero` must end.
                buf.clear();
                let n = (&mut stdin)
                    .take(max as u64 + 1)
                    .read_until(b'\n', &mut buf)
                    .context("cannot read standard input")?;
                if n == 0 {
                    break;
                }
                let text_len = buf.len() - usize::from(buf.ends_with(b"\n"));
                if text_len > max {
                    bail!(
                        "standard input line {line_no} is longer than the limit of {max} bytes \
                         (--max-post-bytes)"
                    );
                }
                let Ok(line) = std::str::from_utf8(&buf) else {
                    bail!("standard input line {line_no} is not valid UTF-8");
                };
                let (body, end) = line.split_at(text_len);
                let redacted = redactor
                    .redact(body)
                    .with_context(|| format!("standard input line {line_no}"))?;
                out.write_all(redacted.as_bytes())?;
                out.write_all(end.as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Code(0))
}
