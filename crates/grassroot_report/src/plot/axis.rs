//! Axes: data ranges and their padding, "nice" tick values, tick label
//! formatting ([`NumberFormat`]), the tick sets of the x and y axes and the
//! linear or logarithmic y scale ([`YScale`]). Plotters draws the axes; this
//! module chooses where their ticks go and what they read.

use std::borrow::Cow;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

use super::style::TICK_SIZE;
use super::text::text_width;

/// A linear plotters coordinate whose ticks (bold key points) and faint grid
/// lines (light key points) are the ones this module chose. Plotters'
/// `with_key_points` does the same for `f64` ranges but leaves them without
/// a label formatter, which the mesh needs.
#[derive(Debug, Clone)]
pub(super) struct Ticked {
    range: (f64, f64),
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ticked {
    /// `lo..hi` with labelled ticks at `bold` and faint grid lines at `light`.
    pub(super) fn new((lo, hi): (f64, f64), bold: Vec<f64>, light: Vec<f64>) -> Self {
        Self { range: (lo, hi), bold, light }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.range.0) / (self.range.1 - self.range.0);
        let p = f64::from(limit.0) + t * (f64::from(limit.1) - f64::from(limit.0));
        p.clamp(-1e9, 1e9).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() { self.light.clone() } else { self.bold.clone() }
    }

    fn range(&self) -> Range<f64> {
        self.range.0..self.range.1
    }
}

/// Min and max of the finite values, if any.
pub(super) fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// Widens a data range by `margin` (fraction of the span) on both sides and
/// guarantees a non-zero, finite span.
pub(super) fn padded_range(range: Option<(f64, f64)>, margin: f64) -> (f64, f64) {
    const LIMIT: f64 = 1e300;
    let Some((lo, hi)) = range else {
        return (0.0, 1.0);
    };
    let (lo, hi) = (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT));
    let span = hi - lo;
    let scale = lo.abs().max(hi.abs());
    if span <= scale * 1e-12 {
        let pad = if scale > 0.0 { scale * 0.05 } else { 1.0 };
        return (lo - pad, hi + pad);
    }
    let (a, b) = (lo - span * margin, hi + span * margin);
    // Keep strictly positive data from gaining a negative axis.
    let a = if lo > 0.0 && a < 0.0 { 0.0 } else { a };
    let b = if hi < 0.0 && b > 0.0 { 0.0 } else { b };
    (a, b)
}

/// "Nice" tick values (multiples of 1, 2 or 5 × 10^k) inside `lo..=hi`:
/// the step whose tick count is closest to `target` (ties: fewer ticks).
/// Returns the ticks and the step between them.
pub(super) fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return (vec![lo], 1.0);
    }
    let target = target.max(2) as f64;
    let base = 10f64.powf((span / target).log10().floor());
    let count = |step: f64| ((hi / step + 1e-9).floor() - (lo / step - 1e-9).ceil() + 1.0).max(0.0);
    let mut step = base;
    let mut best = f64::INFINITY;
    for scale in [base / 10.0, base, base * 10.0] {
        for m in [1.0, 2.0, 5.0] {
            let candidate = m * scale;
            let n = count(candidate);
            // Fewer than two ticks say nothing about the scale.
            let badness = (n - target).abs() + if n < 2.0 { 1e3 } else { 0.0 };
            if badness < best || (badness == best && candidate > step) {
                best = badness;
                step = candidate;
            }
        }
    }
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    let mut ticks = Vec::new();
    let mut k = first;
    while k <= last && ticks.len() < 50 {
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    (ticks, step)
}

/// How tick labels of one axis are printed: a common suffix scale and a
/// fixed number of decimals, chosen from the axis magnitude and tick step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct NumberFormat {
    divisor: f64,
    suffix: &'static str,
    decimals: usize,
    scientific: bool,
}

impl NumberFormat {
    /// Format for values up to `max_abs` in magnitude, distinguished at
    /// resolution `step`.
    pub(super) fn new(max_abs: f64, step: f64) -> Self {
        let (divisor, suffix) = if max_abs >= 1e12 {
            (1e12, "T")
        } else if max_abs >= 1e9 {
            (1e9, "B")
        } else if max_abs >= 1e6 {
            (1e6, "M")
        } else {
            (1.0, "")
        };
        let rel = (step / divisor).abs();
        let decimals = if rel > 0.0 && rel.is_finite() { (-(rel.log10() + 1e-9).floor()).max(0.0) as usize } else { 0 };
        Self { divisor, suffix, decimals: decimals.min(9), scientific: max_abs >= 1e15 || decimals > 9 }
    }

    pub(super) fn format(&self, v: f64) -> String {
        if !v.is_finite() {
            return String::new();
        }
        if self.scientific {
            return if v == 0.0 { "0".into() } else { format!("{v:.2e}") };
        }
        let s = format!("{:.*}", self.decimals, v / self.divisor);
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let is_zero = s.bytes().all(|b| b == b'0' || b == b'.');
        let mut out = String::with_capacity(s.len() + 8);
        if neg && !is_zero {
            out.push('-');
        }
        let digits = int.len();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        // A zero needs no unit: "0", not "0M".
        if !is_zero {
            out.push_str(self.suffix);
        }
        out
    }
}

/// The format of values spread over `lo..=hi` (a heatmap's cells): about
/// 20 levels apart at least, and more digits until distinct values read
/// differently (up to 9 decimals), so a spread of 1% is not written as one
/// number.
pub(super) fn distinguishing_format(values: &[f64], lo: f64, hi: f64) -> NumberFormat {
    let mut format = NumberFormat::new(lo.abs().max(hi.abs()), (hi - lo) / 20.0);
    let same = 1e-9 * (hi - lo).abs().max(f64::MIN_POSITIVE);
    let mut distinct: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup_by(|a, b| (*a - *b).abs() <= same);
    while !format.scientific
        && format.decimals < 9
        && distinct.windows(2).any(|w| format.format(w[0]) == format.format(w[1]))
    {
        format.decimals += 1;
    }
    format
}

/// Y tick labels and their widest width.
pub(super) fn y_tick_labels(lo: f64, hi: f64, plot_height: i32) -> (Vec<(f64, String)>, f64) {
    let target = (plot_height / 55).clamp(3, 8) as usize;
    let (ticks, step) = nice_ticks(lo, hi, target);
    let fmt = NumberFormat::new(lo.abs().max(hi.abs()), step);
    let labels: Vec<(f64, String)> = ticks.into_iter().map(|t| (t, fmt.format(t))).collect();
    let widest = labels.iter().map(|(_, s)| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
    (labels, widest)
}

/// X ticks `(value, label, label width)` that fit without overlapping labels on an axis
/// `width` PNG pixels long.
pub(super) fn x_tick_labels(lo: f64, hi: f64, width: f64) -> Vec<(f64, String, f64)> {
    let mut target = ((width / 95.0) as usize).clamp(2, 10);
    loop {
        let (ticks, step) = nice_ticks(lo, hi, target);
        let fmt = NumberFormat::new(lo.abs().max(hi.abs()), step);
        let labels: Vec<(f64, String, f64)> = ticks
            .into_iter()
            .map(|t| {
                let s = fmt.format(t);
                let w = text_width(&s, TICK_SIZE, false);
                (t, s, w)
            })
            .collect();
        let px = |v: f64| (v - lo) / (hi - lo) * width;
        let fits = labels.windows(2).all(|w| px(w[1].0) - px(w[0].0) >= 0.5 * (w[0].2 + w[1].2) + 18.0);
        if fits || target <= 2 {
            return labels;
        }
        target -= 1;
    }
}

/// How a series panel maps y values onto its axis.
///
/// Everything downstream of series preparation (ranges, legend headroom,
/// the pixel mapping) works in *axis coordinates*: the values
/// themselves on a linear axis, their log10 on a log axis. Only the ticks
/// and their labels differ between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YScale {
    /// Values as they are.
    Linear,
    /// log10 of the values; non-positive values have no place on the axis
    /// and are skipped like NaN.
    Log,
}

impl YScale {
    /// The scale of a panel with the given `log_y` flag.
    pub(super) fn new(log_y: bool) -> Self {
        if log_y { YScale::Log } else { YScale::Linear }
    }

    /// Axis coordinates of `values` (borrowed unchanged on a linear axis).
    pub(super) fn to_axis(self, values: &[f64]) -> Cow<'_, [f64]> {
        match self {
            YScale::Linear => Cow::Borrowed(values),
            YScale::Log => Cow::Owned(values.iter().map(|&v| if v > 0.0 { v.log10() } else { f64::NAN }).collect()),
        }
    }

    /// The y axis range (axis coordinates) for data spanning `range`.
    pub(super) fn padded_range(self, range: Option<(f64, f64)>, margin: f64) -> (f64, f64) {
        match self {
            YScale::Linear => padded_range(range, margin),
            YScale::Log => log_padded_range(range, margin),
        }
    }

    /// Labelled ticks `(position, label)`, unlabelled minor tick positions
    /// and the widest label width for a y axis spanning `lo..=hi` (axis
    /// coordinates) over `plot_height` pixels.
    pub(super) fn tick_labels(self, lo: f64, hi: f64, plot_height: i32) -> (Vec<(f64, String)>, Vec<f64>, f64) {
        match self {
            YScale::Linear => {
                let (labels, widest) = y_tick_labels(lo, hi, plot_height);
                (labels, Vec::new(), widest)
            }
            YScale::Log => {
                let max_ticks = (plot_height / LOG_TICK_SPACING).clamp(3, 12) as usize;
                let labels = log_ticks(lo, hi, max_ticks);
                let minor = log_minor_ticks(lo, hi, &labels, plot_height);
                let widest = labels.iter().map(|(_, s)| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
                (labels, minor, widest)
            }
        }
    }
}

/// Least pixel distance between two labelled ticks of a log axis.
const LOG_TICK_SPACING: i32 = 26;

/// Widens a range of log10 values by `margin` (fraction of the span, in
/// decades) on both sides. A single value gets half a decade either side;
/// no data gets `0..1` (the values 1 to 10).
fn log_padded_range(range: Option<(f64, f64)>, margin: f64) -> (f64, f64) {
    let Some((lo, hi)) = range else {
        return (0.0, 1.0);
    };
    let span = hi - lo;
    if span < 1e-9 {
        return (lo - 0.5, hi + 0.5);
    }
    (lo - span * margin, hi + span * margin)
}

/// Position (log10) of `m × 10^k`.
fn log_position(m: u8, k: i32) -> f64 {
    f64::from(k) + f64::from(m).log10()
}

/// `m × 10^k` as an `f64` (exact for the powers of ten an `f64` holds).
fn log_value(m: u8, k: i32) -> f64 {
    let p = 10f64.powi(k.unsigned_abs().min(400) as i32);
    if k >= 0 { f64::from(m) * p } else { f64::from(m) / p }
}

/// Label of the tick `m × 10^k` (`m` is 1, 2 or 5): plain numbers like the
/// linear axes from 0.001 up to the trillions (`0.001`, `0.5`, `1`,
/// `1,000`, `20M`, `5T`), and `1e-8`, `2e-5`, `1e15` beyond.
fn log_label(m: u8, k: i32) -> String {
    if (-3..15).contains(&k) {
        let v = log_value(m, k);
        NumberFormat::new(v, v).format(v)
    } else {
        format!("{m}e{k}")
    }
}

/// Labelled ticks `(log10 position, label)` of a log axis spanning
/// `lo..=hi` (log10 of the values), at most `max_ticks` of them, the densest
/// set that fits, so that labels fall where the data lives (a price near
/// 0.02 gets a `0.02`, not only `0.01` and `0.1`):
///
/// * at 1, 2 and 5 × 10^k;
/// * else at 1 and 3 × 10^k;
/// * else at powers of ten, every decade or every 2nd, 3rd, 5th, 10th, …
///   decade (always multiples of the stride, so `1` is a tick when in
///   range);
/// * when even 1-2-5 gives fewer than three ticks (a narrow range), at the
///   linear axis' nice values.
pub(super) fn log_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<(f64, String)> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let max_ticks = max_ticks.max(2);
    // Decades whose power of ten is on the axis (f64 magnitudes stay well
    // inside ±400 decades).
    let k0 = ((lo - 1e-9).ceil().max(-400.0)) as i32;
    let k1 = ((hi + 1e-9).floor().min(400.0)) as i32;
    if hi - lo <= f64::from(u8::MAX) {
        let mantissas = |ms: &[u8]| -> Vec<(f64, String)> {
            let mut ticks = Vec::new();
            for k in (lo.floor() as i32)..=(hi.ceil() as i32) {
                for &m in ms {
                    let pos = log_position(m, k);
                    if pos >= lo - 1e-9 && pos <= hi + 1e-9 {
                        ticks.push((pos, log_label(m, k)));
                    }
                }
            }
            ticks
        };
        let ticks = mantissas(&[1, 2, 5]);
        if ticks.len() < 3 && k1 - k0 < 1 {
            return linear_ticks_on_log_axis(lo, hi, max_ticks);
        }
        if ticks.len() <= max_ticks {
            return ticks;
        }
        let ticks = mantissas(&[1, 3]);
        if ticks.len() <= max_ticks && k1 > k0 {
            return ticks;
        }
    }
    let count = |stride: i32| k1.div_euclid(stride) - (k0 + stride - 1).div_euclid(stride) + 1;
    let mut stride = 1;
    for s in [1, 2, 3, 5, 10, 20, 25, 50, 100] {
        stride = s;
        if count(s) as usize <= max_ticks {
            break;
        }
    }
    (k0..=k1).filter(|k| k.rem_euclid(stride) == 0).map(|k| (f64::from(k), log_label(1, k))).collect()
}

/// Ticks of a narrow log axis at nice linear values (e.g. 1.2, 1.4, 1.6).
fn linear_ticks_on_log_axis(lo: f64, hi: f64, max_ticks: usize) -> Vec<(f64, String)> {
    let (a, b) = (10f64.powf(lo), 10f64.powf(hi));
    let (ticks, step) = nice_ticks(a, b, max_ticks.div_ceil(2).max(3));
    let fmt = NumberFormat::new(a.abs().max(b.abs()), step);
    ticks.into_iter().filter(|&t| t > 0.0).map(|t| (t.log10(), fmt.format(t))).collect()
}

/// Least height of a decade, in pixels, for minor ticks at 2–9 × 10^k
/// (they crowd into a comb below it).
const MINOR_DECADE_PX: f64 = 60.0;
/// Least height of a decade, in pixels, for minor ticks at the unlabelled
/// powers of ten.
const MINOR_POWER_PX: f64 = 8.0;

/// Unlabelled minor ticks of a log axis: 2–9 × 10^k when every decade is
/// labelled and a decade is tall enough to show them; the unlabelled powers
/// of ten when only every n-th decade is labelled and they stay apart.
/// None for 1-2-5 or linear ticks.
fn log_minor_ticks(lo: f64, hi: f64, labels: &[(f64, String)], plot_height: i32) -> Vec<f64> {
    let decades: Vec<i32> = labels.iter().filter(|(p, _)| p.fract() == 0.0).map(|(p, _)| *p as i32).collect();
    if decades.len() != labels.len() || decades.len() < 2 {
        return Vec::new();
    }
    let stride = decades[1] - decades[0];
    let decade_px = f64::from(plot_height) / (hi - lo);
    let inside = |p: &f64| *p >= lo && *p <= hi;
    if stride == 1 {
        if decade_px < MINOR_DECADE_PX {
            return Vec::new();
        }
        let first = lo.floor() as i32;
        let last = hi.floor() as i32;
        return (first..=last).flat_map(|k| (2..=9).map(move |m| log_position(m, k))).filter(inside).collect();
    }
    if decade_px < MINOR_POWER_PX {
        return Vec::new();
    }
    let first = lo.ceil() as i32;
    let last = hi.floor() as i32;
    (first..=last).filter(|k| k.rem_euclid(stride) != 0).map(f64::from).filter(inside).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_ticks_readably() {
        let f = NumberFormat::new(5000.0, 1000.0);
        assert_eq!(f.format(1000.0), "1,000");
        assert_eq!(f.format(-25000.0), "-25,000");
        let f = NumberFormat::new(1.0, 0.2);
        assert_eq!(f.format(0.4), "0.4");
        assert_eq!(f.format(0.0), "0.0");
        let f = NumberFormat::new(1.0, 0.05);
        assert_eq!(f.format(0.35), "0.35");
        let f = NumberFormat::new(2.5e6, 5e5);
        assert_eq!(f.format(1.5e6), "1.5M");
        assert_eq!(f.format(0.0), "0.0");
        let f = NumberFormat::new(3e9, 1e9);
        assert_eq!(f.format(2e9), "2B");
        let f = NumberFormat::new(1.0, 0.1);
        assert_eq!(f.format(-1e-17), "0.0");
        let f = NumberFormat::new(1e-3, 2e-4);
        assert_eq!(f.format(6e-4), "0.0006");
    }

    #[test]
    fn ticks_are_nice_and_inside() {
        let (t, step) = nice_ticks(0.27, 1.04, 7);
        assert!((step - 0.1).abs() < 1e-12);
        assert!(t.iter().all(|v| (0.27..=1.04).contains(v)));
        assert_eq!(t.len(), 8);
        // Equally far from the target: the coarser step wins.
        let (t, step) = nice_ticks(0.27, 1.04, 6);
        assert!((step - 0.2).abs() < 1e-12);
        assert_eq!(t.len(), 4);
        let (t, step) = nice_ticks(0.0, 26_000.0, 6);
        assert_eq!(step, 5000.0);
        assert_eq!(t.len(), 6);
        let (t, _) = nice_ticks(-5.0, 5.0, 5);
        assert!(t.contains(&0.0));
        let (t, _) = nice_ticks(1.0, 1.0, 5);
        assert_eq!(t, vec![1.0]);
    }

    #[test]
    fn ranges_never_collapse() {
        assert_eq!(padded_range(None, 0.05), (0.0, 1.0));
        let (a, b) = padded_range(Some((0.0, 0.0)), 0.05);
        assert!(b > a);
        let (a, b) = padded_range(Some((3.0, 3.0)), 0.05);
        assert!(a < 3.0 && b > 3.0);
        let (a, b) = padded_range(Some((f64::MAX, f64::MAX)), 0.05);
        assert!(b > a && (b - a).is_finite());
        let (a, _) = padded_range(Some((0.01, 10.0)), 0.06);
        assert_eq!(a, 0.0);
    }

    /// Positions and labels of a log axis' ticks.
    fn split(ticks: Vec<(f64, String)>) -> (Vec<f64>, Vec<String>) {
        ticks.into_iter().unzip()
    }

    #[test]
    fn log_ticks_sit_at_powers_of_ten() {
        // Values spanning 1e-9..1: one tick per decade when there is room.
        let (pos, labels) = split(log_ticks(-9.0, 0.0, 10));
        assert_eq!(pos, (-9..=0).map(f64::from).collect::<Vec<_>>());
        assert_eq!(
            labels,
            ["1e-9", "1e-8", "1e-7", "1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1", "1"].map(String::from)
        );
        // The padded axis of the same data with less room: every 2nd decade,
        // still at powers of ten and including 1.
        let (lo, hi) = YScale::Log.padded_range(Some((-9.0, 0.0)), 0.06);
        let (pos, labels) = split(log_ticks(lo, hi, 6));
        assert_eq!(pos, vec![-8.0, -6.0, -4.0, -2.0, 0.0]);
        assert_eq!(labels, ["1e-8", "1e-6", "1e-4", "0.01", "1"].map(String::from));
        // Large values use the linear axes' separators and suffixes.
        let (_, labels) = split(log_ticks(0.0, 16.0, 20));
        assert_eq!(
            labels,
            [
                "1", "10", "100", "1,000", "10,000", "100,000", "1M", "10M", "100M", "1B", "10B", "100B", "1T", "10T",
                "100T", "1e15", "1e16"
            ]
            .map(String::from)
        );
    }

    #[test]
    fn a_price_near_two_cents_gets_a_label_there() {
        // The dataDAO's price: from 1 down to ~0.009, living near 0.02.
        let (lo, hi) = YScale::Log.padded_range(Some((0.009f64.log10(), 0.0)), 0.06);
        let (_, labels) = split(log_ticks(lo, hi, 10));
        assert_eq!(labels, ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"].map(String::from));
        // Four decades in little room: 1 and 3 times the powers of ten.
        let (_, labels) = split(log_ticks(0.5, 4.0, 9));
        assert_eq!(labels, ["10", "30", "100", "300", "1,000", "3,000", "10,000"].map(String::from));
    }

    #[test]
    fn heatmap_labels_tell_close_values_apart() {
        let values = [0.02515, 0.02517, 0.02541];
        let f = distinguishing_format(&values, 0.02515, 0.02541);
        assert_eq!(values.map(|v| f.format(v)), ["0.02515", "0.02517", "0.02541"].map(String::from));
        // A wide spread needs no more than its levels.
        let f = distinguishing_format(&[1.0, 50.0, 100.0], 1.0, 100.0);
        assert_eq!(f.format(50.0), "50");
    }

    #[test]
    fn short_log_axes_add_twos_and_fives() {
        let (lo, hi) = (0.03f64.log10(), 2.5f64.log10());
        let (pos, labels) = split(log_ticks(lo, hi, 10));
        assert_eq!(labels, ["0.05", "0.1", "0.2", "0.5", "1", "2"].map(String::from));
        assert!(pos.windows(2).all(|w| w[0] < w[1]) && pos.iter().all(|p| (lo..=hi).contains(p)));
        // Narrower than a 1-2-5 step: nice linear values.
        let (_, labels) = split(log_ticks(1.1f64.log10(), 1.9f64.log10(), 10));
        assert_eq!(labels, ["1.2", "1.4", "1.6", "1.8"].map(String::from));
        // Degenerate input gives no ticks rather than a panic.
        assert!(log_ticks(f64::NAN, 1.0, 5).is_empty());
        assert!(log_ticks(1.0, 1.0, 5).is_empty());
    }

    #[test]
    fn log_scale_skips_non_positive_values() {
        let v = YScale::Log.to_axis(&[100.0, 0.0, -1.0, f64::NAN, 1e-8]);
        assert!((v[0] - 2.0).abs() < 1e-12 && (v[4] + 8.0).abs() < 1e-12);
        assert!(v[1].is_nan() && v[2].is_nan() && v[3].is_nan());
        assert!(YScale::Linear.to_axis(&[0.0, -1.0]).iter().all(|v| v.is_finite()));
        // No positive data: a placeholder axis from 1 to 10.
        assert_eq!(YScale::Log.padded_range(None, 0.06), (0.0, 1.0));
        let (labels, _, _) = YScale::Log.tick_labels(0.0, 1.0, 328);
        assert!(!labels.is_empty());
    }
}
