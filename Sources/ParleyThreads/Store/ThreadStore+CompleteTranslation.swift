public import Foundation
public import ParleyLanguage

extension ThreadStore {
    /// ``ThreadStore/completeTranslation(messageID:_:learning:contactID:jobID:owner:)`` composed of
    /// the store's other calls, for stores without one of their own (test doubles): the job is
    /// checked first, then the translation, the language and the job are written one after another.
    public func completeTranslation(
        messageID: UUID, _ translation: MessageTranslation, learning language: LanguageTag?, contactID: UUID,
        jobID: UUID, owner: String
    ) async throws(ThreadStoreError) -> Message {
        let job = try await jobs(subjectID: messageID).first { $0.id == jobID }
        guard let job, job.state == .running, job.leaseOwner == owner else {
            throw ThreadStoreError.conflict("Job \(jobID) is not running under \(owner); leave it to the worker that holds it.")
        }
        let message = try await updateTranslation(messageID: messageID, translation)
        if let language, try await contact(id: contactID).preferredLanguage == nil {
            _ = try await setPreferredLanguage(contactID: contactID, language: language, source: .detected)
        }
        _ = try await completeJob(id: jobID, owner: owner)
        return message
    }
}
