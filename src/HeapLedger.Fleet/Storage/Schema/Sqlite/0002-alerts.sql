-- 0002 alerts: alert state per (rule, device) and the notifications not yet delivered; and,
-- beside them, the detection job's verdict on each allocation site of each device whose
-- heartbeats carry ledgers. Same conventions as 0001 (times in Unix milliseconds, no foreign
-- keys, keys that start with the device id), with one exception said below.

-- AlertState (docs/pivot-and-alerts.md, "What the store keeps"). A row per (rule, device) that
-- ever fired or was marked fixed; never deleted, so that sequence keeps growing.
CREATE TABLE alert_state (
    device           TEXT NOT NULL,
    rule             TEXT NOT NULL,
    firing           INTEGER NOT NULL,      -- 0 | 1 (PostgreSQL: BOOLEAN)
    sequence         BIGINT NOT NULL,       -- transitions so far
    first_flagged_at BIGINT NULL,
    clear_since      BIGINT NULL,
    clear_judgements INTEGER NOT NULL,
    judged_through   BIGINT NULL,
    fired            TEXT NULL,             -- JSON snapshot at the firing: verdict, bytesPerHour, exhaustionAt, onset, attributes
    PRIMARY KEY (device, rule)
) WITHOUT ROWID;

-- AlertNotification, from the transition that made it until it is delivered or given up.
-- The exception to "no auto-increment": position is the insertion order GetPendingAsync must
-- return, and this small queue table is never bulk-loaded nor distributed. In SQLite an
-- INTEGER PRIMARY KEY is max + 1 at insert, so it orders the rows present (PostgreSQL:
-- BIGINT GENERATED ALWAYS AS IDENTITY).
CREATE TABLE alert_pending (
    position         INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,  -- the notification's id, a UUID (PostgreSQL: UUID)
    device           TEXT NOT NULL,
    rule             TEXT NOT NULL,
    webhook          TEXT NOT NULL,         -- kept: a rule edited later does not redirect what was already due
    sequence         BIGINT NOT NULL,
    state            TEXT NOT NULL,         -- firing | resolved
    reason           TEXT NOT NULL,         -- matched | recovered | fixed
    at               BIGINT NOT NULL,
    first_flagged_at BIGINT NOT NULL,
    snapshot         TEXT NOT NULL          -- JSON: verdict, bytesPerHour, exhaustionAt, onset, attributes
);

-- The job's latest verdict on every site of a device's ledger, replaced as a whole at each
-- judgement of the device: no rows for a device whose heartbeats carry no ledger.
CREATE TABLE site_judgements (
    device              TEXT NOT NULL,
    site                TEXT NOT NULL,
    verdict             TEXT NOT NULL,      -- leaking | healthy | insufficient-data
    bytes_per_hour      DOUBLE PRECISION NULL,
    bytes_per_hour_low  DOUBLE PRECISION NULL,
    bytes_per_hour_high DOUBLE PRECISION NULL,
    onset               BIGINT NULL,
    points              INTEGER NOT NULL,
    confidence          DOUBLE PRECISION NOT NULL,
    judged_at           BIGINT NOT NULL,
    PRIMARY KEY (device, site)
) WITHOUT ROWID;
