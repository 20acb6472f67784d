//! Reading XML responses: a pull reader that walks elements by local name,
//! with every failure a [`DeserializeError`] and a bound on nesting so that
//! no document can exhaust the stack.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use super::datetime::{DateTime, TimestampFormat};

/// Deeper documents are refused; real responses nest a dozen levels at most.
pub const MAX_DEPTH: usize = 100;

/// Why a response body could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    kind: DeserializeErrorKind,
    /// Byte offset in the body, when known.
    position: Option<u64>,
}

/// What went wrong while reading a response body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeserializeErrorKind {
    /// The body is not UTF-8.
    NotUtf8,
    /// The body is not well-formed XML.
    Syntax(String),
    /// The body ends inside an element (or has no element at all).
    UnexpectedEof,
    /// Elements nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The root element is not the expected one.
    UnexpectedRoot { expected: String, found: String },
    /// An element appeared where text was expected.
    UnexpectedElement(String),
    /// Text or elements before or after the root element.
    OutsideRoot,
    /// An entity other than the XML predefined ones and character references.
    UnknownEntity(String),
    /// A character reference (`&#...;`) to no character that XML allows.
    InvalidCharReference(String),
    /// A text value does not parse as its type.
    InvalidValue {
        expected: &'static str,
        found: String,
    },
    /// A required member is absent.
    MissingMember {
        shape: &'static str,
        member: &'static str,
    },
}

impl DeserializeError {
    pub fn new(kind: DeserializeErrorKind) -> Self {
        DeserializeError {
            kind,
            position: None,
        }
    }

    fn at(kind: DeserializeErrorKind, position: u64) -> Self {
        DeserializeError {
            kind,
            position: Some(position),
        }
    }

    pub fn missing_member(shape: &'static str, member: &'static str) -> Self {
        Self::new(DeserializeErrorKind::MissingMember { shape, member })
    }

    pub fn kind(&self) -> &DeserializeErrorKind {
        &self.kind
    }

    pub fn position(&self) -> Option<u64> {
        self.position
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeserializeErrorKind::NotUtf8 => f.write_str("the response body is not UTF-8")?,
            DeserializeErrorKind::Syntax(message) => write!(f, "malformed XML: {message}")?,
            DeserializeErrorKind::UnexpectedEof => f.write_str("the XML document ends early")?,
            DeserializeErrorKind::TooDeep => {
                write!(f, "XML elements nest deeper than {MAX_DEPTH} levels")?
            }
            DeserializeErrorKind::UnexpectedRoot { expected, found } => {
                write!(f, "expected root element <{expected}>, found <{found}>")?
            }
            DeserializeErrorKind::UnexpectedElement(name) => {
                write!(f, "unexpected element <{name}> inside a text value")?
            }
            DeserializeErrorKind::OutsideRoot => f.write_str("content outside the root element")?,
            DeserializeErrorKind::UnknownEntity(name) => {
                write!(f, "unknown XML entity `&{name};`")?
            }
            DeserializeErrorKind::InvalidCharReference(name) => {
                write!(f, "invalid XML character reference `&{name};`")?
            }
            DeserializeErrorKind::InvalidValue { expected, found } => {
                write!(f, "expected {expected}, found `{found}`")?
            }
            DeserializeErrorKind::MissingMember { shape, member } => {
                write!(f, "required member `{member}` of `{shape}` is missing")?
            }
        }
        if let Some(position) = self.position {
            write!(f, " (at byte {position})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DeserializeError {}

/// An element start: its local name (namespace prefix dropped) and attributes.
#[derive(Clone, Debug)]
pub struct StartTag<'a> {
    local_name: &'a str,
    /// The attributes as written, checked to be well formed when the tag was read.
    attributes: &'a str,
}

impl<'a> StartTag<'a> {
    /// The name without any namespace prefix.
    pub fn local_name(&self) -> &'a str {
        self.local_name
    }

    /// The value of the attribute with this local name, if present.
    pub fn attribute(&self, local_name: &str) -> Option<String> {
        let mut rest = self.attributes;
        while let Ok(Some(attribute)) = next_attribute(rest) {
            if local_part(attribute.name) == local_name {
                return attribute_value(attribute.value).ok();
            }
            rest = attribute.rest;
        }
        None
    }
}

/// Walks a document element by element.
///
/// After [`XmlReader::next_child`] returns an element, the caller consumes it
/// whole: with [`XmlReader::read_text`], with `next_child` until `None`, or
/// with [`XmlReader::skip`].
///
/// The document is tokenized here rather than by an XML library: responses
/// use a small part of XML, and reading just that part straight from the
/// body, with text lent unless it holds a reference, takes about 60% of the
/// time that reading quick-xml's events did (see BENCHMARKS.md), and spares
/// every generated crate two dependencies.
pub struct XmlReader<'a> {
    text: &'a str,
    /// Byte offset of the next token in `text`.
    position: usize,
    /// The qualified names of the open elements, so that each end tag is checked.
    open: Vec<&'a str>,
    /// An element written `<a/>` was returned as a start and is still open.
    empty_open: bool,
}

/// One piece of a document. Comments and processing instructions are
/// passed over by [`XmlReader::next_token`], which never returns them.
enum Token<'a> {
    Start(StartTag<'a>),
    End,
    /// Character data as written: it may hold references and `\r`.
    Text(&'a str),
    /// A CDATA section's content, taken literally.
    CData(&'a str),
    Eof,
}

impl<'a> XmlReader<'a> {
    pub fn new(body: &'a [u8]) -> Result<Self, DeserializeError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| DeserializeError::new(DeserializeErrorKind::NotUtf8))?;
        Ok(XmlReader {
            text,
            position: if text.starts_with('\u{feff}') { 3 } else { 0 },
            open: Vec::with_capacity(16),
            empty_open: false,
        })
    }

    /// The root element; the document must start with it (after any prolog).
    pub fn root(&mut self) -> Result<StartTag<'a>, DeserializeError> {
        self.next_child()?
            .ok_or_else(|| self.error(DeserializeErrorKind::UnexpectedEof))
    }

    /// The root element, which must be named `expected`.
    pub fn expect_root(&mut self, expected: &str) -> Result<StartTag<'a>, DeserializeError> {
        let root = self.root()?;
        if root.local_name() != expected {
            return Err(self.error(DeserializeErrorKind::UnexpectedRoot {
                expected: expected.to_owned(),
                found: root.local_name().to_owned(),
            }));
        }
        Ok(root)
    }

    /// The next child of the current element, or `None` at its end (which
    /// is consumed). Text between elements is ignored.
    pub fn next_child(&mut self) -> Result<Option<StartTag<'a>>, DeserializeError> {
        loop {
            match self.next_token()? {
                Token::Start(start) => return Ok(Some(start)),
                Token::End => return Ok(None),
                Token::Eof if self.open.is_empty() => return Ok(None),
                Token::Eof => return Err(self.error(DeserializeErrorKind::UnexpectedEof)),
                Token::Text(text) if self.open.is_empty() && !is_blank(text) => {
                    return Err(self.error(DeserializeErrorKind::OutsideRoot));
                }
                Token::Text(text) => self.check_references(text)?,
                Token::CData(_) if self.open.is_empty() => {
                    return Err(self.error(DeserializeErrorKind::OutsideRoot));
                }
                Token::CData(_) => {}
            }
        }
    }

    /// Checks that nothing but blanks, comments and processing instructions
    /// follows the root element, which must have been read whole.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        loop {
            match self.next_token()? {
                Token::Eof => return Ok(()),
                Token::Text(text) if is_blank(text) => {}
                _ => return Err(self.error(DeserializeErrorKind::OutsideRoot)),
            }
        }
    }

    /// The text of the current element, up to and including its end.
    /// `<a/>` and `<a></a>` are the empty string.
    pub fn read_text(&mut self) -> Result<String, DeserializeError> {
        self.read_str().map(Cow::into_owned)
    }

    /// Like [`XmlReader::read_text`], borrowing the text from the body when
    /// it holds no reference and no `\r`, as nearly all values do.
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let mut text = Cow::Borrowed("");
        loop {
            match self.next_token()? {
                Token::Text(raw) if text.is_empty() && is_literal_text(raw) => {
                    text = Cow::Borrowed(raw);
                }
                Token::Text(raw) => {
                    unescape(raw, text.to_mut(), push_text_literal)
                        .map_err(|bad| self.reference_error(raw, bad))?;
                }
                Token::CData(raw) => push_text_literal(raw, text.to_mut()),
                Token::Start(start) => {
                    let name = start.local_name().to_owned();
                    return Err(self.error(DeserializeErrorKind::UnexpectedElement(name)));
                }
                Token::End => return Ok(text),
                Token::Eof => return Err(self.error(DeserializeErrorKind::UnexpectedEof)),
            }
        }
    }

    /// Skips the rest of the current element, children included.
    pub fn skip(&mut self) -> Result<(), DeserializeError> {
        let target = self.open.len().saturating_sub(1);
        while self.open.len() > target {
            match self.next_token()? {
                Token::Text(text) => self.check_references(text)?,
                Token::Eof => return Err(self.error(DeserializeErrorKind::UnexpectedEof)),
                Token::Start(_) | Token::End | Token::CData(_) => {}
            }
        }
        Ok(())
    }

    /// Reads the element just entered (`start`) with `read` into `slot`.
    pub fn read_into<T>(
        &mut self,
        slot: &mut Option<T>,
        start: &StartTag<'_>,
        read: impl FnOnce(&mut Self, &StartTag<'_>) -> Result<T, DeserializeError>,
    ) -> Result<(), DeserializeError> {
        *slot = Some(read(self, start)?);
        Ok(())
    }

    /// Reads the string, boolean or number just entered into `slot`.
    #[inline]
    pub fn scalar_into<T: XmlScalar>(
        &mut self,
        slot: &mut Option<T>,
    ) -> Result<(), DeserializeError> {
        *slot = Some(T::read_xml(self)?);
        Ok(())
    }

    /// Reads the wrapped list just entered into `slot`: see [`XmlReader::read_list`].
    pub fn list_into<T>(
        &mut self,
        slot: &mut Option<Vec<T>>,
        item: &str,
        read: impl FnMut(&mut Self, &StartTag<'_>) -> Result<T, DeserializeError>,
    ) -> Result<(), DeserializeError> {
        *slot = Some(self.read_list(item, read)?);
        Ok(())
    }

    /// The items of the wrapped list just entered: each child named `item`,
    /// read with `read`; other children are skipped.
    pub fn read_list<T>(
        &mut self,
        item: &str,
        mut read: impl FnMut(&mut Self, &StartTag<'_>) -> Result<T, DeserializeError>,
    ) -> Result<Vec<T>, DeserializeError> {
        let mut items = Vec::new();
        while let Some(child) = self.next_child()? {
            if child.local_name() == item {
                items.push(read(self, &child)?);
            } else {
                self.skip()?;
            }
        }
        Ok(items)
    }

    /// Adds the element just entered, one item of a flattened list, to `slot`.
    pub fn push_into<T>(
        &mut self,
        slot: &mut Option<Vec<T>>,
        start: &StartTag<'_>,
        read: impl FnOnce(&mut Self, &StartTag<'_>) -> Result<T, DeserializeError>,
    ) -> Result<(), DeserializeError> {
        let item = read(self, start)?;
        slot.get_or_insert_with(Vec::new).push(item);
        Ok(())
    }

    /// Reads the wrapped map just entered into `slot`: see [`XmlReader::read_map`].
    pub fn map_into<K: Ord, V>(
        &mut self,
        slot: &mut Option<BTreeMap<K, V>>,
        names: EntryNames,
        read_key: impl FnMut(&mut Self, &StartTag<'_>) -> Result<K, DeserializeError>,
        read_value: impl FnMut(&mut Self, &StartTag<'_>) -> Result<V, DeserializeError>,
    ) -> Result<(), DeserializeError> {
        *slot = Some(self.read_map(names, read_key, read_value)?);
        Ok(())
    }

    /// The entries of the wrapped map just entered: each `<entry>` child
    /// with its key and value elements; other children are skipped.
    pub fn read_map<K: Ord, V>(
        &mut self,
        names: EntryNames,
        mut read_key: impl FnMut(&mut Self, &StartTag<'_>) -> Result<K, DeserializeError>,
        mut read_value: impl FnMut(&mut Self, &StartTag<'_>) -> Result<V, DeserializeError>,
    ) -> Result<BTreeMap<K, V>, DeserializeError> {
        let mut entries = BTreeMap::new();
        while let Some(child) = self.next_child()? {
            if child.local_name() == "entry" {
                let (key, value) = self.read_entry(names, &mut read_key, &mut read_value)?;
                entries.insert(key, value);
            } else {
                self.skip()?;
            }
        }
        Ok(entries)
    }

    /// Adds the element just entered, one entry of a flattened map, to `slot`.
    pub fn insert_into<K: Ord, V>(
        &mut self,
        slot: &mut Option<BTreeMap<K, V>>,
        names: EntryNames,
        mut read_key: impl FnMut(&mut Self, &StartTag<'_>) -> Result<K, DeserializeError>,
        mut read_value: impl FnMut(&mut Self, &StartTag<'_>) -> Result<V, DeserializeError>,
    ) -> Result<(), DeserializeError> {
        let (key, value) = self.read_entry(names, &mut read_key, &mut read_value)?;
        slot.get_or_insert_with(BTreeMap::new).insert(key, value);
        Ok(())
    }

    /// The key and value of the entry element just entered.
    fn read_entry<K, V>(
        &mut self,
        names: EntryNames,
        read_key: &mut impl FnMut(&mut Self, &StartTag<'_>) -> Result<K, DeserializeError>,
        read_value: &mut impl FnMut(&mut Self, &StartTag<'_>) -> Result<V, DeserializeError>,
    ) -> Result<(K, V), DeserializeError> {
        let (mut key, mut value) = (None, None);
        while let Some(part) = self.next_child()? {
            match part.local_name() {
                name if name == names.key => key = Some(read_key(self, &part)?),
                name if name == names.value => value = Some(read_value(self, &part)?),
                _ => self.skip()?,
            }
        }
        match (key, value) {
            (Some(key), Some(value)) => Ok((key, value)),
            _ => Err(DeserializeError::missing_member(
                "map entry",
                "key or value",
            )),
        }
    }

    /// An error at the current position.
    pub fn error(&self, kind: DeserializeErrorKind) -> DeserializeError {
        DeserializeError::at(kind, self.position as u64)
    }

    fn next_token(&mut self) -> Result<Token<'a>, DeserializeError> {
        if self.empty_open {
            self.empty_open = false;
            self.open.pop();
            return Ok(Token::End);
        }
        let text = self.text;
        loop {
            let rest = &text[self.position..];
            let Some(markup) = rest.strip_prefix('<') else {
                if rest.is_empty() {
                    return Ok(Token::Eof);
                }
                // Values are a few bytes long: a plain loop finds their end
                // sooner than `str::find`'s `memchr`, which pays off on long runs.
                let length = rest
                    .bytes()
                    .position(|byte| byte == b'<')
                    .unwrap_or(rest.len());
                self.position += length;
                return Ok(Token::Text(&rest[..length]));
            };
            match markup.as_bytes().first() {
                Some(b'/') => return self.end_tag(&markup[1..]),
                Some(b'?') => {
                    self.section("<?", "?>")?;
                }
                Some(b'!') if markup.starts_with("!--") => {
                    self.section("<!--", "-->")?;
                }
                Some(b'!') if markup.starts_with("![CDATA[") => {
                    return self.section("<![CDATA[", "]]>").map(Token::CData);
                }
                // Error pages from proxies start with `<!DOCTYPE html>`: passed
                // over, so that the error is about their root element.
                Some(b'!') if markup.starts_with("!DOCTYPE") && self.open.is_empty() => {
                    let start = self.position;
                    let declaration = self.section("<!DOCTYPE", ">")?;
                    // An internal subset could declare entities, which
                    // responses never do, so it is refused rather than ignored.
                    if declaration.contains('[') {
                        return Err(DeserializeError::at(
                            syntax(
                                "document type declarations with an internal subset are not supported",
                            ),
                            start as u64,
                        ));
                    }
                }
                Some(b'!') => {
                    return Err(self.error(syntax(
                        "`<!` starts no comment, CDATA section or document type declaration",
                    )));
                }
                _ => return self.start_tag(markup),
            }
        }
    }

    /// The content of the comment, processing instruction or CDATA section
    /// at the current position, which starts with `open`; moves past it.
    fn section(&mut self, open: &str, close: &str) -> Result<&'a str, DeserializeError> {
        let content = &self.text[self.position + open.len()..];
        let length = content
            .find(close)
            .ok_or_else(|| self.error(DeserializeErrorKind::UnexpectedEof))?;
        self.position += open.len() + length + close.len();
        Ok(&content[..length])
    }

    /// Reads the start tag whose `<` is at the current position; `markup`
    /// is the text after that `<`.
    fn start_tag(&mut self, markup: &'a str) -> Result<Token<'a>, DeserializeError> {
        let name_length = name_length(markup);
        if name_length == 0 {
            return Err(self.error(syntax("expected an element name after `<`")));
        }
        let (name, after_name) = markup.split_at(name_length);
        let mut rest = after_name;
        while let Some(attribute) = next_attribute(rest).map_err(|kind| self.error(kind))? {
            // Checked now, so that a bad reference is an error even when the
            // attribute is never asked for.
            if attribute.value.contains('&') {
                attribute_value(attribute.value).map_err(|bad| self.error(bad.kind))?;
            }
            rest = attribute.rest;
        }
        let rest = trim_blank_start(rest);
        let (empty, close_length) = if rest.starts_with('>') {
            (false, 1)
        } else {
            (true, 2)
        };
        let attributes_length = after_name.len() - rest.len() + close_length;
        self.open.push(name);
        if self.open.len() > MAX_DEPTH {
            return Err(self.error(DeserializeErrorKind::TooDeep));
        }
        self.position = self.text.len() - rest.len() + close_length;
        self.empty_open = empty;
        Ok(Token::Start(StartTag {
            local_name: local_part(name),
            attributes: &after_name[..attributes_length],
        }))
    }

    /// Reads the end tag whose `</` is at the current position; `markup` is
    /// the text after that `</`.
    fn end_tag(&mut self, markup: &'a str) -> Result<Token<'a>, DeserializeError> {
        // Matching the open element's name directly is cheaper than reading
        // a name and comparing it.
        let open = self.open.last().copied().unwrap_or_default();
        let rest = match markup.strip_prefix(open) {
            Some(rest) if !open.is_empty() && !rest.bytes().next().is_some_and(is_name_byte) => {
                trim_blank_start(rest)
            }
            _ => {
                let name = &markup[..name_length(markup)];
                return Err(self.error(match open {
                    "" => syntax(&format!("end tag </{name}> without a start tag")),
                    open => syntax(&format!("end tag </{name}> does not match <{open}>")),
                }));
            }
        };
        if !rest.starts_with('>') {
            return Err(self.error(match rest.is_empty() {
                true => DeserializeErrorKind::UnexpectedEof,
                false => syntax("expected `>` after the name of an end tag"),
            }));
        }
        self.open.pop();
        self.position = self.text.len() - rest.len() + 1;
        Ok(Token::End)
    }

    /// Text that is not a value (between elements, or in a skipped one)
    /// must still be well formed.
    fn check_references(&self, text: &str) -> Result<(), DeserializeError> {
        if text.contains('&') {
            unescape(text, &mut String::new(), |_, _| {})
                .map_err(|bad| self.reference_error(text, bad))?;
        }
        Ok(())
    }

    /// The error of a bad reference in `text`, the text token just read.
    fn reference_error(&self, text: &str, bad: BadReference) -> DeserializeError {
        let start = self.position - text.len();
        DeserializeError::at(bad.kind, (start + bad.offset) as u64)
    }
}

fn syntax(message: &str) -> DeserializeErrorKind {
    DeserializeErrorKind::Syntax(message.to_owned())
}

fn is_blank(text: &str) -> bool {
    text.bytes().all(|byte| byte.is_ascii_whitespace())
}

fn trim_blank_start(text: &str) -> &str {
    text.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// The length of the XML name that `text` starts with (0 if none). Names
/// are checked by ASCII rules; any other character is taken as a name
/// character, which stops a name only at ASCII, so always on a char boundary.
fn name_length(text: &str) -> usize {
    match text.as_bytes().first() {
        Some(&first) if is_name_start(first) => text
            .bytes()
            .position(|byte| !is_name_byte(byte))
            .unwrap_or(text.len()),
        _ => 0,
    }
}

fn is_name_start(byte: u8) -> bool {
    NAME_BYTES[usize::from(byte)] == NAME_START
}

fn is_name_byte(byte: u8) -> bool {
    NAME_BYTES[usize::from(byte)] != 0
}

const NAME_START: u8 = 2;

/// Per byte: `NAME_START` if a name may start with it, 1 if it may only
/// follow, 0 if it ends a name. A table because names are most of a
/// response's markup.
static NAME_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_alphabetic() || b == b'_' || b == b':' || !b.is_ascii() {
            NAME_START
        } else if b.is_ascii_digit() || b == b'-' || b == b'.' {
            1
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// A name without its namespace prefix.
fn local_part(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, local)| local)
}

/// One attribute of a start tag, as written, and the tag after it.
struct Attribute<'a> {
    name: &'a str,
    value: &'a str,
    rest: &'a str,
}

/// The attribute that `tag` (a start tag after its name or after an
/// attribute) starts with, or `None` where the tag ends with `>` or `/>`.
fn next_attribute(tag: &str) -> Result<Option<Attribute<'_>>, DeserializeErrorKind> {
    let rest = trim_blank_start(tag);
    if rest.starts_with('>') || rest.starts_with("/>") {
        return Ok(None);
    }
    if rest.is_empty() {
        return Err(DeserializeErrorKind::UnexpectedEof);
    }
    if rest.len() == tag.len() {
        return Err(syntax("expected whitespace, `>` or `/>` in a start tag"));
    }
    let name_length = name_length(rest);
    if name_length == 0 {
        return Err(syntax("expected an attribute name"));
    }
    let (name, rest) = rest.split_at(name_length);
    let rest = match trim_blank_start(rest).strip_prefix('=') {
        Some(rest) => trim_blank_start(rest),
        None if rest.trim_start().is_empty() => return Err(DeserializeErrorKind::UnexpectedEof),
        None => return Err(syntax("expected `=` after an attribute name")),
    };
    let quote = match rest.bytes().next() {
        Some(quote @ (b'"' | b'\'')) => char::from(quote),
        Some(_) => return Err(syntax("an attribute value must be quoted")),
        None => return Err(DeserializeErrorKind::UnexpectedEof),
    };
    let rest = &rest[1..];
    let length = rest
        .find(quote)
        .ok_or(DeserializeErrorKind::UnexpectedEof)?;
    let value = &rest[..length];
    if value.contains('<') {
        return Err(syntax("`<` in an attribute value"));
    }
    Ok(Some(Attribute {
        name,
        value,
        rest: &rest[length + 1..],
    }))
}

/// An attribute's value as written, with references replaced and blanks
/// normalized as XML 1.0 says.
fn attribute_value(value: &str) -> Result<String, BadReference> {
    let mut normalized = String::with_capacity(value.len());
    unescape(value, &mut normalized, push_attribute_literal)?;
    Ok(normalized)
}

/// Text that reads as written: no reference and no line end to normalize.
fn is_literal_text(text: &str) -> bool {
    !text.bytes().any(|byte| matches!(byte, b'&' | b'\r'))
}

/// A reference that cannot be replaced, at `offset` bytes into its text.
struct BadReference {
    offset: usize,
    kind: DeserializeErrorKind,
}

/// Appends `raw` (character data) to `out` with its references replaced;
/// `literal` appends the text between references.
fn unescape(
    raw: &str,
    out: &mut String,
    literal: fn(&str, &mut String),
) -> Result<(), BadReference> {
    let mut rest = raw;
    while let Some(ampersand) = rest.find('&') {
        literal(&rest[..ampersand], out);
        let bad = |kind| BadReference {
            offset: raw.len() - rest.len() + ampersand,
            kind,
        };
        let reference = &rest[ampersand + 1..];
        let length = reference
            .bytes()
            .position(|byte| !(is_name_byte(byte) || byte == b'#'))
            .unwrap_or(reference.len());
        if reference.as_bytes().get(length) != Some(&b';') {
            return Err(bad(syntax("a reference `&...` must end with `;`")));
        }
        let name = &reference[..length];
        match name {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "apos" => out.push('\''),
            "quot" => out.push('"'),
            _ => match name.strip_prefix('#').map(char_reference) {
                Some(Some(character)) => out.push(character),
                Some(None) => {
                    return Err(bad(DeserializeErrorKind::InvalidCharReference(
                        name.to_owned(),
                    )));
                }
                None => return Err(bad(DeserializeErrorKind::UnknownEntity(name.to_owned()))),
            },
        }
        rest = &reference[length + 1..];
    }
    literal(rest, out);
    Ok(())
}

/// The character that `&#number;` refers to, if XML allows it.
fn char_reference(number: &str) -> Option<char> {
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    // `from_str_radix` would also take a sign.
    if digits.is_empty() || !digits.chars().all(|digit| digit.is_digit(radix)) {
        return None;
    }
    let character = char::from_u32(u32::from_str_radix(digits, radix).ok()?)?;
    matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        .then_some(character)
}

/// Text with XML 1.0's line-end normalization: `\r\n` and a lone `\r` are `\n`.
fn push_text_literal(text: &str, out: &mut String) {
    let mut lines = text.split('\r');
    out.push_str(lines.next().unwrap_or_default());
    for line in lines {
        out.push('\n');
        out.push_str(line.strip_prefix('\n').unwrap_or(line));
    }
}

/// An attribute's text, normalized: each line end, tab or newline is a space.
fn push_attribute_literal(text: &str, out: &mut String) {
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\r' => {
                characters.next_if_eq(&'\n');
                out.push(' ');
            }
            '\t' | '\n' => out.push(' '),
            character => out.push(character),
        }
    }
}

/// Reads a whole document whose root element must be `root`: `read` gets
/// the reader just inside it, and nothing may follow it.
pub fn read_document<T>(
    body: &[u8],
    root: &str,
    read: impl FnOnce(&mut XmlReader<'_>, &StartTag<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut reader = XmlReader::new(body)?;
    let start = reader.expect_root(root)?;
    let value = read(&mut reader, &start)?;
    reader.finish()?;
    Ok(value)
}

/// The element names of a map entry's key and value (`key`, `value` unless
/// the model says otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryNames {
    pub key: &'static str,
    pub value: &'static str,
}

// Readers of one value from the element just entered, consuming it: what
// the generated deserializers hand to `read_into`, `list_into` and the rest.

/// A value an element's text holds: a string, a boolean or a number.
pub trait XmlScalar: Sized {
    /// Reads the text of the element just entered, consuming it.
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, DeserializeError>;
}

impl XmlScalar for String {
    #[inline]
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_text()
    }
}

impl XmlScalar for bool {
    #[inline]
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, DeserializeError> {
        parse_bool(&reader.read_str()?)
    }
}

impl XmlScalar for f32 {
    #[inline]
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, DeserializeError> {
        parse_float(&reader.read_str()?)
    }
}

impl XmlScalar for f64 {
    #[inline]
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, DeserializeError> {
        parse_double(&reader.read_str()?)
    }
}

macro_rules! integer_scalars {
    ($($ty:ty),*) => {$(
        impl XmlScalar for $ty {
            #[inline]
            fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, DeserializeError> {
                parse_integer(&reader.read_str()?)
            }
        }
    )*};
}

integer_scalars!(i8, i16, i32, i64);

/// Reads a string, boolean or number: its type is the slot's or item's.
#[inline]
pub fn read_scalar<T: XmlScalar>(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<T, DeserializeError> {
    T::read_xml(reader)
}

pub fn read_blob(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<Vec<u8>, DeserializeError> {
    parse_blob(&reader.read_str()?)
}

/// A reader of timestamps in `format`.
pub fn read_timestamp(
    format: TimestampFormat,
) -> impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<DateTime, DeserializeError> {
    move |reader, _| parse_timestamp(&reader.read_str()?, format)
}

/// A string enum: any text is a value (unknown ones are kept as such).
pub fn read_enum<T: for<'s> From<&'s str>>(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<T, DeserializeError> {
    Ok(T::from(&reader.read_str()?))
}

pub fn read_int_enum<T: From<i32>>(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<T, DeserializeError> {
    Ok(T::from(parse_integer(&reader.read_str()?)?))
}

/// `read`, boxing what it reads (a member that closes a cycle of structures).
pub fn boxed<T>(
    read: impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<T, DeserializeError>,
) -> impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<Box<T>, DeserializeError> {
    move |reader, start| read(reader, start).map(Box::new)
}

/// A reader of a wrapped list whose items are named `item` (a list inside
/// a list or a map).
pub fn list_of<T>(
    item: &'static str,
    read: impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<T, DeserializeError>,
) -> impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<Vec<T>, DeserializeError> {
    move |reader, _| reader.read_list(item, &read)
}

/// A reader of a wrapped map (a map inside a list or a map).
pub fn map_of<K: Ord, V>(
    names: EntryNames,
    read_key: impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<K, DeserializeError>,
    read_value: impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<V, DeserializeError>,
) -> impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<BTreeMap<K, V>, DeserializeError> {
    move |reader, _| reader.read_map(names, &read_key, &read_value)
}

/// `true` or `false`.
pub fn parse_bool(text: &str) -> Result<bool, DeserializeError> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid("a boolean", text)),
    }
}

/// A decimal integer of the target type's range.
pub fn parse_integer<T: std::str::FromStr>(text: &str) -> Result<T, DeserializeError> {
    text.trim().parse().map_err(|_| invalid("an integer", text))
}

/// A decimal number, or `NaN`, `Infinity`, `-Infinity`.
pub fn parse_double(text: &str) -> Result<f64, DeserializeError> {
    match text.trim() {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        number if is_decimal_number(number) => {
            number.parse().map_err(|_| invalid("a number", text))
        }
        _ => Err(invalid("a number", text)),
    }
}

/// Like [`parse_double`], for `f32` members.
pub fn parse_float(text: &str) -> Result<f32, DeserializeError> {
    match text.trim() {
        "NaN" => Ok(f32::NAN),
        "Infinity" => Ok(f32::INFINITY),
        "-Infinity" => Ok(f32::NEG_INFINITY),
        number if is_decimal_number(number) => {
            number.parse().map_err(|_| invalid("a number", text))
        }
        _ => Err(invalid("a number", text)),
    }
}

/// Rust's float parser also takes `inf` and `nan` spellings the protocol does not.
fn is_decimal_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || matches!(byte, b'-' | b'+' | b'.' | b'e' | b'E'))
}

/// Standard base64; an empty element is an empty blob.
pub fn parse_blob(text: &str) -> Result<Vec<u8>, DeserializeError> {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| invalid("base64", text))
}

pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    DateTime::parse(text.trim(), format).map_err(|_| {
        invalid(
            match format {
                TimestampFormat::DateTime => "an RFC 3339 date-time",
                TimestampFormat::EpochSeconds => "epoch seconds",
                TimestampFormat::HttpDate => "an HTTP date",
            },
            text,
        )
    })
}

fn invalid(expected: &'static str, found: &str) -> DeserializeError {
    let mut found = found.to_owned();
    if found.len() > 64 {
        let cut = (0..=64)
            .rev()
            .find(|&index| found.is_char_boundary(index))
            .unwrap_or(0);
        found.truncate(cut);
        found.push('…');
    }
    DeserializeError::new(DeserializeErrorKind::InvalidValue { expected, found })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn children(body: &str) -> Result<Vec<(String, String)>, DeserializeError> {
        let mut reader = XmlReader::new(body.as_bytes())?;
        reader.root()?;
        let mut found = Vec::new();
        while let Some(child) = reader.next_child()? {
            let name = child.local_name().to_owned();
            found.push((name, reader.read_text()?));
        }
        Ok(found)
    }

    #[test]
    fn reads_children_text_entities_and_empty_elements() {
        let body = r#"<?xml version="1.0"?><R xmlns="x"><a>1 &amp; 2 &lt;3&gt; &#233;&#x41;</a>
            <b/><c></c><ns:d xmlns:ns="y"><![CDATA[<raw>]]></ns:d></R>"#;
        assert_eq!(
            children(body).unwrap(),
            vec![
                ("a".to_owned(), "1 & 2 <3> éA".to_owned()),
                ("b".to_owned(), String::new()),
                ("c".to_owned(), String::new()),
                ("d".to_owned(), "<raw>".to_owned()),
            ]
        );
    }

    #[test]
    fn skips_whole_subtrees() {
        let mut reader = XmlReader::new(b"<R><x><y><z/></y></x><a>v</a></R>").unwrap();
        reader.root().unwrap();
        let first = reader.next_child().unwrap().unwrap();
        assert_eq!(first.local_name(), "x");
        reader.skip().unwrap();
        let second = reader.next_child().unwrap().unwrap();
        assert_eq!(second.local_name(), "a");
        assert_eq!(reader.read_text().unwrap(), "v");
        assert!(reader.next_child().unwrap().is_none());
    }

    #[test]
    fn malformed_documents_are_errors() {
        let bodies = [
            "",
            "<R>",
            "<R><a>x</R>",
            "<R><a>x</b></R>",
            "<R><a>&bogus;</a></R>",
            "<<",
            "<R><a><b/></a></R>",
        ];
        for body in bodies {
            assert!(children(body).is_err(), "{body} should be an error");
        }
        assert!(matches!(
            XmlReader::new(&[0xff, 0xfe])
                .err()
                .map(|error| error.kind().clone()),
            Some(DeserializeErrorKind::NotUtf8)
        ));
    }

    #[test]
    fn nesting_is_bounded() {
        let body = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        let mut reader = XmlReader::new(body.as_bytes()).unwrap();
        let mut result = reader.root().map(|_| ());
        while result.is_ok() {
            match reader.next_child() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(error) => result = Err(error),
            }
        }
        assert_eq!(result.unwrap_err().kind(), &DeserializeErrorKind::TooDeep);
    }

    #[test]
    fn refuses_content_outside_the_root() {
        for body in ["text<R/>", "<R/><x/>", "<R/>tail", "<R/></R>"] {
            let mut reader = XmlReader::new(body.as_bytes()).unwrap();
            let result = reader
                .root()
                .and_then(|_| while_children(&mut reader))
                .and_then(|()| reader.finish());
            assert!(result.is_err(), "{body}");
        }
        let mut reader = XmlReader::new(b"<?xml version=\"1.0\"?>\n<R/>\n<!-- c -->\n").unwrap();
        reader.root().unwrap();
        assert!(reader.next_child().unwrap().is_none());
        reader.finish().unwrap();
    }

    fn while_children(reader: &mut XmlReader<'_>) -> Result<(), DeserializeError> {
        while reader.next_child()?.is_some() {
            reader.skip()?;
        }
        Ok(())
    }

    #[test]
    fn reads_whole_documents() {
        // Like a generated deserializer: reads the root's children to its end.
        let read = |reader: &mut XmlReader<'_>, _: &StartTag<'_>| {
            let mut names = Vec::new();
            while let Some(child) = reader.next_child()? {
                names.push(child.local_name().to_owned());
                reader.skip()?;
            }
            Ok(names)
        };
        assert_eq!(
            read_document(b"<R><a>1</a><b/></R>", "R", read).unwrap(),
            ["a", "b"]
        );
        assert!(read_document(b"<R><a>1</a></R><R/>", "R", read).is_err());
        assert!(read_document(b"<S><a>1</a></S>", "R", read).is_err());
    }

    #[test]
    fn checks_the_root() {
        let mut reader = XmlReader::new(b"<Other/>").unwrap();
        let error = reader.expect_root("FooResponse").unwrap_err();
        assert_eq!(
            error.kind(),
            &DeserializeErrorKind::UnexpectedRoot {
                expected: "FooResponse".to_owned(),
                found: "Other".to_owned()
            }
        );
    }

    #[test]
    fn parses_scalars() {
        assert!(parse_bool("true").unwrap());
        assert!(parse_bool("yes").is_err());
        assert_eq!(parse_integer::<i8>("-12").unwrap(), -12);
        assert!(parse_integer::<i8>("300").is_err());
        assert!(parse_double("NaN").unwrap().is_nan());
        assert_eq!(parse_double("-Infinity").unwrap(), f64::NEG_INFINITY);
        assert!(parse_double("inf").is_err());
        assert_eq!(parse_float("5.5").unwrap(), 5.5);
        assert_eq!(parse_blob("dmFsdWU=").unwrap(), b"value");
        assert_eq!(parse_blob("").unwrap(), b"");
        assert!(parse_blob("!!").is_err());
        assert_eq!(
            parse_timestamp("2014-04-29T18:30:38+00:00", TimestampFormat::DateTime)
                .unwrap()
                .secs(),
            1398796238
        );
    }
}
