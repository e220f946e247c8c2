public import ParleyLanguage
internal import Foundation
public import ParleyHTTP

/// Microsoft Azure AI Translator, Text Translation v3.0:
/// `POST {baseURL}/translate?api-version=3.0&from=en&to=es&textType=plain` with a body
/// `[{"Text":"…"}]`, the key in `Ocp-Apim-Subscription-Key` and, for a regional or multi-service
/// resource, its region in `Ocp-Apim-Subscription-Region`.
///
/// Texts go in batches of at most ``maximumBatchCount`` texts and ``maximumBatchCharacters``
/// characters; a longer single text goes alone, and Azure answers 400050 (→ `.textTooLong`) when it
/// exceeds the service's limit. An undetermined source (`und`) leaves out `from`, so Azure detects it.
///
/// Terms in ``TranslationOptions/terms`` are enforced with Azure's dynamic dictionary: each
/// whole-word occurrence of a source term (any case) is sent as
/// `<mstrans:dictionary translation="TARGET">term</mstrans:dictionary>`. Azure honours that markup
/// only when English is the source or the target, so for other pairs the terms are ignored. Terms
/// whose translation contains `"`, `<` or `>` cannot be written in the markup and are left out.
/// Formality and ``TranslationOptions/providerGlossary`` are ignored.
public struct AzureBackend: TranslationBackend, CustomStringConvertible {
    /// The global endpoint.
    public static let defaultBaseURL = "https://api.cognitive.microsofttranslator.com"
    /// The most texts sent in one request.
    public static let maximumBatchCount = 100
    /// The most characters (UTF-16 code units, markup included) sent in one request.
    public static let maximumBatchCharacters = 10_000

    public let name = "azure"
    public var identity: String { "azure-translator/3.0" }

    /// The endpoint, e.g. ``defaultBaseURL``.
    public let baseURL: String
    /// The resource's region (`eastus`), sent for regional and multi-service resources.
    public let region: String?
    /// The time limit of each request; nil for the client's.
    public let timeout: Duration?
    private let key: Secret
    private let http: BackendHTTP

    /// - Parameters:
    ///   - key: the Translator resource's key.
    ///   - region: the resource's region, required for regional and multi-service resources.
    ///   - baseURL: the endpoint.
    ///   - timeout: the time limit of each request; nil for the client's.
    ///   - client: the shared HTTP client.
    public init(
        key: Secret, region: String? = nil, baseURL: String = AzureBackend.defaultBaseURL, timeout: Duration? = nil,
        client: ParleyHTTPClient
    ) {
        self.key = key
        self.region = region.flatMap { $0.isEmpty ? nil : $0 }
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.http = BackendHTTP(backend: "azure", client: client)
    }

    /// `azure (https://…, region eastus)`; never the key.
    public var description: String { "azure (\(baseURL)\(region.map { ", region \($0)" } ?? ""))" }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        guard !key.value.isEmpty else {
            throw TranslationError(.notConfigured, backend: name, message: "no Azure Translator key; set the resource's key")
        }
        if texts.isEmpty { return [] }
        let terms = source.language == "en" || target.language == "en" ? options.terms : [:]
        let marked = Self.markTerms(texts, terms: terms, spaced: !Self.unspacedLanguages.contains(source.language))
        var results: [String] = []
        results.reserveCapacity(texts.count)
        do throws(TranslationError) {
            for batch in Self.batches(marked) {
                results += try await translateBatch(Array(marked[batch]), from: source, to: target)
            }
        } catch {
            throw redacted(error)
        }
        return results
    }

    /// Pairs between the languages Parley knows that Azure lists (`GET /languages?scope=translation`);
    /// Azure translates between any two languages it lists.
    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        struct Languages: Decodable {
            struct Language: Decodable {}
            var translation: [String: Language]
        }
        let url = baseURL + "/languages?api-version=3.0&scope=translation"
        do throws(TranslationError) {
            let response = try await http.send(ParleyHTTPClient.Request(url: url, timeout: timeout))
            guard response.status == 200 else { throw error(for: response) }
            let codes = Set(try http.decode(Languages.self, from: response).translation.keys.map { $0.lowercased() })
            let tags = SupportedLanguage.all.map(\.tag).filter { codes.contains(Self.code(for: $0).lowercased()) }
            return tags.flatMap { source in tags.filter { $0 != source }.map { LanguagePair(source, $0) } }
        } catch {
            throw redacted(error)
        }
    }

    /// Whether the language list answers; this does not check the key (that would spend quota).
    public func health() async -> BackendHealth {
        do {
            let pairs = try await supportedPairs()
            return BackendHealth(isHealthy: !pairs.isEmpty, detail: "\(pairs.count) language pairs at \(baseURL) (key not checked)")
        } catch {
            return BackendHealth(isHealthy: false, detail: error.description)
        }
    }

    // MARK: - Requests

    private func translateBatch(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag
    ) async throws(TranslationError) -> [String] {
        struct Item: Encodable {
            var text: String
            enum CodingKeys: String, CodingKey { case text = "Text" }
        }
        struct Result: Decodable {
            struct Translation: Decodable { var text: String }
            var translations: [Translation]
        }
        var url = baseURL + "/translate?api-version=3.0"
        if !source.isUndetermined { url += "&from=" + BackendHTTP.queryEncode(Self.code(for: source)) }
        url += "&to=" + BackendHTTP.queryEncode(Self.code(for: target)) + "&textType=plain"
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json; charset=UTF-8"),
            ("Ocp-Apim-Subscription-Key", key.value),
            ("X-ClientTraceId", UUID().uuidString),
        ]
        if let region { headers.append(("Ocp-Apim-Subscription-Region", region)) }
        let body: Data
        do {
            body = try JSONEncoder().encode(texts.map { Item(text: $0) })
        } catch {
            throw TranslationError(.invalidRequest, backend: name, message: "cannot encode the request: \(error)")
        }
        let response = try await http.send(ParleyHTTPClient.Request(
            method: "POST", url: url, headers: headers, body: Array(body), timeout: timeout))
        guard response.status == 200 else { throw error(for: response) }
        let results = try http.decode([Result].self, from: response)
        guard results.count == texts.count, results.allSatisfy({ $0.translations.count == 1 }) else {
            throw TranslationError(
                .badResponse, backend: name, status: response.status,
                message: "Azure returned \(results.count) results for \(texts.count) texts, or not one translation each")
        }
        return results.map { $0.translations[0].text }
    }

    /// Maps Azure's error envelope `{"error":{"code":400036,"message":"…"}}`: the six-digit code
    /// starts with the HTTP status.
    private func error(for response: ParleyHTTPClient.Response) -> TranslationError {
        let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body))
        let code = envelope?.error.code
        let detail = envelope?.error.message ?? BackendHTTP.snippet(response)
        let message = "Azure answered \(response.status)\(code.map { " (error \($0))" } ?? ""): \(detail)"
        let status = response.status
        switch (code.map { $0 / 1_000 } ?? status, code) {
        case (_, 400_019?), (_, 400_023?), (_, 400_035?), (_, 400_036?):
            return TranslationError(.unsupportedPair, backend: name, status: status,
                                    message: "\(message); route this pair to another backend")
        case (_, 400_050?), (_, 400_077?):
            return TranslationError(.textTooLong, backend: name, status: status, message: "\(message); split the text")
        case (401, _):
            return TranslationError(.authentication, backend: name, status: status,
                                    message: "\(message); check the Translator key and, for a regional or multi-service resource, its region")
        case (403, 403_001?):
            return TranslationError(.quotaExceeded, backend: name, status: status,
                                    message: "\(message); the free tier's monthly characters are used up: move to a paid tier or fall back")
        case (403, _):
            return TranslationError(.quotaExceeded, backend: name, status: status,
                                    message: "\(message); usually the subscription's quota is used up: check the resource's pricing tier")
        case (429, _):
            return TranslationError(.rateLimited, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); too many requests or characters per minute: slow down")
        case (408, _):
            return TranslationError(.unavailable, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); the custom system is not ready yet: retry in a minute")
        case (500...599, _):
            return TranslationError(.unavailable, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); Azure failed: retry later or fall back")
        default:
            return http.statusError(response, message: message)
        }
    }

    /// The error with every occurrence of the key removed from its message.
    private func redacted(_ error: TranslationError) -> TranslationError {
        error.redacting([key.value])
    }

    // MARK: - Batching and markup

    /// Index ranges of consecutive texts, each within the count and character limits.
    static func batches(_ texts: [String]) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0
        var characters = 0
        for (index, text) in texts.enumerated() {
            let length = text.utf16.count
            if index > start && (index - start == maximumBatchCount || characters + length > maximumBatchCharacters) {
                batches.append(start..<index)
                start = index
                characters = 0
            }
            characters += length
        }
        batches.append(start..<texts.count)
        return batches
    }

    /// Languages written without spaces between words, where a term needs no word boundary.
    private static let unspacedLanguages: Set<String> = ["zh", "ja", "th", "lo", "km", "my"]

    /// Wraps whole-word occurrences of the terms (longest first, any case) in dynamic-dictionary markup.
    static func markTerms(_ texts: [String], terms: [String: String], spaced: Bool) -> [String] {
        let usable = terms.filter { source, target in
            !source.trimmingCharacters(in: .whitespaces).isEmpty && !target.isEmpty
                && !target.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" })
        }
        guard !usable.isEmpty else { return texts }
        var translations: [String: String] = [:]
        for source in usable.keys.sorted() { translations[source.lowercased()] = translations[source.lowercased()] ?? usable[source] }
        let alternatives = usable.keys.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            .map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        let pattern = spaced ? "(?<![\\p{L}\\p{N}_])(?:\(alternatives))(?![\\p{L}\\p{N}_])" : "(?:\(alternatives))"
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return texts }
        return texts.map { text in
            var result = text
            let matches = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
            for match in matches.reversed() {
                guard let range = Range(match.range, in: text),
                      let translation = translations[String(text[range]).lowercased()]
                else { continue }
                result.replaceSubrange(
                    range, with: "<mstrans:dictionary translation=\"\(translation)\">\(text[range])</mstrans:dictionary>")
            }
            return result
        }
    }

    // MARK: - Language codes

    /// Azure's code for a tag: `zh-Hans`, `zh-Hant`, `fil` for Tagalog, `pt` (Brazil) or `pt-pt`,
    /// `fr-ca`; other languages Parley knows by their primary subtag; unknown tags as written.
    static func code(for tag: LanguageTag) -> String {
        guard let language = SupportedLanguage.matching(tag) else { return tag.identifier }
        let subtags = tag.identifier.split(separator: "-").dropFirst()
        switch language.tag.identifier {
        case "tl": return "fil"
        case "pt": return subtags.contains("PT") ? "pt-pt" : "pt"
        case "fr": return subtags.contains("CA") ? "fr-ca" : "fr"
        default: return language.tag.identifier
        }
    }
}

extension AzureBackend {
    /// Azure's `{"error":{"code":400036,"message":"…"}}`.
    fileprivate struct ErrorEnvelope: Decodable {
        struct Body: Decodable {
            var code: Int?
            var message: String?

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                message = try? container.decode(String.self, forKey: .message)
                code = (try? container.decode(Int.self, forKey: .code))
                    ?? (try? container.decode(String.self, forKey: .code)).flatMap { Int($0) }
            }

            enum CodingKeys: String, CodingKey { case code, message }
        }

        var error: Body
    }
}
