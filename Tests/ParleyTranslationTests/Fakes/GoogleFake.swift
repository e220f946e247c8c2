import Foundation
import ParleyTesting

/// Google Cloud Translation on loopback, v2 and v3 on one server as at translation.googleapis.com,
/// following the real shapes: v2 checks `?key=`, `q`, `target`, `source`, `format`; v3 checks
/// `Authorization: Bearer`, the project in the path, `contents`, `mimeType`, the language codes and
/// `glossaryConfig`. It answers `"[es] " + text` (v3 `glossaryTranslations` with glossary terms
/// replaced), and fails on request with Google's error envelope and statuses.
final class GoogleFake: Sendable {
    /// A failure to answer every request with (after the key check).
    enum Failure: Sendable {
        /// v2: 403 `dailyLimitExceeded`; v3: 429 `RESOURCE_EXHAUSTED` on a per-day limit.
        case quotaExceeded
        /// 429 `RESOURCE_EXHAUSTED` / `rateLimitExceeded` with `Retry-After`.
        case rateLimited(retryAfter: Int)
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// 200 with one translation fewer than texts.
        case missingTranslation
        /// The normal answer, after a wait.
        case slow(Duration)
        /// A TCP reset instead of an answer.
        case reset
        /// 503 `UNAVAILABLE`.
        case serverError
    }

    /// The codes the fake translates (Google's own spelling).
    static let codes: [String] = [
        "am", "ar", "de", "en", "es", "fa", "fr", "hi", "ht", "it", "iw", "ja", "ko", "pl", "pt", "ru", "so", "tl",
        "uk", "vi", "zh-CN", "zh-TW",
    ]

    let key: String
    let token: String
    let project: String
    let server: FakeHTTPServer

    var baseURL: String { server.baseURL }
    var requests: [FakeHTTPServer.Request] { server.requests }

    /// - Parameters:
    ///   - key: the only v2 API key accepted.
    ///   - token: the only v3 bearer token accepted.
    ///   - project: the only v3 project.
    ///   - glossaries: v3 glossaries by full resource name: source term → target term.
    ///   - escapesHTML: whether v2 escapes its output as HTML even with `format: "text"` (the quirk).
    ///   - failure: how to fail every request with the right credentials; nil to answer normally.
    init(
        key: String = "fake-google-key", token: String = "fake-oauth-token", project: String = "parley-test",
        glossaries: [String: [String: String]] = [:], escapesHTML: Bool = false, failure: Failure? = nil
    ) throws {
        self.key = key
        self.token = token
        self.project = project
        let settings = Settings(key: key, token: token, project: project, glossaries: glossaries,
                                escapesHTML: escapesHTML, failure: failure)
        server = try FakeHTTPServer { request in Self.reply(to: request, settings) }
    }

    private struct Settings: Sendable {
        var key: String
        var token: String
        var project: String
        var glossaries: [String: [String: String]]
        var escapesHTML: Bool
        var failure: Failure?
    }

    /// Google's error envelope.
    static func envelope(
        _ code: Int, _ message: String, status: String, reason: String? = nil, details: [[String: Any]] = [],
        headers: [(name: String, value: String)] = []
    ) -> FakeHTTPServer.Reply {
        var error: [String: Any] = ["code": code, "message": message, "status": status]
        if let reason { error["errors"] = [["message": message, "domain": "global", "reason": reason]] }
        if !details.isEmpty { error["details"] = details }
        return .json(code, ["error": error], headers: headers)
    }

    private static func reply(to request: FakeHTTPServer.Request, _ settings: Settings) -> FakeHTTPServer.Reply {
        let isV2 = request.path.hasPrefix("/language/translate/v2")
        if isV2 {
            guard request.query["key"]?.first == settings.key else {
                return envelope(
                    400, "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", reason: "badRequest",
                    details: [["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                               "domain": "googleapis.com", "metadata": ["service": "translate.googleapis.com"]]])
            }
        } else {
            guard request.header("Authorization") == "Bearer \(settings.token)" else {
                return envelope(
                    401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                    status: "UNAUTHENTICATED",
                    details: [["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_TYPE_UNSUPPORTED"]])
            }
        }
        switch settings.failure {
        case .quotaExceeded:
            return isV2
                ? envelope(403, "Daily Limit Exceeded", status: "PERMISSION_DENIED", reason: "dailyLimitExceeded")
                : envelope(
                    429, "Quota exceeded for quota metric 'v3 general model characters' and limit 'v3 general model characters per day' of service 'translate.googleapis.com'.",
                    status: "RESOURCE_EXHAUSTED",
                    details: [["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
                               "metadata": ["quota_limit": "CharactersPerDayPerProject"]]])
        case .rateLimited(let seconds):
            return envelope(
                429, "Quota exceeded for quota metric 'Characters' and limit 'Characters per minute per project'.",
                status: "RESOURCE_EXHAUSTED", reason: "rateLimitExceeded", headers: [("Retry-After", "\(seconds)")])
        case .malformedJSON:
            return .text(200, "<html><body>502 Bad Gateway</body></html>", contentType: "text/html")
        case .slow(let duration):
            return .delay(duration, route(request, settings, dropLast: false))
        case .reset:
            return .reset
        case .serverError:
            return envelope(503, "The service is currently unavailable.", status: "UNAVAILABLE", reason: "backendError")
        case .missingTranslation:
            return route(request, settings, dropLast: true)
        case nil:
            return route(request, settings, dropLast: false)
        }
    }

    private static func route(_ request: FakeHTTPServer.Request, _ settings: Settings, dropLast: Bool) -> FakeHTTPServer.Reply {
        let v3Prefix = "/v3/projects/\(settings.project)/locations/"
        switch (request.method, request.path) {
        case ("POST", "/language/translate/v2"):
            return translateV2(request, settings, dropLast: dropLast)
        case ("GET", "/language/translate/v2/languages"):
            return .json(200, ["data": ["languages": codes.map { ["language": $0] }]])
        case ("POST", let path) where path.hasPrefix(v3Prefix) && path.hasSuffix(":translateText"):
            let location = String(path.dropFirst(v3Prefix.count).dropLast(":translateText".count))
            return translateV3(request, settings, location: location, dropLast: dropLast)
        case ("GET", let path) where path.hasPrefix(v3Prefix) && path.hasSuffix("/supportedLanguages"):
            return .json(200, ["languages": codes.map {
                ["languageCode": $0, "supportSource": true, "supportTarget": $0 != "am"] as [String: Any]
            }])
        case (_, let path) where path.hasPrefix("/v3/projects/"):
            return envelope(403, "Permission 'cloudtranslate.generalModels.predict' denied on resource (or it may not exist).",
                            status: "PERMISSION_DENIED")
        default:
            return envelope(404, "Not Found", status: "NOT_FOUND")
        }
    }

    private static func translateV2(_ request: FakeHTTPServer.Request, _ settings: Settings, dropLast: Bool)
        -> FakeHTTPServer.Reply
    {
        guard let body = request.json as? [String: Any] else {
            return envelope(400, "Invalid JSON payload received.", status: "INVALID_ARGUMENT", reason: "parseError")
        }
        let texts = (body["q"] as? [String]) ?? (body["q"] as? String).map { [$0] } ?? []
        guard !texts.isEmpty else { return envelope(400, "Required Text", status: "INVALID_ARGUMENT", reason: "required") }
        guard texts.count <= 128 else {
            return envelope(400, "Too many text segments", status: "INVALID_ARGUMENT", reason: "invalid")
        }
        guard let target = body["target"] as? String, codes.contains(target) else {
            return envelope(400, "Invalid Value", status: "INVALID_ARGUMENT", reason: "invalid")
        }
        let source = body["source"] as? String
        if let source, !codes.contains(source) {
            return envelope(400, "Invalid Value", status: "INVALID_ARGUMENT", reason: "invalid")
        }
        if source == target { return envelope(400, "Bad language pair: \(target)|\(target)", status: "INVALID_ARGUMENT", reason: "badRequest") }
        // Without format=text Google treats the text as HTML and escapes its output.
        let escapes = settings.escapesHTML || (body["format"] as? String) != "text"
        var translations: [[String: String]] = texts.map { text in
            let translated = "[\(target)] \(text)"
            var entry = ["translatedText": escapes ? escapeHTML(translated) : translated]
            if source == nil { entry["detectedSourceLanguage"] = "en" }
            return entry
        }
        if dropLast { translations.removeLast() }
        return .json(200, ["data": ["translations": translations]])
    }

    private static func translateV3(_ request: FakeHTTPServer.Request, _ settings: Settings, location: String, dropLast: Bool)
        -> FakeHTTPServer.Reply
    {
        guard request.header("Content-Type")?.hasPrefix("application/json") == true,
              let body = request.json as? [String: Any]
        else { return envelope(400, "Invalid JSON payload received.", status: "INVALID_ARGUMENT") }
        guard let texts = body["contents"] as? [String], !texts.isEmpty else {
            return envelope(400, "Empty contents.", status: "INVALID_ARGUMENT")
        }
        guard texts.count <= 128 else { return envelope(400, "Too many contents.", status: "INVALID_ARGUMENT") }
        guard let mimeType = body["mimeType"] as? String, ["text/plain", "text/html"].contains(mimeType) else {
            return envelope(400, "Unsupported mime type.", status: "INVALID_ARGUMENT")
        }
        guard let target = body["targetLanguageCode"] as? String, codes.contains(target) else {
            return envelope(400, "Target language is invalid.", status: "INVALID_ARGUMENT")
        }
        let source = body["sourceLanguageCode"] as? String
        if let source, !codes.contains(source) { return envelope(400, "Source language is invalid.", status: "INVALID_ARGUMENT") }
        var entries: [String: String]?
        if let config = body["glossaryConfig"] as? [String: Any] {
            guard let name = config["glossary"] as? String else {
                return envelope(400, "Glossary name is required.", status: "INVALID_ARGUMENT")
            }
            guard location != "global" else {
                return envelope(400, "Glossaries are not supported in location 'global'.", status: "INVALID_ARGUMENT")
            }
            guard source != nil else {
                return envelope(400, "Source language code is required when using a glossary.", status: "INVALID_ARGUMENT")
            }
            guard let found = settings.glossaries[name] else { return envelope(404, "Glossary not found.", status: "NOT_FOUND") }
            entries = found
        }
        func translated(_ text: String, with terms: [String: String]) -> [String: Any] {
            var text = text
            for (term, replacement) in terms.sorted(by: { $0.key.count > $1.key.count }) {
                text = text.replacingOccurrences(of: term, with: replacement)
            }
            var entry: [String: Any] = ["translatedText": "[\(target)] \(text)", "model": "projects/1/locations/\(location)/models/general/nmt"]
            if source == nil { entry["detectedLanguageCode"] = "en" }
            return entry
        }
        var plain = texts.map { translated($0, with: [:]) }
        var result: [String: Any] = [:]
        if let entries {
            var withGlossary = texts.map { translated($0, with: entries) }
            if dropLast { withGlossary.removeLast() }
            result["glossaryTranslations"] = withGlossary
        } else if dropLast {
            plain.removeLast()
        }
        result["translations"] = plain
        return .json(200, result)
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
