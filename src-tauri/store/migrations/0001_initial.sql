-- Takt's store: facts as they were recorded. KPIs are derived from these at query time.
-- Times are UTC milliseconds since the Unix epoch. Migrations are append-only.

CREATE TABLE machine (
    id            TEXT PRIMARY KEY,
    first_seen_ms INTEGER NOT NULL
) STRICT;

-- One row per state interval, keyed by its start. The open interval of a machine is
-- grown in place (its end is the last time it was seen) until the next one starts.
CREATE TABLE state_interval (
    machine    TEXT    NOT NULL,
    start_ms   INTEGER NOT NULL,
    end_ms     INTEGER NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('running', 'down', 'planned', 'no_data')),
    reason     TEXT,
    fault_code INTEGER,
    source     TEXT    NOT NULL CHECK (source IN ('live', 'import')),
    PRIMARY KEY (machine, start_ms),
    CHECK (end_ms >= start_ms)
) STRICT, WITHOUT ROWID;

-- Parts per minute, machine, product ('' for none) and whether they were counted over
-- a no-data gap.
CREATE TABLE count_bucket (
    machine   TEXT    NOT NULL,
    minute_ms INTEGER NOT NULL,
    product   TEXT    NOT NULL DEFAULT '',
    over_gap  INTEGER NOT NULL DEFAULT 0 CHECK (over_gap IN (0, 1)),
    total     INTEGER NOT NULL CHECK (total >= 0),
    reject    INTEGER NOT NULL CHECK (reject >= 0),
    PRIMARY KEY (machine, minute_ms, product, over_gap)
) STRICT, WITHOUT ROWID;

-- The same counts summed per hour: a cache of count_bucket (written in the same
-- transaction, rebuildable from it) so reports over months read 60 times fewer rows.
CREATE TABLE count_hour (
    machine  TEXT    NOT NULL,
    hour_ms  INTEGER NOT NULL,
    product  TEXT    NOT NULL DEFAULT '',
    over_gap INTEGER NOT NULL DEFAULT 0 CHECK (over_gap IN (0, 1)),
    total    INTEGER NOT NULL CHECK (total >= 0),
    reject   INTEGER NOT NULL CHECK (reject >= 0),
    PRIMARY KEY (machine, hour_ms, product, over_gap)
) STRICT, WITHOUT ROWID;

-- What a machine was making; end_ms is NULL for the run still going on.
CREATE TABLE product_run (
    machine  TEXT    NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms   INTEGER,
    product  TEXT,
    code     INTEGER,
    PRIMARY KEY (machine, start_ms)
) STRICT, WITHOUT ROWID;

CREATE TABLE energy_bucket (
    machine   TEXT    NOT NULL,
    minute_ms INTEGER NOT NULL,
    kwh       REAL    NOT NULL,
    PRIMARY KEY (machine, minute_ms)
) STRICT, WITHOUT ROWID;

-- Process values: every reading for recent days, and per-minute min/avg/max kept for good.
CREATE TABLE process_raw (
    machine TEXT    NOT NULL,
    name    TEXT    NOT NULL,
    t_ms    INTEGER NOT NULL,
    value   REAL    NOT NULL,
    PRIMARY KEY (machine, name, t_ms)
) STRICT, WITHOUT ROWID;

CREATE TABLE process_minute (
    machine   TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    minute_ms INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    min       REAL    NOT NULL,
    max       REAL    NOT NULL,
    sum       REAL    NOT NULL,
    PRIMARY KEY (machine, name, minute_ms)
) STRICT, WITHOUT ROWID;

-- Operator entries. A reason given to a stop never rewrites the recorded interval: the
-- latest assignment for (machine, stop_start_ms) is the stop's reason.
CREATE TABLE reason_assignment (
    id            INTEGER PRIMARY KEY,
    machine       TEXT    NOT NULL,
    stop_start_ms INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    entered_ms    INTEGER NOT NULL,
    note          TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX reason_assignment_stop ON reason_assignment (machine, stop_start_ms);

CREATE TABLE scrap_entry (
    id         INTEGER PRIMARY KEY,
    machine    TEXT    NOT NULL,
    t_ms       INTEGER NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    reason     TEXT,
    product    TEXT,
    entered_ms INTEGER NOT NULL,
    source     TEXT    NOT NULL CHECK (source IN ('operator', 'import'))
) STRICT;
CREATE INDEX scrap_entry_time ON scrap_entry (machine, t_ms);

CREATE TABLE maintenance_event (
    id           INTEGER PRIMARY KEY,
    machine      TEXT    NOT NULL,
    component    TEXT    NOT NULL,
    t_ms         INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('failure', 'replacement', 'service', 'inspection')),
    duration_min REAL    NOT NULL,
    note         TEXT    NOT NULL,
    source       TEXT    NOT NULL CHECK (source IN ('operator', 'import'))
) STRICT;
CREATE INDEX maintenance_event_time ON maintenance_event (machine, component, t_ms);

-- The last raw value of every counter, so a restart loses no parts.
CREATE TABLE counter_baseline (
    machine TEXT    NOT NULL,
    counter TEXT    NOT NULL CHECK (counter IN ('total', 'reject', 'energy')),
    raw     INTEGER NOT NULL,
    meter   REAL    NOT NULL,
    t_ms    INTEGER NOT NULL,
    PRIMARY KEY (machine, counter)
) STRICT, WITHOUT ROWID;

-- Every distinct config Takt ran with.
CREATE TABLE config_history (
    id        INTEGER PRIMARY KEY,
    loaded_ms INTEGER NOT NULL,
    sha256    TEXT    NOT NULL,
    text      TEXT    NOT NULL
) STRICT;

-- Every import, so the same file is never imported twice.
CREATE TABLE import_log (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    file        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    rows        INTEGER NOT NULL,
    imported_ms INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX import_log_file ON import_log (kind, sha256);
