//! One function per subcommand: load → engine → render → write.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::{EngineArgs, ExplainArgs, Format, RecommendArgs};
use crate::error::{Error, Result};
use crate::pricing::Catalog;
use crate::rank::Ranking;
use crate::report::{Report, json, table};
use crate::rules::{Effect, RuleSet};
use crate::source::SourceFile;
use crate::workload::Workload;

/// The terminal's width when standard output is a terminal, else a fixed width.
pub(super) fn table_style() -> table::TableStyle {
    if std::io::stdout().is_terminal() {
        table::TableStyle { width: None }
    } else {
        table::TableStyle {
            width: Some(table::PIPE_WIDTH),
        }
    }
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

fn rules(dir: Option<&Path>) -> Result<RuleSet> {
    match dir {
        Some(dir) => RuleSet::from_dir(dir),
        None => RuleSet::bundled(),
    }
}

/// Loads the workload, prices and rules, and ranks.
fn ranking(file: &Path, args: &EngineArgs) -> Result<(Ranking, RuleSet)> {
    let catalog = match &args.pricing_dir {
        Some(dir) => Catalog::from_dir(dir)?,
        None => Catalog::bundled()?,
    };
    let rules = rules(args.rules_dir.as_deref())?;
    let source = read_source(file)?;
    let mut workload = Workload::parse(&source, &catalog.regions())?;
    if let Some(region) = &args.region {
        catalog.region(region)?;
        workload.region.clone_from(region);
    }
    let prices = catalog.region(&workload.region)?;
    let ranking = crate::rank::rank(&workload, prices, &rules, args.prefer.into());
    Ok((ranking, rules))
}

pub(super) fn recommend(args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let (ranking, _) = ranking(&args.file, &args.engine)?;
    let report = Report::new(&ranking);
    let text = match args.format {
        Format::Table => table::render(&report, table_style()),
        Format::Json => json::render(&report),
    };
    write(out, &text)
}

pub(super) fn explain(args: &ExplainArgs, out: &mut dyn Write) -> Result<()> {
    let (ranking, rules) = ranking(&args.file, &args.engine)?;
    write(out, &super::explain::render(&ranking, &rules, args.service))
}

pub(super) fn rules_list(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let rules = rules(dir)?;
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    let style = table_style();
    if let Some(w) = style.width {
        t.force_no_tty();
        t.set_width(w.max(160));
    }
    t.set_header(vec!["Rule", "Effect", "Services", "When", "Source"]);
    for r in &rules.rules {
        let effect = match r.effect {
            Effect::Exclude => "exclude".to_owned(),
            Effect::Points(p) => table::signed(p),
            Effect::Note => "note".to_owned(),
        };
        let services: Vec<&str> = r.services.iter().map(|s| s.id()).collect();
        t.add_row(vec![
            r.id.clone(),
            effect,
            services.join(" "),
            r.when_text.clone(),
            r.source.to_string(),
        ]);
    }
    let summary = summary(&rules);
    write(out, &format!("{t}\n{summary}\n"))
}

fn summary(rules: &RuleSet) -> String {
    let count = |kind: &str| {
        rules
            .rules
            .iter()
            .filter(|r| r.effect.kind() == kind)
            .count()
    };
    format!(
        "{} rules ({} exclude, {} points, {} notes), {} facts, a flowchart of {} nodes, from {}",
        rules.rules.len(),
        count("exclude"),
        count("points"),
        count("note"),
        rules.facts.len(),
        rules.flowchart.nodes.len(),
        rules.origin
    )
}

pub(super) fn rules_check(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let rules = rules(dir)?;
    write(out, &format!("ok: {}\n", summary(&rules)))
}

pub(super) fn write(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })
}
