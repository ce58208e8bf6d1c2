-- Scheduled reports delivered: a row per schedule and period once its PDFs are written,
-- stamped again when its mail went out. After a restart Takt delivers the periods that
-- ended while it was away (up to a week back) and mails what was written but not sent.
CREATE TABLE report_delivery (
    schedule        TEXT    NOT NULL,
    period_end_ms   INTEGER NOT NULL,
    period_start_ms INTEGER NOT NULL,
    label           TEXT    NOT NULL,
    written_ms      INTEGER NOT NULL,
    mailed_ms       INTEGER,
    PRIMARY KEY (schedule, period_end_ms)
) STRICT, WITHOUT ROWID;
