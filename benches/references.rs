//! Registered originals: index build time and screening throughput with 10k and 100k originals.
//!
//! The originals are generated (deterministic): sentences of 4–10 words drawn from a vocabulary
//! of 5,000 generated 3–5 character words, 300–900 characters a document. The posts are the
//! same vocabulary: every 10th copies a passage of about 150 characters from a random original
//! (no source named: one `reference:` hit), the rest are new text that shares words but no
//! passage with any original (no hit). The hit count is pinned before timing, so a wrong index
//! cannot look fast. `screen/none` is the same engine without originals, for comparison.

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use common::Rng;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use shenhe::{Engine, References};

const VOCABULARY: usize = 5_000;
const POSTS: usize = 2_000;
const COPY_EVERY: usize = 10;

/// Text of about `chars` characters: sentences of 4–10 words, commas and full stops.
fn text(words: &[String], rng: &mut Rng, chars: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    while n < chars {
        let len = 4 + rng.below(7);
        for i in 0..len {
            let w = &words[rng.below(words.len())];
            s.push_str(w);
            n += w.chars().count();
            if i + 1 < len && rng.below(3) == 0 {
                s.push('，');
            }
        }
        s.push('。');
    }
    s
}

fn originals(n: usize, words: &[String]) -> Vec<(String, String)> {
    let mut rng = Rng::new(0x5eed_0001);
    (0..n)
        .map(|i| {
            let chars = 300 + rng.below(600);
            (format!("ref-{i:06}"), text(words, &mut rng, chars))
        })
        .collect()
}

fn build(docs: &[(String, String)]) -> References {
    let mut b = References::builder();
    for (id, text) in docs {
        b.add(id, "", text, "").unwrap();
    }
    b.build()
}

/// Posts and the number that copy an original.
fn posts(docs: &[(String, String)], words: &[String]) -> (Vec<String>, usize) {
    let mut rng = Rng::new(0x5eed_0002);
    let mut out = Vec::with_capacity(POSTS);
    let mut copies = 0;
    for i in 0..POSTS {
        if i % COPY_EVERY == 0 {
            let (_, doc) = &docs[rng.below(docs.len())];
            let chars: Vec<char> = doc.chars().collect();
            let len = 150.min(chars.len());
            let start = rng.below(chars.len() - len + 1);
            let passage: String = chars[start..start + len].iter().collect();
            out.push(format!("转给大家看看：{passage}"));
            copies += 1;
        } else {
            let chars = 100 + rng.below(300);
            out.push(text(words, &mut rng, chars));
        }
    }
    (out, copies)
}

fn reference_hits(engine: &Engine, posts: &[String]) -> usize {
    posts
        .iter()
        .map(|p| {
            engine
                .screen(p.as_str())
                .unwrap()
                .hits
                .iter()
                .filter(|h| h.term.starts_with("reference:"))
                .count()
        })
        .sum()
}

fn references(c: &mut Criterion) {
    let words = common::generated_terms(VOCABULARY, 11);
    let all = originals(100_000, &words);
    let baseline = Engine::new().unwrap();
    for n in [10_000, 100_000] {
        let docs = &all[..n];
        let doc_bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
        let refs = build(docs);
        let engine = Engine::builder().references(refs.clone()).build().unwrap();
        let (posts, copies) = posts(docs, &words);
        let post_bytes: usize = posts.iter().map(String::len).sum();
        // Pin the answer before timing.
        let found = reference_hits(&engine, &posts);
        assert_eq!(
            found, copies,
            "{n} originals: {found} reference hits, {copies} copies"
        );
        assert_eq!(reference_hits(&baseline, &posts), 0);
        eprintln!(
            "{n} originals: {} MB of text, {} fingerprints, index {:.1} MB; {} posts, {copies} copies found",
            doc_bytes / 1_000_000,
            refs.fingerprints_len(),
            refs.memory_usage() as f64 / 1e6,
            posts.len(),
        );

        let mut g = c.benchmark_group("references/build");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(doc_bytes as u64));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(build(black_box(docs))))
        });
        g.finish();

        let mut g = c.benchmark_group("references/screen");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(post_bytes as u64));
        if n == 10_000 {
            g.bench_function("none", |b| {
                b.iter(|| {
                    for p in &posts {
                        black_box(baseline.screen(p.as_str()).unwrap());
                    }
                })
            });
        }
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                for p in &posts {
                    black_box(engine.screen(p.as_str()).unwrap());
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, references);
criterion_main!(benches);
