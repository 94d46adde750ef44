//! The engine: rules evaluated and services ranked, for one workload or many.
//!
//! [`advisor`] holds the loaded price tables and rules and ranks workloads with them; [`rank`] is
//! eligibility, fit and order for one workload; [`batch`] ranks many files at once; [`sweep`]
//! varies one value (`breakeven`); [`diff`] compares two rankings. Nothing here renders: the
//! results are typed values that [`crate::report`] formats.

pub mod advisor;
pub mod batch;
pub mod current;
pub mod diff;
pub mod gate;
pub mod plan;
pub mod rank;
pub mod sweep;
