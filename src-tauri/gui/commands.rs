//! The window's commands: short functions over the engine. Names and payloads are in
//! `takt_core::api`; every error names its field when it has one.

use std::path::PathBuf;

use takt_core::api::{
    ApiError, ApiResult, AssignReason, ConfigSection, ConfigText, CopyMachine, FirstPage, MachineDetail, MachineQuery,
    MachineTest, MaintenanceView, Mode, NewMachine, NewMaintenance, NewScrap, PlantInfo, RegisterMapImport,
    RegisterMapPreview, ReportQuery, ReportTable, SectionQuery, SignalReading, SignalTest, SplitStop, StopRow,
    StopsQuery,
};
use takt_core::config::Config;
use takt_core::live::Snapshot;
use takt_store::Reader;
use tauri::{AppHandle, State};

use super::{AppState, Inner, form, start_service};
use takt_app::entries::{self, Entry};
use takt_app::reports::{self, Kind, Query};
use takt_core::table::Report;

fn err(e: impl std::fmt::Display) -> Vec<ApiError> {
    vec![ApiError::new(e.to_string())]
}

fn config(inner: &Inner) -> ApiResult<&Config> {
    inner
        .config
        .as_ref()
        .ok_or_else(|| err(takt_app::locale(None).t("gui-no-plant")))
}

fn reader(inner: &Inner) -> ApiResult<Reader> {
    Reader::open(&inner.paths.db).map_err(err)
}

fn machine<'c>(c: &'c Config, id: &str) -> ApiResult<&'c takt_core::config::Machine> {
    entries::machine(c, id).map_err(takt_app::views::entry_err)
}

/// The plant the window shows.
#[tauri::command]
pub async fn plant(state: State<'_, AppState>) -> ApiResult<PlantInfo> {
    Ok(state.inner.lock().await.plant())
}

/// Starts the demo plant in the demo's own folder, never over the user's files.
#[tauri::command]
pub async fn start_demo(app: AppHandle, state: State<'_, AppState>) -> ApiResult<PlantInfo> {
    let demo = super::Demo::own().map_err(|e| err(format!("{e:#}")))?;
    let mut inner = state.inner.lock().await;
    super::open_demo(&app, &mut inner, demo)
        .await
        .map_err(|e| err(format!("{e:#}")))?;
    Ok(inner.plant())
}

/// The latest live snapshot.
#[tauri::command]
pub async fn snapshot(state: State<'_, AppState>) -> ApiResult<Snapshot> {
    let latest = state.latest.lock().map_err(err)?.clone();
    Ok(latest.unwrap_or(Snapshot {
        t: takt_app::clock::now(),
        machines: Vec::new(),
    }))
}

/// One machine over a range: timeline, OEE, losses, process values, energy.
#[tauri::command]
pub async fn machine_detail(state: State<'_, AppState>, input: MachineQuery) -> ApiResult<MachineDetail> {
    let inner = state.inner.lock().await;
    takt_app::views::machine_detail(config(&inner)?, &reader(&inner)?, &input, takt_app::clock::now())
}

/// Stops in a range, newest first; with `uncoded`, only stops of at least `microstop_s`
/// that have no reason yet.
#[tauri::command]
pub async fn stops(state: State<'_, AppState>, input: StopsQuery) -> ApiResult<Vec<StopRow>> {
    let inner = state.inner.lock().await;
    entries::page(config(&inner)?, &reader(&inner)?, &input, takt_app::clock::now()).map_err(err)
}

/// Gives a stop a reason (a planned reason marks it planned); nothing recorded is rewritten.
#[tauri::command]
pub async fn assign_reason(state: State<'_, AppState>, input: AssignReason) -> ApiResult<()> {
    state.inner.lock().await.enter(Entry::Reason(input)).await
}

/// Splits a stop in two at a time strictly inside it (a second cause took over, say);
/// each part then takes its own reason. Nothing recorded is rewritten.
#[tauri::command]
pub async fn split_stop(state: State<'_, AppState>, input: SplitStop) -> ApiResult<()> {
    state.inner.lock().await.enter(Entry::Split(input)).await
}

/// Records scrap entered by an operator.
#[tauri::command]
pub async fn add_scrap(state: State<'_, AppState>, input: NewScrap) -> ApiResult<()> {
    state.inner.lock().await.enter(Entry::Scrap(input)).await
}

/// The Maintenance page: tasks due, life models, growth and condition trends, as the
/// command line computes them, now.
#[tauri::command]
pub async fn maintenance(state: State<'_, AppState>) -> ApiResult<MaintenanceView> {
    let inner = state.inner.lock().await;
    let c = config(&inner)?;
    takt_app::maintenance::view(c, &reader(&inner)?, takt_app::clock::now()).map_err(err)
}

/// Logs a maintenance event from the page's form, checked as `takt maintenance log`
/// checks it; an error names the field it is about.
#[tauri::command]
pub async fn log_maintenance(state: State<'_, AppState>, input: NewMaintenance) -> ApiResult<()> {
    state.inner.lock().await.enter(Entry::Maintenance(input)).await
}

/// The report a query asks for, checked like `takt report`.
fn query_of(inner: &Inner, input: &ReportQuery) -> ApiResult<(Kind, Query)> {
    takt_app::views::query_of(config(inner)?, input, takt_app::clock::now())
}

fn report_of(inner: &Inner, input: &ReportQuery) -> ApiResult<(Kind, Report)> {
    let (kind, q) = query_of(inner, input)?;
    let report =
        reports::report(config(inner)?, &reader(inner)?, kind, &q, &mut || {}).map_err(takt_app::views::report_err)?;
    Ok((kind, report))
}

/// A report as a table, for the preview: the very table `takt report` writes as CSV.
#[tauri::command]
pub async fn report(state: State<'_, AppState>, input: ReportQuery) -> ApiResult<ReportTable> {
    let inner = state.inner.lock().await;
    Ok(report_of(&inner, &input)?.1.table())
}

/// A report's first page as its PDF has it: the key figures and the charts (SVG), from the
/// function the PDF is made with.
#[tauri::command]
pub async fn first_page(state: State<'_, AppState>, input: ReportQuery) -> ApiResult<FirstPage> {
    let inner = state.inner.lock().await;
    takt_app::views::first_page(config(&inner)?, &reader(&inner)?, &input, takt_app::clock::now())
}

/// Saves a report as CSV: into the folder `TAKT_SAVE_DIR` names when it is set, else
/// where the user picks in the save dialog. The window touches no other file.
#[tauri::command]
pub async fn save_report(app: AppHandle, state: State<'_, AppState>, input: ReportQuery) -> ApiResult<Option<String>> {
    let (kind, bytes, tz) = {
        let inner = state.inner.lock().await;
        let c = config(&inner)?;
        let tz = c.plant.timezone;
        if input.pdf {
            let (kind, q) = query_of(&inner, &input)?;
            let pdf = reports::write_pdf(
                c,
                &reader(&inner)?,
                kind,
                &q,
                c.report.paper,
                &mut || {},
                &mut |_, _| {},
            )
            .map_err(takt_app::views::report_err)?;
            (kind, pdf, tz)
        } else {
            let (kind, report) = report_of(&inner, &input)?;
            let mut csv = Vec::new();
            takt_report::csv(&report, tz, &mut csv).map_err(err)?;
            (kind, csv, tz)
        }
    };
    let (ext, filter) = if input.pdf { ("pdf", "PDF") } else { ("csv", "CSV") };
    let name = format!(
        "takt-{}-{}-{}.{ext}",
        kind.as_str(),
        input.from.to_local(tz).format("%Y%m%d"),
        input.to.to_local(tz).format("%Y%m%d")
    );
    let path: Option<PathBuf> = match std::env::var_os("TAKT_SAVE_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(&name)),
        None => {
            use tauri_plugin_dialog::DialogExt;
            let dialog = app.dialog().file().set_file_name(&name).add_filter(filter, &[ext]);
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
                .await
                .map_err(err)?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else { return Ok(None) };
    std::fs::write(&path, &bytes).map_err(|e| err(format!("writing {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Reads one signal once, for the add-a-machine form.
#[tauri::command]
pub async fn test_signal(state: State<'_, AppState>, input: SignalTest) -> ApiResult<SignalReading> {
    let l = takt_app::locale(state.inner.lock().await.config.as_ref());
    form::test_signal(&input, l).await
}

/// Reads a configured machine once, like `takt check`: each signal's decoded value, or the
/// precise error. (A serial port the service holds open cannot be opened twice: its
/// error says so.)
#[tauri::command]
pub async fn test_machine(state: State<'_, AppState>, input: MachineTest) -> ApiResult<Vec<SignalReading>> {
    let m = {
        let inner = state.inner.lock().await;
        machine(config(&inner)?, &input.machine)?.clone()
    };
    Ok(match takt_app::probe::machine(&m).await {
        Ok(lines) => lines.into_iter().map(|text| SignalReading { ok: true, text }).collect(),
        Err(text) => vec![SignalReading { ok: false, text }],
    })
}

/// Adds a machine to `takt.toml` (kept as written, comments and order), once the whole
/// config passes the checks of `takt check`, and polls it.
#[tauri::command]
pub async fn add_machine(app: AppHandle, state: State<'_, AppState>, input: NewMachine) -> ApiResult<PlantInfo> {
    let mut inner = state.inner.lock().await;
    if inner.mode == Mode::Demo {
        // A machine of the user's goes into the user's config, not the demo's.
        super::stop_service(&mut inner).await;
        inner.paths = state.user_paths.clone();
        let (c, text, problems) = super::read_config(&inner.paths.config);
        inner.config = c;
        inner.text = text;
        inner.problems = problems;
    }
    let base = if inner.text.trim().is_empty() {
        form::new_config_text()
    } else {
        inner.text.clone()
    };
    let l = takt_app::locale(inner.config.as_ref());
    let (text, config) = form::check(&base, &input, &inner.paths.config.display().to_string(), l)?;
    save(&app, &mut inner, config, text).await
}

/// The config file's text.
#[tauri::command]
pub async fn config_text(state: State<'_, AppState>) -> ApiResult<ConfigText> {
    Ok(ConfigText {
        text: state.inner.lock().await.text.clone(),
    })
}

/// Checks a config text like `takt check` and saves it; polling goes on with it.
#[tauri::command]
pub async fn save_config(app: AppHandle, state: State<'_, AppState>, input: ConfigText) -> ApiResult<PlantInfo> {
    let mut inner = state.inner.lock().await;
    let file = inner.paths.config.display().to_string();
    let l = takt_app::locale(inner.config.as_ref());
    let checked = Config::parse(&input.text, &file).map_err(|e| {
        e.errors()
            .map(|d| ApiError {
                field: Some(format!("line {}", d.line)),
                message: d.message_in(l),
            })
            .collect::<Vec<_>>()
    })?;
    save(&app, &mut inner, checked.config, input.text).await
}

/// A section of `takt.toml` as written, for its form.
#[tauri::command]
pub async fn config_section(state: State<'_, AppState>, input: SectionQuery) -> ApiResult<ConfigSection> {
    takt_app::settings::section(&state.inner.lock().await.text, &input.path)
}

/// Saves a section's form once the whole config passes `takt check`'s checks (each
/// problem at its key path, nothing written); polling goes on with it.
#[tauri::command]
pub async fn save_section(app: AppHandle, state: State<'_, AppState>, input: ConfigSection) -> ApiResult<PlantInfo> {
    let mut inner = state.inner.lock().await;
    let file = inner.paths.config.display().to_string();
    let l = takt_app::locale(inner.config.as_ref());
    let (text, config) = takt_app::settings::set_section(&inner.text, &input, &file, l)?;
    save(&app, &mut inner, config, text).await
}

/// Adds a copy of a machine (its signals and plans) under a new id and address.
#[tauri::command]
pub async fn copy_machine(app: AppHandle, state: State<'_, AppState>, input: CopyMachine) -> ApiResult<PlantInfo> {
    let mut inner = state.inner.lock().await;
    let file = inner.paths.config.display().to_string();
    let l = takt_app::locale(inner.config.as_ref());
    let (text, config) = takt_app::settings::copy_machine(&inner.text, &input, &file, l)?;
    save(&app, &mut inner, config, text).await
}

/// A register map CSV for a machine, as `takt import register-map` reads it: the preview,
/// and with `write` saved; each problem at its line (`line 4`), nothing written then.
#[tauri::command]
pub async fn import_register_map(
    app: AppHandle,
    state: State<'_, AppState>,
    input: RegisterMapImport,
) -> ApiResult<RegisterMapPreview> {
    let mut inner = state.inner.lock().await;
    let l = takt_app::locale(inner.config.as_ref());
    let rows_err = |e: takt_core::import::ImportErrors| {
        let mut out: Vec<ApiError> = e
            .errors
            .iter()
            .map(|r| ApiError {
                field: (r.line > 0).then(|| format!("line {}", r.line)),
                message: r.message.clone(),
            })
            .collect();
        if e.more > 0 {
            out.push(ApiError::new(
                l.t_with("import-and-more", &[("n", (e.more as u64).into())]),
            ));
        }
        out
    };
    let rows = takt_core::register_map::parse(&input.file, &input.text, l).map_err(rows_err)?;
    let (text, after) =
        takt_app::settings::register_map(&inner.text, &input.machine, &rows, &input.file, l).map_err(rows_err)?;
    let signals = takt_app::settings::map_preview(inner.config.as_ref(), &after, &input.machine, &rows);
    if input.write {
        save(&app, &mut inner, after, text).await?;
    }
    Ok(RegisterMapPreview {
        signals,
        written: input.write,
    })
}

/// Writes the config atomically, then polls with it. Refused while another process
/// records: it records with the config it was started with.
async fn save(app: &AppHandle, inner: &mut Inner, config: Config, text: String) -> ApiResult<PlantInfo> {
    let path = inner.paths.config.clone();
    if let Some(c) = inner.attached() {
        let l = takt_app::locale(inner.config.as_ref());
        return Err(err(l.t_with(
            "settings-refused-attached",
            &[
                ("holder", c.holder().into()),
                ("file", path.display().to_string().into()),
            ],
        )));
    }
    takt_app::settings::write(&path, &text).map_err(|e| err(format!("writing {}: {e}", path.display())))?;
    inner.config = Some(config);
    inner.text = text;
    inner.problems.clear();
    if inner.mode == Mode::FirstRun {
        inner.mode = Mode::Running;
    }
    start_service(app, inner, None)
        .await
        .map_err(|e| err(format!("{e:#}")))?;
    Ok(inner.plant())
}
