//! What the CLI test binaries share: running the `shenhe` binary as a user runs it, and scratch
//! folders. Each test binary uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub fn shenhe() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shenhe"))
}

/// Runs `shenhe` with `args`, feeding `stdin`.
///
/// A run that stops on a bad argument or config exits before it reads its input, so a broken
/// pipe while feeding it is expected, not a failure: the exit code and stderr are what the test
/// checks.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = shenhe()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the shenhe binary runs");
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "feeding stdin: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary directory for one test, removed with everything in it when the test ends (the
/// value is dropped), pass or fail. Derefs to its path.
pub struct TempDir(tempfile::TempDir);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// A fresh temporary directory for one test, named after the test binary and `name`.
pub fn tempdir(name: &str) -> TempDir {
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    TempDir(
        tempfile::Builder::new()
            .prefix(&format!("shenhe-{bin}-{name}-"))
            .tempdir()
            .unwrap(),
    )
}

/// Standard output as JSON values, one a line.
pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
