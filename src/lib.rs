//! runwhere: where should this workload run on AWS, and what will it cost?
//!
//! The modules follow the data through the program:
//!
//! 1. [`input`]: source text with its name, the loader of data files (bundled or from a
//!    directory), and diagnostics that point at file, line and column;
//! 2. [`workload`], [`pricing`], [`rules`]: what the files mean — a validated workload, the
//!    regional price tables, the rules with their facts and the decision flowchart;
//! 3. [`cost`]: the workload priced on each of the eight services ([`service`]), as line items;
//! 4. [`engine`]: the rules evaluated and the services ranked ([`engine::rank`]), for one workload
//!    ([`engine::advisor`]), many ([`engine::batch`]), a swept value ([`engine::sweep`]) or two
//!    versions ([`engine::diff`]);
//! 5. [`report`]: one renderer per format, over the engine's typed results;
//! 6. [`output`]: how text is made safe and numbers written, progress bars, and the policy for
//!    writing files.
//!
//! Only [`cli`] touches arguments and output streams; nothing in the library prints. The
//! questionnaire of `runwhere interview` ([`interview`]) is logic over an answer source; its
//! terminal side ([`interview::prompt`]) is created only by [`cli`]. [`error`] sits below all of
//! them.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod cost;
pub mod engine;
pub mod error;
#[cfg(test)]
mod fuzz;
pub mod input;
pub mod interview;
pub mod output;
pub mod pricing;
pub mod report;
pub mod rules;
pub mod service;
pub mod workload;

pub use error::{Error, Result};
