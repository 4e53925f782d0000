//! `cargo run --example client -- URL`: calls a remoting gateway (this
//! project's `gateway` example, BlazeDS, PyAMF, AMFPHP, ...) over HTTP with
//! `ureq`, in both styles:
//!
//! * Flex: ping (prints the assigned client id), then
//!   `EchoService.echo("hello", 42, true)` and `EchoService.fail()`;
//! * NetConnection: `EchoService.echo` as a batch of two calls in one packet.
//!
//! Other calls: `client URL DESTINATION OPERATION [JSON-ARGS]`, for example
//! `client http://127.0.0.1:8080/amf CustomerService get '[2]'`.

use amf_serde::client::{Client, Request, Response};
use amf_serde::Value;

fn post(
    url: &str,
    client: &mut Client,
    request: &Request,
) -> Result<Response, Box<dyn std::error::Error>> {
    let mut reply = ureq::post(url)
        .header("Content-Type", "application/x-amf")
        .send(&request.body[..])?;
    let body = reply
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()?;
    Ok(client.read(request, &body)?)
}

fn show(answer: &Result<Value, amf_serde::gateway::Fault>) -> String {
    match answer {
        Ok(v) => format!("result {v}"),
        Err(f) => format!("fault {f}"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("usage: client URL [DESTINATION OPERATION [JSON-ARGS]]");
        std::process::exit(2);
    };
    let mut flex = Client::new();
    let ping = flex.ping()?;
    post(url, &mut flex, &ping)?;
    println!("ping: client id {}", flex.client_id().unwrap_or("(none)"));

    if let [_, destination, operation, rest @ ..] = args.as_slice() {
        let json: serde_json::Value = match rest.first() {
            Some(s) => serde_json::from_str(s)?,
            None => serde_json::Value::Array(Vec::new()),
        };
        let call = flex.remote(destination, operation, &json)?;
        let reply = post(url, &mut flex, &call)?;
        println!("{destination}.{operation}: {}", show(&reply.answers()[0]));
        return Ok(());
    }

    let call = flex.remote("EchoService", "echo", &("hello", 42, true))?;
    let reply = post(url, &mut flex, &call)?;
    println!("Flex EchoService.echo: {}", show(&reply.answers()[0]));
    let call = flex.remote("EchoService", "fail", &())?;
    let reply = post(url, &mut flex, &call)?;
    println!("Flex EchoService.fail: {}", show(&reply.answers()[0]));

    let mut nc = Client::new();
    let batch = nc
        .batch()
        .call("EchoService.echo", &("first",))?
        .call("EchoService.echo", &(1.5, "second"))?
        .finish()?;
    let reply = post(url, &mut nc, &batch)?;
    for (uri, answer) in batch.uris().iter().zip(reply.answers()) {
        println!("NetConnection {uri}: {}", show(answer));
    }
    Ok(())
}
