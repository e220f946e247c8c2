internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyGlossary
internal import ParleyThreads
internal import ParleyTranslation

/// `/v1/glossaries`: the industry glossaries. Every signed-in caller may read them; only admins
/// edit them (concepts one by one, or whole files imported), and every edit is validated, saved
/// as a new version with an entry in the glossary's change log (and the store's), and enforced by
/// the service's translations at once.
///
/// An edit may name the version it starts from, in `If-Match` or a `baseVersion` field (query
/// parameter for `DELETE` and imports); when the glossary has moved on, it is refused with 409 so
/// two admins do not silently overwrite each other.
struct GlossaryController {
    let services: ParleyServices

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("glossaries", use: list)
        group.get("glossaries/:industry", use: show)
        group.post("glossaries/:industry/concepts", use: create)
        group.put("glossaries/:industry/concepts/:id", use: replace)
        group.delete("glossaries/:industry/concepts/:id", use: delete)
        group.post("glossaries/:industry/import", use: importFile)
        group.get("glossaries/:industry/export", use: export)
        group.get("glossaries/:industry/changes", use: changes)
    }

    // MARK: - Reading

    struct Summary: Encodable {
        var industry: String
        /// Nil when the file cannot be read (see `problem`).
        var version: GlossaryVersion?
        var concepts: Int
        /// Whether the service's translations enforce this glossary.
        var enforced: Bool
        /// Why the file cannot be read, if it cannot.
        var problem: String?
    }

    struct Listing: Encodable {
        var glossaries: [Summary]
        /// The industry the service translates for; nil for the do-not-translate list alone.
        var translating: String?
    }

    @Sendable func list(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<Listing> {
        _ = try context.requireIdentity()
        let shelf = try shelf()
        return JSONResponse(Listing(glossaries: Self.summaries(of: shelf), translating: shelf.industry))
    }

    /// Every glossary of the folder with its version, size and whether it is enforced, or why it
    /// cannot be read (for the API's list and the web panel's).
    static func summaries(of shelf: GlossaryShelf) -> [Summary] {
        let enforced = shelf.current?.versions ?? [:]
        let industries = (try? shelf.library.industries()) ?? []
        return industries.map { industry in
            do throws(GlossaryError) {
                let glossary = try shelf.library.load(industry)
                return Summary(
                    industry: industry, version: glossary.version, concepts: glossary.concepts.count,
                    enforced: enforced[industry] != nil)
            } catch {
                return Summary(industry: industry, version: nil, concepts: 0, enforced: enforced[industry] != nil, problem: "\(error)")
            }
        }
    }

    struct Document: Encodable {
        var industry: String
        var version: GlossaryVersion
        var concepts: [Concept]
    }

    @Sendable func show(_ request: Request, context: ParleyRequestContext) async throws -> EditedResponse<JSONResponse<Document>> {
        _ = try context.requireIdentity()
        let (shelf, industry) = try target(context)
        let glossary = try Self.existing(industry, in: shelf)
        let version = glossary.version
        return EditedResponse(
            headers: Self.eTag(version),
            response: JSONResponse(Document(industry: industry, version: version, concepts: glossary.concepts)))
    }

    struct ChangeLog: Encodable {
        var industry: String
        /// Newest first.
        var changes: [GlossaryChangeLog.Entry]
    }

    /// The glossary's change log, newest first (`?limit=N`, 50 by default, at most 1000).
    @Sendable func changes(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<ChangeLog> {
        _ = try context.requireIdentity()
        let (shelf, industry) = try target(context)
        let log = shelf.library.changeLog(for: industry)
        guard FileManager.default.fileExists(atPath: shelf.library.file(for: industry).path)
            || FileManager.default.fileExists(atPath: log.url.path)
        else { throw Self.unknown(industry, in: shelf) }
        let limit = try Self.limit(request.uri.queryParameters["limit"].map(String.init))
        let entries: [GlossaryChangeLog.Entry]
        do {
            entries = try log.entries()
        } catch {
            context.logger.error("unreadable glossary change log", metadata: ["parley.industry": "\(industry)", "parley.error": "\(error)"])
            throw Problem(.internalServerError, "Unreadable change log", detail: "The change log of '\(industry)' cannot be read; check \(log.url.lastPathComponent).")
        }
        return JSONResponse(ChangeLog(industry: industry, changes: Array(entries.reversed().prefix(limit))))
    }

    // MARK: - Shared

    /// The service's glossaries, or a 503 problem when it has none.
    func shelf() throws -> GlossaryShelf {
        guard let shelf = services.glossaries else {
            throw Problem(.serviceUnavailable, "No glossaries", detail: "This service runs without a glossary folder; start it with one to read and edit glossaries.")
        }
        return shelf
    }

    /// The shelf and the industry the path names, checked to be a glossary name.
    func target(_ context: ParleyRequestContext) throws -> (GlossaryShelf, String) {
        let shelf = try shelf()
        let industry = context.parameters.get("industry") ?? ""
        guard GlossaryValidator.isValidIdentifier(industry) else {
            throw Problem(.badRequest, "Invalid industry", detail: "An industry name has only lowercase letters, digits and inner hyphens, e.g. hvac or pest-control.")
        }
        return (shelf, industry)
    }

    /// An industry's glossary, or a 404 problem when it has none.
    static func existing(_ industry: String, in shelf: GlossaryShelf) throws -> Glossary {
        guard FileManager.default.fileExists(atPath: shelf.library.file(for: industry).path) else {
            throw unknown(industry, in: shelf)
        }
        do throws(GlossaryError) {
            return try shelf.library.load(industry)
        } catch {
            throw invalid(error, title: "Invalid glossary file")
        }
    }

    static func unknown(_ industry: String, in shelf: GlossaryShelf) -> Problem {
        let known = ((try? shelf.library.industries()) ?? []).joined(separator: ", ")
        return Problem(.notFound, "No such glossary", detail: "There is no glossary for '\(industry)'; known: \(known.isEmpty ? "none" : known).")
    }

    /// A 422 problem listing a glossary error's issues.
    static func invalid(_ error: GlossaryError, title: String = "Invalid glossary") -> Problem {
        let issues = error.issues.map { Problem.Issue(line: $0.line, concept: $0.concept, term: $0.term, message: $0.message) }
        let shown = error.issues.prefix(3).map(\.description).joined(separator: "; ")
        let more = error.issues.count > 3 ? " (and \(error.issues.count - 3) more in issues)" : ""
        return Problem(.unprocessableContent, title, detail: "Nothing was saved: \(shown)\(more).", issues: issues)
    }

    static func eTag(_ version: GlossaryVersion) -> HTTPFields {
        var headers = HTTPFields()
        headers[.eTag] = "\"\(version.identifier)\""
        return headers
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text else { return 50 }
        guard let value = Int(text), (1...1_000).contains(value) else {
            throw Problem(.badRequest, "Invalid limit", detail: "limit must be a whole number from 1 to 1000.")
        }
        return value
    }
}
