import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// The DeepL backend against ``DeepLFake`` over real HTTP.
@Suite struct DeepLBackendTests {
    /// One client for the whole suite, as a program shares one.
    static let sharedClient = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
    var client: ParleyHTTPClient { Self.sharedClient }
    let en = LanguageTag("en")!
    let es = LanguageTag("es")!

    func backend(_ fake: DeepLFake, key: String? = nil, languages: Set<String> = DeepLBackend.standardLanguages,
                 timeout: Duration? = nil) -> DeepLBackend {
        DeepLBackend(apiKey: key ?? fake.key, baseURL: fake.baseURL, languages: languages, timeout: timeout, client: client)
    }

    // MARK: - Success

    @Test func translatesWithTheRealRequestShape() async throws {
        let fake = try DeepLFake()
        let result = try await backend(fake).translate(
            ["The furnace is out", "Call me"], from: en, to: es, options: .init(formality: .formal))
        #expect(result == ["[ES] The furnace is out", "[ES] Call me"])

        let request = try #require(fake.requests.first)
        #expect(fake.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/v2/translate")
        #expect(request.header("Authorization") == "DeepL-Auth-Key \(fake.key)")
        #expect(request.header("Content-Type") == "application/json")
        let body = try #require(request.json as? [String: Any])
        #expect(body["text"] as? [String] == ["The furnace is out", "Call me"])
        #expect(body["target_lang"] as? String == "ES")
        #expect(body["source_lang"] as? String == "EN")
        #expect(body["formality"] as? String == "prefer_more")
        #expect(body["glossary_id"] == nil)
    }

    @Test func sendsDeepLsTargetVariants() async throws {
        let fake = try DeepLFake()
        let deepl = backend(fake)
        let cases: [(String, String)] = [
            ("en", "EN-US"), ("en-US", "EN-US"), ("en-GB", "EN-GB"), ("pt", "PT-BR"), ("pt-BR", "PT-BR"),
            ("pt-PT", "PT-PT"), ("zh-Hans", "ZH-HANS"), ("zh", "ZH-HANS"), ("zh-Hant", "ZH-HANT"), ("zh-TW", "ZH-HANT"),
            ("fr", "FR"), ("es-MX", "ES"), ("nb", "NB"),
        ]
        for (tag, code) in cases {
            let source = tag.hasPrefix("es") ? LanguageTag("de")! : es
            let result = try await deepl.translate(["hola"], from: source, to: LanguageTag(tag)!, options: .init())
            #expect(result == ["[\(code)] hola"], "target \(tag)")
        }
        let sent = fake.requests.compactMap { ($0.json as? [String: Any])?["target_lang"] as? String }
        #expect(sent == cases.map(\.1))
        // Sources are bare codes.
        #expect(deepl.sourceCode(for: LanguageTag("en-GB")!) == "EN")
        #expect(deepl.sourceCode(for: LanguageTag("pt-BR")!) == "PT")
        #expect(deepl.sourceCode(for: LanguageTag("zh-Hant")!) == "ZH")
    }

    @Test func undeterminedSourceIsLeftForDeepLToDetect() async throws {
        let fake = try DeepLFake()
        let result = try await backend(fake).translate(["Hola"], from: .und, to: en, options: .init(formality: .informal))
        #expect(result == ["[EN-US] Hola"])
        let body = try #require(fake.requests.first?.json as? [String: Any])
        #expect(body["source_lang"] == nil)
        #expect(body["formality"] as? String == "prefer_less")
    }

    @Test func longListsAreSentInBatchesOfFifty() async throws {
        let fake = try DeepLFake()
        let texts = (0..<120).map { "text \($0)" }
        let result = try await backend(fake).translate(texts, from: en, to: es, options: .init())
        #expect(result == texts.map { "[ES] \($0)" })
        let sizes = fake.requests.map { (($0.json as? [String: Any])?["text"] as? [String])?.count ?? 0 }
        #expect(sizes == [50, 50, 20])
    }

    @Test func noTextsMeansNoRequest() async throws {
        let fake = try DeepLFake()
        #expect(try await backend(fake).translate([], from: en, to: es, options: .init()) == [])
        #expect(fake.requests.isEmpty)
    }

    // MARK: - Languages DeepL lacks

    @Test(arguments: ["tl", "ht", "so", "am", "vi", "fa", "hi"])
    func unsupportedLanguageFailsBeforeAnyRequest(code: String) async throws {
        let fake = try DeepLFake()
        let deepl = backend(fake)
        let other = LanguageTag(code)!
        let into = try #require(await translationError { try await deepl.translate(["hello"], from: en, to: other, options: .init()) })
        #expect(into.code == .unsupportedPair)
        let from = try #require(await translationError { try await deepl.translate(["hello"], from: other, to: en, options: .init()) })
        #expect(from.code == .unsupportedPair)
        #expect(deepl.targetCode(for: other) == nil)
        #expect(fake.requests.isEmpty)
    }

    @Test func sameLanguageFailsBeforeAnyRequest() async throws {
        let fake = try DeepLFake()
        let error = try #require(await translationError {
            try await backend(fake).translate(["hi"], from: en, to: LanguageTag("en-GB")!, options: .init())
        })
        #expect(error.code == .unsupportedPair)
        #expect(fake.requests.isEmpty)
    }

    @Test func deepLsOwnUnsupportedLanguageAnswerIsUnsupportedPair() async throws {
        // Configured to try Vietnamese, which this account's DeepL (the fake) refuses with a 400.
        let fake = try DeepLFake()
        let deepl = backend(fake, languages: DeepLBackend.standardLanguages.union(["VI"]))
        let error = try #require(await translationError {
            try await deepl.translate(["hello"], from: en, to: LanguageTag("vi")!, options: .init())
        })
        #expect(error.code == .unsupportedPair)
        #expect(error.status == 400)
        #expect(error.message.contains("target_lang"))
        #expect(fake.requests.count == 1)
    }

    // MARK: - Failures

    @Test func wrongKeyIsAuthentication() async throws {
        let fake = try DeepLFake()
        let secret = "wrong-secret-key-1234:fx"
        let error = try #require(await translationError {
            try await backend(fake, key: secret).translate(["hello"], from: en, to: es, options: .init())
        })
        #expect(error.code == .authentication)
        #expect(error.status == 403)
        #expect(!error.description.contains(secret))
        #expect(!error.isRetryable)
    }

    @Test func quotaIs456() async throws {
        let fake = try DeepLFake(failure: .quotaExceeded)
        let error = try #require(await translationError { try await backend(fake).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .quotaExceeded)
        #expect(error.status == 456)
        #expect(error.allowsFallback)
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        let fake = try DeepLFake(failure: .rateLimited(retryAfter: 7))
        let error = try #require(await translationError { try await backend(fake).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .seconds(7))
        #expect(error.isRetryable)
    }

    @Test func malformedJSONIsBadResponse() async throws {
        let fake = try DeepLFake(failure: .malformedJSON)
        let error = try #require(await translationError { try await backend(fake).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .badResponse)
    }

    @Test func aMissingTranslationIsBadResponse() async throws {
        let fake = try DeepLFake(failure: .missingTranslation)
        let error = try #require(await translationError {
            try await backend(fake).translate(["one", "two"], from: en, to: es, options: .init())
        })
        #expect(error.code == .badResponse)
        #expect(error.message.contains("1 translations for 2 texts"))
    }

    @Test func slowAnswerIsTimeout() async throws {
        let fake = try DeepLFake(failure: .slow(.milliseconds(1_500)))
        let error = try #require(await translationError {
            try await backend(fake, timeout: .milliseconds(300)).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(error.code == .timeout)
    }

    @Test func connectionResetIsUnavailable() async throws {
        let fake = try DeepLFake(failure: .reset)
        let error = try #require(await translationError { try await backend(fake).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .unavailable)
    }

    @Test func serverErrorAndOversizeAreMapped() async throws {
        let failing = try DeepLFake(failure: .serverError)
        let unavailable = try #require(await translationError {
            try await backend(failing).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(unavailable.code == .unavailable)
        #expect(unavailable.status == 503)
        let tooLarge = try DeepLFake(failure: .payloadTooLarge)
        let tooLong = try #require(await translationError { try await backend(tooLarge).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(tooLong.code == .textTooLong)
    }

    @Test func missingKeyIsNotConfigured() async throws {
        let fake = try DeepLFake()
        let error = try #require(await translationError { try await backend(fake, key: "  ").translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .notConfigured)
        #expect(fake.requests.isEmpty)
    }

    // MARK: - Glossaries

    @Test func createsAGlossaryAndTranslatesWithIt() async throws {
        let fake = try DeepLFake()
        let deepl = backend(fake)
        let id = try await deepl.createGlossary(
            name: "hvac en-es", source: en, target: LanguageTag("es-MX")!, entriesTSV: "furnace\tcalefactor\nthermostat\ttermostato\n")
        let create = try #require(fake.requests.first)
        #expect(create.method == "POST")
        #expect(create.path == "/v2/glossaries")
        #expect(create.header("Authorization") == "DeepL-Auth-Key \(fake.key)")
        let body = try #require(create.json as? [String: Any])
        #expect(body["name"] as? String == "hvac en-es")
        #expect(body["source_lang"] as? String == "EN")
        #expect(body["target_lang"] as? String == "ES")
        #expect(body["entries_format"] as? String == "tsv")
        #expect(body["entries"] as? String == "furnace\tcalefactor\nthermostat\ttermostato\n")
        #expect(fake.glossaries.map(\.id) == [id])

        let result = try await deepl.translate(
            ["The furnace and the thermostat"], from: en, to: es, options: .init(providerGlossary: id))
        #expect(result == ["[ES] The calefactor and the termostato"])
        let translate = try #require(fake.requests.last?.json as? [String: Any])
        #expect(translate["glossary_id"] as? String == id)
        #expect(translate["source_lang"] as? String == "EN")
    }

    @Test func aGlossaryNeedsASourceLanguage() async throws {
        let fake = try DeepLFake()
        let deepl = backend(fake)
        let translating = try #require(await translationError {
            try await deepl.translate(["hola"], from: .und, to: en, options: .init(providerGlossary: "abc"))
        })
        #expect(translating.code == .invalidRequest)
        #expect(translating.message.contains("source language"))
        let creating = try #require(await translationError {
            try await deepl.createGlossary(name: "g", source: .und, target: es, entriesTSV: "a\tb")
        })
        #expect(creating.code == .invalidRequest)
        let empty = try #require(await translationError {
            try await deepl.createGlossary(name: "g", source: en, target: es, entriesTSV: "no tab here")
        })
        #expect(empty.code == .invalidRequest)
        #expect(fake.requests.isEmpty)
    }

    @Test func anUnknownGlossaryIsInvalidRequest() async throws {
        let fake = try DeepLFake()
        let error = try #require(await translationError {
            try await backend(fake).translate(["hi"], from: en, to: es, options: .init(providerGlossary: "missing"))
        })
        #expect(error.code == .invalidRequest)
        #expect(error.status == 404)
        #expect(error.message.contains("glossary"))
    }

    // MARK: - Endpoint, languages, health

    @Test func freeKeysUseTheFreeEndpoint() {
        #expect(DeepLBackend(apiKey: "0f1e2d3c-aaaa:fx", client: client).baseURL == "https://api-free.deepl.com")
        #expect(DeepLBackend(apiKey: "0f1e2d3c-aaaa", client: client).baseURL == "https://api.deepl.com")
        #expect(DeepLBackend.defaultBaseURL(forKey: " abc:fx\n") == DeepLBackend.freeBaseURL)
        #expect(DeepLBackend(apiKey: "abc:fx", baseURL: "http://127.0.0.1:9/", client: client).baseURL == "http://127.0.0.1:9")
    }

    @Test func supportedPairsComeFromTheLanguagesEndpoint() async throws {
        let fake = try DeepLFake()
        let pairs = Set(try await backend(fake).supportedPairs())
        #expect(fake.requests.map(\.target).sorted() == ["/v2/languages?type=source", "/v2/languages?type=target"])
        #expect(pairs.contains(LanguagePair(en, es)))
        #expect(pairs.contains(LanguagePair(es, en)))
        #expect(pairs.contains(LanguagePair(es, LanguageTag("en-GB")!)))
        #expect(pairs.contains(LanguagePair(en, LanguageTag("zh-Hant")!)))
        #expect(!pairs.contains(LanguagePair(en, en)))
        #expect(!pairs.contains { $0.source.language == "vi" || $0.target.language == "vi" })
    }

    @Test func healthReadsUsage() async throws {
        let fake = try DeepLFake()
        let healthy = await backend(fake).health()
        #expect(healthy.isHealthy)
        #expect(healthy.detail.contains("1200 of 500000"))
        #expect(fake.requests.first?.path == "/v2/usage")

        let secret = "not-the-key-9876"
        let unhealthy = await backend(fake, key: secret).health()
        #expect(!unhealthy.isHealthy)
        #expect(unhealthy.detail.contains("authentication"))
        #expect(!unhealthy.detail.contains(secret))
    }

    @Test func theKeyNeverAppears() async throws {
        let secret = "s3cret-deepl-key-000:fx"
        let fakes = try [
            DeepLFake(key: secret, failure: .quotaExceeded), DeepLFake(key: secret, failure: .rateLimited(retryAfter: 1)),
            DeepLFake(key: secret, failure: .malformedJSON), DeepLFake(key: secret, failure: .slow(.seconds(1))),
            DeepLFake(key: secret, failure: .reset), DeepLFake(key: secret, failure: .serverError),
            DeepLFake(key: "other-key"),
        ]
        for fake in fakes {
            let deepl = DeepLBackend(apiKey: secret, baseURL: fake.baseURL, timeout: .milliseconds(200), client: client)
            let error = try #require(await translationError { try await deepl.translate(["hi"], from: en, to: es, options: .init()) })
            #expect(!error.description.contains(secret), "\(error.code)")
            #expect(!error.message.contains(secret))
        }
        let deepl = DeepLBackend(apiKey: secret, client: client)
        var dumped = ""
        dump(deepl, to: &dumped)
        for text in [String(describing: deepl), String(reflecting: deepl), dumped] {
            #expect(!text.contains(secret))
        }
    }
}

/// The ``TranslationError`` a call throws; nil when it succeeds or throws something else.
private func translationError<T>(_ body: () async throws -> T) async -> TranslationError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? TranslationError
    }
}
