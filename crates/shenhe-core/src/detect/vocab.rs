//! The detectors' own vocabularies: `lexicons/detectors/*.txt`, compiled in.
//!
//! A detector that reads the original text (the marks and brackets normalization drops) keeps
//! its words here rather than in the lexicon, so they give no lexicon hits: the same
//! `@set NAME<TAB>WORD|WORD|...` lines as a lexicon's sets, one file a detector. Words shared
//! with the lexicon's rules (the sign-off detector's `境外`) stay in `lexicons/sets.txt`; [`words`]
//! finds a set in either place. The sets a detector names in its `WAKE` join the engine's
//! automaton as wake words ([`super::wake_words`]).

use crate::lexicon::shipped;

// (file name, contents) of every detector vocabulary.
crate::util::data_files! {
    "../../../../lexicons/detectors/";
    "attribution.txt",
    "contact.txt",
    "format.txt",
    "marking.txt",
    "pii.txt",
    "signoff.txt",
}

/// The sets of `text`: (name, words) of each `@set` line.
fn sets(text: &'static str) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    text.lines().filter_map(|line| {
        let (name, words) = line.strip_prefix("@set ")?.split_once('\t')?;
        Some((name, words.split('|').collect()))
    })
}

/// The words of set `name`: from the detectors' files, or else from the shipped `sets.txt`.
/// An unknown name gives no words; a debug assertion catches one, since the tests build every
/// detector.
pub(crate) fn words(name: &str) -> Vec<&'static str> {
    let words = FILES
        .iter()
        .find_map(|(_, text)| sets(text).find(|s| s.0 == name).map(|s| s.1))
        .unwrap_or_else(|| shipped::set_words(name));
    // Every detector is built in every test run: a misspelt name fails there.
    debug_assert!(
        !words.is_empty(),
        "no set {name} in lexicons/detectors or the shipped sets"
    );
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_comment_or_a_set_of_plain_normalized_words() {
        let mut names = Vec::new();
        for (file, text) in FILES {
            for (i, line) in text.lines().enumerate() {
                let line_no = i + 1;
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                assert!(line.starts_with("@set "), "{file}:{line_no}: {line}");
                let (name, words) = line["@set ".len()..]
                    .split_once('\t')
                    .unwrap_or_else(|| panic!("{file}:{line_no}: no TAB"));
                assert!(!names.contains(&name), "{file}:{line_no}: {name} again");
                names.push(name);
                for w in words.split('|') {
                    assert!(
                        !w.is_empty() && !w.starts_with('$'),
                        "{file}:{line_no}: {w:?}"
                    );
                    // Written in folded form (simplified, half-width): the detectors find the
                    // other spellings through the folding table. Letters may keep their case.
                    for c in w.chars() {
                        assert!(
                            c.is_ascii() || crate::normalize::fold(c) == c,
                            "{file}:{line_no}: {c} in {w:?} is not in folded form"
                        );
                    }
                    // Words matched on the normalized text must be written as it is (qq, not
                    // QQ; no punctuation).
                    if file.starts_with("contact.") || file.starts_with("pii.") {
                        assert_eq!(
                            crate::normalize::normalize_term(w).as_deref(),
                            Some(w),
                            "{file}:{line_no}"
                        );
                    }
                }
            }
            assert!(sets(text).count() >= 2, "{file}");
        }
        // No name is also a set of the lexicon, which `words` would hide.
        for name in names {
            assert!(
                shipped::set_words(name).is_empty(),
                "{name} is a lexicon set too"
            );
        }
    }

    #[test]
    fn words_come_from_either_place() {
        assert_eq!(words("密级"), ["绝密", "机密", "秘密", "工作秘密"]);
        assert!(words("境外").contains(&"巴基斯坦"));
    }
}
