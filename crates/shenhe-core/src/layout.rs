//! Ordinary text that the automata are laid out for.
//!
//! Walking an automaton is a chain of loads from its double array, each of which waits for the
//! one before: a comment's time goes mostly to the loads of the states its characters lead to
//! (a time profile of `shenhe batch` puts two fifths of the classifier's time on the one
//! instruction that reads a child state, in the main walk and the homophone view's), and the
//! two arrays (about 1.1 and 0.9 MiB of states) do not fit in a core's cache together.
//! daachorse can lay an automaton out for a sample of text
//! ([`corpus`](daachorse::CharwiseDoubleArrayAhoCorasickBuilder::corpus)): the states the
//! sample visits are packed side by side at the start of the array, so that text like the
//! sample reads fewer cache lines. The sample never changes what is matched (daachorse's
//! contract; `the_layout_changes_no_match` checks it on our automata).
//!
//! The sample is the text this project ships anyway: the regulations the engine enforces
//! (`docs/regulations/`, public documents) and the sample posts and account archive
//! (`samples/posts.jsonl`, `samples/archive.jsonl`, written for this project), normalized as
//! posts are, and for the homophone view spelt as sound keys.
//! Official prose and everyday posts visit the states of the common characters and words that
//! most posts are made of. Measured on the Weibo comments (`DESIGN.md`): the classifier's reads
//! that miss a simulated 1 MiB cache fell by a fifth, and `Engine::screen` took a seventh less
//! time, for 0.12G more instructions (about 40 ms) to build or load an engine.

use std::sync::LazyLock;

use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use crate::normalize::{Normalized, sound};

/// The regulations, as `docs/regulations/` ships them (with their headers).
const REGULATIONS: [&str; 5] = [
    include_str!("../../../docs/regulations/ganzhou-district-gov-weibo.txt"),
    include_str!("../../../docs/regulations/hebei-hrss-new-media-2022.txt"),
    include_str!("../../../docs/regulations/hebei-sports-bureau-weibo-2012.txt"),
    include_str!("../../../docs/regulations/xinjiang-gov-weibo-2012.txt"),
    include_str!("../../../docs/regulations/yakeshi-gov-services-new-media.txt"),
];

/// The sample posts and the sample account archive, one JSON object a line with its `text`.
const POSTS: [&str; 2] = [
    include_str!("../../../samples/posts.jsonl"),
    include_str!("../../../samples/archive.jsonl"),
];

/// Automata over fewer strings than this are built without the sample: they fit in a cache as
/// they are, and profiling would only slow the building of the many small engines that tests
/// and custom lexicons make.
pub(crate) const MIN_STRINGS: usize = 1000;

/// What an automaton reads, and so how the sample is spelt for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alphabet {
    /// Normalized text.
    Text,
    /// Sound keys ([`sound`]), one per normalized char.
    Keys,
}

/// The sample: the regulations line by line and the sample posts, normalized (a line that
/// normalizes to nothing, blank or all punctuation, is left out).
fn lines() -> impl Iterator<Item = String> {
    let posts = POSTS.iter().flat_map(|p| p.lines()).map(|line| {
        serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("text")?.as_str().map(str::to_owned))
            .unwrap_or_default()
    });
    let mut norm = Normalized::new();
    REGULATIONS
        .iter()
        .flat_map(|r| r.lines().map(str::to_owned))
        .chain(posts)
        .filter_map(move |text| {
            norm.normalize(&text);
            (!norm.text.is_empty()).then(|| norm.text.clone())
        })
}

/// The sample spelt for `alphabet`.
pub(crate) fn sample(alphabet: Alphabet) -> &'static [String] {
    static TEXT: LazyLock<Vec<String>> = LazyLock::new(|| lines().collect());
    static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let keys = sound::Keys::get();
        sample(Alphabet::Text)
            .iter()
            .map(|line| line.chars().map(|c| keys.of(c)).collect())
            .collect()
    });
    match alphabet {
        Alphabet::Text => &TEXT,
        Alphabet::Keys => &KEYS,
    }
}

/// The builder every automaton of the engine is built with, for an automaton of `strings`
/// strings over `alphabet`: overlapping matches, without daachorse's prefilter, and laid out
/// for the sample when there are [`MIN_STRINGS`] strings or more.
///
/// The prefilter (a table of the bytes patterns start with, built by default) speeds up
/// daachorse's own searches of a `&str`; the engine steps its automata a char at a time
/// ([`find_overlapping_stepper`](daachorse::CharwiseDoubleArrayAhoCorasick::find_overlapping_stepper)),
/// which never reads it, so it only cost memory and time to build.
pub(crate) fn builder(strings: usize, alphabet: Alphabet) -> CharwiseDoubleArrayAhoCorasickBuilder {
    let builder = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .use_prefilter(false);
    if strings < MIN_STRINGS {
        return builder;
    }
    builder.corpus(sample(alphabet))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_holds_every_regulation_line_and_every_post() {
        let text = sample(Alphabet::Text);
        let regulation_lines = REGULATIONS
            .iter()
            .flat_map(|r| r.lines())
            .filter(|l| {
                let mut n = Normalized::new();
                n.normalize(l);
                !n.text.is_empty()
            })
            .count();
        // Every post has a text (a post without one would be dropped from the sample).
        let posts = POSTS.iter().flat_map(|p| p.lines()).count();
        assert_eq!(text.len(), regulation_lines + posts);
        assert!(
            posts > 400 && regulation_lines > 200,
            "{posts} {regulation_lines}"
        );
        // Normalized as posts are: full-width forms folded, punctuation gone.
        assert!(text.iter().all(|l| !l.contains(['，', '。', ' '])));
        let keys = sample(Alphabet::Keys);
        assert_eq!(keys.len(), text.len());
        for (t, k) in text.iter().zip(keys) {
            assert_eq!(t.chars().count(), k.chars().count());
        }
    }
}
