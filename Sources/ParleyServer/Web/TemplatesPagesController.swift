internal import Foundation
internal import Hummingbird
internal import ParleyLanguage
internal import ParleyMessaging
internal import ParleyThreads

/// The templates page: a rep's own templates and the shared ones, each with its variables as
/// labelled fields and a preview in a language (`templates.js` calls
/// `POST /v1/templates/:id/preview`); a form to create, edit and delete one's own, and for admins
/// shared ones ("Shared with the team"). Every check and every permission is ``Messaging``'s, the
/// same as the JSON API's: a refused form is shown again with its message and what was typed.
struct TemplatesPagesController {
    let services: ParleyServices

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("templates", use: listPage)
        router.post("templates", use: create)
        router.get("templates/new", use: newPage)
        router.get("templates/:id", use: editPage)
        router.post("templates/:id", use: save)
        router.post("templates/:id/delete", use: delete)
    }

    // MARK: - Values the templates show

    struct VariableView {
        var name: String
        var label: String
        var placeholder: String
    }

    struct TemplateView {
        var id: String
        var name: String
        var text: String
        var shared: Bool
        var editable: Bool
        var variables: [VariableView]
        var hasVariables: Bool
    }

    struct LanguageOption {
        var code: String
        var name: String
        var selected: Bool
    }

    struct ListPage {
        var chrome: WebController.Chrome
        var templates: [TemplateView]
        var isEmpty: Bool
        var languages: [LanguageOption]
        var notice: String?
        var isAdmin: Bool
    }

    struct FormError {
        var title: String
        var detail: String
    }

    struct FormPage {
        var chrome: WebController.Chrome
        var isNew: Bool
        var id: String
        var action: String
        var name: String
        var text: String
        /// Admins choose, on a new template, whether every rep gets it.
        var canShare: Bool
        var shared: Bool
        var error: FormError?
        var maximumBytes: Int
    }

    struct TemplateForm: Decodable {
        var name: String?
        var text: String?
        var shared: String?
    }

    /// The language a preview starts in.
    static let defaultPreviewLanguage = "es"

    // MARK: - Pages

    /// `GET /templates`: the caller's templates and the shared ones.
    @Sendable func listPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await page(context) { session, messaging in
            let templates = try await messaging.templates(for: session.identity)
                .sorted { ($0.repID == nil ? 0 : 1, $0.name.lowercased()) < ($1.repID == nil ? 0 : 1, $1.name.lowercased()) }
            let asked = request.formQuery["language"] ?? Self.defaultPreviewLanguage
            // The languages contacts may have: those the engine translates into, by name.
            let languages = await messaging.languages().filter { $0.translatable && $0.tag.language != "en" }
            let page = ListPage(
                chrome: Self.chrome("Templates", session), templates: templates.map { Self.view($0, session.identity) },
                isEmpty: templates.isEmpty,
                languages: languages.map {
                    LanguageOption(code: $0.tag.description, name: $0.name, selected: $0.tag.description == asked)
                },
                notice: request.formQuery["done"].flatMap(Self.doneNotice), isAdmin: Self.isAdmin(session))
            return try WebTemplates.page("templates", page)
        }
    }

    /// `GET /templates/new`: the form for a new template.
    @Sendable func newPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await page(context) { session, _ in
            try Self.form(session, id: nil, name: "", text: "", shared: Self.isAdmin(session), error: nil)
        }
    }

    /// `POST /templates`: creates the template, or shows the form again with why not.
    @Sendable func create(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.read(request)
        return try await page(context) { session, messaging in
            let shared: Bool? = Self.isAdmin(session) ? form.shared != nil : nil
            do throws(MessagingError) {
                _ = try await messaging.createTemplate(name: form.name ?? "", text: form.text ?? "", shared: shared, by: session.identity)
            } catch {
                return try Self.refused(error, session, id: nil, form: form, shared: shared ?? false)
            }
            return Response.redirect(to: "/templates?done=created", type: .found)
        }
    }

    /// `GET /templates/:id`: the form for a template the caller may change.
    @Sendable func editPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await page(context) { session, messaging in
            let template = try await editable(context, session, messaging)
            return try Self.form(session, id: template.id, name: template.name, text: template.text, shared: template.repID == nil, error: nil)
        }
    }

    /// `POST /templates/:id`: saves the template, or shows the form again with why not.
    @Sendable func save(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.read(request)
        return try await page(context) { session, messaging in
            let template = try await editable(context, session, messaging)
            do throws(MessagingError) {
                _ = try await messaging.updateTemplate(template.id, name: form.name ?? "", text: form.text ?? "", by: session.identity)
            } catch {
                return try Self.refused(error, session, id: template.id, form: form, shared: template.repID == nil)
            }
            return Response.redirect(to: "/templates?done=saved", type: .found)
        }
    }

    /// `POST /templates/:id/delete`: deletes the template (the page's script asks first).
    @Sendable func delete(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await page(context) { session, messaging in
            let template = try await editable(context, session, messaging)
            try await messaging.deleteTemplate(template.id, by: session.identity)
            return Response.redirect(to: "/templates?done=deleted", type: .found)
        }
    }

    // MARK: - Parts

    /// The template the path names, when the caller may change it; a 404 or 403 page otherwise.
    func editable(_ context: ParleyRequestContext, _ session: WebSessions.Session, _ messaging: Messaging) async throws -> StoredTemplate {
        guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else { throw Self.noSuchTemplate }
        let template = try await messaging.visibleTemplate(id, by: session.identity)
        guard Messaging.mayEdit(template, by: session.identity) else {
            throw Problem(.forbidden, "Not your template", detail: "Reps change only their own templates; shared ones are an admin's. Use it from a thread as it is.")
        }
        return template
    }

    static func form(
        _ session: WebSessions.Session, id: UUID?, name: String, text: String, shared: Bool, error: FormError?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let page = FormPage(
            chrome: chrome(id == nil ? "New template" : name, session), isNew: id == nil, id: id?.uuidString ?? "",
            action: id.map { "/templates/\($0.uuidString)" } ?? "/templates", name: name, text: text,
            canShare: id == nil && isAdmin(session), shared: shared, error: error, maximumBytes: Messaging.maximumTemplateBytes)
        return try WebTemplates.page("template-form", page, status: status)
    }

    /// The form again, with the workflow's refusal and what was typed.
    static func refused(_ error: MessagingError, _ session: WebSessions.Session, id: UUID?, form: TemplateForm, shared: Bool) throws -> Response {
        let problem = Problem(error)
        return try Self.form(
            session, id: id, name: form.name ?? "", text: form.text ?? "", shared: shared,
            error: FormError(title: problem.title, detail: problem.detail), status: problem.status)
    }

    static func read(_ request: Request) async throws -> TemplateForm {
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        return (try? URLEncodedFormDecoder().decode(TemplateForm.self, from: String(buffer: body))) ?? TemplateForm()
    }

    static func view(_ template: StoredTemplate, _ identity: Identity) -> TemplateView {
        let variables = TemplateVariable.variables(in: template.text).map {
            VariableView(name: $0.name, label: $0.label, placeholder: $0.placeholder)
        }
        return TemplateView(
            id: template.id.uuidString, name: template.name, text: template.text, shared: template.repID == nil,
            editable: Messaging.mayEdit(template, by: identity), variables: variables, hasVariables: !variables.isEmpty)
    }

    static func doneNotice(_ done: String) -> String? {
        switch done {
        case "created": "Template created."
        case "saved": "Template saved."
        case "deleted": "Template deleted."
        default: nil
        }
    }

    static func isAdmin(_ session: WebSessions.Session) -> Bool {
        if case .admin = session.identity { return true }
        return false
    }

    static func chrome(_ title: String, _ session: WebSessions.Session) -> WebController.Chrome {
        var chrome = WebController.Chrome(title: title, session: session)
        chrome.pageCSS = AssetsController.url("templates.css")
        chrome.pageJS = AssetsController.url("templates.js")
        return chrome
    }

    static let noSuchTemplate = Problem(
        .notFound, "No such template", detail: "There is no template with this id among yours and the shared ones. Pick one on the templates page.")

    /// Runs a page for a signed-in person of a service with a store; problems become HTML pages.
    func page(
        _ context: ParleyRequestContext, _ body: (WebSessions.Session, Messaging) async throws -> Response
    ) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        do {
            return try await body(session, try services.requireMessaging())
        } catch let problem as Problem {
            return try WebController.errorPage(problem, session: session)
        } catch let error as MessagingError {
            return try WebController.errorPage(Problem(error), session: session)
        }
    }
}
