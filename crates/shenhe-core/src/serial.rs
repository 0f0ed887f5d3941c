//! Saving a compiled engine to bytes and loading it back, so a service starts in milliseconds
//! instead of parsing and compiling its lexicons.
//!
//! The format is versioned and checked on load: a magic string, the format version, the number
//! of categories the file was written with, the payload length and a checksum of the payload
//! (FNV-1a's constants over 8-byte words). Every index in the tables is checked against the
//! tables it points into, the pattern ids are looked up with `get` when screening, and the
//! automaton is rebuilt from the saved pattern strings instead of being trusted from the file,
//! so a damaged, foreign or crafted file gives a [`LoadError`] (or, with a recomputed checksum,
//! wrong findings at worst), never a panic or a screen that does not return.
//!
//! ```text
//! magic "SHENHE-ENGINE\0\0\0" | u32 format | u32 categories | u64 payload length | u64 checksum
//! payload: policy cells | config (limits, domains, hits per term, pinned day) | entries | patterns (string, entry ids, set ids) | contexts
//!          | rule lists (set ids) | terms count | policy model lines (text) | model file (text, empty for none)
//! ```
//! All integers are little-endian.

use std::fmt;
use std::sync::Arc;

use crate::automata::{Automaton, CompiledContext, CompiledEntry, Pattern};
use crate::category::{Account, Action, Category};
use crate::engine::Config;
use crate::lexicon::{EntryKind, Order, Scope};

use crate::policy::Policy;

const MAGIC: &[u8; 16] = b"SHENHE-ENGINE\0\0\0";
/// Bump when the payload layout changes; files of other versions are refused, except
/// [`OLDEST_READ_VERSION`] and later ones this build still reads.
pub(crate) const FORMAT_VERSION: u32 = 5;

/// The oldest format version still read: version 4 is version 5 without the config's hits per
/// term (`Config::max_hits_per_term`) and pinned day (`Config::today`), and loads with
/// their defaults.
const OLDEST_READ_VERSION: u32 = 4;

/// Why saved engine bytes could not be loaded.
///
/// # Example
/// ```
/// use shenhe::{Engine, LoadErrorKind};
/// let err = Engine::load(b"not an engine").unwrap_err();
/// assert_eq!(err.kind(), &LoadErrorKind::NotAnEngine);
/// assert_eq!(err.to_string(), "cannot load the saved engine: not a saved shenhe engine (bad magic)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct LoadError {
    kind: LoadErrorKind,
    message: String,
}

/// What is wrong with saved engine bytes: the kind of a [`LoadError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The bytes do not start with a saved engine's magic string.
    NotAnEngine,
    /// Saved in a format version this build does not read: save the engine again with this
    /// build.
    Version {
        /// The file's format version.
        found: u32,
        /// The version this build writes (it reads that one and some older ones).
        expected: u32,
    },
    /// Saved by a build with another number of categories.
    Categories {
        /// The file's number of categories.
        found: usize,
        /// This build's number of categories.
        expected: usize,
    },
    /// The payload's checksum does not match: the file was damaged.
    Checksum,
    /// The data is truncated or malformed (a bad code, an index out of range, trailing bytes, a
    /// saved policy or model that does not parse).
    Corrupt,
}

impl LoadError {
    fn new(message: impl Into<String>) -> LoadError {
        LoadError::of(LoadErrorKind::Corrupt, message)
    }

    fn of(kind: LoadErrorKind, message: impl Into<String>) -> LoadError {
        LoadError {
            kind,
            message: message.into(),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot load the saved engine: {}", self.message)
    }
}

impl std::error::Error for LoadError {}

crate::util::error::debug_as_display!(LoadError);

/// The payload checksum: FNV-1a's constants over 8-byte words (the tail padded with zeros, the
/// length mixed in), with a shift after each multiply so every bit reaches every other. It
/// detects damage, not tampering. Byte-wise FNV-1a took a quarter of loading a 100k-term
/// engine; this reads a word per step.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h ^= u64::from_le_bytes(w.try_into().expect("chunks of 8"));
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        h ^= h >> 29;
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h ^= u64::from_le_bytes(tail);
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    h ^ (h >> 29)
}

fn action_code(a: Option<Action>) -> u8 {
    match a {
        None => 0,
        Some(Action::Note) => 1,
        Some(Action::Review) => 2,
        Some(Action::Block) => 3,
    }
}

fn action_from(code: u8) -> Result<Option<Action>, LoadError> {
    Ok(match code {
        0 => None,
        1 => Some(Action::Note),
        2 => Some(Action::Review),
        3 => Some(Action::Block),
        _ => return Err(LoadError::new(format!("bad action code {code}"))),
    })
}

/// The parts of an engine that are saved.
pub(crate) struct Saved {
    pub(crate) automaton: Automaton,
    pub(crate) policy: Policy,
    pub(crate) config: Config,
    pub(crate) terms: usize,
    pub(crate) model: Option<crate::model::Model>,
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn ids(&mut self, ids: &[u32]) {
        self.u32(ids.len() as u32);
        for &i in ids {
            self.u32(i);
        }
    }
}

fn write_scope(w: &mut Writer, scope: Scope) {
    let (kind, n) = match scope {
        Scope::Within(n) => (0, n),
        Scope::Sentence => (1, 0),
        Scope::Post => (2, 0),
    };
    w.u8(kind);
    w.u32(n);
}

fn read_scope(r: &mut Reader<'_>) -> Result<Scope, LoadError> {
    Ok(match (r.u8()?, r.u32()?) {
        (0, n) => Scope::Within(n),
        (1, _) => Scope::Sentence,
        (2, _) => Scope::Post,
        (k, _) => return Err(LoadError::new(format!("bad scope {k}"))),
    })
}

pub(crate) fn save(
    automaton: &Automaton,
    policy: &Policy,
    config: &Config,
    terms: usize,
    model: Option<&crate::model::Model>,
) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    for c in Category::ALL {
        for a in Account::ALL {
            w.u8(action_code(policy.action(*c, a)));
        }
    }
    w.u64(config.get_max_post_bytes() as u64);
    w.u64(config.get_long_post_chars() as u64);
    w.u32(config.get_allowed_domains().len() as u32);
    for d in config.get_allowed_domains() {
        w.bytes(d.as_bytes());
    }
    // Since version 5: the hits listed per term, and the pinned day as yyyymmdd (0 for the
    // current day).
    w.u64(config.get_max_hits_per_term() as u64);
    w.u32(config.today_yyyymmdd().unwrap_or(0));
    w.u32(automaton.entries.len() as u32);
    for e in &automaton.entries {
        w.bytes(e.term.as_bytes());
        match e.kind {
            EntryKind::Term(c) => {
                w.u8(0);
                w.u32(c.index() as u32);
            }
            EntryKind::Allow { only } => {
                w.u8(1);
                w.u32(only);
            }
        }
        w.u32(e.need.unwrap_or(u32::MAX));
        w.ids(&e.and);
        w.u32(e.unless.unwrap_or(u32::MAX));
        write_scope(&mut w, e.within);
        w.u8(action_code(e.action));
        let order = match e.order {
            Order::Any => 0u8,
            Order::After => 1,
            Order::Before => 2,
        };
        w.u8(u8::from(e.boundary)
            | u8::from(e.ascii_start) << 1
            | u8::from(e.ascii_end) << 2
            | u8::from(e.homophone) << 3
            | order << 4);
    }
    w.u32(automaton.patterns.len() as u32);
    for p in &automaton.patterns {
        w.bytes(p.text.as_bytes());
        w.ids(&p.entries);
        w.ids(&p.sets);
    }
    w.u32(automaton.contexts.len() as u32);
    for c in &automaton.contexts {
        w.bytes(c.name.as_bytes());
        w.u32(c.cue);
        w.u32(c.unless.unwrap_or(u32::MAX));
        w.u32(c.only);
        write_scope(&mut w, c.scope);
    }
    w.u32(automaton.lists.len() as u32);
    for l in &automaton.lists {
        w.ids(l);
    }
    w.u64(terms as u64);
    // The policy's model lines and the model travel as their own file texts, parsed again
    // (and so checked again) on load.
    w.bytes(policy.model_lines().as_bytes());
    w.bytes(
        model
            .map(crate::model::Model::to_text)
            .unwrap_or_default()
            .as_bytes(),
    );

    let payload = w.0;
    let mut out = Vec::with_capacity(payload.len() + 40);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(Category::ALL.len() as u32).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LoadError> {
        if self.b.len() < n {
            return Err(LoadError::new("the data ends early (truncated file?)"));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, LoadError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, LoadError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or([0; 4]),
        ))
    }
    fn u64(&mut self) -> Result<u64, LoadError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or([0; 8]),
        ))
    }
    fn bytes(&mut self) -> Result<&'a [u8], LoadError> {
        let n = self.u64()?;
        let n = usize::try_from(n).map_err(|_| LoadError::new("length out of range"))?;
        self.take(n)
    }
    /// A count of items that each take at least `min` bytes: checked against what is left, so
    /// a damaged count cannot ask for a huge allocation.
    fn count(&mut self, min: usize) -> Result<usize, LoadError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.b.len() {
            return Err(LoadError::new("a count exceeds the data"));
        }
        Ok(n)
    }
    fn ids(&mut self, below: usize, what: &str) -> Result<Vec<u32>, LoadError> {
        let n = self.count(4)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let id = self.u32()?;
            if id as usize >= below {
                return Err(LoadError::new(format!("{what} id {id} out of range")));
            }
            v.push(id);
        }
        Ok(v)
    }
}

pub(crate) fn load(bytes: &[u8]) -> Result<Saved, LoadError> {
    let mut r = Reader { b: bytes };
    if r.take(16).ok() != Some(&MAGIC[..]) {
        return Err(LoadError::of(
            LoadErrorKind::NotAnEngine,
            "not a saved shenhe engine (bad magic)",
        ));
    }
    let version = r.u32()?;
    if !(OLDEST_READ_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(LoadError::of(
            LoadErrorKind::Version {
                found: version,
                expected: FORMAT_VERSION,
            },
            format!(
                "format version {version}, this build reads version {FORMAT_VERSION}: save it again with this version"
            ),
        ));
    }
    let categories = r.u32()? as usize;
    if categories != Category::ALL.len() {
        return Err(LoadError::of(
            LoadErrorKind::Categories {
                found: categories,
                expected: Category::ALL.len(),
            },
            format!(
                "written with {categories} categories, this build has {}",
                Category::ALL.len()
            ),
        ));
    }
    let len = usize::try_from(r.u64()?).map_err(|_| LoadError::new("length out of range"))?;
    let sum = r.u64()?;
    let payload = r.take(len)?;
    if !r.b.is_empty() {
        return Err(LoadError::new("trailing bytes after the payload"));
    }
    if checksum(payload) != sum {
        return Err(LoadError::of(
            LoadErrorKind::Checksum,
            "checksum mismatch (damaged file?)",
        ));
    }

    let mut r = Reader { b: payload };
    let mut policy = Policy::new();
    for c in Category::ALL {
        for a in Account::ALL {
            policy.set(*c, a, action_from(r.u8()?)?);
        }
    }
    let max_post_bytes = usize::try_from(r.u64()?).map_err(|_| LoadError::new("bad limit"))?;
    let long_post_chars = usize::try_from(r.u64()?).unwrap_or(usize::MAX);
    let mut config = Config::new()
        .max_post_bytes(max_post_bytes)
        .long_post_chars(long_post_chars);
    for _ in 0..r.count(8)? {
        let d = std::str::from_utf8(r.bytes()?)
            .map_err(|_| LoadError::new("an allowed domain is not UTF-8"))?;
        config = config.allow_domain(d);
    }
    if version >= 5 {
        let max_hits = usize::try_from(r.u64()?).unwrap_or(usize::MAX);
        config = config.max_hits_per_term(max_hits);
        let day = r.u32()?;
        if day != 0 {
            config = config
                .try_today(day / 10000, day / 100 % 100, day % 100)
                .ok_or_else(|| LoadError::new(format!("bad pinned day {day}")))?;
        }
    }
    let n = r.count(8 + 1 + 4 * 4 + 5 + 2)?;
    let mut entries = Vec::with_capacity(n);
    // Set ids are checked after the patterns are read (their range is the highest id seen).
    for _ in 0..n {
        let term =
            std::str::from_utf8(r.bytes()?).map_err(|_| LoadError::new("a term is not UTF-8"))?;
        let kind = match (r.u8()?, r.u32()?) {
            (0, c) => EntryKind::Term(
                *Category::ALL
                    .get(c as usize)
                    .ok_or_else(|| LoadError::new(format!("category index {c} out of range")))?,
            ),
            (1, only) => EntryKind::Allow { only },
            (k, _) => return Err(LoadError::new(format!("bad entry kind {k}"))),
        };
        let opt = |v: u32| (v != u32::MAX).then_some(v);
        let need = opt(r.u32()?);
        let and = r.ids(u32::MAX as usize, "set")?;
        let unless = opt(r.u32()?);
        let within = read_scope(&mut r)?;
        let action = action_from(r.u8()?)?;
        let flags = r.u8()?;
        entries.push(CompiledEntry {
            term: Arc::from(term),
            kind,
            need,
            and,
            unless,
            within,
            order: match flags >> 4 {
                0 => Order::Any,
                1 => Order::After,
                2 => Order::Before,
                o => return Err(LoadError::new(format!("bad order code {o}"))),
            },
            action,
            boundary: flags & 1 != 0,
            ascii_start: flags & 2 != 0,
            ascii_end: flags & 4 != 0,
            homophone: flags & 8 != 0,
        });
    }
    let n = r.count(8 + 4 + 4)?;
    let mut patterns = Vec::with_capacity(n);
    for _ in 0..n {
        let text = std::str::from_utf8(r.bytes()?)
            .map_err(|_| LoadError::new("a pattern is not UTF-8"))?;
        let pattern_entries = r.ids(entries.len(), "entry")?;
        let sets = r.ids(u32::MAX as usize, "set")?;
        patterns.push(Pattern {
            entries: pattern_entries,
            sets,
            ..Pattern::new(text)
        });
    }
    let n = r.count(8 + 4 * 4 + 1)?;
    let mut contexts = Vec::with_capacity(n);
    for _ in 0..n {
        let name = std::str::from_utf8(r.bytes()?)
            .map_err(|_| LoadError::new("a context name is not UTF-8"))?;
        let cue = r.u32()?;
        let unless = r.u32()?;
        let only = r.u32()?;
        let scope = read_scope(&mut r)?;
        contexts.push(CompiledContext {
            name: Arc::from(name),
            cue,
            unless: (unless != u32::MAX).then_some(unless),
            only,
            scope,
        });
    }
    let mut lists = Vec::new();
    for _ in 0..r.count(4)? {
        lists.push(r.ids(u32::MAX as usize, "set")?.into());
    }
    let terms = usize::try_from(r.u64()?).map_err(|_| LoadError::new("bad term count"))?;
    let policy = policy
        .overlay("saved policy", r.bytes()?)
        .map_err(|e| LoadError::new(e.to_string()))?;
    let model_text = std::str::from_utf8(r.bytes()?)
        .map_err(|_| LoadError::new("the saved model is not UTF-8"))?;
    let model = if model_text.is_empty() {
        None
    } else {
        Some(
            crate::model::Model::parse("saved model", model_text)
                .map_err(|e| LoadError::new(e.to_string()))?,
        )
    };
    if !r.b.is_empty() {
        return Err(LoadError::new("trailing bytes in the payload"));
    }
    // The automaton is rebuilt from the pattern strings rather than read from the file: a
    // daachorse automaton cannot be checked from outside, and a crafted one (a state's failure
    // link to itself, a pattern length past the text) made screening loop or panic. Rebuilding
    // costs about a fifth of a second for the shipped lexicons (0.61G instructions, 0.12G of
    // them laying the automata out for ordinary text, `layout.rs`).
    let automaton = Automaton::rebuild(patterns, entries, contexts, lists)
        .map_err(|e| LoadError::new(format!("automaton: {e}")))?;
    Ok(Saved {
        automaton,
        policy,
        config,
        terms,
        model,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Lexicon};

    #[test]
    fn pattern_ids_out_of_range_are_skipped_not_panicked_on() {
        let mut b = Lexicon::builder();
        // Off the homophone view, which is rebuilt from the entries on load and would find the
        // term by sound whatever the main automaton's values say.
        b.add_str("t.txt", "网络赌场\tgambling\thomophone=off\n")
            .unwrap();
        let lexicon = b.build().unwrap();
        let mut automaton = Automaton::build(&lexicon).unwrap();
        // A crafted file: a valid checksum, but the automaton's values point past the table.
        automaton.patterns.clear();
        let bytes = save(&automaton, &Policy::new(), &Config::new(), 1, None);
        let engine = Engine::load(&bytes).expect("a file with a valid checksum loads");
        let verdict = engine.screen("网络赌场注册").unwrap();
        assert!(
            verdict
                .hits
                .iter()
                .all(|h| h.category != Category::Gambling)
        );
    }

    #[test]
    fn format_4_loads_with_the_defaults_and_format_3_is_refused() {
        let mut b = Lexicon::builder();
        b.add_str("t.txt", "网络赌场\tgambling\n").unwrap();
        let engine = Engine::builder()
            .lexicon(b.build().unwrap())
            .config(Config::new().today(2020, 5, 17))
            .build()
            .unwrap();
        let v5 = engine.save();
        assert_eq!(
            Engine::load(&v5).unwrap().config().get_today(),
            Some((2020, 5, 17))
        );
        // Format 4: the same payload without the hit limit and the pinned day after the
        // (empty) domain list.
        let limit_at = Category::ALL.len() * Account::ALL.len() + 8 + 8 + 4;
        let day_at = limit_at + 8;
        let mut payload = v5[40..].to_vec();
        assert_eq!(payload[limit_at..day_at], 100u64.to_le_bytes());
        assert_eq!(payload[day_at..day_at + 4], 20200517u32.to_le_bytes());
        payload.drain(limit_at..day_at + 4);
        let mut v4 = v5[..40].to_vec();
        v4[16..20].copy_from_slice(&4u32.to_le_bytes());
        v4[24..32].copy_from_slice(&(payload.len() as u64).to_le_bytes());
        v4[32..40].copy_from_slice(&checksum(&payload).to_le_bytes());
        v4.extend_from_slice(&payload);
        let loaded = Engine::load(&v4).expect("format 4 still loads");
        assert_eq!(loaded.config(), &Config::new());
        assert_eq!(
            loaded.screen("网络赌场注册").unwrap(),
            engine.screen("网络赌场注册").unwrap()
        );
        let mut v3 = v4.clone();
        v3[16..20].copy_from_slice(&3u32.to_le_bytes());
        let err = Engine::load(&v3).unwrap_err();
        assert_eq!(
            err.kind(),
            &LoadErrorKind::Version {
                found: 3,
                expected: 5
            }
        );
        // A pinned day that is no calendar day is refused.
        let bad = resealed(&v5, |p| {
            p[day_at..day_at + 4].copy_from_slice(&20230229u32.to_le_bytes())
        });
        assert_eq!(
            Engine::load(&bad).unwrap_err().kind(),
            &LoadErrorKind::Corrupt
        );
    }

    /// `bytes` with its payload changed by `change` and the checksum computed again: what a
    /// crafted file looks like to the loader.
    fn resealed(bytes: &[u8], change: impl FnOnce(&mut [u8])) -> Vec<u8> {
        let mut out = bytes.to_vec();
        let (head, payload) = out.split_at_mut(40);
        change(payload);
        let sum = checksum(payload);
        head[32..40].copy_from_slice(&sum.to_le_bytes());
        out
    }

    #[test]
    fn crafted_files_with_a_valid_checksum_never_panic_or_hang_screening() {
        let mut b = Lexicon::builder();
        b.add_str(
            "t.txt",
            "@set 招揽\t加微信|私聊|联系\n网络赌场\tgambling\n彩金\tgambling\tneed=$招揽\n\
             赌博\tgambling\tunless=打击\n依法轮流值班\tallow\n",
        )
        .unwrap();
        let engine = Engine::builder()
            .lexicon(b.build().unwrap())
            .build()
            .unwrap();
        let bytes = engine.save();
        let texts = [
            "网络赌场注册送彩金加微信",
            "严厉打击赌博",
            "依法轮流值班",
            "",
        ];
        // Every byte of the payload in turn, changed two ways: each file either is refused or
        // screens every text to a verdict whose spans lie on the text.
        let mut loaded = 0;
        for i in 0..bytes.len() - 40 {
            for flip in [0x01u8, 0xff] {
                let crafted = resealed(&bytes, |p| p[i] ^= flip);
                let Ok(e) = Engine::load(&crafted) else {
                    continue;
                };
                loaded += 1;
                for t in texts {
                    let v = e.screen(t).expect("no post limit is crossed");
                    for h in &v.hits {
                        assert_eq!(&t[h.start..h.end], h.matched);
                    }
                }
            }
        }
        assert!(
            loaded > 0,
            "some changes (a term's text, an action) still load"
        );
    }

    #[test]
    fn a_pattern_that_is_not_utf8_or_empty_is_refused() {
        let mut b = Lexicon::builder();
        b.add_str("t.txt", "网络赌场\tgambling\n").unwrap();
        let engine = Engine::builder()
            .lexicon(b.build().unwrap())
            .build()
            .unwrap();
        let bytes = engine.save();
        // The pattern string is the one copy of 网络赌场 after the entry's term: break its
        // first byte.
        let needle = "网络赌场".as_bytes();
        let at = bytes
            .windows(needle.len())
            .rposition(|w| w == needle)
            .expect("the pattern is saved")
            - 40;
        let e = Engine::load(&resealed(&bytes, |p| p[at] = 0xff)).unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
    }

    #[test]
    fn the_checksum_sees_every_byte_and_the_length() {
        let data: Vec<u8> = (0..37u8).collect();
        let base = checksum(&data);
        for i in 0..data.len() {
            let mut d = data.clone();
            d[i] ^= 1;
            assert_ne!(checksum(&d), base, "byte {i}");
        }
        let mut longer = data.clone();
        longer.push(0);
        assert_ne!(checksum(&longer), base);
    }
}
