internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import ParleyGlossary
internal import ParleyLanguage
internal import ParleyTranslation

/// The admins' glossary editor in the web panel: the glossaries by industry, one glossary's
/// concepts with search, export links and an import form, a concept's edit form (in
/// `GlossaryPagesController+Concepts.swift`), and the change log. Admins only: a rep gets a 403
/// page, and a browser without a session is sent to sign in.
///
/// Every edit goes through ``GlossaryController``'s edit functions (the same path as the JSON
/// API), so it is validated, saved as a new version, logged with the admin's email and enforced
/// at once. Forms post with the session's CSRF token (checked by ``WebSessionMiddleware``) and
/// the glossary version they were read at, so a stale form is refused instead of overwriting
/// another admin's edit. Imports are posted by `admin.js` to the JSON import route.
struct GlossaryPagesController {
    let services: ParleyServices

    /// The JSON API's controller, whose edit functions the forms call.
    var glossaries: GlossaryController { GlossaryController(services: services) }

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("admin/glossaries", use: listPage)
        router.get("admin/glossaries/:industry", use: conceptsPage)
        router.get("admin/glossaries/:industry/history", use: historyPage)
        router.get("admin/glossaries/:industry/concepts/new", use: newConceptPage)
        router.post("admin/glossaries/:industry/concepts", use: createConcept)
        router.get("admin/glossaries/:industry/concepts/:id", use: editConceptPage)
        router.post("admin/glossaries/:industry/concepts/:id", use: saveConcept)
        router.get("admin/glossaries/:industry/concepts/:id/delete", use: deleteConceptPage)
        router.post("admin/glossaries/:industry/concepts/:id/delete", use: deleteConcept)
    }

    static let adminsOnly = Problem(
        .forbidden, "Admins only",
        detail: "The glossary editor is for admins. Reps read the glossaries through their translations; ask an admin to change a term.")

    // MARK: - Values the templates show

    struct GlossaryRow {
        var industry: String
        var version: String?
        var concepts: Int
        var enforced: Bool
        /// Why the file cannot be read, if it cannot.
        var problem: String?
    }

    struct ListPage {
        var chrome: WebController.Chrome
        var rows: [GlossaryRow]
        var isEmpty: Bool
        /// The industry the service translates for; nil for the do-not-translate list alone.
        var translating: String?
    }

    struct TermView {
        var text: String
        var status: String
        var preferred: Bool
        var forbidden: Bool
        /// How it is used when not the plain preferred term: "admitted, variant".
        var label: String?
    }

    struct LanguageTerms {
        var code: String
        var name: String
        var terms: [TermView]
    }

    struct ConceptView {
        var id: String
        var url: String
        var definition: String?
        var partOfSpeech: String?
        var doNotTranslate: Bool
        var languages: [LanguageTerms]
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    /// A message at the top of a page: what a save did, or why it was refused.
    struct Notice {
        var title: String
        var lines: [String]
        var hasLines: Bool
        /// How many lines are left out; nil when none are.
        var more: Int?

        init(title: String, lines: [String], more: Int) {
            self.title = title
            self.lines = lines
            hasLines = !lines.isEmpty
            self.more = more > 0 ? more : nil
        }
    }

    struct ConceptsPage {
        var chrome: WebController.Chrome
        var industry: String
        var version: String
        var enforced: Bool
        var total: Int
        var query: String
        var hasQuery: Bool
        /// Languages to show: all, or English and one other.
        var languageOptions: [Option]
        var concepts: [ConceptView]
        var matched: Int
        var isEmpty: Bool
        /// More concepts matched than are shown.
        var truncated: Bool
        var notice: Notice?
        var exports: [Option]
    }

    struct HistoryEntry {
        var time: String
        var timeISO: String
        var by: String
        var action: String
        var from: String?
        var to: String
        var changes: [String]
        var hasChanges: Bool
        /// The changes past the first few, folded away.
        var moreChanges: [String]
        var hasMore: Bool
        var moreCount: Int
    }

    struct HistoryPage {
        var chrome: WebController.Chrome
        var industry: String
        var entries: [HistoryEntry]
        var isEmpty: Bool
        var total: Int
        var truncated: Bool
    }

    // MARK: - Pages

    /// `GET /admin/glossaries`: every industry's glossary with its version, size and whether this
    /// service enforces it, or why it cannot be read.
    @Sendable func listPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session in
            let shelf = try glossaries.shelf()
            let rows = GlossaryController.summaries(of: shelf).map { summary in
                GlossaryRow(
                    industry: summary.industry, version: summary.version?.identifier, concepts: summary.concepts,
                    enforced: summary.enforced, problem: summary.problem)
            }
            return try WebTemplates.page(
                "glossaries",
                ListPage(chrome: Self.chrome("Glossaries", session), rows: rows, isEmpty: rows.isEmpty, translating: shelf.industry))
        }
    }

    /// `GET /admin/glossaries/:industry?q=&lang=`: the glossary's concepts (those whose id, note or
    /// any term contains `q`, ignoring case and accents), each with its terms per language (all, or
    /// English and `lang`); export links, the import form, and what the last save did (`?saved=VERSION`).
    @Sendable func conceptsPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            let glossary = try GlossaryController.existing(industry, in: shelf)
            let version = glossary.version
            let query = (request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let language = request.formQuery["lang"] ?? ""
            let shownLanguages = glossary.languages.filter { language.isEmpty || $0.identifier == "en" || $0.identifier == language }
            let folded = ICU.accentFolded(query)
            let matching = query.isEmpty ? glossary.concepts : glossary.concepts.filter { Self.concept($0, contains: folded) }
            let limit = 200
            let concepts = matching.prefix(limit).map { concept in
                ConceptView(
                    id: concept.id, url: Self.conceptURL(industry, concept.id),
                    definition: concept.definition.flatMap { $0.isEmpty ? nil : $0 }, partOfSpeech: concept.partOfSpeech?.rawValue,
                    doNotTranslate: concept.doNotTranslate,
                    languages: shownLanguages.compactMap { tag in
                        guard let terms = concept.terms[tag], !terms.isEmpty else { return nil }
                        return LanguageTerms(code: tag.identifier, name: Self.languageName(tag.identifier), terms: terms.map(Self.view))
                    })
            }
            var languageOptions = [Option(value: "", label: "All languages", selected: language.isEmpty)]
            languageOptions += glossary.languages.filter { $0.identifier != "en" }.map { tag in
                Option(
                    value: tag.identifier, label: "English and \(Self.languageName(tag.identifier))", selected: tag.identifier == language)
            }
            let exports = ["tbx", "csv", "tsv"].map {
                Option(value: "/v1/glossaries/\(industry)/export?format=\($0)", label: $0.uppercased(), selected: false)
            }
            let page = ConceptsPage(
                chrome: Self.chrome(industry, session), industry: industry, version: version.identifier,
                enforced: shelf.current?.versions[industry] != nil, total: glossary.concepts.count, query: query,
                hasQuery: !query.isEmpty, languageOptions: languageOptions, concepts: Array(concepts), matched: matching.count,
                isEmpty: matching.isEmpty, truncated: matching.count > limit,
                notice: savedNotice(request, industry: industry, shelf: shelf), exports: exports)
            return try WebTemplates.page("glossary", page)
        }
    }

    /// `GET /admin/glossaries/:industry/history`: the glossary's change log, newest first: who,
    /// when, from which version to which, and what changed.
    @Sendable func historyPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            _ = try GlossaryController.existing(industry, in: shelf)
            let all = try Self.changeLog(industry, in: shelf)
            let limit = 200
            let entries = all.reversed().prefix(limit).map { entry in
                let time = WebController.time(entry.at)
                let shown = 12
                return HistoryEntry(
                    time: time.shown, timeISO: time.iso, by: entry.by, action: entry.action, from: entry.from?.identifier,
                    to: entry.to.identifier, changes: Array(entry.changes.prefix(shown)), hasChanges: !entry.changes.isEmpty,
                    moreChanges: Array(entry.changes.dropFirst(shown)), hasMore: entry.changes.count > shown,
                    moreCount: max(0, entry.changes.count - shown))
            }
            let page = HistoryPage(
                chrome: Self.chrome("History of \(industry)", session), industry: industry, entries: Array(entries), isEmpty: all.isEmpty,
                total: all.count, truncated: all.count > limit)
            return try WebTemplates.page("glossary-history", page)
        }
    }

    // MARK: - Shared

    func asAdmin(
        _ context: ParleyRequestContext, _ page: (WebSessions.Session) async throws -> Response
    ) async throws -> Response {
        try await Self.asAdmin(context, forbidden: Self.adminsOnly, page)
    }

    /// Runs an admin page (the glossaries', the translation memory's) for a signed-in admin:
    /// without a session, a redirect to sign-in; for a rep, the `forbidden` page; a problem or a
    /// messaging error becomes an error page with its status.
    static func asAdmin(
        _ context: ParleyRequestContext, forbidden: Problem, _ page: (WebSessions.Session) async throws -> Response
    ) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        guard case .admin = session.identity else { return try WebController.errorPage(forbidden, session: session) }
        do {
            return try await page(session)
        } catch let problem as Problem {
            return try WebController.errorPage(problem, session: session)
        } catch let error as MessagingError {
            return try WebController.errorPage(Problem(error), session: session)
        }
    }

    /// The chrome of these pages: the shared layout with the editor's stylesheet and script.
    static func chrome(_ title: String, _ session: WebSessions.Session) -> WebController.Chrome {
        var chrome = WebController.Chrome(title: title, session: session)
        chrome.pageCSS = AssetsController.url("admin.css")
        chrome.pageJS = AssetsController.url("admin.js")
        return chrome
    }

    static func conceptURL(_ industry: String, _ id: String) -> String {
        "/admin/glossaries/\(industry)/concepts/\(id)"
    }

    /// The glossary's change log, oldest first; a 500 problem when it cannot be read.
    static func changeLog(_ industry: String, in shelf: GlossaryShelf) throws -> [GlossaryChangeLog.Entry] {
        do {
            return try shelf.library.changeLog(for: industry).entries()
        } catch {
            throw Problem(
                .internalServerError, "Unreadable change log",
                detail: "The change log of '\(industry)' cannot be read; check \(industry).changes.jsonl in the glossary folder.")
        }
    }

    /// What the save a page was redirected from did (`?saved=VERSION`, or `?unchanged=1`), from the
    /// change log; nil when the page was not reached from a save.
    func savedNotice(_ request: Request, industry: String, shelf: GlossaryShelf) -> Notice? {
        let query = request.uri.queryParameters
        if query["unchanged"] != nil {
            return Notice(title: "Nothing to save: the concept was already like this.", lines: [], more: 0)
        }
        guard let saved = query["saved"].map(String.init), !saved.isEmpty,
            let entry = (try? shelf.library.changeLog(for: industry).entries())?.last(where: { $0.to.identifier == saved })
        else { return nil }
        let enforced = shelf.current?.versions[industry]?.identifier == saved
        let use = enforced ? "Translations use it from now on." : "This service does not translate with this glossary."
        let shown = 12
        return Notice(
            title: "Saved (\(entry.action)) as version \(saved). \(use)", lines: Array(entry.changes.prefix(shown)),
            more: max(0, entry.changes.count - shown))
    }

    /// Whether a concept's id, note or any term contains the folded query.
    static func concept(_ concept: Concept, contains folded: String) -> Bool {
        if ICU.accentFolded(concept.id).contains(folded) { return true }
        if let definition = concept.definition, ICU.accentFolded(definition).contains(folded) { return true }
        return concept.terms.values.contains { terms in terms.contains { ICU.accentFolded($0.text).contains(folded) } }
    }

    static func view(_ term: Term) -> TermView {
        var words: [String] = []
        if term.status != .preferred { words.append(term.status.rawValue) }
        if term.variant { words.append("variant") }
        if term.matchCase { words.append("match case") }
        if term.matchAccents { words.append("match accents") }
        return TermView(
            text: term.text, status: term.status.rawValue, preferred: term.status == .preferred, forbidden: term.status == .forbidden,
            label: words.isEmpty ? nil : words.joined(separator: ", "))
    }

    /// A language's English name ("Spanish"), or its tag when Parley does not know it.
    static func languageName(_ code: String) -> String {
        SupportedLanguage.matching(code).map { $0.tag.identifier == code ? $0.name : code } ?? code
    }
}
