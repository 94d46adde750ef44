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
        .env("SOURCE_DATE_EPOCH", crate::support::SOURCE_DATE_EPOCH)
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

/// A copy of an example with `edit` applied, in a temporary directory.
fn edited_example(
    example: &str,
    edit: impl FnOnce(String) -> String,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples").join(example)).unwrap();
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit applies");
    let path = dir.path().join(example);
    std::fs::write(&path, edited).unwrap();
    (dir, path)
}

/// A copy of the bundled rules with `edit` applied to one file.
fn edited_rules(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut edit = Some(edit);
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == file {
            let edited = edit.take().unwrap()(text.clone());
            assert_ne!(text, edited, "the edit applies");
            text = edited;
        }
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

/// Defect 1: a `when` with 3,000 nested parentheses aborted every command (SIGABRT).
#[test]
fn deeply_nested_conditions_are_an_error_with_a_position() {
    let rules = edited_rules("notes.toml", |t| {
        format!(
            "{t}\n[[rule]]\nid = \"deep\"\nservices = [\"ecs\"]\nwhen = '{}true{}'\neffect = \"note\"\nreason = \"r\"\nshort = \"s\"\nsource = {{ doc = \"d\", section = \"s\" }}\n",
            "(".repeat(3000),
            ")".repeat(3000)
        )
    });
    for args in [
        &["rules", "check"][..],
        &["recommend", "examples/web-api.toml", "--rules-dir"][..],
    ] {
        let run = Test::new()
            .args(args)
            .arg_path(rules.path())
            .run()
            .input_error();
        assert!(
            run.stderr
                .contains("the condition nests deeper than 64 levels"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("notes.toml:"), "{}", run.stderr);
    }
}

/// Defect 2: non-finite and huge prices passed `pricing check` and then hung, aborted or priced
/// EC2 at $0.00 an hour. Now `pricing check` and every command refuse them, naming the key.
#[test]
fn non_finite_prices_are_refused_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("pricing/us-east-1.toml")).unwrap();
    let edited = text.replacen(
        "on_demand = 0.0416, rate = 0.0300",
        "on_demand = inf, rate = 0.0300",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(dir.path().join("us-east-1.toml"), edited).unwrap();
    let run = Test::new()
        .args(["pricing", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("`savings_plan.ec2_1yr` must be"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "report",
            "examples/web-api.toml",
            "--format",
            "html",
            "--pricing-dir",
        ])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(run.stderr.contains("us-east-1.toml:"), "{}", run.stderr);
}

/// Defect 3: `[flowchart] bonus = nan` ranked the NaN service first, `fit_score: null`.
#[test]
fn rules_refuse_nan() {
    let rules = edited_rules("flowchart.toml", |t| {
        t.replacen("bonus = 3.0", "bonus = nan", 1)
    });
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(rules.path())
        .run()
        .input_error();
    assert!(run.stderr.contains("outside 0 to 100"), "{}", run.stderr);
    assert!(run.stderr.contains("flowchart.toml:"), "{}", run.stderr);
}

/// Defect 4: a `self -> .` link ranked each file 41 times.
#[cfg(unix)]
#[test]
fn directory_link_loops_rank_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/web-api.toml"),
        dir.path().join("w.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("again")).unwrap();
    let run = Test::new()
        .args(["recommend", "--format", "csv"])
        .arg_path(dir.path())
        .run()
        .success();
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

/// Defect 8: the breakeven SVG was not well-formed when a name held control characters; `'`
/// and `&` are escaped by the same escaper as every other SVG.
#[test]
fn breakeven_svg_escapes_control_characters() {
    let (_dir, path) = edited_example("web-api.toml", |t| {
        t.replacen(
            "name = \"orders-api\"",
            "name = \"o'r\\u0001&<d\\u001b\"",
            1,
        )
    });
    let run = Test::new()
        .args(["breakeven"])
        .arg_path(&path)
        .args([
            "--vary",
            "traffic.requests_per_month",
            "--points",
            "3",
            "-f",
            "svg",
        ])
        .run()
        .success();
    let svg = run.stdout;
    assert!(
        !svg.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{svg:?}"
    );
    assert!(svg.contains("o&#39;r\u{2401}&amp;&lt;d\u{241b}"), "{svg}");
}

/// Defect 9: no size limit, and diagnostics quoted a 50 MB value whole.
#[test]
fn inputs_are_capped_and_diagnostics_clip_long_values() {
    let (_dir, path) = edited_example("web-api.toml", |t| {
        t.replacen(
            "name = \"orders-api\"",
            &format!("name = \"orders-api\"\n# {}", "x".repeat(1 << 20)),
            1,
        )
    });
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("larger than 1 MiB, the limit for workload files"),
        "{}",
        run.stderr
    );
    // A long wrong value: the message shows the start of it.
    let long = "y".repeat(900_000);
    let (_dir, path) = edited_example("web-api.toml", |t| {
        t.replacen("region = \"us-east-1\"", &format!("region = \"{long}\""), 1)
    });
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .input_error();
    assert!(
        run.stderr.len() < 4000,
        "{} bytes of stderr",
        run.stderr.len()
    );
    assert!(run.stderr.contains(".toml:22:"), "{}", run.stderr);
    assert!(run.stderr.contains("yyyy…"), "{}", run.stderr);
    // Standard input is capped too.
    let big = format!("# {}\n", "z".repeat(1 << 20));
    let run = Test::new()
        .args(["recommend", "-"])
        .stdin(&big)
        .run()
        .input_error();
    assert!(run.stderr.contains("larger than 1 MiB"), "{}", run.stderr);
}

/// Defect 10: ESC/OSC sequences in workload text reached the terminal raw.
#[test]
fn control_characters_never_reach_the_terminal() {
    let (_dir, path) = edited_example("web-api.toml", |t| {
        t.replacen(
            "name = \"orders-api\"",
            "name = \"a\\u001b]0;owned\\u0007\\u001b[2Jb\"",
            1,
        )
    });
    for args in [
        &["recommend"][..],
        &["explain"][..],
        &["report", "--format", "md"][..],
        &["report", "--format", "html"][..],
    ] {
        let run = Test::new().args(args).arg_path(&path).run().success();
        assert!(!run.stdout.contains('\x1b'), "{args:?}: {:?}", run.stdout);
        assert!(!run.stdout.contains('\x07'), "{args:?}");
        assert!(run.stdout.contains("a\u{241b}"), "{args:?}: {}", run.stdout);
    }
    // In error messages too, in color or not.
    let (_dir, path) = edited_example("web-api.toml", |t| {
        t.replacen("region = \"us-east-1\"", "region = \"\\u001b[31mus\"", 1)
    });
    for color in ["never", "always"] {
        let run = Test::new()
            .args(["recommend", "--color", color])
            .arg_path(&path)
            .run()
            .input_error();
        assert!(!run.stderr.contains("\x1b[31mus"), "{:?}", run.stderr);
        assert!(run.stderr.contains("\u{241b}[31mus"), "{:?}", run.stderr);
    }
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--region",
            "\x1b]0;x\x07",
        ])
        .run()
        .input_error();
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
}

/// Defect 11: names starting with `=`, `+`, `-`, `@` were live formulas in `--format csv`.
#[test]
fn csv_cells_are_not_formulas() {
    let (dir, _path) = edited_example("web-api.toml", |t| {
        t.replacen("name = \"orders-api\"", "name = \"=HYPERLINK(1)\"", 1)
    });
    let run = Test::new()
        .args(["recommend", "--format", "csv"])
        .arg_path(dir.path())
        .run()
        .success();
    assert!(run.stdout.contains(",'=HYPERLINK(1),"), "{}", run.stdout);
    assert!(!run.stdout.contains(",=HYPERLINK"), "{}", run.stdout);
}

/// Defect 13: invalid UTF-8, the TOML nesting limit and `breakeven --to inf` gave no position
/// (or one the user never typed).
#[test]
fn errors_have_positions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    std::fs::write(&path, b"version = 1\nname = \"caf\xe9\"\n").unwrap();
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .input_error();
    assert!(run.stderr.contains("w.toml:2:12"), "{}", run.stderr);
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);

    std::fs::write(
        &path,
        format!("version = 1\nx = {}1{}\n", "[".repeat(200), "]".repeat(200)),
    )
    .unwrap();
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .input_error();
    assert!(run.stderr.contains("w.toml:2:"), "{}", run.stderr);

    let run = Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "traffic.requests_per_month",
        ])
        .args(["--to", "inf"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("`--to inf` is not a finite number"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--set"), "{}", run.stderr);
}

/// Minor: a FIFO given as an input file blocked forever; now it is refused before it is opened.
#[cfg(unix)]
#[test]
fn a_fifo_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("w.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&fifo)
        .run()
        .input_error();
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}
