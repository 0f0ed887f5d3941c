//! Running an audit: screen every post in parallel, then aggregate per account.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rayon::prelude::*;
use regex_automata::meta::Regex;
use shenhe_core::{Account, Action, Category, Decision, Engine, Input, Verdict};

use crate::archive::{Archive, Post};
use crate::config::Config;
use crate::error::AuditError;
use crate::holidays::{DayKind, HolidayTable};
use crate::report::*;

/// Posts screened per round; progress is reported after each.
const CHUNK: usize = 2048;

/// Where a post comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The account's own post.
    Original,
    /// A repost that names its source.
    RepostSourced,
    /// A repost without a source.
    RepostUnsourced,
    /// A repost whose source is unknown or illegitimate.
    RepostUnverified,
}

/// An audit of an archive: the engine that screens, the rules, the calendar.
///
/// # Example
/// ```
/// use shenhe_audit::{Archive, Audit, HolidayTable};
/// let engine = shenhe_core::Engine::new()?;
/// let archive = Archive::read(
///     "a.jsonl",
///     r#"{"id":"1","text":"今天全县开展植树活动。","time":"2024-03-12 09:00","account":"某县政府"}"#
///         .as_bytes(),
///     &HolidayTable::shipped(),
/// )?;
/// let report = Audit::new(&engine).run("a.jsonl", &archive)?;
/// assert_eq!(report.accounts[0].posts, 1);
/// assert_eq!(report.accounts[0].calendar.shortfalls.len(), 1); // 1 post, 3 needed
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Audit<'a> {
    engine: &'a Engine,
    config: Config,
    holidays: Option<HolidayTable>,
    account: Account,
    progress: Option<Box<dyn Fn(usize) + Sync + 'a>>,
}

impl std::fmt::Debug for Audit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Audit")
            .field("config", &self.config)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// One post's screening, as the aggregation needs it.
struct Screened {
    verdict: Verdict,
    origin: Origin,
}

/// The compiled repost marks of the config.
struct Marks {
    repost: Option<Regex>,
    own: Option<Regex>,
}

impl Marks {
    fn new(config: &Config) -> Result<Marks, AuditError> {
        let build = |pats: &[String]| -> Result<Option<Regex>, AuditError> {
            if pats.is_empty() {
                return Ok(None);
            }
            Regex::new_many(pats)
                .map(Some)
                .map_err(|e| AuditError::data("config", format!("repost_source: {e}")))
        };
        Ok(Marks {
            repost: build(&config.repost_source.repost_marks)?,
            own: build(&config.repost_source.own_marks)?,
        })
    }

    /// True when `text` carries a repost mark outside every "own source" label.
    fn names_source(&self, text: &str) -> bool {
        let Some(repost) = &self.repost else {
            return false;
        };
        let own: Vec<(usize, usize)> = match &self.own {
            Some(own) => own.find_iter(text).map(|m| (m.start(), m.end())).collect(),
            None => Vec::new(),
        };
        repost
            .find_iter(text)
            .any(|m| !own.iter().any(|&(s, e)| m.start() < e && s < m.end()))
    }
}

/// Classifies a post from its verdict and text: the engine's attribution findings first (a
/// repost cue without a source is `missing_attribution`, an unknown source `unverified`), then
/// the config's repost marks.
pub(crate) fn origin(
    verdict: &Verdict,
    text: &str,
    source_words: &[String],
    marks_found: impl FnOnce(&str) -> bool,
) -> Origin {
    let unsourced = verdict.hits.iter().any(|h| {
        h.category == Category::MissingAttribution
            && (h.action > Action::Note || h.term.starts_with("reference:"))
    });
    if unsourced {
        return Origin::RepostUnsourced;
    }
    // An unknown source is `unverified_source` from the attribution detector, or a lexicon
    // entry that is a source label (来源：网络); hearsay (网传) is not a repost.
    if verdict.hits.iter().any(|h| {
        h.category == Category::Unverified
            && h.action > Action::Note
            && (&*h.term == "unverified_source"
                || source_words.iter().any(|w| h.term.contains(w.as_str())))
    }) {
        return Origin::RepostUnverified;
    }
    if marks_found(text) {
        Origin::RepostSourced
    } else {
        Origin::Original
    }
}

impl<'a> Audit<'a> {
    /// An audit with the shipped config and holiday table, screening for `org` accounts.
    pub fn new(engine: &'a Engine) -> Audit<'a> {
        Audit {
            engine,
            config: Config::default(),
            holidays: None,
            account: Account::Org,
            progress: None,
        }
    }

    /// Uses these rules.
    pub fn config(mut self, config: Config) -> Audit<'a> {
        self.config = config;
        self
    }

    /// Uses this holiday table (default: the config's, see [`Config::holiday_table`]).
    pub fn holidays(mut self, table: HolidayTable) -> Audit<'a> {
        self.holidays = Some(table);
        self
    }

    /// Screens posts without an `account_type` for this account type.
    pub fn account(mut self, account: Account) -> Audit<'a> {
        self.account = account;
        self
    }

    /// Calls `f` with the number of posts screened so far, after each round.
    pub fn progress(mut self, f: impl Fn(usize) + Sync + 'a) -> Audit<'a> {
        self.progress = Some(Box::new(f));
        self
    }

    /// Screens and aggregates `archive` (named `source` in the report). Runs on the current
    /// rayon pool (use `pool.install` to choose one).
    ///
    /// # Errors
    /// A post that cannot be screened (over the size limit), a period day in a year the holiday
    /// table does not know, or a config that does not compile.
    pub fn run(&self, source: &str, archive: &Archive) -> Result<Report, AuditError> {
        let holidays = match &self.holidays {
            Some(t) => t.clone(),
            None => self.config.holiday_table()?,
        };
        let marks = Marks::new(&self.config)?;
        let (cfg_from, cfg_to) = self
            .config
            .period()
            .map_err(|m| AuditError::data("config", m))?;
        let first = archive
            .posts
            .iter()
            .map(Post::date)
            .min()
            .expect("an archive has posts");
        let last = archive
            .posts
            .iter()
            .map(Post::date)
            .max()
            .expect("an archive has posts");
        let from = cfg_from.unwrap_or(first);
        let to = cfg_to.unwrap_or(last);
        if to < from {
            return Err(AuditError::data(
                "config",
                format!("the period {from}..{to} is empty"),
            ));
        }
        let days = days_of(from, to);
        let kinds: Vec<DayKind> = days
            .iter()
            .map(|d| holidays.day(*d).map_err(|m| AuditError::data("period", m)))
            .collect::<Result<_, _>>()?;
        let notices = holidays.notices(days.iter().map(|d| d.year()));
        // Posts outside a configured period are left out of everything, and counted.
        let inside: Vec<usize> = (0..archive.posts.len())
            .filter(|&i| (from..=to).contains(&archive.posts[i].date()))
            .collect();
        if inside.is_empty() {
            return Err(AuditError::data(
                source,
                format!("no post falls in the period {from}..{to}"),
            ));
        }
        let mut screened: Vec<Option<Screened>> = Vec::with_capacity(archive.posts.len());
        screened.resize_with(archive.posts.len(), || None);
        let mut done = 0;
        for chunk in inside.chunks(CHUNK) {
            let results: Vec<Result<(usize, Screened), (u64, String)>> = chunk
                .par_iter()
                .map(|&i| {
                    let p = &archive.posts[i];
                    let mut input =
                        Input::new(&p.text).account(p.account_type.unwrap_or(self.account));
                    if !p.id.is_empty() {
                        input = input.id(&p.id);
                    }
                    let verdict = self
                        .engine
                        .screen(input)
                        .map_err(|e| (p.line, e.to_string()))?;
                    let origin = origin(
                        &verdict,
                        &p.text,
                        &self.config.repost_source.source_words,
                        |t| marks.names_source(t),
                    );
                    Ok((i, Screened { verdict, origin }))
                })
                .collect();
            let mut bad = Vec::new();
            for r in results {
                match r {
                    Ok((i, s)) => screened[i] = Some(s),
                    Err(e) => bad.push(e),
                }
            }
            if !bad.is_empty() {
                return Err(AuditError::lines(source, bad));
            }
            done += chunk.len();
            if let Some(f) = &self.progress {
                f(done);
            }
        }

        // Accounts in order of first appearance.
        let mut order: Vec<&str> = Vec::new();
        let mut by_account: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &inside {
            let p = &archive.posts[i];
            by_account
                .entry(&p.account)
                .or_insert_with(|| {
                    order.push(&p.account);
                    Vec::new()
                })
                .push(i);
        }
        let ctx = Ctx {
            config: &self.config,
            default_account: self.account,
            days: &days,
            kinds: &kinds,
        };
        let accounts = order
            .iter()
            .map(|name| ctx.account(name, &by_account[name], archive, &screened))
            .collect();
        Ok(Report {
            schema: SCHEMA,
            source: source.to_string(),
            posts: archive.posts.len(),
            period: Period {
                from: from.to_string(),
                to: to.to_string(),
                days: days.len(),
                posts_outside: archive.posts.len() - inside.len(),
            },
            holiday_notices: notices,
            config: self.config.clone(),
            accounts,
        })
    }
}

fn days_of(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        out.push(d);
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

fn month_key(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn week_key(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn kind_id(k: &DayKind) -> &'static str {
    match k {
        DayKind::Workday => "workday",
        DayKind::MakeupWorkday => "makeup_workday",
        DayKind::Holiday(_) => "holiday",
        DayKind::Weekend => "weekend",
    }
}

fn excerpt(text: &str) -> String {
    let mut s: String = text.chars().take(80).collect();
    if text.chars().nth(80).is_some() {
        s.push('…');
    }
    s
}

/// Least-squares slope of `ys` against 0, 1, 2, … (None for fewer than two points).
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

struct Ctx<'c> {
    config: &'c Config,
    default_account: Account,
    days: &'c [Date],
    kinds: &'c [DayKind],
}

impl Ctx<'_> {
    fn account(
        &self,
        name: &str,
        idx: &[usize],
        archive: &Archive,
        screened: &[Option<Screened>],
    ) -> AccountReport {
        let cfg = self.config;
        let posts: Vec<&Post> = idx.iter().map(|&i| &archive.posts[i]).collect();
        let results: Vec<&Screened> = idx
            .iter()
            .map(|&i| {
                screened[i]
                    .as_ref()
                    .expect("every post in the period is screened")
            })
            .collect();
        let video = posts
            .iter()
            .filter(|p| cfg.update_gap.video_kinds.contains(&p.kind))
            .count();
        let is_video = video * 2 > posts.len();
        let limit = if is_video {
            cfg.update_gap.video_days
        } else {
            cfg.update_gap.text_days
        };

        // Posts per day of the period (posts outside it are not counted in the calendar).
        let from = self.days[0];
        let mut per_day = vec![0usize; self.days.len()];
        for p in &posts {
            if let Ok(span) = from.until(p.date())
                && let Ok(i) = usize::try_from(span.get_days())
                && i < per_day.len()
            {
                per_day[i] += 1;
            }
        }
        let daily: Vec<Day> = self
            .days
            .iter()
            .zip(self.kinds)
            .zip(&per_day)
            .map(|((d, k), &n)| Day {
                date: d.to_string(),
                kind: kind_id(k),
                holiday: match k {
                    DayKind::Holiday(h) => Some(h.clone()),
                    _ => None,
                },
                posts: n,
            })
            .collect();
        let mut weekly: Vec<Count> = Vec::new();
        for (d, &n) in self.days.iter().zip(&per_day) {
            let key = week_key(*d);
            match weekly.last_mut() {
                Some(w) if w.key == key => w.posts += n,
                _ => weekly.push(Count { key, posts: n }),
            }
        }
        let mut monthly: Vec<Month> = Vec::new();
        for (d, &n) in self.days.iter().zip(&per_day) {
            let key = month_key(*d);
            match monthly.last_mut() {
                Some(m) if m.month == key => {
                    m.days += 1;
                    m.posts += n;
                }
                _ => monthly.push(Month {
                    month: key,
                    days: 1,
                    posts: n,
                    possible: 0.0,
                    share: 0.0,
                    below: false,
                }),
            }
        }
        for m in &mut monthly {
            m.possible = m.days as f64 * cfg.monthly_output.per_day;
            m.share = m.posts as f64 / m.possible;
            m.below = m.share < cfg.monthly_output.min_share;
        }

        // Gaps: runs of days without a post at least `limit` long.
        let mut gaps = Vec::new();
        let mut i = 0;
        while i < per_day.len() {
            if per_day[i] > 0 {
                i += 1;
                continue;
            }
            let start = i;
            while i < per_day.len() && per_day[i] == 0 {
                i += 1;
            }
            if i - start >= limit as usize {
                gaps.push(Gap {
                    from: self.days[start].to_string(),
                    to: self.days[i - 1].to_string(),
                    days: i - start,
                    limit,
                });
            }
        }

        let min_posts = cfg.working_day_updates.min_posts;
        let working_days = self.kinds.iter().filter(|k| k.is_working()).count();
        let shortfalls: Vec<Shortfall> = self
            .days
            .iter()
            .zip(self.kinds)
            .zip(&per_day)
            .filter(|((_, k), n)| k.is_working() && (**n as u64) < u64::from(min_posts))
            .map(|((d, k), &n)| Shortfall {
                date: d.to_string(),
                kind: kind_id(k),
                posts: n,
                required: min_posts,
            })
            .collect();

        // Originality.
        let mut orig_months: BTreeMap<String, OriginalityMonth> = monthly
            .iter()
            .map(|m| {
                (
                    m.month.clone(),
                    OriginalityMonth {
                        month: m.month.clone(),
                        posts: 0,
                        original: 0,
                        reposts_sourced: 0,
                        reposts_unsourced: 0,
                        reposts_unverified: 0,
                        original_share: None,
                    },
                )
            })
            .collect();
        let (mut original, mut sourced, mut unsourced_n, mut unverified) = (0, 0, 0, 0);
        let mut unsourced = Vec::new();
        for (p, s) in posts.iter().zip(&results) {
            let m = orig_months
                .entry(month_key(p.date()))
                .or_insert_with(|| OriginalityMonth {
                    month: month_key(p.date()),
                    posts: 0,
                    original: 0,
                    reposts_sourced: 0,
                    reposts_unsourced: 0,
                    reposts_unverified: 0,
                    original_share: None,
                });
            m.posts += 1;
            match s.origin {
                Origin::Original => {
                    original += 1;
                    m.original += 1;
                }
                Origin::RepostSourced => {
                    sourced += 1;
                    m.reposts_sourced += 1;
                }
                Origin::RepostUnsourced | Origin::RepostUnverified => {
                    if s.origin == Origin::RepostUnsourced {
                        unsourced_n += 1;
                        m.reposts_unsourced += 1;
                    } else {
                        unverified += 1;
                        m.reposts_unverified += 1;
                    }
                    let mut rules: Vec<String> = s
                        .verdict
                        .hits
                        .iter()
                        .filter(|h| {
                            matches!(
                                h.category,
                                Category::MissingAttribution | Category::Unverified
                            ) && h.action > Action::Note
                        })
                        .map(|h| h.term.to_string())
                        .collect();
                    rules.dedup();
                    unsourced.push(PostRef {
                        line: p.line,
                        id: p.id.clone(),
                        time: p.time.to_string(),
                        excerpt: excerpt(&p.text),
                        rules,
                    });
                }
            }
        }
        let mut orig_monthly: Vec<OriginalityMonth> = orig_months.into_values().collect();
        for m in &mut orig_monthly {
            m.original_share = (m.posts > 0).then(|| m.original as f64 / m.posts as f64);
        }
        let points: Vec<(f64, f64)> = orig_monthly
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.original_share.map(|s| (i as f64, s)))
            .collect();
        let trend = if points.len() >= cfg.originality.min_months.max(2) as usize {
            slope(&points)
        } else {
            None
        };

        // Screening.
        let (mut pass, mut review, mut block) = (0, 0, 0);
        let mut by_cat: HashMap<Category, usize> = HashMap::new();
        let mut cat_months: BTreeMap<String, CategoryMonth> = monthly
            .iter()
            .map(|m| {
                (
                    m.month.clone(),
                    CategoryMonth {
                        month: m.month.clone(),
                        held: 0,
                        categories: BTreeMap::new(),
                    },
                )
            })
            .collect();
        let mut terms: HashMap<(String, Category), usize> = HashMap::new();
        let mut held = Vec::new();
        for (p, s) in posts.iter().zip(&results) {
            match s.verdict.verdict {
                Decision::Pass => {
                    pass += 1;
                    continue;
                }
                Decision::Review => review += 1,
                Decision::Block => block += 1,
            }
            let key = month_key(p.date());
            let cm = cat_months
                .entry(key.clone())
                .or_insert_with(|| CategoryMonth {
                    month: key,
                    held: 0,
                    categories: BTreeMap::new(),
                });
            cm.held += 1;
            for c in &s.verdict.categories {
                *by_cat.entry(*c).or_default() += 1;
                *cm.categories.entry(c.id().to_string()).or_default() += 1;
            }
            let mut seen: Vec<(String, Category)> = s
                .verdict
                .hits
                .iter()
                .filter(|h| h.action > Action::Note)
                .map(|h| (h.term.to_string(), h.category))
                .collect();
            seen.sort();
            seen.dedup();
            for k in seen {
                *terms.entry(k).or_default() += 1;
            }
            held.push(HeldPost {
                line: p.line,
                time: p.time.to_string(),
                text: p.text.clone(),
                verdict: s.verdict.clone(),
            });
        }
        let mut by_category: Vec<CategoryCount> = by_cat
            .into_iter()
            .map(|(c, n)| CategoryCount {
                category: c.id().to_string(),
                name: c.name().to_string(),
                clause: c.clause().to_string(),
                posts: n,
            })
            .collect();
        by_category.sort_by(|a, b| b.posts.cmp(&a.posts).then(a.category.cmp(&b.category)));
        let mut top_terms: Vec<TermCount> = terms
            .into_iter()
            .map(|((term, c), n)| TermCount {
                term,
                category: c.id().to_string(),
                posts: n,
            })
            .collect();
        top_terms.sort_by(|a, b| b.posts.cmp(&a.posts).then(a.term.cmp(&b.term)));
        top_terms.truncate(cfg.held_posts.top_terms);

        let n = posts.len();
        let originality = Originality {
            original,
            reposts_sourced: sourced,
            reposts_unsourced: unsourced_n,
            reposts_unverified: unverified,
            original_share: if n == 0 {
                0.0
            } else {
                original as f64 / n as f64
            },
            slope: trend,
            monthly: orig_monthly,
            unsourced,
        };
        let calendar = Calendar {
            daily,
            weekly,
            monthly,
            gaps,
            working_days,
            shortfalls,
        };
        let screening = Screening {
            pass,
            review,
            block,
            by_category,
            monthly: cat_months.into_values().collect(),
            top_terms,
            held,
        };
        let rules = rules(cfg, limit, is_video, &calendar, &originality, &screening);
        AccountReport {
            account: name.to_string(),
            account_type: posts[0]
                .account_type
                .unwrap_or(self.default_account)
                .as_str()
                .to_string(),
            kind: if is_video { "video" } else { "text" }.to_string(),
            posts: n,
            first: posts[0].time.to_string(),
            last: posts[n - 1].time.to_string(),
            rules,
            calendar,
            originality,
            screening,
        }
    }
}

fn rules(
    cfg: &Config,
    limit: u32,
    is_video: bool,
    cal: &Calendar,
    orig: &Originality,
    scr: &Screening,
) -> Vec<RuleResult> {
    let rule = |id, title, clause: &str, text: &str, enabled: bool, status, summary| RuleResult {
        id,
        title,
        clause: clause.to_string(),
        clause_text: text.to_string(),
        status: if enabled {
            status
        } else {
            Status::NotApplicable
        },
        summary: if enabled {
            summary
        } else {
            "未检查（配置中已停用）".to_string()
        },
    };
    let mut out = Vec::new();

    let g = &cfg.update_gap;
    let kind = if is_video {
        "视频类账号"
    } else {
        "文字图片类账号"
    };
    out.push(match cal.gaps.iter().max_by_key(|g| g.days) {
        None => rule(
            "update_gap",
            "更新频率",
            &g.clause,
            &g.text,
            true,
            Status::Pass,
            format!("{kind}：没有连续{limit}天及以上未更新"),
        ),
        Some(worst) => rule(
            "update_gap",
            "更新频率",
            &g.clause,
            &g.text,
            true,
            Status::Fail,
            format!(
                "{kind}：{}处连续{limit}天及以上未更新，最长{}天（{}至{}）",
                cal.gaps.len(),
                worst.days,
                worst.from,
                worst.to
            ),
        ),
    });

    let w = &cfg.working_day_updates;
    let makeup = cal
        .shortfalls
        .iter()
        .filter(|s| s.kind == "makeup_workday")
        .count();
    out.push(rule(
        "working_day_updates",
        "工作日更新",
        &w.clause,
        &w.text,
        w.enabled,
        if cal.shortfalls.is_empty() {
            Status::Pass
        } else {
            Status::Fail
        },
        format!(
            "{}个工作日中{}天更新少于{}次（其中调休上班日{}天）",
            cal.working_days,
            cal.shortfalls.len(),
            w.min_posts,
            makeup
        ),
    ));

    let m = &cfg.monthly_output;
    let below: Vec<&str> = cal
        .monthly
        .iter()
        .filter(|x| x.below)
        .map(|x| x.month.as_str())
        .collect();
    out.push(rule(
        "monthly_output",
        "月发布量",
        &m.clause,
        &m.text,
        m.enabled,
        if below.is_empty() {
            Status::Pass
        } else {
            Status::Fail
        },
        if below.is_empty() {
            format!(
                "每月发布量均不低于可发布次数（每天{}次）的{}",
                m.per_day,
                pct(m.min_share)
            )
        } else {
            format!(
                "{}个月低于可发布次数（每天{}次）的{}：{}",
                below.len(),
                m.per_day,
                pct(m.min_share),
                below.join("、")
            )
        },
    ));

    let o = &cfg.originality;
    let first_last = {
        let shares: Vec<f64> = orig
            .monthly
            .iter()
            .filter_map(|m| m.original_share)
            .collect();
        match (shares.first(), shares.last()) {
            (Some(a), Some(b)) => format!("（首月{}，末月{}）", pct(*a), pct(*b)),
            _ => String::new(),
        }
    };
    out.push(match orig.slope {
        None => rule(
            "originality",
            "原创比例",
            &o.clause,
            &o.text,
            o.enabled,
            Status::NotApplicable,
            format!(
                "有发布的月份少于{}个，无法判断趋势；原创占比{}",
                o.min_months.max(2),
                pct(orig.original_share)
            ),
        ),
        Some(s) => rule(
            "originality",
            "原创比例",
            &o.clause,
            &o.text,
            o.enabled,
            if s >= o.min_slope {
                Status::Pass
            } else {
                Status::Fail
            },
            format!(
                "原创占比{}，逐月变化{:+.1}个百分点/月{first_last}",
                pct(orig.original_share),
                s * 100.0
            ),
        ),
    });

    let r = &cfg.repost_source;
    let reposts = orig.reposts_sourced + orig.reposts_unsourced + orig.reposts_unverified;
    out.push(rule(
        "repost_source",
        "转载注明出处",
        &r.clause,
        &r.text,
        r.enabled,
        if orig.reposts_unsourced + orig.reposts_unverified == 0 {
            Status::Pass
        } else {
            Status::Fail
        },
        format!(
            "转载{}条：注明出处{}条，未注明出处{}条，来源不明{}条",
            reposts, orig.reposts_sourced, orig.reposts_unsourced, orig.reposts_unverified
        ),
    ));

    let h = &cfg.held_posts;
    out.push(rule(
        "held_posts",
        "发布内容审核",
        &h.clause,
        &h.text,
        h.enabled,
        if scr.block > 0 {
            Status::Fail
        } else if scr.review > 0 {
            Status::Warn
        } else {
            Status::Pass
        },
        format!(
            "应拦截{}条，需人工复核{}条，通过{}条",
            scr.block, scr.review, scr.pass
        ),
    ));
    out
}
