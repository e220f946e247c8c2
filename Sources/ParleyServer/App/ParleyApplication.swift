public import Foundation
internal import Logging
public import ParleyMessaging
public import ParleyThreads
public import ParleyTranslation
public import ServiceLifecycle

/// The Parley service, built by ``buildApplication(configuration:logger:)``: the HTTP API, webhooks
/// and web panel, the job worker that translates and sends, and glossary sync, run together.
///
/// Run it in a `ServiceGroup` (it follows the group's graceful shutdown: requests in flight finish
/// first) or call ``run()``. When it ends it stops its HTTP client and closes the database.
public final class ParleyApplication: Service, Sendable {
    /// A starter translation memory brought in while building.
    public struct StarterMemory: Sendable {
        /// The TMX file.
        public var file: URL
        /// What was added, sent to review or refused.
        public var report: MemoryImportReport
    }

    /// The configuration it was built from.
    public let configuration: ParleyConfiguration
    /// What the routes work with: the pipeline, the store, the sender, the access keys.
    public let services: ParleyServices
    /// Every conversation workflow (receive, preview, send, jobs) over ``store``.
    public let messaging: Messaging
    /// The conversation store.
    public let store: any ThreadStore
    /// The demo data, when ``ParleyConfiguration/seedsDemo`` is set.
    public let demo: DemoSeed.Seeded?
    /// The API key issued for the demo admin when the demo was seeded and no keys were configured.
    public let demoKey: Secret?
    /// The starter translation memory imported while building, if one was.
    public let starterMemory: StarterMemory?
    /// The backend stack's identity, e.g. `apertium`.
    public let backendIdentity: String
    /// The sender's name: `twilio` or `log`.
    public let senderName: String
    /// The database's name to show people: the SQLite file's path, or `postgres`.
    public let databaseName: String

    private let http: any Service
    private let listening: ListeningPort
    private let jobs: JobWorker
    private let glossarySync: any Service
    private let logger: Logger
    private let finish: @Sendable () async -> Void

    init(
        configuration: ParleyConfiguration, services: ParleyServices, messaging: Messaging, store: any ThreadStore,
        http: any Service, jobs: JobWorker, glossarySync: any Service, demo: DemoSeed.Seeded?, demoKey: Secret?,
        starterMemory: StarterMemory?, backendIdentity: String, senderName: String, databaseName: String,
        listening: ListeningPort, logger: Logger,
        finish: @escaping @Sendable () async -> Void
    ) {
        self.configuration = configuration
        self.services = services
        self.messaging = messaging
        self.store = store
        self.http = http
        self.jobs = jobs
        self.glossarySync = glossarySync
        self.demo = demo
        self.demoKey = demoKey
        self.starterMemory = starterMemory
        self.backendIdentity = backendIdentity
        self.senderName = senderName
        self.databaseName = databaseName
        self.listening = listening
        self.logger = logger
        self.finish = finish
    }

    /// The port the service listens on once it serves: the configured one, or the one the system
    /// chose when ``ParleyConfiguration/port`` is 0. Nil before it listens.
    public var port: Int? { listening.port }

    /// Waits until the service listens and returns its port, or nil if it stopped first (a port
    /// already in use, for one).
    public func waitUntilListening() async -> Int? {
        await listening.wait()
    }

    /// Serves until graceful shutdown or cancellation, then stops the HTTP client and closes the
    /// database. Run it once.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: http), .init(service: jobs), .init(service: glossarySync)], logger: logger))
        logger.debug(
            "parley service starting",
            metadata: ["parley.host": "\(configuration.host)", "parley.port": "\(configuration.port)"])
        do {
            try await group.run()
        } catch {
            listening.ended()
            await finish()
            throw error
        }
        listening.ended()
        await finish()
    }
}
