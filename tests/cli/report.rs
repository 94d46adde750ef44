//! `runwhere report`: Markdown and HTML decision records. Snapshots of both formats, the HTML's
//! structure (sections, one SVG bar per eligible service, the highlighted flowchart path),
//! escaping of user text, `-o`/`--force`, and every figure checked against `recommend --format json`.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::support::{Test, examples};

const SNAPSHOT_EXAMPLES: [&str; 3] = ["web-api", "spot-batch", "event-handler"];

/// The sections, in order, with their anchors: an architecture decision record's own (status and
/// date, context, decision, consequences, alternatives), then the evidence.
const SECTIONS: [(&str, &str); 12] = [
    ("status", "Status"),
    ("context", "Context"),
    ("decision", "Decision"),
    ("consequences", "Consequences"),
    ("alternatives", "Alternatives considered"),
    ("costs", "Cost breakdown"),
    ("chart", "Monthly cost by service"),
    ("flowchart", "Decision flowchart"),
    ("architecture", "Architecture"),
    ("caveats", "Caveats"),
    ("assumptions", "Assumptions"),
    ("sources", "Sources"),
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
    assert!(
        md.starts_with("# Run orders-api on ECS on Fargate\n"),
        "{md}"
    );
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
    assert!(
        h1.starts_with("Run <script>alert(1)</script> | x on "),
        "{h1}"
    );
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
    assert!(written.starts_with("# Run orders-api on "), "{written}");
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
        let options = section("Alternatives considered");
        let ranked = options.split("\n### Excluded").next().unwrap();
        let rows: Vec<Vec<String>> = ranked
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

/// Issue 15, item 8: the record's Status (`--status`, default proposed) and Date (the run's date,
/// `SOURCE_DATE_EPOCH` honoured) in both formats, and a bad value refused with status 2.
#[test]
fn status_and_date_follow_the_flags_and_the_clock() {
    // 1795996800 s ÷ 86,400 = 20,787 days after 1970-01-01: 2026-11-30.
    let md = Test::new()
        .env("SOURCE_DATE_EPOCH", "1795996800")
        .args(["report", "examples/web-api.toml"])
        .run()
        .success()
        .stdout;
    let status = md.split("\n## Status\n").nth(1).unwrap();
    assert!(
        status.trim_start().starts_with("**Proposed**, 2026-11-30."),
        "{status}"
    );
    assert!(md.contains("| Proposed | 2026-11-30 |"), "{md}");

    let html = Test::new()
        .env("SOURCE_DATE_EPOCH", "1795996800")
        .args([
            "report",
            "examples/web-api.toml",
            "--format",
            "html",
            "--status",
            "accepted",
        ])
        .run()
        .success()
        .stdout;
    let page = Html::parse_document(&html);
    let p = page.select(&sel("section#status p.status")).next().unwrap();
    assert_eq!(text_of(p), "Accepted, 2026-11-30.");
    let time = page.select(&sel("section#status time")).next().unwrap();
    assert_eq!(time.value().attr("datetime"), Some("2026-11-30"));

    let md = report(&["examples/web-api.toml", "--status", "superseded"]);
    assert!(md.contains("**Superseded**, 2026-11-23."), "{md}");

    let run = Test::new()
        .args(["report", "examples/web-api.toml", "--status", "maybe"])
        .run()
        .input_error();
    assert!(run.stderr.contains("proposed"), "{}", run.stderr);
    let run = Test::new()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["report", "examples/web-api.toml"])
        .run()
        .input_error();
    assert!(run.stderr.contains("SOURCE_DATE_EPOCH"), "{}", run.stderr);
}

/// Issue 15, item 8: Consequences say what the team takes on (operations, with the rules that
/// count against the choice), the lock-in, the limits the workload is near (with the fact's
/// source) and the cost.
#[test]
fn consequences_name_operations_lock_in_limits_and_cost() {
    let md = report(&["examples/web-api.toml"]);
    let section = md
        .split("\n## Consequences\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    for group in [
        "**Operations the team takes on**",
        "**Lock-in**",
        "**Limits the workload is near**",
        "**Cost**",
    ] {
        assert!(section.contains(group), "{group}: {section}");
    }
    assert!(section.contains("AWS-proprietary"), "{section}");
    assert!(
        section.contains(" a month at AWS list prices as of "),
        "{section}"
    );

    // A Lambda handler whose longest run is 12 of Lambda's 15 minutes: 80 % of the limit.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slow.toml");
    std::fs::write(
        &file,
        r#"version = 1
name = "slow-handler"

[shape]
kind = "event"
packaging = "code"

[resources]
vcpu = 1
memory_gb = 2

[traffic]
requests_per_month = 10_000
avg_duration_ms = 60_000
max_duration_min = 12
"#,
    )
    .unwrap();
    let html = report(&[file.to_str().unwrap(), "--format", "html"]);
    let page = Html::parse_document(&html);
    let first = page
        .select(&sel("table.options tr.recommended"))
        .next()
        .and_then(|r| r.value().attr("data-service"));
    assert_eq!(first, Some("lambda"), "{html}");
    let limits: Vec<String> = page
        .select(&sel("#consequences-limits li"))
        .map(text_of)
        .collect();
    assert!(
        limits
            .iter()
            .any(|l| l.contains("needs 12 of at most 15 minutes (80 % of the limit)")),
        "{limits:?}"
    );
    assert!(
        limits.iter().all(|l| l.contains("Source:")),
        "each limit cites its fact: {limits:?}"
    );
}

/// Issue 15, item 10: when the flowchart's target is excluded (App Runner for a new customer), the
/// path says so and shows where the ranking went, in words and in both drawings.
#[test]
fn an_excluded_flowchart_target_shows_where_the_ranking_went() {
    let html = report(&["examples/web-api.toml", "--format", "html"]);
    let page = Html::parse_document(&html);
    let outcome = text_of(
        page.select(&sel("section#flowchart p.outcome"))
            .next()
            .expect("an outcome paragraph"),
    );
    assert!(
        outcome.starts_with("The flowchart leads to App Runner, which is excluded"),
        "{outcome}"
    );
    assert!(
        outcome.contains("The ranking went to ECS on Fargate"),
        "{outcome}"
    );
    let excluded: Vec<Option<&str>> = page
        .select(&sel("section#flowchart svg g.node.excluded"))
        .map(|n| n.value().attr("data-title"))
        .collect();
    assert_eq!(excluded, [Some("App Runner")]);
    let instead = page
        .select(&sel("section#flowchart svg g.node.instead"))
        .next()
        .expect("a box for where the ranking went");
    assert!(
        text_of(instead).contains("ECS on Fargate"),
        "{}",
        text_of(instead)
    );
    assert_eq!(
        page.select(&sel("section#flowchart svg path.edge.instead"))
            .count(),
        1
    );

    let md = report(&["examples/web-api.toml"]);
    assert!(md.contains("The ranking went to ECS on Fargate"), "{md}");
    let mermaid = md.split("## Decision flowchart").nth(1).unwrap();
    assert!(mermaid.contains("-.->|\"excluded\"|"), "{mermaid}");
    assert!(mermaid.contains("class n9 excluded"), "{mermaid}");

    // An existing App Runner customer reaches App Runner: nothing to redirect.
    let md = report(&[
        "examples/web-api.toml",
        "--set",
        "team.existing_platform=app_runner",
    ]);
    assert!(!md.contains("The ranking went to"), "{md}");
    assert!(!md.contains("-.->"), "{md}");
}

/// Issue 15, item 11: defaults in human form, never raw floats (`0.0013333333333333333` minutes
/// is 80 ms), in the report and in `explain`.
#[test]
fn defaults_are_shown_in_human_form() {
    // low-traffic-api leaves out the longest request, which defaults to the average, in minutes.
    let md = report(&["examples/low-traffic-api.toml"]);
    let defaults = md
        .split("Defaults applied")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    // A number with more than four significant digits after its point, like `0.0013333333`.
    let raw_float = |t: &str| {
        t.split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter_map(|w| w.split_once('.'))
            .any(|(_, frac)| frac.trim_start_matches('0').len() > 4)
    };
    assert!(!raw_float(defaults), "{defaults}");
    let explain = Test::new()
        .args(["explain", "examples/low-traffic-api.toml"])
        .run()
        .success()
        .stdout;
    let explain = explain
        .split("Defaults applied:")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap()
        .to_owned();
    assert!(!raw_float(&explain), "{explain}");
    for text in [defaults, explain.as_str()] {
        assert!(
            text.contains("traffic.max_duration_min") && text.contains("80 ms"),
            "{text}"
        );
    }
}

/// Issue 15, item 9: sources named as readers can check them: the price sources list AWS pages
/// and Price List files before secondary sources, which are marked as such, each with a date, and
/// none of the pricing tables' notes for maintainers.
#[test]
fn price_sources_put_aws_first_and_date_each() {
    for example in ["web-api", "spot-batch", "event-handler"] {
        let file = format!("examples/{example}.toml");
        let page = Html::parse_document(&report(&[&file, "--format", "html"]));
        let kinds: Vec<&str> = page
            .select(&sel("section#sources ul.price-sources"))
            .filter_map(|u| u.value().attr("data-kind"))
            .collect();
        let order = |k: &str| match k {
            "aws-page" => 0,
            "price-list" => 1,
            _ => 2,
        };
        assert!(
            kinds.windows(2).all(|w| order(w[0]) < order(w[1])),
            "{example}: {kinds:?}"
        );
        assert_eq!(kinds.first(), Some(&"aws-page"), "{example}");
        let secondary = page
            .select(&sel("section#sources h4"))
            .map(text_of)
            .any(|h| h.starts_with("Secondary sources"));
        assert!(secondary, "{example}: secondary sources marked");
        for li in page.select(&sel("section#sources ul.price-sources li")) {
            let date = li.select(&sel("span.date")).next().map(text_of);
            assert!(
                date.is_some_and(|d| !d.is_empty()),
                "{example}: {}",
                text_of(li)
            );
        }
        let sources = text_of(page.select(&sel("section#sources")).next().unwrap());
        for note in [
            "NOTE",
            "search-index",
            "SECONDARY",
            "project brief",
            "Stored public",
        ] {
            assert!(!sources.contains(note), "{example}: `{note}` in {sources}");
        }
    }
}

/// Issue 15, acceptance 3: the HTML report parses without a single error from html5ever, for
/// every example.
#[test]
fn html_parses_without_errors() {
    for example in examples() {
        let file = example.to_str().unwrap();
        let page = Html::parse_document(&report(&[file, "--format", "html"]));
        assert!(page.errors.is_empty(), "{file}: {:?}", page.errors);
    }
}

/// Issue 15, item 9: citations name a document by its title and section, never by its file name,
/// wherever the report cites (the excluded table, consequences, caveats, the flowchart, the
/// architecture caption and the list of sources).
#[test]
fn citations_name_documents_by_title() {
    for example in examples() {
        let file = example.to_str().unwrap();
        let page = Html::parse_document(&report(&[file, "--format", "html"]));
        let cited: Vec<String> = page
            .select(&sel(
                "span.cite, ul.citations li, section#flowchart > p:first-of-type, section#architecture figcaption",
            ))
            .map(text_of)
            .collect();
        assert!(cited.len() > 3, "{file}: {cited:?}");
        for c in &cited {
            assert!(!c.contains(".txt"), "{file}: a file name in `{c}`");
        }
        let sources: Vec<String> = page
            .select(&sel("section#sources ul.citations li"))
            .map(text_of)
            .collect();
        assert!(
            sources
                .iter()
                .any(|s| s
                    .starts_with("Other Compute Services (LearningTree), \"Decision Flowchart\"")),
            "{file}: {sources:?}"
        );

        let md = report(&[file]);
        let sources = md.split("\n## Sources\n").nth(1).unwrap();
        assert!(!sources.contains(".txt"), "{file}: {sources}");
        let flowchart = md.split("\n## Decision flowchart\n").nth(1).unwrap();
        let intro = flowchart.trim_start().lines().next().unwrap();
        assert!(
            intro.contains("from Other Compute Services (LearningTree), \"Decision Flowchart\""),
            "{file}: {intro}"
        );
    }
}
