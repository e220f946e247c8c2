public import ParleyLanguage

/// An approved translation-memory entry, as the pipeline uses it: an English sentence and its
/// approved wording in a contact's language, both with the same variables.
public struct MemoryEntry: Sendable, Hashable, Codable, Identifiable {
    /// The entry's identifier in the memory's store.
    public var id: String
    /// The language of ``source``.
    public var sourceLanguage: LanguageTag
    /// The language of ``target``.
    public var targetLanguage: LanguageTag
    /// The sentence, with variables (`Your technician will arrive at {time}.`).
    public var source: String
    /// The approved wording, with the same variables (`Su técnico llegará a las {time}.`).
    public var target: String

    /// - Parameters:
    ///   - id: the entry's identifier.
    ///   - sourceLanguage: the language of `source`.
    ///   - targetLanguage: the language of `target`.
    ///   - source: the sentence, with variables.
    ///   - target: the approved wording, with the same variables.
    public init(id: String, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, source: String, target: String) {
        self.id = id
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.source = source
        self.target = target
    }

    /// Whether the target has exactly the source's variables, so it can be filled in.
    public var variablesAgree: Bool {
        MemoryVariable.tokens(in: source).map(\.token).sorted() == MemoryVariable.tokens(in: target).map(\.token).sorted()
    }
}
