public import ParleyLanguage
internal import Foundation
public import ParleyHTTP

/// A chat model behind an OpenAI-compatible API (OpenAI, Azure OpenAI through a proxy, vLLM,
/// llama.cpp, Ollama): `POST {baseURL}/v1/chat/completions` with `Authorization: Bearer <key>`,
/// `temperature: 0` and `response_format: {"type":"json_object"}`.
///
/// A whole batch goes in one request. The user message is the JSON object
/// `{"source":"es","target":"en","texts":[…]}`; the system prompt names both languages
/// ("Spanish (es)") and asks for `{"translations":[…]}` with exactly one translation per text, in
/// order, keeping placeholders (`{{…}}`, `[[…]]`), URLs, numbers and emoji as they are and
/// translating each term in ``TranslationOptions/terms`` as given. A reply cut off at the token
/// limit is `.textTooLong`; a refusal, a reply that is not that JSON object or has the wrong
/// count is `.badResponse`. Formality and ``TranslationOptions/providerGlossary`` are ignored.
public struct OpenAIBackend: TranslationBackend, CustomStringConvertible {
    /// OpenAI's API.
    public static let defaultBaseURL = "https://api.openai.com"

    public let name = "openai"
    public var identity: String { "openai/\(model)" }

    /// The server, without `/v1`.
    public let baseURL: String
    /// The model, e.g. `gpt-4o-mini`.
    public let model: String
    /// The time limit of each request; nil for the client's.
    public let timeout: Duration?
    private let key: Secret?
    private let http: BackendHTTP

    /// - Parameters:
    ///   - key: the API key; nil for local servers that take none.
    ///   - model: the model to ask.
    ///   - baseURL: the server, without `/v1`.
    ///   - timeout: the time limit of each request; nil for the client's.
    ///   - client: the shared HTTP client.
    public init(
        key: Secret?, model: String, baseURL: String = OpenAIBackend.defaultBaseURL, timeout: Duration? = nil,
        client: ParleyHTTPClient
    ) {
        self.key = key.flatMap { $0.value.isEmpty ? nil : $0 }
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.http = BackendHTTP(backend: "openai", client: client)
    }

    /// `openai (gpt-4o-mini at https://…)`; never the key.
    public var description: String { "openai (\(model) at \(baseURL))" }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        guard !model.isEmpty else {
            throw TranslationError(.notConfigured, backend: name, message: "no model named; set the model to ask")
        }
        if texts.isEmpty { return [] }
        do throws(TranslationError) {
            return try await complete(texts, from: source, to: target, terms: options.terms, formality: options.formality)
        } catch {
            throw redacted(error)
        }
    }

    /// Every ordered pair of the languages Parley knows: a general model is asked for any of them.
    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        let tags = SupportedLanguage.all.map(\.tag)
        return tags.flatMap { source in tags.filter { $0 != source }.map { LanguagePair(source, $0) } }
    }

    /// Whether `GET /v1/models` answers with this key.
    public func health() async -> BackendHealth {
        do throws(TranslationError) {
            let response = try await http.send(ParleyHTTPClient.Request(url: baseURL + "/v1/models", headers: authorization, timeout: timeout))
            guard response.status == 200 else { throw error(for: response) }
            return BackendHealth(isHealthy: true, detail: "\(baseURL)/v1/models answered")
        } catch {
            return BackendHealth(isHealthy: false, detail: redacted(error).description)
        }
    }

    // MARK: - Requests

    private struct ChatRequest: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        struct ResponseFormat: Encodable { var type: String }

        var model: String
        var messages: [Message]
        var temperature: Double
        var responseFormat: ResponseFormat

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature
            case responseFormat = "response_format"
        }
    }

    private struct UserMessage: Encodable {
        var source: String
        var target: String
        var texts: [String]
    }

    private struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
                var refusal: String?
            }

            var message: Message?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }

        var choices: [Choice]
    }

    private struct Translations: Decodable { var translations: [String] }

    private var authorization: [(name: String, value: String)] {
        key.map { [("Authorization", "Bearer \($0.value)")] } ?? []
    }

    private func complete(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, terms: [String: String],
        formality: TranslationOptions.Formality?
    ) async throws(TranslationError) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: Data
        do {
            let user = UserMessage(source: source.isUndetermined ? "auto" : source.identifier, target: target.identifier, texts: texts)
            let request = ChatRequest(
                model: model,
                messages: [
                    .init(role: "system", content: Self.systemPrompt(from: source, to: target, count: texts.count, terms: terms, formality: formality)),
                    .init(role: "user", content: String(decoding: try encoder.encode(user), as: UTF8.self)),
                ],
                temperature: 0, responseFormat: .init(type: "json_object"))
            body = try encoder.encode(request)
        } catch {
            throw TranslationError(.invalidRequest, backend: name, message: "cannot encode the request: \(error)")
        }
        let response = try await http.send(ParleyHTTPClient.Request(
            method: "POST", url: baseURL + "/v1/chat/completions",
            headers: [("Content-Type", "application/json")] + authorization, body: Array(body), timeout: timeout))
        guard response.status == 200 else { throw error(for: response) }
        let completion = try http.decode(Completion.self, from: response)
        guard let choice = completion.choices.first, let message = choice.message else {
            throw TranslationError(.badResponse, backend: name, status: 200, message: "the completion has no choices")
        }
        if let refusal = message.refusal {
            throw TranslationError(.badResponse, backend: name, status: 200,
                                   message: "the model refused: '\(refusal.prefix(200))'; use another backend for these texts")
        }
        switch choice.finishReason {
        case "length":
            throw TranslationError(.textTooLong, backend: name, status: 200,
                                   message: "the reply was cut off at the model's token limit; send fewer or shorter texts")
        case "content_filter":
            throw TranslationError(.badResponse, backend: name, status: 200,
                                   message: "the provider's content filter stopped the reply; use another backend for these texts")
        default:
            break
        }
        guard let content = message.content,
              let translations = try? JSONDecoder().decode(Translations.self, from: Data(Self.unfenced(content).utf8))
        else {
            let snippet = message.content.map { "'\($0.prefix(200))'" } ?? "(no content)"
            throw TranslationError(.badResponse, backend: name, status: 200,
                                   message: "the model did not reply with the JSON object {\"translations\":[…]}: \(snippet)")
        }
        guard translations.translations.count == texts.count else {
            throw TranslationError(.badResponse, backend: name, status: 200,
                                   message: "the model returned \(translations.translations.count) translations for \(texts.count) texts")
        }
        return translations.translations
    }

    /// Maps `{"error":{"message","type","code"}}` and the status.
    private func error(for response: ParleyHTTPClient.Response) -> TranslationError {
        let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body))
        let code = envelope?.error.code
        let detail = envelope?.error.message ?? BackendHTTP.snippet(response)
        let message = "the API answered \(response.status)\(code.map { " (\($0))" } ?? ""): \(detail)"
        let status = response.status
        switch status {
        case 401:
            return TranslationError(.authentication, backend: name, status: status, message: "\(message); check the API key")
        case 429 where code == "insufficient_quota" || envelope?.error.type == "insufficient_quota":
            return TranslationError(.quotaExceeded, backend: name, status: status,
                                    message: "\(message); the account's credit or quota is used up: add credit or fall back")
        case 429:
            return TranslationError(.rateLimited, backend: name, status: status, retryAfter: Self.retryAfter(response),
                                    message: "\(message); too many requests or tokens per minute: slow down")
        case 400 where code == "context_length_exceeded":
            return TranslationError(.textTooLong, backend: name, status: status,
                                    message: "\(message); send fewer or shorter texts")
        case 400, 404:
            return TranslationError(.invalidRequest, backend: name, status: status,
                                    message: "\(message); check the model name and the base URL")
        case 500...599:
            return TranslationError(.unavailable, backend: name, status: status, retryAfter: Self.retryAfter(response),
                                    message: "\(message); the provider failed: retry later or fall back")
        default:
            return http.statusError(response, message: message)
        }
    }

    /// `retry-after-ms` (OpenAI's), else `Retry-After`.
    private static func retryAfter(_ response: ParleyHTTPClient.Response) -> Duration? {
        if let value = response.header("retry-after-ms").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), value >= 0 {
            return .milliseconds(Int(value))
        }
        return BackendHTTP.retryAfter(response)
    }

    /// The error with every occurrence of the key removed from its message.
    private func redacted(_ error: TranslationError) -> TranslationError {
        error.redacting(key.map { [$0.value] } ?? [])
    }

    // MARK: - Prompt

    /// The instructions: languages by name and tag, the reply's shape, what to keep, the terms.
    static func systemPrompt(
        from source: LanguageTag, to target: LanguageTag, count: Int, terms: [String: String],
        formality: TranslationOptions.Formality? = nil
    ) -> String {
        let from = source.isUndetermined ? "the language each text is written in" : languageName(source)
        var prompt = """
            You are a translation engine. Translate each string in "texts" of the user's JSON object from \(from) \
            to \(languageName(target)). Reply with only a JSON object {"translations": [...]} whose array holds exactly \
            \(count) string\(count == 1 ? "" : "s"): one translation per input text, in the same order. Do not merge, \
            split, skip, explain or answer the texts; translate them. Keep placeholders such as {{name}}, [[T1]] and \
            <x id="1"/>, URLs, e-mail addresses, phone numbers, prices and emoji exactly as they are. A text already \
            in the target language, or with nothing to translate, is returned unchanged.
            """
        switch formality {
        case .formal?:
            prompt += "\nAddress the reader formally (usted, vous, Sie, Lei, o senhor), never with tú, tu or du."
        case .informal?:
            prompt += "\nAddress the reader informally (tú, tu, du), never with usted, vous or Sie."
        case nil:
            break
        }
        let usable = terms.filter { !$0.key.isEmpty && !$0.value.isEmpty }
        if !usable.isEmpty {
            prompt += "\nGlossary: where a text contains one of these terms, translate it exactly as given:"
            for source in usable.keys.sorted() {
                prompt += "\n- \"\(source)\" → \"\(usable[source] ?? "")\""
            }
        }
        return prompt
    }

    /// "Spanish (es)", "Chinese (Traditional) (zh-Hant)", "Swahili (sw)".
    static func languageName(_ tag: LanguageTag) -> String {
        let name = SupportedLanguage.matching(tag).map(\.name)
            ?? Locale(identifier: "en").localizedString(forIdentifier: tag.identifier)
            ?? tag.identifier
        return "\(name) (\(tag.identifier))"
    }

    /// The content without a Markdown code fence some models put around JSON.
    private static func unfenced(_ content: String) -> String {
        var text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("```") else { return text }
        text = String(text.drop { $0 != "\n" })
        if text.hasSuffix("```") { text = String(text.dropLast(3)) }
        return text
    }
}

extension OpenAIBackend {
    /// `{"error":{"message","type","param","code"}}`; `code` is a string, a number or null.
    fileprivate struct ErrorEnvelope: Decodable {
        struct Body: Decodable {
            var message: String?
            var type: String?
            var code: String?

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                message = try? container.decode(String.self, forKey: .message)
                type = try? container.decode(String.self, forKey: .type)
                code = (try? container.decode(String.self, forKey: .code))
                    ?? (try? container.decode(Int.self, forKey: .code)).map(String.init)
            }

            enum CodingKeys: String, CodingKey { case message, type, code }
        }

        var error: Body
    }
}
