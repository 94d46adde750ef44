//! `runwhere explain`: accounts for every point, exclusion and default.

use crate::support::Test;

#[test]
fn explain_snapshots() {
    for example in ["web-api", "nightly-batch", "gpu-inference"] {
        let run = Test::new()
            .args(["explain", &format!("examples/{example}.toml")])
            .run()
            .success();
        insta::assert_snapshot!(format!("explain-{example}"), run.stdout);
    }
}

#[test]
fn explain_one_service() {
    let run = Test::new()
        .args(["explain", "examples/web-api.toml", "--service", "lambda"])
        .run()
        .success();
    assert!(run.stdout.contains("Lambda"));
    assert!(
        !run.stdout.contains("ECS on Fargate —"),
        "only the asked service: {}",
        run.stdout
    );
    let run = Test::new()
        .args(["explain", "examples/web-api.toml", "--service", "lamda"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("did you mean `lambda`?"),
        "{}",
        run.stderr
    );
}

/// Every point in a service's fit is listed, and the line items add up to the total shown.
#[test]
fn explain_accounts_for_every_point_and_cent() {
    let json = Test::new()
        .args(["recommend", "examples/web-api.toml", "--format", "json"])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let text = Test::new()
        .args(["explain", "examples/web-api.toml"])
        .run()
        .success()
        .stdout;
    for s in doc["services"].as_array().unwrap() {
        if s["eligible"] == true {
            let fit = s["fit_score"].as_f64().unwrap();
            let sum: f64 = s["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["points"].as_f64().unwrap())
                .sum();
            assert!(
                (fit - sum).abs() < 1e-9,
                "{}: fit {fit} = Σ points {sum}",
                s["service"]
            );
            for r in s["reasons"].as_array().unwrap() {
                assert!(
                    text.contains(r["rule"].as_str().unwrap()),
                    "explain names rule {}",
                    r["rule"]
                );
            }
        } else {
            for x in s["excluded_by"].as_array().unwrap() {
                assert!(
                    text.contains(x["rule"].as_str().unwrap()),
                    "explain names exclusion {}",
                    x["rule"]
                );
            }
        }
    }
    for d in doc["defaults"].as_array().unwrap() {
        assert!(
            text.contains(d["key"].as_str().unwrap()),
            "explain lists default {}",
            d["key"]
        );
    }
}

/// A rule citing AWS's own documentation shows the page and its URL, in `explain` and in JSON.
#[test]
fn explain_shows_the_aws_page_of_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("short-jobs.toml");
    std::fs::write(
        &file,
        "version = 1\nname = \"short-jobs\"\n[shape]\nkind = \"batch\"\n[resources]\nvcpu = 1.0\nmemory_gb = 2.0\n[jobs]\nruns_per_month = 100000\nduration_min = 0.1\n",
    )
    .unwrap();
    let run = Test::new()
        .args(["explain"])
        .arg_path(&file)
        .args(["--service", "batch"])
        .run()
        .success();
    assert!(
        run.stdout.contains(
            "-3  batch-seconds-long-jobs: Jobs of a few seconds can spend longer being scheduled by Batch than running"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("source: AWS docs: When to use AWS Batch, \"Short jobs\" <https://docs.aws.amazon.com/batch/latest/userguide/bestpractice1.html>"),
        "{}",
        run.stdout
    );
    let json = Test::new()
        .args(["recommend", "--format", "json"])
        .arg_path(&file)
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let batch = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "batch")
        .unwrap();
    let reason = batch["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "batch-seconds-long-jobs")
        .unwrap();
    assert_eq!(reason["source"]["kind"], "aws-docs");
    assert_eq!(
        reason["source"]["url"],
        "https://docs.aws.amazon.com/batch/latest/userguide/bestpractice1.html"
    );
    // Document citations keep their two keys.
    let flow = batch["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "batch-short-simple-jobs")
        .unwrap();
    assert!(flow["source"].get("kind").is_none(), "{flow}");
}
