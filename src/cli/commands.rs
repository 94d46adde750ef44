//! One function per subcommand: load → engine → render → write.

use std::io::{Read, Write};
use std::path::Path;

use super::{Format, PricingArgs, RecommendArgs};
use crate::error::{Error, Result};
use crate::pricing::Catalog;
use crate::report::{Report, json, table};
use crate::source::SourceFile;
use crate::workload::Workload;

/// The terminal width for tables, when standard output is a terminal.
fn table_style() -> table::TableStyle {
    table::TableStyle::default()
}

fn read_source(path: &Path) -> Result<SourceFile> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(SourceFile::new("<stdin>", text))
    } else {
        SourceFile::read(path)
    }
}

fn catalog(args: &PricingArgs) -> Result<Catalog> {
    match &args.pricing_dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::bundled(),
    }
}

/// Reads a workload and the pricing catalog, applying `--region`.
fn load(file: &Path, args: &PricingArgs) -> Result<(Workload, Catalog)> {
    let catalog = catalog(args)?;
    let source = read_source(file)?;
    let mut workload = Workload::parse(&source, &catalog.regions())?;
    if let Some(region) = &args.region {
        catalog.region(region)?;
        workload.region.clone_from(region);
    }
    Ok((workload, catalog))
}

pub(super) fn recommend(args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let (workload, catalog) = load(&args.file, &args.pricing)?;
    let prices = catalog.region(&workload.region)?;
    let ranking = crate::rank::rank(&workload, prices);
    let report = Report::new(&ranking);
    let text = match args.format {
        Format::Table => table::render(&report, table_style()),
        Format::Json => json::render(&report),
    };
    write(out, &text)
}

fn write(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })
}
