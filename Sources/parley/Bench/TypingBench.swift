import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyHTTP
import ParleyLanguage
import ParleyTranslation
import Synchronization

/// The typing part of `parley bench`: what a reply costs in characters sent to the backend when the
/// panel previews it while the rep types, against the reply's own length.
///
/// Each reply of `Benchmarks/data/typing-replies.txt` is typed word by word; the panel asks for a
/// preview 350 ms after the last keystroke (`app.js`), so a preview is modelled at each pause: after
/// a word that ends a clause or a sentence (`,` `.` `!` `?` `:`), after every third word since the
/// last pause, and once at the end, before the rep sends. Then the reply is sent (the pipeline's
/// `outbound` again, as a send without a preview token would). The cache is cold at the start of
/// each scenario and shared by the replies (one server). The backend is the real Apertium APy
/// behind a counting wrapper; the HVAC glossary is enforced. Every figure is printed for the
/// pipeline translating whole texts (as before sentence caching) and sentence by sentence (now),
/// in the same run, and for "every word" typing (a pause after each word, the worst case).
struct TypingBench {
    let url: String
    let repliesFile: String
    let library: GlossaryLibrary

    /// One way of typing: where the panel's previews fall.
    enum Pauses: String, CaseIterable {
        case natural = "pause after punctuation or every 3rd word"
        case everyWord = "pause after every word"

        /// The drafts previewed while typing `reply`, the last being the whole reply.
        func drafts(of reply: String) -> [String] {
            let words = reply.split(separator: " ", omittingEmptySubsequences: true)
            var drafts: [String] = []
            var sincePause = 0
            for (index, word) in words.enumerated() {
                sincePause += 1
                let last = index == words.count - 1
                let pause: Bool =
                    switch self {
                    case .everyWord: true
                    case .natural: last || sincePause >= 3 || [",", ".", "!", "?", ":"].contains(word.last!)
                    }
                if pause {
                    drafts.append(words[...index].joined(separator: " "))
                    sincePause = 0
                }
            }
            return drafts
        }
    }

    /// What one scenario sent to the backend for one reply.
    struct Cost {
        var forward = 0
        var back = 0
        var total: Int { forward + back }
    }

    func run() async throws {
        let replies = try Self.replies(from: repliesFile)
        let client = ParleyHTTPClient()
        let apertium = ApertiumBackend(baseURL: url, client: client)
        let en = LanguageTag("en")!
        let es = LanguageTag("es")!
        let detector = try LanguageDetector()
        let glossary = try? GlossarySet.load(industry: "hvac", from: library)
        let context = ConversationContext(preferredLanguage: es)
        // Warm-up: APy's pairs and the client's connection.
        _ = try await apertium.translate("Hello", from: en, to: es)

        let counter = CountingBackend(wrapped: apertium)
        func makePipeline(bySentence: Bool) -> TranslationPipeline {
            TranslationPipeline(
                backend: counter, detector: detector, glossary: glossary, cache: TranslationCache(),
                configuration: .init(translatesBySentence: bySentence))
        }
        /// Each reply typed (previews at `pauses`, nil for none) then sent, through one pipeline.
        func scenario(_ pauses: Pauses?, bySentence: Bool) async -> (costs: [Cost], previews: Int, sends: [OutboundTranslation]) {
            let pipeline = makePipeline(bySentence: bySentence)
            var costs: [Cost] = []
            var previews = 0
            var sends: [OutboundTranslation] = []
            for reply in replies {
                counter.reset()
                for draft in pauses?.drafts(of: reply) ?? [] {
                    _ = await pipeline.outbound(draft, context: context)
                    previews += 1
                }
                let beforeSend = counter.snapshot
                sends.append(await pipeline.outbound(reply, context: context))
                let sent = counter.snapshot
                if pauses != nil, sent.forward + sent.back != beforeSend.forward + beforeSend.back {
                    print("typing: note: the send after a preview of the same text called the backend again (\(reply.prefix(30))…)")
                }
                costs.append(Cost(forward: sent.forward, back: sent.back))
            }
            return (costs, previews, sends)
        }

        let characters = replies.reduce(0) { $0 + $1.count }
        print("typing: \(replies.count) replies (\(characters) characters, mean \(characters / replies.count)) from \(repliesFile), "
              + "en→es through Apertium at \(url), HVAC glossary \(glossary == nil ? "not found" : "enforced"), cold cache per scenario")
        var finals: [Bool: [OutboundTranslation]] = [:]
        for pauses in Pauses.allCases {
            var totals: [Bool: Double] = [:]
            for bySentence in [false, true] {
                let (costs, previews, sends) = await scenario(pauses, bySentence: bySentence)
                if pauses == .natural { finals[bySentence] = sends }
                let label = bySentence ? "by sentence (now)" : "whole text (before)"
                print("typing: \(pauses.rawValue), \(previews) previews, \(label): " + Self.summary(costs, replies: replies))
                totals[bySentence] = Self.aggregate(costs, replies: replies)
            }
            if let before = totals[false], let now = totals[true], before > 0 {
                print("typing: \(pauses.rawValue): by sentence / whole text = \(Self.format(now / before)) "
                      + "(goal: ≤ 1.50× the reply's length; issue 20 measured 8.8× before)")
            }
        }
        for bySentence in [false, true] {
            let (costs, _, _) = await scenario(nil, bySentence: bySentence)
            print("typing: send without preview, \(bySentence ? "by sentence (now)" : "whole text (before)"): "
                  + Self.summary(costs, replies: replies))
        }

        // Quality: the text sent and its back-translation, by sentence against whole text.
        if let whole = finals[false], let split = finals[true] {
            var differing = 0
            for (index, (a, b)) in zip(whole, split).enumerated() where a.result.text != b.result.text {
                differing += 1
                print("typing: differs \(index + 1): whole “\(a.result.text)”")
                print("typing:            by sentence “\(b.result.text)”")
            }
            let backDiffering = zip(whole, split).count { $0.backTranslation?.text != $1.backTranslation?.text }
            let statuses = split.count { $0.result.status != .translated }
            print("typing: quality: \(differing) of \(replies.count) translations differ between by-sentence and whole-text, "
                  + "\(backDiffering) back-translations differ; \(statuses) by-sentence replies not translated cleanly")
        }
    }

    /// "4.12× the replies (per reply: mean 4.50×, median 4.01×, max 9.80×), back-translation 48%".
    static func summary(_ costs: [Cost], replies: [String]) -> String {
        let ratios = zip(costs, replies).map { Double($0.total) / Double(max(1, $1.count)) }.sorted()
        let mean = ratios.reduce(0, +) / Double(max(1, ratios.count))
        let median = ratios.isEmpty ? 0 : ratios.count % 2 == 1
            ? ratios[ratios.count / 2] : (ratios[ratios.count / 2 - 1] + ratios[ratios.count / 2]) / 2
        let total = costs.reduce(0) { $0 + $1.total }
        let back = costs.reduce(0) { $0 + $1.back }
        let share = total == 0 ? 0 : Double(back) * 100 / Double(total)
        return "\(total) characters sent = \(format(aggregate(costs, replies: replies)))× the replies "
            + "(per reply: mean \(format(mean))×, median \(format(median))×, max \(format(ratios.last ?? 0))×), "
            + "back-translation \(Int(share.rounded()))%"
    }

    static func aggregate(_ costs: [Cost], replies: [String]) -> Double {
        Double(costs.reduce(0) { $0 + $1.total }) / Double(max(1, replies.reduce(0) { $0 + $1.count }))
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    /// The replies of a file: one a line, `#` lines and blank lines skipped.
    static func replies(from path: String) throws -> [String] {
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("typing: cannot read \(path) (pass --typing-replies FILE, one reply a line): \(error.localizedDescription)")
        }
        let replies = contents.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !replies.isEmpty else { throw ValidationError("typing: \(path) holds no replies") }
        return replies
    }
}

/// A backend that counts the characters sent through it, forward (from English) and back.
final class CountingBackend: TranslationBackend {
    let wrapped: any TranslationBackend
    private let counts = Mutex(TypingBench.Cost())

    init(wrapped: any TranslationBackend) { self.wrapped = wrapped }

    var name: String { wrapped.name }
    var identity: String { wrapped.identity }
    var snapshot: TypingBench.Cost { counts.withLock { $0 } }
    func reset() { counts.withLock { $0 = .init() } }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        let characters = texts.reduce(0) { $0 + $1.count }
        counts.withLock {
            if source.language == "en" { $0.forward += characters } else { $0.back += characters }
        }
        return try await wrapped.translate(texts, from: source, to: target, options: options)
    }

    func supportedPairs() async throws(TranslationError) -> [ParleyTranslation.LanguagePair] { try await wrapped.supportedPairs() }
    func health() async -> BackendHealth { await wrapped.health() }
}
