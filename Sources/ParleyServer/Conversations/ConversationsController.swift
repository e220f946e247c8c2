internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

/// The rep's API: numbers, conversations, contacts, messages, preview and send.
struct ConversationsController {
    let services: ParleyServices

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("numbers", use: numbers)
        group.get("conversations", use: list)
        group.post("conversations", use: start)
        group.get("conversations/:id/messages", use: messages)
        group.post("conversations/:id/read", use: read)
        group.post("conversations/:id/preview", use: preview)
        group.post("conversations/:id/messages", use: send)
        group.get("contacts", use: searchContacts)
        group.put("contacts/:id/language", use: setLanguage)
    }

    private func access(_ context: ParleyRequestContext) throws -> ThreadAccess {
        ThreadAccess(store: try ThreadAccess.store(services), identity: try context.requireIdentity())
    }

    // MARK: - Numbers and conversations

    @Sendable func numbers(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[BusinessNumber]> {
        let access = try access(context)
        var repID: UUID?
        if access.identity.seesEverything {
            if let rep = request.uri.queryParameters["rep"] { repID = try Self.uuid(String(rep), "rep") }
        } else {
            repID = try access.rep(asked: nil)
        }
        return JSONResponse(try await access.store.businessNumbers(repID: repID))
    }

    @Sendable func list(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[ConversationSummary]> {
        let access = try access(context)
        let query = request.uri.queryParameters
        var asked: UUID?
        if let rep = query["rep"] { asked = try Self.uuid(String(rep), "rep") }
        let repID = try access.rep(asked: asked)
        let limit = Self.integer(query["limit"], default: 50, in: 1...200)
        let before = try query["before"].map { value -> Date in
            guard let date = ISO8601DateFormatter().date(from: String(value)) else {
                throw Problem(.badRequest, "Invalid date", detail: "before must be an ISO 8601 time such as 2026-11-24T10:00:00Z.")
            }
            return date
        }
        if let search = query["q"].map(String.init), !search.trimmingCharacters(in: .whitespaces).isEmpty {
            // Search: the rep's conversations whose contact's name or phone matches.
            let matching = Set(try await access.store.searchContacts(search, limit: 200).map(\.id))
            let all = try await access.store.conversations(repID: repID, limit: 1_000, before: before)
            return JSONResponse(Array(all.filter { matching.contains($0.contact.id) }.prefix(limit)))
        }
        return JSONResponse(try await access.store.conversations(repID: repID, limit: limit, before: before))
    }

    struct StartRequest: Decodable {
        var numberID: UUID
        var contactID: UUID?
        var phone: String?
        var name: String?
        var language: String?
    }

    struct Started: Encodable {
        var conversation: Conversation
        var contact: Contact
        var number: BusinessNumber
    }

    /// New Conversation: one of your numbers, and a contact by id or by phone (created when new).
    @Sendable func start(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Started> {
        // Who is asking before what they ask: a caller without a key learns nothing from the body's checks.
        let access = try access(context)
        let body = try await JSONBody.decode(StartRequest.self, from: request)
        return JSONResponse(try await Self.start(body, access: access), status: .created)
    }

    /// Finds or creates the conversation a New Conversation asks for (the API's and the web panel's).
    static func start(_ body: StartRequest, access: ThreadAccess) async throws -> Started {
        let number = try await access.number(body.numberID)
        var contact: Contact
        switch (body.contactID, body.phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty) {
        case (let id?, _): contact = try await access.store.contact(id: id)
        case (nil, let phone?):
            let parsed = try PhoneNumber(parsing: phone)
            if let existing = try await access.store.contact(phone: parsed) {
                contact = existing
            } else {
                let language = try body.language?.trimmingCharacters(in: .whitespaces).nilIfEmpty.map(Self.language)
                contact = try await access.store.createContact(
                    phone: parsed, name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty,
                    preferredLanguage: language, languageSource: language == nil ? nil : Self.languageSource(access.identity))
            }
        case (nil, nil):
            throw Problem(.badRequest, "Which contact?", detail: "Give contactID, or the contact's phone (and name) to create one.")
        }
        if contact.name == nil, let name = body.name?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty {
            contact = try await access.store.updateContact(id: contact.id, name: name, phone: contact.phone)
        }
        let conversation = try await access.store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        return Started(conversation: conversation, contact: contact, number: number)
    }

    // MARK: - Messages

    @Sendable func messages(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[Message]> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        _ = try await access.conversation(id)
        let query = request.uri.queryParameters
        let after = Int64(Self.integer(query["after"], default: 0, in: 0...Int.max))
        let limit = Self.integer(query["limit"], default: 100, in: 1...500)
        return JSONResponse(try await access.store.messages(conversationID: id, afterSequence: after, limit: limit))
    }

    @Sendable func read(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Conversation> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        _ = try await access.conversation(id)
        return JSONResponse(try await access.store.markRead(conversationID: id))
    }

    struct ComposeRequest: Decodable {
        /// The rep's English.
        var text: String?
        /// A template to send instead of text, with its values.
        var templateID: UUID?
        var values: [String: String]?
    }

    /// The English a compose request holds: its text, or its template filled with its values.
    static func english(_ body: ComposeRequest, store: any ThreadStore, identity: Identity) async throws -> String {
        if let templateID = body.templateID {
            guard body.text == nil else {
                throw Problem(.badRequest, "Text or template?", detail: "Give either text or templateID with values, not both.")
            }
            let template = try await store.template(id: templateID)
            if case .rep(let rep) = identity, let owner = template.repID, owner != rep {
                throw Problem(.notFound, "No such template", detail: "There is no template with this id among yours and the shared ones.")
            }
            return try TemplatesController.render(template, values: body.values ?? [:])
        }
        return try nonEmpty(body.text ?? "")
    }

    /// The rep's English as the contact would read it, before sending.
    @Sendable func preview(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<OutboundPreview> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        let thread = try await access.conversation(id)
        let body = try await JSONBody.decode(ComposeRequest.self, from: request)
        let english = try await Self.english(body, store: access.store, identity: access.identity)
        let outbound = await services.currentPipeline.outbound(english, context: try await Self.context(thread, store: access.store))
        if let problem = Problem.translationService(outbound.result.failure) { throw problem }
        return JSONResponse(OutboundPreview(outbound))
    }

    struct Sent: Encodable {
        var message: Message
        var preview: OutboundPreview
    }

    /// Translates and sends. A translation that failed its checks is never sent: the answer is a
    /// 422 problem saying why (preview again to see the text), or a 503 one when the translation
    /// service failed, and nothing is stored or sent.
    @Sendable func send(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Sent> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        let thread = try await access.conversation(id)
        let body = try await JSONBody.decode(ComposeRequest.self, from: request)
        let english = try await Self.english(body, store: access.store, identity: access.identity)
        let outbound = await services.currentPipeline.outbound(english, context: try await Self.context(thread, store: access.store))
        guard let text = outbound.textToSend else {
            ParleyMetrics.outbound("held")
            if let problem = Problem.translationService(outbound.result.failure) { throw problem }
            let reason = outbound.result.failure?.description ?? outbound.result.problems.joined(separator: " ")
            throw Problem(
                .unprocessableContent, "Not sent: the translation did not pass its checks",
                detail: "\(reason) Nothing was sent; edit the message or set the contact's language, then preview again.")
        }
        // Durable first (queued), then handed to the provider.
        var message = try await access.store.appendOutbound(
            OutboundMessageDraft(conversationID: id, text: english, translation: MessageTranslation(outbound.result, direction: .outbound)))
        let providerID: String
        do {
            providerID = try await services.sender.send(text, from: thread.number.phone, to: thread.contact.phone)
        } catch {
            ParleyMetrics.outbound("failed")
            _ = try await access.store.updateDeliveryStatus(messageID: message.id, .failed, providerMessageID: nil)
            throw Problem(.badGateway, "The SMS provider did not take the message", detail: "\(error.message) The message is kept as failed.")
        }
        ParleyMetrics.outbound("sent")
        do {
            message = try await access.store.updateDeliveryStatus(messageID: message.id, .sent, providerMessageID: providerID)
        } catch {
            // The SMS is out: an error answer would have the rep send it a second time.
            context.logger.error(
                "SMS sent, but its delivery status could not be stored",
                metadata: ["parley.message": "\(message.id)", "parley.provider_message_id": "\(providerID)", "parley.error": "\(error)"])
            message.deliveryStatus = .sent
            message.providerMessageID = providerID
        }
        return JSONResponse(Sent(message: message, preview: OutboundPreview(outbound)), status: .created)
    }

    // MARK: - Contacts

    @Sendable func searchContacts(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[Contact]> {
        let access = try access(context)
        let query = String(request.uri.queryParameters["q"] ?? "")
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(.badRequest, "Search for what?", detail: "Give part of a name or phone number as ?q=.")
        }
        return JSONResponse(try await access.store.searchContacts(query, limit: 20))
    }

    struct LanguageRequest: Decodable {
        var language: String
    }

    @Sendable func setLanguage(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Contact> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "contact id")
        let body = try await JSONBody.decode(LanguageRequest.self, from: request)
        let contact = try await access.store.setPreferredLanguage(
            contactID: id, language: try Self.language(body.language), source: Self.languageSource(access.identity))
        return JSONResponse(contact)
    }

    // MARK: - Helpers

    /// The contact's preferred language and the languages recently detected in the thread.
    static func context(_ thread: (conversation: Conversation, number: BusinessNumber, contact: Contact), store: any ThreadStore) async throws
        -> ConversationContext
    {
        let recent = try await store.latestMessages(conversationID: thread.conversation.id, beforeSequence: nil, limit: 50)
            .filter { $0.direction == .inbound }.suffix(10).reversed().compactMap(\.detectedLanguage)
            .filter { !$0.isUndetermined }
        return ConversationContext(preferredLanguage: thread.contact.preferredLanguage, threadLanguages: Array(recent))
    }

    static func languageSource(_ identity: Identity) -> Contact.LanguageSource {
        if case .admin = identity { return .setByAdmin }
        return .setByRep
    }

    static func language(_ text: String) throws -> LanguageTag {
        guard let tag = LanguageTag(text), !tag.isUndetermined else {
            throw Problem(.badRequest, "Unknown language", detail: "'\(text)' is not a BCP 47 language tag such as es or zh-Hant.")
        }
        return tag
    }

    /// A query parameter as an integer within bounds; the default when absent or not a number.
    static func integer(_ value: Substring?, default fallback: Int, in bounds: ClosedRange<Int>) -> Int {
        guard let value, let number = Int(String(value)) else { return fallback }
        let clamped: Int = Swift.min(Swift.max(number, bounds.lowerBound), bounds.upperBound)
        return clamped
    }

    static func uuid(_ text: String, _ what: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Problem(.badRequest, "Invalid \(what)", detail: "'\(text)' is not an id.") }
        return id
    }

    static func nonEmpty(_ text: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem(.badRequest, "Empty message", detail: "Write the message in English first.")
        }
        return text
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
