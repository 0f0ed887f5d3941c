//! Composes the sources into the four tables, and checks the invariants the runtime relies on.
//!
//! Per char, the fold is the composition, in this order, of
//! 1. NFKC ([`nfkc`]) — full width, compatibility forms, enumerated numbers;
//! 2. lower case ([`case`]) — so ＤＵＢＯ → DUBO → dubo;
//! 3. traditional → simplified ([`opencc::ts_pairs`]);
//! 4. Japanese shinjitai → traditional ([`opencc::shinjitai`]), which the closure then takes on
//!    to simplified;
//! 5. the hand-written variants ([`variants`]) — look-alikes and radicals.
//!
//! Each stage sees what the previous one produced. The composed map is then closed (applied until
//! nothing changes), so that folding is idempotent: a variant that yields a traditional char
//! (⻑ → 長) ends at the simplified one (长). A cycle is an error.

use std::collections::{BTreeMap, BTreeSet};

use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;

use crate::classes::{self, Class, base_class};
use crate::digits::CJK_DIGITS;
use crate::nfkc::{Nfkc, nfkc};
use crate::variants::{self, Action, describe};
use crate::{case, opencc};

/// The generated tables, in the form they are written.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Single-char folds, closed.
    pub(crate) fold: BTreeMap<char, char>,
    /// Multi-char expansions, values already folded.
    pub(crate) expand: BTreeMap<char, String>,
    /// Sorted, non-overlapping inclusive ranges.
    pub(crate) class: Vec<(char, char, Class)>,
    /// CJK digit chars, sorted by key.
    pub(crate) digits: Vec<(char, u8)>,
    /// How many folds each stage contributed before closing (for the curious; not written).
    pub(crate) stage_counts: Vec<(&'static str, usize)>,
}

/// Every Unicode scalar value, in order.
pub(crate) fn all_chars() -> impl Iterator<Item = char> {
    ('\0'..='\u{d7ff}').chain('\u{e000}'..=char::MAX)
}

/// Builds the tables from the parsed sources. `variants_src` is the text of variants.txt.
pub(crate) fn build(variants_src: &str) -> Result<Tables, String> {
    let entries = variants::parse(variants_src)?;

    // Stages 3 and 4 as maps.
    let ts: BTreeMap<char, char> = opencc::ts_pairs()
        .into_iter()
        .filter(|(k, v)| k != v)
        .collect();
    let keep: BTreeSet<char> = entries
        .iter()
        .filter(|e| e.action == Action::Keep)
        .map(|e| e.key)
        .collect();
    let candidates = opencc::shinjitai_candidates();
    for e in entries.iter().filter(|e| e.action == Action::Keep) {
        if !candidates.contains_key(&e.key) {
            return Err(format!(
                "line {}: `keep` for {}, which no derived variant maps: remove the line",
                e.line,
                describe(e.key)
            ));
        }
    }
    let jp = opencc::shinjitai(&ts, &keep);

    // Stage 5, after checking each key is not already changed by stages 1–4 (the line would
    // never apply, or would fight the earlier source).
    let mut variant_fold: BTreeMap<char, char> = BTreeMap::new();
    let mut variant_expand: BTreeMap<char, (usize, String)> = BTreeMap::new();
    for e in &entries {
        if e.action == Action::Keep {
            continue;
        }
        let earlier = stages_1_to_4(e.key, &ts, &jp);
        if earlier.result != e.key || earlier.multi.is_some() {
            let to = earlier
                .multi
                .map_or_else(|| describe(earlier.result), |s| format!("{s:?}"));
            return Err(format!(
                "line {}: {} is already folded (to {to}) by NFKC, case, OpenCC or shinjitai: \
                 remove the line",
                e.line,
                describe(e.key),
            ));
        }
        match &e.action {
            Action::Fold(v) => {
                variant_fold.insert(e.key, *v);
            }
            Action::Expand(s) => {
                variant_expand.insert(e.key, (e.line, s.clone()));
            }
            Action::Keep => {}
        }
    }

    // The composed, unclosed map; NFKC expansions on the side.
    let mut raw: BTreeMap<char, char> = BTreeMap::new();
    let mut nfkc_multi: BTreeMap<char, String> = BTreeMap::new();
    let mut counts = [0usize; 5];
    for c in all_chars() {
        let staged = stages_1_to_4(c, &ts, &jp);
        for (n, changed) in counts.iter_mut().zip(staged.changed) {
            *n += usize::from(changed);
        }
        let mut x = staged.result;
        if let Some(&v) = variant_fold.get(&x) {
            counts[4] += 1;
            x = v;
        }
        if x != c {
            raw.insert(c, x);
        }
        if let Some(s) = staged.multi {
            nfkc_multi.insert(c, s);
        }
    }
    let stage_counts = vec![
        ("nfkc", counts[0]),
        ("lowercase", counts[1]),
        ("opencc-ts", counts[2]),
        ("shinjitai", counts[3]),
        ("variants", counts[4]),
    ];

    let mut fold = close(&raw)?;
    let folded = |c: char| fold.get(&c).copied().unwrap_or(c);

    // Expansions: NFKC's, kept only when every char is a letter, digit or ideograph once folded
    // (⑳ → "20", ㍿ → "株式会社"; not ½ → "1⁄2", not ℃ → "°c"); and variants.txt's, which must
    // be.
    let mut expand: BTreeMap<char, String> = BTreeMap::new();
    for (&c, s) in &nfkc_multi {
        let value: String = s.chars().map(folded).collect();
        if value.chars().all(|x| base_class(x).is_none()) {
            expand.insert(c, value);
        }
    }
    for (&c, (line, s)) in &variant_expand {
        let value: String = s.chars().map(folded).collect();
        if !value.chars().all(|x| base_class(x).is_none()) {
            return Err(format!(
                "line {line}: the expansion {value:?} holds a char that is not kept"
            ));
        }
        expand.insert(c, value);
    }
    // An expanded char is not folded too: the runtime expands first.
    fold.retain(|c, _| !expand.contains_key(c));

    check_fold(&fold, &expand)?;

    let class = classes::ranges(all_chars().map(|c| {
        let class = if expand.contains_key(&c) {
            None
        } else {
            base_class(fold.get(&c).copied().unwrap_or(c))
        };
        (c, class)
    }));

    let mut digits = CJK_DIGITS.to_vec();
    digits.sort_unstable();
    for w in digits.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(format!("CJK digit {} listed twice", describe(w[0].0)));
        }
    }
    for &(c, d) in &digits {
        if fold.contains_key(&c) || expand.contains_key(&c) || base_class(c).is_some() || d > 9 {
            return Err(format!(
                "CJK digit {} must be a kept, folded form with a value 0–9",
                describe(c)
            ));
        }
    }

    Ok(Tables {
        fold,
        expand,
        class,
        digits,
        stage_counts,
    })
}

/// One char after stages 1–4.
struct Staged {
    result: char,
    /// NFKC's result when it is several chars (the char itself goes on through the later
    /// stages, in case the expansion is not kept).
    multi: Option<String>,
    /// Which of the four stages changed the char.
    changed: [bool; 4],
}

fn stages_1_to_4(c: char, ts: &BTreeMap<char, char>, jp: &BTreeMap<char, char>) -> Staged {
    let mut changed = [false; 4];
    let mut x = c;
    let mut multi = None;
    // Unassigned code points and private use stay as they are in every source (NFKC is stable
    // for them); most of the code space is one or the other, so skipping them saves time.
    let gc = CodePointMapData::<GeneralCategory>::new().get(c);
    if matches!(
        gc,
        GeneralCategory::Unassigned | GeneralCategory::PrivateUse
    ) {
        return Staged {
            result: x,
            multi,
            changed,
        };
    }
    match nfkc(c) {
        Nfkc::Same => {}
        Nfkc::Single(s) => {
            changed[0] = true;
            x = s;
        }
        Nfkc::Multi(s) => multi = Some(s),
    }
    if let Some(y) = case::lowercase(x) {
        changed[1] = true;
        x = y;
    }
    if let Some(&y) = ts.get(&x) {
        changed[2] = true;
        x = y;
    }
    if let Some(&y) = jp.get(&x) {
        changed[3] = true;
        x = y;
    }
    Staged {
        result: x,
        multi,
        changed,
    }
}

/// Applies `raw` until nothing changes. Errors on a cycle.
fn close(raw: &BTreeMap<char, char>) -> Result<BTreeMap<char, char>, String> {
    let mut closed = BTreeMap::new();
    for (&k, &v) in raw {
        let mut path = vec![k];
        let mut x = v;
        while let Some(&next) = raw.get(&x) {
            if path.contains(&x) {
                path.push(x);
                let cycle: Vec<String> = path.iter().map(|&c| describe(c)).collect();
                return Err(format!("fold cycle: {}", cycle.join(" → ")));
            }
            path.push(x);
            x = next;
        }
        if x != k {
            closed.insert(k, x);
        }
    }
    Ok(closed)
}

/// The invariants the runtime relies on.
fn check_fold(fold: &BTreeMap<char, char>, expand: &BTreeMap<char, String>) -> Result<(), String> {
    for (&k, &v) in fold {
        if k == v {
            return Err(format!("FOLD maps {} to itself", describe(k)));
        }
        if fold.contains_key(&v) {
            return Err(format!(
                "FOLD is not closed: {} → {}",
                describe(k),
                describe(v)
            ));
        }
        if expand.contains_key(&v) {
            return Err(format!(
                "{} folds to {}, which expands: the runtime does not expand after folding",
                describe(k),
                describe(v)
            ));
        }
    }
    for (&k, s) in expand {
        if let Some(c) = s
            .chars()
            .find(|c| fold.contains_key(c) || expand.contains_key(c))
        {
            return Err(format!(
                "EXPAND value of {} is not folded: {}",
                describe(k),
                describe(c)
            ));
        }
    }
    Ok(())
}
