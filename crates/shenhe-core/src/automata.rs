//! One automaton over every term, allow phrase and set word of every category.
//!
//! Distinct normalized strings become patterns; each pattern knows which lexicon entries it
//! starts and which sets it belongs to (transitively through set includes, and through the
//! anonymous set that each `need=`/`unless=` list becomes). Screening then needs one
//! overlapping scan of the normalized text, whatever the number of categories and rules.
//!
//! daachorse's charwise double-array Aho-Corasick was chosen on measurement (DEPENDENCIES.md):
//! on Chinese text it scans 1.4–4× faster than aho-corasick's NFA at 1k–100k patterns, and its
//! memory stays in single-digit MiB where a DFA would need hundreds.

use std::collections::HashMap;
use std::sync::Arc;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use crate::category::{Action, Category};
use crate::layout::{self, Alphabet};
use crate::lexicon::{EntryKind, Lexicon, Order, Scope, Word};
use crate::normalize::{normalize_term, sound};
use crate::util::error::{BuildError, BuildErrorKind};

/// The most distinct patterns an automaton holds (daachorse's state ids are 32-bit; this stays
/// well inside them).
pub(crate) const MAX_PATTERNS: usize = 4_000_000;

/// The lexicon's patterns and a model's n-grams in one automaton, so that a post is walked once
/// for both: pattern `i` of the lexicon (or wake word, [`Automaton::strings`]) reports `i`, an
/// n-gram that is none of those reports `base + row`.
#[derive(Clone)]
pub(crate) struct Joint {
    pub(crate) ac: CharwiseDoubleArrayAhoCorasick<u32>,
    /// The number of lexicon patterns and wake-only words: values from it on are model rows.
    pub(crate) base: u32,
    /// The model row of each pattern or wake word that is also an n-gram, `u32::MAX` for the
    /// rest.
    pub(crate) rows: Vec<u32>,
}

impl std::fmt::Debug for Joint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Joint")
            .field("base", &self.base)
            .field("grams", &(self.ac.num_states()))
            .finish()
    }
}

impl Joint {
    /// The joint automaton of `automaton`'s patterns and `grams` (each n-gram's text, in row
    /// order).
    pub(crate) fn build<'a>(
        automaton: &Automaton,
        grams: impl Iterator<Item = &'a str>,
    ) -> Result<Joint, BuildError> {
        // (A single-char set word is not walked, [`Singles`]: as an n-gram it is one of the
        // extras.)
        let index: HashMap<&str, u32> = automaton.strings().collect();
        // Counted, not taken from the index: a damaged saved engine may repeat a pattern.
        let values = automaton.patterns.len() + automaton.wake_only.len();
        let base = values as u32;
        let mut rows = vec![u32::MAX; values];
        let mut extra: Vec<(&str, u32)> = Vec::new();
        for (row, g) in grams.enumerate() {
            match index.get(g) {
                Some(&p) => rows[p as usize] = row as u32,
                None => extra.push((g, base + row as u32)),
            }
        }
        let ac = layout::builder(values + extra.len(), Alphabet::Text)
            .build_with_values(automaton.strings().chain(extra))
            .map_err(|e| BuildError::new(BuildErrorKind::Automaton(e.to_string())))?;
        Ok(Joint { ac, base, rows })
    }

    /// Heap memory, in bytes.
    pub(crate) fn memory_usage(&self) -> usize {
        self.ac.heap_bytes() + 4 * self.rows.len()
    }
}

/// A compiled lexicon entry (a deny term or an allow phrase).
#[derive(Clone, Debug)]
pub(crate) struct CompiledEntry {
    pub(crate) term: Arc<str>,
    pub(crate) kind: EntryKind,
    /// List id ([`Automaton::lists`]) of the `need=` list.
    pub(crate) need: Option<u32>,
    /// List ids of the `and=` lists: each must also have a word near the term.
    pub(crate) and: Vec<u32>,
    /// List id of the `unless=` list.
    pub(crate) unless: Option<u32>,
    pub(crate) within: Scope,
    /// Where the `need=`/`and=` words must stand.
    pub(crate) order: Order,
    /// The term also matches by sound (the homophone view).
    pub(crate) homophone: bool,
    pub(crate) action: Option<Action>,
    pub(crate) boundary: bool,
    /// The normalized term starts / ends with an ASCII letter or digit: such a hit must not
    /// continue a Latin word or number (av in have, 110 in 1101).
    pub(crate) ascii_start: bool,
    pub(crate) ascii_end: bool,
}

/// A compiled context rule.
#[derive(Clone, Debug)]
pub(crate) struct CompiledContext {
    pub(crate) name: Arc<str>,
    /// List id of the cue words.
    pub(crate) cue: u32,
    /// List id of the counter-evidence words.
    pub(crate) unless: Option<u32>,
    pub(crate) only: u32,
    pub(crate) scope: Scope,
}

/// What one pattern (a distinct normalized string) stands for.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    /// The normalized string: what a saved engine keeps to rebuild the automaton on load.
    pub(crate) text: Box<str>,
    /// Entries whose term is this string.
    pub(crate) entries: Vec<u32>,
    /// Sets (named and anonymous) this string is a word of, sorted.
    pub(crate) sets: Vec<u32>,
    /// The length of `text` in chars: where a match that ends at a char starts.
    pub(crate) len: u32,
}

impl Pattern {
    pub(crate) fn new(text: &str) -> Pattern {
        Pattern {
            text: Box::from(text),
            entries: Vec::new(),
            sets: Vec::new(),
            len: text.chars().count() as u32,
        }
    }
}

/// The compiled form of a lexicon.
#[derive(Clone)]
pub(crate) struct Automaton {
    pub(crate) ac: CharwiseDoubleArrayAhoCorasick<u32>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) entries: Vec<CompiledEntry>,
    /// The word lists of rules (`need=`, `and=`, `unless=`, context cues), each as the sets
    /// whose words it holds: its named sets, and one set of its literal words.
    pub(crate) lists: Vec<Box<[u32]>>,
    pub(crate) contexts: Vec<CompiledContext>,
    /// The homophone view, when any term matches by sound.
    pub(crate) sound: Option<SoundView>,
    /// One more than the highest set id any list holds: the sets a rule can ask for are
    /// below it (derived from `lists`, not saved).
    pub(crate) sets_len: u32,
    /// Per value of `ac`, the detectors it wakes (bits as in [`crate::detect::wake_words`]):
    /// the detectors' wake words are in the automaton too, so the one scan tells which
    /// detectors a post needs. A wake word that is a lexicon pattern wakes through that
    /// pattern's value; the others ([`Automaton::wake_only`]) have the values after the
    /// patterns'.
    pub(crate) wake_of: Vec<u32>,
    /// The wake words that are no lexicon pattern: `ac` reports `patterns.len() + i` for word
    /// `i`. Not saved: they come with the code, not the lexicon.
    pub(crate) wake_only: Vec<&'static str>,
    /// The set words of one char that `ac` leaves out ([`Singles`]). Not saved: derived from
    /// the patterns.
    pub(crate) singles: Singles,
}

/// The patterns of one char that are set words and nothing else: no entry's term, no wake
/// word. They are left out of the walked automaton and looked up char by char only in posts
/// whose candidates ask for one of their sets.
///
/// Why: a handful of the commonest chars (的, 是, 了, 不, 我) are words of rule lists, and they
/// were two thirds of the automaton's matches on Weibo comments (0.41 a char), each one an
/// occurrence noted for rules that most posts, having no candidate, never look up.
#[derive(Clone, Debug, Default)]
pub(crate) struct Singles {
    /// (char, pattern id), sorted by char.
    chars: Vec<(char, u32)>,
    /// Their pattern ids, sorted: what the walk leaves out ([`walked`]).
    ids: Vec<u32>,
    /// Which of 256 chars each block of the Basic Multilingual Plane holds: block `b` (chars
    /// `b << 8 ..`) is `blocks[b]`, 0 for a block without any, else 1 + the index of its 256
    /// entries in `entries`. A lookup is two loads from a few kilobytes, where a binary
    /// search of `chars` cost 30 instructions a char of the post.
    blocks: Vec<u16>,
    /// Per char of a block: 0, or 1 + the index of its word in `chars`.
    entries: Vec<u16>,
    /// One bit a set: the sets that hold one of these words.
    sets: Vec<u64>,
}

impl Singles {
    /// The single-char set words of `patterns` that wake no detector (`wake_of`).
    fn of(patterns: &[Pattern], wake_of: &[u32]) -> Singles {
        let mut chars = Vec::new();
        let mut sets: Vec<u64> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let mut one = p.text.chars();
            let (Some(c), None) = (one.next(), one.next()) else {
                continue;
            };
            if !p.entries.is_empty() || p.sets.is_empty() || wake_of.get(i) != Some(&0) {
                continue;
            }
            chars.push((c, i as u32));
            for &set in &p.sets {
                let word = (set / 64) as usize;
                if sets.len() <= word {
                    sets.resize(word + 1, 0);
                }
                add_set(&mut sets, set);
            }
        }
        chars.sort_unstable();
        // (Patterns are distinct strings; in a damaged saved engine a char there twice keeps
        // one of its patterns, never a panic.) Past what a u16 indexes, every char is looked
        // up by binary search (no lexicon comes near).
        let mut blocks = vec![0u16; 256];
        let mut entries: Vec<u16> = Vec::new();
        for (i, &(c, _)) in chars.iter().enumerate().take(usize::from(u16::MAX) - 1) {
            let Ok(u) = u16::try_from(c as u32) else {
                continue;
            };
            let b = usize::from(u >> 8);
            if blocks[b] == 0 {
                // (At most 256 blocks: the index fits.)
                entries.resize(entries.len() + 256, 0);
                blocks[b] = (entries.len() / 256) as u16;
            }
            entries[usize::from(blocks[b] - 1) * 256 + usize::from(u & 0xFF)] = i as u16 + 1;
        }
        let mut ids: Vec<u32> = chars.iter().map(|&(_, p)| p).collect();
        ids.sort_unstable();
        Singles {
            chars,
            ids,
            blocks,
            entries,
            sets,
        }
    }

    /// The pattern that is char `c` alone, if it is one of these.
    #[inline]
    pub(crate) fn get(&self, c: char) -> Option<u32> {
        let u = c as u32;
        let slow = || {
            self.chars
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| self.chars[i].1)
        };
        if u > 0xFFFF {
            // (Sorted: an astral word is last.)
            let astral = self.chars.last().is_some_and(|&(k, _)| k as u32 > 0xFFFF);
            return if astral { slow() } else { None };
        }
        if self.chars.len() >= usize::from(u16::MAX) - 1 {
            return slow();
        }
        let block = *self.blocks.get((u >> 8) as usize)?;
        if block == 0 {
            return None;
        }
        let entry = *self
            .entries
            .get(usize::from(block - 1) * 256 + (u & 0xFF) as usize)?;
        match entry {
            0 => None,
            i => self.chars.get(usize::from(i - 1)).map(|&(_, p)| p),
        }
    }

    /// One bit a set: the sets that hold one of these words.
    pub(crate) fn sets(&self) -> &[u64] {
        &self.sets
    }

    /// Whether any of these words is in a set of `wanted` (one bit a set).
    pub(crate) fn any_in(&self, wanted: &[u64]) -> bool {
        self.sets.iter().zip(wanted).any(|(a, b)| a & b != 0)
    }

    fn memory_usage(&self) -> usize {
        8 * (self.chars.len() + self.sets.len())
            + 4 * self.ids.len()
            + 2 * (self.blocks.len() + self.entries.len())
    }
}

/// Whether `set` is in `bits`, a set of sets with one bit a set id (the classifier's wanted and
/// present sets, [`Singles`]' sets).
pub(crate) fn has_set(bits: &[u64], set: u32) -> bool {
    bits.get((set / 64) as usize)
        .is_some_and(|w| w & (1 << (set % 64)) != 0)
}

/// Puts `set` in `bits` ([`has_set`]); a set past the end of `bits` is left out, so `bits` is
/// sized first (for every set of the automaton: [`Automaton::sets_len`]).
pub(crate) fn add_set(bits: &mut [u64], set: u32) {
    if let Some(w) = bits.get_mut((set / 64) as usize) {
        *w |= 1 << (set % 64);
    }
}

/// Whether a term of `category` and normalized form `norm` matches by sound: by default every
/// content term of two chars or more (contract §3's `constitution` … `commercial_ad`), unless its
/// line says `homophone=off`. Compliance vocabularies (sign-off, attribution) are never heard.
/// What keeps ordinary words that sound like a term from firing is in
/// [`crate::segment::is_heard_evasion`] and the classifier's `HEARD_ALONE`.
fn hears(category: Category, norm: &str, flag: Option<bool>) -> bool {
    match flag {
        Some(on) => on,
        None => category.is_content() && norm.chars().count() >= 2,
    }
}

/// A second automaton over the sound keys ([`sound`]) of the terms that match by sound.
#[derive(Clone)]
pub(crate) struct SoundView {
    pub(crate) ac: CharwiseDoubleArrayAhoCorasick<u32>,
    /// The entries each key stands for, with their normalized terms (what a heard span is
    /// compared with, char by char, to find the respelt chars).
    pub(crate) entries: Vec<Vec<(u32, Box<str>)>>,
    /// The set words (pattern ids) each key stands for: words of the sets that `need=` and
    /// `and=` ask for, so that a rule's context respelt (夺取政全) still counts.
    pub(crate) words: Vec<Vec<u32>>,
    /// Per key, the pattern that spells every term and word of the key, when one does
    /// (`u32::MAX` when they are spelt two ways or more). A span heard as such a key where the
    /// main automaton read that pattern is spelt as its terms are: no respelling of any, so
    /// nothing to look at. Most spans the view finds are such, and looking at one reads three
    /// or four scattered allocations (the key's terms and words, their texts).
    pub(crate) spelling: Vec<u32>,
    /// Per key of at most [`KEPT_PLACES`] chars, each char of its terms and words with its
    /// place in them, `place << 21 | char`, sorted and without repeats; key `k`'s are
    /// `kept[kept_at[k]..kept_at[k + 1]]`. A span heard as the key that has none of them at
    /// their places respells none of its terms and words (a respelling keeps some char,
    /// `classify::respelling`), and is dropped without a look at them
    /// ([`SoundView::may_respell`]). Most spans past `spelling` are such sound-alikes.
    kept: Vec<u32>,
    kept_at: Vec<u32>,
}

/// The longest keys whose chars [`SoundView::kept`] lists. Longer ones list none (their spans
/// are always looked at): they are three fifths of the shipped lexicons' keys and four fifths
/// of their chars (the list of every key was 1.7 MB, a sixth of an engine), and a span of five
/// chars or more heard by sound is rare.
const KEPT_PLACES: u32 = 4;

impl SoundView {
    /// Builds the view over `(entry id, normalized term)` of the entries that match by sound
    /// and `(pattern id, word)` of the set words heard as their rules' context; `None` when
    /// nothing has a key (fewer than two syllables, or a char without a reading). `pattern`
    /// gives the pattern a term is spelt as (`None` if none, in a damaged saved engine).
    pub(crate) fn build<'a>(
        terms: impl Iterator<Item = (u32, &'a str)>,
        words: impl Iterator<Item = (u32, &'a str)>,
        pattern: impl Fn(&str) -> Option<u32>,
    ) -> Result<Option<SoundView>, BuildError> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut entries: Vec<Vec<(u32, Box<str>)>> = Vec::new();
        let mut set_words: Vec<Vec<u32>> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut id_of = |key: String| {
            *ids.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                entries.push(Vec::new());
                set_words.push(Vec::new());
                (keys.len() - 1) as u32
            })
        };
        let mut heard_terms = Vec::new();
        for (entry, norm) in terms {
            if let Some(key) = sound::term_key(norm) {
                heard_terms.push((id_of(key), entry, norm));
            }
        }
        let mut heard_words = Vec::new();
        for (pattern, text) in words {
            if let Some(key) = sound::term_key(text) {
                heard_words.push((id_of(key), pattern, text));
            }
        }
        // (NONE: no spelling seen yet; MAX: two, or a term that is no pattern.)
        const NONE: u32 = u32::MAX - 1;
        let mut spelling = vec![NONE; keys.len()];
        let mut spelt = |id: u32, p: Option<u32>| {
            let s = &mut spelling[id as usize];
            *s = match (*s, p) {
                (NONE, Some(p)) => p,
                (s, Some(p)) if s == p => s,
                _ => u32::MAX,
            };
        };
        let mut places: Vec<Vec<u32>> = vec![Vec::new(); keys.len()];
        let mut keep = |id: u32, text: &str| {
            if text.chars().count() <= KEPT_PLACES as usize {
                let chars = (0u32..).zip(text.chars());
                places[id as usize].extend(chars.map(|(at, c)| at << 21 | c as u32));
            }
        };
        for (id, entry, norm) in heard_terms {
            spelt(id, pattern(norm));
            entries[id as usize].push((entry, norm.into()));
            keep(id, norm);
        }
        for (id, p, text) in heard_words {
            spelt(id, Some(p));
            set_words[id as usize].push(p);
            keep(id, text);
        }
        for s in &mut spelling {
            if *s == NONE {
                *s = u32::MAX;
            }
        }
        if keys.is_empty() {
            return Ok(None);
        }
        let ac = layout::builder(keys.len(), Alphabet::Keys)
            .build_with_values(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u32)))
            .map_err(|e| BuildError::new(BuildErrorKind::Automaton(e.to_string())))?;
        let (mut kept, mut kept_at) = (Vec::new(), vec![0u32]);
        for mut p in places {
            p.sort_unstable();
            p.dedup();
            kept.extend(p);
            kept_at.push(kept.len() as u32);
        }
        Ok(Some(SoundView {
            ac,
            entries,
            words: set_words,
            spelling,
            kept,
            kept_at,
        }))
    }

    /// Whether the span `heard` (the text from the span's first char on) heard as key `key`
    /// can respell one of the key's terms and words: it has one of their chars at its place
    /// ([`SoundView::kept`]). False for most of the spans that pass the `spelling` check,
    /// sound-alikes with no char in common, which are then dropped without a look at the
    /// terms and words (several scattered allocations each). A key without a list (a long
    /// one) always may.
    #[inline]
    pub(crate) fn may_respell(&self, key: u32, heard: &str) -> bool {
        let k = key as usize;
        let kept = match (self.kept_at.get(k), self.kept_at.get(k + 1)) {
            (Some(&a), Some(&b)) if a < b => self.kept.get(a as usize..b as usize),
            _ => None,
        };
        let Some(kept) = kept else {
            return true;
        };
        // The heard char at `place`, read as the places go up.
        let mut chars = heard.chars();
        let (mut place, mut c) = (0, chars.next().map_or(u32::MAX, u32::from));
        for &pair in kept {
            while place < pair >> 21 {
                place += 1;
                c = chars.next().map_or(u32::MAX, u32::from);
            }
            if c == pair & 0x1f_ffff {
                return true;
            }
            if c == u32::MAX {
                return false;
            }
        }
        false
    }
}

impl std::fmt::Debug for Automaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Automaton")
            .field("patterns", &self.patterns.len())
            .field("entries", &self.entries.len())
            .field("heap_bytes", &self.ac.heap_bytes())
            .finish()
    }
}

impl Automaton {
    pub(crate) fn build<'l>(lexicon: &'l Lexicon) -> Result<Automaton, BuildError> {
        let set_index: HashMap<&str, usize> = lexicon
            .sets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();

        // Flattened literal words of each named set (through includes; cycles were rejected
        // when the lexicon was built, `seen` only avoids visiting a set twice).
        let mut flat: Vec<Vec<&str>> = Vec::with_capacity(lexicon.sets.len());
        for s in &lexicon.sets {
            let mut words = Vec::new();
            let mut stack = vec![s];
            let mut seen = vec![false; lexicon.sets.len()];
            while let Some(set) = stack.pop() {
                for w in &set.words {
                    match w {
                        Word::Literal(l) => words.push(l.as_str()),
                        Word::Set(name) => {
                            let i = set_index[name.as_str()];
                            if !std::mem::replace(&mut seen[i], true) {
                                stack.push(&lexicon.sets[i]);
                            }
                        }
                    }
                }
            }
            words.sort_unstable();
            words.dedup();
            flat.push(words);
        }

        // (word, set id) pairs: named sets first, then one set per distinct list of literal
        // words. A rule's list is the sets it names plus its literal words' set, looked up one
        // by one: a list is never materialized as the union of its sets' words, which gave a
        // common word (a price, a crackdown verb) a membership in every one of the hundreds of
        // lists that name its set, and every post that held it as many entries to sort.
        let mut memberships: Vec<(&str, u32)> = Vec::new();
        for (i, words) in flat.iter().enumerate() {
            memberships.extend(words.iter().map(|w| (*w, i as u32)));
        }
        let mut next_set = lexicon.sets.len() as u32;
        let mut lists: Vec<Box<[u32]>> = Vec::new();
        let mut list_ids: HashMap<&[Word], u32> = HashMap::new();
        let mut literal_sets: HashMap<Vec<&str>, u32> = HashMap::new();
        let mut anonymous = |list: &'l [Word]| -> Option<u32> {
            if list.is_empty() {
                return None;
            }
            Some(*list_ids.entry(list).or_insert_with(|| {
                let mut sets = Vec::new();
                let mut literals = Vec::new();
                for w in list {
                    match w {
                        Word::Literal(l) => literals.push(l.as_str()),
                        Word::Set(name) => sets.push(set_index[name.as_str()] as u32),
                    }
                }
                if !literals.is_empty() {
                    literals.sort_unstable();
                    literals.dedup();
                    let id = *literal_sets.entry(literals.clone()).or_insert_with(|| {
                        let id = next_set;
                        next_set += 1;
                        memberships.extend(literals.iter().map(|l| (*l, id)));
                        id
                    });
                    sets.push(id);
                }
                sets.sort_unstable();
                sets.dedup();
                lists.push(sets.into());
                (lists.len() - 1) as u32
            }))
        };
        let mut entries = Vec::with_capacity(lexicon.entries.len());
        for e in &lexicon.entries {
            let need = anonymous(&e.need);
            let and = e.and.iter().filter_map(|l| anonymous(l)).collect();
            let unless = anonymous(&e.unless);
            entries.push(CompiledEntry {
                term: e.term.clone(),
                kind: e.kind,
                need,
                and,
                unless,
                within: e.within,
                order: e.order,
                homophone: match e.kind {
                    EntryKind::Term(c) => hears(c, &e.norm, e.homophone),
                    EntryKind::Allow { .. } => false,
                },
                action: e.action,
                boundary: e.boundary,
                ascii_start: e
                    .norm
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric()),
                ascii_end: e
                    .norm
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric()),
            });
        }

        let mut contexts = Vec::with_capacity(lexicon.contexts.len());
        for c in &lexicon.contexts {
            let cue = anonymous(&c.cue);
            let unless = anonymous(&c.unless);
            contexts.push(CompiledContext {
                name: c.name.clone(),
                // A context always has cue words (the parser refuses one without).
                cue: cue.unwrap_or(u32::MAX),
                unless,
                only: c.only,
                scope: c.scope,
            });
        }

        // Distinct strings become patterns, numbered in first-seen order (deterministic).
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut strings: Vec<&str> = Vec::new();
        let words = memberships.iter().map(|(w, _)| *w);
        for s in lexicon.entries.iter().map(|e| e.norm.as_str()).chain(words) {
            ids.entry(s).or_insert_with(|| {
                strings.push(s);
                (strings.len() - 1) as u32
            });
        }
        if strings.len() > MAX_PATTERNS {
            return Err(BuildError::new(BuildErrorKind::TooManyPatterns {
                count: strings.len(),
                max: MAX_PATTERNS,
            }));
        }
        let mut patterns: Vec<Pattern> = strings.iter().map(|s| Pattern::new(s)).collect();
        for (i, e) in lexicon.entries.iter().enumerate() {
            patterns[ids[e.norm.as_str()] as usize]
                .entries
                .push(i as u32);
        }
        for (w, set) in &memberships {
            patterns[ids[w] as usize].sets.push(*set);
        }
        for p in &mut patterns {
            p.sets.sort_unstable();
            p.sets.dedup();
        }
        let sound_terms: Vec<(u32, &str)> = lexicon
            .entries
            .iter()
            .zip(&entries)
            .enumerate()
            .filter(|(_, (_, c))| c.homophone)
            .map(|(i, (e, _))| (i as u32, e.norm.as_str()))
            .collect();
        Automaton::from_parts(patterns, entries, contexts, lists, &sound_terms)
    }

    /// The automaton over `patterns`' strings, each reporting its index, and the homophone view
    /// over the entries that match by sound: how a saved engine is loaded. The file's automaton
    /// is never trusted, so a damaged or crafted file can give wrong patterns at worst, never a
    /// panic or a loop while screening.
    pub(crate) fn rebuild(
        patterns: Vec<Pattern>,
        entries: Vec<CompiledEntry>,
        contexts: Vec<CompiledContext>,
        lists: Vec<Box<[u32]>>,
    ) -> Result<Automaton, BuildError> {
        // The homophone view is small and rebuilt from the terms rather than saved.
        let norms: Vec<(u32, String)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.homophone)
            .filter_map(|(i, e)| Some((i as u32, normalize_term(&e.term)?)))
            .collect();
        let sound_terms: Vec<(u32, &str)> = norms.iter().map(|(i, n)| (*i, n.as_str())).collect();
        Automaton::from_parts(patterns, entries, contexts, lists, &sound_terms)
    }

    /// The automaton over `patterns`' strings (pattern `i` reporting `i`) and the homophone view
    /// over `sound_terms` (entry id, normalized term): what building and loading share.
    fn from_parts(
        patterns: Vec<Pattern>,
        entries: Vec<CompiledEntry>,
        contexts: Vec<CompiledContext>,
        lists: Vec<Box<[u32]>>,
        sound_terms: &[(u32, &str)],
    ) -> Result<Automaton, BuildError> {
        // The detectors' wake words: a lexicon pattern's value wakes too, the others follow
        // the patterns as values of their own.
        let words = &crate::detect::wake_words().keys;
        let mut wake_of = vec![0u32; patterns.len()];
        let mut met = vec![false; words.len()];
        for (i, p) in patterns.iter().enumerate() {
            if let Ok(w) = words.binary_search_by(|w| w.0.as_str().cmp(&p.text)) {
                wake_of[i] = words[w].1;
                met[w] = true;
            }
        }
        let mut wake_only: Vec<&'static str> = Vec::new();
        for ((key, bits), met) in words.iter().zip(met) {
            if !met {
                wake_only.push(key);
                wake_of.push(*bits);
            }
        }
        let singles = Singles::of(&patterns, &wake_of);
        let ac = compile(
            walked(&patterns, &singles, &wake_only),
            patterns.len() + wake_only.len(),
        )?;
        // The sets a rule asks for as evidence (`need=`, `and=`): their words are heard too.
        // `unless=` and context sets are not: a sound-alike should not excuse a hit.
        let mut evidence: Vec<u32> = entries
            .iter()
            .filter(|e| e.homophone)
            .flat_map(|e| e.need.iter().chain(&e.and))
            .filter_map(|&l| lists.get(l as usize))
            .flatten()
            .copied()
            .collect();
        evidence.sort_unstable();
        evidence.dedup();
        let words = patterns.iter().enumerate().filter_map(|(i, p)| {
            p.sets
                .iter()
                .any(|s| evidence.binary_search(s).is_ok())
                .then_some((i as u32, &*p.text))
        });
        let index: HashMap<&str, u32> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (&*p.text, i as u32))
            .collect();
        let sound = SoundView::build(sound_terms.iter().copied(), words, |term| {
            index.get(term).copied()
        })?;
        let sets_len = lists.iter().flatten().map(|&s| s + 1).max().unwrap_or(0);
        Ok(Automaton {
            ac,
            patterns,
            entries,
            lists,
            contexts,
            sound,
            sets_len,
            wake_of,
            wake_only,
            singles,
        })
    }

    /// Heap memory of the automaton and its tables, in bytes (approximate for the tables).
    pub(crate) fn memory_usage(&self) -> usize {
        self.ac.heap_bytes()
            + self.sound.as_ref().map_or(0, |s| {
                s.ac.heap_bytes()
                    + s.entries
                        .iter()
                        .flatten()
                        .map(|(_, t)| 24 + t.len())
                        .sum::<usize>()
                    + s.words.iter().map(|w| 24 + 4 * w.len()).sum::<usize>()
                    + 4 * s.spelling.len()
                    + 4 * (s.kept.len() + s.kept_at.len())
            })
            + self
                .patterns
                .iter()
                .map(|p| 24 * 2 + 16 + p.text.len() + 4 * (p.entries.len() + p.sets.len()))
                .sum::<usize>()
            + self.entries.len() * std::mem::size_of::<CompiledEntry>()
            + 4 * self.wake_of.len()
            + 16 * self.wake_only.len()
            + self.singles.memory_usage()
    }

    /// The strings of `ac` with their values, in value order: the patterns' (but the
    /// [`Singles`]), then the wake-only words.
    pub(crate) fn strings(&self) -> impl Iterator<Item = (&str, u32)> {
        walked(&self.patterns, &self.singles, &self.wake_only)
    }
}

/// The strings an automaton over `patterns` walks, with their values: every pattern `i` but
/// the `singles` reports `i`, the wake-only words follow.
fn walked<'a>(
    patterns: &'a [Pattern],
    singles: &'a Singles,
    wake_only: &'a [&'static str],
) -> impl Iterator<Item = (&'a str, u32)> {
    patterns
        .iter()
        .enumerate()
        .filter(move |(i, _)| singles.ids.binary_search(&(*i as u32)).is_err())
        .map(|(i, p)| (&*p.text, i as u32))
        .chain(
            wake_only
                .iter()
                .enumerate()
                .map(move |(i, w)| (*w, (patterns.len() + i) as u32)),
        )
}

/// The daachorse automaton over `strings` and their values.
fn compile<'a>(
    strings: impl Iterator<Item = (&'a str, u32)>,
    count: usize,
) -> Result<CharwiseDoubleArrayAhoCorasick<u32>, BuildError> {
    let automaton = |patterns: &mut dyn Iterator<Item = (&'a str, u32)>| {
        layout::builder(count, Alphabet::Text)
            .build_with_values(patterns)
            .map_err(|e| BuildError::new(BuildErrorKind::Automaton(e.to_string())))
    };
    let mut strings = strings.peekable();
    if strings.peek().is_none() {
        // daachorse rejects an empty pattern set; an engine without terms matches nothing, so
        // build it over one pattern that normalized text can never contain.
        return automaton(&mut [("\u{0}\u{0}", u32::MAX)].into_iter());
    }
    automaton(&mut strings)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn the_set_words_of_one_char_are_looked_up_and_never_walked() {
        // The shipped lexicons, and a set word of each kind the table treats apart: a char
        // past the Basic Multilingual Plane, one in a block of its own, one that is a term too.
        let lexicon = Lexicon::builder()
            .add_shipped()
            .unwrap()
            .add_str("t.txt", "@set 星\t𠀀|ꙮ|嘿\n嘿\tvulgar\n")
            .unwrap()
            .build()
            .unwrap();
        let a = Automaton::build(&lexicon).unwrap();
        let single = |i: usize, p: &Pattern| {
            p.len == 1 && p.entries.is_empty() && !p.sets.is_empty() && a.wake_of[i] == 0
        };
        let expected: HashMap<char, u32> = a
            .patterns
            .iter()
            .enumerate()
            .filter(|(i, p)| single(*i, p))
            .map(|(i, p)| (p.text.chars().next().unwrap(), i as u32))
            .collect();
        assert!(
            expected.len() > 100,
            "{} single-char set words",
            expected.len()
        );
        assert!(expected.contains_key(&'𠀀') && expected.contains_key(&'ꙮ'));
        assert!(!expected.contains_key(&'嘿'), "a term is walked");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(a.singles.get(c), expected.get(&c).copied(), "{c:?}");
        }
        // The walk reports every other pattern and none of these.
        let walked: Vec<u32> = a
            .patterns
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let mut values: Vec<u32> =
                    a.ac.find_overlapping_iter(&p.text)
                        .filter(|m| m.start() == 0 && m.end() == p.text.len())
                        .map(|m| m.value())
                        .collect();
                values.retain(|&v| v as usize == i);
                values
            })
            .collect();
        let singles: Vec<u32> = (0..a.patterns.len() as u32)
            .filter(|i| !walked.contains(i))
            .collect();
        let mut want: Vec<u32> = expected.values().copied().collect();
        want.sort_unstable();
        assert_eq!(singles, want);
    }

    #[test]
    fn a_heard_key_knows_the_one_pattern_that_spells_it() {
        // 政府 and 正府 sound alike: one key, spelt two ways. 赌博 has a key of its own, and
        // the set word 赌博 (heard as its rule's context) is spelt as the term is.
        let lexicon = Lexicon::builder()
            .add_str(
                "t.txt",
                "@set 线索\t赌博|网站\n政府\tinsult_defamation\n正府\tinsult_defamation\n\
                 赌博\tgambling\tneed=$线索\n",
            )
            .unwrap()
            .build()
            .unwrap();
        let a = Automaton::build(&lexicon).unwrap();
        let view = a.sound.as_ref().unwrap();
        let key = |t: &str| {
            let k = sound::term_key(t).unwrap();
            view.ac
                .find_overlapping_iter(&k)
                .find(|m| m.start() == 0 && m.end() == k.len())
                .unwrap()
                .value() as usize
        };
        let pattern = |t: &str| a.patterns.iter().position(|p| &*p.text == t).unwrap() as u32;
        assert_eq!(key("政府"), key("正府"));
        assert_eq!(view.spelling[key("政府")], u32::MAX, "two spellings");
        assert_eq!(view.spelling[key("赌博")], pattern("赌博"));
        assert_eq!(
            view.words[key("赌博")],
            [pattern("赌博")],
            "the word is heard too"
        );
        assert_eq!(view.spelling[key("网站")], pattern("网站"), "a word alone");
        // A saved engine, rebuilt, knows the same.
        let b = Automaton::rebuild(
            a.patterns.clone(),
            a.entries.clone(),
            a.contexts.clone(),
            a.lists.clone(),
        )
        .unwrap();
        assert_eq!(b.sound.unwrap().spelling, view.spelling);
    }

    #[test]
    fn the_layout_changes_no_match() {
        // The shipped lexicon's strings, read and heard, each built laid out for the sample
        // and as daachorse lays it out by itself: the arrays differ, the matches do not.
        let lexicon = Lexicon::shipped().unwrap();
        let a = Automaton::build(&lexicon).unwrap();
        let text: Vec<String> = a.patterns.iter().map(|p| p.text.to_string()).collect();
        let keys: Vec<String> = text.iter().filter_map(|t| sound::term_key(t)).collect();
        let keyed = |t: &str| -> String { t.chars().map(sound::key).collect() };
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let pool: Vec<char> = text.iter().take(3000).flat_map(|t| t.chars()).collect();
        let random: Vec<String> = (0..300)
            .map(|_| {
                (0..40)
                    .map(|_| pool[crate::util::below(&mut state, pool.len())])
                    .collect()
            })
            .collect();
        for (strings, alphabet) in [(&text, Alphabet::Text), (&keys, Alphabet::Keys)] {
            assert!(strings.len() >= layout::MIN_STRINGS, "{alphabet:?}");
            let plain: CharwiseDoubleArrayAhoCorasick<u32> =
                daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(daachorse::MatchKind::Standard)
                    .build(strings)
                    .unwrap();
            let laid: CharwiseDoubleArrayAhoCorasick<u32> =
                layout::builder(strings.len(), alphabet)
                    .build(strings)
                    .unwrap();
            assert_ne!(
                plain.serialize(),
                laid.serialize(),
                "{alphabet:?}: not laid out"
            );
            let texts = layout::sample(Alphabet::Text).iter().chain(&random);
            let mut found = 0;
            for t in texts {
                let t = match alphabet {
                    Alphabet::Text => t.clone(),
                    Alphabet::Keys => keyed(t),
                };
                let all = |ac: &CharwiseDoubleArrayAhoCorasick<u32>| -> Vec<(usize, usize, u32)> {
                    ac.find_overlapping_iter(&t)
                        .map(|m| (m.start(), m.end(), m.value()))
                        .collect()
                };
                let want = all(&plain);
                assert_eq!(all(&laid), want, "{alphabet:?}: {t}");
                found += want.len();
            }
            assert!(found > 1000, "{alphabet:?}: {found} matches");
        }
    }
}
