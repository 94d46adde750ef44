//! One function per subcommand: load → engine → render → write.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{EngineArgs, ExplainArgs, Format, RecommendArgs};
use crate::engine::advisor::Options;
use crate::engine::batch;
use crate::engine::rank::Ranking;
use crate::error::{Error, Result};
use crate::input::source::SourceFile;
use crate::output::progress;
use crate::report::{Report, json, table};
use crate::rules::RuleSet;

/// The width tables and wrapped text take: `COLUMNS` when it is set to a width, else the
/// terminal's when standard output is one, else none (piped: [`table::PIPE_WIDTH`], 80, for the
/// ranked table and wrapped text; [`table::WIDE_PIPE_WIDTH`] for the bordered tables).
pub(super) fn table_style() -> table::TableStyle {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w >= MIN_WIDTH);
    let terminal = || {
        let stdout = std::io::stdout();
        stdout
            .is_terminal()
            .then(|| console::Term::stdout().size_checked())
            .flatten()
            .map(|(_, cols)| cols.max(MIN_WIDTH))
    };
    table::TableStyle {
        width: columns.or_else(terminal),
    }
}

/// The narrowest width honoured; below it, text wraps at this width.
const MIN_WIDTH: u16 = 40;

pub(super) fn read_source(path: &Path) -> Result<SourceFile> {
    if path == Path::new("-") {
        SourceFile::from_reader(
            "<stdin>".to_owned(),
            std::io::stdin().lock(),
            crate::input::source::Limit::WORKLOAD,
        )
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
///
/// The price tables and rules are loaded once per process and live until it exits: they are
/// leaked rather than freed, since freeing thousands of small allocations just before exit
/// only costs time (about 4 % of a whole `recommend`).
fn ranking(file: &Path, args: &EngineArgs) -> Result<(Ranking, &'static RuleSet)> {
    let advisor: &'static _ = Box::leak(Box::new(args.data.advisor()?));
    let source = read_source(file)?;
    let ranking = advisor.rank_source(&source, &options(args))?;
    Ok((ranking, &advisor.rules))
}

pub(super) fn recommend(args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let single = match args.files.as_slice() {
        [one] => !one.is_dir() && args.format != Format::Csv,
        _ => false,
    };
    if single {
        let (ranking, _) = ranking(&args.files[0], &args.engine)?;
        let summary = batch::Summary::new(&ranking);
        let text = match args.format {
            Format::Json => json::render(&Report::new(&ranking))?,
            Format::Md => crate::report::summary::recommend(
                &[(args.files[0].clone(), Ok(summary.clone()))],
                args.max_monthly,
            ),
            Format::Table | Format::Csv => {
                table::render(&Report::new(&ranking), table_style(), args.long)
            }
        };
        write(out, &text)?;
        // Printed first, then the status (spec §5).
        return match verdict(&summary, args.max_monthly) {
            Some(e) => Err(e),
            None => Ok(()),
        };
    }
    recommend_many(args, out)
}

/// Several files or directories: one row per workload; failures reported at the end.
fn recommend_many(args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let advisor = args.engine.data.advisor()?;
    let files = batch::collect_files(&args.files)?;
    if files.is_empty() {
        let named: Vec<String> = args
            .files
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(Error::NothingToDo(format!(
            "no workload files (`*.toml`) in {}",
            named.join(", ")
        )));
    }
    let bar = progress::bar(files.len() as u64, "ranking");
    let results = batch::run(&advisor, &files, &options(&args.engine), &|| bar.inc(1));
    bar.finish_and_clear();
    let results: Vec<_> = files.into_iter().zip(results).collect();
    let text = match args.format {
        Format::Table => crate::report::batch::table(&results, table_style()),
        Format::Json => crate::report::batch::json(&results)?,
        Format::Csv => crate::report::batch::csv(&results)?,
        Format::Md => crate::report::summary::recommend(&results, args.max_monthly),
    };
    write(out, &text)?;
    let total = results.len();
    // Every workload without a result (a file that failed, one no service can run) or over a gate.
    let failures: Vec<_> = results
        .into_iter()
        .filter_map(|(p, r)| match r {
            Err(e) => Some((p, e)),
            Ok(s) => verdict(&s, args.max_monthly).map(|e| (p, e)),
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Batch { total, failures })
    }
}

/// A workload's status beyond success (spec §5): no eligible service (3), or a top pick over
/// `--max-monthly` (4).
fn verdict(s: &batch::Summary, max_monthly: Option<f64>) -> Option<Error> {
    match (s.recommendation, max_monthly) {
        (None, _) => Some(Error::NoEligibleService {
            workload: s.workload.clone(),
        }),
        // The cents the output shows, against the budget.
        (Some((id, cost)), Some(limit)) if crate::engine::gate::over_budget(cost, limit) => {
            Some(Error::OverBudget {
                workload: s.workload.clone(),
                service: crate::service::Service::from_id(id)
                    .map_or(id, crate::service::Service::display_name),
                monthly: crate::output::format::usd(cost),
                limit: crate::output::format::usd(limit),
            })
        }
        _ => None,
    }
}

pub(super) fn explain(args: &ExplainArgs, out: &mut dyn Write) -> Result<()> {
    let (ranking, rules) = ranking(&args.file, &args.engine)?;
    write(
        out,
        &crate::report::explain::render(&ranking, rules, args.service),
    )
}

pub(super) fn rules_list(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    write(
        out,
        &crate::report::rules::list(&rules(dir)?, table_style()),
    )
}

pub(super) fn rules_check(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    write(out, &crate::report::rules::check(&rules(dir)?))
}

/// Everything printed on standard output goes through here: control characters in user text
/// cannot reach the terminal.
pub(super) fn write(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(crate::output::escape::terminal(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })
}

pub(super) fn breakeven(args: &super::BreakevenArgs, out: &mut dyn Write) -> Result<()> {
    use super::SweepFormat;
    use crate::report::breakeven;

    let Some(param) = crate::engine::sweep::param(&args.vary) else {
        let names: Vec<&str> = crate::engine::sweep::params().map(|p| p.path).collect();
        let hint = match crate::input::diagnostic::suggest(&args.vary, names.iter().copied()) {
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
    for (flag, v) in [("--from", from), ("--to", to)] {
        if !v.is_finite() {
            return Err(Error::Usage(format!("`{flag} {v}` is not a finite number")));
        }
    }
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
    // Refuse before doing any work; the write checks again, atomically.
    let existing = crate::output::file::Existing::replace_if(args.force);
    if let Some(path) = &args.output {
        crate::output::file::check_output(path, existing)?;
    }
    let advisor = args.engine.data.advisor()?;
    let source = read_source(&args.file)?;
    let options = options(&args.engine);
    let workload = advisor.workload(&source, &options)?;
    crate::engine::sweep::set(&mut workload.clone(), &param, from).map_err(Error::Usage)?;
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
    let sweep = crate::engine::sweep::sweep(
        &advisor,
        &workload,
        &param,
        from,
        to,
        args.points as usize,
        options.prefer,
    )?;
    let as_of = &advisor.prices(&workload)?.table.as_of;
    let title = breakeven::table_title(&workload.name, &workload.region, as_of);
    let text = match args.format {
        SweepFormat::Table => breakeven::table(&sweep, &title),
        SweepFormat::Json => breakeven::json(&sweep)?,
        SweepFormat::Csv => breakeven::csv(&sweep)?,
        SweepFormat::Svg => {
            breakeven::svg(&sweep, &breakeven::svg_title(&workload.name, param.path))
        }
    };
    let text = crate::output::escape::terminal(&text);
    match &args.output {
        Some(path) => crate::output::file::write_file(path, text.as_bytes(), existing),
        None => write(out, &text),
    }
}

pub(super) fn diff(args: &super::DiffArgs, out: &mut dyn Write) -> Result<()> {
    if args.against == Some(super::Against::Current) {
        return diff_against_current(args, out);
    }
    if args.a.is_dir() || args.b.as_ref().is_some_and(|b| b.is_dir()) {
        return diff_many(args, out);
    }
    let advisor = args.engine.data.advisor()?;
    let b_options = options(&args.engine);
    let a_options = Options {
        overrides: Vec::new(),
        ..b_options.clone()
    };
    let a_source = read_source(&args.a)?;
    let a = advisor.rank_source(&a_source, &a_options)?;
    if args.b.is_none() && args.engine.set.is_empty() {
        return Err(nothing_to_compare(&args.a));
    }
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
    let d = crate::engine::diff::diff(&a, &b);
    let compared = batch::Compared::new(
        args.b.clone().unwrap_or_else(|| args.a.clone()),
        Some(Ok(batch::Summary::new(&a))),
        Some(Ok(batch::Summary::new(&b))),
        args.fail_above,
    );
    let labels = (label_a.as_str(), label_b.as_str());
    let text = match args.format {
        super::DiffFormat::Table => {
            crate::report::diff::table(&d, &a, &b, labels, compared.growth.as_ref(), table_style())
        }
        super::DiffFormat::Json => {
            crate::report::diff::json(&d, &a, &b, labels, compared.growth.as_ref())?
        }
        super::DiffFormat::Md => {
            crate::report::summary::diff(std::slice::from_ref(&compared), args.fail_above)
        }
    };
    one_diff(out, &text, compared)
}

/// `diff FILE --against current`: what runs today (`[current]`) against the top pick, every line
/// item of both sides, and the gate on the difference. A directory: one row per workload file.
fn diff_against_current(args: &super::DiffArgs, out: &mut dyn Write) -> Result<()> {
    if args.a.is_dir() {
        return diff_many_today(args, out);
    }
    let (ranking, _) = ranking(&args.a, &args.engine)?;
    if ranking.current.is_none() {
        return Err(Error::Usage(format!(
            "`--against current` compares what runs today with the top pick, and `{}` has no `[current]` table; add one (`service = \"ec2\"`, `instance_type`, `instances`, …; see docs/workload-format.md) or name a second file to compare with",
            args.a.display()
        )));
    }
    let compared = batch::Compared::today(
        args.a.clone(),
        Ok(batch::Summary::new(&ranking)),
        args.fail_above,
    );
    let growth = compared.growth.as_ref();
    let text = match args.format {
        super::DiffFormat::Table => {
            crate::report::diff::against_current_table(&ranking, growth, table_style())
        }
        super::DiffFormat::Json => crate::report::diff::against_current_json(&ranking, growth)?,
        super::DiffFormat::Md => {
            crate::report::summary::diff(std::slice::from_ref(&compared), args.fail_above)
        }
    };
    one_diff(out, &text, compared)
}

/// `diff DIR --against current`: every workload file's `[current]` against its top pick, one row
/// each, the gate per file; files without `[current]` are listed, not compared.
fn diff_many_today(args: &super::DiffArgs, out: &mut dyn Write) -> Result<()> {
    let files: Vec<(PathBuf, PathBuf)> = batch::collect_files(std::slice::from_ref(&args.a))?
        .into_iter()
        .map(|p| (p.strip_prefix(&args.a).unwrap_or(&p).to_path_buf(), p))
        .collect();
    if files.is_empty() {
        return Err(Error::NothingToDo(format!(
            "no workload files (`*.toml`) in `{}`",
            args.a.display()
        )));
    }
    let advisor = args.engine.data.advisor()?;
    let bar = progress::bar(files.len() as u64, "comparing");
    let compared = batch::compare_today(
        &advisor,
        &files,
        &options(&args.engine),
        args.fail_above,
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    // A directory where no workload says what runs it today: nothing to compare.
    let ranked_without_today = |c: &batch::Compared| c.a.is_none() && matches!(c.b, Some(Ok(_)));
    if compared.iter().all(ranked_without_today) {
        return Err(Error::Usage(format!(
            "`--against current` compares what runs today with the top pick, and no workload file in `{}` has a `[current]` table",
            args.a.display()
        )));
    }
    many_diffs(out, compared, args)
}

fn nothing_to_compare(a: &Path) -> Error {
    Error::NothingToDo(format!(
        "no second file and no `--set` to compare `{}` with; name a second file (`runwhere diff A.toml B.toml`) or change a field (`--set PATH=VALUE`)",
        a.display()
    ))
}

/// `diff DIR_A DIR_B`: every workload file of A against the file at the same relative path in B
/// (or, with one directory, against itself with the `--set` overrides); one row each, the gate
/// per file.
fn diff_many(args: &super::DiffArgs, out: &mut dyn Write) -> Result<()> {
    let pairs = match &args.b {
        Some(b) if args.a.is_dir() && b.is_dir() => batch::pairs(&args.a, b)?,
        None if args.engine.set.is_empty() => return Err(nothing_to_compare(&args.a)),
        None => batch::collect_files(std::slice::from_ref(&args.a))?
            .into_iter()
            .map(|p| {
                let rel = p.strip_prefix(&args.a).unwrap_or(&p).to_path_buf();
                (rel, Some(p.clone()), Some(p))
            })
            .collect(),
        Some(b) => {
            return Err(Error::Usage(format!(
                "`diff` compares two files or two directories, not `{}` with `{}`",
                args.a.display(),
                b.display()
            )));
        }
    };
    if pairs.is_empty() {
        return Err(Error::NothingToDo(format!(
            "no workload files (`*.toml`) in `{}`{}",
            args.a.display(),
            args.b
                .as_ref()
                .map(|b| format!(" or `{}`", b.display()))
                .unwrap_or_default()
        )));
    }
    let advisor = args.engine.data.advisor()?;
    let b_options = options(&args.engine);
    let a_options = Options {
        overrides: Vec::new(),
        ..b_options.clone()
    };
    let bar = progress::bar(pairs.len() as u64, "comparing");
    let compared = batch::compare(
        &advisor,
        &pairs,
        (&a_options, &b_options),
        args.fail_above,
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    many_diffs(out, compared, args)
}

pub(super) fn rules_show(id: &str, dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let rules = rules(dir)?;
    let Some(rule) = rules.rule(id) else {
        let hint = crate::input::diagnostic::suggest(id, rules.rules.iter().map(|r| r.id.as_ref()))
            .map_or_else(
                || " (`runwhere rules list` shows them all)".to_owned(),
                |s| format!(" (did you mean `{s}`?)"),
            );
        return Err(Error::Usage(format!("no rule `{id}`{hint}")));
    };
    write(out, &crate::report::rules::show(rule, &rules))
}

/// Many comparisons written in `args.format`; the failed gates, if any, as the error.
fn many_diffs(
    out: &mut dyn Write,
    compared: Vec<batch::Compared>,
    args: &super::DiffArgs,
) -> Result<()> {
    let text = match args.format {
        super::DiffFormat::Table => {
            crate::report::diff::many_table(&compared, args.fail_above, table_style())
        }
        super::DiffFormat::Json => crate::report::diff::many_json(&compared, args.fail_above)?,
        super::DiffFormat::Md => crate::report::summary::diff(&compared, args.fail_above),
    };
    write(out, &text)?;
    let total = compared.len();
    let failures: Vec<_> = compared
        .into_iter()
        .filter_map(batch::Compared::into_failure)
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Batch { total, failures })
    }
}

/// One comparison's text, printed first, then its gate's status (spec §5).
fn one_diff(out: &mut dyn Write, text: &str, compared: batch::Compared) -> Result<()> {
    write(out, text)?;
    match compared.into_failure() {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}
