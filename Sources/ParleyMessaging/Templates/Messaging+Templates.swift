public import Foundation
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

    /// A template the caller may change: a rep only their own; an admin any; the core none.
    func editableTemplate(_ id: UUID, by identity: Identity) async throws(MessagingError) -> StoredTemplate {
        let template = try await self.template(id)
        switch identity {
        case .core: throw Self.adminsOnlyTemplates
        case .admin: return template
        case .rep(let rep):
            guard template.repID == rep else {
                throw .forbidden("Not your template", "Reps change only their own templates; shared ones are an admin's.")
            }
            return template
        }
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
            throw MessagingError(code: .notTranslated, title: "The template needs values", message: "\(error.description) Give them in values.")
        }
    }

    static func checkTemplate(name: String, text: String) throws(MessagingError) {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidInput("Empty template", "A template needs a name and English text, with {{variables}} where values go.")
        }
        guard text.utf8.count <= 1_600 else {
            throw .invalidInput("Template too long", "Keep a template under 1,600 bytes (ten SMS segments).")
        }
    }

    static let noTemplate = MessagingError.notFound("No such template", "There is no template with this id among yours and the shared ones.")
    static let adminsOnlyTemplates = MessagingError.forbidden(
        "Only admins manage shared templates", "The messaging core sends templates but does not create or change them; an admin does, in the panel or with an admin key.")
}
