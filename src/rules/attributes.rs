//! The workload attributes rule conditions can read, with their types, and their values for one
//! workload: every field of the file (from the field table), then values derived from them
//! (`work.*`). [`ATTRIBUTES`] and [`values`] list them in the same order; a test checks they agree.

use std::sync::LazyLock;

use super::Limits;
use super::condition::Value;
use crate::workload::fields::{FIELDS, Field, Ty, Val};
use crate::workload::{Kind, Workload};

/// What kind of value an attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    Num,
    Bool,
    /// A string from a closed set.
    Enum(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: AttrType,
    pub help: &'static str,
}

const fn num(name: &'static str, help: &'static str) -> Attribute {
    Attribute {
        name,
        ty: AttrType::Num,
        help,
    }
}

const fn flag(name: &'static str, help: &'static str) -> Attribute {
    Attribute {
        name,
        ty: AttrType::Bool,
        help,
    }
}

/// The values of `work.current_service`: a service id, or `none` without `[current]`.
const CURRENT_SERVICE: &[&str] = &[
    "none",
    "ec2",
    "ecs",
    "fargate",
    "eks",
    "app_runner",
    "lambda",
    "batch",
    "elastic_beanstalk",
];

/// How a derived attribute is computed; the Lambda ones follow the facts in [`Limits`].
type Derive = fn(&Workload, &Limits) -> Value;

/// Values derived from the workload that are not fields of the file, with their values.
const DERIVED: &[(Attribute, Derive)] = &[
    (
        num(
            "work.max_duration_min",
            "longest single unit of work, minutes",
        ),
        |w, _| Value::Num(w.max_duration_min()),
    ),
    (
        num(
            "work.avg_instances",
            "instances running on average (0 for jobs)",
        ),
        |w, _| Value::Num(w.avg_instances()),
    ),
    (
        num(
            "work.requests_per_month",
            "requests, events or job runs per month",
        ),
        |w, _| Value::Num(w.requests_per_month()),
    ),
    (
        num(
            "work.requests_per_second",
            "average requests or runs per second",
        ),
        |w, _| Value::Num(w.requests_per_second()),
    ),
    (
        num(
            "work.lambda_memory_mb",
            "memory Lambda would need, MB, before its cap",
        ),
        |w, l| Value::Num(l.lambda_memory_mb(w.resources.vcpu, w.resources.memory_gb)),
    ),
    (
        Attribute {
            name: "work.current_service",
            ty: AttrType::Enum(CURRENT_SERVICE),
            help: "the service `[current]` says it runs on today, or `none`",
        },
        |w, _| Value::Str(w.current.as_ref().map_or("none", |c| c.service.id()).into()),
    ),
    (
        num("work.job_hours", "job-hours per month (0 for services)"),
        |w, _| Value::Num(w.job_hours()),
    ),
    (
        flag(
            "work.long_running",
            "a service, or event/scheduled work over 15 minutes",
        ),
        |w, l| {
            Value::Bool(match w.shape.kind {
                Kind::Service => true,
                Kind::Batch => false,
                // "Event-driven (<15min)": longer than Lambda's maximum duration.
                Kind::Event | Kind::Scheduled => w.max_duration_min() > l.lambda.max_duration_min,
            })
        },
    ),
];

/// The attribute of a field of the file: every key inside a table (a number of a table the
/// workload's kind does not have reads 0).
fn of_field(f: &Field) -> Attribute {
    let ty = match f.ty {
        Ty::Number | Ty::Count => AttrType::Num,
        Ty::Flag => AttrType::Bool,
        Ty::Choice(values) => AttrType::Enum(values),
        // Text fields are top-level keys, never attributes.
        Ty::Text => AttrType::Enum(&[]),
    };
    Attribute {
        name: f.path,
        ty,
        help: f.help,
    }
}

/// The fields of the file that are attributes, in [`ATTRIBUTES`] order (found once: deciding
/// whether a field is one reads its path).
static ATTRIBUTE_FIELDS: LazyLock<Vec<&'static Field>> =
    LazyLock::new(|| FIELDS.iter().filter(|f| f.is_attribute()).collect());

fn attribute_fields() -> impl Iterator<Item = &'static Field> {
    ATTRIBUTE_FIELDS.iter().copied()
}

/// Every attribute: the fields of the file, then the derived values.
pub static ATTRIBUTES: LazyLock<Vec<Attribute>> = LazyLock::new(|| {
    attribute_fields()
        .map(of_field)
        .chain(DERIVED.iter().map(|(a, _)| *a))
        .collect()
});

fn value(v: Val<'_>) -> Value {
    match v {
        Val::Num(n) => Value::Num(n),
        Val::Flag(b) => Value::Bool(b),
        Val::Choice(s) => Value::Str(std::borrow::Cow::Borrowed(s)),
        Val::Text(s) => Value::Str(std::borrow::Cow::Owned(s.to_owned())),
    }
}

/// Every attribute's value for `w`, in [`ATTRIBUTES`] order. `work.lambda_memory_mb` and
/// `work.long_running` follow the Lambda facts in `l`.
pub fn values(w: &Workload, l: &Limits) -> Vec<Value> {
    let mut out = Vec::with_capacity(FIELDS.len() + DERIVED.len());
    out.extend(attribute_fields().map(|f| value((f.get)(w))));
    out.extend(DERIVED.iter().map(|(_, get)| get(w, l)));
    out
}

/// Every attribute's value for `w` as the one number a lowered condition reads (see
/// [`super::lowered`]), in [`ATTRIBUTES`] order: a number as itself, a flag as 0 or 1, an
/// enumerated string as its index in the attribute's values.
pub fn numbers(w: &Workload, l: &Limits) -> Vec<f64> {
    let mut out = Vec::with_capacity(FIELDS.len() + DERIVED.len());
    out.extend(attribute_fields().map(|f| field_number(f, w)));
    out.extend(
        DERIVED
            .iter()
            .map(|(a, get)| value_number(a.ty, &get(w, l))),
    );
    out
}

/// The number of attribute `index` (as [`ATTRIBUTES`] numbers them) for `w`, as [`numbers`]
/// gives it (NaN past the last): for the callers that check one condition per workload.
pub fn number(index: usize, w: &Workload, l: &Limits) -> f64 {
    let fields = &*ATTRIBUTE_FIELDS;
    match fields.get(index) {
        Some(f) => field_number(f, w),
        None => DERIVED
            .get(index - fields.len())
            .map_or(f64::NAN, |(a, get)| value_number(a.ty, &get(w, l))),
    }
}

fn field_number(f: &Field, w: &Workload) -> f64 {
    match ((f.get)(w), f.ty) {
        (Val::Num(n), _) => n,
        (Val::Flag(b), _) => f64::from(u8::from(b)),
        (Val::Choice(s), Ty::Choice(values)) => ordinal(values, s),
        _ => super::lowered::UNKNOWN,
    }
}

fn value_number(ty: AttrType, v: &Value) -> f64 {
    match (v, ty) {
        (Value::Num(n), _) => *n,
        (Value::Bool(b), _) => f64::from(u8::from(*b)),
        (Value::Str(s), AttrType::Enum(values)) => ordinal(values, s),
        _ => super::lowered::UNKNOWN,
    }
}

/// The index of `s` in `values`, or [`super::lowered::UNKNOWN`].
fn ordinal(values: &[&str], s: &str) -> f64 {
    values
        .iter()
        .position(|v| *v == s)
        .map_or(super::lowered::UNKNOWN, |p| p as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{batch, limits, service};

    #[test]
    fn current_service_names_every_service() {
        assert_eq!(CURRENT_SERVICE[1..], *crate::service::Service::IDS);
    }

    #[test]
    fn one_attribute_read_alone_is_what_every_attribute_read_gives() {
        for w in [service(1e6, 100.0), batch(10.0, 5.0, 1.0, 2.0)] {
            let all = numbers(&w, limits());
            assert_eq!(all.len(), ATTRIBUTES.len());
            for (i, a) in ATTRIBUTES.iter().enumerate() {
                assert_eq!(
                    number(i, &w, limits()).to_bits(),
                    all[i].to_bits(),
                    "{}",
                    a.name
                );
            }
            assert!(number(ATTRIBUTES.len(), &w, limits()).is_nan());
        }
    }

    #[test]
    fn values_match_the_declared_types() {
        for w in [service(1e6, 100.0), batch(10.0, 5.0, 1.0, 2.0)] {
            let values = values(&w, limits());
            assert_eq!(values.len(), ATTRIBUTES.len());
            for (a, v) in ATTRIBUTES.iter().zip(&values) {
                let ok = match (a.ty, v) {
                    (AttrType::Num, Value::Num(_)) | (AttrType::Bool, Value::Bool(_)) => true,
                    (AttrType::Enum(allowed), Value::Str(s)) => allowed.contains(&s.as_ref()),
                    _ => false,
                };
                assert!(ok, "{} = {v}", a.name);
            }
        }
    }
}
