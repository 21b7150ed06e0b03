//! The pixel canvas: an RGB8 [`Image`] with alpha blending and rectangle
//! fills, and [`Coverage`], which rasterises anti-aliased polylines and
//! filled bands one series at a time before compositing them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rgb(pub(super) u8, pub(super) u8, pub(super) u8);

impl Rgb {
    pub(super) fn lerp(self, other: Rgb, t: f64) -> Rgb {
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(mix(self.0, other.0), mix(self.1, other.1), mix(self.2, other.2))
    }
    pub(super) fn luminance(self) -> f64 {
        (0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2)) / 255.0
    }
}

/// Integer pixel rectangle, `x0..x1` × `y0..y1` (exclusive ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct IRect {
    pub(super) x0: i32,
    pub(super) y0: i32,
    pub(super) x1: i32,
    pub(super) y1: i32,
}

impl IRect {
    pub(super) fn width(self) -> i32 {
        self.x1 - self.x0
    }
    pub(super) fn height(self) -> i32 {
        self.y1 - self.y0
    }
}

/// An RGB8 image buffer.
pub(super) struct Image {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) pixels: Vec<u8>,
}

impl Image {
    pub(super) fn new(width: u32, height: u32) -> Self {
        Self { width, height, pixels: vec![0xFF; width as usize * height as usize * 3] }
    }

    #[inline]
    fn blend(&mut self, x: i32, y: i32, c: Rgb, alpha: f64) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        if alpha >= 1.0 {
            self.pixels[i] = c.0;
            self.pixels[i + 1] = c.1;
            self.pixels[i + 2] = c.2;
            return;
        }
        let mix = |d: u8, s: u8| (f64::from(d) + (f64::from(s) - f64::from(d)) * alpha + 0.5) as u8;
        self.pixels[i] = mix(self.pixels[i], c.0);
        self.pixels[i + 1] = mix(self.pixels[i + 1], c.1);
        self.pixels[i + 2] = mix(self.pixels[i + 2], c.2);
    }

    pub(super) fn fill_rect(&mut self, r: IRect, c: Rgb, alpha: f64) {
        let x0 = r.x0.max(0);
        let y0 = r.y0.max(0);
        let x1 = r.x1.min(self.width as i32);
        let y1 = r.y1.min(self.height as i32);
        for y in y0..y1 {
            for x in x0..x1 {
                self.blend(x, y, c, alpha);
            }
        }
    }

    pub(super) fn stroke_rect(&mut self, r: IRect, c: Rgb) {
        self.fill_rect(IRect { y1: r.y0 + 1, ..r }, c, 1.0);
        self.fill_rect(IRect { y0: r.y1 - 1, ..r }, c, 1.0);
        self.fill_rect(IRect { x1: r.x0 + 1, ..r }, c, 1.0);
        self.fill_rect(IRect { x0: r.x1 - 1, ..r }, c, 1.0);
    }
}

/// Per-pixel coverage accumulator over a clip rectangle, used to draw one
/// series at a time with anti-aliasing and without double blending at
/// joints. Touched pixels are tracked per row so compositing is cheap.
pub(super) struct Coverage {
    clip: IRect,
    data: Vec<f32>,
    /// Per clip row: touched column range `[min, max)` (absolute x).
    spans: Vec<(i32, i32)>,
}

impl Coverage {
    pub(super) fn new(clip: IRect) -> Self {
        let n = clip.width().max(0) as usize * clip.height().max(0) as usize;
        Self { clip, data: vec![0.0; n], spans: vec![(i32::MAX, i32::MIN); clip.height().max(0) as usize] }
    }

    fn index(&self, x: i32, y: i32) -> usize {
        (y - self.clip.y0) as usize * self.clip.width() as usize + (x - self.clip.x0) as usize
    }

    fn touch(&mut self, y: i32, x0: i32, x1: i32) {
        let span = &mut self.spans[(y - self.clip.y0) as usize];
        span.0 = span.0.min(x0);
        span.1 = span.1.max(x1);
    }

    /// Clips a float bounding box to the clip rect; `None` if empty.
    fn clip_box(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<IRect> {
        let r = IRect {
            x0: (x0.floor() as i32).max(self.clip.x0),
            y0: (y0.floor() as i32).max(self.clip.y0),
            x1: (x1.ceil() as i32).min(self.clip.x1),
            y1: (y1.ceil() as i32).min(self.clip.y1),
        };
        (r.x0 < r.x1 && r.y0 < r.y1).then_some(r)
    }

    /// Adds a round-capped segment of the given half width (max-combined).
    fn segment(&mut self, a: (f64, f64), b: (f64, f64), radius: f64) {
        let pad = radius + 1.0;
        let Some(r) = self.clip_box(a.0.min(b.0) - pad, a.1.min(b.1) - pad, a.0.max(b.0) + pad, a.1.max(b.1) + pad)
        else {
            return;
        };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let inv_len2 = if len2 > 0.0 { 1.0 / len2 } else { 0.0 };
        let reach = radius + 0.5;
        let reach2 = reach * reach;
        let inv_dy = if dy.abs() > 1e-9 { 1.0 / dy } else { 0.0 };
        for py in r.y0..r.y1 {
            let cy = f64::from(py) + 0.5;
            // Restrict the scanned columns to the segment's extent on this row.
            let (mut sx0, mut sx1) = (r.x0, r.x1);
            if inv_dy != 0.0 {
                let t0 = ((cy - pad - a.1) * inv_dy).clamp(0.0, 1.0);
                let t1 = ((cy + pad - a.1) * inv_dy).clamp(0.0, 1.0);
                let xa = a.0 + t0 * dx;
                let xb = a.0 + t1 * dx;
                sx0 = sx0.max((xa.min(xb) - pad) as i32 - 1);
                sx1 = sx1.min((xa.max(xb) + pad) as i32 + 2);
            }
            if sx0 >= sx1 {
                continue;
            }
            let row = (py - self.clip.y0) as usize * self.clip.width() as usize;
            let mut touched = false;
            for px in sx0..sx1 {
                let cx = f64::from(px) + 0.5;
                let t = (((cx - a.0) * dx + (cy - a.1) * dy) * inv_len2).clamp(0.0, 1.0);
                let ex = a.0 + t * dx - cx;
                let ey = a.1 + t * dy - cy;
                let d2 = ex * ex + ey * ey;
                if d2 >= reach2 {
                    continue;
                }
                let c = (reach - d2.sqrt()).min(1.0) as f32;
                let i = row + (px - self.clip.x0) as usize;
                if self.data[i] < c {
                    self.data[i] = c;
                }
                touched = true;
            }
            if touched {
                self.touch(py, sx0, sx1);
            }
        }
    }

    /// Adds an anti-aliased polyline; a single point becomes a dot.
    pub(super) fn polyline(&mut self, pts: &[(f64, f64)], width: f64) {
        match pts {
            [] => {}
            [p] => self.segment(*p, *p, 1.6 * width),
            _ => {
                for w in pts.windows(2) {
                    self.segment(w[0], w[1], width / 2.0);
                }
            }
        }
    }

    /// Adds the area between two y curves, `(x, y_a, y_b)` per vertex
    /// (coverage is summed across segments so shared columns stay solid).
    pub(super) fn band(&mut self, pts: &[(f64, f64, f64)]) {
        for w in pts.windows(2) {
            let (p, q) = if w[0].0 <= w[1].0 { (w[0], w[1]) } else { (w[1], w[0]) };
            let span = q.0 - p.0;
            if span <= 0.0 {
                continue;
            }
            let top = p.1.min(p.2).min(q.1).min(q.2);
            let bottom = p.1.max(p.2).max(q.1).max(q.2);
            let Some(r) = self.clip_box(p.0, top, q.0, bottom) else {
                continue;
            };
            for px in r.x0..r.x1 {
                let l = f64::from(px).max(p.0);
                let rr = (f64::from(px) + 1.0).min(q.0);
                let hcov = rr - l;
                if hcov <= 0.0 {
                    continue;
                }
                let t = (0.5 * (l + rr) - p.0) / span;
                let ya = p.1 + t * (q.1 - p.1);
                let yb = p.2 + t * (q.2 - p.2);
                let (y_top, y_bot) = (ya.min(yb), ya.max(yb));
                let py0 = (y_top.floor() as i32).max(r.y0);
                let py1 = (y_bot.ceil() as i32).min(r.y1);
                for py in py0..py1 {
                    let vcov = (f64::from(py + 1).min(y_bot) - f64::from(py).max(y_top)).max(0.0);
                    let i = self.index(px, py);
                    self.data[i] += (hcov * vcov) as f32;
                    self.touch(py, px, px + 1);
                }
            }
        }
    }

    /// Blends the accumulated coverage onto `image` and resets it.
    pub(super) fn composite(&mut self, image: &mut Image, color: Rgb, alpha: f64) {
        for y in self.clip.y0..self.clip.y1 {
            let (x0, x1) = std::mem::replace(&mut self.spans[(y - self.clip.y0) as usize], (i32::MAX, i32::MIN));
            for x in x0.max(self.clip.x0)..x1.min(self.clip.x1) {
                let i = self.index(x, y);
                let c = f64::from(self.data[i].min(1.0));
                if c > 0.0 {
                    image.blend(x, y, color, c * alpha);
                    self.data[i] = 0.0;
                }
            }
        }
    }
}
