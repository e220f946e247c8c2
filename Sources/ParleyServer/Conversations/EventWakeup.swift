internal import ParleyMessaging
internal import Synchronization

/// Wakes the event feed's loop when the store signals new events, or after a fallback interval at
/// the latest, so an idle feed costs no queries between signals. A signal that comes while the
/// loop is busy is kept for its next wait.
final class EventWakeup: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Bool, Never>?
        var generation = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiting loop, or the next wait if none is waiting.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: true)
    }

    /// Returns at the next signal, or after `interval`.
    /// - Parameters:
    ///   - interval: the longest wait.
    /// - Returns: true when a signal woke it, false when the interval passed.
    @discardableResult
    func wait(atMost interval: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let generation = state.withLock { state -> Int? in
                if state.signalled {
                    state.signalled = false
                    return nil
                }
                state.generation += 1
                state.waiter = continuation
                return state.generation
            }
            guard let generation else {
                continuation.resume(returning: true)
                return
            }
            Task { [weak self] in
                try? await Task.sleep(for: interval)
                self?.timeOut(generation)
            }
        }
    }

    private func timeOut(_ generation: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.generation == generation, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: false)
    }
}
