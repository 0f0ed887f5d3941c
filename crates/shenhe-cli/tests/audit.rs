//! `shenhe audit`, run as a user runs it: the README's example on the sample archive, bad input
//! with line numbers, the config file, outputs and exit codes.

mod common;

use std::path::{Path, PathBuf};

use common::{code, run, stderr, tempdir};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/archive.jsonl")
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn post(id: &str, time: &str, text: &str) -> String {
    serde_json::json!({"id": id, "time": time, "account": "某县发布", "kind": "text", "text": text})
        .to_string()
}

#[test]
fn sample_archive_as_the_readme_shows() {
    let dir = tempdir("sample");
    let html = dir.join("report.html");
    let report = dir.join("report.json");
    let o = run(
        &[
            "audit",
            sample().to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
            "--json",
            report.to_str().unwrap(),
        ],
        b"",
    );
    // Rules fail on the sample (it is written to show them): exit 1.
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("audited 147 posts of 2 account(s), 2024-03-18 to 2024-05-17"),
        "{err}"
    );
    assert!(err.contains("FAIL  update_gap [H13]"), "{err}");

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("data-expected-charts=\"6\""));
    assert_eq!(page.matches("<svg").count(), 6);
    assert!(page.contains("清溪县人民政府") && page.contains("清溪文旅"));

    let r = json(&report);
    assert_eq!(r["schema"], "shenhe-audit/1");
    let gov = &r["accounts"][0];
    assert_eq!(gov["account"], "清溪县人民政府");
    assert_eq!(gov["posts"], 125);
    // The county government's account: one 5-day gap (20–24 April), six short working days,
    // two of them make-up working days (Sunday 7 April, Saturday 11 May); the 清明 and 劳动节
    // holidays are not short.
    let gap = &gov["calendar"]["gaps"];
    assert_eq!(gap.as_array().unwrap().len(), 1);
    assert_eq!(gap[0]["from"], "2024-04-20");
    assert_eq!(gap[0]["to"], "2024-04-24");
    let short: Vec<(String, String)> = gov["calendar"]["shortfalls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().into(),
                s["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("2024-03-22", "workday"),
        ("2024-04-07", "makeup_workday"),
        ("2024-04-22", "workday"),
        ("2024-04-23", "workday"),
        ("2024-04-24", "workday"),
        ("2024-05-11", "makeup_workday"),
    ];
    assert_eq!(
        short,
        want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
    );
    assert_eq!(gov["calendar"]["working_days"], 43);
    let o = &gov["originality"];
    assert_eq!(o["reposts_unsourced"], 3);
    assert_eq!(o["reposts_unverified"], 1);
    assert_eq!(gov["screening"]["block"], 1);
    // The video account: its 8-day gap (7–14 April) is over the 7-day limit.
    let video = &r["accounts"][1];
    assert_eq!(video["kind"], "video");
    assert_eq!(video["calendar"]["gaps"][0]["days"], 8);
    assert_eq!(video["calendar"]["gaps"][0]["limit"], 7);
}

#[test]
fn bad_lines_are_each_named() {
    let mut input = Vec::new();
    for line in [
        post("1", "2024-03-04 09:00", "县政务服务中心今天正常办公。"),
        r#"{"id":"2","text":"无时间","account":"某县发布"}"#.to_string(),
        post("3", "3月4日 10:00", "时间看不懂。"),
        post("4", "2019-03-04 10:00", "年份不在节假日表中。"),
        post("5", "2024-03-03 10:00", "比上一条早。"),
        "{not json".to_string(),
    ] {
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    }
    input.extend_from_slice(b"{\"id\":\"7\",\"text\":\"\xe5\xbf\"}\n");
    let dir = tempdir("bad");
    let out = dir.join("r.html");
    let o = run(&["audit", "-", "-o", out.to_str().unwrap()], &input);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("<stdin>: 6 bad lines; nothing was audited"),
        "{err}"
    );
    for expected in [
        "<stdin>:2: missing \"time\"",
        "<stdin>:3: unparseable time \"3月4日 10:00\"",
        "<stdin>:4: the holiday table has no arrangements for 2019",
        "<stdin>:5: post out of order",
        "<stdin>:6: invalid JSON",
        "<stdin>:7: not valid UTF-8",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    assert!(!out.exists(), "no report is written for a bad archive");
}

/// One week of 2024 that meets every rule: three posts each working day, one each weekend day.
fn good_week() -> Vec<u8> {
    let mut lines = Vec::new();
    for day in 4..=10 {
        let n = if day <= 8 { 3 } else { 1 };
        for i in 0..n {
            let text = [
                "县政务服务中心今天正常办公。",
                "城关镇开展环境卫生整治。",
                "县图书馆新到图书五百册。",
            ][i];
            lines.push(post(
                &format!("{day}-{i}"),
                &format!("2024-03-{day:02} {:02}:00", 9 + i),
                text,
            ));
        }
    }
    (lines.join("\n") + "\n").into_bytes()
}

#[test]
fn an_archive_that_meets_every_rule_exits_0() {
    let o = run(&["audit", "-", "--json", "-"], &good_week());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let statuses: Vec<&str> = r["accounts"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pass", "pass", "pass", "n/a", "pass", "pass"]);
}

#[test]
fn config_file_and_account_type() {
    let dir = tempdir("config");
    let config = dir.join("audit.toml");
    std::fs::write(&config, "[working_day_updates]\nmin_posts = 4\n").unwrap();
    let o = run(
        &[
            "audit",
            "-",
            "--json",
            "-",
            "--config",
            config.to_str().unwrap(),
            "--account",
            "staff",
            "--threads",
            "1",
        ],
        &good_week(),
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = &r["accounts"][0];
    assert_eq!(a["account_type"], "staff");
    // Every working day (4–8 March) now falls short of 4 posts.
    assert_eq!(a["calendar"]["shortfalls"].as_array().unwrap().len(), 5);
    assert_eq!(r["config"]["working_day_updates"]["min_posts"], 4);

    std::fs::write(&config, "[working_day_updates]\nmin_postz = 4\n").unwrap();
    let o = run(
        &[
            "audit",
            "-",
            "--json",
            "-",
            "--config",
            config.to_str().unwrap(),
        ],
        &good_week(),
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("min_postz"), "{}", stderr(&o));
}

#[test]
fn same_report_on_any_number_of_threads() {
    let one = run(
        &[
            "audit",
            sample().to_str().unwrap(),
            "--json",
            "-",
            "--threads",
            "1",
        ],
        b"",
    );
    let two = run(
        &[
            "audit",
            sample().to_str().unwrap(),
            "--json",
            "-",
            "--threads",
            "2",
        ],
        b"",
    );
    assert_eq!(code(&one), 1);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn an_output_is_required() {
    let o = run(&["audit", sample().to_str().unwrap()], b"");
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("give -o REPORT.html and/or --json FILE"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn registered_originals_copied_without_source_are_unsourced_reposts() {
    let dir = tempdir("refs");
    let refs = dir.join("refs.jsonl");
    let original = "3月12日，全市各级机关干部、驻地部队官兵和志愿者一起来到白云山、青龙湾等地开展义务植树活动，共栽植各类苗木三万余株，进一步扩大了城市绿化面积。";
    std::fs::write(
        &refs,
        serde_json::json!({"id": "r1", "title": "全市开展春季植树活动", "text": original, "source": "清江日报"})
            .to_string(),
    )
    .unwrap();
    let archive = format!(
        "{}\n{}\n",
        post("1", "2024-03-12 09:00", original),
        post(
            "2",
            "2024-03-12 10:00",
            &format!("{original}（来源：清江日报）")
        ),
    );
    let args = [
        "audit",
        "-",
        "--json",
        "-",
        "--references",
        refs.to_str().unwrap(),
    ];
    let o = run(&args, archive.as_bytes());
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let orig = &r["accounts"][0]["originality"];
    assert_eq!(orig["reposts_unsourced"], 1);
    assert_eq!(orig["reposts_sourced"], 1);
    assert_eq!(orig["unsourced"][0]["rules"][0], "reference:r1");
    // Without the references, the copy is not recognised as one.
    let o = run(&["audit", "-", "--json", "-"], archive.as_bytes());
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["accounts"][0]["originality"]["reposts_unsourced"], 0);
}
