//! What can go wrong while importing AWS Price List offer files (`runwhere pricing import`).

use std::path::PathBuf;

/// What went wrong while importing offer files. Every variant is an input problem (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("`{}` line {line}, column {column}: {message}", path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("`{}` line {line}: {message}", path.display())]
    MalformedCsv {
        path: PathBuf,
        line: u64,
        message: String,
    },

    #[error("`{}` is not a Price List offer file: {problem}", path.display())]
    NotAnOffer { path: PathBuf, problem: String },

    #[error("no offer file for {} in `{}` (looked for {}, or the same names in `.csv`); see docs/pricing-import.md for the URLs", needed.join(", "), dir.display(), files.join(", "))]
    MissingFiles {
        dir: PathBuf,
        files: Vec<String>,
        /// The table keys that need them.
        needed: Vec<String>,
    },

    #[error("`{}` has no products in region `{region}`{}", path.display(), if found.is_empty() { String::new() } else { format!("; it has {}", found.join(", ")) })]
    RegionNotInOffer {
        path: PathBuf,
        region: String,
        found: Vec<String>,
    },

    #[error("`{}`: {} products match `{key}` (SKUs {}); the filters in src/pricing/import/filters.rs need one more condition", path.display(), skus.len(), skus.join(", "))]
    Ambiguous {
        path: PathBuf,
        key: String,
        skus: Vec<String>,
    },

    #[error("`{}`: SKU {sku} for `{key}` {problem}", path.display())]
    BadPrice {
        path: PathBuf,
        sku: String,
        key: String,
        problem: String,
    },

    #[error("the offer files do not give every price the cost models need; no table was written. Missing: {}", missing.iter().map(|(k, why)| format!("`{k}` ({why})")).collect::<Vec<_>>().join("; "))]
    Incomplete {
        region: String,
        missing: Vec<(String, String)>,
    },
}
