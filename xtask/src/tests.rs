//! Tests of the generated tables: the checked-in file is fresh, the invariants the runtime relies
//! on hold, the cases the spec names come out right, and every OpenCC TSCharacters pair folds to
//! one form.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::classes::Class;
use crate::tables::{Tables, build};
use crate::{TABLES_RS, VARIANTS_TXT, generate, opencc, workspace_root};

/// Built once: generation walks every code point.
static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let src = std::fs::read_to_string(workspace_root().join(VARIANTS_TXT)).unwrap();
    build(&src).unwrap()
});

fn fold(c: char) -> char {
    TABLES.fold.get(&c).copied().unwrap_or(c)
}

/// What the runtime's `class` answers for `c`.
fn class(c: char) -> Option<Class> {
    let t = &TABLES.class;
    let i = t.partition_point(|&(lo, _, _)| lo <= c);
    (i > 0 && c <= t[i - 1].1).then(|| t[i - 1].2)
}

#[test]
fn checked_in_tables_are_fresh() {
    let root = workspace_root();
    let (_, generated) = generate(&root).unwrap();
    let current = std::fs::read_to_string(root.join(TABLES_RS)).unwrap();
    assert!(
        current == generated,
        "{TABLES_RS} is out of date: run `cargo run -p xtask -- tables`"
    );
}

#[test]
fn generation_is_deterministic() {
    let src = std::fs::read_to_string(workspace_root().join(VARIANTS_TXT)).unwrap();
    let again = build(&src).unwrap();
    assert_eq!(TABLES.fold, again.fold);
    assert_eq!(TABLES.expand, again.expand);
    assert_eq!(TABLES.class, again.class);
}

#[test]
fn fold_is_sorted_unique_and_closed() {
    // A BTreeMap is sorted with unique keys; what is written is its iteration order.
    for (&k, &v) in &TABLES.fold {
        assert_ne!(k, v, "identity entry for {k:?}");
        assert_eq!(fold(v), v, "{k:?} → {v:?} is not closed");
        assert!(
            !TABLES.expand.contains_key(&v),
            "{k:?} folds to an EXPAND key"
        );
        assert!(
            !TABLES.expand.contains_key(&k),
            "{k:?} both folds and expands"
        );
    }
}

#[test]
fn fold_examples() {
    for (from, to) in [
        ('賭', '赌'),
        ('Ａ', 'a'),
        ('ｂ', 'b'),
        ('Ｚ', 'z'),
        ('A', 'a'),
        ('①', '1'),
        ('⓵', '1'),
        ('❶', '1'),
        ('➀', '1'),
        ('➊', '1'),
        ('⑴', '1'),
        ('⒈', '1'),
        ('\u{3000}', ' '),
        ('網', '网'),
        ('絡', '络'),
        ('場', '场'),
        ('貳', '贰'),
        ('⼈', '人'),
        ('㊙', '秘'),
        ('🈲', '禁'),
        ('𝐚', 'a'),
        ('！', '!'),
        ('，', ','),
        ('\u{430}', 'a'),  // Cyrillic а
        ('\u{410}', 'a'),  // Cyrillic А, via lower case
        ('\u{391}', 'a'),  // Greek Α
        ('\u{3021}', '1'), // Suzhou numeral one
        ('⻑', '长'),      // radical → 長 → 长, by closing the map
        ('円', '圆'),      // shinjitai → 圓 → 圆
    ] {
        assert_eq!(fold(from), to, "{from:?}");
    }
    for same in ['博', '赌', 'a', '1', '予', '欠', '〇', '幺', '\u{3b7}'] {
        assert_eq!(fold(same), same, "{same:?} must not fold");
    }
}

#[test]
fn class_examples() {
    for c in [
        '\u{200b}',
        '\u{200d}',
        '\u{fe0f}',
        '\u{feff}',
        '\u{ad}',
        '\u{1f3fb}',
        '\u{e0041}',
    ] {
        assert_eq!(class(c), Some(Class::Remove), "{c:?}");
    }
    for c in [
        ' ', '\t', '*', '.', '，', ',', '🎲', '★', '@', '#', '-', '_', '~', '/', '|', '+', '$',
        '%', '&', '=', '\u{3000}', '．', '·', '、',
    ] {
        assert_eq!(class(c), Some(Class::Noise), "{c:?}");
    }
    for c in ['。', '！', '\n', '\r', '!', '?', '？', ';', '；', '…', '｡'] {
        assert_eq!(class(c), Some(Class::Break), "{c:?}");
    }
    for c in ['赌', '賭', 'a', 'A', '1', '①', '⑳', '㍿', '〇', 'ー'] {
        assert_eq!(class(c), None, "{c:?}");
    }
}

#[test]
fn class_ranges_are_sorted_and_disjoint() {
    for w in TABLES.class.windows(2) {
        assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
    }
}

#[test]
fn class_is_the_class_of_the_fold() {
    for (&k, &v) in &TABLES.fold {
        assert_eq!(class(k), class(v), "{k:?} → {v:?}");
    }
}

#[test]
fn ascii_letters_digits_and_cjk_are_kept() {
    for c in ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain('\u{4e00}'..='\u{9fff}')
    {
        assert_eq!(class(c), None, "{c:?}");
    }
}

#[test]
fn expand_examples() {
    let expand = |c: char| TABLES.expand.get(&c).map(String::as_str);
    assert_eq!(expand('⑳'), Some("20"));
    assert_eq!(expand('⒇'), Some("20"));
    assert_eq!(expand('⓾'), Some("10"));
    assert_eq!(expand('㍿'), Some("株式会社"));
    assert_eq!(expand('½'), None, "'⁄' is not alphanumeric");
    for (k, v) in &TABLES.expand {
        assert!(v.chars().count() >= 2, "{k:?}");
        assert!(
            v.chars().all(|c| fold(c) == c && class(c).is_none()),
            "{k:?} → {v:?}"
        );
    }
}

#[test]
fn cjk_digits() {
    let digits: BTreeMap<char, u8> = TABLES.digits.iter().copied().collect();
    assert_eq!(digits.len(), TABLES.digits.len(), "unique keys");
    assert!(TABLES.digits.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    for (c, d) in [
        ('一', 1),
        ('壹', 1),
        ('幺', 1),
        ('〇', 0),
        ('零', 0),
        ('贰', 2),
        ('陆', 6),
        ('九', 9),
    ] {
        assert_eq!(digits.get(&c), Some(&d), "{c:?}");
    }
    for &(c, _) in &TABLES.digits {
        assert_eq!(fold(c), c, "{c:?} is not a folded form");
        assert_eq!(class(c), None, "{c:?} is not kept");
    }
}

/// Conformance with OpenCC: every TSCharacters entry with a single-char key and first
/// candidate folds to the same form as that candidate.
#[test]
fn opencc_ts_characters_conform() {
    let pairs = opencc::ts_pairs();
    assert!(pairs.len() > 4000, "{} pairs", pairs.len());
    let bad: Vec<String> = pairs
        .iter()
        .filter(|&&(t, s)| fold(t) != fold(s))
        .map(|&(t, s)| format!("{t} → {s}: {} vs {}", fold(t), fold(s)))
        .collect();
    assert!(
        bad.is_empty(),
        "{} pairs fold apart:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn pinned_versions_match_cargo_lock() {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).unwrap();
    for (name, version) in [
        ("hanconv", crate::HANCONV_VERSION),
        ("icu_normalizer", crate::ICU4X_VERSION),
        ("icu_normalizer_data", crate::ICU4X_VERSION),
        ("icu_casemap", crate::ICU4X_VERSION),
        ("icu_casemap_data", crate::ICU4X_VERSION),
        ("icu_properties", crate::ICU4X_VERSION),
        ("icu_properties_data", crate::ICU4X_VERSION),
    ] {
        let entry = format!("name = \"{name}\"\nversion = \"{version}\"\n");
        assert!(lock.contains(&entry), "Cargo.lock has no {name} {version}");
    }
}

#[test]
fn variants_that_earlier_sources_fold_are_rejected() {
    let err = build("U+FF21 a # full-width A: NFKC folds it already\n").unwrap_err();
    assert!(
        err.contains("line 1") && err.contains("already folded"),
        "{err}"
    );
    let err = build("賭 赌 # OpenCC folds it already\n").unwrap_err();
    assert!(err.contains("already folded"), "{err}");
    let err = build("赌 keep # not a shinjitai\n").unwrap_err();
    assert!(err.contains("`keep`"), "{err}");
}

#[test]
fn opencc_licence_sits_beside_the_tables() {
    let dir = workspace_root().join("crates/shenhe-core/src/normalize");
    let licence = std::fs::read_to_string(dir.join("OPENCC-LICENSE")).unwrap();
    assert!(licence.starts_with("Apache License\nVersion 2.0, January 2004"));
    let provenance = std::fs::read_to_string(dir.join("PROVENANCE.md")).unwrap();
    assert!(provenance.contains(&format!("hanconv {}", crate::HANCONV_VERSION)));
    assert!(provenance.contains(&format!("ICU4X {}", crate::ICU4X_VERSION)));
}
