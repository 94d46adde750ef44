//! The field table is the only list of the workload format's keys: every field in it parses from a
//! file and from `--set`, reads back, is in the schema, is a rule attribute (every key inside a
//! table), is documented in `docs/workload-format.md`, and, when it can be swept, is one of
//! `breakeven`'s parameters. A field a consumer leaves out fails here.

use runwhere::input::source::SourceFile;
use runwhere::rules::attributes::{ATTRIBUTES, AttrType, values};
use runwhere::rules::condition::Value;
use runwhere::workload::fields::{FIELDS, Field, Ty, Val};
use runwhere::workload::{Override, Workload, schema};

use crate::support::{Test, root};

const REGIONS: &[&str] = &["us-east-1", "eu-west-1"];

/// The smallest files of each shape: a service (with `[traffic]`) and a batch job (with `[jobs]`),
/// and a service with a GPU (for `resources.gpu_model`).
const BASES: [&[(&str, &str)]; 3] = [
    &[
        ("version", "1"),
        ("name", "\"fields\""),
        ("shape.kind", "\"service\""),
        ("traffic.requests_per_month", "1000"),
        ("traffic.avg_duration_ms", "100"),
    ],
    &[
        ("version", "1"),
        ("name", "\"fields\""),
        ("shape.kind", "\"batch\""),
        ("jobs.runs_per_month", "30"),
        ("jobs.duration_min", "10"),
    ],
    &[
        ("version", "1"),
        ("name", "\"fields\""),
        ("shape.kind", "\"service\""),
        ("resources.gpus", "1"),
        ("traffic.requests_per_month", "1000"),
        ("traffic.avg_duration_ms", "100"),
    ],
];

/// A value in the field's range (its maximum, so that it differs from most defaults), as TOML.
fn sample(f: &Field) -> String {
    match f.ty {
        Ty::Number | Ty::Count => {
            let r = f.range.expect("numbers have a range");
            format!("{}", r.max)
        }
        Ty::Flag => "true".to_owned(),
        Ty::Choice(values) => format!("\"{}\"", values[values.len() - 1]),
        Ty::Text if f.path == "region" => format!("\"{}\"", REGIONS[1]),
        Ty::Text => "\"sample\"".to_owned(),
    }
}

/// A workload file with `pairs` (dotted keys), each table once, in file order.
fn file(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (k, v) in pairs.iter().filter(|(k, _)| !k.contains('.')) {
        out.push_str(&format!("{k} = {v}\n"));
    }
    for s in runwhere::workload::fields::SECTIONS {
        let keys: Vec<_> = pairs
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(s.name)?.strip_prefix('.')?, v)))
            .collect();
        if !keys.is_empty() {
            out.push_str(&format!("[{}]\n", s.name));
            for (k, v) in keys {
                out.push_str(&format!("{k} = {v}\n"));
            }
        }
    }
    out
}

fn same(a: Val<'_>, b: Val<'_>) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
        (a, b) => a.to_string() == b.to_string(),
    }
}

/// The value `sample` wrote, as the field reads it back.
fn expected(f: &Field, text: &str) -> Val<'static> {
    match f.ty {
        Ty::Number | Ty::Count => Val::Num(text.parse().unwrap()),
        Ty::Flag => Val::Flag(true),
        Ty::Choice(values) => Val::Choice(values[values.len() - 1]),
        Ty::Text => Val::Text(text.trim_matches('"').to_owned().leak()),
    }
}

/// The other `[current]` keys a `[current]` key needs beside it: the service it describes and the
/// keys that service requires (spec §2: a key that does not fit the service is an error).
fn companions(f: &Field) -> &'static [(&'static str, &'static str)] {
    const FLEET: &[(&str, &str)] = &[
        ("current.service", "\"elastic_beanstalk\""),
        ("current.instance_type", "\"m5.large\""),
        ("current.instances", "2"),
    ];
    const TASKS: &[(&str, &str)] = &[
        ("current.service", "\"fargate\""),
        ("current.vcpu", "1"),
        ("current.memory_gb", "2"),
        ("current.tasks", "2"),
    ];
    const FUNCTION: &[(&str, &str)] = &[
        ("current.service", "\"lambda\""),
        ("current.memory_mb", "1024"),
    ];
    match f.path {
        "current.service"
        | "current.instance_type"
        | "current.instances"
        | "current.monthly_usd" => FLEET,
        "current.memory_mb" => FUNCTION,
        p if p.starts_with("current.") => TASKS,
        _ => &[],
    }
}

/// Parses the field's sample on the first base it applies to, from the file and from `--set`;
/// both read back the sample.
fn parses_and_sets(f: &Field) -> Result<(), String> {
    let value = sample(f);
    let want = expected(f, &value);
    let mut problems = Vec::new();
    for base in BASES {
        let mut pairs: Vec<(&str, String)> = base
            .iter()
            .chain(companions(f))
            .filter(|(k, _)| *k != f.path)
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect();
        let plain = file(&pairs);
        pairs.push((f.path, value.clone()));
        let from_file = Workload::parse(&SourceFile::new("f.toml", file(&pairs)), REGIONS);
        let from_set = Workload::parse_with(
            &SourceFile::new("f.toml", &plain),
            REGIONS,
            &[Override {
                path: f.path.to_owned(),
                value: value.clone(),
            }],
        );
        match (from_file, from_set) {
            (Ok(a), Ok(b)) => {
                for (how, w) in [("file", &a), ("--set", &b)] {
                    let got = (f.get)(w);
                    if !same(got, want) {
                        return Err(format!("{}: {how} wrote {value}, reads {got}", f.path));
                    }
                }
                return Ok(());
            }
            (a, b) => problems.push(format!("{:?} / {:?}", a.err(), b.err())),
        }
    }
    Err(format!("{} = {value} does not parse: {problems:?}", f.path))
}

#[test]
fn the_field_table_is_the_only_list() {
    let schema: serde_json::Value = serde_json::from_str(&schema::json().unwrap()).unwrap();
    let docs = std::fs::read_to_string(root().join("docs/workload-format.md")).unwrap();
    let help = Test::new()
        .args(["breakeven", "--help"])
        .run()
        .success()
        .stdout;
    let mut failures = Vec::new();
    for f in FIELDS {
        if let Err(e) = parses_and_sets(f) {
            failures.push(e);
        }
        // The schema: the key, with its type.
        match schema::property_at(&schema, f.path) {
            None => failures.push(format!("{}: not in the schema", f.path)),
            Some(p) => {
                let ty = match f.ty {
                    Ty::Number => "number",
                    Ty::Count => "integer",
                    Ty::Flag => "boolean",
                    Ty::Choice(_) | Ty::Text => "string",
                };
                if p["type"] != ty {
                    failures.push(format!("{}: schema type {}", f.path, p["type"]));
                }
                if let Ty::Choice(values) = f.ty {
                    if p["enum"] != serde_json::json!(values) {
                        failures.push(format!("{}: schema values {}", f.path, p["enum"]));
                    }
                }
            }
        }
        // Rule attributes: every key inside a table, with its type.
        if f.is_attribute() {
            match ATTRIBUTES.iter().find(|a| a.name == f.path) {
                None => failures.push(format!("{}: not a rule attribute", f.path)),
                Some(a) => {
                    let ok = matches!(
                        (a.ty, f.ty),
                        (AttrType::Num, Ty::Number | Ty::Count) | (AttrType::Bool, Ty::Flag)
                    ) || matches!((a.ty, f.ty), (AttrType::Enum(x), Ty::Choice(y)) if x == y);
                    if !ok {
                        failures.push(format!("{}: attribute type {:?}", f.path, a.ty));
                    }
                }
            }
        }
        // The docs: a row in its section's table.
        let heading = if f.section().is_empty() {
            "## Top level".to_owned()
        } else {
            format!("## `[{}]`", f.section())
        };
        let documented = docs.split("\n## ").any(|part| {
            format!("## {part}").starts_with(&heading)
                && part.contains(&format!("\n| `{}` |", f.key()))
        });
        if !documented {
            failures.push(format!("{}: not in docs/workload-format.md", f.path));
        }
        // `breakeven --vary`: a parameter, listed in `--help`.
        if f.sweep.is_some()
            && (runwhere::engine::sweep::param(f.path).is_none() || !help.contains(f.path))
        {
            failures.push(format!("{}: not a breakeven parameter", f.path));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Rule conditions read each field's value: the attribute values of a workload are the fields'.
#[test]
fn attribute_values_are_the_fields_values() {
    let text = std::fs::read_to_string(root().join("examples/web-api.toml")).unwrap();
    let w = Workload::parse(&SourceFile::new("web-api.toml", &text), &["us-east-1"]).unwrap();
    let env = values(&w, &runwhere::rules::RuleSet::bundled().unwrap().limits);
    for f in FIELDS.iter().filter(|f| f.is_attribute()) {
        let i = ATTRIBUTES.iter().position(|a| a.name == f.path).unwrap();
        let same = match (&env[i], (f.get)(&w)) {
            (Value::Num(a), Val::Num(b)) => *a == b,
            (Value::Bool(a), Val::Flag(b)) => *a == b,
            (Value::Str(a), Val::Choice(b)) => a == b,
            _ => false,
        };
        assert!(same, "{}: {} vs {}", f.path, env[i], (f.get)(&w));
    }
}
