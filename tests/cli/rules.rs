//! `runwhere rules list`, `runwhere rules check`, and `--rules-dir`.

use crate::support::{Test, root};

/// A copy of the bundled rules in a temporary directory, with `edit` applied to one file.
fn rules_copy(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if name == file {
            let edited = edit(&text);
            assert_ne!(edited, text, "the edit applies to {file}");
            text = edited;
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn check_passes_on_the_bundled_rules() {
    let run = Test::new().args(["rules", "check"]).run().success();
    assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
    let run = Test::new()
        .args(["rules", "check", "rules"])
        .run()
        .success();
    assert!(run.stdout.contains("from rules"), "{}", run.stdout);
}

#[test]
fn check_fails_on_a_broken_copy_with_location() {
    let dir = rules_copy("eligibility.toml", |t| {
        t.replacen(
            "work.max_duration_min > fact.lambda_max_duration_min",
            "work.max_duraton_min > fact.lambda_max_duration_min",
            1,
        )
    });
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("unknown attribute `work.max_duraton_min`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `work.max_duration_min`?"),
        "{}",
        run.stderr
    );
    let at = format!("{}:", dir.path().join("eligibility.toml").display());
    let rest = &run.stderr[run.stderr.find(&at).unwrap() + at.len()..];
    let (line, col) = rest.split_once(':').unwrap();
    assert!(
        line.parse::<u32>().is_ok()
            && col
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<u32>()
                .is_ok(),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_service_and_type_mismatch_are_load_errors() {
    let dir = rules_copy("eligibility.toml", |t| {
        t.replacen("services = [\"lambda\"]", "services = [\"lamdba\"]", 1)
    });
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("unknown service `lamdba`"),
        "{}",
        run.stderr
    );
    let dir = rules_copy("eligibility.toml", |t| {
        t.replacen(
            "when = \"resources.gpus > 0\"",
            "when = 'resources.gpus > \"none\"'",
            1,
        )
    });
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("cannot compare a number with a string"),
        "{}",
        run.stderr
    );
}

#[test]
fn recommend_uses_rules_dir() {
    // Without the Lambda duration rule, a 40-minute job's Lambda is no longer excluded by it.
    let dir = rules_copy("eligibility.toml", |t| {
        t.replacen(
            "id = \"lambda-max-duration\"",
            "id = \"lambda-max-duration-edited\"",
            1,
        )
    });
    let run = Test::new()
        .args([
            "recommend",
            "examples/nightly-batch.toml",
            "--format",
            "json",
            "--rules-dir",
        ])
        .arg_path(dir.path())
        .run()
        .success();
    assert!(
        run.stdout.contains("lambda-max-duration-edited"),
        "{}",
        run.stdout
    );
}

#[test]
fn list_shows_every_rule_with_its_source() {
    let run = Test::new().args(["rules", "list"]).run().success();
    for id in [
        "lambda-max-duration",
        "apprunner-closed-to-new-customers",
        "beanstalk-containers-go-further",
    ] {
        assert!(run.stdout.contains(id), "{id}");
    }
    // Documents by title (wrapped in the table), not file name.
    assert!(run.stdout.contains("Other Compute Services") && run.stdout.contains("(LearningTree)"));
    assert!(!run.stdout.contains("000_2ff4b9250b2fa24a.txt"));
    assert!(run.stdout.lines().last().unwrap().contains(" rules ("));
}

#[test]
fn show_one_rule_with_its_facts() {
    let run = Test::new()
        .args(["rules", "show", "lambda-max-duration"])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("when:     work.max_duration_min > fact.lambda_max_duration_min"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("lambda_max_duration_min = 15 minutes"),
        "{}",
        run.stdout
    );
    let run = Test::new()
        .args(["rules", "show", "lambda-max-duraton"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("did you mean `lambda-max-duration`?"),
        "{}",
        run.stderr
    );
}

/// A workload file in `dir`.
fn workload_file(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("workload.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Lambda's memory cap lives in `rules/facts.toml`: lowering it there makes the rule exclude Lambda
/// and the Lambda cost model refuse the size, with the new number in both.
#[test]
fn lambda_memory_fact_drives_the_rule_and_the_cost_model() {
    let dir = rules_copy("facts.toml", |t| {
        t.replacen(
            "[fact.lambda_max_memory_mb]\nvalue = 10240",
            "[fact.lambda_max_memory_mb]\nvalue = 4096",
            1,
        )
    });
    // 1 vCPU / 6 GB: 6,144 MB fits the bundled 10,240 MB but not 4,096 MB.
    let work = tempfile::tempdir().unwrap();
    let file = workload_file(
        work.path(),
        "version = 1\nname = \"w\"\n[shape]\nkind = \"event\"\ninterface = \"none\"\n[resources]\nvcpu = 1\nmemory_gb = 6\n[traffic]\nrequests_per_month = 1000000\navg_duration_ms = 200\n",
    );
    let excluded_by = |rules_dir: Option<&std::path::Path>| {
        let mut t = Test::new()
            .args(["recommend", "--format", "json"])
            .arg_path(&file);
        if let Some(d) = rules_dir {
            t = t.args(["--rules-dir"]).arg_path(d);
        }
        let json: serde_json::Value = serde_json::from_str(&t.run().success().stdout).unwrap();
        let lambda = json["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service"] == "lambda")
            .unwrap()
            .clone();
        lambda["excluded_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(excluded_by(None).is_empty());
    assert_eq!(excluded_by(Some(dir.path())), ["lambda-max-memory"]);

    // The cost model reads the same fact.
    let rules = runwhere::rules::RuleSet::from_dir(dir.path()).unwrap();
    let catalog = runwhere::pricing::Catalog::bundled().unwrap();
    let source = runwhere::input::source::SourceFile::read(&file).unwrap();
    let w = runwhere::workload::Workload::parse(&source, &catalog.regions()).unwrap();
    let prices = catalog.region(&w.region).unwrap();
    let service = runwhere::service::Service::Lambda;
    let bundled = runwhere::rules::RuleSet::bundled().unwrap();
    assert!(runwhere::cost::estimate(service, &w, prices, &bundled.limits).is_ok());
    let why = runwhere::cost::estimate(service, &w, prices, &rules.limits)
        .unwrap_err()
        .to_string();
    assert!(why.contains("Lambda's maximum is 4,096 MB"), "{why}");
}

/// Fargate's vCPU limit lives in `rules/facts.toml`: lowering it there makes the rule exclude
/// Fargate, and every Fargate cost model (ECS, EKS pods, Batch) stop offering the larger sizes.
#[test]
fn fargate_vcpu_fact_drives_the_rule_and_the_size_grid() {
    let dir = rules_copy("facts.toml", |t| {
        t.replacen(
            "[fact.fargate_max_vcpu]\nvalue = 16",
            "[fact.fargate_max_vcpu]\nvalue = 8",
            1,
        )
    });
    let work = tempfile::tempdir().unwrap();
    let file = workload_file(
        work.path(),
        // 9 vCPU / 64 GB: Fargate's 16 vCPU / 64 GB size on ARM costs 16 × $0.03238 + 64 × $0.00356
        // = $0.74592 an hour, less than the cheapest EC2 node with 9 vCPU and 64.5 GiB (r6g.4xlarge,
        // $0.8064); with an 8 vCPU Fargate limit the task no longer fits Fargate.
        "version = 1\nname = \"w\"\n[shape]\nkind = \"batch\"\n[resources]\nvcpu = 9\nmemory_gb = 64\n[jobs]\nruns_per_month = 30\nduration_min = 60\n",
    );
    let run = Test::new()
        .args(["explain", "--rules-dir"])
        .arg_path(dir.path())
        .arg_path(&file)
        .run()
        .success();
    assert!(
        run.stdout.contains("fargate-max-task-size"),
        "{}",
        run.stdout
    );

    let rules = runwhere::rules::RuleSet::from_dir(dir.path()).unwrap();
    let bundled = runwhere::rules::RuleSet::bundled().unwrap();
    let catalog = runwhere::pricing::Catalog::bundled().unwrap();
    let source = runwhere::input::source::SourceFile::read(&file).unwrap();
    let w = runwhere::workload::Workload::parse(&source, &catalog.regions()).unwrap();
    let prices = catalog.region(&w.region).unwrap();
    let fargate = runwhere::service::Service::Fargate;
    assert!(runwhere::cost::estimate(fargate, &w, prices, &bundled.limits).is_ok());
    let why = runwhere::cost::estimate(fargate, &w, prices, &rules.limits)
        .unwrap_err()
        .to_string();
    assert!(why.contains("largest size (8 vCPU / 120 GB)"), "{why}");
    // Batch could use a 16 vCPU Fargate size with the bundled facts; now it runs on EC2.
    let batch = runwhere::service::Service::Batch;
    let on = |l| {
        runwhere::cost::estimate(batch, &w, prices, l)
            .unwrap()
            .compute
    };
    assert_eq!(on(&bundled.limits), Some(runwhere::cost::Compute::Fargate));
    assert_eq!(on(&rules.limits), Some(runwhere::cost::Compute::Ec2));
}

#[test]
fn list_keeps_aws_pages_apart_from_the_documents() {
    let run = Test::new().args(["rules", "list"]).run().success();
    let row = |id: &str| {
        let at = run
            .stdout
            .find(&format!("│ {id} "))
            .unwrap_or_else(|| panic!("{id}"));
        let line = &run.stdout[at..];
        line[..line.find('\n').unwrap()].to_owned()
    };
    assert!(row("batch-immediate-start").contains("┆ aws-docs ┆"));
    assert!(row("lambda-max-duration").contains("┆ document ┆"));
    // Every document rule is listed before the first rule that cites AWS's pages.
    let first_aws = run.stdout.find("┆ aws-docs ┆").unwrap();
    assert!(!run.stdout[first_aws..].contains("┆ document ┆"));
    let summary = run.stdout.lines().last().unwrap();
    assert!(summary.contains(" AWS's own pages)"), "{summary}");
}

#[test]
fn show_and_explain_give_the_aws_page_url() {
    let url = "<https://docs.aws.amazon.com/batch/latest/userguide/bestpractice1.html>";
    let run = Test::new()
        .args(["rules", "show", "batch-immediate-start"])
        .run()
        .success();
    assert!(
        run.stdout.contains(&format!(
            "source:   AWS docs: When to use AWS Batch, \"Jobs that must be run immediately\" {url}"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("also:     Other Compute Services (LearningTree), \"Don't Use Batch When\"")
    );
}

#[test]
fn check_rejects_an_aws_docs_source_without_a_url() {
    let dir = rules_copy("aws-guidance.toml", |t| {
        t.replacen(
            ", url = \"https://docs.aws.amazon.com/batch/latest/userguide/bestpractice1.html\" }",
            " }",
            1,
        )
    });
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("an `aws-docs` source needs a `url`"),
        "{}",
        run.stderr
    );
    let at = format!("{}:", dir.path().join("aws-guidance.toml").display());
    assert!(run.stderr.contains(&at), "{}", run.stderr);
}

/// Spot eligibility is a rule (`effect = "no_spot"`), not code: with the bundled rules, work that
/// cannot be interrupted is priced On-Demand even when Spot is asked for, in the ranking and in
/// the cost model alike; remove the rule from a copy of the rules and both price Spot.
#[test]
fn spot_eligibility_follows_the_no_spot_rule() {
    let dir = rules_copy("comparisons.toml", |t| {
        let start = t
            .find("[[rule]]\nid = \"spot-needs-interruption-tolerance\"")
            .unwrap();
        let end = start + t[start..].find("\n\n").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    let work = tempfile::tempdir().unwrap();
    let file = workload_file(
        work.path(),
        "version = 1\nname = \"w\"\n[shape]\nkind = \"batch\"\narch = \"x86\"\n[resources]\nvcpu = 2\nmemory_gb = 4\n[jobs]\nruns_per_month = 30\nduration_min = 60\n[pricing]\npurchase = \"spot\"\n",
    );
    let option = |rules_dir: Option<&std::path::Path>| {
        let mut t = Test::new()
            .args(["recommend", "--format", "json"])
            .arg_path(&file);
        if let Some(d) = rules_dir {
            t = t.args(["--rules-dir"]).arg_path(d);
        }
        let json: serde_json::Value = serde_json::from_str(&t.run().success().stdout).unwrap();
        let batch = json["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service"] == "batch")
            .unwrap()
            .clone();
        (
            batch["option"].as_str().unwrap_or_default().to_owned(),
            json["warnings"].to_string(),
        )
    };
    let (bundled, warnings) = option(None);
    assert_eq!(bundled, "on_demand");
    assert!(
        warnings
            .contains("`pricing.purchase` is `spot` but `needs.interruption_tolerant` is false"),
        "{warnings}"
    );
    assert_eq!(option(Some(dir.path())).0, "spot");

    // The cost model asks the same rules.
    let rules = runwhere::rules::RuleSet::from_dir(dir.path()).unwrap();
    let bundled = runwhere::rules::RuleSet::bundled().unwrap();
    let catalog = runwhere::pricing::Catalog::bundled().unwrap();
    let source = runwhere::input::source::SourceFile::read(&file).unwrap();
    let w = runwhere::workload::Workload::parse(&source, &catalog.regions()).unwrap();
    let prices = catalog.region(&w.region).unwrap();
    let batch = runwhere::service::Service::Batch;
    let on = |l| {
        runwhere::cost::estimate(batch, &w, prices, l)
            .unwrap()
            .option
    };
    assert_eq!(on(&bundled.limits), runwhere::workload::Purchase::OnDemand);
    assert_eq!(on(&rules.limits), runwhere::workload::Purchase::Spot);
}
