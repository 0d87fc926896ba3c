-- 0002 alerts: the SQLite script of the same number with PostgreSQL's types (see 0001): alert
-- state per (rule, device), the notifications not yet delivered, and the detection job's verdict
-- on each allocation site of each device whose heartbeats carry ledgers. Device ids, rule names
-- and sites are COLLATE "C" as in 0001. The JSON snapshots are TEXT, not JSONB: nothing in SQL
-- looks inside them (unlike a heartbeat's attributes), and TEXT keeps the document
-- AlertSnapshotJson wrote byte for byte.

-- AlertState (docs/pivot-and-alerts.md, "What the store keeps"). A row per (rule, device) that
-- ever fired or was marked fixed; never deleted, so that sequence keeps growing.
CREATE TABLE alert_state (
    device           TEXT COLLATE "C" NOT NULL,
    rule             TEXT COLLATE "C" NOT NULL,
    firing           BOOLEAN NOT NULL,
    sequence         BIGINT NOT NULL,       -- transitions so far
    first_flagged_at BIGINT NULL,
    clear_since      BIGINT NULL,
    clear_judgements INTEGER NOT NULL,
    judged_through   BIGINT NULL,
    fired            TEXT NULL,             -- JSON snapshot at the firing: verdict, bytesPerHour, exhaustionAt, onset, attributes
    PRIMARY KEY (device, rule)
);

-- AlertNotification, from the transition that made it until it is delivered or given up.
-- The exception to "no auto-increment": position is the insertion order GetPendingAsync must
-- return, and this small queue table is never bulk-loaded nor distributed. An identity is not
-- commit order between concurrent transactions, but each (rule, device) is saved by one
-- evaluator at a time, so the notifications of one alert come back in the order they were made.
CREATE TABLE alert_pending (
    position         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               UUID NOT NULL UNIQUE,  -- the notification's id
    device           TEXT COLLATE "C" NOT NULL,
    rule             TEXT COLLATE "C" NOT NULL,
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
    device              TEXT COLLATE "C" NOT NULL,
    site                TEXT COLLATE "C" NOT NULL,
    verdict             TEXT NOT NULL,      -- leaking | healthy | insufficient-data
    bytes_per_hour      DOUBLE PRECISION NULL,
    bytes_per_hour_low  DOUBLE PRECISION NULL,
    bytes_per_hour_high DOUBLE PRECISION NULL,
    onset               BIGINT NULL,
    points              INTEGER NOT NULL,
    confidence          DOUBLE PRECISION NOT NULL,
    judged_at           BIGINT NOT NULL,
    PRIMARY KEY (device, site)
);
