//! `shenhe audit`: an account's archive checked against the regulations (docs/audit.md).
//!
//! Reads the whole archive first (every bad line is reported, with its number, before anything
//! is screened), screens every post on the pool with a progress bar, then writes the HTML
//! report (`-o`) and/or the JSON (`--json`, `-` for standard output) and prints each rule's
//! result on standard error. Exit codes: 0 = every rule passes, 1 = a rule fails or warns,
//! 2 = a usage, input or configuration error.

use std::fs::File;
use std::io::{BufReader, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use shenhe::Engine;
use shenhe_audit::{Archive, Audit, Config, Status, render_html};

use crate::{Common, Outcome};

/// What `shenhe audit` was asked to do.
pub(crate) struct Options<'a> {
    pub(crate) common: &'a Common,
    pub(crate) archive: &'a Path,
    pub(crate) output: Option<&'a Path>,
    pub(crate) json: Option<&'a Path>,
    pub(crate) config: Option<&'a Path>,
    pub(crate) threads: Option<usize>,
}

pub(crate) fn run(o: &Options<'_>) -> anyhow::Result<Outcome> {
    if o.output.is_none() && o.json.is_none() {
        bail!("nothing to write: give -o REPORT.html and/or --json FILE (`-` for standard output)");
    }
    let config = match o.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    let holidays = config.holiday_table()?;
    let source = o.archive.display().to_string();
    let archive = if o.archive == Path::new("-") {
        Archive::read("<stdin>", std::io::stdin().lock(), &holidays)?
    } else {
        let file = File::open(o.archive).with_context(|| format!("cannot open {source}"))?;
        Archive::read(&source, BufReader::with_capacity(1 << 20, file), &holidays)?
    };
    let engine: Engine = crate::setup::engine_for_many(o.common)?;
    let pool = crate::setup::pool(o.threads)?;

    let started = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(archive.posts.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} posts {per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let audit = Audit::new(&engine)
        .config(config)
        .holidays(holidays)
        .account(o.common.account)
        .progress(|n| {
            if let Some(bar) = &bar {
                bar.set_position(n as u64);
            }
        });
    let report = pool.install(|| audit.run(&source, &archive))?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();

    if let Some(path) = o.output {
        let html = render_html(&report)?;
        write(path, html.as_bytes())?;
    }
    if let Some(path) = o.json {
        let mut json = report.to_json();
        json.push('\n');
        write(path, json.as_bytes())?;
    }

    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "shenhe: audited {} posts of {} account(s), {} to {}, in {:.2} s on {} thread{}",
        report.posts,
        report.accounts.len(),
        report.period.from,
        report.period.to,
        secs,
        pool.current_num_threads(),
        if pool.current_num_threads() == 1 {
            ""
        } else {
            "s"
        }
    );
    for a in &report.accounts {
        let _ = writeln!(err, "  {} ({} posts)", a.account, a.posts);
        for r in &a.rules {
            let status = match r.status {
                Status::Pass => "pass",
                Status::Warn => "warn",
                Status::Fail => "FAIL",
                Status::NotApplicable => "n/a ",
            };
            let _ = writeln!(err, "    {status}  {} [{}]: {}", r.id, r.clause, r.summary);
        }
    }
    for (what, path) in [("report", o.output), ("JSON", o.json)] {
        if let Some(p) = path.filter(|p| *p != Path::new("-")) {
            let _ = writeln!(err, "  {what} written to {}", p.display());
        }
    }
    Ok(Outcome::Code(if report.all_pass() { 0 } else { 1 }))
}

/// Writes `bytes` to `path` (`-`: standard output).
fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
