#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func enqueueJob(_ kind: Job.Kind, subjectID: UUID, runAfter: Date?) async throws(ThreadStoreError) -> Job {
        let now = self.now()
        return try await write("queue a job") { connection, _ in
            try await Self.enqueue(connection, kind, subjectID: subjectID, runAfter: runAfter ?? now, now: now, logger)
        }
    }

    public func claimJobs(
        kinds: Set<Job.Kind>,
        owner: String,
        limit: Int,
        lease: Duration
    ) async throws(ThreadStoreError) -> [Job] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let owner = try ThreadStoreInput.required(owner, "A job's owner")
        let lease = try ThreadStoreInput.seconds(lease: lease)
        if kinds.isEmpty { return [] }
        let now = self.now().timeIntervalSince1970
        let kinds = kinds.map(\.rawValue).sorted()
        // SKIP LOCKED: concurrent claimers pass over the rows another one is taking, so each job goes
        // to one of them, and none waits for another.
        return try await write("claim jobs") { connection, _ in
            try await connection.rows(
                """
                UPDATE jobs SET state = 'running', lease_owner = \(owner), lease_expires_at = \(now + lease),
                    attempts = attempts + 1, updated_at = \(now)
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE kind = ANY(\(kinds))
                      AND ((state = 'queued' AND run_after <= \(now))
                        OR (state = 'running' AND lease_expires_at < \(now)))
                    ORDER BY run_after, position
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """,
                logger: logger
            )
            .map { row in (position: try row["position"].decode(Int64.self), job: try PostgresRows.job(row)) }
            .sorted { ($0.job.runAfter, $0.position) < ($1.job.runAfter, $1.position) }
            .map(\.job)
        }
    }

    public func claimJob(id: UUID, owner: String, lease: Duration) async throws(ThreadStoreError) -> Job? {
        let owner = try ThreadStoreInput.required(owner, "A job's owner")
        let lease = try ThreadStoreInput.seconds(lease: lease)
        let now = self.now().timeIntervalSince1970
        return try await write("claim a job") { connection, _ in
            let claimed = try await connection.row(
                """
                UPDATE jobs SET state = 'running', lease_owner = \(owner), lease_expires_at = \(now + lease),
                    attempts = attempts + 1, updated_at = \(now)
                WHERE id = \(id)
                  AND (state = 'queued' OR (state = 'running' AND lease_expires_at < \(now)))
                RETURNING *
                """,
                logger: logger
            )
            if let claimed { return try PostgresRows.job(claimed) }
            _ = try await Self.job(connection, id, logger)
            return nil
        }
    }

    public func completeJob(id: UUID, owner: String) async throws(ThreadStoreError) -> Job {
        let now = self.now().timeIntervalSince1970
        return try await write("complete a job") { connection, _ in
            try await Self.finish(
                connection, id, owner: owner,
                """
                UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
                WHERE id = \(id) AND state = 'running' AND lease_owner = \(owner)
                RETURNING *
                """,
                logger
            )
        }
    }

    public func retryJob(id: UUID, owner: String, runAfter: Date, error: String) async throws(ThreadStoreError) -> Job {
        let now = self.now().timeIntervalSince1970
        return try await write("retry a job") { connection, _ in
            try await Self.finish(
                connection, id, owner: owner,
                """
                UPDATE jobs SET state = 'queued', run_after = \(runAfter.timeIntervalSince1970), last_error = \(error),
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
                WHERE id = \(id) AND state = 'running' AND lease_owner = \(owner)
                RETURNING *
                """,
                logger
            )
        }
    }

    public func failJob(id: UUID, owner: String, error: String) async throws(ThreadStoreError) -> Job {
        let now = self.now().timeIntervalSince1970
        return try await write("fail a job") { connection, _ in
            try await Self.finish(
                connection, id, owner: owner,
                """
                UPDATE jobs SET state = 'failed', last_error = \(error), lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = \(now)
                WHERE id = \(id) AND state = 'running' AND lease_owner = \(owner)
                RETURNING *
                """,
                logger
            )
        }
    }

    public func jobs(subjectID: UUID) async throws(ThreadStoreError) -> [Job] {
        try await read("list a subject's jobs") { connection in
            try await connection.rows(
                "SELECT * FROM jobs WHERE subject_id = \(subjectID) ORDER BY created_at, position",
                logger: logger
            ).map(PostgresRows.job)
        }
    }

    public func jobs(state: Job.State?, limit: Int) async throws(ThreadStoreError) -> [Job] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list jobs") { connection in
            try await connection.rows(
                """
                SELECT * FROM jobs WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
                ORDER BY created_at, position LIMIT \(limit)
                """,
                logger: logger
            ).map(PostgresRows.job)
        }
    }

    @discardableResult
    public func deleteFinishedJobs(before: Date) async throws(ThreadStoreError) -> Int {
        try await write("delete finished jobs") { connection, _ in
            try await connection.rows(
                """
                DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated_at < \(before.timeIntervalSince1970)
                RETURNING id
                """,
                logger: logger
            ).count
        }
    }

    // MARK: Plumbing

    /// The subject's unfinished job of a kind, or a new queued one, inside the write transaction.
    static func enqueue(
        _ connection: PostgresConnection,
        _ kind: Job.Kind,
        subjectID: UUID,
        runAfter: Date,
        now: Date,
        _ logger: Logger
    ) async throws -> Job {
        let unfinished: PostgresQuery = """
            SELECT * FROM jobs WHERE kind = \(kind.rawValue) AND subject_id = \(subjectID)
                AND state IN ('queued', 'running')
            """
        if let existing = try await connection.row(unfinished, logger: logger) { return try PostgresRows.job(existing) }
        let inserted = try await connection.row(
            """
            INSERT INTO jobs (id, kind, subject_id, state, attempts, run_after, created_at, updated_at)
            VALUES (\(UUID.timeOrdered(at: now)), \(kind.rawValue), \(subjectID), 'queued', 0, \(runAfter.timeIntervalSince1970),
                \(now.timeIntervalSince1970), \(now.timeIntervalSince1970))
            ON CONFLICT (kind, subject_id) WHERE state IN ('queued', 'running') DO NOTHING
            RETURNING *
            """,
            logger: logger
        )
        if let inserted { return try PostgresRows.job(inserted) }
        // Another transaction queued it between the lookup and the insert; the insert waited for its
        // commit, and a new statement sees it.
        guard let existing = try await connection.row(unfinished, logger: logger) else {
            throw ThreadStoreError(code: .database, message: "A job insert conflicted with a job that then finished; retry.")
        }
        return try PostgresRows.job(existing)
    }

    /// Runs a worker's outcome on a job it holds (`update` matches only a job running under `owner`);
    /// not found or a conflict when it matched nothing.
    static func finish(
        _ connection: PostgresConnection,
        _ id: UUID,
        owner: String,
        _ update: PostgresQuery,
        _ logger: Logger
    ) async throws -> Job {
        if let row = try await connection.row(update, logger: logger) { return try PostgresRows.job(row) }
        let job = try await Self.job(connection, id, logger)
        throw ThreadStoreError.conflict(
            "Job \(id) is not running under \(owner) (it is \(job.state.rawValue)"
                + (job.leaseOwner.map { " under \($0)" } ?? "")
                + "); its lease may have expired and another worker claimed it. Leave it to that worker."
        )
    }

    static func job(_ connection: PostgresConnection, _ id: UUID, _ logger: Logger) async throws -> Job {
        guard let row = try await connection.row("SELECT * FROM jobs WHERE id = \(id)", logger: logger) else {
            throw ThreadStoreError.notFound("There is no job \(id); check the identifier.")
        }
        return try PostgresRows.job(row)
    }
}
#endif
