public import Foundation
public import Logging
public import ParleyThreads
public import ParleyTranslation

/// Every conversation workflow, in one place: receive an inbound SMS, preview and send a reply,
/// start a conversation, import and pick up a lead, set a contact's language, record consent, and
/// run what is pending (translations, sends) as durable jobs.
///
/// The HTTP routes, the web panel, the job worker and the messaging core all call this type; it
/// decides who may do what (``Identity``), which contacts may be texted (`Consent`), and what a
/// send sends (the text a preview showed). It never speaks HTTP.
///
/// ```swift
/// let messaging = Messaging(store: store, pipeline: { pipeline }, sender: sender)
/// let received = try await messaging.receive(InboundSMS(from: from, to: to, body: body, providerMessageID: sid))
/// let preview = try await messaging.preview(.text("On my way"), in: conversationID, by: .rep(repID))
/// let sent = try await messaging.send(.text("On my way"), in: conversationID, by: .rep(repID), previewToken: preview.token)
/// ```
public struct Messaging: Sendable {
    /// How ``Messaging`` runs its jobs and keeps previews.
    public struct Configuration: Sendable {
        /// How long a claimed job is held before another worker may take it over (a crashed one's).
        public var jobLease: Duration
        /// The first retry's delay; each further retry doubles it, up to ``maximumRetryDelay``.
        public var retryDelay: Duration
        /// The longest delay between two tries.
        public var maximumRetryDelay: Duration
        /// How many times a send is tried before it is given up as failed.
        public var maximumSendAttempts: Int
        /// How many answers that are not a translation a message gets before its translation is
        /// given up (its original shown).
        public var maximumBadAnswers: Int
        /// How long a preview's token can be sent with.
        public var previewLifetime: Duration
        /// A name for this process's claims on jobs, unique among replicas.
        public var workerName: String
        /// How long a worker leaves a just-stored reply's send job to the request that stored it,
        /// which hands it over at once; after this, a worker takes it (the request's process died).
        public var inlineSendGrace: Duration
        /// How long a finished (done or failed) job is kept, to see why it ended, before a sweep deletes it.
        public var finishedJobRetention: Duration
        /// How long thread events are kept for live streams to resume from (`Last-Event-ID`) before a
        /// sweep deletes them; the messages and conversations they point to stay.
        public var eventRetention: Duration
        /// The industry whose translation memory reps improve and admins approve (`hvac`); nil for
        /// a service that keeps none.
        public var industry: String?

        /// - Parameters:
        ///   - jobLease: how long a claimed job is held (2 minutes).
        ///   - retryDelay: the first retry's delay (5 s).
        ///   - maximumRetryDelay: the longest delay between tries (10 minutes).
        ///   - maximumSendAttempts: how many times a send is tried (8).
        ///   - maximumBadAnswers: bad translation answers before a message is given up (5).
        ///   - previewLifetime: how long a preview can be sent (30 minutes).
        ///   - workerName: this process's name for job claims; a new random one by default.
        ///   - finishedJobRetention: how long finished jobs are kept (7 days).
        ///   - eventRetention: how long thread events are kept (30 days).
        ///   - inlineSendGrace: how long a worker leaves a just-stored reply to its request (30 s).
        ///   - industry: the industry whose translation memory is kept; nil for none.
        public init(
            jobLease: Duration = .seconds(120), retryDelay: Duration = .seconds(5), maximumRetryDelay: Duration = .seconds(600),
            maximumSendAttempts: Int = 8, maximumBadAnswers: Int = 5, previewLifetime: Duration = .seconds(1_800),
            workerName: String = "parley-" + String(UUID().uuidString.lowercased().prefix(8)),
            finishedJobRetention: Duration = .seconds(7 * 86_400),
            eventRetention: Duration = .seconds(30 * 86_400),
            inlineSendGrace: Duration = .seconds(30),
            industry: String? = nil
        ) {
            self.industry = industry
            self.jobLease = jobLease
            self.retryDelay = retryDelay
            self.maximumRetryDelay = maximumRetryDelay
            self.maximumSendAttempts = maximumSendAttempts
            self.maximumBadAnswers = maximumBadAnswers
            self.previewLifetime = previewLifetime
            self.workerName = workerName
            self.finishedJobRetention = finishedJobRetention
            self.eventRetention = eventRetention
            self.inlineSendGrace = inlineSendGrace
        }
    }

    /// The conversation store.
    public let store: any ThreadStore
    /// Delivers outbound SMS.
    public let sender: any MessageSender
    /// How jobs run and previews last.
    public let configuration: Configuration
    let currentPipeline: @Sendable () -> TranslationPipeline
    let now: @Sendable () -> Date
    let logger: Logger
    /// Wakes this process's job worker when a job is added, so it starts at once.
    let wakeups: JobWakeups
    /// Messages the provider took whose status could not be stored yet (a locked or full store):
    /// their job records them as sent when it runs again, instead of sending them twice.
    let handedOver: HandedOverMessages
    /// The translation engine's language pairs, asked now and then.
    let enginePairs: EnginePairs
    /// Previews stored lately, whose token a preview of the same ticket gets again.
    let savedPreviews: SavedPreviews

    /// - Parameters:
    ///   - store: the conversation store.
    ///   - pipeline: the pipeline to translate with now (it follows glossary edits).
    ///   - sender: delivers outbound SMS.
    ///   - configuration: job and preview settings.
    ///   - now: the wall clock; tests pass one that moves only when told to.
    ///   - logger: where to log.
    public init(
        store: any ThreadStore, pipeline: @escaping @Sendable () -> TranslationPipeline, sender: any MessageSender,
        configuration: Configuration = Configuration(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "parley.messaging")
    ) {
        self.store = store
        self.currentPipeline = pipeline
        self.sender = sender
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.wakeups = JobWakeups()
        self.handedOver = HandedOverMessages()
        self.enginePairs = EnginePairs()
        self.savedPreviews = SavedPreviews()
    }

    /// The pipeline to translate with now.
    public var pipeline: TranslationPipeline { currentPipeline() }

    /// What a caller may see and change.
    func access(_ identity: Identity) -> ThreadAccess {
        ThreadAccess(store: store, identity: identity)
    }
}

extension Messaging {
    /// The access rules for a caller, for the read-only routes (lists, threads, events).
    /// - Parameters:
    ///   - identity: who asks.
    public func access(for identity: Identity) -> ThreadAccess {
        access(identity)
    }
}
