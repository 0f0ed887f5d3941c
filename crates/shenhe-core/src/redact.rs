//! Masking personal information, with or without an engine.

use std::cell::RefCell;
use std::sync::LazyLock;

use crate::detect::pii::PiiDetector;
use crate::engine::Config;
use crate::normalize::Normalized;
use crate::util::error::{ScreenError, ScreenErrorKind};

/// The personal-information rules as compiled once per process.
static PII: LazyLock<PiiDetector> = LazyLock::new(PiiDetector::new);

thread_local! {
    /// Per-thread working memory of [`Redactor::redact`], reused between texts.
    static NORM: RefCell<Normalized> = RefCell::new(Normalized::new());
}

/// Masks personal information in text without a lexicon: what
/// [`Engine::redact`](crate::Engine::redact) does, for a service that only de-identifies posts
/// (no lexicon is read or compiled, only the `personal_info` rules).
///
/// Only digits are replaced, one `*` for each: mobile numbers keep their first 3 and last 4
/// digits, 18-digit ID numbers their first 6 and last 4 (15-digit ones: 6 and 3), bank cards
/// their last 4, e-mail addresses their first character and domain. Redacting again changes
/// nothing. Cheap to clone and `Send + Sync`.
///
/// # Example
/// ```
/// use shenhe::{Config, Redactor};
/// let redactor = Redactor::new();
/// assert_eq!(
///     redactor.redact("手机 138-1234-5678,邮箱zhang.li@example.com")?,
///     "手机 138-****-5678,邮箱z***@example.com",
/// );
/// // The post limit and the pinned day of a Config apply as they do to an engine.
/// let small = Redactor::with_config(&Config::new().max_post_bytes(8));
/// assert!(small.redact("手机 138-1234-5678").is_err());
/// # Ok::<(), shenhe::ScreenError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Redactor {
    pii: PiiDetector,
    max_post_bytes: usize,
}

impl Default for Redactor {
    fn default() -> Redactor {
        Redactor::new()
    }
}

impl Redactor {
    /// A redactor with the default [`Config`]: posts up to 4 MiB, ID numbers checked against
    /// the current day.
    pub fn new() -> Redactor {
        Redactor::with_config(&Config::new())
    }

    /// A redactor with `config`'s post limit ([`Config::max_post_bytes`]) and pinned day
    /// ([`Config::today`]); its other settings concern screening only.
    pub fn with_config(config: &Config) -> Redactor {
        let mut pii = PII.clone();
        pii.today = config.today_yyyymmdd();
        Redactor {
            pii,
            max_post_bytes: config.get_max_post_bytes(),
        }
    }

    /// `text` with its personal information masked.
    ///
    /// # Errors
    /// The text is longer than the post limit.
    pub fn redact(&self, text: &str) -> Result<String, ScreenError> {
        redact(&self.pii, self.max_post_bytes, text)
    }
}

/// `text` redacted by `pii`, refused when longer than `max` bytes: the one path of
/// [`Redactor::redact`] and [`Engine::redact`](crate::Engine::redact).
pub(crate) fn redact(pii: &PiiDetector, max: usize, text: &str) -> Result<String, ScreenError> {
    if text.len() > max {
        return Err(ScreenError::new(ScreenErrorKind::TooLong {
            len: text.len(),
            max,
        }));
    }
    Ok(NORM.with(|cell| match cell.try_borrow_mut() {
        Ok(mut norm) => {
            let redacted = pii.redact(text, &mut norm);
            if text.len() > crate::normalize::LONG_POST {
                norm.release();
            }
            redacted
        }
        // Only reachable if redacting re-entered itself on this thread; use fresh memory.
        Err(_) => pii.redact(text, &mut Normalized::new()),
    }))
}
