//! The HTML report: one self-contained page in Chinese, its charts drawn by plotters' SVG
//! backend and laid out by a minijinja template (`data/report.html`). No scripts, fonts or
//! anything else is loaded from elsewhere.

use plotters::prelude::*;
use serde::Serialize;

use crate::error::AuditError;
use crate::report::{AccountReport, Report};

const TEMPLATE: &str = include_str!("../data/report.html");

/// Charts drawn for each account: the posting timeline, originality per month, held posts by
/// category per month. The page's `data-expected-charts` is this times the accounts.
pub fn charts_per_account() -> usize {
    3
}

/// Colours of the series, also used by the page's legends.
const ORIGINAL: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
const SOURCED: RGBColor = RGBColor(0x15, 0x65, 0xc0);
const UNSOURCED: RGBColor = RGBColor(0xc6, 0x28, 0x28);
const UNVERIFIED: RGBColor = RGBColor(0xef, 0x6c, 0x00);
const POSTS: RGBColor = RGBColor(0x37, 0x47, 0x4f);
const GAP: RGBColor = RGBColor(0xe5, 0x39, 0x35);
const HOLIDAY: RGBColor = RGBColor(0xff, 0xb3, 0x00);
const MAKEUP: RGBColor = RGBColor(0x8e, 0x24, 0xaa);

/// One colour per category, in the order of the account's `by_category`.
const PALETTE: [RGBColor; 10] = [
    RGBColor(0xc6, 0x28, 0x28),
    RGBColor(0x15, 0x65, 0xc0),
    RGBColor(0xef, 0x6c, 0x00),
    RGBColor(0x6a, 0x1b, 0x9a),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0x00, 0x83, 0x8f),
    RGBColor(0x8d, 0x6e, 0x63),
    RGBColor(0xad, 0x14, 0x57),
    RGBColor(0x55, 0x8b, 0x2f),
    RGBColor(0x45, 0x5a, 0x64),
];

fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[derive(Serialize)]
struct Legend {
    label: String,
    color: String,
}

#[derive(Serialize)]
struct AccountCharts {
    timeline: String,
    timeline_legend: Vec<Legend>,
    originality: String,
    originality_legend: Vec<Legend>,
    held: String,
    held_legend: Vec<Legend>,
}

fn draw_err<E: std::fmt::Debug>(e: E) -> AuditError {
    AuditError::data("chart", format!("{e:?}"))
}

const WIDTH: u32 = 960;
const HEIGHT: u32 = 300;

/// Month boundaries of a list of `YYYY-MM-DD` days: (index, `YYYY-MM`).
fn month_starts(dates: &[&str]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, d) in dates.iter().enumerate() {
        let m = &d[..7];
        if out.last().is_none_or(|(_, last)| last != m) {
            out.push((i, m.to_string()));
        }
    }
    out
}

/// Posts per day as bars, with gaps, holidays and make-up working days marked.
fn timeline(a: &AccountReport, min_posts: u32) -> Result<String, AuditError> {
    let days = &a.calendar.daily;
    let n = days.len().max(1);
    let max = days
        .iter()
        .map(|d| d.posts)
        .max()
        .unwrap_or(0)
        .max(min_posts as usize)
        .max(1)
        + 1;
    let dates: Vec<&str> = days.iter().map(|d| d.date.as_str()).collect();
    let starts = month_starts(&dates);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(36)
            .build_cartesian_2d(0f64..n as f64, 0f64..max as f64)
            .map_err(draw_err)?;
        let labels: Vec<(usize, String)> = starts.clone();
        let step = labels.len().div_ceil(12).max(1);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(draw_err)?;
        // Holidays and make-up working days as thin bands behind the bars.
        chart
            .draw_series(days.iter().enumerate().filter_map(|(i, d)| {
                let color = match d.kind {
                    "holiday" => HOLIDAY.mix(0.25),
                    "makeup_workday" => MAKEUP.mix(0.35),
                    _ => return None,
                };
                Some(Rectangle::new(
                    [(i as f64, 0.0), (i as f64 + 1.0, max as f64)],
                    color.filled(),
                ))
            }))
            .map_err(draw_err)?;
        // Gaps: red bands over their days.
        let index = |date: &str| dates.iter().position(|d| *d == date).unwrap_or(0);
        chart
            .draw_series(a.calendar.gaps.iter().map(|g| {
                Rectangle::new(
                    [
                        (index(&g.from) as f64, 0.0),
                        (index(&g.to) as f64 + 1.0, max as f64),
                    ],
                    GAP.mix(0.22).filled(),
                )
            }))
            .map_err(draw_err)?;
        chart
            .draw_series(
                days.iter()
                    .enumerate()
                    .filter(|(_, d)| d.posts > 0)
                    .map(|(i, d)| {
                        Rectangle::new(
                            [(i as f64 + 0.1, 0.0), (i as f64 + 0.9, d.posts as f64)],
                            POSTS.filled(),
                        )
                    }),
            )
            .map_err(draw_err)?;
        // The working-day minimum.
        chart
            .draw_series(LineSeries::new(
                [(0.0, min_posts as f64), (n as f64, min_posts as f64)],
                ShapeStyle::from(&GAP).stroke_width(1),
            ))
            .map_err(draw_err)?;
        // Month labels under the axis.
        chart
            .draw_series(labels.iter().step_by(step).map(|(i, m)| {
                Text::new(
                    m.clone(),
                    (*i as f64, -(max as f64) * 0.04),
                    ("sans-serif", 12).into_font().color(&BLACK),
                )
            }))
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    Ok(svg)
}

/// Stacked bars per month: `series` gives each month's values in order, with their colours.
fn stacked(
    months: &[String],
    values: &[Vec<usize>],
    colors: &[RGBColor],
) -> Result<String, AuditError> {
    let n = months.len().max(1);
    let max = values
        .iter()
        .map(|v| v.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let top = max as f64 * 1.1 + 0.5;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(36)
            .build_cartesian_2d(0f64..n as f64, 0f64..top)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(draw_err)?;
        let mut bars = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let mut base = 0usize;
            for (k, &x) in v.iter().enumerate() {
                if x == 0 {
                    continue;
                }
                bars.push(Rectangle::new(
                    [
                        (i as f64 + 0.15, base as f64),
                        (i as f64 + 0.85, (base + x) as f64),
                    ],
                    colors[k % colors.len()].filled(),
                ));
                base += x;
            }
        }
        chart.draw_series(bars).map_err(draw_err)?;
        let step = months.len().div_ceil(12).max(1);
        chart
            .draw_series(months.iter().enumerate().step_by(step).map(|(i, m)| {
                Text::new(
                    m.clone(),
                    (i as f64 + 0.2, -top * 0.04),
                    ("sans-serif", 12).into_font().color(&BLACK),
                )
            }))
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    Ok(svg)
}

fn charts(a: &AccountReport, min_posts: u32) -> Result<AccountCharts, AuditError> {
    let legend = |label: &str, c: RGBColor| Legend {
        label: label.to_string(),
        color: hex(c),
    };
    let o = &a.originality.monthly;
    let months: Vec<String> = o.iter().map(|m| m.month.clone()).collect();
    let orig_values: Vec<Vec<usize>> = o
        .iter()
        .map(|m| {
            vec![
                m.original,
                m.reposts_sourced,
                m.reposts_unsourced,
                m.reposts_unverified,
            ]
        })
        .collect();
    let cats = &a.screening.by_category;
    let held_months: Vec<String> = a
        .screening
        .monthly
        .iter()
        .map(|m| m.month.clone())
        .collect();
    let held_values: Vec<Vec<usize>> = a
        .screening
        .monthly
        .iter()
        .map(|m| {
            cats.iter()
                .map(|c| m.categories.get(&c.category).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    Ok(AccountCharts {
        timeline: timeline(a, min_posts)?,
        timeline_legend: vec![
            legend("每日发布数", POSTS),
            legend("未更新间隔", GAP),
            legend("法定节假日", HOLIDAY),
            legend("调休上班日", MAKEUP),
        ],
        originality: stacked(
            &months,
            &orig_values,
            &[ORIGINAL, SOURCED, UNSOURCED, UNVERIFIED],
        )?,
        originality_legend: vec![
            legend("原创", ORIGINAL),
            legend("转载（注明出处）", SOURCED),
            legend("转载（未注明出处）", UNSOURCED),
            legend("转载（来源不明）", UNVERIFIED),
        ],
        held: stacked(&held_months, &held_values, &PALETTE)?,
        held_legend: cats
            .iter()
            .enumerate()
            .map(|(i, c)| legend(&c.name, PALETTE[i % PALETTE.len()]))
            .collect(),
    })
}

/// The report as one self-contained HTML page in Chinese: a summary with each rule's result and
/// clause, the charts (inline SVG) and the tables.
///
/// # Errors
/// A chart or the template failed to render (a bug: the inputs are the report's own).
pub fn render_html(report: &Report) -> Result<String, AuditError> {
    let min_posts = report.config.working_day_updates.min_posts;
    let charts: Vec<AccountCharts> = report
        .accounts
        .iter()
        .map(|a| charts(a, min_posts))
        .collect::<Result<_, _>>()?;
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| AuditError::data("report.html", e.to_string()))?;
    env.add_filter("pct", |x: f64| format!("{:.1}%", x * 100.0));
    let tmpl = env
        .get_template("report.html")
        .map_err(|e| AuditError::data("report.html", e.to_string()))?;
    let names: std::collections::BTreeMap<&str, &str> = shenhe_core::Category::ALL
        .iter()
        .map(|c| (c.id(), c.name()))
        .collect();
    tmpl.render(minijinja::context! {
        category_names => names,
        report => minijinja::Value::from(minijinja::value::Serde(report)),
        charts => minijinja::Value::from(minijinja::value::Serde(&charts)),
        expected_charts => report.accounts.len() * charts_per_account(),
        all_pass => report.all_pass(),
    })
    .map_err(|e| AuditError::data("report.html", format!("{e:#}")))
}
