//! Progress on standard error for long runs: shown only on a terminal, and
//! only once a run has taken more than a second. A small thread draws it,
//! so it moves even while one long step (decoding a large value) runs.

use std::io::{IsTerminal, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a run goes before progress appears.
const AFTER: Duration = Duration::from_secs(1);
/// `AMF_CLI_PROGRESS=always` shows progress even when standard error is
/// not a terminal.
pub const FORCE_ENV: &str = "AMF_CLI_PROGRESS";
/// `AMF_CLI_PROGRESS_AFTER_MS=n` shows it after n ms instead of a second.
pub const AFTER_ENV: &str = "AMF_CLI_PROGRESS_AFTER_MS";
/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

#[derive(Debug)]
struct Shared {
    pos: AtomicU64,
    total: Option<u64>,
    phase: Mutex<&'static str>,
    done: AtomicBool,
}

/// Shows how far a run has got through its input, until dropped.
#[derive(Debug)]
pub struct Progress {
    shared: Option<Arc<Shared>>,
    thread: Option<JoinHandle<()>>,
}

/// A cheap handle that reports positions to a [`Progress`].
#[derive(Debug, Clone, Default)]
pub struct Ticker(Option<Arc<Shared>>);

impl Ticker {
    /// Reports that `pos` bytes are done.
    pub fn tick(&self, pos: u64) {
        if let Some(s) = &self.0 {
            s.pos.store(pos, Ordering::Relaxed);
        }
    }
}

impl Progress {
    /// Progress through `total` bytes (if known); shown only if `enabled`,
    /// standard error is a terminal, and the run takes over a second.
    pub fn new(total: Option<u64>, enabled: bool) -> Self {
        // The environment can force it (tests have no terminal).
        let forced = std::env::var_os(FORCE_ENV).is_some_and(|v| v == "always");
        if !enabled || !(forced || std::io::stderr().is_terminal()) {
            return Progress::off();
        }
        let after = std::env::var(AFTER_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(AFTER, Duration::from_millis);
        let shared = Arc::new(Shared {
            pos: AtomicU64::new(0),
            total,
            phase: Mutex::new("reading"),
            done: AtomicBool::new(false),
        });
        let s = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || draw(&s, after))
            .ok();
        Progress {
            shared: Some(shared),
            thread,
        }
    }

    /// A progress that never shows.
    pub fn off() -> Self {
        Progress {
            shared: None,
            thread: None,
        }
    }

    /// A handle for reporting positions.
    pub fn ticker(&self) -> Ticker {
        Ticker(self.shared.clone())
    }

    /// Reports that `pos` bytes are done.
    pub fn tick(&self, pos: u64) {
        self.ticker().tick(pos);
    }

    /// Names the step under way ("reading", "decoding", …).
    pub fn phase(&self, phase: &'static str) {
        if let Some(s) = &self.shared {
            if let Ok(mut p) = s.phase.lock() {
                *p = phase;
            }
        }
    }

    /// Stops drawing and clears the line.
    pub fn finish(&mut self) {
        if let Some(s) = &self.shared {
            s.done.store(true, Ordering::Relaxed);
        }
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn draw(s: &Shared, after: Duration) {
    let start = Instant::now();
    let mut shown = false;
    loop {
        std::thread::park_timeout(EVERY);
        if s.done.load(Ordering::Relaxed) {
            break;
        }
        if start.elapsed() < after {
            continue;
        }
        let pos = s.pos.load(Ordering::Relaxed);
        let phase = s.phase.lock().map(|p| *p).unwrap_or("");
        let mb = pos as f64 / 1e6;
        let line = match s.total {
            Some(t) if t > 0 => format!(
                "\r\x1b[2K{phase}: {:3.0}%  {mb:.1} of {:.1} MB",
                100.0 * pos as f64 / t as f64,
                t as f64 / 1e6
            ),
            _ => format!("\r\x1b[2K{phase}: {mb:.1} MB"),
        };
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(line.as_bytes());
        let _ = e.flush();
        shown = true;
    }
    if shown {
        let _ = std::io::stderr().write_all(b"\r\x1b[2K");
    }
}

/// A reader that reports its position to a [`Ticker`].
#[derive(Debug)]
pub struct ProgressReader<R> {
    inner: R,
    pos: u64,
    ticker: Ticker,
}

impl<R> ProgressReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, ticker: Ticker) -> Self {
        ProgressReader {
            inner,
            pos: 0,
            ticker,
        }
    }
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        self.ticker.tick(self.pos);
        Ok(n)
    }
}
