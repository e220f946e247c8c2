internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyGlossary
internal import ParleyThreads

extension GlossaryController {
    /// What an edit made: the new version, the one before, and the change-log lines.
    struct Edited: Encodable {
        var industry: String
        /// The glossary's version after the edit (unchanged when the edit changed nothing).
        var version: GlossaryVersion
        /// The version before; nil when the edit made the glossary.
        var previousVersion: GlossaryVersion?
        /// What changed, one line per change; empty when nothing did.
        var changes: [String]
        /// The concept created or edited; nil after a delete.
        var concept: Concept?
    }

    static let adminsOnly = Problem(
        .forbidden, "Admins only", detail: "Only admins edit glossaries; reps and the messaging core may read them.")

    /// `POST /v1/glossaries/:industry/concepts`: adds a concept (the glossary is made when the
    /// industry has none yet). 201 with the new version; 409 when the id is taken.
    @Sendable func create(_ request: Request, context: ParleyRequestContext) async throws
        -> EditedResponse<JSONResponse<Edited>>
    {
        let author = try await admin(context)
        let (shelf, industry) = try target(context)
        let input = try await JSONBody.decode(ConceptInput.self, from: request)
        let expected = Self.expectedVersions(request, field: input.baseVersion)
        let (edit, id) = try await createConcept(input, in: industry, on: shelf, by: author, expecting: expected, context: context)
        var headers = Self.eTag(edit.after.version)
        headers[.location] = "/v1/glossaries/\(industry)/concepts/\(id)"
        return EditedResponse(status: .created, headers: headers, response: JSONResponse(Self.edited(edit, concept: id), status: .created))
    }

    /// `PUT /v1/glossaries/:industry/concepts/:id`: replaces a concept with the body.
    @Sendable func replace(_ request: Request, context: ParleyRequestContext) async throws
        -> EditedResponse<JSONResponse<Edited>>
    {
        let author = try await admin(context)
        let (shelf, industry) = try target(context)
        let id = context.parameters.get("id") ?? ""
        let input = try await JSONBody.decode(ConceptInput.self, from: request)
        let expected = Self.expectedVersions(request, field: input.baseVersion)
        let edit = try await replaceConcept(id, with: input, in: industry, on: shelf, by: author, expecting: expected, context: context)
        return EditedResponse(headers: Self.eTag(edit.after.version), response: JSONResponse(Self.edited(edit, concept: id)))
    }

    /// `DELETE /v1/glossaries/:industry/concepts/:id`: removes a concept; the base version may be
    /// given in `If-Match` or `?baseVersion=`.
    @Sendable func delete(_ request: Request, context: ParleyRequestContext) async throws
        -> EditedResponse<JSONResponse<Edited>>
    {
        let author = try await admin(context)
        let (shelf, industry) = try target(context)
        let id = context.parameters.get("id") ?? ""
        let expected = Self.expectedVersions(request, field: request.uri.queryParameters["baseVersion"].map(String.init))
        let edit = try await deleteConcept(id, in: industry, on: shelf, by: author, expecting: expected, context: context)
        return EditedResponse(headers: Self.eTag(edit.after.version), response: JSONResponse(Self.edited(edit, concept: nil)))
    }

    // MARK: - The one way to edit a concept (the API above and the web panel's forms)

    /// Adds a concept to an industry's glossary (made when the industry has none yet), its id made
    /// from its English (or first) preferred term when the input has none.
    /// - Parameters:
    ///   - input: the concept.
    ///   - industry: the glossary's industry, already checked to be a glossary name.
    ///   - shelf: the service's glossaries.
    ///   - author: the admin's email, for the change logs.
    ///   - expected: the versions the edit starts from (none: whatever is current).
    ///   - context: the request's context, for its logger.
    /// - Returns: what the edit did and the new concept's id.
    /// - Throws: a 409 problem when the glossary moved on (``isStale(_:)``) or the id is taken; 422
    ///   when the result is invalid; 400 for an unknown language.
    func createConcept(
        _ input: ConceptInput, in industry: String, on shelf: GlossaryShelf, by author: String, expecting expected: [String],
        context: ParleyRequestContext
    ) async throws -> (edit: GlossaryShelf.Edit, id: String) {
        var id = input.id ?? ""
        let edit = try await perform(on: shelf, industry, by: author, action: "create concept", context: context) { current in
            try Self.check(expected, against: current)
            if input.id == nil { id = current.newConceptID(for: input.termForID ?? "concept") }
            guard current[conceptID: id] == nil else {
                throw Problem(
                    .conflict, "Concept exists",
                    detail: "'\(id)' is already a concept of \(industry): edit it (PUT /v1/glossaries/\(industry)/concepts/\(id)) "
                        + "or give the new concept another id.")
            }
            var next = current
            next.concepts.append(try input.concept(id: id))
            return next
        }
        return (edit, id)
    }

    /// Replaces a concept of an industry's glossary; its id cannot change.
    /// - Parameters:
    ///   - id: the concept's id.
    ///   - input: the concept's new content.
    ///   - industry: the glossary's industry, already checked to be a glossary name.
    ///   - shelf: the service's glossaries.
    ///   - author: the admin's email, for the change logs.
    ///   - expected: the versions the edit starts from (none: whatever is current).
    ///   - context: the request's context, for its logger.
    /// - Throws: a 409 problem when the glossary moved on (``isStale(_:)``); 404 when there is no
    ///   such concept; 422 when the result is invalid; 400 for an unknown language or another id.
    func replaceConcept(
        _ id: String, with input: ConceptInput, in industry: String, on shelf: GlossaryShelf, by author: String,
        expecting expected: [String], context: ParleyRequestContext
    ) async throws -> GlossaryShelf.Edit {
        if let bodyID = input.id, bodyID != id {
            throw Problem(.badRequest, "Id mismatch", detail: "The body's id '\(bodyID)' is not the path's '\(id)'; concept ids cannot be changed.")
        }
        return try await perform(on: shelf, industry, by: author, action: "edit concept", context: context) { current in
            try Self.check(expected, against: current)
            guard let index = current.concepts.firstIndex(where: { $0.id == id }) else { throw Self.noConcept(id, industry) }
            var next = current
            next.concepts[index] = try input.concept(id: id)
            return next
        }
    }

    /// Removes a concept from an industry's glossary.
    /// - Parameters:
    ///   - id: the concept's id.
    ///   - industry: the glossary's industry, already checked to be a glossary name.
    ///   - shelf: the service's glossaries.
    ///   - author: the admin's email, for the change logs.
    ///   - expected: the versions the edit starts from (none: whatever is current).
    ///   - context: the request's context, for its logger.
    /// - Throws: a 409 problem when the glossary moved on (``isStale(_:)``); 404 when there is no
    ///   such concept.
    func deleteConcept(
        _ id: String, in industry: String, on shelf: GlossaryShelf, by author: String, expecting expected: [String],
        context: ParleyRequestContext
    ) async throws -> GlossaryShelf.Edit {
        try await perform(on: shelf, industry, by: author, action: "delete concept", context: context) { current in
            try Self.check(expected, against: current)
            guard current[conceptID: id] != nil else { throw Self.noConcept(id, industry) }
            var next = current
            next.concepts.removeAll { $0.id == id }
            return next
        }
    }

    // MARK: - Shared by edits

    /// The admin's email, for the change log; a 403 problem for anyone else.
    func admin(_ context: ParleyRequestContext) async throws -> String {
        guard case .admin(let id) = try context.requireIdentity() else { throw Self.adminsOnly }
        guard let store = services.store else { return id.uuidString }
        return try await store.rep(id: id).email
    }

    /// Runs an edit through the shelf (validate, save, enforce) and records it in the store's
    /// glossary change log. Invalid results are 422 problems listing the validator's issues.
    func perform(
        on shelf: GlossaryShelf, _ industry: String, by author: String, action: String, context: ParleyRequestContext,
        _ change: (Glossary) throws -> Glossary
    ) async throws -> GlossaryShelf.Edit {
        let edit: GlossaryShelf.Edit
        do {
            edit = try await shelf.edit(industry, by: author, action: action, change)
        } catch let error as GlossaryError {
            throw Self.invalid(error)
        }
        if let entry = edit.entry {
            context.logger.info(
                "glossary edited",
                metadata: ["parley.industry": "\(industry)", "parley.glossary.version": "\(entry.to)", "parley.action": "\(action)"])
            await record(entry, industry: industry, context: context)
        }
        return edit
    }

    /// What the store's glossary change log keeps of an entry, as its JSON detail.
    private struct StoredDetail: Encodable {
        var from: GlossaryVersion?
        var to: GlossaryVersion
        var changes: [String]
    }

    /// Appends an entry to the store's glossary change log, when the service has a store. The
    /// glossary is saved already, so a store failure is logged, not answered.
    private func record(_ entry: GlossaryChangeLog.Entry, industry: String, context: ParleyRequestContext) async {
        guard let store = services.store else { return }
        do {
            let detail = String(decoding: try JSON.encoder.encode(StoredDetail(from: entry.from, to: entry.to, changes: entry.changes)), as: UTF8.self)
            _ = try await store.appendGlossaryChange(
                industry: industry, version: entry.to.identifier, author: entry.by, action: entry.action, detail: detail)
        } catch {
            context.logger.error(
                "glossary change not recorded in the store", metadata: ["parley.industry": "\(industry)", "parley.error": "\(error)"])
        }
    }

    /// The versions an edit says it starts from: `If-Match` entity tags and a `baseVersion` field.
    static func expectedVersions(_ request: Request, field: String?) -> [String] {
        var versions: [String] = []
        if let header = request.headers[.ifMatch] {
            for tag in header.split(separator: ",") {
                var value = tag.trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("W/") { value.removeFirst(2) }
                value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if !value.isEmpty, value != "*" { versions.append(value) }
            }
        }
        if let field, !field.isEmpty { versions.append(field) }
        return versions
    }

    /// A 409 problem when the glossary is no longer at the version the edit starts from.
    static func check(_ expected: [String], against current: Glossary) throws {
        guard !expected.isEmpty else { return }
        let version = current.version.identifier
        guard expected.allSatisfy({ $0 == version }) else {
            throw Problem(
                .conflict, staleTitle,
                detail: "The glossary is at version \(version), not \(expected.first { $0 != version } ?? ""): someone else edited it. "
                    + "Reload it, apply your change again and send it with the new version.")
        }
    }

    /// The title of the 409 problem an edit from an old version gets.
    static let staleTitle = "Glossary changed"

    /// Whether a problem says the glossary moved on since the version an edit started from (rather
    /// than another conflict, such as a concept id already taken).
    static func isStale(_ problem: Problem) -> Bool {
        problem.status == .conflict && problem.title == staleTitle
    }

    static func noConcept(_ id: String, _ industry: String) -> Problem {
        Problem(.notFound, "No such concept", detail: "The \(industry) glossary has no concept '\(id)'.")
    }

    static func edited(_ edit: GlossaryShelf.Edit, concept id: String?) -> Edited {
        let version = edit.after.version
        let previous: GlossaryVersion? = if let entry = edit.entry { entry.from } else { version }
        return Edited(
            industry: edit.after.industry, version: version, previousVersion: previous, changes: edit.entry?.changes ?? [],
            concept: id.flatMap { edit.after[conceptID: $0] })
    }
}
