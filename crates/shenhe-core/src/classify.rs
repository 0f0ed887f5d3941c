//! From automaton matches to hits: rules (`need=`, `unless=`), allow phrases, Latin word
//! boundaries, the policy's actions, and the offset map back to the original text.

use crate::automata::{Automaton, Joint, Pattern, add_set, has_set};
use crate::category::{Action, Category};
use crate::detect::{Finding, Findings, to_hits};
use crate::lexicon::{EntryKind, Order, Scope};
use crate::normalize::{LONG_POST, Normalized, sound};
use crate::segment;
use crate::util::Release;
use crate::verdict::Hit;

/// The most set-word occurrences a post keeps from its scan. Past this (a post of many
/// thousands of set words, such as digits repeated), none are kept, and the words of the sets
/// the candidates ask for are found on a second walk: a post of set words costs its scan
/// twice rather than twelve bytes a word.
const OCCURRENCES_KEPT: usize = 1 << 16;

/// How many of the last set-word occurrences a post past [`OCCURRENCES_KEPT`] keeps as it is
/// walked: more than one char's matches, which is all they are looked at for.
const RECENT_OCCURRENCES: usize = 256;

/// The longest span (in chars) of a term heard by sound that does not fire on its own: it
/// needs its `need=` context or another hit of its category in the post. Measured on the
/// cloaked challenge set against official news (DESIGN.md §3): 2 let 新闻联播 paragraphs
/// through at twice the rate, 4 lost a fifth of the cloaked posts caught.
const HEARD_ALONE: u32 = 3;

/// A pattern found in normalized text: pattern id and normalized char span.
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    pattern: u32,
    start: u32,
    end: u32,
}

/// A deny term found, before rules and policy: entry id and normalized char span.
///
/// 16 bytes: a post of many matches holds many (a megabyte of one term is a quarter of a
/// million), so the entry and its category share a word.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    /// The entry id in the low [`ENTRY_BITS`], the category's index above.
    entry_category: u32,
    start: u32,
    end: u32,
    /// 0 when read by its characters; else found by sound (the homophone view), and 1 + the
    /// id of the sound key it was heard as. (Read ones sort first.)
    heard: u32,
}

/// The bits of an entry id in [`Candidate::entry_category`]: room for
/// [`MAX_ENTRIES`](crate::MAX_ENTRIES) entries.
const ENTRY_BITS: u32 = 27;
const _: () = assert!(crate::MAX_ENTRIES < 1 << ENTRY_BITS && Category::ALL.len() <= 32);
const _: () = assert!(std::mem::size_of::<Candidate>() == 16);

impl Candidate {
    fn new(entry: u32, category: Category, start: u32, end: u32, heard: u32) -> Candidate {
        // Lexicons hold fewer entries; masked all the same, so that a crafted saved engine
        // cannot make a category index out of range.
        debug_assert!(entry < 1 << ENTRY_BITS);
        Candidate {
            entry_category: (entry & ((1 << ENTRY_BITS) - 1))
                | (category.index() as u32) << ENTRY_BITS,
            start,
            end,
            heard,
        }
    }

    fn entry(&self) -> u32 {
        self.entry_category & ((1 << ENTRY_BITS) - 1)
    }

    fn category(&self) -> Category {
        Category::ALL[(self.entry_category >> ENTRY_BITS) as usize]
    }

    fn is_heard(&self) -> bool {
        self.heard != 0
    }
}

/// What the walks over a post collect: deny candidates, allow phrases and the occurrences of
/// set words.
struct Found<'a> {
    automaton: &'a Automaton,
    norm: &'a Normalized,
    candidates: &'a mut Vec<Candidate>,
    allows: &'a mut Vec<(u32, u32, u32)>,
    occurrences: &'a mut Vec<Occurrence>,
    /// More set words were found than [`OCCURRENCES_KEPT`]: the list is not kept, and holds
    /// only the last few ([`RECENT_OCCURRENCES`]).
    overflowed: bool,
    /// A candidate's term ends in a Latin letter or digit: it may cut a Latin word where it
    /// ends ([`cuts_word_end`]), which is known only once the next char is.
    may_cut: bool,
}

impl Found<'_> {
    /// A match of the automaton, value `value`, that ends at normalized char `end`.
    fn read(&mut self, value: u32, end: u32) {
        // A value past the patterns is a detector's wake word only (noted on the main walk,
        // [`Automaton::wake_only`]), or else comes from a crafted saved engine (loading does
        // not walk the automaton to check them): skip it rather than panic.
        if let Some(p) = self.automaton.patterns.get(value as usize) {
            self.add(p, value, end.saturating_sub(p.len), end);
        }
    }

    /// Pattern `pattern` found at normalized chars `start..end`.
    fn occur(&mut self, pattern: u32, start: u32, end: u32) {
        if let Some(p) = self.automaton.patterns.get(pattern as usize) {
            self.add(p, pattern, start, end);
        }
    }

    /// What pattern `p` (id `pattern`) found at `start..end` stands for.
    #[inline(always)]
    fn add(&mut self, p: &Pattern, pattern: u32, start: u32, end: u32) {
        // Occurrences are kept for the set words they are (what rules look up); a term that
        // is in no set needs none. Past OCCURRENCES_KEPT, none are (see there): the list then
        // holds only the last few, what a set word heard at the same chars is checked against
        // as the walk goes.
        if !p.sets.is_empty() {
            if self.overflowed {
                if self.occurrences.len() >= RECENT_OCCURRENCES {
                    self.occurrences.clear();
                }
            } else if self.occurrences.len() >= OCCURRENCES_KEPT {
                // (What they held is given back: the post is a long one.)
                self.occurrences.clear();
                self.occurrences.release();
                self.overflowed = true;
            }
            self.occurrences.push(Occurrence {
                pattern,
                start,
                end,
            });
        }
        for &entry in &p.entries {
            let e = &self.automaton.entries[entry as usize];
            match e.kind {
                // A Latin term inside a Latin word is no candidate (av in have): told as it
                // is found, as the char before is known (the end: [`cuts_word_end`]).
                EntryKind::Term(_)
                    if e.ascii_start && starts_inside_word(self.norm, start as usize) => {}
                EntryKind::Term(category) => {
                    self.may_cut |= e.ascii_end;
                    self.candidates
                        .push(Candidate::new(entry, category, start, end, 0));
                }
                EntryKind::Allow { only } => self.allows.push((only, start, end)),
            }
        }
    }

    /// Entry `entry` heard by sound (as key `key` of the homophone view) at `start..end`.
    fn heard(&mut self, entry: u32, start: u32, end: u32, key: u32) {
        let Some(e) = self.automaton.entries.get(entry as usize) else {
            return;
        };
        let EntryKind::Term(category) = e.kind else {
            return;
        };
        if e.ascii_start && starts_inside_word(self.norm, start as usize) {
            return;
        }
        // Where a term of the category is read over the same chars, the text says that term
        // ([`read_there`]). The terms read there were found at this char, just before; one
        // that may yet cut a Latin word is left for [`drop_heard_where_read`].
        let here = self
            .candidates
            .iter()
            .rev()
            .take_while(|d| d.end == end)
            .filter(|d| !self.automaton.entries[d.entry() as usize].ascii_end);
        if read_there(here, category, start, end) {
            return;
        }
        self.may_cut |= e.ascii_end;
        self.candidates
            .push(Candidate::new(entry, category, start, end, key + 1));
    }
}

#[cfg(test)]
thread_local! {
    /// How many posts this thread passed over for want of context ([`all_lack_context`]), and
    /// whether it checks: what the tests of the check read and set.
    static LACKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static CHECK_CONTEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
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
    /// The sets the post's candidates can ask for (their rules' lists and their categories'
    /// context cues), one bit a set: only their words become `members`.
    wanted: Vec<u64>,
    /// The sets with a word in `members` or `heard_members`, one bit a set: a rule or context
    /// cue of any other set is answered without a search.
    present: Vec<u64>,
    /// The repeat-collapsed view of the normalized text and its runs
    /// ([`Normalized::collapse_repeats`]).
    collapsed: String,
    collapsed_runs: Vec<(u32, u32, u32)>,
    /// Set words heard by sound: (pattern, start; the span is the pattern's length), and by
    /// set: (set, start, end, pattern).
    heard_words: Vec<(u32, u32)>,
    heard_members: Vec<(u32, u32, u32, u32)>,
    /// The second normalized reading, with table emoji read as words.
    alt: Normalized,
    /// The model's n-grams found in the post (row << 32 | byte start), and its scores.
    pub(crate) model_seen: Vec<u64>,
    pub(crate) model_scores: Vec<f64>,
    /// The detectors whose wake words the scan met ([`Automaton::wake_of`]).
    pub(crate) woken: u32,
}

impl Scratch {
    /// Gives back the memory of the classifier's lists of a long post ([`Release`]): they are
    /// not needed past [`classify`].
    fn release_lists(&mut self) {
        self.occurrences.release();
        self.candidates.release();
        self.allows.release();
        self.members.release();
        self.collapsed.release();
        self.collapsed_runs.release();
        self.heard_words.release();
        self.heard_members.release();
    }

    /// The bytes the lists and views hold (their capacity), for tests.
    #[cfg(test)]
    pub(crate) fn held_bytes(&self) -> usize {
        self.norm.held_bytes()
            + self.alt.held_bytes()
            + self.occurrences.held()
            + self.candidates.held()
            + self.allows.held()
            + self.members.held()
            + self.collapsed.held()
            + self.collapsed_runs.held()
            + self.heard_words.held()
            + self.heard_members.held()
            + self.model_seen.held()
            + self.model_scores.held()
    }

    /// Gives back all the memory of a long post ([`Release`]), once it is screened.
    pub(crate) fn release(&mut self) {
        self.release_lists();
        self.norm.release();
        self.alt.release();
        self.model_seen.release();
        self.model_scores.release();
    }
}

/// Finds the hits of `text`: [`classify`] on the normalized text, and, when the text holds an
/// emoji of the emoji table, again on the reading with those emoji as words (你这个🐷 →
/// 你这个猪). A hit of the second reading counts only where it takes in a replaced emoji and
/// no hit of its category covers the same text already.
///
/// The findings go through `findings` (the policy, the limit, the count of those left out),
/// which the detectors take next.
pub(crate) fn screen_views(
    automaton: &Automaton,
    joint: Option<&Joint>,
    text: &str,
    scratch: &mut Scratch,
    findings: &mut Findings<'_>,
) -> Vec<Hit> {
    scratch.norm.normalize(text);
    scratch.model_seen.clear();
    scratch.woken = 0;
    classify(automaton, joint, text, scratch, findings);
    let mut hits = Vec::new();
    to_hits(findings, text, false, &mut hits);
    // (A short post's lists are small, and kept.)
    let long = text.len() > LONG_POST;
    if long {
        scratch.release_lists();
    }
    if !scratch.norm.emoji_words {
        return hits;
    }
    std::mem::swap(&mut scratch.norm, &mut scratch.alt);
    scratch.norm.normalize_reading_emoji(text);
    // The second reading lists its own hits under the same limit; what it leaves out is
    // left out of the first reading's too, or known there already.
    // The model reads the first reading only.
    let mut second = findings.alike();
    classify(automaton, None, text, scratch, &mut second);
    let mut extra = Vec::new();
    to_hits(&mut second, text, false, &mut extra);
    if long {
        scratch.release_lists();
    }
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

/// Finds the lexicon's terms in `text` (already normalized into `scratch.norm`), checks their
/// rules and pushes what holds into `findings`, which apply the policy and the limit as they do
/// to the detectors' findings.
pub(crate) fn classify(
    automaton: &Automaton,
    joint: Option<&Joint>,
    text: &str,
    scratch: &mut Scratch,
    findings: &mut Findings<'_>,
) {
    let Scratch {
        norm,
        occurrences,
        candidates,
        allows,
        members,
        wanted,
        present,
        collapsed,
        collapsed_runs,
        heard_words,
        heard_members,
        alt: _,
        model_seen,
        model_scores: _,
        woken,
    } = scratch;
    heard_words.clear();
    occurrences.clear();
    candidates.clear();
    allows.clear();

    let mut found = Found {
        automaton,
        norm,
        candidates,
        allows,
        occurrences,
        overflowed: false,
        may_cut: false,
    };
    // One walk over the normalized chars steps the automaton (with a model, its n-grams are
    // found on the same walk, [`Joint`]) and the homophone view: the same chars as sound
    // keys, scanned for the terms that match by sound. A key is a 3-byte char, one per
    // normalized char, so a span found there is the same char span in the text.
    let ac = joint.map_or(&automaton.ac, |j| &j.ac);
    let mut read = ac.find_overlapping_stepper();
    let mut heard = automaton
        .sound
        .as_ref()
        .map(|view| (view, view.ac.find_overlapping_stepper(), sound::Keys::get()));
    // The same step for each char, over the chars normalization listed (a short post) or
    // decoded from the text (a long one): written once, as a macro, since a closure called
    // from the two loops was left a call, which cost more than the list saves.
    macro_rules! step {
        ($i:expr, $c:expr) => {{
            let (i, c): (usize, char) = ($i, $c);
            let end = i as u32 + 1;
            read.consume(c);
            // The patterns read ending at this char (the first few): what a span heard here is
            // compared with.
            let mut read_here = [u32::MAX; 4];
            let mut n_here = 0;
            for m in read.matches() {
                let value = m.value();
                if let Some(j) = joint {
                    let seen = |row: u32| u64::from(row) << 32 | m.start() as u64;
                    if value >= j.base {
                        model_seen.push(seen(value - j.base));
                        continue;
                    }
                    let row = j.rows[value as usize];
                    if row != u32::MAX {
                        model_seen.push(seen(row));
                    }
                }
                if value == u32::MAX {
                    continue;
                }
                *woken |= automaton.wake_of.get(value as usize).copied().unwrap_or(0);
                found.read(value, end);
                if let Some(slot) = read_here.get_mut(n_here) {
                    *slot = value;
                    n_here += 1;
                }
            }
            let Some((view, stepper, keys)) = &mut heard else {
                continue;
            };
            stepper.consume(keys.of(c));
            for m in stepper.matches() {
                // Spelt as the one spelling of all its terms and words (read here, and as long):
                // the span respells none of them
                // ([`SoundView::spelling`](crate::automata::SoundView::spelling)).
                if let Some(&p) = view.spelling.get(m.value() as usize)
                    && read_here[..n_here].contains(&p)
                {
                    continue;
                }
                let start = end - ((m.end() - m.start()) / 3) as u32;
                // A span whose chars were apart in the original ([`segment::apart`]) is two
                // pieces of text, never a respelt term: the cheap part of the check a heard
                // span passes to count, made here so that a post of such spans (机密★
                // repeated, heard as 机密级) holds none of them.
                if segment::apart(norm, start as usize, end as usize) {
                    continue;
                }
                let at = &norm.text[norm.nbyte(start as usize)..];
                if !view.may_respell(m.value(), at) {
                    continue;
                }
                // A span spelt as the term is (most of what the view finds) was read by the main
                // automaton already, and one with no char of the term's is a sound-alike
                // ([`segment::is_heard_evasion`]): only respellings are kept.
                for (entry, term) in view.entries.get(m.value() as usize).into_iter().flatten() {
                    if respelling(at, term) {
                        found.heard(*entry, start, end, m.value());
                    }
                }
                // Set words heard are verified, as a heard term is, only when a rule would
                // otherwise go without its context (`Index::find`).
                // One that a word read over the same chars (found at this char, just before)
                // stands for in each of its sets adds nothing: a rule finds the read one first,
                // and the two fit alike (薇信 heard over 微信, in 微信's sets only).
                for &p in view.words.get(m.value() as usize).into_iter().flatten() {
                    if let Some(w) = automaton.patterns.get(p as usize)
                        && respelling(at, &w.text)
                        && !found
                            .occurrences
                            .iter()
                            .rev()
                            .take_while(|o| o.end == end)
                            .any(|o| {
                                o.start == start
                                    && automaton
                                        .patterns
                                        .get(o.pattern as usize)
                                        .is_some_and(|q| is_subset(&w.sets, &q.sets))
                            })
                    {
                        heard_words.push((p, start));
                    }
                }
            }
        }};
    }
    match norm.chars() {
        Some(chars) => {
            for (i, &c) in chars.iter().enumerate() {
                step!(i, c);
            }
        }
        None => {
            for (i, c) in norm.text.chars().enumerate() {
                step!(i, c);
            }
        }
    }
    // Stutter (赌赌博博) is matched on a second view where repeats are collapsed.
    let stutter = norm.collapse_repeats(collapsed, collapsed_runs);
    if stutter {
        each_stutter_match(
            automaton,
            collapsed,
            collapsed_runs,
            &mut |p, start, end| found.occur(p, start, end),
        );
    }
    let overflowed = found.overflowed;
    if found.may_cut {
        candidates.retain(|c| !cuts_word_end(automaton, norm, c));
    }
    // A short term heard alone needs another hit of its category (HEARD_ALONE): where the
    // post has none, drop it now, before the set words are sorted for the rules.
    let mut strong = 0u32;
    for c in candidates.iter() {
        if !c.is_heard() || c.end - c.start > HEARD_ALONE {
            strong |= 1 << c.category().index();
        }
    }
    candidates.retain(|c| {
        !c.is_heard()
            || c.end - c.start > HEARD_ALONE
            || strong & (1 << c.category().index()) != 0
            || automaton.entries[c.entry() as usize].need.is_some()
    });
    if candidates.is_empty() {
        return;
    }
    // No candidate can hold without a word its rule asks for, and the post has none: the
    // rules' work is skipped, with the same outcome (no hit). (Past OCCURRENCES_KEPT the
    // occurrences were not kept, and the post goes the long way.)
    #[cfg(test)]
    let check = CHECK_CONTEXT.get();
    #[cfg(not(test))]
    let check = true;
    if check
        && !overflowed
        && all_lack_context(
            automaton,
            norm,
            candidates,
            occurrences,
            heard_words,
            present,
        )
    {
        #[cfg(test)]
        LACKED.set(LACKED.get() + 1);
        return;
    }
    // Within one category, a hit inside a longer hit says nothing new (网络赌场 holds 赌场):
    // sorted so, a candidate's longer ones come before it.
    candidates.sort_unstable_by_key(|c| {
        (
            // The category's index, which orders categories as they order.
            c.entry_category >> ENTRY_BITS,
            c.start,
            std::cmp::Reverse(c.end),
            c.entry(),
            c.heard,
        )
    });
    // (A heard term dropped here is never a strong one alone: the term read over the same
    // chars is of its category.)
    drop_heard_where_read(candidates);

    // Lookups by position, so that a post of many hits costs hits × log, not hits × hits
    // (a megabyte of one repeated term is a quarter of a million candidates).
    allows.sort_unstable_by_key(|a| (a.1, a.2));
    let allow_span = allows.iter().map(|a| a.2 - a.1).max().unwrap_or(0);
    // Only the words of sets some candidate's rules can ask for are indexed: a common word
    // belongs to many sets, and indexing them all made a post of many such words sort
    // millions of entries (a megabyte of 加微信abc12345 held 4 million).
    wanted_sets(automaton, candidates, wanted);
    let is_wanted = |set: u32| has_set(wanted, set);
    members.clear();
    let mut member = |pattern: u32, start: u32, end: u32| {
        for &set in automaton
            .patterns
            .get(pattern as usize)
            .map_or(&[][..], |p| &p.sets)
        {
            if is_wanted(set) {
                members.push((set, start, end));
            }
        }
    };
    if overflowed {
        // Too many set words to keep them all (a post of digits repeated): they are found
        // again, now that it is known which sets the candidates ask for.
        each_match(automaton, &norm.text, |value, end| {
            if let Some(p) = automaton.patterns.get(value as usize) {
                member(value, end.saturating_sub(p.len), end);
            }
        });
        if stutter {
            each_stutter_match(automaton, collapsed, collapsed_runs, &mut member);
        }
    } else {
        for o in occurrences.iter() {
            member(o.pattern, o.start, o.end);
        }
        // The set words of one char are not walked ([`Singles`]): found here, where a
        // candidate's rules may ask for them. (Stutter found them above, as it walks.)
        if automaton.singles.any_in(wanted) {
            each_single(automaton, norm, |p, i| member(p, i, i + 1));
        }
    }
    members.sort_unstable();
    // A set word heard where a word of the set is read over the same chars adds nothing (the
    // read one is found first, and they fit alike).
    heard_members.clear();
    for &(p, start) in heard_words.iter() {
        let w = &automaton.patterns[p as usize];
        let end = start + w.len;
        for &set in &w.sets {
            if is_wanted(set) && members.binary_search(&(set, start, end)).is_err() {
                heard_members.push((set, start, end, p));
            }
        }
    }
    heard_members.sort_unstable();
    present.clear();
    present.resize(wanted.len(), 0);
    let mut span = 0;
    for (set, start, end) in (members.iter().map(|m| (m.0, m.1, m.2)))
        .chain(heard_members.iter().map(|m| (m.0, m.1, m.2)))
    {
        span = span.max(end - start);
        add_set(present, set);
    }
    let index = Index {
        members,
        span,
        present,
        heard: heard_members,
        norm,
        patterns: &automaton.patterns,
        lists: &automaton.lists,
        breaks: &norm.breaks,
        len: norm.len() as u32,
        candidates,
        candidate_span: candidates
            .iter()
            .map(|c| c.end - c.start)
            .max()
            .unwrap_or(0),
    };

    let mut covered: Option<(Category, u32)> = None;
    for c in candidates.iter() {
        let e = &automaton.entries[c.entry() as usize];
        let (start, end) = (c.start as usize, c.end as usize);
        // Past the limit, an occurrence of a term whose listed hits already carry the
        // strongest action the policy gives it is counted, not checked: checking its rules
        // again (a megabyte of one term is a quarter of a million times) could only add a hit
        // that changes nothing. It is taken to be what the listed ones are, so it still
        // covers the shorter terms inside it.
        if findings.entry_saturated(c.entry(), c.category(), e.action) {
            if !matches!(covered, Some((cat, end)) if cat == c.category() && c.end <= end) {
                findings.skip();
                covered = Some((c.category(), c.end));
            }
            continue;
        }
        // A short span that sounds like a term is as often a coincidence (中国驻 and 中国猪):
        // heard alone it needs a rule's context (`need=`) or another hit of its category.
        if c.is_heard()
            && c.end - c.start <= HEARD_ALONE
            && e.need.is_none()
            && !index.corroborated(c)
        {
            continue;
        }
        let bit = 1u32 << c.category().index();
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
        if matches!(covered, Some((cat, end)) if cat == c.category() && c.end <= end) {
            continue;
        }
        // Last, being the costliest: the segmenter's dictionary is tens of megabytes, and a
        // cut of the sentence around a candidate reads it cold. (The checks above are pure,
        // so asking it after them changes only how often it is asked: on Weibo comments, a
        // quarter as often as first.) A term marked `boundary` must stand on word boundaries
        // (a heard term is checked more strictly, just below), and a heard span must read as
        // a respelling.
        let latin = e.ascii_start && e.ascii_end;
        if e.boundary && !c.is_heard() && !latin && !segment::is_whole_words(norm, start, end) {
            continue;
        }
        if c.is_heard() {
            let term = automaton.sound.as_ref().and_then(|v| {
                v.entries
                    .get(c.heard as usize - 1)?
                    .iter()
                    .find(|t| t.0 == c.entry())
            });
            match term {
                Some((_, term)) if segment::is_heard_evasion(norm, start, end, term) => {}
                _ => continue,
            }
        }
        covered = Some((c.category(), c.end));

        let Some((category, mut action)) = findings.resolve(c.category(), e.action) else {
            continue;
        };
        // Joined rather than `format!`ed: one allocation of the exact length, where the
        // formatter parsed its template and grew the string as it went (about 1,800
        // instructions a hit more, on the latency bench's 200-char posts).
        let heard = if c.is_heard() { " (谐音)" } else { "" };
        let mut reason = [category.name(), ": 命中词条 ", &e.term, heard].concat();
        if action > Action::Note
            && let Some((name, cue)) = context(automaton, norm, &index, c, text)
        {
            action = Action::Note;
            reason = format!("{reason}; {name}语境「{cue}」, 仅作提示");
        }
        let (b0, b1) = norm.original_span(start, end);
        let f = Finding {
            category: c.category(),
            rule: e.term.clone(),
            start: b0,
            end: b1,
            cap: e.action,
            reason,
        };
        findings.push_entry(c.entry(), f, category, action);
    }
}

/// Calls `found` with the value of each match of `automaton` in `text` (normalized), its set
/// words of one char included ([`Singles`](crate::automata::Singles)), and the char index
/// where it ends: a pattern's match starts its length in chars before
/// ([`Pattern::len`](crate::automata::Pattern::len)), so no match counts chars.
fn each_match(automaton: &Automaton, text: &str, mut found: impl FnMut(u32, u32)) {
    let mut stepper = automaton.ac.find_overlapping_stepper();
    for (i, c) in text.chars().enumerate() {
        stepper.consume(c);
        for m in stepper.matches() {
            found(m.value(), i as u32 + 1);
        }
        // (The set words of one char the automaton leaves out, [`Singles`].)
        if let Some(p) = automaton.singles.get(c) {
            found(p, i as u32 + 1);
        }
    }
}

/// Calls `found` with the pattern and the char span in the normalized text of each match of
/// the automaton on the repeat-collapsed view (`collapsed` and its `runs`,
/// [`Normalized::collapse_repeats`]) that takes in stutter: spans are mapped back to cover
/// every repeated character.
fn each_stutter_match(
    automaton: &Automaton,
    collapsed: &str,
    runs: &[(u32, u32, u32)],
    found: &mut impl FnMut(u32, u32, u32),
) {
    // The runs before collapsed char `i`, and the repeats they swallowed.
    let before = |i: u32| {
        let p = runs.partition_point(|r| r.0 < i);
        let swallowed = p.checked_sub(1).map_or(0, |q| runs[q].1 + runs[q].2);
        (p, swallowed)
    };
    each_match(automaton, collapsed, |value, ke| {
        // (Wake-only words are no patterns.)
        let Some(p) = automaton.patterns.get(value as usize) else {
            return;
        };
        let ks = ke.saturating_sub(p.len);
        let ((ps, ss), (pe, se)) = (before(ks), before(ke));
        // Chinese doubles single characters all the time (妈妈, 妹妹, 奶奶, 草草): one
        // doubled character is language, not stutter, and collapsing it would turn 妈妈的
        // into 妈的. Stutter repeats two or more characters of a term (赌赌博博) or one
        // character three times or more (约约约炮).
        let inside = &runs[ps..pe];
        let doubled = inside.len();
        let longest = inside.iter().map(|r| r.1 + 1).max().unwrap_or(1);
        if doubled < 2 && longest < 3 {
            return;
        }
        found(value, ks + ss, ke + se);
    });
}

/// Marks in `wanted` (one bit a set) every set that a rule of `candidates` can look up: the
/// sets of their `need=`, `and=` and `unless=` lists and of the context rules of their
/// categories.
fn wanted_sets(automaton: &Automaton, candidates: &[Candidate], wanted: &mut Vec<u64>) {
    wanted.clear();
    wanted.resize((automaton.sets_len as usize).div_ceil(64), 0);
    let mut mark = |list: u32| {
        for &set in automaton.lists.get(list as usize).into_iter().flatten() {
            add_set(wanted, set);
        }
    };
    let (mut categories, mut last) = (0u32, u32::MAX);
    for c in candidates {
        categories |= 1 << c.category().index();
        // A post of many hits holds the same term many times over: mark its lists once.
        if c.entry() == last {
            continue;
        }
        last = c.entry();
        let e = &automaton.entries[c.entry() as usize];
        for &list in e.need.iter().chain(&e.and).chain(&e.unless) {
            mark(list);
        }
    }
    for ctx in &automaton.contexts {
        if ctx.only & categories != 0 {
            for &list in std::iter::once(&ctx.cue).chain(&ctx.unless) {
                mark(list);
            }
        }
    }
}

/// True when no candidate can become a hit for want of context: each has a rule list
/// (`need=`, `and=`) of whose sets the post holds no word, read (`occurrences`, stutter's
/// included) or heard (`heard_words`). The post then needs none of the work of the rules: the
/// sort, the index of set words, the segmenter. `seen` is working memory (one bit a set).
///
/// Most posts with candidates hold only words that count in their context: of the 752,923 Weibo
/// comments, 242,287 have candidates, and 171,317 of those are passed over here (the shipped lexicons),
/// which saves a comment 270 of its 7,430 instructions on average (callgrind).
fn all_lack_context(
    automaton: &Automaton,
    norm: &Normalized,
    candidates: &[Candidate],
    occurrences: &[Occurrence],
    heard_words: &[(u32, u32)],
    seen: &mut Vec<u64>,
) -> bool {
    let lists = |c: &Candidate| {
        let e = &automaton.entries[c.entry() as usize];
        e.need.into_iter().chain(e.and.iter().copied())
    };
    // (A post with a candidate that asks for no word is told here, before a set is marked: a
    // fifth of those with candidates, on Weibo comments.)
    if candidates.iter().any(|c| lists(c).next().is_none()) {
        return false;
    }
    seen.clear();
    seen.resize((automaton.sets_len as usize).div_ceil(64), 0);
    let mark = |seen: &mut Vec<u64>, pattern: u32| {
        for &set in automaton
            .patterns
            .get(pattern as usize)
            .map_or(&[][..], |p| &p.sets)
        {
            add_set(seen, set);
        }
    };
    for p in occurrences.iter().map(|o| o.pattern) {
        mark(seen, p);
    }
    for &(p, _) in heard_words {
        mark(seen, p);
    }
    let lacks = |c: &Candidate, seen: &[u64], maybe: &[u64]| {
        lists(c).any(|list| {
            let mut sets = automaton.lists.get(list as usize).into_iter().flatten();
            sets.all(|&set| !has_set(seen, set) && !has_set(maybe, set))
        })
    };
    // The set words of one char are not walked ([`Singles`](crate::automata::Singles)):
    // looked up only when the answer turns on them.
    if candidates
        .iter()
        .all(|c| lacks(c, seen, automaton.singles.sets()))
    {
        return true;
    }
    if !candidates.iter().all(|c| lacks(c, seen, &[])) {
        return false;
    }
    each_single(automaton, norm, |p, _| mark(seen, p));
    candidates.iter().all(|c| lacks(c, seen, &[]))
}

/// Calls `found` with the pattern and the char index of each set word of one char in the
/// normalized text: those the automaton leaves out ([`Singles`](crate::automata::Singles)).
fn each_single(automaton: &Automaton, norm: &Normalized, mut found: impl FnMut(u32, u32)) {
    let mut single = |i: usize, c: char| {
        if let Some(p) = automaton.singles.get(c) {
            found(p, i as u32);
        }
    };
    match norm.chars() {
        Some(chars) => chars.iter().enumerate().for_each(|(i, &c)| single(i, c)),
        None => norm
            .text
            .chars()
            .enumerate()
            .for_each(|(i, c)| single(i, c)),
    }
}

/// True when candidate `c` is a Latin term that ends inside a Latin word (av in avenue).
fn cuts_word_end(automaton: &Automaton, norm: &Normalized, c: &Candidate) -> bool {
    let end = c.end as usize;
    automaton.entries[c.entry() as usize].ascii_end
        && end < norm.len()
        && continues_word(norm, end - 1, end)
}

/// Drops from `candidates` (sorted by category and start) the terms heard by sound over the
/// chars of a term of their category read there ([`read_there`]).
fn drop_heard_where_read(candidates: &mut Vec<Candidate>) {
    // Heard ones are marked (they never stand in the way of others), then dropped.
    const UNREAD: u32 = u32::MAX;
    let mut any = false;
    for i in 0..candidates.len() {
        let c = candidates[i];
        if !c.is_heard() {
            continue;
        }
        let from =
            candidates.partition_point(|d| (d.category(), d.start) < (c.category(), c.start));
        let there = candidates[from..]
            .iter()
            .take_while(|d| d.category() == c.category() && d.start == c.start);
        if read_there(there, c.category(), c.start, c.end) {
            candidates[i].heard = UNREAD;
            any = true;
        }
    }
    if any {
        candidates.retain(|c| c.heard != UNREAD);
    }
}

/// True when one of `candidates` is a term of `category` read (not heard) at `start..end`:
/// the text says that term there, and hearing another of its category over the same chars
/// (加薇信 over 加微信, both listed) would only say it again without that term's rules (加微信
/// is excused where the post speaks of public services).
fn read_there<'c>(
    mut candidates: impl Iterator<Item = &'c Candidate>,
    category: Category,
    start: u32,
    end: u32,
) -> bool {
    candidates
        .any(|d| !d.is_heard() && d.category() == category && d.start == start && d.end == end)
}

/// True when every element of `a` is in `b` (both sorted).
fn is_subset(a: &[u32], b: &[u32]) -> bool {
    a.iter().all(|x| b.binary_search(x).is_ok())
}

/// True when normalized char `start` continues the Latin word or number of the char before.
fn starts_inside_word(norm: &Normalized, start: usize) -> bool {
    start > 0 && continues_word(norm, start - 1, start)
}

/// True when the start of `text`, as many chars as `word` has, is `word` respelt: some of its
/// chars differ and some are the same.
fn respelling(text: &str, word: &str) -> bool {
    // Most spans the homophone view finds are spelt as the word (and read already): told by
    // their bytes, without decoding a char.
    if text.as_bytes().starts_with(word.as_bytes()) {
        return false;
    }
    let (mut same, mut other) = (false, false);
    for (a, b) in text.chars().zip(word.chars()) {
        if a == b {
            same = true;
        } else {
            other = true;
        }
    }
    same && other
}

/// True when normalized chars `a` and `b` (adjacent indices) are both ASCII letters or digits
/// and nothing stood between them in the original: the span would cut a Latin word or number.
fn continues_word(norm: &Normalized, a: usize, b: usize) -> bool {
    norm.char_at(a).is_ascii_alphanumeric()
        && norm.char_at(b).is_ascii_alphanumeric()
        && norm.origins[a].end() == norm.origins[b].start()
}

/// The set words of a post, by set and position, with its sentence breaks.
struct Index<'a> {
    /// (set, start, end), sorted.
    members: &'a [(u32, u32, u32)],
    /// Set words heard by sound, not yet verified: (set, start, end, pattern), sorted.
    heard: &'a [(u32, u32, u32, u32)],
    /// The sets with a word in either list, one bit a set.
    present: &'a [u64],
    norm: &'a Normalized,
    patterns: &'a [crate::automata::Pattern],
    /// Rule lists as sets ([`Automaton::lists`]).
    lists: &'a [Box<[u32]>],
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
        list: u32,
        c: &Candidate,
        scope: Scope,
        excusing: bool,
        order: Order,
    ) -> Option<(u32, u32)> {
        // The first word by position over the list's sets: the same word the list's union
        // would give first.
        self.lists
            .get(list as usize)?
            .iter()
            .filter_map(|&set| self.find_set(set, c, scope, excusing, order))
            .min()
    }

    /// [`find`](Self::find) in one set.
    fn find_set(
        &self,
        set: u32,
        c: &Candidate,
        scope: Scope,
        excusing: bool,
        order: Order,
    ) -> Option<(u32, u32)> {
        // Most sets a rule or context asks about have no word in the post: no search then.
        if !has_set(self.present, set) {
            return None;
        }
        let (sa, sb) = self.sentence(c.start, c.end);
        let (lo, hi) = match scope {
            Scope::Within(w) => (
                c.start.saturating_sub(w.saturating_add(self.span)).max(sa),
                c.end.saturating_add(w).min(sb),
            ),
            Scope::Sentence => (sa, sb),
            Scope::Post => (0, self.len),
        };
        let fits = |start: u32, end: u32| {
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
            if excusing && self.inside_deny(c.category(), start, end) {
                return false;
            }
            scope == Scope::Post || self.sentence(start.min(c.start), end.max(c.end)) == (sa, sb)
        };
        let first = self.members.partition_point(|m| (m.0, m.1) < (set, lo));
        let read = self.members[first..]
            .iter()
            .take_while(|m| m.0 == set && m.1 <= hi)
            .map(|&(_, start, end)| (start, end))
            .find(|&(start, end)| fits(start, end));
        if read.is_some() {
            return read;
        }
        // Only then the words heard by sound (only `need=`/`and=` sets have any), each checked
        // as a respelling when it would decide.
        let first = self.heard.partition_point(|m| (m.0, m.1) < (set, lo));
        self.heard[first..]
            .iter()
            .take_while(|m| m.0 == set && m.1 <= hi)
            .find(|&&(_, start, end, p)| {
                fits(start, end)
                    && self.patterns.get(p as usize).is_some_and(|w| {
                        segment::is_heard_evasion(self.norm, start as usize, end as usize, &w.text)
                    })
            })
            .map(|&(_, start, end, _)| (start, end))
    }

    /// True when another candidate of `c`'s category, apart from it, was read by its chars or
    /// heard over four chars or more: what a short term heard by sound needs besides itself.
    fn corroborated(&self, c: &Candidate) -> bool {
        let first = self
            .candidates
            .partition_point(|d| d.category() < c.category());
        self.candidates[first..]
            .iter()
            .take_while(|d| d.category() == c.category())
            .any(|d| {
                (d.end <= c.start || c.end <= d.start) && (!d.is_heard() || d.end - d.start >= 4)
            })
    }

    /// True when chars `start..end` lie inside a longer deny candidate of `category`.
    fn inside_deny(&self, category: Category, start: u32, end: u32) -> bool {
        let lo = start.saturating_sub(self.candidate_span);
        let first = self
            .candidates
            .partition_point(|d| (d.category(), d.start) < (category, lo));
        self.candidates[first..]
            .iter()
            .take_while(|d| d.category() == category && d.start <= start)
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
    let bit = 1u32 << c.category().index();
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
        let (b0, b1) = norm.original_span(cue.0 as usize, cue.1 as usize);
        Some((&*ctx.name, &text[b0..b1]))
    })
}

#[cfg(test)]
mod tests {
    use crate::util::KEPT_BYTES;

    /// An engine over the lexicon file `text` alone.
    fn engine_of(text: &str) -> crate::Engine {
        let lexicon = crate::Lexicon::builder()
            .add_str("t.txt", text)
            .unwrap()
            .build()
            .unwrap();
        crate::Engine::builder().lexicon(lexicon).build().unwrap()
    }

    #[test]
    fn a_heard_span_dropped_before_the_look_respells_nothing() {
        // Every key of the shipped lexicons' homophone view, and its terms and words with the
        // chars at some places written as another char: a span the view drops early
        // (`may_respell`) respells none of them, and the early drop does happen.
        let a = crate::automata::Automaton::build(&crate::Lexicon::shipped().unwrap()).unwrap();
        let view = a.sound.as_ref().unwrap();
        let (mut dropped, mut kept) = (0, 0);
        for key in 0..view.entries.len() {
            let spellings: Vec<&str> = view.entries[key]
                .iter()
                .map(|(_, t)| &**t)
                .chain(
                    view.words[key]
                        .iter()
                        .map(|&p| &*a.patterns[p as usize].text),
                )
                .collect();
            for s in &spellings {
                let chars: Vec<char> = s.chars().collect();
                let places = chars.len().min(6);
                for mask in 0u32..1 << places {
                    let span: String = (0..chars.len())
                        .map(|i| if mask >> i & 1 == 1 { '口' } else { chars[i] })
                        .chain("之后".chars())
                        .collect();
                    let respelt = spellings.iter().any(|w| super::respelling(&span, w));
                    if view.may_respell(key as u32, &span) {
                        kept += 1;
                    } else {
                        assert!(!respelt, "{span} respells a spelling of {s}");
                        dropped += 1;
                    }
                }
            }
        }
        assert!(
            dropped > 1000 && kept > 1000,
            "{dropped} dropped, {kept} kept"
        );
    }

    #[test]
    fn the_segmenter_is_asked_only_when_every_other_rule_holds() {
        // A term marked `boundary`, with a rule's context: a post without the context needs
        // no cut, one with it does, and the cut still decides.
        let engine = engine_of("法轮\tcult_superstition\tboundary\tneed=练习|功法\n");
        let asked = |text: &str| {
            let before = crate::segment::ASKED.get();
            let verdict = engine.screen(text).unwrap();
            (crate::segment::ASKED.get() - before, verdict.hits.len())
        };
        assert_eq!(asked("他们在公园里练法轮"), (0, 0), "no context: not asked");
        assert_eq!(asked("公园里有人练习法轮"), (1, 1));
        assert_eq!(
            asked("练习时依法轮流值班"),
            (1, 0),
            "asked, and 法轮 cuts 依法"
        );
    }

    #[test]
    fn a_post_without_the_words_its_candidates_rules_ask_for_skips_the_rules() {
        // 赌博 needs a word of 网站|平台 (words the walk reads), 彩金 one of 送|领 (words of one
        // char, looked up rather than walked), 约炮 nothing.
        let engine =
            engine_of("赌博\tgambling\tneed=网站|平台\n彩金\tgambling\tneed=送|领\n约炮\tporn\n");
        let screen = |text: &str| {
            let before = super::LACKED.get();
            let hits = engine.screen(text).unwrap().hits.len();
            (super::LACKED.get() - before == 1, hits)
        };
        assert_eq!(screen("他们在谈赌博"), (true, 0));
        assert_eq!(screen("这个赌博网站"), (false, 1));
        assert_eq!(screen("彩金今天到账"), (true, 0), "no word of one char");
        assert_eq!(
            screen("彩金免费送"),
            (false, 1),
            "a word of one char, looked up"
        );
        assert_eq!(
            screen("赌博和约炮"),
            (false, 1),
            "a candidate without a rule"
        );
        // A word of the list heard by sound is context too (网占 for 网站): its rule is
        // checked, whatever the check of the respelling then says. 网球 sounds like no word
        // of the list.
        assert!(!screen("这个赌博网占").0);
        assert_eq!(screen("这个赌博网球"), (true, 0));
    }

    #[test]
    fn passing_over_posts_that_lack_context_changes_no_verdict() {
        // The shipped lexicons, over the sample posts and archive, and over posts made of each
        // term with a `need=` rule: alone, with a word of its list, and with an unrelated
        // term. Every verdict is the same with the check and without, and the check does
        // pass over posts.
        let automaton =
            crate::automata::Automaton::build(&crate::Lexicon::shipped().unwrap()).unwrap();
        let mut texts: Vec<String> = [
            include_str!("../../../samples/posts.jsonl"),
            include_str!("../../../samples/archive.jsonl"),
        ]
        .into_iter()
        .flat_map(crate::util::texts_of)
        .collect();
        let ruled: Vec<_> = automaton
            .entries
            .iter()
            .filter(|e| e.need.is_some() || !e.and.is_empty())
            .collect();
        assert!(ruled.len() > 200, "{}", ruled.len());
        for (i, e) in ruled.iter().enumerate() {
            let list = e.need.or(e.and.first().copied()).unwrap();
            let set = automaton.lists[list as usize][0];
            let word = automaton
                .patterns
                .iter()
                .find(|p| p.sets.contains(&set))
                .map_or("", |p| &*p.text);
            texts.push(format!("据说{}这件事", e.term));
            texts.push(format!("{}，{word}", e.term));
            texts.push(format!(
                "{}还有{}",
                e.term,
                ruled[(i * 7 + 3) % ruled.len()].term
            ));
        }
        let engine = crate::Engine::new().unwrap();
        let verdicts = |check: bool| -> Vec<String> {
            super::CHECK_CONTEXT.set(check);
            let v = texts
                .iter()
                .map(|t| engine.screen(t.as_str()).unwrap().to_json());
            let v = v.collect();
            super::CHECK_CONTEXT.set(true);
            v
        };
        let before = super::LACKED.get();
        let with = verdicts(true);
        let lacked = super::LACKED.get() - before;
        let without = verdicts(false);
        for ((a, b), t) in with.iter().zip(&without).zip(&texts) {
            assert_eq!(a, b, "{t}");
        }
        let held = with.iter().filter(|v| !v.contains("\"hits\":[]")).count();
        assert!(
            lacked > texts.len() / 10 && held > texts.len() / 10,
            "{lacked} passed over, {held} held, of {}",
            texts.len()
        );
    }

    #[test]
    fn a_long_post_leaves_no_more_memory_behind_than_a_short_one_needs() {
        let engine = crate::Engine::builder()
            .config(crate::Config::new().max_post_bytes(1 << 20))
            .build()
            .unwrap();
        // Every list of the classifier fills: read and heard terms, set words, stutter, emoji.
        let long = "加微信abc12345 赌赌博博网站🐷".repeat(10_000);
        let short = "今天召开全市经济工作会议，加微信";
        let (held_long, verdict) = engine.screen_on_scratch(&long);
        assert!(!verdict.is_empty(), "the long post has hits");
        let (held_short, _) = engine.screen_on_scratch(short);
        assert!(held_short > 0 && held_short < KEPT_BYTES);
        // Each buffer keeps at most KEPT_BYTES (there are fewer than 20), a small part of what
        // the post took (its normalized text alone is as long as the post).
        assert!(held_long <= 20 * KEPT_BYTES, "{held_long} bytes held");
        assert!(held_long < long.len() / 4, "{held_long} bytes held");
    }
}
