internal import Foundation
internal import Hummingbird
internal import ParleyLanguage
internal import ParleyMessaging
internal import ParleyThreads

/// Message templates: English text with `{{variables}}`, shared by an admin with every rep or kept
/// by one rep for themselves. A rep sends one with `templateID` and `values` in place of `text`.
/// Who may do what is ``Messaging``'s rule.
struct TemplatesController {
    let services: ParleyServices

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("templates", use: list)
        group.post("templates", use: create)
        group.put("templates/:id", use: update)
        group.delete("templates/:id", use: delete)
        group.post("templates/:id/preview", use: preview)
    }

    struct TemplateRequest: Decodable {
        var name: String
        var text: String
        /// For admins: share it with every rep (the default for admins); reps' templates are their own.
        var shared: Bool?
    }

    /// The templates the caller can use: the shared ones and, for a rep or admin, their own.
    @Sendable func list(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[StoredTemplate]> {
        let identity = try context.requireIdentity()
        return JSONResponse(try await services.requireMessaging().templates(for: identity))
    }

    /// A rep's own template, or an admin's shared one; the messaging core creates none.
    @Sendable func create(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StoredTemplate> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let body = try await JSONBody.decode(TemplateRequest.self, from: request)
        return JSONResponse(
            try await messaging.createTemplate(name: body.name, text: body.text, shared: body.shared, by: identity), status: .created)
    }

    /// Changes a template: a rep only their own, an admin any, the core none.
    @Sendable func update(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StoredTemplate> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "template id")
        let body = try await JSONBody.decode(TemplateRequest.self, from: request)
        return JSONResponse(try await messaging.updateTemplate(id, name: body.name, text: body.text, by: identity))
    }

    struct PreviewRequest: Decodable {
        /// The language to preview it in, e.g. `es`.
        var language: String
        /// A value for each variable.
        var values: [String: String]?
    }

    /// A template filled in with values and translated into a language, before any contact gets it.
    @Sendable func preview(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<OutboundPreview> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "template id")
        let body = try await JSONBody.decode(PreviewRequest.self, from: request)
        return JSONResponse(try await messaging.previewTemplate(id, values: body.values ?? [:], in: body.language, by: identity))
    }

    @Sendable func delete(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "template id")
        try await messaging.deleteTemplate(id, by: identity)
        return Response(status: .noContent)
    }
}
