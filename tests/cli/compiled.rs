//! Issue 14: the bundled data is loaded from its compiled form; the same files read as TOML
//! (`--pricing-dir pricing --rules-dir rules`) give byte-for-byte the same output.

use crate::support::{Test, examples};

/// Every example, in every bundled region, as JSON and as `explain`: bundled (compiled) and
/// parsed from the repository's TOML.
#[test]
fn compiled_and_parsed_data_give_the_same_output() {
    let regions: Vec<String> = std::fs::read_dir(crate::support::root().join("pricing"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    assert!(regions.len() >= 3, "{regions:?}");
    let files = examples();
    for region in &regions {
        let run = |toml: bool| {
            let mut t = Test::new().args(["recommend", "--format", "json", "--region", region]);
            for f in &files {
                t = t.arg_path(f);
            }
            if toml {
                t = t.args(["--pricing-dir", "pricing", "--rules-dir", "rules"]);
            }
            t.run()
        };
        let (bundled, parsed) = (run(false), run(true));
        assert_eq!(bundled.status, parsed.status, "{region}");
        assert!(bundled.stdout.len() > 1000, "{region}: {}", bundled.stderr);
        assert!(
            bundled.stdout == parsed.stdout,
            "{region}: the JSON differs"
        );
        assert!(
            bundled.stderr == parsed.stderr,
            "{region}: {}",
            bundled.stderr
        );
    }
    let explain = |toml: bool| {
        let mut t = Test::new().args(["explain", "examples/web-api.toml"]);
        if toml {
            t = t.args(["--pricing-dir", "pricing", "--rules-dir", "rules"]);
        }
        t.run().success().stdout
    };
    assert_eq!(explain(false), explain(true));
}
