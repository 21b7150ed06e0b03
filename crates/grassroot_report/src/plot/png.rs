//! Output: encoding a rendered [`Image`] as PNG and writing it atomically
//! (a temporary file beside the destination, renamed over it on success).

use std::fmt;
use std::path::Path;

use plotters::backend::{BitMapBackend, DrawingBackend};

use super::PlotError;
use super::raster::Image;

pub(super) fn write_png_atomically(image: &Image, path: &Path) -> Result<(), PlotError> {
    let io_err =
        |action: &'static str, source: std::io::Error| PlotError::Io { path: path.to_path_buf(), action, source };
    if path.file_name().is_none() {
        let e = std::io::Error::from(std::io::ErrorKind::InvalidInput);
        return Err(io_err("the destination has no file name", e));
    }
    // The bitmap encoder picks the format from the extension: keep `.png`.
    let tmp = crate::atomic::temp_file_beside(path, ".tmp.png")
        .map_err(|e| io_err("creating a temporary file in the destination directory", e))?;
    {
        let mut backend = BitMapBackend::new(tmp.path(), (image.width, image.height));
        let render_err = |e: &dyn fmt::Display| PlotError::Render { path: path.to_path_buf(), message: e.to_string() };
        backend.blit_bitmap((0, 0), (image.width, image.height), &image.pixels).map_err(|e| render_err(&e))?;
        backend.present().map_err(|e| render_err(&e))?;
    }
    tmp.persist(path).map_err(|e| io_err("moving the temporary file into place", e.error))?;
    Ok(())
}
