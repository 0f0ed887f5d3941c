//! `screen_batch` at 1, 2 and all threads over the same corpus.

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn batch(c: &mut Criterion) {
    let (name, posts) = common::corpus(4 << 20);
    let bytes: usize = posts.iter().map(String::len).sum();
    let engine = common::engine(10_000);
    let expected = engine.screen_batch(&posts);
    let mut g = c.benchmark_group(format!("batch/{name}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut counts = vec![1, 2, all];
    counts.dedup();
    for threads in counts {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        assert_eq!(pool.install(|| engine.screen_batch(&posts)), expected);
        g.bench_function(BenchmarkId::new("threads", threads), |b| {
            b.iter(|| pool.install(|| black_box(engine.screen_batch(black_box(&posts)))))
        });
    }
    g.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
