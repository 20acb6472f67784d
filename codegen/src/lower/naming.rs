//! Every Rust name the generator chooses comes from here: type, field, variant
//! and module names, keyword escaping, and de-duplication.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that become raw identifiers (`type` -> `r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a `_` suffix instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A name as Rust code spells it: `r#type`, `self_`, `_1st`.
pub fn escape_identifier(name: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&name) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// A type or variant name (already UpperCamelCase) as Rust code spells it.
/// `Self`, the one such keyword, becomes `SelfValue` as in the AWS SDKs:
/// `Self_` would make derived names such as `Self_Builder` non-camel-case.
pub fn escape_type_name(name: &str) -> String {
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        escape_identifier(name)
    }
}

/// Names of Rust's prelude that generated code writes unqualified
/// (`Option<String>`, `Ok(..)`, `impl Default`, `#[derive(Clone)]`): a type of
/// the model with one of these names would shadow it in its own module.
const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The name of a generated type (a shape's type, an operation's marker),
/// already UpperCamelCase: escaped as [`escape_type_name`] does, and a name
/// of the prelude gets a `Value` suffix as `Self` does (`Option` ->
/// `OptionValue`), so that generated code can write `Option` and mean std's.
pub fn item_type_name(name: &str) -> String {
    if PRELUDE_NAMES.contains(&name) {
        format!("{name}Value")
    } else {
        escape_type_name(name)
    }
}

/// A name usable as a module and file name (no raw identifiers there).
pub fn escape_module_name(name: &str) -> String {
    if RAW_KEYWORDS.contains(&name) || NON_RAW_KEYWORDS.contains(&name) {
        format!("{name}_")
    } else {
        escape_identifier(name)
    }
}

/// `IPv6Address` and `Ipv6Address` name the same thing; heck would split the
/// first into `i_pv6`, so `IPv4`/`IPv6` are read as one word.
fn normalize_words(name: &str) -> String {
    name.replace("IPv4", "Ipv4").replace("IPv6", "Ipv6")
}

/// `snake_case`, unescaped.
pub fn snake_case(name: &str) -> String {
    normalize_words(name).to_snake_case()
}

/// `UpperCamelCase`, unescaped.
pub fn upper_camel_case(name: &str) -> String {
    normalize_words(name).to_upper_camel_case()
}

/// Free text (a test case's description) as a `snake_case` name of ASCII
/// letters, digits and `_`, unescaped; empty when nothing is left.
pub fn identifier_words(text: &str) -> String {
    let ascii: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    snake_case(&ascii)
}

/// The error enum of an operation whose marker type is `type_name`.
pub fn error_type_name(type_name: &str) -> String {
    format!("{}Error", type_name.trim_start_matches("r#"))
}

/// Cargo's rule for package names: ASCII letters, digits, `-` and `_`, not
/// starting with a digit. The error says so in words for the user.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let valid = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid Cargo package name (ASCII letters, digits, `-` and `_`, \
             starting with a letter or `_`)"
        ))
    }
}

/// The methods the runtime's `Client` has of its own, which an operation's
/// method (named after its module) must not take.
pub const CLIENT_METHODS: &[&str] = &[
    "clone",
    "config",
    "endpoint_url",
    "eq",
    "fmt",
    "for_service",
    "from_env",
    "new",
    "resolve_endpoint",
    "retry_quota",
    "send",
    "send_async",
    "signed_request",
];

/// How Rust code names a crate with this Cargo package name.
pub fn crate_name(package_name: &str) -> String {
    escape_identifier(&package_name.replace('-', "_"))
}

/// The names a structure member gives its field and builder methods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldAccessors {
    /// The field, and the builder's setter (unescaped).
    pub field: String,
    pub set_method: String,
}

/// Claims the field of the member `member_name` with its `set_` builder
/// method; both must be free in `scope`. Only lists and maps get a `set_`,
/// but every member claims one, so that no name depends on a member's type.
pub fn claim_field_accessors(scope: &mut NameScope, member_name: &str) -> FieldAccessors {
    let field = scope.claim_with(&snake_case(member_name), "_value", |base| {
        vec![base.to_owned(), format!("set_{base}")]
    });
    FieldAccessors {
        set_method: format!("set_{field}"),
        field,
    }
}

/// The `#[serde(rename)]` a field needs for serde, told `rename_all =
/// "PascalCase"`, to use `member_name`: `None` when serde's conversion of
/// the field name (each `_` dropped and the letter after it, and the first,
/// made upper case) gives it already.
pub fn serde_field_rename(field: &str, member_name: &str) -> Option<String> {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for c in field.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(c);
        }
    }
    (pascal != member_name).then(|| member_name.to_owned())
}

/// Hands out names unique within one scope: a clash gets `_value`, then a
/// number, appended (`build` -> `build_value`, `foo` -> `foo_2`).
#[derive(Debug, Default)]
pub struct NameScope {
    taken: BTreeSet<String>,
}

impl NameScope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Takes `wanted`, or the first free variant of it.
    pub fn claim(&mut self, wanted: &str, suffix: &str) -> String {
        self.claim_with(wanted, suffix, |name| vec![name.to_owned()])
    }

    /// Takes a base name together with the names derived from it (a field and
    /// its `set_`/`get_` methods): all of them must be free.
    pub fn claim_with(
        &mut self,
        wanted: &str,
        suffix: &str,
        derived: impl Fn(&str) -> Vec<String>,
    ) -> String {
        let candidates = std::iter::once(wanted.to_owned())
            .chain(std::iter::once(format!("{wanted}{suffix}")))
            .chain((2..).map(|n| format!("{wanted}{suffix}{n}")));
        for candidate in candidates {
            let names = derived(&candidate);
            if names.iter().all(|name| !self.taken.contains(name)) {
                self.taken.extend(names);
                return candidate;
            }
        }
        unreachable!("the candidate names are unbounded")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_keyword_class() {
        let table = [
            ("type", "r#type"),
            ("match", "r#match"),
            ("async", "r#async"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("Self", "Self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("_", "__"),
            ("1st", "_1st"),
            ("", "_"),
            ("dry_run", "dry_run"),
            ("Option", "Option"),
        ];
        for (name, expected) in table {
            assert_eq!(escape_identifier(name), expected, "{name}");
        }
        assert_eq!(escape_type_name("Self"), "SelfValue");
        assert_eq!(item_type_name("Self"), "SelfValue");
        assert_eq!(item_type_name("Option"), "OptionValue");
        assert_eq!(item_type_name("String"), "StringValue");
        assert_eq!(item_type_name("Options"), "Options");
        assert_eq!(escape_type_name("Option"), "Option");
        assert_eq!(escape_type_name("Option"), "Option");
        assert_eq!(escape_module_name("type"), "type_");
        assert_eq!(escape_module_name("self"), "self_");
        assert_eq!(escape_module_name("filter"), "filter");
    }

    #[test]
    fn converts_case_like_the_aws_sdks() {
        assert_eq!(snake_case("Ipv6PrefixCount"), "ipv6_prefix_count");
        assert_eq!(snake_case("IPv6Address"), "ipv6_address");
        assert_eq!(snake_case("DryRun"), "dry_run");
        assert_eq!(snake_case("EBSOptimized"), "ebs_optimized");
        assert_eq!(upper_camel_case("ASSOCIATING"), "Associating");
        assert_eq!(upper_camel_case("t2_micro"), "T2Micro");
        assert_eq!(upper_camel_case("IPv6Address"), "Ipv6Address");
    }

    #[test]
    fn describes_free_text_as_names() {
        let table = [
            (
                "For region af-south-1 with FIPS disabled and DualStack disabled",
                "for_region_af_south_1_with_fips_disabled_and_dual_stack_disabled",
            ),
            ("SDK::Host + FIPS@us-west-2", "sdk_host_fips_us_west_2"),
            ("  ", ""),
            ("caf\u{e9} (\u{1F600})", "caf"),
        ];
        for (text, expected) in table {
            assert_eq!(identifier_words(text), expected, "{text}");
        }
    }

    #[test]
    fn scope_renames_clashes() {
        let mut scope = NameScope::with_reserved(&["build"]);
        assert_eq!(scope.claim("build", "_value"), "build_value");
        assert_eq!(scope.claim("foo", "_value"), "foo");
        assert_eq!(scope.claim("foo", "_value"), "foo_value");
        assert_eq!(scope.claim("foo", "_value"), "foo_value2");
    }

    #[test]
    fn scope_checks_derived_names_together() {
        let with_setters = |name: &str| vec![name.to_owned(), format!("set_{name}")];
        let mut scope = NameScope::default();
        assert_eq!(
            scope.claim_with("set_foo", "_value", with_setters),
            "set_foo"
        );
        // `foo` would need `set_foo`, which the first member holds.
        assert_eq!(scope.claim_with("foo", "_value", with_setters), "foo_value");
    }
}
