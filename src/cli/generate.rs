//! Files generated from the command-line definition itself: shell completions and the man page.
//! The copies in `completions/` are checked by a test, so they never go stale.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "runwhere", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The file name each shell expects its completions in.
pub fn completion_file(shell: Shell) -> String {
    match shell {
        Shell::Bash => "runwhere.bash".to_owned(),
        Shell::Zsh => "_runwhere".to_owned(),
        Shell::Fish => "runwhere.fish".to_owned(),
        Shell::PowerShell => "_runwhere.ps1".to_owned(),
        Shell::Elvish => "runwhere.elv".to_owned(),
        _ => format!("runwhere.{shell}"),
    }
}

/// The roff man page, with a section for every subcommand.
pub fn man_page() -> String {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    // Rendering into a Vec cannot fail.
    let _ = man.render(&mut out);
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("runwhere-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(name)
            .display_name(format!("runwhere {}", sub.get_name()));
        out.extend_from_slice(b"\n");
        let _ = clap_mangen::Man::new(sub).render(&mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}
