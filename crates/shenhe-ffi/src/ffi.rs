//! The panic boundary and the pointer macros. Every `unsafe` block of the crate is in this file.
//!
//! Pattern of an entry point (cf. rustls-ffi's `ffi_panic_boundary!` and `try_ref_from_ptr!`):
//!
//! ```text
//! #[unsafe(no_mangle)]
//! pub unsafe extern "C" fn shenhe_x(engine: *const shenhe_engine, out: *mut usize) -> shenhe_result {
//!     ffi_boundary! {
//!         let engine = try_ref!(engine)?;   // NULL -> SHENHE_RESULT_NULL_PARAMETER
//!         let out = try_out!(out)?;         // checked before anything is computed
//!         out.write(engine.engine.terms_len());
//!         Ok(())
//!     }
//! }
//! ```
//!
//! A body that returns `Result<(), Error>` becomes a `shenhe_result` (an error also sets the
//! thread's last error message); a body after `default = VALUE;` returns its value directly and
//! `VALUE` on a panic.

use std::any::Any;
use std::mem::MaybeUninit;

use crate::error::{Error, set_last_error, shenhe_result};

/// Runs an entry point's body and catches any panic, so that no unwind reaches C.
///
/// `ffi_boundary! { ...; Ok(()) }`: the body is a `Result<(), Error>`, returned to C as a
/// [`shenhe_result`]. `ffi_boundary! { default = VALUE; ... }`: the body's value is returned as
/// is, and `VALUE` when it panics (for getters, `_free` functions and the like).
macro_rules! ffi_boundary {
    (default = $default:expr; $($body:tt)*) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| { $($body)* })) {
            Ok(value) => value,
            Err(payload) => {
                $crate::ffi::record_panic(payload);
                $default
            }
        }
    };
    ($($body:tt)*) => {
        $crate::ffi::finish(::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(
            || -> ::std::result::Result<(), $crate::error::Error> { $($body)* },
        )))
    };
}

/// `Ok(&T)` from a `*const T` or `*mut T` parameter, or a NULL_PARAMETER error naming it.
macro_rules! try_ref {
    ($ptr:expr) => {{
        let ptr = $ptr;
        // SAFETY: `as_ref` checks for NULL. Every entry point's Safety section requires a
        // non-NULL handle to come from this library's constructor, not freed yet, and not
        // mutated by another thread during the call; other pointers must point to a live value
        // of their type.
        match unsafe { ptr.as_ref() } {
            Some(r) => Ok(r),
            None => Err($crate::error::Error::null(stringify!($ptr))),
        }
    }};
}

/// `Ok(&mut T)` from a `*mut T` parameter, or a NULL_PARAMETER error naming it.
macro_rules! try_mut {
    ($ptr:expr) => {{
        let ptr = $ptr;
        // SAFETY: `as_mut` checks for NULL. The Safety section requires a non-NULL handle to
        // come from this library's constructor, not freed yet, and used by no other thread
        // during the call (so this is the only reference).
        match unsafe { ptr.as_mut() } {
            Some(r) => Ok(r),
            None => Err($crate::error::Error::null(stringify!($ptr))),
        }
    }};
}

/// `Ok(&[T])` from a pointer and a count, or an error (NULL, misaligned, or too long to be an
/// array).
macro_rules! try_slice {
    ($ptr:expr, $len:expr) => {{
        let (ptr, len) = ($ptr, $len);
        match $crate::ffi::check_array(ptr, len, stringify!($ptr)) {
            Err(e) => Err(e),
            // SAFETY: `check_array` verified that the pointer is non-NULL and aligned and that
            // `len` elements fit in `isize::MAX` bytes; the Safety section requires it to point
            // to `len` initialized elements that are not mutated during the call.
            Ok(()) => Ok(unsafe { ::std::slice::from_raw_parts(ptr, len) }),
        }
    }};
}

/// `Ok(&str)` from `const uint8_t *` and a length in bytes: NULL_PARAMETER or INVALID_UTF8
/// (never a lossy conversion) otherwise.
macro_rules! try_str {
    ($ptr:expr, $len:expr) => {
        match try_slice!($ptr, $len) {
            Err(e) => Err(e),
            Ok(bytes) => $crate::ffi::utf8(bytes, stringify!($ptr)),
        }
    };
}

/// `Ok(&mut MaybeUninit<T>)` from an out-parameter `*mut T`, or a NULL_PARAMETER error. Check
/// every out-parameter before computing anything, and write them only once nothing can fail.
macro_rules! try_out {
    ($ptr:expr) => {{
        let ptr = $crate::ffi::as_uninit($ptr);
        match $crate::ffi::check_array(ptr, 1, stringify!($ptr)) {
            Err(e) => Err(e),
            // SAFETY: non-NULL and aligned (checked above); the Safety section requires an
            // out-parameter to point to memory writable for one value of its type. The memory
            // may be uninitialized, hence `MaybeUninit`.
            Ok(()) => Ok(unsafe { &mut *ptr }),
        }
    }};
}

/// Like [`try_out!`] for an optional out-parameter: `Ok(None)` when it is NULL.
macro_rules! try_out_opt {
    ($ptr:expr) => {{
        let ptr = $ptr;
        if ptr.is_null() {
            Ok(None)
        } else {
            try_out!(ptr).map(Some)
        }
    }};
}

/// `Ok(&mut [MaybeUninit<T>])` from an output array and its length.
macro_rules! try_out_slice {
    ($ptr:expr, $len:expr) => {{
        let (ptr, len) = ($crate::ffi::as_uninit($ptr), $len);
        match $crate::ffi::check_array(ptr, len, stringify!($ptr)) {
            Err(e) => Err(e),
            // SAFETY: non-NULL, aligned and of a valid size (checked above); the Safety section
            // requires it to point to `len` writable elements that nothing else accesses during
            // the call.
            Ok(()) => Ok(unsafe { ::std::slice::from_raw_parts_mut(ptr, len) }),
        }
    }};
}

/// Drops the `Box` behind a handle given to a `_free` function; does nothing for NULL.
macro_rules! free_box {
    ($ptr:expr) => {{
        let ptr = $ptr;
        if !ptr.is_null() {
            // SAFETY: the Safety section of every `_free` function requires a non-NULL pointer
            // to come from the matching constructor (which made it with `Box::into_raw`), not to
            // have been freed, and not to be used afterwards.
            drop(unsafe { ::std::boxed::Box::from_raw(ptr) });
        }
    }};
}

/// Turns the result of a `Result<(), Error>` body into the code returned to C.
pub(crate) fn finish(outcome: std::thread::Result<Result<(), Error>>) -> shenhe_result {
    match outcome {
        Ok(Ok(())) => shenhe_result::Ok,
        Ok(Err(e)) => e.report(),
        Err(payload) => {
            record_panic(payload);
            shenhe_result::Panic
        }
    }
}

/// Keeps the panic's message as the thread's last error.
pub(crate) fn record_panic(payload: Box<dyn Any + Send>) {
    let what = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown payload".to_string()
    };
    set_last_error(&format!("internal error: shenhe panicked: {what}"));
}

/// A `*mut MaybeUninit<T>` for an out-parameter `*mut T` (the same address).
pub(crate) fn as_uninit<T>(ptr: *mut T) -> *mut MaybeUninit<T> {
    ptr.cast()
}

/// Checks that `ptr` can be the start of an array of `len` values of `T`: non-NULL, aligned,
/// and at most `isize::MAX` bytes long.
pub(crate) fn check_array<T>(ptr: *const T, len: usize, name: &str) -> Result<(), Error> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    if !ptr.is_aligned() {
        return Err(Error::invalid_argument(format!(
            "{name} is not aligned for its type"
        )));
    }
    match len.checked_mul(size_of::<T>()) {
        Some(bytes) if bytes <= isize::MAX as usize => Ok(()),
        _ => Err(Error::invalid_argument(format!(
            "{name}: a length of {len} elements is not possible"
        ))),
    }
}

/// The bytes as `&str`, or INVALID_UTF8 naming the parameter and the first bad byte.
pub(crate) fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| Error::invalid_utf8(name, &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::last_error;

    #[test]
    fn a_panic_becomes_a_code_and_a_message() {
        let code = ffi_boundary! {
            if true {
                panic!("boom {}", 42);
            }
            Ok(())
        };
        assert_eq!(code, shenhe_result::Panic);
        assert_eq!(last_error(), "internal error: shenhe panicked: boom 42");

        let value: usize = ffi_boundary! { default = 7; panic!("static message") };
        assert_eq!(value, 7);
        assert_eq!(
            last_error(),
            "internal error: shenhe panicked: static message"
        );
    }

    #[test]
    fn errors_become_codes_and_set_the_message() {
        let p: *const u8 = std::ptr::null();
        let code = ffi_boundary! {
            let _ = try_ref!(p)?;
            Ok(())
        };
        assert_eq!(code, shenhe_result::NullParameter);
        assert_eq!(last_error(), "p is NULL");

        let bytes = [b'a', 0xff, b'b'];
        let (ptr, len) = (bytes.as_ptr(), bytes.len());
        let code = ffi_boundary! {
            let _ = try_str!(ptr, len)?;
            Ok(())
        };
        assert_eq!(code, shenhe_result::InvalidUtf8);
        assert!(last_error().contains("byte 1"), "{}", last_error());
    }

    #[test]
    fn arrays_are_checked() {
        let x = [0u32; 2];
        assert!(check_array(x.as_ptr(), 2, "x").is_ok());
        assert!(check_array(std::ptr::null::<u32>(), 0, "x").is_err());
        assert!(check_array(x.as_ptr(), usize::MAX / 2, "x").is_err());
        let misaligned = x.as_ptr().cast::<u8>().wrapping_add(1).cast::<u32>();
        assert!(check_array(misaligned, 1, "x").is_err());
    }
}
