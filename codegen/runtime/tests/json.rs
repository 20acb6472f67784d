//! Property tests of the JSON reader: it never panics, it reads back what a
//! printer wrote, and it agrees with `serde_json`.

use proptest::prelude::*;
use runtime::json::{self, JsonNumber, JsonValue};

/// How the test printer lays a value out: the reader must not care.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// Every non-ASCII character as `\u` escapes (pairs beyond U+FFFF).
    ascii_only: bool,
    /// Whitespace around every token.
    spaced: bool,
}

fn print(value: &JsonValue, style: Style) -> String {
    let mut out = String::new();
    write_value(&mut out, value, style);
    out
}

fn write_value(out: &mut String, value: &JsonValue, style: Style) {
    let space = if style.spaced { " \n\t\r" } else { "" };
    out.push_str(space);
    match value {
        JsonValue::Null => out.push_str("null"),
        JsonValue::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        JsonValue::Number(number) => out.push_str(number.as_str()),
        JsonValue::String(text) => write_string(out, text, style),
        JsonValue::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(out, item, style);
            }
            out.push_str(space);
            out.push(']');
        }
        JsonValue::Object(members) => {
            out.push('{');
            for (index, (name, value)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(space);
                write_string(out, name, style);
                out.push_str(space);
                out.push(':');
                write_value(out, value, style);
            }
            out.push_str(space);
            out.push('}');
        }
    }
    out.push_str(space);
}

fn write_string(out: &mut String, text: &str, style: Style) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '/' if style.ascii_only => out.push_str("\\/"),
            c if u32::from(c) < 0x20 || (style.ascii_only && !c.is_ascii()) => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn number() -> impl Strategy<Value = JsonValue> {
    let text = "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,2})?".prop_map(|text| {
        json::parse(&text).unwrap_or_else(|error| panic!("{text:?} is a number: {error}"))
    });
    prop_oneof![
        text,
        any::<i64>().prop_map(|n| JsonValue::Number(JsonNumber::from(n))),
        any::<u64>().prop_map(|n| JsonValue::Number(JsonNumber::from(n))),
        any::<f64>().prop_filter_map("finite", |n| JsonNumber::from_f64(n).map(JsonValue::Number)),
    ]
}

fn value() -> impl Strategy<Value = JsonValue> {
    let leaf = prop_oneof![
        Just(JsonValue::Null),
        any::<bool>().prop_map(JsonValue::Bool),
        number(),
        any::<String>().prop_map(JsonValue::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(JsonValue::Array),
            prop::collection::vec(("[a-c]{0,2}|\\PC{0,6}", inner), 0..8)
                .prop_map(JsonValue::Object),
        ]
    })
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>()).prop_map(|(ascii_only, spaced)| Style { ascii_only, spaced })
}

/// Numbers compare as `f64` within a few units in the last place:
/// `serde_json` without `float_roundtrip` may round the last digit off.
fn agrees(ours: &JsonValue, theirs: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (ours, theirs) {
        (JsonValue::Null, Value::Null) => true,
        (JsonValue::Bool(a), Value::Bool(b)) => a == b,
        (JsonValue::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            // serde_json's default float reading is a few units in the last
            // place off at times (ours is std's, exact); below the smallest
            // normal number those units are all the precision there is.
            (Some(a), Some(b)) => {
                a == b
                    || (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs())
                    || (a - b).abs() < f64::MIN_POSITIVE
            }
            _ => false,
        },
        (JsonValue::String(a), Value::String(b)) => a == b,
        (JsonValue::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| agrees(a, b))
        }
        (JsonValue::Object(members), Value::Object(map)) => {
            // serde_json keeps one member per name: the last value, at the
            // first one's place.
            let mut names: Vec<&str> = Vec::new();
            for (name, _) in members {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
            names.len() == map.len()
                && names
                    .iter()
                    .zip(map)
                    .all(|(name, (their_name, their_value))| {
                        name == their_name && ours.get(name).is_some_and(|v| agrees(v, their_value))
                    })
        }
        _ => false,
    }
}

/// A valid document with one character replaced, inserted or removed:
/// mostly invalid, but close to valid, where the reader's corners are.
fn mutated() -> impl Strategy<Value = String> {
    let edit_char = prop::sample::select(vec![
        '"', '\\', '[', ']', '{', '}', ',', ':', '-', '+', '.', 'e', '0', '1', 'u', 'd', '8', 'x',
        ' ', '\n', '\u{1}', 'é',
    ]);
    (value(), any::<prop::sample::Index>(), edit_char, 0..3u8).prop_map(
        |(value, at, character, edit)| {
            let mut text: Vec<char> = print(
                &value,
                Style {
                    ascii_only: true,
                    spaced: false,
                },
            )
            .chars()
            .collect();
            let at = at.index(text.len() + 1);
            match edit {
                0 => text.insert(at, character),
                1 if at < text.len() => text[at] = character,
                _ if at < text.len() => {
                    text.remove(at);
                }
                _ => text.push(character),
            }
            text.into_iter().collect()
        },
    )
}

/// The corners where readers differ: both accept or both refuse.
#[test]
fn agrees_with_serde_json_on_corner_cases() {
    let cases = [
        "\"\\ud83d\"",
        "\"\\udc00\"",
        "\"\\ud83d\\u0041\"",
        "\"\\ud83d\\ude02\"",
        "\"\\u0000\"",
        "\"\u{7f}\"",
        "\"\u{1f}\"",
        "-0",
        "-0.0e-0",
        "00",
        "1.e1",
        "[1,]",
        "{\"a\":1,}",
        "\u{feff}{}",
        "\u{c}1",
        "\u{a0}1",
        "1 ",
        "\"a\" \"b\"",
        "[\"\\/\"]",
        "{\"a\":1,\"a\":2}",
        "1e308",
        "1e-400",
        "123456789012345678901234567890",
    ];
    let mut disagreements = Vec::new();
    for text in cases {
        let ours = json::parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        let same = match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => agrees(ours, theirs),
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !same {
            disagreements.push(format!("{text:?}: ours {ours:?}, serde_json {theirs:?}"));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let _ = json::parse(&text);
    }

    #[test]
    fn never_panics_on_json_like_text(text in "[\\[\\]{}\":,\\\\/ \\-+.0-9eEtrufalsn\u{1}é😂]{0,64}") {
        if let Err(error) = json::parse(&text) {
            prop_assert!(error.offset() <= text.len());
            prop_assert!(text.is_char_boundary(error.offset()));
        }
    }

    #[test]
    fn reads_back_what_was_printed(value in value(), style in style()) {
        let text = print(&value, style);
        prop_assert_eq!(json::parse(&text), Ok(value), "{}", text);
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents(value in value(), style in style()) {
        let text = print(&value, style);
        let ours = json::parse(&text).map_err(|error| TestCaseError::fail(format!("{error}: {text}")))?;
        let theirs: serde_json::Value = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(format!("serde_json: {error}: {text}")))?;
        prop_assert!(agrees(&ours, &theirs), "{:?} vs {:?}", ours, theirs);
    }

    #[test]
    fn agrees_with_serde_json_on_what_is_json(text in mutated()) {
        let ours = json::parse(&text);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(theirs) => {
                let ours = ours.map_err(|error| TestCaseError::fail(format!("{error}: {text:?}")))?;
                prop_assert!(agrees(&ours, &theirs), "{:?} vs {:?}", ours, theirs);
            }
            // RFC 8259 leaves the range of numbers to the reader: we keep
            // the text of `1e400`, serde_json refuses it.
            Err(error) if error.to_string().contains("number out of range") => {}
            Err(error) => prop_assert!(ours.is_err(), "serde_json: {error}, we read {ours:?} in {text:?}"),
        }
    }
}
