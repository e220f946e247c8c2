import ArgumentParser
import Foundation
import ParleyServer
import Prometheus

extension ServeCommand {
    /// What `parley serve` runs: its settings and this command's options (backend, glossaries,
    /// cache, memories, demo) as the configuration ``buildApplication(configuration:logger:)`` builds.
    /// - Parameters:
    ///   - settings: the settings read from the options, the environment and the settings file.
    /// - Throws: `ValidationError` naming the option or setting that cannot be used.
    func parleyConfiguration(_ settings: ServeSettings) throws -> ParleyConfiguration {
        if pipelineOptions.noGlossary, pipelineOptions.industry != nil {
            throw ValidationError("--industry and --no-glossary contradict each other; choose one")
        }
        let access: AccessKeys
        do { access = try AccessKeys(parsing: settings.apiKeys) } catch { throw ValidationError("parley.api.keys: \(error.description)") }
        return ParleyConfiguration(
            host: settings.host, port: settings.port, database: .init(settings.database),
            backend: try pipelineOptions.backendConfiguration(),
            httpClient: try pipelineOptions.httpClientConfiguration(),
            glossaries: .init(
                folder: URL(fileURLWithPath: pipelineOptions.glossaries.directory), industry: pipelineOptions.industry,
                enforced: !pipelineOptions.noGlossary),
            // The conversation database holds the cache's persistent tier unless --cache names a file.
            cache: .init(file: pipelineOptions.cache, retention: settings.cacheRetention, memoryBytes: settings.cacheMemoryBytes),
            memories: URL(fileURLWithPath: memories), apiKeys: access, twilio: settings.twilio, webhooks: settings.webhooks,
            rateLimit: settings.rateLimit, jobs: settings.jobs, trustedProxies: settings.trustedProxies, seedsDemo: demo,
            metrics: PrometheusCollectorRegistry())
    }

    /// A build error in the words of `parley serve`'s options.
    /// - Parameters:
    ///   - error: what `buildApplication` threw.
    func explanation(of error: ParleyApplicationError) -> String {
        if error.code == .database { return "--database: \(error.message)" }
        if error.code == .cache { return "--cache: \(error.message)" }
        if error.code == .memories { return "--memories: \(error.message)" }
        if error.code == .glossaries {
            return "glossary: \(error.message)\n(the glossaries folder is \(pipelineOptions.glossaries.directory); "
                + "choose another with --dir or PARLEY_GLOSSARIES)"
        }
        return error.message
    }
}
