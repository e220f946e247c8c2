public import ParleyMessaging
internal import Foundation
public import ParleyThreads
internal import Synchronization

/// The default run's sender: it sends nothing, writes each message to standard error, and keeps the
/// last ones for inspection (tests, the demo).
public final class LogSender: MessageSender {
    /// A message handed to the sender.
    public struct Sent: Sendable, Hashable {
        public var id: String
        public var body: String
        public var from: PhoneNumber
        public var to: PhoneNumber
    }

    public let name = "log"
    private let log = Mutex<[Sent]>([])
    private let quiet: Bool

    /// - Parameters:
    ///   - quiet: true to keep messages without writing them to standard error.
    public init(quiet: Bool = false) {
        self.quiet = quiet
    }

    /// The messages sent so far, oldest first (the last 1,000).
    public var sent: [Sent] { log.withLock { $0 } }

    public func send(_ body: String, from: PhoneNumber, to: PhoneNumber) async throws(SendError) -> String {
        let id = "log-" + UUID().uuidString.lowercased()
        log.withLock {
            $0.append(Sent(id: id, body: body, from: from, to: to))
            if $0.count > 1_000 { $0.removeFirst($0.count - 1_000) }
        }
        if !quiet {
            FileHandle.standardError.write(Data("parley: SMS \(from) → \(to) [\(id)]: \(body)\n".utf8))
        }
        return id
    }
}
