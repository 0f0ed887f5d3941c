//! Emoji and symbols that stand for a character or word in evasion (🐷 猪, 💊 药, 🔫 枪, 🈲 禁).
//!
//! The table is data: `lexicons/emoji.txt`, one `EMOJI<TAB>WORD` a line. Normalization keeps
//! every emoji as noise (法😀轮😀功 is 法轮功); a post that holds an emoji of the table is also
//! read a second time with the emoji replaced by its word (你这个🐷 as 你这个猪), and a hit of
//! that reading counts only where it takes in a replaced emoji (see `classify::screen_views`).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// The shipped table, as written.
pub(crate) const SOURCE: &str = include_str!("../../../../lexicons/emoji.txt");

/// Emoji → word. A line that does not parse is left out here and refused by a test.
static TABLE: LazyLock<FxHashMap<char, &'static str>> =
    LazyLock::new(|| parse(SOURCE).filter_map(|(_, line)| line.ok()).collect());

/// One line of the table: the emoji (one scalar; a trailing U+FE0F is dropped) and its word.
pub(crate) type Line = Result<(char, &'static str), String>;

/// The lines of a table: (line number, parsed line) for every line that is not blank or `#`.
pub(crate) fn parse(text: &'static str) -> impl Iterator<Item = (usize, Line)> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let parsed = (|| {
            let (emoji, word) = line
                .split_once('\t')
                .ok_or_else(|| "expected EMOJI<TAB>WORD".to_string())?;
            let word = word.split('\t').next().unwrap_or("").trim();
            let mut chars = emoji.trim().chars().filter(|&c| c != '\u{FE0F}');
            let (Some(e), None) = (chars.next(), chars.next()) else {
                return Err(format!("{emoji:?} is not one emoji character"));
            };
            if word.is_empty() || word.starts_with('#') {
                return Err("the word is empty".to_string());
            }
            Ok((e, word))
        })();
        Some((i + 1, parsed))
    })
}

/// The word an emoji stands for. Only chars that normalization treats as noise are looked up;
/// the range test keeps ASCII, CJK and their punctuation away from the hash lookup.
#[inline]
pub(crate) fn word(c: char) -> Option<&'static str> {
    let u = c as u32;
    if u < 0x2190 || (0x3000..=0x303F).contains(&u) || (0xFF00..=0xFFEF).contains(&u) {
        return None;
    }
    TABLE.get(&c).copied()
}
