//! Building the engine and the thread pool from the command line's options.

use anyhow::{Context, bail};
use shenhe::{Engine, Lexicon, Policy, References, Sources};

use crate::Common;

/// The engine the options ask for: shipped lexicons (unless left out) plus `--lexicons`, the
/// policy file, registered originals and source lists if given.
pub(crate) fn engine(common: &Common) -> anyhow::Result<Engine> {
    if common.no_default_lexicons && common.lexicons.is_empty() {
        bail!("--no-default-lexicons needs at least one --lexicons DIR to screen with");
    }
    let mut lexicon = Lexicon::builder();
    if !common.no_default_lexicons {
        lexicon.add_shipped()?;
    }
    for path in &common.lexicons {
        if path.is_dir() {
            lexicon.add_dir(path)?;
        } else {
            lexicon.add_file(path)?;
        }
    }
    let mut builder = Engine::builder().lexicon(lexicon.build()?);
    if let Some(path) = &common.policy {
        builder = builder.policy(Policy::from_file(path)?);
    }
    // Errors name the file and line (refs.jsonl:3: missing "text").
    if !common.references.is_empty() {
        let mut refs = References::builder();
        for path in &common.references {
            refs.add_file(path)?;
        }
        builder = builder.references(refs.build());
    }
    if !common.sources.is_empty() || !common.unverified_sources.is_empty() {
        let mut sources = Sources::builder();
        sources.add_shipped();
        for path in &common.sources {
            sources.add_legitimate_file(path)?;
        }
        for path in &common.unverified_sources {
            sources.add_unverified_file(path)?;
        }
        builder = builder.sources(sources.build());
    }
    builder.build().context("cannot build the engine")
}

/// A rayon pool of `threads` workers (all cores when `None`).
pub(crate) fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    if threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")
}
