//! Normalization: one canonical form for text and terms, with a map back to the original.
//!
//! Evaders write 賭博, ＤＵＢＯ, 赌*博, 赌\u{200b}博 or 赌🎲博; the automaton sees 赌博 and dubo.
//! Every normalized character remembers the byte and char span of the original text it came
//! from, so a hit found on the normalized form is reported on what the user sent.
//!
//! The steps, per character, in order:
//! 1. fold ([`tables::FOLD`], generated): NFKC singletons (full-width → ASCII, ①→1, Kangxi
//!    radicals), lower case, traditional → simplified (OpenCC TSCharacters), variant and
//!    look-alike characters; or expand ([`tables::EXPAND`]: ⑳ → "20");
//! 2. classify the folded char ([`tables::CLASS`]): `Remove` (format chars, combining marks:
//!    dropped without trace), `Noise` (spaces, punctuation, symbols, emoji: skipped, but more than
//!    [`MAX_GAP`] in a row end the run), `Break` (sentence ends: emitted as [`BREAK`], which no term
//!    contains, so nothing matches across a sentence), or kept;
//! 3. over the kept characters, Chinese digits inside a number (a run of three or more digit
//!    characters, or one that holds an Arabic digit) become ASCII digits: 一三八 → 138, while
//!    一本万利 and 三五成群 stay as they are.

pub(crate) mod emoji;
pub(crate) mod sound;
mod tables;

use tables::{CJK_DIGITS, CLASS, Class, EXPAND, FOLD};

use crate::util::Release;

/// What a sentence end becomes in normalized text. Terms never contain it.
pub(crate) const BREAK: char = '\n';

/// The most noise characters skipped between two characters of one term. Past this, the run is
/// treated like a sentence end: 赌 博 and 赌🎲博 still match, a long line of symbols does not join
/// the words on either side.
pub(crate) const MAX_GAP: u32 = 3;

/// Where one normalized character came from: one char of the original (an expansion such as
/// ⑳ → 20 gives each of its chars the same origin).
///
/// Four bytes a char, as this map is the largest thing a post costs: the span's end follows
/// from the original char's UTF-8 length, kept in two bits. What else a char's place needs is
/// kept apart: its byte offset in the normalized text for every char of a short text and every
/// 16th of a long one, the others walked to ([`CharStarts`]); and char offsets (what a hit
/// reports beside its bytes) are not kept, but counted once for all of a post's hits
/// ([`crate::verdict::count_chars`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    /// The original char's byte offset in the low 30 bits, its UTF-8 length minus one in the
    /// top 2.
    packed: u32,
}

// The map is the largest thing a post costs (see above).
const _: () = assert!(std::mem::size_of::<Origin>() == 4);

/// Every how many chars of a long text (over [`LONG_POST`] bytes) [`CharStarts`] keeps a byte
/// offset, as a power of two: a lookup walks at most 15 chars, and the offsets cost a quarter
/// of a byte a char. A short text keeps every char's, for lookups without a walk (screening a
/// Weibo comment looks some up; a walk for each cost 1.5% of it).
const LONG_STEP_BITS: u32 = 4;

/// Where the chars of a text start, kept for every char of a short text and every 16th char of
/// a long one: any other char's start is walked to from the one before it. What the offset maps
/// of [`Normalized`] keeps instead of a byte offset per char.
#[derive(Clone, Debug, Default)]
struct CharStarts {
    /// The byte offset of chars 0, `1 << step_bits`, 2 × `1 << step_bits` …
    starts: Vec<u32>,
    step_bits: u32,
}

impl CharStarts {
    /// Clears the offsets, to keep every `1 << step_bits`th of a text of `chars` chars (or an
    /// unknown number, 0).
    fn clear(&mut self, step_bits: u32, chars: usize) {
        self.starts.clear();
        self.step_bits = step_bits;
        self.starts.reserve(chars >> step_bits);
    }

    /// Notes that char `i` (each in turn, from 0) starts at `byte`, for offsets cleared with
    /// `STEP_BITS`.
    #[inline(always)]
    fn note<const STEP_BITS: u32>(&mut self, i: usize, byte: usize) {
        debug_assert_eq!(STEP_BITS, self.step_bits);
        if i & ((1 << STEP_BITS) - 1) == 0 {
            self.starts.push(byte as u32);
        }
    }

    /// Notes again, after the text was rewritten, that char `i` starts at `byte`.
    fn renote(&mut self, i: usize, byte: usize) {
        if i & ((1 << self.step_bits) - 1) == 0 {
            self.starts[i >> self.step_bits] = byte as u32;
        }
    }

    /// The byte offset of char `i` of `text`, which has `len` chars; the text's length for `i`
    /// at or past the end.
    fn byte(&self, text: &str, len: usize, i: usize) -> usize {
        if i >= len {
            return text.len();
        }
        if self.step_bits == 0 {
            return self.starts[i] as usize;
        }
        let bytes = text.as_bytes();
        let mut at = self.starts[i >> self.step_bits] as usize;
        for _ in 0..i & ((1 << self.step_bits) - 1) {
            at += utf8_len(bytes[at]);
        }
        at
    }

    /// The index of the char of `text` (of `len` chars) that starts at `byte`; inside a char,
    /// the next char's; past the end, `len`.
    fn index(&self, text: &str, len: usize, byte: usize) -> usize {
        let block = self
            .starts
            .partition_point(|&b| b as usize <= byte)
            .saturating_sub(1);
        let Some(&first) = self.starts.get(block) else {
            return 0;
        };
        let (bytes, mut at, mut i) = (text.as_bytes(), first as usize, block << self.step_bits);
        while i < len && at < byte {
            at += utf8_len(bytes[at]);
            i += 1;
        }
        i
    }
}

/// The byte offset bits of [`Origin::packed`].
const OFFSET_BITS: u32 = (1 << 30) - 1;

impl Origin {
    /// The origin of the original char at bytes `start..end` (below 2^30: the engine's posts
    /// are at most 1 GiB). Its length is told by where the next char starts, which the walk
    /// over the chars knows already, rather than by the char's value (three compares, for
    /// every char of every post).
    #[inline(always)]
    fn new(start: usize, end: usize) -> Origin {
        debug_assert!(start as u32 <= OFFSET_BITS && (1..=4).contains(&(end - start)));
        Origin {
            packed: (start as u32 & OFFSET_BITS) | ((end - start - 1) as u32) << 30,
        }
    }

    /// Byte offset of the original char.
    pub(crate) fn start(&self) -> u32 {
        self.packed & OFFSET_BITS
    }

    /// Byte offset just past the original char.
    pub(crate) fn end(&self) -> u32 {
        self.start() + (self.packed >> 30) + 1
    }
}

/// Text in normalized form, with an offset map back to the original.
///
/// Reused between posts (`clear` keeps the allocations), so steady-state screening does not
/// allocate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Normalized {
    pub(crate) text: String,
    /// The chars of `text`, noted as they are written, for a short text only ([`LONG_POST`]:
    /// for a long one the list would take four bytes a char, where the text takes one to
    /// three): [`Normalized::chars`].
    chars: Vec<char>,
    /// One entry per char of `text`.
    pub(crate) origins: Vec<Origin>,
    /// Where the chars of `text` start.
    starts: CharStarts,
    /// Char indices of the sentence breaks in `text`, ascending.
    pub(crate) breaks: Vec<u32>,
    /// The text holds an emoji of the emoji table ([`emoji`]) that was read as noise: the
    /// engine then also reads it with [`Normalized::normalize_reading_emoji`].
    pub(crate) emoji_words: bool,
    /// Emoji of the table become their words (the second reading).
    read_emoji: bool,
    /// The [`marks`] the text holds: punctuation normalization drops, which detectors ask
    /// about before they look at the original text.
    pub(crate) marks: u32,
    /// How many ASCII digits `text` holds ([`Normalized::ascii_digits`]), counted as the
    /// chars are written.
    digits: u32,
    /// How many non-ASCII chars of `text` are the char before them again: under two, no stutter
    /// can be found and [`Normalized::collapse_repeats`] need not look. (Fewer than 2^30 chars
    /// in a post: no overflow.)
    repeats: u32,
    /// The last char of `text` (`'\0'` for none): what a char is compared with for `repeats`,
    /// and a break for `push_break`.
    last: char,
    /// Every char of the original that normalization did not keep as it is, as its byte
    /// offset and the number of normalized chars before it; noted for a short text only
    /// ([`LONG_POST`]: a long one's list could outgrow the text). Every char between two of
    /// them became itself, one normalized char, which lets [`Punctuated::build`] copy them
    /// without a look at each.
    changed: Vec<(u32, u32)>,
    /// `changed` lists every changed char: the text is short, and no Chinese digit was
    /// written again after the walk ([`Normalized::fold_digit_runs`] changes kept chars).
    changes_known: bool,
}

/// Marks: punctuation that normalization drops and detectors read, one bit each in
/// [`Normalized::marks`]. A bit is set when the text holds a char that folds to one of its
/// chars (a test checks that every such char is dropped as noise or a sentence end, where
/// normalization looks).
pub(crate) mod marks {
    /// `(` `（`
    pub(crate) const PAREN: u32 = 1;
    /// `[` `【` `〔`
    pub(crate) const SQUARE: u32 = 2;
    /// `/` `／`
    pub(crate) const SLASH: u32 = 4;
    /// `@` `＠`
    pub(crate) const AT: u32 = 8;
    /// `:` `：` `|` `｜`
    pub(crate) const COLON: u32 = 16;
    /// `.` `．`
    pub(crate) const DOT: u32 = 32;
    /// `【` `〔` (besides [`SQUARE`]): the brackets a title or a part word opens with, where a
    /// `[` alone most often opens a Weibo emoticon ([哈哈]).
    pub(crate) const LENTICULAR: u32 = 64;
    /// A [`SLASH`] or [`COLON`] (besides its own bit) right after 文, 图, 字, 者 or 影, with
    /// nothing between but what normalization drops or makes a break: the separator of a
    /// credit (文/, 图：, 作者 |, 摄影：), which wakes the attribution detector. The
    /// `回复@某人:` of a Weibo comment has a colon and no credit.
    pub(crate) const CREDIT: u32 = 128;

    /// The mark bit of a folded char.
    pub(crate) fn of(folded: char) -> u32 {
        match folded {
            '(' | '（' => PAREN,
            '[' => SQUARE,
            '【' | '〔' => SQUARE | LENTICULAR,
            '/' | '／' => SLASH,
            '@' | '＠' => AT,
            ':' | '：' | '|' | '｜' => COLON,
            '.' | '．' => DOT,
            _ => 0,
        }
    }
}

impl Normalized {
    pub(crate) fn new() -> Normalized {
        Normalized::default()
    }

    /// Normalizes `original` into `self`, replacing what was there.
    ///
    /// # Panics
    /// When `original` is longer than 1 GiB ([`Origin`] keeps byte offsets in 30 bits); the
    /// engine rejects such posts before they get here.
    pub(crate) fn normalize(&mut self, original: &str) {
        assert!(
            original.len() <= 1 << 30,
            "normalize: text of {} bytes exceeds the 1 GiB offset range",
            original.len()
        );
        // Each char is pushed with the step of the char starts kept known to the compiler.
        if original.len() > LONG_POST {
            self.normalize_in::<LONG_STEP_BITS>(original);
            // The text had room for the whole original; what normalization dropped (spaces,
            // punctuation) is given back before the post is screened, rather than held to the
            // end of it.
            if self.text.capacity() - self.text.len() > self.text.len() / 8 {
                self.text.shrink_to_fit();
            }
        } else {
            self.normalize_in::<0>(original);
        }
    }

    /// [`normalize`](Normalized::normalize), keeping the start of every `1 << STEP_BITS`th
    /// char ([`CharStarts`]).
    fn normalize_in<const STEP_BITS: u32>(&mut self, original: &str) {
        self.text.clear();
        self.chars.clear();
        self.origins.clear();
        self.breaks.clear();
        self.emoji_words = false;
        self.marks = 0;
        self.digits = 0;
        self.repeats = 0;
        self.last = '\0';
        self.changed.clear();
        self.changes_known = STEP_BITS == 0;
        // Most of a post is kept, and folding seldom lengthens a char: room for a long post all
        // at once, rather than doubling (which holds twice the map at its peak). A short one
        // is not counted: the memory is kept between posts.
        self.text.reserve(original.len());
        let chars = long_post_chars(original);
        self.origins.reserve(chars);
        self.starts.clear(STEP_BITS, chars);

        let mut gap = 0u32;
        // A Chinese digit next to another digit: only then can a number be folded (a run of
        // one Chinese digit, 一个, is left as it is), so only then is the text written again.
        let mut digit_pairs = false;
        let (bmp, plain): (&[Info], &[u64]) = (&BMP, &PLAIN);
        let mut run = Run::default();
        let mut chars = original.char_indices();
        while let Some((byte, c)) = chars.next() {
            let origin = Origin::new(byte, chars.offset());
            let u = c as usize;
            if plain.get(u / 64).is_some_and(|w| w >> (u % 64) & 1 != 0) {
                // (No digit is plain: `push` counts them, and sees them beside Chinese ones.)
                debug_assert!(!c.is_ascii_digit());
                // As `push` (a kept char is never a break), its bytes written with the run's.
                debug_assert_ne!(c, BREAK);
                self.follow(c);
                let at = run.keep(byte, self.text.len());
                self.starts.note::<STEP_BITS>(self.origins.len(), at);
                self.origins.push(origin);
                if STEP_BITS == 0 {
                    self.chars.push(c);
                }
                gap = 0;
                continue;
            }
            run.end(&mut self.text, original, byte);
            if STEP_BITS == 0 {
                self.changed.push((byte as u32, self.origins.len() as u32));
            }
            let info = lookup_in(bmp, c);
            if info.expands()
                && let Some(expansion) = expand(c)
            {
                for e in expansion.chars() {
                    digit_pairs |= digit_pair(self.last, e);
                    self.push::<STEP_BITS>(e, origin);
                }
                gap = 0;
                continue;
            }
            match info.class() {
                None => {
                    let f = info.folded();
                    digit_pairs |=
                        (info.is_cjk_digit() || f.is_ascii_digit()) && digit_pair(self.last, f);
                    self.push::<STEP_BITS>(f, origin);
                    gap = 0;
                }
                Some(Class::Remove) => {}
                Some(Class::Noise) => {
                    self.marks |= self.mark(info.folded());
                    if let Some(word) = emoji::word(c) {
                        if self.read_emoji {
                            // The word takes the emoji's place: a hit on it reports the emoji.
                            for w in word.chars() {
                                digit_pairs |= digit_pair(self.last, w);
                                self.push::<STEP_BITS>(w, origin);
                            }
                            gap = 0;
                            continue;
                        }
                        self.emoji_words = true;
                    }
                    gap += 1;
                    if gap == MAX_GAP + 1 {
                        self.push_break::<STEP_BITS>(origin);
                    }
                }
                Some(Class::Break) => {
                    self.marks |= self.mark(info.folded());
                    self.push_break::<STEP_BITS>(origin);
                    gap = 0;
                }
            }
        }
        run.end(&mut self.text, original, original.len());
        // Most texts hold no Chinese digit next to a digit: skip the pass.
        if digit_pairs {
            self.fold_digit_runs();
            self.changes_known = false;
            // (It writes Chinese digits as ASCII ones.)
            self.digits = ascii_digits(self.text.as_bytes()) as u32;
        }
    }

    /// Normalizes `original` as [`normalize`](Normalized::normalize) does, except that emoji of
    /// the emoji table become the words they stand for (你这个🐷 → 你这个猪).
    pub(crate) fn normalize_reading_emoji(&mut self, original: &str) {
        self.read_emoji = true;
        self.normalize(original);
        self.read_emoji = false;
    }

    // Inlined: once per char of every post.
    #[inline(always)]
    fn push<const STEP_BITS: u32>(&mut self, c: char, origin: Origin) {
        if c == BREAK {
            self.breaks.push(self.origins.len() as u32);
        }
        self.digits += u32::from(c.is_ascii_digit());
        self.follow(c);
        self.starts
            .note::<STEP_BITS>(self.origins.len(), self.text.len());
        self.origins.push(origin);
        if STEP_BITS == 0 {
            self.chars.push(c);
        }
        self.text.push(c);
    }

    /// Notes `c` as the text's last char, counting it if it repeats the one before: only then
    /// can the stutter view find anything.
    #[inline(always)]
    fn follow(&mut self, c: char) {
        self.repeats += u32::from(c == self.last && !c.is_ascii());
        self.last = c;
    }

    /// The marks of a dropped char that folds to `folded` ([`marks::of`]), with
    /// [`marks::CREDIT`] for a separator after a credit. Asked only of the chars normalization
    /// drops, none of the kept chars it writes in runs: the text is written up to here.
    #[inline(always)]
    fn mark(&self, folded: char) -> u32 {
        let mark = marks::of(folded);
        if mark & (marks::SLASH | marks::COLON) == 0 {
            return mark;
        }
        self.separator_mark(mark)
    }

    /// [`mark`](Normalized::mark) of a separator, `mark` its own.
    #[inline(never)]
    fn separator_mark(&self, mark: u32) -> u32 {
        // Breaks stand for what may come between (spaces past MAX_GAP, a line end): a
        // separator after a sentence end (文。/) is a credit's here, which only wakes the
        // detector for nothing.
        let credit = self
            .text
            .trim_end_matches(BREAK)
            .ends_with(['文', '图', '字', '者', '影']);
        if credit { mark | marks::CREDIT } else { mark }
    }

    fn push_break<const STEP_BITS: u32>(&mut self, origin: Origin) {
        // One break stands for any number of sentence ends in a row.
        if self.last != BREAK {
            self.push::<STEP_BITS>(BREAK, origin);
        }
    }

    /// Step 3: Chinese digits that stand inside a number become ASCII digits. The text is
    /// written anew (an ASCII digit is shorter than the Chinese one), with the chars' byte
    /// offsets; only texts where a Chinese digit stands beside another digit come here.
    fn fold_digit_runs(&mut self) {
        let old = std::mem::take(&mut self.text);
        self.text.reserve(old.len());
        (self.repeats, self.last) = (0, '\0');
        let mut chars = old.char_indices().peekable();
        let mut i = 0;
        while let Some((at, c)) = chars.next() {
            if !is_digitlike(c) {
                self.put(i, c);
                i += 1;
                continue;
            }
            let (mut end, mut len, mut has_ascii) = (at + c.len_utf8(), 1, c.is_ascii_digit());
            while let Some(&(b, d)) = chars.peek().filter(|&&(_, d)| is_digitlike(d)) {
                has_ascii |= d.is_ascii_digit();
                (end, len) = (b + d.len_utf8(), len + 1);
                chars.next();
            }
            let fold = len >= 3 || (has_ascii && len >= 2);
            for d in old[at..end].chars() {
                let d = match cjk_digit(d) {
                    Some(v) if fold => char::from(b'0' + v),
                    _ => d,
                };
                self.put(i, d);
                i += 1;
            }
        }
    }

    /// Writes normalized char `i` (`c`) at the end of the text, noting its byte offset.
    fn put(&mut self, i: usize, c: char) {
        self.follow(c);
        if let Some(kept) = self.chars.get_mut(i) {
            *kept = c;
        }
        self.starts.renote(i, self.text.len());
        self.text.push(c);
    }

    /// The number of ASCII digits in the text (Chinese digits inside a number among them,
    /// written as ASCII digits): what the detectors of numbers ask before they look. Counted
    /// as normalization writes the text: counted afterwards (eight bytes at a time) for each of
    /// the two detectors that ask, it was 1.6% of a Weibo comment's instructions.
    pub(crate) fn ascii_digits(&self) -> usize {
        debug_assert_eq!(self.digits as usize, ascii_digits(self.text.as_bytes()));
        self.digits as usize
    }

    /// The normalized chars as a list, for a short text; `None` for a long one, whose chars
    /// are read by decoding [`text`](Normalized::text). A walk over the chars of a post reads
    /// the list where it can: decoding the text again took a fifth of what the classifier's
    /// walk costs on a Weibo comment.
    pub(crate) fn chars(&self) -> Option<&[char]> {
        (self.chars.len() == self.origins.len()).then_some(&self.chars)
    }

    /// The number of normalized chars.
    pub(crate) fn len(&self) -> usize {
        self.origins.len()
    }

    /// Gives back the memory of a long text ([`Release`]).
    pub(crate) fn release(&mut self) {
        self.text.release();
        self.chars.release();
        self.origins.release();
        self.starts.starts.release();
        self.breaks.release();
        self.changed.release();
    }

    /// The bytes its lists hold (their capacity), for tests.
    #[cfg(test)]
    pub(crate) fn held_bytes(&self) -> usize {
        self.text.held()
            + self.chars.held()
            + self.origins.held()
            + self.starts.starts.held()
            + self.breaks.held()
            + self.changed.held()
    }

    /// The byte offset in `self.text` of normalized char `i`; the text's length for `i` at or
    /// past the end.
    pub(crate) fn nbyte(&self, i: usize) -> usize {
        self.starts.byte(&self.text, self.origins.len(), i)
    }

    /// The normalized char index that starts at byte `nbyte` of `self.text` (or, inside a
    /// char, the next char's; the number of chars past the end).
    pub(crate) fn char_index(&self, nbyte: usize) -> usize {
        self.starts.index(&self.text, self.origins.len(), nbyte)
    }

    /// The index of the first normalized char whose original starts at or after byte `byte` of
    /// the ORIGINAL text: where a detector's span over the original begins in this view.
    pub(crate) fn index_of_original(&self, byte: usize) -> usize {
        self.origins
            .partition_point(|o| (o.start() as usize) < byte)
    }

    /// The byte range in `self.text` of normalized chars `start..end` widened by at most `reach`
    /// chars on either side, never past a sentence break: where the words around a span are
    /// looked for.
    pub(crate) fn sentence_around(&self, start: usize, end: usize, reach: usize) -> (usize, usize) {
        // Told by the list of breaks and the offset map, not by walking `reach` chars each way
        // (a window of 64 chars walked for each candidate was a tenth of a hit post's cost).
        let len = self.len();
        let before = self.breaks.partition_point(|&b| (b as usize) < start);
        let mut from = start.saturating_sub(reach);
        if let Some(&b) = before.checked_sub(1).and_then(|k| self.breaks.get(k)) {
            from = from.max(b as usize + 1);
        }
        let after = self.breaks.partition_point(|&b| (b as usize) < end);
        let mut to = end.saturating_add(reach).min(len);
        if let Some(&b) = self.breaks.get(after) {
            to = to.min(b as usize);
        }
        (self.nbyte(from), self.nbyte(to))
    }

    /// The original byte span of normalized chars `start..end` (char indices, `end` exclusive
    /// and greater than `start`).
    pub(crate) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.origins[start].start() as usize,
            self.origins[end - 1].end() as usize,
        )
    }

    /// The normalized char at index `i`.
    pub(crate) fn char_at(&self, i: usize) -> char {
        self.text[self.nbyte(i)..].chars().next().unwrap_or(BREAK)
    }

    /// Builds the repeat-collapsed view of the normalized text into `out`: a run of one
    /// non-ASCII character repeated (赌赌博博, 约约约炮) becomes one character, so terms match
    /// through stutter. ASCII is left alone: digits repeat in every phone number, letters in
    /// ordinary words.
    ///
    /// `runs` gets one entry per collapsed char that stands for a run, in order: (its index
    /// in `out`, in chars; how many repeats it swallowed; how many all the runs before it
    /// swallowed). Only the runs are kept, not a span per char, as most chars stand alone:
    /// collapsed char `i` is normalized char `i` plus the repeats swallowed before it.
    ///
    /// Returns false (and leaves `out` and `runs` unspecified) when fewer than two chars repeat
    /// the one before, which is most texts; the caller then skips the second scan. Stutter is
    /// two runs inside a term or a char three times (`classify::each_stutter_match`), which
    /// takes two repeats: a post of one doubled char (天天, 哈哈) has none.
    pub(crate) fn collapse_repeats(
        &self,
        out: &mut String,
        runs: &mut Vec<(u32, u32, u32)>,
    ) -> bool {
        if self.repeats < 2 {
            return false;
        }
        out.clear();
        runs.clear();
        let (mut prev, mut index, mut swallowed) = (None, 0u32, 0u32);
        for c in self.text.chars() {
            if prev == Some(c) && !c.is_ascii() {
                swallowed += 1;
                match runs.last_mut() {
                    Some(last) if last.0 + 1 == index => last.1 += 1,
                    _ => runs.push((index - 1, 1, swallowed - 1)),
                }
                continue;
            }
            prev = Some(c);
            out.push(c);
            index += 1;
        }
        true
    }
}

/// The post folded char by char as normalization folds it, with the punctuation and spacing
/// it drops: the view of the detectors whose rules are shaped by punctuation (来源：, //@, 文/,
/// （…）). One char per char of the original, but for the invisible chars normalization drops
/// without a gap (赌\u{200b}博), so a span maps back exactly. Built on demand from a
/// [`Normalized`] post, whose chars it takes where normalization kept a char as one (so digit
/// runs read as they do there), and otherwise each char folded by itself.
#[derive(Clone, Debug, Default)]
pub(crate) struct Punctuated {
    pub(crate) text: String,
    /// Where `text` and the original part ways, in order ([`Piece`]): most of a post is one
    /// or a few runs of chars the view keeps as they are, so the map holds a piece per run and
    /// per char written differently rather than an offset per char.
    pieces: Vec<Piece>,
}

/// A stretch of a [`Punctuated`] view from byte `view` of its text to the next piece's start:
/// a run of chars kept as they are, whose byte `view + i` is byte `orig + i` of the original
/// (`len == 0`), or one char written differently, whose original is `len` bytes at `orig`.
#[derive(Clone, Copy, Debug)]
struct Piece {
    view: u32,
    orig: u32,
    len: u32,
}

impl Punctuated {
    /// Gives back the memory of a long text ([`Release`]).
    pub(crate) fn release(&mut self) {
        self.text.release();
        self.pieces.release();
    }

    /// Builds the view of `original`, which `norm` holds normalized, replacing what was there.
    ///
    /// Most chars are ones normalization kept as they were, the same bytes at both ends: the
    /// view copies them in runs, and its map notes runs, not chars. Where normalization
    /// listed the chars it changed (a short text, [`Normalized::changed`]), only those are
    /// looked at; otherwise the original is walked with normalized char `k` alongside, and a
    /// kept char is told by its bytes without being decoded or folded. (The view of a 200-char
    /// post took 25.4k instructions when each char was decoded, folded and given an offset and
    /// an origin, 17.4k walked by bytes, 3.1k from the list; callgrind, the slowest of the
    /// latency bench's posts, where it was the largest part of the attribution detector.)
    pub(crate) fn build(&mut self, original: &str, norm: &Normalized) {
        self.text.clear();
        self.pieces.clear();
        self.text.reserve(original.len());
        if norm.changes_known {
            self.build_from_changes(original, norm);
        } else {
            self.build_walking(original, norm);
        }
    }

    /// [`build`](Punctuated::build) from the chars normalization changed: the chars between
    /// two of them are kept, each one normalized char that is itself.
    fn build_from_changes(&mut self, original: &str, norm: &Normalized) {
        let (bytes, origins) = (original.as_bytes(), &norm.origins);
        let mut run = Run::default();
        // The first byte of the original not yet in the view.
        let mut b = 0;
        for &(at, k) in &norm.changed {
            let (at, k) = (at as usize, k as usize);
            if at >= bytes.len() {
                break; // (never: `norm` is `original` normalized)
            }
            if b < at {
                self.keep(&mut run, b);
            }
            // Its normalized chars are those from `k` on that start at its byte.
            let single = origins.get(k).is_some_and(|o| o.start() as usize == at)
                && origins.get(k + 1).is_none_or(|o| o.start() as usize != at);
            let len = utf8_len(bytes[at]);
            self.place(
                &mut run,
                original,
                norm,
                at,
                len,
                single.then(|| norm.nbyte(k)),
            );
            b = at + len;
        }
        if b < bytes.len() {
            self.keep(&mut run, b);
        }
        run.end(&mut self.text, original, original.len());
    }

    /// [`build`](Punctuated::build) by walking the original's bytes with normalized char `k`
    /// alongside.
    fn build_walking(&mut self, original: &str, norm: &Normalized) {
        let origins = &norm.origins;
        let (bytes, normalized) = (original.as_bytes(), norm.text.as_bytes());
        // Normalized char `k` starts at byte `nb` of the normalized text.
        let (mut k, mut nb) = (0usize, 0usize);
        // As in normalization, a run of chars the view keeps as they are is copied in one piece.
        let mut run = Run::default();
        let mut b = 0;
        while b < bytes.len() {
            let len = utf8_len(bytes[b]);
            let at = b as u32;
            while k < origins.len() && origins[k].start() < at {
                nb += utf8_len(normalized[nb]);
                k += 1;
            }
            let single = k < origins.len()
                && origins[k].start() == at
                && origins.get(k + 1).is_none_or(|o| o.start() != at);
            self.place(&mut run, original, norm, b, len, single.then_some(nb));
            b += len;
        }
        run.end(&mut self.text, original, original.len());
    }

    /// Places the char at byte `b` of the original (`len` bytes) in the view. `single` is where
    /// its normalized char starts in the normalized text when normalization made one char of
    /// it: the view takes that char (so digit runs read as they do there), a break excepted;
    /// any other char is folded by itself, and an invisible one is left out.
    #[inline(always)]
    fn place(
        &mut self,
        run: &mut Run,
        original: &str,
        norm: &Normalized,
        b: usize,
        len: usize,
        single: Option<usize>,
    ) {
        let (bytes, normalized) = (original.as_bytes(), norm.text.as_bytes());
        // The normalized char is this char (a BREAK too: it folds to itself). With one lead
        // byte, both chars are `len` bytes long.
        if let Some(nb) = single
            && normalized[nb] == bytes[b]
            && char_bits(normalized, nb, len) == char_bits(bytes, b, len)
        {
            self.keep(run, b);
            return;
        }
        let c = original[b..].chars().next().unwrap_or(BREAK);
        let v = match single {
            Some(nb) => match norm.text[nb..].chars().next().unwrap_or(BREAK) {
                BREAK => fold(c),
                n => n,
            },
            None if is_invisible(c) => {
                run.end(&mut self.text, original, b);
                return;
            }
            None => fold(c),
        };
        if v == c {
            self.keep(run, b);
        } else {
            run.end(&mut self.text, original, b);
            self.pieces.push(Piece {
                view: self.text.len() as u32,
                orig: b as u32,
                len: len as u32,
            });
            self.text.push(v);
        }
    }

    /// The char at byte `b` of the original joins the view as it is: a piece starts with
    /// the run it opens.
    #[inline(always)]
    fn keep(&mut self, run: &mut Run, b: usize) {
        if run.0.is_none() {
            self.pieces.push(Piece {
                view: self.text.len() as u32,
                orig: b as u32,
                len: 0,
            });
        }
        run.keep(b, self.text.len());
    }

    /// The original byte span of view bytes `vs..ve` (`vs < ve`, on char boundaries).
    pub(crate) fn span(&self, vs: usize, ve: usize) -> (usize, usize) {
        // The pieces holding the first and the last byte of the span.
        let piece = |byte: usize| {
            let i = self.pieces.partition_point(|p| p.view as usize <= byte);
            self.pieces[i.saturating_sub(1)]
        };
        let (first, last) = (piece(vs), piece(ve - 1));
        let start = match first.len {
            0 => first.orig as usize + (vs - first.view as usize),
            _ => first.orig as usize,
        };
        let end = match last.len {
            0 => last.orig as usize + (ve - last.view as usize),
            n => (last.orig + n) as usize,
        };
        (start, end)
    }

    /// The original byte span of `part`, a slice of `self.text`; `None` when it is empty or
    /// not a slice of it.
    pub(crate) fn span_of(&self, part: &str) -> Option<(usize, usize)> {
        let at = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        (!part.is_empty() && at + part.len() <= self.text.len())
            .then(|| self.span(at, at + part.len()))
    }

    /// The view's char before byte `at`.
    pub(crate) fn char_before(&self, at: usize) -> Option<char> {
        self.text[..at].chars().next_back()
    }

    /// The view's char at byte `at`.
    pub(crate) fn char_after(&self, at: usize) -> Option<char> {
        self.text[at..].chars().next()
    }
}

/// Past how many bytes a text is long: its memory is reserved at once, and [`CharStarts`] keeps
/// the start of every 16th char only.
pub(crate) const LONG_POST: usize = 1 << 12;

/// The number of chars of `text` when it is long ([`LONG_POST`]), for room for them to be
/// reserved at once; else 0.
fn long_post_chars(text: &str) -> usize {
    if text.len() > LONG_POST {
        text.chars().count()
    } else {
        0
    }
}

/// A run of chars of the original that a view keeps as they are: copied into the view's text
/// in one piece once it ends, rather than each char encoded and pushed. It holds the byte of
/// the original where the run starts, and the length of the text there.
#[derive(Default)]
struct Run(Option<(usize, usize)>);

impl Run {
    /// The char at byte `byte` of the original joins the run (or starts one, the text `len`
    /// bytes long): the byte of the text it will be written at.
    #[inline(always)]
    fn keep(&mut self, byte: usize, len: usize) -> usize {
        let (from, at) = *self.0.get_or_insert((byte, len));
        at + (byte - from)
    }

    /// The run, if one is open, ends before byte `end` of `original`: it is written to `text`.
    #[inline(always)]
    fn end(&mut self, text: &mut String, original: &str, end: usize) {
        if let Some((from, _)) = self.0.take() {
            text.push_str(&original[from..end]);
        }
    }
}

/// The number of ASCII digits in `bytes`, eight bytes at a time ([`Normalized::ascii_digits`]).
fn ascii_digits(bytes: &[u8]) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A digit is a byte 0x30..=0x39: `x = byte ^ 0x30` below 10. `(x & 0x7f) + 0x76`
        // reaches the byte's high bit exactly when its low seven bits are 10 or more, and
        // cannot carry into the next byte; or'ed with `x`, the high bit is clear for digits
        // only.
        let x = u64::from_le_bytes(word) ^ 0x3030_3030_3030_3030;
        let not_digit = ((x & LOW) + 0x7676_7676_7676_7676) | x;
        // One bit a digit, at the bottom of its byte: the multiplication sums the bytes into
        // the top one (at most 8, no carry), cheaper than a popcount without the instruction.
        let ones = (!not_digit & HIGH) >> 7;
        n += (ones.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|b| b.is_ascii_digit())
        .count()
}

/// The length of the UTF-8 char that starts with byte `lead`.
#[inline(always)]
fn utf8_len(lead: u8) -> usize {
    // By the high four bits: 0xxx ASCII, 10xx never a lead, 110x two, 1110 three, 1111 four.
    // (A table load: `leading_ones` without the lzcnt instruction cost 15 instructions.)
    const LEN: [u8; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];
    LEN[usize::from(lead >> 4)] as usize
}

/// The `len` bytes of `bytes` at `at` (a char of that length), as a number: what the view
/// compares chars by. (A slice comparison calls memcmp for three bytes; a closure over the
/// bytes cost 25 instructions a char.)
#[inline(always)]
fn char_bits(bytes: &[u8], at: usize, len: usize) -> u32 {
    match bytes
        .get(at..at + 4)
        .and_then(|w| <[u8; 4]>::try_from(w).ok())
    {
        Some(word) => u32::from_le_bytes(word) & (u32::MAX >> (8 * (4 - len))),
        // The last chars of the text.
        None => (bytes[at..at + len].iter().rev()).fold(0, |n, &b| n << 8 | u32::from(b)),
    }
}

/// Normalizes a lexicon term (or any short string) to the form the automaton matches.
///
/// Returns the normalized text without sentence breaks, or `None` when the term holds a
/// sentence end (a term cannot match across one).
pub(crate) fn normalize_term(term: &str) -> Option<String> {
    let mut n = Normalized::new();
    n.normalize(term);
    let t = n.text.trim_matches(BREAK);
    if t.contains(BREAK) {
        return None;
    }
    Some(t.to_string())
}

/// Everything normalization needs to know about one char, packed: the folded char (21 bits),
/// its class (2 bits: kept, remove, noise, break), whether it expands, whether its folded form
/// is a Chinese digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Info(u32);

impl Info {
    const CLASS_SHIFT: u32 = 21;
    const EXPANDS: u32 = 1 << 23;
    const CJK_DIGIT: u32 = 1 << 24;

    fn of(c: char) -> Info {
        let f = fold(c);
        let class = match class(f) {
            None => 0,
            Some(Class::Remove) => 1,
            Some(Class::Noise) => 2,
            Some(Class::Break) => 3,
        };
        let mut bits = f as u32 | class << Info::CLASS_SHIFT;
        if expand(c).is_some() {
            bits |= Info::EXPANDS;
        }
        if cjk_digit(f).is_some() {
            bits |= Info::CJK_DIGIT;
        }
        Info(bits)
    }

    fn folded(self) -> char {
        char::from_u32(self.0 & 0x1f_ffff).unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    fn class(self) -> Option<Class> {
        match (self.0 >> Info::CLASS_SHIFT) & 3 {
            0 => None,
            1 => Some(Class::Remove),
            2 => Some(Class::Noise),
            _ => Some(Class::Break),
        }
    }

    fn expands(self) -> bool {
        self.0 & Info::EXPANDS != 0
    }

    fn is_cjk_digit(self) -> bool {
        self.0 & Info::CJK_DIGIT != 0
    }
}

/// `Info` for every char of the Basic Multilingual Plane (256 KiB, built once in about a
/// millisecond): one array load per char instead of three binary searches over the generated
/// tables, which is what keeps normalization off the profile. Chars beyond the BMP (emoji,
/// rare ideographs) take the binary searches.
static BMP: std::sync::LazyLock<Box<[Info]>> = std::sync::LazyLock::new(|| {
    (0..=0xffffu32)
        .map(|u| char::from_u32(u).map_or(Info(u), Info::of))
        .collect()
});

/// One bit per char of the Basic Multilingual Plane: set where normalization keeps the char as
/// it is (not folded, removed, noise, a break, expanded or a digit: an ASCII one takes the
/// other path, where digits are counted and seen beside Chinese ones), which is most chars of
/// most posts. 8 KiB, where [`BMP`] is 256 KiB: the common path of the loop stays in the
/// first-level cache, where a load from the full table was a quarter of normalization's cycles.
static PLAIN: std::sync::LazyLock<Box<[u64]>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    for (u, info) in BMP.iter().enumerate() {
        if info.0 == u as u32 && !(0x30..=0x39).contains(&u) {
            bits[u / 64] |= 1 << (u % 64);
        }
    }
    bits.into_boxed_slice()
});

fn lookup(c: char) -> Info {
    lookup_in(&BMP, c)
}

/// [`lookup`] in `bmp` ([`BMP`], fetched once for a text rather than once per char).
#[inline]
fn lookup_in(bmp: &[Info], c: char) -> Info {
    match bmp.get(c as usize) {
        Some(info) => *info,
        None => Info::of(c),
    }
}

/// True for the chars normalization drops without trace (the generated table's `Remove`:
/// zero-width and other format chars, variation selectors, combining marks): the one list of
/// invisible chars, which the detectors that read the original text skip as normalization does.
pub(crate) fn is_invisible(c: char) -> bool {
    lookup(c).class() == Some(Class::Remove)
}

/// The folded form of `c` (a single char; see [`expand`] for the few that become several).
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match FOLD.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => FOLD[i].1,
        Err(_) => c,
    }
}

/// The chars that fold to `c` ([`fold`]), `c` first: the spellings of a simplified char a
/// detector reading the original text must accept (机 and 機, 秘 and 祕), derived from the one
/// folding table rather than written by hand. ASCII letters are left to case-insensitive
/// matching.
pub(crate) fn spellings(c: char) -> Vec<char> {
    static BY_TARGET: std::sync::LazyLock<std::collections::HashMap<char, Vec<char>>> =
        std::sync::LazyLock::new(|| {
            let mut by: std::collections::HashMap<char, Vec<char>> =
                std::collections::HashMap::new();
            for &(from, to) in FOLD {
                by.entry(to).or_default().push(from);
            }
            by
        });
    let mut out = vec![c];
    out.extend(BY_TARGET.get(&c).into_iter().flatten().filter(|&&v| v != c));
    out
}

fn expand(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    EXPAND
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| EXPAND[i].1)
}

/// What normalization does with the (already folded) char `c`; `None` means keep it.
fn class(c: char) -> Option<Class> {
    if c.is_ascii_alphanumeric() {
        return None;
    }
    let i = CLASS.partition_point(|&(lo, _, _)| lo <= c);
    if i == 0 {
        return None;
    }
    let (lo, hi, class) = CLASS[i - 1];
    (lo <= c && c <= hi).then_some(class)
}

/// True when `c` is a Han character (CJK unified ideographs, extension A, the compatibility
/// ideographs, and extensions B to G): the one definition of the
/// class the detectors look for around what they find.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// True when normalization may write `c` (a folded char) as an ASCII digit: a Chinese digit,
/// which inside a number becomes one (一三八 → 138).
pub(crate) fn is_cjk_digit(c: char) -> bool {
    cjk_digit(c).is_some()
}

fn cjk_digit(c: char) -> Option<u8> {
    CJK_DIGITS
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| CJK_DIGITS[i].1)
}

fn is_digitlike(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && cjk_digit(c).is_some())
}

/// True when `a` and `b`, side by side, are digits and one is Chinese: the two chars a number
/// [`Normalized::fold_digit_runs`] folds must hold, somewhere in it.
fn digit_pair(a: char, b: char) -> bool {
    is_digitlike(a) && is_digitlike(b) && !(a.is_ascii() && b.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view folded char by char, as [`Punctuated::build`] made it before it compared runs
    /// as bytes: its text and each char's original span. What the test below holds it to.
    fn view_by_chars(original: &str, norm: &Normalized) -> (String, Vec<(usize, usize)>) {
        let (mut text, mut spans) = (String::new(), Vec::new());
        let origins = &norm.origins;
        // `current` is normalized char `k`, walked along with the original.
        let mut normalized = norm.text.chars();
        let (mut k, mut current) = (0usize, normalized.next());
        for (b, c) in original.char_indices() {
            let at = b as u32;
            while k < origins.len() && origins[k].start() < at {
                current = normalized.next();
                k += 1;
            }
            let single = k < origins.len()
                && origins[k].start() == at
                && origins.get(k + 1).is_none_or(|o| o.start() != at);
            let v = if single {
                match current.unwrap_or(BREAK) {
                    BREAK => fold(c),
                    n => n,
                }
            } else if is_invisible(c) {
                continue;
            } else {
                fold(c)
            };
            text.push(v);
            spans.push((b, b + c.len_utf8()));
        }
        (text, spans)
    }

    #[test]
    fn the_view_compared_by_bytes_is_the_view_folded_char_by_char() {
        // Chars normalization keeps, folds, expands, joins into numbers, drops or breaks on,
        // mixed at random into posts short and long.
        let alphabet: Vec<char> = "据报道新华社电來源據電臺網傳ＡＢａb１２3Z二〇二三年十一月五日，。：:／/（(）)【】 \t\n\u{3000}\u{200b}\u{feff}\u{fe0f}😀🈶㊙①⑩㎏ﬁĲ卐𠀀é\u{301}"
            .chars()
            .collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| crate::util::below(&mut seed, n);
        let mut norm = Normalized::default();
        let mut view = Punctuated::default();
        let mut posts: Vec<String> = ["", "a", "\u{200b}", "二〇二三年", "據新華社電", "记者 张三"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for i in 0..600 {
            let len = if i % 100 == 0 { 3000 } else { next(40) };
            posts.push((0..len).map(|_| alphabet[next(alphabet.len())]).collect());
        }
        let (mut changed, mut from_changes) = (0, 0);
        for post in &posts {
            norm.normalize(post);
            from_changes += usize::from(norm.changes_known);
            view.build(post, &norm);
            let (text, spans) = view_by_chars(post, &norm);
            assert_eq!(view.text, text, "{post:?}");
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let end_of = |i: usize| starts.get(i + 1).copied().unwrap_or(text.len());
            for i in 0..starts.len() {
                // Each char, and the span from it to a char further on.
                assert_eq!(
                    view.span(starts[i], end_of(i)),
                    spans[i],
                    "{post:?} char {i}"
                );
                let j = i + next(starts.len() - i);
                assert_eq!(
                    view.span(starts[i], end_of(j)),
                    (spans[i].0, spans[j].1),
                    "{post:?} chars {i}..={j}"
                );
            }
            changed += usize::from(view.pieces.iter().any(|p| p.len > 0));
        }
        // The posts had chars written differently in their views, and long runs kept; both
        // ways of building were taken (a long post, or digit runs written again, walks).
        assert!(changed > 500, "{changed}");
        assert!(posts.iter().any(|p| p.len() > LONG_POST));
        assert!(
            (200..posts.len() - 100).contains(&from_changes),
            "{from_changes}"
        );
    }

    #[test]
    fn digits_are_counted_as_one_byte_at_a_time_counts_them() {
        // Every byte value, at every offset within a word, beside digits and non-digits.
        let mut bytes: Vec<u8> = (0..=255u8).collect();
        bytes.extend(b"0123456789/:9a0".iter().cycle().take(301));
        for start in 0..16 {
            for end in (start..bytes.len()).step_by(7) {
                let naive = bytes[start..end]
                    .iter()
                    .filter(|b| b.is_ascii_digit())
                    .count();
                assert_eq!(ascii_digits(&bytes[start..end]), naive, "{start}..{end}");
            }
        }
        assert_eq!(ascii_digits("电话１３8 00".as_bytes()), 3);
    }

    #[test]
    fn the_digits_of_a_text_are_counted_as_it_is_written() {
        // Kept, folded (full-width), expanded (⑳), Chinese ones folded inside a number, Chinese
        // ones left alone, none; short and long.
        for (text, digits) in [
            ("电话13800138000", 11),
            ("电话１３８ 00", 5),
            ("第⑳期", 2),
            ("一三八零零一三八零零零", 11),
            ("一本万利, 三五成群", 0),
            ("a1b2c3", 3),
            ("", 0),
        ] {
            for text in [
                text.to_string(),
                format!("{}{text}", "文".repeat(LONG_POST)),
            ] {
                let mut n = Normalized::new();
                n.normalize(&text);
                assert_eq!(n.ascii_digits(), digits, "{text}");
                assert_eq!(ascii_digits(n.text.as_bytes()), digits, "{text}");
            }
        }
    }

    #[test]
    fn han_is_every_block_of_ideographs_and_nothing_else() {
        for c in ['中', '㐀', '\u{fa11}', '𠀀', '\u{30000}'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['a', '1', '。', 'ア', '가', '★', '\u{3000}'] {
            assert!(!is_han(c), "{c}");
        }
    }

    fn norm(s: &str) -> String {
        let mut n = Normalized::new();
        n.normalize(s);
        n.text
    }

    #[test]
    fn every_spelling_of_a_mark_is_seen_where_normalization_drops_it() {
        for targets in ["(（", "[", "【〔", "/／", "@＠", ":：|｜", ".．"] {
            let bit = marks::of(targets.chars().next().unwrap());
            for t in targets.chars() {
                assert_eq!(marks::of(t), bit);
                assert_ne!(bit, 0);
                for c in spellings(t) {
                    let info = lookup(c);
                    if marks::of(info.folded()) == 0 {
                        // Not a spelling of the mark after all (spellings also gives `t`
                        // itself, which may fold elsewhere).
                        continue;
                    }
                    assert!(!info.expands(), "{c:?} expands");
                    assert!(
                        matches!(info.class(), Some(Class::Noise | Class::Break)),
                        "{c:?} is kept, so normalization would not see it as a mark"
                    );
                    let mut n = Normalized::new();
                    n.normalize(&format!("天{c}字"));
                    assert_eq!(n.marks, bit, "{c:?}");
                }
            }
        }
        let mut n = Normalized::new();
        n.normalize("记者：张三（新华社）//@某人 【标题】 www.gov.cn");
        assert_eq!(
            n.marks,
            marks::PAREN
                | marks::SQUARE
                | marks::LENTICULAR
                | marks::SLASH
                | marks::AT
                | marks::COLON
                | marks::DOT
                | marks::CREDIT
        );
        n.normalize("回复@某人:[哈哈]");
        assert_eq!(n.marks, marks::SQUARE | marks::AT | marks::COLON);
        n.normalize("没有标点的一句话");
        assert_eq!(n.marks, 0);
    }

    #[test]
    fn sentence_breaks_are_indexed() {
        let mut n = Normalized::new();
        for text in ["第一句。第二句！！\n第三句", "没有句号", "。开头", "结尾？"]
        {
            n.normalize(text);
            let expected: Vec<u32> = n
                .text
                .chars()
                .enumerate()
                .filter(|&(_, c)| c == BREAK)
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(n.breaks, expected, "{text}");
        }
        n.normalize("第一句。第二句！！\n第三句");
        assert_eq!(n.breaks, [3, 7]);
    }

    #[test]
    fn folds_width_case_and_traditional() {
        assert_eq!(norm("ＤＵＢＯ"), "dubo");
        assert_eq!(norm("網絡賭場"), "网络赌场");
        assert_eq!(norm("AbC"), "abc");
    }

    #[test]
    fn invisible_chars_are_the_ones_dropped_without_a_gap() {
        let invisible = [
            '\u{200b}', '\u{200f}', '\u{2060}', '\u{2064}', '\u{feff}', '\u{ad}', '\u{34f}',
            '\u{180e}', '\u{fe0f}', '\u{202e}', '\u{301}',
        ];
        for c in invisible {
            assert!(is_invisible(c), "{c:?}");
            // Dropped, and not a gap: a hundred of them still join a term's chars.
            assert_eq!(norm(&format!("赌{}博", c.to_string().repeat(100))), "赌博");
        }
        for c in [' ', '*', '。', 'a', '1', '赌', '\u{3000}', '🎲'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn skips_noise_and_format_chars() {
        assert_eq!(norm("赌*博"), "赌博");
        assert_eq!(norm("赌 博"), "赌博");
        assert_eq!(norm("赌.博"), "赌博");
        assert_eq!(norm("赌\u{200b}博"), "赌博");
        assert_eq!(norm("赌🎲博"), "赌博");
        assert_eq!(norm("法*轮*功"), "法轮功");
    }

    #[test]
    fn long_noise_and_sentence_ends_break() {
        assert_eq!(norm("赌。博"), "赌\n博");
        assert_eq!(norm("赌!!博"), "赌\n博");
        assert_eq!(norm("赌 * * 博"), "赌\n博");
    }

    #[test]
    fn digits_fold_only_inside_numbers() {
        assert_eq!(norm("幺三八一二三四五六七八"), "13812345678");
        assert_eq!(norm("①③⑧"), "138");
        assert_eq!(norm("1三8"), "138");
        assert_eq!(norm("一本万利"), "一本万利");
        assert_eq!(norm("三五成群"), "三五成群");
        assert_eq!(norm("⑳"), "20");
        // A Chinese digit beside an Arabic one, whichever way each is written.
        assert_eq!(norm("三8"), "38");
        assert_eq!(norm("8三"), "83");
        assert_eq!(norm("三８"), "38");
        assert_eq!(norm("⑳三"), "203");
        assert_eq!(norm("三 ⑳"), "320");
    }

    #[test]
    fn the_sentence_around_a_span_stops_at_breaks_and_at_its_reach() {
        // Each way from the span, at most `reach` chars, never past a break: the chars walked.
        fn walked(n: &Normalized, start: usize, end: usize, reach: usize) -> (usize, usize) {
            let (a, b) = (n.nbyte(start), n.nbyte(end));
            let back = n.text[..a]
                .chars()
                .rev()
                .take(reach)
                .take_while(|&c| c != BREAK);
            let on = n.text[b..].chars().take(reach).take_while(|&c| c != BREAK);
            (
                a - back.map(char::len_utf8).sum::<usize>(),
                b + on.map(char::len_utf8).sum::<usize>(),
            )
        }
        let short = "今天。天气很好！我们去a公园散步吧。。。好";
        let long = format!("{}。尾巴", "长长的句子没有断点".repeat(30_000));
        for text in [short, "没有断点的一句话", "。", long.as_str()] {
            let mut n = Normalized::new();
            n.normalize(text);
            let len = n.len();
            let step = (len / 40).max(1);
            for start in (0..len).step_by(step).chain([len - 1]) {
                for end in [start + 1, (start + 3).min(len), len] {
                    for reach in [0, 1, 2, 5, 64] {
                        assert_eq!(
                            n.sentence_around(start, end, reach),
                            walked(&n, start, end, reach),
                            "{start}..{end} reach {reach}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_digit_pass_is_skipped_only_where_it_would_change_nothing() {
        // Every text of up to four chars of these: the pass forced on the normalized text
        // must leave it as normalization left it.
        let texts = crate::util::every_text("一三八幺〇18８⑳①a号 ，", 4);
        let mut n = Normalized::new();
        for text in &texts {
            n.normalize(text);
            let once = n.text.clone();
            n.fold_digit_runs();
            assert_eq!(n.text, once, "{text:?}");
        }
    }

    #[test]
    fn byte_offsets_are_found_in_short_and_long_posts() {
        // Every char's start, and every byte's char (inside a char, the next one; at the end,
        // the number of chars), checked against the text itself.
        let check = |n: &Normalized, long: bool| {
            let starts: Vec<usize> = n.text.char_indices().map(|(b, _)| b).collect();
            assert_eq!(starts.len(), n.len());
            for (i, &b) in starts.iter().enumerate() {
                assert_eq!(n.nbyte(i), b, "char {i}");
                assert_eq!(Some(n.char_at(i)), n.text[b..].chars().next());
            }
            assert_eq!(n.nbyte(n.len()), n.text.len());
            // A short text's chars are listed as written (digit runs rewritten after the walk
            // too); a long one's are not.
            let chars: Vec<char> = n.text.chars().collect();
            match long {
                false => assert_eq!(n.chars(), Some(&chars[..])),
                true => assert_eq!(n.chars(), None),
            }
            let mut want = 0;
            for byte in 0..=n.text.len() {
                assert_eq!(n.char_index(byte), want, "byte {byte}");
                want += usize::from(n.text.is_char_boundary(byte) && byte < n.text.len());
            }
        };
        // Chars of 1 to 4 bytes, dropped noise, a digit run rewritten shorter (一三八… → 138…)
        // and traditional forms; a short post (every char's start kept) and a long one (every
        // 16th char's).
        let unit = format!(
            "一三八一二三四五六七八 赌*博a网站😀𠀀ｂ二〇二三年，東京。{}{}ж",
            "网络赌场".repeat(5),
            "abcd".repeat(5),
        );
        let mut n = Normalized::new();
        for times in [1, 3, 200] {
            let text = unit.repeat(times);
            n.normalize(&text);
            assert!(n.text.starts_with("13812345678赌博a网站"), "{}", n.text);
            check(&n, text.len() > LONG_POST);
        }
        assert!(n.text.len() > LONG_POST);
        // A second post in the same memory is read afresh.
        n.normalize("二〇二三");
        assert_eq!(
            (n.text.as_str(), n.nbyte(3), n.char_index(3)),
            ("2023", 3, 3)
        );
        assert_eq!(n.chars(), Some(&['2', '0', '2', '3'][..]));
    }

    #[test]
    fn offsets_point_into_the_original() {
        let s = "注册 賭*博 网站";
        let mut n = Normalized::new();
        n.normalize(s);
        assert_eq!(n.text, "注册赌博网站");
        let (b0, b1) = n.original_span(2, 4);
        assert_eq!(&s[b0..b1], "賭*博");
        assert_eq!(n.char_index(n.nbyte(3)), 3);
    }

    #[test]
    fn terms_cannot_hold_a_sentence_end() {
        assert_eq!(normalize_term("赌博").as_deref(), Some("赌博"));
        assert_eq!(normalize_term("。赌博!").as_deref(), Some("赌博"));
        assert_eq!(normalize_term("赌。博"), None);
        assert_eq!(normalize_term("***").as_deref(), Some(""));
    }
}
