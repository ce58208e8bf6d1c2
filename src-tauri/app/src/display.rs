//! `[display]`: the recorder serves the shop floor's live view over HTTP to browsers on the
//! plant's network (a TV in the hall, a tablet at the line), on its own tokio runtime.
//! Off unless `takt.toml` has the section; read-only (nothing here writes, least of all to a
//! machine). Every request carries the display's token: in the URL once (`?token=`), then
//! as a cookie the response sets, or as `Authorization: Bearer`; without it, 401 and an
//! empty body. Each client address is rate-limited, and every response carries a strict
//! Content-Security-Policy.
//!
//! `GET /api/snapshot` is the live view as JSON: the very [`Snapshot`] the window's event
//! and the terminal table show (`takt_core::live`, one definition). The window's own UI
//! (the Leptos app, as the binary embeds it) is served at every other path, `/display`
//! among them: in a browser it calls `POST /api/invoke/NAME` for the commands its pages
//! need (`plant`, `snapshot`, `machine_detail`, `first_page`, `stops`: the functions the
//! window's commands call) and listens to `GET /api/events`, server-sent events of the
//! window's event names and payloads.
//!
//! The one write: `operator_entry`, a stop's reason or scrap from a tablet, signed with an
//! `[[operator]]`'s name and PIN ([`crate::operators::sign`]: wrong PINs logged, a tablet
//! locked after five), then checked and written by [`crate::entries::enter`], the Stops
//! page's function, with the operator's name.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use takt_core::api::{
    ApiError, Entry, MachineQuery, Mode, OperatorEntry, PlantInfo, ReportQuery, StopsQuery, cmd, event,
};
use takt_core::config::{Config, Display};
use takt_core::live::Snapshot;
use takt_store::{Reader, WriterHandle};
use tokio::sync::watch;

/// The cookie a browser keeps the token in once it came in the URL.
pub const COOKIE: &str = "takt_display";

/// What every response says about where its page may load from: only this server, no
/// inline script, no frames around it.
/// Styles may be set on elements (the state colours of tiles), never loaded from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Requests a client address may make per second, sustained; [`BURST`] at once.
pub const RATE: f64 = 20.0;
/// Requests a client address may make at once before [`RATE`] applies.
pub const BURST: f64 = 40.0;
/// Client addresses remembered by the rate limit; past it, the quietest are forgotten.
const CLIENTS: usize = 4096;

/// The files of the UI the display serves: `(name, bytes)`, `index.html` among them.
pub type Assets = &'static [(&'static str, &'static [u8])];

/// Browsers following the live view at once; one more is told 503 (each holds a
/// connection and a copy of the snapshot on its way).
pub const WATCHERS: usize = 256;

/// A new display token: 128 bits from the operating system's generator, as 32 hex digits.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The display's address as a browser opens it, with the token (`http://HOST:PORT/...`,
/// `https` with TLS). `0.0.0.0` and `::` are named as this computer's name would be: `HOST`.
pub fn url(addr: SocketAddr, token: &str, https: bool) -> String {
    let host = if addr.ip().is_unspecified() {
        "HOST".to_string()
    } else {
        match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}:{}/display?token={token}", addr.port())
}

/// The largest request body read (a command's arguments are a few hundred bytes).
pub const MAX_BODY: usize = 64 * 1024;
/// The largest request head (request line and headers) read; a larger one gets 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client has to send a request's head (and finish a TLS handshake): a client
/// that trickles bytes is cut off after it.
pub const HEAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// Connections served at once; one more is closed at once (each holds at most a head's
/// buffer and a body).
pub const CONNECTIONS: usize = 1024;

struct Shared {
    token: String,
    /// Served over HTTPS (the cookie is then `Secure`).
    https: bool,
    config: Arc<Config>,
    db: std::path::PathBuf,
    writer: WriterHandle,
    locks: crate::operators::Locks,
    live: watch::Receiver<Snapshot>,
    clients: Mutex<HashMap<IpAddr, (f64, Instant)>>,
    plant: PlantInfo,
    ui: Assets,
    watchers: std::sync::atomic::AtomicUsize,
    /// True once the server stops: every event stream then ends, so that the graceful
    /// shutdown (which waits for open connections) does not wait for browsers forever.
    closing: watch::Receiver<bool>,
}

/// The display's server, running until [`Server::stop`].
pub struct Server {
    /// The address it listens on (the port the system gave for port 0).
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// Why the display could not start.
#[derive(Debug, thiserror::Error)]
pub enum DisplayError {
    /// `[display]` has no token yet.
    #[error("[display] has no token: run `takt check`, which writes one into takt.toml")]
    NoToken,
    /// The address could not be listened on.
    #[error("listening on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    /// The certificate or key of `[display]` could not be used.
    #[error("[display]: {}: {why}", file.display())]
    Tls {
        /// The file.
        file: std::path::PathBuf,
        /// What is wrong with it.
        why: String,
    },
}

/// Where `[display]`'s certificate or key is: relative paths are from takt.toml's folder.
fn beside(folder: &std::path::Path, p: &std::path::Path) -> std::path::PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        folder.join(p)
    }
}

/// The HTTPS of `tls` (paths from `folder`, takt.toml's): its certificate chain and key
/// read and checked to belong together. `takt check` and the service both call it.
pub fn tls_config(
    tls: &takt_core::config::Tls,
    folder: &std::path::Path,
) -> Result<Arc<tokio_rustls::rustls::ServerConfig>, DisplayError> {
    use tokio_rustls::rustls::{
        self,
        pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
    };
    let (cert, key) = (beside(folder, &tls.cert), beside(folder, &tls.key));
    let bad = |file: &std::path::Path, why: String| DisplayError::Tls {
        file: file.to_path_buf(),
        why,
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&cert)
        .and_then(Iterator::collect)
        .map_err(|e| bad(&cert, format!("{e}: expected the certificate chain as PEM")))?;
    if certs.is_empty() {
        return Err(bad(
            &cert,
            "no certificate in it: expected the certificate chain as PEM".into(),
        ));
    }
    let private = PrivateKeyDer::from_pem_file(&key)
        .map_err(|e| bad(&key, format!("{e}: expected the certificate's private key as PEM")))?;
    // ring, as the mail's TLS: rustls calls it deprecated for lacking post-quantum key
    // exchange, which only its aws-lc-rs provider (a C and assembly build) has.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, private))
        .map_err(|e| bad(&key, format!("{e}: expected the private key of the certificate")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

impl Server {
    /// Listens on `d.listen` and serves `live` (and the UI `ui`) of the plant of `config`,
    /// recorded in `db`, to every request with the token; operators' entries go through
    /// `writer` (a writer of `db`). `folder`: takt.toml's, where relative paths of `[display]`
    /// start.
    #[allow(clippy::too_many_arguments)]
    pub async fn start(
        d: &Display,
        config: &Config,
        folder: &std::path::Path,
        db: &std::path::Path,
        writer: WriterHandle,
        live: watch::Receiver<Snapshot>,
        ui: Assets,
    ) -> Result<Server, DisplayError> {
        let token = d.token.clone().ok_or(DisplayError::NoToken)?;
        let tls = match &d.tls {
            Some(t) => Some(tokio_rustls::TlsAcceptor::from(tls_config(t, folder)?)),
            None => None,
        };
        let listener = tokio::net::TcpListener::bind(d.listen)
            .await
            .map_err(|e| DisplayError::Listen(d.listen, e))?;
        let addr = listener.local_addr().map_err(|e| DisplayError::Listen(d.listen, e))?;
        // The plant as the window's `plant` command has it; where its files and machines
        // are on the network is nothing the display needs.
        let mut plant = crate::plant_info(Some(config), Mode::Running, String::new(), Vec::new(), None);
        for m in &mut plant.machines {
            m.connection.clear();
        }
        let (stop, closing) = watch::channel(false);
        let shared = Arc::new(Shared {
            token,
            https: tls.is_some(),
            config: Arc::new(config.clone()),
            db: db.to_path_buf(),
            writer,
            locks: crate::operators::Locks::default(),
            live,
            clients: Mutex::new(HashMap::new()),
            plant,
            ui,
            watchers: std::sync::atomic::AtomicUsize::new(0),
            closing: closing.clone(),
        });
        let app = router(shared);
        let task = tokio::spawn(serve(listener, app, tls, closing));
        Ok(Server { addr, stop, task })
    }

    /// Stops serving: the event streams end, requests under way are answered, then the
    /// connections close.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Accepts connections until `closing`: each served by hyper's HTTP/1 with a deadline for
/// its request heads (and TLS handshake), bounded buffers, and at most [`CONNECTIONS`] at
/// once. When closing, the requests under way are answered (the event streams end by
/// themselves), for at most 5 s.
async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    mut closing: watch::Receiver<bool>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open = Arc::new(tokio::sync::Semaphore::new(CONNECTIONS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, say: wait, do not spin.
                    tracing::warn!("display: accepting a connection: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = async { let _ = closing.wait_for(|c| *c).await; } => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            continue;
        };
        let (app, tls, watcher) = (app.clone(), tls.clone(), graceful.watcher());
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                let mut app = app.clone();
                async move { tower_service::Service::call(&mut app, req.map(Body::new)).await }
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD);
            match tls {
                None => {
                    let _ = watcher.watch(http.serve_connection(TokioIo::new(tcp), service)).await;
                }
                Some(acceptor) => {
                    if let Ok(Ok(stream)) = tokio::time::timeout(HEAD_TIMEOUT, acceptor.accept(tcp)).await {
                        let _ = watcher
                            .watch(http.serve_connection(TokioIo::new(stream), service))
                            .await;
                    }
                }
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/snapshot", get(snapshot))
        .route("/api/invoke/{name}", post(invoke))
        .route("/api/events", get(events))
        .fallback(get(page))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

async fn snapshot(State(shared): State<Arc<Shared>>) -> Response {
    let body = serde_json::to_vec(&*shared.live.borrow()).unwrap_or_default();
    json(body)
}

fn json(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Errors as the window's commands return them, with `status`.
fn refused(status: StatusCode, errors: &[ApiError]) -> Response {
    let mut r = json(serde_json::to_vec(errors).unwrap_or_default());
    *r.status_mut() = status;
    r
}

/// A command's arguments (`{"input": ...}`, as the window's `invoke` sends them).
#[derive(serde::Deserialize)]
struct Args<T> {
    input: T,
}

fn args<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Vec<ApiError>> {
    serde_json::from_slice::<Args<T>>(body)
        .map(|a| a.input)
        .map_err(|e| vec![ApiError::new(format!("the command's arguments: {e}"))])
}

/// Runs `f` (SQLite reads, the writer's flush, Argon2id) off the runtime; its answer as
/// JSON, its errors as 400.
async fn blocking<T: serde::Serialize + Send + 'static>(
    f: impl FnOnce() -> Result<T, Vec<ApiError>> + Send + 'static,
) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => json(serde_json::to_vec(&v).unwrap_or_default()),
        Ok(Err(e)) => refused(StatusCode::BAD_REQUEST, &e),
        Err(e) => refused(StatusCode::INTERNAL_SERVER_ERROR, &[ApiError::new(e.to_string())]),
    }
}

fn reader(db: &std::path::Path) -> Result<Reader, Vec<ApiError>> {
    Reader::open(db).map_err(|e| vec![ApiError::new(e.to_string())])
}

/// The window's commands the display answers, by name, with the window's functions; any
/// other is 404 with the window's error shape.
async fn invoke(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    axum::extract::Path(name): axum::extract::Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let now = crate::clock::now();
    let s = shared.clone();
    match name.as_str() {
        cmd::PLANT => json(serde_json::to_vec(&shared.plant).unwrap_or_default()),
        cmd::SNAPSHOT => json(serde_json::to_vec(&*shared.live.borrow()).unwrap_or_default()),
        cmd::MACHINE => match args::<MachineQuery>(&body) {
            Ok(q) => blocking(move || crate::views::machine_detail(&s.config, &reader(&s.db)?, &q, now)).await,
            Err(e) => refused(StatusCode::BAD_REQUEST, &e),
        },
        cmd::FIRST_PAGE => match args::<ReportQuery>(&body) {
            Ok(q) => blocking(move || crate::views::first_page(&s.config, &reader(&s.db)?, &q, now)).await,
            Err(e) => refused(StatusCode::BAD_REQUEST, &e),
        },
        cmd::STOPS => match args::<StopsQuery>(&body) {
            Ok(q) => {
                blocking(move || {
                    crate::entries::page(&s.config, &reader(&s.db)?, &q, now)
                        .map_err(|e| vec![ApiError::new(e.to_string())])
                })
                .await
            }
            Err(e) => refused(StatusCode::BAD_REQUEST, &e),
        },
        cmd::OPERATOR_ENTRY => match args::<OperatorEntry>(&body) {
            Ok(e) => operator_entry(s, peer.ip(), e).await,
            Err(e) => refused(StatusCode::BAD_REQUEST, &e),
        },
        _ => refused(
            StatusCode::NOT_FOUND,
            &[ApiError::new(format!("the display has no command \"{name}\""))],
        ),
    }
}

/// A tablet's entry: the operator's PIN first (403 when wrong or the tablet is locked,
/// nothing written), then the Stops page's checks and writer, stored with their name.
async fn operator_entry(s: Arc<Shared>, tablet: IpAddr, e: OperatorEntry) -> Response {
    if !matches!(e.entry, Entry::Reason(_) | Entry::Scrap(_)) {
        return refused(
            StatusCode::BAD_REQUEST,
            &[ApiError::new("a tablet gives stops their reasons and records scrap")],
        );
    }
    let signed = tokio::task::spawn_blocking(move || {
        let l = crate::locale(Some(&s.config));
        let name = match crate::operators::sign(&s.config, &s.locks, tablet, &e.operator, &e.pin) {
            Ok(o) => o.name.clone(),
            Err(why) => {
                return Err((
                    StatusCode::FORBIDDEN,
                    vec![ApiError {
                        field: Some("pin".into()),
                        message: why.message_in(l),
                    }],
                ));
            }
        };
        crate::entries::enter(&s.config, &s.db, &s.writer, &e.entry, Some(&name))
            .map(|()| name)
            .map_err(|e| (StatusCode::BAD_REQUEST, e))
    })
    .await;
    match signed {
        Ok(Ok(name)) => {
            tracing::info!(%tablet, operator = %name, "display: an operator's entry written");
            json(b"null".to_vec())
        }
        Ok(Err((status, errors))) => refused(status, &errors),
        Err(e) => refused(StatusCode::INTERNAL_SERVER_ERROR, &[ApiError::new(e.to_string())]),
    }
}

/// One browser following the live view: counted while its stream lives.
struct Watcher(Arc<Shared>);

impl Drop for Watcher {
    fn drop(&mut self) {
        self.0.watchers.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The live view as server-sent events: the window's `takt://snapshot` event with its
/// payload, now and at every change (every second while polling).
async fn events(State(shared): State<Arc<Shared>>) -> Response {
    use std::sync::atomic::Ordering;
    if shared.watchers.fetch_add(1, Ordering::Relaxed) >= WATCHERS {
        shared.watchers.fetch_sub(1, Ordering::Relaxed);
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let watcher = Watcher(shared.clone());
    let mut live = shared.live.clone();
    live.mark_changed();
    let closing = shared.closing.clone();
    let stream = futures_util::stream::unfold(
        (live, closing, watcher),
        |(mut live, mut closing, watcher)| async move {
            tokio::select! {
                changed = live.changed() => changed.ok()?,
                _ = closing.wait_for(|c| *c) => return None,
            }
            let data = serde_json::to_string(&*live.borrow_and_update()).unwrap_or_default();
            let chunk = format!("event: {}\ndata: {data}\n\n", event::SNAPSHOT);
            Some((Ok::<_, std::convert::Infallible>(chunk), (live, closing, watcher)))
        },
    );
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// A file of the UI by its name (whatever folder the page's address has, its relative
/// links name the same files), else the UI's page: `/display`, `/`, any route of the app.
async fn page(State(shared): State<Arc<Shared>>, uri: axum::http::Uri) -> Response {
    let name = uri.path().rsplit('/').next().unwrap_or_default();
    let file = shared
        .ui
        .iter()
        .find(|(n, _)| *n == name && !name.is_empty())
        .or_else(|| shared.ui.iter().find(|(n, _)| *n == "index.html"));
    let Some((name, bytes)) = file else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, kind)], *bytes).into_response()
}

/// The token a request carries: in its query (`token=`), its cookie, or its
/// `Authorization: Bearer` header; and whether it came in the query (the response then
/// sets the cookie).
fn token_of(req: &Request) -> (Option<String>, bool) {
    if let Some(q) = req.uri().query() {
        for pair in q.split('&') {
            if let Some(t) = pair.strip_prefix("token=") {
                return (Some(t.to_string()), true);
            }
        }
    }
    let headers: &HeaderMap = req.headers();
    for cookie in headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()) {
        for part in cookie.split(';') {
            if let Some(t) = part.trim().strip_prefix(COOKIE).and_then(|r| r.strip_prefix('=')) {
                return (Some(t.to_string()), false);
            }
        }
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    (bearer, false)
}

/// Compares in time that does not depend on where two tokens first differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Makes room for `ip` in `map` (one entry per client address, at most `cap`): when it is
/// full and `ip` is new, the quarter last heard of longest ago (`last`) is forgotten.
pub(crate) fn make_room<V>(map: &mut HashMap<IpAddr, V>, ip: IpAddr, cap: usize, last: impl Fn(&V) -> Instant) {
    if map.len() >= cap && !map.contains_key(&ip) {
        let mut by_age: Vec<(IpAddr, Instant)> = map.iter().map(|(ip, v)| (*ip, last(v))).collect();
        by_age.sort_by_key(|c| c.1);
        for (old, _) in by_age.into_iter().take(cap / 4) {
            map.remove(&old);
        }
    }
}

/// Whether `ip` may make a request now (a token bucket per client address).
fn allowed(shared: &Shared, ip: IpAddr, now: Instant) -> bool {
    let mut clients = shared.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // Past the limit, the clients whose buckets are fullest go: they have been quiet longest.
    make_room(&mut clients, ip, CLIENTS, |(_, last)| *last);
    let (tokens, last) = clients.entry(ip).or_insert((BURST, now));
    *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * RATE).min(BURST);
    *last = now;
    if *tokens >= 1.0 {
        *tokens -= 1.0;
        true
    } else {
        false
    }
}

/// Every request: rate-limited by client address, refused without the token, and every
/// response with the security headers.
async fn guard(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    let mut response = if !allowed(&shared, peer.ip(), Instant::now()) {
        StatusCode::TOO_MANY_REQUESTS.into_response()
    } else {
        match token_of(&req) {
            (Some(t), in_query) if same(&t, &shared.token) => {
                let mut r = next.run(req).await;
                let secure = if shared.https { "; Secure" } else { "" };
                if in_query
                    && let Ok(v) =
                        HeaderValue::from_str(&format!("{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict{secure}"))
                {
                    r.headers_mut().append(header::SET_COOKIE, v);
                }
                r
            }
            (given, _) => {
                if given.is_some() {
                    tracing::warn!(client = %peer.ip(), "display: a request with a wrong token refused");
                }
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::UNAUTHORIZED;
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
        }
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_32_hex_digits_and_never_the_same_twice() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()) && !same(&a, &b) && !same(&a, &a[..31]));
    }

    #[test]
    fn a_client_gets_its_burst_then_the_rate() {
        let (_tx, live) = watch::channel(Snapshot {
            t: takt_core::time::Ts(0),
            machines: Vec::new(),
        });
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("takt.db");
        let shared = Shared {
            token: "t".into(),
            https: false,
            config: Arc::new(
                Config::parse("[plant]\nname = \"P\"\ntimezone = \"UTC\"\n", "t.toml")
                    .unwrap()
                    .config,
            ),
            writer: takt_store::Writer::spawn(&db).unwrap().handle(),
            db,
            locks: crate::operators::Locks::default(),
            live,
            clients: Mutex::new(HashMap::new()),
            plant: crate::plant_info(None, Mode::Running, String::new(), Vec::new(), None),
            ui: &[],
            watchers: std::sync::atomic::AtomicUsize::new(0),
            closing: watch::channel(false).1,
        };
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        let t0 = Instant::now();
        let burst = (0..100).take_while(|_| allowed(&shared, ip, t0)).count();
        assert_eq!(burst, BURST as usize);
        // Another client is not held back by the first.
        assert!(allowed(&shared, "10.0.0.10".parse().unwrap(), t0));
        // A second later, RATE more.
        let t1 = t0 + std::time::Duration::from_secs(1);
        let more = (0..100).take_while(|_| allowed(&shared, ip, t1)).count();
        assert_eq!(more, RATE as usize);
    }
}
