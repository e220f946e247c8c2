import Foundation
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The inbox on both stores: a lead's thread sorts by its arrival and its pick-up, with events; open
/// and done conversations; who sent a reply.
@Suite struct InboxStoreTests {
    @Test(arguments: StoreKind.allCases) func aLeadSortsByItsArrivalAndPickingItUpBringsItToTheTop(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            clock.advance(by: 60)
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola"))
            let lead = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+34 699 111 222"))
            let leadThread = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: lead.id)
            let start = try await store.latestEventID()

            // The lead arrives now; its transcript was said an hour ago.
            clock.advance(by: 60)
            let arrival = clock.date
            let stored = try await store.createLead(
                contactID: lead.id, conversationID: leadThread.id, source: "otto",
                transcript: [LeadTurn(speaker: .contact, text: "Mi calefacción no funciona", at: arrival.addingTimeInterval(-3_600))])
            _ = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: leadThread.id, text: "Mi calefacción no funciona", leadID: stored.id,
                    receivedAt: arrival.addingTimeInterval(-3_600)))
            var list = try await store.conversations(repID: thread.rep.id, limit: 10, before: nil)
            #expect(list.map(\.conversation.id) == [leadThread.id, thread.conversation.id])
            #expect(list.first?.conversation.activityAt == arrival)
            #expect(list.first?.conversation.lastMessageAt == arrival.addingTimeInterval(-3_600))
            let added = try await store.events(after: start, conversationIDs: [leadThread.id], limit: 10)
            #expect(added.first?.kind == .leadAdded)

            // The other thread's new message goes above it; picking the lead up brings it back on top, once.
            clock.advance(by: 60)
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: thread.conversation.id, text: "¿Vienen hoy?"))
            list = try await store.conversations(repID: thread.rep.id, limit: 10, before: nil)
            #expect(list.map(\.conversation.id) == [thread.conversation.id, leadThread.id])
            let beforePickUp = try await store.latestEventID()
            clock.advance(by: 60)
            let pickedAt = clock.date
            _ = try await store.pickUpLead(id: stored.id, repID: thread.rep.id)
            list = try await store.conversations(repID: thread.rep.id, limit: 10, before: nil)
            #expect(list.map(\.conversation.id) == [leadThread.id, thread.conversation.id])
            #expect(list.first?.conversation.activityAt == pickedAt)
            let picked = try await store.events(after: beforePickUp, conversationIDs: nil, limit: 10)
            #expect(picked.map(\.kind) == [.leadPickedUp])
            #expect(picked.first?.conversationID == leadThread.id)

            clock.advance(by: 60)
            _ = try await store.pickUpLead(id: stored.id, repID: thread.rep.id)
            #expect(try await store.events(after: picked.last!.id, conversationIDs: nil, limit: 10).isEmpty)
            #expect(try await store.conversation(id: leadThread.id).activityAt == pickedAt)
        }
    }

    @Test(arguments: StoreKind.allCases) func aDoneConversationLeavesTheOpenListUntilTheContactWritesAgain(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let other = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0188"))
            let otherThread = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: other.id)
            #expect(thread.conversation.state == .open)
            let start = try await store.latestEventID()

            clock.advance(by: 10)
            let done = try await store.setConversationState(id: thread.conversation.id, .done)
            #expect(done.state == .done)
            #expect(try await store.conversation(id: thread.conversation.id).state == .done)
            #expect(try await store.conversations(repID: thread.rep.id, state: .open, limit: 10, before: nil).map(\.conversation.id) == [otherThread.id])
            #expect(try await store.conversations(repID: thread.rep.id, state: .done, limit: 10, before: nil).map(\.conversation.id) == [thread.conversation.id])
            #expect(try await store.conversations(repID: thread.rep.id, state: nil, limit: 10, before: nil).count == 2)
            var events = try await store.events(after: start, conversationIDs: nil, limit: 10)
            #expect(events.map(\.kind) == [.stateChanged])

            // Done again changes nothing; a reply of the rep's leaves it done.
            _ = try await store.setConversationState(id: thread.conversation.id, .done)
            _ = try await store.appendOutbound(OutboundMessageDraft(conversationID: thread.conversation.id, text: "Thanks!"))
            #expect(try await store.conversation(id: thread.conversation.id).state == .done)
            events = try await store.events(after: events.last!.id, conversationIDs: nil, limit: 10)
            #expect(!events.contains { $0.kind == .stateChanged })

            // The contact writes: open again, in the same transaction as the message.
            clock.advance(by: 10)
            _ = try await store.appendInbound(InboundMessageDraft(conversationID: thread.conversation.id, text: "Una pregunta más"))
            #expect(try await store.conversation(id: thread.conversation.id).state == .open)
            events = try await store.events(after: events.last!.id, conversationIDs: nil, limit: 10)
            #expect(events.map(\.kind) == [.messageAdded, .conversationUpdated, .stateChanged])

            await #expect(throws: ThreadStoreError.self) { try await store.setConversationState(id: UUID(), .done) }
        }
    }

    @Test(arguments: StoreKind.allCases) func aReplyKeepsWhoSentIt(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let reply = try await store.appendOutbound(
                OutboundMessageDraft(conversationID: thread.conversation.id, text: "On my way", sentBy: thread.rep.id))
            #expect(reply.sentBy == thread.rep.id)
            #expect(try await store.message(id: reply.id).sentBy == thread.rep.id)
            // A translation or a delivery update keeps it.
            _ = try await store.updateTranslation(
                messageID: reply.id, MessageTranslation(status: .translated, detectedLanguage: LanguageTag("en"), sentText: "Voy en camino"))
            _ = try await store.updateDeliveryStatus(messageID: reply.id, .sent, providerMessageID: "SM-sent-by")
            #expect(try await store.message(id: reply.id).sentBy == thread.rep.id)
            // The bot's turns, the core's sends and inbound messages have none.
            let bot = try await store.appendOutbound(OutboundMessageDraft(conversationID: thread.conversation.id, text: "Hi, I'm OTTO"))
            let inbound = try await store.appendInbound(InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola"))
            #expect(try await store.message(id: bot.id).sentBy == nil)
            #expect(try await store.message(id: inbound.message.id).sentBy == nil)
            let latest = try await store.latestMessages(conversationID: thread.conversation.id, beforeSequence: nil, limit: 10)
            #expect(latest.map(\.sentBy) == [thread.rep.id, nil, nil])
        }
    }
}
