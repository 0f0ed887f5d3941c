#!/usr/bin/env python3
"""Where `Engine::screen`'s time goes on Weibo comments, stage by stage, in wall-clock time: the
stage ladder of DESIGN.md §6 and of issue 12's closing notes.

    scripts/stages.py DATA [--rounds N] [--passes N]
    scripts/stages.py --check

DATA is the folder that holds corpus/weibo-comments.jsonl (../shared/data in the developers'
layout); when it is missing, the script says so and exits 0. The measurement is not run in CI:
it builds the engine eleven times (about five minutes here) and times each build on a quiet
machine.

The posts and the engine are those of `cargo bench --bench scan`'s `screen/10000`: the first
4 MiB of comment texts (99,779 posts), screened again and again, with the shipped lexicons.
Each stage is a copy of the working tree (target/stages/src) with the pipeline cut short at one
place, so that it does the work of the stages before and none after; a stage's cost is the
difference from the one before it. The cuts are made by replacing text of the sources: when a
cut's text is not found exactly once (the code changed), the script stops and names it. A cut
build's verdicts are wrong by design: it measures, it does not screen. `raw` is the bench's
reference, daachorse's overlapping scan of the same terms over the same posts, no normalization.
`--check` only applies every cut to the sources, in memory, and says whether each found its
text: what scripts/test.sh runs, so that a change to the classifier that moves a cut's text
fails there rather than when someone next measures.

Each build is run --rounds times (default 3), the builds alternated, and each run reports the
best of --passes passes over the posts (default 4: the first warms the caches and the
segmenter's memo, as the bench's warm-up does); the table gives the median over the rounds.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLASSIFY = "crates/shenhe-core/src/classify.rs"
ENGINE = "crates/shenhe-core/src/engine.rs"

# The probe each build runs: the bench's posts and engine, best of N passes, and the raw scan.
PROBE = r'''//! Written by scripts/stages.py into its copy of the tree; not part of the repository.
#[path = "../benches/common.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

fn best_of(passes: usize, mut pass: impl FnMut()) -> f64 {
    (0..passes)
        .map(|_| {
            let t = Instant::now();
            pass();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let passes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(4);
    let (_, posts) = common::corpus(4 << 20);
    let engine = common::engine(10_000);
    shenhe::preload_segmenter();
    let screen = best_of(passes, || {
        for p in &posts {
            black_box(engine.screen(black_box(p.as_str())).unwrap());
        }
    });
    let mut terms = common::terms(10_000);
    terms.sort_unstable();
    terms.dedup();
    let raw = daachorse::CharwiseDoubleArrayAhoCorasick::with_values(
        terms.iter().map(String::as_str).zip(0u32..),
    )
    .unwrap();
    let scan = best_of(passes, || {
        let n: usize = posts.iter().map(|p| raw.find_overlapping_iter(p).count()).sum();
        black_box(n);
    });
    println!("{screen:.2} {scan:.2}");
}
'''

# The main walk's and the view's steps with nothing done per match but reading its value.
BARE_STEP = '''    let mut sink = 0u64;
    macro_rules! step {
        ($i:expr, $c:expr) => {{
            let (_i, c): (usize, char) = ($i, $c);
            if MAIN {
                read.consume(c);
                for m in read.matches() {
                    sink = sink.wrapping_add(m.value() as u64);
                }
            }
            let Some((_view, stepper, keys)) = &mut heard else {
                continue;
            };
            if VIEW {
                stepper.consume(keys.of(c));
                for m in stepper.matches() {
                    sink = sink.wrapping_add(m.value() as u64);
                }
            }
        }};
    }
'''
RETURN = "    if std::hint::black_box(true) {\n        return;\n    }\n"
AFTER_WALK = "    // Stutter (赌赌博博) is matched on a second view where repeats are collapsed.\n"


def replace(text, old, new, what):
    if text.count(old) != 1:
        sys.exit(f"stages.py: the cut '{what}' expects its text once, found it "
                 f"{text.count(old)} times: {old.strip()[:80]!r} (the code changed; update the cut)")
    return text.replace(old, new)


def bare_walk(view, main=True):
    def cut(files):
        s = files[CLASSIFY]
        start = s.find("    macro_rules! step {")
        end = s.find("    match norm.chars() {", start)
        if start < 0 or end < 0:
            sys.exit("stages.py: the cut 'bare walk' found no step! macro (the code changed)")
        step = BARE_STEP.replace("VIEW", str(view).lower()).replace("MAIN", str(main).lower())
        s = s[:start] + step + s[end:]
        s = replace(s, AFTER_WALK,
                    "    if std::hint::black_box(sink) != 7 {\n        return;\n    }\n" + AFTER_WALK,
                    "bare walk")
        files[CLASSIFY] = s
    return cut


def no_detectors(files):
    s = files[ENGINE]
    s = replace(s, "        self.inner.detectors.run(",
                "        if std::hint::black_box(false) {\n        self.inner.detectors.run(",
                "no detectors")
    s = replace(s, "            &mut findings,\n        );\n        to_hits(",
                "            &mut findings,\n        );\n        }\n        to_hits(", "no detectors")
    files[ENGINE] = s


def view_matches_unread(files):
    files[CLASSIFY] = replace(
        files[CLASSIFY],
        "            stepper.consume(keys.of(c));\n            for m in stepper.matches() {\n",
        "            stepper.consume(keys.of(c));\n"
        "            black_box_matches(stepper.matches());\n"
        "            for m in stepper.matches().take(0) {\n",
        "view matches unread")
    files[CLASSIFY] += ("\nfn black_box_matches<I: Iterator<Item = daachorse::Match<u32>>>(m: I) {\n"
                        "    std::hint::black_box(m.map(|m| m.value()).fold(0u32, u32::wrapping_add));\n}\n")


def return_before(anchor, what):
    def cut(files):
        files[CLASSIFY] = replace(files[CLASSIFY], anchor, RETURN + anchor, what)
    return cut


def after_early_filters(files):
    files[CLASSIFY] = replace(
        files[CLASSIFY], "    if candidates.is_empty() {\n        return;\n    }\n",
        "    if candidates.is_empty() || std::hint::black_box(true) {\n        return;\n    }\n",
        "after the early filters")


def no_segmenter(files):
    s = files[CLASSIFY]
    s = replace(s, "!segment::is_whole_words(norm, start, end)", "!std::hint::black_box(true)",
                "no segmenter")
    s = replace(s, "if segment::is_heard_evasion(norm, start, end, term)",
                "if std::hint::black_box(!term.is_empty())", "no segmenter")
    files[CLASSIFY] = s


# (name, what the stage adds, cuts): each stage does the work of those above it.
STAGES = [
    ("normalize", "normalization, the verdict (no walk)",
     [bare_walk(False, main=False), no_detectors]),
    ("walk", "the main walk", [bare_walk(False), no_detectors]),
    ("view", "the homophone view's walk", [bare_walk(True), no_detectors]),
    ("marks", "the detectors that punctuation wakes", [bare_walk(True)]),
    ("read", "the main walk's matches (and the detectors their words wake)",
     [view_matches_unread, return_before(AFTER_WALK, "after the walk")]),
    ("heard", "the view's matches", [return_before(AFTER_WALK, "after the walk")]),
    ("filters", "stutter, the early filters of candidates", [after_early_filters]),
    ("passover", "the pass-over of posts that lack context",
     [return_before("    // Within one category, a hit inside a longer hit says nothing new",
                    "before the sort")]),
    ("index", "the sort and the index of set words",
     [return_before("    let mut covered: Option<(Category, u32)> = None;", "before the rules")]),
    ("rules", "the rules, without the segmenter (more hits than the full build)", [no_segmenter]),
    ("full", "the segmenter's cuts: the whole pipeline", []),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--passes", type=int, default=4)
    ap.add_argument("--check", action="store_true", help="apply the cuts, build nothing")
    args = ap.parse_args()
    if args.check:
        sources = {}
        for path in (CLASSIFY, ENGINE):
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                sources[path] = f.read()
        for name, _, cuts in STAGES:
            files = dict(sources)
            for cut in cuts:
                cut(files)
        print(f"stages.py: the cuts of all {len(STAGES)} stages apply")
        return
    if not args.data:
        ap.error("DATA is required (or --check)")
    data = os.path.abspath(args.data)
    if not os.path.isfile(os.path.join(data, "corpus", "weibo-comments.jsonl")):
        print(f"stages.py: no corpus/weibo-comments.jsonl under '{args.data}': skipped")
        return

    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    work = os.path.join(target, "stages")
    src = os.path.join(work, "src")
    bins = os.path.join(work, "bin")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(bins, exist_ok=True)
    # The working tree as git knows it (tracked files, with their edits).
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                             capture_output=True).stdout.decode().split("\0")
    for f in filter(None, tracked):
        if os.path.isfile(os.path.join(ROOT, f)):
            os.makedirs(os.path.dirname(os.path.join(src, f)) or src, exist_ok=True)
            shutil.copy2(os.path.join(ROOT, f), os.path.join(src, f))
    os.makedirs(os.path.join(src, "examples"), exist_ok=True)
    with open(os.path.join(src, "examples", "stage_probe.rs"), "w", encoding="utf-8") as f:
        f.write(PROBE)
    originals = {}
    for path in (CLASSIFY, ENGINE):
        with open(os.path.join(src, path), encoding="utf-8") as f:
            originals[path] = f.read()

    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target"), SHENHE_DATA=data)
    # Cut builds leave variables unused: their warnings are expected, not the code's.
    env["RUSTFLAGS"] = (env.get("RUSTFLAGS", "") + " -A warnings").strip()
    for name, _, cuts in STAGES:
        files = dict(originals)
        for cut in cuts:
            cut(files)
        for path, text in files.items():
            with open(os.path.join(src, path), "w", encoding="utf-8") as f:
                f.write(text)
        print(f"== build {name}", flush=True)
        subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "stage_probe"],
                       cwd=src, env=env, check=True)
        shutil.copy2(os.path.join(work, "target", "release", "examples", "stage_probe"),
                     os.path.join(bins, name))

    times = {name: [] for name, _, _ in STAGES}
    raw = []
    for r in range(args.rounds):
        for name, _, _ in STAGES:
            out = subprocess.run([os.path.join(bins, name), str(args.passes)], env=env,
                                 check=True, capture_output=True, text=True).stdout.split()
            times[name].append(float(out[0]))
            raw.append(float(out[1]))
        print(f"== round {r + 1} of {args.rounds} done", flush=True)

    print(f"\n{'stage':10} {'ms':>8} {'+ms':>7}  adds")
    print(f"{'raw':10} {statistics.median(raw):8.1f} {'':7}  daachorse's scan alone (reference)")
    before = 0.0
    for name, adds, _ in STAGES:
        ms = statistics.median(times[name])
        print(f"{name:10} {ms:8.1f} {ms - before:+7.1f}  {adds}")
        before = ms


if __name__ == "__main__":
    main()
