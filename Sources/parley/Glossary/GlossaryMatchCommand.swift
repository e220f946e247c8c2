import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyLanguage

struct GlossaryMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "List the glossary terms found in a message, with their spans and equivalents.",
        discussion: """
            One line per term: the span as [start, end) in characters, the text as written, the \
            concept, the term's status, and the equivalent preferred term in each --to language \
            (English when the message is not English; every other language of the glossary when it is).
            """
    )

    @Argument(help: "The message.")
    var text: String

    @Option(help: "The industry, e.g. hvac.")
    var industry: String

    @Option(help: "The language the message is written in.")
    var lang: String

    @Option(help: ArgumentHelp("Languages to show equivalents in, comma-separated.", valueName: "tags"))
    var to: String?

    @Flag(help: "Write the matches as JSON.")
    var json = false

    @OptionGroup var glossaries: GlossaryDirectoryOption

    func run() throws {
        guard let tag = LanguageTag(lang) else { throw ValidationError("--lang: '\(lang)' is not a BCP 47 language tag") }
        let language = SupportedLanguage.matching(tag)?.tag ?? tag
        let matcher: GlossaryMatcher
        let glossary: Glossary
        do {
            matcher = try glossaries.library.matcher(industry: industry, language: language)
            glossary = try glossaries.library.load(industry)
        } catch {
            throw GlossaryFailure(error: error)
        }
        let targets = try to.map { try DetectCommand.tags($0, option: "--to").map { SupportedLanguage.matching($0)?.tag ?? $0 } }
            ?? (language.identifier == "en" ? glossary.languages.filter { $0 != language } : [LanguageTag("en")!])
        let matches = matcher.matches(in: text)
        if json {
            try printJSON(matches, targets: targets)
            return
        }
        if matches.isEmpty {
            print("no glossary terms found")
            return
        }
        for match in matches {
            let start = text.distance(from: text.startIndex, to: match.range.lowerBound)
            let end = text.distance(from: text.startIndex, to: match.range.upperBound)
            let equivalents = targets.map { "\($0): \(match.equivalent(in: $0)?.text ?? "—")" }.joined(separator: "; ")
            var flags = [match.term.status.rawValue]
            if match.isDoNotTranslate { flags.append("do not translate") }
            print("[\(start), \(end))\t\(match.text)\t\(match.concept.id) (\(flags.joined(separator: ", ")))\t\(equivalents)")
        }
    }

    private func printJSON(_ matches: [GlossaryMatch], targets: [LanguageTag]) throws {
        struct Item: Encodable {
            var start: Int
            var end: Int
            var text: String
            var concept: String
            var term: String
            var status: String
            var doNotTranslate: Bool
            var equivalents: [String: String]
        }
        let items = matches.map { match in
            Item(
                start: text.distance(from: text.startIndex, to: match.range.lowerBound),
                end: text.distance(from: text.startIndex, to: match.range.upperBound),
                text: match.text, concept: match.concept.id, term: match.term.text, status: match.term.status.rawValue,
                doNotTranslate: match.isDoNotTranslate,
                equivalents: Dictionary(targets.compactMap { tag in
                    match.equivalent(in: tag).map { (tag.identifier, $0.text) }
                }, uniquingKeysWith: { first, _ in first }))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(items), as: UTF8.self))
    }
}
