//! Learned models (`shenhe train`'s output): loaded from a file or from memory, and given to an
//! engine, which then scores every post with it beside the lexicons (docs/contract.md §7).

use std::ffi::c_char;

use shenhe_core::{Model, ModelError};

use crate::engine::shenhe_engine;
use crate::error::{Error, shenhe_result};
use crate::string::CStrBuf;

/// A learned model: weighted character n-grams scoring harm and content categories, read from a
/// model file (`shenhe train -o MODEL`). An engine given one (`shenhe_engine_with_model()`,
/// `shenhe_engine_builder_set_model()`) adds a hit with term `model:<category>` and a score
/// (`shenhe_verdict_hit_score()`) for each category whose score reaches its threshold; such a
/// hit asks for review unless the policy's `model` lines say otherwise.
///
/// Ownership: made by `shenhe_model_load_file()` or `shenhe_model_parse()`, owned by the
/// caller, freed with `shenhe_model_free()`. Engines given the model share it: they do not
/// borrow the handle, which may be freed at once.
///
/// Thread safety: immutable; share one `const shenhe_model *` between any number of threads.
#[derive(Debug)]
pub struct shenhe_model {
    pub(crate) model: Model,
    /// The class ids (`harm` or a category id), NUL-terminated for C.
    classes: Vec<CStrBuf>,
}

impl shenhe_model {
    fn new(model: Model) -> Box<shenhe_model> {
        Box::new(shenhe_model {
            classes: model
                .classes()
                .iter()
                .map(|c| CStrBuf::new(c.target().id()))
                .collect(),
            model,
        })
    }
}

fn model_error(e: &ModelError) -> Error {
    Error::new(shenhe_result::ModelError, e.to_string())
}

/// Reads the model file at `path` (UTF-8, `path_len` bytes, not NUL-terminated) and writes the
/// model to `*model_out`; the caller frees it with `shenhe_model_free()`.
///
/// Errors: `SHENHE_RESULT_NULL_PARAMETER`, `SHENHE_RESULT_INVALID_UTF8` (path);
/// `SHENHE_RESULT_MODEL_ERROR` when the file cannot be read ("PATH: cannot read: ...") or is not
/// a valid model: the message names the file and the line ("PATH:LINE: ...": a wrong first line
/// or version, a malformed field, an unknown class, a missing or wrong checksum).
///
/// # Safety
/// `path` points to `path_len` readable bytes; `model_out` to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_model_load_file(
    path: *const u8,
    path_len: usize,
    model_out: *mut *mut shenhe_model,
) -> shenhe_result {
    ffi_boundary! {
        let path = try_str!(path, path_len)?;
        let out = try_out!(model_out)?;
        let model = Model::from_path(path).map_err(|e| model_error(&e))?;
        out.write(Box::into_raw(shenhe_model::new(model)));
        Ok(())
    }
}

/// Parses the text of a model file held in memory (`text`, `text_len` bytes of UTF-8, checksum
/// line included); `name` (UTF-8, `name_len` bytes) names the source in error messages
/// ("NAME:LINE: ..."). As `shenhe_model_load_file()` otherwise.
///
/// # Safety
/// `name` and `text` point to `name_len` and `text_len` readable bytes; `model_out` to writable
/// memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_model_parse(
    name: *const u8,
    name_len: usize,
    text: *const u8,
    text_len: usize,
    model_out: *mut *mut shenhe_model,
) -> shenhe_result {
    ffi_boundary! {
        let name = try_str!(name, name_len)?;
        let text = try_str!(text, text_len)?;
        let out = try_out!(model_out)?;
        let model = Model::parse(name, text).map_err(|e| model_error(&e))?;
        out.write(Box::into_raw(shenhe_model::new(model)));
        Ok(())
    }
}

/// Frees a model. Engines given it keep their own share. NULL is allowed and does nothing.
///
/// # Safety
/// `model` is NULL or a model from this library that has not been freed, that no call is using
/// any more and that is not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_model_free(model: *mut shenhe_model) {
    ffi_boundary! { default = (); free_box!(model) }
}

/// The number of weighted n-grams of the model; 0 when `model` is NULL.
///
/// # Safety
/// `model` is NULL or a live model.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_model_len(model: *const shenhe_model) -> usize {
    ffi_boundary! {
        default = 0;
        try_ref!(model).map_or(0, |m| m.model.len())
    }
}

/// The number of classes of the model (what it scores: `harm`, content categories); 0 when
/// `model` is NULL.
///
/// # Safety
/// `model` is NULL or a live model.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_model_classes_len(model: *const shenhe_model) -> usize {
    ffi_boundary! {
        default = 0;
        try_ref!(model).map_or(0, |m| m.classes.len())
    }
}

/// The id of class `index` (below `shenhe_model_classes_len()`), in file order: `harm` or a
/// category id (e.g. "gambling"). Writes a NUL-terminated string borrowed from the model to
/// `*id_out` and its length to `*len_out` (optional, may be NULL). `SHENHE_RESULT_OUT_OF_RANGE`
/// for a bad index.
///
/// # Safety
/// `model` is a live model; `id_out` points to one writable pointer; `len_out` is NULL or
/// points to one writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_model_class(
    model: *const shenhe_model,
    index: usize,
    id_out: *mut *const c_char,
    len_out: *mut usize,
) -> shenhe_result {
    ffi_boundary! {
        let m = try_ref!(model)?;
        let (out, len_out) = (try_out!(id_out)?, try_out_opt!(len_out)?);
        let id = m.classes.get(index).ok_or_else(|| {
            Error::new(
                shenhe_result::OutOfRange,
                format!(
                    "class index {index} is out of range (the model has {})",
                    m.classes.len()
                ),
            )
        })?;
        id.put(out, len_out);
        Ok(())
    }
}

/// Writes to `*engine_out` a new engine that is `engine` scoring with `model` too (replacing
/// any model it had); `model` is optional: NULL gives the engine without a model. The compiled
/// lexicons are shared, not copied, so this is cheap, and works on a loaded engine as well as a
/// built one. `engine` is unchanged; the caller frees both handles with `shenhe_engine_free()`.
/// The new engine's `shenhe_engine_save()` bytes carry the model.
///
/// # Safety
/// `engine` is a live engine; `model` is NULL or a live model; `engine_out` points to writable
/// memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_with_model(
    engine: *const shenhe_engine,
    model: *const shenhe_model,
    engine_out: *mut *mut shenhe_engine,
) -> shenhe_result {
    ffi_boundary! {
        let engine = &try_ref!(engine)?.engine;
        let model = if model.is_null() {
            None
        } else {
            Some(try_ref!(model)?.model.clone())
        };
        let out = try_out!(engine_out)?;
        let engine = engine.with_model(model);
        out.write(Box::into_raw(Box::new(shenhe_engine { engine })));
        Ok(())
    }
}

/// True when the engine scores with a model (given to it, or loaded with a saved engine that
/// had one); false when `engine` is NULL.
///
/// # Safety
/// `engine` is NULL or a live engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shenhe_engine_has_model(engine: *const shenhe_engine) -> bool {
    ffi_boundary! {
        default = false;
        try_ref!(engine).is_ok_and(|e| e.engine.model().is_some())
    }
}
