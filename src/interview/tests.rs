//! The questionnaire driven by scripted answers: every branch, refusals, defaults, the saved file
//! and the round trip of every example.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use super::fields::{FIELDS, TABLES};
use super::questions::{Fallback, Input, QUESTIONS};
use super::*;
use crate::engine::advisor::Advisor;
use crate::engine::rank::Prefer;
use crate::report::{Report, json};
use crate::workload::{
    ArchPref, Complexity, Environment, Interface, Packaging, Platform, Purchase, Workflow,
};

/// One scripted answer.
#[derive(Debug, Clone)]
enum A {
    /// Enter: the default, whatever the question.
    Enter,
    /// Typed text (`""` is Enter too).
    Type(&'static str),
    /// The option with this value.
    Pick(&'static str),
    Yes,
    No,
    /// Exactly these flags ticked.
    Tick(&'static [&'static str]),
    /// Shift-Tab: back to the previous question.
    Back,
}

/// Answers by prompt id, in order; a prompt without (more) answers gets Enter, the default.
#[derive(Default)]
struct Script {
    answers: HashMap<&'static str, VecDeque<A>>,
    /// Every prompt asked, in order.
    asked: Vec<String>,
    /// `(id, why)` for each refused answer.
    refused: Vec<(String, String)>,
    /// `(id, answer as shown)` for each accepted answer.
    shown: Vec<(String, String)>,
}

impl Script {
    fn new() -> Self {
        Self::default()
    }

    fn with(mut self, id: &'static str, answer: A) -> Self {
        self.answers.entry(id).or_default().push_back(answer);
        self
    }

    fn reply(prompt: &Prompt<'_>, answer: &A) -> Reply {
        match (answer, &prompt.ask) {
            (A::Enter, _) => Self::default_reply(prompt),
            (A::Type(t), _) => Reply::Text((*t).to_owned()),
            (A::Pick(v), Ask::Choice { options, .. }) => Reply::Choice(
                options
                    .iter()
                    .position(|o| o.value == *v)
                    .unwrap_or_else(|| panic!("{}: no option `{v}`", prompt.id)),
            ),
            (A::Yes, _) => Reply::YesNo(true),
            (A::No, _) => Reply::YesNo(false),
            (A::Tick(keys), Ask::Flags { options, .. }) => {
                for k in *keys {
                    assert!(
                        options.iter().any(|o| o.value == *k),
                        "{}: `{k}` is not offered",
                        prompt.id
                    );
                }
                Reply::Flags(options.iter().map(|o| keys.contains(&o.value)).collect())
            }
            (a, ask) => panic!("{}: answer {a:?} does not fit {ask:?}", prompt.id),
        }
    }

    fn default_reply(prompt: &Prompt<'_>) -> Reply {
        match &prompt.ask {
            Ask::Text { .. } => Reply::Text(String::new()),
            Ask::YesNo { default } => Reply::YesNo(*default),
            Ask::Choice { default, .. } => Reply::Choice(*default),
            Ask::Flags { selected, .. } => Reply::Flags(selected.clone()),
        }
    }

    fn asked(&self) -> Vec<&str> {
        self.asked.iter().map(String::as_str).collect()
    }

    fn shown(&self, id: &str) -> Option<&str> {
        self.shown
            .iter()
            .rev()
            .find(|(i, _)| i == id)
            .map(|(_, s)| s.as_str())
    }
}

impl AnswerSource for Script {
    fn ask(&mut self, prompt: &Prompt<'_>, check: &mut Check<'_>) -> Result<Reply> {
        self.asked.push(prompt.id.to_owned());
        loop {
            let scripted = self
                .answers
                .get_mut(prompt.id)
                .and_then(VecDeque::pop_front);
            let reply = match &scripted {
                Some(A::Back) => return Ok(Reply::Back),
                Some(a) => Self::reply(prompt, a),
                None => Self::default_reply(prompt),
            };
            match check(&reply) {
                Ok(shown) => {
                    self.shown.push((prompt.id.to_owned(), shown));
                    return Ok(reply);
                }
                Err(why) if scripted.is_some() => self.refused.push((prompt.id.to_owned(), why)),
                Err(why) => panic!("{}: the default was refused: {why}", prompt.id),
            }
        }
    }
}

/// A source that gives up at a given prompt, as Esc or Ctrl-C would.
struct GiveUpAt(&'static str);

impl AnswerSource for GiveUpAt {
    fn ask(&mut self, prompt: &Prompt<'_>, check: &mut Check<'_>) -> Result<Reply> {
        if prompt.id == self.0 {
            return Err(Error::Interrupted);
        }
        let reply = Script::default_reply(prompt);
        if let Err(e) = check(&reply) {
            panic!("{}: {e}", prompt.id);
        }
        Ok(reply)
    }
}

fn advisor() -> Advisor {
    Advisor::load(None, None).unwrap()
}

fn interview(advisor: &Advisor) -> Interview {
    Interview::new(&advisor.catalog, None)
}

fn run(script: &mut Script, draft: Draft) -> (Draft, Workload) {
    let advisor = advisor();
    interview(&advisor).run(script, draft).unwrap()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn draft_of(path: &Path) -> Draft {
    Draft::from_source(&SourceFile::read(path).unwrap()).unwrap()
}

/// The keys a rendered draft writes, in order.
fn written_keys(draft: &Draft) -> Vec<&'static str> {
    let rendered = write::render(draft, None);
    let mut keys: Vec<_> = FIELDS
        .iter()
        .filter_map(|f| rendered.line_of(f.key).map(|l| (l, f.key)))
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|(_, k)| k).collect()
}

// The branches ----------------------------------------------------------------------------------

/// Back undoes the previous answer and asks that question again; the new answer changes the
/// questions that follow (an event handler has no interface question, a service does).
#[test]
fn back_revisits_the_previous_question() {
    let mut script = Script::new()
        .with("name", A::Type("worker"))
        .with("shape.kind", A::Pick("event"))
        .with("region", A::Back)
        .with("shape.kind", A::Pick("service"));
    let (draft, workload) = run(&mut script, Draft::new());
    let asked: Vec<&str> = script.asked.iter().map(String::as_str).take(4).collect();
    assert_eq!(asked, ["name", "shape.kind", "region", "shape.kind"]);
    assert_eq!(workload.shape.kind, Kind::Service);
    assert_eq!(
        draft.get("shape.kind"),
        Some(&Value::Text("service".into()))
    );
    assert!(script.asked.iter().any(|id| id == "shape.interface"));

    // Back at the first question asks it again.
    let mut script = Script::new()
        .with("name", A::Back)
        .with("name", A::Type("again"));
    let (draft, _) = run(&mut script, Draft::new());
    assert_eq!(script.asked[..2], ["name", "name"]);
    assert_eq!(draft.name(), Some("again"));
}

#[test]
fn it_asks_where_it_runs_today_and_writes_current() {
    // An EC2 fleet today: its type and count, and the bill; then only the keys that fit EC2.
    let mut script = Script::new()
        .with("name", A::Type("orders-api"))
        .with("shape.kind", A::Pick("service"))
        .with("traffic.requests_per_month", A::Type("30M"))
        .with("traffic.avg_duration_ms", A::Type("120"))
        .with("current.service", A::Type("ec2"))
        .with("current.instance_type", A::Type("m5.xlarge"))
        .with("current.instances", A::Type("4"))
        .with("current.monthly_usd", A::Type("612.40"));
    let (draft, w) = run(&mut script, Draft::new());
    let asked = script.asked();
    let today: Vec<&str> = asked
        .iter()
        .copied()
        .filter(|k| k.starts_with("current."))
        .collect();
    assert_eq!(
        today,
        [
            "current.service",
            "current.instance_type",
            "current.instances",
            "current.monthly_usd"
        ]
    );
    let c = w.current.expect("[current] written");
    assert_eq!(c.service, crate::service::Service::Ec2);
    assert_eq!(c.instance_type.as_deref(), Some("m5.xlarge"));
    assert_eq!((c.instances, c.monthly_usd), (Some(4), Some(612.4)));
    let text = write::render(&draft, None).text;
    assert!(
        text.contains("[current]") && text.contains("instance_type = \"m5.xlarge\""),
        "{text}"
    );

    // A Lambda function today asks its memory, not instances.
    let mut script = Script::new()
        .with("name", A::Type("thumbnailer"))
        .with("shape.kind", A::Pick("event"))
        .with("traffic.requests_per_month", A::Type("2M"))
        .with("traffic.avg_duration_ms", A::Type("900"))
        .with("current.service", A::Type("lambda"))
        .with("current.memory_mb", A::Type("2048"));
    let (_, w) = run(&mut script, Draft::new());
    assert!(!script.asked().contains(&"current.instances"));
    assert_eq!(w.current.and_then(|c| c.memory_mb), Some(2048));

    // Skipped (Enter): no [current] table.
    let mut script = Script::new()
        .with("name", A::Type("new-api"))
        .with("shape.kind", A::Pick("service"))
        .with("traffic.requests_per_month", A::Type("1M"))
        .with("traffic.avg_duration_ms", A::Type("100"));
    let (draft, w) = run(&mut script, Draft::new());
    assert_eq!(w.current, None);
    assert!(!write::render(&draft, None).text.contains("[current]"));
}

#[test]
fn service_path_asks_about_shape_needs_traffic_team_and_pricing() {
    let mut script = Script::new()
        .with("name", A::Type("orders-api"))
        .with("shape.kind", A::Pick("service"))
        .with("region", A::Pick("eu-west-1"))
        .with("shape.interface", A::Pick("grpc"))
        .with("shape.services", A::Type("3"))
        .with("shape.arch", A::Pick("arm"))
        .with(
            "needs",
            A::Tick(&["needs.high_availability", "needs.private_networking"]),
        )
        .with("needs.max_cold_start_ms", A::Type("2s"))
        .with("needs.max_cold_start_ms", A::Type("2000 ms"))
        .with("resources.vcpu", A::Type("0.5"))
        .with("resources.memory_gb", A::Type("1 GiB"))
        .with("traffic.requests_per_month", A::Type("30M"))
        .with("traffic.avg_duration_ms", A::Type("120"))
        .with("traffic.concurrency_per_instance", A::Type("200"))
        .with("traffic.peak_to_average", A::Type("4"))
        .with("team.existing_platform", A::Pick("ecs"))
        .with("pricing.purchase", A::Pick("best"));
    let (draft, w) = run(&mut script, Draft::new());

    assert_eq!(
        script.asked(),
        [
            "name",
            "shape.kind",
            "region",
            "shape.packaging",
            "shape.interface",
            "shape.services",
            "shape.arch",
            "shape.environment",
            "needs",
            "needs.max_cold_start_ms",
            "shape.complexity",
            "resources.vcpu",
            "resources.memory_gb",
            "resources.gpus",
            "traffic.requests_per_month",
            "traffic.avg_duration_ms",
            "traffic.max_duration_min",
            "traffic.concurrency_per_instance",
            "traffic.min_instances",
            "traffic.peak_to_average",
            "team.ops_capacity",
            "team.existing_platform",
            "team.knows_kubernetes",
            "pricing.purchase",
            "pricing.cost_sensitive",
            "current.service",
        ]
    );
    assert_eq!(w.name, "orders-api");
    assert_eq!(w.region, "eu-west-1");
    assert_eq!(w.shape.kind, Kind::Service);
    assert_eq!(w.shape.interface, Interface::Grpc);
    assert_eq!(w.shape.packaging, Packaging::Container);
    assert_eq!(w.shape.arch, ArchPref::Arm);
    assert_eq!(w.shape.services, 3);
    // Derived from three services, and left to the parser to derive.
    assert_eq!(w.shape.complexity, Complexity::Medium);
    assert!(w.defaulted("shape.complexity"));
    assert_eq!(w.shape.environment, Environment::Prod);
    assert!(w.needs.high_availability && w.needs.private_networking);
    assert!(!w.needs.os_control && !w.needs.sidecars);
    assert!((w.needs.max_cold_start_ms - 2000.0).abs() < f64::EPSILON);
    assert!((w.resources.vcpu - 0.5).abs() < f64::EPSILON);
    assert!((w.resources.memory_gb - 1.0).abs() < f64::EPSILON);
    let t = w.traffic.as_ref().unwrap();
    assert!((t.requests_per_month - 30e6).abs() < f64::EPSILON);
    assert!((t.avg_duration_ms - 120.0).abs() < f64::EPSILON);
    assert!((t.concurrency_per_instance - 200.0).abs() < f64::EPSILON);
    // High availability makes the default 2; accepted, so not written.
    assert_eq!(t.min_instances, 2);
    assert!(w.defaulted("traffic.min_instances"));
    assert!((t.peak_to_average - 4.0).abs() < f64::EPSILON);
    assert!(w.jobs.is_none());
    assert_eq!(w.team.existing_platform, Platform::Ecs);
    assert_eq!(w.pricing.purchase, Purchase::Best);
    // `2s` is not milliseconds: refused with the reason, then `2000 ms` is taken.
    assert_eq!(script.refused.len(), 1, "{:?}", script.refused);
    assert_eq!(script.refused[0].0, "needs.max_cold_start_ms");
    assert!(script.refused[0].1.contains("`2s` is not a number"));
    // Answers are shown as understood.
    assert_eq!(
        script.shown("traffic.requests_per_month"),
        Some("30_000_000")
    );
    assert_eq!(
        script.shown("needs"),
        Some("high_availability, private_networking")
    );
    assert_eq!(
        written_keys(&draft),
        [
            "version",
            "name",
            "region",
            "shape.kind",
            "shape.interface",
            "shape.arch",
            "shape.services",
            "resources.vcpu",
            "resources.memory_gb",
            "traffic.requests_per_month",
            "traffic.avg_duration_ms",
            "traffic.concurrency_per_instance",
            "traffic.peak_to_average",
            "team.existing_platform",
            "needs.private_networking",
            "needs.high_availability",
            "needs.max_cold_start_ms",
            "pricing.purchase",
        ]
    );
}

#[test]
fn event_path_asks_traffic_but_not_the_long_running_questions() {
    let mut script = Script::new()
        .with("name", A::Type("thumbnailer"))
        .with("shape.kind", A::Pick("event"))
        .with("shape.packaging", A::Pick("code"))
        .with("needs", A::Tick(&["needs.sidecars"]))
        .with("traffic.requests_per_month", A::Type("2e6"))
        .with("traffic.avg_duration_ms", A::Type("900"))
        .with("traffic.max_duration_min", A::Type("20"))
        .with("pricing.free_tier", A::Yes);
    let (_, w) = run(&mut script, Draft::new());
    let asked = script.asked();
    for q in [
        "shape.interface",
        "needs.max_cold_start_ms",
        "traffic.requests_per_month",
        "traffic.max_duration_min",
        "traffic.peak_to_average",
        "pricing.free_tier",
    ] {
        assert!(asked.contains(&q), "{q} not asked: {asked:?}");
    }
    for q in [
        "shape.services",
        "shape.complexity",
        "traffic.concurrency_per_instance",
        "traffic.min_instances",
        "jobs.runs_per_month",
        "pricing.clusters",
    ] {
        assert!(!asked.contains(&q), "{q} asked: {asked:?}");
    }
    assert_eq!(w.shape.kind, Kind::Event);
    // The default interface for an event handler is `none`.
    assert_eq!(w.shape.interface, Interface::None);
    assert_eq!(w.shape.packaging, Packaging::Code);
    assert!(w.needs.sidecars);
    assert!((w.max_duration_min() - 20.0).abs() < f64::EPSILON);
    assert!(w.pricing.free_tier);
    // Services-only flags are not offered to an event handler.
    let advisor = advisor();
    let iv = interview(&advisor);
    let mut d = Draft::new();
    d.set("shape.kind", Some(Value::Text("event".into())));
    let q = questions::find("needs").unwrap();
    let Ask::Flags { options, .. } = iv.prompt(q, &d).ask else {
        panic!("needs is a checklist")
    };
    let offered: Vec<&str> = options.iter().map(|o| o.value).collect();
    assert!(!offered.contains(&"needs.high_availability"));
    assert!(!offered.contains(&"needs.service_mesh"));
    assert!(offered.contains(&"needs.os_control"));
}

#[test]
fn batch_path_asks_jobs_and_the_pipeline_only_with_dependencies() {
    let mut script = Script::new()
        .with("name", A::Type("sample-alignment"))
        .with("shape.kind", A::Pick("batch"))
        .with("needs", A::Tick(&["needs.interruption_tolerant"]))
        .with("resources.vcpu", A::Type("4"))
        .with("resources.memory_gb", A::Type("16"))
        .with("jobs.runs_per_month", A::Type("4k"))
        .with("jobs.duration_min", A::Type("25 min"))
        .with("jobs.array_size", A::Type("1,000"))
        .with("jobs.dependencies", A::Yes)
        .with("jobs.workflow", A::Pick("chain"))
        .with("jobs.multi_node", A::No)
        .with("pricing.purchase", A::Pick("spot"))
        .with("pricing.cost_sensitive", A::Yes);
    let (draft, w) = run(&mut script, Draft::new());
    let asked = script.asked();
    for q in [
        "jobs.runs_per_month",
        "jobs.duration_min",
        "jobs.array_size",
        "jobs.dependencies",
        "jobs.workflow",
        "jobs.multi_node",
    ] {
        assert!(asked.contains(&q), "{q} not asked: {asked:?}");
    }
    for q in [
        "shape.interface",
        "shape.services",
        "shape.complexity",
        "needs.max_cold_start_ms",
        "traffic.requests_per_month",
        "pricing.free_tier",
    ] {
        assert!(!asked.contains(&q), "{q} asked: {asked:?}");
    }
    let j = w.jobs.as_ref().unwrap();
    assert!((j.runs_per_month - 4000.0).abs() < f64::EPSILON);
    assert!((j.duration_min - 25.0).abs() < f64::EPSILON);
    assert_eq!(j.array_size, Some(1000));
    assert!(j.dependencies && !j.multi_node);
    assert_eq!(j.workflow, Workflow::Chain);
    assert!(w.traffic.is_none());
    assert!(w.needs.interruption_tolerant && w.pricing.cost_sensitive);
    assert_eq!(w.pricing.purchase, Purchase::Spot);
    assert!(!written_keys(&draft).contains(&"jobs.multi_node"));

    // Without dependencies, the shape of the pipeline is not asked.
    let mut script = Script::new()
        .with("shape.kind", A::Pick("batch"))
        .with("jobs.dependencies", A::No);
    let (_, w) = run(&mut script, Draft::new());
    assert!(!script.asked().contains(&"jobs.workflow"));
    assert_eq!(w.jobs.unwrap().workflow, Workflow::None);
}

#[test]
fn scheduled_path_asks_no_array_or_multi_node_questions() {
    let mut script = Script::new()
        .with("name", A::Type("session-sweeper"))
        .with("shape.kind", A::Pick("scheduled"))
        .with("jobs.duration_min", A::Type("3"));
    let (draft, w) = run(&mut script, Draft::new());
    let asked = script.asked();
    assert!(asked.contains(&"pricing.free_tier"));
    for q in [
        "jobs.array_size",
        "jobs.multi_node",
        "jobs.workflow",
        "shape.interface",
    ] {
        assert!(!asked.contains(&q), "{q} asked: {asked:?}");
    }
    let j = w.jobs.as_ref().unwrap();
    // The suggested start for a scheduled job: once an hour.
    assert!((j.runs_per_month - 730.0).abs() < f64::EPSILON);
    assert_eq!(j.array_size, None);
    assert_eq!(
        written_keys(&draft),
        [
            "version",
            "name",
            "shape.kind",
            "jobs.runs_per_month",
            "jobs.duration_min"
        ]
    );
}

#[test]
fn the_kubernetes_branch_asks_how_many_clusters() {
    let mut script = Script::new()
        .with("shape.kind", A::Pick("service"))
        .with("team.existing_platform", A::Pick("kubernetes"))
        .with("pricing.clusters", A::Type("3"));
    let (_, w) = run(&mut script, Draft::new());
    assert!(script.asked().contains(&"pricing.clusters"));
    assert_eq!(w.pricing.clusters, 3);

    let mut script = Script::new().with("shape.kind", A::Pick("service"));
    run(&mut script, Draft::new());
    assert!(!script.asked().contains(&"pricing.clusters"));
}

#[test]
fn the_region_is_not_asked_with_a_fixed_region() {
    let advisor = advisor();
    let iv = Interview::new(&advisor.catalog, Some("ap-northeast-1"));
    let mut script = Script::new();
    let (draft, w) = iv.run(&mut script, Draft::new()).unwrap();
    assert!(!script.asked().contains(&"region"));
    assert_eq!(w.region, "ap-northeast-1");
    assert!(written_keys(&draft).contains(&"region"));
}

// Answers ----------------------------------------------------------------------------------------

#[test]
fn bad_answers_are_explained_and_asked_again() {
    let long_name: &'static str = Box::leak("n".repeat(101).into_boxed_str());
    let mut script = Script::new()
        .with("name", A::Type(long_name))
        .with("name", A::Type("x"))
        .with("resources.vcpu", A::Type("500"))
        .with("resources.vcpu", A::Type("abc"))
        .with("resources.vcpu", A::Type("-1"))
        .with("resources.vcpu", A::Type("2"))
        .with("resources.gpus", A::Type("1.5"))
        .with("resources.gpus", A::Type("1"))
        .with("traffic.requests_per_month", A::Type("30m"))
        .with("traffic.requests_per_month", A::Type("1,5"))
        .with("traffic.requests_per_month", A::Type("30_000_000"))
        .with("traffic.avg_duration_ms", A::Type("0"))
        .with("traffic.avg_duration_ms", A::Type("120000"))
        .with("traffic.max_duration_min", A::Type("1"))
        .with("traffic.max_duration_min", A::Type("2"))
        .with("traffic.min_instances", A::Type("two"))
        .with("traffic.min_instances", A::Type("2"));
    let (_, w) = run(&mut script, Draft::new());
    let why = |id: &str| -> Vec<&str> {
        script
            .refused
            .iter()
            .filter(|(i, _)| i == id)
            .map(|(_, w)| w.as_str())
            .collect()
    };
    assert!(
        why("name")[0].contains("must be 1 to 100 characters"),
        "{:?}",
        why("name")
    );
    let vcpu = why("resources.vcpu");
    assert_eq!(vcpu.len(), 3);
    assert!(vcpu[0].contains("is 500, out of range: must be greater than 0 and at most 192"));
    assert!(vcpu[1].contains("`abc` is not a number"));
    assert!(vcpu[2].contains("out of range"));
    assert!(why("resources.gpus")[0].contains("not a whole number"));
    let requests = why("traffic.requests_per_month");
    assert!(
        requests[0].contains("write `30M` for million"),
        "{requests:?}"
    );
    assert!(requests[1].contains("decimals"));
    assert!(why("traffic.avg_duration_ms")[0].contains("must be greater than 0"));
    // Checked against the other answers: 1 minute is shorter than the 2-minute mean.
    assert!(
        why("traffic.max_duration_min")[0].contains("is shorter than"),
        "{:?}",
        script.refused
    );
    assert!(why("traffic.min_instances")[0].contains("`two` is not a number"));
    assert_eq!(w.name, "x");
    assert!((w.resources.vcpu - 2.0).abs() < f64::EPSILON);
    assert_eq!(w.resources.gpus, 1);
    assert!((w.max_duration_min() - 2.0).abs() < f64::EPSILON);
    assert_eq!(w.traffic.unwrap().min_instances, 2);
}

#[test]
fn accepting_every_default_gives_a_minimal_valid_file() {
    let mut script = Script::new();
    let (draft, w) = run(&mut script, Draft::new());
    assert_eq!(w.name, "my-workload");
    assert_eq!(w.shape.kind, Kind::Service);
    assert_eq!(
        written_keys(&draft),
        [
            "version",
            "name",
            "shape.kind",
            "traffic.requests_per_month",
            "traffic.avg_duration_ms"
        ]
    );
    assert!(script.refused.is_empty());
}

#[test]
fn derived_defaults_follow_earlier_answers() {
    let advisor = advisor();
    let iv = interview(&advisor);
    let mut d = Draft::new();
    d.set("shape.kind", Some(Value::Text("service".into())));
    let shown = |d: &Draft, key: &str| match iv.prompt(questions::find(key).unwrap(), d).ask {
        Ask::Text { default } => default.unwrap(),
        Ask::Choice { options, default } => options[default].value.to_owned(),
        other => panic!("{other:?}"),
    };
    assert_eq!(shown(&d, "shape.complexity"), "simple");
    assert_eq!(shown(&d, "traffic.min_instances"), "1");
    d.set("needs.sidecars", Some(Value::Bool(true)));
    assert_eq!(shown(&d, "shape.complexity"), "medium");
    d.set("shape.services", Some(Value::Int(12)));
    assert_eq!(shown(&d, "shape.complexity"), "complex");
    d.set("needs.high_availability", Some(Value::Bool(true)));
    assert_eq!(shown(&d, "traffic.min_instances"), "2");
    d.set("traffic.avg_duration_ms", Some(Value::Number(120.0)));
    assert_eq!(shown(&d, "traffic.max_duration_min"), "0.002");
    d.set("traffic.avg_duration_ms", Some(Value::Number(100.0)));
    assert_eq!(shown(&d, "traffic.max_duration_min"), "≈0.001667");
    assert_eq!(shown(&d, "shape.interface"), "http");
    d.set("shape.kind", Some(Value::Text("event".into())));
    assert_eq!(shown(&d, "shape.interface"), "none");
}

#[test]
fn optional_values_can_be_cleared_with_none() {
    let from = draft_of(&example("array-batch.toml"));
    let mut script = Script::new().with("jobs.array_size", A::Type("none"));
    let (draft, w) = run(&mut script, from);
    assert_eq!(w.jobs.unwrap().array_size, None);
    assert!(draft.get("jobs.array_size").is_none());
}

#[test]
fn a_source_that_gives_up_stops_the_interview() {
    let advisor = advisor();
    let err = interview(&advisor)
        .run(&mut GiveUpAt("resources.vcpu"), Draft::new())
        .unwrap_err();
    assert!(matches!(err, Error::Interrupted));
    assert_eq!(err.exit_code(), 130);
}

// Starting from a file ---------------------------------------------------------------------------

/// The JSON `recommend` prints for a workload file's text.
fn recommend_json(advisor: &Advisor, name: &str, text: &str) -> String {
    let source = SourceFile::new(name, text);
    let workload = Workload::parse(&source, &advisor.catalog.regions()).unwrap();
    let ranking = advisor.rank(&workload, Prefer::Balanced).unwrap();
    json::render(&Report::new(&ranking)).unwrap()
}

#[test]
fn every_example_round_trips_with_every_default_accepted() {
    let advisor = advisor();
    let iv = interview(&advisor);
    let examples: Vec<PathBuf> = std::fs::read_dir(example(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(examples.len() >= 10);
    for path in examples {
        let original = std::fs::read_to_string(&path).unwrap();
        let draft = draft_of(&path);
        let mut script = Script::new();
        let (answers, _) = iv.run(&mut script, draft.clone()).unwrap();
        assert_eq!(
            answers,
            draft,
            "{}: accepting every default changed the answers",
            path.display()
        );
        let saved = write::render(&answers, Some("saved.toml")).text;
        assert_eq!(
            recommend_json(&advisor, "saved.toml", &saved),
            recommend_json(&advisor, "example.toml", &original),
            "{}:\n{saved}",
            path.display()
        );
    }
}

#[test]
fn a_file_keeps_what_the_interview_does_not_ask() {
    let from = draft_of(&example("web-api.toml"));
    let mut script = Script::new().with("traffic.requests_per_month", A::Type("300M"));
    let (draft, w) = run(&mut script, from);
    assert_eq!(
        w.description.as_deref(),
        Some("Public REST API of the web shop: catalogue, cart and orders")
    );
    assert!(
        draft.get("description").is_some(),
        "explicit keys stay explicit"
    );
    // A key the file leaves out stays out (storage_gb: none beyond each platform's own disk).
    assert!(draft.get("resources.storage_gb").is_none());
    assert!(w.resources.storage_gb.abs() < f64::EPSILON);
    assert!((w.traffic.unwrap().requests_per_month - 3e8).abs() < f64::EPSILON);
    // Its values were the defaults offered.
    assert_eq!(script.shown("pricing.purchase"), Some("savings_plan_1yr"));
    assert_eq!(script.shown("needs"), Some("high_availability"));
}

#[test]
fn changing_the_kind_drops_the_table_that_no_longer_applies() {
    let from = draft_of(&example("web-api.toml"));
    let mut script = Script::new()
        .with("shape.kind", A::Pick("batch"))
        .with("jobs.runs_per_month", A::Type("30"));
    let (draft, w) = run(&mut script, from);
    assert!(w.traffic.is_none());
    let text = write::render(&draft, None).text;
    assert!(
        !text.contains("[traffic]") && text.contains("[jobs]"),
        "{text}"
    );
}

// The saved file ---------------------------------------------------------------------------------

#[test]
fn the_saved_file_is_commented_and_reads_back() {
    let mut script = Script::new()
        .with("name", A::Type("orders api"))
        .with("traffic.requests_per_month", A::Type("30M"))
        .with("resources.vcpu", A::Type("0.25"))
        .with("resources.memory_gb", A::Type("0.5"));
    let (draft, w) = run(&mut script, Draft::new());
    let text = write::render(&draft, Some("my dir/orders-api.toml")).text;
    insta::assert_snapshot!(text);
    let back =
        Workload::parse(&SourceFile::new("saved.toml", text.clone()), &["us-east-1"]).unwrap();
    assert_eq!(back, w);
    assert_eq!(
        Draft::from_source(&SourceFile::new("saved.toml", text)).unwrap(),
        draft
    );
}

#[test]
fn default_file_names_come_from_the_workload_name() {
    let named = |name: &str| {
        let mut d = Draft::new();
        d.set("name", Some(Value::Text(name.to_owned())));
        default_file_name(&d)
    };
    assert_eq!(named("orders-api"), PathBuf::from("orders-api.toml"));
    assert_eq!(
        named("Orders API (v2)"),
        PathBuf::from("orders-api-v2.toml")
    );
    assert_eq!(named("  ///  "), PathBuf::from("workload.toml"));
    assert_eq!(named("Été_2026"), PathBuf::from("été_2026.toml"));
    assert_eq!(
        default_file_name(&Draft::new()),
        PathBuf::from("workload.toml")
    );
}

// Saving ----------------------------------------------------------------------------------------

#[test]
fn saving_asks_where_and_never_replaces_without_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("taken.toml");
    std::fs::write(&existing, "keep me").unwrap();
    let fresh = dir.path().join("fresh.toml");
    let missing_dir = dir.path().join("nope").join("x.toml");
    let leak = |p: &Path| -> &'static str { Box::leak(p.display().to_string().into_boxed_str()) };

    // No thanks.
    let mut s = Script::new().with("save", A::No);
    assert_eq!(choose_path(&mut s, &Save::Ask, &fresh).unwrap(), None);

    // The offered path, as is.
    let mut s = Script::new().with("save", A::Yes);
    assert_eq!(
        choose_path(&mut s, &Save::Ask, &fresh).unwrap(),
        Some(fresh.clone())
    );
    assert_eq!(s.asked(), ["save", "save.path"]);

    // A directory and a missing directory are refused; an existing file is not replaced without
    // a yes, and the path is asked again.
    let mut s = Script::new()
        .with("save", A::Yes)
        .with("save.path", A::Type(leak(dir.path())))
        .with("save.path", A::Type(leak(&missing_dir)))
        .with("save.path", A::Type(leak(&existing)))
        .with("save.replace", A::No)
        .with("save.path", A::Type(leak(&fresh)));
    assert_eq!(
        choose_path(&mut s, &Save::Ask, &existing).unwrap(),
        Some(fresh.clone())
    );
    assert_eq!(
        s.asked(),
        ["save", "save.path", "save.replace", "save.path"]
    );
    assert!(s.refused[0].1.contains("is a directory"), "{:?}", s.refused);
    assert!(s.refused[1].1.contains("does not exist"), "{:?}", s.refused);
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    // Enter on "replace?" is no.
    let mut s = Script::new()
        .with("save.replace", A::Enter)
        .with("save.path", A::Type(""))
        .with("save.replace", A::Yes);
    let to = Save::To(existing.clone());
    assert_eq!(
        choose_path(&mut s, &to, &fresh).unwrap(),
        Some(existing.clone())
    );
    assert_eq!(s.asked(), ["save.replace", "save.path", "save.replace"]);

    // `--save` to a new file asks nothing; `--no-save` neither.
    let mut s = Script::new();
    assert_eq!(
        choose_path(&mut s, &Save::To(fresh.clone()), &existing).unwrap(),
        Some(fresh.clone())
    );
    assert_eq!(choose_path(&mut s, &Save::No, &existing).unwrap(), None);
    assert!(s.asked.is_empty());
}

#[test]
fn save_paths_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(check_path(Path::new("")), Err(PathProblem::Empty));
    assert_eq!(check_path(dir.path()), Err(PathProblem::IsDirectory));
    assert_eq!(
        check_path(&dir.path().join("a/b.toml")),
        Err(PathProblem::NoDirectory {
            dir: dir.path().join("a")
        })
    );
    assert_eq!(check_path(Path::new("new.toml")), Ok(()));
    assert_eq!(check_path(&dir.path().join("b.toml")), Ok(()));
}

// The questions as data ---------------------------------------------------------------------------

/// The values a closed set of the format takes.
fn format_values(key: &str) -> Vec<&'static str> {
    match crate::workload::fields::field(key).map(|f| f.ty) {
        Some(crate::workload::fields::Ty::Choice(values)) => values.to_vec(),
        _ => panic!("no closed set for `{key}`"),
    }
}

#[test]
fn choices_offer_exactly_the_formats_values() {
    for q in QUESTIONS {
        if let Input::Choice { options, .. } = &q.input {
            let mut offered: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
            let mut allowed = format_values(q.key);
            offered.sort_unstable();
            allowed.sort_unstable();
            assert_eq!(offered, allowed, "{}", q.key);
        }
    }
}

#[test]
fn questions_name_real_keys_once_and_checklists_only_flags() {
    let mut seen = Vec::new();
    for q in QUESTIONS {
        assert!(!seen.contains(&q.key), "{} asked twice", q.key);
        seen.push(q.key);
        match &q.input {
            Input::Flags { options } => {
                for f in *options {
                    assert_eq!(
                        fields::find(f.key).map(|f| f.ty),
                        Some(fields::Type::Bool),
                        "{}",
                        f.key
                    );
                }
            }
            input => {
                let ty = fields::find(q.key)
                    .unwrap_or_else(|| panic!("{}", q.key))
                    .ty;
                let fits = match input {
                    Input::Text { .. } | Input::Choice { .. } | Input::Region => {
                        ty == fields::Type::Text
                    }
                    Input::Number { .. } => ty == fields::Type::Number,
                    Input::Int { .. } => ty == fields::Type::Int,
                    Input::YesNo => ty == fields::Type::Bool,
                    Input::Flags { .. } => true,
                };
                assert!(
                    fits,
                    "{}: the question and the field disagree on the type",
                    q.key
                );
            }
        }
        assert!(
            q.help.len() <= 100 && !q.help.ends_with('.'),
            "{}: one short line",
            q.key
        );
    }
}

/// A minimal valid file of a kind, for probing the parser.
fn minimal(kind: &str, extra: &str) -> String {
    let table = if matches!(kind, "service" | "event") {
        "[traffic]\nrequests_per_month = 1000\navg_duration_ms = 100\n"
    } else {
        "[jobs]\nruns_per_month = 10\nduration_min = 5\n"
    };
    format!("version = 1\nname = \"x\"\n[shape]\nkind = \"{kind}\"\n{table}{extra}")
}

#[test]
fn implicit_defaults_are_the_parsers() {
    let advisor = advisor();
    let regions = advisor.catalog.regions();
    // (kind, the draft's other answers as TOML lines per table)
    let contexts: &[(&str, &[(&str, Value)])] = &[
        ("service", &[]),
        ("event", &[]),
        ("batch", &[]),
        ("service", &[("needs.high_availability", Value::Bool(true))]),
        ("service", &[("shape.services", Value::Int(3))]),
        ("service", &[("needs.service_mesh", Value::Bool(true))]),
        ("batch", &[("jobs.dependencies", Value::Bool(true))]),
    ];
    for (kind, answers) in contexts {
        let mut draft = Draft::from_source(&SourceFile::new("m.toml", minimal(kind, ""))).unwrap();
        for (k, v) in *answers {
            draft.set(k, Some(v.clone()));
        }
        let w = Workload::parse(
            &SourceFile::new("m.toml", write::render(&draft, None).text),
            &regions,
        )
        .unwrap();
        for q in QUESTIONS {
            let Some(Fallback::Implicit) = q.fallback() else {
                continue;
            };
            if !draft.applies(q.key) || draft.get(q.key).is_some() {
                continue;
            }
            let ours = q.fallback_value(&draft).unwrap();
            match w.defaults.iter().find(|d| d.key == q.key) {
                Some(applied) => {
                    let theirs = match &ours {
                        Value::Number(_) | Value::Int(_) => {
                            let n: f64 = applied.value.to_string().parse().unwrap();
                            if matches!(ours, Value::Int(_)) {
                                Value::Int(n as i64)
                            } else {
                                Value::Number(n)
                            }
                        }
                        _ => Value::Text(applied.value.to_string()),
                    };
                    assert_eq!(ours, theirs, "{kind} {answers:?}: default of {}", q.key);
                }
                // The parser records no default for these; check the value it used.
                None => {
                    assert_eq!(
                        q.key, "needs.max_cold_start_ms",
                        "{kind}: no default recorded"
                    );
                    assert_eq!(ours, Value::Number(w.needs.max_cold_start_ms));
                }
            }
        }
    }
}

/// The keys the parser allows in a table, read from its "unknown key" help.
fn parser_keys(kind: &str, table: Option<&str>) -> Vec<String> {
    let probe = "zzzzzzzzzzzzzzzz = 1\n";
    let text = match table {
        None => minimal(kind, "").replacen("[shape]", &format!("{probe}[shape]"), 1),
        Some(t) if minimal(kind, "").contains(&format!("[{t}]")) => {
            minimal(kind, "").replace(&format!("[{t}]\n"), &format!("[{t}]\n{probe}"))
        }
        Some(t) => minimal(kind, &format!("[{t}]\n{probe}")),
    };
    let err = Workload::parse(&SourceFile::new("p.toml", text), &["us-east-1"]).unwrap_err();
    let Error::Invalid(d) = err else {
        panic!("{err}")
    };
    let help = d
        .iter()
        .find(|d| d.code == crate::input::diagnostic::Code::UnknownKey)
        .and_then(|d| d.help.clone())
        .unwrap();
    help.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .filter(|k| !TABLES.iter().any(|(t, _)| t == k))
        .collect()
}

#[test]
fn fields_are_exactly_the_formats_keys() {
    let mut ours: Vec<String> = FIELDS.iter().map(|f| f.key.to_owned()).collect();
    let mut theirs: Vec<String> = parser_keys("service", None);
    for (table, _) in TABLES.iter() {
        let kind = if *table == "jobs" { "batch" } else { "service" };
        theirs.extend(
            parser_keys(kind, Some(table))
                .into_iter()
                .map(|k| format!("{table}.{k}")),
        );
    }
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    // Every type as the parser reads it: a file with every key set reads back.
    let mut draft = Draft::new();
    // `[current]` takes the keys that fit its service: an EC2 fleet here.
    let fleet = [
        "current.service",
        "current.instance_type",
        "current.instances",
        "current.purchase",
        "current.monthly_usd",
    ];
    for f in FIELDS
        .iter()
        .filter(|f| !f.key.starts_with("current.") || fleet.contains(&f.key))
    {
        let v = match f.ty {
            fields::Type::Bool => Value::Bool(true),
            fields::Type::Int => Value::Int(2),
            // 2.5, or the maximum when 2.5 is out of range.
            fields::Type::Number => Value::Number(
                crate::workload::fields::field(f.key)
                    .and_then(|f| f.range)
                    .map_or(2.5, |r| if r.contains(2.5) { 2.5 } else { r.max }),
            ),
            fields::Type::Text => Value::Text(
                match f.key {
                    "shape.kind" => "service",
                    "region" => "us-east-1",
                    "current.service" => "ec2",
                    "current.instance_type" => "m5.large",
                    "current.purchase" => "spot",
                    k if k.starts_with("shape.")
                        || k.starts_with("jobs.")
                        || k.starts_with("team.")
                        || k.starts_with("pricing.")
                        || k.starts_with("network.") =>
                    {
                        format_values(k)[0]
                    }
                    _ => "text",
                }
                .to_owned(),
            ),
        };
        draft.set(f.key, Some(v));
    }
    draft.set("version", None);
    let text = write::render(&draft, None).text;
    Workload::parse(&SourceFile::new("all.toml", text.clone()), &["us-east-1"])
        .unwrap_or_else(|e| panic!("{}\n{text}", e.render()));
}

// No crash on any answer ----------------------------------------------------------------------------

mod any_answer {
    use proptest::prelude::*;

    use super::*;

    /// Text a person might type: digits, separators, suffixes, units, words, unicode, noise.
    fn typed() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9_,.eE+-]{0,24}[kKMGBTbnm]{0,2}",
            "[ -~]{0,40}",
            "\\PC{0,30}",
            "[0-9]{1,30}(ms| min| GiB)?",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every answer to every text question is either taken (and the file it makes reads back)
        /// or refused with a reason; never a panic, on every path.
        #[test]
        fn any_typed_answer_is_taken_or_explained(
            kind in prop::sample::select(vec!["service", "event", "batch", "scheduled"]),
            answer in typed(),
        ) {
            let advisor = advisor();
            let iv = interview(&advisor);
            let mut draft = Draft::new();
            draft.set("shape.kind", Some(Value::Text(kind.to_owned())));
            for q in QUESTIONS {
                let text_input = matches!(
                    q.input,
                    Input::Text { .. } | Input::Number { .. } | Input::Int { .. }
                );
                if !text_input || !(q.when)(&draft) {
                    continue;
                }
                match iv.interpret(q, &draft, &Reply::Text(answer.clone())) {
                    Ok((changes, shown)) => {
                        prop_assert!(!shown.is_empty());
                        match iv.check(&draft, &changes) {
                            Ok(()) => {
                                let mut trial = draft.clone();
                                for (k, v) in changes {
                                    trial.set(k, v);
                                }
                                let text = write::render(&trial, Some("x.toml")).text;
                                let back = Draft::from_source(&SourceFile::new("x.toml", text));
                                prop_assert_eq!(back.ok(), Some(trial));
                            }
                            Err(why) => prop_assert!(!why.is_empty()),
                        }
                    }
                    Err(why) => prop_assert!(!why.is_empty()),
                }
            }
        }
    }
}
