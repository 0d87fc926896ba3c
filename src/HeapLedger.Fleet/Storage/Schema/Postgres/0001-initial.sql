-- 0001 initial: devices, hubs, heartbeats with site ledgers and attributes, judgements, job cursors.
--
-- The SQLite script of the same number with PostgreSQL's types (docs/fleet-service.md, "Schema"):
-- times are Unix milliseconds UTC in BIGINT; token hashes lower-case hex SHA-256 in TEXT; no
-- serial columns and no foreign keys; every heartbeat table's key starts with the device id, so
-- the schema partitions by device (docs/scaling.md: hash partitions, Citus). Names and ids are
-- COLLATE "C", ordered by their bytes as in SQLite, whatever the database's locale. Two differences:
-- a heartbeat's own attributes are JSONB (the ingest expands them with jsonb_each_text), and
-- devices.received_xact, the transaction id of the last commit that added a heartbeat of the
-- device, is the detection job's cursor here: with concurrent writers, commit order is not the
-- order of any stamp taken before the commit, but a transaction id below the reader's snapshot
-- xmin belongs to a transaction that has ended (PostgresFleetStore.DevicesReportedAfterAsync).

CREATE TABLE devices (
    id                TEXT COLLATE "C" PRIMARY KEY,
    token_hash        TEXT NOT NULL UNIQUE,
    created_at        BIGINT NOT NULL,
    last_heartbeat_at BIGINT NULL,          -- the newest heartbeat's own time (the device's clock)
    last_received_at  BIGINT NULL,          -- the service's clock at the last commit that added a heartbeat of it
    received_xact     BIGINT NULL           -- that commit's transaction id (xid8): the job's cursor
);
CREATE INDEX devices_received ON devices (received_xact, id);

CREATE TABLE hubs (
    name       TEXT COLLATE "C" PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE heartbeats (
    device       TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,
    time         BIGINT NOT NULL,
    uptime_s     DOUBLE PRECISION NULL,
    free         BIGINT NOT NULL,
    min_free     BIGINT NULL,
    largest_free BIGINT NULL,
    heap_size    BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    attributes   JSONB NULL,                -- the heartbeat's own attributes, when it had any
    PRIMARY KEY (device, seq)
);

CREATE TABLE site_samples (
    device     TEXT COLLATE "C" NOT NULL,
    seq        BIGINT NOT NULL,
    site       TEXT COLLATE "C" NOT NULL,
    live_count BIGINT NOT NULL,
    live_bytes BIGINT NOT NULL,
    PRIMARY KEY (device, seq, site)
);

CREATE TABLE device_attributes (
    device TEXT COLLATE "C" NOT NULL,
    name   TEXT COLLATE "C" NOT NULL,
    value  TEXT NOT NULL,
    as_of  BIGINT NOT NULL,                 -- time of the first heartbeat that carried the current value
    PRIMARY KEY (device, name)
);

CREATE TABLE judgements (
    device              TEXT COLLATE "C" PRIMARY KEY,
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
    device         TEXT COLLATE "C" NOT NULL,
    judged_at      BIGINT NOT NULL,
    verdict        TEXT NOT NULL,
    bytes_per_hour DOUBLE PRECISION NULL,
    exhaustion_at  BIGINT NULL,
    PRIMARY KEY (device, judged_at)
);

CREATE TABLE job_cursors (
    job         TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    device      TEXT COLLATE "C" NOT NULL
);
