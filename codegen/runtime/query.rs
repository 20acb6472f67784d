//! ec2Query request bodies: `application/x-www-form-urlencoded` pairs,
//! `Action` and `Version` first, nested keys joined with `.`, lists flattened
//! with 1-based indexes.
//!
//! The writers consume themselves when they write a value, so a key cannot be
//! written twice, and nothing is written for a key that never gets a value
//! (an empty list sends nothing at all).

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::datetime::{DateTime, TimestampFormat};

/// Everything but `A-Z a-z 0-9 - . _ ~` is percent-encoded (space as `%20`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The body being written and the key of the value being written: one
/// buffer for every key, so that writing a parameter allocates nothing.
#[derive(Debug)]
struct Buffers {
    body: String,
    key: String,
}

/// Writes one request body.
#[derive(Debug)]
pub struct QueryWriter {
    buffers: Buffers,
}

impl QueryWriter {
    /// Starts a body with `Action=<action>&Version=<version>`.
    pub fn new(action: &str, version: &str) -> Self {
        // Most bodies fit, so most calls allocate the body once.
        let mut body = String::with_capacity(1024);
        body.push_str("Action=");
        push_encoded(&mut body, action);
        body.push_str("&Version=");
        push_encoded(&mut body, version);
        QueryWriter {
            buffers: Buffers {
                body,
                key: String::with_capacity(64),
            },
        }
    }

    /// A writer for the top-level parameter `key`.
    pub fn param(&mut self, key: &str) -> QueryValueWriter<'_> {
        self.buffers.key.clear();
        self.buffers.key.push_str(key);
        QueryValueWriter {
            key_len: key.len(),
            buffers: &mut self.buffers,
        }
    }

    /// Writes the parameter `key` when `value` is a string, boolean or
    /// number, nothing when it is `None`.
    #[inline]
    pub fn scalar(&mut self, key: &str, value: &impl QueryScalar) {
        value.write_query(|| self.param(key));
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.buffers.body
    }
}

/// Writes the value of one key: a scalar, or the members of a structure, the
/// items of a list, the entries of a map below it.
///
/// Its key is the first `key_len` bytes of the shared key buffer: a writer
/// cuts the buffer back to its own key before it writes or extends it, so
/// what an earlier sibling left there never leaks into a key.
#[derive(Debug)]
pub struct QueryValueWriter<'a> {
    buffers: &'a mut Buffers,
    key_len: usize,
}

impl<'a> QueryValueWriter<'a> {
    /// A writer for `<key>.<member>`.
    pub fn member(&mut self, member: &str) -> QueryValueWriter<'_> {
        QueryValueWriter {
            buffers: &mut *self.buffers,
            key_len: self.key_len,
        }
        .into_member(member)
    }

    fn into_member(self, member: &str) -> QueryValueWriter<'a> {
        let key = &mut self.buffers.key;
        key.truncate(self.key_len);
        key.push('.');
        key.push_str(member);
        QueryValueWriter {
            key_len: key.len(),
            buffers: self.buffers,
        }
    }

    /// Writes `<key>.<member>` when `value` is a string, boolean or number,
    /// nothing when it is `None`: one call for what would otherwise be an
    /// `if let` per member.
    #[inline]
    pub fn scalar(&mut self, member: &str, value: &impl QueryScalar) {
        value.write_query(|| self.member(member));
    }

    /// A writer for the items of a list below this key.
    pub fn list(self) -> QueryListWriter<'a> {
        QueryListWriter {
            buffers: self.buffers,
            key_len: self.key_len,
            next_index: 1,
        }
    }

    /// A writer for the entries of a map below this key.
    pub fn map(self) -> QueryMapWriter<'a> {
        QueryMapWriter {
            buffers: self.buffers,
            key_len: self.key_len,
            next_index: 1,
        }
    }

    pub fn string(self, value: &str) {
        let body = self.start_value();
        push_encoded(body, value);
    }

    pub fn boolean(self, value: bool) {
        let body = self.start_value();
        body.push_str(if value { "true" } else { "false" });
    }

    pub fn integer(self, value: impl Into<i64>) {
        let body = self.start_value();
        let _ = write!(body, "{}", value.into());
    }

    /// Shortest form that reads back as the same `f32`; `NaN`, `Infinity`, `-Infinity`.
    pub fn float(self, value: f32) {
        let body = self.start_value();
        if value.is_finite() {
            let _ = write!(body, "{value}");
        } else {
            body.push_str(non_finite(value.is_nan(), value > 0.0));
        }
    }

    /// Shortest form that reads back as the same `f64`; `NaN`, `Infinity`, `-Infinity`.
    pub fn double(self, value: f64) {
        let body = self.start_value();
        if value.is_finite() {
            let _ = write!(body, "{value}");
        } else {
            body.push_str(non_finite(value.is_nan(), value > 0.0));
        }
    }

    pub fn timestamp(self, value: &DateTime, format: TimestampFormat) {
        self.string(&value.format(format));
    }

    /// Standard base64 with padding.
    pub fn blob(self, value: &[u8]) {
        use base64::Engine as _;
        self.string(&base64::engine::general_purpose::STANDARD.encode(value));
    }

    /// Writes `&<key>=` and gives the body for the value to follow.
    fn start_value(self) -> &'a mut String {
        let Buffers { body, key } = self.buffers;
        body.push('&');
        push_encoded(body, &key[..self.key_len]);
        body.push('=');
        body
    }
}

/// A value written as a single query parameter: a string, a boolean or a
/// number, or an `Option` of one, which writes nothing when it is `None`.
pub trait QueryScalar {
    /// Writes the value with the writer `writer` makes; an unset one never
    /// makes it, so its key is not even copied.
    fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>);
}

impl QueryScalar for String {
    #[inline]
    fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>) {
        writer().string(self);
    }
}

impl QueryScalar for bool {
    #[inline]
    fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>) {
        writer().boolean(*self);
    }
}

impl QueryScalar for f32 {
    #[inline]
    fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>) {
        writer().float(*self);
    }
}

impl QueryScalar for f64 {
    #[inline]
    fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>) {
        writer().double(*self);
    }
}

macro_rules! integer_scalars {
    ($($ty:ty),*) => {$(
        impl QueryScalar for $ty {
            #[inline]
            fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>) {
                writer().integer(*self);
            }
        }
    )*};
}

integer_scalars!(i8, i16, i32, i64);

impl<T: QueryScalar> QueryScalar for Option<T> {
    #[inline]
    fn write_query<'w>(&self, writer: impl FnOnce() -> QueryValueWriter<'w>) {
        if let Some(value) = self {
            value.write_query(writer);
        }
    }
}

fn non_finite(is_nan: bool, is_positive: bool) -> &'static str {
    match (is_nan, is_positive) {
        (true, _) => "NaN",
        (false, true) => "Infinity",
        (false, false) => "-Infinity",
    }
}

/// Writes list items as `<key>.1`, `<key>.2`, ...
#[derive(Debug)]
pub struct QueryListWriter<'a> {
    buffers: &'a mut Buffers,
    key_len: usize,
    next_index: usize,
}

impl QueryListWriter<'_> {
    /// A writer for the next item.
    pub fn item(&mut self) -> QueryValueWriter<'_> {
        let key = &mut self.buffers.key;
        key.truncate(self.key_len);
        key.push('.');
        push_decimal(key, self.next_index);
        self.next_index += 1;
        QueryValueWriter {
            key_len: key.len(),
            buffers: &mut *self.buffers,
        }
    }
}

/// Writes map entries as `<key>.entry.N.key` / `<key>.entry.N.value`.
#[derive(Debug)]
pub struct QueryMapWriter<'a> {
    buffers: &'a mut Buffers,
    key_len: usize,
    next_index: usize,
}

impl QueryMapWriter<'_> {
    /// Writes the next entry's key and returns a writer for its value.
    pub fn entry(&mut self, key: &str) -> QueryValueWriter<'_> {
        let buffer = &mut self.buffers.key;
        buffer.truncate(self.key_len);
        buffer.push_str(".entry.");
        push_decimal(buffer, self.next_index);
        self.next_index += 1;
        let mut entry = QueryValueWriter {
            key_len: buffer.len(),
            buffers: &mut *self.buffers,
        };
        entry.member("key").string(key);
        entry.into_member("value")
    }
}

/// Appends `n` in decimal, without the formatting machinery: list indexes
/// are written once per item.
fn push_decimal(text: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        text.push(char::from(digit));
    }
}

/// Appends `text` percent-encoded; keys and most values need no escapes, so
/// those are copied whole.
fn push_encoded(body: &mut String, text: &str) {
    if text
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~'))
    {
        body.push_str(text);
    } else {
        body.extend(utf8_percent_encode(text, QUERY_VALUE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(write: impl FnOnce(&mut QueryWriter)) -> String {
        let mut writer = QueryWriter::new("Op", "2016-11-15");
        write(&mut writer);
        writer.finish()
    }

    #[test]
    fn starts_with_action_and_version() {
        assert_eq!(body(|_| {}), "Action=Op&Version=2016-11-15");
    }

    #[test]
    fn percent_encodes_all_but_unreserved_characters() {
        let text = body(|w| w.param("Key").string("a b&c=d+e%f~g-h.i_j/é\n"));
        assert_eq!(
            text,
            "Action=Op&Version=2016-11-15&Key=a%20b%26c%3Dd%2Be%25f~g-h.i_j%2F%C3%A9%0A"
        );
    }

    #[test]
    fn nests_members_and_flattens_lists_from_one() {
        let text = body(|w| {
            let mut profile = w.param("IamInstanceProfile");
            profile.member("Name").string("n");
            profile.member("Arn").string("a");
            let mut list = w.param("Filter").list();
            let mut first = list.item();
            first.member("Name").string("x");
            let mut values = first.member("Value").list();
            values.item().string("1");
            values.item().string("2");
            w.param("Empty").list();
        });
        assert_eq!(
            text,
            "Action=Op&Version=2016-11-15&IamInstanceProfile.Name=n&IamInstanceProfile.Arn=a\
             &Filter.1.Name=x&Filter.1.Value.1=1&Filter.1.Value.2=2"
        );
    }

    #[test]
    fn a_member_that_writes_nothing_leaves_no_trace_in_later_keys() {
        let text = body(|w| {
            let mut outer = w.param("A");
            let mut inner = outer.member("Empty");
            inner.member("Deeper");
            outer.member("B").string("1");
            let mut list = w.param("L").list();
            list.item().member("Unset");
            list.item().string("2");
            w.param("C").string("3");
        });
        assert_eq!(text, "Action=Op&Version=2016-11-15&A.B=1&L.2=2&C=3");
    }

    #[test]
    fn numbers_list_items_in_decimal() {
        let text = body(|w| {
            let mut list = w.param("L").list();
            for _ in 0..12 {
                list.item().string("x");
            }
        });
        assert!(text.ends_with("&L.9=x&L.10=x&L.11=x&L.12=x"), "{text}");
        let mut decimal = String::new();
        for n in [0, 7, 10, 99, 100, 12345, usize::MAX] {
            decimal.clear();
            push_decimal(&mut decimal, n);
            assert_eq!(decimal, n.to_string());
        }
    }

    #[test]
    fn writes_map_entries() {
        let text = body(|w| {
            let mut map = w.param("Tags").map();
            map.entry("k 1").string("v");
            map.entry("k2").integer(2);
        });
        assert_eq!(
            text,
            "Action=Op&Version=2016-11-15&Tags.entry.1.key=k%201&Tags.entry.1.value=v\
             &Tags.entry.2.key=k2&Tags.entry.2.value=2"
        );
    }

    #[test]
    fn writes_scalars_in_their_wire_forms() {
        let text = body(|w| {
            w.param("T").boolean(true);
            w.param("F").boolean(false);
            w.param("I").integer(-7i32);
            w.param("D").double(1.1);
            w.param("S").float(1.1);
            w.param("Nan").double(f64::NAN);
            w.param("Inf").double(f64::INFINITY);
            w.param("NegInf").float(f32::NEG_INFINITY);
            w.param("B").blob(b"value");
            w.param("Ts")
                .timestamp(&DateTime::from_secs(1398796238), TimestampFormat::DateTime);
            w.param("Epoch").timestamp(
                &DateTime::from_secs(1398796238),
                TimestampFormat::EpochSeconds,
            );
        });
        assert_eq!(
            text,
            "Action=Op&Version=2016-11-15&T=true&F=false&I=-7&D=1.1&S=1.1&Nan=NaN&Inf=Infinity\
             &NegInf=-Infinity&B=dmFsdWU%3D&Ts=2014-04-29T18%3A30%3A38Z&Epoch=1398796238"
        );
    }
}
