//! Serving a [`Gateway`] over HTTP with axum on tokio: `POST /amf` with
//! `Content-Type: application/x-amf`, configurable CORS.

use std::net::SocketAddr;
use std::sync::Arc;

use amf_serde::gateway::Gateway;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

/// Which origins may call the gateway from a browser (Royale apps are often
/// served from another origin than their gateway).
#[derive(Clone, Debug, Default)]
pub enum Cors {
    /// No CORS headers: same-origin only.
    #[default]
    Off,
    /// Any origin (`Access-Control-Allow-Origin: *`).
    Any,
    /// These origins (exact match, e.g. `http://localhost:3000`).
    Origins(Vec<String>),
}

impl Cors {
    /// Parses `--cors`'s value: `*`, or a comma-separated list of origins.
    pub fn parse(s: &str) -> Cors {
        match s.trim() {
            "" => Cors::Off,
            "*" => Cors::Any,
            list => Cors::Origins(list.split(',').map(|o| o.trim().to_owned()).collect()),
        }
    }

    fn allow(&self, request: &HeaderMap) -> Option<HeaderValue> {
        match self {
            Cors::Off => None,
            Cors::Any => Some(HeaderValue::from_static("*")),
            Cors::Origins(list) => {
                let origin = request.get(header::ORIGIN)?;
                let o = origin.to_str().ok()?;
                list.iter().any(|x| x == o).then(|| origin.clone())
            }
        }
    }
}

struct AppState {
    gateway: Gateway,
    cors: Cors,
}

/// The router: `POST /amf` and its CORS preflight.
pub fn app(gateway: Gateway, cors: Cors) -> Router {
    let limit = gateway.max_request_bytes();
    let state = Arc::new(AppState { gateway, cors });
    Router::new()
        .route("/amf", post(amf).options(preflight))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

fn with_cors(mut response: Response, state: &AppState, request: &HeaderMap) -> Response {
    if let Some(origin) = state.cors.allow(request) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

async fn preflight(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    if state.cors.allow(&headers).is_some() {
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Content-Type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    with_cors(r, &state, &headers)
}

async fn amf(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    let is_amf = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-amf"));
    let r = if !is_amf {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected Content-Type: application/x-amf\n",
        )
            .into_response()
    } else {
        match state.gateway.handle(body).await {
            Ok(packet) => (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-amf"),
                )],
                packet,
            )
                .into_response(),
            Err(e) => (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
                format!("{e}\n"),
            )
                .into_response(),
        }
    };
    with_cors(r, &state, &headers)
}

/// A server running on a background thread with its own tokio runtime,
/// stopped and joined when dropped. For tests and the load
/// run.
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/amf`.
    pub fn url(&self) -> String {
        format!("http://{}/amf", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts `gateway` on 127.0.0.1 (port 0: any free port) with `threads`
/// tokio worker threads.
pub fn spawn(gateway: Gateway, cors: Cors, threads: usize) -> std::io::Result<Running> {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        rt.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) else {
                return;
            };
            // Stop at once (open keep-alive connections are dropped with the
            // runtime), so a test never waits on a client.
            tokio::select! {
                _ = axum::serve(listener, app(gateway, cors)) => {}
                _ = rx => {}
            }
        });
    });
    Ok(Running {
        addr,
        stop: Some(tx),
        thread: Some(thread),
    })
}
