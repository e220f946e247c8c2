import ArgumentParser
import Foundation
import ParleyLanguage

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect the language of messages.",
        discussion: """
            Reads one message per line on standard input (or takes messages as arguments) and writes \
            one line per message, in order: the BCP 47 tag and the confidence, separated by a tab. \
            Text with no language in it ("ok", "👍", "12345", a link) is 'und'. Invalid UTF-8 is \
            replaced (and reported on standard error); no line is skipped.

            With --eval FILE.tsv (header 'lang<TAB>text') it prints the accuracy per language and \
            per length bucket instead.
            """
    )

    @Argument(help: "Messages to detect; standard input is read when none are given.")
    var messages: [String] = []

    @Option(help: ArgumentHelp("Languages to choose from, comma-separated (default: all supported).",
                               valueName: "tags"))
    var candidates: String?

    @Option(help: ArgumentHelp("The contact's preferred language: a prior that tilts close calls.",
                               valueName: "tag"))
    var hint: String?

    @Option(help: ArgumentHelp("Languages of the thread's earlier messages, newest first, comma-separated.",
                               valueName: "tags"))
    var thread: String?

    @Flag(help: "Write a JSON object per message (language, confidence, runner-up, method).")
    var json = false

    @Option(help: ArgumentHelp("Evaluate on a labelled TSV file instead of detecting.", valueName: "file"))
    var eval: String?

    @Option(help: "With --eval: list this many misclassified rows.")
    var misses = 0

    @Option(help: ArgumentHelp("parley bench detect's child: detect every text of a TSV file --bench-rounds times.",
                               valueName: "file", visibility: .hidden))
    var benchRun: String?

    @Option(help: ArgumentHelp("With --bench-run: how many times (0 only loads the model).", visibility: .hidden))
    var benchRounds = 1

    func run() throws {
        if let benchRun {
            try DetectionRun(path: benchRun, rounds: max(0, benchRounds)).run()
            return
        }
        let detector = try makeDetector()
        if let eval {
            try evaluate(path: eval, detector: detector)
            return
        }
        let hint = try makeHint()
        let writer = GuessWriter(json: json)
        if !messages.isEmpty {
            for message in messages { writer.write(detector.detect(message, hint: hint)) }
            return
        }
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.unicodeScalars.contains("\u{FFFD}") {
                FileHandle.standardError.write(Data("parley detect: line \(lineNumber): invalid or replaced UTF-8 bytes were read as U+FFFD\n".utf8))
            }
            writer.write(detector.detect(line, hint: hint))
        }
    }

    private func makeDetector() throws -> LanguageDetector {
        let tags = try candidates.map { try Self.tags($0, option: "--candidates") }
        do {
            return try LanguageDetector(candidates: tags)
        } catch {
            throw ValidationError(error.message)
        }
    }

    private func makeHint() throws -> DetectionHint {
        DetectionHint(
            preferredLanguage: try hint.map { try Self.tags($0, option: "--hint") }?.first,
            threadLanguages: try thread.map { try Self.tags($0, option: "--thread") } ?? [])
    }

    static func tags(_ list: String, option: String) throws -> [LanguageTag] {
        try list.split(separator: ",").map { item in
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let tag = LanguageTag(text) else {
                throw ValidationError("\(option): '\(text)' is not a BCP 47 language tag (e.g. es, zh-Hant)")
            }
            return tag
        }
    }

    private func evaluate(path: String, detector: LanguageDetector) throws {
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path) as UTF-8 text: \(error.localizedDescription)")
        }
        let samples: [DetectionEvaluation.Sample]
        do {
            samples = try DetectionEvaluation.samples(fromTSV: contents)
        } catch {
            throw ValidationError("\(path): \(error.message)")
        }
        let evaluation = DetectionEvaluation(samples: samples, detector: detector)
        print(EvaluationReport(evaluation: evaluation, misses: misses).text, terminator: "")
    }
}
