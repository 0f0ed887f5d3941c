//! The engine: a compiled lexicon and policy, cheap to clone and share between threads.

use std::cell::RefCell;
use std::sync::Arc;

use crate::automata::{Automaton, Joint};
use crate::category::{Account, Action, Category};
use crate::classify::{Scratch, screen_views};
use crate::detect::{Context, Detectors, Findings, Mask, to_hits};
use crate::lexicon::Lexicon;
use crate::model::{Model, Target};
use crate::policy::Policy;
use crate::serial::{self, LoadError};
use crate::util::error::{BuildError, ScreenError, ScreenErrorKind};
use crate::verdict::{Hit, Verdict, count_chars};

/// Engine settings that are not data.
///
/// # Example
/// ```
/// use shenhe::Config;
/// let config = Config::new().max_post_bytes(64 * 1024);
/// assert_eq!(config.get_max_post_bytes(), 64 * 1024);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    max_post_bytes: usize,
    /// Posts with more chars than this get a `format` note (G8: 单条文字应控制在单条微博发布的
    /// 限制范围). Not a rejection: see `max_post_bytes` for that.
    long_post_chars: usize,
    /// Domains whose links are fine, added to `lexicons/sources/domains.txt`'s allow-list.
    allowed_domains: Vec<String>,
    /// The most hits one term or rule lists with one action in a post.
    max_hits_per_term: usize,
    /// The day ID numbers are checked against, as `yyyymmdd`; `None` for the current day in
    /// China (UTC+8) when the post is screened.
    today: Option<u32>,
}

/// The default limit on one post: 4 MiB, far above any real post (a long WeChat article is
/// about 60 KiB of text) and low enough that one bad record cannot eat a batch's memory.
pub const DEFAULT_MAX_POST_BYTES: usize = 4 << 20;

/// The highest limit a [`Config`] accepts: offsets are kept as `u32`.
pub const MAX_POST_BYTES_LIMIT: usize = 1 << 30;

/// The default of [`Config::max_hits_per_term`]: more than any real post repeats one term
/// (a long article that names 赌博 throughout names it a few dozen times), few enough that a
/// post of one term or phone number repeated a million times costs a verdict of a few
/// kilobytes instead of a gigabyte.
pub const DEFAULT_MAX_HITS_PER_TERM: usize = 100;

impl Default for Config {
    fn default() -> Config {
        Config {
            max_post_bytes: DEFAULT_MAX_POST_BYTES,
            long_post_chars: 2000,
            allowed_domains: Vec::new(),
            max_hits_per_term: DEFAULT_MAX_HITS_PER_TERM,
            today: None,
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Config {
        Config::default()
    }

    /// Posts longer than this many bytes are rejected with a [`ScreenError`] rather than
    /// screened. Values above [`MAX_POST_BYTES_LIMIT`] are lowered to it.
    pub fn max_post_bytes(mut self, bytes: usize) -> Config {
        self.max_post_bytes = bytes.min(MAX_POST_BYTES_LIMIT);
        self
    }

    /// The current post size limit in bytes.
    pub fn get_max_post_bytes(&self) -> usize {
        self.max_post_bytes
    }

    /// Posts with more chars (Unicode scalar values) than this get a `format` note asking to
    /// split them into numbered posts (G8, X12). The default, 2000, is a long Weibo post;
    /// `usize::MAX` turns the note off. The note never holds a post unless a policy says so.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Category, Config, Decision, Engine};
    /// let engine = Engine::builder().config(Config::new().long_post_chars(10)).build()?;
    /// let v = engine.screen("今天召开全市经济工作会议,部署明年重点任务")?;
    /// assert_eq!(v.verdict, Decision::Pass);
    /// assert!(v.hits.iter().any(|h| h.category == Category::Format && &*h.term == "long_post"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn long_post_chars(mut self, chars: usize) -> Config {
        self.long_post_chars = chars;
        self
    }

    /// The length above which a post gets a `format` note, in chars.
    pub fn get_long_post_chars(&self) -> usize {
        self.long_post_chars
    }

    /// Links to `domain` and its subdomains are fine (not `commercial_ad`), in addition to the
    /// shipped allow-list of government and mainstream media sites
    /// (`lexicons/sources/domains.txt`). Wins over the shipped list's shopping and short-link
    /// entries.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Config, Engine};
    /// let text = "限时秒杀 https://www.example.org/notice";
    /// let links = |engine: &Engine| -> Result<usize, shenhe::ScreenError> {
    ///     Ok(engine.screen(text)?.hits.iter().filter(|h| &*h.term == "external_link").count())
    /// };
    /// assert_eq!(links(&Engine::new()?)?, 1);
    /// let engine = Engine::builder().config(Config::new().allow_domain("example.org")).build()?;
    /// assert_eq!(links(&engine)?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allow_domain(mut self, domain: impl Into<String>) -> Config {
        self.allowed_domains.push(domain.into());
        self
    }

    /// The domains added with [`Config::allow_domain`].
    pub fn get_allowed_domains(&self) -> &[String] {
        &self.allowed_domains
    }

    /// A post lists at most this many hits of one term or rule with one action (default
    /// [`DEFAULT_MAX_HITS_PER_TERM`]); the hits past it are counted in
    /// [`Verdict::hits_omitted`](crate::Verdict::hits_omitted), never silently dropped. The
    /// limit cannot change a verdict: a hit past it repeats a term with an action that the
    /// term's listed hits already carry, so `verdict`, `categories`, `score`, `risk` and
    /// `label` are those of the full list. What it bounds is the time and memory one post can
    /// take: checking a term's rules a millionth time, and a verdict of a million hits.
    /// Values below 1 are raised to 1; `usize::MAX` lists every hit.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Config, Decision, Engine};
    /// let text = "网络赌场".repeat(5);
    /// let engine = Engine::builder().config(Config::new().max_hits_per_term(2)).build()?;
    /// let v = engine.screen(&text)?;
    /// assert_eq!((v.hits.len(), v.hits_omitted), (2, 3));
    /// assert_eq!(v.verdict, Decision::Block);
    /// assert_eq!(Engine::new()?.screen(&text)?.hits.len(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_hits_per_term(mut self, hits: usize) -> Config {
        self.max_hits_per_term = hits.max(1);
        self
    }

    /// The most hits one term or rule lists with one action in a post.
    pub fn get_max_hits_per_term(&self) -> usize {
        self.max_hits_per_term
    }

    /// Checks ID numbers as of this day instead of the current day: a birth date after it
    /// makes an 18-digit number not a valid ID number (`personal_info` does not report it).
    /// The default is the current day in China (UTC+8), read when a post is screened; pin the
    /// day where verdicts must not depend on the clock (tests, re-running an audit). A saved
    /// engine ([`Engine::save`]) keeps the day.
    ///
    /// # Panics
    /// When `year`-`month`-`day` is not a day of the Gregorian calendar from 1900-01-01 to
    /// 9999-12-31; [`Config::try_today`] returns `None` instead.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Category, Config, Engine};
    /// let post = "身份证号110101199003071233"; // born 1990-03-07 (a made-up number)
    /// let ids = |engine: &Engine| -> Result<usize, shenhe::ScreenError> {
    ///     Ok(engine.screen(post)?.hits.iter().filter(|h| h.category == Category::PersonalInfo).count())
    /// };
    /// let born = Engine::builder().config(Config::new().today(1990, 3, 7)).build()?;
    /// assert_eq!(ids(&born)?, 1);
    /// let unborn = Engine::builder().config(Config::new().today(1990, 3, 6)).build()?;
    /// assert_eq!(ids(&unborn)?, 0);
    /// assert_eq!(unborn.config().get_today(), Some((1990, 3, 6)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn today(self, year: u32, month: u32, day: u32) -> Config {
        self.try_today(year, month, day).unwrap_or_else(|| {
            panic!("Config::today: {year:04}-{month:02}-{day:02} is not a day from 1900-01-01 to 9999-12-31")
        })
    }

    /// As [`Config::today`], but `None` when the date is not a day from 1900-01-01 to
    /// 9999-12-31.
    pub fn try_today(mut self, year: u32, month: u32, day: u32) -> Option<Config> {
        if !(1900..=9999).contains(&year) || month > 12 || day > 31 {
            return None;
        }
        let date = year * 10000 + month * 100 + day;
        if !crate::detect::pii::valid_date(date) {
            return None;
        }
        self.today = Some(date);
        Some(self)
    }

    /// The day set with [`Config::today`] as (year, month, day); `None` for the current day.
    pub fn get_today(&self) -> Option<(u32, u32, u32)> {
        self.today.map(|d| (d / 10000, d / 100 % 100, d % 100))
    }

    /// The pinned day as `yyyymmdd`, `None` for the current day.
    pub(crate) fn today_yyyymmdd(&self) -> Option<u32> {
        self.today
    }
}

/// One post to screen: its text, the account that will publish it, and an optional id that is
/// echoed in the verdict.
///
/// # Example
/// ```
/// use shenhe::{Account, Input};
/// let input = Input::new("今天召开全市经济工作会议").account(Account::Staff).id("p-1");
/// assert_eq!(input.text(), "今天召开全市经济工作会议");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Input<'a> {
    text: &'a str,
    account: Account,
    id: Option<&'a str>,
}

impl<'a> Input<'a> {
    /// A post for the default account type (`org`), without an id.
    pub fn new(text: &'a str) -> Input<'a> {
        Input {
            text,
            account: Account::Org,
            id: None,
        }
    }

    /// Sets the account type.
    pub fn account(mut self, account: Account) -> Input<'a> {
        self.account = account;
        self
    }

    /// Sets the id echoed in the verdict.
    pub fn id(mut self, id: &'a str) -> Input<'a> {
        self.id = Some(id);
        self
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

impl<'a> From<&'a str> for Input<'a> {
    fn from(text: &'a str) -> Input<'a> {
        Input::new(text)
    }
}

impl<'a> From<&'a String> for Input<'a> {
    fn from(text: &'a String) -> Input<'a> {
        Input::new(text)
    }
}

impl<'a> From<&'a &str> for Input<'a> {
    fn from(text: &'a &str) -> Input<'a> {
        Input::new(text)
    }
}

impl<'a> From<&'a Input<'_>> for Input<'a> {
    fn from(input: &'a Input<'_>) -> Input<'a> {
        Input {
            text: input.text,
            account: input.account,
            id: input.id,
        }
    }
}

/// An owned post, for batches read from files or queues.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Post {
    /// Echoed in the verdict when given.
    pub id: Option<String>,
    /// The text to screen.
    pub text: String,
    /// The account that will publish it.
    pub account: Account,
}

impl Post {
    /// A post for the default account type, without an id.
    pub fn new(text: impl Into<String>) -> Post {
        Post {
            id: None,
            text: text.into(),
            account: Account::Org,
        }
    }
}

impl<'a> From<&'a Post> for Input<'a> {
    fn from(post: &'a Post) -> Input<'a> {
        Input {
            text: &post.text,
            account: post.account,
            id: post.id.as_deref(),
        }
    }
}

/// Builds an [`Engine`] from a lexicon, a policy and a configuration.
#[derive(Clone, Debug, Default)]
pub struct EngineBuilder {
    lexicon: Option<Lexicon>,
    policy: Policy,
    config: Config,
    /// Registered originals and source lists for the attribution check.
    references: Option<crate::references::References>,
    sources: Option<crate::sources::Sources>,
    /// A learned model scored beside the lexicons.
    model: Option<Model>,
}

impl EngineBuilder {
    /// A builder with the shipped lexicons (when the `embedded-lexicon` feature is on), the
    /// default policy and the default configuration.
    pub fn new() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Screens with `lexicon` instead of the shipped one. To add to the shipped lexicons, build
    /// the lexicon with [`LexiconBuilder::add_shipped`](crate::LexiconBuilder::add_shipped).
    pub fn lexicon(mut self, lexicon: Lexicon) -> EngineBuilder {
        self.lexicon = Some(lexicon);
        self
    }

    /// Uses `policy` for the actions per category and account type.
    pub fn policy(mut self, policy: Policy) -> EngineBuilder {
        self.policy = policy;
        self
    }

    /// Uses `config`.
    pub fn config(mut self, config: Config) -> EngineBuilder {
        self.config = config;
        self
    }

    /// Checks posts against these registered originals (contract §6): a copy without its source
    /// is `missing_attribution` (term `reference:ID`), a changed headline is reported with both
    /// titles. See [`References`](crate::References).
    pub fn references(mut self, references: crate::references::References) -> EngineBuilder {
        self.references = Some(references);
        self
    }

    /// Judges the sources posts name with these lists instead of the shipped ones. See
    /// [`Sources`](crate::Sources).
    pub fn sources(mut self, sources: crate::sources::Sources) -> EngineBuilder {
        self.sources = Some(sources);
        self
    }

    /// Scores posts with a learned `model` too (`shenhe train`): a category whose score
    /// reaches its threshold gives a hit with term `model:<category>` and its `score`, asking
    /// for review unless the policy's `model` lines say otherwise. See [`Model`].
    pub fn model(mut self, model: Model) -> EngineBuilder {
        self.model = Some(model);
        self
    }

    /// Compiles the engine.
    ///
    /// # Errors
    /// The shipped lexicon fails to load (never, a test checks it), or the lexicon has more
    /// distinct patterns than the automaton holds.
    pub fn build(self) -> Result<Engine, BuildError> {
        let lexicon = match self.lexicon {
            Some(l) => l,
            None => default_lexicon()?,
        };
        let automaton = Automaton::build(&lexicon)?;
        Ok(Engine {
            inner: Arc::new(Inner {
                joint: joint(&automaton, self.model.as_ref()),
                automaton: Arc::new(automaton),
                detectors: DETECTORS
                    .clone()
                    .configured(&self.config)
                    .with_attribution(self.sources, self.references),
                policy: self.policy,
                config: self.config,
                terms: lexicon.terms_len(),
                model: self.model,
            }),
        })
    }
}

#[cfg(feature = "embedded-lexicon")]
fn default_lexicon() -> Result<Lexicon, BuildError> {
    Ok(Lexicon::shipped()?)
}

#[cfg(not(feature = "embedded-lexicon"))]
fn default_lexicon() -> Result<Lexicon, BuildError> {
    Ok(Lexicon::default())
}

/// The screening engine: every term of every category compiled into one automaton, with the
/// policy that turns hits into actions.
///
/// `Engine` is `Send + Sync`, and cloning it is cheap (an `Arc`), so one engine serves every
/// thread of a service. Per-post working memory is kept per thread and reused.
///
/// # Example
/// ```
/// use shenhe::{Account, Category, Decision, Engine, Input};
/// let engine = Engine::new()?;
///
/// let v = engine.screen("今天召开全市经济工作会议,部署明年重点任务")?;
/// assert_eq!(v.verdict, Decision::Pass);
///
/// let text = "賭*博网站注册就送彩金";
/// let v = engine.screen(Input::new(text).account(Account::Staff))?;
/// assert_eq!(v.verdict, Decision::Block);
/// assert_eq!(v.categories[0], Category::Gambling);
/// let hit = &v.hits[0];
/// assert_eq!(&text[hit.start..hit.end], hit.matched);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    /// Shared, so that an engine derived with other references or configuration
    /// ([`Engine::with_references`], [`Engine::with_config`]) costs no copy of it.
    automaton: Arc<Automaton>,
    detectors: Detectors,
    policy: Policy,
    config: Config,
    terms: usize,
    model: Option<Model>,
    /// The automaton's patterns and the model's n-grams together, when there is a model: a
    /// post is walked once for both.
    joint: Option<Arc<Joint>>,
}

/// The joint automaton of `automaton` and `model`'s n-grams. `None` without a model or n-grams,
/// or should the joint automaton fail to build (past daachorse's limits): the model then walks
/// the post on its own, with the same result.
fn joint(automaton: &Automaton, model: Option<&Model>) -> Option<Arc<Joint>> {
    let model = model.filter(|m| !m.is_empty())?;
    Joint::build(automaton, model.row_texts())
        .ok()
        .map(Arc::new)
}

/// The detectors as compiled once per process: compiling their regexes costs more than a small
/// lexicon's automaton, and every engine would otherwise pay it again. Cloning shares them.
static DETECTORS: std::sync::LazyLock<Detectors> = std::sync::LazyLock::new(Detectors::new);

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Engine {
    /// An engine over the shipped lexicons with the default policy.
    ///
    /// # Errors
    /// As [`EngineBuilder::build`].
    pub fn new() -> Result<Engine, BuildError> {
        EngineBuilder::new().build()
    }

    /// A builder for an engine with its own lexicon, policy or configuration.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::new()
    }

    /// Screens one post.
    ///
    /// # Errors
    /// The post is longer than [`Config::max_post_bytes`].
    pub fn screen<'a, I: Into<Input<'a>>>(&self, input: I) -> Result<Verdict, ScreenError> {
        Ok(self.screen_post(input.into(), false)?.0)
    }

    /// Screens one post and redacts it in the same pass: the verdict of [`Engine::screen`] and
    /// the text of [`Engine::redact`], for the cost of screening alone (the personal
    /// information the screening finds is what the redaction masks).
    ///
    /// # Errors
    /// The post is longer than [`Config::max_post_bytes`].
    ///
    /// # Example
    /// ```
    /// use shenhe::Engine;
    /// let engine = Engine::new()?;
    /// let text = "失主张女士手机13812345678,身份证号110101199003071233";
    /// let (verdict, redacted) = engine.screen_redacted(text)?;
    /// assert!(!verdict.is_pass());
    /// assert_eq!(redacted, "失主张女士手机138****5678,身份证号110101********1233");
    /// assert_eq!((verdict, redacted), (engine.screen(text)?, engine.redact(text)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn screen_redacted<'a, I: Into<Input<'a>>>(
        &self,
        input: I,
    ) -> Result<(Verdict, String), ScreenError> {
        let input = input.into();
        let (verdict, masks) = self.screen_post(input, true)?;
        Ok((verdict, crate::detect::pii::apply(input.text, masks)))
    }

    /// The verdict of `input`, and the masks that redact it when `redacting` (none otherwise).
    fn screen_post(
        &self,
        input: Input<'_>,
        redacting: bool,
    ) -> Result<(Verdict, Vec<Mask>), ScreenError> {
        let max = self.inner.config.max_post_bytes;
        if input.text.len() > max {
            return Err(ScreenError::new(ScreenErrorKind::TooLong {
                len: input.text.len(),
                max,
            }));
        }
        let (hits, omitted, masks) = SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.hits(input, &mut scratch, redacting),
            // Only reachable if screening re-entered itself on this thread; use fresh memory.
            Err(_) => self.hits(input, &mut Scratch::default(), redacting),
        });
        let verdict =
            Verdict::from_hits(input.id.map(str::to_string), input.account, hits, omitted);
        Ok((verdict, masks))
    }

    /// `text` with its personal information masked: what the `personal_info` rules find, whatever
    /// the policy says of them. Only digits are replaced, one `*` for each, so separators and
    /// digit forms stay as written: mobile numbers keep their first 3 and last 4 digits, 18-digit
    /// ID numbers their first 6 and last 4 (15-digit ones: 6 and 3), bank cards their last 4,
    /// e-mail addresses their first character and domain. Redacted text screens clean of
    /// `personal_info`, and redacting it again changes nothing.
    ///
    /// # Errors
    /// The text is longer than [`Config::max_post_bytes`].
    ///
    /// # Example
    /// ```
    /// use shenhe::Engine;
    /// let engine = Engine::new()?;
    /// let text = "联系人张女士,手机 138-1234-5678,身份证号110101199003071233,邮箱zhang.li@example.com";
    /// assert_eq!(
    ///     engine.redact(text)?,
    ///     "联系人张女士,手机 138-****-5678,身份证号110101********1233,邮箱z***@example.com",
    /// );
    /// // Hotlines, landlines and masked numbers are left alone.
    /// let text = "请拨打12345或0471-1234567,已登记手机138****5678";
    /// assert_eq!(engine.redact(text)?, text);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redact(&self, text: &str) -> Result<String, ScreenError> {
        crate::redact::redact(
            &self.inner.detectors.pii,
            self.inner.config.max_post_bytes,
            text,
        )
    }

    /// The hits of one post, the number left out by [`Config::max_hits_per_term`], and when
    /// `redacting`, the masks that redact it.
    fn hits(
        &self,
        input: Input<'_>,
        scratch: &mut Scratch,
        redacting: bool,
    ) -> (Vec<Hit>, usize, Vec<Mask>) {
        let limit = self.inner.config.max_hits_per_term;
        // One path to a hit: the lexicon's findings, then the detectors', each resolved by
        // the policy, capped and counted against the limit as it is pushed.
        let mut findings = Findings::new(&self.inner.policy, input.account, limit);
        if redacting {
            findings = findings.redacting();
        }
        let mut hits = screen_views(
            &self.inner.automaton,
            self.inner.joint.as_deref(),
            input.text,
            scratch,
            &mut findings,
        );
        self.inner.detectors.run(
            &Context {
                text: input.text,
                norm: &scratch.norm,
                account: input.account,
                hits: &hits,
                woken: scratch.woken,
                met: false,
            },
            &mut findings,
        );
        to_hits(&mut findings, input.text, true, &mut hits);
        let omitted = findings.omitted();
        let masks = findings.take_masks();
        if let Some(model) = &self.inner.model {
            self.model_hits(model, input, scratch, &mut hits);
        }
        count_chars(input.text, &mut hits);
        if input.text.len() > crate::normalize::LONG_POST {
            scratch.release();
        }
        (hits, omitted, masks)
    }

    /// The hits of the model for the post normalized in `scratch`: each category class whose
    /// score reaches its threshold (or a policy `model` line), and the harm class, in the
    /// category that scored highest, when no category did.
    fn model_hits(
        &self,
        model: &Model,
        input: Input<'_>,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
    ) {
        let policy = &self.inner.policy;
        let account = input.account;
        if self.inner.joint.is_some() {
            // The n-grams were found on the lexicons' walk.
            model.score_found(&mut scratch.model_seen, &mut scratch.model_scores);
        } else {
            model.score_normalized(
                &scratch.norm.text,
                &mut scratch.model_seen,
                &mut scratch.model_scores,
            );
        }
        // The action a score of `target` asks for in `category`, or None for no hit.
        let action = |target: Target, category: Category, score: f64, threshold: f32| match policy
            .model_rule(target, account, score)
        {
            Some(action) => action,
            None if score >= f64::from(threshold) => policy
                .resolve(category, account, Some(Action::Review))
                .map(|(_, a)| a),
            None => None,
        };
        let scored = || {
            model
                .classes()
                .iter()
                .zip(&scratch.model_scores)
                .enumerate()
        };
        let mut best: Option<(f64, Category)> = None;
        let before = hits.len();
        for (i, (class, &score)) in scored() {
            let Target::Category(category) = class.target() else {
                continue;
            };
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, category));
            }
            if let Some(a) = action(class.target(), category, score, class.threshold()) {
                hits.push(self.model_hit(model, i, score, category, a, input.text, scratch));
            }
        }
        if hits.len() > before {
            return;
        }
        let category = best.map_or(Category::OtherProhibited, |b| b.1);
        for (i, (class, &score)) in scored() {
            if class.target() == Target::Harm
                && let Some(a) = action(Target::Harm, category, score, class.threshold())
            {
                hits.push(self.model_hit(model, i, score, category, a, input.text, scratch));
            }
        }
    }

    /// The hit of model class `class` (index) with `score`, reported in `category`: its span
    /// covers the strongest n-grams of the class, its reason names them.
    #[allow(clippy::too_many_arguments)]
    fn model_hit(
        &self,
        model: &Model,
        class: usize,
        score: f64,
        category: Category,
        action: Action,
        text: &str,
        scratch: &Scratch,
    ) -> Hit {
        let norm = &scratch.norm;
        let top = model.explain(class, &scratch.model_seen);
        let (b0, b1) = match (top.iter().map(|t| t.1).min(), top.iter().map(|t| t.2).max()) {
            (Some(a), Some(b)) => {
                norm.original_span(norm.char_index(a as usize), norm.char_index(b as usize))
            }
            _ => (0, text.len()),
        };
        let grams: Vec<&str> = top.iter().map(|t| model.gram_text(t.0)).collect();
        Hit {
            category,
            action,
            clause: category.clause(),
            term: format!("model:{}", model.classes()[class].target().id()).into(),
            matched: text[b0..b1].to_string(),
            start: b0,
            end: b1,
            // Counted with the post's other hits ([`count_chars`]).
            char_start: 0,
            char_end: 0,
            reason: format!(
                "{}: 模型评分 {:.2}: {}",
                category.name(),
                score,
                grams.join("、")
            ),
            score: Some((score * 1e4).round() / 1e4),
        }
    }

    /// The model's score (0–1) for every class of its, in [`Model::classes`] order; empty when
    /// the engine has no model. What `shenhe eval --model` tabulates.
    ///
    /// # Errors
    /// The post is longer than [`Config::max_post_bytes`].
    pub fn model_scores(&self, text: &str) -> Result<Vec<(Target, f64)>, ScreenError> {
        let max = self.inner.config.max_post_bytes;
        if text.len() > max {
            return Err(ScreenError::new(ScreenErrorKind::TooLong {
                len: text.len(),
                max,
            }));
        }
        let Some(model) = &self.inner.model else {
            return Ok(Vec::new());
        };
        let scores = model.score(text);
        Ok(model
            .classes()
            .iter()
            .zip(scores)
            .map(|(c, s)| (c.target(), s))
            .collect())
    }

    /// The learned model this engine scores with, if any.
    pub fn model(&self) -> Option<&Model> {
        self.inner.model.as_ref()
    }

    /// This engine scoring with `model` (replacing any it had; `None` removes it). The
    /// compiled automaton is shared, not copied; the model's n-grams are compiled with its
    /// patterns into one more automaton, so that a post is still walked once (about 0.1 s
    /// for 50,000 n-grams and the shipped lexicons).
    pub fn with_model(&self, model: Option<Model>) -> Engine {
        self.derived(|inner| {
            inner.joint = joint(&inner.automaton, model.as_ref());
            inner.model = model;
        })
    }

    /// The compiled engine (lexicon, policy and configuration) as bytes, for
    /// [`Engine::load`]: a service that loads them starts in milliseconds instead of parsing
    /// and compiling its lexicons.
    ///
    /// The configuration is saved with it. Registered originals and source lists given to the
    /// builder are not: a loaded engine uses the shipped source lists and no references.
    ///
    /// # Example
    /// ```
    /// use shenhe::Engine;
    /// let engine = Engine::new()?;
    /// let bytes = engine.save();
    /// let loaded = Engine::load(&bytes)?;
    /// let text = "赌*博网站注册就送彩金";
    /// assert_eq!(loaded.screen(text)?, engine.screen(text)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save(&self) -> Vec<u8> {
        serial::save(
            &self.inner.automaton,
            &self.inner.policy,
            &self.inner.config,
            self.inner.terms,
            self.inner.model.as_ref(),
        )
    }

    /// Loads an engine saved by [`Engine::save`].
    ///
    /// # Errors
    /// The bytes are not a saved engine, were saved by another format version or with another
    /// set of categories, are truncated, or fail their checksum.
    pub fn load(bytes: &[u8]) -> Result<Engine, LoadError> {
        let saved = serial::load(bytes)?;
        Ok(Engine {
            inner: Arc::new(Inner {
                joint: joint(&saved.automaton, saved.model.as_ref()),
                automaton: Arc::new(saved.automaton),
                detectors: DETECTORS.clone().configured(&saved.config),
                policy: saved.policy,
                config: saved.config,
                terms: saved.terms,
                model: saved.model,
            }),
        })
    }

    /// This engine with registered originals attached (replacing any it had): how a loaded
    /// engine gets its references back, since [`Engine::save`] does not keep them. The compiled
    /// automaton is shared, not copied; the original engine is unchanged.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Engine, References};
    /// let refs = References::builder()
    ///     .add("ref-1", "", "市人民政府办公室近日印发通知，要求各区县切实做好今冬明春供暖保障工作，确保居民室温达标。", "")?
    ///     .build();
    /// let engine = Engine::load(&Engine::new()?.save())?.with_references(refs);
    /// let v = engine.screen("市人民政府办公室近日印发通知，要求各区县切实做好今冬明春供暖保障工作，确保居民室温达标。")?;
    /// assert!(v.hits.iter().any(|h| &*h.term == "reference:ref-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_references(&self, references: crate::references::References) -> Engine {
        self.derived(|inner| {
            inner.detectors =
                std::mem::take(&mut inner.detectors).with_attribution(None, Some(references));
        })
    }

    /// This engine judging the sources posts name with `sources` (replacing the lists it had):
    /// how a loaded engine gets its own source lists back, since [`Engine::save`] does not keep
    /// them. The compiled automaton is shared, not copied.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Category, Engine, Sources};
    /// let text = "来源：星河文化传媒。本周六上午九点在县体育馆举行全民健身运动会开幕式。";
    /// let engine = Engine::load(&Engine::new()?.save())?;
    /// let unverified = |e: &Engine| -> Result<bool, shenhe::ScreenError> {
    ///     Ok(e.screen(text)?.hits.iter().any(|h| h.category == Category::Unverified))
    /// };
    /// let mut sources = Sources::builder();
    /// sources.add_shipped().add_unverified("mine.txt", "星河文化传媒\n".as_bytes())?;
    /// assert!(!unverified(&engine)?);
    /// assert!(unverified(&engine.with_sources(sources.build()))?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_sources(&self, sources: crate::sources::Sources) -> Engine {
        self.derived(|inner| {
            inner.detectors =
                std::mem::take(&mut inner.detectors).with_attribution(Some(sources), None);
        })
    }

    /// This engine with another [`Config`] (post limit, long-post note, link allow-list):
    /// how a loaded engine gets a different post limit. References and source lists are kept;
    /// the compiled automaton is shared, not copied.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Config, Engine};
    /// let engine = Engine::load(&Engine::new()?.save())?;
    /// let small = engine.with_config(Config::new().max_post_bytes(8));
    /// assert!(small.screen("今天召开全市经济工作会议").is_err());
    /// assert!(engine.screen("今天召开全市经济工作会议")?.is_pass());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_config(&self, config: Config) -> Engine {
        self.derived(|inner| {
            inner.detectors = inner.detectors.reconfigured(&DETECTORS, &config);
            inner.config = config;
        })
    }

    /// A new engine from this one's parts, changed by `change`.
    fn derived(&self, change: impl FnOnce(&mut Inner)) -> Engine {
        let mut inner = Inner::clone(&self.inner);
        change(&mut inner);
        Engine {
            inner: Arc::new(inner),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The number of deny terms compiled in.
    pub fn terms_len(&self) -> usize {
        self.inner.terms
    }

    /// The number of distinct patterns in the automaton (terms, allow phrases and set words
    /// after normalization).
    pub fn patterns_len(&self) -> usize {
        self.inner.automaton.patterns.len()
    }

    /// Approximate heap memory of the compiled engine, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.inner.automaton.memory_usage()
            + self.inner.model.as_ref().map_or(0, Model::memory_usage)
            + self.inner.joint.as_ref().map_or(0, |j| j.memory_usage())
    }
}

/// What the detectors' tests need of an engine's screening.
#[cfg(test)]
impl Engine {
    /// Screens `text` for an organisation up to the detectors, and gives their context to
    /// `then`; with `all_awake`, every detector is woken.
    fn with_detector_context<T>(
        &self,
        text: &str,
        all_awake: bool,
        then: impl FnOnce(&Detectors, &Context<'_>) -> T,
    ) -> T {
        let mut scratch = Scratch::default();
        let mut findings = Findings::new(&self.inner.policy, Account::Org, usize::MAX);
        let hits = screen_views(
            &self.inner.automaton,
            self.inner.joint.as_deref(),
            text,
            &mut scratch,
            &mut findings,
        );
        let ctx = Context {
            text,
            norm: &scratch.norm,
            account: Account::Org,
            hits: &hits,
            woken: if all_awake { u32::MAX } else { scratch.woken },
            met: false,
        };
        then(&self.inner.detectors, &ctx)
    }

    /// The detectors' hits on `text`, as screening wakes them or with every one awake.
    pub(crate) fn detector_hits(&self, text: &str, all_awake: bool) -> Vec<Hit> {
        self.with_detector_context(text, all_awake, |detectors, ctx| {
            let mut findings = Findings::new(&self.inner.policy, Account::Org, usize::MAX);
            detectors.run(ctx, &mut findings);
            let mut hits = Vec::new();
            to_hits(&mut findings, text, true, &mut hits);
            count_chars(text, &mut hits);
            hits
        })
    }

    /// Screens `text` on fresh working memory: the bytes that memory holds afterwards, and
    /// the hits.
    pub(crate) fn screen_on_scratch(&self, text: &str) -> (usize, Vec<Hit>) {
        let mut scratch = Scratch::default();
        let (hits, _, _) = self.hits(Input::new(text), &mut scratch, false);
        (scratch.held_bytes(), hits)
    }

    /// The detectors that look at `text` ([`Detectors::running`]).
    pub(crate) fn detectors_woken(&self, text: &str) -> u32 {
        self.with_detector_context(text, false, |detectors, ctx| detectors.running(ctx))
    }
}
