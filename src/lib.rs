/*!
shenhe (审核): screen Chinese posts before government and enterprise new-media accounts publish
them.

This is the Rust API: a thin face over [`shenhe_core`], which holds the engine. Build an
[`Engine`] once (it is `Clone + Send + Sync`), then screen posts with it.

# Example

```
use shenhe::{Account, Decision, Engine, Input};

let engine = Engine::new()?;
let verdict = engine.screen(Input::new("赌*博网站注册就送彩金").account(Account::Org))?;
assert_eq!(verdict.verdict, Decision::Block);
println!("{}", verdict.to_json());

// Your own terms on top of the shipped lexicons:
let lexicon = shenhe::Lexicon::builder()
    .add_shipped()?
    .add_str("mine.txt", "某某内部代号\tstate_secret\n")?
    .build()?;
let engine = Engine::builder().lexicon(lexicon).build()?;
assert_eq!(engine.screen("请勿外传某某内部代号")?.verdict, Decision::Block);
# Ok::<(), Box<dyn std::error::Error>>(())
```

See the README for the command line, the lexicon format and the contract (docs/contract.md).
*/

#![deny(missing_docs)]

pub use shenhe_core::*;

/// Screens one post for an `org` account with a shared engine over the shipped lexicons, built
/// on first use.
///
/// # Errors
/// The post is longer than the default post limit.
///
/// # Example
/// ```
/// assert!(shenhe::screen("今天召开全市经济工作会议,部署明年重点任务")?.is_pass());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn screen(text: &str) -> Result<Verdict, ScreenError> {
    static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(|| {
        Engine::new().expect("the shipped lexicons compile (checked by the test suite)")
    });
    ENGINE.screen(text)
}

/// The README's Rust example, compiled and run by `cargo test --doc` so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
