import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// The Google v2 and v3 backends against ``GoogleFake`` over real HTTP.
@Suite struct GoogleBackendTests {
    /// One client for the whole suite, as a program shares one.
    static let sharedClient = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
    var client: ParleyHTTPClient { Self.sharedClient }
    let en = LanguageTag("en")!
    let es = LanguageTag("es")!

    func v2(_ fake: GoogleFake, key: String? = nil, languages: Set<String>? = nil, timeout: Duration? = nil) -> GoogleV2Backend {
        GoogleV2Backend(apiKey: key ?? fake.key, baseURL: fake.baseURL, languages: languages, timeout: timeout, client: client)
    }

    func v3(_ fake: GoogleFake, token: String? = nil, location: String = "global", timeout: Duration? = nil) -> GoogleV3Backend {
        GoogleV3Backend(project: fake.project, location: location, accessToken: token ?? fake.token, baseURL: fake.baseURL,
                        timeout: timeout, client: client)
    }

    // MARK: - v2 success

    @Test func v2TranslatesWithTheRealRequestShape() async throws {
        let fake = try GoogleFake()
        let result = try await v2(fake).translate(["The furnace is out", "Call me"], from: en, to: es, options: .init())
        #expect(result == ["[es] The furnace is out", "[es] Call me"])

        let request = try #require(fake.requests.first)
        #expect(fake.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/language/translate/v2")
        #expect(request.query["key"] == [fake.key])
        #expect(request.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(request.header("Authorization") == nil)
        let body = try #require(request.json as? [String: Any])
        #expect(body["q"] as? [String] == ["The furnace is out", "Call me"])
        #expect(body["target"] as? String == "es")
        #expect(body["source"] as? String == "en")
        #expect(body["format"] as? String == "text")
    }

    @Test func v2SendsGooglesCodes() async throws {
        let fake = try GoogleFake()
        let google = v2(fake)
        let cases: [(String, String)] = [
            ("zh-Hans", "zh-CN"), ("zh", "zh-CN"), ("zh-Hant", "zh-TW"), ("zh-TW", "zh-TW"), ("tl", "tl"), ("fil", "tl"),
            ("es-MX", "es"), ("pt-BR", "pt"), ("ht", "ht"), ("so", "so"), ("am", "am"), ("fa", "fa"), ("hi", "hi"), ("vi", "vi"),
        ]
        for (tag, code) in cases {
            let source = tag.hasPrefix("es") ? en : es
            let result = try await google.translate(["hola"], from: source, to: LanguageTag(tag)!, options: .init())
            #expect(result == ["[\(code)] hola"], "target \(tag)")
        }
        let sent = fake.requests.compactMap { ($0.json as? [String: Any])?["target"] as? String }
        #expect(sent == cases.map(\.1))
    }

    @Test func v2UndeterminedSourceIsLeftForGoogleToDetect() async throws {
        let fake = try GoogleFake()
        #expect(try await v2(fake).translate(["Hola"], from: .und, to: en, options: .init()) == ["[en] Hola"])
        let body = try #require(fake.requests.first?.json as? [String: Any])
        #expect(body["source"] == nil)
    }

    @Test func v2DecodesHTMLEntitiesGoogleLeavesInText() async throws {
        let fake = try GoogleFake(escapesHTML: true)
        let result = try await v2(fake).translate(
            ["It's <b> & \"quoted\"", "already &amp; escaped"], from: en, to: es, options: .init())
        #expect(result == ["[es] It's <b> & \"quoted\"", "[es] already &amp; escaped"])
    }

    @Test func v2BatchesAt128() async throws {
        let fake = try GoogleFake()
        let texts = (0..<300).map { "text \($0)" }
        let result = try await v2(fake).translate(texts, from: en, to: es, options: .init())
        #expect(result == texts.map { "[es] \($0)" })
        let sizes = fake.requests.map { (($0.json as? [String: Any])?["q"] as? [String])?.count ?? 0 }
        #expect(sizes == [128, 128, 44])
    }

    // MARK: - v2 failures

    @Test func v2InvalidKeyIsAuthentication() async throws {
        let fake = try GoogleFake()
        let secret = "AIzaWrongKey-1234567890"
        let error = try #require(await translationError { try await v2(fake, key: secret).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .authentication)
        #expect(error.status == 400)
        #expect(!error.description.contains(secret))
    }

    @Test func v2DailyLimitIsQuotaNotAuthentication() async throws {
        let fake = try GoogleFake(failure: .quotaExceeded)
        let error = try #require(await translationError { try await v2(fake).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .quotaExceeded)
        #expect(error.status == 403)
    }

    @Test func v2RateLimitCarriesRetryAfter() async throws {
        let fake = try GoogleFake(failure: .rateLimited(retryAfter: 12))
        let error = try #require(await translationError { try await v2(fake).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .seconds(12))
    }

    @Test func v2MalformedBodyAndWrongCountAreBadResponse() async throws {
        let malformed = try GoogleFake(failure: .malformedJSON)
        let notJSON = try #require(await translationError { try await v2(malformed).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(notJSON.code == .badResponse)
        let short = try GoogleFake(failure: .missingTranslation)
        let missing = try #require(await translationError {
            try await v2(short).translate(["one", "two"], from: en, to: es, options: .init())
        })
        #expect(missing.code == .badResponse)
        #expect(missing.message.contains("1 translations for 2 texts"))
    }

    @Test func v2TimeoutNeverLeaksTheKeyFromTheURL() async throws {
        // libcurl's time-out message names the URL, and v2's URL carries the key: the client names
        // URLs without their query, and the backend redacts whatever might remain.
        let fake = try GoogleFake(failure: .slow(.milliseconds(1_500)))
        let error = try #require(await translationError {
            try await v2(fake, timeout: .milliseconds(300)).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(error.code == .timeout)
        #expect(error.message.contains("/language/translate/v2"))
        #expect(!error.description.contains(fake.key))
        #expect(!error.description.contains("key="))
    }

    @Test func v2ResetAndServerErrorAreUnavailable() async throws {
        let reset = try GoogleFake(failure: .reset)
        let lost = try #require(await translationError { try await v2(reset).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(lost.code == .unavailable)
        #expect(!lost.description.contains(reset.key))
        let failing = try GoogleFake(failure: .serverError)
        let down = try #require(await translationError { try await v2(failing).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(down.code == .unavailable)
        #expect(down.status == 503)
    }

    @Test func v2UnsupportedLanguageFailsBeforeAnyRequest() async throws {
        let fake = try GoogleFake()
        let google = v2(fake, languages: ["en", "es", "zh-CN"])
        for (source, target) in [(en, LanguageTag.und), (en, LanguageTag("zxx")!), (en, LanguageTag("tlh")!), (LanguageTag("ht")!, es), (en, en)] {
            let error = try #require(await translationError { try await google.translate(["hi"], from: source, to: target, options: .init()) })
            #expect(error.code == .unsupportedPair, "\(source)→\(target)")
        }
        #expect(fake.requests.isEmpty)
    }

    @Test func v2GooglesInvalidLanguageAnswerIsUnsupportedPair() async throws {
        let fake = try GoogleFake()
        let error = try #require(await translationError {
            try await v2(fake).translate(["hi"], from: en, to: LanguageTag("tlh")!, options: .init())
        })
        #expect(error.code == .unsupportedPair)
        #expect(error.status == 400)
        #expect(fake.requests.count == 1)
    }

    @Test func v2SupportedPairsAndHealth() async throws {
        let fake = try GoogleFake()
        let google = v2(fake)
        let pairs = Set(try await google.supportedPairs())
        #expect(fake.requests.first?.path == "/language/translate/v2/languages")
        #expect(fake.requests.first?.query["key"] == [fake.key])
        #expect(pairs.contains(LanguagePair(es, en)))
        #expect(pairs.contains(LanguagePair(en, LanguageTag("zh-Hant")!)))
        #expect(pairs.contains(LanguagePair(LanguageTag("he")!, en)))
        #expect(!pairs.contains(LanguagePair(en, en)))
        let health = await google.health()
        #expect(health.isHealthy)
        let bad = await v2(fake, key: "bad-key-42").health()
        #expect(!bad.isHealthy)
        #expect(!bad.detail.contains("bad-key-42"))
    }

    // MARK: - v3

    @Test func v3TranslatesWithTheRealRequestShape() async throws {
        let fake = try GoogleFake()
        let result = try await v3(fake).translate(["The furnace is out", "Call me"], from: en, to: LanguageTag("zh-Hant")!, options: .init())
        #expect(result == ["[zh-TW] The furnace is out", "[zh-TW] Call me"])

        let request = try #require(fake.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v3/projects/\(fake.project)/locations/global:translateText")
        #expect(request.header("Authorization") == "Bearer \(fake.token)")
        #expect(request.query.isEmpty)
        let body = try #require(request.json as? [String: Any])
        #expect(body["contents"] as? [String] == ["The furnace is out", "Call me"])
        #expect(body["mimeType"] as? String == "text/plain")
        #expect(body["sourceLanguageCode"] as? String == "en")
        #expect(body["targetLanguageCode"] as? String == "zh-TW")
        #expect(body["glossaryConfig"] == nil)
    }

    @Test func v3UsesGlossaryTranslationsWhenAGlossaryIsGiven() async throws {
        let name = "projects/parley-test/locations/us-central1/glossaries/hvac-en-es"
        let fake = try GoogleFake(glossaries: [name: ["furnace": "calefactor"]])
        let google = v3(fake, location: "us-central1")
        // A bare id is expanded to the full resource name.
        let result = try await google.translate(["The furnace is out"], from: en, to: es, options: .init(providerGlossary: "hvac-en-es"))
        #expect(result == ["[es] The calefactor is out"])
        let body = try #require(fake.requests.first?.json as? [String: Any])
        let config = try #require(body["glossaryConfig"] as? [String: Any])
        #expect(config["glossary"] as? String == name)
        #expect(config["ignoreCase"] as? Bool == true)
        #expect(fake.requests.first?.path == "/v3/projects/parley-test/locations/us-central1:translateText")

        let needsSource = try #require(await translationError {
            try await google.translate(["hola"], from: .und, to: en, options: .init(providerGlossary: name))
        })
        #expect(needsSource.code == .invalidRequest)
        #expect(fake.requests.count == 1)

        let missing = try #require(await translationError {
            try await google.translate(["hi"], from: en, to: es, options: .init(providerGlossary: "nope"))
        })
        #expect(missing.code == .invalidRequest)
        #expect(missing.status == 404)
    }

    @Test func v3MissingGlossaryTranslationsIsBadResponse() async throws {
        let name = "projects/parley-test/locations/us-central1/glossaries/g"
        let fake = try GoogleFake(glossaries: [name: ["a": "b"]], failure: .missingTranslation)
        let error = try #require(await translationError {
            try await v3(fake, location: "us-central1").translate(["one", "two"], from: en, to: es, options: .init(providerGlossary: name))
        })
        #expect(error.code == .badResponse)
    }

    @Test func v3BatchesAt128() async throws {
        let fake = try GoogleFake()
        let texts = (0..<129).map { "t\($0)" }
        let result = try await v3(fake).translate(texts, from: en, to: es, options: .init())
        #expect(result == texts.map { "[es] \($0)" })
        let sizes = fake.requests.map { (($0.json as? [String: Any])?["contents"] as? [String])?.count ?? 0 }
        #expect(sizes == [128, 1])
    }

    @Test func v3Failures() async throws {
        let token = "ya29.secret-token-abc"
        let fake = try GoogleFake()
        let auth = try #require(await translationError { try await v3(fake, token: token).translate(["hi"], from: en, to: es, options: .init()) })
        #expect(auth.code == .authentication)
        #expect(auth.status == 401)
        #expect(!auth.description.contains(token))

        let quotaFake = try GoogleFake(failure: .quotaExceeded)
        let quota = try #require(await translationError {
            try await v3(quotaFake).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(quota.code == .quotaExceeded)
        #expect(quota.status == 429)

        let limitedFake = try GoogleFake(failure: .rateLimited(retryAfter: 3))
        let limited = try #require(await translationError {
            try await v3(limitedFake).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(limited.code == .rateLimited)
        #expect(limited.retryAfter == .seconds(3))

        let malformedFake = try GoogleFake(failure: .malformedJSON)
        let malformed = try #require(await translationError {
            try await v3(malformedFake).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(malformed.code == .badResponse)

        let slow = try GoogleFake(token: token, failure: .slow(.milliseconds(1_500)))
        let timeout = try #require(await translationError {
            try await v3(slow, timeout: .milliseconds(300)).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(timeout.code == .timeout)
        #expect(!timeout.description.contains(token))

        let resetFake = try GoogleFake(failure: .reset)
        let reset = try #require(await translationError {
            try await v3(resetFake).translate(["hi"], from: en, to: es, options: .init())
        })
        #expect(reset.code == .unavailable)

        let language = try #require(await translationError {
            try await v3(fake).translate(["hi"], from: en, to: LanguageTag("tlh")!, options: .init())
        })
        #expect(language.code == .unsupportedPair)
        #expect(language.message.contains("Target language is invalid"))
    }

    @Test func v3UnsupportedLanguageFailsBeforeAnyRequest() async throws {
        let fake = try GoogleFake()
        let google = GoogleV3Backend(project: fake.project, accessToken: fake.token, baseURL: fake.baseURL,
                                     languages: ["en", "es"], client: client)
        for target in [LanguageTag.und, LanguageTag("qaa")!, LanguageTag("so")!] {
            let error = try #require(await translationError { try await google.translate(["hi"], from: en, to: target, options: .init()) })
            #expect(error.code == .unsupportedPair, "\(target)")
        }
        #expect(fake.requests.isEmpty)
    }

    @Test func v3SupportedPairsHonourSourceAndTargetFlags() async throws {
        let fake = try GoogleFake()
        let pairs = Set(try await v3(fake).supportedPairs())
        #expect(fake.requests.first?.path == "/v3/projects/\(fake.project)/locations/global/supportedLanguages")
        #expect(pairs.contains(LanguagePair(LanguageTag("am")!, en)))
        #expect(!pairs.contains(LanguagePair(en, LanguageTag("am")!)))  // the fake lists am as source only
        #expect(await v3(fake).health().isHealthy)
    }

    // MARK: - Secrets

    @Test func credentialsNeverAppearInDescriptions() {
        let key = "AIzaSyVerySecret"
        let token = "ya29.VerySecretToken"
        let backends: [any TranslationBackend] = [
            GoogleV2Backend(apiKey: key, client: client),
            GoogleV3Backend(project: "p", accessToken: token, client: client),
        ]
        for backend in backends {
            var dumped = ""
            dump(backend, to: &dumped)
            for text in [String(describing: backend), String(reflecting: backend), dumped] {
                #expect(!text.contains(key))
                #expect(!text.contains(token))
            }
        }
    }

    @Test func missingCredentialsAreNotConfigured() async throws {
        let fake = try GoogleFake()
        let v2Error = try #require(await translationError { try await v2(fake, key: "").translate(["hi"], from: en, to: es, options: .init()) })
        #expect(v2Error.code == .notConfigured)
        let v3Error = try #require(await translationError { try await v3(fake, token: " ").translate(["hi"], from: en, to: es, options: .init()) })
        #expect(v3Error.code == .notConfigured)
        #expect(fake.requests.isEmpty)
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
