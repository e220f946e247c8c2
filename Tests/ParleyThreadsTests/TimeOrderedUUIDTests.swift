import Foundation
import ParleyThreadsTesting
import Testing

@testable import ParleyThreads

/// New rows' identifiers are version 7 UUIDs: their text sorts by the time they were made.
@Suite struct TimeOrderedUUIDTests {
    @Test func versionVariantAndTimeAreInPlace() {
        let date = Date(timeIntervalSince1970: 1_796_688_000.123)
        let id = UUID.timeOrdered(at: date)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_796_688_000_123)
    }

    @Test func laterIdentifiersSortAfterEarlierOnesAsStored() {
        var ids: [String] = []
        for step in 0..<500 {
            ids.append(UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_700_000_000 + Double(step) * 0.002)).databaseText)
        }
        #expect(ids == ids.sorted())
        // Within one millisecond they are still distinct.
        let same = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(Set((0..<1_000).map { _ in UUID.timeOrdered(at: same) }).count == 1_000)
    }

    @Test(arguments: StoreKind.allCases) func messagesJobsContactsAndConversationsGetThem(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let appended = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola", providerMessageID: "SMv7"))
            let job = try #require(try await store.jobs(subjectID: appended.message.id).first)
            for id in [appended.message.id, job.id, thread.contact.id, thread.conversation.id] {
                #expect(withUnsafeBytes(of: id.uuid) { $0[6] >> 4 } == 7, "\(id)")
            }
        }
    }
}
