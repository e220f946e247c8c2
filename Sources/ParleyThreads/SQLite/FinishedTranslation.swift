import Foundation
internal import ParleyLanguage

/// A translation job's result waiting for its transaction in ``SQLiteThreadStore``.
struct FinishedTranslation: Sendable {
    var messageID: UUID
    var translation: MessageTranslation
    /// The language learned for the contact, set only if it has none.
    var language: LanguageTag?
    var contactID: UUID
    var jobID: UUID
    /// The worker that claimed the job.
    var owner: String
}
