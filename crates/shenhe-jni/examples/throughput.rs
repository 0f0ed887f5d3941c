//! Screens per second through the Rust API, for comparison with the Java binding's figures
//! (`bindings/java/bench/Bench.java`) on the same posts: one thread calling `screen`, and
//! `screen_batch` on all cores, with the shipped lexicons; the best of ROUNDS rounds.
//!
//! ```text
//! cargo run --release -p shenhe-jni --example throughput -- POSTS_FILE [ROUNDS]   # one post a line
//! ```

use std::process::ExitCode;
use std::time::Instant;

use shenhe_core::Engine;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: throughput POSTS_FILE [ROUNDS]   (one post a line)");
        return ExitCode::from(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let posts: Vec<&str> = text.lines().collect();
    let engine = match Engine::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "rust: {} posts, {:.1} MB, {} threads in rayon's pool",
        posts.len(),
        text.len() as f64 / 1e6,
        rayon::current_num_threads()
    );
    report(
        "rust screen(), 1 thread",
        posts.len(),
        best(rounds, || {
            posts
                .iter()
                .filter(|p| !engine.screen(**p).expect("posts fit the limit").is_pass())
                .count()
        }),
    );
    report(
        "rust screen_batch(), all cores",
        posts.len(),
        best(rounds, || {
            engine
                .screen_batch(&posts)
                .into_iter()
                .filter(|v| !v.as_ref().expect("posts fit the limit").is_pass())
                .count()
        }),
    );
    ExitCode::SUCCESS
}

/// The fastest of `rounds` runs after a warm-up run, in seconds.
fn best(rounds: usize, mut run: impl FnMut() -> usize) -> f64 {
    let expected = run();
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        let got = run();
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(got, expected, "rounds disagree");
    }
    best
}

fn report(what: &str, posts: usize, secs: f64) {
    println!(
        "{what:<40} {:>10.0} posts/s  ({secs:.2} s)",
        posts as f64 / secs
    );
}
