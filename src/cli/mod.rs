//! Command-line arguments (clap) and dispatch. Only this module knows about clap; it turns
//! arguments into plain options, calls the library, and writes the result to the writer `main`
//! hands it.

mod commands;
pub mod generate;
// `runwhere interview`: the questionnaire on the terminal, the table, saving the file.
mod interview;
// `runwhere report`: the decision record as Markdown or HTML.
mod report;
// `runwhere pricing import|check`: tables from AWS Price List offer files.
mod pricing;
// `runwhere plan`: a portfolio on shared platforms.
mod plan;

pub use plan::{PlanArgs, PlanFormat};
pub use pricing::{ImportArgs, PricingCommand};
pub use report::{ReportArgs, ReportFormat};

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Result;

/// The exit statuses, shown at the end of `runwhere --help`.
const EXIT_CODES: &str = "Exit status:\n  0    success\n  1    a failure that is not the input's fault (a file that cannot be written, …)\n  2    a usage or input error: bad arguments, or a workload, pricing or rules file with a problem (the message names the file, line and column); or nothing to do (an empty directory, `diff` with nothing to compare)\n  3    a workload has no eligible service (no service can run it)\n  4    a gate failed: `recommend --max-monthly USD` (the top pick costs more), `plan --max-monthly USD` (the best mix costs more), `diff --fail-above 10%` or `--fail-above 25` (the top pick's monthly cost grew by more than that percentage or that many USD)\n  130  interrupted (Ctrl-C or Esc in `runwhere interview`)\nWith many workloads the highest-priority status of any of them wins, in this order: 2, 3, 4, 130, 1, 0. Output is printed before the status.";

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
    after_long_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to color what goes to standard error.
    pub fn for_stderr(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
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

    /// Vary one workload value across a range: every eligible service's monthly cost, where the
    /// cheapest service changes, and where the top pick changes
    #[command(
        after_help = breakeven_help()
    )]
    Breakeven(BreakevenArgs),

    /// Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each
    /// service's cost and the rules that changed; or what runs today with the top pick
    #[command(
        after_help = "Examples:\n  runwhere diff examples/web-api.toml --set region=eu-west-1\n  runwhere diff examples/web-api.toml --set shape.arch=x86 --set traffic.requests_per_month=3e8\n  runwhere diff examples/web-api.toml examples/low-traffic-api.toml --format json\n  runwhere diff base/workloads/ workloads/ --fail-above 10% --format md >> \"$GITHUB_STEP_SUMMARY\"\n  runwhere diff examples/current-ec2-fleet.toml --against current --fail-above 10%\n\n`--set` applies to the second side: B, or A again when only one file is given. With\n`--against current`, A's `[current]` table (what runs today) is compared with A's top pick."
    )]
    Diff(DiffArgs),

    /// Answer questions about a workload instead of writing its file: shows the ranking, then
    /// offers to save the answers as a commented workload file
    #[command(
        after_help = "Examples:\n  runwhere interview\n  runwhere interview --save my-api.toml\n  runwhere interview --from examples/web-api.toml --no-save\n\nNumbers may be written 30M, 1.5k, 2e6 or 30_000_000. Esc or Ctrl-C stops without saving (exit 130).\nNeeds a terminal; in scripts, write the file and run `runwhere recommend FILE`."
    )]
    Interview(interview::InterviewArgs),

    /// Write a decision record for a workload, in Markdown or HTML: summary, context, options
    /// considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the
    /// workload's path, the recommended service's architecture, caveats and assumptions
    #[command(
        after_help = "Examples:\n  runwhere report examples/web-api.toml > decision.md\n  runwhere report examples/web-api.toml -o decision.html\n  runwhere report examples/nightly-batch.toml --format html --region eu-west-1 -o etl.html --force\n\nThe format follows the `-o` file's extension (`.html`, `.htm`) unless `--format` is given.\nEvery figure equals `runwhere recommend --format json` for the same input."
    )]
    Report(ReportArgs),

    /// Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared
    /// ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to
    /// each workload
    #[command(
        after_help = "Examples:\n  runwhere plan examples/portfolio/\n  runwhere plan services/ --format json > plan.json\n  runwhere plan examples/portfolio/ --explain\n  runwhere plan examples/portfolio/ -o plan.html\n\nWorkloads are grouped by `region` and `environment`; each group gets its own platforms.\nThe format follows the `-o` file's extension (`.html`, `.md`, `.json`, `.csv`) unless `--format` is given."
    )]
    Plan(PlanArgs),

    /// List, show or check the rules
    #[command(
        subcommand,
        after_help = "Examples:\n  runwhere rules list\n  runwhere rules show lambda-max-duration\n  runwhere rules check my-rules/"
    )]
    Rules(RulesCommand),

    /// Build a pricing table from AWS Price List offer files, or check a directory of tables
    #[command(subcommand)]
    Pricing(pricing::PricingCommand),

    /// Print the completion script for a shell
    #[command(
        after_help = "Examples:\n  runwhere completions bash > ~/.local/share/bash-completion/completions/runwhere\n  runwhere completions zsh > ~/.zfunc/_runwhere\n  runwhere completions fish > ~/.config/fish/completions/runwhere.fish"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the JSON Schema of the workload file format (for editors and CI)
    #[command(
        after_help = "Example:\n  runwhere schema > workload.schema.json\n\nEditors that read TOML schemas (Taplo, Even Better TOML) pick it up from a first line\n`#:schema ./workload.schema.json` in a workload file."
    )]
    Schema,

    /// Print the man page (roff), with every subcommand
    #[command(after_help = "Example:\n  runwhere man > runwhere.1 && man ./runwhere.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Workload files (TOML, format version 1) or directories of them; `-` reads standard input.
    /// With one file: the full comparison. With several, or a directory: one row per workload.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// A budget gate: exit with status 4 when the top pick costs more than USD a month (with many
    /// workloads, checked per file; the summary names the files over it)
    #[arg(long, value_name = "USD", value_parser = monthly_usd)]
    pub max_monthly: Option<f64>,

    /// The full reasons and variants in the table, instead of one line per service in 80 columns
    #[arg(long, short = 'v')]
    pub long: bool,

    #[command(flatten)]
    pub engine: EngineArgs,
}

/// A monthly amount in USD: a finite number, zero or more (`$` and `_` allowed).
fn monthly_usd(s: &str) -> std::result::Result<f64, String> {
    let text: String = s
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|&c| c != '_' && c != ',')
        .collect();
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "`{s}` is not an amount in USD a month; use a number of 0 or more, such as 250 or 99.50"
        )),
    }
}

#[derive(Debug, Args)]
pub struct BreakevenArgs {
    /// The workload file (TOML, format version 1); `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The workload value to vary, by its dotted path
    #[arg(long, value_name = "PATH")]
    pub vary: String,

    /// Start of the range (default: the parameter's own)
    #[arg(long, value_name = "X")]
    pub from: Option<f64>,

    /// End of the range (default: the parameter's own)
    #[arg(long, value_name = "Y")]
    pub to: Option<f64>,

    /// Steps across the range (logarithmic for counts and durations)
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub points: u32,

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = SweepFormat::Table)]
    pub format: SweepFormat,

    /// Write to PATH (atomically) instead of standard output; an existing file is left alone
    /// unless `--force` is given
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace PATH if it exists
    #[arg(long, requires = "output")]
    pub force: bool,

    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SweepFormat {
    /// Crossovers, top picks and a sample of the costs
    Table,
    /// Every point, crossover and top pick
    Json,
    /// One row per point, one column per service
    Csv,
    /// A line chart
    Svg,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first workload file (A), or a directory of them
    #[arg(value_name = "A")]
    pub a: PathBuf,

    /// The second workload file (B), or a directory of them matched to A's by relative path;
    /// without it, B is A with the `--set` overrides
    #[arg(value_name = "B")]
    pub b: Option<PathBuf>,

    /// Compare what runs today (A's `[current]` table, priced by the same models) with A's top
    /// pick, instead of two versions; A may be a directory
    #[arg(long, value_enum, value_name = "WHAT", conflicts_with = "b")]
    pub against: Option<Against>,

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// A gate: exit with status 4 when the top pick's monthly cost grew by more than LIMIT, a
    /// percentage of A's (`10%`) or USD a month (`25`); with `--against current`, when the top
    /// pick costs more than today by more than LIMIT; with directories, checked per file and
    /// the summary names the files over it
    #[arg(long, value_name = "LIMIT", value_parser = crate::engine::gate::Limit::parse)]
    pub fail_above: Option<crate::engine::gate::Limit>,

    #[command(flatten)]
    pub engine: EngineArgs,
}

/// What `diff --against` compares the top pick with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Against {
    /// What runs the workload today: its `[current]` table, priced by the same models
    Current,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A table for people
    Table,
    /// JSON for scripts
    Json,
    /// A Markdown table for a pull-request comment or a CI job summary
    Md,
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

/// Where the pricing tables and rules come from (every command that ranks).
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones
    #[arg(long, value_name = "DIR", env = "RUNWHERE_PRICING_DIR")]
    pub pricing_dir: Option<PathBuf>,

    /// Load the rules (`*.toml`) from DIR instead of the bundled ones
    #[arg(long, value_name = "DIR", env = "RUNWHERE_RULES_DIR")]
    pub rules_dir: Option<PathBuf>,
}

impl DataArgs {
    /// The advisor with these tables and rules.
    ///
    /// # Errors
    /// Unreadable or invalid pricing or rules files.
    pub fn advisor(&self) -> crate::Result<crate::engine::advisor::Advisor> {
        crate::engine::advisor::Advisor::load(
            self.pricing_dir.as_deref(),
            self.rules_dir.as_deref(),
        )
    }
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

    #[command(flatten)]
    pub data: DataArgs,

    /// Override a workload value by its dotted path, checked like a value in the file
    /// (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<crate::workload::Override>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, effect, services and source
    #[command(after_help = "Example:\n  runwhere rules list | grep lambda")]
    List {
        /// Load the rules from DIR instead of the bundled ones
        #[arg(long, value_name = "DIR", env = "RUNWHERE_RULES_DIR")]
        rules_dir: Option<PathBuf>,
    },
    /// Show one rule: its condition, effect, reason, sources and the facts it uses
    #[command(after_help = "Example:\n  runwhere rules show lambda-max-duration")]
    Show {
        /// The rule id
        #[arg(value_name = "ID")]
        id: String,
        /// Load the rules from DIR instead of the bundled ones
        #[arg(long, value_name = "DIR", env = "RUNWHERE_RULES_DIR")]
        rules_dir: Option<PathBuf>,
    },
    /// Check a rules directory (the bundled rules when none is given): every condition, fact,
    /// service id and flowchart reference
    #[command(
        after_help = "Examples:\n  runwhere rules check\n  cp -r rules my-rules && $EDITOR my-rules/fit.toml && runwhere rules check my-rules"
    )]
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
    /// One row per workload, for spreadsheets (several files or a directory)
    Csv,
    /// A Markdown table, one row per workload, for a pull-request comment or a CI job summary
    Md,
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

impl From<PreferArg> for crate::engine::rank::Prefer {
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
        match crate::input::diagnostic::suggest(s, ids.iter().copied()) {
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
        Command::Breakeven(args) => commands::breakeven(&args, out),
        Command::Completions { shell } => commands::write(out, &generate::completions(shell)),
        Command::Man => commands::write(out, &generate::man_page()),
        Command::Schema => commands::write(out, &crate::workload::schema::json()?),
        Command::Diff(args) => commands::diff(&args, out),
        Command::Interview(args) => interview::run(&args, cli.color, out),
        Command::Report(args) => report::run(&args, out),
        Command::Plan(args) => plan::run(&args, out),
        Command::Rules(RulesCommand::List { rules_dir }) => {
            commands::rules_list(rules_dir.as_deref(), out)
        }
        Command::Rules(RulesCommand::Show { id, rules_dir }) => {
            commands::rules_show(&id, rules_dir.as_deref(), out)
        }
        Command::Rules(RulesCommand::Check { dir }) => commands::rules_check(dir.as_deref(), out),
        Command::Pricing(command) => pricing::run(&command, out),
    }
}

/// The examples of `breakeven --help` and the values it can vary, from the field table (clap wraps
/// the list to the terminal).
fn breakeven_help() -> String {
    let names: Vec<&str> = crate::engine::sweep::params().map(|p| p.path).collect();
    format!(
        "Examples:\n  runwhere breakeven examples/web-api.toml --vary traffic.requests_per_month\n  runwhere breakeven examples/event-handler.toml --vary traffic.avg_duration_ms --from 10 --to 900000 --format svg -o duration.svg\n  runwhere breakeven examples/nightly-batch.toml --vary jobs.runs_per_month --format csv\n\nParameters: {}",
        names.join(", ")
    )
}
