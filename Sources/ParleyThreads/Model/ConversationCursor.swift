public import Foundation

/// Where a page of a conversation list ended: the last row's activity time and identifier, so the
/// next page starts right after it even when several conversations share a time.
public struct ConversationCursor: Sendable, Hashable, Codable {
    /// The last row's ``Conversation/activityAt``.
    public var activityAt: Date
    /// The last row's identifier.
    public var id: UUID

    /// - Parameters:
    ///   - activityAt: the last row's activity time.
    ///   - id: the last row's identifier.
    public init(activityAt: Date, id: UUID) {
        self.activityAt = activityAt
        self.id = id
    }

    /// After this row of a list.
    /// - Parameters:
    ///   - summary: the last row of the previous page.
    public init(after summary: ConversationSummary) {
        self.init(activityAt: summary.conversation.activityAt, id: summary.conversation.id)
    }

    /// Every conversation whose activity is older than a time (and none at that time).
    /// - Parameters:
    ///   - date: the time.
    public init(before date: Date) {
        // The smallest identifier: no conversation at `date` comes after it.
        self.init(activityAt: date, id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
    }
}
