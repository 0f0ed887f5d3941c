//! Attribution (contract §6): reproduced content must carry a source; unknown sources are unverified; registered originals.
//!
//! Every news text here is made up for the tests (agencies, places and people are used only as
//! the shapes real posts take). Exact findings are checked on an engine without lexicon terms
//! (`BARE`: the detectors alone, so lexicon terms for the same markers in lexicons/unverified.txt
//! cannot shift them); end-to-end tests use the shipped engine and look only at the
//! `missing_attribution` and `unverified` hits.

use std::sync::LazyLock;

use shenhe::{
    Account, Action, Category, Decision, Engine, Hit, Input, Lexicon, References, Sources, Verdict,
};

use crate::util::{SHIPPED, assert_spans};

fn screen_with(engine: &Engine, text: &str, account: Account) -> Verdict {
    let v = engine.screen(Input::new(text).account(account)).unwrap();
    assert_spans(text, &v);
    v
}

/// (term, matched, action) of the hits of `category`.
fn of(v: &Verdict, category: Category) -> Vec<(String, String, Action)> {
    v.hits
        .iter()
        .filter(|h| h.category == category)
        .map(|h| (h.term.to_string(), h.matched.clone(), h.action))
        .collect()
}

/// The detectors without lexicon terms.
static BARE: LazyLock<Engine> = LazyLock::new(|| {
    Engine::builder()
        .lexicon(Lexicon::default())
        .build()
        .unwrap()
});

fn attribution(text: &str) -> Vec<(String, String, Action)> {
    of(
        &screen_with(&BARE, text, Account::Org),
        Category::MissingAttribution,
    )
}

fn unverified(text: &str) -> Vec<(String, String, Action)> {
    of(
        &screen_with(&BARE, text, Account::Org),
        Category::Unverified,
    )
}

fn hit(term: &str, matched: &str, action: Action) -> (String, String, Action) {
    (term.to_string(), matched.to_string(), action)
}

const WIRE: &str = "新华社北京3月12日电（记者 李明远）记者从国家林业和草原局获悉，今年春季造林绿化工作已在南方各地陆续展开，\
各地将统筹山水林田湖草沙系统治理，科学选择树种草种，稳步推进国土绿化。";

#[test]
fn unattributed_wire_copy_is_held_with_every_cue_at_its_span() {
    let v = screen_with(&BARE, WIRE, Account::Org);
    let found = of(&v, Category::MissingAttribution);
    assert_eq!(
        found,
        vec![
            hit("dateline", "新华社北京3月12日电", Action::Review),
            hit("reporter_credit", "（记者 李明远）", Action::Review),
            hit(
                "reporter_learned",
                "记者从国家林业和草原局获悉",
                Action::Review
            ),
        ]
    );
    assert!(v.categories.contains(&Category::MissingAttribution));
    assert_ne!(v.verdict, Decision::Pass);
    let h = v.hits.iter().find(|h| &*h.term == "dateline").unwrap();
    assert_eq!((h.start, h.end, h.char_start, h.char_end), (0, 27, 0, 11));
    assert_eq!(h.clause, Category::MissingAttribution.clause());
    assert!(h.reason.contains("未注明出处"), "{}", h.reason);

    // End to end with the shipped lexicons: held for it, and the attributed copy is not.
    let v = screen_with(&SHIPPED, WIRE, Account::Org);
    assert!(
        v.categories.contains(&Category::MissingAttribution),
        "{v:?}"
    );
    let v = screen_with(&SHIPPED, &format!("{WIRE}\n来源：新华网"), Account::Org);
    assert_eq!(of(&v, Category::MissingAttribution), vec![]);
}

#[test]
fn the_same_copy_with_a_source_or_reprint_marker_passes() {
    for text in [
        format!("{WIRE}\n来源：新华网"),
        format!("{WIRE}（来源：新华社）"),
        format!("{WIRE}\n转载自新华社客户端"),
        format!("//@某某市发布:{WIRE}"),
        format!("{WIRE}\n原文链接：见新华网"),
        format!("据{WIRE}"),
        format!("【春季造林绿化全面展开】{WIRE}（原标题：春季造林绿化工作陆续展开）"),
        format!("{WIRE}\n来源：某某县林业局"),
    ] {
        assert_eq!(attribution(&text), vec![], "{text}");
        assert_eq!(unverified(&text), vec![], "{text}");
    }
}

#[test]
fn traditional_and_full_width_wire_copy_is_found_in_the_original() {
    let text = "新華社北京３月１２日電 記者從國家林業和草原局獲悉，春季造林綠化工作已陸續展開。";
    let found = attribution(text);
    assert!(
        found.contains(&hit("dateline", "新華社北京３月１２日電", Action::Review)),
        "{found:?}"
    );
    assert!(
        found.contains(&hit(
            "reporter_learned",
            "記者從國家林業和草原局獲悉",
            Action::Review
        )),
        "{found:?}"
    );
    // With its source in traditional characters it passes.
    assert_eq!(attribution(&format!("{text}\n來源：新華網")), vec![]);
}

#[test]
fn other_reproduction_cues() {
    assert_eq!(
        attribution("本报讯 近日，某某市举办首届职业技能大赛，共有二百余名选手参赛。"),
        vec![hit("dateline", "本报讯", Action::Review)]
    );
    assert_eq!(
        attribution("据媒体报道，某某市今年将新建口袋公园十座。"),
        vec![hit("unnamed_report", "据媒体报道", Action::Review)]
    );
    assert_eq!(
        attribution("据报道，某某市今年将新建口袋公园十座。"),
        vec![hit("unnamed_report", "据报道", Action::Review)]
    );
    // A named 据… is a source.
    assert_eq!(
        attribution("据某某日报报道，某某市今年将新建口袋公园十座。"),
        vec![]
    );
}

#[test]
fn a_dateline_before_a_ju_phrase_is_not_attributed_by_it() {
    let text = "新华社华盛顿3月12日电 据当地一家报纸报道，该州多地出现强降雨天气。";
    let found = attribution(text);
    assert_eq!(
        found,
        vec![hit("dateline", "新华社华盛顿3月12日电", Action::Review)]
    );
}

#[test]
fn credits_a_government_account_also_uses_are_only_notes() {
    let text = "文/王晓梅\n春天的某某公园，桃花盛开，游人如织。\n责任编辑：赵一鸣";
    let v = screen_with(&BARE, text, Account::Org);
    assert_eq!(
        of(&v, Category::MissingAttribution),
        vec![
            hit("byline", "文/王晓梅", Action::Note),
            hit("editor_credit", "责任编辑：赵一鸣", Action::Note),
        ]
    );
    assert!(!v.categories.contains(&Category::MissingAttribution));
}

#[test]
fn private_accounts_get_a_note_for_missing_attribution() {
    let v = screen_with(&BARE, WIRE, Account::Private);
    let found = of(&v, Category::MissingAttribution);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|(_, _, a)| *a == Action::Note),
        "{found:?}"
    );
}

#[test]
fn ordinary_official_text_has_no_attribution_findings() {
    for text in [
        "今天上午，某某市召开全市春季植树造林动员大会，部署今年国土绿化重点任务。",
        "家庭收入来源更加多元，来自全国各地的游客在这里感受民俗文化。",
        "据了解，今年全市新增城镇就业岗位的工作进展顺利。",
        "市政府新闻办公室今天举行新闻发布会，通报有关情况，并回答记者提问。",
        "网络编辑岗位招聘公告发布后，报名人数较多。",
        "请拨打电话咨询，或登录网站查询办理进度。",
    ] {
        let v = screen_with(&SHIPPED, text, Account::Org);
        assert_eq!(of(&v, Category::MissingAttribution), vec![], "{text}");
        assert_eq!(of(&v, Category::Unverified), vec![], "{text}");
    }
}

#[test]
fn illegitimate_or_unknown_sources_are_unverified() {
    for (text, matched) in [
        (
            "某某路段发生交通事故，现场多车受损。来源：网络",
            "来源：网络",
        ),
        (
            "某某路段发生交通事故，现场多车受损。来源: 朋友圈",
            "来源: 朋友圈",
        ),
        (
            "某某路段发生交通事故，现场多车受损。图片来源于网络",
            "图片来源于网络",
        ),
        (
            "某某路段发生交通事故，现场多车受损。（来源：微信群）",
            "来源：微信群",
        ),
        ("某某路段发生交通事故。消息来源：自媒体", "消息来源：自媒体"),
        ("某某路段发生交通事故。來源：網絡", "來源：網絡"),
        ("据网友爆料，某某路段发生交通事故。", "据网友爆料"),
    ] {
        let v = screen_with(&BARE, text, Account::Org);
        let found = of(&v, Category::Unverified);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].1, matched, "{text}");
        assert_eq!(found[0].2, Action::Review, "{text}");
        assert_ne!(v.verdict, Decision::Pass, "{text}");
        // With the shipped lexicons (which hold some of these markers too) the span is
        // reported once, and the post is held.
        let v = screen_with(&SHIPPED, text, Account::Org);
        let at: Vec<&Hit> = v
            .hits
            .iter()
            .filter(|h| h.category == Category::Unverified && h.matched.contains(matched))
            .collect();
        assert!(!at.is_empty(), "{text}: {:?}", v.hits);
        assert!(
            at.iter().filter(|h| h.matched == matched).count() <= 1,
            "{text}: {at:?}"
        );
        assert_ne!(v.verdict, Decision::Pass, "{text}");
    }
}

#[test]
fn legitimate_and_merely_unlisted_sources_pass() {
    for text in [
        "某某路段将于本周末封闭施工。来源：人民日报客户端",
        "某某路段将于本周末封闭施工。来源：某某县人民政府网",
        "某某路段将于本周末封闭施工。来源：某某县老年人体育协会",
        "某某路段将于本周末封闭施工。（某某日报）",
    ] {
        assert_eq!(unverified(text), vec![], "{text}");
        assert_eq!(attribution(text), vec![], "{text}");
    }
}

#[test]
fn a_refutation_of_hearsay_is_not_hearsay() {
    let refuted = "网友爆料称某某水库溃坝，经核实，该消息系谣言，请勿传播。";
    assert_eq!(unverified(refuted), vec![]);
    let v = screen_with(&SHIPPED, refuted, Account::Org);
    assert_eq!(of(&v, Category::Unverified), vec![]);
    assert_eq!(
        unverified("网友爆料称某某水库溃坝，大家快转发。"),
        vec![hit("hearsay", "网友爆料", Action::Review)]
    );
}

#[test]
fn user_source_lists_extend_the_shipped_ones() {
    let text = "某某路段发生交通事故。来源：某某本地论坛";
    assert_eq!(unverified(text), vec![]);
    let sources = Sources::builder()
        .add_shipped()
        .add_unverified(
            "mine.txt",
            "# 本地论坛不是合法来源\n某某本地论坛\n".as_bytes(),
        )
        .unwrap()
        .build();
    let engine = Engine::builder()
        .lexicon(Lexicon::default())
        .sources(sources)
        .build()
        .unwrap();
    let v = screen_with(&engine, text, Account::Org);
    assert_eq!(
        of(&v, Category::Unverified),
        vec![hit(
            "unverified_source",
            "来源：某某本地论坛",
            Action::Review
        )]
    );
    // The shipped list is still there.
    let v = screen_with(&engine, "某某路段发生交通事故。来源：网络", Account::Org);
    assert_eq!(of(&v, Category::Unverified).len(), 1);
}

// Registered originals.

const RIVER: &str = "近日，某某市生态环境局联合市水务局开展城区河道综合整治专项行动，对沿河排污口逐一排查登记，\
共清理河道垃圾二百余吨，拆除违规搭建的临河棚屋三十七处。下一步，两部门将建立河道巡查长效机制，\
每周向社会公布重点河段水质监测结果，畅通群众投诉举报渠道，确保整治成果不反弹。";
const RIVER_TITLE: &str = "我市开展城区河道综合整治专项行动";

const LIBRARY: &str = "某某区图书馆新馆将于下月正式开放，新馆设有少儿阅览区、数字阅读体验区和古籍修复展示区，\
开放时间为每日上午九时至晚上九时，读者可凭身份证或电子借阅证免费入馆，首批上架图书约十二万册。";

static REFS: LazyLock<References> = LazyLock::new(|| {
    let jsonl = format!(
        "{}\n{}\n\n{}\n",
        serde_json::json!({"id": "ref-001", "title": RIVER_TITLE, "text": RIVER, "source": "某某市生态环境局"}),
        serde_json::json!({"id": "ref-002", "title": "区图书馆新馆下月开放", "text": LIBRARY, "source": "某某区融媒体中心", "published": "2025-03-01"}),
        serde_json::json!({"id": "ref-003", "text": "这是一条没有标题也没有来源的登记原文，内容与其他原文都不相同，用来检查可选字段。"}),
    );
    References::from_reader("refs.jsonl", jsonl.as_bytes()).unwrap()
});

static WITH_REFS: LazyLock<Engine> = LazyLock::new(|| {
    let lexicon = Lexicon::builder().add_shipped().unwrap().build().unwrap();
    Engine::builder()
        .lexicon(lexicon)
        .references(REFS.clone())
        .build()
        .unwrap()
});

fn reference_hits(text: &str) -> Vec<Hit> {
    screen_with(&WITH_REFS, text, Account::Org)
        .hits
        .into_iter()
        .filter(|h| h.term.starts_with("reference"))
        .collect()
}

#[test]
fn references_load_with_optional_fields() {
    assert_eq!(REFS.len(), 3);
    assert!(REFS.contains("ref-003"));
    assert!(REFS.fingerprints_len() > 10);
}

#[test]
fn a_copied_original_without_its_source_names_the_reference() {
    let text = format!("转给大家看看。\n{RIVER}");
    let hits = reference_hits(&text);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let h = &hits[0];
    assert_eq!(h.category, Category::MissingAttribution);
    assert_eq!(h.action, Action::Review);
    assert_eq!(&*h.term, "reference:ref-001");
    assert!(
        h.reason.contains("ref-001") && h.reason.contains(RIVER_TITLE),
        "{}",
        h.reason
    );
    // The span is the copied passage, in the post.
    assert!(h.matched.starts_with("近日"), "{}", h.matched);
    assert!(h.matched.ends_with("确保整治成果不反弹"), "{}", h.matched);
    assert!(!h.matched.contains("转给大家"));

    // The engine without references does not see it.
    let v = screen_with(&SHIPPED, &text, Account::Org);
    assert!(v.hits.iter().all(|h| !h.term.starts_with("reference")));
}

#[test]
fn a_partial_copy_in_traditional_characters_is_found() {
    // The middle two sentences, traditional, with the post's own words around them.
    let text = "河道整治是民生實事。共清理河道垃圾二百餘噸，拆除違規搭建的臨河棚屋三十七處。\
下一步，兩部門將建立河道巡查長效機制，每週向社會公佈重點河段水質監測結果。我們會持續關注。";
    let hits = reference_hits(text);
    assert_eq!(
        hits.iter().map(|h| h.term.to_string()).collect::<Vec<_>>(),
        ["reference:ref-001"]
    );
}

#[test]
fn a_copy_that_names_its_source_passes() {
    for text in [
        format!("{RIVER}\n来源：某某市生态环境局"),
        format!("{RIVER}（某某市生态环境局供稿）"),
        // The name ends at the space or where the copy starts, with or without a colon.
        format!("来源:某某市生态环境局 {RIVER}"),
        format!("转自某某市生态环境局 {RIVER}"),
        format!("来源：某某市生态环境局\u{3000}{RIVER}"),
    ] {
        assert_eq!(reference_hits(&text), vec![], "{text}");
    }
}

#[test]
fn a_copy_that_names_another_source_gets_a_note_with_both_names() {
    for (text, named) in [
        (format!("{RIVER}\n转自：某某日报"), "某某日报"),
        (format!("来源:某县晚报 {RIVER}"), "某县晚报"),
    ] {
        let hits = reference_hits(&text);
        assert_eq!(hits.len(), 1, "{text}: {hits:?}");
        let h = &hits[0];
        assert_eq!(&*h.term, "reference_source:ref-001");
        assert_eq!(h.action, Action::Note);
        assert_eq!(
            h.reason,
            format!(
                "注明来源与原文不一致, 请核实: 登记原文 ref-001 来源「某某市生态环境局」, 注明来源「{named}」"
            )
        );
        assert!(h.matched.ends_with(named), "{}", h.matched);
        // It does not hold the post (the original's own 水质监测结果 asks for sign-off).
        let v = screen_with(&WITH_REFS, &text, Account::Org);
        assert!(
            !v.categories.contains(&Category::MissingAttribution),
            "{v:?}"
        );
    }
}

#[test]
fn a_changed_headline_is_reported_with_both_titles() {
    let text = format!("【重磅！城区河道大变样】{RIVER}\n来源：某某市生态环境局");
    let hits = reference_hits(&text);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let h = &hits[0];
    assert_eq!(&*h.term, "reference_title:ref-001");
    assert_eq!(h.category, Category::MissingAttribution);
    assert_eq!(h.action, Action::Review);
    assert_eq!(h.matched, "重磅！城区河道大变样");
    assert_eq!(
        h.reason,
        format!("标题与原文不一致: 原标题「{RIVER_TITLE}」, 现标题「重磅！城区河道大变样」")
    );

    // A first-line headline counts too, and without a source both are reported.
    let text = format!("城区河道大变样\n{RIVER}");
    let mut terms: Vec<String> = reference_hits(&text)
        .iter()
        .map(|h| h.term.to_string())
        .collect();
    terms.sort();
    assert_eq!(terms, ["reference:ref-001", "reference_title:ref-001"]);
}

#[test]
fn the_registered_headline_or_a_disclosed_change_is_fine() {
    let text = format!("【{RIVER_TITLE}】{RIVER}\n来源：某某市生态环境局");
    assert_eq!(reference_hits(&text), vec![]);
    // Same title in traditional characters and full-width punctuation.
    let text = format!("【我市開展城區河道綜合整治專項行動】{RIVER}\n来源：某某市生态环境局");
    assert_eq!(reference_hits(&text), vec![]);
    // A retitled reprint that gives the right 原标题 is a note, not a hold.
    let text =
        format!("【城区河道大变样】{RIVER}（原标题：{RIVER_TITLE}；来源：某某市生态环境局）");
    let hits = reference_hits(&text);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].action, Action::Note);
    assert!(
        hits[0].reason.contains("已注明原标题"),
        "{}",
        hits[0].reason
    );
    // A wrong 原标题 is a changed title.
    let text = format!("{RIVER}（原标题：河道整治见成效；来源：某某市生态环境局）");
    let hits = reference_hits(&text);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].matched, "河道整治见成效");
    assert_eq!(hits[0].action, Action::Review);
}

#[test]
fn sharing_a_few_words_with_an_original_is_not_a_copy() {
    for text in [
        "某某市生态环境局开展城区河道综合整治专项行动以来，我家门前的小河变清了，周末常有居民来河边散步。",
        "区图书馆新馆下月开放，少儿阅览区很受期待，大家到时候记得带上孩子去看看。",
        "建立河道巡查长效机制，确保整治成果不反弹，这是群众的共同心愿。",
    ] {
        assert_eq!(reference_hits(text), vec![], "{text}");
    }
}

#[test]
fn several_originals_in_one_post_are_each_reported() {
    let text = format!("{RIVER}\n{LIBRARY}");
    let mut terms: Vec<String> = reference_hits(&text)
        .iter()
        .map(|h| h.term.to_string())
        .collect();
    terms.sort();
    assert_eq!(terms, ["reference:ref-001", "reference:ref-002"]);
}

#[test]
fn bad_reference_lines_are_located() {
    let err = References::from_reader(
        "refs.jsonl",
        "{\"id\":\"a\",\"text\":\"正文\"}\n{\"id\":\"b\",\"title\":\"缺正文\"}\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert_eq!(err.to_string(), "refs.jsonl:2: missing \"text\"");
}
