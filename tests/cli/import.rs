//! `runwhere pricing import` on the fixture offer files (`tests/fixtures/offers/`), and
//! `runwhere pricing check`. See: #9

use std::path::{Path, PathBuf};

use runwhere::pricing::{Catalog, PriceTable, Tier};

use crate::support::{Test, root};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/offers/us-east-1")
}

/// A writable copy of the fixture offer files.
fn copy_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn edit(dir: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = f(text.clone());
    assert_ne!(text, edited, "the edit applies to {file}");
    std::fs::write(&path, edited).unwrap();
}

/// Edits the parsed offer file.
fn edit_json(dir: &Path, file: &str, f: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join(file);
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    f(&mut doc);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

/// The SKU of the product with this usagetype.
fn sku_of(doc: &serde_json::Value, usagetype: &str) -> String {
    doc["products"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, p)| p["attributes"]["usagetype"] == usagetype)
        .map(|(sku, _)| sku.clone())
        .unwrap()
}

fn import(offers: &Path, out: &Path, extra: &[&str]) -> crate::support::Run {
    Test::new()
        .args(["pricing", "import", "--region", "us-east-1", "--offers"])
        .arg_path(offers)
        .args(["-o"])
        .arg_path(out)
        .args(extra)
        .run()
}

fn imported(offers: &Path) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    import(offers, out.path(), &[]).success();
    let text = std::fs::read_to_string(out.path().join("us-east-1.toml")).unwrap();
    (out, text)
}

#[test]
fn imports_the_fixtures() {
    let out = tempfile::tempdir().unwrap();
    let run = import(&fixtures(), out.path(), &[]).success();
    assert!(
        run.stdout.contains("40 of 40 instance types priced"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("carried over from pricing/us-east-1.toml"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(out.path().join("us-east-1.toml")).unwrap();
    insta::assert_snapshot!("import-us-east-1", text);
}

#[test]
fn pricing_check_accepts_the_import_and_recommend_uses_it() {
    // Double the Fargate x86 vCPU price in the offer: recommend must quote the new price.
    let offers = copy_fixtures();
    edit(offers.path(), "AmazonECS.json", |t| {
        t.replacen(
            "\"USD\" : \"0.0404800000\"",
            "\"USD\" : \"0.0809600000\"",
            1,
        )
    });
    let (out, _) = imported(offers.path());
    let run = Test::new()
        .args(["pricing", "check"])
        .arg_path(out.path())
        .run()
        .success();
    assert!(
        run.stdout
            .starts_with("ok: us-east-1 (US East (N. Virginia)), as of 2026-09-20"),
        "{}",
        run.stdout
    );
    let work = tempfile::tempdir().unwrap();
    let workload = work.path().join("w.toml");
    std::fs::write(
        &workload,
        "version = 1\nname = \"x\"\nregion = \"us-east-1\"\n[shape]\nkind = \"service\"\narch = \"x86\"\n[traffic]\nrequests_per_month = 1_000_000\navg_duration_ms = 100\n",
    )
    .unwrap();
    let run = Test::new()
        .args(["recommend", "--format", "json", "--pricing-dir"])
        .arg_path(out.path())
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
    assert_eq!(
        fargate["line_items"][0]["unit_price_usd"], 0.08096,
        "{fargate}"
    );
}

fn tiers(t: &[Tier]) -> Vec<(Option<f64>, f64)> {
    t.iter().map(|t| (t.up_to, t.price)).collect()
}

/// Every value of two tables, as text, for a comparison that names the key that differs.
fn values(t: &PriceTable) -> Vec<(String, String)> {
    let f = &t.fargate;
    let l = &t.lambda;
    let a = &t.app_runner;
    let lb = &t.load_balancer;
    let n = &t.network;
    let sp = &t.savings_plan;
    let mut v: Vec<(String, String)> = vec![
        ("fargate.x86_vcpu_hour", format!("{:?}", f.x86_vcpu_hour)),
        ("fargate.x86_gb_hour", format!("{:?}", f.x86_gb_hour)),
        ("fargate.arm_vcpu_hour", format!("{:?}", f.arm_vcpu_hour)),
        ("fargate.arm_gb_hour", format!("{:?}", f.arm_gb_hour)),
        (
            "fargate.storage_gb_hour",
            format!("{:?}", f.storage_gb_hour),
        ),
        (
            "fargate.spot_x86_vcpu_hour",
            format!("{:?}", f.spot_x86_vcpu_hour),
        ),
        (
            "fargate.spot_x86_gb_hour",
            format!("{:?}", f.spot_x86_gb_hour),
        ),
        (
            "fargate.spot_arm_vcpu_hour",
            format!("{:?}", f.spot_arm_vcpu_hour),
        ),
        (
            "fargate.spot_arm_gb_hour",
            format!("{:?}", f.spot_arm_gb_hour),
        ),
        (
            "lambda.request_per_million",
            format!("{:?}", l.request_per_million),
        ),
        (
            "lambda.x86_gb_second",
            format!("{:?}", tiers(&l.x86_gb_second)),
        ),
        (
            "lambda.arm_gb_second",
            format!("{:?}", tiers(&l.arm_gb_second)),
        ),
        ("lambda.free_requests", format!("{:?}", l.free_requests)),
        ("lambda.free_gb_seconds", format!("{:?}", l.free_gb_seconds)),
        (
            "app_runner.active_vcpu_hour",
            format!("{:?}", a.active_vcpu_hour),
        ),
        (
            "app_runner.active_gb_hour",
            format!("{:?}", a.active_gb_hour),
        ),
        (
            "app_runner.provisioned_gb_hour",
            format!("{:?}", a.provisioned_gb_hour),
        ),
        ("eks.cluster_hour", format!("{:?}", t.eks.cluster_hour)),
        (
            "eks.extended_cluster_hour",
            format!("{:?}", t.eks.extended_cluster_hour),
        ),
        ("load_balancer.alb_hour", format!("{:?}", lb.alb_hour)),
        (
            "load_balancer.alb_lcu_hour",
            format!("{:?}", lb.alb_lcu_hour),
        ),
        ("load_balancer.nlb_hour", format!("{:?}", lb.nlb_hour)),
        (
            "load_balancer.nlb_lcu_hour",
            format!("{:?}", lb.nlb_lcu_hour),
        ),
        (
            "api_gateway.http_per_million",
            format!("{:?}", tiers(&t.api_gateway.http_per_million)),
        ),
        (
            "network.nat_gateway_hour",
            format!("{:?}", n.nat_gateway_hour),
        ),
        ("network.nat_gateway_gb", format!("{:?}", n.nat_gateway_gb)),
        (
            "network.data_transfer_out_gb",
            format!("{:?}", tiers(&n.data_transfer_out_gb)),
        ),
        (
            "spot.ec2",
            format!(
                "{:?}",
                t.spot
                    .ec2
                    .as_ref()
                    .map(|s| (&s.instance_type, s.on_demand, s.spot))
            ),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for (k, rate) in f.prices() {
        if k.starts_with("savings_plan_") {
            v.push((format!("fargate.{k}"), format!("{rate:?}")));
        }
    }
    for (k, d) in [
        ("ec2_1yr", &sp.ec2_1yr),
        ("ec2_3yr", &sp.ec2_3yr),
        ("lambda_1yr", &sp.lambda_1yr),
        ("lambda_3yr", &sp.lambda_3yr),
    ] {
        let d = d
            .as_ref()
            .map(|d| (&d.basis, d.on_demand, d.rate, d.discount));
        v.push((format!("savings_plan.{k}"), format!("{d:?}")));
    }
    for (name, r) in &t.ec2.instances {
        v.push((
            format!("ec2.instances.{name}"),
            format!(
                "{:?}",
                (
                    &r.family,
                    &r.arch,
                    r.vcpu,
                    r.memory_gib,
                    r.gpus,
                    &r.gpu_model,
                    r.hourly
                )
            ),
        ));
    }
    v
}

/// The bundled us-east-1 table is reproducible from offer files carrying the same figures.
#[test]
fn bundled_us_east_1_agrees_with_an_import_of_the_same_figures() {
    let (out, _) = imported(&fixtures());
    let catalog = Catalog::from_dir(out.path()).unwrap();
    let imported = &catalog.region("us-east-1").unwrap().table;
    let bundled = Catalog::bundled().unwrap();
    let bundled = &bundled.region("us-east-1").unwrap().table;
    // Every imported value is the bundled one; the bundled table has every value the import has,
    // and more instance types (its catalogue lists types the fixture offer file does not sell).
    let (a, b) = (values(bundled), values(imported));
    let a: std::collections::BTreeMap<String, String> = a.into_iter().collect();
    for (key, y) in &b {
        assert_eq!(a.get(key), Some(y), "{key}: bundled vs imported");
    }
    for key in a.keys() {
        assert!(
            key.starts_with("ec2.instances.") || b.iter().any(|(k, _)| k == key),
            "{key} is not imported"
        );
    }
    assert_eq!(imported.name, bundled.name);
}

#[test]
fn every_instance_type_of_the_offer_with_all_instances() {
    let out = tempfile::tempdir().unwrap();
    let run = import(&fixtures(), out.path(), &["--all-instances"]).success();
    assert!(
        run.stdout.contains("40 of 40 instance types priced"),
        "{}",
        run.stdout
    );
    // Every catalogue type the offer sells is priced; the others are counted, not listed.
    assert!(
        run.stdout
            .contains("1312 types of the bundled catalogue are not in the offer file"),
        "{}",
        run.stdout
    );
    let catalog = Catalog::from_dir(out.path()).unwrap();
    let t = &catalog.region("us-east-1").unwrap().full_table();
    let metal = &t.ec2.instances["c7g.metal"];
    assert_eq!(
        (metal.arch.as_str(), metal.vcpu, metal.hourly),
        ("arm", 64.0, Some(2.32))
    );
    assert_eq!(t.ec2.instances["m5.24xlarge"].family, "general");
    // A storage-optimised type the bundled catalogue knows keeps the catalogue's family.
    assert_eq!(t.ec2.instances["i4i.large"].family, "storage");
}

#[test]
fn a_region_without_a_bundled_table_lists_spot_and_savings_plans_as_missing() {
    let offers = copy_fixtures();
    for entry in std::fs::read_dir(offers.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        edit(offers.path(), &name, |t| {
            t.replace(
                "\"regionCode\" : \"us-east-1\"",
                "\"regionCode\" : \"ca-central-1\"",
            )
            .replace("\"USE1-", "\"CAN1-")
        });
    }
    let out = tempfile::tempdir().unwrap();
    let run = Test::new()
        .args(["pricing", "import", "--region", "ca-central-1", "--offers"])
        .arg_path(offers.path())
        .args(["-o"])
        .arg_path(out.path())
        .run()
        .success();
    assert!(run.stdout.contains("spot.ec2: EC2 Spot prices are not in the On-Demand offer files, and runwhere has no bundled table for ca-central-1"), "{}", run.stdout);
    let catalog = Catalog::from_dir(out.path()).unwrap();
    let t = &catalog.region("ca-central-1").unwrap().full_table();
    assert!(t.spot.ec2.is_none() && t.savings_plan.ec2_1yr.is_none());
    assert_eq!(t.fargate.x86_vcpu_hour, Some(0.04048));
}

/// Runs an import that must fail: exit 2, the message, and no table written.
#[track_caller]
fn fails(offers: &Path, expected: &[&str]) -> String {
    let out = tempfile::tempdir().unwrap();
    let run = import(offers, out.path(), &[]).input_error();
    for e in expected {
        assert!(run.stderr.contains(e), "expected `{e}` in:\n{}", run.stderr);
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no file is written"
    );
    run.stderr
}

#[test]
fn a_truncated_offer_file_is_an_input_error() {
    let offers = copy_fixtures();
    let path = offers.path().join("AmazonEC2.json");
    let text = std::fs::read(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    fails(
        offers.path(),
        &[
            "AmazonEC2.json",
            "the file ends early",
            "was the download cut short?",
        ],
    );
}

#[test]
fn malformed_json_points_at_the_line() {
    let offers = copy_fixtures();
    edit(offers.path(), "AWSLambda.json", |t| {
        t.replacen(
            "\"productFamily\" : \"Serverless\",",
            "\"productFamily\" : Serverless,",
            1,
        )
    });
    let stderr = fails(offers.path(), &["AWSLambda.json` line ", "expected value"]);
    insta::assert_snapshot!(
        "import-malformed",
        stderr.replace(&offers.path().display().to_string(), "[OFFERS]")
    );
}

#[test]
fn a_price_that_is_not_a_number_is_an_input_error() {
    let offers = copy_fixtures();
    edit(offers.path(), "AmazonEKS.json", |t| {
        t.replacen("\"USD\" : \"0.1000000000\"", "\"USD\" : \"ten cents\"", 1)
    });
    fails(
        offers.path(),
        &[
            "AmazonEKS.json` line ",
            "price `ten cents` is not a decimal number",
        ],
    );
}

#[test]
fn the_wrong_service_in_a_file_is_an_input_error() {
    let offers = copy_fixtures();
    std::fs::copy(
        offers.path().join("AWSLambda.json"),
        offers.path().join("AmazonECS.json"),
    )
    .unwrap();
    fails(
        offers.path(),
        &[
            "AmazonECS.json",
            "this is the `AWSLambda` offer file, not `AmazonECS`",
        ],
    );
}

#[test]
fn a_file_that_is_not_an_offer_is_an_input_error() {
    let offers = copy_fixtures();
    std::fs::write(
        offers.path().join("AmazonEKS.json"),
        "{\"formatVersion\": \"v1.0\", \"offers\": {}}",
    )
    .unwrap();
    fails(
        offers.path(),
        &["AmazonEKS.json` is not a Price List offer file: it has no `offerCode`"],
    );
}

#[test]
fn an_absent_offer_file_names_what_needs_it() {
    let offers = copy_fixtures();
    std::fs::remove_file(offers.path().join("AmazonEKS.json")).unwrap();
    fails(
        offers.path(),
        &["no offer file for `eks.cluster_hour`", "AmazonEKS.json"],
    );
}

#[test]
fn an_absent_optional_offer_is_listed_as_missing() {
    let offers = copy_fixtures();
    std::fs::remove_file(offers.path().join("AWSAppRunner.json")).unwrap();
    let (_, text) = imported(offers.path());
    assert!(
        text.contains("active_vcpu_hour = \"no AWSAppRunner.json in `"),
        "{text}"
    );
}

/// Issue 13 item 16: egress comes from the AWSDataTransfer offer (rows with `fromRegionCode` and
/// no `regionCode`), public IPv4 and interface endpoints from AmazonVPC, gp3 from AmazonEC2.
#[test]
fn networking_and_disks_come_from_the_vpc_data_transfer_and_ec2_offers() {
    let (_, text) = imported(&fixtures());
    for line in [
        "public_ipv4_hour = 0.005               # SKU ",
        "vpc_endpoint_hour = 0.01               # SKU ",
        // Interface endpoint processing is tiered in petabytes: the first tier is the price.
        "vpc_endpoint_gb = 0.01                 # SKU ",
        "gp3_gb_month = 0.08                    # SKU ",
        "data_transfer_free_gb = 100            # carried over from pricing/us-east-1.toml",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // The AWSDataTransfer row (USE1- prefixed, to the internet) wins over the EC2 offer's.
    assert!(
        text.contains("{ price = 0.05 } ] # SKU ") && text.contains(" USE1-DataTransfer-Out-Bytes"),
        "{text}"
    );
    assert!(!text.contains("USE1-USW2-AWS-Out-Bytes"), "{text}");
    assert!(
        text.contains("source = [\"AWSDataTransfer\", \"AmazonEC2\", \"AmazonVPC\", \"CARRIED\"]"),
        "{text}"
    );
}

/// Without the optional AmazonVPC and AWSDataTransfer offers, egress falls back to the EC2 offer
/// and what only AmazonVPC gives is named as missing, never written as 0.
#[test]
fn without_the_vpc_and_data_transfer_offers_their_prices_are_missing() {
    let offers = copy_fixtures();
    std::fs::remove_file(offers.path().join("AmazonVPC.json")).unwrap();
    std::fs::remove_file(offers.path().join("AWSDataTransfer.json")).unwrap();
    let (_, text) = imported(offers.path());
    for key in ["public_ipv4_hour", "vpc_endpoint_hour", "vpc_endpoint_gb"] {
        assert!(
            text.contains(&format!("{key} = \"no AmazonVPC.json in `")),
            "{key}\n{text}"
        );
    }
    assert!(
        text.contains("{ price = 0.05 } ] # SKU ") && text.contains(" DataTransfer-Out-Bytes\n"),
        "{text}"
    );
    // Without gp3 in the EC2 offer, the disk price is missing with what was looked for.
    let offers = copy_fixtures();
    edit_json(offers.path(), "AmazonEC2.json", |doc| {
        let sku = sku_of(doc, "EBS:VolumeUsage.gp3");
        doc["products"].as_object_mut().unwrap().remove(&sku);
    });
    let (_, text) = imported(offers.path());
    assert!(
        text.contains("gp3_gb_month = \"the AmazonEC2 offer file (version 20260720134430) has no product with usagetype `EBS:VolumeUsage.gp3`\""),
        "{text}"
    );
}

#[test]
fn a_missing_required_price_fails_instead_of_writing_zero() {
    let offers = copy_fixtures();
    edit_json(offers.path(), "AmazonECS.json", |doc| {
        let sku = sku_of(doc, "USE1-Fargate-vCPU-Hours:perCPU");
        doc["products"].as_object_mut().unwrap().remove(&sku);
    });
    edit_json(offers.path(), "AWSLambda.json", |doc| {
        let sku = sku_of(doc, "Lambda-GB-Second");
        doc["terms"]["OnDemand"]
            .as_object_mut()
            .unwrap()
            .remove(&sku);
    });
    fails(
        offers.path(),
        &[
            "no table was written",
            "`fargate.x86_vcpu_hour` (the AmazonECS offer file (version 20250828172723) has no product with usagetype `Fargate-vCPU-Hours:perCPU`)",
            "`lambda.x86_gb_second`",
        ],
    );
}

#[test]
fn a_zero_price_that_passes_the_filters_is_refused() {
    let offers = copy_fixtures();
    edit(offers.path(), "AWSELB.json", |t| {
        t.replacen(
            "\"USD\" : \"0.0225000000\"",
            "\"USD\" : \"0.0000000000\"",
            1,
        )
    });
    fails(
        offers.path(),
        &["AWSELB.json", "for `load_balancer.alb_hour` is priced 0"],
    );
}

#[test]
fn two_products_for_one_price_are_refused() {
    let offers = copy_fixtures();
    edit_json(offers.path(), "AmazonEC2.json", |doc| {
        let products = doc["products"].as_object_mut().unwrap();
        let (_, m5) = products
            .iter()
            .find(|(_, p)| {
                p["attributes"]["usagetype"] == "BoxUsage:m5.large"
                    && p["attributes"]["operatingSystem"] == "Linux"
                    && p["attributes"]["tenancy"] == "Shared"
                    && p["attributes"]["capacitystatus"] == "Used"
                    && p["attributes"]["operation"] == "RunInstances"
                    && p["attributes"]["preInstalledSw"] == "NA"
                    && p["attributes"]["licenseModel"] == "No License required"
            })
            .unwrap();
        let copy = m5.clone();
        products.insert("ZZZZZZZZZZZZZZZZ".to_owned(), copy);
    });
    fails(
        offers.path(),
        &[
            "2 products match `ec2.instances.\"m5.large\"`",
            "ZZZZZZZZZZZZZZZZ",
        ],
    );
}

#[test]
fn a_region_the_offers_do_not_have_is_an_input_error() {
    let out = tempfile::tempdir().unwrap();
    let run = Test::new()
        .args(["pricing", "import", "--region", "eu-west-3", "--offers"])
        .arg_path(&fixtures())
        .args(["-o"])
        .arg_path(out.path())
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("has no products in region `eu-west-3`; it has "),
        "{}",
        run.stderr
    );
}

#[test]
fn an_existing_table_is_kept_without_force() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("us-east-1.toml");
    std::fs::write(&path, "mine").unwrap();
    let run = import(&fixtures(), &path, &[]).input_error();
    assert!(
        run.stderr.contains("already exists; pass `--force`"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    import(&fixtures(), &path, &["--force"]).success();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# Pricing table")
    );
}

#[test]
fn the_output_must_be_named_after_the_region() {
    let out = tempfile::tempdir().unwrap();
    let run = import(&fixtures(), &out.path().join("prices.toml"), &[]).input_error();
    assert!(
        run.stderr.contains("must be named `us-east-1.toml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn pricing_check_reports_a_broken_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = std::fs::read_to_string(root().join("pricing/us-east-1.toml")).unwrap();
    std::fs::write(
        dir.path().join("us-east-1.toml"),
        table.replacen("cluster_hour = 0.10", "", 1),
    )
    .unwrap();
    let run = Test::new()
        .args(["pricing", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("[eks] has no `cluster_hour`"),
        "{}",
        run.stderr
    );
    Test::new()
        .args(["pricing", "check", "pricing"])
        .run()
        .success();
}

#[test]
fn pricing_diff_shows_what_changed_and_by_how_much() {
    let offers = copy_fixtures();
    edit(offers.path(), "AmazonECS.json", |t| {
        t.replacen(
            "\"USD\" : \"0.0404800000\"",
            "\"USD\" : \"0.0809600000\"",
            1,
        )
    });
    let (out, _) = imported(offers.path());
    // Against an import of the unedited offers (the bundled table has the whole catalogue, which
    // the fixture offer file does not sell: those types would show as removed).
    let (base, _) = imported(&fixtures());
    let run = Test::new()
        .args(["pricing", "diff"])
        .arg_path(&base.path().join("us-east-1.toml"))
        .arg_path(&out.path().join("us-east-1.toml"))
        .run()
        .success();
    insta::assert_snapshot!("pricing-diff", run.stdout);
    // Directories compare the regions they share.
    let run = Test::new()
        .args(["pricing", "diff"])
        .arg_path(base.path())
        .arg_path(out.path())
        .run()
        .success();
    assert!(run.stdout.contains("1 changed"), "{}", run.stdout);
    // The bundled table against the import: the change, and the catalogue types the fixture
    // offer file does not sell, as removed.
    let run = Test::new()
        .args(["pricing", "diff", "pricing/us-east-1.toml"])
        .arg_path(&out.path().join("us-east-1.toml"))
        .run()
        .success();
    assert!(
        run.stdout.contains("fargate.x86_vcpu_hour"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ec2.instances.\"a1.large\""),
        "{}",
        run.stdout
    );
    let run = Test::new()
        .args([
            "pricing",
            "diff",
            "pricing/us-east-1.toml",
            "pricing/eu-west-1.toml",
        ])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("have no region in common"),
        "{}",
        run.stderr
    );
}

/// The CSV form of the same offers gives the same table (only the file names in [sources] differ).
#[test]
fn the_csv_form_gives_the_same_table() {
    let (json, json_text) = imported(&fixtures());
    let (csv, csv_text) = imported(&root().join("tests/fixtures/offers/us-east-1-csv"));
    let a = Catalog::from_dir(json.path()).unwrap();
    let b = Catalog::from_dir(csv.path()).unwrap();
    assert_eq!(
        values(&a.region("us-east-1").unwrap().table),
        values(&b.region("us-east-1").unwrap().table)
    );
    assert_eq!(
        json_text.replace(".json", ".csv"),
        csv_text,
        "the same text, SKU comments included"
    );
}

#[test]
fn a_broken_csv_offer_is_an_input_error() {
    let offers = tempfile::tempdir().unwrap();
    let csv = root().join("tests/fixtures/offers/us-east-1-csv");
    for entry in std::fs::read_dir(&csv).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, offers.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(csv.join("AWSLambda.csv"), offers.path().join("AWSELB.csv")).unwrap();
    let stderr = fails(
        offers.path(),
        &["AWSELB.csv` line 5: this is the `AWSLambda` offer file, not `AWSELB`"],
    );
    assert!(!stderr.contains("panicked"));
    std::fs::copy(csv.join("AWSELB.csv"), offers.path().join("AWSELB.csv")).unwrap();
    edit(offers.path(), "AmazonEKS.csv", |t| {
        t.replacen("\"0.1000000000\"", "\"ten cents\"", 1)
    });
    fails(
        offers.path(),
        &[
            "AmazonEKS.csv` line ",
            "price `ten cents` is not a decimal number",
        ],
    );
}

#[test]
fn import_help_names_the_files_and_an_example() {
    let run = Test::new()
        .args(["pricing", "import", "--help"])
        .run()
        .success();
    for needle in [
        "--region <REGION>",
        "--offers <DIR>",
        "AmazonEC2.json",
        "runwhere pricing import --region us-east-1 --offers offers/",
    ] {
        assert!(run.stdout.contains(needle), "{needle} in:\n{}", run.stdout);
    }
}

#[test]
fn the_output_directory_is_created() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("my-pricing");
    import(&fixtures(), &dir, &[]).success();
    assert!(dir.join("us-east-1.toml").is_file());
}

/// Issue 16: a single price whose range ends before `Inf` was accepted, pricing everything above
/// its end at its rate.
#[test]
fn a_single_price_must_cover_every_quantity() {
    let offers = copy_fixtures();
    edit(offers.path(), "AmazonECS.json", |t| {
        t.replacen("\"endRange\" : \"Inf\"", "\"endRange\" : \"1000\"", 1)
    });
    let out = tempfile::tempdir().unwrap();
    let run = import(offers.path(), out.path(), &[]).input_error();
    assert!(
        run.stderr.contains(
            "has one price dimension, for 0 to 1000, where one from 0 to `Inf` was expected"
        ),
        "{}",
        run.stderr
    );
}

/// Issue 16: a 2 GB sparse CSV offer (all NUL bytes, no line end) was buffered whole and aborted
/// on a 2 GB allocation. Now the first record past 1 MiB stops the import.
#[test]
fn a_huge_csv_record_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let csv = root().join("tests/fixtures/offers/us-east-1-csv");
    for entry in std::fs::read_dir(&csv).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    for name in ["AmazonEC2.csv", "AmazonECS.csv"] {
        let sparse = std::fs::File::create(dir.path().join(name)).unwrap();
        sparse.set_len(2 << 30).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let run = import(dir.path(), out.path(), &[]).input_error();
    assert!(
        run.stderr
            .contains("line 1: a record longer than 1048576 bytes"),
        "{}",
        run.stderr
    );
}
