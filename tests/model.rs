//! Learned models (issue 10): training on labelled posts the test writes itself, scoring in the
//! same pass as the lexicons, explanations, the policy's `model` lines, saving and loading.

use std::sync::LazyLock;

use shenhe::{
    Account, Action, Category, Decision, Engine, Example, Input, Lexicon, Model, Policy, Target,
    TrainOptions, train,
};

use crate::util::assert_spans;

/// A deterministic generator of labelled posts: betting and job-scam pitches (harmful, with
/// their categories) among everyday and official posts (clean), each from a few phrases and
/// fillers, so that the n-grams that decide are known.
fn examples() -> Vec<Example> {
    const GAMBLING: [&str; 6] = [
        "百家乐",
        "网上赌博",
        "下注",
        "充值返水",
        "博彩平台",
        "押大小",
    ];
    const ADS: [&str; 5] = ["日结兼职", "私信我", "免押金", "扫码进群", "躺赚"];
    const CLEAN: [&str; 8] = [
        "今天天气不错",
        "社区开展垃圾分类宣传",
        "市政府召开常务会议",
        "图书馆周末开放",
        "地铁新线路开通",
        "学校举行运动会",
        "医院新增便民门诊",
        "公园的菊花开了",
    ];
    const FILLERS: [&str; 6] = ["大家", "今晚", "快来", "朋友们", "这里", "真的"];
    let mut out = Vec::new();
    let mut state = 7u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for i in 0..900 {
        let filler = FILLERS[next(FILLERS.len())];
        let (text, harm, cats) = match i % 3 {
            0 => (
                format!(
                    "{filler}{}，{}，{}",
                    GAMBLING[next(6)],
                    GAMBLING[next(6)],
                    CLEAN[next(8)]
                ),
                true,
                vec![Category::Gambling],
            ),
            1 => (
                format!("{filler}{}，{}", ADS[next(5)], ADS[next(5)]),
                true,
                vec![Category::CommercialAd],
            ),
            _ => (
                format!("{filler}{}，{}", CLEAN[next(8)], CLEAN[next(8)]),
                false,
                vec![],
            ),
        };
        out.push(Example {
            text,
            harm,
            cats,
            group: 0,
        });
    }
    out
}

fn options() -> TrainOptions {
    let mut o = TrainOptions::default();
    o.max_grams = 2_000;
    o
}

static MODEL: LazyLock<Model> =
    LazyLock::new(|| train(&examples(), &options(), &|_| {}).unwrap().0);

/// An engine with no lexicon terms, so every hit is the model's.
fn engine(policy: Policy) -> Engine {
    Engine::builder()
        .lexicon(Lexicon::builder().build().unwrap())
        .policy(policy)
        .model(MODEL.clone())
        .build()
        .unwrap()
}

#[test]
fn training_is_deterministic_and_learns_the_classes() {
    let (again, report) = train(&examples(), &options(), &|_| {}).unwrap();
    assert_eq!(again.to_text(), MODEL.to_text());
    let ids: Vec<&str> = report.classes.iter().map(|c| c.target.id()).collect();
    assert_eq!(ids, ["harm", "gambling", "commercial_ad"]);
    assert!(report.valid > 50 && report.train > 700, "{report:?}");
    for c in &report.classes {
        assert!(c.recall() > 0.9, "{c:?}");
        assert!(c.clean_held() <= 0.02, "{c:?}");
        assert!(c.threshold >= 0.5, "{c:?}");
    }
    assert!(MODEL.len() <= 2_000 && !MODEL.is_empty());
    // Another seed splits and shuffles otherwise.
    let mut other = options();
    other.seed = 2;
    assert_ne!(
        train(&examples(), &other, &|_| {}).unwrap().0.to_text(),
        MODEL.to_text()
    );
}

#[test]
fn training_needs_both_kinds_of_posts() {
    let harmful: Vec<Example> = examples().into_iter().filter(|e| e.harm).collect();
    let e = train(&harmful, &options(), &|_| {}).unwrap_err();
    assert!(e.to_string().contains("both harmful and clean"), "{e}");
    let mut bad = options();
    bad.ngrams = (1, 5);
    assert!(train(&examples(), &bad, &|_| {}).is_err());
}

#[test]
fn folded_spellings_score_as_the_plain_text() {
    let plain = MODEL.score("网上赌博，百家乐");
    assert!(plain[1] > 0.9, "{plain:?}");
    for text in [
        "網上賭博，百家樂",
        "网上赌 博,百 家 乐",
        "网上赌\u{200b}博，百家乐",
    ] {
        assert_eq!(MODEL.score(text), plain, "{text}");
    }
}

#[test]
fn model_hits_name_their_ngrams_and_slice_the_original() {
    let engine = engine(Policy::new());
    let text = "朋友们，網上賭博，百家樂走起";
    let v = engine.screen(text).unwrap();
    assert_spans(text, &v);
    let hit = v
        .hits
        .iter()
        .find(|h| &*h.term == "model:gambling")
        .unwrap_or_else(|| panic!("{v:?}"));
    assert_eq!(hit.category, Category::Gambling);
    let score = hit.score.unwrap();
    assert!(score > 0.5 && score <= 1.0, "{hit:?}");
    assert!(hit.reason.contains("模型评分"), "{}", hit.reason);
    // The span covers the strongest n-grams, in the text as written (traditional here).
    assert!(
        hit.matched.contains('賭') || hit.matched.contains('樂'),
        "{hit:?}"
    );
    assert!(v.to_json().contains(r#""score":"#));
    // Lexicon hits carry no score.
    let shipped = Engine::new().unwrap().with_model(Some(MODEL.clone()));
    let v = shipped.screen("网上赌博，百家乐").unwrap();
    assert!(v.hits.iter().any(|h| h.score.is_some()));
    assert!(
        v.hits
            .iter()
            .any(|h| h.score.is_none() && h.category == Category::Gambling)
    );
    // Clean text scores low: no model hit.
    assert!(engine.screen("社区开展垃圾分类宣传").unwrap().is_pass());
}

#[test]
fn model_hits_review_by_default_and_follow_the_policy() {
    let text = "大家网上赌博，下注押大小";
    let v = engine(Policy::new()).screen(text).unwrap();
    assert_eq!(v.verdict, Decision::Review, "{v:?}");
    assert!(v.hits.iter().all(|h| h.action == Action::Review));
    // The verdict's score is the model's own (contract §4), not the rules' fixed confidence.
    let best = v.hits.iter().filter_map(|h| h.score).fold(0.0, f64::max);
    assert_eq!(v.score, best);

    let block = Policy::parse("p.txt", "model * gambling 0.5 block\n".as_bytes()).unwrap();
    assert_eq!(engine(block).screen(text).unwrap().verdict, Decision::Block);

    let off = Policy::parse("p.txt", "model org gambling 0.5 off\n".as_bytes()).unwrap();
    let engine = engine(off);
    let v = engine.screen(text).unwrap();
    assert!(
        !v.hits.iter().any(|h| &*h.term == "model:gambling"),
        "{v:?}"
    );
    // The line names org only: a staff account still hears the model.
    let v = engine
        .screen(Input::new(text).account(Account::Staff))
        .unwrap();
    assert!(v.hits.iter().any(|h| &*h.term == "model:gambling"), "{v:?}");
    // A category that is off for an account gives no model hit there by default.
    let quiet = Policy::parse("p.txt", "org gambling off\n".as_bytes()).unwrap();
    let v = self::engine(quiet).screen(text).unwrap();
    assert!(
        !v.hits.iter().any(|h| h.category == Category::Gambling),
        "{v:?}"
    );
}

#[test]
fn a_harm_only_model_reports_model_harm() {
    let body = "shenhe-model\t1\nngrams\t1\t2\nclass\tharm\t-4\t0.5\ngram\t躺赚\t0:6\n";
    let model = Model::parse("harm.txt", &Model::seal(body)).unwrap();
    assert_eq!(model.classes()[0].target(), Target::Harm);
    let engine = Engine::builder()
        .lexicon(Lexicon::builder().build().unwrap())
        .model(model)
        .build()
        .unwrap();
    let v = engine.screen("在家躺赚不是梦").unwrap();
    let hit = &v.hits[0];
    assert_eq!(&*hit.term, "model:harm");
    assert_eq!(hit.matched, "躺赚");
    assert_eq!(hit.action, Action::Review);
}

#[test]
fn saved_engines_and_model_files_round_trip() {
    let policy = Policy::parse("p.txt", "model * commercial_ad 0.6 block\n".as_bytes()).unwrap();
    let engine = engine(policy);
    let loaded = Engine::load(&engine.save()).unwrap();
    assert_eq!(loaded.model().unwrap().to_text(), MODEL.to_text());
    for text in ["大家日结兼职，私信我", "公园的菊花开了", "网上赌博，百家乐"]
    {
        assert_eq!(loaded.screen(text).unwrap(), engine.screen(text).unwrap());
    }
    assert_eq!(
        loaded.screen("大家日结兼职，私信我").unwrap().verdict,
        Decision::Block
    );
    let dir = crate::util::tempdir("model");
    let path = dir.path().join("m.txt");
    std::fs::write(&path, MODEL.to_text()).unwrap();
    let read = Model::from_path(&path).unwrap();
    assert_eq!(read.to_text(), MODEL.to_text());
    // A damaged byte: the checksum line names the problem.
    let damaged = MODEL.to_text().replacen("gram\t", "gram\t赌", 1);
    std::fs::write(&path, damaged).unwrap();
    let e = Model::from_path(&path).unwrap_err();
    assert!(e.to_string().contains("m.txt:"), "{e}");
    assert!(e.line().is_some());
    let e = Model::from_path(dir.path().join("missing.txt")).unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
}

#[test]
fn the_engine_scores_exactly_as_the_model() {
    // An engine finds the model's n-grams on its lexicons' walk, in one automaton with the
    // lexicon patterns. N-grams that are lexicon patterns too (赌博, 百家乐), the emoji reading's
    // second pass and a saved engine must all leave the scores those of `Model::score`. So
    // must n-grams of one char that the lexicons hold as set words only, which their walk
    // leaves out (我, 的).
    for shared in ["赌博", "我", "的"] {
        assert!(
            MODEL.to_text().contains(&format!("gram\t{shared}\t")),
            "the test needs the shared string {shared}"
        );
    }
    let shipped = Engine::new().unwrap().with_model(Some(MODEL.clone()));
    assert!(shipped.memory_usage() > Engine::new().unwrap().memory_usage() + MODEL.memory_usage());
    let loaded = Engine::load(&shipped.save()).unwrap();
    let mut compared = 0;
    for text in [
        "网上赌博，百家乐",
        "網上賭博，百家樂走起",
        "大家日结兼职，私信我",
        "我的天，网上赌博的平台",
        "今晚🎰网上赌博，充值返水🐷",
        "快来博彩平台下注，押大小，社区开展垃圾分类宣传",
    ] {
        let want = MODEL.score(text);
        for engine in [&shipped, &loaded] {
            let v = engine.screen(text).unwrap();
            for hit in v.hits.iter().filter(|h| h.term.starts_with("model:")) {
                let id = &hit.term["model:".len()..];
                let class = MODEL
                    .classes()
                    .iter()
                    .position(|c| c.target().id() == id)
                    .unwrap();
                let score = (want[class] * 1e4).round() / 1e4;
                assert_eq!(hit.score, Some(score), "{text}: {hit:?}");
                compared += 1;
            }
        }
    }
    assert!(compared >= 8, "{compared} model hits compared");
}
