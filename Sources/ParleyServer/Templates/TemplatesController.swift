internal import Foundation
internal import Hummingbird
internal import ParleyThreads
internal import ParleyTranslation

/// Message templates: English text with `{{variables}}`, shared by an admin with every rep or kept
/// by one rep for themselves. A rep sends one with `templateID` and `values` in place of `text`.
struct TemplatesController {
    let services: ParleyServices

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("templates", use: list)
        group.post("templates", use: create)
        group.put("templates/:id", use: update)
        group.delete("templates/:id", use: delete)
    }

    struct TemplateRequest: Decodable {
        var name: String
        var text: String
        /// For admins: share it with every rep (the default for admins); reps' templates are their own.
        var shared: Bool?
    }

    /// The templates the caller can use: the shared ones and, for a rep or admin, their own.
    @Sendable func list(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[StoredTemplate]> {
        let store = try ThreadAccess.store(services)
        return JSONResponse(try await store.templates(repID: try context.requireIdentity().personID))
    }

    @Sendable func create(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StoredTemplate> {
        let store = try ThreadAccess.store(services)
        let identity = try context.requireIdentity()
        let body = try await JSONBody.decode(TemplateRequest.self, from: request)
        try Self.check(body)
        let owner: UUID?
        switch identity {
        case .core: owner = nil
        case .admin(let id): owner = body.shared == false ? id : nil
        case .rep(let id):
            if body.shared == true {
                throw Problem(.forbidden, "Only admins share templates", detail: "Leave out shared to keep the template as your own.")
            }
            owner = id
        }
        return JSONResponse(try await store.createTemplate(repID: owner, name: body.name, text: body.text), status: .created)
    }

    @Sendable func update(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StoredTemplate> {
        let store = try ThreadAccess.store(services)
        let template = try await Self.editable(context, store: store)
        let body = try await JSONBody.decode(TemplateRequest.self, from: request)
        try Self.check(body)
        return JSONResponse(try await store.updateTemplate(id: template.id, name: body.name, text: body.text))
    }

    @Sendable func delete(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let store = try ThreadAccess.store(services)
        let template = try await Self.editable(context, store: store)
        try await store.deleteTemplate(id: template.id)
        return Response(status: .noContent)
    }

    /// The template named in the path, if the caller may change it: a rep only their own, an admin
    /// or the core any.
    static func editable(_ context: ParleyRequestContext, store: any ThreadStore) async throws -> StoredTemplate {
        let identity = try context.requireIdentity()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "template id")
        let template = try await store.template(id: id)
        if case .rep(let rep) = identity, template.repID != rep {
            throw Problem(.forbidden, "Not your template", detail: "Reps change only their own templates; shared ones are an admin's.")
        }
        return template
    }

    /// The English a template gives with these values; a 422 problem naming what is missing.
    static func render(_ template: StoredTemplate, values: [String: String]) throws -> String {
        do {
            return try MessageTemplate(id: template.id.uuidString, text: template.text).render(values)
        } catch {
            throw Problem(.unprocessableContent, "The template needs values", detail: "\(error.description) Give them in values.")
        }
    }

    static func check(_ body: TemplateRequest) throws {
        guard !body.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            !body.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw Problem(.badRequest, "Empty template", detail: "A template needs a name and English text, with {{variables}} where values go.")
        }
        guard body.text.utf8.count <= 1_600 else {
            throw Problem(.badRequest, "Template too long", detail: "Keep a template under 1,600 bytes (ten SMS segments).")
        }
    }
}
