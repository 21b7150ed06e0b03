//! The one publishing routine of every output set (a run's, a sweep's or shard's, a merge's):
//! [`OutputFolder::publish`] puts staged files in place beside the manifest that records them,
//! whole or not at all, and removes only what an earlier grassroot process wrote there.
//!
//! The order, and why:
//! 1. Everything is already staged — every table, the figure (drawn from the staged tables) —
//!    and the manifest is staged now, from their sizes and hashes. Any error up to here (a
//!    full disk, a figure that cannot be drawn) leaves the folder as it was.
//! 2. The folder is looked at again: a file under one of the set's names that the earlier
//!    manifest does not record is not grassroot's, and the publication is refused
//!    ([`ReportError::ForeignFiles`], nothing touched).
//! 3. A *publishing record* (`.<manifest>.publishing`) is put in place, naming every file of
//!    the earlier set and of the new one: if the process is killed from here on, the next one
//!    still knows which files there are grassroot's.
//! 4. The earlier manifest is removed, so the folder never shows a manifest beside files it
//!    does not describe; each staged file replaces its earlier namesake; the earlier set's
//!    files that this set does not write are removed — only those.
//! 5. The new manifest is renamed into place, and the record removed.
//!
//! Every step goes through the folder's handle ([`crate::dir::Dir`]): a folder renamed while
//! its run went on receives that run's outputs, and the folder now at the old path is not
//! touched.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::atomic::Staged;
use crate::digest::FileDigest;
use crate::dir::{Dir, Entry};
use crate::error::ReportError;
use crate::folder::OutputFolder;
use crate::manifest::MANIFEST_SCHEMA;
use crate::verify::Recorded;

/// What a publication put in place.
#[derive(Clone, Debug)]
pub struct Published {
    /// The size and hash of each file, in the order given (the manifest not among them).
    pub files: Vec<FileDigest>,
    /// The full path of each file, the manifest last.
    pub paths: Vec<PathBuf>,
}

/// The name of the publishing record of the manifest `manifest`.
pub fn record_name(manifest: &str) -> String {
    format!(".{manifest}.publishing")
}

/// The publishing record: the names of the files an unfinished publication may have left.
#[derive(Serialize, Deserialize)]
struct Record {
    program: String,
    files: Vec<String>,
}

/// What an earlier grassroot process left in a folder under a set's names.
#[derive(Debug, Default)]
pub(crate) struct Earlier {
    /// Names its manifest (or an unfinished publication's record) says it wrote.
    owned: BTreeSet<String>,
    /// Files under the set's names that no manifest or record accounts for.
    foreign: Vec<String>,
}

impl Earlier {
    /// Reads what the folder's manifest of `outputs` (the manifest last) and its publishing
    /// record say, and which files under `outputs`' names neither accounts for.
    pub(crate) fn read(dir: &Dir, outputs: &[String]) -> Result<Earlier, ReportError> {
        let mut earlier = Earlier::default();
        let Some(manifest) = outputs.last() else { return Ok(earlier) };
        let record = record_name(manifest);
        for name in [manifest.as_str(), record.as_str()] {
            match dir.entry(name)? {
                None => {}
                Some(Entry::Other) => earlier.foreign.push(name.to_owned()),
                Some(Entry::File) => match read_owned(dir, name, outputs)? {
                    Some(names) => {
                        earlier.owned.extend(names);
                        earlier.owned.insert(name.to_owned());
                    }
                    None => earlier.foreign.push(name.to_owned()),
                },
            }
        }
        for (name, entry) in dir.entries()? {
            let output = outputs[..outputs.len() - 1].contains(&name);
            if output && (entry == Entry::Other || !earlier.owned.contains(&name)) {
                earlier.foreign.push(name);
            }
        }
        earlier.foreign.sort();
        Ok(earlier)
    }

    /// [`ReportError::ForeignFiles`] when files under the set's names are not grassroot's.
    pub(crate) fn refuse_foreign(&self, dir: &Dir) -> Result<(), ReportError> {
        if self.foreign.is_empty() {
            return Ok(());
        }
        Err(ReportError::ForeignFiles { dir: dir.path().to_owned(), files: self.foreign.clone() })
    }
}

/// The output names that the manifest or record `name` says grassroot wrote; `None` when it
/// is not grassroot's. A manifest of a grassroot older than the `files` field owns every name.
fn read_owned(dir: &Dir, name: &str, outputs: &[String]) -> Result<Option<Vec<String>>, ReportError> {
    let Some(mut file) = dir.open_read(name)? else { return Ok(Some(Vec::new())) };
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut text).map_err(|e| ReportError::io(&dir.join(name), "read", e))?;
    let names: Vec<String> = if name.starts_with('.') {
        match serde_json::from_slice::<Record>(&text) {
            Ok(r) if r.program == "grassroot" => r.files,
            _ => return Ok(None),
        }
    } else {
        match serde_json::from_slice::<Recorded>(&text) {
            Ok(r) if r.program != "grassroot" => return Ok(None),
            Ok(r) if r.schema < MANIFEST_SCHEMA => outputs.to_vec(),
            Ok(r) => r.files.into_iter().map(|f| f.name).collect(),
            Err(_) => return Ok(None),
        }
    };
    Ok(Some(names.into_iter().filter(|n| outputs.contains(n)).collect()))
}

impl OutputFolder {
    /// Publishes `files` (staged in this folder: [`OutputFolder::create`]) with the manifest
    /// that `manifest` makes from their sizes and hashes, in the order the module
    /// documentation gives, and releases the folder. Returns what was put in place.
    ///
    /// On an error before the first rename (a full disk staging the manifest, a file that is
    /// not grassroot's under one of the set's names), nothing in the folder has changed, and
    /// the staged files are removed.
    pub fn publish(
        self,
        files: Vec<Staged>,
        manifest: impl FnOnce(&[FileDigest]) -> Result<Vec<u8>, ReportError>,
    ) -> Result<Published, ReportError> {
        let dir = &self.dir;
        let Some(manifest_name) = self.outputs.last() else {
            return Err(ReportError::io(dir.path(), "publish into", std::io::Error::other("no manifest named")));
        };
        let digests: Vec<FileDigest> = files.iter().map(|f| f.digest().clone()).collect();
        let manifest_file = Staged::write_in(dir, manifest_name, &manifest(&digests)?)?;
        let earlier = Earlier::read(dir, &self.outputs)?;
        earlier.refuse_foreign(dir)?;

        let new: BTreeSet<String> = files.iter().map(|f| f.name().to_owned()).collect();
        let record = record_name(manifest_name);
        let listed = Record { program: "grassroot".to_owned(), files: earlier.owned.union(&new).cloned().collect() };
        let listed = serde_json::to_vec(&listed).map_err(|e| ReportError::io(&dir.join(&record), "write", e.into()))?;
        Staged::write_in(dir, &record, &listed)?.persist()?;

        dir.remove(manifest_name, "remove the earlier manifest")?;
        let mut paths: Vec<PathBuf> = files.iter().map(|f| f.dest().to_owned()).collect();
        for file in files {
            file.replace()?;
        }
        for stale in earlier.owned.iter().filter(|n| !new.contains(*n) && *n != manifest_name && **n != record) {
            dir.remove(stale, "remove the earlier output")?;
        }
        paths.push(manifest_file.dest().to_owned());
        manifest_file.persist()?;
        dir.remove(&record, "remove the publishing record")?;
        if !dir.is_at(dir.path()) {
            tracing::warn!(
                folder = %dir.path().display(),
                "the output folder was moved or replaced while this process wrote it: its outputs are in the folder it \
                 locked, wherever that is now, not at this path"
            );
        }
        Ok(Published { files: digests, paths })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::atomic::Writing;

    const SET: [&str; 3] = ["a.csv", "b.csv", "set.json"];

    fn tempdir() -> Result<tempfile::TempDir, ReportError> {
        tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Publishes `files` (name, text) as the set `SET` in `dir`.
    fn publish(dir: &Path, files: &[(&str, &str)]) -> Result<Published, ReportError> {
        let folder = OutputFolder::claim(dir, &SET)?;
        let mut staged = Vec::new();
        for (name, bytes) in files {
            let mut f = folder.create(name, Writing::Buffered)?;
            f.write_all(bytes.as_bytes())?;
            staged.push(f.stage()?);
        }
        folder.publish(staged, |digests| {
            let json = serde_json::json!({"program": "grassroot", "schema": MANIFEST_SCHEMA, "files": digests});
            Ok(json.to_string().into_bytes())
        })
    }

    #[test]
    fn a_publication_replaces_the_earlier_set_and_removes_only_what_it_recorded() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let dir = tmp.path();
        publish(dir, &[("a.csv", "1"), ("b.csv", "2")])?;
        std::fs::write(dir.join("notes.txt"), b"mine").map_err(|e| ReportError::io(dir, "write", e))?;
        let published = publish(dir, &[("a.csv", "3")])?;
        assert_eq!(names(dir), [".grassroot.lock", "a.csv", "notes.txt", "set.json"]);
        assert_eq!(published.paths, [dir.join("a.csv"), dir.join("set.json")]);
        assert!(crate::check_files(dir, &published.files).is_empty());
        Ok(())
    }

    #[test]
    fn a_file_under_an_output_name_that_no_manifest_records_is_refused_untouched() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let dir = tmp.path();
        std::fs::write(dir.join("b.csv"), b"the user's").map_err(|e| ReportError::io(dir, "write", e))?;
        let err = publish(dir, &[("a.csv", "1")]).expect_err("b.csv is not grassroot's");
        assert!(matches!(&err, ReportError::ForeignFiles { files, .. } if files == &["b.csv"]), "{err:?}");
        assert!(err.is_bad_input() && err.to_string().contains("b.csv"), "{err}");
        assert_eq!(names(dir), ["b.csv"], "refused before even the lock file was made");
        // A manifest that is not grassroot's is not trusted to say what is.
        std::fs::write(dir.join("set.json"), b"{\"program\": \"other\", \"files\": []}")
            .map_err(|e| ReportError::io(dir, "write", e))?;
        let err = publish(dir, &[("a.csv", "1")]).expect_err("foreign");
        assert!(matches!(&err, ReportError::ForeignFiles { files, .. } if files == &["b.csv", "set.json"]), "{err:?}");
        Ok(())
    }

    #[test]
    fn the_record_of_a_publication_cut_short_lets_the_next_one_finish_it() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let dir = tmp.path();
        // What a process killed after removing the earlier manifest leaves: outputs, no
        // manifest, and the record naming them.
        std::fs::write(dir.join("a.csv"), b"1").map_err(|e| ReportError::io(dir, "write", e))?;
        std::fs::write(dir.join("b.csv"), b"2").map_err(|e| ReportError::io(dir, "write", e))?;
        let record = b"{\"program\": \"grassroot\", \"files\": [\"a.csv\", \"b.csv\"]}";
        std::fs::write(dir.join(".set.json.publishing"), record).map_err(|e| ReportError::io(dir, "write", e))?;
        publish(dir, &[("a.csv", "3")])?;
        assert_eq!(names(dir), [".grassroot.lock", "a.csv", "set.json"]);
        Ok(())
    }

    #[test]
    fn a_manifest_that_cannot_be_made_leaves_the_earlier_set_as_it_was() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let dir = tmp.path();
        publish(dir, &[("a.csv", "1"), ("b.csv", "2")])?;
        let before: Vec<(String, Vec<u8>)> =
            names(dir).into_iter().map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap_or_default())).collect();
        let folder = OutputFolder::claim(dir, &SET)?;
        let mut f = folder.create("a.csv", Writing::Buffered)?;
        f.write_all(b"new")?;
        let staged = vec![f.stage()?];
        let err = folder.publish(staged, |_| Err(ReportError::Plot("no room for the figure".to_owned())));
        assert!(err.is_err());
        let after: Vec<(String, Vec<u8>)> =
            names(dir).into_iter().map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap_or_default())).collect();
        assert_eq!(after, before);
        Ok(())
    }
}
