//! Smithy shape ids: `namespace#Name` and `namespace#Name$member`.

use std::fmt;

/// An absolute Smithy shape id, optionally naming a member.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId {
    namespace: String,
    name: String,
    member: Option<String>,
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
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            member: member.map(str::to_owned),
        })
    }

    /// The id of a member of this shape.
    pub fn with_member(&self, member: &str) -> Self {
        Self {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: Some(member.to_owned()),
        }
    }

    /// The shape this id names, without any member.
    pub fn root(&self) -> Self {
        Self {
            member: None,
            ..self.clone()
        }
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)?;
        if let Some(member) = &self.member {
            write!(f, "${member}")?;
        }
        Ok(())
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
