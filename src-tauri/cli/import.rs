//! `takt import KIND FILE`.

use std::path::Path;

use anyhow::Context as _;
use takt_core::config::Config;
use takt_core::import::{Kind, parse};
use takt_store::import::{ImportError, ImportFile, import};

use super::{ImportKind, Reported};

pub(super) fn run(config: &Config, config_text: &str, db: &Path, kind: ImportKind, file: &Path) -> anyhow::Result<()> {
    let kind = match kind {
        ImportKind::States => Kind::States,
        ImportKind::Counts => Kind::Counts,
        ImportKind::Scrap => Kind::Scrap,
        ImportKind::Maintenance => Kind::Maintenance,
        ImportKind::RegisterMap => {
            return Err(super::Usage("register-map: expected --machine ID, the machine it lists".into()).into());
        }
    };
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let text = String::from_utf8(bytes.clone()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Reported(format!(
            "{name}:{line}: not UTF-8 text: expected a CSV file saved as UTF-8; nothing was written"
        ))
    })?;

    let pb = super::progress_bar(bytes.len() as u64, &format!("checking {}", file.display()));
    let rows = parse(kind, &name, &text, config, &mut |done| pb.set_position(done))
        .map_err(|e| Reported(format!("{e}\n{name}: nothing was written")))?;
    pb.finish_and_clear();

    let pb = super::progress_bar(rows.len() as u64, &format!("importing {}", kind.as_str()));
    let file = ImportFile {
        kind,
        name: &name,
        bytes: &bytes,
        rows: &rows,
    };
    let done = import(db, &file, config_text, config.plant.timezone, &mut |n| {
        pb.set_position(n as u64)
    });
    pb.finish_and_clear();
    let summary = match done {
        Ok(s) => s,
        Err(ImportError::Rows(e)) => return Err(Reported(format!("{e}\n{name}: nothing was written")).into()),
        Err(e @ ImportError::AlreadyImported { .. }) => return Err(Reported(format!("takt: {e}")).into()),
        Err(ImportError::Store(e)) => return Err(e.into()),
    };
    let tz = config.plant.timezone;
    let span = match (summary.first, summary.last) {
        (Some(a), Some(b)) => format!(
            " from {} to {}",
            a.to_local(tz).format("%Y-%m-%d %H:%M"),
            b.to_local(tz).format("%Y-%m-%d %H:%M")
        ),
        _ => String::new(),
    };
    let machines: Vec<&str> = summary.machines.iter().map(|m| m.as_str()).collect();
    super::out::outln!(
        "imported {} {} row{} for {}{span} into {}",
        summary.rows,
        kind.as_str(),
        if summary.rows == 1 { "" } else { "s" },
        if machines.is_empty() {
            "no machine".to_string()
        } else {
            machines.join(", ")
        },
        db.display()
    )?;
    Ok(())
}

/// `takt import register-map FILE --machine ID [--write]`: the machine's signals from a
/// vendor's register list, checked as `takt check` checks (each problem at its row);
/// a preview, or with `--write` written into the config (its comments and order kept).
pub(super) fn register_map(config: &Path, text: &str, machine: &str, file: &Path, write: bool) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let map = std::fs::read_to_string(file).with_context(|| format!("reading {name}"))?;
    let nothing = |e: takt_core::import::ImportErrors| Reported(format!("{e}\n{name}: nothing was written"));
    let rows = takt_core::register_map::parse(&name, &map, takt_core::i18n::Locale::EN).map_err(nothing)?;
    let (new_text, checked) =
        takt_app::settings::register_map(text, machine, &rows, &name, takt_core::i18n::Locale::EN).map_err(nothing)?;
    let before = takt_core::config::Config::parse(text, "takt.toml")
        .ok()
        .map(|c| c.config);
    let preview = takt_app::settings::map_preview(before.as_ref(), &checked, machine, &rows);
    super::out::outln!(
        "{name}: {} signals for {machine}, as takt.toml will have them:",
        rows.len()
    )?;
    for s in &preview {
        let change = if s.replaces {
            "replaces the signal of that name"
        } else {
            "new"
        };
        super::out::outln!("  {:<16} {:<28} {:<16} {change}", s.signal, s.register, s.limits)?;
    }
    if write {
        takt_app::settings::write(config, &new_text).with_context(|| format!("writing {}", config.display()))?;
        super::out::outln!(
            "written into {} (a running takt run reads it when restarted)",
            config.display()
        )?;
    } else {
        super::out::outln!("nothing written: --write saves them into {}", config.display())?;
    }
    Ok(())
}
