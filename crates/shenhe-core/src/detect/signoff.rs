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
//! On a `private` account the engine reports these as `official_info_on_private`
//! ([`Policy::resolve`](crate::policy::Policy)); the reason says so.

use std::sync::Arc;

use regex_automata::meta::Regex;

use crate::category::{Account, Category};
use crate::detect::{
    Context, Detector, DetectorRule, Finding, Findings, detector_rules, rule_names,
};

/// The compiled figure rules of one engine.
#[derive(Clone, Debug)]
pub(crate) struct SignoffDetector {
    /// One pattern per entry of `KINDS` order (see `new`).
    patterns: Regex,
    /// Pattern index → rule.
    kinds: Vec<Kind>,
    /// Words of a commemoration: casualty figures of history are not a current emergency.
    commemoration: Regex,
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
/// A Chinese number that a report would write: starts with a digit word, not 万 or 千 alone.
const CNUM: &str = concat!(
    "[",
    cnum_first!(),
    "][零〇一二两兩三四五六七八九十百千万萬]*"
);

/// Comparisons that make a percentage a statistic (同比增长3.5%).
const CHANGE: &[&str] = &[
    "同比",
    "[环環]比",
    "[较較比](?:上年|去年)(?:同期)?",
    "[较較比]上(?:月|季度|周|週)",
    "年均",
    "增速",
    "增幅",
    "降幅",
    "[涨漲]幅",
    "跌幅",
];
/// Economic indicators (GDP达5120亿元).
const INDICATOR: &[&str] = &[
    "(?i:gdp|cpi|ppi)",
    "ＧＤＰ",
    "ＣＰＩ",
    "ＰＰＩ",
    "地区生产总值",
    "国内生产总值",
    "生产总值",
    "生產總值",
    "财政收入",
    "一般公共预算收入",
    "社会消费品零售总额",
    "社零总额",
    "固定资产投资",
    "进出口总额",
    "外贸进出口",
    "人均可支配收入",
    "工业增加值",
    "居民消费价格",
];
/// Rates (失业率为5.2%).
const RATE: &[&str] = &[
    "失业率",
    "失業率",
    "就业率",
    "就業率",
    "出生率",
    "死亡率",
    "自然增长率",
    "城镇化率",
    "通胀率",
    "通货膨胀率",
    "贫困发生率",
    "病死率",
    "阳性率",
    "感染率",
    "发病率",
    "犯罪率",
    "破案率",
];
/// What happened to the people counted (3人死亡).
const OUTCOME: &[&str] = &[
    "死亡", "遇难", "遇難", "身亡", "丧生", "喪生", "罹难", "罹難", "受伤", "受傷", "重伤", "重傷",
    "轻伤", "輕傷", "失踪", "失蹤", "失联", "失聯", "被困", "受困", "伤亡", "傷亡",
];
/// Outcomes that lead a count (死亡人数升至12人).
const OUTCOME_FIRST: &[&str] = &[
    "死亡", "遇难", "遇難", "受伤", "受傷", "失踪", "失蹤", "失联", "失聯", "伤亡", "傷亡",
];
/// Disaster figures (紧急转移安置群众1.2万人).
const DISASTER: &[&str] = &[
    "受灾人口",
    "受災人口",
    "受灾群众",
    "紧急转移安置",
    "紧急转移",
    "转移安置",
    "倒塌房屋",
    "房屋倒塌",
    "损毁房屋",
    "直接经济损失",
    "經濟損失",
    "经济损失",
    "农作物受灾面积",
    "受灾面积",
    "成灾面积",
    "受灾",
];
/// Units of a disaster count.
const DISASTER_UNIT: &[&str] = &[
    "万人", "萬人", "人次", "人", "户", "戶", "间", "間", "公顷", "公頃", "万亩", "萬畝", "亩",
    "畝",
];
/// Words of a commemoration.
const COMMEMORATION: &[&str] = &[
    "公祭",
    "大屠杀",
    "纪念",
    "紀念",
    "缅怀",
    "緬懷",
    "悼念",
    "抗战",
    "抗戰",
    "抗日",
    "烈士",
    "历史",
    "歷史",
];

/// `(?:a|b|c)`.
fn alt(words: &[&str]) -> String {
    format!("(?:{})", words.join("|"))
}

impl SignoffDetector {
    pub(crate) fn new() -> SignoffDetector {
        let pct = format!(
            "(?:{NUM}{SP}(?:%|％|‰|个百分点|個百分點)|百分之[零〇一二两三四五六七八九十百点點]+)"
        );
        let count = format!("(?:{NUM}|{CNUM}){SP}(?:余|餘|多)?");
        let money =
            format!("{NUM}{SP}(?:多|余|餘)?(?:万亿元|萬億元|亿元|億元|亿美元|億美元|万元|萬元|元)");
        let (change, indicator, rate) = (alt(CHANGE), alt(INDICATOR), alt(RATE));
        let (outcome, outcome_first) = (alt(OUTCOME), alt(OUTCOME_FIRST));
        let (disaster, disaster_unit) = (alt(DISASTER), alt(DISASTER_UNIT));
        let case_words =
            "(?:确诊病例|確診病例|确诊|確診|疑似病例|死亡病例|病例|无症状感染者|感染者)";
        let patterns: Vec<(Kind, String)> = vec![
            (Kind::Change, format!("{change}{SEP}{{0,12}}?{pct}")),
            (
                Kind::Bureau,
                format!(
                    "[统統][计計]局{SEP}{{0,40}}?(?:{pct}|{NUM}{SP}(?:万亿元|萬億元|亿元|億元|万人|萬人|万户|萬戶))"
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
                format!("(?:{NUM}|{CNUM})死(?:{NUM}|{CNUM})[伤傷]"),
            ),
            (
                Kind::Casualty,
                format!("{outcome_first}(?:人数|人數|人员|人員)?{CLAUSE}{{0,6}}?{count}(?:人|名)"),
            ),
            (
                Kind::Case,
                format!(
                    "新增(?:本土|境外输入|输入性|无症状)?{case_words}{SEP}{{0,10}}?(?:{NUM}|{CNUM}){SP}例"
                ),
            ),
            (
                Kind::Case,
                format!(
                    "(?:确诊|確診|疑似|无症状感染者|感染者|病例|阳性|陽性)(?:病例)?{SP}(?:{NUM}|{CNUM}){SP}例"
                ),
            ),
            (
                Kind::Disaster,
                format!(
                    "{disaster}{CLAUSE}{{0,8}}?(?:{money}|{NUM}{SP}(?:余|餘|多)?{disaster_unit})"
                ),
            ),
        ];
        let regex = Regex::new_many(&patterns.iter().map(|p| p.1.as_str()).collect::<Vec<_>>())
            .expect("sign-off patterns compile");
        let commemoration = Regex::new(&COMMEMORATION.join("|")).expect("commemoration compiles");
        SignoffDetector {
            patterns: regex,
            kinds: patterns.iter().map(|p| p.0).collect(),
            commemoration,
            rules: rule_names(RULES),
        }
    }

    /// True when a commemoration word stands within 40 chars of the span, in its sentence.
    fn commemorates(&self, text: &str, start: usize, end: usize) -> bool {
        let is_end = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '\n');
        let mut a = start;
        for (n, (i, c)) in text[..start].char_indices().rev().enumerate() {
            if n >= 40 || is_end(c) {
                break;
            }
            a = i;
        }
        let mut b = end;
        for (n, (i, c)) in text[end..].char_indices().enumerate() {
            if n >= 40 || is_end(c) {
                break;
            }
            b = end + i + c.len_utf8();
        }
        self.commemoration.is_match(&text[a..b])
    }
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    NeedsSignoff: "statistic_change", "statistic_bureau", "statistic_indicator", "statistic_rate",
        "casualty_count", "case_count", "disaster_figure";
];

impl Detector for SignoffDetector {
    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        let text = ctx.text;
        // Every pattern holds a number (NUM, CNUM or 百分之…): a post without a digit or a
        // Chinese digit word has nothing to find, and this scan costs less than the search.
        let numeral = |c: char| matches!(c, '0'..='9' | '０'..='９') || cnum_first!().contains(c);
        if !text.contains(numeral) && !text.contains("百分之") {
            return;
        }
        for m in self.patterns.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let kind = self.kinds[m.pattern().as_usize()];
            match kind {
                Kind::Change if text[start..].starts_with("同比例") => continue,
                Kind::Casualty => {
                    let before = text[..start].chars().next_back();
                    if before.is_some_and(|c| {
                        matches!(c, '无' | '無' | '未' | '零' | '没' | '沒' | '不')
                    }) {
                        continue;
                    }
                    if self.commemorates(text, start, end) {
                        continue;
                    }
                }
                _ => {}
            }
            let what = match kind {
                Kind::Change | Kind::Bureau | Kind::Indicator | Kind::Rate => "统计数据",
                Kind::Casualty => "突发事件伤亡人数",
                Kind::Case => "疫情数据",
                Kind::Disaster => "灾情数据",
            };
            let reason = if ctx.account == Account::Private {
                format!("私人账号不得发布与履行公务有关的信息: {what}")
            } else {
                format!("须经审核签发: {what}")
            };
            out.push(Finding {
                category: Category::NeedsSignoff,
                rule: self.rules[kind as usize].clone(),
                start,
                end,
                cap: None,
                reason,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn the_reason_names_the_private_account_rule() {
        let f = find_for("同比增长3.5%", Account::Private);
        assert!(f[0].reason.starts_with("私人账号"), "{}", f[0].reason);
        let f = find_for("同比增长3.5%", Account::Staff);
        assert!(f[0].reason.starts_with("须经审核签发"), "{}", f[0].reason);
    }
}
