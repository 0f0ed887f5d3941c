//! Error types, one per phase. Each is an opaque struct around a private kind, so kinds can be
//! added without breaking users; accessors expose what a caller may act on.

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LexiconErrorKind {
    Io(String),
    InvalidUtf8,
    LineTooLong { max: usize },
    MissingCategory,
    UnknownCategory(String),
    UnknownAttribute(String),
    BadAttribute(String),
    EmptyTerm,
    TermCrossesSentence,
    TermTooLong { chars: usize, max: usize },
    TooManyEntries { max: usize },
    EmptyWord,
    DuplicateSet(String),
    UndefinedSet(String),
    SetCycle(String),
    SetTooDeep { name: String, max: usize },
    SetsTooLarge { max: usize },
    BadSetLine,
    AttributeNotForAllow(String),
    TooManyExpansions { count: usize, max: usize },
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

/// An error type over [`Located`]: the constructor, `source_name`, `line` and `Display`.
macro_rules! located_error {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Located);

        impl $name {
            pub(crate) fn new(source: &str, line: Option<usize>, message: String) -> $name {
                $name(Located {
                    source: source.to_string(),
                    line,
                    message,
                })
            }

            /// The name of the source (a file path, or the name given to the reader).
            pub fn source_name(&self) -> &str {
                &self.0.source
            }

            /// The 1-based line number, when the error belongs to a line.
            pub fn line(&self) -> Option<usize> {
                self.0.line
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::error::Error for $name {}

        debug_as_display!($name);
    };
}

located_error!(
    /// An error in a policy file (contract §2: per category and account type overrides).
    PolicyError
);

located_error!(
    /// An error in attribution data: a JSONL file of registered originals, or a list of sources.
    ///
    /// # Example
    /// ```
    /// use shenhe::References;
    /// let err = References::from_reader("refs.jsonl", "{\"id\":\"a\",\"text\":\"正文\"}\nnot json\n".as_bytes())
    ///     .unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// assert_eq!(err.source_name(), "refs.jsonl");
    /// assert!(err.to_string().starts_with("refs.jsonl:2: "));
    /// ```
    ReferenceError
);

located_error!(
    /// An error in a model file (`shenhe train`'s output): which file, which line, what is wrong.
    ///
    /// # Example
    /// ```
    /// use shenhe::Model;
    /// let text = Model::seal("shenhe-model\t1\nngrams\t1\t4\nweights\t0.5\n");
    /// let err = Model::parse("m.txt", &text).unwrap_err();
    /// assert_eq!(err.line(), Some(3));
    /// assert!(err.to_string().starts_with("m.txt:3: unknown record"));
    /// ```
    ModelError
);

/// An error while compiling an engine.
#[derive(Clone)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Clone, Debug)]
pub(crate) enum BuildErrorKind {
    Lexicon(LexiconError),
    Automaton(String),
    TooManyPatterns { count: usize, max: usize },
}

impl BuildError {
    pub(crate) fn new(kind: BuildErrorKind) -> BuildError {
        BuildError { kind }
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ScreenErrorKind {
    TooLong { len: usize, max: usize },
}

impl ScreenError {
    pub(crate) fn new(kind: ScreenErrorKind) -> ScreenError {
        ScreenError { kind }
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
