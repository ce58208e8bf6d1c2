//! The desktop window (cargo feature `gui`): the Tauri app, its commands and its events.
//! Nothing outside this module knows Tauri.
//!
//! The window runs the same service as `takt run` (poller, trackers, one writer) in the
//! app's async runtime, and pushes the live snapshot to the UI as an event every second;
//! the UI never polls the database for it. When another process (a `takt run` service)
//! already records the database, the window attaches to it instead
//! ([`takt_app::attach`]): snapshots come from that process, figures from read-only
//! queries, and entries are written by its writer.

mod commands;
mod form;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use takt_core::api::{Mode, PlantInfo, event};
use takt_core::config::Config;
use takt_core::live::Snapshot;
use takt_store::{Writer, WriterHandle};
use tauri::{Emitter, Manager};
use tokio::sync::{oneshot, watch};

use takt_app::attach::{self, Client, Opened};
use takt_app::entries::{self, Entry};
use takt_app::recorder::Recorder;
use takt_app::service::{self, Options};
use takt_core::api::{ApiError, ApiResult};

/// Where the config and the database are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The config file.
    pub config: PathBuf,
    /// The database.
    pub db: PathBuf,
}

/// The polling service while it runs.
struct Running {
    stop: oneshot::Sender<()>,
    task: tauri::async_runtime::JoinHandle<anyhow::Result<()>>,
    writer: WriterHandle,
    // Kept alive as long as the service polls them.
    _demo: Option<takt_app::demo::Plant>,
}

/// How the window records: by itself, or as a client of the process that does.
enum Recording {
    Own(Box<Running>),
    Attached(Client),
}

/// What the app holds.
pub(crate) struct Inner {
    pub mode: Mode,
    pub paths: Paths,
    pub config: Option<Config>,
    pub text: String,
    pub problems: Vec<String>,
    running: Option<Recording>,
    /// Counts the starts of recording (or attaching), so that a task watching one knows
    /// when it has been replaced.
    generation: u64,
}

/// The app's state, shared by the commands.
pub(crate) struct AppState {
    pub inner: tokio::sync::Mutex<Inner>,
    pub latest: Arc<Mutex<Option<Snapshot>>>,
    pub user_paths: Paths,
}

impl Inner {
    pub fn plant(&self) -> PlantInfo {
        takt_app::plant_info(
            self.config.as_ref(),
            self.mode,
            self.paths.config.display().to_string(),
            self.problems.clone(),
            self.attached().map(|c| c.holder().to_string()),
        )
    }

    /// The recorder this window is a client of, when another process records.
    pub fn attached(&self) -> Option<&Client> {
        match &self.running {
            Some(Recording::Attached(c)) => Some(c),
            _ => None,
        }
    }

    /// Checks and writes an operator entry in the process that records: this one, or the
    /// one this window is attached to (the same function, [`entries::enter`], there).
    pub async fn enter(&self, entry: Entry) -> ApiResult<()> {
        let not_recording = || {
            let l = takt_app::locale(self.config.as_ref());
            vec![ApiError::new(l.t("gui-not-recording"))]
        };
        match &self.running {
            None => Err(not_recording()),
            Some(Recording::Attached(client)) => client.enter(entry).await,
            Some(Recording::Own(r)) => {
                let config = self.config.clone().ok_or_else(not_recording)?;
                let (db, writer) = (self.paths.db.clone(), r.writer.clone());
                tauri::async_runtime::spawn_blocking(move || entries::enter(&config, &db, &writer, &entry, None))
                    .await
                    .map_err(|e| vec![ApiError::new(e.to_string())])?
            }
        }
    }
}

/// Reads the config at `path`: the config, its text and what is wrong with it.
fn read_config(path: &Path) -> (Option<Config>, String, Vec<String>) {
    let file = path.display().to_string();
    match takt_app::config::load(path) {
        Ok(l) => (Some(l.checked.config), l.text, Vec::new()),
        Err(takt_app::config::ConfigError::Missing(_)) => (None, String::new(), Vec::new()),
        Err(e @ (takt_app::config::ConfigError::Unreadable { .. } | takt_app::config::ConfigError::NotUtf8 { .. })) => {
            (None, String::new(), vec![e.to_string()])
        }
        Err(e) => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let problems = e
                .diagnostics()
                .iter()
                .filter(|d| d.severity == takt_core::config::Severity::Error)
                .map(|d| takt_core::config::render(&file, d))
                .collect();
            (None, text, problems)
        }
    }
}

/// Stops the service if one runs, with everything it polled committed, or detaches
/// from the recorder.
pub(crate) async fn stop_service(inner: &mut Inner) {
    if let Some(Recording::Own(r)) = inner.running.take() {
        let _ = r.stop.send(());
        match r.task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!("the service stopped with an error: {e:#}"),
            Err(e) => tracing::error!("the service task failed: {e}"),
        }
    }
}

/// (Re)starts the service on the current config: this process becomes the recorder of
/// the database or, when another process records it, attaches to that one. `demo` is the
/// demo plant whose database `recorder` holds.
pub(crate) async fn start_service(
    app: &tauri::AppHandle,
    inner: &mut Inner,
    demo: Option<(takt_app::demo::Plant, Recorder)>,
) -> anyhow::Result<()> {
    stop_service(inner).await;
    let (demo, recorder) = match demo {
        Some((plant, recorder)) => (Some(plant), recorder),
        None => match attach::open(&inner.paths.db, "the Takt window").await? {
            Opened::Attached(client) => {
                attach_to(app, inner, client);
                return Ok(());
            }
            Opened::Recorder(recorder) => (None, recorder),
        },
    };
    let Some(config) = inner.config.clone() else {
        return Ok(());
    };
    let text = inner.text.clone();
    let writer = Writer::spawn(recorder.db())?;
    let handle = writer.handle();
    let (live_tx, live_rx) = watch::channel(Snapshot {
        t: takt_app::clock::now(),
        machines: Vec::new(),
    });
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let options = Options {
        duration: None,
        config_path: inner.paths.config.clone(),
        display_ui: crate::UI,
    };
    let run_config = config.clone();
    let task = tauri::async_runtime::spawn(async move {
        let stop = async {
            let _ = stop_rx.await;
        };
        let result = service::run(&run_config, &text, &recorder, &options, live_tx, &writer.handle(), stop).await;
        writer.close()?;
        drop(recorder);
        result.map(|_| ()).map_err(Into::into)
    });
    inner.generation += 1;
    forward(app, live_rx, config, inner.paths.db.clone(), None);
    inner.running = Some(Recording::Own(Box::new(Running {
        stop: stop_tx,
        task,
        writer: handle,
        _demo: demo,
    })));
    Ok(())
}

/// Makes this window a client of `client`'s recorder: its plant (the config it records
/// with), its snapshots; entries go to it.
fn attach_to(app: &tauri::AppHandle, inner: &mut Inner, client: Client) {
    let (path, text) = client.config();
    match Config::parse(text, path) {
        Ok(checked) => {
            inner.config = Some(checked.config);
            inner.text = text.to_string();
            inner.paths.config = PathBuf::from(path);
            inner.problems.clear();
        }
        Err(e) => inner.problems = vec![format!("the recorder's config does not read here: {e}")],
    }
    if inner.mode == Mode::FirstRun && inner.config.is_some() {
        inner.mode = Mode::Running;
    }
    tracing::info!(
        recorder = client.holder(),
        "attached to the recorder of {}",
        inner.paths.db.display()
    );
    inner.generation += 1;
    if let Some(config) = inner.config.clone() {
        forward(
            app,
            client.snapshots(),
            config,
            inner.paths.db.clone(),
            Some(inner.generation),
        );
    }
    inner.running = Some(Recording::Attached(client));
}

/// Sends each snapshot of `live_rx` to the window as an event, and keeps the latest for
/// the `snapshot` command; each tile carries its maintenance badge, worked out from the
/// database once a minute. With `attached` (the generation of an attachment), a recorder
/// that goes away is waited for, and after [`TAKE_OVER`] without one the window records
/// by itself.
fn forward(
    app: &tauri::AppHandle,
    mut live_rx: watch::Receiver<Snapshot>,
    config: Config,
    db: PathBuf,
    attached: Option<u64>,
) {
    let latest = app.state::<AppState>().latest.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut badges = std::collections::BTreeMap::new();
        let mut badges_at: Option<std::time::Instant> = None;
        while live_rx.changed().await.is_ok() {
            let mut s = live_rx.borrow_and_update().clone();
            if badges_at.is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(60)) {
                badges_at = Some(std::time::Instant::now());
                let (config, db) = (config.clone(), db.clone());
                let worked_out = tauri::async_runtime::spawn_blocking(move || {
                    let reader = takt_store::Reader::open(&db)?;
                    takt_app::maintenance::alerts(&config, &reader, takt_app::clock::now())
                })
                .await;
                match worked_out {
                    Ok(Ok(b)) => badges = b,
                    Ok(Err(e)) => tracing::warn!("maintenance badges: {e}"),
                    Err(e) => tracing::warn!("maintenance badges: {e}"),
                }
            }
            for m in &mut s.machines {
                m.alert = badges.get(&m.id).cloned();
            }
            if let Ok(mut l) = latest.lock() {
                *l = Some(s.clone());
            }
            let _ = app.emit(event::SNAPSHOT, s);
        }
        if let Some(generation) = attached {
            reattach(app, generation).await;
        }
    });
}

/// How long a window waits for a recorder that went away (a service restarting after
/// an upgrade takes about a second) before it records by itself.
const TAKE_OVER: std::time::Duration = std::time::Duration::from_secs(5);

/// The recorder this window was attached to went away: wait [`TAKE_OVER`], then attach to
/// the next recorder, or record by itself; try again every 2 s while neither works.
async fn reattach(app: tauri::AppHandle, generation: u64) {
    let state = app.state::<AppState>();
    {
        let mut inner = state.inner.lock().await;
        if inner.generation != generation {
            return;
        }
        let who = inner.attached().map(|c| c.holder().to_string()).unwrap_or_default();
        tracing::warn!("the recorder went away: {who}");
        inner.problems = vec![format!(
            "the recorder of this database went away ({who}); waiting for it"
        )];
        drop(inner);
        let _ = app.emit(event::PLANT, ());
    }
    tokio::time::sleep(TAKE_OVER).await;
    loop {
        let mut inner = state.inner.lock().await;
        if inner.generation != generation {
            return;
        }
        match start_service(&app, &mut inner, None).await {
            Ok(()) => {
                inner.problems.clear();
                drop(inner);
                let _ = app.emit(event::PLANT, ());
                return;
            }
            Err(e) => {
                inner.problems = vec![format!("cannot record or attach: {e:#}")];
                drop(inner);
                let _ = app.emit(event::PLANT, ());
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

/// The demo plant to open in the window, its database's recorder lock held.
pub struct Demo {
    /// How the plant is made.
    pub options: takt_app::demo::Options,
    /// Where its config goes.
    pub config: PathBuf,
    /// The lock of its database.
    pub recorder: Recorder,
    /// Whether its database is the demo's own (replaced with fresh history).
    pub fresh: bool,
}

impl Demo {
    /// The demo in the demo's own folder, never over the user's files: refused while
    /// another process records that database.
    pub fn own() -> anyhow::Result<Demo> {
        let dir = takt_app::demo::dir();
        Ok(Demo {
            options: takt_app::demo::Options {
                port: 0,
                ..takt_app::demo::Options::default()
            },
            config: dir.join("takt.toml"),
            recorder: Recorder::acquire(&dir.join("takt.db"), "the Takt window's demo")?,
            fresh: true,
        })
    }
}

/// Starts the demo plant (its servers, config and history) and polls it.
pub(crate) async fn open_demo(app: &tauri::AppHandle, inner: &mut Inner, demo: Demo) -> anyhow::Result<()> {
    stop_service(inner).await;
    let plant = takt_app::demo::start(&demo.options, &demo.config, &demo.recorder, demo.fresh).await?;
    inner.mode = Mode::Demo;
    inner.paths = Paths {
        config: demo.config,
        db: demo.recorder.db().to_path_buf(),
    };
    inner.config = Some(plant.config.clone());
    inner.text = plant.text.clone();
    inner.problems.clear();
    start_service(app, inner, Some((plant, demo.recorder))).await
}

/// Opens the window on the plant of the config at `paths.config` (the first-run page when
/// there is none), or on the demo plant. With `close_after`, the window closes by itself
/// after that long, everything polled committed.
pub fn run(paths: Paths, demo: Option<Demo>, close_after: Option<std::time::Duration>) -> anyhow::Result<()> {
    // On Windows the window is drawn by Microsoft Edge WebView2 (part of Windows 10 and
    // 11); without it Tauri would panic. Said in words instead, with what works without it.
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        anyhow::bail!(
            "the window needs the Microsoft Edge WebView2 Runtime, which is not installed here ({e}); install it from Microsoft, or use Takt without the window: `takt run`, `takt service install`, `takt report`"
        );
    }
    let (cfg, text, problems) = if demo.is_some() {
        (None, String::new(), Vec::new())
    } else {
        read_config(&paths.config)
    };
    let mode = if demo.is_some() {
        Mode::Demo
    } else if cfg.is_none() && text.is_empty() {
        Mode::FirstRun
    } else {
        Mode::Running
    };
    let state = AppState {
        inner: tokio::sync::Mutex::new(Inner {
            mode,
            paths: paths.clone(),
            config: cfg,
            text,
            problems,
            running: None,
            generation: 0,
        }),
        latest: Arc::new(Mutex::new(None)),
        user_paths: if demo.is_some() {
            Paths {
                config: takt_app::paths::config(None),
                db: takt_app::paths::db(None),
            }
        } else {
            paths
        },
    };
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(move |app| {
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                let mut inner = state.inner.lock().await;
                let started = match demo {
                    Some(demo) => open_demo(&handle, &mut inner, demo).await,
                    None => start_service(&handle, &mut inner, None).await,
                };
                if let Err(e) = started {
                    tracing::error!("cannot start polling: {e:#}");
                    inner.problems.push(format!("cannot start polling: {e:#}"));
                }
                drop(inner);
                let _ = handle.emit(event::PLANT, ());
            });
            if let Some(after) = close_after {
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(async move {
                    tokio::time::sleep(after).await;
                    handle.exit(0);
                });
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::plant,
            commands::start_demo,
            commands::snapshot,
            commands::machine_detail,
            commands::stops,
            commands::assign_reason,
            commands::split_stop,
            commands::add_scrap,
            commands::report,
            commands::first_page,
            commands::save_report,
            commands::test_signal,
            commands::test_machine,
            commands::add_machine,
            commands::config_text,
            commands::save_config,
            commands::maintenance,
            commands::log_maintenance,
            commands::config_section,
            commands::save_section,
            commands::copy_machine,
            commands::import_register_map,
        ])
        .build(tauri::generate_context!())?;
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // Everything polled is committed before the process ends.
            let state = handle.state::<AppState>();
            tauri::async_runtime::block_on(async {
                let mut inner = state.inner.lock().await;
                stop_service(&mut inner).await;
            });
        }
    });
    Ok(())
}
