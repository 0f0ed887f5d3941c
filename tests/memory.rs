//! The heap a post costs: one post of each of the shapes that once made screening quadratic
//! (a pattern repeated), and one of all of them mixed, screened after the engine has loaded
//! everything it loads on first use. The heap is counted by the global allocator of this test
//! binary, from just before the screen to its peak, and must stay within a bound in proportion
//! to the post: the memory of a post is linear in the post, whatever it holds.
//!
//! `scripts/pathological.py` measures the same shapes at 1, 2 and 4 MiB with the release CLI
//! (time and peak RSS).

use std::alloc::System;

use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};
use shenhe::{Config, Engine};

#[global_allocator]
static HEAP: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The shapes, (name, unit repeated), that `scripts/pathological.py` reads too.
const PATTERNS: &str = include_str!("data/pathological.json");

/// The size of each post: enough that the engine's fixed costs do not count, small enough for
/// a debug build.
const POST: usize = 1 << 20;

/// The most heap a post may cost, in multiples of its size (the figures are printed).
const BOUND: usize = 10;

fn post(unit: &str) -> String {
    unit.repeat(POST / unit.len())
}

/// The peak heap of screening `text` (already in memory), over the heap before. On a thread of
/// its own: the engine keeps its working memory per thread, sized by the longest post yet.
fn heap_of(engine: &Engine, text: &str) -> usize {
    std::thread::scope(|s| {
        s.spawn(|| {
            // The thread's working memory and regex caches, as a short post leaves them.
            engine.screen("今天召开全市经济工作会议，加微信").unwrap();
            HEAP.reset_peak_memory();
            let verdict = engine.screen(text).expect("within the post limit");
            let peak = HEAP.get_peak_memory();
            drop(verdict);
            peak
        })
        .join()
        .expect("screening does not panic")
    })
}

#[test]
fn the_heap_of_a_post_is_in_proportion_to_it_whatever_it_holds() {
    let engine = Engine::builder()
        .config(Config::new().max_post_bytes(2 * POST))
        .build()
        .expect("the shipped lexicons build");
    let patterns: Vec<(String, String)> =
        serde_json::from_str(PATTERNS).expect("tests/data/pathological.json is a list of pairs");
    assert!(patterns.len() >= 13);
    let mixed: String = patterns.iter().map(|p| p.1.as_str()).collect();
    let mut posts: Vec<(&str, String)> = patterns
        .iter()
        .map(|(n, u)| (n.as_str(), post(u)))
        .collect();
    posts.push(("mix of all", post(&mixed)));
    // What the engine loads on first use (the word segmenter's dictionary, tables) is loaded
    // once per process, whatever the post: load it before counting.
    for (_, text) in &posts {
        engine
            .screen(&text[..text.floor_char_boundary(4096)])
            .unwrap();
    }
    let mut over = Vec::new();
    for (name, text) in &posts {
        let heap = heap_of(&engine, text);
        let ratio = heap as f64 / text.len() as f64;
        let mib = |n: usize| n as f64 / 1048576.0;
        println!(
            "{name:>12}: {:.1} MiB for a {:.1} MiB post: {ratio:.1}x",
            mib(heap),
            mib(text.len())
        );
        if heap > BOUND * text.len() {
            over.push(format!("{name}: {ratio:.1}x, over {BOUND}x"));
        }
    }
    assert!(over.is_empty(), "{over:?}");
}
