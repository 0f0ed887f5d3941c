//! Saved engines: an engine written to bytes, and loaded back from bytes or from a file
//! (`shenhe compile -o FILE` writes one; docs/contract.md §10).

use std::fs::File;
use std::io::Read;

use shenhe_core::Engine;

use crate::bytes::shenhe_bytes;
use crate::engine::shenhe_engine;
use crate::error::{Error, shenhe_result};

/// The most a saved engine read from something other than a regular file (a pipe, a device) may
/// hold: a regular file is read whole, its size being known, but `/dev/zero` would never end.
/// The limit on posts (`MAX_POST_BYTES_LIMIT`) is the same.
const MAX_STREAM_BYTES: u64 = shenhe_core::MAX_POST_BYTES_LIMIT as u64;

fn load_error(message: String) -> Error {
    Error::new(shenhe_result::LoadError, message)
}

/// The bytes of the file at `path`, or a LOAD_ERROR naming it.
fn read_engine_file(path: &str) -> Result<Vec<u8>, Error> {
    let cannot_read = |e: std::io::Error| load_error(format!("{path}: cannot read: {e}"));
    let mut file = File::open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    let mut bytes = Vec::new();
    if meta.is_file() {
        bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes).map_err(cannot_read)?;
    } else {
        file.take(MAX_STREAM_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
        if bytes.len() as u64 > MAX_STREAM_BYTES {
            return Err(load_error(format!(
                "{path}: cannot load the saved engine: more than {MAX_STREAM_BYTES} bytes \
                 (not a regular file; is it a saved engine?)"
            )));
        }
    }
    Ok(bytes)
}

/// Writes the engine (its compiled lexicons, policy and limits) as bytes to a new
/// `shenhe_bytes` at `*bytes_out`, which the caller frees with `shenhe_bytes_free()`. Store them
/// anywhere; `shenhe_engine_load()` makes the same engine from them in a fraction of the time a
/// build takes. Registered originals and source lists are not saved (docs/contract.md §10).
///
/// The bytes are those of `Engine::save()` in Rust and of `shenhe compile -o FILE`.
///
/// # Safety
/// `engine` is a live engine; `bytes_out` points to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_save(
    engine: *const shenhe_engine,
    bytes_out: *mut *mut shenhe_bytes,
) -> shenhe_result {
    ffi_boundary! {
        let engine = &try_ref!(engine)?.engine;
        let out = try_out!(bytes_out)?;
        let data = engine.save().into_boxed_slice();
        out.write(Box::into_raw(Box::new(shenhe_bytes { data })));
        Ok(())
    }
}

/// Loads an engine saved by `shenhe_engine_save()` (or `shenhe compile`, or `Engine::save()`)
/// from `len` bytes at `bytes`, and writes it to `*engine_out`; the caller frees it with
/// `shenhe_engine_free()`. The bytes are only read during the call.
///
/// Errors: `SHENHE_RESULT_NULL_PARAMETER`; `SHENHE_RESULT_LOAD_ERROR` when the bytes are not a
/// saved engine, were saved by another format version, are truncated or fail their checksum:
/// the message says which ("cannot load the saved engine: ..."). A damaged or crafted buffer is
/// refused, or at worst gives wrong findings; it never makes screening crash or hang.
///
/// # Safety
/// `bytes` points to `len` readable bytes; `engine_out` to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_load(
    bytes: *const u8,
    len: usize,
    engine_out: *mut *mut shenhe_engine,
) -> shenhe_result {
    ffi_boundary! {
        let bytes = try_slice!(bytes, len)?;
        let out = try_out!(engine_out)?;
        let engine = Engine::load(bytes).map_err(|e| load_error(e.to_string()))?;
        out.write(Box::into_raw(Box::new(shenhe_engine { engine })));
        Ok(())
    }
}

/// As `shenhe_engine_load()`, from the file at `path` (UTF-8, `path_len` bytes, not
/// NUL-terminated), e.g. one written by `shenhe compile -o FILE`.
///
/// Errors: `SHENHE_RESULT_NULL_PARAMETER`, `SHENHE_RESULT_INVALID_UTF8` (path);
/// `SHENHE_RESULT_LOAD_ERROR` when the file cannot be read ("PATH: cannot read: ...") or
/// loaded ("PATH: cannot load the saved engine: ..."). A regular file is read whole; anything
/// else (a pipe, a device) is read up to 1 GiB.
///
/// # Safety
/// `path` points to `path_len` readable bytes; `engine_out` to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_load_file(
    path: *const u8,
    path_len: usize,
    engine_out: *mut *mut shenhe_engine,
) -> shenhe_result {
    ffi_boundary! {
        let path = try_str!(path, path_len)?;
        let out = try_out!(engine_out)?;
        let bytes = read_engine_file(path)?;
        let engine = Engine::load(&bytes).map_err(|e| load_error(format!("{path}: {e}")))?;
        out.write(Box::into_raw(Box::new(shenhe_engine { engine })));
        Ok(())
    }
}
