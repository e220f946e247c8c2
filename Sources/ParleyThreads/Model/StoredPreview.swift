public import Foundation

/// A preview of an outbound message as a rep saw it, kept by the store so that the send, on
/// whichever replica it lands, uses exactly the text the rep previewed.
public struct StoredPreview: Sendable, Hashable {
    /// The token the rep's send names; random, unguessable.
    public var token: String
    /// The conversation the preview is for.
    public var conversationID: UUID
    /// What the preview holds, opaque to the store (JSON written by the messaging layer).
    public var payload: String
    /// When the preview was made.
    public var createdAt: Date
    /// When it stops being usable; the store no longer returns it from then on.
    public var expiresAt: Date

    /// - Parameters:
    ///   - token: the token the rep's send names; random, unguessable.
    ///   - conversationID: the conversation the preview is for.
    ///   - payload: what the preview holds, opaque to the store.
    ///   - createdAt: when the preview was made.
    ///   - expiresAt: when it stops being usable.
    public init(token: String, conversationID: UUID, payload: String, createdAt: Date, expiresAt: Date) {
        self.token = token
        self.conversationID = conversationID
        self.payload = payload
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
