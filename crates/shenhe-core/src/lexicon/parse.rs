//! The line parser for the lexicon format (see `lexicons/README.md`).

use std::io::BufRead;
use std::sync::Arc;

use super::{
    ContextDef, DEFAULT_WITHIN, Entry, EntryKind, Location, MAX_TERM_CHARS, Order, Scope, SetDef,
    Word, normalized,
};

/// Where parsed lines go.
pub(super) struct Parts<'a> {
    pub(super) entries: &'a mut Vec<Entry>,
    pub(super) sets: &'a mut Vec<SetDef>,
    pub(super) contexts: &'a mut Vec<ContextDef>,
}
use crate::category::{Action, Category};
use crate::util::error::{LexiconError, LexiconErrorKind};
use crate::util::lines::{LineError, Lines, MAX_LEXICON_LINE_BYTES};

/// Parses every line of `reader` into `entries` and `sets`. With `plain`, each line is a bare
/// term of that category (a word list), and anything after the first TAB is ignored.
pub(super) fn parse<R: BufRead>(
    source: Arc<str>,
    reader: R,
    plain: Option<Category>,
    parts: Parts<'_>,
) -> Result<(), LexiconError> {
    let Parts {
        entries,
        sets,
        contexts,
    } = parts;
    let mut lines = Lines::new(reader, MAX_LEXICON_LINE_BYTES);
    while let Some((line_no, line)) = lines.next_line() {
        let loc = Location {
            source: source.clone(),
            line: line_no,
        };
        let line = line.map_err(|e| {
            let kind = match e {
                LineError::Io(e) => LexiconErrorKind::Io(e.to_string()),
                LineError::TooLong { max } => LexiconErrorKind::LineTooLong { max },
                LineError::NotUtf8 => LexiconErrorKind::InvalidUtf8,
            };
            err(&loc, "", kind)
        })?;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(category) = plain {
            let term = line.split('\t').next().unwrap_or("").trim();
            entries.push(term_entry(term, EntryKind::Term(category), &loc)?);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("@context") {
            contexts.push(parse_context(rest, trimmed, &loc)?);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("@set") {
            sets.push(parse_set(rest, trimmed, &loc)?);
            continue;
        }
        entries.push(parse_entry(line, &loc)?);
    }
    Ok(())
}

fn err(loc: &Location, text: &str, kind: LexiconErrorKind) -> LexiconError {
    LexiconError::new(&loc.source, Some(loc.line), text, kind)
}

/// The fields of a line: TAB-separated, trimmed, up to the first field that starts with `#`.
fn fields(line: &str) -> impl Iterator<Item = &str> {
    line.split('\t')
        .map(str::trim)
        .take_while(|f| !f.starts_with('#'))
        .filter(|f| !f.is_empty())
}

fn term_entry(term: &str, kind: EntryKind, loc: &Location) -> Result<Entry, LexiconError> {
    let chars = term.chars().count();
    if chars > MAX_TERM_CHARS {
        return Err(err(
            loc,
            term,
            LexiconErrorKind::TermTooLong {
                chars,
                max: MAX_TERM_CHARS,
            },
        ));
    }
    // A term that names a set (`$推翻+$政权`) is a pattern, expanded when the lexicon is built
    // (the sets may be defined in files read later).
    let (norm, pattern) = if term.contains('$') {
        let parts = term
            .split('+')
            .map(str::trim)
            .map(|part| match part.strip_prefix('$') {
                Some("") => Err(err(loc, term, LexiconErrorKind::EmptyWord)),
                Some(name) if name.contains('$') => Err(err(
                    loc,
                    term,
                    LexiconErrorKind::BadAttribute(
                        "a term pattern joins its parts with + ($动作+$对象)".into(),
                    ),
                )),
                Some(name) => Ok(Word::Set(name.to_string())),
                None if part.is_empty() => Err(err(loc, term, LexiconErrorKind::EmptyWord)),
                None => Ok(Word::Literal(normalized(part, loc)?)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        (String::new(), parts)
    } else {
        (normalized(term, loc)?, Vec::new())
    };
    Ok(Entry {
        term: Arc::from(term),
        norm,
        kind,
        need: Vec::new(),
        and: Vec::new(),
        unless: Vec::new(),
        within: Scope::Within(DEFAULT_WITHIN),
        order: Order::Any,
        action: None,
        boundary: false,
        homophone: None,
        pattern,
        location: loc.clone(),
    })
}

fn parse_entry(line: &str, loc: &Location) -> Result<Entry, LexiconError> {
    let mut it = fields(line);
    let term = it.next().unwrap_or("");
    let Some(cat) = it.next() else {
        return Err(err(loc, line, LexiconErrorKind::MissingCategory));
    };
    let kind = if cat == "allow" {
        EntryKind::Allow { only: u32::MAX }
    } else {
        let c: Category = cat.parse().map_err(|_| {
            err(
                loc,
                line,
                LexiconErrorKind::UnknownCategory(cat.to_string()),
            )
        })?;
        EntryKind::Term(c)
    };
    let mut entry = term_entry(term, kind, loc)?;
    for attr in it {
        let (key, value) = match attr.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => (attr, None),
        };
        let bad = |why: String| err(loc, line, LexiconErrorKind::BadAttribute(why));
        let is_allow = matches!(entry.kind, EntryKind::Allow { .. });
        if is_allow && key != "only" {
            return Err(err(
                loc,
                line,
                LexiconErrorKind::AttributeNotForAllow(key.to_string()),
            ));
        }
        match (key, value) {
            ("need", Some(v)) => entry.need.extend(words(v, loc, line)?),
            ("and", Some(v)) => entry.and.push(words(v, loc, line)?),
            ("order", Some(v)) => {
                entry.order = match v {
                    "after" => Order::After,
                    "before" => Order::Before,
                    "any" => Order::Any,
                    _ => return Err(bad(format!("order={v}: expected after, before or any"))),
                }
            }
            ("homophone", None) => entry.homophone = Some(true),
            ("homophone", Some("on")) => entry.homophone = Some(true),
            ("homophone", Some("off")) => entry.homophone = Some(false),
            ("homophone", Some(v)) => {
                return Err(bad(format!("homophone={v}: expected on or off")));
            }
            ("unless", Some(v)) => entry.unless.extend(words(v, loc, line)?),
            ("within", Some(v)) => entry.within = scope(v).map_err(bad)?,
            ("action", Some(v)) => {
                entry.action = Some(v.parse::<Action>().map_err(|e| bad(e.to_string()))?)
            }
            ("boundary", None) => entry.boundary = true,
            ("only", Some(v)) => {
                if !is_allow {
                    return Err(bad("only= applies to allow lines".into()));
                }
                let mut mask = 0u32;
                for c in v.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    let c: Category = c
                        .parse()
                        .map_err(|e: crate::UnknownId| bad(e.to_string()))?;
                    mask |= 1 << c.index();
                }
                if mask == 0 {
                    return Err(bad("only= lists no category".into()));
                }
                entry.kind = EntryKind::Allow { only: mask };
            }
            ("need" | "and" | "order" | "unless" | "within" | "action" | "only", None) => {
                return Err(bad(format!("{key} needs a value ({key}=...)")));
            }
            ("boundary", Some(_)) => return Err(bad("boundary takes no value".into())),
            _ => {
                return Err(err(
                    loc,
                    line,
                    LexiconErrorKind::UnknownAttribute(attr.to_string()),
                ));
            }
        }
    }
    Ok(entry)
}

fn parse_set(rest: &str, line: &str, loc: &Location) -> Result<SetDef, LexiconError> {
    // `@set NAME<TAB>WORDS`; a space after @set is tolerated, and so is `NAME = WORDS`.
    let rest = rest.trim_start();
    let (name, words_text) = match rest.split_once('\t') {
        Some((n, w)) => (n.trim().trim_end_matches('=').trim(), w.trim()),
        None => match rest.split_once('=') {
            Some((n, w)) => (n.trim(), w.trim()),
            None => return Err(err(loc, line, LexiconErrorKind::BadSetLine)),
        },
    };
    let words_text = words_text.strip_prefix('=').unwrap_or(words_text).trim();
    let words_text = words_text.split("\t#").next().unwrap_or("").trim();
    if name.is_empty()
        || name.contains(|c: char| c.is_whitespace() || c == '$' || c == '|')
        || words_text.is_empty()
    {
        return Err(err(loc, line, LexiconErrorKind::BadSetLine));
    }
    Ok(SetDef {
        name: name.to_string(),
        words: words(words_text, loc, line)?,
        location: loc.clone(),
    })
}

fn parse_context(rest: &str, line: &str, loc: &Location) -> Result<ContextDef, LexiconError> {
    let bad = |why: String| err(loc, line, LexiconErrorKind::BadAttribute(why));
    let mut fields = fields(rest);
    let name = fields.next().unwrap_or("");
    if name.is_empty() || name.contains('=') {
        return Err(bad(
            "expected @context NAME<TAB>cue=...<TAB>only=...[<TAB>within=N|sentence|post][<TAB>unless=...]".into(),
        ));
    }
    let mut def = ContextDef {
        name: Arc::from(name),
        cue: Vec::new(),
        unless: Vec::new(),
        only: 0,
        scope: Scope::Sentence,
        location: loc.clone(),
    };
    for attr in fields {
        let Some((key, value)) = attr.split_once('=') else {
            return Err(err(
                loc,
                line,
                LexiconErrorKind::UnknownAttribute(attr.to_string()),
            ));
        };
        let value = value.trim();
        match key.trim() {
            "cue" => def.cue.extend(words(value, loc, line)?),
            "unless" => def.unless.extend(words(value, loc, line)?),
            "only" => {
                for c in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    let c: Category = c
                        .parse()
                        .map_err(|e: crate::UnknownId| bad(e.to_string()))?;
                    def.only |= 1 << c.index();
                }
            }
            "within" => def.scope = scope(value).map_err(bad)?,
            _ => {
                return Err(err(
                    loc,
                    line,
                    LexiconErrorKind::UnknownAttribute(attr.to_string()),
                ));
            }
        }
    }
    if def.cue.is_empty() {
        return Err(bad("a context needs cue=".into()));
    }
    if def.only == 0 {
        return Err(bad(
            "a context needs only= (the categories it applies to)".into()
        ));
    }
    Ok(def)
}

/// A `within=` value: a number of characters (in the same sentence), `sentence` or `post`.
fn scope(value: &str) -> Result<Scope, String> {
    match value {
        "sentence" => Ok(Scope::Sentence),
        "post" => Ok(Scope::Post),
        n => n
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .map(Scope::Within)
            .ok_or_else(|| {
                format!("within={n}: expected sentence, post or a number from 1 to 1000")
            }),
    }
}

fn words(list: &str, loc: &Location, line: &str) -> Result<Vec<Word>, LexiconError> {
    list.split('|')
        .map(str::trim)
        .map(|w| {
            if w.is_empty() {
                Err(err(loc, line, LexiconErrorKind::EmptyWord))
            } else if let Some(name) = w.strip_prefix('$') {
                Ok(Word::Set(name.to_string()))
            } else {
                let chars = w.chars().count();
                if chars > MAX_TERM_CHARS {
                    return Err(err(
                        loc,
                        w,
                        LexiconErrorKind::TermTooLong {
                            chars,
                            max: MAX_TERM_CHARS,
                        },
                    ));
                }
                Ok(Word::Literal(normalized(w, loc)?))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::category::Category;
    use crate::lexicon::{EntryKind, Lexicon, Scope, Word};

    #[test]
    fn parses_terms_attributes_sets_and_allows() {
        let lex = Lexicon::builder()
            .add_str(
                "t.txt",
                "# comment\n\n@set 招揽\t加我|私聊\n彩金\tgambling\tneed=$招揽|注册\twithin=8\taction=review\n\
                 法轮\tcult_superstition\tboundary\t# trailing comment\n依法轮流\tallow\tonly=cult_superstition\n",
            )
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(lex.entries.len(), 3);
        let e = &lex.entries[0];
        assert_eq!(e.kind, EntryKind::Term(Category::Gambling));
        assert_eq!(
            e.need,
            vec![Word::Set("招揽".into()), Word::Literal("注册".into())]
        );
        assert_eq!(e.within, Scope::Within(8));
        assert!(lex.entries[1].boundary);
        assert_eq!(
            lex.entries[2].kind,
            EntryKind::Allow {
                only: 1 << Category::CultSuperstition.index()
            }
        );
        assert_eq!(lex.sets.len(), 1);
    }

    fn error(text: &str) -> String {
        match Lexicon::builder().add_str("bad.txt", text) {
            Err(e) => e.to_string(),
            Ok(b) => b.build().unwrap_err().to_string(),
        }
    }

    #[test]
    fn errors_name_file_line_and_text() {
        assert_eq!(
            error("ok\tporn\n赌场\tgamble\n"),
            "bad.txt:2: unknown category \"gamble\" (see docs/contract.md §3 for the category ids, or use `allow`): \"赌场\\tgamble\""
        );
        assert!(error("赌场\n").starts_with("bad.txt:1: missing category"));
        assert!(error("x\tporn\tcolor=red\n").contains("unknown attribute \"color=red\""));
        assert!(error("x\tporn\twithin=0\n").contains("within=0"));
        assert!(error("x\tporn\taction=pass\n").contains("unknown action"));
        assert!(error("***\tporn\n").contains("empty after normalization"));
        assert!(error("赌。博\tporn\n").contains("sentence end"));
        assert!(error("x\tporn\tneed=a||b\n").contains("empty word"));
        assert!(error("x\tporn\tneed=$nope\n").starts_with("bad.txt:1: set $nope is not defined"));
        assert!(error("@set a\tx\n@set a\ty\n").starts_with("bad.txt:2: set $a is defined twice"));
        assert!(error("@set a\t$b\n@set b\t$a\n").contains("includes itself"));
        assert!(error("@set\n").contains("bad set line"));
        assert!(error("x\tallow\tneed=y\n").contains("does not apply to allow"));
        assert!(error(&format!("{}\tporn\n", "长".repeat(300))).contains("limit of 256"));
        assert!(error("@context c\tonly=porn\n").contains("needs cue="));
        assert!(error("@context c\tcue=x\n").contains("needs only="));
        assert!(error("@context c\tcue=x\tonly=porn\twithin=page\n").contains("within=page"));
        assert!(error("@context c\tcue=$nope\tonly=porn\n").contains("set $nope is not defined"));
        assert!(error("@context c\tcue=x\tonly=pron\n").contains("unknown category"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes: &[u8] = b"ok\tporn\n\xff\xfe\tporn\n";
        let e = Lexicon::builder().add_reader("b.txt", bytes).unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().contains("not valid UTF-8"));
    }

    #[test]
    fn word_lists_import_with_the_given_category() {
        let lex = Lexicon::builder()
            .add_word_list(
                "w.txt",
                "\u{feff}# list\n刷单返利\t42\n\n日结兼职\n".as_bytes(),
                Category::CrimeInstigation,
            )
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(lex.terms_in(Category::CrimeInstigation), 2);
        assert_eq!(&*lex.entries[0].term, "刷单返利");
    }
}
