//! Source 7: Chinese characters that stand for a digit inside a number (hand-written).
//!
//! Phone numbers and prices get written out to dodge digit filters: 幺三八…, 壹叁捌…. The runtime
//! turns these into ASCII digits only inside a run of digits, so 一本万利 stays as it is.
//! Written here in their simplified forms; the generator checks that each is a fixed point of
//! the fold (貳 folds to 贰, 陸 to 陆 before the digit pass sees them) and is kept by CLASS.

/// (char, digit value).
pub(crate) const CJK_DIGITS: &[(char, u8)] = &[
    // 〇 (U+3007, ideographic number zero) and 零.
    ('〇', 0),
    ('零', 0),
    // The everyday numerals.
    ('一', 1),
    ('二', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
    // The financial (anti-forgery) numerals, simplified forms.
    ('壹', 1),
    ('贰', 2),
    ('叁', 3),
    ('肆', 4),
    ('伍', 5),
    ('陆', 6),
    ('柒', 7),
    ('捌', 8),
    ('玖', 9),
    // 幺 is how 1 is read out in phone numbers and room numbers (幺三八 = 138).
    ('幺', 1),
];
