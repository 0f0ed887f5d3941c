//! Sources 3 and 4: OpenCC's dictionaries (Apache-2.0), as shipped in the hanconv crate.
//!
//! Traditional → simplified is character-level: the runtime folds one char at a time, so only
//! TSCharacters entries whose key and first candidate are single chars are used, and the first
//! candidate wins (乾 → 干, 後 → 后; the phrase tables that would keep 乾隆 are out of reach of a
//! char map, and both the lexicon and the text are folded the same way anyway).
//!
//! Japanese shinjitai (円, 辺, 売, …) come from JPVariants read backwards (traditional →
//! shinjitai, so shinjitai → traditional), and the T→S table then takes the traditional form to
//! simplified Chinese. Only shinjitai that OpenCC's Chinese tables do not know at all are used
//! (説 is already in TSCharacters), only when every traditional source agrees on the simplified
//! form (弁 stands for 辨, 瓣 and 辯: left alone), and not those variants.txt marks `keep` because
//! they are Chinese characters in their own right (予 is not 豫 in 给予).

use std::collections::{BTreeMap, BTreeSet};

use hanconv::RawDictionary;

/// One char, or `None` when `s` is empty or longer.
fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// TSCharacters entries whose key and first candidate are single chars, in file order. The first
/// candidate may equal the key (then the entry changes nothing).
pub(crate) fn ts_pairs() -> Vec<(char, char)> {
    RawDictionary::TSCharacters
        .var_iter()
        .filter_map(|(key, values)| Some((single(key)?, single(values.first()?)?)))
        .collect()
}

/// Every char OpenCC's Chinese character tables mention, as key or candidate.
fn chinese_chars() -> BTreeSet<char> {
    let mut known = BTreeSet::new();
    for dict in [RawDictionary::TSCharacters, RawDictionary::STCharacters] {
        for (key, values) in dict.var_iter() {
            known.extend(key.chars());
            for v in values {
                known.extend(v.chars());
            }
        }
    }
    known
}

/// Shinjitai → the traditional forms JPVariants gives for it, for shinjitai unknown to the
/// Chinese tables. The candidates from which [`shinjitai`] picks.
pub(crate) fn shinjitai_candidates() -> BTreeMap<char, Vec<char>> {
    let known = chinese_chars();
    let mut candidates: BTreeMap<char, Vec<char>> = BTreeMap::new();
    for (traditional, forms) in RawDictionary::JPVariants.var_iter() {
        let Some(traditional) = single(traditional) else {
            continue;
        };
        for jp in forms.iter().filter_map(|f| single(f)) {
            if jp != traditional && !known.contains(&jp) {
                candidates.entry(jp).or_default().push(traditional);
            }
        }
    }
    candidates
}

/// Shinjitai → traditional, for the candidates whose traditional sources all have the same
/// simplified form (`ts` is the T→S map), minus `keep`.
pub(crate) fn shinjitai(ts: &BTreeMap<char, char>, keep: &BTreeSet<char>) -> BTreeMap<char, char> {
    let simplified = |t: char| ts.get(&t).copied().unwrap_or(t);
    shinjitai_candidates()
        .into_iter()
        .filter(|(jp, _)| !keep.contains(jp))
        .filter_map(|(jp, sources)| {
            let first = *sources.first()?;
            let unambiguous = sources.iter().all(|&t| simplified(t) == simplified(first));
            unambiguous.then_some((jp, first))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts_pairs_take_the_first_candidate() {
        let ts: BTreeMap<char, char> = ts_pairs().into_iter().collect();
        assert_eq!(ts.get(&'賭'), Some(&'赌'));
        assert_eq!(ts.get(&'乾'), Some(&'干'));
        assert_eq!(ts.get(&'説'), Some(&'说'));
        assert!(
            ts.keys().any(|c| u32::from(*c) > 0xFFFF),
            "keys outside the BMP"
        );
    }

    #[test]
    fn shinjitai_filters() {
        let ts: BTreeMap<char, char> = ts_pairs().into_iter().collect();
        let jp = shinjitai(&ts, &BTreeSet::from(['予']));
        assert_eq!(jp.get(&'円'), Some(&'圓'));
        assert_eq!(jp.get(&'説'), None, "known to TSCharacters");
        assert_eq!(jp.get(&'弁'), None, "ambiguous");
        assert_eq!(jp.get(&'予'), None, "kept");
    }
}
