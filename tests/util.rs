//! Shared fixtures.

use std::sync::LazyLock;

use shenhe::{Config, Engine, Lexicon, Verdict};

/// The day the tests' engines check ID numbers against, so no verdict depends on the clock.
pub const TODAY: (u32, u32, u32) = (2026, 1, 1);

/// The test configuration: the default one with the day pinned to [`TODAY`].
pub fn config() -> Config {
    Config::new().today(TODAY.0, TODAY.1, TODAY.2)
}

/// One engine over the shipped lexicons for the whole test binary (jieba's dictionary and the
/// automaton are built once).
pub static SHIPPED: LazyLock<Engine> = LazyLock::new(|| {
    Engine::builder()
        .config(config())
        .build()
        .expect("shipped lexicons compile")
});

/// An engine over `lexicon` text only.
pub fn engine_with(lexicon: &str) -> Engine {
    let lex = Lexicon::builder()
        .add_str("test.txt", lexicon)
        .unwrap()
        .build()
        .unwrap();
    Engine::builder()
        .lexicon(lex)
        .config(config())
        .build()
        .unwrap()
}

/// Asserts that every hit's span slices the original text back to `matched`, on char
/// boundaries, and that the char offsets agree with the byte offsets.
pub fn assert_spans(text: &str, v: &Verdict) {
    for h in &v.hits {
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{h:?}"
        );
        assert_eq!(&text[h.start..h.end], h.matched, "{h:?}");
        assert_eq!(text[..h.start].chars().count(), h.char_start, "{h:?}");
        assert_eq!(text[..h.end].chars().count(), h.char_end, "{h:?}");
    }
}

/// A fresh temporary directory for one test, removed with what it holds when the value is
/// dropped (at the end of the test, pass or fail).
pub fn tempdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("shenhe-{name}-"))
        .tempdir()
        .unwrap()
}
