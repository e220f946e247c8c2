public import Foundation
internal import ParleyLanguage
public import ParleyThreads

/// A conversation that ``Messaging/startConversation(_:by:)`` found or created.
public struct StartedConversation: Sendable, Encodable {
    /// The conversation.
    public var conversation: Conversation
    /// The contact.
    public var contact: Contact
    /// The business number it is on.
    public var number: BusinessNumber
}

/// What a New Conversation asks for: one of the caller's numbers, and a contact by id or by phone.
public struct NewConversation: Sendable, Hashable {
    /// The business number to write from.
    public var numberID: UUID
    /// An existing contact.
    public var contactID: UUID?
    /// The contact's phone, created when new.
    public var phone: String?
    /// The contact's name, for a new contact (or one without a name).
    public var name: String?
    /// The contact's language, for a new contact.
    public var language: String?

    /// - Parameters:
    ///   - numberID: the business number to write from.
    ///   - contactID: an existing contact.
    ///   - phone: the contact's phone.
    ///   - name: the contact's name.
    ///   - language: the contact's language.
    public init(numberID: UUID, contactID: UUID? = nil, phone: String? = nil, name: String? = nil, language: String? = nil) {
        self.numberID = numberID
        self.contactID = contactID
        self.phone = phone
        self.name = name
        self.language = language
    }
}

extension Messaging {
    /// Finds or creates the conversation a New Conversation asks for.
    /// - Parameters:
    ///   - request: the number and the contact.
    ///   - identity: who asks; a rep only from their own numbers.
    public func startConversation(_ request: NewConversation, by identity: Identity) async throws(MessagingError) -> StartedConversation {
        let access = self.access(identity)
        let store = self.store
        let number = try await access.number(request.numberID)
        let name = request.name?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        let contact: Contact
        switch (request.contactID, request.phone?.trimmingCharacters(in: .whitespaces).nonEmpty) {
        case (let id?, _):
            contact = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.contact(id: id) }
        case (nil, let phone?):
            let parsed: PhoneNumber
            do {
                parsed = try PhoneNumber(parsing: phone)
            } catch {
                throw .invalidInput("Invalid phone number", "'\(phone)' is not a phone number: \(error.message)")
            }
            var chosen: LanguageTag?
            if let given = request.language?.trimmingCharacters(in: .whitespaces).nonEmpty {
                chosen = try await chosenLanguage(given)
            }
            let language = chosen
            let source = language == nil ? nil : Self.languageSource(identity)
            contact = try await MessagingError.store { () async throws(ThreadStoreError) in
                if let existing = try await store.contact(phone: parsed) { return existing }
                return try await store.createContact(phone: parsed, name: name, preferredLanguage: language, languageSource: source)
            }
        case (nil, nil):
            throw .invalidInput("Which contact?", "Give contactID, or the contact's phone (and name) to create one.")
        }
        let known = contact
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            var contact = known
            if contact.name == nil, let name {
                contact = try await store.updateContact(id: contact.id, name: name, phone: contact.phone)
            }
            let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
            return StartedConversation(conversation: conversation, contact: contact, number: number)
        }
    }

    /// Sets a contact's preferred language: one of ``languages()`` the engine translates into
    /// (``chosenLanguage(_:)``), else a ``MessagingError/Code/invalidInput`` a rep can act on.
    /// - Parameters:
    ///   - language: a tag such as `es` or `zh-Hant`, or a name such as `Spanish (Mexico)`.
    ///   - contactID: the contact; a rep only one they text from one of their numbers.
    ///   - identity: who sets it, recorded as its source.
    public func setLanguage(_ language: String, of contactID: UUID, by identity: Identity) async throws(MessagingError) -> Contact {
        let tag = try await chosenLanguage(language)
        let contact = try await access(identity).contact(contactID)
        let store = self.store
        let source = Self.languageSource(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.setPreferredLanguage(contactID: contact.id, language: tag, source: source)
        }
    }

    /// Sets how a contact is addressed: formally (usted, vous, Sie) or informally (tú, tu, du); nil
    /// for the translation's default. Backends that can are told; every reply is checked for it.
    /// - Parameters:
    ///   - formality: the register, or nil.
    ///   - contactID: the contact; a rep only one they text from one of their numbers.
    ///   - identity: who sets it.
    public func setFormality(_ formality: Contact.Formality?, of contactID: UUID, by identity: Identity) async throws(MessagingError) -> Contact {
        let contact = try await access(identity).contact(contactID)
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.setFormality(contactID: contact.id, formality: formality)
        }
    }

    /// Settles a probable opt-out (`Consent/State/unconfirmedOptOut`: the contact's words read as a
    /// request to stop, but were not a keyword): confirmed, the contact is opted out with the words
    /// they used; dismissed (`Consent/State/optOutDismissed`), they may be texted again. A rep who
    /// texts the contact may do it.
    /// - Parameters:
    ///   - contactID: the contact.
    ///   - confirmed: true when the words were a request to stop.
    ///   - identity: who settles it.
    /// - Throws: ``MessagingError/Code/conflict`` when there is no probable opt-out to settle.
    public func reviewOptOut(of contactID: UUID, confirmed: Bool, by identity: Identity) async throws(MessagingError) -> Contact {
        let contact = try await access(identity).contact(contactID)
        let nothing = MessagingError(
            code: .conflict, title: "Nothing to confirm",
            message: "\(contact.name ?? contact.phone.e164) has no message waiting to be confirmed as an opt-out; reload the page.")
        guard let consent = contact.consent, consent.state == .unconfirmedOptOut else { throw nothing }
        // Confirmed: opted out with their words. Dismissed: they may be texted, which is not an
        // opt-in. Either only while it still waits (a STOP meanwhile is never undone).
        let change = ConsentChange(state: confirmed ? .optedOut : .optOutDismissed, keyword: consent.keyword)
        let store = self.store
        do {
            return try await store.setConsent(contactID: contact.id, change, messageID: consent.messageID, onlyFrom: .unconfirmedOptOut)
        } catch {
            if error.code == .conflict { throw nothing }
            throw MessagingError(error)
        }
    }

    /// Records a contact's consent given or withdrawn outside SMS (on the phone, on a form), for
    /// admins and the messaging core; an inbound keyword records it by itself.
    /// - Parameters:
    ///   - change: opted out or in, and the words used.
    ///   - contactID: the contact.
    ///   - identity: who records it: an admin or the core.
    public func recordConsent(_ change: ConsentChange, of contactID: UUID, by identity: Identity) async throws(MessagingError) -> Contact {
        if case .rep = identity {
            throw .forbidden("Only admins record consent", "A contact opts out or back in by texting; an admin records consent given another way.")
        }
        let contact = try await access(identity).contact(contactID)
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.setConsent(contactID: contact.id, change, messageID: nil)
        }
    }

    static func languageSource(_ identity: Identity) -> Contact.LanguageSource {
        if case .admin = identity { return .setByAdmin }
        return .setByRep
    }

    static func language(_ text: String) throws(MessagingError) -> LanguageTag {
        guard let tag = LanguageTag(text), !tag.isUndetermined else {
            throw .invalidInput("Unknown language", "'\(text)' is not a BCP 47 language tag such as es or zh-Hant.")
        }
        return tag
    }

    /// Contacts whose name contains the search (case and accents ignored: "jose" finds "José") or
    /// whose number contains its digits (3 or more: "555 0100", "(410) 555-0100", "+1410555"), by
    /// name; every match, page after page.
    /// - Parameters:
    ///   - query: part of a name or phone number.
    ///   - limit: at most this many.
    ///   - after: the last contact of the previous page; nil for the first.
    ///   - identity: who asks (anyone signed in: contacts are the team's).
    public func searchContacts(
        _ query: String, limit: Int, after: UUID? = nil, by identity: Identity
    ) async throws(MessagingError) -> [Contact] {
        _ = access(identity)
        guard let query = query.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty else {
            throw .invalidInput("Search for what?", "Give part of a name or phone number.")
        }
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            var last: Contact?
            if let after { last = try await store.contact(id: after) }
            return try await store.searchContacts(query, limit: limit, after: last)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
