//! The Python extension module `shenhe._shenhe`: the engine of `shenhe-core` behind a Python
//! class, built by maturin into the `shenhe` package (`bindings/python`).
//!
//! Verdicts become Python dicts directly (in `verdict_dict`), not through JSON. Screening
//! releases the GIL, so Python threads screen in parallel, and `screen_batch` runs on rayon's
//! pool (all cores) with the GIL released for the whole batch.

use std::path::PathBuf;

use pyo3::exceptions::{PyException, PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString};
use pyo3::{create_exception, intern};
use shenhe_core::{Account, Config, Input, Lexicon, Model, Policy, References, Verdict};

create_exception!(
    shenhe,
    ShenheError,
    PyException,
    "The base of every error the shenhe engine raises."
);
create_exception!(
    shenhe,
    DataError,
    ShenheError,
    "An error in data files: `source` names the file, `line` the 1-based line (or None)."
);
create_exception!(
    shenhe,
    LexiconError,
    DataError,
    "An error in a lexicon file or directory (see lexicons/README.md for the format)."
);
create_exception!(
    shenhe,
    PolicyError,
    DataError,
    "An error in a policy file (ACCOUNT CATEGORY ACTION a line)."
);
create_exception!(
    shenhe,
    ReferencesError,
    DataError,
    "An error in a JSONL file of registered originals."
);
create_exception!(
    shenhe,
    ModelError,
    DataError,
    "An error in a model file (`shenhe train`'s output): unreadable, damaged or malformed."
);
create_exception!(
    shenhe,
    BuildError,
    ShenheError,
    "The engine cannot be compiled (e.g. too many distinct patterns)."
);
create_exception!(
    shenhe,
    ScreenError,
    ShenheError,
    "A post cannot be screened (it is longer than the engine's max_post_bytes)."
);
create_exception!(
    shenhe,
    LoadError,
    ShenheError,
    "Bytes given to Engine.load are not an engine saved by this version of shenhe."
);

/// A located data error as a Python exception of type `T`, with `source` and `line` set.
fn data_error<T: pyo3::PyTypeInfo>(
    py: Python<'_>,
    message: String,
    source: &str,
    line: Option<usize>,
) -> PyErr {
    let err = PyErr::new::<T, _>(message);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did, the
    // message (which names file and line too) is still what the user sees.
    let _ = value.setattr(intern!(py, "source"), source);
    let _ = value.setattr(intern!(py, "line"), line);
    err
}

fn lexicon_err(py: Python<'_>, e: &shenhe_core::LexiconError) -> PyErr {
    data_error::<LexiconError>(py, e.to_string(), e.source_name(), e.line())
}

fn policy_err(py: Python<'_>, e: &shenhe_core::PolicyError) -> PyErr {
    data_error::<PolicyError>(py, e.to_string(), e.source_name(), e.line())
}

fn references_err(py: Python<'_>, e: &shenhe_core::ReferenceError) -> PyErr {
    data_error::<ReferencesError>(py, e.to_string(), e.source_name(), e.line())
}

fn model_err(py: Python<'_>, e: &shenhe_core::ModelError) -> PyErr {
    data_error::<ModelError>(py, e.to_string(), e.source_name(), e.line())
}

fn build_err(py: Python<'_>, e: &shenhe_core::BuildError) -> PyErr {
    match e.lexicon_error() {
        Some(l) => lexicon_err(py, l),
        None => BuildError::new_err(e.to_string()),
    }
}

fn screen_err(e: &shenhe_core::ScreenError) -> PyErr {
    ScreenError::new_err(e.to_string())
}

fn load_err(e: &shenhe_core::LoadError) -> PyErr {
    LoadError::new_err(e.to_string())
}

/// An I/O error on `path` as the matching Python `OSError`, naming the path.
fn io_err(path: &std::path::Path, e: &std::io::Error) -> PyErr {
    let message = format!("{}: {e}", path.display());
    match e.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

/// The verdict as a Python dict in the shape of the verdict JSON (contract §4): `id` (when given),
/// `verdict`, `account`, `categories`, `hits` (each with `category`, `action`, `clause`,
/// `term`, `matched`, `start`/`end` byte offsets, `char_start`/`char_end` offsets into the
/// Python string, `reason`, and `score` for a learned model's hit).
///
/// The one place where a Rust verdict becomes Python: a field added to [`Verdict`] or `Hit`
/// is added here, and every method (screen, screen_batch, the Spark job) has it.
fn verdict_dict<'py>(py: Python<'py>, v: &Verdict) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    if let Some(id) = &v.id {
        d.set_item(intern!(py, "id"), id)?;
    }
    d.set_item(intern!(py, "verdict"), v.verdict.as_str())?;
    d.set_item(intern!(py, "account"), v.account.as_str())?;
    let categories = PyList::empty(py);
    for c in &v.categories {
        categories.append(c.id())?;
    }
    d.set_item(intern!(py, "categories"), categories)?;
    d.set_item(intern!(py, "score"), v.score)?;
    d.set_item(intern!(py, "risk"), v.risk.as_str())?;
    if let Some(label) = v.label {
        d.set_item(intern!(py, "label"), label.id())?;
    }
    let hits = PyList::empty(py);
    for h in &v.hits {
        let hit = PyDict::new(py);
        hit.set_item(intern!(py, "category"), h.category.id())?;
        hit.set_item(intern!(py, "action"), h.action.as_str())?;
        hit.set_item(intern!(py, "clause"), h.clause)?;
        hit.set_item(intern!(py, "term"), &*h.term)?;
        hit.set_item(intern!(py, "matched"), &h.matched)?;
        hit.set_item(intern!(py, "start"), h.start)?;
        hit.set_item(intern!(py, "end"), h.end)?;
        hit.set_item(intern!(py, "char_start"), h.char_start)?;
        hit.set_item(intern!(py, "char_end"), h.char_end)?;
        hit.set_item(intern!(py, "reason"), &h.reason)?;
        if let Some(score) = h.score {
            hit.set_item(intern!(py, "score"), score)?;
        }
        hits.append(hit)?;
    }
    d.set_item(intern!(py, "hits"), hits)?;
    if v.hits_omitted > 0 {
        d.set_item(intern!(py, "hits_omitted"), v.hits_omitted)?;
    }
    Ok(d)
}

/// The name of an object's type, for error messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

fn parse_account(account: &str) -> PyResult<Account> {
    account
        .parse::<Account>()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// One path, or a list (any iterable) of paths. A `str` is one path, never a list of
/// one-letter paths.
fn paths(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<PathBuf>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if obj.is_instance_of::<PyString>() || obj.hasattr(intern!(obj.py(), "__fspath__"))? {
        return Ok(vec![obj.extract()?]);
    }
    if obj.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a str or os.PathLike path, or a list of them; not bytes"
        )));
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be a str or os.PathLike path, or a list of them; not {}",
            obj.get_type()
                .name()
                .map_or_else(|_| "?".into(), |n| n.to_string())
        ))
    })?;
    iter.map(|item| {
        let item = item?;
        item.extract::<PathBuf>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what}: each item must be a str or os.PathLike path, not {}",
                item.get_type()
                    .name()
                    .map_or_else(|_| "?".into(), |n| n.to_string())
            ))
        })
    })
    .collect()
}

/// The day of `today=`: a `datetime.date` (or anything with `year`, `month` and `day`) or an ISO
/// string `"YYYY-MM-DD"`, checked to be a day from 1900-01-01 to 9999-12-31.
fn day(value: &Bound<'_, PyAny>) -> PyResult<(u32, u32, u32)> {
    let parts = if let Ok(text) = value.extract::<PyBackedStr>() {
        let mut it = text.splitn(3, '-').map(|p| p.parse::<u32>().ok());
        match (
            it.next().flatten(),
            it.next().flatten(),
            it.next().flatten(),
        ) {
            (Some(y), Some(m), Some(d)) if text.len() == 10 => (y, m, d),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "today={:?}: expected a date or \"YYYY-MM-DD\"",
                    &*text
                )));
            }
        }
    } else {
        let part = |name: &str| -> PyResult<u32> { value.getattr(name)?.extract::<u32>() };
        (part("year")?, part("month")?, part("day")?)
    };
    let (y, m, d) = parts;
    Config::new()
        .try_today(y, m, d)
        .map(|_| parts)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "today={y:04}-{m:02}-{d:02} is not a day from 1900-01-01 to 9999-12-31"
            ))
        })
}

/// What `Engine(...)` was asked for, gathered with the GIL held and built without it.
struct Recipe {
    lexicons: Vec<PathBuf>,
    default_lexicons: bool,
    policies: Vec<PathBuf>,
    references: Vec<PathBuf>,
    max_post_bytes: Option<usize>,
    max_hits_per_term: Option<usize>,
    /// The pinned day (year, month, day), checked when given.
    today: Option<(u32, u32, u32)>,
    model: Option<PathBuf>,
}

/// Why a build failed, turned into a Python exception once the GIL is back.
enum Failure {
    Lexicon(shenhe_core::LexiconError),
    Policy(shenhe_core::PolicyError),
    References(shenhe_core::ReferenceError),
    Model(shenhe_core::ModelError),
    Build(shenhe_core::BuildError),
}

impl Failure {
    fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Lexicon(e) => lexicon_err(py, &e),
            Failure::Policy(e) => policy_err(py, &e),
            Failure::References(e) => references_err(py, &e),
            Failure::Model(e) => model_err(py, &e),
            Failure::Build(e) => build_err(py, &e),
        }
    }
}

impl Recipe {
    fn build(&self) -> Result<shenhe_core::Engine, Failure> {
        // The model first: a bad model file fails before the lexicons are compiled.
        let model = self
            .model
            .as_ref()
            .map(Model::from_path)
            .transpose()
            .map_err(Failure::Model)?;
        let mut lexicon = Lexicon::builder();
        if self.default_lexicons {
            lexicon.add_shipped().map_err(Failure::Lexicon)?;
        }
        for path in &self.lexicons {
            if path.is_dir() {
                lexicon.add_dir(path).map_err(Failure::Lexicon)?;
            } else {
                lexicon.add_file(path).map_err(Failure::Lexicon)?;
            }
        }
        let lexicon = lexicon.build().map_err(Failure::Lexicon)?;
        let mut builder = shenhe_core::Engine::builder().lexicon(lexicon);
        if !self.policies.is_empty() {
            builder = builder.policy(self.policy()?);
        }
        if !self.references.is_empty() {
            let mut refs = References::builder();
            for path in &self.references {
                refs.add_file(path).map_err(Failure::References)?;
            }
            builder = builder.references(refs.build());
        }
        let mut config = Config::new();
        if let Some(max) = self.max_post_bytes {
            config = config.max_post_bytes(max);
        }
        if let Some(max) = self.max_hits_per_term {
            config = config.max_hits_per_term(max);
        }
        if let Some((y, m, d)) = self.today {
            config = config.today(y, m, d);
        }
        builder = builder.config(config);
        if let Some(model) = model {
            builder = builder.model(model);
        }
        builder.build().map_err(Failure::Build)
    }

    /// One policy from one or more files: each file's cells replace those of the files before
    /// it (within one file a cell may be given once), and errors name the file and line.
    fn policy(&self) -> Result<Policy, Failure> {
        let mut policy = Policy::new();
        for path in &self.policies {
            policy = policy.overlay_file(path).map_err(Failure::Policy)?;
        }
        Ok(policy)
    }
}

/// A compiled screening engine. Immutable: share one between threads.
#[pyclass(module = "shenhe", name = "Engine", frozen)]
struct Engine {
    inner: shenhe_core::Engine,
    /// Registered originals are not part of `save()`: kept to say so.
    has_references: bool,
}

/// How `screen_batch` reports a post that cannot be screened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Raise,
    Return,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (lexicons=None, policy=None, references=None, *, default_lexicons=true, max_post_bytes=None, model=None, today=None, max_hits_per_term=None))]
    // Python's keyword arguments: one parameter each, as the signature above names them.
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        lexicons: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        references: Option<&Bound<'_, PyAny>>,
        default_lexicons: bool,
        max_post_bytes: Option<usize>,
        model: Option<&Bound<'_, PyAny>>,
        today: Option<&Bound<'_, PyAny>>,
        max_hits_per_term: Option<usize>,
    ) -> PyResult<Engine> {
        let recipe = Recipe {
            lexicons: paths(lexicons, "lexicons")?,
            default_lexicons,
            policies: paths(policy, "policy")?,
            references: paths(references, "references")?,
            max_post_bytes,
            max_hits_per_term,
            today: today.map(day).transpose()?,
            model: model_path(model)?,
        };
        if !recipe.default_lexicons && recipe.lexicons.is_empty() {
            return Err(PyValueError::new_err(
                "default_lexicons=False needs lexicons= to screen with",
            ));
        }
        let inner = py.detach(|| recipe.build()).map_err(|f| f.into_py(py))?;
        Ok(Engine {
            inner,
            has_references: !recipe.references.is_empty(),
        })
    }

    /// The verdict on one post, as a dict.
    #[pyo3(signature = (text, account="org", id=None))]
    fn screen<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        account: &str,
        id: Option<PyBackedStr>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let verdict = self.screen_one(py, &text, account, id.as_deref())?;
        verdict_dict(py, &verdict)
    }

    /// The verdict on one post as one line of JSON (contract §4), byte for byte what the Rust API
    /// and `shenhe check` give.
    #[pyo3(signature = (text, account="org", id=None))]
    fn screen_json(
        &self,
        py: Python<'_>,
        text: PyBackedStr,
        account: &str,
        id: Option<PyBackedStr>,
    ) -> PyResult<String> {
        let verdict = self.screen_one(py, &text, account, id.as_deref())?;
        Ok(py.detach(|| verdict.to_json()))
    }

    /// Screens many posts, in parallel, with the GIL released; the verdicts in input order.
    #[pyo3(signature = (texts, account=None, *, threads=None, errors="raise"))]
    fn screen_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        account: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let on_error = match errors {
            "raise" => OnError::Raise,
            "return" => OnError::Return,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\" or \"return\", not {other:?}"
                )));
            }
        };
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts must be a list (any iterable) of str, not one str: use screen() for one post",
            ));
        }
        let texts: Vec<PyBackedStr> = texts
            .try_iter()?
            .map(|t| t?.extract::<PyBackedStr>())
            .collect::<PyResult<_>>()?;
        let accounts = accounts(account, texts.len())?;
        let inputs: Vec<Input<'_>> = texts
            .iter()
            .zip(&accounts)
            .map(|(t, a)| Input::new(t).account(*a))
            .collect();
        let engine = &self.inner;
        let results = py.detach(|| -> Result<_, rayon::ThreadPoolBuildError> {
            Ok(match threads {
                None => engine.screen_batch(&inputs),
                Some(1) => inputs.iter().map(|i| engine.screen(i)).collect(),
                Some(n) => rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()?
                    .install(|| engine.screen_batch(&inputs)),
            })
        });
        let results =
            results.map_err(|e| PyOSError::new_err(format!("cannot start threads: {e}")))?;
        let out = PyList::empty(py);
        for (i, r) in results.iter().enumerate() {
            match r {
                Ok(v) => out.append(verdict_dict(py, v)?)?,
                Err(e) if on_error == OnError::Return => {
                    let d = PyDict::new(py);
                    d.set_item(intern!(py, "error"), e.to_string())?;
                    out.append(d)?;
                }
                Err(e) => return Err(ScreenError::new_err(format!("post {i}: {e}"))),
            }
        }
        Ok(out)
    }

    /// The verdict on one post (as `screen` gives it) and its text with personal information
    /// masked (as `redact` gives it), from one pass over the post.
    #[pyo3(signature = (text, account="org", id=None))]
    fn screen_redacted<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        account: &str,
        id: Option<PyBackedStr>,
    ) -> PyResult<(Bound<'py, PyDict>, String)> {
        let mut input = Input::new(&text).account(parse_account(account)?);
        if let Some(id) = id.as_deref() {
            input = input.id(id);
        }
        let engine = &self.inner;
        let (verdict, redacted) = py
            .detach(|| engine.screen_redacted(input))
            .map_err(|e| screen_err(&e))?;
        Ok((verdict_dict(py, &verdict)?, redacted))
    }

    /// The text with its personal information masked.
    fn redact(&self, py: Python<'_>, text: PyBackedStr) -> PyResult<String> {
        let engine = &self.inner;
        py.detach(|| engine.redact(&text))
            .map_err(|e| screen_err(&e))
    }

    /// The compiled engine as bytes for `Engine.load`; written to `path` when given.
    #[pyo3(signature = (path=None))]
    fn save<'py>(
        &self,
        py: Python<'py>,
        path: Option<PathBuf>,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let engine = &self.inner;
        let bytes = py.detach(|| engine.save());
        match path {
            None => Ok(Some(PyBytes::new(py, &bytes))),
            Some(path) => {
                py.detach(|| std::fs::write(&path, &bytes))
                    .map_err(|e| io_err(&path, &e))?;
                Ok(None)
            }
        }
    }

    /// An engine saved by `save`: from its bytes, or from the file at a path.
    #[staticmethod]
    fn load(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let inner = if let Ok(bytes) = data.extract::<&[u8]>() {
            py.detach(|| shenhe_core::Engine::load(bytes))
                .map_err(|e| load_err(&e))?
        } else if data.is_instance_of::<PyString>() || data.hasattr(intern!(py, "__fspath__"))? {
            let path: PathBuf = data.extract()?;
            let bytes = py
                .detach(|| std::fs::read(&path))
                .map_err(|e| io_err(&path, &e))?;
            py.detach(|| shenhe_core::Engine::load(&bytes))
                .map_err(|e| LoadError::new_err(format!("{}: {e}", path.display())))?
        } else {
            let data: Vec<u8> = if let Ok(array) = data.cast::<PyByteArray>() {
                array.to_vec()
            } else if data.is_instance_of::<PyMemoryView>() {
                data.call_method0(intern!(py, "tobytes"))?.extract()?
            } else {
                return Err(PyTypeError::new_err(format!(
                    "Engine.load takes the bytes of Engine.save or a path, not {}",
                    type_name(data)
                )));
            };
            py.detach(|| shenhe_core::Engine::load(&data))
                .map_err(|e| load_err(&e))?
        };
        Ok(Engine {
            inner,
            has_references: false,
        })
    }

    /// This engine scoring with the model file at `model` too (replacing any model it had;
    /// `None`: without a model). The compiled lexicons are shared, not compiled again.
    fn with_model(&self, py: Python<'_>, model: Option<&Bound<'_, PyAny>>) -> PyResult<Engine> {
        let model = match model_path(model)? {
            None => None,
            Some(path) => Some(
                py.detach(|| Model::from_path(&path))
                    .map_err(|e| model_err(py, &e))?,
            ),
        };
        Ok(Engine {
            inner: self.inner.with_model(model),
            has_references: self.has_references,
        })
    }

    /// True when the engine scores posts with a learned model too.
    #[getter]
    fn has_model(&self) -> bool {
        self.inner.model().is_some()
    }

    /// The limit on one post, in UTF-8 bytes.
    #[getter]
    fn max_post_bytes(&self) -> usize {
        self.inner.config().get_max_post_bytes()
    }

    /// The number of deny terms compiled in.
    #[getter]
    fn terms_len(&self) -> usize {
        self.inner.terms_len()
    }

    /// True when the engine checks registered originals (which `save` does not keep).
    #[getter]
    fn has_references(&self) -> bool {
        self.has_references
    }

    /// Approximate heap memory of the compiled engine, in bytes.
    fn memory_usage(&self) -> usize {
        self.inner.memory_usage()
    }

    fn __repr__(&self) -> String {
        format!(
            "<shenhe.Engine terms={} max_post_bytes={}>",
            self.inner.terms_len(),
            self.inner.config().get_max_post_bytes()
        )
    }
}

impl Engine {
    fn screen_one(
        &self,
        py: Python<'_>,
        text: &str,
        account: &str,
        id: Option<&str>,
    ) -> PyResult<Verdict> {
        let mut input = Input::new(text).account(parse_account(account)?);
        if let Some(id) = id {
            input = input.id(id);
        }
        let engine = &self.inner;
        py.detach(|| engine.screen(input))
            .map_err(|e| screen_err(&e))
    }
}

/// The path of a model file: a `str` or `os.PathLike`, or `None`.
fn model_path(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PathBuf>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if (obj.is_instance_of::<PyString>() || obj.hasattr(intern!(obj.py(), "__fspath__"))?)
        && let Ok(path) = obj.extract::<PathBuf>()
    {
        return Ok(Some(path));
    }
    Err(PyTypeError::new_err(format!(
        "model must be a str or os.PathLike path to a model file, not {}",
        type_name(obj)
    )))
}

/// The account of every post: one for all (default `org`), or one per post.
fn accounts(account: Option<&Bound<'_, PyAny>>, n: usize) -> PyResult<Vec<Account>> {
    let Some(account) = account.filter(|a| !a.is_none()) else {
        return Ok(vec![Account::Org; n]);
    };
    if let Ok(one) = account.extract::<PyBackedStr>() {
        return Ok(vec![parse_account(&one)?; n]);
    }
    let list: Vec<PyBackedStr> = account
        .try_iter()
        .map_err(|_| PyTypeError::new_err("account must be a str or a list of str, one per text"))?
        .map(|a| a?.extract::<PyBackedStr>())
        .collect::<PyResult<_>>()?;
    if list.len() != n {
        return Err(PyValueError::new_err(format!(
            "{} accounts for {n} texts",
            list.len()
        )));
    }
    list.iter().map(|a| parse_account(a)).collect()
}

/// Loads the word segmenter's dictionary now rather than when the first post needs it (about
/// 100 ms and 32 MiB, once a process): short terms that can sit inside ordinary words are
/// checked against the words around them. A service calls it at start-up so that no post waits
/// for it; the GIL is released while it loads, and calls after the first return at once.
#[pyfunction]
fn preload_segmenter(py: Python<'_>) {
    py.detach(shenhe_core::preload_segmenter);
}

/// The module `shenhe._shenhe`.
#[pymodule]
fn _shenhe(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(preload_segmenter, m)?)?;
    m.add("ShenheError", py.get_type::<ShenheError>())?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("LexiconError", py.get_type::<LexiconError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("ReferencesError", py.get_type::<ReferencesError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("BuildError", py.get_type::<BuildError>())?;
    m.add("ScreenError", py.get_type::<ScreenError>())?;
    m.add("LoadError", py.get_type::<LoadError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
