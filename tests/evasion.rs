//! contract §6 "Evasion": width, case, traditional characters, variants, noise, zero-width
//! characters, emoji, digit variants — with offsets into what the user sent.

use shenhe::{Category, Decision};

use crate::util::{assert_spans, engine_with};

const LEXICON: &str = "网络赌场\tgambling\n法轮功\tcult_superstition\nfreebet\tgambling\n\
                       13800138000\tpersonal_info\n赌博网站\tgambling\n";

/// (text, the original span that must be reported)
const CASES: &[(&str, &str)] = &[
    ("欢迎光临网络赌场", "网络赌场"),
    ("欢迎光临網絡賭場", "網絡賭場"),
    ("欢迎光临网络赌場", "网络赌場"),
    ("网 络 赌 场", "网 络 赌 场"),
    ("网*络*赌*场", "网*络*赌*场"),
    ("网.络.赌.场", "网.络.赌.场"),
    (
        "网\u{200b}络\u{200d}赌\u{feff}场",
        "网\u{200b}络\u{200d}赌\u{feff}场",
    ),
    ("网🎲络💰赌🎰场", "网🎲络💰赌🎰场"),
    ("修炼法*轮*功", "法*轮*功"),
    ("领取ＦＲＥＥＢＥＴ", "ＦＲＥＥＢＥＴ"),
    ("领取FreeBet", "FreeBet"),
    ("领取free bet", "free bet"),
    ("电话①③⑧００①③⑧０００", "①③⑧００①③⑧０００"),
    ("电话一三八零零一三八零零零", "一三八零零一三八零零零"),
    ("电话壹叁捌〇〇壹叁捌〇〇〇", "壹叁捌〇〇壹叁捌〇〇〇"),
    ("電話１３８ ００１３ ８０００", "１３８ ００１３ ８０００"),
    ("赌*博网站注册就送彩金", "赌*博网站"),
    ("赌赌博博网站", "赌赌博博网站"),
    ("快来网网络络赌赌场场", "网网络络赌赌场场"),
    ("法法法轮轮功", "法法法轮轮功"),
];

#[test]
fn every_evasion_is_found_at_its_original_span() {
    let engine = engine_with(LEXICON);
    for (text, span) in CASES {
        let v = engine.screen(*text).unwrap();
        assert_spans(text, &v);
        assert!(
            v.hits.iter().any(|h| h.matched == *span),
            "{text:?}: expected a hit on {span:?}, got {:?}",
            v.hits
        );
        assert_ne!(v.verdict, Decision::Pass, "{text:?}");
    }
}

#[test]
fn noise_does_not_join_sentences_or_long_gaps() {
    let engine = engine_with(LEXICON);
    for text in [
        "网络。赌场",
        "网络!赌场",
        "网络\n赌场",
        "网络 ~~~~~ 赌场",
        "网络；赌场",
    ] {
        let v = engine.screen(text).unwrap();
        assert_eq!(v.verdict, Decision::Pass, "{text:?}: {:?}", v.hits);
    }
}

#[test]
fn latin_terms_do_not_fire_inside_words_or_numbers() {
    let engine = engine_with(LEXICON);
    for text in [
        "freebets",
        "xfreebet",
        "订单号138001380001",
        "9138001380001",
    ] {
        let v = engine.screen(text).unwrap();
        assert!(v.hits.is_empty(), "{text:?}: {:?}", v.hits);
    }
    let v = engine.screen("freebet!").unwrap();
    assert_eq!(v.hits[0].category, Category::Gambling);
}

#[test]
fn chinese_digits_outside_numbers_stay_words() {
    let engine = engine_with("一本万利\tcommercial_ad\n三五成群\tvulgar\n");
    let v = engine.screen("真是一本万利的买卖").unwrap();
    assert_eq!(v.hits[0].matched, "一本万利");
    let v = engine.screen("三五成群地聊天").unwrap();
    assert_eq!(v.hits[0].matched, "三五成群");
}

#[test]
fn spans_hold_for_expanding_and_removed_characters() {
    let engine = engine_with("20号技师\tporn\n");
    let text = "找⑳号技师";
    let v = engine.screen(text).unwrap();
    assert_spans(text, &v);
    assert_eq!(v.hits[0].matched, "⑳号技师");
    assert_eq!((v.hits[0].char_start, v.hits[0].char_end), (1, 5));
}

#[test]
fn repeats_inside_terms_and_numbers_are_kept() {
    // Terms that contain a doubled character still need it; digits never collapse.
    let engine = engine_with("啪啪啪\tporn\n13800138000\tpersonal_info\n");
    assert!(engine.screen("啪一下").unwrap().hits.is_empty());
    assert_eq!(
        engine.screen("啪啪啪啪").unwrap().hits[0].category,
        Category::Porn
    );
    assert!(engine.screen("1380138000").unwrap().hits.is_empty());
}

#[test]
fn one_doubled_character_is_language_not_stutter() {
    // Collapsing a doubled character inside a term would read 你妈妈的 as 你妈的.
    let engine = engine_with("你妈的\tinsult_defamation\n大奶子\tporn\n约炮\tporn\n");
    for text in ["你妈妈的手艺真好", "大奶奶子孙满堂"] {
        assert!(engine.screen(text).unwrap().hits.is_empty(), "{text}");
    }
    assert!(!engine.screen("约约约炮").unwrap().hits.is_empty());
    assert!(!engine.screen("约约炮炮").unwrap().hits.is_empty());
}

#[test]
fn repeating_a_term_does_not_excuse_it() {
    // An `unless=` word inside a longer deny term of the same category is part of that term,
    // not news about it: repeating the solicitation must not let it through.
    let engine = engine_with("@set 新闻\t赌博|警方|打掉\n赌博网站\tgambling\tunless=$新闻\n");
    for text in ["赌博网站赌博网站", "赌博网站 赌博网站 赌博网站"] {
        let v = engine.screen(text).unwrap();
        assert_eq!(v.verdict, Decision::Block, "{text}: {}", v.to_json());
    }
    // The excuse still works where it stands on its own.
    for text in ["警方打掉一个赌博网站", "赌博网站背后是赌博"] {
        let v = engine.screen(text).unwrap();
        assert!(v.is_pass(), "{text}: {}", v.to_json());
    }
}
