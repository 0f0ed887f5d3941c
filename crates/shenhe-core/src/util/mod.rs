//! Shared plumbing.
//!
//! - `error`: the error types of each phase (re-exported at the crate root).
pub(crate) mod error;
