//! Prints the verdicts that the Rust API gives for `bindings/testdata/posts.tsv`, one JSON line
//! per post: what the C test (`bindings/c/test.c`) and the Python tests must reproduce byte for
//! byte through the C ABI.
//!
//! The engine is the one the bindings' tests build: no shipped lexicons, the lexicon directory
//! `bindings/testdata/lexicon` and the policy `bindings/testdata/policy.txt`.
//!
//! ```text
//! cargo run --release -p shenhe-ffi --example verdicts -- bindings/testdata > expected.jsonl
//! ```

use std::path::Path;
use std::process::ExitCode;

use shenhe_core::{Account, Engine, Input, Lexicon, Policy};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: verdicts TESTDATA_DIR   (e.g. bindings/testdata)");
        return ExitCode::from(2);
    };
    match run(Path::new(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let lexicon = Lexicon::builder().add_dir(dir.join("lexicon"))?.build()?;
    let engine = Engine::builder()
        .lexicon(lexicon)
        .policy(Policy::from_file(dir.join("policy.txt"))?)
        .build()?;
    let posts = std::fs::read_to_string(dir.join("posts.tsv"))?;
    for line in posts.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.splitn(3, '\t');
        let (Some(id), Some(account), Some(text)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("posts.tsv: not ID<TAB>ACCOUNT<TAB>TEXT: {line:?}").into());
        };
        let account: Account = account.parse()?;
        let verdict = engine.screen(Input::new(text).account(account).id(id))?;
        println!("{}", verdict.to_json());
    }
    Ok(())
}
