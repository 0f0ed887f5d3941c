//! The `shenhe` binary, run as a user runs it (contract §5): outputs, error objects, exit codes.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use common::{code, json_lines, run, shenhe, stdout, tempdir};

#[test]
fn check_blocks_gambling_with_span_in_the_original() {
    let o = run(&["check", "赌*博网站注册就送彩金"], b"");
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = &json_lines(&o)[0];
    assert_eq!(v["verdict"], "block");
    assert_eq!(v["account"], "org");
    assert_eq!(v["categories"][0], "gambling");
    let text = "赌*博网站注册就送彩金";
    let covering = v["hits"].as_array().unwrap().iter().any(|h| {
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        h["category"] == "gambling"
            && s == 0
            && e >= "赌*博网站".len()
            && text[s..e] == *h["matched"].as_str().unwrap()
    });
    assert!(covering, "{v}");
}

#[test]
fn check_passes_ordinary_official_news_with_exit_0() {
    let o = run(&["check", "今天召开全市经济工作会议,部署明年重点任务"], b"");
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v = &json_lines(&o)[0];
    assert_eq!(v["verdict"], "pass");
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
    assert!(v.get("id").is_none());
}

#[test]
fn check_reads_standard_input_and_rejects_invalid_utf8() {
    let o = run(&["check"], "网络赌场 注册送彩金".as_bytes());
    assert_eq!(code(&o), 1);
    let o = run(&["check"], b"\xff\xfe bad");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not valid UTF-8"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&run(&["check", "--account", "boss", "x"], b"")), 2);
    assert_eq!(code(&run(&["frobnicate"], b"")), 2);
    assert_eq!(code(&run(&["batch", "/nonexistent/posts.jsonl"], b"")), 2);
    let o = run(&["check", "--no-default-lexicons", "x"], b"");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--lexicons"));
}

#[test]
fn lexicon_errors_name_file_and_line() {
    let dir = tempdir("badlex");
    std::fs::write(dir.join("mine.txt"), "好词\tporn\n坏词\tgamble\n").unwrap();
    let o = run(&["check", "--lexicons", dir.to_str().unwrap(), "x"], b"");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mine.txt:2: unknown category \"gamble\""),
        "{err}"
    );
}

#[test]
fn own_lexicons_and_no_default_lexicons() {
    let dir = tempdir("ownlex");
    std::fs::write(dir.join("a.txt"), "蓝莓代号\tstate_secret\n").unwrap();
    let lex = dir.to_str().unwrap();
    let o = run(
        &[
            "check",
            "--no-default-lexicons",
            "--lexicons",
            lex,
            "蓝莓代号 网络赌场",
        ],
        b"",
    );
    assert_eq!(code(&o), 1);
    let v = &json_lines(&o)[0];
    assert_eq!(v["categories"], serde_json::json!(["state_secret"]));
    let o = run(&["check", "--lexicons", lex, "蓝莓代号 网络赌场"], b"");
    let v = &json_lines(&o)[0];
    let cats = v["categories"].as_array().unwrap();
    assert!(
        cats.contains(&"gambling".into()) && cats.contains(&"state_secret".into()),
        "{v}"
    );
}

#[test]
fn policy_overrides_actions_and_its_errors_exit_2() {
    let dir = tempdir("policy");
    let policy = dir.join("policy.txt");
    std::fs::write(&policy, "# soften\norg gambling review\n").unwrap();
    let o = run(
        &[
            "check",
            "--policy",
            policy.to_str().unwrap(),
            "网络赌场注册送彩金",
        ],
        b"",
    );
    assert_eq!(code(&o), 1);
    assert_eq!(json_lines(&o)[0]["verdict"], "review");
    std::fs::write(&policy, "org gambling maybe\n").unwrap();
    let o = run(&["check", "--policy", policy.to_str().unwrap(), "x"], b"");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("policy.txt:1"));
}

#[test]
fn batch_keeps_order_echoes_ids_and_reports_bad_lines_in_place() {
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"市政府召开常务会议\",\"label\":0}\n",
        "{\"id\":\"b\",\"text\":\"网络赌场注册送彩金\"}\n",
        "not json\n",
        "{\"id\":\"d\"}\n",
        "\n",
        "{\"id\":\"f\",\"text\":\"你好\",\"account\":\"boss\"}\n",
        "{\"id\":\"g\",\"text\":7}\n",
        "{\"text\":\"网络赌场\",\"account\":\"private\"}"
    );
    let mut bytes = input.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n{\"id\":\"i\",\"text\":\"\xff\"}\n");
    let o = run(&["batch", "-"], &bytes);
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 9, "{}", stdout(&o));
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["verdict"], "pass");
    assert_eq!(lines[1]["verdict"], "block");
    assert_eq!(lines[2]["line"], 3);
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap()
            .contains("invalid input")
    );
    assert_eq!(lines[3]["id"], "d");
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .contains("missing \"text\"")
    );
    assert_eq!(lines[4]["error"], "empty line");
    assert!(
        lines[5]["error"]
            .as_str()
            .unwrap()
            .contains("unknown account")
    );
    assert_eq!(lines[6]["id"], "g");
    assert_eq!(lines[7]["account"], "private");
    assert_eq!(lines[8]["line"], 9);
    assert!(lines[8]["error"].as_str().unwrap().contains("UTF-8"));
    // A bad line is an input error: the run goes on, and the exit code says so.
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("9 posts"), "{err}");
    assert!(err.contains("errors 6"), "{err}");
}

#[test]
fn batch_exit_codes_and_output_file() {
    let dir = tempdir("batch");
    let input = dir.join("in.jsonl");
    let out = dir.join("out.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"1\",\"text\":\"天气晴好\"}\n{\"id\":\"2\",\"text\":\"春季植树活动\"}\n",
    )
    .unwrap();
    let o = run(
        &[
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--threads",
            "2",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("verdicts: pass 2, review 0, block 0, errors 0"),
        "{err}"
    );
    assert!(err.contains("posts/s") && err.contains("MB/s"), "{err}");

    std::fs::write(&input, "{\"text\":\"网络赌场注册送彩金\"}\n").unwrap();
    let o = run(&["batch", input.to_str().unwrap()], b"");
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("gambling 1"));
    assert_eq!(
        code(&run(
            &["batch", input.to_str().unwrap(), "--threads", "0"],
            b""
        )),
        2
    );
}

#[test]
fn batch_account_flag_is_the_default_and_lines_win() {
    let input = "{\"text\":\"网络赌场\"}\n{\"text\":\"网络赌场\",\"account\":\"org\"}\n";
    let o = run(&["batch", "--account", "staff", "-"], input.as_bytes());
    let lines = json_lines(&o);
    assert_eq!(lines[0]["account"], "staff");
    assert_eq!(lines[1]["account"], "org");
}

#[test]
fn batch_gives_the_same_verdicts_on_any_number_of_threads() {
    let mut input = String::new();
    let texts = [
        "网络赌场注册送彩金",
        "市政府召开常务会议",
        "今晚加微信约炮",
        "依法轮流值班",
    ];
    for i in 0..5000 {
        input.push_str(&format!(
            "{{\"id\":\"{i}\",\"text\":\"{}\"}}\n",
            texts[i % texts.len()]
        ));
    }
    let one = run(&["batch", "--threads", "1", "-"], input.as_bytes());
    let two = run(&["batch", "--threads", "2", "-"], input.as_bytes());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(stdout(&one).lines().count(), 5000);
}

#[test]
fn batch_reads_lines_of_every_chunk_whole_whatever_came_before() {
    // Once the reader is a few chunks (of 4,096 lines) ahead, lines are read into the buffers
    // of screened ones: long lines first, then short, so that a buffer holding more than its
    // line would show. Ten chunks, as the reader waits when it is three ahead.
    let mut input = String::new();
    let mut expected = Vec::new();
    for i in 0..40_000 {
        let filler = "市政府召开常务会议。".repeat(if i < 20_000 { 6 } else { i % 3 });
        let (text, verdict) = match i % 5 {
            0 => (format!("{filler}网络赌场注册送彩金"), "block"),
            _ => (filler, "pass"),
        };
        input.push_str(&format!("{{\"id\":\"{i}\",\"text\":\"{text}\"}}\n"));
        expected.push(verdict);
    }
    // Files, not pipes: the verdicts would fill the pipe before the input is all written.
    let dir = tempdir("chunks");
    let (path, out_path) = (dir.join("in.jsonl"), dir.join("out.jsonl"));
    std::fs::write(&path, input).unwrap();
    let o = run(
        &[
            "batch",
            path.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let out: Vec<serde_json::Value> = std::fs::read_to_string(&out_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), expected.len());
    for (i, (v, verdict)) in out.iter().zip(&expected).enumerate() {
        assert_eq!(v["id"], i.to_string(), "{v}");
        assert_eq!(v["verdict"], *verdict, "line {}: {v}", i + 1);
    }
}

#[test]
fn today_pins_the_day_id_numbers_are_checked_against() {
    // Born 2026-01-02 (a made-up number with its check digit).
    let post = "身份证号110101202601021230";
    let ids = |args: &[&str]| {
        let o = run(args, b"");
        assert_ne!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
        json_lines(&o)[0]["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["term"] == "id_card")
            .count()
    };
    assert_eq!(ids(&["check", "--today", "2026-01-02", post]), 1);
    assert_eq!(ids(&["check", "--today", "2026-01-01", post]), 0);
    // Compiled into a saved engine, and replaced with --engine.
    let dir = tempdir("today");
    let saved = dir.join("e.bin");
    let saved = saved.to_str().unwrap();
    let o = run(&["compile", "--today", "2026-01-01", "-o", saved], b"");
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ids(&["check", "--engine", saved, post]), 0);
    assert_eq!(
        ids(&["check", "--engine", saved, "--today", "2026-01-02", post]),
        1
    );
    for bad in [
        "2023-02-29",
        "2026-1-2",
        "20260102",
        "1899-12-31",
        "2026-01-02x",
    ] {
        let o = run(&["check", "--today", bad, post], b"");
        assert_eq!(code(&o), 2, "{bad}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"),
            "{bad}"
        );
    }
}

// Personal information: `shenhe redact` and `batch --redact` (contract §5). The numbers are made up,
// with computed check digits.

#[test]
fn redact_masks_personal_information_in_text_and_exits_0() {
    let o = run(
        &[
            "redact",
            "姓名张三,身份证110101199003071233,手机138 1234 5678,热线12345",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        stdout(&o),
        "姓名张三,身份证110101********1233,手机138 **** 5678,热线12345\n"
    );
}

#[test]
fn redact_checks_id_numbers_as_of_today() {
    // Born 2026-01-02: masked from that day on; before it, not an ID number, left as it is.
    let text = "身份证110101202601021230";
    let o = run(&["redact", "--today", "2026-01-02", text], b"");
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o), "身份证110101********1230\n");
    let o = run(&["redact", "--today", "2025-12-31", text], b"");
    assert_eq!(stdout(&o), format!("{text}\n"));
    let o = run(&["redact", "--today", "2025-02-29", text], b"");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("2025-02-29"));
}

#[test]
fn redact_streams_standard_input_keeping_line_ends() {
    let input = "手机13812345678\r\n卡号6222-0212-3456-7894\n邮箱zhang.san@example.com";
    let o = run(&["redact"], input.as_bytes());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        stdout(&o),
        "手机138****5678\r\n卡号****-****-****-7894\n邮箱z***@example.com"
    );
    let o = run(&["redact"], b"ok\n\xff\xfe\n");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 2"));
}

#[test]
fn batch_redact_adds_a_redacted_field_after_the_verdict() {
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"手机13812345678\"}\n",
        "{\"id\":\"b\",\"text\":\"市政府召开常务会议\"}\n",
    );
    let o = run(&["batch", "--redact", "-"], input.as_bytes());
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.ends_with(",\"redacted\":\"手机138****5678\"}"),
        "{first}"
    );
    let lines = json_lines(&o);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["verdict"], "review");
    assert_eq!(lines[0]["hits"][0]["term"], "mobile");
    assert_eq!(lines[0]["hits"][0]["action"], "review");
    assert_eq!(lines[1]["redacted"], "市政府召开常务会议");
    // Without the flag there is no such field.
    let o = run(&["batch", "-"], input.as_bytes());
    assert!(json_lines(&o)[0].get("redacted").is_none());
}

// --references and --sources (contract §5, §6 "Attribution").

const REF_TEXT: &str = "近日，某某市生态环境局联合市水务局开展城区河道综合整治专项行动，对沿河排污口逐一排查登记，共清理河道垃圾二百余吨，拆除违规搭建的临河棚屋三十七处。下一步，两部门将建立河道巡查长效机制，每周向社会公布重点河段整治进展。";

fn references_file(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("refs.jsonl");
    let line = serde_json::json!({
        "id": "ref-001",
        "title": "我市开展城区河道综合整治专项行动",
        "text": REF_TEXT,
        "source": "某某市生态环境局",
    });
    std::fs::write(&path, format!("{line}\n")).unwrap();
    path
}

#[test]
fn check_with_references_reports_a_copy_and_a_changed_title() {
    let dir = tempdir("references");
    let refs = references_file(&dir);
    let refs = refs.to_str().unwrap();

    let o = run(&["check", "--references", refs, REF_TEXT], b"");
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = &json_lines(&o)[0];
    let categories = v["categories"].as_array().unwrap();
    assert!(categories.contains(&"missing_attribution".into()), "{v}");
    let hits = v["hits"].as_array().unwrap();
    assert!(
        hits.iter()
            .any(|h| h["term"] == "reference:ref-001" && h["action"] == "review"),
        "{v}"
    );

    let retitled = format!("【河道大变样】{REF_TEXT}\n来源：某某市生态环境局");
    let o = run(&["check", "--references", refs, &retitled], b"");
    assert_eq!(code(&o), 1);
    let v = &json_lines(&o)[0];
    let title = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["term"] == "reference_title:ref-001")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        title["reason"],
        "标题与原文不一致: 原标题「我市开展城区河道综合整治专项行动」, 现标题「河道大变样」"
    );
    assert_eq!(title["matched"], "河道大变样");

    // Attributed under its own title: pass. Without --references the copy is not known.
    let fine = format!("【我市开展城区河道综合整治专项行动】{REF_TEXT}\n来源：某某市生态环境局");
    let o = run(&["check", "--references", refs, &fine], b"");
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(&["check", REF_TEXT], b"");
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn batch_and_eval_take_references() {
    let dir = tempdir("references-batch");
    let refs = references_file(&dir);
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "copy", "text": REF_TEXT, "harm": true, "cats": ["missing_attribution"]}),
        serde_json::json!({"id": "own", "text": "今天上午全市召开春季植树动员大会。", "harm": false}),
    );
    let file = dir.join("posts.jsonl");
    std::fs::write(&file, &input).unwrap();
    let o = run(
        &[
            "batch",
            "--references",
            refs.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let lines = json_lines(&o);
    assert_eq!(lines[0]["id"], "copy");
    assert_eq!(lines[0]["verdict"], "review");
    assert_eq!(lines[1]["verdict"], "pass");
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing_attribution 1"));

    let o = run(
        &[
            "eval",
            "--references",
            refs.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        b"",
    );
    assert_ne!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn bad_reference_and_source_files_exit_2_naming_file_and_line() {
    let dir = tempdir("references-bad");
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"a\",\"text\":\"正文一\"}\n{\"id\":\"b\",\"title\":\"缺正文\"}\n",
    )
    .unwrap();
    let o = run(
        &["check", "--references", bad.to_str().unwrap(), "正文"],
        b"",
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{}:2:", bad.display())), "{err}");
    assert!(err.contains("missing \"text\""), "{err}");

    let dup = dir.join("dup.jsonl");
    std::fs::write(
        &dup,
        "{\"id\":\"a\",\"text\":\"正文一\"}\n\n{\"id\":\"a\",\"text\":\"正文二\"}\n",
    )
    .unwrap();
    let o = run(&["batch", "--references", dup.to_str().unwrap(), "-"], b"");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(":3:") && err.contains("duplicate id"), "{err}");

    let missing = dir.join("nope.jsonl");
    let o = run(
        &["check", "--references", missing.to_str().unwrap(), "正文"],
        b"",
    );
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope.jsonl"));

    let sources = dir.join("sources.txt");
    std::fs::write(&sources, "新华社\n*日报\n").unwrap();
    let o = run(
        &["check", "--sources", sources.to_str().unwrap(), "正文"],
        b"",
    );
    assert_eq!(code(&o), 2);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("sources.txt:2:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn unverified_source_lists_extend_the_shipped_one() {
    let text = "某某路段发生交通事故。来源：某某本地论坛";
    let o = run(&["check", text], b"");
    assert!(!stdout(&o).contains("\"unverified\""), "{}", stdout(&o));
    let dir = tempdir("unverified-sources");
    let list = dir.join("unverified.txt");
    std::fs::write(&list, "某某本地论坛\n").unwrap();
    let o = run(
        &[
            "check",
            "--unverified-sources",
            list.to_str().unwrap(),
            text,
        ],
        b"",
    );
    assert_eq!(code(&o), 1);
    let v = &json_lines(&o)[0];
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["category"] == "unverified")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(hit["matched"], "来源：某某本地论坛");
    assert_eq!(hit["term"], "unverified_source");
}

// Bad input in `batch` (issue 7): every line gets its verdict or its error object, in place.

/// Error objects of a batch output, by line number, and the ids of its verdicts.
fn outcomes(o: &Output) -> Vec<Result<serde_json::Value, String>> {
    json_lines(o)
        .into_iter()
        .map(|v| match v.get("error") {
            Some(e) => Err(e.as_str().unwrap().to_string()),
            None => Ok(v),
        })
        .collect()
}

#[test]
fn batch_answers_every_bad_line_in_place() {
    let mut input: Vec<u8> = Vec::new();
    let lines: &[&[u8]] = &[
        "\u{feff}{\"id\":\"bom\",\"text\":\"网络赌场\"}\r\n".as_bytes(), // 1 BOM and CRLF: fine
        b"{\"id\":\"nul\",\"text\":\"a\0b\"}\n",                         // 2 raw NUL in a string
        b"{\"id\":\"esc\",\"text\":\"a\\u0000b\"}\n",                    // 3 escaped NUL: fine
        b"\0\0\0\n",                                                     // 4 NULs only
        b"   \t \n",                                                     // 5 blanks only
        b"[\"text\",\"x\"]\n",                                           // 6 an array
        b"\"just a string\"\n",                                          // 7 a string
        b"{\"id\":5,\"text\":\"x\"}\n",                                  // 8 id of a wrong type
        b"{\"id\":\"n\",\"text\":null}\n",                               // 9 null text
        b"{\"id\":\"acc\",\"text\":\"x\",\"account\":3}\n", // 10 account of a wrong type
        b"{\"id\":\"t\",\"text\":[\"x\"]}\n",               // 11 text of a wrong type
        b"{\"id\":\"ok\",\"text\":\"\"}\n",                 // 12 empty text: fine
        b"{\"id\":\"\xe7\xbd\x91\",\"text\":\"x\"}\n",      // 13 UTF-8 id: fine
        b"{\"id\":\"cut\",\"text\":\"\xe7\xbd\n",           // 14 cut inside a char
        "{\"id\":\"last\",\"text\":\"网络".as_bytes(),      // 15 truncated last line
    ];
    for l in lines {
        input.extend_from_slice(l);
    }
    let o = run(&["batch", "--threads", "2", "-"], &input);
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
    let out = json_lines(&o);
    assert_eq!(out.len(), lines.len(), "{}", stdout(&o));
    let good = [1, 3, 12, 13];
    for (i, v) in out.iter().enumerate() {
        let n = i + 1;
        if good.contains(&n) {
            assert!(v.get("verdict").is_some(), "line {n}: {v}");
            assert!(v.get("error").is_none(), "line {n}: {v}");
        } else {
            assert_eq!(v["line"], n, "line {n}: {v}");
            assert!(!v["error"].as_str().unwrap().is_empty(), "line {n}: {v}");
            assert!(v.get("verdict").is_none(), "line {n}: {v}");
        }
    }
    assert_eq!(out[0]["id"], "bom");
    assert_eq!(out[0]["verdict"], "block");
    assert_eq!(out[2]["id"], "esc");
    assert_eq!(out[12]["id"], "网");
    let errors: Vec<String> = outcomes(&o).into_iter().filter_map(|r| r.err()).collect();
    assert_eq!(errors.len(), lines.len() - good.len());
    // The messages say what is wrong.
    assert_eq!(out[4]["error"], "empty line");
    assert!(
        out[5]["error"].as_str().unwrap().contains("JSON object"),
        "{}",
        out[5]
    );
    assert!(
        out[8]["error"]
            .as_str()
            .unwrap()
            .contains("missing \"text\""),
        "{}",
        out[8]
    );
    assert!(
        out[13]["error"].as_str().unwrap().contains("UTF-8"),
        "{}",
        out[13]
    );
    assert!(
        out[14]["error"].as_str().unwrap().contains("invalid input"),
        "{}",
        out[14]
    );
    // Ids are echoed where the line is JSON enough to have one.
    assert_eq!(out[10]["id"], "t");
    assert_eq!(out[7]["id"], 5);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{} posts", lines.len())), "{err}");
    assert!(err.contains(&format!("errors {}", errors.len())), "{err}");
}

#[test]
fn batch_reads_escaped_fields_as_it_reads_plain_ones() {
    // Fields are borrowed from the line unless they hold an escape: both ways must give the
    // same post. Line 2 spells line 1 with escapes (赌 as \u8d4c, a quote in the id), line 3
    // escapes the account, line 4 is an unknown account escaped, which must still echo the id.
    let input = concat!(
        "{\"id\":\"p\\\"1\",\"text\":\"网络赌场注册送彩金\",\"account\":\"private\"}\n",
        "{\"id\":\"p\\\"1\",\"text\":\"网络\\u8d4c场注册送彩金\",\"account\":\"private\"}\n",
        "{\"id\":\"p\\\"1\",\"text\":\"网络赌场注册送彩金\",\"account\":\"priv\\u0061te\"}\n",
        "{\"id\":\"\\u7f51\",\"text\":\"x\",\"account\":\"b\\u006fss\"}\n",
    );
    let o = run(&["batch", "-"], input.as_bytes());
    let out = json_lines(&o);
    assert_eq!(out.len(), 4, "{}", stdout(&o));
    for v in &out[..3] {
        assert_eq!(v["id"], "p\"1", "{v}");
        assert_eq!(v["account"], "private", "{v}");
        assert_eq!(v["verdict"], "block", "{v}");
        assert_eq!(v["hits"][0]["matched"], "网络赌场", "{v}");
    }
    assert_eq!(out[0], out[1]);
    assert_eq!(out[0], out[2]);
    assert_eq!(out[3]["id"], "网");
    assert!(
        out[3]["error"].as_str().unwrap().contains("boss"),
        "{}",
        out[3]
    );
}

#[test]
fn batch_skips_a_100_mb_line_and_a_post_over_the_limit_and_goes_on() {
    let mut child = shenhe()
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        stdin
            .write_all(
                b"{\"id\":\"a\",\"text\":\"\xe7\xbd\x91\xe7\xbb\x9c\xe8\xb5\x8c\xe5\x9c\xba\"}\n",
            )
            .unwrap();
        // Line 2: 100 MB, far over the line cap; written in pieces, never held whole.
        stdin.write_all(b"{\"id\":\"huge\",\"text\":\"").unwrap();
        let piece = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            stdin.write_all(&piece).unwrap();
        }
        stdin.write_all(b"\"}\n").unwrap();
        // Line 3: a 5 MiB post, under the line cap but over the post limit (4 MiB).
        stdin.write_all(b"{\"id\":\"big\",\"text\":\"").unwrap();
        for _ in 0..5 {
            stdin.write_all(&piece).unwrap();
        }
        stdin.write_all(b"\"}\n").unwrap();
        stdin.write_all(b"{\"id\":\"d\",\"text\":\"ok\"}").unwrap();
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
    let out = json_lines(&o);
    assert_eq!(out.len(), 4, "{}", stdout(&o));
    assert_eq!(
        (&out[0]["id"], &out[0]["verdict"]),
        (&"a".into(), &"block".into())
    );
    assert_eq!(out[1]["line"], 2);
    assert!(
        out[1].get("id").is_none(),
        "the line was skipped unread: {}",
        out[1]
    );
    let e = out[1]["error"].as_str().unwrap();
    assert!(
        e.contains("exceeds the limit") && e.contains("104857"),
        "{e}"
    );
    assert_eq!((&out[2]["line"], &out[2]["id"]), (&3.into(), &"big".into()));
    let e = out[2]["error"].as_str().unwrap();
    assert!(e.contains("exceeds the limit of 4194304 bytes"), "{e}");
    assert_eq!(
        (&out[3]["id"], &out[3]["verdict"]),
        (&"d".into(), &"pass".into())
    );
}

#[test]
fn batch_input_and_output_errors_exit_2_with_a_message() {
    let dir = tempdir("io");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, "{\"text\":\"天气晴好\"}\n").unwrap();
    // An output that cannot be created.
    let missing = dir.join("no/such/dir/out.jsonl");
    let o = run(
        &[
            "batch",
            input.to_str().unwrap(),
            "-o",
            missing.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot create") && err.contains("out.jsonl"),
        "{err}"
    );
    // An output that fails on write.
    if std::path::Path::new("/dev/full").exists() {
        let o = run(&["batch", input.to_str().unwrap(), "-o", "/dev/full"], b"");
        assert_eq!(code(&o), 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("cannot write"), "{err}");
    }
    // An input that opens but cannot be read (a directory), and one that does not exist.
    let o = run(&["batch", dir.to_str().unwrap()], b"");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("shenhe: cannot"), "{err}");
    assert!(o.stdout.is_empty());
    let o = run(&["batch", dir.join("nope.jsonl").to_str().unwrap()], b"");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope.jsonl"));
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(&format!(
            "{{\"id\":\"{i}\",\"text\":\"网络赌场注册送彩金\"}}\n"
        ));
    }
    for args in [&["batch", "-"][..], &["redact"][..]] {
        let mut child = shenhe()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let data = input.clone();
        // The writer may itself see a closed pipe once shenhe stops reading.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(data.as_bytes());
        });
        // Read one line, then close the pipe, as `| head -1` does.
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
        assert!(!first.is_empty());
        drop(stdout);
        let o = child.wait_with_output().unwrap();
        writer.join().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("shenhe:") && !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        // Not killed by SIGPIPE, not an error exit.
        let c = o.status.code().expect("exited normally");
        assert!(c == 0 || c == 1, "{args:?}: exit {c}");
    }
}

/// Runs `shenhe` with `args` and standard input from `path` (a device such as /dev/zero).
fn run_from(args: &[&str], path: &str) -> Output {
    shenhe()
        .args(args)
        .stdin(std::fs::File::open(path).unwrap())
        .output()
        .expect("the shenhe binary runs")
}

#[test]
fn endless_standard_input_stops_at_the_post_limit() {
    // `check < /dev/zero` once read all of standard input first; `redact` aborted on a 4 GiB
    // allocation. Both now stop at the limit and say why.
    let o = run_from(&["check", "--max-post-bytes", "100000"], "/dev/zero");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("longer than the post limit of 100000 bytes (--max-post-bytes)"),
        "{err}"
    );
    let o = run_from(&["redact", "--max-post-bytes", "100000"], "/dev/zero");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 1 is longer than the limit of 100000 bytes"),
        "{err}"
    );
}

#[test]
fn max_hits_per_term_lists_that_many_and_counts_the_rest() {
    let text = "网络赌场".repeat(5);
    let json = |o: &Output| -> serde_json::Value {
        serde_json::from_slice(&o.stdout).expect("one verdict")
    };
    let o = run(&["check", "--max-hits-per-term", "2", &text], b"");
    assert_eq!(code(&o), 1);
    let v = json(&o);
    let listed = v["hits"].as_array().unwrap().iter();
    assert_eq!(listed.filter(|h| h["term"] == "网络赌场").count(), 2);
    assert!(v["hits_omitted"].as_u64().unwrap() >= 3, "{v}");
    // The default lists them all; a saved engine keeps the limit, and the flag overrides it.
    let o = run(&["check", &text], b"");
    assert!(json(&o).get("hits_omitted").is_none());
    let dir = tempdir("max-hits");
    let engine = dir.join("e.bin");
    let e = engine.to_str().unwrap();
    let o = run(&["compile", "--max-hits-per-term", "1", "-o", e], b"");
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["check", "--engine", e, &text], b"");
    assert!(json(&o)["hits_omitted"].as_u64().unwrap() >= 4);
    let o = run(
        &["check", "--engine", e, "--max-hits-per-term", "100", &text],
        b"",
    );
    assert!(json(&o).get("hits_omitted").is_none());
    for bad in ["0", "-1", "x"] {
        let o = run(&["check", "--max-hits-per-term", bad, "x"], b"");
        assert_eq!(code(&o), 2, "{bad}");
    }
}

#[test]
fn max_post_bytes_sets_the_limit_of_every_command() {
    let o = run(&["check", "--max-post-bytes", "12", "网络赌场!"], b"");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("exceeds the limit of 12 bytes"));
    let o = run(&["check", "--max-post-bytes", "12", "网络赌场"], b"");
    assert_eq!(code(&o), 1);
    // In a batch only the long post fails, in its place.
    let o = run(
        &["batch", "--max-post-bytes", "12", "-"],
        "{\"text\":\"网络赌场\"}\n{\"text\":\"网络赌场网络赌场\"}\n".as_bytes(),
    );
    let out = outcomes(&o);
    assert!(out[0].is_ok() && out[1].is_err(), "{out:?}");
    let o = run(&["redact", "--max-post-bytes", "4", "138"], b"");
    assert_eq!(code(&o), 0);
    let o = run(&["redact", "--max-post-bytes", "4", "13812345678"], b"");
    assert_eq!(code(&o), 2);
    for bad in ["0", "1073741825", "4M"] {
        let o = run(&["check", "--max-post-bytes", bad, "x"], b"");
        assert_eq!(code(&o), 2, "{bad}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("--max-post-bytes"),
            "{bad}"
        );
    }
}

#[test]
fn threads_are_capped() {
    let o = run(
        &["batch", "--threads", "100000", "-"],
        b"{\"text\":\"x\"}\n",
    );
    assert_eq!(code(&o), 2);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--threads 100000 is more than the limit of 256")
    );
    let o = run(&["batch", "--threads", "256", "-"], b"{\"text\":\"x\"}\n");
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn compile_writes_a_saved_engine_that_screens_like_the_lexicons() {
    let dir = tempdir("compile");
    let lex = dir.join("mine.txt");
    std::fs::write(&lex, "某某内部代号\tstate_secret\n").unwrap();
    let policy = dir.join("policy.txt");
    std::fs::write(&policy, "org vulgar off\n").unwrap();
    let saved = dir.join("engine.bin");
    let o = run(
        &[
            "compile",
            "--lexicons",
            lex.to_str().unwrap(),
            "--policy",
            policy.to_str().unwrap(),
            "--max-post-bytes",
            "1000",
            "-o",
            saved.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrote"));
    let engine = saved.to_str().unwrap();
    let input = "{\"id\":\"a\",\"text\":\"请勿外传某某内部代号\"}\n{\"id\":\"b\",\"text\":\"赌*博网站注册就送彩金\"}\n{\"id\":\"c\",\"text\":\"今天召开全市经济工作会议\"}\n";
    let with_lexicons = run(
        &[
            "batch",
            "--lexicons",
            lex.to_str().unwrap(),
            "--policy",
            policy.to_str().unwrap(),
            "-",
        ],
        input.as_bytes(),
    );
    let with_engine = run(&["batch", "--engine", engine, "-"], input.as_bytes());
    assert_eq!(code(&with_engine), 1);
    assert_eq!(stdout(&with_engine), stdout(&with_lexicons));
    assert_eq!(json_lines(&with_engine)[0]["verdict"], "block");
    // The saved limit holds, and --max-post-bytes overrides it.
    let long = "长".repeat(400);
    let o = run(&["check", "--engine", engine, &long], b"");
    assert!(String::from_utf8_lossy(&o.stderr).contains("exceeds the limit of 1000 bytes"));
    let o = run(
        &[
            "check",
            "--engine",
            engine,
            "--max-post-bytes",
            "2000",
            &long,
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    // --engine does not combine with lexicon or policy options; compile does not save references.
    let o = run(
        &["check", "--engine", engine, "--policy", "p.txt", "x"],
        b"",
    );
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be used with"));
    let o = run(&["compile", "--references", "r.jsonl", "-o", "x.bin"], b"");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not --references"));
    // A damaged or missing engine file is an error naming the file.
    std::fs::write(dir.join("bad.bin"), b"not an engine").unwrap();
    let bad = dir.join("bad.bin");
    let o = run(&["check", "--engine", bad.to_str().unwrap(), "x"], b"");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.bin") && err.contains("not a saved shenhe engine"),
        "{err}"
    );
    let o = run(&["check", "--engine", "/nonexistent/e.bin", "x"], b"");
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /nonexistent/e.bin"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_hints_that_plain_text_is_not_jsonl() {
    let o = run(
        &["batch", "-"],
        "今天召开全市经济工作会议\n[1,2]\n".as_bytes(),
    );
    let out = outcomes(&o);
    let first = out[0].as_ref().unwrap_err();
    assert!(
        first.contains("looks like plain text") && first.contains("shenhe check"),
        "{first}"
    );
    let second = out[1].as_ref().unwrap_err();
    assert_eq!(second, "invalid input: expected a JSON object");
}

#[test]
fn eval_reads_the_shipped_sample_and_its_expected_verdicts() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/posts.jsonl");
    let o = run(&["eval", sample], b"");
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("verdict as expected"), "{out}");
    assert!(out.contains("harmful"), "{out}");
    // A line with neither harm nor expect is a located error.
    let dir = tempdir("eval-labels");
    let file = dir.join("l.jsonl");
    std::fs::write(&file, "{\"text\":\"x\",\"harm\":false}\n{\"text\":\"y\"}\n").unwrap();
    let o = run(&["eval", file.to_str().unwrap()], b"");
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("l.jsonl:2: missing \"harm\""), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verdicts_carry_score_risk_and_label() {
    let v = &json_lines(&run(&["check", "赌*博网站注册就送彩金"], b""))[0];
    assert_eq!(v["score"], 1.0);
    assert_eq!(v["risk"], "high");
    assert_eq!(v["label"], "gambling");
    let v = &json_lines(&run(
        &["check", "今天召开全市经济工作会议,部署明年重点任务"],
        b"",
    ))[0];
    assert_eq!(v["score"], 0.0);
    assert_eq!(v["risk"], "none");
    assert!(v.get("label").is_none());
}

#[test]
fn verdicts_of_many_lines_with_big_posts_among_them_stay_in_input_order() {
    // Lines are screened in blocks (64 at a time); big posts in later blocks are screened
    // one at a time beside the blocks and written back into their places.
    let big = format!("{}网络赌场", "今天天气晴。".repeat(50_000));
    let mut input = String::new();
    let mut want = Vec::new();
    for i in 0..200 {
        let (text, verdict) = match i {
            70 | 139 | 199 => (big.clone(), "block"),
            i if i % 7 == 0 => ("网络赌场注册送彩金".to_owned(), "block"),
            _ => ("今天召开全市经济工作会议".to_owned(), "pass"),
        };
        input.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": format!("p{i}"), "text": text})
        ));
        want.push((format!("p{i}"), verdict));
    }
    input.push_str("not json\n");
    let o = run(&["batch", "--threads", "2", "-"], input.as_bytes());
    let out = json_lines(&o);
    assert_eq!(out.len(), 201);
    let got: Vec<(String, &str)> = out[..200]
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_owned(),
                v["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(out[200]["line"], 201);
    let blocked = want.iter().filter(|w| w.1 == "block").count();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!("block {blocked}, errors 1")),
        "{stderr}"
    );
}

#[test]
fn big_batch_posts_are_screened_one_at_a_time_and_stay_in_place() {
    // Posts over 256 KiB are screened one at a time (a task of their own beside the blocks of
    // the other lines), so that what is in flight is bounded by bytes; their verdicts must
    // still land on their own lines.
    let big_clean = "今天召开全市经济工作会议。".repeat(12_000); // ~460 KB
    let big_held = format!("{}网络赌场注册送彩金", "今天天气晴。".repeat(30_000));
    let lines = [
        serde_json::json!({"id": "a", "text": "网络赌场注册送彩金"}),
        serde_json::json!({"id": "b", "text": big_clean}),
        serde_json::json!({"id": "c", "text": "今天召开全市经济工作会议"}),
        serde_json::json!({"id": "d", "text": big_held}),
        serde_json::json!({"id": "e", "text": "网络赌场"}),
    ];
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let o = run(&["batch", "--threads", "2", "-"], input.as_bytes());
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let out = json_lines(&o);
    let got: Vec<(&str, &str)> = out
        .iter()
        .map(|v| (v["id"].as_str().unwrap(), v["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("a", "block"),
            ("b", "pass"),
            ("c", "pass"),
            ("d", "block"),
            ("e", "block")
        ]
    );
}
