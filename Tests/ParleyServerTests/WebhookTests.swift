import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

@testable import ParleyServer

/// Twilio's inbound and status webhooks over the real APy and each store (a real SQLite file, a real
/// PostgreSQL schema), through the router. A webhook answers once its message is stored; its
/// translation is a job, run here as a replica's worker would (`translatePending`).
@Suite struct WebhookTests {
    static let inboundURL = ThreadFixture.publicBaseURL + "/webhooks/twilio/inbound"
    static let statusURL = ThreadFixture.publicBaseURL + "/webhooks/twilio/status"
    static let token = ThreadFixture.authToken.value
    static let repKey = "dana-key-0123456789abcdef"

    @Test func twilioPublishedExampleSignature() {
        // Twilio's own example (its helper libraries' tests): token 12345, this URL and these fields.
        let parameters = [
            ("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"), ("From", "+14158675309"),
            ("To", "+18005551212"),
        ].map { (name: $0.0, value: $0.1) }
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        #expect(TwilioSignature.compute(url: url, parameters: parameters, authToken: Secret("12345")) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(TwilioSignature.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: url, parameters: parameters.reversed(), authToken: Secret("12345")))
        #expect(!TwilioSignature.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: url + "&x=1", parameters: parameters, authToken: Secret("12345")))
        #expect(!TwilioSignature.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: url, parameters: parameters, authToken: Secret("54321")))
        // Repeated fields, as the libraries' second example: equal pairs count once.
        let repeated = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234")]
            .map { (name: $0.0, value: $0.1) }
        #expect(TwilioSignature.compute(url: url, parameters: repeated, authToken: Secret("12345")) == "IK+Dwps556ElfBT0I3Rgjkr1wJU=")
    }

    @Test(arguments: StoreKind.allCases) func spanishInboundIsStoredWithItsEnglishAndTheContactsLanguage(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            let text = "Hola, mi aire acondicionado no enfría. ¿Pueden venir mañana por la tarde?"
            let webhook = TwilioWebhookRequest.inbound(body: text, sid: "SM0000000000000000000000000000001")
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: Self.inboundURL, token: Self.token),
                    body: webhook.body
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/xml")
                    #expect(String(buffer: response.body) == #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#)
                }
            }
            try await fixture.translatePending()
            let messages = try await fixture.messages()
            let message = try #require(messages.first)
            #expect(messages.count == 1)
            #expect(message.direction == .inbound)
            #expect(message.original == text)
            #expect(message.translationStatus == .translated || message.translationStatus == .needsReview)
            #expect(message.shownText != text)
            #expect(message.shownText.lowercased().contains("tomorrow") || message.shownText.lowercased().contains("afternoon"))
            #expect(message.detectedLanguage?.language == "es")
            #expect(message.providerMessageID == "SM0000000000000000000000000000001")
            #expect(message.deliveryStatus == .received)
            let contact = try #require(try await fixture.store.contact(phone: ThreadFixture.contactPhone))
            #expect(contact.preferredLanguage?.language == "es")
            #expect(contact.languageSource == .detected)
        }
    }

    @Test(arguments: StoreKind.allCases) func aRepeatedMessageSidStoresOneMessageAndIsNotTranslatedAgain(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            let webhook = TwilioWebhookRequest.inbound(body: "¿A qué hora llega el técnico?", sid: "SM0000000000000000000000000000002")
            try await app.test(.router) { client in
                for _ in 0..<3 {
                    try await client.execute(
                        uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: Self.inboundURL, token: Self.token),
                        body: webhook.body
                    ) { #expect($0.status == .ok) }
                }
            }
            try await fixture.translatePending()
            let messages = try await fixture.messages()
            #expect(messages.count == 1)
            #expect(messages.first?.translationStatus == .translated || messages.first?.translationStatus == .needsReview)
            // One event for the append and one for the translation: the repeats changed nothing.
            let events = try await fixture.store.events(after: 0, conversationIDs: nil, limit: 100)
            #expect(events.filter { $0.messageID == messages.first?.id }.count == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func aBadOrMissingSignatureIsRefusedAndNothingIsStored(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            let webhook = TwilioWebhookRequest.inbound(body: "Hola", sid: "SM0000000000000000000000000000003")
            try await app.test(.router) { client in
                for headers in [
                    webhook.headers(url: Self.inboundURL, token: "another-token"),
                    webhook.headers(url: "https://evil.example.com/webhooks/twilio/inbound", token: Self.token),
                    webhook.headers(url: nil, token: Self.token),
                ] {
                    try await client.execute(uri: "/webhooks/twilio/inbound", method: .post, headers: headers, body: webhook.body) { response in
                        #expect(response.status == .forbidden)
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
                // A field changed after signing.
                var tampered = webhook
                let headers = webhook.headers(url: Self.inboundURL, token: Self.token)
                tampered.fields[10] = ("Body", "Hola, STOP")
                try await client.execute(uri: "/webhooks/twilio/inbound", method: .post, headers: headers, body: tampered.body) {
                    #expect($0.status == .forbidden)
                }
            }
            #expect(try await fixture.store.contact(phone: ThreadFixture.contactPhone) == nil)
            #expect(try await fixture.store.latestEventID() == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func anUnknownBusinessNumberIs404AndStoresNothing(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            let webhook = TwilioWebhookRequest.inbound(body: "Hola", sid: "SM0000000000000000000000000000004", to: "+14105550199")
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: Self.inboundURL, token: Self.token),
                    body: webhook.body
                ) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            #expect(try await fixture.store.contact(phone: ThreadFixture.contactPhone) == nil)
            #expect(try await fixture.store.latestEventID() == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func malformedWebhooksAre400(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services(signed: false)))
            try await app.test(.router) { client in
                for body in [
                    "From=%2B525512345678&To=%2B14105550100&Body=Hola",  // no MessageSid
                    "MessageSid=SM1&From=%2B525512345678&To=%2B14105550100&Body=%FF%FE",  // not UTF-8
                    "MessageSid=SM1&From=%2B525512345678&To=%2B14105550100&Body=50%",  // bad escape
                    "MessageSid=SM1&From=not-a-number&To=%2B14105550100&Body=Hola",
                    "MessageSid=SM1&From=%2B525512345678&To=%2B14105550100",  // no Body
                ] {
                    try await client.execute(uri: "/webhooks/twilio/inbound", method: .post, body: ByteBuffer(string: body)) { response in
                        #expect(response.status == .badRequest, "\(body)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
                let large = "MessageSid=SM1&Body=" + String(repeating: "a", count: 70_000)
                try await client.execute(uri: "/webhooks/twilio/inbound", method: .post, body: ByteBuffer(string: large)) {
                    #expect($0.status == .contentTooLarge)
                }
            }
            #expect(try await fixture.store.latestEventID() == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func anOptOutStaysVisibleOnTheStoredMessage(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            let webhook = TwilioWebhookRequest.inbound(body: "ALTO por favor", sid: "SM0000000000000000000000000000005")
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: Self.inboundURL, token: Self.token),
                    body: webhook.body
                ) { #expect($0.status == .ok) }
            }
            try await fixture.translatePending()
            let message = try #require(try await fixture.messages().first)
            #expect(message.original == "ALTO por favor")
            // The keyword opted the contact out, before any translation.
            #expect(try await fixture.store.contact(phone: ThreadFixture.contactPhone)?.consent?.state == .optedOut)
            #expect(message.provenance?.warnings.contains { $0.kind == "optOut" } == true)
            // Whatever became of the translation, the message does not wait for a retry that cannot help.
            #expect(message.translationStatus != .pending || message.translationError?.contains("unsupportedPair") == false)
        }
    }

    @Test(arguments: StoreKind.allCases) func backendDownLeavesTheOriginalPendingUntilTheWorkerTranslatesIt(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let access = AccessKeys([(Secret(Self.repKey), .person(email: "dana@example.com"))])
            var services = try fixture.services(backendDown: true, access: access)
            // Retried at once, so each pass below is one more try.
            services.messagingConfiguration.retryDelay = .zero
            let app = Application(router: ThreadFixture.router(services))
            let text = "Buenos días, el técnico no ha llegado todavía y tengo mucho calor."
            let webhook = TwilioWebhookRequest.inbound(body: text, sid: "SM0000000000000000000000000000006")
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: Self.inboundURL, token: Self.token),
                    body: webhook.body
                ) { #expect($0.status == .ok) }
            }
            // The webhook answered without waiting for the backend; the job's first try fails.
            #expect(try await fixture.messages().first?.translationStatus == .pending)
            #expect(await services.messaging?.runDueJobs() == 1)
            let pending = try #require(try await fixture.messages().first)
            #expect(pending.translationStatus == .pending)
            #expect(pending.original == text)
            #expect(pending.shownText == text)
            #expect(pending.translationError?.contains("pending") == true)
            #expect(pending.detectedLanguage?.language == "es")

            // The rep sees the original, flagged as waiting for its translation.
            let shown = try await Self.repView(app, conversationID: pending.conversationID)
            #expect(shown.count == 1)
            #expect(shown.first?["id"] as? String == pending.id.uuidString)
            #expect(shown.first?["original"] as? String == text)
            #expect(shown.first?["shownText"] as? String == text)
            #expect(shown.first?["translationStatus"] as? String == "pending")
            #expect((shown.first?["translationError"] as? String)?.contains("pending") == true)

            // Another try while the backend is still down leaves it pending, its job queued again.
            #expect(await services.messaging?.runDueJobs() == 1)
            #expect(try await fixture.store.message(id: pending.id).translationStatus == .pending)
            #expect(try await fixture.store.jobs(subjectID: pending.id).map(\.state) == [.queued])

            // The backend is back: the next try translates it.
            var up = try fixture.services(access: access)
            up.messagingConfiguration.retryDelay = .zero
            let worker = try #require(up.messaging)
            #expect(await worker.runDueJobs() == 1)
            let translated = try await fixture.store.message(id: pending.id)
            #expect(translated.translationStatus == .translated || translated.translationStatus == .needsReview)
            #expect(translated.original == text)
            #expect(translated.shownText != text)
            #expect(translated.translationError == nil || translated.translationStatus == .needsReview)
            #expect(try await fixture.store.messagesPendingTranslation(limit: 10).isEmpty)
            #expect(await worker.runDueJobs() == 0)

            // Now the rep sees the English, with the original kept.
            let after = try await Self.repView(app, conversationID: pending.conversationID)
            let status = after.first?["translationStatus"] as? String
            #expect(status == "translated" || status == "needsReview")
            #expect(after.first?["original"] as? String == text)
            #expect(after.first?["shownText"] as? String == translated.shownText)
            #expect(after.first?["shownText"] as? String != text)
        }
    }

    @Test(arguments: StoreKind.allCases) func tenConcurrentDeliveriesOfOneWebhookStoreOneMessage(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            let webhook = TwilioWebhookRequest.inbound(body: "¿Me pueden llamar hoy?", sid: "SM0000000000000000000000000000008")
            let headers = webhook.headers(url: Self.inboundURL, token: Self.token)
            try await app.test(.router) { client in
                try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            try await client.execute(uri: "/webhooks/twilio/inbound", method: .post, headers: headers, body: webhook.body) {
                                $0.status
                            }
                        }
                    }
                    for try await status in group { #expect(status == .ok) }
                }
            }
            try await fixture.translatePending()
            let messages = try await fixture.messages()
            #expect(messages.count == 1)
            #expect(messages.first?.providerMessageID == "SM0000000000000000000000000000008")
            #expect(messages.first?.translationStatus == .translated || messages.first?.translationStatus == .needsReview)
        }
    }

    /// A conversation's messages as the rep's client gets them: `GET /v1/conversations/:id/messages`.
    static func repView(_ app: some ApplicationProtocol, conversationID: UUID) async throws -> [[String: Any]] {
        let headers: HTTPFields = [.authorization: "Bearer \(repKey)"]
        let body = try await app.test(.router) { client in
            try await client.execute(uri: "/v1/conversations/\(conversationID)/messages", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
    }

    @Test(arguments: StoreKind.allCases) func theJobWorkerTranslatesWhatAWebhookStoredAndStopsWhenCancelled(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let services = try fixture.services()
            let worker = JobWorker(messaging: try #require(services.messaging), pollInterval: .seconds(3_600))
            let task = Task { try await worker.run() }
            let app = Application(router: ThreadFixture.router(services))
            let webhook = TwilioWebhookRequest.inbound(body: "¿Pueden venir el jueves?", sid: "SM0000000000000000000000000000009")
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: Self.inboundURL, token: Self.token),
                    body: webhook.body
                ) { #expect($0.status == .ok) }
            }
            // The webhook woke the worker: no poll is due for an hour.
            var message = try #require(try await fixture.messages().first)
            for _ in 0..<400 where message.translationStatus == .pending {
                try await Task.sleep(for: .milliseconds(25))
                message = try #require(try await fixture.messages().first)
            }
            #expect(message.translationStatus == .translated || message.translationStatus == .needsReview)
            task.cancel()
            try await task.value
        }
    }

    @Test(arguments: StoreKind.allCases) func statusCallbacksMoveDeliveryForward(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let contact = try await fixture.store.findOrCreateContact(phone: ThreadFixture.contactPhone)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.number.id, contactID: contact.id)
            let sent = try await fixture.store.appendOutbound(OutboundMessageDraft(
                conversationID: conversation.id, text: "We can come at 3pm.",
                translation: MessageTranslation(status: .translated, sentText: "Podemos ir a las 3pm."),
                deliveryStatus: .sent, providerMessageID: "SM00000000000000000000000000000aa"))
            let app = Application(router: ThreadFixture.router(try fixture.services()))
            try await app.test(.router) { client in
                for status in ["sent", "delivered", "sent"] {
                    let webhook = TwilioWebhookRequest.status(sid: "SM00000000000000000000000000000aa", status: status)
                    try await client.execute(
                        uri: "/webhooks/twilio/status", method: .post, headers: webhook.headers(url: Self.statusURL, token: Self.token),
                        body: webhook.body
                    ) { #expect($0.status == .ok) }
                }
                // A message Parley does not know: nothing to do, still 200 so Twilio does not retry.
                let unknown = TwilioWebhookRequest.status(sid: "SM00000000000000000000000000000bb", status: "delivered")
                try await client.execute(
                    uri: "/webhooks/twilio/status", method: .post, headers: unknown.headers(url: Self.statusURL, token: Self.token),
                    body: unknown.body
                ) { #expect($0.status == .ok) }
                // Unsigned: refused.
                try await client.execute(
                    uri: "/webhooks/twilio/status", method: .post, headers: unknown.headers(url: nil, token: Self.token), body: unknown.body
                ) { #expect($0.status == .forbidden) }
            }
            #expect(try await fixture.store.message(id: sent.id).deliveryStatus == .delivered)

            let failed = try await fixture.store.appendOutbound(OutboundMessageDraft(
                conversationID: conversation.id, text: "Hello?", deliveryStatus: .sent, providerMessageID: "SM00000000000000000000000000000cc"))
            try await app.test(.router) { client in
                var webhook = TwilioWebhookRequest.status(sid: "SM00000000000000000000000000000cc", status: "undelivered")
                webhook.fields.append(("ErrorCode", "30003"))
                try await client.execute(
                    uri: "/webhooks/twilio/status", method: .post, headers: webhook.headers(url: Self.statusURL, token: Self.token),
                    body: webhook.body
                ) { #expect($0.status == .ok) }
            }
            #expect(try await fixture.store.message(id: failed.id).deliveryStatus == .undelivered)
        }
    }

    @Test(arguments: StoreKind.allCases) func inboundWebhookOverARealSocket(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            // No public base URL: the signature covers the Host the request came to.
            let services = ParleyServices(
                pipeline: try ThreadFixture.pipeline(), store: fixture.store, sender: LogSender(quiet: true),
                webhooks: WebhookSettings(authToken: ThreadFixture.authToken))
            let app = Application(
                router: ThreadFixture.router(services), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            let text = "Gracias, los espero el lunes a las nueve."
            let webhook = TwilioWebhookRequest.inbound(body: text, sid: "SM0000000000000000000000000000007")
            try await app.test(.live) { client in
                // HummingbirdTesting's live client sends `Host: localhost`.
                let url = "http://localhost/webhooks/twilio/inbound"
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: url, token: Self.token), body: webhook.body
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("<Response></Response>"))
                }
            }
            try await fixture.translatePending()
            let message = try #require(try await fixture.messages().first)
            #expect(message.original == text)
            #expect(message.translationStatus == .translated || message.translationStatus == .needsReview)
        }
    }
}
