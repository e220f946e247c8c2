import Synchronization

/// A gate async calls wait at while it is held: a test decides when a slow provider answers or a
/// starting feed learns where it starts.
final class HoldGate: Sendable {
    private let state = Mutex<(held: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// How many calls are waiting.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Keeps the next calls waiting.
    func hold() { state.withLock { $0.held = true } }

    /// Lets every waiting call, and the next ones, through.
    func release() {
        let waiters = state.withLock { state in
            state.held = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at once while open; while held, when released.
    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state in
                if !state.held { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }
}
