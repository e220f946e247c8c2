import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// ``LibreTranslateBackend`` against ``LibreTranslateFake`` over real HTTP.
@Suite struct LibreTranslateBackendTests {
    /// One client for the suite: a client released before its transfer thread starts trips an
    /// `unowned self` in `ParleyHTTPClient`, and Parley shares one client per process anyway.
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
    var client: ParleyHTTPClient { Self.client }
    let en = LanguageTag("en")!
    let es = LanguageTag("es")!

    func backend(_ fake: LibreTranslateFake, key: String? = LibreTranslateFake.key,
                 timeout: Duration? = nil) -> LibreTranslateBackend {
        LibreTranslateBackend(baseURL: fake.baseURL, key: key.map(Secret.init), timeout: timeout, client: client)
    }

    /// The error a translation throws.
    func failure(
        _ backend: LibreTranslateBackend, _ texts: [String] = ["Hello"], from source: LanguageTag? = nil,
        to target: LanguageTag? = nil
    ) async -> TranslationError? {
        do {
            _ = try await backend.translate(texts, from: source ?? en, to: target ?? es, options: .init())
            return nil
        } catch {
            return error
        }
    }

    /// A fake whose `/translate` answers `reply` (its `/languages` stays real).
    func fake(translateReply reply: FakeHTTPServer.Reply) throws -> LibreTranslateFake {
        try LibreTranslateFake { $0.path == "/translate" ? reply : nil }
    }

    @Test func translatesArrayInArrayOutWithTheRealShape() async throws {
        let fake = try LibreTranslateFake()
        let texts = ["Hello", "My AC is broken", "Call {{name}}"]
        let result = try await backend(fake).translate(texts, from: en, to: es, options: .init())
        #expect(result == texts.map { "[ES] " + $0 })

        let request = try #require(fake.translateRequests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/translate")
        #expect(request.header("Content-Type") == "application/json")
        let body = try #require(request.json as? [String: Any])
        #expect(body["q"] as? [String] == texts)
        #expect(body["source"] as? String == "en")
        #expect(body["target"] as? String == "es")
        #expect(body["format"] as? String == "text")
        #expect(body["api_key"] as? String == LibreTranslateFake.key)
    }

    @Test func readsTheLanguageListOnce() async throws {
        let fake = try LibreTranslateFake()
        let subject = backend(fake)
        _ = try await subject.translate("Hello", from: en, to: es)
        _ = try await subject.translate("Hola", from: es, to: en)
        #expect(fake.requests.filter { $0.path == "/languages" }.count == 1)
        #expect(fake.translateRequests.count == 2)
    }

    @Test(arguments: [("zh-Hans", "zh"), ("zh-CN", "zh"), ("zh-Hant", "zt"), ("zh-TW", "zt"), ("tl", "tl"), ("fil", "tl"),
                      ("pt", "pt"), ("pt-BR", "pt"), ("es-MX", "es")])
    func sendsClassicCodes(tag: String, code: String) async throws {
        let fake = try LibreTranslateFake()
        let result = try await backend(fake).translate("Hello", from: en, to: LanguageTag(tag)!)
        #expect((fake.translateRequests.first?.json as? [String: Any])?["target"] as? String == code)
        #expect(result == "[\(code.uppercased())] Hello")
    }

    @Test(arguments: [("zh-Hans", "zh-Hans"), ("zh-Hant", "zh-Hant"), ("pt-BR", "pb"), ("pt", "pt")])
    func sendsCodesTheServerLists(tag: String, code: String) async throws {
        let fake = try LibreTranslateFake(languages: LibreTranslateFake.modernLanguages)
        _ = try await backend(fake).translate("Hello", from: en, to: LanguageTag(tag)!)
        #expect((fake.translateRequests.first?.json as? [String: Any])?["target"] as? String == code)
    }

    @Test func undeterminedSourceIsAuto() async throws {
        let fake = try LibreTranslateFake()
        _ = try await backend(fake).translate("Hola", from: .und, to: en)
        #expect((fake.translateRequests.first?.json as? [String: Any])?["source"] as? String == "auto")
    }

    @Test func listsPairsWithParleyTags() async throws {
        let fake = try LibreTranslateFake()
        let pairs = Set(try await backend(fake).supportedPairs())
        #expect(pairs.contains(LanguagePair(en, es)))
        #expect(pairs.contains(LanguagePair(es, LanguageTag("zh-Hant")!)))
        #expect(pairs.contains(LanguagePair(LanguageTag("zh-Hans")!, LanguageTag("tl")!)))
        #expect(pairs.contains(LanguagePair(en, LanguageTag("fr")!)))
        #expect(!pairs.contains(LanguagePair(es, LanguageTag("fr")!)))
        #expect(!pairs.contains(LanguagePair(en, en)))
        #expect(await backend(fake).health().isHealthy)
    }

    @Test func unlistedPairFailsWithoutATranslationRequest() async throws {
        let fake = try LibreTranslateFake()
        let error = try #require(await failure(backend(fake), from: es, to: LanguageTag("fr")!))
        #expect(error.code == .unsupportedPair)
        #expect(fake.translateRequests.isEmpty)
    }

    @Test func serverRefusingALanguageIsUnsupportedPair() async throws {
        // A server without /languages (404): the default codes are sent and the server refuses.
        let fake = try LibreTranslateFake { request in
            request.path == "/languages" ? .text(404, "Not Found", contentType: "text/html") : nil
        }
        let error = try #require(await failure(backend(fake), to: LanguageTag("ko")!))
        #expect(error.code == .unsupportedPair)
        #expect(error.message.contains("ko is not supported"))
        #expect(fake.translateRequests.count == 1)
    }

    @Test func targetNotReachableFromSourceIsUnsupportedPair() async throws {
        let fake = try fake(translateReply: LibreTranslateFake.error(
            400, "French (fr) is not available as a target language from Spanish (es)"))
        #expect(await failure(backend(fake))?.code == .unsupportedPair)
    }

    @Test func wrongKeyIsAuthentication() async throws {
        let fake = try LibreTranslateFake()
        let error = try #require(await failure(backend(fake, key: "wrong-key")))
        #expect(error.code == .authentication)
        #expect(error.status == 403)
        #expect(error.message.contains("Invalid API key"))
    }

    @Test func missingKeyIsAuthentication() async throws {
        let fake = try LibreTranslateFake()
        let error = try #require(await failure(backend(fake, key: nil)))
        #expect(error.code == .authentication)
        #expect(error.status == 400)
        #expect((fake.translateRequests.first?.json as? [String: Any])?["api_key"] == nil)
    }

    @Test func dailyLimitIsQuotaExceeded() async throws {
        let fake = try fake(translateReply: LibreTranslateFake.error(429, "Slowdown: 100 per 1 day"))
        #expect(await failure(backend(fake))?.code == .quotaExceeded)
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        let fake = try fake(translateReply: LibreTranslateFake.error(
            429, "Slowdown: 30 per 1 minute", headers: [("Retry-After", "12")]))
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .seconds(12))
    }

    @Test func characterLimitIsTextTooLong() async throws {
        let fake = try LibreTranslateFake(characterLimit: 10)
        let error = try #require(await failure(backend(fake), ["This text is longer than ten characters"]))
        #expect(error.code == .textTooLong)
    }

    @Test func otherBadRequestIsInvalidRequest() async throws {
        let fake = try fake(translateReply: LibreTranslateFake.error(400, "Invalid request: missing q parameter"))
        #expect(await failure(backend(fake))?.code == .invalidRequest)
    }

    @Test func serverErrorIsUnavailable() async throws {
        let fake = try fake(translateReply: LibreTranslateFake.error(
            500, "Cannot translate text: Unable to open file 'model.bin' in model"))
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .unavailable)
        #expect(error.status == 500)
    }

    @Test func malformedJSONIsBadResponse() async throws {
        let fake = try fake(translateReply: .text(200, #"{"translatedText":["#))
        #expect(await failure(backend(fake))?.code == .badResponse)
    }

    @Test func wrongCountIsBadResponse() async throws {
        let fake = try fake(translateReply: .json(200, ["translatedText": ["uno"]]))
        #expect(await failure(backend(fake), ["one", "two"])?.code == .badResponse)
    }

    @Test func slowAnswerIsTimeout() async throws {
        let fake = try fake(translateReply: .delay(.seconds(2), .json(200, ["translatedText": ["Hola"]])))
        let error = try #require(await failure(backend(fake, timeout: .milliseconds(300))))
        #expect(error.code == .timeout)
    }

    @Test func connectionResetIsUnavailable() async throws {
        let fake = try fake(translateReply: .reset)
        #expect(await failure(backend(fake))?.code == .unavailable)
    }

    @Test func unreachableServerIsUnavailable() async throws {
        // Port 1 refuses connections. (Stopping a fake right after starting it can hand its socket
        // number to another test's server while its accept thread is still starting.)
        let subject = LibreTranslateBackend(baseURL: "http://127.0.0.1:1", key: Secret(LibreTranslateFake.key), client: client)
        #expect(await failure(subject)?.code == .unavailable)
    }

    @Test func keyNeverAppearsInErrorsOrDescriptions() async throws {
        let key = LibreTranslateFake.key
        let replies: [FakeHTTPServer.Reply] = [
            LibreTranslateFake.error(403, "Invalid API key \(key)"),
            LibreTranslateFake.error(400, "Key \(key): xx is not supported"),
            LibreTranslateFake.error(429, "Slowdown: \(key) 100 per 1 day"),
            LibreTranslateFake.error(500, "Cannot translate text for \(key)"),
            .text(200, "garbage \(key)"),
            .reset,
            .delay(.seconds(2), .json(200, [:])),
        ]
        for reply in replies {
            let fake = try fake(translateReply: reply)
            let subject = backend(fake, timeout: .milliseconds(300))
            let error = try #require(await failure(subject))
            #expect(!error.description.contains(key), "\(error.code) leaks the key")
            #expect(!String(reflecting: subject).contains(key))
        }
    }
}
