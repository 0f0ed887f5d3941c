//! Every content category of contract §3 against the shipped lexicons: a real hit and a near miss
//! for each, from `tests/data/categories.tsv`.

use shenhe::{Category, Decision};

use crate::util::{SHIPPED, assert_spans};

const CASES: &str = include_str!("data/categories.tsv");

fn cases() -> Vec<(Category, Decision, &'static str)> {
    CASES
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "bad case line {l:?}");
            let decision = match f[1] {
                "pass" => Decision::Pass,
                "review" => Decision::Review,
                "block" => Decision::Block,
                other => panic!("bad verdict {other:?}"),
            };
            (f[0].parse().unwrap(), decision, f[2])
        })
        .collect()
}

#[test]
fn every_content_category_has_a_hit_and_a_near_miss() {
    let cases = cases();
    for c in Category::ALL {
        if matches!(
            c,
            Category::PersonalInfo
                | Category::MissingAttribution
                | Category::OfficialInfoOnPrivate
                | Category::Format
        ) {
            continue; // structural: covered by tests/pii.rs, attribution.rs, compliance.rs
        }
        let mine: Vec<_> = cases.iter().filter(|(cat, _, _)| cat == c).collect();
        assert!(
            mine.iter().any(|(_, d, _)| *d != Decision::Pass),
            "{c}: no hit case"
        );
        assert!(
            mine.iter().any(|(_, d, _)| *d == Decision::Pass),
            "{c}: no near miss"
        );
    }
}

#[test]
fn hits_land_in_their_category_and_near_misses_pass() {
    let mut failures = Vec::new();
    for (category, expected, text) in cases() {
        let v = SHIPPED.screen(text).unwrap();
        assert_spans(text, &v);
        let ok = match expected {
            Decision::Pass => v.verdict == Decision::Pass,
            _ => v.verdict == expected && v.categories.contains(&category),
        };
        if !ok {
            failures.push(format!(
                "{category} {expected}: {text}\n    got {}",
                v.to_json()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
