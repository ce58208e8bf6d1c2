-- Energy by what the machine was doing: of each minute's kWh, what was used while it
-- was running and what over a `no data` gap in which Takt was away (the rest it used
-- while it stood). Minutes recorded before this knew neither: they take the state
-- recorded at their start.
ALTER TABLE energy_bucket ADD COLUMN run_kwh REAL NOT NULL DEFAULT 0;
ALTER TABLE energy_bucket ADD COLUMN gap_kwh REAL NOT NULL DEFAULT 0;
UPDATE energy_bucket SET
    run_kwh = CASE s.state WHEN 'running' THEN energy_bucket.kwh ELSE 0 END,
    gap_kwh = CASE s.state WHEN 'no_data' THEN energy_bucket.kwh ELSE 0 END
FROM (
    SELECT e.machine, e.minute_ms,
           (SELECT i.state FROM state_interval i
             WHERE i.machine = e.machine AND i.start_ms <= e.minute_ms AND i.end_ms > e.minute_ms
             ORDER BY i.start_ms DESC LIMIT 1) AS state
    FROM energy_bucket e
) AS s
WHERE s.machine = energy_bucket.machine AND s.minute_ms = energy_bucket.minute_ms;

-- The same energy summed per hour: a cache of energy_bucket (written in the same
-- transaction, rebuildable from it), as count_hour is of count_bucket.
CREATE TABLE energy_hour (
    machine TEXT    NOT NULL,
    hour_ms INTEGER NOT NULL,
    kwh     REAL    NOT NULL,
    run_kwh REAL    NOT NULL,
    gap_kwh REAL    NOT NULL,
    PRIMARY KEY (machine, hour_ms)
) STRICT, WITHOUT ROWID;
INSERT INTO energy_hour (machine, hour_ms, kwh, run_kwh, gap_kwh)
    SELECT machine, minute_ms - minute_ms % 3600000, sum(kwh), sum(run_kwh), sum(gap_kwh)
    FROM energy_bucket GROUP BY 1, 2;

-- Process alarms: a value outside a limit, from the first reading beyond it to the first
-- back inside. An open episode grows in place (end_ms is its last reading beyond the
-- limit) until it ends; after a restart it is closed as at that reading.
CREATE TABLE process_alarm (
    machine     TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    start_ms    INTEGER NOT NULL,
    end_ms      INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('high', 'low')),
    limit_value REAL    NOT NULL,
    worst       REAL    NOT NULL,
    open        INTEGER NOT NULL CHECK (open IN (0, 1)),
    PRIMARY KEY (machine, name, start_ms),
    CHECK (end_ms >= start_ms)
) STRICT, WITHOUT ROWID;
CREATE INDEX process_alarm_open ON process_alarm (machine, open) WHERE open = 1;
