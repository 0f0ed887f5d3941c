//! `shenhe train` and `--model`, run as a user runs them, on labelled posts the tests write
//! themselves: job-scam and gambling solicitations in slang no lexicon holds, and ordinary
//! government notices, all built from a few phrases with varying fillers.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{code, json_lines, run, stderr, stdout, tempdir};

const GAMBLING: [&str; 6] = [
    "下注就有机会",
    "跟着老师买大小",
    "押大押小包回本",
    "今晚冲一把翻身",
    "稳赢计划拉你进群",
    "一晚翻倍不是梦",
];
const SCAM: [&str; 6] = [
    "足不出户赚零花",
    "垫付小额马上返现",
    "做任务领佣金",
    "先交保证金再上岗",
    "每天两小时收入可观",
    "挂机就有收益",
];
const CLEAN: [&str; 12] = [
    "社区开展垃圾分类宣传活动",
    "图书馆周末延长开放时间",
    "全市中小学秋季开学工作部署",
    "公交线路临时调整请留意",
    "医保缴费截止日期提醒",
    "志愿者招募参与植树活动",
    "气象台发布降温预报",
    "博物馆推出传统文化展览",
    "农贸市场完成升级改造",
    "消防安全知识进校园",
    "就业帮扶政策解读",
    "老年人免费体检开始预约",
];
const FILLERS: [&str; 10] = [
    "今天",
    "最近",
    "朋友们",
    "大家注意",
    "周末",
    "有兴趣的看过来",
    "转给需要的人",
    "早上好",
    "欢迎咨询",
    "名额有限",
];

/// 330 harmful posts (165 gambling, 165 crime_instigation) and 330 clean ones, interleaved.
fn labelled() -> String {
    let mut out = String::new();
    for i in 0..330usize {
        let (f1, f2) = (FILLERS[i % 10], FILLERS[(i / 10 + 3) % 10]);
        let (group, cat) = if i % 2 == 0 {
            (&GAMBLING, "gambling")
        } else {
            (&SCAM, "crime_instigation")
        };
        let text = format!("{f1}，{}，{}，{f2}", group[i % 6], group[(i / 6 + 1) % 6]);
        out.push_str(
            &serde_json::json!({"id": format!("h-{i}"), "text": text, "harm": true, "cats": [cat]})
                .to_string(),
        );
        out.push('\n');
        let text = format!(
            "{f2}，{}，{}，{f1}",
            CLEAN[i % 12],
            CLEAN[(i / 12 + 5) % 12]
        );
        out.push_str(
            &serde_json::json!({"id": format!("c-{i}"), "text": text, "harm": false}).to_string(),
        );
        out.push('\n');
    }
    out
}

/// A post in the trained slang that no shipped lexicon term holds.
const SOLICITATION: &str = "朋友们，押大押小包回本，今晚冲一把翻身";

struct Fixture {
    dir: PathBuf,
    data: PathBuf,
    model: PathBuf,
}

/// The labelled file and a model trained on it with the default options, once per test binary.
/// It lives as long as the binary, so it is kept in Cargo's directory for tests' files (under
/// `target/`), made afresh by each run, rather than in a temporary directory.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model-fixture");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let data = dir.join("labelled.jsonl");
        std::fs::write(&data, labelled()).unwrap();
        let model = dir.join("model.txt");
        let o = run(&["train", s(&data), "-o", s(&model)], b"");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        Fixture { dir, data, model }
    })
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn model_hits(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["term"].as_str().unwrap().starts_with("model:"))
        .collect()
}

#[test]
fn train_reports_each_class_and_writes_the_model() {
    let f = fixture();
    let dir = tempdir("report");
    let out = dir.join("m.txt");
    let o = run(&["train", s(&f.data), "-o", s(&out)], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("read 660 labelled posts (330 harmful, 330 clean) from 1 file(s)"),
        "{err}"
    );
    assert!(err.contains("shenhe: trained gambling"), "{err}");
    let report = stdout(&o);
    for want in [
        "trained on 660 posts (",
        "held out for validation) in ",
        "features, ",
        " kept",
        "class",
        "threshold",
        "precision",
        "recall",
        "clean held",
        "harm ",
        "gambling ",
        "crime_instigation ",
        &format!("wrote {} (", out.display()),
    ] {
        assert!(report.contains(want), "{want:?} missing from:\n{report}");
    }
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("shenhe-model\t1\nngrams\t1\t4\n"),
        "{text:.200}"
    );
    assert!(text.contains("\nclass\tgambling\t"));
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("checksum\tfnv1a64:")
    );
    // No temporary file is left beside the model.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["m.txt"]);
}

#[test]
fn the_same_posts_and_seed_give_the_same_model_on_any_number_of_threads() {
    let f = fixture();
    let dir = tempdir("determinism");
    let train = |name: &str, extra: &[&str]| -> Vec<u8> {
        let out = dir.join(name);
        let mut args = vec!["train", s(&f.data), "-o", s(&out)];
        args.extend_from_slice(extra);
        let o = run(&args, b"");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        std::fs::read(&out).unwrap()
    };
    let one = train("one.txt", &["--seed", "7", "--threads", "1"]);
    let two = train("two.txt", &["--seed", "7", "--threads", "2"]);
    assert!(one == two, "the same seed gave two models");
    let again = train("again.txt", &["--seed", "7", "--threads", "2"]);
    assert!(again == two);
    let other = train("other.txt", &["--seed", "8"]);
    assert!(other != one, "another seed, another split");
    // The fixture's model (seed 1 by default) is what `--seed 1` writes.
    assert!(train("seed1.txt", &["--seed", "1"]) == std::fs::read(&f.model).unwrap());
}

#[test]
fn training_options_reach_the_trainer() {
    let f = fixture();
    let dir = tempdir("options");
    let train = |extra: &[&str]| -> (String, String) {
        let out = dir.join("m.txt");
        let mut args = vec!["train", s(&f.data), "-o", s(&out)];
        args.extend_from_slice(extra);
        let o = run(&args, b"");
        assert_eq!(code(&o), 0, "{extra:?}: {}", stderr(&o));
        (stdout(&o), std::fs::read_to_string(&out).unwrap())
    };
    let grams = |model: &str| model.lines().filter(|l| l.starts_with("gram\t")).count();
    let classes = |model: &str| model.lines().filter(|l| l.starts_with("class\t")).count();
    let (_, default) = train(&[]);
    assert_eq!(classes(&default), 3);

    let (_, m) = train(&["--ngrams", "2-3"]);
    assert!(m.contains("\nngrams\t2\t3\n"));
    assert!(
        m.lines()
            .filter_map(|l| l.strip_prefix("gram\t"))
            .all(|l| (2..=3).contains(&l.split('\t').next().unwrap().chars().count()))
    );
    let (_, m) = train(&["--ngrams", "2"]);
    assert!(m.contains("\nngrams\t2\t2\n"));

    let (_, m) = train(&["--max-grams", "40"]);
    assert!(grams(&m) <= 40 && grams(&m) > 0, "{}", grams(&m));

    let (report, _) = train(&["--valid", "0.3"]);
    let held_out = |r: &str| -> usize {
        let (_, tail) = r.split_once("training, ").unwrap();
        tail.split(' ').next().unwrap().parse().unwrap()
    };
    let (default_report, _) = train(&[]);
    assert!(
        held_out(&report) > held_out(&default_report) + 50,
        "{report}"
    );

    let (_, m) = train(&["--min-positives", "1000"]);
    assert_eq!(classes(&m), 1, "only harm: {m:.200}");
    let (report, _) = train(&["--min-positives", "1000"]);
    assert!(
        report.contains("no class, too few posts (under --min-positives 1000 in the training split): gambling 165, crime_instigation 165"),
        "{report}"
    );

    let features = |r: &str| -> usize {
        let (head, _) = r.split_once(" features").unwrap();
        head.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let (report, _) = train(&["--min-count", "50"]);
    assert!(features(&report) < features(&default_report), "{report}");

    let (_, m) = train(&["--epochs", "1"]);
    assert_ne!(m, default);

    // A stricter calibration never lowers a threshold.
    let thresholds = |m: &str| -> Vec<f64> {
        m.lines()
            .filter_map(|l| l.strip_prefix("class\t"))
            .map(|l| l.split('\t').nth(2).unwrap().parse().unwrap())
            .collect()
    };
    let (_, loose) = train(&["--max-clean-hold", "1", "--max-source-clean-hold", "1"]);
    let (_, strict) = train(&["--max-clean-hold", "0"]);
    assert!(thresholds(&loose).iter().all(|&t| t >= 0.3), "{loose:.300}");
    let (_, floor) = train(&["--max-clean-hold", "1", "--min-threshold", "0.9"]);
    assert!(thresholds(&floor).iter().all(|&t| t >= 0.9), "{floor:.300}");
    for (s, l) in thresholds(&strict).iter().zip(thresholds(&loose)) {
        assert!(*s >= l);
    }
}

#[test]
fn check_with_a_model_reviews_by_default_and_a_policy_line_blocks() {
    let f = fixture();
    // The lexicons alone let the slang through.
    let o = run(&["check", SOLICITATION], b"");
    assert_eq!(code(&o), 0, "{}", stdout(&o));

    let o = run(&["check", "--model", s(&f.model), SOLICITATION], b"");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = &json_lines(&o)[0];
    assert_eq!(v["verdict"], "review", "{v}");
    let hits = model_hits(v);
    assert_eq!(hits.len(), 1, "{v}");
    let h = hits[0];
    assert_eq!(h["term"], "model:gambling");
    assert_eq!(h["category"], "gambling");
    assert_eq!(h["action"], "review");
    let score = h["score"].as_f64().unwrap();
    assert!(score > 0.5 && score <= 1.0, "{h}");
    assert!(
        h["reason"].as_str().unwrap().starts_with("赌博: 模型评分 "),
        "{h}"
    );
    let (start, end) = (
        h["start"].as_u64().unwrap() as usize,
        h["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&SOLICITATION[start..end], h["matched"].as_str().unwrap());
    // Lexicon and detector hits carry no score field.
    let o = run(
        &["check", "--model", s(&f.model), "赌*博网站注册就送彩金"],
        b"",
    );
    let v = &json_lines(&o)[0];
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| !h["term"].as_str().unwrap().starts_with("model:"))
            .all(|h| h.get("score").is_none()),
        "{v}"
    );
    // A clean post scores below every threshold.
    let o = run(
        &[
            "check",
            "--model",
            s(&f.model),
            "今天，图书馆周末延长开放时间",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));

    let policy = f.dir.join("block.txt");
    std::fs::write(&policy, "model * gambling 0.5 block\n").unwrap();
    let o = run(
        &[
            "check",
            "--model",
            s(&f.model),
            "--policy",
            s(&policy),
            SOLICITATION,
        ],
        b"",
    );
    assert_eq!(code(&o), 1);
    let v = &json_lines(&o)[0];
    assert_eq!(v["verdict"], "block", "{v}");
    assert_eq!(model_hits(v)[0]["action"], "block");
    // A bad model line is the policy's located error.
    std::fs::write(&policy, "model * gamble 0.5 block\n").unwrap();
    let o = run(
        &["check", "--model", s(&f.model), "--policy", s(&policy), "x"],
        b"",
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("block.txt:1: unknown model class"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn batch_and_audit_take_a_model() {
    let f = fixture();
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "text": SOLICITATION}),
        serde_json::json!({"id": "b", "text": "垫付小额马上返现，做任务领佣金"}),
    );
    let o = run(&["batch", "--model", s(&f.model), "-"], input.as_bytes());
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json_lines(&o);
    assert_eq!(model_hits(&v[0])[0]["term"], "model:gambling");
    assert_eq!(model_hits(&v[1])[0]["term"], "model:crime_instigation");

    let archive = f.dir.join("archive.jsonl");
    let line = |id: &str, time: &str, text: &str| {
        serde_json::json!({"id": id, "time": time, "account": "某县发布", "kind": "text", "text": text})
            .to_string()
    };
    std::fs::write(
        &archive,
        [
            line("1", "2024-03-18 09:00", "今天召开全县经济工作会议"),
            line("2", "2024-03-18 10:00", SOLICITATION),
            line("3", "2024-03-18 11:00", "图书馆周末延长开放时间"),
        ]
        .join("\n"),
    )
    .unwrap();
    let held = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["audit", s(&archive), "--json", "-"];
        args.extend_from_slice(extra);
        let o = run(&args, b"");
        assert!(code(&o) < 2, "{}", stderr(&o));
        let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        r["accounts"][0]["screening"]["held"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(held(&[]).is_empty());
    let with_model = held(&["--model", s(&f.model)]);
    assert_eq!(with_model.len(), 1, "{with_model:?}");
    assert_eq!(model_hits(&with_model[0]["verdict"]).len(), 1);
}

#[test]
fn a_saved_engine_carries_the_model() {
    let f = fixture();
    let dir = tempdir("compile");
    let engine = dir.join("engine.bin");
    let o = run(&["compile", "--model", s(&f.model), "-o", s(&engine)], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a model of 3 classes"),
        "{}",
        stderr(&o)
    );
    let o = run(&["check", "--engine", s(&engine), SOLICITATION], b"");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = &json_lines(&o)[0];
    assert_eq!(model_hits(v)[0]["term"], "model:gambling", "{v}");
    assert_eq!(v["verdict"], "review");

    // The policy's model lines travel with it.
    let policy = dir.join("policy.txt");
    std::fs::write(&policy, "model * gambling 0.5 block\n").unwrap();
    let blocking = dir.join("blocking.bin");
    let o = run(
        &[
            "compile",
            "--model",
            s(&f.model),
            "--policy",
            s(&policy),
            "-o",
            s(&blocking),
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&["check", "--engine", s(&blocking), SOLICITATION], b"");
    assert_eq!(json_lines(&o)[0]["verdict"], "block");

    // --model on a saved engine: one without a model gains it, one with a model has it replaced.
    let plain = dir.join("plain.bin");
    assert_eq!(code(&run(&["compile", "-o", s(&plain)], b"")), 0);
    let o = run(&["check", "--engine", s(&plain), SOLICITATION], b"");
    assert_eq!(code(&o), 0);
    let o = run(
        &[
            "check",
            "--engine",
            s(&plain),
            "--model",
            s(&f.model),
            SOLICITATION,
        ],
        b"",
    );
    assert_eq!(code(&o), 1);
    assert_eq!(model_hits(&json_lines(&o)[0]).len(), 1);
    let harm_only = dir.join("harm-only.txt");
    let o = run(
        &[
            "train",
            s(&f.data),
            "-o",
            s(&harm_only),
            "--min-positives",
            "1000",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(
        &[
            "check",
            "--engine",
            s(&engine),
            "--model",
            s(&harm_only),
            SOLICITATION,
        ],
        b"",
    );
    let v = &json_lines(&o)[0];
    assert_eq!(model_hits(v)[0]["term"], "model:harm", "{v}");
}

#[test]
fn eval_with_a_model_prints_the_threshold_table() {
    let f = fixture();
    let o = run(&["eval", "--model", s(&f.model), s(&f.data)], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "model class harm (its threshold ",
        "): 330 posts of the class, 330 clean",
        "model class gambling (its threshold ",
        "): 165 posts of the class, 330 clean",
        "model class crime_instigation (",
        "    threshold       recall              clean held",
        "    0.50 ",
        "    0.95 ",
        "    0.99 ",
        " (model) ",
        "(330/330)",
    ] {
        assert!(out.contains(want), "{want:?} missing from:\n{out}");
    }
    // Nine rows a class: eight fixed thresholds and the model's own.
    let rows = out
        .lines()
        .filter(|l| l.starts_with("    0.") || l.starts_with("    1."))
        .count();
    assert_eq!(rows, 27, "{out}");
    // Recall never rises with the threshold.
    let recalls: Vec<u64> = out
        .lines()
        .skip_while(|l| !l.contains("model class gambling"))
        .skip(2)
        .take(9)
        .map(|l| {
            let (_, tail) = l.split_once("% (").unwrap();
            tail.split('/').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        recalls.windows(2).all(|w| w[0] >= w[1]),
        "{recalls:?}\n{out}"
    );

    // Without a model: no table; with a saved engine that carries one: the table.
    let o = run(&["eval", s(&f.data)], b"");
    assert!(!stdout(&o).contains("model class"));
    let engine = f.dir.join("eval-engine.bin");
    assert_eq!(
        code(&run(
            &["compile", "--model", s(&f.model), "-o", s(&engine)],
            b""
        )),
        0
    );
    let o = run(&["eval", "--engine", s(&engine), s(&f.data)], b"");
    assert!(
        stdout(&o).contains("model class gambling"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_damaged_model_exits_2_naming_file_and_line() {
    let f = fixture();
    let dir = tempdir("damaged");
    let text = std::fs::read_to_string(&f.model).unwrap();
    let last = text.lines().count();
    // Change one digit of the first weight.
    let at = text.find("\ngram\t").unwrap() + 1;
    let digit = at + text[at..].find(|c: char| c.is_ascii_digit()).unwrap();
    let mut bytes = text.into_bytes();
    bytes[digit] = if bytes[digit] == b'7' { b'8' } else { b'7' };
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, &bytes).unwrap();
    let engine = dir.join("engine.bin");
    assert_eq!(code(&run(&["compile", "-o", s(&engine)], b"")), 0);
    let archive = dir.join("archive.jsonl");
    std::fs::write(
        &archive,
        r#"{"id": "1", "time": "2024-03-18 09:00", "account": "某县发布", "text": "今天召开会议"}"#,
    )
    .unwrap();
    let want = format!("{}:{last}: checksum mismatch", bad.display());
    for args in [
        vec!["check", "--model", s(&bad), "x"],
        vec!["check", "--engine", s(&engine), "--model", s(&bad), "x"],
        vec!["batch", "--model", s(&bad), "-"],
        vec!["eval", "--model", s(&bad), s(&f.data)],
        vec!["compile", "--model", s(&bad), "-o", "/dev/null"],
        vec!["audit", "--model", s(&bad), "--json", "-", s(&archive)],
    ] {
        let o = run(&args, b"");
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(&want), "{args:?}: {}", stderr(&o));
    }
    // A missing file and one that is not a model.
    let o = run(&["check", "--model", "/nonexistent/model.txt", "x"], b"");
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("/nonexistent/model.txt"),
        "{}",
        stderr(&o)
    );
    let o = run(&["check", "--model", s(&f.data), "x"], b"");
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("checksum"), "{}", stderr(&o));
}

#[test]
fn train_errors_name_file_and_line_and_write_nothing() {
    let dir = tempdir("train-errors");
    let out = dir.join("m.txt");
    let good = fixture();
    let all = labelled();
    let lines: Vec<&str> = all.lines().collect();
    let case = |name: &str, body: &[u8], extra: &[&str], want: &str| {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        let mut args = vec!["train", s(&good.data), s(&path), "-o", s(&out)];
        args.extend_from_slice(extra);
        let o = run(&args, b"");
        assert_eq!(code(&o), 2, "{name}: {}", stderr(&o));
        let want = want.replace("FILE", s(&path));
        assert!(
            stderr(&o).contains(&want),
            "{name}: wanted {want:?} in {}",
            stderr(&o)
        );
        assert!(!out.exists(), "{name}: a model was written");
    };
    case(
        "malformed.jsonl",
        format!(
            "{}\n{}\n{{\"text\": \"坏行\", \"harm\": tru\n",
            lines[0], lines[1]
        )
        .as_bytes(),
        &[],
        "FILE:3: not a labelled post",
    );
    case(
        "unlabelled.jsonl",
        format!("{}\n\n{{\"text\": \"没有标签\"}}\n", lines[0]).as_bytes(),
        &[],
        "FILE:3: missing \"harm\"",
    );
    case(
        "category.jsonl",
        "{\"text\": \"某某\", \"harm\": true, \"cats\": [\"gamble\"]}\n".as_bytes(),
        &[],
        "FILE:1: unknown category \"gamble\"",
    );
    case(
        "long.jsonl",
        format!(
            "{}\n{{\"text\": \"{}\", \"harm\": false}}\n",
            lines[0],
            "长".repeat(100)
        )
        .as_bytes(),
        &["--max-post-bytes", "200"],
        "FILE:2: the post is 300 bytes, over the limit of 200",
    );
    case(
        "not-utf8.jsonl",
        b"{\"text\": \"a\", \"harm\": true}\n{\"text\": \"\xff\", \"harm\": true}\n",
        &[],
        "FILE:2: cannot read",
    );
    let o = run(&["train", "/nonexistent/posts.jsonl", "-o", s(&out)], b"");
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot open /nonexistent/posts.jsonl"));

    // Bad options are usage errors.
    let data = s(&good.data);
    for (args, want) in [
        (vec!["--ngrams", "0-3"], "--ngrams"),
        (vec!["--ngrams", "2-5"], "--ngrams"),
        (vec!["--ngrams", "x"], "--ngrams"),
        (vec!["--valid", "1.5"], "--valid"),
        (vec!["--max-clean-hold", "2"], "--max-clean-hold"),
        (vec!["--epochs", "0"], "--epochs"),
        (vec!["--max-grams", "0"], "--max-grams"),
        (vec!["--min-positives", "0"], "--min-positives"),
        (vec!["--threads", "0"], "--threads"),
        (vec!["--max-post-bytes", "0"], "--max-post-bytes"),
    ] {
        let mut all = vec!["train", data, "-o", s(&out)];
        all.extend_from_slice(&args);
        let o = run(&all, b"");
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
        assert!(!out.exists());
    }
    assert_eq!(code(&run(&["train", data], b"")), 2, "-o is required");
    // Only harmful posts: nothing to learn the difference from.
    let harmful = dir.join("harmful.jsonl");
    std::fs::write(
        &harmful,
        lines
            .iter()
            .step_by(2)
            .copied()
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let o = run(&["train", s(&harmful), "-o", s(&out)], b"");
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("harmful and clean"), "{}", stderr(&o));
    assert!(!out.exists());
}
