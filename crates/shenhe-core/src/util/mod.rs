//! Shared plumbing.
//!
//! - `error`: the error types of each phase (re-exported at the crate root);
//! - `lines`: the capped line reader every data file goes through.
pub(crate) mod error;
pub(crate) mod lines;
