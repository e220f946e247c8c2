import Foundation
import GRDB
import ParleyLanguage
@testable import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

/// Both thread stores, against real SQLite files in a temporary directory and against a real
/// PostgreSQL server (a schema of their own per test), on a clock that moves only when told to.
@Suite struct ThreadStoreTests {
    @Test(arguments: StoreKind.allCases) func repsNumbersContactsAndConversations(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let dana = try await store.createRep(name: " Dana Reyes ", email: "dana@example.com", role: .rep)
            #expect(dana.name == "Dana Reyes")
            #expect(try await store.rep(id: dana.id) == dana)
            #expect(try await store.rep(email: "DANA@example.com") == dana)
            let taken = await #expect(throws: ThreadStoreError.self) {
                try await store.createRep(name: "Other Dana", email: "Dana@Example.com", role: .admin)
            }
            #expect(taken?.code == .conflict)
            let empty = await #expect(throws: ThreadStoreError.self) {
                try await store.createRep(name: "  ", email: "x@example.com", role: .rep)
            }
            #expect(empty?.code == .invalidInput)
            let missing = await #expect(throws: ThreadStoreError.self) { try await store.rep(id: UUID()) }
            #expect(missing?.code == .notFound)

            let lee = try await store.createRep(name: "Lee Admin", email: "lee@example.com", role: .admin)
            #expect(try await store.reps().map(\.name) == ["Dana Reyes", "Lee Admin"])

            let phone = try PhoneNumber(parsing: "+1 (410) 555-0100")
            let number = try await store.assignNumber(phone, to: dana.id)
            #expect(number.repID == dana.id)
            #expect(try await store.businessNumber(phone: PhoneNumber(parsing: "410 555 0100")) == number)
            #expect(try await store.businessNumber(phone: PhoneNumber(parsing: "410 555 0199")) == nil)
            #expect(try await store.businessNumbers(repID: dana.id) == [number])
            let noRep = await #expect(throws: ThreadStoreError.self) {
                try await store.assignNumber(try PhoneNumber(parsing: "4105550101"), to: UUID())
            }
            #expect(noRep?.code == .notFound)

            let contactPhone = try PhoneNumber(parsing: "+52 55 1234 5678")
            let contact = try await store.createContact(
                phone: contactPhone,
                name: "José Pérez",
                preferredLanguage: LanguageTag("es"),
                languageSource: .funnel
            )
            #expect(try await store.contact(id: contact.id) == contact)
            #expect(try await store.contact(phone: contactPhone) == contact)
            #expect(try await store.findOrCreateContact(phone: contactPhone) == contact)
            let duplicate = await #expect(throws: ThreadStoreError.self) {
                try await store.createContact(phone: contactPhone, name: nil, preferredLanguage: nil, languageSource: nil)
            }
            #expect(duplicate?.code == .conflict)

            let stranger = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 443 555 0142"))
            #expect(stranger.name == nil)
            #expect(stranger.preferredLanguage == nil)
            let renamed = try await store.updateContact(id: stranger.id, name: "Kim", phone: stranger.phone)
            #expect(try await store.contact(id: stranger.id).name == "Kim")
            #expect(renamed.name == "Kim")
            let stolen = await #expect(throws: ThreadStoreError.self) {
                try await store.updateContact(id: stranger.id, name: "Kim", phone: contactPhone)
            }
            #expect(stolen?.code == .conflict)

            let french = try await store.setPreferredLanguage(
                contactID: stranger.id,
                language: LanguageTag("fr-CA"),
                source: .setByRep
            )
            #expect(french.preferredLanguage == LanguageTag("fr-CA"))
            #expect(french.languageSource == .setByRep)
            let cleared = try await store.setPreferredLanguage(contactID: stranger.id, language: nil, source: .setByAdmin)
            #expect(cleared.preferredLanguage == nil)
            #expect(cleared.languageSource == nil)
            #expect(try await store.contact(id: stranger.id) == cleared)

            clock.advance(by: 5)
            let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
            #expect(conversation.unreadCount == 0)
            #expect(conversation.lastMessageAt == nil)
            #expect(conversation.createdAt == clock.date)
            clock.advance(by: 5)
            #expect(try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id) == conversation)
            #expect(try await store.conversation(id: conversation.id) == conversation)
            let badContact = await #expect(throws: ThreadStoreError.self) {
                try await store.findOrCreateConversation(numberID: number.id, contactID: UUID())
            }
            #expect(badContact?.code == .notFound)

            // Moving the number moves its conversations to the other rep.
            let moved = try await store.assignNumber(phone, to: lee.id)
            #expect(moved.id == number.id)
            #expect(try await store.conversations(repID: dana.id, limit: 10, before: nil).isEmpty)
            #expect(try await store.conversations(repID: lee.id, limit: 10, before: nil).map(\.conversation.id) == [conversation.id])
        }
    }

    @Test(arguments: StoreKind.allCases) func searchIgnoresCaseAndAccentsAndFindsPhoneDigits(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let jose = try await store.createContact(
                phone: PhoneNumber(parsing: "+52 55 1234 5678"), name: "José Pérez", preferredLanguage: nil, languageSource: nil)
            let maria = try await store.createContact(
                phone: PhoneNumber(parsing: "+1 410 555 0123"), name: "María José López", preferredLanguage: nil,
                languageSource: nil)
            let ana = try await store.createContact(
                phone: PhoneNumber(parsing: "+34 612 345 678"), name: "ANA NÚÑEZ", preferredLanguage: nil, languageSource: nil)
            let nameless = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 443 555 0142"))

            #expect(try await store.searchContacts("jose", limit: 10).map(\.id) == [jose.id, maria.id])
            #expect(try await store.searchContacts("PEREZ", limit: 10).map(\.id) == [jose.id])
            #expect(try await store.searchContacts("núñez", limit: 10).map(\.id) == [ana.id])
            #expect(try await store.searchContacts("nunez", limit: 10).map(\.id) == [ana.id])
            #expect(try await store.searchContacts("jose", limit: 1).map(\.id) == [jose.id])
            #expect(try await store.searchContacts("555 0142", limit: 10).map(\.id) == [nameless.id])
            #expect(try await store.searchContacts("(410) 555", limit: 10).map(\.id) == [maria.id])
            #expect(try await store.searchContacts("5512", limit: 10).map(\.id) == [jose.id])
            #expect(try await store.searchContacts("%", limit: 10).isEmpty)  // a wildcard is a character
            #expect(try await store.searchContacts("zed", limit: 10).isEmpty)
            let badLimit = await #expect(throws: ThreadStoreError.self) { try await store.searchContacts("a", limit: 0) }
            #expect(badLimit?.code == .invalidInput)
        }
    }

    @Test(arguments: StoreKind.allCases) func aRepeatedWebhookStoresOneMessage(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let first = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "¿Cuánto cuesta?", providerMessageID: "SM1"))
            #expect(first.inserted)
            let again = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "¿Cuánto cuesta?", providerMessageID: "SM1"))
            #expect(!again.inserted)
            #expect(again.message == first.message)
            let messages = try await store.messages(conversationID: thread.conversation.id, afterSequence: 0, limit: 10)
            #expect(messages == [first.message])
            #expect(try await store.conversation(id: thread.conversation.id).unreadCount == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func twentyConcurrentDeliveriesOfOneWebhookStoreOneMessage(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let results = try await withThrowingTaskGroup(of: AppendedMessage.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await store.appendInbound(
                            InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola", providerMessageID: "SM-race"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 20)
            #expect(results.filter(\.inserted).count == 1)
            #expect(Set(results.map(\.message.id)).count == 1)
            let messages = try await store.messages(conversationID: thread.conversation.id, afterSequence: 0, limit: 100)
            #expect(messages.count == 1)
            #expect(messages.first?.sequence == 1)
            let added = try await store.events(after: 0, conversationIDs: nil, limit: 100).filter { $0.kind == .messageAdded }
            #expect(added.count == 1)
            #expect(try await store.conversation(id: thread.conversation.id).unreadCount == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoConnectionsRacingOnOneWebhookStoreOneMessage(_ kind: StoreKind) async throws {
        // Two databases on one file, or two clients on one PostgreSQL schema, stand in for two replicas.
        try await withTestDatabase(kind) { database in
            let first = try await database.threadStore()
            let second = try await database.threadStore()
            let thread = try await makeThread(first)
            let results = try await withThrowingTaskGroup(of: AppendedMessage.self) { group in
                for index in 0..<20 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await store.appendInbound(
                            InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola", providerMessageID: "SM-two"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.inserted).count == 1)
            #expect(Set(results.map(\.message.id)).count == 1)
            #expect(try await second.messages(conversationID: thread.conversation.id, afterSequence: 0, limit: 100).count == 1)
            let added = try await first.events(after: 0, conversationIDs: nil, limit: 100).filter { $0.kind == .messageAdded }
            #expect(added.count == 1)
            #expect(try await first.conversation(id: thread.conversation.id).unreadCount == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aWriteOnOneReplicaSignalsItsEventsToTheOthersStream(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let writer = try await database.threadStore()
            // SQLite signals only its own process's writes through one store; PostgreSQL's reach every client.
            let reader = kind == .sqlite ? writer : try await database.threadStore()
            let thread = try await makeThread(writer)
            var signals = reader.eventSignals().makeAsyncIterator()
            // First, where the stream is live from, and whether other processes' commits come too.
            guard case .live(let latest, let complete) = try #require(await signals.next()) else {
                Issue.record("the first signal was not .live")
                return
            }
            #expect(latest == (try await reader.latestEventID()))
            #expect(complete == (kind == .postgres))

            let message = try await writer.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "¿Hay alguien?", providerMessageID: "SM-rt"))
            // The commit's events themselves, as the store keeps them: no read needed.
            var signalled: [ThreadEvent] = []
            while signalled.count < 2 {
                guard let next = await signals.next() else { break }
                if case .committed(let events) = next { signalled += events }
            }
            let stored = try await reader.events(after: latest, conversationIDs: nil, limit: 10)
            #expect(signalled == stored)
            #expect(stored.map(\.kind) == [.messageAdded, .conversationUpdated])
            #expect(stored.first?.messageID == message.message.id)
        }
    }

    /// Replicas share no lock for events: a transaction that holds an event identifier and stalls
    /// (as a replica stopped with SIGSTOP would) does not hold up another writer's commit, and the
    /// watermark of a reader stays below the gap until the stalled commit arrives.
    @Test func aStalledTransactionHoldsUpNoOtherWriterOnPostgres() async throws {
        try await withTestDatabase(.postgres) { database in
            let store = try #require(try await database.threadStore() as? PostgresThreadStore)
            let thread = try await makeThread(store)
            let other = try await store.findOrCreateConversation(
                numberID: thread.number.id,
                contactID: try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0188")).id)
            var signals = store.eventSignals().makeAsyncIterator()
            guard case .live(let latest, _) = try #require(await signals.next()) else { return }

            // A write that inserts its event as every write does, then stalls before it commits.
            let (started, start) = AsyncStream<Void>.makeStream()
            let (released, release) = AsyncStream<Void>.makeStream()
            let conversationID = thread.conversation.id
            let stalled = Task {
                try await store.write("stall") { connection, _ in
                    let own = PendingEvents()
                    own.record(.conversationUpdated, conversationID: conversationID, at: Date())
                    try await own.insert(connection, channel: store.database.configuration.eventChannel, logger: store.logger)
                    start.yield()
                    for await _ in released { break }
                }
            }
            for await _ in started { break }
            // Another conversation's message commits while the stalled one holds a lower identifier.
            let appended = try await store.appendInbound(InboundMessageDraft(conversationID: other.id, text: "Hola"))
            var watermark = EventWatermark(start: latest, patience: .seconds(3_600))
            let clock = ContinuousClock.now
            var arrived: [ThreadEvent] = []
            while arrived.count < 2 {
                guard let next = await signals.next() else { break }
                if case .committed(let events) = next { arrived += events }
            }
            #expect(arrived.first?.messageID == appended.message.id)
            for event in arrived {
                let new = watermark.record(event.id, at: clock)
                #expect(new)
            }
            #expect(watermark.safe == latest, "the stalled identifier is below what arrived")
            #expect(watermark.newest > latest + 1)

            release.yield()
            try await stalled.value
            var late: [ThreadEvent] = []
            while late.isEmpty {
                guard let next = await signals.next() else { break }
                if case .committed(let events) = next { late += events }
            }
            #expect(late.map(\.id) == [latest + 1])
            for event in late {
                let new = watermark.record(event.id, at: clock)
                #expect(new)
            }
            #expect(watermark.safe == watermark.newest)
        }
    }

    @Test(arguments: StoreKind.allCases) func sequencesAreMonotonicPerConversation(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let a = try await makeThread(store)
            let b = try await store.findOrCreateConversation(
                numberID: a.number.id,
                contactID: try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0188")).id
            )
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: a.conversation.id, text: "a1"))
            _ = try await store.appendOutbound(OutboundMessageDraft(conversationID: a.conversation.id, text: "a2"))
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: b.id, text: "b1"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let conversationID = index.isMultiple(of: 3) ? b.id : a.conversation.id
                        if index.isMultiple(of: 2) {
                            _ = try await store.appendInbound(
                                InboundMessageDraft(conversationID: conversationID, text: "in \(index)", providerMessageID: "SM\(index)"))
                        } else {
                            _ = try await store.appendOutbound(OutboundMessageDraft(conversationID: conversationID, text: "out \(index)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let inA = try await store.messages(conversationID: a.conversation.id, afterSequence: 0, limit: 100)
            let inB = try await store.messages(conversationID: b.id, afterSequence: 0, limit: 100)
            #expect(inA.map(\.sequence) == Array(1...22))
            #expect(inB.map(\.sequence) == Array(1...11))
            #expect(inA.prefix(2).map(\.original) == ["a1", "a2"])
            #expect(inB.first?.original == "b1")
            // Paging by sequence.
            let page = try await store.messages(conversationID: a.conversation.id, afterSequence: 20, limit: 100)
            #expect(page.map(\.sequence) == [21, 22])
            #expect(try await store.messages(conversationID: a.conversation.id, afterSequence: 5, limit: 2).map(\.sequence) == [6, 7])
            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.appendInbound(InboundMessageDraft(conversationID: UUID(), text: "lost"))
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func conversationsListNewestFirstWithUnreadCounts(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let number1 = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0100"), to: rep.id)
            let number2 = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0101"), to: rep.id)
            var conversations: [Conversation] = []
            for (index, phone) in ["+1 202 555 0101", "+1 202 555 0102", "+1 202 555 0103"].enumerated() {
                let contact = try await store.createContact(
                    phone: PhoneNumber(parsing: phone), name: "Contact \(index)", preferredLanguage: nil, languageSource: nil)
                conversations.append(
                    try await store.findOrCreateConversation(
                        numberID: index == 2 ? number2.id : number1.id, contactID: contact.id))
                clock.advance(by: 1)
            }
            let (c0, c1, c2) = (conversations[0], conversations[1], conversations[2])

            clock.advance(by: 10)
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: c1.id, text: "uno"))
            clock.advance(by: 10)
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: c0.id, text: "dos"))
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: c0.id, text: "tres"))
            clock.advance(by: 10)
            let reply = try await store.appendOutbound(OutboundMessageDraft(conversationID: c1.id, text: "On my way"))

            let list = try await store.conversations(repID: rep.id, limit: 10, before: nil)
            #expect(list.map(\.conversation.id) == [c1.id, c0.id, c2.id])
            #expect(list.map(\.conversation.unreadCount) == [1, 2, 0])
            #expect(list.map(\.contact.name) == ["Contact 1", "Contact 0", "Contact 2"])
            #expect(list.map(\.number.id) == [number1.id, number1.id, number2.id])
            #expect(list[0].lastMessage == reply)
            #expect(list[0].conversation.lastMessageAt == reply.createdAt)
            #expect(list[1].lastMessage?.original == "tres")
            #expect(list[2].lastMessage == nil)

            // Paging: the next page starts below the last row's activity.
            let first = try await store.conversations(repID: rep.id, limit: 2, before: nil)
            #expect(first.map(\.conversation.id) == [c1.id, c0.id])
            let next = try await store.conversations(repID: rep.id, limit: 2, before: first.last?.conversation.activityAt)
            #expect(next.map(\.conversation.id) == [c2.id])

            let read = try await store.markRead(conversationID: c0.id)
            #expect(read.unreadCount == 0)
            let after = try await store.conversations(repID: rep.id, limit: 10, before: nil)
            #expect(after.map(\.conversation.id) == [c1.id, c0.id, c2.id])
            #expect(after.map(\.conversation.unreadCount) == [1, 0, 0])
        }
    }

    @Test(arguments: StoreKind.allCases) func aRepSeesOnlyTheirNumbersConversations(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let sam = try await store.createRep(name: "Sam", email: "sam@example.com", role: .rep)
            let danaNumber = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0100"), to: dana.id)
            let samNumber = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0200"), to: sam.id)
            let contact = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+52 55 1234 5678"))
            // The same contact texts both numbers: two conversations.
            let withDana = try await store.findOrCreateConversation(numberID: danaNumber.id, contactID: contact.id)
            let withSam = try await store.findOrCreateConversation(numberID: samNumber.id, contactID: contact.id)
            #expect(withDana.id != withSam.id)
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: withSam.id, text: "hola Sam"))

            #expect(try await store.conversations(repID: dana.id, limit: 10, before: nil).map(\.conversation.id) == [withDana.id])
            #expect(try await store.conversations(repID: sam.id, limit: 10, before: nil).map(\.conversation.id) == [withSam.id])
            #expect(try await store.businessNumbers(repID: dana.id) == [danaNumber])
            #expect(try await store.businessNumbers(repID: nil) == [danaNumber, samNumber])
            let nobody = await #expect(throws: ThreadStoreError.self) {
                try await store.conversations(repID: UUID(), limit: 10, before: nil)
            }
            #expect(nobody?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func pendingTranslationsAreListedThenUpdatedWithAnEvent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let first = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "¿Tienen cita mañana?")).message
            clock.advance(by: 1)
            _ = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id,
                    text: "Gracias",
                    translation: MessageTranslation(status: .translated, detectedLanguage: LanguageTag("es"), shownText: "Thanks")
                ))
            clock.advance(by: 1)
            let second = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "👍")).message
            let outbound = try await store.appendOutbound(
                OutboundMessageDraft(conversationID: thread.conversation.id, text: "See you at 9"))

            #expect(first.translationStatus == .pending)
            #expect(first.shownText == "¿Tienen cita mañana?")  // the original until translated
            #expect(outbound.shownText == "See you at 9")
            #expect(outbound.sentText == nil)
            let pending = try await store.messagesPendingTranslation(limit: 10)
            #expect(pending.map(\.id) == [first.id, second.id, outbound.id])
            #expect(try await store.messagesPendingTranslation(limit: 1).map(\.id) == [first.id])

            let before = try await store.latestEventID()
            clock.advance(by: 3)
            let provenance = MessageProvenance(
                backend: "deepl@v2",
                glossaryVersion: "sha256:0123456789abcdef",
                origin: "backend",
                placeholderStyle: "brackets",
                warnings: ["lowConfidence: short message"],
                stages: [.init(stage: "detect", microseconds: 41.5), .init(stage: "translate", microseconds: 180_000)]
            )
            let translated = try await store.updateTranslation(
                messageID: first.id,
                MessageTranslation(
                    status: .translated,
                    detectedLanguage: LanguageTag("es"),
                    confidence: 0.97,
                    shownText: "Do you have an appointment tomorrow?",
                    provenance: provenance
                )
            )
            #expect(translated.original == "¿Tienen cita mañana?")
            #expect(translated.shownText == "Do you have an appointment tomorrow?")
            #expect(translated.translationStatus == .translated)
            #expect(translated.updatedAt == clock.date)
            #expect(try await store.message(id: first.id) == translated)
            #expect(try await store.message(id: first.id).provenance == provenance)

            let sent = try await store.updateTranslation(
                messageID: outbound.id,
                MessageTranslation(status: .translated, detectedLanguage: LanguageTag("en"), sentText: "Nos vemos a las 9")
            )
            #expect(sent.sentText == "Nos vemos a las 9")
            #expect(sent.shownText == "See you at 9")
            let failed = try await store.updateTranslation(
                messageID: second.id, MessageTranslation(status: .failed, error: "The backend timed out; retry later."))
            #expect(failed.translationError == "The backend timed out; retry later.")
            #expect(failed.shownText == "👍")

            #expect(try await store.messagesPendingTranslation(limit: 10).isEmpty)
            let events = try await store.events(after: before, conversationIDs: nil, limit: 10)
            #expect(events.map(\.kind) == [.messageUpdated, .messageUpdated, .messageUpdated])
            #expect(events.map(\.messageID) == [first.id, outbound.id, second.id])
            #expect(events.allSatisfy { $0.conversationID == thread.conversation.id })
            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.updateTranslation(messageID: UUID(), .pending)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func deliveryStatusMovesForwardByMessageAndProviderID(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let message = try await store.appendOutbound(
                OutboundMessageDraft(conversationID: thread.conversation.id, text: "Your invoice is ready"))
            #expect(message.deliveryStatus == .queued)
            let start = try await store.latestEventID()

            let sent = try await store.updateDeliveryStatus(messageID: message.id, .sent, providerMessageID: "SM-out-1")
            #expect(sent.deliveryStatus == .sent)
            #expect(sent.providerMessageID == "SM-out-1")
            let delivered = try await store.updateDeliveryStatus(providerMessageID: "SM-out-1", .delivered)
            #expect(delivered.id == message.id)
            #expect(delivered.deliveryStatus == .delivered)
            // A late "sent" callback does not move it back, and writes no event.
            let late = try await store.updateDeliveryStatus(providerMessageID: "SM-out-1", .sent)
            #expect(late.deliveryStatus == .delivered)
            #expect(try await store.message(id: message.id).deliveryStatus == .delivered)

            let events = try await store.events(after: start, conversationIDs: nil, limit: 10)
            #expect(events.map(\.kind) == [.messageUpdated, .messageUpdated])

            let unknown = await #expect(throws: ThreadStoreError.self) {
                try await store.updateDeliveryStatus(providerMessageID: "SM-nobody", .delivered)
            }
            #expect(unknown?.code == .notFound)
            let other = try await store.appendOutbound(OutboundMessageDraft(conversationID: thread.conversation.id, text: "2"))
            let clash = await #expect(throws: ThreadStoreError.self) {
                try await store.updateDeliveryStatus(messageID: other.id, .sent, providerMessageID: "SM-out-1")
            }
            #expect(clash?.code == .conflict)
            let failed = try await store.updateDeliveryStatus(messageID: other.id, .undelivered, providerMessageID: "SM-out-2")
            #expect(failed.deliveryStatus == .undelivered)
        }
    }

    @Test func thePostgresSchemaIsInPlace() async throws {
        try await withTestDatabase(.postgres) { database in
            let store = try #require(try await database.threadStore() as? PostgresThreadStore)
            try await store.database.migrate()  // a second run applies nothing twice
            #expect(
                try await store.database.strings(unsafeSQL: "SELECT identifier FROM parley_migrations ORDER BY substring(identifier from 'v([0-9]+)')::int")
                    == [
                        "v1-translation-cache", "v2-threads", "v3-lead-pickup", "v4-web-sessions", "v5-jobs-consent",
                        "v6-contact-formality", "v7-translation-memory", "v8-team", "v9-inbox", "v10-search", "v11-shared-state",
                    ])
            let tables = try await store.database.strings(
                unsafeSQL: "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()")
            for table in [
                "reps", "business_numbers", "contacts", "conversations", "messages", "templates", "leads",
                "thread_events", "glossary_changes", "translation_cache", "parley_migrations", "jobs", "previews",
            ] {
                #expect(tables.contains(table), "\(table)")
            }
            let jobIndexes = try await store.database.strings(
                unsafeSQL: "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'jobs'")
            #expect(jobIndexes.contains { $0.contains("UNIQUE") && $0.contains("(kind, subject_id)") && $0.contains("WHERE") })
            let indexes = try await store.database.strings(
                unsafeSQL: "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'messages'")
            #expect(indexes.contains { $0.contains("UNIQUE") && $0.contains("(provider_message_id)") })
            #expect(indexes.contains { $0.contains("UNIQUE") && $0.contains("(conversation_id, sequence)") })
        }
    }

    @Test func theThreadSchemaIsInPlace() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/parley.sqlite"
            _ = try ParleyDatabase(path: path)
            try DatabaseQueue(path: path).read { db in
                for table in [
                    "reps", "business_numbers", "contacts", "conversations", "messages", "templates", "leads",
                    "thread_events", "glossary_changes", "jobs", "previews",
                ] {
                    #expect(try db.tableExists(table), "\(table)")
                }
                #expect(try db.indexes(on: "jobs").filter(\.isUnique).map(\.columns).contains(["kind", "subject_id"]))
                let contactColumns = try Set(db.columns(in: "contacts").map(\.name))
                #expect(contactColumns.isSuperset(of: ["consent_state", "consent_at", "consent_message_id", "consent_keyword"]))
                let unique = try db.indexes(on: "messages").filter(\.isUnique).map(\.columns)
                #expect(unique.contains(["provider_message_id"]))
                #expect(unique.contains(["conversation_id", "sequence"]))
                #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            }
        }
    }
}
