//! JMESPath, the expression language of Smithy's waiters
//! (`smithy.waiters#waitable` paths): text -> [`Expr`], by a Pratt parser with
//! the language's binding powers, so projections end where the JMESPath
//! specification says they do (`a[].b[].c` flattens, then projects `c`).
//!
//! The whole grammar is parsed except slices, multi-select lists and hashes,
//! and expression references, which are reported as unsupported; what the
//! parsed expression means for a given shape is the lowering's business.

use std::fmt;

use serde_json::Value;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `@`: the current value (the root, or the element a projection is at).
    Current,
    /// `Name` or `"Name"`: a member of the current value.
    Field(String),
    /// `left.right`: `right` evaluated on `left`.
    Subexpr(Box<Expr>, Box<Expr>),
    /// `left[index]`; a negative index counts from the end.
    Index(Box<Expr>, i64),
    /// `left[]` without its projection: `left` with nested lists merged.
    Flatten(Box<Expr>),
    /// `base[*].then` and `base[].then`: `then` on each element of the list
    /// `base`, nulls dropped.
    ListProjection {
        base: Box<Expr>,
        then: Box<Expr>,
    },
    /// `base.*.then`: `then` on each value of the object `base`.
    ValueProjection {
        base: Box<Expr>,
        then: Box<Expr>,
    },
    /// `base[?condition].then`: `then` on each element for which `condition`
    /// is truthy.
    FilterProjection {
        base: Box<Expr>,
        condition: Box<Expr>,
        then: Box<Expr>,
    },
    Compare(Comparison, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `left | right`: `right` evaluated on the result of `left`, which ends
    /// any projection.
    Pipe(Box<Expr>, Box<Expr>),
    /// `` `json` `` or `'raw string'`.
    Literal(Value),
    Function(String, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
        }
    }
}

/// Why an expression does not parse: what, and where (a character offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Parses a JMESPath expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        position: 0,
        text_len: text.len(),
    };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        token => Err(parser.error(format!("unexpected {}", token.describe()))),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Identifier(String),
    QuotedIdentifier(String),
    Number(i64),
    Literal(Value),
    Dot,
    Star,
    Flatten,
    Filter,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Ampersand,
    Current,
    Compare(Comparison),
    End,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Identifier(name) | Token::QuotedIdentifier(name) => format!("`{name}`"),
            Token::Number(number) => format!("number `{number}`"),
            Token::Literal(value) => format!("literal `{value}`"),
            Token::End => "end of expression".to_owned(),
            token => format!("`{}`", token.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Token::Dot => ".",
            Token::Star => "*",
            Token::Flatten => "[]",
            Token::Filter => "[?",
            Token::LeftBracket => "[",
            Token::RightBracket => "]",
            Token::LeftParen => "(",
            Token::RightParen => ")",
            Token::LeftBrace => "{",
            Token::RightBrace => "}",
            Token::Comma => ",",
            Token::Colon => ":",
            Token::Pipe => "|",
            Token::Or => "||",
            Token::And => "&&",
            Token::Not => "!",
            Token::Ampersand => "&",
            Token::Current => "@",
            Token::Compare(comparison) => comparison.symbol(),
            _ => "",
        }
    }

    /// How strongly the token binds to the expression on its left.
    fn binding_power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LeftBrace => 50,
            Token::LeftBracket => 55,
            Token::LeftParen => 60,
            _ => 0,
        }
    }
}

/// Tokens binding less than this end a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn lex(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    let error = |offset: usize, message: String| ParseError { offset, message };
    while at < bytes.len() {
        let start = at;
        let next = bytes.get(at + 1).copied();
        let (token, length) = match bytes[at] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'.' => (Token::Dot, 1),
            b'*' => (Token::Star, 1),
            b'@' => (Token::Current, 1),
            b']' => (Token::RightBracket, 1),
            b'(' => (Token::LeftParen, 1),
            b')' => (Token::RightParen, 1),
            b'{' => (Token::LeftBrace, 1),
            b'}' => (Token::RightBrace, 1),
            b',' => (Token::Comma, 1),
            b':' => (Token::Colon, 1),
            b'[' if next == Some(b']') => (Token::Flatten, 2),
            b'[' if next == Some(b'?') => (Token::Filter, 2),
            b'[' => (Token::LeftBracket, 1),
            b'|' if next == Some(b'|') => (Token::Or, 2),
            b'|' => (Token::Pipe, 1),
            b'&' if next == Some(b'&') => (Token::And, 2),
            b'&' => (Token::Ampersand, 1),
            b'!' if next == Some(b'=') => (Token::Compare(Comparison::NotEqual), 2),
            b'!' => (Token::Not, 1),
            b'=' if next == Some(b'=') => (Token::Compare(Comparison::Equal), 2),
            b'<' if next == Some(b'=') => (Token::Compare(Comparison::LessOrEqual), 2),
            b'<' => (Token::Compare(Comparison::Less), 1),
            b'>' if next == Some(b'=') => (Token::Compare(Comparison::GreaterOrEqual), 2),
            b'>' => (Token::Compare(Comparison::Greater), 1),
            b'`' => {
                let end = closing(bytes, at, b'`')
                    .ok_or_else(|| error(start, "unclosed literal".to_owned()))?;
                let json = text[at + 1..end].replace("\\`", "`");
                let value = serde_json::from_str(json.trim()).map_err(|problem| {
                    error(start, format!("literal `{json}` is not JSON ({problem})"))
                })?;
                (Token::Literal(value), end + 1 - at)
            }
            b'\'' => {
                let end = closing(bytes, at, b'\'')
                    .ok_or_else(|| error(start, "unclosed raw string".to_owned()))?;
                let raw = text[at + 1..end].replace("\\'", "'");
                (Token::Literal(Value::String(raw)), end + 1 - at)
            }
            b'"' => {
                let end = closing(bytes, at, b'"')
                    .ok_or_else(|| error(start, "unclosed quoted identifier".to_owned()))?;
                let name: String = serde_json::from_str(&text[at..=end]).map_err(|problem| {
                    error(start, format!("bad quoted identifier ({problem})"))
                })?;
                (Token::QuotedIdentifier(name), end + 1 - at)
            }
            b'-' | b'0'..=b'9' => {
                let digits = text[at + 1..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let literal = &text[at..at + 1 + digits];
                let number = literal
                    .parse()
                    .map_err(|_| error(start, format!("bad number `{literal}`")))?;
                (Token::Number(number), 1 + digits)
            }
            byte if byte.is_ascii_alphabetic() || byte == b'_' => {
                let length = text[at..]
                    .bytes()
                    .take_while(|byte| byte.is_ascii_alphanumeric() || *byte == b'_')
                    .count();
                (Token::Identifier(text[at..at + length].to_owned()), length)
            }
            _ => {
                let character = text[at..].chars().next().unwrap_or_default();
                return Err(error(start, format!("unexpected character `{character}`")));
            }
        };
        tokens.push((start, token));
        at += length;
    }
    tokens.push((text.len(), Token::End));
    Ok(tokens)
}

/// The index of the `quote` that closes the one at `open`, skipping
/// backslash escapes.
fn closing(bytes: &[u8], open: usize, quote: u8) -> Option<usize> {
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            byte if byte == quote => return Some(at),
            _ => at += 1,
        }
    }
    None
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    position: usize,
    text_len: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        self.tokens
            .get(self.position + ahead)
            .map_or(&Token::End, |(_, token)| token)
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        self.position = (self.position + 1).min(self.tokens.len());
        token
    }

    fn error(&self, message: String) -> ParseError {
        let offset = self
            .tokens
            .get(self.position)
            .map_or(self.text_len, |(offset, _)| *offset);
        ParseError { offset, message }
    }

    fn expect(&mut self, expected: Token) -> Result<(), ParseError> {
        if *self.peek() == expected {
            self.advance();
            Ok(())
        } else {
            Err(self.error(format!(
                "expected `{}`, found {}",
                expected.symbol(),
                self.peek().describe()
            )))
        }
    }

    fn unsupported(&self, what: &str) -> ParseError {
        self.error(format!("{what} are not supported"))
    }

    fn expression(&mut self, binding_power: u8) -> Result<Expr, ParseError> {
        let token = self.advance();
        let mut left = self.prefix(token)?;
        while binding_power < self.peek().binding_power() {
            let token = self.advance();
            left = self.infix(token, left)?;
        }
        Ok(left)
    }

    fn prefix(&mut self, token: Token) -> Result<Expr, ParseError> {
        match token {
            Token::Literal(value) => Ok(Expr::Literal(value)),
            Token::Identifier(name) => Ok(Expr::Field(name)),
            Token::QuotedIdentifier(name) => {
                if *self.peek() == Token::LeftParen {
                    return Err(self.error("a quoted identifier cannot name a function".to_owned()));
                }
                Ok(Expr::Field(name))
            }
            Token::Current => Ok(Expr::Current),
            Token::Star => Ok(Expr::ValueProjection {
                base: Box::new(Expr::Current),
                then: Box::new(self.projection_rhs(Token::Star.binding_power())?),
            }),
            Token::Flatten => Ok(Expr::ListProjection {
                base: Box::new(Expr::Flatten(Box::new(Expr::Current))),
                then: Box::new(self.projection_rhs(Token::Flatten.binding_power())?),
            }),
            Token::Filter => self.filter(Expr::Current),
            Token::Not => Ok(Expr::Not(Box::new(
                self.expression(Token::Not.binding_power())?,
            ))),
            Token::LeftParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RightParen)?;
                Ok(inner)
            }
            Token::LeftBracket => self.bracket(Expr::Current),
            Token::LeftBrace => Err(self.unsupported("multi-select hashes")),
            Token::Ampersand => Err(self.unsupported("expression references")),
            token => Err(self.error(format!("unexpected {}", token.describe()))),
        }
    }

    fn infix(&mut self, token: Token, left: Expr) -> Result<Expr, ParseError> {
        let binding_power = token.binding_power();
        match token {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.advance();
                    Ok(Expr::ValueProjection {
                        base: Box::new(left),
                        then: Box::new(self.projection_rhs(binding_power)?),
                    })
                } else {
                    let right = self.dot_rhs(binding_power)?;
                    Ok(Expr::Subexpr(Box::new(left), Box::new(right)))
                }
            }
            Token::Pipe => Ok(Expr::Pipe(
                Box::new(left),
                Box::new(self.expression(binding_power)?),
            )),
            Token::Or => Ok(Expr::Or(
                Box::new(left),
                Box::new(self.expression(binding_power)?),
            )),
            Token::And => Ok(Expr::And(
                Box::new(left),
                Box::new(self.expression(binding_power)?),
            )),
            Token::Compare(comparison) => Ok(Expr::Compare(
                comparison,
                Box::new(left),
                Box::new(self.expression(binding_power)?),
            )),
            Token::Flatten => Ok(Expr::ListProjection {
                base: Box::new(Expr::Flatten(Box::new(left))),
                then: Box::new(self.projection_rhs(binding_power)?),
            }),
            Token::Filter => self.filter(left),
            Token::LeftBracket => self.bracket(left),
            Token::LeftParen => {
                let Expr::Field(name) = left else {
                    return Err(self.error("only a name can be called as a function".to_owned()));
                };
                let mut arguments = Vec::new();
                while *self.peek() != Token::RightParen {
                    arguments.push(self.expression(0)?);
                    if *self.peek() == Token::Comma {
                        self.advance();
                    } else if *self.peek() != Token::RightParen {
                        return Err(self.error(format!(
                            "expected `,` or `)`, found {}",
                            self.peek().describe()
                        )));
                    }
                }
                self.advance();
                Ok(Expr::Function(name, arguments))
            }
            token => Err(self.error(format!("unexpected {}", token.describe()))),
        }
    }

    /// After `[` (its `left` the expression before it): an index, or `*]`.
    fn bracket(&mut self, left: Expr) -> Result<Expr, ParseError> {
        match self.peek().clone() {
            Token::Number(index) => {
                self.advance();
                if *self.peek() == Token::Colon {
                    return Err(self.unsupported("slices"));
                }
                self.expect(Token::RightBracket)?;
                Ok(Expr::Index(Box::new(left), index))
            }
            Token::Colon => Err(self.unsupported("slices")),
            Token::Star if *self.peek_at(1) == Token::RightBracket => {
                self.advance();
                self.advance();
                Ok(Expr::ListProjection {
                    base: Box::new(left),
                    then: Box::new(self.projection_rhs(Token::Star.binding_power())?),
                })
            }
            _ => Err(self.unsupported("multi-select lists")),
        }
    }

    /// After `[?`: the condition, `]`, and what is projected.
    fn filter(&mut self, base: Expr) -> Result<Expr, ParseError> {
        let condition = self.expression(0)?;
        self.expect(Token::RightBracket)?;
        let then = if *self.peek() == Token::Flatten {
            Expr::Current
        } else {
            self.projection_rhs(Token::Filter.binding_power())?
        };
        Ok(Expr::FilterProjection {
            base: Box::new(base),
            condition: Box::new(condition),
            then: Box::new(then),
        })
    }

    /// What a projection applies to each element: the rest of the
    /// expression up to the first token that binds less than a projection.
    fn projection_rhs(&mut self, binding_power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            token if token.binding_power() < PROJECTION_STOP => Ok(Expr::Current),
            Token::LeftBracket | Token::Filter => self.expression(binding_power),
            Token::Dot => {
                self.advance();
                self.dot_rhs(binding_power)
            }
            token => Err(self.error(format!(
                "unexpected {} after a projection",
                token.describe()
            ))),
        }
    }

    fn dot_rhs(&mut self, binding_power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Identifier(_) | Token::QuotedIdentifier(_) | Token::Star => {
                self.expression(binding_power)
            }
            Token::LeftBracket => Err(self.unsupported("multi-select lists")),
            Token::LeftBrace => Err(self.unsupported("multi-select hashes")),
            token => Err(self.error(format!(
                "expected a name after `.`, found {}",
                token.describe()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    fn flatten_projection(base: Box<Expr>, then: Expr) -> Expr {
        Expr::ListProjection {
            base: Box::new(Expr::Flatten(base)),
            then: Box::new(then),
        }
    }

    #[test]
    fn a_flattened_projection_of_a_flattened_projection() {
        // `a[].b[].c.d`: project `b` over `a`, flatten, project `c.d`.
        let inner = flatten_projection(field("Reservations"), Expr::Field("Instances".to_owned()));
        let expected = flatten_projection(
            Box::new(inner),
            Expr::Subexpr(field("State"), field("Name")),
        );
        assert_eq!(
            parse("Reservations[].Instances[].State.Name").unwrap(),
            expected
        );
    }

    #[test]
    fn functions_comparisons_and_literals() {
        let expected = Expr::Compare(
            Comparison::Greater,
            Box::new(Expr::Function(
                "length".to_owned(),
                vec![flatten_projection(field("Reservations"), Expr::Current)],
            )),
            Box::new(Expr::Literal(Value::from(0))),
        );
        assert_eq!(parse("length(Reservations[]) > `0`").unwrap(), expected);
        assert_eq!(
            parse("Name == 'it''s'").unwrap_err().offset,
            12,
            "two raw strings side by side are not one"
        );
        assert_eq!(
            parse("Name == 'it\\'s'").unwrap(),
            Expr::Compare(
                Comparison::Equal,
                field("Name"),
                Box::new(Expr::Literal(Value::from("it's")))
            )
        );
    }

    #[test]
    fn filters_boolean_operators_and_precedence() {
        let parsed = parse("Items[?State == 'ok' && !Hidden].Id | [0]").unwrap();
        let condition = Expr::And(
            Box::new(Expr::Compare(
                Comparison::Equal,
                field("State"),
                Box::new(Expr::Literal(Value::from("ok"))),
            )),
            Box::new(Expr::Not(field("Hidden"))),
        );
        let filtered = Expr::FilterProjection {
            base: field("Items"),
            condition: Box::new(condition),
            then: field("Id"),
        };
        assert_eq!(
            parsed,
            Expr::Pipe(
                Box::new(filtered),
                Box::new(Expr::Index(Box::new(Expr::Current), 0))
            )
        );
        // `||` binds less than `&&`.
        assert!(
            matches!(parse("a || b && c").unwrap(), Expr::Or(_, right) if matches!(*right, Expr::And(..)))
        );
        assert_eq!(
            parse("a[*].b").unwrap(),
            Expr::ListProjection {
                base: field("a"),
                then: field("b")
            }
        );
        assert_eq!(
            parse("\"quoted name\"[-1]").unwrap(),
            Expr::Index(field("quoted name"), -1)
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let cases = [
            ("a.", "expected a name after `.`", 2),
            ("a[0:1]", "slices are not supported", 3),
            ("a[b]", "multi-select lists are not supported", 2),
            ("{a: b}", "multi-select hashes are not supported", 1),
            ("length(a", "expected `,` or `)`", 8),
            ("a == `nope`", "is not JSON", 5),
            ("a # b", "unexpected character `#`", 2),
            ("a b", "unexpected `b`", 2),
            ("'open", "unclosed raw string", 0),
            ("a[?b", "expected `]`", 4),
        ];
        for (text, message, offset) in cases {
            let error = parse(text).unwrap_err();
            assert!(error.message.contains(message), "{text}: {error}");
            assert_eq!(error.offset, offset, "{text}: {error}");
        }
    }

    #[test]
    fn every_ec2_waiter_path_parses() {
        for path in [
            "Reservations[].Instances[].State.Name",
            "InstanceStatuses[].InstanceStatus.Status",
            "ImportSnapshotTasks[].SnapshotTaskDetail.Status",
            "length(InternetGateways[].InternetGatewayId) > `0`",
            "length(PasswordData) > `0`",
            "length(SecurityGroupVpcAssociations[]) == `0`",
            "VpcPeeringConnections[].Status.Code",
        ] {
            parse(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        }
    }
}
