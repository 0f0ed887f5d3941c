//! Any bytes as a lexicon file, a word list and a policy file: each gives Ok or an error that
//! names its source and a line of the input, never a panic. A lexicon that loads must also
//! compile into an engine that screens its own source text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenhe::{Category, Engine, Input, Lexicon, Policy};

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    // Lines as the parsers count them: every '\n' ends one, a last line without it counts too.
    let lines = data.split(|&b| b == b'\n').count() - usize::from(data.ends_with(b"\n"));
    let located = |line: Option<usize>| {
        if let Some(line) = line {
            assert!(line >= 1 && line <= lines.max(1), "line {line} of {lines}");
        }
    };

    let mut builder = Lexicon::builder();
    match builder.add_reader("fuzz.txt", data) {
        Err(e) => {
            assert_eq!(e.source_name(), "fuzz.txt");
            assert!(e.line().is_some(), "a syntax error names its line: {e}");
            located(e.line());
            assert!(e.text().chars().count() <= 120);
            assert!(e.to_string().starts_with("fuzz.txt:"), "{e}");
        }
        Ok(b) => match b.build() {
            Err(e) => {
                located(e.line());
                assert!(e.to_string().starts_with("fuzz.txt"), "{e}");
            }
            Ok(lexicon) => {
                let engine = Engine::builder()
                    .lexicon(lexicon)
                    .build()
                    .expect("a lexicon that loads compiles");
                let text = String::from_utf8_lossy(data);
                let v = engine
                    .screen(Input::new(&text))
                    .expect("4 KiB is under the limit");
                for h in &v.hits {
                    assert_eq!(&text[h.start..h.end], h.matched);
                }
            }
        },
    }

    let mut words = Lexicon::builder();
    if let Err(e) = words.add_word_list("list.txt", data, Category::Gambling) {
        assert_eq!(e.source_name(), "list.txt");
        located(e.line());
    }

    if let Err(e) = Policy::parse("policy.txt", data) {
        assert_eq!(e.source_name(), "policy.txt");
        assert!(e.line().is_some(), "{e}");
        located(e.line());
    }
});
