//! Which grid points share a panel of `sweep_results.png`, and what the panels and lines are
//! called.
//!
//! The grid points drawn are grouped by the values of every varied key but the last (the
//! innermost axis): one row of panels per group, one coloured median line with its 5–95% band
//! per grid point, and a legend that names each line `#g: key=value` (`g` is the grid point, as
//! in `sweep_runs.csv`). The panel title names the values the lines share. A group of more
//! than [`MAX_LINES_PER_PANEL`] points is split into panels of near-equal size, so that lines
//! stay apart and every line of a panel has its own colour. A panel of a single grid point
//! names it in its title (a legend is only drawn for two lines or more).

use crate::grid::Grid;

/// Lines (grid points) drawn in one panel at most.
pub const MAX_LINES_PER_PANEL: usize = 4;

/// Grid points drawn in one panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Facet {
    /// What the lines share, e.g. `agents_per_entry=10`; empty when nothing.
    pub(crate) title: String,
    /// `(grid point, legend label)` of each line.
    pub(crate) lines: Vec<(u64, String)>,
}

/// `key=value, ...` of the axes `axes` of grid point `g`.
fn describe(grid: &Grid, g: u64, axes: std::ops::Range<usize>) -> String {
    let point = grid.point(g);
    let parts: Vec<String> =
        point.get(axes).unwrap_or_default().iter().map(|(k, v)| format!("{}={v}", k.to_ascii_lowercase())).collect();
    parts.join(", ")
}

/// The panels (facets) that draw the grid points `shown` (in grid order) of `grid`.
pub(crate) fn facets(grid: &Grid, shown: &[u64]) -> Vec<Facet> {
    let n = grid.axes().len();
    if n == 0 {
        return shown
            .iter()
            .map(|g| Facet { title: "all worlds".to_owned(), lines: vec![(*g, String::new())] })
            .collect();
    }
    let inner = n - 1;
    let mut groups: Vec<Vec<u64>> = Vec::new();
    for &g in shown {
        let outer = &grid.coords(g)[..inner];
        match groups.last_mut() {
            Some(group) if group.first().is_some_and(|f| &grid.coords(*f)[..inner] == outer) => group.push(g),
            _ => groups.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for group in groups {
        let panels = group.len().div_ceil(MAX_LINES_PER_PANEL);
        let size = group.len().div_ceil(panels);
        for chunk in group.chunks(size) {
            if let [g] = chunk {
                let all = describe(grid, *g, 0..n);
                out.push(Facet { title: format!("#{g}: {all}"), lines: vec![(*g, format!("#{g}: {all}"))] });
                continue;
            }
            let first = chunk.first().copied().unwrap_or(0);
            out.push(Facet {
                title: describe(grid, first, 0..inner),
                lines: chunk.iter().map(|g| (*g, format!("#{g}: {}", describe(grid, *g, inner..n)))).collect(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles_and_labels(f: &[Facet]) -> Vec<(String, Vec<String>)> {
        f.iter().map(|f| (f.title.clone(), f.lines.iter().map(|(_, l)| l.clone()).collect())).collect()
    }

    #[test]
    fn one_panel_per_outer_value_with_a_labelled_line_per_grid_point() {
        // The grid of examples/sweep.toml: 3 entry sizes x 3 fees.
        let grid =
            Grid::new().vary("fee_rate", ["0.001", "0.003", "0.01"]).vary("agents_per_entry", ["10", "20", "30"]);
        let f = facets(&grid, &(0..9).collect::<Vec<_>>());
        assert_eq!(f.len(), 3);
        assert_eq!(
            titles_and_labels(&f)[0],
            (
                "agents_per_entry=10".to_owned(),
                vec!["#0: fee_rate=0.001".to_owned(), "#1: fee_rate=0.003".to_owned(), "#2: fee_rate=0.01".to_owned()]
            )
        );
        assert_eq!(f[2].lines.iter().map(|l| l.0).collect::<Vec<_>>(), [6, 7, 8]);
    }

    #[test]
    fn long_axes_are_split_and_lone_points_are_named_in_the_title() {
        let grid = Grid::new().vary("fee_rate", (1..=9).map(|k| format!("0.00{k}")));
        let f = facets(&grid, &(0..9).collect::<Vec<_>>());
        assert_eq!(f.iter().map(|f| f.lines.len()).collect::<Vec<_>>(), [3, 3, 3]);
        assert!(f.iter().all(|f| f.title.is_empty()), "one key: nothing shared");
        assert_eq!(f[1].lines[0].1, "#3: fee_rate=0.004");
        let two = Grid::new().vary("fee_rate", ["0.001", "0.003"]).vary("agents_per_entry", ["10", "20"]);
        let f = facets(&two, &[0, 3]);
        assert_eq!(titles_and_labels(&f)[1].0, "#3: agents_per_entry=20, fee_rate=0.003");
        let none = facets(&Grid::new(), &[0]);
        assert_eq!((none.len(), none[0].title.as_str()), (1, "all worlds"));
    }
}
