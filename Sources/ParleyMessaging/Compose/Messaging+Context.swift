internal import Foundation
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

extension Messaging {
    /// How many of a conversation's latest messages give its earlier languages.
    static let threadWindow = 20
    /// The most earlier languages a context carries.
    static let threadLanguageCount = 10

    /// The one rule for a conversation's context, used by every inbound and outbound translation:
    /// the contact's preferred language (with its region, es-MX) and register, and the languages detected in the conversation's inbound
    /// messages among its latest ``threadWindow`` before a message (or the newest), newest first.
    /// - Parameters:
    ///   - thread: the conversation, its number and contact.
    ///   - sequence: only messages before this one; nil for the newest.
    func context(of thread: ConversationThread, before sequence: Int64?) async throws(MessagingError) -> ConversationContext {
        let store = self.store
        let earlier = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.latestMessages(conversationID: thread.conversation.id, beforeSequence: sequence, limit: Self.threadWindow)
        }
        return Self.context(of: thread, earlier: earlier)
    }

    /// The context of a conversation from its newest messages (oldest first) as already read:
    /// the rule of ``context(of:before:)``.
    /// - Parameters:
    ///   - thread: the conversation, its number and contact.
    ///   - earlier: its latest ``threadWindow`` messages before the one translated, oldest first.
    static func context(of thread: ConversationThread, earlier: [Message]) -> ConversationContext {
        let languages = earlier.suffix(threadWindow).reversed()
            .filter { $0.direction == .inbound }
            .compactMap { message -> LanguageTag? in
                guard let language = message.detectedLanguage, !language.isUndetermined else { return nil }
                return language
            }
            .prefix(Self.threadLanguageCount)
        return ConversationContext(
            preferredLanguage: thread.contact.preferredLanguage, threadLanguages: Array(languages),
            formality: thread.contact.formality)
    }
}
