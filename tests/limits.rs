//! Limits and bad data: the post size limit, the term length and lexicon size limits, malformed
//! lexicons and policies (each error names its source and line, or a documented rule decides),
//! and pathological posts that must screen to completion (no timing is asserted: a post that
//! took quadratic time would make the suite hang, not fail an assert).

use shenhe::{
    Account, Action, Category, Config, DEFAULT_MAX_HITS_PER_TERM, DEFAULT_MAX_POST_BYTES, Decision,
    Engine, Input, Lexicon, MAX_ENTRIES, MAX_POST_BYTES_LIMIT, MAX_SET_DEPTH, MAX_TERM_CHARS,
    Policy, Post, Verdict,
};

use crate::util::{SHIPPED, engine_with};

fn limited(max: usize) -> Engine {
    let lex = Lexicon::builder()
        .add_str("t.txt", "网络赌场\tgambling\n")
        .unwrap()
        .build()
        .unwrap();
    Engine::builder()
        .lexicon(lex)
        .config(Config::new().max_post_bytes(max))
        .build()
        .unwrap()
}

fn lexicon_error(text: &str) -> String {
    match Lexicon::builder().add_str("bad.txt", text) {
        Err(e) => e.to_string(),
        Ok(b) => b
            .build()
            .map(|_| "loaded".to_string())
            .unwrap_or_else(|e| e.to_string()),
    }
}

// --- The post size limit -----------------------------------------------------------------

#[test]
fn the_post_limit_is_inclusive_and_applies_to_screen_redact_and_batch() {
    let e = limited(12); // 网络赌场 is 12 bytes
    assert_eq!(e.config().get_max_post_bytes(), 12);
    let v = e.screen("网络赌场").unwrap();
    assert_eq!(v.verdict, Decision::Block);
    let err = e.screen("网络赌场!").unwrap_err();
    assert_eq!(
        err.to_string(),
        "post of 13 bytes exceeds the limit of 12 bytes (Config::max_post_bytes)"
    );
    assert!(e.redact("网络赌场!").is_err());
    assert!(e.redact("网络赌场").is_ok());
    // In a batch only the long post fails, in its place.
    let posts = ["网络赌场", "网络赌场网络赌场", ""];
    let out = e.screen_batch(&posts);
    assert!(out[0].is_ok() && out[1].is_err() && out[2].is_ok());
    let texts: Vec<Post> = posts
        .iter()
        .map(|t| Post {
            id: None,
            text: t.to_string(),
            account: Account::Org,
        })
        .collect();
    let iter: Vec<bool> = e.screen_iter(texts).map(|r| r.is_ok()).collect();
    assert_eq!(iter, [true, false, true]);
}

#[test]
fn the_default_limit_and_its_ceiling() {
    assert_eq!(Config::new().get_max_post_bytes(), DEFAULT_MAX_POST_BYTES);
    assert_eq!(
        SHIPPED.config().get_max_post_bytes(),
        DEFAULT_MAX_POST_BYTES
    );
    assert_eq!(
        Config::new()
            .max_post_bytes(usize::MAX)
            .get_max_post_bytes(),
        MAX_POST_BYTES_LIMIT
    );
    // A limit of zero admits only the empty post.
    let e = limited(0);
    assert!(e.screen("").unwrap().is_pass());
    assert!(e.screen("a").is_err());
    // The shipped engine refuses one byte more than the default limit, before screening.
    let text = "a".repeat(DEFAULT_MAX_POST_BYTES + 1);
    let err = SHIPPED.screen(text.as_str()).unwrap_err();
    assert!(err.to_string().contains("exceeds the limit"), "{err}");
}

// --- Lexicon limits ----------------------------------------------------------------------

#[test]
fn terms_up_to_the_length_limit_load_and_longer_ones_are_located_errors() {
    let ok = format!("{}\tporn\n", "长".repeat(MAX_TERM_CHARS));
    let lex = Lexicon::builder()
        .add_str("t.txt", &ok)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(lex.terms_in(Category::Porn), 1);
    let bad = format!("ok\tporn\n{}\tporn\n", "长".repeat(MAX_TERM_CHARS + 1));
    let err = Lexicon::builder().add_str("t.txt", &bad).unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(
        err.to_string()
            .starts_with("t.txt:2: term of 257 characters exceeds the limit of 256"),
        "{err}"
    );
    // The error quotes the line, cut short.
    assert!(err.text().chars().count() <= 120, "{}", err.text());
    // Word lists have the same limit.
    let list = format!("{}\n", "长".repeat(MAX_TERM_CHARS + 1));
    let err = Lexicon::builder()
        .add_word_list("w.txt", list.as_bytes(), Category::Vulgar)
        .unwrap_err();
    assert_eq!((err.source_name(), err.line()), ("w.txt", Some(1)));
}

#[test]
fn a_lexicon_over_the_entry_limit_is_an_error_naming_its_source() {
    // One set of MAX_ENTRIES words plus one term: the count includes set words.
    let mut text = String::with_capacity(MAX_ENTRIES * 8);
    text.push_str("@set big\t");
    for i in 0..MAX_ENTRIES {
        if i > 0 {
            text.push('|');
        }
        text.push_str(&format!("w{i}"));
    }
    text.push('\n');
    let mut b = Lexicon::builder();
    b.add_str("big.txt", &text).unwrap();
    let err = b.add_str("one.txt", "网络赌场\tgambling\n").unwrap_err();
    assert_eq!(err.source_name(), "one.txt");
    assert!(
        err.to_string()
            .contains(&format!("exceeds the limit of {MAX_ENTRIES} entries")),
        "{err}"
    );
}

// --- Malformed lexicons ------------------------------------------------------------------

#[test]
fn empty_and_noise_only_terms_are_located_errors() {
    // A line whose term field is empty: the next field is taken as the term, and the category
    // is missing.
    let e = lexicon_error("ok\tporn\n\tporn\n");
    assert!(e.starts_with("bad.txt:2: missing category"), "{e}");
    let e = lexicon_error("ok\tporn\n  \t  \tporn\n");
    assert!(e.starts_with("bad.txt:2: missing category"), "{e}");
    // Terms made only of characters that normalization skips.
    for term in [
        "***",
        "🎲🎲",
        "\u{200b}\u{200d}",
        "!?~",
        "\u{3000}·",
        "\u{301}\u{301}",
    ] {
        let e = lexicon_error(&format!("# noise\n{term}\tgambling\n"));
        assert!(
            e.starts_with("bad.txt:2:") && e.contains("empty after normalization"),
            "{term:?}: {e}"
        );
    }
    // The same rule for allow phrases, set words and word lists.
    let e = lexicon_error("***\tallow\n");
    assert!(e.starts_with("bad.txt:1:"), "{e}");
    let e = lexicon_error("@set s\t甲|***\n");
    assert!(e.starts_with("bad.txt:1:"), "{e}");
    let err = Lexicon::builder()
        .add_word_list("w.txt", "好词\n***\n".as_bytes(), Category::Vulgar)
        .unwrap_err();
    assert_eq!(err.line(), Some(2), "{err}");
}

#[test]
fn unknown_categories_are_located_errors_in_every_file_of_a_set() {
    let mut b = Lexicon::builder();
    b.add_str("a.txt", "网络赌场\tgambling\n").unwrap();
    let err = b
        .add_str("b.txt", "\u{feff}# x\n赌场\tGambling\n")
        .unwrap_err();
    assert_eq!((err.source_name(), err.line()), ("b.txt", Some(2)));
    assert!(
        err.to_string().contains("unknown category \"Gambling\""),
        "{err}"
    );
    assert_eq!(err.text(), "赌场\tGambling");
}

/// The rule for a term listed twice: under two categories it is two terms, each category's hit
/// fires on its own and the verdict takes the worse action (no line wins over the other);
/// repeated in one category, it is reported once.
#[test]
fn duplicate_terms_with_conflicting_categories_both_fire() {
    let e = engine_with("蓝莓代号\tstate_secret\n蓝莓代号\tvulgar\n蓝莓代号\tvulgar\n");
    let v = e.screen("请勿外传蓝莓代号").unwrap();
    let cats: Vec<Category> = v.hits.iter().map(|h| h.category).collect();
    assert_eq!(
        cats.iter().filter(|c| **c == Category::StateSecret).count(),
        1,
        "{}",
        v.to_json()
    );
    assert_eq!(
        cats.iter().filter(|c| **c == Category::Vulgar).count(),
        1,
        "{}",
        v.to_json()
    );
    assert_eq!(v.verdict, Decision::Block);
    assert_eq!(v.categories[0], Category::StateSecret);
    // The order of the lines does not matter.
    let e2 = engine_with("蓝莓代号\tvulgar\n蓝莓代号\tstate_secret\n");
    assert_eq!(e2.screen("请勿外传蓝莓代号").unwrap(), v);
    // Spellings that normalize alike are the same term: the rule is the same.
    let e3 = engine_with("赌博\tgambling\n賭博\tvulgar\n");
    let v = e3.screen("赌博").unwrap();
    assert_eq!(v.hits.len(), 2, "{}", v.to_json());
}

// --- Malformed policies ------------------------------------------------------------------

#[test]
fn malformed_policy_files_name_file_and_line() {
    let cases: &[(&[u8], usize, &str)] = &[
        (b"# ok\norg gamble block\n", 2, "unknown category"),
        (b"org gambling\n", 1, "three fields"),
        (b"org gambling block extra\n", 1, "three fields"),
        (b"\n\nboss gambling block\n", 3, "unknown account"),
        (b"org gambling pass\n", 1, "unknown action \"pass\""),
        (b"org vulgar off\n\xff\xfe\n", 2, "not valid UTF-8"),
        (b"org\tgambling\tBLOCK\n", 1, "unknown action"),
    ];
    for (text, line, message) in cases {
        let e = Policy::parse("p.txt", *text).unwrap_err();
        assert_eq!(e.source_name(), "p.txt");
        assert_eq!(e.line(), Some(*line), "{e}");
        assert!(
            e.to_string().starts_with(&format!("p.txt:{line}:")) && e.to_string().contains(message),
            "{e}"
        );
    }
    let e = Policy::from_file("/nonexistent/policy.txt").unwrap_err();
    assert!(e.to_string().starts_with("/nonexistent/policy.txt"), "{e}");
    assert_eq!(e.line(), None);
}

#[test]
fn in_a_policy_named_accounts_win_over_star_and_comments_and_tabs_are_fine() {
    let p = Policy::parse(
        "p.txt",
        "* gambling review # all\r\norg\tgambling\tblock\n\n   # only a comment\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(
        p.action(Category::Gambling, Account::Org),
        Some(shenhe::Action::Block)
    );
    assert_eq!(
        p.action(Category::Gambling, Account::Private),
        Some(shenhe::Action::Review)
    );
    // An empty policy file is the default table.
    let empty = Policy::parse("p.txt", "".as_bytes()).unwrap();
    for c in Category::ALL {
        for a in Account::ALL {
            assert_eq!(empty.action(*c, a), Policy::new().action(*c, a));
        }
    }
}

#[test]
fn set_include_chains_deeper_than_the_limit_are_refused_at_once() {
    // A chain of 10,000 includes once took 14 s and 2.3 GB to build; now it is refused after
    // one linear walk, naming the set where the depth ran out.
    let mut text = String::from("@set s0\t词0\n");
    for i in 1..10_000 {
        text.push_str(&format!("@set s{i}\t词{i}|$s{}\n", i - 1));
    }
    text.push_str("彩金\tgambling\tneed=$s9999\n");
    let e = lexicon_error(&text);
    assert!(
        e.contains(&format!("more than {MAX_SET_DEPTH} levels deep")),
        "{e}"
    );
    assert!(e.starts_with("bad.txt:"), "{e}");
    // A chain within the limit builds and works through every level.
    let mut text = String::from("@set s0\t加微信\n");
    for i in 1..=MAX_SET_DEPTH {
        text.push_str(&format!("@set s{i}\t词{i}|$s{}\n", i - 1));
    }
    text.push_str(&format!("彩金\tgambling\tneed=$s{MAX_SET_DEPTH}\n"));
    let engine = engine_with(&text);
    assert_eq!(
        engine.screen("彩金加微信").unwrap().verdict,
        Decision::Block
    );
}

#[test]
fn set_words_follow_the_term_length_limit() {
    let long = "词".repeat(MAX_TERM_CHARS + 1);
    let e = lexicon_error(&format!("@set big\t短|{long}\n"));
    assert!(
        e.starts_with("bad.txt:1: term of 257 characters exceeds the limit of 256"),
        "{e}"
    );
    let e = lexicon_error(&format!("彩金\tgambling\tneed={long}\n"));
    assert!(e.contains("exceeds the limit of 256"), "{e}");
}

#[test]
fn data_files_without_line_ends_are_refused_at_the_line_limit() {
    // `--lexicons /dev/zero` grew to 22 GB: a line is read up to its limit, then refused.
    let zeros = std::io::BufReader::new(std::io::repeat(0));
    let e = Lexicon::builder().add_reader("zero", zeros).unwrap_err();
    assert_eq!(e.line(), Some(1));
    assert!(
        e.to_string()
            .contains("exceeds the limit of 33554432 bytes"),
        "{e}"
    );
    let zeros = std::io::BufReader::new(std::io::repeat(b'a'));
    let e = Policy::parse("zero", zeros).unwrap_err();
    assert!(
        e.to_string().starts_with("zero:1: line exceeds the limit"),
        "{e}"
    );
    let zeros = std::io::BufReader::new(std::io::repeat(b'a'));
    let e = shenhe::Sources::builder()
        .add_legitimate("zero", zeros)
        .map(|_| ())
        .unwrap_err();
    assert!(e.to_string().contains("line exceeds the limit"), "{e}");
}

#[test]
fn a_policy_with_a_byte_order_mark_and_a_cell_given_twice() {
    let p = Policy::parse("p.txt", "\u{feff}org vulgar off\n".as_bytes()).unwrap();
    assert_eq!(p.action(Category::Vulgar, Account::Org), None);
    let e = Policy::parse(
        "p.txt",
        "org vulgar off\nstaff vulgar off\norg vulgar block\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "p.txt:3: org vulgar is already set on line 1; give each cell once: \"org vulgar block\""
    );
}

// --- The hits listed per term ---------------------------------------------------------------

/// An engine over `lexicon` with at most `limit` hits listed per term.
fn listing(lexicon: &str, limit: usize) -> Engine {
    let lex = Lexicon::builder()
        .add_str("t.txt", lexicon)
        .unwrap()
        .build()
        .unwrap();
    Engine::builder()
        .lexicon(lex)
        .config(Config::new().max_hits_per_term(limit))
        .build()
        .unwrap()
}

/// The fields of a verdict the hit limit must not change.
fn summary(v: &Verdict) -> (Decision, Vec<Category>, u64, shenhe::Risk, Option<Category>) {
    (
        v.verdict,
        v.categories.clone(),
        v.score.to_bits(),
        v.risk,
        v.label,
    )
}

#[test]
fn a_term_past_the_limit_lists_the_first_hits_and_counts_the_rest() {
    let text = "网络赌场".repeat(250);
    let all = listing("网络赌场\tgambling\n", usize::MAX)
        .screen(&text)
        .unwrap();
    assert_eq!((all.hits.len(), all.hits_omitted), (250, 0));
    let v = listing("网络赌场\tgambling\n", 100).screen(&text).unwrap();
    assert_eq!((v.hits.len(), v.hits_omitted), (100, 150));
    assert_eq!(v.hits[..], all.hits[..100], "the first by position");
    assert_eq!(summary(&v), summary(&all));
    assert!(
        v.to_json().ends_with(r#","hits_omitted":150}"#),
        "{}",
        v.to_json()
    );
    assert!(!all.to_json().contains("hits_omitted"));
    // The default, and a limit of 0 is raised to 1.
    assert_eq!(
        Config::new().get_max_hits_per_term(),
        DEFAULT_MAX_HITS_PER_TERM
    );
    assert_eq!(DEFAULT_MAX_HITS_PER_TERM, 100);
    assert_eq!(
        Config::new().max_hits_per_term(0).get_max_hits_per_term(),
        1
    );
    let one = listing("网络赌场\tgambling\n", 0).screen(&text).unwrap();
    assert_eq!((one.hits.len(), one.hits_omitted), (1, 249));
}

#[test]
fn the_limit_is_per_action_so_a_later_stronger_hit_is_still_listed() {
    // A hundred and fifty notes (reporting context), then one solicitation that blocks: the
    // notes past the limit are counted, the block is listed, and the verdict is the full one.
    let lexicon = "网络赌场\tgambling\n@context 报道\tcue=打击\tonly=gambling\twithin=sentence\n";
    let text = format!("{}网络赌场", "打击网络赌场。".repeat(150));
    let all = listing(lexicon, usize::MAX).screen(&text).unwrap();
    let v = listing(lexicon, 100).screen(&text).unwrap();
    assert_eq!(all.verdict, Decision::Block);
    assert_eq!(summary(&v), summary(&all));
    let actions = |v: &Verdict, a: Action| v.hits.iter().filter(|h| h.action == a).count();
    assert_eq!(
        (actions(&all, Action::Note), actions(&all, Action::Block)),
        (150, 1)
    );
    assert_eq!(
        (actions(&v, Action::Note), actions(&v, Action::Block)),
        (100, 1)
    );
    assert_eq!(v.hits_omitted, 50);
}

#[test]
fn findings_past_the_limit_are_counted_only_where_the_policy_reports_them() {
    let text = "联系电话13812345678，".repeat(40);
    let off = Engine::builder()
        .lexicon(Lexicon::default())
        .policy(Policy::parse("p", "* personal_info off\n".as_bytes()).unwrap())
        .config(Config::new().max_hits_per_term(5))
        .build()
        .unwrap();
    let v = off.screen(text.as_str()).unwrap();
    assert_eq!((v.hits.len(), v.hits_omitted), (0, 0));
    // Redaction masks every number, past the limit too.
    let (v, redacted) = listing("网络赌场\tgambling\n", 5)
        .screen_redacted(text.as_str())
        .unwrap();
    assert_eq!((v.hits.len(), v.hits_omitted), (5, 35));
    assert_eq!(redacted, "联系电话138****5678，".repeat(40));
}

#[test]
fn doubtful_sources_past_the_limit_are_counted_and_a_refutation_drops_hearsay_past_it_too() {
    let text = "网友爆料，".repeat(120) + &"来源：网络。".repeat(30);
    let all = listing("网络赌场\tgambling\n", usize::MAX)
        .screen(text.as_str())
        .unwrap();
    let v = listing("网络赌场\tgambling\n", 25)
        .screen(text.as_str())
        .unwrap();
    let count = |v: &Verdict, term: &str| v.hits.iter().filter(|h| &*h.term == term).count();
    assert_eq!(
        (count(&all, "hearsay"), count(&all, "unverified_source")),
        (120, 30)
    );
    assert_eq!(
        (count(&v, "hearsay"), count(&v, "unverified_source")),
        (25, 25)
    );
    assert_eq!(v.hits_omitted, 95 + 5);
    assert_eq!(summary(&v), summary(&all));
    // A post that refutes the rumour passes none of its hearsay on, listed or not.
    let refuted = text + "经核实，以上消息不实。";
    let v = listing("网络赌场\tgambling\n", 25)
        .screen(refuted.as_str())
        .unwrap();
    assert_eq!(
        (count(&v, "hearsay"), count(&v, "unverified_source")),
        (0, 25)
    );
    assert_eq!(v.hits_omitted, 5);
}

#[test]
fn rules_find_their_words_in_a_post_of_more_set_words_than_the_scan_keeps() {
    // Past 65,536 set words a post's scan keeps none and finds the wanted ones again: the
    // rules must read the same, for words before and after the term, in both views (彩彩票票
    // is matched on the stutter view).
    let lexicon = "@set 数\t1|2\n彩票\tgambling\tneed=$数\twithin=post\n\
                   赌场\tgambling\tunless=$数\twithin=post\n";
    let engine = listing(lexicon, usize::MAX);
    let gambling = |text: &str| {
        let v = engine.screen(text).unwrap();
        v.hits
            .into_iter()
            .filter(|h| h.category == Category::Gambling)
            .count()
    };
    let digits = "12".repeat(40_000);
    for text in [
        format!("{digits}彩票"),
        format!("彩票{digits}"),
        format!("彩彩票票{digits}"),
        "彩票1".to_string(),
    ] {
        assert_eq!(gambling(&text), 1, "{}", &text[..12]);
    }
    for text in [
        format!("{digits}赌场"),
        format!("赌场{digits}"),
        "赌场2".to_string(),
    ] {
        assert_eq!(gambling(&text), 0, "{}", &text[..12]);
    }
    assert_eq!((gambling("赌场"), gambling("彩票")), (1, 0));
}

#[test]
fn detector_rules_are_limited_alike() {
    // Mobile numbers (a detector rule, asking for review when alone) and e-mail addresses.
    let text = "联系电话13812345678，".repeat(120) + &"邮箱zhang.li@example.com，".repeat(30);
    let all = listing("网络赌场\tgambling\n", usize::MAX)
        .screen(&text)
        .unwrap();
    let v = listing("网络赌场\tgambling\n", 25).screen(&text).unwrap();
    let count = |v: &Verdict, term: &str| v.hits.iter().filter(|h| &*h.term == term).count();
    assert_eq!((count(&all, "mobile"), count(&all, "email")), (120, 30));
    assert_eq!((count(&v, "mobile"), count(&v, "email")), (25, 25));
    assert_eq!(v.hits_omitted, 95 + 5);
    assert_eq!(summary(&v), summary(&all));
    // Hits stay in text order with their spans on the text.
    assert!(v.hits.windows(2).all(|w| w[0].start <= w[1].start));
    assert!(v.hits.iter().all(|h| text[h.start..h.end] == h.matched));
}

#[test]
fn a_saved_engine_keeps_its_hit_limit() {
    let engine = listing("网络赌场\tgambling\n", 7);
    let loaded = Engine::load(&engine.save()).unwrap();
    assert_eq!(loaded.config().get_max_hits_per_term(), 7);
    let text = "网络赌场".repeat(10);
    assert_eq!(loaded.screen(&text).unwrap(), engine.screen(&text).unwrap());
    assert_eq!(loaded.screen(&text).unwrap().hits_omitted, 3);
}

// --- Pathological posts: each screens to completion ---------------------------------------

const MB: usize = 1 << 20;

/// Screens `text` with the shipped engine and checks every hit's span against the text, in one
/// pass over the text (a check per hit that counted chars from the start would itself be
/// quadratic on posts with many hits).
fn screen_big(text: &str, account: Account) -> shenhe::Verdict {
    let v = SHIPPED.screen(Input::new(text).account(account)).unwrap();
    let mut char_at = vec![usize::MAX; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        char_at[b] = i;
    }
    char_at[text.len()] = text.chars().count();
    for h in &v.hits {
        assert!(h.start < h.end && h.end <= text.len(), "{h:?}");
        assert_eq!(&text[h.start..h.end], h.matched, "{h:?}");
        assert_eq!(
            (char_at[h.start], char_at[h.end]),
            (h.char_start, h.char_end),
            "{h:?}"
        );
    }
    v
}

#[test]
fn a_megabyte_of_one_repeated_character() {
    for (c, account) in [
        ('a', Account::Org),
        ('1', Account::Staff),
        ('赌', Account::Private),
        ('我', Account::Org),
        ('*', Account::Org),
        ('。', Account::Staff),
        ('\n', Account::Private),
        ('0', Account::Org),
    ] {
        let text = c.to_string().repeat(MB / c.len_utf8());
        let v = screen_big(&text, account);
        assert!(v.is_pass(), "{c:?}: {}", v.to_json());
    }
}

#[test]
fn many_hits_of_repeated_terms() {
    // An eighth of a megabyte of one term, of a term with its warning cue (context rules look
    // around every hit), of a term with word-boundary rules (segmentation near every
    // candidate), of phone-like digits and of attribution cues.
    const N: usize = MB / 8;
    let v = screen_big(&"赌博网站".repeat(N / 12), Account::Org);
    assert_eq!(v.verdict, Decision::Block);
    // Listed up to the limit per term, the rest counted.
    assert!(v.hits.len() + v.hits_omitted >= N / 12, "{}", v.hits.len());
    assert!(v.hits_omitted > 0);
    let v = screen_big(&"警惕约炮".repeat(N / 12), Account::Org);
    assert!(v.hits.iter().any(|h| h.category == Category::Porn));
    for unit in [
        "加微信",
        "法轮",
        "依法轮流值班",
        "1381234567 ",
        "新华社",
        "来源:网络",
    ] {
        screen_big(&unit.repeat(N / unit.len()), Account::Private);
    }
}

#[test]
fn a_megabyte_of_noise_only() {
    let noise = "*.,!?~ \t·…—「」『』【】()《》\u{200b}\u{200d}\u{3000}🎲❤😀";
    let text = noise.repeat(MB / noise.len());
    let v = screen_big(&text, Account::Org);
    assert!(v.is_pass(), "{}", v.to_json());
    // Noise may earn a format note, never a term hit.
    assert!(
        v.hits.iter().all(|h| h.action == shenhe::Action::Note),
        "{}",
        v.to_json()
    );
}

#[test]
fn deep_combining_marks() {
    // A term with a hundred thousand combining marks on one of its characters.
    let marks = "\u{301}\u{308}\u{20dd}".repeat(100_000);
    screen_big(&format!("赌{marks}博网站"), Account::Org);
    // Marks on every character of a long run of terms.
    let text: String = "网络赌场注册送彩金"
        .chars()
        .cycle()
        .take(20_000)
        .flat_map(|c| [c, '\u{301}', '\u{302}', '\u{303}'])
        .collect();
    screen_big(&text, Account::Staff);
    // Marks alone.
    assert!(screen_big(&"\u{301}".repeat(MB / 2), Account::Org).is_pass());
}

#[test]
fn characters_from_every_unicode_plane() {
    // Every 97th scalar value from U+0000 to U+10FFFF: all planes, unassigned and private use
    // included; and the whole of the BMP once.
    let sparse: String = (0..=0x10FFFFu32)
        .step_by(97)
        .filter_map(char::from_u32)
        .collect();
    screen_big(&sparse, Account::Org);
    let bmp: String = (0..=0xFFFFu32).filter_map(char::from_u32).collect();
    screen_big(&bmp, Account::Private);
    // Each plane's first and last 256 values, with a term between them.
    let mut text = String::new();
    for plane in 0..=16u32 {
        let base = plane << 16;
        text.extend((base..base + 256).filter_map(char::from_u32));
        text.push_str("网络赌场");
        text.extend((base + 0xFF00..=base + 0xFFFF).filter_map(char::from_u32));
    }
    let v = screen_big(&text, Account::Org);
    assert!(
        v.categories.contains(&Category::Gambling),
        "{}",
        v.to_json()
    );
}

#[test]
fn pathological_posts_redact_to_completion() {
    for text in [
        "1".repeat(MB),
        "138 1234 5678 ".repeat(MB / 14),
        "@".repeat(MB),
        "\u{301}".repeat(MB / 2),
    ] {
        let red = SHIPPED.redact(&text).unwrap();
        assert_eq!(red.chars().count(), text.chars().count());
    }
}
