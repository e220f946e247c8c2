internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import ParleyLanguage
internal import ParleyTranslation

/// `POST /v1/preview`: what the rep's English would become for a contact, before it is sent —
/// the text, its back-translation, its SMS encoding and segments, and the checks' warnings.
struct PreviewController {
    let services: ParleyServices

    struct PreviewRequest: Decodable {
        /// The rep's English.
        var text: String
        /// The contact's language, e.g. `es`.
        var language: String
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("preview") { request, context -> JSONResponse<OutboundPreview> in
            // Any caller with a key; without one, anybody could spend the backend's quota.
            _ = try context.requireIdentity()
            let body = try await JSONBody.decode(PreviewRequest.self, from: request)
            guard let language = LanguageTag(body.language), !language.isUndetermined else {
                throw Problem(.badRequest, "Unknown language", detail: "'\(body.language)' is not a BCP 47 language tag such as es or zh-Hant.")
            }
            guard !body.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem(.badRequest, "Empty message", detail: "Write the message in English before previewing it.")
            }
            let outbound = await services.currentPipeline.outbound(body.text, context: ConversationContext(preferredLanguage: language))
            return JSONResponse(OutboundPreview(outbound))
        }
    }
}
