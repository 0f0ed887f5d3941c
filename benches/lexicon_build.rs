//! Engine build time at 1k, 10k and 100k terms (shipped lexicons plus generated terms), and the
//! time to load the same engine from its saved bytes.

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    for size in [1_000, 10_000, 100_000] {
        let engine = common::engine(size);
        eprintln!(
            "{size} terms: {} patterns, {} bytes",
            engine.patterns_len(),
            engine.memory_usage()
        );
        g.bench_function(BenchmarkId::new("engine", size), |b| {
            b.iter(|| black_box(common::engine(size)))
        });
        // A service starts from a saved engine instead: the same engine, back from bytes.
        let saved = engine.save();
        let loaded = shenhe::Engine::load(&saved).unwrap();
        assert_eq!(loaded.patterns_len(), engine.patterns_len());
        eprintln!("{size} terms: saved engine of {} bytes", saved.len());
        g.bench_function(BenchmarkId::new("load", size), |b| {
            b.iter(|| black_box(shenhe::Engine::load(black_box(&saved)).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
