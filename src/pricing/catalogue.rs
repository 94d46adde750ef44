//! The EC2 instance catalogue (`catalogue/ec2-<region>.csv`): one row per instance type with its
//! On-Demand price, specifications, generation, burstable baseline, local NVMe and Spot range
//! (`catalogue/README.md` names the columns and their sources).
//!
//! [`parse`] is the one reader of that CSV text: the bundled catalogues, a `--pricing-dir`'s
//! `ec2-<region>.csv`, and anything that compiles the bundled data all go through it, so a row
//! means the same wherever it is read. Every problem is reported with file, line and column.

use std::collections::BTreeMap;
use std::ops::Range;

use super::InstanceRow;
use crate::input::diagnostic::{Diagnostic, Diagnostics};
use crate::input::source::SourceFile;

/// The columns, in file order.
pub const HEADER: [&str; 15] = [
    "instance_type",
    "on_demand_usd",
    "spot_usd_min",
    "spot_usd_max",
    "spot_azs",
    "vcpu",
    "memory_gib",
    "gpus",
    "gpu_model",
    "accelerator",
    "arch",
    "generation",
    "burst_baseline_pct",
    "local_nvme_gb",
    "sources",
];

/// The catalogue file of `region`, as a directory or the repository names it.
pub fn file_name(region: &str) -> String {
    format!("ec2-{region}.csv")
}

/// The instance types of one catalogue file, by name, each as a pricing table's
/// `[ec2.instances]` row would give it (its `origin` naming the file and line).
///
/// The table's family is derived from the row: `gpu` for a type with GPUs or a GPU model,
/// `accelerator` for a non-GPU accelerator, FPGA (`f1`, `f2`) or media (`vt1`) type, `burstable`
/// for a type with a burst baseline, else by the family letters: `c`/`hpc` compute, `r`, `x`, `z`,
/// `u` memory, `i`, `d`, `h`, `im`, `is` storage, everything else general purpose.
///
/// # Errors
/// Every malformed row or value, with its line and column.
pub fn parse(source: &SourceFile) -> Result<BTreeMap<String, InstanceRow>, Diagnostics> {
    let text = source.text();
    let mut diags = Diagnostics::default();
    let mut rows = BTreeMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    match reader.headers() {
        Ok(h) if h.iter().eq(HEADER.iter().copied()) => {}
        Ok(_) => {
            let end = text.find('\n').unwrap_or(text.len());
            diags.push(
                Diagnostic::new(source, Some(0..end), "unexpected catalogue header")
                    .with_help(format!("the first line is `{}`", HEADER.join(","))),
            );
            return Err(diags);
        }
        Err(e) => {
            diags.push(Diagnostic::new(
                source,
                Some(0..0),
                format!("not a CSV file: {e}"),
            ));
            return Err(diags);
        }
    }
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(start, csv::Position::byte);
                diags.push(Diagnostic::new(
                    source,
                    Some(span_of_line(text, at as usize)),
                    format!("malformed catalogue row: {e}"),
                ));
                break;
            }
        }
        let start = usize::try_from(start).unwrap_or(usize::MAX).min(text.len());
        let line = source.line_col(start).0;
        let mut row = Row {
            source,
            text,
            start,
            record: &record,
            diags: &mut diags,
        };
        if let Some((name, instance)) = row.read(line) {
            match rows.entry(name) {
                std::collections::btree_map::Entry::Occupied(e) => {
                    let message = format!("instance type `{}` is listed twice", e.key());
                    row.fail(0, message, None);
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(instance);
                }
            }
        }
    }
    if rows.is_empty() && diags.is_empty() {
        diags.push(Diagnostic::new(
            source,
            Some(0..0),
            "the catalogue lists no instance types",
        ));
    }
    if diags.is_empty() {
        Ok(rows)
    } else {
        Err(diags)
    }
}

/// One record being read, for spans of its fields.
struct Row<'a> {
    source: &'a SourceFile,
    text: &'a str,
    /// Byte offset of the record in the text.
    start: usize,
    record: &'a csv::StringRecord,
    diags: &'a mut Diagnostics,
}

impl Row<'_> {
    fn field(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or_default()
    }

    /// The span of column `i` in the file: found by counting commas on the line (the catalogue
    /// quotes no field); the whole line when the line has quotes.
    fn span(&self, i: usize) -> Range<usize> {
        let line = span_of_line(self.text, self.start);
        let raw = &self.text[line.clone()];
        if raw.contains('"') {
            return line;
        }
        let mut from = line.start;
        for (n, part) in raw.split(',').enumerate() {
            if n == i {
                return from..from + part.len();
            }
            from += part.len() + 1;
        }
        line
    }

    fn fail(&mut self, column: usize, message: String, help: Option<&str>) {
        let span = self.span(column);
        let d = Diagnostic::new(self.source, Some(span), message)
            .with_optional_help(help.map(str::to_owned));
        self.diags.push(d);
    }

    /// A number of column `i`, or a diagnostic.
    fn number(&mut self, i: usize, what: &str, ok: impl Fn(f64) -> bool) -> Option<f64> {
        let text = self.field(i).to_owned();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && ok(v) => Some(v),
            _ => {
                self.fail(i, format!("`{}` is `{text}`, not {what}", HEADER[i]), None);
                None
            }
        }
    }

    fn optional(&mut self, i: usize, what: &str, ok: impl Fn(f64) -> bool) -> Option<Option<f64>> {
        if self.field(i).is_empty() {
            Some(None)
        } else {
            self.number(i, what, ok).map(Some)
        }
    }

    fn read(&mut self, line: usize) -> Option<(String, InstanceRow)> {
        use super::load::{
            MAX_INSTANCE_GPUS, MAX_INSTANCE_MEMORY_GIB, MAX_INSTANCE_VCPU, MAX_PRICE_USD,
        };
        let before = self.diags.len();
        if self.record.len() != HEADER.len() {
            self.fail(
                0,
                format!(
                    "the row has {} columns, the header {}",
                    self.record.len(),
                    HEADER.len()
                ),
                None,
            );
            return None;
        }
        let name = self.field(0).to_owned();
        let name_ok = name.split_once('.').is_some_and(|(f, s)| {
            !f.is_empty()
                && !s.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        });
        if !name_ok {
            self.fail(
                0,
                format!("`{name}` is not an instance type"),
                Some("an instance type reads `family.size`, e.g. `m7g.large`"),
            );
        }
        let price = |v: f64| v > 0.0 && v <= MAX_PRICE_USD;
        let hourly = self.number(1, "a price above 0 and up to 1000000", price);
        let spot = self.optional(3, "a price above 0 and up to 1000000", price);
        let vcpu = self.number(5, "a vCPU count from 1 to 4096", |v| {
            v > 0.0 && v <= MAX_INSTANCE_VCPU
        });
        let memory = self.number(6, "a memory size in GiB above 0 and up to 65536", |v| {
            v > 0.0 && v <= MAX_INSTANCE_MEMORY_GIB
        });
        let gpus = self.number(7, "a whole number of GPUs from 0 to 64", |v| {
            v.fract() == 0.0 && (0.0..=f64::from(MAX_INSTANCE_GPUS)).contains(&v)
        });
        let arch = match self.field(10) {
            "x86_64" => Some("x86"),
            "arm64" => Some("arm"),
            other => {
                let other = other.to_owned();
                self.fail(
                    10,
                    format!("`arch` is `{other}`"),
                    Some("expected `x86_64` or `arm64`"),
                );
                None
            }
        };
        let generation = match self.field(11) {
            g @ ("current" | "previous") => Some(g.to_owned()),
            other => {
                let other = other.to_owned();
                self.fail(
                    11,
                    format!("`generation` is `{other}`"),
                    Some("expected `current` or `previous`"),
                );
                None
            }
        };
        let baseline = self.optional(12, "a percentage above 0 and up to 100", |v| {
            v > 0.0 && v <= 100.0
        });
        let nvme = self.optional(13, "a whole number of GB", |v| {
            v.fract() == 0.0 && (0.0..=1e9).contains(&v)
        });
        if self.diags.len() > before {
            return None;
        }
        let (hourly, spot, vcpu, memory, gpus, arch, generation, baseline, nvme) = (
            hourly?,
            spot?,
            vcpu?,
            memory?,
            gpus?,
            arch?,
            generation?,
            baseline?,
            nvme?,
        );
        let gpu_model = Some(self.field(8).to_owned()).filter(|m| !m.is_empty());
        let accelerator = Some(self.field(9).to_owned()).filter(|a| !a.is_empty());
        // GPUs are whole numbers up to 64 (checked above).
        let gpus = gpus as u32;
        let family = family_of(
            &name,
            gpus,
            gpu_model.is_some(),
            accelerator.is_some(),
            baseline,
        );
        let row = InstanceRow {
            family: family.to_owned(),
            arch: arch.to_owned(),
            vcpu,
            memory_gib: memory,
            gpus,
            gpu_model,
            hourly: Some(hourly),
            missing: None,
            generation: Some(generation),
            burst_baseline_pct: baseline,
            spot_hourly: spot,
            accelerator,
            // Whole numbers up to 1e9 (checked above).
            local_nvme_gb: nvme.map(|n| n as u64),
            origin: format!("{}:{line}", self.source.name()),
        };
        Some((name, row))
    }
}

/// runwhere's family of a catalogue row (see [`parse`]).
fn family_of(
    name: &str,
    gpus: u32,
    gpu_model: bool,
    accelerator: bool,
    baseline: Option<f64>,
) -> &'static str {
    let family = name.split('.').next().unwrap_or_default();
    let letters: String = family
        .chars()
        .take_while(char::is_ascii_lowercase)
        .collect();
    if gpus > 0 || gpu_model {
        "gpu"
    } else if accelerator || matches!(letters.as_str(), "f" | "vt") {
        "accelerator"
    } else if baseline.is_some() {
        "burstable"
    } else {
        match letters.as_str() {
            "c" | "hpc" => "compute",
            "r" | "x" | "z" | "u" => "memory",
            "i" | "d" | "h" | "im" | "is" => "storage",
            _ => "general",
        }
    }
}

/// The line holding byte `at`, without its line break.
fn span_of_line(text: &str, at: usize) -> Range<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..]
        .find('\n')
        .map_or(text.len(), |i| at + i)
        .max(start);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "instance_type,on_demand_usd,spot_usd_min,spot_usd_max,spot_azs,vcpu,memory_gib,gpus,gpu_model,accelerator,arch,generation,burst_baseline_pct,local_nvme_gb,sources\n";

    fn parse_text(rows: &str) -> Result<BTreeMap<String, InstanceRow>, Diagnostics> {
        parse(&SourceFile::new("ec2-test.csv", format!("{HEAD}{rows}")))
    }

    #[test]
    fn rows_become_instance_types() {
        let rows = parse_text(
            "m7g.large,0.0816,0.03,0.0401,3,2,8,0,,,arm64,current,,0,K CA\n\
             t3.small,0.0208,,,,2,2,0,,,x86_64,current,20,0,K CA BURST\n\
             g6f.large,0.2,,,,2,8,0,NVIDIA L4,,x86_64,current,,0,K CA\n\
             inf2.xlarge,0.7582,,,,4,16,0,,inferentia2,x86_64,current,,0,K CA\n\
             r5.large,0.126,,,,2,16,0,,,x86_64,previous,,,K CA PG\n",
        )
        .unwrap();
        let m7g = &rows["m7g.large"];
        assert_eq!(
            (
                m7g.family.as_str(),
                m7g.arch.as_str(),
                m7g.hourly,
                m7g.spot_hourly
            ),
            ("general", "arm", Some(0.0816), Some(0.0401))
        );
        assert_eq!(m7g.origin, "ec2-test.csv:2");
        assert_eq!(rows["t3.small"].family, "burstable");
        assert_eq!(rows["t3.small"].burst_baseline_pct, Some(20.0));
        // G6f lists 0 GPUs and an L4 model: a GPU type.
        assert_eq!(rows["g6f.large"].family, "gpu");
        assert_eq!(rows["inf2.xlarge"].family, "accelerator");
        assert_eq!(rows["r5.large"].generation.as_deref(), Some("previous"));
        assert_eq!(rows["r5.large"].local_nvme_gb, None);
    }

    #[test]
    fn bad_values_name_line_and_column() {
        let err = parse_text(
            "m7g.large,0.0816,,,,2,8,0,,,arm64,current,,0,K\n\
             m7g.xlarge,free,,,,4,16,0,,,arm64,current,,0,K\n\
             m7g.2xlarge,0.3264,,,,8,32,0,,,sparc,current,,0,K\n",
        )
        .unwrap_err();
        let text = err.to_string();
        // `free` sits at line 3, column 12 (after `m7g.xlarge,`).
        assert!(text.contains("ec2-test.csv:3:12"), "{text}");
        assert!(text.contains("`on_demand_usd` is `free`"), "{text}");
        assert!(text.contains("ec2-test.csv:4:"), "{text}");
        assert!(text.contains("`arch` is `sparc`"), "{text}");
    }

    #[test]
    fn a_wrong_header_or_a_repeated_type_is_an_error() {
        let err = parse(&SourceFile::new("x.csv", "name,price\nm7g.large,1\n")).unwrap_err();
        assert!(
            err.to_string().contains("unexpected catalogue header"),
            "{err}"
        );
        let err = parse_text(
            "m7g.large,0.0816,,,,2,8,0,,,arm64,current,,0,K\n\
             m7g.large,0.0816,,,,2,8,0,,,arm64,current,,0,K\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let err = parse_text("m7g.large,0.0816,,,,2,8\n").unwrap_err();
        assert!(err.to_string().contains("ec2-test.csv:2:"), "{err}");
    }

    #[test]
    fn every_bundled_catalogue_parses() {
        for (name, text) in super::super::load::bundled_catalogues() {
            let rows = parse(&SourceFile::new(*name, *text)).unwrap_or_else(|d| panic!("{d}"));
            assert!(rows.len() > 100, "{name}");
        }
    }
}
