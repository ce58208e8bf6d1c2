//! `takt service install|uninstall|run` (Windows): Takt as a Windows service that records
//! with nobody logged in, as `takt.service` does under systemd. `install` registers the
//! service to start with Windows and run `takt --config C --db D service run` with the
//! config and database given (or the installing user's defaults) as absolute paths;
//! `run` is what the service control manager starts: the `takt run` loop until it is
//! told to stop, its log in a rotating file beside the database.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use windows_service::service::{
    ServiceAccess, ServiceControl, ServiceControlAccept, ServiceErrorControl, ServiceExitCode, ServiceInfo,
    ServiceStartType, ServiceState, ServiceStatus, ServiceType,
};
use windows_service::service_control_handler::{self, ServiceControlHandlerResult};
use windows_service::service_dispatcher;
use windows_service::service_manager::{ServiceManager, ServiceManagerAccess};

use super::Reported;

/// The service's name for `sc` and `net start`.
pub(super) const NAME: &str = "takt";

#[derive(Debug, clap::Subcommand)]
pub(super) enum Args {
    /// Register Takt as a service that starts with Windows (run as administrator)
    Install,
    /// Stop the service and remove it (the data stays)
    Uninstall,
    /// What the service control manager starts (not for a terminal)
    Run,
}

pub(super) fn run(config: &Path, db: &Path, args: Args) -> anyhow::Result<()> {
    match args {
        Args::Install => install(config, db),
        Args::Uninstall => uninstall(),
        Args::Run => dispatch(config, db),
    }
}

fn absolute(p: &Path) -> anyhow::Result<PathBuf> {
    Ok(std::path::absolute(p)?)
}

fn install(config: &Path, db: &Path) -> anyhow::Result<()> {
    let (config, db) = (absolute(config)?, absolute(db)?);
    // The config must read before Windows is told to start with it.
    super::read_config(&config)?;
    let manager = ServiceManager::local_computer(None::<&str>, ServiceManagerAccess::CREATE_SERVICE)
        .map_err(|e| Reported(format!("takt: cannot register the service (run as administrator): {e}")))?;
    let info = ServiceInfo {
        name: OsString::from(NAME),
        display_name: OsString::from("Takt machine monitoring"),
        service_type: ServiceType::OWN_PROCESS,
        start_type: ServiceStartType::AutoStart,
        error_control: ServiceErrorControl::Normal,
        executable_path: std::env::current_exe()?,
        launch_arguments: vec![
            OsString::from("--config"),
            config.clone().into_os_string(),
            OsString::from("--db"),
            db.clone().into_os_string(),
            OsString::from("service"),
            OsString::from("run"),
        ],
        dependencies: vec![],
        account_name: None,
        account_password: None,
    };
    let service = manager
        .create_service(&info, ServiceAccess::CHANGE_CONFIG)
        .map_err(|e| Reported(format!("takt: cannot register the service: {e}")))?;
    let _ = service.set_description("Records the plant's machines into the Takt database");
    super::out::outln!(
        "installed the service \"{NAME}\": config {}, database {}; start it with `sc start {NAME}` (it starts with Windows from now on)",
        config.display(),
        db.display()
    )?;
    Ok(())
}

fn uninstall() -> anyhow::Result<()> {
    let manager = ServiceManager::local_computer(None::<&str>, ServiceManagerAccess::CONNECT)
        .map_err(|e| Reported(format!("takt: cannot reach the service manager: {e}")))?;
    let service = manager
        .open_service(
            NAME,
            ServiceAccess::QUERY_STATUS | ServiceAccess::STOP | ServiceAccess::DELETE,
        )
        .map_err(|e| Reported(format!("takt: no service \"{NAME}\" to remove: {e}")))?;
    if service.query_status()?.current_state != ServiceState::Stopped {
        let _ = service.stop();
        for _ in 0..60 {
            if service.query_status()?.current_state == ServiceState::Stopped {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    service.delete()?;
    super::out::outln!("removed the service \"{NAME}\"; the config and the database stay")?;
    Ok(())
}

/// The paths the service records with, for the service's main function.
static PATHS: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();

windows_service::define_windows_service!(ffi_service_main, service_main);

fn dispatch(config: &Path, db: &Path) -> anyhow::Result<()> {
    let _ = PATHS.set((config.to_path_buf(), db.to_path_buf()));
    service_dispatcher::start(NAME, ffi_service_main).map_err(|e| {
        Reported(format!(
            "takt: `takt service run` is started by Windows' service manager ({e}); for a terminal use `takt run`"
        ))
    })?;
    Ok(())
}

fn service_main(_arguments: Vec<OsString>) {
    if let Err(e) = serve() {
        tracing::error!("the service stopped: {e:#}");
    }
}

fn status(state: ServiceState, code: u32) -> ServiceStatus {
    ServiceStatus {
        service_type: ServiceType::OWN_PROCESS,
        current_state: state,
        controls_accepted: if state == ServiceState::Running {
            ServiceControlAccept::STOP | ServiceControlAccept::SHUTDOWN
        } else {
            ServiceControlAccept::empty()
        },
        exit_code: ServiceExitCode::Win32(code),
        checkpoint: 0,
        wait_hint: Duration::from_secs(if state == ServiceState::Running { 0 } else { 30 }),
        process_id: None,
    }
}

fn serve() -> anyhow::Result<()> {
    let (config_path, db) = PATHS.get().cloned().unwrap_or_default();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let stop_tx = std::sync::Mutex::new(Some(stop_tx));
    let handle = service_control_handler::register(NAME, move |control| match control {
        ServiceControl::Stop | ServiceControl::Shutdown => {
            if let Some(tx) = stop_tx.lock().ok().and_then(|mut s| s.take()) {
                let _ = tx.send(());
            }
            ServiceControlHandlerResult::NoError
        }
        ServiceControl::Interrogate => ServiceControlHandlerResult::NoError,
        _ => ServiceControlHandlerResult::NotImplemented,
    })?;
    handle.set_service_status(status(ServiceState::Running, 0))?;
    let result = (|| {
        let loaded = super::read_config(&config_path)?;
        let recorder = super::run::lock(&db, "the Takt service")?;
        super::runtime()?.block_on(super::run::serve_until(
            (&loaded.checked.config, &loaded.text, &config_path),
            &recorder,
            async {
                let _ = stop_rx.await;
            },
        ))
    })();
    if let Err(e) = &result {
        tracing::error!("{e:#}");
    }
    handle.set_service_status(status(ServiceState::Stopped, u32::from(result.is_err())))?;
    result
}
