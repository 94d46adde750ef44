//! Hostile and odd input (#16): every case exits 0 or 2 with a message, never a signal, a panic,
//! a hang, runaway memory, raw control bytes on a terminal, or a file written where it should not.

use std::path::{Path, PathBuf};

use crate::support::{Test, root};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_runwhere"))
}

/// Runs `runwhere ARGS` under `umask 022` in `dir` through the shell.
fn under_umask_022(dir: &Path, args: &str) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 022 && exec \"$0\" {args}"))
        .arg(bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUNWHERE_PRICING_DIR")
        .output()
        .unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Defect 12: files were created 0600 (the temporary file's mode), and `--force` turned a 0644 file
/// into 0600. Now: 0644 under umask 022 for `report`, `breakeven` and `pricing import`; a
/// replaced file keeps its mode. (The interview's save: `interview::pty`.)
#[cfg(unix)]
#[test]
fn written_files_have_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("examples/web-api.toml");
    let offers = root().join("tests/fixtures/offers/us-east-1");
    let commands = [
        (
            "report.md",
            format!("report {} -o report.md", example.display()),
        ),
        (
            "sweep.csv",
            format!(
                "breakeven {} --vary traffic.requests_per_month -f csv --points 2 -o sweep.csv",
                example.display()
            ),
        ),
        (
            "us-east-1.toml",
            format!(
                "pricing import --region us-east-1 --offers {} -o us-east-1.toml",
                offers.display()
            ),
        ),
    ];
    for (file, args) in &commands {
        let out = under_umask_022(dir.path(), args);
        assert!(out.status.success(), "{args}: {out:?}");
        let path = dir.path().join(file);
        assert_eq!(mode(&path), 0o644, "{args}");
        // --force replaces it and keeps the mode (here a deliberate 0640).
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let out = under_umask_022(dir.path(), &format!("{args} --force"));
        assert!(out.status.success(), "{args} --force: {out:?}");
        assert_eq!(mode(&path), 0o640, "{args} --force");
    }
    // Nothing else was left in the directory (no temporary files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

/// Defect 6: `breakeven -o` replaced anything, its own input included, without `--force`.
#[test]
fn breakeven_does_not_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("w.toml");
    let original = std::fs::read_to_string(root().join("examples/web-api.toml")).unwrap();
    std::fs::write(&input, &original).unwrap();
    let run = Test::new()
        .args(["breakeven"])
        .arg_path(&input)
        .args(["--vary", "traffic.requests_per_month", "-o"])
        .arg_path(&input)
        .run()
        .input_error();
    assert!(
        run.stderr.contains("already exists; pass `--force`"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), original);
    // --force without -o is a usage error.
    Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "traffic.requests_per_month",
        ])
        .args(["--force"])
        .run()
        .input_error();
}

/// Defect 6 and the output policy: never write through (or replace) a FIFO or a device, with or
/// without `--force`, for every command that writes a file.
#[cfg(unix)]
#[test]
fn outputs_that_are_not_regular_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let offers = root().join("tests/fixtures/offers/us-east-1");
    for target in [fifo.as_path(), Path::new("/dev/null")] {
        for force in [&[][..], &["--force"][..]] {
            let runs = [
                Test::new()
                    .args(["report", "examples/web-api.toml", "-o"])
                    .arg_path(target)
                    .args(force),
                Test::new()
                    .args(["breakeven", "examples/web-api.toml"])
                    .args(["--vary", "traffic.requests_per_month", "-o"])
                    .arg_path(target)
                    .args(force),
            ];
            for t in runs {
                let run = t.run().input_error();
                assert!(
                    run.stderr.contains("runwhere writes only regular files"),
                    "{}",
                    run.stderr
                );
            }
        }
    }
    // `pricing import` names its file after the region: a FIFO of that name.
    let table = dir.path().join("us-east-1.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&table)
        .status()
        .unwrap();
    assert!(made.success());
    let run = Test::new()
        .args([
            "pricing",
            "import",
            "--region",
            "us-east-1",
            "--force",
            "--offers",
        ])
        .arg_path(&offers)
        .args(["-o"])
        .arg_path(&table)
        .run()
        .input_error();
    assert!(
        run.stderr.contains("is a named pipe (FIFO)"),
        "{}",
        run.stderr
    );
}
