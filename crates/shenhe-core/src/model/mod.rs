//! Learned evidence: a weighted character n-gram model trained on a platform's own labelled
//! posts (`shenhe train`, [`train`]), scored in the same pass as the lexicons.
//!
//! A model is a list of n-grams (1–4 characters of the **normalized** text, inside sentences),
//! each with a weight per class, and per class a bias and a threshold. A class is the overall
//! harm (`harm`) or one content category. The score of a class is
//! `sigmoid(bias + Σ weights of the distinct n-grams present)`; a category whose score reaches its
//! threshold gives a hit with term `model:<category>`, its score, and the strongest n-grams as
//! the span and the reason. What a score does is the policy's: review by default, never block,
//! unless a `model` line of the policy says so ([`Policy`](crate::Policy)).
//!
//! An engine compiles the model's n-grams into one automaton with its lexicon patterns, so a
//! post is normalized and walked once for both; [`Model::score`] on its own walks the text with
//! an automaton of the n-grams alone, built on first use. Both find the same n-grams.
//!
//! Because the n-grams are taken from the normalized text, every fold the lexicons enjoy applies
//! to the model too: 賭博, 赌 博 and 赌\u{200b}博 are all the n-gram 赌博.
//!
//! The file format (contract §9.8 in `docs/contract.md`) is UTF-8 text, one record a line, fields
//! separated by TABs (shown as spaces here), ending with a checksum of everything before it:
//!
//! ```text
//! shenhe-model 1
//! ngrams 1 4
//! class harm -2.5 0.71
//! class gambling -4.0 0.83
//! gram 赌博 0:1.25 1:2.5
//! checksum fnv1a64:0123456789abcdef
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use crate::category::Category;
use crate::normalize::{BREAK, Normalized};
use crate::util::error::{ModelError, ModelErrorKind};

pub mod train;

/// The first line of every model file, and the format version it names.
const MAGIC: &str = "shenhe-model";
const VERSION: u32 = 1;

/// The longest n-gram a model may hold, in chars: four chars pack into one `u128` key.
pub const MAX_GRAM: usize = 4;

/// The most n-grams and classes a model file may hold: far above what training writes (50,000
/// n-grams by default), low enough that a damaged file cannot ask for gigabytes.
const MAX_GRAMS: usize = 5_000_000;
const MAX_CLASSES: usize = 64;

/// What a class of the model scores: harm overall, or one category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// Any harm (the labelled `harm` field).
    Harm,
    /// One content category (the labelled `cats`).
    Category(Category),
}

impl Target {
    /// `harm` or the category's id.
    pub fn id(self) -> &'static str {
        match self {
            Target::Harm => "harm",
            Target::Category(c) => c.id(),
        }
    }

    /// Parses `harm` or a category id.
    pub fn from_id(id: &str) -> Option<Target> {
        if id == "harm" {
            return Some(Target::Harm);
        }
        id.parse::<Category>().ok().map(Target::Category)
    }
}

/// One class of a model: what it scores, its bias and its calibrated threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelClass {
    target: Target,
    bias: f32,
    threshold: f32,
}

impl ModelClass {
    pub(crate) fn new(target: Target, bias: f32, threshold: f32) -> ModelClass {
        ModelClass {
            target,
            bias,
            threshold,
        }
    }

    /// What the class scores.
    pub fn target(&self) -> Target {
        self.target
    }

    /// The bias (the log-odds of a post with no known n-gram).
    pub fn bias(&self) -> f32 {
        self.bias
    }

    /// The score (0–1) from which the class gives a hit.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }
}

/// One n-gram and its weight per class (class index, weight).
#[derive(Clone, Debug, PartialEq)]
struct Gram {
    text: Box<str>,
    weights: Box<[(u16, f32)]>,
}

/// A weighted n-gram model: character n-grams of the normalized text, each with a weight per
/// class, and per class a bias and a threshold. [`train`](crate::train) learns one; the file
/// format is contract §9.8 (`docs/contract.md`).
///
/// Cloning shares the tables (an `Arc`).
///
/// # Example
/// ```
/// use shenhe::Model;
/// let text = "shenhe-model\t1\nngrams\t1\t2\nclass\tharm\t-3\t0.5\ngram\t赌博\t0:5\n";
/// let model = Model::parse("m.txt", &Model::seal(text))?;
/// let scores = model.score("网上赌 博");
/// assert!(scores[0] > 0.8, "{scores:?}");
/// assert!(model.score("今天天气很好")[0] < 0.1);
/// # Ok::<(), shenhe::ModelError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Model {
    inner: Arc<Inner>,
}

struct Inner {
    n_min: usize,
    n_max: usize,
    classes: Vec<ModelClass>,
    grams: Vec<Gram>,
    /// The n-grams' strings, each reporting its row, scanned over the normalized text: one
    /// transition a char. A hash table of packed keys, probed once per n-gram length at every
    /// char, added 10.8 s to `shenhe batch --threads 1` over the 750k Weibo comments with
    /// 50,000 n-grams, this automaton 7.6 s (its probes missed the cache more); with the flat
    /// weights below, 6.1 s. An engine does not use it: it finds the n-grams on the lexicons'
    /// walk ([`crate::automata::Joint`]). Built on first use, by [`Model::score`] or an engine
    /// without a joint automaton; `None` when the model holds no n-gram.
    ac: OnceLock<Option<CharwiseDoubleArrayAhoCorasick<u32>>>,
    /// Every gram's weights as one dense row of `classes.len()` floats (zero where the gram has
    /// no weight for a class), row `g` for gram `g`. Scoring reads a row for every n-gram of
    /// every post and these reads miss the cache: a row is found without an offset table and
    /// spans one or two cache lines. Sparse (class, weight) pairs behind an offset table cost
    /// two misses a gram and added 30% more to the model's share of `shenhe batch`.
    weights: Vec<f32>,
    /// Row → index in `grams`; the automaton reports rows.
    row_gram: Vec<u32>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("ngrams", &(self.n_min, self.n_max))
            .field("classes", &self.classes)
            .field("grams", &self.grams.len())
            .finish()
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        let (a, b) = (&*self.inner, &*other.inner);
        a.n_min == b.n_min && a.n_max == b.n_max && a.classes == b.classes && a.grams == b.grams
    }
}

/// The packed key of up to [`MAX_GRAM`] chars: 21 bits a char, the length above them.
pub(crate) fn key(chars: &[char]) -> u128 {
    let mut k = (chars.len() as u128) << 84;
    for (i, &c) in chars.iter().enumerate() {
        k |= (c as u128) << (21 * i);
    }
    k
}

/// Calls `f(key, start, end)` for every n-gram of `n_min..=n_max` chars of normalized `text`
/// that lies inside one sentence, with its normalized char span.
pub(crate) fn for_each_gram(
    text: &str,
    n_min: usize,
    n_max: usize,
    mut f: impl FnMut(u128, usize, usize),
) {
    let mut window = ['\0'; MAX_GRAM];
    let mut filled = 0usize;
    for (i, c) in text.chars().enumerate() {
        if c == BREAK {
            filled = 0;
            continue;
        }
        window.copy_within(1.., 0);
        window[MAX_GRAM - 1] = c;
        filled = (filled + 1).min(MAX_GRAM);
        for n in n_min..=n_max.min(filled) {
            f(key(&window[MAX_GRAM - n..]), i + 1 - n, i + 1);
        }
    }
}

/// The logistic function.
pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    /// Reads a model file.
    ///
    /// # Errors
    /// The file cannot be read, or is not a valid model (as [`Model::parse`]).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Model, ModelError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| {
                ModelError::new(
                    &name,
                    None,
                    ModelErrorKind::Read,
                    format!("cannot read: {e}"),
                )
            })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            ModelError::new(
                &name,
                Some(line),
                ModelErrorKind::Read,
                "line is not valid UTF-8".to_string(),
            )
        })?;
        Model::parse(&name, text)
    }

    /// Parses the text of a model file; `name` is used in errors.
    ///
    /// # Errors
    /// A wrong first line or version, a malformed or out-of-range field, an n-gram that is not
    /// normalized text of the model's lengths, a weight for a class that does not exist, a
    /// repeated n-gram or class, a missing or wrong checksum: each named with its line.
    pub fn parse(name: &str, text: &str) -> Result<Model, ModelError> {
        let at =
            |line: usize, kind, message: String| ModelError::new(name, Some(line), kind, message);
        let err = |line: usize, message: String| at(line, ModelErrorKind::Syntax, message);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // The checksum line is the last line; everything before it is what it sums.
        let body_end = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
        let (body, last) = text.split_at(body_end);
        let last_line = body.lines().count() + 1;
        let expected = last
            .trim_end()
            .strip_prefix("checksum\tfnv1a64:")
            .ok_or_else(|| {
                at(
                    last_line,
                    ModelErrorKind::Checksum,
                    "the last line must be the checksum (`checksum<TAB>fnv1a64:HEX`): \
                     the file is truncated or not a model"
                        .to_string(),
                )
            })?;
        let sum = format!("{:016x}", fnv1a64(body.as_bytes()));
        if expected != sum {
            return Err(at(
                last_line,
                ModelErrorKind::Checksum,
                format!(
                    "checksum mismatch (file says {expected}, content sums to {sum}): the file was changed or damaged"
                ),
            ));
        }

        let mut lines = body.lines().enumerate().map(|(i, l)| (i + 1, l));
        let (n, first) = lines
            .next()
            .ok_or_else(|| at(1, ModelErrorKind::NotAModel, "empty model file".to_string()))?;
        match first.split('\t').collect::<Vec<_>>()[..] {
            [MAGIC, v] if v == VERSION.to_string() => {}
            [MAGIC, v] => {
                return Err(at(
                    n,
                    ModelErrorKind::Version,
                    format!("model format version {v:?}; this build reads version {VERSION}"),
                ));
            }
            _ => {
                return Err(at(
                    n,
                    ModelErrorKind::NotAModel,
                    format!("not a shenhe model: the first line must be `{MAGIC}<TAB>{VERSION}`"),
                ));
            }
        }
        let mut n_range: Option<(usize, usize)> = None;
        let mut classes: Vec<ModelClass> = Vec::new();
        let mut grams: Vec<Gram> = Vec::new();
        let mut seen: HashMap<u128, usize> = HashMap::new();
        for (n, line) in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            match fields[0] {
                "ngrams" => {
                    let [_, a, b] = fields[..] else {
                        return Err(err(n, "expected `ngrams<TAB>MIN<TAB>MAX`".to_string()));
                    };
                    let (a, b) = (a.parse::<usize>(), b.parse::<usize>());
                    match (a, b) {
                        (Ok(a), Ok(b)) if 1 <= a && a <= b && b <= MAX_GRAM => {
                            n_range = Some((a, b));
                        }
                        _ => {
                            return Err(err(
                                n,
                                format!(
                                    "n-gram lengths must satisfy 1 <= MIN <= MAX <= {MAX_GRAM}"
                                ),
                            ));
                        }
                    }
                }
                "class" => {
                    if !grams.is_empty() {
                        return Err(err(
                            n,
                            "class lines must come before gram lines".to_string(),
                        ));
                    }
                    let [_, target, bias, threshold] = fields[..] else {
                        return Err(err(
                            n,
                            "expected `class<TAB>TARGET<TAB>BIAS<TAB>THRESHOLD`".to_string(),
                        ));
                    };
                    let target = Target::from_id(target).ok_or_else(|| {
                        err(
                            n,
                            format!("unknown class {target:?}: expected `harm` or a category id"),
                        )
                    })?;
                    if classes.iter().any(|c| c.target == target) {
                        return Err(err(n, format!("class {} given twice", target.id())));
                    }
                    if classes.len() == MAX_CLASSES {
                        return Err(err(n, format!("more than {MAX_CLASSES} classes")));
                    }
                    let bias = finite(bias)
                        .ok_or_else(|| err(n, format!("bias {bias:?} is not a finite number")))?;
                    let threshold = finite(threshold)
                        .filter(|t| (0.0..=1.0).contains(t))
                        .ok_or_else(|| {
                            err(
                                n,
                                format!("threshold {threshold:?} is not a number from 0 to 1"),
                            )
                        })?;
                    classes.push(ModelClass::new(target, bias, threshold));
                }
                "gram" => {
                    let Some((lo, hi)) = n_range else {
                        return Err(err(
                            n,
                            "gram lines must follow the `ngrams` line".to_string(),
                        ));
                    };
                    if classes.is_empty() {
                        return Err(err(n, "gram lines must follow the class lines".to_string()));
                    }
                    if fields.len() < 3 {
                        return Err(err(
                            n,
                            "expected `gram<TAB>NGRAM<TAB>CLASS:WEIGHT...`".to_string(),
                        ));
                    }
                    let text = fields[1];
                    let chars: Vec<char> = text.chars().collect();
                    if chars.len() < lo || chars.len() > hi {
                        return Err(err(
                            n,
                            format!(
                                "n-gram {text:?} has {} chars; this model's are {lo} to {hi}",
                                chars.len()
                            ),
                        ));
                    }
                    if crate::normalize::normalize_term(text).as_deref() != Some(text) {
                        return Err(err(n, format!("n-gram {text:?} is not normalized text")));
                    }
                    let k = key(&chars);
                    if let Some(first) = seen.insert(k, n) {
                        return Err(err(n, format!("n-gram {text:?} repeats line {first}")));
                    }
                    let mut weights = Vec::with_capacity(fields.len() - 2);
                    for cell in &fields[2..] {
                        let parsed = cell
                            .split_once(':')
                            .and_then(|(c, w)| Some((c.parse::<u16>().ok()?, finite(w)?)));
                        let Some((class, weight)) = parsed else {
                            return Err(err(n, format!("weight {cell:?}: expected CLASS:WEIGHT")));
                        };
                        if usize::from(class) >= classes.len() {
                            return Err(err(
                                n,
                                format!(
                                    "weight for class {class}; the model has {}",
                                    classes.len()
                                ),
                            ));
                        }
                        if weights.iter().any(|&(c, _)| c == class) {
                            return Err(err(n, format!("class {class} weighted twice")));
                        }
                        weights.push((class, weight));
                    }
                    if grams.len() == MAX_GRAMS {
                        return Err(err(n, format!("more than {MAX_GRAMS} n-grams")));
                    }
                    grams.push(Gram {
                        text: text.into(),
                        weights: weights.into(),
                    });
                }
                other => {
                    return Err(err(
                        n,
                        format!("unknown record {other:?} (expected ngrams, class or gram)"),
                    ));
                }
            }
        }
        let Some((n_min, n_max)) = n_range else {
            return Err(ModelError::new(
                name,
                None,
                ModelErrorKind::Syntax,
                "no `ngrams` line".to_string(),
            ));
        };
        if classes.is_empty() {
            return Err(ModelError::new(
                name,
                None,
                ModelErrorKind::Syntax,
                "no class".to_string(),
            ));
        }
        Model::assemble(n_min, n_max, classes, grams)
            .map_err(|e| ModelError::new(name, None, ModelErrorKind::Syntax, e))
    }

    /// Builds a model from its parts (the trainer's output), n-grams in any order.
    pub(crate) fn from_parts(
        n_min: usize,
        n_max: usize,
        classes: Vec<ModelClass>,
        grams: Vec<(String, Vec<(u16, f32)>)>,
    ) -> Result<Model, String> {
        let mut grams: Vec<Gram> = grams
            .into_iter()
            .map(|(text, weights)| Gram {
                text: text.into(),
                weights: weights.into(),
            })
            .collect();
        grams.sort_by(|a, b| a.text.cmp(&b.text));
        Model::assemble(n_min, n_max, classes, grams)
    }

    fn assemble(
        n_min: usize,
        n_max: usize,
        classes: Vec<ModelClass>,
        grams: Vec<Gram>,
    ) -> Result<Model, String> {
        if grams.iter().any(|g| g.text.is_empty()) {
            return Err("an empty n-gram".to_string());
        }
        // Rows in order of length, then text: the one-char grams, which nearly every post
        // meets, share a few hundred kilobytes of rows that stay in the cache.
        let mut row_gram: Vec<u32> = (0..grams.len() as u32).collect();
        row_gram.sort_by_key(|&g| (grams[g as usize].text.chars().count(), g));
        let width = classes.len();
        let mut weights = vec![0.0f32; grams.len() * width];
        for (row, &g) in weights.chunks_exact_mut(width.max(1)).zip(&row_gram) {
            for &(class, w) in grams[g as usize].weights.iter() {
                row[usize::from(class)] = w;
            }
        }
        Ok(Model {
            inner: Arc::new(Inner {
                n_min,
                n_max,
                classes,
                grams,
                ac: OnceLock::new(),
                weights,
                row_gram,
            }),
        })
    }

    /// The model file's text, checksum included: what [`Model::parse`] reads back.
    pub fn to_text(&self) -> String {
        let m = &*self.inner;
        let mut out = format!("{MAGIC}\t{VERSION}\nngrams\t{}\t{}\n", m.n_min, m.n_max);
        for c in &m.classes {
            let _ = writeln!(out, "class\t{}\t{}\t{}", c.target.id(), c.bias, c.threshold);
        }
        for g in &m.grams {
            out.push_str("gram\t");
            out.push_str(&g.text);
            for (class, weight) in g.weights.iter() {
                let _ = write!(out, "\t{class}:{weight}");
            }
            out.push('\n');
        }
        Model::seal(&out)
    }

    /// `body` with its checksum line appended: how a model file ends. For writing a model by
    /// hand or by another tool.
    pub fn seal(body: &str) -> String {
        let mut out = body.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        let sum = fnv1a64(out.as_bytes());
        let _ = writeln!(out, "checksum\tfnv1a64:{sum:016x}");
        out
    }

    /// The classes, in file order.
    pub fn classes(&self) -> &[ModelClass] {
        &self.inner.classes
    }

    /// The number of weighted n-grams.
    pub fn len(&self) -> usize {
        self.inner.grams.len()
    }

    /// True when the model holds no n-gram (it scores every post by its biases alone).
    pub fn is_empty(&self) -> bool {
        self.inner.grams.is_empty()
    }

    /// The n-gram lengths, in chars: (shortest, longest).
    pub fn ngrams(&self) -> (usize, usize) {
        (self.inner.n_min, self.inner.n_max)
    }

    /// The score (0–1) of every class for `text`, in the order of [`Model::classes`].
    ///
    /// # Panics
    /// When `text` is longer than [`MAX_POST_BYTES_LIMIT`](crate::MAX_POST_BYTES_LIMIT)
    /// (1 GiB): screen through an [`Engine`](crate::Engine), which refuses such posts with an
    /// error, when the length is not known.
    pub fn score(&self, text: &str) -> Vec<f64> {
        let mut norm = Normalized::new();
        norm.normalize(text);
        let mut scores = Vec::new();
        self.score_normalized(&norm.text, &mut Vec::new(), &mut scores);
        scores
    }

    /// The score of every class for normalized `text` into `scores`; `seen` is scratch, left
    /// holding the n-grams found: row << 32 | byte start in `text`, one per gram, at its
    /// first occurrence. Both are reused between posts.
    pub(crate) fn score_normalized(&self, text: &str, seen: &mut Vec<u64>, scores: &mut Vec<f64>) {
        seen.clear();
        if let Some(ac) = self.automaton() {
            // The n-grams hold no sentence break (they are normalized text of one sentence),
            // so no match crosses one.
            for hit in ac.find_overlapping_iter(text) {
                seen.push(u64::from(hit.value()) << 32 | hit.start() as u64);
            }
        }
        self.score_found(seen, scores);
    }

    /// The automaton over the n-grams (row `i` reporting `i`), built on first use.
    fn automaton(&self) -> Option<&CharwiseDoubleArrayAhoCorasick<u32>> {
        let m = &*self.inner;
        m.ac.get_or_init(|| {
            // The n-grams are distinct and not empty (parsing and training check both), so
            // daachorse has nothing to refuse.
            let ac = CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build_with_values(self.row_texts().zip(0u32..));
            debug_assert!(m.grams.is_empty() || ac.is_ok());
            ac.ok()
        })
        .as_ref()
    }

    /// The n-grams' texts in row order: what a joint automaton ([`crate::automata::Joint`])
    /// reports as rows.
    pub(crate) fn row_texts(&self) -> impl Iterator<Item = &str> {
        let m = &*self.inner;
        m.row_gram.iter().map(|&g| &*m.grams[g as usize].text)
    }

    /// The score of every class into `scores`, from the n-grams found (`seen`: row << 32 |
    /// byte start, in any order and with repeats), which it leaves sorted by row, one per
    /// gram, at its first occurrence.
    pub(crate) fn score_found(&self, seen: &mut Vec<u64>, scores: &mut Vec<f64>) {
        let m = &*self.inner;
        // The rows are read after the sort. They are scattered over megabytes that the rest of
        // the screening pushes out of the cache between posts; fetching them all now lets the
        // misses overlap with each other and with the sort instead of stalling one by one.
        // (Touched, not prefetched: the crate has no unsafe code, and independent loads
        // overlap just as well.)
        let width = m.classes.len();
        let mut touch = 0.0f32;
        for &k in seen.iter() {
            let at = (k >> 32) as usize * width;
            touch += m.weights[at] + m.weights[at + width - 1];
        }
        std::hint::black_box(touch);
        // Each n-gram counts once, at its first occurrence.
        seen.sort_unstable();
        seen.dedup_by_key(|k| *k >> 32);
        scores.clear();
        scores.extend(m.classes.iter().map(|c| f64::from(c.bias)));
        for &k in seen.iter() {
            let row = &m.weights[(k >> 32) as usize * width..][..width];
            // Adding a zero where the gram has no weight leaves the sum as it was.
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += f64::from(w);
            }
        }
        for s in scores.iter_mut() {
            *s = sigmoid(*s);
        }
    }

    /// Up to three n-grams of `seen` (as left by [`Model::score_normalized`]) that weigh most
    /// for `class`, strongest first: (row, byte start, byte end) of each, what a hit of the
    /// class shows and spans.
    pub(crate) fn explain(&self, class: usize, seen: &[u64]) -> Vec<(u32, u32, u32)> {
        let m = &*self.inner;
        let mut weighted: Vec<(f32, u32, u32)> = seen
            .iter()
            .filter_map(|&k| {
                let (row, start) = ((k >> 32) as u32, k as u32);
                let w = m.weights[row as usize * m.classes.len() + class];
                (w > 0.0).then_some((w, row, start))
            })
            .collect();
        // Equal weights: the gram first in text order (a gram is in `seen` once, so this
        // order is total and the unstable sort is deterministic).
        weighted.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(m.row_gram[a.1 as usize].cmp(&m.row_gram[b.1 as usize]))
        });
        weighted
            .into_iter()
            .take(3)
            .map(|(_, row, start)| (row, start, start + self.gram_text(row).len() as u32))
            .collect()
    }

    /// The text of the n-gram of row `row` (as [`Model::score_normalized`] reports them).
    pub(crate) fn gram_text(&self, row: u32) -> &str {
        let m = &*self.inner;
        &m.grams[m.row_gram[row as usize] as usize].text
    }

    /// Heap memory of the tables, in bytes (approximate).
    pub fn memory_usage(&self) -> usize {
        let m = &*self.inner;
        m.grams
            .iter()
            .map(|g| 40 + g.text.len() + 8 * g.weights.len())
            .sum::<usize>()
            + 4 * m.weights.len()
            + 4 * m.row_gram.len()
            + m.ac
                .get()
                .and_then(Option::as_ref)
                .map_or(0, |ac| ac.heap_bytes())
    }
}

/// A finite `f32` from text.
fn finite(s: &str) -> Option<f32> {
    s.parse::<f32>().ok().filter(|v| v.is_finite())
}

/// FNV-1a, 64 bits: the model file's checksum (a guard against damage, not against forgery).
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "shenhe-model\t1\nngrams\t1\t4\nclass\tharm\t-3\t0.5\n\
                        class\tgambling\t-4\t0.6\ngram\t赌博\t0:4\t1:6\ngram\t网\t1:0.5\n";

    fn model() -> Model {
        Model::parse("m.txt", &Model::seal(BODY)).unwrap()
    }

    #[test]
    fn grams_stay_inside_sentences() {
        let mut got = Vec::new();
        for_each_gram("ab\ncd", 1, 2, |k, s, e| got.push((k, s, e)));
        let spans: Vec<(usize, usize)> = got.iter().map(|g| (g.1, g.2)).collect();
        assert_eq!(spans, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]);
        assert_eq!(got[2].0, key(&['a', 'b']));
        assert_ne!(key(&['a']), key(&['a', '\0']));
    }

    #[test]
    fn folded_spellings_score_alike() {
        let m = model();
        let plain = m.score("网上赌博");
        assert_eq!(m.score("網上賭博"), plain);
        assert_eq!(m.score("网上赌 博"), plain);
        assert!(plain[1] > 0.9);
        assert!(m.score("今天天气不错")[1] < 0.05);
    }

    #[test]
    fn each_gram_counts_once() {
        let m = model();
        assert_eq!(m.score("赌博赌博赌博"), m.score("赌博"));
    }

    #[test]
    fn text_round_trips() {
        let m = model();
        let again = Model::parse("again", &m.to_text()).unwrap();
        assert_eq!(again, m);
        assert_eq!(again.to_text(), m.to_text());
    }

    #[test]
    fn damage_is_a_located_error() {
        let good = Model::seal(BODY);
        let cases = [
            (good.replace("0:4", "0:5"), "checksum mismatch"),
            (
                good.lines().take(4).collect::<Vec<_>>().join("\n"),
                "last line must be the checksum",
            ),
            (
                Model::seal(&BODY.replace("shenhe-model\t1", "shenhe-model\t9")),
                "version",
            ),
            (
                Model::seal(&BODY.replace("0:4", "7:4")),
                "weight for class 7",
            ),
            (
                Model::seal(&BODY.replace("0:4", "0:x")),
                "expected CLASS:WEIGHT",
            ),
            (Model::seal(&BODY.replace("赌博", "賭博")), "not normalized"),
            (
                Model::seal(&BODY.replace("-4\t0.6", "-4\t1.6")),
                "threshold",
            ),
            (
                Model::seal(&format!("{BODY}gram\t赌博\t0:1\n")),
                "repeats line 5",
            ),
            (
                Model::seal(&BODY.replace("gambling", "gamble")),
                "unknown class",
            ),
        ];
        for (text, want) in cases {
            let e = Model::parse("m.txt", &text).unwrap_err();
            assert!(e.to_string().contains(want), "{e} (wanted {want})");
            assert!(e.to_string().starts_with("m.txt"), "{e}");
        }
        let e = Model::parse(
            "m.txt",
            &Model::seal(&BODY.replace("0:x", "0:4").replace("0:4", "0:y")),
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(5));
    }
}
