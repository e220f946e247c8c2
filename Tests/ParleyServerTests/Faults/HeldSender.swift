import ParleyMessaging
import ParleyServer
import ParleyThreads

/// A sender that hands each message to a quiet ``LogSender``, and while held keeps each send
/// waiting (as a slow provider would) until it is let go.
final class HeldSender: MessageSender {
    let name = "held"
    private let log = LogSender(quiet: true)
    private let gate = HoldGate()

    /// The messages handed over so far, oldest first.
    var sent: [LogSender.Sent] { log.sent }

    /// How many sends are waiting.
    var waiting: Int { gate.waiting }

    /// Keeps the next sends waiting.
    func hold() { gate.hold() }

    /// Lets every waiting send, and the next ones, through.
    func release() { gate.release() }

    func send(_ body: String, from: PhoneNumber, to: PhoneNumber) async throws(SendError) -> String {
        await gate.pass()
        return try await log.send(body, from: from, to: to)
    }
}
