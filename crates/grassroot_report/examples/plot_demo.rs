//! Renders demo figures with realistic-looking token-economy data so the
//! plot module's output can be inspected by eye, and times the rendering.
//!
//! ```text
//! cargo run --release -p grassroot_report --example plot_demo [OUT_DIR]
//! ```
//! writes `OUT_DIR/plot_demo.png`, `OUT_DIR/plot_heatmap_demo.png`,
//! `OUT_DIR/plot_mixed_demo.png` and `OUT_DIR/plot_log_demo.png` (log y
//! axes); the default `OUT_DIR` is the system temp directory.

use std::path::PathBuf;
use std::time::Instant;

use grassroot_report::plot::{Figure, Heatmap, Panel, PanelKind, render_heatmap_png, render_png};

/// Tiny deterministic PRNG (xorshift64*), uniform in `[-1, 1)`.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        (v as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args_os().nth(1).map_or_else(std::env::temp_dir, PathBuf::from);
    let n = 2000;
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let x: Vec<f64> = (0..n).map(|i| f64::from(i) * 0.25).collect();

    // Price: 1.0 decaying towards ~0.3 with a random walk on top.
    let mut walk = 0.0;
    let price: Vec<f64> = x
        .iter()
        .map(|&t| {
            walk = 0.995 * walk + 0.004 * noise.next();
            0.3 + 0.7 * (-t / 120.0).exp() + walk
        })
        .collect();
    // Reserves growing, in tokens and USDC.
    let token_reserve: Vec<f64> =
        x.iter().map(|&t| 1.0e6 + 2.4e6 * (1.0 - (-t / 200.0).exp()) + 2.0e4 * noise.next()).collect();
    let usdc_reserve: Vec<f64> = token_reserve.iter().zip(&price).map(|(r, p)| r * p).collect();
    // Holdings by role.
    let roles = ["contributors", "curators", "consumers", "treasury", "liquidity providers"];
    let holdings: Vec<Vec<f64>> = roles
        .iter()
        .enumerate()
        .map(|(k, _)| {
            let k = k as f64;
            x.iter()
                .map(|&t| {
                    (50_000.0 + 40_000.0 * k) * (1.0 + (0.8 - 0.3 * k) * (1.0 - (-t / (80.0 + 40.0 * k)).exp()))
                        + 1500.0 * noise.next()
                })
                .collect()
        })
        .collect();
    // Monte Carlo band for the price.
    let p50: Vec<f64> = x.iter().map(|&t| 0.32 + 0.68 * (-t / 110.0).exp()).collect();
    let p5: Vec<f64> = x.iter().zip(&p50).map(|(&t, m)| m - 0.18 * (1.0 - (-t / 60.0).exp()) * m).collect();
    let p95: Vec<f64> = x.iter().zip(&p50).map(|(&t, m)| m + 0.35 * (1.0 - (-t / 60.0).exp()) * m).collect();
    let det: Vec<f64> = price.clone();
    // Treasury in USDC with a gap (NaN) where the data is missing.
    let treasury: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, &t)| if (900..1000).contains(&i) { f64::NAN } else { 2_000.0 + 45.0 * t + 300.0 * noise.next() })
        .collect();
    // Daily contributions: noisy counts with a spike.
    let contributions: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let base = 40.0 + 25.0 * (t / 40.0).sin() + 8.0 * noise.next();
            if i == 1234 { 180.0 } else { base.max(0.0) }
        })
        .collect();

    let mut role_panel = Panel::new("Token holdings by role", "holdings (tokens)");
    for (role, values) in roles.iter().zip(&holdings) {
        role_panel = role_panel.with_line(*role, values);
    }
    let figure = Figure {
        title: "grassroot demo — baseline scenario".into(),
        x_label: "time (days)".into(),
        x: &x,
        panels: vec![
            Panel::new("Token price", "price (USDC per token)").with_line("spot price", &price).into(),
            Panel::new("AMM reserves", "reserve")
                .with_line("token reserve (tokens)", &token_reserve)
                .with_line("USDC reserve (USDC)", &usdc_reserve)
                .into(),
            role_panel.into(),
            Panel::new("Price across 200 Monte Carlo runs", "price (USDC per token)")
                .with_line("deterministic run", &det)
                .with_band("median (p5–p95)", &p5, &p50, &p95)
                .into(),
            Panel::new("Treasury balance", "balance (USDC)").with_line("treasury", &treasury).into(),
            Panel::new("Data contributions", "contributions per day").with_line("contributions", &contributions).into(),
        ],
        columns: 2,
    };

    let path = out_dir.join("plot_demo.png");
    render_png(&figure, &path)?;
    let runs = 10;
    let start = Instant::now();
    for _ in 0..runs {
        render_png(&figure, &path)?;
    }
    let per = start.elapsed() / runs;
    eprintln!("{}: 6 panels x {n} points rendered in {per:?} per figure", path.display());

    // A parameter sweep heatmap.
    let fees = ["0.1%", "0.3%", "0.5%", "1%", "2%", "3%", "5%", "10%"];
    let rewards = ["10", "20", "50", "100", "200", "500"];
    let values: Vec<f64> = rewards
        .iter()
        .enumerate()
        .flat_map(|(r, _)| {
            fees.iter().enumerate().map(move |(c, _)| {
                let (r, c) = (r as f64, c as f64);
                0.25 + 0.08 * c - 0.05 * r + 0.01 * r * c
            })
        })
        .collect();
    let heat = Heatmap {
        title: "Final price by fee and reward".into(),
        x_label: "swap fee".into(),
        y_label: "reward per contribution (tokens)".into(),
        x_ticks: fees.iter().map(|s| s.to_string()).collect(),
        y_ticks: rewards.iter().map(|s| s.to_string()).collect(),
        values: &values,
        value_label: "final price (USDC)".into(),
    };
    let heat_path = out_dir.join("plot_heatmap_demo.png");
    render_heatmap_png(&heat, &heat_path)?;

    // Mixed figure: a series panel next to a heatmap.
    let mixed = Figure {
        title: "mixed figure".into(),
        x_label: "time (days)".into(),
        x: &x,
        panels: vec![
            Panel::new("Token price", "price (USDC per token)").with_line("spot price", &price).into(),
            PanelKind::Heatmap(heat),
        ],
        columns: 2,
    };
    render_png(&mixed, &out_dir.join("plot_mixed_demo.png"))?;
    eprintln!("wrote {} and plot_mixed_demo.png", heat_path.display());

    // Log y axes: a price collapsing over eight decades, with a Monte Carlo
    // band, and a narrow range that gets 1-2-5 ticks.
    let collapse: Vec<f64> =
        x.iter().map(|&t| 0.94 * (1.0 + t / 2.0).powf(-3.4) * (1.0 + 0.15 * noise.next())).collect();
    let c50: Vec<f64> = x.iter().map(|&t| 0.94 * (1.0 + t / 2.0).powf(-3.3)).collect();
    let c5: Vec<f64> = c50.iter().map(|m| m / 4.0).collect();
    let c95: Vec<f64> = c50.iter().map(|m| m * 6.0).collect();
    let log_figure = Figure {
        title: "log y axes".into(),
        x_label: "time (days)".into(),
        x: &x,
        panels: vec![
            Panel::new("Token price (log scale)", "price (USDC per token)")
                .with_line("deterministic run", &collapse)
                .with_band("median (p5–p95)", &c5, &c50, &c95)
                .log_scale()
                .into(),
            Panel::new("AMM reserves (log scale)", "reserve")
                .with_line("token reserve (tokens)", &token_reserve)
                .with_line("USDC reserve (USDC)", &usdc_reserve)
                .log_scale()
                .into(),
        ],
        columns: 2,
    };
    let log_path = out_dir.join("plot_log_demo.png");
    render_png(&log_figure, &log_path)?;
    eprintln!("wrote {}", log_path.display());
    Ok(())
}
