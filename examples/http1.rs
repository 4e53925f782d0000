//! A minimal blocking HTTP/1.1 client over `std::net::TcpStream` for the
//! tests and the load run: `POST` with `Content-Length`, keep-alive when
//! the server allows it, every read bounded by a timeout and every length
//! by a limit. (The `client` example uses `ureq`; this one keeps the load
//! generator's own cost small and visible.)

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// One HTTP response.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Largest response body accepted.
const MAX_BODY: usize = 64 << 20;

/// A connection to one server, reopened when the server closes it.
pub struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    timeout: Duration,
}

impl Conn {
    /// A client for `addr` (nothing is opened until the first request).
    pub fn new(addr: SocketAddr) -> Self {
        Conn {
            addr,
            stream: None,
            timeout: Duration::from_secs(20),
        }
    }

    /// `POST path` with the given content type and body.
    ///
    /// # Errors
    /// Connection, timeout or protocol errors.
    pub fn post(
        &mut self,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> io::Result<HttpResponse> {
        // A kept-alive connection may have been closed by the server: retry
        // once on a fresh one.
        let reused = self.stream.is_some();
        match self.try_post(path, content_type, body) {
            Err(_) if reused => {
                self.stream = None;
                self.try_post(path, content_type, body)
            }
            r => r,
        }
    }

    fn try_post(
        &mut self,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> io::Result<HttpResponse> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, self.timeout)?;
            s.set_read_timeout(Some(self.timeout))?;
            s.set_write_timeout(Some(self.timeout))?;
            s.set_nodelay(true)?;
            self.stream = Some(BufReader::new(s));
        }
        let Some(reader) = self.stream.as_mut() else {
            return Err(io::Error::other("no connection"));
        };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        let mut req = Vec::with_capacity(head.len() + body.len());
        req.extend_from_slice(head.as_bytes());
        req.extend_from_slice(body);
        reader.get_mut().write_all(&req)?;
        let r = read_response(reader);
        match &r {
            Ok((_, keep)) if *keep => {}
            _ => self.stream = None,
        }
        r.map(|(resp, _)| resp)
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

fn read_line(r: &mut impl BufRead) -> io::Result<String> {
    let mut line = Vec::new();
    let n = r.by_ref().take(8192).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    if line.last() != Some(&b'\n') {
        return Err(bad("header line too long"));
    }
    String::from_utf8(line)
        .map(|s| s.trim_end().to_owned())
        .map_err(|_| bad("header not UTF-8"))
}

/// Reads one response; returns it and whether the connection stays open.
fn read_response(r: &mut BufReader<TcpStream>) -> io::Result<(HttpResponse, bool)> {
    let status_line = read_line(r)?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default().to_owned();
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let mut headers = Vec::new();
    for _ in 0..200 {
        let line = read_line(r)?;
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let close = get("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"))
        || (version == "HTTP/1.0"
            && !get("connection").is_some_and(|v| v.eq_ignore_ascii_case("keep-alive")));
    let body = if let Some(len) = get("content-length") {
        let len: usize = len.parse().map_err(|_| bad("bad content-length"))?;
        if len > MAX_BODY {
            return Err(bad("response too large"));
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
        body
    } else if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut body = Vec::new();
        loop {
            let size = read_line(r)?;
            let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| bad("bad chunk size"))?;
            if body.len() + size > MAX_BODY {
                return Err(bad("response too large"));
            }
            if size == 0 {
                read_line(r)?;
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..])?;
            read_line(r)?;
        }
        body
    } else {
        let mut body = Vec::new();
        r.by_ref().take(MAX_BODY as u64).read_to_end(&mut body)?;
        return Ok((
            HttpResponse {
                status,
                headers,
                body,
            },
            false,
        ));
    };
    Ok((
        HttpResponse {
            status,
            headers,
            body,
        },
        !close,
    ))
}
