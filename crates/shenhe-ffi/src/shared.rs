//! Hot swap: an engine slot that threads screen through while another thread replaces its engine
//! (new lexicons, a new policy, a newly loaded saved engine).

use shenhe_core::SharedEngine;

use crate::engine::shenhe_engine;
use crate::error::shenhe_result;

/// A slot holding the current engine, for services that replace their engine while they run.
///
/// Each screening thread takes the current engine with `shenhe_shared_engine_get()`, screens
/// with it, and frees it; another thread installs a new engine with
/// `shenhe_shared_engine_swap()` at any time. Posts already under way finish on the engine they
/// started with, the next `get` gives the new one, and an old engine's memory is released when
/// the last handle to it is freed. Taking an engine is cheap (a reference count and a read lock
/// held for nanoseconds), so take one per post or per batch.
///
/// Ownership: made by `shenhe_shared_engine_new()`, owned by the caller, freed with
/// `shenhe_shared_engine_free()`. Engine handles from `get` are the caller's too and stay valid
/// after the slot is freed.
///
/// Thread safety: any number of threads may call `shenhe_shared_engine_get()` and
/// `shenhe_shared_engine_swap()` on one `const shenhe_shared_engine *` at once; free it only
/// when no call is using it any more.
#[derive(Debug)]
pub struct shenhe_shared_engine {
    shared: SharedEngine,
}

/// Makes a slot holding `engine` and writes it to `*shared_out`. The engine is shared, not
/// copied or consumed: the caller still frees its own `engine` handle (now or later) with
/// `shenhe_engine_free()`; the slot keeps the engine alive as long as it needs it.
///
/// # Safety
/// `engine` is a live engine; `shared_out` points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_shared_engine_new(
    engine: *const shenhe_engine,
    shared_out: *mut *mut shenhe_shared_engine,
) -> shenhe_result {
    ffi_boundary! {
        let engine = &try_ref!(engine)?.engine;
        let out = try_out!(shared_out)?;
        let shared = SharedEngine::new(engine.clone());
        out.write(Box::into_raw(Box::new(shenhe_shared_engine { shared })));
        Ok(())
    }
}

/// Writes a new handle to the slot's current engine to `*engine_out`: screen with it as with any
/// engine, from any number of threads, and free it with `shenhe_engine_free()`. It keeps
/// screening with the engine it was taken from, whatever is swapped in later.
///
/// # Safety
/// `shared` is a live slot; `engine_out` points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_shared_engine_get(
    shared: *const shenhe_shared_engine,
    engine_out: *mut *mut shenhe_engine,
) -> shenhe_result {
    ffi_boundary! {
        let shared = &try_ref!(shared)?.shared;
        let out = try_out!(engine_out)?;
        out.write(Box::into_raw(Box::new(shenhe_engine { engine: shared.get() })));
        Ok(())
    }
}

/// Makes `engine` the slot's current engine: later `shenhe_shared_engine_get()` calls give it.
/// Callable while other threads screen through handles they got earlier: they finish on the
/// previous engine, which is released when its last handle is freed. As with
/// `shenhe_shared_engine_new()`, `engine` is shared: the caller still frees its own handle.
///
/// # Safety
/// `shared` is a live slot; `engine` is a live engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_shared_engine_swap(
    shared: *const shenhe_shared_engine,
    engine: *const shenhe_engine,
) -> shenhe_result {
    ffi_boundary! {
        let shared = &try_ref!(shared)?.shared;
        let engine = &try_ref!(engine)?.engine;
        // The previous engine is dropped here: only this slot's reference to it.
        drop(shared.swap(engine.clone()));
        Ok(())
    }
}

/// Frees a slot. Engine handles taken from it stay valid. NULL is allowed and does nothing.
///
/// # Safety
/// `shared` is NULL or a slot from this library that has not been freed, that no call is using
/// any more and that is not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_shared_engine_free(shared: *mut shenhe_shared_engine) {
    ffi_boundary! { default = (); free_box!(shared) }
}
