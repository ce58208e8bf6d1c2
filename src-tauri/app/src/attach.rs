//! One recorder per database, windows as its clients. The process that records a
//! database (`takt run`, `takt demo`, or a window polling by itself) serves a local
//! channel: a Unix socket beside the database (`<db>.sock`, open to its user and group
//! only), a named pipe on Windows (local clients only); never a TCP port. Its
//! [`Recorder`] file names the channel. A window opened on a database that another process
//! records attaches to it ([`open`]): live snapshots come over the channel, figures from
//! read-only queries of the database, and operator entries go to the recorder, which checks
//! and writes them with its own writer ([`crate::entries::enter`], the same function a
//! window recording by itself calls).
//!
//! The protocol is one JSON value a line. The recorder sends [`Message::Hello`] first,
//! then a [`Message::Snapshot`] at once and at every new snapshot; the client sends
//! [`Request`]s, each answered by a [`Message::Entered`] with its id.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use takt_core::api::ApiError;
use takt_core::config::Config;
use takt_core::live::Snapshot;
use takt_store::WriterHandle;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot, watch};

use crate::entries::{self, Entry};
use crate::recorder::{Holder, Recorder, RecorderError};

/// The longest line either side reads: a snapshot of 100 machines is about 100 KB.
const MAX_LINE: u64 = 16 << 20;

/// What the recorder says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum Message {
    /// First, once: who records, and with which config.
    Hello {
        /// The recorder, as `takt status` names it.
        holder: String,
        /// The config file it was started with.
        config_path: String,
        /// That config's text, as it records with it.
        config: String,
    },
    /// The live view, as the recorder's own window would show it.
    Snapshot {
        /// The snapshot.
        snapshot: Snapshot,
    },
    /// The answer to the [`Request`] with this id.
    Entered {
        /// The request's id.
        id: u64,
        /// Written, or every problem found (nothing written then).
        result: Result<(), Vec<ApiError>>,
    },
}

/// What a client asks: an operator entry to check and write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in the answer.
    pub id: u64,
    /// The entry.
    pub entry: Entry,
}

/// Why a window cannot attach.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    /// The recorder serves no channel (a Takt from before it did, or one still starting).
    #[error("{0}; it offers no channel for a window to attach to (a Takt older than this one?)")]
    NoChannel(RecorderError),
    /// The channel is there and refused or failed.
    #[error("cannot attach to the recorder of {db} at {endpoint}: {source}")]
    Io {
        /// The database.
        db: PathBuf,
        /// The channel.
        endpoint: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The recorder said something else than hello.
    #[error("the recorder of {db} answered something that is not Takt's: {what}")]
    Protocol {
        /// The database.
        db: PathBuf,
        /// What was wrong.
        what: String,
    },
    /// The lock could not be tried.
    #[error(transparent)]
    Recorder(RecorderError),
}

/// The channel of the recorder of `db`: `<db>.sock` beside it while that path fits a
/// Unix socket's address, else one named by a hash of the path in the temporary folder;
/// a pipe named by that hash on Windows.
pub fn endpoint(db: &Path) -> String {
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::path::absolute(db)
            .unwrap_or_else(|_| db.to_path_buf())
            .hash(&mut h);
        h.finish()
    };
    if cfg!(windows) {
        format!(r"\\.\pipe\takt-{hash:016x}")
    } else {
        let beside = Recorder::beside(db, ".sock");
        // sun_path holds 108 bytes with its terminating zero on Linux, 104 elsewhere.
        if beside.as_os_str().len() < 100 {
            beside.display().to_string()
        } else {
            std::env::temp_dir()
                .join(format!("takt-{hash:016x}.sock"))
                .display()
                .to_string()
        }
    }
}

/// What a client's task needs.
struct Shared {
    hello: Message,
    config: Config,
    db: PathBuf,
    writer: WriterHandle,
    live: watch::Receiver<Snapshot>,
}

/// The recorder's channel while it serves; closed (and its socket removed) when dropped.
pub struct Server {
    endpoint: String,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Serves the channel of the database `recorder` holds, announcing it in its recorder
    /// file: clients get `live`'s snapshots, and their entries are checked against
    /// `config` and written through `writer`. Must be called within a tokio runtime.
    pub fn start(
        recorder: &Recorder,
        config: &Config,
        config_text: &str,
        config_path: &str,
        writer: WriterHandle,
        live: watch::Receiver<Snapshot>,
    ) -> std::io::Result<Server> {
        let endpoint = endpoint(recorder.db());
        let shared = Arc::new(Shared {
            hello: Message::Hello {
                holder: recorder.me().to_string(),
                config_path: config_path.to_string(),
                config: config_text.to_string(),
            },
            config: config.clone(),
            db: recorder.db().to_path_buf(),
            writer,
            live,
        });
        let task = listen(&endpoint, shared)?;
        recorder.announce(Some(&endpoint));
        tracing::debug!(%endpoint, "windows attach here");
        Ok(Server { endpoint, task })
    }

    /// Where clients attach.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Aborting the accepting task drops its clients' tasks with it.
        self.task.abort();
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.endpoint);
    }
}

#[cfg(unix)]
fn listen(endpoint: &str, shared: Arc<Shared>) -> std::io::Result<tokio::task::JoinHandle<()>> {
    use std::os::unix::fs::PermissionsExt as _;
    // Left by a recorder that was killed: this process holds the lock now, so it is stale.
    let _ = std::fs::remove_file(endpoint);
    // Connecting needs write permission on the socket: the umask leaves at most the
    // owner's; the group is added, others never.
    let listener = tokio::net::UnixListener::bind(endpoint)?;
    std::fs::set_permissions(endpoint, std::fs::Permissions::from_mode(0o660))?;
    Ok(tokio::spawn(async move {
        let mut clients = tokio::task::JoinSet::new();
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    clients.spawn(serve(stream, shared.clone()));
                }
                Err(e) => {
                    tracing::warn!("a window could not attach: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            while clients.try_join_next().is_some() {}
        }
    }))
}

#[cfg(windows)]
fn listen(endpoint: &str, shared: Arc<Shared>) -> std::io::Result<tokio::task::JoinHandle<()>> {
    use tokio::net::windows::named_pipe::ServerOptions;
    let name = endpoint.to_string();
    let mut server = ServerOptions::new()
        .first_pipe_instance(true)
        .reject_remote_clients(true)
        .create(&name)?;
    Ok(tokio::spawn(async move {
        let mut clients = tokio::task::JoinSet::new();
        loop {
            if let Err(e) = server.connect().await {
                tracing::warn!("a window could not attach: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            let next = match ServerOptions::new().reject_remote_clients(true).create(&name) {
                Ok(next) => next,
                Err(e) => {
                    tracing::warn!("the channel for windows closed: {e}");
                    return;
                }
            };
            let connected = std::mem::replace(&mut server, next);
            clients.spawn(serve(connected, shared.clone()));
            while clients.try_join_next().is_some() {}
        }
    }))
}

/// Writes `message` as one line.
async fn send<W: AsyncWrite + Unpin>(w: &mut W, message: &impl Serialize) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(message).map_err(std::io::Error::other)?;
    line.push(b'\n');
    w.write_all(&line).await?;
    w.flush().await
}

/// Reads lines into `tx` until the stream ends, fails or sends a line longer than
/// [`MAX_LINE`] (on its own task: reading a line is not cancel-safe).
async fn read_lines<R: AsyncRead + Unpin>(r: R, tx: mpsc::Sender<String>) {
    let mut r = BufReader::new(r);
    loop {
        let mut line = String::new();
        match (&mut r).take(MAX_LINE).read_line(&mut line).await {
            Ok(0) => return,
            Ok(_) if !line.ends_with('\n') => {
                tracing::warn!("the other end of the channel sent a line over {MAX_LINE} bytes: closed");
                return;
            }
            Ok(_) => {
                if tx.send(line).await.is_err() {
                    return;
                }
            }
            Err(e) => {
                tracing::debug!("channel read: {e}");
                return;
            }
        }
    }
}

/// A task that ends with its owner: the reading half of a stream held by a task of its
/// own would keep the connection open after the side that serves it has ended.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One client: hello, then snapshots as they come and answers to its entries.
async fn serve<S: AsyncRead + AsyncWrite + Send + 'static>(stream: S, shared: Arc<Shared>) {
    let (r, mut w) = tokio::io::split(stream);
    let (line_tx, mut lines) = mpsc::channel(16);
    let _reading = AbortOnDrop(tokio::spawn(read_lines(r, line_tx)));
    let (done_tx, mut done) = mpsc::channel::<Message>(16);
    let mut live = shared.live.clone();
    live.mark_changed();
    if send(&mut w, &shared.hello).await.is_err() {
        return;
    }
    loop {
        let message = tokio::select! {
            changed = live.changed() => {
                if changed.is_err() {
                    break;
                }
                Message::Snapshot { snapshot: live.borrow_and_update().clone() }
            }
            line = lines.recv() => {
                let Some(line) = line else { break };
                let request: Request = match serde_json::from_str(&line) {
                    Ok(r) => r,
                    Err(e) => {
                        tracing::warn!("a window sent a request that is not Takt's ({e}): detached");
                        break;
                    }
                };
                let (shared, done_tx) = (shared.clone(), done_tx.clone());
                tokio::task::spawn_blocking(move || {
                    let result = entries::enter(&shared.config, &shared.db, &shared.writer, &request.entry, None);
                    let _ = done_tx.blocking_send(Message::Entered { id: request.id, result });
                });
                continue;
            }
            Some(m) = done.recv() => m,
        };
        if send(&mut w, &message).await.is_err() {
            break;
        }
    }
}

/// Where the answer to an entry goes.
type Answer = oneshot::Sender<Result<(), Vec<ApiError>>>;

/// A window's link to the recorder of its database.
pub struct Client {
    holder: String,
    config_path: String,
    config_text: String,
    requests: mpsc::Sender<(Entry, Answer)>,
    snapshots: watch::Receiver<Snapshot>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Client {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(unix)]
async fn connect(endpoint: &str) -> std::io::Result<tokio::net::UnixStream> {
    tokio::net::UnixStream::connect(endpoint).await
}

#[cfg(windows)]
async fn connect(endpoint: &str) -> std::io::Result<tokio::net::windows::named_pipe::NamedPipeClient> {
    use tokio::net::windows::named_pipe::ClientOptions;
    // ERROR_PIPE_BUSY: every instance taken for a moment; the server makes the next.
    const PIPE_BUSY: i32 = 231;
    let mut tries = 0;
    loop {
        match ClientOptions::new().open(endpoint) {
            Err(e) if e.raw_os_error() == Some(PIPE_BUSY) && tries < 50 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => return other,
        }
    }
}

impl Client {
    /// Attaches to the recorder of `db` at the channel its recorder file names.
    pub async fn connect(db: &Path, holder: &Holder) -> Result<Client, AttachError> {
        let endpoint = holder.endpoint.clone().ok_or_else(|| {
            AttachError::NoChannel(RecorderError::Held {
                db: db.to_path_buf(),
                holder: Some(holder.clone()),
            })
        })?;
        let io = |source| AttachError::Io {
            db: db.to_path_buf(),
            endpoint: endpoint.clone(),
            source,
        };
        let stream = tokio::time::timeout(Duration::from_secs(5), connect(&endpoint))
            .await
            .map_err(|_| io(std::io::ErrorKind::TimedOut.into()))?
            .map_err(io)?;
        let (r, mut w) = tokio::io::split(stream);
        let (line_tx, mut lines) = mpsc::channel(64);
        let reading = AbortOnDrop(tokio::spawn(read_lines(r, line_tx)));
        let protocol = |what: String| AttachError::Protocol {
            db: db.to_path_buf(),
            what,
        };
        let first = tokio::time::timeout(Duration::from_secs(5), lines.recv())
            .await
            .map_err(|_| protocol("no hello within 5 s".into()))?
            .ok_or_else(|| protocol("it closed the channel before saying hello".into()))?;
        let Ok(Message::Hello {
            holder,
            config_path,
            config,
        }) = serde_json::from_str::<Message>(&first)
        else {
            return Err(protocol(first.chars().take(80).collect()));
        };
        let (snap_tx, snapshots) = watch::channel(Snapshot {
            t: crate::clock::now(),
            machines: Vec::new(),
        });
        let (requests, mut to_send) = mpsc::channel::<(Entry, Answer)>(16);
        let task = tokio::spawn(async move {
            // The answers awaited, by request id: this task alone sends and receives.
            let mut pending: HashMap<u64, Answer> = HashMap::new();
            let mut next_id = 0u64;
            loop {
                tokio::select! {
                    line = lines.recv() => {
                        let Some(line) = line else { break };
                        match serde_json::from_str::<Message>(&line) {
                            Ok(Message::Snapshot { snapshot }) => {
                                snap_tx.send_replace(snapshot);
                            }
                            Ok(Message::Entered { id, result }) => {
                                if let Some(tx) = pending.remove(&id) {
                                    let _ = tx.send(result);
                                }
                            }
                            Ok(Message::Hello { .. }) => {}
                            Err(e) => {
                                tracing::warn!("the recorder sent a line that is not Takt's ({e}): detached");
                                break;
                            }
                        }
                    }
                    request = to_send.recv() => {
                        let Some((entry, answer)) = request else { break };
                        next_id += 1;
                        pending.insert(next_id, answer);
                        if send(&mut w, &Request { id: next_id, entry }).await.is_err() {
                            break;
                        }
                    }
                }
            }
            drop(reading);
            // Dropping the snapshot sender and the pending answers tells the window.
        });
        Ok(Client {
            holder,
            config_path,
            config_text: config,
            requests,
            snapshots,
            task,
        })
    }

    /// The recorder, as `takt status` names it.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// The config the recorder records with: its path and its text.
    pub fn config(&self) -> (&str, &str) {
        (&self.config_path, &self.config_text)
    }

    /// The recorder's live snapshots; closed when the recorder goes away.
    pub fn snapshots(&self) -> watch::Receiver<Snapshot> {
        self.snapshots.clone()
    }

    /// Has the recorder check and write `entry`; returns when it is committed, or with
    /// every problem found.
    pub async fn enter(&self, entry: Entry) -> Result<(), Vec<ApiError>> {
        let gone = || {
            vec![ApiError::new(format!(
                "the recorder ({}) went away: nothing was written",
                self.holder
            ))]
        };
        let (tx, rx) = oneshot::channel();
        self.requests.send((entry, tx)).await.map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }
}

/// How a window opens a database.
pub enum Opened {
    /// Nobody records it: this process does now.
    Recorder(Recorder),
    /// Another process records it: this one is its client.
    Attached(Client),
}

/// Makes this process (`what`) the recorder of `db`, or, when another process records
/// it, attaches to that one. A recorder that is still starting gets a few seconds to
/// open its channel.
pub async fn open(db: &Path, what: &str) -> Result<Opened, AttachError> {
    let mut waited = Duration::ZERO;
    loop {
        match Recorder::acquire(db, what) {
            Ok(r) => return Ok(Opened::Recorder(r)),
            Err(RecorderError::Held { holder: Some(h), .. }) if h.endpoint.is_some() => {
                return Client::connect(db, &h).await.map(Opened::Attached);
            }
            Err(e @ RecorderError::Held { .. }) => {
                if waited >= Duration::from_secs(5) {
                    return Err(AttachError::NoChannel(e));
                }
            }
            Err(e) => return Err(AttachError::Recorder(e)),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::api::NewScrap;

    const CONFIG: &str = r#"
[plant]
name = "P"
timezone = "UTC"

[[reason]]
code = "scrap/burr"
kind = "scrap"

[[machine]]
id = "press-1"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:1" }
[machine.signals]
running = { coil = 0 }
"#;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_client_that_sends_garbage_is_dropped_and_the_next_one_is_served_and_heard() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("takt.db");
        let config = Config::parse(CONFIG, "takt.toml").unwrap().config;
        let recorder = Recorder::acquire(&db, "takt run").unwrap();
        let writer = takt_store::Writer::spawn(&db).unwrap();
        let (_live_tx, live) = watch::channel(Snapshot {
            t: crate::clock::now(),
            machines: Vec::new(),
        });
        let server = Server::start(&recorder, &config, CONFIG, "takt.toml", writer.handle(), live).unwrap();
        let holder = Recorder::holder(&db).unwrap();
        assert_eq!(holder.endpoint.as_deref(), Some(server.endpoint()));

        // Garbage, then a line longer than any message: each closes that client only.
        #[cfg(unix)]
        for bad in [b"{not json}\n".to_vec(), vec![b'x'; MAX_LINE as usize + 10]] {
            let mut s = tokio::net::UnixStream::connect(server.endpoint()).await.unwrap();
            let _ = s.write_all(&bad).await;
            let mut rest = Vec::new();
            // The hello, maybe a snapshot, then the end: the recorder hung up.
            let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut rest))
                .await
                .expect("the recorder kept a client that sent garbage");
        }

        // A proper client is served: a wrong scrap reason is refused at its field and
        // nothing is written; a right one is committed when the answer comes.
        let client = Client::connect(&db, &holder).await.unwrap();
        assert_eq!(client.config().1, CONFIG);
        let scrap = |reason: &str| {
            Entry::Scrap(NewScrap {
                machine: "press-1".into(),
                t: crate::clock::now(),
                quantity: 3,
                reason: Some(reason.into()),
                product: None,
            })
        };
        let refused = client.enter(scrap("scrap/bur")).await.unwrap_err();
        assert_eq!(refused[0].field.as_deref(), Some("reason"));
        client.enter(scrap("scrap/burr")).await.unwrap();
        let reader = takt_store::Reader::open(&db).unwrap();
        let id = takt_core::ids::MachineId::new("press-1").unwrap();
        let got = reader
            .scrap(
                &id,
                takt_core::time::Ts(0),
                takt_core::time::Ts(crate::clock::now().0 + 1000),
            )
            .unwrap();
        assert_eq!(got.iter().map(|s| s.quantity).collect::<Vec<_>>(), [3]);

        // The recorder stops serving: the socket is gone and the client hears it.
        drop(server);
        recorder.announce(None);
        assert_eq!(Recorder::holder(&db).unwrap().endpoint, None);
        let mut snapshots = client.snapshots();
        let closed = tokio::time::timeout(Duration::from_secs(10), async {
            while snapshots.changed().await.is_ok() {}
        })
        .await;
        assert!(closed.is_ok(), "the client never heard the recorder go");
        writer.close().unwrap();
    }
}
