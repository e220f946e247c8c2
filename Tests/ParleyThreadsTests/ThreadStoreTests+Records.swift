import Foundation
import GRDB
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

/// Events, templates, leads and the glossary change log, on both stores.
extension ThreadStoreTests {
    @Test(arguments: StoreKind.allCases) func eventsComeInOrderAndFilterByConversation(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let a = try await makeThread(store)
            let other = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0188"))
            let b = try await store.findOrCreateConversation(numberID: a.number.id, contactID: other.id)
            let m1 = try await store.appendInbound(InboundMessageDraft(conversationID: a.conversation.id, text: "1")).message
            let m2 = try await store.appendInbound(InboundMessageDraft(conversationID: b.id, text: "2")).message
            _ = try await store.markRead(conversationID: a.conversation.id)
            _ = try await store.markRead(conversationID: a.conversation.id)  // nothing to change: no event

            let all = try await store.events(after: 0, conversationIDs: nil, limit: 100)
            #expect(all.map(\.id) == all.map(\.id).sorted())
            #expect(Set(all.map(\.id)).count == all.count)
            #expect(
                all.map { "\($0.kind.rawValue) \($0.conversationID == a.conversation.id ? "a" : "b")" } == [
                    "conversationUpdated a",  // created
                    "conversationUpdated b",
                    "messageAdded a", "conversationUpdated a",
                    "messageAdded b", "conversationUpdated b",
                    "conversationUpdated a",  // read
                ]
            )
            #expect(all[2].messageID == m1.id)
            #expect(all[4].messageID == m2.id)
            #expect(try await store.latestEventID() == all.last?.id)

            let onlyB = try await store.events(after: 0, conversationIDs: [b.id], limit: 100)
            #expect(onlyB.map(\.id) == all.filter { $0.conversationID == b.id }.map(\.id))
            let resumed = try await store.events(after: all[3].id, conversationIDs: nil, limit: 2)
            #expect(resumed.map(\.id) == [all[4].id, all[5].id])
            #expect(try await store.events(after: all.last!.id, conversationIDs: nil, limit: 10).isEmpty)
            #expect(try await store.events(after: 0, conversationIDs: [], limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func everythingSurvivesClosingAndReopening(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let store = try await database.threadStore(now: clock.now)
            let thread = try await makeThread(store)
            let message = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id,
                    text: "Necesito una cotización 🙏",
                    providerMessageID: "SM-keep",
                    translation: MessageTranslation(
                        status: .needsReview,
                        detectedLanguage: LanguageTag("es"),
                        confidence: 0.88,
                        shownText: "I need a quote 🙏",
                        error: "A number changed.",
                        provenance: MessageProvenance(backend: "apertium@3", origin: "backend", warnings: ["x"])
                    )
                )
            ).message
            let template = try await store.createTemplate(repID: nil, name: "Greeting", text: "Hi {name}!")
            let lastEvent = try await store.latestEventID()
            try await closeStore(store)
            let closed = await #expect(throws: ThreadStoreError.self) { try await store.message(id: message.id) }
            #expect(closed?.code == .database)
            #expect(closed?.cause is ParleyDatabaseError || closed?.cause is PostgresDatabaseError)

            let reopened = try await database.threadStore(now: clock.now)
            #expect(try await reopened.message(id: message.id) == message)
            #expect(try await reopened.rep(id: thread.rep.id) == thread.rep)
            #expect(try await reopened.contact(id: thread.contact.id) == thread.contact)
            #expect(try await reopened.conversation(id: thread.conversation.id).unreadCount == 1)
            #expect(try await reopened.template(id: template.id) == template)
            #expect(try await reopened.latestEventID() == lastEvent)
            let again = try await reopened.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "Necesito una cotización 🙏", providerMessageID: "SM-keep"))
            #expect(!again.inserted)
            let next = try await reopened.appendOutbound(OutboundMessageDraft(conversationID: thread.conversation.id, text: "Sure"))
            #expect(next.sequence == 2)
            #expect(try await reopened.latestEventID() > lastEvent)
        }
    }

    @Test(arguments: StoreKind.allCases) func templatesAreSharedOrARepsOwn(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let sam = try await store.createRep(name: "Sam", email: "sam@example.com", role: .rep)
            let shared = try await store.createTemplate(repID: nil, name: "Hours", text: "We open at 8.")
            let mine = try await store.createTemplate(repID: dana.id, name: "Arrival", text: "On my way!")
            _ = try await store.createTemplate(repID: sam.id, name: "Bye", text: "Thanks!")
            #expect(try await store.templates(repID: dana.id).map(\.id) == [mine.id, shared.id])
            #expect(try await store.templates(repID: nil).map(\.id) == [shared.id])
            clock.advance(by: 60)
            let edited = try await store.updateTemplate(id: mine.id, name: "Arrival", text: "Be there in 10.")
            #expect(edited.text == "Be there in 10.")
            #expect(edited.updatedAt > edited.createdAt)
            #expect(try await store.template(id: mine.id) == edited)
            try await store.deleteTemplate(id: mine.id)
            #expect(try await store.templates(repID: dana.id).map(\.id) == [shared.id])
            let gone = await #expect(throws: ThreadStoreError.self) { try await store.deleteTemplate(id: mine.id) }
            #expect(gone?.code == .notFound)
            let blank = await #expect(throws: ThreadStoreError.self) {
                try await store.createTemplate(repID: nil, name: "Empty", text: " ")
            }
            #expect(blank?.code == .invalidInput)
            let noRep = await #expect(throws: ThreadStoreError.self) {
                try await store.createTemplate(repID: UUID(), name: "X", text: "Y")
            }
            #expect(noRep?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func aLeadKeepsItsTranscriptAndItsTurnsCanBeImported(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            let transcript = [
                LeadTurn(speaker: .bot, text: "Hi! What do you need?", at: start),
                LeadTurn(speaker: .contact, text: "Mi aire acondicionado no enfría", at: start.addingTimeInterval(30)),
            ]
            let lead = try await store.createLead(
                contactID: thread.contact.id, conversationID: thread.conversation.id, source: "otto", transcript: transcript)
            #expect(try await store.lead(id: lead.id) == lead)
            #expect(try await store.leads(contactID: thread.contact.id) == [lead])
            #expect(lead.transcript == transcript)

            for turn in transcript {
                switch turn.speaker {
                case .bot:
                    _ = try await store.appendOutbound(
                        OutboundMessageDraft(
                            conversationID: thread.conversation.id, text: turn.text, deliveryStatus: .delivered,
                            leadID: lead.id, writtenAt: turn.at))
                case .contact:
                    _ = try await store.appendInbound(
                        InboundMessageDraft(
                            conversationID: thread.conversation.id, text: turn.text, leadID: lead.id, receivedAt: turn.at))
                }
            }
            let messages = try await store.messages(conversationID: thread.conversation.id, afterSequence: 0, limit: 10)
            #expect(messages.map(\.direction) == [.outbound, .inbound])
            #expect(messages.map(\.leadID) == [lead.id, lead.id])
            #expect(messages.map(\.createdAt) == transcript.map(\.at))
            #expect(try await store.conversation(id: thread.conversation.id).lastMessageAt == transcript[1].at)

            let stranger = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0177"))
            let mismatch = await #expect(throws: ThreadStoreError.self) {
                try await store.createLead(
                    contactID: stranger.id, conversationID: thread.conversation.id, source: "otto", transcript: [])
            }
            #expect(mismatch?.code == .invalidInput)
        }
    }

    @Test(arguments: StoreKind.allCases) func aLeadWaitsForARepAndIsPickedUpOnce(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let other = try await store.createRep(name: "Lee", email: "lee-\(UUID().uuidString)@example.com", role: .rep)
            let first = try await store.createLead(
                contactID: thread.contact.id, conversationID: thread.conversation.id, source: "otto", transcript: [])
            clock.advance(by: 60)
            let second = try await store.createLead(
                contactID: thread.contact.id, conversationID: thread.conversation.id, source: "otto", transcript: [])
            #expect(first.pickedUpBy == nil && first.pickedUpAt == nil)

            // Newest first; only the leads on the rep's own numbers.
            #expect(try await store.leads(repID: thread.rep.id, pickedUp: false, limit: 10).map(\.id) == [second.id, first.id])
            #expect(try await store.leads(repID: other.id, pickedUp: nil, limit: 10).isEmpty)
            #expect(try await store.leads(repID: nil, pickedUp: nil, limit: 1).map(\.id) == [second.id])

            clock.advance(by: 60)
            let picked = try await store.pickUpLead(id: first.id, repID: thread.rep.id)
            #expect(picked.pickedUpBy == thread.rep.id)
            #expect(picked.pickedUpAt == clock.now())
            #expect(try await store.lead(id: first.id) == picked)
            #expect(try await store.leads(repID: thread.rep.id, pickedUp: false, limit: 10).map(\.id) == [second.id])
            #expect(try await store.leads(repID: thread.rep.id, pickedUp: true, limit: 10).map(\.id) == [first.id])

            // A second pick-up, by anyone, keeps the first rep and time.
            clock.advance(by: 60)
            #expect(try await store.pickUpLead(id: first.id, repID: other.id) == picked)

            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.pickUpLead(id: UUID(), repID: thread.rep.id)
            }
            #expect(missing?.code == .notFound)
            let noRep = await #expect(throws: ThreadStoreError.self) {
                try await store.leads(repID: UUID(), pickedUp: nil, limit: 10)
            }
            #expect(noRep?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func aThreadOpensAtItsNewestMessagesAndPagesBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            var sequences: [Int64] = []
            for index in 1...7 {
                let appended = try await store.appendInbound(
                    InboundMessageDraft(conversationID: thread.conversation.id, text: "message \(index)"))
                sequences.append(appended.message.sequence)
            }
            let newest = try await store.latestMessages(conversationID: thread.conversation.id, beforeSequence: nil, limit: 3)
            #expect(newest.map(\.original) == ["message 5", "message 6", "message 7"])
            let earlier = try await store.latestMessages(
                conversationID: thread.conversation.id, beforeSequence: newest[0].sequence, limit: 3)
            #expect(earlier.map(\.original) == ["message 2", "message 3", "message 4"])
            let first = try await store.latestMessages(
                conversationID: thread.conversation.id, beforeSequence: earlier[0].sequence, limit: 3)
            #expect(first.map(\.original) == ["message 1"])
            #expect(try await store.latestMessages(conversationID: thread.conversation.id, beforeSequence: sequences[0], limit: 3).isEmpty)
            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.latestMessages(conversationID: UUID(), beforeSequence: nil, limit: 3)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func webSessionsAreKeptTouchedAndEnded(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let start = clock.now()
            let session = WebSessionRecord(digest: "ab12", personID: thread.rep.id, csrfToken: "token", createdAt: start, lastSeen: start)
            try await store.createWebSession(session)
            #expect(try await store.webSession(digest: "ab12") == session)
            #expect(try await store.webSession(digest: "cd34") == nil)

            let later = start.addingTimeInterval(600)
            try await store.touchWebSession(digest: "ab12", at: later)
            #expect(try await store.webSession(digest: "ab12")?.lastSeen == later)

            let idle = WebSessionRecord(digest: "ef56", personID: thread.rep.id, csrfToken: "other", createdAt: start, lastSeen: start)
            try await store.createWebSession(idle)
            #expect(try await store.deleteWebSessions(lastSeenBefore: start.addingTimeInterval(60)) == 1)
            #expect(try await store.webSession(digest: "ef56") == nil)
            #expect(try await store.webSession(digest: "ab12") != nil)

            try await store.deleteWebSession(digest: "ab12")
            try await store.deleteWebSession(digest: "ab12")  // ending twice is fine
            #expect(try await store.webSession(digest: "ab12") == nil)

            let nobody = await #expect(throws: ThreadStoreError.self) {
                try await store.createWebSession(
                    WebSessionRecord(digest: "gh78", personID: UUID(), csrfToken: "x", createdAt: start, lastSeen: start))
            }
            #expect(nobody?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func theGlossaryChangeLogAppendsAndListsByIndustry(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let first = try await store.appendGlossaryChange(
                industry: "hvac", version: "sha256:aaaa", author: "lee@example.com", action: "import hvac.csv",
                detail: #"{"added": ["condensador"]}"#)
            clock.advance(by: 1)
            _ = try await store.appendGlossaryChange(
                industry: "plumbing", version: "sha256:bbbb", author: "lee@example.com", action: "edit", detail: "{}")
            let third = try await store.appendGlossaryChange(
                industry: "hvac", version: "sha256:cccc", author: "dana@example.com", action: "edit",
                detail: #"{"removed": ["compresor"]}"#)
            #expect(first.id < third.id)
            #expect(try await store.glossaryChanges(industry: "hvac", limit: 10) == [first, third])
            #expect(try await store.glossaryChanges(industry: nil, limit: 10).map(\.industry) == ["hvac", "plumbing", "hvac"])
            #expect(try await store.glossaryChanges(industry: nil, limit: 1) == [first])
            let notJSON = await #expect(throws: ThreadStoreError.self) {
                try await store.appendGlossaryChange(
                    industry: "hvac", version: "v", author: "a", action: "edit", detail: "added condensador")
            }
            #expect(notJSON?.code == .invalidInput)
        }
    }
}
