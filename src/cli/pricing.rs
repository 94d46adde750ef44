//! `runwhere pricing …`: build a pricing table from AWS Price List offer files (`import`) and
//! check a directory of tables (`check`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::commands::write;
use crate::error::{Error, Result};
use crate::pricing::Catalog;
use crate::pricing::import::{self, ImportOptions, OfferFiles};

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
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
    if !args.force && path.symlink_metadata().is_ok() {
        return Err(Error::OutputExists { path });
    }
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
    if args.force {
        crate::fsutil::write_atomic(&path, imported.text.as_bytes())?;
    } else {
        crate::fsutil::write_atomic_new(&path, imported.text.as_bytes())?;
    }
    let mut text = format!(
        "wrote {}: {} prices as of {}, from {} offer files ({})\n",
        path.display(),
        imported.region,
        imported.as_of,
        imported.offers.len(),
        imported
            .offers
            .iter()
            .map(|(code, version)| format!("{code} {version}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    text.push_str(&format!(
        "  ec2: {} of {} instance types priced\n",
        imported.instances_priced, imported.instances_listed
    ));
    if imported.instances_skipped > 0 {
        text.push_str(&format!(
            "  ec2: {} more instance types skipped (storage-optimized, FPGA, ML accelerators and other families runwhere does not model)\n",
            imported.instances_skipped
        ));
    }
    if let Some(from) = &imported.carried_from {
        text.push_str(&format!(
            "  carried over from {from} (not in the On-Demand offer files): {}\n",
            imported.carried.join(", ")
        ));
    }
    if !imported.missing.is_empty() {
        text.push_str(&format!("  missing ({}):\n", imported.missing.len()));
        for (key, reason) in &imported.missing {
            text.push_str(&format!("    {key}: {reason}\n"));
        }
    }
    write(out, &text)
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

fn check(dir: &Path, out: &mut dyn Write) -> Result<()> {
    let catalog = Catalog::from_dir(dir)?;
    let mut text = String::new();
    for region in catalog.regions() {
        // `region` parses and checks the table (if not done yet), reporting its problems.
        let p = catalog.region(region)?;
        text.push_str(&format!(
            "ok: {region} ({}), as of {}: {} instance types priced, {} prices listed as missing\n",
            p.table.name,
            p.table.as_of,
            p.instances.len(),
            missing_count(&p.table) + p.unpriced_instances.len()
        ));
    }
    write(out, &text)
}

fn missing_count(t: &crate::pricing::PriceTable) -> usize {
    [
        &t.fargate.missing,
        &t.lambda.missing,
        &t.app_runner.missing,
        &t.eks.missing,
        &t.load_balancer.missing,
        &t.api_gateway.missing,
        &t.network.missing,
        &t.spot.missing,
        &t.savings_plan.missing,
        &t.ec2.missing,
    ]
    .iter()
    .map(|m| m.len())
    .sum()
}

/// The tables in `path`: a directory of them, or one `<region>.toml` (loaded through a temporary
/// directory, so it passes the same loader and checks).
fn tables(path: &Path) -> Result<Catalog> {
    if path.is_dir() {
        return Catalog::from_dir(path);
    }
    let dir = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let name = path.file_name().unwrap_or_default();
    let copy = dir.path().join(name);
    std::fs::copy(path, &copy).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Catalog::from_dir(dir.path()).map_err(|e| match e {
        // Point at the user's file, not the temporary copy.
        Error::Invalid(d) => Error::Invalid(crate::diagnostic::Diagnostics(
            d.0.into_iter()
                .map(|mut x| {
                    x.location.file = path.display().to_string();
                    x
                })
                .collect(),
        )),
        other => other,
    })
}

/// A price difference as `+0.04048 (+100.0%)`.
fn change_text(delta: f64, fraction: f64) -> String {
    let d = format!("{delta:+.10}");
    let d = d.trim_end_matches('0').trim_end_matches('.');
    format!("{d} ({:+.1}%)", fraction * 100.0)
}

fn diff(old: &Path, new: &Path, out: &mut dyn Write) -> Result<()> {
    use crate::pricing::import::diff::{Flat, diff as compare};
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
    let show = |f: &Option<Flat>| match f {
        Some(Flat::Price(p)) => format!("{p}"),
        Some(Flat::Missing(_)) => "missing".to_owned(),
        None => "-".to_owned(),
    };
    let mut text = String::new();
    for region in common {
        let (x, y) = (a.region(region)?, b.region(region)?);
        let (changes, same) = compare(&x.table, &y.table);
        text.push_str(&format!(
            "{region}: as of {} -> {}\n",
            x.table.as_of, y.table.as_of
        ));
        let width = changes.iter().map(|c| c.key.len()).max().unwrap_or(0);
        for c in &changes {
            let what = match (c.delta(), &c.new) {
                (Some((d, f)), _) => change_text(d, f),
                (None, Some(Flat::Missing(reason))) => format!("now missing: {reason}"),
                (None, None) => "removed".to_owned(),
                (None, _) => "added".to_owned(),
            };
            text.push_str(&format!(
                "  {:<width$}  {:>12} -> {:<12}  {what}\n",
                c.key,
                show(&c.old),
                show(&c.new),
            ));
        }
        text.push_str(&format!("  {} changed, {same} unchanged\n", changes.len()));
    }
    write(out, &text)
}
