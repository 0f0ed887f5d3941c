//! China's official working-day calendar: holidays and make-up working days by year, from the
//! State Council General Office's yearly notices (`data/holidays.toml`).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::AuditError;

/// The shipped table (2020–2026), with each year's notice.
const SHIPPED: &str = include_str!("../data/holidays.toml");

/// What a day is in the official calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// An ordinary Monday–Friday.
    Workday,
    /// A Saturday or Sunday that the notice makes a working day (调休上班).
    MakeupWorkday,
    /// A day off of a holiday block (its name, e.g. 春节).
    Holiday(String),
    /// An ordinary Saturday or Sunday.
    Weekend,
}

impl DayKind {
    /// True for working days (ordinary and make-up).
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday)
    }
}

/// The notice a year's arrangements come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The year arranged.
    pub year: i16,
    /// The notice's title.
    pub notice: String,
    /// Its date of issue.
    pub issued: String,
    /// A later notice that changed the arrangements, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amended: Option<String>,
}

/// The holiday table: which days are worked, for the years it knows.
///
/// # Example
/// ```
/// use shenhe_audit::{DayKind, HolidayTable};
/// let table = HolidayTable::shipped();
/// let date = |s: &str| s.parse().unwrap();
/// assert_eq!(table.day(date("2024-02-12")).unwrap(), DayKind::Holiday("春节".into()));
/// assert_eq!(table.day(date("2024-02-18")).unwrap(), DayKind::MakeupWorkday);
/// assert!(table.day(date("2031-05-01")).is_err()); // a year the table does not know
/// ```
#[derive(Clone, Debug)]
pub struct HolidayTable {
    notices: BTreeMap<i16, Notice>,
    holidays: HashMap<Date, String>,
    workdays: HashMap<Date, ()>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    year: Vec<YearEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearEntry {
    year: i16,
    notice: String,
    issued: String,
    #[serde(default)]
    amended: Option<String>,
    holidays: Vec<Block>,
    workdays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    name: String,
    from: String,
    to: String,
    days: i32,
}

impl HolidayTable {
    /// The table shipped with shenhe: 2020–2026, each year from its State Council notice.
    pub fn shipped() -> HolidayTable {
        let mut t = HolidayTable::empty();
        t.add_toml("holidays.toml (shipped)", SHIPPED)
            .expect("the shipped holiday table is valid (tested)");
        t
    }

    /// A table that knows no year.
    pub fn empty() -> HolidayTable {
        HolidayTable {
            notices: BTreeMap::new(),
            holidays: HashMap::new(),
            workdays: HashMap::new(),
        }
    }

    /// Adds the years of a table file in the shipped format (see `data/holidays.toml`); a year
    /// given again replaces the earlier one. `source` names the file in errors.
    ///
    /// # Errors
    /// A file that does not parse, a bad date, a block whose `days` does not match its dates, a
    /// date outside its year's notice, or a make-up working day that is not a Saturday or Sunday.
    pub fn add_toml(&mut self, source: &str, text: &str) -> Result<(), AuditError> {
        let file: File =
            toml::from_str(text).map_err(|e| AuditError::data(source, e.to_string()))?;
        for y in file.year {
            let err = |m: String| AuditError::data(source, format!("year {}: {m}", y.year));
            let parse = |s: &str| {
                s.parse::<Date>()
                    .map_err(|e| err(format!("bad date {s:?}: {e}")))
            };
            // The year's blocks may start in the year before (元旦 2023 began on 31 December
            // 2022) but the table lists them under the year they are arranged for.
            let in_range = |d: Date| d.year() == y.year || d.year() + 1 == y.year;
            parse(&y.issued)?;
            self.holidays.retain(|d, _| d.year() != y.year);
            self.workdays.retain(|d, _| d.year() != y.year);
            for b in &y.holidays {
                let (from, to) = (parse(&b.from)?, parse(&b.to)?);
                if !in_range(from) || to.year() != y.year || to < from {
                    return Err(err(format!(
                        "{}: {}..{} is not in {}",
                        b.name, b.from, b.to, y.year
                    )));
                }
                let mut d = from;
                let mut n = 0;
                loop {
                    self.holidays.insert(d, b.name.clone());
                    n += 1;
                    if d == to {
                        break;
                    }
                    d = d.tomorrow().map_err(|e| err(e.to_string()))?;
                }
                if n != b.days {
                    return Err(err(format!(
                        "{}: {}..{} holds {n} days, the entry says {}",
                        b.name, b.from, b.to, b.days
                    )));
                }
            }
            for w in &y.workdays {
                let d = parse(w)?;
                if d.year() != y.year {
                    return Err(err(format!("make-up working day {w} is not in {}", y.year)));
                }
                if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
                    return Err(err(format!(
                        "make-up working day {w} is a {:?}, not a Saturday or Sunday",
                        d.weekday()
                    )));
                }
                if self.holidays.contains_key(&d) {
                    return Err(err(format!(
                        "{w} is both a holiday and a make-up working day"
                    )));
                }
                self.workdays.insert(d, ());
            }
            self.notices.insert(
                y.year,
                Notice {
                    year: y.year,
                    notice: y.notice,
                    issued: y.issued,
                    amended: y.amended,
                },
            );
        }
        Ok(())
    }

    /// True when the table holds the arrangements of `year`.
    pub fn knows(&self, year: i16) -> bool {
        self.notices.contains_key(&year)
    }

    /// The years the table knows, ascending.
    pub fn years(&self) -> Vec<i16> {
        self.notices.keys().copied().collect()
    }

    /// The notices of the given years (those the table knows), ascending.
    pub fn notices(&self, years: impl IntoIterator<Item = i16>) -> Vec<Notice> {
        let mut out: Vec<Notice> = years
            .into_iter()
            .filter_map(|y| self.notices.get(&y).cloned())
            .collect();
        out.sort_by_key(|n| n.year);
        out.dedup_by_key(|n| n.year);
        out
    }

    /// What `date` is.
    ///
    /// # Errors
    /// The table does not know the date's year: the message says which years it knows.
    pub fn day(&self, date: Date) -> Result<DayKind, String> {
        if !self.knows(date.year()) {
            return Err(self.unknown_year(date.year()));
        }
        Ok(if let Some(name) = self.holidays.get(&date) {
            DayKind::Holiday(name.clone())
        } else if self.workdays.contains_key(&date) {
            DayKind::MakeupWorkday
        } else if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            DayKind::Weekend
        } else {
            DayKind::Workday
        })
    }

    /// The message for a year the table does not know.
    pub(crate) fn unknown_year(&self, year: i16) -> String {
        let known = match (self.notices.keys().next(), self.notices.keys().next_back()) {
            (Some(a), Some(b)) => format!("it covers {a}–{b}"),
            _ => "it is empty".to_string(),
        };
        format!(
            "the holiday table has no arrangements for {year} ({known}): add the State Council \
             notice 国务院办公厅关于{year}年部分节假日安排的通知 to a table file and name it as \
             `holiday_table` in the audit config"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn shipped_table_loads_every_year() {
        let t = HolidayTable::shipped();
        assert_eq!(t.years(), vec![2020, 2021, 2022, 2023, 2024, 2025, 2026]);
        for n in t.notices(2020..=2026) {
            assert!(
                n.notice.contains(&format!("{}年部分节假日安排", n.year)),
                "{n:?}"
            );
        }
    }

    #[test]
    fn known_days() {
        let t = HolidayTable::shipped();
        // 2024: 春节 2月10日至17日, make-up days 2月4日 (Sunday) and 2月18日 (Sunday).
        assert_eq!(t.day(d("2024-02-09")).unwrap(), DayKind::Workday); // 除夕 only encouraged
        assert_eq!(
            t.day(d("2024-02-10")).unwrap(),
            DayKind::Holiday("春节".into())
        );
        assert_eq!(
            t.day(d("2024-02-17")).unwrap(),
            DayKind::Holiday("春节".into())
        );
        assert_eq!(t.day(d("2024-02-04")).unwrap(), DayKind::MakeupWorkday);
        assert_eq!(t.day(d("2024-02-18")).unwrap(), DayKind::MakeupWorkday);
        assert_eq!(t.day(d("2024-02-24")).unwrap(), DayKind::Weekend);
        // 2020: the extension notice made 31 January a day off and cancelled 1 February's work.
        assert_eq!(
            t.day(d("2020-01-31")).unwrap(),
            DayKind::Holiday("春节".into())
        );
        assert_eq!(
            t.day(d("2020-02-01")).unwrap(),
            DayKind::Holiday("春节".into())
        );
        assert_eq!(t.day(d("2020-02-03")).unwrap(), DayKind::Workday);
        // 2025: 除夕 is a public holiday from 2025 on.
        assert_eq!(
            t.day(d("2025-01-28")).unwrap(),
            DayKind::Holiday("春节".into())
        );
        assert_eq!(t.day(d("2025-01-26")).unwrap(), DayKind::MakeupWorkday);
        // 2023's 元旦 began on Saturday 31 December 2022, a weekend day anyway.
        assert_eq!(t.day(d("2022-12-31")).unwrap(), DayKind::Weekend);
        assert_eq!(
            t.day(d("2023-01-02")).unwrap(),
            DayKind::Holiday("元旦".into())
        );
    }

    #[test]
    fn working_days_per_year() {
        // Working days a year as the table gives them; 2024's 251 and 2025's 248 are the
        // counts of 全年工作日 reported when those notices came out (2025 added two holidays).
        let t = HolidayTable::shipped();
        for (year, expected) in [(2022, 249), (2023, 249), (2024, 251), (2025, 248)] {
            let mut day = Date::new(year, 1, 1).unwrap();
            let mut n = 0;
            while day.year() == year {
                n += usize::from(t.day(day).unwrap().is_working());
                day = day.tomorrow().unwrap();
            }
            assert_eq!(n, expected, "{year}");
        }
    }

    #[test]
    fn unknown_year_is_an_error() {
        let t = HolidayTable::shipped();
        let e = t.day(d("2019-06-03")).unwrap_err();
        assert!(
            e.contains("no arrangements for 2019") && e.contains("2020–2026"),
            "{e}"
        );
    }

    #[test]
    fn bad_tables_are_rejected() {
        let mut t = HolidayTable::empty();
        let e = t
            .add_toml(
                "x.toml",
                r#"[[year]]
year = 2030
notice = "n"
issued = "2029-11-01"
holidays = [{ name = "元旦", from = "2030-01-01", to = "2030-01-02", days = 1 }]
workdays = []"#,
            )
            .unwrap_err();
        assert!(e.to_string().contains("holds 2 days"), "{e}");
        let e = t
            .add_toml(
                "x.toml",
                r#"[[year]]
year = 2030
notice = "n"
issued = "2029-11-01"
holidays = []
workdays = ["2030-01-07"]"#,
            )
            .unwrap_err();
        assert!(e.to_string().contains("not a Saturday or Sunday"), "{e}");
    }
}
