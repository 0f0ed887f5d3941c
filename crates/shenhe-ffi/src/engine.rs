//! Engines and their builder: construction, screening one post or a batch, redaction.

use shenhe_core::{
    Account, BuildError, Config, Engine, Input, LexiconBuilder, Model, Policy, PolicyError,
    ScreenError,
};

use crate::error::{Error, shenhe_result};
use crate::model::shenhe_model;
use crate::string::{CStrBuf, shenhe_string};
use crate::verdict::shenhe_verdict;

/// The account a post will be published from (docs/contract.md §1): one of the
/// `SHENHE_ACCOUNT_*` values. An integer rather than an enum so that any value C passes is safe
/// to check: others are `SHENHE_RESULT_INVALID_ARGUMENT`.
pub type shenhe_account = u32;

/// `org`: an official account opened in an organisation's name (机构政务账号). The default.
pub const SHENHE_ACCOUNT_ORG: shenhe_account = 0;
/// `staff`: a public servant's account verified with their post (以职务身份认证的账号).
pub const SHENHE_ACCOUNT_STAFF: shenhe_account = 1;
/// `private`: a public servant's private account; must carry no official information.
pub const SHENHE_ACCOUNT_PRIVATE: shenhe_account = 2;

pub(crate) fn account_from_c(account: shenhe_account) -> Result<Account, Error> {
    match account {
        SHENHE_ACCOUNT_ORG => Ok(Account::Org),
        SHENHE_ACCOUNT_STAFF => Ok(Account::Staff),
        SHENHE_ACCOUNT_PRIVATE => Ok(Account::Private),
        other => Err(Error::invalid_argument(format!(
            "account {other} is not SHENHE_ACCOUNT_ORG (0), SHENHE_ACCOUNT_STAFF (1) or \
             SHENHE_ACCOUNT_PRIVATE (2)"
        ))),
    }
}

pub(crate) fn account_to_c(account: Account) -> shenhe_account {
    match account {
        Account::Org => SHENHE_ACCOUNT_ORG,
        Account::Staff => SHENHE_ACCOUNT_STAFF,
        Account::Private => SHENHE_ACCOUNT_PRIVATE,
    }
}

/// A compiled screening engine: lexicons, policy and limits.
///
/// Ownership: made by `shenhe_engine_new()`, `shenhe_engine_builder_build()`,
/// `shenhe_engine_load()`, `shenhe_engine_load_file()`, `shenhe_engine_with_model()` or
/// `shenhe_shared_engine_get()`, owned by the caller, freed with `shenhe_engine_free()`.
/// Verdicts and strings it returns do not borrow from it and may outlive it. Handles may share
/// one compiled engine (a shared engine and the handles taken from it do, and so do an engine
/// and those `shenhe_engine_with_model()` made from it): freeing a handle frees the engine when
/// no other handle uses it.
///
/// Thread safety: immutable once built. Share one `const shenhe_engine *` between any number of
/// threads and screen through it concurrently (each thread keeps its own working memory); free
/// it only when no call is using it any more.
#[derive(Debug)]
pub struct shenhe_engine {
    pub(crate) engine: Engine,
}

/// Collects the lexicons, policy, limits and model of an engine, then compiles it with
/// `shenhe_engine_builder_build()`.
///
/// Ownership: made by `shenhe_engine_builder_new()`, owned by the caller, freed with
/// `shenhe_engine_builder_free()` (building does not consume it). Thread safety: may move
/// between threads; use it from one thread at a time.
#[derive(Debug)]
pub struct shenhe_engine_builder {
    lexicon: LexiconBuilder,
    policy: Policy,
    config: Config,
    model: Option<Model>,
}

fn build_error(e: BuildError) -> Error {
    let code = if e.lexicon_error().is_some() {
        shenhe_result::LexiconError
    } else {
        shenhe_result::BuildError
    };
    Error::new(code, e.to_string())
}

fn lexicon_error(e: shenhe_core::LexiconError) -> Error {
    Error::new(shenhe_result::LexiconError, e.to_string())
}

fn policy_error(e: PolicyError) -> Error {
    Error::new(shenhe_result::PolicyError, e.to_string())
}

fn screen_error(e: ScreenError) -> Error {
    Error::new(shenhe_result::ScreenError, e.to_string())
}

/// Rejects a post longer than the engine's limit before its bytes are even read.
fn check_len(engine: &Engine, text: *const u8, len: usize) -> Result<(), Error> {
    // A NULL text is NULL_PARAMETER whatever its length (found by the `capi` fuzz target).
    if text.is_null() {
        return Err(Error::null("text"));
    }
    let max = engine.config().get_max_post_bytes();
    if len > max {
        return Err(Error::new(
            shenhe_result::PostTooLong,
            format!("post of {len} bytes exceeds the limit of {max} bytes"),
        ));
    }
    Ok(())
}

/// Loads the word segmenter's dictionary now rather than when the first post needs it (about
/// 100 ms and 32 MiB, once a process: short terms that can sit inside ordinary words are
/// checked against the words around them). A service calls it at start-up, on a thread of its
/// own if it likes, so that no post waits for it; calls after the first return at once.
///
/// Errors: none but `SHENHE_RESULT_PANIC`.
#[unsafe(no_mangle)]
pub extern "C" fn shenhe_preload_segmenter() -> shenhe_result {
    ffi_boundary! {
        shenhe_core::preload_segmenter();
        Ok(())
    }
}

/// Builds an engine over the lexicons shipped with shenhe, with the default policy
/// (docs/contract.md §3) and limits, and writes it to `*engine_out`.
///
/// Errors: `SHENHE_RESULT_NULL_PARAMETER`; `SHENHE_RESULT_LEXICON_ERROR` or
/// `SHENHE_RESULT_BUILD_ERROR` (not for the shipped data).
///
/// # Safety
/// `engine_out` points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_new(engine_out: *mut *mut shenhe_engine) -> shenhe_result {
    ffi_boundary! {
        let out = try_out!(engine_out)?;
        let engine = Engine::new().map_err(build_error)?;
        out.write(Box::into_raw(Box::new(shenhe_engine { engine })));
        Ok(())
    }
}

/// Frees an engine. NULL is allowed and does nothing.
///
/// # Safety
/// `engine` is NULL or an engine from this library that has not been freed, that no call is
/// using any more and that is not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_free(engine: *mut shenhe_engine) {
    ffi_boundary! { default = (); free_box!(engine) }
}

/// The engine's limit on one post, in bytes (longer posts are `SHENHE_RESULT_POST_TOO_LONG`);
/// 0 when `engine` is NULL.
///
/// # Safety
/// `engine` is NULL or a live engine from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_max_post_bytes(engine: *const shenhe_engine) -> usize {
    ffi_boundary! {
        default = 0;
        match try_ref!(engine) {
            Ok(e) => e.engine.config().get_max_post_bytes(),
            Err(_) => 0,
        }
    }
}

/// Starts an engine builder and writes it to `*builder_out`. With `with_shipped_lexicons` the
/// engine screens with the lexicons shipped with shenhe plus those added; without, with the
/// added ones only (`shenhe --no-default-lexicons`). The policy starts as the default table and
/// the post limit as 4 MiB.
///
/// # Safety
/// `builder_out` points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_new(
    with_shipped_lexicons: bool,
    builder_out: *mut *mut shenhe_engine_builder,
) -> shenhe_result {
    ffi_boundary! {
        let out = try_out!(builder_out)?;
        let mut lexicon = LexiconBuilder::default();
        if with_shipped_lexicons {
            lexicon.add_shipped().map_err(lexicon_error)?;
        }
        let builder = shenhe_engine_builder {
            lexicon,
            policy: Policy::new(),
            config: Config::new(),
            model: None,
        };
        out.write(Box::into_raw(Box::new(builder)));
        Ok(())
    }
}

/// Frees a builder. NULL is allowed and does nothing.
///
/// # Safety
/// `builder` is NULL or a builder from this library that has not been freed and is not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_free(builder: *mut shenhe_engine_builder) {
    ffi_boundary! { default = (); free_box!(builder) }
}

/// Applies `add` to a copy of the builder's lexicons and keeps the copy only if it succeeded, so
/// that a failed call leaves the builder as it was.
fn add_lexicon(
    builder: &mut shenhe_engine_builder,
    add: impl FnOnce(&mut LexiconBuilder) -> Result<(), shenhe_core::LexiconError>,
) -> Result<(), Error> {
    let mut next = builder.lexicon.clone();
    add(&mut next).map_err(lexicon_error)?;
    builder.lexicon = next;
    Ok(())
}

/// Adds every `*.txt` lexicon file of the directory at `path` (UTF-8, `path_len` bytes, not
/// NUL-terminated), in name order, not recursively (`shenhe --lexicons DIR`). The files are
/// parsed now: `SHENHE_RESULT_LEXICON_ERROR` names file, line and problem, and leaves the builder
/// unchanged.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `path` points to `path_len` readable
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_add_lexicon_dir(
    builder: *mut shenhe_engine_builder,
    path: *const u8,
    path_len: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        let path = try_str!(path, path_len)?;
        add_lexicon(builder, |l| l.add_dir(path).map(drop))
    }
}

/// Adds one lexicon file (UTF-8 path of `path_len` bytes). Parsed now, as
/// `shenhe_engine_builder_add_lexicon_dir()`.
///
/// # Safety
/// As `shenhe_engine_builder_add_lexicon_dir()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_add_lexicon_file(
    builder: *mut shenhe_engine_builder,
    path: *const u8,
    path_len: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        let path = try_str!(path, path_len)?;
        add_lexicon(builder, |l| l.add_file(path).map(drop))
    }
}

/// Adds lexicon lines held in memory (`text`, `text_len` bytes of UTF-8 in the format of
/// lexicons/README.md); `name` (UTF-8, `name_len` bytes) names the source in error messages.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `name` and `text` point to `name_len`
/// and `text_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_add_lexicon_text(
    builder: *mut shenhe_engine_builder,
    name: *const u8,
    name_len: usize,
    text: *const u8,
    text_len: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        let name = try_str!(name, name_len)?;
        let text = try_str!(text, text_len)?;
        add_lexicon(builder, |l| l.add_str(name, text).map(drop))
    }
}

/// Reads a policy file (UTF-8 path of `path_len` bytes): overrides of the default action per
/// category and account type (`shenhe --policy FILE`). Replaces any policy set before;
/// `SHENHE_RESULT_POLICY_ERROR` leaves the builder unchanged.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `path` points to `path_len` readable
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_set_policy_file(
    builder: *mut shenhe_engine_builder,
    path: *const u8,
    path_len: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        let path = try_str!(path, path_len)?;
        builder.policy = Policy::from_file(path).map_err(policy_error)?;
        Ok(())
    }
}

/// Sets the policy from lines held in memory (the policy file format); `name` names the source
/// in error messages. As `shenhe_engine_builder_set_policy_file()` otherwise.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `name` and `text` point to `name_len`
/// and `text_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_set_policy_text(
    builder: *mut shenhe_engine_builder,
    name: *const u8,
    name_len: usize,
    text: *const u8,
    text_len: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        let name = try_str!(name, name_len)?;
        let text = try_str!(text, text_len)?;
        builder.policy = Policy::parse(name, text.as_bytes()).map_err(policy_error)?;
        Ok(())
    }
}

/// Sets the limit on one post in bytes (default 4 MiB; values above 1 GiB are lowered to it).
/// Longer posts are refused with `SHENHE_RESULT_POST_TOO_LONG` rather than screened.
///
/// # Safety
/// `builder` is a live builder used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_set_max_post_bytes(
    builder: *mut shenhe_engine_builder,
    max_post_bytes: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        builder.config = builder.config.clone().max_post_bytes(max_post_bytes);
        Ok(())
    }
}

/// Checks ID numbers as of `year`-`month`-`day` instead of the current day in China (the
/// default): a birth date after that day makes an 18-digit number not a valid ID number. Pin the
/// day where verdicts must not depend on the clock (tests, re-running an audit); a saved engine
/// keeps it. A date that is not a day from 1900-01-01 to 9999-12-31 is
/// `SHENHE_RESULT_INVALID_ARGUMENT` and leaves the builder as it was.
///
/// # Safety
/// `builder` is a live builder used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_set_today(
    builder: *mut shenhe_engine_builder,
    year: u32,
    month: u32,
    day: u32,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        builder.config = builder.config.clone().try_today(year, month, day).ok_or_else(|| {
            Error::invalid_argument(format!(
                "today {year:04}-{month:02}-{day:02} is not a day from 1900-01-01 to 9999-12-31"
            ))
        })?;
        Ok(())
    }
}

/// Sets how many hits of one term or rule with one action a verdict lists (default 100; 0 is
/// taken as 1). The rest are counted in `shenhe_verdict_hits_omitted()`.
///
/// # Safety
/// `builder` is a live builder used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_set_max_hits_per_term(
    builder: *mut shenhe_engine_builder,
    max_hits_per_term: usize,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        builder.config = builder.config.clone().max_hits_per_term(max_hits_per_term);
        Ok(())
    }
}

/// Makes the engine score posts with `model` too (a model file read with
/// `shenhe_model_load_file()`), replacing any model set before; `model` is optional: NULL
/// removes the model. The builder shares the model: free the handle when you like.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `model` is NULL or a live model.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_set_model(
    builder: *mut shenhe_engine_builder,
    model: *const shenhe_model,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_mut!(builder)?;
        builder.model = if model.is_null() {
            None
        } else {
            Some(try_ref!(model)?.model.clone())
        };
        Ok(())
    }
}

/// Compiles an engine from the builder and writes it to `*engine_out`. The builder is not
/// consumed: free it with `shenhe_engine_builder_free()`, or add to it and build again.
///
/// Errors: `SHENHE_RESULT_LEXICON_ERROR` (a set used but defined nowhere, defined twice, or
/// including itself), `SHENHE_RESULT_BUILD_ERROR`.
///
/// # Safety
/// `builder` is a live builder not mutated by another thread during the call; `engine_out`
/// points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_builder_build(
    builder: *const shenhe_engine_builder,
    engine_out: *mut *mut shenhe_engine,
) -> shenhe_result {
    ffi_boundary! {
        let builder = try_ref!(builder)?;
        let out = try_out!(engine_out)?;
        let lexicon = builder.lexicon.build().map_err(lexicon_error)?;
        let mut engine = Engine::builder()
            .lexicon(lexicon)
            .policy(builder.policy.clone())
            .config(builder.config.clone());
        if let Some(model) = &builder.model {
            engine = engine.model(model.clone());
        }
        let engine = engine.build().map_err(build_error)?;
        out.write(Box::into_raw(Box::new(shenhe_engine { engine })));
        Ok(())
    }
}

/// Screens one post with `shenhe_engine_screen_with_id()` and no id: the same as passing NULL
/// and 0 for the id.
///
/// Errors: as `shenhe_engine_screen_with_id()`.
///
/// Thread safety: any number of threads may screen through one engine at once.
///
/// # Safety
/// `engine` is a live engine; `text` points to `len` readable bytes; `verdict_out` points to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_screen(
    engine: *const shenhe_engine,
    text: *const u8,
    len: usize,
    account: shenhe_account,
    verdict_out: *mut *mut shenhe_verdict,
) -> shenhe_result {
    screen(
        engine,
        text,
        len,
        account,
        std::ptr::null(),
        0,
        verdict_out,
        None,
    )
}

/// Screens one post: `text` is `len` bytes of UTF-8 (no NUL needed), `account` one of the
/// `SHENHE_ACCOUNT_*` values, `id` an optional id (`id_len` bytes of UTF-8) that the verdict
/// echoes, in its JSON (`"id"`) and through `shenhe_verdict_id()`; NULL (with `id_len` 0) for
/// none. Writes the verdict to `*verdict_out`; the caller frees it with `shenhe_verdict_free()`.
/// This is the one screening call; `shenhe_engine_screen()` is this one with no id.
///
/// Errors: `SHENHE_RESULT_NULL_PARAMETER`, `SHENHE_RESULT_INVALID_UTF8` (text or id),
/// `SHENHE_RESULT_INVALID_ARGUMENT` (account, or a NULL id with a nonzero `id_len`),
/// `SHENHE_RESULT_POST_TOO_LONG`.
///
/// Thread safety: any number of threads may screen through one engine at once.
///
/// # Safety
/// `engine` is a live engine; `text` points to `len` readable bytes; `id` is NULL or points to
/// `id_len` readable bytes; `verdict_out` points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_screen_with_id(
    engine: *const shenhe_engine,
    text: *const u8,
    len: usize,
    account: shenhe_account,
    id: *const u8,
    id_len: usize,
    verdict_out: *mut *mut shenhe_verdict,
) -> shenhe_result {
    screen(engine, text, len, account, id, id_len, verdict_out, None)
}

/// Screens one post and redacts it in the same pass: writes the verdict of
/// `shenhe_engine_screen_with_id()` to `*verdict_out` and the text of `shenhe_engine_redact()`
/// to `*redacted_out`, for the cost of screening alone. The caller frees them with
/// `shenhe_verdict_free()` and `shenhe_string_free()`. On an error neither is written.
///
/// Errors: as `shenhe_engine_screen_with_id()`; `SHENHE_RESULT_NULL_PARAMETER` for a NULL
/// `redacted_out` too.
///
/// Thread safety: any number of threads may screen through one engine at once.
///
/// # Safety
/// As `shenhe_engine_screen_with_id()`, and `redacted_out` points to writable memory for one
/// pointer.
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_screen_redacted(
    engine: *const shenhe_engine,
    text: *const u8,
    len: usize,
    account: shenhe_account,
    id: *const u8,
    id_len: usize,
    verdict_out: *mut *mut shenhe_verdict,
    redacted_out: *mut *mut shenhe_string,
) -> shenhe_result {
    screen(
        engine,
        text,
        len,
        account,
        id,
        id_len,
        verdict_out,
        Some(redacted_out),
    )
}

/// The body of `shenhe_engine_screen_with_id()`, `shenhe_engine_screen()` and (with
/// `redacted_out`) `shenhe_engine_screen_redacted()`. Not `unsafe fn` only so that they call it
/// without an `unsafe` block outside ffi.rs: its callers' Safety sections are its contract.
#[allow(clippy::too_many_arguments)]
fn screen(
    engine: *const shenhe_engine,
    text: *const u8,
    len: usize,
    account: shenhe_account,
    id: *const u8,
    id_len: usize,
    verdict_out: *mut *mut shenhe_verdict,
    redacted_out: Option<*mut *mut shenhe_string>,
) -> shenhe_result {
    ffi_boundary! {
        let engine = &try_ref!(engine)?.engine;
        let out = try_out!(verdict_out)?;
        let redacted_out = match redacted_out {
            Some(r) => Some(try_out!(r)?),
            None => None,
        };
        let account = account_from_c(account)?;
        let id = match (id.is_null(), id_len) {
            (true, 0) => None,
            (true, _) => {
                return Err(Error::invalid_argument(format!(
                    "id is NULL but id_len is {id_len}: pass NULL and 0 for no id"
                )));
            }
            (false, _) => Some(try_str!(id, id_len)?),
        };
        check_len(engine, text, len)?;
        let text = try_str!(text, len)?;
        let mut input = Input::new(text).account(account);
        if let Some(id) = id {
            input = input.id(id);
        }
        match redacted_out {
            None => {
                let verdict = engine.screen(input).map_err(screen_error)?;
                out.write(Box::into_raw(shenhe_verdict::new(verdict)));
            }
            Some(redacted_out) => {
                let (verdict, redacted) =
                    engine.screen_redacted(input).map_err(screen_error)?;
                out.write(Box::into_raw(shenhe_verdict::new(verdict)));
                let string = shenhe_string {
                    buf: CStrBuf::new(&redacted),
                };
                redacted_out.write(Box::into_raw(Box::new(string)));
            }
        }
        Ok(())
    }
}

/// Screens `count` posts in parallel (on all cores) and writes their verdicts, in input order,
/// to the caller's array `verdicts_out[0..count]`. Post `i` is `texts[i]`, `text_lens[i]` bytes
/// of UTF-8, for account `accounts[i]`; `accounts` may be NULL, meaning `SHENHE_ACCOUNT_ORG`
/// for all. Each verdict is what `shenhe_engine_screen()` gives for that post alone; the caller
/// frees each with `shenhe_verdict_free()`.
///
/// `results_out` is optional and chooses what a bad post (NULL text, invalid UTF-8, unknown
/// account, too long) does:
/// - NULL: the whole call fails with that post's code and writes nothing; the message starts
///   with "post I: ".
/// - an array of `count` codes: the call returns `SHENHE_RESULT_OK`, `results_out[i]` holds each
///   post's code, and a failed post's verdict is NULL (`shenhe_last_error_message()` tells of the
///   first failed post).
///
/// The call fails as a whole (writing nothing) when `engine`, `texts`, `text_lens` or
/// `verdicts_out` is NULL.
///
/// # Safety
/// `engine` is a live engine; `texts`, `text_lens` and (when not NULL) `accounts` point to
/// `count` readable elements, each `texts[i]` that is not NULL to `text_lens[i]` readable bytes;
/// `verdicts_out` and (when not NULL) `results_out` to `count` writable elements.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_screen_batch(
    engine: *const shenhe_engine,
    texts: *const *const u8,
    text_lens: *const usize,
    accounts: *const shenhe_account,
    count: usize,
    verdicts_out: *mut *mut shenhe_verdict,
    results_out: *mut shenhe_result,
) -> shenhe_result {
    ffi_boundary! {
        let engine = &try_ref!(engine)?.engine;
        let texts = try_slice!(texts, count)?;
        let lens = try_slice!(text_lens, count)?;
        let accounts = if accounts.is_null() {
            None
        } else {
            Some(try_slice!(accounts, count)?)
        };
        let verdicts_out = try_out_slice!(verdicts_out, count)?;
        let mut results_out = if results_out.is_null() {
            None
        } else {
            Some(try_out_slice!(results_out, count)?)
        };

        // Check every post; a bad one fails the call or only itself.
        let mut posts: Vec<Result<Input<'_>, Error>> = Vec::with_capacity(count);
        for i in 0..count {
            let (text, len) = (texts[i], lens[i]);
            let post = account_from_c(accounts.map_or(SHENHE_ACCOUNT_ORG, |a| a[i]))
                .and_then(|account| {
                    check_len(engine, text, len)?;
                    Ok(Input::new(try_str!(text, len)?).account(account))
                })
                .map_err(|e| e.prefixed(&format!("post {i}: ")));
            if results_out.is_none() {
                posts.push(Ok(post?));
            } else {
                posts.push(post);
            }
        }

        // Screen the good ones in parallel, then put each verdict back at its post's index.
        let good: Vec<Input<'_>> = posts.iter().filter_map(|p| p.as_ref().ok().copied()).collect();
        let mut screened = engine.screen_batch(&good).into_iter();
        let mut verdicts: Vec<Result<Box<shenhe_verdict>, Error>> = Vec::with_capacity(count);
        let mut failure = None;
        for (i, post) in posts.into_iter().enumerate() {
            let verdict = post.and_then(|_| {
                let v = screened.next().expect("one verdict per good post");
                v.map_err(|e| screen_error(e).prefixed(&format!("post {i}: ")))
            });
            match verdict {
                Ok(v) => verdicts.push(Ok(shenhe_verdict::new(v))),
                Err(e) if results_out.is_none() => {
                    failure = Some(e);
                    break;
                }
                Err(e) => verdicts.push(Err(e)),
            }
        }
        if let Some(e) = failure {
            return Err(e); // the verdicts made so far are dropped
        }

        // Nothing can fail from here on: write the outputs.
        let mut first_failure = true;
        for (i, verdict) in verdicts.into_iter().enumerate() {
            let code = match verdict {
                Ok(v) => {
                    verdicts_out[i].write(Box::into_raw(v));
                    shenhe_result::Ok
                }
                Err(e) => {
                    verdicts_out[i].write(std::ptr::null_mut());
                    if first_failure {
                        first_failure = false;
                        e.report()
                    } else {
                        e.code()
                    }
                }
            };
            if let Some(results) = results_out.as_deref_mut() {
                results[i].write(code);
            }
        }
        Ok(())
    }
}

/// The post (`len` bytes of UTF-8) with its personal information masked (docs/contract.md §6:
/// ID numbers, bank cards, mobile numbers, e-mail addresses; digits become `*`), written to
/// `*redacted_out` as a new `shenhe_string` that the caller frees with `shenhe_string_free()`.
///
/// Errors: `SHENHE_RESULT_NULL_PARAMETER`, `SHENHE_RESULT_INVALID_UTF8`,
/// `SHENHE_RESULT_POST_TOO_LONG`.
///
/// # Safety
/// `engine` is a live engine; `text` points to `len` readable bytes; `redacted_out` points to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_redact(
    engine: *const shenhe_engine,
    text: *const u8,
    len: usize,
    redacted_out: *mut *mut shenhe_string,
) -> shenhe_result {
    ffi_boundary! {
        let engine = &try_ref!(engine)?.engine;
        let out = try_out!(redacted_out)?;
        check_len(engine, text, len)?;
        let text = try_str!(text, len)?;
        let redacted = engine.redact(text).map_err(screen_error)?;
        let string = shenhe_string { buf: CStrBuf::new(&redacted) };
        out.write(Box::into_raw(Box::new(string)));
        Ok(())
    }
}

/// Parses an account id (`org`, `staff` or `private`; `len` bytes of UTF-8) into
/// `*account_out`. Unknown ids are `SHENHE_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// `name` points to `len` readable bytes; `account_out` to one writable `shenhe_account`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_account_parse(
    name: *const u8,
    len: usize,
    account_out: *mut shenhe_account,
) -> shenhe_result {
    ffi_boundary! {
        let out = try_out!(account_out)?;
        let name = try_str!(name, len)?;
        let account: Account = name
            .parse()
            .map_err(|e| Error::invalid_argument(format!("{e}")))?;
        out.write(account_to_c(account));
        Ok(())
    }
}
