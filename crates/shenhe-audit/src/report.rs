//! The report: what an audit found, as stable JSON (docs/audit.md describes every field).

use serde::Serialize;
use shenhe_core::Verdict;

use crate::config::Config;
use crate::holidays::Notice;

/// The version of the JSON shape; bumped only when a field changes meaning or goes away.
pub const SCHEMA: &str = "shenhe-audit/1";

/// The whole report.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The archive's name as given.
    pub source: String,
    /// Posts in the archive.
    pub posts: usize,
    /// The audited days.
    pub period: Period,
    /// The State Council notices the working-day calendar of the period comes from.
    pub holiday_notices: Vec<Notice>,
    /// The rules and thresholds applied.
    pub config: Config,
    /// One section per account, in order of first appearance.
    pub accounts: Vec<AccountReport>,
}

/// The audited period.
#[derive(Clone, Debug, Serialize)]
pub struct Period {
    /// First day (`YYYY-MM-DD`).
    pub from: String,
    /// Last day.
    pub to: String,
    /// Days in it.
    pub days: usize,
    /// Posts of the archive outside the period (a configured one), left out of the audit.
    pub posts_outside: usize,
}

/// One account's audit.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct AccountReport {
    /// The account's name.
    pub account: String,
    /// The account type its posts were screened for (of its first post).
    pub account_type: String,
    /// `text` or `video`: what most of its posts are.
    pub kind: String,
    /// Its posts.
    pub posts: usize,
    /// Time of its first post.
    pub first: String,
    /// Time of its last post.
    pub last: String,
    /// Each rule's result.
    pub rules: Vec<RuleResult>,
    /// Posts per day, week and month; gaps and working-day shortfalls.
    pub calendar: Calendar,
    /// Original posts and reposts.
    pub originality: Originality,
    /// What screening held.
    pub screening: Screening,
}

/// The result of one rule.
#[derive(Clone, Debug, Serialize)]
pub struct RuleResult {
    /// `update_gap`, `working_day_updates`, `monthly_output`, `originality`, `repost_source`,
    /// `held_posts`.
    pub id: &'static str,
    /// The rule in Chinese.
    pub title: &'static str,
    /// The clause it rests on (from the config).
    pub clause: String,
    /// The clause's words.
    pub clause_text: String,
    /// `pass`, `warn`, `fail` or `n/a` (disabled, or too little data to judge).
    pub status: Status,
    /// One line in Chinese: what was found.
    pub summary: String,
}

/// A rule's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Met.
    #[serde(rename = "pass")]
    Pass,
    /// Met, with something a person should look at.
    #[serde(rename = "warn")]
    Warn,
    /// Not met.
    #[serde(rename = "fail")]
    Fail,
    /// Not checked: disabled, or too little data.
    #[serde(rename = "n/a")]
    NotApplicable,
}

/// Posting calendar.
#[derive(Clone, Debug, Serialize)]
pub struct Calendar {
    /// Every day of the period.
    pub daily: Vec<Day>,
    /// Posts per ISO week (`2024-W09`), weeks of the period.
    pub weekly: Vec<Count>,
    /// Posts per month of the period, with what could have been published.
    pub monthly: Vec<Month>,
    /// Runs of days without a post at least as long as the rule's limit.
    pub gaps: Vec<Gap>,
    /// Working days in the period.
    pub working_days: usize,
    /// Working days with fewer posts than the rule asks.
    pub shortfalls: Vec<Shortfall>,
}

/// One day.
#[derive(Clone, Debug, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `workday`, `makeup_workday`, `holiday` or `weekend`.
    pub kind: &'static str,
    /// The holiday's name, on holidays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
    /// Posts that day.
    pub posts: usize,
}

/// A count under a key (a week).
#[derive(Clone, Debug, Serialize)]
pub struct Count {
    /// The key.
    pub key: String,
    /// Posts.
    pub posts: usize,
}

/// One month of the period.
#[derive(Clone, Debug, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Its days inside the period.
    pub days: usize,
    /// Posts.
    pub posts: usize,
    /// Posts that could have been published (`per_day` × days).
    pub possible: f64,
    /// `posts / possible`.
    pub share: f64,
    /// True when `share` is below the rule's `min_share`.
    pub below: bool,
}

/// Days in a row without a post.
#[derive(Clone, Debug, Serialize)]
pub struct Gap {
    /// First day without a post.
    pub from: String,
    /// Last day without a post.
    pub to: String,
    /// Days in the run.
    pub days: usize,
    /// The rule's limit for the account's kind.
    pub limit: u32,
}

/// A working day with too few posts.
#[derive(Clone, Debug, Serialize)]
pub struct Shortfall {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `workday` or `makeup_workday`.
    pub kind: &'static str,
    /// Posts that day.
    pub posts: usize,
    /// Posts the rule asks for.
    pub required: u32,
}

/// Original posts and reposts.
#[derive(Clone, Debug, Serialize)]
pub struct Originality {
    /// Posts that are not reposts.
    pub original: usize,
    /// Reposts that name their source.
    pub reposts_sourced: usize,
    /// Reposts without a source (`missing_attribution`).
    pub reposts_unsourced: usize,
    /// Reposts whose source is unknown or illegitimate (`unverified` source).
    pub reposts_unverified: usize,
    /// `original / posts` (0 without posts).
    pub original_share: f64,
    /// Least-squares slope of the monthly original share, per month (`null` with fewer months
    /// than the rule needs).
    pub slope: Option<f64>,
    /// Per month.
    pub monthly: Vec<OriginalityMonth>,
    /// The reposts without a source or with an unknown one.
    pub unsourced: Vec<PostRef>,
}

/// Originality in one month.
#[derive(Clone, Debug, Serialize)]
pub struct OriginalityMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Posts.
    pub posts: usize,
    /// Original posts.
    pub original: usize,
    /// Reposts naming their source.
    pub reposts_sourced: usize,
    /// Reposts without a source.
    pub reposts_unsourced: usize,
    /// Reposts with an unknown source.
    pub reposts_unverified: usize,
    /// `original / posts` (`null` in a month without posts).
    pub original_share: Option<f64>,
}

/// A post, by where it is and what was found.
#[derive(Clone, Debug, Serialize)]
pub struct PostRef {
    /// Its line in the archive.
    pub line: u64,
    /// Its id.
    pub id: String,
    /// Its time.
    pub time: String,
    /// The first 80 characters of its text.
    pub excerpt: String,
    /// The rules that made it a repost without a source (hit terms).
    pub rules: Vec<String>,
}

/// What screening held.
#[derive(Clone, Debug, Serialize)]
pub struct Screening {
    /// Posts that passed.
    pub pass: usize,
    /// Posts held for review.
    pub review: usize,
    /// Posts that must not have been published.
    pub block: usize,
    /// Held posts per category (a post counts once in each of its categories), most first.
    pub by_category: Vec<CategoryCount>,
    /// Held posts per category and month.
    pub monthly: Vec<CategoryMonth>,
    /// The most frequent terms and rules of held posts' hits (not notes), most first.
    pub top_terms: Vec<TermCount>,
    /// Every held post with its verdict, in archive order.
    pub held: Vec<HeldPost>,
}

/// Held posts of one category.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryCount {
    /// The category id (contract §3).
    pub category: String,
    /// Its Chinese name.
    pub name: String,
    /// Its clauses.
    pub clause: String,
    /// Held posts.
    pub posts: usize,
}

/// Held posts per category in one month.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Held posts in the month.
    pub held: usize,
    /// Category id → held posts.
    pub categories: std::collections::BTreeMap<String, usize>,
}

/// A term or rule and the held posts it was found in.
#[derive(Clone, Debug, Serialize)]
pub struct TermCount {
    /// The lexicon term or rule name.
    pub term: String,
    /// Its category.
    pub category: String,
    /// Held posts with it.
    pub posts: usize,
}

/// A held post.
#[derive(Clone, Debug, Serialize)]
pub struct HeldPost {
    /// Its line in the archive.
    pub line: u64,
    /// Its time.
    pub time: String,
    /// Its text.
    pub text: String,
    /// The verdict (contract §4), with the post's id.
    pub verdict: Verdict,
}

impl Report {
    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// True when no rule of any account failed or warned.
    pub fn all_pass(&self) -> bool {
        self.accounts
            .iter()
            .flat_map(|a| &a.rules)
            .all(|r| matches!(r.status, Status::Pass | Status::NotApplicable))
    }
}
