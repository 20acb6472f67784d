//! Where configuration comes from: environment variables and files, read
//! through one value so that tests can give both without touching the process.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Environment variables and the file system, as configuration sees them:
/// the process's own, or fixed ones (tests, or a user who wants
/// configuration from nowhere but code).
///
/// `Debug` names the variables and files, never their values: they hold
/// secrets (`AWS_SECRET_ACCESS_KEY`, `~/.aws/credentials`).
#[derive(Clone, Default)]
pub struct Environment {
    /// `None`: the process environment and the real file system.
    fixed: Option<Fixed>,
}

impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.fixed {
            None => f.write_str("Environment(process)"),
            Some(fixed) => f
                .debug_struct("Environment")
                .field("vars", &fixed.vars.keys().collect::<Vec<_>>())
                .field("files", &fixed.files.keys().collect::<Vec<_>>())
                .finish(),
        }
    }
}

#[derive(Clone, Default)]
struct Fixed {
    vars: BTreeMap<String, String>,
    files: BTreeMap<PathBuf, String>,
}

impl Environment {
    /// The process environment and the real file system.
    pub fn process() -> Self {
        Environment { fixed: None }
    }

    /// Only these variables and no files at all.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Environment {
            fixed: Some(Fixed {
                vars: vars
                    .into_iter()
                    .map(|(name, value)| (name.into(), value.into()))
                    .collect(),
                files: BTreeMap::new(),
            }),
        }
    }

    /// Adds a file to a fixed environment (no effect on the process one).
    pub fn with_file(mut self, path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        if let Some(fixed) = &mut self.fixed {
            fixed.files.insert(path.into(), contents.into());
        }
        self
    }

    /// The variable's value; `None` when unset or not Unicode.
    pub fn var(&self, name: &str) -> Option<String> {
        match &self.fixed {
            None => std::env::var(name).ok(),
            Some(fixed) => fixed.vars.get(name).cloned(),
        }
    }

    /// The variable's value when it is set and not empty.
    pub fn non_empty_var(&self, name: &str) -> Option<String> {
        self.var(name).filter(|value| !value.is_empty())
    }

    /// A file's text; `Ok(None)` when there is no such file.
    pub fn read_file(&self, path: &Path) -> io::Result<Option<String>> {
        match &self.fixed {
            None => match std::fs::read_to_string(path) {
                Ok(text) => Ok(Some(text)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(error) => Err(error),
            },
            Some(fixed) => Ok(fixed.files.get(path).cloned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_environment_sees_only_what_it_was_given() {
        let env = Environment::from_vars([("AWS_REGION", "eu-west-1"), ("EMPTY", "")])
            .with_file("/home/me/.aws/config", "[default]\n");
        assert_eq!(env.var("AWS_REGION").as_deref(), Some("eu-west-1"));
        assert_eq!(env.var("EMPTY").as_deref(), Some(""));
        assert_eq!(env.non_empty_var("EMPTY"), None);
        assert_eq!(env.var("PATH"), None);
        assert_eq!(
            env.read_file(Path::new("/home/me/.aws/config"))
                .unwrap()
                .as_deref(),
            Some("[default]\n")
        );
        assert_eq!(env.read_file(Path::new("/etc/passwd")).unwrap(), None);
        let debug = format!("{env:?}");
        assert!(
            debug.contains("AWS_REGION") && !debug.contains("eu-west-1"),
            "{debug}"
        );
        assert!(
            debug.contains("/home/me/.aws/config") && !debug.contains("[default]"),
            "{debug}"
        );
    }
}
