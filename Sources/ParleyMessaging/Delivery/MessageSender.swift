public import ParleyThreads

/// Delivers an outbound SMS through the messaging provider.
public protocol MessageSender: Sendable {
    /// A short name for logs and provenance, e.g. `twilio`, `log`.
    var name: String { get }

    /// Hands a message to the provider.
    /// - Parameters:
    ///   - body: the exact text to send.
    ///   - from: the rep's business number.
    ///   - to: the contact.
    /// - Returns: the provider's message id, for delivery-status webhooks.
    /// - Throws: ``SendError`` when the provider refused or could not be reached.
    func send(_ body: String, from: PhoneNumber, to: PhoneNumber) async throws(SendError) -> String
}

/// An outbound message the provider did not take.
public struct SendError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// Whether sending again later may work.
    public var isRetryable: Bool

    /// - Parameters:
    ///   - message: what went wrong and what to do.
    ///   - isRetryable: whether sending again later may work.
    public init(_ message: String, isRetryable: Bool) {
        self.message = message
        self.isRetryable = isRetryable
    }

    public var description: String { message }
}
