//! A small builder over `assert_cmd`: `Test::new().args([...]).run()`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository root, where `examples/` and `tests/fixtures/` live.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// A fixed "today" for every run of the binary (2026-11-23, in seconds), so the price-age warning
/// never depends on the day tests run; `pricing::bundled_tables_are_fresh_on_the_pinned_date`
/// checks every bundled table's `as_of` against it.
pub(crate) const SOURCE_DATE_EPOCH: &str = "1795392000";

pub(crate) struct Test {
    cmd: Command,
    stdin: Option<String>,
}

pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Test {
    pub(crate) fn new() -> Self {
        let mut cmd = Command::cargo_bin("runwhere").unwrap();
        cmd.current_dir(root());
        cmd.env_remove("RUNWHERE_PRICING_DIR");
        // Piped output is 80 columns wide unless a test sets `COLUMNS`.
        cmd.env_remove("COLUMNS");
        cmd.env("NO_COLOR", "1");
        cmd.env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
        Self { cmd, stdin: None }
    }

    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub(crate) fn arg_path(mut self, path: &Path) -> Self {
        self.cmd.arg(path);
        self
    }

    pub(crate) fn current_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub(crate) fn env(mut self, key: &str, value: &str) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub(crate) fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_owned());
        self
    }

    pub(crate) fn run(mut self) -> Run {
        if let Some(s) = self.stdin.take() {
            self.cmd.write_stdin(s);
        }
        let Output {
            status,
            stdout,
            stderr,
        } = self.cmd.output().unwrap();
        Run {
            status: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    }
}

impl Run {
    #[track_caller]
    pub(crate) fn success(self) -> Self {
        assert_eq!(self.status, 0, "stderr:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub(crate) fn input_error(self) -> Self {
        assert_eq!(
            self.status, 2,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "errors must not write to stdout: {}",
            self.stdout
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}
