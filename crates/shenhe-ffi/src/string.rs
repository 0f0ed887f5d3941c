//! Strings handed to C: NUL-terminated copies with a known length, and the owned `shenhe_string`.

use std::ffi::c_char;
use std::mem::MaybeUninit;

/// UTF-8 text followed by one NUL byte, so that C gets both a C string and a length. May hold
/// NUL bytes of its own when the text did: the length is the truth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CStrBuf(Box<[u8]>);

impl CStrBuf {
    pub(crate) fn new(text: &str) -> CStrBuf {
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(0);
        CStrBuf(bytes.into_boxed_slice())
    }

    /// The start of the text; the byte at `len()` is a NUL.
    pub(crate) fn ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    /// The length in bytes, without the final NUL.
    pub(crate) fn len(&self) -> usize {
        self.0.len() - 1
    }

    /// The text, without the final NUL.
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0[..self.len()]).expect("built from a str")
    }

    /// Writes the borrowed pointer and (when asked for) the length to out-parameters.
    pub(crate) fn put(
        &self,
        ptr_out: &mut MaybeUninit<*const c_char>,
        len_out: Option<&mut MaybeUninit<usize>>,
    ) {
        ptr_out.write(self.ptr());
        if let Some(len_out) = len_out {
            len_out.write(self.len());
        }
    }
}

/// An owned UTF-8 string returned by shenhe (the redacted text): NUL-terminated, with a length.
///
/// Ownership: the caller owns it and frees it with `shenhe_string_free()`; the pointer from
/// `shenhe_string_ptr()` is valid until then. Thread safety: immutable; may be read from any
/// thread, freed once.
#[derive(Debug)]
pub struct shenhe_string {
    pub(crate) buf: CStrBuf,
}

/// The text of a `shenhe_string`: NUL-terminated UTF-8, borrowed from it (valid until
/// `shenhe_string_free()`). NULL when `string` is NULL.
///
/// # Safety
/// `string` is NULL or a live `shenhe_string` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_string_ptr(string: *const shenhe_string) -> *const c_char {
    ffi_boundary! {
        default = std::ptr::null();
        match try_ref!(string) {
            Ok(s) => s.buf.ptr(),
            Err(_) => std::ptr::null(),
        }
    }
}

/// The length of a `shenhe_string` in bytes, without the final NUL; 0 when `string` is NULL.
///
/// # Safety
/// `string` is NULL or a live `shenhe_string` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_string_len(string: *const shenhe_string) -> usize {
    ffi_boundary! {
        default = 0;
        match try_ref!(string) {
            Ok(s) => s.buf.len(),
            Err(_) => 0,
        }
    }
}

/// Frees a `shenhe_string`. NULL is allowed and does nothing.
///
/// # Safety
/// `string` is NULL or a `shenhe_string` from this library that has not been freed; it is not
/// used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_string_free(string: *mut shenhe_string) {
    ffi_boundary! { default = (); free_box!(string) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_terminated_with_length() {
        let s = CStrBuf::new("赌\0博");
        assert_eq!(s.len(), 7);
        assert_eq!(s.as_str(), "赌\0博");
        assert_eq!(s.0.len(), s.len() + 1);
        assert_eq!(s.0.last(), Some(&0));
        assert_eq!(s.ptr(), s.0.as_ptr().cast());
        assert_eq!(CStrBuf::new("").len(), 0);
    }
}
