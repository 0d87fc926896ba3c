-- 0001 initial: devices, hubs, heartbeats with site ledgers and attributes, judgements, job cursors.
--
-- Conventions, the same in every store (docs/fleet-service.md, "Schema"): times are Unix
-- milliseconds UTC in BIGINT; token hashes are lower-case hex SHA-256 in TEXT; no
-- auto-increment columns and no foreign keys (a bulk insert by binary COPY and a table
-- distributed by device need neither); every heartbeat table's key starts with the device id,
-- so the schema partitions by device. The one SQLite-only word is WITHOUT ROWID, which clusters
-- a table by its key (a device's rows together on disk); the PostgreSQL scripts leave it out.

CREATE TABLE devices (
    id                TEXT PRIMARY KEY,
    token_hash        TEXT NOT NULL UNIQUE,
    created_at        BIGINT NOT NULL,
    last_heartbeat_at BIGINT NULL,          -- the newest heartbeat's own time (the device's clock)
    last_received_at  BIGINT NULL           -- the store's stamp of the last commit that added a heartbeat of it
);
CREATE INDEX devices_received ON devices (last_received_at, id);

CREATE TABLE hubs (
    name       TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE heartbeats (
    device       TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    time         BIGINT NOT NULL,
    uptime_s     DOUBLE PRECISION NULL,
    free         BIGINT NOT NULL,
    min_free     BIGINT NULL,
    largest_free BIGINT NULL,
    heap_size    BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    attributes   TEXT NULL,                 -- the heartbeat's own attributes as a JSON object, when it had any
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;

CREATE TABLE site_samples (
    device     TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    site       TEXT NOT NULL,
    live_count BIGINT NOT NULL,
    live_bytes BIGINT NOT NULL,
    PRIMARY KEY (device, seq, site)
) WITHOUT ROWID;

CREATE TABLE device_attributes (
    device TEXT NOT NULL,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,
    as_of  BIGINT NOT NULL,                 -- time of the first heartbeat that carried the current value
    PRIMARY KEY (device, name)
) WITHOUT ROWID;

CREATE TABLE judgements (
    device              TEXT PRIMARY KEY,
    verdict             TEXT NOT NULL,      -- leaking | healthy | insufficient-data
    bytes_per_hour      DOUBLE PRECISION NULL,
    bytes_per_hour_low  DOUBLE PRECISION NULL,
    bytes_per_hour_high DOUBLE PRECISION NULL,
    onset               BIGINT NULL,
    exhaustion_at       BIGINT NULL,
    exhaustion_low      BIGINT NULL,
    exhaustion_high     BIGINT NULL,
    points              INTEGER NOT NULL,
    limit_kind          TEXT NULL,          -- free | largest-block
    confidence          DOUBLE PRECISION NOT NULL,
    judged_at           BIGINT NOT NULL,
    first_flagged_at    BIGINT NULL         -- start of the current run of leaking verdicts
);
CREATE INDEX judgements_urgency ON judgements (verdict, exhaustion_at);

CREATE TABLE judgement_history (
    device         TEXT NOT NULL,
    judged_at      BIGINT NOT NULL,
    verdict        TEXT NOT NULL,
    bytes_per_hour DOUBLE PRECISION NULL,
    exhaustion_at  BIGINT NULL,
    PRIMARY KEY (device, judged_at)
);

CREATE TABLE job_cursors (
    job         TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    device      TEXT NOT NULL
);
