//! The C ABI (crates/shenhe-ffi) with fuzzed lexicon, policy, limit, texts and accounts: no
//! call reports a panic (`SHENHE_RESULT_PANIC`) or crashes; a verdict through C is byte for byte
//! the Rust API's; spans slice the text to `matched`; out-of-range indexes and NULL pointers are
//! errors; a batch gives per post what one-by-one screening gives.
#![no_main]

use std::ffi::{CStr, c_char};
use std::ptr;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shenhe_ffi::*;

#[derive(Arbitrary, Debug)]
struct Case {
    /// 0: add the shipped lexicons (slow to build: about one input in 256).
    shipped: u8,
    lexicon: Vec<u8>,
    policy: Option<Vec<u8>>,
    max_post_bytes: Option<u16>,
    posts: Vec<(Vec<u8>, u32)>,
    id: Option<Vec<u8>>,
}

fn ok(r: shenhe_result) -> bool {
    assert_ne!(r, shenhe_result::Panic, "panic: {}", last_error());
    r == shenhe_result::Ok
}

fn last_error() -> String {
    let p = shenhe_last_error_message();
    if p.is_null() {
        return String::new();
    }
    // SAFETY: a non-NULL message is a NUL-terminated string owned by this thread.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// A borrowed (pointer, length) string as bytes.
unsafe fn bytes<'a>(p: *const c_char, len: usize) -> &'a [u8] {
    assert!(!p.is_null());
    // SAFETY: the library hands out `len` readable bytes at `p`, NUL-terminated.
    let b = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len + 1) };
    assert_eq!(b[len], 0, "NUL-terminated");
    &b[..len]
}

fuzz_target!(|case: Case| {
    if case.lexicon.len() > 2048 || case.posts.len() > 8 {
        return;
    }
    if case.posts.iter().any(|(t, _)| t.len() > 1024) {
        return;
    }
    // SAFETY: every pointer below is either NULL on purpose or points to live memory of the
    // length passed with it; every object is freed once.
    unsafe {
        let mut builder = ptr::null_mut();
        assert!(ok(shenhe_engine_builder_new(
            case.shipped == 0,
            &mut builder
        )));
        let r = shenhe_engine_builder_add_lexicon_text(
            builder,
            b"fuzz.txt".as_ptr(),
            8,
            case.lexicon.as_ptr(),
            case.lexicon.len(),
        );
        if !ok(r) {
            assert!(matches!(
                r,
                shenhe_result::LexiconError | shenhe_result::InvalidUtf8
            ));
            assert!(!last_error().is_empty());
        }
        if let Some(policy) = &case.policy {
            let r = shenhe_engine_builder_set_policy_text(
                builder,
                b"p.txt".as_ptr(),
                5,
                policy.as_ptr(),
                policy.len(),
            );
            if !ok(r) {
                assert!(matches!(
                    r,
                    shenhe_result::PolicyError | shenhe_result::InvalidUtf8
                ));
            }
        }
        if let Some(max) = case.max_post_bytes {
            assert!(ok(shenhe_engine_builder_set_max_post_bytes(
                builder,
                usize::from(max)
            )));
        }
        let mut engine = ptr::null_mut();
        let r = shenhe_engine_builder_build(builder, &mut engine);
        shenhe_engine_builder_free(builder);
        if !ok(r) {
            assert!(engine.is_null());
            return;
        }
        let max = shenhe_engine_max_post_bytes(engine);

        let mut singles = Vec::new();
        for (text, account) in &case.posts {
            let account = account % 4; // 3 is not an account
            let mut v = ptr::null_mut();
            let r = match &case.id {
                Some(id) => shenhe_engine_screen_with_id(
                    engine,
                    text.as_ptr(),
                    text.len(),
                    account,
                    id.as_ptr(),
                    id.len(),
                    &mut v,
                ),
                None => shenhe_engine_screen(engine, text.as_ptr(), text.len(), account, &mut v),
            };
            let utf8 = std::str::from_utf8(text).ok();
            let id_ok = case
                .id
                .as_ref()
                .is_none_or(|id| std::str::from_utf8(id).is_ok());
            let should = account < 3 && utf8.is_some() && id_ok && text.len() <= max;
            assert_eq!(ok(r), should, "{r:?}: {}", last_error());
            if !ok(r) {
                assert!(v.is_null());
                singles.push(None);
                continue;
            }
            check_verdict(v, utf8.unwrap());
            let mut json = ptr::null();
            let mut len = 0;
            assert!(ok(shenhe_verdict_json(v, &mut json, &mut len)));
            singles.push(Some(bytes(json, len).to_vec()));
            shenhe_verdict_free(v);

            let mut red = ptr::null_mut();
            assert!(ok(shenhe_engine_redact(
                engine,
                text.as_ptr(),
                text.len(),
                &mut red
            )));
            let s = bytes(shenhe_string_ptr(red), shenhe_string_len(red));
            assert!(std::str::from_utf8(s).is_ok());
            shenhe_string_free(red);
        }

        // The same posts as one batch, each post failing alone.
        let n = case.posts.len();
        let texts: Vec<*const u8> = case.posts.iter().map(|(t, _)| t.as_ptr()).collect();
        let lens: Vec<usize> = case.posts.iter().map(|(t, _)| t.len()).collect();
        let accounts: Vec<u32> = case.posts.iter().map(|(_, a)| a % 4).collect();
        let mut verdicts = vec![ptr::null_mut(); n];
        let mut results = vec![shenhe_result::Ok; n];
        let r = shenhe_engine_screen_batch(
            engine,
            texts.as_ptr(),
            lens.as_ptr(),
            accounts.as_ptr(),
            n,
            verdicts.as_mut_ptr(),
            results.as_mut_ptr(),
        );
        assert!(ok(r));
        for i in 0..n {
            assert_ne!(results[i], shenhe_result::Panic);
            if case.id.is_some() {
                // Batch posts carry no id: compare outcomes only.
                assert_eq!(results[i] == shenhe_result::Ok, singles[i].is_some());
            } else {
                match &singles[i] {
                    None => assert!(verdicts[i].is_null()),
                    Some(single) => {
                        let mut json = ptr::null();
                        let mut len = 0;
                        assert!(ok(shenhe_verdict_json(verdicts[i], &mut json, &mut len)));
                        assert_eq!(bytes(json, len), &single[..]);
                    }
                }
            }
            shenhe_verdict_free(verdicts[i]);
        }

        // NULL where a pointer is required is an error, never a crash.
        let mut v = ptr::null_mut();
        assert_eq!(
            shenhe_engine_screen(engine, ptr::null(), 1, 0, &mut v),
            shenhe_result::NullParameter
        );
        assert_eq!(
            shenhe_engine_screen(ptr::null(), b"x".as_ptr(), 1, 0, &mut v),
            shenhe_result::NullParameter
        );
        shenhe_engine_free(engine);
    }
});

/// The hits read through C agree with the text.
unsafe fn check_verdict(v: *const shenhe_verdict, text: &str) {
    unsafe {
        let hits = shenhe_verdict_hits_len(v);
        for i in 0..=hits {
            let (mut s, mut e) = (0, 0);
            let r = shenhe_verdict_hit_span(v, i, &mut s, &mut e);
            if i == hits {
                assert_eq!(r, shenhe_result::OutOfRange);
                continue;
            }
            assert!(ok(r));
            let mut m = ptr::null();
            let mut len = 0;
            assert!(ok(shenhe_verdict_hit_matched(v, i, &mut m, &mut len)));
            assert_eq!(bytes(m, len), text.as_bytes()[s..e].as_ref());
            let (mut cs, mut ce) = (0, 0);
            assert!(ok(shenhe_verdict_hit_char_span(v, i, &mut cs, &mut ce)));
            assert_eq!(text[..s].chars().count(), cs);
            assert_eq!(text[..e].chars().count(), ce);
        }
        let cats = shenhe_verdict_categories_len(v);
        let mut c = ptr::null();
        assert_eq!(
            shenhe_verdict_category(v, cats, &mut c, ptr::null_mut()),
            shenhe_result::OutOfRange
        );
    }
}
