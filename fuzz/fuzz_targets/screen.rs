//! Screening against a naive oracle.
//!
//! The input is a small lexicon of plain terms (no rules, no `boundary`, no allow phrases, so
//! every occurrence is well-defined) and a text built from lexicon terms, look-alikes and noise.
//! The oracle normalizes the text and each term with the engine's own normalization and finds
//! the term by naive substring search. Every such occurrence must be covered by a hit of the
//! term's category (a longer term of the same category may stand for it), except where a term
//! that starts or ends with a Latin letter or digit would cut a Latin word or number (the
//! documented word rule) or the policy turns the category off for the account. Every hit's span
//! must slice the original text to `matched`, with char offsets that agree.
#![no_main]

use std::collections::HashMap;
use std::sync::Mutex;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shenhe::__fuzz::{Origin, normalize, normalize_term};
use shenhe::{Account, Category, Engine, Input, Lexicon, Policy};

/// Characters that interact with normalization: CJK terms, traditional and variant forms,
/// full-width and case, Chinese and circled digits, Latin letters and digits, noise, zero-width
/// chars, combining marks, emoji, sentence ends.
const ALPHABET: &[char] = &[
    '赌', '博', '賭', '网', '網', '站', '法', '轮', '輪', '功', '约', '炮', '一', '二', '三', '壹',
    '①', '⑳', 'a', 'v', 'A', 'Ａ', 'b', '1', '3', '８', 'ß', 'ﬁ', '*', ' ', '.', '。', '!',
    '\u{200b}', '\u{301}', '🎲', '\u{3000}', '，', '\t', '㍿', 'Ⅻ', '〇',
];

#[derive(Arbitrary, Debug)]
enum Piece {
    /// A char of the alphabet.
    Alpha(u8),
    /// Lexicon term k, verbatim.
    Term(u8),
    /// Lexicon term k with alphabet char `sep` after each of its chars.
    Spread(u8, u8),
    /// Any char.
    Any(char),
}

#[derive(Arbitrary, Debug)]
struct Case {
    terms: Vec<(Vec<u8>, u8)>,
    pieces: Vec<Piece>,
    account: u8,
}

fuzz_target!(|case: Case| {
    if case.terms.len() > 8 || case.pieces.len() > 256 {
        return;
    }
    let alpha = |i: u8| ALPHABET[i as usize % ALPHABET.len()];
    // The lexicon: terms as written (trimmed, as the parser trims fields), their categories.
    let mut terms: Vec<(String, Category)> = Vec::new();
    for (chars, cat) in &case.terms {
        if chars.is_empty() || chars.len() > 6 {
            return;
        }
        let term: String = chars.iter().map(|&i| alpha(i)).collect();
        let term = term.trim().to_string();
        match normalize_term(&term) {
            Some(n) if !n.is_empty() && !term.starts_with('#') && !term.contains('\t') => {}
            _ => continue,
        }
        terms.push((term, Category::ALL[*cat as usize % Category::ALL.len()]));
    }
    let lines: String = terms.iter().map(|(t, c)| format!("{t}\t{c}\n")).collect();
    let engine = engine(&lines);

    let mut text = String::new();
    for p in &case.pieces {
        match *p {
            Piece::Alpha(i) => text.push(alpha(i)),
            Piece::Term(k) | Piece::Spread(k, _) if terms.is_empty() => text.push(alpha(k)),
            Piece::Term(k) => text.push_str(&terms[k as usize % terms.len()].0),
            Piece::Spread(k, sep) => {
                for c in terms[k as usize % terms.len()].0.chars() {
                    text.push(c);
                    text.push(alpha(sep));
                }
            }
            Piece::Any(c) => text.push(c),
        }
    }
    let account = Account::ALL[case.account as usize % 3];
    let v = engine
        .screen(Input::new(&text).account(account))
        .expect("short texts screen");

    for h in &v.hits {
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{h:?}"
        );
        assert_eq!(&text[h.start..h.end], h.matched, "{h:?}");
        assert_eq!(text[..h.start].chars().count(), h.char_start, "{h:?}");
        assert_eq!(text[..h.end].chars().count(), h.char_end, "{h:?}");
    }

    let (norm, origins) = normalize(&text);
    let nchars: Vec<char> = norm.chars().collect();
    let policy = Policy::new();
    for (term, category) in &terms {
        let expected = match (category, account) {
            (Category::NeedsSignoff, Account::Private) => Category::OfficialInfoOnPrivate,
            (c, _) => *c,
        };
        if policy.action(expected, account).is_none() {
            continue;
        }
        let tn: Vec<char> = normalize_term(term).unwrap().chars().collect();
        for s in 0..nchars.len() {
            let e = s + tn.len();
            if e > nchars.len() || nchars[s..e] != tn[..] {
                continue;
            }
            // The Latin word rule: `av` is not found in `have`, `110` not in `1101`.
            if tn[0].is_ascii_alphanumeric() && s > 0 && joins(&nchars, &origins, s - 1, s) {
                continue;
            }
            if tn[tn.len() - 1].is_ascii_alphanumeric()
                && e < nchars.len()
                && joins(&nchars, &origins, e - 1, e)
            {
                continue;
            }
            let (b0, b1) = (origins[s].start, origins[e - 1].end);
            let covered = v.hits.iter().any(|h| {
                h.category == expected
                    && h.start <= b0
                    && b1 <= h.end
                    && terms.iter().any(|(t, c)| c == category && **t == *h.term)
            });
            assert!(
                covered,
                "{term:?} ({category}) at {b0}..{b1} ({:?}) in {text:?} (normalized {norm:?}) not reported: {:#?}",
                &text[b0..b1],
                v.hits
            );
        }
    }
});

/// The engine for a lexicon, from a cache: building one compiles the detectors' regexes, which
/// would otherwise take most of the fuzzing time.
fn engine(lines: &str) -> Engine {
    static CACHE: Mutex<Option<HashMap<String, Engine>>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap();
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(e) = cache.get(lines) {
        return e.clone();
    }
    let lexicon = Lexicon::builder()
        .add_str("fuzz.txt", lines)
        .unwrap_or_else(|e| panic!("a term that normalizes to something loads: {e}"))
        .build()
        .unwrap();
    let engine = Engine::builder().lexicon(lexicon).build().unwrap();
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.insert(lines.to_string(), engine.clone());
    engine
}

/// Normalized chars `a` and `a + 1` are both ASCII letters or digits, adjacent in the original.
fn joins(chars: &[char], origins: &[Origin], a: usize, b: usize) -> bool {
    chars[a].is_ascii_alphanumeric()
        && chars[b].is_ascii_alphanumeric()
        && origins[a].end == origins[b].start
}
