//! Source 1: Unicode compatibility normalization (NFKC), via ICU4X.
//!
//! NFKC folds the presentation variants evaders use: full-width ASCII (ＤＵＢＯ), U+3000, circled
//! and parenthesized numbers (①, ⑴), mathematical letters (𝐚), Kangxi radicals (⼈ → 人),
//! compatibility ideographs, squared ideographs (🈲 → 禁). Each char is normalized on its own:
//! the runtime folds one char at a time.

use icu_normalizer::ComposingNormalizerBorrowed;

/// What NFKC does with one char.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Nfkc {
    /// Unchanged.
    Same,
    /// Becomes one other char.
    Single(char),
    /// Becomes several chars (⑳ → "20", ㍿ → "株式会社", ½ → "1⁄2").
    Multi(String),
}

/// NFKC of the single char `c`, with the decoration of enumerated forms taken off: NFKC spells
/// ⑴ as "(1)", ⒈ as "1.", 🄁 as "0," and ㈠ as "(一)"; like ① they stand for the number or
/// letter inside, so the parentheses and the trailing full stop or comma are dropped (⑴ → 1,
/// ⒇ → "20"). Other multi-char results are returned whole; the caller decides whether they are
/// an expansion it keeps.
pub(crate) fn nfkc(c: char) -> Nfkc {
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let normalized = ComposingNormalizerBorrowed::new_nfkc().normalize(s);
    if normalized == *s {
        return Nfkc::Same;
    }
    let inner = strip_enumeration(&normalized);
    let mut chars = inner.chars();
    match (chars.next(), chars.next()) {
        (Some(x), None) => Nfkc::Single(x),
        (Some(_), Some(_)) => Nfkc::Multi(inner.to_string()),
        // Unreachable in practice: NFKC of a char is never empty, and stripping leaves at
        // least one char. Treat it as unchanged rather than invent a mapping.
        (None, _) => Nfkc::Same,
    }
}

/// "(X)" → "X", "X." → "X", "X," → "X"; anything else unchanged. Only when X is non-empty and
/// holds no further parentheses or stops (so "a.m." and "(1)(2)" are left whole).
fn strip_enumeration(s: &str) -> &str {
    let inner = if let Some(x) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        x
    } else if let Some(x) = s.strip_suffix('.').or_else(|| s.strip_suffix(',')) {
        x
    } else {
        return s;
    };
    if inner.is_empty() || inner.contains(['(', ')', '.', ',']) {
        s
    } else {
        inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singles_and_multis() {
        assert_eq!(nfkc('Ａ'), Nfkc::Single('A'));
        assert_eq!(nfkc('\u{3000}'), Nfkc::Single(' '));
        assert_eq!(nfkc('①'), Nfkc::Single('1'));
        assert_eq!(nfkc('⼈'), Nfkc::Single('人'));
        assert_eq!(nfkc('㊙'), Nfkc::Single('秘'));
        assert_eq!(nfkc('🈲'), Nfkc::Single('禁'));
        assert_eq!(nfkc('⑳'), Nfkc::Multi("20".into()));
        assert_eq!(nfkc('㍿'), Nfkc::Multi("株式会社".into()));
        assert_eq!(nfkc('赌'), Nfkc::Same);
        assert_eq!(
            nfkc('⓵'),
            Nfkc::Same,
            "NFKC leaves double-circled digits alone"
        );
    }

    #[test]
    fn enumerated_forms_lose_their_decoration() {
        assert_eq!(nfkc('⑴'), Nfkc::Single('1'));
        assert_eq!(nfkc('⒇'), Nfkc::Multi("20".into()));
        assert_eq!(nfkc('⒈'), Nfkc::Single('1'));
        assert_eq!(nfkc('㈠'), Nfkc::Single('一'));
        assert_eq!(nfkc('⒜'), Nfkc::Single('a'));
        assert_eq!(nfkc('🄁'), Nfkc::Single('0'));
        assert_eq!(strip_enumeration("a.m."), "a.m.");
        assert_eq!(strip_enumeration("..."), "...");
        assert_eq!(strip_enumeration("()"), "()");
    }
}
