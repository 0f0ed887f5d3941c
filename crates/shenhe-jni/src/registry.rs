//! The engines Java holds, by id. Java never sees a pointer: an id that was freed (or never
//! made) is an error, not a use of freed memory, and a screen in flight keeps its own reference
//! to the engine, so closing it on another thread frees nothing under that screen's feet.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{LazyLock, PoisonError, RwLock};

use shenhe_core::Engine;

use crate::error::Failure;

static ENGINES: LazyLock<RwLock<HashMap<i64, Engine>>> = LazyLock::new(Default::default);

/// Ids start at 1 (Java's 0 means "none") and are never reused.
static NEXT_ID: AtomicI64 = AtomicI64::new(1);

/// Keeps `engine` and returns its new id.
pub fn insert(engine: Engine) -> i64 {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    // A panic cannot leave the map half-updated: its operations do not unwind midway.
    let mut engines = ENGINES.write().unwrap_or_else(PoisonError::into_inner);
    engines.insert(id, engine);
    id
}

/// The engine with this id: a clone (an `Arc`), so the table's lock is held only for the look-up.
pub fn get(id: i64) -> Result<Engine, Failure> {
    let engines = ENGINES.read().unwrap_or_else(PoisonError::into_inner);
    engines.get(&id).cloned().ok_or(Failure::Closed)
}

/// Drops the table's reference to the engine; false when there was none. Its memory goes when
/// the last screen using it returns.
pub fn remove(id: i64) -> bool {
    let mut engines = ENGINES.write().unwrap_or_else(PoisonError::into_inner);
    engines.remove(&id).is_some()
}

/// How many engines are open: for tests.
pub fn len() -> usize {
    ENGINES.read().unwrap_or_else(PoisonError::into_inner).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fresh_and_removal_is_final() {
        let engine = Engine::builder()
            .lexicon(
                shenhe_core::Lexicon::builder()
                    .add_str("t.txt", "测试词\tvulgar\n")
                    .unwrap()
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        let a = insert(engine.clone());
        let b = insert(engine);
        assert!(a >= 1 && b > a);
        assert!(get(a).is_ok());
        assert!(remove(a));
        assert!(matches!(get(a), Err(Failure::Closed)));
        assert!(!remove(a), "a second removal finds nothing");
        assert!(get(b).is_ok(), "other engines are untouched");
        assert!(remove(b));
        assert!(matches!(get(0), Err(Failure::Closed)));
    }
}
