internal import Logging

extension TranslationPipeline {
    /// The logger of a pipeline no caller gave one: it drops everything.
    static let silentLogger = Logger(label: "parley.translation", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The same pipeline logging to `logger`; itself when `logger` is nil (a nested call keeps the
    /// caller's logger).
    func logging(to logger: Logger?) -> TranslationPipeline {
        guard let logger else { return self }
        var pipeline = self
        pipeline.logger = logger
        return pipeline
    }

    /// The outcome of one entry point: `info` for a failure or a result sent to review, else `debug`.
    func logOutcome(_ result: TranslationResult, direction: String) {
        var metadata: Logger.Metadata = [
            "parley.translation.direction": "\(direction)",
            "parley.translation.source": "\(result.source)",
            "parley.translation.target": "\(result.target)",
            "parley.translation.status": "\(result.status.rawValue)",
        ]
        if let backend = result.provenance.backend { metadata["parley.translation.backend"] = "\(backend)" }
        switch result.status {
        case .failed:
            if let failure = result.failure {
                metadata["parley.translation.stage"] = "\(failure.stage.rawValue)"
                if let error = failure.translationError { metadata["parley.translation.error"] = "\(error.code)" }
            }
            logger.info("translation failed", metadata: metadata)
        case .needsReview:
            metadata["parley.translation.problems"] = "\(result.problems.count)"
            logger.info("translation sent to review", metadata: metadata)
        case .translated, .unchanged:
            logger.debug("translation finished", metadata: metadata)
        }
    }
}
