//! The integration test binary: the Rust API as an embedder uses it.

mod util;

// The shape of the API: builders, inputs, verdicts, JSON.
mod api;
// Every category of contract §3 against the shipped lexicons: real hits and near misses.
mod categories;
// The evasions of contract §6, with offsets that slice the original text back to `matched`.
mod evasion;
// Batches equal one-by-one screening, in order, on any number of threads.
mod batch;
// Saved engines and hot reload.
mod reload;
// Lexicon loading from files and directories, with located errors.
mod lexicon;
// Personal information: ID numbers, bank cards, phones, e-mail; redaction.
mod pii;
// Attribution: reproduction cues, sources, registered originals.
mod attribution;
// Ads and contacts, secret markings, sign-off topics and account rules, format notes.
mod compliance;
// Generated posts: spans, batch == one by one, verdict == worst action, stable JSON.
mod properties;
// Post, term and lexicon limits; malformed lexicons and policies; pathological posts.
mod limits;
// Term patterns over sets, and=/order=, the homophone and emoji views (issue 11).
mod views;
// Inputs found by fuzzing (fuzz/), kept as regression tests.
mod regression;
// Learned models: training, scoring in the same pass, explanations, policy lines, saving.
mod model;
// Errors: `kind()` of every public error type.
mod errors;
// The challenge set and its cloaked copy (tests/data/README.md): shape, and the engine's rates.
mod challenge;
