-- Operator entries, continued. Splitting a stop never rewrites the recorded interval
-- either: from `at_ms` on, the interval that contains it reads as another stop, keyed by
-- `at_ms`, which can be given its own reason in reason_assignment.
CREATE TABLE stop_split (
    id         INTEGER PRIMARY KEY,
    machine    TEXT    NOT NULL,
    at_ms      INTEGER NOT NULL,
    entered_ms INTEGER NOT NULL,
    UNIQUE (machine, at_ms)
) STRICT;
