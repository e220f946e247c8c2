public import Foundation
internal import ParleyLanguage
public import ParleyThreads
internal import ParleyTranslation

extension Messaging {
    /// The templates a caller can use: the shared ones and, for a rep or admin, their own.
    /// - Parameters:
    ///   - identity: who asks.
    public func templates(for identity: Identity) async throws(MessagingError) -> [StoredTemplate] {
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.templates(repID: identity.personID) }
    }

    /// Creates a template: a rep's own, or (admins only) a shared one.
    /// - Parameters:
    ///   - name: a short name.
    ///   - text: English with `{{variables}}`.
    ///   - shared: for admins, whether every rep gets it (the default for admins); reps' templates are their own.
    ///   - identity: who creates it. The messaging core may not: shared templates are the admins'.
    public func createTemplate(name: String, text: String, shared: Bool?, by identity: Identity) async throws(MessagingError) -> StoredTemplate {
        try Self.checkTemplate(name: name, text: text)
        let owner: UUID?
        switch identity {
        case .core: throw Self.adminsOnlyTemplates
        case .admin(let id): owner = shared == false ? id : nil
        case .rep(let id):
            if shared == true { throw .forbidden("Only admins share templates", "Leave out shared to keep the template as your own.") }
            owner = id
        }
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.createTemplate(repID: owner, name: name, text: text) }
    }

    /// Changes a template's name and text.
    public func updateTemplate(_ id: UUID, name: String, text: String, by identity: Identity) async throws(MessagingError) -> StoredTemplate {
        let template = try await editableTemplate(id, by: identity)
        try Self.checkTemplate(name: name, text: text)
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.updateTemplate(id: template.id, name: name, text: text) }
    }

    /// Deletes a template.
    public func deleteTemplate(_ id: UUID, by identity: Identity) async throws(MessagingError) {
        let template = try await editableTemplate(id, by: identity)
        let store = self.store
        try await MessagingError.store { () async throws(ThreadStoreError) in try await store.deleteTemplate(id: template.id) }
    }

    /// What a template says in a language with these values, before any contact gets it: the
    /// English filled in and translated as a reply to a contact who speaks `language` would be,
    /// with its back-translation, encoding and doubts. Nothing is stored and no token is given.
    /// - Parameters:
    ///   - id: the template, one the caller may send.
    ///   - values: a value for each variable.
    ///   - language: the language to preview it in, by tag or name (`es-MX`, "Spanish"), one the
    ///     engine translates into.
    ///   - identity: who asks.
    /// - Throws: ``MessagingError/Code/invalidInput`` for a language contacts cannot have;
    ///   ``MessagingError/Code/notTranslated`` naming the variables without a value;
    ///   ``MessagingError/Code/translationUnavailable`` when the translation service failed.
    public func previewTemplate(
        _ id: UUID, values: [String: String], in language: String, by identity: Identity
    ) async throws(MessagingError) -> OutboundPreview {
        let template = try await usableTemplate(id, by: identity)
        // The languages a contact may have, by tag or name: the one rule of chosenLanguage.
        let language = try await chosenLanguage(language)
        let english = try Self.render(template, values: values)
        let outbound = await pipeline.outbound(english, context: ConversationContext(preferredLanguage: language), logger: logger)
        if let failure = outbound.result.failure, Self.isServiceFailure(failure) { throw .translationUnavailable(failure) }
        return OutboundPreview(outbound)
    }

    /// Whether a caller may change or delete a template: a rep only their own; an admin any; the
    /// core none.
    /// - Parameters:
    ///   - template: the template.
    ///   - identity: who asks.
    public static func mayEdit(_ template: StoredTemplate, by identity: Identity) -> Bool {
        switch identity {
        case .core: false
        case .admin: true
        case .rep(let rep): template.repID == rep
        }
    }

    /// A template the caller may change: a rep only their own; an admin any; the core none.
    func editableTemplate(_ id: UUID, by identity: Identity) async throws(MessagingError) -> StoredTemplate {
        let template = try await self.template(id)
        if case .core = identity { throw Self.adminsOnlyTemplates }
        guard Self.mayEdit(template, by: identity) else {
            throw .forbidden("Not your template", "Reps change only their own templates; shared ones are an admin's.")
        }
        return template
    }

    /// A template the caller can see (a shared one or their own; admins and the core any), to show
    /// in a form.
    /// - Parameters:
    ///   - id: the template.
    ///   - identity: who asks.
    public func visibleTemplate(_ id: UUID, by identity: Identity) async throws(MessagingError) -> StoredTemplate {
        try await usableTemplate(id, by: identity)
    }

    /// A template the caller may send: a shared one, or their own; admins and the core any.
    func usableTemplate(_ id: UUID, by identity: Identity) async throws(MessagingError) -> StoredTemplate {
        let template = try await self.template(id)
        if case .rep(let rep) = identity, let owner = template.repID, owner != rep { throw Self.noTemplate }
        return template
    }

    /// The template with an identifier; ``noTemplate`` when there is none.
    func template(_ id: UUID) async throws(MessagingError) -> StoredTemplate {
        do {
            return try await store.template(id: id)
        } catch {
            if error.code == .notFound { throw Self.noTemplate }
            throw MessagingError(error)
        }
    }

    /// The English a template gives with these values.
    static func render(_ template: StoredTemplate, values: [String: String]) throws(MessagingError) -> String {
        do {
            return try MessageTemplate(id: template.id.uuidString, text: template.text).render(values)
        } catch {
            let missing = error.missingVariables.map { "\(TemplateVariable(name: $0).label) ({{\($0)}})" }
            let what = missing.isEmpty ? (error.reason ?? "it cannot be filled in") : "it needs a value for " + missing.joined(separator: ", ")
            throw MessagingError(
                code: .notTranslated, title: "The template needs values",
                message: "“\(template.name)”: \(what). Nothing was sent; fill in every value (values, in the API), then preview again.")
        }
    }

    /// The one rule for a template's name and text, for the API and the panel: a name, English
    /// text, at most ``maximumTemplateBytes``, and every `{{` closed by `}}` around a variable's name.
    /// - Parameters:
    ///   - name: the template's name.
    ///   - text: its English with `{{variables}}`.
    public static func checkTemplate(name: String, text: String) throws(MessagingError) {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidInput("The template needs a name", "Give the template a short name reps will recognise, such as On the way.")
        }
        guard name.count <= maximumTemplateName else {
            throw .invalidInput("Template name too long", "Keep a template's name under \(maximumTemplateName) characters; its text says the rest.")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidInput("The template needs text", "Write the message in English, with {{variables}} where values go, such as Hi {{first_name}}.")
        }
        guard text.utf8.count <= maximumTemplateBytes else {
            throw .invalidInput(
                "Template too long",
                "This text is \(text.utf8.count) bytes; keep a template under 1,600 bytes (ten SMS segments) by shortening it.")
        }
        if let problem = TemplateVariable.problem(in: text) { throw problem }
    }

    /// The longest template text, in UTF-8 bytes: ten SMS segments.
    public static let maximumTemplateBytes = 1_600
    /// The longest template name, in characters.
    public static let maximumTemplateName = 80

    static let noTemplate = MessagingError.notFound("No such template", "There is no template with this id among yours and the shared ones.")
    static let adminsOnlyTemplates = MessagingError.forbidden(
        "Only admins manage shared templates", "The messaging core sends templates but does not create or change them; an admin does, in the panel or with an admin key.")
}
