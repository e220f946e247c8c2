import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// Searching the rep's conversations by the contact's name or phone.
@Suite struct ConversationSearchTests {
    typealias Fixture = ConversationsAPITests.Fixture

    @Test(arguments: StoreKind.allCases) func searchFindsOwnConversationsByNameOrDigitsOnly(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let store = fixture.store
            let jose = try await store.createContact(phone: try PhoneNumber(parsing: "+52 55 1111 2222"), name: "José Pérez", preferredLanguage: nil, languageSource: nil)
            let ana = try await store.createContact(phone: try PhoneNumber(parsing: "+52 55 3333 4444"), name: "Ana Ruiz", preferredLanguage: nil, languageSource: nil)
            _ = try await store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: jose.id)
            _ = try await store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: ana.id)
            // José also writes to Rob: Dana must not see that conversation.
            _ = try await store.findOrCreateConversation(numberID: fixture.robNumber.id, contactID: jose.id)

            try await fixture.app().test(.router) { client in
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                for (query, expected) in [("jose", ["José Pérez"]), ("3333", ["Ana Ruiz"]), ("zzz", [])] {
                    try await client.execute(uri: "/v1/conversations?q=\(query)", method: .get, headers: dana) { response throws in
                        #expect(response.status == .ok)
                        let found = try ConversationsAPITests.jsonArray(response.body)
                        let names = found.compactMap { ($0["contact"] as? [String: Any])?["name"] as? String }
                        #expect(names == expected, "q=\(query)")
                        let numbers = Set(found.compactMap { ($0["number"] as? [String: Any])?["id"] as? String })
                        #expect(numbers.isSubset(of: [fixture.danaNumber.id.uuidString]))
                    }
                }
            }
        }
    }
}
