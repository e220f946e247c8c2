import Foundation
import ParleyTesting

/// Azure Translator v3.0 on loopback: `POST /translate?api-version=3.0&from=…&to=…` and
/// `GET /languages?api-version=3.0&scope=translation`, checking the key and region headers, the
/// query and the `[{"Text":"…"}]` body as the service does, and answering with Azure's shapes and
/// error envelopes. A translation is `"[ES] " + text`, with dynamic-dictionary markup replaced by
/// its translation, as Azure does.
final class AzureFake: Sendable {
    static let key = "azure-fake-key-7f3a91c2"
    static let region = "eastus"
    /// Codes the fake translates, as Azure spells them (lowercased for matching).
    static let languages: Set<String> = [
        "en", "es", "zh-hans", "zh-hant", "vi", "fil", "ko", "ar", "ru", "ht", "pt", "pt-pt", "fr", "fr-ca", "de", "it",
        "ja", "hi", "pl", "uk", "fa", "so", "am",
    ]

    let server: FakeHTTPServer
    var baseURL: String { server.baseURL }
    var requests: [FakeHTTPServer.Request] { server.requests }
    /// Requests to `/translate`.
    var translateRequests: [FakeHTTPServer.Request] { server.requests.filter { $0.path == "/translate" } }

    /// - Parameters:
    ///   - region: the region the resource is in; nil for a global resource (no region header needed).
    ///   - override: a reply that replaces the fake's own for a request, or nil to let it answer.
    init(
        region: String? = AzureFake.region,
        override: (@Sendable (FakeHTTPServer.Request) -> FakeHTTPServer.Reply?)? = nil
    ) throws {
        server = try FakeHTTPServer { request in
            override?(request) ?? Self.reply(to: request, region: region)
        }
    }

    /// Azure's error envelope: `{"error":{"code":…,"message":…}}` with the status the code starts with.
    static func error(_ code: Int, _ message: String, headers: [(name: String, value: String)] = []) -> FakeHTTPServer.Reply {
        .json(code / 1_000, ["error": ["code": code, "message": message]], headers: headers)
    }

    static func reply(to request: FakeHTTPServer.Request, region: String?) -> FakeHTTPServer.Reply {
        let query = request.query
        guard query["api-version"] == ["3.0"] else {
            return error(400_021, "The API version parameter is missing or invalid.")
        }
        switch (request.method, request.path) {
        case ("GET", "/languages"):
            let names = Dictionary(uniqueKeysWithValues: languages.map { code in
                (code.replacingOccurrences(of: "-hans", with: "-Hans").replacingOccurrences(of: "-hant", with: "-Hant"),
                 ["name": code, "nativeName": code, "dir": "ltr"])
            })
            return .json(200, ["translation": names])
        case ("POST", "/translate"):
            return translate(request, region: region)
        default:
            return error(404_000, "The requested resource was not found.")
        }
    }

    private static func translate(_ request: FakeHTTPServer.Request, region: String?) -> FakeHTTPServer.Reply {
        guard request.header("Ocp-Apim-Subscription-Key") == key,
              region == nil || request.header("Ocp-Apim-Subscription-Region") == region
        else {
            return error(401_000, "The request is not authorized because credentials are missing or invalid.")
        }
        guard request.header("Content-Type")?.hasPrefix("application/json") == true else {
            return error(415_000, "The Content-Type header is missing or invalid.")
        }
        let query = request.query
        guard let to = query["to"]?.first, languages.contains(to.lowercased()) else {
            return error(400_036, "The target language is not valid.")
        }
        if let from = query["from"]?.first, !languages.contains(from.lowercased()) {
            return error(400_035, "The source language is not valid.")
        }
        guard query["textType"]?.first.map({ ["plain", "html"].contains($0) }) ?? true else {
            return error(400_071, "The value of the TextType parameter is not valid.")
        }
        guard let items = request.json as? [[String: Any]] else {
            return error(400_074, "The body of the request is not valid JSON.")
        }
        guard items.count <= 100 else {
            return error(400_072, "The array of input text has too many elements.")
        }
        var texts: [String] = []
        for item in items {
            // The service reads the field case-insensitively; clients send "Text".
            guard let text = item.first(where: { $0.key.lowercased() == "text" })?.value as? String else {
                return error(400_005, "The input text is missing or invalid.")
            }
            guard text.utf16.count <= 50_000 else {
                return error(400_050, "The input text is too long.")
            }
            texts.append(text)
        }
        let prefix = "[\(to.uppercased())] "
        let results: [[String: Any]] = texts.map { text in
            ["translations": [["text": prefix + resolveDictionary(text), "to": to]]]
        }
        return .json(200, results, headers: [("X-RequestId", UUID().uuidString)])
    }

    /// `<mstrans:dictionary translation="X">term</mstrans:dictionary>` → `X`.
    static func resolveDictionary(_ text: String) -> String {
        let pattern = #"<mstrans:dictionary translation="([^"]*)">.*?</mstrans:dictionary>"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        return expression.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1")
    }
}
