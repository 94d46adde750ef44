//! The questions, in the order they are asked, and when each one is.
//!
//! The order follows the documents' decision flowchart ("Which Compute Service Should I Use?",
//! `rules/flowchart.toml`): first what kind of workload it is, then what the long-running branch
//! asks about (full control, containers, complexity, Kubernetes), then the size of one instance,
//! then traffic for services and events or jobs for batch and scheduled work, then the team and
//! how capacity is bought. A question that cannot change the answer on this path is not asked.
//!
//! Values of closed sets are listed here with a few words each; a test checks that they are
//! exactly the values the file format takes.

use super::{Draft, Value};
use crate::workload::Kind;

pub(super) struct Question {
    /// The workload key the answer fills; `needs` for the checklist of needs.
    pub(super) key: &'static str,
    pub(super) section: &'static str,
    /// The question, with its unit.
    pub(super) text: &'static str,
    /// One line of help.
    pub(super) help: &'static str,
    pub(super) input: Input,
    /// Whether the question matters on the path the answers so far have taken.
    pub(super) when: fn(&Draft) -> bool,
}

pub(super) enum Input {
    Text {
        fallback: Fallback,
    },
    /// Any number; `units` may follow it in an answer (`120 ms`).
    Number {
        fallback: Fallback,
        units: &'static [&'static str],
    },
    /// A whole number.
    Int {
        fallback: Fallback,
    },
    /// A flag; the format's default is `false`.
    YesNo,
    /// One of `options`: the value as written in the file, and what it means.
    Choice {
        options: &'static [(&'static str, &'static str)],
        fallback: Fallback,
    },
    /// One of the regions that have a pricing table.
    Region,
    /// A checklist of flags (all `false` by default).
    Flags {
        options: &'static [Flag],
    },
}

/// What Enter accepts when the draft has no value for the key yet.
pub(super) enum Fallback {
    /// The default the parser applies when the key is left out (from the field table, possibly
    /// derived from other answers); accepting it leaves the key out of the file.
    Implicit,
    /// A required key: a plausible value to start from, always written.
    Suggested(fn(&Draft) -> Value),
    /// An optional key without a default: Enter (or `none`) leaves it out.
    Absent,
}

/// One flag of a checklist.
pub(super) struct Flag {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    /// The kinds it is offered for; empty for every kind.
    pub(super) kinds: &'static [Kind],
}

impl Question {
    pub(super) fn fallback(&self) -> Option<&Fallback> {
        match &self.input {
            Input::Text { fallback }
            | Input::Number { fallback, .. }
            | Input::Int { fallback }
            | Input::Choice { fallback, .. } => Some(fallback),
            Input::Region => Some(&REGION_DEFAULT),
            Input::YesNo | Input::Flags { .. } => None,
        }
    }

    /// The value Enter accepts when the draft has none.
    pub(super) fn fallback_value(&self, draft: &Draft) -> Option<Value> {
        match self.fallback()? {
            Fallback::Implicit => super::fields::default_of(self.key, draft),
            Fallback::Suggested(f) => Some(f(draft)),
            Fallback::Absent => None,
        }
    }

    /// The flags of a checklist that are offered for the draft's kind.
    pub(super) fn flags_for<'f>(
        &self,
        options: &'f [Flag],
        draft: &Draft,
    ) -> impl Iterator<Item = &'f Flag> {
        let kind = draft.kind();
        options
            .iter()
            .filter(move |f| f.kinds.is_empty() || kind.is_some_and(|k| f.kinds.contains(&k)))
    }
}

/// The question for a key.
pub(super) fn find(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

const REGION_DEFAULT: Fallback = Fallback::Implicit;

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn always(_: &Draft) -> bool {
    true
}

fn is(kinds: &[Kind], draft: &Draft) -> bool {
    draft.kind().is_some_and(|k| kinds.contains(&k))
}

fn service(d: &Draft) -> bool {
    is(&[Kind::Service], d)
}

fn has_traffic(d: &Draft) -> bool {
    is(&[Kind::Service, Kind::Event], d)
}

/// Today's service takes `key` in `[current]` (asked only once the service is answered).
fn today_takes(d: &Draft, key: &str) -> bool {
    d.applies(key) && d.text("current.service").is_some()
}

fn has_jobs(d: &Draft) -> bool {
    is(&[Kind::Batch, Kind::Scheduled], d)
}

/// The Kubernetes question of the flowchart ("Need Kubernetes?") is on this path.
fn kubernetes_path(d: &Draft) -> bool {
    service(d)
        && (d.flag("team.knows_kubernetes")
            || d.flag("needs.kubernetes_ecosystem")
            || d.flag("needs.multi_cloud")
            || d.text("team.existing_platform") == Some("kubernetes"))
}

const WORKLOAD: &str = "Workload";
const SHAPE: &str = "How it is built";
const NEEDS: &str = "What it needs";
const SIZE: &str = "One instance";
const TRAFFIC: &str = "Traffic";
const JOBS: &str = "Jobs";
const TEAM: &str = "Team";
const PRICING: &str = "Pricing";
const TODAY: &str = "What runs it today";

const NUMBER_HELP: &str = "30M, 1.5k, 2e6 and 30_000_000 all work";

const MS: &[&str] = &["ms", "msec", "milliseconds", "millisecond"];
const MINUTES: &[&str] = &["min", "mins", "minutes", "minute"];
const GIB: &[&str] = &["GiB", "GB", "G"];

use Fallback::{Absent, Implicit, Suggested};

pub(super) const QUESTIONS: &[Question] = &[
    // What type of workload? -----------------------------------------------------------------
    Question {
        key: "name",
        section: WORKLOAD,
        text: "Name of the workload",
        help: "Shown in every report, and the name of the file it is saved to",
        input: Input::Text {
            fallback: Suggested(|_| text("my-workload")),
        },
        when: always,
    },
    Question {
        key: "shape.kind",
        section: WORKLOAD,
        text: "What kind of workload is it?",
        help: "The first question of the decision flowchart; it decides which questions follow",
        input: Input::Choice {
            options: &[
                (
                    "service",
                    "long-running: an API, a web app or a queue worker",
                ),
                (
                    "event",
                    "a short handler run for each event (upload, message, webhook)",
                ),
                (
                    "batch",
                    "finite jobs that start, run and finish (ETL, rendering, HPC)",
                ),
                ("scheduled", "a job run on a schedule, like cron"),
            ],
            fallback: Suggested(|_| text("service")),
        },
        when: always,
    },
    Question {
        key: "region",
        section: WORKLOAD,
        text: "AWS region",
        help: "Prices come from this region's table",
        input: Input::Region,
        when: always,
    },
    // Need full control? Need containers? Complexity? ------------------------------------------
    Question {
        key: "shape.packaging",
        section: SHAPE,
        text: "How is it shipped?",
        help: "Code only leads to Elastic Beanstalk or Lambda; a machine image needs EC2",
        input: Input::Choice {
            options: &[
                ("container", "a container image (Docker/OCI)"),
                ("code", "source code or a zip, no Dockerfile"),
                ("vm", "a machine image (AMI) with its own OS"),
            ],
            fallback: Implicit,
        },
        when: always,
    },
    Question {
        key: "shape.interface",
        section: SHAPE,
        text: "How do clients reach it?",
        help: "Pick \"none\" for a worker or handler that nobody calls directly",
        input: Input::Choice {
            options: &[
                ("http", "HTTP or HTTPS requests (REST, web pages)"),
                ("grpc", "gRPC"),
                ("websocket", "long-lived WebSocket connections"),
                ("tcp", "plain TCP"),
                ("udp", "UDP"),
                ("none", "nobody calls it: it pulls its own work"),
            ],
            fallback: Implicit,
        },
        when: has_traffic,
    },
    Question {
        key: "shape.services",
        section: SHAPE,
        text: "How many separately deployed services make up the application?",
        help: "Two or more make it at least \"medium\" in the flowchart's complexity question",
        input: Input::Int { fallback: Implicit },
        when: service,
    },
    Question {
        key: "shape.arch",
        section: SHAPE,
        text: "Which CPU architectures can it run on?",
        help: "\"any\" prices each service on the cheaper one, usually ARM (Graviton)",
        input: Input::Choice {
            options: &[
                ("any", "either: price the cheaper one"),
                ("x86", "x86-64 only"),
                ("arm", "ARM64 (Graviton) only"),
            ],
            fallback: Implicit,
        },
        when: always,
    },
    Question {
        key: "shape.environment",
        section: SHAPE,
        text: "Which environment is this?",
        help: "Dev and staging copies weigh cost over resilience",
        input: Input::Choice {
            options: &[
                ("prod", "production"),
                ("staging", "staging"),
                ("dev", "development"),
            ],
            fallback: Implicit,
        },
        when: always,
    },
    Question {
        key: "needs",
        section: NEEDS,
        text: "Which of these does it need?",
        help: "Space ticks an item, Enter goes on; leave everything unticked if none apply",
        input: Input::Flags {
            options: &[
                Flag {
                    key: "needs.os_control",
                    label: "control of the OS: custom AMI, kernel settings, SSH",
                    kinds: &[],
                },
                Flag {
                    key: "needs.dedicated_hardware",
                    label: "dedicated hardware: BYOL licences, compliance",
                    kinds: &[],
                },
                Flag {
                    key: "needs.instance_type_control",
                    label: "specific instance types: GPU families, bare metal",
                    kinds: &[],
                },
                Flag {
                    key: "needs.kubernetes_ecosystem",
                    label: "Kubernetes tools: Helm, operators, Argo CD",
                    kinds: &[],
                },
                Flag {
                    key: "needs.multi_cloud",
                    label: "the same manifests on other clouds",
                    kinds: &[],
                },
                Flag {
                    key: "needs.on_premises",
                    label: "to run on premises too",
                    kinds: &[],
                },
                Flag {
                    key: "needs.service_mesh",
                    label: "a service mesh between services (Istio)",
                    kinds: &[Kind::Service],
                },
                Flag {
                    key: "needs.sidecars",
                    label: "sidecar containers beside the app",
                    kinds: &[],
                },
                Flag {
                    key: "needs.high_availability",
                    label: "high availability: two or more instances in two AZs",
                    kinds: &[Kind::Service],
                },
                Flag {
                    key: "needs.private_networking",
                    label: "private networking: VPC control, private inbound",
                    kinds: &[],
                },
                Flag {
                    key: "needs.static_ip",
                    label: "a static IP address",
                    kinds: &[],
                },
                Flag {
                    key: "needs.interruption_tolerant",
                    label: "may be interrupted and retried (Spot capacity)",
                    kinds: &[],
                },
            ],
        },
        when: always,
    },
    Question {
        key: "needs.max_cold_start_ms",
        section: NEEDS,
        text: "Longest start-up wait a request can bear, in ms",
        help: "0 means cold starts don't matter; under 1,000 rules out slow-starting options",
        input: Input::Number {
            fallback: Implicit,
            units: MS,
        },
        when: has_traffic,
    },
    Question {
        key: "shape.complexity",
        section: NEEDS,
        text: "How complex is the application?",
        help: "The flowchart's complexity question; the default follows from your answers so far",
        input: Input::Choice {
            options: &[
                ("simple", "one simple API or web app"),
                ("medium", "a few services, or sidecars"),
                ("complex", "many services, a service mesh"),
            ],
            fallback: Implicit,
        },
        when: service,
    },
    // One instance -----------------------------------------------------------------------------
    Question {
        key: "resources.vcpu",
        section: SIZE,
        text: "vCPUs of one instance",
        help: "One container, VM, invocation or job run, not the whole fleet; 0.25 and 0.5 work",
        input: Input::Number {
            fallback: Implicit,
            units: &["vcpu", "vcpus", "cpu", "cpus"],
        },
        when: always,
    },
    Question {
        key: "resources.memory_gb",
        section: SIZE,
        text: "Memory of one instance, in GiB",
        help: "1 GiB = 1,024 MB; 0.5 is 512 MB",
        input: Input::Number {
            fallback: Implicit,
            units: GIB,
        },
        when: always,
    },
    Question {
        key: "resources.gpus",
        section: SIZE,
        text: "GPUs of one instance",
        help: "Whole GPUs; any GPU rules out Lambda, Fargate and App Runner",
        input: Input::Int { fallback: Implicit },
        when: always,
    },
    // Traffic (services and events) --------------------------------------------------------------
    Question {
        key: "traffic.requests_per_month",
        section: TRAFFIC,
        text: "Requests (or events) per month",
        help: NUMBER_HELP,
        input: Input::Number {
            fallback: Suggested(|_| Value::Number(1_000_000.0)),
            units: &["requests", "events", "req"],
        },
        when: has_traffic,
    },
    Question {
        key: "traffic.avg_duration_ms",
        section: TRAFFIC,
        text: "Average time to handle one, in ms",
        help: "The mean handling time of one request or event",
        input: Input::Number {
            fallback: Suggested(|_| Value::Number(100.0)),
            units: MS,
        },
        when: has_traffic,
    },
    Question {
        key: "traffic.max_duration_min",
        section: TRAFFIC,
        text: "Longest single one, in minutes",
        help: "Lambda stops at 15 minutes; the default is the average",
        input: Input::Number {
            fallback: Implicit,
            units: MINUTES,
        },
        when: has_traffic,
    },
    Question {
        key: "traffic.concurrency_per_instance",
        section: TRAFFIC,
        text: "Requests one instance serves at once",
        help: "80 suits a typical web server; 1 for one request at a time (a GPU model)",
        input: Input::Number {
            fallback: Implicit,
            units: &[],
        },
        when: service,
    },
    Question {
        key: "traffic.min_instances",
        section: TRAFFIC,
        text: "Fewest instances to keep running",
        help: "0 lets it scale to zero; high availability needs 2",
        input: Input::Int { fallback: Implicit },
        when: service,
    },
    Question {
        key: "traffic.peak_to_average",
        section: TRAFFIC,
        text: "Peak load divided by average load",
        help: "1 for flat traffic, 3 for a daily rhythm, 10 or more for sharp bursts",
        input: Input::Number {
            fallback: Implicit,
            units: &["x"],
        },
        when: has_traffic,
    },
    // Jobs (batch and scheduled) ---------------------------------------------------------------
    Question {
        key: "jobs.runs_per_month",
        section: JOBS,
        text: "Job runs per month",
        help: "Each child of an array job counts as a run; 30M, 1.5k and 2e6 all work",
        input: Input::Number {
            fallback: Suggested(|d| {
                Value::Number(if is(&[Kind::Scheduled], d) {
                    730.0
                } else {
                    30.0
                })
            }),
            units: &["runs", "jobs"],
        },
        when: has_jobs,
    },
    Question {
        key: "jobs.duration_min",
        section: JOBS,
        text: "Wall time of one run, in minutes",
        help: "Over 15 minutes rules out Lambda; 0.5 is 30 seconds",
        input: Input::Number {
            fallback: Suggested(|_| Value::Number(10.0)),
            units: MINUTES,
        },
        when: has_jobs,
    },
    Question {
        key: "jobs.array_size",
        section: JOBS,
        text: "Children per array job",
        help: "For array jobs (one submission, many children); Enter or `none` if not",
        input: Input::Int { fallback: Absent },
        when: |d| is(&[Kind::Batch], d),
    },
    Question {
        key: "jobs.dependencies",
        section: JOBS,
        text: "Do jobs wait on other jobs (a pipeline)?",
        help: "A run that starts only when others have finished",
        input: Input::YesNo,
        when: has_jobs,
    },
    Question {
        key: "jobs.workflow",
        section: JOBS,
        text: "What shape is the pipeline?",
        help: "Step Functions or Batch dependencies run it",
        input: Input::Choice {
            options: &[
                ("none", "independent jobs"),
                ("chain", "a straight chain: A, then B, then C"),
                ("dag", "a graph: fan-out and fan-in"),
                ("complex", "branches, retries, human steps"),
            ],
            fallback: Implicit,
        },
        when: |d| has_jobs(d) && d.flag("jobs.dependencies"),
    },
    Question {
        key: "jobs.multi_node",
        section: JOBS,
        text: "Does one job span several nodes (MPI)?",
        help: "Tightly coupled work such as MPI or distributed training",
        input: Input::YesNo,
        when: |d| is(&[Kind::Batch], d),
    },
    // Team -----------------------------------------------------------------------------------
    Question {
        key: "team.ops_capacity",
        section: TEAM,
        text: "How much infrastructure work can the team take on?",
        help: "Servers, clusters, patching and scaling are infrastructure work",
        input: Input::Choice {
            options: &[
                ("none", "none: nobody runs infrastructure"),
                ("low", "some, but it is not their main job"),
                ("high", "plenty: a platform or operations team"),
            ],
            fallback: Implicit,
        },
        when: always,
    },
    Question {
        key: "team.existing_platform",
        section: TEAM,
        text: "What does the team already run in production?",
        help: "Staying on a platform the team knows earns fit points",
        input: Input::Choice {
            options: &[
                ("none", "nothing yet"),
                ("ec2", "EC2 instances"),
                ("ecs", "ECS"),
                ("kubernetes", "Kubernetes (EKS or elsewhere)"),
                ("lambda", "Lambda functions"),
                ("app_runner", "App Runner"),
            ],
            fallback: Implicit,
        },
        when: always,
    },
    Question {
        key: "team.knows_kubernetes",
        section: TEAM,
        text: "Does the team already operate Kubernetes?",
        help: "Running clusters day to day, not only having used kubectl",
        input: Input::YesNo,
        when: always,
    },
    // Pricing ----------------------------------------------------------------------------------
    Question {
        key: "pricing.purchase",
        section: PRICING,
        text: "How will you buy capacity?",
        help: "Spot needs work that may be interrupted; \"best\" picks the cheapest allowed per service",
        input: Input::Choice {
            options: &[
                ("on_demand", "On-Demand, no commitment"),
                ("spot", "Spot: discounted, may be interrupted"),
                ("savings_plan_1yr", "a 1-year Compute Savings Plan"),
                ("savings_plan_3yr", "a 3-year Compute Savings Plan"),
                ("best", "whichever of these is cheapest"),
            ],
            fallback: Implicit,
        },
        when: always,
    },
    Question {
        key: "pricing.free_tier",
        section: PRICING,
        text: "Count Lambda's free tier?",
        help: "Subtracts 1M requests and 400,000 GB-seconds a month, if the account has them to spare",
        input: Input::YesNo,
        when: |d| is(&[Kind::Event, Kind::Scheduled], d),
    },
    Question {
        key: "pricing.clusters",
        section: PRICING,
        text: "How many separate clusters (dev, staging, prod)?",
        help: "Each EKS cluster pays its own control plane and load balancer",
        input: Input::Int { fallback: Implicit },
        when: kubernetes_path,
    },
    Question {
        key: "pricing.cost_sensitive",
        section: PRICING,
        text: "Is the budget tight?",
        help: "Then fixed monthly fees (control planes, idle capacity) weigh more",
        input: Input::YesNo,
        when: always,
    },
    // What runs it today (`[current]`) --------------------------------------------------------
    Question {
        key: "current.service",
        section: TODAY,
        text: "Where does it run today?",
        help: "ec2, ecs, fargate, eks, app_runner, lambda, batch or elastic_beanstalk; Enter if nowhere yet",
        input: Input::Text { fallback: Absent },
        when: always,
    },
    Question {
        key: "current.instance_type",
        section: TODAY,
        text: "On which EC2 instance type?",
        help: "Of today's VMs or nodes, like m5.large; Enter for EKS or Batch on Fargate",
        input: Input::Text { fallback: Absent },
        when: |d| {
            matches!(
                d.text("current.service"),
                Some("ec2" | "elastic_beanstalk" | "ecs" | "eks" | "batch")
            )
        },
    },
    Question {
        key: "current.instances",
        section: TODAY,
        text: "How many instances run today?",
        help: "VMs, nodes or App Runner instances",
        input: Input::Int { fallback: Absent },
        when: |d| today_takes(d, "current.instances"),
    },
    Question {
        key: "current.vcpu",
        section: TODAY,
        text: "vCPUs of one task or instance today",
        help: NUMBER_HELP,
        input: Input::Number {
            fallback: Absent,
            units: &["vcpu", "vcpus"],
        },
        when: |d| today_takes(d, "current.vcpu"),
    },
    Question {
        key: "current.memory_gb",
        section: TODAY,
        text: "Memory of one task or instance today (GB)",
        help: "1 GB = 1,024 MB",
        input: Input::Number {
            fallback: Absent,
            units: &["gb", "gib"],
        },
        when: |d| today_takes(d, "current.memory_gb"),
    },
    Question {
        key: "current.tasks",
        section: TODAY,
        text: "How many tasks run today?",
        help: "Fargate tasks or pods running on average",
        input: Input::Int { fallback: Absent },
        when: |d| today_takes(d, "current.tasks"),
    },
    Question {
        key: "current.memory_mb",
        section: TODAY,
        text: "The function's memory today (MB)",
        help: "Lambda's memory setting, 128 to 10,240 MB",
        input: Input::Int { fallback: Absent },
        when: |d| today_takes(d, "current.memory_mb"),
    },
    Question {
        key: "current.monthly_usd",
        section: TODAY,
        text: "What does it cost a month on the bill (USD)?",
        help: "Shown beside runwhere's own figure for today; Enter or `none` to skip",
        input: Input::Number {
            fallback: Absent,
            units: &["usd", "$"],
        },
        when: |d| d.text("current.service").is_some(),
    },
];
