internal import Foundation
internal import Synchronization

/// The previews this process stored lately, by conversation and ticket, so that a preview of
/// exactly the same ticket again (the panel asks after every pause, whether the draft changed or
/// not) gets the stored token back instead of writing a new row.
///
/// A token is given again only while more than half its lifetime is left, so the rep always has at
/// least that long to send it. The ticket is compared whole (its text, translation, warnings, the
/// contact's language and consent), so anything that changes the preview gives a new token. Kept
/// in this process: another replica stores its own, and every token is in the shared store.
final class SavedPreviews: Sendable {
    struct Key: Hashable, Sendable {
        var conversationID: UUID
        /// The ticket as stored.
        var payload: String
    }

    struct Entry: Sendable {
        var token: String
        var expiresAt: Date
    }

    /// The most previews held at once.
    let capacity: Int
    private let entries = Mutex<[Key: Entry]>([:])

    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
    }

    /// The stored token for `key`, when it has more than half of `lifetime` left at `now`.
    func token(for key: Key, at now: Date, lifetime: TimeInterval) -> String? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expiresAt.timeIntervalSince(now) > lifetime / 2 else {
                entries[key] = nil
                return nil
            }
            return entry.token
        }
    }

    /// Remembers a stored preview; when full, forgets the expired ones, or all of them.
    func remember(_ key: Key, token: String, expiresAt: Date, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(token: token, expiresAt: expiresAt)
        }
    }

    /// How many previews it holds.
    var count: Int { entries.withLock { $0.count } }
}
