//! Many workloads at once: every `*.toml` under the given files and directories, ranked in parallel,
//! one summary row each. A file that fails is reported with its error; the others still run.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::engine::advisor::{Advisor, Options};
use crate::engine::gate::{Growth, Limit, top_pick_growth};
use crate::engine::rank::{Entry, Ranking};
use crate::error::{Error, Result};
use crate::input::source::SourceFile;

/// One workload's outcome in a few figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub workload: String,
    pub region: String,
    pub recommendation: Option<(&'static str, f64)>,
    pub runner_up: Option<(&'static str, f64)>,
    /// What runs the workload today, when the file has `[current]`.
    pub current: Option<Today>,
}

/// What runs a workload today (`[current]`) in a few figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Today {
    /// The service it runs on.
    pub service: &'static str,
    /// Today's monthly cost to the cent (the `current` object's `monthly_cost_usd`); `None` when
    /// today's setup cannot run the workload as described.
    pub monthly_cost_usd: Option<f64>,
}

impl Summary {
    pub fn new(r: &Ranking) -> Self {
        let pick = |rank: usize| {
            r.eligible()
                .find(|e| e.rank == Some(rank))
                .map(|e: &Entry| {
                    // The same cents as the detailed output.
                    let cost = e
                        .estimate()
                        .map_or(0.0, crate::cost::Estimate::billed_total);
                    (e.service.id(), cost)
                })
        };
        Self {
            workload: r.workload.name.clone(),
            region: r.region.clone(),
            recommendation: pick(1),
            runner_up: pick(2),
            current: r.current.as_ref().map(|t| Today {
                service: t.given.service.id(),
                monthly_cost_usd: t.billed_total(),
            }),
        }
    }

    /// What the recommendation costs more (or less) than today a month: its `vs_current_usd`.
    pub fn vs_current(&self) -> Option<f64> {
        let top = self.recommendation?.1;
        let today = self.current?.monthly_cost_usd?;
        Some(crate::output::format::cents(top - today))
    }

    /// What the runner-up costs more (or less) than the recommendation.
    pub fn difference(&self) -> Option<f64> {
        match (self.recommendation, self.runner_up) {
            (Some((_, a)), Some((_, b))) => Some(crate::output::format::cents(b - a)),
            _ => None,
        }
    }
}

/// One workload compared in two versions (`diff A B`, or two directories of workloads): its file
/// (relative to the directories), each side's outcome (absent when only one side has the file),
/// and the top pick's cost growth, checked against the gate when one is set.
///
/// With `diff --against current` ([`Versus::Today`]), A is what runs today: the same file's
/// `[current]` as a summary whose recommendation is today's service and cost (none when today's
/// setup cannot run the workload), absent when the file has no `[current]`.
#[derive(Debug)]
pub struct Compared {
    pub file: PathBuf,
    pub a: Option<Result<Summary>>,
    pub b: Option<Result<Summary>>,
    pub growth: Option<Growth>,
    pub versus: Versus,
}

/// What a comparison's first side (A) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versus {
    /// Two versions of a workload: `diff A B`, or A with `--set` overrides.
    Versions,
    /// What runs today (`[current]`) against the top pick: `diff A --against current`.
    Today,
}

impl Versus {
    /// How a list of comparisons was made (two versions when the list is empty).
    pub fn of(compared: &[Compared]) -> Self {
        compared.first().map_or(Self::Versions, |c| c.versus)
    }
}

impl Compared {
    /// Both sides' outcomes, with the growth of the top pick's cost between them.
    pub fn new(
        file: PathBuf,
        a: Option<Result<Summary>>,
        b: Option<Result<Summary>>,
        limit: Option<Limit>,
    ) -> Self {
        let cost = |s: &Option<Result<Summary>>| match s {
            Some(Ok(s)) => s.recommendation.map(|r| r.1),
            _ => None,
        };
        let growth = top_pick_growth(cost(&a), cost(&b), limit);
        Self {
            file,
            a,
            b,
            growth,
            versus: Versus::Versions,
        }
    }

    /// What runs today (the file's `[current]`) against its top pick, the top pick's cost above
    /// today's checked against the gate. Both costs are the ones `recommend --format json` gives
    /// (`current.monthly_cost_usd` and the top pick's), so the change is its `vs_current_usd`.
    pub fn today(file: PathBuf, ranked: Result<Summary>, limit: Option<Limit>) -> Self {
        let a = match &ranked {
            Ok(s) => s.current.map(|t| {
                Ok(Summary {
                    workload: s.workload.clone(),
                    region: s.region.clone(),
                    recommendation: t.monthly_cost_usd.map(|c| (t.service, c)),
                    runner_up: None,
                    current: Some(t),
                })
            }),
            Err(_) => None,
        };
        Self {
            versus: Versus::Today,
            ..Self::new(file, a, Some(ranked), limit)
        }
    }

    /// The status this pair ends with beyond success, in spec §5's terms: a file that failed on
    /// either side (its error), no eligible service on B (3), or the gate (4).
    pub fn into_failure(self) -> Option<(PathBuf, Error)> {
        let Self {
            file,
            a,
            b,
            growth,
            versus,
        } = self;
        if let Some(Err(e)) = a {
            return Some((file, e));
        }
        let failure = match b? {
            Err(e) => e,
            Ok(s) if s.recommendation.is_none() => Error::NoEligibleService {
                workload: s.workload,
            },
            Ok(s) => {
                let g = growth.filter(|g| g.failed)?;
                let (before, after) = (
                    crate::output::format::usd(g.before),
                    crate::output::format::usd(g.after),
                );
                Error::CostGrowth {
                    workload: s.workload,
                    growth: match versus {
                        Versus::Versions => {
                            format!(
                                "costs {after} a month, up from {before} ({})",
                                g.change_text()
                            )
                        }
                        Versus::Today => format!(
                            "costs {after} a month against {before} today ({})",
                            g.change_text()
                        ),
                    },
                    limit: g.limit.map(|l| l.to_string()).unwrap_or_default(),
                }
            }
        };
        Some((file, failure))
    }
}

/// A workload file's path relative to the directories compared, and its file on each side.
pub type Pair = (PathBuf, Option<PathBuf>, Option<PathBuf>);

/// The workload files of two directories (two versions of the same workloads), matched by their
/// path relative to each directory, in order; a file on one side only is paired with nothing.
///
/// # Errors
/// A directory that cannot be read.
pub fn pairs(a: &Path, b: &Path) -> Result<Vec<Pair>> {
    let relative = |root: &Path| -> Result<Vec<(PathBuf, PathBuf)>> {
        Ok(collect_files(&[root.to_path_buf()])?
            .into_iter()
            .map(|p| (p.strip_prefix(root).unwrap_or(&p).to_path_buf(), p))
            .collect())
    };
    let mut all: std::collections::BTreeMap<PathBuf, (Option<PathBuf>, Option<PathBuf>)> =
        std::collections::BTreeMap::new();
    for (rel, path) in relative(a)? {
        all.entry(rel).or_default().0 = Some(path);
    }
    for (rel, path) in relative(b)? {
        all.entry(rel).or_default().1 = Some(path);
    }
    Ok(all.into_iter().map(|(rel, (a, b))| (rel, a, b)).collect())
}

/// Ranks both sides of every pair on all cores (`a` with `a_options`, `b` with `b_options`) and
/// compares them; `tick` is called once per pair done.
pub fn compare(
    advisor: &Advisor,
    pairs: &[Pair],
    options: (&Options, &Options),
    limit: Option<Limit>,
    tick: &(dyn Fn() + Sync),
) -> Vec<Compared> {
    let one = |path: &Option<PathBuf>, o: &Options| {
        path.as_ref().map(|p| {
            SourceFile::read(p)
                .and_then(|source| advisor.rank_source(&source, o))
                .map(|r| Summary::new(&r))
        })
    };
    pairs
        .par_iter()
        .map(|(file, a, b)| {
            let c = Compared::new(file.clone(), one(a, options.0), one(b, options.1), limit);
            tick();
            c
        })
        .collect()
}

/// Ranks every file on all cores and compares what runs it today (`[current]`) with its top pick;
/// `tick` is called once per file done.
pub fn compare_today(
    advisor: &Advisor,
    files: &[(PathBuf, PathBuf)],
    options: &Options,
    limit: Option<Limit>,
    tick: &(dyn Fn() + Sync),
) -> Vec<Compared> {
    files
        .par_iter()
        .map(|(file, path)| {
            let ranked = SourceFile::read(path)
                .and_then(|source| advisor.rank_source(&source, options))
                .map(|r| Summary::new(&r));
            let c = Compared::today(file.clone(), ranked, limit);
            tick();
            c
        })
        .collect()
}

/// Every workload file named, with directories searched (recursively) for `*.toml`, in order.
///
/// # Errors
/// A directory that cannot be read.
pub fn collect_files(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for arg in args {
        if arg.is_dir() {
            walk(arg, &mut out, &mut seen)?;
        } else {
            out.push(arg.clone());
        }
    }
    Ok(out)
}

/// What a directory walk has visited, by canonical path: a directory reached again through a
/// link (`self -> .`, or two links to each other) is not walked again, and a file reached twice
/// is ranked once.
#[derive(Default)]
struct Seen {
    dirs: std::collections::HashSet<PathBuf>,
    files: std::collections::HashSet<PathBuf>,
}

impl Seen {
    /// Whether `path` is new (a path that cannot be resolved counts as new, to be reported).
    fn first(set: &mut std::collections::HashSet<PathBuf>, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Ok(real) => set.insert(real),
            Err(_) => true,
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut Seen) -> Result<()> {
    if !Seen::first(&mut seen.dirs, dir) {
        return Ok(());
    }
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(read_err)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out, seen)?;
        } else if path.extension().is_some_and(|e| e == "toml")
            && Seen::first(&mut seen.files, &path)
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Ranks every file on all cores; `tick` is called once per file done (for a progress bar).
pub fn run(
    advisor: &Advisor,
    files: &[PathBuf],
    options: &Options,
    tick: &(dyn Fn() + Sync),
) -> Vec<Result<Summary>> {
    files
        .par_iter()
        .map(|path| {
            let result = SourceFile::read(path)
                .and_then(|source| advisor.rank_source(&source, options))
                .map(|r| Summary::new(&r));
            tick();
            result
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: one `self -> .` link ranked a file 41 times; two made the walk exponential.
    #[cfg(unix)]
    #[test]
    fn directory_links_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/w.toml"), "").unwrap();
        std::os::unix::fs::symlink(".", root.join("self")).unwrap();
        std::os::unix::fs::symlink("..", root.join("a/up")).unwrap();
        std::os::unix::fs::symlink("a", root.join("b")).unwrap();
        std::os::unix::fs::symlink("w.toml", root.join("a/again.toml")).unwrap();
        let files = collect_files(&[root.to_path_buf()]).unwrap();
        assert_eq!(files, vec![root.join("a/again.toml")], "{files:?}");
    }
}
