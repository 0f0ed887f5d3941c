//! Hot reload: swap in a new engine (new lexicons, new policy) while screening goes on.

use std::sync::RwLock;

use crate::engine::Engine;

/// An engine slot that many threads screen through while one thread replaces its engine.
///
/// [`get`](SharedEngine::get) hands out a clone of the current engine (an `Arc` clone: one
/// atomic increment under a read lock held for nanoseconds), so a post is always screened by
/// exactly one engine from start to end, and a swap never waits for screening to finish: posts
/// already under way finish on the old engine, the next [`get`](SharedEngine::get) sees the new
/// one, and the old engine is freed when its last user drops it.
///
/// # Example
/// ```
/// use shenhe::{Engine, Lexicon, SharedEngine};
/// let shared = SharedEngine::new(Engine::new()?);
/// assert!(shared.get().screen("蓝莓行动代号")?.is_pass());
///
/// let lexicon = Lexicon::builder().add_shipped()?.add_str("new.txt", "蓝莓行动代号\tstate_secret\n")?.build()?;
/// shared.swap(Engine::builder().lexicon(lexicon).build()?);
/// assert!(!shared.get().screen("蓝莓行动代号")?.is_pass());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SharedEngine {
    current: RwLock<Engine>,
}

impl SharedEngine {
    /// A slot holding `engine`.
    pub fn new(engine: Engine) -> SharedEngine {
        SharedEngine {
            current: RwLock::new(engine),
        }
    }

    /// The current engine.
    pub fn get(&self) -> Engine {
        // A poisoned lock only means a thread panicked while swapping; the engine inside is
        // always a whole engine (assignment of an Arc), so it is safe to keep using it.
        match self.current.read() {
            Ok(e) => e.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the engine; returns the one it replaced.
    pub fn swap(&self, engine: Engine) -> Engine {
        let mut slot = match self.current.write() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        std::mem::replace(&mut *slot, engine)
    }
}
