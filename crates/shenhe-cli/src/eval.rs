//! `shenhe eval FILE...`: measure the engine on labelled JSONL
//! (`{"id","text","harm": bool, "cats": [...]}`, the shape of the public sets; `account`
//! optional). Lines of the demo sample, which say `"expect": "pass"|"review"|"block"` and put the
//! category id at the start of `why`, are read too: harmful unless `pass`, and the share of
//! verdicts exactly as expected is reported.
//!
//! Per file: recall of harmful posts (held = review or block), the share held in an expected
//! category, recall by expected category, precision, and on clean posts the hold rate, the hold
//! rate from content categories (all but `needs_signoff`, `missing_attribution`, `format`) and
//! the block rate. When the engine has a learned model (`--model`, or a saved engine that carries
//! one), per model class a table of thresholds with the recall and the clean posts held at each.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;
use serde::Deserialize;
use shenhe::{Account, Category, Decision, Engine, Input, Model, Target, Verdict};

/// One labelled line as written: the contract's `harm`/`cats`, or the demo sample's `expect`
/// (`pass`, `review`, `block`) with the category id at the start of `why`.
#[derive(Deserialize)]
struct RawLabelled {
    text: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    harm: Option<bool>,
    #[serde(default)]
    cats: Vec<String>,
    #[serde(default)]
    expect: Option<String>,
    #[serde(default)]
    why: Option<String>,
}

/// One labelled post, its labels resolved (what `eval` measures and `train` learns from).
pub(crate) struct Labelled {
    /// The 1-based line of the file it was read from.
    pub(crate) line: usize,
    pub(crate) text: String,
    id: Option<String>,
    account: Option<Account>,
    pub(crate) harm: bool,
    /// The expected categories as written (`eval` reports an id it does not know as is).
    pub(crate) cats: Vec<String>,
    /// The exact verdict the line expects, when it says one (`expect`).
    expect: Option<Decision>,
}

impl RawLabelled {
    /// The labels this line carries; `Err` says what is missing or wrong.
    fn resolve(self, line: usize) -> Result<Labelled, String> {
        let account = match self.account.as_deref() {
            None => None,
            Some(a) => Some(a.parse::<Account>().map_err(|e| e.to_string())?),
        };
        let expect = match self.expect.as_deref() {
            None => None,
            Some("pass") => Some(Decision::Pass),
            Some("review") => Some(Decision::Review),
            Some("block") => Some(Decision::Block),
            Some(other) => {
                return Err(format!(
                    "\"expect\" is {other:?}; it must be \"pass\", \"review\" or \"block\""
                ));
            }
        };
        let harm = match (self.harm, expect) {
            (Some(h), _) => h,
            (None, Some(e)) => e != Decision::Pass,
            (None, None) => {
                return Err(
                    "missing \"harm\": true|false (or the demo sample's \"expect\": \
                     pass|review|block)"
                        .to_string(),
                );
            }
        };
        let mut cats = self.cats;
        if cats.is_empty() && harm && self.harm.is_none() {
            // The sample's `why` starts with the category the author had in mind ("porn: …").
            let head = self.why.as_deref().unwrap_or("");
            let id: String = head
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if id.parse::<Category>().is_ok() {
                cats.push(id);
            }
        }
        Ok(Labelled {
            line,
            text: self.text,
            id: self.id,
            account,
            harm,
            cats,
            expect,
        })
    }
}

/// Categories that hold clean official text for reasons other than its content.
const PROCEDURAL: [Category; 3] = [
    Category::NeedsSignoff,
    Category::MissingAttribution,
    Category::Format,
];

#[derive(Default)]
struct Counts {
    harm: u64,
    harm_held: u64,
    harm_held_expected: u64,
    clean: u64,
    clean_held: u64,
    clean_content_held: u64,
    clean_blocked: u64,
    /// expected category → (posts, held in that category)
    by_category: BTreeMap<String, (u64, u64)>,
    /// category → clean posts held in it (what over-fires)
    clean_by_category: BTreeMap<Category, u64>,
    /// Posts whose line names the exact verdict expected (`expect`), and those that got it.
    expect: u64,
    expect_met: u64,
}

pub(crate) fn run(
    engine: &Engine,
    pool: &rayon::ThreadPool,
    account: Account,
    files: &[PathBuf],
    show: usize,
) -> anyhow::Result<u8> {
    if files.is_empty() {
        bail!("eval needs at least one labelled JSONL file");
    }
    let mut out = std::io::stdout().lock();
    for path in files {
        let posts = read(path)?;
        let verdicts: Vec<Verdict> = pool.install(|| {
            posts
                .par_iter()
                .map(|p| {
                    let mut input = Input::new(&p.text).account(p.account.unwrap_or(account));
                    if let Some(id) = &p.id {
                        input = input.id(id);
                    }
                    engine.screen(input)
                })
                .collect::<Result<_, _>>()
        })?;
        let counts = count(&posts, &verdicts);
        report(&mut out, path, &counts)?;
        if show > 0 {
            examples(&mut out, &posts, &verdicts, show)?;
        }
        if let Some(model) = engine.model() {
            let scores: Vec<Vec<(Target, f64)>> = pool.install(|| {
                posts
                    .par_iter()
                    .map(|p| engine.model_scores(&p.text))
                    .collect::<Result<_, _>>()
            })?;
            thresholds(&mut out, model, &posts, &scores)?;
        }
    }
    Ok(0)
}

/// The thresholds of the model table, besides each class's own.
const THRESHOLDS: [f64; 8] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99];

/// Whether labelled post `p` belongs to model class `target`: harmful for `harm`, harmful and
/// expected in the category for a category.
fn in_class(p: &Labelled, target: Target) -> bool {
    match target {
        Target::Harm => p.harm,
        Target::Category(c) => p.harm && p.cats.iter().any(|e| e == c.id()),
    }
}

/// Per model class, what each threshold would hold: the share of the class's labelled posts
/// (recall) and of clean posts scoring at or above it, so that a user can pick an operating
/// point and write it as a policy `model` line.
fn thresholds(
    out: &mut impl Write,
    model: &Model,
    posts: &[Labelled],
    scores: &[Vec<(Target, f64)>],
) -> std::io::Result<()> {
    let clean = posts.iter().filter(|p| !p.harm).count() as u64;
    for (k, class) in model.classes().iter().enumerate() {
        let target = class.target();
        let own = f64::from(class.threshold());
        let positives = posts.iter().filter(|p| in_class(p, target)).count() as u64;
        writeln!(
            out,
            "  model class {} (its threshold {own:.4}): {positives} posts of the class, {clean} clean",
            target.id()
        )?;
        writeln!(out, "    threshold       recall              clean held")?;
        let mut rows: Vec<(f64, bool)> = THRESHOLDS.iter().map(|&t| (t, false)).collect();
        rows.push((own, true));
        rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (t, is_own) in rows {
            let (mut caught, mut over) = (0u64, 0u64);
            for (p, s) in posts.iter().zip(scores) {
                if s[k].1 < t {
                    continue;
                }
                if in_class(p, target) {
                    caught += 1;
                }
                if !p.harm {
                    over += 1;
                }
            }
            let threshold = if is_own {
                format!("{t:.4} (model)")
            } else {
                format!("{t:.2}")
            };
            let recall = format!("{} ({caught}/{positives})", pct(caught, positives));
            writeln!(
                out,
                "    {threshold:<15} {recall:<19} {} ({over}/{clean})",
                pct(over, clean)
            )?;
        }
    }
    Ok(())
}

/// The labelled posts of `path`, in file order; a line that is not a labelled post is an error
/// naming file and line (blank lines are skipped).
pub(crate) fn read(path: &Path) -> anyhow::Result<Vec<Labelled>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut posts = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        // A byte-order mark at the top of a file is an editor's artefact.
        let line = match i {
            0 => line.strip_prefix('\u{feff}').unwrap_or(&line),
            _ => &line,
        };
        let post: RawLabelled = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a labelled post", path.display(), i + 1))?;
        let post = post
            .resolve(i + 1)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), i + 1))?;
        posts.push(post);
    }
    Ok(posts)
}

fn held(v: &Verdict) -> bool {
    v.verdict != Decision::Pass
}

fn count(posts: &[Labelled], verdicts: &[Verdict]) -> Counts {
    let mut c = Counts::default();
    for (p, v) in posts.iter().zip(verdicts) {
        if let Some(e) = p.expect {
            c.expect += 1;
            c.expect_met += u64::from(v.verdict == e);
        }
        if p.harm {
            c.harm += 1;
            if held(v) {
                c.harm_held += 1;
                if v.categories
                    .iter()
                    .any(|cat| p.cats.iter().any(|e| e == cat.id()))
                {
                    c.harm_held_expected += 1;
                }
            }
            for e in &p.cats {
                let slot = c.by_category.entry(e.clone()).or_default();
                slot.0 += 1;
                if v.categories.iter().any(|cat| cat.id() == e) {
                    slot.1 += 1;
                }
            }
        } else {
            c.clean += 1;
            if held(v) {
                c.clean_held += 1;
            }
            if v.categories.iter().any(|cat| !PROCEDURAL.contains(cat)) {
                c.clean_content_held += 1;
            }
            if v.verdict == Decision::Block {
                c.clean_blocked += 1;
            }
            for cat in &v.categories {
                *c.clean_by_category.entry(*cat).or_default() += 1;
            }
        }
    }
    c
}

fn pct(n: u64, d: u64) -> String {
    if d == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

fn report(out: &mut impl Write, path: &Path, c: &Counts) -> std::io::Result<()> {
    writeln!(out, "== {}", path.display())?;
    writeln!(
        out,
        "  harmful {:>6}  held {:>7} (recall)  held in an expected category {:>7}",
        c.harm,
        pct(c.harm_held, c.harm),
        pct(c.harm_held_expected, c.harm)
    )?;
    writeln!(
        out,
        "  clean   {:>6}  held {:>7}  held for content {:>7}  blocked {:>7}",
        c.clean,
        pct(c.clean_held, c.clean),
        pct(c.clean_content_held, c.clean),
        pct(c.clean_blocked, c.clean)
    )?;
    writeln!(
        out,
        "  precision {:>7}",
        pct(c.harm_held, c.harm_held + c.clean_held)
    )?;
    if c.expect > 0 {
        writeln!(
            out,
            "  verdict as expected {:>7} of {} lines that name one",
            pct(c.expect_met, c.expect),
            c.expect
        )?;
    }
    for (cat, (n, caught)) in &c.by_category {
        writeln!(
            out,
            "    recall in {cat:<24} {:>7} of {n}",
            pct(*caught, *n)
        )?;
    }
    if !c.clean_by_category.is_empty() {
        let list: Vec<String> = c
            .clean_by_category
            .iter()
            .map(|(cat, n)| format!("{cat} {n}"))
            .collect();
        writeln!(out, "    clean posts held by category: {}", list.join(", "))?;
    }
    Ok(())
}

/// Prints up to `show` missed harmful posts and held clean posts, for development.
fn examples(
    out: &mut impl Write,
    posts: &[Labelled],
    verdicts: &[Verdict],
    show: usize,
) -> std::io::Result<()> {
    let mut missed = 0;
    let mut over = 0;
    for (p, v) in posts.iter().zip(verdicts) {
        let text: String = p.text.chars().take(120).collect();
        if p.harm && !held(v) && missed < show {
            missed += 1;
            writeln!(out, "    MISS {:?} {}", p.cats, text)?;
        } else if !p.harm && held(v) && over < show {
            over += 1;
            let terms: Vec<String> = v
                .hits
                .iter()
                .filter(|h| h.action > shenhe::Action::Note)
                .map(|h| format!("{}:{}", h.category, h.term))
                .collect();
            writeln!(out, "    OVER {terms:?} {text}")?;
        }
    }
    Ok(())
}
