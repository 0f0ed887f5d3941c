//! The dateline of a news report (新华社北京11月22日电, 本报讯, 央视网消息), matched by hand.
//!
//! The grammar is [`DATELINE`], a regex; [`Dateline::find`] finds the match a leftmost-first
//! search of that regex finds, with the same groups, by trying its alternatives in the order
//! the regex prefers them. Why not the regex: its `\p{Han}` repeats make a lazy DFA of many
//! states, built afresh for each new post that holds 电, 讯 or 消 near 社, 网, 报, 台 or 闻
//! (130k instructions a search on Weibo comments, 6.5k on official news, where it was 3% of
//! screening a post; a dense DFA built once would hold 39 MB). The tests hold the two to each
//! other on generated text.
//!
//! The trade: where the lazy DFA is warm and datelines nearly match everywhere (the latency
//! bench's generated posts, a comma every 13 chars and 电, 消, 报, 台 among the common chars),
//! trying each start by hand costs more than the DFA's one pass (2.7k instructions on the
//! slowest 1% of those posts); on real posts it costs less (official news 700 a post).

use std::sync::LazyLock;

use regex_syntax::hir::{Class, HirKind};

/// A dateline: at a line start or after a non-Han char, an agency (up to ten Han chars, the
/// fewest that end in 社, 网, 报, 台 or 新闻), a place (up to eight Han chars, the fewest), an
/// optional date (the longest: month and day), then 电, 讯 or 消息. (The grammar; screening
/// uses [`Dateline::find`], and the tests hold it to this.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const DATELINE: &str = r"(?:(?m:^)|[^\p{Han}])(?P<agency>[\p{Han}]{1,10}?(?:社|网|报|台|新闻))(?P<place>[\p{Han}]{0,8}?)(?P<date>(?:\d{1,2}月)?\d{1,2}日)?(?P<end>电|讯|消息)";

/// What [`DATELINE`] is made of, in the order it tries them.
const AGENCY_MAX: usize = 10;
const AGENCY_ENDS: [&[char]; 5] = [&['社'], &['网'], &['报'], &['台'], &['新', '闻']];
const PLACE_MAX: usize = 8;
const ENDS: [&[char]; 3] = [&['电'], &['讯'], &['消', '息']];

/// A match of [`DATELINE`]: byte spans in the text searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The whole match, the char before the agency included when it is not a line start.
    pub(crate) span: (usize, usize),
    pub(crate) agency: (usize, usize),
    /// Empty when the dateline names no place.
    pub(crate) place: (usize, usize),
    pub(crate) date: Option<(usize, usize)>,
    /// 电, 讯 or 消息.
    pub(crate) end: (usize, usize),
}

/// The chars of a char class of the regex syntax (`\p{Han}`, `\d`), as sorted ranges.
fn class(pattern: &str) -> Vec<(char, char)> {
    let hir = regex_syntax::parse(pattern).expect("a char class parses");
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => c.iter().map(|r| (r.start(), r.end())).collect(),
        _ => unreachable!("{pattern} is a Unicode class"),
    }
}

/// True for a char of `\p{Han}`: the ideographs of the main block (a test checks the class
/// holds them all), else looked up. Not [`crate::normalize::is_han`], the detectors' narrower
/// class: `\p{Han}` also holds 〇, 々 and the radicals, and the matcher keeps the regex's class
/// so that it finds what the regex found.
fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || in_class(&HAN, c)
}

fn in_class(ranges: &[(char, char)], c: char) -> bool {
    let i = ranges.partition_point(|r| r.1 < c);
    ranges.get(i).is_some_and(|r| r.0 <= c)
}

/// `\p{Han}` and `\d` as the regex reads them (Unicode: `\d` is every decimal digit).
static HAN: LazyLock<Vec<(char, char)>> = LazyLock::new(|| class(r"\p{Han}"));
static DIGIT: LazyLock<Vec<(char, char)>> = LazyLock::new(|| class(r"\d"));

/// The most chars from an agency's first char to its 电, 讯 or 消息: an agency of ten and
/// 新闻, a place of eight, a date of six (12月31日).
const REACH: usize = AGENCY_MAX + 2 + PLACE_MAX + 6;

/// Where a text's 电, 讯 and 消 stand (where a dateline can end), found once for all the
/// searches of a text, and room for the chars a search reads.
#[derive(Debug, Default)]
pub(crate) struct Ends {
    ends: Vec<usize>,
    window: Vec<(usize, char)>,
}

/// The chars a dateline ends with, found as bytes.
static END_CHARS: LazyLock<[memchr::memmem::Finder<'static>; 3]> = LazyLock::new(|| {
    ["电", "讯", "消"].map(|c| memchr::memmem::Finder::new(c.as_bytes()).into_owned())
});

impl Ends {
    /// Finds the end chars of `hay`, replacing what was there.
    pub(crate) fn load(&mut self, hay: &str) {
        self.ends.clear();
        for finder in END_CHARS.iter() {
            self.ends.extend(finder.find_iter(hay.as_bytes()));
        }
        self.ends.sort_unstable();
    }
}

impl Dateline {
    /// The leftmost-first match of [`DATELINE`] in `hay` that starts at or after byte `pos`
    /// (look-behind sees the text before `pos`, as a regex search of `pos..` does), or `None`.
    /// `ends` holds `hay`'s end chars ([`Ends::load`]).
    ///
    /// Walks the chars from `pos` as bytes: a match begins at a line start or a non-Han char,
    /// and most chars are ideographs of the main block, told by their lead byte; where one can
    /// begin with an end char in reach, the chars after it are read and tried.
    pub(crate) fn find(hay: &str, pos: usize, ends: &mut Ends) -> Option<Dateline> {
        let Ends { ends, window } = ends;
        let bytes = hay.as_bytes();
        let mut next_end = ends.partition_point(|&e| e < pos);
        let mut b = pos;
        while b < bytes.len() {
            // U+5000..=U+9FFF, all Han: lead bytes E5 to E9.
            let (len, han) = if (0xe5..=0xe9).contains(&bytes[b]) {
                (3, true)
            } else {
                let c = hay[b..].chars().next()?;
                (c.len_utf8(), is_han(c))
            };
            let line_start = b == 0 || bytes[b - 1] == b'\n';
            if line_start || !han {
                while ends.get(next_end).is_some_and(|&e| e < b) {
                    next_end += 1;
                }
                // None from here on, or none in reach of this char (at most four bytes a char).
                let &e = ends.get(next_end)?;
                if e <= b + (REACH + 2) * 4 {
                    // `(?m:^)` first, then a non-Han char; the agency begins after either.
                    for a in [line_start.then_some(b), (!han).then_some(b + len)]
                        .into_iter()
                        .flatten()
                    {
                        window.clear();
                        window.extend(
                            hay[a..]
                                .char_indices()
                                .take(REACH + 4)
                                .map(|(i, c)| (a + i, c)),
                        );
                        let after = window.last().map_or(a, |&(i, c)| i + c.len_utf8());
                        if let Some(mut m) = Self::from_agency(window, after) {
                            m.span.0 = b;
                            return Some(m);
                        }
                    }
                }
            }
            b += len;
        }
        None
    }

    /// The match whose agency begins at the first of `chars` (the text's chars from there,
    /// with their byte offsets; `len`, the byte after the last), trying the regex's choices in
    /// its order.
    fn from_agency(chars: &[(usize, char)], len: usize) -> Option<Dateline> {
        let a = 0;
        let at = |i: usize| chars.get(i).map_or(len, |c| c.0);
        let han = |i: usize| chars.get(i).is_some_and(|c| is_han(c.1));
        let digit = |i: usize| chars.get(i).is_some_and(|c| in_class(&DIGIT, c.1));
        let is = |i: usize, c: char| chars.get(i).is_some_and(|x| x.1 == c);
        let word = |i: usize, w: &[char]| {
            w.iter()
                .enumerate()
                .all(|(k, &c)| is(i + k, c))
                .then_some(i + w.len())
        };
        // `\d{1,2}` then `c`, two digits first: where `c` ends.
        let digits_then = |i: usize, c: char| {
            [2, 1]
                .into_iter()
                .find(|&n| (i..i + n).all(digit) && is(i + n, c))
                .map(|n| i + n + 1)
        };
        // Ends at char `i`: where 电, 讯 or 消息 ends.
        let end = |i: usize| ENDS.iter().find_map(|w| word(i, w));
        // Lazy `{1,10}?`: the fewest chars first.
        for n in 1..=AGENCY_MAX {
            if !han(a + n - 1) {
                break;
            }
            for suffix in AGENCY_ENDS {
                let Some(agency_end) = word(a + n, suffix) else {
                    continue;
                };
                for m in 0..=PLACE_MAX {
                    let p = agency_end + m;
                    if m > 0 && !han(p - 1) {
                        break;
                    }
                    let dateline = |date: Option<usize>, e: usize, stop: usize| Dateline {
                        span: (at(a), at(stop)),
                        agency: (at(a), at(agency_end)),
                        place: (at(agency_end), at(p)),
                        date: date.map(|d| (at(p), at(d))),
                        end: (at(e), at(stop)),
                    };
                    // A date (with its month first, then without), then none.
                    for month in [true, false] {
                        let day = if month {
                            digits_then(p, '月')
                        } else {
                            Some(p)
                        };
                        // (`\d{1,2}日` after the month: two digits, then one.)
                        let date_end = day.and_then(|d| {
                            [2, 1].into_iter().find_map(|k| {
                                let e = ((d..d + k).all(digit) && is(d + k, '日'))
                                    .then_some(d + k + 1)?;
                                end(e).map(|stop| (e, stop))
                            })
                        });
                        if let Some((e, stop)) = date_end {
                            return Some(dateline(Some(e), e, stop));
                        }
                    }
                    if let Some(stop) = end(p) {
                        return Some(dateline(None, p, stop));
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::Input;
    use regex_automata::meta::Regex;
    use regex_automata::util::captures::Captures;

    /// What the regex finds from `pos`, as a [`Dateline`].
    fn by_regex(re: &Regex, caps: &mut Captures, hay: &str, pos: usize) -> Option<Dateline> {
        re.search_captures(&Input::new(hay).range(pos..), caps);
        let m = caps.get_match()?;
        let span = |name: &str| caps.get_group_by_name(name).map(|s| (s.start, s.end));
        Some(Dateline {
            span: (m.start(), m.end()),
            agency: span("agency")?,
            place: span("place")?,
            date: span("date"),
            end: span("end")?,
        })
    }

    #[test]
    fn han_is_the_class_of_the_regex() {
        let han = regex_automata::meta::Regex::new(r"^\p{Han}$").unwrap();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                is_han(c),
                han.is_match(&*c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }

    #[test]
    fn the_matcher_finds_what_the_regex_finds() {
        let re = Regex::new(DATELINE).unwrap();
        let mut caps = re.create_captures();
        let mut ends = Ends::default();
        let mut find = |text: &str, pos: usize| {
            ends.load(text);
            Dateline::find(text, pos, &mut ends)
        };
        for (text, found) in [
            ("新华社北京3月5日电", "新华社北京3月5日电"),
            (
                "据新华社北京１２月３１日电 记者",
                "据新华社北京１２月３１日电",
            ),
            ("本报讯（记者 王五）", "本报讯"),
            ("。央视网消息：今天", "。央视网消息"),
            (
                "人民日报社论说，新华社四川成都十月一日电",
                "，新华社四川成都十月一日电",
            ),
            // The widest: an agency of ten chars and 新闻, a place of eight, a date of six.
            (
                "消息，一二三四五六七八九十新闻成都成都成都成都12月31日电",
                "，一二三四五六七八九十新闻成都成都成都成都12月31日电",
            ),
        ] {
            let m = find(text, 0).expect(text);
            assert_eq!(&text[m.span.0..m.span.1], found);
            assert_eq!(Some(m), by_regex(&re, &mut caps, text, 0), "{text}");
        }
        // Generated text of the grammar's chars, other Han chars (of four bytes, of the block
        // before the main one), a non-Han char that shares the main block's first lead byte
        // (䷀), digits of other scripts, line breaks and punctuation, searched from every char
        // as the detector resumes.
        let alphabet: Vec<&str> = "社 网 报 台 新 闻 电 讯 消 息 北京 月 日 1 2 ３ ٣ 〇 ， a \n 本 中 々 𠀀 ䷀ 㐀 12月 3日 ３１日 ٣月"
            .split(' ')
            .collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| crate::util::below(&mut seed, n);
        let (mut matched, mut dated, mut placed) = (0, 0, 0);
        for _ in 0..20_000 {
            let text: String = (0..1 + next(24))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            for (pos, _) in text.char_indices() {
                let found = find(&text, pos);
                assert_eq!(
                    found,
                    by_regex(&re, &mut caps, &text, pos),
                    "{text:?} from {pos}"
                );
                if let Some(m) = found {
                    matched += 1;
                    dated += usize::from(m.date.is_some());
                    placed += usize::from(m.place.0 < m.place.1);
                }
            }
        }
        assert!(
            matched > 10_000 && dated > 500 && placed > 1_000,
            "{matched} {dated} {placed}"
        );
    }
}
