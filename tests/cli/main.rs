#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]
//! Integration tests: each runs the real `runwhere` binary on real files.
//!
//! One test binary, so the crate links once.

mod support;

// `recommend` on every example: table and JSON snapshots, the JSON contract.
mod recommend;
// Bad input: exit 2, file:line:column, never a panic.
mod errors;
// Bundled and overridden pricing tables.
mod pricing;
// Workloads from the source documents and what the rules must make of them.
mod scenarios;
// `rules list`, `rules check`, `--rules-dir`.
mod rules;
// Documents cited by title and section, never by file name (#15 item 6).
mod citations;
// `explain`.
mod explain;
// `interview`: no terminal, and the real binary driven in a pseudo-terminal.
mod interview;
// `--set`, `breakeven`, `diff` and many workloads at once.
mod whatif;
// Completions and the man page, generated from the code.
mod generated;
// The workload field table reaches every consumer.
mod fields;
// `report`: Markdown and HTML decision records, escaping, `-o`, figures equal to the JSON.
mod report;
// `pricing import` from fixture offer files, `pricing check` (#9).
mod import;
// Hostile input: limits, escaping, the output policy (#16).
mod hardening;
// The module layout: which module may use which.
mod dependencies;
// The billing formulas on workload files (#13).
mod billing;
// Networking and disks on workload files (#13 items 11-14).
mod network;
// The repository's copy of the EC2 catalogue data, and the bundled tables checked against it.
mod catalogue;

mod exit;
// `[current]`: today's setup priced beside the alternatives (#18).
mod current;
// Decision-ready output: the 80-column table, gates, the Markdown summary (#15).
mod decision;
// `plan`: a portfolio on shared platforms (#17).
mod plan;
// The compiled bundled data gives what the TOML gives.
mod compiled;
// Savings Plans and Spot rates compared like with like, and limits at peak (#13 items 10 and 15).
mod commitments;
