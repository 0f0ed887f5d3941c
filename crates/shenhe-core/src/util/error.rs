//! Error types, one per phase. Each is an opaque struct with a `kind()` accessor returning a
//! public `#[non_exhaustive]` kind enum (as aho-corasick's `MatchError::kind`), so a caller can
//! act on what went wrong and kinds can still be added without breaking users; the messages
//! (`Display`) carry the details and are part of the contract.

use std::fmt;

/// `Debug` as the type's name around its message: what `fn main() -> Result<(), Box<dyn Error>>`
/// prints when the error ends the program, so a user sees `LexiconError("my-lexicons: cannot read:
/// No such file or directory (os error 2)")` rather than a dump of private fields.
macro_rules! debug_as_display {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name))
                    .field(&self.to_string())
                    .finish()
            }
        }
    )*};
}
pub(crate) use debug_as_display;

debug_as_display!(LexiconError, BuildError, ScreenError);

/// An error in lexicon data: which source, which line, what text, and what is wrong with it.
///
/// # Example
/// ```
/// use shenhe::Lexicon;
/// let err = Lexicon::builder()
///     .add_str("mine.txt", "网络赌场\tgamble\n")
///     .unwrap_err();
/// assert_eq!(err.line(), Some(1));
/// assert_eq!(err.source_name(), "mine.txt");
/// assert!(err.to_string().contains("unknown category"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct LexiconError {
    source: String,
    line: Option<usize>,
    text: String,
    kind: LexiconErrorKind,
}

/// What is wrong in lexicon data: the kind of a [`LexiconError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
///
/// # Example
/// ```
/// use shenhe::{Lexicon, LexiconErrorKind};
/// let err = Lexicon::builder()
///     .add_str("mine.txt", "网络赌场\tgamble\n")
///     .unwrap_err();
/// assert_eq!(err.kind(), &LexiconErrorKind::UnknownCategory("gamble".to_string()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LexiconErrorKind {
    /// The source could not be read; the I/O error's message.
    Io(String),
    /// A line is not valid UTF-8.
    InvalidUtf8,
    /// A line is longer than the limit.
    LineTooLong {
        /// The limit in bytes.
        max: usize,
    },
    /// A term line has no TAB and category.
    MissingCategory,
    /// The category is not one of contract §3's ids (or `allow`); the category as written.
    UnknownCategory(String),
    /// An attribute that does not exist; the attribute as written.
    UnknownAttribute(String),
    /// An attribute with a bad value; what is wrong with it.
    BadAttribute(String),
    /// A term is empty after normalization.
    EmptyTerm,
    /// A term holds a sentence end and could never match.
    TermCrossesSentence,
    /// A term is longer than [`MAX_TERM_CHARS`](crate::MAX_TERM_CHARS).
    TermTooLong {
        /// The term's length in characters.
        chars: usize,
        /// The limit in characters.
        max: usize,
    },
    /// The lexicons hold more than [`MAX_ENTRIES`](crate::MAX_ENTRIES) entries.
    TooManyEntries {
        /// The limit.
        max: usize,
    },
    /// An empty word in a `|` list.
    EmptyWord,
    /// A set is defined twice; its name.
    DuplicateSet(String),
    /// A set is used but not defined; its name.
    UndefinedSet(String),
    /// A set includes itself; its name.
    SetCycle(String),
    /// Sets include sets more than [`MAX_SET_DEPTH`](crate::MAX_SET_DEPTH) levels deep.
    SetTooDeep {
        /// The set's name.
        name: String,
        /// The limit.
        max: usize,
    },
    /// Sets expand to more than [`MAX_SET_MEMBERSHIPS`](crate::MAX_SET_MEMBERSHIPS) words.
    SetsTooLarge {
        /// The limit.
        max: usize,
    },
    /// A malformed `@set` line.
    BadSetLine,
    /// An attribute on an allow line, where it does not apply; the attribute as written.
    AttributeNotForAllow(String),
    /// A term pattern expands to too many terms.
    TooManyExpansions {
        /// The number of terms it expands to.
        count: usize,
        /// The limit.
        max: usize,
    },
}

impl LexiconError {
    pub(crate) fn new(
        source: &str,
        line: Option<usize>,
        text: &str,
        kind: LexiconErrorKind,
    ) -> LexiconError {
        // Keep the offending text short enough for one terminal line.
        let text: String = text.chars().take(120).collect();
        LexiconError {
            source: source.to_string(),
            line,
            text,
            kind,
        }
    }

    /// The name of the source (a file path, or the name given to `add_reader`).
    pub fn source_name(&self) -> &str {
        &self.source
    }

    /// The 1-based line number, when the error belongs to a line.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The offending line (or term), cut to 120 characters.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What is wrong.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Lexicon, LexiconErrorKind};
    /// let err = Lexicon::builder().add_str("mine.txt", "网络赌场\n").unwrap_err();
    /// assert_eq!(err.kind(), &LexiconErrorKind::MissingCategory);
    /// ```
    pub fn kind(&self) -> &LexiconErrorKind {
        &self.kind
    }
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LexiconErrorKind::*;
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.source, line)?,
            None => write!(f, "{}: ", self.source)?,
        }
        match &self.kind {
            Io(e) => write!(f, "cannot read: {e}")?,
            InvalidUtf8 => write!(f, "line is not valid UTF-8")?,
            LineTooLong { max } => write!(
                f,
                "line exceeds the limit of {max} bytes (is this a text file with line ends?)"
            )?,
            MissingCategory => write!(
                f,
                "missing category: expected TERM<TAB>CATEGORY (fields are separated by a TAB)"
            )?,
            UnknownCategory(c) => write!(
                f,
                "unknown category {c:?} (see docs/contract.md §3 for the category ids, or use `allow`)"
            )?,
            UnknownAttribute(a) => write!(
                f,
                "unknown attribute {a:?} (expected need=, and=, unless=, within=, order=, action=, boundary, homophone or only=)"
            )?,
            BadAttribute(why) => write!(f, "bad attribute: {why}")?,
            EmptyTerm => write!(
                f,
                "term is empty after normalization (only spaces, punctuation or symbols)"
            )?,
            TermCrossesSentence => write!(
                f,
                "term holds a sentence end (。!?; or a newline) and could never match"
            )?,
            TermTooLong { chars, max } => {
                write!(f, "term of {chars} characters exceeds the limit of {max}")?
            }
            TooManyEntries { max } => write!(f, "lexicon exceeds the limit of {max} entries")?,
            EmptyWord => write!(f, "empty word in a | list")?,
            DuplicateSet(name) => write!(f, "set ${name} is defined twice")?,
            UndefinedSet(name) => write!(f, "set ${name} is not defined in any lexicon")?,
            SetCycle(name) => write!(f, "set ${name} includes itself")?,
            SetTooDeep { name, max } => write!(
                f,
                "set ${name} includes sets more than {max} levels deep (flatten the chain)"
            )?,
            SetsTooLarge { max } => write!(
                f,
                "sets expand (through their includes) to more than {max} words in all"
            )?,
            BadSetLine => write!(f, "bad set line: expected @set NAME<TAB>WORD|WORD|...")?,
            AttributeNotForAllow(a) => write!(f, "attribute {a:?} does not apply to allow lines")?,
            TooManyExpansions { count, max } => write!(
                f,
                "term pattern expands to {count} terms, more than the limit of {max}"
            )?,
        }
        if !self.text.is_empty() {
            write!(f, ": {:?}", self.text)?;
        }
        Ok(())
    }
}

impl std::error::Error for LexiconError {}

/// Where an error in line-oriented data is, and what is wrong: the part that policy files,
/// registered originals and source lists share.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Located {
    source: String,
    line: Option<usize>,
    message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.source.is_empty(), self.line) {
            (true, _) => write!(f, "{}", self.message),
            (false, Some(line)) => write!(f, "{}:{}: {}", self.source, line, self.message),
            (false, None) => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// An error type over [`Located`] and a kind: the constructor, `source_name`, `line`, `kind`
/// and `Display`.
macro_rules! located_error {
    ($(#[$doc:meta])* $name:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name {
            at: Located,
            kind: $kind,
        }

        impl $name {
            pub(crate) fn new(
                source: &str,
                line: Option<usize>,
                kind: $kind,
                message: String,
            ) -> $name {
                $name {
                    at: Located {
                        source: source.to_string(),
                        line,
                        message,
                    },
                    kind,
                }
            }

            /// The name of the source (a file path, or the name given to the reader).
            pub fn source_name(&self) -> &str {
                &self.at.source
            }

            /// The 1-based line number, when the error belongs to a line.
            pub fn line(&self) -> Option<usize> {
                self.at.line
            }

            /// What went wrong; the message (`Display`) says it in words, with the details.
            pub fn kind(&self) -> &$kind {
                &self.kind
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.at.fmt(f)
            }
        }

        impl std::error::Error for $name {}

        debug_as_display!($name);
    };
}

located_error!(
    /// An error in a policy file (contract §2: per category and account type overrides).
    ///
    /// # Example
    /// ```
    /// use shenhe::{Policy, PolicyErrorKind};
    /// let err = Policy::new().overlay("p.txt", "org gambling maybe\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.kind(), &PolicyErrorKind::Syntax);
    /// assert_eq!(err.line(), Some(1));
    /// ```
    PolicyError,
    PolicyErrorKind
);

/// What went wrong in a policy file: the kind of a [`PolicyError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// The file could not be opened or read: an I/O error, a line that is not UTF-8 or too long.
    Read,
    /// A line is malformed: an unknown category, account, action or model class, a wrong number
    /// of fields, a bad threshold.
    Syntax,
}

located_error!(
    /// An error in attribution data: a JSONL file of registered originals, or a list of sources.
    ///
    /// # Example
    /// ```
    /// use shenhe::{ReferenceErrorKind, References};
    /// let err = References::from_reader("refs.jsonl", "{\"id\":\"a\",\"text\":\"正文\"}\nnot json\n".as_bytes())
    ///     .unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// assert_eq!(err.source_name(), "refs.jsonl");
    /// assert_eq!(err.kind(), &ReferenceErrorKind::Syntax);
    /// assert!(err.to_string().starts_with("refs.jsonl:2: "));
    /// ```
    ReferenceError,
    ReferenceErrorKind
);

/// What went wrong in attribution data: the kind of a [`ReferenceError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReferenceErrorKind {
    /// The file could not be opened or read: an I/O error, a line that is not UTF-8 or too long.
    Read,
    /// A line is malformed: not a JSON object, a missing or mistyped field, a source name that
    /// is empty after normalization, a `*` line in a list of legitimate sources.
    Syntax,
    /// An original that cannot be registered: an empty id or text, an id given twice, too many
    /// originals.
    Invalid,
}

located_error!(
    /// An error in a model file (`shenhe train`'s output): which file, which line, what is wrong.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Model, ModelErrorKind};
    /// let text = Model::seal("shenhe-model\t1\nngrams\t1\t4\nweights\t0.5\n");
    /// let err = Model::parse("m.txt", &text).unwrap_err();
    /// assert_eq!(err.line(), Some(3));
    /// assert_eq!(err.kind(), &ModelErrorKind::Syntax);
    /// assert!(err.to_string().starts_with("m.txt:3: unknown record"));
    /// ```
    ModelError,
    ModelErrorKind
);

/// What went wrong in a model file: the kind of a [`ModelError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ModelErrorKind {
    /// The file could not be read, or is not UTF-8.
    Read,
    /// The file is empty or its first line is not a model's.
    NotAModel,
    /// A model of a format version this build does not read.
    Version,
    /// The checksum line is missing (a truncated file) or does not match the content.
    Checksum,
    /// A line or field is malformed or out of range, or the parts do not make a model.
    Syntax,
}

/// An error while compiling an engine.
#[derive(Clone)]
pub struct BuildError {
    kind: BuildErrorKind,
}

/// What went wrong while compiling an engine: the kind of a [`BuildError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
///
/// # Example
/// ```
/// use shenhe::{BuildError, BuildErrorKind, Engine, Lexicon};
/// // One error type for the whole setup: a lexicon's error converts into a `BuildError`.
/// fn setup(lexicon: &str) -> Result<Engine, BuildError> {
///     let lexicon = Lexicon::builder().add_str("mine.txt", lexicon)?.build()?;
///     Engine::builder().lexicon(lexicon).build()
/// }
/// let err = setup("测试词\tgambling\tneed=$没有的集合\n").unwrap_err();
/// match err.kind() {
///     BuildErrorKind::Lexicon(e) => assert_eq!((e.source_name(), e.line()), ("mine.txt", Some(1))),
///     other => panic!("{other:?}"),
/// }
/// assert!(setup("测试词\tgambling\n").is_ok());
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// The lexicons are at fault; the lexicon error (also [`BuildError::lexicon_error`]).
    Lexicon(LexiconError),
    /// The automaton could not be built; the automaton library's message.
    Automaton(String),
    /// More distinct patterns than the automaton holds.
    TooManyPatterns {
        /// The number of distinct patterns.
        count: usize,
        /// The limit.
        max: usize,
    },
}

impl BuildError {
    pub(crate) fn new(kind: BuildErrorKind) -> BuildError {
        BuildError { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }

    /// The lexicon error behind this one, if a lexicon was at fault.
    pub fn lexicon_error(&self) -> Option<&LexiconError> {
        match &self.kind {
            BuildErrorKind::Lexicon(e) => Some(e),
            _ => None,
        }
    }
}

impl From<LexiconError> for BuildError {
    fn from(e: LexiconError) -> BuildError {
        BuildError::new(BuildErrorKind::Lexicon(e))
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::Lexicon(e) => write!(f, "{e}"),
            BuildErrorKind::Automaton(e) => write!(f, "cannot build the automaton: {e}"),
            BuildErrorKind::TooManyPatterns { count, max } => {
                write!(f, "{count} distinct patterns exceed the limit of {max}")
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BuildErrorKind::Lexicon(e) => Some(e),
            _ => None,
        }
    }
}

/// An error while screening one post.
#[derive(Clone, PartialEq, Eq)]
pub struct ScreenError {
    kind: ScreenErrorKind,
}

/// What went wrong while screening a post: the kind of a [`ScreenError`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScreenErrorKind {
    /// The post is longer than [`Config::max_post_bytes`](crate::Config::max_post_bytes).
    TooLong {
        /// The post's length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
}

impl ScreenError {
    pub(crate) fn new(kind: ScreenErrorKind) -> ScreenError {
        ScreenError { kind }
    }

    /// What went wrong.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Config, Engine, ScreenErrorKind};
    /// let engine = Engine::builder().config(Config::new().max_post_bytes(8)).build()?;
    /// let err = engine.screen("这条帖子太长了").unwrap_err();
    /// assert_eq!(err.kind(), &ScreenErrorKind::TooLong { len: 21, max: 8 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> &ScreenErrorKind {
        &self.kind
    }
}

impl fmt::Display for ScreenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ScreenErrorKind::TooLong { len, max } => write!(
                f,
                "post of {len} bytes exceeds the limit of {max} bytes (Config::max_post_bytes)"
            ),
        }
    }
}

impl std::error::Error for ScreenError {}
