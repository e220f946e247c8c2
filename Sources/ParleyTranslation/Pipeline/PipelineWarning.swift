/// Something the rep or the caller should know about a result that is still usable.
public struct PipelineWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of warning it is. New kinds may be added.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The contact asked to stop messages (STOP, ALTO, 退订, …): honour it before replying.
        case optOut
        /// The contact asked to resume messages.
        case optIn
        /// The contact asked for help.
        case help
        /// The language guess is uncertain.
        case lowConfidence
        /// Intake neutralized control, bidirectional or invisible characters.
        case textCleaned
        /// A glossary concept has no preferred term in the target language, so the backend chose
        /// the words.
        case termNotInGlossary
        /// The provider's glossary did not give every term; the terms were substituted instead.
        case providerGlossaryIgnored
        /// The first placeholder style came back damaged; another one worked.
        case placeholderRetry
        /// The back-translation could not be made.
        case backTranslationFailed
        /// The message needs more than one SMS segment, or UCS-2.
        case longMessage
    }

    /// What kind of warning it is.
    public var kind: Kind
    /// One sentence for the rep.
    public var message: String

    /// - Parameters:
    ///   - kind: what kind of warning it is.
    ///   - message: one sentence for the rep.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
