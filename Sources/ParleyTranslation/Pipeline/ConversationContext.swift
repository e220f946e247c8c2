public import ParleyLanguage

/// What the pipeline knows about the conversation a message belongs to.
public struct ConversationContext: Sendable, Hashable {
    /// The contact's preferred language, when a rep or admin set it or the contact chose it.
    public var preferredLanguage: LanguageTag?
    /// The languages detected in the thread's earlier inbound messages, newest first.
    public var threadLanguages: [LanguageTag]

    /// - Parameters:
    ///   - preferredLanguage: the contact's preferred language.
    ///   - threadLanguages: the languages of earlier inbound messages, newest first.
    public init(preferredLanguage: LanguageTag? = nil, threadLanguages: [LanguageTag] = []) {
        self.preferredLanguage = preferredLanguage
        self.threadLanguages = threadLanguages
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
