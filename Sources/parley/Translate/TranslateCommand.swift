import ArgumentParser
import Foundation
import ParleyLanguage
import ParleyTranslation

struct TranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate messages through the configured machine-translation backend.",
        discussion: """
            Takes messages as arguments, or one per line on standard input, and writes one \
            translation per line. The backend comes from --backend or PARLEY_BACKEND (a fallback \
            chain such as deepl,google,apertium), with per-pair routes from PARLEY_ROUTES; URLs and \
            keys come from the environment (PARLEY_APERTIUM_URL, PARLEY_DEEPL_KEY or \
            PARLEY_DEEPL_KEY_FILE, …). Every backend call is retried with backoff and guarded by a \
            circuit breaker.
            """
    )

    @Argument(help: "Messages to translate; standard input is read when none are given.")
    var messages: [String] = []

    @Option(help: "The messages' language, e.g. es.")
    var from: String

    @Option(help: "The language to translate into, e.g. en.")
    var to: String

    @Option(help: ArgumentHelp("The backend (or a comma-separated fallback chain).", valueName: "name"))
    var backend: String?

    @Option(help: ArgumentHelp("The backend's URL (for a single backend).", valueName: "url"))
    var backendURL: String?

    @Flag(help: "Write a JSON object per message with the backend, languages, text and timing.")
    var json = false

    func run() async throws {
        guard let source = LanguageTag(from) else { throw ValidationError("--from: '\(from)' is not a BCP 47 language tag") }
        guard let target = LanguageTag(to) else { throw ValidationError("--to: '\(to)' is not a BCP 47 language tag") }
        var environment = ProcessInfo.processInfo.environment
        if let backend { environment["PARLEY_BACKEND"] = backend; environment["PARLEY_ROUTES"] = nil }
        if let backendURL {
            let names = (environment["PARLEY_BACKEND"] ?? "apertium").split(separator: ",")
            guard names.count == 1 else { throw ValidationError("--backend-url needs a single backend, not a chain") }
            environment[BackendFactory.urlVariable(for: String(names[0]))] = backendURL
        }
        let settings: BackendSettings
        do { settings = try BackendSettings(environment: environment) } catch { throw ValidationError(error.message) }
        let client = CurlHTTPClient(configuration: settings.clientConfiguration)
        defer { client.shutdown() }
        let translator: any TranslationBackend
        do {
            translator = try BackendFactory(settings: settings, client: client).makeBackend()
        } catch {
            throw ValidationError(error.message)
        }
        let texts = messages.isEmpty ? Array(AnyIterator { readLine(strippingNewline: true) }) : messages
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for text in texts {
            let start = ContinuousClock.now
            let translation: String
            do {
                translation = try await translator.translate(text, from: source, to: target)
            } catch {
                FileHandle.standardError.write(Data("parley translate: \(error)\n".utf8))
                throw ExitCode(2)
            }
            let elapsed = ContinuousClock.now - start
            if json {
                let record = TranslationRecord(
                    backend: translator.name, identity: translator.identity, from: source.identifier, to: target.identifier,
                    text: text, translation: translation,
                    milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
            } else {
                print(translation)
            }
        }
    }
}

/// `parley translate --json` output.
struct TranslationRecord: Encodable {
    var backend: String
    var identity: String
    var from: String
    var to: String
    var text: String
    var translation: String
    var milliseconds: Double
}
