internal import Foundation

extension InboundMessageDraft {
    /// The message this draft becomes once the store has given it a sequence: received, shown to
    /// the rep as translated (or as written while no translation exists).
    func message(sequence: Int64, providerMessageID: String?, now: Date) -> Message {
        Message(
            id: .timeOrdered(at: now), conversationID: conversationID, sequence: sequence, direction: .inbound, original: text,
            detectedLanguage: translation.detectedLanguage, confidence: translation.confidence,
            shownText: translation.shownText ?? text, sentText: nil, translationStatus: translation.status,
            translationError: translation.error, provenance: translation.provenance, deliveryStatus: .received,
            providerMessageID: providerMessageID, leadID: leadID, createdAt: receivedAt ?? now, updatedAt: now)
    }
}

extension OutboundMessageDraft {
    /// The message this draft becomes once the store has given it a sequence: the rep's text, and
    /// the text sent to the contact.
    func message(sequence: Int64, providerMessageID: String?, now: Date) -> Message {
        Message(
            id: .timeOrdered(at: now), conversationID: conversationID, sequence: sequence, direction: .outbound, original: text,
            detectedLanguage: translation.detectedLanguage, confidence: translation.confidence, shownText: text,
            sentText: translation.sentText, translationStatus: translation.status, translationError: translation.error,
            provenance: translation.provenance, deliveryStatus: deliveryStatus, providerMessageID: providerMessageID,
            leadID: leadID, createdAt: writtenAt ?? now, updatedAt: now, sentBy: sentBy)
    }
}
