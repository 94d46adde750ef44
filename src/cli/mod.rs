//! Command-line arguments (clap) and dispatch. Only this module knows about clap; it turns
//! arguments into plain options, calls the library, and writes the result to the writer `main`
//! hands it.

mod commands;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Result;

/// Where should this workload run on AWS, and what will it cost?
///
/// runwhere reads a workload described in a TOML file, prices it on EC2, ECS on EC2, ECS on
/// Fargate, EKS, App Runner, Lambda, Batch and Elastic Beanstalk from bundled AWS list prices,
/// and ranks them.
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
    /// Rank the services for a workload file, with each one's monthly cost
    #[command(
        after_help = "Examples:\n  runwhere recommend examples/web-api.toml\n  runwhere recommend examples/nightly-batch.toml --format json\n  runwhere recommend examples/web-api.toml --region eu-west-1"
    )]
    Recommend(RecommendArgs),
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
    pub pricing: PricingArgs,
}

#[derive(Debug, Args)]
pub struct PricingArgs {
    /// Price in this region instead of the file's `region`
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones
    #[arg(long, value_name = "DIR", env = "RUNWHERE_PRICING_DIR")]
    pub pricing_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people
    Table,
    /// The stable JSON document for scripts
    Json,
}

/// Runs one command, writing its result to `out`.
///
/// # Errors
/// Input and usage problems (exit 2) and anything else that went wrong (exit 1); see
/// [`crate::Error::exit_code`].
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    match cli.command {
        Command::Recommend(args) => commands::recommend(&args, out),
    }
}
