//! The lexicons shipped with shenhe, compiled in. A test checks this list against `lexicons/`.

// "emoji.txt" in the same folder is not a lexicon but the emoji table of normalization
// (`normalize/emoji.rs` compiles it in); `add_dir` skips a file of that name.
// (file name, contents) of every shipped lexicon, in load order.
crate::util::data_files! {
    "../../../../lexicons/";
    "sets.txt",
    "contexts.txt",
    "commercial_ad.txt",
    "constitution.txt",
    "crime_instigation.txt",
    "cult_superstition.txt",
    "emotional_opinion.txt",
    "ethnic_hatred.txt",
    "gambling.txt",
    "illegal_assembly.txt",
    "illegal_organization.txt",
    "insult_defamation.txt",
    "national_honor.txt",
    "needs_signoff.txt",
    "other_prohibited.txt",
    "porn.txt",
    "rumor.txt",
    "state_secret.txt",
    "state_security.txt",
    "unauthorized_disclosure.txt",
    "unverified.txt",
    "violence_terror.txt",
    "vulgar.txt",
}

/// The words of set `name` as the shipped `sets.txt` defines it: for a detector that shares a
/// vocabulary with the lexicons (the sign-off detector's `境外`, `涉我` and `市场数据`), so the
/// words are written once, as data. (Words of a detector alone are in `lexicons/detectors/`.) Such a set lists plain words (no `$` includes; a test
/// checks). An unknown name gives no words.
pub(crate) fn set_words(name: &str) -> Vec<&'static str> {
    let sets = FILES
        .iter()
        .find(|f| f.0.starts_with("sets."))
        .map_or("", |f| f.1);
    sets.lines()
        .find_map(|line| {
            let (set, words) = line.strip_prefix("@set ")?.split_once('\t')?;
            (set == name).then(|| words.split('|').collect())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detector_sets_are_plain_words() {
        for (name, least) in [("境外", 100), ("涉我", 10), ("市场数据", 30)] {
            let words = set_words(name);
            assert!(words.len() >= least, "{name}: {words:?}");
            for w in words {
                assert!(!w.is_empty() && !w.starts_with('$'), "{name}: {w:?}");
            }
        }
        assert!(set_words("no such set").is_empty());
    }
}
