//! Progress bars on stderr, drawn only when stderr is a terminal and the run is long enough to
//! need one; otherwise hidden, so pipes and CI logs stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs shorter than this many items finish too fast for a bar to help.
const MIN_ITEMS: u64 = 200;

/// A bar for `len` items, or a hidden one.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    if len < MIN_ITEMS || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_owned());
    bar
}
