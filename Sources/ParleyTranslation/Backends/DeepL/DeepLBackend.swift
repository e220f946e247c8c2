internal import Foundation
public import ParleyLanguage
public import ParleyHTTP

/// DeepL's v2 text-translation API (`POST /v2/translate`), for the Free and Pro plans.
///
/// The key goes in the `Authorization: DeepL-Auth-Key …` header and never into an error message,
/// ``description`` or `dump`. Keys ending in `:fx` are Free-plan keys, served by `https://api-free.deepl.com`;
/// the others by `https://api.deepl.com`.
///
/// Language tags become DeepL codes: sources are bare (`EN`, `PT`, `ZH`), targets carry the variant
/// DeepL insists on (`EN-US` for bare `en`, `EN-GB`; `PT-BR` for bare `pt`, `PT-PT`; `ZH-HANS`,
/// `ZH-HANT`). A language outside ``languages`` fails with `.unsupportedPair` before any request.
///
/// ```swift
/// let deepl = DeepLBackend(apiKey: deeplKey, client: client)
/// let spanish = try await deepl.translate(["The furnace is out"], from: en, to: es, options: .init())
/// ```
public struct DeepLBackend: TranslationBackend, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The DeepL languages translated by default, as DeepL's base codes: the languages DeepL documents
    /// for both text translation models and both plans. Hebrew (`HE`), Thai (`TH`) and Vietnamese
    /// (`VI`) are left out: DeepL serves them only with its next-gen models, on some accounts. Pass a
    /// larger set to ``init(apiKey:baseURL:languages:timeout:client:)`` to use them.
    public static let standardLanguages: Set<String> = [
        "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HU", "ID", "IT", "JA", "KO", "LT", "LV",
        "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR", "UK", "ZH",
    ]

    /// The most texts DeepL takes in one request; longer lists are sent in several requests.
    public static let maximumBatchSize = 50

    /// The Pro plan's endpoint.
    public static let proBaseURL = "https://api.deepl.com"
    /// The Free plan's endpoint, for keys ending in `:fx`.
    public static let freeBaseURL = "https://api-free.deepl.com"

    public var name: String { "deepl" }
    public var identity: String { "deepl/v2" }

    /// Where requests go, without a trailing slash.
    public let baseURL: String
    /// The DeepL base codes (`EN`, `PT`, `ZH`, …) this backend translates from and to.
    public let languages: Set<String>
    /// The time limit of each request; nil for the client's.
    public let timeout: Duration?

    private let key: Secret
    let http: BackendHTTP

    /// - Parameters:
    ///   - apiKey: the DeepL authentication key (Free-plan keys end in `:fx`).
    ///   - baseURL: the API's address; nil for ``defaultBaseURL(forKey:)``.
    ///   - languages: the DeepL base codes to translate; ``standardLanguages`` by default.
    ///   - timeout: each request's time limit; nil for the client's.
    ///   - client: the HTTP client, shared by all backends.
    public init(
        apiKey: String, baseURL: String? = nil, languages: Set<String> = DeepLBackend.standardLanguages,
        timeout: Duration? = nil, client: ParleyHTTPClient
    ) {
        key = Secret(apiKey.trimmingCharacters(in: .whitespacesAndNewlines))
        let base = baseURL ?? Self.defaultBaseURL(forKey: apiKey)
        self.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.languages = Set(languages.map { $0.uppercased() })
        self.timeout = timeout
        http = BackendHTTP(backend: "deepl", client: client)
    }

    /// The endpoint a key belongs to: ``freeBaseURL`` for Free-plan keys (ending in `:fx`), else ``proBaseURL``.
    /// - Parameter key: the DeepL authentication key.
    public static func defaultBaseURL(forKey key: String) -> String {
        key.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(":fx") ? freeBaseURL : proBaseURL
    }

    // MARK: - Language codes

    /// DeepL's base code for a tag (`EN` for `en-GB`, `ZH` for `zh-Hant`, `NB` for `no`); nil for `und`
    /// or a language not in ``languages``.
    /// - Parameter tag: the language.
    public func baseCode(for tag: LanguageTag) -> String? {
        guard !tag.isUndetermined else { return nil }
        let language = tag.language.lowercased()
        let code = (language == "no" || language == "nb") ? "NB" : language.uppercased()
        return languages.contains(code) ? code : nil
    }

    /// DeepL's `source_lang` for a tag: the bare code (`EN`, `PT`, `ZH`); nil when DeepL lacks it.
    /// - Parameter tag: the language of the texts.
    public func sourceCode(for tag: LanguageTag) -> String? { baseCode(for: tag) }

    /// DeepL's `target_lang` for a tag: `EN-US` for `en` and `en-US`, `EN-GB` for British English
    /// (`en-GB`, `en-IE`, `en-AU`, `en-NZ`), `PT-BR` for `pt` and `pt-BR`, `PT-PT` for other
    /// Portuguese, `ZH-HANS` or `ZH-HANT` by script, else the bare code; nil when DeepL lacks it.
    /// - Parameter tag: the language wanted.
    public func targetCode(for tag: LanguageTag) -> String? {
        guard let base = baseCode(for: tag) else { return nil }
        let subtags = tag.identifier.split(separator: "-").dropFirst().map { String($0) }
        let region = subtags.first { $0.count == 2 || ($0.count == 3 && $0.allSatisfy(\.isNumber)) }?.uppercased()
        switch base {
        case "EN":
            return ["GB", "IE", "AU", "NZ"].contains(region ?? "") ? "EN-GB" : "EN-US"
        case "PT":
            return region == nil || region == "BR" ? "PT-BR" : "PT-PT"
        case "ZH":
            return SupportedLanguage.matching(tag)?.tag.identifier == "zh-Hant" ? "ZH-HANT" : "ZH-HANS"
        default:
            return base
        }
    }

    // MARK: - Translation

    /// Translates texts with `POST /v2/translate`, at most ``maximumBatchSize`` per request.
    ///
    /// An undetermined source (`und`) lets DeepL detect it, except with a glossary, which needs the
    /// source language. Formality is sent as `prefer_more` / `prefer_less`, which DeepL ignores for
    /// languages without formal address; `options.providerGlossary` is sent as `glossary_id`.
    /// - Parameters:
    ///   - texts: the texts.
    ///   - source: their language, or `und` to let DeepL detect it.
    ///   - target: the language wanted.
    ///   - options: formality and a DeepL glossary id.
    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        let sourceCode = try checkedSource(source, target: target)
        guard let targetCode = targetCode(for: target) else {
            throw TranslationError(
                .unsupportedPair, backend: name,
                message: "DeepL does not translate into '\(target)'; route \(LanguagePair(source, target)) to another backend")
        }
        if let sourceCode, sourceCode == baseCode(for: target) {
            throw TranslationError(
                .unsupportedPair, backend: name,
                message: "source and target are both '\(sourceCode)'; there is nothing for DeepL to translate")
        }
        if options.providerGlossary != nil, sourceCode == nil {
            throw TranslationError(
                .invalidRequest, backend: name,
                message: "a DeepL glossary needs the source language; detect the language first and pass it as the source")
        }
        try checkConfigured()
        guard !texts.isEmpty else { return [] }

        return try await http.inBatches(texts, size: Self.maximumBatchSize) { batch throws(TranslationError) in
            let body = TranslateRequest(
                text: batch, targetLang: targetCode, sourceLang: sourceCode,
                formality: options.formality.map { $0 == .formal ? "prefer_more" : "prefer_less" },
                glossaryID: options.providerGlossary)
            let response = try await send("POST", "/v2/translate", body: body)
            guard response.status == 200 else { throw failure(response, doing: "translation") }
            return (try decode(TranslateResponse.self, from: response).translations.map(\.text), response.status)
        }
    }

    /// The source code, nil for `und`; throws `.unsupportedPair` for a language DeepL lacks.
    private func checkedSource(_ source: LanguageTag, target: LanguageTag) throws(TranslationError) -> String? {
        if source.isUndetermined { return nil }
        guard let code = sourceCode(for: source) else {
            throw TranslationError(
                .unsupportedPair, backend: name,
                message: "DeepL does not translate from '\(source)'; route \(LanguagePair(source, target)) to another backend")
        }
        return code
    }

    // MARK: - Languages and health

    /// The pairs DeepL lists in `GET /v2/languages?type=source` and `type=target`, limited to
    /// ``languages``; targets appear both as DeepL's variants (`en-US`, `zh-Hant`) and bare (`en`).
    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        try checkConfigured()
        let sources = try await listLanguages(type: "source")
        let targets = try await listLanguages(type: "target")
        var targetTags: Set<LanguageTag> = []
        for code in targets {
            guard let tag = LanguageTag(code), baseCode(for: tag) != nil else { continue }
            targetTags.insert(tag)
            if let bare = LanguageTag(tag.language) { targetTags.insert(bare) }
        }
        var pairs: [LanguagePair] = []
        for code in sources {
            guard let source = LanguageTag(code), baseCode(for: source) != nil else { continue }
            for target in targetTags where target.language != source.language {
                pairs.append(LanguagePair(source, target))
            }
        }
        return pairs.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }

    private func listLanguages(type: String) async throws(TranslationError) -> [String] {
        let response = try await send("GET", "/v2/languages?type=\(type)")
        guard response.status == 200 else { throw failure(response, doing: "listing \(type) languages") }
        return try decode([LanguageEntry].self, from: response).map(\.language)
    }

    /// Checks the key and the quota with `GET /v2/usage`: healthy while characters remain.
    public func health() async -> BackendHealth {
        do throws(TranslationError) {
            try checkConfigured()
            let response = try await send("GET", "/v2/usage")
            guard response.status == 200 else { throw failure(response, doing: "the usage check") }
            let usage = try decode(Usage.self, from: response)
            if let count = usage.characterCount, let limit = usage.characterLimit, limit > 0 {
                let detail = "DeepL answers at \(baseURL); \(count) of \(limit) characters used this period"
                return BackendHealth(isHealthy: count < limit, detail: count < limit ? detail : detail + "; the quota is used up")
            }
            return BackendHealth(isHealthy: true, detail: "DeepL answers at \(baseURL)")
        } catch {
            return BackendHealth(isHealthy: false, detail: error.description)
        }
    }

    // MARK: - HTTP

    func checkConfigured() throws(TranslationError) {
        guard !key.value.isEmpty else {
            throw TranslationError(.notConfigured, backend: name, message: "no DeepL API key is set; add the account's authentication key")
        }
    }

    /// Sends a request with the key; transport errors come back with the key removed.
    func send(_ method: String, _ path: String, body: (some Encodable)? = String?.none)
        async throws(TranslationError) -> ParleyHTTPClient.Response
    {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "DeepL-Auth-Key \(key.value)"), ("Accept", "application/json"),
        ]
        var bytes: [UInt8] = []
        if let body {
            do {
                bytes = Array(try JSONEncoder().encode(body))
            } catch {
                throw TranslationError(.invalidRequest, backend: name, message: "cannot encode the DeepL request: \(error)")
            }
            headers.append(("Content-Type", "application/json"))
        }
        let request = ParleyHTTPClient.Request(method: method, url: baseURL + path, headers: headers, body: bytes, timeout: timeout)
        do {
            return try await http.send(request)
        } catch {
            throw redacted(error)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from response: ParleyHTTPClient.Response) throws(TranslationError) -> T {
        do {
            return try http.decode(type, from: response)
        } catch {
            throw redacted(error)
        }
    }

    /// The error for a response that is not a success: DeepL's statuses (403 key, 456 quota, 429 rate,
    /// 413 size, 400 with a message, 5xx) with DeepL's own message quoted.
    func failure(_ response: ParleyHTTPClient.Response, doing action: String) -> TranslationError {
        let said: String
        var isAboutLanguage = false
        if let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)), let message = body.message {
            let full = [message, body.detail].compactMap { $0 }.joined(separator: " ")
            said = "DeepL said '\(full)'"
            let lower = full.lowercased()
            isAboutLanguage = (lower.contains("lang") || lower.contains("language")) && !lower.contains("glossary")
                && (lower.contains("not supported") || lower.contains("unsupported") || lower.contains("invalid"))
        } else {
            said = "DeepL answered \(BackendHTTP.snippet(response))"
        }
        let status = response.status
        let error: TranslationError
        switch status {
        case 403:
            error = TranslationError(
                .authentication, backend: name, status: status,
                message: "\(said) to \(action); check the DeepL key, and that keys ending in ':fx' use \(Self.freeBaseURL)")
        case 456:
            error = TranslationError(
                .quotaExceeded, backend: name, status: status,
                message: "\(said) to \(action): the account's character quota is used up; raise the limit or route to another backend until it resets")
        case 529:
            error = TranslationError(
                .rateLimited, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                message: "\(said) to \(action): DeepL is overloaded; slow down")
        case 400 where isAboutLanguage:
            error = TranslationError(
                .unsupportedPair, backend: name, status: status,
                message: "\(said) to \(action); route this language pair to another backend")
        case 404:
            error = TranslationError(
                .invalidRequest, backend: name, status: status,
                message: "\(said) to \(action): not found; check the glossary id and that it belongs to this account")
        default:
            error = http.statusError(response, message: "\(said) to \(action)")
        }
        return redacted(error)
    }

    /// The error with every copy of the key removed from its message.
    func redacted(_ error: TranslationError) -> TranslationError {
        error.redacting([key.value])
    }

    // MARK: - Description

    /// The endpoint, never the key.
    public var description: String { "DeepLBackend(\(baseURL))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "languages": languages.sorted(), "timeout": timeout as Any],
               displayStyle: .struct)
    }
}

// MARK: - Wire types

extension DeepLBackend {
    private struct TranslateRequest: Encodable {
        var text: [String]
        var targetLang: String
        var sourceLang: String?
        var formality: String?
        var glossaryID: String?

        enum CodingKeys: String, CodingKey {
            case text, formality
            case targetLang = "target_lang"
            case sourceLang = "source_lang"
            case glossaryID = "glossary_id"
        }
    }

    private struct TranslateResponse: Decodable {
        struct Translation: Decodable {
            var text: String
        }
        var translations: [Translation]
    }

    private struct LanguageEntry: Decodable {
        var language: String
    }

    private struct Usage: Decodable {
        var characterCount: Int?
        var characterLimit: Int?

        enum CodingKeys: String, CodingKey {
            case characterCount = "character_count"
            case characterLimit = "character_limit"
        }
    }

    private struct ErrorBody: Decodable {
        var message: String?
        var detail: String?
    }
}
