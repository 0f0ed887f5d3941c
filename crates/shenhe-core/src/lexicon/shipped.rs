//! The lexicons shipped with shenhe, compiled in. A test checks this list against `lexicons/`.

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        /// (file name, contents) of every shipped lexicon, in load order.
        pub(crate) static FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../../lexicons/", $name))),)*
        ];
    };
}

shipped! {
    "sets.txt",
    "contexts.txt",
    "commercial_ad.txt",
    "crime_instigation.txt",
    "emotional_opinion.txt",
    "gambling.txt",
    "insult_defamation.txt",
    "needs_signoff.txt",
    "porn.txt",
    "rumor.txt",
    "state_secret.txt",
    "unauthorized_disclosure.txt",
    "unverified.txt",
    "violence_terror.txt",
    "vulgar.txt",
}
