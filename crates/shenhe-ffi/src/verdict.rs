//! Verdicts: the decision, the summary, the categories, each hit, and the JSON of
//! docs/contract.md §4.

use std::ffi::c_char;
use std::mem::MaybeUninit;
use std::sync::OnceLock;

use shenhe_core::{Action, Decision, Hit, Risk, Verdict};

use crate::engine::{account_to_c, shenhe_account};
use crate::error::{Error, shenhe_result};
use crate::string::CStrBuf;

/// A post's overall verdict (docs/contract.md §2): block if any hit blocks, else review if any
/// hit asks for review, else pass.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum shenhe_decision {
    /// Nothing holds the post.
    Pass = 0,
    /// A person must look before it goes out (先审后发).
    Review = 1,
    /// Must not be published.
    Block = 2,
}

/// What one hit asks for, after the policy for the account type.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum shenhe_action {
    /// Advice: does not hold the post.
    Note = 0,
    /// A person must look before it goes out.
    Review = 1,
    /// Must not be published.
    Block = 2,
}

/// How risky a post is, in one word (docs/contract.md §4): the role of the commercial
/// moderation APIs' risk level. Follows from the actions of the hits.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum shenhe_risk {
    /// Nothing found: a pass with no notes.
    None = 0,
    /// Only notes: advice that does not hold the post (a pass).
    Low = 1,
    /// A person must look before it goes out (`review`).
    Medium = 2,
    /// Must not be published (`block`).
    High = 3,
}

/// The verdict on one post: its decision, its summary (score, risk, label), its categories, its
/// hits, its JSON (docs/contract.md §4).
///
/// Ownership: made by `shenhe_engine_screen()` and friends, owned by the caller, freed with
/// `shenhe_verdict_free()`. Every string an accessor returns is borrowed from the verdict and
/// stays valid until it is freed. It does not borrow from the engine or the post's text.
///
/// Thread safety: immutable; it may be moved to another thread, and is to be used by one thread
/// at a time.
#[derive(Debug)]
pub struct shenhe_verdict {
    verdict: Verdict,
    id: Option<CStrBuf>,
    label: Option<CStrBuf>,
    categories: Vec<CStrBuf>,
    hits: Vec<HitStrings>,
    /// Made on first request: batch users often only need the decision.
    json: OnceLock<CStrBuf>,
}

/// A hit's strings, NUL-terminated for C.
#[derive(Debug)]
struct HitStrings {
    category: CStrBuf,
    clause: CStrBuf,
    term: CStrBuf,
    matched: CStrBuf,
    reason: CStrBuf,
}

impl HitStrings {
    fn new(hit: &Hit) -> HitStrings {
        HitStrings {
            category: CStrBuf::new(hit.category.id()),
            clause: CStrBuf::new(hit.clause),
            term: CStrBuf::new(&hit.term),
            matched: CStrBuf::new(&hit.matched),
            reason: CStrBuf::new(&hit.reason),
        }
    }
}

impl shenhe_verdict {
    pub(crate) fn new(verdict: Verdict) -> Box<shenhe_verdict> {
        Box::new(shenhe_verdict {
            id: verdict.id.as_deref().map(CStrBuf::new),
            label: verdict.label.map(|c| CStrBuf::new(c.id())),
            categories: verdict
                .categories
                .iter()
                .map(|c| CStrBuf::new(c.id()))
                .collect(),
            hits: verdict.hits.iter().map(HitStrings::new).collect(),
            json: OnceLock::new(),
            verdict,
        })
    }

    fn json(&self) -> &CStrBuf {
        self.json
            .get_or_init(|| CStrBuf::new(&self.verdict.to_json()))
    }

    fn hit(&self, index: usize) -> Result<(&Hit, &HitStrings), Error> {
        match (self.verdict.hits.get(index), self.hits.get(index)) {
            (Some(hit), Some(strings)) => Ok((hit, strings)),
            _ => Err(out_of_range("hit", index, self.hits.len())),
        }
    }
}

fn out_of_range(what: &str, index: usize, len: usize) -> Error {
    Error::new(
        shenhe_result::OutOfRange,
        format!("{what} index {index} is out of range (the verdict has {len})"),
    )
}

/// Writes an optional string: NULL and 0 when there is none.
fn put_optional(
    s: Option<&CStrBuf>,
    out: &mut MaybeUninit<*const c_char>,
    len_out: Option<&mut MaybeUninit<usize>>,
) {
    match s {
        Some(s) => s.put(out, len_out),
        None => {
            out.write(std::ptr::null());
            if let Some(len_out) = len_out {
                len_out.write(0);
            }
        }
    }
}

fn risk_to_c(risk: Risk) -> shenhe_risk {
    match risk {
        Risk::None => shenhe_risk::None,
        Risk::Low => shenhe_risk::Low,
        Risk::Medium => shenhe_risk::Medium,
        Risk::High => shenhe_risk::High,
    }
}

fn action_to_c(action: Action) -> shenhe_action {
    match action {
        Action::Note => shenhe_action::Note,
        Action::Review => shenhe_action::Review,
        Action::Block => shenhe_action::Block,
    }
}

/// Frees a verdict and every string borrowed from it. NULL is allowed and does nothing.
///
/// # Safety
/// `verdict` is NULL or a verdict from this library that has not been freed and is not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_free(verdict: *mut shenhe_verdict) {
    ffi_boundary! { default = (); free_box!(verdict) }
}

/// Writes the post's overall verdict to `*decision_out`.
///
/// # Safety
/// `verdict` is a live verdict; `decision_out` points to one writable `shenhe_decision`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_decision(
    verdict: *const shenhe_verdict,
    decision_out: *mut shenhe_decision,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let out = try_out!(decision_out)?;
        out.write(match v.verdict.verdict {
            Decision::Pass => shenhe_decision::Pass,
            Decision::Review => shenhe_decision::Review,
            Decision::Block => shenhe_decision::Block,
        });
        Ok(())
    }
}

/// Writes the account type the post was screened for (a `SHENHE_ACCOUNT_*` value) to
/// `*account_out`.
///
/// # Safety
/// `verdict` is a live verdict; `account_out` points to one writable `shenhe_account`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_account(
    verdict: *const shenhe_verdict,
    account_out: *mut shenhe_account,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let out = try_out!(account_out)?;
        out.write(account_to_c(v.verdict.account));
        Ok(())
    }
}

/// The id given to `shenhe_engine_screen_with_id()`: writes a borrowed NUL-terminated string to
/// `*id_out` and its length in bytes to `*len_out` (optional, may be NULL); NULL and 0 when the
/// post had no id.
///
/// # Safety
/// `verdict` is a live verdict; `id_out` points to one writable pointer; `len_out` is NULL or
/// points to one writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_id(
    verdict: *const shenhe_verdict,
    id_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let (out, len_out) = (try_out!(id_out)?, try_out_opt!(len_out)?);
        put_optional(v.id.as_ref(), out, len_out);
        Ok(())
    }
}

/// The verdict as one line of JSON in the shape of docs/contract.md §4, byte for byte what the
/// Rust API's `Verdict::to_json()` and `shenhe check` give: writes a borrowed NUL-terminated
/// string to `*json_out` and its length (no newline) to `*len_out` (optional, may be NULL).
///
/// # Safety
/// `verdict` is a live verdict; `json_out` points to one writable pointer; `len_out` is NULL or
/// points to one writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_json(
    verdict: *const shenhe_verdict,
    json_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let (out, len_out) = (try_out!(json_out)?, try_out_opt!(len_out)?);
        v.json().put(out, len_out);
        Ok(())
    }
}

/// The strongest evidence for holding the post, from 0 to 1 (docs/contract.md §4): 1.0 when a
/// hit blocks, a review hit's confidence when the strongest hit asks for review, 0 when the post
/// passes (notes count nothing). The same number as the JSON's `"score"`. 0 when `verdict` is
/// NULL.
///
/// # Safety
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_score(verdict: *const shenhe_verdict) -> f64 {
    ffi_boundary! {
        default = 0.0;
        try_ref!(verdict).map_or(0.0, |v| v.verdict.score)
    }
}

/// Writes the post's risk level (`none`, `low`, `medium`, `high`; the JSON's `"risk"`) to
/// `*risk_out`.
///
/// # Safety
/// `verdict` is a live verdict; `risk_out` points to one writable `shenhe_risk`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_risk(
    verdict: *const shenhe_verdict,
    risk_out: *mut shenhe_risk,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let out = try_out!(risk_out)?;
        out.write(risk_to_c(v.verdict.risk));
        Ok(())
    }
}

/// The post's main category (the JSON's `"label"`): the category id of its most severe hit,
/// notes included, so a pass with notes has one. Writes a borrowed NUL-terminated string to
/// `*id_out` and its length to `*len_out` (optional, may be NULL); NULL and 0 when the post has
/// no hit.
///
/// # Safety
/// `verdict` is a live verdict; `id_out` points to one writable pointer; `len_out` is NULL or
/// points to one writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_label(
    verdict: *const shenhe_verdict,
    id_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let (out, len_out) = (try_out!(id_out)?, try_out_opt!(len_out)?);
        put_optional(v.label.as_ref(), out, len_out);
        Ok(())
    }
}

/// The number of distinct categories of hits whose action is not a note (most severe first);
/// 0 when `verdict` is NULL.
///
/// # Safety
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_categories_len(verdict: *const shenhe_verdict) -> usize {
    ffi_boundary! {
        default = 0;
        try_ref!(verdict).map_or(0, |v| v.categories.len())
    }
}

/// The id (e.g. "gambling", docs/contract.md §3) of category `index` (below
/// `shenhe_verdict_categories_len()`): a borrowed NUL-terminated string to `*id_out`, its
/// length to `*len_out` (optional). `SHENHE_RESULT_OUT_OF_RANGE` for a bad index.
///
/// # Safety
/// `verdict` is a live verdict; `id_out` points to one writable pointer; `len_out` is NULL or
/// points to one writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_category(
    verdict: *const shenhe_verdict,
    index: usize,
    id_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    ffi_boundary! {
        let v = try_ref!(verdict)?;
        let (out, len_out) = (try_out!(id_out)?, try_out_opt!(len_out)?);
        let id = v
            .categories
            .get(index)
            .ok_or_else(|| out_of_range("category", index, v.categories.len()))?;
        id.put(out, len_out);
        Ok(())
    }
}

/// The number of hits (findings), in text order; 0 when `verdict` is NULL.
///
/// # Safety
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hits_len(verdict: *const shenhe_verdict) -> usize {
    ffi_boundary! {
        default = 0;
        try_ref!(verdict).map_or(0, |v| v.hits.len())
    }
}

/// The number of hits left out of the list by the engine's limit of hits per term
/// (`Config::max_hits_per_term`, 100 by default; the JSON's `hits_omitted`); 0 when `verdict`
/// is NULL. They never change the decision.
///
/// # Safety
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hits_omitted(verdict: *const shenhe_verdict) -> usize {
    ffi_boundary! {
        default = 0;
        try_ref!(verdict).map_or(0, |v| v.verdict.hits_omitted)
    }
}

/// The body of every per-hit accessor (`shenhe_verdict_hit_*`), so they check and fail alike:
/// NULL_PARAMETER for a NULL `verdict` or required out-parameter (each checked before anything
/// else, and named in the message), OUT_OF_RANGE for an `index` at or past
/// `shenhe_verdict_hits_len()`, and nothing written on failure. The functions themselves stay
/// written out, each with its doc comment: cbindgen reads the source without expanding macros,
/// so a function generated by a macro would be missing from the header.
///
/// - `string FIELD => OUT, LEN_OUT`: the hit's NUL-terminated string `FIELD`, borrowed from the
///   verdict, to `*OUT`, and its length to `*LEN_OUT` when that is not NULL;
/// - `|hit| VALUE => OUT`: `VALUE`, computed from the `Hit`, to `*OUT`;
/// - `|hit| (A, B) => OUT_A, OUT_B`: two values, such as a span's start and end.
macro_rules! hit_accessor {
    ($verdict:ident, $index:ident, string $field:ident => $out:ident, $len_out:ident) => {
        ffi_boundary! {
            let v = try_ref!($verdict)?;
            let (out, len_out) = (try_out!($out)?, try_out_opt!($len_out)?);
            v.hit($index)?.1.$field.put(out, len_out);
            Ok(())
        }
    };
    ($verdict:ident, $index:ident, |$hit:ident| ($a:expr, $b:expr) => $out_a:ident, $out_b:ident) => {
        ffi_boundary! {
            let v = try_ref!($verdict)?;
            let (out_a, out_b) = (try_out!($out_a)?, try_out!($out_b)?);
            let $hit: &Hit = v.hit($index)?.0;
            out_a.write($a);
            out_b.write($b);
            Ok(())
        }
    };
    ($verdict:ident, $index:ident, |$hit:ident| $value:expr => $out:ident) => {
        ffi_boundary! {
            let v = try_ref!($verdict)?;
            let out = try_out!($out)?;
            let $hit: &Hit = v.hit($index)?.0;
            out.write($value);
            Ok(())
        }
    };
}

/// The category id of hit `index` (below `shenhe_verdict_hits_len()`): a borrowed
/// NUL-terminated string to `*category_out`, its length to `*len_out` (optional).
///
/// # Safety
/// `verdict` is a live verdict; `category_out` points to one writable pointer; `len_out` is
/// NULL or points to one writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_category(
    verdict: *const shenhe_verdict,
    index: usize,
    category_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, string category => category_out, len_out)
}

/// What hit `index` asks for, after the policy for the account type, to `*action_out`.
///
/// # Safety
/// `verdict` is a live verdict; `action_out` points to one writable `shenhe_action`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_action(
    verdict: *const shenhe_verdict,
    index: usize,
    action_out: *mut shenhe_action,
) -> shenhe_result {
    hit_accessor!(verdict, index, |hit| action_to_c(hit.action) => action_out)
}

/// The regulation clause hit `index` rests on (e.g. "Y9(七)"): a borrowed NUL-terminated string
/// to `*clause_out`, its length to `*len_out` (optional).
///
/// # Safety
/// As `shenhe_verdict_hit_category()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_clause(
    verdict: *const shenhe_verdict,
    index: usize,
    clause_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, string clause => clause_out, len_out)
}

/// The lexicon entry (or rule name) that hit `index` matched: a borrowed NUL-terminated string
/// to `*term_out`, its length to `*len_out` (optional).
///
/// # Safety
/// As `shenhe_verdict_hit_category()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_term(
    verdict: *const shenhe_verdict,
    index: usize,
    term_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, string term => term_out, len_out)
}

/// The original text of hit `index`'s span (the post's bytes `start..end`, as the user typed
/// them): a borrowed NUL-terminated string to `*matched_out`, its length to `*len_out`
/// (optional). It holds a NUL byte only if the post did there.
///
/// # Safety
/// As `shenhe_verdict_hit_category()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_matched(
    verdict: *const shenhe_verdict,
    index: usize,
    matched_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, string matched => matched_out, len_out)
}

/// One short human-readable line in Chinese on hit `index` (e.g. "赌博: 命中词条 网络赌场"): a
/// borrowed NUL-terminated string to `*reason_out`, its length to `*len_out` (optional).
///
/// # Safety
/// As `shenhe_verdict_hit_category()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_reason(
    verdict: *const shenhe_verdict,
    index: usize,
    reason_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, string reason => reason_out, len_out)
}

/// What `shenhe_verdict_hit_score()` writes for a hit that has no score of its own (a lexicon or
/// detector hit): a model's scores are never negative.
pub const SHENHE_NO_SCORE: f64 = -1.0;

/// The score (0 to 1) of hit `index` when a learned model found it (term `model:<category>`,
/// the JSON's hit `"score"`), written to `*score_out`; `SHENHE_NO_SCORE` (-1.0) for a hit of the
/// lexicons or detectors, which has none.
///
/// # Safety
/// `verdict` is a live verdict; `score_out` points to one writable `double`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_score(
    verdict: *const shenhe_verdict,
    index: usize,
    score_out: *mut f64,
) -> shenhe_result {
    hit_accessor!(verdict, index, |hit| hit.score.unwrap_or(SHENHE_NO_SCORE) => score_out)
}

/// The byte span of hit `index` in the ORIGINAL text: `*start_out` and `*end_out` (exclusive)
/// are byte offsets on UTF-8 character boundaries, so `text + start` holds the matched text.
///
/// # Safety
/// `verdict` is a live verdict; `start_out` and `end_out` point to one writable `size_t` each.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_span(
    verdict: *const shenhe_verdict,
    index: usize,
    start_out: *mut usize,
    end_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, |hit| (hit.start, hit.end) => start_out, end_out)
}

/// The span of hit `index` in Unicode scalar values (characters): `*start_out`, `*end_out`
/// (exclusive).
///
/// # Safety
/// As `shenhe_verdict_hit_span()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_verdict_hit_char_span(
    verdict: *const shenhe_verdict,
    index: usize,
    start_out: *mut usize,
    end_out: *mut usize,
) -> shenhe_result {
    hit_accessor!(verdict, index, |hit| (hit.char_start, hit.char_end) => start_out, end_out)
}
