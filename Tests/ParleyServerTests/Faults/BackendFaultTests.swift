import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyTesting
import ParleyThreads
import ParleyTranslation
import Testing

@testable import ParleyServer

/// The real APy failing in every way the fault proxy can make it, under the running service: the
/// inbound webhook is acknowledged once the message is stored, without asking the backend, and the
/// message waits, original shown and flagged, for its translation job; preview and send answer a
/// 503 problem that says what the translation service did and that nothing was sent; when the
/// backend is back, the job worker translates what waited and the next send goes out.
@Suite struct BackendFaultTests {
    /// A fault and what the rep and the core should be told about it.
    struct Fault: Sendable, CustomTestStringConvertible {
        var mode: FaultProxy.Mode
        /// What the stored message's error says, in the rep's words (no host, port or kind name).
        var stored: String
        /// What the outbound problem's title says.
        var title: String
        /// The `Retry-After` the outbound problem carries, if any.
        var retryAfter: String?

        var testDescription: String { mode.description }

        static let all = [
            Fault(mode: .refuse, stored: "did not answer.", title: "Translation service unavailable"),
            Fault(mode: .delay(.seconds(4)), stored: "did not answer in time.", title: "Translation service timed out"),
            Fault(mode: .status(500), stored: "did not answer.", title: "Translation service unavailable"),
            Fault(mode: .status(503), stored: "did not answer.", title: "Translation service unavailable"),
            Fault(mode: .status(429, retryAfter: "1"), stored: "busy with too many requests.", title: "Translation service busy", retryAfter: "1"),
            Fault(mode: .malformedJSON, stored: "not a translation.", title: "Translation service answered badly"),
            Fault(mode: .truncatedJSON, stored: "did not answer.", title: "Translation service unavailable"),
            Fault(mode: .resetMidBody, stored: "did not answer.", title: "Translation service unavailable"),
        ]
    }

    static let reply = "Yes, a technician can come tomorrow afternoon. Reply STOP to opt out."

    /// Spanish SMS, one per webhook sent during a fault.
    static func spanish(_ index: Int) -> String {
        [
            "Hola, mi aire acondicionado no enfría desde ayer. ¿Pueden venir mañana por la tarde?",
            "Buenos días, el técnico no ha llegado todavía y hace mucho calor en la casa.",
            "¿Cuánto cuesta el mantenimiento del sistema de calefacción? Gracias.",
        ][index % 3]
    }

    static func sid(_ fault: Int, _ index: Int) -> String { "SM" + String(format: "%016x%016x", 0xFA17 + fault, index) }

    @Test(arguments: zip(Fault.all, Fault.all.indices))
    func inboundWaitsOutboundIsRefusedAndBothRecover(_ fault: Fault, _ number: Int) async throws {
        try await FaultFixture.with { fixture, port in
            try fixture.proxy.set(fault.mode)

            // 1. The provider posts three SMS at once during the fault: each is acknowledged
            //    (empty TwiML) once stored, before anything asked the backend.
            let sids = (0..<3).map { Self.sid(number, $0) }
            let acknowledgements = try await withThrowingTaskGroup(of: (Int, FaultFixture.Reply).self) { group in
                for index in sids.indices {
                    group.addTask { (index, try await FaultFixture.inbound(Self.spanish(index), sid: sids[index], port: port)) }
                }
                return try await group.reduce(into: [Int: FaultFixture.Reply]()) { $0[$1.0] = $1.1 }
            }
            for (index, ack) in acknowledgements.sorted(by: { $0.key < $1.key }) {
                #expect(ack.status == 200, "\(sids[index]): \(ack.status) \(ack.text)")
                #expect(ack.header("Content-Type") == "text/xml")
            }
            #expect(fixture.proxy.requestCount == 0)
            // The worker's first pass tries each translation during the fault.
            #expect(await fixture.runJobs() == 3)
            if fault.mode != .refuse { #expect(fixture.proxy.requestCount >= 3) }

            // 2. Each is stored once, with its original shown and the translation pending, with
            //    an error saying why.
            let stored = try await fixture.messages()
            #expect(stored.count == 3)
            for (index, sid) in sids.enumerated() {
                let message = try #require(stored.first { $0.providerMessageID == sid }, "\(sid) was not stored")
                #expect(message.original == Self.spanish(index))
                #expect(message.shownText == Self.spanish(index))
                #expect(message.translationStatus == .pending)
                let error = message.translationError ?? ""
                #expect(error.hasPrefix("Translation pending") && error.contains(fault.stored), "\(error)")
                #expect(!error.contains("127.0.0.1") && !error.contains("HTTP") && !error.contains("apertium"), "\(error)")
                #expect(message.detectedLanguage?.language == "es")
            }
            // The provider retries one: acknowledged again, still stored once.
            let repeated = try await FaultFixture.inbound(Self.spanish(0), sid: sids[0], port: port)
            #expect(repeated.status == 200)
            #expect(try await fixture.messages(sid: sids[0]).count == 1)

            // 3. The rep's API and the thread's page show the originals, flagged pending.
            let conversationID = try #require(try await fixture.conversationID())
            let listed = try await FaultFixture.rep("GET", "/v1/conversations/\(conversationID)/messages", port: port)
            #expect(listed.status == 200)
            #expect(listed.array.count == 3)
            for message in listed.array {
                #expect(message["translationStatus"] as? String == "pending")
                #expect((message["translationError"] as? String)?.contains(fault.stored) == true)
                #expect(message["shownText"] as? String == message["original"] as? String)
            }
            let page = try await FaultFixture.threadPage(conversationID, port: port)
            #expect(page.status == 200)
            #expect(page.text.components(separatedBy: "class=\"message inbound pending\"").count - 1 == 3)
            #expect(page.text.contains("Translation pending: the original is shown until the translation service answers."))

            // 4. Preview and send are refused with a problem that says what the translation
            //    service did and that nothing was sent; nothing reaches the sender or the store.
            for route in ["preview", "messages"] {
                let refused = try await FaultFixture.rep(
                    "POST", "/v1/conversations/\(conversationID)/\(route)", port: port, json: ["text": Self.reply])
                #expect(refused.status == 503, "\(route): \(refused.status) \(refused.text)")
                #expect(refused.isProblem)
                #expect(refused.object["title"] as? String == fault.title, "\(route): \(refused.text)")
                #expect(refused.detail.contains("Nothing was sent"), "\(route): \(refused.detail)")
                #expect(!refused.detail.contains("127.0.0.1") && !refused.detail.contains("HTTP"), "\(route): \(refused.detail)")
                #expect(refused.header("Retry-After") == fault.retryAfter)
            }
            #expect(fixture.sender.sent.isEmpty)
            #expect(try await fixture.messages().count == 3)

            // 5. The backend is back: the worker translates every waiting message against the
            //    real APy, and the next send goes out.
            try fixture.proxy.set(.passThrough)
            let recovered = try await fixture.runWorker { messages in
                messages.count == 3 && messages.allSatisfy { $0.translationStatus == .translated }
            }
            let afterwards = try await fixture.messages()
            #expect(recovered, "\(afterwards.map { "\($0.translationStatus): \($0.translationError ?? "")" })")
            for message in afterwards {
                #expect(message.shownText != message.original)
                #expect(message.translationError == nil)
            }
            let sent = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            #expect(sent.status == 201, "\(sent.text)")
            #expect(fixture.sender.sent.count == 1)
            let outbound = try #require(try await fixture.messages().last)
            #expect(outbound.direction == .outbound && outbound.deliveryStatus == .sent)
            #expect(outbound.sentText == fixture.sender.sent.first?.body)
            #expect(await fixture.breaker.state == .closed)
        }
    }

    /// A backend far slower than Twilio's patience (15 s): the webhook never waits for it. It is
    /// answered once the message is stored, before any call to the backend, and the job worker
    /// translates the message when the backend is quick again.
    @Test func aWebhookNeverWaitsForASlowBackend() async throws {
        try await FaultFixture.with { fixture, port in
            try fixture.proxy.set(.delay(.seconds(30)))
            let sid = Self.sid(98, 0)
            let ack = try await FaultFixture.inbound(Self.spanish(2), sid: sid, port: port)
            #expect(ack.status == 200, "\(ack.text)")
            #expect(fixture.proxy.requestCount == 0)
            let stored = try await fixture.messages(sid: sid)
            #expect(stored.count == 1)
            #expect(stored.first?.original == Self.spanish(2))
            #expect(stored.first?.translationStatus == .pending)

            try fixture.proxy.set(.passThrough)
            #expect(try await fixture.runWorker { $0.first?.translationStatus == .translated })
            #expect(try await fixture.messages().count == 1)
        }
    }

    /// A backend that keeps answering with something that is not a translation does not keep a
    /// message pending for ever: on its ``Messaging/Configuration/maximumBadAnswers``-th try it is
    /// failed, its original shown, and its job ends.
    @Test func aMessageAnsweredBadlyAgainAndAgainIsGivenUp() async throws {
        try await FaultFixture.with { fixture, port in
            try fixture.proxy.set(.malformedJSON)
            let sid = Self.sid(97, 0)
            #expect(try await FaultFixture.inbound(Self.spanish(3), sid: sid, port: port).status == 200)
            #expect(try await fixture.messages(sid: sid).first?.translationStatus == .pending)
            for _ in 1..<fixture.messaging.configuration.maximumBadAnswers {
                #expect(await fixture.runJobs() == 1)
                #expect(try await fixture.messages(sid: sid).first?.translationStatus == .pending)
            }
            #expect(await fixture.runJobs() == 1)
            #expect(await fixture.runJobs() == 0)
            let given = try #require(try await fixture.messages(sid: sid).first)
            #expect(given.translationStatus == .failed)
            #expect(given.original == Self.spanish(3))
            #expect(given.translationError?.contains("not a translation") == true)
        }
    }

    /// Failures in a row open the circuit: calls stop reaching the backend and the rep is told the
    /// service is paused; once it has been open for its time and the backend is back, the trial call
    /// closes it again.
    @Test func theCircuitOpensOnRepeatedFailuresAndClosesWhenTheBackendIsBack() async throws {
        // Open for an hour, of the breaker's clock: nothing here depends on how fast the machine is.
        try await FaultFixture.with(breakerThreshold: 3, breakerOpen: .seconds(3600)) { fixture, port in
            try fixture.proxy.set(.status(503))
            let sid = Self.sid(99, 0)
            #expect(try await FaultFixture.inbound(Self.spanish(0), sid: sid, port: port).status == 200)
            let conversationID = try #require(try await fixture.conversationID())
            // Two tries for the message's translation job, a third for the preview opens the circuit.
            #expect(await fixture.runJobs() == 1)
            let preview = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/preview", port: port, json: ["text": Self.reply])
            #expect(preview.status == 503)
            if case .open = await fixture.breaker.state {} else { Issue.record("the circuit is not open") }

            let calls = fixture.proxy.requestCount
            #expect(calls == 3)
            let paused = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            #expect(paused.status == 503)
            #expect(paused.object["title"] as? String == "Translation service unavailable")
            // Whole seconds of the hour left, the same in the detail and Retry-After.
            let wait = try #require(
                paused.detail.wholeMatch(of: #/Translation is paused for (\d+) s after repeated failures\. Nothing was sent; try again in (\d+) s\./#),
                "\(paused.detail)")
            #expect(wait.1 == wait.2 && paused.header("Retry-After") == String(wait.1))
            #expect((3_000...3_600).contains(Int(wait.1) ?? 0))
            let during = try await FaultFixture.inbound(Self.spanish(1), sid: Self.sid(99, 1), port: port)
            #expect(during.status == 200)
            #expect(fixture.proxy.requestCount == calls, "calls reached the backend while the circuit was open")
            #expect(try await fixture.messages().allSatisfy { $0.translationStatus == .pending })
            #expect(fixture.sender.sent.isEmpty)

            try fixture.proxy.set(.passThrough)
            fixture.breakerTime.advance(by: .seconds(3600))
            let recovered = try await fixture.runWorker { messages in
                messages.count == 2 && messages.allSatisfy { $0.translationStatus == .translated }
            }
            #expect(recovered)
            #expect(await fixture.breaker.state == .closed)
            let sent = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            #expect(sent.status == 201, "\(sent.text)")
            #expect(fixture.sender.sent.count == 1)
        }
    }
}
