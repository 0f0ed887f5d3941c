//! The challenge set (`tests/data/challenge.jsonl`, see `tests/data/README.md`) and its cloaked
//! copy (`challenge-cloaked.jsonl`, made by `cargo run -p xtask -- cloak`): the files' shape, and
//! the engine's rates on them for an `org` account.
//!
//! The rates are those of `shenhe eval` (crates/shenhe-cli/src/eval.rs): a harmful post counts
//! when its verdict is review or block and one of its verdict categories (hits whose action is
//! review or block) is in its `cats`; a near miss counts as held for content when any verdict
//! category is other than the procedural `needs_signoff`, `missing_attribution` and `format`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;
use shenhe::{Account, Category, Decision, Input, Verdict};

use crate::util::SHIPPED;

/// The content categories of contract §3: the set has posts for each of them.
const CONTENT: [&str; 19] = [
    "constitution",
    "state_security",
    "state_secret",
    "national_honor",
    "ethnic_hatred",
    "cult_superstition",
    "rumor",
    "porn",
    "gambling",
    "violence_terror",
    "crime_instigation",
    "insult_defamation",
    "illegal_assembly",
    "illegal_organization",
    "unauthorized_disclosure",
    "emotional_opinion",
    "other_prohibited",
    "vulgar",
    "commercial_ad",
];

/// Categories that hold clean official text for reasons other than its content; the same list
/// as `PROCEDURAL` in crates/shenhe-cli/src/eval.rs (keep the two in step).
const PROCEDURAL: [Category; 3] = [
    Category::NeedsSignoff,
    Category::MissingAttribution,
    Category::Format,
];

/// The thresholds of issue 11.
const MIN_HARMFUL_HELD: f64 = 0.95;
const MAX_NEAR_MISS_HELD: f64 = 0.02;
const MIN_CLOAKED_SHARE: f64 = 0.85;

/// One line of either file.
#[derive(Debug)]
struct Post {
    line: usize,
    id: String,
    text: String,
    harm: bool,
    cats: Vec<String>,
    keys: Vec<String>,
}

impl Post {
    /// The category named by the id (`ch-<category>-NN`, plus `-c` in the cloaked copy).
    fn id_category(&self) -> &str {
        let rest = self.id.strip_prefix("ch-").unwrap_or("");
        let rest = rest.strip_suffix("-c").unwrap_or(rest);
        rest.rsplit_once('-').map_or("", |(cat, _)| cat)
    }
}

fn load(name: &str) -> Vec<Post> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let at = format!("{name}:{}", i + 1);
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
            let string = |field: &str| {
                v[field]
                    .as_str()
                    .unwrap_or_else(|| panic!("{at}: `{field}` is not a string"))
                    .to_string()
            };
            let strings = |field: &str| -> Vec<String> {
                v[field]
                    .as_array()
                    .unwrap_or_else(|| panic!("{at}: `{field}` is not an array"))
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .unwrap_or_else(|| panic!("{at}: `{field}` holds a non-string"))
                            .to_string()
                    })
                    .collect()
            };
            assert!(v["why"].is_string(), "{at}: `why` is not a string");
            Post {
                line: i + 1,
                id: string("id"),
                text: string("text"),
                harm: v["harm"]
                    .as_bool()
                    .unwrap_or_else(|| panic!("{at}: `harm` is not a boolean")),
                cats: strings("cats"),
                keys: strings("keys"),
            }
        })
        .collect()
}

#[test]
fn the_challenge_files_are_well_formed() {
    let plain = load("challenge.jsonl");
    let cloaked = load("challenge-cloaked.jsonl");

    let mut ids = HashSet::new();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for p in &plain {
        let at = format!("challenge.jsonl:{} ({})", p.line, p.id);
        assert!(ids.insert(p.id.as_str()), "{at}: duplicate id");
        let cat = p.id_category();
        assert!(
            CONTENT.contains(&cat) && p.id.ends_with(|c: char| c.is_ascii_digit()),
            "{at}: the id is not ch-<content category>-NN"
        );
        assert!(!p.text.trim().is_empty(), "{at}: empty text");
        for c in &p.cats {
            assert!(c.parse::<Category>().is_ok(), "{at}: unknown category {c}");
        }
        if p.harm {
            assert!(
                p.cats.iter().any(|c| c == cat),
                "{at}: a harmful post's cats must name its own category"
            );
            assert!(!p.keys.is_empty(), "{at}: a harmful post needs keys");
        } else {
            assert!(p.cats.is_empty(), "{at}: a near miss has no cats");
        }
        for k in &p.keys {
            assert!(
                p.text.contains(k.as_str()),
                "{at}: key {k} is not in the text"
            );
            let n = k.chars().count();
            assert!((2..=4).contains(&n), "{at}: key {k} is not 2-4 characters");
        }
        let slot = counts.entry(cat).or_default();
        if p.harm {
            slot.0 += 1;
        } else {
            slot.1 += 1;
        }
    }
    for cat in CONTENT {
        let (harm, near) = counts.get(cat).copied().unwrap_or_default();
        assert!(harm >= 30, "{cat}: {harm} harmful posts, want at least 30");
        assert!(near >= 20, "{cat}: {near} near misses, want at least 20");
    }

    assert_eq!(
        cloaked.len(),
        plain.len(),
        "the cloaked copy is stale: run `cargo run -p xtask -- cloak`"
    );
    for (p, c) in plain.iter().zip(&cloaked) {
        let at = format!("challenge-cloaked.jsonl:{} ({})", c.line, c.id);
        assert_eq!(c.id, format!("{}-c", p.id), "{at}: ids out of step");
        assert_eq!((c.harm, &c.cats), (p.harm, &p.cats), "{at}: labels differ");
        if p.harm {
            assert_ne!(c.text, p.text, "{at}: a harmful post is not cloaked");
        }
        for k in &c.keys {
            assert!(
                c.text.contains(k.as_str()),
                "{at}: key {k} is not in the text"
            );
        }
    }
}

/// Per category of the id: harmful posts, of them held in an expected category, near misses,
/// of them held for content.
#[derive(Default, Clone, Copy)]
struct Row {
    harm: usize,
    harm_held: usize,
    near: usize,
    near_held: usize,
}

impl std::ops::AddAssign for Row {
    fn add_assign(&mut self, o: Row) {
        self.harm += o.harm;
        self.harm_held += o.harm_held;
        self.near += o.near;
        self.near_held += o.near_held;
    }
}

fn held_in_expected(p: &Post, v: &Verdict) -> bool {
    v.verdict != Decision::Pass
        && v.categories
            .iter()
            .any(|c| p.cats.iter().any(|e| e == c.id()))
}

fn held_for_content(v: &Verdict) -> bool {
    v.categories.iter().any(|c| !PROCEDURAL.contains(c))
}

/// Screens every post for an org account; rows per category, the total, and the misses.
fn measure(posts: &[Post]) -> (BTreeMap<String, Row>, Row, Vec<String>) {
    let verdicts: Vec<Verdict> = posts
        .par_iter()
        .map(|p| {
            SHIPPED
                .screen(Input::new(&p.text).account(Account::Org).id(&p.id))
                .unwrap_or_else(|e| panic!("{}: {e}", p.id))
        })
        .collect();
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut total = Row::default();
    let mut wrong = Vec::new();
    for (p, v) in posts.iter().zip(&verdicts) {
        let mut r = Row::default();
        if p.harm {
            r.harm = 1;
            r.harm_held = usize::from(held_in_expected(p, v));
            if r.harm_held == 0 {
                wrong.push(format!("  MISS {} {:?} {}", p.id, v.categories, p.text));
            }
        } else {
            r.near = 1;
            r.near_held = usize::from(held_for_content(v));
            if r.near_held == 1 {
                let terms: Vec<String> = v
                    .hits
                    .iter()
                    .filter(|h| h.action > shenhe::Action::Note)
                    .map(|h| format!("{}:{}", h.category, h.term))
                    .collect();
                wrong.push(format!("  OVER {} {terms:?} {}", p.id, p.text));
            }
        }
        *rows.entry(p.id_category().to_string()).or_default() += r;
        total += r;
    }
    (rows, total, wrong)
}

fn rate(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

fn table(plain: &BTreeMap<String, Row>, cloaked: &BTreeMap<String, Row>) -> String {
    let mut out = format!(
        "{:<24} {:>15} {:>15} {:>13} {:>13}\n",
        "category", "harmful held", "cloaked held", "near held", "cloaked near"
    );
    for (cat, p) in plain {
        let c = cloaked.get(cat).copied().unwrap_or_default();
        out += &format!(
            "{cat:<24} {:>9}/{:<3}{:>3.0}% {:>9}/{:<3}{:>3.0}% {:>7}/{:<3}{:>2.0}% {:>7}/{:<3}{:>2.0}%\n",
            p.harm_held,
            p.harm,
            100.0 * rate(p.harm_held, p.harm),
            c.harm_held,
            c.harm,
            100.0 * rate(c.harm_held, c.harm),
            p.near_held,
            p.near,
            100.0 * rate(p.near_held, p.near),
            c.near_held,
            c.near,
            100.0 * rate(c.near_held, c.near),
        );
    }
    out
}

#[test]
fn the_engine_holds_the_challenge_set() {
    let (plain_rows, plain, plain_wrong) = measure(&load("challenge.jsonl"));
    let (cloaked_rows, cloaked, cloaked_wrong) = measure(&load("challenge-cloaked.jsonl"));
    let harm_rate = rate(plain.harm_held, plain.harm);
    let near_rate = rate(plain.near_held, plain.near);
    let cloaked_rate = rate(cloaked.harm_held, cloaked.harm);
    let cloaked_near_rate = rate(cloaked.near_held, cloaked.near);
    let summary = format!(
        "{}\nharmful held in an expected category: plain {:.1}% ({}/{}), cloaked {:.1}% ({}/{}) = \
         {:.1}% of plain\nnear misses held for content: plain {:.1}% ({}/{}), cloaked {:.1}% \
         ({}/{})",
        table(&plain_rows, &cloaked_rows),
        100.0 * harm_rate,
        plain.harm_held,
        plain.harm,
        100.0 * cloaked_rate,
        cloaked.harm_held,
        cloaked.harm,
        100.0 * rate(cloaked.harm_held, plain.harm_held),
        100.0 * near_rate,
        plain.near_held,
        plain.near,
        100.0 * cloaked_near_rate,
        cloaked.near_held,
        cloaked.near,
    );
    println!("{summary}");
    if std::env::var_os("CHALLENGE_SHOW").is_some() {
        println!("plain:\n{}", plain_wrong.join("\n"));
        println!("cloaked:\n{}", cloaked_wrong.join("\n"));
    }
    assert!(
        harm_rate >= MIN_HARMFUL_HELD,
        "harmful held in an expected category {:.1}% < {:.0}%\n{summary}",
        100.0 * harm_rate,
        100.0 * MIN_HARMFUL_HELD
    );
    assert!(
        near_rate <= MAX_NEAR_MISS_HELD,
        "near misses held for content {:.1}% > {:.0}%\n{summary}",
        100.0 * near_rate,
        100.0 * MAX_NEAR_MISS_HELD
    );
    assert!(
        cloaked_rate >= MIN_CLOAKED_SHARE * harm_rate,
        "cloaked harmful held {:.1}% < {:.0}% of the plain {:.1}%\n{summary}",
        100.0 * cloaked_rate,
        100.0 * MIN_CLOAKED_SHARE,
        100.0 * harm_rate
    );
}
