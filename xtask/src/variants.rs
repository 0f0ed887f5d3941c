//! Source 5: the hand-written variants.txt (look-alike and variant characters that neither
//! Unicode nor OpenCC folds).
//!
//! The format, one entry per line, each with a `#` comment that says why:
//!
//! ```text
//! KEY VALUE      # reason     fold KEY to the char VALUE
//! KEY DIGITS     # reason     expand KEY to several chars (⓾ 10)
//! K1..K2 V1..V2  # reason     a range of folds, pairwise (⓵..⓽ 1..9)
//! KEY keep       # reason     KEY is a character in its own right: no derived variant applies
//! ```
//!
//! A char is written as itself or as `U+XXXX` (use that for look-alikes, whose literal form a
//! reader cannot tell from the real letter, and for `#`). Blank lines and lines starting with
//! `#` are comments.

use std::collections::BTreeSet;

/// What a line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Fold to this char.
    Fold(char),
    /// Expand to these chars.
    Expand(String),
    /// Keep as is: no derived variant (shinjitai) mapping applies.
    Keep,
}

/// One entry of variants.txt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// 1-based line number, for error messages.
    pub(crate) line: usize,
    pub(crate) key: char,
    pub(crate) action: Action,
}

/// Parses variants.txt. Errors name the line.
pub(crate) fn parse(src: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, raw) in src.lines().enumerate() {
        let line = i + 1;
        let err = |msg: &str| format!("line {line}: {msg}: {raw:?}");
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((body, reason)) = trimmed.split_once('#') else {
            return Err(err("every entry needs a `# reason` comment"));
        };
        if reason.trim().is_empty() {
            return Err(err("empty reason comment"));
        }
        let tokens: Vec<&str> = body.split_whitespace().collect();
        let [key, value] = tokens[..] else {
            return Err(err("expected `KEY VALUE # reason`"));
        };
        let mut push = |key: char, action: Action| {
            if !seen.insert(key) {
                return Err(err(&format!("{} listed twice", describe(key))));
            }
            if action == Action::Fold(key) {
                return Err(err("folds a char to itself"));
            }
            entries.push(Entry { line, key, action });
            Ok(())
        };
        if let Some((k1, k2)) = key.split_once("..") {
            let (k1, k2) = (
                parse_char(k1).map_err(|e| err(&e))?,
                parse_char(k2).map_err(|e| err(&e))?,
            );
            let Some((v1, v2)) = value.split_once("..") else {
                return Err(err("a key range needs a value range"));
            };
            let (v1, v2) = (
                parse_char(v1).map_err(|e| err(&e))?,
                parse_char(v2).map_err(|e| err(&e))?,
            );
            let keys: Vec<char> = (k1..=k2).collect();
            let values: Vec<char> = (v1..=v2).collect();
            if keys.is_empty() || keys.len() != values.len() {
                return Err(err(
                    "the key and value ranges must be non-empty and equally long",
                ));
            }
            for (k, v) in keys.into_iter().zip(values) {
                push(k, Action::Fold(v))?;
            }
            continue;
        }
        let key = parse_char(key).map_err(|e| err(&e))?;
        let action = if value == "keep" {
            Action::Keep
        } else if let Ok(c) = parse_char(value) {
            Action::Fold(c)
        } else if value.chars().all(|c| c.is_ascii_digit()) {
            Action::Expand(value.to_string())
        } else {
            return Err(err(
                "VALUE must be one char, U+XXXX, ASCII digits or `keep`",
            ));
        };
        push(key, action)?;
    }
    Ok(entries)
}

/// A char written as itself or as `U+XXXX`.
fn parse_char(token: &str) -> Result<char, String> {
    if let Some(hex) = token.strip_prefix("U+") {
        return u32::from_str_radix(hex, 16)
            .ok()
            .filter(|_| (4..=6).contains(&hex.len()))
            .and_then(char::from_u32)
            .ok_or_else(|| format!("bad code point {token}"));
    }
    let mut chars = token.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(format!("{token:?} is not one char")),
    }
}

/// `U+0430 'а'`, for messages.
pub(crate) fn describe(c: char) -> String {
    format!("U+{:04X} {c:?}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_four_forms() {
        let src =
            "# header\n\nU+0430 a # Cyrillic\n⓾ 10 # ten\n⓵..⓷ 1..3 # digits\n予 keep # 给予\n";
        let e = parse(src).unwrap();
        assert_eq!(e.len(), 6);
        assert_eq!(
            e[0],
            Entry {
                line: 3,
                key: 'а',
                action: Action::Fold('a')
            }
        );
        assert_eq!(e[1].action, Action::Expand("10".into()));
        assert_eq!((e[3].key, &e[3].action), ('⓶', &Action::Fold('2')));
        assert_eq!(e[5].action, Action::Keep);
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse("а a\n").unwrap_err().contains("line 1"), "no reason");
        assert!(parse("а a #\n").is_err(), "empty reason");
        assert!(parse("а a b # x\n").is_err());
        assert!(parse("а a # x\nа b # y\n").unwrap_err().contains("line 2"));
        assert!(parse("a a # x\n").is_err(), "identity");
        assert!(parse("⓵..⓷ 1..2 # x\n").is_err(), "ranges differ");
        assert!(parse("U+D800 a # x\n").is_err(), "surrogate");
        assert!(parse("ab c # x\n").is_err());
    }
}
