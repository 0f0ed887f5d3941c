//! Audits of hand-built archives whose gaps, working-day shortfalls, originality and screening
//! counts are known exactly (worked out by hand from the 2024 and 2023 State Council notices).

use std::sync::LazyLock;

use shenhe_audit::{Archive, Audit, AuditError, Config, HolidayTable, Report, Status};
use shenhe_core::Engine;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new().expect("the shipped engine"));

/// One line of an archive.
fn post(id: &str, time: &str, account: &str, kind: &str, text: &str) -> String {
    serde_json::json!({"id": id, "time": time, "account": account, "kind": kind, "text": text})
        .to_string()
}

fn audit_with(lines: &[String], config: Config) -> Result<Report, AuditError> {
    let text = lines.join("\n");
    let archive = Archive::read("test.jsonl", text.as_bytes(), &HolidayTable::shipped())?;
    Audit::new(&ENGINE)
        .config(config)
        .run("test.jsonl", &archive)
}

fn audit(lines: &[String]) -> Report {
    audit_with(lines, Config::default()).expect("the archive audits")
}

const PLAIN: [&str; 3] = [
    "县政务服务中心今天正常办公。",
    "城关镇开展环境卫生整治。",
    "县图书馆新到图书五百册。",
];

/// Around the 2024 Spring Festival (春节 2月10日至17日; make-up working days Sunday 4 February and
/// Sunday 18 February; 除夕 9 February is a working day).
fn spring_festival_2024() -> Vec<String> {
    let mut lines = Vec::new();
    let mut day = |date: &str, texts: &[&str]| {
        for (i, t) in texts.iter().enumerate() {
            let time = format!("{date} {:02}:00", 9 + i);
            lines.push(post(&format!("{date}-{i}"), &time, "某县发布", "text", t));
        }
    };
    day("2024-02-02", &PLAIN); // Friday: 3
    day("2024-02-04", &["转自@清溪县气象台：明天有小雨。"]); // make-up Sunday: 1
    day(
        "2024-02-05",
        &[PLAIN[0], "来源：新华社 国务院召开常务会议。", PLAIN[2]],
    ); // 3
    // Tuesday 6 February: none.
    day(
        "2024-02-07",
        &[PLAIN[0], "新华社北京2月7日电 全国春运客流平稳。", PLAIN[1]],
    ); // 3
    day(
        "2024-02-08",
        &[PLAIN[0], "来源：网络 明天全县停电。", PLAIN[2]],
    ); // 3
    day(
        "2024-02-09",
        &["加微信qx88888领取优惠券，限时抢购！", PLAIN[1]],
    ); // 除夕, working: 2
    // 10–17 February: the holiday, no posts (8 days in a row).
    day(
        "2024-02-18",
        &["请联系李女士，电话13912345678。", PLAIN[1], PLAIN[2]],
    ); // make-up Sunday: 3
    day("2024-02-19", &PLAIN); // Monday: 3
    lines
}

#[test]
fn calendar_counts_holidays_and_makeup_days() {
    let report = audit(&spring_festival_2024());
    assert_eq!(report.period.from, "2024-02-02");
    assert_eq!(report.period.to, "2024-02-19");
    assert_eq!(report.period.days, 18);
    assert_eq!(report.posts, 21);
    let a = &report.accounts[0];
    assert_eq!(a.kind, "text");
    let cal = &a.calendar;

    // Working days: 2, 4 (make-up), 5–9, 18 (make-up), 19 February.
    assert_eq!(cal.working_days, 9);
    let short: Vec<(&str, &str, usize)> = cal
        .shortfalls
        .iter()
        .map(|s| (s.date.as_str(), s.kind, s.posts))
        .collect();
    assert_eq!(
        short,
        [
            ("2024-02-04", "makeup_workday", 1),
            ("2024-02-06", "workday", 0),
            ("2024-02-09", "workday", 2),
        ]
    );
    // The holiday's weekdays (12–16 February) are not working days, so not shortfalls.
    let kinds: Vec<&str> = cal.daily.iter().map(|d| d.kind).collect();
    assert_eq!(kinds[10..16], ["holiday"; 6]); // 12–17 February
    assert_eq!(cal.daily[8].holiday.as_deref(), Some("春节")); // 10 February

    // Gaps: the run of 10–17 February (8 days) is one; 3 and 6 February (1 day each) are not.
    let gaps: Vec<(&str, &str, usize, u32)> = cal
        .gaps
        .iter()
        .map(|g| (g.from.as_str(), g.to.as_str(), g.days, g.limit))
        .collect();
    assert_eq!(gaps, [("2024-02-10", "2024-02-17", 8, 5)]);

    // Per week (ISO) and month.
    let weeks: Vec<(&str, usize)> = cal
        .weekly
        .iter()
        .map(|w| (w.key.as_str(), w.posts))
        .collect();
    assert_eq!(
        weeks,
        [
            ("2024-W05", 4),
            ("2024-W06", 11),
            ("2024-W07", 3),
            ("2024-W08", 3)
        ]
    );
    assert_eq!(cal.monthly.len(), 1);
    assert_eq!(cal.monthly[0].days, 18);
    assert_eq!(cal.monthly[0].posts, 21);
    assert!(!cal.monthly[0].below);

    let status = |id: &str| a.rules.iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(status("update_gap"), Status::Fail);
    assert_eq!(status("working_day_updates"), Status::Fail);
    assert_eq!(status("monthly_output"), Status::Pass);
    assert_eq!(status("originality"), Status::NotApplicable); // one month only
    assert_eq!(status("repost_source"), Status::Fail);
    assert_eq!(status("held_posts"), Status::Fail); // the advert blocks
}

#[test]
fn originality_and_screening_counts() {
    let report = audit(&spring_festival_2024());
    let a = &report.accounts[0];
    let o = &a.originality;
    assert_eq!(o.reposts_sourced, 2); // 转自@…, 来源：新华社
    assert_eq!(o.reposts_unsourced, 1); // the dateline
    assert_eq!(o.reposts_unverified, 1); // 来源：网络
    assert_eq!(o.original, 17);
    assert!((o.original_share - 17.0 / 21.0).abs() < 1e-12);
    let unsourced: Vec<(u64, &[String])> =
        o.unsourced.iter().map(|p| (p.line, &p.rules[..])).collect();
    assert_eq!(unsourced.len(), 2);
    assert_eq!(unsourced[0].0, 9);
    assert_eq!(unsourced[0].1, ["dateline".to_string()]);
    assert_eq!(unsourced[1].0, 12);

    let s = &a.screening;
    assert_eq!((s.pass, s.review, s.block), (17, 3, 1));
    let cats: Vec<(&str, usize)> = s
        .by_category
        .iter()
        .map(|c| (c.category.as_str(), c.posts))
        .collect();
    assert_eq!(
        cats,
        [
            ("commercial_ad", 1),
            ("missing_attribution", 1),
            ("personal_info", 1),
            ("unverified", 1)
        ]
    );
    assert_eq!(s.monthly.len(), 1);
    assert_eq!(s.monthly[0].held, 4);
    let lines: Vec<u64> = s.held.iter().map(|h| h.line).collect();
    assert_eq!(lines, [9, 12, 14, 16]);
    assert_eq!(s.held[0].verdict.id.as_deref(), Some("2024-02-07-1"));
}

#[test]
fn originality_trend_over_months_and_video_gaps() {
    // A video account over the 2023 National Day break (中秋节、国庆节 9月29日至10月6日; make-up
    // working days Saturday 7 and Sunday 8 October).
    let v = |id: &str, time: &str, text: &str| post(id, time, "文旅视频", "video", text);
    let lines = vec![
        v("1", "2023-09-20 19:00", "视频：茶园秋色。"),
        v("2", "2023-09-26 19:00", "转自@清江文旅：秋季旅游线路推荐。"),
        // 27 September – 4 October: 8 days without a post, more than 7.
        v("3", "2023-10-05 19:00", "视频：古镇夜景。"),
        v("4", "2023-10-08 19:00", "视频：秋收时节。"),
        v("5", "2023-10-12 19:00", "视频：非遗竹编。"),
    ];
    let report = audit(&lines);
    let a = &report.accounts[0];
    assert_eq!(a.kind, "video");
    let gaps: Vec<(&str, &str, usize, u32)> = a
        .calendar
        .gaps
        .iter()
        .map(|g| (g.from.as_str(), g.to.as_str(), g.days, g.limit))
        .collect();
    assert_eq!(gaps, [("2023-09-27", "2023-10-04", 8, 7)]);
    // September: 1 original of 2 (50%); October: 3 of 3 (100%): +50 points a month.
    let o = &a.originality;
    let shares: Vec<Option<f64>> = o.monthly.iter().map(|m| m.original_share).collect();
    assert_eq!(shares, [Some(0.5), Some(1.0)]);
    assert!((o.slope.unwrap() - 0.5).abs() < 1e-12);
    let rule = a.rules.iter().find(|r| r.id == "originality").unwrap();
    assert_eq!(rule.status, Status::Pass);
    // The make-up Saturday 7 October had no post; Sunday 8 October had one.
    let short: Vec<(&str, &str, usize)> = a
        .calendar
        .shortfalls
        .iter()
        .filter(|s| s.kind == "makeup_workday")
        .map(|s| (s.date.as_str(), s.kind, s.posts))
        .collect();
    assert_eq!(
        short,
        [
            ("2023-10-07", "makeup_workday", 0),
            ("2023-10-08", "makeup_workday", 1)
        ]
    );
    // Working days 20 Sep – 12 Oct 2023: 20–28 Sep (7 weekdays), 7–8 Oct (make-up), 9–12 Oct (4).
    assert_eq!(a.calendar.working_days, 13);
}

#[test]
fn falling_originality_fails() {
    let t = |id: &str, time: &str, text: &str| post(id, time, "某县发布", "text", text);
    let lines = vec![
        t("1", "2024-03-28 09:00", PLAIN[0]),
        t("2", "2024-04-10 09:00", PLAIN[1]),
        t("3", "2024-04-11 09:00", "来源：新华社 国务院召开常务会议。"),
        t("4", "2024-05-06 09:00", "转自@清溪县气象台：明天有小雨。"),
    ];
    let report = audit(&lines);
    let o = &report.accounts[0].originality;
    // 100%, 50%, 0%: −50 points a month.
    assert!((o.slope.unwrap() + 0.5).abs() < 1e-12);
    let rule = report.accounts[0]
        .rules
        .iter()
        .find(|r| r.id == "originality")
        .unwrap();
    assert_eq!(rule.status, Status::Fail);
}

#[test]
fn config_thresholds_change_the_result() {
    // With 3-day gaps (the strict end of H13) and 2 updates a working day, 9 February (2 posts)
    // is no longer short, while the 8-day holiday stays a gap.
    let config = Config::from_toml(
        "strict.toml",
        "[update_gap]\ntext_days = 3\n[working_day_updates]\nmin_posts = 2\n",
    )
    .unwrap();
    let report = audit_with(&spring_festival_2024(), config).unwrap();
    let cal = &report.accounts[0].calendar;
    let dates: Vec<&str> = cal.shortfalls.iter().map(|s| s.date.as_str()).collect();
    assert_eq!(dates, ["2024-02-04", "2024-02-06"]);
    assert_eq!(cal.gaps.len(), 1);
    assert_eq!(cal.gaps[0].limit, 3);
}

#[test]
fn a_period_beyond_the_table_is_an_error() {
    let config = Config::from_toml("p.toml", "period_to = \"2027-01-10\"").unwrap();
    let e = audit_with(&spring_festival_2024(), config).unwrap_err();
    assert!(e.to_string().contains("no arrangements for 2027"), "{e}");
}

#[test]
fn accounts_are_audited_separately() {
    let mut lines = spring_festival_2024();
    lines.insert(
        3,
        post(
            "x",
            "2024-02-04 20:00",
            "某县文旅",
            "video",
            "视频：冰雪节开幕。",
        ),
    );
    let report = audit(&lines);
    let names: Vec<&str> = report.accounts.iter().map(|a| a.account.as_str()).collect();
    assert_eq!(names, ["某县发布", "某县文旅"]);
    assert_eq!(report.accounts[0].posts, 21);
    assert_eq!(report.accounts[1].posts, 1);
    // The second account is idle on every other day of the shared period.
    let gaps: Vec<(&str, &str)> = report.accounts[1]
        .calendar
        .gaps
        .iter()
        .map(|g| (g.from.as_str(), g.to.as_str()))
        .collect();
    assert_eq!(gaps, [("2024-02-05", "2024-02-19")]);
}

#[test]
fn json_and_html_reports() {
    let report = audit(&spring_festival_2024());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["schema"], "shenhe-audit/1");
    assert_eq!(json["accounts"][0]["calendar"]["gaps"][0]["days"], 8);
    assert_eq!(
        json["holiday_notices"][0]["notice"],
        "国务院办公厅关于2024年部分节假日安排的通知"
    );
    let html = shenhe_audit::render_html(&report).unwrap();
    assert!(html.contains("data-expected-charts=\"3\""));
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("工作日更新") && html.contains("调休上班日"));
    // Self-contained: nothing to load (the SVG namespace is a name, not a link).
    let rest = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!rest.contains("<script") && !rest.contains("http") && !rest.contains("url("));
    // Post text is escaped.
    let mut lines = spring_festival_2024();
    lines.push(post(
        "z",
        "2024-02-19 20:00",
        "某县发布",
        "text",
        "<b>加微信qx88888领取优惠券</b>",
    ));
    let html = shenhe_audit::render_html(&audit(&lines)).unwrap();
    assert!(html.contains("&lt;b&gt;加微信") && !html.contains("<b>加微信"));
}

#[test]
fn a_configured_period_leaves_other_posts_out_and_counts_them() {
    let config = Config::from_toml("p.toml", "period_from = \"2024-02-05\"").unwrap();
    let report = audit_with(&spring_festival_2024(), config).unwrap();
    assert_eq!(report.period.from, "2024-02-05");
    assert_eq!(report.period.posts_outside, 4); // 2 February (3) and 4 February (1)
    let a = &report.accounts[0];
    assert_eq!(a.posts, 17);
    let dates: Vec<&str> = a
        .calendar
        .shortfalls
        .iter()
        .map(|s| s.date.as_str())
        .collect();
    assert_eq!(dates, ["2024-02-06", "2024-02-09"]);
    assert_eq!(a.originality.reposts_sourced, 1); // 转自@… of 4 February is outside
}
