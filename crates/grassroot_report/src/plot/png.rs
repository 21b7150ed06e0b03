//! Output: encoding rendered RGB8 pixels as PNG bytes (the `image` crate's PNG encoder, as
//! plotters' bitmap backend uses it), and writing them atomically through [`crate::atomic`].

use std::path::Path;

use image::ImageEncoder;
use image::codecs::png::PngEncoder;

use super::PlotError;

/// The PNG file of the RGB8 `pixels` of a `width` × `height` image.
pub(super) fn encode_png(pixels: &[u8], (width, height): (u32, u32), path: &Path) -> Result<Vec<u8>, PlotError> {
    let mut bytes = Vec::with_capacity(pixels.len() / 8);
    PngEncoder::new(&mut bytes)
        .write_image(pixels, width, height, image::ColorType::Rgb8)
        .map_err(|e| PlotError::Render { path: path.to_path_buf(), message: e.to_string() })?;
    Ok(bytes)
}

/// Writes `png` to `path` whole or not at all.
pub(super) fn write_png_atomically(png: &[u8], path: &Path) -> Result<(), PlotError> {
    if path.file_name().is_none() {
        let source = std::io::Error::from(std::io::ErrorKind::InvalidInput);
        return Err(PlotError::Io { path: path.to_path_buf(), action: "the destination has no file name", source });
    }
    crate::atomic::write_atomically(path, png).map(drop).map_err(|e| match e {
        crate::ReportError::Io { action, source, .. } => PlotError::Io { path: path.to_path_buf(), action, source },
        other => PlotError::Render { path: path.to_path_buf(), message: other.to_string() },
    })
}
