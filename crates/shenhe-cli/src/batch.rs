//! `shenhe batch`: JSONL posts in, one verdict (or error object) a line out, in input order.
//!
//! Lines are read a chunk at a time on a reader thread; each chunk is parsed, screened and
//! serialized in parallel on the pool while the next is read, then written in order on a writer
//! thread. A line that cannot be screened (not UTF-8, not JSON, no
//! `text`, a wrong type, an unknown account, a post over the size limit) yields
//! `{"id":…,"line":N,"error":"…"}` in its place, so the output always has exactly one line per
//! input line. A line too long to hold a post at all (see [`line_limit`]) is skipped unread, so
//! memory stays bounded whatever the input. The line handling itself is in [`crate::line`].

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use shenhe::{Category, Decision, Engine};

use crate::line::{Chunk, LineResult, RawLine, line_limit, read_line, screen_raw};
use crate::{Common, Outcome};

/// Lines per parallel round: large enough to keep every core busy, small enough that memory
/// stays flat on archives of any size.
const CHUNK_LINES: usize = 4096;

/// A round also ends once it holds this many bytes of input, so a file of long lines cannot
/// fill memory either.
const CHUNK_BYTES: usize = 64 << 20;

/// Lines longer than this are screened one at a time (one task beside the blocks of the other
/// lines), so what is in flight is bounded by bytes, not only by posts.
const BIG_LINE: usize = 256 << 10;

/// Lines screened as one task of the pool, their output lines written into one string: one
/// allocation (and one free, on the writer's thread) for this many lines, where a string a line
/// cost glibc's allocator a thirteenth of a comment's instructions.
const BLOCK_LINES: usize = 64;

/// About the length of a verdict line without hits, with an id.
const VERDICT_BYTES: usize = 160;

/// A chunk's buffer up to this capacity is handed back to the reader for a later chunk; a
/// larger one (a chunk of long lines) is freed, so what is kept stays small whatever the input
/// held.
const REUSED_BYTES: usize = 4 << 20;

/// Running totals for the closing summary.
#[derive(Default)]
struct Summary {
    posts: u64,
    decisions: [u64; 3],
    errors: u64,
    by_category: Vec<u64>,
    input_bytes: u64,
    text_bytes: u64,
}

impl Summary {
    fn new() -> Summary {
        Summary {
            by_category: vec![0; Category::ALL.len()],
            ..Summary::default()
        }
    }

    /// Counts one line, of `input_bytes` bytes in the input, that gave `r`.
    fn add(&mut self, input_bytes: u64, r: LineResult) {
        self.posts += 1;
        self.input_bytes += input_bytes;
        match r {
            LineResult::Verdict {
                decision,
                categories,
                text_bytes,
            } => {
                self.decisions[decision as usize] += 1;
                self.text_bytes += text_bytes as u64;
                for c in categories {
                    self.by_category[Category::ALL.iter().position(|x| *x == c).unwrap_or(0)] += 1;
                }
            }
            LineResult::Error => self.errors += 1,
        }
    }

    /// Adds the totals of `other`.
    fn merge(&mut self, other: &Summary) {
        self.posts += other.posts;
        self.input_bytes += other.input_bytes;
        self.text_bytes += other.text_bytes;
        self.errors += other.errors;
        for (a, b) in self.decisions.iter_mut().zip(&other.decisions) {
            *a += b;
        }
        for (a, b) in self.by_category.iter_mut().zip(&other.by_category) {
            *a += b;
        }
    }
}

pub(crate) fn run(
    engine: &Engine,
    pool: &rayon::ThreadPool,
    common: &Common,
    input: &Path,
    output: Option<&Path>,
    progress: bool,
    redact: bool,
) -> anyhow::Result<Outcome> {
    let (mut reader, total): (Box<dyn BufRead + Send>, Option<u64>) = if input == Path::new("-") {
        (
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
            None,
        )
    } else {
        let file = File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
        let len = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 20, file)), len)
    };
    let mut out: Box<dyn Write + Send> = match output {
        Some(path) => Box::new(BufWriter::with_capacity(
            1 << 20,
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout())),
    };
    let bar = progress.then(|| progress_bar(total));

    let started = Instant::now();
    let mut summary = Summary::new();
    let cap = line_limit(engine.config().get_max_post_bytes());

    // Three stages, so that reading and writing overlap the screening instead of adding to
    // it (with them in line, two threads ran at 1.4 times one): a reader thread cuts the input
    // into chunks, the pool screens a chunk while the next is read, and a writer thread writes
    // the previous chunk's verdicts. The channels hold two chunks each, so memory stays flat.
    let (chunk_tx, chunk_rx) = std::sync::mpsc::sync_channel::<anyhow::Result<Chunk>>(2);
    let (line_tx, line_rx) = std::sync::mpsc::sync_channel::<Vec<String>>(2);
    // The buffers of screened chunks go back to the reader, which reads later lines into them:
    // a chunk then costs no allocation, and no free on another thread.
    let (spare_tx, spare_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut line_no = 0u64;
            loop {
                let mut chunk = Chunk {
                    bytes: spare_rx.try_recv().unwrap_or_default(),
                    lines: Vec::with_capacity(CHUNK_LINES),
                };
                chunk.bytes.clear();
                // (Lines too long to be kept count: the chunk is a share of the input.)
                let mut chunk_bytes = 0;
                let mut eof = false;
                while chunk.lines.len() < CHUNK_LINES && chunk_bytes < CHUNK_BYTES {
                    let raw = match read_line(&mut reader, cap, &mut chunk.bytes) {
                        Ok(Some(raw)) => raw,
                        Ok(None) => {
                            eof = true;
                            break;
                        }
                        Err(e) => {
                            let at = line_no + chunk.lines.len() as u64;
                            let e = anyhow::Error::new(e).context(format!(
                                "cannot read {} after line {at}",
                                input.display()
                            ));
                            // The lines before the error are screened and written first.
                            let _ = chunk_tx.send(Ok(std::mem::take(&mut chunk)));
                            let _ = chunk_tx.send(Err(e));
                            return;
                        }
                    };
                    chunk_bytes += raw.input_bytes() as usize;
                    chunk.lines.push(raw);
                }
                line_no += chunk.lines.len() as u64;
                if !chunk.lines.is_empty() && chunk_tx.send(Ok(chunk)).is_err() {
                    return; // the screening stage stopped
                }
                if eof {
                    return;
                }
            }
        });
        // Each string holds whole output lines, line ends included.
        let writer = scope.spawn(move || -> std::io::Result<()> {
            for blocks in line_rx {
                for block in blocks {
                    out.write_all(block.as_bytes())?;
                }
            }
            out.flush()
        });

        let mut line_no = 0u64;
        let mut failure = None;
        for chunk in chunk_rx {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            let first = line_no + 1;
            line_no += chunk.lines.len() as u64;
            let text = chunk.text();
            let screen = |i: usize, raw: &RawLine, out: &mut String| {
                let r = screen_raw(
                    engine,
                    common.account,
                    chunk.read(text, raw),
                    first + i as u64,
                    redact,
                    cap,
                    out,
                );
                out.push('\n');
                r
            };
            // Screening takes memory in proportion to the post, so big posts are screened one
            // at a time: eight threads on 4 MB posts at once once took 8.9 GB. They are one
            // task of the pool beside the rest of the chunk: screened after it on this thread,
            // the one post of 0.75 MB in the Weibo comments was a tenth of a run on two threads,
            // with the pool idle.
            let big = |raw: &RawLine| matches!(raw, RawLine::Line(r) if r.len() > BIG_LINE);
            let bigs = || -> Vec<Screened> {
                let lines = chunk.lines.iter().enumerate();
                lines
                    .filter(|(_, raw)| big(raw))
                    .map(|(i, raw)| {
                        let mut out = String::new();
                        (i, screen(i, raw, &mut out), out, raw.input_bytes())
                    })
                    .collect()
            };
            let (blocks, bigs) = pool.install(|| {
                let blocks = || -> Vec<Block> {
                    chunk
                        .lines
                        .par_chunks(BLOCK_LINES)
                        .enumerate()
                        .map(|(b, lines)| {
                            // (Room for a verdict without hits a line: most lines need no more.
                            // The lines are counted here, on the pool, rather than on this
                            // thread while the pool waits for the next chunk.)
                            let mut block = Block {
                                text: String::with_capacity(lines.len() * VERDICT_BYTES),
                                ends: Vec::with_capacity(lines.len()),
                                summary: Summary::new(),
                            };
                            for (j, raw) in lines.iter().enumerate() {
                                if !big(raw) {
                                    let r = screen(b * BLOCK_LINES + j, raw, &mut block.text);
                                    block.summary.add(raw.input_bytes(), r);
                                }
                                block.ends.push(block.text.len());
                            }
                            block
                        })
                        .collect()
                };
                rayon::join(blocks, bigs)
            });
            let mut bigs = bigs.into_iter().peekable();
            let mut texts = Vec::with_capacity(blocks.len());
            for (b, mut block) in blocks.into_iter().enumerate() {
                let first = b * BLOCK_LINES;
                let here = |s: &Screened| s.0 < first + BLOCK_LINES;
                if bigs.peek().is_some_and(here) {
                    let these = std::iter::from_fn(|| bigs.next_if(here));
                    block.fill(these.map(|(i, r, out, bytes)| (i - first, r, out, bytes)));
                }
                summary.merge(&block.summary);
                texts.push(block.text);
            }
            if line_tx.send(texts).is_err() {
                break; // the writer stopped on an error, reported below
            }
            let spare = chunk.bytes;
            // (Dropped when the reader has buffers enough, or has stopped.)
            if spare.capacity() <= REUSED_BYTES {
                let _ = spare_tx.try_send(spare);
            }
            if let Some(bar) = &bar {
                match total {
                    Some(_) => bar.set_position(summary.input_bytes),
                    None => bar.set_position(summary.posts),
                }
            }
        }
        drop(line_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")));
        if let Err(e) = written {
            return closed_or(e, &summary);
        }
        if let Some(e) = failure {
            return Err(e);
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        print_summary(
            &summary,
            started.elapsed().as_secs_f64(),
            pool.current_num_threads(),
        );
        Ok(Outcome::Code(exit_code(&summary)))
    })
}

fn exit_code(s: &Summary) -> u8 {
    if s.errors > 0 {
        2
    } else if s.decisions[Decision::Review as usize] + s.decisions[Decision::Block as usize] > 0 {
        1
    } else {
        0
    }
}

/// A write error: a closed pipe ends quietly with the code of the posts screened so far,
/// anything else is an error.
fn closed_or(e: std::io::Error, s: &Summary) -> anyhow::Result<Outcome> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(Outcome::Code(exit_code(s)))
    } else {
        Err(anyhow::Error::new(e).context("cannot write the verdicts"))
    }
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    match total {
        Some(len) => {
            let bar = ProgressBar::new(len);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        }
        None => {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {pos} posts {per_sec}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    }
}

/// A big line screened on its own: its index (in the chunk, or in its block for
/// [`Block::fill`]), what it gave, its output line and its bytes in the input.
type Screened = (usize, LineResult, String, u64);

/// The output of a run of input lines: their output lines, line ends included, in one string;
/// per line where its output ends (a big line, screened on its own, has none yet); and the
/// totals of the lines screened.
struct Block {
    text: String,
    ends: Vec<usize>,
    summary: Summary,
}

impl Block {
    /// Writes the text anew with the output of the big lines in place, and counts them:
    /// `screened` gives them in order, each with its index in the block.
    fn fill(&mut self, screened: impl Iterator<Item = Screened>) {
        let old = std::mem::take(&mut self.text);
        let mut screened = screened.peekable();
        let mut from = 0;
        for (j, end) in self.ends.iter_mut().enumerate() {
            match screened.next_if(|s| s.0 == j) {
                Some((_, r, out, input_bytes)) => {
                    self.text.push_str(&out);
                    self.summary.add(input_bytes, r);
                }
                None => self.text.push_str(&old[from..*end]),
            }
            from = *end;
            *end = self.text.len();
        }
        debug_assert!(screened.next().is_none(), "every big line in its place");
    }
}

fn print_summary(s: &Summary, secs: f64, threads: usize) {
    let secs = secs.max(1e-9);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "shenhe: {} posts in {:.2} s on {} thread{}: {:.0} posts/s, {:.1} MB/s of input ({:.1} MB/s of text)",
        s.posts,
        secs,
        threads,
        if threads == 1 { "" } else { "s" },
        s.posts as f64 / secs,
        s.input_bytes as f64 / 1e6 / secs,
        s.text_bytes as f64 / 1e6 / secs,
    );
    let _ = writeln!(
        err,
        "  verdicts: pass {}, review {}, block {}, errors {}",
        s.decisions[Decision::Pass as usize],
        s.decisions[Decision::Review as usize],
        s.decisions[Decision::Block as usize],
        s.errors,
    );
    let mut cats: Vec<(u64, Category)> = Category::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| s.by_category[*i] > 0)
        .map(|(i, c)| (s.by_category[i], *c))
        .collect();
    cats.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if !cats.is_empty() {
        let list: Vec<String> = cats.iter().map(|(n, c)| format!("{c} {n}")).collect();
        let _ = writeln!(err, "  posts by category: {}", list.join(", "));
    }
}
