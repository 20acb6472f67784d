//! A compiler for the regular-expression subset partition data uses
//! (`^(us|eu|ap)\-\w+\-\d+$`): anchors, literal characters and escapes,
//! `.`, `\d`, `\w`, `\s` (and their negations), character classes, groups
//! with alternation, and the quantifiers `*`, `+`, `?` and `{n,m}`. Anything
//! else (backreferences, lookaround, word boundaries, ...) is refused, so a
//! pattern never means something other than what it says.

/// A parsed pattern: what the emitter turns into `MatchSet` steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegexIr {
    /// Matches the empty string.
    Empty,
    Literal(String),
    /// One character in (or, negated, outside) the inclusive ranges.
    Class {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
    /// `^`.
    Start,
    /// `$`.
    End,
    Concat(Vec<RegexIr>),
    Alternation(Vec<RegexIr>),
    Repeat {
        node: Box<RegexIr>,
        min: usize,
        max: Option<usize>,
    },
}

/// Parses `pattern`; the message says what is unsupported or malformed, and where.
pub(super) fn parse(pattern: &str) -> Result<RegexIr, String> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        position: 0,
    };
    let node = parser.alternation()?;
    match parser.peek() {
        None => Ok(node),
        Some(c) => Err(parser.problem(&format!("unexpected `{c}`"))),
    }
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
const SPACE: &[(char, char)] = &[
    (' ', ' '),
    ('\t', '\t'),
    ('\n', '\n'),
    ('\r', '\r'),
    ('\u{b}', '\u{b}'),
    ('\u{c}', '\u{c}'),
];

struct Parser {
    chars: Vec<char>,
    position: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += 1;
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    fn problem(&self, message: &str) -> String {
        format!("{message} at offset {}", self.position)
    }

    fn alternation(&mut self) -> Result<RegexIr, String> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            RegexIr::Alternation(branches)
        })
    }

    fn concat(&mut self) -> Result<RegexIr, String> {
        let mut items: Vec<RegexIr> = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let item = self.quantified(atom)?;
            match (items.last_mut(), item) {
                (Some(RegexIr::Literal(text)), RegexIr::Literal(more)) => text.push_str(&more),
                (_, item) => items.push(item),
            }
        }
        Ok(match items.len() {
            0 => RegexIr::Empty,
            1 => items.remove(0),
            _ => RegexIr::Concat(items),
        })
    }

    fn quantified(&mut self, atom: RegexIr) -> Result<RegexIr, String> {
        let mut node = atom;
        loop {
            let (min, max) = match self.peek() {
                Some('*') => (0, None),
                Some('+') => (1, None),
                Some('?') => (0, Some(1)),
                Some('{') => (0, Some(0)),
                _ => return Ok(node),
            };
            let quantifier = self.next();
            let (min, max) = if quantifier == Some('{') {
                self.counted()?
            } else {
                (min, max)
            };
            if matches!(node, RegexIr::Start | RegexIr::End | RegexIr::Empty) {
                return Err(self.problem("a quantifier with nothing to repeat"));
            }
            // A lazy quantifier matches the same strings; a possessive one does not.
            if !self.eat('?') && self.peek() == Some('+') {
                return Err(self.problem("possessive quantifiers are not supported"));
            }
            node = RegexIr::Repeat {
                node: Box::new(node),
                min,
                max,
            };
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` after the `{`.
    fn counted(&mut self) -> Result<(usize, Option<usize>), String> {
        let min = self
            .number()
            .ok_or_else(|| self.problem("`{` must start a repetition count such as `{2,3}`"))?;
        let max = if self.eat(',') {
            self.number()
        } else {
            Some(min)
        };
        if !self.eat('}') {
            return Err(self.problem("a repetition count must end with `}`"));
        }
        if max.is_some_and(|max| max < min) {
            return Err(self.problem("a repetition count's maximum is below its minimum"));
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.position;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.position += 1;
        }
        let digits: String = self.chars[start..self.position].iter().collect();
        digits.parse().ok()
    }

    fn atom(&mut self) -> Result<RegexIr, String> {
        let Some(c) = self.next() else {
            return Err(self.problem("the pattern ends early"));
        };
        match c {
            '^' => Ok(RegexIr::Start),
            '$' => Ok(RegexIr::End),
            '.' => Ok(RegexIr::Class {
                ranges: vec![('\n', '\n')],
                negated: true,
            }),
            '(' => self.group(),
            '[' => self.class(),
            '\\' => self.escape(),
            '*' | '+' | '?' | '{' => Err(self.problem(&format!("`{c}` with nothing to repeat"))),
            c => Ok(RegexIr::Literal(c.to_string())),
        }
    }

    fn group(&mut self) -> Result<RegexIr, String> {
        if self.eat('?') && !self.eat(':') {
            return Err(self.problem("only `(?:` groups are supported (no lookaround or flags)"));
        }
        let node = self.alternation()?;
        if !self.eat(')') {
            return Err(self.problem("a group is not closed with `)`"));
        }
        Ok(node)
    }

    fn escape(&mut self) -> Result<RegexIr, String> {
        let Some(c) = self.next() else {
            return Err(self.problem("the pattern ends with `\\`"));
        };
        let class = |ranges: &[(char, char)], negated: bool| RegexIr::Class {
            ranges: ranges.to_vec(),
            negated,
        };
        Ok(match c {
            'd' => class(DIGIT, false),
            'D' => class(DIGIT, true),
            'w' => class(WORD, false),
            'W' => class(WORD, true),
            's' => class(SPACE, false),
            'S' => class(SPACE, true),
            other => RegexIr::Literal(self.escaped_char(other)?.to_string()),
        })
    }

    /// The character an escape other than a class stands for.
    fn escaped_char(&self, c: char) -> Result<char, String> {
        match c {
            't' => Ok('\t'),
            'n' => Ok('\n'),
            'r' => Ok('\r'),
            'f' => Ok('\u{c}'),
            'v' => Ok('\u{b}'),
            c if c.is_ascii_punctuation() => Ok(c),
            c => Err(self.problem(&format!("the escape `\\{c}` is not supported"))),
        }
    }

    fn class(&mut self) -> Result<RegexIr, String> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.next() else {
                return Err(self.problem("a character class is not closed with `]`"));
            };
            let low = match c {
                ']' if !first => break,
                '\\' => match self.class_escape()? {
                    ClassItem::Char(c) => c,
                    ClassItem::Ranges(predefined) => {
                        ranges.extend_from_slice(predefined);
                        first = false;
                        continue;
                    }
                },
                '[' if self.peek() == Some(':') => {
                    return Err(self.problem("POSIX classes such as `[:alpha:]` are not supported"));
                }
                c => c,
            };
            first = false;
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.position + 1) != Some(&']');
            if !is_range {
                ranges.push((low, low));
                continue;
            }
            self.position += 1;
            let high = match self.next() {
                Some('\\') => match self.class_escape()? {
                    ClassItem::Char(c) => c,
                    ClassItem::Ranges(_) => {
                        return Err(self.problem("a range cannot end with a class such as `\\d`"));
                    }
                },
                Some(c) => c,
                None => return Err(self.problem("a character class is not closed with `]`")),
            };
            if high < low {
                return Err(self.problem(&format!("the range `{low}-{high}` is backwards")));
            }
            ranges.push((low, high));
        }
        Ok(RegexIr::Class { ranges, negated })
    }

    fn class_escape(&mut self) -> Result<ClassItem, String> {
        let Some(c) = self.next() else {
            return Err(self.problem("the pattern ends with `\\`"));
        };
        match c {
            'd' => Ok(ClassItem::Ranges(DIGIT)),
            'w' => Ok(ClassItem::Ranges(WORD)),
            's' => Ok(ClassItem::Ranges(SPACE)),
            'D' | 'W' | 'S' => Err(self.problem(&format!(
                "the negated class `\\{c}` is not supported inside `[...]`"
            ))),
            c => self.escaped_char(c).map(ClassItem::Char),
        }
    }
}

enum ClassItem {
    Char(char),
    Ranges(&'static [(char, char)]),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str) -> RegexIr {
        RegexIr::Literal(text.to_owned())
    }

    fn class(ranges: &[(char, char)], negated: bool) -> RegexIr {
        RegexIr::Class {
            ranges: ranges.to_vec(),
            negated,
        }
    }

    fn repeat(node: RegexIr, min: usize, max: Option<usize>) -> RegexIr {
        RegexIr::Repeat {
            node: Box::new(node),
            min,
            max,
        }
    }

    #[test]
    fn compiles_the_partition_patterns() {
        assert_eq!(
            parse(r"^(us|eu|ap)\-\w+\-\d+$"),
            Ok(RegexIr::Concat(vec![
                RegexIr::Start,
                RegexIr::Alternation(vec![literal("us"), literal("eu"), literal("ap")]),
                literal("-"),
                repeat(class(WORD, false), 1, None),
                literal("-"),
                repeat(class(DIGIT, false), 1, None),
                RegexIr::End,
            ]))
        );
        assert_eq!(
            parse(r"^eusc\-(de)\-\w+\-\d+$").map(|node| match node {
                RegexIr::Concat(items) => items.len(),
                _ => 0,
            }),
            Ok(6)
        );
    }

    #[test]
    fn compiles_the_rest_of_the_subset() {
        let table = [
            ("", RegexIr::Empty),
            (
                "ab*",
                RegexIr::Concat(vec![literal("a"), repeat(literal("b"), 0, None)]),
            ),
            ("a?", repeat(literal("a"), 0, Some(1))),
            ("a{2}", repeat(literal("a"), 2, Some(2))),
            ("a{2,}", repeat(literal("a"), 2, None)),
            ("a{2,5}", repeat(literal("a"), 2, Some(5))),
            ("a+?", repeat(literal("a"), 1, None)),
            (
                "(?:a|)",
                RegexIr::Alternation(vec![literal("a"), RegexIr::Empty]),
            ),
            (".", class(&[('\n', '\n')], true)),
            (r"\D", class(DIGIT, true)),
            (r"\s", class(SPACE, false)),
            (
                "[a-z0-9-]",
                class(&[('a', 'z'), ('0', '9'), ('-', '-')], false),
            ),
            ("[^.]", class(&[('.', '.')], true)),
            (r"[\d_]", class(&[('0', '9'), ('_', '_')], false)),
            ("[]a]", class(&[(']', ']'), ('a', 'a')], false)),
            (r"\.\\\t", literal(".\\\t")),
        ];
        for (pattern, expected) in table {
            assert_eq!(parse(pattern), Ok(expected), "{pattern}");
        }
    }

    #[test]
    fn refuses_what_it_does_not_support() {
        let table = [
            (r"\bus", "the escape `\\b` is not supported at offset 2"),
            (r"(a)\1", "the escape `\\1` is not supported at offset 5"),
            (
                "(?=a)",
                "only `(?:` groups are supported (no lookaround or flags) at offset 2",
            ),
            ("(a", "a group is not closed with `)` at offset 2"),
            ("a)", "unexpected `)` at offset 1"),
            ("*a", "`*` with nothing to repeat at offset 1"),
            ("^*", "a quantifier with nothing to repeat at offset 2"),
            (
                "[a-",
                "a character class is not closed with `]` at offset 3",
            ),
            ("[z-a]", "the range `z-a` is backwards at offset 4"),
            (
                r"[\D]",
                "the negated class `\\D` is not supported inside `[...]` at offset 3",
            ),
            (
                "a{x}",
                "`{` must start a repetition count such as `{2,3}` at offset 2",
            ),
            (
                "a{3,2}",
                "a repetition count's maximum is below its minimum at offset 6",
            ),
            (
                "a++",
                "possessive quantifiers are not supported at offset 2",
            ),
            (
                "[[:alpha:]]",
                "POSIX classes such as `[:alpha:]` are not supported at offset 2",
            ),
            ("\\", "the pattern ends with `\\` at offset 1"),
        ];
        for (pattern, expected) in table {
            assert_eq!(parse(pattern), Err(expected.to_owned()), "{pattern}");
        }
    }
}
