//! The lexicons shipped with shenhe, compiled in. A test checks this list against `lexicons/`.

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        /// (file name, contents) of every shipped lexicon, in load order.
        pub(crate) static FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../../lexicons/", $name))),)*
        ];
    };
}

// "emoji.txt" in the same folder is not a lexicon but the emoji table of normalization
// (`normalize/emoji.rs` compiles it in); `add_dir` skips a file of that name.
shipped! {
    "sets.txt",
    "contexts.txt",
    "commercial_ad.txt",
    "constitution.txt",
    "crime_instigation.txt",
    "cult_superstition.txt",
    "emotional_opinion.txt",
    "ethnic_hatred.txt",
    "gambling.txt",
    "illegal_assembly.txt",
    "illegal_organization.txt",
    "insult_defamation.txt",
    "national_honor.txt",
    "needs_signoff.txt",
    "other_prohibited.txt",
    "porn.txt",
    "rumor.txt",
    "state_secret.txt",
    "state_security.txt",
    "unauthorized_disclosure.txt",
    "unverified.txt",
    "violence_terror.txt",
    "vulgar.txt",
}
