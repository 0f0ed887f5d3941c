//! The matches of a detector's rules (regexes) as one alternation of them finds them:
//! leftmost first, and at one start the earlier rule.
//!
//! Each rule is tried anchored, only where its matches can start: at the chars its literal
//! prefixes begin with (found by one Aho–Corasick search over those chars).
//!
//! Why not one regex of all the rules, or each rule searched for unanchored: a lazy DFA
//! searching unanchored follows every partial match in flight at once, and with the bounded
//! gaps of these rules (`{1,40}`, `{0,40}?`) the sets of partial matches keep changing with the
//! text. On a first pass over new posts it never stopped building states: on posts 10,000 to
//! 20,000 of official news (cctv), 20.6k of the 67.9k instructions a post went into
//! determinizing the attribution and sign-off regexes (callgrind, `Lazy::cache_next_state`),
//! nearly as much as on the first 10,000. Anchored at a start, a rule's DFA follows one match:
//! its states are few, and built once (1.5k a post there now, and 50.1k in all).

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, Match};
use regex_syntax::hir::literal::Extractor;

/// Rules matched as one leftmost-first alternation ([module docs](self)).
#[derive(Clone, Debug)]
pub(crate) struct Alternation {
    rules: Vec<Regex>,
    /// The chars a match of some rule can start with, one pattern each.
    firsts: AhoCorasick,
    /// Per pattern of `firsts`: its char, and the rules (one bit each) whose matches can start
    /// with it.
    chars: Vec<char>,
    masks: Vec<u64>,
    /// The rules whose first chars could not be bounded: tried at every char. (None of the
    /// shipped rules; kept so that any regex gives the alternation's matches.)
    anywhere: u64,
}

impl Alternation {
    /// The alternation of `patterns`, in order (at most 64, none matching the empty string).
    pub(crate) fn new(patterns: &[&str]) -> Result<Alternation, String> {
        if patterns.len() > 64 {
            return Err(format!("{} rules, at most 64", patterns.len()));
        }
        let mut rules = Vec::with_capacity(patterns.len());
        let mut firsts: Vec<char> = Vec::new();
        let mut masks: Vec<u64> = Vec::new();
        let mut anywhere = 0u64;
        let mut extractor = Extractor::new();
        // A first char is all that is used of a prefix: 4 bytes hold it whole.
        extractor
            .limit_literal_len(4)
            .limit_class(256)
            .limit_total(4096);
        for (i, pattern) in patterns.iter().enumerate() {
            let regex = Regex::new(pattern).map_err(|e| format!("{pattern}: {e}"))?;
            let hir = regex_syntax::parse(pattern).map_err(|e| format!("{pattern}: {e}"))?;
            if hir.properties().minimum_len() == Some(0) {
                return Err(format!("{pattern}: matches the empty string"));
            }
            let bit = 1u64 << i;
            match first_chars(&extractor, &hir) {
                Some(chars) => {
                    for c in chars {
                        match firsts.iter().position(|&f| f == c) {
                            Some(k) => masks[k] |= bit,
                            None => {
                                firsts.push(c);
                                masks.push(bit);
                            }
                        }
                    }
                }
                None => anywhere |= bit,
            }
            rules.push(regex);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(firsts.iter().map(|c| c.to_string()))
            .map_err(|e| e.to_string())?;
        Ok(Alternation {
            rules,
            firsts: automaton,
            chars: firsts,
            masks,
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
            for (i, c) in hay.get(pos..)?.char_indices() {
                let first = (self.chars.iter().position(|&f| f == c)).map_or(0, |k| self.masks[k]);
                if let Some(found) = at_start(pos + i, first | self.anywhere) {
                    return Some(found);
                }
            }
            return None;
        }
        let mut at = pos;
        while at < hay.len() {
            let m = self
                .firsts
                .find(aho_corasick::Input::new(hay).range(at..))?;
            if let Some(found) = at_start(m.start(), self.masks[m.pattern().as_usize()]) {
                return Some(found);
            }
            // (Each pattern is one whole char.)
            at = m.end();
        }
        None
    }
}

/// The chars every match of `hir` starts with, when the prefixes extracted are a finite set of
/// literals that each hold a whole first char; `None` otherwise.
fn first_chars(extractor: &Extractor, hir: &regex_syntax::hir::Hir) -> Option<Vec<char>> {
    let seq = extractor.extract(hir);
    let mut chars = Vec::new();
    for literal in seq.literals()? {
        let bytes = literal.as_bytes();
        let len = match bytes.first()? {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let c = std::str::from_utf8(bytes.get(..len)?)
            .ok()?
            .chars()
            .next()?;
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    Some(chars)
}

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
    fn a_rule_is_tried_at_every_char_its_prefixes_begin_with() {
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
        let mut firsts = alternation.chars.clone();
        firsts.sort_unstable();
        let mut want: Vec<char> = "据原报消（(特见记𠀀0123456789０１２３４５６７８９"
            .chars()
            .collect();
        want.sort_unstable();
        assert_eq!(firsts, want);
        for hay in [
            "据报道，原消息（x(x 特约记者：张三 见习记者李四 记者王五",
            "𠀀𠀀y 50% ５０％ 原原报道",
            "消息消息报报道",
        ] {
            let found = apart(&alternation, hay);
            assert_eq!(found, as_one(&patterns, hay), "{hay}");
            assert!(!found.is_empty());
        }
    }

    #[test]
    fn a_rule_that_matches_the_empty_string_is_refused() {
        let e = Alternation::new(&["a", "b*"]).unwrap_err();
        assert!(e.contains("b*"), "{e}");
        assert!(Alternation::new(&["(", "a"]).is_err());
    }
}
