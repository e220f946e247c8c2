import ParleyMessaging
import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyThreads
import ParleyTranslation
import Testing

@testable import ParleyServer

/// `TwilioSender` against a fake of Twilio's Messages API on a loopback port.
@Suite struct TwilioSenderTests {
    static let from = try! PhoneNumber(parsing: "+14105550100")
    static let to = try! PhoneNumber(parsing: "+525512345678")

    func withFake(
        token: String? = nil, statusCallback: String? = nil,
        _ body: @Sendable @escaping (TwilioFake, TwilioSender) async throws -> Void
    ) async throws {
        let fake = TwilioFake()
        try await fake.application().test(.live) { client in
            let port = try #require(client.port)
            let sender = TwilioSender(
                configuration: .init(
                    accountSID: fake.accountSID, authToken: Secret(token ?? fake.authToken), baseURL: "http://127.0.0.1:\(port)/",
                    statusCallback: statusCallback),
                client: ThreadFixture.client)
            try await body(fake, sender)
        }
    }

    @Test func sendsTheFormWithBasicAuthAndReturnsTheSid() async throws {
        try await withFake(statusCallback: "https://parley.example.com/webhooks/twilio/status") { fake, sender in
            let text = "Hola, ¿podemos ir mañana a las 3pm? 👍 & más"
            let sid = try await sender.send(text, from: Self.from, to: Self.to)
            #expect(sid.hasPrefix("SM") && sid.count == 34)
            let request = try #require(fake.received.last)
            #expect(request.path == "/2010-04-01/Accounts/\(fake.accountSID)/Messages.json")
            #expect(request.contentType == "application/x-www-form-urlencoded")
            #expect(request.form["To"] == "+525512345678")
            #expect(request.form["From"] == "+14105550100")
            #expect(request.form["Body"] == text)
            #expect(request.form["StatusCallback"] == "https://parley.example.com/webhooks/twilio/status")
            #expect(sender.name == "twilio")
        }
        try await withFake { fake, sender in
            _ = try await sender.send("Hi", from: Self.from, to: Self.to)
            #expect(fake.received.last?.form["StatusCallback"] == nil)
        }
    }

    @Test func twilioRefusalIsFinalWithTwiliosMessage() async throws {
        try await withFake { _, sender in
            let error = try await #require(throws: SendError.self) {
                try await sender.send("Hi", from: Self.from, to: try PhoneNumber(parsing: "+15005550001"))
            }
            #expect(!error.isRetryable)
            #expect(error.message.contains("Invalid 'To' Phone Number"))
            #expect(error.message.contains("21211"))
        }
    }

    @Test func badCredentialsAreFinalAndTheTokenIsNeverInTheError() async throws {
        let wrong = "wrong-token-that-must-not-leak-42"
        try await withFake(token: wrong) { _, sender in
            let error = try await #require(throws: SendError.self) { try await sender.send("Hi", from: Self.from, to: Self.to) }
            #expect(!error.isRetryable)
            #expect(error.message.contains("credentials") || error.message.contains("auth token"))
            #expect(!error.message.contains(wrong))
            #expect(!error.description.contains(wrong))
            #expect(!String(reflecting: error).contains(wrong))
        }
    }

    @Test func unavailableAndUnreachableAreRetryable() async throws {
        try await withFake { _, sender in
            let error = try await #require(throws: SendError.self) { try await sender.send("please answer 503", from: Self.from, to: Self.to) }
            #expect(error.isRetryable)
            #expect(error.message.contains("503"))
        }
        let down = TwilioSender(
            configuration: .init(accountSID: "AC0123456789abcdef0123456789abcdef", authToken: Secret("secret-token-0123456789"),
                                 baseURL: "http://127.0.0.1:9"),
            client: ThreadFixture.client)
        let error = try await #require(throws: SendError.self) { try await down.send("Hi", from: Self.from, to: Self.to) }
        #expect(error.isRetryable)
        #expect(!error.message.contains("secret-token-0123456789"))
    }
}
