//! The C ABI, called from Rust: every verdict it gives is byte for byte the Rust API's, its
//! accessors agree with the `Verdict` fields, and its error paths write nothing.
//!
//! The C test (`bindings/c/test.c`) and the Python tests check the same from their side against
//! the output of `examples/verdicts.rs`.

#![allow(unsafe_code)] // Calls the C ABI.

use std::ffi::{CStr, c_char};
use std::path::PathBuf;
use std::ptr;

use shenhe_core::{
    Account, Action, Decision, Engine, Input, Lexicon, Model, Policy, Risk, Verdict,
};
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
fn screen_with_a_null_id_is_screen() {
    let c = ffi_engine_from_testdata();
    let text = "网络赌场注册送彩金";
    let with_id = |id: *const u8, id_len: usize| {
        let mut v = ptr::null_mut();
        // SAFETY: a live engine, `text` valid for its length, `id` NULL or valid for `id_len`, a
        // writable out-parameter.
        let r = unsafe {
            shenhe_engine_screen_with_id(
                c.0,
                text.as_ptr(),
                text.len(),
                SHENHE_ACCOUNT_ORG,
                id,
                id_len,
                &mut v,
            )
        };
        if r == shenhe_result::Ok {
            Ok(CVerdict(v))
        } else {
            assert!(v.is_null(), "nothing is written on failure");
            Err(r)
        }
    };
    let none = with_id(ptr::null(), 0).unwrap();
    let plain = screen(&c, text, SHENHE_ACCOUNT_ORG).unwrap();
    assert_eq!(none.json(), plain.json());
    assert!(!none.json().contains("\"id\""));
    assert_eq!(
        with_id(ptr::null(), 3).err(),
        Some(shenhe_result::InvalidArgument)
    );
    assert_eq!(
        last_error(),
        "id is NULL but id_len is 3: pass NULL and 0 for no id"
    );
    // An empty id is an id.
    let empty = with_id("".as_ptr(), 0).unwrap();
    assert!(empty.json().contains("\"id\":\"\""), "{}", empty.json());
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
    // Past the limit of hits per term (100), the rest are counted.
    let many = "网络赌场".repeat(150);
    let v = screen(&c, &many, SHENHE_ACCOUNT_ORG).unwrap();
    let expected = rust.screen(many.as_str()).unwrap();
    assert!(expected.hits_omitted > 0);
    // SAFETY: a live verdict, and NULL.
    unsafe {
        assert_eq!(shenhe_verdict_hits_omitted(v.0), expected.hits_omitted);
        assert_eq!(shenhe_verdict_hits_omitted(ptr::null()), 0);
    }
    assert_eq!(v.json(), expected.to_json());
    check_accessors(&v, &expected);
    let v = screen(&c, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG).unwrap();
    // SAFETY: a live verdict.
    assert_eq!(unsafe { shenhe_verdict_hits_omitted(v.0) }, 0);
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
    check_summary(v, expected);

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
            let mut score = 7.0;
            assert_eq!(
                shenhe_verdict_hit_score(v.0, i, &mut score),
                shenhe_result::Ok
            );
            assert_eq!(score, hit.score.unwrap_or(SHENHE_NO_SCORE));
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

/// Every per-hit accessor checks and fails alike (one macro writes their bodies): a NULL
/// verdict or required out-parameter is NULL_PARAMETER naming it, an index past the last hit is
/// OUT_OF_RANGE, and nothing is written on failure.
#[test]
fn every_hit_accessor_checks_nulls_and_the_index_alike() {
    let c = ffi_engine_from_testdata();
    let v = screen(&c, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG).unwrap();
    // SAFETY: a live verdict.
    let len = unsafe { shenhe_verdict_hits_len(v.0) };
    assert!(len > 0);
    let range_message = format!("hit index {len} is out of range (the verdict has {len})");
    type TextFn = unsafe extern "C" fn(
        *const shenhe_verdict,
        usize,
        *mut *const c_char,
        *mut usize,
    ) -> shenhe_result;
    let text_fns: [(TextFn, &str); 5] = [
        (shenhe_verdict_hit_category, "category_out"),
        (shenhe_verdict_hit_clause, "clause_out"),
        (shenhe_verdict_hit_term, "term_out"),
        (shenhe_verdict_hit_matched, "matched_out"),
        (shenhe_verdict_hit_reason, "reason_out"),
    ];
    let sentinel = c"sentinel".as_ptr();
    for (f, out_name) in text_fns {
        let (mut p, mut n) = (sentinel, 99usize);
        // SAFETY: NULL or a live verdict; writable out-parameters or NULL.
        unsafe {
            assert_eq!(
                f(ptr::null(), 0, &mut p, &mut n),
                shenhe_result::NullParameter
            );
            assert_eq!(last_error(), "verdict is NULL");
            assert_eq!(
                f(v.0, 0, ptr::null_mut(), &mut n),
                shenhe_result::NullParameter
            );
            assert_eq!(last_error(), format!("{out_name} is NULL"));
            assert_eq!(f(v.0, len, &mut p, &mut n), shenhe_result::OutOfRange);
            assert_eq!(last_error(), range_message);
            assert_eq!((p, n), (sentinel, 99), "nothing written on failure");
            assert_eq!(f(v.0, len - 1, &mut p, ptr::null_mut()), shenhe_result::Ok);
            assert_ne!(p, sentinel);
        }
    }
    type SpanFn =
        unsafe extern "C" fn(*const shenhe_verdict, usize, *mut usize, *mut usize) -> shenhe_result;
    for f in [
        shenhe_verdict_hit_span as SpanFn,
        shenhe_verdict_hit_char_span,
    ] {
        let (mut s, mut e) = (7usize, 7usize);
        // SAFETY: as above.
        unsafe {
            assert_eq!(
                f(ptr::null(), 0, &mut s, &mut e),
                shenhe_result::NullParameter
            );
            assert_eq!(
                f(v.0, 0, ptr::null_mut(), &mut e),
                shenhe_result::NullParameter
            );
            assert_eq!(last_error(), "start_out is NULL");
            assert_eq!(
                f(v.0, 0, &mut s, ptr::null_mut()),
                shenhe_result::NullParameter
            );
            assert_eq!(last_error(), "end_out is NULL");
            assert_eq!(f(v.0, len, &mut s, &mut e), shenhe_result::OutOfRange);
            assert_eq!(last_error(), range_message);
            assert_eq!((s, e), (7, 7), "nothing written on failure");
        }
    }
    let mut action = shenhe_action::Note;
    let mut score = 7.0;
    // SAFETY: as above.
    unsafe {
        assert_eq!(
            shenhe_verdict_hit_action(ptr::null(), 0, &mut action),
            shenhe_result::NullParameter
        );
        assert_eq!(
            shenhe_verdict_hit_action(v.0, 0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "action_out is NULL");
        assert_eq!(
            shenhe_verdict_hit_action(v.0, len, &mut action),
            shenhe_result::OutOfRange
        );
        assert_eq!(last_error(), range_message);
        assert_eq!(action, shenhe_action::Note);
        assert_eq!(
            shenhe_verdict_hit_score(v.0, 0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "score_out is NULL");
        assert_eq!(
            shenhe_verdict_hit_score(v.0, len, &mut score),
            shenhe_result::OutOfRange
        );
        assert_eq!(score, 7.0);
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
fn screen_redacted_writes_both_or_neither() {
    let mut e = ptr::null_mut();
    // SAFETY: a writable out-parameter.
    assert_eq!(unsafe { shenhe_engine_new(&mut e) }, shenhe_result::Ok);
    let e = CEngine(e);
    let text = "失主张女士手机13812345678,身份证号110101199003071233";
    let (mut v, mut s) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: a live engine, `text` valid for its length, no id, writable out-parameters; the
    // results are read within their lifetimes and freed once.
    unsafe {
        assert_eq!(
            shenhe_engine_screen_redacted(
                e.0,
                text.as_ptr(),
                text.len(),
                SHENHE_ACCOUNT_ORG,
                ptr::null(),
                0,
                &mut v,
                &mut s
            ),
            shenhe_result::Ok
        );
        let engine = Engine::new().unwrap();
        let got = borrowed(shenhe_string_ptr(s), shenhe_string_len(s));
        assert_eq!(got, engine.redact(text).unwrap());
        let mut json = ptr::null();
        let mut len = 0;
        assert_eq!(
            shenhe_verdict_json(v, &mut json, &mut len),
            shenhe_result::Ok
        );
        assert_eq!(borrowed(json, len), engine.screen(text).unwrap().to_json());
        shenhe_string_free(s);
        shenhe_verdict_free(v);
    }
    // Over the limit: an error, and neither output written.
    let long = "1".repeat(shenhe_core::DEFAULT_MAX_POST_BYTES + 1);
    let (mut v, mut s) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: as above.
    let r = unsafe {
        shenhe_engine_screen_redacted(
            e.0,
            long.as_ptr(),
            long.len(),
            SHENHE_ACCOUNT_ORG,
            ptr::null(),
            0,
            &mut v,
            &mut s,
        )
    };
    assert_eq!(r, shenhe_result::PostTooLong);
    assert!(v.is_null() && s.is_null());
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

/// The summary accessors (score, risk, label) agree with the Rust verdict.
fn check_summary(v: &CVerdict, expected: &Verdict) {
    let want_risk = match expected.risk {
        Risk::None => shenhe_risk::None,
        Risk::Low => shenhe_risk::Low,
        Risk::Medium => shenhe_risk::Medium,
        Risk::High => shenhe_risk::High,
    };
    let mut risk = shenhe_risk::None;
    let (mut p, mut n) = (ptr::dangling::<c_char>(), 99usize);
    // SAFETY: a live verdict and writable out-parameters.
    unsafe {
        assert_eq!(
            shenhe_verdict_score(v.0).to_bits(),
            expected.score.to_bits()
        );
        assert_eq!(shenhe_verdict_risk(v.0, &mut risk), shenhe_result::Ok);
        assert_eq!(shenhe_verdict_label(v.0, &mut p, &mut n), shenhe_result::Ok);
    }
    assert_eq!(risk, want_risk);
    match expected.label {
        Some(label) => assert_eq!(borrowed(p, n), label.id()),
        None => assert!(p.is_null() && n == 0, "no label: NULL and 0"),
    }
}

/// Screens `text` and returns (score, risk, label).
fn summary(e: &CEngine, text: &str, account: shenhe_account) -> (f64, shenhe_risk, Option<String>) {
    let v = screen(e, text, account).unwrap();
    let mut risk = shenhe_risk::High;
    let mut p = ptr::dangling::<c_char>();
    // SAFETY: a live verdict and writable out-parameters (the label's length is optional).
    unsafe {
        assert_eq!(shenhe_verdict_risk(v.0, &mut risk), shenhe_result::Ok);
        assert_eq!(
            shenhe_verdict_label(v.0, &mut p, ptr::null_mut()),
            shenhe_result::Ok
        );
        let label = (!p.is_null()).then(|| CStr::from_ptr(p).to_str().unwrap().to_string());
        (shenhe_verdict_score(v.0), risk, label)
    }
}

#[test]
fn verdict_summary_score_risk_and_label() {
    let c = ffi_engine_from_testdata();
    let label = |s: &str| Some(s.to_string());
    assert_eq!(
        summary(&c, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG),
        (1.0, shenhe_risk::High, label("gambling"))
    );
    // A mobile number asks for review: the score is a review rule's confidence.
    assert_eq!(
        summary(&c, "联系人张女士,手机 138-1234-5678", SHENHE_ACCOUNT_ORG),
        (
            shenhe_core::REVIEW_CONFIDENCE,
            shenhe_risk::Medium,
            label("personal_info")
        )
    );
    assert_eq!(
        summary(&c, "今天召开全市经济工作会议", SHENHE_ACCOUNT_ORG),
        (0.0, shenhe_risk::None, None)
    );
    // Two categories: the label is the most severe hit's, in the contract's table order.
    assert_eq!(
        summary(&c, "ＡＢＣ网络赌场ＤＥＦ代开发票", SHENHE_ACCOUNT_STAFF).2,
        label("gambling")
    );

    // Notes only (a policy that makes gambling advice): low risk, a label, a score of 0.
    let notes = ffi_engine_with_policy("* gambling note\n");
    let text = "网络赌场注册送彩金";
    assert_eq!(
        summary(&notes, text, SHENHE_ACCOUNT_ORG),
        (0.0, shenhe_risk::Low, label("gambling"))
    );
    let v = screen(&notes, text, SHENHE_ACCOUNT_ORG).unwrap();
    assert!(v.json().contains(r#""verdict":"pass""#), "{}", v.json());

    // NULL verdicts and out-parameters; nothing is written on failure.
    let v = screen(&c, "网络赌场", SHENHE_ACCOUNT_ORG).unwrap();
    let mut risk = shenhe_risk::Low;
    let mut p = ptr::dangling::<c_char>();
    let mut n = 7usize;
    // SAFETY: NULLs are what is under test; the other pointers are valid.
    unsafe {
        assert_eq!(shenhe_verdict_score(ptr::null()), 0.0);
        assert_eq!(
            shenhe_verdict_risk(ptr::null(), &mut risk),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "verdict is NULL");
        assert_eq!(
            shenhe_verdict_risk(v.0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "risk_out is NULL");
        assert_eq!(risk, shenhe_risk::Low);
        assert_eq!(
            shenhe_verdict_label(ptr::null(), &mut p, &mut n),
            shenhe_result::NullParameter
        );
        assert_eq!(
            shenhe_verdict_label(v.0, ptr::null_mut(), &mut n),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "id_out is NULL");
        assert_eq!((p, n), (ptr::dangling(), 7));
    }
}

/// The testdata lexicon with the policy `policy`.
fn ffi_engine_with_policy(policy: &str) -> CEngine {
    let dir = testdata().join("lexicon");
    let dir = dir.to_str().unwrap();
    let name = "policy.txt";
    let mut b = ptr::null_mut();
    let mut e = ptr::null_mut();
    // SAFETY: out-parameters are writable; strings are valid for their lengths; the builder is
    // freed once.
    unsafe {
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        assert_eq!(
            shenhe_engine_builder_add_lexicon_dir(b, dir.as_ptr(), dir.len()),
            shenhe_result::Ok
        );
        assert_eq!(
            shenhe_engine_builder_set_policy_text(
                b,
                name.as_ptr(),
                name.len(),
                policy.as_ptr(),
                policy.len()
            ),
            shenhe_result::Ok,
            "{}",
            last_error()
        );
        assert_eq!(shenhe_engine_builder_build(b, &mut e), shenhe_result::Ok);
        shenhe_engine_builder_free(b);
    }
    CEngine(e)
}

/// Saves an engine through the C ABI.
fn save(e: &CEngine) -> Vec<u8> {
    let mut b = ptr::null_mut();
    // SAFETY: a live engine and a writable out-parameter; the bytes are copied before they are
    // freed, once.
    unsafe {
        assert_eq!(shenhe_engine_save(e.0, &mut b), shenhe_result::Ok);
        let (p, n) = (shenhe_bytes_ptr(b), shenhe_bytes_len(b));
        assert!(!p.is_null());
        let copy = std::slice::from_raw_parts(p, n).to_vec();
        shenhe_bytes_free(b);
        copy
    }
}

/// Loads an engine from bytes through the C ABI.
fn load(bytes: &[u8]) -> Result<CEngine, shenhe_result> {
    let mut e = ptr::null_mut();
    // SAFETY: `bytes` is valid for its length; a writable out-parameter.
    let r = unsafe { shenhe_engine_load(bytes.as_ptr(), bytes.len(), &mut e) };
    if r == shenhe_result::Ok {
        Ok(CEngine(e))
    } else {
        assert!(e.is_null(), "nothing is written on failure");
        Err(r)
    }
}

/// Loads an engine from a file through the C ABI.
fn load_file(path: &[u8]) -> Result<CEngine, shenhe_result> {
    let mut e = ptr::null_mut();
    // SAFETY: `path` is valid for its length; a writable out-parameter.
    let r = unsafe { shenhe_engine_load_file(path.as_ptr(), path.len(), &mut e) };
    if r == shenhe_result::Ok {
        Ok(CEngine(e))
    } else {
        assert!(e.is_null(), "nothing is written on failure");
        Err(r)
    }
}

/// A fresh path in the temporary directory, removed when dropped.
struct TempPath(PathBuf);

impl TempPath {
    fn new(name: &str) -> TempPath {
        TempPath(std::env::temp_dir().join(format!("shenhe-ffi-{}-{name}", std::process::id())))
    }

    fn utf8(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Every test post screened by `e`, one JSON line each.
fn all_json(e: &CEngine) -> Vec<String> {
    posts()
        .iter()
        .map(|(id, account, text)| screen_with_id(e, text, c_account(*account), id).json())
        .collect()
}

#[test]
fn a_saved_engine_loads_from_bytes_and_files_and_screens_the_same() {
    let c = ffi_engine_from_testdata();
    let bytes = save(&c);
    assert_eq!(bytes, rust_engine().save(), "the bytes of Engine::save");
    let expected = all_json(&c);
    assert!(expected.iter().any(|j| j.contains("\"block\"")));

    let loaded = load(&bytes).unwrap();
    assert_eq!(all_json(&loaded), expected);
    // The policy and limits come back too.
    // SAFETY: live engines.
    unsafe {
        assert_eq!(
            shenhe_engine_max_post_bytes(loaded.0),
            shenhe_engine_max_post_bytes(c.0)
        );
    }
    assert_eq!(
        save(&loaded),
        bytes,
        "saving a loaded engine gives the same bytes"
    );

    let file = TempPath::new("engine.bin");
    std::fs::write(&file.0, &bytes).unwrap();
    let from_file = load_file(file.utf8().as_bytes()).unwrap();
    assert_eq!(all_json(&from_file), expected);
    drop(c); // a loaded engine does not depend on the one that was saved
    assert_eq!(all_json(&loaded), expected);

    // The shipped engine, with its detectors, round trips too.
    let mut e = ptr::null_mut();
    // SAFETY: a writable out-parameter.
    assert_eq!(unsafe { shenhe_engine_new(&mut e) }, shenhe_result::Ok);
    let shipped = CEngine(e);
    let shipped_loaded = load(&save(&shipped)).unwrap();
    for (_, account, text) in posts() {
        let a = c_account(account);
        assert_eq!(
            screen(&shipped_loaded, &text, a).unwrap().json(),
            screen(&shipped, &text, a).unwrap().json()
        );
    }
}

#[test]
fn damaged_saved_engines_are_refused_with_a_message() {
    let bytes = save(&ffi_engine_from_testdata());
    let refused = |b: &[u8], what: &str| {
        assert_eq!(load(b).err(), Some(shenhe_result::LoadError), "{what}");
        let m = last_error();
        assert!(
            m.starts_with("cannot load the saved engine: "),
            "{what}: {m}"
        );
        m
    };
    assert!(refused(b"not a saved engine at all", "garbage").contains("bad magic"));
    assert!(refused(&[], "empty").contains("bad magic"));
    assert!(refused(&bytes[..bytes.len() / 2], "truncated").contains("truncated"));
    // Every prefix is refused, never a panic.
    let step = (bytes.len() / 300).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        refused(&bytes[..cut], "a prefix");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(refused(&longer, "trailing byte").contains("trailing"));
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    assert!(refused(&flipped, "one bit flipped").contains("checksum"));
    let mut version = bytes.clone();
    version[16] = version[16].wrapping_add(1);
    assert!(refused(&version, "another format version").contains("format version"));
    assert!(load(&bytes).is_ok(), "the undamaged bytes still load");

    // NULL parameters.
    let mut e = ptr::dangling_mut::<shenhe_engine>();
    // SAFETY: NULLs are what is under test; the other pointers are valid.
    unsafe {
        assert_eq!(
            shenhe_engine_load(ptr::null(), 0, &mut e),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "bytes is NULL");
        assert_eq!(
            shenhe_engine_load(bytes.as_ptr(), bytes.len(), ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine_out is NULL");
        assert_eq!(e, ptr::dangling_mut(), "nothing written on failure");
    }
}

#[test]
fn load_file_names_the_file_in_its_errors() {
    let missing = "/nonexistent/shenhe/engine.bin";
    assert_eq!(
        load_file(missing.as_bytes()).err(),
        Some(shenhe_result::LoadError)
    );
    let m = last_error();
    assert!(
        m.starts_with("/nonexistent/shenhe/engine.bin: cannot read: "),
        "{m}"
    );

    let garbage = TempPath::new("garbage.bin");
    std::fs::write(&garbage.0, "网络赌场\tgambling\n").unwrap();
    assert_eq!(
        load_file(garbage.utf8().as_bytes()).err(),
        Some(shenhe_result::LoadError)
    );
    assert_eq!(
        last_error(),
        format!(
            "{}: cannot load the saved engine: not a saved shenhe engine (bad magic)",
            garbage.utf8()
        )
    );

    let truncated = TempPath::new("truncated.bin");
    let bytes = save(&ffi_engine_from_testdata());
    std::fs::write(&truncated.0, &bytes[..bytes.len() - 1]).unwrap();
    assert_eq!(
        load_file(truncated.utf8().as_bytes()).err(),
        Some(shenhe_result::LoadError)
    );
    assert!(
        last_error().starts_with(truncated.utf8()),
        "{}",
        last_error()
    );

    // A directory, and a device (read as a stream): errors, not hangs.
    let dir = std::env::temp_dir();
    assert_eq!(
        load_file(dir.to_str().unwrap().as_bytes()).err(),
        Some(shenhe_result::LoadError)
    );
    assert!(last_error().contains("cannot read"), "{}", last_error());
    if std::path::Path::new("/dev/null").exists() {
        assert_eq!(
            load_file(b"/dev/null").err(),
            Some(shenhe_result::LoadError)
        );
        assert!(
            last_error().starts_with("/dev/null: cannot load"),
            "{}",
            last_error()
        );
    }

    assert_eq!(
        load_file(b"engine\xff.bin").err(),
        Some(shenhe_result::InvalidUtf8)
    );
    assert!(
        last_error().starts_with("path is not valid UTF-8"),
        "{}",
        last_error()
    );
    let mut e = ptr::null_mut();
    // SAFETY: NULLs are what is under test.
    unsafe {
        assert_eq!(
            shenhe_engine_load_file(ptr::null(), 0, &mut e),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "path is NULL");
        assert_eq!(
            shenhe_engine_load_file(missing.as_ptr(), missing.len(), ptr::null_mut()),
            shenhe_result::NullParameter
        );
    }
    assert!(e.is_null());
}

#[test]
fn bytes_and_save_handle_null() {
    let mut b = ptr::dangling_mut::<shenhe_bytes>();
    // SAFETY: NULLs are what is under test.
    unsafe {
        assert!(shenhe_bytes_ptr(ptr::null()).is_null());
        assert_eq!(shenhe_bytes_len(ptr::null()), 0);
        shenhe_bytes_free(ptr::null_mut());
        assert_eq!(
            shenhe_engine_save(ptr::null(), &mut b),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine is NULL");
        let c = ffi_engine_from_testdata();
        assert_eq!(
            shenhe_engine_save(c.0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "bytes_out is NULL");
    }
    assert_eq!(b, ptr::dangling_mut());
}

/// Owns a shared-engine handle.
struct CShared(*mut shenhe_shared_engine);

impl Drop for CShared {
    fn drop(&mut self) {
        // SAFETY: the handle came from the library and is freed once, after the threads using it
        // have been joined.
        unsafe { shenhe_shared_engine_free(self.0) }
    }
}

/// A shared-engine pointer that threads may hold: the slot is documented as usable from any
/// number of threads at once.
#[derive(Clone, Copy)]
struct SharedPtr(*const shenhe_shared_engine);
// SAFETY: shenhe_shared_engine synchronizes get and swap itself (a read-write lock around an
// engine that is immutable and Send + Sync); the tests free it only after joining the threads.
unsafe impl Send for SharedPtr {}

fn shared_get(shared: *const shenhe_shared_engine) -> CEngine {
    let mut e = ptr::null_mut();
    // SAFETY: a live slot and a writable out-parameter.
    assert_eq!(
        unsafe { shenhe_shared_engine_get(shared, &mut e) },
        shenhe_result::Ok
    );
    CEngine(e)
}

/// The testdata engine plus one more word, so that its verdicts differ from the plain one's.
fn ffi_engine_with_extra_word() -> CEngine {
    let dir = testdata().join("lexicon");
    let dir = dir.to_str().unwrap();
    let (name, lex) = ("extra.txt", "热更新测试词\tgambling\n");
    let mut b = ptr::null_mut();
    let mut e = ptr::null_mut();
    // SAFETY: out-parameters are writable; strings are valid for their lengths; the builder is
    // freed once.
    unsafe {
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        assert_eq!(
            shenhe_engine_builder_add_lexicon_dir(b, dir.as_ptr(), dir.len()),
            shenhe_result::Ok
        );
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
        assert_eq!(shenhe_engine_builder_build(b, &mut e), shenhe_result::Ok);
        shenhe_engine_builder_free(b);
    }
    CEngine(e)
}

#[test]
fn a_shared_engine_swaps_while_threads_screen() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let old = ffi_engine_from_testdata();
    // The new engine comes from saved bytes, as a service that reloads a compiled file would.
    let new = load(&save(&ffi_engine_with_extra_word())).unwrap();
    let texts = [
        "网络赌场注册送彩金",
        "今天召开全市经济工作会议",
        "热更新测试词",
        "专业代开发票,价格优惠",
    ];
    let old_json: Vec<String> = texts
        .iter()
        .map(|t| screen(&old, t, 0).unwrap().json())
        .collect();
    let new_json: Vec<String> = texts
        .iter()
        .map(|t| screen(&new, t, 0).unwrap().json())
        .collect();
    assert_ne!(
        old_json[2], new_json[2],
        "the engines differ on the extra word"
    );

    let mut s = ptr::null_mut();
    // SAFETY: a live engine and a writable out-parameter.
    assert_eq!(
        unsafe { shenhe_shared_engine_new(old.0, &mut s) },
        shenhe_result::Ok
    );
    let shared = CShared(s);
    // Taken before any swap: it screens with the old engine whatever is swapped in.
    let early = shared_get(shared.0);
    let ptr_for_threads = SharedPtr(shared.0);
    let stop = AtomicBool::new(false);
    let (seen_old, seen_new) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let (old_json, new_json) = (&old_json, &new_json);
            let (stop, seen_old, seen_new) = (&stop, &seen_old, &seen_new);
            scope.spawn(move || {
                let shared = ptr_for_threads;
                let mut rounds = 0;
                while rounds < 20 || !stop.load(Ordering::Relaxed) {
                    rounds += 1;
                    // One handle per round: every post of the round is screened by one engine.
                    let e = shared_get(shared.0);
                    let got: Vec<String> = texts
                        .iter()
                        .map(|t| screen(&e, t, 0).unwrap().json())
                        .collect();
                    if &got == old_json {
                        seen_old.fetch_add(1, Ordering::Relaxed);
                    } else if &got == new_json {
                        seen_new.fetch_add(1, Ordering::Relaxed);
                    } else {
                        panic!("a round mixed engines or gave another verdict: {got:?}");
                    }
                }
            });
        }
        // Swap back and forth while they screen, then leave the new engine in.
        for i in 0..200 {
            let e = if i % 2 == 0 { &new } else { &old };
            // SAFETY: a live slot and a live engine.
            assert_eq!(
                unsafe { shenhe_shared_engine_swap(shared.0, e.0) },
                shenhe_result::Ok
            );
            std::thread::yield_now();
        }
        // SAFETY: as above.
        assert_eq!(
            unsafe { shenhe_shared_engine_swap(shared.0, new.0) },
            shenhe_result::Ok
        );
        stop.store(true, Ordering::Relaxed);
    });
    assert!(seen_old.load(Ordering::Relaxed) + seen_new.load(Ordering::Relaxed) >= 80);

    // After the swaps, get gives the new engine; the caller's handles were shared, not taken:
    // freeing them does not affect the slot, and freeing the slot does not affect taken handles.
    drop(old);
    drop(new);
    assert_eq!(screen(&early, texts[2], 0).unwrap().json(), old_json[2]);
    let taken = shared_get(shared.0);
    assert_eq!(screen(&taken, texts[2], 0).unwrap().json(), new_json[2]);
    drop(shared);
    assert_eq!(screen(&taken, texts[2], 0).unwrap().json(), new_json[2]);
}

#[test]
fn shared_engine_null_parameters() {
    let c = ffi_engine_from_testdata();
    let mut s = ptr::dangling_mut::<shenhe_shared_engine>();
    let mut e = ptr::dangling_mut::<shenhe_engine>();
    // SAFETY: NULLs are what is under test; the other pointers are valid.
    unsafe {
        assert_eq!(
            shenhe_shared_engine_new(ptr::null(), &mut s),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine is NULL");
        assert_eq!(
            shenhe_shared_engine_new(c.0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "shared_out is NULL");
        assert_eq!(s, ptr::dangling_mut());
        assert_eq!(
            shenhe_shared_engine_get(ptr::null(), &mut e),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "shared is NULL");
        assert_eq!(e, ptr::dangling_mut());

        let mut s = ptr::null_mut();
        assert_eq!(shenhe_shared_engine_new(c.0, &mut s), shenhe_result::Ok);
        let shared = CShared(s);
        assert_eq!(
            shenhe_shared_engine_get(shared.0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine_out is NULL");
        assert_eq!(
            shenhe_shared_engine_swap(shared.0, ptr::null()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine is NULL");
        assert_eq!(
            shenhe_shared_engine_swap(ptr::null(), c.0),
            shenhe_result::NullParameter
        );
        // The failed swap left the engine in place.
        let taken = shared_get(shared.0);
        assert_eq!(
            screen(&taken, "网络赌场", 0).unwrap().json(),
            screen(&c, "网络赌场", 0).unwrap().json()
        );
        shenhe_shared_engine_free(ptr::null_mut());
    }
}

// -- learned models ---------------------------------------------------------------------------

/// Owns a model handle.
struct CModel(*mut shenhe_model);

impl Drop for CModel {
    fn drop(&mut self) {
        // SAFETY: the handle came from the library and is freed once.
        unsafe { shenhe_model_free(self.0) }
    }
}

fn model_path() -> PathBuf {
    testdata().join("model.txt")
}

fn load_model_file(path: &[u8]) -> Result<CModel, shenhe_result> {
    let mut m = ptr::null_mut();
    // SAFETY: `path` is valid for its length; a writable out-parameter.
    let r = unsafe { shenhe_model_load_file(path.as_ptr(), path.len(), &mut m) };
    if r == shenhe_result::Ok {
        Ok(CModel(m))
    } else {
        assert!(m.is_null(), "nothing is written on failure");
        Err(r)
    }
}

fn parse_model(name: &str, text: &str) -> Result<CModel, shenhe_result> {
    let mut m = ptr::null_mut();
    // SAFETY: `name` and `text` are valid for their lengths; a writable out-parameter.
    let r =
        unsafe { shenhe_model_parse(name.as_ptr(), name.len(), text.as_ptr(), text.len(), &mut m) };
    if r == shenhe_result::Ok {
        Ok(CModel(m))
    } else {
        assert!(m.is_null(), "nothing is written on failure");
        Err(r)
    }
}

fn with_model(e: &CEngine, m: Option<&CModel>) -> CEngine {
    let mut out = ptr::null_mut();
    let m = m.map_or(ptr::null(), |m| m.0.cast_const());
    // SAFETY: a live engine, a live model or NULL, a writable out-parameter.
    assert_eq!(
        unsafe { shenhe_engine_with_model(e.0, m, &mut out) },
        shenhe_result::Ok
    );
    CEngine(out)
}

fn has_model(e: &CEngine) -> bool {
    // SAFETY: a live engine.
    unsafe { shenhe_engine_has_model(e.0) }
}

/// The test engine of the Rust API with the test model.
fn rust_engine_with_model() -> Engine {
    rust_engine().with_model(Some(Model::from_path(model_path()).unwrap()))
}

const MODEL_POSTS: [&str; 5] = [
    "网上赌博害人不浅",
    "網上賭博害人不淺",
    "网上赌 博，注册送彩金",
    "网络赌场",
    "今天天气很好",
];

#[test]
fn a_model_loads_and_its_hits_carry_their_score() {
    let path = model_path();
    let m = load_model_file(path.to_str().unwrap().as_bytes()).unwrap();
    // SAFETY: a live model and writable out-parameters; NULL where that is under test.
    unsafe {
        assert_eq!(shenhe_model_len(m.0), 1);
        assert_eq!(shenhe_model_classes_len(m.0), 2);
        let (mut p, mut n) = (ptr::null(), 0usize);
        assert_eq!(
            shenhe_model_class(m.0, 0, &mut p, &mut n),
            shenhe_result::Ok
        );
        assert_eq!(borrowed(p, n), "harm");
        assert_eq!(
            shenhe_model_class(m.0, 1, &mut p, ptr::null_mut()),
            shenhe_result::Ok
        );
        assert_eq!(CStr::from_ptr(p).to_str().unwrap(), "gambling");
        let before = p;
        assert_eq!(
            shenhe_model_class(m.0, 2, &mut p, &mut n),
            shenhe_result::OutOfRange
        );
        assert_eq!(p, before);
        assert_eq!(
            last_error(),
            "class index 2 is out of range (the model has 2)"
        );
    }

    let plain = ffi_engine_from_testdata();
    assert!(!has_model(&plain));
    let c = with_model(&plain, Some(&m));
    drop(m); // the engine shares the model
    assert!(has_model(&c) && !has_model(&plain));
    let rust = rust_engine_with_model();
    for text in MODEL_POSTS {
        for account in Account::ALL {
            let expected = rust.screen(Input::new(text).account(account)).unwrap();
            let got = screen(&c, text, c_account(account)).unwrap();
            assert_eq!(got.json(), expected.to_json(), "{text} ({account})");
            check_accessors(&got, &expected);
        }
    }
    // 赌博, 賭博 and 赌 博 alike: a model hit asking for review, with its score.
    for text in &MODEL_POSTS[..3] {
        let v = screen(&c, text, SHENHE_ACCOUNT_ORG).unwrap();
        let json = v.json();
        assert!(json.contains(r#""term":"model:gambling""#), "{json}");
        assert!(json.contains(r#""score":0.8808"#), "{json}");
        // SAFETY: a live verdict.
        let len = unsafe { shenhe_verdict_hits_len(v.0) };
        let mut scores = Vec::new();
        for i in 0..len {
            let mut score = 0.0;
            // SAFETY: a live verdict and a writable out-parameter.
            assert_eq!(
                unsafe { shenhe_verdict_hit_score(v.0, i, &mut score) },
                shenhe_result::Ok
            );
            scores.push(score);
        }
        assert!(scores.contains(&0.8808), "{scores:?}");
    }
    let v = screen(&c, MODEL_POSTS[0], SHENHE_ACCOUNT_ORG).unwrap();
    let mut decision = shenhe_decision::Pass;
    let mut score = 7.0;
    // SAFETY: a live verdict and writable out-parameters; NULL and a bad index under test.
    unsafe {
        assert_eq!(
            shenhe_verdict_decision(v.0, &mut decision),
            shenhe_result::Ok
        );
        assert_eq!(decision, shenhe_decision::Review);
        // The verdict's score is the Rust verdict's (checked above with every accessor).
        assert!(shenhe_verdict_score(v.0) > 0.0);
        assert_eq!(
            shenhe_verdict_hit_score(v.0, 1, &mut score),
            shenhe_result::OutOfRange
        );
        assert_eq!(score, 7.0);
        assert_eq!(
            shenhe_verdict_hit_score(v.0, 0, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "score_out is NULL");
        assert_eq!(
            shenhe_verdict_hit_score(ptr::null(), 0, &mut score),
            shenhe_result::NullParameter
        );
        assert_eq!(score, 7.0);
    }
    // A lexicon hit has no score.
    let v = screen(&c, "网络赌场", SHENHE_ACCOUNT_ORG).unwrap();
    // SAFETY: a live verdict and a writable out-parameter.
    unsafe {
        assert_eq!(shenhe_verdict_hits_len(v.0), 1);
        assert_eq!(
            shenhe_verdict_hit_score(v.0, 0, &mut score),
            shenhe_result::Ok
        );
    }
    assert_eq!(score, SHENHE_NO_SCORE);
    let clean = screen(&c, "今天天气很好", SHENHE_ACCOUNT_ORG).unwrap();
    assert!(clean.json().contains(r#""hits":[]"#), "{}", clean.json());

    // NULL removes the model again.
    let without = with_model(&c, None);
    assert!(!has_model(&without));
    assert_eq!(
        screen(&without, MODEL_POSTS[0], 0).unwrap().json(),
        screen(&plain, MODEL_POSTS[0], 0).unwrap().json()
    );
}

#[test]
fn a_builder_takes_a_model_and_saved_engines_carry_it() {
    let text = std::fs::read_to_string(model_path()).unwrap();
    let m = parse_model("model.txt", &text).unwrap();
    let dir = testdata().join("lexicon");
    let dir = dir.to_str().unwrap();
    let (mut b, mut e) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: out-parameters are writable; strings valid for their lengths; handles freed once.
    unsafe {
        assert_eq!(shenhe_engine_builder_new(false, &mut b), shenhe_result::Ok);
        assert_eq!(
            shenhe_engine_builder_add_lexicon_dir(b, dir.as_ptr(), dir.len()),
            shenhe_result::Ok
        );
        assert_eq!(shenhe_engine_builder_set_model(b, m.0), shenhe_result::Ok);
        assert_eq!(
            shenhe_engine_builder_set_model(ptr::null_mut(), m.0),
            shenhe_result::NullParameter
        );
        assert_eq!(shenhe_engine_builder_build(b, &mut e), shenhe_result::Ok);
        let built = CEngine(e);
        assert!(has_model(&built));
        // NULL takes the model out of the builder again.
        assert_eq!(
            shenhe_engine_builder_set_model(b, ptr::null()),
            shenhe_result::Ok
        );
        let mut e2 = ptr::null_mut();
        assert_eq!(shenhe_engine_builder_build(b, &mut e2), shenhe_result::Ok);
        let without = CEngine(e2);
        assert!(!has_model(&without));
        shenhe_engine_builder_free(b);

        let rust = Lexicon::builder()
            .add_dir(testdata().join("lexicon"))
            .unwrap()
            .build()
            .unwrap();
        let rust = Engine::builder()
            .lexicon(rust)
            .model(Model::from_path(model_path()).unwrap())
            .build()
            .unwrap();
        let loaded = load(&save(&built)).unwrap();
        assert!(has_model(&loaded));
        for text in MODEL_POSTS {
            let want = rust.screen(Input::new(text)).unwrap().to_json();
            assert_eq!(screen(&built, text, 0).unwrap().json(), want, "{text}");
            assert_eq!(screen(&loaded, text, 0).unwrap().json(), want, "{text}");
        }
        assert_eq!(save(&loaded), save(&built));
    }
}

#[test]
fn bad_models_are_refused_with_file_and_line() {
    let good = std::fs::read_to_string(model_path()).unwrap();
    let lines = good.lines().count();
    let bad = TempPath::new("model-bad.txt");
    let path = bad.utf8().to_string();

    // A weight changed by hand: the checksum, on the last line.
    std::fs::write(&bad.0, good.replace("0:6", "0:7")).unwrap();
    assert_eq!(
        load_model_file(path.as_bytes()).err(),
        Some(shenhe_result::ModelError)
    );
    let prefix = format!("{path}:{lines}: checksum mismatch");
    assert!(last_error().starts_with(&prefix), "{}", last_error());
    // An unknown class, checksum right: its own line.
    let body = good.rsplit_once("checksum\t").unwrap().0;
    let class_line = body
        .lines()
        .position(|l| l.starts_with("class\tgambling"))
        .unwrap()
        + 1;
    std::fs::write(
        &bad.0,
        Model::seal(&body.replace("\tgambling\t", "\tgamble\t")),
    )
    .unwrap();
    assert_eq!(
        load_model_file(path.as_bytes()).err(),
        Some(shenhe_result::ModelError)
    );
    let prefix = format!("{path}:{class_line}: unknown class \"gamble\"");
    assert!(last_error().starts_with(&prefix), "{}", last_error());
    // From memory, named as given.
    assert_eq!(
        parse_model("mine.txt", "shenhe-model\t1\nngrams\t1\t4\n").err(),
        Some(shenhe_result::ModelError)
    );
    assert!(
        last_error().starts_with("mine.txt:2: the last line must be the checksum"),
        "{}",
        last_error()
    );
    // Not there, not UTF-8, NULL.
    assert_eq!(
        load_model_file(b"/nonexistent/shenhe/model.txt").err(),
        Some(shenhe_result::ModelError)
    );
    assert!(
        last_error().starts_with("/nonexistent/shenhe/model.txt: cannot read: "),
        "{}",
        last_error()
    );
    assert_eq!(
        load_model_file(b"\xff").err(),
        Some(shenhe_result::InvalidUtf8)
    );
    let mut m = ptr::dangling_mut::<shenhe_model>();
    let c = ffi_engine_from_testdata();
    let mut e = ptr::dangling_mut::<shenhe_engine>();
    // SAFETY: NULLs are what is under test; the other pointers are valid.
    unsafe {
        assert_eq!(
            shenhe_model_load_file(ptr::null(), 0, &mut m),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "path is NULL");
        assert_eq!(
            shenhe_model_load_file(path.as_ptr(), path.len(), ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "model_out is NULL");
        assert_eq!(
            shenhe_model_parse(ptr::null(), 0, good.as_ptr(), good.len(), &mut m),
            shenhe_result::NullParameter
        );
        assert_eq!(m, ptr::dangling_mut());
        assert_eq!(
            shenhe_engine_with_model(ptr::null(), ptr::null(), &mut e),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine is NULL");
        assert_eq!(
            shenhe_engine_with_model(c.0, ptr::null(), ptr::null_mut()),
            shenhe_result::NullParameter
        );
        assert_eq!(last_error(), "engine_out is NULL");
        assert_eq!(e, ptr::dangling_mut());
        assert_eq!(shenhe_model_len(ptr::null()), 0);
        assert_eq!(shenhe_model_classes_len(ptr::null()), 0);
        assert!(!shenhe_engine_has_model(ptr::null()));
        let mut p = ptr::null();
        assert_eq!(
            shenhe_model_class(ptr::null(), 0, &mut p, ptr::null_mut()),
            shenhe_result::NullParameter
        );
        shenhe_model_free(ptr::null_mut());
    }
}
