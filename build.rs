//! Build script: fingerprints the bundled data and lists its compiled form.
//!
//! The bundled data (`pricing/`, `rules/`, `architecture/`, `catalogue/`, and `sources/`, the
//! document titles the rules' texts are expanded with) is checked and encoded
//! by the crate's own loaders into `compiled/*.bin` (`RUNWHERE_BLESS=1 cargo test --lib
//! compiled_data`; a test fails while a file is stale). This script does no parsing: it hashes the
//! data files, so that the binary uses a compiled file only when it was made from exactly these
//! files (any other falls back to parsing the TOML), and generates the list of compiled files to
//! embed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The directories whose `*.toml` and `*.csv` files the compiled data is made from.
const DATA_DIRS: [&str; 5] = ["pricing", "rules", "architecture", "catalogue", "sources"];

/// FNV-1a, 64 bits: a fixed function (the standard library's hasher may change between
/// releases), fast enough for a few hundred KB; it detects change, it is not a checksum against
/// tampering.
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for dir in DATA_DIRS {
        println!("cargo::rerun-if-changed={dir}");
        let data = files_in(&root.join(dir))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "csv"));
        for path in data {
            let name = path.strip_prefix(&root).unwrap_or(&path);
            fnv1a(&mut hash, name.to_string_lossy().as_bytes());
            fnv1a(&mut hash, &[0]);
            let bytes = std::fs::read(&path).unwrap_or_default();
            fnv1a(&mut hash, &(bytes.len() as u64).to_le_bytes());
            fnv1a(&mut hash, &bytes);
        }
    }
    println!("cargo::rustc-env=RUNWHERE_DATA_HASH={hash:016x}");

    println!("cargo::rerun-if-changed=compiled");
    let mut list = String::from(
        "/// The compiled data files (`compiled/NAME.bin`) by name, each with its strings\n\
         /// (`compiled/NAME.strings`, empty when there is none).\n\
         static FILES: &[(&str, &[u8], &str)] = &[\n",
    );
    for path in files_in(&root.join("compiled")) {
        if path.extension().is_some_and(|e| e == "bin") {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let strings = path.with_extension("strings");
            let strings = if strings.is_file() {
                format!("include_str!({:?})", strings.display())
            } else {
                "\"\"".to_owned()
            };
            let _ = writeln!(
                list,
                "    ({stem:?}, include_bytes!({:?}), {strings}),",
                path.display()
            );
        }
    }
    list.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("compiled_files.rs"), list).expect("OUT_DIR is writable");
}
