//! Verdicts and hits: the JSON shape of contract §4.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::category::{Account, Action, Category, Decision, Risk};

macro_rules! serialize_as_str {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}
serialize_as_str!(Action, Decision, Account, Risk);

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One finding in a post.
///
/// Spans are offsets into the ORIGINAL text the user sent, even when the match was found after
/// normalization: `&text[hit.start..hit.end] == hit.matched`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Hit {
    /// The category of the finding.
    pub category: Category,
    /// What the finding asks for, after the policy for the account type.
    pub action: Action,
    /// The regulation clause it rests on, e.g. `Y9(七)`.
    pub clause: &'static str,
    /// The lexicon entry (or rule name) that matched.
    pub term: Arc<str>,
    /// The original text of the span.
    pub matched: String,
    /// Byte offset of the span's start in the original text.
    pub start: usize,
    /// Byte offset of the span's end (exclusive).
    pub end: usize,
    /// The span's start in Unicode scalar values.
    pub char_start: usize,
    /// The span's end in Unicode scalar values (exclusive).
    pub char_end: usize,
    /// One short human-readable line in Chinese.
    pub reason: String,
    /// The model's score (0–1) for a hit of a learned model (term `model:<category>`); absent
    /// for lexicon and detector hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

// Scores are sigmoids of finite sums, never NaN: equality is reflexive.
impl Eq for Hit {}

impl Hit {
    /// Appends the hit as JSON, as [`Verdict::to_json`] writes it.
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"category\":");
        json_name(out, self.category.id());
        out.push_str(",\"action\":");
        json_name(out, self.action.as_str());
        out.push_str(",\"clause\":");
        json_str(out, self.clause);
        out.push_str(",\"term\":");
        json_str(out, &self.term);
        out.push_str(",\"matched\":");
        json_str(out, &self.matched);
        for (key, n) in [
            (",\"start\":", self.start),
            (",\"end\":", self.end),
            (",\"char_start\":", self.char_start),
            (",\"char_end\":", self.char_end),
        ] {
            out.push_str(key);
            json_usize(out, n);
        }
        out.push_str(",\"reason\":");
        json_str(out, &self.reason);
        if let Some(score) = self.score {
            out.push_str(",\"score\":");
            json_f64(out, score);
        }
        out.push('}');
    }
}

/// Appends a name of the contract's tables (a decision, account, category, risk or action
/// id): ASCII words with nothing to escape, as a test checks for every one.
fn json_name(out: &mut String, name: &'static str) {
    out.push('"');
    out.push_str(name);
    out.push('"');
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it: quote, backslash and the
/// control chars (`\n` and its kind by letter, the others as `\u00xx`); the rest as it is.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        // The run up to the next byte to escape goes out in one piece.
        let i = from + plain_prefix(&bytes[from..]);
        out.push_str(&s[from..i]);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        // (An ASCII byte: `i` and `i + 1` are char boundaries.)
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(short);
        }
        from = i + 1;
    }
    out.push('"');
}

/// The length of the longest prefix of `bytes` with no byte a JSON string escapes (a control
/// char, `"` or `\`), eight bytes at a time: most strings have none.
fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Nonzero when some byte of `w` is below `n` (n <= 0x80); exact as a yes or no.
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_ne_bytes(word);
        if below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5c), 1) != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .unwrap_or(bytes.len() - at)
}

/// Appends `n` in decimal.
fn json_usize(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// Appends `x` as `serde_json` writes an `f64` (`null` when not finite). The scores of most
/// verdicts, 0 and 1, are written without it.
fn json_f64(out: &mut String, x: f64) {
    if x == 0.0 && x.is_sign_positive() {
        out.push_str("0.0");
    } else if x == 1.0 {
        out.push_str("1.0");
    } else {
        out.push_str(&serde_json::to_string(&x).expect("an f64 always serializes"));
    }
}

/// Fills in the char offsets of `hits`, whose byte spans lie in `text`: up to four hits each
/// from the start of the text, more on one walk through the text in the order of their spans'
/// ends, whatever their number. (Counting from the start for each hit made a post of many hits
/// quadratic; keeping a char offset for every normalized char cost four bytes a char.)
pub(crate) fn count_chars(text: &str, hits: &mut [Hit]) {
    // The few hits of most posts are counted each from the start: no memory to sort in.
    if hits.len() <= 4 {
        for h in hits {
            h.char_start = text.get(..h.start).map_or(0, |s| s.chars().count());
            h.char_end = h.char_start + text.get(h.start..h.end).map_or(0, |s| s.chars().count());
        }
        return;
    }
    // (byte offset, hit index × 2, + 1 for its end)
    let mut ends: Vec<(usize, usize)> = Vec::with_capacity(hits.len() * 2);
    for (i, h) in hits.iter().enumerate() {
        ends.push((h.start, 2 * i));
        ends.push((h.end, 2 * i + 1));
    }
    ends.sort_unstable();
    let (mut at, mut chars) = (0, 0);
    for (byte, k) in ends {
        chars += text.get(at..byte).map_or(0, |s| s.chars().count());
        at = byte;
        let h = &mut hits[k / 2];
        if k % 2 == 0 {
            h.char_start = chars;
        } else {
            h.char_end = chars;
        }
    }
}

/// The verdict on one post (contract §4).
///
/// # Example
/// ```
/// use shenhe::{Decision, Engine};
/// let engine = Engine::new()?;
/// let v = engine.screen("赌*博网站注册就送彩金")?;
/// assert_eq!(v.verdict, Decision::Block);
/// assert!(v.to_json().starts_with(r#"{"verdict":"block","account":"org","categories":["gambling""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Verdict {
    /// Echoed from the input when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `block` if any hit blocks, else `review` if any asks for review, else `pass`.
    pub verdict: Decision,
    /// The account type the post was screened for.
    pub account: Account,
    /// The distinct categories of hits whose action is not `note`, most severe first.
    pub categories: Vec<Category>,
    /// The strongest evidence for holding the post, 0–1 (contract §7): a hit that blocks counts
    /// as 1.0, one that asks for review as its rule's confidence ([`REVIEW_CONFIDENCE`] for
    /// lexicon and detector rules); notes count nothing, so a post that passes scores 0.
    pub score: f64,
    /// The verdict in one word: `none` (nothing found), `low` (notes only), `medium` (review),
    /// `high` (block).
    pub risk: Risk,
    /// The category of the most severe hit (notes included, so a pass with notes has one);
    /// absent when there is no hit. Among equally severe hits, the contract's table order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Category>,
    /// Every finding, in text order, up to [`Config::max_hits_per_term`](crate::Config::max_hits_per_term)
    /// of one term or rule with one action.
    pub hits: Vec<Hit>,
    /// The findings left out of `hits` by
    /// [`Config::max_hits_per_term`](crate::Config::max_hits_per_term): past the limit, a
    /// term's further occurrences are counted as the scan found them, without checking their
    /// rules one by one, so this may count some that would not have been hits. They never
    /// change the other fields. Written only when above 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub hits_omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How much a lexicon or detector hit that asks for `review` counts in [`Verdict::score`]: the
/// rule found its words, but a person must judge them (weak terms, named things without a
/// solicitation, figures that need sign-off).
pub const REVIEW_CONFIDENCE: f64 = 0.7;

// `score` is built from actions only and is never NaN, so equality is an equivalence.
impl Eq for Verdict {}

impl Verdict {
    /// Assembles a verdict from hits: orders them, derives `verdict` and `categories`.
    pub(crate) fn from_hits(
        id: Option<String>,
        account: Account,
        mut hits: Vec<Hit>,
        hits_omitted: usize,
    ) -> Verdict {
        hits.sort_by(|a, b| {
            (a.start, a.end, a.category, &a.term).cmp(&(b.start, b.end, b.category, &b.term))
        });
        let verdict = Decision::from_actions(hits.iter().map(|h| h.action));
        let mut worst: Vec<(Action, Category)> = Vec::new();
        for h in hits.iter().filter(|h| h.action > Action::Note) {
            match worst.iter_mut().find(|(_, c)| *c == h.category) {
                Some(w) => w.0 = w.0.max(h.action),
                None => worst.push((h.action, h.category)),
            }
        }
        // Most severe first; among equals, the contract's table order.
        worst.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let score = hits
            .iter()
            .map(|h| match h.action {
                Action::Block => 1.0,
                // A model hit's confidence is its own score (contract §4).
                Action::Review => h.score.unwrap_or(REVIEW_CONFIDENCE),
                Action::Note => 0.0,
            })
            .fold(0.0, f64::max);
        let label = hits
            .iter()
            .map(|h| (std::cmp::Reverse(h.action), h.category))
            .min()
            .map(|(_, c)| c);
        Verdict {
            id,
            verdict,
            account,
            categories: worst.into_iter().map(|(_, c)| c).collect(),
            score,
            risk: Risk::from_actions(hits.iter().map(|h| h.action)),
            label,
            hits,
            hits_omitted,
        }
    }

    /// The verdict as one line of JSON (contract §4), without a trailing newline.
    ///
    /// The same text `serde_json` writes from the `Serialize` impl (a test holds them to each
    /// other), written directly: the keys are literals and only the strings of the post are
    /// escaped. Through serde, a comment's verdict cost a third as much as screening it.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(112 + 288 * self.hits.len());
        self.write_json(&mut out);
        out
    }

    /// Appends the verdict as one line of JSON (contract §4), without a line end, to `out`:
    /// what [`to_json`](Verdict::to_json) returns, written where the caller keeps the lines of
    /// many posts, so that a batch of verdicts needs no string of its own for each.
    ///
    /// ```
    /// let engine = shenhe::Engine::new().unwrap();
    /// let mut lines = String::new();
    /// for post in ["今天天气很好", "网络赌场注册就送彩金"] {
    ///     let verdict = engine.screen(post).unwrap();
    ///     verdict.write_json(&mut lines);
    ///     lines.push('\n');
    /// }
    /// let mut read = lines.lines();
    /// assert!(read.next().unwrap().contains(r#""verdict":"pass""#));
    /// assert!(read.next().unwrap().contains(r#""verdict":"block""#));
    /// ```
    pub fn write_json(&self, out: &mut String) {
        out.reserve(112 + 288 * self.hits.len());
        out.push('{');
        if let Some(id) = &self.id {
            out.push_str("\"id\":");
            json_str(out, id);
            out.push(',');
        }
        out.push_str("\"verdict\":");
        json_name(out, self.verdict.as_str());
        out.push_str(",\"account\":");
        json_name(out, self.account.as_str());
        // Most verdicts find nothing: their fields after the account are always the same,
        // written in one piece rather than eight.
        if self.categories.is_empty()
            && self.score.to_bits() == 0
            && self.risk == Risk::None
            && self.label.is_none()
            && self.hits.is_empty()
            && self.hits_omitted == 0
        {
            out.push_str(",\"categories\":[],\"score\":0.0,\"risk\":\"none\",\"hits\":[]}");
            return;
        }
        out.push_str(",\"categories\":[");
        for (i, c) in self.categories.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_name(out, c.id());
        }
        out.push_str("],\"score\":");
        json_f64(out, self.score);
        out.push_str(",\"risk\":");
        json_name(out, self.risk.as_str());
        if let Some(label) = self.label {
            out.push_str(",\"label\":");
            json_name(out, label.id());
        }
        out.push_str(",\"hits\":[");
        for (i, h) in self.hits.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            h.write_json(out);
        }
        out.push(']');
        if self.hits_omitted != 0 {
            out.push_str(",\"hits_omitted\":");
            json_usize(out, self.hits_omitted);
        }
        out.push('}');
    }

    /// True when the verdict is `pass`.
    pub fn is_pass(&self) -> bool {
        self.verdict == Decision::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::{Hit, Verdict, count_chars};
    use crate::category::{Account, Action, Category, Decision, Risk};

    #[test]
    fn write_json_appends_what_to_json_returns() {
        let engine = crate::Engine::new().unwrap();
        let mut out = String::from("before\n");
        let mut want = out.clone();
        for post in ["今天天气很好", "网络赌场注册就送彩金，加微信abc12345"] {
            let v = engine.screen(post).unwrap();
            v.write_json(&mut out);
            want.push_str(&v.to_json());
        }
        assert_eq!(out, want);
        assert!(out.contains(r#""verdict":"block""#));
    }

    #[test]
    fn the_json_is_what_serde_writes_from_the_same_verdict() {
        let same = |v: &Verdict| {
            assert_eq!(v.to_json(), serde_json::to_string(v).unwrap());
        };
        // Screened verdicts: the shipped samples and challenge posts, with and without an id.
        let engine = crate::Engine::new().unwrap();
        let mut texts = vec![
            "联系 13812345678 \"引号\" 反\\斜杠 \u{1}\u{1f}\t\n\r\u{8}\u{c}\u{7f} 😀 赌博网站"
                .to_string(),
        ];
        for file in [
            include_str!("../../../samples/posts.jsonl"),
            include_str!("../../../tests/data/challenge.jsonl"),
        ] {
            texts.extend(crate::util::texts_of(file));
        }
        let mut hits = 0;
        for (i, text) in texts.iter().enumerate() {
            let id = format!("p{i}\"\u{0}");
            let v = engine
                .screen(crate::Input::new(text).id(&id).account(Account::Staff))
                .unwrap();
            same(&v);
            same(&engine.screen(text.as_str()).unwrap());
            hits += v.hits.len();
        }
        assert!(hits > 100, "{hits}");
        // Built by hand: every optional field, and scores of every kind.
        let hit = |score: Option<f64>| Hit {
            category: Category::Gambling,
            action: Action::Review,
            clause: "X1",
            term: "t\"\\\u{2}".into(),
            matched: "赌\u{1b}博😀".into(),
            start: 0,
            end: usize::MAX,
            char_start: 10,
            char_end: 1234567890,
            reason: "原因\n第二行\u{7f}".into(),
            score,
        };
        for score in [
            0.0,
            -0.0,
            1.0,
            0.7,
            0.1 + 0.2,
            1e300,
            5e-324,
            f64::NAN,
            f64::INFINITY,
        ] {
            same(&Verdict {
                id: None,
                verdict: Decision::Review,
                account: Account::Private,
                categories: vec![Category::Gambling, Category::Porn],
                score,
                risk: Risk::Medium,
                label: Some(Category::Gambling),
                hits: vec![hit(Some(score)), hit(None)],
                hits_omitted: 7,
            });
        }
        // A verdict without hits, as found and with each field that the one piece written
        // for it leaves out set in turn.
        let empty = Verdict {
            id: Some("e".into()),
            verdict: Decision::Pass,
            account: Account::Staff,
            categories: Vec::new(),
            score: 0.0,
            risk: Risk::None,
            label: None,
            hits: Vec::new(),
            hits_omitted: 0,
        };
        let each: [&dyn Fn(&mut Verdict); 7] = [
            &|_| {},
            &|v| v.categories = vec![Category::Vulgar],
            &|v| v.score = -0.0,
            &|v| v.risk = Risk::Low,
            &|v| v.label = Some(Category::Vulgar),
            &|v| v.hits = vec![hit(None)],
            &|v| v.hits_omitted = 3,
        ];
        for change in each {
            let mut v = empty.clone();
            change(&mut v);
            same(&v);
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_escapes_them_wherever_the_byte_stands() {
        // Every byte JSON escapes, and its ASCII neighbours that it does not, at every offset
        // of a text of ASCII and Chinese, so that each falls in every place of an eight-byte
        // word and in the tail after the last word.
        let mut specials: Vec<char> = (0u8..0x20).map(char::from).collect();
        specials.extend(['"', '\\', ' ', '!', '#', '[', ']', '\u{7f}', '网', '😀']);
        let base = "ab网络赌场cd\"e😀fgh你好ijklmnop";
        let mut cases = 0;
        for at in (0..=base.len()).filter(|&i| base.is_char_boundary(i)) {
            for &c in &specials {
                for text in [
                    format!("{}{c}{}", &base[..at], &base[at..]),
                    format!("{}{c}", &base[..at]),
                    format!("{c}{c}{}", &base[at..]),
                ] {
                    let mut out = String::new();
                    super::json_str(&mut out, &text);
                    assert_eq!(out, serde_json::to_string(&text).unwrap(), "{text:?}");
                    cases += 1;
                }
            }
        }
        assert!(cases > 1000, "{cases}");
        let mut out = String::new();
        super::json_str(&mut out, "");
        assert_eq!(out, "\"\"");
    }

    #[test]
    fn the_names_written_unescaped_need_no_escape() {
        let mut names: Vec<&str> = Category::ALL.iter().map(|c| c.id()).collect();
        names.extend(Account::ALL.iter().map(|a| a.as_str()));
        names.extend([Decision::Pass, Decision::Review, Decision::Block].map(|d| d.as_str()));
        names.extend([Risk::None, Risk::Low, Risk::Medium, Risk::High].map(|r| r.as_str()));
        names.extend([Action::Note, Action::Review, Action::Block].map(|a| a.as_str()));
        assert!(names.len() > 30, "{names:?}");
        for name in names {
            assert_eq!(serde_json::to_string(name).unwrap(), format!("\"{name}\""));
        }
    }

    #[test]
    fn char_offsets_are_counted_for_hits_in_any_order_and_overlapping() {
        let text = "a赌博😀网站b赌博";
        let hit = |start: usize, end: usize| Hit {
            category: Category::Gambling,
            action: Action::Block,
            clause: "",
            term: "t".into(),
            matched: text[start..end].to_string(),
            start,
            end,
            char_start: usize::MAX,
            char_end: usize::MAX,
            reason: String::new(),
            score: None,
        };
        // 网站b赌博, a赌博😀网站 (holding the first), 赌博 twice, and an empty span at the end.
        let mut hits = vec![hit(11, 24), hit(0, 17), hit(1, 7), hit(18, 24), hit(24, 24)];
        // Five hits are counted on one walk in span order, three each from the start.
        let mut few = hits[..3].to_vec();
        count_chars(text, &mut hits);
        count_chars(text, &mut few);
        let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.char_start, h.char_end)).collect();
        for h in hits.iter().chain(&few) {
            assert_eq!(h.char_start, text[..h.start].chars().count());
            assert_eq!(h.char_end, text[..h.end].chars().count());
        }
        assert_eq!(spans, [(4, 9), (0, 6), (1, 3), (7, 9), (9, 9)]);
        assert_eq!(few, hits[..3]);
    }
}
