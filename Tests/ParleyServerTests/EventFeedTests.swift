import ParleyMessaging
import Foundation
@testable import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

@testable import ParleyServer

/// The one event feed per process: every stream gets what it may see, each event once and in order,
/// from one store read per batch however many streams are open. No test here times anything: waits
/// are bounded only to turn a hang into a failure.
@Suite struct EventFeedTests {
    /// Two reps with a number and a conversation each, and an admin, on a counting store.
    struct Fixture {
        let store: CountingThreadStore
        let dana: Rep
        let rob: Rep
        let ana: Rep
        let danaConversation: Conversation
        let robConversation: Conversation

        static func with(_ kind: StoreKind, _ body: (Fixture) async throws -> Void) async throws {
            try await withTestDatabase(kind) { database in
                let store = CountingThreadStore(try await database.threadStore())
                let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
                let rob = try await store.createRep(name: "Rob", email: "rob@example.com", role: .rep)
                let ana = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
                let danaNumber = try await store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0100"), to: dana.id)
                let robNumber = try await store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0200"), to: rob.id)
                let contact = try await store.findOrCreateContact(phone: try PhoneNumber(parsing: "+52 55 1234 5678"))
                try await body(
                    Fixture(
                        store: store, dana: dana, rob: rob, ana: ana,
                        danaConversation: try await store.findOrCreateConversation(numberID: danaNumber.id, contactID: contact.id),
                        robConversation: try await store.findOrCreateConversation(numberID: robNumber.id, contactID: contact.id)))
            }
        }

        /// Appends an inbound message: one commit, two events (`messageAdded`, `conversationUpdated`).
        @discardableResult
        func append(_ conversation: Conversation, _ text: String) async throws -> Message {
            try await store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: text)).message
        }

        /// Every event after an id, read without being counted.
        func events(after id: Int64) async throws -> [ThreadEvent] {
            try await store.base.events(after: id, conversationIDs: nil, limit: 1_000)
        }
    }

    /// Waits until the feed has read where it starts.
    static func waitUntilLive(_ feed: EventFeed) async throws -> Int64 {
        for _ in 0..<1_000 {
            if let cursor = feed.cursor { return cursor }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the feed never started")
        throw CancellationError()
    }

    /// The next `count` items of a subscription; fewer if it ends, or if they do not come within a
    /// bound that only catches a hang.
    static func collect(_ subscription: EventFeed.Subscription, count: Int) async throws -> [EventFeed.Item] {
        try await withThrowingTaskGroup(of: [EventFeed.Item]?.self) { group in
            group.addTask {
                var items: [EventFeed.Item] = []
                while items.count < count {
                    switch try await subscription.next() {
                    case .items(let new): items += new
                    case .idle: continue
                    case .finished: return items
                    }
                }
                return items
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else {
                Issue.record("a subscription waited for \(count) items in vain")
                return []
            }
            return first
        }
    }

    @Test(arguments: StoreKind.allCases) func oneReadPerBatchFansOutToEveryStreamItMayReach(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            // No fallback poll during the test: only the store's signals make the feed read.
            let feed = EventFeed(store: fixture.store, fallbackInterval: .seconds(3_600))
            let danas = (0..<10).map { _ in feed.subscribe(identity: .rep(fixture.dana.id), after: nil) }
            let robs = (0..<10).map { _ in feed.subscribe(identity: .rep(fixture.rob.id), after: nil) }
            let admins = (0..<4).map { _ in feed.subscribe(identity: .admin(fixture.ana.id), after: nil) } + [
                feed.subscribe(identity: .core, after: nil)
            ]
            let danaOnly = feed.subscribe(identity: .admin(fixture.ana.id), conversationID: fixture.danaConversation.id, after: nil)
            let all = danas + robs + admins + [danaOnly]
            defer { for subscription in all { subscription.cancel() } }
            let start = try await Self.waitUntilLive(feed)
            let readsBefore = fixture.store.eventReads.load(ordering: .relaxed)

            // Three commits, each waited for by every stream before the next.
            let commits = [fixture.danaConversation, fixture.robConversation, fixture.danaConversation]
            var seen = start
            var received: [Int: [Int64]] = [:]
            for (index, conversation) in commits.enumerated() {
                try await fixture.append(conversation, "Mensaje \(index)")
                let events = try await fixture.events(after: seen)
                seen = events.last?.id ?? seen
                for (slot, subscription) in all.enumerated() {
                    let expected = events.filter { subscription.conversationID == nil || $0.conversationID == subscription.conversationID }
                        .filter { subscription.repID == nil || ($0.conversationID == fixture.danaConversation.id) == (subscription.repID == fixture.dana.id) }
                    guard !expected.isEmpty else { continue }
                    let items = try await Self.collect(subscription, count: expected.count)
                    #expect(items.map(\.event.id) == expected.map(\.id), "subscription \(slot), commit \(index)")
                    received[slot, default: []] += items.map(\.event.id)
                }
            }
            // No event reads at all, whatever the number of streams: each commit's events come with its signal.
            let reads = fixture.store.eventReads.load(ordering: .relaxed) - readsBefore
            #expect(reads == 0, "\(reads) reads for \(commits.count) commits and \(all.count) streams")

            // Reps got only their own conversation's events, in order; admins, the core and the
            // filtered stream what they asked for.
            let events = try await fixture.events(after: start)
            let danaEvents = events.filter { $0.conversationID == fixture.danaConversation.id }.map(\.id)
            let robEvents = events.filter { $0.conversationID == fixture.robConversation.id }.map(\.id)
            #expect(danaEvents.count == 4 && robEvents.count == 2)
            for slot in danas.indices { #expect(received[slot] == danaEvents) }
            for slot in robs.indices { #expect(received[danas.count + slot] == robEvents) }
            for slot in admins.indices { #expect(received[danas.count + robs.count + slot] == events.map(\.id)) }
            #expect(received[all.count - 1] == danaEvents)

            // The payload keeps its shape: the message for message events, the conversation otherwise.
            let items = try await {
                let message = try await fixture.append(fixture.danaConversation, "¿Vienen hoy?")
                return (message, try await Self.collect(admins[0], count: 2))
            }()
            let added = try #require(items.1.first { $0.event.kind == .messageAdded })
            #expect(added.frame.hasPrefix("id: \(added.event.id)\nevent: messageAdded\ndata: {"))
            #expect(added.frame.contains(items.0.id.uuidString) && added.frame.hasSuffix("}\n\n"))
            let updated = try #require(items.1.first { $0.event.kind == .conversationUpdated })
            #expect(updated.frame.contains("\"conversation\":") && !updated.frame.contains("\"message\":"))
        }
    }

    @Test(arguments: StoreKind.allCases) func aReassignedNumbersEventsGoToItsNewRep(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let feed = EventFeed(store: fixture.store, fallbackInterval: .seconds(3_600))
            let dana = feed.subscribe(identity: .rep(fixture.dana.id), after: nil)
            let rob = feed.subscribe(identity: .rep(fixture.rob.id), after: nil)
            defer { dana.cancel(); rob.cancel() }
            _ = try await Self.waitUntilLive(feed)
            try await fixture.append(fixture.robConversation, "Antes")
            let before = try await Self.collect(rob, count: 2)
            #expect(before.allSatisfy { $0.event.conversationID == fixture.robConversation.id })

            // Rob's number moves to Dana, with its conversation; Rob gets a new number.
            _ = try await fixture.store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0200"), to: fixture.dana.id)
            let newNumber = try await fixture.store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0300"), to: fixture.rob.id)
            let contact = try await fixture.store.findOrCreateContact(phone: try PhoneNumber(parsing: "+52 55 8765 4321"))
            let robsNew = try await fixture.store.findOrCreateConversation(numberID: newNumber.id, contactID: contact.id)
            try await fixture.append(fixture.robConversation, "Después")
            try await fixture.append(robsNew, "Hola")

            let danas = try await Self.collect(dana, count: 2)
            #expect(danas.map(\.event.conversationID) == [fixture.robConversation.id, fixture.robConversation.id])
            let robs = try await Self.collect(rob, count: 2)
            #expect(robs.allSatisfy { $0.event.conversationID == robsNew.id }, "\(robs.map(\.event))")
        }
    }

    @Test(arguments: StoreKind.allCases) func aResumedOrLaggingStreamMissesNothingAndRepeatsNothing(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            for index in 0..<5 { try await fixture.append(fixture.danaConversation, "Antes \(index)") }
            let history = try await fixture.events(after: 0)
            let resumeAfter = history[history.count / 2].id
            // Small pages and a tiny buffer: the backlog takes several reads, and the stream overflows
            // its buffer while it does not read.
            let feed = EventFeed(store: fixture.store, fallbackInterval: .seconds(3_600), bufferLimit: 2, pageSize: 3)
            let watcher = feed.subscribe(identity: .admin(fixture.ana.id), after: nil)
            defer { watcher.cancel() }
            _ = try await Self.waitUntilLive(feed)
            let resumed = feed.subscribe(identity: .rep(fixture.dana.id), after: resumeAfter)
            defer { resumed.cancel() }
            // Live events while the resumed stream reads nothing: more than its buffer holds.
            for index in 0..<4 {
                try await fixture.append(fixture.danaConversation, "Mientras \(index)")
                try await fixture.append(fixture.robConversation, "Para Rob \(index)")
            }
            let live = try await Self.collect(watcher, count: 16)
            #expect(live.count == 16)

            let expected = try await fixture.events(after: resumeAfter)
                .filter { $0.conversationID == fixture.danaConversation.id }.map(\.id)
            let items = try await Self.collect(resumed, count: expected.count)
            #expect(items.map(\.event.id) == expected)

            // And it carries on live.
            try await fixture.append(fixture.danaConversation, "Después")
            let next = try await Self.collect(resumed, count: 2)
            #expect(next.map(\.event.id).min().map { $0 > expected.last! } == true)
        }
    }

    /// A page opened with `Last-Event-ID` reads its backlog, then events land before the starting
    /// feed learns where it starts: the stream still gets them, once.
    @Test(arguments: StoreKind.allCases) func eventsBetweenABacklogAndTheFeedsStartAreNotLost(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let opened = try await fixture.store.base.latestEventID()
            fixture.store.latestGate.hold()
            let feed = EventFeed(store: fixture.store, fallbackInterval: .seconds(3_600))
            let page = feed.subscribe(identity: .rep(fixture.dana.id), conversationID: fixture.danaConversation.id, after: opened)
            defer { page.cancel() }
            // The backlog (nothing yet) is read before the feed knows where it starts.
            let reads = fixture.store.eventReads.load(ordering: .relaxed)
            let backlog = Task { try await Self.collect(page, count: 2) }
            for _ in 0..<1_000 where fixture.store.eventReads.load(ordering: .relaxed) == reads { try await Task.sleep(for: .milliseconds(5)) }
            try await fixture.append(fixture.danaConversation, "¿Pueden venir mañana?")
            fixture.store.latestGate.release()
            let items = try await backlog.value
            let expected = try await fixture.events(after: opened).filter { $0.conversationID == fixture.danaConversation.id }.map(\.id)
            #expect(items.map(\.event.id) == expected)
            #expect(expected.count == 2)
        }
    }
    /// On PostgreSQL replicas share no lock for events, so a commit can arrive after one with a
    /// higher identifier. The live stream gets both, in commit order; the `id` it is given to resume
    /// from never passes the one still in flight, so a client that reconnects with it misses nothing.
    @Test func aCommitArrivingAfterAHigherOneIsSentAndNeverSkippedOnResume() async throws {
        try await Fixture.with(.postgres) { fixture in
            let store = try #require(fixture.store.base as? PostgresThreadStore)
            let feed = EventFeed(store: fixture.store, fallbackInterval: .seconds(3_600))
            let admin = feed.subscribe(identity: .admin(fixture.ana.id), after: nil)
            defer { admin.cancel() }
            let start = try await Self.waitUntilLive(feed)

            // A write on Dana's conversation takes its event identifier, then stalls before it commits.
            let (started, begin) = AsyncStream<Void>.makeStream()
            let (released, release) = AsyncStream<Void>.makeStream()
            let conversationID = fixture.danaConversation.id
            let stalled = Task {
                try await store.write("stall") { connection, _ in
                    let own = PendingEvents()
                    own.record(.stateChanged, conversationID: conversationID, at: Date())
                    try await own.insert(connection, channel: store.database.configuration.eventChannel, logger: store.logger)
                    begin.yield()
                    for await _ in released { break }
                }
            }
            for await _ in started { break }
            // Rob's message commits meanwhile, with higher identifiers: it is sent at once, with a
            // resume id below the one in flight.
            try await fixture.append(fixture.robConversation, "Sin esperar")
            let first = try await Self.collect(admin, count: 2)
            #expect(first.map(\.event.conversationID) == [fixture.robConversation.id, fixture.robConversation.id])
            #expect(first.allSatisfy { $0.event.id > start + 1 && $0.resumeID == start })
            #expect(first.allSatisfy { $0.frame.hasPrefix("id: \(start)\n") })

            // A client that reconnects now, from the id it was given, and the live stream, both get
            // the late commit once it lands.
            let resumed = feed.subscribe(identity: .admin(fixture.ana.id), after: first.last!.resumeID)
            defer { resumed.cancel() }
            release.yield()
            try await stalled.value
            let late = try await Self.collect(admin, count: 1)
            #expect(late.map(\.event.id) == [start + 1])
            #expect(late.first?.resumeID == first.map(\.event.id).max())
            let again = try await Self.collect(resumed, count: 3)
            #expect(Set(again.map(\.event.id)) == Set(first.map(\.event.id) + [start + 1]))
        }
    }
}
