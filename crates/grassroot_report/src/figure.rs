//! `simulation_results.png`: the seed's four panels (price, the pool's two reserves, The Pie)
//! plus members and average xDAI by role, and a panel per extra column asked for.

use std::path::Path;

use crate::error::ReportError;
use crate::plot::{Figure, Line, Panel, PanelKind, render_png};
use crate::timeseries::Columns;

/// Draws the standard figure of a run from its metric columns; `extra` names further columns
/// (e.g. a custom metric) to draw one panel each. Columns that are absent are left out.
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
        })
    };
    let mut panels: Vec<Panel<'_>> = [
        single("price", "dDT price", "xDAI per dDT"),
        single("pool_ddt", "Pool dDT reserve", "dDT"),
        single("pool_xdai", "Pool xDAI reserve", "xDAI"),
        single("pie_ddt", "The Pie", "dDT"),
        by_role("agents_", "Members by role", "agents"),
        by_role("avg_xdai_", "Average xDAI by role", "xDAI per member"),
    ]
    .into_iter()
    .flatten()
    .collect();
    panels.extend(extra.iter().filter_map(|c| single(c, c, c)));
    let figure = Figure {
        title: title.to_owned(),
        x_label: "step".to_owned(),
        x,
        panels: panels.into_iter().map(PanelKind::Series).collect(),
        columns: 2,
    };
    render_png(&figure, path).map_err(|e| ReportError::Plot(e.to_string()))
}
