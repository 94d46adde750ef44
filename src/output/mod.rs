//! What goes out: untrusted text made safe for its destination ([`escape`]), numbers and money
//! written for people ([`format`]), progress bars on a terminal ([`progress`]), and the policy
//! every written file follows ([`file`]).

pub mod escape;
pub mod file;
pub mod format;
pub mod progress;
