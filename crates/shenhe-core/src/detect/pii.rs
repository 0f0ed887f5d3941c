//! Personal information (`personal_info`; H15 对个人信息进行去标识化技术性处理): ID numbers, bank
//! card numbers, mobile numbers and e-mail addresses that a post would publish in the clear, and
//! the redacted copy of a text ([`Engine::redact`](crate::Engine::redact)).
//!
//! # Numbers
//!
//! Numbers are read from the normalized text, where full-width (１３８), circled (①③⑧) and Chinese
//! (一三八, 幺) digits are already ASCII, and mapped back to the original through
//! [`Normalized::origins`]. Normalization drops spaces and dashes, so the original text between
//! two digits decides how they belong together:
//!
//! - nothing (or only invisible format characters): the same group of digits;
//! - one space or dash (at most three spaces and dashes, at most one dash): the next group of the
//!   same written number (`138 1234 5678`, `6222-0212-3456-7894`); a number may start at any group;
//! - a `.` (decimals, versions, addresses) or a mask character (`*`, `＊`, `×`): neither group is
//!   personal information;
//! - anything else (a letter, a Chinese character, `/`, `,`, `(`, a sentence end): a boundary.
//!
//! Digit boundaries are checked here, not with regex look-around: a number is only reported when
//! it covers whole groups, so 订单号9913812345678123 (one 16-digit group) holds no phone number.
//! Masked forms (138****5678, 110101********1234, 13812345678**) pass: digits that touch a mask
//! character are never part of a number.
//!
//! | rule | written as | accepted when |
//! | --- | --- | --- |
//! | `id_card` | 18 digits (last may be X), or 6-8-4 | a province code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 81–83), a birth date from 1900-01-01 to today (China time, or the day set with `Config::today`), and the GB 11643 check digit |
//! | `id_card_15` | 15 digits, or 6-6-3 | a province code and a birth date 19YY-MM-DD |
//! | `bank_card` | 16–19 digits, or groups of 4 (the last 1–4) | the Luhn check, an issuer prefix (below), and no order-number word (订单, 单号, 流水号, 编号, 交易号, 运单, 快递) in the 8 characters before it, same sentence |
//! | `mobile` | 11 digits `1[3-9]…`, or 3-4-4; after `+86`, `86` or `0086` (in the span) | always |
//! | `email` | `local@domain.tld`, ASCII (a full-width `＠` is not read) | the domain is not a government one (`gov.cn`), and the address is not masked (`z***n@qq.com`) |
//!
//! A number inside an e-mail address (`13812345678@qq.com`: the ASCII word around it holds an
//! `@`) is left to the `email` rule. When one written number fits several rules, the first row
//! wins (an 18-digit ID number that also passes Luhn is an ID number). Bank card issuer prefixes: 62 (UnionPay, nearly every
//! Chinese debit and credit card), 60 and 65 (UnionPay/Discover ranges), 4 (Visa), 51–55 and
//! 22–27 (Mastercard), 35 (JCB), 9558/9559 (older ICBC and ABC cards). A random 16–19-digit number
//! passes Luhn one time in ten; the prefix and the order-number words keep order, waybill and
//! transaction numbers out.
//!
//! **Not personal information**, by construction: public hotlines and service numbers (110, 119,
//! 120, 122, 12345, 12315, 12369, 95588…: too short), 400/800 numbers (`400-xxx-xxxx`: 10 digits,
//! no `1[3-9]` start), landlines with or without an area code (`0471-1234567`, `(010)12345678`,
//! `01012345678`: they start with 0, or have 7–8 digits), and government mailboxes
//! (`xinfang@beijing.gov.cn`).
//!
//! # Actions
//!
//! ID and bank card numbers take the category's action (block on `org` and `staff`). A mobile
//! number or an e-mail address is a way to reach someone, and official notices publish their
//! contact persons' numbers on purpose, so on its own it asks for review (contract §6: "a mobile
//! number on its own asks for review, not block"). It takes the category's action when the post
//! ties it to a person's record:
//!
//! - the post also holds an ID or bank card number, or
//! - it holds both a mobile number and an e-mail address, or
//! - it holds a record word: 姓名, 住址, 身份证号, 户籍, 出生日期 (on the normalized text, so 姓 名 and
//!   身份證號 count).
//!
//! 联系人 and a bare 身份证 are not record words: "联系人: 王老师 138…" and "请携带身份证原件, 咨询电话
//! 138…" are ordinary service notices.
//!
//! # Redaction
//!
//! Only digits are replaced (one `*` per original character), so separators, full-width and
//! Chinese digits keep their place: mobile numbers keep the first 3 and last 4 digits
//! (138****5678; a `+86` prefix stays), 18-digit ID numbers the first 6 (the region) and last 4
//! (110101********1234: the birth date goes), 15-digit ones the first 6 and last 3, bank cards the
//! last 4, e-mail addresses the first character and the domain (`z***@example.com`, a fixed three
//! stars so the length does not show; a one-character local part becomes `*`). Every masked form
//! is one the detector passes, so redacting twice changes nothing (a randomized test checks it).
//!
//! # Cost
//!
//! A post with fewer than 11 ASCII digits in its normalized form and no `@` is skipped after one
//! pass over its bytes; nothing is allocated unless something is found.

use std::sync::{Arc, LazyLock};

use regex_automata::meta::Regex;

use crate::category::{Action, Category};
use crate::detect::vocab::words;
use crate::detect::{Context, Detector, DetectorRule, Finding, Findings, Mask, detector_rules};
use crate::normalize::{Normalized, Origin, is_invisible};

/// The fewest digits any rule needs (a mobile number).
const MIN_DIGITS: usize = 11;

/// The most groups one written number spans (4-4-4-4-3), plus one for the `86` prefix.
const WINDOW: usize = 6;

/// Province codes (GB/T 2260), the first two digits of an ID number: first digit 1–6 or 8.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 81, 82, 83,
];

/// Words that tie a mobile number or e-mail address to a person's record (normalized form; the
/// set `个人档案` of `lexicons/detectors/pii.txt`).
static RECORD_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("个人档案"));

/// Words before a long number that make it an order, waybill or transaction number (the set
/// `单号`).
static ORDER_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| words("单号"));

/// How many normalized chars before a card number [`ORDER_WORDS`] are looked for in.
const ORDER_WINDOW: usize = 8;

/// What was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    IdCard,
    IdCard15,
    BankCard,
    Mobile,
    Email,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::IdCard,
        Kind::IdCard15,
        Kind::BankCard,
        Kind::Mobile,
        Kind::Email,
    ];

    /// The rule name, reported as the hit's `term`.
    /// The rule's name, from the detector's table ([`RULES`], in `Kind` order).
    fn rule(self) -> &'static str {
        RULES[self as usize].name
    }

    fn reason(self) -> &'static str {
        match self {
            Kind::IdCard => "个人信息: 身份证号未去标识化",
            Kind::IdCard15 => "个人信息: 15位身份证号未去标识化",
            Kind::BankCard => "个人信息: 银行卡号未去标识化",
            Kind::Mobile => "个人信息: 手机号未去标识化",
            Kind::Email => "个人信息: 电子邮箱未去标识化",
        }
    }

    /// Whether the `i`-th of the `n` digits of a number is masked in the redacted copy.
    fn masks(self, i: usize, n: usize) -> bool {
        match self {
            Kind::Mobile => (3..7).contains(&i),
            Kind::IdCard => i >= 6 && i + 4 < n,
            Kind::IdCard15 => i >= 6 && i + 3 < n,
            Kind::BankCard => i + 4 < n,
            Kind::Email => false,
        }
    }
}

/// One piece of personal information in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) kind: Kind,
    /// Byte span in the original text (with a `+86` prefix when there is one).
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// For numbers, the normalized chars of the number's own digits (without a country prefix);
    /// every char in it is an ASCII digit or a final `x`. Empty for e-mail addresses.
    digits: (u32, u32),
}

/// The personal information detector: the e-mail pattern, compiled once, and the rule names.
#[derive(Clone, Debug)]
pub(crate) struct PiiDetector {
    /// E-mail addresses, ASCII classes only (Unicode classes cost 60× the speed).
    email: Regex,
    /// Rule names in [`Kind::ALL`] order, shared by every finding.
    rules: [Arc<str>; 5],
    /// The day ID numbers are checked against (`yyyymmdd`, from `Config::today`); `None` for
    /// the current day in China, read from the clock.
    pub(crate) today: Option<u32>,
}

impl Default for PiiDetector {
    fn default() -> PiiDetector {
        PiiDetector::new()
    }
}

impl PiiDetector {
    pub(crate) fn new() -> PiiDetector {
        let email = Regex::new(
            r"(?-u)[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}",
        )
        .expect("the e-mail pattern compiles");
        PiiDetector {
            email,
            rules: Kind::ALL.map(|k| Arc::from(k.rule())),
            today: None,
        }
    }

    /// `text` with every piece of personal information masked; `norm` is scratch space.
    pub(crate) fn redact(&self, text: &str, norm: &mut Normalized) -> String {
        norm.normalize(text);
        let mut items = Vec::new();
        self.scan(text, norm, |item| items.push(item));
        let mut masks = Vec::new();
        masks_of(text, norm, &items, &mut masks);
        apply(text, masks)
    }

    /// Calls `found` for each piece of personal information: numbers in text order, then e-mail
    /// addresses in text order.
    pub(crate) fn scan(&self, text: &str, norm: &Normalized, mut found: impl FnMut(Item)) {
        if norm.ascii_digits() >= MIN_DIGITS {
            Numbers::new(text, norm, self.today).run(&mut found);
        }
        // An address holds an ASCII `@` and, after it, a dot: Weibo's mentions (回复@name:)
        // hold the one without the other, and skip the pattern.
        let raw = text.as_bytes();
        if let Some(at) = memchr::memchr(b'@', raw)
            && memchr::memchr(b'.', &raw[at..]).is_some()
        {
            self.emails(text, &mut found);
        }
    }

    fn emails(&self, text: &str, found: &mut impl FnMut(Item)) {
        for m in self.email.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before = text[..s].chars().next_back();
            let after = text.as_bytes().get(e).copied();
            // z***n@qq.com is masked, not the address n@qq.com; a.com1 is not a domain (nor is
            // a.com*, which a.com1 becomes when the number after it is redacted); a@b.c@d.com is
            // not two addresses.
            if matches!(before, Some('*' | '＊' | '×' | '@'))
                || after.is_some_and(|b| b.is_ascii_alphanumeric() || b"_-*@".contains(&b))
            {
                continue;
            }
            let domain = &text[s..e][text[s..e].find('@').map_or(0, |a| a + 1)..];
            let gov = domain.len() >= 6
                && domain[domain.len() - 6..].eq_ignore_ascii_case("gov.cn")
                && (domain.len() == 6 || domain.as_bytes()[domain.len() - 7] == b'.');
            if gov {
                continue;
            }
            found(Item {
                kind: Kind::Email,
                start: s,
                end: e,
                digits: (0, 0),
            });
        }
    }
}

/// Appends the masks that redact `items` (found in `text`, normalized as `norm`): the digits
/// each kind hides, and an e-mail address's local part but its first char.
fn masks_of(text: &str, norm: &Normalized, items: &[Item], masks: &mut Vec<Mask>) {
    for item in items {
        if item.kind == Kind::Email {
            let span = &text[item.start..item.end];
            let first = span.chars().next().map_or(0, char::len_utf8);
            let at = span.find('@').unwrap_or(first);
            if at > first {
                masks.push((item.start + first, item.start + at, "***"));
            } else {
                // A one-character local part goes entirely.
                masks.push((item.start, item.start + at, "*"));
            }
            continue;
        }
        let (d0, d1) = (item.digits.0 as usize, item.digits.1 as usize);
        let n = d1 - d0;
        let mut last: Option<Origin> = None;
        for (i, o) in norm.origins[d0..d1].iter().enumerate() {
            // ⑳ is two normalized digits from one original char: mask it once.
            if item.kind.masks(i, n) && last.is_none_or(|l| l.start() != o.start()) {
                masks.push((o.start() as usize, o.end() as usize, "*"));
                last = Some(*o);
            }
        }
    }
}

/// `text` with `masks` applied.
pub(crate) fn apply(text: &str, mut masks: Vec<Mask>) -> String {
    if masks.is_empty() {
        return text.to_string();
    }
    masks.sort_unstable_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e, with) in masks {
        if s < at {
            continue; // inside a mask applied already (overlapping findings)
        }
        out.push_str(&text[at..s]);
        out.push_str(with);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// True when the post holds a word that ties a contact to a person's record.
fn has_record_word(norm: &Normalized) -> bool {
    RECORD_WORDS
        .iter()
        .any(|w| memchr::memmem::find(norm.text.as_bytes(), w.as_bytes()).is_some())
}

/// A run of digits that stands together in the original text.
#[derive(Clone, Copy, Debug, Default)]
struct Group {
    /// First normalized char.
    c0: u32,
    /// First byte in the normalized text.
    b0: u32,
    /// Number of digits.
    len: u32,
    /// Followed directly by `x` (an ID number's check character).
    x: bool,
    /// Part of a decimal or dotted number: never personal information.
    dead: bool,
}

/// How two neighbouring digits of the normalized text stood in the original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// Next to each other (or with only invisible characters between).
    Joined,
    /// A space or dash between: the next group of the same written number.
    Separator,
    /// A dot (a decimal, version or address) or a mask character (`*`, `＊`, `×`: a masked
    /// number) between: neither side is personal information.
    Dead,
    /// Anything else: a boundary.
    Break,
}

fn link(text: &str, a: &Origin, b: &Origin) -> Link {
    if b.start() <= a.end() {
        return Link::Joined;
    }
    let gap = &text[a.end() as usize..b.start() as usize];
    let (mut spaces, mut dashes, mut visible) = (0, 0, 0);
    for c in gap.chars() {
        match c {
            c if is_invisible(c) => continue,
            ' ' | '\u{a0}' | '\u{3000}' | '\t' => spaces += 1,
            '-' | '－' | '‐' | '‑' | '–' | '—' | '−' => dashes += 1,
            '.' | '．' | '*' | '＊' | '×' => return Link::Dead,
            _ => return Link::Break,
        }
        visible += 1;
        if visible > 3 {
            return Link::Break;
        }
    }
    match (spaces, dashes) {
        (0, 0) => Link::Joined,
        (_, 0 | 1) => Link::Separator,
        _ => Link::Break,
    }
}

/// The number scanner over one text: groups of digits are gathered per written number (a chain
/// of groups linked by separators) in a small window, and each window position is tried against
/// the rules.
struct Numbers<'a> {
    text: &'a str,
    norm: &'a Normalized,
    bytes: &'a [u8],
    /// The text holds an `@` (so numbers may stand inside e-mail addresses).
    has_at: bool,
    /// Today as `yyyymmdd`: the configured day, or read from the clock when an ID number first
    /// needs it (0 until then).
    today: std::cell::Cell<u32>,
    window: [Group; WINDOW],
    len: usize,
}

impl<'a> Numbers<'a> {
    fn new(text: &'a str, norm: &'a Normalized, today: Option<u32>) -> Numbers<'a> {
        Numbers {
            text,
            norm,
            bytes: norm.text.as_bytes(),
            has_at: memchr::memchr(b'@', text.as_bytes()).is_some(),
            today: std::cell::Cell::new(today.unwrap_or(0)),
            window: [Group::default(); WINDOW],
            len: 0,
        }
    }

    fn run(&mut self, found: &mut impl FnMut(Item)) {
        let (bytes, origins) = (self.bytes, &self.norm.origins);
        let (mut b, mut at, mut chars) = (0, 0, 0);
        while let Some(p) = bytes[b..].iter().position(u8::is_ascii_digit) {
            // A run of digits in the normalized text, bytes b0..e from char c0. A non-digit
            // char stands before it, so the chain of groups before it (if any) has ended.
            self.drain(found);
            let b0 = b + p;
            let e = b0
                + bytes[b0..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
            // Chars are counted forward from the last run (no binary search over `origins`).
            chars += bytes[at..b0].iter().filter(|&&c| c & 0xc0 != 0x80).count();
            at = b0;
            let c0 = chars;
            debug_assert_eq!(c0, self.norm.char_index(b0));
            let mut g = Group {
                c0: c0 as u32,
                b0: b0 as u32,
                len: 1,
                x: false,
                dead: self.dead_before(origins[c0].start() as usize),
            };
            for k in 1..e - b0 {
                let link = link(self.text, &origins[c0 + k - 1], &origins[c0 + k]);
                if link == Link::Joined {
                    g.len += 1;
                    continue;
                }
                g.dead |= link == Link::Dead;
                self.push(g, found);
                if link != Link::Separator {
                    self.drain(found);
                }
                g = Group {
                    c0: (c0 + k) as u32,
                    b0: (b0 + k) as u32,
                    len: 1,
                    x: false,
                    dead: link == Link::Dead,
                };
            }
            let last = c0 + (e - b0);
            // An ID number's check character.
            g.x = bytes.get(e) == Some(&b'x')
                && link(self.text, &origins[last - 1], &origins[last]) == Link::Joined;
            g.dead |= self.dead_after(origins[last - 1].end() as usize);
            self.push(g, found);
            b = e;
        }
        self.drain(found);
    }

    /// The digits that start at byte `at` end a masked number (a mask character right before
    /// them) or a decimal (a digit and a dot).
    fn dead_before(&self, at: usize) -> bool {
        let mut cs = self.text[..at].chars().rev();
        match cs.next() {
            Some('*' | '＊' | '×') => true,
            Some('.' | '．') => cs.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        }
    }

    /// The digits that end at byte `at` start a masked number or a decimal.
    fn dead_after(&self, at: usize) -> bool {
        let mut cs = self.text[at..].chars();
        match cs.next() {
            Some('*' | '＊' | '×') => true,
            Some('.' | '．') => cs.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        }
    }

    fn push(&mut self, g: Group, found: &mut impl FnMut(Item)) {
        if self.len == WINDOW {
            self.step(found);
        }
        self.window[self.len] = g;
        self.len += 1;
    }

    /// The chain ended: try every remaining position.
    fn drain(&mut self, found: &mut impl FnMut(Item)) {
        while self.len > 0 {
            self.step(found);
        }
    }

    /// Tries a number at the window's first group and drops the groups it used (or that one).
    fn step(&mut self, found: &mut impl FnMut(Item)) {
        let usable = self.window[..self.len]
            .iter()
            .position(|g| g.dead)
            .unwrap_or(self.len);
        let used = match self.number(&self.window[..usable]) {
            Some((item, used)) => {
                found(item);
                used
            }
            None => 1,
        };
        self.window.copy_within(used..self.len, 0);
        self.len -= used;
    }

    /// The number the groups `w` start with, and how many groups it uses.
    fn number(&self, w: &[Group]) -> Option<(Item, usize)> {
        let (item, used) = self.rules(w)?;
        // A number inside an address (13812345678@qq.com, a@b.com.6222…) is left to the e-mail
        // rule: only the address is reported, and redacting it cannot make a number appear.
        if self.has_at && in_address(self.text, item.start, item.end) {
            return None;
        }
        Some((item, used))
    }

    fn rules(&self, w: &[Group]) -> Option<(Item, usize)> {
        let g0 = w.first()?;
        let mut d = [0u8; 20];
        // ID numbers: 18 (17 + X), 6-8-4 (6-8-3 + X).
        for layout in [&[18][..], &[6, 8, 4]] {
            if let Some(n) = self.digits_of(w, layout, true, &mut d) {
                let x = n == 17;
                if self.today.get() == 0 {
                    self.today.set(today());
                }
                if id18(&d[..n], x, self.today.get()) {
                    return Some((self.item(Kind::IdCard, &w[..layout.len()], x), layout.len()));
                }
            }
        }
        for layout in [&[15][..], &[6, 6, 3]] {
            if let Some(n) = self.digits_of(w, layout, false, &mut d)
                && id15(&d[..n])
            {
                let item = self.item(Kind::IdCard15, &w[..layout.len()], false);
                return Some((item, layout.len()));
            }
        }
        // Bank cards: 16–19 digits in one group, or 4-4-4-4 with an optional last group of 1–3
        // (longest first).
        let single = [g0.len];
        let tail = w.get(4).map(|g| [4, 4, 4, 4, g.len]);
        let layouts = [
            (16..=19).contains(&g0.len).then_some(&single[..]),
            tail.as_ref()
                .filter(|t| (1..=3).contains(&t[4]))
                .map(|t| &t[..]),
            Some(&[4, 4, 4, 4][..]),
        ];
        for layout in layouts.into_iter().flatten() {
            if let Some(n) = self.digits_of(w, layout, false, &mut d)
                && bank_card(&d[..n])
                && !self.after_order_word(g0.c0 as usize)
            {
                let item = self.item(Kind::BankCard, &w[..layout.len()], false);
                return Some((item, layout.len()));
            }
        }
        // Mobile numbers: 11 or 3-4-4, after an optional country code group (86, 0086).
        let cc = usize::from(matches!(self.group_digits(g0), b"86" | b"0086"));
        for layout in [&[11][..], &[3, 4, 4]] {
            if let Some(n) = self.digits_of(&w[cc..], layout, false, &mut d)
                && mobile(&d[..n])
            {
                let mut item = self.item(Kind::Mobile, &w[cc..cc + layout.len()], false);
                if cc == 1 {
                    item.start = self.plus_before(self.norm.origins[g0.c0 as usize].start());
                }
                return Some((item, cc + layout.len()));
            }
        }
        // The country code written together with the number: 8613812345678.
        let digits = self.group_digits(g0);
        for cc in [&b"86"[..], b"0086"] {
            if digits.len() == cc.len() + 11
                && digits.starts_with(cc)
                && mobile(&digits[cc.len()..])
            {
                let mut item = self.item(Kind::Mobile, &w[..1], false);
                item.digits.0 += cc.len() as u32;
                item.start = self.plus_before(item.start as u32);
                return Some((item, 1));
            }
        }
        None
    }

    /// Copies the digits of the groups `w` that match `layout` (group lengths) into `d`; with
    /// `x_last`, the last group may be one digit short and followed by `x`. Returns the digit
    /// count, or `None` when the groups do not have the layout.
    fn digits_of(
        &self,
        w: &[Group],
        layout: &[u32],
        x_last: bool,
        d: &mut [u8; 20],
    ) -> Option<usize> {
        if w.len() < layout.len() {
            return None;
        }
        let mut n = 0;
        for (i, (g, &want)) in w.iter().zip(layout).enumerate() {
            let last = i + 1 == layout.len();
            let fits = g.len == want || (x_last && last && g.x && g.len + 1 == want);
            if !fits {
                return None;
            }
            let src = self.group_digits(g);
            d[n..n + src.len()].copy_from_slice(src);
            n += src.len();
        }
        Some(n)
    }

    fn group_digits(&self, g: &Group) -> &'a [u8] {
        &self.bytes[g.b0 as usize..(g.b0 + g.len) as usize]
    }

    /// The item of the groups `w` (with a final `x`).
    fn item(&self, kind: Kind, w: &[Group], x: bool) -> Item {
        let (g0, gn) = (w[0], w[w.len() - 1]);
        let last = gn.c0 + gn.len + u32::from(x);
        let origins = &self.norm.origins;
        Item {
            kind,
            start: origins[g0.c0 as usize].start() as usize,
            end: origins[last as usize - 1].end() as usize,
            digits: (g0.c0, last),
        }
    }

    /// Moves a span start (a byte offset) back over a `+` written directly before it.
    fn plus_before(&self, start: u32) -> usize {
        let start = start as usize;
        match self.text[..start].chars().next_back() {
            Some(c @ ('+' | '＋')) => start - c.len_utf8(),
            _ => start,
        }
    }

    /// True when an order-number word stands within [`ORDER_WINDOW`] chars before char `c`.
    fn after_order_word(&self, c: usize) -> bool {
        let from = self.norm.nbyte(c.saturating_sub(ORDER_WINDOW));
        let to = self.norm.nbyte(c);
        let before = &self.norm.text.as_bytes()[from..to];
        // Only in the same sentence.
        let before = memchr::memrchr(b'\n', before).map_or(before, |i| &before[i + 1..]);
        ORDER_WORDS
            .iter()
            .any(|w| memchr::memmem::find(before, w.as_bytes()).is_some())
    }
}

/// True when the ASCII word (letters, digits, `._%+-@`, and `*` of a masked local part) around
/// the span `start..end` holds an `@`: the span is part of an e-mail address or something like one.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let word = |c: &&u8| c.is_ascii_alphanumeric() || b"._%+-@*".contains(c);
    b[..start].iter().rev().take_while(word).any(|&c| c == b'@')
        || b[end..].iter().take_while(word).any(|&c| c == b'@')
}

/// GB 11643 check: 17 digits (+ the 18th, or `x` = 10), a province code and a birth date.
fn id18(d: &[u8], x: bool, today: u32) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    if !(d.len() == 18 && !x || d.len() == 17 && x) || !province(d) {
        return false;
    }
    let date = number(&d[6..14]);
    if !(19000101..=today).contains(&date) || !valid_date(date) {
        return false;
    }
    let sum: u32 = d[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = (12 - sum % 11) % 11; // 0..=10, 10 is X
    if x {
        check == 10
    } else {
        check == u32::from(d[17] - b'0')
    }
}

/// A 15-digit ID number (before 1999): a province code and a birth date 19YYMMDD.
fn id15(d: &[u8]) -> bool {
    d.len() == 15 && province(d) && valid_date(19_000_000 + number(&d[6..12]))
}

fn province(d: &[u8]) -> bool {
    PROVINCES.binary_search(&(number(&d[..2]) as u8)).is_ok()
}

/// Luhn and an issuer prefix.
fn bank_card(d: &[u8]) -> bool {
    let issuer = match (d[0], d[1]) {
        (b'6', b'2' | b'0' | b'5') | (b'4', _) | (b'5', b'1'..=b'5') | (b'2', b'2'..=b'7') => true,
        (b'3', b'5') => true,
        (b'9', b'5') => d.starts_with(b"9558") || d.starts_with(b"9559"),
        _ => false,
    };
    if !issuer {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = u32::from(c - b'0');
            if i % 2 == 1 {
                let v = v * 2;
                if v > 9 { v - 9 } else { v }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == b'1' && (b'3'..=b'9').contains(&d[1])
}

fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0'))
}

/// `yyyymmdd` is a day of the Gregorian calendar.
pub(crate) fn valid_date(date: u32) -> bool {
    let (y, m, d) = (date / 10000, date / 100 % 100, date % 100);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Today in China (UTC+8) as `yyyymmdd`.
fn today() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days(((secs + 8 * 3600) / 86400) as i64);
    (y as u32) * 10000 + m * 100 + d
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The rules this detector reports (their names are the hits' `term`, listed in the README).
pub(crate) const RULES: &[DetectorRule] = detector_rules![
    PersonalInfo: "id_card", "id_card_15", "bank_card", "mobile", "email";
];

impl Detector for PiiDetector {
    /// Every rule reads a number of at least [`MIN_DIGITS`] digits, or an address with an
    /// `@`: a post with neither (most posts) is not looked at. What [`PiiDetector::scan`]
    /// asks first, asked here of what normalization counted and noted.
    fn awake(&self, ctx: &Context<'_>) -> bool {
        ctx.norm.ascii_digits() >= MIN_DIGITS || ctx.norm.marks & crate::normalize::marks::AT != 0
    }

    /// Appends a finding for each piece of personal information in the post.
    fn detect(&self, ctx: &Context<'_>, out: &mut Findings<'_>) {
        // The items first: whether a lone mobile number or e-mail asks only for review depends
        // on all of them, and findings are resolved by the policy as they are pushed. So the
        // findings of one kind share their rule and action, and of each kind only the first
        // `limit` are kept, which the policy lists, and the rest counted: a post of a quarter
        // of a million numbers keeps a few hundred.
        let keep = out.limit();
        let mut items = Vec::new();
        // Items of each kind kept, and counted past the limit.
        let (mut kept, mut past) = ([0usize; Kind::ALL.len()], [0usize; Kind::ALL.len()]);
        let (mut strong, mut mobile, mut email) = (false, false, false);
        let mut masks = out.masks_mut();
        self.scan(ctx.text, ctx.norm, |item| {
            match item.kind {
                Kind::Mobile => mobile = true,
                Kind::Email => email = true,
                _ => strong = true,
            }
            if let Some(masks) = masks.as_deref_mut() {
                masks_of(ctx.text, ctx.norm, std::slice::from_ref(&item), masks);
            }
            let k = item.kind as usize;
            if kept[k] < keep {
                kept[k] += 1;
                items.push(item);
            } else {
                past[k] += 1;
            }
        });
        let lone = (mobile || email) && !strong && !(mobile && email) && !has_record_word(ctx.norm);
        let cap = |kind: Kind| {
            (lone && matches!(kind, Kind::Mobile | Kind::Email)).then_some(Action::Review)
        };
        for Item {
            kind, start, end, ..
        } in items
        {
            out.push(Finding {
                category: Category::PersonalInfo,
                rule: self.rules[kind as usize].clone(),
                start,
                end,
                cap: cap(kind),
                reason: kind.reason().to_string(),
            });
        }
        for kind in Kind::ALL {
            out.omit(Category::PersonalInfo, cap(kind), past[kind as usize]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every number below is made up: region code + date + sequence with a computed check digit
    // (ID numbers) or Luhn digit (cards).
    const ID: &str = "110101199003071233";
    const ID_X: &str = "33010619880215018X";
    const ID_15: &str = "110101900307123";
    const CARD: &str = "6222021234567894";
    const CARD_19: &str = "6217000000123456786";

    /// (rule, matched original text) of everything found in `text`.
    fn found(text: &str) -> Vec<(&'static str, String)> {
        let mut norm = Normalized::new();
        norm.normalize(text);
        let mut out = Vec::new();
        PiiDetector::new().scan(text, &norm, |item| {
            assert!(text.is_char_boundary(item.start) && text.is_char_boundary(item.end));
            out.push((item.kind.rule(), text[item.start..item.end].to_string()));
        });
        out
    }

    fn one(text: &str) -> (&'static str, String) {
        let f = found(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f[0].clone()
    }

    fn none(text: &str) {
        assert_eq!(found(text), [], "{text}");
    }

    fn redact(text: &str) -> String {
        PiiDetector::new().redact(text, &mut Normalized::new())
    }

    #[test]
    fn id_numbers_with_valid_checksum_region_and_date() {
        assert_eq!(one(&format!("身份证号{ID}。")), ("id_card", ID.into()));
        assert_eq!(one(&format!("身份证:{ID_X}")), ("id_card", ID_X.into()));
        let lower = ID_X.to_lowercase();
        assert_eq!(one(&format!("身份证 {lower} 已核实")), ("id_card", lower));
        // 2000-02-29 is a day; 1900-01-01 is the first accepted.
        assert_eq!(one("510107200002290010").0, "id_card");
        assert_eq!(one("110101190001010014").0, "id_card");
        // Written 6-8-4.
        let spaced = "110101 19900307 1233";
        assert_eq!(
            one(&format!("证件号码{spaced}")),
            ("id_card", spaced.into())
        );
        assert_eq!(
            one(&format!("身份证号{ID_15}")),
            ("id_card_15", ID_15.into())
        );
    }

    #[test]
    fn id_numbers_failing_their_checks_pass() {
        none("110101199003071234"); // check digit
        none("330106198802150181"); // X expected
        none("110101199002301236"); // 2月30日
        none("110101199013011234"); // month 13
        none("110101209901011239"); // born in the future
        none("11010118991231001X"); // before 1900
        none("710101199003071235"); // region 7x
        none("910101199003071232"); // region 9x
        none("000101199003071233"); // region 00
        none("110101901307123"); // 15 digits, month 13
        none("910101900307123"); // 15 digits, region 9x
    }

    #[test]
    fn id_date_bounds() {
        let d = |s: &str| s.bytes().collect::<Vec<u8>>();
        assert!(id18(&d(ID), false, 20250101));
        assert!(!id18(&d(ID), false, 19900306), "born after today");
        assert!(id18(&d(ID), false, 19900307), "born today");
        assert!(valid_date(20240229) && !valid_date(20230229) && !valid_date(19000229));
        assert!(valid_date(20000229) && !valid_date(20240431) && !valid_date(20240100));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19358), (2023, 1, 1));
        assert_eq!(civil_from_days(11016), (2000, 2, 29));
        assert!(today() >= 20250101 && valid_date(today()));
    }

    #[test]
    fn bank_cards_pass_luhn_with_an_issuer_prefix() {
        assert_eq!(one(&format!("卡号{CARD}")), ("bank_card", CARD.into()));
        assert_eq!(one(CARD_19), ("bank_card", CARD_19.into()));
        for written in [
            "6222 0212 3456 7894",
            "6222-0212-3456-7894",
            "6217 0000 0012 3456 786",
        ] {
            assert_eq!(
                one(&format!("转账到{written}。")),
                ("bank_card", written.into())
            );
        }
        // 18 digits that are no ID number (year 1483) but a card.
        assert_eq!(one("621483012345678902").0, "bank_card");
        assert_eq!(one("4111112222333347").0, "bank_card");
        none("6222021234567895"); // Luhn
        none("9999123456789019"); // passes Luhn, no issuer
        none(&format!("订单号{CARD}")); // an order number
        none(&format!("快递单号: {CARD}"));
    }

    #[test]
    fn mobile_numbers_in_every_written_form() {
        for written in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+86-138-1234-5678",
            "+8613812345678",
            "＋86 13812345678",
            "8613812345678",
            "0086 13812345678",
            "008613812345678",
            "１３８１２３４５６７８",
            "一三八一二三四五六七八",
            "幺三八 幺二三四 五六七八",
            "①③⑧①②③④⑤⑥⑦⑧",
            "138\u{200b}1234\u{200b}5678",
            // Every char normalization drops without trace joins digits alike: a bidi
            // control, a combining mark, a variation selector.
            "138\u{202e}1234\u{301}5678",
            "13\u{fe0f}8\u{2064}1234\u{ad}5678",
        ] {
            assert_eq!(one(&format!("电话{written}转")), ("mobile", written.into()));
        }
        none("12812345678"); // 12x is no mobile prefix
    }

    #[test]
    fn digit_boundaries() {
        none("订单号9913812345678123");
        none("913812345678");
        none("138123456789");
        none("138123456789X");
        none("3.13812345678"); // decimals
        none("13812345678.5");
        assert_eq!(one("拨打12345 13812345678").1, "13812345678");
        assert_eq!(one("电话:13812345678。").1, "13812345678");
        assert_eq!(one("ID13812345678号").1, "13812345678");
        let two = found("13812345678/13912345678");
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].1, "13912345678");
    }

    #[test]
    fn masked_forms_pass() {
        none("手机138****5678");
        none("身份证110101********1233");
        none("身份证110101199003****33");
        none("卡号6222 **** **** 7894");
        none("卡号************7894");
        none("邮箱z***@example.com");
        none("邮箱z***n@qq.com");
        // Digits touching a mask character belong to a masked number.
        none("手机13812345678**");
        none("身份证×110101199003071233");
        none("卡号6222021234567894****");
    }

    #[test]
    fn hotlines_and_landlines_are_not_personal() {
        for text in [
            "市民热线12345",
            "报警110,火警119,急救120",
            "消费者投诉12315",
            "客服95588",
            "服务热线400-123-4567",
            "服务热线400 1234 5678",
            "4001234567",
            "办公电话0471-1234567",
            "电话(010)12345678",
            "电话010-12345678",
            "电话01012345678",
            "传真 0471 12345678",
        ] {
            none(text);
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            one("来信请寄zhang.san@example.com。"),
            ("email", "zhang.san@example.com".into())
        );
        assert_eq!(one("邮箱:Li_Si+work@mail.example.org").0, "email");
        // A QQ mailbox named by a mobile number is an e-mail address, not also a phone.
        assert_eq!(
            one("13812345678@qq.com"),
            ("email", "13812345678@qq.com".into())
        );
        none("来信请寄xinfang@beijing.gov.cn");
        none("//@人民日报: 转发");
        none("a@b");
        none("a@b.cn@example.com");
        // Numbers inside an address are the address's.
        assert_eq!(one("x.6222021234567894@example.com").0, "email");
    }

    #[test]
    fn redaction_masks_digits_in_place() {
        assert_eq!(redact("手机13812345678"), "手机138****5678");
        assert_eq!(redact("手机+86 138-1234-5678。"), "手机+86 138-****-5678。");
        assert_eq!(
            redact("手机一三八一二三四五六七八"),
            "手机一三八****五六七八"
        );
        assert_eq!(
            redact("手机１３８１２３４５６７８"),
            "手机１３８****５６７８"
        );
        assert_eq!(redact(ID), "110101********1233");
        assert_eq!(redact(ID_X), "330106********018X");
        assert_eq!(redact(ID_15), "110101******123");
        assert_eq!(redact("6222 0212 3456 7894"), "**** **** **** 7894");
        assert_eq!(redact(CARD_19), "***************6786");
        assert_eq!(redact("zhang.san@example.com"), "z***@example.com");
        assert_eq!(redact("13812345678@qq.com"), "1***@qq.com");
        let clean = "热线12345,办公电话0471-1234567,订单号9913812345678123";
        assert_eq!(redact(clean), clean);
    }

    #[test]
    fn redacted_text_is_clean_and_stable() {
        let text = format!(
            "姓名张三,身份证{ID},卡号{CARD},手机+86 138 1234 5678,邮箱zs@example.com,旧证{ID_15}"
        );
        assert_eq!(found(&text).len(), 5, "{:?}", found(&text));
        let once = redact(&text);
        none(&once);
        assert_eq!(redact(&once), once);
    }

    /// Whole numbers and addresses, valid and masked, mixed into the random text below.
    const FRAGMENTS: &[&str] = &[
        ID,
        ID_X,
        ID_15,
        CARD,
        CARD_19,
        "，13812345678",
        "138 1234 5678",
        "+86-13812345678",
        "zs.li@example.com",
        "a@b.cn",
        "z***@qq.com",
        "138****5678",
        "110101********1233",
    ];

    /// Random mixes of digits in every form, separators, dots, masks and cue words: spans stay
    /// on char boundaries, and redacting leaves nothing to find and is stable.
    #[test]
    fn redaction_is_stable_on_random_text() {
        let alphabet: Vec<char> = "１３８一三八幺①⑳ -－.。*@xXa号单订+８６\u{200b}gov.cn姓名"
            .chars()
            .collect();
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || crate::util::xorshift(&mut rng);
        let (d, mut norm) = (PiiDetector::new(), Normalized::new());
        let mut kinds = [0usize; 5];
        for _ in 0..5_000 {
            let len = next() % 60;
            let mut text = String::new();
            for _ in 0..len {
                match next() % 16 {
                    0 => text.push_str(FRAGMENTS[next() as usize % FRAGMENTS.len()]),
                    1..=4 => text.push(alphabet[next() as usize % alphabet.len()]),
                    _ => text.push(char::from(b'0' + (next() % 10) as u8)),
                }
            }
            norm.normalize(&text);
            d.scan(&text, &norm, |it| {
                kinds[it.kind as usize] += 1;
                assert!(it.start < it.end, "{text:?}");
                assert!(text.is_char_boundary(it.start) && text.is_char_boundary(it.end));
            });
            let once = d.redact(&text, &mut norm);
            norm.normalize(&once);
            d.scan(&once, &norm, |it| panic!("{text:?} -> {once:?}: {it:?}"));
            assert_eq!(d.redact(&once, &mut norm), once, "{text:?}");
        }
        assert!(kinds.iter().all(|&n| n > 0), "{kinds:?}");
    }
}
