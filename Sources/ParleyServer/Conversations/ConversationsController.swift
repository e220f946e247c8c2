internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyLanguage
internal import ParleyMessaging
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
        group.put("conversations/:id/state", use: setState)
        group.post("conversations/:id/preview", use: preview)
        group.post("conversations/:id/messages", use: send)
        group.get("contacts", use: searchContacts)
        group.get("contacts/:id", use: contact)
        group.put("contacts/:id/language", use: setLanguage)
        group.put("contacts/:id/formality", use: setFormality)
        group.post("contacts/:id/opt-out-review", use: reviewOptOut)
        group.get("languages", use: languages)
    }

    private func access(_ context: ParleyRequestContext) throws -> ThreadAccess {
        try services.requireMessaging().access(for: try context.requireIdentity())
    }

    // MARK: - Numbers and conversations

    @Sendable func numbers(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[BusinessNumber]> {
        let access = try access(context)
        let asked = try request.uri.queryParameters["rep"].map { try Self.uuid(String($0), "rep") }
        return JSONResponse(try await access.store.businessNumbers(repID: try await access.listedRep(asked)))
    }

    @Sendable func list(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[ConversationSummary]> {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        var asked: UUID?
        if let rep = query["rep"] { asked = try Self.uuid(String(rep), "rep") }
        let limit = try Self.integer(request, "limit", default: 50, in: 1...200)
        let before = try query["before"].map { value -> Date in
            // RFC 3339 (OpenAPI's date-time), with or without fractions of a second.
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: String(value)) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let date = formatter.date(from: String(value)) else {
                throw Problem(.badRequest, "Invalid date", detail: "before must be an ISO 8601 time such as 2026-11-24T10:00:00Z.")
            }
            return date
        }
        let state = try Self.state(query["state"])
        return JSONResponse(
            try await services.requireMessaging().conversations(
                of: asked, state: state, search: request.formQuery["q"], limit: limit, before: before, by: identity))
    }

    /// `?state=open|done|all` (all when absent).
    static func state(_ value: Substring?) throws -> Conversation.State? {
        guard let value, !value.isEmpty, value != "all" else { return nil }
        guard let state = Conversation.State(rawValue: String(value)) else {
            throw Problem(.badRequest, "Invalid state", detail: "state must be open, done or all.")
        }
        return state
    }

    struct StateRequest: Decodable {
        var state: Conversation.State
    }

    /// Marks one of the caller's conversations done, or open again.
    @Sendable func setState(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Conversation> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        let body = try await JSONBody.decode(StateRequest.self, from: request)
        return JSONResponse(try await messaging.setState(body.state, of: id, by: identity))
    }

    /// The languages a contact can be given, by name, and whether this service translates into each.
    @Sendable func languages(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[LanguageChoice]> {
        _ = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        return JSONResponse(await messaging.languages())
    }

    struct StartRequest: Decodable {
        var numberID: UUID
        var contactID: UUID?
        var phone: String?
        var name: String?
        var language: String?

        var newConversation: NewConversation {
            NewConversation(numberID: numberID, contactID: contactID, phone: phone, name: name, language: language)
        }
    }

    /// New Conversation: one of your numbers, and a contact by id or by phone (created when new).
    @Sendable func start(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StartedConversation> {
        // Who is asking before what they ask: a caller without a key learns nothing from the body's checks.
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let body = try await JSONBody.decode(StartRequest.self, from: request)
        return JSONResponse(try await messaging.startConversation(body.newConversation, by: identity), status: .created)
    }

    // MARK: - Messages

    @Sendable func messages(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[Message]> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        let after = Int64(try Self.integer(request, "after", default: 0, in: 0...Int.max))
        let limit = try Self.integer(request, "limit", default: 100, in: 1...500)
        _ = try await access.conversation(id)
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
        /// The token of the preview the rep approved: send exactly its text.
        var previewToken: String?
        /// True when the rep read the preview's doubts and sends it anyway.
        var confirmed: Bool?

        /// What the rep wrote.
        func compose() throws -> Compose {
            if let templateID {
                guard text == nil else {
                    throw Problem(.badRequest, "Text or template?", detail: "Give either text or templateID with values, not both.")
                }
                return .template(id: templateID, values: values ?? [:])
            }
            return .text(text ?? "")
        }
    }

    /// What preview and send are asked: by whom, in which conversation, what the rep wrote. The
    /// caller is known before the body is read.
    private func composeRequest(_ request: Request, context: ParleyRequestContext) async throws
        -> (messaging: Messaging, identity: Identity, conversationID: UUID, body: ComposeRequest)
    {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try Self.uuid(context.parameters.get("id") ?? "", "conversation id")
        return (messaging, identity, id, try await JSONBody.decode(ComposeRequest.self, from: request))
    }

    /// The rep's English as the contact would read it, before sending, with the token that sends it.
    @Sendable func preview(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<OutboundPreview> {
        let asked = try await composeRequest(request, context: context)
        return JSONResponse(try await asked.messaging.preview(try asked.body.compose(), in: asked.conversationID, by: asked.identity))
    }

    struct Sent: Encodable {
        var message: Message
        var preview: OutboundPreview
        /// True when the provider could not take it yet and it will be tried again.
        var queued: Bool
    }

    /// Sends: the previewed text with `previewToken`, else a fresh translation. Nothing is stored or
    /// sent when the contact opted out (409), the preview no longer holds (409), the translation
    /// raised doubts the rep did not confirm (409), failed its checks (422) or its service (503). A
    /// provider that cannot take the message yet leaves it queued and retried (202).
    @Sendable func send(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Sent> {
        let asked = try await composeRequest(request, context: context)
        let sent = try await asked.messaging.send(
            try asked.body.compose(), in: asked.conversationID, by: asked.identity, previewToken: asked.body.previewToken,
            confirmed: asked.body.confirmed ?? false)
        return JSONResponse(Sent(message: sent.message, preview: sent.preview, queued: sent.queued), status: sent.queued ? .accepted : .created)
    }

    // MARK: - Contacts

    @Sendable func searchContacts(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[Contact]> {
        let access = try access(context)
        let query = request.formQuery["q"] ?? ""
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(.badRequest, "Search for what?", detail: "Give part of a name or phone number as ?q=.")
        }
        return JSONResponse(try await access.store.searchContacts(query, limit: 20))
    }

    /// A contact with what the rep must know before writing to them.
    struct ContactView: Encodable {
        var contact: Contact
        /// While the contact is opted out: when, and how they opt back in.
        var optOutNotice: String?
    }

    /// One contact: any for admins and the core; for a rep, one they text from one of their numbers.
    @Sendable func contact(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<ContactView> {
        let access = try access(context)
        let id = try Self.uuid(context.parameters.get("id") ?? "", "contact id")
        let contact = try await access.contact(id)
        return JSONResponse(ContactView(contact: contact, optOutNotice: ConsentRules.notice(for: contact)))
    }

    struct LanguageRequest: Decodable {
        var language: String
    }

    /// Sets a contact's language: a rep only for a contact they text from one of their numbers.
    @Sendable func setLanguage(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Contact> {
        let asked = try await contactRequest(LanguageRequest.self, request, context: context)
        return JSONResponse(try await asked.messaging.setLanguage(asked.body.language, of: asked.contactID, by: asked.identity))
    }

    /// What a change to a contact is asked: by whom, for which contact, with what body. The caller is
    /// known before the body is read.
    private func contactRequest<Body: Decodable>(
        _ type: Body.Type, _ request: Request, context: ParleyRequestContext
    ) async throws -> (messaging: Messaging, identity: Identity, contactID: UUID, body: Body) {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try Self.uuid(context.parameters.get("id") ?? "", "contact id")
        return (messaging, identity, id, try await JSONBody.decode(Body.self, from: request))
    }

    struct FormalityRequest: Decodable {
        /// `formal`, `informal`, or null for the default.
        var formality: Contact.Formality?
    }

    /// Sets how a contact is addressed (formal or informal; null for the default).
    @Sendable func setFormality(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Contact> {
        let asked = try await contactRequest(FormalityRequest.self, request, context: context)
        return JSONResponse(try await asked.messaging.setFormality(asked.body.formality, of: asked.contactID, by: asked.identity))
    }

    struct OptOutReview: Decodable {
        /// True when the contact's words were a request to stop; false when they were not.
        var confirmed: Bool
    }

    /// Settles a probable opt-out: confirmed, the contact is opted out; dismissed, they may be
    /// texted again. 409 when there is none to settle.
    @Sendable func reviewOptOut(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<ContactView> {
        let asked = try await contactRequest(OptOutReview.self, request, context: context)
        let contact = try await asked.messaging.reviewOptOut(of: asked.contactID, confirmed: asked.body.confirmed, by: asked.identity)
        return JSONResponse(ContactView(contact: contact, optOutNotice: ConsentRules.notice(for: contact)))
    }

    // MARK: - Helpers

    /// A query parameter as a whole number within bounds; the default when absent. One that is not
    /// a whole number, lies outside the bounds or is given twice is refused (400) with the range,
    /// never read as the default: a client that asks for 1,000 rows learns it gets at most 200.
    /// - Parameters:
    ///   - request: the request whose query holds it.
    ///   - name: the parameter's name.
    ///   - fallback: the value when it is absent.
    ///   - bounds: the values allowed.
    static func integer(
        _ request: Request, _ name: String, default fallback: Int, in bounds: ClosedRange<Int>
    ) throws -> Int {
        let values = request.uri.queryParameters[values: Substring(name)]
        guard let value = values.first else { return fallback }
        let range = bounds.upperBound == Int.max ? "\(bounds.lowerBound) or more" : "from \(bounds.lowerBound) to \(bounds.upperBound)"
        guard values.count == 1 else {
            throw Problem(.badRequest, "Repeated \(name)", detail: "Give \(name) once, a whole number \(range).")
        }
        guard let number = Int(value), bounds.contains(number) else {
            throw Problem(.badRequest, "Invalid \(name)", detail: "\(name) must be a whole number \(range); '\(value)' is not.")
        }
        return number
    }

    static func uuid(_ text: String, _ what: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Problem(.badRequest, "Invalid \(what)", detail: "'\(text)' is not an id.") }
        return id
    }

}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
