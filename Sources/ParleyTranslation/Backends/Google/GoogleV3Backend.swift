internal import Foundation
public import ParleyLanguage
public import ParleyHTTP

/// Google Cloud Translation v3 ("Advanced"):
/// `POST /v3/projects/{project}/locations/{location}:translateText` with an OAuth 2 bearer token.
///
/// All texts go in one request's `contents`, at most ``maximumBatchSize`` per request, as
/// `text/plain`. With `TranslationOptions.providerGlossary` the request carries a `glossaryConfig`
/// (`ignoreCase: true`) and the result is the response's `glossaryTranslations`; a glossary needs a
/// source language and a regional location (e.g. `us-central1`, not `global`). The token is removed
/// from every error message and from ``description``. Access tokens expire (about an hour): build a
/// new backend with a fresh token when the backend reports `.authentication`.
public struct GoogleV3Backend: TranslationBackend, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Google's endpoint.
    public static let defaultBaseURL = "https://translation.googleapis.com"
    /// The most texts (`contents` values) sent in one request.
    public static let maximumBatchSize = 128

    public var name: String { "google-v3" }
    public var identity: String { "google/v3" }

    /// Where requests go, without a trailing slash.
    public let baseURL: String
    /// The Cloud project id (or number).
    public let project: String
    /// The location: `global`, or a region such as `us-central1` (required for glossaries).
    public let location: String
    /// Google's codes to accept; nil to let Google decide (see ``GoogleV2Backend/languages``).
    public let languages: Set<String>?
    /// The time limit of each request; nil for the client's.
    public let timeout: Duration?

    private let accessToken: Secret
    private let http: BackendHTTP

    /// - Parameters:
    ///   - project: the Cloud project id.
    ///   - location: `global` or a region; glossaries need a region.
    ///   - accessToken: an OAuth 2 access token with the `cloud-translation` or `cloud-platform` scope.
    ///   - baseURL: the API's address.
    ///   - languages: Google codes to accept; nil for any.
    ///   - timeout: each request's time limit; nil for the client's.
    ///   - client: the HTTP client, shared by all backends.
    public init(
        project: String, location: String = "global", accessToken: String,
        baseURL: String = GoogleV3Backend.defaultBaseURL, languages: Set<String>? = nil, timeout: Duration? = nil,
        client: ParleyHTTPClient
    ) {
        self.project = project.trimmingCharacters(in: .whitespacesAndNewlines)
        self.location = location.trimmingCharacters(in: .whitespacesAndNewlines)
        self.accessToken = Secret(accessToken.trimmingCharacters(in: .whitespacesAndNewlines))
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.languages = languages
        self.timeout = timeout
        http = BackendHTTP(backend: "google-v3", client: client)
    }

    /// `projects/{project}/locations/{location}`.
    public var parent: String { "projects/\(project)/locations/\(location)" }

    /// The full resource name of a glossary: a name with a `/` is taken as it is, a bare id becomes
    /// `projects/{project}/locations/{location}/glossaries/{id}`.
    /// - Parameter glossary: a glossary id or resource name.
    public func glossaryResourceName(_ glossary: String) -> String {
        glossary.contains("/") ? glossary : "\(parent)/glossaries/\(glossary)"
    }

    /// Google's code for a tag (the same codes as v2: `zh-CN`, `zh-TW`, bare languages).
    /// - Parameter tag: the language.
    public static func code(for tag: LanguageTag) -> String? { GoogleV2Backend.code(for: tag) }


    // MARK: - Translation

    /// Translates texts with `:translateText`.
    /// - Parameters:
    ///   - texts: the texts.
    ///   - source: their language, or `und` to let Google detect it (not with a glossary).
    ///   - target: the language wanted.
    ///   - options: `providerGlossary`, a glossary id or resource name; formality is ignored.
    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        let (sourceCode, targetCode) = try GoogleV2Backend.codes(
            from: source, to: target, languages: languages, backend: name, version: "v3")
        let glossary = options.providerGlossary.map(glossaryResourceName)
        if glossary != nil, sourceCode == nil {
            throw TranslationError(
                .invalidRequest, backend: name,
                message: "a Google glossary needs the source language; detect the language first and pass it as the source")
        }
        try checkConfigured()
        guard !texts.isEmpty else { return [] }

        return try await http.inBatches(texts, size: Self.maximumBatchSize) { batch throws(TranslationError) in
            let body = TranslateRequest(
                contents: batch, mimeType: "text/plain", sourceLanguageCode: sourceCode, targetLanguageCode: targetCode,
                glossaryConfig: glossary.map { GlossaryConfig(glossary: $0, ignoreCase: true) })
            let response = try await send("POST", "/v3/\(parent):translateText", body: body)
            guard response.status == 200 else { throw failure(response, doing: "translation") }
            let decoded = try decode(TranslateResponse.self, from: response)
            guard glossary == nil else {
                guard let glossaryTranslations = decoded.glossaryTranslations else {
                    throw TranslationError(
                        .badResponse, backend: name, status: response.status,
                        message: "Google returned no glossaryTranslations although a glossary was given; the glossary was not applied")
                }
                return (glossaryTranslations.map(\.translatedText), response.status)
            }
            return ((decoded.translations ?? []).map(\.translatedText), response.status)
        }
    }

    // MARK: - Languages and health

    /// The pairs from `GET …/supportedLanguages`: every source language (`supportSource`) to every
    /// other target language (`supportTarget`), limited to ``languages`` when set.
    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        let entries = try await listLanguages().filter { languages?.contains($0.languageCode) ?? true }
        let sources = Set(entries.filter { $0.supportSource ?? true }.compactMap { GoogleV2Backend.tag(forCode: $0.languageCode) })
        let targets = Set(entries.filter { $0.supportTarget ?? true }.compactMap { GoogleV2Backend.tag(forCode: $0.languageCode) })
        var pairs: [LanguagePair] = []
        for source in sources {
            for target in targets where target != source {
                pairs.append(LanguagePair(source, target))
            }
        }
        return pairs.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }

    private func listLanguages() async throws(TranslationError) -> [SupportedLanguageEntry] {
        try checkConfigured()
        let response = try await send("GET", "/v3/\(parent)/supportedLanguages")
        guard response.status == 200 else { throw failure(response, doing: "listing languages") }
        return try decode(SupportedLanguagesResponse.self, from: response).languages
    }

    /// Checks the token and project with `GET …/supportedLanguages`, which bills nothing.
    public func health() async -> BackendHealth {
        do throws(TranslationError) {
            let count = try await listLanguages().count
            return BackendHealth(isHealthy: true, detail: "Google v3 answers for \(parent) with \(count) languages")
        } catch {
            return BackendHealth(isHealthy: false, detail: error.description)
        }
    }

    // MARK: - HTTP

    private func checkConfigured() throws(TranslationError) {
        guard !accessToken.value.isEmpty, !project.isEmpty, !location.isEmpty else {
            throw TranslationError(
                .notConfigured, backend: name,
                message: "Google v3 needs a project, a location and an access token; set the missing ones")
        }
    }

    private func send(_ method: String, _ path: String, body: (some Encodable)? = String?.none)
        async throws(TranslationError) -> ParleyHTTPClient.Response
    {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(accessToken.value)"), ("Accept", "application/json"),
        ]
        var bytes: [UInt8] = []
        if let body {
            do {
                bytes = Array(try JSONEncoder().encode(body))
            } catch {
                throw TranslationError(.invalidRequest, backend: name, message: "cannot encode the Google request: \(error)")
            }
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        }
        do {
            return try await http.send(ParleyHTTPClient.Request(
                method: method, url: baseURL + path, headers: headers, body: bytes, timeout: timeout))
        } catch {
            throw GoogleErrorEnvelope.redact(error, secrets: [accessToken.value])
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: ParleyHTTPClient.Response) throws(TranslationError) -> T {
        do {
            return try http.decode(type, from: response)
        } catch {
            throw GoogleErrorEnvelope.redact(error, secrets: [accessToken.value])
        }
    }

    private func failure(_ response: ParleyHTTPClient.Response, doing action: String) -> TranslationError {
        GoogleErrorEnvelope.translationError(for: response, http: http, doing: action, secrets: [accessToken.value])
    }

    // MARK: - Description

    /// The endpoint and project, never the token.
    public var description: String { "GoogleV3Backend(\(baseURL), \(parent))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: [
            "baseURL": baseURL, "project": project, "location": location,
            "languages": languages?.sorted() as Any, "timeout": timeout as Any,
        ], displayStyle: .struct)
    }
}

// MARK: - Wire types

extension GoogleV3Backend {
    private struct GlossaryConfig: Encodable {
        var glossary: String
        var ignoreCase: Bool
    }

    private struct TranslateRequest: Encodable {
        var contents: [String]
        var mimeType: String
        var sourceLanguageCode: String?
        var targetLanguageCode: String
        var glossaryConfig: GlossaryConfig?
    }

    private struct Translation: Decodable {
        var translatedText: String
    }

    private struct TranslateResponse: Decodable {
        var translations: [Translation]?
        var glossaryTranslations: [Translation]?
    }

    private struct SupportedLanguageEntry: Decodable {
        var languageCode: String
        var supportSource: Bool?
        var supportTarget: Bool?
    }

    private struct SupportedLanguagesResponse: Decodable {
        var languages: [SupportedLanguageEntry]
    }
}
