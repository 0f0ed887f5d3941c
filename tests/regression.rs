//! Inputs found by the fuzz targets (fuzz/README.md), minimized or rewritten, kept so that a
//! fixed bug stays fixed.

use std::ptr;

use shenhe_ffi::{
    shenhe_engine_builder_add_lexicon_text, shenhe_engine_builder_build,
    shenhe_engine_builder_free, shenhe_engine_builder_new,
    shenhe_engine_builder_set_max_post_bytes, shenhe_engine_free, shenhe_engine_redact,
    shenhe_engine_screen, shenhe_engine_screen_with_id, shenhe_result, shenhe_verdict_free,
};

/// `capi`: a NULL text with a length over the post limit (a limit of 0 and a length of 1) gave
/// `POST_TOO_LONG`. A NULL text is `NULL_PARAMETER` whatever its length, in every entry point
/// that takes a text; a real text over the limit is still `POST_TOO_LONG`.
#[test]
#[allow(unsafe_code)]
fn capi_null_text_is_a_null_parameter_whatever_its_length() {
    let lexicon = "网络赌场\tgambling\n";
    // SAFETY: every pointer is NULL on purpose or points to live memory of the length passed
    // with it; every object is freed once.
    unsafe {
        let mut builder = ptr::null_mut();
        assert_eq!(
            shenhe_engine_builder_new(false, &mut builder),
            shenhe_result::Ok
        );
        assert_eq!(
            shenhe_engine_builder_add_lexicon_text(
                builder,
                b"t.txt".as_ptr(),
                5,
                lexicon.as_ptr(),
                lexicon.len()
            ),
            shenhe_result::Ok
        );
        assert_eq!(
            shenhe_engine_builder_set_max_post_bytes(builder, 0),
            shenhe_result::Ok
        );
        let mut engine = ptr::null_mut();
        assert_eq!(
            shenhe_engine_builder_build(builder, &mut engine),
            shenhe_result::Ok
        );
        shenhe_engine_builder_free(builder);

        for len in [1, 0, usize::MAX] {
            let mut v = ptr::null_mut();
            assert_eq!(
                shenhe_engine_screen(engine, ptr::null(), len, 0, &mut v),
                shenhe_result::NullParameter,
                "len {len}"
            );
            assert!(v.is_null());
            assert_eq!(
                shenhe_engine_screen_with_id(engine, ptr::null(), len, 0, b"i".as_ptr(), 1, &mut v),
                shenhe_result::NullParameter
            );
            let mut s = ptr::null_mut();
            assert_eq!(
                shenhe_engine_redact(engine, ptr::null(), len, &mut s),
                shenhe_result::NullParameter
            );
            assert!(s.is_null());
        }
        // A real text over the limit is still too long; the empty post still screens.
        let mut v = ptr::null_mut();
        assert_eq!(
            shenhe_engine_screen(engine, b"x".as_ptr(), 1, 0, &mut v),
            shenhe_result::PostTooLong
        );
        assert_eq!(
            shenhe_engine_screen(engine, b"x".as_ptr(), 0, 0, &mut v),
            shenhe_result::Ok
        );
        shenhe_verdict_free(v);
        shenhe_engine_free(engine);
    }
}
