//! The generated tree on disk: writing it, and telling how it differs from
//! what the generator would write now (for `--check` and the freshness test).
//!
//! The generator owns only the files it wrote, which it recognises by their
//! first line ([`is_generated`]). Everything else under the output directory
//! belongs to the user: it is never overwritten or removed, whatever the
//! options, and `.git/` and `target/` are not even read.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::{GeneratedFile, is_generated};

/// How one file on disk differs from the generator's output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stale {
    /// The generator writes it; it is not on disk.
    Missing(PathBuf),
    /// On disk, written by the generator, with other contents.
    Changed(PathBuf),
    /// On disk, written by the generator, which no longer writes it.
    Extra(PathBuf),
    /// The generator writes this path, but the file there is not one it wrote
    /// (it lacks the generated-file header), so it will not replace it.
    NotGenerated(PathBuf),
}

impl Stale {
    pub fn path(&self) -> &Path {
        match self {
            Stale::Missing(path)
            | Stale::Changed(path)
            | Stale::Extra(path)
            | Stale::NotGenerated(path) => path,
        }
    }
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(path) => write!(f, "missing: {}", path.display()),
            Stale::Changed(path) => write!(f, "changed: {}", path.display()),
            Stale::Extra(path) => write!(f, "no longer generated: {}", path.display()),
            Stale::NotGenerated(path) => write!(
                f,
                "in the way: {} (not written by the generator)",
                path.display()
            ),
        }
    }
}

/// The output directory compared with what the generator would write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// The generated files that differ, sorted by path.
    pub stale: Vec<Stale>,
    /// Files the generator did not write, at paths it does not write: left
    /// alone, sorted.
    pub foreign: Vec<PathBuf>,
}

/// What writing may do beyond a new, an empty or an earlier generated directory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Also write into a non-empty directory that holds no generated
    /// `Cargo.toml`. Files the generator did not write are still never
    /// replaced or removed.
    pub force: bool,
}

/// Why the tree could not be read or written.
#[derive(Debug)]
pub enum OutputError {
    /// A file system operation failed on `path`.
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// `root` exists, is not empty, and is not a crate the generator wrote.
    NotAGeneratedCrate { root: PathBuf },
    /// Files the generator did not write sit where it would write.
    InTheWay { root: PathBuf, paths: Vec<PathBuf> },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} `{}`: {source}", path.display()),
            OutputError::NotAGeneratedCrate { root } => write!(
                f,
                "`{}` is not empty and holds no generated Cargo.toml, so it is not a crate \
                 this generator wrote; choose a new or empty directory, or pass `--force` to \
                 write into it anyway (files the generator did not write are never replaced \
                 or removed)",
                root.display()
            ),
            OutputError::InTheWay { root, paths } => {
                write!(
                    f,
                    "files the generator did not write are in the way in `{}`; move them or \
                     choose another directory:",
                    root.display()
                )?;
                for path in paths {
                    write!(f, "\n  {}", path.display())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Directories never read or written: version control anywhere, and the
/// build directory at the root.
fn is_skipped_dir(relative: &Path) -> bool {
    relative.file_name() == Some(".git".as_ref()) || relative == Path::new("target")
}

/// Compares `files` with the tree under `root`.
pub fn survey(root: &Path, files: &[GeneratedFile]) -> Result<Survey, OutputError> {
    let expected: BTreeSet<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    let mut survey = Survey::default();
    // Thousands of small reads, and comparisons as long as the crate: on
    // every core, like the formatting that made the files.
    let states = crate::parallel::map(files, |file| {
        Ok(match read_existing(&root.join(&file.path))? {
            Existing::Absent => Some(Stale::Missing(file.path.clone())),
            Existing::Generated(contents) if contents == file.contents.as_bytes() => None,
            Existing::Generated(_) => Some(Stale::Changed(file.path.clone())),
            Existing::Foreign => Some(Stale::NotGenerated(file.path.clone())),
        })
    });
    for state in states {
        survey.stale.extend(state?);
    }
    for path in existing_files(root)? {
        if expected.contains(path.as_path()) {
            continue;
        }
        match read_existing(&root.join(&path))? {
            Existing::Generated(_) => survey.stale.push(Stale::Extra(path)),
            Existing::Foreign | Existing::Absent => survey.foreign.push(path),
        }
    }
    survey.stale.sort();
    survey.foreign.sort();
    Ok(survey)
}

/// The generated files under `root` that differ from `files` (files the
/// generator did not write are not its business, unless they are in its way).
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> Result<Vec<Stale>, OutputError> {
    Ok(survey(root, files)?.stale)
}

/// Writes `files` under `root`: new and changed files are written, generated
/// files no longer produced are removed, unchanged files are left untouched
/// (so their timestamps stay) and so is every file the generator did not
/// write. Returns what changed and the files left alone.
pub fn write_tree(
    root: &Path,
    files: &[GeneratedFile],
    options: WriteOptions,
) -> Result<Survey, OutputError> {
    if !options.force && !is_empty_or_generated(root)? {
        return Err(OutputError::NotAGeneratedCrate {
            root: root.to_path_buf(),
        });
    }
    let survey = survey(root, files)?;
    let in_the_way: Vec<PathBuf> = survey
        .stale
        .iter()
        .filter(|change| matches!(change, Stale::NotGenerated(_)))
        .map(|change| change.path().to_path_buf())
        .collect();
    if !in_the_way.is_empty() {
        return Err(OutputError::InTheWay {
            root: root.to_path_buf(),
            paths: in_the_way,
        });
    }
    let contents_by_path: BTreeMap<&Path, &str> = files
        .iter()
        .map(|file| (file.path.as_path(), file.contents.as_str()))
        .collect();
    for change in &survey.stale {
        let target = root.join(change.path());
        match change {
            Stale::Missing(path) | Stale::Changed(path) => {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(io_error("create", parent))?;
                }
                let contents = contents_by_path
                    .get(path.as_path())
                    .copied()
                    .unwrap_or_default();
                std::fs::write(&target, contents).map_err(io_error("write", &target))?;
            }
            Stale::Extra(_) => {
                std::fs::remove_file(&target).map_err(io_error("remove", &target))?
            }
            Stale::NotGenerated(_) => {}
        }
    }
    Ok(survey)
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io {
        action,
        path,
        source,
    }
}

/// Whether `root` is absent, empty, or holds a generated `Cargo.toml`.
fn is_empty_or_generated(root: &Path) -> Result<bool, OutputError> {
    let mut entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(source) => {
            return Err(OutputError::Io {
                action: "read the directory",
                path: root.to_path_buf(),
                source,
            });
        }
    };
    if entries.next().is_none() {
        return Ok(true);
    }
    Ok(matches!(
        read_existing(&root.join("Cargo.toml"))?,
        Existing::Generated(_)
    ))
}

/// What is at a path the generator may write.
enum Existing {
    Absent,
    /// A regular file that starts with the generated-file header.
    Generated(Vec<u8>),
    /// Anything else: the user's.
    Foreign,
}

fn read_existing(path: &Path) -> Result<Existing, OutputError> {
    // A symbolic link may point outside the tree: never the generator's.
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if !metadata.is_file() => return Ok(Existing::Foreign),
        Ok(_) => {}
        Err(error) if is_absent(&error) => return Ok(Existing::Absent),
        Err(source) => {
            return Err(OutputError::Io {
                action: "read",
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let contents = std::fs::read(path).map_err(io_error("read", path))?;
    Ok(if is_generated(&contents) {
        Existing::Generated(contents)
    } else {
        Existing::Foreign
    })
}

/// `NotFound`, or a path component that is a file (`src/lib.rs/x`).
fn is_absent(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Relative paths of every file under `root`, outside the skipped directories
/// and without following symbolic links.
fn existing_files(root: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let directory = root.join(&relative);
        let entries = match std::fs::read_dir(&directory) {
            Ok(entries) => entries,
            Err(error) if is_absent(&error) => continue,
            Err(source) => {
                return Err(OutputError::Io {
                    action: "read the directory",
                    path: directory,
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(io_error("read the directory", &directory))?;
            let path = relative.join(entry.file_name());
            let file_type = entry
                .file_type()
                .map_err(io_error("read", &root.join(&path)))?;
            if file_type.is_dir() {
                if !is_skipped_dir(&path) {
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
