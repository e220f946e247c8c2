internal import Foundation
internal import Hummingbird
internal import ParleyGlossary
internal import ParleyHTTP
internal import ParleyLanguage
public import Logging
internal import ParleyMessaging
internal import ParleyThreads
internal import ParleyTranslation

/// Builds the Parley service from its configuration: opens the database, builds the translation
/// pipeline with its cache tier, seeds the demo data if asked, and assembles the routes, the job
/// worker and glossary sync into one ``ParleyApplication``. This is the service's one composition
/// root: `parley serve`, the tests and embedding programs all build it here.
///
/// ```swift
/// let application = try await buildApplication(configuration: configuration, logger: logger)
/// let group = ServiceGroup(services: [application], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
/// - Parameters:
///   - configuration: what the service does.
///   - logger: where the service logs.
/// - Throws: ``ParleyApplicationError`` naming the part of the configuration that cannot be used.
public func buildApplication(configuration: ParleyConfiguration, logger: Logger) async throws(ParleyApplicationError) -> ParleyApplication {
    // The only use of the backend configuration and the HTTP client.
    let (client, backend) = Composition.backend(configuration.backend, client: configuration.httpClient)
    let glossary: GlossarySet?
    let detector: LanguageDetector
    do {
        glossary = try Composition.glossary(configuration.glossaries)
        detector = try Composition.detector()
    } catch {
        await client.shutdown()
        throw error
    }
    let database: OpenedDatabase
    do {
        database = try await configuration.database.open()
    } catch {
        await client.shutdown()
        throw error
    }
    do {
        return try await Composition(configuration: configuration, logger: logger, client: client, database: database)
            .build(backend: backend, detector: detector, glossary: glossary)
    } catch {
        await client.shutdown()
        await database.close()
        throw error
    }
}

/// The steps of ``buildApplication(configuration:logger:)`` once the backend and database are open.
private struct Composition {
    let configuration: ParleyConfiguration
    let logger: Logger
    let client: ParleyHTTPClient
    let database: OpenedDatabase

    /// The HTTP client and the backend stack the configuration describes.
    static func backend(
        _ configuration: BackendConfiguration, client: ParleyHTTPClient.Configuration
    ) -> (ParleyHTTPClient, any TranslationBackend) {
        let client = ParleyHTTPClient(configuration: client)
        return (client, configuration.makeBackend(client: client))
    }

    /// The bundled language detector.
    static func detector() throws(ParleyApplicationError) -> LanguageDetector {
        do {
            return try LanguageDetector()
        } catch {
            throw ParleyApplicationError(code: .detector, message: error.message, cause: error)
        }
    }

    /// The glossaries to enforce: the industry's and the do-not-translate list; nil when not enforced.
    static func glossary(_ glossaries: ParleyConfiguration.Glossaries) throws(ParleyApplicationError) -> GlossarySet? {
        guard glossaries.enforced else {
            if let industry = glossaries.industry {
                throw ParleyApplicationError(
                    code: .glossaries,
                    message: "the industry '\(industry)' and translating without glossaries contradict each other; choose one")
            }
            return nil
        }
        do {
            return try GlossarySet.load(industry: glossaries.industry, from: GlossaryLibrary(directory: glossaries.folder))
        } catch {
            throw ParleyApplicationError(code: .glossaries, message: error.description, cause: error)
        }
    }

    func build(backend: any TranslationBackend, detector: LanguageDetector, glossary: GlossarySet?) async throws(ParleyApplicationError)
        -> ParleyApplication
    {
        let pipeline = TranslationPipeline(
            backend: backend, detector: detector, glossary: glossary, cache: try cache(), configuration: .init(backTranslation: true))

        var access = configuration.apiKeys
        var demo: DemoSeed.Seeded?
        var demoKey: Secret?
        if configuration.seedsDemo {
            // Replicas started together take turns; the demo data exists once.
            do {
                demo = try await DemoSeed.seed(database.store)
            } catch {
                throw ParleyApplicationError(code: .demo, message: "\(error)", cause: error)
            }
            if access.isEmpty {
                let key = Secret("demo-" + UUID().uuidString.lowercased())
                access = AccessKeys([(key: key, grant: .person(email: DemoSeed.repEmail))])
                demoKey = key
            }
        }

        let sender: any MessageSender
        if let twilio = configuration.twilio {
            sender = TwilioSender(configuration: twilio, client: client)
        } else {
            sender = LogSender()
        }
        // Admins edit the glossaries through /v1/glossaries; their edits are published to the database
        // and enforced at once here, and within a second on every other replica (GlossarySync).
        let glossaries = GlossaryShelf(
            library: GlossaryLibrary(directory: configuration.glossaries.folder), industry: configuration.glossaries.industry,
            current: glossary, shared: SharedGlossaries(store: database.store))
        var services = ParleyServices(
            pipeline: pipeline, store: database.store, sender: sender, access: access, webhooks: configuration.webhooks,
            glossaries: glossaries, rateLimit: configuration.rateLimit, metrics: configuration.metrics,
            messagingConfiguration: configuration.jobs)
        services.trustedProxies = configuration.trustedProxies
        guard let messaging = services.messaging else {
            // A store is always given above, so the workflows always exist.
            preconditionFailure("ParleyServices without messaging over a store")
        }
        let starterMemory = try await importStarterMemory(messaging)

        let listening = ListeningPort()
        let http = buildApplication(
            services,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
            logger: logger,
            onServerRunning: { channel in listening.bound(channel.localAddress?.port) })
        var logger = self.logger
        logger[metadataKey: "parley.database"] = "\(database.shownName)"
        logger[metadataKey: "parley.backend"] = "\(backend.identity)"
        logger[metadataKey: "parley.sender"] = "\(sender.name)"
        logger.debug("parley service built")
        return ParleyApplication(
            configuration: configuration, services: services, messaging: messaging, store: database.store, http: http,
            jobs: JobWorker(messaging: messaging), glossarySync: GlossarySync(shelf: glossaries, logger: logger),
            demo: demo, demoKey: demoKey, starterMemory: starterMemory, backendIdentity: backend.identity,
            senderName: sender.name, databaseName: database.shownName, listening: listening, logger: logger,
            finish: { [client, database] in
                await client.shutdown()
                await database.close()
            })
    }

    /// The translation cache: memory in front of the conversation database, or of its own SQLite file.
    private func cache() throws(ParleyApplicationError) -> TranslationCache<ContinuousClock> {
        let retention = configuration.cache.retention
        guard let file = configuration.cache.file else {
            return TranslationCache(maximumMemoryBytes: configuration.cache.memoryBytes, persistent: database.cache, timeToLive: retention)
        }
        do {
            return TranslationCache(
                maximumMemoryBytes: configuration.cache.memoryBytes,
                persistent: SQLiteTranslationCacheStore(database: try ParleyDatabase(path: file)), timeToLive: retention)
        } catch {
            throw ParleyApplicationError(code: .cache, message: "\(error)", cause: error)
        }
    }

    /// Brings in the industry's starter translation memory (`<folder>/<industry>.tmx`) when its
    /// memory has no entries yet; nil without an industry, a file, or when the memory has entries.
    private func importStarterMemory(_ messaging: Messaging) async throws(ParleyApplicationError) -> ParleyApplication.StarterMemory? {
        guard let folder = configuration.memories, let industry = messaging.configuration.industry else { return nil }
        let file = folder.appendingPathComponent("\(industry).tmx")
        guard FileManager.default.fileExists(atPath: file.path) else {
            logger.info("no starter translation memory", metadata: ["parley.memory.file": "\(file.path)"])
            return nil
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ParleyApplicationError(
                code: .memories, message: "\(file.path) cannot be read: \(error.localizedDescription)", cause: error)
        }
        do {
            guard let report = try await messaging.importStarterMemory(data, name: file.lastPathComponent) else { return nil }
            return ParleyApplication.StarterMemory(file: file, report: report)
        } catch {
            throw ParleyApplicationError(code: .memories, message: "\(file.path): \(error.message)", cause: error)
        }
    }
}
