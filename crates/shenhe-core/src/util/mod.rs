//! Shared plumbing.
//!
//! - `error`: the error types of each phase (re-exported at the crate root);
//! - `lines`: the capped line reader every data file goes through;
//! - `data_files!`: data files of `lexicons/` compiled in.
pub(crate) mod error;
pub(crate) mod lines;

/// `static FILES: &[(&str, &str)]`, the (file name, contents) of the named files of a folder of
/// `lexicons/` (the folder's path from the invoking source file, ending in `/`), compiled in:
/// the shipped lexicons, the detectors' vocabularies. Each list is checked against its folder by
/// `tests/lexicon.rs`, which counts the names in the invoking file.
macro_rules! data_files {
    ($folder:literal; $($name:literal),* $(,)?) => {
        pub(crate) static FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!($folder, $name))),)*
        ];
    };
}
pub(crate) use data_files;
