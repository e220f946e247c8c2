public import ParleyLanguage

/// What the pipeline knows about the conversation a message belongs to.
public struct ConversationContext: Sendable, Hashable {
    /// The contact's preferred language, when a rep or admin set it or the contact chose it.
    public var preferredLanguage: LanguageTag?
    /// The languages detected in the thread's earlier inbound messages, newest first.
    public var threadLanguages: [LanguageTag]
    /// How the contact is addressed (usted or tú, Sie or du); nil when nobody said, for the
    /// pipeline's default.
    public var formality: TranslationOptions.Formality?

    /// - Parameters:
    ///   - preferredLanguage: the contact's preferred language, with its region when known (es-MX).
    ///   - threadLanguages: the languages of earlier inbound messages, newest first.
    ///   - formality: how the contact is addressed.
    public init(preferredLanguage: LanguageTag? = nil, threadLanguages: [LanguageTag] = [], formality: TranslationOptions.Formality? = nil) {
        self.preferredLanguage = preferredLanguage
        self.threadLanguages = threadLanguages
        self.formality = formality
    }

    /// The priors for language detection.
    public var detectionHint: DetectionHint {
        DetectionHint(preferredLanguage: preferredLanguage, threadLanguages: threadLanguages)
    }

    /// The language to write to the contact in: the preferred language, else the newest language
    /// detected in the thread; nil when neither is known.
    public var contactLanguage: LanguageTag? {
        preferredLanguage ?? threadLanguages.first { !$0.isUndetermined }
    }
}
