import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// The typed backend configuration against the providers' fakes over real HTTP: defaults, chains,
/// routes, retries and the time limit.
@Suite struct BackendConfigurationTests {
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
    let en = LanguageTag.english
    let es = LanguageTag.spanish

    @Test func defaultsAreTheLocalApertiumWithThreeTries() throws {
        let configuration = BackendConfiguration()
        #expect(configuration.chain.count == 1)
        guard case .apertium(let apertium) = try #require(configuration.chain.first) else {
            Issue.record("the default chain is not Apertium")
            return
        }
        #expect(apertium.url == "http://127.0.0.1:2737")
        #expect(configuration.routes.isEmpty)
        #expect(configuration.attempts == 3)
        #expect(configuration.timeout == .seconds(10))
        #expect(configuration.makeBackend(client: Self.client).name == "apertium")
        #expect(OpenAIBackend.Configuration().model == "gpt-4o-mini")
        #expect(GoogleV3Backend.Configuration(project: "p", token: Secret("t")).location == "global")
    }

    @Test func theChainFallsBackToTheNextBackend() async throws {
        let deepL = try DeepLFake()
        let google = try GoogleFake()
        let configuration = BackendConfiguration(chain: [
            .deepL(.init(key: Secret("a-key-deepl-refuses:fx"), url: deepL.baseURL)),
            .googleV2(.init(key: Secret(google.key), url: google.baseURL)),
        ])
        let backend = configuration.makeBackend(client: Self.client)
        #expect(backend.name == "deepl>google-v2")
        // DeepL refuses the key (403, not retried); Google translates.
        #expect(try await backend.translate("The furnace is out", from: en, to: es) == "[es] The furnace is out")
        #expect(deepL.requests.count == 1)
        #expect(google.requests.count == 1)
    }

    @Test func routesSendPairsToTheirOwnChain() async throws {
        let deepL = try DeepLFake()
        let google = try GoogleFake()
        let configuration = BackendConfiguration(
            chain: [.deepL(.init(key: Secret(deepL.key), url: deepL.baseURL))],
            routes: [.init(source: "es", target: "*", chain: [.googleV2(.init(key: Secret(google.key), url: google.baseURL))])])
        let backend = configuration.makeBackend(client: Self.client)
        #expect(try await backend.translate("Hola", from: es, to: en) == "[en] Hola")
        #expect(try await backend.translate("Hello", from: en, to: es) == "[ES] Hello")
        #expect(google.requests.count == 1)
        #expect(deepL.requests.count == 1)
    }

    @Test func attemptsCountEveryTryOfAFailingBackend() async throws {
        let server = try FakeHTTPServer { _ in .text(503, "busy") }
        let configuration = BackendConfiguration(chain: [.libreTranslate(.init(url: server.baseURL))], attempts: 2)
        await #expect {
            try await configuration.makeBackend(client: Self.client).translate("Hello", from: en, to: es)
        } throws: { error in
            (error as? TranslationError)?.code == .unavailable
        }
        #expect(server.requests.filter { $0.path == "/translate" }.count == 2)
    }

    @Test func theTimeoutBoundsEachRequest() async throws {
        let server = try FakeHTTPServer { _ in .delay(.seconds(3), .json(200, ["translatedText": "late"])) }
        let configuration = BackendConfiguration(
            chain: [.libreTranslate(.init(url: server.baseURL))], attempts: 1, timeout: .milliseconds(300))
        await #expect {
            try await configuration.makeBackend(client: Self.client).translate("Hello", from: en, to: es)
        } throws: { error in
            (error as? TranslationError)?.code == .timeout
        }
    }

    @Test func anEmptyChainSaysWhatToDo() async throws {
        let backend = BackendConfiguration(chain: []).makeBackend(client: Self.client)
        await #expect {
            try await backend.translate("Hello", from: en, to: es)
        } throws: { error in
            guard let error = error as? TranslationError else { return false }
            return error.code == .notConfigured && error.message.contains("names no backend")
        }
        let routed = BackendConfiguration(routes: [.init(source: "es", target: "en", chain: [])]).makeBackend(client: Self.client)
        await #expect {
            try await routed.translate("Hola", from: es, to: en)
        } throws: { error in
            (error as? TranslationError)?.message.contains("the route es-en names no backend") == true
        }
    }
}
