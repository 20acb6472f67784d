//! A small JSON reader (RFC 8259) for the few documents the client reads at
//! run time: the output of a `credential_process`, and the credentials that
//! the instance metadata service and container endpoints answer with. They
//! are small and few, so a tree of values is simpler than a serde
//! dependency in every generated crate.

use std::error::Error;
use std::fmt;

/// How deeply arrays and objects may nest: recursion per level stays far
/// from the stack's end, and no real document comes near it.
pub const MAX_DEPTH: usize = 64;

/// A JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(JsonNumber),
    String(String),
    Array(Vec<JsonValue>),
    /// Members in document order; a repeated name is kept, and
    /// [`JsonValue::get`] finds the last one.
    Object(Vec<(String, JsonValue)>),
}

impl JsonValue {
    /// An object's member (the last of that name); `None` for other values.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonValue::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            JsonValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&JsonNumber> {
        match self {
            JsonValue::Number(number) => Some(number),
            _ => None,
        }
    }

    /// A number's nearest `f64`; see [`JsonNumber::as_f64`].
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number()?.as_f64()
    }

    /// A number written as an integer that fits; see [`JsonNumber::as_i64`].
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number()?.as_i64()
    }

    /// A number written as an integer that fits; see [`JsonNumber::as_u64`].
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    pub fn as_array(&self) -> Option<&[JsonValue]> {
        match self {
            JsonValue::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, JsonValue)]> {
        match self {
            JsonValue::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, JsonValue::Null)
    }

    /// `"null"`, `"a boolean"`, `"a number"`, ...: for messages such as
    /// "`Expiration` is a number, expected a string".
    pub fn kind_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }
}

/// A number as the document wrote it, so that no digit is lost before the
/// reader knows which type it wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonNumber(String);

impl JsonNumber {
    /// A finite `f64`, in the shortest text that reads back as the same value.
    pub fn from_f64(value: f64) -> Option<Self> {
        value.is_finite().then(|| JsonNumber(value.to_string()))
    }

    /// The text, as written in the document.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`; `None` when the number is beyond `f64`'s range
    /// (such as `1e400`).
    pub fn as_f64(&self) -> Option<f64> {
        self.0.parse::<f64>().ok().filter(|value| value.is_finite())
    }

    /// The value when written as an integer (no fraction, no exponent) that
    /// fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// The value when written as an integer (no fraction, no exponent) that
    /// fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl From<i64> for JsonNumber {
    fn from(value: i64) -> Self {
        JsonNumber(value.to_string())
    }
}

impl From<u64> for JsonNumber {
    fn from(value: u64) -> Self {
        JsonNumber(value.to_string())
    }
}

impl fmt::Display for JsonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a document is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    offset: usize,
    kind: JsonErrorKind,
    found: Option<char>,
}

/// What the reader expected where it stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// A value: `{`, `[`, `"`, a number, `true`, `false` or `null`.
    ExpectedValue,
    /// The rest of `true`, `false` or `null`.
    ExpectedLiteral(&'static str),
    /// A digit of a number.
    ExpectedDigit,
    /// `,` or `]` after an array element.
    ExpectedCommaOrArrayEnd,
    /// `,` or `}` after an object member.
    ExpectedCommaOrObjectEnd,
    /// A member name (a string) in an object.
    ExpectedMemberName,
    /// `:` after a member name.
    ExpectedColon,
    /// One of `" \ / b f n r t u` after a `\` in a string.
    ExpectedEscape,
    /// One of the four hexadecimal digits of a `\u` escape.
    ExpectedHexDigit,
    /// The other half of a surrogate pair: a `\u` escape is half of a
    /// character beyond U+FFFF and the other half is not next to it.
    ExpectedSurrogatePair,
    /// The closing `"` of a string.
    ExpectedClosingQuote,
    /// An escape instead of a control character (below U+0020) in a string.
    UnescapedControlCharacter,
    /// Nothing but whitespace after the document's value.
    ExpectedEnd,
    /// At most [`MAX_DEPTH`] nested arrays and objects.
    TooDeep,
}

impl JsonError {
    /// The byte offset in the document where the reader stopped.
    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn kind(&self) -> JsonErrorKind {
        self.kind
    }

    /// The character at [`JsonError::offset`]; `None` at the end of the text.
    pub fn found(&self) -> Option<char> {
        self.found
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = match self.kind {
            JsonErrorKind::ExpectedValue => "expected a value",
            JsonErrorKind::ExpectedLiteral(literal) => {
                return write!(
                    f,
                    "expected `{literal}` at byte {}, found {}",
                    self.offset,
                    Found(self.found)
                );
            }
            JsonErrorKind::ExpectedDigit => "expected a digit",
            JsonErrorKind::ExpectedCommaOrArrayEnd => "expected `,` or `]` after an array element",
            JsonErrorKind::ExpectedCommaOrObjectEnd => "expected `,` or `}` after an object member",
            JsonErrorKind::ExpectedMemberName => "expected a member name in quotes",
            JsonErrorKind::ExpectedColon => "expected `:` after a member name",
            JsonErrorKind::ExpectedEscape => "expected an escape (one of `\"\\/bfnrtu`) after `\\`",
            JsonErrorKind::ExpectedHexDigit => "expected a hexadecimal digit of a `\\u` escape",
            JsonErrorKind::ExpectedSurrogatePair => {
                "expected a `\\u` escape to be one half of a surrogate pair with the other \
                 next to it"
            }
            JsonErrorKind::ExpectedClosingQuote => "expected the closing `\"` of a string",
            JsonErrorKind::UnescapedControlCharacter => {
                "expected an escape instead of a control character in a string"
            }
            JsonErrorKind::ExpectedEnd => "expected the end of the document",
            JsonErrorKind::TooDeep => {
                return write!(
                    f,
                    "more than {MAX_DEPTH} nested arrays and objects at byte {}",
                    self.offset
                );
            }
        };
        write!(
            f,
            "{expected} at byte {}, found {}",
            self.offset,
            Found(self.found)
        )
    }
}

impl Error for JsonError {}

struct Found(Option<char>);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(character) => write!(f, "{character:?}"),
            None => f.write_str("the end of the text"),
        }
    }
}

/// Reads a whole document: one value, with only whitespace around it.
pub fn parse(text: &str) -> Result<JsonValue, JsonError> {
    let mut reader = Reader { text, offset: 0 };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.peek().is_some() {
        return Err(reader.error(JsonErrorKind::ExpectedEnd));
    }
    Ok(value)
}

/// The reader stops only at ASCII bytes or the end, so `offset` is always
/// on a character boundary.
struct Reader<'a> {
    text: &'a str,
    offset: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.offset).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.offset += 1;
        }
        found
    }

    fn error(&self, kind: JsonErrorKind) -> JsonError {
        self.error_at(self.offset, kind)
    }

    fn error_at(&self, offset: usize, kind: JsonErrorKind) -> JsonError {
        JsonError {
            offset,
            kind,
            found: self.text.get(offset..).and_then(|rest| rest.chars().next()),
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.offset += 1;
        }
    }

    /// `depth`: how many arrays and objects enclose the value.
    fn value(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        match self.peek() {
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(b'"') => self.string().map(JsonValue::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", JsonValue::Bool(true)),
            Some(b'f') => self.literal("false", JsonValue::Bool(false)),
            Some(b'n') => self.literal("null", JsonValue::Null),
            _ => Err(self.error(JsonErrorKind::ExpectedValue)),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.enter(depth)?;
        self.offset += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(JsonValue::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(JsonValue::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error(JsonErrorKind::ExpectedCommaOrArrayEnd));
            }
            self.skip_whitespace();
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.enter(depth)?;
        self.offset += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(JsonValue::Object(members));
        }
        loop {
            members.push(self.member(depth)?);
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(JsonValue::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error(JsonErrorKind::ExpectedCommaOrObjectEnd));
            }
            self.skip_whitespace();
        }
    }

    fn member(&mut self, depth: usize) -> Result<(String, JsonValue), JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.error(JsonErrorKind::ExpectedMemberName));
        }
        let name = self.string()?;
        self.skip_whitespace();
        if !self.eat(b':') {
            return Err(self.error(JsonErrorKind::ExpectedColon));
        }
        self.skip_whitespace();
        Ok((name, self.value(depth)?))
    }

    /// Compares byte by byte so that the error points at the first wrong one.
    fn literal(&mut self, literal: &'static str, value: JsonValue) -> Result<JsonValue, JsonError> {
        for &expected in literal.as_bytes() {
            if !self.eat(expected) {
                return Err(self.error(JsonErrorKind::ExpectedLiteral(literal)));
            }
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<JsonValue, JsonError> {
        let start = self.offset;
        self.eat(b'-');
        // A leading zero stands alone: `01` is not a number.
        if !self.eat(b'0') {
            self.digits()?;
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.digits()?;
        }
        let text = &self.text[start..self.offset];
        Ok(JsonValue::Number(JsonNumber(text.to_owned())))
    }

    /// One or more.
    fn digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error(JsonErrorKind::ExpectedDigit));
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.offset += 1;
        }
        Ok(())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.offset += 1;
        let mut text = String::new();
        loop {
            let run = self.offset;
            while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20)
            {
                self.offset += 1;
            }
            text.push_str(&self.text[run..self.offset]);
            match self.peek() {
                Some(b'"') => {
                    self.offset += 1;
                    return Ok(text);
                }
                Some(b'\\') => text.push(self.escape()?),
                Some(_) => return Err(self.error(JsonErrorKind::UnescapedControlCharacter)),
                None => return Err(self.error(JsonErrorKind::ExpectedClosingQuote)),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let start = self.offset;
        self.offset += 1;
        let character = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(start),
            _ => return Err(self.error(JsonErrorKind::ExpectedEscape)),
        };
        self.offset += 1;
        Ok(character)
    }

    /// `\uXXXX`, or two of them for a character beyond U+FFFF (UTF-16's
    /// surrogate pair); a lone half is no character and cannot be in a
    /// `String`.
    fn unicode_escape(&mut self, start: usize) -> Result<char, JsonError> {
        self.offset += 1;
        let unit = self.hex4()?;
        let code = match unit {
            0xD800..=0xDBFF => {
                let low_start = self.offset;
                if !self.text[low_start..].starts_with("\\u") {
                    return Err(self.error_at(start, JsonErrorKind::ExpectedSurrogatePair));
                }
                self.offset += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error_at(start, JsonErrorKind::ExpectedSurrogatePair));
                }
                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error_at(start, JsonErrorKind::ExpectedSurrogatePair));
            }
            _ => unit,
        };
        char::from_u32(code)
            .ok_or_else(|| self.error_at(start, JsonErrorKind::ExpectedSurrogatePair))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0;
        for _ in 0..4 {
            let Some(digit) = self.peek().and_then(|byte| char::from(byte).to_digit(16)) else {
                return Err(self.error(JsonErrorKind::ExpectedHexDigit));
            };
            value = value * 16 + digit;
            self.offset += 1;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> JsonValue {
        JsonValue::Number(JsonNumber(text.to_owned()))
    }

    fn string(text: &str) -> JsonValue {
        JsonValue::String(text.to_owned())
    }

    #[test]
    fn reads_a_credential_process_document() {
        let value = parse(
            r#" {"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "secret",
                "SessionToken": null, "Expiration": "2030-01-01T00:00:00Z",
                "Extra": [true, false, {"x": -1.5e3}]}
            "#,
        )
        .unwrap();
        assert_eq!(value.get("Version").and_then(JsonValue::as_u64), Some(1));
        assert_eq!(
            value.get("AccessKeyId").and_then(JsonValue::as_str),
            Some("AKID")
        );
        assert!(value.get("SessionToken").unwrap().is_null());
        assert_eq!(value.get("Missing"), None);
        let extra = value.get("Extra").and_then(JsonValue::as_array).unwrap();
        assert_eq!(extra[0].as_bool(), Some(true));
        assert_eq!(extra[2].get("x").and_then(JsonValue::as_f64), Some(-1500.0));
        assert_eq!(value.as_object().map(<[_]>::len), Some(6));
        assert_eq!(value.kind_name(), "an object");
        assert_eq!(value.get("Version").unwrap().kind_name(), "a number");
    }

    #[test]
    fn reads_every_kind_of_scalar() {
        let cases = [
            ("null", JsonValue::Null),
            ("true", JsonValue::Bool(true)),
            ("false", JsonValue::Bool(false)),
            ("0", number("0")),
            ("-0", number("-0")),
            ("12.50", number("12.50")),
            ("1E+2", number("1E+2")),
            ("-3e-7", number("-3e-7")),
            ("\"\"", string("")),
            ("[]", JsonValue::Array(Vec::new())),
            ("{}", JsonValue::Object(Vec::new())),
            (" \t\r\n[ ] ", JsonValue::Array(Vec::new())),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn decodes_escapes() {
        let value = parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\ud83d\ude02 raw é 😂""#).unwrap();
        assert_eq!(
            value.as_str(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}€😂 raw é 😂")
        );
    }

    #[test]
    fn numbers_keep_their_text_until_asked() {
        let big = parse("123456789012345678901234567890").unwrap();
        assert_eq!(
            big.as_number().map(JsonNumber::as_str),
            Some("123456789012345678901234567890")
        );
        assert_eq!(big.as_u64(), None);
        assert_eq!(big.as_f64(), Some(1.2345678901234568e29));
        assert_eq!(parse("-42").unwrap().as_i64(), Some(-42));
        assert_eq!(parse("-42").unwrap().as_u64(), None);
        assert_eq!(parse("1.0").unwrap().as_i64(), None);
        assert_eq!(parse("1e400").unwrap().as_f64(), None);
        assert_eq!(
            parse("18446744073709551615").unwrap().as_u64(),
            Some(u64::MAX)
        );
        assert_eq!(JsonNumber::from_f64(f64::NAN), None);
        assert_eq!(
            JsonNumber::from_f64(0.1).map(|n| n.to_string()).as_deref(),
            Some("0.1")
        );
        assert_eq!(JsonNumber::from(-7i64).as_str(), "-7");
    }

    #[test]
    fn the_last_of_repeated_members_wins() {
        let value = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(value.get("a").and_then(JsonValue::as_u64), Some(2));
        assert_eq!(value.as_object().map(<[_]>::len), Some(2));
    }

    #[test]
    fn rejects_what_is_not_json_and_says_where() {
        use JsonErrorKind::*;
        let cases: &[(&str, JsonErrorKind, usize, Option<char>)] = &[
            ("", ExpectedValue, 0, None),
            ("   ", ExpectedValue, 3, None),
            ("nul", ExpectedLiteral("null"), 3, None),
            ("trUe", ExpectedLiteral("true"), 2, Some('U')),
            ("[1,]", ExpectedValue, 3, Some(']')),
            ("[1 2]", ExpectedCommaOrArrayEnd, 3, Some('2')),
            ("[1", ExpectedCommaOrArrayEnd, 2, None),
            ("{\"a\" 1}", ExpectedColon, 5, Some('1')),
            ("{\"a\":1,}", ExpectedMemberName, 7, Some('}')),
            ("{a:1}", ExpectedMemberName, 1, Some('a')),
            ("{\"a\":1 \"b\":2}", ExpectedCommaOrObjectEnd, 7, Some('"')),
            ("01", ExpectedEnd, 1, Some('1')),
            ("-", ExpectedDigit, 1, None),
            ("+1", ExpectedValue, 0, Some('+')),
            ("1.", ExpectedDigit, 2, None),
            (".5", ExpectedValue, 0, Some('.')),
            ("1e", ExpectedDigit, 2, None),
            ("1e+", ExpectedDigit, 3, None),
            ("NaN", ExpectedValue, 0, Some('N')),
            ("\"abc", ExpectedClosingQuote, 4, None),
            ("\"a\tb\"", UnescapedControlCharacter, 2, Some('\t')),
            ("\"\\x\"", ExpectedEscape, 2, Some('x')),
            ("\"é\\", ExpectedEscape, 4, None),
            ("\"\\u12\"", ExpectedHexDigit, 5, Some('"')),
            ("\"\\u12é4\"", ExpectedHexDigit, 5, Some('é')),
            ("\"\\ud83d\"", ExpectedSurrogatePair, 1, Some('\\')),
            ("\"\\ud83d\\u0041\"", ExpectedSurrogatePair, 1, Some('\\')),
            ("\"\\ude02\"", ExpectedSurrogatePair, 1, Some('\\')),
            ("{} {}", ExpectedEnd, 3, Some('{')),
            ("\u{feff}{}", ExpectedValue, 0, Some('\u{feff}')),
            ("[1] x", ExpectedEnd, 4, Some('x')),
        ];
        for &(text, kind, offset, found) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(
                (error.kind(), error.offset(), error.found()),
                (kind, offset, found),
                "{text:?}"
            );
        }
    }

    #[test]
    fn error_messages_say_what_was_expected_where() {
        let error = parse("[1 2]").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected `,` or `]` after an array element at byte 3, found '2'"
        );
        assert_eq!(
            parse("tru").unwrap_err().to_string(),
            "expected `true` at byte 3, found the end of the text"
        );
    }

    #[test]
    fn nesting_is_limited_without_overflowing_the_stack() {
        let deepest = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&deepest).is_ok());
        let objects = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse(&objects).unwrap().get("a").is_some());

        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let error = parse(&too_deep).unwrap_err();
        assert_eq!(
            (error.kind(), error.offset()),
            (JsonErrorKind::TooDeep, MAX_DEPTH)
        );

        let hostile = "[{\"a\":".repeat(100_000);
        assert_eq!(parse(&hostile).unwrap_err().kind(), JsonErrorKind::TooDeep);
    }
}
