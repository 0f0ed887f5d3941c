/*!
`shenhe-audit` checks a new-media account's whole archive against the regulations, the way the
unit's 总编辑 or the 网信办's yearly 考核评比 looks at it:

- **posting calendar**: posts per day, week and month; runs of days without a post longer than
  the update rule allows (H13: text accounts every 3–5 days, video accounts every 5–7 days);
  working days with fewer than three updates (G11), counted on China's official calendar with
  its holidays and make-up working days ([`HolidayTable`], from the State Council's notices);
  months clearly below what could be published (Y9);
- **originality**: the share of original posts per month and its trend (H13), and the reposts
  that lack a source (X12, Y11, H15);
- **screening**: every post screened by the engine; held posts by category and month, the most
  frequent terms and rules, and every held post with its verdict.

The rules and thresholds are data ([`Config`], `data/audit.toml`), each with its clause. The
result is a [`Report`]: stable JSON (`Report::to_json`, described in docs/audit.md) and a
self-contained HTML page in Chinese ([`render_html`]) with SVG charts.

# Example
```
use shenhe_audit::{Archive, Audit, HolidayTable, render_html};

let archive = r#"{"id":"1","text":"县政务服务中心延时服务至18时。","time":"2024-02-04 09:00","account":"某县发布"}
{"id":"2","text":"新华社北京2月5日电 国务院常务会议召开。","time":"2024-02-05 10:00","account":"某县发布"}"#;
let archive = Archive::read("a.jsonl", archive.as_bytes(), &HolidayTable::shipped())?;
let engine = shenhe_core::Engine::new()?;
let report = Audit::new(&engine).run("a.jsonl", &archive)?;
let account = &report.accounts[0];
// 4 February 2024 was a Sunday made a working day (调休上班); both days have too few posts.
assert_eq!(account.calendar.shortfalls[0].kind, "makeup_workday");
// The dateline without a source makes the second post a repost without one.
assert_eq!(account.originality.reposts_unsourced, 1);
let html = render_html(&report)?;
assert!(html.contains("<svg"));
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod archive;
mod audit;
mod config;
mod error;
mod holidays;
mod html;
mod report;

pub use crate::archive::{Archive, MAX_LINE_BYTES, Post, parse_time};
pub use crate::audit::Audit;
pub use crate::config::{
    Config, DEFAULT_CONFIG, HeldPosts, MonthlyOutput, Originality as OriginalityRule, RepostSource,
    UpdateGap, WorkingDayUpdates,
};
pub use crate::error::AuditError;
pub use crate::holidays::{DayKind, HolidayTable, Notice};
pub use crate::html::{charts_per_account, render_html};
pub use crate::report::*;
