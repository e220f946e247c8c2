public import ParleyLanguage
internal import Foundation
public import ParleyHTTP

/// Apertium APy, the rule-based translation server that runs here (Debian `apertium-apy` with
/// `apertium-eng-spa`): `POST /translate` with a form body (`langpair=spa|eng`, `q`,
/// `markUnknown=yes`).
///
/// APy takes one text per request, so a batch becomes concurrent requests. Long texts are split on
/// sentence boundaries into pieces well under APy's silent truncation limit and rejoined. APy
/// strips leading and trailing white space from `q` (and English→Spanish output can start with a
/// space); the original white space is put back around each piece. Words APy did not know (marked
/// `*word`) come back as written, between ``UnknownWordMarks``, so the pipeline can tell the rep.
public struct ApertiumBackend: TranslationBackend {
    public let name = "apertium"
    public var identity: String { "apertium-apy/0.11" }

    /// The server, e.g. `http://127.0.0.1:2737`.
    public let baseURL: String
    /// Pieces sent per request are at most this long.
    public var chunker = TextChunker(maximumCharacters: 1_500)
    /// Each request's time limit, if not the client's.
    public var timeout: Duration?
    private let http: BackendHTTP

    /// - Parameters:
    ///   - baseURL: the APy server.
    ///   - client: the shared HTTP client.
    ///   - timeout: each request's time limit, if not the client's.
    public init(baseURL: String, timeout: Duration? = nil, client: ParleyHTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.http = BackendHTTP(backend: "apertium", client: client)
    }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        let pair = try languagePair(source, target)
        do {
            return try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (index, text) in texts.enumerated() {
                    group.addTask { (index, try await translateLong(text, pair: pair)) }
                }
                var results = [String](repeating: "", count: texts.count)
                for try await (index, text) in group { results[index] = text }
                return results
            }
        } catch let error as TranslationError {
            throw error
        } catch {
            throw TranslationError(.cancelled, backend: name, message: "the translation was cancelled")
        }
    }

    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        let response = try await http.send(ParleyHTTPClient.Request(url: baseURL + "/listPairs"))
        guard response.status == 200 else { throw error(for: response) }
        struct Pairs: Decodable {
            struct Pair: Decodable { var sourceLanguage: String; var targetLanguage: String }
            var responseData: [Pair]
        }
        return try http.decode(Pairs.self, from: response).responseData.compactMap { pair in
            guard let source = Self.tag(forCode: pair.sourceLanguage), let target = Self.tag(forCode: pair.targetLanguage) else {
                return nil
            }
            return LanguagePair(source, target)
        }
    }

    public func health() async -> BackendHealth {
        do {
            let pairs = try await supportedPairs()
            return BackendHealth(isHealthy: !pairs.isEmpty, detail: "\(pairs.count) language pairs at \(baseURL)")
        } catch {
            return BackendHealth(isHealthy: false, detail: error.description)
        }
    }

    // MARK: - Requests

    private func translateLong(_ text: String, pair: String) async throws(TranslationError) -> String {
        var result = ""
        for chunk in chunker.chunks(text) {
            let (leading, core, trailing) = chunk.whitespaceParts
            result += leading
            if !core.isEmpty { result += try await translateOne(String(core), pair: pair) }
            result += trailing
        }
        return result
    }

    /// What stands in for `*` on the way through APy: `*` is APy's unknown-word mark, so every `*`
    /// in its answer is one, and a `*` of the message (`5*3`) travels as this instead.
    static let asteriskStandIn = "{{PARLEY-ASTERISK}}"

    private func translateOne(_ text: String, pair: String) async throws(TranslationError) -> String {
        let stars = text.filter { $0 == "*" }.count
        let sent = stars > 0 ? text.replacingOccurrences(of: "*", with: Self.asteriskStandIn) : text
        let response = try await http.postForm(
            baseURL + "/translate", fields: [("langpair", pair), ("q", sent), ("markUnknown", "yes")],
            timeout: timeout)
        guard response.status == 200 else { throw error(for: response) }
        struct Reply: Decodable {
            struct Data: Decodable { var translatedText: String }
            var responseData: Data
        }
        let translated = Self.unknownWordsMarked(Self.removingDiagnosticMarks(
            try http.decode(Reply.self, from: response).responseData.translatedText, sent: sent))
        guard stars > 0 else { return translated.trimmingCharacters(in: .whitespaces) }
        guard translated.components(separatedBy: Self.asteriskStandIn).count - 1 == stars else {
            throw TranslationError(.badResponse, backend: name, status: response.status,
                                   message: "APy did not keep the text's \(stars) asterisks; the translation was not used")
        }
        return translated.replacingOccurrences(of: Self.asteriskStandIn, with: "*").trimmingCharacters(in: .whitespaces)
    }

    /// APy's `*word` (a word it did not know, passed through as written) as the word between
    /// ``UnknownWordMarks``; a lone `*` is dropped.
    static func unknownWordsMarked(_ translated: String) -> String {
        guard translated.contains("*") else { return translated }
        var output = ""
        output.reserveCapacity(translated.utf8.count + 8)
        var word: String?
        func close() {
            if let current = word, !current.isEmpty { output += UnknownWordMarks.marked(current) }
            word = nil
        }
        for character in translated {
            if character == "*" {
                close()
                word = ""
            } else if word != nil, character.isLetter || character.isNumber || "'’-_".contains(character) {
                word!.append(character)
            } else {
                close()
                output.append(character)
            }
        }
        close()
        return output
    }

    /// APy marks words its transfer or generation stage could not handle with `@` or `#` glued to
    /// the word (`@Ticket`) even with `markUnknown=no`. A mark is removed when the text sent had no
    /// such character before a letter, so it cannot have come from the message.
    static func removingDiagnosticMarks(_ translated: String, sent: String) -> String {
        var output = translated
        for mark: Character in ["@", "#"] where output.contains(mark) && !Self.hasMarkBeforeLetter(mark, in: sent) {
            var cleaned = ""
            cleaned.reserveCapacity(output.utf8.count)
            var previous: Character?
            for character in output {
                if let previous, previous == mark, !character.isLetter { cleaned.append(previous) }
                if character != mark { cleaned.append(character) }
                previous = character
            }
            if previous == mark { cleaned.append(mark) }
            output = cleaned
        }
        return output
    }

    private static func hasMarkBeforeLetter(_ mark: Character, in text: String) -> Bool {
        var previous: Character?
        for character in text {
            if previous == mark, character.isLetter { return true }
            previous = character
        }
        return false
    }

    private func error(for response: ParleyHTTPClient.Response) -> TranslationError {
        struct Failure: Decodable { var explanation: String? }
        let explanation = (try? http.decode(Failure.self, from: response))?.explanation ?? BackendHTTP.snippet(response)
        if response.status == 400 && explanation.contains("not installed") {
            return TranslationError(.unsupportedPair, backend: name, status: 400,
                                    message: "\(explanation); install the Apertium pair or route this pair to another backend")
        }
        return http.statusError(response, message: "APy answered \(response.status): \(explanation)")
    }

    // MARK: - Language codes

    /// ISO 639-3 codes Apertium uses for the languages Parley knows.
    private static let codes: [String: String] = [
        "en": "eng", "es": "spa", "fr": "fra", "pt": "por", "it": "ita", "de": "deu", "ca": "cat", "gl": "glg",
        "eo": "epo", "eu": "eus", "pl": "pol", "ru": "rus", "uk": "ukr", "ar": "ara", "fa": "fas", "ht": "hat",
        "vi": "vie", "tl": "tgl", "ko": "kor", "ja": "jpn", "zh": "zho", "hi": "hin", "so": "som", "am": "amh",
    ]

    private func languagePair(_ source: LanguageTag, _ target: LanguageTag) throws(TranslationError) -> String {
        guard let from = Self.codes[source.language], let to = Self.codes[target.language] else {
            throw TranslationError(.unsupportedPair, backend: name,
                                   message: "Apertium has no code for \(source)→\(target); route this pair to another backend")
        }
        return "\(from)|\(to)"
    }

    /// `spa` → es, `eng_US` → en-US.
    static func tag(forCode code: String) -> LanguageTag? {
        let parts = code.split(separator: "_", maxSplits: 1)
        guard let base = parts.first, let language = codes.first(where: { $0.value == base })?.key else { return nil }
        return LanguageTag(parts.count > 1 ? "\(language)-\(parts[1])" : language)
    }
}
