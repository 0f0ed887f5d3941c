/*!
The JNI library behind the Java binding of shenhe (`bindings/java`, package `cn.shenhe`).

`bindings/java/build.sh` builds this crate as `libshenhe_jni.so` and puts it inside
`shenhe.jar`, which loads it on first use. Java calls the static native methods of
`cn.shenhe.Native`; `cn.shenhe.Engine` is the public API over them.

# How it is built

- **Engines are ids, not pointers.** The library keeps the engines Java opened in a table
  ([`registry`]); Java holds a `long` id. A closed (or never opened) id throws
  `IllegalStateException`, and a screen in flight holds its own reference to the engine, so a
  close on another thread never frees memory under it. One engine serves every Java thread.
- **Verdicts are Java objects built here** (`cn.shenhe.Verdict`, `cn.shenhe.Hit`), by JNI
  constructor calls, not parsed from JSON: [`convert::verdict`] is the one place that does it.
- **Nothing unwinds into the JVM.** Every native method runs inside jni's `catch_unwind`
  wrapper; errors and panics go through [`error::ThrowShenhe`], which throws
  `cn.shenhe.ConfigException` (building: file and line), `cn.shenhe.ScreenException`
  (screening), `IllegalStateException` (closed engine) or `cn.shenhe.ShenheException`.
- **Strings are converted strictly**: a Java string with an unpaired surrogate is refused with
  its index ([`text`]), never replaced with U+FFFD.
- **Batches run in parallel** on rayon's pool ([`Engine::screen_batch`]), results in input order.
*/

// The generated JNI exports are `#[unsafe(no_mangle)]` functions; this crate writes no unsafe
// block of its own.
#![allow(unsafe_code)]
// A JNI function has a parameter per Java parameter (the Hit constructor has twelve).
#![allow(clippy::too_many_arguments)]
#![warn(missing_docs)]

pub mod convert;
pub mod error;
pub mod registry;
pub mod text;

use std::path::Path;

use jni::objects::{JByteArray, JClass, JObjectArray, JString};
use jni::sys::{jboolean, jint, jlong};
use jni::{Env, bind_java_type};
use shenhe_core::{
    BuildError, Config, Engine, Input, LexiconBuilder, LexiconError, Policy, References,
};

use crate::error::Failure;

bind_java_type! {
    /// `cn.shenhe.Hit`, built by [`convert::verdict`].
    pub JHit => cn.shenhe.Hit,
    constructors {
        /// The package-private constructor that takes the action as an ordinal.
        fn new(category: JString, action: jint, clause: JString, term: JString, matched: JString,
            start: jint, end: jint, char_start: jint, char_end: jint, utf16_start: jint,
            utf16_end: jint, reason: JString),
    },
}

bind_java_type! {
    /// `cn.shenhe.Verdict`, built by [`convert::verdict`].
    pub JVerdict => cn.shenhe.Verdict,
    type_map = {
        JHit => cn.shenhe.Hit,
    },
    constructors {
        /// The package-private constructor: decision and account as ordinals, the JSON line.
        fn new(id: JString, decision: jint, account: jint, categories: JString[], score: jdouble,
            risk: jint, label: JString, hits: JHit[], hits_omitted: jlong, json: JString),
    },
}

bind_java_type! {
    /// `cn.shenhe.ConfigException`, thrown by [`error::ThrowShenhe`].
    pub ConfigException => cn.shenhe.ConfigException,
    is_instance_of = {
        jni::objects::JThrowable,
    },
    constructors {
        /// The message, the file it is about (empty for none) and the line (0 for none).
        fn new(message: JString, source: JString, line: jint),
    },
}

bind_java_type! {
    /// `cn.shenhe.Native`: the static native methods that `cn.shenhe.Engine` calls.
    pub JNative => cn.shenhe.Native,
    type_map = {
        JVerdict => cn.shenhe.Verdict,
    },
    native_methods_error_policy = crate::error::ThrowShenhe,
    native_methods {
        static extern fn build(lexicons: JString[], shipped_lexicons: jboolean, policy: JString,
            references: JString[], saved_bytes: jbyte[], saved_path: JString,
            max_post_bytes: jlong, today: jint) -> jlong,
        static extern fn free(engine: jlong) -> jboolean,
        static extern fn screen(engine: jlong, text: JString, account: jint, id: JString) -> JVerdict,
        static extern fn screen_batch(engine: jlong, texts: JString[], account: jint) -> JVerdict[],
        static extern fn redact(engine: jlong, text: JString) -> JString,
        static extern fn save(engine: jlong) -> jbyte[],
        static extern fn save_to(engine: jlong, path: JString),
        static extern fn max_post_bytes(engine: jlong) -> jlong,
        static extern fn open_engines() -> jint,
        static extern fn version() -> JString,
        static extern fn preload_segmenter(),
        static extern fn panic_for_testing(message: JString),
    },
}

/// A Java string that may be `null` (an optional id or path).
fn optional_string(
    env: &Env<'_>,
    s: &JString<'_>,
    what: &str,
    fail: fn(String) -> Failure,
) -> Result<Option<String>, Failure> {
    if s.is_null() {
        Ok(None)
    } else {
        text::read(env, s, what, fail).map(Some)
    }
}

/// The strings of a Java `String[]`; a `null` element is an error naming its index.
fn strings(
    env: &mut Env<'_>,
    array: &JObjectArray<'_, JString<'_>>,
    what: &str,
    fail: fn(String) -> Failure,
) -> Result<Vec<String>, Failure> {
    let len = array.len(env)?;
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        let s = array.get_element(env, i)?;
        if s.is_null() {
            return Err(fail(format!("{what} {i} is null")));
        }
        out.push(text::read(env, &s, &format!("{what} {i}"), fail)?);
        env.delete_local_ref(s);
    }
    Ok(out)
}

fn config_failure(message: String) -> Failure {
    Failure::config(message)
}

fn screen_failure(message: String) -> Failure {
    Failure::Screen(message)
}

fn lexicon_failure(e: LexiconError) -> Failure {
    Failure::Config {
        message: e.to_string(),
        source: e.source_name().to_string(),
        line: e.line(),
    }
}

fn build_failure(e: BuildError) -> Failure {
    match e.lexicon_error() {
        Some(l) => lexicon_failure(l.clone()),
        None => Failure::config(e.to_string()),
    }
}

/// Refuses a post longer than the engine's limit, with the message of the C ABI.
fn check_len(engine: &Engine, text: &str) -> Result<(), Failure> {
    let max = engine.config().get_max_post_bytes();
    if text.len() > max {
        return Err(Failure::Screen(format!(
            "post of {} bytes exceeds the limit of {max} bytes",
            text.len()
        )));
    }
    Ok(())
}

/// What `Engine.Builder` collected, as Rust values.
#[derive(Debug, Default)]
pub struct Options {
    /// Lexicon directories or files, added in order.
    pub lexicons: Vec<String>,
    /// Start from the shipped lexicons.
    pub shipped_lexicons: bool,
    /// A policy file.
    pub policy: Option<String>,
    /// JSONL files of registered originals.
    pub references: Vec<String>,
    /// A saved engine's bytes, or the file holding them.
    pub saved: Option<Saved>,
    /// The limit on one post, in bytes.
    pub max_post_bytes: Option<usize>,
    /// The day ID numbers are checked as of, `yyyymmdd` (`Config::today`); the current day when
    /// `None`.
    pub today: Option<u32>,
}

/// A saved engine, from memory or from a file.
#[derive(Debug)]
pub enum Saved {
    /// The bytes of [`Engine::save`].
    Bytes(Vec<u8>),
    /// A file holding them.
    File(String),
}

/// Builds the engine `options` describe, as the CLI does (`shenhe-cli/src/setup.rs`): shipped
/// lexicons unless left out, then each lexicon path (a directory of `.txt` files, or one file),
/// the policy, the references; or a saved engine with references attached.
pub fn build_engine(options: Options) -> Result<Engine, Failure> {
    let references = if options.references.is_empty() {
        None
    } else {
        let mut refs = References::builder();
        for path in &options.references {
            refs.add_file(path).map_err(|e| Failure::Config {
                message: e.to_string(),
                source: e.source_name().to_string(),
                line: e.line(),
            })?;
        }
        Some(refs.build())
    };
    if let Some(saved) = options.saved {
        let (bytes, name) = match saved {
            Saved::Bytes(b) => (b, String::new()),
            Saved::File(path) => {
                let bytes = std::fs::read(&path).map_err(|e| Failure::Config {
                    message: format!("{path}: cannot read: {e}"),
                    source: path.clone(),
                    line: None,
                })?;
                (bytes, path)
            }
        };
        let engine = Engine::load(&bytes).map_err(|e| Failure::Config {
            message: if name.is_empty() {
                format!("saved engine: {e}")
            } else {
                format!("{name}: {e}")
            },
            source: name,
            line: None,
        })?;
        return Ok(match references {
            Some(r) => engine.with_references(r),
            None => engine,
        });
    }
    let mut lexicon = LexiconBuilder::default();
    if options.shipped_lexicons {
        lexicon.add_shipped().map_err(lexicon_failure)?;
    }
    for path in &options.lexicons {
        if Path::new(path).is_dir() {
            lexicon.add_dir(path).map_err(lexicon_failure)?;
        } else {
            lexicon.add_file(path).map_err(lexicon_failure)?;
        }
    }
    let mut builder = Engine::builder().lexicon(lexicon.build().map_err(lexicon_failure)?);
    if let Some(path) = &options.policy {
        builder = builder.policy(Policy::from_file(path).map_err(|e| Failure::Config {
            message: e.to_string(),
            source: e.source_name().to_string(),
            line: e.line(),
        })?);
    }
    if let Some(refs) = references {
        builder = builder.references(refs);
    }
    let mut config = Config::new();
    if let Some(max) = options.max_post_bytes {
        config = config.max_post_bytes(max);
    }
    if let Some(day) = options.today {
        let (y, m, d) = (day / 10000, day / 100 % 100, day % 100);
        config = config.try_today(y, m, d).ok_or_else(|| Failure::Config {
            message: format!(
                "today {y:04}-{m:02}-{d:02} is not a day from 1900-01-01 to 9999-12-31"
            ),
            source: String::new(),
            line: None,
        })?;
    }
    builder.config(config).build().map_err(build_failure)
}

impl JNativeNativeInterface for JNativeAPI {
    type Error = Failure;

    fn build<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        lexicons: JObjectArray<'local, JString<'local>>,
        shipped_lexicons: jboolean,
        policy: JString<'local>,
        references: JObjectArray<'local, JString<'local>>,
        saved_bytes: JByteArray<'local>,
        saved_path: JString<'local>,
        max_post_bytes: jlong,
        today: jint,
    ) -> Result<jlong, Failure> {
        let saved = if !saved_bytes.is_null() {
            Some(Saved::Bytes(env.convert_byte_array(&saved_bytes)?))
        } else {
            optional_string(env, &saved_path, "saved engine path", config_failure)?.map(Saved::File)
        };
        let options = Options {
            lexicons: strings(env, &lexicons, "lexicon path", config_failure)?,
            shipped_lexicons,
            policy: optional_string(env, &policy, "policy path", config_failure)?,
            references: strings(env, &references, "references path", config_failure)?,
            saved,
            // Java passes -1 for "the default" (both).
            max_post_bytes: usize::try_from(max_post_bytes).ok(),
            today: u32::try_from(today).ok(),
        };
        Ok(registry::insert(build_engine(options)?))
    }

    fn free<'local>(
        _env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
    ) -> Result<jboolean, Failure> {
        Ok(registry::remove(engine))
    }

    fn screen<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
        text: JString<'local>,
        account: jint,
        id: JString<'local>,
    ) -> Result<JVerdict<'local>, Failure> {
        let engine = registry::get(engine)?;
        let account = convert::account_from_ordinal(account)?;
        let text = text::read(env, &text, "text", screen_failure)?;
        let id = optional_string(env, &id, "id", screen_failure)?;
        check_len(&engine, &text)?;
        let mut input = Input::new(&text).account(account);
        if let Some(id) = &id {
            input = input.id(id);
        }
        let verdict = engine
            .screen(input)
            .map_err(|e| Failure::Screen(e.to_string()))?;
        convert::verdict(env, &text, &verdict)
    }

    fn screen_batch<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
        texts: JObjectArray<'local, JString<'local>>,
        account: jint,
    ) -> Result<JObjectArray<'local, JVerdict<'local>>, Failure> {
        let engine = registry::get(engine)?;
        let account = convert::account_from_ordinal(account)?;
        let texts = strings(env, &texts, "post", screen_failure)?;
        for (i, text) in texts.iter().enumerate() {
            check_len(&engine, text).map_err(|e| Failure::Screen(format!("post {i}: {e}")))?;
        }
        let inputs: Vec<Input<'_>> = texts
            .iter()
            .map(|t| Input::new(t).account(account))
            .collect();
        let verdicts = engine.screen_batch(&inputs);
        let out = JObjectArray::<JVerdict>::new(env, verdicts.len(), JVerdict::null())?;
        for (i, (verdict, text)) in verdicts.into_iter().zip(&texts).enumerate() {
            let verdict = verdict.map_err(|e| Failure::Screen(format!("post {i}: {e}")))?;
            let v = env.with_local_frame_returning_local::<_, JVerdict, Failure>(16, |env| {
                convert::verdict(env, text, &verdict)
            })?;
            out.set_element(env, i, &v)?;
            env.delete_local_ref(v);
        }
        Ok(out)
    }

    fn redact<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
        text: JString<'local>,
    ) -> Result<JString<'local>, Failure> {
        let engine = registry::get(engine)?;
        let text = text::read(env, &text, "text", screen_failure)?;
        check_len(&engine, &text)?;
        let redacted = engine
            .redact(&text)
            .map_err(|e| Failure::Screen(e.to_string()))?;
        Ok(JString::from_str(env, redacted)?)
    }

    fn save<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
    ) -> Result<JByteArray<'local>, Failure> {
        let engine = registry::get(engine)?;
        Ok(env.byte_array_from_slice(&engine.save())?)
    }

    fn save_to<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
        path: JString<'local>,
    ) -> Result<(), Failure> {
        let engine = registry::get(engine)?;
        let path = text::read(env, &path, "path", config_failure)?;
        std::fs::write(&path, engine.save()).map_err(|e| Failure::Config {
            message: format!("{path}: cannot write: {e}"),
            source: path.clone(),
            line: None,
        })
    }

    fn max_post_bytes<'local>(
        _env: &mut Env<'local>,
        _class: JClass<'local>,
        engine: jlong,
    ) -> Result<jlong, Failure> {
        let engine = registry::get(engine)?;
        // At most MAX_POST_BYTES_LIMIT (1 GiB).
        Ok(engine.config().get_max_post_bytes() as jlong)
    }

    fn open_engines<'local>(
        _env: &mut Env<'local>,
        _class: JClass<'local>,
    ) -> Result<jint, Failure> {
        Ok(jint::try_from(registry::len()).unwrap_or(jint::MAX))
    }

    /// Loads the word segmenter's dictionary ([`shenhe_core::preload_segmenter`]).
    fn preload_segmenter<'local>(
        _env: &mut Env<'local>,
        _class: JClass<'local>,
    ) -> Result<(), Failure> {
        shenhe_core::preload_segmenter();
        Ok(())
    }

    /// Panics, for the test that a panic reaches Java as a `ShenheException`
    /// (`bindings/java/test/cn/shenhe/BoundaryTest.java`); package-private in Java.
    fn panic_for_testing<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
        message: JString<'local>,
    ) -> Result<(), Failure> {
        let message = text::read(env, &message, "message", screen_failure)?;
        panic!("{message}");
    }

    fn version<'local>(
        env: &mut Env<'local>,
        _class: JClass<'local>,
    ) -> Result<JString<'local>, Failure> {
        Ok(JString::from_str(env, env!("CARGO_PKG_VERSION"))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn testdata() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bindings/testdata")
    }

    fn options() -> Options {
        Options {
            lexicons: vec![testdata().join("lexicon").display().to_string()],
            policy: Some(testdata().join("policy.txt").display().to_string()),
            ..Options::default()
        }
    }

    #[test]
    fn builds_what_the_bindings_tests_build() {
        let engine = build_engine(options()).unwrap();
        let v = engine.screen("网络赌场").unwrap();
        assert_eq!(v.categories.len(), 1);
        // A saved engine comes back with the same verdicts.
        let saved = build_engine(Options {
            saved: Some(Saved::Bytes(engine.save())),
            ..Options::default()
        })
        .unwrap();
        assert_eq!(saved.screen("网络赌场").unwrap(), v);
    }

    #[test]
    fn errors_name_their_file_and_line() {
        let dir = std::env::temp_dir().join(format!("shenhe-jni-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.txt");
        std::fs::write(&bad, "测试词\tvulgar\n网络赌场\tgamble\n").unwrap();
        let failure = build_engine(Options {
            lexicons: vec![dir.display().to_string()],
            ..Options::default()
        })
        .unwrap_err();
        let Failure::Config {
            message,
            source,
            line,
        } = failure
        else {
            panic!("not a config failure: {failure:?}");
        };
        assert!(message.starts_with(&format!("{}:2: unknown category", bad.display())));
        assert_eq!(source, bad.display().to_string());
        assert_eq!(line, Some(2));
        std::fs::remove_dir_all(&dir).unwrap();

        let failure = build_engine(Options {
            saved: Some(Saved::Bytes(b"not an engine".to_vec())),
            ..Options::default()
        })
        .unwrap_err();
        assert!(
            failure.to_string().starts_with("saved engine: "),
            "{failure}"
        );
        let failure = build_engine(Options {
            saved: Some(Saved::File("/nonexistent/e.bin".into())),
            ..Options::default()
        })
        .unwrap_err();
        assert!(
            failure
                .to_string()
                .starts_with("/nonexistent/e.bin: cannot read")
        );
    }

    #[test]
    fn id_numbers_are_checked_as_of_the_given_day() {
        // Born 2026-01-02.
        let ids = |today| {
            let engine = build_engine(Options {
                today: Some(today),
                ..options()
            })
            .unwrap();
            let v = engine.screen("身份证号110101202601021230").unwrap();
            v.hits.iter().filter(|h| &*h.term == "id_card").count()
        };
        assert_eq!(ids(20260102), 1);
        assert_eq!(ids(20251231), 0);
        let failure = build_engine(Options {
            today: Some(20250229),
            ..options()
        })
        .unwrap_err();
        assert!(failure.to_string().contains("2025-02-29"), "{failure}");
    }

    #[test]
    fn over_long_posts_get_the_c_abi_message() {
        let engine = build_engine(Options {
            max_post_bytes: Some(12),
            ..options()
        })
        .unwrap();
        assert!(check_len(&engine, "网络赌场").is_ok());
        assert_eq!(
            check_len(&engine, "网络赌场!").unwrap_err().to_string(),
            "post of 13 bytes exceeds the limit of 12 bytes"
        );
    }
}
