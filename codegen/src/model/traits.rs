//! Traits: kept as JSON values under their absolute ids, with typed accessors
//! for the ones this protocol and its users care about. Unknown traits are kept.

use std::collections::BTreeMap;

use serde_json::Value;

/// Absolute ids of the traits the generator reads.
pub mod trait_ids {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const ERROR: &str = "smithy.api#error";
    pub const EXAMPLES: &str = "smithy.api#examples";
    pub const TITLE: &str = "smithy.api#title";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const EC2_QUERY: &str = "aws.protocols#ec2Query";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
    pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
}

use trait_ids as ids;

/// The traits applied to a shape or member, by absolute trait id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traits(BTreeMap<String, Value>);

/// The value of `smithy.api#enumValue`.
#[derive(Clone, Debug, PartialEq)]
pub enum EnumValue<'a> {
    String(&'a str),
    Int(i64),
}

/// The values of `smithy.api#timestampFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    DateTime,
    EpochSeconds,
    HttpDate,
}

/// `smithy.api#xmlNamespace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace<'a> {
    pub uri: &'a str,
    pub prefix: Option<&'a str>,
}

/// `smithy.api#deprecated`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deprecated<'a> {
    pub message: Option<&'a str>,
    pub since: Option<&'a str>,
}

/// `smithy.api#paginated`: member names of the input (`input_token`,
/// `page_size`) and dotted member paths into the output (`output_token`,
/// `items`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paginated<'a> {
    pub input_token: Option<&'a str>,
    pub output_token: Option<&'a str>,
    pub items: Option<&'a str>,
    pub page_size: Option<&'a str>,
}

impl<'a> Paginated<'a> {
    /// This operation's values, each falling back to the service's (Smithy
    /// lets a service set them for all its paginated operations).
    pub fn or(self, service: Paginated<'a>) -> Paginated<'a> {
        Paginated {
            input_token: self.input_token.or(service.input_token),
            output_token: self.output_token.or(service.output_token),
            items: self.items.or(service.items),
            page_size: self.page_size.or(service.page_size),
        }
    }
}

/// The JSON type a known trait's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    String,
    Object,
    Array,
    StringOrInteger,
    Any,
}

impl ValueKind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            ValueKind::String => value.is_string(),
            ValueKind::Object => value.is_object(),
            ValueKind::Array => value.is_array(),
            ValueKind::StringOrInteger => value.is_string() || value.is_i64(),
            ValueKind::Any => true,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ValueKind::String => "a string",
            ValueKind::Object => "an object",
            ValueKind::Array => "an array",
            ValueKind::StringOrInteger => "a string or an integer",
            ValueKind::Any => "any value",
        }
    }
}

/// The value types of the traits the generator reads; others are kept unchecked.
const KNOWN_TRAITS: &[(&str, ValueKind)] = &[
    (ids::DOCUMENTATION, ValueKind::String),
    (ids::REQUIRED, ValueKind::Object),
    (ids::CLIENT_OPTIONAL, ValueKind::Object),
    (ids::DEFAULT, ValueKind::Any),
    (ids::ENUM_VALUE, ValueKind::StringOrInteger),
    (ids::XML_NAME, ValueKind::String),
    (ids::XML_FLATTENED, ValueKind::Object),
    (ids::XML_ATTRIBUTE, ValueKind::Object),
    (ids::XML_NAMESPACE, ValueKind::Object),
    (ids::TIMESTAMP_FORMAT, ValueKind::String),
    (ids::IDEMPOTENCY_TOKEN, ValueKind::Object),
    (ids::SENSITIVE, ValueKind::Object),
    (ids::DEPRECATED, ValueKind::Object),
    (ids::INPUT, ValueKind::Object),
    (ids::OUTPUT, ValueKind::Object),
    (ids::ERROR, ValueKind::String),
    (ids::EXAMPLES, ValueKind::Array),
    (ids::TITLE, ValueKind::String),
    (ids::EC2_QUERY_NAME, ValueKind::String),
    (ids::EC2_QUERY, ValueKind::Object),
    (ids::AWS_SERVICE, ValueKind::Object),
    (ids::SIGV4, ValueKind::Object),
    (ids::ENDPOINT_RULE_SET, ValueKind::Object),
    (ids::ENDPOINT_TESTS, ValueKind::Object),
    (ids::ENDPOINT, ValueKind::Object),
    (ids::HOST_LABEL, ValueKind::Object),
    (ids::REQUEST_COMPRESSION, ValueKind::Object),
    (ids::HTTP_REQUEST_TESTS, ValueKind::Array),
    (ids::HTTP_RESPONSE_TESTS, ValueKind::Array),
    (ids::PAGINATED, ValueKind::Object),
    (ids::WAITABLE, ValueKind::Object),
];

/// The members of `smithy.api#paginated`, each a string when present.
const PAGINATED_MEMBERS: &[&str] = &["inputToken", "outputToken", "items", "pageSize"];

impl Traits {
    pub fn new(traits: BTreeMap<String, Value>) -> Self {
        Traits(traits)
    }

    /// Checks the JSON type of every known trait; returns one message per problem.
    pub fn type_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (id, kind) in KNOWN_TRAITS {
            if let Some(value) = self.0.get(*id) {
                if !kind.accepts(value) {
                    problems.push(format!("trait `{id}` must be {}", kind.describe()));
                }
            }
        }
        if let Some(Value::String(format)) = self.0.get(ids::TIMESTAMP_FORMAT) {
            if parse_timestamp_format(format).is_none() {
                problems.push(format!(
                    "trait `{}` has unknown format `{format}` (expected date-time, epoch-seconds or http-date)",
                    ids::TIMESTAMP_FORMAT
                ));
            }
        }
        if let Some(Value::Object(namespace)) = self.0.get(ids::XML_NAMESPACE) {
            if !namespace.get("uri").is_some_and(Value::is_string) {
                problems.push(format!(
                    "trait `{}` needs a string `uri`",
                    ids::XML_NAMESPACE
                ));
            }
        }
        if let Some(Value::String(kind)) = self.0.get(ids::ERROR) {
            if kind != "client" && kind != "server" {
                problems.push(format!(
                    "trait `{}` must be `client` or `server`, not `{kind}`",
                    ids::ERROR
                ));
            }
        }
        if let Some(Value::Object(paginated)) = self.0.get(ids::PAGINATED) {
            for member in PAGINATED_MEMBERS {
                if paginated
                    .get(*member)
                    .is_some_and(|value| !value.is_string())
                {
                    problems.push(format!(
                        "trait `{}` needs `{member}` to be a string",
                        ids::PAGINATED
                    ));
                }
            }
        }
        problems
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// Every trait, ordered by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(id, value)| (id.as_str(), value))
    }

    /// Adds traits from an `apply` statement; existing values are replaced.
    pub fn extend(&mut self, other: Traits) {
        self.0.extend(other.0);
    }

    fn string(&self, id: &str) -> Option<&str> {
        self.0.get(id).and_then(Value::as_str)
    }

    pub fn documentation(&self) -> Option<&str> {
        self.string(ids::DOCUMENTATION)
    }

    pub fn xml_name(&self) -> Option<&str> {
        self.string(ids::XML_NAME)
    }

    pub fn ec2_query_name(&self) -> Option<&str> {
        self.string(ids::EC2_QUERY_NAME)
    }

    pub fn title(&self) -> Option<&str> {
        self.string(ids::TITLE)
    }

    pub fn is_required(&self) -> bool {
        self.has(ids::REQUIRED)
    }

    pub fn is_client_optional(&self) -> bool {
        self.has(ids::CLIENT_OPTIONAL)
    }

    pub fn default_value(&self) -> Option<&Value> {
        self.0.get(ids::DEFAULT)
    }

    pub fn is_sensitive(&self) -> bool {
        self.has(ids::SENSITIVE)
    }

    pub fn is_idempotency_token(&self) -> bool {
        self.has(ids::IDEMPOTENCY_TOKEN)
    }

    pub fn is_xml_flattened(&self) -> bool {
        self.has(ids::XML_FLATTENED)
    }

    pub fn is_xml_attribute(&self) -> bool {
        self.has(ids::XML_ATTRIBUTE)
    }

    pub fn is_input(&self) -> bool {
        self.has(ids::INPUT)
    }

    pub fn is_output(&self) -> bool {
        self.has(ids::OUTPUT)
    }

    /// `client` or `server` when the shape is an error.
    pub fn error(&self) -> Option<&str> {
        self.string(ids::ERROR)
    }

    pub fn enum_value(&self) -> Option<EnumValue<'_>> {
        match self.0.get(ids::ENUM_VALUE)? {
            Value::String(value) => Some(EnumValue::String(value)),
            value => value.as_i64().map(EnumValue::Int),
        }
    }

    pub fn timestamp_format(&self) -> Option<TimestampFormat> {
        self.string(ids::TIMESTAMP_FORMAT)
            .and_then(parse_timestamp_format)
    }

    pub fn xml_namespace(&self) -> Option<XmlNamespace<'_>> {
        let namespace = self.0.get(ids::XML_NAMESPACE)?;
        Some(XmlNamespace {
            uri: namespace.get("uri")?.as_str()?,
            prefix: namespace.get("prefix").and_then(Value::as_str),
        })
    }

    pub fn deprecated(&self) -> Option<Deprecated<'_>> {
        let deprecated = self.0.get(ids::DEPRECATED)?;
        Some(Deprecated {
            message: deprecated.get("message").and_then(Value::as_str),
            since: deprecated.get("since").and_then(Value::as_str),
        })
    }

    pub fn is_host_label(&self) -> bool {
        self.has(ids::HOST_LABEL)
    }

    /// The `hostPrefix` of `smithy.api#endpoint`.
    pub fn host_prefix(&self) -> Option<&str> {
        self.0.get(ids::ENDPOINT)?.get("hostPrefix")?.as_str()
    }

    /// The encodings `smithy.api#requestCompression` allows, in preference order.
    pub fn request_compression(&self) -> Vec<&str> {
        self.0
            .get(ids::REQUEST_COMPRESSION)
            .and_then(|value| value.get("encodings"))
            .and_then(Value::as_array)
            .map(|encodings| encodings.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// `smithy.api#paginated`, as written on this shape.
    pub fn paginated(&self) -> Option<Paginated<'_>> {
        let paginated = self.0.get(ids::PAGINATED)?;
        let member = |name: &str| paginated.get(name).and_then(Value::as_str);
        Some(Paginated {
            input_token: member("inputToken"),
            output_token: member("outputToken"),
            items: member("items"),
            page_size: member("pageSize"),
        })
    }

    /// The cases of a `smithy.test` trait (objects; anything else is skipped).
    pub fn test_cases(&self, trait_id: &str) -> &[Value] {
        self.0
            .get(trait_id)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The `smithy.api#examples` entries (objects with title, documentation,
    /// input, output, error).
    pub fn examples(&self) -> &[Value] {
        self.0
            .get(ids::EXAMPLES)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

fn parse_timestamp_format(format: &str) -> Option<TimestampFormat> {
    match format {
        "date-time" => Some(TimestampFormat::DateTime),
        "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
        "http-date" => Some(TimestampFormat::HttpDate),
        _ => None,
    }
}
