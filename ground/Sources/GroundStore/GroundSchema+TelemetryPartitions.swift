extension GroundSchema {
    /// PostgreSQL: `telemetry_samples` becomes a table partitioned by UTC day on `time` (seconds since
    /// 1970), one partition `telemetry_samples_YYYYMMDD` per day, so retention drops whole partitions
    /// instead of deleting billions of rows, and reading one drone's track touches only the days it
    /// spans (each partition carries the (drone_id, time) primary key and a BRIN index on time). Rows already stored move into
    /// partitions of their days. `skyrelay_telemetry_partition(day)` creates a day's partition once,
    /// under a transaction advisory lock, so instances ingesting together never race on it.
    /// SQLite keeps its single table (one instance, retention by DELETE).
    static func telemetryPartitions(_ d: SQLDialect) -> [String] {
        guard d == .postgres else { return [] }
        let lock = AdvisoryLockKey.telemetryPartitions.rawValue
        return [
            "ALTER TABLE telemetry_samples RENAME TO telemetry_samples_unpartitioned",
            "ALTER INDEX telemetry_samples_pkey RENAME TO telemetry_samples_unpartitioned_pkey",
            "DROP INDEX telemetry_time",
            """
            CREATE TABLE telemetry_samples (
                drone_id TEXT NOT NULL,
                time DOUBLE PRECISION NOT NULL,
                lat DOUBLE PRECISION NOT NULL,
                lon DOUBLE PRECISION NOT NULL,
                alt DOUBLE PRECISION NOT NULL,
                battery DOUBLE PRECISION,
                ground_speed DOUBLE PRECISION,
                heading DOUBLE PRECISION,
                airborne BIGINT,
                PRIMARY KEY (drone_id, time))
            PARTITION BY RANGE (time)
            """,
            // Retention deletes below a cutoff inside the one partition it falls in: a BRIN index (rows
            // arrive in time order) finds them for a few pages of index per day.
            "CREATE INDEX telemetry_time ON telemetry_samples USING brin (time)",
            """
            CREATE FUNCTION skyrelay_telemetry_partition(day BIGINT) RETURNS TEXT LANGUAGE plpgsql AS $$
            DECLARE
                part_name TEXT := 'telemetry_samples_' || to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD');
            BEGIN
                IF to_regclass(part_name) IS NULL THEN
                    PERFORM pg_advisory_xact_lock(\(lock));
                    -- After waiting for the lock the catalog lookup may still be stale (an advisory lock
                    -- does not refresh it): another instance's partition then shows up as a duplicate.
                    BEGIN
                        EXECUTE format('CREATE TABLE %I PARTITION OF telemetry_samples FOR VALUES FROM (%s) TO (%s)',
                            part_name, day * 86400, (day + 1) * 86400);
                    EXCEPTION WHEN duplicate_table OR unique_violation THEN
                        NULL;
                    END;
                END IF;
                RETURN part_name;
            END
            $$
            """,
            """
            SELECT skyrelay_telemetry_partition(day)
            FROM (SELECT DISTINCT floor(time / 86400)::BIGINT AS day FROM telemetry_samples_unpartitioned) AS days
            """,
            // v10-flight-ops added `airborne` last, so the column orders match.
            "INSERT INTO telemetry_samples SELECT * FROM telemetry_samples_unpartitioned",
            "DROP TABLE telemetry_samples_unpartitioned",
        ]
    }
}
