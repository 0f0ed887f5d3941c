//! Repository chores for shenhe.
//!
//! `cargo run -p xtask -- tables` regenerates `crates/shenhe-core/src/normalize/tables.rs` from its
//! sources (Unicode data via ICU4X, OpenCC's dictionaries via hanconv, the hand-written
//! `variants.txt`); `cargo run -p xtask -- tables --check` regenerates it in memory and fails when
//! the checked-in file differs (CI runs this). The tables are checked in rather than built in a
//! build script: they rarely change, and a reviewer should see every change (STYLE.md §6).
//!
//! `cargo run -p xtask -- header [--check]` does the same for the C header
//! `bindings/c/shenhe.h`, generated from `crates/shenhe-ffi` by cbindgen (see header.rs).
//!
//! `cargo run -p xtask -- cloak [--check]` does the same for `tests/data/challenge-cloaked.jsonl`,
//! the challenge set with its keywords disguised by homophones and emoji (see cloak.rs).

mod case;
mod classes;
mod cloak;
mod digits;
mod header;
mod nfkc;
mod opencc;
mod render;
mod tables;
mod variants;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Versions of the data sources, written into the generated file's header. They must match the
/// pinned versions in xtask/Cargo.toml (a test checks Cargo.lock).
pub(crate) const HANCONV_VERSION: &str = "0.5.1";
pub(crate) const ICU4X_VERSION: &str = "2.4.0";
/// The Unicode version of the ICU4X 2.4.0 data crates (`package.metadata.sources.unicode`).
pub(crate) const UNICODE_VERSION: &str = "18.0.0";

/// The generated file, relative to the workspace root.
const TABLES_RS: &str = "crates/shenhe-core/src/normalize/tables.rs";
/// The hand-written variants, relative to the workspace root.
const VARIANTS_TXT: &str = "crates/shenhe-core/src/normalize/variants.txt";

const USAGE: &str = "usage: cargo run -p xtask -- tables [--check]

  tables          regenerate crates/shenhe-core/src/normalize/tables.rs
  tables --check  regenerate in memory; exit 1 if the checked-in file differs
  header          regenerate bindings/c/shenhe.h from crates/shenhe-ffi (cbindgen)
  header --check  regenerate in memory; exit 1 if the checked-in header differs
  cloak           regenerate tests/data/challenge-cloaked.jsonl from tests/data/challenge.jsonl
  cloak --check   regenerate in memory; exit 1 if the checked-in cloaked copy differs";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["tables"] => run_tables(false),
        ["tables", "--check"] => run_tables(true),
        ["header"] => header::run(false),
        ["header", "--check"] => header::run(true),
        ["cloak"] => cloak::run(false),
        ["cloak", "--check"] => cloak::run(true),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// Reads variants.txt, builds the tables and renders tables.rs.
pub(crate) fn generate(root: &Path) -> Result<(tables::Tables, String), String> {
    let variants_path = root.join(VARIANTS_TXT);
    let variants_src = std::fs::read_to_string(&variants_path)
        .map_err(|e| format!("{}: {e}", variants_path.display()))?;
    let tables = tables::build(&variants_src).map_err(|e| format!("{VARIANTS_TXT}: {e}"))?;
    let text = render::render(&tables);
    Ok((tables, text))
}

/// What each source contributed, and the table sizes.
fn summary(t: &tables::Tables) -> String {
    let stages: Vec<String> = t
        .stage_counts
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    format!(
        "FOLD {} entries (chars changed by each stage before closing: {}), EXPAND {}, \
         CLASS {} ranges, CJK_DIGITS {}",
        t.fold.len(),
        stages.join(", "),
        t.expand.len(),
        t.class.len(),
        t.digits.len()
    )
}

fn run_tables(check: bool) -> ExitCode {
    let root = workspace_root();
    let started = Instant::now();
    let (tables, generated) = match generate(&root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let path = root.join(TABLES_RS);
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != generated {
            eprintln!(
                "error: {TABLES_RS} is out of date: it differs from what its sources generate.\n\
                 Run `cargo run -p xtask -- tables` and commit the result."
            );
            if let Some((line, old, new)) = first_difference(&current, &generated) {
                eprintln!(
                    "first difference at line {line}:\n  checked in: {old}\n  generated:  {new}"
                );
            }
            return ExitCode::FAILURE;
        }
        println!("{TABLES_RS} is up to date ({:.1?})", started.elapsed());
    } else {
        if let Err(e) = std::fs::write(&path, &generated) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "wrote {TABLES_RS} ({} bytes) in {:.1?}",
            generated.len(),
            started.elapsed()
        );
        println!("{}", summary(&tables));
    }
    ExitCode::SUCCESS
}

/// The first line (1-based) where `a` and `b` differ, with both versions of it.
fn first_difference<'a>(a: &'a str, b: &'a str) -> Option<(usize, &'a str, &'a str)> {
    let mut la = a.lines();
    let mut lb = b.lines();
    for n in 1.. {
        match (la.next(), lb.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some((n, x.unwrap_or("<end>"), y.unwrap_or("<end>"))),
            _ => {}
        }
    }
    None
}
