//! The lowered form: what the emitters turn into code. Every Rust name is
//! chosen, every type mapped, every wire key computed; nothing here refers
//! back to JSON.

use crate::model::TimestampFormat;
pub use crate::model::jmespath::Comparison;
pub use crate::model::waiters::AcceptorState;

/// Everything one generated crate contains.
#[derive(Clone, Debug, PartialEq)]
pub struct CrateIr {
    /// The Cargo package name (`ec2`, `ec2-protocol-tests`).
    pub package_name: String,
    /// How Rust code names the crate (`ec2`, `ec2_protocol_tests`).
    pub crate_name: String,
    pub service: ServiceIr,
    pub operations: Vec<OperationIr>,
    /// Shapes shared between operations, emitted in the `types` module,
    /// ordered by Rust name.
    pub shared_types: Vec<TypeIr>,
    /// The service's endpoint rule set compiled (`src/endpoint.rs`); `None`
    /// when the service has none.
    pub endpoint_rules: Option<super::EndpointRulesIr>,
    /// boto3-style resource handles (`src/resources.rs`), when a resource
    /// model was given; only resources some generated operation acts on.
    pub resources: Option<ResourcesIr>,
    /// One package, or several that build in parallel.
    pub layout: LayoutIr,
}

/// How the crate is laid out in Cargo packages.
#[derive(Clone, Debug, PartialEq)]
pub enum LayoutIr {
    /// Everything in one package.
    Single,
    /// The package users depend on (`Client`, and re-exports of the rest) over
    /// packages in `crates/`: the runtime's sans-IO core, the shared types,
    /// the client, and the operations in groups. A package's front end runs
    /// on one core, so a crate of hundreds of operations builds in about
    /// two thirds of the time this way: the types build while the TLS stack
    /// the client needs does, and the groups of operations side by side.
    Split(Box<SplitIr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SplitIr {
    /// The runtime's sans-IO modules.
    pub core: PackageIr,
    /// The shared types and the endpoint rules.
    pub types: PackageIr,
    /// The runtime's client modules (the client, signing, credentials, transports).
    pub client: PackageIr,
    /// The operation modules, a range of [`CrateIr::operations`] each.
    pub operations: Vec<OperationsPackageIr>,
}

/// A package of a split crate.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageIr {
    /// `ec2-core`.
    pub package_name: String,
    /// `ec2_core`.
    pub crate_name: String,
    /// Relative to the crate users depend on: `crates/core`.
    pub directory: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationsPackageIr {
    pub package: PackageIr,
    pub operations: std::ops::Range<usize>,
}

impl CrateIr {
    /// The package that holds the operation with this index, when split.
    pub fn operations_package(&self, index: usize) -> Option<&OperationsPackageIr> {
        match &self.layout {
            LayoutIr::Single => None,
            LayoutIr::Split(split) => split
                .operations
                .iter()
                .find(|package| package.operations.contains(&index)),
        }
    }

    /// The package that holds `operation`, one of [`Self::operations`], when split.
    pub fn operations_package_of(&self, operation: &OperationIr) -> Option<&OperationsPackageIr> {
        let index = self
            .operations
            .iter()
            .position(|candidate| std::ptr::eq(candidate, operation))?;
        self.operations_package(index)
    }

    pub fn is_split(&self) -> bool {
        matches!(self.layout, LayoutIr::Split(_))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourcesIr {
    pub resources: Vec<ResourceIr>,
    /// The service's own collections: methods of the client.
    pub collections: Vec<CollectionIr>,
}

/// A handle type: a client and the identifiers naming one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceIr {
    /// boto3's name (`VpcAddress`).
    pub name: String,
    pub type_name: String,
    /// The client's method making a handle from identifiers.
    pub constructor: String,
    pub identifiers: Vec<ResourceIdentifierIr>,
    /// The structure `load()` gives and collections attach.
    pub data_type: Option<String>,
    pub load: Option<ResourceRequestIr>,
    pub actions: Vec<ResourceRequestIr>,
    pub references: Vec<ReferenceIr>,
    pub collections: Vec<CollectionIr>,
}

/// A `has` reference: a method giving the handle of another resource.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceIr {
    pub method: String,
    pub name: String,
    pub resource_type: String,
    /// The target's identifiers, in its order.
    pub identifiers: Vec<ReferenceValueIr>,
    /// Whether the target handle has a data field (set to `None`).
    pub target_has_data: bool,
    /// The type of this resource's data, which a `Data` value reads.
    pub data_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ReferenceValueIr {
    /// This handle's identifier field.
    Identifier(String),
    /// A string member of this resource's data: fields from the data.
    Data(Vec<ResourcePathStepIr>),
}

impl ReferenceIr {
    /// Whether the method needs the resource's data.
    pub fn reads_data(&self) -> bool {
        self.identifiers
            .iter()
            .any(|value| matches!(value, ReferenceValueIr::Data(_)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceIdentifierIr {
    pub name: String,
    /// The handle's field, and its accessor.
    pub field: String,
}

/// A request a handle makes: an operation's fluent builder with the members
/// the resource model fills in.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceRequestIr {
    /// The handle's method (`associate`, `load`).
    pub method: String,
    /// The model's name for it (`Associate`).
    pub name: String,
    pub action: String,
    pub operation_module: String,
    pub operation_client_method: String,
    pub input_name: String,
    pub builder_name: String,
    pub error_type_name: String,
    pub sets: Vec<ParamSetIr>,
    /// For `load`: from the output to the resource's data (fields, each
    /// optional or not, `[0]` taking a list's first item).
    pub path: Vec<ResourcePathStepIr>,
}

/// One member a resource request sets, with its builder's setter (lists'
/// setters append, so `Ids[0]` is the setter of `Ids`).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamSetIr {
    pub setter: String,
    pub value: ParamValueIr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamValueIr {
    /// The handle's identifier field.
    Identifier(String),
    String(String),
    /// A value of the string enum `type_name` of the `types` module.
    Enum {
        type_name: String,
        value: String,
    },
    Integer(i64),
    Boolean(bool),
    /// A structure (of optional members only) built with these setters:
    /// an item of a list member.
    Structure {
        type_name: String,
        sets: Vec<ParamSetIr>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourcePathStepIr {
    pub field: String,
    pub optional: bool,
    /// The field is a list and the path takes its first item (`[0]`) or,
    /// in a collection, all of them (`[]`).
    pub list: bool,
}

/// A `hasMany`: the handles a list operation's answers name, each with its
/// data, paging with the operation's paginator when it has one.
#[derive(Clone, Debug, PartialEq)]
pub struct CollectionIr {
    pub method: String,
    pub name: String,
    pub request: ResourceRequestIr,
    pub resource_type: String,
    pub data_type: String,
    /// Through the paginator's items (the first step is the items member)
    /// when `paginated`, else from the output.
    pub paginated: bool,
    /// The identifiers of each resource, as string fields of its data
    /// (`list` unused), in the resource's identifier order.
    pub identifier_fields: Vec<ResourcePathStepIr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceIr {
    pub shape_id: String,
    pub title: String,
    pub docs: Vec<String>,
    /// Sent as the `Version` parameter of every request.
    pub version: String,
    /// `aws.api#service`'s `sdkId`, else the service shape's name: names the
    /// service's settings (`AWS_ENDPOINT_URL_EC2`).
    pub sdk_id: String,
    /// SigV4's signing name: `aws.auth#sigv4`'s `name`, else the SDK id in
    /// lower case.
    pub signing_name: String,
    pub xml_namespace: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationIr {
    pub shape_id: String,
    /// The wire name, sent as the `Action` parameter.
    pub action: String,
    /// The marker type of the operation (`AssociateAddress`).
    pub type_name: String,
    /// The module under `operation` (`associate_address`).
    pub module: String,
    /// The error enum of the operation (`AssociateAddressError`).
    pub error_type_name: String,
    /// The client's method that starts a call (`client.associate_address()`).
    pub client_method: String,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
    pub input: StructureIr,
    pub output: StructureIr,
    /// The modeled errors it can return, by type name, ordered by code.
    pub errors: Vec<ErrorRefIr>,
    /// `smithy.api#endpoint`: the host prefix, with `{label}`s naming input fields.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `smithy.api#requestCompression` asks for gzip bodies.
    pub gzip_request: bool,
    pub examples: Vec<ExampleIr>,
    /// Protocol compliance cases (`smithy.test#httpRequestTests` and
    /// `httpResponseTests`) that apply to clients.
    pub protocol_tests: Vec<ProtocolTestIr>,
    /// `smithy.api#paginated`: how one page's output asks for the next.
    pub paginator: Option<PaginatorIr>,
    /// `smithy.waiters#waitable`, in the model's order.
    pub waiters: Vec<WaiterIr>,
}

/// One waiter: a marker type in the operation's module and a client method.
#[derive(Clone, Debug, PartialEq)]
pub struct WaiterIr {
    /// The model's name (`InstanceRunning`).
    pub name: String,
    pub type_name: String,
    /// `wait_until_instance_running`.
    pub client_method: String,
    pub docs: Vec<String>,
    /// Seconds.
    pub min_delay: u64,
    pub max_delay: u64,
    pub deprecated: bool,
    pub acceptors: Vec<AcceptorIr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AcceptorIr {
    pub state: AcceptorState,
    pub matcher: MatcherIr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MatcherIr {
    /// A successful answer whose value (over the output, or the input and
    /// output) passes the test.
    Path {
        /// The JMESPath as the model writes it.
        path: String,
        value: ExprIr,
        test: PathTestIr,
    },
    /// `true`: any successful answer; `false`: any error.
    Success(bool),
    /// An error with this code.
    ErrorCode(String),
}

/// What a path matcher's value is compared with.
#[derive(Clone, Debug, PartialEq)]
pub enum PathTestIr {
    /// The value is this string (a string or an enum).
    StringEquals(String),
    BooleanEquals(bool),
    /// The value is a non-empty list whose every item is this string.
    AllStringEquals(String),
    /// The value is a list with some item this string.
    AnyStringEquals(String),
}

/// A JMESPath expression typed against the crate's types: each node knows
/// the Rust form of its value, so printing it needs no more decisions.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprIr {
    pub kind: ExprKind,
    pub node: ExprNode,
}

/// The Rust form of an expression's value; JMESPath's null is `None`.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `Option<&T>` of a model value.
    Value(ValueType),
    /// `Option<Vec<&T>>`: a projection's values (null when what it projects is).
    Values(ValueType),
    /// `Option<bool>`: a comparison's, `!`'s, `&&`'s or `||`'s.
    Bool,
    /// `Option<f64>`: `length`'s, a number literal's.
    Number,
    /// `Option<&str>`: a string literal's.
    Text,
    /// The `{input, output}` pair an `inputOutput` path starts from.
    InputOutput,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprNode {
    /// The operation's input, output, or both (`inputOutput`'s root).
    Input,
    Output,
    InputOutput,
    /// The element a projection or filter is at (the closure's `value`).
    Current,
    /// A field of the structure `base` is.
    Field {
        base: Box<ExprIr>,
        field: String,
        optional: bool,
        boxed: bool,
    },
    /// An item of the list (or the projection's values) `base` is;
    /// negative from the end.
    Index {
        base: Box<ExprIr>,
        index: i64,
    },
    /// The items of the list `base` is (`Values`).
    Elements(Box<ExprIr>),
    /// The items of the lists that `base` (a list of lists, or a
    /// projection of lists) holds, merged.
    MergeLists(Box<ExprIr>),
    /// `then` (over `Current`) for each of `base`'s values, nulls dropped.
    Project {
        base: Box<ExprIr>,
        then: Box<ExprIr>,
    },
    /// `base`'s values for which `condition` (over `Current`) is truthy.
    Filter {
        base: Box<ExprIr>,
        condition: Box<ExprIr>,
    },
    /// Characters of a string, items of a list or map.
    Length(Box<ExprIr>),
    /// Both operands of the same kind: `Text`, `Number` or `Bool` values,
    /// or model values the emitter reads as such.
    Compare {
        comparison: Comparison,
        left: Box<ExprIr>,
        right: Box<ExprIr>,
    },
    Not(Box<ExprIr>),
    And(Box<ExprIr>, Box<ExprIr>),
    Or(Box<ExprIr>, Box<ExprIr>),
    Bool(bool),
    Number(f64),
    Text(String),
}

/// The members a paginated operation's pages are read and asked for with.
#[derive(Clone, Debug, PartialEq)]
pub struct PaginatorIr {
    /// The input field (an `Option<String>`) the next page's token goes in.
    pub input_token: String,
    /// Its member name in the model (`NextToken`).
    pub input_token_member: String,
    /// From the output to its token: fields ending in a string.
    pub output_token: Vec<PathStepIr>,
    /// From the output to the page's items: fields ending in a list or map.
    pub items: Option<PaginatedItemsIr>,
    pub page_size: Option<PageSizeIr>,
}

/// The input member that sets how many items a page holds.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSizeIr {
    pub field: String,
    pub member_name: String,
    /// The integer type.
    pub ty: ValueType,
    /// The field is an `Option` (Smithy advises against a required page
    /// size, but allows it: EC2's `DescribeByoipCidrs` has one).
    pub optional: bool,
}

/// One field on a path from an output into its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStepIr {
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PaginatedItemsIr {
    pub path: Vec<PathStepIr>,
    /// The path as the model writes it (`Reservations`).
    pub member_path: String,
    /// The list or map the path ends in.
    pub ty: ValueType,
}

/// A modeled error of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorRefIr {
    /// The structure in the `types` module.
    pub type_name: String,
    /// The variant of the operation's error enum (never one of its fixed
    /// variants, [`ERROR_SERVICE_VARIANT`] and [`ERROR_RESPONSE_VARIANT`]).
    pub variant: String,
    /// The `<Code>` that selects it.
    pub code: String,
}

/// The variant of every operation error enum for an error code the model
/// does not declare.
pub const ERROR_SERVICE_VARIANT: &str = "Service";
/// The variant of every operation error enum for a response that could not be read.
pub const ERROR_RESPONSE_VARIANT: &str = "Response";

/// A piece of a host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    Literal(String),
    /// The value of this input field (unescaped field name).
    Label(String),
}

/// One client-side protocol compliance case (`smithy.test#httpRequestTests`
/// or `httpResponseTests`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolTestIr {
    pub id: String,
    /// The test function's name, unique in its module.
    pub test_name: String,
    pub docs: Vec<String>,
    pub case: ProtocolTestCase,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProtocolTestCase {
    /// Build the input from `params`; the request must match.
    Request(RequestCaseIr),
    /// Read the response; the output must equal `expected`.
    Response {
        response: ResponseIr,
        expected: StructureValueIr,
    },
    /// Read the response; it must be the modeled error `error`, equal to `expected`.
    Error {
        error: ErrorRefIr,
        response: ResponseIr,
        expected: StructureValueIr,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestCaseIr {
    pub params: StructureValueIr,
    /// The endpoint the request is made for.
    pub host: String,
    pub method: String,
    pub uri: String,
    pub resolved_host: Option<String>,
    pub headers: Vec<(String, String)>,
    pub require_headers: Vec<String>,
    pub forbid_headers: Vec<String>,
    /// The expected form body; `None` when the case expects no body.
    pub body: Option<String>,
}

/// An HTTP response a case gives.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseIr {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// One `smithy.api#examples` entry whose input fits the model.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleIr {
    pub title: String,
    pub docs: Vec<String>,
    pub input: StructureValueIr,
}

/// A value written in the model (an example's input, a compliance case's
/// params), checked against the generated types: every node says which
/// Rust value it is.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueIr {
    /// Also big integers and big decimals, which the crate keeps as text.
    String(String),
    Boolean(bool),
    Byte(i8),
    Short(i16),
    Integer(i32),
    Long(i64),
    Float(FloatIr),
    Double(FloatIr),
    Blob(Vec<u8>),
    Timestamp {
        seconds: i64,
        nanos: u32,
    },
    /// A known value of a string or int enum of the `types` module.
    Enum {
        type_name: String,
        variant: String,
    },
    Structure {
        value: StructureValueIr,
        boxed: bool,
    },
    Union {
        type_name: String,
        variant: String,
        /// `None` for a variant without data.
        value: Option<Box<ValueIr>>,
        boxed: bool,
    },
    List(Vec<ValueIr>),
    Map(Vec<(ValueIr, ValueIr)>),
}

impl ValueIr {
    /// Building it can fail: it holds a structure with a required member,
    /// whose `build()` returns a `Result`.
    pub fn can_fail_to_build(&self) -> bool {
        match self {
            ValueIr::Structure { value, .. } => value.can_fail_to_build(),
            ValueIr::Union { value, .. } => value.as_deref().is_some_and(Self::can_fail_to_build),
            ValueIr::List(items) => items.iter().any(Self::can_fail_to_build),
            ValueIr::Map(entries) => entries
                .iter()
                .any(|(key, value)| key.can_fail_to_build() || value.can_fail_to_build()),
            ValueIr::String(_)
            | ValueIr::Boolean(_)
            | ValueIr::Byte(_)
            | ValueIr::Short(_)
            | ValueIr::Integer(_)
            | ValueIr::Long(_)
            | ValueIr::Float(_)
            | ValueIr::Double(_)
            | ValueIr::Blob(_)
            | ValueIr::Timestamp { .. }
            | ValueIr::Enum { .. } => false,
        }
    }
}

/// A float value, with the non-finite values JSON cannot write as numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FloatIr {
    Finite(f64),
    NaN,
    Infinity,
    NegativeInfinity,
}

/// A structure value, built with its builder.
#[derive(Clone, Debug, PartialEq)]
pub struct StructureValueIr {
    pub type_name: String,
    /// The operation module for an input or output, `None` for a shared type.
    pub operation_module: Option<String>,
    /// The members given, in the order written.
    pub fields: Vec<FieldValueIr>,
    /// `build()` returns a `Result` (some member is required).
    pub fallible_build: bool,
}

impl StructureValueIr {
    /// Its `build()`, or one of a value it holds, returns a `Result`.
    pub fn can_fail_to_build(&self) -> bool {
        self.fallible_build
            || self
                .fields
                .iter()
                .any(|field| field.value.can_fail_to_build())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldValueIr {
    /// The setter (the field name, unescaped).
    pub setter: String,
    /// The `set_` method of a list or map, for one given empty.
    pub set_method: Option<String>,
    pub value: ValueIr,
}

/// A named type of the `types` module.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeIr {
    Structure(StructureIr),
    Union(UnionIr),
    Enum(EnumIr),
}

impl TypeIr {
    pub fn name(&self) -> &str {
        match self {
            TypeIr::Structure(structure) => &structure.name,
            TypeIr::Union(union) => &union.name,
            TypeIr::Enum(enumeration) => &enumeration.name,
        }
    }

    pub fn module(&self) -> &str {
        match self {
            TypeIr::Structure(structure) => &structure.module,
            TypeIr::Union(union) => &union.module,
            TypeIr::Enum(enumeration) => &enumeration.module,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructureIr {
    pub shape_id: String,
    pub name: String,
    pub builder_name: String,
    /// The file module that holds it (`iam_instance_profile`); for operation
    /// inputs and outputs, the operation module.
    pub module: String,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
    pub fields: Vec<FieldIr>,
    /// Whether a request can contain it, so it needs a query serializer.
    pub in_requests: bool,
    /// Whether a response or error can contain it, so it needs an XML deserializer.
    pub in_responses: bool,
    /// For an operation output: the root element of a successful response
    /// (`AssociateAddressResponse`); the output also keeps the request id.
    pub response_root: Option<String>,
    /// For an error shape: the error code that selects it.
    pub error_code: Option<String>,
    /// A required member of a response structure has this type, so reading a
    /// response that leaves it out needs the structure's zero value.
    pub needs_zero_value: bool,
    /// Every member is optional, so a builder would only repeat the struct:
    /// the structure is its own builder (`XBuilder` names `X`, the setters
    /// are on `X`). An operation input's builder also holds the client of a
    /// fluent call, so it holds the input instead of repeating its fields.
    pub builds_itself: bool,
}

impl StructureIr {
    /// A member is an idempotency token: serializing fills it when unset, so
    /// the input has `to_query_body_with_tokens`.
    pub fn has_idempotency_token(&self) -> bool {
        self.fields.iter().any(|field| field.idempotency_token)
    }

    /// Debug output must redact at least one field.
    pub fn has_sensitive_fields(&self) -> bool {
        self.fields.iter().any(|field| field.sensitive)
    }

    /// The field of the model member `member_name`.
    pub fn member(&self, member_name: &str) -> Option<&FieldIr> {
        self.fields
            .iter()
            .find(|field| field.member_name == member_name)
    }

    /// `build()` can fail only when some field must be set.
    pub fn has_required_fields(&self) -> bool {
        self.fields
            .iter()
            .any(|field| field.presence.is_required_to_build())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldIr {
    /// The Smithy member name.
    pub member_name: String,
    /// The field name, unescaped (`type`); see [`crate::lower::naming`].
    /// It is also the name of the builder's setter.
    pub name: String,
    /// The builder's `set_` method of a list or map, which replaces the
    /// whole collection; other members' one setter takes an `Option` too.
    pub set_method: Option<String>,
    pub ty: ValueType,
    pub presence: Presence,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
    pub sensitive: bool,
    /// The ec2Query key of this member (`IamInstanceProfile`, `PrivateIpAddress`).
    pub query_key: String,
    /// Filled with a fresh token when unset.
    pub idempotency_token: bool,
    /// How responses carry it.
    pub xml: XmlBinding,
    /// A `@hostLabel` member: its value becomes part of the request's host.
    pub host_label: bool,
    /// The name `serde` must be told (`#[serde(rename)]`) so that it uses
    /// the model's member name; `None` when its `PascalCase` of the field
    /// name is that already.
    pub serde_rename: Option<String>,
}

/// Where a member sits in an XML response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlBinding {
    /// The element (or attribute) name: `xmlName`, else the member name.
    pub name: String,
    /// A list or map whose items repeat in place, without a wrapping element.
    pub flattened: bool,
    /// Read from an attribute of the enclosing element.
    pub attribute: bool,
}

/// Whether a field may be absent.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// `Option<T>`.
    Optional,
    /// `T`; `build()` fails when it is unset.
    Required,
    /// `Option<T>`, yet `build()` fails when it is unset: a `@required`
    /// `@clientOptional` member of a structure responses can contain, which
    /// a response may omit (Smithy's reason for `@clientOptional`).
    Checked,
    /// `T`; `build()` falls back to the model's default.
    Defaulted(DefaultValue),
}

impl Presence {
    /// Whether the field is an `Option<T>`.
    pub fn is_option(&self) -> bool {
        matches!(self, Presence::Optional | Presence::Checked)
    }

    /// Whether `build()` fails when the field is unset.
    pub fn is_required_to_build(&self) -> bool {
        matches!(self, Presence::Required | Presence::Checked)
    }
}

/// A `smithy.api#default` value the generator can express.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    EmptyList,
    EmptyMap,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeprecationIr {
    pub note: String,
}

/// The variant of every enum, and of every union a response can contain,
/// for a value this crate does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

#[derive(Clone, Debug, PartialEq)]
pub struct UnionIr {
    pub shape_id: String,
    pub name: String,
    pub module: String,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
    pub variants: Vec<UnionVariantIr>,
    pub in_requests: bool,
    pub in_responses: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariantIr {
    pub member_name: String,
    pub name: String,
    /// `None` for a member that targets `smithy.api#Unit` (a variant without data).
    pub ty: Option<ValueType>,
    pub docs: Vec<String>,
    pub sensitive: bool,
    pub query_key: String,
    pub xml: XmlBinding,
    /// As [`FieldIr::serde_rename`].
    pub serde_rename: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumIr {
    pub shape_id: String,
    pub name: String,
    pub module: String,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
    pub variants: Vec<EnumVariantIr>,
    pub sensitive: bool,
}

impl EnumIr {
    pub fn is_int_enum(&self) -> bool {
        self.variants
            .first()
            .is_some_and(|variant| matches!(variant.value, EnumLiteral::Int(_)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariantIr {
    pub name: String,
    pub value: EnumLiteral,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EnumLiteral {
    String(String),
    Int(i32),
}

/// The Rust type of a value and how it goes on the wire.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueType {
    String,
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Blob,
    Timestamp(TimestampFormat),
    /// A string enum of the `types` module.
    Enum(String),
    /// An intEnum of the `types` module.
    IntEnum(String),
    /// A structure of the `types` module, boxed when it is part of a cycle.
    Structure {
        name: String,
        boxed: bool,
    },
    /// A union of the `types` module, boxed when it is part of a cycle.
    Union {
        name: String,
        boxed: bool,
    },
    /// In XML, items are elements named `item_name` (inside the member's
    /// element, or repeated in place when the member is flattened).
    List {
        item: Box<ValueType>,
        item_name: String,
    },
    /// In XML, `<entry><key_name/><value_name/></entry>` per entry.
    Map {
        key: Box<ValueType>,
        value: Box<ValueType>,
        key_name: String,
        value_name: String,
    },
}

impl ValueType {
    /// A string, boolean or number: one XML text or one query value, which
    /// the runtime reads and writes by its Rust type alone.
    pub fn is_scalar(&self) -> bool {
        // Every kind named, so that a new one is decided here.
        match self {
            ValueType::String
            | ValueType::BigInteger
            | ValueType::BigDecimal
            | ValueType::Boolean
            | ValueType::Byte
            | ValueType::Short
            | ValueType::Integer
            | ValueType::Long
            | ValueType::Float
            | ValueType::Double => true,
            ValueType::Blob
            | ValueType::Timestamp(_)
            | ValueType::Enum(_)
            | ValueType::IntEnum(_)
            | ValueType::Structure { .. }
            | ValueType::Union { .. }
            | ValueType::List { .. }
            | ValueType::Map { .. } => false,
        }
    }
}
