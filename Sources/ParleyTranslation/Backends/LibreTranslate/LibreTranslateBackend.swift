public import ParleyLanguage
internal import Foundation
internal import Synchronization
public import ParleyHTTP

/// A LibreTranslate server: `POST {baseURL}/translate` with the JSON body
/// `{"q":[…],"source":"es","target":"en","format":"text","api_key":"…"}`, which answers
/// `{"translatedText":[…]}` (an array in, an array out).
///
/// The server's `GET /languages` is read once and kept: it decides the codes sent where
/// LibreTranslate versions differ (`zh-Hans` or `zh`, `zh-Hant` or `zt`, `pb` for Brazilian
/// Portuguese) and lets an unsupported pair fail without a translation request. An undetermined
/// source (`und`) is sent as `auto`. LibreTranslate has no glossary, formality or inline terms:
/// ``TranslationOptions`` is ignored.
public struct LibreTranslateBackend: TranslationBackend, CustomStringConvertible {
    public let name = "libretranslate"
    public var identity: String { "libretranslate" }

    /// The server, e.g. `http://127.0.0.1:5000` (the public instance is `https://libretranslate.com`,
    /// which needs a key).
    public let baseURL: String
    /// The time limit of each request; nil for the client's.
    public let timeout: Duration?
    private let key: Secret?
    private let http: BackendHTTP
    private let languages = LanguageList()

    /// - Parameters:
    ///   - baseURL: the server.
    ///   - key: the API key, for servers started with `--api-keys`; nil when none is needed.
    ///   - timeout: the time limit of each request; nil for the client's.
    ///   - client: the shared HTTP client.
    public init(baseURL: String, key: Secret? = nil, timeout: Duration? = nil, client: ParleyHTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.key = key.flatMap { $0.value.isEmpty ? nil : $0 }
        self.timeout = timeout
        self.http = BackendHTTP(backend: "libretranslate", client: client)
    }

    /// `libretranslate (http://…)`; never the key.
    public var description: String { "libretranslate (\(baseURL))" }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        if texts.isEmpty { return [] }
        do throws(TranslationError) {
            let listed = try await serverLanguages()
            let from = source.isUndetermined ? "auto" : Self.code(for: source, listed: listed)
            let to = Self.code(for: target, listed: listed)
            if let listed {
                let reachable = from == "auto" ? Set(listed.keys) : listed[from]
                guard let reachable, reachable.contains(to) else {
                    throw TranslationError(.unsupportedPair, backend: name,
                                           message: "\(baseURL) does not translate \(from)→\(to); install the model or route this pair to another backend")
                }
            }
            return try await translate(texts, from: from, to: to)
        } catch {
            throw redacted(error)
        }
    }

    /// Every pair `GET /languages` lists (`zt` as zh-Hant, `zh` as zh-Hans, `pb` as pt-BR).
    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        do throws(TranslationError) {
            let languages = try await fetchLanguages()
            return languages.flatMap { language -> [LanguagePair] in
                guard let source = Self.tag(forCode: language.code) else { return [] }
                return language.targets.compactMap { code in
                    guard let target = Self.tag(forCode: code), target != source else { return nil }
                    return LanguagePair(source, target)
                }
            }
        } catch {
            throw redacted(error)
        }
    }

    /// Whether `GET /languages` answers with at least one language.
    public func health() async -> BackendHealth {
        do {
            let pairs = try await supportedPairs()
            return BackendHealth(isHealthy: !pairs.isEmpty, detail: "\(pairs.count) language pairs at \(baseURL)")
        } catch {
            return BackendHealth(isHealthy: false, detail: error.description)
        }
    }

    // MARK: - Requests

    private struct Request: Encodable {
        var q: [String]
        var source: String
        var target: String
        var format = "text"
        var apiKey: String?

        enum CodingKeys: String, CodingKey {
            case q, source, target, format
            case apiKey = "api_key"
        }
    }

    /// `translatedText` is an array for an array `q`; a single string is accepted for one text.
    private struct Reply: Decodable {
        var translatedText: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let single = try? container.decode(String.self, forKey: .translatedText) {
                translatedText = [single]
            } else {
                translatedText = try container.decode([String].self, forKey: .translatedText)
            }
        }

        enum CodingKeys: String, CodingKey { case translatedText }
    }

    fileprivate struct Language: Decodable {
        var code: String
        var targets: [String]
    }

    private func translate(_ texts: [String], from: String, to: String) async throws(TranslationError) -> [String] {
        let body: Data
        do {
            body = try JSONEncoder().encode(Request(q: texts, source: from, target: to, apiKey: key?.value))
        } catch {
            throw TranslationError(.invalidRequest, backend: name, message: "cannot encode the request: \(error)")
        }
        let response = try await http.send(ParleyHTTPClient.Request(
            method: "POST", url: baseURL + "/translate", headers: [("Content-Type", "application/json")], body: Array(body),
            timeout: timeout))
        guard response.status == 200 else { throw error(for: response) }
        let translated = try http.decode(Reply.self, from: response).translatedText
        guard translated.count == texts.count else {
            throw TranslationError(.badResponse, backend: name, status: 200,
                                   message: "LibreTranslate returned \(translated.count) translations for \(texts.count) texts")
        }
        return translated
    }

    /// The server's languages (code → target codes), read once; nil when the server does not list them.
    private func serverLanguages() async throws(TranslationError) -> [String: Set<String>]? {
        if let cached = languages.value { return cached }
        let fetched: [Language]
        do {
            fetched = try await fetchLanguages()
        } catch where [.timeout, .cancelled, .notConfigured].contains(error.code) || error.code == .unavailable && error.status == nil {
            throw error  // unreachable, cancelled or a bad URL: translating would fail the same way
        } catch {
            return nil  // an older or proxied server without /languages: send the default codes
        }
        let list = Dictionary(fetched.map { ($0.code, Set($0.targets)) }, uniquingKeysWith: { $0.union($1) })
        languages.value = list
        return list
    }

    private func fetchLanguages() async throws(TranslationError) -> [Language] {
        let response = try await http.send(ParleyHTTPClient.Request(url: baseURL + "/languages", timeout: timeout))
        guard response.status == 200 else { throw error(for: response) }
        return try http.decode([Language].self, from: response)
    }

    /// Maps `{"error":"…"}` by status and message.
    private func error(for response: ParleyHTTPClient.Response) -> TranslationError {
        struct Failure: Decodable { var error: String }
        let detail = (try? JSONDecoder().decode(Failure.self, from: Data(response.body)))?.error ?? BackendHTTP.snippet(response)
        let message = "LibreTranslate answered \(response.status): \(detail)"
        let lowered = detail.lowercased()
        let status = response.status
        switch status {
        case 400 where lowered.contains("api key"):
            return TranslationError(.authentication, backend: name, status: status,
                                    message: "\(message); this server needs an API key: configure one")
        case 400 where lowered.contains("exceeds text limit"):
            return TranslationError(.textTooLong, backend: name, status: status,
                                    message: "\(message); send fewer or shorter texts")
        case 400 where (lowered.contains("is not supported") && !lowered.contains("format"))
            || lowered.contains("not available as a target language"):
            return TranslationError(.unsupportedPair, backend: name, status: status,
                                    message: "\(message); install the model or route this pair to another backend")
        case 400:
            return TranslationError(.invalidRequest, backend: name, status: status, message: message)
        case 403 where lowered.contains("too many request limits"):
            return TranslationError(.rateLimited, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); this client is banned for repeated rate-limit violations: slow down")
        case 403:
            return TranslationError(.authentication, backend: name, status: status,
                                    message: "\(message); check the LibreTranslate API key")
        case 429 where lowered.contains("per day") || lowered.contains("per 1 day"):
            return TranslationError(.quotaExceeded, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); the daily request limit is used up: raise the key's limit or fall back")
        case 429:
            return TranslationError(.rateLimited, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); too many requests: slow down")
        case 500...599:
            return TranslationError(.unavailable, backend: name, status: status, retryAfter: BackendHTTP.retryAfter(response),
                                    message: "\(message); the server failed (often a missing or broken model): check its log")
        default:
            return http.statusError(response, message: message)
        }
    }

    /// The error with every occurrence of the key removed from its message.
    private func redacted(_ error: TranslationError) -> TranslationError {
        error.redacting(key.map { [$0.value] } ?? [])
    }

    // MARK: - Language codes

    /// The code for a tag: the first candidate the server lists, else the last (the long-standing code).
    static func code(for tag: LanguageTag, listed: [String: Set<String>]?) -> String {
        let candidates = candidates(for: tag)
        if let listed, let code = candidates.first(where: { listed[$0] != nil }) { return code }
        return candidates[candidates.count - 1]
    }

    /// LibreTranslate codes for a tag, preferred first: `zh-Hans`/`zh`, `zh-Hant`/`zt`, `pb`/`pt` for pt-BR.
    static func candidates(for tag: LanguageTag) -> [String] {
        guard let language = SupportedLanguage.matching(tag) else { return [tag.language] }
        switch language.tag.identifier {
        case "zh-Hans": return ["zh-Hans", "zh"]
        case "zh-Hant": return ["zh-Hant", "zt"]
        case "pt": return tag.identifier.split(separator: "-").dropFirst().contains("BR") ? ["pb", "pt"] : ["pt"]
        default: return [language.tag.identifier]
        }
    }

    /// The tag for a LibreTranslate code: `zt` → zh-Hant, `zh` → zh-Hans, `pb` → pt-BR.
    static func tag(forCode code: String) -> LanguageTag? {
        switch code {
        case "zh": LanguageTag("zh-Hans")
        case "zt": LanguageTag("zh-Hant")
        case "pb": LanguageTag("pt-BR")
        default: LanguageTag(code)
        }
    }
}

extension LibreTranslateBackend {
    /// The server's language list, shared by copies of the backend once read.
    fileprivate final class LanguageList: Sendable {
        private let storage = Mutex<[String: Set<String>]?>(nil)

        var value: [String: Set<String>]? {
            get { storage.withLock { $0 } }
            set { storage.withLock { $0 = newValue } }
        }
    }
}
