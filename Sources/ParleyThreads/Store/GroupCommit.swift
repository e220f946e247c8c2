internal import Synchronization

/// Writes requests that arrive while a transaction is in flight together, in the next one.
///
/// The first caller leads: it commits its own item at once. Callers that arrive meanwhile wait;
/// when the commit returns, the oldest of them leads the next transaction with every item waiting
/// by then (up to ``maximumBatch``), in arrival order. Each caller returns only after the
/// transaction that holds its item returned, with its own outcome: nothing is answered before it
/// is durable, and one failing item leaves the others' outcomes alone (the commit gives each item
/// a savepoint).
final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    typealias Outcome = Result<Output, ThreadStoreError>

    private enum Turn: Sendable {
        case done(Outcome)
        case lead
    }

    private struct Waiter {
        var item: Item
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var waiting: [Waiter] = []
        /// Whether a caller is leading a transaction now.
        var busy = false
        /// How many items the transaction in flight holds.
        var committing = 0
    }

    /// The most items one transaction holds.
    let maximumBatch: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - maximumBatch: the most items one transaction holds; at least 1.
    init(maximumBatch: Int = 64) {
        self.maximumBatch = max(1, maximumBatch)
    }

    /// How many items wait for a transaction or are in the one in flight.
    var pendingCount: Int { state.withLock { $0.waiting.count + $0.committing } }

    /// Writes `item`, alone or with others, and returns its outcome once the transaction holding it
    /// returned.
    /// - Parameters:
    ///   - item: what to write.
    ///   - commit: writes items in one transaction and returns one outcome per item, in order (the
    ///     same failure for every item when the transaction failed). It runs in a task of its own,
    ///     so the leader's cancellation fails no one else's write.
    func submit(_ item: Item, commit: @escaping @Sendable ([Item]) async -> [Outcome]) async -> Outcome {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let lead = state.withLock { state -> Bool in
                guard state.busy else {
                    state.busy = true
                    return true
                }
                state.waiting.append(Waiter(item: item, continuation: continuation))
                return false
            }
            if lead { continuation.resume(returning: .lead) }
        }
        if case .done(let outcome) = turn { return outcome }

        let others = state.withLock { state -> [Waiter] in
            let count = min(state.waiting.count, maximumBatch - 1)
            state.committing = count + 1
            defer { state.waiting.removeFirst(count) }
            return Array(state.waiting.prefix(count))
        }
        let items = [item] + others.map(\.item)
        let outcomes = await Task { await commit(items) }.value
        // The next leader starts its transaction while this one's callers are resumed.
        let next = state.withLock { state -> Waiter? in
            state.committing = 0
            guard !state.waiting.isEmpty else {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        for (index, waiter) in others.enumerated() {
            let outcome = index + 1 < outcomes.count ? outcomes[index + 1] : .failure(Self.lost)
            waiter.continuation.resume(returning: .done(outcome))
        }
        return outcomes.first ?? .failure(Self.lost)
    }

    /// What an item gets when the commit returned too few outcomes (a defect): not stored, try again.
    private static var lost: ThreadStoreError {
        ThreadStoreError(code: .database, message: "The store did not report this write's outcome; try again.")
    }
}
