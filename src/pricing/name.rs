//! [`Name`]: an instance type's name or GPU model, as the cost models and their results carry it.

use std::borrow::Cow;
use std::fmt;

use serde::{Serialize, Serializer};

/// An instance type's name (`m7g.large`) or a GPU model (`NVIDIA L4`).
///
/// A bundled region's names are spans of one static string (see `compiled/README.md`): static
/// data that holds no pointers needs no relocation when the binary starts, so the thousand-odd
/// types of a table cost nothing until a search reads them, and copying a name copies two
/// numbers. A table read from files owns its names.
#[derive(Clone)]
pub struct Name(Repr);

#[derive(Clone)]
enum Repr {
    Bundled { start: u32, end: u32 },
    Owned(String),
}

impl Name {
    /// The name at `start..end` of the bundled names (`compiled/instances.rs`).
    pub(super) const fn bundled(start: u32, end: u32) -> Self {
        Self(Repr::Bundled { start, end })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Bundled { start, end } => super::compiled::name(*start, *end),
            Repr::Owned(s) => s,
        }
    }

    /// The name as a string that lives as long as the program (borrowed for a bundled name).
    pub fn to_cow(&self) -> Cow<'static, str> {
        match &self.0 {
            Repr::Bundled { start, end } => Cow::Borrowed(super::compiled::name(*start, *end)),
            Repr::Owned(s) => Cow::Owned(s.clone()),
        }
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Self(Repr::Owned(s))
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Self(Repr::Owned(s.to_owned()))
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_compares_and_prints_as_its_text() {
        let owned = Name::from("m7g.large");
        assert_eq!(owned, "m7g.large");
        assert_eq!(owned.to_string(), "m7g.large");
        assert_eq!(format!("{owned:?}"), "\"m7g.large\"");
        assert_eq!(owned.to_cow(), "m7g.large");
        assert!(Name::from("a1.large").cmp(&owned).is_lt());
        assert_eq!(serde_json::to_string(&owned).unwrap(), "\"m7g.large\"");
    }
}
