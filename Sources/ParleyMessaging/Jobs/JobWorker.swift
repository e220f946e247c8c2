internal import Foundation
internal import Logging
internal import ParleyThreads
public import ServiceLifecycle
internal import ParleyTranslation

/// Runs the durable jobs kept in the store: translate an inbound message, send an outbound one.
///
/// Each pass claims the due jobs (`ThreadStore/claimJobs(kinds:owner:limit:lease:)`): a job goes
/// to one worker among all replicas, held under a lease that expires, so a job whose worker crashed
/// runs again elsewhere. A transient failure puts the job back with backoff; a permanent one gives
/// it up with its reason kept. The worker wakes at once when this process adds a job, and polls
/// every ``pollInterval`` for the others'.
///
/// ```swift
/// let worker = JobWorker(messaging: messaging)
/// let group = ServiceGroup(services: [app, worker], logger: logger)
/// ```
public struct JobWorker: Service {
    let messaging: Messaging
    /// The longest wait between two passes.
    public var pollInterval: Duration
    /// The most jobs one claim takes.
    public var batchSize: Int

    /// - Parameters:
    ///   - messaging: the workflows the jobs run.
    ///   - pollInterval: the longest wait between two passes (1 s).
    ///   - batchSize: the most jobs one claim takes (16).
    public init(messaging: Messaging, pollInterval: Duration = .seconds(1), batchSize: Int = 16) {
        self.messaging = messaging
        self.pollInterval = pollInterval
        self.batchSize = batchSize
    }

    /// How often finished jobs and expired previews are swept.
    public var sweepInterval: Duration = .seconds(3_600)

    /// Runs passes until cancelled or the service group shuts down gracefully, and sweeps what has
    /// had its time every ``sweepInterval``.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastSweep: Date?
            while !Task.isCancelled {
                let now = messaging.now()
                if lastSweep.map({ now.timeIntervalSince($0) >= Messaging.seconds(sweepInterval) }) ?? true {
                    lastSweep = now
                    await messaging.sweep()
                }
                let ran = await runOnce()
                if ran == 0 { await messaging.wakeups.wait(atMost: pollInterval) }
            }
        }
    }

    /// One pass: claims up to ``batchSize`` due jobs and runs them, a few at a time.
    /// - Returns: how many jobs it ran.
    @discardableResult
    public func runOnce() async -> Int {
        await messaging.runDueJobs(limit: batchSize)
    }
}

extension Messaging {
    /// How many claimed jobs run at once in one process.
    static let concurrentJobs = 4

    /// Claims due jobs once and runs them: what a worker's pass does, and what a test calls to
    /// finish what a request left to the jobs.
    /// - Parameters:
    ///   - limit: the most jobs to claim.
    /// - Returns: how many jobs it ran.
    @discardableResult
    public func runDueJobs(limit: Int = 16) async -> Int {
        let store = self.store
        let owner = configuration.workerName
        let lease = configuration.jobLease
        let jobs: [Job]
        do {
            jobs = try await store.claimJobs(kinds: Set(Job.Kind.allCases), owner: owner, limit: limit, lease: lease)
        } catch {
            logger.warning("cannot claim jobs", metadata: ["parley.error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for job in jobs {
                if running == Self.concurrentJobs {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.run(job) }
                running += 1
            }
        }
        return jobs.count
    }

    /// What a sweep deleted.
    public struct Swept: Sendable, Hashable {
        /// Finished jobs.
        public var jobs = 0
        /// Expired previews.
        public var previews = 0
        /// Thread events older than ``Messaging/Configuration/eventRetention``.
        public var events = 0
        /// Translation cache entries past their time to live.
        public var cacheEntries = 0
    }

    /// Deletes what has had its time: finished jobs older than ``Configuration/finishedJobRetention``,
    /// expired previews, thread events older than ``Configuration/eventRetention``, and translation
    /// cache entries past their time to live. What the store cannot delete now waits for the next sweep.
    /// - Returns: how many of each were deleted.
    @discardableResult
    public func sweep() async -> Swept {
        let now = now()
        var swept = Swept()
        do {
            swept.jobs = try await store.deleteFinishedJobs(before: now.addingTimeInterval(-Self.seconds(configuration.finishedJobRetention)))
            swept.previews = try await store.deleteExpiredPreviews()
            swept.events = try await store.deleteEvents(before: now.addingTimeInterval(-Self.seconds(configuration.eventRetention)))
            swept.cacheEntries = await pipeline.cache?.removeExpired() ?? 0
            if swept != Swept() {
                logger.debug(
                    "swept",
                    metadata: [
                        "parley.jobs": "\(swept.jobs)", "parley.previews": "\(swept.previews)", "parley.events": "\(swept.events)",
                        "parley.cache_entries": "\(swept.cacheEntries)",
                    ])
            }
        } catch {
            logger.warning("cannot sweep finished jobs, expired previews and old events", metadata: ["parley.error": "\(error)"])
        }
        await sweepSharedState(at: now)
        return swept
    }

    /// Runs every due job until none is left; for tests and the command line.
    /// - Returns: how many jobs ran.
    @discardableResult
    public func drainJobs() async -> Int {
        var total = 0
        while true {
            let ran = await runDueJobs()
            if ran == 0 { return total }
            total += ran
        }
    }

    /// Runs one claimed job, logging what it could not do.
    func run(_ job: Job) async {
        do {
            switch job.kind {
            case .translateInbound: try await translateInbound(job)
            case .sendOutbound: _ = try await deliver(job)
            }
        } catch {
            switch error.code {
            case .optedOut, .sendFailed:
                // Given up with its reason kept on the job and the message.
                logger.info("job given up", metadata: ["parley.job": "\(job.id)", "parley.error": "\(error.message)"])
            default:
                // The store failed under it: the lease runs out and the job is claimed again.
                logger.warning("job failed; it runs again when its lease ends", metadata: ["parley.job": "\(job.id)", "parley.error": "\(error)"])
            }
        }
    }
}
