//! Ads and contacts, secret markings, sign-off topics on each account type, format notes.
