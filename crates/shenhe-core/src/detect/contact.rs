//! Commercial ads by their contacts and links (`commercial_ad`; G10.9 不得从事商业宣传; H15
//! 不得刊登商业广告或链接商业广告页面).
//!
//! Two rules, each cheap to skip:
//!
//! - **Handles.** A contact word (微信, 微信号, v信, vx, wx, weixin, 薇信, 威信, 徽信, 薇, V, QQ,
//!   扣扣, 企鹅, Q, 群号, Q群; 微 after 加) followed, through at most four filler characters (号,
//!   码, 是, 为, 搜索, 群, 同, 账, `id`) and separators (`:`, `：`, spaces, which normalization
//!   drops), by an id: a WeChat id (a letter, then 6–20 of `[a-zA-Z0-9_-]` in all) or a number of
//!   5–11 digits (QQ, QQ groups, a phone used as WeChat id). The search runs on the normalized
//!   text, so full-width, ①②, 一二三 and 壹贰叁 digits, upper case and traditional characters are
//!   all found, and the span is mapped back to the original through [`Normalized::origins`].
//!   Not handles: single-letter words (V, Q, 薇, 微) without a separator or a preceding 加/+
//!   (`张薇123456`); a Latin contact word inside a longer word (`TV12345`, `vxworks`); a contact
//!   word inside a link (`tz.wx-abc123.com`) or a Weibo nickname (`@马玉珍V`), or an id that is a
//!   mention (`薇 @wangjinsq`); letters past 20 characters, or digits past 11 (an order number).
//! - **Links.** `http(s)://…`, `www.…` and bare hosts with a common top-level domain
//!   (`t.cn/A6x`, `taobao.com`), found on the original text (URLs are ASCII; normalization would
//!   drop their dots). The host is looked up in `lexicons/sources/domains.txt`, most specific
//!   suffix first: `allow` hosts (gov.cn, mainstream media, and
//!   [`Config::allow_domain`](crate::Config::allow_domain)) pass, `shop` hosts are ads, `short`
//!   hosts and unlisted hosts are links to an unknown page. E-mail domains (`@qq.com`,
//!   `(at)gmail.com`) are not links: e-mail is personal information.
//!
//! # Actions
//!
//! What a finding asks for depends on the words within [`WINDOW`] normalized characters of it:
//! *commercial* words (价格, 优惠, 包邮, 代理, 加盟, 私聊, 有意者, 兼职, 日结, 返利 …; or a lexicon
//! hit of `commercial_ad`, `gambling`, `porn` or `crime_instigation` anywhere in the post) and
//! *programme* words (消费券, 惠民, 补贴, 以旧换新, 国补, 政策, 政府, and the warnings 警惕, 谨防,
//! 诈骗, 举报, 反诈). A government programme is not an ad, and an anti-fraud post may quote a
//! scammer's id, but a link or handle inside one still gets a person's look: programme words win
//! over commercial ones.
//!
//! | finding | commercial | programme | neither |
//! | --- | --- | --- | --- |
//! | `wechat_handle`, `qq_handle`, `group_number` | category default | review | review |
//! | the id of a 公众号/服务号/视频号 | category default | — | — |
//! | `shopping_link` | category default | review | category default |
//! | `short_link`, `external_link` | category default | review (with commercial words too) | — |
//!
//! The category default is block for `org` and `staff`, review for `private` (contract §3). A handle
//! with no commercial context is still 引流 (the category's own words: 引流联系方式), but
//! governments also publish service QQ groups, so it asks for review, never block. An official
//! account's id (关注微信公众号: xxx) is how governments point to their own channels: it is
//! reported only next to commercial words. Commercial words that government posts use as well
//! (私信, 福利, 推广, 招商, 回收, 发票, 贷款, 有需要的, 欢迎咨询) are deliberately not in the list.
//!
//! The words (contact words, official-account words, commercial and programme words, top-level
//! domains) are data: `lexicons/detectors/contact.txt`.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use regex_automata::meta::Regex;

use crate::category::{Action, Category};
use crate::detect::vocab::words;
use crate::detect::{
    Context, Detector, DetectorRule, Finding, Findings, detector_rules, literal, rule_names,
    words_automaton,
};
use crate::normalize::{Normalized, is_invisible};
use crate::sources::read_entries;
use crate::util::error::{ReferenceError, ReferenceErrorKind};

/// The shipped domain list.
static DOMAINS: &str = include_str!("../../../../lexicons/sources/domains.txt");

/// How far (normalized chars, either side) commercial and programme words count for a finding.
pub(crate) const WINDOW: usize = 80;

/// What a contact word announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handle {
    /// A WeChat id or a number.
    WeChat,
    /// A QQ number.
    Qq,
    /// A QQ group number.
    Group,
}

/// The sets of `lexicons/detectors/contact.txt` that announce an id: (set, what it announces,
/// whether its words are single letters or characters that need a separator or a preceding 加
/// to count).
const KEYWORD_SETS: &[(&str, Handle, bool)] = &[
    ("称呼_微信", Handle::WeChat, false),
    ("称呼_qq", Handle::Qq, false),
    ("称呼_群号", Handle::Group, false),
    ("单字_微信", Handle::WeChat, true),
    ("单字_qq", Handle::Qq, true),
];

/// Characters that may stand between a contact word and its id (微信号码是, QQ群号, 微信同号).
const FILLER: &[char] = &['号', '码', '是', '为', '搜', '索', '账', '帐', '群', '同'];
/// At most this many filler characters.
const MAX_FILLER: usize = 4;
/// Lexicon categories whose hits anywhere in the post make a handle or link a solicitation.
const SOLICITING: &[Category] = &[
    Category::CommercialAd,
    Category::Gambling,
    Category::Porn,
    Category::CrimeInstigation,
];

/// What the domain list says about a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DomainKind {
    Allow,
    Shop,
    Short,
}

/// Reads a domain list (`lexicons/sources/domains.txt`'s format: `DOMAIN<TAB>KIND`, `#`
/// comments) through the capped line reader every data file goes through.
///
/// # Errors
/// A line that cannot be read, is not two fields, or names an unknown kind: with the source
/// and line, as a source list's errors are.
fn parse_domains<R: std::io::BufRead>(
    name: &str,
    reader: R,
) -> Result<HashMap<Box<str>, DomainKind>, ReferenceError> {
    let mut domains = HashMap::new();
    read_entries(name, reader, |no, line| {
        let syntax = |message: String| {
            ReferenceError::new(name, Some(no), ReferenceErrorKind::Syntax, message)
        };
        let mut fields = line.split_whitespace();
        let (Some(domain), Some(kind), None) = (fields.next(), fields.next(), fields.next()) else {
            return Err(syntax(format!("expected DOMAIN<TAB>KIND, found {line:?}")));
        };
        let kind = match kind {
            "allow" => DomainKind::Allow,
            "shop" => DomainKind::Shop,
            "short" => DomainKind::Short,
            other => {
                return Err(syntax(format!(
                    "unknown kind {other:?} (allow, shop or short)"
                )));
            }
        };
        domains.insert(domain.to_ascii_lowercase().into_boxed_str(), kind);
        Ok(())
    })?;
    Ok(domains)
}

/// The compiled contact and link rules of one engine.
#[derive(Clone, Debug)]
pub(crate) struct ContactDetector {
    /// One pattern per entry of `keyword_list`, over normalized text.
    keywords: AhoCorasick,
    /// The contact words (from [`KEYWORD_SETS`]): (word, what it announces, single).
    keyword_list: Vec<(&'static str, Handle, bool)>,
    /// Words after a contact word that make the id an official account's (set `公众号`).
    official: Vec<&'static str>,
    /// Commercial words (set `商业`) then programme words (set `公益`), over normalized text.
    context: AhoCorasick,
    /// How many of `context`'s patterns are commercial words.
    commercial: usize,
    /// Throw-away top-level domains (set `廉价域名`).
    throwaway: Vec<&'static str>,
    /// Scheme URLs, `www.` hosts, bare hosts; over the original text.
    links: Regex,
    /// Site addresses written to get past link filters: `abc典top`, `[ x y z 8 8 ] 点 c c`
    /// (over normalized text, where spaces and brackets are gone), `小白龙.top` (a Chinese
    /// label before a throw-away top-level domain; over the original text, where the dot is).
    disguised: Regex,
    disguised_han: Regex,
    /// The bytes that can follow a dot in a match of `links` (a top-level domain's first, in
    /// any case), of `disguised` after a spelled dot, and of `disguised_han` (a throw-away
    /// domain's, any case): a post where no dot is followed by one holds no match, and the
    /// search is skipped. Most dots in news are decimals (3.5%, 10.30).
    link_domain: ByteSet,
    spelled_domain: ByteSet,
    han_domain: ByteSet,
    /// The spelled dots (set `点号`), found where `disguised` could match; `://` and `．`.
    /// (Built once: a search of a post builds nothing.)
    spelled_dots: Vec<Finder<'static>>,
    scheme: Finder<'static>,
    wide_dot: Finder<'static>,
    /// Domain (lower case) → kind; the shipped list plus the configured allow-list.
    domains: HashMap<Box<str>, DomainKind>,
    /// The rule names, in [`RULES`] order (indexed by [`Rule`]).
    rules: [Arc<str>; 8],
}

/// A rule of [`RULES`], by its place there: the index of its name in `ContactDetector::rules`.
#[derive(Clone, Copy, Debug)]
enum Rule {
    WeChat,
    Qq,
    Group,
    Shop,
    Short,
    External,
    Throwaway,
    Disguised,
}

/// A set of bytes.
#[derive(Clone, Debug)]
struct ByteSet([bool; 256]);

impl ByteSet {
    /// The first bytes of `words`, and with `any_case` of every spelling of their first chars
    /// that a regex's `(?i:)` matches (Unicode simple case folding: ſ for s, K for k). An
    /// empty word may be followed by anything: every byte.
    fn first_bytes(words: &[&str], any_case: bool) -> ByteSet {
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        let mut set = [false; 256];
        for w in words {
            let Some(c) = w.chars().next() else {
                return ByteSet([true; 256]);
            };
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            if any_case {
                class.case_fold_simple();
            }
            for c in class.iter().flat_map(|r| r.start()..=r.end()) {
                set[usize::from(c.encode_utf8(&mut [0; 4]).as_bytes()[0])] = true;
            }
        }
        ByteSet(set)
    }

    /// True when `b` is a byte of the set (never for the end of the text).
    fn has(&self, b: Option<&u8>) -> bool {
        b.is_some_and(|&b| self.0[usize::from(b)])
    }
}

impl Default for ContactDetector {
    fn default() -> ContactDetector {
        ContactDetector::new()
    }
}

/// Characters a URL may hold after its host (RFC 3986 unreserved, reserved and `%`).
const URL_TAIL: &str = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]";
impl ContactDetector {
    pub(crate) fn new() -> ContactDetector {
        // The vocabularies are data: lexicons/detectors/contact.txt.
        let mut keyword_list: Vec<(&'static str, Handle, bool)> = KEYWORD_SETS
            .iter()
            .flat_map(|&(set, handle, single)| {
                words(set).into_iter().map(move |w| (w, handle, single))
            })
            .collect();
        // Leftmost-first alternation: the longer word where one is a prefix of another (v信
        // before v).
        keyword_list.sort_by_key(|k| std::cmp::Reverse(k.0.chars().count()));
        let keywords = words_automaton(keyword_list.iter().map(|k| k.0));
        let commercial = words("商业");
        let context = words_automaton(commercial.iter().chain(&words("公益")).copied());
        // Data are taken literally: a word with a dot or a bracket matches just that.
        let alternatives =
            |set: &[&str]| set.iter().map(|w| literal(w)).collect::<Vec<_>>().join("|");
        let bare_tld_words = words("顶级域名");
        let bare_tlds = alternatives(&bare_tld_words);
        let throwaway_tlds = words("廉价域名");
        let dot_words = words("点号");
        let spelled_dot = alternatives(&dot_words);
        let label = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?";
        let links = Regex::new_many(&[
            format!(r"(?i:https?)://{URL_TAIL}+"),
            format!(r"(?i:www)(?:\.{label})+(?:[:/?#]{URL_TAIL}*)?"),
            format!(r"{label}(?:\.{label})*\.(?i:{bare_tlds})(?:[:/?#]{URL_TAIL}*)?"),
        ])
        .expect("link patterns compile");
        let tlds = alternatives(&throwaway_tlds);
        // The domains `disguised` takes after a spelled dot, as written there.
        let spelled_tlds: Vec<&str> = throwaway_tlds
            .iter()
            .copied()
            .chain(["com", "net", "cn"])
            .collect();
        // The label holds a letter (10点top10 is a time and a ranking), the domain ends there.
        let disguised = Regex::new(&format!(
            "[a-z0-9-]*[a-z][a-z0-9-]*(?:{spelled_dot})(?:{tlds}|com|net|cn)(?:$|[^a-z0-9])"
        ))
        .expect("the disguised-link pattern compiles");
        let disguised_han = Regex::new(&format!(
            r"\p{{Han}}{{2,8}}[.．](?i:{tlds})(?:$|[^A-Za-z0-9])"
        ))
        .expect("the Chinese-label link pattern compiles");
        // The shipped list is data a test loads; it cannot fail here.
        let domains = parse_domains("lexicons/sources/domains.txt", DOMAINS.as_bytes())
            .unwrap_or_else(|e| panic!("the shipped domain list parses: {e}"));
        ContactDetector {
            keywords,
            keyword_list,
            official: words("公众号"),
            commercial: commercial.len(),
            context,
            han_domain: ByteSet::first_bytes(&throwaway_tlds, true),
            throwaway: throwaway_tlds,
            links,
            disguised,
            disguised_han,
            link_domain: ByteSet::first_bytes(&bare_tld_words, true),
            spelled_domain: ByteSet::first_bytes(&spelled_tlds, false),
            spelled_dots: dot_words
                .iter()
                .map(|w| Finder::new(w.as_bytes()).into_owned())
                .collect(),
            scheme: Finder::new(b"://").into_owned(),
            wide_dot: Finder::new("．".as_bytes()).into_owned(),
            domains,
            rules: rule_names(RULES),
        }
    }

    /// False when `text` holds no match of `links`: every link holds a dot (the detector reads
    /// no link without one), and `://`, `www.` or a dot before a domain.
    fn may_hold_link(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        memchr::memchr(b'.', bytes).is_some()
            && (self.scheme.find(bytes).is_some()
                || memchr::memchr_iter(b'.', bytes).any(|i| {
                    self.link_domain.has(bytes.get(i + 1))
                        // (`w` has no other spelling under case folding.)
                        || (i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"))
                }))
    }

    /// False when normalized `text` holds no match of `disguised`: each holds a spelled dot
    /// with a domain right after it.
    fn may_hold_spelled(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        self.spelled_dots.iter().any(|dot| {
            dot.find_iter(bytes)
                .any(|i| self.spelled_domain.has(bytes.get(i + dot.needle().len())))
        })
    }

    /// False when `text` holds no match of `disguised_han`: each holds a dot (`.`, `．`) with
    /// a throw-away domain right after it.
    fn may_hold_han_label(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let before_domain = |dot: usize, len: usize| self.han_domain.has(bytes.get(dot + len));
        memchr::memchr_iter(b'.', bytes).any(|i| before_domain(i, 1))
            || (self.wide_dot.find_iter(bytes)).any(|i| before_domain(i, "．".len()))
    }

    /// True when `host` ends in a throw-away top-level domain.
    fn throwaway(&self, host: &str) -> bool {
        let tld = host.trim_end_matches('.').rsplit('.').next().unwrap_or("");
        self.throwaway.iter().any(|t| tld.eq_ignore_ascii_case(t))
    }

    /// The name of `rule`, as hits report it.
    fn rule(&self, rule: Rule) -> &Arc<str> {
        &self.rules[rule as usize]
    }

    /// Adds domains whose links are fine (they win over the shipped list).
    pub(crate) fn allow_domains<S: AsRef<str>>(&mut self, domains: &[S]) {
        for d in domains {
            let d = d
                .as_ref()
                .trim()
                .trim_start_matches('.')
                .to_ascii_lowercase();
            if !d.is_empty() {
                self.domains.insert(d.into_boxed_str(), DomainKind::Allow);
            }
        }
    }

    /// Addresses written so that no link filter sees them: a spelled dot (`abc典top`), or a
    /// Chinese label before a throw-away domain (`小白龙.top`). Nobody writes an address like
    /// that but to lure readers past a filter, so they block whatever stands around them.
    fn disguised(&self, ctx: &Context<'_>, out: &mut Findings<'_>, links: &[(usize, usize)]) {
        let norm = ctx.norm;
        let mut found: Vec<(usize, usize)> = Vec::new();
        let matches = self
            .may_hold_spelled(&norm.text)
            .then(|| self.disguised.find_iter(norm.text.as_str()));
        for m in matches.into_iter().flatten() {
            let e = domain_end(&norm.text, m.start(), m.end());
            let (k0, k1) = (norm.char_index(m.start()), norm.char_index(e));
            if k1 <= k0 {
                continue;
            }
            let (b0, b1) = norm.original_span(k0, k1);
            found.push((b0, b1));
        }
        let text = ctx.text;
        if self.may_hold_han_label(text) {
            for m in self.disguised_han.find_iter(text) {
                found.push((m.start(), domain_end(text, m.start(), m.end())));
            }
        }
        for (start, end) in found {
            // A real link over the same text is reported as a link.
            if links.iter().any(|&(a, b)| a < end && start < b) {
                continue;
            }
            out.push(Finding {
                category: Category::CommercialAd,
                rule: self.rule(Rule::Disguised).clone(),
                start,
                end,
                cap: None,
                reason: "商业广告: 变形书写以躲避过滤的网址".to_string(),
            });
        }
    }

    fn handles(&self, ctx: &Context<'_>, out: &mut Findings<'_>, links: &[(usize, usize)]) {
        let norm = ctx.norm;
        let n = norm.len();
        for m in self.keywords.find_iter(norm.text.as_str()) {
            let (word, handle, single) = self.keyword_list[m.pattern().as_usize()];
            let k0 = norm.char_index(m.start());
            let k1 = norm.char_index(m.end());
            let latin = word.as_bytes()[0].is_ascii_alphanumeric();
            if latin
                && k0 > 0
                && joined(ctx.text, norm, k0 - 1)
                && norm.char_at(k0 - 1).is_ascii_alphanumeric()
            {
                continue; // TV12345, 4wx
            }
            if in_mention(ctx.text, norm.origins[k0].start() as usize) {
                continue; // @马玉珍V, @沉薇菁菁: part of a Weibo nickname
            }
            // Fillers (号, 码, 是 …), an official-account word, `id`.
            let mut i = k1;
            let mut filler = 0;
            let mut official = false;
            while i < n && filler < MAX_FILLER && FILLER.contains(&norm.char_at(i)) {
                i += 1;
                filler += 1;
            }
            if let Some(w) = self.official.iter().find(|w| starts_with_at(norm, i, w)) {
                official = true;
                i += w.chars().count();
                while i < n && filler < MAX_FILLER && FILLER.contains(&norm.char_at(i)) {
                    i += 1;
                    filler += 1;
                }
            }
            if i + 2 < n
                && norm.char_at(i) == 'i'
                && norm.char_at(i + 1) == 'd'
                && !joined(ctx.text, norm, i + 1)
            {
                i += 2; // 微信ID:abc123
            }
            if i >= n || !norm.char_at(i).is_ascii_alphanumeric() {
                continue;
            }
            let separated = filler > 0 || official || !joined(ctx.text, norm, i - 1);
            if single && !separated && !added_before(ctx.text, norm, k0) {
                continue; // 张薇123456? v12345 in a model number
            }
            if latin && !separated && norm.char_at(i).is_ascii_alphabetic() {
                continue; // vxworks, qqmusic
            }
            let between =
                &ctx.text[norm.origins[k1 - 1].end() as usize..norm.origins[i].start() as usize];
            if between.contains(['@', '＠']) {
                continue; // 薇 @wangjinsq: the id is a mention of another account
            }
            let Some((end, id)) = scan_id(ctx.text, norm, i) else {
                continue;
            };
            let valid = match (id, handle) {
                (Id::Word, Handle::WeChat) => true,
                (Id::Number, _) => true,
                (Id::Word, _) => false,
            };
            if !valid {
                continue;
            }
            let (start_b, end_b) = (
                norm.origins[k0].start() as usize,
                norm.origins[end - 1].end() as usize,
            );
            if links.iter().any(|&(a, b)| a < end_b && start_b < b) {
                continue;
            }
            let (rule, label) = match handle {
                Handle::WeChat => (self.rule(Rule::WeChat), "微信号"),
                Handle::Qq => (self.rule(Rule::Qq), "QQ号"),
                Handle::Group => (self.rule(Rule::Group), "群号"),
            };
            // Past the limit its context need not be read (a search around every handle of
            // a post of a million handles): see `Findings::saturated`.
            if out.saturated(rule, Category::CommercialAd) {
                out.skip();
                continue;
            }
            let (commercial, programme) = self.context_of(ctx, k0, end);
            if official && (programme || !commercial) {
                continue;
            }
            let (cap, reason) = if programme {
                (
                    Some(Action::Review),
                    format!("商业广告: 政府活动中的{label}, 需人工确认非商业引流"),
                )
            } else if commercial {
                (None, format!("商业广告: 招揽用语旁的{label}"))
            } else {
                (
                    Some(Action::Review),
                    format!("商业广告: 引流联系方式({label}), 需人工确认"),
                )
            };
            out.push(Finding {
                category: Category::CommercialAd,
                rule: rule.clone(),
                start: start_b,
                end: end_b,
                cap,
                reason,
            });
        }
    }

    fn links(&self, ctx: &Context<'_>, out: &mut Findings<'_>, spans: &mut Vec<(usize, usize)>) {
        let text = ctx.text;
        let bytes = text.as_bytes();
        for m in self.links.find_iter(text) {
            let (start, mut end) = (m.start(), m.end());
            let bare = m.pattern().as_usize() == 2;
            if let Some(&b) = start.checked_sub(1).map(|i| &bytes[i]) {
                // Part of an e-mail address, a path or a longer word.
                if b == b'@'
                    || b == b'.'
                    || b == b'/'
                    || b == b'-'
                    || b == b'_'
                    || b.is_ascii_alphanumeric()
                {
                    continue;
                }
            }
            // name(at)gmail.com, name[at]qq.com: an e-mail written to dodge harvesters.
            if dodged_email(&text[..start]) {
                continue;
            }
            // Trailing punctuation belongs to the sentence, not the URL.
            while end > start
                && matches!(
                    bytes[end - 1],
                    b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\''
                )
            {
                end -= 1;
            }
            let url = &text[start..end];
            let host = host_of(url);
            if bare
                && bytes
                    .get(start + host.len())
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'@')
            {
                continue; // taobao.company: not a host ending in .com; user.me@x.cn: e-mail
            }
            spans.push((start, end));
            let kind = self.kind_of(host);
            if kind == Some(DomainKind::Allow) {
                continue;
            }
            let k0 = ctx.norm.index_of_original(start);
            let k1 = ctx.norm.index_of_original(end).max(k0);
            let (commercial, programme) = self.context_of(ctx, k0, k1);
            let (rule, cap, reason) = match kind {
                Some(DomainKind::Shop) if programme => (
                    self.rule(Rule::Shop),
                    Some(Action::Review),
                    "商业广告: 政府活动中的购物平台链接, 需人工确认".to_string(),
                ),
                Some(DomainKind::Shop) => (
                    self.rule(Rule::Shop),
                    None,
                    "商业广告: 链接到购物平台页面".to_string(),
                ),
                Some(DomainKind::Short) | None => {
                    let (rule, what) = if kind.is_some() {
                        (self.rule(Rule::Short), "短链接")
                    } else {
                        (self.rule(Rule::External), "白名单外链接")
                    };
                    // A link to an unknown page is only an ad when something around it sells:
                    // Weibo wraps every link in t.cn, and news posts link their sources. A
                    // throw-away domain is held for a look even so.
                    if !commercial {
                        if kind.is_none() && self.throwaway(host) {
                            out.push(Finding {
                                category: Category::CommercialAd,
                                rule: self.rule(Rule::Throwaway).clone(),
                                start,
                                end,
                                cap: Some(Action::Review),
                                reason: "商业广告: 常用于赌博色情引流的廉价域名, 需人工确认"
                                    .to_string(),
                            });
                        }
                        continue;
                    }
                    if programme {
                        (
                            rule,
                            Some(Action::Review),
                            format!("商业广告: {what}, 需人工确认目标页面非商业广告"),
                        )
                    } else {
                        (rule, None, format!("商业广告: 招揽用语旁的{what}"))
                    }
                }
                Some(DomainKind::Allow) => continue,
            };
            out.push(Finding {
                category: Category::CommercialAd,
                rule: rule.clone(),
                start,
                end,
                cap,
                reason,
            });
        }
    }

    /// The kind of the most specific listed suffix of `host`, if any.
    fn kind_of(&self, host: &str) -> Option<DomainKind> {
        let mut buf = [0u8; 253];
        let host = host.trim_end_matches('.');
        if host.len() > buf.len() {
            return None;
        }
        let lower = &mut buf[..host.len()];
        lower.copy_from_slice(host.as_bytes());
        lower.make_ascii_lowercase();
        let mut h = std::str::from_utf8(lower).ok()?;
        loop {
            if let Some(&k) = self.domains.get(h) {
                return Some(k);
            }
            h = &h[h.find('.')? + 1..];
        }
    }

    /// (commercial, programme): whether such words stand within [`WINDOW`] normalized chars of
    /// normalized chars `k0..k1`; a lexicon `commercial_ad` hit anywhere counts as commercial.
    fn context_of(&self, ctx: &Context<'_>, k0: usize, k1: usize) -> (bool, bool) {
        let norm = ctx.norm;
        let a = k0.saturating_sub(WINDOW);
        let b = (k1 + WINDOW).min(norm.len());
        let (ba, bb) = (norm.nbyte(a), norm.nbyte(b));
        let mut commercial = ctx.hits.iter().any(|h| SOLICITING.contains(&h.category));
        let mut programme = false;
        let input = aho_corasick::Input::new(&norm.text).range(ba..bb);
        for m in self.context.find_iter(input) {
            if m.pattern().as_usize() < self.commercial {
                commercial = true;
            } else {
                programme = true;
            }
        }
        (commercial, programme)
    }
}

/// What kind of id a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Id {
    /// A letter, then letters, digits, `_`, `-`: 6–20 in all.
    Word,
    /// 5–11 digits.
    Number,
}

/// Scans the id that starts at normalized char `i` (an ASCII letter or digit). Returns the end
/// (normalized, exclusive) and the kind, or `None` when the run is no id.
fn scan_id(text: &str, norm: &Normalized, i: usize) -> Option<(usize, Id)> {
    let first_letter = norm.char_at(i).is_ascii_alphabetic();
    let mut j = i;
    let mut len = 0usize;
    let mut digits_only = true;
    while j < norm.len() {
        let c = norm.char_at(j);
        if !c.is_ascii_alphanumeric() {
            break;
        }
        if j > i {
            let gap = gap(text, norm, j);
            if !gap.is_empty() {
                let ok = if first_letter {
                    gap.chars().all(|g| matches!(g, '_' | '-' | '＿' | '－'))
                } else {
                    // 370 150 219, 370-150-219: spaced digits of one number.
                    digits_only
                        && c.is_ascii_digit()
                        && gap
                            .chars()
                            .all(|g| matches!(g, ' ' | '-' | '\u{3000}' | '－') || is_invisible(g))
                };
                if !ok {
                    break;
                }
                if first_letter {
                    len += gap.chars().count();
                }
            }
        }
        digits_only &= c.is_ascii_digit();
        len += 1;
        j += 1;
        if len > 24 {
            return None; // a long Latin word or number, not an id
        }
    }
    if first_letter {
        (6..=20).contains(&len).then_some((j, Id::Word))
    } else if digits_only {
        (5..=11).contains(&len).then_some((j, Id::Number))
    } else {
        None
    }
}

/// The original text between normalized chars `j - 1` and `j` (empty when they are adjacent or
/// come from one original char).
fn gap<'t>(text: &'t str, norm: &Normalized, j: usize) -> &'t str {
    let (a, b) = (
        norm.origins[j - 1].end() as usize,
        norm.origins[j].start() as usize,
    );
    if a < b { &text[a..b] } else { "" }
}

/// True when nothing stood between normalized chars `k` and `k + 1` in the original (false at
/// the end of the text).
fn joined(text: &str, norm: &Normalized, k: usize) -> bool {
    k + 1 < norm.len() && gap(text, norm, k + 1).is_empty()
}

/// True when `before` ends in an e-mail's dodged `@`: `(at)`, `（at）`, `[at]`, ` at `.
fn dodged_email(before: &str) -> bool {
    let before = before.trim_end();
    let from = before
        .char_indices()
        .rev()
        .take(4)
        .last()
        .map_or(0, |(i, _)| i);
    let tail = before[from..].to_ascii_lowercase();
    ["(at)", "（at）", "[at]", " at"]
        .iter()
        .any(|w| tail.ends_with(w))
}

/// True when byte `at` lies inside a Weibo mention: going back over letters, digits, `_` and
/// `-` (a nickname's characters) reaches `@` within 30 chars.
pub(super) fn in_mention(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev().take(30) {
        match c {
            '@' | '＠' => return true,
            c if c.is_alphanumeric() || c == '_' || c == '-' => {}
            _ => return false,
        }
    }
    false
}

/// True when 加, +, ＋ or ➕ stands right before normalized char `k0` in the original.
fn added_before(text: &str, norm: &Normalized, k0: usize) -> bool {
    let before = &text[..norm.origins[k0].start() as usize];
    before
        .trim_end_matches([' ', '\u{3000}', ':', '：'])
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '加' | '+' | '＋' | '➕'))
}

/// True when the normalized text at char `i` starts with `w`.
fn starts_with_at(norm: &Normalized, i: usize, w: &str) -> bool {
    i < norm.len() && norm.text[norm.nbyte(i)..].starts_with(w)
}

/// The normalized char index of the first char at or after original byte `byte`.
/// The end of the domain in a disguised-address match `start..end`: the patterns also take the
/// char after the domain (to see that the domain ends there), which is not part of it.
fn domain_end(text: &str, start: usize, end: usize) -> usize {
    start
        + text[start..end]
            .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
            .len()
}

/// The host of a URL or bare host (`https://a.b.cn:80/x` → `a.b.cn`).
fn host_of(url: &str) -> &str {
    let rest = url.find("://").map_or(url, |i| &url[i + 3..]);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.split(':').next().unwrap_or(authority)
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    CommercialAd: "wechat_handle", "qq_handle", "group_number", "shopping_link",
        "short_link", "external_link", "throwaway_domain_link", "disguised_link";
];

/// The sets whose words wake this detector ([`Detectors::each`](crate::detect::Detectors::each)):
/// a handle follows a contact word ([`KEYWORD_SETS`]), a disguised link holds a spelled dot.
/// Links hold a dot ([`Detector::awake`]).
pub(crate) const WAKE: &[&str] = &[
    "称呼_微信",
    "称呼_qq",
    "称呼_群号",
    "单字_微信",
    "单字_qq",
    "点号",
];

impl Detector for ContactDetector {
    /// A link, or a Chinese name before a dot (星光乐园.top), holds a dot.
    fn awake(&self, ctx: &Context<'_>) -> bool {
        ctx.norm.marks & crate::normalize::marks::DOT != 0
    }

    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        // Byte spans of every link, allowed or not: a contact word inside a URL
        // (https://tz.wx-abc123.com) is no handle. Allocates only when the post has a link.
        let mut links = Vec::new();
        if self.may_hold_link(ctx.text) {
            self.links(ctx, out, &mut links);
        }
        // Every id holds an ASCII letter or digit once normalized; posts without one end here.
        if ctx.norm.text.bytes().any(|b| b.is_ascii_alphanumeric()) {
            self.handles(ctx, out, &links);
            self.disguised(ctx, out, &links);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_indices_follow_the_table() {
        let d = ContactDetector::new();
        for (rule, name) in [
            (Rule::WeChat, "wechat_handle"),
            (Rule::Qq, "qq_handle"),
            (Rule::Group, "group_number"),
            (Rule::Shop, "shopping_link"),
            (Rule::Short, "short_link"),
            (Rule::External, "external_link"),
            (Rule::Throwaway, "throwaway_domain_link"),
            (Rule::Disguised, "disguised_link"),
        ] {
            assert_eq!(&**d.rule(rule), name);
        }
    }

    #[test]
    fn a_post_the_link_gates_turn_away_holds_no_link() {
        let d = ContactDetector::new();
        // Pieces of links, decimals, spelled dots and the other spellings `(?i:)` allows.
        let pieces: Vec<&str> =
            "a|Z|w|W|3|0|.|.|．|/|:|-| |点|典|奌|中|文|com|CoM|cn|top|TOP|xyz|ſhop\
            |\u{212a}|hk|so|www|WwW|://|http|vip|ſ|icu|中文|小白龙|.top|．xyz"
                .split('|')
                .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| crate::util::below(&mut seed, n);
        let (mut turned, mut held) = ([0; 3], [0; 3]);
        for _ in 0..20_000 {
            let text: String = (0..1 + next(10))
                .map(|_| pieces[next(pieces.len())])
                .collect();
            let gates = [
                // (A link without a dot, http://localhost, is not read.)
                (
                    d.may_hold_link(&text),
                    text.contains('.') && d.links.is_match(&text),
                ),
                (d.may_hold_spelled(&text), d.disguised.is_match(&text)),
                (d.may_hold_han_label(&text), d.disguised_han.is_match(&text)),
            ];
            for (i, (gate, found)) in gates.into_iter().enumerate() {
                assert!(gate || !found, "gate {i} turned away a match in {text:?}");
                turned[i] += usize::from(!gate);
                held[i] += usize::from(found);
            }
        }
        // Each gate turned posts away, and each pattern matched many that passed.
        for i in 0..3 {
            assert!(
                turned[i] > 2_000 && held[i] > 100,
                "{i}: {turned:?} {held:?}"
            );
        }
        assert!(d.links.is_match("x.ſhop") && d.may_hold_link("x.ſhop"));
        assert!(!d.may_hold_link("增长3.5%, 上午10.30") && !d.may_hold_han_label("3.5%"));
    }

    #[test]
    fn the_domain_list_loads_through_the_line_reader_with_located_errors() {
        let shipped = parse_domains("d", DOMAINS.as_bytes()).unwrap();
        assert_eq!(shipped.get("gov.cn"), Some(&DomainKind::Allow));
        let ok = parse_domains(
            "d",
            "\u{feff}# c\r\nA.Example.COM\tshop # shop\r\n\n".as_bytes(),
        );
        assert_eq!(ok.unwrap().get("a.example.com"), Some(&DomainKind::Shop));
        let err = |text: &str| parse_domains("mine.txt", text.as_bytes()).unwrap_err();
        let e = err("gov.cn\tallow\nexample.com\n");
        assert_eq!((e.source_name(), e.line()), ("mine.txt", Some(2)));
        assert_eq!(e.kind(), &ReferenceErrorKind::Syntax);
        let e = err("gov.cn\tallow\tmore\n");
        assert_eq!(e.line(), Some(1));
        let e = err("\n\nexample.com\tbuy\n");
        assert_eq!(e.line(), Some(3));
        assert!(e.to_string().contains("unknown kind \"buy\""), "{e}");
        let e = parse_domains("bin.txt", &b"example.com\tallow\n\xff\tshop\n"[..]).unwrap_err();
        assert_eq!((e.line(), e.kind()), (Some(2), &ReferenceErrorKind::Read));
    }
    use crate::category::Account;

    fn find(text: &str) -> Vec<(String, String, Option<Action>)> {
        find_with(text, &[])
    }

    fn find_with(
        text: &str,
        hits: &[crate::verdict::Hit],
    ) -> Vec<(String, String, Option<Action>)> {
        let d = ContactDetector::new();
        crate::detect::run_detector(text, Account::Org, hits, |ctx, out| d.detect(ctx, out))
            .into_iter()
            .map(|f| (f.rule.to_string(), text[f.start..f.end].to_string(), f.cap))
            .collect()
    }

    fn rules(text: &str) -> Vec<String> {
        find(text).into_iter().map(|f| f.0).collect()
    }

    #[test]
    fn disguised_addresses_block_and_throwaway_domains_are_held() {
        let f = find("打开浏览器输入 lucky88典top 立即体验");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "disguised_link");
        assert_eq!(f[0].1, "lucky88典top");
        assert_eq!(f[0].2, None);
        // Spaces and brackets between the letters do not hide it; the span is the original.
        let f = find("入口 [ q w 7 7 ] 点 [ t o p ] 收藏");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, "q w 7 7 ] 点 [ t o p");
        let f = find("搜索 星光乐园.top 就能找到");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].0.as_str(), f[0].1.as_str()),
            ("disguised_link", "星光乐园.top")
        );
        // A bare link to a throw-away domain with no selling word: review.
        let f = find("详情见 abc123.top");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "throwaway_domain_link");
        assert_eq!(f[0].2, Some(Action::Review));
        // Near misses: times, rankings and ordinary links.
        for text in [
            "下午3点top10榜单发布",
            "晚上10点TOP榜更新",
            "全市十点com检查",
            "详情见 www.gov.cn 和 example.com",
            "人民网.cn",
            "三点水旁的字",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn the_footer_of_a_download_site_is_two_handles() {
        // The ganzhou regulation as we fetched it ends with its host's footer.
        let f = find("注:下载文档有可能内容不全。微信:fanwen365 QQ:370150219");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "wechat_handle");
        assert_eq!(f[0].1, "微信:fanwen365");
        assert_eq!(f[1].0, "qq_handle");
        assert_eq!(f[1].1, "QQ:370150219");
        // No commercial word nearby: review, not block.
        assert_eq!(f[0].2, Some(Action::Review));
    }

    #[test]
    fn commercial_words_lift_the_cap() {
        let f = find("正品茶叶批发,有意者加微信:tea_shop-88,包邮");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, "微信:tea_shop-88");
        assert_eq!(f[0].2, None);
    }

    #[test]
    fn digit_styles_are_folded_and_mapped_back() {
        let f = find("兼职日赚三百,扣扣:①③⑧①③⑧①");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, "扣扣:①③⑧①③⑧①");
        let f = find("代理加盟 Qq:一二三四五六七八。");
        assert_eq!(f[0].1, "Qq:一二三四五六七八");
        assert_eq!(f[0].2, None);
        let f = find("代理加盟 ＱＱ：１２３４５６７８");
        assert_eq!(f[0].1, "ＱＱ：１２３４５６７８");
        assert_eq!(
            find("招代理 扣扣 壹贰叁肆伍陆柒捌")[0].1,
            "扣扣 壹贰叁肆伍陆柒捌"
        );
        assert_eq!(
            find("加ｖｘ：ａｂｃ＿１２３４５")[0].1,
            "ｖｘ：ａｂｃ＿１２３４５"
        );
        assert_eq!(find("加微信:ABC_123-45")[0].1, "微信:ABC_123-45");
        assert_eq!(find("威信號 abc12345")[0].0, "wechat_handle");
        // Spaced digits of one number.
        assert_eq!(find("扣扣 370 150 219")[0].1, "扣扣 370 150 219");
    }

    #[test]
    fn many_contact_words() {
        for text in [
            "加vx:abc12345",
            "v信 abc12345",
            "薇信:abc12345",
            "威信号 abc12345",
            "加V:abc12345",
            "wx: abc12345",
            "企鹅 12345678",
            "Q群:123456789",
            "群号:123456789",
            "微信号码是 abc12345",
            "微信同号13812345678",
            "微信ID: abc12345",
            "加微:abc12345",
            "加微 abc12345",
            "+V abc12345",
        ] {
            assert_eq!(find(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn near_misses_are_not_handles() {
        for text in [
            "TV12345型电视",                     // V inside a Latin word
            "张薇123456",                        // a name, no separator
            "微信公众平台",                      // no id
            "微信 ab12",                         // too short
            "QQ: abcdefg",                       // a QQ id is a number
            "微信支付订单号 202401011234567890", // 18 digits: an order number
            "威信县召开2024年工作会议",          // a county, a year
            "vxworks 123456",
            "qqmusic123456",
            "群号",
            "微12345", // 微 without 加 or a separator
            "细微之处 见真章",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn a_long_latin_run_is_not_a_wechat_id() {
        assert!(find("微信 abcdefghijklmnopqrstuvwxyz").is_empty());
    }

    #[test]
    fn official_accounts_only_next_to_commercial_words() {
        assert!(find("欢迎关注微信公众号: ganzhou_gov 获取政务信息").is_empty());
        let f = find("关注公众号领福利,微信公众号:hongbao888");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].2, None);
    }

    #[test]
    fn government_programmes_are_reviewed_not_blocked() {
        let f = find("家电以旧换新补贴咨询QQ群:123456789,优惠多多");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].2, Some(Action::Review));
        let f = find("消费券使用说明见 https://item.taobao.com/item.htm?id=1");
        assert_eq!(f[0].0, "shopping_link");
        assert_eq!(f[0].2, Some(Action::Review));
    }

    #[test]
    fn links_by_kind() {
        let f = find("新品上市 https://item.taobao.com/item.htm?id=123。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "shopping_link");
        assert_eq!(f[0].1, "https://item.taobao.com/item.htm?id=123");
        assert_eq!(f[0].2, None);
        // A link with nothing commercial around it is not an ad (Weibo wraps every link in t.cn).
        assert!(rules("详情戳 t.cn/A6xyz12 查看").is_empty());
        assert!(rules("打开 https://example.com/a").is_empty());
        assert_eq!(rules("限时秒杀 http://t.cn/A6xyz12"), ["short_link"]);
        assert_eq!(find("限时秒杀 http://t.cn/A6xyz12")[0].2, None);
        assert_eq!(
            find("消费券 限时秒杀 http://t.cn/A6xyz12")[0].2,
            Some(Action::Review)
        );
        assert_eq!(rules("招代理 https://example.com/a"), ["external_link"]);
        assert_eq!(rules("店铺 m.tb.cn/h.abc"), ["shopping_link"]);
        assert_eq!(rules("HTTPS://JD.COM"), ["shopping_link"]);
    }

    #[test]
    fn allowed_links_and_non_links_pass() {
        for text in [
            "详见 http://www.gov.cn/zhengce/2024.htm",
            "原文 https://www.xinhuanet.com/politics/2024-01/01/c_1.htm",
            "来源 news.cn",
            "人民网 http://cpc.people.com.cn/n1/2024/0101/c1.html",
            "请登录www.jiangxi.gov.cn办理",
            "邮箱:370150219@qq.com",
            "增长3.5%",
            "版本v1.0.2发布",
            "taobao.company",
            "文件见附件 report.docx",
            "可私信或邮件:lihua2020（at）gmail.com",
            "邮件 name [at] qq.com",
        ] {
            assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
        }
    }

    #[test]
    fn weibo_mentions_are_not_handles() {
        for text in [
            "@V-xiaoyu 今天的晚霞真好看",
            "@爱吃橘子的猫V  @river_stone 雨停了",
            "@小薇薇 @lihua2020 @spring0101",
            "回复@V_h_a_p_p_y_:听说明天降温",
            "周末去爬山。@_Blue小微 @Tom_7",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
        assert!(in_mention("转发@张三V", "转发@张三".len()));
        assert!(!in_mention("转发 V", "转发 ".len()));
    }

    #[test]
    fn a_contact_word_inside_a_url_is_no_handle() {
        assert_eq!(
            rules("招代理 https://tz.wx-abc123.com/app 日结"),
            ["external_link"]
        );
        assert_eq!(rules("www.qq12345.gov.cn"), Vec::<String>::new());
        assert!(rules("联系 zhang.me@example.com").is_empty());
    }

    #[test]
    fn a_far_commercial_word_counts_within_the_window() {
        let far = format!("兼职日结{}微信:abc12345", "的".repeat(WINDOW - 5));
        assert_eq!(find(&far)[0].2, None);
        let too_far = format!("兼职日结{}微信:abc12345", "的".repeat(WINDOW + 5));
        assert_eq!(find(&too_far)[0].2, Some(Action::Review));
    }

    #[test]
    fn the_allow_list_is_configurable() {
        let mut d = ContactDetector::new();
        d.allow_domains(&["Example.com"]);
        assert_eq!(d.kind_of("www.example.com"), Some(DomainKind::Allow));
        assert_eq!(d.kind_of("example.org"), None);
        // Most specific suffix first.
        assert_eq!(d.kind_of("v.douyin.com"), Some(DomainKind::Short));
        assert_eq!(d.kind_of("www.douyin.com"), None);
        assert_eq!(d.kind_of("WWW.GOV.CN"), Some(DomainKind::Allow));
    }

    #[test]
    fn host_extraction() {
        assert_eq!(host_of("https://a.b.cn:8080/x?y"), "a.b.cn");
        assert_eq!(host_of("http://user@t.cn/abc"), "t.cn");
        assert_eq!(host_of("t.cn/abc"), "t.cn");
        assert_eq!(host_of("www.gov.cn"), "www.gov.cn");
    }

    #[test]
    fn nothing_found_in_plain_posts() {
        assert!(find("今天召开全市经济工作会议,部署明年重点任务。").is_empty());
        assert!(find("").is_empty());
    }

    #[test]
    fn shipped_domain_list_parses() {
        let d = ContactDetector::new();
        assert!(d.domains.len() > 50);
        assert_eq!(d.kind_of("gov.cn"), Some(DomainKind::Allow));
        assert_eq!(d.kind_of("taobao.com"), Some(DomainKind::Shop));
        assert_eq!(d.kind_of("t.cn"), Some(DomainKind::Short));
    }
}
