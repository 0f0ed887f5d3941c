//! Java strings in, Rust strings out, strictly: a string with an unpaired surrogate is refused
//! with its position, never converted lossily (jni's own conversion replaces it with U+FFFD).
//! And UTF-16 offsets of hits, for Java's `String.substring`.

use jni::Env;
use jni::objects::JString;

use crate::error::Failure;

/// The text of a Java string. `what` names it in the error (`text`, `lexicon path`, ...), and
/// `fail` makes the error of the caller's kind.
pub fn read(
    env: &Env<'_>,
    s: &JString<'_>,
    what: &str,
    fail: fn(String) -> Failure,
) -> Result<String, Failure> {
    let chars = s.mutf8_chars(env)?;
    let bytes = chars.to_bytes();
    match simd_cesu8::mutf8::decode(bytes) {
        Ok(text) => Ok(text.into_owned()),
        Err(_) => Err(fail(match unpaired_surrogate(bytes) {
            Some(i) => format!("{what} is not valid Unicode: unpaired surrogate at index {i}"),
            None => format!("{what} is not valid Unicode"),
        })),
    }
}

/// The index (in UTF-16 units, as Java counts) of the first unpaired surrogate in Java's
/// modified UTF-8, where each UTF-16 unit is encoded on its own: a surrogate is `ED A0..AF xx`
/// (high) or `ED B0..BF xx` (low), and every byte that is not a continuation byte starts a unit.
pub fn unpaired_surrogate(mutf8: &[u8]) -> Option<usize> {
    let kind = |i: usize| match (mutf8.get(i), mutf8.get(i + 1)) {
        (Some(0xED), Some(0xA0..=0xAF)) => 1, // high
        (Some(0xED), Some(0xB0..=0xBF)) => 2, // low
        _ => 0,
    };
    let mut unit = 0;
    let mut i = 0;
    while i < mutf8.len() {
        if mutf8[i] & 0xC0 != 0x80 {
            match kind(i) {
                1 if kind(i + 3) == 2 => {
                    // A pair: two units, six bytes.
                    unit += 2;
                    i += 6;
                    continue;
                }
                1 | 2 => return Some(unit),
                _ => unit += 1,
            }
        }
        i += 1;
    }
    None
}

/// Maps byte offsets of `text` (each on a char boundary) to UTF-16 offsets, for Java.
#[derive(Debug)]
pub struct Utf16Offsets<'t> {
    text: &'t str,
    /// Empty when every char is one UTF-16 unit (no char above U+FFFF), the common case: then a
    /// UTF-16 offset is the char offset the hit already has.
    astral_starts: Vec<usize>,
}

impl<'t> Utf16Offsets<'t> {
    /// Scans `text` once for chars above U+FFFF (4-byte UTF-8 sequences).
    pub fn new(text: &'t str) -> Utf16Offsets<'t> {
        let astral_starts = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b >= 0xF0)
            .map(|(i, _)| i)
            .collect();
        Utf16Offsets {
            text,
            astral_starts,
        }
    }

    /// The UTF-16 offset of byte offset `byte`, whose offset in chars is `chars`.
    pub fn at(&self, byte: usize, chars: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        // Each char above U+FFFF before `byte` is two UTF-16 units.
        chars + self.astral_starts.partition_point(|&s| s < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Java's modified UTF-8 of a UTF-16 sequence, as GetStringUTFChars gives it.
    fn mutf8(units: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for &u in units {
            match u {
                0x0001..=0x007F => out.push(u as u8),
                0x0000 | 0x0080..=0x07FF => {
                    out.push(0xC0 | (u >> 6) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                }
                _ => {
                    out.push(0xE0 | (u >> 12) as u8);
                    out.push(0x80 | ((u >> 6) & 0x3F) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                }
            }
        }
        out
    }

    #[test]
    fn unpaired_surrogates_are_found_where_java_counts_them() {
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        assert_eq!(unpaired_surrogate(&mutf8(&utf16("网络赌场 🎲 ok\0"))), None);
        let mut lone_high = utf16("ab网");
        lone_high.push(0xD83C);
        lone_high.extend(utf16("x"));
        assert_eq!(unpaired_surrogate(&mutf8(&lone_high)), Some(3));
        let mut lone_low = utf16("🎲");
        lone_low.push(0xDFB2);
        assert_eq!(unpaired_surrogate(&mutf8(&lone_low)), Some(2));
        let mut high_at_end = utf16("赌");
        high_at_end.push(0xD83C);
        assert_eq!(unpaired_surrogate(&mutf8(&high_at_end)), Some(1));
        // And the decoder jni uses refuses them too (it does not fall back to U+FFFD itself).
        assert!(simd_cesu8::mutf8::decode(&mutf8(&lone_high)).is_err());
        assert_eq!(
            simd_cesu8::mutf8::decode(&mutf8(&utf16("🎲a\0"))).unwrap(),
            "🎲a\0"
        );
    }

    #[test]
    fn utf16_offsets_count_astral_chars_twice() {
        let text = "🎲网络🎲赌场🎲";
        let offsets = Utf16Offsets::new(text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.at(byte, chars), text[..byte].encode_utf16().count());
        }
        assert_eq!(offsets.at(text.len(), 7), text.encode_utf16().count());
        let plain = Utf16Offsets::new("网络赌场");
        assert!(plain.astral_starts.is_empty());
        assert_eq!(plain.at(6, 2), 2);
    }
}
