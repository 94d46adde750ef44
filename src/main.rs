//! The `runwhere` binary: parse arguments, run, report errors, exit 0 / 1 / 2.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use runwhere::Error;
use runwhere::cli::{Cli, run};

/// Standard output that was closed when the program started (`runwhere … >&-`). The runtime
/// reopens a closed descriptor on `/dev/null` for reading and writing, where a shell's
/// `> /dev/null` opens it for writing only; that is how the two are told apart.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    let null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|t| t == *"/dev/null");
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    null && read_write
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// Where output goes when standard output is closed: every write fails, so the command does too.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("standard output is closed"))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color.for_stderr();
    let mut stdout = std::io::stdout().lock();
    let mut closed = Closed;
    let out: &mut dyn Write = if stdout_was_closed() {
        &mut closed
    } else {
        &mut stdout
    };
    match run(cli, out) {
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
