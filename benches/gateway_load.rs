//! Load run of the remoting gateway (a bench-like example, not a timed
//! test): N concurrent clients each make a fixed number of echo calls over
//! HTTP on 127.0.0.1, against
//!
//! * the `gateway` example's server (axum on tokio, the demo services),
//!   started in this process with `--server-threads` workers;
//! * PyAMF's WSGI gateway (`tools/pyamf/gateway.py`, wsgiref, one request at
//!   a time), when `.venv` has PyAMF (`bash tools/pyamf/install.sh`).
//!
//! Each call is a Flex `RemotingMessage` to `EchoService.echo` with a
//! string, a number and a `com.example.Customer` record (what a Royale or
//! Flex client sends). Each client encodes 8 such requests up front and
//! sends them in turn (the generator shares the 2 cores with the server);
//! every answer's target is checked, every 50th answer fully decoded. Reported per target: requests/s
//! and p50/p99 latency, with keep-alive connections and with a new
//! connection per request (wsgiref speaks HTTP/1.0 and closes every
//! connection, so its two rows are the same).
//!
//! ```text
//! cargo run --release -p amf-serde-benches --example gateway_load -- \
//!     [--clients 8] [--calls 500] [--server-threads 2] [--pyamf-calls 100] [--rounds 3]
//! ```
//!
//! Every loop is bounded by the call counts; every request by the HTTP
//! client's 20 s timeout.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use amf_serde::client::Client;
use amf_serde::remoting::Packet;
use amf_serde_examples::demo::{self, Customer};
use amf_serde_examples::http1::Conn;
use amf_serde_examples::server::{self, Cors};

/// Distinct requests per client, used in turn.
const VARIANTS: usize = 8;

struct Args {
    clients: usize,
    calls: usize,
    server_threads: usize,
    pyamf_calls: usize,
    rounds: usize,
}

fn args() -> Args {
    let mut a = Args {
        clients: 8,
        calls: 500,
        server_threads: 2,
        pyamf_calls: 100,
        rounds: 3,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v: usize = it
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{k} needs a number"));
        match k.as_str() {
            "--clients" => a.clients = v.max(1),
            "--calls" => a.calls = v.max(1),
            "--server-threads" => a.server_threads = v.max(1),
            "--pyamf-calls" => a.pyamf_calls = v,
            "--rounds" => a.rounds = v.max(1),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

struct Report {
    requests: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
}

impl Report {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// `clients` threads, `calls` echo calls each, to `path` at `addr`.
fn run(addr: SocketAddr, path: &str, clients: usize, calls: usize, fresh: bool) -> Report {
    let record = Customer {
        id: 7,
        name: "Ada".into(),
        balance: 1815.5,
        tags: vec!["math".into(), "crypto".into()],
    };
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let record = record.clone();
            let path = path.to_owned();
            std::thread::spawn(move || {
                let mut conn = Conn::new(addr);
                let mut client = Client::new();
                // The requests are encoded up front, so the generator's own
                // CPU time (it shares the machine) stays small; each answer
                // is checked: its target, and every 50th fully decoded.
                let requests: Vec<_> = (0..VARIANTS)
                    .map(|i| {
                        client
                            .remote("EchoService", "echo", &("hello", i as f64, &record))
                            .expect("encode")
                    })
                    .collect();
                let mut lat = Vec::with_capacity(calls);
                for i in 0..calls {
                    if fresh {
                        conn = Conn::new(addr);
                    }
                    let call = &requests[i % VARIANTS];
                    let t = Instant::now();
                    let r = conn
                        .post(&path, "application/x-amf", &call.body)
                        .expect("HTTP exchange");
                    lat.push(t.elapsed());
                    assert_eq!(r.status, 200);
                    if i % 50 == 0 {
                        let (s, n, c): (String, f64, Customer) = client
                            .read(call, &r.body)
                            .expect("decode")
                            .into_result()
                            .expect("a result");
                        assert!(s == "hello" && n == (i % VARIANTS) as f64 && c == record);
                    } else {
                        let p = Packet::from_slice(&r.body).expect("a packet");
                        let want = format!("{}/onResult", call.uris()[0]);
                        assert_eq!(p.messages[0].target, want);
                    }
                }
                lat
            })
        })
        .collect();
    let mut all: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client thread"))
        .collect();
    let elapsed = started.elapsed();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    Report {
        requests: all.len(),
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

fn print(name: &str, r: &Report) {
    println!(
        "{name:<44} {:>7} req  {:>8.2} s  {:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms",
        r.requests,
        r.elapsed.as_secs_f64(),
        r.rps(),
        r.p50.as_secs_f64() * 1e3,
        r.p99.as_secs_f64() * 1e3
    );
}

struct Pyamf(Child);

impl Drop for Pyamf {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_pyamf(root: &str) -> Option<(Pyamf, SocketAddr)> {
    use std::io::BufRead;
    let python = format!("{root}/.venv/bin/python");
    if !std::path::Path::new(&python).exists() {
        return None;
    }
    let mut child = Command::new(python)
        .arg(format!("{root}/tools/pyamf/gateway.py"))
        .args(["--lifetime", "600"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take()?)
        .read_line(&mut line)
        .ok()?;
    let port: u16 = line.trim().strip_prefix("PORT ")?.parse().ok()?;
    Some((Pyamf(child), SocketAddr::from(([127, 0, 0, 1], port))))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let a = args();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    println!(
        "{} clients, {} rounds; Rust: {} calls each, {} server threads; PyAMF: {} calls each",
        a.clients, a.rounds, a.calls, a.server_threads, a.pyamf_calls
    );
    let srv = server::spawn(demo::gateway(), Cors::Off, a.server_threads).expect("server");
    let py = if a.pyamf_calls > 0 {
        let p = start_pyamf(root);
        if p.is_none() {
            println!("PyAMF not installed (bash tools/pyamf/install.sh): skipped");
        }
        p
    } else {
        None
    };
    // Warm up (connections, allocator, thread pools, Python imports).
    run(srv.addr(), "/amf", a.clients, 20, false);
    if let Some((_, addr)) = &py {
        run(*addr, "/", a.clients, 5, true);
    }
    // Rounds alternate between the targets, so that the load other
    // processes put on the machine hits both alike; the medians are compared.
    let (mut keep, mut fresh, mut pyr) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=a.rounds {
        let r = run(srv.addr(), "/amf", a.clients, a.calls, false);
        print(
            &format!("[{round}] amf-serde gateway (axum), keep-alive"),
            &r,
        );
        keep.push(r.rps());
        let r = run(srv.addr(), "/amf", a.clients, a.calls, true);
        print(
            &format!("[{round}] amf-serde gateway (axum), new connection"),
            &r,
        );
        fresh.push(r.rps());
        if let Some((_, addr)) = &py {
            let r = run(*addr, "/", a.clients, a.pyamf_calls, true);
            print(
                &format!("[{round}] PyAMF WSGIGateway (wsgiref), HTTP/1.0"),
                &r,
            );
            pyr.push(r.rps());
        }
    }
    let (k, f) = (median(keep), median(fresh));
    println!("median req/s: amf-serde keep-alive {k:.0}, new connection {f:.0}");
    if !pyr.is_empty() {
        let p = median(pyr);
        println!(
            "median req/s: PyAMF {p:.0}; throughput ratio {:.1}x (keep-alive), {:.1}x (new connection per request)",
            k / p,
            f / p
        );
    }
}
