//! The matches of a detector's rules (regexes) as one alternation of them finds them:
//! leftmost first, and at one start the earlier rule.
//!
//! Each rule is tried anchored, only where its matches can start: where one of its literal
//! prefixes (up to three chars: 原标题, 据报道, （) stands, found by one Aho–Corasick search of
//! every rule's prefixes.
//!
//! Why not one regex of all the rules, or each rule searched for unanchored: a lazy DFA
//! searching unanchored follows every partial match in flight at once, and with the bounded
//! gaps of these rules (`{1,40}`, `{0,40}?`) the sets of partial matches keep changing with the
//! text. On a first pass over new posts it never stopped building states: on posts 10,000 to
//! 20,000 of official news (cctv), 20.6k of the 67.9k instructions a post went into
//! determinizing the attribution and sign-off regexes (callgrind, `Lazy::cache_next_state`),
//! nearly as much as on the first 10,000. Anchored at a start, a rule's DFA follows one match:
//! its states are few, and built once (1.5k a post there now, and 50.1k in all).

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, Match};
use regex_syntax::hir::literal::{Extractor, Literal};

/// Rules matched as one leftmost-first alternation ([module docs](self)).
#[derive(Clone)]
pub(crate) struct Alternation {
    rules: Vec<Regex>,
    /// The literal prefixes of the rules' matches, whole chars, one pattern each, searched
    /// leftmost-longest.
    prefixes: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Per pattern of `prefixes`: the rules (one bit each) a match starting with it can be of,
    /// those with a prefix that is a prefix of it. (Every prefix that matches where the
    /// longest one does is a prefix of that one.)
    masks: Vec<u64>,
    /// The patterns of `prefixes`, in order.
    literals: Vec<String>,
    /// The rules whose prefixes could not be bounded: tried at every char. (None of the
    /// shipped rules; kept so that any regex gives the alternation's matches.)
    anywhere: u64,
}

impl std::fmt::Debug for Alternation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alternation")
            .field("rules", &self.rules)
            .field("literals", &self.literals)
            .field("anywhere", &self.anywhere)
            .finish_non_exhaustive()
    }
}

impl Alternation {
    /// The alternation of `patterns`, in order (at most 64, none matching the empty string).
    pub(crate) fn new(patterns: &[&str]) -> Result<Alternation, String> {
        if patterns.len() > 64 {
            return Err(format!("{} rules, at most 64", patterns.len()));
        }
        let mut rules = Vec::with_capacity(patterns.len());
        // Per rule: its prefixes, or `None` when they could not be bounded.
        let mut prefixes: Vec<Option<Vec<String>>> = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let regex = Regex::new(pattern).map_err(|e| format!("{pattern}: {e}"))?;
            let hir = regex_syntax::parse(pattern).map_err(|e| format!("{pattern}: {e}"))?;
            if hir.properties().minimum_len() == Some(0) {
                return Err(format!("{pattern}: matches the empty string"));
            }
            prefixes.push(literal_prefixes(&hir));
            rules.push(regex);
        }
        let mut literals: Vec<String> = prefixes.iter().flatten().flatten().cloned().collect();
        literals.sort_unstable();
        literals.dedup();
        let mut anywhere = 0u64;
        let mut masks = vec![0u64; literals.len()];
        for (i, rule) in prefixes.iter().enumerate() {
            let bit = 1u64 << i;
            let Some(rule) = rule else {
                anywhere |= bit;
                continue;
            };
            for p in rule {
                // Sorted, the literals a prefix begins start at the prefix itself.
                let from = literals.partition_point(|l| l < p);
                for (l, mask) in literals[from..].iter().zip(&mut masks[from..]) {
                    if !l.starts_with(p.as_str()) {
                        break;
                    }
                    *mask |= bit;
                }
            }
        }
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&literals)
            .map_err(|e| e.to_string())?;
        Ok(Alternation {
            rules,
            prefixes: automaton,
            masks,
            literals,
            anywhere,
        })
    }

    /// Rule `i` alone.
    #[cfg(test)]
    pub(crate) fn rule(&self, i: usize) -> &Regex {
        &self.rules[i]
    }

    /// Whether some rule is tried at every char (its first chars could not be bounded).
    #[cfg(test)]
    pub(crate) fn tries_anywhere(&self) -> bool {
        self.anywhere != 0
    }

    /// One set of captures for each rule, for [`Alternation::find`].
    pub(crate) fn create_captures(&self) -> Vec<Captures> {
        self.rules.iter().map(Regex::create_captures).collect()
    }

    /// The first match of the alternation that starts at or after byte `pos` of `hay` (a char
    /// boundary): the rule that matched, its match and groups left in `caps[rule]`.
    pub(crate) fn find(&self, hay: &str, pos: usize, caps: &mut [Captures]) -> Option<usize> {
        self.first(hay, pos, |i, input| {
            self.rules[i].search_captures(input, &mut caps[i]);
            caps[i].is_match().then_some(i)
        })
    }

    /// [`Alternation::find`] without the groups: the rule and its match.
    pub(crate) fn find_match(&self, hay: &str, pos: usize) -> Option<(usize, Match)> {
        self.first(hay, pos, |i, input| {
            self.rules[i].search(input).map(|m| (i, m))
        })
    }

    /// The matches of the alternation one after another, without overlap: each the first
    /// ([`Alternation::find_match`]) from where the last ended (no rule matches the empty
    /// string).
    pub(crate) fn matches<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = (usize, Match)> + 'h {
        let mut pos = 0;
        std::iter::from_fn(move || {
            let (p, m) = self.find_match(hay, pos)?;
            pos = m.end();
            Some((p, m))
        })
    }

    /// The first `attempt` that succeeds, rule by rule in order at each start from `pos` on
    /// where a rule can start: `attempt(rule, input anchored at the start)`.
    fn first<T>(
        &self,
        hay: &str,
        pos: usize,
        mut attempt: impl FnMut(usize, &Input<'_>) -> Option<T>,
    ) -> Option<T> {
        let mut at_start = |start: usize, mut rules: u64| {
            let input = Input::new(hay).range(start..).anchored(Anchored::Yes);
            while rules != 0 {
                let i = rules.trailing_zeros() as usize;
                rules &= rules - 1;
                if let Some(found) = attempt(i, &input) {
                    return Some(found);
                }
            }
            None
        };
        if self.anywhere != 0 {
            // Every char boundary is a start for some rule.
            for (i, _) in hay.get(pos..)?.char_indices() {
                let start = pos + i;
                let prefixed = (self.literals.iter())
                    .zip(&self.masks)
                    .filter(|(l, _)| hay[start..].starts_with(l.as_str()))
                    .fold(0, |rules, (_, mask)| rules | mask);
                if let Some(found) = at_start(start, prefixed | self.anywhere) {
                    return Some(found);
                }
            }
            return None;
        }
        let mut at = pos;
        while at < hay.len() {
            let m = self.prefixes.leftmost_find_iter(&hay[at..]).next()?;
            let start = at + m.start();
            if let Some(found) = at_start(start, self.masks[m.value() as usize]) {
                return Some(found);
            }
            // The next start may lie inside this prefix (a prefix's second char begins another).
            at = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

/// The literals every match of `hir` starts with, cut to whole chars (at most
/// [`PREFIX_BYTES`]), when they are a finite set of non-empty strings; `None` otherwise.
///
/// Why whole prefixes rather than first chars: a first char such as 原, 自, 通 or 网 is in every
/// other post, and each start found costs an anchored try of every rule that can begin there;
/// 原标题, 来自 or 通讯员 are rare. (A 200-char post of common chars met several first chars of
/// the attribution rules.)
fn literal_prefixes(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    // Long prefixes when there are few of them, else first chars (a rule opening with a class
    // of digits has hundreds of long ones).
    [(PREFIX_BYTES, 256), (4, 4096)]
        .into_iter()
        .find_map(|(bytes, total)| {
            let mut extractor = Extractor::new();
            extractor
                .limit_literal_len(bytes)
                .limit_class(256)
                .limit_total(total);
            whole_chars(extractor.extract(hir).literals()?)
        })
}

/// `literals` cut to whole chars, unless one of them is left empty.
fn whole_chars(literals: &[Literal]) -> Option<Vec<String>> {
    let mut prefixes = Vec::with_capacity(literals.len());
    for literal in literals {
        let bytes = literal.as_bytes();
        // A literal cut at the byte limit may end inside a char: keep the chars before it.
        let whole = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?
            }
            Err(_) => return None,
        };
        if whole.is_empty() {
            return None;
        }
        prefixes.push(whole.to_string());
    }
    Some(prefixes)
}

/// The most bytes of a rule's literal prefix used: three Han chars.
const PREFIX_BYTES: usize = 9;

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of `patterns` as one regex finds them, one after another: (rule, start,
    /// end).
    fn as_one(patterns: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        let union = Regex::new_many(patterns).unwrap();
        union
            .find_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    fn apart(alternation: &Alternation, hay: &str) -> Vec<(usize, usize, usize)> {
        alternation
            .matches(hay)
            .map(|(p, m)| (p, m.start(), m.end()))
            .collect()
    }

    #[test]
    fn at_one_start_the_earlier_rule_wins_and_matches_never_overlap() {
        let patterns = ["ab", "abc", "b+c", "ca", "[^a]c"];
        let alternation = Alternation::new(&patterns).unwrap();
        for hay in [
            "abcab",
            "abcabc",
            "bbbcab",
            "cabc",
            "xbcaab",
            "",
            "zzz",
            "中ab文c",
        ] {
            assert_eq!(apart(&alternation, hay), as_one(&patterns, hay), "{hay}");
        }
        assert_eq!(apart(&alternation, "abcab"), [(0, 0, 2), (3, 2, 4)]);
        // `[^a]c` can start with almost any char: it is tried everywhere, and still in turn.
        assert_ne!(alternation.anywhere, 0);
        assert_eq!(apart(&alternation, "xc"), [(4, 0, 2)]);
    }

    #[test]
    fn a_rule_is_tried_where_its_prefixes_stand() {
        // Optional and alternative prefixes, classes, repeats and a char past the BMP.
        let patterns = [
            "(?:据|原)?(?:报道|消息)",
            "[（(]x",
            "(?:特约|见习)?记者[：:]?[\\p{Han}]{2}",
            "𠀀+y",
            "[0-9０-９]+%",
        ];
        let alternation = Alternation::new(&patterns).unwrap();
        assert_eq!(alternation.anywhere, 0);
        // Whole chars, at most three of them; a rule opening with a class of 20 digits has
        // those as its prefixes.
        let mut want: Vec<String> = [
            "原报道",
            "原消息",
            "报道",
            "据报道",
            "据消息",
            "消息",
            "(x",
            "（x",
            "特约记",
            "见习记",
            "记者",
            "记者:",
            "记者：",
            "𠀀",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain("0123456789０１２３４５６７８９".chars().map(String::from))
        .collect();
        want.sort_unstable();
        assert_eq!(alternation.literals, want);
        // A rule is tried where a prefix of another rule begins it (据报道 holds 报道) and
        // inside a prefix that failed (原原报道).
        for hay in [
            "据报道，原消息（x(x 特约记者：张三 见习记者李四 记者王五",
            "𠀀𠀀y 50% ５０％ 原原报道",
            "消息消息报报道",
            "原报 据消 记",
        ] {
            assert_eq!(apart(&alternation, hay), as_one(&patterns, hay), "{hay}");
        }
        assert_eq!(
            apart(&alternation, "原原报道"),
            [(0, 3, 12)],
            "原报道 from the second 原"
        );
        assert!(apart(&alternation, "原报 据消 记").is_empty());
    }

    #[test]
    fn rules_all_tried_everywhere_need_no_prefixes() {
        let patterns = ["[^a]c", "."];
        let alternation = Alternation::new(&patterns).unwrap();
        assert!(alternation.literals.is_empty());
        for hay in ["abc", "xc中", ""] {
            assert_eq!(apart(&alternation, hay), as_one(&patterns, hay), "{hay}");
        }
        assert_eq!(apart(&alternation, "ac"), [(1, 0, 1), (1, 1, 2)]);
    }

    #[test]
    fn a_rule_that_matches_the_empty_string_is_refused() {
        let e = Alternation::new(&["a", "b*"]).unwrap_err();
        assert!(e.contains("b*"), "{e}");
        assert!(Alternation::new(&["(", "a"]).is_err());
    }
}
