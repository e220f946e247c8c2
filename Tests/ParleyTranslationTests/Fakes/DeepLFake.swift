import Foundation
import ParleyTesting
import Synchronization

/// DeepL's v2 API on loopback, following the real request and response shapes: it checks the
/// `DeepL-Auth-Key` header, the path, the JSON fields and DeepL's language codes (bare `EN`/`PT`
/// targets are refused, as DeepL wants `EN-US`/`EN-GB`, `PT-BR`/`PT-PT`), and answers `"[ES] " + text`,
/// with glossary terms replaced first. It fails on request with DeepL's statuses and bodies.
final class DeepLFake: Sendable {
    /// A failure to answer every request with (after the key check).
    enum Failure: Sendable {
        /// 456, DeepL's quota status.
        case quotaExceeded
        /// 429 with `Retry-After`.
        case rateLimited(retryAfter: Int)
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// 200 with one translation fewer than texts.
        case missingTranslation
        /// The normal answer, after a wait.
        case slow(Duration)
        /// A TCP reset instead of an answer.
        case reset
        /// 503.
        case serverError
        /// 413.
        case payloadTooLarge
    }

    /// A glossary as DeepL stores it.
    struct Glossary: Sendable {
        var id: String
        var name: String
        var sourceLang: String
        var targetLang: String
        var entries: [String: String]
    }

    static let sourceCodes: Set<String> = [
        "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HU", "ID", "IT", "JA", "KO", "LT", "LV",
        "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR", "UK", "ZH",
    ]
    static let targetCodes: Set<String> = sourceCodes.subtracting(["EN", "PT", "ZH"])
        .union(["EN-US", "EN-GB", "PT-BR", "PT-PT", "ZH-HANS", "ZH-HANT"])

    let key: String
    let server: FakeHTTPServer
    private let store: Store

    /// The server's address, to pass as the backend's base URL.
    var baseURL: String { server.baseURL }
    /// Every request received.
    var requests: [FakeHTTPServer.Request] { server.requests }
    /// The glossaries created so far.
    var glossaries: [Glossary] { store.glossaries.withLock { Array($0.values) } }

    /// - Parameters:
    ///   - key: the only key accepted.
    ///   - failure: how to fail every request with the right key; nil to answer normally.
    init(key: String = "fake-deepl-key:fx", failure: Failure? = nil) throws {
        let store = Store()
        self.key = key
        self.store = store
        server = try FakeHTTPServer { request in Self.reply(to: request, key: key, failure: failure, store: store) }
    }

    private final class Store: Sendable {
        let glossaries = Mutex<[String: Glossary]>([:])
    }

    private static func message(_ status: Int, _ text: String, headers: [(name: String, value: String)] = [])
        -> FakeHTTPServer.Reply
    {
        .json(status, ["message": text], headers: headers)
    }

    private static func reply(to request: FakeHTTPServer.Request, key: String, failure: Failure?, store: Store)
        -> FakeHTTPServer.Reply
    {
        guard request.header("Authorization") == "DeepL-Auth-Key \(key)" else {
            return message(403, "Authorization failure, check auth_key")
        }
        switch failure {
        case .quotaExceeded: return message(456, "Quota Exceeded")
        case .rateLimited(let seconds): return message(429, "Too many requests", headers: [("Retry-After", "\(seconds)")])
        case .malformedJSON: return .text(200, "{\"translations\": [{\"text\": ")
        case .slow(let duration): return .delay(duration, route(request, store: store, dropLast: false))
        case .reset: return .reset
        case .serverError: return message(503, "Service temporarily unavailable")
        case .payloadTooLarge: return message(413, "Request Entity Too Large")
        case .missingTranslation: return route(request, store: store, dropLast: true)
        case nil: return route(request, store: store, dropLast: false)
        }
    }

    private static func route(_ request: FakeHTTPServer.Request, store: Store, dropLast: Bool) -> FakeHTTPServer.Reply {
        switch (request.method, request.path) {
        case ("POST", "/v2/translate"): return translate(request, store: store, dropLast: dropLast)
        case ("POST", "/v2/glossaries"): return createGlossary(request, store: store)
        case ("GET", "/v2/languages"):
            switch request.query["type"]?.first ?? "source" {
            case "source": return .json(200, sourceCodes.sorted().map { ["language": $0, "name": $0] })
            case "target":
                return .json(200, targetCodes.sorted().map { ["language": $0, "name": $0, "supports_formality": true] as [String: Any] })
            default: return message(400, "Value for 'type' not supported.")
            }
        case ("GET", "/v2/usage"): return .json(200, ["character_count": 1_200, "character_limit": 500_000])
        default: return message(404, "Not found")
        }
    }

    private static func translate(_ request: FakeHTTPServer.Request, store: Store, dropLast: Bool) -> FakeHTTPServer.Reply {
        guard request.header("Content-Type")?.hasPrefix("application/json") == true,
              let body = request.json as? [String: Any]
        else { return message(400, "Bad request. Reason: expected a JSON body") }
        guard let texts = body["text"] as? [String], !texts.isEmpty else {
            return message(400, "Parameter 'text' not specified.")
        }
        guard texts.count <= 50 else { return message(413, "Too many texts: at most 50 per request") }
        guard let target = body["target_lang"] as? String, targetCodes.contains(target) else {
            return message(400, "Value for 'target_lang' not supported.")
        }
        let source = body["source_lang"] as? String
        if let source, !sourceCodes.contains(source) {
            return message(400, "Value for 'source_lang' not supported.")
        }
        if let formality = body["formality"] as? String,
           !["default", "more", "less", "prefer_more", "prefer_less"].contains(formality)
        {
            return message(400, "Value for 'formality' not supported.")
        }
        var entries: [String: String] = [:]
        if let glossaryID = body["glossary_id"] as? String {
            guard let source else { return message(400, "Use of a glossary requires the source_lang parameter to be set.") }
            guard let glossary = store.glossaries.withLock({ $0[glossaryID] }) else { return message(404, "Glossary not found") }
            guard glossary.sourceLang == source, glossary.targetLang == String(target.prefix(2)) else {
                return message(400, "Glossary language pair does not match the request's source_lang and target_lang.")
            }
            entries = glossary.entries
        }
        var translations: [[String: String]] = texts.map { text in
            var text = text
            for (term, replacement) in entries.sorted(by: { $0.key.count > $1.key.count }) {
                text = text.replacingOccurrences(of: term, with: replacement)
            }
            return ["detected_source_language": source ?? "EN", "text": "[\(target)] \(text)"]
        }
        if dropLast { translations.removeLast() }
        return .json(200, ["translations": translations])
    }

    private static func createGlossary(_ request: FakeHTTPServer.Request, store: Store) -> FakeHTTPServer.Reply {
        guard let body = request.json as? [String: Any],
              let name = body["name"] as? String, let source = body["source_lang"] as? String,
              let target = body["target_lang"] as? String, let tsv = body["entries"] as? String
        else { return message(400, "Missing glossary parameter: name, source_lang, target_lang and entries are required.") }
        guard body["entries_format"] as? String == "tsv" else { return message(400, "Value for 'entries_format' not supported.") }
        guard sourceCodes.contains(source), sourceCodes.contains(target), source != target else {
            return message(400, "Unsupported glossary source and target language pair.")
        }
        var entries: [String: String] = [:]
        for line in tsv.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return message(400, "Invalid glossary entries provided: '\(line)'")
            }
            guard entries[String(parts[0])] == nil else { return message(400, "Duplicate source term '\(parts[0])'") }
            entries[String(parts[0])] = String(parts[1])
        }
        let id = UUID().uuidString.lowercased()
        store.glossaries.withLock {
            $0[id] = Glossary(id: id, name: name, sourceLang: source, targetLang: target, entries: entries)
        }
        return .json(201, [
            "glossary_id": id, "name": name, "ready": true, "source_lang": source.lowercased(),
            "target_lang": target.lowercased(), "creation_time": "2026-01-01T00:00:00.000Z", "entry_count": entries.count,
        ])
    }
}
