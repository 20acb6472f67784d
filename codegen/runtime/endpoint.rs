//! What the generated endpoint resolver (`crate::endpoint::resolve`) needs at
//! run time: the resolved endpoint and its properties, the resolution error,
//! the built-in values a client supplies, and the functions of the Smithy
//! rules-engine standard library and its AWS extensions. The rule set itself
//! is compiled into plain Rust by the generator, so there is no interpreter
//! and no JSON here.

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// A property value of a resolved endpoint: the JSON-like values rule sets
/// write in `properties` (`authSchemes` and the like).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    String(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Document>),
    Object(BTreeMap<String, Document>),
}

impl Document {
    /// An object from `(key, value)` entries.
    pub fn object<const N: usize>(entries: [(&str, Document); N]) -> Self {
        Document::Object(Self::map(entries))
    }

    /// The entries of an object, as [`ResolvedEndpoint::properties`] holds them.
    pub fn map<const N: usize>(entries: [(&str, Document); N]) -> BTreeMap<String, Document> {
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect()
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::String(value) => Some(value),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Document]> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&BTreeMap<String, Document>> {
        match self {
            Document::Object(entries) => Some(entries),
            _ => None,
        }
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Document::String(value)
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Document::Int(value)
    }
}

/// The endpoint a rule set resolved: where to send the request, extra
/// headers to send, and properties (such as the signing scheme) for the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, Document>,
}

impl ResolvedEndpoint {
    pub fn new(url: impl Into<String>) -> Self {
        ResolvedEndpoint {
            url: url.into(),
            headers: BTreeMap::new(),
            properties: BTreeMap::new(),
        }
    }

    /// Adds a header's values (a rule gives each header once).
    pub fn with_header(mut self, name: &str, values: Vec<String>) -> Self {
        self.headers.insert(name.to_owned(), values);
        self
    }

    pub fn with_property(mut self, name: &str, value: Document) -> Self {
        self.properties.insert(name.to_owned(), value);
        self
    }

    /// The URL: scheme, host, and any port and base path.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Headers every request to this endpoint carries, by name.
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    pub fn properties(&self) -> &BTreeMap<String, Document> {
        &self.properties
    }

    /// The entries of the `authSchemes` property that have a `name`, in the
    /// rule set's order of preference.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        self.properties
            .get("authSchemes")
            .and_then(Document::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(AuthScheme::from_document)
            .collect()
    }

    /// The first `authSchemes` entry called `name`.
    pub fn auth_scheme(&self, name: &str) -> Option<AuthScheme> {
        self.auth_schemes()
            .into_iter()
            .find(|scheme| scheme.name == name)
    }

    /// The `sigv4` entry of `authSchemes`: the signing name and region this
    /// endpoint wants instead of the service's and the client's.
    pub fn sigv4_auth_scheme(&self) -> Option<AuthScheme> {
        self.auth_scheme("sigv4")
    }
}

/// One entry of an endpoint's `authSchemes` property.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthScheme {
    /// `sigv4`, `sigv4a`, `sigv4-s3express`, ...
    pub name: String,
    pub signing_name: Option<String>,
    pub signing_region: Option<String>,
    /// For `sigv4a`: the regions the signature is valid in.
    pub signing_region_set: Vec<String>,
    pub disable_double_encoding: Option<bool>,
    pub disable_normalize_path: Option<bool>,
    /// Every entry of the scheme, the ones above included.
    pub properties: BTreeMap<String, Document>,
}

impl AuthScheme {
    fn from_document(document: &Document) -> Option<AuthScheme> {
        let entries = document.as_object()?;
        let string = |key: &str| {
            entries
                .get(key)
                .and_then(Document::as_str)
                .map(str::to_owned)
        };
        let flag = |key: &str| entries.get(key).and_then(Document::as_bool);
        Some(AuthScheme {
            name: string("name")?,
            signing_name: string("signingName"),
            signing_region: string("signingRegion"),
            signing_region_set: entries
                .get("signingRegionSet")
                .and_then(Document::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(Document::as_str)
                .map(str::to_owned)
                .collect(),
            disable_double_encoding: flag("disableDoubleEncoding"),
            disable_normalize_path: flag("disableNormalizePath"),
            properties: entries.clone(),
        })
    }
}

/// Why no endpoint was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolveErrorKind {
    /// An error rule of the rule set matched; the message is the rule's.
    Rule,
    /// A parameter the rule set requires (and gives no default for) is unset.
    MissingParameter,
    /// No rule matched: the rule set does not cover these parameters.
    NoRuleMatched,
}

/// Endpoint resolution failed; `Display` shows the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    kind: ResolveErrorKind,
    message: String,
}

impl ResolveError {
    /// The message of an error rule.
    pub fn rule(message: impl Into<String>) -> Self {
        ResolveError {
            kind: ResolveErrorKind::Rule,
            message: message.into(),
        }
    }

    /// `name` (as the rule set spells it) is required but unset.
    pub fn missing_parameter(name: &str) -> Self {
        ResolveError {
            kind: ResolveErrorKind::MissingParameter,
            message: format!("the endpoint parameter `{name}` is required but not set"),
        }
    }

    pub fn no_rule_matched() -> Self {
        ResolveError {
            kind: ResolveErrorKind::NoRuleMatched,
            message: "no endpoint rule matched these parameters".to_owned(),
        }
    }

    pub fn kind(&self) -> ResolveErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

/// The built-in values a client supplies to every rule set
/// (`Params::from_builtins`). Built-ins only some services have
/// (`AWS::STS::UseGlobalEndpoint`, `AWS::S3::ForcePathStyle`, ...) are plain
/// parameters of those services, set in code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
// New built-ins may be added without breaking users that start from `default()`.
#[non_exhaustive]
pub struct BuiltIns {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: an endpoint URL that overrides the rule set's.
    pub endpoint: Option<String>,
}

impl BuiltIns {
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    pub fn with_use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = use_fips;
        self
    }

    pub fn with_use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }
}

/// `substring`: the characters `start..stop` of `input`, counted from the end
/// when `reverse`; `None` when `input` is too short or not ASCII.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || input.len() < stop || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to).map(str::to_owned)
}

/// `uriEncode`: RFC 3986 percent-encoding of everything but the unreserved
/// characters, with upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    encoded
}

/// `split`: `value` cut at each `delimiter`; with a `limit` above zero, into
/// at most that many parts (the last holding the rest). An empty delimiter
/// cuts nothing.
pub fn split(value: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![value.to_owned()];
    }
    if limit == 0 {
        value.split(delimiter).map(str::to_owned).collect()
    } else {
        value.splitn(limit, delimiter).map(str::to_owned).collect()
    }
}

/// `isValidHostLabel`: an RFC 1123 host label (letters, digits and `-`, not
/// starting with `-`, at most 63 characters); with `allow_subdomains`,
/// several joined by `.`.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_host_label)
    } else {
        is_host_label(value)
    }
}

fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    matches!(bytes.first(), Some(first) if first.is_ascii_alphanumeric())
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
}

/// `aws.isVirtualHostableS3Bucket`: whether `value` can be the first label of
/// an S3 host: 3 to 63 lower-case letters, digits and `-` (and `.` with
/// `allow_subdomains`, between valid labels), starting and ending with a
/// letter or digit, and not an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let bytes = value.as_bytes();
    let lower_alphanumeric = |byte: &u8| byte.is_ascii_lowercase() || byte.is_ascii_digit();
    (3..=63).contains(&bytes.len())
        && bytes.first().is_some_and(lower_alphanumeric)
        && bytes.last().is_some_and(lower_alphanumeric)
        && bytes
            .iter()
            .all(|byte| lower_alphanumeric(byte) || *byte == b'-' || *byte == b'.')
        && is_valid_host_label(value, allow_subdomains)
        && !value.contains("-.")
        && !is_ipv4(value)
}

fn is_ipv4(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|octet| {
            !octet.is_empty()
                && octet.len() <= 3
                && octet.bytes().all(|byte| byte.is_ascii_digit())
                && octet.parse::<u16>().is_ok_and(|value| value <= 255)
        })
}

/// The result of `parseURL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    /// `https`, without `://`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host and, when the URL gives one, the port; never user info.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The path as written (empty when the URL has none).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path starting and ending with `/`.
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// Whether the host is an IPv4 or IPv6 address.
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// `parseURL`: the parts of an absolute URL; `None` when it is not one, or
/// has a query or a fragment (which an endpoint cannot have).
pub fn parse_url(value: &str) -> Option<Url> {
    if value.contains(['?', '#']) {
        return None;
    }
    let (scheme, rest) = value.split_once("://")?;
    let mut scheme_chars = scheme.chars();
    let scheme_is_valid = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_is_valid {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    // User info is not part of the authority an endpoint is built from.
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let is_ip = host_is_ip(authority)?;
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Whether `authority` (host and optional port) names an IP address; `None`
/// when it is not a valid authority.
fn host_is_ip(authority: &str) -> Option<bool> {
    let (host, port, is_ip) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']')?;
        let is_ipv6 = address.contains(':')
            && address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        if !is_ipv6 {
            return None;
        }
        let port = match after {
            "" => None,
            after => Some(after.strip_prefix(':')?),
        };
        (address, port, true)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        (host, port, is_ipv4(host))
    };
    let host_is_valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '%' | ':'));
    let port_is_valid =
        port.is_none_or(|port| !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()));
    (host_is_valid && port_is_valid).then_some(is_ip)
}

/// The result of `aws.parseArn`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    pub fn partition(&self) -> &str {
        &self.partition
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Empty for resources that are not regional.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Empty for resources that belong to no account.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The resource part, cut at every `:` and `/`.
    pub fn resource_id(&self) -> &[String] {
        &self.resource_id
    }
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, where
/// region and account may be empty; `None` for anything else.
pub fn aws_parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// The result of `aws.partition`: what a partition's endpoints look like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: &'static str,
}

impl Partition {
    pub fn name(&self) -> &str {
        self.name
    }

    pub fn dns_suffix(&self) -> &str {
        self.dns_suffix
    }

    pub fn dual_stack_dns_suffix(&self) -> &str {
        self.dual_stack_dns_suffix
    }

    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    pub fn implicit_global_region(&self) -> &str {
        self.implicit_global_region
    }
}

/// One partition of the table the generator compiles from `partitions.json`.
#[derive(Debug)]
pub struct PartitionEntry {
    /// `aws`, `aws-cn`, ...
    pub id: &'static str,
    pub outputs: Partition,
    /// The regions the partition names.
    pub regions: &'static [&'static str],
    /// Whether a region name matches the partition's `regionRegex`.
    pub region_matches: fn(&str) -> bool,
}

/// The id of the partition a region no other partition claims belongs to.
const DEFAULT_PARTITION: &str = "aws";

/// `aws.partition`: the partition naming `region`, else the first whose
/// region pattern matches it, else the `aws` partition.
pub fn partition(table: &'static [PartitionEntry], region: &str) -> Option<&'static Partition> {
    table
        .iter()
        .find(|entry| entry.regions.contains(&region))
        .or_else(|| table.iter().find(|entry| (entry.region_matches)(region)))
        .or_else(|| table.iter().find(|entry| entry.id == DEFAULT_PARTITION))
        .map(|entry| &entry.outputs)
}

/// The positions of a text at which a compiled regular expression can be,
/// after matching some prefix of the pattern. The generator compiles each
/// `regionRegex` into calls of these steps: sets of positions make every
/// quantifier exact without backtracking.
#[derive(Clone, Debug)]
pub struct MatchSet {
    text: Rc<[char]>,
    at: Vec<bool>,
}

impl MatchSet {
    /// Whether `pattern` matches somewhere in `text` (`^` and `$` anchor it).
    pub fn search(text: &str, pattern: impl Fn(&MatchSet) -> MatchSet) -> bool {
        let text: Rc<[char]> = text.chars().collect();
        let start = MatchSet {
            at: vec![true; text.len() + 1],
            text,
        };
        pattern(&start).at.contains(&true)
    }

    fn with(&self, at: Vec<bool>) -> MatchSet {
        MatchSet {
            text: Rc::clone(&self.text),
            at,
        }
    }

    fn none(&self) -> Vec<bool> {
        vec![false; self.at.len()]
    }

    /// `^`.
    pub fn at_start(&self) -> MatchSet {
        let mut at = self.none();
        at[0] = self.at[0];
        self.with(at)
    }

    /// `$`.
    pub fn at_end(&self) -> MatchSet {
        let mut at = self.none();
        let end = self.text.len();
        at[end] = self.at[end];
        self.with(at)
    }

    /// One character that passes `test`.
    pub fn class(&self, test: impl Fn(char) -> bool) -> MatchSet {
        let mut at = self.none();
        for (position, c) in self.text.iter().enumerate() {
            if self.at[position] && test(*c) {
                at[position + 1] = true;
            }
        }
        self.with(at)
    }

    /// These characters, in order.
    pub fn literal(&self, literal: &str) -> MatchSet {
        literal
            .chars()
            .fold(self.clone(), |set, expected| set.class(|c| c == expected))
    }

    /// `a|b|...`: where any alternative gets to.
    pub fn any_of<const N: usize>(alternatives: [MatchSet; N]) -> MatchSet {
        let mut alternatives = alternatives.into_iter();
        let Some(mut union) = alternatives.next() else {
            // An alternation has at least one branch; with none, nothing matches.
            return MatchSet {
                text: Rc::from(Vec::new()),
                at: vec![false],
            };
        };
        for alternative in alternatives {
            for (slot, reached) in union.at.iter_mut().zip(alternative.at) {
                *slot |= reached;
            }
        }
        union
    }

    /// `x*`: zero or more steps.
    pub fn star(&self, step: impl Fn(&MatchSet) -> MatchSet) -> MatchSet {
        let mut reached = self.clone();
        let mut frontier = self.clone();
        loop {
            let next = step(&frontier);
            let mut new = next.none();
            let mut grew = false;
            for (position, is_reached) in next.at.iter().enumerate() {
                if *is_reached && !reached.at[position] {
                    reached.at[position] = true;
                    new[position] = true;
                    grew = true;
                }
            }
            if !grew {
                return reached;
            }
            frontier = next.with(new);
        }
    }

    /// `x+`: one or more steps.
    pub fn plus(&self, step: impl Fn(&MatchSet) -> MatchSet) -> MatchSet {
        step(self).star(step)
    }

    /// `x?`: zero or one step.
    pub fn optional(&self, step: impl Fn(&MatchSet) -> MatchSet) -> MatchSet {
        MatchSet::any_of([self.clone(), step(self)])
    }

    /// `x{min,max}` (no upper bound when `max` is `None`).
    pub fn repeat(
        &self,
        min: usize,
        max: Option<usize>,
        step: impl Fn(&MatchSet) -> MatchSet,
    ) -> MatchSet {
        let mut set = self.clone();
        for _ in 0..min {
            set = step(&set);
        }
        match max {
            None => set.star(step),
            Some(max) => {
                let mut reached = set.clone();
                for _ in min..max {
                    set = step(&set);
                    reached = MatchSet::any_of([reached, set.clone()]);
                }
                reached
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_counts_from_either_end() {
        let table = [
            ("abcdefg", 0, 4, false, Some("abcd")),
            ("abcdefg", 0, 4, true, Some("defg")),
            ("abcdefg", 1, 7, false, Some("bcdefg")),
            ("abcdefg", 0, 7, true, Some("abcdefg")),
            ("abcdefg", 0, 8, false, None),
            ("abcdefg", 4, 4, false, None),
            ("abcdefg", 5, 4, false, None),
            ("abc", 0, 3, false, Some("abc")),
            ("\u{1F600}abcdef", 0, 2, false, None),
            ("abcdef\u{e9}", 0, 2, true, None),
            ("", 0, 1, false, None),
        ];
        for (input, start, stop, reverse, expected) in table {
            assert_eq!(
                substring(input, start, stop, reverse).as_deref(),
                expected,
                "substring({input:?}, {start}, {stop}, {reverse})"
            );
        }
    }

    #[test]
    fn uri_encode_keeps_only_unreserved_characters() {
        let table = [
            ("abcXYZ019-_.~", "abcXYZ019-_.~"),
            ("a b", "a%20b"),
            (
                "/:,?#[]{}|@! $&'()*+;=%<>\"^`\\",
                "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C",
            ),
            ("\u{e9}", "%C3%A9"),
            ("", ""),
        ];
        for (input, expected) in table {
            assert_eq!(uri_encode(input), expected, "{input:?}");
        }
    }

    #[test]
    fn split_honours_the_limit() {
        let table: [(&str, &str, usize, &[&str]); 8] = [
            ("a--b--c", "--", 0, &["a", "b", "c"]),
            ("a--b--c", "--", 1, &["a--b--c"]),
            ("a--b--c", "--", 2, &["a", "b--c"]),
            ("a--b--c", "--", 5, &["a", "b", "c"]),
            ("", "-", 0, &[""]),
            ("-a-", "-", 0, &["", "a", ""]),
            ("abc", "", 0, &["abc"]),
            ("abc", "x", 0, &["abc"]),
        ];
        for (value, delimiter, limit, expected) in table {
            assert_eq!(
                split(value, delimiter, limit),
                expected,
                "split({value:?}, {delimiter:?}, {limit})"
            );
        }
    }

    #[test]
    fn host_labels() {
        let table = [
            ("us-east-1", false, true),
            ("a", false, true),
            ("1abc", false, true),
            ("-abc", false, false),
            ("abc-", false, true),
            ("", false, false),
            ("a.b", false, false),
            ("a.b", true, true),
            ("a..b", true, false),
            ("a.", true, false),
            ("a b", false, false),
            ("us-east-2!", false, false),
            (&"a".repeat(63), false, true),
            (&"a".repeat(64), false, false),
        ];
        for (value, allow_subdomains, expected) in table {
            assert_eq!(
                is_valid_host_label(value, allow_subdomains),
                expected,
                "isValidHostLabel({value:?}, {allow_subdomains})"
            );
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        let table = [
            ("bucket-name", false, true),
            ("bucket.name", false, false),
            ("bucket.name", true, true),
            ("ab", false, false),
            ("abc", false, true),
            ("Bucket", false, false),
            ("bucket-", false, false),
            ("-bucket", false, false),
            ("bucket-.name", true, false),
            ("bucket.-name", true, false),
            ("bucket..name", true, false),
            ("192.168.5.4", true, false),
            ("bucket_name", false, false),
            (&"a".repeat(63), false, true),
            (&"a".repeat(64), false, false),
        ];
        for (value, allow_subdomains, expected) in table {
            assert_eq!(
                is_virtual_hostable_s3_bucket(value, allow_subdomains),
                expected,
                "isVirtualHostableS3Bucket({value:?}, {allow_subdomains})"
            );
        }
    }

    #[test]
    fn parses_urls_like_the_spec_examples() {
        let table = [
            (
                "https://example.com",
                Some(("https", "example.com", "", "/", false)),
            ),
            ("https://example.com:8443?foo=bar&faz=baz", None),
            (
                "http://example.com:80/foo/bar",
                Some(("http", "example.com:80", "/foo/bar", "/foo/bar/", false)),
            ),
            (
                "https://127.0.0.1",
                Some(("https", "127.0.0.1", "", "/", true)),
            ),
            (
                "https://[fe80::1]",
                Some(("https", "[fe80::1]", "", "/", true)),
            ),
            (
                "https://[fe80::1]:443/",
                Some(("https", "[fe80::1]:443", "/", "/", true)),
            ),
            (
                "http://10.0.1.12:433",
                Some(("http", "10.0.1.12:433", "", "/", true)),
            ),
            (
                "https://user@host.com/a/",
                Some(("https", "host.com", "/a/", "/a/", false)),
            ),
            ("abcde://nota#url", None),
            ("not a url", None),
            ("https://", None),
            ("https://a b.com", None),
            ("https://host:port", None),
            ("://host", None),
        ];
        for (input, expected) in table {
            let parsed = parse_url(input);
            let parts = parsed.as_ref().map(|url| {
                (
                    url.scheme(),
                    url.authority(),
                    url.path(),
                    url.normalized_path(),
                    url.is_ip(),
                )
            });
            assert_eq!(parts, expected, "parseURL({input:?})");
        }
    }

    #[test]
    fn parses_arns_like_the_spec_examples() {
        type Parts<'a> = (&'a str, &'a str, &'a str, &'a str, Vec<&'a str>);
        let table: [(&str, Option<Parts>); 7] = [
            (
                "arn:aws:sns:us-west-2:012345678910:example-sns-topic-name",
                Some((
                    "aws",
                    "sns",
                    "us-west-2",
                    "012345678910",
                    vec!["example-sns-topic-name"],
                )),
            ),
            ("11111111-2222-3333-4444-555555555555", None),
            (
                "arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE",
                Some((
                    "aws",
                    "ec2",
                    "us-east-1",
                    "012345678910",
                    vec!["vpc", "vpc-0e9801d129EXAMPLE"],
                )),
            ),
            (
                "arn:aws:iam::012345678910:user/johndoe",
                Some(("aws", "iam", "", "012345678910", vec!["user", "johndoe"])),
            ),
            (
                "arn:aws:s3:::bucket_name",
                Some(("aws", "s3", "", "", vec!["bucket_name"])),
            ),
            (
                "arn:aws:s3:us-west-2:123456789012:accesspoint:my:ap",
                Some((
                    "aws",
                    "s3",
                    "us-west-2",
                    "123456789012",
                    vec!["accesspoint", "my", "ap"],
                )),
            ),
            ("arn:aws:s3:us-west-2:123456789012:", None),
        ];
        for (input, expected) in table {
            let parsed = aws_parse_arn(input);
            let parts = parsed.as_ref().map(|arn| {
                (
                    arn.partition(),
                    arn.service(),
                    arn.region(),
                    arn.account_id(),
                    arn.resource_id()
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                )
            });
            assert_eq!(parts, expected, "parseArn({input:?})");
        }
    }

    fn starts_with_cn(region: &str) -> bool {
        region.starts_with("cn-")
    }

    static TABLE: &[PartitionEntry] = &[
        PartitionEntry {
            id: "aws",
            outputs: Partition {
                name: "aws",
                dns_suffix: "amazonaws.com",
                dual_stack_dns_suffix: "api.aws",
                supports_fips: true,
                supports_dual_stack: true,
                implicit_global_region: "us-east-1",
            },
            regions: &["us-east-1", "aws-global"],
            region_matches: |region| region.starts_with("us-"),
        },
        PartitionEntry {
            id: "aws-cn",
            outputs: Partition {
                name: "aws-cn",
                dns_suffix: "amazonaws.com.cn",
                dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
                supports_fips: true,
                supports_dual_stack: true,
                implicit_global_region: "cn-northwest-1",
            },
            regions: &["aws-cn-global"],
            region_matches: starts_with_cn,
        },
    ];

    #[test]
    fn partition_lookup_order() {
        let table = [
            ("us-east-1", "aws"),
            ("aws-cn-global", "aws-cn"),
            ("cn-north-1", "aws-cn"),
            ("us-west-9", "aws"),
            ("mars-1", "aws"),
        ];
        for (region, expected) in table {
            assert_eq!(
                partition(TABLE, region).map(Partition::name),
                Some(expected),
                "{region}"
            );
        }
        assert_eq!(partition(&[], "us-east-1"), None);
    }

    /// `^(us|eu)\-\w+\-\d+$`, compiled by hand as the generator compiles it.
    fn aws_like(region: &str) -> bool {
        MatchSet::search(region, |set| {
            let set = set.at_start();
            let set = MatchSet::any_of([set.literal("us"), set.literal("eu")]);
            let set = set.literal("-");
            let set = set.plus(|set| set.class(|c| c.is_ascii_alphanumeric() || c == '_'));
            let set = set.literal("-");
            let set = set.plus(|set| set.class(|c| c.is_ascii_digit()));
            set.at_end()
        })
    }

    #[test]
    fn match_sets_match_like_a_regex() {
        let table = [
            ("us-east-1", true),
            ("eu-west-12", true),
            ("us-gov-west-1", false),
            ("us-east-1a", false),
            ("xus-east-1", false),
            ("us-east-", false),
            ("", false),
        ];
        for (region, expected) in table {
            assert_eq!(aws_like(region), expected, "{region}");
        }
        // Greedy quantifiers give back what the rest needs: `a*ab` on `aaab`.
        let backtracks = |text: &str| {
            MatchSet::search(text, |set| {
                let set = set.at_start();
                let set = set.star(|set| set.literal("a"));
                let set = set.literal("ab");
                set.at_end()
            })
        };
        assert!(backtracks("aaab"));
        assert!(backtracks("ab"));
        assert!(!backtracks("aaa"));
        // Unanchored patterns match anywhere; bounded repeats count.
        let repeat = |text: &str| {
            MatchSet::search(text, |set| {
                let set = set.repeat(2, Some(3), |set| set.class(|c| c.is_ascii_digit()));
                set.optional(|set| set.literal("x"))
            })
        };
        assert!(repeat("ab12cd"));
        assert!(!repeat("a1b2"));
    }

    #[test]
    fn auth_schemes_come_from_the_properties() {
        let endpoint = ResolvedEndpoint::new("https://s3.us-west-2.amazonaws.com").with_property(
            "authSchemes",
            Document::Array(vec![
                Document::object([
                    ("name", Document::from("sigv4a")),
                    ("signingName", Document::from("s3")),
                    (
                        "signingRegionSet",
                        Document::Array(vec![Document::from("*")]),
                    ),
                ]),
                Document::object([
                    ("name", Document::from("sigv4")),
                    ("signingName", Document::from("s3")),
                    ("signingRegion", Document::from("us-west-2")),
                    ("disableDoubleEncoding", Document::from(true)),
                ]),
                Document::from("not a scheme"),
            ]),
        );
        let schemes = endpoint.auth_schemes();
        assert_eq!(schemes.len(), 2);
        assert_eq!(schemes[0].signing_region_set, ["*"]);
        let sigv4 = endpoint.sigv4_auth_scheme().expect("a sigv4 scheme");
        assert_eq!(sigv4.signing_name.as_deref(), Some("s3"));
        assert_eq!(sigv4.signing_region.as_deref(), Some("us-west-2"));
        assert_eq!(sigv4.disable_double_encoding, Some(true));
        assert_eq!(ResolvedEndpoint::new("https://a").sigv4_auth_scheme(), None);
    }

    #[test]
    fn errors_show_their_message() {
        let error = ResolveError::rule("Invalid Configuration: Missing Region");
        assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
        assert_eq!(error.kind(), ResolveErrorKind::Rule);
        assert_eq!(
            ResolveError::missing_parameter("Bucket").kind(),
            ResolveErrorKind::MissingParameter
        );
        assert_eq!(
            ResolveError::no_rule_matched().kind(),
            ResolveErrorKind::NoRuleMatched
        );
        let builtins = BuiltIns::default()
            .with_region("us-east-1")
            .with_use_fips(true)
            .with_use_dual_stack(true)
            .with_endpoint("https://example.com");
        assert_eq!(builtins.region.as_deref(), Some("us-east-1"));
        assert!(builtins.use_fips && builtins.use_dual_stack);
    }
}
