//! The JSON Schema of the workload file format (`runwhere schema`, `docs/workload.schema.json`),
//! for editors (Taplo / Even Better TOML: put `#:schema ./workload.schema.json` on a file's first
//! line) and for CI checks.
//!
//! It is generated from the field table ([`super::fields`]), the same declarations the parser
//! reads: the same keys, values, ranges and defaults.

use serde_json::{Map, Value, json};

use super::fields::{self, Default, FIELDS, Field, Presence, SECTIONS, Ty, Val};

/// The schema as pretty JSON with a trailing newline.
///
/// # Errors
/// [`crate::Error::Json`] if the schema cannot be serialized.
pub fn json() -> crate::Result<String> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in FIELDS.iter().filter(|f| f.section().is_empty()) {
        properties.insert(f.key().to_owned(), property(f));
        if matches!(f.default, Default::Required { .. }) {
            required.push(f.key());
        }
    }
    for s in SECTIONS {
        let mut table = Map::new();
        let mut keys = Map::new();
        let mut needed = Vec::new();
        for f in s.fields() {
            keys.insert(f.key().to_owned(), property(f));
            if matches!(f.default, Default::Required { .. }) {
                needed.push(f.key());
            }
        }
        let when = match s.presence {
            Presence::Required | Presence::Optional => "",
            Presence::Traffic => {
                " Required for kinds `service` and `event`, rejected for the others."
            }
            Presence::Jobs => {
                " Required for kinds `batch` and `scheduled`, rejected for the others."
            }
        };
        table.insert("type".into(), json!("object"));
        table.insert("additionalProperties".into(), json!(false));
        table.insert(
            "description".into(),
            json!(format!("{}.{when}", sentence(s.help))),
        );
        table.insert("properties".into(), Value::Object(keys));
        if !needed.is_empty() {
            table.insert("required".into(), json!(needed));
        }
        properties.insert(s.name.to_owned(), Value::Object(table));
        if s.presence == Presence::Required {
            required.push(s.name);
        }
    }
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "runwhere workload",
        "description": "A runwhere workload file, format version 1: one application, what kind of work it is, the size\nof one instance, its traffic or jobs, the team and what it needs.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
        "required": required,
    });
    let mut out = serde_json::to_string_pretty(&schema)?;
    out.push('\n');
    Ok(out)
}

/// A number as JSON: whole numbers as integers, as editors show them.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e9 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

fn value(v: Val<'_>) -> Value {
    match v {
        Val::Num(n) => number(n),
        Val::Flag(b) => json!(b),
        Val::Choice(s) | Val::Text(s) => json!(s),
    }
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn property(f: &Field) -> Value {
    let mut p = Map::new();
    let unit = if f.unit.is_empty() {
        String::new()
    } else {
        format!(", in {}", f.unit)
    };
    let default = match f.default {
        Default::Required { .. } | Default::Absent => String::new(),
        _ => format!(" (default {})", f.default_text()),
    };
    p.insert(
        "description".into(),
        json!(format!("{}{unit}{default}.", sentence(f.help))),
    );
    match f.ty {
        Ty::Number => {
            p.insert("type".into(), json!("number"));
            p.insert("format".into(), json!("double"));
        }
        Ty::Count => {
            p.insert("type".into(), json!("integer"));
            p.insert("format".into(), json!("uint32"));
        }
        Ty::Flag => {
            p.insert("type".into(), json!("boolean"));
        }
        Ty::Choice(values) => {
            p.insert("type".into(), json!("string"));
            p.insert("enum".into(), json!(values));
        }
        Ty::Text => {
            p.insert("type".into(), json!("string"));
        }
    }
    if let Some(r) = f.range {
        if f.ty == Ty::Text {
            p.insert("minLength".into(), number(r.min));
            p.insert("maxLength".into(), number(r.max));
        } else {
            let low = if r.min_exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            };
            p.insert(low.into(), number(r.min));
            p.insert("maximum".into(), number(r.max));
        }
    }
    if let Default::Value(v) | Default::Off(v) = f.default {
        p.insert("default".into(), value(v));
    }
    Value::Object(p)
}

/// The section or field schema at a dotted path, for tests.
pub fn property_at(schema: &Value, path: &str) -> Option<Value> {
    let f = fields::field(path)?;
    let props = &schema["properties"];
    let p = if f.section().is_empty() {
        &props[f.key()]
    } else {
        &props[f.section()]["properties"][f.key()]
    };
    (!p.is_null()).then(|| p.clone())
}
