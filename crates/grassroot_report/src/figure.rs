//! `simulation_results.png`: the seed's four panels (price, the pool's two reserves, The Pie)
//! plus members and average xDAI by role, and the extra panels asked for (custom metrics);
//! average xDAI and the extra panels on a log axis when their lines differ by orders of
//! magnitude.

use std::path::Path;

use crate::atomic::Staged;
use crate::error::ReportError;
use crate::plot::{Figure, Line, Panel, PanelKind, png_bytes};
use crate::timeseries::Columns;

/// `panel` on a log axis, its title saying so, when its lines differ by orders of magnitude
/// ([`Panel::log_when_spread`]).
fn log_when_spread(panel: Panel<'_>) -> Panel<'_> {
    let panel = panel.log_when_spread();
    if panel.log_y { Panel { title: format!("{} (log scale)", panel.title), ..panel } } else { panel }
}

/// A panel drawn after the standard ones: metric columns (e.g. custom metrics) as the lines of
/// one panel.
///
/// ```
/// use grassroot_report::figure::ExtraPanel;
/// let gini = ExtraPanel::column("ddt_gini");
/// assert_eq!((gini.title.as_str(), gini.columns.len()), ("ddt_gini", 1));
/// let pie = ExtraPanel::group("Pie payouts", ["pie_paid_research", "pie_paid_training"]);
/// assert_eq!(pie.columns, ["pie_paid_research", "pie_paid_training"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraPanel {
    /// The panel's title.
    pub title: String,
    /// The columns drawn, one line each; absent ones are left out.
    pub columns: Vec<String>,
}

impl ExtraPanel {
    /// One column in a panel of its own, titled by its name.
    pub fn column(name: impl Into<String>) -> ExtraPanel {
        let name = name.into();
        ExtraPanel { title: name.clone(), columns: vec![name] }
    }

    /// Several columns as the lines of one panel.
    pub fn group<S: Into<String>>(title: impl Into<String>, columns: impl IntoIterator<Item = S>) -> ExtraPanel {
        ExtraPanel { title: title.into(), columns: columns.into_iter().map(Into::into).collect() }
    }
}

/// Draws the standard figure of a run from its metric columns, then one panel per `extra`
/// entry, into a temporary file beside `path`, to be renamed into place with the run's other
/// outputs. Columns that are absent are left out, and so is a panel with none of its columns.
pub fn stage_run_figure(
    path: &Path,
    columns: &Columns,
    roles: &[String],
    extra: &[ExtraPanel],
    title: &str,
) -> Result<Staged, ReportError> {
    Staged::write(path, &run_figure_png(path, columns, roles, extra, title)?)
}

/// The PNG bytes of the figure [`stage_run_figure`] draws (`path` names it in errors).
pub fn run_figure_png(
    path: &Path,
    columns: &Columns,
    roles: &[String],
    extra: &[ExtraPanel],
    title: &str,
) -> Result<Vec<u8>, ReportError> {
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
        // Organizations hold ~1000 xDAI each and degens a few: one linear axis would flatten
        // three roles onto its zero line.
        by_role("avg_xdai_", "Average xDAI by role", "xDAI per member").map(log_when_spread),
    ]
    .into_iter()
    .flatten()
    .collect();
    panels.extend(extra.iter().filter_map(|panel| {
        let lines: Vec<Line<'_>> = panel
            .columns
            .iter()
            .filter_map(|name| columns.get(name).map(|v| Line { label: name.clone(), values: v }))
            .collect();
        let y_label = if panel.columns.len() == 1 { panel.title.clone() } else { String::new() };
        (!lines.is_empty()).then(|| {
            // The dataDAO's Circles: 80M held beside 0.5M locked.
            log_when_spread(Panel { title: panel.title.clone(), y_label, lines, bands: Vec::new(), log_y: false })
        })
    }));
    let figure = Figure {
        title: title.to_owned(),
        x_label: "step".to_owned(),
        x,
        panels: panels.into_iter().map(PanelKind::Series).collect(),
        columns: 2,
    };
    png_bytes(&figure, path).map_err(|e| ReportError::Plot(e.to_string()))
}
