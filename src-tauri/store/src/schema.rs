//! The schema, as append-only migrations applied with `rusqlite_migration`.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::{Context, Result, StoreError};

/// The migrations, oldest first.
fn migrations() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../migrations/0001_initial.sql")),
        M::up(include_str!("../migrations/0002_stop_split.sql")),
        M::up(include_str!("../migrations/0003_energy_alarms.sql")),
        M::up_with_hook(
            include_str!("../migrations/0004_minute_hours.sql"),
            |tx: &rusqlite::Transaction| Ok(crate::minute_hour::rebuild(tx)?),
        ),
        M::up(include_str!("../migrations/0005_report_delivery.sql")),
        M::up(include_str!("../migrations/0006_operator.sql")),
    ]
}

/// Brings the schema up to date (nothing is written when it already is).
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    check_version(conn, path)?;
    Migrations::new(migrations())
        .to_latest(conn)
        .map_err(|error| StoreError::Migration {
            path: path.to_path_buf(),
            error,
        })
}

/// The schema version this Takt writes.
pub(crate) fn latest() -> usize {
    migrations().len()
}

/// Refuses a database written by a newer Takt.
pub(crate) fn check_version(conn: &Connection, path: &Path) -> Result<()> {
    let found = version(conn, path)?;
    if found > latest() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: latest(),
        });
    }
    Ok(())
}

/// The schema version of a database.
pub(crate) fn version(conn: &Connection, path: &Path) -> Result<usize> {
    Ok(conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .at(path)? as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        Migrations::new(migrations()).validate().unwrap();
    }
}
