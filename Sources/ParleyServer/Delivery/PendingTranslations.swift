internal import Foundation
internal import Synchronization
public import Logging
public import ParleyThreads
public import ParleyTranslation
public import ServiceLifecycle

/// Translates inbound messages left pending because the translation backend failed when they came
/// in: every ``interval`` it takes the oldest pending messages, translates each in its
/// conversation's context and records the result. A message whose backend still fails stays
/// pending for the next pass, except that one the backend has answered badly (not a translation)
/// ``maximumBadAnswers`` times becomes `failed`, its original shown, so that a few such messages
/// cannot hold up every pass's oldest places for ever.
///
/// ```swift
/// let worker = PendingTranslations(pipeline: pipeline, store: store, logger: logger)
/// serviceGroup = ServiceGroup(services: [app, worker], logger: logger)
/// ```
public struct PendingTranslations: Service {
    let pipeline: TranslationPipeline
    let store: any ThreadStore
    /// The glossaries admins edit; each pass translates with the set enforced then.
    let glossaries: GlossaryShelf?
    /// The pause between passes.
    public var interval: Duration
    /// The most messages one pass takes.
    public var batchSize: Int
    let logger: Logger
    /// How many bad answers (not a translation) a message gets before it is given up as failed.
    public static let maximumBadAnswers = 5
    /// Bad answers per message, in this process.
    private let badAnswers = BadAnswerCounts()

    /// - Parameters:
    ///   - pipeline: the translation pipeline.
    ///   - store: the conversation store.
    ///   - interval: the pause between passes.
    ///   - batchSize: the most messages one pass takes.
    ///   - logger: where to log.
    ///   - glossaries: the glossaries admins edit, whose current set replaces the pipeline's; nil
    ///     to keep the pipeline's.
    public init(
        pipeline: TranslationPipeline, store: any ThreadStore, interval: Duration = .seconds(30), batchSize: Int = 50,
        logger: Logger = Logger(label: "parley.pending-translations"), glossaries: GlossaryShelf? = nil
    ) {
        self.pipeline = pipeline
        self.store = store
        self.glossaries = glossaries
        self.interval = interval
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Runs passes every ``interval`` until cancelled or the service group shuts down gracefully.
    public func run() async throws {
        await run(every: interval)
    }

    /// Runs passes at an interval until the task is cancelled or the service group shuts down.
    /// - Parameters:
    ///   - interval: the pause between passes.
    public func run(every interval: Duration) async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await runOnce()
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
            }
        }
    }

    /// One pass: translates up to ``batchSize`` pending inbound messages, oldest first.
    /// - Returns: how many messages it translated (translated, unchanged or needing review).
    @discardableResult
    public func runOnce() async -> Int {
        let pending: [Message]
        do {
            pending = try await store.messagesPendingTranslation(limit: batchSize)
        } catch {
            logger.warning("cannot read pending translations", metadata: ["parley.error": "\(error)"])
            return 0
        }
        let translator = InboundTranslator(pipeline: glossaries.map { pipeline.using($0.current) } ?? pipeline, store: store)
        var contacts: [UUID: Contact] = [:]
        var done = 0
        for message in pending where message.direction == .inbound {
            if Task.isCancelled { break }
            do {
                let conversation = try await store.conversation(id: message.conversationID)
                let contact: Contact
                if let known = contacts[conversation.contactID] {
                    contact = known
                } else {
                    contact = try await store.contact(id: conversation.contactID)
                }
                let (result, updated) = try await translator.translate(message, contact: contact, logger: logger)
                contacts[contact.id] = try await translator.learnLanguage(of: contact, from: result.detection)
                if updated.translationStatus != .pending {
                    badAnswers.forget(message.id)
                    done += 1
                } else if result.failure?.translationError?.kind == .badResponse,
                    badAnswers.count(message.id) >= Self.maximumBadAnswers
                {
                    badAnswers.forget(message.id)
                    _ = try await store.updateTranslation(
                        messageID: message.id,
                        MessageTranslation(
                            status: .failed, detectedLanguage: updated.detectedLanguage, confidence: updated.confidence,
                            error: "The translation service answered \(Self.maximumBadAnswers) times with something that is not a translation; the original is shown.",
                            provenance: updated.provenance))
                    logger.warning("pending translation given up after bad answers", metadata: ["parley.message": "\(message.id)"])
                }
            } catch {
                logger.warning(
                    "cannot translate a pending message", metadata: ["parley.message": "\(message.id)", "parley.error": "\(error)"])
            }
        }
        if done > 0 { logger.info("pending translations done", metadata: ["parley.count": "\(done)"]) }
        return done
    }
}

/// How many bad answers each pending message has had, for ``PendingTranslations``.
final class BadAnswerCounts: Sendable {
    private let counts = Mutex<[UUID: Int]>([:])

    /// Counts one more bad answer for a message; how many it has had.
    func count(_ id: UUID) -> Int {
        counts.withLock { counts in
            counts[id, default: 0] += 1
            return counts[id] ?? 0
        }
    }

    func forget(_ id: UUID) {
        _ = counts.withLock { $0.removeValue(forKey: id) }
    }
}
