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
        /// The contact's message reads like a request to stop messages, in words rather than a
        /// keyword: a person confirms it.
        case probableOptOut
        /// Words of the source came back as they were: the backend did not know them.
        case untranslatedWords
        /// Numbers outside the protected spans differ between the text and its translation.
        case numbersChanged
        /// The translation is much shorter or longer than such a text usually is.
        case lengthRatio
        /// Words that are wrong for the contact's region (vosotros forms for Latin American
        /// Spanish) or that a glossary forbids there.
        case regionalForm
        /// The translation addresses the contact in the other register (tú for usted, du for Sie).
        case register
        /// Sentences were translated with approved wording from the translation memory.
        case approvedWording
        /// A sentence was translated with the approved wording of a close, not identical, sentence.
        case closeMemoryMatch
        /// The translation memory could not be read; the backend translated the whole reply.
        case memoryUnavailable

        /// Whether the warning is a doubt about the translation's correctness: a reply with one is
        /// sent only after the rep confirms it.
        public var isDoubt: Bool {
            switch self {
            case .untranslatedWords, .numbersChanged, .lengthRatio, .regionalForm, .register, .closeMemoryMatch: true
            default: false
            }
        }
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
