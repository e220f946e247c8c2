import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// ``AzureBackend`` against ``AzureFake`` over real HTTP.
@Suite struct AzureBackendTests {
    /// One client for the suite: a client released before its transfer thread starts trips an
    /// `unowned self` in `ParleyHTTPClient`, and Parley shares one client per process anyway.
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
    var client: ParleyHTTPClient { Self.client }
    let en = LanguageTag("en")!
    let es = LanguageTag("es")!

    func backend(_ fake: AzureFake, key: String = AzureFake.key, region: String? = AzureFake.region,
                 timeout: Duration? = nil) -> AzureBackend {
        AzureBackend(key: Secret(key), region: region, baseURL: fake.baseURL, timeout: timeout, client: client)
    }

    /// The error a translation throws.
    func failure(_ backend: AzureBackend, _ texts: [String] = ["Hello"], to target: LanguageTag? = nil,
                 options: TranslationOptions = .init()) async -> TranslationError? {
        do {
            _ = try await backend.translate(texts, from: en, to: target ?? es, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func translatesWithTheRealRequestShape() async throws {
        let fake = try AzureFake()
        let result = try await backend(fake).translate(["Hello", "My AC is broken"], from: en, to: es, options: .init())
        #expect(result == ["[ES] Hello", "[ES] My AC is broken"])

        let request = try #require(fake.translateRequests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/translate")
        #expect(request.query == ["api-version": ["3.0"], "from": ["en"], "to": ["es"], "textType": ["plain"]])
        #expect(request.header("Ocp-Apim-Subscription-Key") == AzureFake.key)
        #expect(request.header("Ocp-Apim-Subscription-Region") == "eastus")
        #expect(request.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(request.header("X-ClientTraceId")?.isEmpty == false)
        let body = try #require(request.json as? [[String: String]])
        #expect(body == [["Text": "Hello"], ["Text": "My AC is broken"]])
    }

    @Test func leavesOutTheRegionHeaderForAGlobalResource() async throws {
        let fake = try AzureFake(region: nil)
        _ = try await backend(fake, region: nil).translate("Hello", from: en, to: es)
        #expect(fake.translateRequests.first?.header("Ocp-Apim-Subscription-Region") == nil)
    }

    @Test func undeterminedSourceLetsAzureDetect() async throws {
        let fake = try AzureFake()
        _ = try await backend(fake).translate("Hola", from: .und, to: en)
        #expect(fake.translateRequests.first?.query["from"] == nil)
        #expect(fake.translateRequests.first?.query["to"] == ["en"])
    }

    @Test(arguments: [
        ("zh-Hans", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-Hant", "zh-Hant"), ("tl", "fil"), ("fil", "fil"),
        ("pt", "pt"), ("pt-BR", "pt"), ("pt-PT", "pt-pt"), ("ht", "ht"), ("so", "so"), ("am", "am"), ("fa", "fa"),
        ("es-MX", "es"), ("fr-CA", "fr-ca"),
    ])
    func sendsAzureLanguageCodes(tag: String, code: String) async throws {
        let fake = try AzureFake()
        let result = try await backend(fake).translate("Hello", from: en, to: LanguageTag(tag)!)
        #expect(fake.translateRequests.first?.query["to"] == [code])
        #expect(result == "[\(code.uppercased())] Hello")
    }

    @Test func batchesAtOneHundredTexts() async throws {
        let fake = try AzureFake()
        let texts = (0..<250).map { "text \($0)" }
        let result = try await backend(fake).translate(texts, from: en, to: es, options: .init())
        #expect(result == texts.map { "[ES] " + $0 })
        let counts = fake.translateRequests.compactMap { ($0.json as? [Any])?.count }
        #expect(counts == [100, 100, 50])
    }

    @Test func batchesByCharacters() async throws {
        let fake = try AzureFake()
        let texts = Array(repeating: String(repeating: "a", count: 4_000), count: 5)
        _ = try await backend(fake).translate(texts, from: en, to: es, options: .init())
        let counts = fake.translateRequests.compactMap { ($0.json as? [Any])?.count }
        #expect(counts == [2, 2, 1])
    }

    @Test func wrapsTermsInDynamicDictionaryMarkup() async throws {
        let fake = try AzureFake()
        let options = TranslationOptions(terms: ["furnace": "calefactor", "heat pump": "bomba de calor"])
        let result = try await backend(fake).translate(
            ["The Furnace and the heat pump; furnaces, superfurnace are not a furnace."], from: en, to: es, options: options)
        let body = try #require(fake.translateRequests.first?.json as? [[String: String]])
        #expect(body.first?["Text"] == """
            The <mstrans:dictionary translation="calefactor">Furnace</mstrans:dictionary> and the \
            <mstrans:dictionary translation="bomba de calor">heat pump</mstrans:dictionary>; furnaces, superfurnace are \
            not a <mstrans:dictionary translation="calefactor">furnace</mstrans:dictionary>.
            """)
        #expect(result == ["[ES] The calefactor and the bomba de calor; furnaces, superfurnace are not a calefactor."])
    }

    @Test func marksTermsWithoutWordBoundariesInChinese() async throws {
        let fake = try AzureFake()
        let options = TranslationOptions(terms: ["空调": "air conditioner"])
        _ = try await backend(fake).translate(["我的空调坏了"], from: LanguageTag("zh-Hans")!, to: en, options: options)
        let body = try #require(fake.translateRequests.first?.json as? [[String: String]])
        #expect(body == [["Text": "我的<mstrans:dictionary translation=\"air conditioner\">空调</mstrans:dictionary>坏了"]])
    }

    @Test func ignoresTermsWhenEnglishIsNeitherSide() async throws {
        let fake = try AzureFake()
        let options = TranslationOptions(terms: ["calefactor": "chaudière"])
        _ = try await backend(fake).translate(["El calefactor"], from: es, to: LanguageTag("fr")!, options: options)
        let body = try #require(fake.translateRequests.first?.json as? [[String: String]])
        #expect(body == [["Text": "El calefactor"]])
    }

    @Test func wrongKeyIsAuthentication() async throws {
        let fake = try AzureFake()
        let error = try #require(await failure(backend(fake, key: "wrong-key")))
        #expect(error.code == .authentication)
        #expect(error.status == 401)
        #expect(error.message.contains("401000"))
    }

    @Test func wrongRegionIsAuthentication() async throws {
        let fake = try AzureFake()
        let error = try #require(await failure(backend(fake, region: "westeurope")))
        #expect(error.code == .authentication)
    }

    @Test func freeTierQuotaIsQuotaExceeded() async throws {
        let fake = try AzureFake { _ in AzureFake.error(403_001, "The operation is not allowed because the subscription has exceeded its free quota.") }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .quotaExceeded)
        #expect(error.status == 403)
        #expect(error.message.contains("free tier"))
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        let fake = try AzureFake { _ in
            AzureFake.error(429_001, "The server rejected the request because the client has exceeded request limits.",
                            headers: [("Retry-After", "7")])
        }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .seconds(7))
        #expect(error.isRetryable)
    }

    @Test func unknownTargetIsUnsupportedPair() async throws {
        let fake = try AzureFake()
        let error = try #require(await failure(backend(fake), to: LanguageTag("xx")!))
        #expect(error.code == .unsupportedPair)
        #expect(fake.translateRequests.first?.query["to"] == ["xx"])
    }

    @Test func unsupportedSourceCodeIsUnsupportedPair() async throws {
        let fake = try AzureFake { _ in AzureFake.error(400_035, "The source language is not valid.") }
        #expect(await failure(backend(fake))?.code == .unsupportedPair)
    }

    @Test func tooLongTextIsTextTooLong() async throws {
        let fake = try AzureFake()
        let error = try #require(await failure(backend(fake), [String(repeating: "a", count: 50_001)]))
        #expect(error.code == .textTooLong)
        #expect(error.message.contains("400050"))
    }

    @Test func serverErrorIsUnavailable() async throws {
        let fake = try AzureFake { _ in AzureFake.error(503_000, "The service is temporarily unavailable.") }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .unavailable)
        #expect(error.status == 503)
    }

    @Test func emptyUnauthorizedBodyIsStillAuthentication() async throws {
        let fake = try AzureFake { _ in .text(401, "") }
        #expect(await failure(backend(fake))?.code == .authentication)
    }

    @Test func malformedJSONIsBadResponse() async throws {
        let fake = try AzureFake { _ in .text(200, #"[{"translations":[{"text":"#) }
        #expect(await failure(backend(fake))?.code == .badResponse)
    }

    @Test func wrongResultCountIsBadResponse() async throws {
        let fake = try AzureFake { _ in .json(200, [["translations": [["text": "uno", "to": "es"]]]]) }
        let error = try #require(await failure(backend(fake), ["one", "two"]))
        #expect(error.code == .badResponse)
    }

    @Test func slowAnswerIsTimeout() async throws {
        let fake = try AzureFake { _ in .delay(.seconds(2), .json(200, [])) }
        let error = try #require(await failure(backend(fake, timeout: .milliseconds(300))))
        #expect(error.code == .timeout)
    }

    @Test func connectionResetIsUnavailable() async throws {
        let fake = try AzureFake { _ in .reset }
        #expect(await failure(backend(fake))?.code == .unavailable)
    }

    @Test func keyNeverAppearsInErrorsOrDescriptions() async throws {
        let key = AzureFake.key
        let replies: [FakeHTTPServer.Reply] = [
            AzureFake.error(401_000, "The key \(key) is not valid."),
            AzureFake.error(403_001, "Quota for \(key) exceeded."),
            AzureFake.error(429_000, "Slow down, \(key).", headers: [("Retry-After", "1")]),
            AzureFake.error(400_036, "Bad target for \(key)."),
            AzureFake.error(500_000, "Failure for \(key)."),
            .text(200, "not json \(key)"),
            .reset,
            .delay(.seconds(2), .json(200, [])),
        ]
        for reply in replies {
            let fake = try AzureFake { _ in reply }
            let subject = backend(fake, timeout: .milliseconds(300))
            let error = try #require(await failure(subject))
            #expect(!error.description.contains(key), "\(error.code) leaks the key")
            #expect(!String(describing: subject).contains(key))
            #expect(!String(reflecting: subject).contains(key))
        }
    }

    @Test func listsPairsFromTheLanguagesEndpoint() async throws {
        let fake = try AzureFake()
        let pairs = try await backend(fake).supportedPairs()
        #expect(pairs.contains(LanguagePair(en, es)))
        #expect(pairs.contains(LanguagePair(LanguageTag("zh-Hant")!, LanguageTag("tl")!)))
        #expect(!pairs.contains(LanguagePair(en, en)))
        #expect(fake.requests.first?.target == "/languages?api-version=3.0&scope=translation")
        #expect(await backend(fake).health().isHealthy)
    }

    @Test func missingKeyIsNotConfigured() async throws {
        let fake = try AzureFake()
        #expect(await failure(backend(fake, key: ""))?.code == .notConfigured)
        #expect(fake.requests.isEmpty)
    }
}
