//! Policies: overrides of the default action table, per category and account type (contract §2).
//!
//! The file format is one override a line, three fields separated by TABs or spaces (no field
//! ever holds a space; lexicon files, whose terms may, take TABs only):
//!
//! ```text
//! # account   category            action
//! org         emotional_opinion   off      # this account may post opinions
//! *           commercial_ad       review   # every account type
//! private     official_info_on_private  review
//! ```
//!
//! `account` is `org`, `staff`, `private` or `*`; `action` is `note`, `review`, `block`, or `off`
//! (the category is not reported at all).
//!
//! A learned model's hits ([`Model`](crate::Model)) ask for `review` by default, never more, and
//! follow the category's cell otherwise (a category that is off gives no model hit). A `model`
//! line sets what a score does, per account type and class (`harm` or a category), from a
//! threshold up; of the lines for one account and class, the one with the highest threshold the
//! score reaches decides, and a line for the account itself wins over `*` lines:
//!
//! ```text
//! # model  account  class      threshold  action
//! model    *        gambling   0.97       block    # very sure: block
//! model    org      vulgar     0.6        review   # below the model's own threshold too
//! model    private  harm       0.5        off
//! ``` A line for one account type wins over a `*` line for
//! the same category, whatever their order; the same account (or `*`) and category on two lines
//! is an error naming both, so an override never goes unnoticed. A byte-order mark at the top of
//! the file is ignored.

use std::io::BufRead;
use std::path::Path;

use crate::category::{Account, Action, Category};
use crate::model::Target;
use crate::util::error::{PolicyError, PolicyErrorKind};
use crate::util::lines::{Lines, MAX_LINE_BYTES};

/// A table of actions per category and account type: the contract's defaults, with overrides.
///
/// # Example
/// ```
/// use shenhe::{Account, Action, Category, Policy};
/// let policy = Policy::parse("p.txt", "org emotional_opinion off\n* vulgar block\n".as_bytes())?;
/// assert_eq!(policy.action(Category::EmotionalOpinion, Account::Org), None);
/// assert_eq!(policy.action(Category::Vulgar, Account::Private), Some(Action::Block));
/// assert_eq!(policy.action(Category::Gambling, Account::Org), Some(Action::Block));
/// # Ok::<(), shenhe::PolicyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// `cells[category][account]`; `None` means the category is off for that account.
    cells: Vec<[Option<Action>; 3]>,
    /// The `model` lines, in file order.
    model: Vec<ModelRule>,
}

/// A `model` line: from `micros` (the threshold in millionths) up, a model hit of `target` on
/// `account` (every account when `None`) asks for `action` (`None`: no hit).
#[derive(Clone, Debug, PartialEq, Eq)]
struct ModelRule {
    account: Option<Account>,
    target: Target,
    micros: u32,
    action: Option<Action>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            cells: Category::ALL
                .iter()
                .map(|c| Account::ALL.map(|a| c.default_action(a)))
                .collect(),
            model: Vec::new(),
        }
    }
}

impl Policy {
    /// The contract's default table (contract §3).
    pub fn new() -> Policy {
        Policy::default()
    }

    /// The action for `category` on `account`, or `None` when it is off there.
    pub fn action(&self, category: Category, account: Account) -> Option<Action> {
        self.cells[category.index()][account.index()]
    }

    /// Sets one cell (`None` turns the category off for that account).
    pub fn set(&mut self, category: Category, account: Account, action: Option<Action>) {
        self.cells[category.index()][account.index()] = action;
    }

    /// The category and action a finding of `category` is reported with on `account`, after
    /// the cap of the term or rule; `None` when the category is off there.
    ///
    /// Sign-off topics on a private account are reported as `official_info_on_private`: such an
    /// account must carry no official information at all (contract §3).
    pub(crate) fn resolve(
        &self,
        category: Category,
        account: Account,
        cap: Option<Action>,
    ) -> Option<(Category, Action)> {
        let category = match (category, account) {
            (Category::NeedsSignoff, Account::Private) => Category::OfficialInfoOnPrivate,
            (c, _) => c,
        };
        let action = self.action(category, account)?;
        Some((category, cap.map_or(action, |cap| action.min(cap))))
    }

    /// What a `model` line says of a model score of `target` on `account`: `None` when no line
    /// applies (the score is below every threshold given, or there is no line), else the action
    /// (`Some(None)`: no hit).
    pub(crate) fn model_rule(
        &self,
        target: Target,
        account: Account,
        score: f64,
    ) -> Option<Option<Action>> {
        // Asked for every class of every post: most policies have no model line.
        if self.model.is_empty() {
            return None;
        }
        let of = |who: Option<Account>| {
            self.model
                .iter()
                .filter(move |r| r.target == target && r.account == who)
        };
        let named = of(Some(account)).next().is_some();
        let micros = (score * 1e6).floor() as u32;
        of(if named { Some(account) } else { None })
            .filter(|r| r.micros <= micros)
            .max_by_key(|r| r.micros)
            .map(|r| r.action)
    }

    /// The `model` lines as policy-file text: what a saved engine keeps of them.
    pub(crate) fn model_lines(&self) -> String {
        self.model
            .iter()
            .map(|r| {
                format!(
                    "model {} {} {}.{:06} {}\n",
                    r.account.map_or("*", Account::as_str),
                    r.target.id(),
                    r.micros / 1_000_000,
                    r.micros % 1_000_000,
                    r.action.map_or("off", Action::as_str)
                )
            })
            .collect()
    }

    /// Reads overrides of the default table from a policy file's lines.
    ///
    /// # Errors
    /// A read error, a line that is not UTF-8, a line without three fields, or an unknown
    /// account, category or action: each named with source and line.
    pub fn parse<R: BufRead>(name: &str, reader: R) -> Result<Policy, PolicyError> {
        Policy::default().overlay(name, reader)
    }

    /// This policy with the lines of another policy file applied on top: the cells that file
    /// sets replace this policy's (a later file wins over an earlier one), and within the file
    /// the rules of [`parse`](Policy::parse) hold.
    ///
    /// # Errors
    /// As [`parse`](Policy::parse).
    ///
    /// # Example
    /// ```
    /// use shenhe::{Account, Action, Category, Policy};
    /// let policy = Policy::parse("base.txt", "* vulgar block\norg emotional_opinion off\n".as_bytes())?
    ///     .overlay("unit.txt", "org emotional_opinion review\n".as_bytes())?;
    /// assert_eq!(policy.action(Category::EmotionalOpinion, Account::Org), Some(Action::Review));
    /// assert_eq!(policy.action(Category::Vulgar, Account::Org), Some(Action::Block));
    /// # Ok::<(), shenhe::PolicyError>(())
    /// ```
    pub fn overlay<R: BufRead>(self, name: &str, reader: R) -> Result<Policy, PolicyError> {
        let mut policy = self;
        // Which line set each (category, account) cell, and whether it named the account
        // itself (true) or `*` (false): a named account wins over `*` whatever the order, and
        // the same cell set twice at the same level is refused, so no line silently loses.
        let mut set_by: Vec<[Option<(usize, bool)>; 3]> = vec![[None; 3]; Category::ALL.len()];
        let mut model_seen: Vec<(Option<Account>, Target)> = Vec::new();
        let mut model_lines: Vec<(ModelRule, usize)> = Vec::new();
        let mut lines = Lines::new(reader, MAX_LINE_BYTES);
        while let Some((no, line)) = lines.next_line() {
            let line = line.map_err(|e| {
                PolicyError::new(name, Some(no), PolicyErrorKind::Read, e.to_string())
            })?;
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let bad = |m: String| {
                PolicyError::new(
                    name,
                    Some(no),
                    PolicyErrorKind::Syntax,
                    format!("{m}: {line:?}"),
                )
            };
            if fields.first() == Some(&"model") {
                let rule = parse_model_rule(&fields).map_err(bad)?;
                // A later file's lines for an account and class replace an earlier file's.
                if !model_seen.contains(&(rule.account, rule.target)) {
                    policy
                        .model
                        .retain(|r| (r.account, r.target) != (rule.account, rule.target));
                    model_seen.push((rule.account, rule.target));
                }
                if let Some(first) = model_lines
                    .iter()
                    .find(|(r, _)| {
                        (r.account, r.target, r.micros) == (rule.account, rule.target, rule.micros)
                    })
                    .map(|(_, l)| *l)
                {
                    return Err(bad(format!(
                        "the same account, class and threshold are already set on line {first}"
                    )));
                }
                model_lines.push((rule.clone(), no));
                policy.model.push(rule);
                continue;
            }
            let [account, category, action] = fields[..] else {
                return Err(bad(
                    "expected three fields: ACCOUNT CATEGORY ACTION, separated by TABs or spaces \
                     (or five for a model line: model ACCOUNT CLASS THRESHOLD ACTION)"
                        .to_string(),
                ));
            };
            let (accounts, named): (Vec<Account>, bool) = if account == "*" {
                (Account::ALL.to_vec(), false)
            } else {
                (
                    vec![account.parse().map_err(|e| bad(format!("{e}")))?],
                    true,
                )
            };
            let category: Category = category.parse().map_err(|e| bad(format!("{e}")))?;
            if named && accounts == [Account::Private] && category == Category::NeedsSignoff {
                // Policy::resolve reports such content as official_info_on_private before
                // reading this cell, so a line for it would silently do nothing.
                return Err(bad(
                    "needs_signoff content on a private account is reported as \
                     official_info_on_private: set that category instead"
                        .to_string(),
                ));
            }
            let action = match action {
                "off" => None,
                a => Some(a.parse::<Action>().map_err(|_| {
                    bad(format!(
                        "unknown action {a:?} (expected note, review, block or off)"
                    ))
                })?),
            };
            for a in accounts {
                let slot = &mut set_by[category.index()][a.index()];
                match *slot {
                    Some((first, level)) if level == named => {
                        return Err(bad(format!(
                            "{} {category} is already set on line {first}; give each cell once",
                            if named { a.as_str() } else { "*" }
                        )));
                    }
                    // A named account's line stands; `*` does not override it.
                    Some((_, true)) => continue,
                    _ => {}
                }
                *slot = Some((no, named));
                policy.set(category, a, action);
            }
        }
        Ok(policy)
    }

    /// Reads a policy file.
    ///
    /// # Errors
    /// The file cannot be opened, or as [`parse`](Policy::parse).
    pub fn from_file<P: AsRef<Path>>(path: P) -> Result<Policy, PolicyError> {
        Policy::default().overlay_file(path)
    }

    /// This policy with a policy file applied on top, as [`overlay`](Policy::overlay).
    ///
    /// # Errors
    /// The file cannot be opened, or as [`parse`](Policy::parse).
    pub fn overlay_file<P: AsRef<Path>>(self, path: P) -> Result<Policy, PolicyError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| {
            PolicyError::new(
                &name,
                None,
                PolicyErrorKind::Read,
                format!("cannot open: {e}"),
            )
        })?;
        self.overlay(&name, std::io::BufReader::new(file))
    }
}

/// A `model ACCOUNT CLASS THRESHOLD ACTION` line.
fn parse_model_rule(fields: &[&str]) -> Result<ModelRule, String> {
    let [_, account, class, threshold, action] = fields[..] else {
        return Err(
            "a model line has five fields: model ACCOUNT CLASS THRESHOLD ACTION".to_string(),
        );
    };
    let account = match account {
        "*" => None,
        a => Some(a.parse::<Account>().map_err(|e| e.to_string())?),
    };
    let target = Target::from_id(class)
        .ok_or_else(|| format!("unknown model class {class:?} (expected harm or a category id)"))?;
    let micros = threshold
        .parse::<f64>()
        .ok()
        .filter(|t| *t > 0.0 && *t <= 1.0)
        .map(|t| (t * 1e6).round() as u32)
        .ok_or_else(|| format!("threshold {threshold:?}: expected a number above 0, at most 1"))?;
    let action =
        match action {
            "off" => None,
            a => Some(a.parse::<Action>().map_err(|_| {
                format!("unknown action {a:?} (expected note, review, block or off)")
            })?),
        };
    Ok(ModelRule {
        account,
        target,
        micros,
        action,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_accounts_win_over_star_and_star_covers_all() {
        for text in [
            "* gambling review\nprivate gambling off\n",
            "private gambling off\n* gambling review\n",
            "\u{feff}private\tgambling\toff\n*\tgambling\treview\n",
        ] {
            let p = Policy::parse("p", text.as_bytes()).unwrap();
            assert_eq!(
                p.action(Category::Gambling, Account::Org),
                Some(Action::Review),
                "{text:?}"
            );
            assert_eq!(
                p.action(Category::Gambling, Account::Staff),
                Some(Action::Review)
            );
            assert_eq!(
                p.action(Category::Gambling, Account::Private),
                None,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_cell_set_twice_is_refused_with_both_lines() {
        let e = Policy::parse(
            "p.txt",
            "org vulgar block\n# x\norg vulgar off\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(
            e.to_string()
                .contains("org vulgar is already set on line 1"),
            "{e}"
        );
        let e = Policy::parse("p.txt", "private needs_signoff review\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("set that category instead"), "{e}");
        let e = Policy::parse("p.txt", "* vulgar block\n* vulgar note\n".as_bytes()).unwrap_err();
        assert!(
            e.to_string().contains("* vulgar is already set on line 1"),
            "{e}"
        );
        // Different categories or accounts are not duplicates.
        assert!(
            Policy::parse(
                "p",
                "org vulgar off\nstaff vulgar off\norg porn note\n".as_bytes()
            )
            .is_ok()
        );
    }

    #[test]
    fn model_lines_pick_the_highest_threshold_reached() {
        let p = Policy::parse(
            "p.txt",
            "model * gambling 0.97 block\nmodel * gambling 0.8 review\nmodel org gambling 0.9 off\n"
                .as_bytes(),
        )
        .unwrap();
        let g = Target::Category(Category::Gambling);
        assert_eq!(p.model_rule(g, Account::Staff, 0.5), None);
        assert_eq!(
            p.model_rule(g, Account::Staff, 0.85),
            Some(Some(Action::Review))
        );
        assert_eq!(
            p.model_rule(g, Account::Staff, 0.99),
            Some(Some(Action::Block))
        );
        // The org line replaces the `*` lines for org.
        assert_eq!(p.model_rule(g, Account::Org, 0.99), Some(None));
        assert_eq!(p.model_rule(g, Account::Org, 0.85), None);
        let again = Policy::parse("saved", p.model_lines().as_bytes()).unwrap();
        assert_eq!(again, p);
        for (text, want) in [
            ("model * gamble 0.9 block\n", "unknown model class"),
            ("model * gambling 1.5 block\n", "threshold"),
            ("model * gambling 0.9\n", "five fields"),
            ("model * gambling 0.9 pass\n", "unknown action"),
            (
                "model * harm 0.9 block\nmodel * harm 0.90 review\n",
                "already set on line 1",
            ),
        ] {
            let e = Policy::parse("p.txt", text.as_bytes()).unwrap_err();
            assert!(e.to_string().contains(want), "{e}");
            assert!(e.to_string().starts_with("p.txt:"), "{e}");
        }
    }

    #[test]
    fn endless_lines_are_refused() {
        let zeros = std::io::BufReader::new(std::io::Read::take(std::io::repeat(b'x'), 1 << 21));
        let e = Policy::parse("p.txt", zeros).unwrap_err();
        assert_eq!(e.line(), Some(1));
        assert!(e.to_string().contains("exceeds the limit"), "{e}");
    }

    #[test]
    fn errors_are_located() {
        let e = Policy::parse("p.txt", "\n\norg gamble block\n".as_bytes()).unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(
            e.to_string().starts_with("p.txt:3: unknown category"),
            "{e}"
        );
        let e = Policy::parse("p.txt", "org gambling\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("three fields"));
        let e = Policy::parse("p.txt", "all gambling block\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("unknown account"));
        let e = Policy::parse("p.txt", "org gambling pass\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("unknown action \"pass\""));
    }
}
