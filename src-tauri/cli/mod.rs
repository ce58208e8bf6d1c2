//! The command line (SPEC section 1): `run`, `demo`, `sim`, `check`, `import`, `report`,
//! `backup`, `stops` (the Stops page's entries) and `maintenance` (the Maintenance page's); with no command, the window. An
//! adapter over `takt-app`: it parses arguments, calls the app layer and maps its errors
//! to exit codes: 0 ok, 1 a failure the user can fix (the message says how), 2 a usage
//! error.

mod backup;
mod chart;
mod check;
mod demo;
mod import;
mod maintenance;
mod out;
mod report;
mod run;
mod sim;
mod status;
mod stops;
pub mod table;
#[cfg(windows)]
mod winservice;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use takt_app::config::ConfigError;
use takt_core::config::Config;

/// Machine monitoring and OEE for small plants.
#[derive(Debug, Parser)]
#[command(name = "takt", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The config file [default: takt.toml in the data directory]
    #[arg(long, global = true, env = "TAKT_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// The database [default: takt.db in the data directory]
    #[arg(long, global = true, env = "TAKT_DB", value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Poll every machine and record (service mode); Ctrl-C or SIGTERM stops cleanly
    Run {
        /// Stop by itself after this long (90s, 15m, 8h, 7d)
        #[arg(long = "for", value_name = "DURATION", value_parser = duration)]
        duration: Option<std::time::Duration>,
    },
    /// Start the demo plant: simulated machines on 127.0.0.1, with history, polled live
    Demo(demo::Args),
    /// Serve the machines of a config as simulated Modbus TCP servers (no polling)
    Sim {
        /// Stop by itself after this long
        #[arg(long = "for", value_name = "DURATION", value_parser = duration)]
        duration: Option<std::time::Duration>,
        /// Seed of the simulated plant
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Each machine drops off the network now and then, this many hours apart on
        /// average (for 3 to 20 minutes), as the demo's welder does
        #[arg(long, value_name = "HOURS")]
        outages: Option<f64>,
    },
    /// Validate the config (every error with its line), then read each machine once
    Check {
        /// Only validate; do not connect to the machines
        #[arg(long)]
        offline: bool,
    },
    /// Import history from CSV (all rows or none), or a machine's register map into takt.toml
    Import {
        /// What the file holds
        kind: ImportKind,
        /// The CSV file (formats in the README)
        file: PathBuf,
        /// register-map: the machine whose signals the file lists
        #[arg(long, value_name = "ID")]
        machine: Option<String>,
        /// register-map: write the signals into takt.toml (without it, a preview)
        #[arg(long)]
        write: bool,
    },
    /// Write a report
    Report(report::Args),
    /// Draw one chart of the reports as SVG or PNG
    Chart(chart::Args),
    /// Give a stop its reason, split it, or record scrap (what the Stops page does)
    #[command(subcommand)]
    Stops(stops::Args),
    /// Log maintenance, list the log, and see the tasks due (what the Maintenance page does)
    #[command(subcommand)]
    Maintenance(maintenance::Args),
    /// Who records the database, since when, which machines answer, the last commit
    Status,
    /// Run Takt as a Windows service: install, uninstall, or run (what Windows starts)
    #[cfg(windows)]
    #[command(subcommand)]
    Service(winservice::Args),
    /// Copy the live database consistently (safe while Takt is recording)
    Backup {
        /// Where to write the copy (a new file)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ImportKind {
    /// machine,start,end,state,reason
    States,
    /// machine,start,end,total,reject,product
    Counts,
    /// machine,time,quantity,reason,product
    Scrap,
    /// machine,component,time,kind,duration_min,note
    Maintenance,
    /// signal,table,address,type,word_order,scale,unit,low,high (with --machine)
    RegisterMap,
}

/// A mistake in how the command was called (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// The time a flag gives (`--from`, `--to`, `--at`): RFC 3339, plant-local, or a
/// plant-local date (its midnight); a usage error (exit 2) naming the flag otherwise.
pub(crate) fn time_flag(flag: &str, s: &str, tz: chrono_tz::Tz) -> Result<takt_core::time::Ts, Usage> {
    takt_core::time::parse_user_time(s, tz).ok_or_else(|| {
        Usage(format!(
            "--{flag} {s:?}: expected RFC 3339 (2026-11-24T06:00:00+03:00), plant-local \"2026-11-24 06:00\" or a date \"2026-11-24\""
        ))
    })
}

/// A failure already explained on stderr (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Reported(pub String);

/// A duration argument: `90s`, `15m`, `8h`, `7d`.
fn duration(s: &str) -> Result<std::time::Duration, String> {
    takt_core::time::parse_duration_ms(s)
        .map(|ms| std::time::Duration::from_millis(ms as u64))
        .ok_or_else(|| format!("expected a duration like 90s, 15m, 8h or 7d, got {s:?}"))
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // Service commands show a live table on a terminal; their log lines then go under
    // the table instead of scrolling it away. Piped, they log to stderr.
    let service = matches!(cli.command, Some(Command::Run { .. } | Command::Demo(_)));
    #[cfg(windows)]
    let service = service || matches!(cli.command, Some(Command::Service(winservice::Args::Run)));
    let table = service && std::io::stdout().is_terminal();
    let log = table.then(table::LogBuffer::default);
    // On Windows the recorders also log to a rotating file beside the database (a service
    // has no terminal, and Windows no journal).
    let file = (cfg!(windows) && service)
        .then(|| match (&cli.command, &cli.db) {
            (Some(Command::Demo(_)), None) => takt_app::demo::dir().join("takt.db"),
            _ => takt_app::paths::db(cli.db.clone()),
        })
        .and_then(|db| db.parent().map(|d| d.join("logs")));
    init_logging(service, log.clone(), file.as_deref());
    match run(cli, log) {
        Ok(()) => ExitCode::SUCCESS,
        // Whoever read the output stopped reading: nothing is wrong with what was done.
        Err(e) if e.downcast_ref::<out::Closed>().is_some() => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(r) = e.downcast_ref::<Reported>() {
                if !r.0.is_empty() {
                    eprintln!("{}", r.0);
                }
                return ExitCode::from(1);
            }
            eprintln!("takt: {e:#}");
            if e.downcast_ref::<Usage>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Sets the log filter when the config's `[log] level` has its say (see [`init_logging`]).
type LogFilter = Box<dyn Fn(&str) + Send + Sync>;

static LOG_FILTER: std::sync::OnceLock<LogFilter> = std::sync::OnceLock::new();

/// What is logged: `TAKT_LOG`, else `RUST_LOG` (an `EnvFilter` directive such as `debug` or
/// `takt_app=debug`), else the config's `[log] level` once it is read, else `info` for the
/// service commands and `warn` for the others. Under systemd the lines go to the journal
/// (stderr is its input); with `file` (a folder, on Windows) also into `takt.YYYY-MM-DD.log`
/// there, a file a day, the last [`LOG_DAYS`] kept.
fn init_logging(service: bool, buffer: Option<table::LogBuffer>, file: Option<&Path>) {
    let from_env = ["TAKT_LOG", "RUST_LOG"]
        .into_iter()
        .find_map(|var| tracing_subscriber::EnvFilter::try_from_env(var).ok());
    let env_set = from_env.is_some();
    let level = if service { "info" } else { "warn" };
    let filter = from_env.unwrap_or_else(|| quiet(level).into());
    macro_rules! install {
        ($builder:expr) => {{
            let builder = $builder.with_filter_reloading();
            let handle = builder.reload_handle();
            if builder.try_init().is_ok() && !env_set {
                let _ = LOG_FILTER.set(Box::new(move |level: &str| {
                    let _ = handle.reload(quiet(level));
                }));
            }
        }};
    }
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let file = file.and_then(log_file);
    use tracing_subscriber::fmt::writer::MakeWriterExt as _;
    match (buffer, file) {
        (Some(b), Some(f)) => install!(builder.with_ansi(false).with_writer((move || b.clone()).and(f))),
        (Some(b), None) => install!(builder.with_ansi(false).with_writer(move || b.clone())),
        (None, Some(f)) => install!(builder.with_ansi(false).with_writer(std::io::stderr.and(f))),
        (None, None) => install!(
            builder
                .with_ansi(std::io::stderr().is_terminal())
                .with_writer(std::io::stderr)
        ),
    }
}

/// How many days of log files the recorder keeps on Windows.
#[cfg_attr(not(windows), allow(dead_code))]
const LOG_DAYS: usize = 14;

#[cfg(windows)]
type LogFile = tracing_appender::rolling::RollingFileAppender;
#[cfg(not(windows))]
type LogFile = fn() -> std::io::Sink;

/// The rotating log file in `dir` (Windows; elsewhere the journal or stderr serves).
#[cfg(windows)]
fn log_file(dir: &Path) -> Option<LogFile> {
    tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("takt")
        .filename_suffix("log")
        .max_log_files(LOG_DAYS)
        .build(dir)
        .inspect_err(|e| eprintln!("takt: no log file in {}: {e}", dir.display()))
        .ok()
}

#[cfg(not(windows))]
fn log_file(_: &Path) -> Option<LogFile> {
    None
}

/// A level as a filter; usvg's warning of each bar a chart draws 0 px high (a loss too
/// small to see) is not news at any level.
fn quiet(level: &str) -> String {
    format!("{level},usvg=error")
}

/// Whether there is a display to open a window on.
#[cfg(feature = "gui")]
pub(crate) fn has_display() -> bool {
    cfg!(any(windows, target_os = "macos"))
        || ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}

/// A tokio runtime for the commands that poll or serve.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

fn run(cli: Cli, log: Option<table::LogBuffer>) -> anyhow::Result<()> {
    if let Some(Command::Demo(args)) = cli.command {
        return demo::run(cli.config, cli.db, args, log);
    }
    let config_path = takt_app::paths::config(cli.config);
    let db_path = takt_app::paths::db(cli.db);
    match cli.command {
        Some(Command::Demo(_)) => Ok(()),
        Some(Command::Run { duration }) => {
            let loaded = read_config(&config_path)?;
            run::run(
                (&loaded.checked.config, &loaded.text, &config_path),
                &db_path,
                duration,
                log,
            )
        }
        Some(Command::Sim {
            duration,
            seed,
            outages,
        }) => {
            if outages.is_some_and(|h| !(h.is_finite() && h > 0.0)) {
                return Err(Usage("--outages: expected hours between outages, above 0, like 6".into()).into());
            }
            sim::run(&read_config(&config_path)?.checked.config, duration, seed, outages)
        }
        #[cfg(feature = "gui")]
        None => crate::gui::run(
            crate::gui::Paths {
                config: config_path,
                db: db_path,
            },
            None,
            None,
        ),
        #[cfg(not(feature = "gui"))]
        None => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let help = cmd.render_help();
            Err(Usage(format!(
                "this build has no window (built without the `gui` feature); give a command:\n\n{help}"
            ))
            .into())
        }
        Some(Command::Check { offline }) => check::run(&config_path, &db_path, offline),
        Some(Command::Import {
            kind: ImportKind::RegisterMap,
            file,
            machine,
            write,
        }) => {
            let loaded = read_config(&config_path)?;
            let machine =
                machine.ok_or_else(|| Usage("register-map: expected --machine ID, the machine it lists".into()))?;
            import::register_map(&config_path, &loaded.text, &machine, &file, write)
        }
        Some(Command::Import {
            kind,
            file,
            machine,
            write,
        }) => {
            if machine.is_some() || write {
                return Err(Usage(
                    "--machine and --write are for register-map: history names its machines in each row".into(),
                )
                .into());
            }
            let loaded = read_config(&config_path)?;
            import::run(&loaded.checked.config, &loaded.text, &db_path, kind, &file)
        }
        Some(Command::Report(args)) => {
            let config = load_config(&config_path)?;
            report::run(&config, &db_path, args)
        }
        Some(Command::Chart(args)) => {
            let config = load_config(&config_path)?;
            chart::run(&config, &db_path, args)
        }
        Some(Command::Stops(args)) => {
            let config = load_config(&config_path)?;
            stops::run(&config, &db_path, args)
        }
        Some(Command::Maintenance(args)) => {
            let config = load_config(&config_path)?;
            maintenance::run(&config, &db_path, args)
        }
        Some(Command::Backup { out, force }) => backup::run(&db_path, &out, force),
        Some(Command::Status) => {
            let config = load_config(&config_path)?;
            status::run(&config, &db_path)
        }
        #[cfg(windows)]
        Some(Command::Service(args)) => winservice::run(&config_path, &db_path, args),
    }
}

/// Reads and validates the config; every problem is printed with its line.
pub(crate) fn read_config(path: &Path) -> anyhow::Result<takt_app::config::Loaded> {
    let loaded = takt_app::config::load(path).map_err(|e| match e {
        ConfigError::Missing(_) => Reported(format!("takt: {e}")).into(),
        ConfigError::Invalid(_) | ConfigError::NotUtf8 { .. } => Reported(e.to_string()).into(),
        ConfigError::Unreadable { .. } => anyhow::Error::from(e),
    })?;
    // `[log] level` has its say unless TAKT_LOG or RUST_LOG had theirs.
    if let (Some(level), Some(set)) = (loaded.checked.config.log_level, LOG_FILTER.get()) {
        set(level);
    }
    Ok(loaded)
}

fn load_config(path: &Path) -> anyhow::Result<Config> {
    let loaded = read_config(path)?;
    for w in &loaded.checked.warnings {
        tracing::debug!("{}", takt_core::config::render(&path.display().to_string(), w));
    }
    Ok(loaded.checked.config)
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub(crate) fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}% {eta}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    pb.set_style(style);
    pb.set_message(what.to_string());
    pb
}
