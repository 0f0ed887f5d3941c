//! The audit config: each rule's thresholds and clause (`data/audit.toml`, overridable key by key).

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use regex_automata::meta::Regex;
use serde::{Deserialize, Serialize};

use crate::error::AuditError;
use crate::holidays::HolidayTable;

/// The shipped defaults (documented in docs/audit.md).
pub const DEFAULT_CONFIG: &str = include_str!("../data/audit.toml");

/// The audit's rules and thresholds.
///
/// # Example
/// ```
/// use shenhe_audit::Config;
/// let config = Config::default();
/// assert_eq!(config.update_gap.text_days, 5);
/// let strict = Config::from_toml("strict.toml", "[update_gap]\ntext_days = 3")?;
/// assert_eq!(strict.update_gap.text_days, 3);
/// assert_eq!(strict.update_gap.video_days, 7); // kept from the defaults
/// # Ok::<(), shenhe_audit::AuditError>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Extra holiday years (a table file), added to the shipped table; empty for none.
    pub holiday_table: String,
    /// First day audited (`YYYY-MM-DD`); empty: the archive's first day.
    pub period_from: String,
    /// Last day audited; empty: the archive's last day.
    pub period_to: String,
    /// Minimum update frequency (H13).
    pub update_gap: UpdateGap,
    /// Updates on every working day (G11).
    pub working_day_updates: WorkingDayUpdates,
    /// Monthly output (Y9).
    pub monthly_output: MonthlyOutput,
    /// The share of original posts should rise (H13).
    pub originality: Originality,
    /// Reposts carry their source (X12, Y11, H15).
    pub repost_source: RepostSource,
    /// Posts screening holds (Y9, G10, Y15).
    pub held_posts: HeldPosts,
    /// Where relative paths in the file are resolved from (the file's directory).
    #[serde(skip)]
    base: Option<PathBuf>,
}

/// `[update_gap]`
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateGap {
    /// The clause, e.g. `H13`.
    pub clause: String,
    /// The clause's words.
    pub text: String,
    /// Days in a row without a post that make a gap for a text account.
    pub text_days: u32,
    /// The same for a video account.
    pub video_days: u32,
    /// Post kinds that count as video.
    pub video_kinds: Vec<String>,
}

/// `[working_day_updates]`
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WorkingDayUpdates {
    /// The clause.
    pub clause: String,
    /// The clause's words.
    pub text: String,
    /// Whether the rule is checked.
    pub enabled: bool,
    /// Posts each working day needs.
    pub min_posts: u32,
}

/// `[monthly_output]`
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MonthlyOutput {
    /// The clause.
    pub clause: String,
    /// The clause's words.
    pub text: String,
    /// Whether the rule is checked.
    pub enabled: bool,
    /// Posts that could be published each day.
    pub per_day: f64,
    /// The share of that below which a month is clearly below it.
    pub min_share: f64,
}

/// `[originality]`
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Originality {
    /// The clause.
    pub clause: String,
    /// The clause's words.
    pub text: String,
    /// Whether the rule is checked.
    pub enabled: bool,
    /// Months with posts needed to judge a trend.
    pub min_months: u32,
    /// The lowest acceptable slope of the monthly original share, per month.
    pub min_slope: f64,
}

/// `[repost_source]`
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RepostSource {
    /// The clause.
    pub clause: String,
    /// The clause's words.
    pub text: String,
    /// Whether the rule is checked.
    pub enabled: bool,
    /// Regular expressions that mark a post as a repost that names its source.
    pub repost_marks: Vec<String>,
    /// Regular expressions of "own source" labels (来源：原创) that do not make a repost.
    pub own_marks: Vec<String>,
    /// Words of a source label: an `unverified` hit whose term holds one (来源：网络) is a
    /// repost with an unknown source; other `unverified` hits (网传) are hearsay, not reposts.
    pub source_words: Vec<String>,
}

/// `[held_posts]`
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HeldPosts {
    /// The clause.
    pub clause: String,
    /// The clause's words.
    pub text: String,
    /// Whether the rule is checked.
    pub enabled: bool,
    /// How many of the most frequent terms and rules to list.
    pub top_terms: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config::from_toml("audit.toml (shipped)", "").expect("the shipped config is valid (tested)")
    }
}

/// Merges `over` into `base`, key by key (tables recursively).
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

impl Config {
    /// The shipped defaults with the keys of `text` (a TOML config) overriding them. `source`
    /// names the file in errors.
    ///
    /// # Errors
    /// TOML that does not parse, an unknown key, a value of the wrong type or out of range, a
    /// bad date or a mark that is not a valid regular expression.
    pub fn from_toml(source: &str, text: &str) -> Result<Config, AuditError> {
        let mut base: toml::Table = toml::from_str(DEFAULT_CONFIG)
            .map_err(|e| AuditError::data("audit.toml (shipped)", e.to_string()))?;
        let over: toml::Table =
            toml::from_str(text).map_err(|e| AuditError::data(source, e.to_string()))?;
        merge(&mut base, over);
        let config: Config = toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| AuditError::data(source, e.to_string()))?;
        config.validate(source)?;
        Ok(config)
    }

    /// Reads a config file (see [`Config::from_toml`]); `holiday_table` is then relative to
    /// the file's directory.
    ///
    /// # Errors
    /// The file cannot be read, or [`Config::from_toml`]'s errors.
    pub fn from_file(path: &Path) -> Result<Config, AuditError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| AuditError::io(&name, &e))?;
        let mut config = Config::from_toml(&name, &text)?;
        config.base = path.parent().map(Path::to_path_buf);
        Ok(config)
    }

    fn validate(&self, source: &str) -> Result<(), AuditError> {
        let bad = |m: String| Err(AuditError::data(source, m));
        if self.update_gap.text_days == 0 || self.update_gap.video_days == 0 {
            return bad("update_gap: text_days and video_days must be at least 1".into());
        }
        let m = &self.monthly_output;
        if !(m.per_day.is_finite() && m.per_day > 0.0) {
            return bad(format!(
                "monthly_output.per_day must be above 0, not {}",
                m.per_day
            ));
        }
        if !(0.0..=1.0).contains(&m.min_share) {
            return bad(format!(
                "monthly_output.min_share must be in 0..1, not {}",
                m.min_share
            ));
        }
        if !self.originality.min_slope.is_finite() {
            return bad("originality.min_slope must be a number".into());
        }
        self.period().map_err(|m| AuditError::data(source, m))?;
        for p in self
            .repost_source
            .repost_marks
            .iter()
            .chain(&self.repost_source.own_marks)
        {
            if let Err(e) = Regex::new(p) {
                return bad(format!("repost_source: bad pattern {p:?}: {e}"));
            }
        }
        Ok(())
    }

    /// The configured period bounds, if set.
    pub(crate) fn period(&self) -> Result<(Option<Date>, Option<Date>), String> {
        let parse = |key: &str, s: &str| -> Result<Option<Date>, String> {
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<Date>()
                .map(Some)
                .map_err(|e| format!("{key} {s:?} is not a date (YYYY-MM-DD): {e}"))
        };
        let from = parse("period_from", &self.period_from)?;
        let to = parse("period_to", &self.period_to)?;
        if let (Some(a), Some(b)) = (from, to)
            && b < a
        {
            return Err(format!("period_to {b} is before period_from {a}"));
        }
        Ok((from, to))
    }

    /// The holiday table: the shipped years plus `holiday_table`.
    ///
    /// # Errors
    /// The table file cannot be read or is invalid.
    pub fn holiday_table(&self) -> Result<HolidayTable, AuditError> {
        let mut table = HolidayTable::shipped();
        if !self.holiday_table.is_empty() {
            let path = match &self.base {
                Some(base) => base.join(&self.holiday_table),
                None => PathBuf::from(&self.holiday_table),
            };
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| AuditError::io(&name, &e))?;
            table.add_toml(&name, &text)?;
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_config_parses() {
        let c = Config::default();
        assert_eq!(c.working_day_updates.min_posts, 3);
        assert_eq!(c.update_gap.clause, "H13");
        assert!(!c.repost_source.repost_marks.is_empty());
    }

    #[test]
    fn bad_configs_name_the_problem() {
        let e = Config::from_toml("c.toml", "[update_gap]\ntext_dayz = 3").unwrap_err();
        assert!(e.to_string().contains("text_dayz"), "{e}");
        let e = Config::from_toml("c.toml", "period_from = \"2024-13-01\"").unwrap_err();
        assert!(e.to_string().contains("period_from"), "{e}");
        let e = Config::from_toml("c.toml", "[repost_source]\nrepost_marks = [\"(\"]").unwrap_err();
        assert!(e.to_string().contains("bad pattern"), "{e}");
        let e = Config::from_toml("c.toml", "[monthly_output]\nmin_share = 2.0").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.toml: monthly_output.min_share"),
            "{e}"
        );
    }
}
