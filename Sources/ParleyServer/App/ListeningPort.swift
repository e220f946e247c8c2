internal import Synchronization

/// The port the HTTP server listens on, known once it has bound its socket: the configured port,
/// or the one the system chose when the configuration asks for port 0.
final class ListeningPort: Sendable {
    private struct State {
        var port: Int?
        var waiting: [CheckedContinuation<Int?, Never>] = []
        var ended = false
    }

    private let state = Mutex(State())

    /// The bound port; nil until the server listens.
    var port: Int? { state.withLock { $0.port } }

    /// Records the bound port and wakes every waiter.
    func bound(_ port: Int?) {
        let waiting = state.withLock { state in
            state.port = port
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in waiting { waiter.resume(returning: port) }
    }

    /// Marks the server as stopped: waiters that never saw a port get nil.
    func ended() {
        let waiting = state.withLock { state in
            state.ended = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in waiting { waiter.resume(returning: nil) }
    }

    /// Waits until the server listens and returns its port; nil if it stopped first.
    func wait() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = state.withLock { state in
                if let port = state.port { return .some(port) }
                if state.ended { return .some(nil) }
                state.waiting.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
