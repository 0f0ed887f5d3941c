//! The homophone view: every normalized character as a key for how it sounds.
//!
//! Evaders write a term with other characters of the same sound (去屎 for 去死, 尼玛 for 你妈,
//! 法论功 for 法轮功). Each CJK character gets the id of its toneless pinyin syllable (the
//! `pinyin` crate's first reading), folded where Chinese speakers and evaders merge sounds:
//! zh/ch/sh with z/c/s (去屎 qu shi, 去死 qu si). The nasal endings stay apart: merging -ing
//! with -in made 性服务 sound like 新服务 and 心服务.
//! The key of a character is one private-use char (U+E001 + id); anything that is not a CJK
//! character with a reading becomes [`NO_SOUND`], which no key contains. One key char per
//! normalized char, all three UTF-8 bytes long: a match's char span is its byte span / 3, the
//! same char span as in the normalized text.

use std::collections::HashMap;
use std::sync::LazyLock;

use pinyin::ToPinyin;

/// The key of a char without a reading (Latin, digits, sentence breaks).
pub(crate) const NO_SOUND: char = '\u{E000}';

/// The range of characters with readings in the table: CJK Extension A and the Unified block.
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// The syllable id of each char of `FIRST..=LAST` (0 for a char without a reading), built once
/// from the pinyin table; the key is `NO_SOUND` + id. The walk reads an entry for every char of
/// every post, spread over the whole table: as ids of two bytes the table is 54 KiB, where as
/// chars it was 108 KiB, twice a core's first-level cache. A pass over the Weibo comments takes
/// 3% less time so, the add and check that turn an id into its key included (DESIGN.md §3).
static TABLE: LazyLock<Vec<u16>> = LazyLock::new(|| {
    let mut ids: HashMap<String, u16> = HashMap::new();
    (FIRST..=LAST)
        .map(|u| {
            let Some(py) = char::from_u32(u).and_then(|c| c.to_pinyin()) else {
                return 0;
            };
            let folded = fold(py.plain());
            let next = ids.len() as u16 + 1;
            *ids.entry(folded).or_insert(next)
        })
        .collect()
});

/// Merges the sounds evaders and many speakers do not tell apart.
fn fold(syllable: &str) -> String {
    let mut s = syllable.to_string();
    for (retroflex, dental) in [("zh", "z"), ("ch", "c"), ("sh", "s")] {
        if s.starts_with(retroflex) {
            s.replace_range(..2, dental);
            break;
        }
    }
    s
}

/// The key of one normalized char.
#[inline]
pub(crate) fn key(c: char) -> char {
    Keys::get().of(c)
}

/// The table of keys, fetched once for a text rather than once per char.
#[derive(Clone, Copy)]
pub(crate) struct Keys(&'static [u16]);

impl Keys {
    pub(crate) fn get() -> Keys {
        Keys(&TABLE)
    }

    /// The key of normalized char `c`.
    #[inline]
    pub(crate) fn of(self, c: char) -> char {
        // (Below FIRST, the subtraction wraps past the table's end.)
        let i = (c as u32).wrapping_sub(FIRST) as usize;
        let id = self.0.get(i).copied().unwrap_or(0);
        char::from_u32(NO_SOUND as u32 + u32::from(id)).unwrap_or(NO_SOUND)
    }
}

/// The key of a term, when every char has a sound and there are at least two (one syllable
/// collides with too many ordinary characters to mean anything).
pub(crate) fn term_key(term: &str) -> Option<String> {
    let key: String = term.chars().map(key).collect();
    (key.chars().count() >= 2 && !key.contains(NO_SOUND)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn homophones_share_a_key_and_other_words_do_not() {
        let same = |a: &str, b: &str| term_key(a).is_some() && term_key(a) == term_key(b);
        assert!(same("去死", "去屎"));
        assert!(same("你妈", "尼玛"));
        assert!(same("法轮功", "法论功"));
        assert!(same("畜生", "初生"));
        assert!(!same("去死", "取消"));
        assert!(!same("法轮功", "法律公"));
        assert!(!same("赌博", "读书"));
    }

    #[test]
    fn every_key_is_one_three_byte_char_and_chars_without_a_reading_share_one() {
        let keys = Keys::get();
        // A match's char span in the view is its byte span / 3 (`classify`).
        let table = (FIRST..=LAST).filter_map(char::from_u32);
        for c in table.chain(['a', '1', '。', '\u{E000}', '😀']) {
            assert_eq!(keys.of(c).len_utf8(), 3, "{c}");
        }
        assert_eq!(keys.of('a'), NO_SOUND);
        assert_eq!(keys.of('。'), NO_SOUND);
        // The table's edges: the chars just outside it have no key, those at its ends theirs.
        for c in ['\0', '\u{33FF}', '\u{A000}', '😀', char::MAX] {
            assert_eq!(keys.of(c), NO_SOUND, "{c:?}");
        }
        for c in ['\u{3400}', '\u{4E00}', '\u{9FA5}', '\u{9FFF}'] {
            assert_eq!(keys.of(c) != NO_SOUND, c.to_pinyin().is_some(), "{c:?}");
        }
        assert_ne!(keys.of('\u{4E00}'), NO_SOUND);
        // Keys are private-use chars, one per syllable.
        let syllables: HashSet<char> = (FIRST..=LAST)
            .filter_map(char::from_u32)
            .map(|c| keys.of(c))
            .inspect(|k| assert!(('\u{E000}'..='\u{F8FF}').contains(k), "{k:?}"))
            .collect();
        assert!(
            (300..1000).contains(&syllables.len()),
            "{}",
            syllables.len()
        );
        assert_ne!(keys.of('去'), NO_SOUND);
        assert_eq!(key('死'), keys.of('屎'));
        assert_eq!(term_key("死"), None);
        assert_eq!(term_key("死a"), None);
    }
}
