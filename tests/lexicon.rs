//! Lexicons from files and directories, word lists, and the shipped data.

use shenhe::{Category, Lexicon};

use crate::util::tempdir;

#[test]
fn a_directory_loads_every_txt_in_name_order_and_names_the_bad_file() {
    let dir = tempdir("dir");
    std::fs::write(dir.path().join("a.txt"), "@set 词\t甲|乙\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "丙\tporn\tneed=$词\n").unwrap();
    std::fs::write(dir.path().join("notes.md"), "not a lexicon\n").unwrap();
    let lex = Lexicon::builder().add_dir(&dir).unwrap().build().unwrap();
    assert_eq!(lex.terms_in(Category::Porn), 1);
    assert_eq!(lex.sets_len(), 1);

    std::fs::write(dir.path().join("c.txt"), "# header\n\n丁\tpron\n").unwrap();
    let err = Lexicon::builder().add_dir(&dir).unwrap_err();
    assert_eq!(err.line(), Some(3));
    assert!(err.source_name().ends_with("c.txt"), "{err}");
    assert_eq!(err.text(), "丁\tpron");
}

#[test]
fn missing_files_and_empty_directories_are_errors() {
    let err = Lexicon::builder()
        .add_file("/nonexistent/x.txt")
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/nonexistent/x.txt: cannot read"),
        "{err}"
    );
    let dir = tempdir("empty");
    let err = Lexicon::builder().add_dir(&dir).unwrap_err();
    assert!(err.to_string().contains("no *.txt"), "{err}");
}

#[test]
fn shipped_lexicons_load_and_cover_every_content_category() {
    let lex = Lexicon::shipped().unwrap();
    for c in Category::ALL {
        // Structural categories come from detectors, not from words.
        if matches!(
            c,
            Category::PersonalInfo
                | Category::MissingAttribution
                | Category::OfficialInfoOnPrivate
                | Category::Format
        ) {
            continue;
        }
        assert!(
            lex.terms_in(*c) >= 20,
            "{c}: only {} terms",
            lex.terms_in(*c)
        );
    }
    assert!(lex.terms_len() > 1500, "{}", lex.terms_len());
}

/// Checks that `source` (a Rust file that compiles in data files) names every `.txt` file of
/// `lexicons/<folder>` and no other.
fn lists_its_folder(folder: &str, source: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lexicons")
        .join(folder);
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    on_disk.sort();
    assert!(!on_disk.is_empty(), "lexicons/{folder}");
    for name in &on_disk {
        assert!(
            source.contains(&format!("\"{name}\"")),
            "lexicons/{folder}/{name} is not listed"
        );
    }
    assert_eq!(source.matches(".txt\"").count(), on_disk.len(), "{folder}");
}

#[test]
fn the_shipped_lists_match_their_folders() {
    lists_its_folder(
        "",
        include_str!("../crates/shenhe-core/src/lexicon/shipped.rs"),
    );
    // The detectors' vocabularies (`lexicons/detectors/`, compiled in by `detect/vocab.rs`).
    lists_its_folder(
        "detectors",
        include_str!("../crates/shenhe-core/src/detect/vocab.rs"),
    );
}
