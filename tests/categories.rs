//! Every category of SPEC §3 against the shipped lexicons.
