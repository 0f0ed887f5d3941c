//! Shared plumbing.
//!
//! - `error`: the error types of each phase (re-exported at the crate root);
//! - `lines`: the capped line reader every data file goes through;
//! - `data_files!`: data files of `lexicons/` compiled in;
//! - `Release`: working memory kept between posts only up to `KEPT_BYTES`;
//! - `xorshift` (tests only): the random text of the crate's tests;
//! - `every_text` (tests only): every text of a few chars of an alphabet;
//! - `texts_of` (tests only): the `text` of each line of a JSONL file of posts.
pub(crate) mod error;
pub(crate) mod lines;

/// Steps a xorshift generator and returns its new state: the random text of the crate's
/// tests, the same on every run.
#[cfg(test)]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The next [`xorshift`] step taken below `n`: an index into the tests' alphabets.
#[cfg(test)]
pub(crate) fn below(state: &mut u64, n: usize) -> usize {
    (xorshift(state) % n as u64) as usize
}

/// Every text of 1 to `up_to` chars of `alphabet`, shortest first: what the tests that must
/// hold for every arrangement of a few chars go through.
#[cfg(test)]
pub(crate) fn every_text(alphabet: &str, up_to: usize) -> Vec<String> {
    let (mut all, mut last) = (Vec::new(), vec![String::new()]);
    for _ in 0..up_to {
        last = last
            .iter()
            .flat_map(|t| alphabet.chars().map(move |c| format!("{t}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

/// The `text` of each line of `jsonl`, posts one JSON object a line (the samples, the
/// challenge sets): what the tests that screen the shipped posts go through.
#[cfg(test)]
pub(crate) fn texts_of(jsonl: &str) -> impl Iterator<Item = String> + '_ {
    jsonl.lines().map(|line| {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        v["text"].as_str().unwrap().to_string()
    })
}

/// `static FILES: &[(&str, &str)]`, the (file name, contents) of the named files of a folder of
/// `lexicons/` (the folder's path from the invoking source file, ending in `/`), compiled in:
/// the shipped lexicons, the detectors' vocabularies. Each list is checked against its folder by
/// `tests/lexicon.rs`, which counts the names in the invoking file.
macro_rules! data_files {
    ($folder:literal; $($name:literal),* $(,)?) => {
        pub(crate) static FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!($folder, $name))),)*
        ];
    };
}
pub(crate) use data_files;

/// The most memory one working buffer keeps from one long post (over
/// [`LONG_POST`](crate::normalize::LONG_POST) bytes) to the next, in bytes: many times what a
/// post of usual length needs. The buffers of a long post are given back once its stage is
/// done, so a thread that once screened a megabyte does not hold that memory for good, and the
/// stages of one long post do not add up (the classifier's lists are freed before the detectors
/// build their views). A short post's buffers, bounded by its length, are kept as they are.
pub(crate) const KEPT_BYTES: usize = 1 << 16;

/// Working memory that can give back what it holds past [`KEPT_BYTES`].
pub(crate) trait Release {
    fn release(&mut self);
    /// The bytes it holds (its capacity).
    fn held(&self) -> usize;
}

impl<T> Release for Vec<T> {
    fn release(&mut self) {
        if self.held() > KEPT_BYTES {
            *self = Vec::new();
        }
    }

    fn held(&self) -> usize {
        self.capacity().saturating_mul(std::mem::size_of::<T>())
    }
}

impl Release for String {
    fn release(&mut self) {
        if self.held() > KEPT_BYTES {
            *self = String::new();
        }
    }

    fn held(&self) -> usize {
        self.capacity()
    }
}

impl<K, V, S: Default> Release for std::collections::HashMap<K, V, S> {
    fn release(&mut self) {
        if self.held() > KEPT_BYTES {
            *self = Self::default();
        }
    }

    fn held(&self) -> usize {
        self.capacity()
            .saturating_mul(std::mem::size_of::<(K, V)>())
    }
}
