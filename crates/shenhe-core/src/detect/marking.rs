//! Secret markings (`state_secret`; Y9(二) 泄露国家秘密, X24 发布信息必须符合国家保密规定, S九).
//!
//! A document carries its classification as a marking: the level, a star and the period
//! (`机密★1年`, `秘密★`, `绝密★长期`), or a field (`密级:机密`), or, for internal material, a header
//! line (`内部资料 注意保存`). A post that shows one reproduces a classified or internal document.
//! Normalization treats ★ as noise, so the lexicon cannot see these: this detector reads the
//! ORIGINAL text.
//!
//! Rules:
//! - `secret_marking`: 绝密/机密/秘密/工作秘密 (simplified or traditional), optional spaces, one or
//!   more of ★ ☆ * ＊ ※ ✱ ⭐, then an optional period (`1年`, `6个月`, `十年`, `长期`, `2025年12月31日`).
//! - `secret_level_field`: 密级 (`:`/`：`/spaces) 绝密/机密/秘密.
//! - `internal_header`: 内部资料/内部文件/内部材料, then 注意保存/妥善保管/注意保密/请勿外传/严禁外传/不得
//!   外传, in a header position: at the start of one of the first three lines, with only spaces,
//!   brackets or punctuation before it on its line.
//!
//! Publicity about secrecy (保密法宣传, 保密教育, 学习《保密法》, 密级分为绝密、机密、秘密三级) names the
//! levels without the star and passes. What is not a marking:
//! - a marking quoted as an example (`标注“机密★”字样`, `「秘密★10年」`);
//! - a marking in a sentence that explains markings (标志, 标注, 标识, 例如, 分为, 格式, 组成, 保密法,
//!   保密教育 …), unless it stands at the head of the post, where a real document puts it;
//! - 秘密 with a decoration rather than a marking: after a CJK character (小秘密★, 的秘密☆) or between
//!   stars (`**秘密**`, `★秘密★`), unless a period follows.

use std::sync::Arc;

use regex_automata::meta::Regex;

use crate::category::Category;
use crate::detect::vocab::words;
use crate::detect::{
    Context, Detector, DetectorRule, Finding, Findings, detector_rules, rule_names, spelt,
};

/// The compiled marking rules of one engine.
#[derive(Clone, Debug)]
pub(crate) struct MarkingDetector {
    /// 0: level + star (+ period); 1: 密级 field; 2: internal header.
    patterns: Regex,
    /// Words of a sentence that explains markings rather than bearing one.
    education: Regex,
    marking: Arc<str>,
    field: Arc<str>,
    internal: Arc<str>,
}

impl Default for MarkingDetector {
    fn default() -> MarkingDetector {
        MarkingDetector::new()
    }
}

const SPACE: &str = r"[ \t\u{3000}]";
const STARS: &str = "★☆*＊※✱⭐";
const DIGIT: &str = "[0-9０-９零〇一二两三四五六七八九十]";

impl MarkingDetector {
    pub(crate) fn new() -> MarkingDetector {
        // The vocabularies are lexicon sets (lexicons/sets.txt), in every spelling that folds
        // to them.
        let level = spelt(&words("密级"));
        let period = format!(
            "(?:{DIGIT}+{SPACE}?{}){{1,3}}|{}",
            spelt(&["年", "个月", "月", "日", "天"]),
            spelt(&["长期", "永久"])
        );
        let patterns = Regex::new_many(&[
            format!("{level}{SPACE}*[{STARS}]+(?:{SPACE}*(?:{period}))?"),
            format!("{}{SPACE}*[:：]?{SPACE}*{level}", spelt(&words("密级字段"))),
            format!(
                "{}{SPACE}*[,，、。;；:：(（]?{SPACE}*{}[)）]?",
                spelt(&words("内部资料")),
                spelt(&words("保管提示"))
            ),
        ])
        .expect("marking patterns compile");
        let education = Regex::new(&spelt(&words("保密讲解"))).expect("education words compile");
        let [marking, field, internal] = rule_names(RULES);
        MarkingDetector {
            patterns,
            education,
            marking,
            field,
            internal,
        }
    }

    /// True when the sentence around `start..end` explains markings (within 30 chars each way).
    fn explains(&self, text: &str, start: usize, end: usize) -> bool {
        let a = sentence_start(text, start, 30);
        let b = sentence_end(text, end, 30);
        self.education.is_match(&text[a..b])
    }
}

const OPEN_QUOTES: &[char] = &['“', '‘', '「', '『', '"', '\'', '《', '〈', '＂'];
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '\n', '；', ';'];

/// True when an opening quote stands right before `start` (spaces aside).
fn quoted(text: &str, start: usize) -> bool {
    text[..start]
        .trim_end_matches([' ', '\u{3000}'])
        .chars()
        .next_back()
        .is_some_and(|c| OPEN_QUOTES.contains(&c))
}

/// True when `start` follows a CJK character or a star: 小秘密★ and **秘密** are decoration.
fn decorated(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| STARS.contains(c) || crate::normalize::is_han(c))
}

/// True when only spaces, brackets and punctuation stand between the start of `start`'s line
/// and `start`.
///
/// Looks back only until the first other char: searching back for the line start instead made
/// a 4 MB post of markings without line ends quadratic (67 s).
fn at_line_head(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        if c == '\n' {
            return true;
        }
        if !(c.is_whitespace()
            || c.is_ascii_punctuation()
            || "【】（）〔〕［］「」“”:：,，、·".contains(c))
        {
            return false;
        }
    }
    true
}

/// True when fewer than `n` non-blank lines stand before `start`'s line; looks back over at most
/// `n` of them.
fn among_first_lines(text: &str, start: usize, n: usize) -> bool {
    text[..start]
        .rsplit('\n')
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .nth(n - 1)
        .is_none()
}

/// The byte offset where the sentence holding `at` starts, looking back at most `max` chars.
fn sentence_start(text: &str, at: usize, max: usize) -> usize {
    let mut a = at;
    for (n, (i, c)) in text[..at].char_indices().rev().enumerate() {
        if n >= max || SENTENCE_ENDS.contains(&c) {
            break;
        }
        a = i;
    }
    a
}

/// The byte offset where the sentence holding `at` ends, looking ahead at most `max` chars.
fn sentence_end(text: &str, at: usize, max: usize) -> usize {
    let mut b = at;
    for (n, (i, c)) in text[at..].char_indices().enumerate() {
        if n >= max || SENTENCE_ENDS.contains(&c) {
            break;
        }
        b = at + i + c.len_utf8();
    }
    b
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    StateSecret: "secret_marking", "secret_level_field", "internal_header";
];

/// The sets whose words wake this detector ([`Detectors::each`](crate::detect::Detectors::each)):
/// every marking leads with a level, the field's name or an internal-material word.
pub(crate) const WAKE: &[&str] = &["密级", "密级字段", "内部资料"];

impl Detector for MarkingDetector {
    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        let text = ctx.text;
        for m in self.patterns.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if quoted(text, start) {
                continue;
            }
            let header = at_line_head(text, start) && among_first_lines(text, start, 3);
            let (rule, reason) = match m.pattern().as_usize() {
                0 => {
                    let matched = &text[start..end];
                    let has_period = !matched.trim_end().ends_with(|c: char| STARS.contains(c));
                    if !has_period && decorated(text, start) {
                        continue;
                    }
                    if !header && self.explains(text, start, end) {
                        continue;
                    }
                    (&self.marking, "泄露国家秘密: 含密级标志")
                }
                1 => {
                    if !header && self.explains(text, start, end) {
                        continue;
                    }
                    (&self.field, "泄露国家秘密: 含密级标注")
                }
                _ => {
                    if !header {
                        continue;
                    }
                    (&self.internal, "泄露工作秘密: 内部资料标识")
                }
            };
            out.push(Finding {
                category: Category::StateSecret,
                rule: rule.clone(),
                start,
                end,
                cap: None,
                reason: reason.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Account;

    fn find(text: &str) -> Vec<(String, String)> {
        let d = MarkingDetector::new();
        crate::detect::run_detector(text, Account::Org, &[], |ctx, out| d.detect(ctx, out))
            .into_iter()
            .map(|f| {
                assert_eq!(f.category, Category::StateSecret);
                (f.rule.to_string(), text[f.start..f.end].to_string())
            })
            .collect()
    }

    fn matched(text: &str) -> Vec<String> {
        find(text).into_iter().map(|f| f.1).collect()
    }

    #[test]
    fn level_star_period() {
        assert_eq!(matched("机密★1年\n关于做好有关工作的通知"), ["机密★1年"]);
        assert_eq!(matched("秘密★\n会议纪要"), ["秘密★"]);
        assert_eq!(matched("绝密★长期 某某方案"), ["绝密★长期"]);
        assert_eq!(matched("附件:机密☆10年"), ["机密☆10年"]);
        assert_eq!(matched("機密★一年"), ["機密★一年"]);
        assert_eq!(matched("秘密 ※ 6个月"), ["秘密 ※ 6个月"]);
        assert_eq!(matched("工作秘密★"), ["工作秘密★"]);
        assert_eq!(find("机密*5年")[0].0, "secret_marking");
        // Traditional spellings come from the folding table, not from a list here.
        assert_eq!(matched("絕密★長期"), ["絕密★長期"]);
        assert_eq!(matched("工作祕密★6個月"), ["工作祕密★6個月"]);
        assert_eq!(matched("密級：機密"), ["密級：機密"]);
        assert_eq!(matched("內部資料 請勿外傳"), ["內部資料 請勿外傳"]);
        assert!(matched("保密教育:文件首頁標註“機密★”字樣").is_empty());
    }

    #[test]
    fn a_post_without_a_wake_word_is_not_looked_at() {
        let engine = crate::Engine::new().unwrap();
        let marked = |text: &str| {
            engine
                .screen(text)
                .unwrap()
                .hits
                .iter()
                .any(|h| h.category == Category::StateSecret)
        };
        // Every rule leads with a word of WAKE, in any spelling.
        assert!(marked("机密★1年 关于某事的通知"));
        assert!(marked("機密★1年 關於某事的通知"));
        assert!(marked("密級：機密"));
        assert!(marked("內部資料 請勿外傳"));
        assert!(!marked("今天天气很好 ★★★"));
    }

    #[test]
    fn level_field_and_internal_header() {
        assert_eq!(
            find("密级:机密 编号:0012")[0],
            ("secret_level_field".into(), "密级:机密".into())
        );
        assert_eq!(matched("密级 秘密"), ["密级 秘密"]);
        assert_eq!(
            find("内部资料 注意保存\n2024年第3期工作简报"),
            [(
                "internal_header".to_string(),
                "内部资料 注意保存".to_string()
            )]
        );
        assert_eq!(matched("【内部资料,请勿外传】"), ["内部资料,请勿外传"]);
        // Deep in the body it is talk about internal material, not its header.
        assert!(matched("第一行\n第二行\n第三行\n第四行说明:内部资料注意保存").is_empty());
        assert!(matched("会上强调,内部资料注意保存,不得随意外传").is_empty());
    }

    #[test]
    fn publicity_about_secrecy_passes() {
        for text in [
            "开展保密法宣传教育活动,学习《保密法》,增强保密意识。",
            "国家秘密的密级分为绝密、机密、秘密三级。",
            "保密教育:文件首页标注“机密★”字样的,属于国家秘密载体。",
            "保密知识问答:密级标志由密级和保密期限组成,如机密★5年。",
            "「秘密★10年」是什么意思?",
            "分享一个小秘密★明天见",
            "**秘密**花园开放啦",
            "★秘密★花园",
            "商业秘密保护宣传周",
            "今天天气晴,气温十五度。",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn a_header_marking_fires_even_next_to_explaining_words() {
        assert_eq!(matched("机密★1年\n关于保密工作的通知"), ["机密★1年"]);
    }

    #[test]
    fn line_helpers() {
        assert!(at_line_head("【内部", "【".len()));
        assert!(!at_line_head("说明内部", "说明".len()));
        assert!(at_line_head("甲\n  「内部", "甲\n  「".len()));
        // "a\n\nb\nc": two non-blank lines (a, b) before c's.
        assert!(among_first_lines("a\n\nb\nc", 5, 3));
        assert!(!among_first_lines("a\n\nb\nc", 5, 2));
        assert!(among_first_lines("c", 0, 1));
        let t = "甲。乙丙丁。戊";
        let at = t.find('丁').unwrap();
        assert_eq!(&t[sentence_start(t, at, 30)..at], "乙丙");
        assert_eq!(&t[at..sentence_end(t, at, 30)], "丁");
        assert_eq!(&t[sentence_start(t, at, 1)..at], "丙");
    }
}
