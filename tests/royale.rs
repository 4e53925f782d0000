//! The Apache Royale peer of `tools/royale/` (see its README), for tests:
//! Royale's `AMFBinaryData` as a batch process ([`AmfData`]), Royale's
//! `RemoteObject` against a gateway URL ([`remote_object`]), and the PyAMF
//! gateway it is tried on ([`PyamfGateway`]).
//!
//! Requests and replies are JSON text (this library has no JSON
//! dependency); parse them with `serde_json` in the test. Tests using these
//! need `bash tools/royale/install.sh` and should be marked
//! `#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]`.
//!
//! Every process started here is bounded: it is stopped when its handle is
//! dropped, and [`remote_object`] kills node after the given limit.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (where `tools/` and `.royale/` are).
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// A running `node tools/royale/amfdata.js batch`: one JSON request line in,
/// one JSON reply line out (protocol in `tools/royale/README.md`).
pub struct AmfData {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl AmfData {
    /// Starts the batch peer (Royale's debug output goes to `/dev/null`).
    ///
    /// # Panics
    /// If node cannot be started.
    pub fn start() -> AmfData {
        let mut child = Command::new("node")
            .arg(format!("{ROOT}/tools/royale/amfdata.js"))
            .arg("batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node tools/royale/amfdata.js batch");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        AmfData {
            child,
            stdin,
            stdout,
        }
    }

    /// Sends one request (a JSON object on one line) and returns the reply
    /// line (JSON, without the newline).
    ///
    /// # Panics
    /// If the request spans lines or the peer has exited.
    pub fn request(&mut self, json: &str) -> String {
        assert!(!json.contains('\n'), "one request per line: {json}");
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{json}").expect("write to amfdata.js");
        stdin.flush().expect("flush amfdata.js stdin");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("read amfdata.js");
        assert!(!line.is_empty(), "amfdata.js exited (request {json})");
        line.truncate(line.trim_end().len());
        line
    }
}

impl Drop for AmfData {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// Runs `node tools/royale/remote.js URL -` with `scenario` (JSON) on stdin
/// and returns its report (one JSON object). `trace` adds every HTTP
/// exchange to the report. Node is killed if it has not finished within
/// `limit` (give more than the scenario's `timeout_ms`).
///
/// # Panics
/// If node cannot be started, exits with an error (bad scenario: exit 2)
/// or outlives `limit`.
pub fn remote_object(url: &str, scenario: &str, trace: bool, limit: Duration) -> String {
    let mut cmd = Command::new("node");
    cmd.arg(format!("{ROOT}/tools/royale/remote.js"))
        .arg(url)
        .arg("-");
    if trace {
        cmd.arg("--trace");
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node tools/royale/remote.js");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(scenario.as_bytes())
        .expect("write the scenario");
    drop(stdin);
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for remote.js") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("remote.js still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let report = out.join().expect("stdout reader");
    let log = err.join().expect("stderr reader");
    assert!(status.success(), "remote.js failed ({status}): {log}");
    report.trim_end().to_owned()
}

/// `tools/royale/pyamf_gateway.py` (a PyAMF WSGI gateway with destination
/// `EchoService`) listening on 127.0.0.1; needs `.venv` (PyAMF). Stopped
/// when dropped (and by itself after its lifetime).
pub struct PyamfGateway {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl PyamfGateway {
    /// Starts the gateway for at most `lifetime`, and waits until it listens.
    ///
    /// # Panics
    /// If it cannot be started or does not report its port.
    pub fn start(lifetime: Duration) -> PyamfGateway {
        let mut child = Command::new(format!("{ROOT}/.venv/bin/python"))
            .arg(format!("{ROOT}/tools/royale/pyamf_gateway.py"))
            .arg("--lifetime")
            .arg(lifetime.as_secs().max(1).to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start pyamf_gateway.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("read the port");
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("pyamf_gateway.py said {line:?}"));
        PyamfGateway { child, port }
    }

    /// `http://127.0.0.1:<port>/gateway` (any path is served).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/gateway", self.port)
    }
}

impl Drop for PyamfGateway {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
