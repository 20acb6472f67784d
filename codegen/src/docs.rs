//! Conversion of Smithy `smithy.api#documentation` HTML into rustdoc Markdown.
//!
//! The documentation strings use a loose, frequently malformed HTML subset, so nothing here
//! ever fails: markup that does not parse as a tag is kept as text, unknown tags are dropped
//! while their text is kept, and every character that Markdown or rustdoc could misread is
//! escaped so the generated crate documents cleanly under `RUSTDOCFLAGS=-D warnings`.

use std::fmt::Write as _;

/// Converts Smithy documentation HTML into rustdoc Markdown, one String per output line
/// (no trailing empty lines, no leading empty lines).
pub fn html_to_markdown(html: &str) -> Vec<String> {
    let mut renderer = Renderer::default();
    for token in tokenize(html) {
        match token {
            Token::Text(text) => renderer.text(&text),
            Token::Open { name, attrs } => renderer.open(&name, &attrs),
            Token::Close(name) => renderer.close(&name),
        }
    }
    renderer.finish()
}

// --- Tokenizer ---

type Attributes = Vec<(String, String)>;

enum Token {
    /// Text with entities already decoded.
    Text(String),
    Open {
        name: String,
        attrs: Attributes,
    },
    Close(String),
}

fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let candidate = &rest[lt..];
        if let Some((markup, len)) = parse_markup(candidate) {
            push_text(&mut tokens, &mut text);
            tokens.extend(markup);
            rest = &candidate[len..];
        } else {
            // A stray `<` (as in "a < b") is just text.
            text.push('<');
            rest = &candidate[1..];
        }
    }
    text.push_str(rest);
    push_text(&mut tokens, &mut text);
    tokens
}

fn push_text(tokens: &mut Vec<Token>, text: &mut String) {
    if !text.is_empty() {
        tokens.push(Token::Text(decode_entities(text)));
        text.clear();
    }
}

/// Parses the comment, declaration or tag at the start of `s` (which starts with `<`),
/// returning its tokens and byte length, or `None` if it is not well-formed markup.
fn parse_markup(s: &str) -> Option<(Vec<Token>, usize)> {
    if let Some(body) = s.strip_prefix("<!--") {
        let end = body.find("-->")?;
        return Some((Vec::new(), "<!--".len() + end + "-->".len()));
    }
    let declaration = s
        .strip_prefix("<!")
        .map(|rest| rest.starts_with(char::is_alphabetic));
    if declaration == Some(true) {
        // `<!DOCTYPE ...>` carries no text.
        return Some((Vec::new(), s.find('>')? + 1));
    }
    if let Some(body) = s.strip_prefix("</") {
        let (name, _) = split_tag_name(body)?;
        return Some((vec![Token::Close(name)], s.find('>')? + 1));
    }
    let (name, after_name) = split_tag_name(&s[1..])?;
    let (attrs, self_closing, rest) = parse_attributes(after_name)?;
    let mut tokens = vec![Token::Open {
        name: name.clone(),
        attrs,
    }];
    if self_closing {
        // `<a href="..."/>` must not swallow the rest of the document into a link.
        tokens.push(Token::Close(name));
    }
    Some((tokens, s.len() - rest.len()))
}

fn split_tag_name(s: &str) -> Option<(String, &str)> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_')))
        .unwrap_or(s.len());
    Some((s[..len].to_ascii_lowercase(), &s[len..]))
}

/// Parses attributes up to and including the closing `>`, returning them, whether the tag
/// was self-closing, and the input after the tag.
fn parse_attributes(mut s: &str) -> Option<(Attributes, bool, &str)> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("/>") {
            return Some((attrs, true, rest));
        }
        if let Some(rest) = s.strip_prefix('>') {
            return Some((attrs, false, rest));
        }
        if let Some(rest) = s.strip_prefix(['/', '=']) {
            s = rest;
            continue;
        }
        let name_len = s.find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '<'))?;
        if s[name_len..].starts_with('<') {
            // "if a<b and c<d" is prose, not a tag named `b`.
            return None;
        }
        let name = s[..name_len].to_ascii_lowercase();
        s = s[name_len..].trim_start();
        let mut value = String::new();
        if let Some(rest) = s.strip_prefix('=') {
            let (raw, rest) = parse_attribute_value(rest.trim_start())?;
            value = decode_entities(raw);
            s = rest;
        }
        attrs.push((name, value));
    }
}

fn parse_attribute_value(s: &str) -> Option<(&str, &str)> {
    match s.chars().next()? {
        quote @ ('"' | '\'') => {
            let body = &s[1..];
            let end = body.find(quote)?;
            Some((&body[..end], &body[end + 1..]))
        }
        _ => {
            let end = s
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(s.len());
            Some((&s[..end], &s[end..]))
        }
    }
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let candidate = &rest[amp..];
        if let Some((ch, len)) = decode_entity(candidate) {
            out.push(ch);
            rest = &candidate[len..];
        } else {
            out.push('&');
            rest = &candidate[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `s` (which starts with `&`), returning the character
/// and the entity's byte length. Unknown or invalid entities are left for the caller as text.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    const MAX_ENTITY_LEN: usize = 12;
    let (semicolon, _) = s
        .char_indices()
        .take(MAX_ENTITY_LEN)
        .find(|&(_, c)| c == ';')?;
    let name = &s[1..semicolon];
    let ch = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())?
    } else {
        named_entity(name)?
    };
    Some((ch, semicolon + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        // A plain space: rustdoc needs no non-breaking spaces and they would survive trimming.
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "rsquo" => '’',
        _ => return None,
    })
}

// --- Renderer ---

#[derive(Clone, Copy, PartialEq)]
enum InlineKind {
    Emphasis,
    Strong,
    Link,
}

/// An open inline element. Its opening marker is written lazily, just before its first
/// content, so empty elements produce nothing and markers never enclose edge whitespace.
struct InlineFrame {
    kind: InlineKind,
    /// Destination of a link that will be rendered as a Markdown link.
    url: Option<String>,
    written: bool,
}

impl InlineFrame {
    fn open_marker(&self) -> &'static str {
        match (self.kind, &self.url) {
            (InlineKind::Emphasis, _) => "*",
            (InlineKind::Strong, _) => "**",
            (InlineKind::Link, Some(_)) => "[",
            (InlineKind::Link, None) => "",
        }
    }

    fn close_marker(&self) -> String {
        match (self.kind, &self.url) {
            (InlineKind::Emphasis, _) => "*".to_owned(),
            (InlineKind::Strong, _) => "**".to_owned(),
            (InlineKind::Link, Some(url)) => format!("]({url})"),
            (InlineKind::Link, None) => String::new(),
        }
    }
}

struct ListFrame {
    ordered: bool,
    next_number: usize,
    /// Column of this list's markers.
    base_indent: usize,
    /// Marker (`-`, `3.`) of the open item; it is emitted with the item's first line.
    marker: Option<String>,
    marker_emitted: bool,
}

impl ListFrame {
    /// Column where continuation lines of the open item (or text outside any item) start.
    fn content_indent(&self) -> usize {
        self.base_indent + self.marker.as_ref().map_or(0, |marker| marker.len() + 1)
    }

    fn awaits_marker(&self) -> bool {
        self.marker.is_some() && !self.marker_emitted
    }
}

/// Text of `<code>` or `<pre>`, rendered verbatim; nested tags are dropped.
struct Verbatim {
    tag: String,
    depth: usize,
    text: String,
}

#[derive(Default)]
struct Renderer {
    lines: Vec<String>,
    /// Markdown of the paragraph being built; it never has leading or trailing whitespace.
    paragraph: String,
    pending_space: bool,
    inline: Vec<InlineFrame>,
    lists: Vec<ListFrame>,
    verbatim: Option<Verbatim>,
    /// Keeps a label (`**Note:**`, a definition term) on the same line as the `<p>` after it.
    hold_paragraph: bool,
    force_blank_line: bool,
    last_line_in_list: bool,
}

impl Renderer {
    fn finish(mut self) -> Vec<String> {
        self.finish_verbatim();
        self.close_inline_from(0);
        self.flush_paragraph();
        self.lines
    }

    fn open(&mut self, name: &str, attrs: &[(String, String)]) {
        if let Some(verbatim) = &mut self.verbatim {
            verbatim.depth += usize::from(verbatim.tag == name);
            return;
        }
        match name {
            "p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.block_boundary(),
            "ul" | "ol" | "dl" => self.open_list(name == "ol"),
            "li" => self.open_item(),
            "dt" => {
                self.open_item();
                self.open_inline(InlineKind::Strong, None);
            }
            "dd" => self.open_definition(),
            "note" => self.open_callout("Note"),
            "important" => self.open_callout("Important"),
            "pre" | "programlisting" | "code" => {
                let (tag, depth, text) = (name.to_owned(), 1, String::new());
                self.verbatim = Some(Verbatim { tag, depth, text });
            }
            "i" | "em" => self.open_inline(InlineKind::Emphasis, None),
            "b" | "strong" => self.open_inline(InlineKind::Strong, None),
            "a" => {
                let href = attrs.iter().find(|(key, _)| key == "href");
                let url = href.and_then(|(_, value)| absolute_url(value));
                // Markdown links cannot nest, so an inner link keeps its text only.
                let url = url.filter(|_| !self.in_link());
                self.open_inline(InlineKind::Link, url);
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if let Some(verbatim) = &mut self.verbatim {
            if verbatim.tag == name {
                verbatim.depth = verbatim.depth.saturating_sub(1);
            }
            if verbatim.depth == 0 {
                self.finish_verbatim();
            }
            return;
        }
        match name {
            "p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.block_boundary(),
            "ul" | "ol" | "dl" => self.close_list(),
            "li" => self.close_item(),
            "dd" => self.flush_paragraph(),
            "note" | "important" => self.close_callout(),
            "dt" | "b" | "strong" => self.close_inline(InlineKind::Strong),
            "i" | "em" => self.close_inline(InlineKind::Emphasis),
            "a" => self.close_inline(InlineKind::Link),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(verbatim) = &mut self.verbatim {
            verbatim.text.push_str(text);
            return;
        }
        for (index, word) in text.split(char::is_whitespace).enumerate() {
            self.pending_space |= index > 0;
            if !word.is_empty() {
                let autolink = !self.in_link();
                self.begin_content();
                push_word(&mut self.paragraph, word, autolink);
            }
        }
    }

    /// Prepares the paragraph for content: the collapsed space, then lazy opening markers.
    fn begin_content(&mut self) {
        if self.pending_space && !self.paragraph.is_empty() {
            self.paragraph.push(' ');
        }
        self.pending_space = false;
        self.hold_paragraph = false;
        for frame in self.inline.iter_mut().filter(|frame| !frame.written) {
            self.paragraph.push_str(frame.open_marker());
            frame.written = true;
        }
    }

    fn in_link(&self) -> bool {
        self.inline.iter().any(|frame| frame.url.is_some())
    }

    fn open_inline(&mut self, kind: InlineKind, url: Option<String>) {
        self.inline.push(InlineFrame {
            kind,
            url,
            written: false,
        });
    }

    /// Closes the innermost frame of `kind` and, for misnested HTML, every frame inside it.
    fn close_inline(&mut self, kind: InlineKind) {
        if let Some(position) = self.inline.iter().rposition(|frame| frame.kind == kind) {
            self.close_inline_from(position);
        }
    }

    fn close_inline_from(&mut self, position: usize) {
        for frame in self.inline.split_off(position).into_iter().rev() {
            if frame.written {
                self.paragraph.push_str(&frame.close_marker());
            } else if let Some(url) = frame.url {
                // A link without text shows its destination.
                self.begin_content();
                let _ = write!(self.paragraph, "<{url}>");
            }
        }
    }

    fn finish_verbatim(&mut self) {
        match self.verbatim.take() {
            Some(code) if code.tag == "code" => self.emit_code_span(&code.text),
            Some(block) => self.emit_code_block(&block.text),
            None => {}
        }
    }

    fn emit_code_span(&mut self, raw: &str) {
        let code = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        self.pending_space |= raw.starts_with(char::is_whitespace);
        if !code.is_empty() {
            self.begin_content();
            let fence = "`".repeat(longest_run(&code, '`') + 1);
            // CommonMark strips one space from each side, which lets code touch a backtick.
            let pad = if code.starts_with('`') || code.ends_with('`') {
                " "
            } else {
                ""
            };
            let _ = write!(self.paragraph, "{fence}{pad}{code}{pad}{fence}");
        }
        self.pending_space |= raw.ends_with(char::is_whitespace);
    }

    fn emit_code_block(&mut self, raw: &str) {
        let lines = code_block_lines(raw);
        if lines.is_empty() {
            return;
        }
        self.flush_paragraph();
        let fence = "`".repeat(longest_run(raw, '`').max(2) + 1);
        self.emit(&format!("{fence}text"));
        let indent = " ".repeat(self.content_indent());
        for line in lines {
            let line = if line.is_empty() {
                line
            } else {
                format!("{indent}{line}")
            };
            self.lines.push(line);
        }
        self.lines.push(format!("{indent}{fence}"));
    }

    fn block_boundary(&mut self) {
        if !self.hold_paragraph {
            self.flush_paragraph();
        }
    }

    fn open_callout(&mut self, label: &str) {
        self.flush_paragraph();
        self.paragraph = format!("**{label}:**");
        self.pending_space = true;
        self.hold_paragraph = true;
    }

    fn close_callout(&mut self) {
        if self.hold_paragraph {
            // Nothing followed the label, so drop the empty callout.
            self.paragraph.clear();
        }
        self.flush_paragraph();
    }

    fn open_definition(&mut self) {
        if self.paragraph.is_empty() {
            // A definition without a term is just a paragraph of the current item.
            return;
        }
        self.paragraph.push(':');
        self.pending_space = true;
        self.hold_paragraph = true;
    }

    fn open_list(&mut self, ordered: bool) {
        self.flush_paragraph();
        // A nested list needs its parent item's marker line even if the item has no text.
        if self.lists.last().is_some_and(ListFrame::awaits_marker) {
            self.emit("");
        }
        let base_indent = self.content_indent();
        let (next_number, marker, marker_emitted) = (1, None, false);
        self.lists.push(ListFrame {
            ordered,
            next_number,
            base_indent,
            marker,
            marker_emitted,
        });
    }

    fn close_list(&mut self) {
        self.flush_paragraph();
        self.lists.pop();
        // Keeps an adjacent list from merging into the one that just ended.
        self.force_blank_line |= self.lists.is_empty();
    }

    fn open_item(&mut self) {
        self.flush_paragraph();
        if self.lists.is_empty() {
            self.open_list(false);
        }
        if let Some(list) = self.lists.last_mut() {
            let number = list.next_number;
            list.marker = Some(if list.ordered {
                format!("{number}.")
            } else {
                "-".to_owned()
            });
            list.marker_emitted = false;
        }
    }

    fn close_item(&mut self) {
        self.flush_paragraph();
        if let Some(list) = self.lists.last_mut() {
            list.marker = None;
        }
    }

    fn content_indent(&self) -> usize {
        self.lists.last().map_or(0, ListFrame::content_indent)
    }

    fn flush_paragraph(&mut self) {
        // Markers cannot span paragraphs: close them here, they reopen lazily in the next one.
        for frame in self.inline.iter_mut().rev().filter(|frame| frame.written) {
            self.paragraph.push_str(&frame.close_marker());
            frame.written = false;
        }
        self.pending_space = false;
        self.hold_paragraph = false;
        let paragraph = std::mem::take(&mut self.paragraph);
        if !paragraph.is_empty() {
            self.emit(&escape_line_start(&paragraph));
        }
    }

    /// Emits one block line, prefixed by a list marker or continuation indent, and separated
    /// from the previous block by an empty line unless it is an item of the same list.
    fn emit(&mut self, content: &str) {
        let (prefix, is_item) = self.line_prefix();
        let joins_list = is_item && self.last_line_in_list && !self.force_blank_line;
        if !self.lines.is_empty() && !joins_list {
            self.lines.push(String::new());
        }
        self.force_blank_line = false;
        self.last_line_in_list = is_item || !prefix.is_empty();
        self.lines
            .push(format!("{prefix}{content}").trim_end().to_owned());
    }

    fn line_prefix(&mut self) -> (String, bool) {
        let Some(list) = self.lists.last_mut() else {
            return (String::new(), false);
        };
        match &list.marker {
            Some(marker) if !list.marker_emitted => {
                let prefix = format!("{}{marker} ", " ".repeat(list.base_indent));
                list.marker_emitted = true;
                list.next_number += 1;
                (prefix, true)
            }
            _ => (" ".repeat(list.content_indent()), false),
        }
    }
}

// --- Markdown helpers ---

/// Returns the Markdown link destination for an absolute http(s) `href`. Relative links
/// would be broken in rustdoc, so they yield `None` and the caller keeps only the text.
fn absolute_url(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    if rest.is_empty() {
        return None;
    }
    // Percent-encoding keeps the destination valid both in `(...)` and in `<...>`.
    let mut url = String::with_capacity(href.len());
    for ch in href.chars() {
        if ch.is_whitespace()
            || ch.is_control()
            || matches!(ch, '<' | '>' | '(' | ')' | '"' | '\\' | '`')
        {
            for byte in ch.encode_utf8(&mut [0; 4]).bytes() {
                let _ = write!(url, "%{byte:02X}");
            }
        } else {
            url.push(ch);
        }
    }
    Some(url)
}

/// Appends an escaped word, wrapping bare URLs as autolinks so `rustdoc::bare_urls` is quiet.
fn push_word(out: &mut String, word: &str, autolink: bool) {
    let mut rest = word;
    if autolink {
        while let Some((start, end)) = find_url(rest) {
            push_escaped(out, &rest[..start]);
            let _ = write!(out, "<{}>", &rest[start..end]);
            rest = &rest[end..];
        }
    }
    push_escaped(out, rest);
}

/// Finds the first http(s) URL in a word, excluding trailing sentence punctuation.
fn find_url(word: &str) -> Option<(usize, usize)> {
    // Nearly every word has no URL, and looking for a `:` is much cheaper
    // than setting up a search for each scheme.
    if !word.contains(':') {
        return None;
    }
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| word.find(scheme))
        .min()?;
    let candidate = &word[start..];
    let len = candidate
        .find(|c: char| c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(candidate.len());
    let mut url = &candidate[..len];
    while let Some(last) = url.chars().last() {
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if !(unbalanced || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']')) {
            break;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    let host = url.split_once("://").map_or("", |(_, host)| host);
    (!host.is_empty()).then_some((start, start + url.len()))
}

fn push_escaped(out: &mut String, text: &str) {
    for (index, ch) in text.char_indices() {
        let escape = match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => true,
            // `&` stays readable unless it would start an entity such as `&lt;`.
            '&' => starts_entity(&text[index..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(ch);
    }
}

fn starts_entity(text: &str) -> bool {
    let name_len = text[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(text.len() - 1);
    name_len > 0 && text[1 + name_len..].starts_with(';')
}

/// Escapes a line start that Markdown would read as a heading or list marker.
fn escape_line_start(line: &str) -> String {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let escape_at = match line.as_bytes().first() {
        Some(b'#' | b'-' | b'+') => Some(0),
        Some(b'0'..=b'9') if matches!(line.as_bytes().get(digits), Some(b'.' | b')')) => {
            Some(digits)
        }
        _ => None,
    };
    match escape_at {
        Some(at) => format!("{}\\{}", &line[..at], &line[at..]),
        None => line.to_owned(),
    }
}

fn longest_run(text: &str, ch: char) -> usize {
    text.split(|c| c != ch).map(str::len).max().unwrap_or(0)
}

/// Lines of a `<pre>` block without surrounding blank lines or the model's common indentation.
fn code_block_lines(raw: &str) -> Vec<String> {
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    let Some(first) = lines.iter().position(|line| !line.is_empty()) else {
        return Vec::new();
    };
    let last = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .unwrap_or(first);
    let lines = &lines[first..=last];
    // Only ASCII indentation is measured, so slicing at `margin` stays on a char boundary.
    let margin = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(margin..).unwrap_or_default().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown;

    fn md(html: &str) -> Vec<String> {
        html_to_markdown(html)
    }

    #[test]
    fn empty_and_plain_text() {
        assert!(md("").is_empty());
        assert!(md("  \n\t ").is_empty());
        assert_eq!(md("Plain text,\n   no tags."), ["Plain text, no tags."]);
        assert_eq!(
            md("Intro <p>para</p> tail"),
            ["Intro", "", "para", "", "tail"]
        );
    }

    #[test]
    fn realistic_ec2_paragraphs() {
        let html = "<p>The IP addresses to be assigned as a secondary private IP address to the network\n            interface. You can't specify this parameter when also specifying a number of secondary\n            IP addresses.</p>\n         <p>If you don't specify an IP address, Amazon EC2 automatically selects an IP address within\n            the subnet range.</p>";
        assert_eq!(
            md(html),
            [
                "The IP addresses to be assigned as a secondary private IP address to the network interface. You can't specify this parameter when also specifying a number of secondary IP addresses.",
                "",
                "If you don't specify an IP address, Amazon EC2 automatically selects an IP address within the subnet range.",
            ]
        );
    }

    #[test]
    fn blocks_and_line_breaks() {
        assert_eq!(md("<div>a</div><div>b</div>"), ["a", "", "b"]);
        assert_eq!(md("a<br>b<br/>c"), ["a", "", "b", "", "c"]);
        assert_eq!(md("<p></p><p> </p><p>x</p><p></p>"), ["x"]);
    }

    #[test]
    fn lists() {
        assert_eq!(
            md("<ul><li><p>One</p></li><li><p>Two</p></li></ul>"),
            ["- One", "- Two"]
        );
        assert_eq!(
            md("<p>Intro:</p><ul><li>a</li><li>b</li></ul><p>Outro</p>"),
            ["Intro:", "", "- a", "- b", "", "Outro"]
        );
        assert_eq!(
            md("<ul>\n  <li><p>One</p><p>More</p></li>\n  <li>Two</li>\n</ul>"),
            ["- One", "", "  More", "- Two"]
        );
        assert_eq!(
            md("<ol><li>a</li><li></li><li>b</li></ol>"),
            ["1. a", "2. b"]
        );
        assert_eq!(
            md("<ul><li>a</li></ul><ol><li>b</li></ol>"),
            ["- a", "", "1. b"]
        );
    }

    #[test]
    fn nested_lists() {
        assert_eq!(
            md(
                "<ol><li>First<ol><li>Inner</li></ol></li><li>Second<ul><li>x</li></ul>after</li></ol>"
            ),
            [
                "1. First",
                "   1. Inner",
                "2. Second",
                "   - x",
                "",
                "   after"
            ]
        );
        assert_eq!(md("<ul><li><ul><li>x</li></ul></li></ul>"), ["-", "  - x"]);
        let depth = 12;
        let html = "<ul><li>item".repeat(depth) + &"</li></ul>".repeat(depth);
        let lines = md(&html);
        assert_eq!(lines.len(), depth);
        for (level, line) in lines.iter().enumerate() {
            assert_eq!(*line, format!("{}- item", "  ".repeat(level)));
        }
    }

    #[test]
    fn definition_lists() {
        assert_eq!(
            md("<dl><dt>Name</dt><dd>The name.</dd><dt>Id</dt><dd><p>The ID.</p></dd></dl>"),
            ["- **Name**: The name.", "- **Id**: The ID."]
        );
    }

    #[test]
    fn inline_formatting() {
        assert_eq!(
            md("<p>Use <code>DescribeInstances</code> with <i>care</i> and <b>force</b>.</p>"),
            ["Use `DescribeInstances` with *care* and **force**."]
        );
        assert_eq!(md("<em>a </em>b<strong> c</strong>"), ["*a* b **c**"]);
        assert_eq!(md("a<b></b> <i> </i>b"), ["a b"]);
        assert_eq!(md("<code>a`b</code> <code>`x</code>"), ["``a`b`` `` `x ``"]);
        assert_eq!(md("<code>  a\n   b </code>x"), ["`a b` x"]);
        assert_eq!(md("<code><i>*x*</i></code>"), ["`*x*`"]);
    }

    #[test]
    fn links() {
        let url = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/x.html";
        assert_eq!(
            md(&format!("See <a href=\"{url}\">the guide</a>.")),
            [format!("See [the guide]({url}).")]
        );
        assert_eq!(md(&format!("<a href='{url}'></a>")), [format!("<{url}>")]);
        assert_eq!(md(&format!("<a href={url}>x</a>")), [format!("[x]({url})")]);
        assert_eq!(
            md("<a>text</a> <a href=\"/relative\">rel</a>"),
            ["text rel"]
        );
        assert_eq!(
            md("<a href=\"https://x.com/a b(c)\">t</a>"),
            ["[t](https://x.com/a%20b%28c%29)"]
        );
        assert_eq!(
            md("<a href=\"https://x.com\">https://x.com</a>"),
            ["[https://x.com](https://x.com)"]
        );
    }

    #[test]
    fn callouts() {
        assert_eq!(
            md("<note><p>Be careful.</p></note>"),
            ["**Note:** Be careful."]
        );
        assert_eq!(
            md("<p>a</p><important>b</important>"),
            ["a", "", "**Important:** b"]
        );
        assert!(md("<note> </note>").is_empty());
    }

    #[test]
    fn code_blocks_keep_lines() {
        assert_eq!(
            md("<pre>\n    line1\n      line2\n</pre>"),
            ["```text", "line1", "  line2", "```"]
        );
        assert_eq!(
            md("Example:<programlisting>a &lt; b\n\n<b>c</b> ```</programlisting>"),
            ["Example:", "", "````text", "a < b", "", "c ```", "````"]
        );
        assert_eq!(
            md("<ul><li><pre>x\n y</pre></li></ul>"),
            ["- ```text", "  x", "   y", "  ```"]
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(
            md("a*b_c [d] &lt;tag&gt; |e| `f` \\ ~g"),
            ["a\\*b\\_c \\[d\\] \\<tag\\> \\|e\\| \\`f\\` \\\\ \\~g"]
        );
        assert_eq!(
            md("<p># Title</p><p>- item</p><p>+ x</p><p>1. one</p><p>20) two</p><p>3 ok</p>"),
            [
                "\\# Title",
                "",
                "\\- item",
                "",
                "\\+ x",
                "",
                "1\\. one",
                "",
                "20\\) two",
                "",
                "3 ok"
            ]
        );
        assert_eq!(md("<ul><li>- not nested</li></ul>"), ["- \\- not nested"]);
        assert_eq!(md("A & B &amp; C &amp;lt;"), ["A & B & C \\&lt;"]);
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            md("See https://example.com/a_b. Done"),
            ["See <https://example.com/a_b>. Done"]
        );
        assert_eq!(
            md("(http://x.org/wiki/A_(b))"),
            ["(<http://x.org/wiki/A_(b)>)"]
        );
        assert_eq!(md("http:// alone"), ["http:// alone"]);
    }

    #[test]
    fn malformed_input_keeps_text() {
        assert_eq!(md("<p>unclosed"), ["unclosed"]);
        assert_eq!(md("a < b"), ["a \\< b"]);
        assert_eq!(md("a<b"), ["a\\<b"]);
        assert_eq!(md("if a<b and c<d"), ["if a\\<b and c\\<d"]);
        assert_eq!(md("</p>stray</bogus>"), ["stray"]);
        assert!(md("<a href='x'>").is_empty());
        assert_eq!(md("<a href='https://x.com'>"), ["<https://x.com>"]);
        assert_eq!(md("&bogus; &#xZZ; &#0; &"), ["\\&bogus; \\&#xZZ; \\&#0; &"]);
        assert_eq!(md("&#39;&#x27;&apos;&quot;&nbsp;x"), ["'''\" x"]);
        assert_eq!(md("<unknown attr=1>kept</unknown>"), ["kept"]);
        assert_eq!(md("<b>unclosed bold"), ["**unclosed bold**"]);
        assert_eq!(md("<b><i>x</b>y</i>"), ["***x***y"]);
        assert_eq!(md("<p>x<!-- comment -->y</p><!DOCTYPE html>"), ["xy"]);
        assert_eq!(md("<!-- unterminated"), ["\\<!-- unterminated"]);
        assert_eq!(md("<a href=\"x>broken"), ["\\<a href=\"x\\>broken"]);
        assert_eq!(md("<code>open"), ["`open`"]);
        assert_eq!(md("<pre>open"), ["```text", "open", "```"]);
        assert_eq!(md("<li>a<li>b</ul></ol>c"), ["- a", "- b", "", "c"]);
    }

    #[test]
    fn truncations_never_panic_and_stay_well_formed() {
        let html = "<p>Intro &amp; café — <a href=\"https://x.com/é\">link</a> https://y.org.</p>\n  <ul><li><p>One <code>c`d</code></p><ol><li><b>Two</b><dl><dt>T</dt><dd>D &#x27;q&#39;</dd></dl></li></ol></li></ul><note>N <i>it</i></note><pre>\n  code\n    more</pre><!-- c --> 1. *x* &lt;y&gt; &bogus; &#x1F600;";
        let mut inputs = Vec::new();
        for (index, ch) in html.char_indices() {
            let next = index + ch.len_utf8();
            inputs.push(html[..index].to_owned());
            inputs.push(html[index..].to_owned());
            inputs.push(format!("{}{}", &html[..index], &html[next..]));
        }
        for input in &inputs {
            let lines = html_to_markdown(input);
            let context = format!("{input:?} -> {lines:#?}");
            assert!(
                lines.first().is_none_or(|line| !line.is_empty()),
                "{context}"
            );
            assert!(
                lines.last().is_none_or(|line| !line.is_empty()),
                "{context}"
            );
            for pair in lines.windows(2) {
                assert!(!(pair[0].is_empty() && pair[1].is_empty()), "{context}");
            }
            assert!(
                lines.iter().all(|line| line.trim_end() == line),
                "{context}"
            );
        }
    }
}
