//! Smithy shape ids: `namespace#Name` and `namespace#Name$member`.

use std::fmt;
use std::sync::Arc;

/// An absolute Smithy shape id, optionally naming a member.
///
/// Held as its text, shared: ids are map keys and are copied into every
/// set, graph and error of the model's passes, and a copy is a reference
/// count, not three strings. Comparing the texts orders ids as comparing
/// (namespace, name, member) would: identifier characters and `.` all sort
/// after the `#` and `$` separators, and a missing member sorts first.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId {
    text: Arc<str>,
    /// Where `#` is.
    hash: usize,
    /// Where `$` is, if the id names a member.
    dollar: Option<usize>,
}

impl ShapeId {
    /// Parses an absolute shape id such as `com.amazonaws.ec2#Filter` or
    /// `com.amazonaws.ec2#Filter$Name`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (namespace, rest) = text
            .split_once('#')
            .ok_or_else(|| format!("`{text}` is not an absolute shape id (no `#`)"))?;
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
            return Err(format!("`{text}` has an invalid namespace"));
        }
        if !is_identifier(name) {
            return Err(format!("`{text}` has an invalid shape name"));
        }
        if let Some(member) = member {
            if !is_identifier(member) {
                return Err(format!("`{text}` has an invalid member name"));
            }
        }
        Ok(Self {
            text: Arc::from(text),
            hash: namespace.len(),
            dollar: member.map(|_| namespace.len() + 1 + name.len()),
        })
    }

    /// The id of a member of this shape.
    pub fn with_member(&self, member: &str) -> Self {
        let root = self.root_text();
        Self {
            text: Arc::from(format!("{root}${member}")),
            hash: self.hash,
            dollar: Some(root.len()),
        }
    }

    /// The shape this id names, without any member.
    pub fn root(&self) -> Self {
        match self.dollar {
            None => self.clone(),
            Some(_) => Self {
                text: Arc::from(self.root_text()),
                hash: self.hash,
                dollar: None,
            },
        }
    }

    /// `namespace#Name`.
    fn root_text(&self) -> &str {
        &self.text[..self.dollar.unwrap_or(self.text.len())]
    }

    pub fn namespace(&self) -> &str {
        &self.text[..self.hash]
    }

    pub fn name(&self) -> &str {
        &self.root_text()[self.hash + 1..]
    }

    pub fn member(&self) -> Option<&str> {
        self.dollar.map(|dollar| &self.text[dollar + 1..])
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShapeId")
            .field("namespace", &self.namespace())
            .field("name", &self.name())
            .field("member", &self.member())
            .finish()
    }
}

/// Smithy identifiers: a letter or `_` first, then letters, digits and `_`
/// (at least one of which is not `_`).
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text.chars().any(|c| c != '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_shape_and_member_ids() {
        let id = ShapeId::parse("com.amazonaws.ec2#Filter$Name").unwrap();
        assert_eq!(id.namespace(), "com.amazonaws.ec2");
        assert_eq!(id.name(), "Filter");
        assert_eq!(id.member(), Some("Name"));
        assert_eq!(id.to_string(), "com.amazonaws.ec2#Filter$Name");
        assert_eq!(id.root().to_string(), "com.amazonaws.ec2#Filter");
        assert_eq!(id.root().member(), None);
        assert_eq!(id.root().with_member("Name"), id);
    }

    #[test]
    fn orders_as_namespace_then_name_then_member() {
        let ids = [
            "a#A", "a#A$b", "a#A$c", "a#AB", "a#B", "a.b#A", "a_b#A", "ab#A", "b#A",
        ];
        let parsed: Vec<ShapeId> = ids.iter().map(|id| ShapeId::parse(id).unwrap()).collect();
        for (left, right) in parsed.iter().zip(&parsed[1..]) {
            let as_parts = |id: &ShapeId| {
                (
                    id.namespace().to_owned(),
                    id.name().to_owned(),
                    id.member().map(str::to_owned),
                )
            };
            assert!(as_parts(left) < as_parts(right), "{left} {right}");
            assert!(left < right, "{left} {right}");
        }
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "Filter", "#Filter", "ns#", "ns#1Abc", "n s#A", "ns#A$", "ns#A$b c", "ns#_",
        ] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
