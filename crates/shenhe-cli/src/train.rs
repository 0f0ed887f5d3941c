//! `shenhe train FILE... -o MODEL`: learn a weighted n-gram model from labelled JSONL, the lines
//! `shenhe eval` reads (`{"text","harm","cats"}`, or the demo sample's `expect`/`why`).
//!
//! Every file is read whole before training starts, and a line that is not a labelled post (or
//! names a category that does not exist, or holds a post over `--max-post-bytes`) is an error
//! naming file and line: nothing is skipped. Progress goes to standard error; the per-class
//! report (threshold, positives, precision, recall and clean posts held on the validation split)
//! to standard output. The model file is written to a temporary file beside MODEL and renamed
//! over it, so MODEL is never left half written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use shenhe::{Category, ClassReport, DEFAULT_MAX_POST_BYTES, Example, Target, TrainOptions};

use crate::Outcome;

/// The n-gram lengths of `--ngrams`, as `MIN-MAX` (or one number for both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ngrams(pub(crate) usize, pub(crate) usize);

impl std::fmt::Display for Ngrams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.0, self.1)
    }
}

/// Parses `--ngrams`: `1-4`, or `2` for 2-2; lengths from 1 to the model's longest n-gram.
pub(crate) fn parse_ngrams(s: &str) -> Result<Ngrams, String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b) = match (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err(format!("{s:?}: expected MIN-MAX, such as 1-4")),
    };
    if !(1 <= a && a <= b && b <= shenhe::MAX_GRAM) {
        return Err(format!(
            "{s:?}: expected 1 <= MIN <= MAX <= {}",
            shenhe::MAX_GRAM
        ));
    }
    Ok(Ngrams(a, b))
}

/// What `shenhe train` was asked to do.
pub(crate) struct Options<'a> {
    pub(crate) files: &'a [PathBuf],
    pub(crate) output: &'a Path,
    pub(crate) train: TrainOptions,
    pub(crate) threads: Option<usize>,
    pub(crate) max_post_bytes: Option<usize>,
}

pub(crate) fn run(o: &Options<'_>) -> anyhow::Result<Outcome> {
    if o.output == Path::new("-") {
        bail!("-o -: the model is written to a file (its report goes to standard output)");
    }
    if o.train.min_positives == 0 {
        bail!("--min-positives must be at least 1");
    }
    let pool = crate::setup::pool(o.threads)?;
    let max = o.max_post_bytes.unwrap_or(DEFAULT_MAX_POST_BYTES);
    let started = Instant::now();

    let mut examples = Vec::new();
    for (group, path) in o.files.iter().enumerate() {
        let name = path.display();
        for post in crate::eval::read(path)? {
            let line = post.line;
            if post.text.len() > max {
                bail!(
                    "{name}:{line}: the post is {} bytes, over the limit of {max} \
                     (--max-post-bytes)",
                    post.text.len()
                );
            }
            // Categories label harmful posts only, as `eval` counts them.
            let mut cats = Vec::new();
            if post.harm {
                for id in &post.cats {
                    let cat = id.parse::<Category>().map_err(|_| {
                        anyhow::anyhow!(
                            "{name}:{line}: unknown category {id:?} in \"cats\" (the ids are \
                             in docs/contract.md §3)"
                        )
                    })?;
                    if !cats.contains(&cat) {
                        cats.push(cat);
                    }
                }
            }
            examples.push(Example {
                text: post.text,
                harm: post.harm,
                cats,
                group: group as u32,
            });
        }
    }
    if examples.is_empty() {
        bail!("no labelled posts in the input: nothing to train on");
    }
    let harmful = examples.iter().filter(|e| e.harm).count();
    eprintln!(
        "shenhe: read {} labelled posts ({harmful} harmful, {} clean) from {} file(s)",
        examples.len(),
        examples.len() - harmful,
        o.files.len()
    );

    let progress = |line: &str| eprintln!("shenhe: {line}");
    let (model, report) = pool
        .install(|| shenhe::train(&examples, &o.train, &progress))
        .context("cannot train")?;
    let secs = started.elapsed().as_secs_f64();

    let text = model.to_text();
    write_atomically(o.output, text.as_bytes())?;

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "trained on {} posts ({} for training, {} held out for validation) in {secs:.2} s on {} \
         threads",
        examples.len(),
        report.train,
        report.valid,
        pool.current_num_threads()
    )?;
    writeln!(
        out,
        "  n-grams {}-{}: {} features, {} kept",
        o.train.ngrams.0, o.train.ngrams.1, report.features, report.kept
    )?;
    writeln!(
        out,
        "  {:<24} {:>9} {:>7} {:>7} {:>9} {:>7} {:>10}",
        "class", "threshold", "train+", "valid+", "precision", "recall", "clean held"
    )?;
    for c in &report.classes {
        writeln!(
            out,
            "  {:<24} {:>9.4} {:>7} {:>7} {:>9} {:>7} {:>10}",
            c.target.id(),
            c.threshold,
            c.positives,
            c.valid_positives,
            pct(c.valid_held, c.valid_held + c.valid_false),
            pct(c.valid_held, c.valid_positives),
            pct(c.valid_clean_held, c.valid_clean),
        )?;
    }
    if report.valid == 0 {
        writeln!(
            out,
            "  no validation split (--valid 0): thresholds are 0.5, nothing was measured"
        )?;
    }
    let [few, detected] = skipped_categories(&examples, &report.classes);
    if !few.is_empty() {
        writeln!(
            out,
            "  no class, too few posts (under --min-positives {} in the training split): {}",
            o.train.min_positives,
            few.join(", ")
        )?;
    }
    if !detected.is_empty() {
        writeln!(
            out,
            "  no class, left to the detectors (the model learns content categories): {}",
            detected.join(", ")
        )?;
    }
    writeln!(
        out,
        "wrote {} ({} bytes: {} classes, {} n-grams)",
        o.output.display(),
        text.len(),
        model.classes().len(),
        model.len()
    )?;
    out.flush()?;
    Ok(Outcome::Code(0))
}

/// The labelled categories that got no class, each with its count in all posts: those with
/// fewer than `--min-positives` in the training split, and those the detectors find (personal
/// information, attribution, sign-off, format: the trainer learns the content categories,
/// [`Category::is_content`]).
fn skipped_categories(examples: &[Example], classes: &[ClassReport]) -> [Vec<String>; 2] {
    let mut skipped = [Vec::new(), Vec::new()];
    for &cat in Category::ALL {
        let n = examples.iter().filter(|e| e.cats.contains(&cat)).count();
        let trained = classes.iter().any(|c| c.target == Target::Category(cat));
        if n > 0 && !trained {
            skipped[usize::from(!cat.is_content())].push(format!("{} {n}", cat.id()));
        }
    }
    skipped
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a reader never
/// sees half a model, and a failed write leaves an old model in place.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}
