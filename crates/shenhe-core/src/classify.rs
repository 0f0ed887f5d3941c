//! From automaton matches to hits: rules (`need=`, `unless=`), allow phrases, Latin word
//! boundaries, the policy's actions, and the offset map back to the original text.

use crate::automata::Automaton;
use crate::category::{Account, Action, Category};
use crate::lexicon::{EntryKind, Order, Scope};
use crate::normalize::{Normalized, sound};
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
    /// Found by sound (the homophone view), not by its characters.
    heard: bool,
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
    /// Every (set, start, end) of a set word found, sorted: what `need=`, `unless=` and
    /// context rules look up.
    members: Vec<(u32, u32, u32)>,
    /// The repeat-collapsed view of the normalized text and its spans.
    collapsed: String,
    collapsed_spans: Vec<(u32, u32, u32)>,
    /// The sound keys of the normalized text (the homophone view).
    keys: String,
    /// The second normalized reading, with table emoji read as words.
    alt: Normalized,
}

/// Finds the hits of `text`: [`classify`] on the normalized text, and, when the text holds an
/// emoji of the emoji table, again on the reading with those emoji as words (你这个🐷 →
/// 你这个猪). A hit of the second reading counts only where it takes in a replaced emoji and
/// no hit of its category covers the same text already.
pub(crate) fn screen_views(
    automaton: &Automaton,
    policy: &Policy,
    account: Account,
    text: &str,
    scratch: &mut Scratch,
) -> Vec<Hit> {
    scratch.norm.normalize(text);
    let mut hits = classify(automaton, policy, account, text, scratch);
    if !scratch.norm.emoji_words {
        return hits;
    }
    std::mem::swap(&mut scratch.norm, &mut scratch.alt);
    scratch.norm.normalize_reading_emoji(text);
    let extra = classify(automaton, policy, account, text, scratch);
    std::mem::swap(&mut scratch.norm, &mut scratch.alt);
    for h in extra {
        let read = text[h.start..h.end]
            .chars()
            .any(|c| crate::normalize::emoji::word(c).is_some());
        let known = hits
            .iter()
            .any(|k| k.category == h.category && k.start < h.end && h.start < k.end);
        if read && !known {
            hits.push(h);
        }
    }
    hits
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
        members,
        collapsed,
        collapsed_spans,
        keys,
        alt: _,
    } = scratch;
    occurrences.clear();
    candidates.clear();
    allows.clear();

    let mut heard = |entry: u32, start: u32, end: u32| {
        if let Some(EntryKind::Term(category)) =
            automaton.entries.get(entry as usize).map(|e| e.kind)
        {
            candidates.push(Candidate {
                entry,
                category,
                start,
                end,
                heard: true,
            });
        }
    };
    // The homophone view: the same chars as sound keys, scanned for the terms that match by
    // sound. One key char (3 bytes) per normalized char, so spans carry over unchanged.
    if let Some(view) = &automaton.sound
        && sound::keys_into(&norm.text, keys)
    {
        for m in view.ac.find_overlapping_iter(keys.as_str()) {
            let (start, end) = ((m.start() / 3) as u32, (m.end() / 3) as u32);
            for &entry in view.entries.get(m.value() as usize).into_iter().flatten() {
                heard(entry, start, end);
            }
        }
    }
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
                    heard: false,
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

    // Lookups by position, so that a post of many hits costs hits × log, not hits × hits
    // (a megabyte of one repeated term is a quarter of a million candidates).
    allows.sort_unstable_by_key(|a| (a.1, a.2));
    let allow_span = allows.iter().map(|a| a.2 - a.1).max().unwrap_or(0);
    members.clear();
    for o in occurrences.iter() {
        for &set in &automaton.patterns[o.pattern as usize].sets {
            members.push((set, o.start, o.end));
        }
    }
    members.sort_unstable();
    // Within one category, a hit inside a longer hit says nothing new (网络赌场 holds 赌场).
    // A term read by its characters comes before the same term heard at the same place.
    candidates.sort_by_key(|c| {
        (
            c.category,
            c.start,
            std::cmp::Reverse(c.end),
            c.entry,
            c.heard,
        )
    });
    let index = Index {
        members,
        span: members.iter().map(|m| m.2 - m.1).max().unwrap_or(0),
        breaks: &norm.breaks,
        len: norm.len() as u32,
        candidates,
        candidate_span: candidates
            .iter()
            .map(|c| c.end - c.start)
            .max()
            .unwrap_or(0),
    };

    let mut hits = Vec::new();
    let mut covered: Option<(Category, u32)> = None;
    let mut read: Option<(u32, u32, u32)> = None;
    for c in candidates.iter() {
        // A term heard where it was also read (the same chars): the reading decided already.
        if c.heard && read == Some((c.entry, c.start, c.end)) {
            continue;
        }
        if !c.heard {
            read = Some((c.entry, c.start, c.end));
        }
        let e = &automaton.entries[c.entry as usize];
        let (start, end) = (c.start as usize, c.end as usize);
        if e.ascii_start && start > 0 && continues_word(norm, start - 1, start) {
            continue;
        }
        if e.ascii_end && end < norm.len() && continues_word(norm, end - 1, end) {
            continue;
        }
        if c.heard && !segment::is_heard_evasion(norm, start, end) {
            continue;
        }
        // (A heard term was checked above, more strictly.)
        let latin = e.ascii_start && e.ascii_end;
        if e.boundary && !c.heard && !latin && !segment::is_whole_words(norm, start, end) {
            continue;
        }
        let bit = 1u32 << c.category.index();
        // An allow phrase that holds the candidate starts at most `allow_span` chars before it.
        let from = allows.partition_point(|a| a.1 < c.start.saturating_sub(allow_span));
        if allows[from..]
            .iter()
            .take_while(|a| a.1 <= c.start)
            .any(|&(only, _, t)| only & bit != 0 && c.end <= t)
        {
            continue;
        }
        let scope = e.within;
        if let Some(set) = e.need
            && index.find(set, c, scope, false, e.order).is_none()
        {
            continue;
        }
        if e.and
            .iter()
            .any(|&set| index.find(set, c, scope, false, e.order).is_none())
        {
            continue;
        }
        if let Some(set) = e.unless
            && index.find(set, c, scope, true, Order::Any).is_some()
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
        if c.heard {
            reason.push_str(" (谐音)");
        }
        if action > Action::Note
            && let Some((name, cue)) = context(automaton, norm, &index, c, text)
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

/// The set words of a post, by set and position, with its sentence breaks.
struct Index<'a> {
    /// (set, start, end), sorted.
    members: &'a [(u32, u32, u32)],
    /// The longest member, in chars.
    span: u32,
    /// Char indices of the sentence breaks, ascending.
    breaks: &'a [u32],
    /// The number of normalized chars.
    len: u32,
    /// The deny candidates, sorted by category and start, and the longest one's length.
    candidates: &'a [Candidate],
    candidate_span: u32,
}

impl Index<'_> {
    /// The first word of `set` (by position) in `scope` around the candidate that is not just
    /// a part of the candidate itself, as a normalized char span.
    ///
    /// Only the members that can qualify are visited: those starting within the scope's
    /// reach. The ones skipped inside that reach lie within the candidate or cross a sentence
    /// end, and there are few of either.
    ///
    /// With `excusing`, the word must say something of its own: a word inside a longer deny
    /// term of the candidate's category does not excuse it (in 赌博网站赌博网站 the second
    /// 赌博 is part of a solicitation, not news about gambling).
    ///
    /// `order` says where the word must stand: after the candidate, before it, or either.
    fn find(
        &self,
        set: u32,
        c: &Candidate,
        scope: Scope,
        excusing: bool,
        order: Order,
    ) -> Option<(u32, u32)> {
        let (sa, sb) = self.sentence(c.start, c.end);
        let (lo, hi) = match scope {
            Scope::Within(w) => (
                c.start.saturating_sub(w.saturating_add(self.span)).max(sa),
                c.end.saturating_add(w).min(sb),
            ),
            Scope::Sentence => (sa, sb),
            Scope::Post => (0, self.len),
        };
        let first = self.members.partition_point(|m| (m.0, m.1) < (set, lo));
        self.members[first..]
            .iter()
            .take_while(|m| m.0 == set && m.1 <= hi)
            .map(|&(_, start, end)| (start, end))
            .find(|&(start, end)| {
                if c.start <= start && end <= c.end {
                    return false;
                }
                match order {
                    Order::After if start < c.end => return false,
                    Order::Before if end > c.start => return false,
                    _ => {}
                }
                if let Scope::Within(within) = scope {
                    let gap_before = c.start.saturating_sub(end);
                    let gap_after = start.saturating_sub(c.end);
                    if gap_before > within || gap_after > within {
                        return false;
                    }
                }
                if excusing && self.inside_deny(c.category, start, end) {
                    return false;
                }
                scope == Scope::Post
                    || self.sentence(start.min(c.start), end.max(c.end)) == (sa, sb)
            })
    }

    /// True when chars `start..end` lie inside a longer deny candidate of `category`.
    fn inside_deny(&self, category: Category, start: u32, end: u32) -> bool {
        let lo = start.saturating_sub(self.candidate_span);
        let first = self
            .candidates
            .partition_point(|d| (d.category, d.start) < (category, lo));
        self.candidates[first..]
            .iter()
            .take_while(|d| d.category == category && d.start <= start)
            .any(|d| end <= d.end && d.end - d.start > end - start)
    }

    /// The sentence (char range between breaks) that holds chars `a..b`, or an empty range
    /// when a break lies among them.
    fn sentence(&self, a: u32, b: u32) -> (u32, u32) {
        let i = self.breaks.partition_point(|&k| k < a);
        let j = self.breaks.partition_point(|&k| k < b);
        if i != j {
            return (u32::MAX, u32::MAX);
        }
        let start = if i > 0 { self.breaks[i - 1] + 1 } else { 0 };
        let end = self.breaks.get(i).copied().unwrap_or(self.len);
        (start, end)
    }
}

/// The context rule that turns this candidate into reporting, with the cue's original text.
fn context<'t>(
    automaton: &'t Automaton,
    norm: &Normalized,
    index: &Index<'_>,
    c: &Candidate,
    text: &'t str,
) -> Option<(&'t str, &'t str)> {
    let bit = 1u32 << c.category.index();
    automaton.contexts.iter().find_map(|ctx| {
        if ctx.only & bit == 0 {
            return None;
        }
        let cue = index.find(ctx.cue, c, ctx.scope, true, Order::Any)?;
        if let Some(unless) = ctx.unless
            && index
                .find(unless, c, ctx.scope, false, Order::Any)
                .is_some()
        {
            return None;
        }
        let (b0, b1, _, _) = norm.original_span(cue.0 as usize, cue.1 as usize);
        Some((&*ctx.name, &text[b0..b1]))
    })
}
