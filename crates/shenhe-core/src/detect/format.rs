//! Format notes (`format`; X12 #话题#, 【标题+序号】, #栏目名称#; G8 单条文字应控制在单条微博发布的限
//! 制范围…可多条编号连续发布).
//!
//! Three rules, all advice: the category's default is `note` for every account type, so they never
//! change a verdict unless a policy says otherwise.
//!
//! - `series_without_topic`: the post is one of a series (X12: 若篇幅过长,需要连续发布若干条微博…可在
//!   每条开头设置“#话题#”…或者以“【标题+序号】”的方式呈现) but has neither a `#话题#` nor a
//!   `【标题+序号】`. Series markers: a bracketed part number (`(2/3)`, `【2/3】`, `（续）`, `(上)`, `(下篇)`),
//!   a bare part number at the very start (`1/3 `, at most 9 parts, so 3/15 is a date) or the very
//!   end of the post, and continuation words (the sets `分篇` and `接续`: 接上条, 续上条, 未完待续,
//!   见下条). Each word is also found in every spelling that folds to it (小課堂, 續). A part number
//!   must read as one: 1 ≤ part ≤ parts ≤ 30. A 【…】 counts as 【标题+序号】 when it holds a number
//!   that is not a date or an amount (【防汛知识2】, 【防汛知识①】, 【知识之二】, 【知识(上)】, 【第3期】).
//! - `column_without_tag`: the post opens with a column's title, 【…】 ending in a column word
//!   (the set `栏目` of `lexicons/sets.txt`: 课堂, 讲堂, 说法, 小贴士, 早知道, 专栏, 科普, 解读 …) or
//!   holding 第N期, but carries no `#栏目名称#` in its first 50 characters (X12: 发布栏目所有信息需在文字
//!   起始位置加“#栏目名称#”). An ordinary news title (【我市召开防汛工作会议】) is not a column.
//! - `long_post`: the post has more characters than `Config::long_post_chars` (default 2000). The
//!   span is the 20 characters where the excess begins, not the whole excess, so a verdict stays
//!   small; the reason gives both lengths.

use std::sync::Arc;

use regex_automata::meta::Regex;

use crate::category::Category;
use crate::detect::vocab::words;
use crate::detect::{
    Context, Detector, DetectorRule, Finding, Findings, detector_rules, rule_names, spelt,
    spelt_chars,
};

/// The compiled format rules of one engine.
#[derive(Clone, Debug)]
pub(crate) struct FormatDetector {
    /// Posts with more chars than this get a `long_post` note.
    pub(crate) long_post_chars: usize,
    /// 0: bracketed part number; 1: bracketed part word; 2: continuation words; 3: bare part
    /// number.
    series: Regex,
    /// A sequence number inside a 【…】 title.
    numbered: Regex,
    /// A column's title: 0: 【…课堂】 (short titles only), 1: 【…第3期】.
    column: Regex,
    rules: [Arc<str>; 3],
}

impl Default for FormatDetector {
    fn default() -> FormatDetector {
        FormatDetector::new()
    }
}

const OPEN: &str = "[(（\\[【〔]";
const CLOSE: &str = "[)）\\]】〕]";
const D: &str = "[0-9０-９]";
const SP: &str = "[ \u{3000}]*";

impl FormatDetector {
    pub(crate) fn new() -> FormatDetector {
        // The vocabularies are lexicon sets (lexicons/sets.txt), in every spelling that folds
        // to them.
        let continuation = words("接续");
        let series = Regex::new_many(&[
            format!("{OPEN}{SP}{D}{{1,2}}{SP}[/／]{SP}{D}{{1,2}}{SP}{CLOSE}"),
            // Not in [ ]: [上] and [下] are Weibo emoticons.
            format!("[(（【〔]{SP}{}{SP}[)）】〕]", spelt(&words("分篇"))),
            // Not 待续 alone: 期待续集.
            spelt(&continuation),
            format!("{D}{{1,2}}[/／]{D}{{1,2}}"),
        ])
        .expect("series patterns compile");
        let numbered = Regex::new_many(&[
            // A number that is not a date, an amount or an age: 【防汛知识2】, 【知识①】.
            format!(
                "(?:{D}+|[①-⑳])(?:$|[^0-9０-９%％{}])",
                spelt_chars("年月日号时点万亿元岁届")
            ),
            "之[一二三四五六七八九十]".to_string(),
            "[(（][一二三四五六七八九十上中下][)）]".to_string(),
            "[上中下]篇".to_string(),
            format!(
                "第[一二三四五六七八九十百]+[{}]",
                spelt_chars("期篇条讲课集部")
            ),
        ])
        .expect("numbered-title patterns compile");
        let column = Regex::new_many(&[
            format!("{}$", spelt(&words("栏目"))),
            "第[0-9０-９一二三四五六七八九十百]+期".to_string(),
        ])
        .expect("column patterns compile");
        FormatDetector {
            long_post_chars: crate::engine::Config::default().get_long_post_chars(),
            series,
            numbered,
            column,
            rules: rule_names(RULES),
        }
    }

    /// Whether the post can hold a series marker at all, as the scan and normalization saw
    /// it: a continuation word is a wake word of this detector, a part number has a digit
    /// (which normalization keeps as an ASCII digit), and a bracketed part word opens with
    /// ( （ 【 or 〔 (a [ opens a Weibo emoticon, which most posts that wake this detector
    /// hold). Cheaper than the search, which most posts would run for nothing; and all of it
    /// told by normalization (a look for 【 in the text cost a Weibo comment as much as the
    /// rest of the detector).
    fn may_hold_series(ctx: &Context<'_>) -> bool {
        use crate::normalize::marks::{LENTICULAR, PAREN};
        let norm = ctx.norm;
        ctx.met || norm.marks & (PAREN | LENTICULAR) != 0 || norm.ascii_digits() > 0
    }

    /// The first series marker of the post, as a byte span.
    fn series_marker(&self, text: &str) -> Option<(usize, usize)> {
        let trimmed_start = text.len() - text.trim_start().len();
        let trimmed_end = text
            .trim_end_matches(|c: char| c.is_whitespace() || "。.!！".contains(c))
            .len();
        for m in self.series.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            match m.pattern().as_usize() {
                0 | 3 => {
                    let Some((part, parts)) = part_numbers(&text[start..end]) else {
                        continue;
                    };
                    if !(1 <= part && part <= parts && (2..=30).contains(&parts)) {
                        continue;
                    }
                    let before = text[..start].chars().next_back();
                    let after = text[end..].chars().next();
                    // 2024/3/15, 1/2/3, 2/(1/12): part of a longer date, path or formula.
                    if before.is_some_and(|c| c.is_ascii_digit() || "/／*×÷=+-".contains(c))
                        || after.is_some_and(|c| "/／=".contains(c))
                    {
                        continue;
                    }
                    if m.pattern().as_usize() == 3 {
                        // At the start, a part number stands apart from the text: 1/3 今天…,
                        // not 1/4這個數據 (a fraction) or 4/7左右 (a date).
                        let apart = after.is_none_or(|c| c.is_whitespace() || !c.is_alphanumeric());
                        let at_start = start == trimmed_start && parts <= 9 && apart;
                        let at_end = end == trimmed_end;
                        if !at_start && !at_end {
                            continue;
                        }
                    }
                }
                // @小溪流_未完待续: a nickname.
                2 if super::contact::in_mention(text, start) => continue,
                _ => {}
            }
            return Some((start, end));
        }
        None
    }

    /// True when some 【…】 holds a sequence number (【标题+序号】).
    fn has_numbered_title(&self, text: &str) -> bool {
        let mut rest = text;
        while let Some(i) = rest.find('【') {
            let after = &rest[i + '【'.len_utf8()..];
            let Some(j) = after.find('】') else {
                return false;
            };
            let title = &after[..j];
            if !title.contains('\n') && self.numbered.is_match(title) {
                return true;
            }
            rest = &after[j..];
        }
        false
    }

    /// The span of the post's opening 【…】 when it names a column.
    fn column_title(&self, text: &str) -> Option<(usize, usize)> {
        let start = text.len() - text.trim_start().len();
        let rest = &text[start..];
        let inner = rest.strip_prefix('【')?;
        let j = inner.find('】')?;
        let title = &inner[..j];
        let len = title.chars().count();
        if title.is_empty() || len > 20 || title.contains('\n') {
            return None;
        }
        // A column's name is short (普法小课堂, 人社政策早知道); a long title ending in 解读 is a
        // news headline (新款手机发布会亮点解读).
        let column = self
            .column
            .find_iter(title)
            .any(|m| m.pattern().as_usize() == 1 || len <= 8);
        column.then_some((start, start + '【'.len_utf8() + j + '】'.len_utf8()))
    }
}

/// The (part, parts) of `2/3`, `(2/3)`, `【２／３】`.
fn part_numbers(s: &str) -> Option<(u32, u32)> {
    let mut nums = s.split(['/', '／']).map(|p| {
        p.chars()
            .filter_map(|c| c.to_digit(10).or_else(|| fullwidth_digit(c)))
            .fold(0u32, |n, d| n * 10 + d)
    });
    Some((nums.next()?, nums.next()?))
}

fn fullwidth_digit(c: char) -> Option<u32> {
    ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
}

/// True when a `#话题#` (or ＃话题＃: 1–40 chars, no line break) starts in the first `limit` bytes.
fn has_topic(text: &str, limit: usize) -> bool {
    let mut from = 0;
    while let Some(i) = text[from..].find(['#', '＃']).map(|i| from + i) {
        if i >= limit {
            return false;
        }
        let body_start = i + text[i..].chars().next().map_or(1, char::len_utf8);
        let Some(len) = text[body_start..].find(['#', '＃']) else {
            return false;
        };
        let body = &text[body_start..body_start + len];
        if (1..=40).contains(&body.chars().count())
            && !body.contains('\n')
            && !body.trim().is_empty()
        {
            return true;
        }
        from = body_start;
    }
    false
}

/// The byte length of the first `chars` chars of `text`.
fn prefix_len(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    Format: "series_without_topic", "column_without_tag", "long_post";
];

/// The sets whose words wake this detector ([`Detectors::each`](crate::detect::Detectors::each)):
/// the continuation notes (未完待续). Its other rules rest on brackets, a slash or length
/// ([`Detector::awake`]).
pub(crate) const WAKE: &[&str] = &["接续"];

impl Detector for FormatDetector {
    /// What `detect` can find in a post without a continuation note (a wake word): a series
    /// marker in brackets other than [ ] (a part word, or numbers with a slash), or numbers
    /// with a slash alone; a column title, which opens with 【; a long post. So a ( （ 【 or 〔,
    /// or a slash with a digit, or the length. A [ alone opens a Weibo emoticon ([哈哈]), and
    /// waking to it, and to any slash, ran the detector on 210,829 of the 752,923 Weibo
    /// comments, where it runs on 7,403 now.
    fn awake(&self, ctx: &Context<'_>) -> bool {
        use crate::normalize::marks::{LENTICULAR, PAREN, SLASH};
        let marks = ctx.norm.marks;
        marks & (PAREN | LENTICULAR) != 0
            || (marks & SLASH != 0 && ctx.norm.ascii_digits() > 0)
            || ctx.text.len() > self.long_post_chars
    }

    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        let text = ctx.text;
        if Self::may_hold_series(ctx)
            && let Some((start, end)) = self.series_marker(text)
            && !has_topic(text, text.len())
            && !self.has_numbered_title(text)
        {
            out.push(Finding {
                category: Category::Format,
                rule: self.rules[0].clone(),
                start,
                end,
                cap: None,
                reason: "格式: 连续发布的多条信息应在开头加#话题#或以【标题+序号】呈现".to_string(),
            });
        }
        if let Some((start, end)) = self.column_title(text)
            && !has_topic(text, prefix_len(text, 50))
        {
            out.push(Finding {
                category: Category::Format,
                rule: self.rules[1].clone(),
                start,
                end,
                cap: None,
                reason: "格式: 栏目信息需在文字起始位置加#栏目名称#".to_string(),
            });
        }
        // Bytes bound chars from above: most posts are decided without counting.
        if text.len() > self.long_post_chars {
            let mut chars = text.char_indices().skip(self.long_post_chars);
            if let Some((start, _)) = chars.next() {
                let end = chars.nth(19).map_or(text.len(), |(i, _)| i);
                let total = self.long_post_chars + text[start..].chars().count();
                out.push(Finding {
                    category: Category::Format,
                    rule: self.rules[2].clone(),
                    start,
                    end,
                    cap: None,
                    reason: format!(
                        "格式: 篇幅{total}字, 超过{}字, 宜分条编号连续发布",
                        self.long_post_chars
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Account;

    fn find_with(d: &FormatDetector, text: &str) -> Vec<(String, String)> {
        crate::detect::run_detector(text, Account::Org, &[], |ctx, out| d.detect(ctx, out))
            .into_iter()
            .map(|f| {
                assert_eq!(f.category, Category::Format);
                (f.rule.to_string(), text[f.start..f.end].to_string())
            })
            .collect()
    }

    fn find(text: &str) -> Vec<(String, String)> {
        find_with(&FormatDetector::new(), text)
    }

    #[test]
    fn the_detector_wakes_to_every_post_it_can_find_something_in() {
        // Every post of up to four chars of brackets, slashes, digits, part and column words
        // and emoticon text: whatever the detector finds in one that wakes nothing, it is
        // awake to. Then posts around them, and emoticons, which it sleeps through.
        let d = FormatDetector::new();
        let mut all = crate::util::every_text("[]【】(（)/／2３续上 哈", 4);
        for marker in [
            "(2/3)",
            "[2/3]",
            "【２／３】",
            "（续）",
            "(上)",
            "1/3",
            "3/3",
        ] {
            all.push(format!("防汛知识要牢记{marker}"));
            all.push(format!("{marker} 今天介绍医保报销流程"));
        }
        all.push("【普法小课堂】如何申请法律援助".to_string());
        let (mut found, mut awake) = (0, 0);
        for text in &all {
            let (woke, finds) = crate::detect::asleep(text, |ctx| {
                let mut out = crate::detect::Findings::empty(None, Account::Org, usize::MAX);
                d.detect(ctx, &mut out);
                (d.awake(ctx), !out.list.is_empty())
            });
            assert!(woke || !finds, "{text:?}");
            found += usize::from(finds);
            awake += usize::from(woke);
        }
        assert!(
            found > 20 && awake < all.len(),
            "{found} {awake} of {}",
            all.len()
        );
        for text in ["[哈哈][哈哈]太好笑了", "[心]/[爱你]", "好的/收到", "[上]"] {
            assert!(!crate::detect::asleep(text, |ctx| d.awake(ctx)), "{text}");
        }
    }

    #[test]
    fn a_series_without_topic_or_numbered_title() {
        assert_eq!(
            find("防汛知识要牢记,汛期不下河 (2/3)"),
            [("series_without_topic".into(), "(2/3)".into())]
        );
        assert_eq!(
            find("1/3 今天介绍医保报销流程"),
            [("series_without_topic".into(), "1/3".into())]
        );
        assert_eq!(find("接上条,第二项措施是加强巡查。")[0].1, "接上条");
        assert_eq!(find("汛期安全须知(上)")[0].1, "(上)");
        assert_eq!(find("第一部分到此结束,未完待续")[0].1, "未完待续");
        assert_eq!(find("（续）二、加强督查")[0].1, "（续）");
        assert_eq!(find("最后一条提示 3/3")[0].1, "3/3");
    }

    #[test]
    fn a_topic_or_numbered_title_satisfies_x12() {
        for text in [
            "#防汛知识# 汛期不下河 (2/3)",
            "＃防汛知识＃ 汛期不下河 (2/3)",
            "【防汛知识2】汛期不下河 (2/3)",
            "【防汛知识①】汛期不下河,未完待续",
            "【防汛知识之二】汛期不下河 (2/3)",
            "【防汛知识(上)】汛期不下河",
            "【防汛知识 2/3】汛期不下河",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
        // A date in the title is not a sequence number.
        assert_eq!(find("【2024年防汛知识】汛期不下河 (2/3)").len(), 1);
    }

    #[test]
    fn numbers_that_are_not_parts() {
        for text in [
            "3/15 消费者权益日", // a date at the start: more than 9 "parts"
            "会议定于2024/3/15召开",
            "约1/2的受访者表示满意。",
            "(3/2)", // part after parts
            "(1/1)",
            "有1/3的人覺得太貴了",
            "5/8前后曾看到彩虹",
            "每小时消耗1/12电量,2/（1/12）=6小时。",
            "继续做好手续办理,持续推进", // 续 inside words
            "上下同心,中流击水",
            "期待续集!",                        // 待续 inside 期待续集
            "[微笑][上][鼓掌][下]",             // Weibo emoticons
            "@青柠糖 @小鹿_未完待续 @晴川之愛", // a nickname
            "今天召开全市经济工作会议。",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn columns_need_a_tag() {
        assert_eq!(
            find("【普法小课堂】如何申请法律援助?"),
            [("column_without_tag".into(), "【普法小课堂】".into())]
        );
        assert_eq!(
            find("【人社政策早知道 第12期】养老保险")[0].0,
            "column_without_tag"
        );
        assert!(find("#普法小课堂#【普法小课堂】如何申请法律援助?").is_empty());
        assert!(find("【普法小课堂】#普法小课堂# 如何申请法律援助?").is_empty());
        // A news title is not a column.
        assert!(find("【我市召开防汛工作会议】会议要求…").is_empty());
        assert!(find("【新款手机发布会亮点解读】1、续航更长").is_empty());
        assert_eq!(find("【政策解读】养老保险")[0].0, "column_without_tag");
    }

    #[test]
    fn traditional_spellings_come_from_the_folding_table() {
        assert_eq!(
            find("【普法小課堂】如何申請法律援助?"),
            [("column_without_tag".into(), "【普法小課堂】".into())]
        );
        assert_eq!(
            find("汛期不下河（續）"),
            [("series_without_topic".into(), "（續）".into())]
        );
        assert_eq!(
            find("未完待續,見下條"),
            [("series_without_topic".into(), "未完待續".into())]
        );
        // The series gate (continuation words aside, which wake the detector) lets through
        // brackets and part numbers, and keeps out posts that hold only a Weibo emoticon's
        // brackets.
        let gate = |text: &str| crate::detect::asleep(text, FormatDetector::may_hold_series);
        for text in ["（下）", "【上篇】", "〔续〕", "(上)", "3/5", "２／３"] {
            assert!(gate(text), "{text}");
        }
        assert!(!gate("今天真开心[哈哈][doge]"));
        assert!(gate("今天真开心[哈哈]2"));
    }

    #[test]
    fn long_posts() {
        let mut d = FormatDetector::new();
        d.long_post_chars = 10;
        assert!(find_with(&d, "一二三四五六七八九十").is_empty());
        let f = find_with(&d, "一二三四五六七八九十甲乙");
        assert_eq!(f, [("long_post".into(), "甲乙".into())]);
        let long: String = "字".repeat(100);
        let f = find_with(&d, &long);
        assert_eq!(f[0].1.chars().count(), 20);
        d.long_post_chars = usize::MAX;
        assert!(find_with(&d, &long).is_empty());
        // The default is 2000 chars.
        assert!(find(&"字".repeat(2000)).is_empty());
        assert_eq!(find(&"字".repeat(2001)).len(), 1);
    }

    #[test]
    fn topic_scanner() {
        assert!(has_topic("#a#", 3));
        assert!(!has_topic("##", 2));
        assert!(!has_topic("# a", 3));
        assert!(has_topic("x ＃话题＃", 100));
        assert!(!has_topic("正文很长 #话题#", 3));
    }
}
