//! Registered originals (contract §5 `--references`, §6 "Attribution"): the documents an
//! organisation must not republish without naming their source or under a changed headline.
//!
//! # Fingerprints
//!
//! Each original is normalized (the engine's normalization: width, case, traditional
//! characters, noise), sentence breaks are dropped, and every run of [`K`] characters is hashed
//! (a rolling polynomial hash, then a 64-bit mixer). *Winnowing* keeps, of every window of [`W`]
//! consecutive hashes, the smallest: about 2/(W+1) ≈ 12% of the positions, and any run of
//! `W + K - 1` = 27 characters shared with a post is certain to hold one kept hash (Schleimer,
//! Wilkerson and Aiken, "Winnowing", SIGMOD 2003). K = 12 Chinese characters is a clause: short
//! phrases and set formulas (深入学习贯彻…) are shorter or get diluted below the thresholds, and a
//! copied paragraph gives dozens of hits.
//!
//! The index is one sorted array of `(key: u32, reference: u32)` pairs, 8 bytes per kept hash,
//! bucketed by the hash's top bits through a directory of `u32` offsets: the bucket is the top
//! `bits` bits, the key the low 32 bits, so two hashes collide only if they agree on 32 + `bits`
//! bits. About 10 bytes per kept hash in all, i.e. a little over one byte per character of
//! original text, and no reference text is kept. Hashes that occur in more than
//! [`MAX_POSTINGS`] originals (boilerplate: 责任编辑, standard disclaimers) are dropped: they
//! cannot tell originals apart and would make screening cost depend on the collection.
//!
//! # Screening
//!
//! A post is hashed and winnowed the same way, and each kept hash is looked up: inside a
//! copied run the post keeps the same hashes as the original (each window wholly inside the run
//! has the same minimum), so this finds what looking up every position would, save near the
//! run's ends, with about 2/(W+1) of the random reads. The cost is proportional to the post, a
//! few array reads per kept hash, whatever the number of originals. Per original, the positions
//! found are merged into copied intervals (hits closer than `W` characters join, and an end
//! within `W` of a sentence end is taken to it, since winnowing sees a copy's ends late), and an
//! original counts as copied when the intervals cover at least [`MIN_COPY_CHARS`] characters (or
//! 80% of an original shorter than 50, but never fewer than 2K) and either half the post, 30% of
//! the original, or [`LONG_COPY_CHARS`] characters.

use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use crate::normalize::{BREAK, Normalized};
use crate::util::error::{ReferenceError, ReferenceErrorKind};
use crate::util::lines::Lines;

/// Characters per hashed run (k-gram).
pub const K: usize = 12;
/// Winnowing window, in hashes.
pub const W: usize = 16;
/// A hash kept by more originals than this is dropped from the index.
pub const MAX_POSTINGS: usize = 64;

/// The longest line of a references file: one original of up to 16 MiB of text, escaped as
/// JSON. Longer lines are an error naming the line, never read into memory whole.
const MAX_REFERENCE_LINE_BYTES: usize = 64 << 20;
/// The least copied text (normalized characters) that counts as a copy.
pub const MIN_COPY_CHARS: usize = 40;
/// A copy this long counts whatever the post's and the original's lengths.
pub const LONG_COPY_CHARS: usize = 200;
/// At most this many originals are reported for one post (the best covered first).
const MAX_REPORTED: usize = 3;

const BASE: u64 = 0x0000_0100_0000_01b3;
/// BASE^(K-1), for removing the outgoing character of the rolling hash.
const BASE_POW: u64 = {
    let mut p = 1u64;
    let mut i = 0;
    while i < K - 1 {
        p = p.wrapping_mul(BASE);
        i += 1;
    }
    p
};

/// One registered original, as kept in the index (its text is not kept).
#[derive(Clone, Debug)]
pub(crate) struct Doc {
    pub(crate) id: Box<str>,
    pub(crate) title: Box<str>,
    pub(crate) source: Box<str>,
    /// Normalized title and source, for comparison with a post.
    pub(crate) title_key: Box<str>,
    pub(crate) source_key: Box<str>,
    /// Normalized characters (sentence breaks dropped).
    pub(crate) chars: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    key: u32,
    doc: u32,
}

#[derive(Debug, Default)]
struct Index {
    docs: Vec<Doc>,
    /// Directory bits: bucket = top `bits` bits of a hash.
    bits: u32,
    /// `dir[b]..dir[b + 1]` are bucket `b`'s entries.
    dir: Vec<u32>,
    entries: Vec<Entry>,
    /// Hashes dropped as too common.
    dropped: usize,
}

/// Registered originals with a fingerprint index, for the attribution check: a post that copies
/// a substantial part of one without naming its source gets `missing_attribution` (term
/// `reference:ID`); one republished under a changed headline is reported with both titles.
///
/// Built from JSONL (`{"id", "title", "text", "source"}`, one original a line; `title` and
/// `source` optional, other fields ignored) or one original at a time. Cloning is cheap (an
/// `Arc`); attach it to an engine with
/// [`EngineBuilder::references`](crate::EngineBuilder::references).
///
/// # Example
/// ```
/// use shenhe::{Category, Engine, References};
/// let original = "市人民政府办公室近日印发通知，要求各区县切实做好今冬明春供暖保障工作，确保居民室温不低于十八摄氏度，\
///                 对供暖不达标的小区，供热企业须在二十四小时内完成整改并向社会公开处理结果。";
/// let refs = References::builder()
///     .add("ref-001", "我市部署今冬供暖保障工作", original, "某某市人民政府网")?
///     .build();
/// let engine = Engine::builder().references(refs).build()?;
///
/// let copied = format!("{original}大家相互转告。");
/// let v = engine.screen(copied.as_str())?;
/// assert!(v.hits.iter().any(|h| h.category == Category::MissingAttribution
///     && &*h.term == "reference:ref-001"));
///
/// let attributed = format!("{original}（来源：某某市人民政府网）");
/// assert!(engine.screen(attributed.as_str())?.hits.iter().all(|h| !h.term.starts_with("reference")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct References {
    inner: Arc<Index>,
}

impl fmt::Debug for References {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("References")
            .field("len", &self.len())
            .field("fingerprints", &self.fingerprints_len())
            .field("dropped_common", &self.inner.dropped)
            .finish()
    }
}

impl References {
    /// An empty builder.
    pub fn builder() -> ReferencesBuilder {
        ReferencesBuilder::default()
    }

    /// Reads originals from JSONL (`{"id", "title", "text", "source"}` a line); `name` names the
    /// source in errors.
    ///
    /// # Errors
    /// As [`ReferencesBuilder::add_reader`].
    pub fn from_reader<R: BufRead>(name: &str, reader: R) -> Result<References, ReferenceError> {
        let mut b = References::builder();
        b.add_reader(name, reader)?;
        Ok(b.build())
    }

    /// Reads originals from a JSONL file.
    ///
    /// # Errors
    /// The file cannot be opened, or as [`ReferencesBuilder::add_reader`].
    pub fn from_file<P: AsRef<Path>>(path: P) -> Result<References, ReferenceError> {
        let mut b = References::builder();
        b.add_file(path)?;
        Ok(b.build())
    }

    /// The number of originals.
    pub fn len(&self) -> usize {
        self.inner.docs.len()
    }

    /// True when no original is registered.
    pub fn is_empty(&self) -> bool {
        self.inner.docs.is_empty()
    }

    /// True when an original with this id is registered (a linear scan: for checks, not for
    /// every post).
    pub fn contains(&self, id: &str) -> bool {
        self.inner.docs.iter().any(|d| &*d.id == id)
    }

    /// The number of fingerprints in the index.
    pub fn fingerprints_len(&self) -> usize {
        self.inner.entries.len()
    }

    /// Approximate heap memory of the index, in bytes.
    pub fn memory_usage(&self) -> usize {
        let i = &self.inner;
        let docs: usize = i
            .docs
            .iter()
            .map(|d| {
                d.id.len() + d.title.len() + d.source.len() + d.title_key.len() + d.source_key.len()
            })
            .sum();
        i.entries.capacity() * std::mem::size_of::<Entry>()
            + i.dir.capacity() * 4
            + i.docs.capacity() * std::mem::size_of::<Doc>()
            + docs
    }

    pub(crate) fn doc(&self, i: u32) -> &Doc {
        &self.inner.docs[i as usize]
    }

    /// The originals a post copies, best covered first; `norm` is `text` normalized.
    pub(crate) fn find(&self, text: &str, norm: &Normalized) -> Vec<CopyMatch> {
        let index = &*self.inner;
        if index.entries.is_empty() {
            return Vec::new();
        }
        // The post's characters without sentence breaks, and where each sits in `norm`.
        let mut chars = Vec::with_capacity(norm.len());
        let mut at = Vec::with_capacity(norm.len());
        for (i, c) in norm.text.chars().enumerate() {
            if c != BREAK {
                chars.push(c as u32);
                at.push(i as u32);
            }
        }
        if chars.len() < K {
            return Vec::new();
        }
        let mut hashes = Vec::with_capacity(chars.len());
        kgram_hashes(&chars, &mut hashes);
        let shift = 64 - index.bits;
        let mut found: Vec<(u32, u32)> = Vec::new();
        // The post is winnowed like the originals: inside a copied run both keep the same
        // hashes (the minimum of each window wholly inside it), so the lookups find the same
        // positions as looking up every hash would, save near the run's ends, for an eighth
        // of the random reads into the index.
        winnow(&hashes, |p, h| {
            let b = (h >> shift) as usize;
            let (s, e) = (index.dir[b] as usize, index.dir[b + 1] as usize);
            for en in &index.entries[s..e] {
                if en.key == h as u32 {
                    found.push((en.doc, p as u32));
                }
            }
        });
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_unstable();
        found.dedup();

        let n = chars.len();
        let mut copies = Vec::new();
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let doc = group[0].0;
            // Merge [p, p + K) intervals; hits closer than W join (winnowing keeps at least
            // one hash in every W).
            let mut intervals: Vec<(usize, usize)> = Vec::new();
            for &(_, p) in group {
                let (s, e) = (p as usize, p as usize + K);
                match intervals.last_mut() {
                    Some(last) if s <= last.1 + W => last.1 = last.1.max(e),
                    _ => intervals.push((s, e)),
                }
            }
            // Winnowing finds a copy's ends up to W chars late (early): an end within reach of
            // a sentence end (or the text's end) is taken to it, since copies are of whole
            // sentences. Without this, a short original copied whole would measure a third
            // short of its length.
            // A break is a sentence end, or white space in the original, which normalization
            // leaves out: 来源:某市日报 为进一步… is a label and then the copy, not one run,
            // though no sentence ends between them.
            let breaks_at = |j: usize| {
                j == 0 || j == n || at[j] - at[j - 1] > 1 || {
                    let (prev, next) = (at[j - 1] as usize, at[j] as usize);
                    let gap =
                        norm.origins[prev].end() as usize..norm.origins[next].start() as usize;
                    text.get(gap)
                        .is_some_and(|g| g.contains(char::is_whitespace))
                }
            };
            let mut extended: Vec<(usize, usize)> = Vec::with_capacity(intervals.len());
            for &(s, e) in &intervals {
                let e = e.min(n);
                let e = (e..=(e + W - 1).min(n))
                    .find(|&j| breaks_at(j))
                    .unwrap_or(e);
                let s = (s.saturating_sub(W - 1)..=s)
                    .rev()
                    .find(|&j| breaks_at(j))
                    .unwrap_or(s);
                match extended.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => extended.push((s, e)),
                }
            }
            let covered: usize = extended.iter().map(|(s, e)| e - s).sum();
            let d = &index.docs[doc as usize];
            // A short original (a 60-character post) counts when most of it is copied.
            let least = MIN_COPY_CHARS.min(d.chars as usize * 4 / 5).max(2 * K);
            // The extension must not make a copy out of one shared phrase: the hashes found
            // must cover most of the least themselves.
            let found: usize = intervals.iter().map(|(s, e)| e.min(&n) - s).sum();
            let substantial = found >= (least * 3 / 5).max(2 * K)
                && covered >= least
                && (covered * 2 >= n
                    || covered * 10 >= d.chars as usize * 3
                    || covered >= LONG_COPY_CHARS);
            if !substantial {
                continue;
            }
            // Back to normalized char indices, and to the original text.
            let spans: Vec<(usize, usize)> = extended
                .iter()
                .map(|&(s, e)| {
                    let (b0, b1) = norm.original_span(at[s] as usize, at[e - 1] as usize + 1);
                    (b0, b1)
                })
                .collect();
            copies.push(CopyMatch {
                doc,
                covered,
                spans,
            });
        }
        copies.sort_by(|a, b| b.covered.cmp(&a.covered).then(a.doc.cmp(&b.doc)));
        copies.truncate(MAX_REPORTED);
        copies
    }
}

/// An original found in a post.
#[derive(Clone, Debug)]
pub(crate) struct CopyMatch {
    pub(crate) doc: u32,
    /// Normalized characters of the post covered by the copy.
    pub(crate) covered: usize,
    /// The copied intervals, as byte spans of the original post text, in text order.
    pub(crate) spans: Vec<(usize, usize)>,
}

/// Builds [`References`]: add originals, then [`build`](ReferencesBuilder::build) the index.
#[derive(Clone, Debug, Default)]
pub struct ReferencesBuilder {
    docs: Vec<Doc>,
    /// (hash, doc) of every kept hash.
    pairs: Vec<(u64, u32)>,
    /// id → where it was added (line, when read from JSONL).
    ids: HashMap<Box<str>, Option<usize>>,
    norm: Normalized,
    chars: Vec<u32>,
    hashes: Vec<u64>,
}

impl ReferencesBuilder {
    /// Adds one original.
    ///
    /// # Errors
    /// The id is empty or already registered, or the text is empty.
    pub fn add(
        &mut self,
        id: &str,
        title: &str,
        text: &str,
        source: &str,
    ) -> Result<&mut ReferencesBuilder, ReferenceError> {
        self.add_at(id, title, text, source, None)
            .map_err(|m| ReferenceError::new("", None, ReferenceErrorKind::Invalid, m))?;
        Ok(self)
    }

    fn add_at(
        &mut self,
        id: &str,
        title: &str,
        text: &str,
        source: &str,
        line: Option<usize>,
    ) -> Result<(), String> {
        if id.trim().is_empty() {
            return Err("\"id\" is empty".into());
        }
        if let Some(first) = self.ids.get(id) {
            return Err(match first {
                Some(l) => format!("duplicate id {id:?} (first on line {l})"),
                None => format!("duplicate id {id:?}"),
            });
        }
        if text.trim().is_empty() {
            return Err(format!("\"text\" of {id:?} is empty"));
        }
        if self.docs.len() >= u32::MAX as usize {
            return Err("too many originals".into());
        }
        if text.len() > crate::engine::MAX_POST_BYTES_LIMIT {
            return Err(format!(
                "\"text\" of {id:?} is longer than {} bytes (1 GiB)",
                crate::engine::MAX_POST_BYTES_LIMIT
            ));
        }
        let doc = self.docs.len() as u32;
        self.norm.normalize(text);
        self.chars.clear();
        self.chars.extend(
            self.norm
                .text
                .chars()
                .filter(|&c| c != BREAK)
                .map(|c| c as u32),
        );
        kgram_hashes(&self.chars, &mut self.hashes);
        winnow(&self.hashes, |_, h| self.pairs.push((h, doc)));
        self.docs.push(Doc {
            id: id.into(),
            title: title.trim().into(),
            source: source.trim().into(),
            title_key: crate::sources::key(title).into(),
            source_key: crate::sources::key(source).into(),
            chars: self.chars.len() as u32,
        });
        self.ids.insert(id.into(), line);
        Ok(())
    }

    /// Adds originals read from JSONL: one JSON object a line with a string `id` (an integer is
    /// taken as its decimal string), a string `text`, and optional string `title` and `source`;
    /// other fields are ignored, blank lines skipped. `name` names the source in errors.
    ///
    /// # Errors
    /// A read error, a line that is not UTF-8 or not a JSON object, a missing or mistyped field,
    /// an empty text, or an id given twice: each with source and line.
    pub fn add_reader<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
    ) -> Result<&mut ReferencesBuilder, ReferenceError> {
        let mut lines = Lines::new(reader, MAX_REFERENCE_LINE_BYTES);
        while let Some((no, line)) = lines.next_line() {
            let err = |kind, m: String| ReferenceError::new(name, Some(no), kind, m);
            let syntax = |m: String| err(ReferenceErrorKind::Syntax, m);
            let line = line.map_err(|e| err(ReferenceErrorKind::Read, e.to_string()))?;
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| syntax(format!("not a JSON object: {e}")))?;
            let serde_json::Value::Object(obj) = value else {
                return Err(syntax("not a JSON object".into()));
            };
            let id = match obj.get("id") {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
                Some(_) => return Err(syntax("\"id\" must be a string".into())),
                None => return Err(syntax("missing \"id\"".into())),
            };
            let field = |key: &str, required: bool| -> Result<String, ReferenceError> {
                match obj.get(key) {
                    Some(serde_json::Value::String(s)) => Ok(s.clone()),
                    None | Some(serde_json::Value::Null) if !required => Ok(String::new()),
                    None => Err(syntax(format!("missing {key:?}"))),
                    Some(_) => Err(syntax(format!("{key:?} must be a string"))),
                }
            };
            let text = field("text", true)?;
            let title = field("title", false)?;
            let source = field("source", false)?;
            self.add_at(&id, &title, &text, &source, Some(no))
                .map_err(|m| err(ReferenceErrorKind::Invalid, m))?;
        }
        Ok(self)
    }

    /// Adds originals from a JSONL file.
    ///
    /// # Errors
    /// The file cannot be opened, or as [`add_reader`](ReferencesBuilder::add_reader).
    pub fn add_file<P: AsRef<Path>>(
        &mut self,
        path: P,
    ) -> Result<&mut ReferencesBuilder, ReferenceError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| {
            ReferenceError::new(
                &name,
                None,
                ReferenceErrorKind::Read,
                format!("cannot open: {e}"),
            )
        })?;
        self.add_reader(&name, std::io::BufReader::with_capacity(1 << 20, file))
    }

    /// The number of originals added so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Builds the index.
    pub fn build(&self) -> References {
        let mut pairs = self.pairs.clone();
        pairs.sort_unstable();
        pairs.dedup();
        // Drop hashes shared by too many originals.
        let mut kept = Vec::with_capacity(pairs.len());
        let mut dropped = 0;
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            if group.len() > MAX_POSTINGS {
                dropped += 1;
            } else {
                kept.extend_from_slice(group);
            }
        }
        drop(pairs);
        // About two entries a bucket.
        let bits = (usize::BITS - (kept.len() / 2).leading_zeros()).clamp(4, 28);
        let shift = 64 - bits;
        let mut dir = vec![0u32; (1usize << bits) + 1];
        let mut entries = Vec::with_capacity(kept.len());
        for &(h, doc) in &kept {
            dir[(h >> shift) as usize + 1] += 1;
            entries.push(Entry { key: h as u32, doc });
        }
        for b in 1..dir.len() {
            dir[b] += dir[b - 1];
        }
        References {
            inner: Arc::new(Index {
                docs: self.docs.clone(),
                bits,
                dir,
                entries,
                dropped,
            }),
        }
    }
}

/// The mixed hash of every run of [`K`] chars of `chars`, in order (none when shorter than K).
fn kgram_hashes(chars: &[u32], out: &mut Vec<u64>) {
    out.clear();
    if chars.len() < K {
        return;
    }
    let mut h = 0u64;
    for (i, &c) in chars.iter().enumerate() {
        if i >= K {
            h = h.wrapping_sub((chars[i - K] as u64 + 1).wrapping_mul(BASE_POW));
        }
        h = h.wrapping_mul(BASE).wrapping_add(c as u64 + 1);
        if i + 1 >= K {
            out.push(mix(h));
        }
    }
}

/// splitmix64's finalizer: the polynomial hash's low bits are poor; these are not.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Robust winnowing: the smallest hash of every window of [`W`] (the rightmost on ties), each
/// selected position once. A text shorter than one window gives its smallest hash.
fn winnow(hashes: &[u64], mut keep: impl FnMut(usize, u64)) {
    if hashes.is_empty() {
        return;
    }
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::with_capacity(W);
    let mut last: Option<usize> = None;
    for (j, &h) in hashes.iter().enumerate() {
        while deque.back().is_some_and(|&b| hashes[b] >= h) {
            deque.pop_back();
        }
        deque.push_back(j);
        if deque.front().is_some_and(|&f| f + W <= j) {
            deque.pop_front();
        }
        if j + 1 >= W || j + 1 == hashes.len() {
            let m = *deque.front().expect("the window holds j");
            if last != Some(m) {
                keep(m, hashes[m]);
                last = Some(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn rolling_hash_equals_direct_hash() {
        let text = chars("市人民政府办公室近日印发通知要求各区县切实做好供暖保障");
        let mut rolled = Vec::new();
        kgram_hashes(&text, &mut rolled);
        assert_eq!(rolled.len(), text.len() - K + 1);
        for (i, &h) in rolled.iter().enumerate() {
            let mut direct = Vec::new();
            kgram_hashes(&text[i..i + K], &mut direct);
            assert_eq!(direct, vec![h], "position {i}");
        }
    }

    #[test]
    fn winnowing_keeps_one_hash_in_every_window() {
        let hashes: Vec<u64> = (0..200u64).map(mix).collect();
        let mut kept = Vec::new();
        winnow(&hashes, |_, h| kept.push(h));
        let positions: Vec<usize> = kept
            .iter()
            .map(|h| hashes.iter().position(|x| x == h).unwrap())
            .collect();
        for w in 0..=hashes.len() - W {
            assert!(
                positions.iter().any(|&p| p >= w && p < w + W),
                "window at {w} has no kept hash"
            );
        }
        // Density near 2/(W+1).
        assert!(kept.len() < hashes.len() / 4, "{}", kept.len());
        let mut short = Vec::new();
        winnow(&hashes[..3], |_, h| short.push(h));
        assert_eq!(short.len(), 1);
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let cases = [
            (
                "{\"id\":\"a\",\"text\":\"x\"}\n{\"text\":\"y\"}\n",
                2,
                "missing \"id\"",
            ),
            ("\n\n[1,2]\n", 3, "not a JSON object"),
            (
                "{\"id\":\"a\",\"text\":5}\n",
                1,
                "\"text\" must be a string",
            ),
            ("{\"id\":\"a\"}\n", 1, "missing \"text\""),
            ("{\"id\":\"a\",\"text\":\"  \"}\n", 1, "is empty"),
            (
                "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n",
                2,
                "duplicate id \"a\" (first on line 1)",
            ),
            (
                "{\"id\":\"a\",\"text\":\"x\",\"title\":[]}\n",
                1,
                "\"title\" must be a string",
            ),
            (
                "{\"id\":true,\"text\":\"x\"}\n",
                1,
                "\"id\" must be a string",
            ),
        ];
        for (input, line, msg) in cases {
            let err = References::from_reader("r.jsonl", input.as_bytes()).unwrap_err();
            assert_eq!(err.line(), Some(line), "{input:?}: {err}");
            assert!(err.to_string().contains(msg), "{input:?}: {err}");
            assert!(
                err.to_string().starts_with(&format!("r.jsonl:{line}: ")),
                "{err}"
            );
        }
        let bad_utf8 = b"{\"id\":\"a\",\"text\":\"\xff\"}\n";
        let err = References::from_reader("r.jsonl", &bad_utf8[..]).unwrap_err();
        assert_eq!(err.line(), Some(1));
    }

    #[test]
    fn jsonl_reads_optional_fields_and_ignores_others() {
        let refs = References::from_reader(
            "r.jsonl",
            "{\"id\":7,\"text\":\"一二三四五六七八九十甲乙丙丁\",\"title\":null,\"label\":1}\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(refs.len(), 1);
        assert!(refs.contains("7"));
        assert_eq!(&*refs.doc(0).title, "");
        assert!(refs.fingerprints_len() >= 1);
        assert!(refs.memory_usage() > 0);
    }

    fn find(refs: &References, text: &str) -> Vec<CopyMatch> {
        let mut n = Normalized::new();
        n.normalize(text);
        refs.find(text, &n)
    }

    const ORIGINAL: &str = "近日，市生态环境局联合市水务局开展城区河道综合整治专项行动，对沿河排污口逐一排查登记，\
        共清理河道垃圾二百余吨，拆除违规搭建的临河棚屋三十七处。下一步，两部门将建立河道巡查长效机制，\
        每周公布水质监测结果，接受群众监督。";

    #[test]
    fn a_copied_passage_is_found_and_mapped_to_the_post() {
        let refs = References::builder()
            .add("r1", "城区河道整治", ORIGINAL, "某市生态环境局")
            .unwrap()
            .build();
        let post = format!("转给大家看看：{ORIGINAL}");
        let copies = find(&refs, &post);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].doc, 0);
        assert!(copies[0].covered >= 80, "{copies:?}");
        let (s, e) = copies[0].spans[0];
        assert!(post[s..e].starts_with("近日") || post[s..e].contains("市生态环境局"));
        assert!(post[s..e].ends_with("监督"), "{}", &post[s..e]);
    }

    #[test]
    fn traditional_and_spaced_copies_are_found() {
        let refs = References::builder()
            .add("r1", "", ORIGINAL, "")
            .unwrap()
            .build();
        let spaced: String = ORIGINAL.chars().flat_map(|c| [c, ' ']).collect();
        assert_eq!(find(&refs, &spaced).len(), 1);
    }

    #[test]
    fn shared_phrases_are_not_a_copy() {
        let refs = References::builder()
            .add("r1", "", ORIGINAL, "")
            .unwrap()
            .build();
        let post = "市生态环境局开展城区河道综合整治专项行动以来，我们小区门前的小河变清了，居民们都很高兴，\
                    纷纷点赞，希望能够长期坚持下去，也欢迎大家周末来河边散步。";
        assert!(find(&refs, post).is_empty());
        // One sentence around a shared phrase: the sentence-end extension alone does not make a
        // copy (this one would measure the whole 37-char sentence).
        let slogan = References::builder()
            .add("s", "", "坚决打赢蓝天碧水净土保卫战", "")
            .unwrap()
            .build();
        let post = "今年我们街道各个社区都在努力坚决打赢蓝天碧水净土保卫战人人参与共建美丽家园。";
        assert_eq!(post.chars().count(), 38);
        assert!(find(&slogan, post).is_empty());
        assert!(find(&refs, "").is_empty());
        assert!(find(&References::default(), ORIGINAL).is_empty());
    }

    #[test]
    fn boilerplate_shared_by_many_originals_is_dropped() {
        let mut b = References::builder();
        let boiler =
            "本网站所刊登的各种新闻信息和各种专题专栏资料均为版权所有未经协议授权禁止下载使用";
        for i in 0..(MAX_POSTINGS + 5) {
            b.add(&format!("r{i}"), "", &format!("{boiler}第{i}号"), "")
                .unwrap();
        }
        let refs = b.build();
        assert!(refs.inner.dropped > 0);
        assert!(find(&refs, boiler).is_empty());
    }
}
