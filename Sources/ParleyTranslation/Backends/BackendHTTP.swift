internal import Foundation
public import ParleyHTTP

/// What every backend does over HTTP: send through the shared client, map transport failures and
/// common statuses to ``TranslationError``, decode JSON.
public struct BackendHTTP: Sendable {
    /// The backend's name, for errors.
    public let backend: String
    public let client: ParleyHTTPClient

    public init(backend: String, client: ParleyHTTPClient) {
        self.backend = backend
        self.client = client
    }

    /// Sends a request; transport failures become ``TranslationError``s. Any HTTP status returns.
    public func send(_ request: ParleyHTTPClient.Request) async throws(TranslationError) -> ParleyHTTPClient.Response {
        do {
            return try await client.execute(request)
        } catch {
            switch error.code {
            case .timeout:
                throw TranslationError(.timeout, backend: backend, message: "no answer in time: \(error.message)")
            case .connectionFailed, .connectionLost, .tls:
                throw TranslationError(.unavailable, backend: backend, message: "\(error.message); check that the backend is running and reachable")
            case .responseTooLarge:
                throw TranslationError(.badResponse, backend: backend, message: error.message)
            case .cancelled, .shutdown:
                throw TranslationError(.cancelled, backend: backend, message: error.message)
            case .invalidRequest:
                throw TranslationError(.notConfigured, backend: backend, message: "\(error.message); check the backend URL")
            default:
                throw TranslationError(.unavailable, backend: backend, message: error.message)
            }
        }
    }

    /// A JSON POST.
    public func postJSON(
        _ url: String, body: some Encodable, headers: [(name: String, value: String)] = []
    ) async throws(TranslationError) -> ParleyHTTPClient.Response {
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw TranslationError(.invalidRequest, backend: backend, message: "cannot encode the request: \(error)")
        }
        return try await send(ParleyHTTPClient.Request(
            method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers, body: Array(data)))
    }

    /// A form-urlencoded POST.
    public func postForm(
        _ url: String, fields: [(String, String)], headers: [(name: String, value: String)] = [], timeout: Duration? = nil
    ) async throws(TranslationError) -> ParleyHTTPClient.Response {
        let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await send(ParleyHTTPClient.Request(
            method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
            body: Array(body.utf8), timeout: timeout))
    }

    /// Translates texts in batches of at most `size` (the provider's limit), in order, and checks that
    /// each batch came back with one translation per text.
    /// - Parameters:
    ///   - texts: all the texts.
    ///   - size: the most texts per request.
    ///   - translate: sends one batch; returns its translations and the response's status.
    public func inBatches(
        _ texts: [String], size: Int,
        _ translate: ([String]) async throws(TranslationError) -> (translations: [String], status: Int)
    ) async throws(TranslationError) -> [String] {
        var results: [String] = []
        results.reserveCapacity(texts.count)
        for start in stride(from: 0, to: texts.count, by: max(1, size)) {
            let batch = Array(texts[start..<min(start + max(1, size), texts.count)])
            let (translations, status) = try await translate(batch)
            guard translations.count == batch.count else {
                throw TranslationError(
                    .badResponse, backend: backend, status: status,
                    message: "\(backend) returned \(translations.count) translations for \(batch.count) texts")
            }
            results += translations
        }
        return results
    }

    /// Decodes a JSON body; anything else is a `.badResponse` quoting the start of the body.
    public func decode<T: Decodable>(_ type: T.Type, from response: ParleyHTTPClient.Response) throws(TranslationError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw TranslationError(
                .badResponse, backend: backend, status: response.status,
                message: "the response is not the expected JSON (\(Self.describe(error))): \(Self.snippet(response))")
        }
    }

    /// The error for a status the provider-specific mapping did not claim: 401/403 auth, 429 rate
    /// limit (with `Retry-After`), 413 too long, 5xx unavailable, other 4xx invalid.
    public func statusError(_ response: ParleyHTTPClient.Response, message: String) -> TranslationError {
        let status = response.status
        switch status {
        case 401, 403:
            return TranslationError(.authentication, backend: backend, status: status,
                                    message: "\(message); check the backend's key")
        case 429:
            return TranslationError(.rateLimited, backend: backend, status: status, retryAfter: Self.retryAfter(response),
                                    message: "\(message); too many requests")
        case 413, 414:
            return TranslationError(.textTooLong, backend: backend, status: status, message: "\(message); send shorter text")
        case 500...599:
            return TranslationError(.unavailable, backend: backend, status: status, retryAfter: Self.retryAfter(response),
                                    message: "\(message); the backend failed")
        default:
            return TranslationError(.invalidRequest, backend: backend, status: status, message: message)
        }
    }

    /// `Retry-After` as seconds or an HTTP date.
    public static func retryAfter(_ response: ParleyHTTPClient.Response) -> Duration? {
        guard let value = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds >= 0 { return .milliseconds(Int(seconds * 1_000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1_000)))
    }

    /// The first 200 characters of a body, for messages.
    public static func snippet(_ response: ParleyHTTPClient.Response) -> String {
        let text = response.text
        return text.isEmpty ? "(empty body)" : "'\(text.prefix(200))\(text.count > 200 ? "…" : "")'"
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "unexpected value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: "not valid JSON"
        default: "\(error)"
        }
    }

    /// Percent-encoding for form fields (RFC 3986 unreserved characters kept).
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Percent-encoding for a URL query value.
    public static func queryEncode(_ text: String) -> String { formEncode(text) }
}
