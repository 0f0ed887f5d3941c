//! Result codes, the thread's last error message, and the version string.

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};

/// What a fallible call did. `SHENHE_RESULT_OK` is 0; every other code is a failure, after which
/// nothing was written to any out-parameter and `shenhe_last_error_message()` tells what went
/// wrong. Codes are stable: new ones may be added, none renumbered.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum shenhe_result {
    /// Success.
    Ok = 0,
    /// A required pointer parameter was NULL.
    NullParameter = 1,
    /// Text (a post, a path, a lexicon, a policy, a model, an id) was not valid UTF-8.
    InvalidUtf8 = 2,
    /// A parameter had a value the function does not accept (an unknown account type, an
    /// impossible array length).
    InvalidArgument = 3,
    /// An index was not below the number of items (`shenhe_verdict_hits_len()` and the like).
    OutOfRange = 4,
    /// A lexicon could not be read or is malformed; the message names file, line and problem.
    LexiconError = 5,
    /// A policy file could not be read or is malformed; the message names file and line.
    PolicyError = 6,
    /// The engine could not be compiled from its lexicons (too many patterns).
    BuildError = 7,
    /// The post is longer than the engine's limit (`shenhe_engine_max_post_bytes()`).
    PostTooLong = 8,
    /// The engine could not screen the post for another reason.
    ScreenError = 9,
    /// shenhe panicked: a bug. The call had no effect; a builder it was given should be freed.
    Panic = 10,
    /// A saved engine could not be read or loaded: not a saved engine, saved by another format
    /// version, truncated or damaged; the message says which (and names the file, when loading
    /// one).
    LoadError = 11,
    /// A model file could not be read or is not a valid model; the message names the file and
    /// the line ("model.txt:3: ...").
    ModelError = 12,
}

impl shenhe_result {
    fn description(self) -> &'static CStr {
        match self {
            shenhe_result::Ok => c"success",
            shenhe_result::NullParameter => c"a required pointer parameter was NULL",
            shenhe_result::InvalidUtf8 => c"text was not valid UTF-8",
            shenhe_result::InvalidArgument => c"a parameter had a value that is not accepted",
            shenhe_result::OutOfRange => c"an index was out of range",
            shenhe_result::LexiconError => c"a lexicon could not be read or is malformed",
            shenhe_result::PolicyError => c"a policy file could not be read or is malformed",
            shenhe_result::BuildError => c"the engine could not be compiled",
            shenhe_result::PostTooLong => c"the post is longer than the engine's limit",
            shenhe_result::ScreenError => c"the post could not be screened",
            shenhe_result::Panic => c"internal error: shenhe panicked",
            shenhe_result::LoadError => c"a saved engine could not be loaded",
            shenhe_result::ModelError => c"a model could not be read or is malformed",
        }
    }

    const ALL: [shenhe_result; 13] = [
        shenhe_result::Ok,
        shenhe_result::NullParameter,
        shenhe_result::InvalidUtf8,
        shenhe_result::InvalidArgument,
        shenhe_result::OutOfRange,
        shenhe_result::LexiconError,
        shenhe_result::PolicyError,
        shenhe_result::BuildError,
        shenhe_result::PostTooLong,
        shenhe_result::ScreenError,
        shenhe_result::Panic,
        shenhe_result::LoadError,
        shenhe_result::ModelError,
    ];
}

/// A failure inside an entry point: its code and message.
#[derive(Debug)]
pub(crate) struct Error {
    code: shenhe_result,
    message: String,
}

impl Error {
    pub(crate) fn new(code: shenhe_result, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn null(name: &str) -> Error {
        Error::new(shenhe_result::NullParameter, format!("{name} is NULL"))
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(shenhe_result::InvalidArgument, message)
    }

    pub(crate) fn invalid_utf8(name: &str, e: &std::str::Utf8Error) -> Error {
        Error::new(
            shenhe_result::InvalidUtf8,
            format!(
                "{name} is not valid UTF-8: invalid byte {} (0-based)",
                e.valid_up_to()
            ),
        )
    }

    /// The same error, its message prefixed (e.g. with the index of a post in a batch).
    pub(crate) fn prefixed(self, prefix: &str) -> Error {
        Error {
            code: self.code,
            message: format!("{prefix}{}", self.message),
        }
    }

    pub(crate) fn code(&self) -> shenhe_result {
        self.code
    }

    /// Records the message as the thread's last error and returns the code.
    pub(crate) fn report(self) -> shenhe_result {
        set_last_error(&self.message);
        self.code
    }
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Sets the calling thread's last error message. NUL bytes (from user text quoted in a lexicon
/// error, say) are written as `\0`.
pub(crate) fn set_last_error(message: &str) {
    let c = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    LAST_ERROR.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = c;
        }
    });
}

/// The calling thread's last error message (for the tests).
#[cfg(test)]
pub(crate) fn last_error() -> String {
    LAST_ERROR.with(|cell| cell.borrow().to_string_lossy().into_owned())
}

/// The message of the most recent failed call on the calling thread, NUL-terminated UTF-8; ""
/// when no call on this thread has failed yet.
///
/// The message is specific ("lexicons/mine.txt:3: unknown category \"gamble\" ..."), where
/// `shenhe_result_message()` only describes the code. Successful calls do not clear it: read it
/// right after a call returned something other than `SHENHE_RESULT_OK`.
///
/// The string belongs to the library and stays valid until the next failing call on the same
/// thread. Never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn shenhe_last_error_message() -> *const c_char {
    ffi_boundary! {
        default = c"internal error: shenhe panicked".as_ptr();
        // The CString lives in the thread-local until it is replaced, which only a failing call
        // on this thread does; its heap buffer does not move when the cell is borrowed.
        LAST_ERROR.with(|cell| match cell.try_borrow() {
            Ok(s) => s.as_ptr(),
            Err(_) => c"".as_ptr(),
        })
    }
}

/// A fixed, static description of a result code (NUL-terminated, never freed, never NULL).
/// Takes the code as an integer so that any value is safe to pass: unknown codes give
/// "unknown result code".
#[unsafe(no_mangle)]
pub extern "C" fn shenhe_result_message(code: u32) -> *const c_char {
    ffi_boundary! {
        default = UNKNOWN_CODE.as_ptr();
        shenhe_result::ALL
            .iter()
            .find(|r| **r as u32 == code)
            .map_or(UNKNOWN_CODE, |r| r.description())
            .as_ptr()
    }
}

static UNKNOWN_CODE: &CStr = c"unknown result code";

static VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };

/// The library's version, e.g. "0.1.0" (static, NUL-terminated).
#[unsafe(no_mangle)]
pub extern "C" fn shenhe_version() -> *const c_char {
    ffi_boundary! { default = VERSION.as_ptr(); VERSION.as_ptr() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_description() {
        let mut seen = std::collections::HashSet::new();
        for (i, r) in shenhe_result::ALL.iter().enumerate() {
            assert_eq!(*r as u32, i as u32, "codes are dense from 0");
            assert_eq!(shenhe_result_message(*r as u32), r.description().as_ptr());
            assert!(seen.insert(r.description()), "{r:?}");
        }
        assert_eq!(shenhe_result_message(9999), UNKNOWN_CODE.as_ptr());
    }

    #[test]
    fn last_error_is_per_thread_and_escapes_nul() {
        set_last_error("here\0there");
        assert_eq!(last_error(), "here\\0there");
        let p = shenhe_last_error_message();
        assert_eq!(p, LAST_ERROR.with(|c| c.borrow().as_ptr()));
        std::thread::spawn(|| assert_eq!(last_error(), ""))
            .join()
            .unwrap();
    }

    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(VERSION.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(shenhe_version(), VERSION.as_ptr());
    }
}
