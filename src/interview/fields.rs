//! Every key of the workload format, in file order, as the interview writes it: its type and the
//! comment the saved file puts beside it, both from the workload field table
//! ([`crate::workload::fields`]). The interview only asks about some of them; the others are kept
//! as they were in the `--from` file.

use std::sync::LazyLock;

use super::{Draft, Value};
use crate::workload::fields::{self as table, Default, Lookup, Presence, Ty, Val};

/// How a key's value is written in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Type {
    /// A string (names, regions and every closed set of values such as `kind`).
    Text,
    /// An integer or a float.
    Number,
    /// An integer only.
    Int,
    Bool,
}

#[derive(Debug)]
pub(super) struct Field {
    /// Dotted path: `traffic.requests_per_month`, or `name` at the top level.
    pub(super) key: &'static str,
    pub(super) ty: Type,
    /// The comment beside the key in a saved file: meaning, allowed values, default.
    pub(super) comment: String,
}

impl Field {
    /// `traffic` for `traffic.requests_per_month`; `None` at the top level.
    pub(super) fn table(&self) -> Option<&'static str> {
        self.key.split_once('.').map(|(t, _)| t)
    }

    /// `requests_per_month` for `traffic.requests_per_month`.
    pub(super) fn name(&self) -> &'static str {
        self.key.split_once('.').map_or(self.key, |(_, k)| k)
    }
}

/// The tables in file order, with the comment beside each header.
pub(super) static TABLES: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    table::SECTIONS
        .iter()
        .map(|s| {
            let when = match s.presence {
                Presence::Traffic => "; for kinds \"service\" and \"event\"",
                Presence::Jobs => "; for kinds \"batch\" and \"scheduled\"",
                Presence::Required | Presence::Optional => "",
            };
            (s.name, format!("{}{when}", s.help))
        })
        .collect()
});

/// The comment of a key: what it is, what it may be, its default.
fn comment(f: &table::Field) -> String {
    let mut parts = vec![f.help.to_owned()];
    let allowed = match (f.ty, f.range) {
        (Ty::Choice(values), _) => values
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(" | "),
        (Ty::Text, Some(r)) => format!("{}-{} characters", r.min, r.max),
        (_, Some(r)) if r.min < r.max => r.short(),
        _ => String::new(),
    };
    let unit = match f.unit {
        "" => String::new(),
        unit => format!(" {unit}"),
    };
    if !allowed.is_empty() {
        parts.push(format!("{allowed}{unit}").replace('`', ""));
    }
    match f.default {
        Default::Required { .. } => parts.push("required".to_owned()),
        Default::Absent => {}
        Default::Off(_) | Default::Value(_) | Default::Derived(_) => {
            parts.push(format!("default {}", f.default_text().replace('`', "")));
        }
    }
    parts.join("; ")
}

pub(super) static FIELDS: LazyLock<Vec<Field>> = LazyLock::new(|| {
    table::FIELDS
        .iter()
        .map(|f| Field {
            key: f.path,
            ty: match f.ty {
                Ty::Choice(_) | Ty::Text => Type::Text,
                Ty::Number => Type::Number,
                Ty::Count => Type::Int,
                Ty::Flag => Type::Bool,
            },
            comment: comment(f),
        })
        .collect()
});

/// The field for a dotted key.
pub(super) fn find(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// An answer as the field table reads it.
fn val(value: &Value) -> Val<'_> {
    match value {
        Value::Text(s) => Val::Text(s),
        Value::Number(n) => Val::Num(*n),
        Value::Int(n) => Val::Num(*n as f64),
        Value::Bool(b) => Val::Flag(*b),
    }
}

/// The answers so far; a key not answered yet reads as its constant default.
impl Lookup for Draft {
    fn lookup(&self, path: &str) -> Option<Val<'_>> {
        match self.get(path) {
            Some(v) => Some(val(v)),
            None => match table::field(path)?.default {
                Default::Value(v) | Default::Off(v) => Some(v),
                _ => None,
            },
        }
    }
}

/// The default the parser applies to `key` when the file leaves it out, given the answers so far.
pub(super) fn default_of(key: &str, draft: &Draft) -> Option<Value> {
    let f = table::field(key)?;
    let v = match f.default {
        Default::Value(v) | Default::Off(v) => v,
        Default::Derived(d) => (d.value)(draft).0,
        Default::Required { .. } | Default::Absent => return None,
    };
    Some(match (f.ty, v) {
        (Ty::Count, v) => Value::Int(v.num() as i64),
        (_, Val::Num(n)) => Value::Number(n),
        (_, Val::Flag(b)) => Value::Bool(b),
        (_, Val::Choice(s) | Val::Text(s)) => Value::Text(s.to_owned()),
    })
}
