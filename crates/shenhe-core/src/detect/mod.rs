//! Detectors: findings that come from patterns and structure rather than lexicon terms
//! (personal information, contact handles, attribution, secret markings, format).
//!
//! Each detector is a module with a struct holding its compiled tables, which implements
//! [`Detector`] (`detect(&Context, &mut Findings)`), and a table of the rules it reports
//! (`RULES`, written with [`detector_rules!`]); both are registered in [`Detectors::each`].
//! [`Findings`] is the one path to a hit: the lexicon's classifier pushes its terms into it
//! first, then the detectors their findings, and it applies the policy, the action caps and the
//! limit per term to all alike; [`to_hits`] makes them hits, so a detector only says what it
//! found and where in the original text.

use std::sync::Arc;

use aho_corasick::AhoCorasick;

use crate::category::{Account, Action, Category};
use crate::engine::Config;
use crate::normalize::Normalized;
use crate::policy::Policy;
use crate::verdict::Hit;

pub(crate) mod alternation;
pub(crate) mod attribution;
pub(crate) mod contact;
pub(crate) mod dateline;
pub(crate) mod format;
pub(crate) mod marking;
pub(crate) mod pii;
pub(crate) mod signoff;
pub(crate) mod vocab;

/// What a detector sees of one post.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Context<'a> {
    /// The original text.
    pub(crate) text: &'a str,
    /// The normalized text with its map back to `text`.
    pub(crate) norm: &'a Normalized,
    /// The account type screened for.
    pub(crate) account: Account,
    /// The lexicon's hits so far (detectors may refine them, e.g. context for a contact).
    pub(crate) hits: &'a [Hit],
    /// The detectors whose wake words the engine's scan met in the normalized text, one bit
    /// each in [`Detectors::each`] order ([`wake_words`]).
    pub(crate) woken: u32,
    /// The running detector's own wake words were met ([`Detectors::run`] sets it for each):
    /// what a detector that also wakes on marks asks before it looks for its words.
    pub(crate) met: bool,
}

/// `words` as one leftmost-first alternation, each a pattern in order (of two that match at one
/// place, the first wins); no words match nothing.
///
/// Why an Aho-Corasick automaton rather than the regex of the words: it finds the same matches,
/// and the regex (a prefilter, then its lazy DFA run over each candidate) cost about half as much
/// again on Weibo comments (the contact words).
pub(crate) fn words_automaton<W: AsRef<[u8]>>(words: impl IntoIterator<Item = W>) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(words)
        // Detector vocabularies, compiled in: a few hundred short words, far inside every limit.
        .expect("detector words compile")
}

/// `word` as a regex that matches it literally.
pub(crate) fn literal(word: &str) -> String {
    word.chars().fold(String::new(), |mut out, c| {
        if r"\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

/// The chars of `chars` (simplified) and every char that folds to one of them, escaped for use
/// inside a regex class: `spelt_chars("条讲")` is `条條讲講`.
pub(crate) fn spelt_chars(chars: &str) -> String {
    chars
        .chars()
        .flat_map(crate::normalize::spellings)
        .map(|c| literal(c.encode_utf8(&mut [0; 4])))
        .collect()
}

/// A regex of `words` (simplified, as a lexicon set lists them) as the ORIGINAL text may spell
/// them: each char as a class of every char that folds to it (机密 → `[机機]密`), longest word
/// first, regex syntax escaped. For the detectors that read the original text, whose marks
/// and punctuation normalization would drop.
pub(crate) fn spelt(words: &[&str]) -> String {
    let mut words: Vec<&str> = words.to_vec();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let escape = |c: char| literal(c.encode_utf8(&mut [0; 4]));
    let alts: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| match crate::normalize::spellings(c).as_slice() {
                    [one] => escape(*one),
                    many => format!("[{}]", many.iter().map(|&v| escape(v)).collect::<String>()),
                })
                .collect()
        })
        .collect();
    if alts.is_empty() {
        // No word: a pattern that matches nothing, not the empty string everywhere.
        return r"[^\s\S]".to_string();
    }
    format!("(?:{})", alts.join("|"))
}

/// One rule of a detector as its hits name it: the hit's `term` and its category before the
/// policy. A name ending in `:ID` stands for one rule per registered original
/// (`reference:ID`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DetectorRule {
    pub(crate) name: &'static str,
    pub(crate) category: Category,
}

impl DetectorRule {
    /// True when `f` is a finding of this rule.
    pub(crate) fn covers(&self, f: &Finding) -> bool {
        f.category == self.category
            && match self.name.strip_suffix(":ID") {
                Some(prefix) => f
                    .rule
                    .strip_prefix(prefix)
                    .is_some_and(|id| id.starts_with(':') && id.len() > 1),
                None => *f.rule == *self.name,
            }
    }
}

/// A detector's table of rules: `detector_rules![Category: "name", …; Category: "name", …]`.
macro_rules! detector_rules {
    ($($category:ident: $($name:literal),+);+ $(;)?) => {
        &[$($(crate::detect::DetectorRule {
            name: $name,
            category: crate::category::Category::$category,
        }),+),+]
    };
}
pub(crate) use detector_rules;

/// The names of a rule table's rules, in table order, as the shared strings findings carry:
/// a detector takes its rule names from its table rather than writing them again.
pub(crate) fn rule_names<const N: usize>(rules: &[DetectorRule]) -> [Arc<str>; N] {
    debug_assert_eq!(rules.len(), N, "one name for each rule of the table");
    std::array::from_fn(|i| Arc::from(rules[i].name))
}

/// A detector: compiled once per process, run after the lexicon's scan on every post that
/// wakes it. Its module declares the rules it reports (`RULES`) and the sets of its vocabulary
/// whose words wake it (`WAKE`), both listed with it in [`Detectors::each`].
pub(crate) trait Detector: std::fmt::Debug + Send + Sync {
    /// Appends the findings of one post.
    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>);

    /// True when the detector must look at the post although the scan met none of its wake
    /// words: for rules that rest on punctuation, which normalization drops, or on data of
    /// the engine's (registered originals). For a detector without wake words (whose rules
    /// rest on no word: personal information is digits and an `@`), the one gate, which it
    /// must give: the default is for detectors that words wake.
    fn awake(&self, _ctx: &Context<'_>) -> bool {
        false
    }
}

/// The key under which the engine's automaton finds a wake word: its normalized form, or the
/// longest part of it without a Chinese digit, since normalization writes those as ASCII
/// digits inside a number (二〇二三一般公共预算收入 normalizes to 20231般公共预算收入, where the
/// sign-off rule still reads 一般公共预算收入). `None` for a word that has no such part.
pub(crate) fn wake_key(word: &str) -> Option<String> {
    let norm = crate::normalize::normalize_term(word)?;
    norm.split(|c: char| crate::normalize::is_cjk_digit(c))
        .max_by_key(|part| part.chars().count())
        .filter(|part| !part.is_empty())
        .map(str::to_string)
}

/// Sorts `pairs` by key and makes the pairs of one key one, with the union of their bits.
pub(crate) fn merge_bits<K: Ord, B: std::ops::BitOrAssign + Copy>(pairs: &mut Vec<(K, B)>) {
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    pairs.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 |= later.1;
        }
        same
    });
}

/// The detectors' wake words ([`wake_words`]).
#[derive(Debug)]
pub(crate) struct WakeWords {
    /// Every wake word as the automaton holds it ([`wake_key`]), sorted, with the bits of the
    /// detectors it wakes.
    pub(crate) keys: Vec<(String, u32)>,
    /// The bits of the detectors that always run: those with a wake word that has no key
    /// (which could otherwise miss a post). (A detector without wake words runs when it is
    /// [`awake`](Detector::awake).)
    pub(crate) always: u32,
}

/// The detectors' wake words, gathered once from [`TABLES`].
pub(crate) fn wake_words() -> &'static WakeWords {
    static WORDS: std::sync::LazyLock<WakeWords> = std::sync::LazyLock::new(|| {
        let mut keys: Vec<(String, u32)> = Vec::new();
        let mut always = 0u32;
        for (i, (_, wake)) in TABLES.iter().enumerate() {
            let bit = 1u32 << i;
            for w in wake.iter().flat_map(|set| vocab::words(set)) {
                match wake_key(w) {
                    Some(key) => keys.push((key, bit)),
                    None => always |= bit,
                }
            }
        }
        // One entry a key, with the bits of every detector it wakes.
        merge_bits(&mut keys);
        WakeWords { keys, always }
    });
    &WORDS
}

/// One finding of a detector, before policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) category: Category,
    /// The rule's name, reported as the hit's `term` (e.g. `id_card`, `mobile`).
    pub(crate) rule: Arc<str>,
    /// Byte span in the ORIGINAL text, on char boundaries.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The most this finding may ask for (a lone mobile number asks for review, not block).
    pub(crate) cap: Option<Action>,
    /// One short line in Chinese.
    pub(crate) reason: String,
}

/// Each detector's rules and wake sets, in the order [`Detectors::each`] runs them: static, so
/// the automaton takes the wake words without compiling a detector.
#[allow(clippy::type_complexity)]
const TABLES: [(&[DetectorRule], &[&str]); 6] = [
    (attribution::RULES, attribution::WAKE),
    (contact::RULES, contact::WAKE),
    (marking::RULES, marking::WAKE),
    (pii::RULES, &[]),
    (signoff::RULES, signoff::WAKE),
    (format::RULES, format::WAKE),
];

/// The detectors of an engine, compiled once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Detectors {
    /// Reproduction without a source, doubtful sources, registered originals
    /// (`missing_attribution`, `unverified`).
    attribution: attribution::AttributionDetector,
    /// Contact handles and links (`commercial_ad`).
    contact: contact::ContactDetector,
    /// 密级标志 and 内部资料 headers (`state_secret`).
    marking: marking::MarkingDetector,
    /// ID numbers, bank cards, mobile numbers, e-mail (`personal_info`); also redaction.
    pub(crate) pii: pii::PiiDetector,
    /// Statistics, casualty and case figures (`needs_signoff`).
    signoff: signoff::SignoffDetector,
    /// Series, column and length notes (`format`).
    format: format::FormatDetector,
}

impl Detectors {
    pub(crate) fn new() -> Detectors {
        Detectors {
            attribution: attribution::AttributionDetector::new(),
            contact: contact::ContactDetector::new(),
            marking: marking::MarkingDetector::new(),
            pii: pii::PiiDetector::new(),
            signoff: signoff::SignoffDetector::new(),
            format: format::FormatDetector::new(),
        }
    }

    /// Applies the engine's [`Config`] (the link allow-list, the long-post limit, the day ID
    /// numbers are checked against).
    pub(crate) fn configured(mut self, config: &Config) -> Detectors {
        self.contact.allow_domains(config.get_allowed_domains());
        self.format.long_post_chars = config.get_long_post_chars();
        self.pii.today = config.today_yyyymmdd();
        self
    }

    /// These detectors under another configuration: the configured parts start again from
    /// `fresh` (the detectors as compiled, unconfigured), the attribution check keeps its source
    /// lists and registered originals.
    pub(crate) fn reconfigured(&self, fresh: &Detectors, config: &Config) -> Detectors {
        let mut d = fresh.clone().configured(config);
        d.attribution = self.attribution.clone();
        d
    }

    /// Sets the source lists (default: the shipped ones) and the registered originals of the
    /// attribution check.
    pub(crate) fn with_attribution(
        mut self,
        sources: Option<crate::sources::Sources>,
        references: Option<crate::references::References>,
    ) -> Detectors {
        if let Some(s) = sources {
            self.attribution.set_sources(s);
        }
        if let Some(r) = references {
            self.attribution.set_references(r);
        }
        self
    }

    /// Every detector, in the order they run, with its table of rules: each finding it pushes
    /// names one of them, in its category (a test holds the README's table of rule names to
    /// them).
    ///
    /// With each comes its wake sets: a detector with some runs only on a post where the
    /// engine's scan met one of their words ([`wake_words`]) or that it finds
    /// [`awake`](Detector::awake). Their words must therefore cover every finding: each rule
    /// needs one of them (a test screens the shipped samples with and without waking).
    #[allow(clippy::type_complexity)]
    pub(crate) fn each(
        &self,
    ) -> [(
        &dyn Detector,
        &'static [DetectorRule],
        &'static [&'static str],
    ); 6] {
        // In the order of TABLES (a finding outside its detector's table fails every test).
        let detectors: [&dyn Detector; 6] = [
            &self.attribution,
            &self.contact,
            &self.marking,
            &self.pii,
            &self.signoff,
            &self.format,
        ];
        std::array::from_fn(|i| (detectors[i], TABLES[i].0, TABLES[i].1))
    }

    /// The detectors that look at the post, one bit each: those the scan woke, those that
    /// always run ([`WakeWords::always`]), and those [`awake`](Detector::awake) to it.
    pub(crate) fn running(&self, ctx: &Context<'_>) -> u32 {
        let mut running = ctx.woken | wake_words().always;
        for (i, (d, _, _)) in self.each().into_iter().enumerate() {
            if running & (1 << i) == 0 && d.awake(ctx) {
                running |= 1 << i;
            }
        }
        running
    }

    /// Runs every detector the post wakes and appends their findings.
    pub(crate) fn run(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        let running = self.running(ctx);
        for (i, (d, rules, _)) in self.each().into_iter().enumerate() {
            if running & (1 << i) == 0 {
                continue;
            }
            let before = out.list.len();
            let met = ctx.woken & (1 << i) != 0;
            d.detect(&Context { met, ..*ctx }, out);
            // Every test that screens a post holds the detectors to their tables.
            debug_assert!(
                out.list[before..]
                    .iter()
                    .all(|(f, _, _)| rules.iter().any(|r| r.covers(f))),
                "a finding outside its detector's rule table: {:?}",
                &out.list[before..]
            );
        }
    }
}

/// A set of spans that answers "does any of them overlap this one?" in logarithmic time:
/// detectors ask it once per finding, and a scan of every span for each made posts with many
/// findings quadratic (a 2 MB post of 网传 took 409 s).
#[derive(Debug, Default)]
pub(crate) struct Overlaps {
    /// Span starts, sorted.
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the spans of the first `i + 1` starts.
    max_end: Vec<usize>,
}

impl Overlaps {
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Overlaps {
        let mut spans: Vec<(usize, usize)> = spans.into_iter().collect();
        spans.sort_unstable();
        let mut max = 0;
        let max_end = spans
            .iter()
            .map(|&(_, e)| {
                max = max.max(e);
                max
            })
            .collect();
        Overlaps {
            starts: spans.into_iter().map(|(s, _)| s).collect(),
            max_end,
        }
    }

    /// True when some span overlaps `start..end` (shares at least one byte with it).
    pub(crate) fn any(&self, start: usize, end: usize) -> bool {
        // The spans that start before `end`; one of them overlaps iff one ends after `start`.
        let before = self.starts.partition_point(|&s| s < end);
        before > 0 && self.max_end[before - 1] > start
    }
}

/// The findings of one post, as the lexicon's classifier and the detectors push them: each
/// resolved by the policy for the account at once, and at most `limit` kept of one rule (or
/// lexicon entry) with one action, the rest counted. A post of a phone number repeated to
/// 4 MiB holds a hundred findings, not 350,000 of them with their reasons.
#[derive(Debug)]
pub(crate) struct Findings<'a> {
    /// `None` keeps every finding unresolved (the detectors' own tests).
    policy: Option<&'a Policy>,
    account: Account,
    limit: usize,
    /// The findings kept, with the category and action the policy gives them.
    list: Vec<(Finding, Category, Action)>,
    /// Findings kept per (rule, action): a post holds few distinct rules, so a list will do.
    kept: Vec<(Arc<str>, Action, usize)>,
    /// Findings kept per (lexicon entry, action): a post may hold many distinct terms, and two
    /// entries may list one term.
    kept_entries: rustc_hash::FxHashMap<(u32, Action), usize>,
    /// Findings past the limit.
    omitted: usize,
    /// When the caller asked for the post redacted as well ([`Findings::redacting`]): the
    /// byte spans of the original to replace and their replacements, whatever the policy and
    /// the limit do with the findings. Filled by the personal information detector, so that
    /// screening and redacting a post scan it once.
    masks: Option<Vec<Mask>>,
}

/// A byte span of the original text and what replaces it in the redacted text.
pub(crate) type Mask = (usize, usize, &'static str);

impl<'a> Findings<'a> {
    /// Findings resolved by `policy` for `account`, at most `limit` of one rule and action.
    pub(crate) fn new(policy: &'a Policy, account: Account, limit: usize) -> Findings<'a> {
        Findings::empty(Some(policy), account, limit)
    }

    /// Empty findings under the same policy, account and limit (and no redaction).
    pub(crate) fn alike(&self) -> Findings<'a> {
        Findings::empty(self.policy, self.account, self.limit)
    }

    /// Findings with nothing in them yet.
    fn empty(policy: Option<&'a Policy>, account: Account, limit: usize) -> Findings<'a> {
        Findings {
            policy,
            account,
            limit,
            list: Vec::new(),
            kept: Vec::new(),
            kept_entries: Default::default(),
            omitted: 0,
            masks: None,
        }
    }

    /// These findings with the post's redaction collected too ([`Findings::take_masks`]).
    pub(crate) fn redacting(mut self) -> Findings<'a> {
        self.masks = Some(Vec::new());
        self
    }

    /// Where the redaction's masks go, if it was asked for.
    pub(crate) fn masks_mut(&mut self) -> Option<&mut Vec<Mask>> {
        self.masks.as_mut()
    }

    /// The redaction's masks (none when it was not asked for).
    pub(crate) fn take_masks(&mut self) -> Vec<Mask> {
        self.masks.take().unwrap_or_default()
    }

    /// The category and action a finding of `category` capped at `cap` is reported with
    /// ([`Policy::resolve`]); `None` when the policy turns the category off for the account.
    #[inline]
    pub(crate) fn resolve(
        &self,
        category: Category,
        cap: Option<Action>,
    ) -> Option<(Category, Action)> {
        match self.policy {
            Some(policy) => policy.resolve(category, self.account, cap),
            None => Some((category, cap.unwrap_or(Action::Block))),
        }
    }

    /// Adds a finding: dropped when the policy turns its category off for the account,
    /// counted as omitted when its rule already has `limit` findings with its action.
    pub(crate) fn push(&mut self, f: Finding) {
        let Some((category, action)) = self.resolve(f.category, f.cap) else {
            return;
        };
        if self.policy.is_none() {
            self.list.push((f, category, action));
            return;
        }
        let n = match self
            .kept
            .iter_mut()
            .find(|k| k.1 == action && *k.0 == *f.rule)
        {
            Some(k) => &mut k.2,
            None => {
                self.kept.push((f.rule.clone(), action, 0));
                &mut self.kept.last_mut().expect("just pushed").2
            }
        };
        if *n >= self.limit {
            self.omitted += 1;
            return;
        }
        *n += 1;
        self.list.push((f, category, action));
    }

    /// Adds the finding of lexicon entry `entry`, already resolved to `category` and `action`
    /// ([`resolve`](Findings::resolve), then narrowed by the classifier's context rules):
    /// counted as omitted when the entry already has `limit` findings with that action.
    pub(crate) fn push_entry(
        &mut self,
        entry: u32,
        f: Finding,
        category: Category,
        action: Action,
    ) {
        let n = self.kept_entries.entry((entry, action)).or_insert(0);
        if *n >= self.limit {
            self.omitted += 1;
            return;
        }
        *n += 1;
        self.list.push((f, category, action));
    }

    /// True when lexicon entry `entry` of `category`, capped at `cap`, already has `limit`
    /// findings with the strongest action the policy gives it: one more could not change the
    /// verdict, and is counted ([`Findings::skip`]) without its rules being checked.
    #[inline]
    pub(crate) fn entry_saturated(
        &self,
        entry: u32,
        category: Category,
        cap: Option<Action>,
    ) -> bool {
        self.policy.is_some()
            && self.resolve(category, cap).is_some_and(|(_, strongest)| {
                self.kept_entries
                    .get(&(entry, strongest))
                    .is_some_and(|&n| n >= self.limit)
            })
    }

    /// True when findings of `rule` in `category` already number `limit` with the strongest
    /// action the policy gives the category: a further one could not change the verdict, and
    /// its detector may count it ([`Findings::skip`]) instead of examining it, as a lexicon
    /// term past the limit is counted without checking its rules.
    pub(crate) fn saturated(&self, rule: &str, category: Category) -> bool {
        let Some(policy) = self.policy else {
            return false;
        };
        let Some((_, strongest)) = policy.resolve(category, self.account, None) else {
            return false;
        };
        self.kept
            .iter()
            .any(|k| k.1 == strongest && *k.0 == *rule && k.2 >= self.limit)
    }

    /// Counts a finding its detector did not examine because its rule was
    /// [`saturated`](Findings::saturated).
    pub(crate) fn skip(&mut self) {
        self.omitted += 1;
    }

    /// How many findings of one rule with one action are listed.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// Counts `n` more findings of a rule in `category` with `cap`, past the limit: for a
    /// detector that kept only the first [`limit`](Findings::limit) findings of a rule whose
    /// findings all resolve alike (pushed before this), and counted the rest instead of keeping
    /// them. Not counted, as they would not be pushed, when the policy turns the category off
    /// for the account.
    pub(crate) fn omit(&mut self, category: Category, cap: Option<Action>, n: usize) {
        // (Asked of every kind of personal information in every post, most with none.)
        if n > 0
            && let Some(policy) = self.policy
            && policy.resolve(category, self.account, cap).is_some()
        {
            self.omitted += n;
        }
    }

    /// The number of findings left out by the limit.
    pub(crate) fn omitted(&self) -> usize {
        self.omitted
    }
}

/// Turns findings into hits: the lexicon's in the order they were found (by category, then
/// span), the detectors' in the order of their spans (`by_span`). Their char offsets are
/// counted with the post's other hits ([`crate::verdict::count_chars`]).
pub(crate) fn to_hits(findings: &mut Findings<'_>, text: &str, by_span: bool, hits: &mut Vec<Hit>) {
    // (Most posts have none.)
    if findings.list.is_empty() {
        return;
    }
    if by_span {
        findings.list.sort_by_key(|f| f.0.start);
    }
    hits.reserve(findings.list.len());
    for (f, category, action) in std::mem::take(&mut findings.list) {
        debug_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        hits.push(Hit {
            category,
            action,
            clause: category.clause(),
            term: f.rule,
            matched: text[f.start..f.end].to_string(),
            start: f.start,
            end: f.end,
            char_start: 0,
            char_end: 0,
            reason: f.reason,
            score: None,
        });
    }
}

/// Runs one detector over `text` as the engine would (normalized, as `account`, after the
/// lexicon's `hits`) and returns its findings, each checked to lie on char boundaries: the
/// scaffolding every detector's tests share.
#[cfg(test)]
pub(crate) fn run_detector(
    text: &str,
    account: Account,
    hits: &[Hit],
    detect: impl FnOnce(&Context<'_>, &mut Findings<'_>),
) -> Vec<Finding> {
    let mut norm = Normalized::new();
    norm.normalize(text);
    let ctx = Context {
        text,
        norm: &norm,
        account,
        hits,
        // A detector's own tests look at every post, woken or not.
        woken: u32::MAX,
        met: true,
    };
    let mut findings = Findings::empty(None, account, usize::MAX);
    detect(&ctx, &mut findings);
    let out: Vec<Finding> = findings.list.into_iter().map(|f| f.0).collect();
    for f in &out {
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{f:?}"
        );
    }
    out
}

/// What `ask` answers of `text` normalized, in a context where the scan woke nothing and the
/// lexicon found nothing: how the detectors' gates are tested.
#[cfg(test)]
pub(crate) fn asleep<R>(text: &str, ask: impl FnOnce(&Context<'_>) -> R) -> R {
    let mut norm = Normalized::new();
    norm.normalize(text);
    ask(&Context {
        text,
        norm: &norm,
        account: Account::Org,
        hits: &[],
        woken: 0,
        met: false,
    })
}

#[cfg(test)]
mod tests {
    use super::{Detectors, Overlaps};

    #[test]
    fn a_words_automaton_finds_the_first_listed_word_at_the_leftmost_place_and_no_words_match_nothing()
     {
        let found = |words: &[&str], text: &str| {
            super::words_automaton(words)
                .find_iter(text)
                .map(|m| &text[m.range()])
                .collect::<Vec<_>>()
                .join(",")
        };
        // At one place the word listed first wins, as in a regex alternation of them.
        assert_eq!(found(&["v信", "v"], "加v信v"), "v信,v");
        assert_eq!(found(&["v", "v信"], "加v信v"), "v,v");
        // A word that starts further left wins over one listed first.
        assert_eq!(found(&["信号", "微信"], "加微信号"), "微信");
        assert_eq!(found(&[], "加微信号"), "");
        assert!(!super::words_automaton(Vec::<&str>::new()).is_match(""));
    }

    #[test]
    fn the_readme_lists_every_detector_rule_in_its_category_and_no_other() {
        let readme = include_str!("../../../../README.md");
        let section = readme
            .split("## Checks beyond words")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("the README's detector table");
        let ticked = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        };
        let mut listed = Vec::new();
        for row in section.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split(" | ").collect();
            let category = ticked(cells[0]).into_iter().next().expect("a category");
            for name in ticked(cells[1]) {
                listed.push((category.clone(), name));
            }
        }
        listed.sort();
        let detectors = Detectors::new();
        let mut tables: Vec<(String, String)> = detectors
            .each()
            .iter()
            .flat_map(|d| d.1)
            .map(|r| (r.category.id().to_string(), r.name.to_string()))
            .collect();
        tables.sort();
        assert_eq!(listed, tables);
        // Names are unique across detectors.
        let mut names: Vec<&String> = tables.iter().map(|t| &t.1).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), tables.len());
    }

    /// Posts that hold every detector rule, in the spellings and digit forms that normalization
    /// rewrites, beside the shipped samples and challenge sets.
    const RULE_POSTS: &[&str] = &[
        "二〇二三一般公共预算收入增长5.2%",
        "二〇二三年GDP达5120亿元, ＣＰＩ同比上涨0.2%",
        "統計局公佈: 城鎮居民收入增長3.5%",
        "事故造成3死5傷",
        "死亡人數升至12人, 3名工人受傷",
        "新增確診病例12例, 阳性1例",
        "紧急转移安置群众1.2万人, 直接經濟損失3000餘萬元",
        "失業率為5.2%",
        "據報道, 某地發生地震",
        // 转发 wakes the detector only as its rules hold it (转发微博 wakes nothing).
        "轉發自網絡",
        "朋友圈轉發說明天停水",
        "新华社北京11月22日电 今天",
        "文 / 張三 圖|李四",
        "作者\u{200b}：王五",
        "責任編輯：趙六",
        "記者 李四 報道",
        "機密★1年",
        "密級：絕密",
        "內部資料 請勿外傳",
        "(2/3)今天的第二部分",
        "【普法小課堂】今天讲宪法",
        "1/3 今天说说",
        "未完待續",
        "接上條",
        "加V: abc12345 领取",
        "扣扣 12345678 进群",
        "入口 [ q w 7 7 ] 点 [ t o p ] 收藏",
        "搜索 星光樂園．top 就能找到",
        "详情见 www.abc123.top",
        "身份證號１１０１０１１９９００３０７１２３３",
        "身份证 110101 900307 123",
        "卡號 6222 0212 3456 7890 128",
        "手機一三八一二三四五六七八",
        "聯繫 zhang.li@example.com",
    ];

    /// Posts of markers and numbered titles, which attribute or excuse rather than find (or
    /// whose finding the lexicon reports): screened alike woken or awake, and found nothing.
    const QUIET_POSTS: &[&str] = &[
        "//@某人:转发微博",
        "／／＠某人：转发",
        // A repost mark wakes nothing itself: the cue wakes the detector, which reads the mark.
        "新华社北京11月22日电 今天//@某人:转发",
        "记者 李四 报道 //@某人:转发",
        "（新华社）今天发布",
        "﹙人民日报记者 张三 摄﹚",
        "來源：網絡",
        "原標題：某某",
        "網傳某地出事了, 朋友圈瘋傳",
        "閱讀原文",
        "如有侵權請聯繫刪除",
        "【防汛知識2】",
    ];

    #[test]
    fn waking_hides_no_finding() {
        let engine = crate::Engine::new().unwrap();
        let mut texts: Vec<String> = RULE_POSTS
            .iter()
            .chain(QUIET_POSTS)
            .map(|s| s.to_string())
            .collect();
        for file in [
            include_str!("../../../../samples/posts.jsonl"),
            include_str!("../../../../tests/data/challenge.jsonl"),
            include_str!("../../../../tests/data/challenge-cloaked.jsonl"),
        ] {
            texts.extend(crate::util::texts_of(file));
        }
        let (mut found, mut slept) = (0, 0);
        let every = (1u32 << super::TABLES.len()) - 1;
        for text in &texts {
            let awake = engine.detector_hits(text, true);
            let woken = engine.detector_hits(text, false);
            assert_eq!(woken, awake, "{text}");
            found += usize::from(!awake.is_empty());
            slept += usize::from(engine.detectors_woken(text) != every);
        }
        // The check means something: many posts have findings, most wake few detectors, and
        // the rule posts each have a finding.
        assert!(found > RULE_POSTS.len() + 20, "{found}");
        assert!(slept > texts.len() / 2, "{slept} of {}", texts.len());
        let silent: Vec<&&str> = RULE_POSTS
            .iter()
            .filter(|text| engine.detector_hits(text, false).is_empty())
            .collect();
        assert!(silent.is_empty(), "{silent:?}");
        for text in QUIET_POSTS {
            assert!(engine.detector_hits(text, true).is_empty(), "{text}");
        }
    }

    #[test]
    fn wake_words_have_keys_and_every_detector_with_none_wakes_by_its_own_gate() {
        let super::WakeWords { keys, always } = super::wake_words();
        assert!(keys.len() > 100, "{}", keys.len());
        // Every shipped wake word has a key: no detector runs on every post.
        assert_eq!(*always, 0);
        let each = Detectors::new();
        // The one without wake words (personal information) wakes to what its rules read, and
        // to nothing else.
        let without: Vec<usize> = (0..each.each().len())
            .filter(|&i| each.each()[i].2.is_empty())
            .collect();
        assert_eq!(without, [3]);
        let running = |text: &str| super::asleep(text, |ctx| each.running(ctx) & (1 << 3) != 0);
        for text in [
            "手机13812345678",
            "手机 138 1234 5678",
            "一三八一二三四五六七八",
            "a@b.cn",
        ] {
            assert!(running(text), "{text}");
        }
        for text in ["今天天气很好", "编号1234567890", "回复某人：好的"] {
            assert!(!running(text), "{text}");
        }
        // A Chinese digit that normalization may rewrite is cut off the key.
        assert_eq!(
            super::wake_key("一般公共预算收入").as_deref(),
            Some("般公共预算收入")
        );
        assert_eq!(super::wake_key("统计局").as_deref(), Some("统计局"));
        assert_eq!(super::wake_key("GDP").as_deref(), Some("gdp"));
    }

    #[test]
    fn overlaps_agree_with_a_scan_of_every_span() {
        let spans = [(10, 20), (0, 3), (15, 16), (40, 90), (50, 55), (30, 30)];
        let o = Overlaps::new(spans);
        for s in 0..100 {
            for e in s..100 {
                let scan = spans.iter().any(|&(a, b)| a < e && s < b);
                assert_eq!(o.any(s, e), scan, "{s}..{e}");
            }
        }
        assert!(!Overlaps::new([]).any(0, 10));
    }
}
