//! Attribution (SPEC §6): reproduced content must carry a source; unknown sources are unverified; registered originals.
