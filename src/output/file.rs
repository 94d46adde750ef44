//! The output policy of every command that writes a file (`report -o`, `breakeven -o`,
//! `pricing import -o`, the interview's save):
//!
//! - **atomic**: a temporary file in the target's directory, flushed, then renamed over the
//!   target, so a reader never sees half of one;
//! - **no surprise replacing**: an existing file is replaced only when the caller says so
//!   (`--force`, or a yes in the interview); otherwise the check and the rename are one step, so a
//!   file that appears meanwhile is not replaced either;
//! - **regular files only**: an existing FIFO, device, socket or directory at the target is
//!   refused, never written through or replaced (a symbolic link counts as what it points to);
//! - **the usual permissions**: a new file is created `0666` less the umask (`0644` under the
//!   common `022`), and a replaced file keeps its mode.

use std::fs::{FileType, Permissions};
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse with [`Error::OutputExists`].
    Keep,
    /// Replace it (`--force`, or a yes in the interview).
    Replace,
}

impl Existing {
    /// [`Existing::Replace`] when `force`.
    pub fn replace_if(force: bool) -> Self {
        if force { Self::Replace } else { Self::Keep }
    }
}

/// What kind of thing a path is, in words, for a refusal.
fn kind(t: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Checks that `bytes` could be written to `path` under the policy, before a command does its
/// work: the target is absent, or a regular file that may be replaced. The write checks again.
///
/// # Errors
/// [`Error::OutputExists`] or [`Error::NotRegularFile`].
pub fn check_output(path: &Path, existing: Existing) -> Result<()> {
    existing_permissions(path, existing).map(drop)
}

/// The permissions of the file that `path` replaces, `None` if there is none.
fn existing_permissions(path: &Path, existing: Existing) -> Result<Option<Permissions>> {
    let Ok(link) = path.symlink_metadata() else {
        return Ok(None);
    };
    // A link is judged by what it points to; a dangling one is replaced like a file.
    let meta = if link.file_type().is_symlink() {
        path.metadata().unwrap_or(link)
    } else {
        link
    };
    let t = meta.file_type();
    if !t.is_file() && !t.is_symlink() {
        return Err(Error::NotRegularFile {
            path: path.to_path_buf(),
            kind: kind(t),
        });
    }
    match existing {
        Existing::Keep => Err(Error::OutputExists {
            path: path.to_path_buf(),
        }),
        Existing::Replace => Ok(Some(meta.permissions())),
    }
}

/// Writes `bytes` to `path` under the policy of this module.
///
/// # Errors
/// [`Error::OutputExists`], [`Error::NotRegularFile`], or [`Error::Write`] if the temporary file
/// cannot be created, written or renamed.
pub fn write_file(path: &Path, bytes: &[u8], existing: Existing) -> Result<()> {
    let wrap = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let keep_mode = existing_permissions(path, existing)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".runwhere-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with this mode less the umask, as `open(2)` does for any new file.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(wrap)?;
    if let Some(mode) = keep_mode {
        tmp.as_file().set_permissions(mode).map_err(wrap)?;
    }
    tmp.write_all(bytes).map_err(wrap)?;
    tmp.as_file().sync_all().map_err(wrap)?;
    match existing {
        Existing::Replace => {
            tmp.persist(path).map_err(|e| wrap(e.error))?;
        }
        Existing::Keep => {
            tmp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::OutputExists {
                        path: path.to_path_buf(),
                    }
                } else {
                    wrap(e.error)
                }
            })?;
        }
    }
    Ok(())
}

/// Writes `bytes` to `path`, replacing a regular file there.
///
/// # Errors
/// As [`write_file`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, Existing::Replace)
}

/// Writes `bytes` to `path`, but only if `path` does not exist yet.
///
/// # Errors
/// As [`write_file`].
pub fn write_atomic_new(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, Existing::Keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        // No temporary files left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn new_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_atomic_new(&path, b"one").unwrap();
        let err = write_atomic_new(&path, b"two").unwrap_err();
        assert!(matches!(err, Error::OutputExists { .. }), "{err}");
        assert!(matches!(
            check_output(&path, Existing::Keep),
            Err(Error::OutputExists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_the_usual_ones_and_kept_on_replace() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| p.metadata().unwrap().permissions().mode() & 0o777;
        // The test process's umask is unknown; what a plain `File::create` gets is the reference.
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let path = dir.path().join("new.md");
        write_atomic_new(&path, b"x").unwrap();
        assert_eq!(mode(&path), mode(&plain));
        std::fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"y").unwrap();
        assert_eq!(mode(&path), 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn never_replaces_a_directory_or_device() {
        let dir = tempfile::tempdir().unwrap();
        for existing in [Existing::Keep, Existing::Replace] {
            let err = write_file(dir.path(), b"x", existing).unwrap_err();
            assert!(matches!(err, Error::NotRegularFile { .. }), "{err}");
            let err = write_file(Path::new("/dev/null"), b"x", existing).unwrap_err();
            assert!(err.to_string().contains("a device"), "{err}");
        }
        // A link to a device is refused too; a link to a file is replaced (by a file).
        let link = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let err = write_atomic(&link, b"x").unwrap_err();
        assert!(matches!(err, Error::NotRegularFile { .. }), "{err}");
    }
}
