//! Normalization of any text: one origin per normalized char, in bounds, on char boundaries,
//! in order; char offsets agree with byte offsets; normalizing twice changes nothing; a term
//! normalizes like the same text does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenhe::__fuzz::{BREAK, normalize, normalize_term};

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (norm, origins) = normalize(text);
    assert_eq!(norm.chars().count(), origins.len());
    // Char index of each byte offset that starts a char (and of the end).
    let mut char_at = vec![usize::MAX; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        char_at[b] = i;
    }
    char_at[text.len()] = text.chars().count();

    let mut prev: Option<shenhe::__fuzz::Origin> = None;
    for ((nb, c), o) in norm.char_indices().zip(&origins) {
        assert_eq!(o.nbyte, nb);
        assert!(o.start < o.end && o.end <= text.len(), "{o:?}");
        assert!(text.is_char_boundary(o.start) && text.is_char_boundary(o.end));
        assert_eq!(char_at[o.start], o.char_start, "{o:?}");
        assert_eq!(char_at[o.end], o.char_end, "{o:?}");
        if let Some(p) = prev {
            // Expansions (⑳ → 20) share one origin; otherwise origins move forward.
            assert!(
                (p.start, p.end) == (o.start, o.end) || p.end <= o.start,
                "{p:?} then {o:?}"
            );
            if c == BREAK {
                assert_ne!(norm[p.nbyte..].chars().next(), Some(BREAK), "doubled break");
            }
        }
        prev = Some(*o);
    }

    let (again, _) = normalize(&norm);
    assert_eq!(again, norm, "normalization is not idempotent on {text:?}");

    let trimmed = norm.trim_matches(BREAK);
    match normalize_term(text) {
        None => assert!(trimmed.contains(BREAK)),
        Some(t) => assert_eq!(t, trimmed),
    }
});
