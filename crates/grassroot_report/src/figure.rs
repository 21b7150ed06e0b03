//! `simulation_results.png`: the seed's four panels (price, the pool's two reserves, The Pie)
//! plus members and average xDAI by role, and a panel per extra column (or group of columns)
//! asked for.

use std::path::Path;

use crate::error::ReportError;
use crate::plot::{Figure, Line, Panel, PanelKind, render_png};
use crate::timeseries::Columns;

/// Separates a group panel's title from its columns in an `extra` entry (see [`panel_spec`]).
const GROUP_TITLE_END: &str = ": ";

/// The `extra` entry of [`render_run_figure`] that draws `columns` as the lines of one panel
/// titled `title`: `"<title>: <column>, <column>, ..."` (column names hold no `,` or `: `).
///
/// ```
/// use grassroot_report::figure::panel_spec;
/// assert_eq!(panel_spec("Pie payouts", &["pie_paid_a", "pie_paid_b"]), "Pie payouts: pie_paid_a, pie_paid_b");
/// ```
pub fn panel_spec(title: &str, columns: &[&str]) -> String {
    format!("{title}{GROUP_TITLE_END}{}", columns.join(", "))
}

/// Draws the standard figure of a run from its metric columns; each `extra` entry adds a panel:
/// a column name draws that column, and a [`panel_spec`] (`"<title>: <column>, <column>"`)
/// draws those columns as the lines of one panel. Columns that are absent are left out, and so
/// is a panel with none of its columns.
pub fn render_run_figure(
    path: &Path,
    columns: &Columns,
    roles: &[String],
    extra: &[String],
    title: &str,
) -> Result<(), ReportError> {
    let Some(x) = columns.get("step") else {
        return Err(ReportError::Plot("the run has no 'step' column to plot against".to_owned()));
    };
    let single = |name: &str, title: &str, unit: &str| -> Option<Panel<'_>> {
        columns.get(name).map(|v| Panel {
            title: title.to_owned(),
            y_label: unit.to_owned(),
            lines: vec![Line { label: name.to_owned(), values: v }],
            bands: Vec::new(),
            log_y: false,
        })
    };
    let by_role = |prefix: &str, title: &str, unit: &str| -> Option<Panel<'_>> {
        let lines: Vec<Line<'_>> = roles
            .iter()
            .filter_map(|r| columns.get(&format!("{prefix}{r}")).map(|v| Line { label: r.clone(), values: v }))
            .collect();
        (!lines.is_empty()).then(|| Panel {
            title: title.to_owned(),
            y_label: unit.to_owned(),
            lines,
            bands: Vec::new(),
            log_y: false,
        })
    };
    let mut panels: Vec<Panel<'_>> = [
        single("price", "dDT price (log scale)", "xDAI per dDT").map(Panel::log_scale),
        single("pool_ddt", "Pool dDT reserve", "dDT"),
        single("pool_xdai", "Pool xDAI reserve (log scale)", "xDAI").map(Panel::log_scale),
        single("pie_ddt", "The Pie", "dDT"),
        by_role("agents_", "Members by role", "agents"),
        by_role("avg_xdai_", "Average xDAI by role", "xDAI per member"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let group = |spec: &str| -> Option<Panel<'_>> {
        let (title, names) = spec.split_once(GROUP_TITLE_END)?;
        let lines: Vec<Line<'_>> = names
            .split(',')
            .map(str::trim)
            .filter_map(|name| columns.get(name).map(|v| Line { label: name.to_owned(), values: v }))
            .collect();
        (!lines.is_empty()).then(|| Panel {
            title: title.to_owned(),
            y_label: String::new(),
            lines,
            bands: Vec::new(),
            log_y: false,
        })
    };
    panels.extend(extra.iter().filter_map(|c| if c.contains(GROUP_TITLE_END) { group(c) } else { single(c, c, c) }));
    let figure = Figure {
        title: title.to_owned(),
        x_label: "step".to_owned(),
        x,
        panels: panels.into_iter().map(PanelKind::Series).collect(),
        columns: 2,
    };
    render_png(&figure, path).map_err(|e| ReportError::Plot(e.to_string()))
}
