import Foundation
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// Previews kept for a later send, on both stores.
@Suite struct PreviewStoreTests {
    @Test(arguments: StoreKind.allCases) func previewsAreReadUntilTheyExpire(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let preview = StoredPreview(
                token: "tok-\(UUID().uuidString)", conversationID: thread.conversation.id,
                payload: #"{"sentText":"Hola"}"#, createdAt: clock.date, expiresAt: clock.date.addingTimeInterval(600))
            try await store.savePreview(preview)
            #expect(try await store.preview(token: preview.token) == preview)
            #expect(try await store.preview(token: "nope") == nil)

            let taken = await #expect(throws: ThreadStoreError.self) { try await store.savePreview(preview) }
            #expect(taken?.code == .conflict)
            var orphan = preview
            orphan.token = "orphan"
            orphan.conversationID = UUID()
            let missing = await #expect(throws: ThreadStoreError.self) { try await store.savePreview(orphan) }
            #expect(missing?.code == .notFound)

            let short = StoredPreview(
                token: "short", conversationID: thread.conversation.id, payload: "{}", createdAt: clock.date,
                expiresAt: clock.date.addingTimeInterval(60))
            try await store.savePreview(short)
            clock.advance(by: 60)
            #expect(try await store.preview(token: short.token) == nil)
            #expect(try await store.preview(token: preview.token) == preview)
            #expect(try await store.deleteExpiredPreviews() == 1)
            #expect(try await store.deleteExpiredPreviews() == 0)
            clock.advance(by: 540)
            #expect(try await store.preview(token: preview.token) == nil)
            #expect(try await store.deleteExpiredPreviews() == 1)
        }
    }
}
