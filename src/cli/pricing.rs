//! `runwhere pricing …`: list and show the pricing tables in use (`list`, `show`), build one from
//! AWS Price List offer files (`import`), check a directory of tables (`check`) and compare two
//! (`diff`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::commands::{table_style, write};
use crate::error::{Error, Result};
use crate::pricing::Catalog;
use crate::pricing::import::{self, ImportOptions, OfferFiles};

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// The regions with a pricing table: name, prices' date, sources and gaps
    #[command(
        after_help = "Examples:\n  runwhere pricing list\n  runwhere pricing list --pricing-dir my-pricing/"
    )]
    List {
        /// Load the pricing tables from DIR instead of the bundled ones
        #[arg(long, value_name = "DIR", env = "RUNWHERE_PRICING_DIR")]
        pricing_dir: Option<PathBuf>,
    },

    /// One region's table: its sources, the service prices, what is missing, and the instance types
    #[command(
        after_help = "Examples:\n  runwhere pricing show us-east-1\n  runwhere pricing show eu-west-1 | less"
    )]
    Show {
        /// The region (default: us-east-1)
        #[arg(value_name = "REGION", default_value = "us-east-1")]
        region: String,
        /// Load the pricing tables from DIR instead of the bundled ones
        #[arg(long, value_name = "DIR", env = "RUNWHERE_PRICING_DIR")]
        pricing_dir: Option<PathBuf>,
    },

    /// Build a pricing table for a region from AWS Price List offer files downloaded into DIR
    #[command(
        after_help = "Examples:\n  runwhere pricing import --region us-east-1 --offers offers/\n  runwhere pricing import --region eu-west-1 --offers offers/eu/ -o my-pricing/ --force\n  runwhere recommend examples/web-api.toml --pricing-dir my-pricing/\n\nDIR holds one file per offer, named after its offer code: AmazonEC2.json, AmazonECS.json,\nAWSLambda.json, AmazonEKS.json, AWSELB.json, AmazonApiGateway.json and (optional)\nAWSAppRunner.json; the CSV form (`AmazonEC2.csv`, …) is read too. docs/pricing-import.md gives\nthe curl command for each."
    )]
    Import(ImportArgs),

    /// Which prices changed between two pricing tables (files or directories of them), by how much
    #[command(
        after_help = "Examples:\n  runwhere pricing diff pricing/us-east-1.toml my-pricing/us-east-1.toml\n  runwhere pricing diff pricing/ my-pricing/"
    )]
    Diff {
        /// The old table (`<region>.toml`) or directory of tables
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The new table or directory of tables
        #[arg(value_name = "NEW")]
        new: PathBuf,
    },

    /// Check a directory of pricing tables (`<region>.toml`): every price present or listed as
    /// missing with a reason, sources cited, instance specs complete
    Check {
        /// The directory of `*.toml` pricing tables
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The AWS region to import (`us-east-1`)
    #[arg(long, value_name = "REGION")]
    pub region: String,

    /// The directory holding the offer files (`AmazonEC2.json`, …)
    #[arg(long, value_name = "DIR")]
    pub offers: PathBuf,

    /// Write the table to PATH (`<region>.toml`), or into the directory PATH (created if need be)
    /// [default: `./<region>.toml`]
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,

    /// Keep every instance type of the EC2 offer, not only those runwhere's tables list
    #[arg(long)]
    pub all_instances: bool,
}

pub(super) fn run(command: &PricingCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        PricingCommand::List { pricing_dir } => list(pricing_dir.as_deref(), out),
        PricingCommand::Show {
            region,
            pricing_dir,
        } => show(region, pricing_dir.as_deref(), out),
        PricingCommand::Import(args) => import(args, out),
        PricingCommand::Check { dir } => check(dir, out),
        PricingCommand::Diff { old, new } => diff(old, new, out),
    }
}

fn output_path(args: &ImportArgs) -> PathBuf {
    let file = format!("{}.toml", args.region);
    match &args.output {
        // A directory, existing or not (`-o my-pricing/`): the table goes inside it.
        Some(p) if p.is_dir() || p.extension().is_none_or(|e| e != "toml") => p.join(file),
        Some(p) => p.clone(),
        None => PathBuf::from(file),
    }
}

fn import(args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let path = output_path(args);
    // The loader requires a table's file name to be its region.
    if path.file_name() != Some(std::ffi::OsStr::new(&format!("{}.toml", args.region))) {
        return Err(Error::Usage(format!(
            "a table for `{}` must be named `{}.toml`, not `{}`",
            args.region,
            args.region,
            path.display()
        )));
    }
    // Refuse before reading gigabytes; the write checks again, atomically.
    let existing = crate::output::file::Existing::replace_if(args.force);
    crate::output::file::check_output(&path, existing)?;
    let files = OfferFiles::locate(&args.offers)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let bar = bytes_bar(files.total_bytes());
    let options = ImportOptions {
        region: args.region.clone(),
        all_instances: args.all_instances,
    };
    let result = import::import(&options, &files, &|n| bar.set_position(n));
    bar.finish_and_clear();
    let imported = result?;
    crate::output::file::write_file(&path, imported.text.as_bytes(), existing)?;
    write(out, &crate::report::pricing::imported(&path, &imported))
}

/// A byte-count bar on stderr when it is a terminal; hidden otherwise.
fn bytes_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "reading offer files {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

fn catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::bundled(),
    }
}

/// Every table of `catalog`, parsed and checked (on first use).
fn all(catalog: &Catalog) -> Result<Vec<&crate::pricing::Prices>> {
    catalog
        .regions()
        .into_iter()
        .map(|r| catalog.region(r))
        .collect()
}

fn list(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let catalog = catalog(dir)?;
    let tables = all(&catalog)?;
    let today = crate::engine::advisor::today();
    let text = crate::report::pricing::list(&tables, catalog.origin(), today, table_style());
    write(out, &text)
}

fn show(region: &str, dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let catalog = catalog(dir)?;
    let p = catalog.region(region)?;
    write(
        out,
        &crate::report::pricing::show(p, catalog.origin(), table_style()),
    )
}

fn check(dir: &Path, out: &mut dyn Write) -> Result<()> {
    // `region` parses and checks each table (if not done yet), reporting its problems.
    let catalog = Catalog::from_dir(dir)?;
    write(out, &crate::report::pricing::check(&all(&catalog)?))
}

/// The tables in `path`: a directory of them, or one `<region>.toml` (through the same loader and
/// checks, its catalogue read relative to the file's directory).
fn tables(path: &Path) -> Result<Catalog> {
    if path.is_dir() {
        return Catalog::from_dir(path);
    }
    Catalog::from_file(path)
}

fn diff(old: &Path, new: &Path, out: &mut dyn Write) -> Result<()> {
    let (a, b) = (tables(old)?, tables(new)?);
    let common: Vec<&str> = a
        .regions()
        .into_iter()
        .filter(|r| b.get(r).is_some())
        .collect();
    if common.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` ({}) and `{}` ({}) have no region in common",
            old.display(),
            a.regions().join(", "),
            new.display(),
            b.regions().join(", ")
        )));
    }
    let pairs = common
        .into_iter()
        .map(|region| {
            Ok((
                a.region(region)?.full_table(),
                b.region(region)?.full_table(),
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    write(out, &crate::report::pricing::diff(&pairs))
}
