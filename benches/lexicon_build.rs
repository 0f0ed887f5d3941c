//! Engine build time at 1k, 10k and 100k terms (shipped lexicons plus generated terms).

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
    }
    g.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
