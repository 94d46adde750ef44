//! `runwhere pricing …`: list and show the pricing tables in use (`list`, `show`), build one from
//! AWS Price List offer files (`import`), check a directory of tables (`check`) and compare two
//! (`diff`).

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
    let existing = crate::fsutil::Existing::replace_if(args.force);
    crate::fsutil::check_output(&path, existing)?;
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
    crate::fsutil::write_file(&path, imported.text.as_bytes(), existing)?;
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

fn catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::bundled(),
    }
}

/// Days since `as_of`, for the age column.
fn age_days(as_of: &str) -> Option<i64> {
    let today = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs(),
    )
    .ok()?
        / 86_400;
    let today = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map_or(today, |s| s.div_euclid(86_400));
    Some(today - crate::advisor::days_from_date(as_of)?)
}

fn list(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let catalog = catalog(dir)?;
    let mut t = crate::report::table::new_table(super::commands::table_style());
    t.set_header(vec![
        "Region",
        "Name",
        "Prices as of",
        "Age",
        "Instance types",
        "Missing prices",
        "Sources",
    ]);
    for region in catalog.regions() {
        let p = catalog.region(region)?;
        let age = age_days(&p.table.as_of).map_or_else(String::new, |d| {
            let stale = if d > crate::advisor::STALE_AFTER_DAYS {
                " (stale)"
            } else {
                ""
            };
            format!("{d} days{stale}")
        });
        t.add_row(vec![
            region.to_owned(),
            p.table.name.clone(),
            p.table.as_of.clone(),
            age,
            format!("{} of {}", p.instances.len(), p.table.ec2.instances.len()),
            (missing_count(&p.table) + p.unpriced_instances.len()).to_string(),
            p.table.sources.len().to_string(),
        ]);
    }
    write(
        out,
        &format!(
            "{t}\npricing tables: {}; `runwhere pricing show REGION` for one in full\n",
            catalog.origin()
        ),
    )
}

fn show(region: &str, dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    use std::fmt::Write as _;

    let catalog = catalog(dir)?;
    let p = catalog.region(region)?;
    let t = &p.table;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} ({}), prices as of {} · {}",
        t.region,
        t.name,
        t.as_of,
        catalog.origin()
    );
    let _ = writeln!(o, "\nSources:");
    for (id, text) in &t.sources {
        let _ = writeln!(o, "  {id:<10} {text}");
    }
    let price = |v: Option<f64>| v.map_or_else(|| "missing".to_owned(), |x| format!("${x}"));
    let tiers = |ts: &[crate::pricing::Tier]| {
        if ts.is_empty() {
            return "missing".to_owned();
        }
        ts.iter()
            .map(|tier| match tier.up_to {
                Some(up) => format!(
                    "${} up to {}",
                    tier.price,
                    crate::report::breakeven::human(up)
                ),
                None => format!("${} above", tier.price),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let f = &t.fargate;
    let l = &t.lambda;
    let a = &t.app_runner;
    let lb = &t.load_balancer;
    let rows: Vec<(&str, String)> = vec![
        (
            "Fargate x86 vCPU-hour / GB-hour",
            format!("{} / {}", price(f.x86_vcpu_hour), price(f.x86_gb_hour)),
        ),
        (
            "Fargate ARM vCPU-hour / GB-hour",
            format!("{} / {}", price(f.arm_vcpu_hour), price(f.arm_gb_hour)),
        ),
        (
            "Fargate storage GB-hour (above 20 GB)",
            price(f.storage_gb_hour),
        ),
        (
            "Fargate Spot x86 vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.spot_x86_vcpu_hour),
                price(f.spot_x86_gb_hour)
            ),
        ),
        ("Lambda per 1M requests", price(l.request_per_million)),
        ("Lambda x86 GB-second", tiers(&l.x86_gb_second)),
        ("Lambda Arm GB-second", tiers(&l.arm_gb_second)),
        (
            "App Runner active vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(a.active_vcpu_hour),
                price(a.active_gb_hour)
            ),
        ),
        (
            "App Runner provisioned GB-hour",
            price(a.provisioned_gb_hour),
        ),
        (
            "EKS cluster-hour (standard / extended)",
            format!(
                "{} / {}",
                price(t.eks.cluster_hour),
                price(t.eks.extended_cluster_hour)
            ),
        ),
        (
            "ALB hour / LCU-hour",
            format!("{} / {}", price(lb.alb_hour), price(lb.alb_lcu_hour)),
        ),
        (
            "NLB hour / NLCU-hour",
            format!("{} / {}", price(lb.nlb_hour), price(lb.nlb_lcu_hour)),
        ),
        (
            "API Gateway HTTP API per 1M",
            tiers(&t.api_gateway.http_per_million),
        ),
        (
            "EC2 Spot (observed)",
            t.spot.ec2.as_ref().map_or_else(
                || "missing".to_owned(),
                |s| {
                    format!(
                        "{} at {:.0}% of On-Demand",
                        s.instance_type,
                        s.factor() * 100.0
                    )
                },
            ),
        ),
    ];
    let _ = writeln!(o, "\nService prices (USD):");
    for (name, value) in rows {
        let _ = writeln!(o, "  {name:<40} {value}");
    }
    let sections = t.missing_by_section();
    let missing: Vec<String> = sections
        .iter()
        .flat_map(|(section, m)| {
            m.iter()
                .map(move |(k, why)| format!("  {section}.{k}: {why}"))
        })
        .chain(
            p.unpriced_instances
                .iter()
                .map(|m| format!("  {}: {}", m.key, m.reason)),
        )
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(o, "\nMissing (never priced as zero):");
        for m in missing {
            let _ = writeln!(o, "{m}");
        }
    }
    let mut inst = crate::report::table::new_table(super::commands::table_style());
    inst.set_header(vec![
        "Instance type",
        "Family",
        "Arch",
        "vCPU",
        "GiB",
        "GPUs",
        "On-Demand/hour",
    ]);
    for (name, row) in &t.ec2.instances {
        inst.add_row(vec![
            name.clone(),
            row.family.clone(),
            row.arch.clone(),
            crate::cost::trim_count(row.vcpu),
            crate::cost::trim_count(row.memory_gib),
            row.gpus.to_string(),
            row.hourly
                .map_or_else(|| "missing".to_owned(), |h| format!("${h}")),
        ]);
    }
    let _ = writeln!(o, "\nEC2 instance types:\n{inst}");
    write(out, &o)
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
    t.missing_by_section().iter().map(|(_, m)| m.len()).sum()
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
