//! `runwhere report`: Markdown and HTML decision records. Snapshots of both formats, the HTML's
//! structure (sections, one SVG bar per eligible service, the highlighted flowchart path),
//! escaping of user text, `-o`/`--force`, and every figure checked against `recommend --format json`.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::support::{Test, examples};

const SNAPSHOT_EXAMPLES: [&str; 3] = ["web-api", "spot-batch", "event-handler"];

/// The sections, in the order the issue asks for them, with their anchors.
const SECTIONS: [(&str, &str); 10] = [
    ("summary", "Summary"),
    ("context", "Context"),
    ("options", "Options considered"),
    ("excluded", "Options excluded"),
    ("costs", "Cost breakdown"),
    ("chart", "Monthly cost by service"),
    ("flowchart", "Decision flowchart"),
    ("architecture", "Architecture"),
    ("caveats", "Caveats"),
    ("assumptions", "Assumptions"),
];

fn report(args: &[&str]) -> String {
    Test::new()
        .args(["report"])
        .args(args)
        .run()
        .success()
        .stdout
}

fn json(file: &str) -> Value {
    let out = Test::new()
        .args(["recommend", "--format", "json", file])
        .run()
        .success()
        .stdout;
    serde_json::from_str(&out).unwrap()
}

/// The report without the tool's version, so snapshots survive a release.
fn versionless(text: &str) -> String {
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// The HTML without its stylesheet (the same in every report, checked by eye and by the
/// structure test), so a style change does not rewrite every snapshot.
fn without_style(html: &str) -> String {
    match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) if a < b => {
            format!("{}<style>[templates/report.css]{}", &html[..a], &html[b..])
        }
        _ => html.to_owned(),
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_owned()
}

/// `$1,234.56` (or Markdown's `\$1,234.56`) → 1234.56.
fn dollars(s: &str) -> f64 {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | '\\' | '*'))
        .collect();
    t.trim()
        .parse()
        .unwrap_or_else(|e| panic!("not an amount: {s:?} ({e})"))
}

/// `1,460` → 1460.
fn number(s: &str) -> f64 {
    let t: String = s.chars().filter(|c| *c != ',').collect();
    t.trim()
        .parse()
        .unwrap_or_else(|e| panic!("not a number: {s:?} ({e})"))
}

fn eligible(doc: &Value) -> Vec<&Value> {
    doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["eligible"] == true)
        .collect()
}

/// The cells of a Markdown table row, split on unescaped `|`.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for ch in line.trim().trim_start_matches('|').chars() {
        match ch {
            '|' if !escaped => out.push(std::mem::take(&mut cell).trim().to_owned()),
            c => {
                escaped = c == '\\' && !escaped;
                cell.push(c);
            }
        }
    }
    out
}

#[test]
fn markdown_and_html_snapshots() {
    for example in SNAPSHOT_EXAMPLES {
        let file = format!("examples/{example}.toml");
        let md = report(&[&file]);
        insta::assert_snapshot!(format!("report-md-{example}"), versionless(&md));
        let html = report(&[&file, "--format", "html"]);
        insta::assert_snapshot!(
            format!("report-html-{example}"),
            without_style(&versionless(&html))
        );
    }
}

/// Every section in order; one bar per eligible service; the flowchart path highlighted; nothing
/// fetched from the network.
#[test]
fn html_has_every_section_the_chart_and_the_path() {
    for example in [
        "web-api",
        "nightly-batch",
        "kubernetes-platform",
        "legacy-vm-app",
    ] {
        let file = format!("examples/{example}.toml");
        let doc = json(&file);
        let page = Html::parse_document(&report(&[&file, "--format", "html"]));

        let ids: Vec<&str> = page
            .select(&sel("main > section"))
            .filter_map(|s| s.value().attr("id"))
            .collect();
        let want: Vec<&str> = SECTIONS.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, want, "{example}: sections in order");
        for (id, title) in SECTIONS {
            let h2 = page
                .select(&sel(&format!("section#{id} > h2")))
                .next()
                .unwrap_or_else(|| panic!("{example}: no heading in #{id}"));
            assert_eq!(text_of(h2), title);
        }

        // The chart: one bar per eligible service, in rank order, with the JSON's amounts.
        let bars: Vec<ElementRef<'_>> = page.select(&sel("section#chart svg rect.bar")).collect();
        let services = eligible(&doc);
        assert_eq!(
            bars.len(),
            services.len(),
            "{example}: one bar per eligible service"
        );
        for (bar, s) in bars.iter().zip(&services) {
            assert_eq!(bar.value().attr("data-service"), s["service"].as_str());
            let usd: f64 = bar.value().attr("data-usd").unwrap().parse().unwrap();
            assert_eq!(usd, s["monthly_cost_usd"].as_f64().unwrap());
        }

        // The flowchart: the steps listed as in JSON, and the drawing's highlighted boxes and arrows.
        let steps: Vec<String> = page
            .select(&sel("section#flowchart ol.path li"))
            .map(text_of)
            .collect();
        let path: Vec<&str> = doc["flowchart_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(steps, path, "{example}");
        let taken: Vec<ElementRef<'_>> = page
            .select(&sel("section#flowchart svg g.node.taken"))
            .collect();
        assert_eq!(taken.len(), path.len(), "{example}: one box per step");
        let arrows = page
            .select(&sel("section#flowchart svg path.edge.taken"))
            .count();
        assert_eq!(arrows, path.len() - 1, "{example}: one arrow between steps");
        // The last highlighted box is the leaf the path ends at.
        let leaf = taken
            .iter()
            .find(|n| n.value().classes().any(|c| c == "leaf"))
            .and_then(|n| n.value().attr("data-title"));
        assert_eq!(leaf, path.last().copied(), "{example}");
        let all_nodes = page.select(&sel("section#flowchart svg g.node")).count();
        assert!(
            all_nodes > taken.len(),
            "{example}: the whole flowchart is drawn"
        );

        // The architecture diagram of the recommended service, its compute box marked.
        let compute = page
            .select(&sel("section#architecture svg g.node.compute.taken"))
            .count();
        assert!(compute >= 1, "{example}: the priced compute is marked");

        // Self-contained: no scripts, no external stylesheets, fonts or images.
        assert_eq!(page.select(&sel("script, link, img, iframe")).count(), 0);
        for e in page.select(&sel("[src], [href]")) {
            for attr in ["src", "href"] {
                if let Some(v) = e.value().attr(attr) {
                    assert!(v.starts_with('#'), "{example}: {attr}={v} leaves the page");
                }
            }
        }
        assert!(page.select(&sel("style")).next().is_some());
        assert!(
            page.select(&sel("style"))
                .map(text_of)
                .any(|css| css.contains("@media print")),
            "print styles"
        );
    }
}

#[test]
fn markdown_has_every_section_and_valid_mermaid() {
    let md = report(&["examples/web-api.toml"]);
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let want: Vec<&str> = SECTIONS.iter().map(|(_, t)| *t).collect();
    assert_eq!(headings, want);
    assert!(md.starts_with("# Where to run orders-api on AWS\n"));
    let blocks: Vec<&str> = md.split("```mermaid\n").skip(1).collect();
    assert_eq!(blocks.len(), 2, "flowchart and architecture");
    for block in blocks {
        let body = block.split("```").next().unwrap();
        assert!(body.starts_with("flowchart "), "{body}");
        for line in body.lines().skip(1) {
            // Every label is quoted, with balanced quotes.
            assert_eq!(line.matches('"').count() % 2, 0, "{line}");
        }
    }
    // The flowchart's path is styled: the taken class and thick arrows.
    assert!(md.contains("classDef taken"));
    assert!(md.contains("linkStyle "));
}

/// A workload named like markup stays text: no live script in HTML, no broken Markdown table.
#[test]
fn user_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.toml");
    std::fs::write(
        &file,
        r#"version = 1
name = "<script>alert(1)</script> | x"
description = "Has *stars*, [a link](javascript:alert(1)), <img src=x onerror=alert(1)> | and a pipe"

[shape]
kind = "service"

[resources]
vcpu = 1
memory_gb = 2

[traffic]
requests_per_month = 1_000_000
avg_duration_ms = 100
"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();

    let html = report(&[path, "--format", "html"]);
    let page = Html::parse_document(&html);
    assert_eq!(
        page.select(&sel("script, img")).count(),
        0,
        "no live markup"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("<img src=x"));
    let h1 = text_of(page.select(&sel("h1")).next().unwrap());
    assert_eq!(h1, "Where to run <script>alert(1)</script> | x on AWS");
    let title = text_of(page.select(&sel("title")).next().unwrap());
    assert_eq!(title, h1);
    assert!(
        text_of(page.select(&sel(".lede")).next().unwrap()).contains("<img src=x"),
        "shown as text"
    );

    let md = report(&[path]);
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"), "{md}");
    assert!(md.contains("\\[a link\\](javascript"), "no link: {md}");
    assert!(!md.contains(" [a link]("), "no link: {md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| x"));
    // Every table row has as many cells as its header.
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('|') {
            let width = cells(lines[i]).len();
            while i < lines.len() && lines[i].starts_with('|') {
                assert_eq!(cells(lines[i]).len(), width, "row {:?}", lines[i]);
                i += 1;
            }
        }
        i += 1;
    }
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("decision.md");
    std::fs::write(&target, "keep me\n").unwrap();
    let run = Test::new()
        .args(["report", "examples/web-api.toml", "-o"])
        .arg_path(&target)
        .run()
        .input_error();
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");

    // With --force it is replaced, atomically: no temporary file is left beside it.
    let run = Test::new()
        .args(["report", "examples/web-api.toml", "--force", "-o"])
        .arg_path(&target)
        .run()
        .success();
    assert!(run.stdout.is_empty(), "the report goes to the file only");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("# Where to run orders-api on AWS"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // The format follows the extension.
    let html = dir.path().join("decision.html");
    Test::new()
        .args(["report", "examples/web-api.toml", "-o"])
        .arg_path(&html)
        .run()
        .success();
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    // --force without -o is a usage error.
    Test::new()
        .args(["report", "examples/web-api.toml", "--force"])
        .run()
        .input_error();
}

/// Every monthly cost and every line item in both formats equals the JSON figure.
#[test]
fn every_figure_equals_the_json() {
    for example in examples() {
        let file = example.to_str().unwrap();
        let doc = json(file);
        let services = eligible(&doc);

        // HTML: the ranked table, then the breakdowns of the top three.
        let page = Html::parse_document(&report(&[file, "--format", "html"]));
        let rows: Vec<ElementRef<'_>> = page.select(&sel("table.options tbody tr")).collect();
        assert_eq!(rows.len(), services.len(), "{file}");
        for (row, s) in rows.iter().zip(&services) {
            assert_eq!(row.value().attr("data-service"), s["service"].as_str());
            let monthly = text_of(row.select(&sel("td.monthly")).next().unwrap());
            assert_eq!(
                dollars(&monthly),
                s["monthly_cost_usd"].as_f64().unwrap(),
                "{file}"
            );
            let fit = text_of(row.select(&sel("td.fit")).next().unwrap());
            assert_eq!(number(&fit), s["fit_score"].as_f64().unwrap(), "{file}");
        }
        let cards: Vec<ElementRef<'_>> = page.select(&sel("article.breakdown")).collect();
        assert_eq!(cards.len(), services.len().min(3), "{file}");
        for (card, s) in cards.iter().zip(&services) {
            assert_eq!(card.value().attr("data-service"), s["service"].as_str());
            let total = text_of(card.select(&sel("td.total-cell")).next().unwrap());
            assert_eq!(dollars(&total), s["monthly_cost_usd"].as_f64().unwrap());
            let items: Vec<ElementRef<'_>> = card.select(&sel("tr.line-item")).collect();
            let want = s["line_items"].as_array().unwrap();
            assert_eq!(items.len(), want.len(), "{file}");
            for (item, l) in items.iter().zip(want) {
                let cell = |c: &str| text_of(item.select(&sel(c)).next().unwrap());
                assert_eq!(cell("td.item"), l["item"].as_str().unwrap());
                assert_eq!(number(&cell(".quantity")), l["quantity"].as_f64().unwrap());
                assert_eq!(
                    dollars(&cell("td.unit-price")),
                    l["unit_price_usd"].as_f64().unwrap(),
                    "{file}: {}",
                    l["item"]
                );
                assert_eq!(
                    dollars(&cell("td.monthly")),
                    l["monthly_usd"].as_f64().unwrap()
                );
            }
        }

        // Markdown: the ranked table and the breakdown tables.
        let md = report(&[file]);
        let section = |title: &str| {
            let start = md.find(&format!("\n## {title}\n")).unwrap();
            let rest = &md[start + 4..];
            rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
        };
        let options = section("Options considered");
        let rows: Vec<Vec<String>> = options
            .lines()
            .filter(|l| l.starts_with('|'))
            .skip(2)
            .map(cells)
            .collect();
        assert_eq!(rows.len(), services.len(), "{file}");
        for (row, s) in rows.iter().zip(&services) {
            assert_eq!(number(&row[0]), s["rank"].as_f64().unwrap());
            assert_eq!(
                dollars(&row[3]),
                s["monthly_cost_usd"].as_f64().unwrap(),
                "{file}"
            );
        }
        let costs = section("Cost breakdown");
        let cards: Vec<&str> = costs.split("\n### ").skip(1).collect();
        assert_eq!(cards.len(), services.len().min(3), "{file}");
        for (card, s) in cards.iter().zip(&services) {
            let (head, body) = card.split_once('\n').unwrap();
            let amount = head
                .rsplit_once(": ")
                .unwrap()
                .1
                .trim_end_matches(" a month");
            assert_eq!(dollars(amount), s["monthly_cost_usd"].as_f64().unwrap());
            let rows: Vec<Vec<String>> = body
                .lines()
                .filter(|l| l.starts_with('|'))
                .skip(2)
                .map(cells)
                .filter(|r| r[0] != "**Total**")
                .collect();
            let want = s["line_items"].as_array().unwrap();
            assert_eq!(rows.len(), want.len(), "{file}");
            for (row, l) in rows.iter().zip(want) {
                let unit = l["unit"].as_str().unwrap();
                let quantity = row[1]
                    .strip_suffix(unit)
                    .unwrap_or_else(|| panic!("{file}: `{}` ends with the unit `{unit}`", row[1]));
                assert_eq!(number(quantity), l["quantity"].as_f64().unwrap());
                assert_eq!(dollars(&row[2]), l["unit_price_usd"].as_f64().unwrap());
                assert_eq!(dollars(&row[3]), l["monthly_usd"].as_f64().unwrap());
            }
        }
    }
}

/// The engine flags mean what they mean for `recommend`.
#[test]
fn engine_flags_apply() {
    let md = report(&[
        "examples/web-api.toml",
        "--region",
        "eu-west-1",
        "--prefer",
        "cost",
    ]);
    let doc: Value = serde_json::from_str(
        &Test::new()
            .args([
                "recommend",
                "examples/web-api.toml",
                "--region",
                "eu-west-1",
                "--prefer",
                "cost",
                "--format",
                "json",
            ])
            .run()
            .success()
            .stdout,
    )
    .unwrap();
    assert!(md.contains("| orders-api (service) | eu-west-1 |"), "{md}");
    assert!(md.contains("(`--prefer cost`)"));
    let first = &eligible(&doc)[0];
    let name = match first["service"].as_str().unwrap() {
        "ec2" => "EC2",
        "elastic_beanstalk" => "Elastic Beanstalk",
        "ecs" => "ECS on EC2",
        "fargate" => "ECS on Fargate",
        other => panic!("unexpected cheapest service {other}"),
    };
    assert!(md.contains(&format!("| 1 | **{name}** |")), "{md}");
    assert!(
        md.contains("| `region` | `eu-west-1` |"),
        "the override is recorded"
    );

    // `--set` changes the figures as it does for `recommend`, and the report says it was used.
    let set = ["--set", "traffic.requests_per_month=3e8"];
    let md = report(&["examples/web-api.toml", set[0], set[1]]);
    assert!(
        md.contains("| `traffic.requests_per_month` | `3e8` |"),
        "{md}"
    );
    let doc: Value = serde_json::from_str(
        &Test::new()
            .args(["recommend", "examples/web-api.toml", "--format", "json"])
            .args(set)
            .run()
            .success()
            .stdout,
    )
    .unwrap();
    let first = &eligible(&doc)[0];
    let cost = first["monthly_cost_usd"].as_f64().unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| 1 | **"))
        .expect("a ranked row");
    assert_eq!(dollars(&cells(row)[3]), cost);

    let run = Test::new()
        .args(["report", "examples/web-api.toml", "--region", "eu-wst-1"])
        .run()
        .input_error();
    assert!(run.stderr.contains("eu-west-1"), "{}", run.stderr);
}

#[test]
fn help_has_an_example() {
    let run = Test::new().args(["report", "--help"]).run().success();
    assert!(run.stdout.contains("Examples:"), "{}", run.stdout);
    assert!(run.stdout.contains("--force"));
}
