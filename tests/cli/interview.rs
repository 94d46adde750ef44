//! `runwhere interview`: refusal without a terminal, and end-to-end runs of the real binary in a
//! pseudo-terminal (typed answers, a refused answer, Ctrl-C, Esc, a round trip from an example,
//! a save that must not replace a file without a yes typed and entered, `q` on a list, going back
//! with Shift-Tab, and a terminal resize).
//!
//! The pty tests wait for each prompt's text before typing, never for a screen position, so they
//! do not depend on the terminal's width or the machine's speed.

use crate::support::{Test, root};

#[test]
fn without_a_terminal_it_exits_2_and_points_to_recommend() {
    for args in [
        vec!["interview"],
        vec!["interview", "--from", "examples/web-api.toml", "--no-save"],
    ] {
        let run = Test::new().args(&args).run().input_error();
        assert!(
            run.stderr.contains("standard input is not one")
                && run.stderr.contains("runwhere recommend FILE"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn save_and_no_save_exclude_each_other() {
    let run = Test::new()
        .args(["interview", "--save", "a.toml", "--no-save"])
        .run();
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn help() {
    let run = Test::new().args(["interview", "--help"]).run().success();
    insta::assert_snapshot!(run.stdout);
}

#[cfg(unix)]
mod pty {
    use std::path::Path;
    use std::time::Duration;

    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession;
    use expectrl::{Eof, Expect, Regex, Session};

    use super::root;
    use crate::support::Test;

    const DOWN: &str = "\x1b[B";
    const ENTER: &str = "\r";
    const CTRL_C: &str = "\x03";
    const CTRL_U: &str = "\x15";
    const ESC: &str = "\x1b";
    const SHIFT_TAB: &str = "\x1b[Z";

    /// The binary in a pseudo-terminal, with everything it printed so far.
    struct Pty {
        session: OsSession,
        screen: String,
    }

    impl Pty {
        fn spawn(dir: &Path, args: &[&str]) -> Self {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_runwhere"));
            cmd.arg("interview")
                .args(args)
                .current_dir(dir)
                .env("NO_COLOR", "1")
                .env("TERM", "xterm-256color")
                .env("SOURCE_DATE_EPOCH", crate::support::SOURCE_DATE_EPOCH)
                .env_remove("RUNWHERE_PRICING_DIR")
                .env_remove("RUNWHERE_RULES_DIR");
            let mut session = Session::spawn(cmd).unwrap();
            // Generous: a slow CI machine must never turn into a failure.
            session.set_expect_timeout(Some(Duration::from_secs(60)));
            let _ = session.get_process_mut().set_window_size(120, 40);
            Self {
                session,
                screen: String::new(),
            }
        }

        /// Waits until `needle` is printed; returns what it matched.
        fn wait_for(&mut self, needle: &str) -> String {
            self.wait_for_any(&regex_escape(needle))
        }

        fn wait_for_any(&mut self, pattern: &str) -> String {
            match self.session.expect(Regex(pattern)) {
                Ok(found) => {
                    let before = String::from_utf8_lossy(found.before()).into_owned();
                    let matched = found
                        .get(0)
                        .map(|m| String::from_utf8_lossy(m).into_owned())
                        .unwrap_or_default();
                    self.screen.push_str(&before);
                    self.screen.push_str(&matched);
                    matched
                }
                Err(e) => panic!(
                    "waiting for /{pattern}/: {e}\n--- printed so far ---\n{}",
                    self.screen
                ),
            }
        }

        /// Types keys, one key at a time as a person would.
        fn keys(&mut self, keys: &[&str]) {
            for k in keys {
                std::thread::sleep(Duration::from_millis(40));
                self.session.send(k).unwrap();
            }
        }

        /// Waits for a question, then types the answer.
        fn answer(&mut self, question: &str, keys: &[&str]) {
            self.wait_for(question);
            self.keys(keys);
        }

        /// Presses Enter at every prompt (each ends with `›`) until `stop` is printed.
        fn accept_defaults_until(&mut self, stop: &str) {
            let pattern = format!("›|{}", regex_escape(stop));
            for _ in 0..80 {
                if self.wait_for_any(&pattern) != "›" {
                    return;
                }
                self.keys(&[ENTER]);
            }
            panic!("no `{stop}` after 80 prompts:\n{}", self.screen);
        }

        /// Reads to the end and returns the exit code.
        fn exit_code(mut self) -> (i32, String) {
            // At the end of output, the whole rest is the match.
            match self.session.expect(Eof) {
                Ok(found) => {
                    self.screen
                        .push_str(&String::from_utf8_lossy(found.before()));
                    for m in found.matches() {
                        self.screen.push_str(&String::from_utf8_lossy(m));
                    }
                }
                // Still running at the timeout: stop it, so the test fails with what it showed
                // instead of waiting for it forever.
                Err(_) => {
                    let _ = self
                        .session
                        .get_process_mut()
                        .kill(expectrl::process::unix::Signal::SIGKILL);
                }
            }
            let status = self.session.get_process().wait().unwrap();
            match status {
                WaitStatus::Exited(_, code) => (code, self.screen),
                other => panic!("{other:?}\n{}", self.screen),
            }
        }
    }

    fn regex_escape(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if "\\.+*?()|[]{}^$#&-~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn typed_answers_give_a_ranking_and_a_saved_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Pty::spawn(dir.path(), &[]);
        t.answer("Name of the workload", &["thumbnailer", ENTER]);
        t.answer("What kind of workload is it?", &[DOWN, ENTER]);
        t.answer("AWS region", &[ENTER]);
        t.answer("How is it shipped?", &[DOWN, ENTER]);
        t.answer("How do clients reach it?", &[ENTER]);
        t.answer("Which CPU architectures", &[ENTER]);
        t.answer("Which environment", &[ENTER]);
        t.answer("Which of these does it need?", &[ENTER]);
        t.answer("Longest start-up wait", &[ENTER]);
        // A bad answer is explained and asked again, and can be corrected in place.
        t.answer("vCPUs of one instance", &["lots", ENTER]);
        t.wait_for("`lots` is not a number");
        t.keys(&[CTRL_U, "1", ENTER]);
        t.answer("Memory of one instance, in GiB", &["1.5", ENTER]);
        t.answer("GPUs of one instance", &[ENTER]);
        t.answer("Requests (or events) per month", &["2M", ENTER]);
        t.answer("Average time to handle one, in ms", &["900", ENTER]);
        t.answer("Longest single one, in minutes", &[ENTER]);
        t.answer("Peak load divided by average load", &["10", ENTER]);
        t.answer("How much infrastructure work", &[ENTER]);
        t.answer("What does the team already run", &[ENTER]);
        t.answer("Does the team already operate Kubernetes?", &[ENTER]);
        t.answer("How will you buy capacity?", &[ENTER]);
        t.answer("Count Lambda's free tier?", &["n", ENTER]);
        t.answer("Is the budget tight?", &[ENTER]);
        // Where it runs today: a Lambda function, its memory; the bill is skipped.
        t.answer("Where does it run today?", &["lambda", ENTER]);
        t.answer("The function's memory today (MB)", &["2048", ENTER]);
        t.answer("What does it cost a month on the bill", &[ENTER]);
        t.wait_for("flowchart: ");
        t.answer("Save this workload to a file?", &[ENTER]);
        t.answer("Save as", &[ENTER]);
        t.wait_for("Next: runwhere recommend thumbnailer.toml");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 0, "{screen}");
        assert!(screen.contains("Saved thumbnailer.toml"), "{screen}");
        // Answers are shown as understood.
        assert!(screen.contains("2_000_000"), "{screen}");

        let saved = std::fs::read_to_string(dir.path().join("thumbnailer.toml")).unwrap();
        for line in [
            "name = \"thumbnailer\"",
            "kind = \"event\"",
            "packaging = \"code\"",
            "memory_gb = 1.5",
            "requests_per_month = 2_000_000",
            "avg_duration_ms = 900",
            "peak_to_average = 10",
            "[current]",
            "service = \"lambda\"",
            "memory_mb = 2048",
        ] {
            assert!(saved.contains(line), "no `{line}` in:\n{saved}");
        }
        assert!(!saved.contains("monthly_usd ="), "{saved}");
        // Defaults stay implicit.
        for key in ["vcpu", "gpus", "interface", "arch", "free_tier", "region"] {
            assert!(
                !saved.contains(&format!("\n{key} =")),
                "`{key}` written:\n{saved}"
            );
        }
        assert!(saved.starts_with("# thumbnailer.toml: an event-driven handler"));
        let run = Test::new()
            .current_dir(dir.path())
            .args(["recommend", "thumbnailer.toml"])
            .run()
            .success();
        assert!(
            run.stdout.contains("Event-driven (<15min)"),
            "{}",
            run.stdout
        );
    }

    #[test]
    fn ctrl_c_midway_exits_130_writes_nothing_and_shows_the_cursor() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Pty::spawn(dir.path(), &["--save", "out.toml"]);
        t.answer("Name of the workload", &["half-done", ENTER]);
        t.answer("What kind of workload is it?", &[DOWN, DOWN]);
        // The choice list hides the cursor while it is up; Ctrl-C must bring it back. With an
        // answer to lose, it asks first; Ctrl-C again quits.
        t.keys(&[CTRL_C]);
        t.answer(
            "Quit without saving? The answer given so far would be lost",
            &[CTRL_C],
        );
        t.wait_for("interrupted");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 130, "{screen}");
        assert!(!dir.path().join("out.toml").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no stray files"
        );
        let hidden = screen.rfind("\x1b[?25l").expect("the list hid the cursor");
        assert!(
            screen[hidden..].contains("\x1b[?25h"),
            "cursor left hidden:\n{screen:?}"
        );
    }

    #[test]
    fn esc_in_a_text_answer_stops_too() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Pty::spawn(dir.path(), &["--save", "out.toml"]);
        t.answer("Name of the workload", &["half", ESC]);
        let (code, screen) = t.exit_code();
        assert_eq!(code, 130, "{screen}");
        assert!(
            screen.contains("interrupted; nothing was saved"),
            "{screen}"
        );
        assert!(!dir.path().join("out.toml").exists());
    }

    #[test]
    fn an_example_saved_with_every_default_accepted_ranks_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let example = root().join("examples/web-api.toml");
        let mut t = Pty::spawn(
            dir.path(),
            &["--from", example.to_str().unwrap(), "--save", "out.toml"],
        );
        t.accept_defaults_until("Saved out.toml");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 0, "{screen}");
        let json = |path: &Path| {
            Test::new()
                .args(["recommend", "--format", "json"])
                .arg_path(path)
                .run()
                .success()
                .stdout
        };
        assert_eq!(json(&dir.path().join("out.toml")), json(&example));
    }

    /// Issue 16: a terminal of two rows made the select lists panic (exit 101, cursor hidden).
    #[test]
    fn a_tiny_terminal_is_refused_politely() {
        let dir = tempfile::tempdir().unwrap();
        // The size is set inside the terminal before the interview starts, so it reads it.
        let mut cmd = std::process::Command::new("sh");
        // The pty's parent gives it its default size once the shell has started, which may come
        // after the shell's own `stty`: the shell waits before setting the size, and the parent
        // sets it too, so the interview reads 2 rows whichever comes last.
        cmd.arg("-c")
            .arg("sleep 0.5; stty rows 2 cols 80 && exec \"$0\" interview")
            .arg(env!("CARGO_BIN_EXE_runwhere"))
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color");
        let mut session = Session::spawn(cmd).unwrap();
        let _ = session.get_process_mut().set_window_size(80, 2);
        session.set_expect_timeout(Some(Duration::from_secs(60)));
        let t = Pty {
            session,
            screen: String::new(),
        };
        let (code, screen) = t.exit_code();
        assert_eq!(code, 2, "{screen}");
        assert!(
            screen.contains("needs at least 8 rows and 40 columns"),
            "{screen}"
        );
    }

    /// The saved file has the usual permissions (those of any new file under this umask, 0644
    /// under 022), not the 0600 of a temporary file; a replaced file keeps its mode.
    #[test]
    fn a_saved_file_has_the_usual_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let reference = dir.path().join("reference");
        std::fs::File::create(&reference).unwrap();
        let example = root().join("examples/hourly-cleanup.toml");
        let mut t = Pty::spawn(
            dir.path(),
            &["--from", example.to_str().unwrap(), "--save", "new.toml"],
        );
        t.accept_defaults_until("Saved new.toml");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 0, "{screen}");
        assert_eq!(mode(&dir.path().join("new.toml")), mode(&reference));

        // A yes replaces an existing file, and its mode stays.
        let mine = dir.path().join("mine.toml");
        std::fs::write(&mine, "keep me").unwrap();
        std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut t = Pty::spawn(
            dir.path(),
            &["--from", example.to_str().unwrap(), "--save", "mine.toml"],
        );
        t.accept_defaults_until("already exists. Replace it?");
        t.keys(&["y", ENTER]);
        t.wait_for("Saved mine.toml");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 0, "{screen}");
        assert_eq!(mode(&mine), 0o640);
        assert!(
            std::fs::read_to_string(&mine)
                .unwrap()
                .contains("session-sweeper")
        );
    }

    #[test]
    fn an_existing_file_is_not_replaced_without_a_yes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.toml"), "keep me").unwrap();
        let example = root().join("examples/hourly-cleanup.toml");
        let mut t = Pty::spawn(
            dir.path(),
            &["--from", example.to_str().unwrap(), "--save", "mine.toml"],
        );
        t.accept_defaults_until("already exists. Replace it?");
        // Issue 15: typing meant for another prompt ("tokyo") used to answer on its first key.
        // Now nothing happens before Enter, and a word that is not yes or no is refused.
        t.keys(&["t", "o", "k", "y", "o"]);
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
            "keep me"
        );
        t.keys(&[ENTER]);
        t.wait_for("`tokyo` is not an answer here: type y (yes) or n (no), then Enter");
        t.keys(&[CTRL_U, "n", ENTER]);
        t.answer("Save as", &[CTRL_U, "other.toml", ENTER]);
        t.wait_for("Saved other.toml");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 0, "{screen}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
            "keep me"
        );
        let saved = std::fs::read_to_string(dir.path().join("other.toml")).unwrap();
        assert!(saved.contains("name = \"session-sweeper\""), "{saved}");
    }

    #[test]
    fn a_save_path_in_a_missing_directory_is_refused_before_any_question() {
        let dir = tempfile::tempdir().unwrap();
        let t = Pty::spawn(dir.path(), &["--save", "nope/out.toml"]);
        let (code, screen) = t.exit_code();
        assert_eq!(code, 2, "{screen}");
        assert!(
            screen.contains("cannot save to `nope/out.toml`: the directory `nope` does not exist"),
            "{screen}"
        );
        assert!(!screen.contains("Name of the workload"), "{screen}");
    }

    /// Issue 15: `q` on a list does not quit (the footer says which key does); Esc asks first
    /// once there are answers to lose, and Enter on that question keeps going.
    #[test]
    fn q_on_a_list_does_not_quit_and_esc_asks_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Pty::spawn(dir.path(), &["--save", "out.toml"]);
        t.answer("Name of the workload", &["kept", ENTER]);
        t.answer("What kind of workload is it?", &["q"]);
        t.wait_for("(q does not quit: Esc does)");
        t.keys(&[DOWN, ENTER]);
        t.answer("AWS region", &[ESC]);
        t.answer(
            "Quit without saving? The 2 answers given so far would be lost",
            &[ENTER],
        );
        // Kept going: the same question again.
        t.answer("AWS region", &[ESC]);
        t.answer("Quit without saving?", &["y", ENTER]);
        let (code, screen) = t.exit_code();
        assert_eq!(code, 130, "{screen}");
        assert!(
            screen.contains("Esc quit"),
            "the footer names the keys: {screen}"
        );
        assert!(!dir.path().join("out.toml").exists());
    }

    /// Issue 15: Shift-Tab (shown in the footer) goes back to the previous question, undoing its
    /// answer; the saved file has the answer given the second time.
    #[test]
    fn shift_tab_revisits_the_previous_question() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Pty::spawn(dir.path(), &["--save", "out.toml"]);
        t.answer("Name of the workload", &["backtracked", ENTER]);
        // An event handler first...
        t.answer("What kind of workload is it?", &[DOWN, ENTER]);
        t.answer("AWS region", &[SHIFT_TAB]);
        // ...then, asked again, a service (the first option, the default once the answer is undone).
        t.answer("What kind of workload is it?", &[ENTER]);
        t.answer("AWS region", &[SHIFT_TAB]);
        t.answer("What kind of workload is it?", &[ENTER]);
        // A service is asked how clients reach it; an event handler is not.
        t.answer("AWS region", &[ENTER]);
        t.accept_defaults_until("Saved out.toml");
        let (code, screen) = t.exit_code();
        assert_eq!(code, 0, "{screen}");
        assert!(screen.contains("How do clients reach it?"), "{screen}");
        assert!(
            screen.contains("Shift-Tab back"),
            "the footer shows the key: {screen}"
        );
        let saved = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
        assert!(saved.contains("kind = \"service\""), "{saved}");
        assert!(saved.contains("name = \"backtracked\""), "{saved}");
    }

    /// Issue 15: a terminal resize draws the current question again, text and list alike, and the
    /// interview goes on.
    #[test]
    fn a_resize_redraws_the_current_question() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Pty::spawn(dir.path(), &["--no-save"]);
        t.wait_for("Name of the workload");
        t.keys(&["resiz"]);
        // Each key draws the line again; the last drawing ends with everything typed.
        t.wait_for("resiz");
        let _ = t.session.get_process_mut().set_window_size(70, 30);
        // Drawn again, with what was typed so far.
        t.wait_for("Name of the workload");
        t.wait_for("resiz");
        t.keys(&["ed", ENTER]);
        t.wait_for("What kind of workload is it?");
        let _ = t.session.get_process_mut().set_window_size(100, 24);
        t.wait_for("What kind of workload is it?");
        t.keys(&[ENTER]);
        t.answer("AWS region", &[ESC]);
        t.answer("Quit without saving?", &["y", ENTER]);
        let (code, screen) = t.exit_code();
        assert_eq!(code, 130, "{screen}");
        assert!(screen.contains("resized"), "{screen}");
    }
}
