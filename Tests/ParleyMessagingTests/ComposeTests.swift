import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// A send sends what the rep previewed, or refuses; a provider that cannot take a message yet
/// leaves it queued for the job worker, which sends it once.
@Suite struct ComposeTests {
    /// A conversation with a Spanish contact on Dana's number.
    static func spanishConversation(_ fixture: MessagingFixture, _ messaging: Messaging) async throws -> UUID {
        let received = try await messaging.receive(fixture.sms("Hola, ¿vienen mañana?"))
        _ = try await messaging.setLanguage("es", of: received.contact.id, by: .rep(fixture.dana.id))
        await messaging.drainJobs()
        return received.message.conversationID
    }

    @Test(arguments: StoreKind.allCases) func aPreviewsTokenSendsItsExactTextWithoutAskingTheBackendAgain(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            let english = "Your technician will arrive tomorrow morning."
            let preview = try await messaging.preview(.text(english), in: conversationID, by: .rep(fixture.dana.id))
            let token = try #require(preview.token)
            #expect(preview.readyToSend)
            let callsAfterPreview = fixture.backend.calls
            let sent = try await messaging.send(.text(english), in: conversationID, by: .rep(fixture.dana.id), previewToken: token)
            #expect(fixture.backend.calls == callsAfterPreview)
            #expect(sent.message.sentText == preview.text)
            #expect(fixture.sender.sent.map(\.body) == [preview.text])
            #expect(sent.preview == preview)
        }
    }

    /// The panel previews after every pause: the same ticket again gets the same stored token, and
    /// anything that changes the preview, or a token past half its life, gets a new one.
    @Test(arguments: StoreKind.allCases) func previewingTheSameTicketAgainGivesTheSameToken(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            let dana = Identity.rep(fixture.dana.id)
            let english = "Your technician will arrive tomorrow morning."
            // The first preview calls the backend; the ticket records that, and later ones read the cache.
            let called = try #require(try await messaging.preview(.text(english), in: conversationID, by: dana).token)
            let first = try #require(try await messaging.preview(.text(english), in: conversationID, by: dana).token)
            #expect(first != called)
            #expect(try await messaging.preview(.text(english), in: conversationID, by: dana).token == first)
            #expect(try await messaging.preview(.text(english), in: conversationID, by: dana).token == first)
            // Another text is another ticket.
            let other = try #require(try await messaging.preview(.text("The estimate is ready."), in: conversationID, by: dana).token)
            #expect(other != first)
            // A change of the contact's consent changes the ticket.
            let thread = try await messaging.access(for: dana).conversation(conversationID)
            _ = try await fixture.store.setConsent(contactID: thread.contact.id, ConsentChange(state: .optedOut), messageID: nil, onlyFrom: nil)
            let afterOptOut = try await messaging.preview(.text(english), in: conversationID, by: dana)
            #expect(afterOptOut.token != first)
            _ = try await fixture.store.setConsent(contactID: thread.contact.id, ConsentChange(state: .optedIn), messageID: nil, onlyFrom: nil)
            #expect(try await messaging.preview(.text(english), in: conversationID, by: dana).token == first)
            // Past half its life a token is not given again; the new one sends.
            fixture.clock.advance(by: Self.halfPreviewLifetime + 1)
            let renewed = try #require(try await messaging.preview(.text(english), in: conversationID, by: dana).token)
            #expect(renewed != first)
            let sent = try await messaging.send(.text(english), in: conversationID, by: dana, previewToken: renewed)
            #expect(sent.message.sentText != nil)
        }
    }

    static let halfPreviewLifetime: TimeInterval = 900

    @Test(arguments: StoreKind.allCases) func aPreviewThatNoLongerHoldsIsRefusedAndNothingIsSent(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            let english = "The estimate is ready."
            let dana = Identity.rep(fixture.dana.id)
            let preview = try await messaging.preview(.text(english), in: conversationID, by: dana)
            let token = try #require(preview.token)

            // Another text than the one previewed.
            var error = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text("The estimate is late."), in: conversationID, by: dana, previewToken: token)
            }
            #expect(error?.code == .previewStale)
            // Another conversation's token.
            let other = try await messaging.receive(fixture.sms("Hola", from: "+525598765432"))
            error = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text(english), in: other.message.conversationID, by: dana, previewToken: token)
            }
            #expect(error?.code == .previewStale)
            // The contact's language changed since.
            let thread = try await messaging.access(for: dana).conversation(conversationID)
            _ = try await messaging.setLanguage("es-ES", of: thread.contact.id, by: dana)
            error = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text(english), in: conversationID, by: dana, previewToken: token)
            }
            #expect(error?.code == .previewStale)
            _ = try await messaging.setLanguage("es", of: thread.contact.id, by: dana)
            // Still good with the language back as it was, until it expires.
            fixture.clock.advance(by: 31 * 60)
            error = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text(english), in: conversationID, by: dana, previewToken: token)
            }
            #expect(error?.code == .previewStale)
            #expect(fixture.sender.sent.isEmpty)
            let outbound = try await fixture.store.messages(conversationID: conversationID, afterSequence: 0, limit: 50).filter { $0.direction == .outbound }
            #expect(outbound.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aProviderErrorThatMayPassIsRetriedWithBackoffAndSentOnce(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            fixture.sender.fail(with: [SendError("busy", isRetryable: true), SendError("busy", isRetryable: true)])
            let sent = try await messaging.send(.text("See you at noon."), in: conversationID, by: .rep(fixture.dana.id))
            #expect(sent.queued)
            #expect(sent.message.deliveryStatus == .queued)
            // Not due before its backoff (5 s, then 10 s).
            #expect(await messaging.drainJobs() == 0)
            fixture.clock.advance(by: 5)
            #expect(await messaging.drainJobs() == 1)
            #expect(fixture.sender.sent.isEmpty)
            fixture.clock.advance(by: 5)
            #expect(await messaging.drainJobs() == 0)
            fixture.clock.advance(by: 5)
            #expect(await messaging.drainJobs() == 1)
            #expect(fixture.sender.sent.count == 1)
            let message = try await fixture.store.message(id: sent.message.id)
            #expect(message.deliveryStatus == .sent)
            #expect(message.providerMessageID == "SMrecorded1")
            let jobs = try await fixture.store.jobs(subjectID: message.id)
            #expect(jobs.map(\.state) == [.done])
            #expect(jobs.first?.attempts == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func aProviderRefusalFailsTheMessageWithItsReason(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            fixture.sender.fail(with: [SendError("The number is not a mobile number.", isRetryable: false)])
            let error = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text("See you at noon."), in: conversationID, by: .rep(fixture.dana.id))
            }
            #expect(error?.code == .sendFailed)
            let stored = try #require(error?.storedMessage)
            #expect(stored.deliveryStatus == .failed)
            let job = try #require(try await fixture.store.jobs(subjectID: stored.id).first)
            #expect(job.state == .failed)
            #expect(job.lastError == "The number is not a mobile number.")
            fixture.clock.advance(by: 3_600)
            #expect(await messaging.drainJobs() == 0)
            #expect(fixture.sender.sent.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aSendWhoseWorkerDiedIsSentOnceWhenItsLeaseEnds(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            // Another replica stored the message and claimed its job, then died before the provider answered.
            let draft = OutboundMessageDraft(
                conversationID: conversationID, text: "On my way.", translation: MessageTranslation(status: .translated, sentText: "En camino."))
            let message = try await fixture.store.appendOutbound(draft)
            let job = try #require(try await fixture.store.jobs(subjectID: message.id).first)
            #expect(try await fixture.store.claimJob(id: job.id, owner: "replica-that-died", lease: .seconds(60)) != nil)
            #expect(await messaging.drainJobs() == 0)
            fixture.clock.advance(by: 61)
            #expect(await messaging.drainJobs() == 1)
            #expect(await messaging.drainJobs() == 0)
            #expect(fixture.sender.sent.map(\.body) == ["En camino."])
            #expect(try await fixture.store.message(id: message.id).deliveryStatus == .sent)
        }
    }

    @Test(arguments: StoreKind.allCases) func aSweepDeletesFinishedJobsAfterAWeekAndExpiredPreviews(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            let preview = try await messaging.preview(.text("See you soon."), in: conversationID, by: .rep(fixture.dana.id))
            let sent = try await messaging.send(.text("On my way."), in: conversationID, by: .rep(fixture.dana.id))
            #expect(try await fixture.store.jobs(subjectID: sent.message.id).map(\.state) == [.done])
            let first = await messaging.sweep()
            #expect(first.jobs == 0 && first.previews == 0 && first.events == 0)
            fixture.clock.advance(by: 31 * 60)
            let second = await messaging.sweep()
            #expect(second.jobs == 0 && second.previews == 1 && second.events == 0)
            #expect(try await fixture.store.preview(token: try #require(preview.token)) == nil)
            fixture.clock.advance(by: 7 * 86_400)
            let swept = await messaging.sweep()
            #expect(swept.jobs == 2)  // the inbound translation and the send
            #expect(try await fixture.store.jobs(subjectID: sent.message.id).isEmpty)
            #expect(try await fixture.store.message(id: sent.message.id).deliveryStatus == .sent)
            #expect(swept.events == 0, "events are kept 30 days")

            // After 30 days the thread's events go, all but the newest, so ids never go back; the
            // conversation and its messages stay.
            let latest = try await fixture.store.latestEventID()
            let events = try await fixture.store.events(after: 0, conversationIDs: nil, limit: 1_000)
            #expect(events.count > 1)
            fixture.clock.advance(by: 23 * 86_400)
            let aged = await messaging.sweep()
            #expect(aged.events == events.count - 1)
            #expect(try await fixture.store.events(after: 0, conversationIDs: nil, limit: 1_000).map(\.id) == [latest])
            #expect(try await fixture.store.latestEventID() == latest)
            #expect(try await fixture.store.message(id: sent.message.id).deliveryStatus == .sent)
            // A new event follows the kept one: no id is reused.
            _ = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: conversationID, text: "¿Sigue en pie?"))
            #expect(try await fixture.store.latestEventID() > latest)
        }
    }
    @Test(arguments: StoreKind.allCases) func aSweepDeletesTranslationsPastTheirTimeToLive(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let clock = fixture.clock
            let persistent = try await fixture.database.cacheStore(now: { clock.now().timeIntervalSince1970 })
            let cache = TranslationCache(persistent: persistent, timeToLive: .seconds(30 * 86_400))
            let pipeline = TranslationPipeline(backend: fixture.backend, detector: try LanguageDetector(), cache: cache)
            let messaging = try fixture.messaging(pipeline: pipeline)
            let conversationID = try await Self.spanishConversation(fixture, messaging)
            _ = try await messaging.preview(.text("See you tomorrow at noon."), in: conversationID, by: .rep(fixture.dana.id))
            let cached = try #require(await persistent.counters()?.entries)
            #expect(cached > 0)

            // Within the time to live nothing goes; after it, every entry made then goes.
            fixture.clock.advance(by: 29 * 86_400)
            #expect(await messaging.sweep().cacheEntries == 0)
            fixture.clock.advance(by: 2 * 86_400)
            #expect(await messaging.sweep().cacheEntries == cached)
            #expect(await persistent.counters()?.entries == 0)
        }
    }
}
