import Foundation
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// A contact's consent, set by an inbound message or by a person, on both stores.
@Suite struct ConsentStoreTests {
    @Test(arguments: StoreKind.allCases) func anInboundMessageSetsConsentOnce(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            #expect(thread.contact.consent == nil)
            let start = try await store.latestEventID()

            let receivedAt = clock.date.addingTimeInterval(-30)
            clock.advance(by: 5)
            let stop = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id, text: "ALTO", providerMessageID: "SM-alto",
                    receivedAt: receivedAt, consent: ConsentChange(state: .optedOut, keyword: "ALTO")))
            #expect(stop.inserted)
            let expected = Consent(state: .optedOut, at: receivedAt, messageID: stop.message.id, keyword: "ALTO")
            #expect(try await store.contact(id: thread.contact.id).consent == expected)

            let events = try await store.events(after: start, conversationIDs: nil, limit: 10)
            #expect(events.map(\.kind) == [.messageAdded, .conversationUpdated, .consentChanged])
            #expect(events.last?.messageID == stop.message.id)
            #expect(events.last?.conversationID == thread.conversation.id)

            // The webhook again, now saying START: the stored message comes back, and consent stays.
            clock.advance(by: 5)
            let repeated = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id, text: "ALTO", providerMessageID: "SM-alto",
                    consent: ConsentChange(state: .optedIn, keyword: "START")))
            #expect(!repeated.inserted)
            #expect(try await store.contact(id: thread.contact.id).consent == expected)
            #expect(try await store.events(after: events.last!.id, conversationIDs: nil, limit: 10).isEmpty)

            // A message that says nothing about consent leaves it.
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola"))
            #expect(try await store.contact(id: thread.contact.id).consent == expected)
        }
    }

    @Test(arguments: StoreKind.allCases) func setConsentRecordsAnEventOnEveryConversation(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let second = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0199"), to: thread.rep.id)
            let other = try await store.findOrCreateConversation(numberID: second.id, contactID: thread.contact.id)
            let stranger = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0188"))
            let strangers = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: stranger.id)
            let start = try await store.latestEventID()

            clock.advance(by: 60)
            let contact = try await store.setConsent(
                contactID: thread.contact.id, ConsentChange(state: .optedIn, keyword: "START"), messageID: nil)
            let expected = Consent(state: .optedIn, at: clock.date, messageID: nil, keyword: "START")
            #expect(contact.consent == expected)
            #expect(contact.name == thread.contact.name)
            #expect(try await store.contact(id: thread.contact.id) == contact)
            #expect(try await store.contact(id: stranger.id).consent == nil)

            let events = try await store.events(after: start, conversationIDs: nil, limit: 10)
            #expect(events.allSatisfy { $0.kind == .consentChanged && $0.messageID == nil && $0.at == clock.date })
            #expect(Set(events.map(\.conversationID)) == [thread.conversation.id, other.id])
            #expect(events.count == 2)
            #expect(!events.map(\.conversationID).contains(strangers.id))

            // With the message that said it.
            let message = try await store.appendInbound(
                InboundMessageDraft(conversationID: other.id, text: "STOP")).message
            let optedOut = try await store.setConsent(
                contactID: thread.contact.id, ConsentChange(state: .optedOut), messageID: message.id)
            #expect(optedOut.consent == Consent(state: .optedOut, at: clock.date, messageID: message.id, keyword: nil))

            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.setConsent(contactID: UUID(), ConsentChange(state: .optedOut), messageID: nil)
            }
            #expect(missing?.code == .notFound)
        }
    }

    /// Settling a probable opt-out changes consent only while it still waits: a STOP stored in
    /// between is never undone.
    @Test(arguments: StoreKind.allCases) func aConditionalChangeHoldsOnlyFromTheStateExpected(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let words = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id, text: "no me manden más mensajes", providerMessageID: "SM-words",
                    consent: ConsentChange(state: .unconfirmedOptOut, keyword: "no me manden más mensajes")))
            _ = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id, text: "STOP", providerMessageID: "SM-stop",
                    consent: ConsentChange(state: .optedOut, keyword: "STOP")))
            let refused = await #expect(throws: ThreadStoreError.self) {
                try await store.setConsent(
                    contactID: thread.contact.id, ConsentChange(state: .optOutDismissed), messageID: words.message.id,
                    onlyFrom: .unconfirmedOptOut)
            }
            #expect(refused?.code == .conflict)
            #expect(try await store.contact(id: thread.contact.id).consent?.state == .optedOut)
            // From the state it is in, it holds.
            let changed = try await store.setConsent(
                contactID: thread.contact.id, ConsentChange(state: .optedIn, keyword: "START"), messageID: nil, onlyFrom: .optedOut)
            #expect(changed.consent?.state == .optedIn)
            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.setConsent(contactID: UUID(), ConsentChange(state: .optedIn), messageID: nil, onlyFrom: .optedOut)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func everyWayOfReadingAContactCarriesConsent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let appended = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id, text: "ALTO",
                    consent: ConsentChange(state: .optedOut, keyword: "ALTO")))
            let consent = try #require(try await store.contact(id: thread.contact.id).consent)
            #expect(consent.messageID == appended.message.id)

            #expect(try await store.contact(phone: thread.contact.phone)?.consent == consent)
            #expect(try await store.findOrCreateContact(phone: thread.contact.phone).consent == consent)
            #expect(try await store.searchContacts("jose", limit: 10).map(\.consent) == [consent])
            #expect(try await store.searchContacts("1234", limit: 10).map(\.consent) == [consent])
            let summaries = try await store.conversations(repID: thread.rep.id, limit: 10, before: nil)
            #expect(summaries.map(\.contact.consent) == [consent])

            // Other changes to the contact keep it.
            let renamed = try await store.updateContact(id: thread.contact.id, name: "José P.", phone: thread.contact.phone)
            #expect(renamed.consent == consent)
            let french = try await store.setPreferredLanguage(
                contactID: thread.contact.id, language: LanguageTag("fr"), source: .setByRep)
            #expect(french.consent == consent)
            #expect(try await store.contact(id: thread.contact.id).consent == consent)
        }
    }

    @Test func aContactEncodesConsentAsANestedObject() async throws {
        try await withStore(.sqlite) { store, _ in
            let never = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 410 555 0100"))
            let plain = try JSONSerialization.jsonObject(with: JSONEncoder().encode(never)) as? [String: Any]
            #expect(plain != nil)
            #expect(plain?["consent"] == nil)

            let contact = try await store.setConsent(
                contactID: never.id, ConsentChange(state: .optedOut, keyword: "STOP"), messageID: nil)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(contact)) as? [String: Any]
            let consent = json?["consent"] as? [String: Any]
            #expect(consent?["state"] as? String == "optedOut")
            #expect(consent?["keyword"] as? String == "STOP")
            #expect(try JSONDecoder().decode(Contact.self, from: JSONEncoder().encode(contact)) == contact)
        }
    }
}
