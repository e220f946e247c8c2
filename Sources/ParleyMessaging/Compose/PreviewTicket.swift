internal import Foundation
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

/// What a stored preview holds, so that a send with its token sends the text the rep saw, on any
/// replica, without asking the translation backend again.
struct PreviewTicket: Codable, Sendable {
    /// The rep's English, as sent for the preview (a template's rendered text).
    var english: String
    /// The text the contact gets.
    var text: String
    /// The translation to store with the message.
    var translation: MessageTranslation
    /// What the rep was shown.
    var preview: OutboundPreview
    /// The contact's preferred language when previewed.
    var contactLanguage: String?
    /// The glossaries' version when previewed; nil without glossaries.
    var glossaryVersion: String?
    /// How the contact was addressed when previewed (`formal`, `informal`); nil for the default.
    var contactFormality: String?

    /// Why this ticket no longer holds for a send, or nil when it does.
    func staleness(english: String, contact: Contact, glossaryVersion: String?) -> String? {
        if english != self.english { return "The message changed since its preview." }
        if contact.preferredLanguage?.identifier != contactLanguage {
            return "The contact's language changed since the preview."
        }
        if contact.formality?.rawValue != contactFormality {
            return "How the contact is addressed (formal or informal) changed since the preview."
        }
        if glossaryVersion != self.glossaryVersion { return "An admin changed the glossary since the preview." }
        return nil
    }

    /// The ticket without what differs from one preview of the same text to the next (each
    /// stage's time), for ``SavedPreviews``.
    var withoutTimings: PreviewTicket {
        var ticket = self
        if var provenance = ticket.translation.provenance {
            provenance.stages = provenance.stages.map { MessageProvenance.Stage(stage: $0.stage, microseconds: 0) }
            ticket.translation.provenance = provenance
        }
        return ticket
    }
}
