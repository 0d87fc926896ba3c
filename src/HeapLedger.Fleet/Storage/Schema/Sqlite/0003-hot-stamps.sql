-- 0003: nothing to do in SQLite. In PostgreSQL this version makes the devices' stamp an
-- in-place (HOT) update; the number is kept the same in both stores so that a schema version
-- means the same tables in each (docs/fleet-service.md, "Schema").
SELECT 1;
