//! The `runwhere` binary: parse arguments, run, report errors, exit 0 / 1 / 2.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use runwhere::Error;
use runwhere::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color.for_stderr();
    let mut stdout = std::io::stdout().lock();
    match run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`runwhere … | head`) is not an error.
        Err(Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", e.render_with(color));
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
