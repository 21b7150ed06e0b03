//! [`Grid`]: the varied keys of a sweep and their values; grid points are the cartesian product.
//!
//! **Order.** Axes are sorted by key name (so the order of lines in a TOML file does not
//! matter), values keep the order they were given in, and grid points are numbered like
//! nested loops with the last axis innermost: for axes `a = [a0, a1]` and `b = [b0, b1, b2]`,
//! grid point 0 is `(a0, b0)`, 1 is `(a0, b1)`, 2 is `(a0, b2)`, 3 is `(a1, b0)`, and so on
//! (row-major, like `itertools::iproduct!` or `numpy.ndindex`). A grid without axes has one
//! grid point: a plain Monte Carlo over seeds.

use std::collections::HashMap;

use grassroot_config::{Kind, Schema, fold_key};

use crate::error::SweepError;

/// Keys that a sweep may not vary: they are outputs or the seed, not parameters of a world.
pub const FIXED_KEYS: [(&str, &str); 6] = [
    ("SEED", "each world's seed is derived from the base seed: set `seed` in [sweep] instead"),
    ("OUTPUT_DIR", "it is where the sweep writes: use --out or set output_dir above the [sweep] table"),
    (
        "OUTPUT_FORMAT",
        "it is how the sweep writes its tables: set output_format above the [sweep] table, or OUTPUT_FORMAT",
    ),
    ("TX_LOG", "sweeps write no transaction logs"),
    ("PLOT", "sweeps draw one figure for the whole sweep"),
    ("CHECK_BOOKS", "the books are checked in every world of a sweep"),
];

/// One varied key and its values (canonical text, as `Settings::to_pairs` writes them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    key: String,
    /// The key as given (for messages).
    written: String,
    values: Vec<String>,
    decimal: bool,
}

impl Axis {
    /// The key, upper case (as in `.env`).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The values, in the order given.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// True if the key takes decimal numbers (amounts, fractions, rates, prices): its CSV
    /// cells then always carry a decimal point. Known once the grid is checked.
    pub fn is_decimal(&self) -> bool {
        self.decimal
    }
}

/// The varied keys of a sweep.
///
/// ```
/// use grassroot_sweep::Grid;
///
/// let grid = Grid::new().vary("fee_rate", ["0.001", "0.003"]).vary("agents_per_entry", ["10", "20", "30"]);
/// assert_eq!(grid.points(), 6);
/// // Axes are sorted by key: AGENTS_PER_ENTRY before FEE_RATE, the last one innermost.
/// assert_eq!(grid.point(1), vec![("AGENTS_PER_ENTRY", "10"), ("FEE_RATE", "0.003")]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    axes: Vec<Axis>,
    /// The first key given again in another case (`fee_rate`, then `FEE_RATE`), as the two
    /// spellings: refused by [`Grid::check`].
    repeated: Option<(String, String)>,
}

impl Grid {
    /// A grid without varied keys (one grid point).
    pub fn new() -> Grid {
        Grid::default()
    }

    /// The same grid also varying `key` (any case) over `values`; a key given twice in the
    /// same spelling keeps its last values, one given again in another case (`fee_rate`, then
    /// `FEE_RATE`: two entries of one `[sweep]` table or Python dict) is refused by
    /// [`Grid::check`]. Keys and values are checked when the sweep runs.
    #[must_use]
    pub fn vary<I, S>(mut self, key: &str, values: I) -> Grid
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let written = key.trim().to_owned();
        let key = fold_key(key);
        let values = values.into_iter().map(Into::into).collect();
        if let Some(earlier) = self.axes.iter().find(|a| a.key == key && a.written != written)
            && self.repeated.is_none()
        {
            self.repeated = Some((earlier.written.clone(), written.clone()));
        }
        self.axes.retain(|a| a.key != key);
        self.axes.push(Axis { key, written, values, decimal: false });
        self.axes.sort_by(|a, b| a.key.cmp(&b.key));
        self
    }

    /// The same grid with an axis whose values are already checked (e.g. read back from
    /// `sweep.json`).
    pub(crate) fn with_axis(mut self, key: &str, values: Vec<String>, decimal: bool) -> Grid {
        self = self.vary(key, values);
        if let Some(axis) = self.axes.iter_mut().find(|a| a.key.eq_ignore_ascii_case(key)) {
            axis.decimal = decimal;
        }
        self
    }

    /// The axes, sorted by key.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// The varied keys, sorted, upper case.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.axes.iter().map(|a| a.key.as_str())
    }

    /// The number of grid points (the product of the axes' lengths; saturates at `u128::MAX`).
    pub fn points(&self) -> u128 {
        self.axes.iter().fold(1u128, |n, a| n.saturating_mul(a.values.len() as u128))
    }

    /// The position of grid point `g` along each axis (last axis fastest).
    pub fn coords(&self, g: u64) -> Vec<usize> {
        let mut rest = g;
        let mut out = vec![0; self.axes.len()];
        for (slot, axis) in out.iter_mut().zip(&self.axes).rev() {
            let n = axis.values.len().max(1) as u64;
            *slot = usize::try_from(rest % n).unwrap_or(0);
            rest /= n;
        }
        out
    }

    /// The `(key, value)` of every axis at grid point `g`.
    pub fn point(&self, g: u64) -> Vec<(&str, &str)> {
        self.coords(g)
            .into_iter()
            .zip(&self.axes)
            .map(|(i, a)| (a.key.as_str(), a.values.get(i).map_or("", String::as_str)))
            .collect()
    }

    /// The grid with keys resolved against `schema` and every value validated and written in
    /// its canonical form (`0.0030` becomes `0.003`, `ON` becomes `true`).
    pub fn check(&self, schema: &Schema) -> Result<Grid, SweepError> {
        if let Some((first, again)) = &self.repeated {
            return Err(SweepError::bad(format!(
                "sweep grid: {} is given twice, as {first} and as {again}; keys are not case-sensitive",
                again.to_ascii_lowercase()
            ))
            .with_fix(format!("keep one of {first} and {again}")));
        }
        let mut axes = Vec::with_capacity(self.axes.len());
        for axis in &self.axes {
            let lower = axis.key.to_ascii_lowercase();
            let Some(spec) = schema.spec(&axis.key) else {
                let near = grassroot_config::nearest(&axis.key, schema.keys()).filter(|(_, d)| *d <= 3);
                let err = SweepError::bad(format!("sweep grid: {lower} is not a known key"));
                return Err(match near {
                    Some((k, _)) => err.with_fix(format!("did you mean {}?", k.to_ascii_lowercase())),
                    None => err.with_fix("`grassroot params` lists every key"),
                });
            };
            if let Some((_, why)) = FIXED_KEYS.iter().find(|(k, _)| *k == spec.key) {
                return Err(SweepError::bad(format!("sweep grid: {lower} cannot be varied: {why}")));
            }
            if axis.values.is_empty() {
                return Err(SweepError::bad(format!("sweep grid: {lower} has no values: the grid would be empty"))
                    .with_fix(format!("give at least one value, e.g. {lower} = [{}]", spec.default)));
            }
            let mut values = Vec::with_capacity(axis.values.len());
            for text in &axis.values {
                let value = spec.kind.parse(&spec.key, text).map_err(|e| {
                    let text = grassroot_config::excerpt(text);
                    SweepError::bad(format!("sweep grid: {lower} = {text} {}", e.problem()))
                        .with_fix(format!("change or remove {text} in the values of {lower}"))
                })?;
                values.push(value.to_string());
            }
            if let Some((first, again)) = first_repeat(&values) {
                let given = (axis.values[first].as_str(), axis.values[again].as_str());
                return Err(repeated_value(&format!("sweep grid: {lower}"), &lower, given, &values[first]));
            }
            let decimal = matches!(spec.kind, Kind::Amount { .. } | Kind::Fraction | Kind::Rate | Kind::OptionalPrice);
            axes.push(Axis { key: spec.key.clone(), written: axis.written.clone(), values, decimal });
        }
        axes.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Grid { axes, repeated: None })
    }
}

/// The first value of `canonical` (values in their canonical form) that repeats an earlier
/// one, as `(index of the earlier, index of the repeat)`.
pub(crate) fn first_repeat(canonical: &[String]) -> Option<(usize, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(canonical.len());
    for (i, v) in canonical.iter().enumerate() {
        if let Some(&first) = seen.get(v.as_str()) {
            return Some((first, i));
        }
        seen.insert(v, i);
    }
    None
}

/// The error for a value listed twice: `at` names the place (e.g. `sweep.toml: [sweep]
/// fee_rate`), `given` the two texts as written and `value` their canonical form.
pub(crate) fn repeated_value(at: &str, lower: &str, given: (&str, &str), value: &str) -> SweepError {
    let how =
        if given.0 == given.1 { String::new() } else { format!(" ({} and {} are the same value)", given.0, given.1) };
    SweepError::bad(format!("{at} lists the value {value} twice{how}: each grid point must differ"))
        .with_fix(format!("list each value of {lower} once (for more worlds per value, raise runs)"))
}
