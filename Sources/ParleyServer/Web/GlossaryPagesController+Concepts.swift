internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import ParleyGlossary
internal import ParleyLanguage

extension GlossaryPagesController {
    // MARK: - Values the templates show

    struct TermRowView {
        /// The row's number in the field names; `__N__` in the template rows `admin.js` copies.
        var index: String
        var language: String
        var languageName: String
        var text: String
        var statuses: [Option]
        var variant: Bool
        var matchCase: Bool
        var matchAccents: Bool
        var remove: Bool
        /// Whether the row adds a term in a language chosen from `languages`.
        var choosing: Bool
        var languages: [Option]
    }

    struct LanguageGroup {
        var code: String
        var name: String
        var rows: [TermRowView]
        var dropped: Bool
    }

    struct ConceptPage {
        var chrome: WebController.Chrome
        var industry: String
        var isNew: Bool
        var conceptID: String
        var action: String
        var baseVersion: String
        var definition: String
        var partsOfSpeech: [Option]
        var doNotTranslate: Bool
        var groups: [LanguageGroup]
        var newRows: [TermRowView]
        var templateRow: TermRowView
        var nextRow: Int
        /// What the last save did.
        var notice: Notice?
        /// Why the form was refused.
        var error: Notice?
        /// The glossary moved on since the form was read: what others changed…
        var conflict: Notice?
        /// …and what this admin's edit would change against the current version.
        var yourEdit: Notice?
    }

    struct DeletePage {
        var chrome: WebController.Chrome
        var industry: String
        var conceptID: String
        var baseVersion: String
        var languages: [LanguageTerms]
        var conflict: Notice?
    }

    /// The form that deletes a concept.
    struct DeleteForm: Decodable {
        var baseVersion: String?
    }

    // MARK: - Pages

    /// `GET /admin/glossaries/:industry/concepts/new`: the form for a new concept.
    @Sendable func newConceptPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            let glossary = try GlossaryController.existing(industry, in: shelf)
            let form = ConceptForm(concept: nil, baseVersion: glossary.version.identifier)
            return try renderConcept(session, industry: industry, id: nil, form: form)
        }
    }

    /// `POST /admin/glossaries/:industry/concepts`: adds the concept, then on to its page; or the
    /// form again with what was wrong.
    @Sendable func createConcept(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        return try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            var form = try ConceptForm(posted: String(buffer: body))
            do {
                let author = try await glossaries.admin(context)
                let (edit, id) = try await glossaries.createConcept(
                    try form.input(), in: industry, on: shelf, by: author, expecting: Self.expected(form), context: context)
                return Response.redirect(to: Self.savedURL(Self.conceptURL(industry, id), edit))
            } catch let problem as Problem {
                guard GlossaryController.isStale(problem) else {
                    return try renderConcept(
                        session, industry: industry, id: nil, form: form, error: Self.notice(problem), status: problem.status)
                }
                // A new concept overwrites nothing: keep what was typed, on the current version.
                let current = try GlossaryController.existing(industry, in: shelf)
                let conflict = try Self.conflictNotice(industry, shelf: shelf, since: form.baseVersion, conceptID: nil)
                form.baseVersion = current.version.identifier
                return try renderConcept(session, industry: industry, id: nil, form: form, conflict: conflict, status: .conflict)
            }
        }
    }

    /// `GET /admin/glossaries/:industry/concepts/:id`: the concept's edit form (and what the last
    /// save did, `?saved=VERSION`).
    @Sendable func editConceptPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            let id = context.parameters.get("id") ?? ""
            let glossary = try GlossaryController.existing(industry, in: shelf)
            guard let concept = glossary[conceptID: id] else { throw GlossaryController.noConcept(id, industry) }
            return try renderConcept(
                session, industry: industry, id: id, form: ConceptForm(concept: concept, baseVersion: glossary.version.identifier),
                notice: savedNotice(request, industry: industry, shelf: shelf))
        }
    }

    /// `POST /admin/glossaries/:industry/concepts/:id`: replaces the concept with the form, then
    /// back to its page with what changed (Post/Redirect/Get); the form again with what was wrong;
    /// or, when someone else changed the glossary since the form was read, the current version
    /// with their changes and what this edit would change.
    @Sendable func saveConcept(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        return try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            let id = context.parameters.get("id") ?? ""
            let form = try ConceptForm(posted: String(buffer: body))
            do {
                let author = try await glossaries.admin(context)
                let edit = try await glossaries.replaceConcept(
                    id, with: try form.input(), in: industry, on: shelf, by: author, expecting: Self.expected(form), context: context)
                return Response.redirect(to: Self.savedURL(Self.conceptURL(industry, id), edit))
            } catch let problem as Problem {
                if problem.status == .notFound { throw problem }
                guard GlossaryController.isStale(problem) else {
                    return try renderConcept(
                        session, industry: industry, id: id, form: form, error: Self.notice(problem), status: problem.status)
                }
                let current = try GlossaryController.existing(industry, in: shelf)
                guard let concept = current[conceptID: id] else {
                    throw Problem(
                        .conflict, "Concept deleted",
                        detail: "Someone else deleted \(id) from the \(industry) glossary while you were editing it; "
                            + "your changes were not saved.")
                }
                let conflict = try Self.conflictNotice(industry, shelf: shelf, since: form.baseVersion, conceptID: id)
                var yourEdit: Notice?
                if let mine = try? form.input().concept(id: id) {
                    let lines = GlossaryDiff(
                        from: Glossary(industry: industry, concepts: [concept]), to: Glossary(industry: industry, concepts: [mine])
                    ).changes
                    let title = lines.isEmpty
                        ? "Your edit matches the current version: nothing to do." : "Your edit, not saved, against the current version:"
                    yourEdit = Notice(title: title, lines: lines, more: 0)
                }
                return try renderConcept(
                    session, industry: industry, id: id, form: ConceptForm(concept: concept, baseVersion: current.version.identifier),
                    conflict: conflict, yourEdit: yourEdit, status: .conflict)
            }
        }
    }

    /// `GET /admin/glossaries/:industry/concepts/:id/delete`: asks before deleting.
    @Sendable func deleteConceptPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            let id = context.parameters.get("id") ?? ""
            let glossary = try GlossaryController.existing(industry, in: shelf)
            guard let concept = glossary[conceptID: id] else { throw GlossaryController.noConcept(id, industry) }
            return try Self.renderDelete(session, industry: industry, concept: concept, baseVersion: glossary.version.identifier)
        }
    }

    /// `POST /admin/glossaries/:industry/concepts/:id/delete`: deletes the concept, then back to the
    /// glossary; when the glossary changed since the question was asked, the question again.
    @Sendable func deleteConcept(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        return try await asAdmin(context) { session in
            let (shelf, industry) = try glossaries.target(context)
            let id = context.parameters.get("id") ?? ""
            let base = (try? URLEncodedFormDecoder().decode(DeleteForm.self, from: String(buffer: body)))?.baseVersion ?? ""
            do {
                let author = try await glossaries.admin(context)
                let edit = try await glossaries.deleteConcept(
                    id, in: industry, on: shelf, by: author, expecting: base.isEmpty ? [] : [base], context: context)
                return Response.redirect(to: Self.savedURL("/admin/glossaries/\(industry)", edit))
            } catch let problem as Problem {
                guard GlossaryController.isStale(problem) else { throw problem }
                let current = try GlossaryController.existing(industry, in: shelf)
                guard let concept = current[conceptID: id] else { throw GlossaryController.noConcept(id, industry) }
                return try Self.renderDelete(
                    session, industry: industry, concept: concept, baseVersion: current.version.identifier,
                    conflict: try Self.conflictNotice(industry, shelf: shelf, since: base, conceptID: id), status: .conflict)
            }
        }
    }

    // MARK: - Rendering

    func renderConcept(
        _ session: WebSessions.Session, industry: String, id: String?, form: ConceptForm, notice: Notice? = nil, error: Notice? = nil,
        conflict: Notice? = nil, yourEdit: Notice? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let statuses = Term.Status.allCases.map(\.rawValue)
        let languages = SupportedLanguage.all.sorted { $0.name < $1.name }.map { ($0.tag.identifier, "\($0.name) (\($0.tag.identifier))") }
        func row(_ row: ConceptForm.Row?, index: String, choosing: Bool) -> TermRowView {
            let language = row?.language ?? ""
            let status = row?.status ?? Term.Status.preferred.rawValue
            return TermRowView(
                index: index, language: language, languageName: Self.languageName(language), text: row?.text ?? "",
                statuses: statuses.map { Option(value: $0, label: $0, selected: $0 == status) }, variant: row?.variant ?? false,
                matchCase: row?.matchCase ?? false, matchAccents: row?.matchAccents ?? false, remove: row?.remove ?? false,
                choosing: choosing,
                languages: choosing ? [Option(value: "", label: "Language…", selected: language.isEmpty)]
                    + languages.map { Option(value: $0.0, label: $0.1, selected: $0.0 == language) } : [])
        }
        let filled = form.filledRows
        let groups = ConceptForm.ordered(filled.map(\.language).filter { !$0.isEmpty }).map { code in
            LanguageGroup(
                code: code, name: Self.languageName(code),
                rows: filled.filter { $0.language == code }.map { row($0, index: String($0.index), choosing: false) },
                dropped: form.droppedLanguages.contains(code))
        }
        // Rows that add terms: any filled in without a language (refused), then blank ones; a new
        // concept starts with three, the first in English.
        var next = (form.rows.map(\.index).max() ?? -1) + 1
        var newRows = filled.filter { $0.language.isEmpty }.map { row($0, index: String($0.index), choosing: true) }
        let startsEmpty = id == nil && filled.isEmpty
        while newRows.count < (startsEmpty ? 3 : 2) {
            let language = startsEmpty && newRows.isEmpty ? "en" : ""
            let blank = ConceptForm.Row(index: next, language: language, text: "", status: Term.Status.preferred.rawValue)
            newRows.append(row(blank, index: String(next), choosing: true))
            next += 1
        }
        var chrome = Self.chrome(id ?? "New concept", session)
        if id == nil { chrome.title = "New concept · \(industry)" }
        let page = ConceptPage(
            chrome: chrome, industry: industry, isNew: id == nil, conceptID: id ?? form.id ?? "",
            action: id.map { Self.conceptURL(industry, $0) } ?? "/admin/glossaries/\(industry)/concepts", baseVersion: form.baseVersion,
            definition: form.definition,
            partsOfSpeech: PartOfSpeech.allCases.map {
                Option(
                    value: $0.rawValue, label: $0 == .properNoun ? "proper noun" : $0.rawValue, selected: $0.rawValue == form.partOfSpeech)
            },
            doNotTranslate: form.doNotTranslate, groups: groups, newRows: newRows, templateRow: row(nil, index: "__N__", choosing: true),
            nextRow: next, notice: notice, error: error, conflict: conflict, yourEdit: yourEdit)
        return try WebTemplates.page("glossary-concept", page, status: status)
    }

    static func renderDelete(
        _ session: WebSessions.Session, industry: String, concept: Concept, baseVersion: String, conflict: Notice? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let languages = concept.terms.keys.sorted { ConceptForm.precedes($0.identifier, $1.identifier) }.map { tag in
            LanguageTerms(code: tag.identifier, name: languageName(tag.identifier), terms: (concept.terms[tag] ?? []).map(view))
        }
        let page = DeletePage(
            chrome: chrome("Delete \(concept.id)", session), industry: industry, conceptID: concept.id, baseVersion: baseVersion,
            languages: languages, conflict: conflict)
        return try WebTemplates.page("glossary-delete", page, status: status)
    }

    // MARK: - Shared

    /// The versions a form's edit starts from.
    static func expected(_ form: ConceptForm) -> [String] {
        form.baseVersion.isEmpty ? [] : [form.baseVersion]
    }

    /// Where a save sends the browser: `page` with what the save did.
    static func savedURL(_ page: String, _ edit: GlossaryShelf.Edit) -> String {
        guard edit.entry != nil else { return page + "?unchanged=1" }
        let version = edit.after.version.identifier
        let allowed = CharacterSet.alphanumerics.union(["-", "_", ".", "~", ":"])
        return page + "?saved=" + (version.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// A refused form's problem, with the validator's issues one per line.
    static func notice(_ problem: Problem) -> Notice {
        let issues = (problem.issues ?? []).map { issue in
            [issue.term.map { "'\($0)'" }, issue.message].compactMap { $0 }.joined(separator: ": ")
        }
        return Notice(title: issues.isEmpty ? problem.detail : "Nothing was saved:", lines: issues, more: 0)
    }

    /// What others changed since `base`, from the change log, for an admin whose form is stale.
    static func conflictNotice(_ industry: String, shelf: GlossaryShelf, since base: String, conceptID: String?) throws -> Notice {
        let log = try changeLog(industry, in: shelf)
        let start = log.lastIndex { $0.to.identifier == base }.map { $0 + 1 } ?? max(0, log.count - 5)
        var lines: [String] = []
        for entry in log[start...] {
            let time = WebController.time(entry.at).shown
            let changes = entry.changes.isEmpty ? [entry.action] : entry.changes
            lines += changes.map { "\(entry.by), \(time): \($0)" }
        }
        let shown = 12
        let subject = conceptID.map { "Your changes to \($0) were not saved; below is the current version." }
            ?? "Check that your concept still fits, then save again."
        return Notice(
            title: "Someone else changed this glossary since you opened this page. \(subject)", lines: Array(lines.prefix(shown)),
            more: max(0, lines.count - shown))
    }
}
