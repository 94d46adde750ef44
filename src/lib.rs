//! runwhere: where should this workload run on AWS, and what will it cost?
//!
//! The library reads a workload ([`workload`]), loads regional price tables ([`pricing`]), prices
//! the workload on each of eight AWS compute services ([`cost`]), ranks them ([`rank`]) and renders
//! the result ([`report`]). Only [`cli`] touches arguments and output streams; nothing in the library
//! prints. The questionnaire of `runwhere interview` ([`interview`]) is logic over an answer source;
//! its terminal side ([`interview::prompt`]) is created only by [`cli`].
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod advisor;
pub mod batch;
pub mod cli;
pub mod cost;
pub mod data;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod escape;
pub mod format;
pub mod fsutil;
#[cfg(test)]
mod fuzz;
pub mod interview;
pub mod pricing;
pub mod progress;
pub mod rank;
pub mod report;
pub mod rules;
pub mod service;
pub mod source;
pub mod sweep;
pub mod workload;

pub use error::{Error, Result};
