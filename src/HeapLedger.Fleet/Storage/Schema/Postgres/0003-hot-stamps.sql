-- 0003: the devices' stamp becomes a heap-only-tuple (HOT) update.
--
-- Every commit that stores heartbeats stamps each of their devices (last_received_at,
-- received_xact, last_heartbeat_at). With received_xact indexed, each stamp wrote a new entry
-- into every index of devices, and that was a quarter of the database's time per heartbeat
-- (docs/scaling.md). Without an index on a stamped column, and with room left in each page,
-- PostgreSQL updates the row in place of its page (HOT): no index is touched. The detection job's
-- cursor query then scans devices instead of walking the index: a few milliseconds for 10,000
-- devices, about a tenth of a second for a million, once per job run.
DROP INDEX IF EXISTS devices_received;
ALTER TABLE devices SET (fillfactor = 70);
