import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// ``OpenAIBackend`` against ``OpenAIFake`` over real HTTP.
@Suite struct OpenAIBackendTests {
    /// One client for the suite: a client released before its transfer thread starts trips an
    /// `unowned self` in `ParleyHTTPClient`, and Parley shares one client per process anyway.
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
    var client: ParleyHTTPClient { Self.client }
    let en = LanguageTag("en")!
    let es = LanguageTag("es")!

    func backend(_ fake: OpenAIFake, key: String? = OpenAIFake.key, model: String = OpenAIFake.model,
                 timeout: Duration? = nil) -> OpenAIBackend {
        OpenAIBackend(key: key.map(Secret.init), model: model, baseURL: fake.baseURL, timeout: timeout, client: client)
    }

    /// The error a translation throws.
    func failure(_ backend: OpenAIBackend, _ texts: [String] = ["Hola"]) async -> TranslationError? {
        do {
            _ = try await backend.translate(texts, from: es, to: en, options: .init())
            return nil
        } catch {
            return error
        }
    }

    @Test func translatesABatchInOneRequestWithTheRealShape() async throws {
        let fake = try OpenAIFake()
        let texts = ["Hola, {{first_name}}", "Mi aire no enfría", "¿Pueden venir hoy?"]
        let result = try await backend(fake).translate(texts, from: es, to: en, options: .init())
        #expect(result == texts.map { "[EN] " + $0 })

        #expect(fake.completionRequests.count == 1)
        let request = try #require(fake.completionRequests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer \(OpenAIFake.key)")
        #expect(request.header("Content-Type") == "application/json")
        let body = try #require(request.json as? [String: Any])
        #expect(body["model"] as? String == OpenAIFake.model)
        #expect((body["temperature"] as? NSNumber)?.doubleValue == 0)
        #expect(body["response_format"] as? [String: String] == ["type": "json_object"])
        let roles = (body["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
        #expect(roles == ["system", "user"])

        let user = try #require(OpenAIFake.userMessage(of: request))
        #expect(user["source"] as? String == "es")
        #expect(user["target"] as? String == "en")
        #expect(user["texts"] as? [String] == texts)

        let prompt = try #require(OpenAIFake.systemPrompt(of: request))
        #expect(prompt.contains("from Spanish (es) to English (en)"))
        #expect(prompt.contains("{\"translations\""))
        #expect(prompt.contains("exactly 3 strings"))
        #expect(prompt.contains("{{name}}"))
    }

    /// The contact's register reaches an OpenAI-compatible model as an instruction; none when
    /// nobody said.
    @Test func theRegisterIsAnInstruction() async throws {
        let fake = try OpenAIFake()
        _ = try await backend(fake).translate(["See you tomorrow"], from: en, to: es, options: TranslationOptions(formality: .formal))
        _ = try await backend(fake).translate(["See you tomorrow"], from: en, to: es, options: TranslationOptions(formality: .informal))
        _ = try await backend(fake).translate(["See you tomorrow"], from: en, to: es, options: TranslationOptions())
        let prompts = fake.completionRequests.compactMap(OpenAIFake.systemPrompt(of:))
        #expect(prompts.count == 3)
        #expect(prompts[0].contains("Address the reader formally"))
        #expect(prompts[1].contains("Address the reader informally"))
        #expect(!prompts[2].contains("Address the reader"))
    }

    @Test func glossaryTermsAreListedInThePrompt() async throws {
        let fake = try OpenAIFake()
        let options = TranslationOptions(terms: ["calefactor": "furnace", "bomba de calor": "heat pump"])
        _ = try await backend(fake).translate(["El calefactor"], from: es, to: en, options: options)
        let prompt = try #require(fake.completionRequests.first.flatMap(OpenAIFake.systemPrompt(of:)))
        #expect(prompt.contains("- \"bomba de calor\" → \"heat pump\"\n- \"calefactor\" → \"furnace\""))
    }

    @Test(arguments: [
        ("zh-Hant", "Chinese (Traditional) (zh-Hant)"), ("zh-Hans", "Chinese (Simplified) (zh-Hans)"),
        ("tl", "Tagalog (tl)"), ("ht", "Haitian Creole (ht)"), ("es-MX", "Spanish (es-MX)"), ("sw", "Swahili (sw)"),
    ])
    func namesLanguagesFromTheirTags(tag: String, name: String) async throws {
        let fake = try OpenAIFake()
        let target = LanguageTag(tag)!
        let result = try await backend(fake).translate("Hello", from: en, to: target)
        let request = try #require(fake.completionRequests.first)
        #expect(OpenAIFake.systemPrompt(of: request)?.contains("to \(name).") == true)
        #expect(OpenAIFake.userMessage(of: request)?["target"] as? String == target.identifier)
        #expect(result == "[\(target.identifier.uppercased())] Hello")
    }

    @Test func wrongCountIsBadResponse() async throws {
        let fake = try OpenAIFake { _ in OpenAIFake.completion(content: #"{"translations":["one"]}"#) }
        let error = try #require(await failure(backend(fake), ["uno", "dos"]))
        #expect(error.code == .badResponse)
        #expect(error.message.contains("1 translations for 2 texts"))
    }

    @Test func cutOffReplyIsTextTooLong() async throws {
        let fake = try OpenAIFake { _ in OpenAIFake.completion(content: #"{"translations":["Hel"#, finishReason: "length") }
        #expect(await failure(backend(fake))?.code == .textTooLong)
    }

    @Test func refusalIsBadResponseWithItsText() async throws {
        let fake = try OpenAIFake { _ in OpenAIFake.completion(content: nil, refusal: "I can't help with that.") }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .badResponse)
        #expect(error.message.contains("I can't help with that."))
    }

    @Test func contentThatIsNotTheJSONObjectIsBadResponse() async throws {
        for content in ["Hello!", #"{"translation":"Hello"}"#, #"["Hello"]"#] {
            let fake = try OpenAIFake { _ in OpenAIFake.completion(content: content) }
            #expect(await failure(backend(fake))?.code == .badResponse, "\(content)")
        }
    }

    @Test func fencedJSONIsAccepted() async throws {
        let fake = try OpenAIFake { _ in OpenAIFake.completion(content: "```json\n{\"translations\":[\"Hello\"]}\n```") }
        #expect(try await backend(fake).translate("Hola", from: es, to: en) == "Hello")
    }

    @Test func wrongKeyIsAuthenticationWithoutTheKey() async throws {
        let fake = try OpenAIFake()
        let key = "sk-wrong-0123456789abcdef"
        let error = try #require(await failure(backend(fake, key: key)))
        #expect(error.code == .authentication)
        #expect(error.status == 401)
        #expect(error.message.contains("invalid_api_key"))
        #expect(!error.description.contains(key))
    }

    @Test func insufficientQuotaIsQuotaExceeded() async throws {
        let fake = try OpenAIFake { _ in
            OpenAIFake.error(429, message: "You exceeded your current quota, please check your plan and billing details.",
                             type: "insufficient_quota", code: "insufficient_quota")
        }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .quotaExceeded)
        #expect(!error.isRetryable)
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        let fake = try OpenAIFake { _ in
            OpenAIFake.error(429, message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded",
                             headers: [("Retry-After", "20")])
        }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .seconds(20))
    }

    @Test func retryAfterMillisecondsIsPreferred() async throws {
        let fake = try OpenAIFake { _ in
            OpenAIFake.error(429, message: "Rate limit reached", type: "tokens", code: "rate_limit_exceeded",
                             headers: [("retry-after-ms", "1500"), ("Retry-After", "2")])
        }
        #expect(await failure(backend(fake))?.retryAfter == .milliseconds(1_500))
    }

    @Test func badRequestIsInvalidRequest() async throws {
        let fake = try OpenAIFake()
        let error = try #require(await failure(backend(fake, model: "no-such-model")))
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("model_not_found"))

        let invalid = try OpenAIFake { _ in
            OpenAIFake.error(400, message: "Invalid value for 'temperature'.", type: "invalid_request_error", code: "invalid_value")
        }
        #expect(await failure(backend(invalid))?.code == .invalidRequest)
    }

    @Test func contextLengthExceededIsTextTooLong() async throws {
        let fake = try OpenAIFake { _ in
            OpenAIFake.error(400, message: "This model's maximum context length is 8192 tokens.", type: "invalid_request_error",
                             code: "context_length_exceeded")
        }
        #expect(await failure(backend(fake))?.code == .textTooLong)
    }

    @Test func serverErrorIsUnavailable() async throws {
        let fake = try OpenAIFake { _ in
            OpenAIFake.error(500, message: "The server had an error while processing your request.", type: "server_error", code: nil)
        }
        let error = try #require(await failure(backend(fake)))
        #expect(error.code == .unavailable)
        #expect(error.status == 500)
    }

    @Test func malformedJSONIsBadResponse() async throws {
        let fake = try OpenAIFake { _ in .text(200, #"{"id":"chatcmpl-1","choices":[{"#) }
        #expect(await failure(backend(fake))?.code == .badResponse)
    }

    @Test func slowAnswerIsTimeout() async throws {
        let fake = try OpenAIFake { _ in .delay(.seconds(2), OpenAIFake.completion(content: #"{"translations":["Hello"]}"#)) }
        let error = try #require(await failure(backend(fake, timeout: .milliseconds(300))))
        #expect(error.code == .timeout)
    }

    @Test func connectionResetIsUnavailable() async throws {
        let fake = try OpenAIFake { _ in .reset }
        #expect(await failure(backend(fake))?.code == .unavailable)
    }

    @Test func keyNeverAppearsInErrorsOrDescriptions() async throws {
        let key = OpenAIFake.key
        let replies: [FakeHTTPServer.Reply] = [
            OpenAIFake.error(401, message: "Incorrect API key provided: \(key).", type: "invalid_request_error", code: "invalid_api_key"),
            OpenAIFake.error(429, message: "Quota of \(key) exceeded", type: "insufficient_quota", code: "insufficient_quota"),
            OpenAIFake.error(429, message: "Slow down \(key)", type: "requests", code: "rate_limit_exceeded"),
            OpenAIFake.error(400, message: "Bad request from \(key)", type: "invalid_request_error", code: nil),
            OpenAIFake.error(503, message: "Down for \(key)", type: "server_error", code: nil),
            OpenAIFake.completion(content: "not json \(key)"),
            OpenAIFake.completion(content: nil, refusal: "I refuse, \(key)"),
            .text(200, "garbage \(key)"),
            .reset,
            .delay(.seconds(2), .json(200, [:])),
        ]
        for reply in replies {
            let fake = try OpenAIFake { _ in reply }
            let subject = backend(fake, timeout: .milliseconds(300))
            let error = try #require(await failure(subject))
            #expect(!error.description.contains(key), "\(error.code) leaks the key")
            #expect(!String(reflecting: subject).contains(key))
            #expect(await !subject.health().detail.contains(key))
        }
    }

    @Test func healthChecksTheKeyWithTheModelList() async throws {
        let fake = try OpenAIFake()
        #expect(await backend(fake).health().isHealthy)
        #expect(fake.requests.last?.target == "/v1/models")
        let unhealthy = await backend(fake, key: "sk-wrong").health()
        #expect(!unhealthy.isHealthy)
        #expect(unhealthy.detail.contains("authentication"))
    }

    @Test func acceptsEverySupportedPairWithoutAsking() async throws {
        let fake = try OpenAIFake()
        let pairs = try await backend(fake).supportedPairs()
        let count = SupportedLanguage.all.count
        #expect(pairs.count == count * (count - 1))
        #expect(fake.requests.isEmpty)
    }

    @Test func localServerWithoutKeySendsNoAuthorization() async throws {
        let fake = try OpenAIFake { request in
            request.header("Authorization") == nil ? OpenAIFake.completion(content: #"{"translations":["Hello"]}"#) : nil
        }
        #expect(try await backend(fake, key: nil).translate("Hola", from: es, to: en) == "Hello")
    }
}
