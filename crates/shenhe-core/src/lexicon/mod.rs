//! Lexicons: the line format of `lexicons/README.md`, its loader, and the resolved entries.
//!
//! A [`Lexicon`] is data only: entries with their categories and rules, and the sets the rules
//! refer to, all checked (every set defined, every term non-empty after normalization). The
//! [`Engine`](crate::Engine) compiles it into one automaton.

mod parse;
#[cfg(feature = "embedded-lexicon")]
pub(crate) mod shipped;

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use crate::category::{Action, Category};
use crate::normalize::normalize_term;
use crate::util::error::{LexiconError, LexiconErrorKind};

/// The most entries one lexicon may hold (terms, allow phrases and set words together).
pub const MAX_ENTRIES: usize = 2_000_000;
/// The longest term, in characters (before normalization).
pub const MAX_TERM_CHARS: usize = 256;
/// How far, in normalized characters, `need=` and `unless=` look when `within=` is not given.
pub const DEFAULT_WITHIN: u32 = 12;
/// The most terms one line's term pattern (`$动作+$对象`) may expand to.
pub const MAX_EXPANSION: usize = 20_000;

/// Where a `need=`/`and=` word must stand relative to the term (`order=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Order {
    /// Before or after.
    #[default]
    Any,
    /// After the term (推翻 … 政府 for the term 推翻).
    After,
    /// Before the term.
    Before,
}

/// Where an entry came from: source name and 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Location {
    pub(crate) source: Arc<str>,
    pub(crate) line: usize,
}

/// A word in a `need=`/`unless=` list or a set: a literal (normalized) or a reference to a set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Word {
    Literal(String),
    Set(String),
}

/// What a lexicon line does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// A deny term of a category.
    Term(Category),
    /// An allow phrase: deny hits wholly inside it do not fire. `only` is a bit mask of the
    /// categories it applies to (all when `u32::MAX`).
    Allow { only: u32 },
}

/// One lexicon line, parsed.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The term as written in the lexicon (reported as `term` in hits).
    pub(crate) term: Arc<str>,
    /// The term in normalized form, as the automaton matches it.
    pub(crate) norm: String,
    pub(crate) kind: EntryKind,
    pub(crate) need: Vec<Word>,
    /// Further lists that must each also have a word near the term (`and=`).
    pub(crate) and: Vec<Vec<Word>>,
    pub(crate) unless: Vec<Word>,
    pub(crate) within: Scope,
    /// Where the `need=` and `and=` words must stand.
    pub(crate) order: Order,
    pub(crate) action: Option<Action>,
    pub(crate) boundary: bool,
    /// `homophone` / `homophone=off`: also match (or never match) by sound; `None` leaves it
    /// to the category's default (see [`crate::automata`]).
    pub(crate) homophone: Option<bool>,
    /// A term pattern (`$推翻+$政权`): the parts whose product the term expands to when the
    /// lexicon is built. Empty for a plain term.
    pub(crate) pattern: Vec<Word>,
    pub(crate) location: Location,
}

/// A named set of words.
#[derive(Clone, Debug)]
pub(crate) struct SetDef {
    pub(crate) name: String,
    pub(crate) words: Vec<Word>,
    pub(crate) location: Location,
}

/// Where a context rule looks for its cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Within this many normalized chars, in the same sentence.
    Within(u32),
    /// Anywhere in the same sentence.
    Sentence,
    /// Anywhere in the post.
    Post,
}

/// A context rule (`@context` line): hits of some categories near a cue (reporting, warnings,
/// campaigns) are reported as notes with the context named, unless counter-evidence (a
/// solicitation) is in the same scope.
#[derive(Clone, Debug)]
pub(crate) struct ContextDef {
    pub(crate) name: Arc<str>,
    pub(crate) cue: Vec<Word>,
    pub(crate) unless: Vec<Word>,
    /// Bit mask of the categories it applies to.
    pub(crate) only: u32,
    pub(crate) scope: Scope,
    pub(crate) location: Location,
}

/// A checked collection of lexicon entries and sets, ready to compile into an engine.
///
/// # Example
/// ```
/// use shenhe::{Category, Lexicon};
/// let lexicon = Lexicon::builder()
///     .add_str("mine.txt", "网络赌场\tgambling\n@set 招揽\t加我|私聊\n彩金\tgambling\tneed=$招揽\n")?
///     .build()?;
/// assert_eq!(lexicon.terms_len(), 2);
/// assert_eq!(lexicon.terms_in(Category::Gambling), 2);
/// # Ok::<(), shenhe::LexiconError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub(crate) entries: Vec<Entry>,
    pub(crate) sets: Vec<SetDef>,
    pub(crate) contexts: Vec<ContextDef>,
}

impl Lexicon {
    /// A builder to add sources to.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder::default()
    }

    /// The lexicons shipped with shenhe (`lexicons/*.txt` in the repository).
    ///
    /// # Errors
    /// Never for the shipped data (a test checks it); the `Result` is there because the same
    /// path checks user data.
    #[cfg(feature = "embedded-lexicon")]
    pub fn shipped() -> Result<Lexicon, LexiconError> {
        Lexicon::builder().add_shipped()?.build()
    }

    /// The number of deny terms (allow phrases and set words not counted).
    pub fn terms_len(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::Term(_)))
            .count()
    }

    /// The number of deny terms of `category`.
    pub fn terms_in(&self, category: Category) -> usize {
        self.entries
            .iter()
            .filter(|e| e.kind == EntryKind::Term(category))
            .count()
    }

    /// The number of allow phrases.
    pub fn allows_len(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::Allow { .. }))
            .count()
    }

    /// The number of named sets.
    pub fn sets_len(&self) -> usize {
        self.sets.len()
    }
}

/// Collects lexicon sources, then checks them as a whole in [`build`](LexiconBuilder::build).
///
/// Each `add_*` method parses its source at once and reports a syntax error with the source
/// name, line and text; `build` reports what needs every source (an undefined set).
#[derive(Clone, Debug, Default)]
pub struct LexiconBuilder {
    entries: Vec<Entry>,
    sets: Vec<SetDef>,
    contexts: Vec<ContextDef>,
}

impl LexiconBuilder {
    /// Adds lexicon lines read from `reader`; `name` names the source in errors.
    ///
    /// # Errors
    /// A read error, a line that is not UTF-8, an unknown category or attribute, an empty term,
    /// or more than [`MAX_ENTRIES`] entries.
    pub fn add_reader<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
    ) -> Result<&mut LexiconBuilder, LexiconError> {
        let source: Arc<str> = Arc::from(name);
        parse::parse(source, reader, None, self.parts())?;
        self.check_size(name)?;
        Ok(self)
    }

    /// Adds lexicon lines from a string; `name` names the source in errors.
    ///
    /// # Errors
    /// As [`add_reader`](LexiconBuilder::add_reader).
    pub fn add_str(&mut self, name: &str, text: &str) -> Result<&mut LexiconBuilder, LexiconError> {
        self.add_reader(name, text.as_bytes())
    }

    /// Adds a plain word list: one term a line, all of `category` (`#` comments and blank lines
    /// are skipped; anything after a TAB is ignored, so a list with counts imports as is).
    ///
    /// # Errors
    /// As [`add_reader`](LexiconBuilder::add_reader).
    ///
    /// # Example
    /// ```
    /// use shenhe::{Category, Lexicon};
    /// let mut b = Lexicon::builder();
    /// b.add_word_list("spam.txt", "日赚千元\n躺赚\n".as_bytes(), Category::CommercialAd)?;
    /// assert_eq!(b.build()?.terms_in(Category::CommercialAd), 2);
    /// # Ok::<(), shenhe::LexiconError>(())
    /// ```
    pub fn add_word_list<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
        category: Category,
    ) -> Result<&mut LexiconBuilder, LexiconError> {
        let source: Arc<str> = Arc::from(name);
        parse::parse(source, reader, Some(category), self.parts())?;
        self.check_size(name)?;
        Ok(self)
    }

    /// Adds one lexicon file.
    ///
    /// # Errors
    /// The file cannot be opened or read, or as [`add_reader`](LexiconBuilder::add_reader).
    pub fn add_file<P: AsRef<Path>>(
        &mut self,
        path: P,
    ) -> Result<&mut LexiconBuilder, LexiconError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| LexiconError::new(&name, None, "", LexiconErrorKind::Io(e.to_string())))?;
        self.add_reader(&name, std::io::BufReader::new(file))
    }

    /// Adds every `*.txt` file of a directory, in name order (not recursive), except
    /// `emoji.txt` (the emoji table, see `lexicons/README.md`).
    ///
    /// # Errors
    /// The directory cannot be read, it holds no `*.txt` file, or as
    /// [`add_file`](LexiconBuilder::add_file).
    pub fn add_dir<P: AsRef<Path>>(&mut self, dir: P) -> Result<&mut LexiconBuilder, LexiconError> {
        let dir = dir.as_ref();
        let name = dir.display().to_string();
        let io = |e: std::io::Error| {
            LexiconError::new(&name, None, "", LexiconErrorKind::Io(e.to_string()))
        };
        let mut files = Vec::new();
        for item in std::fs::read_dir(dir).map_err(io)? {
            let path = item.map_err(io)?.path();
            // emoji.txt is the emoji table of normalization, not a lexicon: a copy of the
            // shipped folder loads as is.
            if path.is_file()
                && path.extension().is_some_and(|x| x == "txt")
                && path.file_name().is_none_or(|n| n != "emoji.txt")
            {
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(LexiconError::new(
                &name,
                None,
                "",
                LexiconErrorKind::Io("the directory holds no *.txt lexicon file".into()),
            ));
        }
        files.sort();
        for f in files {
            self.add_file(f)?;
        }
        Ok(self)
    }

    /// Adds the lexicons shipped with shenhe.
    ///
    /// # Errors
    /// Never for the shipped data (a test checks it).
    #[cfg(feature = "embedded-lexicon")]
    pub fn add_shipped(&mut self) -> Result<&mut LexiconBuilder, LexiconError> {
        for (name, text) in shipped::FILES {
            self.add_str(&format!("lexicons/{name}"), text)?;
        }
        Ok(self)
    }

    fn parts(&mut self) -> parse::Parts<'_> {
        parse::Parts {
            entries: &mut self.entries,
            sets: &mut self.sets,
            contexts: &mut self.contexts,
        }
    }

    /// The number of context rules (`@context` lines).
    pub fn contexts_len(&self) -> usize {
        self.contexts.len()
    }

    fn check_size(&self, name: &str) -> Result<(), LexiconError> {
        let words: usize = self.sets.iter().map(|s| s.words.len()).sum();
        if self.entries.len() + words > MAX_ENTRIES {
            return Err(LexiconError::new(
                name,
                None,
                "",
                LexiconErrorKind::TooManyEntries { max: MAX_ENTRIES },
            ));
        }
        Ok(())
    }

    /// Checks the sources as a whole and returns the lexicon.
    ///
    /// # Errors
    /// A set defined twice, a reference to an undefined set, a set that includes itself.
    pub fn build(&self) -> Result<Lexicon, LexiconError> {
        let mut by_name: HashMap<&str, &SetDef> = HashMap::new();
        for set in &self.sets {
            if by_name.insert(&set.name, set).is_some() {
                return Err(located(
                    &set.location,
                    &set.name,
                    LexiconErrorKind::DuplicateSet(set.name.clone()),
                ));
            }
        }
        let check_words = |words: &[Word], loc: &Location, text: &str| {
            for w in words {
                if let Word::Set(name) = w
                    && !by_name.contains_key(name.as_str())
                {
                    return Err(located(
                        loc,
                        text,
                        LexiconErrorKind::UndefinedSet(name.clone()),
                    ));
                }
            }
            Ok(())
        };
        for e in &self.entries {
            check_words(&e.need, &e.location, &e.term)?;
            check_words(&e.unless, &e.location, &e.term)?;
            check_words(&e.pattern, &e.location, &e.term)?;
            for list in &e.and {
                check_words(list, &e.location, &e.term)?;
            }
        }
        for c in &self.contexts {
            check_words(&c.cue, &c.location, &c.name)?;
            check_words(&c.unless, &c.location, &c.name)?;
        }
        for s in &self.sets {
            check_words(&s.words, &s.location, &s.name)?;
        }
        check_set_includes(&self.sets, &by_name)?;
        let mut entries = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            if e.pattern.is_empty() {
                entries.push(e.clone());
                continue;
            }
            expand(e, &by_name, &mut entries)?;
        }
        let words: usize = self.sets.iter().map(|s| s.words.len()).sum();
        if entries.len() + words > MAX_ENTRIES {
            return Err(LexiconError::new(
                "lexicon",
                None,
                "",
                LexiconErrorKind::TooManyEntries { max: MAX_ENTRIES },
            ));
        }
        Ok(Lexicon {
            entries,
            sets: self.sets.clone(),
            contexts: self.contexts.clone(),
        })
    }
}

/// How deep `@set` includes may nest: far beyond any real vocabulary (the shipped sets nest a
/// few levels), short enough that a generated chain cannot make the build quadratic.
pub const MAX_SET_DEPTH: usize = 64;

/// How many (word, set) memberships the sets may expand to through their includes: the
/// automaton keeps one per word per set that reaches it.
pub const MAX_SET_MEMBERSHIPS: usize = 8_000_000;

/// Rejects include cycles, chains deeper than [`MAX_SET_DEPTH`], and sets whose expansion
/// would exceed [`MAX_SET_MEMBERSHIPS`], in one depth-first walk: linear in sets and includes.
fn check_set_includes(
    sets: &[SetDef],
    by_name: &HashMap<&str, &SetDef>,
) -> Result<(), LexiconError> {
    #[derive(Clone, Copy)]
    enum State {
        New,
        Open,
        /// Done: the depth below it and an upper bound of its expanded size.
        Done(usize, usize),
    }
    let index: HashMap<&str, usize> = sets
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let mut state = vec![State::New; sets.len()];
    let mut total = 0usize;
    for root in 0..sets.len() {
        if !matches!(state[root], State::New) {
            continue;
        }
        // (set, next word to look at); explicit, so a deep chain cannot overflow the stack.
        let mut stack = vec![(root, 0usize)];
        state[root] = State::Open;
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let words = &sets[at].words;
            if let Some(w) = words.get(*next) {
                *next += 1;
                if let Word::Set(name) = w {
                    let inner = index[name.as_str()];
                    match state[inner] {
                        State::Open => {
                            let s = by_name[name.as_str()];
                            return Err(located(
                                &s.location,
                                &s.name,
                                LexiconErrorKind::SetCycle(s.name.clone()),
                            ));
                        }
                        State::New => {
                            state[inner] = State::Open;
                            stack.push((inner, 0));
                        }
                        State::Done(..) => {}
                    }
                }
                continue;
            }
            // Every include of `at` is done: its depth and size follow from theirs.
            let (mut depth, mut size) = (0usize, 0usize);
            for w in words {
                match w {
                    Word::Literal(_) => size += 1,
                    Word::Set(name) => {
                        if let State::Done(d, n) = state[index[name.as_str()]] {
                            depth = depth.max(d + 1);
                            size = size.saturating_add(n);
                        }
                    }
                }
            }
            let s = &sets[at];
            if depth > MAX_SET_DEPTH {
                return Err(located(
                    &s.location,
                    &s.name,
                    LexiconErrorKind::SetTooDeep {
                        name: s.name.clone(),
                        max: MAX_SET_DEPTH,
                    },
                ));
            }
            total = total.saturating_add(size);
            if total > MAX_SET_MEMBERSHIPS {
                return Err(located(
                    &s.location,
                    &s.name,
                    LexiconErrorKind::SetsTooLarge {
                        max: MAX_SET_MEMBERSHIPS,
                    },
                ));
            }
            state[at] = State::Done(depth, size);
            stack.pop();
        }
    }
    Ok(())
}

/// The literal words of set `name`, through its includes (cycles were rejected before).
fn flatten<'a>(name: &str, by_name: &HashMap<&str, &'a SetDef>, out: &mut Vec<&'a str>) {
    let mut seen = HashSet::new();
    let mut stack = vec![by_name[name]];
    while let Some(set) = stack.pop() {
        for w in &set.words {
            match w {
                Word::Literal(l) => out.push(l),
                Word::Set(inner) => {
                    if seen.insert(inner.as_str()) {
                        stack.push(by_name[inner.as_str()]);
                    }
                }
            }
        }
    }
}

/// Expands a term pattern (`$推翻+$政权`) into one entry per combination of its parts' words,
/// each with the line's attributes: the product is matched as adjacent text by the automaton.
fn expand(
    e: &Entry,
    by_name: &HashMap<&str, &SetDef>,
    out: &mut Vec<Entry>,
) -> Result<(), LexiconError> {
    let mut parts: Vec<Vec<&str>> = Vec::with_capacity(e.pattern.len());
    for w in &e.pattern {
        let mut words = Vec::new();
        match w {
            Word::Literal(l) => words.push(l.as_str()),
            Word::Set(name) => flatten(name, by_name, &mut words),
        }
        words.sort_unstable();
        words.dedup();
        parts.push(words);
    }
    let count = parts
        .iter()
        .try_fold(1usize, |n, p| n.checked_mul(p.len()))
        .unwrap_or(usize::MAX);
    if count > MAX_EXPANSION {
        return Err(located(
            &e.location,
            &e.term,
            LexiconErrorKind::TooManyExpansions {
                count,
                max: MAX_EXPANSION,
            },
        ));
    }
    let mut index = vec![0usize; parts.len()];
    'combos: loop {
        let norm: String = parts.iter().zip(&index).map(|(p, &i)| p[i]).collect();
        let mut entry = e.clone();
        entry.pattern = Vec::new();
        entry.term = Arc::from(norm.as_str());
        entry.norm = norm;
        out.push(entry);
        for k in (0..parts.len()).rev() {
            index[k] += 1;
            if index[k] < parts[k].len() {
                continue 'combos;
            }
            index[k] = 0;
        }
        return Ok(());
    }
}

fn located(loc: &Location, text: &str, kind: LexiconErrorKind) -> LexiconError {
    LexiconError::new(&loc.source, Some(loc.line), text, kind)
}

/// Normalizes a term or word for the automaton, with the lexicon's errors.
pub(crate) fn normalized(word: &str, loc: &Location) -> Result<String, LexiconError> {
    match normalize_term(word) {
        None => Err(located(loc, word, LexiconErrorKind::TermCrossesSentence)),
        Some(n) if n.is_empty() => Err(located(loc, word, LexiconErrorKind::EmptyTerm)),
        Some(n) => Ok(n),
    }
}
