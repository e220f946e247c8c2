internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

/// `POST /v1/leads`: a lead handed over by an intake bot (the messaging core or an admin may call
/// it). The contact and conversation are found or created, the lead is stored, and its transcript
/// becomes the thread's first messages: the contact's turns inbound and translated, the bot's turns
/// outbound as they were sent. The contact's language is detected from all their turns together.
struct LeadsController {
    let services: ParleyServices

    struct LeadRequest: Decodable {
        /// The business number the lead goes to.
        var number: String
        /// The contact's number.
        var phone: String
        /// The contact's name, when the bot asked.
        var name: String?
        /// Where the lead came from; `bot` when not given.
        var source: String?
        var transcript: [Turn]

        struct Turn: Decodable {
            var speaker: String
            var text: String
            /// ISO 8601; the time of the request when missing.
            var at: String?
        }
    }

    struct Imported: ResponseEncodable {
        var leadID: UUID
        var conversationID: UUID
        var contactID: UUID
        /// The contact's language after the import; nil when still unknown.
        var language: String?
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("leads") { request, context -> EditedResponse<Imported> in
            switch try context.requireIdentity() {
            case .core, .admin: break
            case .rep:
                throw Problem(.forbidden, "Not allowed", detail: "Only the messaging core or an admin may import leads.")
            }
            let body = try await JSONBody.decode(LeadRequest.self, from: request)
            return EditedResponse(status: .created, response: try await importLead(body, context: context))
        }
        addQueueRoutes(to: group)
    }

    func importLead(_ body: LeadRequest, context: ParleyRequestContext) async throws -> Imported {
        guard let store = services.store else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database; start it with one to import leads.")
        }
        let numberPhone = try Self.phone(body.number, field: "number")
        let phone = try Self.phone(body.phone, field: "phone")
        let now = Date()
        var turns: [LeadTurn] = []
        for (index, turn) in body.transcript.enumerated() {
            guard let speaker = LeadTurn.Speaker(rawValue: turn.speaker) else {
                throw Problem(.badRequest, "Unknown speaker", detail: "Turn \(index + 1) has speaker '\(turn.speaker)'; use contact or bot.")
            }
            guard !turn.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem(.badRequest, "Empty turn", detail: "Turn \(index + 1) has no text.")
            }
            turns.append(LeadTurn(speaker: speaker, text: turn.text, at: try turn.at.map { try Self.date($0, turn: index + 1) } ?? now))
        }
        guard let number = try await store.businessNumber(phone: numberPhone) else {
            throw Problem(.notFound, "Unknown number", detail: "\(numberPhone) is not one of the business's numbers; assign it to a rep first.")
        }

        var contact = try await store.findOrCreateContact(phone: phone)
        if contact.name == nil, let name = body.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
            contact = try await store.updateContact(id: contact.id, name: name, phone: contact.phone)
        }
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        let givenSource = body.source?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let source = givenSource.isEmpty ? "bot" : givenSource
        let lead = try await store.createLead(contactID: contact.id, conversationID: conversation.id, source: source, transcript: turns)

        // The contact's turns together say more about their language than any short turn alone.
        let contactText = turns.filter { $0.speaker == .contact }.map(\.text).joined(separator: "\n")
        // One glossary version for the whole transcript, even if an admin edits it meanwhile.
        let pipeline = services.currentPipeline
        let translator = InboundTranslator(pipeline: pipeline, store: store)
        var threadLanguages: [LanguageTag] = []
        if !contactText.isEmpty {
            let guess = pipeline.detector.detect(contactText, hint: DetectionHint(preferredLanguage: contact.preferredLanguage))
            contact = try await translator.learnLanguage(of: contact, from: guess)
            if !guess.language.isUndetermined { threadLanguages.append(guess.language) }
        }
        for turn in turns {
            switch turn.speaker {
            case .contact:
                let context = ConversationContext(preferredLanguage: contact.preferredLanguage, threadLanguages: threadLanguages)
                let result = await pipeline.inbound(turn.text, context: context)
                let translation = InboundTranslator.translation(for: result)
                _ = try await store.appendInbound(InboundMessageDraft(
                    conversationID: conversation.id, text: turn.text, translation: translation, leadID: lead.id, receivedAt: turn.at))
                if let language = translation.detectedLanguage, !language.isUndetermined { threadLanguages.insert(language, at: 0) }
            case .bot:
                // The bot's words were sent as written.
                _ = try await store.appendOutbound(OutboundMessageDraft(
                    conversationID: conversation.id, text: turn.text,
                    translation: MessageTranslation(status: .unchanged, sentText: turn.text),
                    deliveryStatus: .sent, leadID: lead.id, writtenAt: turn.at))
            }
        }
        context.logger.info(
            "lead imported",
            metadata: ["parley.lead": "\(lead.id)", "parley.turns": "\(turns.count)", "parley.language": "\(contact.preferredLanguage?.identifier ?? "und")"])
        return Imported(leadID: lead.id, conversationID: conversation.id, contactID: contact.id, language: contact.preferredLanguage?.identifier)
    }

    static func phone(_ text: String, field: String) throws -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw Problem(.badRequest, "Invalid phone number", detail: "'\(field)' is not a phone number: \(error.message)")
        }
    }

    static func date(_ text: String, turn: Int) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw Problem(.badRequest, "Invalid time", detail: "Turn \(turn) has 'at' '\(text)', which is not an ISO 8601 time such as 2025-05-01T14:30:00Z.")
    }
}
