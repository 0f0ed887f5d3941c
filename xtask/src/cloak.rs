//! `cargo run -p xtask -- cloak [--check]`: the cloaked copy of the challenge set.
//!
//! Reads `tests/data/challenge.jsonl` and writes `tests/data/challenge-cloaked.jsonl`: the same
//! posts, ids suffixed `-c`, with every keyword of a post's `keys` disguised the way evaders
//! disguise words, so that the challenge test measures the engine's homophone and emoji views
//! instead of assuming them. Lines alternate by their position in the file: even lines (0, 2, …)
//! take a homophone in each key, odd lines an emoji (a key that holds no word of the emoji table
//! takes a homophone instead). Exactly one character (or one emoji word) is replaced per key, so
//! a key of two or more characters keeps the rest of its syllables and the post stays readable.
//!
//! **Homophones.** A character's reading is its first toneless pinyin reading in the `pinyin`
//! crate (MIT, pinned). Its substitute is the character with the same reading that jieba-rs's
//! default dictionary counts most often, other than itself and other than its own traditional or
//! simplified form (a trad/simp swap is not a homophone, the normalizer folds it); ties go to the
//! lower code point. The most frequent character is what a person typing pinyin is offered first,
//! which is how real homophone evasion is made (颠覆 → 点覆, 法轮 → 发轮). Candidates are the CJK
//! Unified Ideographs block (U+4E00..U+9FFF) in simplified form. Which character of a key is
//! replaced rotates with the line and key number over the characters that have a substitute.
//!
//! **Emoji.** The table is `lexicons/emoji.txt` (`EMOJI<TAB>WORD`, `#` comments), the same table
//! the engine folds; for a word with several emoji the first line wins. In a key, the longest
//! table word it contains (then the leftmost) is replaced by its emoji.
//!
//! Everything is deterministic: no randomness, and the output depends only on the two input files
//! and the pinned crates. `--check` regenerates in memory and fails when the checked-in copy
//! differs (CI runs it), so the copy cannot go stale when the set or the emoji table changes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use jieba_rs::Jieba;
use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// The challenge set, relative to the workspace root.
pub(crate) const PLAIN: &str = "tests/data/challenge.jsonl";
/// The generated cloaked copy, relative to the workspace root.
pub(crate) const CLOAKED: &str = "tests/data/challenge-cloaked.jsonl";
/// The emoji table, relative to the workspace root.
pub(crate) const EMOJI: &str = "lexicons/emoji.txt";

/// One line of the challenge set.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Post {
    id: String,
    text: String,
    harm: bool,
    cats: Vec<String>,
    #[serde(default)]
    keys: Vec<String>,
    #[serde(default)]
    why: String,
}

/// One line of the cloaked copy: the post's fields, then what was replaced.
#[derive(Serialize)]
struct Cloaked<'a> {
    id: String,
    text: String,
    harm: bool,
    cats: &'a [String],
    /// The keys as they read after cloaking.
    keys: Vec<String>,
    why: &'a str,
    /// `plain→cloaked (homophone|emoji)` per key.
    cloak: Vec<String>,
}

/// How one key was disguised.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Method {
    Homophone,
    Emoji,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Homophone => "homophone",
            Method::Emoji => "emoji",
        }
    }
}

/// The substitution tables: homophone per character, emoji per word.
pub(crate) struct Cloaker {
    homophone: HashMap<char, char>,
    /// (word, emoji), longest word first, then in table order.
    emoji: Vec<(String, String)>,
}

impl Cloaker {
    /// Builds the homophone table from the pinyin crate and jieba's dictionary, and reads the
    /// emoji table text (`name` is used in error messages).
    pub(crate) fn new(emoji_name: &str, emoji_src: &str) -> Result<Cloaker, String> {
        Ok(Cloaker {
            homophone: homophones(),
            emoji: parse_emoji(emoji_name, emoji_src)?,
        })
    }

    /// The homophone chosen for `c`, if it has one.
    pub(crate) fn homophone(&self, c: char) -> Option<char> {
        self.homophone.get(&c).copied()
    }

    /// `key` with one character replaced by its homophone; `turn` picks which one among the
    /// characters that have a homophone. `None` when no character has one.
    pub(crate) fn by_homophone(&self, key: &str, turn: usize) -> Option<String> {
        let chars: Vec<char> = key.chars().collect();
        let places: Vec<usize> = (0..chars.len())
            .filter(|&i| self.homophone(chars[i]).is_some())
            .collect();
        if places.is_empty() {
            return None;
        }
        let at = places[turn % places.len()];
        let mut out = chars;
        out[at] = self.homophone(out[at])?;
        Some(out.into_iter().collect())
    }

    /// `key` with its longest (then leftmost) emoji-table word replaced by the emoji. `None`
    /// when the key holds no table word.
    pub(crate) fn by_emoji(&self, key: &str) -> Option<String> {
        let mut best: Option<(usize, usize, &str, &str)> = None; // (len, start, word, emoji)
        for (word, emoji) in &self.emoji {
            if let Some(start) = key.find(word.as_str()) {
                let len = word.chars().count();
                let better = match best {
                    None => true,
                    Some((l, s, _, _)) => len > l || (len == l && start < s),
                };
                if better {
                    best = Some((len, start, word, emoji));
                }
            }
        }
        let (_, start, word, emoji) = best?;
        Some(format!(
            "{}{}{}",
            &key[..start],
            emoji,
            &key[start + word.len()..]
        ))
    }

    /// Disguises one key: `prefer` first, the other method when it does not apply.
    pub(crate) fn cloak_key(
        &self,
        key: &str,
        prefer: Method,
        turn: usize,
    ) -> Option<(String, Method)> {
        let homophone = || self.by_homophone(key, turn).map(|k| (k, Method::Homophone));
        let emoji = || self.by_emoji(key).map(|k| (k, Method::Emoji));
        match prefer {
            Method::Homophone => homophone().or_else(emoji),
            Method::Emoji => emoji().or_else(homophone),
        }
    }
}

/// The homophone table: for every character of the CJK Unified Ideographs block, the most
/// frequent other simplified character with the same first toneless reading.
fn homophones() -> HashMap<char, char> {
    let jieba = Jieba::new();
    // reading → [(frequency, char)] over the simplified characters.
    let mut by_reading: BTreeMap<&'static str, Vec<(usize, char)>> = BTreeMap::new();
    let mut readings: Vec<(char, &'static str)> = Vec::new();
    for c in ('\u{4E00}'..='\u{9FFF}').filter(|c| c.to_pinyin().is_some()) {
        let reading = c.to_pinyin().map(|p| p.plain()).unwrap_or_default();
        readings.push((c, reading));
        if simplified(c) == c {
            // For one character, jieba's suggested frequency is its dictionary count + 1 (1 for
            // a character the dictionary does not hold): an order by how common it is.
            let freq = jieba.suggest_freq(c.encode_utf8(&mut [0; 4]));
            by_reading.entry(reading).or_default().push((freq, c));
        }
    }
    for list in by_reading.values_mut() {
        list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    let mut table = HashMap::new();
    for (c, reading) in readings {
        let own = simplified(c);
        if let Some(&(_, sub)) = by_reading[reading]
            .iter()
            .find(|&&(_, s)| s != c && s != own)
        {
            table.insert(c, sub);
        }
    }
    table
}

/// The simplified form of one character (itself when it has no single-character one).
fn simplified(c: char) -> char {
    let s = hanconv::t2s(c.to_string());
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// Parses the emoji table: `EMOJI<TAB>WORD` lines, `#` comments, blank lines.
fn parse_emoji(name: &str, src: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(emoji), Some(word)) = (fields.next(), fields.next()) else {
            return Err(format!("{name}:{}: expected EMOJI<TAB>WORD", i + 1));
        };
        // A trailing `# comment` field is allowed; anything else is a mistake.
        if let Some(extra) = fields.next().filter(|f| !f.trim_start().starts_with('#')) {
            return Err(format!(
                "{name}:{}: unexpected third field {extra:?}",
                i + 1
            ));
        }
        let (emoji, word) = (emoji.trim(), word.trim());
        if emoji.is_empty() || word.is_empty() {
            return Err(format!("{name}:{}: empty emoji or word", i + 1));
        }
        if !out.iter().any(|(w, _)| w == word) {
            out.push((word.to_string(), emoji.to_string()));
        }
    }
    if out.is_empty() {
        return Err(format!("{name}: no EMOJI<TAB>WORD line"));
    }
    // Longest word first; the stable sort keeps table order among equals.
    out.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
    Ok(out)
}

/// Counts for the summary line.
#[derive(Default, Debug)]
pub(crate) struct Stats {
    pub(crate) lines: usize,
    pub(crate) harmful: usize,
    pub(crate) keys_homophone: usize,
    pub(crate) keys_emoji: usize,
}

/// The cloaked copy of `plain` (the challenge set's text; `name` for error messages).
pub(crate) fn cloak(cloaker: &Cloaker, name: &str, plain: &str) -> Result<(String, Stats), String> {
    let mut out = String::new();
    let mut stats = Stats::default();
    for (i, line) in plain.lines().enumerate() {
        let at = || format!("{name}:{}", i + 1);
        if line.trim().is_empty() {
            return Err(format!("{}: empty line", at()));
        }
        let post: Post = serde_json::from_str(line)
            .map_err(|e| format!("{}: not a challenge post: {e}", at()))?;
        let prefer = if i % 2 == 0 {
            Method::Homophone
        } else {
            Method::Emoji
        };
        let mut text = post.text.clone();
        let mut keys = Vec::new();
        let mut notes = Vec::new();
        for (k, key) in post.keys.iter().enumerate() {
            if !post.text.contains(key.as_str()) {
                return Err(format!("{}: key {key:?} does not occur in the text", at()));
            }
            // A key inside an earlier key's disguise is already disguised.
            if !text.contains(key.as_str()) {
                continue;
            }
            let Some((new, method)) = cloaker.cloak_key(key, prefer, i + k) else {
                continue;
            };
            text = text.replace(key.as_str(), &new);
            match method {
                Method::Homophone => stats.keys_homophone += 1,
                Method::Emoji => stats.keys_emoji += 1,
            }
            notes.push(format!("{key}→{new} ({})", method.name()));
            keys.push(new);
        }
        if post.harm && text == post.text {
            return Err(format!(
                "{}: no key of this harmful post has a homophone or an emoji; add a key of Chinese \
                 characters",
                at()
            ));
        }
        stats.lines += 1;
        stats.harmful += usize::from(post.harm);
        let cloaked = Cloaked {
            id: format!("{}-c", post.id),
            text,
            harm: post.harm,
            cats: &post.cats,
            keys,
            why: &post.why,
            cloak: notes,
        };
        out.push_str(&serde_json::to_string(&cloaked).map_err(|e| format!("{}: {e}", at()))?);
        out.push('\n');
    }
    Ok((out, stats))
}

/// Reads the inputs and cloaks them.
fn generate(root: &Path) -> Result<(String, Stats), String> {
    let read =
        |rel: &str| std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{rel}: {e}"));
    let cloaker = Cloaker::new(EMOJI, &read(EMOJI)?)?;
    cloak(&cloaker, PLAIN, &read(PLAIN)?)
}

pub(crate) fn run(check: bool) -> ExitCode {
    let root = crate::workspace_root();
    let started = Instant::now();
    let (generated, stats) = match generate(&root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let path = root.join(CLOAKED);
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != generated {
            eprintln!(
                "error: {CLOAKED} is out of date: it differs from what {PLAIN} and {EMOJI} \
                 generate.\nRun `cargo run -p xtask -- cloak` and commit the result."
            );
            if let Some((line, old, new)) = crate::first_difference(&current, &generated) {
                eprintln!(
                    "first difference at line {line}:\n  checked in: {old}\n  generated:  {new}"
                );
            }
            return ExitCode::FAILURE;
        }
        println!("{CLOAKED} is up to date ({:.1?})", started.elapsed());
    } else {
        if let Err(e) = std::fs::write(&path, &generated) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "wrote {CLOAKED}: {} posts ({} harmful), keys disguised by homophone {}, by emoji {} \
             ({:.1?})",
            stats.lines,
            stats.harmful,
            stats.keys_homophone,
            stats.keys_emoji,
            started.elapsed()
        );
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static CLOAKER: LazyLock<Cloaker> = LazyLock::new(|| {
        Cloaker::new("test", "# animals\n🐷\t猪\n🔫\t枪\n💣\t炸弹\n💥\t炸\n").unwrap()
    });

    #[test]
    fn a_homophone_has_the_same_toneless_reading_and_is_another_character() {
        for c in "颠覆政权法轮功去死畜生你妈赌博".chars() {
            let h = CLOAKER
                .homophone(c)
                .unwrap_or_else(|| panic!("{c} has no homophone"));
            assert_ne!(h, c);
            assert_eq!(
                h.to_pinyin().unwrap().plain(),
                c.to_pinyin().unwrap().plain(),
                "{c} → {h}"
            );
            assert_eq!(simplified(h), h, "{c} → {h} is not simplified");
        }
    }

    #[test]
    fn a_homophone_is_a_common_character_not_a_traditional_form() {
        // The most frequent reading-mates, as an IME offers them first.
        assert_eq!(CLOAKER.homophone('死'), Some('四'));
        // 發/髮 are 发's own traditional forms: never chosen for 发, and 發 maps to a character
        // other than 发.
        assert_ne!(CLOAKER.homophone('发'), Some('發'));
        assert_ne!(CLOAKER.homophone('發'), Some('发'));
    }

    #[test]
    fn one_character_per_key_and_the_turn_picks_which() {
        let a = CLOAKER.by_homophone("颠覆", 0).unwrap();
        let b = CLOAKER.by_homophone("颠覆", 1).unwrap();
        assert_ne!(a, b);
        for k in [&a, &b] {
            let same = k
                .chars()
                .zip("颠覆".chars())
                .filter(|(x, y)| x == y)
                .count();
            assert_eq!(same, 1, "{k}");
        }
        assert_eq!(CLOAKER.by_homophone("sb", 0), None);
    }

    #[test]
    fn emoji_takes_the_longest_then_leftmost_word() {
        assert_eq!(CLOAKER.by_emoji("制作炸弹").as_deref(), Some("制作💣"));
        assert_eq!(CLOAKER.by_emoji("猪脑子").as_deref(), Some("🐷脑子"));
        assert_eq!(CLOAKER.by_emoji("颠覆"), None);
        // No table word: the emoji line falls back to a homophone.
        let (k, m) = CLOAKER.cloak_key("颠覆", Method::Emoji, 0).unwrap();
        assert_eq!(m, Method::Homophone);
        assert_ne!(k, "颠覆");
    }

    #[test]
    fn lines_alternate_and_every_occurrence_of_a_key_is_disguised() {
        let plain = concat!(
            r#"{"id":"a","text":"卖枪，真枪","harm":true,"cats":["crime_instigation"],"keys":["卖枪"]}"#,
            "\n",
            r#"{"id":"b","text":"出售手枪，手枪","harm":true,"cats":["crime_instigation"],"keys":["手枪"]}"#,
            "\n",
            r#"{"id":"c","text":"今天天气好","harm":false,"cats":[]}"#,
            "\n"
        );
        let (out, stats) = cloak(&CLOAKER, "t", plain).unwrap();
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["id"], "a-c");
        // Line 0 takes a homophone, line 1 an emoji, in every occurrence.
        let t0 = lines[0]["text"].as_str().unwrap();
        assert!(!t0.contains("卖枪") && t0.ends_with("，真枪"), "{t0}");
        assert_eq!(lines[1]["text"], "出售手🔫，手🔫");
        assert_eq!(lines[2]["text"], "今天天气好");
        assert_eq!((stats.keys_homophone, stats.keys_emoji), (1, 1));
    }

    #[test]
    fn bad_input_is_named_by_file_and_line() {
        let err = cloak(&CLOAKER, "set.jsonl", "{\"id\":1}\n").err().unwrap();
        assert!(
            err.starts_with("set.jsonl:1: not a challenge post"),
            "{err}"
        );
        let line = r#"{"id":"a","text":"你好","harm":true,"cats":["vulgar"],"keys":["再见"]}"#;
        let err = cloak(&CLOAKER, "set.jsonl", line).err().unwrap();
        assert!(err.contains("set.jsonl:1: key \"再见\""), "{err}");
        let line = r#"{"id":"a","text":"sb","harm":true,"cats":["vulgar"],"keys":["sb"]}"#;
        let err = cloak(&CLOAKER, "set.jsonl", line).err().unwrap();
        assert!(err.contains("no key of this harmful post"), "{err}");
        let err = Cloaker::new("emoji.txt", "🐷 猪\n").err().unwrap();
        assert_eq!(err, "emoji.txt:1: expected EMOJI<TAB>WORD");
    }

    #[test]
    fn checked_in_copy_is_fresh() {
        let root = crate::workspace_root();
        let (generated, _) = generate(&root).unwrap();
        let current = std::fs::read_to_string(root.join(CLOAKED)).unwrap();
        assert!(
            current == generated,
            "{CLOAKED} is stale: run `cargo run -p xtask -- cloak`"
        );
    }
}
