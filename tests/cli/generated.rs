//! Generated files stay in step with the code: the completion scripts in `completions/`, the
//! workload schema, `docs/diagnostics.md` and the reference in `docs/workload-format.md`.
//! After changing the command line, regenerate them with `RUNWHERE_BLESS=1 cargo test generated`.

use clap_complete::Shell;
use runwhere::cli::generate;

use crate::support::{Test, root};

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

#[test]
fn completion_scripts_are_current() {
    let bless = std::env::var_os("RUNWHERE_BLESS").is_some();
    let mut stale = Vec::new();
    for shell in SHELLS {
        let path = root()
            .join("completions")
            .join(generate::completion_file(shell));
        let fresh = generate::completions(shell);
        assert!(
            fresh.contains("recommend") && fresh.contains("breakeven"),
            "{shell}: the script names the subcommands"
        );
        if bless {
            std::fs::write(&path, &fresh).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts (run `RUNWHERE_BLESS=1 cargo test generated`): {stale:?}"
    );
}

#[test]
fn completions_and_man_page_print() {
    let run = Test::new().args(["completions", "bash"]).run().success();
    assert!(run.stdout.contains("_runwhere"));
    let run = Test::new().args(["man"]).run().success();
    assert!(run.stdout.starts_with(".ie") && run.stdout.contains(".SH NAME"));
    for sub in ["recommend", "explain", "breakeven", "diff", "rules"] {
        assert!(
            run.stdout.contains(&format!("runwhere\\-{sub}")),
            "the man page covers `{sub}`"
        );
    }
}

#[test]
fn command_definition_is_consistent() {
    use clap::CommandFactory;
    runwhere::cli::Cli::command().debug_assert();
}

#[test]
fn schema_is_current_and_every_example_validates() {
    let fresh = runwhere::workload::schema::json().unwrap();
    let path = root().join("docs/workload.schema.json");
    if std::env::var_os("RUNWHERE_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).ok().as_deref(),
        Some(fresh.as_str()),
        "docs/workload.schema.json is stale (run `RUNWHERE_BLESS=1 cargo test generated`)"
    );
    let run = Test::new().args(["schema"]).run().success();
    assert_eq!(run.stdout, fresh);

    let schema: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    // The example portfolio (`runwhere plan examples/portfolio/`).
    files.extend(
        std::fs::read_dir(root().join("examples/portfolio"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    files.extend(
        std::fs::read_dir(root().join("tests/fixtures/workloads/valid"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for file in files {
        let doc: serde_json::Value =
            toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
    // A mistake the parser rejects, the schema rejects too.
    for bad in [
        "unknown-key",
        "bad-enum",
        "out-of-range",
        "wrong-type",
        "empty-name",
        "bad-version",
    ] {
        let text = std::fs::read_to_string(
            root().join(format!("tests/fixtures/workloads/invalid/{bad}.toml")),
        )
        .unwrap();
        let doc: serde_json::Value = toml::from_str(&text).unwrap();
        assert!(!validator.is_valid(&doc), "the schema rejects {bad}.toml");
    }
}

/// Every key the schema names is one the parser accepts: a file with all of them parses.
#[test]
fn every_schema_key_is_a_key_the_parser_reads() {
    let schema: serde_json::Value =
        serde_json::from_str(&runwhere::workload::schema::json().unwrap()).unwrap();
    // Sample values by key; every other key gets a value of its type.
    let sample = |key: &str, prop: &serde_json::Value| -> String {
        match key {
            "kind" => "\"batch\"".into(),
            "version" => "1".into(),
            "region" => "\"us-east-1\"".into(),
            "name" => "\"all-keys\"".into(),
            "description" => "\"every key\"".into(),
            "gpu_model" => "\"L4\"".into(),
            "min_instances" | "gpus" | "services" | "clusters" | "array_size" => "1".into(),
            "max_duration_min" => "1".into(),
            _ => {
                if let Some(values) = prop.get("enum") {
                    return format!("{}", values[0]);
                }
                if prop["type"] == "boolean" {
                    return "true".into();
                }
                // 2, or the maximum when 2 is out of range.
                match prop["maximum"].as_f64() {
                    Some(max) if max < 2.0 => format!("{max}"),
                    _ => "2".into(),
                }
            }
        }
    };
    let is_table = |prop: &serde_json::Value| prop.get("properties").is_some();
    let mut doc = String::new();
    let top = schema["properties"].as_object().unwrap();
    for (key, prop) in top {
        if !is_table(prop) {
            doc.push_str(&format!("{key} = {}\n", sample(key, prop)));
        }
    }
    for (key, prop) in top {
        if !is_table(prop) {
            continue;
        }
        if key == "traffic" || key == "current" {
            continue; // a batch workload rejects [traffic]; [current] takes the keys that fit
            // its service: both are checked below
        }
        doc.push_str(&format!("[{key}]\n"));
        for (k, p) in prop["properties"].as_object().unwrap() {
            doc.push_str(&format!("{k} = {}\n", sample(k, p)));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.toml");
    std::fs::write(&path, &doc).unwrap();
    Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .success();
    // And [traffic], on a service.
    let mut service =
        String::from("version = 1\nname = \"t\"\n[shape]\nkind = \"service\"\n[traffic]\n");
    for (k, p) in top["traffic"]["properties"].as_object().unwrap() {
        service.push_str(&format!("{k} = {}\n", sample(k, p)));
    }
    std::fs::write(&path, &service).unwrap();
    Test::new()
        .args(["recommend"])
        .arg_path(&path)
        .run()
        .success();
    // And [current]: every key in one of the three shapes of today's setup, all of which parse.
    let shapes = [
        "service = \"ec2\"\ninstance_type = \"m5.large\"\ninstances = 2\npurchase = \"on_demand\"\nmonthly_usd = 140\n",
        "service = \"fargate\"\narch = \"x86\"\nvcpu = 1\nmemory_gb = 2\ntasks = 2\n",
        "service = \"lambda\"\nmemory_mb = 2048\n",
    ];
    for (k, _) in top["current"]["properties"].as_object().unwrap() {
        assert!(
            shapes.iter().any(|s| s.contains(&format!("{k} = "))),
            "[current] key `{k}` in no shape"
        );
    }
    for shape in shapes {
        std::fs::write(&path, format!("{service}[current]\n{shape}")).unwrap();
        Test::new()
            .args(["recommend"])
            .arg_path(&path)
            .run()
            .success();
    }
}

#[test]
fn diagnostic_codes_doc_is_current_and_every_code_is_reported_somewhere() {
    use runwhere::input::diagnostic::Code;

    let fresh = Code::markdown();
    let path = root().join("docs/diagnostics.md");
    if std::env::var_os("RUNWHERE_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).ok().as_deref(),
        Some(fresh.as_str()),
        "docs/diagnostics.md is stale (run `RUNWHERE_BLESS=1 cargo test generated`)"
    );
    // A code no check reports is a documented promise nothing keeps.
    let mut source = String::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("code.rs") {
                source.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    for code in Code::ALL {
        let variant = format!("{code:?}");
        assert!(
            source.contains(&format!("Code::{variant}")),
            "`{code}` ({variant}) is documented but no check reports it"
        );
    }
}

#[test]
fn workload_format_reference_is_current() {
    use runwhere::workload::fields;
    let path = root().join("docs/workload-format.md");
    let mut current = std::fs::read_to_string(&path).unwrap();
    let fresh = fields::document(&current).expect("docs/workload-format.md keeps its two markers");
    if std::env::var_os("RUNWHERE_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        current.clone_from(&fresh);
    }
    assert_eq!(
        current, fresh,
        "docs/workload-format.md is stale (run `RUNWHERE_BLESS=1 cargo test generated`)"
    );
}
