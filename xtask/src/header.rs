//! `cargo run -p xtask -- header [--check]`: the C header of crates/shenhe-ffi, generated with
//! cbindgen (pinned, as a library) from the crate's source and its `cbindgen.toml`.
//!
//! The header is checked in (bindings/c/shenhe.h) so that C users need no Rust tool to
//! read it and reviewers see every change to the ABI; `--check` regenerates it in memory and
//! fails when the checked-in file differs (CI runs it).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// The FFI crate, relative to the workspace root.
const FFI_CRATE: &str = "crates/shenhe-ffi";
/// The generated header, relative to the workspace root.
pub(crate) const HEADER: &str = "bindings/c/shenhe.h";

/// The header as cbindgen writes it.
pub(crate) fn generate(root: &Path) -> Result<String, String> {
    let crate_dir = root.join(FFI_CRATE);
    let config_path = crate_dir.join("cbindgen.toml");
    let config = cbindgen::Config::from_file(&config_path)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src/lib.rs"))
        .generate()
        .map_err(|e| format!("cbindgen: {e}"))?;
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).map_err(|e| format!("cbindgen wrote invalid UTF-8: {e}"))
}

pub(crate) fn run(check: bool) -> ExitCode {
    let root = crate::workspace_root();
    let started = Instant::now();
    let generated = match generate(&root) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let path = root.join(HEADER);
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != generated {
            eprintln!(
                "error: {HEADER} is out of date: it differs from what cbindgen generates from \
                 {FFI_CRATE}.\nRun `cargo run -p xtask -- header` and commit the result."
            );
            if let Some((line, old, new)) = crate::first_difference(&current, &generated) {
                eprintln!(
                    "first difference at line {line}:\n  checked in: {old}\n  generated:  {new}"
                );
            }
            return ExitCode::FAILURE;
        }
        println!("{HEADER} is up to date ({:.1?})", started.elapsed());
    } else {
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        if let Err(e) = std::fs::write(&path, &generated) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "wrote {HEADER} ({} bytes) in {:.1?}",
            generated.len(),
            started.elapsed()
        );
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generator sees every entry point of the crate: each `#[unsafe(no_mangle)]` function
    /// in the source has a prototype in the header.
    #[test]
    fn every_exported_function_is_in_the_header() {
        let root = crate::workspace_root();
        let header = generate(&root).expect("the header generates");
        let src = root.join(FFI_CRATE).join("src");
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&src).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if line.trim() == "#[unsafe(no_mangle)]" {
                    let sig = lines.next().unwrap();
                    let name = sig.split("fn ").nth(1).unwrap().split('(').next().unwrap();
                    names.push(name.to_string());
                }
            }
        }
        assert!(names.len() > 30, "found only {names:?}");
        for name in &names {
            assert!(
                header.contains(&format!(" {name}(")) || header.contains(&format!("*{name}(")),
                "{name} is missing from the header"
            );
        }
        assert!(header.contains("#define SHENHE_ACCOUNT_PRIVATE 2"));
        assert!(header.contains("SHENHE_RESULT_INVALID_UTF8 = 2,"));
        assert!(header.contains("typedef struct shenhe_engine shenhe_engine;"));
    }
}
