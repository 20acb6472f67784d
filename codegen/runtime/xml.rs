//! Reading XML responses: a pull reader over `quick-xml` that walks elements
//! by local name, with every failure a [`DeserializeError`] and a bound on
//! nesting so that no document can exhaust the stack.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

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
    start: BytesStart<'a>,
}

impl StartTag<'_> {
    /// The name without any namespace prefix.
    pub fn local_name(&self) -> &str {
        self.start.local_name().into_inner()
    }

    /// The value of the attribute with this local name, if present and well formed.
    pub fn attribute(&self, local_name: &str) -> Option<String> {
        self.start
            .attributes()
            .flatten()
            .find(|attribute| attribute.key.local_name().into_inner() == local_name)
            .and_then(|attribute| attribute.normalized_value(XmlVersion::Implicit1_0).ok())
            .map(Cow::into_owned)
    }
}

/// Walks a document element by element.
///
/// After [`XmlReader::next_child`] returns an element, the caller consumes it
/// whole: with [`XmlReader::read_text`], with `next_child` until `None`, or
/// with [`XmlReader::skip`].
pub struct XmlReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    depth: usize,
}

impl<'a> XmlReader<'a> {
    pub fn new(body: &'a [u8]) -> Result<Self, DeserializeError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| DeserializeError::new(DeserializeErrorKind::NotUtf8))?;
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        Ok(XmlReader { reader, depth: 0 })
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
            match self.next_event()? {
                Event::Start(start) => {
                    self.enter()?;
                    return Ok(Some(StartTag { start }));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(None);
                }
                Event::Eof if self.depth == 0 => return Ok(None),
                Event::Eof => return Err(self.error(DeserializeErrorKind::UnexpectedEof)),
                Event::Text(text) if self.depth == 0 && !is_blank(&text) => {
                    return Err(self.error(DeserializeErrorKind::OutsideRoot));
                }
                _ => {}
            }
        }
    }

    /// Checks that nothing but blanks, comments and processing instructions
    /// follows the root element, which must have been read whole.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        loop {
            match self.next_event()? {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                _ => return Err(self.error(DeserializeErrorKind::OutsideRoot)),
            }
        }
    }

    /// The text of the current element, up to and including its end.
    /// `<a/>` and `<a></a>` are the empty string.
    pub fn read_text(&mut self) -> Result<String, DeserializeError> {
        let mut text = String::new();
        loop {
            match self.next_event()? {
                Event::Text(chunk) => text.push_str(&chunk.xml10_content()),
                Event::CData(chunk) => text.push_str(&chunk.xml10_content()),
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(character)) => Some(character),
                        _ => None,
                    };
                    match resolved {
                        Some(character) => text.push(character),
                        None => {
                            let name = reference.into_inner().into_owned();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(value) => text.push_str(value),
                                None => {
                                    return Err(
                                        self.error(DeserializeErrorKind::UnknownEntity(name))
                                    );
                                }
                            }
                        }
                    }
                }
                Event::Start(start) => {
                    let name = start.local_name().into_inner().to_owned();
                    return Err(self.error(DeserializeErrorKind::UnexpectedElement(name)));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(text);
                }
                Event::Eof => return Err(self.error(DeserializeErrorKind::UnexpectedEof)),
                _ => {}
            }
        }
    }

    /// Skips the rest of the current element, children included.
    pub fn skip(&mut self) -> Result<(), DeserializeError> {
        let target = self.depth.saturating_sub(1);
        while self.depth > target {
            match self.next_event()? {
                Event::Start(_) => self.enter()?,
                Event::End(_) => self.depth -= 1,
                Event::Eof => return Err(self.error(DeserializeErrorKind::UnexpectedEof)),
                _ => {}
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
        DeserializeError::at(kind, self.reader.buffer_position())
    }

    fn enter(&mut self) -> Result<(), DeserializeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(DeserializeErrorKind::TooDeep));
        }
        Ok(())
    }

    fn next_event(&mut self) -> Result<Event<'a>, DeserializeError> {
        self.reader.read_event().map_err(|error| {
            DeserializeError::at(
                DeserializeErrorKind::Syntax(error.to_string()),
                self.reader.error_position(),
            )
        })
    }
}

fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_whitespace())
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

pub fn read_string(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<String, DeserializeError> {
    reader.read_text()
}

pub fn read_bool(reader: &mut XmlReader<'_>, _: &StartTag<'_>) -> Result<bool, DeserializeError> {
    parse_bool(&reader.read_text()?)
}

pub fn read_integer<T: std::str::FromStr>(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<T, DeserializeError> {
    parse_integer(&reader.read_text()?)
}

pub fn read_float(reader: &mut XmlReader<'_>, _: &StartTag<'_>) -> Result<f32, DeserializeError> {
    parse_float(&reader.read_text()?)
}

pub fn read_double(reader: &mut XmlReader<'_>, _: &StartTag<'_>) -> Result<f64, DeserializeError> {
    parse_double(&reader.read_text()?)
}

pub fn read_blob(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<Vec<u8>, DeserializeError> {
    parse_blob(&reader.read_text()?)
}

/// A reader of timestamps in `format`.
pub fn read_timestamp(
    format: TimestampFormat,
) -> impl Fn(&mut XmlReader<'_>, &StartTag<'_>) -> Result<DateTime, DeserializeError> {
    move |reader, _| parse_timestamp(&reader.read_text()?, format)
}

/// A string enum: any text is a value (unknown ones are kept as such).
pub fn read_enum<T: for<'s> From<&'s str>>(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<T, DeserializeError> {
    Ok(T::from(reader.read_text()?.as_str()))
}

pub fn read_int_enum<T: From<i32>>(
    reader: &mut XmlReader<'_>,
    _: &StartTag<'_>,
) -> Result<T, DeserializeError> {
    Ok(T::from(parse_integer(&reader.read_text()?)?))
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
