//! One function per subcommand: load → engine → render → write.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use super::{EngineArgs, ExplainArgs, Format, RecommendArgs};
use crate::advisor::Options;
use crate::batch;
use crate::error::{Error, Result};
use crate::progress;
use crate::rank::Ranking;
use crate::report::{Report, json, table};
use crate::rules::{Effect, RuleSet, SourceKind};
use crate::source::SourceFile;

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

pub(super) fn read_source(path: &Path) -> Result<SourceFile> {
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

pub(super) fn options(args: &EngineArgs) -> Options {
    Options {
        region: args.region.clone(),
        prefer: args.prefer.into(),
        overrides: args.set.clone(),
    }
}

/// Loads the workload, prices and rules, and ranks.
fn ranking(file: &Path, args: &EngineArgs) -> Result<(Ranking, RuleSet)> {
    let advisor = args.data.advisor()?;
    let source = read_source(file)?;
    let ranking = advisor.rank_source(&source, &options(args))?;
    Ok((ranking, advisor.rules))
}

pub(super) fn recommend(args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let single = match args.files.as_slice() {
        [one] => !one.is_dir() && args.format != Format::Csv,
        _ => false,
    };
    if single {
        let (ranking, _) = ranking(&args.files[0], &args.engine)?;
        let report = Report::new(&ranking);
        let text = match args.format {
            Format::Json => json::render(&report),
            Format::Table | Format::Csv => table::render(&report, table_style()),
        };
        return write(out, &text);
    }
    recommend_many(args, out)
}

/// Several files or directories: one row per workload; failures reported at the end.
fn recommend_many(args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let advisor = args.engine.data.advisor()?;
    let files = batch::collect_files(&args.files)?;
    let bar = progress::bar(files.len() as u64, "ranking");
    let results = batch::run(&advisor, &files, &options(&args.engine), &|| bar.inc(1));
    bar.finish_and_clear();
    let results: Vec<_> = files.into_iter().zip(results).collect();
    let text = match args.format {
        Format::Table => crate::report::batch::table(&results, table_style()),
        Format::Json => crate::report::batch::json(&results),
        Format::Csv => crate::report::batch::csv(&results),
    };
    write(out, &text)?;
    let total = results.len();
    let failures: Vec<_> = results
        .into_iter()
        .filter_map(|(p, r)| r.err().map(|e| (p, e)))
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Batch { total, failures })
    }
}

pub(super) fn explain(args: &ExplainArgs, out: &mut dyn Write) -> Result<()> {
    let (ranking, rules) = ranking(&args.file, &args.engine)?;
    write(out, &super::explain::render(&ranking, &rules, args.service))
}

pub(super) fn rules_list(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let rules = rules(dir)?;
    // Rule conditions are long: a wider table than usual when not on a terminal.
    let style = table_style();
    let mut t = table::new_table(table::TableStyle {
        width: style.width.map(|w| w.max(160)),
    });
    t.set_header(vec!["Rule", "Effect", "Services", "When", "Kind", "Source"]);
    // The source documents' rules first, then those citing AWS's own pages: kept apart.
    let mut listed: Vec<&crate::rules::Rule> = rules.rules.iter().collect();
    listed.sort_by_key(|r| r.source.kind != SourceKind::Document);
    for r in listed {
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
            r.source.kind.as_str().to_owned(),
            r.source.to_string(),
        ]);
    }
    // Rule ids never wrap: they are what `rules show` and `explain` take.
    let longest = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(4);
    if let Some(column) = t.column_mut(0) {
        column.set_constraint(comfy_table::ColumnConstraint::Absolute(
            comfy_table::Width::Fixed(u16::try_from(longest + 2).unwrap_or(u16::MAX)),
        ));
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
    let aws = rules
        .rules
        .iter()
        .filter(|r| r.source.kind == SourceKind::AwsDocs)
        .count();
    format!(
        "{} rules ({} exclude, {} points, {} notes; {} cite the source documents, {aws} AWS's own pages), {} facts, a flowchart of {} nodes, from {}",
        rules.rules.len(),
        count("exclude"),
        count("points"),
        count("note"),
        rules.rules.len() - aws,
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

pub(super) fn breakeven(args: &super::BreakevenArgs, out: &mut dyn Write) -> Result<()> {
    use super::SweepFormat;
    use crate::report::breakeven;

    let Some(param) = crate::sweep::param(&args.vary) else {
        let names: Vec<&str> = crate::sweep::PARAMS.iter().map(|p| p.path).collect();
        let hint = match crate::diagnostic::suggest(&args.vary, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("one of {}", names.join(", ")),
        };
        return Err(Error::Usage(format!(
            "`--vary {}` is not a value that can vary: {hint}",
            args.vary
        )));
    };
    let from = args.from.unwrap_or(param.from);
    let to = args.to.unwrap_or(param.to);
    if from.partial_cmp(&to) != Some(std::cmp::Ordering::Less) {
        return Err(Error::Usage(format!(
            "`--from {from}` must be below `--to {to}`"
        )));
    }
    if param.log && from <= 0.0 {
        return Err(Error::Usage(format!(
            "`{}` varies in logarithmic steps, so `--from` must be above 0",
            param.path
        )));
    }
    let advisor = args.engine.data.advisor()?;
    let source = read_source(&args.file)?;
    let options = options(&args.engine);
    let workload = advisor.workload(&source, &options)?;
    crate::sweep::set(&mut workload.clone(), param, from).map_err(Error::Usage)?;
    // Both ends go through the same checks as a value in the file. The longest request follows a
    // mean that outgrows it, as it does during the sweep.
    for end in [from, to] {
        let mut checked = options.clone();
        let value = if param.integer {
            format!("{}", end.round())
        } else {
            format!("{end:?}")
        };
        checked.overrides.push(crate::workload::Override {
            path: param.path.to_owned(),
            value,
        });
        let max = workload
            .traffic
            .as_ref()
            .map_or(0.0, |t| t.max_duration_min);
        if param.path == "traffic.avg_duration_ms" && max * 60_000.0 < end {
            checked.overrides.push(crate::workload::Override {
                path: "traffic.max_duration_min".to_owned(),
                value: format!("{:?}", end / 60_000.0),
            });
        }
        advisor.workload(&source, &checked)?;
    }
    let sweep = crate::sweep::sweep(
        &advisor,
        &workload,
        param,
        from,
        to,
        args.points as usize,
        options.prefer,
    )?;
    let title = format!(
        "{} · {} · prices as of {}",
        workload.name,
        workload.region,
        advisor.prices(&workload)?.table.as_of
    );
    let text = match args.format {
        SweepFormat::Table => breakeven::table(&sweep, &title),
        SweepFormat::Json => breakeven::json(&sweep),
        SweepFormat::Csv => breakeven::csv(&sweep),
        SweepFormat::Svg => breakeven::svg(
            &sweep,
            &format!("{}: monthly cost by {}", workload.name, param.path),
        ),
    };
    match &args.output {
        Some(path) => crate::fsutil::write_atomic(path, text.as_bytes()),
        None => write(out, &text),
    }
}

pub(super) fn diff(args: &super::DiffArgs, out: &mut dyn Write) -> Result<()> {
    let advisor = args.engine.data.advisor()?;
    let b_options = options(&args.engine);
    let a_options = Options {
        overrides: Vec::new(),
        ..b_options.clone()
    };
    let a_source = read_source(&args.a)?;
    let a = advisor.rank_source(&a_source, &a_options)?;
    let b_source = match &args.b {
        Some(path) => read_source(path)?,
        None => a_source.clone(),
    };
    let b = advisor.rank_source(&b_source, &b_options)?;
    let sets: Vec<String> = args
        .engine
        .set
        .iter()
        .map(|o| format!("--set {}={}", o.path, o.value))
        .collect();
    let label_b = match (&args.b, sets.is_empty()) {
        (Some(p), true) => p.display().to_string(),
        (Some(p), false) => format!("{} {}", p.display(), sets.join(" ")),
        (None, _) => format!("{} {}", args.a.display(), sets.join(" ")),
    };
    let label_a = args.a.display().to_string();
    let d = crate::diff::diff(&a, &b);
    let text = match args.format {
        super::DiffFormat::Table => {
            crate::report::diff::table(&d, &a, &b, (&label_a, &label_b), table_style())
        }
        super::DiffFormat::Json => crate::report::diff::json(&d, &a, &b, (&label_a, &label_b)),
    };
    write(out, &text)
}

pub(super) fn rules_show(id: &str, dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    use std::fmt::Write as _;

    let rules = rules(dir)?;
    let Some(rule) = rules.rule(id) else {
        let hint = crate::diagnostic::suggest(id, rules.rules.iter().map(|r| r.id.as_str()))
            .map_or_else(
                || " (`runwhere rules list` shows them all)".to_owned(),
                |s| format!(" (did you mean `{s}`?)"),
            );
        return Err(Error::Usage(format!("no rule `{id}`{hint}")));
    };
    let mut o = String::new();
    let effect = match rule.effect {
        Effect::Exclude => "exclude (a hard rule: the service cannot run the workload)".to_owned(),
        Effect::Points(p) => format!("{} fit points (a soft rule)", table::signed(p)),
        Effect::Note => "note (a warning, no points)".to_owned(),
    };
    let services: Vec<&str> = rule.services.iter().map(|s| s.id()).collect();
    let _ = writeln!(o, "{}", rule.id);
    let _ = writeln!(o, "  services: {}", services.join(", "));
    let _ = writeln!(o, "  when:     {}", rule.when_text);
    let _ = writeln!(o, "  effect:   {effect}");
    let _ = writeln!(o, "  reason:   {}", rule.reason);
    if let Some(w) = &rule.warning {
        let _ = writeln!(o, "  warning:  {w}");
    }
    let _ = writeln!(o, "  source:   {}", rule.source);
    for also in &rule.also {
        let _ = writeln!(o, "  also:     {also}");
    }
    let _ = writeln!(o, "  file:     {}", rule.file);
    let used: Vec<&crate::rules::Fact> = rules
        .facts
        .values()
        .filter(|f| rule.when_text.contains(&format!("fact.{}", f.name)))
        .collect();
    if !used.is_empty() {
        let _ = writeln!(o, "  facts:");
        for f in used {
            let _ = writeln!(
                o,
                "    {} = {} {}: {} ({})",
                f.name, f.value, f.unit, f.text, f.source
            );
        }
    }
    write(out, &o)
}
