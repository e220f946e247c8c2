/// The result of appending an inbound message: the message, and whether this call stored it.
public struct AppendedMessage: Sendable, Hashable {
    /// The stored message: the new one, or the one stored earlier with the same provider identifier.
    public var message: Message
    /// False when a message with the same provider identifier was already stored.
    public var inserted: Bool
}
