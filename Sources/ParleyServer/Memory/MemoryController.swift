internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

/// The translation memory's JSON API: a rep flags a reply (`POST /v1/messages/:id/flag`); admins
/// read the queue and the history, add, approve, edit or reject entries, and import or export TMX
/// (`MemoryController+Exchange.swift`). Every rule is ``Messaging``'s; this parses and maps.
struct MemoryController {
    let services: ParleyServices

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("messages/:id/flag", use: flag)
        group.get("memory", use: list)
        group.post("memory", use: add)
        group.get("memory/history", use: history)
        group.get("memory/:id", use: show)
        group.post("memory/:id/review", use: review)
        addExchangeRoutes(to: group)
    }

    struct FlagRequest: Decodable {
        /// The wording the rep proposes, in the contact's language; absent to ask an admin.
        var proposal: String?
        /// What is wrong.
        var note: String?
    }

    /// A rep flags a reply as badly translated, proposing wording or asking for a review: 201 with
    /// the entries proposed.
    @Sendable func flag(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[StoredMemoryEntry]> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "message id")
        let body = try await JSONBody.decode(FlagRequest.self, from: request)
        let entries = try await messaging.flagTranslation(of: id, proposal: body.proposal, note: body.note, by: identity)
        return JSONResponse(entries, status: .created)
    }

    /// `GET /v1/memory?status=proposed&limit=`: the industry's entries, most recently changed first.
    @Sendable func list(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[StoredMemoryEntry]> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let query = request.uri.queryParameters
        var status: StoredMemoryEntry.Status?
        if let asked = query["status"], !asked.isEmpty {
            guard let known = StoredMemoryEntry.Status(rawValue: String(asked)) else {
                throw Problem(
                    .badRequest, "Unknown status",
                    detail: "'\(asked)' is not a status; use \(StoredMemoryEntry.Status.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            status = known
        }
        let limit = try ConversationsController.integer(request, "limit", default: 200, in: 1...1_000)
        return JSONResponse(try await messaging.memoryEntries(status: status, limit: limit, by: identity))
    }

    struct EntryWithHistory: Encodable {
        var entry: StoredMemoryEntry
        var history: [MemoryHistoryEntry]
    }

    /// `GET /v1/memory/:id`: an entry and its history.
    @Sendable func show(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<EntryWithHistory> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "entry id")
        let found = try await messaging.memoryEntry(id, by: identity)
        return JSONResponse(EntryWithHistory(entry: found.entry, history: found.history))
    }

    /// `GET /v1/memory/history?limit=`: who proposed, approved, edited or rejected what, newest first.
    @Sendable func history(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[MemoryHistoryEntry]> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let limit = try ConversationsController.integer(request, "limit", default: 200, in: 1...1_000)
        return JSONResponse(try await messaging.memoryHistory(limit: limit, by: identity))
    }

    struct AddRequest: Decodable {
        var source: String
        var target: String
        var language: String
        var note: String?
    }

    /// `POST /v1/memory`: an admin adds an approved entry; 201.
    @Sendable func add(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StoredMemoryEntry> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let body = try await JSONBody.decode(AddRequest.self, from: request)
        let entry = try await messaging.addMemoryEntry(
            source: body.source, target: body.target, language: body.language, note: body.note, by: identity)
        return JSONResponse(entry, status: .created)
    }

    struct ReviewRequest: Decodable {
        /// `approve`, `reject` or `save`.
        var decision: MemoryDecision
        /// The wording; absent keeps the entry's.
        var target: String?
        var note: String?
    }

    /// `POST /v1/memory/:id/review`: approve, reject or save an entry; 409 when someone else
    /// reviewed it meanwhile.
    @Sendable func review(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<StoredMemoryEntry> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "entry id")
        let body = try await JSONBody.decode(ReviewRequest.self, from: request)
        return JSONResponse(try await messaging.reviewMemoryEntry(
            id, body.decision, target: body.target, note: body.note, by: identity))
    }
}
