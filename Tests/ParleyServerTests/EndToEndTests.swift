import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyTranslation
import ParleyThreadsTesting
import Testing

@testable import ParleyServer

/// The whole path over real HTTP on a loopback port: the provider's signed webhook with a Spanish
/// SMS, the rep's event stream, the rep's English reply previewed and sent, and the Spanish the
/// sender was handed — against the real APy and a real store.
@Suite struct EndToEndTests {
    static let repKey = "dana-key-0123456789abcdef"

    @Test(arguments: StoreKind.allCases) func spanishInboundToEnglishReplyOverRealHTTP(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let sender = LogSender(quiet: true)
            var services = try fixture.services(access: try AccessKeys(parsing: "rep:dana@example.com=\(Self.repKey)"))
            services.sender = sender
            let app = buildApplication(services)
            // The job worker `parley serve` runs beside the app: it translates what the webhook stored.
            let worker = Task { try await JobWorker(messaging: try #require(services.messaging)).run() }
            defer { worker.cancel() }
            let inbound = "Hola, el aire acondicionado no enfría. ¿Pueden venir mañana a las 3? Mi casa: 12 Calle Luna."
            let reply = "Yes, a technician can come tomorrow at 3 PM. Reply STOP to opt out."

            try await app.test(.live) { client in
                let port = try #require(client.port)
                let base = "http://127.0.0.1:\(port)"
                // The rep's panel is open: a real SSE client on every conversation the rep sees.
                let stream = try EventStreamReader(url: base + "/v1/events", key: Self.repKey)
                defer { stream.close() }
                #expect(try await stream.waitUntilOpen())

                // 1. The provider posts the contact's Spanish SMS, signed.
                let webhook = TwilioWebhookRequest.inbound(body: inbound, sid: "SM00000000000000000000000000e2e01")
                let url = ThreadFixture.publicBaseURL + "/webhooks/twilio/inbound"
                try await client.execute(
                    uri: "/webhooks/twilio/inbound", method: .post, headers: webhook.headers(url: url, token: ThreadFixture.authToken.value),
                    body: webhook.body
                ) { response in
                    #expect(response.status == .ok)
                }

                // 2. Acknowledged once stored; its translation job reaches the rep's stream.
                let translatedEvent = try await stream.first { $0.data.contains("\"translated\"") && $0.data.contains("inbound") }
                #expect(translatedEvent != nil)
                let stored = try #require(try await fixture.messages().first)
                #expect(stored.original == inbound)
                #expect(stored.detectedLanguage?.language == "es")
                #expect(stored.translationStatus == .translated)
                #expect(stored.shownText != inbound && stored.shownText.contains("12"))
                #expect(stored.shownText.lowercased().contains("cool"))

                // 3. The rep's stream carries the translated message.
                let event = try await stream.first { event in
                    event.data.contains(stored.id.uuidString) && event.data.contains("\"translated\"")
                }
                let eventData = try #require(event?.data)
                let payload = try JSONSerialization.jsonObject(with: Data(eventData.utf8)) as? [String: Any]
                let message = payload?["message"] as? [String: Any]
                #expect(message?["original"] as? String == inbound)
                #expect(message?["shownText"] as? String == stored.shownText)

                // 4. The rep previews the English reply: Spanish, its back-translation, its segments.
                let conversationID = stored.conversationID
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(Self.repKey)"
                headers[.contentType] = "application/json"
                let compose = try String(decoding: JSONSerialization.data(withJSONObject: ["text": reply]), as: UTF8.self)
                let preview = try await client.execute(
                    uri: "/v1/conversations/\(conversationID)/preview", method: .post, headers: headers, body: ByteBuffer(string: compose)
                ) { response throws in
                    #expect(response.status == .ok)
                    return try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                }
                let spanish = try #require(preview["text"] as? String)
                let token = try #require(preview["token"] as? String)
                #expect(preview["readyToSend"] as? Bool == true)
                #expect(preview["language"] as? String == "es")
                #expect(spanish != reply && spanish.contains("3"))
                #expect((preview["backTranslation"] as? String)?.isEmpty == false)
                #expect((preview["segments"] as? Int ?? 0) >= 1)

                // 5. Send what was previewed: the sender gets that Spanish, to the contact, from the rep's number.
                let approved = try String(decoding: JSONSerialization.data(withJSONObject: ["text": reply, "previewToken": token]), as: UTF8.self)
                try await client.execute(
                    uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: headers, body: ByteBuffer(string: approved)
                ) { response in
                    #expect(response.status == .created)
                }
                let handed = try #require(sender.sent.last)
                #expect(sender.sent.count == 1)
                #expect(handed.body == spanish)
                #expect(handed.to == ThreadFixture.contactPhone)
                #expect(handed.from == ThreadFixture.businessPhone)

                // 6. Stored with its English, the exact Spanish sent, provenance and the provider's id.
                let outbound = try #require(try await fixture.messages().last)
                #expect(outbound.direction == .outbound)
                #expect(outbound.original == reply)
                #expect(outbound.sentText == spanish)
                #expect(outbound.deliveryStatus == .sent)
                #expect(outbound.providerMessageID == handed.id)
                let provenance = try #require(outbound.provenance)
                #expect(provenance.backend?.hasPrefix("apertium") == true)
                // The send is the preview's translation, made once by the backend: what the rep saw is what went out.
                #expect(provenance.origin == "backend")
                #expect(!provenance.stages.isEmpty)

                // 7. And the stream shows the sent reply too.
                let sentEvent = try await stream.first { $0.data.contains(outbound.id.uuidString) && $0.data.contains("\"sent\"") }
                #expect(sentEvent != nil)
            }
        }
    }
}
