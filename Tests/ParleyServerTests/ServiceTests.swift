import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyHTTP
import ParleyLanguage
import ParleyServer
import ParleyTranslation
import Testing

/// The service's routes over the real APy, through Hummingbird's router test client.
@Suite struct ServiceTests {
    static func services(apertiumURL: String? = nil) throws -> ParleyServices {
        let url = apertiumURL ?? ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
        try #require(!url.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test")
        let backend = ApertiumBackend(baseURL: url, client: client)
        return ParleyServices(
            pipeline: TranslationPipeline(backend: backend, detector: try LanguageDetector()), access: try AccessKeys(parsing: "core=\(coreKey)"))
    }

    static let coreKey = "core-key-0123456789abcdef"

    /// JSON with the messaging core's key.
    static var signedIn: HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(coreKey)"
        headers[.contentType] = "application/json"
        return headers
    }

    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20)))

    @Test func healthReportsTheBackend() async throws {
        let app = buildApplication(try Self.services())
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(body?["status"] as? String == "ok")
                #expect(body?["backendHealthy"] as? Bool == true)
            }
        }
        let down = buildApplication(try Self.services(apertiumURL: "http://127.0.0.1:9"))
        try await down.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(body?["backendHealthy"] as? Bool == false)
            }
        }
    }

    @Test func previewShowsTheSpanishItsBackTranslationAndSegments() async throws {
        let app = buildApplication(try Self.services())
        try await app.test(.router) { client in
            let body = #"{"text": "Thank you, see you tomorrow at 3pm 👍", "language": "es"}"#
            try await client.execute(uri: "/v1/preview", method: .post, headers: Self.signedIn, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let preview = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                #expect(preview["status"] as? String == "translated")
                #expect(preview["readyToSend"] as? Bool == true)
                #expect((preview["text"] as? String)?.contains("Gracias") == true)
                #expect((preview["text"] as? String)?.contains("3 p. m. 👍") == true)  // the time in Spanish conventions
                #expect(preview["encoding"] as? String == "UCS-2")
                #expect(preview["segments"] as? Int == 1)
                #expect((preview["backTranslation"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func badRequestsAreProblemDetails() async throws {
        let app = buildApplication(try Self.services())
        try await app.test(.router) { client in
            // No key: the backend's quota is not anybody's.
            let english = #"{"text": "Hi", "language": "es"}"#
            try await client.execute(uri: "/v1/preview", method: .post, body: ByteBuffer(string: english)) { response in
                #expect(response.status == .unauthorized)
            }
            for (body, title) in [
                (#"{"text": "Hi", "language": "not a tag!"}"#, "Unknown language"),
                (#"{"text": "   ", "language": "es"}"#, "Empty message"),
                (#"{"text": 42}"#, "Malformed JSON"),
                ("{" + String(repeating: " ", count: 70_000) + "}", "Body too large"),
            ] {
                try await client.execute(uri: "/v1/preview", method: .post, headers: Self.signedIn, body: ByteBuffer(string: body)) { response in
                    let expected: HTTPResponse.Status = title == "Body too large" ? .contentTooLarge : .badRequest
                    #expect(response.status == expected)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                    #expect(problem?["title"] as? String == title)
                    #expect(problem?["status"] as? Int == expected.code)
                    #expect((problem?["detail"] as? String)?.isEmpty == false)
                }
            }
        }
    }
}
