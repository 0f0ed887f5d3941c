//! Properties over generated posts (proptest): spans slice the original text to `matched`,
//! batches equal one-by-one screening on any number of threads, the verdict is the worst action
//! of its hits, and the same input gives the same JSON every time.
//!
//! Posts are built from pieces that reach the engine's interesting paths (shipped terms, their
//! traditional and spread-out forms, noise, digits, PII-shaped numbers, attribution cues) mixed
//! with arbitrary characters. Case counts stay modest so the suite stays quick in debug builds.

use proptest::prelude::*;
use shenhe::{Account, Action, Decision, Input, Post, Verdict};

use crate::util::{SHIPPED, assert_spans};

/// Pieces of text that exercise the lexicons, the rules and the detectors.
const PIECES: &[&str] = &[
    "网络赌场",
    "赌博网站",
    "賭博網站",
    "注册送彩金",
    "加微信",
    "约炮",
    "法轮功",
    "依法轮流值班",
    "严厉打击赌博",
    "警惕电信诈骗",
    "气死我了",
    "身份证110101199003071233",
    "手机13812345678",
    "138****5678",
    "热线12345",
    "新华社北京11月22日电",
    "来源:网络",
    "转自",
    "记者 王某",
    "市政府召开常务会议",
    "明天上午九点广场集合",
    "http://example.com/a",
    "vx:abc123",
];

/// Single characters that interact with normalization: noise, full-width, case, circled and
/// Chinese digits, zero-width and combining marks, emoji, sentence ends, line breaks.
const CHARS: &[char] = &[
    '赌', '博', '網', '彩', '金', '*', ' ', '.', '。', '!', '，', '\n', '\t', '\u{200b}',
    '\u{301}', '🎲', '\u{3000}', 'Ａ', 'a', 'V', '1', '８', '①', '壹', '〇', 'ß', '\u{feff}', '\0',
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        // A term spread out with a noise character after each of its chars.
        1 => (
            proptest::sample::select(PIECES),
            proptest::sample::select(&['*', ' ', '.', '\u{200b}', '❤'][..])
        )
            .prop_map(|(p, sep)| p.chars().flat_map(|c| [c, sep]).collect()),
        3 => proptest::sample::select(CHARS).prop_map(String::from),
        2 => any::<char>().prop_map(String::from),
    ]
}

fn post_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn account() -> impl Strategy<Value = Account> {
    proptest::sample::select(&Account::ALL[..])
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The decision that the hits' actions ask for, computed here independently.
fn worst(v: &Verdict) -> Decision {
    match v.hits.iter().map(|h| h.action).max() {
        Some(Action::Block) => Decision::Block,
        Some(Action::Review) => Decision::Review,
        Some(Action::Note) | None => Decision::Pass,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn spans_slice_the_original_text_to_matched(text in post_text(), account in account()) {
        let v = SHIPPED.screen(Input::new(&text).account(account)).unwrap();
        assert_spans(&text, &v);
        for h in &v.hits {
            prop_assert!(h.start < h.end, "empty span {:?}", h);
        }
    }

    #[test]
    fn verdict_is_the_worst_action_of_its_hits(text in post_text(), account in account()) {
        let v = SHIPPED.screen(Input::new(&text).account(account)).unwrap();
        prop_assert_eq!(v.verdict, worst(&v), "{}", v.to_json());
        prop_assert_eq!(v.account, account);
        // Every category listed has a hit above note, and every such hit's category is listed.
        for c in &v.categories {
            prop_assert!(v.hits.iter().any(|h| h.category == *c && h.action > Action::Note));
        }
        for h in v.hits.iter().filter(|h| h.action > Action::Note) {
            prop_assert!(v.categories.contains(&h.category), "{}", v.to_json());
        }
    }

    #[test]
    fn the_same_input_gives_the_same_json(text in post_text(), account in account()) {
        let input = Input::new(&text).account(account).id("p");
        let verdict = SHIPPED.screen(input).unwrap();
        let first = verdict.to_json();
        // Again, through a clone of the engine, and after other posts warmed its scratch space.
        prop_assert_eq!(&SHIPPED.screen(input).unwrap().to_json(), &first);
        let _ = SHIPPED.screen("赌*博网站注册就送彩金,加微信约炮,身份证110101199003071233");
        prop_assert_eq!(&SHIPPED.clone().screen(input).unwrap().to_json(), &first);
        // The JSON is one line and parses.
        prop_assert!(!first.contains('\n'));
        let parsed: serde_json::Value = serde_json::from_str(&first).unwrap();
        prop_assert_eq!(&parsed["verdict"], verdict.verdict.as_str());
        prop_assert_eq!(parsed["hits"].as_array().unwrap().len(), verdict.hits.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..config() })]

    #[test]
    fn screen_batch_equals_one_by_one_on_any_number_of_threads(
        posts in proptest::collection::vec((post_text(), account()), 0..24),
        threads in 1usize..=4,
    ) {
        let posts: Vec<Post> = posts
            .into_iter()
            .enumerate()
            .map(|(i, (text, account))| Post { id: Some(format!("p{i}")), text, account })
            .collect();
        let one: Vec<String> = posts
            .iter()
            .map(|p| SHIPPED.screen(p).unwrap().to_json())
            .collect();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let batch: Vec<String> = pool
            .install(|| SHIPPED.screen_batch(&posts))
            .into_iter()
            .map(|v| v.unwrap().to_json())
            .collect();
        prop_assert_eq!(&one, &batch);
        let iter: Vec<String> = pool
            .install(|| SHIPPED.screen_iter(posts.clone()).map(|v| v.unwrap().to_json()).collect());
        prop_assert_eq!(&one, &iter);
    }
}
