internal import Foundation
internal import Synchronization

/// Outbound messages the provider took whose `sent` status could not be stored (the store was
/// locked or full at that moment), with the provider's identifier: a send job that runs again for
/// one of them records it as sent rather than handing it over a second time.
///
/// Kept in this process: a replica that crashes in that moment leaves the job to another replica,
/// which cannot know the provider took it.
final class HandedOverMessages: Sendable {
    private let entries = Mutex<[UUID: String]>([:])

    func remember(_ messageID: UUID, providerID: String) {
        entries.withLock { $0[messageID] = providerID }
    }

    func providerID(for messageID: UUID) -> String? {
        entries.withLock { $0[messageID] }
    }

    func forget(_ messageID: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: messageID) }
    }
}
