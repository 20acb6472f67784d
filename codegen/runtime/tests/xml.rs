//! The XML reader against what responses and the compliance suites contain,
//! against malformed documents (each a typed error), and against arbitrary
//! input, which must never make it panic.

use proptest::prelude::*;
use runtime::xml::{DeserializeError, DeserializeErrorKind, MAX_DEPTH, XmlReader, read_document};

/// Each child of the root as its local name and text.
fn children(body: &str) -> Result<Vec<(String, String)>, DeserializeError> {
    read_document(body.as_bytes(), "R", |reader, _| {
        let mut found = Vec::new();
        while let Some(child) = reader.next_child()? {
            let name = child.local_name().to_owned();
            found.push((name, reader.read_text()?));
        }
        Ok(found)
    })
}

/// The text of the root's only child.
fn text(body: &str) -> Result<String, DeserializeError> {
    let mut found = children(body)?;
    assert_eq!(found.len(), 1, "{body}");
    Ok(found.remove(0).1)
}

fn kind(result: Result<impl std::fmt::Debug, DeserializeError>) -> DeserializeErrorKind {
    result.expect_err("should be an error").kind().clone()
}

fn is_syntax(kind: &DeserializeErrorKind) -> bool {
    matches!(kind, DeserializeErrorKind::Syntax(_))
}

#[test]
fn reads_the_prolog_comments_processing_instructions_and_doctypes() {
    let body = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- before -->\n<?pi data?>\n\
        <R><!-- inside --><a>x<!-- in text -->y<?pi?>z</a></R>\n<!-- after --><?after?>\n";
    assert_eq!(
        children(body).unwrap(),
        [("a".to_owned(), "xyz".to_owned())]
    );
    assert_eq!(text("<R><a><!-- a > b -- c --></a></R>").unwrap(), "");
    assert_eq!(
        children("<!DOCTYPE R>\n<R><a>1</a></R>").unwrap(),
        [("a".to_owned(), "1".to_owned())]
    );
}

#[test]
fn reads_cdata_literally() {
    assert_eq!(
        text("<R><a>x<![CDATA[<b>&amp;]]]]>y<![CDATA[]]></a></R>").unwrap(),
        "x<b>&amp;]]y"
    );
    assert_eq!(
        kind(children("<![CDATA[x]]><R/>")),
        DeserializeErrorKind::OutsideRoot
    );
    assert_eq!(
        kind(children("<R><a><![CDATA[x]]</a></R>")),
        DeserializeErrorKind::UnexpectedEof
    );
}

#[test]
fn replaces_predefined_entities_and_character_references() {
    let body = "<R><a>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#X43;</a></R>";
    let error = text(body).unwrap_err();
    assert_eq!(
        error.kind(),
        &DeserializeErrorKind::InvalidCharReference("#X43".to_owned())
    );
    assert_eq!(error.position(), body.find("&#X43;").map(|at| at as u64));
    assert_eq!(
        text("<R><a>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x1F600;&#0000233;&#xa;</a></R>")
            .unwrap(),
        "<>&'\" AB😀é\n"
    );
    assert_eq!(text("<R><a>&amp;lt;</a></R>").unwrap(), "&lt;");
}

#[test]
fn refuses_bad_references() {
    for reference in [
        "#0",
        "#x0",
        "#1",
        "#xD800",
        "#xDFFF",
        "#xFFFE",
        "#x110000",
        "#99999999999",
        "#-1",
        "#x",
        "#",
        "#xG",
        "#12a",
        "#x-1",
    ] {
        let body = format!("<R><a>&{reference};</a></R>");
        assert_eq!(
            kind(children(&body)),
            DeserializeErrorKind::InvalidCharReference(reference.to_owned()),
            "{body}"
        );
    }
    assert_eq!(
        kind(children("<R><a>&nbsp;</a></R>")),
        DeserializeErrorKind::UnknownEntity("nbsp".to_owned())
    );
    assert_eq!(
        kind(children("<R><a>&;</a></R>")),
        DeserializeErrorKind::UnknownEntity(String::new())
    );
    for body in [
        "<R><a>AT&T</a></R>",
        "<R><a>&amp</a></R>",
        "<R><a>& amp;</a></R>",
        "<R><a>&</a></R>",
        "<R><a>&#+65;</a></R>",
        "<R><a>&#x+41;</a></R>",
    ] {
        assert!(is_syntax(&kind(children(body))), "{body}");
    }
}

#[test]
fn checks_references_in_text_that_is_not_read() {
    for body in [
        "<R>&bogus;<a>1</a></R>",
        "<R><a>1</a> & </R>",
        "<R><x><y>&#0;</y></x></R>",
    ] {
        let result = read_document(body.as_bytes(), "R", |reader, _| {
            while reader.next_child()?.is_some() {
                reader.skip()?;
            }
            Ok(())
        });
        assert!(result.is_err(), "{body}");
    }
}

#[test]
fn normalizes_line_ends() {
    assert_eq!(
        text("<R><a>1\r\n2\r3\n4\r\r\n5&#13;</a></R>").unwrap(),
        "1\n2\n3\n4\n\n5\r"
    );
    assert_eq!(text("<R><a><![CDATA[1\r\n2]]></a></R>").unwrap(), "1\n2");
}

#[test]
fn reads_attributes() {
    let body = "<R xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\" xmlns:x='urn:x'>\
        <a x:id='1' plain = \"two &amp; &quot;three&quot;\"\tspaced=\"a\tb\r\nc&#10;d\" \
        quoted='say \"hi\" &apos;' gt='a>b'/></R>";
    let mut reader = XmlReader::new(body.as_bytes()).unwrap();
    let root = reader.root().unwrap();
    assert_eq!(
        root.attribute("xmlns").as_deref(),
        Some("http://ec2.amazonaws.com/doc/2016-11-15/")
    );
    assert_eq!(root.attribute("x").as_deref(), Some("urn:x"));
    let a = reader.next_child().unwrap().unwrap();
    assert_eq!(a.local_name(), "a");
    assert_eq!(a.attribute("id").as_deref(), Some("1"));
    assert_eq!(a.attribute("plain").as_deref(), Some("two & \"three\""));
    assert_eq!(a.attribute("spaced").as_deref(), Some("a b c\nd"));
    assert_eq!(a.attribute("quoted").as_deref(), Some("say \"hi\" '"));
    assert_eq!(a.attribute("gt").as_deref(), Some("a>b"));
    assert_eq!(a.attribute("missing"), None);
    assert_eq!(reader.read_text().unwrap(), "");
    assert!(reader.next_child().unwrap().is_none());
    reader.finish().unwrap();
}

#[test]
fn refuses_malformed_attributes() {
    for body in [
        "<R a=1/>",
        "<R a/>",
        "<R a=\"1\"b=\"2\"/>",
        "<R a=\"<\"/>",
        "<R =\"1\"/>",
        "<R a=\"1\" / >",
        "<R a=\"&bogus;\"/>",
        "<R a=\"&#0;\"/>",
        "<R a='1\"/>",
    ] {
        assert!(children(body).is_err(), "{body}");
    }
}

#[test]
fn reads_self_closing_tags_and_blanks_in_tags() {
    assert_eq!(
        children("<R  ><a/><b x='1' /><c\n></c\t><d></d ></R >").unwrap(),
        [
            ("a".to_owned(), String::new()),
            ("b".to_owned(), String::new()),
            ("c".to_owned(), String::new()),
            ("d".to_owned(), String::new()),
        ]
    );
    assert_eq!(text("<R><a>  spaced  </a></R>").unwrap(), "  spaced  ");
    assert_eq!(children("<R/>").unwrap(), []);
}

#[test]
fn drops_namespace_prefixes_but_matches_end_tags_whole() {
    assert_eq!(
        children("<ns:R xmlns:ns='u'><ns:a>1</ns:a></ns:R>").unwrap(),
        [("a".to_owned(), "1".to_owned())]
    );
    assert!(children("<ns:R xmlns:ns='u'><ns:a>1</a></ns:R>").is_err());
}

#[test]
fn refuses_malformed_documents_with_typed_errors() {
    type Expected = fn(&DeserializeErrorKind) -> bool;
    let cases: &[(&str, Expected)] = &[
        ("", |kind| *kind == DeserializeErrorKind::UnexpectedEof),
        ("<R>", |kind| *kind == DeserializeErrorKind::UnexpectedEof),
        ("<R><a>1</a>", |kind| {
            *kind == DeserializeErrorKind::UnexpectedEof
        }),
        ("<R><a>1</R>", is_syntax),
        ("<R><a>1</b></R>", is_syntax),
        ("<R><ab>1</a></R>", is_syntax),
        ("<R><a>1</ab></R>", is_syntax),
        ("<R></R></R>", is_syntax),
        ("<R/></R>", is_syntax),
        ("<R><a>1</a x></R>", is_syntax),
        ("<R><>1</></R>", is_syntax),
        ("<R>< a/></R>", is_syntax),
        ("<R><1a/></R>", is_syntax),
        ("<<", is_syntax),
        ("<R><a><b/></a></R>", |kind| {
            *kind == DeserializeErrorKind::UnexpectedElement("b".to_owned())
        }),
        ("<!DOCTYPE R [<!ENTITY e 'x'>]><R>&e;</R>", is_syntax),
        ("<R><!DOCTYPE R></R>", is_syntax),
        ("<!DOCTYPE R", |kind| {
            *kind == DeserializeErrorKind::UnexpectedEof
        }),
        ("<R><!-- x -></R>", |kind| {
            *kind == DeserializeErrorKind::UnexpectedEof
        }),
        ("<R><?pi ></R>", |kind| {
            *kind == DeserializeErrorKind::UnexpectedEof
        }),
        ("<R><!x></R>", is_syntax),
        ("text<R/>", |kind| {
            *kind == DeserializeErrorKind::OutsideRoot
        }),
        ("<R/>tail", |kind| {
            *kind == DeserializeErrorKind::OutsideRoot
        }),
        ("<R/><S/>", |kind| {
            *kind == DeserializeErrorKind::OutsideRoot
        }),
        ("<S/>", |kind| {
            matches!(kind, DeserializeErrorKind::UnexpectedRoot { .. })
        }),
    ];
    for (body, expected) in cases {
        let found = kind(children(body));
        assert!(expected(&found), "{body}: {found:?}");
    }
    assert_eq!(
        kind(XmlReader::new(b"<R>\xff</R>").map(|_| ())),
        DeserializeErrorKind::NotUtf8
    );
}

#[test]
fn errors_say_where() {
    let error = children("<R>\n  <a>1</b>\n</R>").unwrap_err();
    assert_eq!(error.position(), Some(10));
    assert_eq!(
        error.to_string(),
        "malformed XML: end tag </b> does not match <a> (at byte 10)"
    );
}

#[test]
fn every_truncation_of_a_document_is_an_error() {
    let body = "<?xml version=\"1.0\"?><R xmlns=\"u\"><a x='1'>v &amp; &#233;</a><!-- c -->\
        <b><![CDATA[d]]></b><c/></R>";
    assert!(children(body).is_ok());
    for end in (0..body.len()).filter(|&end| body.is_char_boundary(end)) {
        assert!(children(&body[..end]).is_err(), "{}", &body[..end]);
    }
}

#[test]
fn nesting_is_bounded() {
    let nested = |depth: usize| "<a>".repeat(depth) + &"</a>".repeat(depth);
    let skip_root = |body: &str| {
        let mut reader = XmlReader::new(body.as_bytes())?;
        reader.root()?;
        reader.skip()
    };
    assert!(skip_root(&nested(MAX_DEPTH)).is_ok());
    assert_eq!(
        kind(skip_root(&nested(MAX_DEPTH + 1))),
        DeserializeErrorKind::TooDeep
    );
}

/// An element of a generated document: text, or children.
#[derive(Clone, Debug)]
enum Node {
    Text(String, String),
    Parent(String, Vec<Node>),
}

fn name() -> impl Strategy<Value = String> {
    "(ns:)?[A-Za-z_][A-Za-z0-9_.-]{0,8}"
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = (
        name(),
        any::<String>().prop_map(|text| text.replace('\r', "")),
    )
        .prop_map(|(name, text)| Node::Text(name, text));
    leaf.prop_recursive(4, 32, 4, |inner| {
        (name(), prop::collection::vec(inner, 0..4))
            .prop_map(|(name, children)| Node::Parent(name, children))
    })
}

/// How a generated document is written: the same content, spelled differently.
#[derive(Clone, Copy, Debug)]
struct Style {
    cdata: bool,
    references: bool,
    comments: bool,
    blanks: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(cdata, references, comments, blanks)| Style {
            cdata,
            references,
            comments,
            blanks,
        },
    )
}

fn print(node: &Node, style: Style, out: &mut String) {
    let (name, blank) = (
        match node {
            Node::Text(name, _) | Node::Parent(name, _) => name,
        },
        if style.blanks { "\n  " } else { "" },
    );
    match node {
        Node::Text(_, text) if text.is_empty() && style.blanks => {
            out.push_str(&format!("<{name} a='&lt;1&gt;' />"));
        }
        Node::Text(_, text) => {
            out.push_str(&format!("<{name}>"));
            if style.comments {
                out.push_str("<!-- a comment -->");
            }
            if style.cdata && !text.contains("]]>") {
                out.push_str(&format!("<![CDATA[{text}]]>"));
            } else {
                for character in text.chars() {
                    match character {
                        '<' => out.push_str("&lt;"),
                        '&' => out.push_str("&amp;"),
                        character
                            if style.references
                                && !character.is_ascii_alphanumeric()
                                && is_xml_char(character) =>
                        {
                            out.push_str(&format!("&#x{:X};", u32::from(character)));
                        }
                        character => out.push(character),
                    }
                }
            }
            out.push_str(&format!("</{name}>"));
        }
        Node::Parent(_, children) => {
            out.push_str(&format!("<{name}>"));
            for child in children {
                out.push_str(blank);
                print(child, style, out);
            }
            out.push_str(&format!("{blank}</{name}>"));
        }
    }
}

/// Whether a character reference may name `character`.
fn is_xml_char(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Reads `reader`'s current element (just entered) as `expected` says it is
/// shaped, and whether it had that content.
fn matches(reader: &mut XmlReader<'_>, expected: &Node) -> Result<bool, DeserializeError> {
    match expected {
        Node::Text(_, text) => Ok(reader.read_text()? == *text),
        Node::Parent(_, children) => {
            for child in children {
                let Some(start) = reader.next_child()? else {
                    return Ok(false);
                };
                let (Node::Text(name, _) | Node::Parent(name, _)) = child;
                let local = name
                    .split_once(':')
                    .map_or(name.as_str(), |(_, local)| local);
                if start.local_name() != local || !matches(reader, child)? {
                    return Ok(false);
                }
            }
            Ok(reader.next_child()?.is_none())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_bytes(body in prop::collection::vec(any::<u8>(), 0..128)) {
        let _ = walk(&body);
    }

    #[test]
    fn never_panics_on_xml_like_text(body in "[<>/?!\\[\\]CDATA&#x;:=\"' \r\nab1é-]{0,64}") {
        if let Err(error) = walk(body.as_bytes()) {
            let position = error.position().unwrap_or(0);
            prop_assert!(position <= body.len() as u64);
        }
    }

    #[test]
    fn reads_back_what_was_printed(root in node(), style in style()) {
        let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        print(&root, style, &mut body);
        let mut reader = XmlReader::new(body.as_bytes()).unwrap();
        let read = reader
            .root()
            .and_then(|_| matches(&mut reader, &root))
            .and_then(|matched| reader.finish().map(|()| matched));
        prop_assert_eq!(read, Ok(true), "{}", body);
    }

    #[test]
    fn never_panics_on_damaged_documents(root in node(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut body = String::new();
        print(&root, Style { cdata: true, references: true, comments: true, blanks: true }, &mut body);
        let mut damaged = body.into_bytes();
        let at = cut.index(damaged.len());
        damaged[at] = byte;
        let _ = walk(&damaged);
        let _ = walk(&damaged[..at]);
    }
}

/// Reads the whole of `body` the way generated code does, reading an
/// element's text when it has no children.
fn walk(body: &[u8]) -> Result<(), DeserializeError> {
    fn element(reader: &mut XmlReader<'_>) -> Result<(), DeserializeError> {
        while let Some(child) = reader.next_child()? {
            if child.attribute("a").is_some() || child.local_name().len() % 2 == 0 {
                element(reader)?;
            } else {
                reader.read_text()?;
            }
        }
        Ok(())
    }
    let mut reader = XmlReader::new(body)?;
    reader.root()?;
    element(&mut reader)?;
    reader.finish()
}
