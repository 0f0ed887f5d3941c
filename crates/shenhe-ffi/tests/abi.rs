//! The C ABI, called from Rust: every verdict it gives is byte for byte the Rust API's, its
//! accessors agree with the `Verdict` fields, and its error paths write nothing.
//!
//! The C test (`bindings/c/test.c`) and the Python tests check the same from their side against
//! the output of `examples/verdicts.rs`.

#![allow(unsafe_code)] // Calls the C ABI.

use std::ffi::{CStr, c_char};
use std::path::PathBuf;
use std::ptr;

use shenhe_core::{Account, Action, Decision, Engine, Input, Lexicon, Policy, Verdict};
use shenhe_ffi::*;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bindings/testdata")
}

/// (id, account, text) of bindings/testdata/posts.tsv.
fn posts() -> Vec<(String, Account, String)> {
    std::fs::read_to_string(testdata().join("posts.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.splitn(3, '\t').collect();
            (f[0].to_string(), f[1].parse().unwrap(), f[2].to_string())
        })
        .collect()
}

fn rust_engine() -> Engine {
    let lexicon = Lexicon::builder()
        .add_dir(testdata().join("lexicon"))
        .unwrap()
        .build()
        .unwrap();
    Engine::builder()
        .lexicon(lexicon)
        .policy(Policy::from_file(testdata().join("policy.txt")).unwrap())
        .build()
        .unwrap()
}

fn c_account(a: Account) -> shenhe_account {
    match a {
        Account::Org => SHENHE_ACCOUNT_ORG,
        Account::Staff => SHENHE_ACCOUNT_STAFF,
        Account::Private => SHENHE_ACCOUNT_PRIVATE,
    }
}

fn last_error() -> String {
    // SAFETY: shenhe_last_error_message returns a NUL-terminated string that stays valid until
    // the next failing call on this thread; it is copied at once.
    unsafe { CStr::from_ptr(shenhe_last_error_message()) }
        .to_str()
        .unwrap()
        .to_string()
}

/// Owns an engine handle.
struct CEngine(*mut shenhe_engine);

impl Drop for CEngine {
    fn drop(&mut self) {
        // SAFETY: the handle came from the library and is freed once.
        unsafe { shenhe_engine_free(self.0) }
    }
}

/// Owns a verdict handle.
struct CVerdict(*mut shenhe_verdict);

impl Drop for CVerdict {
    fn drop(&mut self) {
        // SAFETY: the handle came from the library and is freed once.
        unsafe { shenhe_verdict_free(self.0) }
    }
}

/// Reads a borrowed (pointer, length) string and checks its NUL terminator.
fn borrowed(ptr: *const c_char, len: usize) -> String {
    assert!(!ptr.is_null());
    // SAFETY: the library returned `len` bytes of UTF-8 followed by a NUL, borrowed from a
    // verdict that outlives this call.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0, "strings are NUL-terminated");
    String::from_utf8(bytes[..len].to_vec()).unwrap()
}

impl CVerdict {
    fn json(&self) -> String {
        let (mut p, mut n) = (ptr::null(), 0);
        // SAFETY: a live verdict and two writable out-parameters.
        assert_eq!(
            unsafe { shenhe_verdict_json(self.0, &mut p, &mut n) },
            shenhe_result::Ok
        );
        borrowed(p, n)
    }
}

fn ffi_engine_from_testdata() -> CEngine {
    let dir = testdata().join("lexicon");
    let policy = testdata().join("policy.txt");
    let (dir, policy) = (dir.to_str().unwrap(), policy.to_str().unwrap());
    let mut b = ptr::null_mut();
    let mut e = ptr::null_mut();
    // SAFETY: out-parameters are writable; paths are valid for their lengths; the builder is
    // used by this thread only and freed once.
    unsafe {
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        assert_eq!(
            shenhe_engine_builder_add_lexicon_dir(b, dir.as_ptr(), dir.len()),
            shenhe_result::Ok
        );
        assert_eq!(
            shenhe_engine_builder_set_policy_file(b, policy.as_ptr(), policy.len()),
            shenhe_result::Ok
        );
        assert_eq!(shenhe_engine_builder_build(b, &mut e), shenhe_result::Ok);
        shenhe_engine_builder_free(b);
    }
    CEngine(e)
}

fn screen(
    engine: &CEngine,
    text: &str,
    account: shenhe_account,
) -> Result<CVerdict, shenhe_result> {
    let mut v = ptr::null_mut();
    // SAFETY: a live engine, `text` valid for its length, a writable out-parameter.
    let r = unsafe { shenhe_engine_screen(engine.0, text.as_ptr(), text.len(), account, &mut v) };
    if r == shenhe_result::Ok {
        Ok(CVerdict(v))
    } else {
        assert!(v.is_null(), "nothing is written on failure");
        Err(r)
    }
}

fn screen_with_id(engine: &CEngine, text: &str, account: shenhe_account, id: &str) -> CVerdict {
    let mut v = ptr::null_mut();
    // SAFETY: a live engine, `text` and `id` valid for their lengths, a writable out-parameter.
    let r = unsafe {
        shenhe_engine_screen_with_id(
            engine.0,
            text.as_ptr(),
            text.len(),
            account,
            id.as_ptr(),
            id.len(),
            &mut v,
        )
    };
    assert_eq!(r, shenhe_result::Ok, "{}", last_error());
    CVerdict(v)
}

#[test]
fn c_abi_json_is_byte_identical_to_the_rust_api() {
    let rust = rust_engine();
    let c = ffi_engine_from_testdata();
    let posts = posts();
    assert!(posts.len() >= 10);
    let mut held = 0;
    for (id, account, text) in &posts {
        let expected = rust
            .screen(Input::new(text).account(*account).id(id))
            .unwrap();
        held += usize::from(!expected.is_pass());
        let got = screen_with_id(&c, text, c_account(*account), id);
        assert_eq!(got.json(), expected.to_json(), "post {id}");
        check_accessors(&got, &expected);
    }
    assert!(held >= 5, "the test posts exercise the lexicon");
}

#[test]
fn shipped_engine_matches_the_rust_api() {
    let mut e = ptr::null_mut();
    // SAFETY: a writable out-parameter.
    assert_eq!(unsafe { shenhe_engine_new(&mut e) }, shenhe_result::Ok);
    let c = CEngine(e);
    let rust = Engine::new().unwrap();
    for text in [
        "网络赌场注册送彩金",
        "今天召开全市经济工作会议,部署明年重点任务",
        "联系人张女士,手机 138-1234-5678,身份证号110101199003071233",
        "严厉打击网络赌博违法犯罪活动",
    ] {
        for account in Account::ALL {
            let expected = rust.screen(Input::new(text).account(account)).unwrap();
            let got = screen(&c, text, c_account(account)).unwrap();
            assert_eq!(got.json(), expected.to_json(), "{text} ({account})");
            check_accessors(&got, &expected);
        }
    }
    let v = screen(&c, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG).unwrap();
    assert!(
        v.json()
            .starts_with(r#"{"verdict":"block","account":"org","categories":["gambling""#),
        "{}",
        v.json()
    );
}

/// Every accessor agrees with the Rust verdict, and indexes past the end are OUT_OF_RANGE.
fn check_accessors(v: &CVerdict, expected: &Verdict) {
    let mut decision = shenhe_decision::Pass;
    let mut account = 99;
    // SAFETY: a live verdict and writable out-parameters.
    unsafe {
        assert_eq!(
            shenhe_verdict_decision(v.0, &mut decision),
            shenhe_result::Ok
        );
        assert_eq!(shenhe_verdict_account(v.0, &mut account), shenhe_result::Ok);
    }
    let want = match expected.verdict {
        Decision::Pass => shenhe_decision::Pass,
        Decision::Review => shenhe_decision::Review,
        Decision::Block => shenhe_decision::Block,
    };
    assert_eq!(decision, want);
    assert_eq!(account, c_account(expected.account));

    let (mut p, mut n) = (ptr::null(), 0usize);
    // SAFETY: as above.
    unsafe {
        assert_eq!(shenhe_verdict_id(v.0, &mut p, &mut n), shenhe_result::Ok);
        match &expected.id {
            Some(id) => assert_eq!(&borrowed(p, n), id),
            None => assert!(p.is_null() && n == 0),
        }
        assert_eq!(
            shenhe_verdict_categories_len(v.0),
            expected.categories.len()
        );
        for (i, c) in expected.categories.iter().enumerate() {
            assert_eq!(
                shenhe_verdict_category(v.0, i, &mut p, &mut n),
                shenhe_result::Ok
            );
            assert_eq!(borrowed(p, n), c.id());
        }
        let past = expected.categories.len();
        let (before_p, before_n) = (p, n);
        assert_eq!(
            shenhe_verdict_category(v.0, past, &mut p, &mut n),
            shenhe_result::OutOfRange
        );
        assert_eq!((p, n), (before_p, before_n), "nothing written on failure");
        assert!(last_error().contains("out of range"), "{}", last_error());

        assert_eq!(shenhe_verdict_hits_len(v.0), expected.hits.len());
        for (i, hit) in expected.hits.iter().enumerate() {
            let text_field = |f: unsafe extern "C" fn(
                *const shenhe_verdict,
                usize,
                *mut *const c_char,
                *mut usize,
            ) -> shenhe_result| {
                let (mut p, mut n) = (ptr::null(), 0usize);
                assert_eq!(f(v.0, i, &mut p, &mut n), shenhe_result::Ok);
                // The length is optional: the same pointer comes back without it.
                let mut q = ptr::null();
                assert_eq!(f(v.0, i, &mut q, ptr::null_mut()), shenhe_result::Ok);
                assert_eq!(p, q);
                borrowed(p, n)
            };
            assert_eq!(text_field(shenhe_verdict_hit_category), hit.category.id());
            assert_eq!(text_field(shenhe_verdict_hit_clause), hit.clause);
            assert_eq!(text_field(shenhe_verdict_hit_term), &*hit.term);
            assert_eq!(text_field(shenhe_verdict_hit_matched), hit.matched);
            assert_eq!(text_field(shenhe_verdict_hit_reason), hit.reason);
            let mut action = shenhe_action::Note;
            assert_eq!(
                shenhe_verdict_hit_action(v.0, i, &mut action),
                shenhe_result::Ok
            );
            let want = match hit.action {
                Action::Note => shenhe_action::Note,
                Action::Review => shenhe_action::Review,
                Action::Block => shenhe_action::Block,
            };
            assert_eq!(action, want);
            let (mut s, mut e) = (0usize, 0usize);
            assert_eq!(
                shenhe_verdict_hit_span(v.0, i, &mut s, &mut e),
                shenhe_result::Ok
            );
            assert_eq!((s, e), (hit.start, hit.end));
            assert_eq!(
                shenhe_verdict_hit_char_span(v.0, i, &mut s, &mut e),
                shenhe_result::Ok
            );
            assert_eq!((s, e), (hit.char_start, hit.char_end));
        }
        let past = expected.hits.len();
        let (mut s, mut e) = (7usize, 7usize);
        assert_eq!(
            shenhe_verdict_hit_span(v.0, past, &mut s, &mut e),
            shenhe_result::OutOfRange
        );
        assert_eq!((s, e), (7, 7));
    }
}

#[test]
fn batch_is_in_input_order_and_equals_one_by_one() {
    let c = ffi_engine_from_testdata();
    let posts = posts();
    // Many copies, so that rayon really splits the work.
    let all: Vec<&(String, Account, String)> =
        posts.iter().cycle().take(posts.len() * 40).collect();
    let texts: Vec<*const u8> = all.iter().map(|p| p.2.as_ptr()).collect();
    let lens: Vec<usize> = all.iter().map(|p| p.2.len()).collect();
    let accounts: Vec<shenhe_account> = all.iter().map(|p| c_account(p.1)).collect();
    let mut out = vec![ptr::null_mut(); all.len()];
    // SAFETY: arrays of `all.len()` elements; the texts outlive the call.
    let r = unsafe {
        shenhe_engine_screen_batch(
            c.0,
            texts.as_ptr(),
            lens.as_ptr(),
            accounts.as_ptr(),
            all.len(),
            out.as_mut_ptr(),
            ptr::null_mut(),
        )
    };
    assert_eq!(r, shenhe_result::Ok, "{}", last_error());
    let verdicts: Vec<CVerdict> = out.into_iter().map(CVerdict).collect();
    for (p, v) in all.iter().zip(&verdicts) {
        assert_eq!(v.json(), screen(&c, &p.2, c_account(p.1)).unwrap().json());
    }

    // NULL accounts: all org.
    let mut out = vec![ptr::null_mut(); all.len()];
    // SAFETY: as above.
    let r = unsafe {
        shenhe_engine_screen_batch(
            c.0,
            texts.as_ptr(),
            lens.as_ptr(),
            ptr::null(),
            all.len(),
            out.as_mut_ptr(),
            ptr::null_mut(),
        )
    };
    assert_eq!(r, shenhe_result::Ok);
    for (p, v) in all.iter().zip(out.into_iter().map(CVerdict)) {
        assert_eq!(
            v.json(),
            screen(&c, &p.2, SHENHE_ACCOUNT_ORG).unwrap().json()
        );
    }
}

#[test]
fn batch_failures_are_all_or_nothing_or_per_post() {
    let c = ffi_engine_from_testdata();
    let good = "网络赌场";
    let bad = [0xe7u8, 0xbd]; // a truncated UTF-8 sequence
    let texts = [good.as_ptr(), bad.as_ptr(), ptr::null(), good.as_ptr()];
    let lens = [good.len(), bad.len(), 0, good.len()];
    let accounts = [0, 0, 0, 9];
    let sentinel = ptr::dangling_mut::<shenhe_verdict>();
    let mut out = [sentinel; 4];

    // Without results_out: the first bad post fails the call, nothing is written.
    // SAFETY: arrays of 4 elements; every non-NULL text is valid for its length.
    let r = unsafe {
        shenhe_engine_screen_batch(
            c.0,
            texts.as_ptr(),
            lens.as_ptr(),
            accounts.as_ptr(),
            4,
            out.as_mut_ptr(),
            ptr::null_mut(),
        )
    };
    assert_eq!(r, shenhe_result::InvalidUtf8);
    assert!(last_error().starts_with("post 1: "), "{}", last_error());
    assert!(out.iter().all(|p| *p == sentinel));

    // With results_out: every post gets its own code, bad ones a NULL verdict.
    let mut results = [shenhe_result::Panic; 4];
    // SAFETY: as above.
    let r = unsafe {
        shenhe_engine_screen_batch(
            c.0,
            texts.as_ptr(),
            lens.as_ptr(),
            accounts.as_ptr(),
            4,
            out.as_mut_ptr(),
            results.as_mut_ptr(),
        )
    };
    assert_eq!(r, shenhe_result::Ok);
    assert_eq!(
        results,
        [
            shenhe_result::Ok,
            shenhe_result::InvalidUtf8,
            shenhe_result::NullParameter,
            shenhe_result::InvalidArgument
        ]
    );
    assert!(last_error().starts_with("post 1: "), "{}", last_error());
    assert!(out[1].is_null() && out[2].is_null() && out[3].is_null());
    let first = CVerdict(out[0]);
    assert!(first.json().contains(r#""verdict":"block""#));

    // NULL arrays fail the whole call.
    // SAFETY: NULL arrays are checked before use.
    let r = unsafe {
        shenhe_engine_screen_batch(
            c.0,
            ptr::null(),
            lens.as_ptr(),
            ptr::null(),
            4,
            out.as_mut_ptr(),
            ptr::null_mut(),
        )
    };
    assert_eq!(r, shenhe_result::NullParameter);
    assert_eq!(last_error(), "texts is NULL");
}

#[test]
fn errors_write_nothing_and_say_why() {
    let c = ffi_engine_from_testdata();
    let sentinel = ptr::dangling_mut::<shenhe_verdict>();
    let mut v = sentinel;
    let text = "网络赌场";
    // SAFETY: every non-NULL pointer is valid; NULLs are what is under test.
    unsafe {
        assert_eq!(
            shenhe_engine_screen(ptr::null(), text.as_ptr(), text.len(), 0, &mut v),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine is NULL");
        assert_eq!(
            shenhe_engine_screen(c.0, ptr::null(), 0, 0, &mut v),
            shenhe_result::NullParameter
        );
        assert_eq!(
            shenhe_engine_screen(c.0, text.as_ptr(), text.len(), 0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "verdict_out is NULL");
        let bad = b"abc\xff";
        assert_eq!(
            shenhe_engine_screen(c.0, bad.as_ptr(), bad.len(), 0, &mut v),
            shenhe_result::InvalidUtf8
        );
        assert_eq!(
            last_error(),
            "text is not valid UTF-8: invalid byte 3 (0-based)"
        );
        assert_eq!(
            shenhe_engine_screen(c.0, text.as_ptr(), text.len(), 3, &mut v),
            shenhe_result::InvalidArgument
        );
        assert!(
            last_error().starts_with("account 3 is not"),
            "{}",
            last_error()
        );
        assert_eq!(v, sentinel, "nothing written on failure");

        // Builders: bad lexicons and policies are named, and leave the builder as it was.
        let mut b = ptr::null_mut();
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        let (name, lex) = ("mine.txt", "赌场\tgamble\n");
        assert_eq!(
            shenhe_engine_builder_add_lexicon_text(
                b,
                name.as_ptr(),
                name.len(),
                lex.as_ptr(),
                lex.len()
            ),
            shenhe_result::LexiconError
        );
        assert!(
            last_error().starts_with("mine.txt:1: unknown category \"gamble\""),
            "{}",
            last_error()
        );
        let missing = "/nonexistent/lexicons";
        assert_eq!(
            shenhe_engine_builder_add_lexicon_dir(b, missing.as_ptr(), missing.len()),
            shenhe_result::LexiconError
        );
        assert!(last_error().starts_with(missing), "{}", last_error());
        let pol = "org gambling maybe\n";
        assert_eq!(
            shenhe_engine_builder_set_policy_text(
                b,
                name.as_ptr(),
                name.len(),
                pol.as_ptr(),
                pol.len()
            ),
            shenhe_result::PolicyError
        );
        assert!(last_error().starts_with("mine.txt:1: "), "{}", last_error());
        let lex = "测试词\tgambling\n";
        assert_eq!(
            shenhe_engine_builder_add_lexicon_text(
                b,
                name.as_ptr(),
                name.len(),
                lex.as_ptr(),
                lex.len()
            ),
            shenhe_result::Ok
        );
        let mut e = ptr::null_mut();
        assert_eq!(shenhe_engine_builder_build(b, &mut e), shenhe_result::Ok);
        shenhe_engine_builder_free(b);
        let e = CEngine(e);
        let v = screen(&e, "一个测试词", SHENHE_ACCOUNT_ORG).unwrap();
        assert_eq!(shenhe_verdict_hits_len(v.0), 1, "{}", v.json());

        // An undefined set is found when the engine is built.
        let mut b = ptr::null_mut();
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        let lex = "测试词\tgambling\tneed=$没有的集合\n";
        assert_eq!(
            shenhe_engine_builder_add_lexicon_text(
                b,
                name.as_ptr(),
                name.len(),
                lex.as_ptr(),
                lex.len()
            ),
            shenhe_result::Ok
        );
        let mut e = ptr::null_mut();
        assert_eq!(
            shenhe_engine_builder_build(b, &mut e),
            shenhe_result::LexiconError
        );
        assert!(e.is_null());
        assert!(last_error().contains("没有的集合"), "{}", last_error());
        shenhe_engine_builder_free(b);

        // Every _free accepts NULL.
        shenhe_engine_free(ptr::null_mut());
        shenhe_engine_builder_free(ptr::null_mut());
        shenhe_verdict_free(ptr::null_mut());
        shenhe_string_free(ptr::null_mut());
        assert_eq!(shenhe_verdict_hits_len(ptr::null()), 0);
        assert!(shenhe_string_ptr(ptr::null()).is_null());
    }
}

#[test]
fn over_long_posts_are_refused_before_they_are_read() {
    let mut b = ptr::null_mut();
    let mut e = ptr::null_mut();
    // SAFETY: writable out-parameters; the builder is freed once.
    unsafe {
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        assert_eq!(
            shenhe_engine_builder_set_max_post_bytes(b, 12),
            shenhe_result::Ok
        );
        assert_eq!(shenhe_engine_builder_build(b, &mut e), shenhe_result::Ok);
        shenhe_engine_builder_free(b);
    }
    let e = CEngine(e);
    // SAFETY: a live engine.
    assert_eq!(unsafe { shenhe_engine_max_post_bytes(e.0) }, 12);
    assert!(screen(&e, "网络赌场", 0).is_ok(), "exactly at the limit");
    assert_eq!(
        screen(&e, "网络赌场!", 0).err(),
        Some(shenhe_result::PostTooLong)
    );
    assert_eq!(
        last_error(),
        "post of 13 bytes exceeds the limit of 12 bytes"
    );
    let mut s = ptr::null_mut();
    let text = "手机13812345678";
    // SAFETY: a live engine, `text` valid for its length, a writable out-parameter.
    let r = unsafe { shenhe_engine_redact(e.0, text.as_ptr(), text.len(), &mut s) };
    assert_eq!(r, shenhe_result::PostTooLong);
    assert!(s.is_null());
}

#[test]
fn redact_returns_an_owned_string() {
    let mut e = ptr::null_mut();
    // SAFETY: a writable out-parameter.
    assert_eq!(unsafe { shenhe_engine_new(&mut e) }, shenhe_result::Ok);
    let e = CEngine(e);
    let text = "联系人张女士,手机 138-1234-5678";
    let mut s = ptr::null_mut();
    // SAFETY: a live engine, `text` valid for its length, a writable out-parameter; the string
    // is read within its lifetime and freed once.
    unsafe {
        assert_eq!(
            shenhe_engine_redact(e.0, text.as_ptr(), text.len(), &mut s),
            shenhe_result::Ok
        );
        let got = borrowed(shenhe_string_ptr(s), shenhe_string_len(s));
        assert_eq!(got, Engine::new().unwrap().redact(text).unwrap());
        assert_eq!(got, "联系人张女士,手机 138-****-5678");
        shenhe_string_free(s);
    }
}

#[test]
fn account_ids_parse() {
    let mut a = 77;
    // SAFETY: valid strings and a writable out-parameter.
    unsafe {
        assert_eq!(
            shenhe_account_parse(b"staff".as_ptr(), 5, &mut a),
            shenhe_result::Ok
        );
        assert_eq!(a, SHENHE_ACCOUNT_STAFF);
        assert_eq!(
            shenhe_account_parse(b"public".as_ptr(), 6, &mut a),
            shenhe_result::InvalidArgument
        );
        assert_eq!(a, SHENHE_ACCOUNT_STAFF);
        assert!(last_error().contains("\"public\""), "{}", last_error());
    }
}
