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
    cut(norm, start, end).0
}

/// True when chars `start..end`, two of them, are whole words but not one dictionary word: what
/// a two-character term heard by sound must be. A span that is itself a word (去世 for 去死, 初生
/// for 畜生, 驱使) is that word, not an evasion; evaders' spellings (去屎) are not in the
/// dictionary. Longer spans are not asked: the dictionary holds evaders' spellings of that length
/// (法论功) and glues their first character to the word before (修炼法|论功).
pub(crate) fn is_heard_evasion(norm: &Normalized, start: usize, end: usize) -> bool {
    if end - start >= 3 {
        return true;
    }
    let (whole, single) = cut(norm, start, end);
    whole && !single
}

/// (whole words, exactly one word) for chars `start..end`.
fn cut(norm: &Normalized, start: usize, end: usize) -> (bool, bool) {
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
    let mut single = false;
    for token in JIEBA.cut(&norm.text[from..to], false) {
        start_ok |= token.start == s;
        end_ok |= token.end == e;
        single |= token.start == s && token.end == e;
        if token.start >= e {
            break;
        }
    }
    (start_ok && end_ok, single)
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
