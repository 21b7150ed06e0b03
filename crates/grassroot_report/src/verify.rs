//! `grassroot verify DIR`: checks that a run's or a sweep's folder holds exactly the files its
//! manifest (`run.json`, `sweep.json`) describes, byte for byte, by their recorded sizes and
//! BLAKE3 hashes ([`crate::digest`]).
//!
//! The manifest is read only for what both kinds share (`program`, `schema`, `files`), so one
//! check serves runs, sweeps, shards and merges. A folder that is not a grassroot output, a
//! manifest that cannot be read or comes from a newer grassroot, and a manifest that names a
//! file outside its folder are errors ([`ReportError::Manifest`]); files that differ are
//! [`FileProblem`]s in the returned [`Verified`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::digest::{FileDigest, FileProblem, check_files};
use crate::error::ReportError;
use crate::manifest::{MANIFEST_SCHEMA, check_schema, schema_of};

/// What a manifest says of its folder (the fields `run.json` and `sweep.json` share).
#[derive(Debug, Deserialize)]
pub(crate) struct Recorded {
    pub(crate) program: String,
    #[serde(default)]
    pub(crate) schema: u32,
    #[serde(default)]
    pub(crate) files: Vec<FileDigest>,
}

/// The outcome of checking one manifest's files.
#[derive(Debug)]
pub struct Verified {
    /// The manifest checked.
    pub manifest: PathBuf,
    /// The files it records.
    pub files: Vec<FileDigest>,
    /// What differs (empty when every file matches).
    pub problems: Vec<FileProblem>,
}

impl Verified {
    /// True if every recorded file is there, whole and unchanged.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// The bytes of all recorded files.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// Checks every manifest among `manifests` (e.g. `["run.json", "sweep.json"]`) that `dir`
/// holds; at least one must be there.
pub fn verify_folder(dir: &Path, manifests: &[&str]) -> Result<Vec<Verified>, ReportError> {
    let bad = |message: String, fix: &str| ReportError::Manifest { path: dir.to_owned(), message, fix: fix.to_owned() };
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(bad("is a file, not a folder".to_owned(), "name the output folder of a run or a sweep")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(bad("no such folder".to_owned(), "name the output folder of a run or a sweep (its --out)"));
        }
        Err(e) => return Err(ReportError::io(dir, "open the folder", e)),
    }
    let present: Vec<&str> = manifests.iter().copied().filter(|m| dir.join(m).exists()).collect();
    if present.is_empty() {
        return Err(bad(
            format!(
                "holds no {}: it is not the output folder of a finished grassroot run or sweep",
                manifests.join(" or ")
            ),
            "name a folder written by `grassroot run`, `sweep` or `merge`; a run that was killed has no manifest, run it again",
        ));
    }
    present.into_iter().map(|name| verify_manifest(dir, name)).collect()
}

/// Checks the files that `dir/name` records.
pub fn verify_manifest(dir: &Path, name: &str) -> Result<Verified, ReportError> {
    let path = dir.join(name);
    let recorded = read_recorded(&path)?;
    let problems = check_files(dir, &recorded.files);
    Ok(Verified { manifest: path, files: recorded.files, problems })
}

/// Reads what a manifest records, refusing what cannot be trusted to describe its folder.
fn read_recorded(path: &Path) -> Result<Recorded, ReportError> {
    let bad =
        |message: String, fix: &str| ReportError::Manifest { path: path.to_owned(), message, fix: fix.to_owned() };
    let text = std::fs::read(path).map_err(|e| ReportError::io(path, "read", e))?;
    let not_a_manifest = |e: serde_json::Error| {
        bad(format!("not a grassroot manifest ({e})"), "name the output folder of a run or a sweep")
    };
    check_schema(path, schema_of(&text).map_err(not_a_manifest)?)?;
    let recorded: Recorded = serde_json::from_slice(&text).map_err(not_a_manifest)?;
    if recorded.program != "grassroot" {
        return Err(bad(format!("written by '{}', not grassroot", recorded.program), "name a grassroot output folder"));
    }
    if recorded.schema < MANIFEST_SCHEMA {
        return Err(bad(
            format!(
                "written by an older grassroot (manifest schema {}), which recorded no sizes or hashes",
                recorded.schema
            ),
            "run it again with this grassroot to get a verifiable folder",
        ));
    }
    if let Some(f) = recorded.files.iter().find(|f| !is_plain_name(&f.name)) {
        return Err(bad(
            format!("records a file '{}' outside its folder", f.name),
            "a manifest names only files beside it: this one was edited or is not grassroot's",
        ));
    }
    Ok(recorded)
}

/// A file name that stays inside its folder: not empty, no separator or NUL, not `.` or `..`.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, body: &str) -> std::io::Result<()> {
        std::fs::write(dir.join("run.json"), body)
    }

    #[test]
    fn a_folder_without_a_manifest_or_with_a_foreign_one_is_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let err = verify_folder(dir.path(), &["run.json", "sweep.json"]).expect_err("no manifest");
        assert!(err.to_string().contains("holds no run.json or sweep.json"), "{err}");
        manifest(dir.path(), "{\"program\": \"other\", \"files\": []}")?;
        let err = verify_folder(dir.path(), &["run.json"]).expect_err("foreign");
        assert!(err.to_string().contains("written by 'other'"), "{err}");
        manifest(dir.path(), "not json")?;
        let err = verify_folder(dir.path(), &["run.json"]).expect_err("not json");
        assert!(err.to_string().contains("not a grassroot manifest"), "{err}");
        Ok(())
    }

    #[test]
    fn newer_older_and_escaping_manifests_are_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        manifest(dir.path(), "{\"program\": \"grassroot\", \"schema\": 99, \"files\": []}")?;
        let err = verify_folder(dir.path(), &["run.json"]).expect_err("newer");
        assert!(err.to_string().contains("newer grassroot (manifest schema 99"), "{err}");
        manifest(dir.path(), "{\"program\": \"grassroot\", \"outputs\": [\"run.json\"]}")?;
        let err = verify_folder(dir.path(), &["run.json"]).expect_err("older");
        assert!(err.to_string().contains("older grassroot"), "{err}");
        let escaping = "{\"program\": \"grassroot\", \"schema\": 2, \"files\": [{\"name\": \"../x\", \"bytes\": 0, \"blake3\": \"\"}]}";
        manifest(dir.path(), escaping)?;
        let err = verify_folder(dir.path(), &["run.json"]).expect_err("escaping");
        assert!(err.to_string().contains("outside its folder"), "{err}");
        Ok(())
    }
}
