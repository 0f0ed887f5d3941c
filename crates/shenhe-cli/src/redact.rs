//! `shenhe redact`: the text with its personal information masked (SPEC §5).
//!
//! TEXT is redacted and printed with a newline. Standard input is redacted line by line as it
//! streams, so a file of any size goes through and its line ends are kept as they were; no rule
//! looks across a line end, so the result is the same as redacting the whole text at once.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use shenhe::{Engine, Lexicon};

use crate::Outcome;

pub(crate) fn run(text: Option<String>) -> anyhow::Result<Outcome> {
    // Redaction needs the detectors only, not the lexicons: an empty lexicon builds instantly.
    let engine = Engine::builder()
        .lexicon(Lexicon::default())
        .build()
        .context("cannot build the engine")?;
    let mut out = std::io::stdout().lock();
    match text {
        Some(text) => writeln!(out, "{}", engine.redact(&text)?)?,
        None => {
            let mut stdin = std::io::stdin().lock();
            let mut buf = Vec::new();
            for line_no in 1u64.. {
                buf.clear();
                if stdin
                    .read_until(b'\n', &mut buf)
                    .context("cannot read standard input")?
                    == 0
                {
                    break;
                }
                let Ok(line) = std::str::from_utf8(&buf) else {
                    bail!("standard input line {line_no} is not valid UTF-8");
                };
                let redacted = engine
                    .redact(line)
                    .with_context(|| format!("standard input line {line_no}"))?;
                out.write_all(redacted.as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Code(0))
}
