-- Per-minute figures packed an hour to a row, for the reports that need every minute of
-- months (quality drivers, process capability): caches of process_minute and
-- count_bucket (written in the same transaction, rebuilt from them by this migration's
-- hook, `minute_hour::rebuild`), so those reports read sixty times fewer rows.

-- 60 little-endian f64, one per minute of the hour: the minute's mean (sum / n), NaN
-- where the value was not read.
CREATE TABLE process_minute_hour (
    machine TEXT    NOT NULL,
    name    TEXT    NOT NULL,
    hour_ms INTEGER NOT NULL,
    means   BLOB    NOT NULL,
    PRIMARY KEY (machine, name, hour_ms)
) STRICT, WITHOUT ROWID;

-- 60 pairs of little-endian u64, one per minute of the hour: the parts (total, reject)
-- of all products that were not counted over a no-data gap.
CREATE TABLE count_minute_hour (
    machine TEXT    NOT NULL,
    hour_ms INTEGER NOT NULL,
    parts   BLOB    NOT NULL,
    PRIMARY KEY (machine, hour_ms)
) STRICT, WITHOUT ROWID;
