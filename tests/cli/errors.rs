//! Every kind of bad input exits 2 with a message naming file:line:column, and never panics.

use crate::support::{Test, root};

fn invalid_fixtures() -> Vec<String> {
    let dir = root().join("tests/fixtures/workloads/invalid");
    let mut v: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_invalid_fixture_exits_2_with_location() {
    let fixtures = invalid_fixtures();
    assert!(fixtures.len() >= 10, "the fixtures are there");
    for name in fixtures {
        let rel = format!("tests/fixtures/workloads/invalid/{name}");
        let run = Test::new().args(["recommend", &rel]).run().input_error();
        // `file:line:column`, with a line and column that are numbers.
        let marker = format!("{rel}:");
        let at = run
            .stderr
            .find(&marker)
            .unwrap_or_else(|| panic!("{name}: no location in\n{}", run.stderr));
        let rest = &run.stderr[at + marker.len()..];
        let mut parts = rest.split(|c: char| !c.is_ascii_digit());
        let line = parts.next().unwrap();
        let col = parts.next().unwrap();
        assert!(
            !line.is_empty() && !col.is_empty(),
            "{name}: line and column in {}",
            run.stderr
        );
        insta::assert_snapshot!(
            format!("error-{}", name.trim_end_matches(".toml")),
            run.stderr
        );
    }
}

/// Each kind named in the issue, pinned to its exact line and column.
#[test]
fn error_kinds_point_at_the_right_place() {
    let cases = [
        ("toml-syntax", ":3:19", "invalid TOML"),
        ("unknown-key", ":10:1", "did you mean `memory_gb`?"),
        ("wrong-type", ":9:8", "must be a number, found a string"),
        (
            "out-of-range",
            ":9:8",
            "must be greater than 0 and at most 192",
        ),
        ("unknown-region", ":4:10", "did you mean `us-east-1`?"),
        (
            "high-availability-one-instance",
            ":13:17",
            "`traffic.min_instances` is 1 but `needs.high_availability` is true",
        ),
    ];
    for (name, at, says) in cases {
        let rel = format!("tests/fixtures/workloads/invalid/{name}.toml");
        let run = Test::new().args(["recommend", &rel]).run().input_error();
        assert!(
            run.stderr.contains(&format!("{rel}{at}")),
            "{name}: expected {at} in\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(says),
            "{name}: expected `{says}` in\n{}",
            run.stderr
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.toml");
    std::fs::write(
        &path,
        "version = 1\nname = \"x\"\n[shape]\nkind = \"service\"\narch = \"risc\"\n[resources]\nvcpu = 0\ngpu = 1\n[traffic]\nrequests_per_month = 1\navg_duration_ms = -1\n",
    )
    .unwrap();
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .input_error();
    for (at, says) in [
        (":5:8", "`shape.arch`"),
        (":7:8", "`resources.vcpu`"),
        (":8:1", "did you mean `gpus`?"),
        (":11:19", "`traffic.avg_duration_ms`"),
    ] {
        assert!(
            run.stderr.contains(at) && run.stderr.contains(says),
            "{at} {says} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn missing_file() {
    let run = Test::new()
        .args(["recommend", "no/such/workload.toml"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("cannot read `no/such/workload.toml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_region_flag() {
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--region",
            "eu-west-9",
        ])
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("no pricing table for region `eu-west-9` (did you mean `eu-west-1`?)"),
        "{}",
        run.stderr
    );
}

/// Issue 14: a region without a table names the bundled regions and gives the commands that
/// build its table (the offer files `pricing import` reads, every one of them).
#[test]
fn unbundled_region_gives_the_commands_that_build_its_table() {
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--region",
            "us-west-2",
            "--format",
            "json",
        ])
        .run()
        .input_error();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    insta::assert_snapshot!("error-unbundled-region", run.stderr);
    for code in runwhere::pricing::import::OFFERS {
        assert!(run.stderr.contains(code), "{code}: {}", run.stderr);
    }
    // The file's own region, when it has no table, points at the same guidance.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/web-api.toml"))
        .unwrap()
        .replace("region = \"us-east-1\"", "region = \"us-west-2\"");
    assert!(text.contains("us-west-2"), "the edit applies");
    let file = dir.path().join("w.toml");
    std::fs::write(&file, text).unwrap();
    let run = Test::new()
        .args(["recommend"])
        .arg_path(&file)
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("`runwhere recommend FILE --region us-west-2` gives the commands"),
        "{}",
        run.stderr
    );
    // A name that is not a region code gets the list, and no commands.
    let run = Test::new()
        .args(["recommend", "examples/web-api.toml", "--region", "mars"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("bundled regions: ap-northeast-1"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("pricing import"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    Test::new().args(["recommend"]).run().input_error();
    Test::new()
        .args(["recommend", "examples/web-api.toml", "--format", "yaml"])
        .run()
        .input_error();
    Test::new().args(["frobnicate"]).run().input_error();
}

#[test]
fn binary_garbage_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.toml");
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .input_error();
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let plain = Test::new()
        .args([
            "recommend",
            "tests/fixtures/workloads/invalid/unknown-key.toml",
        ])
        .run()
        .input_error();
    assert!(
        !plain.stderr.contains('\u{1b}'),
        "no escape codes when stderr is not a terminal"
    );
    let colored = Test::new()
        .args([
            "recommend",
            "tests/fixtures/workloads/invalid/unknown-key.toml",
            "--color",
            "always",
        ])
        .run()
        .input_error();
    assert!(colored.stderr.contains('\u{1b}'), "{}", colored.stderr);
    let never = Test::new()
        .args([
            "--color",
            "never",
            "recommend",
            "tests/fixtures/workloads/invalid/unknown-key.toml",
        ])
        .run()
        .input_error();
    assert!(!never.stderr.contains('\u{1b}'));
}

#[test]
fn help_lists_the_exit_statuses() {
    let run = Test::new().args(["--help"]).run().success();
    assert!(
        run.stdout.contains("Exit status:") && run.stdout.contains("130"),
        "{}",
        run.stdout
    );
}
