//! The shared configuration and credentials files (`~/.aws/config` and
//! `~/.aws/credentials`): where they are, how their text reads, and how the
//! two combine into one set of named profiles.
//!
//! The format is INI-like, with the AWS rules: the config file names its
//! sections `[default]`, `[profile NAME]` and `[sso-session NAME]`, the
//! credentials file `[NAME]`; a setting whose value is empty may be followed
//! by indented `name = value` sub-settings, any other by indented
//! continuation lines. Sections and settings with invalid names are skipped
//! (other tools write such files too); lines that cannot be read at all are
//! errors.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::env::Environment;

/// The profile used when `AWS_PROFILE` does not name one.
pub const DEFAULT_PROFILE: &str = "default";

/// What `Debug` prints instead of a secret.
const REDACTED: &str = "** redacted **";

/// Which of the two files a text comes from: they name sections differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile NAME]`, `[sso-session NAME]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// The profiles and SSO sessions of one or both files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    sso_sessions: BTreeMap<String, Profile>,
}

impl ProfileSet {
    /// Reads the text of one file; `path` only makes errors say where.
    pub fn parse(kind: FileKind, text: &str, path: Option<&Path>) -> Result<Self, ProfileError> {
        let mut parser = Parser::new(kind);
        // A byte order mark is not part of the first line's text.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, line) in text.lines().enumerate() {
            parser
                .line(line)
                .map_err(|kind| ProfileError::syntax(kind, path, index + 1))?;
        }
        Ok(parser.finish())
    }

    /// Reads both files' texts and merges the credentials file over the
    /// config file, as [`load`] does with the files themselves.
    pub fn from_texts(config: &str, credentials: &str) -> Result<Self, ProfileError> {
        let mut set = ProfileSet::parse(FileKind::Config, config, None)?;
        set.merge(ProfileSet::parse(FileKind::Credentials, credentials, None)?);
        Ok(set)
    }

    /// Adds `newer`'s profiles and sessions to these; a setting both have
    /// takes `newer`'s value (the credentials file wins over the config file).
    pub fn merge(&mut self, newer: ProfileSet) {
        merge_sections(&mut self.profiles, newer.profiles);
        merge_sections(&mut self.sso_sessions, newer.sso_sessions);
    }

    /// The profile of that name (names are case-sensitive).
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// Every profile, by name.
    pub fn profiles(&self) -> &BTreeMap<String, Profile> {
        &self.profiles
    }

    /// The `[sso-session NAME]` section of that name.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// Every `[sso-session NAME]` section, by name.
    pub fn sso_sessions(&self) -> &BTreeMap<String, Profile> {
        &self.sso_sessions
    }

    /// Whether there are neither profiles nor sessions.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty() && self.sso_sessions.is_empty()
    }
}

fn merge_sections(older: &mut BTreeMap<String, Profile>, newer: BTreeMap<String, Profile>) {
    for (name, profile) in newer {
        older
            .entry(name)
            .or_insert_with_key(|name| Profile::new(name))
            .properties
            .extend(profile.properties);
    }
}

/// One named section: a profile, or an SSO session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: BTreeMap<String, Property>,
}

impl Profile {
    fn new(name: &str) -> Self {
        Profile {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        }
    }

    /// The name in the section header, without `profile ` or `sso-session `.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A setting's value; setting names are case-insensitive.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).map(Property::value)
    }

    /// A setting with its sub-settings; setting names are case-insensitive.
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties.get(&key.to_ascii_lowercase())
    }

    /// Every setting, by its lowercase name.
    pub fn properties(&self) -> &BTreeMap<String, Property> {
        &self.properties
    }
}

/// One setting, `name = value`.
///
/// `Debug` redacts the values of settings whose names suggest a secret
/// (`aws_secret_access_key`, `aws_session_token`, anything with `secret`,
/// `token` or `password` in it).
#[derive(Clone, PartialEq, Eq)]
pub struct Property {
    name: String,
    value: String,
    sub_properties: BTreeMap<String, String>,
}

impl Property {
    fn new(name: String, value: &str) -> Self {
        Property {
            name,
            value: value.to_owned(),
            sub_properties: BTreeMap::new(),
        }
    }

    /// The setting's name, in lowercase.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value: continuation lines are joined with `\n`; for a setting
    /// with sub-settings, their lines as written, each after a `\n`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// A sub-setting's value (`s3 =` then `  max_concurrent_requests = 10`);
    /// names are case-insensitive.
    pub fn sub_property(&self, key: &str) -> Option<&str> {
        self.sub_properties
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Every sub-setting, by its lowercase name.
    pub fn sub_properties(&self) -> &BTreeMap<String, String> {
        &self.sub_properties
    }

    /// A nested block's value holds its sub-settings' text, secret or not,
    /// including lines whose names were invalid and so are not in the map.
    fn value_is_secret(&self) -> bool {
        is_secret(&self.name) || (self.value.starts_with('\n') && is_secret(&self.value))
    }
}

impl fmt::Debug for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hide_all = self.value_is_secret();
        let value: &dyn fmt::Debug = if hide_all { &REDACTED } else { &self.value };
        f.debug_struct("Property")
            .field("name", &self.name)
            .field("value", value)
            .field(
                "sub_properties",
                &RedactedMap {
                    map: &self.sub_properties,
                    hide_all,
                },
            )
            .finish()
    }
}

struct RedactedMap<'a> {
    map: &'a BTreeMap<String, String>,
    hide_all: bool,
}

impl fmt::Debug for RedactedMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in self.map {
            if self.hide_all || is_secret(key) {
                map.entry(key, &REDACTED);
            } else {
                map.entry(key, value);
            }
        }
        map.finish()
    }
}

/// Errs on the side of hiding: a redacted harmless value costs nothing, a
/// printed secret ends up in logs.
fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["secret", "token", "password"]
        .iter()
        .any(|word| name.contains(word))
}

/// A file that could not be read, or a line in it that could not be parsed.
#[derive(Debug)]
pub struct ProfileError {
    kind: ProfileErrorKind,
    path: Option<PathBuf>,
    line: Option<usize>,
    source: Option<io::Error>,
}

/// What is wrong with a profile file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileErrorKind {
    /// A setting or continuation line before the first section header.
    SettingOutsideSection,
    /// A line that starts with `[` but has no `]`.
    UnclosedSectionHeader,
    /// Something other than a comment after a section header's `]`.
    TextAfterSectionHeader,
    /// A setting line without `=`.
    MissingEquals,
    /// A setting line with nothing before `=`.
    MissingName,
    /// An indented line with no setting before it in its section.
    ContinuationWithoutSetting,
    /// An indented line under a setting with an empty value (so a
    /// sub-setting) without `=`.
    SubSettingMissingEquals,
    /// A sub-setting line with nothing before `=`.
    SubSettingMissingName,
    /// The file exists but could not be read.
    Unreadable,
}

impl ProfileErrorKind {
    fn describe(self) -> &'static str {
        match self {
            ProfileErrorKind::SettingOutsideSection => {
                "a setting before any section header: settings belong under a \
                 `[profile NAME]` (config file) or `[NAME]` (credentials file) line"
            }
            ProfileErrorKind::UnclosedSectionHeader => "the section header has no closing `]`",
            ProfileErrorKind::TextAfterSectionHeader => {
                "only a comment may follow the `]` of a section header"
            }
            ProfileErrorKind::MissingEquals => "a setting line needs `name = value`; it has no `=`",
            ProfileErrorKind::MissingName => "the setting has no name before its `=`",
            ProfileErrorKind::ContinuationWithoutSetting => {
                "an indented line continues a setting, but no setting comes before it \
                 in this section"
            }
            ProfileErrorKind::SubSettingMissingEquals => {
                "an indented line under a setting with an empty value is a sub-setting \
                 and needs `name = value`; it has no `=`"
            }
            ProfileErrorKind::SubSettingMissingName => "the sub-setting has no name before its `=`",
            ProfileErrorKind::Unreadable => "the file could not be read",
        }
    }
}

impl ProfileError {
    fn syntax(kind: ProfileErrorKind, path: Option<&Path>, line: usize) -> Self {
        ProfileError {
            kind,
            path: path.map(Path::to_path_buf),
            line: Some(line),
            source: None,
        }
    }

    fn unreadable(path: &Path, source: io::Error) -> Self {
        ProfileError {
            kind: ProfileErrorKind::Unreadable,
            path: Some(path.to_path_buf()),
            line: None,
            source: Some(source),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> ProfileErrorKind {
        self.kind
    }

    /// The file, when the text came from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The line, counted from 1; `None` when the file could not be read.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{}, line {line}: ", path.display())?,
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        f.write_str(self.kind.describe())?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for ProfileError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

/// Where a section header puts the settings under it.
#[derive(Clone, Debug)]
enum Section {
    Profile(String),
    /// `[default]` in the config file: used only when there is no
    /// `[profile default]`, which wins wherever it is.
    BareDefault,
    SsoSession(String),
    /// A section with an invalid name: its lines are still checked.
    Skipped,
}

/// The setting that indented lines extend.
#[derive(Clone, Debug)]
struct OpenSetting {
    /// `None` when the setting is skipped (invalid name or section).
    key: Option<String>,
    /// An empty value opens a block of sub-settings; any other value is
    /// continued by indented lines.
    nested: bool,
}

struct Parser {
    kind: FileKind,
    set: ProfileSet,
    bare_default: Option<Profile>,
    section: Option<Section>,
    open: Option<OpenSetting>,
}

impl Parser {
    fn new(kind: FileKind) -> Self {
        Parser {
            kind,
            set: ProfileSet::default(),
            bare_default: None,
            section: None,
            open: None,
        }
    }

    fn line(&mut self, line: &str) -> Result<(), ProfileErrorKind> {
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            Ok(())
        } else if line.starts_with([' ', '\t']) {
            self.continuation(trimmed)
        } else if trimmed.starts_with('[') {
            self.section_header(trimmed)
        } else {
            self.setting(trimmed)
        }
    }

    fn finish(mut self) -> ProfileSet {
        if let Some(bare) = self.bare_default {
            self.set
                .profiles
                .entry(DEFAULT_PROFILE.to_owned())
                .or_insert(bare);
        }
        self.set
    }

    fn section_header(&mut self, line: &str) -> Result<(), ProfileErrorKind> {
        let Some(close) = line.find(']') else {
            return Err(ProfileErrorKind::UnclosedSectionHeader);
        };
        let after = line[close + 1..].trim_ascii();
        if !after.is_empty() && !after.starts_with(['#', ';']) {
            return Err(ProfileErrorKind::TextAfterSectionHeader);
        }
        let section = self.classify(line[1..close].trim_ascii());
        match &section {
            Section::Profile(name) => {
                self.set
                    .profiles
                    .entry(name.clone())
                    .or_insert_with_key(|name| Profile::new(name));
            }
            Section::SsoSession(name) => {
                self.set
                    .sso_sessions
                    .entry(name.clone())
                    .or_insert_with_key(|name| Profile::new(name));
            }
            Section::BareDefault => {
                self.bare_default
                    .get_or_insert_with(|| Profile::new(DEFAULT_PROFILE));
            }
            Section::Skipped => {}
        }
        self.section = Some(section);
        self.open = None;
        Ok(())
    }

    fn classify(&self, header: &str) -> Section {
        let named = |name: &str, section: fn(String) -> Section| {
            if is_valid_name(name) {
                section(name.to_owned())
            } else {
                Section::Skipped
            }
        };
        match self.kind {
            FileKind::Credentials => named(header, Section::Profile),
            FileKind::Config if header == DEFAULT_PROFILE => Section::BareDefault,
            FileKind::Config => {
                if let Some(name) = after_keyword(header, "profile") {
                    named(name, Section::Profile)
                } else if let Some(name) = after_keyword(header, "sso-session") {
                    named(name, Section::SsoSession)
                } else {
                    // Other tools keep their own sections in this file.
                    Section::Skipped
                }
            }
        }
    }

    fn setting(&mut self, line: &str) -> Result<(), ProfileErrorKind> {
        if self.section.is_none() {
            return Err(ProfileErrorKind::SettingOutsideSection);
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(ProfileErrorKind::MissingEquals);
        };
        let name = name.trim_ascii();
        if name.is_empty() {
            return Err(ProfileErrorKind::MissingName);
        }
        let value = without_comment(value).trim_ascii();
        let key = Some(name.to_ascii_lowercase()).filter(|key| is_valid_name(key));
        if let (Some(key), Some(properties)) = (&key, self.section_properties()) {
            properties.insert(key.clone(), Property::new(key.clone(), value));
        }
        self.open = Some(OpenSetting {
            key,
            nested: value.is_empty(),
        });
        Ok(())
    }

    fn continuation(&mut self, line: &str) -> Result<(), ProfileErrorKind> {
        if self.section.is_none() {
            return Err(ProfileErrorKind::SettingOutsideSection);
        }
        let Some(open) = self.open.clone() else {
            return Err(ProfileErrorKind::ContinuationWithoutSetting);
        };
        let sub_setting = if open.nested {
            Some(sub_setting(line)?)
        } else {
            None
        };
        let Some(property) = open
            .key
            .and_then(|key| self.section_properties()?.get_mut(&key))
        else {
            return Ok(());
        };
        property.value.push('\n');
        property.value.push_str(line);
        if let Some((name, value)) = sub_setting.filter(|(name, _)| is_valid_name(name)) {
            property.sub_properties.insert(name, value.to_owned());
        }
        Ok(())
    }

    /// The settings of the current section; `None` for a skipped one.
    fn section_properties(&mut self) -> Option<&mut BTreeMap<String, Property>> {
        let profile = match self.section.as_ref()? {
            Section::Profile(name) => self.set.profiles.get_mut(name),
            Section::SsoSession(name) => self.set.sso_sessions.get_mut(name),
            Section::BareDefault => self.bare_default.as_mut(),
            Section::Skipped => None,
        };
        profile.map(|profile| &mut profile.properties)
    }
}

/// A sub-setting line's lowercase name and its value.
fn sub_setting(line: &str) -> Result<(String, &str), ProfileErrorKind> {
    let Some((name, value)) = line.split_once('=') else {
        return Err(ProfileErrorKind::SubSettingMissingEquals);
    };
    let name = name.trim_ascii();
    if name.is_empty() {
        return Err(ProfileErrorKind::SubSettingMissingName);
    }
    Ok((name.to_ascii_lowercase(), value.trim_ascii()))
}

/// `profile foo` -> `foo`: the keyword must be followed by whitespace, so
/// `[profilefoo]` is not the profile `foo`.
fn after_keyword<'a>(header: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = header.strip_prefix(keyword)?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_ascii())
}

/// A comment in a value starts at a `#` or `;` after whitespace, so that
/// values such as `a;b` or `pa#ss` stay whole.
fn without_comment(value: &str) -> &str {
    let mut previous = None;
    for (index, character) in value.char_indices() {
        if matches!(character, '#' | ';') && matches!(previous, Some(' ' | '\t')) {
            return &value[..index];
        }
        previous = Some(character);
    }
    value
}

/// Profile, session and setting names: ASCII letters, digits and
/// `- / . % @ _ : +`.
fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-/.%@_:+".contains(c))
}

/// Which files to read and which profile to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFiles {
    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    pub config: PathBuf,
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    pub credentials: PathBuf,
    /// `AWS_PROFILE`, else `default`.
    pub profile: String,
}

impl ProfileFiles {
    /// Decides from the environment; a leading `~` in a path is the home
    /// directory. Without a home directory the default paths keep their
    /// `~`, and [`ProfileFiles::load`] treats such a path as missing.
    pub fn locate(env: &Environment) -> Self {
        let home = home_dir(env);
        let path = |variable: &str, file: &str| match env.non_empty_var(variable) {
            Some(path) => expand_home(&path, home.as_deref()),
            None => home
                .as_deref()
                .unwrap_or_else(|| Path::new("~"))
                .join(".aws")
                .join(file),
        };
        ProfileFiles {
            config: path("AWS_CONFIG_FILE", "config"),
            credentials: path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            profile: env
                .non_empty_var("AWS_PROFILE")
                .unwrap_or_else(|| DEFAULT_PROFILE.to_owned()),
        }
    }

    /// Reads and merges the two files; a missing file has no profiles.
    pub fn load(&self, env: &Environment) -> Result<ProfileSet, ProfileError> {
        let mut set = read(env, FileKind::Config, &self.config)?;
        set.merge(read(env, FileKind::Credentials, &self.credentials)?);
        Ok(set)
    }
}

/// The profiles of the files the environment points to; see
/// [`ProfileFiles::locate`] for which, and for the selected profile's name.
pub fn load(env: &Environment) -> Result<ProfileSet, ProfileError> {
    ProfileFiles::locate(env).load(env)
}

fn read(env: &Environment, kind: FileKind, path: &Path) -> Result<ProfileSet, ProfileError> {
    if path.starts_with("~") {
        return Ok(ProfileSet::default());
    }
    match env.read_file(path) {
        Ok(Some(text)) => ProfileSet::parse(kind, &text, Some(path)),
        Ok(None) => Ok(ProfileSet::default()),
        Err(error) => Err(ProfileError::unreadable(path, error)),
    }
}

/// The home directory: `HOME`; on Windows, where it is often unset, also
/// `USERPROFILE`, then `HOMEDRIVE` with `HOMEPATH`.
pub fn home_dir(env: &Environment) -> Option<PathBuf> {
    if let Some(home) = env.non_empty_var("HOME") {
        return Some(PathBuf::from(home));
    }
    if !cfg!(windows) {
        return None;
    }
    if let Some(profile) = env.non_empty_var("USERPROFILE") {
        return Some(PathBuf::from(profile));
    }
    let drive = env.non_empty_var("HOMEDRIVE")?;
    let path = env.non_empty_var("HOMEPATH")?;
    Some(PathBuf::from(drive + &path))
}

/// `~` and `~/rest` name the home directory; `~user` is left alone (there
/// is no portable way to find another user's home).
fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    let Some(home) = home else {
        return PathBuf::from(path);
    };
    if path == "~" {
        return home.to_path_buf();
    }
    let rest = path
        .strip_prefix("~/")
        .or_else(|| path.strip_prefix("~\\").filter(|_| cfg!(windows)));
    match rest {
        Some(rest) => home.join(rest),
        None => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> ProfileSet {
        ProfileSet::parse(FileKind::Config, text, None).unwrap()
    }

    fn config_error(text: &str) -> ProfileError {
        ProfileSet::parse(
            FileKind::Config,
            text,
            Some(Path::new("/home/me/.aws/config")),
        )
        .unwrap_err()
    }

    #[test]
    fn reads_settings_of_profiles_and_sessions() {
        let set = config(
            "[default]\nregion = eu-west-1\n\n[profile dev]\nRole_Arn = arn:aws:iam::1:role/x\n\
             [sso-session corp]\nsso_region = us-east-1\n",
        );
        assert_eq!(
            set.profile("default").unwrap().get("region"),
            Some("eu-west-1")
        );
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.name(), "dev");
        assert_eq!(dev.get("ROLE_ARN"), Some("arn:aws:iam::1:role/x"));
        assert_eq!(dev.property("role_arn").unwrap().name(), "role_arn");
        assert_eq!(set.profile("Dev"), None, "profile names are case-sensitive");
        assert_eq!(
            set.sso_session("corp").unwrap().get("sso_region"),
            Some("us-east-1")
        );
        assert_eq!(set.profiles().len(), 2);
        assert_eq!(set.sso_sessions().len(), 1);
    }

    #[test]
    fn sub_settings_are_a_map_and_the_value_keeps_their_text() {
        let set = config(
            "[profile foo]\ns3 =\n  max_concurrent_requests = 10\n  Addressing_Style = path\n  \
             bad name = x\nregion = us-west-2\n",
        );
        let s3 = set.profile("foo").unwrap().property("s3").unwrap();
        assert_eq!(
            s3.value(),
            "\nmax_concurrent_requests = 10\nAddressing_Style = path\nbad name = x"
        );
        assert_eq!(s3.sub_property("max_concurrent_requests"), Some("10"));
        assert_eq!(s3.sub_property("addressing_style"), Some("path"));
        assert_eq!(s3.sub_properties().len(), 2);
        assert_eq!(set.profile("foo").unwrap().get("region"), Some("us-west-2"));
    }

    #[test]
    fn continuation_lines_join_with_newlines() {
        let set = config("[profile foo]\nname = a\n  b\n\n\tc # not a comment\n");
        assert_eq!(
            set.profile("foo").unwrap().get("name"),
            Some("a\nb\nc # not a comment")
        );
    }

    #[test]
    fn skipped_sections_still_have_their_lines_checked() {
        let set = config("[unprefixed]\nname = value\n  more\n[profile ok]\n");
        assert_eq!(set.profiles().keys().collect::<Vec<_>>(), ["ok"]);
        let error = config_error("[profile in valid]\n  orphan\n");
        assert_eq!(error.kind(), ProfileErrorKind::ContinuationWithoutSetting);
    }

    #[test]
    fn errors_say_which_file_and_line() {
        let error = config_error("# header\n[profile foo]\nregion = x\n\nkey : value\n");
        assert_eq!(error.kind(), ProfileErrorKind::MissingEquals);
        assert_eq!(error.line(), Some(5));
        assert_eq!(error.path(), Some(Path::new("/home/me/.aws/config")));
        let message = error.to_string();
        assert!(
            message.starts_with("/home/me/.aws/config, line 5: "),
            "{message}"
        );
        assert!(message.contains('='), "{message}");

        let error = ProfileSet::parse(FileKind::Config, "[profile foo", None).unwrap_err();
        assert_eq!(error.kind(), ProfileErrorKind::UnclosedSectionHeader);
        assert_eq!(
            error.to_string(),
            "line 1: the section header has no closing `]`"
        );
    }

    #[test]
    fn each_error_kind_has_its_line() {
        let cases = [
            ("name = value", ProfileErrorKind::SettingOutsideSection, 1),
            ("\n  continued", ProfileErrorKind::SettingOutsideSection, 2),
            (
                "[profile foo] junk",
                ProfileErrorKind::TextAfterSectionHeader,
                1,
            ),
            ("[profile foo]\n\n= value", ProfileErrorKind::MissingName, 3),
            (
                "[profile foo]\n  continued",
                ProfileErrorKind::ContinuationWithoutSetting,
                2,
            ),
            (
                "[profile foo]\ns3 =\n  x",
                ProfileErrorKind::SubSettingMissingEquals,
                3,
            ),
            (
                "[profile foo]\ns3 =\n  = 1",
                ProfileErrorKind::SubSettingMissingName,
                3,
            ),
        ];
        for (text, kind, line) in cases {
            let error = ProfileSet::parse(FileKind::Config, text, None).unwrap_err();
            assert_eq!((error.kind(), error.line()), (kind, Some(line)), "{text:?}");
        }
    }

    #[test]
    fn the_credentials_file_wins_over_the_config_file() {
        let set = ProfileSet::from_texts(
            "[profile foo]\nregion = a\nname = config\n",
            "[foo]\nname = credentials\n[bar]\nx = 1\n",
        )
        .unwrap();
        let foo = set.profile("foo").unwrap();
        assert_eq!(foo.get("region"), Some("a"));
        assert_eq!(foo.get("name"), Some("credentials"));
        assert_eq!(set.profile("bar").unwrap().get("x"), Some("1"));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_line() {
        let set = config("\u{feff}[profile foo]\nname = value\n");
        assert_eq!(set.profile("foo").unwrap().get("name"), Some("value"));
    }

    #[test]
    fn debug_redacts_secret_values() {
        let set = ProfileSet::from_texts(
            "[profile foo]\nregion = eu-west-1\nnested =\n  my_password = hunter2\n  \
             plain = visible-nested\ns3 =\n  addressing_style = path\n",
            "[foo]\naws_access_key_id = AKIDVISIBLE\naws_secret_access_key = very-secret\n\
             aws_session_token = session-secret\nMy_Token_File = token-path-secret\n",
        )
        .unwrap();
        let debug = format!("{set:?}");
        for secret in [
            "very-secret",
            "session-secret",
            "token-path-secret",
            "hunter2",
            "visible-nested",
        ] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        for shown in [
            "AKIDVISIBLE",
            "eu-west-1",
            "addressing_style = path",
            REDACTED,
        ] {
            assert!(debug.contains(shown), "{shown} not in {debug}");
        }
    }

    #[test]
    fn locates_the_files_and_the_profile() {
        let env = Environment::from_vars([
            ("HOME", "/home/me"),
            ("AWS_CONFIG_FILE", "~/elsewhere/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "~"),
            ("AWS_PROFILE", "dev"),
        ]);
        let files = ProfileFiles::locate(&env);
        assert_eq!(files.config, Path::new("/home/me/elsewhere/config"));
        assert_eq!(files.credentials, Path::new("/home/me"));
        assert_eq!(files.profile, "dev");

        let files = ProfileFiles::locate(&Environment::from_vars([
            ("HOME", "/root"),
            ("AWS_PROFILE", ""),
            ("AWS_CONFIG_FILE", "~other/config"),
        ]));
        assert_eq!(files.config, Path::new("~other/config"));
        assert_eq!(files.credentials, Path::new("/root/.aws/credentials"));
        assert_eq!(files.profile, DEFAULT_PROFILE);
    }

    #[test]
    fn loads_through_the_environment() {
        let env = Environment::from_vars([("HOME", "/home/me")])
            .with_file("/home/me/.aws/config", "[profile a]\nregion = x\n")
            .with_file("/home/me/.aws/credentials", "[a]\nregion = y\n[b]\n");
        let set = load(&env).unwrap();
        assert_eq!(set.profile("a").unwrap().get("region"), Some("y"));
        assert!(set.profile("b").is_some());

        let env = Environment::from_vars([("HOME", "/home/me")])
            .with_file("/home/me/.aws/credentials", "[a]\nkey value\n");
        let error = load(&env).unwrap_err();
        assert_eq!(error.path(), Some(Path::new("/home/me/.aws/credentials")));
        assert_eq!(error.line(), Some(2));
    }

    #[test]
    fn missing_files_and_an_unknown_home_give_no_profiles() {
        assert!(
            load(&Environment::from_vars([("HOME", "/nowhere")]))
                .unwrap()
                .is_empty()
        );
        let no_home = Environment::from_vars(Vec::<(String, String)>::new())
            .with_file("~/.aws/config", "[profile a]\n");
        let files = ProfileFiles::locate(&no_home);
        if !cfg!(windows) {
            assert_eq!(files.config, Path::new("~/.aws/config"));
        }
        assert!(files.load(&no_home).unwrap().is_empty());
    }
}
