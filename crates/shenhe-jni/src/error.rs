//! What can go wrong in a native call, and how it reaches Java: as a `ShenheException` subclass
//! with the engine's message, never as a panic across the JNI boundary.

use std::any::Any;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use jni::Env;
use jni::errors::ErrorPolicy;
use jni::objects::JString;

use crate::ConfigException;

/// The failure of one native call.
#[derive(Debug)]
pub enum Failure {
    /// Building an engine failed (`cn.shenhe.ConfigException`): the engine's message, the file
    /// or name it is about (empty when none) and its 1-based line (when it has one).
    Config {
        /// The engine's message, e.g. `mine.txt:1: unknown category "gamble" ...`.
        message: String,
        /// The file, or name of the data, the error is about.
        source: String,
        /// The line of that file.
        line: Option<usize>,
    },
    /// Screening or redacting a post failed (`cn.shenhe.ScreenException`).
    Screen(String),
    /// The engine was closed (`java.lang.IllegalStateException`).
    Closed,
    /// A JNI call failed; when it left a Java exception pending, that one is what Java sees.
    Jni(jni::errors::Error),
}

impl Failure {
    /// A configuration error without a file.
    pub fn config(message: impl Into<String>) -> Failure {
        Failure::Config {
            message: message.into(),
            source: String::new(),
            line: None,
        }
    }
}

impl From<jni::errors::Error> for Failure {
    fn from(e: jni::errors::Error) -> Failure {
        Failure::Jni(e)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Config { message, .. } | Failure::Screen(message) => f.write_str(message),
            Failure::Closed => f.write_str("the engine is closed"),
            Failure::Jni(e) => write!(f, "JNI call failed: {e}"),
        }
    }
}

impl std::error::Error for Failure {}

/// The error policy of every native method: a [`Failure`] becomes the matching Java exception,
/// a panic a `ShenheException` naming it as a bug; the return value is then `0`/`null`.
#[derive(Debug)]
pub struct ThrowShenhe;

impl<T: Default> ErrorPolicy<T, Failure> for ThrowShenhe {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = ();

    fn on_error<'local: 'native_method, 'native_method>(
        env: &mut Env<'local>,
        _captures: &mut (),
        failure: Failure,
    ) -> jni::errors::Result<T> {
        if env.exception_check() {
            // A JNI call already threw (an OutOfMemoryError, say): let Java see that one.
            return Ok(T::default());
        }
        // `throw` reports the pending exception as an `Err`: that is the point, not a failure.
        let _ = throw(env, &failure);
        Ok(T::default())
    }

    fn on_panic<'local: 'native_method, 'native_method>(
        env: &mut Env<'local>,
        _captures: &mut (),
        payload: Box<dyn Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        let message = panic_message(payload);
        if !env.exception_check() {
            let _ = env.throw_new(
                jni::jni_str!("cn/shenhe/ShenheException"),
                jni::strings::JNIString::new(format!(
                    "internal error in shenhe (a bug: please report it): {message}"
                )),
            );
        }
        Ok(T::default())
    }
}

fn throw(env: &mut Env<'_>, failure: &Failure) -> jni::errors::Result<()> {
    let message = jni::strings::JNIString::new(failure.to_string());
    match failure {
        Failure::Config { source, line, .. } => {
            let text = JString::from_str(env, failure.to_string())?;
            let source = JString::from_str(env, source)?;
            let line = line.and_then(|l| i32::try_from(l).ok()).unwrap_or(0);
            let exception = ConfigException::new(env, &text, &source, line)?;
            env.throw(jni::objects::JThrowable::from(exception))
        }
        Failure::Screen(_) => env.throw_new(jni::jni_str!("cn/shenhe/ScreenException"), message),
        Failure::Closed => env.throw_new(jni::jni_str!("java/lang/IllegalStateException"), message),
        Failure::Jni(_) => env.throw_new(jni::jni_str!("cn/shenhe/ShenheException"), message),
    }
}

/// The message of a panic, whatever its payload.
fn panic_message(payload: Box<dyn Any + Send + 'static>) -> String {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        return (*s).to_string();
    }
    if let Some(s) = payload.downcast_ref::<String>() {
        return s.clone();
    }
    // Dropping an unknown payload could itself panic: contain that too.
    if catch_unwind(AssertUnwindSafe(|| drop(payload))).is_err() {
        return "a panic whose payload panicked when dropped".to_string();
    }
    "a panic with a payload that is not a string".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages_are_kept_whatever_the_payload() {
        let payload = catch_unwind(|| panic!("index {} out of range", 7)).unwrap_err();
        assert_eq!(panic_message(payload), "index 7 out of range");
        let payload = catch_unwind(|| panic!("static")).unwrap_err();
        assert_eq!(panic_message(payload), "static");
        let payload = catch_unwind(|| std::panic::panic_any(42_u8)).unwrap_err();
        assert_eq!(
            panic_message(payload),
            "a panic with a payload that is not a string"
        );
    }

    #[test]
    fn failures_read_as_the_engine_wrote_them() {
        let f = Failure::Config {
            message: "mine.txt:3: unknown category \"gamble\"".into(),
            source: "mine.txt".into(),
            line: Some(3),
        };
        assert_eq!(f.to_string(), "mine.txt:3: unknown category \"gamble\"");
        assert_eq!(Failure::Closed.to_string(), "the engine is closed");
        assert_eq!(Failure::config("x").to_string(), "x");
    }
}
