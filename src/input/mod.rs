//! What comes in: text with the name a user knows it by ([`source`]), the one loader of data
//! files, bundled or from a directory ([`data`]), the bundled data in compiled form
//! ([`compiled`]), and diagnostics that point into them ([`diagnostic`]).

pub mod compiled;
pub mod data;
pub mod diagnostic;
pub mod source;
