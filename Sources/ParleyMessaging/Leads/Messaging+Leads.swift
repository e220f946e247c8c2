public import Foundation
internal import Logging
internal import ParleyLanguage
public import ParleyThreads
internal import ParleyTranslation

/// A lead an intake bot (OTTO) hands over: the contact, the number it came to, and what was said.
public struct LeadImport: Sendable, Hashable {
    /// The business number the lead goes to.
    public var number: PhoneNumber
    /// The contact's number.
    public var phone: PhoneNumber
    /// The contact's name, when the bot asked.
    public var name: String?
    /// Where the lead came from, e.g. `otto`.
    public var source: String
    /// What was said, in order.
    public var transcript: [LeadTurn]

    /// - Parameters:
    ///   - number: the business number.
    ///   - phone: the contact's number.
    ///   - name: the contact's name.
    ///   - source: where the lead came from.
    ///   - transcript: what was said, in order.
    public init(number: PhoneNumber, phone: PhoneNumber, name: String?, source: String, transcript: [LeadTurn]) {
        self.number = number
        self.phone = phone
        self.name = name
        self.source = source
        self.transcript = transcript
    }
}

/// A bot's turn in the rep's language.
struct BotTurnEnglish {
    var text: String
    var source: LanguageTag
    var provenance: MessageProvenance?
}

/// What ``Messaging/importLead(_:by:)`` stored.
public struct ImportedLead: Sendable, Encodable {
    /// The lead.
    public var leadID: UUID
    /// Its conversation.
    public var conversationID: UUID
    /// Its contact.
    public var contactID: UUID
    /// The contact's language after the import; nil when still unknown.
    public var language: String?
}

extension Messaging {
    /// Imports a lead: the contact and conversation are found or created, the lead is stored, and
    /// its transcript becomes the thread's first messages: the contact's turns inbound, each
    /// translated by a job; the bot's turns outbound as they were sent. The contact's language is
    /// detected from all their turns together, which says more than any short turn alone.
    /// - Parameters:
    ///   - lead: the lead.
    ///   - identity: who imports it: the messaging core or an admin.
    public func importLead(_ lead: LeadImport, by identity: Identity) async throws(MessagingError) -> ImportedLead {
        try Self.checkMayImportLeads(identity)
        let store = self.store
        guard let number = try await MessagingError.store({ () async throws(ThreadStoreError) in try await store.businessNumber(phone: lead.number) })
        else {
            throw .notFound("Unknown number", "\(lead.number) is not one of the business's numbers; assign it to a rep first.")
        }
        let (contact, conversation, stored) = try await MessagingError.store { () async throws(ThreadStoreError) in
            var contact = try await store.findOrCreateContact(phone: lead.phone)
            if contact.name == nil, let name = lead.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
                contact = try await store.updateContact(id: contact.id, name: name, phone: contact.phone)
            }
            let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
            let stored = try await store.createLead(contactID: contact.id, conversationID: conversation.id, source: lead.source, transcript: lead.transcript)
            return (contact, conversation, stored)
        }
        var learned = contact
        let contactText = lead.transcript.filter { $0.speaker == .contact }.map(\.text).joined(separator: "\n")
        if !contactText.isEmpty {
            let guess = pipeline.detector.detect(contactText, hint: DetectionHint(preferredLanguage: contact.preferredLanguage))
            learned = try await learnLanguage(of: contact, from: guess)
        }
        let botEnglish = await englishOfBotTurns(lead.transcript, language: learned.preferredLanguage)
        for (index, turn) in lead.transcript.enumerated() {
            try await MessagingError.store { () async throws(ThreadStoreError) in
                switch turn.speaker {
                case .contact:
                    // Translated by its job, in order, in the thread's context.
                    _ = try await store.appendInbound(InboundMessageDraft(
                        conversationID: conversation.id, text: turn.text, leadID: stored.id, receivedAt: turn.at))
                case .bot:
                    // The bot's words were sent as written; the rep reads them in English.
                    let english = botEnglish[index]
                    _ = try await store.appendOutbound(OutboundMessageDraft(
                        conversationID: conversation.id, text: english?.text ?? turn.text,
                        translation: MessageTranslation(
                            status: english == nil ? .unchanged : .translated, detectedLanguage: english?.source, sentText: turn.text,
                            provenance: english?.provenance),
                        deliveryStatus: .sent, leadID: stored.id, writtenAt: turn.at))
                }
            }
        }
        wakeups.wake()
        logger.info(
            "lead imported",
            metadata: ["parley.lead": "\(stored.id)", "parley.turns": "\(lead.transcript.count)", "parley.language": "\(learned.preferredLanguage?.identifier ?? "und")"])
        return ImportedLead(leadID: stored.id, conversationID: conversation.id, contactID: contact.id, language: learned.preferredLanguage?.identifier)
    }

    /// The bot's turns in the rep's language, by their index in the transcript: the English the bot
    /// sent along (``LeadTurn/english``), else a translation from the turn's language (detected,
    /// with the contact's as a hint). A turn already in English, or whose translation failed, has
    /// none and is shown as written; once the translation service fails, no further turn waits for it.
    func englishOfBotTurns(_ transcript: [LeadTurn], language: LanguageTag?) async -> [Int: BotTurnEnglish] {
        let rep = pipeline.configuration.repLanguage
        var english: [Int: BotTurnEnglish] = [:]
        for (index, turn) in transcript.enumerated() where turn.speaker == .bot {
            // The bot may have written in English (or switched); its turn's own language decides.
            let guess = pipeline.detector.detect(turn.text, hint: DetectionHint(preferredLanguage: language))
            let source = guess.language.isUndetermined ? (language ?? guess.language) : guess.language
            if let given = turn.english?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
                english[index] = BotTurnEnglish(text: given, source: source, provenance: nil)
                continue
            }
            guard !source.isUndetermined, source.language != rep.language else { continue }
            let result = await pipeline.translate(turn.text, from: source, to: rep, logger: logger)
            if let failure = result.failure, Self.isServiceFailure(failure) {
                // The service is down: the import does not wait for it turn after turn; these turns
                // are shown as written.
                logger.warning("a lead's bot turns were not translated", metadata: ["parley.error": "\(failure.description)"])
                break
            }
            if result.status == .translated {
                english[index] = BotTurnEnglish(
                    text: result.text, source: source, provenance: MessageProvenance(result.provenance, warnings: result.warnings))
            }
        }
        return english
    }

    /// Refuses a caller who may not import leads: only the messaging core and admins may.
    public static func checkMayImportLeads(_ identity: Identity) throws(MessagingError) {
        if case .rep = identity {
            throw .forbidden("Not allowed", "Only the messaging core or an admin may import leads.")
        }
    }

    /// Picks a lead up for the caller, who must see its conversation. Picking up a lead someone
    /// already picked up changes nothing and returns it with who did. The core picks up no leads.
    /// - Parameters:
    ///   - id: the lead.
    ///   - identity: who picks it up.
    public func pickUpLead(_ id: UUID, by identity: Identity) async throws(MessagingError) -> Lead {
        guard let person = identity.personID else {
            throw .forbidden("Not allowed", "Leads are picked up by reps and admins, not by the messaging core.")
        }
        let store = self.store
        let noSuchLead = MessagingError.notFound("No such lead", "There is no lead with this id among yours.")
        let lead: Lead
        do {
            lead = try await store.lead(id: id)
        } catch {
            if error.code == .notFound { throw noSuchLead }
            throw MessagingError(error)
        }
        do {
            _ = try await access(identity).conversation(lead.conversationID)
        } catch {
            // Another rep's lead answers as a missing one does.
            if error.code == .notFound || error.code == .forbidden { throw noSuchLead }
            throw error
        }
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.pickUpLead(id: id, repID: person) }
    }
}
