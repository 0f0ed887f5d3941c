//! Shared fixtures.

use std::sync::LazyLock;

use shenhe::{Engine, Lexicon, Verdict};

/// One engine over the shipped lexicons for the whole test binary (jieba's dictionary and the
/// automaton are built once).
pub static SHIPPED: LazyLock<Engine> =
    LazyLock::new(|| Engine::new().expect("shipped lexicons compile"));

/// An engine over `lexicon` text only.
pub fn engine_with(lexicon: &str) -> Engine {
    let lex = Lexicon::builder()
        .add_str("test.txt", lexicon)
        .unwrap()
        .build()
        .unwrap();
    Engine::builder().lexicon(lex).build().unwrap()
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
