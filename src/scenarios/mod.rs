//! The scenarios the `grassroot` binary runs, one file each, registered in
//! [`Scenarios::builtin`](crate::scenario::Scenarios::builtin).

mod baseline;
mod datadao;
mod original;

pub use baseline::Baseline;
pub use datadao::DataDao;
pub use original::Original;
