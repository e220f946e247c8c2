public import Logging
public import ServiceLifecycle

/// Keeps a replica's glossaries in step with the other replicas': every ``interval`` it asks the
/// database for the glossaries' revisions (one small read) and takes in those another replica
/// published (``GlossaryShelf/refresh()``), so an admin's edit on any replica is enforced on this
/// one within about ``interval``.
public struct GlossarySync<C: Clock>: Service where C.Duration == Duration {
    /// The glossaries it keeps in step.
    public let shelf: GlossaryShelf
    /// How often it asks.
    public let interval: Duration
    let clock: C
    let logger: Logger

    /// - Parameters:
    ///   - shelf: the glossaries to keep in step (with ``GlossaryShelf/shared``; without, it does nothing).
    ///   - interval: how often to ask the database.
    ///   - clock: the clock it waits on.
    ///   - logger: where to log what it took in and what failed.
    public init(shelf: GlossaryShelf, interval: Duration, clock: C, logger: Logger) {
        self.shelf = shelf
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Asks every ``interval`` until cancelled or the service group shuts down gracefully.
    public func run() async throws {
        guard shelf.shared != nil else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await syncOnce()
                do { try await clock.sleep(for: interval) } catch { return }
            }
        }
    }

    /// Asks once and takes in what changed; failures are logged (the next pass tries again).
    /// - Returns: the industries taken in.
    @discardableResult
    public func syncOnce() async -> [String] {
        do {
            let taken = try await shelf.refresh()
            if !taken.isEmpty {
                logger.info("glossaries taken in from the database", metadata: ["parley.industries": "\(taken.joined(separator: ","))"])
            }
            return taken
        } catch {
            logger.warning("cannot take in the published glossaries", metadata: ["parley.error": "\(error)"])
            return []
        }
    }
}

extension GlossarySync where C == ContinuousClock {
    /// - Parameters:
    ///   - shelf: the glossaries to keep in step.
    ///   - interval: how often to ask the database (a second by default).
    ///   - logger: where to log.
    public init(shelf: GlossaryShelf, interval: Duration = .seconds(1), logger: Logger) {
        self.init(shelf: shelf, interval: interval, clock: ContinuousClock(), logger: logger)
    }
}
