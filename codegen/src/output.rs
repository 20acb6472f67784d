//! The generated tree on disk: writing it, and telling how it differs from
//! what the generator would write now (for `--check` and the freshness test).

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// How one file on disk differs from the generator's output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stale {
    /// The generator writes it; it is not on disk.
    Missing(PathBuf),
    /// On disk with other contents.
    Changed(PathBuf),
    /// On disk, but the generator no longer writes it.
    Extra(PathBuf),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(path) => write!(f, "missing: {}", path.display()),
            Stale::Changed(path) => write!(f, "changed: {}", path.display()),
            Stale::Extra(path) => write!(f, "not generated: {}", path.display()),
        }
    }
}

/// Compares `files` with the tree under `root`. Files under `target/` (a build
/// directory) are not part of the tree.
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    let expected: BTreeSet<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    for file in files {
        match std::fs::read_to_string(root.join(&file.path)) {
            Ok(contents) if contents == file.contents => {}
            Ok(_) => stale.push(Stale::Changed(file.path.clone())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                stale.push(Stale::Missing(file.path.clone()))
            }
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                stale.push(Stale::Changed(file.path.clone()))
            }
            Err(error) => return Err(error),
        }
    }
    for path in existing_files(root)? {
        if !expected.contains(path.as_path()) {
            stale.push(Stale::Extra(path));
        }
    }
    stale.sort();
    Ok(stale)
}

/// Writes `files` under `root`, removing files the generator no longer writes,
/// and leaving unchanged files untouched (so their timestamps stay).
pub fn write_tree(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Stale>> {
    let stale = stale_files(root, files)?;
    for change in &stale {
        match change {
            Stale::Missing(path) | Stale::Changed(path) => {
                let target = root.join(path);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let contents = files
                    .iter()
                    .find(|file| &file.path == path)
                    .map(|file| file.contents.as_str())
                    .unwrap_or_default();
                std::fs::write(target, contents)?;
            }
            Stale::Extra(path) => std::fs::remove_file(root.join(path))?,
        }
    }
    Ok(stale)
}

/// Relative paths of every file under `root`, skipping `target/`.
fn existing_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = match std::fs::read_dir(root.join(&relative)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                if path != Path::new("target") {
                    pending.push(path);
                }
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
