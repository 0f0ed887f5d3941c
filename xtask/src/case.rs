//! Source 2: lower case, via ICU4X (the same Unicode version as the other sources, rather than
//! whatever the Rust toolchain ships).
//!
//! Only Latin, Greek and Cyrillic letters (full-width Latin is Latin too, and NFKC has already
//! made it ASCII): those are the scripts whose letters spell Latin-looking evasions (ＤＵＢＯ,
//! DuBo, Cyrillic САSINO). Other cased scripts (Armenian, Georgian, Cherokee, Deseret, …) are
//! left alone: nothing in a Chinese lexicon is written in them, and Cherokee's lower case is a
//! different set of glyphs.

use icu_casemap::CaseMapperBorrowed;
use icu_locale_core::LanguageIdentifier;
use icu_properties::CodePointMapData;
use icu_properties::props::Script;

/// The lower case of `c` when `c` is a Latin, Greek or Cyrillic char whose full lower-case
/// mapping is one char other than itself. (The one upper-case letter whose lower case is two
/// chars, İ → "i̇", is left alone.)
pub(crate) fn lowercase(c: char) -> Option<char> {
    let script = CodePointMapData::<Script>::new().get(c);
    if ![Script::Latin, Script::Greek, Script::Cyrillic].contains(&script) {
        return None;
    }
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    // The root locale: no Turkish dotless i, no Lithuanian dot rules.
    let lower = CaseMapperBorrowed::new().lowercase_to_string(s, &LanguageIdentifier::UNKNOWN);
    let mut chars = lower.chars();
    match (chars.next(), chars.next()) {
        (Some(l), None) if l != c => Some(l),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_greek_cyrillic_only() {
        assert_eq!(lowercase('A'), Some('a'));
        assert_eq!(lowercase('Ａ'), Some('ａ'));
        assert_eq!(lowercase('Α'), Some('α'));
        assert_eq!(lowercase('С'), Some('с'));
        assert_eq!(lowercase('a'), None);
        assert_eq!(lowercase('İ'), None);
        assert_eq!(lowercase('Ա'), None, "Armenian is not folded");
        assert_eq!(lowercase('赌'), None);
    }
}
