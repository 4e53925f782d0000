//! `cargo run --example gateway [-- --port 8080 --cors '*']`: an AMF
//! remoting gateway at `http://127.0.0.1:PORT/amf` that Flex, Apache Royale,
//! Flash and PyAMF clients call.
//!
//! Destinations (Flex) / services (NetConnection):
//!
//! * `EchoService.echo(...)`: returns the array of its arguments unchanged
//!   (class aliases and types kept); `EchoService.fail(...)`: always a fault.
//! * `CustomerService`: `get(id)` → a `com.example.Customer`, `list()` → an
//!   `ArrayCollection` of them, `save(customer)` → the customer with its
//!   name upper-cased, `add(a, b)`, `greet(name, times)`, `whoami()` (the
//!   logged-in user: log in as `demo`/`secret`).
//!
//! Options: `--port N` (default 8080), `--host ADDR` (default 127.0.0.1),
//! `--cors ORIGINS` (`*` or a comma-separated list; default off),
//! `--threads N` (tokio workers, default: the number of cores).

use std::net::SocketAddr;

use amf_serde_examples::{demo, server};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut port: u16 = 8080;
    let mut host = String::from("127.0.0.1");
    let mut cors = server::Cors::Off;
    let mut threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--port" => port = value("--port")?.parse()?,
            "--host" => host = value("--host")?,
            "--cors" => cors = server::Cors::parse(&value("--cors")?),
            "--threads" => threads = value("--threads")?.parse()?,
            "-h" | "--help" => {
                println!(
                    "usage: gateway [--port N] [--host ADDR] [--cors '*'|ORIGIN,...] [--threads N]"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let addr: SocketAddr = format!("{host}:{port}").parse()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        println!(
            "AMF gateway on http://{}/amf (EchoService, CustomerService; CORS {:?})",
            listener.local_addr()?,
            cors
        );
        axum::serve(listener, server::app(demo::gateway(), cors)).await
    })?;
    Ok(())
}
