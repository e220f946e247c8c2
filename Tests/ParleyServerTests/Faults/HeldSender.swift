import ParleyMessaging
import ParleyServer
import ParleyThreads
import Synchronization

/// A sender that hands each message to a quiet ``LogSender``, and while held keeps each send
/// waiting (as a slow provider would) until it is let go.
final class HeldSender: MessageSender {
    let name = "held"
    private let log = LogSender(quiet: true)
    private let state = Mutex<(held: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// The messages handed over so far, oldest first.
    var sent: [LogSender.Sent] { log.sent }

    /// How many sends are waiting.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Keeps the next sends waiting.
    func hold() { state.withLock { $0.held = true } }

    /// Lets every waiting send, and the next ones, through.
    func release() {
        let waiters = state.withLock { state in
            state.held = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func send(_ body: String, from: PhoneNumber, to: PhoneNumber) async throws(SendError) -> String {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state in
                if !state.held { return true }
                state.waiters.append(continuation)
                return false
            }
            if passes { continuation.resume() }
        }
        return try await log.send(body, from: from, to: to)
    }
}
