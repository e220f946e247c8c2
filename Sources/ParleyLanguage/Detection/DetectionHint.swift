/// What is already known about a conversation, used as prior belief when detecting a message.
///
/// A one-word reply such as "Si" in a Spanish thread stays Spanish, while a clear change of language
/// still wins: the prior tilts close calls and cannot outweigh strong evidence.
public struct DetectionHint: Sendable, Hashable {
    /// The contact's preferred language, if one is known.
    public var preferredLanguage: LanguageTag?
    /// The detected languages of the thread's earlier messages, newest first.
    public var threadLanguages: [LanguageTag]

    /// No prior knowledge.
    public static let none = DetectionHint()

    /// - Parameters:
    ///   - preferredLanguage: the contact's preferred language, if known.
    ///   - threadLanguages: the languages of the thread's earlier messages, newest first.
    public init(preferredLanguage: LanguageTag? = nil, threadLanguages: [LanguageTag] = []) {
        self.preferredLanguage = preferredLanguage
        self.threadLanguages = threadLanguages
    }

    /// Whether the hint carries no information.
    public var isEmpty: Bool { preferredLanguage == nil && threadLanguages.isEmpty }
}
