//! Progress on standard error for long runs: shown only on a terminal, and
//! only once a run has taken more than a second.

use std::io::{IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// Shows how far a run has got through its input.
#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    total: Option<u64>,
    start: Instant,
    last: Option<Instant>,
    shown: bool,
}

/// How long a run goes before progress appears.
const AFTER: Duration = Duration::from_secs(1);
/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

impl Progress {
    /// Progress through `total` bytes (if known); shown only if `enabled`
    /// and standard error is a terminal.
    pub fn new(total: Option<u64>, enabled: bool) -> Self {
        Progress {
            enabled: enabled && std::io::stderr().is_terminal(),
            total,
            start: Instant::now(),
            last: None,
            shown: false,
        }
    }

    /// A progress that never shows.
    pub fn off() -> Self {
        Progress::new(None, false)
    }

    /// Reports that `pos` bytes are done. Cheap to call often.
    pub fn tick(&mut self, pos: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.start) < AFTER {
            return;
        }
        if self.last.is_some_and(|l| now.duration_since(l) < EVERY) {
            return;
        }
        self.last = Some(now);
        self.shown = true;
        let mb = pos as f64 / 1e6;
        let line = match self.total {
            Some(t) if t > 0 => format!(
                "\r{:3.0}%  {mb:.1} of {:.1} MB ",
                100.0 * pos as f64 / t as f64,
                t as f64 / 1e6
            ),
            _ => format!("\r{mb:.1} MB "),
        };
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(line.as_bytes());
        let _ = e.flush();
    }

    /// Clears the progress line, if one was drawn.
    pub fn finish(&mut self) {
        if self.shown {
            let _ = std::io::stderr().write_all(b"\r\x1b[2K");
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A reader that reports every megabyte it reads to a [`Progress`].
#[derive(Debug)]
pub struct ProgressReader<R> {
    inner: R,
    pos: u64,
    next: u64,
    progress: Progress,
}

impl<R> ProgressReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, progress: Progress) -> Self {
        ProgressReader {
            inner,
            pos: 0,
            next: 1 << 20,
            progress,
        }
    }
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        if self.pos >= self.next {
            self.next = self.pos + (1 << 20);
            self.progress.tick(self.pos);
        }
        Ok(n)
    }
}
