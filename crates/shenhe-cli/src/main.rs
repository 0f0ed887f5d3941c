//! The `shenhe` command line (contract §5).
//!
//! Exit codes: 0 = every post screened and every verdict is pass; 1 = screened, at least one
//! review or block; 2 = usage, configuration or input error. A closed output pipe ends quietly.

mod audit;
mod batch;
mod eval;
mod line;
mod redact;
mod setup;
mod train;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use shenhe::{Account, Input, TrainOptions};

/// Screen Chinese posts for government and enterprise new-media accounts.
#[derive(Parser, Debug)]
#[command(name = "shenhe", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Screen one post (TEXT, or standard input) and print its verdict as one JSON line.
    Check {
        #[command(flatten)]
        common: Common,
        /// The post; read from standard input when absent.
        text: Option<String>,
    },
    /// Screen a JSONL file of posts ({"id", "text", "account"}), one verdict a line, in order.
    Batch {
        #[command(flatten)]
        common: Common,
        /// The input file; `-` for standard input.
        input: PathBuf,
        /// Where to write the verdicts (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Add a "redacted" field to each verdict: the text with personal information masked.
        #[arg(long)]
        redact: bool,
    },
    /// Audit an account's archive (JSONL of {"id","text","time","account","kind"}) against the
    /// regulations: posting calendar, originality, screening; an HTML report and/or JSON.
    Audit {
        #[command(flatten)]
        common: Common,
        /// The archive; `-` for standard input.
        archive: PathBuf,
        /// Where to write the HTML report.
        #[arg(short, long, value_name = "REPORT.html")]
        output: Option<PathBuf>,
        /// Where to write the report as JSON (`-` for standard output).
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// An audit config overriding the shipped rules and thresholds (docs/audit.md).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Print the text (TEXT, or standard input) with personal information masked.
    Redact {
        /// The text; read from standard input (line by line) when absent.
        text: Option<String>,
        /// The longest text (or standard input line) redacted, in bytes [default: 4194304].
        #[arg(long, value_name = "BYTES", value_parser = setup::parse_max_post_bytes)]
        max_post_bytes: Option<usize>,
        /// Mask ID numbers as of this day: a birth date after it is not a valid ID number
        /// [default: the current day in China (UTC+8)].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = setup::parse_today)]
        today: Option<(u32, u32, u32)>,
    },
    /// Compile the lexicons and policy into a saved engine, for `--engine FILE`: it loads in
    /// milliseconds instead of compiling the lexicons again.
    Compile {
        #[command(flatten)]
        common: Common,
        /// Where to write the saved engine.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Measure on labelled JSONL ({"id","text","harm","cats"}): recall, precision, hold rates.
    Eval {
        #[command(flatten)]
        common: Common,
        /// Labelled files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Also print up to N missed harmful posts and N held clean posts per file.
        #[arg(long, default_value_t = 0, value_name = "N")]
        show: usize,
    },
    /// Learn a model from labelled JSONL (the lines `eval` reads) and write it to MODEL, for
    /// `--model MODEL`: its hits ask for review unless a policy `model` line says otherwise.
    Train {
        /// Labelled files ({"text","harm","cats"}, or the demo sample's "expect"/"why").
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the model (replaced in one step: written beside it, then renamed).
        #[arg(short, long, value_name = "MODEL")]
        output: PathBuf,
        /// The share of posts held out to calibrate each class's threshold and measure it.
        #[arg(long, value_name = "SHARE", default_value_t = TrainOptions::default().valid)]
        valid: f64,
        /// Calibrate each threshold so that at most this share of the held-out clean posts
        /// score at or above it.
        #[arg(long, value_name = "SHARE", default_value_t = TrainOptions::default().max_clean_hold)]
        max_clean_hold: f64,
        /// The most n-grams the model keeps (those that weigh most).
        #[arg(long, value_name = "N", default_value_t = TrainOptions::default().max_grams)]
        max_grams: usize,
        /// The n-gram lengths in characters, MIN-MAX (at most 4).
        #[arg(long, value_name = "MIN-MAX", value_parser = train::parse_ngrams,
              default_value_t = train::Ngrams(TrainOptions::default().ngrams.0, TrainOptions::default().ngrams.1))]
        ngrams: train::Ngrams,
        /// Passes over the training posts.
        #[arg(long, value_name = "N", default_value_t = TrainOptions::default().epochs)]
        epochs: usize,
        /// Seeds the validation split and the order of the passes: the same posts, options and
        /// seed give the same model, byte for byte.
        #[arg(long, value_name = "N", default_value_t = TrainOptions::default().seed)]
        seed: u64,
        /// An n-gram is used only if at least this many training posts hold it.
        #[arg(long, value_name = "N", default_value_t = TrainOptions::default().min_count)]
        min_count: usize,
        /// A category gets a class of its own only with at least this many training posts.
        #[arg(long, value_name = "N", default_value_t = TrainOptions::default().min_positives)]
        min_positives: usize,
        /// At most this share of the held-out clean posts of any one input file (with 200 or
        /// more of them) may be held at a class's threshold.
        #[arg(long, value_name = "SHARE", default_value_t = TrainOptions::default().max_source_clean_hold)]
        max_source_clean_hold: f64,
        /// No class's threshold is calibrated below this score (0-1).
        #[arg(long, value_name = "SCORE", default_value_t = TrainOptions::default().min_threshold)]
        min_threshold: f32,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// The longest post, in bytes; a longer one is an error naming its line [default:
        /// 4194304; at most 1073741824].
        #[arg(long, value_name = "BYTES", value_parser = setup::parse_max_post_bytes)]
        max_post_bytes: Option<usize>,
    },
}

/// Options every screening command takes.
#[derive(Args, Debug, Clone)]
pub(crate) struct Common {
    /// The account type that will publish: org, staff or private.
    #[arg(long, default_value = "org", value_parser = parse_account)]
    pub(crate) account: Account,
    /// A lexicon directory (every *.txt in it) or file, added to the shipped lexicons.
    #[arg(long = "lexicons", value_name = "DIR")]
    pub(crate) lexicons: Vec<PathBuf>,
    /// Leave the shipped lexicons out: screen with --lexicons only.
    #[arg(long)]
    pub(crate) no_default_lexicons: bool,
    /// A policy file overriding actions per category and account type.
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,
    /// Screen with a saved engine (written by `shenhe compile`) instead of compiling lexicons.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["lexicons", "no_default_lexicons", "policy"])]
    pub(crate) engine: Option<PathBuf>,
    /// The longest post screened, in bytes; longer posts are refused, not screened
    /// [default: 4194304, the saved limit with --engine; at most 1073741824].
    #[arg(long, value_name = "BYTES", value_parser = setup::parse_max_post_bytes)]
    pub(crate) max_post_bytes: Option<usize>,
    /// The most hits one term or rule lists with one action in a post; the rest are counted
    /// in the verdict's hits_omitted [default: 100, the saved limit with --engine].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_hits_per_term: Option<u64>,
    /// Check ID numbers as of this day: a birth date after it is not a valid ID number
    /// [default: the current day in China (UTC+8), or the day saved with --engine].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = setup::parse_today)]
    pub(crate) today: Option<(u32, u32, u32)>,
    /// Registered originals for the attribution check: JSONL of {"id","title","text","source"}
    /// (may be given more than once).
    #[arg(long = "references", value_name = "FILE")]
    pub(crate) references: Vec<PathBuf>,
    /// Legitimate news sources, one name a line, added to the shipped list.
    #[arg(long = "sources", value_name = "FILE")]
    pub(crate) sources: Vec<PathBuf>,
    /// Unknown or illegitimate sources (来源: 网络 …), one a line, added to the shipped list.
    #[arg(long = "unverified-sources", value_name = "FILE")]
    pub(crate) unverified_sources: Vec<PathBuf>,
    /// A learned model (written by `shenhe train`) scored beside the lexicons; with --engine it
    /// replaces the model the saved engine carries.
    #[arg(long, value_name = "FILE")]
    pub(crate) model: Option<PathBuf>,
}

fn parse_account(s: &str) -> Result<Account, String> {
    s.parse::<Account>().map_err(|e| e.to_string())
}

/// Outcome of a command: its exit code, or an error (exit 2). A batch whose output pipe was
/// closed by the reader also ends quietly with a code.
pub(crate) enum Outcome {
    Code(u8),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(Outcome::Code(c)) => ExitCode::from(c),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(0);
            }
            eprintln!("shenhe: {e:#}");
            ExitCode::from(2)
        }
    }
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Check { common, text } => {
            let engine = setup::engine(&common)?;
            let text = match text {
                Some(t) => t,
                None => {
                    // Read at most the limit and one byte more: `check < /dev/zero` must end.
                    let max = engine.config().get_max_post_bytes();
                    let mut buf = Vec::new();
                    std::io::stdin()
                        .take(max as u64 + 1)
                        .read_to_end(&mut buf)
                        .context("cannot read standard input")?;
                    if buf.len() > max {
                        anyhow::bail!(
                            "standard input is longer than the post limit of {max} bytes \
                             (--max-post-bytes)"
                        );
                    }
                    String::from_utf8(buf).map_err(|e| {
                        anyhow::anyhow!(
                            "standard input is not valid UTF-8 (first bad byte at offset {})",
                            e.utf8_error().valid_up_to()
                        )
                    })?
                }
            };
            let verdict = engine.screen(Input::new(&text).account(common.account))?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", verdict.to_json())?;
            out.flush()?;
            Ok(Outcome::Code(if verdict.is_pass() { 0 } else { 1 }))
        }
        Command::Batch {
            common,
            input,
            output,
            threads,
            redact,
        } => {
            let engine = setup::engine_for_many(&common)?;
            let pool = setup::pool(threads)?;
            let progress = std::io::stderr().is_terminal();
            batch::run(
                &engine,
                &pool,
                &common,
                &input,
                output.as_deref(),
                progress,
                redact,
            )
        }
        Command::Audit {
            common,
            archive,
            output,
            json,
            config,
            threads,
        } => audit::run(&audit::Options {
            common: &common,
            archive: &archive,
            output: output.as_deref(),
            json: json.as_deref(),
            config: config.as_deref(),
            threads,
        }),
        Command::Redact {
            text,
            max_post_bytes,
            today,
        } => redact::run(text, max_post_bytes, today),
        Command::Compile { common, output } => {
            if common.engine.is_some() {
                anyhow::bail!("compile builds an engine from lexicons; --engine loads one");
            }
            if !common.references.is_empty()
                || !common.sources.is_empty()
                || !common.unverified_sources.is_empty()
            {
                anyhow::bail!(
                    "a saved engine keeps lexicons, policy, limits and model, not --references or \
                     source lists: give those when screening with --engine"
                );
            }
            let engine = setup::compiled(&common)?;
            let bytes = engine.save();
            std::fs::write(&output, &bytes)
                .with_context(|| format!("cannot write {}", output.display()))?;
            let model = engine.model().map_or(String::new(), |m| {
                format!(
                    ", a model of {} classes and {} n-grams",
                    m.classes().len(),
                    m.len()
                )
            });
            eprintln!(
                "shenhe: wrote {} ({} bytes: {} terms, {} patterns{model})",
                output.display(),
                bytes.len(),
                engine.terms_len(),
                engine.patterns_len()
            );
            Ok(Outcome::Code(0))
        }
        Command::Eval {
            common,
            files,
            threads,
            show,
        } => {
            let engine = setup::engine_for_many(&common)?;
            let pool = setup::pool(threads)?;
            Ok(Outcome::Code(eval::run(
                &engine,
                &pool,
                common.account,
                &files,
                show,
            )?))
        }
        Command::Train {
            files,
            output,
            valid,
            max_clean_hold,
            max_grams,
            ngrams,
            epochs,
            seed,
            min_count,
            min_positives,
            min_threshold,
            max_source_clean_hold,
            threads,
            max_post_bytes,
        } => {
            let mut opts = TrainOptions::default();
            opts.ngrams = (ngrams.0, ngrams.1);
            opts.valid = valid;
            opts.max_clean_hold = max_clean_hold;
            opts.max_grams = max_grams;
            opts.epochs = epochs;
            opts.seed = seed;
            opts.min_count = min_count;
            opts.min_positives = min_positives;
            opts.min_threshold = min_threshold;
            opts.max_source_clean_hold = max_source_clean_hold;
            train::run(&train::Options {
                files: &files,
                output: &output,
                train: opts,
                threads,
                max_post_bytes,
            })
        }
    }
}
