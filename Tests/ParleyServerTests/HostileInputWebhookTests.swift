import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import PropertyBased
import Testing

@testable import ParleyServer

/// Twilio's inbound and status webhooks under hostile input: form bodies with fields missing,
/// repeated, huge or junk; invalid percent-encoding, NULs and invalid UTF-8; random phones; wrong
/// content types; oversized bodies; bad signatures when a token is configured. Every request is
/// answered 2xx or 4xx with problem details, in time, and the store stays consistent: a message
/// acknowledged 2xx is stored exactly once, and a 4xx stores nothing. Seeded (see ``Fuzz``).
@Suite struct HostileInputWebhookTests {
    static let inboundPath = "/webhooks/twilio/inbound"

    // MARK: - Findings, kept as regression tests

    /// Found by fuzzing (seed 20261124, 'webhook (unsigned)' case 18): a `MessageSid` with a NUL
    /// (`%00`) was acknowledged and stored, but SQLite hands text back cut at a NUL, so the message
    /// read back under another sid (and a `Body` with a NUL lost its end). PostgreSQL refuses NULs
    /// outright, which was a 503.
    @Test(arguments: HostileFixture.storeKinds) func aNULInAWebhookFieldIsRefusedAndNothingIsStored(_ kind: StoreKind) async throws {
        try await HostileFixture.with(kind) { fixture in
            let app = buildApplication(try fixture.services(), logger: HostileFixture.logger)
            let eventsBefore = try await fixture.store.latestEventID()
            try await app.test(.router) { client in
                for (sid, body) in [("SM0000000000000000000000000000009\u{0}ba", "Hola"), ("SM0000000000000000000000000000010", "Hola\u{0} STOP")] {
                    let webhook = TwilioWebhookRequest.inbound(body: body, sid: sid, from: "+34600111222")
                    let response = try await HostileFixture.send(
                        client, .post, Self.inboundPath, headers: webhook.headers(url: nil, token: ""), body: Array(webhook.body.readableBytesView))
                    #expect(response.status == .badRequest)
                    #expect(try HostileAnswer.check(response)?.title == "NUL character")
                }
            }
            #expect(try await fixture.store.latestEventID() == eventsBefore)
            #expect(try await fixture.store.contact(phone: try PhoneNumber(parsing: "+34600111222")) == nil)
        }
    }
}
