//! Building the engine and the thread pool from the command line's options.

use std::path::Path;

use anyhow::{Context, bail};
use shenhe::{
    Config, DEFAULT_MAX_POST_BYTES, Engine, Lexicon, MAX_POST_BYTES_LIMIT, Model, Policy,
    References, Sources,
};

use crate::Common;

/// The engine the options ask for: a saved engine (`--engine`, with `--model` replacing the
/// model it carries), or the shipped lexicons (unless left out) plus `--lexicons`, the policy
/// file and `--model`; then the post limit, registered originals and source lists if given.
pub(crate) fn engine(common: &Common) -> anyhow::Result<Engine> {
    let mut engine = match &common.engine {
        Some(path) => {
            let engine = load(path)?;
            match &common.model {
                Some(model) => engine.with_model(Some(self::model(model)?)),
                None => engine,
            }
        }
        None => compiled(common)?,
    };
    if common.max_post_bytes.is_some()
        || common.today.is_some()
        || common.max_hits_per_term.is_some()
    {
        engine = engine.with_config(configured(engine.config().clone(), common));
    }
    // Errors name the file and line (refs.jsonl:3: missing "text").
    if !common.references.is_empty() {
        let mut refs = References::builder();
        for path in &common.references {
            refs.add_file(path)?;
        }
        engine = engine.with_references(refs.build());
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
        engine = engine.with_sources(sources.build());
    }
    Ok(engine)
}

/// [`engine`], for the commands that screen many posts: the word segmenter's dictionary is
/// loaded on a second thread meanwhile ([`shenhe::preload_segmenter`]). Such runs need it, and
/// its load (about 0.1 s) otherwise fell on the first post that did, after the engine was
/// built and inside the time `batch` reports.
pub(crate) fn engine_for_many(common: &Common) -> anyhow::Result<Engine> {
    std::thread::scope(|s| {
        s.spawn(shenhe::preload_segmenter);
        engine(common)
    })
}

/// The engine compiled from lexicons and a policy, as `shenhe compile` saves it.
pub(crate) fn compiled(common: &Common) -> anyhow::Result<Engine> {
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
    builder = builder.config(configured(Config::new(), common));
    if let Some(path) = &common.model {
        builder = builder.model(model(path)?);
    }
    builder.build().context("cannot build the engine")
}

/// `config` with the options' post limit and pinned day, where given.
fn configured(mut config: Config, common: &Common) -> Config {
    if let Some(max) = common.max_post_bytes {
        config = config.max_post_bytes(max);
    }
    if let Some((y, m, d)) = common.today {
        // parse_today checked the date.
        config = config.today(y, m, d);
    }
    if let Some(n) = common.max_hits_per_term {
        config = config.max_hits_per_term(usize::try_from(n).unwrap_or(usize::MAX));
    }
    config
}

/// A model file (`shenhe train`'s output); errors name the file and line
/// (`model.txt:7: checksum mismatch …`).
pub(crate) fn model(path: &Path) -> anyhow::Result<Model> {
    Ok(Model::from_path(path)?)
}

/// A saved engine from `path`.
fn load(path: &Path) -> anyhow::Result<Engine> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Engine::load(&bytes).with_context(|| format!("{}", path.display()))
}

/// Parses `--max-post-bytes`: a whole number of bytes from 1 to the engine's ceiling.
pub(crate) fn parse_max_post_bytes(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("{s:?} is not a whole number of bytes"))?;
    if n == 0 || n > MAX_POST_BYTES_LIMIT {
        return Err(format!(
            "must be from 1 to {MAX_POST_BYTES_LIMIT} bytes (1 GiB); the default is \
             {DEFAULT_MAX_POST_BYTES} (4 MiB)"
        ));
    }
    Ok(n)
}

/// Parses `--today`: a day `YYYY-MM-DD` from 1900-01-01 to 9999-12-31.
pub(crate) fn parse_today(s: &str) -> Result<(u32, u32, u32), String> {
    let bad = || format!("{s:?} is not a day YYYY-MM-DD from 1900-01-01 to 9999-12-31");
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let num = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| p.parse::<u32>().ok())
            .flatten()
            .ok_or_else(bad)
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    Config::new().try_today(y, m, d).ok_or_else(bad)?;
    Ok((y, m, d))
}

/// The most worker threads `--threads` takes: far more than any machine this runs on has
/// cores, few enough that a typo cannot spawn threads without end.
pub(crate) const MAX_THREADS: usize = 256;

/// A rayon pool of `threads` workers (all cores when `None`).
pub(crate) fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    match threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) if n > MAX_THREADS => {
            bail!("--threads {n} is more than the limit of {MAX_THREADS}")
        }
        _ => {}
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")
}
