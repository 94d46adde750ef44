//! What the cost models say besides figures, kept as data and written out when read: the notes
//! that explain a bill ([`Note`]) and why a workload does not fit a service ([`NoFit`]). Pricing
//! compares many variants and keeps one; only the texts someone reads are ever built.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use super::{ebs, ec2, lb, trim};
use crate::output::format::number;
use crate::pricing::Name;

/// One instance's or task's size: `1 vCPU / 2 GB`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub vcpu: f64,
    pub gb: f64,
}

impl Size {
    pub fn new(vcpu: f64, gb: f64) -> Self {
        Self { vcpu, gb }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} vCPU / {} GB", trim(self.vcpu), trim(self.gb))
    }
}

/// How a figure was reached, for `explain`, JSON and reports. A note that speaks of several
/// numbers keeps them and is written out the first time it is read, so pricing a variant stores a
/// few numbers instead of building text that only the winning variant's readers see.
#[derive(Debug, Clone)]
pub struct Note {
    /// Boxed: an estimate carries many notes and stays small. `None` is the empty note, which
    /// costs no allocation (pricing a variant without notes makes many).
    kind: Option<Box<NoteKind>>,
    text: std::sync::OnceLock<String>,
}

/// What a [`Note`] says, as data.
#[derive(Debug, Clone, PartialEq)]
enum NoteKind {
    Text(Cow<'static, str>),
    /// Each capacity-unit dimension of a load balancer and the busiest one.
    LoadBalancer(lb::Usage),
    /// How the gp3 volumes were sized.
    Volumes(ebs::VolumeNote),
    /// How container nodes were counted.
    Nodes(ec2::Nodes),
    /// Why an instance type won.
    Chosen(ec2::Chosen),
    /// A sentence and the numbers it speaks of.
    Said(Said),
}

impl Note {
    /// The empty note.
    pub fn empty() -> Self {
        Self {
            kind: None,
            text: std::sync::OnceLock::new(),
        }
    }

    /// Whether two notes say the same, compared as data (no note is written out to compare it).
    pub(super) fn same_as(&self, other: &Self) -> bool {
        self.kind == other.kind
    }

    fn of(kind: NoteKind) -> Self {
        Self {
            kind: Some(Box::new(kind)),
            text: std::sync::OnceLock::new(),
        }
    }

    /// The note as text.
    pub fn as_str(&self) -> &str {
        let Some(kind) = self.kind.as_deref() else {
            return "";
        };
        match kind {
            NoteKind::Text(t) => t,
            kind => self.text.get_or_init(|| match kind {
                NoteKind::LoadBalancer(u) => u.to_string(),
                NoteKind::Volumes(v) => v.to_string(),
                NoteKind::Nodes(n) => n.to_string(),
                NoteKind::Chosen(c) => c.to_string(),
                NoteKind::Said(s) => s.to_string(),
                NoteKind::Text(t) => t.to_string(),
            }),
        }
    }
}

impl std::ops::Deref for Note {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Note {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind || self.as_str() == other.as_str()
    }
}

impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl From<String> for Note {
    fn from(t: String) -> Self {
        Self::of(NoteKind::Text(Cow::Owned(t)))
    }
}

impl From<&'static str> for Note {
    fn from(t: &'static str) -> Self {
        Self::of(NoteKind::Text(Cow::Borrowed(t)))
    }
}

impl From<lb::Usage> for Note {
    fn from(u: lb::Usage) -> Self {
        Self::of(NoteKind::LoadBalancer(u))
    }
}

impl From<ec2::Nodes> for Note {
    fn from(n: ec2::Nodes) -> Self {
        Self::of(NoteKind::Nodes(n))
    }
}

impl From<ec2::Chosen> for Note {
    fn from(c: ec2::Chosen) -> Self {
        Self::of(NoteKind::Chosen(c))
    }
}

impl From<ebs::VolumeNote> for Note {
    fn from(v: ebs::VolumeNote) -> Self {
        Self::of(NoteKind::Volumes(v))
    }
}

impl From<Said> for Note {
    fn from(s: Said) -> Self {
        Self::of(NoteKind::Said(s))
    }
}

/// A note's sentence with the numbers it speaks of.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Said {
    /// A Fargate task's size rounded up to a valid one.
    FargateRounded { from: Size, to: Size },
    /// An App Runner instance's size rounded up to a valid one.
    AppRunnerRounded { from: Size, to: Size },
    /// The memory EKS adds to every Fargate pod, MB, and the GB asked with it.
    PodOverhead { mb: f64, asked_gb: f64 },
    /// Fargate's minimum billed minutes and a run's minutes.
    FargateMinimum { min: f64, run: f64 },
    /// An instance type's own Spot price an hour.
    SpotPrice { name: Name, hourly: f64 },
    /// An instance type's Spot price derived from the table's sample.
    SpotDerived {
        name: Name,
        sample: String,
        spot: f64,
        on_demand: f64,
    },
    /// A burstable type's surplus CPU credits.
    Credits {
        name: Name,
        tasks: f64,
        vcpu: f64,
        utilization: f64,
        baseline: f64,
        cpus: f64,
        surplus: f64,
    },
    /// Lambda's memory setting, MB, and the MB that give one vCPU.
    LambdaMemory { mb: f64, per_vcpu: f64 },
    /// Lambda's billed duration per invocation, the mean and the increment, ms.
    LambdaRounded { billed: f64, mean: f64, step: f64 },
    /// A Savings Plan's percentage off Lambda duration, and where it comes from.
    LambdaPlan { off: f64, basis: String },
    /// Lambda behind a function URL: the longest request, minutes, and API Gateway's timeout, s.
    FunctionUrl { longest_min: f64, timeout_s: f64 },
    /// NAT gateways, and the GB a month they process.
    NatGateways { gateways: f64, gb: f64 },
    /// Interface endpoints in each Availability Zone, and the zones.
    Endpoints { per_zone: f64, zones: f64 },
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FargateRounded { from, to } => {
                write!(
                    f,
                    "Fargate task rounded up from {from} to the valid size {to}"
                )
            }
            Self::AppRunnerRounded { from, to } => {
                write!(f, "App Runner instance rounded up from {from} to {to}")
            }
            Self::PodOverhead { mb, asked_gb } => write!(
                f,
                "EKS adds {} MB to every Fargate pod for kubelet, kube-proxy and containerd: {} GB asked",
                trim(*mb),
                trim(*asked_gb)
            ),
            Self::FargateMinimum { min, run } => write!(
                f,
                "Fargate bills each task at least {} minute: a {}-minute run is billed {} minute",
                trim(*min),
                trim(*run),
                trim(*min)
            ),
            Self::SpotPrice { name, hourly } => write!(
                f,
                "Spot: {name} at ${hourly}/hour, the highest zone price its source lists (derived; Spot prices move)"
            ),
            Self::SpotDerived {
                name,
                sample,
                spot,
                on_demand,
            } => write!(
                f,
                "Spot: {name} has no Spot price of its own; derived from the table's {sample} sample: On-Demand × {spot} ÷ {on_demand}"
            ),
            Self::Credits {
                name,
                tasks,
                vcpu,
                utilization,
                baseline,
                cpus,
                surplus,
            } => write!(
                f,
                "{name}: {} task(s) × {} vCPU × {} utilisation = {} vCPU busy, above its baseline {} × {} vCPU = {}: {} surplus vCPU-hours per instance-hour",
                trim(*tasks),
                trim(*vcpu),
                trim(*utilization),
                trim(tasks * vcpu * utilization),
                trim(*baseline),
                trim(*cpus),
                trim(baseline * cpus),
                trim(*surplus)
            ),
            Self::LambdaMemory { mb, per_vcpu } => write!(
                f,
                "Lambda memory {} MB (one vCPU per {} MB)",
                trim(*mb),
                number(*per_vcpu)
            ),
            Self::LambdaRounded { billed, mean, step } => write!(
                f,
                "Lambda duration billed at {} ms per invocation: the mean {} ms rounded up to the next {} ms (AWS rounds each invocation; rounding the mean approximates it)",
                trim(*billed),
                trim(*mean),
                trim(*step)
            ),
            Self::LambdaPlan { off, basis } => write!(
                f,
                "Lambda duration on a Compute Savings Plan: {}% off the On-Demand GB-second price (derived: {basis})",
                trim(*off)
            ),
            Self::FunctionUrl {
                longest_min,
                timeout_s,
            } => write!(
                f,
                "priced behind a Lambda function URL, with no API Gateway line items: the longest request ({} min) outlasts API Gateway's {} s HTTP API integration timeout; a function URL adds no charge beyond Lambda's own",
                trim(*longest_min),
                trim(*timeout_s)
            ),
            Self::NatGateways { gateways, gb } => write!(
                f,
                "{} NAT gateway(s) all month; they process the {} GB a month the workload starts itself (network.nat_gb_per_month); replies to clients leave through the load balancer",
                trim(*gateways),
                trim(*gb)
            ),
            Self::Endpoints { per_zone, zones } => write!(
                f,
                "{} interface endpoints (ECR API, ECR Docker, CloudWatch Logs) in each of {} Availability Zone(s), all month",
                trim(*per_zone),
                trim(*zones)
            ),
        }
    }
}

/// Why a workload does not fit a service, written out when read: pricing tries every
/// architecture and purchase option, and keeps one reason of the many variants that fail.
#[derive(Debug, Clone, PartialEq)]
pub enum NoFit {
    /// A reason with no numbers.
    Said(&'static str),
    /// A reason written out where it was found (the rare ones).
    Text(String),
    /// One instance or task (`unit`) of the workload is larger than the service's largest size.
    TooLarge {
        unit: &'static str,
        service: &'static str,
        want: Size,
        max: Size,
    },
    /// The size given (what runs today) cannot hold one instance or task (`unit`) of the workload.
    TooSmall {
        unit: &'static str,
        given: Size,
        need: Size,
    },
    /// Lambda memory the workload needs, MB, for its size, above Lambda's maximum, MB.
    LambdaMemory { mb: f64, size: Size, max_mb: f64 },
}

impl fmt::Display for NoFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Said(why) => f.write_str(why),
            Self::Text(why) => f.write_str(why),
            Self::TooLarge {
                unit,
                service,
                want,
                max,
            } => write!(
                f,
                "a {want} {unit} is larger than {service}'s largest size ({max})"
            ),
            Self::TooSmall { unit, given, need } => write!(
                f,
                "too small: a {given} {unit} cannot hold one {unit} of the workload ({need})"
            ),
            Self::LambdaMemory { mb, size, max_mb } => write!(
                f,
                "needs {} MB of Lambda memory (for {size}); Lambda's maximum is {} MB",
                trim(*mb),
                number(*max_mb)
            ),
        }
    }
}

impl NoFit {
    /// Whether the reason's text contains `s` (for tests).
    #[cfg(test)]
    pub(crate) fn contains(&self, s: &str) -> bool {
        self.to_string().contains(s)
    }
}

/// A line item's name, written out when read. `EC2 m7g.large nodes` names the instance type
/// chosen, and pricing chooses one for every variant it compares and keeps one bill. As small as
/// the text it replaces: a bill's line items fit one small allocation.
#[derive(Clone)]
pub struct Label(LabelKind);

#[derive(Debug, Clone, PartialEq)]
enum LabelKind {
    Text(Cow<'static, str>),
    Instance(Box<Named>),
}

/// `before`, an instance type's name, `after`, and the three written out once read.
#[derive(Debug, Clone)]
struct Named {
    before: &'static str,
    name: Name,
    after: &'static str,
    text: OnceLock<String>,
}

impl PartialEq for Named {
    fn eq(&self, other: &Self) -> bool {
        (self.before, &self.name, self.after) == (other.before, &other.name, other.after)
    }
}

impl Label {
    /// `before` + the instance type's name + `after`: `EC2 ` m7g.large ` nodes`.
    pub fn instance(before: &'static str, name: &Name, after: &'static str) -> Self {
        Self(LabelKind::Instance(Box::new(Named {
            before,
            name: name.clone(),
            after,
            text: OnceLock::new(),
        })))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            LabelKind::Text(t) => t,
            LabelKind::Instance(n) => n
                .text
                .get_or_init(|| format!("{}{}{}", n.before, n.name, n.after)),
        }
    }
}

impl From<Cow<'static, str>> for Label {
    fn from(t: Cow<'static, str>) -> Self {
        Self(LabelKind::Text(t))
    }
}

impl From<&'static str> for Label {
    fn from(t: &'static str) -> Self {
        Cow::Borrowed(t).into()
    }
}

impl From<String> for Label {
    fn from(t: String) -> Self {
        Cow::<'static, str>::Owned(t).into()
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Label {
    /// Written as a `str` is, width and alignment included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Label {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_written_out_when_read_and_pads_as_a_str() {
        let node = Label::instance("EC2 ", &Name::from("m7g.large"), " nodes");
        assert_eq!(node, "EC2 m7g.large nodes");
        assert_eq!(format!("{node:<22}|"), "EC2 m7g.large nodes   |");
        assert_eq!(format!("{:>6}", Label::from("gp3")), "   gp3");
        assert_eq!(
            serde_json::to_string(&node).unwrap(),
            "\"EC2 m7g.large nodes\""
        );
        // A label built from text equals one written out from an instance name.
        assert_eq!(Label::from(String::from("EC2 m7g.large nodes")), node);
    }

    #[test]
    fn reasons_a_workload_does_not_fit_read_as_sentences() {
        let big = NoFit::TooLarge {
            unit: "task",
            service: "Fargate",
            want: Size::new(32.0, 64.0),
            max: Size::new(16.0, 120.0),
        };
        assert_eq!(
            big.to_string(),
            "a 32 vCPU / 64 GB task is larger than Fargate's largest size (16 vCPU / 120 GB)"
        );
        let small = NoFit::TooSmall {
            unit: "instance",
            given: Size::new(0.25, 0.5),
            need: Size::new(1.0, 2.0),
        };
        assert_eq!(
            small.to_string(),
            "too small: a 0.25 vCPU / 0.5 GB instance cannot hold one instance of the workload (1 vCPU / 2 GB)"
        );
    }
}
