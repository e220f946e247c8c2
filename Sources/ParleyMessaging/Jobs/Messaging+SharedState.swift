internal import Foundation
internal import Logging
internal import ParleyThreads

extension Messaging {
    /// How long the replicas' shared counters are kept after their last use: token buckets are full
    /// again long before (five minutes at most), rate windows last a minute, leases a few seconds.
    static let sharedStateRetention: TimeInterval = 3_600

    /// Deletes the shared counters and leases that have had their time (part of ``sweep()``); what
    /// the store cannot delete now waits for the next sweep.
    /// - Returns: how many rows were deleted.
    @discardableResult
    func sweepSharedState(at now: Date) async -> Int {
        do {
            return try await store.deleteSharedState(before: now.addingTimeInterval(-Self.sharedStateRetention))
        } catch {
            logger.warning("cannot sweep old sign-in counts, rate windows and leases", metadata: ["parley.error": "\(error)"])
            return 0
        }
    }
}
