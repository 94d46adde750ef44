//! Command-line arguments (clap) and dispatch. Only this module knows about clap; it turns
//! arguments into plain options, calls the library, and writes the result to the writer `main`
//! hands it.

mod commands;
mod explain;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Result;

/// Where should this workload run on AWS, and what will it cost?
///
/// runwhere reads a workload described in a TOML file, prices it on EC2, ECS on EC2, ECS on
/// Fargate, EKS, App Runner, Lambda, Batch and Elastic Beanstalk from bundled AWS list prices,
/// checks it against rules drawn from AWS's guidance, and ranks the services.
#[derive(Debug, Parser)]
#[command(
    name = "runwhere",
    version,
    about,
    long_about,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the services for a workload file, with each one's monthly cost, fit and main reason
    #[command(
        after_help = "Examples:\n  runwhere recommend examples/web-api.toml\n  runwhere recommend examples/nightly-batch.toml --format json\n  runwhere recommend examples/web-api.toml --region eu-west-1 --prefer cost"
    )]
    Recommend(RecommendArgs),

    /// Show how a recommendation was reached: the flowchart path, every rule that fired with its
    /// points and source, the defaults applied, and each cost line's arithmetic
    #[command(
        after_help = "Examples:\n  runwhere explain examples/web-api.toml\n  runwhere explain examples/web-api.toml --service lambda"
    )]
    Explain(ExplainArgs),

    /// List or check the rules
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// The workload file (TOML, format version 1); `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The workload file (TOML, format version 1); `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Explain only this service (`ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`,
    /// `elastic_beanstalk`)
    #[arg(long, short = 's', value_name = "ID", value_parser = service_id)]
    pub service: Option<crate::service::Service>,

    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options shared by every command that ranks a workload.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Price in this region instead of the file's `region`
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// How to weigh fit against cost
    #[arg(long, value_enum, default_value_t = PreferArg::Balanced)]
    pub prefer: PreferArg,

    /// Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones
    #[arg(long, value_name = "DIR", env = "RUNWHERE_PRICING_DIR")]
    pub pricing_dir: Option<PathBuf>,

    /// Load the rules (`*.toml`) from DIR instead of the bundled ones
    #[arg(long, value_name = "DIR", env = "RUNWHERE_RULES_DIR")]
    pub rules_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, effect, services and source
    List {
        /// Load the rules from DIR instead of the bundled ones
        #[arg(long, value_name = "DIR", env = "RUNWHERE_RULES_DIR")]
        rules_dir: Option<PathBuf>,
    },
    /// Check a rules directory (the bundled rules when none is given): every condition, fact,
    /// service id and flowchart reference
    Check {
        /// The directory of `*.toml` rules files
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people
    Table,
    /// The stable JSON document for scripts
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreferArg {
    /// Cheapest first; fit breaks ties
    Cost,
    /// Best fit first; cost breaks ties
    Fit,
    /// Fit minus 2 points per doubling of cost against the cheapest
    Balanced,
}

impl From<PreferArg> for crate::rank::Prefer {
    fn from(p: PreferArg) -> Self {
        match p {
            PreferArg::Cost => Self::Cost,
            PreferArg::Fit => Self::Fit,
            PreferArg::Balanced => Self::Balanced,
        }
    }
}

fn service_id(s: &str) -> std::result::Result<crate::service::Service, String> {
    crate::service::Service::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = crate::service::Service::ids().collect();
        match crate::diagnostic::suggest(s, ids.iter().copied()) {
            Some(x) => format!("unknown service `{s}` (did you mean `{x}`?)"),
            None => format!("unknown service `{s}`; expected one of {}", ids.join(", ")),
        }
    })
}

/// Runs one command, writing its result to `out`.
///
/// # Errors
/// Input and usage problems (exit 2) and anything else that went wrong (exit 1); see
/// [`crate::Error::exit_code`].
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    match cli.command {
        Command::Recommend(args) => commands::recommend(&args, out),
        Command::Explain(args) => commands::explain(&args, out),
        Command::Rules(RulesCommand::List { rules_dir }) => {
            commands::rules_list(rules_dir.as_deref(), out)
        }
        Command::Rules(RulesCommand::Check { dir }) => commands::rules_check(dir.as_deref(), out),
    }
}
