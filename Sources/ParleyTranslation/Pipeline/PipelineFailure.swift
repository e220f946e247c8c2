/// Why the pipeline produced no translation.
public struct PipelineFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stage that failed.
    public enum Stage: String, Sendable, Hashable, Codable {
        case intake, detect, glossary, translate
    }

    /// The stage that failed.
    public var stage: Stage
    /// What went wrong and what to do, in words a rep understands (no host, port or internal name).
    public var message: String
    /// The backend's error, when the backend failed.
    public var translationError: TranslationError?
    /// The intake error, when intake refused the message.
    public var intakeError: IntakeError?

    /// - Parameters:
    ///   - stage: the stage that failed.
    ///   - message: what went wrong and what to do.
    ///   - translationError: the backend's error.
    ///   - intakeError: the intake error.
    public init(stage: Stage, message: String, translationError: TranslationError? = nil, intakeError: IntakeError? = nil) {
        self.stage = stage
        self.message = message
        self.translationError = translationError
        self.intakeError = intakeError
    }

    /// The translation service's failure: its ``message`` is what a rep reads
    /// (``TranslationError/plainMessage``); ``description`` keeps the backend's detail.
    /// - Parameters:
    ///   - error: the backend's error.
    public static func translation(_ error: TranslationError) -> PipelineFailure {
        PipelineFailure(stage: .translate, message: error.plainMessage, translationError: error)
    }

    /// The technical detail, for admins and logs: the stage and the backend's error with its name,
    /// kind and HTTP status.
    public var detail: String { description }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.stage == rhs.stage && lhs.message == rhs.message && lhs.translationError == rhs.translationError
            && lhs.intakeError == rhs.intakeError
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(stage)
        hasher.combine(message)
    }

    public var description: String {
        if let translationError { return "\(stage.rawValue): \(translationError.description)" }
        return "\(stage.rawValue): \(message)"
    }
}
