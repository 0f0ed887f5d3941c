//! Word boundaries, consulted only near candidate hits.
//!
//! A short term can sit inside ordinary words: 依法轮流值班 holds 法轮, 路口交通 holds 口交,
//! 一个大麻烦 holds 大麻. Terms marked `boundary` fire only when the hit starts and ends on a word
//! boundary of the sentence around it, as jieba cuts it (依法/轮流/值班: 法轮 starts inside 依法).
//!
//! Segmentation is never run over whole texts: only the stretch of normalized text around a
//! candidate, up to the sentence ends and at most [`CONTEXT`] characters either side (a heard
//! span, which asks only which words touch it, fewer: [`LONGEST_WORD`]). Cutting
//! the whole run rather than a small fixed window matters: on real lines, 6-character windows
//! disagreed with whole-line boundaries 7.8% of the time (DEPENDENCIES.md).
//!
//! One dictionary is shared by every engine: jieba's takes ~100 ms and 32 MiB to load, so it is
//! built on first use, and never when no `boundary` term is a candidate, unless
//! [`crate::preload_segmenter`] loads it at start-up (as `shenhe batch` does).

use std::cell::RefCell;
use std::hash::{BuildHasher, Hash};
use std::sync::LazyLock;

use jieba_rs::Jieba;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::normalize::Normalized;

/// The most normalized characters of context cut on either side of a candidate.
const CONTEXT: usize = 32;

/// The chars of the longest word of jieba's dictionary (侵华日军南京大屠杀遇难同胞纪念馆, in
/// the dictionary of the version in Cargo.lock). A heard span's check reads only words that
/// touch the span, so it cuts at most this many chars less one on either side
/// ([`is_heard_evasion`]).
const LONGEST_WORD: usize = 16;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Loads the dictionary now, if no thread has yet ([`crate::preload_segmenter`]).
pub(crate) fn preload() {
    LazyLock::force(&JIEBA);
}

/// The most answers [`memo`] keeps per thread before it starts again.
const MEMO_LEN: usize = 4096;

#[cfg(test)]
thread_local! {
    /// How many times this thread asked [`is_whole_words`]: what a test of when it is asked
    /// reads.
    pub(crate) static ASKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A question put to the segmenter: which check, the window's text, the span in it, the term
/// heard (empty for [`is_whole_words`]).
#[derive(PartialEq, Eq, Hash)]
struct Question<'a> {
    heard: bool,
    window: &'a str,
    span: (usize, usize),
    term: &'a str,
}

/// A question kept with its answer.
struct Asked {
    heard: bool,
    window: Box<str>,
    span: (usize, usize),
    term: Box<str>,
    answer: bool,
}

thread_local! {
    /// Answers of the segmenter by question. A post of one phrase repeated (a megabyte of
    /// 加微信abc12345) asks the same question hundreds of thousands of times, and ordinary
    /// posts repeat their common phrases too. Keyed by the question's hash; a hit is checked
    /// against the question itself, so a collision costs a cut, never a wrong answer (and a
    /// fast hash, which a crafted post could make collide, no more than the cuts it saves).
    static MEMO: RefCell<FxHashMap<u64, Asked>> = RefCell::new(FxHashMap::default());
}

/// The answer to `q`, computed by `answer` unless this thread answered it already.
fn memo(q: Question<'_>, answer: impl FnOnce() -> bool) -> bool {
    let key = FxBuildHasher.hash_one(&q);
    let known = MEMO.with(|m| {
        m.borrow().get(&key).and_then(|a| {
            (a.heard == q.heard && *a.window == *q.window && a.span == q.span && *a.term == *q.term)
                .then_some(a.answer)
        })
    });
    if let Some(a) = known {
        return a;
    }
    let a = answer();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_LEN {
            m.clear();
        }
        m.insert(
            key,
            Asked {
                heard: q.heard,
                window: q.window.into(),
                span: q.span,
                term: q.term.into(),
                answer: a,
            },
        );
    });
    a
}

/// True when normalized chars `start..end` begin and end on word boundaries of their sentence.
pub(crate) fn is_whole_words(norm: &Normalized, start: usize, end: usize) -> bool {
    #[cfg(test)]
    ASKED.set(ASKED.get() + 1);
    let (from, to, s, e) = window(norm, start, end, CONTEXT);
    let text = &norm.text[from..to];
    let q = Question {
        heard: false,
        window: text,
        span: (s, e),
        term: "",
    };
    memo(q, || {
        let mut start_ok = s == 0;
        let mut end_ok = false;
        for token in JIEBA.cut(text, false) {
            start_ok |= token.start == s;
            end_ok |= token.end == e;
            if token.start >= e {
                break;
            }
        }
        start_ok && end_ok
    })
}

/// True when chars `start..end`, heard as `term` (its normalized form, as many chars), read as
/// an evasion rather than as ordinary words that happen to sound like the term.
///
/// Evaders respell a term char by char with characters that make no word with their
/// neighbours (供产党, 政全, 机米, 去屎); ordinary text that sounds like a term is made of words
/// (期市, 新型|服务, 日报|发表). So a heard span fails when
///
/// - its chars were apart in the original (售(图), or every char is respelt (刘鹤 for 六合);
/// - a respelt char (one that differs from the term's) lies inside a dictionary word of two
///   chars or more, across the span's ends, or within it when the span is shorter than four;
/// - the span itself is one dictionary word (去世 for 去死, 初生 for 畜生).
pub(crate) fn is_heard_evasion(norm: &Normalized, start: usize, end: usize, term: &str) -> bool {
    // Every word the check reads touches the span, so it lies within `LONGEST_WORD - 1` chars
    // of it: a cut of that much is the cut of the whole window as far as the check can tell,
    // and reads 15 chars either side where the window reads up to 32 (a run of ASCII cut
    // short there still covers what it covered, and still has two chars or more).
    // `heard_evasion_reads_only_words_near_the_span` compares the two.
    heard_evasion(norm, start, end, term, LONGEST_WORD - 1)
}

/// [`is_heard_evasion`], cutting at most `reach` chars on either side of the span.
fn heard_evasion(norm: &Normalized, start: usize, end: usize, term: &str, reach: usize) -> bool {
    let (from, to, s, e) = window(norm, start, end, reach);
    let respelt: Vec<usize> = norm.text[norm.nbyte(start)..]
        .chars()
        .zip(term.chars())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| s + i)
        .collect();
    // An evader keeps part of the term as written (去屎, 供产党, 政全): a span with every char
    // different (刘鹤 for 六合, 也为 for 野味) only sounds alike.
    if respelt.len() == end - start {
        return false;
    }
    if apart(norm, start, end) {
        return false;
    }
    let text = &norm.text[from..to];
    // In a span of four chars or more, a respelling that happens to make a word inside it
    // (打到 in 打到这个正府) is still an evasion: only words reaching outside the span count.
    // (The answer depends on the window, the span and the term: `respelt` and `long` follow
    // from them.)
    let long = end - start >= 4;
    let q = Question {
        heard: true,
        window: text,
        span: (s, e),
        term,
    };
    memo(q, || {
        !JIEBA.cut_all(text).iter().any(|t| {
            t.end - t.start >= 2
                && ((t.start == s && t.end == e)
                    || respelt.iter().any(|&i| t.start <= i && i < t.end))
                && !(long && t.start >= s && t.end <= e)
        })
    })
}

/// True when anything stood between normalized chars `start..end` in the original. Respelt
/// chars stand side by side: a heard span with anything between its chars (售(图, 想，是,
/// 机密★机) is two pieces of text, not one respelt term.
pub(crate) fn apart(norm: &Normalized, start: usize, end: usize) -> bool {
    (start + 1..end).any(|i| norm.origins[i - 1].end() != norm.origins[i].start())
}

/// The sentence around chars `start..end`, at most `reach` chars either side: its byte range
/// in the normalized text and the span's char offsets inside it.
fn window(
    norm: &Normalized,
    start: usize,
    end: usize,
    reach: usize,
) -> (usize, usize, usize, usize) {
    let (from, to) = norm.sentence_around(start, end, reach);
    let s = norm.text[from..norm.nbyte(start)].chars().count();
    (from, to, s, s + (end - start))
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
    fn heard_evasion_reads_only_words_near_the_span() {
        // Sentences with long words (the longest of the dictionary among them), runs of
        // ASCII, and spans at every place and of every length a heard term has, each with
        // each of its chars respelt in turn: the answer cut to the near chars is the answer
        // cut to the whole window.
        let texts = [
            "我们今天一起去参观了侵华日军南京大屠杀遇难同胞纪念馆然后回家吃饭",
            "侵华日军南京大屠杀遇难同胞纪念馆",
            "全国人民代表大会常务委员会关于中华人民共和国国旗法的决定今天公布",
            "他的账号abcdefghijklmnopqrstuvwxyz0123456789是假的大家不要相信这个人",
            "abcdefghijklmnopqrstuvwxyz中华人民共和国abcdefghijklmnopqrstuvwxyz",
        ];
        let mut n = Normalized::new();
        let (mut asked, mut differ_in_reach, mut evasions) = (0, 0, 0);
        for text in texts {
            n.normalize(text);
            let chars: Vec<char> = n.text.chars().collect();
            for start in 0..chars.len() {
                for len in 2..=5.min(chars.len() - start) {
                    let end = start + len;
                    for respelt in start..end {
                        let term: String = (start..end)
                            .map(|i| if i == respelt { '某' } else { chars[i] })
                            .collect();
                        let near = heard_evasion(&n, start, end, &term, LONGEST_WORD - 1);
                        let whole = heard_evasion(&n, start, end, &term, CONTEXT);
                        assert_eq!(near, whole, "{text}: {start}..{end} heard as {term}");
                        asked += 1;
                        evasions += usize::from(near);
                        differ_in_reach += usize::from(
                            window(&n, start, end, LONGEST_WORD - 1)
                                != window(&n, start, end, CONTEXT),
                        );
                    }
                }
            }
        }
        // The two cuts differed for most spans, and both answers occur.
        assert!(differ_in_reach * 2 > asked, "{differ_in_reach} of {asked}");
        assert!(0 < evasions && evasions < asked, "{evasions} of {asked}");
    }

    #[test]
    fn hits_on_boundaries_are_whole() {
        assert!(whole("他在练法轮功", "法轮功"));
        assert!(whole("出售大麻", "大麻"));
        assert!(whole("大麻", "大麻"));
    }
}
