//! Training a [`Model`] from labelled posts: one-vs-rest logistic regression over the distinct
//! character n-grams of each post's normalized text, fitted by FTRL-Proximal.
//!
//! FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", 2013) is
//! per-coordinate adaptive gradient descent with an L1 term that sets most weights to exactly
//! zero: made for sparse binary features such as n-grams, and it prunes as it learns. The
//! n-grams with the largest weights are then kept, up to a budget (50,000 by default), and each
//! class's threshold is calibrated on a held-out validation split so that at most a chosen
//! share of its clean posts would be held.
//!
//! Everything is deterministic for the same posts, options and seed: the split and the order
//! of the epochs come from the seed; classes train in parallel but each alone.

use std::collections::HashMap;
use std::fmt;

use crate::category::Category;
use crate::model::{MAX_GRAM, Model, ModelClass, Target, for_each_gram, sigmoid};
use crate::normalize::Normalized;

/// One labelled post: the shape `shenhe eval` and `shenhe train` read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The post.
    pub text: String,
    /// Whether the post must not be published as is.
    pub harm: bool,
    /// The content categories it belongs to (may be empty for a harmful post).
    pub cats: Vec<Category>,
    /// Where the post comes from (`shenhe train` numbers its input files): calibration keeps
    /// the clean posts held at most `max_clean_hold` in every source with enough of them, not
    /// only over all, so a source of clean posts unlike the others is not sacrificed.
    pub group: u32,
}

/// How to train; [`TrainOptions::default`] is what `shenhe train` uses.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TrainOptions {
    /// The n-gram lengths in chars, shortest and longest (at most 4).
    pub ngrams: (usize, usize),
    /// The share of posts held out for validation and calibration.
    pub valid: f64,
    /// At most this share of the validation's clean posts may score at or above a class's
    /// threshold.
    pub max_clean_hold: f64,
    /// The most n-grams the model keeps, over all classes.
    pub max_grams: usize,
    /// An n-gram is a feature only if this many training posts hold it.
    pub min_count: usize,
    /// Passes over the training posts.
    pub epochs: usize,
    /// Seeds the split and the order of each epoch.
    pub seed: u64,
    /// FTRL's L1 strength: larger sets more weights to zero.
    pub l1: f64,
    /// FTRL's L2 strength.
    pub l2: f64,
    /// FTRL's learning rate.
    pub alpha: f64,
    /// FTRL's learning-rate smoothing.
    pub beta: f64,
    /// A class of a category is trained only if this many training posts are labelled with it.
    pub min_positives: usize,
    /// At most this share of the validation's clean posts of any one source (an input file with
    /// at least 200 of them) may be held: looser than `max_clean_hold`, which bounds them all
    /// together, because some sources' clean posts are hard by design (heated but inoffensive
    /// comments), and tight enough that a source of ordinary messages is not held wholesale.
    pub max_source_clean_hold: f64,
    /// No class's threshold is calibrated below this score. A rare category's clean posts rarely
    /// score at all, so the clean-hold bound alone would set its threshold near zero.
    pub min_threshold: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            ngrams: (1, 4),
            valid: 0.1,
            max_clean_hold: 0.02,
            max_grams: 50_000,
            min_count: 2,
            epochs: 4,
            seed: 1,
            l1: 0.5,
            l2: 1.0,
            alpha: 0.1,
            beta: 1.0,
            min_positives: 20,
            // Measured on held-out splits of the public sets (docs/model.md in the closing
            // note of issue 10): 0.5 lost a fifth of the rare categories' posts, 0.2 held
            // clean short messages a point more often than 0.3.
            min_threshold: 0.3,
            max_source_clean_hold: 0.05,
        }
    }
}

/// What training measured on the validation split, per class.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassReport {
    /// What the class scores.
    pub target: Target,
    /// Training posts labelled with the class.
    pub positives: usize,
    /// The calibrated threshold.
    pub threshold: f32,
    /// Validation posts labelled with the class.
    pub valid_positives: usize,
    /// Of them, held at the threshold.
    pub valid_held: usize,
    /// Validation posts not labelled with the class (harmful posts of other categories
    /// included) held at the threshold.
    pub valid_false: usize,
    /// Validation clean posts.
    pub valid_clean: usize,
    /// Of them, held at the threshold.
    pub valid_clean_held: usize,
}

impl ClassReport {
    /// Held share of the validation's positives.
    pub fn recall(&self) -> f64 {
        ratio(self.valid_held, self.valid_positives)
    }

    /// Share of the held validation posts that are labelled with the class.
    pub fn precision(&self) -> f64 {
        ratio(self.valid_held, self.valid_held + self.valid_false)
    }

    /// Held share of the validation's clean posts.
    pub fn clean_held(&self) -> f64 {
        ratio(self.valid_clean_held, self.valid_clean)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// What training did.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainReport {
    /// Posts trained on.
    pub train: usize,
    /// Posts held out for validation.
    pub valid: usize,
    /// Distinct n-grams that were features.
    pub features: usize,
    /// N-grams kept in the model.
    pub kept: usize,
    /// One report a class, in model order.
    pub classes: Vec<ClassReport>,
}

/// Why training failed.
#[derive(Clone, PartialEq, Eq)]
pub struct TrainError {
    kind: TrainErrorKind,
    message: String,
}

/// Why training failed: the kind of a [`TrainError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
///
/// # Example
/// ```
/// use shenhe::{Example, TrainErrorKind, TrainOptions, train};
/// let examples = vec![Example { text: "会议议程".into(), harm: false, cats: vec![], group: 0 }; 10];
/// let mut opts = TrainOptions::default();
/// opts.valid = 0.0; // train on all ten posts
/// let err = train(&examples, &opts, &|_| {}).unwrap_err();
/// assert_eq!(err.kind(), &TrainErrorKind::OneSided { posts: 10, harmful: 0 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrainErrorKind {
    /// A [`TrainOptions`] value is out of range.
    Options,
    /// The training posts are all harmful or all clean.
    OneSided {
        /// The number of training posts (those not held out for validation).
        posts: usize,
        /// How many of them are harmful.
        harmful: usize,
    },
    /// The trained model could not be assembled (its n-gram automaton failed to build).
    Build,
}

impl TrainError {
    fn new(kind: TrainErrorKind, message: String) -> TrainError {
        TrainError { kind, message }
    }

    /// Why training failed.
    pub fn kind(&self) -> &TrainErrorKind {
        &self.kind
    }
}

impl std::fmt::Display for TrainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

crate::util::error::debug_as_display!(TrainError);

impl std::error::Error for TrainError {}

/// Trains a model on `examples`; `progress` hears a line at each stage.
///
/// # Errors
/// No harmful or no clean post among the training posts, or options out of range.
///
/// # Example
/// ```
/// use shenhe::{Category, Example, TrainOptions, train};
/// let mut examples = Vec::new();
/// for i in 0..200 {
///     examples.push(Example { text: format!("日结兼职,私信我 {i}"), harm: true, cats: vec![Category::CommercialAd], group: 0 });
///     examples.push(Example { text: format!("今天的会议第{i}项议程"), harm: false, cats: vec![], group: 0 });
/// }
/// let (model, report) = train(&examples, &TrainOptions::default(), &|_| {})?;
/// assert!(model.score("招日结兼职,有意私信")[0] > model.score("会议议程")[0]);
/// assert_eq!(report.classes.len(), 2); // harm and commercial_ad
/// # Ok::<(), shenhe::TrainError>(())
/// ```
pub fn train(
    examples: &[Example],
    opts: &TrainOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(Model, TrainReport), TrainError> {
    let (n_min, n_max) = opts.ngrams;
    if !(1 <= n_min && n_min <= n_max && n_max <= MAX_GRAM) {
        return Err(TrainError::new(
            TrainErrorKind::Options,
            format!("n-gram lengths {n_min}-{n_max}: expected 1 <= MIN <= MAX <= {MAX_GRAM}"),
        ));
    }
    if !(0.0..1.0).contains(&opts.valid) || !(0.0..=1.0).contains(&opts.max_clean_hold) {
        return Err(TrainError::new(
            TrainErrorKind::Options,
            "--valid must be in [0, 1) and --max-clean-hold in [0, 1]".to_string(),
        ));
    }
    if !(0.0..=1.0).contains(&opts.min_threshold)
        || !(0.0..=1.0).contains(&opts.max_source_clean_hold)
    {
        return Err(TrainError::new(
            TrainErrorKind::Options,
            "--min-threshold and --max-source-clean-hold must be in [0, 1]".to_string(),
        ));
    }
    if opts.max_grams == 0 || opts.epochs == 0 {
        return Err(TrainError::new(
            TrainErrorKind::Options,
            "--max-grams and --epochs must be at least 1".to_string(),
        ));
    }

    // Normalize and take each post's distinct n-grams, on all cores.
    progress(&format!("normalizing {} posts", examples.len()));
    let posts: Vec<(String, Vec<u128>)> = map_all(examples, |e| {
        let mut norm = Normalized::new();
        norm.normalize(&e.text);
        let mut keys = Vec::new();
        for_each_gram(&norm.text, n_min, n_max, |k, _, _| keys.push(k));
        keys.sort_unstable();
        keys.dedup();
        (norm.text, keys)
    });

    // The split, from the seed and each post's position.
    let threshold = (opts.valid * u64::MAX as f64) as u64;
    let is_valid: Vec<bool> = (0..examples.len())
        .map(|i| mix(opts.seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) < threshold)
        .collect();
    let train_ids: Vec<usize> = (0..examples.len()).filter(|&i| !is_valid[i]).collect();
    let valid_ids: Vec<usize> = (0..examples.len()).filter(|&i| is_valid[i]).collect();
    let harmful = train_ids.iter().filter(|&&i| examples[i].harm).count();
    if harmful == 0 || harmful == train_ids.len() {
        return Err(TrainError::new(
            TrainErrorKind::OneSided {
                posts: train_ids.len(),
                harmful,
            },
            format!(
                "the {} training posts must hold both harmful and clean posts ({harmful} harmful)",
                train_ids.len()
            ),
        ));
    }

    // The classes: harm, and each content category with enough positives.
    let mut counts: HashMap<Category, usize> = HashMap::new();
    for &i in &train_ids {
        for &c in &examples[i].cats {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut targets = vec![(Target::Harm, harmful)];
    for &c in Category::ALL {
        let n = counts.get(&c).copied().unwrap_or(0);
        if c.is_content() && n >= opts.min_positives {
            targets.push((Target::Category(c), n));
        }
    }

    // The features: n-grams held by at least `min_count` training posts, numbered in key order.
    let mut df: HashMap<u128, u32> = HashMap::new();
    for &i in &train_ids {
        for &k in &posts[i].1 {
            *df.entry(k).or_default() += 1;
        }
    }
    let mut vocab: Vec<u128> = df
        .into_iter()
        .filter(|&(_, n)| n as usize >= opts.min_count)
        .map(|(k, _)| k)
        .collect();
    vocab.sort_unstable();
    let id: HashMap<u128, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    let features: Vec<Vec<u32>> = train_ids
        .iter()
        .map(|&i| {
            posts[i]
                .1
                .iter()
                .filter_map(|k| id.get(k).copied())
                .collect()
        })
        .collect();
    progress(&format!(
        "{} training posts ({harmful} harmful), {} held out, {} n-gram features, {} classes",
        train_ids.len(),
        valid_ids.len(),
        vocab.len(),
        targets.len()
    ));

    // The order of each epoch, the same for every class.
    let orders: Vec<Vec<u32>> = (0..opts.epochs)
        .map(|e| {
            let mut order: Vec<u32> = (0..train_ids.len() as u32).collect();
            let mut state = opts.seed ^ (e as u64 + 1).wrapping_mul(0xd1b5_4a32_d192_ed03);
            for i in (1..order.len()).rev() {
                state = mix(state);
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            order
        })
        .collect();

    // One FTRL fit a class, on all cores.
    let fits: Vec<(f32, Vec<(u32, f32)>)> = map_all(&targets, |&(target, _)| {
        let labels: Vec<bool> = train_ids
            .iter()
            .map(|&i| match target {
                Target::Harm => examples[i].harm,
                Target::Category(c) => examples[i].cats.contains(&c),
            })
            .collect();
        let fit = ftrl(&features, &labels, vocab.len(), &orders, opts);
        progress(&format!("trained {}", target.id()));
        fit
    });

    // Keep the n-grams that weigh most in any class, up to the budget.
    let mut weights: HashMap<u32, Vec<(u16, f32)>> = HashMap::new();
    for (class, (_, w)) in fits.iter().enumerate() {
        for &(f, v) in w {
            weights.entry(f).or_default().push((class as u16, v));
        }
    }
    let mut ranked: Vec<(u32, f32)> = weights
        .iter()
        .map(|(&f, ws)| (f, ws.iter().map(|w| w.1.abs()).fold(0.0, f32::max)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(opts.max_grams);
    let grams: Vec<(String, Vec<(u16, f32)>)> = ranked
        .iter()
        .map(|&(f, _)| {
            let mut ws = weights[&f].clone();
            ws.sort_by_key(|w| w.0);
            (decode(vocab[f as usize]), ws)
        })
        .collect();
    let kept = grams.len();

    // Calibrate each class's threshold on the validation split.
    let provisional = Model::from_parts(
        n_min,
        n_max,
        targets
            .iter()
            .zip(&fits)
            .map(|(&(t, _), &(bias, _))| ModelClass::new(t, bias, 0.5))
            .collect(),
        grams.clone(),
    )
    .map_err(|e| TrainError::new(TrainErrorKind::Build, e))?;
    let scores: Vec<Vec<f64>> = map_all(&valid_ids, |&i| {
        let mut scores = Vec::new();
        provisional.score_normalized(&posts[i].0, &mut Vec::new(), &mut scores);
        scores
    });
    let mut classes = Vec::new();
    let mut reports = Vec::new();
    for (class, &(target, positives)) in targets.iter().enumerate() {
        // The lowest threshold that holds at most `max_clean_hold` of the clean posts over all
        // and `max_source_clean_hold` in every source with at least `GROUP_MIN_CLEAN` of them,
        // and never below `min_threshold`.
        let mut by_group: HashMap<u32, Vec<f64>> = HashMap::new();
        for (&i, s) in valid_ids.iter().zip(&scores) {
            if !examples[i].harm {
                by_group
                    .entry(examples[i].group)
                    .or_default()
                    .push(s[class]);
            }
        }
        let clean: Vec<f64> = by_group.values().flatten().copied().collect();
        let mut t = bound(clean.clone(), opts.max_clean_hold);
        for g in by_group.into_values() {
            if g.len() >= GROUP_MIN_CLEAN {
                t = t.max(bound(g, opts.max_source_clean_hold));
            }
        }
        // And above what a post with no n-gram of the model scores, by one logit of evidence:
        // where the classes were balanced in training the bias is near zero, and unseen text
        // would otherwise score at the threshold.
        let empty = next_up(sigmoid(f64::from(fits[class].0) + 1.0) as f32);
        let t = t.max(empty).clamp(opts.min_threshold, 1.0);
        let mut report = ClassReport {
            target,
            positives,
            threshold: t,
            valid_positives: 0,
            valid_held: 0,
            valid_false: 0,
            valid_clean: clean.len(),
            valid_clean_held: clean.iter().filter(|&&s| s as f32 >= t).count(),
        };
        for (&i, s) in valid_ids.iter().zip(&scores) {
            let positive = match target {
                Target::Harm => examples[i].harm,
                Target::Category(c) => examples[i].cats.contains(&c),
            };
            let held = s[class] as f32 >= t;
            report.valid_positives += usize::from(positive);
            report.valid_held += usize::from(positive && held);
            report.valid_false += usize::from(!positive && held);
        }
        classes.push(ModelClass::new(target, fits[class].0, t));
        reports.push(report);
    }
    let model = Model::from_parts(n_min, n_max, classes, grams)
        .map_err(|e| TrainError::new(TrainErrorKind::Build, e))?;
    progress(&format!("kept {kept} n-grams of {}", vocab.len()));
    Ok((
        model,
        TrainReport {
            train: train_ids.len(),
            valid: valid_ids.len(),
            features: vocab.len(),
            kept,
            classes: reports,
        },
    ))
}

/// The fewest clean validation posts a source needs for its own bound: fewer make the bound
/// one post's whim.
const GROUP_MIN_CLEAN: usize = 200;

/// The lowest score at which at most `share` of `clean` scores at or above it (0 when none).
fn bound(mut clean: Vec<f64>, share: f64) -> f32 {
    clean.sort_by(|a, b| b.total_cmp(a));
    let allowed = (share * clean.len() as f64).floor() as usize;
    clean.get(allowed).map_or(0.0, |&s| next_up(s as f32))
}

/// FTRL-Proximal logistic regression: the bias and the nonzero weights (feature, weight).
fn ftrl(
    features: &[Vec<u32>],
    labels: &[bool],
    len: usize,
    orders: &[Vec<u32>],
    opts: &TrainOptions,
) -> (f32, Vec<(u32, f32)>) {
    let (l1, l2, alpha, beta) = (opts.l1, opts.l2, opts.alpha, opts.beta);
    // Per feature: z and n; the bias is one more coordinate, never L1-penalized.
    let mut z = vec![0f64; len + 1];
    let mut n = vec![0f64; len + 1];
    let weight = |z: f64, n: f64, l1: f64| {
        if z.abs() <= l1 {
            0.0
        } else {
            -(z - z.signum() * l1) / ((beta + n.sqrt()) / alpha + l2)
        }
    };
    let mut w = Vec::new();
    for order in orders {
        for &p in order {
            let x = &features[p as usize];
            w.clear();
            w.extend(x.iter().map(|&f| weight(z[f as usize], n[f as usize], l1)));
            let bias = weight(z[len], n[len], 0.0);
            let margin = bias + w.iter().sum::<f64>();
            let g = sigmoid(margin) - if labels[p as usize] { 1.0 } else { 0.0 };
            let g2 = g * g;
            for (&f, &wi) in x.iter().zip(&w) {
                let f = f as usize;
                let sigma = ((n[f] + g2).sqrt() - n[f].sqrt()) / alpha;
                z[f] += g - sigma * wi;
                n[f] += g2;
            }
            let sigma = ((n[len] + g2).sqrt() - n[len].sqrt()) / alpha;
            z[len] += g - sigma * bias;
            n[len] += g2;
        }
    }
    let bias = weight(z[len], n[len], 0.0) as f32;
    let weights = (0..len)
        .filter_map(|f| {
            let v = weight(z[f], n[f], l1) as f32;
            (v != 0.0).then_some((f as u32, v))
        })
        .collect();
    (bias, weights)
}

/// The chars of a packed key ([`key`](super::key)).
fn decode(k: u128) -> String {
    let len = (k >> 84) as usize;
    (0..len)
        .filter_map(|i| char::from_u32(((k >> (21 * i)) & 0x1f_ffff) as u32))
        .collect()
}

/// The smallest `f32` above `x` (for "strictly above the highest clean score").
fn next_up(x: f32) -> f32 {
    if x.is_nan() || x == f32::INFINITY {
        return x;
    }
    let bits = x.to_bits();
    if x == 0.0 {
        f32::from_bits(1)
    } else if x > 0.0 {
        f32::from_bits(bits + 1)
    } else {
        f32::from_bits(bits - 1)
    }
}

/// SplitMix64's finalizer: a well-spread hash of a 64-bit value.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(feature = "parallel")]
fn map_all<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn map_all<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::key;

    #[test]
    fn keys_decode_to_their_chars() {
        for s in ["赌", "赌博", "a1赌b", "網上"] {
            let chars: Vec<char> = s.chars().collect();
            assert_eq!(decode(key(&chars)), s);
        }
    }

    #[test]
    fn next_up_is_strictly_above() {
        for x in [0.0f32, 0.5, 0.99, 1e-9] {
            assert!(next_up(x) > x);
        }
    }
}
