//! Replacing a file atomically (temporary file, sync, rename), for
//! `amf encode -o` and the `amf sol` edits.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Environment variable that makes [`replace_atomically`] fail after
/// writing half of the temporary file (for tests of the failure path).
pub const FAIL_WRITE_ENV: &str = "AMF_CLI_TEST_FAIL_WRITE";

/// Replaces `path` with `bytes`: writes a temporary file in the same
/// directory, syncs it, and renames it over `path`, so a reader sees the
/// old file or the new one, never a part. On any failure the temporary
/// file is removed and `path` is untouched.
///
/// # Errors
/// Creating, writing, syncing or renaming the temporary file failed.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp = None;
    for n in 0..100u32 {
        let mut name = std::ffi::OsString::from(".");
        name.push(file_name);
        name.push(format!(".amf-{}-{n}.tmp", std::process::id()));
        let p = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => {
                tmp = Some((p, f));
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    let (tmp_path, mut f) =
        tmp.ok_or_else(|| io::Error::new(io::ErrorKind::AlreadyExists, "no free temporary name"))?;
    let result = (|| {
        if let Ok(perm) = std::fs::metadata(path).map(|m| m.permissions()) {
            f.set_permissions(perm)?;
        }
        if std::env::var_os(FAIL_WRITE_ENV).is_some() {
            f.write_all(&bytes[..bytes.len() / 2])?;
            f.sync_all()?;
            return Err(io::Error::other(format!(
                "simulated failure after {} of {} bytes ({FAIL_WRITE_ENV})",
                bytes.len() / 2,
                bytes.len()
            )));
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp_path, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    result
}
