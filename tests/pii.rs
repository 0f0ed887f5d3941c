//! Personal information (contract §6): valid numbers are found, failed checksums and masked forms pass, hotlines are not personal; redaction.
//!
//! Every number here is made up, with its check digit (ID numbers, GB 11643) or Luhn digit
//! (cards) computed for the test. Exact actions come from the shipped engine's `personal_info`
//! hits; other categories the shipped lexicons may add are left out of the assertions.

use shenhe::{Account, Action, Category, Decision, Engine, Input, Lexicon, Policy, Verdict};

use crate::util::{SHIPPED, assert_spans};

const ID: &str = "110101199003071233";
const ID_X: &str = "33010619880215018X";
const ID_15: &str = "110101900307123";
const CARD: &str = "6222021234567894";

fn screen(text: &str, account: Account) -> Verdict {
    let v = SHIPPED.screen(Input::new(text).account(account)).unwrap();
    assert_spans(text, &v);
    v
}

/// (term, matched, action) of the `personal_info` hits.
fn pii(text: &str, account: Account) -> Vec<(String, String, Action)> {
    screen(text, account)
        .hits
        .iter()
        .filter(|h| h.category == Category::PersonalInfo)
        .map(|h| (h.term.to_string(), h.matched.clone(), h.action))
        .collect()
}

fn hit(term: &str, matched: &str, action: Action) -> (String, String, Action) {
    (term.to_string(), matched.to_string(), action)
}

#[test]
fn id_numbers_and_bank_cards_block_with_spans_in_the_original() {
    let text = format!("经查,当事人身份证号{ID},银行卡号{CARD}。");
    let v = screen(&text, Account::Org);
    assert_eq!(v.verdict, Decision::Block);
    assert!(v.categories.contains(&Category::PersonalInfo));
    let h: Vec<_> = v
        .hits
        .iter()
        .filter(|h| h.category == Category::PersonalInfo)
        .collect();
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!((&*h[0].term, h[0].matched.as_str()), ("id_card", ID));
    assert_eq!(&text[h[0].start..h[0].end], ID);
    assert_eq!(h[0].char_start, "经查,当事人身份证号".chars().count());
    assert_eq!(h[0].clause, "H15");
    assert_eq!(h[0].reason, "个人信息: 身份证号未去标识化");
    assert_eq!((&*h[1].term, h[1].matched.as_str()), ("bank_card", CARD));
    assert_eq!(h[1].reason, "个人信息: 银行卡号未去标识化");
    assert_eq!(
        pii(&format!("证件号码{ID_X}"), Account::Staff),
        [hit("id_card", ID_X, Action::Block)]
    );
    assert_eq!(
        pii(&format!("老身份证{ID_15}"), Account::Org),
        [hit("id_card_15", ID_15, Action::Block)]
    );
    // A private account's default for the category is review.
    assert_eq!(
        pii(&format!("身份证号{ID}"), Account::Private),
        [hit("id_card", ID, Action::Review)]
    );
}

#[test]
fn a_mobile_number_on_its_own_asks_for_review() {
    let v = screen("如有疑问请联系13812345678", Account::Org);
    assert_eq!(
        pii("如有疑问请联系13812345678", Account::Org),
        [hit("mobile", "13812345678", Action::Review)]
    );
    assert_ne!(v.verdict, Decision::Pass);
    assert_eq!(
        pii("来信请寄zhang.san@example.com", Account::Org),
        [hit("email", "zhang.san@example.com", Action::Review)]
    );
    // Several contact numbers in a notice are still contacts.
    assert_eq!(
        pii("咨询电话13812345678、13912345678", Account::Org)
            .iter()
            .map(|h| h.2)
            .collect::<Vec<_>>(),
        [Action::Review, Action::Review]
    );
    // Contact persons and "bring your ID card" are service notices, not records.
    for text in [
        "联系人:王老师,电话138 1234 5678",
        "请携带身份证原件办理,咨询电话13812345678",
    ] {
        assert_eq!(pii(text, Account::Org)[0].2, Action::Review, "{text}");
    }
}

#[test]
fn a_mobile_number_tied_to_a_person_blocks() {
    for text in [
        "姓名:张三,手机:13812345678",
        "家庭住址:某某小区3号楼,手机13812345678",
        "身份证号码见附件,电话13812345678",
        "手机13812345678,邮箱zhangsan@example.com",
    ] {
        let h = pii(text, Account::Org);
        assert!(!h.is_empty(), "{text}");
        assert!(h.iter().all(|h| h.2 == Action::Block), "{text}: {h:?}");
    }
    let text = format!("身份证号{ID},手机13812345678");
    assert_eq!(
        pii(&text, Account::Org),
        [
            hit("id_card", ID, Action::Block),
            hit("mobile", "13812345678", Action::Block)
        ]
    );
}

#[test]
fn digit_variants_are_found_and_spans_slice_the_original() {
    for written in [
        "１３８１２３４５６７８",
        "一三八一二三四五六七八",
        "①③⑧①②③④⑤⑥⑦⑧",
        "+86 138-1234-5678",
        "0086 13812345678",
        "138 1234 5678",
    ] {
        let text = format!("电话{written}。");
        assert_eq!(
            pii(&text, Account::Org),
            [hit("mobile", written, Action::Review)],
            "{text}"
        );
    }
    let spaced = "6222 0212 3456 7894";
    assert_eq!(
        pii(&format!("卡号:{spaced}"), Account::Org),
        [hit("bank_card", spaced, Action::Block)]
    );
}

#[test]
fn failed_checksums_masked_forms_hotlines_and_landlines_pass() {
    for text in [
        "身份证号110101199003071234", // check digit
        "身份证号110101202601021230", // born the day after the pinned day (util::TODAY)
        "身份证号910101199003071232", // no such region
        "卡号6222021234567895",       // Luhn
        "订单号9913812345678123",     // a phone inside a longer number
        "订单号6222021234567894",     // Luhn, but an order number
        "手机138****5678",
        "身份证110101********1233",
        "卡号**** **** **** 7894",
        "邮箱z***@example.com",
        "市民服务热线12345,报警110,消费者投诉12315",
        "客服热线400-123-4567",
        "办公电话0471-1234567",
        "电话(010)12345678",
        "来信请寄xinfang@beijing.gov.cn",
        "增长13.812345678%",
    ] {
        assert_eq!(pii(text, Account::Org), [], "{text}");
    }
}

#[test]
fn id_numbers_are_checked_as_of_the_configured_day() {
    // Born 2026-01-02; the test engines' day is 2026-01-01.
    let id = "110101202601021230";
    let text = format!("身份证号{id}");
    assert_eq!(pii(&text, Account::Org), []);
    assert_eq!(SHIPPED.redact(&text).unwrap(), text);
    let engine = |y, m, d| {
        Engine::builder()
            .config(shenhe::Config::new().today(y, m, d))
            .build()
            .unwrap()
    };
    let born = engine(2026, 1, 2);
    let ids = |e: &Engine| -> Vec<String> {
        e.screen(text.as_str())
            .unwrap()
            .hits
            .iter()
            .filter(|h| h.category == Category::PersonalInfo)
            .map(|h| h.matched.clone())
            .collect()
    };
    assert_eq!(ids(&born), [id]);
    assert_ne!(born.redact(&text).unwrap(), text);
    assert_eq!(ids(&engine(2025, 12, 31)), Vec::<String>::new());
    // The day is kept by a derived and by a saved engine.
    let derived = SHIPPED.with_config(born.config().clone());
    assert_eq!(ids(&derived), [id]);
    assert_eq!(ids(&Engine::load(&born.save()).unwrap()), [id]);
    assert_eq!(born.config().get_today(), Some((2026, 1, 2)));
    assert_eq!(shenhe::Config::new().get_today(), None);
}

#[test]
fn the_configured_day_must_be_a_calendar_day() {
    let c = shenhe::Config::new();
    assert!(c.clone().try_today(2024, 2, 29).is_some());
    for (y, m, d) in [
        (2023, 2, 29),
        (2024, 4, 31),
        (2024, 0, 1),
        (2024, 13, 1),
        (2024, 1, 0),
        (1899, 12, 31),
        (10000, 1, 1),
    ] {
        assert!(c.clone().try_today(y, m, d).is_none(), "{y}-{m}-{d}");
    }
    let panicked = std::panic::catch_unwind(|| shenhe::Config::new().today(2023, 2, 29));
    assert!(panicked.is_err());
}

#[test]
fn redaction_masks_what_the_detector_finds() {
    let text = format!(
        "姓名张三,身份证{ID},卡号6222 0212 3456 7894,手机+86 138-1234-5678,邮箱zhangsan@example.com,热线12345"
    );
    let redacted = SHIPPED.redact(&text).unwrap();
    assert_eq!(
        redacted,
        "姓名张三,身份证110101********1233,卡号**** **** **** 7894,手机+86 138-****-5678,邮箱z***@example.com,热线12345"
    );
    assert_eq!(pii(&redacted, Account::Org), []);
    assert_eq!(SHIPPED.redact(&redacted).unwrap(), redacted);
    assert_eq!(
        SHIPPED.redact("电话一三八一二三四五六七八").unwrap(),
        "电话一三八****五六七八"
    );
    let clean = "今天召开全市经济工作会议,咨询热线0471-1234567";
    assert_eq!(SHIPPED.redact(clean).unwrap(), clean);
}

#[test]
fn a_redactor_without_a_lexicon_redacts_as_the_engine_does() {
    let redactor = shenhe::Redactor::new();
    for text in [
        format!("姓名张三,身份证{ID},卡号6222 0212 3456 7894,手机+86 138-1234-5678"),
        format!("{ID_X} {ID_15} {CARD} zhang.li@example.com 电话一三八一二三四五六七八"),
        "今天召开全市经济工作会议,咨询热线0471-1234567".to_string(),
        String::new(),
    ] {
        assert_eq!(
            redactor.redact(&text).unwrap(),
            SHIPPED.redact(&text).unwrap()
        );
    }
    // The pinned day: an ID number born after it is no ID number, and is left as it is.
    let text = "身份证号110101202601013011";
    let config = |d| shenhe::Config::new().today(2026, 1, d);
    assert_eq!(
        shenhe::Redactor::with_config(&config(1))
            .redact(text)
            .unwrap(),
        "身份证号110101********3011"
    );
    assert_eq!(
        shenhe::Redactor::with_config(&shenhe::Config::new().today(2025, 12, 31))
            .redact(text)
            .unwrap(),
        text
    );
    // The post limit.
    let small = shenhe::Redactor::with_config(&shenhe::Config::new().max_post_bytes(4));
    assert_eq!(small.redact("1234").unwrap(), "1234");
    let err = small.redact("12345").unwrap_err();
    assert_eq!(
        err.to_string(),
        "post of 5 bytes exceeds the limit of 4 bytes (Config::max_post_bytes)"
    );
}

#[test]
fn redaction_does_not_depend_on_the_policy() {
    let policy = Policy::parse("p", "* personal_info off\n".as_bytes()).unwrap();
    let engine = Engine::builder()
        .lexicon(Lexicon::default())
        .policy(policy)
        .build()
        .unwrap();
    let text = format!("身份证号{ID}");
    let v = engine.screen(text.as_str()).unwrap();
    assert_eq!(v.verdict, Decision::Pass);
    assert_eq!(engine.redact(&text).unwrap(), "身份证号110101********1233");
}

#[test]
fn redaction_rejects_posts_over_the_limit() {
    let engine = Engine::builder()
        .lexicon(Lexicon::default())
        .config(shenhe::Config::new().max_post_bytes(20))
        .build()
        .unwrap();
    assert!(
        engine
            .redact("手机13812345678,邮箱zhangsan@example.com")
            .is_err()
    );
    assert_eq!(engine.redact("手机13812345678").unwrap(), "手机138****5678");
}

#[test]
fn screening_and_redacting_in_one_pass_equals_both_apart() {
    // One pass gives the verdict of `screen` and the text of `redact`, whatever the policy
    // and the hit limit do with the findings: the redaction masks all of them.
    let off = Policy::parse("p", "* personal_info off\n".as_bytes()).unwrap();
    let engines = [
        SHIPPED.clone(),
        Engine::builder()
            .lexicon(Lexicon::default())
            .policy(off)
            .build()
            .unwrap(),
        Engine::builder()
            .config(shenhe::Config::new().max_hits_per_term(1))
            .build()
            .unwrap(),
    ];
    let many = format!("身份证 {ID}, {ID_X}, {ID_15}, 手机 13812345678、13912345678");
    let texts = [
        format!(
            "姓名张三,身份证{ID},卡号6222 0212 3456 7894,手机+86 138-1234-5678,邮箱zhangsan@example.com"
        ),
        many.clone(),
        "你这个🐷,手机一三八一二三四五六七八".to_string(),
        "今天召开全市经济工作会议,咨询热线0471-1234567".to_string(),
        String::new(),
    ];
    for engine in &engines {
        for text in &texts {
            let input = Input::new(text).account(Account::Staff).id("p1");
            let (verdict, redacted) = engine.screen_redacted(input).unwrap();
            assert_eq!(verdict, engine.screen(input).unwrap(), "{text}");
            assert_eq!(redacted, engine.redact(text).unwrap(), "{text}");
        }
    }
    // Every ID number is masked though the limit lists one hit of the rule.
    let (v, redacted) = engines[2].screen_redacted(many.as_str()).unwrap();
    assert!(v.hits_omitted > 0, "{v:?}");
    assert!(!redacted.contains(ID) && !redacted.contains(ID_X) && !redacted.contains(ID_15));
    assert!(redacted.contains("138****5678"), "{redacted}");
    let long = "1".repeat(shenhe::DEFAULT_MAX_POST_BYTES + 1);
    let small = Engine::builder()
        .lexicon(Lexicon::default())
        .config(shenhe::Config::new().max_post_bytes(4))
        .build()
        .unwrap();
    assert!(small.screen_redacted("12345").is_err());
    assert!(SHIPPED.screen_redacted(long.as_str()).is_err());
}
