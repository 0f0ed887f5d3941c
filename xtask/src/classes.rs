//! Source 6: what normalization does with a (folded) char, from Unicode properties via ICU4X.
//!
//! The rules, first match wins:
//! 1. `Break`: line terminators (\n \r, and VT FF NEL LS PS, which end a line just as \n does),
//!    Sentence_Terminal chars (。！？!? ‼ ｡ and their kin in other scripts) except the full stop
//!    '.', which is also a decimal point, an abbreviation dot and the classic separator in
//!    赌.博; then ; and … (U+2026) and ⋯ (U+22EF, written as an ellipsis in Chinese text).
//!    Full-width and small forms (；﹔︒) fold to these before they are classified.
//! 2. `Noise`: tab.
//! 3. `Remove`: Default_Ignorable_Code_Point (ZWSP, ZWJ, ZWNJ, BOM, soft hyphen, word joiner,
//!    bidi controls, tag chars, variation selectors, and the Hangul fillers, which are letters
//!    that render as nothing), other format chars (Cf), combining marks (Mn, Me), the other
//!    control chars (Cc), and the emoji skin-tone modifiers 1F3FB–1F3FF.
//! 4. `Noise`: Extended_Pictographic (emoji), separators (Z*), punctuation (P*), symbols (S*),
//!    private use and unassigned code points.
//! 5. Otherwise kept (no class): letters, digits and other numbers, spacing marks.

use icu_properties::props::{
    DefaultIgnorableCodePoint, ExtendedPictographic, GeneralCategory, GeneralCategoryGroup,
    SentenceTerminal,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use std::ops::RangeInclusive;
use std::sync::LazyLock;

/// What normalization does with a char; `None` (no class) keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    Remove,
    Noise,
    Break,
}

impl Class {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Class::Remove => "Remove",
            Class::Noise => "Noise",
            Class::Break => "Break",
        }
    }
}

/// Line terminators that are not Sentence_Terminal: \n \r VT FF NEL LS PS.
const LINE_BREAKS: [char; 7] = [
    '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// Sentence ends that are not Sentence_Terminal: semicolons and ellipses.
const EXTRA_BREAKS: [char; 3] = [';', '\u{2026}', '\u{22ef}'];

/// The class of `c` by its own properties (the caller passes the folded char).
pub(crate) fn base_class(c: char) -> Option<Class> {
    BASE.get(u32::from(c) as usize).copied().flatten()
}

/// [`base_class`] of every code point, indexed by code point. Painted from property ranges, in
/// the reverse order of the rules above (a later coat wins): one pass per property instead of a
/// dozen look-ups per char, which takes seconds in a debug build.
static BASE: LazyLock<Vec<Option<Class>>> = LazyLock::new(|| {
    use GeneralCategory as GC;
    let gc = CodePointMapData::<GeneralCategory>::new();
    let mut base = vec![None; 0x11_0000];
    let mut paint = |range: RangeInclusive<u32>, class: Class| {
        for c in range {
            base[c as usize] = Some(class);
        }
    };
    // Rule 4.
    for group in [
        GeneralCategoryGroup::Separator,
        GeneralCategoryGroup::Punctuation,
        GeneralCategoryGroup::Symbol,
    ] {
        gc.iter_ranges_for_group(group)
            .for_each(|r| paint(r, Class::Noise));
    }
    for value in [GC::PrivateUse, GC::Unassigned, GC::Surrogate] {
        gc.iter_ranges_for_value(value)
            .for_each(|r| paint(r, Class::Noise));
    }
    CodePointSetData::new::<ExtendedPictographic>()
        .iter_ranges()
        .for_each(|r| paint(r, Class::Noise));
    // Rule 3.
    for value in [
        GC::Format,
        GC::NonspacingMark,
        GC::EnclosingMark,
        GC::Control,
    ] {
        gc.iter_ranges_for_value(value)
            .for_each(|r| paint(r, Class::Remove));
    }
    CodePointSetData::new::<DefaultIgnorableCodePoint>()
        .iter_ranges()
        .for_each(|r| paint(r, Class::Remove));
    paint(0x1F3FB..=0x1F3FF, Class::Remove);
    // Rule 2.
    paint(u32::from('\t')..=u32::from('\t'), Class::Noise);
    // Rule 1.
    CodePointSetData::new::<SentenceTerminal>()
        .iter_ranges()
        .for_each(|r| paint(r, Class::Break));
    paint(u32::from('.')..=u32::from('.'), Class::Noise);
    for c in LINE_BREAKS.into_iter().chain(EXTRA_BREAKS) {
        paint(u32::from(c)..=u32::from(c), Class::Break);
    }
    base
});

/// Merges per-char classes, given in code point order, into sorted inclusive ranges; chars with
/// no class end a range. The surrogate gap (D800–DFFF, not chars) does not split a range.
pub(crate) fn ranges(
    classes: impl Iterator<Item = (char, Option<Class>)>,
) -> Vec<(char, char, Class)> {
    let mut out: Vec<(char, char, Class)> = Vec::new();
    for (c, class) in classes {
        let Some(class) = class else { continue };
        match out.last_mut() {
            Some((_, hi, last)) if *last == class && *hi == previous(c) => *hi = c,
            _ => out.push((c, c, class)),
        }
    }
    out
}

/// The char before `c` (skipping the surrogates); `c` itself for NUL.
fn previous(c: char) -> char {
    match u32::from(c) {
        0 => c,
        0xE000 => '\u{d7ff}',
        n => char::from_u32(n - 1).unwrap_or(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_by_property() {
        for c in [
            '\u{200b}',
            '\u{200d}',
            '\u{fe0f}',
            '\u{ad}',
            '\u{feff}',
            '\u{1f3fb}',
            '\u{301}',
            '\u{3164}',
            '\0',
        ] {
            assert_eq!(base_class(c), Some(Class::Remove), "{c:?}");
        }
        for c in [
            ' ', '\t', '*', '.', ',', '-', '_', '~', '@', '#', '/', '|', '+', '$', '%', '&', '=',
            '🎲', '★', '、', '\u{e000}', '\u{378}',
        ] {
            assert_eq!(base_class(c), Some(Class::Noise), "{c:?}");
        }
        for c in ['\n', '\r', '。', '!', '?', ';', '…', '‼', '\u{2029}'] {
            assert_eq!(base_class(c), Some(Class::Break), "{c:?}");
        }
        for c in ['a', 'Z', '1', '赌', '〇', 'ー', '々', 'α'] {
            assert_eq!(base_class(c), None, "{c:?}");
        }
    }

    #[test]
    fn ranges_merge_neighbours_only() {
        let input = [
            ('a', Some(Class::Noise)),
            ('b', Some(Class::Noise)),
            ('c', None),
            ('d', Some(Class::Noise)),
            ('e', Some(Class::Break)),
            ('\u{d7ff}', Some(Class::Noise)),
            ('\u{e000}', Some(Class::Noise)),
        ];
        assert_eq!(
            ranges(input.into_iter()),
            vec![
                ('a', 'b', Class::Noise),
                ('d', 'd', Class::Noise),
                ('e', 'e', Class::Break),
                ('\u{d7ff}', '\u{e000}', Class::Noise),
            ]
        );
    }
}
