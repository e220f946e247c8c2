public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func enqueueJob(_ kind: Job.Kind, subjectID: UUID, runAfter: Date?) async throws(ThreadStoreError) -> Job {
        let now = self.now()
        return try await write("queue a job") { db in
            try Self.enqueue(db, kind, subjectID: subjectID, runAfter: runAfter ?? now, now: now)
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
        let now = self.now()
        // One write transaction: no other claimer reads the jobs between the choice and the update.
        return try await write("claim jobs") { db in
            let due = try JobRecord
                .filter(kinds.map(\.rawValue).contains(JobRecord.Columns.kind))
                .filter(Self.claimable(at: now))
                .order(JobRecord.Columns.runAfter, JobRecord.Columns.createdAt, Column.rowID)
                .limit(limit)
                .fetchAll(db)
            return try due.map { record in try Self.claim(db, record, owner: owner, lease: lease, now: now) }
        }
    }

    public func claimJob(id: UUID, owner: String, lease: Duration) async throws(ThreadStoreError) -> Job? {
        let owner = try ThreadStoreInput.required(owner, "A job's owner")
        let lease = try ThreadStoreInput.seconds(lease: lease)
        let now = self.now()
        return try await write("claim a job") { db in
            let record = try Self.job(db, id)
            let expired = record.leaseExpiresAt.map { $0 < now.timeIntervalSince1970 } ?? true
            switch try record.model().state {
            case .queued: break
            case .running where expired: break
            case .running, .done, .failed: return nil
            }
            return try Self.claim(db, record, owner: owner, lease: lease, now: now)
        }
    }

    public func completeJob(id: UUID, owner: String) async throws(ThreadStoreError) -> Job {
        let now = self.now()
        return try await write("complete a job") { db in
            try Self.finish(db, id, owner: owner, now: now) { job in
                job.state = .done
            }
        }
    }

    public func retryJob(id: UUID, owner: String, runAfter: Date, error: String) async throws(ThreadStoreError) -> Job {
        let now = self.now()
        return try await write("retry a job") { db in
            try Self.finish(db, id, owner: owner, now: now) { job in
                job.state = .queued
                job.runAfter = runAfter
                job.lastError = error
            }
        }
    }

    public func failJob(id: UUID, owner: String, error: String) async throws(ThreadStoreError) -> Job {
        let now = self.now()
        return try await write("fail a job") { db in
            try Self.finish(db, id, owner: owner, now: now) { job in
                job.state = .failed
                job.lastError = error
            }
        }
    }

    public func jobs(subjectID: UUID) async throws(ThreadStoreError) -> [Job] {
        try await read("list a subject's jobs") { db in
            try JobRecord
                .filter(JobRecord.Columns.subjectID == subjectID.databaseText)
                .order(JobRecord.Columns.createdAt, Column.rowID)
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    public func jobs(state: Job.State?, limit: Int) async throws(ThreadStoreError) -> [Job] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list jobs") { db in
            var request = JobRecord.all()
            if let state { request = request.filter(JobRecord.Columns.state == state.rawValue) }
            return try request
                .order(JobRecord.Columns.createdAt, Column.rowID)
                .limit(limit)
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    @discardableResult
    public func deleteFinishedJobs(before: Date) async throws(ThreadStoreError) -> Int {
        try await write("delete finished jobs") { db in
            try JobRecord
                .filter([Job.State.done.rawValue, Job.State.failed.rawValue].contains(JobRecord.Columns.state))
                .filter(JobRecord.Columns.updatedAt < before.timeIntervalSince1970)
                .deleteAll(db)
        }
    }

    // MARK: Plumbing

    /// The subject's unfinished job of a kind, or a new queued one, inside the write transaction.
    static func enqueue(_ db: Database, _ kind: Job.Kind, subjectID: UUID, runAfter: Date, now: Date) throws -> Job {
        let existing = try JobRecord.fetchOne(
            db, cached: "SELECT * FROM jobs WHERE kind = ? AND subject_id = ? AND state IN (?, ?) LIMIT 1",
            arguments: [kind.rawValue, subjectID.databaseText, Job.State.queued.rawValue, Job.State.running.rawValue])
        if let existing { return try existing.model() }
        let job = Job(
            id: .timeOrdered(at: now), kind: kind, subjectID: subjectID, state: .queued, attempts: 0, runAfter: runAfter,
            leaseOwner: nil, leaseExpiresAt: nil, lastError: nil, createdAt: now, updatedAt: now)
        try JobRecord(job).insert(db)
        return job
    }

    /// Queued jobs whose time has come, and running ones whose lease has expired.
    static func claimable(at now: Date) -> SQLExpression {
        let now = now.timeIntervalSince1970
        return (JobRecord.Columns.state == Job.State.queued.rawValue && JobRecord.Columns.runAfter <= now)
            || (JobRecord.Columns.state == Job.State.running.rawValue && JobRecord.Columns.leaseExpiresAt < now)
    }

    /// Marks a job running under an owner for a lease, one more attempt.
    static func claim(_ db: Database, _ record: JobRecord, owner: String, lease: Double, now: Date) throws -> Job {
        var job = try record.model()
        job.state = .running
        job.leaseOwner = owner
        job.leaseExpiresAt = now.addingTimeInterval(lease)
        job.attempts += 1
        job.updatedAt = now
        try JobRecord(job).update(db)
        return job
    }

    /// Applies a worker's outcome to a job it holds, clearing the lease.
    static func finish(
        _ db: Database,
        _ id: UUID,
        owner: String,
        now: Date,
        _ change: (inout Job) -> Void
    ) throws -> Job {
        var job = try job(db, id).model()
        guard job.state == .running, job.leaseOwner == owner else {
            throw ThreadStoreError.conflict(
                "Job \(id) is not running under \(owner) (it is \(job.state.rawValue)"
                    + (job.leaseOwner.map { " under \($0)" } ?? "")
                    + "); its lease may have expired and another worker claimed it. Leave it to that worker."
            )
        }
        change(&job)
        job.leaseOwner = nil
        job.leaseExpiresAt = nil
        job.updatedAt = now
        try JobRecord(job).update(db)
        return job
    }

    static func job(_ db: Database, _ id: UUID) throws -> JobRecord {
        guard let record = try JobRecord.fetchOne(db, key: id.databaseText) else {
            throw ThreadStoreError.notFound("There is no job \(id); check the identifier.")
        }
        return record
    }
}
