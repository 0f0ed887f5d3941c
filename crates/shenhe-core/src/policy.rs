//! Policies: overrides of the default action table, per category and account type (SPEC §2).
//!
//! The file format is one override a line, three whitespace-separated fields:
//!
//! ```text
//! # account   category            action
//! org         emotional_opinion   off      # this account may post opinions
//! *           commercial_ad       review   # every account type
//! private     needs_signoff       review
//! ```
//!
//! `account` is `org`, `staff`, `private` or `*`; `action` is `note`, `review`, `block`, or `off`
//! (the category is not reported at all). A later line wins over an earlier one.

use std::io::BufRead;
use std::path::Path;

use crate::category::{Account, Action, Category};
use crate::util::error::PolicyError;

/// A table of actions per category and account type: the contract's defaults, with overrides.
///
/// # Example
/// ```
/// use shenhe_core::{Account, Action, Category, Policy};
/// let policy = Policy::parse("p.txt", "org emotional_opinion off\n* vulgar block\n".as_bytes())?;
/// assert_eq!(policy.action(Category::EmotionalOpinion, Account::Org), None);
/// assert_eq!(policy.action(Category::Vulgar, Account::Private), Some(Action::Block));
/// assert_eq!(policy.action(Category::Gambling, Account::Org), Some(Action::Block));
/// # Ok::<(), shenhe_core::PolicyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// `cells[category][account]`; `None` means the category is off for that account.
    cells: Vec<[Option<Action>; 3]>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            cells: Category::ALL
                .iter()
                .map(|c| Account::ALL.map(|a| c.default_action(a)))
                .collect(),
        }
    }
}

impl Policy {
    /// The contract's default table (SPEC §3).
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
    /// account must carry no official information at all (SPEC §3).
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

    /// Reads overrides of the default table from a policy file's lines.
    ///
    /// # Errors
    /// A read error, a line that is not UTF-8, a line without three fields, or an unknown
    /// account, category or action: each named with source and line.
    pub fn parse<R: BufRead>(name: &str, reader: R) -> Result<Policy, PolicyError> {
        let mut policy = Policy::default();
        for (i, line) in reader.split(b'\n').enumerate() {
            let no = i + 1;
            let bytes =
                line.map_err(|e| PolicyError::new(name, Some(no), format!("cannot read: {e}")))?;
            let line = std::str::from_utf8(&bytes)
                .map_err(|_| PolicyError::new(name, Some(no), "line is not valid UTF-8".into()))?;
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let bad = |m: String| PolicyError::new(name, Some(no), format!("{m}: {line:?}"));
            let [account, category, action] = fields[..] else {
                return Err(bad(
                    "expected three fields: ACCOUNT CATEGORY ACTION".to_string()
                ));
            };
            let accounts: Vec<Account> = if account == "*" {
                Account::ALL.to_vec()
            } else {
                vec![account.parse().map_err(|e| bad(format!("{e}")))?]
            };
            let category: Category = category.parse().map_err(|e| bad(format!("{e}")))?;
            let action = match action {
                "off" => None,
                a => Some(a.parse::<Action>().map_err(|_| {
                    bad(format!(
                        "unknown action {a:?} (expected note, review, block or off)"
                    ))
                })?),
            };
            for a in accounts {
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
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| PolicyError::new(&name, None, format!("cannot open: {e}")))?;
        Policy::parse(&name, std::io::BufReader::new(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_lines_win_and_star_covers_all() {
        let p = Policy::parse("p", "* gambling review\nprivate gambling off\n".as_bytes()).unwrap();
        assert_eq!(
            p.action(Category::Gambling, Account::Org),
            Some(Action::Review)
        );
        assert_eq!(p.action(Category::Gambling, Account::Private), None);
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
