//! Figures that need sign-off (`needs_signoff`; H17 未经审核或授权,严禁擅自发布重要政务信息、突发性
//! 事件、统计数据; H19 重大政务信息发布要经…签批同意; Y13 案件侦查调查、法庭审理及判决、灾情疫情、统计
//! 数据、环保测评).
//!
//! `lexicons/needs_signoff.txt` holds the words; this detector finds the figures, which a word
//! list cannot: a statistic is a statistic word with a number and a unit. It reads the ORIGINAL
//! text, because normalization drops `.` and `%` (3.5% would become 35). Digits may be ASCII,
//! full-width or, where a report would write them so, Chinese (造成三人死亡, 百分之三点五).
//!
//! Rules (the hit's `term`):
//! - `statistic_change`: 同比/环比/比上年/较去年同期/年均/增速/增幅/降幅/涨幅, then in the same
//!   sentence within 12 chars a percentage or 个百分点 (同比增长3.5%, 环比下降0.2个百分点).
//! - `statistic_bureau`: 统计局, then in the same sentence a percentage or an amount in 万/亿元, 万人.
//! - `statistic_indicator`: GDP, CPI, 生产总值, 财政收入, 社会消费品零售总额, 固定资产投资,
//!   人均可支配收入 …, then an amount in 元/万元/亿元 or a percentage.
//! - `statistic_rate`: 失业率, 出生率, 城镇化率, 病死率, 破案率 …, then a percentage.
//! - `casualty_count`: a number, 名/人/位 (and up to four chars: 名工人), then 死亡/遇难/受伤/失踪/被困
//!   (造成3人死亡, 致两人受伤); 3死5伤; 死亡人数升至12人.
//! - `case_count`: 新增确诊病例12例, 确诊病例3例, 无症状感染者5例, 阳性1例.
//! - `disaster_figure`: 受灾人口, 紧急转移安置, 倒塌房屋, 直接经济损失 …, then an Arabic number with
//!   人/户/间/亩/公顷/万元/亿元 (a Chinese 一人 there means "per person").
//!
//! Ordinary numbers do not fire: every rule is anchored on a statistic, casualty or case word,
//! and wants its own unit next to the number, so dates (2024年3月5日), phone numbers, addresses
//! (35号), prices (票价50元, 优惠20%) and plain percentages (满意度达98%) pass. Also passing: 同比例
//! (a proportion, not a comparison), a casualty count after a negation (无一人死亡), and casualty
//! figures in a commemoration (国家公祭日, 缅怀, 抗战, 烈士).
//!
//! Reported as notes, as the lexicon's context rules `境外事件` and `企业市场数据` report the
//! words of `needs_signoff.txt` (`contexts.txt`), and from the same shipped sets: a figure whose
//! sentence names a place abroad (`$境外`: 巴基斯坦爆炸致13人死亡, 英国经济增速为0.8%) unless it
//! counts Chinese people or interests (`$涉我`), and a statistic whose sentence is about a
//! company or a market (`$市场数据`: 净利同比增80%, 港股跌幅2.43%). Those are news, not this
//! authority's 灾情 or 统计数据.
//!
//! The context words are looked for on the normalized view, within 40 chars of the figure in its
//! sentence, so they are written once, in simplified characters.
//!
//! On a `private` account the engine reports these as `official_info_on_private`
//! ([`Policy::resolve`](crate::policy::Policy)); the reason says so.

use std::sync::Arc;

use aho_corasick::AhoCorasick;

use crate::category::{Account, Action, Category};
use crate::detect::alternation::Alternation;
use crate::detect::vocab::words;
use crate::detect::{
    Context, Detector, DetectorRule, Finding, Findings, detector_rules, rule_names, spelt,
    words_automaton,
};
use crate::normalize::Normalized;

/// The compiled figure rules of one engine.
#[derive(Clone, Debug)]
pub(crate) struct SignoffDetector {
    /// The figure patterns ([`figure_patterns`]), matched as one leftmost-first alternation,
    /// each its own regex tried anchored where a match of it can start ([`Alternation`]). As
    /// one regex, their bounded gaps (`{SEP}{0,40}?` after any of several word sets)
    /// multiplied into more DFA states than the lazy DFA's cache holds: on official news,
    /// where most posts wake this detector, the cache was cleared and rebuilt again and again
    /// (callgrind on the first 2,000 cctv posts screened twice: 120k instructions a post the
    /// second time, 48k with a cache that holds them). Searched for apart but unanchored, each
    /// still built DFA states for every new post: 11.9k instructions a post of official news
    /// never seen before (posts 10,000 to 20,000 of cctv), 3.6k tried anchored.
    patterns: Alternation,
    /// Pattern index → rule.
    kinds: Vec<Kind>,
    /// Words of a commemoration: casualty figures of history are not a current emergency.
    commemoration: AhoCorasick,
    /// The shipped sets `境外`, `涉我` and `市场数据` (see the module doc), normalized.
    abroad: AhoCorasick,
    ours: AhoCorasick,
    market: AhoCorasick,
    rules: [Arc<str>; 7],
}

/// The rule a pattern belongs to; the index into `rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Change = 0,
    Bureau = 1,
    Indicator = 2,
    Rate = 3,
    Casualty = 4,
    Case = 5,
    Disaster = 6,
}

impl Default for SignoffDetector {
    fn default() -> SignoffDetector {
        SignoffDetector::new()
    }
}

/// Any char of the same sentence.
const SEP: &str = r"[^。；;！!？?\n]";
/// Any char of the same clause (no comma either).
const CLAUSE: &str = r"[^。；;！!？?\n，,、]";
const SP: &str = r"[ \u{3000}]?";
/// An Arabic number, ASCII or full-width, with an optional decimal part.
const NUM: &str = r"[0-9０-９]+(?:[.．][0-9０-９]+)?";
/// The digit words a [`CNUM`] starts with (also the detector's gate).
macro_rules! cnum_first {
    () => {
        "一二两兩三四五六七八九十"
    };
}
/// True for the chars a number of a pattern starts with: a digit, ASCII or full-width, or a
/// digit word of [`cnum_first!`] (a test holds the two to each other). What the detector's gate
/// looks for, char by char: written as a match, not a search of the string of digit words (a
/// call a char, a third of the detector on a 200-char post).
fn starts_number(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '０'..='９'
            | '一'
            | '二'
            | '两'
            | '兩'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
    )
}

/// A Chinese number that a report would write: starts with a digit word, not 万 or 千 alone.
const CNUM: &str = concat!(
    "[",
    cnum_first!(),
    "][零〇一二两兩三四五六七八九十百千万萬]*"
);

/// A matcher of `words`, normalized as text is, each taken literally.
fn words_matcher(words: &[&str]) -> AhoCorasick {
    words_automaton(
        words
            .iter()
            .filter_map(|w| crate::normalize::normalize_term(w))
            .filter(|w| !w.is_empty()),
    )
}

/// The normalized text of the sentence around the ORIGINAL span `start..end`, at most 40 chars
/// each side: where the context words of a figure are looked for. Also its normalized byte
/// offset.
fn around(norm: &Normalized, start: usize, end: usize) -> (&str, usize) {
    let (i, j) = (norm.index_of_original(start), norm.index_of_original(end));
    let (from, to) = norm.sentence_around(i, j, 40);
    (&norm.text[from..to], from)
}

impl SignoffDetector {
    pub(crate) fn new() -> SignoffDetector {
        let patterns = figure_patterns();
        SignoffDetector {
            patterns: Alternation::new(&patterns.iter().map(|p| p.1.as_str()).collect::<Vec<_>>())
                .expect("the sign-off patterns compile"),
            kinds: patterns.iter().map(|p| p.0).collect(),
            commemoration: words_matcher(&words("纪念")),
            abroad: words_matcher(&words("境外")),
            ours: words_matcher(&words("涉我")),
            market: words_matcher(&words("市场数据")),
            rules: rule_names(RULES),
        }
    }
}

/// The figure patterns, in priority order (at one start, the first that matches is taken), with
/// their rules.
fn figure_patterns() -> Vec<(Kind, String)> {
    // Structural words are spelt here, in simplified form: `spelt` accepts every spelling
    // that folds to them (個百分點, 萬億元), as for the vocabularies below.
    let pct = format!(
        "(?:{NUM}{SP}(?:%|％|‰|{})|百分之[零〇一二两三四五六七八九十百点點]+)",
        spelt(&["个百分点"])
    );
    let about = spelt(&["余", "多"]);
    let count = format!("(?:{NUM}|{CNUM}){SP}{about}?");
    let money = format!(
        "{NUM}{SP}{about}?{}",
        spelt(&["万亿元", "亿元", "亿美元", "万元", "元"])
    );
    // The vocabularies are data (lexicons/detectors/signoff.txt), in every spelling that
    // folds to them.
    let set = |name: &str| spelt(&words(name));
    let (change, rate) = (set("对比"), set("比率"));
    let indicator = format!("(?i:{})", set("经济指标"));
    let (outcome, outcome_first) = (set("伤亡"), set("伤亡在前"));
    let (disaster, disaster_unit) = (set("灾情"), set("灾情单位"));
    let case_words = set("病例");
    let (bureau, case_first, injured) = (set("统计机构"), set("病例开头"), set("死伤"));
    vec![
        (Kind::Change, format!("{change}{SEP}{{0,12}}?{pct}")),
        (
            Kind::Bureau,
            format!(
                "{bureau}{SEP}{{0,40}}?(?:{pct}|{NUM}{SP}{})",
                spelt(&["万亿元", "亿元", "万人", "万户"])
            ),
        ),
        (
            Kind::Indicator,
            format!("{indicator}{SEP}{{0,15}}?(?:{money}|{pct})"),
        ),
        (Kind::Rate, format!("{rate}{SEP}{{0,8}}?{pct}")),
        (
            Kind::Casualty,
            format!("{count}(?:名|人|位){CLAUSE}{{0,4}}?{outcome}"),
        ),
        (
            Kind::Casualty,
            format!("(?:{NUM}|{CNUM})死(?:{NUM}|{CNUM}){injured}"),
        ),
        (
            Kind::Casualty,
            format!(
                "{outcome_first}{}?{CLAUSE}{{0,6}}?{count}(?:人|名)",
                spelt(&["人数", "人员"])
            ),
        ),
        (
            Kind::Case,
            format!(
                "新增{}?{case_words}{SEP}{{0,10}}?(?:{NUM}|{CNUM}){SP}例",
                spelt(&["本土", "境外输入", "输入性", "无症状"])
            ),
        ),
        (
            Kind::Case,
            format!(
                "{case_first}{}?{SP}(?:{NUM}|{CNUM}){SP}例",
                spelt(&["病例"])
            ),
        ),
        (
            Kind::Disaster,
            format!("{disaster}{CLAUSE}{{0,8}}?(?:{money}|{NUM}{SP}{about}?{disaster_unit})"),
        ),
    ]
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    NeedsSignoff: "statistic_change", "statistic_bureau", "statistic_indicator", "statistic_rate",
        "casualty_count", "case_count", "disaster_figure";
];

/// The sets whose words wake this detector ([`Detectors::each`](crate::detect::Detectors::each)):
/// every pattern above holds a word of one of them, and a figure without one is no statistic,
/// casualty, case or disaster figure.
pub(crate) const WAKE: &[&str] = &[
    "对比",
    "统计机构",
    "经济指标",
    "比率",
    "伤亡",
    "伤亡在前",
    "病例",
    "病例开头",
    "死伤",
    "灾情",
];

impl Detector for SignoffDetector {
    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        let text = ctx.text;
        // Every pattern holds a number (NUM, CNUM or 百分之…): a post without a digit or a
        // Chinese digit word has nothing to find, and this scan costs less than the search.
        if !text.contains(starts_number) && !text.contains("百分之") {
            return;
        }
        for (p, m) in self.patterns.matches(text) {
            let (start, end) = (m.start(), m.end());
            let kind = self.kinds[p];
            match kind {
                Kind::Change if text[start..].starts_with("同比例") => continue,
                Kind::Casualty => {
                    let before = text[..start].chars().next_back();
                    // 无人死亡, 未造成人员伤亡: a negated count.
                    if before.is_some_and(|c| "无未零没不".contains(crate::normalize::fold(c)))
                    {
                        continue;
                    }
                }
                _ => {}
            }
            let (window, at) = around(ctx.norm, start, end);
            if kind == Kind::Casualty && self.commemoration.is_match(window) {
                continue;
            }
            let statistic = matches!(
                kind,
                Kind::Change | Kind::Bureau | Kind::Indicator | Kind::Rate
            );
            let context = match self.abroad.find(window) {
                Some(cue) if !self.ours.is_match(window) => Some(("境外事件", cue)),
                _ if statistic => self.market.find(window).map(|cue| ("企业市场数据", cue)),
                _ => None,
            };
            let what = match kind {
                Kind::Change | Kind::Bureau | Kind::Indicator | Kind::Rate => "统计数据",
                Kind::Casualty => "突发事件伤亡人数",
                Kind::Case => "疫情数据",
                Kind::Disaster => "灾情数据",
            };
            let mut reason = if ctx.account == Account::Private {
                format!("私人账号不得发布与履行公务有关的信息: {what}")
            } else {
                format!("须经审核签发: {what}")
            };
            // As the lexicon's context rules word it, with the cue as the post spells it.
            let cap = context.map(|(name, cue)| {
                let norm = ctx.norm;
                let (c0, c1) = (
                    norm.char_index(at + cue.start()),
                    norm.char_index(at + cue.end()),
                );
                let (b0, b1) = norm.original_span(c0, c1);
                reason = format!("{reason}; {name}语境「{}」, 仅作提示", &text[b0..b1]);
                Action::Note
            });
            out.push(Finding {
                category: Category::NeedsSignoff,
                rule: self.rules[kind as usize].clone(),
                start,
                end,
                cap,
                reason,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;

    #[test]
    fn the_gate_knows_the_chars_numbers_start_with() {
        let first: Vec<char> = cnum_first!().chars().collect();
        let mut n = 0;
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let number = c.is_ascii_digit() || ('０'..='９').contains(&c) || first.contains(&c);
            assert_eq!(starts_number(c), number, "{c:?}");
            n += usize::from(number);
        }
        assert_eq!(n, 10 + 10 + first.len());
    }

    fn find_for(text: &str, account: Account) -> Vec<Finding> {
        let d = SignoffDetector::new();
        crate::detect::run_detector(text, account, &[], |ctx, out| d.detect(ctx, out))
    }

    fn find(text: &str) -> Vec<(String, String)> {
        find_for(text, Account::Org)
            .into_iter()
            .map(|f| {
                assert_eq!(f.category, Category::NeedsSignoff);
                (f.rule.to_string(), text[f.start..f.end].to_string())
            })
            .collect()
    }

    #[test]
    fn the_patterns_apart_match_as_they_did_as_one_regex() {
        let patterns = figure_patterns();
        let union =
            Regex::new_many(&patterns.iter().map(|p| p.1.as_str()).collect::<Vec<_>>()).unwrap();
        let d = SignoffDetector::new();
        let texts = [
            "全市规上工业企业利润同比增长3.5%，事故造成3人死亡、2人受伤，新增本土确诊病例12例",
            "据市统计局消息,1至5月全市居民收入增加了4.1%,失业率为5.2%,同比增长3.5%同比增长4%",
            "受灾人口3.2万人,直接经济损失1.5亿元;3死2伤;死亡人数升至5人。全年GDP达到5120.3亿元",
            "环比下降0.2个百分点，增速达到６．２％，比上年同期增长百分之三点五，无人死亡",
            "",
            "没有数字的句子。",
        ];
        let mut seen = 0;
        for text in texts {
            let one: Vec<(usize, usize, usize)> = union
                .find_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let apart: Vec<(usize, usize, usize)> = (d.patterns.matches(text))
                .map(|(p, m)| (p, m.start(), m.end()))
                .collect();
            assert_eq!(apart, one, "{text}");
            seen += one.len();
        }
        assert!(seen >= 10, "{seen}");
        // Every pattern starts with one of a bounded set of chars: none is tried at every char.
        assert!(!d.patterns.tries_anywhere());
    }

    fn one(text: &str) -> (String, String) {
        let f = find(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f.into_iter().next().unwrap()
    }

    #[test]
    fn statistics() {
        assert_eq!(one("全市规上工业企业利润同比增长3.5%。").1, "同比增长3.5%");
        assert_eq!(
            one("规上工业增加值同比增长3.5%").1,
            "工业增加值同比增长3.5%"
        );
        assert_eq!(one("网络零售额环比下降0.2个百分点").0, "statistic_change");
        assert_eq!(one("一季度增速达到６．２％").1, "增速达到６．２％");
        assert_eq!(one("比上年同期增长百分之三点五").0, "statistic_change");
        assert_eq!(
            one("据市统计局消息,1至5月全市居民收入增加了4.1%").0,
            "statistic_bureau"
        );
        assert_eq!(one("全年GDP达到5120.3亿元").1, "GDP达到5120.3亿元");
        assert_eq!(
            one("全市地区生产总值突破千亿,达1003亿元").0,
            "statistic_indicator"
        );
        assert_eq!(one("城镇调查失业率为5.2%").1, "失业率为5.2%");
        assert_eq!(one("居民人均可支配收入35000元").0, "statistic_indicator");
    }

    #[test]
    fn casualties_cases_and_disasters() {
        let f = find("事故造成3人死亡、2人受伤");
        assert_eq!(
            f.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
            ["3人死亡", "2人受伤"]
        );
        assert_eq!(one("交通事故致1人死亡").0, "casualty_count");
        assert_eq!(one("致两名工人受伤").1, "两名工人受伤");
        assert_eq!(one("已造成5死3伤").1, "5死3伤");
        assert_eq!(one("遇难人数升至12人").1, "遇难人数升至12人");
        assert_eq!(one("10余人被困").0, "casualty_count");
        assert_eq!(one("昨日新增确诊病例12例").1, "新增确诊病例12例");
        assert_eq!(one("新增本土无症状感染者5例").0, "case_count");
        assert_eq!(one("累计报告确诊病例 1203 例").1, "确诊病例 1203 例");
        assert_eq!(one("紧急转移安置群众1.2万人").0, "disaster_figure");
        assert_eq!(one("直接经济损失3000余万元").1, "直接经济损失3000余万元");
    }

    #[test]
    fn traditional_spellings_come_from_the_folding_table() {
        assert_eq!(
            one("網路零售額環比下降0.2個百分點").1,
            "環比下降0.2個百分點"
        );
        assert_eq!(one("城鎮調查失業率為5.2%").1, "失業率為5.2%");
        assert_eq!(one("事故造成3人遇難").1, "3人遇難");
        assert_eq!(one("新增確診病例12例").1, "新增確診病例12例");
        assert_eq!(one("直接經濟損失3000餘萬元").1, "直接經濟損失3000餘萬元");
        assert_eq!(one("據市統計局消息,收入增加了4.1%").0, "statistic_bureau");
        // A negated count, in either spelling (一人死亡 alone is a count).
        assert!(find("所幸無一人死亡").is_empty());
        assert!(find("所幸沒一人死亡").is_empty());
        assert_eq!(one("所幸一人死亡").1, "一人死亡");
    }

    #[test]
    fn ordinary_numbers_pass() {
        for text in [
            "2024年3月5日上午9时召开全市经济工作会议。",
            "咨询电话:0797-1234567,13812345678。",
            "办公地址:长征大道35号3楼305室。",
            "门票价格50元,团体优惠20%。",
            "群众满意度达98.5%。",
            "共有120人参加培训,一人一档。",
            "按同比例分配,各占30%。",
            "事故未造成人员伤亡。",
            "所幸无一人死亡。",
            "实现安全生产零死亡。",
            "国家公祭日:30万同胞遇难,我们缅怀,300000人遇难的历史不容忘记。",
            "完成手术100例。",
            "按受灾群众一人一天十元的标准发放补助。", // 一人 is "per person" here
            "",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    /// (rule, matched, action cap, reason) of each finding.
    fn noted(text: &str) -> Vec<(String, String, Option<Action>, String)> {
        find_for(text, Account::Org)
            .into_iter()
            .map(|f| {
                (
                    f.rule.to_string(),
                    text[f.start..f.end].to_string(),
                    f.cap,
                    f.reason,
                )
            })
            .collect()
    }

    #[test]
    fn figures_abroad_and_of_markets_are_notes() {
        // A place abroad in the sentence: a note that names it as the post spells it.
        let f = noted("巴基斯坦清真寺爆炸已致30人死亡");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].1.as_str(), f[0].2), ("30人死亡", Some(Action::Note)));
        assert!(
            f[0].3.ends_with("境外事件语境「巴基斯坦」, 仅作提示"),
            "{}",
            f[0].3
        );
        let f = noted("英國第三季度經濟增速為0.8%");
        assert_eq!(f[0].2, Some(Action::Note), "{f:?}");
        assert!(f[0].3.contains("「英國」"), "{}", f[0].3);
        // ... unless it counts our own people.
        let f = noted("巴基斯坦爆炸致3名中国公民受伤");
        assert_eq!(f[0].2, None, "{f:?}");
        // Only in its sentence: the next sentence is news of our own.
        let f = noted("美国暴雨致5人死亡。我市暴雨致2人死亡");
        let caps: Vec<_> = f.iter().map(|f| (f.1.as_str(), f.2)).collect();
        assert_eq!(caps, [("5人死亡", Some(Action::Note)), ("2人死亡", None)]);
        // A company's or a market's figures are not official statistics...
        let f = noted("谷歌第二季净利14.8亿美元同比增长18.4%");
        assert_eq!(f[0].2, Some(Action::Note), "{f:?}");
        assert!(
            f[0].3.ends_with("企业市场数据语境「净利」, 仅作提示"),
            "{}",
            f[0].3
        );
        // ... but a casualty count stays one in a sentence about shares.
        let f = noted("上市公司工厂爆炸致3人死亡");
        assert_eq!(f[0].2, None, "{f:?}");
        // Official figures at home keep their sign-off.
        for text in [
            "全市规上工业企业利润同比增长3.5%",
            "9月全国70大中城市房价同比涨2.8%",
            "我市交通事故致1人死亡",
        ] {
            let f = noted(text);
            assert!(
                !f.is_empty() && f.iter().all(|f| f.2.is_none()),
                "{text}: {f:?}"
            );
        }
    }

    #[test]
    fn the_reason_names_the_private_account_rule() {
        let f = find_for("同比增长3.5%", Account::Private);
        assert!(f[0].reason.starts_with("私人账号"), "{}", f[0].reason);
        let f = find_for("同比增长3.5%", Account::Staff);
        assert!(f[0].reason.starts_with("须经审核签发"), "{}", f[0].reason);
    }
}
