//! The library's error type. Variants carry facts; the wording lives in the `#[error]` attributes,
//! and the exit code comes from [`Error::exit_code`].
//!
//! This module sits below every feature module: it uses only [`crate::input::diagnostic`] (and, through
//! it, [`crate::input::source`]). The payloads of feature-specific errors live here too ([`ImportError`],
//! [`PathProblem`]), and the feature modules re-export them.

mod import;

use std::path::PathBuf;

use crate::input::diagnostic::Diagnostics;

pub use import::ImportError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A workload, pricing or rules file that does not parse or validate.
    #[error("{0}")]
    Invalid(Diagnostics),

    #[error("no pricing table for region `{region}`{}; {}: {}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), if origin == "bundled" { "bundled regions".to_owned() } else { format!("regions in `{origin}`") }, available.join(", "))]
    UnknownRegion {
        region: String,
        /// `bundled`, or the `--pricing-dir` directory.
        origin: String,
        available: Vec<String>,
        suggestion: Option<String>,
        /// The commands that build the region's table, one a line (none for a near miss of an
        /// available region or a name that is not a region code).
        build: Vec<String>,
    },

    #[error("no pricing tables (`*.toml`) in `{}`", dir.display())]
    NoPricingTables { dir: PathBuf },

    #[error("no rules files (`*.toml`) in `{}`", dir.display())]
    NoRules { dir: PathBuf },

    #[error("the rules in {origin} define no [flowchart]")]
    NoFlowchart { origin: String },

    /// Some of many workload files failed; the others were ranked.
    #[error("{} of {total} workload files failed", failures.len())]
    Batch {
        total: usize,
        failures: Vec<(std::path::PathBuf, Error)>,
    },

    /// A workload that no service can run (every service excluded); its output is printed first.
    #[error("no service can run workload `{workload}`")]
    NoEligibleService { workload: String },

    /// `recommend --max-monthly USD`: the top pick costs more than the budget. The amounts are
    /// formatted as the output shows them (`$1,234.56`).
    #[error(
        "the top pick for `{workload}`, {service}, costs {monthly} a month, more than `--max-monthly` {limit}"
    )]
    OverBudget {
        workload: String,
        service: &'static str,
        monthly: String,
        limit: String,
    },

    /// `plan --max-monthly USD`: the best mix costs more than the budget (amounts formatted).
    #[error("the best mix costs {monthly} a month, more than `--max-monthly` {limit}")]
    PlanOverBudget { monthly: String, limit: String },

    /// `diff --fail-above LIMIT`: the top pick's monthly cost grew by more than the limit. The
    /// amounts are formatted as the output shows them.
    #[error("the top pick for `{workload}` {growth}: more than `--fail-above {limit}`")]
    CostGrowth {
        workload: String,
        /// `costs $104.93 a month, up from $94.54 (+$10.39, +11%)`.
        growth: String,
        limit: String,
    },

    /// Nothing to do: a command given nothing to work on.
    #[error("nothing to do: {0}")]
    NothingToDo(String),

    /// A command-line value that cannot be used (beyond what clap checks).
    #[error("{0}")]
    Usage(String),

    /// `runwhere interview` without a terminal to ask its questions on.
    #[error(
        "`runwhere interview` asks its questions on a terminal, and {stream} is not one; describe the workload in a file (see `examples/`) and run `runwhere recommend FILE`"
    )]
    NotATerminal { stream: &'static str },

    /// Ctrl-C or Esc during `runwhere interview`.
    #[error("interrupted; nothing was saved")]
    Interrupted,

    /// `interview --save PATH` where no file can be written.
    #[error("cannot save to `{}`: {problem}", path.display())]
    SavePath { path: PathBuf, problem: PathProblem },

    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// `-o PATH` onto an existing file without `--force`.
    #[error("`{}` already exists; pass `--force` to replace it", path.display())]
    OutputExists { path: PathBuf },

    /// An output path that is a FIFO, a device, a socket or a directory.
    #[error("`{}` is {kind}; runwhere writes only regular files", path.display())]
    NotRegularFile { path: PathBuf, kind: &'static str },

    /// A bundled report template that does not render (a bug the test suite rules out).
    #[error("cannot render the report: {message}")]
    Render { message: String },

    /// `runwhere pricing import`: offer files that are absent, malformed or incomplete.
    #[error(transparent)]
    Import(#[from] ImportError),

    /// A JSON document that cannot be written (a bug the test suite rules out).
    #[error("cannot write the JSON document: {0}")]
    Json(#[from] serde_json::Error),
}

/// The order in which statuses win when many workloads run (spec §5): a lower value wins.
/// 2 (usage or input), 3 (no eligible service), 4 (a gate failed), 130 (interrupted), 1 (anything
/// else), 0 (success).
pub fn priority(code: i32) -> u8 {
    match code {
        2 => 0,
        3 => 1,
        4 => 2,
        130 => 3,
        0 => 5,
        _ => 4,
    }
}

impl Error {
    /// 2 for anything the user can fix in their input or arguments (and for nothing to do), 3 for a
    /// workload no service can run, 4 for a failed gate, 130 for an interview stopped with Ctrl-C or Esc, 1 for everything
    /// else. Many workloads exit with the highest-priority status among them ([`priority`]).
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Batch { failures, .. } => failures
                .iter()
                .map(|(_, e)| e.exit_code())
                .min_by_key(|&code| priority(code))
                .unwrap_or(2),
            Self::NoEligibleService { .. } => 3,
            Self::OverBudget { .. } | Self::PlanOverBudget { .. } | Self::CostGrowth { .. } => 4,
            Self::Read { .. }
            | Self::Invalid(_)
            | Self::UnknownRegion { .. }
            | Self::NoPricingTables { .. }
            | Self::NoRules { .. }
            | Self::NoFlowchart { .. }
            | Self::NothingToDo(_)
            | Self::Usage(_)
            | Self::NotATerminal { .. }
            | Self::SavePath { .. } => 2,
            Self::OutputExists { .. } | Self::NotRegularFile { .. } => 2,
            Self::Import(_) => 2,
            Self::Write { .. } | Self::Render { .. } | Self::Json(_) => 1,
            // 128 + SIGINT, as a shell reports a program stopped by Ctrl-C.
            Self::Interrupted => 130,
        }
    }

    /// The full text for a terminal: diagnostics with snippets, or the one-line message.
    pub fn render(&self) -> String {
        self.render_with(false)
    }

    /// [`Error::render`], with diagnostics in color when `color` (for a terminal).
    pub fn render_with(&self, color: bool) -> String {
        match self {
            Self::Invalid(diagnostics) => diagnostics.render_with(color),
            Self::Batch { failures, .. } => {
                let mut out = String::new();
                for (path, e) in failures {
                    if !matches!(e, Self::Invalid(_)) {
                        let path = path.display().to_string();
                        out.push_str(&crate::output::escape::terminal(&path));
                        out.push_str(": ");
                    }
                    out.push_str(&e.render_with(color));
                    out.push_str("\n\n");
                }
                out.push_str(&format!("error: {self}"));
                out
            }
            Self::UnknownRegion { build, .. } if !build.is_empty() => {
                let text = format!("error: {self}");
                let mut out = crate::output::escape::terminal(&crate::output::escape::clip(&text))
                    .into_owned();
                out.push_str("\n\nbuild its table from AWS's public price list (no account needed), then pass it with `--pricing-dir`:\n");
                for line in build {
                    out.push_str("\n    ");
                    out.push_str(&crate::output::escape::terminal(line));
                }
                out
            }
            // User text in a message: shortened, and with no control characters left.
            other => {
                let text = format!("error: {other}");
                crate::output::escape::terminal(&crate::output::escape::clip(&text)).into_owned()
            }
        }
    }
}

/// Why a path cannot take the saved file (`runwhere interview`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    Empty,
    IsDirectory,
    NoDirectory { dir: PathBuf },
}

impl std::fmt::Display for PathProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("enter a file name, like `my-workload.toml`"),
            Self::IsDirectory => f.write_str("it is a directory; enter a file name in it"),
            Self::NoDirectory { dir } => {
                write!(f, "the directory `{}` does not exist", dir.display())
            }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod priority_tests {
    use super::*;

    #[test]
    fn many_workloads_take_the_highest_priority_status() {
        let no_result = |workload: &str| {
            (
                PathBuf::from(format!("{workload}.toml")),
                Error::NoEligibleService {
                    workload: workload.to_owned(),
                },
            )
        };
        let usage = (PathBuf::from("u.toml"), Error::Usage("bad".into()));
        let render = (
            PathBuf::from("r.toml"),
            Error::Render {
                message: "x".into(),
            },
        );
        let batch = |failures: Vec<(PathBuf, Error)>| Error::Batch { total: 9, failures };
        // 3 outranks 1; 2 outranks 3, whatever the order of the files.
        assert_eq!(batch(vec![render, no_result("a")]).exit_code(), 3);
        assert_eq!(batch(vec![no_result("b"), usage]).exit_code(), 2);
        assert!(priority(3) < priority(4) && priority(4) < priority(130));
        assert!(priority(130) < priority(1) && priority(1) < priority(0));
    }
}
