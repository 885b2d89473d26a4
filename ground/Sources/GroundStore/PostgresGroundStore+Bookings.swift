import GroundCore
import Logging
import PostgresNIO

extension PostgresGroundStore {
    /// Booking statements in flight at most (``bookingLanes``), well under the pool's connections.
    static let bookingLaneCount = 4

    /// Bookings per statement at most: each binds some forty parameters, and a statement takes 65,535.
    static let bookingsPerStatement = 500

    /// Inserts `jobs` (each row with its history entry), one statement per ``bookingsPerStatement``; a
    /// statement refused as a whole (one bad row fails them all) is retried row by row, so each booking
    /// gets its own outcome and the good ones are still written.
    static func insert(_ jobs: [Booking], client: PostgresClient, logger: Logger) async -> [GroupCommit<Booking>
        .Outcome]
    {
        func run(_ query: PostgresQuery, _ operation: String) async -> GroupCommit<Booking>.Outcome {
            do {
                _ = try await client.query(query, logger: logger).collect()
                return .success(())
            } catch {
                return .failure(map(error, operation))
            }
        }
        var outcomes: [GroupCommit<Booking>.Outcome] = []
        outcomes.reserveCapacity(jobs.count)
        var start = jobs.startIndex
        while start < jobs.endIndex {
            let chunk = jobs[start..<min(start + bookingsPerStatement, jobs.endIndex)]
            start = chunk.endIndex
            if chunk.count > 1 {
                let together = await run(insertQuery(chunk), "insert \(chunk.count) deliveries")
                if case .success = together {
                    outcomes += Array(repeating: together, count: chunk.count)
                    continue
                }
            }
            for job in chunk {
                outcomes.append(
                    await run(insertWithHistoryQuery(job.delivery, job.change), "insert delivery \(job.delivery.id)"))
            }
        }
        return outcomes
    }

    /// One statement inserting every row of `jobs` and, for each row inserted, its history entry.
    static func insertQuery(_ jobs: ArraySlice<Booking>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: jobs.count * 40)
        var columns = ""
        var rows: [String] = []
        var entries: [String] = []
        rows.reserveCapacity(jobs.count)
        entries.reserveCapacity(jobs.count)
        for job in jobs {
            let values = job.delivery.columnValues
            if columns.isEmpty { columns = values.map { DeliveryColumns.quoted($0.column) }.joined(separator: ", ") }
            var marks: [String] = []
            marks.reserveCapacity(values.count)
            for value in values {
                binds.append(value.value)
                marks.append("$\(binds.count)")
            }
            rows.append("(\(marks.joined(separator: ", ")))")
            var entry: [String] = []
            for value in job.change.columnValues {
                binds.append(value)
                entry.append("$\(binds.count)")
            }
            entries.append("(\(entry.joined(separator: ", ")))")
        }
        // The history rows join the inserted ones, as the one-booking statement takes its id from them.
        return PostgresQuery(
            unsafeSQL: """
                WITH inserted AS (INSERT INTO deliveries (\(columns)) VALUES \(rows.joined(separator: ", ")) RETURNING id)
                INSERT INTO delivery_history (delivery_id, from_status, to_status, reason, at)
                SELECT entry.delivery_id, entry.from_status, entry.to_status, entry.reason, entry.at
                FROM (VALUES \(entries.joined(separator: ", "))) AS entry (delivery_id, from_status, to_status, reason, at)
                JOIN inserted ON inserted.id = entry.delivery_id
                """, binds: binds)
    }
}
