//! Integration tests of `grassroot_report::plot`: PNG output, edge cases and
//! atomic writing.

use std::error::Error;
use std::fs;
use std::path::Path;

use grassroot_report::plot::{
    Band, Figure, Heatmap, Line, Panel, PanelKind, PlotError, png_bytes, render_heatmap_png, render_png,
};

type TestResult = Result<(), Box<dyn Error>>;

/// Width and height from the PNG IHDR chunk, after checking the signature.
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

/// Names of the entries in `dir`, sorted.
fn entries(dir: &Path) -> Result<Vec<String>, Box<dyn Error>> {
    let mut names = Vec::new();
    for e in fs::read_dir(dir)? {
        names.push(e?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

struct Series {
    x: Vec<f64>,
    cols: Vec<Vec<f64>>,
}

fn series(n: usize, k: usize) -> Series {
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let cols = (0..k)
        .map(|j| x.iter().map(|t| (j as f64 + 1.0) * 1000.0 * (1.0 + (t / 50.0 + j as f64).sin() * 0.3)).collect())
        .collect();
    Series { x, cols }
}

fn six_panel_figure(s: &Series) -> Figure<'_> {
    let c = &s.cols;
    Figure {
        title: "six panels".into(),
        x_label: "time (days)".into(),
        x: &s.x,
        panels: vec![
            Panel::new("one", "price (USDC)").with_line("a", &c[0]).into(),
            Panel::new("two", "tokens").with_line("a", &c[0]).with_line("b", &c[1]).into(),
            Panel::new("five", "tokens")
                .with_line("a", &c[0])
                .with_line("b", &c[1])
                .with_line("c", &c[2])
                .with_line("d", &c[3])
                .with_line("e", &c[4])
                .into(),
            Panel::new("band", "price").with_band("p5-p95", &c[0], &c[1], &c[2]).into(),
            Panel::new("band+line", "price").with_line("det", &c[3]).with_band("mc", &c[0], &c[1], &c[2]).into(),
            Panel::new("six", "y").with_line("f", &c[5]).into(),
        ],
        columns: 2,
    }
}

#[test]
fn six_panel_figure_is_a_png_of_the_expected_size() -> TestResult {
    let s = series(2000, 6);
    let figure = six_panel_figure(&s);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("six.png");
    render_png(&figure, &path)?;

    let bytes = fs::read(&path)?;
    assert_eq!(png_dimensions(&bytes), Some((1600, 64 + 3 * 450)));
    assert_eq!(png_dimensions(&bytes), Some(figure.size()));
    assert!(bytes.len() > 30_000, "suspiciously small PNG: {} bytes", bytes.len());
    assert_eq!(entries(dir.path())?, vec!["six.png".to_string()], "temp file left behind");

    // Rendering again replaces the file atomically.
    render_png(&figure, &path)?;
    assert_eq!(entries(dir.path())?, vec!["six.png".to_string()]);
    Ok(())
}

/// Edge cases render without panicking. Set `GRASSROOT_PLOT_OUT=<dir>` to
/// keep the images for inspection.
#[test]
fn edge_cases_do_not_panic() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let keep = std::env::var_os("GRASSROOT_PLOT_OUT").map(std::path::PathBuf::from);
    let dir = keep.as_deref().unwrap_or(tmp.path());
    let empty: [f64; 0] = [];
    let one = [3.0];
    let x = [0.0, 1.0, 2.0, 3.0, 4.0];
    let constant = [2.5; 5];
    let zeros = [0.0; 5];
    let weird = [f64::NAN, f64::INFINITY, 1.0, f64::NEG_INFINITY, f64::NAN];
    let all_nan = [f64::NAN; 5];
    let long = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let short = [1.0, -2.0];
    let huge = [1e300, -1e300, 1e300, 0.0, 5.0];
    let tiny = [1e-12, 2e-12, 3e-12, 1e-12, 0.0];
    let x_weird = [0.0, f64::NAN, 2.0, 1.0, 4.0];

    let cases: Vec<(&str, Figure)> = vec![
        (
            "empty x",
            Figure {
                title: "empty".into(),
                x_label: "t".into(),
                x: &empty,
                panels: vec![Panel::new("p", "y").with_line("a", &x).into()],
                columns: 2,
            },
        ),
        (
            "single point",
            Figure {
                title: "one".into(),
                x_label: "t".into(),
                x: &one,
                panels: vec![Panel::new("p", "y").with_line("a", &one).with_band("b", &one, &one, &one).into()],
                columns: 1,
            },
        ),
        (
            "constant and zero",
            Figure {
                title: "constant".into(),
                x_label: "t".into(),
                x: &x,
                panels: vec![
                    Panel::new("constant", "y").with_line("a", &constant).into(),
                    Panel::new("zeros", "y").with_line("a", &zeros).with_line("b", &zeros).into(),
                ],
                columns: 0,
            },
        ),
        (
            "non-finite",
            Figure {
                title: "nan".into(),
                x_label: "t".into(),
                x: &x_weird,
                panels: vec![
                    Panel::new("weird", "y").with_line("a", &weird).into(),
                    Panel::new("all nan", "y")
                        .with_line("a", &all_nan)
                        .with_band("b", &all_nan, &weird, &all_nan)
                        .into(),
                ],
                columns: 2,
            },
        ),
        (
            "mismatched lengths and extremes",
            Figure {
                title: "lengths".into(),
                x_label: "t".into(),
                x: &x,
                panels: vec![
                    PanelKind::Series(Panel {
                        title: "lengths".into(),
                        y_label: String::new(),
                        lines: vec![Line::new("long", &long), Line::new("short", &short)],
                        bands: vec![Band::new("band", &short, &long, &x)],
                        log_y: false,
                    }),
                    Panel::new("huge", "y").with_line("a", &huge).into(),
                    Panel::new("tiny", "y").with_line("a", &tiny).into(),
                    Panel::new("no series", "y").into(),
                ],
                columns: 7,
            },
        ),
        (
            "heatmaps",
            Figure {
                title: String::new(),
                x_label: String::new(),
                x: &empty,
                panels: vec![
                    Heatmap::default().into(),
                    Heatmap {
                        title: "short values".into(),
                        x_ticks: vec!["a".into(), "b".into(), "c".into()],
                        y_ticks: vec!["1".into(), "2".into()],
                        values: &short,
                        ..Heatmap::default()
                    }
                    .into(),
                    Heatmap {
                        title: "all nan".into(),
                        x_ticks: vec!["a".into(); 5],
                        y_ticks: vec!["1".into()],
                        values: &all_nan,
                        value_label: "v".into(),
                        ..Heatmap::default()
                    }
                    .into(),
                    Heatmap {
                        title: "constant".into(),
                        x_ticks: vec!["a".into(); 5],
                        y_ticks: vec!["1".into()],
                        values: &constant,
                        value_label: "v".into(),
                        ..Heatmap::default()
                    }
                    .into(),
                ],
                columns: 2,
            },
        ),
    ];

    for (name, figure) in &cases {
        let path = dir.join(format!("edge_{}.png", name.replace(' ', "_")));
        render_png(figure, &path).map_err(|e| format!("{name}: {e}"))?;
        let bytes = fs::read(&path)?;
        assert_eq!(png_dimensions(&bytes), Some(figure.size()), "{name}");
    }

    // Many points are downsampled, and dense heatmaps thin their labels.
    let big = series(200_000, 2);
    let figure = Figure {
        title: "big".into(),
        x_label: "t".into(),
        x: &big.x,
        panels: vec![
            Panel::new("big", "y")
                .with_line("a", &big.cols[0])
                .with_band("b", &big.cols[0], &big.cols[1], &big.cols[1])
                .into(),
        ],
        columns: 1,
    };
    render_png(&figure, &dir.join("edge_big.png"))?;
    let grid: Vec<f64> = (0..60 * 40).map(f64::from).collect();
    let heat = Heatmap {
        title: "dense".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        x_ticks: (0..60).map(|i| format!("{}", i * 1000)).collect(),
        y_ticks: (0..40).map(|i| format!("row {i}")).collect(),
        values: &grid,
        value_label: "value".into(),
    };
    render_heatmap_png(&heat, &dir.join("edge_dense.png"))?;
    Ok(())
}

#[test]
fn zero_panels_is_an_error_and_writes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("none.png");
    let figure = Figure { title: "nothing".into(), x_label: "t".into(), x: &[], panels: vec![], columns: 2 };
    let err = render_png(&figure, &path).err().ok_or("expected an error")?;
    assert!(matches!(err, PlotError::NoPanels { .. }));
    assert!(err.to_string().contains("none.png"), "{err}");
    assert!(entries(dir.path())?.is_empty());
    Ok(())
}

#[test]
fn missing_directory_is_an_error_naming_the_path() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("does-not-exist").join("plot.png");
    let s = series(10, 1);
    let figure = Figure {
        title: "t".into(),
        x_label: "t".into(),
        x: &s.x,
        panels: vec![Panel::new("p", "y").with_line("a", &s.cols[0]).into()],
        columns: 1,
    };
    let err = render_png(&figure, &path).err().ok_or("expected an error")?;
    assert!(matches!(err, PlotError::Io { .. }), "{err:?}");
    assert_eq!(err.path(), path);
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    assert!(err.source().is_some());
    assert!(entries(dir.path())?.is_empty(), "something was created");
    Ok(())
}

#[test]
fn failed_rename_removes_the_temporary_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    // The destination is a non-empty directory: the final rename fails.
    let path = dir.path().join("taken.png");
    fs::create_dir(&path)?;
    fs::write(path.join("keep"), b"x")?;
    let s = series(10, 1);
    let figure = Figure {
        title: "t".into(),
        x_label: "t".into(),
        x: &s.x,
        panels: vec![Panel::new("p", "y").with_line("a", &s.cols[0]).into()],
        columns: 1,
    };
    let err = render_png(&figure, &path).err().ok_or("expected an error")?;
    assert!(err.to_string().contains("taken.png"), "{err}");
    assert_eq!(entries(dir.path())?, vec!["taken.png".to_string()], "temp file left behind");
    Ok(())
}

/// Where a test keeps its images: `GRASSROOT_PLOT_OUT` if set (for
/// inspection), else the given temporary directory.
fn out_dir(tmp: &Path) -> std::path::PathBuf {
    std::env::var_os("GRASSROOT_PLOT_OUT").map_or_else(|| tmp.to_path_buf(), std::path::PathBuf::from)
}

#[test]
fn log_scale_is_a_builder_and_off_by_default() {
    assert!(!Panel::new("p", "y").log_y);
    assert!(!Panel::default().log_y);
    assert!(Panel::new("p", "y").log_scale().log_y);
}

#[test]
fn log_panels_render() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = out_dir(tmp.path());
    // A price collapsing from 1 to ~1e-9 (with a zero and a NaN on the way),
    // a second line and a Monte Carlo band around it.
    let n = 2000;
    let x: Vec<f64> = (0..n).map(f64::from).collect();
    let price: Vec<f64> = x
        .iter()
        .map(|t| match *t as usize {
            700 => 0.0,
            701 => f64::NAN,
            _ => 10f64.powf(-9.0 * t / f64::from(n - 1)) * (1.0 + 0.3 * (t / 40.0).sin()),
        })
        .collect();
    let floor: Vec<f64> = x.iter().map(|t| 1e-6 * (1.0 + t / 1000.0)).collect();
    let low: Vec<f64> = price.iter().map(|p| p / 3.0).collect();
    let high: Vec<f64> = price.iter().map(|p| p * 3.0).collect();
    // Under two decades: ticks at 1, 2 and 5 x 10^k.
    let narrow: Vec<f64> = x.iter().map(|t| 0.05 + t / 1000.0).collect();
    let figure = Figure {
        title: "log scale".into(),
        x_label: "step".into(),
        x: &x,
        panels: vec![
            Panel::new("price (log scale)", "xDAI per dDT").with_line("price", &price).log_scale().into(),
            Panel::new("two lines", "xDAI per dDT")
                .with_line("price", &price)
                .with_line("floor", &floor)
                .log_scale()
                .into(),
            Panel::new("band", "xDAI per dDT").with_band("p5-p95", &low, &price, &high).log_scale().into(),
            Panel::new("narrow", "xDAI").with_line("narrow", &narrow).log_scale().into(),
        ],
        columns: 2,
    };
    let path = dir.join("log_panels.png");
    render_png(&figure, &path)?;
    let bytes = fs::read(&path)?;
    assert_eq!(png_dimensions(&bytes), Some((1600, 64 + 2 * 450)));
    assert_eq!(png_dimensions(&bytes), Some(figure.size()));
    assert!(bytes.len() > 30_000, "suspiciously small PNG: {} bytes", bytes.len());
    Ok(())
}

#[test]
fn log_panels_without_positive_data_do_not_panic() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = out_dir(tmp.path());
    let x = [0.0, 1.0, 2.0, 3.0, 4.0];
    let non_positive = [0.0, -1.0, f64::NAN, -0.0, f64::NEG_INFINITY];
    let zeros = [0.0; 5];
    let one = [0.0, 0.0, 3.0, 0.0, -2.0];
    let constant = [1e-8; 5];
    let huge = [1e-300, 1e300, f64::MIN_POSITIVE, 5e-324, f64::INFINITY];
    let figure = Figure {
        title: "log edge cases".into(),
        x_label: "t".into(),
        x: &x,
        panels: vec![
            Panel::new("non-positive", "y").with_line("a", &non_positive).log_scale().into(),
            Panel::new("zeros", "y")
                .with_line("a", &zeros)
                .with_band("b", &non_positive, &zeros, &non_positive)
                .log_scale()
                .into(),
            Panel::new("one positive point", "y").with_line("a", &one).log_scale().into(),
            Panel::new("constant", "y").with_line("a", &constant).log_scale().into(),
            Panel::new("extremes", "y").with_line("a", &huge).with_line("b", &constant).log_scale().into(),
            Panel::new("no series", "y").log_scale().into(),
        ],
        columns: 2,
    };
    let path = dir.join("log_edge_cases.png");
    render_png(&figure, &path)?;
    assert_eq!(png_dimensions(&fs::read(&path)?), Some(figure.size()));
    Ok(())
}

/// The figure drawn, decoded back into pixels.
fn drawn(figure: &Figure) -> Result<image::RgbImage, Box<dyn Error>> {
    let bytes = png_bytes(figure, Path::new("test.png"))?;
    Ok(image::load_from_memory(&bytes)?.to_rgb8())
}

/// Pixels of `image` within `tolerance` of `rgb` in every channel, as `(x, y)`.
fn pixels_of(image: &image::RgbImage, rgb: [u8; 3], tolerance: u8) -> Vec<(u32, u32)> {
    image
        .enumerate_pixels()
        .filter(|(_, _, p)| p.0.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= tolerance))
        .map(|(x, y, _)| (x, y))
        .collect()
}

/// The palette's first two colours: the first and second line of a panel.
const BLUE: [u8; 3] = [0x00, 0x72, 0xB2];
const VERMILLION: [u8; 3] = [0xD5, 0x5E, 0x00];

#[test]
fn a_rising_line_is_drawn_rising_in_its_colour() -> TestResult {
    let x: Vec<f64> = (0..=100).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|v| v * 10.0).collect();
    let figure = Figure {
        title: String::new(),
        x_label: "t".into(),
        x: &x,
        panels: vec![Panel::new("rising", "y").with_line("a", &y).into()],
        columns: 1,
    };
    let image = drawn(&figure)?;
    let blue = pixels_of(&image, BLUE, 24);
    assert!(blue.len() > 1000, "only {} pixels of the line's colour", blue.len());
    // Left of the middle the line is lower on the image (larger y) than right of it.
    let mid = image.width() / 2;
    let mean_y = |left: bool| {
        let ys: Vec<f64> = blue.iter().filter(|(x, _)| (*x < mid) == left).map(|(_, y)| f64::from(*y)).collect();
        ys.iter().sum::<f64>() / ys.len().max(1) as f64
    };
    assert!(mean_y(true) > mean_y(false) + 100.0, "left {} right {}", mean_y(true), mean_y(false));
    Ok(())
}

/// See: #24 (in "Members by role" the organization line lay exactly under the power users').
#[test]
fn coinciding_lines_both_show() -> TestResult {
    let x: Vec<f64> = (0..=200).map(f64::from).collect();
    let same: Vec<f64> = x.iter().map(|v| v * 2.0).collect();
    let other: Vec<f64> = x.iter().map(|v| 400.0 - v).collect();
    let figure = Figure {
        title: String::new(),
        x_label: "t".into(),
        x: &x,
        panels: vec![
            Panel::new("members", "agents")
                .with_line("power_user", &same)
                .with_line("organization", &same)
                .with_line("degen_user", &other)
                .into(),
        ],
        columns: 1,
    };
    let image = drawn(&figure)?;
    // The first line shows between the dashes of the second, which shows too.
    let (first, second) = (pixels_of(&image, BLUE, 24).len(), pixels_of(&image, VERMILLION, 24).len());
    assert!(first > 800 && second > 800, "first {first} and second {second} pixels");
    Ok(())
}

#[test]
fn heatmap_spans_the_colour_map() -> TestResult {
    let values = [0.0, 1.0, 0.5, 0.25];
    let heat = Heatmap {
        title: "h".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        x_ticks: vec!["a".into(), "b".into()],
        y_ticks: vec!["1".into(), "2".into()],
        values: &values,
        value_label: "v".into(),
    };
    let figure = Figure { title: String::new(), x_label: String::new(), x: &[], panels: vec![heat.into()], columns: 1 };
    let image = drawn(&figure)?;
    // Viridis' two ends: the lowest cell and the highest.
    let (low, high) = (pixels_of(&image, [0x44, 0x01, 0x54], 6).len(), pixels_of(&image, [0xFD, 0xE7, 0x25], 6).len());
    assert!(low > 5000 && high > 5000, "low {low} and high {high} pixels");
    Ok(())
}
