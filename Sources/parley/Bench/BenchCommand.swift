import ArgumentParser
import Foundation
import ParleyLanguage

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Parley's speed on this machine.",
        discussion: """
            Detection: messages per second on one core over a labelled TSV file (by default the \
            development set beside the checkout), the time to load the model and the model's memory. \
            Build with -c release for meaningful numbers.
            """
    )

    @Option(help: ArgumentHelp("Messages to detect: a TSV file with a header 'lang<TAB>text'.", valueName: "file"))
    var messages = "../shared/eval/langid-dev.tsv"

    @Option(help: "How many times to run over the messages.")
    var rounds = 20

    func run() throws {
        let loadStart = ContinuousClock.now
        let model = try LanguageModel(contentsOf: Self.bundledModelURL())
        let loadTime = ContinuousClock.now - loadStart
        let detector = try LanguageDetector(model: model)
        let contents = try String(contentsOfFile: messages, encoding: .utf8)
        let texts = try DetectionEvaluation.samples(fromTSV: contents).map(\.text)
        guard !texts.isEmpty else { throw ValidationError("\(messages) holds no messages") }

        var checksum = 0
        for text in texts { checksum &+= detector.detect(text).language.identifier.count }  // warm-up
        let start = ContinuousClock.now
        for _ in 0..<max(1, rounds) {
            for text in texts { checksum &+= detector.detect(text).language.identifier.count }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let count = texts.count * max(1, rounds)
        let characters = texts.reduce(0) { $0 + $1.count }
        print("detection: \(count) messages (mean \(characters / texts.count) characters) in \(String(format: "%.3f", seconds)) s on one core")
        print("detection throughput: \(Int(Double(count) / seconds)) messages/s")
        print("model: \(model.classes.count) classes, \(model.featureCount) features, \(model.memoryFootprint / 1_048_576) MiB in memory, loaded in \(loadTime)")
        if checksum == 0 { print("") }
    }

    static func bundledModelURL() throws -> URL {
        guard let url = LanguageModel.bundledURL else {
            throw ValidationError("the bundled language model is missing; rebuild Parley")
        }
        return url
    }
}
