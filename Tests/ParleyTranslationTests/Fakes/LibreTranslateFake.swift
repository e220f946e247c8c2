import Foundation
import ParleyTesting

/// A LibreTranslate server on loopback, following its `app.py`: `GET /languages`, `POST /translate`
/// with a JSON or form body, `api_key` checked when the server has keys, the character limit, and
/// its `{"error":"…"}` replies with the same messages and statuses (400 unsupported language or
/// missing key, 403 invalid key, 429 `Slowdown: …`). A translation is `"[ES] " + text`.
final class LibreTranslateFake: Sendable {
    static let key = "lt-fake-key-e8c2a40b"

    /// A language in `GET /languages`.
    struct Language: Sendable {
        var code: String
        var name: String
        var targets: [String]
    }

    /// Older servers: `zh` and `zt` for Chinese.
    static let classicLanguages: [Language] = {
        let codes = ["en", "es", "zh", "zt", "tl", "pt", "fr", "ar"]
        let names = ["English", "Spanish", "Chinese", "Chinese (traditional)", "Tagalog", "Portuguese", "French", "Arabic"]
        return zip(codes, names).map { code, name in
            // French is only reachable from English, as with a partial model set.
            Language(code: code, name: name, targets: code == "en" ? codes : codes.filter { $0 != "fr" })
        }
    }()

    /// Newer servers: `zh-Hans`, `zh-Hant` and `pb`.
    static let modernLanguages: [Language] = {
        let codes = ["en", "es", "zh-Hans", "zh-Hant", "pt", "pb"]
        return codes.map { Language(code: $0, name: $0, targets: codes) }
    }()

    let server: FakeHTTPServer
    var baseURL: String { server.baseURL }
    var requests: [FakeHTTPServer.Request] { server.requests }
    var translateRequests: [FakeHTTPServer.Request] { server.requests.filter { $0.path == "/translate" } }

    /// - Parameters:
    ///   - languages: what `GET /languages` lists.
    ///   - requiresKey: whether the server was started with `--api-keys` and demands one.
    ///   - characterLimit: `--char-limit`; -1 for none.
    ///   - override: a reply that replaces the fake's own for a request, or nil to let it answer.
    init(
        languages: [Language] = LibreTranslateFake.classicLanguages, requiresKey: Bool = true, characterLimit: Int = -1,
        override: (@Sendable (FakeHTTPServer.Request) -> FakeHTTPServer.Reply?)? = nil
    ) throws {
        server = try FakeHTTPServer { request in
            override?(request)
                ?? Self.reply(to: request, languages: languages, requiresKey: requiresKey, characterLimit: characterLimit)
        }
    }

    /// LibreTranslate's error body.
    static func error(_ status: Int, _ message: String, headers: [(name: String, value: String)] = []) -> FakeHTTPServer.Reply {
        .json(status, ["error": message], headers: headers)
    }

    static func reply(
        to request: FakeHTTPServer.Request, languages: [Language], requiresKey: Bool, characterLimit: Int
    ) -> FakeHTTPServer.Reply {
        switch (request.method, request.path) {
        case ("GET", "/languages"):
            return .json(200, languages.map { ["code": $0.code, "name": $0.name, "targets": $0.targets] as [String: Any] })
        case ("POST", "/translate"):
            return translate(request, languages: languages, requiresKey: requiresKey, characterLimit: characterLimit)
        default:
            return .text(404, "<!doctype html><title>404 Not Found</title>", contentType: "text/html")
        }
    }

    private static func translate(
        _ request: FakeHTTPServer.Request, languages: [Language], requiresKey: Bool, characterLimit: Int
    ) -> FakeHTTPServer.Reply {
        let isJSON = request.header("Content-Type")?.hasPrefix("application/json") == true
        let fields: [String: Any]
        if isJSON {
            guard let object = request.json as? [String: Any] else { return error(400, "Invalid JSON format") }
            fields = object
        } else {
            fields = request.form.mapValues { $0.count == 1 ? $0[0] as Any : $0 as Any }
        }
        let key = fields["api_key"] as? String
        if requiresKey {
            if let key, key != Self.key { return error(403, "Invalid API key") }
            if key == nil { return error(400, "Visit https://portal.libretranslate.com to get an API key") }
        }
        guard let q = fields["q"], (q as? String)?.isEmpty != true, (q as? [Any])?.isEmpty != true else {
            return error(400, "Invalid request: missing q parameter")
        }
        guard let source = fields["source"] as? String, !source.isEmpty else {
            return error(400, "Invalid request: missing source parameter")
        }
        guard let target = fields["target"] as? String, !target.isEmpty else {
            return error(400, "Invalid request: missing target parameter")
        }
        let texts: [String]
        if let list = q as? [String] { texts = list } else if let single = q as? String { texts = [single] } else {
            return error(400, "Invalid request: missing q parameter")
        }
        let characters = texts.reduce(0) { $0 + $1.count }
        if characterLimit != -1 && characters > characterLimit {
            return error(400, "Invalid request: request (\(characters)) exceeds text limit (\(characterLimit))")
        }
        guard source == "auto" || languages.contains(where: { $0.code == source }) else {
            return error(400, "\(source) is not supported")
        }
        guard let targetLanguage = languages.first(where: { $0.code == target }) else {
            return error(400, "\(target) is not supported")
        }
        if let format = fields["format"] as? String, !["text", "html"].contains(format) {
            return error(400, "\(format) format is not supported")
        }
        let sourceLanguage = languages.first { $0.code == (source == "auto" ? "en" : source) }
        guard let sourceLanguage, sourceLanguage.targets.contains(target) else {
            return error(400, "\(targetLanguage.name) (\(target)) is not available as a target language from \(sourceLanguage?.name ?? source) (\(source))")
        }
        let translated = texts.map { "[\(target.uppercased())] " + $0 }
        return .json(200, ["translatedText": q is [Any] ? translated as Any : translated[0] as Any])
    }
}
