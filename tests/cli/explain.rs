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
