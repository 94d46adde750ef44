//! The library's error type. Variants carry facts; the wording lives in the `#[error]` attributes,
//! and the exit code comes from [`Error::exit_code`].

use std::path::PathBuf;

use crate::diagnostic::Diagnostics;

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

    #[error("no pricing table for region `{region}`{}; available: {}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), available.join(", "))]
    UnknownRegion {
        region: String,
        available: Vec<String>,
        suggestion: Option<String>,
    },

    #[error("no pricing tables (`*.toml`) in `{}`", dir.display())]
    NoPricingTables { dir: PathBuf },

    #[error("no rules files (`*.toml`) in `{}`", dir.display())]
    NoRules { dir: PathBuf },

    #[error("the rules in {origin} define no [flowchart]")]
    NoFlowchart { origin: String },

    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// 2 for anything the user can fix in their input or arguments, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Read { .. }
            | Self::Invalid(_)
            | Self::UnknownRegion { .. }
            | Self::NoPricingTables { .. }
            | Self::NoRules { .. }
            | Self::NoFlowchart { .. } => 2,
            Self::Write { .. } => 1,
        }
    }

    /// The full text for a terminal: diagnostics with snippets, or the one-line message.
    pub fn render(&self) -> String {
        match self {
            Self::Invalid(diagnostics) => diagnostics.render(),
            other => format!("error: {other}"),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
