//! Large inputs for the `amf json` throughput check (`benches/cli_json.sh`).
//!
//! * `large_input gen-amf3 FILE MB`: one AMF3 value of about MB megabytes:
//!   an array of typed customer records (sealed traits sent once, strings
//!   from a small vocabulary by reference, doubles, dates, nested arrays).
//! * `large_input gen-amf0 FILE MB`: a stream of AMF0 values (RTMP-like
//!   command messages) of about MB megabytes.
//! * `large_input baseline FILE`: the reference `amf json` is measured
//!   against: read the file, decode it with the library into a `Value`,
//!   write it with `serde_json` (compact) to standard output.

use std::io::Write;

use amf_serde::types::{Date, Object};
use amf_serde::Value;

fn record(i: u32) -> Value {
    let tags = ["gold", "silver", "beta", "newsletter", "vip"];
    Value::from(Object::sealed(
        "com.example.Customer",
        [
            ("id", Value::Integer(i as i32)),
            ("name", Value::String(format!("Customer number {i}"))),
            ("email", Value::String(format!("customer{i}@example.com"))),
            (
                "tags",
                Value::from(vec![
                    Value::from(tags[(i % 5) as usize]),
                    Value::from(tags[(i / 5 % 5) as usize]),
                ]),
            ),
            ("balance", Value::Double(f64::from(i) * 1.25 - 1000.0)),
            ("active", Value::Bool(!i.is_multiple_of(3))),
            (
                "created",
                Value::from(Date::from_millis(1.7e12 + f64::from(i))),
            ),
        ],
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen-amf3") => {
            let mb: u64 = args[3].parse()?;
            // About 85 bytes per record.
            let n = (mb * 1_000_000 / 85) as u32;
            let v = Value::from((0..n).map(record).collect::<Vec<_>>());
            std::fs::write(&args[2], amf_serde::to_vec(&v)?)?;
        }
        Some("gen-amf0") => {
            let mb: u64 = args[3].parse()?;
            let mut out = Vec::new();
            let mut i = 0u32;
            while (out.len() as u64) < mb * 1_000_000 {
                let mut ser = amf_serde::amf0::Serializer::new(&mut out);
                ser.serialize_value(&"onStatus")?;
                ser.serialize_value(&f64::from(i))?;
                ser.serialize_value(&amf_serde::amf_value!({
                    "level": "status",
                    "code": "NetStream.Play.Start",
                    "description": (format!("Started playing stream {i}")),
                    "clientid": (f64::from(i))
                }))?;
                i += 1;
            }
            std::fs::write(&args[2], out)?;
        }
        Some("baseline") => {
            let bytes = std::fs::read(&args[2])?;
            let v: Value = amf_serde::from_slice(&bytes)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            serde_json::to_writer(&mut out, &v)?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
        _ => return Err("usage: large_input gen-amf3|gen-amf0 FILE MB | baseline FILE".into()),
    }
    Ok(())
}
