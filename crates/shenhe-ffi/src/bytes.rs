//! Binary data handed to C: the owned `shenhe_bytes` (a saved engine).

/// An owned byte buffer returned by shenhe (a saved engine from `shenhe_engine_save()`): a
/// pointer and a length, not NUL-terminated, not text.
///
/// Ownership: the caller owns it and frees it with `shenhe_bytes_free()`; the pointer from
/// `shenhe_bytes_ptr()` is valid until then. Thread safety: immutable; may be read from any
/// thread, freed once.
#[derive(Debug)]
pub struct shenhe_bytes {
    pub(crate) data: Box<[u8]>,
}

/// The first byte of a `shenhe_bytes`, borrowed from it (valid until `shenhe_bytes_free()`);
/// `shenhe_bytes_len()` bytes may be read from it. NULL when `bytes` is NULL.
///
/// # Safety
/// `bytes` is NULL or a live `shenhe_bytes` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_bytes_ptr(bytes: *const shenhe_bytes) -> *const u8 {
    ffi_boundary! {
        default = std::ptr::null();
        match try_ref!(bytes) {
            Ok(b) => b.data.as_ptr(),
            Err(_) => std::ptr::null(),
        }
    }
}

/// The length of a `shenhe_bytes` in bytes; 0 when `bytes` is NULL.
///
/// # Safety
/// `bytes` is NULL or a live `shenhe_bytes` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_bytes_len(bytes: *const shenhe_bytes) -> usize {
    ffi_boundary! {
        default = 0;
        match try_ref!(bytes) {
            Ok(b) => b.data.len(),
            Err(_) => 0,
        }
    }
}

/// Frees a `shenhe_bytes`. NULL is allowed and does nothing.
///
/// # Safety
/// `bytes` is NULL or a `shenhe_bytes` from this library that has not been freed; it is not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_bytes_free(bytes: *mut shenhe_bytes) {
    ffi_boundary! { default = (); free_box!(bytes) }
}
