internal import Foundation
public import ParleyLanguage
public import ParleyHTTP

/// Google Cloud Translation v2 ("Basic"): `POST /language/translate/v2?key=…` with an API key.
///
/// All texts go in one request's `q`, at most ``maximumBatchSize`` per request. The key travels in
/// the URL's query, as Google documents, and is removed from every error message and from
/// ``description``. Tags become Google's codes with ``code(for:)``: `zh-CN` / `zh-TW` for Chinese by
/// script, the bare language otherwise. An undetermined source (`und`) lets Google detect it.
public struct GoogleV2Backend: TranslationBackend, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Google's endpoint.
    public static let defaultBaseURL = "https://translation.googleapis.com"
    /// The most texts (`q` values) Google takes in one request.
    public static let maximumBatchSize = 128

    public var name: String { "google-v2" }
    public var identity: String { "google/v2" }

    /// Where requests go, without a trailing slash.
    public let baseURL: String
    /// Google's codes to accept (from ``supportedPairs()`` or configuration); nil to let Google decide,
    /// in which case only `und` and the non-language codes (`zxx`, `mul`, `mis`, `qaa`–`qtz`) are
    /// refused before a request.
    public let languages: Set<String>?
    /// The time limit of each request; nil for the client's.
    public let timeout: Duration?

    private let key: Secret
    private let http: BackendHTTP

    /// - Parameters:
    ///   - apiKey: a Google Cloud API key allowed to call the Cloud Translation API.
    ///   - baseURL: the API's address.
    ///   - languages: Google codes to accept (e.g. `["en", "es", "zh-CN"]`); nil for any.
    ///   - timeout: each request's time limit; nil for the client's.
    ///   - client: the HTTP client, shared by all backends.
    public init(
        apiKey: String, baseURL: String = GoogleV2Backend.defaultBaseURL, languages: Set<String>? = nil,
        timeout: Duration? = nil, client: ParleyHTTPClient
    ) {
        key = Secret(apiKey.trimmingCharacters(in: .whitespacesAndNewlines))
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.languages = languages
        self.timeout = timeout
        http = BackendHTTP(backend: "google-v2", client: client)
    }

    // MARK: - Language codes

    /// Google's code for a tag: `zh-CN` for Simplified Chinese (`zh`, `zh-Hans`, `zh-SG`), `zh-TW` for
    /// Traditional (`zh-Hant`, `zh-TW`, `zh-HK`), `tl` for `fil`, `no` for `nb`, otherwise the bare
    /// language (`es-MX` → `es`). Nil for `und` and codes that name no language (`zxx`, `mul`, `mis`,
    /// private use `qaa`–`qtz`). Shared by ``GoogleV3Backend``.
    /// - Parameter tag: the language.
    public static func code(for tag: LanguageTag) -> String? {
        let language = tag.language.lowercased()
        guard !tag.isUndetermined, !["und", "zxx", "mul", "mis"].contains(language) else { return nil }
        if language.count == 3, language >= "qaa", language <= "qtz" { return nil }
        switch language {
        case "zh": return SupportedLanguage.matching(tag)?.tag.identifier == "zh-Hant" ? "zh-TW" : "zh-CN"
        case "fil": return "tl"
        case "nb": return "no"
        default: return language
        }
    }

    /// The tag for a Google code: `zh-CN` → `zh-Hans`, `zh-TW` → `zh-Hant`, `iw` → `he`, `jw` → `jv`.
    /// - Parameter code: Google's code.
    public static func tag(forCode code: String) -> LanguageTag? {
        switch code.lowercased() {
        case "zh", "zh-cn": LanguageTag("zh-Hans")
        case "zh-tw": LanguageTag("zh-Hant")
        case "iw": LanguageTag("he")
        case "jw": LanguageTag("jv")
        default: LanguageTag(code)
        }
    }

    /// Google's codes for a pair (nil source for `und`: Google detects it), or `.unsupportedPair`
    /// when Google (or `languages`) lacks a language or both are the same. Shared by v2 and v3.
    static func codes(
        from source: LanguageTag, to target: LanguageTag, languages: Set<String>?, backend: String, version: String
    ) throws(TranslationError) -> (source: String?, target: String) {
        let pair = LanguagePair(source, target)
        func checked(_ tag: LanguageTag) throws(TranslationError) -> String {
            guard let code = code(for: tag), languages.map({ $0.contains(code) }) ?? true else {
                throw TranslationError(
                    .unsupportedPair, backend: backend,
                    message: "Google \(version) does not translate '\(tag)'; route \(pair) to another backend")
            }
            return code
        }
        let sourceCode = source.isUndetermined ? nil : try checked(source)
        let targetCode = try checked(target)
        if sourceCode == targetCode {
            throw TranslationError(
                .unsupportedPair, backend: backend,
                message: "source and target are both '\(targetCode)'; Google refuses to translate a language into itself")
        }
        return (sourceCode, targetCode)
    }

    // MARK: - Translation

    /// Translates texts with `POST /language/translate/v2`, `format: "text"`.
    ///
    /// HTML entities in the result are decoded (`&#39;`, `&amp;`, `&quot;`, `&lt;`, `&gt;` and numeric
    /// ones): with `format: "text"` Google should return plain text, but v2 has been seen to escape its
    /// output as if it were HTML, so a literal `&amp;` in a translation becomes `&`. Google has no
    /// formality or glossary in v2; those options are ignored.
    /// - Parameters:
    ///   - texts: the texts.
    ///   - source: their language, or `und` to let Google detect it.
    ///   - target: the language wanted.
    ///   - options: ignored by v2.
    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        let (sourceCode, targetCode) = try Self.codes(from: source, to: target, languages: languages, backend: name, version: "v2")
        try checkConfigured()
        guard !texts.isEmpty else { return [] }

        return try await http.inBatches(texts, size: Self.maximumBatchSize) { batch throws(TranslationError) in
            let body = TranslateRequest(q: batch, target: targetCode, source: sourceCode, format: "text")
            let response = try await send("POST", "/language/translate/v2", body: body)
            guard response.status == 200 else { throw failure(response, doing: "translation") }
            let translations = try decode(TranslateResponse.self, from: response).data.translations
            return (translations.map { Self.decodingHTMLEntities($0.translatedText) }, response.status)
        }
    }

    // MARK: - Languages and health

    /// Every pair between the languages of `GET /language/translate/v2/languages` (v2 translates
    /// between any two of them), limited to ``languages`` when set.
    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        let codes = try await listLanguages().filter { languages?.contains($0) ?? true }
        let tags = Set(codes.compactMap(Self.tag(forCode:)))
        var pairs: [LanguagePair] = []
        for source in tags {
            for target in tags where target != source {
                pairs.append(LanguagePair(source, target))
            }
        }
        return pairs.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }

    private func listLanguages() async throws(TranslationError) -> [String] {
        try checkConfigured()
        let response = try await send("GET", "/language/translate/v2/languages")
        guard response.status == 200 else { throw failure(response, doing: "listing languages") }
        return try decode(LanguagesResponse.self, from: response).data.languages.map(\.language)
    }

    /// Checks the key with `GET /language/translate/v2/languages`, which bills nothing.
    public func health() async -> BackendHealth {
        do throws(TranslationError) {
            let count = try await listLanguages().count
            return BackendHealth(isHealthy: true, detail: "Google v2 answers at \(baseURL) with \(count) languages")
        } catch {
            return BackendHealth(isHealthy: false, detail: error.description)
        }
    }

    // MARK: - HTTP

    private func checkConfigured() throws(TranslationError) {
        guard !key.value.isEmpty else {
            throw TranslationError(.notConfigured, backend: name,
                                   message: "no Google API key is set; create one allowed to call the Cloud Translation API")
        }
    }

    private func send(_ method: String, _ path: String, body: (some Encodable)? = String?.none)
        async throws(TranslationError) -> ParleyHTTPClient.Response
    {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        var bytes: [UInt8] = []
        if let body {
            do {
                bytes = Array(try JSONEncoder().encode(body))
            } catch {
                throw TranslationError(.invalidRequest, backend: name, message: "cannot encode the Google request: \(error)")
            }
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        }
        let url = baseURL + path + "?key=" + BackendHTTP.queryEncode(key.value)
        do {
            return try await http.send(ParleyHTTPClient.Request(method: method, url: url, headers: headers, body: bytes, timeout: timeout))
        } catch {
            throw GoogleErrorEnvelope.redact(error, secrets: [key.value])
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: ParleyHTTPClient.Response) throws(TranslationError) -> T {
        do {
            return try http.decode(type, from: response)
        } catch {
            throw GoogleErrorEnvelope.redact(error, secrets: [key.value])
        }
    }

    private func failure(_ response: ParleyHTTPClient.Response, doing action: String) -> TranslationError {
        GoogleErrorEnvelope.translationError(for: response, http: http, doing: action, secrets: [key.value])
    }

    // MARK: - HTML entities

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric entities (`&#39;`, `&#x27;`) in
    /// one pass, so `&amp;lt;` becomes `&lt;`, not `<`. Anything else is left as it is.
    static func decodingHTMLEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while let ampersand = text[index...].firstIndex(of: "&") {
            result += text[index..<ampersand]
            let rest = text[text.index(after: ampersand)...]
            if let semicolon = rest.prefix(10).firstIndex(of: ";"),
               let decoded = decodeEntity(String(rest[..<semicolon]))
            {
                result.append(decoded)
                index = text.index(after: semicolon)
            } else {
                result.append("&")
                index = text.index(after: ampersand)
            }
        }
        result += text[index...]
        return result
    }

    private static func decodeEntity(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }

    // MARK: - Description

    /// The endpoint, never the key.
    public var description: String { "GoogleV2Backend(\(baseURL))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "languages": languages?.sorted() as Any, "timeout": timeout as Any],
               displayStyle: .struct)
    }
}

// MARK: - Wire types

extension GoogleV2Backend {
    private struct TranslateRequest: Encodable {
        var q: [String]
        var target: String
        var source: String?
        var format: String
    }

    private struct TranslateResponse: Decodable {
        struct Payload: Decodable {
            var translations: [Translation]
        }
        struct Translation: Decodable {
            var translatedText: String
        }
        var data: Payload
    }

    private struct LanguagesResponse: Decodable {
        struct Payload: Decodable {
            var languages: [Language]
        }
        struct Language: Decodable {
            var language: String
        }
        var data: Payload
    }
}
