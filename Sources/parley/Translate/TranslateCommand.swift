import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTranslation

struct TranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate messages through the whole pipeline, as Parley does for reps.",
        discussion: """
            Takes messages as arguments, or one per line on standard input, and writes one \
            translation per line. Each message goes through intake, keyword checks, language \
            detection, protection of links, numbers, emoji, {{vars}} and names, the glossary, the \
            cache, the backend, and restore-and-verify.

            Inbound (a contact's message): give no --to; the language is detected (or given with \
            --from) and the message translated into English. Outbound (a rep's reply): give --to, \
            the contact's language; the result has its back-translation and SMS segments (--json).

            The backend comes from --backend or PARLEY_BACKEND (a fallback chain such as \
            deepl,google,apertium), with per-pair routes from PARLEY_ROUTES; URLs and keys come from \
            the environment (PARLEY_APERTIUM_URL, PARLEY_DEEPL_KEY or PARLEY_DEEPL_KEY_FILE, …).

            Exit status: 0 when every message was translated or needed none; 2 when a translation \
            failed; 3 when one must be reviewed (its checks failed). Failures and reviews are \
            explained on standard error.
            """
    )

    @Argument(help: "Messages to translate; standard input is read when none are given.")
    var messages: [String] = []

    @Option(help: ArgumentHelp("The messages' language, e.g. es; detected when not given.", valueName: "tag"))
    var from: String?

    @Option(help: ArgumentHelp("The contact's language for an outbound reply, e.g. es; English (inbound) when not given.", valueName: "tag"))
    var to: String?

    @OptionGroup var pipelineOptions: PipelineOptions

    @Option(help: "How the contact is addressed in a reply: formal (usted, vous, Sie) or informal (tú, tu, du).")
    var formality: String?

    @Flag(help: "Write a JSON object per message: status, stages with their times, provenance, encoding and segments.")
    var json = false

    func run() async throws {
        let source = try from.map { tag throws(ValidationError) in
            guard let parsed = LanguageTag(tag) else { throw ValidationError("--from: '\(tag)' is not a BCP 47 language tag") }
            return parsed
        }
        let target = try to.map { tag throws(ValidationError) in
            guard let parsed = LanguageTag(tag) else { throw ValidationError("--to: '\(tag)' is not a BCP 47 language tag") }
            return parsed
        }
        let formality = try formality.map { value throws(ValidationError) in
            guard let parsed = TranslationOptions.Formality(rawValue: value) else {
                throw ValidationError("--formality: '\(value)' is neither formal nor informal")
            }
            return parsed
        }
        let backendConfiguration = try pipelineOptions.backendConfiguration()
        let client = ParleyHTTPClient(configuration: try pipelineOptions.httpClientConfiguration())
        let pipeline = try pipelineOptions.makePipeline(backend: pipelineOptions.makeBackend(configuration: backendConfiguration, client: client))
        let rep = pipeline.configuration.repLanguage

        let texts = messages.isEmpty ? Array(AnyIterator { readLine(strippingNewline: true) }) : messages
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var worst: Int32 = 0
        for (number, text) in texts.enumerated() {
            let record: PipelineRecord
            switch (source, target) {
            case (nil, nil):
                record = PipelineRecord(direction: "inbound", await pipeline.inbound(text))
            case (let source?, nil):
                record = PipelineRecord(direction: "inbound", await pipeline.translate(text, from: source, to: rep))
            case (nil, let target?), (rep?, let target?):
                record = PipelineRecord(await pipeline.outbound(text, context: ConversationContext(preferredLanguage: target, formality: formality)))
            case (let source?, let target?):
                record = PipelineRecord(direction: "translate", await pipeline.translate(text, from: source, to: target))
            }
            if json {
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
            } else if record.status != TranslationResult.Status.failed.rawValue {
                print(record.text)
            }
            let label = texts.count > 1 ? "message \(number + 1): " : ""
            switch record.status {
            case TranslationResult.Status.failed.rawValue:
                FileHandle.standardError.write(Data("parley translate: \(label)\(record.failure ?? "failed")\n".utf8))
                worst = 2
            case TranslationResult.Status.needsReview.rawValue:
                let problems = record.problems.joined(separator: "; ")
                FileHandle.standardError.write(Data("parley translate: \(label)needs review: \(problems)\n".utf8))
                if worst == 0 { worst = 3 }
            default:
                if let doubts = record.doubts, !doubts.isEmpty {
                    FileHandle.standardError.write(Data("parley translate: \(label)check before sending: \(doubts.joined(separator: " "))\n".utf8))
                }
            }
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
