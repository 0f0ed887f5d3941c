//! Word boundaries, consulted only near candidate hits.
//!
//! A short term can sit inside ordinary words: 依法轮流值班 holds 法轮, 路口交通 holds 口交,
//! 一个大麻烦 holds 大麻. Terms marked `boundary` fire only when the hit starts and ends on a word
//! boundary of the sentence around it, as jieba cuts it (依法/轮流/值班: 法轮 starts inside 依法).
//!
//! Segmentation is never run over whole texts: only the stretch of normalized text around a
//! candidate, up to the sentence ends and at most [`CONTEXT`] characters either side. Cutting
//! the whole run rather than a small fixed window matters: on real lines, 6-character windows
//! disagreed with whole-line boundaries 7.8% of the time (DEPENDENCIES.md).
//!
//! One dictionary is shared by every engine: jieba's takes ~100 ms and 32 MiB to load, so it is
//! built on first use, and never when no `boundary` term is a candidate.

use std::sync::LazyLock;

use jieba_rs::Jieba;

use crate::normalize::{BREAK, Normalized};

/// The most normalized characters of context cut on either side of a candidate.
const CONTEXT: usize = 32;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// True when normalized chars `start..end` begin and end on word boundaries of their sentence.
pub(crate) fn is_whole_words(norm: &Normalized, start: usize, end: usize) -> bool {
    let n = norm.len();
    let mut lo = start;
    while lo > 0 && start - lo < CONTEXT && norm.char_at(lo - 1) != BREAK {
        lo -= 1;
    }
    let mut hi = end;
    while hi < n && hi - end < CONTEXT && norm.char_at(hi) != BREAK {
        hi += 1;
    }
    let from = norm.origins[lo].nbyte as usize;
    let to = norm
        .origins
        .get(hi)
        .map_or(norm.text.len(), |o| o.nbyte as usize);
    let (s, e) = (start - lo, end - lo);
    let mut start_ok = s == 0;
    let mut end_ok = false;
    for token in JIEBA.cut(&norm.text[from..to], false) {
        start_ok |= token.start == s;
        end_ok |= token.end == e;
        if token.start >= e {
            break;
        }
    }
    start_ok && end_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str, term: &str) -> bool {
        let mut n = Normalized::new();
        n.normalize(text);
        let b = n.text.find(term).unwrap();
        let s = n.char_index(b);
        is_whole_words(&n, s, s + term.chars().count())
    }

    #[test]
    fn hits_inside_words_are_not_whole() {
        assert!(!whole("依法轮流值班", "法轮"));
        assert!(!whole("路口交通管制", "口交"));
        assert!(!whole("这是一个大麻烦", "大麻"));
        assert!(!whole("一本万利", "本万"));
    }

    #[test]
    fn hits_on_boundaries_are_whole() {
        assert!(whole("他在练法轮功", "法轮功"));
        assert!(whole("出售大麻", "大麻"));
        assert!(whole("大麻", "大麻"));
    }
}
