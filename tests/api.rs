//! The API's shape: inputs, accounts, policy, verdict fields and JSON (contract §2–4).

use shenhe::{Account, Action, Category, Decision, Engine, Input, Lexicon, Policy};

use crate::util::{assert_spans, engine_with};

const LEXICON: &str = "网络赌场\tgambling\n\
                       疫情通报\tneeds_signoff\n\
                       气死我了\temotional_opinion\n\
                       加我私聊\tcommercial_ad\n\
                       粗口词\tvulgar\taction=note\n\
                       @set 招揽\t注册|私聊\n\
                       彩金\tgambling\tneed=$招揽\n\
                       赌博\tgambling\tneed=网站|平台\tunless=打击|警惕\n\
                       赌博网站举报\tallow\n";

#[test]
fn verdict_is_the_worst_action_and_categories_are_most_severe_first() {
    let e = engine_with(LEXICON);
    let v = e.screen("气死我了,网络赌场").unwrap();
    assert_eq!(v.verdict, Decision::Block);
    assert_eq!(
        v.categories,
        vec![Category::Gambling, Category::EmotionalOpinion]
    );
    let v = e.screen("气死我了").unwrap();
    assert_eq!(v.verdict, Decision::Review);
    let v = e.screen("这个粗口词").unwrap();
    assert_eq!(v.verdict, Decision::Pass);
    assert_eq!(v.hits.len(), 1);
    assert_eq!(v.hits[0].action, Action::Note);
    // Note-only hits are reported but do not make a category.
    assert!(v.categories.is_empty());
}

#[test]
fn account_types_follow_the_default_table() {
    let e = engine_with(LEXICON);
    let text = "最新疫情通报:加我私聊";
    let org = e.screen(Input::new(text)).unwrap();
    assert_eq!(org.account, Account::Org);
    assert_eq!(org.verdict, Decision::Block);
    assert!(org.categories.contains(&Category::NeedsSignoff));
    let private = e
        .screen(Input::new(text).account(Account::Private))
        .unwrap();
    // needs_signoff on a private account is official information it must not carry …
    assert_eq!(private.categories[0], Category::OfficialInfoOnPrivate);
    assert!(!private.categories.contains(&Category::NeedsSignoff));
    // … and commercial ads on a private account ask for review, not block.
    let h = private
        .hits
        .iter()
        .find(|h| h.category == Category::CommercialAd)
        .unwrap();
    assert_eq!(h.action, Action::Review);
    // Emotional opinions do not apply to a private account.
    let v = e
        .screen(Input::new("气死我了").account(Account::Private))
        .unwrap();
    assert_eq!(v.verdict, Decision::Pass);
    assert!(v.hits.is_empty());
}

#[test]
fn a_policy_overrides_cells() {
    let lex = Lexicon::builder()
        .add_str("t", LEXICON)
        .unwrap()
        .build()
        .unwrap();
    let policy = Policy::parse(
        "p",
        "org gambling review\nstaff emotional_opinion off\n".as_bytes(),
    )
    .unwrap();
    let e = Engine::builder()
        .lexicon(lex)
        .policy(policy)
        .build()
        .unwrap();
    assert_eq!(e.screen("网络赌场").unwrap().verdict, Decision::Review);
    let v = e
        .screen(Input::new("网络赌场").account(Account::Staff))
        .unwrap();
    assert_eq!(v.verdict, Decision::Block);
    let v = e
        .screen(Input::new("气死我了").account(Account::Staff))
        .unwrap();
    assert!(v.hits.is_empty());
}

#[test]
fn need_unless_and_allow_rules() {
    let e = engine_with(LEXICON);
    assert!(e.screen("彩金").unwrap().hits.is_empty());
    assert!(!e.screen("注册就送彩金").unwrap().hits.is_empty());
    // `need` looks in the same sentence only.
    assert!(e.screen("注册。彩金").unwrap().hits.is_empty());
    assert!(e.screen("赌博").unwrap().hits.is_empty());
    assert!(!e.screen("赌博网站").unwrap().hits.is_empty());
    assert!(e.screen("严厉打击赌博网站").unwrap().hits.is_empty());
    assert!(e.screen("警惕赌博平台").unwrap().hits.is_empty());
    assert!(e.screen("赌博网站举报入口").unwrap().hits.is_empty());
}

#[test]
fn hit_fields_and_json_shape() {
    let e = engine_with(LEXICON);
    let text = "欢迎来到網絡賭場";
    let v = e.screen(Input::new(text).id("p-0001")).unwrap();
    assert_spans(text, &v);
    let h = &v.hits[0];
    assert_eq!(
        (h.category, h.action, h.clause),
        (Category::Gambling, Action::Block, "Y9(七)")
    );
    assert_eq!(&*h.term, "网络赌场");
    assert_eq!(h.matched, "網絡賭場");
    assert_eq!((h.start, h.end, h.char_start, h.char_end), (12, 24, 4, 8));
    assert_eq!(h.reason, "赌博: 命中词条 网络赌场");
    let json: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": "p-0001", "verdict": "block", "account": "org", "categories": ["gambling"],
            "score": 1.0, "risk": "high", "label": "gambling",
            "hits": [{"category": "gambling", "action": "block", "clause": "Y9(七)",
                      "term": "网络赌场", "matched": "網絡賭場", "start": 12, "end": 24,
                      "char_start": 4, "char_end": 8, "reason": "赌博: 命中词条 网络赌场"}]
        })
    );
    // Field order is the contract's: the summary fields between the categories and the hits.
    assert!(v.to_json().starts_with(
        "{\"id\":\"p-0001\",\"verdict\":\"block\",\"account\":\"org\",\"categories\":[\"gambling\"],\
         \"score\":1.0,\"risk\":\"high\",\"label\":\"gambling\",\"hits\""
    ));
}

#[test]
fn overlapping_terms_of_one_category_report_the_longest() {
    let e = engine_with("赌场\tgambling\n网络赌场\tgambling\n场子\tvulgar\n");
    let v = e.screen("网络赌场子").unwrap();
    let gambling: Vec<_> = v
        .hits
        .iter()
        .filter(|h| h.category == Category::Gambling)
        .collect();
    assert_eq!(gambling.len(), 1);
    assert_eq!(gambling[0].matched, "网络赌场");
    assert!(v.hits.iter().any(|h| h.category == Category::Vulgar));
}

#[test]
fn posts_over_the_limit_are_an_error_not_a_panic() {
    let lex = Lexicon::builder()
        .add_str("t", LEXICON)
        .unwrap()
        .build()
        .unwrap();
    let e = Engine::builder()
        .lexicon(lex)
        .config(shenhe::Config::new().max_post_bytes(16))
        .build()
        .unwrap();
    let err = e.screen("网络赌场网络赌场").unwrap_err();
    assert!(
        err.to_string().contains("24 bytes exceeds the limit of 16"),
        "{err}"
    );
    assert!(e.screen("网络赌场").is_ok());
}

#[test]
fn the_same_input_gives_the_same_json() {
    let e = crate::util::SHIPPED.clone();
    let text = "賭*博网站注册就送彩金,加微信约炮,明天上午九点市政府门口集合不见不散";
    let first = e.screen(text).unwrap().to_json();
    for _ in 0..20 {
        assert_eq!(e.screen(text).unwrap().to_json(), first);
    }
}

#[test]
fn the_facade_screens_with_the_shipped_lexicons() {
    assert!(
        shenhe::screen("今天召开全市经济工作会议,部署明年重点任务")
            .unwrap()
            .is_pass()
    );
    assert_eq!(
        shenhe::screen("赌*博网站注册就送彩金").unwrap().verdict,
        Decision::Block
    );
}

#[test]
fn context_rules_turn_reporting_into_notes_that_name_the_context() {
    let e = engine_with(
        "@set 警示\t警惕|严厉打击\n@set 强招揽\t加我|扫码\n\
         @context 打击整治\tcue=$警示\tonly=gambling\twithin=sentence\tunless=$强招揽\n\
         @context 全文\tcue=警方提醒\tonly=gambling\twithin=post\n\
         网络赌场\tgambling\n网络赌场\tporn\n",
    );
    let v = e.screen("警惕网络赌场的骗局").unwrap();
    let g = v
        .hits
        .iter()
        .find(|h| h.category == Category::Gambling)
        .unwrap();
    assert_eq!(g.action, Action::Note);
    assert!(g.reason.contains("打击整治语境「警惕」"), "{}", g.reason);
    // The context covers only its categories.
    assert_eq!(v.verdict, Decision::Block);
    assert!(v.categories == vec![Category::Porn], "{:?}", v.categories);
    // Counter-evidence in scope keeps the hit.
    let v = e.screen("警惕!网络赌场加我").unwrap();
    assert!(
        v.hits
            .iter()
            .any(|h| h.category == Category::Gambling && h.action == Action::Block)
    );
    // A sentence-scoped cue in another sentence does not count; a post-scoped one does.
    let v = e.screen("要警惕。网络赌场").unwrap();
    assert!(
        v.hits
            .iter()
            .any(|h| h.category == Category::Gambling && h.action == Action::Block)
    );
    let v = e.screen("【警方提醒】今天。网络赌场").unwrap();
    assert!(
        v.hits
            .iter()
            .all(|h| h.category != Category::Gambling || h.action == Action::Note)
    );
}

#[test]
fn errors_debug_print_their_message_not_their_fields() {
    // What `fn main() -> Result<(), Box<dyn Error>>` shows when `?` ends the program.
    let e = shenhe::Lexicon::builder()
        .add_dir("/nonexistent/my-lexicons")
        .map(|_| ())
        .unwrap_err();
    let debug = format!("{e:?}");
    assert!(
        debug.starts_with("LexiconError(\"/nonexistent/my-lexicons: cannot read: "),
        "{debug}"
    );
    assert!(!debug.contains("kind"), "{debug}");
    let e = shenhe::Engine::load(b"nonsense").unwrap_err();
    assert_eq!(
        format!("{e:?}"),
        "LoadError(\"cannot load the saved engine: not a saved shenhe engine (bad magic)\")"
    );
    let e = shenhe::Policy::parse("p.txt", "org vulgar\n".as_bytes()).unwrap_err();
    assert!(format!("{e:?}").starts_with("PolicyError(\"p.txt:1: expected three fields"));
}
