//! Attribution (`missing_attribution`, `unverified`; X12 发布他人原创内容需注明出处或带有明显转载标识,
//! Y11 / H15 不得歪曲、篡改标题原意, 对于来源不明、来源不合法的信息不予发布; contract §6).
//!
//! # What is found
//!
//! **Cues** that a post reproduces someone else's work:
//!
//! | rule (`term`) | shapes | strength |
//! | --- | --- | --- |
//! | `dateline` | 新华社北京11月22日电, 中新网1月5日电, 人民日报…讯, 本报讯, 本台消息, 央视新闻消息 | strong |
//! | `reporter_credit` | （记者 张三）, 本报记者 张三, 记者：张三 | strong |
//! | `reporter_learned` | 记者从市教育局获悉, 记者近日了解到 | strong |
//! | `unnamed_report` | 据报道, 据媒体报道, 据知情人士透露 (据…报道 without naming who) | strong |
//! | `editor_credit` | 责任编辑：李四, 编辑：李四 | weak |
//! | `byline` | 文/张三, 图/李四, 作者：张三 | weak |
//!
//! **Markers** that attribute it: 来源：X, 稿源, 出处, 转自, 转载自, 摘自, 来自X公众号 / 客户端, 据X电 /
//! 据X消息 / 据X报道 (X named), //@user:, 原文链接 / 阅读原文, 原标题：…, 转载请注明, 版权归原作者,
//! 侵删, and a bracketed legitimate source (（新华社）, （人民日报记者 张三 摄）).
//!
//! A cue without a marker is a `missing_attribution` finding; weak cues (credits that a
//! government account also puts under its own articles) are capped at `note`. A `据…` marker
//! attributes what follows it only: 新华社北京22日电 … 据外媒报道 is still the agency's copy, while
//! 据新华社北京22日电 attributes the dateline it holds — **a dateline that itself names the agency is
//! a cue; its 据/来源/转自 form is the attribution** (contract §6 names the bare dateline as a cue). Every
//! other marker attributes the whole post. 原标题 counts as a marker (contract §6 lists it: a retitled
//! reprint that says so carries an obvious 转载标识), and its title is compared with a registered
//! original's.
//!
//! **Sources** named by a marker are judged with [`Sources`]: an unknown or illegitimate one
//! (来源：网络, 来源于网络, 图片来源于网络, 来源：朋友圈 / 微信群 / 自媒体 / 网友爆料) is an `unverified`
//! finding and attributes nothing; a legitimate one, or any other named one, is fine. Hearsay
//! without a label (网友爆料, 据网传, 网上流传, 网络图片) is `unverified` too, unless the post is
//! checking or refuting it (辟谣, 不实, 经核实, 经查 …). "I wrote it" (来源：原创 / 本站) attributes
//! nothing.
//!
//! **Registered originals** ([`References`]): a post that copies a substantial part of one is
//! `missing_attribution` (term `reference:ID`) unless it names the original's `source` or carries
//! a marker; a marker that names another source than the original's is a note with both names
//! (`reference_source:ID`); a source name ends at a space or where the copied text starts; its
//! headline (a leading 【…】, or a short first line that is not itself copied text)
//! must equal the original's title, else `reference_title:ID` with both titles. A retitled
//! reprint that gives the right 原标题 is reported as a note.
//!
//! # How
//!
//! The shapes are punctuation-structured (来源：, //@, 文/, （…）), and normalization drops exactly
//! that punctuation. So the rules run on a *folded view* ([`Punctuated`], built by
//! normalization's module): the original text with each character
//! replaced by its normalized form (traditional → simplified, full width → half width, case) where
//! normalization kept it, and by its folded self where it did not; zero-width characters are
//! left out. One char of the view per char of the original, so spans map back exactly. All
//! rules but the dateline are one multi-pattern regex (leftmost-first, earlier rules win at the
//! same start), which finds where a rule matches; that rule's own regex then reads its groups
//! there; a match whose context check fails is dropped and the search resumes one char
//! later, so it hides nothing. Datelines are found second, at a line start or after a non-Han
//! char, by a matcher of their grammar ([`dateline`]), and a dateline inside a marker
//! (转载自新华社北京22日电) is not a cue. A name
//! a rule finds is judged in its normalized form, read off the normalized post through the view's
//! map ([`key_at`]): the post is normalized once.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use regex_automata::util::captures::Captures;

use crate::category::{Action, Category};
use crate::detect::alternation::Alternation;
use crate::detect::dateline::{self, Dateline};
use crate::detect::vocab::words;
use crate::detect::{Context, Detector, DetectorRule, Finding, Findings, Overlaps, detector_rules};
use crate::normalize::{Normalized, Punctuated, fold, is_han};
use crate::references::References;
use crate::sources::{SourceKind, Sources, key_at};

/// The rules, matched as one alternation in priority order (leftmost-first: at the same
/// start, the earlier rule wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// （…）: a reporter credit, or a bracketed legitimate source.
    Paren,
    /// 据报道, 据媒体报道: reporting without naming who.
    UnnamedReport,
    /// 据X电, 据X消息, 据X报道.
    JuSource,
    /// 原标题：…
    OriginalTitle,
    /// 来源：X, 转自X, 摘自X, 来自X公众号 …
    SourceLabel,
    /// 网友爆料, 据网传, 网络图片.
    Hearsay,
    /// //@user:
    WeiboRepost,
    /// 原文链接, 阅读原文.
    OriginalLink,
    /// 转载请注明, 版权归原作者, 侵删.
    ReprintNotice,
    /// 记者从…获悉.
    ReporterLearned,
    /// 记者 张三, 本报记者张三.
    ReporterCredit,
    /// 责任编辑：李四.
    EditorCredit,
    /// 文/张三, 图/李四.
    Byline,
}

/// Spaces that may stand inside a credit or after a label.
macro_rules! sp {
    () => {
        r"[ \t\u{3000}\u{a0}]"
    };
}
/// Characters a source name or title stops at.
macro_rules! stop {
    () => {
        r"\s,，。;；!！?？、:：()（）\[\]【】|｜"
    };
}
/// Prefixes of a source label (图片来源, 本文转自).
macro_rules! what {
    () => {
        "(?:图片|图文|视频|内容|文章|本文|信息|消息|新闻|稿件|素材|资料|数据)"
    };
}

const MATCHERS: &[(Rule, &str)] = &[
    (Rule::Paren, r"[（(](?P<inner>[^()（）\n]{1,40})[)）]"),
    (
        Rule::UnnamedReport,
        r"据(?:(?:相关|有关|多家|当地|境外|国外|外国|海外|网络|部分)?媒体|外媒|相关|有关|多方|知情人士|消息人士|相关人士|业内人士)?(?:报道|消息称|披露|透露)",
    ),
    (
        Rule::JuSource,
        concat!(
            "据(?P<src>[^",
            stop!(),
            r"]{1,20}?)(?:\d{1,2}月)?(?:\d{1,2}日)?(?:电|讯|消息|报道|发布|官微|官方微博|微博|微信公众号|公众号|客户端)"
        ),
    ),
    (
        Rule::OriginalTitle,
        concat!(
            "原标题",
            sp!(),
            "*[:：]?",
            sp!(),
            r"*(?P<title>[^\n)）]{1,80})"
        ),
    ),
    (
        Rule::SourceLabel,
        concat!(
            "(?P<label>",
            what!(),
            "?(?:来源|稿源|出处|图源)(?:于|自)?|",
            what!(),
            "?(?:转载自|转载于|转自|摘编自|摘自|选自|引自|源自|来自|转发自|整理自))",
            sp!(),
            "*(?P<colon>[:：])?",
            sp!(),
            "*(?P<src>[^",
            stop!(),
            "]{1,40})"
        ),
    ),
    (
        Rule::Hearsay,
        "据?(?:网友|网民)(?:爆料|曝光)|据?网传|网上流传|网络流传|(?:朋友圈|微信群)(?:流传|疯传|转发)|网络图片|据传",
    ),
    (
        Rule::WeiboRepost,
        concat!(
            "[/／]{2}",
            sp!(),
            r"*[@＠](?P<src>[^:：\s/／]{1,30})",
            sp!(),
            "*[:：]"
        ),
    ),
    (
        Rule::OriginalLink,
        "原文链接|原文地址|原文网址|原链接|阅读原文|查看原文",
    ),
    (
        Rule::ReprintNotice,
        r"转载请注明|转载须注明|转载请联系|版权归原作者|版权归原创作者|版权归原著作权人|如有侵权|如涉及版权|侵删|[【\[(（]转载[】\])）]|#转载#|本文系转载|系转载",
    ),
    (
        Rule::ReporterLearned,
        r"记者(?:近日|日前|今天|今日|昨天|昨日|\d{1,2}日)?(?:(?:从|在|向)[^\n。!?！？]{1,30}?)?(?:获悉|了解到)",
    ),
    (
        Rule::ReporterCredit,
        concat!(
            "(?:(?:本报|本台|本网|本站)(?:特约|见习)?(?:记者|通讯员)",
            sp!(),
            "*[:：]?|(?:特约|见习|实习)?(?:记者|通讯员)(?:",
            sp!(),
            "+|",
            sp!(),
            "*[:：]))",
            sp!(),
            r"*(?P<name>[\p{Han}·]{2,4})"
        ),
    ),
    (
        Rule::EditorCredit,
        concat!(
            "(?:责任编辑|责编|编辑|审核|校对|终审|初审|审校|监制)",
            sp!(),
            "*[:：|｜/／]",
            sp!(),
            r"*(?P<name>[\p{Han}·]{2,4})"
        ),
    ),
    (
        Rule::Byline,
        concat!(
            "(?:文[/／]图|文图|图文|文字|撰文|摄影|作者|文|图)",
            sp!(),
            "*[/／|｜:：]",
            sp!(),
            r"*(?P<name>[\p{Han}·]{2,4})"
        ),
    ),
];

/// Characters (as the view folds them) one of which every rule of [`MATCHERS`] needs: the literal
/// part of each rule (据, 原, 源, 转, 记 and 通 of 记者/通讯员, the separator of a credit…).
/// `analyze` skips a post without any (nor a dateline word): it builds no view for it; a new
/// rule must add its own here, and `every_rule_needs_a_trigger` checks the shipped ones.
const MAIN_TRIGGERS: &[char] = &[
    '(', '（', '据', '原', '源', '处', '转', '摘', '选', '引', '自', '网', '传', '/', '／', '权',
    '侵', '记', '通', ':', '：', '|', '｜',
];

/// The most chars between the last char of a dateline's agency (社, 网, 报, 台, 新闻) and its
/// 电, 讯 or 消息: a place of eight and a date of six ([`DATELINE`](dateline::DATELINE)).
const DATELINE_GAP: usize = 8 + 6;

/// False when `hay` holds no dateline ([`dateline::DATELINE`]): none of 电, 讯 and 消 stands
/// at most [`DATELINE_GAP`] chars after one of 社, 网, 报, 台 and 闻.
///
/// Why: 电 alone is in every 电话 and 电影, and a post this turns away is not searched. (When
/// datelines were a regex, whose lazy DFA built states for each new post it read, this was
/// 4.9M of the detector's 23.4M instructions on one pass of 20,000 Weibo comments.)
fn may_hold_dateline(hay: &str) -> bool {
    let mut agency_end: Option<usize> = None;
    for (i, c) in hay.chars().enumerate() {
        match c {
            '社' | '网' | '报' | '台' | '闻' => agency_end = Some(i),
            '电' | '讯' | '消' if agency_end.is_some_and(|a| i - a <= DATELINE_GAP + 1) => {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Characters after 电 or 讯 that make a word (电话, 讯息), not a dateline.
static AFTER_DIAN: LazyLock<String> = LazyLock::new(|| words("电字成词").concat());
static AFTER_XUN: LazyLock<String> = LazyLock::new(|| words("讯字成词").concat());

// The word lists are data: lexicons/detectors/attribution.txt.
/// Generic 据… sources that name nobody.
static GENERIC: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("泛指来源"));
/// 据… that are not sources (据了解, 据统计局发布 is fine, 据初步统计 is not a source).
static NOT_SOURCE_START: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("非来源"));
/// A source that claims the post's own authorship (来源：原创, 来源：本站).
static OWN: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("自有来源"));
/// Endings that make a name look like a publication or account, so a weak 来自X counts.
static NAMED_LIKE: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("媒体名尾"));
/// Words that open a bracket or line that is a label, not a bare source or credit.
static LABEL_START: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("标注开头"));
/// A post that checks or refutes a rumour is not passing hearsay on.
static REFUTING: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("辟谣"));
/// Characters that start a "name" after 记者 that is not a name (记者会, 记者证, 本台记者采访,
/// 记者近日…).
static NOT_NAME_START: LazyLock<String> = LazyLock::new(|| words("非人名首字").concat());
/// Unknown-source words that only count after a real label (来源：不详), not in running text
/// (恐慌来自于未知).
static ABSTRACT_UNKNOWN: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("来源不明"));

/// Compiled once per process; every engine shares them.
struct Compiled {
    /// The rules of [`MATCHERS`], matched as one alternation: where the next match is, whose,
    /// and its groups. (Each rule is its own regex, tried anchored where a match can start:
    /// as one regex, its lazy DFA never stopped growing on new posts, and the groups of the
    /// whole set cost a backtracking search over all its states.)
    rules: Alternation,
}

static COMPILED: LazyLock<Arc<Compiled>> = LazyLock::new(|| {
    let patterns: Vec<&str> = MATCHERS.iter().map(|(_, p)| *p).collect();
    Arc::new(Compiled {
        rules: Alternation::new(&patterns).expect("the attribution rules compile"),
    })
});

/// The attribution detector: its compiled rules, the source lists and the registered originals.
#[derive(Clone)]
pub(crate) struct AttributionDetector {
    compiled: Arc<Compiled>,
    sources: Sources,
    references: Option<References>,
}

impl std::fmt::Debug for AttributionDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttributionDetector")
            .field("sources", &self.sources)
            .field("references", &self.references)
            .finish()
    }
}

impl Default for AttributionDetector {
    fn default() -> AttributionDetector {
        AttributionDetector::new()
    }
}

/// A reproduction cue, by original byte span.
#[derive(Clone, Debug)]
struct Cue {
    rule: &'static str,
    start: usize,
    end: usize,
    weak: bool,
}

/// An attribution marker, by original byte span. `ju`: a 据… form, which attributes only what
/// follows it.
#[derive(Clone, Copy, Debug)]
struct Marker {
    start: usize,
    end: usize,
    ju: bool,
    /// The original byte span of the source the marker names (来源：X, 据X电), if it names one.
    source: Option<(usize, usize)>,
}

/// An unknown or illegitimate source, or hearsay.
///
/// Small (20 bytes): a post can hold a great many (a megabyte of 网传 is 170,000).
#[derive(Clone, Debug)]
struct Doubt {
    start: u32,
    end: u32,
    /// The source's byte span in the punctuated view, for the reason; empty for hearsay.
    source: (u32, u32),
    hearsay: bool,
}

const _: () = assert!(std::mem::size_of::<Doubt>() == 20);

/// What the rules found in one post.
#[derive(Debug, Default)]
struct Analysis {
    cues: Vec<Cue>,
    markers: Vec<Marker>,
    /// The doubts to report: those whose span no lexicon hit of their category reports, at
    /// most `limit` of each rule (hearsay or not).
    doubts: Vec<Doubt>,
    /// The original byte span of the title given after 原标题.
    original_title: Option<(usize, usize)>,
    /// The spans of the lexicon's `unverified` hits: the shipped lexicons also hold hearsay
    /// and source markers (lexicons/unverified.txt), and a span a hit reports already is not
    /// reported twice.
    reported: Overlaps,
    /// How many doubts of one rule are listed ([`Findings::limit`]).
    limit: usize,
    /// Doubts of each rule (not hearsay, hearsay) listed and counted past the limit.
    kept: [usize; 2],
    past: [usize; 2],
}

impl Analysis {
    /// Records a doubt, unless a lexicon hit reports its span. Of each rule only the first
    /// `limit` are kept and the rest counted, as the findings of a rule share their action
    /// (category `unverified`, uncapped): a megabyte of 网传 keeps a hundred, not 170,000.
    fn doubt(&mut self, d: Doubt) {
        if self.reported.any(d.start as usize, d.end as usize) {
            return;
        }
        let r = usize::from(d.hearsay);
        if self.kept[r] < self.limit {
            self.kept[r] += 1;
            self.doubts.push(d);
        } else {
            self.past[r] += 1;
        }
    }

    /// Whether some marker attributes a cue starting at a given offset: any marker but a `据…`
    /// one attributes the whole post, a `据…` one what follows it. Decided once, not per cue.
    fn attribution(&self) -> impl Fn(usize) -> bool + use<> {
        let whole = self.markers.iter().any(|m| !m.ju);
        let first_ju = self.markers.iter().filter(|m| m.ju).map(|m| m.start).min();
        move |start| whole || first_ju.is_some_and(|s| s <= start)
    }
}

/// True when `c` (the char before a credit) ends a word: a credit must not be the tail of one
/// (网络编辑：, 图文并茂).
fn is_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| !is_han(c) && !c.is_alphanumeric())
}

/// Strips the quotes and book-title marks around a name.
fn unquote(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || "《》〈〉“”\"'‘’「」『』<>".contains(c))
}

/// Per-thread working memory, reused between posts.
struct Scratch {
    view: Punctuated,
    /// One per rule of [`MATCHERS`] ([`Compiled::rules`]).
    caps: Vec<Captures>,
    /// The view's end chars, for the dateline ([`Dateline::find`]).
    ends: dateline::Ends,
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

impl AttributionDetector {
    pub(crate) fn new() -> AttributionDetector {
        AttributionDetector {
            compiled: COMPILED.clone(),
            sources: Sources::default(),
            references: None,
        }
    }

    /// Uses `sources` to judge named sources (default: the shipped lists).
    pub(crate) fn set_sources(&mut self, sources: Sources) {
        self.sources = sources;
    }

    /// Checks posts against these registered originals.
    pub(crate) fn set_references(&mut self, references: References) {
        self.references = (!references.is_empty()).then_some(references);
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            view: Punctuated::default(),
            caps: self.compiled.rules.create_captures(),
            ends: dateline::Ends::default(),
        }
    }

    /// The cues, markers and doubts of the post; at most `limit` doubts of a rule are kept.
    fn analyze(&self, ctx: &Context<'_>, scratch: &mut Scratch, limit: usize) -> Analysis {
        let Scratch { view, caps, ends } = scratch;
        // Every rule needs a char of MAIN_TRIGGERS in the folded view, the dateline one of
        // 电, 讯 or 消息: a post with none (most posts, and any of only digits and links) has
        // nothing to find, and its view, a copy of the post with a map, is not built.
        if !ctx.text.chars().any(|c| {
            let f = fold(c);
            MAIN_TRIGGERS.contains(&f) || matches!(f, '电' | '讯' | '消')
        }) {
            return Analysis::default();
        }
        view.build(ctx.text, ctx.norm);
        let mut a = Analysis {
            reported: Overlaps::new(
                ctx.hits
                    .iter()
                    .filter(|h| h.category == Category::Unverified)
                    .map(|h| (h.start, h.end)),
            ),
            limit,
            ..Analysis::default()
        };
        let hay = view.text.as_str();

        // (A view without a char that starts a rule costs one search of those chars:
        // `Alternation` tries nothing else there.)
        let mut pos = 0;
        while pos < hay.len() {
            let Some(p) = self.compiled.rules.find(hay, pos, caps) else {
                break;
            };
            let rule_caps = &caps[p];
            let m = rule_caps.get_match().expect("a rule found matches");
            let accepted = self.accept(MATCHERS[p].0, rule_caps, view, ctx.norm, &mut a);
            pos = if accepted {
                m.end()
            } else {
                m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8)
            };
        }

        let mut pos = if may_hold_dateline(hay) { 0 } else { hay.len() };
        let marked = Overlaps::new(a.markers.iter().map(|k| (k.start, k.end)));
        if pos < hay.len() {
            ends.load(hay);
        }
        while pos < hay.len() {
            let Some(m) = Dateline::find(hay, pos, ends) else {
                break;
            };
            let found = self.dateline(&m, view, ctx.norm);
            let accepted = found.is_some();
            if let Some((s, e)) = found {
                let (s, e) = view.span(s, e);
                if !marked.any(s, e) {
                    a.cues.push(Cue {
                        rule: "dateline",
                        start: s,
                        end: e,
                        weak: false,
                    });
                }
            }
            pos = if accepted {
                m.span.1
            } else {
                m.span.0 + hay[m.span.0..].chars().next().map_or(1, char::len_utf8)
            };
        }

        if (a.kept[1] > 0 || a.past[1] > 0) && REFUTING.iter().any(|w| hay.contains(w)) {
            a.doubts.retain(|d| !d.hearsay);
            (a.kept[1], a.past[1]) = (0, 0);
        }
        a
    }

    /// Checks one match of the rules in context and records it; false to drop it.
    fn accept(
        &self,
        rule: Rule,
        caps: &Captures,
        view: &Punctuated,
        norm: &Normalized,
        a: &mut Analysis,
    ) -> bool {
        let hay = view.text.as_str();
        let key = |part: &str| key_in(view, norm, part);
        let m = caps.get_match().expect("called on a match");
        let group = |name: &str| caps.get_group_by_name(name).map(|s| &hay[s.range()]);
        let (start, end) = view.span(m.start(), m.end());
        let marker = |a: &mut Analysis, ju: bool| {
            a.markers.push(Marker {
                start,
                end,
                ju,
                source: None,
            })
        };
        // The view byte span of the source the match names (its `src` group, unquoted).
        let src_span = || {
            caps.get_group_by_name("src").map(|g| {
                let name = unquote(&hay[g.range()]);
                let at = g.start + hay[g.range()].find(name).unwrap_or(0);
                (at, at + name.len())
            })
        };
        // A marker that names its source: the name's span is kept, to compare with a
        // registered original's source.
        let named_marker = |a: &mut Analysis, ju: bool| {
            let source = src_span().map(|(s, e)| view.span(s, e));
            a.markers.push(Marker {
                start,
                end,
                ju,
                source,
            })
        };
        let cue = |a: &mut Analysis, rule: &'static str, weak: bool| {
            a.cues.push(Cue {
                rule,
                start,
                end,
                weak,
            })
        };
        match rule {
            Rule::Paren => {
                let inner = group("inner").unwrap_or("").trim();
                if LABEL_START.iter().any(|l| inner.starts_with(l)) {
                    return false;
                }
                let legit = self.sources.kind_of_normalized(&key(inner)) == SourceKind::Legitimate;
                if has_reporter(inner) {
                    if legit {
                        marker(a, false);
                    } else {
                        cue(a, "reporter_credit", false);
                    }
                    true
                } else if legit && inner.chars().count() <= 20 {
                    marker(a, false);
                    true
                } else {
                    false
                }
            }
            Rule::UnnamedReport => {
                cue(a, "unnamed_report", false);
                true
            }
            Rule::JuSource => {
                let src = unquote(group("src").unwrap_or(""));
                if src.chars().count() < 2 || NOT_SOURCE_START.iter().any(|w| src.starts_with(w)) {
                    return false;
                }
                let k = key(src);
                if GENERIC.contains(&&*k) {
                    cue(a, "unnamed_report", false);
                    return true;
                }
                match self.sources.kind_of_normalized(&k) {
                    SourceKind::Unverified => a.doubt(Doubt {
                        start: start as u32,
                        end: end as u32,
                        source: src_span().map_or((0, 0), |(s, e)| (s as u32, e as u32)),
                        hearsay: false,
                    }),
                    _ => named_marker(a, true),
                }
                true
            }
            Rule::OriginalTitle => {
                let span = caps.get_group_by_name("title").expect("a title group");
                let mut title = &hay[span.range()];
                for stop in ["来源", "稿源", "责任编辑", "编辑:", "编辑：", "作者"] {
                    if let Some(i) = title.find(stop)
                        && i > 0
                    {
                        title = &title[..i];
                    }
                }
                let t = title
                    .trim_end_matches(|c: char| c.is_whitespace() || "】」”,，。;；".contains(c));
                let t = t.trim_start();
                if t.chars().count() < 2 {
                    return false;
                }
                let ts = span.start + (title.len() - title.trim_start().len());
                a.original_title = Some(view.span(ts, ts + t.len()));
                marker(a, false);
                true
            }
            Rule::SourceLabel => {
                let label = group("label").unwrap_or("");
                let src = unquote(group("src").unwrap_or(""));
                if src.is_empty() {
                    return false;
                }
                let k = key(src);
                let kind = self.sources.kind_of_normalized(&k);
                let strong = group("colon").is_some()
                    || ["转载", "转自", "摘自", "摘编自", "转发自", "整理自"]
                        .iter()
                        .any(|w| label.contains(w))
                    || is_boundary(view.char_before(m.start()));
                let named_like =
                    src.starts_with(['@', '＠']) || NAMED_LIKE.iter().any(|w| src.ends_with(w));
                if !strong
                    && ((kind == SourceKind::Other && !named_like)
                        || (kind == SourceKind::Unverified
                            && ABSTRACT_UNKNOWN.iter().any(|w| k.ends_with(w))))
                {
                    return false;
                }
                if kind == SourceKind::Unverified {
                    a.doubt(Doubt {
                        start: start as u32,
                        end: end as u32,
                        source: src_span().map_or((0, 0), |(s, e)| (s as u32, e as u32)),
                        hearsay: false,
                    });
                } else if !OWN.iter().any(|w| k.contains(w)) {
                    named_marker(a, false);
                }
                true
            }
            Rule::Hearsay => {
                let text = &hay[m.range()];
                let (before, after) = (view.char_before(m.start()), view.char_after(m.end()));
                if text.ends_with("据传") && after.is_some_and(|c| "统承真递输染播说".contains(c))
                {
                    return false;
                }
                if text.ends_with("网传")
                    && (before.is_some_and(|c| "联特域".contains(c))
                        || after.is_some_and(|c| "播输递真导感".contains(c)))
                {
                    return false;
                }
                a.doubt(Doubt {
                    start: start as u32,
                    end: end as u32,
                    source: (0, 0),
                    hearsay: true,
                });
                true
            }
            Rule::WeiboRepost | Rule::OriginalLink | Rule::ReprintNotice => {
                marker(a, false);
                true
            }
            Rule::ReporterLearned => {
                cue(a, "reporter_learned", false);
                true
            }
            Rule::ReporterCredit => {
                // 记者 stands alone or after an outlet (新华社记者, 总台记者), not inside words
                // (女记者：几位…, 接受本台记者采访).
                let name = group("name").unwrap_or("");
                let before = view.char_before(m.start());
                if name.starts_with(|c: char| NOT_NAME_START.contains(c))
                    || view.char_after(m.end()).is_some_and(is_han)
                    || !(is_boundary(before) || before.is_some_and(|c| "社报台网".contains(c)))
                {
                    return false;
                }
                cue(a, "reporter_credit", false);
                true
            }
            Rule::EditorCredit | Rule::Byline => {
                // A credit stands alone: 文/张三 ends at a space, a line end or punctuation;
                // 图文：粮价回落带动餐饮消费 is a headline.
                if !is_boundary(view.char_before(m.start()))
                    || view
                        .char_after(m.end())
                        .is_some_and(|c| !c.is_whitespace() && !"()（）、,，|｜/".contains(c))
                {
                    return false;
                }
                let name = group("name").unwrap_or("");
                if self.sources.kind_of_normalized(&key(name)) == SourceKind::Legitimate {
                    marker(a, false);
                } else if rule == Rule::EditorCredit {
                    cue(a, "editor_credit", true);
                } else {
                    cue(a, "byline", true);
                }
                true
            }
        }
    }

    /// Checks a dateline match; its view span without the boundary char, or None.
    fn dateline(
        &self,
        m: &Dateline,
        view: &Punctuated,
        norm: &Normalized,
    ) -> Option<(usize, usize)> {
        let hay = view.text.as_str();
        let (agency_span, end_span) = (m.agency, m.end);
        let agency = &hay[agency_span.0..agency_span.1];
        let end = &hay[end_span.0..end_span.1];
        let dated = m.date.is_some();
        if let Some(next) = view.char_after(end_span.1) {
            let after: &str = match end {
                "电" => &AFTER_DIAN,
                "讯" => &AFTER_XUN,
                _ => "",
            };
            if after.contains(next) {
                return None;
            }
        }
        if dated {
            return Some((agency_span.0, end_span.1));
        }
        // Undated (本报讯, 新京报讯, 央视网消息): a known outlet right before 讯/电/消息, and a
        // pause after it; 前晚省台新闻也播了这条消息 is a sentence.
        let house = agency.starts_with('本') && agency.chars().count() == 2;
        let legit = agency.chars().count() <= 8
            && self.sources.kind_of_normalized(&key_in(view, norm, agency))
                == SourceKind::Legitimate;
        let placeless = m.place.0 == m.place.1;
        let pause = view
            .char_after(end_span.1)
            .is_none_or(|c| !is_han(c) && !c.is_alphanumeric());
        // 新华社北京电: an agency's undated dateline may name the place.
        let placed_wire = end == "电" && legit && agency.ends_with('社');
        ((house || legit) && (placeless || placed_wire) && pause)
            .then_some((agency_span.0, end_span.1))
    }

    /// Registered originals copied by the post: unattributed copies and changed headlines.
    fn check_references(
        &self,
        ctx: &Context<'_>,
        refs: &References,
        a: &Analysis,
        out: &mut Findings<'_>,
    ) {
        let copies = refs.find(ctx.text, ctx.norm);
        if copies.is_empty() {
            return;
        }
        let headline = headline(ctx.text);
        let claimed = a.original_title.map(|(s, e)| &ctx.text[s..e]);
        let claimed_key = a.original_title.map(|(s, e)| key_at(ctx.norm, s, e));
        for copy in &copies {
            let doc = refs.doc(copy.doc);
            // Only what the post adds counts: an original often names its own organisation,
            // or quotes a source, inside the copied text.
            let outside =
                |s: usize, e: usize| !copy.spans.iter().any(|&(cs, ce)| cs <= s && e <= ce);
            let names_source = !doc.source_key.is_empty()
                && memchr::memmem::find_iter(ctx.norm.text.as_bytes(), doc.source_key.as_bytes())
                    .any(|b| {
                        let ci = ctx.norm.char_index(b);
                        let len = doc.source_key.chars().count();
                        let (s, e) = ctx.norm.original_span(ci, ci + len);
                        outside(s, e)
                    });
            let marked = a.markers.iter().any(|m| outside(m.start, m.end));
            // The sources the post names outside the copy; one of them must be the
            // original's when it has one, else the copy is attributed to someone else.
            let named: Vec<(usize, usize)> = a
                .markers
                .iter()
                .filter(|m| outside(m.start, m.end))
                .filter_map(|m| m.source)
                .collect();
            // A repost mark that names someone else is still a repost mark (a paper may have
            // reprinted the original first), so the difference is a note, with both names,
            // for the editor to check, not a hold.
            let source_matches = |&(s, e): &(usize, usize)| {
                let k = key_at(ctx.norm, s, e);
                !k.is_empty() && (k.contains(&*doc.source_key) || doc.source_key.contains(&*k))
            };
            if !names_source
                && !doc.source_key.is_empty()
                && !named.is_empty()
                && !named.iter().any(source_matches)
            {
                let m = a
                    .markers
                    .iter()
                    .find(|m| m.source.is_some() && outside(m.start, m.end))
                    .expect("a named marker");
                out.push(Finding {
                    category: Category::MissingAttribution,
                    rule: Arc::from(format!("reference_source:{}", doc.id)),
                    start: m.start,
                    end: m.end,
                    cap: Some(Action::Note),
                    reason: format!(
                        "注明来源与原文不一致, 请核实: 登记原文 {} 来源「{}」, 注明来源「{}」",
                        doc.id,
                        doc.source,
                        named
                            .iter()
                            .map(|&(s, e)| &ctx.text[s..e])
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                });
            } else if !names_source && !marked {
                let (s, e) = copy
                    .spans
                    .iter()
                    .copied()
                    .max_by_key(|(s, e)| (e - s, std::cmp::Reverse(*s)))
                    .expect("a copy has a span");
                let title = if doc.title.is_empty() {
                    String::new()
                } else {
                    format!("「{}」", doc.title)
                };
                out.push(Finding {
                    category: Category::MissingAttribution,
                    rule: Arc::from(format!("reference:{}", doc.id)),
                    start: s,
                    end: e,
                    cap: None,
                    reason: format!(
                        "未注明出处: 与登记原文 {}{title}重合 {} 字",
                        doc.id, copy.covered
                    ),
                });
            }
            if doc.title_key.is_empty() {
                continue;
            }
            // A first line that is itself copied text is the body, not a headline.
            let headline = headline.filter(|&(s, e, explicit)| {
                explicit || {
                    let inside: usize = copy
                        .spans
                        .iter()
                        .map(|&(cs, ce)| ce.min(e).saturating_sub(cs.max(s)))
                        .sum();
                    inside * 2 < e - s
                }
            });
            let claimed_ok = claimed_key.as_ref().is_some_and(|k| *k == *doc.title_key);
            let (span, shown, disclosed) = match (headline, claimed) {
                (Some((s, e, _)), _) if key_at(ctx.norm, s, e) != *doc.title_key => {
                    ((s, e), &ctx.text[s..e], claimed_ok)
                }
                (None, Some(c)) if !claimed_ok => {
                    let (s, e) = a.original_title.expect("claimed comes from it");
                    ((s, e), c, false)
                }
                _ => continue,
            };
            let reason = if disclosed {
                format!(
                    "标题与原文不一致(已注明原标题): 原标题「{}」, 现标题「{}」",
                    doc.title, shown
                )
            } else {
                format!(
                    "标题与原文不一致: 原标题「{}」, 现标题「{}」",
                    doc.title, shown
                )
            };
            out.push(Finding {
                category: Category::MissingAttribution,
                rule: Arc::from(format!("reference_title:{}", doc.id)),
                start: span.0,
                end: span.1,
                cap: disclosed.then_some(Action::Note),
                reason,
            });
        }
    }
}

/// The [`key`](crate::sources::key) of `part`, a slice of the view, read off the post's
/// normalized text ([`key_at`]).
fn key_in<'n>(view: &Punctuated, norm: &'n Normalized, part: &str) -> Cow<'n, str> {
    view.span_of(part)
        .map_or(Cow::Borrowed(""), |(s, e)| key_at(norm, s, e))
}

/// True when `inner` (a bracket's content) credits a reporter: 记者 or 通讯员, then a name.
fn has_reporter(inner: &str) -> bool {
    ["记者", "通讯员"].iter().any(|w| {
        inner.match_indices(w).any(|(i, _)| {
            let rest = inner[i + w.len()..]
                .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
            let mut name = rest.chars().take_while(|&c| is_han(c) || c == '·');
            name.next()
                .is_some_and(|c| !NOT_NAME_START.contains(c) && name.next().is_some())
        })
    })
}

/// The post's headline: a leading 【…】 (explicit), or a first line of at most 50 chars that does
/// not end a sentence, followed by more text. (start, end, explicit), as original byte offsets.
fn headline(text: &str) -> Option<(usize, usize, bool)> {
    let lead = text.len() - text.trim_start().len();
    let t = &text[lead..];
    if let Some(rest) = t.strip_prefix('【') {
        let close = rest.find('】')?;
        let inner = &rest[..close];
        if inner.contains('\n') || inner.chars().count() > 80 {
            return None;
        }
        let s = lead + '【'.len_utf8();
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            return None;
        }
        let s = s + (inner.len() - inner.trim_start().len());
        return Some((s, s + trimmed.len(), true));
    }
    let nl = t.find('\n')?;
    let line = t[..nl].trim_end();
    if line.is_empty()
        || t[nl..].trim().is_empty()
        || line.chars().count() > 50
        || line.ends_with(['。', '.', '；', ';', '，', ',', '：', ':'])
        || LABEL_START.iter().any(|l| line.starts_with(l))
    {
        return None;
    }
    let (off, line) = match line.strip_prefix("标题") {
        Some(r) => {
            let r = r.trim_start_matches([':', '：', ' ']);
            (t[..nl].trim_end().len() - r.len(), r)
        }
        None => (0, line),
    };
    if line.is_empty() {
        return None;
    }
    let s = lead + off;
    Some((s, s + line.len(), false))
}

fn reason(rule: &str) -> &'static str {
    match rule {
        "dateline" => "未注明出处: 含新闻电头, 转载他人稿件须注明来源或转载标识",
        "reporter_credit" => "未注明出处: 含记者署名, 转载他人稿件须注明来源或转载标识",
        "reporter_learned" => "未注明出处: 记者采写的新闻稿, 转载须注明来源",
        "unnamed_report" => "未注明出处: 据报道而未说明报道来源",
        "editor_credit" => "提示: 含编辑署名, 如为转载须注明来源",
        "byline" => "提示: 含作者署名, 如为转载须注明来源",
        _ => "未注明出处",
    }
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    MissingAttribution: "dateline", "reporter_credit", "reporter_learned", "unnamed_report",
        "editor_credit", "byline", "reference:ID", "reference_source:ID", "reference_title:ID";
    Unverified: "hearsay", "unverified_source";
];

/// The sets whose words wake this detector ([`Detectors::each`](crate::detect::Detectors::each)):
/// the words of the rules that rest on words. The rest rest on punctuation
/// ([`AttributionDetector::awake`](Detector::awake)).
pub(crate) const WAKE: &[&str] = &["唤醒词"];

impl Detector for AttributionDetector {
    /// Registered originals are looked for in every post; the rules that need no wake word in
    /// a post that may hold a match: a bracket ([`Rule::Paren`]) or a credit's separator after
    /// 文, 图, 文字, 作者 or 摄影, spaces and invisible chars between ([`Rule::Byline`]), both
    /// told by the marks normalization noted (`marks::CREDIT`).
    ///
    /// A Weibo repost mark (`//@user:`, [`Rule::WeiboRepost`]) wakes nothing: a marker only
    /// attributes the cues of the post, and every cue, hearsay word and source label wakes the
    /// detector itself (its words, a bracket, a credit), which then reads the whole post, the
    /// mark with it. On Weibo the mark is in a tenth of the comments, most of them with no cue.
    fn awake(&self, ctx: &Context<'_>) -> bool {
        use crate::normalize::marks::{CREDIT, PAREN};
        self.references.is_some() || ctx.norm.marks & (PAREN | CREDIT) != 0
    }

    /// Finds unattributed reproduction, doubtful sources and copied originals in one post.
    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                let scratch = slot.get_or_insert_with(|| self.scratch());
                self.report(ctx, scratch, out);
                if ctx.text.len() > crate::normalize::LONG_POST {
                    scratch.view.release();
                }
            }
            // Only reachable if screening re-entered itself on this thread.
            Err(_) => self.report(ctx, &mut self.scratch(), out),
        });
    }
}

impl AttributionDetector {
    /// Analyzes the post and appends its findings.
    fn report(&self, ctx: &Context<'_>, scratch: &mut Scratch, out: &mut Findings<'_>) {
        let analysis = self.analyze(ctx, scratch, out.limit());

        // A span a lexicon hit of the same category already reports is not reported twice
        // (the doubts were checked so as they were found: `Analysis::doubt`).
        let reported = Overlaps::new(
            ctx.hits
                .iter()
                .filter(|h| h.category == Category::MissingAttribution)
                .map(|h| (h.start, h.end)),
        );
        let attributes = analysis.attribution();
        for c in &analysis.cues {
            if attributes(c.start) || reported.any(c.start, c.end) {
                continue;
            }
            out.push(Finding {
                category: Category::MissingAttribution,
                rule: Arc::from(c.rule),
                start: c.start,
                end: c.end,
                cap: c.weak.then_some(Action::Note),
                reason: reason(c.rule).to_string(),
            });
        }
        for d in &analysis.doubts {
            let (rule, reason) = if d.hearsay {
                (
                    "hearsay",
                    "来源不明: 网传或网友爆料的信息未经证实".to_string(),
                )
            } else {
                let source = (scratch.view.text)
                    .get(d.source.0 as usize..d.source.1 as usize)
                    .unwrap_or_default();
                (
                    "unverified_source",
                    format!("来源不明或不合法: 「{source}」"),
                )
            };
            out.push(Finding {
                category: Category::Unverified,
                rule: Arc::from(rule),
                start: d.start as usize,
                end: d.end as usize,
                cap: None,
                reason,
            });
        }
        // The doubts past the limit: both rules resolve as their category does.
        out.omit(Category::Unverified, None, analysis.past.iter().sum());
        if let Some(refs) = &self.references {
            self.check_references(ctx, refs, &analysis, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use regex_automata::meta::Regex;
    use regex_automata::{Anchored, Input};

    use super::*;
    use crate::category::Account;
    use crate::detect::dateline::DATELINE;
    use crate::normalize::{Normalized, is_invisible};

    /// The gate as a scan of the original chars: a bracket, or a separator after the last char
    /// of 文, 图, 文字, 作者 or 摄影 (any spelling) with only spaces and invisible chars between.
    /// What the detector was woken by before normalization noted credits; the marks must wake it
    /// wherever this does.
    fn punctuated(text: &str) -> bool {
        let spelt_set = |chars: &str| -> Vec<char> {
            chars
                .chars()
                .flat_map(crate::normalize::spellings)
                .collect()
        };
        let open = spelt_set("(（");
        let separator = spelt_set("/／|｜:：");
        let space = spelt_set(" \t\u{3000}\u{a0}");
        let credit_end = spelt_set("文图字者影");
        let mut last = None;
        for c in text.chars() {
            if open.contains(&c)
                || (separator.contains(&c) && last.is_some_and(|l| credit_end.contains(&l)))
            {
                return true;
            }
            let after_credit = last.is_some_and(|l| credit_end.contains(&l));
            if !(space.contains(&c) || (after_credit && is_invisible(c))) {
                last = Some(c);
            }
        }
        false
    }

    #[test]
    fn the_marks_wake_the_detector_wherever_a_bracket_or_a_credit_may_be() {
        // Every post of up to four chars of these (spellings, spaces, invisible chars, breaks,
        // separators, brackets), and credits with runs of spaces past the gap a term spans.
        let mut all = crate::util::every_text("文圖者影字a张 \t\u{3000}\u{200b}／:｜(，*", 4);
        for n in 0..8 {
            for space in [" ", "\u{3000}", "\u{200b}", "\n"] {
                all.push(format!("作者{}：张三", space.repeat(n)));
                all.push(format!("图{}/ 李四", space.repeat(n)));
            }
        }
        let detector = AttributionDetector::new();
        let (mut woken, mut credits) = (0, 0);
        for text in &all {
            let (awake, marks) =
                crate::detect::asleep(text, |ctx| (detector.awake(ctx), ctx.norm.marks));
            if punctuated(text) {
                assert!(awake, "{text:?}");
            }
            woken += usize::from(awake);
            credits += usize::from(marks & crate::normalize::marks::CREDIT != 0);
        }
        // And it sleeps where there is neither: a colon, a slash or a bar after anything else.
        assert!(woken < all.len() / 2, "{woken} of {}", all.len());
        assert!(credits > 1000, "{credits}");
        let mut norm = Normalized::new();
        for text in ["回复@某人:好的", "天/地", "今天｜明天", "文章。"] {
            norm.normalize(text);
            assert_eq!(norm.marks & crate::normalize::marks::CREDIT, 0, "{text}");
        }
    }

    #[test]
    fn a_post_the_dateline_gate_turns_away_holds_no_dateline() {
        let dateline = Regex::new(DATELINE).unwrap();
        for text in [
            "新华社北京3月5日电",
            "新华社北京１２月３１日电 记者",
            "本报讯（记者 王五）",
            "央视网消息：今天",
            "人民日报社论说，新华社四川成都十月一日电",
        ] {
            assert!(dateline.is_match(text), "{text}");
            assert!(may_hold_dateline(text), "{text}");
        }
        for text in [
            "给我打电话",
            "这部电影很好看",
            "好消息来了",
            "看电视台的节目",
        ] {
            assert!(!may_hold_dateline(text), "{text}");
        }
        // Every string of these chars (a fixed pseudo-random sample) that the regex matches
        // passes the gate; some are turned away, and some of those hold 电, 讯 or 消息.
        let chars: Vec<char> = "社网报台新闻电讯消息北京成都月日12，a本".chars().collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let (mut matched, mut turned_away, mut near_miss) = (0, 0, 0);
        for _ in 0..200_000 {
            let len = 2 + (seed >> 59) as usize;
            let text: String = (0..len)
                .map(|_| chars[crate::util::below(&mut seed, chars.len())])
                .collect();
            let found = dateline.is_match(&text);
            let gate = may_hold_dateline(&text);
            assert!(gate || !found, "{text}");
            matched += usize::from(found);
            turned_away += usize::from(!gate);
            near_miss += usize::from(!gate && text.contains(['电', '讯', '消']));
        }
        assert!(matched > 1000 && turned_away > 1000 && near_miss > 1000);
        // The widest gap is taken: a place of eight chars and a date of six.
        let widest = "新华社成都成都成都成都12月31日电";
        assert!(dateline.is_match(widest) && may_hold_dateline(widest));
        assert!(!dateline.is_match("新华社成都成都成都成都成12月31日电"));
    }

    /// The rule names of the detector's findings on `text`, with their matched text.
    fn run(det: &AttributionDetector, text: &str) -> Vec<(Category, String, String)> {
        let out =
            crate::detect::run_detector(text, Account::Org, &[], |ctx, out| det.detect(ctx, out));
        for (gate, found) in gates(text) {
            assert!(gate || !found, "a gate of analyze skips a match in {text}");
        }
        out.into_iter()
            .map(|f| {
                (
                    f.category,
                    f.rule.to_string(),
                    text[f.start..f.end].to_string(),
                )
            })
            .collect()
    }

    /// Whether the gates of `analyze` let `text` through to each search (the rules, the
    /// dateline), and whether each search matches: a search that matches must never be gated
    /// away.
    fn gates(text: &str) -> [(bool, bool); 2] {
        let mut norm = Normalized::new();
        norm.normalize(text);
        let mut view = Punctuated::default();
        view.build(text, &norm);
        let hay = view.text.as_str();
        [
            (
                text.chars().any(|c| MAIN_TRIGGERS.contains(&fold(c))),
                COMPILED
                    .rules
                    .find(hay, 0, &mut COMPILED.rules.create_captures())
                    .is_some(),
            ),
            (may_hold_dateline(hay), {
                let mut ends = dateline::Ends::default();
                ends.load(hay);
                Dateline::find(hay, 0, &mut ends).is_some()
            }),
        ]
    }

    #[test]
    fn every_rule_needs_a_trigger() {
        let examples = [
            (Rule::Paren, "（新华社）"),
            (Rule::UnnamedReport, "据媒体报道，今年"),
            (Rule::JuSource, "据新华社11月2日电"),
            (Rule::OriginalTitle, "原标题：春运开始"),
            (Rule::SourceLabel, "图片来源：市气象局"),
            (Rule::SourceLabel, "本文整理自市政府网站"),
            (Rule::Hearsay, "朋友圈疯传明天停水"),
            (Rule::WeiboRepost, "//@某某发布:通知"),
            (Rule::OriginalLink, "阅读原文"),
            (Rule::ReprintNotice, "如有侵权请联系删除"),
            (Rule::ReporterLearned, "记者从市教育局获悉"),
            (Rule::ReporterCredit, "通讯员 王小明"),
            (Rule::EditorCredit, "责任编辑｜李四"),
            (Rule::Byline, "摄影/张三"),
        ];
        for (rule, text) in examples {
            let i = MATCHERS.iter().position(|(r, _)| *r == rule).unwrap();
            let alone = Regex::new(MATCHERS[i].1).unwrap();
            assert!(alone.is_match(text), "{rule:?} does not match {text}");
            assert_eq!(gates(text)[0], (true, true), "{rule:?}: {text}");
        }
        // Every rule is exemplified.
        for (rule, _) in MATCHERS {
            assert!(examples.iter().any(|(r, _)| r == rule), "{rule:?}");
        }
        assert_eq!(gates("新华社北京11月2日电")[1], (true, true));
        assert_eq!(gates("本报讯")[1], (true, true));
        // A post with none of the triggers skips both searches, and they would find nothing.
        assert_eq!(
            gates("今天天气很好，我们一起去公园散步吧。"),
            [(false, false); 2]
        );
    }

    fn rules(text: &str) -> Vec<String> {
        run(&AttributionDetector::new(), text)
            .into_iter()
            .map(|(_, r, _)| r)
            .collect()
    }

    #[test]
    fn every_rule_compiles() {
        for (rule, p) in MATCHERS {
            Regex::new(p).unwrap_or_else(|e| panic!("{rule:?}: {e}"));
        }
        let _ = &COMPILED.rules;
    }

    #[test]
    fn the_rules_apart_find_what_they_found_as_one_regex() {
        // One regex of all the rules (what `analyze` searched before) is the reference: from
        // every char of each text, the next match, its rule and its groups must be the same.
        let patterns: Vec<&str> = MATCHERS.iter().map(|(_, p)| *p).collect();
        let union = Regex::new_many(&patterns).unwrap();
        let mut caps = COMPILED.rules.create_captures();
        let texts = [
            "（记者 张三）据新华社报道,来源：人民日报 文/李四 责任编辑：王五 //@某某:转发 \
             原标题：《春耕》 据媒体报道 转自澎湃新闻 图片来源于网络 (新华社)",
            "据网传，据悉本报讯 记者从市教育局获悉：转载请注明出处，如有侵权请联系删除。\
             摄影/张三 图/李四 通讯员 王小明 阅读原文 朋友圈疯传明天停水 本文整理自市政府网站",
            "（新华社）(据 (来源：) //@：据据记者今日在会上了解到 实习记者：赵六 文图：钱七",
            "",
            "今天天气很好，我们一起去公园散步吧。",
        ];
        let mut seen = 0u64;
        for hay in texts {
            for (pos, _) in hay.char_indices() {
                let want = union.search(&Input::new(hay).range(pos..)).map(|m| {
                    let p = m.pattern().as_usize();
                    let mut c = COMPILED.rules.rule(p).create_captures();
                    COMPILED.rules.rule(p).search_captures(
                        &Input::new(hay).range(m.start()..).anchored(Anchored::Yes),
                        &mut c,
                    );
                    (p, m.range(), c)
                });
                let got = COMPILED.rules.find(hay, pos, &mut caps);
                assert_eq!(
                    got.map(|p| (p, caps[p].get_match().map(|m| m.range()))),
                    want.as_ref().map(|(p, r, _)| (*p, Some(r.clone()))),
                    "{hay} from {pos}"
                );
                if let (Some(p), Some((_, _, c))) = (got, want) {
                    for g in 0..c.group_len() {
                        assert_eq!(caps[p].get_group(g), c.get_group(g), "{hay} from {pos}");
                    }
                    seen |= 1 << p;
                }
            }
        }
        assert_eq!(seen.count_ones() as usize, MATCHERS.len(), "{seen:b}");
        // Every rule starts with one of a bounded set of chars: none is tried at every char.
        assert!(!COMPILED.rules.tries_anywhere());
    }

    #[test]
    fn cues_without_a_source() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "新华社北京11月22日电 国务院总理今天主持召开常务会议。",
                "dateline",
                "新华社北京11月22日电",
            ),
            (
                "中新社北京1月5日电 今年春运将于1月14日开始。",
                "dateline",
                "中新社北京1月5日电",
            ),
            ("本报讯 近日，我市举办职业技能大赛。", "dateline", "本报讯"),
            ("新华社北京电 会议指出", "dateline", "新华社北京电"),
            ("本台消息，今天起全市供暖。", "dateline", "本台消息"),
            (
                "【标题】新华社北京22日电 会议指出",
                "dateline",
                "新华社北京22日电",
            ),
            (
                "央视新闻消息：今天起全国铁路调图。",
                "dateline",
                "央视新闻消息",
            ),
            (
                "全市春耕生产有序推进（记者 张三 李四）。",
                "reporter_credit",
                "（记者 张三 李四）",
            ),
            (
                "本报记者 王五 近日，全市启动了专项行动。",
                "reporter_credit",
                "本报记者 王五",
            ),
            (
                "记者从市教育局获悉，今年新增学位三千个。",
                "reporter_learned",
                "记者从市教育局获悉",
            ),
            (
                "据报道，该市今年将新建公园十座。",
                "unnamed_report",
                "据报道",
            ),
            (
                "据媒体报道，该市今年将新建公园十座。",
                "unnamed_report",
                "据媒体报道",
            ),
        ];
        for (text, rule, matched) in cases {
            let found = run(&AttributionDetector::new(), text);
            assert!(
                found
                    .iter()
                    .any(|(c, r, m)| *c == Category::MissingAttribution
                        && r == rule
                        && m == matched),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn markers_attribute_cues() {
        for text in [
            "新华社北京11月22日电 国务院总理今天主持召开常务会议。（来源：新华社）",
            "据新华社北京11月22日电 国务院总理今天主持召开常务会议。",
            "新华社北京11月22日电 国务院总理今天主持召开常务会议。\n转自：新华网",
            "本报讯（记者 张三）近日我市举办技能大赛。原文链接：见人民网",
            "//@某某市发布:新华社北京11月22日电 国务院总理今天主持召开常务会议。",
            "新华社北京11月22日电 国务院总理今天主持召开常务会议。（原标题：国务院召开常务会议）",
            "全市春耕生产有序推进（新华社记者 张三 摄）",
            "据央视新闻消息，今天起全国铁路调图。",
            "本文转载自新华社北京22日电，会议指出要做好保供工作。",
        ] {
            let found = rules(text);
            assert!(
                !found
                    .iter()
                    .any(|r| r == "dateline" || r == "reporter_credit"),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn ju_markers_attribute_only_what_follows() {
        let found = rules("新华社华盛顿11月22日电 据美国某报报道，当地发生山火。");
        assert!(found.contains(&"dateline".to_string()), "{found:?}");
        let found = rules("据新华社报道，当地发生山火（记者 张三）。");
        assert!(!found.contains(&"reporter_credit".to_string()), "{found:?}");
    }

    #[test]
    fn weak_cues_are_notes() {
        let det = AttributionDetector::new();
        let text = "文/张三\n我市举办读书月活动。\n责任编辑：李四";
        let out =
            crate::detect::run_detector(text, Account::Org, &[], |ctx, out| det.detect(ctx, out));
        let rules: Vec<&str> = out.iter().map(|f| &*f.rule).collect();
        assert_eq!(rules, ["byline", "editor_credit"], "{out:?}");
        assert!(out.iter().all(|f| f.cap == Some(Action::Note)));
        // A job title or ordinary words are not credits.
        assert!(rules_of("网络编辑：负责内容审核。").is_empty());
        assert!(rules_of("这本书图文并茂。").is_empty());
    }

    fn rules_of(text: &str) -> Vec<String> {
        rules(text)
    }

    #[test]
    fn doubtful_sources_are_unverified() {
        for (text, matched) in [
            ("某地发生大火。来源：网络", "来源：网络"),
            ("某地发生大火，图片来源于网络。", "图片来源于网络"),
            ("某地发生大火。来源：朋友圈", "来源：朋友圈"),
            ("某地发生大火。來源：微信群", "來源：微信群"),
            ("某地发生大火。来源：自媒体", "来源：自媒体"),
            ("据网友爆料，某地发生大火。", "据网友爆料"),
            ("某地发生大火（来源：网络）", "来源：网络"),
        ] {
            let found = run(&AttributionDetector::new(), text);
            assert!(
                found
                    .iter()
                    .any(|(c, _, m)| *c == Category::Unverified && m == matched),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn named_sources_and_ordinary_words_are_fine() {
        for text in [
            "来源：新华社",
            "来源：某某县人民政府网",
            "来源：某某协会",
            "家庭收入来源多元化，来自全国各地的代表参加会议。",
            "资金来源于网络借贷平台的问题已经解决。",
            "据了解，今年全市新增就业岗位两万个。",
            "据传统习俗，春节要贴春联。",
            "互联网传播秩序不断规范。",
            "网传我市明天停水，经核实系谣言。",
            "记者会于今天下午召开。",
            "请拨打电话咨询，或登录网站查询。",
            "前晚省台新闻也播了这条消息，邻居们都在聊。",
            "孩子每天放学都要翻翻晚报和参考消息。",
            "TV台记者:请问您对新政策满意吗?",
            "市交通局有关负责人接受本台记者采访，介绍春运安排。",
            "图文：粮价回落带动餐饮消费回暖",
            "所有的担心都源于不了解。",
        ] {
            let found = rules(text);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn spans_survive_traditional_and_full_width() {
        let text = "新華社北京１１月２２日電 會議指出";
        let found = run(&AttributionDetector::new(), text);
        assert!(
            found.iter().any(|(_, r, _)| r == "dateline"),
            "{text}: {found:?}"
        );
    }

    #[test]
    fn headlines() {
        assert_eq!(
            headline("【我市供暖保障】正文").map(|(s, e, x)| (&"【我市供暖保障】正文"[s..e], x)),
            Some(("我市供暖保障", true))
        );
        let t = "我市部署供暖工作\n正文第一段。";
        assert_eq!(
            headline(t).map(|(s, e, _)| &t[s..e]),
            Some("我市部署供暖工作")
        );
        assert_eq!(headline("只有一行"), None);
        assert_eq!(headline("这是一句话。\n下一句"), None);
    }
}
