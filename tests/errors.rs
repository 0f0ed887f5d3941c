//! Every public error says what went wrong through `kind()`, beside its unchanged message.

use shenhe::{
    Account, BuildErrorKind, Category, Config, Engine, Example, Lexicon, LexiconErrorKind,
    LoadErrorKind, Model, ModelErrorKind, Policy, PolicyErrorKind, ReferenceErrorKind, References,
    ScreenErrorKind, Sources, TrainErrorKind, TrainOptions, UnknownIdKind, train,
};

#[test]
fn lexicon_error_kinds() {
    let kind = |text: &str| {
        Lexicon::builder()
            .add_str("mine.txt", text)
            .map(|_| ())
            .unwrap_err()
            .kind()
            .clone()
    };
    assert_eq!(kind("网络赌场\n"), LexiconErrorKind::MissingCategory);
    assert_eq!(
        kind("网络赌场\tgamble\n"),
        LexiconErrorKind::UnknownCategory("gamble".into())
    );
    assert_eq!(
        kind("网络赌场\tgambling\tcolour=red\n"),
        LexiconErrorKind::UnknownAttribute("colour=red".into())
    );
    assert_eq!(kind("!!!\tgambling\n"), LexiconErrorKind::EmptyTerm);
    assert_eq!(
        kind("网络。赌场\tgambling\n"),
        LexiconErrorKind::TermCrossesSentence
    );
    let long = "赌".repeat(shenhe::MAX_TERM_CHARS + 1);
    assert_eq!(
        kind(&format!("{long}\tgambling\n")),
        LexiconErrorKind::TermTooLong {
            chars: shenhe::MAX_TERM_CHARS + 1,
            max: shenhe::MAX_TERM_CHARS
        }
    );
    // The kind does not change the message.
    let err = Lexicon::builder()
        .add_str("mine.txt", "网络赌场\tgamble\n")
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "mine.txt:1: unknown category \"gamble\" (see docs/contract.md §3 for the category ids, \
         or use `allow`): \"网络赌场\\tgamble\""
    );
}

#[test]
fn build_error_kind_of_a_lexicon_error() {
    let err = shenhe::BuildError::from(
        Lexicon::builder()
            .add_str("mine.txt", "网络赌场\n")
            .map(|_| ())
            .unwrap_err(),
    );
    match err.kind() {
        BuildErrorKind::Lexicon(e) => assert_eq!(e.kind(), &LexiconErrorKind::MissingCategory),
        other => panic!("{other:?}"),
    }
}

#[test]
fn screen_error_kind() {
    let engine = Engine::builder()
        .config(Config::new().max_post_bytes(10))
        .build()
        .unwrap();
    let err = engine.screen("0123456789a").unwrap_err();
    assert_eq!(err.kind(), &ScreenErrorKind::TooLong { len: 11, max: 10 });
    assert_eq!(
        err.to_string(),
        "post of 11 bytes exceeds the limit of 10 bytes (Config::max_post_bytes)"
    );
}

#[test]
fn load_error_kinds() {
    let saved = Engine::new().unwrap().save();
    let kind = |bytes: &[u8]| *Engine::load(bytes).unwrap_err().kind();
    assert_eq!(kind(b"garbage"), LoadErrorKind::NotAnEngine);
    let mut other = saved.clone();
    other[16..20].copy_from_slice(&999u32.to_le_bytes());
    let expected = u32::from_le_bytes(saved[16..20].try_into().unwrap());
    assert_eq!(
        kind(&other),
        LoadErrorKind::Version {
            found: 999,
            expected
        }
    );
    let mut other = saved.clone();
    other[20..24].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(
        kind(&other),
        LoadErrorKind::Categories {
            found: 3,
            expected: Category::ALL.len()
        }
    );
    let mut damaged = saved.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert_eq!(kind(&damaged), LoadErrorKind::Checksum);
    assert_eq!(kind(&saved[..saved.len() - 1]), LoadErrorKind::Corrupt);
}

#[test]
fn policy_error_kinds() {
    let err = Policy::new()
        .overlay("p.txt", "org gambling maybe\n".as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), &PolicyErrorKind::Syntax);
    let err = Policy::new()
        .overlay_file("/nonexistent/shenhe-policy.txt")
        .unwrap_err();
    assert_eq!(err.kind(), &PolicyErrorKind::Read);
    assert!(err.to_string().contains("cannot open"));
    let err = Policy::new()
        .overlay("p.txt", &b"org gambling \xff\n"[..])
        .unwrap_err();
    assert_eq!(err.kind(), &PolicyErrorKind::Read);
}

#[test]
fn reference_error_kinds() {
    let kind = |jsonl: &str| {
        *References::from_reader("r.jsonl", jsonl.as_bytes())
            .unwrap_err()
            .kind()
    };
    assert_eq!(kind("not json\n"), ReferenceErrorKind::Syntax);
    assert_eq!(kind("{\"id\":\"a\"}\n"), ReferenceErrorKind::Syntax);
    assert_eq!(
        kind("{\"id\":\"a\",\"text\":\"正文\"}\n{\"id\":\"a\",\"text\":\"又一篇\"}\n"),
        ReferenceErrorKind::Invalid
    );
    assert_eq!(
        kind("{\"id\":\"a\",\"text\":\" \"}\n"),
        ReferenceErrorKind::Invalid
    );
    let err = Sources::builder()
        .add_legitimate("l.txt", "新华社\n*人民网\n".as_bytes())
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.kind(), &ReferenceErrorKind::Syntax);
    assert_eq!(err.line(), Some(2));
}

#[test]
fn model_error_kinds() {
    let kind = |text: &str| *Model::parse("m.txt", text).unwrap_err().kind();
    let good = Model::seal("shenhe-model\t1\nngrams\t1\t4\nclass\tharm\t0\t0.5\n");
    Model::parse("m.txt", &good).unwrap();
    assert_eq!(
        kind(&good.replace("fnv1a64:", "fnv1a64:0")),
        ModelErrorKind::Checksum
    );
    assert_eq!(kind("shenhe-model\t1\n"), ModelErrorKind::Checksum);
    assert_eq!(
        kind(&Model::seal("shenhe-model\t99\nngrams\t1\t4\n")),
        ModelErrorKind::Version
    );
    assert_eq!(kind(&Model::seal("a model\n")), ModelErrorKind::NotAModel);
    assert_eq!(
        kind(&Model::seal("shenhe-model\t1\nngrams\t0\t4\n")),
        ModelErrorKind::Syntax
    );
    let err = Model::from_path("/nonexistent/shenhe-model.txt").unwrap_err();
    assert_eq!(err.kind(), &ModelErrorKind::Read);
}

#[test]
fn train_error_kinds() {
    let examples: Vec<Example> = (0..20)
        .map(|i| Example {
            text: format!("招日结兼职 {i}"),
            harm: true,
            cats: vec![],
            group: 0,
        })
        .collect();
    let mut opts = TrainOptions::default();
    opts.valid = 0.0;
    let err = train(&examples, &opts, &|_| {}).unwrap_err();
    assert_eq!(
        err.kind(),
        &TrainErrorKind::OneSided {
            posts: 20,
            harmful: 20
        }
    );
    let mut bad = TrainOptions::default();
    bad.ngrams = (3, 2);
    let err = train(&examples, &bad, &|_| {}).unwrap_err();
    assert_eq!(err.kind(), &TrainErrorKind::Options);
    assert!(format!("{err:?}").starts_with("TrainError(\"n-gram lengths 3-2"));
}

#[test]
fn unknown_id_kinds() {
    let e = "gamble".parse::<Category>().unwrap_err();
    assert_eq!((e.kind(), e.id()), (&UnknownIdKind::Category, "gamble"));
    let e = "company".parse::<Account>().unwrap_err();
    assert_eq!(e.kind(), &UnknownIdKind::Account);
    let e = "delete".parse::<shenhe::Action>().unwrap_err();
    assert_eq!(e.kind(), &UnknownIdKind::Action);
    assert_eq!(
        e.to_string(),
        "unknown action \"delete\" (expected note, review or block)"
    );
}
