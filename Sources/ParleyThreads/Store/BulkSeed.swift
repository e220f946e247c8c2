package import Foundation

/// Many contacts, each with one conversation and some messages, written in big transactions rather
/// than one request at a time: for benchmarks and for tests that need thousands of rows. Not for
/// production data (no events, no jobs, no consent).
package struct BulkSeed: Sendable {
    /// One contact and their conversation.
    package struct Row: Sendable {
        /// The contact's identifier.
        package var contactID = UUID()
        /// The conversation's identifier.
        package var conversationID = UUID()
        /// The contact's number, E.164 ("+14105550100").
        package var phone: String
        /// The contact's name, when known.
        package var name: String?
        /// The business number the conversation is on.
        package var numberID: UUID
        /// The conversation's activity time, which its newest message has.
        package var activityAt: Date
        /// How many messages the conversation has, one a minute up to ``activityAt``.
        package var messages: Int
        /// Its unread count.
        package var unread: Int = 0

        /// - Parameters:
        ///   - phone: the contact's E.164 number.
        ///   - name: the contact's name.
        ///   - numberID: the business number.
        ///   - activityAt: the conversation's activity time.
        ///   - messages: how many messages it has.
        package init(phone: String, name: String?, numberID: UUID, activityAt: Date, messages: Int) {
            self.phone = phone
            self.name = name
            self.numberID = numberID
            self.activityAt = activityAt
            self.messages = messages
        }
    }

    /// The rows, written in order.
    package var rows: [Row]

    /// - Parameters:
    ///   - rows: the contacts and their conversations.
    package init(rows: [Row]) { self.rows = rows }

    /// The folded name as search reads it.
    static func folded(_ name: String?) -> String { ContactRecord.fold(name ?? "") }

    /// The text of a conversation's message `sequence` (1-based).
    static func text(_ sequence: Int) -> String { "Seeded message \(sequence)" }

    /// A message's time: the newest at the conversation's activity, the others a minute apart before.
    static func time(_ row: Row, sequence: Int) -> Double {
        row.activityAt.timeIntervalSince1970 - Double(row.messages - sequence) * 60
    }
}
