/*!
The C ABI of the shenhe screening engine.

This crate builds `libshenhe_ffi.a` and `libshenhe_ffi.so`; their header is
`bindings/c/shenhe.h`, generated from this crate by cbindgen 0.29.4
(`cargo run -p xtask -- header`, checked in CI with `--check`). The Python and Java bindings
do not go through it: they are extensions of their own (`crates/shenhe-py`, `crates/shenhe-jni`).

# Conventions

These follow rustls-ffi's "API Conventions" (STYLE.md §5):

- Every name starts with `shenhe_`. Handles are opaque: [`shenhe_engine`],
  [`shenhe_engine_builder`], [`shenhe_model`], [`shenhe_shared_engine`], [`shenhe_verdict`],
  [`shenhe_string`], [`shenhe_bytes`]. Each has a constructor that writes it to an out-parameter and a `_free`
  function; every `_free` accepts NULL.
- Fallible calls return a [`shenhe_result`] and write their results through out-parameters, last in
  the parameter list. Nothing is written to any out-parameter when a call fails. The message of the
  most recent failure on the calling thread is [`shenhe_last_error_message`]; a fixed description of
  each code is [`shenhe_result_message`].
- Every pointer parameter is checked for NULL (`SHENHE_RESULT_NULL_PARAMETER`), except those
  documented as optional.
- Text goes in as `const uint8_t *` plus a length in bytes, and must be UTF-8: anything else is
  `SHENHE_RESULT_INVALID_UTF8`, never converted lossily. It need not be NUL-terminated.
- Strings come out as a `const char *` that is NUL-terminated and a `size_t` length (without the
  NUL). They are borrowed from the handle they came from and stay valid until it is freed. They
  may hold NUL bytes when the post did (`matched`, the JSON never does): trust the length.
- A `const` handle parameter is only read. An engine is immutable once built, and so is a
  model: share one `const shenhe_engine *` between any number of threads. A shared engine (the
  hot-swap slot) synchronizes itself: any number of threads may take its engine while another
  swaps it. Other handles may move between threads but are to be used by one thread at a time.
- Every entry point runs inside a panic boundary: a panic in the engine is caught and reported as
  `SHENHE_RESULT_PANIC`, never unwound into C. All of the crate's `unsafe` is in that macro's
  companions, the NULL-check macros of `ffi.rs`.
*/

#![allow(unsafe_code)] // This is the FFI crate: the only one in the workspace that may use it.
#![allow(non_camel_case_types)] // C names: shenhe_engine, shenhe_result, ...
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

#[macro_use]
mod ffi;
// In this order in the header (cbindgen follows the modules as declared).
mod engine;
mod model;
mod saved;
mod shared;

mod error;
mod string;

mod bytes;
mod verdict;

pub use crate::bytes::{shenhe_bytes, shenhe_bytes_free, shenhe_bytes_len, shenhe_bytes_ptr};

pub use crate::engine::{
    SHENHE_ACCOUNT_ORG, SHENHE_ACCOUNT_PRIVATE, SHENHE_ACCOUNT_STAFF, shenhe_account,
    shenhe_account_parse, shenhe_engine, shenhe_engine_builder,
    shenhe_engine_builder_add_lexicon_dir, shenhe_engine_builder_add_lexicon_file,
    shenhe_engine_builder_add_lexicon_text, shenhe_engine_builder_build,
    shenhe_engine_builder_free, shenhe_engine_builder_new,
    shenhe_engine_builder_set_max_post_bytes, shenhe_engine_builder_set_model,
    shenhe_engine_builder_set_policy_file, shenhe_engine_builder_set_policy_text,
    shenhe_engine_free, shenhe_engine_max_post_bytes, shenhe_engine_new, shenhe_engine_redact,
    shenhe_engine_screen, shenhe_engine_screen_batch, shenhe_engine_screen_redacted,
    shenhe_engine_screen_with_id,
};
pub use crate::error::{
    shenhe_last_error_message, shenhe_result, shenhe_result_message, shenhe_version,
};
pub use crate::model::{
    shenhe_engine_has_model, shenhe_engine_with_model, shenhe_model, shenhe_model_class,
    shenhe_model_classes_len, shenhe_model_free, shenhe_model_len, shenhe_model_load_file,
    shenhe_model_parse,
};
pub use crate::saved::{shenhe_engine_load, shenhe_engine_load_file, shenhe_engine_save};
pub use crate::shared::{
    shenhe_shared_engine, shenhe_shared_engine_free, shenhe_shared_engine_get,
    shenhe_shared_engine_new, shenhe_shared_engine_swap,
};
pub use crate::string::{shenhe_string, shenhe_string_free, shenhe_string_len, shenhe_string_ptr};
pub use crate::verdict::{
    SHENHE_NO_SCORE, shenhe_action, shenhe_decision, shenhe_risk, shenhe_verdict,
    shenhe_verdict_account, shenhe_verdict_categories_len, shenhe_verdict_category,
    shenhe_verdict_decision, shenhe_verdict_free, shenhe_verdict_hit_action,
    shenhe_verdict_hit_category, shenhe_verdict_hit_char_span, shenhe_verdict_hit_clause,
    shenhe_verdict_hit_matched, shenhe_verdict_hit_reason, shenhe_verdict_hit_score,
    shenhe_verdict_hit_span, shenhe_verdict_hit_term, shenhe_verdict_hits_len,
    shenhe_verdict_hits_omitted, shenhe_verdict_id, shenhe_verdict_json, shenhe_verdict_label,
    shenhe_verdict_risk, shenhe_verdict_score,
};
