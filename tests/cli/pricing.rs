//! The bundled pricing tables, and `--pricing-dir` with good and broken tables.

use crate::support::{Test, root};

#[test]
fn works_from_any_directory_without_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/web-api.toml"),
        dir.path().join("w.toml"),
    )
    .unwrap();
    Test::new()
        .current_dir(dir.path())
        .args(["recommend", "w.toml"])
        .run()
        .success();
}

#[test]
fn pricing_dir_replaces_the_bundled_tables() {
    // A copy of the repository's layout: the table names `../catalogue/ec2-us-east-1.csv`.
    let root_dir = tempfile::tempdir().unwrap();
    let dir = root_dir.path().join("pricing");
    std::fs::create_dir_all(root_dir.path().join("catalogue")).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("catalogue/ec2-us-east-1.csv"),
        root_dir.path().join("catalogue/ec2-us-east-1.csv"),
    )
    .unwrap();
    let table = std::fs::read_to_string(root().join("pricing/us-east-1.toml")).unwrap();
    // Double the Fargate x86 vCPU price: the Fargate vCPU line item uses the new price.
    let doubled = table.replacen("x86_vcpu_hour = 0.04048", "x86_vcpu_hour = 0.08096", 1);
    assert_ne!(table, doubled, "the table has the price this test edits");
    std::fs::write(dir.join("us-east-1.toml"), doubled).unwrap();
    let work = tempfile::tempdir().unwrap();
    let workload = work.path().join("w.toml");
    std::fs::write(
        &workload,
        "version = 1\nname = \"x\"\n[shape]\nkind = \"service\"\narch = \"x86\"\n[traffic]\nrequests_per_month = 1_000_000\navg_duration_ms = 100\n",
    )
    .unwrap();
    let run = Test::new()
        .args(["recommend", "--format", "json", "--pricing-dir"])
        .arg_path(&dir)
        .arg_path(&workload)
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fargate = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "fargate")
        .unwrap();
    assert_eq!(fargate["line_items"][0]["item"], "Fargate vCPU");
    assert_eq!(fargate["line_items"][0]["unit_price_usd"], 0.08096);
    // Only the tables in the directory exist now.
    Test::new()
        .args(["recommend", "--region", "eu-west-1", "--pricing-dir"])
        .arg_path(&dir)
        .arg_path(&workload)
        .run()
        .input_error();
}

#[test]
fn broken_pricing_table_is_an_input_error_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let table = std::fs::read_to_string(root().join("pricing/us-east-1.toml")).unwrap();
    let broken = table.replacen("x86_vcpu_hour = 0.04048", "x86_vcpu_hour = -1.0", 1);
    std::fs::write(dir.path().join("us-east-1.toml"), broken).unwrap();
    let run = Test::new()
        .args(["recommend", "examples/web-api.toml", "--pricing-dir"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(run.stderr.contains("us-east-1.toml:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`fargate.x86_vcpu_hour` must be a positive number"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_pricing_dir() {
    let dir = tempfile::tempdir().unwrap();
    let run = Test::new()
        .args(["recommend", "examples/web-api.toml", "--pricing-dir"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(run.stderr.contains("no pricing tables"), "{}", run.stderr);
}

/// Issue 14: the tests' pinned date (`SOURCE_DATE_EPOCH`) is within 180 days of every bundled
/// table's `as_of`, so no test output carries the price-age warning whatever the calendar says;
/// a table refreshed or aged past it fails here, not in a snapshot months later.
#[test]
fn bundled_tables_are_fresh_on_the_pinned_date() {
    let regions: Vec<String> = std::fs::read_dir(crate::support::root().join("pricing"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    assert!(regions.len() >= 3, "{regions:?}");
    for region in &regions {
        let run = Test::new()
            .args([
                "recommend",
                "examples/web-api.toml",
                "--format",
                "json",
                "--region",
                region,
            ])
            .run()
            .success();
        assert!(!run.stdout.contains("days old"), "{region}: {}", run.stdout);
    }
}

#[test]
fn old_prices_carry_a_warning() {
    // 2028-01-01: the bundled tables are well over 180 days old then.
    let run = Test::new()
        .args(["recommend", "examples/web-api.toml", "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1830297600")
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let first = doc["warnings"][0].as_str().unwrap();
    assert!(
        first.starts_with("the us-east-1 prices are") && first.contains("days old"),
        "{first}"
    );
    // With today's tables and a date close to them, no warning.
    let run = Test::new()
        .args(["recommend", "examples/web-api.toml", "--format", "json"])
        .run()
        .success();
    assert!(!run.stdout.contains("days old"));
}

#[test]
fn list_and_show_the_tables_in_use() {
    let run = Test::new().args(["pricing", "list"]).run().success();
    for region in ["us-east-1", "eu-west-1", "ap-northeast-1"] {
        assert!(run.stdout.contains(region), "{region} listed");
    }
    assert!(
        run.stdout.contains("2026-09-20") && run.stdout.contains("pricing tables: bundled"),
        "{}",
        run.stdout
    );
    let run = Test::new()
        .args(["pricing", "show", "ap-northeast-1"])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("Fargate x86 vCPU-hour / GB-hour          $0.05056 / $0.00553"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("app_runner.active_vcpu_hour:"),
        "missing prices are listed with their reasons"
    );
    // Fargate's Spot and Savings Plans rates per architecture; Tokyo has none of the plan's and no
    // ARM Spot rate, each listed with its reason.
    assert!(
        run.stdout
            .contains("Fargate Spot x86 vCPU-hour / GB-hour     $0.01981009 / $0.00216673")
            && run
                .stdout
                .contains("Fargate SP 1yr ARM vCPU-hour / GB-hour   missing / missing")
            && run
                .stdout
                .contains("fargate.savings_plan_1yr_arm_vcpu_hour: no source gives"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("p4d.24xlarge") && run.stdout.contains("g4dn.xlarge"));
    let run = Test::new()
        .args(["pricing", "show", "eu-west-9"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("did you mean `eu-west-1`?"),
        "{}",
        run.stderr
    );
}
