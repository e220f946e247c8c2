import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyHTTP
import ParleyLanguage
import ParleyThreads
import ParleyTranslation

/// The options that build a translation pipeline: backend, glossary and cache.
struct PipelineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The backend (or a comma-separated fallback chain).", valueName: "name"))
    var backend: String?

    @Option(help: ArgumentHelp("The backend's URL (for a single backend).", valueName: "url"))
    var backendURL: String?

    @Option(help: ArgumentHelp("The industry glossary to enforce, e.g. hvac; the do-not-translate list is always applied.", valueName: "industry"))
    var industry: String?

    @OptionGroup var glossaries: GlossaryDirectoryOption

    @Flag(help: "Translate without the glossaries (not even do-not-translate names).")
    var noGlossary = false

    @Option(help: ArgumentHelp(
        "An SQLite file that keeps translations between runs (created if missing; default: PARLEY_CACHE, else memory only).",
        valueName: "file"))
    var cache: String?

    /// The translation cache: memory, and the SQLite file when one is given (`--cache`, else `PARLEY_CACHE`).
    func translationCache() throws -> TranslationCache<ContinuousClock> {
        let environment = ProcessInfo.processInfo.environment["PARLEY_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let cache = cache ?? environment else { return TranslationCache() }
        do {
            let database = try ParleyDatabase(path: cache)
            return TranslationCache(persistent: SQLiteTranslationCacheStore(database: database))
        } catch {
            throw ValidationError("--cache: \(error)")
        }
    }

    /// The backend configuration from the environment, with the command line's choices on top.
    func backendConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BackendConfiguration {
        var environment = environment
        if let backend {
            environment["PARLEY_BACKEND"] = backend
            environment["PARLEY_ROUTES"] = nil
        }
        if let backendURL {
            let names = (environment["PARLEY_BACKEND"] ?? "apertium").split(separator: ",")
            guard names.count == 1 else { throw ValidationError("--backend-url needs a single backend, not a chain") }
            environment[BackendConfiguration.urlVariable(for: String(names[0]).trimmingCharacters(in: .whitespaces).lowercased())] = backendURL
        }
        return try BackendConfiguration(environment: environment)
    }

    /// The HTTP client's limits from the environment.
    func httpClientConfiguration() throws -> ParleyHTTPClient.Configuration {
        try ParleyHTTPClient.Configuration(environment: ProcessInfo.processInfo.environment)
    }

    /// The backend (with retries, circuit breaker, fallbacks and routes as configured).
    func makeBackend(configuration: BackendConfiguration, client: ParleyHTTPClient) -> any TranslationBackend {
        configuration.makeBackend(client: client)
    }

    /// The glossaries: the industry's and the do-not-translate list; nil with `--no-glossary`.
    func glossarySet() throws -> GlossarySet? {
        guard !noGlossary else {
            if industry != nil { throw ValidationError("--industry and --no-glossary contradict each other; choose one") }
            return nil
        }
        do {
            return try GlossarySet.load(industry: industry, from: glossaries.library)
        } catch {
            throw ValidationError("glossary: \(error.description)\n(the glossaries folder is \(glossaries.directory); choose another with --dir or PARLEY_GLOSSARIES)")
        }
    }

    /// The pipeline over a backend.
    func makePipeline(backend: any TranslationBackend, backTranslation: Bool = true) throws -> TranslationPipeline {
        let detector: LanguageDetector
        do { detector = try LanguageDetector() } catch { throw ValidationError(error.message) }
        return TranslationPipeline(
            backend: backend, detector: detector, glossary: try glossarySet(), cache: try translationCache(),
            configuration: .init(backTranslation: backTranslation))
    }
}
