//! Lists of news sources for the attribution check (contract §6): which named sources are
//! legitimate (central and local media, government sites) and which are unknown or illegitimate
//! (网络, 朋友圈, 网友爆料 → `unverified`).
//!
//! The shipped lists are `lexicons/sources/legitimate.txt` and `lexicons/sources/unverified.txt`
//! (format in `lexicons/sources/README.md`), compiled in. They live in a subfolder so the lexicon
//! loader, which reads `lexicons/*.txt`, does not take them for lexicons.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use daachorse::CharwiseDoubleArrayAhoCorasick;

use crate::normalize::{BREAK, Normalized};
use crate::util::error::{ReferenceError, ReferenceErrorKind};
use crate::util::lines::{Lines, MAX_LINE_BYTES};

static LEGITIMATE: &str = include_str!("../../../lexicons/sources/legitimate.txt");
static UNVERIFIED: &str = include_str!("../../../lexicons/sources/unverified.txt");

/// Wording around an unverified source that does not change what it is (来源于网络, 网络整理,
/// 综合自网络, 网络图片): dropped before the exact comparison, in normalized form.
const WRAP_BEFORE: &[&str] = &[
    "综合自",
    "整理自",
    "综合",
    "来自",
    "源自",
    "转自",
    "于",
    "自",
];
const WRAP_AFTER: &[&str] = &["整理", "综合", "转载", "图片", "截图", "视频", "素材"];

/// How a named source is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// Contains a name of the legitimate list.
    Legitimate,
    /// Is a name of the unverified list (网络, 朋友圈, 网友爆料).
    Unverified,
    /// Neither: named, and not for the engine to judge.
    Other,
}

/// Which named sources are legitimate and which are unknown or illegitimate.
///
/// A source named in a post (来源：…, 转自…, 据…电) is *legitimate* when its name contains an
/// entry of the legitimate list, *unverified* when it equals an entry of the unverified list
/// (after dropping wording like 来自, 整理, 图片), and otherwise simply named: only unverified
/// sources are reported. Names are compared in normalized form (traditional, full-width and
/// case folded; punctuation ignored).
///
/// [`Sources::new`] (and `Default`) is the shipped lists; build your own, or add to them, with
/// [`Sources::builder`]. Cloning is cheap (an `Arc`).
///
/// # Example
/// ```
/// use shenhe::Sources;
/// let shipped = Sources::new();
/// assert!(shipped.is_legitimate("新华社"));
/// assert!(shipped.is_unverified("网络"));
/// assert!(shipped.is_unverified("网络整理"));
/// assert!(!shipped.is_unverified("网络安全周")); // exact, not a substring
///
/// let mine = Sources::builder()
///     .add_shipped()
///     .add_legitimate("my.txt", "某某县融媒\n".as_bytes())?
///     .build();
/// assert!(mine.is_legitimate("某某县融媒客户端"));
/// # Ok::<(), shenhe::ReferenceError>(())
/// ```
#[derive(Clone)]
pub struct Sources {
    inner: Arc<Lists>,
}

struct Lists {
    /// Normalized legitimate names, for `Debug` and counts.
    legitimate: Vec<String>,
    /// An automaton over `legitimate` (None when the list is empty).
    legitimate_ac: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Normalized unverified names, compared exactly.
    unverified: HashSet<String>,
    /// Normalized suffixes (`*name` lines).
    unverified_suffixes: Vec<String>,
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sources")
            .field("legitimate", &self.inner.legitimate.len())
            .field(
                "unverified",
                &(self.inner.unverified.len() + self.inner.unverified_suffixes.len()),
            )
            .finish()
    }
}

impl Default for Sources {
    fn default() -> Sources {
        SHIPPED.clone()
    }
}

static SHIPPED: LazyLock<Sources> = LazyLock::new(|| Sources::builder().add_shipped().build());

impl Sources {
    /// The shipped lists.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// An empty builder: add the shipped lists with [`SourcesBuilder::add_shipped`].
    pub fn builder() -> SourcesBuilder {
        SourcesBuilder::default()
    }

    /// True when `source` contains a name of the legitimate list.
    pub fn is_legitimate(&self, source: &str) -> bool {
        self.kind_of_normalized(&key(source)) == SourceKind::Legitimate
    }

    /// True when `source` (stripped of wording like 来自, 整理, 图片) is a name of the
    /// unverified list, and not legitimate.
    pub fn is_unverified(&self, source: &str) -> bool {
        self.kind_of_normalized(&key(source)) == SourceKind::Unverified
    }

    /// The number of legitimate names.
    pub fn legitimate_len(&self) -> usize {
        self.inner.legitimate.len()
    }

    /// The number of unverified names (exact names and `*` suffixes).
    pub fn unverified_len(&self) -> usize {
        self.inner.unverified.len() + self.inner.unverified_suffixes.len()
    }

    /// Judges a source given in normalized form (see [`key`]).
    pub(crate) fn kind_of_normalized(&self, source: &str) -> SourceKind {
        if source.is_empty() {
            return SourceKind::Other;
        }
        if let Some(ac) = &self.inner.legitimate_ac
            && ac.find_iter(source).next().is_some()
        {
            return SourceKind::Legitimate;
        }
        let mut s = source;
        for w in WRAP_BEFORE {
            if let Some(rest) = s.strip_prefix(w)
                && !rest.is_empty()
            {
                s = rest;
                break;
            }
        }
        for w in WRAP_AFTER {
            if let Some(rest) = s.strip_suffix(w)
                && !rest.is_empty()
            {
                s = rest;
                break;
            }
        }
        let lists = &self.inner;
        if lists.unverified.contains(s)
            || lists.unverified.contains(source)
            || lists
                .unverified_suffixes
                .iter()
                .any(|x| s.ends_with(x.as_str()))
        {
            return SourceKind::Unverified;
        }
        SourceKind::Other
    }
}

/// The normalized form names are compared in: folded, without noise or sentence breaks.
pub(crate) fn key(s: &str) -> String {
    let mut n = Normalized::new();
    n.normalize(s);
    n.text.chars().filter(|&c| c != BREAK).collect()
}

/// The [`key`] of the original text's bytes `b0..b1`, read off `norm`, the post normalized:
/// a name in a post is compared as the post was normalized, never normalized again.
pub(crate) fn key_at(norm: &Normalized, b0: usize, b1: usize) -> Cow<'_, str> {
    let (i, j) = (norm.index_of_original(b0), norm.index_of_original(b1));
    let text = &norm.text[norm.nbyte(i)..norm.nbyte(j.max(i))];
    if text.contains(BREAK) {
        Cow::Owned(text.chars().filter(|&c| c != BREAK).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Builds [`Sources`] from the shipped lists and your own.
///
/// List format: one name a line, `#` starts a comment, blank lines are skipped; in an unverified
/// list, `*name` matches every source that ends with `name`.
#[derive(Clone, Debug, Default)]
pub struct SourcesBuilder {
    legitimate: Vec<String>,
    unverified: Vec<String>,
}

impl SourcesBuilder {
    /// Adds the shipped lists.
    pub fn add_shipped(&mut self) -> &mut SourcesBuilder {
        // The shipped lists are plain text checked by a test; they cannot fail.
        self.add_legitimate("lexicons/sources/legitimate.txt", LEGITIMATE.as_bytes())
            .expect("the shipped legitimate list parses");
        self.add_unverified("lexicons/sources/unverified.txt", UNVERIFIED.as_bytes())
            .expect("the shipped unverified list parses");
        self
    }

    /// Adds legitimate names read from `reader`; `name` names the source in errors.
    ///
    /// # Errors
    /// A read error, a line that is not UTF-8, or a name that is empty after normalization
    /// (only punctuation): each with source and line.
    pub fn add_legitimate<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
    ) -> Result<&mut SourcesBuilder, ReferenceError> {
        for (line, entry) in parse_list(name, reader)? {
            if entry.starts_with('*') {
                return Err(ReferenceError::new(
                    name,
                    Some(line),
                    ReferenceErrorKind::Syntax,
                    "`*` suffix lines belong in an unverified list; a legitimate name already \
                     matches anywhere in a source"
                        .into(),
                ));
            }
            self.legitimate.push(entry);
        }
        Ok(self)
    }

    /// Adds unknown or illegitimate names read from `reader` (`*name`: any source ending with
    /// `name`); `name` names the source in errors.
    ///
    /// # Errors
    /// As [`add_legitimate`](SourcesBuilder::add_legitimate).
    pub fn add_unverified<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
    ) -> Result<&mut SourcesBuilder, ReferenceError> {
        for (_, entry) in parse_list(name, reader)? {
            self.unverified.push(entry);
        }
        Ok(self)
    }

    /// Adds a file of legitimate names.
    ///
    /// # Errors
    /// The file cannot be opened, or as [`add_legitimate`](SourcesBuilder::add_legitimate).
    pub fn add_legitimate_file<P: AsRef<Path>>(
        &mut self,
        path: P,
    ) -> Result<&mut SourcesBuilder, ReferenceError> {
        let (name, reader) = open(path.as_ref())?;
        self.add_legitimate(&name, reader)
    }

    /// Adds a file of unknown or illegitimate names.
    ///
    /// # Errors
    /// The file cannot be opened, or as [`add_unverified`](SourcesBuilder::add_unverified).
    pub fn add_unverified_file<P: AsRef<Path>>(
        &mut self,
        path: P,
    ) -> Result<&mut SourcesBuilder, ReferenceError> {
        let (name, reader) = open(path.as_ref())?;
        self.add_unverified(&name, reader)
    }

    /// The lists.
    pub fn build(&self) -> Sources {
        let mut legitimate = self.legitimate.clone();
        legitimate.sort_unstable();
        legitimate.dedup();
        let legitimate_ac = (!legitimate.is_empty()).then(|| {
            CharwiseDoubleArrayAhoCorasick::with_values(
                legitimate.iter().map(String::as_str).zip(0u32..),
            )
            .expect("non-empty, distinct, non-empty names build an automaton")
        });
        let mut unverified = HashSet::new();
        let mut unverified_suffixes = Vec::new();
        for e in &self.unverified {
            match e.strip_prefix('*') {
                Some(suffix) => unverified_suffixes.push(suffix.to_string()),
                None => {
                    unverified.insert(e.clone());
                }
            }
        }
        unverified_suffixes.sort_unstable();
        unverified_suffixes.dedup();
        Sources {
            inner: Arc::new(Lists {
                legitimate,
                legitimate_ac,
                unverified,
                unverified_suffixes,
            }),
        }
    }
}

/// Reads a list of one entry a line (`#` starts a comment, blank lines are skipped) through the
/// capped line reader, calling `each` with the line number and the trimmed entry: the loader of
/// the source lists and of the link check's domain list, so they fail alike, with source and
/// line.
///
/// # Errors
/// A line that cannot be read (I/O, not UTF-8, over the line limit), or what `each` returns.
pub(crate) fn read_entries<R: BufRead>(
    name: &str,
    reader: R,
    mut each: impl FnMut(usize, &str) -> Result<(), ReferenceError>,
) -> Result<(), ReferenceError> {
    let mut lines = Lines::new(reader, MAX_LINE_BYTES);
    while let Some((no, line)) = lines.next_line() {
        let line = line.map_err(|e| {
            ReferenceError::new(name, Some(no), ReferenceErrorKind::Read, e.to_string())
        })?;
        let line = line.split('#').next().unwrap_or("").trim();
        if !line.is_empty() {
            each(no, line)?;
        }
    }
    Ok(())
}

/// The entries of a list, normalized (a leading `*` kept), with their line numbers.
fn parse_list<R: BufRead>(name: &str, reader: R) -> Result<Vec<(usize, String)>, ReferenceError> {
    let mut out = Vec::new();
    read_entries(name, reader, |no, line| {
        let (star, body) = match line.strip_prefix('*') {
            Some(rest) => ("*", rest),
            None => ("", line),
        };
        let k = key(body);
        if k.is_empty() {
            return Err(ReferenceError::new(
                name,
                Some(no),
                ReferenceErrorKind::Syntax,
                format!("source name {line:?} is empty after normalization (only punctuation)"),
            ));
        }
        out.push((no, format!("{star}{k}")));
        Ok(())
    })?;
    Ok(out)
}

/// Opens a list file, naming it in the error.
fn open(path: &Path) -> Result<(String, std::io::BufReader<std::fs::File>), ReferenceError> {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(file) => Ok((name, std::io::BufReader::new(file))),
        Err(e) => Err(ReferenceError::new(
            &name,
            None,
            ReferenceErrorKind::Read,
            format!("cannot open: {e}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_read_off_the_post_keys_as_the_name_alone() {
        let text = "（來源：ＸＩＮＨＵＡ 新華社）據人民日報。報道，转自@央视新闻 ";
        let mut norm = Normalized::new();
        norm.normalize(text);
        for part in [
            "新華社",
            "ＸＩＮＨＵＡ 新華社",
            "人民日報。報道",
            "據人民日報",
            "@央视新闻",
            "來源：",
        ] {
            let b0 = text.find(part).unwrap();
            assert_eq!(key_at(&norm, b0, b0 + part.len()), key(part), "{part}");
        }
        assert_eq!(key_at(&norm, 3, 3), "");
    }

    #[test]
    fn shipped_lists_parse_and_are_not_empty() {
        let s = Sources::new();
        assert!(s.legitimate_len() > 50, "{s:?}");
        assert!(s.unverified_len() > 20, "{s:?}");
    }

    #[test]
    fn legitimate_names_match_inside_longer_sources() {
        let s = Sources::new();
        for name in [
            "新华社",
            "人民日报客户端",
            "《求是》杂志",
            "央视新闻微信公众号",
            "河北日报",
            "www.gov.cn",
            "某某县融媒体中心",
        ] {
            assert!(s.is_legitimate(name), "{name}");
        }
        assert!(!s.is_legitimate("某某生活号"));
        assert!(!s.is_legitimate(""));
    }

    #[test]
    fn unverified_names_are_exact_after_wording_is_dropped() {
        let s = Sources::new();
        for name in [
            "网络",
            "网络整理",
            "综合网络",
            "朋友圈",
            "网友爆料",
            "QQ群",
            "某某小区业主群",
            "互联网",
        ] {
            assert!(s.is_unverified(name), "{name}");
        }
        for name in [
            "网络安全周",
            "网络文明建设",
            "中国网络电视台",
            "市网信办",
            "人民网",
        ] {
            assert!(!s.is_unverified(name), "{name}");
        }
        // Legitimate wins.
        assert!(s.is_legitimate("中国网络电视台"));
    }

    #[test]
    fn user_lists_add_and_report_lines() {
        let s = Sources::builder()
            .add_unverified("u.txt", "# mine\n某某论坛\n*贴吧\n".as_bytes())
            .unwrap()
            .build();
        assert!(s.is_unverified("某某论坛"));
        assert!(s.is_unverified("本地贴吧"));
        assert!(!s.is_unverified("网络"), "the shipped list was not added");
        let err = Sources::builder()
            .add_legitimate("l.txt", "新华社\n。。\n".as_bytes())
            .unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(err.to_string().starts_with("l.txt:2:"), "{err}");
        let err = Sources::builder()
            .add_legitimate("l.txt", "*日报\n".as_bytes())
            .unwrap_err();
        assert_eq!(err.line(), Some(1));
    }
}
