//! Rust verdicts into Java objects. [`verdict`] is the ONE place where a [`Verdict`] becomes a
//! `cn.shenhe.Verdict`: a field added to the Rust verdict is added here, to the constructor's
//! signature in `lib.rs` and to `Verdict.java`, and nowhere else.

use jni::Env;
use jni::objects::{JObjectArray, JString};
use shenhe_core::{Account, Action, Decision, Hit, Risk, Verdict};

use crate::error::Failure;
use crate::text::Utf16Offsets;
use crate::{JHit, JVerdict};

/// The Java verdict for `verdict`, the result of screening `text`.
///
/// Enums go over as ordinals of the Java enums (`Decision`, `Account`, `Action`), whose order
/// is the Rust order; `toString()` is `Verdict::to_json`, so it is the contract's JSON by
/// construction.
pub fn verdict<'local>(
    env: &mut Env<'local>,
    text: &str,
    verdict: &Verdict,
) -> Result<JVerdict<'local>, Failure> {
    // Most posts pass with no hits: then no arrays are made at all (`null` is an empty list).
    let offsets = Utf16Offsets::new(text);
    let hits = if verdict.hits.is_empty() {
        JObjectArray::<JHit>::null()
    } else {
        JObjectArray::<JHit>::new(env, verdict.hits.len(), JHit::null())?
    };
    for (i, h) in verdict.hits.iter().enumerate() {
        // One local frame per hit: a post with thousands of hits needs no more than a few
        // local references at a time.
        let hit = env.with_local_frame_returning_local::<_, JHit, Failure>(16, |env| {
            hit(env, &offsets, h)
        })?;
        hits.set_element(env, i, &hit)?;
        env.delete_local_ref(hit);
    }
    let categories = if verdict.categories.is_empty() {
        JObjectArray::<JString>::null()
    } else {
        JObjectArray::<JString>::new(env, verdict.categories.len(), JString::null())?
    };
    for (i, c) in verdict.categories.iter().enumerate() {
        let id = JString::from_str(env, c.id())?;
        categories.set_element(env, i, &id)?;
        env.delete_local_ref(id);
    }
    let id = match &verdict.id {
        Some(id) => JString::from_str(env, id)?,
        None => JString::null(),
    };
    let json = JString::from_str(env, verdict.to_json())?;
    let decision = match verdict.verdict {
        Decision::Pass => 0,
        Decision::Review => 1,
        Decision::Block => 2,
    };
    let risk = match verdict.risk {
        Risk::None => 0,
        Risk::Low => 1,
        Risk::Medium => 2,
        Risk::High => 3,
    };
    let label = match verdict.label {
        Some(c) => JString::from_str(env, c.id())?,
        None => JString::null(),
    };
    Ok(JVerdict::new(
        env,
        &id,
        decision,
        account_ordinal(verdict.account),
        &categories,
        verdict.score,
        risk,
        &label,
        &hits,
        i64::try_from(verdict.hits_omitted).unwrap_or(i64::MAX),
        &json,
    )?)
}

fn hit<'local>(
    env: &mut Env<'local>,
    offsets: &Utf16Offsets<'_>,
    hit: &Hit,
) -> Result<JHit<'local>, Failure> {
    let action = match hit.action {
        Action::Note => 0,
        Action::Review => 1,
        Action::Block => 2,
    };
    let category = JString::from_str(env, hit.category.id())?;
    let clause = JString::from_str(env, hit.clause)?;
    let term = JString::from_str(env, &*hit.term)?;
    let matched = JString::from_str(env, &hit.matched)?;
    let reason = JString::from_str(env, &hit.reason)?;
    Ok(JHit::new(
        env,
        &category,
        action,
        &clause,
        &term,
        &matched,
        int(hit.start)?,
        int(hit.end)?,
        int(hit.char_start)?,
        int(hit.char_end)?,
        int(offsets.at(hit.start, hit.char_start))?,
        int(offsets.at(hit.end, hit.char_end))?,
        &reason,
    )?)
}

/// The ordinal of `cn.shenhe.Account`.
pub fn account_ordinal(account: Account) -> i32 {
    match account {
        Account::Org => 0,
        Account::Staff => 1,
        Account::Private => 2,
    }
}

/// The account of a `cn.shenhe.Account` ordinal.
pub fn account_from_ordinal(ordinal: i32) -> Result<Account, Failure> {
    Account::ALL
        .get(usize::try_from(ordinal).unwrap_or(usize::MAX))
        .copied()
        .ok_or_else(|| Failure::Screen(format!("account ordinal {ordinal} is not an Account")))
}

/// An offset for Java. Posts are at most `MAX_POST_BYTES_LIMIT` (1 GiB) long, so offsets fit.
fn int(offset: usize) -> Result<i32, Failure> {
    i32::try_from(offset)
        .map_err(|_| Failure::Screen(format!("offset {offset} does not fit a Java int")))
}
