/*!
The shenhe (审核) screening engine: Chinese posts in, verdicts per the regulations for government
and enterprise new-media accounts out.

# Overview

A post goes through three stages:

1. **normalize** ([`normalize`](crate) module): full-width, case, traditional characters,
   variants, digit variants, zero-width characters and noise between characters are folded
   into one canonical form, with a map back to the original text;
2. **match**: one Aho-Corasick automaton over every term, allow phrase and rule word of every
   category finds all candidates in one scan;
3. **classify**: rules (`need=`, `unless=`, allow phrases, word boundaries) keep the real
   findings, and the [`Policy`] turns each into an [`Action`] for the [`Account`] type.

The result is a [`Verdict`] in the JSON shape of the contract (contract §4).

# Example

```
use shenhe_core::{Account, Category, Decision, Engine, Input};

let engine = Engine::new()?; // the shipped lexicons, the default policy
let text = "賭*博网站注册就送彩金";
let verdict = engine.screen(Input::new(text).account(Account::Org))?;
assert_eq!(verdict.verdict, Decision::Block);
assert!(verdict.categories.contains(&Category::Gambling));
for hit in &verdict.hits {
    // Spans point into the original text, even though 賭*博 was matched as 赌博.
    assert_eq!(&text[hit.start..hit.end], hit.matched);
}
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Crate features

- `embedded-lexicon` (default): the shipped lexicons are compiled in; [`Engine::new`] uses them.
- `parallel` (default): [`Engine::screen_batch`] runs on rayon's thread pool.
- `fuzzing` (off): hidden entry points for this repository's fuzz targets; not public API,
  outside semver.
*/

#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]
#![warn(missing_debug_implementations)]

mod automata;
mod batch;
mod category;
mod classify;
mod detect;
mod engine;
mod layout;
mod lexicon;
mod model;
mod normalize;
mod policy;
mod redact;
mod references;
mod reload;
mod segment;
mod serial;
mod sources;
mod util;
mod verdict;

pub use crate::batch::ScreenIter;
pub use crate::category::{Account, Action, Category, Decision, Risk, UnknownId, UnknownIdKind};
pub use crate::engine::{
    Config, DEFAULT_MAX_HITS_PER_TERM, DEFAULT_MAX_POST_BYTES, Engine, EngineBuilder, Input,
    MAX_POST_BYTES_LIMIT, Post,
};
pub use crate::lexicon::{
    DEFAULT_WITHIN, Lexicon, LexiconBuilder, MAX_ENTRIES, MAX_SET_DEPTH, MAX_SET_MEMBERSHIPS,
    MAX_TERM_CHARS,
};
pub use crate::model::train::{
    ClassReport, Example, TrainError, TrainErrorKind, TrainOptions, TrainReport, train,
};
pub use crate::model::{MAX_GRAM, Model, ModelClass, Target};
pub use crate::policy::Policy;
pub use crate::redact::Redactor;
pub use crate::references::{References, ReferencesBuilder};
pub use crate::reload::SharedEngine;
pub use crate::serial::{LoadError, LoadErrorKind};
pub use crate::sources::{Sources, SourcesBuilder};
pub use crate::util::error::{
    BuildError, BuildErrorKind, LexiconError, LexiconErrorKind, ModelError, ModelErrorKind,
    PolicyError, PolicyErrorKind, ReferenceError, ReferenceErrorKind, ScreenError, ScreenErrorKind,
};
pub use crate::verdict::{Hit, REVIEW_CONFIDENCE, Verdict};

/// Loads the word segmenter's dictionary now, rather than when the first post needs it.
///
/// Short terms that can sit inside ordinary words (法轮 in 依法轮流值班) and terms heard by
/// sound are checked against the words around them, cut with jieba's dictionary. That takes
/// about 100 ms and 32 MiB to load, once a process, and is loaded the first time a post asks
/// (so an engine whose posts never ask does without it). A service that must not make that
/// post wait, or a batch that should time screening alone, calls this at start-up; on a thread
/// of its own it overlaps building the engine, as `shenhe batch` does. Calls after the first,
/// and calls while another thread loads it, return once it is loaded.
///
/// ```
/// shenhe_core::preload_segmenter();
/// // 法轮 stands inside 依法 and 轮流 here: the segmenter's words say so.
/// let engine = shenhe_core::Engine::new()?;
/// assert!(engine.screen("依法轮流值班")?.hits.is_empty());
/// assert!(!engine.screen("他在练法轮功")?.hits.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn preload_segmenter() {
    segment::preload();
}

/// Entry points for this repository's fuzz targets (`fuzz/`), behind the `fuzzing` feature.
///
/// **Not public API**: hidden from the documentation, outside semver, and free to change or
/// vanish in any release. Embedders must not use it.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzz {
    /// One char of normalized text and the span of the original text it came from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Origin {
        /// Byte offset of this char in the normalized text.
        pub nbyte: usize,
        /// Byte span in the original text (half-open).
        pub start: usize,
        /// End of the byte span.
        pub end: usize,
        /// Char span in the original text (half-open).
        pub char_start: usize,
        /// End of the char span.
        pub char_end: usize,
    }

    /// What normalization makes of a sentence end: terms never contain it.
    pub const BREAK: char = crate::normalize::BREAK;

    /// `text` in the form the automaton scans, and one origin per normalized char.
    pub fn normalize(text: &str) -> (String, Vec<Origin>) {
        let mut n = crate::normalize::Normalized::new();
        n.normalize(text);
        // Char offsets are counted here, on one walk: the engine keeps none per char, and
        // normalized byte offsets only for some.
        let (mut at, mut chars) = (0, 0);
        let origins = n
            .origins
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let start = o.start() as usize;
                chars += text[at..start].chars().count();
                at = start;
                Origin {
                    nbyte: n.nbyte(i),
                    start,
                    end: o.end() as usize,
                    char_start: chars,
                    char_end: chars + 1,
                }
            })
            .collect();
        (n.text, origins)
    }

    /// A lexicon term in the form the automaton matches; `None` when it holds a sentence end.
    pub fn normalize_term(term: &str) -> Option<String> {
        crate::normalize::normalize_term(term)
    }
}

#[cfg(test)]
mod oibits {
    use super::*;
    use std::panic::{RefUnwindSafe, UnwindSafe};

    fn assert_all<T: Send + Sync + UnwindSafe + RefUnwindSafe>() {}

    #[test]
    fn public_types_are_send_sync_unwind_safe() {
        assert_all::<Engine>();
        assert_all::<Redactor>();
        assert_all::<EngineBuilder>();
        assert_all::<Lexicon>();
        assert_all::<LexiconBuilder>();
        assert_all::<Policy>();
        assert_all::<Verdict>();
        assert_all::<Hit>();
        assert_all::<Config>();
        assert_all::<Post>();
        assert_all::<LexiconError>();
        assert_all::<BuildError>();
        assert_all::<ScreenError>();
        assert_all::<References>();
        assert_all::<ReferencesBuilder>();
        assert_all::<ReferenceError>();
        assert_all::<Sources>();
        assert_all::<SourcesBuilder>();
        assert_all::<LexiconErrorKind>();
        assert_all::<BuildErrorKind>();
        assert_all::<ScreenErrorKind>();
        assert_all::<PolicyError>();
        assert_all::<PolicyErrorKind>();
        assert_all::<ReferenceErrorKind>();
        assert_all::<ModelError>();
        assert_all::<ModelErrorKind>();
        assert_all::<LoadError>();
        assert_all::<LoadErrorKind>();
        assert_all::<TrainError>();
        assert_all::<TrainErrorKind>();
        assert_all::<UnknownId>();
        assert_all::<UnknownIdKind>();
    }
}
