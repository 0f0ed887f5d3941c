//! From automaton matches to hits: rules (`need=`, `unless=`), allow phrases, Latin word
//! boundaries, the policy's actions, and the offset map back to the original text.

use crate::automata::Automaton;
use crate::category::{Account, Action, Category};
use crate::lexicon::{EntryKind, Scope};
use crate::normalize::Normalized;
use crate::policy::Policy;
use crate::segment;
use crate::verdict::Hit;

/// A pattern found in normalized text: pattern id and normalized char span.
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    pattern: u32,
    start: u32,
    end: u32,
}

/// A deny term found, before rules and policy: entry id and normalized char span.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    entry: u32,
    category: Category,
    start: u32,
    end: u32,
}

/// Per-thread working memory, kept between posts so steady-state screening does not allocate
/// beyond the hits it returns.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) norm: Normalized,
    occurrences: Vec<Occurrence>,
    candidates: Vec<Candidate>,
    /// Allow phrases found: (category mask, start, end).
    allows: Vec<(u32, u32, u32)>,
    /// The repeat-collapsed view of the normalized text and its spans.
    collapsed: String,
    collapsed_spans: Vec<(u32, u32, u32)>,
}

/// Finds the hits of `text` (already normalized into `scratch.norm`).
pub(crate) fn classify(
    automaton: &Automaton,
    policy: &Policy,
    account: Account,
    text: &str,
    scratch: &mut Scratch,
) -> Vec<Hit> {
    let Scratch {
        norm,
        occurrences,
        candidates,
        allows,
        collapsed,
        collapsed_spans,
    } = scratch;
    occurrences.clear();
    candidates.clear();
    allows.clear();

    let mut record = |pattern: u32, start: u32, end: u32| {
        // A value out of range can only come from a crafted saved engine (loading does not
        // walk the automaton to check them): skip it rather than panic.
        let Some(p) = automaton.patterns.get(pattern as usize) else {
            return;
        };
        occurrences.push(Occurrence {
            pattern,
            start,
            end,
        });
        for &entry in &p.entries {
            match automaton.entries[entry as usize].kind {
                EntryKind::Term(category) => candidates.push(Candidate {
                    entry,
                    category,
                    start,
                    end,
                }),
                EntryKind::Allow { only } => allows.push((only, start, end)),
            }
        }
    };
    for m in automaton.ac.find_overlapping_iter(&norm.text) {
        if m.value() != u32::MAX {
            let start = norm.char_index(m.start()) as u32;
            let end = norm.char_index(m.end()) as u32;
            record(m.value(), start, end);
        }
    }
    // Stutter (赌赌博博) is matched on a second view where repeats are collapsed; its spans
    // are mapped back to cover every repeated character.
    if norm.collapse_repeats(collapsed, collapsed_spans) {
        for m in automaton.ac.find_overlapping_iter(collapsed.as_str()) {
            if m.value() == u32::MAX {
                continue;
            }
            let k = |byte: usize| collapsed_spans.partition_point(|&(b, _, _)| (b as usize) < byte);
            let (ks, ke) = (k(m.start()), k(m.end()));
            // Chinese doubles single characters all the time (妈妈, 妹妹, 奶奶, 草草): one
            // doubled character is language, not stutter, and collapsing it would turn 妈妈的
            // into 妈的. Stutter repeats two or more characters of a term (赌赌博博) or one
            // character three times or more (约约约炮).
            let runs = &collapsed_spans[ks..ke];
            let doubled = runs.iter().filter(|r| r.2 > r.1).count();
            let longest = runs.iter().map(|r| r.2 - r.1 + 1).max().unwrap_or(1);
            if doubled < 2 && longest < 3 {
                continue;
            }
            let (start, end) = (collapsed_spans[ks].1, collapsed_spans[ke - 1].2 + 1);
            record(m.value(), start, end);
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }

    // Within one category, a hit inside a longer hit says nothing new (网络赌场 holds 赌场).
    candidates.sort_by_key(|c| (c.category, c.start, std::cmp::Reverse(c.end), c.entry));
    let mut hits = Vec::new();
    let mut covered: Option<(Category, u32)> = None;
    for c in candidates.iter() {
        let e = &automaton.entries[c.entry as usize];
        let (start, end) = (c.start as usize, c.end as usize);
        if e.ascii_start && start > 0 && continues_word(norm, start - 1, start) {
            continue;
        }
        if e.ascii_end && end < norm.len() && continues_word(norm, end - 1, end) {
            continue;
        }
        if e.boundary
            && !(e.ascii_start && e.ascii_end)
            && !segment::is_whole_words(norm, start, end)
        {
            continue;
        }
        let bit = 1u32 << c.category.index();
        if allows
            .iter()
            .any(|&(only, s, t)| only & bit != 0 && s <= c.start && c.end <= t)
        {
            continue;
        }
        let scope = e.within;
        if let Some(set) = e.need
            && find(automaton, norm, occurrences, set, c, scope).is_none()
        {
            continue;
        }
        if let Some(set) = e.unless
            && find(automaton, norm, occurrences, set, c, scope).is_some()
        {
            continue;
        }
        if matches!(covered, Some((cat, end)) if cat == c.category && c.end <= end) {
            continue;
        }
        covered = Some((c.category, c.end));

        let Some((category, mut action)) = policy.resolve(c.category, account, e.action) else {
            continue;
        };
        let mut reason = format!("{}: 命中词条 {}", category.name(), e.term);
        if action > Action::Note
            && let Some((name, cue)) = context(automaton, norm, occurrences, c, text)
        {
            action = Action::Note;
            reason = format!("{reason}; {name}语境「{cue}」, 仅作提示");
        }
        let (b0, b1, c0, c1) = norm.original_span(start, end);
        hits.push(Hit {
            category,
            action,
            clause: category.clause(),
            term: e.term.clone(),
            matched: text[b0..b1].to_string(),
            start: b0,
            end: b1,
            char_start: c0,
            char_end: c1,
            reason,
        });
    }
    hits
}

/// True when normalized chars `a` and `b` (adjacent indices) are both ASCII letters or digits
/// and nothing stood between them in the original: the span would cut a Latin word or number.
fn continues_word(norm: &Normalized, a: usize, b: usize) -> bool {
    norm.char_at(a).is_ascii_alphanumeric()
        && norm.char_at(b).is_ascii_alphanumeric()
        && norm.origins[a].end == norm.origins[b].start
}

/// The first occurrence of a word of `set` in `scope` around the candidate that is not just a
/// part of the candidate itself.
fn find<'o>(
    automaton: &Automaton,
    norm: &Normalized,
    occurrences: &'o [Occurrence],
    set: u32,
    c: &Candidate,
    scope: Scope,
) -> Option<&'o Occurrence> {
    occurrences.iter().find(|o| {
        if c.start <= o.start && o.end <= c.end {
            return false;
        }
        if let Scope::Within(within) = scope {
            let gap_before = c.start.saturating_sub(o.end);
            let gap_after = o.start.saturating_sub(c.end);
            if gap_before > within || gap_after > within {
                return false;
            }
        }
        if automaton.patterns[o.pattern as usize]
            .sets
            .binary_search(&set)
            .is_err()
        {
            return false;
        }
        if scope == Scope::Post {
            return true;
        }
        let (a, b) = if o.start < c.start {
            (o.start, c.end)
        } else {
            (c.start, o.end)
        };
        norm.same_sentence(a as usize, b as usize)
    })
}

/// The context rule that turns this candidate into reporting, with the cue's original text.
fn context<'t>(
    automaton: &'t Automaton,
    norm: &Normalized,
    occurrences: &[Occurrence],
    c: &Candidate,
    text: &'t str,
) -> Option<(&'t str, &'t str)> {
    let bit = 1u32 << c.category.index();
    automaton.contexts.iter().find_map(|ctx| {
        if ctx.only & bit == 0 {
            return None;
        }
        let cue = find(automaton, norm, occurrences, ctx.cue, c, ctx.scope)?;
        if let Some(unless) = ctx.unless
            && find(automaton, norm, occurrences, unless, c, ctx.scope).is_some()
        {
            return None;
        }
        let (b0, b1, _, _) = norm.original_span(cue.start as usize, cue.end as usize);
        Some((&*ctx.name, &text[b0..b1]))
    })
}
