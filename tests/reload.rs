//! Saving and loading a compiled engine; swapping engines while screening goes on.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use shenhe::{Decision, Engine, Lexicon, SharedEngine};

use crate::util::SHIPPED;

#[test]
fn a_saved_engine_loads_and_screens_the_same() {
    let bytes = SHIPPED.save();
    let loaded = Engine::load(&bytes).unwrap();
    assert_eq!(loaded.patterns_len(), SHIPPED.patterns_len());
    assert_eq!(loaded.terms_len(), SHIPPED.terms_len());
    for text in [
        "賭*博网站注册就送彩金",
        "今天召开全市经济工作会议,部署明年重点任务",
        "明天上午九点市政府门口集合不见不散",
        "依法轮流值班",
        "加微信约炮 同城上门",
    ] {
        assert_eq!(
            loaded.screen(text).unwrap(),
            SHIPPED.screen(text).unwrap(),
            "{text}"
        );
    }
    // Saving is deterministic.
    assert_eq!(loaded.save(), bytes);
}

#[test]
fn damaged_or_foreign_bytes_are_refused_with_a_reason() {
    let bytes = SHIPPED.save();
    let err = |b: &[u8]| Engine::load(b).unwrap_err().to_string();
    assert!(err(b"hello").contains("bad magic"));
    assert!(err(&bytes[..bytes.len() / 2]).contains("ends early"));
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x55;
    assert!(err(&flipped).contains("checksum"));
    let mut version = bytes.clone();
    version[16] = 99;
    assert!(err(&version).contains("format version 99"));
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(err(&longer).contains("trailing"));
}

#[test]
fn swapping_engines_while_threads_screen() {
    let old = Engine::builder()
        .lexicon(
            Lexicon::builder()
                .add_str("a", "甲乙丙丁\tporn\n")
                .unwrap()
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let new = Engine::builder()
        .lexicon(
            Lexicon::builder()
                .add_str("b", "戊己庚辛\tgambling\n")
                .unwrap()
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let shared = Arc::new(SharedEngine::new(old));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (shared, stop) = (shared.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut seen_new = false;
                while !stop.load(Ordering::Relaxed) || !seen_new {
                    let engine = shared.get();
                    let a = engine.screen("甲乙丙丁").unwrap();
                    let b = engine.screen("戊己庚辛").unwrap();
                    // One engine per post and per pair: never half old, half new.
                    let old_engine = a.verdict == Decision::Block && b.verdict == Decision::Pass;
                    let new_engine = a.verdict == Decision::Pass && b.verdict == Decision::Block;
                    assert!(old_engine || new_engine, "{a:?} {b:?}");
                    seen_new |= new_engine;
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let previous = shared.swap(new);
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(
        previous.screen("甲乙丙丁").unwrap().verdict,
        Decision::Block
    );
    assert_eq!(
        shared.get().screen("戊己庚辛").unwrap().verdict,
        Decision::Block
    );
}

#[test]
fn the_configuration_is_saved_with_the_engine() {
    let config = shenhe::Config::new()
        .max_post_bytes(1000)
        .long_post_chars(50)
        .allow_domain("example-city.org")
        .today(2024, 2, 29);
    let engine = Engine::builder()
        .lexicon(
            Lexicon::builder()
                .add_str("a", "甲乙丙丁\tporn\n")
                .unwrap()
                .build()
                .unwrap(),
        )
        .config(config.clone())
        .build()
        .unwrap();
    let loaded = Engine::load(&engine.save()).unwrap();
    assert_eq!(loaded.config(), &config);
    let long = "天气晴朗。".repeat(20);
    assert_eq!(
        loaded.screen(long.as_str()).unwrap(),
        engine.screen(long.as_str()).unwrap()
    );
    assert!(loaded.screen("长".repeat(400).as_str()).is_err());
}
